"""Synthetic test scenes: a spaceborne straight track over a DEM, and a coarse copy of a DEM.

Used by the truth evaluation (scripts/eval_reconstruction.py, test_reconstruction.py). The
track is Sentinel-1-like: ~700 km altitude, 7.5 km/s, right-looking, C band, 2.33 m slant
range spacing and lines 14 m apart on the ground, placed so that the scene centre is seen at
the requested ellipsoid incidence. A straight line in ECEF keeps geo2rdr exact and cheap,
and over the few seconds a small scene lasts it differs from an orbit by metres.
"""
import math
from dataclasses import dataclass

import numpy as np
from osgeo import gdal

from ..geometry.ellipsoid import enu_basis, geodetic_to_ecef
from ..geometry.orbit import Orbit
from ..products.acquisition import AcquisitionGeometry

gdal.UseExceptions()

EARTH_RADIUS_M = 6371000.0  # spherical approximation, only to place the track
MARGIN_PIXELS = 32  # image border around the DEM's footprint (lines and samples)


@dataclass
class TrackSpec:
    """A straight, constant-speed radar track for a synthetic acquisition over a DEM."""

    altitude_m: float = 700e3
    speed_m_s: float = 7500.0
    heading_deg: float = 350.0  # ascending, near-polar; right-looking sees towards ~080 deg
    incidence_deg: float = 37.0  # ellipsoid incidence at the scene centre
    wavelength_m: float = 0.05547  # C band
    slant_spacing_m: float = 2.33
    azimuth_spacing_m: float = 14.0  # ground distance between lines (straight track: V dt)


def _destination(lat_deg, lon_deg, bearing_deg, distance_m):
    """Great-circle destination on the sphere (degrees)."""
    lat, lon, b = (math.radians(v) for v in (lat_deg, lon_deg, bearing_deg))
    d = distance_m / EARTH_RADIUS_M
    lat2 = math.asin(math.sin(lat) * math.cos(d) + math.cos(lat) * math.sin(d) * math.cos(b))
    lon2 = lon + math.atan2(math.sin(b) * math.sin(d) * math.cos(lat),
                            math.cos(d) - math.sin(lat) * math.sin(lat2))
    return math.degrees(lat2), math.degrees(lon2)


def _ground_distance_m(spec):
    """Ground distance sensor nadir -> scene for the wanted incidence (sphere)."""
    incidence = math.radians(spec.incidence_deg)
    off_nadir = math.asin(math.sin(incidence) * EARTH_RADIUS_M
                          / (EARTH_RADIUS_M + spec.altitude_m))
    return EARTH_RADIUS_M * (incidence - off_nadir)


def _dem_corners_ecef(dem, heights):
    lon, lat = dem.footprint_lonlat()
    return np.concatenate([geodetic_to_ecef(lat, lon, np.full(lon.shape, h)) for h in heights])


def straight_track_geometry(dem, spec=None, height_range_m=(-500.0, 9000.0)):
    """AcquisitionGeometry whose image covers ``dem`` (a DemRaster) with a margin.

    ``height_range_m``: ellipsoidal heights the image must cover at the DEM's corners.
    """
    spec = spec or TrackSpec()
    lon, lat = dem.footprint_lonlat()
    lat0, lon0 = float(np.mean(lat)), float(np.mean(lon))
    right = spec.heading_deg + 90.0  # right-looking: the scene lies to the right of the track
    lat_s, lon_s = _destination(lat0, lon0, right + 180.0, _ground_distance_m(spec))
    position = geodetic_to_ecef(lat_s, lon_s, spec.altitude_m)
    east, north, _ = enu_basis(lat_s, lon_s)
    heading = math.radians(spec.heading_deg)
    velocity = spec.speed_m_s * (math.sin(heading) * east + math.cos(heading) * north)
    corners = _dem_corners_ecef(dem, height_range_m)
    # Zero Doppler on a straight track: t = (P - S0).v / |v|^2, R = |P - S(t)|.
    t = (corners - position) @ velocity / (spec.speed_m_s ** 2)
    ranges = np.linalg.norm(corners - (position + t[:, None] * velocity), axis=1)
    dt = spec.azimuth_spacing_m / spec.speed_m_s
    first = float(t.min()) - MARGIN_PIXELS * dt
    lines = int(math.ceil((t.max() - t.min()) / dt)) + 2 * MARGIN_PIXELS
    near = float(ranges.min()) - MARGIN_PIXELS * spec.slant_spacing_m
    samples = int(math.ceil((ranges.max() - ranges.min()) / spec.slant_spacing_m)) \
        + 2 * MARGIN_PIXELS
    span = abs(first) + lines * dt + 10.0
    orbit = Orbit.straight_track(np.datetime64("2024-06-01T06:00:00", "ns"), position,
                                 velocity, -span, span)
    return AcquisitionGeometry(
        mission="synthetic straight track", product_type="SLC", orbit=orbit,
        wavelength_m=spec.wavelength_m, look_side="right", first_line_time_s=first,
        azimuth_time_interval_s=dt, lines=lines, samples=samples, near_slant_range_m=near,
        range_pixel_spacing_m=spec.slant_spacing_m)


def coarsen_dem(source_path, target_path, factor=3):
    """Block-average a DEM by ``factor`` x ``factor`` into a GeoTIFF whose grid nests the source.

    The source is cut to a multiple of ``factor`` (from the top-left corner); a coarse cell is
    nodata when any of its fine cells is. Returns (rows, cols) of the coarse grid.
    """
    source = gdal.Open(str(source_path))
    band = source.GetRasterBand(1)
    rows, cols = source.RasterYSize // factor, source.RasterXSize // factor
    fine = band.ReadAsArray(0, 0, cols * factor, rows * factor).astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        fine[fine == nodata] = np.nan
    coarse = fine.reshape(rows, factor, cols, factor).mean(axis=(1, 3))
    gt = list(source.GetGeoTransform())
    gt[1], gt[2], gt[4], gt[5] = (v * factor for v in (gt[1], gt[2], gt[4], gt[5]))
    target = gdal.GetDriverByName("GTiff").Create(str(target_path), cols, rows, 1,
                                                   gdal.GDT_Float32)
    target.SetGeoTransform(gt)
    target.SetProjection(source.GetProjection())
    out = target.GetRasterBand(1)
    out.SetNoDataValue(-9999.0)
    out.WriteArray(np.where(np.isfinite(coarse), coarse, -9999.0).astype(np.float32))
    target = None
    return rows, cols
