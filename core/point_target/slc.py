"""Single-look complex (SLC) input/output for the point-target workflow.

``open_slc(path)`` accepts

- a TerraSAR-X / TanDEM-X / PAZ SSC product (its level1Product XML or its folder): geometry from
  ``core.products.terrasar``, pixels from the COSAR file through GDAL;
- a complex GeoTIFF (or any GDAL raster of complex type: CInt16, CInt32, CFloat32, CFloat64)
  with a SAR Height geometry JSON (``<same name>.json`` next to it, or ``geometry_path``); the
  JSON's free-form ``extra`` object is merged into ``geometry.extra`` (the point-target keys,
  see docs/point_target.md).

It returns ``(reader, geometry)``: ``reader.read(line0, sample0, lines, samples)`` reads one
window as complex64 (large scenes are read in blocks). For staring-spotlight products without
``azimuth_spectrum_reference_time_s``, it is derived from a Doppler centroid that varies
linearly along azimuth (``doppler_centroid`` records), when there is one.

Writers: ``write_terrasar_like`` (TSX-like product via ``terrasar_writer``, int16 COSAR) and
``write_complex_geotiff`` (CFloat32 GeoTIFF + geometry JSON).
"""
import copy
import os

import numpy as np

from ..errors import PointTargetError
from ..products.acquisition import ProductError
from ..products.geometry_json import read_geometry_json, write_geometry_json
from .orbit_fit import half_aperture_s
from .settings import image_range_geometry, target_azimuth_bandwidth_hz

POINT_TARGET_KEYS = ("imaging_mode", "total_processed_azimuth_bandwidth_hz", "azimuth_window",
                     "azimuth_window_coefficient", "range_window", "range_window_coefficient",
                     "range_look_bandwidth_hz", "processor_zenith_delay_m",
                     "azimuth_spectrum_reference_time_s", "azimuth_spectrum_rate_hz_s",
                     "azimuth_fm_rate_hz_s", "doppler_centroid", "pass", "prf_hz")
NUMERIC_KEYS = ("total_processed_azimuth_bandwidth_hz", "azimuth_window_coefficient",
                "range_window_coefficient", "range_look_bandwidth_hz", "processor_zenith_delay_m",
                "azimuth_spectrum_rate_hz_s", "azimuth_fm_rate_hz_s", "prf_hz")
COSAR_PEAK = 20000.0  # largest |I| or |Q| written to int16 COSAR (int16 max 32767)


class ArrayReader:
    """The reader interface of ``SlcReader`` over an SLC already in memory.

    ``lines``, ``samples`` and ``read`` over a 2-D complex array, e.g. a simulated scene.
    """

    def __init__(self, array):
        self.array = array
        self.lines, self.samples = array.shape

    def read(self, line0, sample0, lines, samples):
        """Return the window as a view of the array, in its own dtype (no bounds check)."""
        return self.array[line0:line0 + lines, sample0:sample0 + samples]


class SlcReader:
    """Windowed reader of one complex GDAL band; ``read`` returns complex64."""

    def __init__(self, dataset, path):
        self.dataset = dataset
        self.path = str(path)
        self.band = dataset.GetRasterBand(1)
        self.lines = dataset.RasterYSize
        self.samples = dataset.RasterXSize

    def read(self, line0, sample0, lines, samples):
        """Read one window (lines x samples) as complex64; PointTargetError when outside the SLC."""
        line0, sample0, lines, samples = int(line0), int(sample0), int(lines), int(samples)
        if (line0 < 0 or sample0 < 0 or lines < 1 or samples < 1
                or line0 + lines > self.lines or sample0 + samples > self.samples):
            raise PointTargetError(f"Window lines {line0}..{line0 + lines - 1}, samples "
                                   f"{sample0}..{sample0 + samples - 1} lies outside the "
                                   f"{self.lines} x {self.samples} SLC {self.path}.")
        data = self.band.ReadAsArray(sample0, line0, samples, lines)
        if data is None:
            raise PointTargetError(f"GDAL could not read {self.path}: the file may be damaged.")
        return np.asarray(data).astype(np.complex64)

    def close(self):
        """Drop the references to the GDAL band and dataset, closing the file."""
        self.band = None
        self.dataset = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------------------------
# checks

def _check_complex(dataset, path):
    from osgeo import gdal  # heavy import kept local

    if dataset.RasterCount < 1:
        raise PointTargetError(f"{path} has no raster band.")
    kind = dataset.GetRasterBand(1).DataType
    if kind not in (gdal.GDT_CInt16, gdal.GDT_CInt32, gdal.GDT_CFloat32, gdal.GDT_CFloat64):
        name = gdal.GetDataTypeName(kind)
        raise PointTargetError(
            f"{path} is not complex ({name}: detected amplitude/intensity); the method needs the "
            f"phase of a single-look complex (SLC) image: give the SSC/SLC product (TerraSAR-X "
            f"SSC, or a complex CInt16/CFloat32 GeoTIFF with its geometry JSON), not a "
            f"detected MGD/GEC/GRD image.")


def _check_size(geometry, reader, path):
    if (geometry.lines, geometry.samples) != (reader.lines, reader.samples):
        raise PointTargetError(
            f"The geometry says {geometry.lines} lines x {geometry.samples} samples but the "
            f"raster {path} has {reader.lines} x {reader.samples}: the geometry does not belong "
            f"to this image (or the image was cropped): give the matching geometry.")


def _check_orbit(geometry, path):
    orbit = geometry.orbit
    if len(orbit.times) < 3 or geometry.extra.get("trajectory") == "straight_track":
        raise PointTargetError(
            f"{path} has no orbit state vectors (at least 3 are needed): the method measures the "
            f"height from the orbit's curvature; give a product or geometry JSON with "
            f"'state_vectors'.")
    bandwidth = target_azimuth_bandwidth_hz(geometry.extra)
    # Integration time ~ Bw / FM: the orbit must cover it on both sides.
    half = half_aperture_s(geometry, bandwidth) if bandwidth else 0.0
    start, stop = geometry.first_line_time_s - half, geometry.last_line_time_s + half
    if start < orbit.start_time or stop > orbit.stop_time:
        raise PointTargetError(
            f"The orbit state vectors of {path} cover {orbit.start_time:.2f}..{orbit.stop_time:.2f}"
            f" s but the acquisition with its synthetic aperture needs {start:.2f}..{stop:.2f} s "
            f"(seconds since the first state vector): give state vectors that span the "
            f"acquisition plus half the aperture on both sides.")


def _spectrum_reference(geometry):
    """Fill azimuth_spectrum_reference_time_s / rate from a linear Doppler centroid (ST)."""
    extra = geometry.extra
    if extra.get("azimuth_spectrum_reference_time_s") is not None:
        return
    if str(extra.get("imaging_mode") or "").upper() not in ("ST", "SL", "HS"):
        return
    records = extra.get("doppler_centroid") or []
    if not isinstance(records, list) or len(records) < 2:
        return
    times = np.array([r["time_s"] for r in records])
    values = np.array([r["coefficients"][0] for r in records])
    rate, offset = np.polyfit(times, values, 1)
    if abs(rate) > 0:
        extra["azimuth_spectrum_rate_hz_s"] = float(rate)
        extra["azimuth_spectrum_reference_time_s"] = float(-offset / rate)


# --------------------------------------------------------------------------------------------
# opening

SENTINEL1_REFUSED = (
    "{path} is a Sentinel-1 product (TOPS SLC or GRD), which the point-target method cannot "
    "use: it measures heights from how a target defocuses along a long, curved synthetic "
    "aperture (several seconds, as in TerraSAR-X Staring Spotlight), while a Sentinel-1 TOPS "
    "burst sees a target for about 0.2 s and a GRD holds no phase at all. Give a TerraSAR-X / "
    "TanDEM-X / PAZ Staring Spotlight SSC product (its folder or level1Product XML) or a "
    "complex GeoTIFF with its geometry JSON.")


def _slc_kind(path):
    """Return how to open ``path``: "terrasar" or "raster".

    "terrasar": a product folder or level1Product XML; "raster": a GDAL raster with a geometry
    JSON. PointTargetError for products the method cannot use (Sentinel-1, a bare JSON).
    """
    from ..products.sentinel1 import is_sentinel1
    from ..products.terrasar import ROOT_TAG, find_level1_xml, local_root_tag

    root_tag = local_root_tag(path) if os.path.isfile(path) and \
        path.lower().endswith((".xml", ".safe")) else None
    is_safe_folder = os.path.isdir(path) and (
        os.path.isfile(os.path.join(path, "manifest.safe"))
        or os.path.isdir(os.path.join(path, "annotation")))
    if is_safe_folder or root_tag in ("XFDU", "product") or is_sentinel1(path):
        raise PointTargetError(SENTINEL1_REFUSED.format(path=path))
    if os.path.isdir(path):
        try:
            find_level1_xml(path)
        except ProductError as exc:
            raise PointTargetError(str(exc)) from exc
        return "terrasar"
    if root_tag == ROOT_TAG:
        return "terrasar"
    if path.lower().endswith(".json"):
        raise PointTargetError(
            f"{path} is a geometry JSON, not an image: give the complex GeoTIFF as SLC (its "
            f"geometry JSON goes to GEOMETRY, or next to it with the same name).")
    return "raster"


def _open_terrasar(path, polarisation):
    from ..products.terrasar import open_terrasar_raster, read_terrasar

    try:
        geometry = read_terrasar(path, polarisation)
        dataset = open_terrasar_raster(path, polarisation)
    except ProductError as exc:
        raise PointTargetError(str(exc)) from exc
    return dataset, image_range_geometry(geometry)


def _open_raster_with_json(path, geometry_path):
    from osgeo import gdal  # heavy import kept local

    if geometry_path is None:
        geometry_path = os.path.splitext(path)[0] + ".json"
        if not os.path.isfile(geometry_path):
            raise PointTargetError(
                f"{path} has no geometry: the geometry JSON {geometry_path} is missing. A "
                f"complex GeoTIFF needs its SAR Height geometry JSON (orbit state vectors, "
                f"times, ranges; docs/geometry_json.md): put it next to the image with the same "
                f"name or give it explicitly.")
    try:
        geometry = read_geometry_json(geometry_path)
    except ProductError as exc:
        raise PointTargetError(str(exc)) from exc
    geometry.extra.update(_from_json_extra(geometry.extra.get("json_extra") or {},
                                           geometry.orbit.epoch))
    dataset = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    if dataset is None:
        raise PointTargetError(f"GDAL cannot open {path} as a raster "
                               f"({gdal.GetLastErrorMsg() or 'unknown format'}).")
    return dataset, geometry


def open_slc(path, geometry_path=None, polarisation=None):
    """Open an SLC; return (SlcReader, AcquisitionGeometry).

    Accepts a TerraSAR-X SSC product or a complex raster with a geometry JSON (see the module
    docstring). Raises PointTargetError with the fix for unusable input.
    """
    path = str(path)
    if not os.path.exists(path):
        raise PointTargetError(f"{path} does not exist: give a TerraSAR-X SSC product (folder or "
                               f"level1Product XML) or a complex GeoTIFF with its geometry JSON.")
    if geometry_path is None and _slc_kind(path) == "terrasar":
        dataset, geometry = _open_terrasar(path, polarisation)
    else:
        dataset, geometry = _open_raster_with_json(path, geometry_path)
    _check_complex(dataset, path)
    reader = SlcReader(dataset, path)
    _check_size(geometry, reader, path)
    _check_orbit(geometry, path)
    _spectrum_reference(geometry)
    return reader, geometry


# --------------------------------------------------------------------------------------------
# writing

def _point_target_metadata(geometry):
    return {k: geometry.extra[k] for k in POINT_TARGET_KEYS if geometry.extra.get(k) is not None}


def _to_json_extra(geometry):
    """Return the point-target keys for a geometry JSON "extra", times as absolute UTC strings.

    Absolute because the JSON reader counts seconds from the first state vector, not from this
    orbit's epoch. The Doppler centroid records are left out (the JSON has its own field).
    """
    from ..geometry.orbit import seconds_to_datetime

    extra = _point_target_metadata(geometry)
    extra.pop("doppler_centroid", None)  # JSON has its own Doppler field; the rate says it all
    t_ref = extra.pop("azimuth_spectrum_reference_time_s", None)
    if t_ref is not None:
        extra["azimuth_spectrum_reference_time"] = str(
            seconds_to_datetime(t_ref, geometry.orbit.epoch)) + "Z"
    return extra


def _finite_number(value):
    return not isinstance(value, bool) and isinstance(value, (int, float)) and np.isfinite(value)


def _valid_doppler_records(records):
    if records is None or _finite_number(records):
        return True
    return isinstance(records, list) and all(
        isinstance(r, dict) and _finite_number(r.get("time_s"))
        and isinstance(r.get("coefficients"), list) and len(r["coefficients"]) > 0
        and all(_finite_number(c) for c in r["coefficients"]) for r in records)


def _from_json_extra(extra, epoch):
    from ..geometry.orbit import datetime_to_seconds
    from ..products.fields import parse_utc

    out = dict(extra)
    if not _valid_doppler_records(out.get("doppler_centroid")):
        raise PointTargetError("The geometry JSON's extra.doppler_centroid must be a number or a "
                               "list of {\"time_s\": number, \"coefficients\": [numbers]} "
                               "records: correct or remove it (docs/point_target.md).")
    for key in NUMERIC_KEYS:
        value = out.get(key)
        if value is not None and not _finite_number(value):
            raise PointTargetError(f"The geometry JSON's extra.{key} is {value!r}, not a finite "
                                   f"number: correct or remove it (docs/point_target.md).")
    text = out.pop("azimuth_spectrum_reference_time", None)
    if text:
        try:
            time = parse_utc(text)
        except ProductError as exc:
            raise PointTargetError(f"The geometry JSON's extra.azimuth_spectrum_reference_time "
                                   f"is wrong: {exc} Correct or remove it.") from exc
        out["azimuth_spectrum_reference_time_s"] = float(datetime_to_seconds(time, epoch))
    return out


def write_terrasar_like(scene, folder):
    """Write a SimulatedScene as a TerraSAR-X-like SSC product; returns the XML path.

    COSAR holds int16 I/Q: the SLC is scaled so its largest component is ``COSAR_PEAK`` and
    ``cal_factor`` = 1 / scale^2 restores the simulated intensities (sigma = cal |DN|^2).
    """
    from ..products.terrasar_writer import METADATA_KEYS, write_terrasar_product

    slc = np.asarray(scene.slc)
    peak = max(float(np.abs(slc.real).max()), float(np.abs(slc.imag).max()), 1e-30)
    scale = COSAR_PEAK / peak
    meta = {k: v for k, v in _point_target_metadata(scene.geometry).items() if k in METADATA_KEYS}
    meta["cal_factor"] = 1.0 / scale ** 2
    return write_terrasar_product(folder, scene.geometry, slc * scale, meta)


def write_complex_geotiff(scene, tif_path, json_path=None):
    """Write a SimulatedScene as a CFloat32 GeoTIFF and its geometry JSON.

    Anything with .slc and .geometry will do; the point-target keys go to the JSON's "extra".
    Returns (tif_path, json_path).
    """
    from osgeo import gdal  # heavy import kept local

    tif_path = str(tif_path)
    json_path = json_path or os.path.splitext(tif_path)[0] + ".json"
    slc = np.asarray(scene.slc, dtype=np.complex64)
    driver = gdal.GetDriverByName("GTiff")
    dataset = driver.Create(tif_path, slc.shape[1], slc.shape[0], 1, gdal.GDT_CFloat32,
                            options=["COMPRESS=DEFLATE", "TILED=YES"])
    if dataset is None:
        raise PointTargetError(f"GDAL cannot create {tif_path}: check the folder and its "
                               f"permissions.")
    dataset.GetRasterBand(1).WriteArray(slc)
    dataset.FlushCache()
    dataset = None
    geometry = copy.copy(scene.geometry)
    extra = dict((scene.geometry.extra or {}).get("json_extra") or {})
    extra.update(_to_json_extra(scene.geometry))
    geometry.extra = {"json_extra": extra,
                      "comment": (scene.geometry.extra or {}).get("comment", "")}
    write_geometry_json(json_path, geometry)
    return tif_path, str(json_path)
