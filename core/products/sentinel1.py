"""Sentinel-1 SAFE reader (GRD and TOPS SLC) working from annotation XML alone.

Accepts a SAFE folder, its ``manifest.safe``, a ``.zip`` of the SAFE, or one annotation XML.
"""
import os
import re
from dataclasses import dataclass

import numpy as np

from ..geometry.orbit import datetime_to_seconds
from .acquisition import (
    SPEED_OF_LIGHT,
    AcquisitionGeometry,
    Burst,
    GroundRangeConversion,
    ProductError,
)
from .fields import FieldReader, build_orbit, parse_xml, read_zip_member, zip_names

_ANNOTATION_NAME = re.compile(
    r"^s1[abcd]-(?P<swath>[a-z]{2}\d?)-(?P<type>slc|grd)-(?P<pol>hh|hv|vh|vv)-.*\.xml$",
    re.IGNORECASE)


@dataclass
class AnnotationEntry:
    """One measurement annotation XML of a Sentinel-1 product, described by its file name."""

    swath: str  # upper case, e.g. IW, IW2
    polarisation: str  # upper case, e.g. VV
    product_type: str  # GRD or SLC
    location: str  # path of the XML, or member name inside the zip
    archive: str = ""  # zip path, when read from a zip


def is_sentinel1(path):
    """Return True when ``path`` is named like a Sentinel-1 product.

    A .SAFE folder, a manifest.safe, an S1 zip, or an annotation XML; judged on the name only.
    """
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
        for name in zip_names(path):
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


def read_annotation(entry):
    """Return the parsed root of one annotation (file, or zip member with its CRC checked)."""
    if entry.archive:
        name = f"{entry.location} in {entry.archive}"
        return parse_xml(read_zip_member(entry.archive, entry.location), name)
    return parse_xml(entry.location)


_read_xml = read_annotation  # the name the geometry tests import


def _fields(root, source):
    return FieldReader(root, source or "(annotation XML)", "Sentinel-1 annotation",
                       fix="the file is damaged or was edited: download the product again")


def _read_orbit(r):
    vectors = r.root.findall("generalAnnotation/orbitList/orbit")
    where = [f"generalAnnotation/orbitList/orbit[{i + 1}]" for i in range(len(vectors))]
    times = [r.read_time("time", "state vector time", base=v, where=w)
             for v, w in zip(vectors, where)]
    pos = [[r.read_float(f"position/{c}", "ECEF position, m", base=v, where=w) for c in "xyz"]
           for v, w in zip(vectors, where)]
    vel = [[r.read_float(f"velocity/{c}", "ECEF velocity, m/s", base=v, where=w)
            for c in "xyz"] for v, w in zip(vectors, where)]
    return build_orbit(times, pos, vel, f"Sentinel-1 annotation {r.source}",
                       "generalAnnotation/orbitList/orbit")


def _read_ground_range(r, epoch):
    items = r.root.findall("coordinateConversion/coordinateConversionList/coordinateConversion")
    if not items:
        raise ProductError(f"GRD annotation {r.source} lacks coordinateConversion (slant/ground "
                           f"range polynomials): use the complete annotation of the product.")
    where = [f"coordinateConversionList/coordinateConversion[{i + 1}]" for i in range(len(items))]
    times = datetime_to_seconds(np.array([r.read_time("azimuthTime", "polynomial time", base=c,
                                                      where=w) for c, w in zip(items, where)]),
                                epoch)
    srgr = [r.read_float_list("srgrCoefficients", "slant to ground range polynomial", base=c,
                              where=w) for c, w in zip(items, where)]
    grsr = [r.read_float_list("grsrCoefficients", "ground to slant range polynomial", base=c,
                              where=w) for c, w in zip(items, where)]
    for name, sets in (("srgrCoefficients", srgr), ("grsrCoefficients", grsr)):
        if len({len(c) for c in sets}) != 1 or not len(sets[0]):
            r.fail(f"coordinateConversion/{name}", "range polynomial", "lists differ in length "
                   "or are empty", "coordinateConversionList")
    return GroundRangeConversion(
        azimuth_times_s=times,
        sr0_m=np.array([r.read_float("sr0", "slant range origin, m", base=c, where=w)
                        for c, w in zip(items, where)]),
        srgr=np.stack(srgr),
        gr0_m=np.array([r.read_float("gr0", "ground range origin, m", base=c, where=w)
                        for c, w in zip(items, where)]),
        grsr=np.stack(grsr),
    )


def _read_bursts(r, epoch):
    lines_per_burst = r.read_int("swathTiming/linesPerBurst", "lines per burst", minimum=1)
    bursts = []
    for i, b in enumerate(r.root.findall("swathTiming/burstList/burst")):
        where = f"swathTiming/burstList/burst[{i + 1}]"
        valid = np.flatnonzero(r.read_float_list("firstValidSample", "first valid sample per "
                                                 "line", base=b, where=where) >= 0)
        if len(valid) == 0:
            continue
        t0 = datetime_to_seconds(r.read_time("azimuthTime", "burst start time", base=b,
                                             where=where), epoch)
        bursts.append(Burst(float(t0), i * lines_per_burst, lines_per_burst,
                            int(valid[0]), int(valid[-1])))
    if not bursts:
        raise ProductError(f"SLC annotation {r.source} has no bursts with valid lines "
                           f"(swathTiming/burstList): use the complete annotation.")
    return bursts


_GRID = "geolocationGrid/geolocationGridPointList/geolocationGridPoint"


def _grid_points(r):
    points = r.root.findall(_GRID)
    return points, [f"geolocationGridPoint[{i + 1}]" for i in range(len(points))]


def _read_gcps(r):
    gcps = []
    for g, where in zip(*_grid_points(r)):
        gcps.append((r.read_float("line", "tie-point line", base=g, where=where),
                     r.read_float("pixel", "tie-point sample", base=g, where=where),
                     r.read_float("latitude", "degrees", base=g, where=where, minimum=-90.0,
                                  maximum=90.0),
                     r.read_float("longitude", "degrees", base=g, where=where, minimum=-180.0,
                                  maximum=180.0),
                     r.read_float("height", "metres", base=g, where=where)))
    return gcps


def read_tie_points(root, epoch, source=""):
    """Geolocation grid as arrays: azimuth_time_s, slant_range_time_s, lat, lon, height."""
    r = _fields(root, source)
    pts, where = _grid_points(r)
    t = datetime_to_seconds(np.array([r.read_time("azimuthTime", "tie-point time", base=p,
                                                  where=w) for p, w in zip(pts, where)],
                                     dtype="datetime64[ns]"), epoch)
    cols = {k: np.array([r.read_float(k, "tie point", base=p, where=w)
                         for p, w in zip(pts, where)])
            for k in ("slantRangeTime", "latitude", "longitude", "height", "line", "pixel")}
    return t, cols


def geometry_from_annotation(root, source=""):
    """Build the AcquisitionGeometry of one parsed annotation XML root."""
    if root.tag != "product" or root.find("adsHeader/missionId") is None:
        raise ProductError(f"{source or 'The XML'} is not a Sentinel-1 product annotation "
                           f"(root <{root.tag}>).")
    r = _fields(root, source)
    orbit = _read_orbit(r)
    epoch = orbit.epoch
    info = "imageAnnotation/imageInformation/"
    product = "generalAnnotation/productInformation/"
    product_type = r.text("adsHeader/productType", "GRD or SLC")
    first_line = datetime_to_seconds(r.read_time(info + "productFirstLineUtcTime",
                                                 "time of the first line"), epoch)
    fs = r.read_float(product + "rangeSamplingRate", "Hz", positive=True)
    near_range = r.read_float(info + "slantRangeTime", "two-way time of the first sample, s",
                              positive=True) * SPEED_OF_LIGHT / 2.0
    radar_freq = r.read_float(product + "radarFrequency", "Hz", positive=True)
    is_grd = product_type == "GRD"
    geometry = AcquisitionGeometry(
        mission=r.text("adsHeader/missionId", "mission"),
        product_type=product_type,
        orbit=orbit,
        wavelength_m=SPEED_OF_LIGHT / radar_freq,
        look_side="right",
        first_line_time_s=float(first_line),
        azimuth_time_interval_s=r.read_float(info + "azimuthTimeInterval", "s", positive=True),
        lines=r.read_int(info + "numberOfLines", "azimuth lines", minimum=1),
        samples=r.read_int(info + "numberOfSamples", "range samples", minimum=1),
        near_slant_range_m=near_range,
        range_pixel_spacing_m=(r.read_float(info + "rangePixelSpacing", "m", positive=True)
                               if is_grd else SPEED_OF_LIGHT / (2.0 * fs)),
        ground_range=_read_ground_range(r, epoch) if is_grd else None,
        bursts=None if is_grd else _read_bursts(r, epoch),
        swath=r.text("adsHeader/swath", "swath"),
        polarisation=r.text("adsHeader/polarisation", "polarisation"),
        gcps=_read_gcps(r),
        source=source,
        extra={"range_sampling_rate_hz": fs,
               "pass": r.text(product + "pass", "ASCENDING or DESCENDING"),
               "incidence_mid_deg": r.read_float(info + "incidenceAngleMidSwath", "degrees",
                                                 minimum=0.0, maximum=90.0)},
    )
    return geometry


def read_sentinel1(path, swath=None, polarisation=None):
    """AcquisitionGeometry of one swath/polarisation of a Sentinel-1 product."""
    entry = select_annotation(list_annotations(path), swath, polarisation)
    root = read_annotation(entry)
    return geometry_from_annotation(root, source=entry.location)
