"""Which way the radar looks on the ground: azimuth of the line of sight and east/west.

Map-geometry rasters are north-up, so a side-looking radar on a near-polar orbit looks
either towards increasing columns (east, e.g. Sentinel-1 ascending, right-looking) or
towards decreasing columns (west, descending). Height models learn one of the two
(core.inference mirrors the other), so rasters carry the direction in their GDAL metadata.
"""
import math

import numpy as np

from ..geometry.ellipsoid import ecef_to_geodetic, enu_basis

METADATA_LOOK_AZIMUTH = "SAR_LOOK_AZIMUTH_DEG"  # GDAL dataset metadata item (degrees)
METADATA_LOOK_DIRECTION = "SAR_LOOK_DIRECTION"  # GDAL dataset metadata item: east / west


def ground_look_azimuth_deg(geometry, height_m=0.0):
    """Return the azimuth of the horizontal line of sight (degrees clockwise from north).

    In [0, 360): from the radar towards the scene centre at ellipsoidal height ``height_m``.

    ``geometry``: core.products.AcquisitionGeometry. The direction is that of increasing
    slant range on the ground at the middle line and the middle sample.
    """
    t, slant_range_m = geometry.image_to_radar((geometry.lines - 1) / 2.0,
                                               (geometry.samples - 1) / 2.0)
    target = np.asarray(geometry.rdr2geo(t, slant_range_m, height_m), dtype=np.float64)
    position = np.asarray(geometry.orbit.interpolate(t)[0], dtype=np.float64)
    lat, lon, _ = ecef_to_geodetic(target)
    east, north, _ = enu_basis(lat, lon)
    sight = target - position
    azimuth = math.degrees(math.atan2(float(np.dot(sight, east)), float(np.dot(sight, north))))
    return azimuth % 360.0


def look_direction(azimuth_deg):
    """"east" when the line of sight points towards increasing columns of a north-up grid."""
    return "east" if math.sin(math.radians(azimuth_deg)) > 0 else "west"


def look_metadata(geometry, height_m=0.0):
    """GDAL metadata items {SAR_LOOK_AZIMUTH_DEG, SAR_LOOK_DIRECTION} of a product."""
    azimuth = ground_look_azimuth_deg(geometry, height_m)
    return {METADATA_LOOK_AZIMUTH: f"{azimuth:.2f}",
            METADATA_LOOK_DIRECTION: look_direction(azimuth)}
