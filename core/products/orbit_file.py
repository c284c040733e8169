"""ESA Sentinel-1 orbit files (EOF: AUX_POEORB precise, AUX_RESORB restituted) for a product.

An EOF is an Earth Explorer XML file: ``Earth_Explorer_Header/Fixed_Header`` names the mission
(``Sentinel-1A``), the file type (``AUX_POEORB``, ``AUX_RESORB``) and the validity period;
``Data_Block/List_of_OSVs`` holds the state vectors (``OSV``), each with its time
(``<UTC>UTC=2022-09-18T05:31:55.470319</UTC>``), Earth-fixed position ``X Y Z`` (m) and
velocity ``VX VY VZ`` (m/s), every 10 s. Times are UTC, as the product annotation's.

:func:`apply_orbit_file` replaces the annotation orbit of a Sentinel-1 geometry by the EOF's
state vectors in a window around the acquisition, on the annotation orbit's epoch, so every
other time of the geometry (seconds since ``orbit.epoch``) keeps its meaning. The window keeps
geo2rdr's Newton iteration on this pass: the zero-Doppler equation has a solution on every
revolution of a file that spans hours. :func:`find_orbit_file` looks for an EOF next to a SAFE.
"""
import functools
import os
import re
from dataclasses import dataclass, replace
from typing import Any, Optional

import numpy as np

from ..geometry.orbit import Orbit, datetime_to_seconds, seconds_to_datetime
from .acquisition import AcquisitionGeometry, ProductError
from .fields import FieldReader, parse_utc, parse_xml

ROOT_TAG = "Earth_Explorer_File"
HEADER = "Earth_Explorer_Header/Fixed_Header/"
OSV_PATH = "Data_Block/List_of_OSVs/OSV"
DOWNLOAD = "download the file again (Copernicus Data Space, AUX_POEORB or AUX_RESORB)"
# State vectors the EOF must hold before the first and after the last line of the image: one
# brackets each end for the cubic Hermite interpolation (core.geometry.orbit), the second one
# more segment for DEM cells a little beyond the image (about 70 km at ESA's 10 s spacing).
MIN_VECTORS_OUTSIDE = 2
# The EOF vectors kept: the acquisition plus this margin on either side (s), and at least the
# span of the annotation orbit, so no time the annotation orbit served falls outside.
WINDOW_MARGIN_S = 60.0
# Preference among several usable files: precise before restituted before predicted.
TYPE_RANK = {"AUX_POEORB": 0, "AUX_RESORB": 1, "AUX_PREORB": 2}
_NAME = re.compile(r"^(?P<mission>S1[A-Z_])_\w{4}_(?P<type>AUX_[A-Z]{6})_\w{4}_(?P<created>"
                   r"\d{8}T\d{6})_V(?P<start>\d{8}T\d{6})_(?P<stop>\d{8}T\d{6})", re.IGNORECASE)
_MISSION = re.compile(r"^\s*Sentinel-?1\s*(?P<unit>[A-Z])\s*$", re.IGNORECASE)


@dataclass
class OrbitFile:
    """State vectors and header of one ESA Sentinel-1 orbit file.

    ``times`` are UTC (numpy.datetime64[ns]), ``positions`` (n, 3) m and ``velocities``
    (n, 3) m/s in the Earth-fixed frame; ``mission`` like the annotation's missionId (S1A).
    """

    path: str
    mission: str
    file_type: str  # AUX_POEORB, AUX_RESORB, ...
    validity_start: np.datetime64
    validity_stop: np.datetime64
    times: np.ndarray
    positions: np.ndarray
    velocities: np.ndarray

    @property
    def name(self) -> str:
        """Return the file name, for messages and the log."""
        return os.path.basename(self.path)

    @property
    def kind(self) -> str:
        """Return the short type for the log: POEORB, RESORB, ..."""
        return self.file_type.replace("AUX_", "")


def _utc(r: Any, path: str, what: str, base: Any = None, where: str = "") -> np.datetime64:
    """Return the time of an EOF time element, ``UTC=2022-09-18T05:31:55.470319``."""
    text = r.text(path, what, base=base, where=where)
    value = text[4:] if text.upper().startswith("UTC=") else text
    try:
        return parse_utc(value)
    except ProductError as exc:
        r.fail(path, what, str(exc).rstrip("."), where)
        raise  # r.fail raised already


def _mission(r: Any, path: str) -> str:
    """Return the mission as the annotation spells it (S1A) from the header or the file name."""
    text = r.text(HEADER + "Mission", "mission, e.g. Sentinel-1A", required=False) or ""
    match = _MISSION.match(text)
    if match:
        return "S1" + match["unit"].upper()
    named = _NAME.match(os.path.basename(path))
    if named and named["mission"][2] != "_":
        return named["mission"].upper()
    r.fail(HEADER + "Mission", "mission", f"is {text!r}, not a Sentinel-1 unit such as "
                                          f"Sentinel-1A, and the file name does not name one")
    raise AssertionError  # r.fail raised already


def _state_vectors(r: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the (times, positions, velocities) of every OSV of the data block."""
    vectors = r.root.findall(OSV_PATH)
    if len(vectors) < 2:
        raise ProductError(f"Orbit file {r.source} holds {len(vectors)} state vectors "
                           f"<{OSV_PATH}>; an orbit file holds hundreds: {DOWNLOAD}.")
    where = [f"List_of_OSVs/OSV[{i + 1}]" for i in range(len(vectors))]
    times = np.array([_utc(r, "UTC", "state vector time, UTC", v, w)
                      for v, w in zip(vectors, where)], dtype="datetime64[ns]")
    positions = np.array([[r.read_float(c, "Earth-fixed position, m", base=v, where=w)
                           for c in ("X", "Y", "Z")] for v, w in zip(vectors, where)])
    velocities = np.array([[r.read_float(c, "Earth-fixed velocity, m/s", base=v, where=w)
                            for c in ("VX", "VY", "VZ")] for v, w in zip(vectors, where)])
    steps = np.diff(times).astype(np.int64)
    if np.any(steps <= 0):
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        r.fail("UTC", "state vector time", f"is {times[i]}, not after the previous vector's "
                                           f"{times[i - 1]}", where[i])
    return times, positions, velocities


def read_orbit_file(path: "str | os.PathLike[str]") -> OrbitFile:
    """Read an ESA Sentinel-1 orbit file (EOF).

    Raises ProductError naming the file and the problem for anything else: another XML, a
    truncated file, a frame other than Earth-fixed, a missing or malformed field.
    """
    path = str(path)
    if not os.path.isfile(path):
        raise ProductError(f"Orbit file {path} does not exist: give the path of a Sentinel-1 "
                           f"orbit file (.EOF).")
    root = parse_xml(path, fix=DOWNLOAD)
    if root.tag != ROOT_TAG:
        raise ProductError(f"{path} is an XML file with root element <{root.tag}>, not an ESA "
                           f"orbit file (<{ROOT_TAG}>): give a Sentinel-1 AUX_POEORB or "
                           f"AUX_RESORB file (.EOF).")
    r = FieldReader(root, path, "Orbit file", fix=DOWNLOAD)
    frame = r.text("Earth_Explorer_Header/Variable_Header/Ref_Frame", "reference frame",
                   required=False)
    if frame and frame.upper() != "EARTH_FIXED":
        r.fail("Earth_Explorer_Header/Variable_Header/Ref_Frame", "reference frame",
               f"is {frame!r}; only EARTH_FIXED state vectors describe the product's orbit")
    times, positions, velocities = _state_vectors(r)
    return OrbitFile(
        path=path, mission=_mission(r, path),
        file_type=(r.text(HEADER + "File_Type", "file type", required=False) or "").upper(),
        validity_start=_utc(r, HEADER + "Validity_Period/Validity_Start", "validity start"),
        validity_stop=_utc(r, HEADER + "Validity_Period/Validity_Stop", "validity stop"),
        times=times, positions=positions, velocities=velocities)


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, modified_ns: int, size: int) -> OrbitFile:
    """Return read_orbit_file(path), cached while the file is unchanged (time and size)."""
    return read_orbit_file(path)


def load_orbit_file(path: "str | os.PathLike[str]") -> OrbitFile:
    """Return read_orbit_file(path), read once while the file is unchanged.

    Opening the swaths of a SAFE applies one EOF several times; a POEORB holds ~9,000 vectors.
    """
    path = str(path)
    try:
        info = os.stat(path)
    except OSError:
        return read_orbit_file(path)  # raises the ProductError of a missing file
    return _read_cached(os.path.abspath(path), info.st_mtime_ns, info.st_size)


def _utc_text(epoch: np.datetime64, seconds: float) -> str:
    """Return an ISO UTC time to 0.1 s for messages."""
    return str(seconds_to_datetime(seconds, epoch).astype("datetime64[ms]"))[:21]


def check_orbit_file(orbit_file: OrbitFile, geometry: AcquisitionGeometry) -> None:
    """Raise ProductError unless ``orbit_file`` belongs to the product and covers it.

    The mission must be the product's; the state vectors must reach MIN_VECTORS_OUTSIDE
    vectors before the first line and after the last line of the image.
    """
    product = (geometry.mission or "").strip().upper()
    if orbit_file.mission != product:
        raise ProductError(f"The orbit file {orbit_file.name} belongs to {orbit_file.mission} "
                           f"but the product is {product or 'of an unknown mission'}: give an "
                           f"orbit file of {product or 'the product'}'s satellite (its name "
                           f"starts with {product or 'the mission'}_).")
    epoch = geometry.orbit.epoch
    seconds = datetime_to_seconds(orbit_file.times, epoch)
    first, last = geometry.first_line_time_s, geometry.last_line_time_s
    before = int(np.count_nonzero(seconds < first))
    after = int(np.count_nonzero(seconds > last))
    if before < MIN_VECTORS_OUTSIDE or after < MIN_VECTORS_OUTSIDE:
        raise ProductError(
            f"The orbit file {orbit_file.name} covers {_utc_text(epoch, seconds[0])} to "
            f"{_utc_text(epoch, seconds[-1])} UTC, the acquisition is "
            f"{_utc_text(epoch, first)} to {_utc_text(epoch, last)} UTC (it needs "
            f"{MIN_VECTORS_OUTSIDE} state vectors before and after it): download the "
            f"POEORB or RESORB of that day.")


def _window(seconds: np.ndarray, geometry: AcquisitionGeometry) -> slice:
    """Return the slice of the EOF vectors kept for ``geometry`` (see WINDOW_MARGIN_S)."""
    low = min(geometry.first_line_time_s - WINDOW_MARGIN_S, geometry.orbit.start_time)
    high = max(geometry.last_line_time_s + WINDOW_MARGIN_S, geometry.orbit.stop_time)
    start = max(int(np.searchsorted(seconds, low, side="right")) - 1, 0)
    stop = min(int(np.searchsorted(seconds, high, side="left")) + 1, len(seconds))
    return slice(start, stop)


def apply_orbit_file(geometry: AcquisitionGeometry, orbit_file: OrbitFile,
                     note: str = "") -> AcquisitionGeometry:
    """Return ``geometry`` with its orbit replaced by the EOF's state vectors.

    Checks the file first (check_orbit_file). The vectors kept span the acquisition plus
    WINDOW_MARGIN_S, at least the annotation orbit's span, on the annotation orbit's epoch.
    ``geometry.extra`` records the file (``orbit_file``, ``orbit_type``) and ``orbit_note``
    (``note``, or one naming the file).
    """
    check_orbit_file(orbit_file, geometry)
    epoch = geometry.orbit.epoch
    seconds = datetime_to_seconds(orbit_file.times, epoch)
    kept = _window(seconds, geometry)
    orbit = Orbit(epoch, seconds[kept], orbit_file.positions[kept], orbit_file.velocities[kept])
    extra = dict(geometry.extra)
    extra.update(orbit_file=orbit_file.path, orbit_type=orbit_file.file_type,
                 orbit_note=note or f"Orbit: {len(orbit.times)} state vectors of the "
                                    f"{orbit_file.kind} file {orbit_file.path}.")
    try:
        return replace(geometry, orbit=orbit, extra=extra)
    except ProductError as exc:  # check_geometry on the new orbit
        raise ProductError(f"The state vectors of the orbit file {orbit_file.path} do not fit "
                           f"the product: {exc}") from exc


# -- an EOF lying next to the SAFE ----------------------------------------------------------------
def _safe_folders(product_path: str) -> list[str]:
    """Return the folders searched for an EOF: the SAFE folder (if any) and the one holding it.

    A SAFE folder, its manifest.safe or an annotation inside it, or a zip (its folder). A lone
    annotation XML, outside a SAFE, has none.
    """
    path = os.path.abspath(product_path)
    if os.path.isfile(path) and path.lower().endswith(".zip"):
        return [os.path.dirname(path)]
    if os.path.isfile(path):
        folder = os.path.dirname(path)
        if os.path.basename(path).lower() == "manifest.safe":
            path = folder
        elif os.path.basename(folder) == "annotation" and \
                os.path.isfile(os.path.join(os.path.dirname(folder), "manifest.safe")):
            path = os.path.dirname(folder)
        else:
            return []
    return [path, os.path.dirname(path)]


def _candidates(folders: list[str]) -> list[str]:
    """Return the .EOF files (any case) directly inside ``folders``, sorted."""
    found = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        found += [os.path.join(folder, n) for n in names
                  if n.lower().endswith(".eof") and os.path.isfile(os.path.join(folder, n))]
    return found


def _name_excludes(path: str, geometry: AcquisitionGeometry) -> str:
    """Return why an EOF's standard name rules it out (other mission or validity), else ''."""
    match = _NAME.match(os.path.basename(path))
    if not match:
        return ""
    if match["mission"].upper() not in ("S1_", (geometry.mission or "").upper()):
        return f"it belongs to {match['mission'].upper()}"
    start, stop = (np.datetime64(f"{v[:4]}-{v[4:6]}-{v[6:8]}T{v[9:11]}:{v[11:13]}:{v[13:]}",
                                 "ns") for v in (match["start"], match["stop"]))
    epoch = geometry.orbit.epoch
    if datetime_to_seconds(start, epoch) > geometry.first_line_time_s or \
            datetime_to_seconds(stop, epoch) < geometry.last_line_time_s:
        return "its validity does not cover the acquisition"
    return ""


def _rank(orbit_file: OrbitFile) -> tuple[int, int, str]:
    """Sort key: POEORB first, then the latest validity start, then the name."""
    start_ns = int(orbit_file.validity_start.astype("datetime64[ns]").astype(np.int64))
    return TYPE_RANK.get(orbit_file.file_type, len(TYPE_RANK)), -start_ns, orbit_file.name


def find_orbit_file(product_path: "str | os.PathLike[str]",
                    geometry: AcquisitionGeometry) -> tuple[Optional[OrbitFile], str]:
    """Return (the EOF lying next to the SAFE that fits ``geometry``, or None; a note).

    Searches the SAFE folder and the folder holding the SAFE (or the zip). A file fits when
    its mission and state vectors cover the product (check_orbit_file); of several, a POEORB
    is preferred to a RESORB. The note says which file is used and why others were not; it
    is '' when no .EOF lies there.
    """
    usable, skipped = [], []
    for path in _candidates(_safe_folders(str(product_path))):
        reason = _name_excludes(path, geometry)
        if not reason:
            try:
                orbit_file = load_orbit_file(path)
                check_orbit_file(orbit_file, geometry)
                usable.append(orbit_file)
                continue
            except ProductError as exc:
                reason = str(exc)
        skipped.append(f"{os.path.basename(path)} ({reason.rstrip('.')})")
    if not usable and not skipped:
        return None, ""
    not_used = f" Not used: {'; '.join(skipped)}." if skipped else ""
    if not usable:
        return None, (f"Orbit: the annotation's state vectors; no orbit file next to the SAFE "
                      f"fits the product.{not_used}")
    chosen = min(usable, key=_rank)
    others = [f.name for f in usable if f is not chosen]
    also = f" Also usable: {', '.join(others)}." if others else ""
    return chosen, (f"Orbit: {chosen.kind} file {chosen.name}, found next to the SAFE, "
                    f"replaces the annotation's state vectors.{also}{not_used}")
