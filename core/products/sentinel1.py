"""Sentinel-1 SAFE reader (GRD and TOPS SLC) working from annotation XML alone.

Accepts a SAFE folder, its ``manifest.safe``, a ``.zip`` of the SAFE, or one annotation XML.
"""
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

import numpy as np

from ..geometry.orbit import Orbit, datetime_to_seconds
from .acquisition import (
    SPEED_OF_LIGHT,
    AcquisitionGeometry,
    Burst,
    GroundRangeConversion,
    ProductError,
)

_ANNOTATION_NAME = re.compile(
    r"^s1[abcd]-(?P<swath>[a-z]{2}\d?)-(?P<type>slc|grd)-(?P<pol>hh|hv|vh|vv)-.*\.xml$",
    re.IGNORECASE)


@dataclass
class AnnotationEntry:
    swath: str  # upper case, e.g. IW, IW2
    polarisation: str  # upper case, e.g. VV
    product_type: str  # GRD or SLC
    location: str  # path of the XML, or member name inside the zip
    archive: str = ""  # zip path, when read from a zip


def is_sentinel1(path):
    p = str(path).lower()
    base = os.path.basename(p.rstrip("/"))
    if base.endswith(".safe") or base == "manifest.safe":
        return True
    if p.endswith(".zip"):
        return os.path.basename(p).startswith("s1")
    return bool(_ANNOTATION_NAME.match(base))


def list_annotations(path):
    """All measurement annotations of a SAFE folder, manifest, zip, or single annotation XML."""
    path = str(path)
    if not os.path.exists(path):
        raise ProductError(f"Sentinel-1 product not found: {path}")
    entries = []
    if path.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile as exc:
            raise ProductError(f"{path} is not a readable zip archive ({exc}).") from exc
        for name in names:
            parts = name.split("/")
            if len(parts) >= 2 and parts[-2] == "annotation":
                entries.append((os.path.basename(name), name, path))
    else:
        if os.path.isfile(path) and os.path.basename(path).lower() == "manifest.safe":
            path = os.path.dirname(path)
        if os.path.isfile(path):
            entries.append((os.path.basename(path), path, ""))
        else:
            folder = os.path.join(path, "annotation")
            if not os.path.isdir(folder):
                raise ProductError(f"{path} has no annotation/ folder: not a Sentinel-1 "
                                   f"SAFE product.")
            for name in sorted(os.listdir(folder)):
                entries.append((name, os.path.join(folder, name), ""))
    result = []
    for name, location, archive in entries:
        m = _ANNOTATION_NAME.match(name)
        if m:
            result.append(AnnotationEntry(m["swath"].upper(), m["pol"].upper(), m["type"].upper(),
                                          location, archive))
    if not result:
        raise ProductError(f"No Sentinel-1 annotation XML found in {path}.")
    return sorted(result, key=lambda e: (e.swath, e.polarisation))


def select_annotation(entries, swath=None, polarisation=None):
    """Pick one annotation; co-polarisation first when ``polarisation`` is not given."""
    chosen = entries
    if swath:
        chosen = [e for e in chosen if e.swath == swath.upper()]
    if polarisation:
        chosen = [e for e in chosen if e.polarisation == polarisation.upper()]
    available = ", ".join(f"{e.swath}/{e.polarisation}" for e in entries)
    if not chosen:
        raise ProductError(f"No annotation for swath {swath or 'any'} and polarisation "
                           f"{polarisation or 'any'}; the product has {available}.")
    swaths = sorted({e.swath for e in chosen})
    if len(swaths) > 1:
        raise ProductError(f"The product has several swaths ({', '.join(swaths)}): choose one "
                           f"with the SWATH parameter.")
    chosen.sort(key=lambda e: e.polarisation not in ("VV", "HH"))
    return chosen[0]


def _read_xml(entry):
    try:
        if entry.archive:
            with zipfile.ZipFile(entry.archive) as zf:
                return ET.fromstring(zf.read(entry.location))
        return ET.parse(entry.location).getroot()
    except ET.ParseError as exc:
        raise ProductError(f"{entry.location} is not valid XML ({exc}); the file may be "
                           f"truncated: download the product again.") from exc


def _text(root, path):
    node = root.find(path)
    if node is None or node.text is None:
        raise ProductError(f"Sentinel-1 annotation lacks <{path}>: not a complete "
                           f"Sentinel-1 product annotation.")
    return node.text.strip()


def _floats(text):
    return np.array([float(v) for v in text.split()], dtype=np.float64)


def _read_orbit(root):
    vectors = root.findall("generalAnnotation/orbitList/orbit")
    if len(vectors) < 2:
        raise ProductError("Sentinel-1 annotation has fewer than two orbit state vectors.")
    times = np.array([_text(v, "time") for v in vectors], dtype="datetime64[ns]")
    pos = [[float(_text(v, f"position/{c}")) for c in "xyz"] for v in vectors]
    vel = [[float(_text(v, f"velocity/{c}")) for c in "xyz"] for v in vectors]
    epoch = times[0]
    return Orbit(epoch, datetime_to_seconds(times, epoch), pos, vel)


def _read_ground_range(root, epoch):
    items = root.findall("coordinateConversion/coordinateConversionList/coordinateConversion")
    if not items:
        raise ProductError("GRD annotation lacks coordinateConversion (slant/ground range "
                           "polynomials).")
    times = datetime_to_seconds(np.array([_text(c, "azimuthTime") for c in items],
                                         dtype="datetime64[ns]"), epoch)
    return GroundRangeConversion(
        azimuth_times_s=times,
        sr0_m=np.array([float(_text(c, "sr0")) for c in items]),
        srgr=np.stack([_floats(_text(c, "srgrCoefficients")) for c in items]),
        gr0_m=np.array([float(_text(c, "gr0")) for c in items]),
        grsr=np.stack([_floats(_text(c, "grsrCoefficients")) for c in items]),
    )


def _read_bursts(root, epoch):
    lines_per_burst = int(_text(root, "swathTiming/linesPerBurst"))
    bursts = []
    for i, b in enumerate(root.findall("swathTiming/burstList/burst")):
        valid = np.flatnonzero(_floats(_text(b, "firstValidSample")) >= 0)
        if len(valid) == 0:
            continue
        t0 = datetime_to_seconds(np.datetime64(_text(b, "azimuthTime"), "ns"), epoch)
        bursts.append(Burst(float(t0), i * lines_per_burst, lines_per_burst,
                            int(valid[0]), int(valid[-1])))
    if not bursts:
        raise ProductError("SLC annotation has no bursts with valid lines.")
    return bursts


def _read_gcps(root):
    gcps = []
    for g in root.findall("geolocationGrid/geolocationGridPointList/geolocationGridPoint"):
        gcps.append((float(_text(g, "line")), float(_text(g, "pixel")),
                     float(_text(g, "latitude")), float(_text(g, "longitude")),
                     float(_text(g, "height"))))
    return gcps


def read_tie_points(root, epoch):
    """Geolocation grid as arrays: azimuth_time_s, slant_range_time_s, lat, lon, height."""
    pts = root.findall("geolocationGrid/geolocationGridPointList/geolocationGridPoint")
    t = datetime_to_seconds(np.array([_text(p, "azimuthTime") for p in pts],
                                     dtype="datetime64[ns]"), epoch)
    cols = {k: np.array([float(_text(p, k)) for p in pts])
            for k in ("slantRangeTime", "latitude", "longitude", "height", "line", "pixel")}
    return t, cols


def geometry_from_annotation(root, source=""):
    """Build the AcquisitionGeometry of one parsed annotation XML root."""
    if root.tag != "product" or root.find("adsHeader/missionId") is None:
        raise ProductError(f"{source or 'The XML'} is not a Sentinel-1 product annotation "
                           f"(root <{root.tag}>).")
    orbit = _read_orbit(root)
    epoch = orbit.epoch
    info = "imageAnnotation/imageInformation/"
    product_type = _text(root, "adsHeader/productType")
    first_line = datetime_to_seconds(np.datetime64(_text(root, info + "productFirstLineUtcTime"),
                                                   "ns"), epoch)
    fs = float(_text(root, "generalAnnotation/productInformation/rangeSamplingRate"))
    near_range = float(_text(root, info + "slantRangeTime")) * SPEED_OF_LIGHT / 2.0
    radar_freq = float(_text(root, "generalAnnotation/productInformation/radarFrequency"))
    is_grd = product_type == "GRD"
    geometry = AcquisitionGeometry(
        mission=_text(root, "adsHeader/missionId"),
        product_type=product_type,
        orbit=orbit,
        wavelength_m=SPEED_OF_LIGHT / radar_freq,
        look_side="right",
        first_line_time_s=float(first_line),
        azimuth_time_interval_s=float(_text(root, info + "azimuthTimeInterval")),
        lines=int(_text(root, info + "numberOfLines")),
        samples=int(_text(root, info + "numberOfSamples")),
        near_slant_range_m=near_range,
        range_pixel_spacing_m=(float(_text(root, info + "rangePixelSpacing")) if is_grd
                               else SPEED_OF_LIGHT / (2.0 * fs)),
        ground_range=_read_ground_range(root, epoch) if is_grd else None,
        bursts=None if is_grd else _read_bursts(root, epoch),
        swath=_text(root, "adsHeader/swath"),
        polarisation=_text(root, "adsHeader/polarisation"),
        gcps=_read_gcps(root),
        source=source,
        extra={"range_sampling_rate_hz": fs,
               "pass": _text(root, "generalAnnotation/productInformation/pass"),
               "incidence_mid_deg": float(_text(root, info + "incidenceAngleMidSwath"))},
    )
    return geometry


def read_sentinel1(path, swath=None, polarisation=None):
    """AcquisitionGeometry of one swath/polarisation of a Sentinel-1 product."""
    entry = select_annotation(list_annotations(path), swath, polarisation)
    root = _read_xml(entry)
    return geometry_from_annotation(root, source=entry.location)
