"""One function in a fresh Python process, its JSON result back: the benchmarks' child runs.

A benchmark case runs in its own process so that the peak resident memory it reports
(``peak_mb``, VmHWM) is that case's own, not the parent's or an earlier case's.
``run_in_child(function, *args)`` starts ``python -m sar_height.benchmarks.harness`` with the
function's module and name and the JSON of ``args``; the child calls the function and prints
the JSON of what it returns as its last line of standard output.
"""
import importlib
import json
import os
import resource
import subprocess
import sys

HARNESS = "sar_height.benchmarks.harness"  # this module's name when run with -m


class ChildFailed(RuntimeError):
    """The child process exited with an error; ``stderr`` holds its output."""

    def __init__(self, target, stderr):
        super().__init__(f"{target} failed:\n{stderr}")
        self.stderr = stderr


def peak_mb():
    """Return the peak resident memory of this process in MiB (VmHWM).

    Unlike ru_maxrss, VmHWM is not inherited from the parent that forked it, so each benchmark
    child reports its own; ru_maxrss is the fallback where /proc has no VmHWM.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _target(function):
    """'module:name' of ``function``, also when its module runs as __main__ (python -m)."""
    module = function.__module__
    if module == "__main__":
        module = sys.modules["__main__"].__spec__.name
    return f"{module}:{function.__qualname__}"


def run_in_child(function, *args, env=None):
    """``function(*args)`` in a fresh Python process; returns its result through JSON.

    ``args`` and the result must be JSON values (paths as str). ``env``: variables to set in
    the child on top of this process's environment. Raises ChildFailed if the child fails.
    """
    target = _target(function)
    result = subprocess.run([sys.executable, "-m", HARNESS, target, json.dumps(args)],
                            capture_output=True, text=True,
                            env=dict(os.environ, **env) if env else None)
    if result.returncode != 0:
        raise ChildFailed(target, result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    """Run the child: call ``module:name`` with the JSON list of arguments, print the result.

    ``argv`` (default: sys.argv[1:]) is [``module:name``, JSON list of arguments]; the JSON
    of the result is printed as the last line of standard output.
    """
    target, args = argv or sys.argv[1:]
    module, name = target.split(":")
    function = getattr(importlib.import_module(module), name)
    print(json.dumps(function(*json.loads(args))))


if __name__ == "__main__":
    main()
