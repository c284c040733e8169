"""A map extent (longitude/latitude box) as a window of a radar-geometry image.

Used to limit the point-target search to an AREA the user draws on the map: the extent's
edges are sampled, placed at the given height, projected into the image with geo2rdr, and
the bounding box of the projected points is clipped to the image. A map position is ambiguous
in range until its height is known (a height error dh moves it by dh cos(incidence) of slant
range), so the extent is projected at every height given (the ends of the height search) and
the union is taken. The image's range axis is
the apparent range, so the tropospheric delay the processor assumed is added (metres of
zenith delay mapped by 1/cos(incidence), as in range_history): at X band 2.3 m of zenith
delay moves a target by several range pixels.
"""
import numpy as np

from ..geometry.ellipsoid import geodetic_to_ecef
from .range_history import local_incidence_cosine


def _edge_points(lon_min, lat_min, lon_max, lat_max, per_edge):
    """(lon, lat) arrays along the extent's four edges (its corners included)."""
    t = np.linspace(0.0, 1.0, max(int(per_edge), 2))
    lon = np.concatenate([lon_min + (lon_max - lon_min) * t, np.full(t.size, lon_max),
                          lon_max - (lon_max - lon_min) * t, np.full(t.size, lon_min)])
    lat = np.concatenate([np.full(t.size, lat_min), lat_min + (lat_max - lat_min) * t,
                          np.full(t.size, lat_max), lat_max - (lat_max - lat_min) * t])
    return lon, lat


def _apparent_range_m(geometry, xyz, azimuth_time_s, slant_range_m, zenith_delay_m):
    if not zenith_delay_m:
        return slant_range_m
    position, _, _ = geometry.orbit.interpolate(azimuth_time_s)
    unit = position - xyz
    unit /= np.linalg.norm(unit, axis=-1, keepdims=True)
    return slant_range_m + float(zenith_delay_m) / local_incidence_cosine(xyz, unit)


def image_window_of_lonlat(geometry, extent_lonlat, heights_m, lines, samples, per_edge=9,
                           zenith_delay_m=0.0):
    """Return the image window (line0, sample0, lines, samples) covered by a lon/lat extent.

    ``extent_lonlat`` = (lon_min, lat_min, lon_max, lat_max) in degrees, placed at any of
    ``heights_m`` (ellipsoidal metres); None when it misses the image (``lines`` x ``samples``
    pixels). ``zenith_delay_m``: the delay in the image's range axis (the processor's assumed
    one, metres of zenith delay).
    """
    lon, lat = _edge_points(*extent_lonlat, per_edge)
    heights = np.repeat(np.atleast_1d(np.asarray(heights_m, dtype=np.float64)), lon.size)
    lon, lat = np.tile(lon, heights.size // lon.size), np.tile(lat, heights.size // lat.size)
    xyz = geodetic_to_ecef(lat, lon, heights)
    t, slant_range, converged = geometry.geo2rdr(xyz)
    slant_range = _apparent_range_m(geometry, xyz, t, slant_range, zenith_delay_m)
    line, sample = geometry.radar_to_image(t, slant_range)
    ok = np.asarray(converged, dtype=bool) & np.isfinite(line) & np.isfinite(sample)
    if not ok.any():
        return None
    line0 = int(np.clip(np.floor(line[ok].min()), 0, lines))
    line1 = int(np.clip(np.ceil(line[ok].max()) + 1, 0, lines))
    sample0 = int(np.clip(np.floor(sample[ok].min()), 0, samples))
    sample1 = int(np.clip(np.ceil(sample[ok].max()) + 1, 0, samples))
    if line1 <= line0 or sample1 <= sample0:
        return None
    return line0, sample0, line1 - line0, sample1 - sample0
