"""Test whether ground points fall inside a product's raster."""
import numpy as np

from ..geometry.ellipsoid import geodetic_to_ecef


def image_position(geometry, lon_deg, lat_deg, height_m=None):
    """Fractional (line, sample) of ground points; NaN where geo2rdr finds no solution."""
    if height_m is None:
        height_m = float(np.mean([g[4] for g in geometry.gcps])) if geometry.gcps else 0.0
    xyz = geodetic_to_ecef(lat_deg, lon_deg, height_m)
    t, slant_range, ok = geometry.geo2rdr(xyz)
    line, sample = geometry.radar_to_image(np.where(ok, t, geometry.mid_time_s),
                                           np.where(ok, slant_range, geometry.near_slant_range_m))
    return np.where(ok, line, np.nan), np.where(ok, sample, np.nan)


def contains_lonlat(geometry, lon_deg, lat_deg, height_m=None):
    """Return True where the point images inside the product raster (lines x samples).

    ``height_m`` (ellipsoidal m): default the mean GCP height, else 0.
    """
    line, sample = image_position(geometry, np.asarray(lon_deg, float), np.asarray(lat_deg, float),
                                  height_m)
    with np.errstate(invalid="ignore"):
        return ((line >= -0.5) & (line <= geometry.lines - 0.5)
                & (sample >= -0.5) & (sample <= geometry.samples - 0.5))
