"""Optional Python modules: the pinned onnxruntime, its folder in the QGIS profile, pip's command.

QGIS brings numpy, scipy and GDAL with its own Python; onnxruntime (the neural tools) it does
not. SAR Height installs the pinned onnxruntime with ``pip install --target`` into a folder of
the user's QGIS profile (one per Python version, ``<profile>/python/sar_height_deps/python3.11``)
and appends that folder to ``sys.path`` when the plugin loads. Nothing else is installed
(``--no-deps``): onnxruntime needs only numpy to run, and a second numpy in that folder could
shadow the one QGIS's GDAL and scipy were built against. The other requirements onnxruntime
declares (coloredlogs, flatbuffers, packaging, protobuf, sympy) serve its model tools, which
SAR Height does not use.

Pure Python (no QGIS): the QGIS layer passes in the profile folder and the wheel source.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, NamedTuple, Sequence

MODULE = "onnxruntime"
# (first Python covered, first Python no longer covered, onnxruntime release). The bundled
# models are ONNX IR 8 / opset 17, which every release listed runs.
ONNXRUNTIME_PINS = (
    ((3, 8), (3, 10), "1.19.2"),  # the last release with wheels for Python 3.8 and 3.9
    ((3, 10), (3, 11), "1.23.1"),  # 1.23.2 has no macOS wheels for Python 3.10
    ((3, 11), (3, 14), "1.23.2"),  # the release the bundled models are tested with
    ((3, 14), (3, 15), "1.24.3"),  # the first release with wheels for Python 3.14
)
FOLDER_NAME = "sar_height_deps"
# Wheel folders (os.pathsep-separated) to install from instead of the package index: offline
# machines and tests. The same can be set in the QGIS setting WHEELS_SETTING.
WHEELS_ENV = "SAR_HEIGHT_WHEELS"
WHEELS_SETTING = "SarHeight/wheelFolders"
# Extra environment for pip's process: no questions, no version check, output as it comes.
PIP_ENVIRONMENT = {"PIP_NO_INPUT": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                   "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
# What the About dialog lists: (name shown, module imported).
DEPENDENCIES = (("numpy", "numpy"), ("scipy", "scipy"), ("GDAL", "osgeo.gdal"),
                ("onnxruntime", "onnxruntime"))
CHECK_MARK = "SAR_HEIGHT_CHECK "
# Run by the found Python after pip: import onnxruntime from the target folder first.
CHECK_CODE = (
    "import json, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "try:\n"
    "    import onnxruntime\n"
    "    found = {'version': onnxruntime.__version__, 'file': onnxruntime.__file__}\n"
    "except Exception as exc:\n"
    "    found = {'error': '{0}: {1}'.format(type(exc).__name__, exc)}\n"
    "print(" + repr(CHECK_MARK) + " + json.dumps(found))\n"
)
PROBE_CODE = (
    "import importlib.util, json, sys\n"
    "print(json.dumps({'version': list(sys.version_info[:3]), 'platform': sys.platform,\n"
    "                  'bits64': sys.maxsize > 2 ** 32,\n"
    "                  'pip': importlib.util.find_spec('pip') is not None}))\n"
)
PROBE_TIMEOUT_S = 30
# pip's output lines that start a stage of the installation (prefix -> stage number).
PIP_STAGES = (("Looking in", 1), ("Collecting", 1), ("Processing", 1), ("Downloading", 2),
              ("Installing collected packages", 3), ("Successfully installed", 4))
STAGE_COUNT = 5  # finding, downloading, installing, installed, checked


RUNNING_VERSION = tuple(sys.version_info[:3])


def pinned_version(version_info: Sequence[int] = RUNNING_VERSION) -> str | None:
    """Return the onnxruntime release pinned for this Python, or None where none is pinned."""
    key = tuple(version_info[:2])
    for first, beyond, version in ONNXRUNTIME_PINS:
        if first <= key < beyond:
            return version
    return None


def target_folder(settings_dir: str, version_info: Sequence[int] = RUNNING_VERSION) -> str:
    """Return the folder for onnxruntime in the QGIS profile ``settings_dir``.

    ``<profile>/python/sar_height_deps/python3.11``: one folder per Python version, since the
    compiled module fits one version only (a QGIS upgrade to a new Python starts afresh).
    """
    return os.path.join(settings_dir, "python", FOLDER_NAME,
                        "python{0}.{1}".format(*version_info[:2]))


def add_folder(folder: str) -> bool:
    """Append ``folder`` to ``sys.path`` if it exists and is not there yet; return whether it is.

    Appended, not prepended: a module QGIS already has (numpy above all) is never shadowed.
    """
    if not os.path.isdir(folder):
        return False
    if folder not in sys.path:
        sys.path.append(folder)
        importlib.invalidate_caches()
    return True


def wheel_sources(environ: dict[str, str] | None = None, setting: str = "") -> tuple[str, ...]:
    """Return the wheel folders to install from: SAR_HEIGHT_WHEELS, else the QGIS setting.

    Several are separated by os.pathsep (as in PATH; a URL's "://" does not split it). Folders
    are made absolute (pip runs in QGIS's working folder); URLs are kept.
    """
    value = (os.environ if environ is None else environ).get(WHEELS_ENV, "") or setting or ""
    pieces = re.split(re.escape(os.pathsep) + "(?!//)", str(value))
    parts = [part.strip() for part in pieces if part.strip()]
    return tuple(part if "://" in part else os.path.abspath(part) for part in parts)


# -- the Python that runs QGIS -------------------------------------------------------------------
@dataclass(frozen=True)
class Runtime:
    """What identifies the running Python; defaults: this process's."""

    executable: str = sys.executable
    exec_prefix: str = sys.exec_prefix
    base_exec_prefix: str = sys.base_exec_prefix
    platform: str = sys.platform
    version: tuple[int, ...] = RUNNING_VERSION
    bits64: bool = sys.maxsize > 2 ** 32


class FoundPython(NamedTuple):
    """A Python interpreter of the running version: its path and whether it has pip."""

    path: str
    has_pip: bool


def python_candidates(runtime: Runtime | None = None,
                      which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """Return the interpreters to try, most likely first, existing files only, no duplicates.

    Inside QGIS ``sys.executable`` is QGIS itself on Linux and Windows (``/usr/bin/qgis``,
    ``qgis-bin.exe``), so the interpreter is looked for next to the running Python's
    installation (``sys.exec_prefix``: ``/usr/bin/python3.11``, OSGeo4W's
    ``apps/Python39/python.exe``, QGIS.app's ``Contents/MacOS/bin/python3``), then taken from
    ``sys.executable`` when that is a Python, then from ``PATH``. ``PATH`` may hold another
    Python of the same version (pyenv, conda): find_python checks every candidate.
    """
    runtime = runtime or Runtime()
    major, minor = runtime.version[:2]
    names = ["python{0}.{1}".format(major, minor), "python{0}".format(major), "python"]
    paths = []
    for prefix in (runtime.exec_prefix, runtime.base_exec_prefix):
        if runtime.platform == "win32":
            paths += [os.path.join(prefix, name + ".exe") for name in ("python", "python3")]
        else:
            paths += [os.path.join(prefix, "bin", name) for name in names]
    if os.path.basename(runtime.executable).lower().startswith("python"):
        paths.append(runtime.executable)
    paths += [found for found in map(which, names) if found]
    unique, seen = [], set()
    for path in paths:
        real = os.path.normcase(os.path.realpath(path))
        if os.path.isfile(path) and real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


def _hidden_console() -> dict[str, Any]:
    """Return subprocess keywords that keep a console window from flashing up on Windows."""
    return {"creationflags": 0x08000000} if sys.platform == "win32" else {}  # CREATE_NO_WINDOW


def probe_python(path: str) -> dict[str, Any] | None:
    """Ask the interpreter ``path`` for its version, platform, word size and pip; None if mute."""
    try:
        result = subprocess.run([path, "-c", PROBE_CODE], capture_output=True, text=True,
                                timeout=PROBE_TIMEOUT_S, **_hidden_console())
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def find_python(runtime: Runtime | None = None,
                probe: Callable[[str], dict[str, Any] | None] = probe_python,
                which: Callable[[str], str | None] = shutil.which) -> FoundPython | None:
    """Return the interpreter pip runs in: same Python version, platform and word size as QGIS.

    The first candidate with pip wins; without any, the first of the right version (has_pip
    False); None when no candidate is of the running version.
    """
    runtime = runtime or Runtime()
    without_pip = None
    for path in python_candidates(runtime, which):
        answer = probe(path)
        if not answer or tuple(answer.get("version", ()))[:2] != tuple(runtime.version[:2]):
            continue
        if answer.get("platform") != runtime.platform or answer.get("bits64") != runtime.bits64:
            continue
        if answer.get("pip"):
            return FoundPython(path, True)
        without_pip = without_pip or FoundPython(path, False)
    return without_pip


@lru_cache(maxsize=4)
def cached_python(runtime: Runtime | None = None) -> FoundPython | None:
    """Return find_python's answer, remembered for the session (it starts a process a candidate)."""
    return find_python(runtime)


# -- the installation --------------------------------------------------------------------------
@dataclass(frozen=True)
class InstallPlan:
    """How to install onnxruntime: interpreter, target folder, requirement and wheel folders.

    ``python`` is None where no interpreter of the running version was found (the command
    then says ``python3``); ``pinned`` is False where no release is pinned for this Python (the
    requirement is then the bare name: pip picks the newest release that has a wheel).
    """

    python: str | None
    has_pip: bool
    target: str
    requirement: str
    pinned: bool = True
    sources: tuple[str, ...] = field(default=())

    @property
    def problem(self) -> str:
        """Return '' when the plan can run, else 'no-python' or 'no-pip'."""
        if self.python is None:
            return "no-python"
        return "" if self.has_pip else "no-pip"

    def pip_args(self) -> list[str]:
        """Return the pip command as a list, the interpreter first.

        ``--upgrade`` lets pip replace an earlier installation in the folder; with wheel
        folders, pip looks nowhere else (``--no-index``).
        """
        args = [self.python or "python3", "-m", "pip", "install", "--upgrade", "--no-deps",
                "--target", self.target]
        if self.sources:
            args.append("--no-index")
            for source in self.sources:
                args += ["--find-links", source]
        return args + [self.requirement]

    def command_text(self) -> str:
        """Return pip's command as one line to paste into a shell (quoted for this system)."""
        return command_line(self.pip_args())

    def check_args(self) -> list[str]:
        """Return the command that imports onnxruntime from the target folder and reports it."""
        return [self.python or "python3", "-c", CHECK_CODE, self.target]


def install_plan(settings_dir: str, sources: Sequence[str] = (),
                 runtime: Runtime | None = None,
                 python: FoundPython | None = None) -> InstallPlan:
    """Return the plan for the profile ``settings_dir`` (the interpreter is found unless given)."""
    runtime = runtime or Runtime()
    found = python if python is not None else cached_python(runtime)
    version = pinned_version(runtime.version)
    return InstallPlan(
        python=found.path if found else None, has_pip=bool(found and found.has_pip),
        target=target_folder(settings_dir, runtime.version),
        requirement="{0}=={1}".format(MODULE, version) if version else MODULE,
        pinned=version is not None, sources=tuple(sources))


def command_line(args: Sequence[str], platform: str = sys.platform) -> str:
    """Join ``args`` into a command line quoted for the shell of ``platform``."""
    if platform == "win32":
        return subprocess.list2cmdline(list(args))
    import shlex

    return " ".join(shlex.quote(arg) for arg in args)


def pip_stage(line: str) -> int | None:
    """Return the stage (1 finding .. 4 installed) a line of pip's output starts, else None."""
    text = line.strip()
    for prefix, stage in PIP_STAGES:
        if text.startswith(prefix):
            return stage
    return None


def parse_check(output: str, target: str) -> tuple[str | None, str]:
    """Read the check's output: (onnxruntime version or None, where it was found or why not)."""
    for line in reversed(output.splitlines()):
        if line.startswith(CHECK_MARK):
            try:
                found = json.loads(line[len(CHECK_MARK):])
            except ValueError:
                break
            if "version" in found:
                return str(found["version"]), str(found.get("file", ""))
            return None, str(found.get("error", ""))
    return None, output.strip()[-500:]


def inside(path: str, folder: str) -> bool:
    """Return True when ``path`` lies in ``folder`` (both resolved)."""
    path, folder = (os.path.normcase(os.path.realpath(p)) for p in (path, folder))
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # other drive on Windows
        return False


def module_versions(modules: Sequence[tuple[str, str]] = DEPENDENCIES,
                    folder: str | None = None) -> list[dict[str, Any]]:
    """Return, per (name, module), a dict: name, version (None: missing), error, in_folder.

    Each module is imported (its version is what QGIS's Python really loads); ``in_folder`` is
    True when it comes from ``folder`` (the plugin's dependency folder).
    """
    rows = []
    for name, module_name in modules:
        row: dict[str, Any] = {"name": name, "version": None, "error": "", "in_folder": False}
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # a broken installation raises more than ImportError
            missing = (isinstance(exc, ModuleNotFoundError)
                       and exc.name in (module_name, module_name.split(".")[0]))
            row["error"] = "" if missing else "{0}: {1}".format(type(exc).__name__, exc)
        else:
            row["version"] = str(getattr(module, "__version__", "") or "?")
            location = getattr(module, "__file__", None) or ""
            row["in_folder"] = bool(folder and location and inside(location, folder))
        rows.append(row)
    return rows
