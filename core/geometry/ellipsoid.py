"""WGS84 ellipsoid: geodetic <-> ECEF conversion and local ENU frames.

Angles in degrees at the interface, metres for lengths, heights above the ellipsoid.
"""
import numpy as np
from numpy.typing import ArrayLike

WGS84_A = 6378137.0  # semi-major axis, metres
WGS84_F = 1.0 / 298.257223563
WGS84_B = WGS84_A * (1.0 - WGS84_F)
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)  # first eccentricity squared
WGS84_EP2 = WGS84_E2 / (1.0 - WGS84_E2)  # second eccentricity squared


def geodetic_to_ecef(lat_deg: ArrayLike, lon_deg: ArrayLike, height_m: ArrayLike) -> np.ndarray:
    """Geodetic latitude/longitude (degrees), ellipsoidal height (m) -> ECEF (..., 3) metres."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    h = np.asarray(height_m, dtype=np.float64)
    sin_lat = np.sin(lat)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sin_lat**2)
    x = (n + h) * np.cos(lat) * np.cos(lon)
    y = (n + h) * np.cos(lat) * np.sin(lon)
    z = (n * (1.0 - WGS84_E2) + h) * sin_lat
    return np.stack(np.broadcast_arrays(x, y, z), axis=-1)


def ecef_to_geodetic(xyz: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ECEF (..., 3) metres -> (lat_deg, lon_deg, height_m).

    Bowring's closed form followed by one Newton refinement: sub-millimetre for
    points between the Earth's centre region and orbit heights.
    """
    xyz = np.asarray(xyz, dtype=np.float64)
    x, y, z = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    p = np.hypot(x, y)
    theta = np.arctan2(z * WGS84_A, p * WGS84_B)
    lat = np.arctan2(z + WGS84_EP2 * WGS84_B * np.sin(theta) ** 3,
                     p - WGS84_E2 * WGS84_A * np.cos(theta) ** 3)
    for _ in range(2):
        sin_lat = np.sin(lat)
        n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sin_lat**2)
        h = np.where(np.abs(np.cos(lat)) > 1e-10, p / np.cos(lat) - n,
                     np.abs(z) - WGS84_B)
        lat = np.arctan2(z, p * (1.0 - WGS84_E2 * n / (n + h)))
    sin_lat = np.sin(lat)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sin_lat**2)
    h = np.where(np.abs(np.cos(lat)) > 1e-10, p / np.cos(lat) - n, np.abs(z) - WGS84_B)
    return np.degrees(lat), np.degrees(np.arctan2(y, x)), h


def enu_basis(lat_deg: ArrayLike,
              lon_deg: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the unit vectors east, north, up (each (..., 3), ECEF) of the local tangent frame."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    sl, cl = np.sin(lat), np.cos(lat)
    so, co = np.sin(lon), np.cos(lon)
    east = np.stack(np.broadcast_arrays(-so, co, np.zeros_like(so)), axis=-1)
    north = np.stack(np.broadcast_arrays(-sl * co, -sl * so, cl), axis=-1)
    up = np.stack(np.broadcast_arrays(cl * co, cl * so, sl), axis=-1)
    return east, north, up
