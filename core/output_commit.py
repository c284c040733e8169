"""All-or-nothing output files: hidden temporaries, one commit, stale-temporary cleanup.

Every writer of the plugin creates its outputs through an :class:`OutputSet`:

* ``set.temporary(target)`` gives a hidden path next to the target (same folder, so the
  final rename is atomic on one file system) named
  ``.<target name>.sarheight-<host>-<pid>-<start>-<random>.partial<ext>``;
  ``set.scratch(name)`` gives a path of the same form in the system temporary folder for
  files that are no output (accumulators, resampled inputs).
* ``set.commit()`` first checks every target (not a folder, folder exists and is
  writable), then moves the old targets and their GDAL sidecars aside, renames the new files
  in, and only then deletes the old ones. When any step fails, every old target is put back
  and the new files are removed: the user keeps the complete old set or gets the complete
  new set. Failures raise :class:`OutputError` with a message naming the target.
* ``set.discard()`` deletes everything the set created.

The name carries the owner (host, process id and process start) so that the next run in a
folder can delete the temporaries of runs that were killed (:func:`remove_stale`) without
touching those of a run still going on, in this process or in another one.
"""
import os
import re
import secrets
import socket
import sys
import tempfile
import threading
import time
import zlib
from typing import Iterable, Optional, Sequence

SIDECARS = ("", ".aux.xml", ".ovr", ".msk")  # GDAL files that describe a raster
MARKER = "sarheight"
# Undecidable owners (other host, no process table): a temporary whose file has not
# changed for this long before the current run started is stale. Outputs are written and
# flushed tile row by tile row, so a live run touches its files far more often than this.
STALE_AGE_S = 24 * 3600.0
_NAME = re.compile(
    r"^\.(?P<base>.+)\.%s-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-(?P<start>\d+)-[0-9a-f]{8}"
    r"\.(?P<kind>partial|scratch|old)(?P<ext>\.[^/\\]*)?$" % MARKER)
# Versions before this module: ".<target>.<8 hex>.partial.tif" / ".scratch.tif", no owner.
_LEGACY_NAME = re.compile(r"^\..+\.[0-9a-f]{8}\.(partial|scratch)(\.tif)?(\.aux\.xml)?$")


class OutputError(Exception):
    """An output cannot be created or committed; the message names the target and the fix."""


# -- owner of a temporary ------------------------------------------------------------------------
def _host_tag() -> str:
    return "%08x" % (zlib.crc32(socket.gethostname().encode("utf-8", "replace")) & 0xFFFFFFFF)


def _linux_start_ticks(pid: int) -> Optional[int]:
    """Start time of process ``pid`` in clock ticks since boot (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: split after the last ')'
    fields = stat[stat.rfind(")") + 2:].split()
    try:
        return int(fields[19])  # field 22 of proc(5): starttime
    except (IndexError, ValueError):
        return None


_HOST = _host_tag()
_PID = os.getpid()
# The start stamp tells a reused process id from the original owner where the process table
# can be read (Linux); elsewhere the time this module was loaded stands for it.
_START = _linux_start_ticks(_PID) if sys.platform.startswith("linux") else None
if _START is None:
    _START = int(time.time())
_LIVE: set[str] = set()  # temporaries of unfinished OutputSets of this process
_LIVE_LOCK = threading.Lock()  # QGIS runs algorithms in several threads of one process


def _owner_alive(pid: int, start: int) -> Optional[bool]:
    """True/False when the owner's liveness can be decided on this host, else None."""
    if pid == _PID and start == _START:
        return True  # this process: the registry of live sets decides (see _is_stale)
    if sys.platform.startswith("linux"):
        if not os.path.isdir("/proc/self"):
            return None
        return _linux_start_ticks(pid) == start
    if os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return False
        except OSError:
            return True  # exists, owned by another user
        return True
    return None  # Windows: os.kill would terminate the process; fall back on the age


def _is_stale(path: str, match: Optional["re.Match[str]"], run_start: float) -> bool:
    if match is None:
        return _old(path, run_start)
    pid, start = int(match["pid"]), int(match["start"])
    if match["host"] == _HOST:
        if pid == _PID and start == _START:
            with _LIVE_LOCK:
                return path not in _LIVE and _base_path(path) not in _LIVE
        alive = _owner_alive(pid, start)
        if alive is not None:
            return not alive
    return _old(path, run_start)


def _old(path: str, run_start: float) -> bool:
    try:
        return os.path.getmtime(path) < run_start - STALE_AGE_S
    except OSError:
        return False


def _base_path(path: str) -> str:
    """Return the temporary a sidecar (``.aux.xml`` ...) belongs to (``path`` itself if none)."""
    for ext in SIDECARS[1:]:
        if path.endswith(ext):
            return path[:-len(ext)]
    return path


def remove_stale(folder: str, run_start: Optional[float] = None) -> list[str]:
    """Delete the temporaries in ``folder`` whose run has ended; return their paths.

    A stale ``.old`` file (an old output moved aside by a commit that was killed) is put
    back onto its target when that target is missing, else deleted. Never raises.
    """
    run_start = time.time() if run_start is None else run_start
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in sorted(names):
        match = _NAME.match(name)
        if match is None and not _LEGACY_NAME.match(name):
            continue
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or not _is_stale(path, match, run_start):
            continue
        try:
            target = os.path.join(folder, match["base"] + (match["ext"] or "")) \
                if match is not None and match["kind"] == "old" else None
            if target is not None and not os.path.lexists(target):
                os.replace(path, target)
            else:
                os.remove(path)
            removed.append(path)
        except OSError:
            pass  # e.g. held open on Windows: the next run tries again
    return removed


# -- names ---------------------------------------------------------------------------------------
def _hidden_name(base: str, kind: str, ext: str) -> str:
    token = f"{MARKER}-{_HOST}-{_PID}-{_START}-{secrets.token_hex(4)}"
    return f".{base}.{token}.{kind}{ext}"


def _extension(target: str) -> str:
    ext = os.path.splitext(target)[1]
    return ext if ext else ""


def _describe_oserror(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_target(target: str) -> None:
    """Raise OutputError when ``target`` cannot become an output file."""
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise OutputError(f"Cannot write {target}: a folder of that name exists. Choose "
                          f"another file name, or remove the folder.")
    if not os.path.isdir(folder):
        raise OutputError(f"Cannot write {target}: its folder {folder} does not exist. "
                          f"Create the folder, or choose an output in an existing one.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Cannot write {target}: the folder {folder} is not writable. "
                          f"Choose an output in a folder you may write to.")


class OutputSet:
    """Temporaries of one run's outputs, committed together (see the module docstring)."""

    def __init__(self) -> None:
        self.run_start = time.time()
        self._pairs: list[tuple[str, str]] = []  # (temporary, target)
        self._scratch: list[str] = []
        self._cleaned: set[str] = set()

    def _register(self, path: str) -> None:
        with _LIVE_LOCK:
            _LIVE.add(path)

    def _clean_once(self, folder: str) -> None:
        if folder not in self._cleaned:
            self._cleaned.add(folder)
            remove_stale(folder, self.run_start)

    def temporary(self, target: "str | os.PathLike[str]") -> str:
        """Return a new hidden path next to ``target`` (checked first), renamed onto it at commit.

        Raises OutputError when ``target`` cannot be written or is already a target of this set.
        """
        target = os.path.abspath(os.fspath(target))
        check_target(target)
        if target in self.targets():
            raise OutputError(f"Cannot write {target} twice in one run: give each output "
                              f"its own file name.")
        folder, base = os.path.split(target)
        self._clean_once(folder)
        path = os.path.join(folder, _hidden_name(base, "partial", _extension(target)))
        self._register(path)
        self._pairs.append((path, target))
        return path

    def scratch(self, name: str, ext: str = ".tif") -> str:
        """Return a new path in :func:`scratch_folder`, deleted at commit and discard."""
        folder = scratch_folder()
        self._clean_once(folder)
        path = os.path.join(folder, _hidden_name(os.path.basename(name), "scratch", ext))
        self._register(path)
        self._scratch.append(path)
        return path

    def targets(self) -> list[str]:
        """Return the absolute target paths of the set's temporaries, in creation order."""
        return [target for _, target in self._pairs]

    def discard(self) -> None:
        """Delete every temporary and scratch file of the set (missing ones are fine)."""
        for path in [p for p, _ in self._pairs] + self._scratch:
            remove_with_sidecars(path)
        self._forget()

    def _forget(self) -> None:
        with _LIVE_LOCK:
            for path in [p for p, _ in self._pairs] + self._scratch:
                _LIVE.discard(path)
        self._pairs, self._scratch = [], []

    def commit(self) -> None:
        """Move every temporary onto its target, all or nothing; OutputError on failure."""
        for path in self._scratch:
            remove_with_sidecars(path)
        try:
            for temporary, target in self._pairs:
                check_target(target)
                if not os.path.isfile(temporary):
                    raise OutputError(f"Cannot write {target}: its temporary file "
                                      f"{temporary} has gone.")
            _swap_in(self._pairs)
        except BaseException:
            self.discard()
            raise
        self._forget()


def scratch_folder() -> str:
    """Return the folder for scratch files: the system temporary folder (TMPDIR / TEMP).

    Scratch files are no outputs (accumulators, resampled inputs); keeping them out of the
    output folders means a kill leaves nothing next to the outputs.
    """
    return tempfile.gettempdir()


def remove_with_sidecars(path: str) -> None:
    """Delete ``path`` and its GDAL sidecars (``.aux.xml``, ``.ovr``, ``.msk``); never raises.

    Files that cannot be deleted (e.g. held open) are left for :func:`remove_stale`.
    """
    for ext in SIDECARS:
        try:
            os.remove(path + ext)
        except FileNotFoundError:
            pass
        except OSError:
            pass  # left for remove_stale of a later run


def _swap_in(pairs: Sequence[tuple[str, str]]) -> None:
    """Old targets aside, new files in, old ones deleted; undone completely on failure."""
    moved_aside: list[tuple[str, str]] = []  # (backup, original)
    placed: list[str] = []  # placed target paths
    current: Optional[str] = None
    done = False
    try:
        for _, target in pairs:
            current = target
            folder, base = os.path.split(target)
            for ext in SIDECARS:
                if os.path.lexists(target + ext):
                    backup = os.path.join(folder, _hidden_name(base, "old", ext))
                    with _LIVE_LOCK:  # a concurrent run's cleanup must leave it alone
                        _LIVE.add(backup)
                    os.replace(target + ext, backup)
                    moved_aside.append((backup, target + ext))
        for temporary, target in pairs:
            current = target
            for ext in SIDECARS:
                if os.path.exists(temporary + ext):
                    os.replace(temporary + ext, target + ext)
                    placed.append(target + ext)
        done = True
    except OSError as exc:
        _undo(moved_aside, placed)
        raise OutputError(
            f"Cannot write {current}: {_describe_oserror(exc)}. Nothing was changed: "
            f"the earlier files are kept. Close the file in any program that holds it open "
            f"(or choose another name) and run again.") from exc
    finally:
        for backup, _ in moved_aside:
            if done:  # the old files are replaced; on failure _undo has put them back
                remove_with_sidecars(backup)
            with _LIVE_LOCK:
                _LIVE.discard(backup)


def _undo(moved_aside: Sequence[tuple[str, str]], placed: Iterable[str]) -> None:
    for path in placed:
        try:
            if os.path.lexists(path):
                os.remove(path)
        except OSError:
            pass
    for backup, original in reversed(moved_aside):
        try:
            os.replace(backup, original)
        except OSError:
            pass
