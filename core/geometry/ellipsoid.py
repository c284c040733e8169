"""WGS84 ellipsoid: geodetic <-> ECEF conversion and local ENU frames.

Angles in degrees at the interface, metres for lengths, heights above the ellipsoid.

The trigonometric ufuncs only ever see contiguous arrays here: numpy (seen with 1.24 on AVX-512
CPUs) computes them with SVML unless an input's strided span seems to reach the output's
memory, and then with libm, which differs in the last bit. Where the output lands depends on
the heap, so a strided input (``xyz[..., 0]``) made the same call give different bits from
run to run, and serial and parallel runs differ (issue 16).
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
    return _ecef(*_sines(lat_deg, lon_deg), np.asarray(height_m, dtype=np.float64))


def ecef_and_up(lat_deg: ArrayLike, lon_deg: ArrayLike,
                height_m: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """geodetic_to_ecef and enu_basis's up vector at once (the same numbers, sines shared)."""
    sines = _sines(lat_deg, lon_deg)
    return _ecef(*sines, np.asarray(height_m, dtype=np.float64)), _up(*sines)


def _ecef(sin_lat: np.ndarray, cos_lat: np.ndarray, sin_lon: np.ndarray, cos_lon: np.ndarray,
          h: np.ndarray) -> np.ndarray:
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sin_lat**2)
    across = (n + h) * cos_lat  # distance from the axis
    x = across * cos_lon
    y = across * sin_lon
    z = (n * (1.0 - WGS84_E2) + h) * sin_lat
    return np.stack(np.broadcast_arrays(x, y, z), axis=-1)


def ecef_to_geodetic(xyz: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ECEF (..., 3) metres -> (lat_deg, lon_deg, height_m).

    Bowring's closed form followed by one Newton refinement: sub-millimetre for
    points between the Earth's centre region and orbit heights.
    """
    x, y, z = _contiguous_axes(xyz)
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


def _contiguous_axes(xyz: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return x, y, z of (..., 3) points as three packed float64 copies (see module).

    Always copies: numpy calls a one-point view ``xyz[..., 0]`` contiguous, but its 24-byte
    stride still reaches into a neighbouring output.
    """
    xyz = np.asarray(xyz, dtype=np.float64)
    return np.array(xyz[..., 0]), np.array(xyz[..., 1]), np.array(xyz[..., 2])


def _sines(lat_deg: ArrayLike,
           lon_deg: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return sin and cos of latitude and longitude in degrees: (sl, cl, so, co)."""
    lat = np.radians(np.array(lat_deg, dtype=np.float64))  # packed copies, see module
    lon = np.radians(np.array(lon_deg, dtype=np.float64))
    return np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)


def _up(sl: np.ndarray, cl: np.ndarray, so: np.ndarray, co: np.ndarray) -> np.ndarray:
    return np.stack(np.broadcast_arrays(cl * co, cl * so, sl), axis=-1)


def enu_basis(lat_deg: ArrayLike,
              lon_deg: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the unit vectors east, north, up (each (..., 3), ECEF) of the local tangent frame."""
    sl, cl, so, co = _sines(lat_deg, lon_deg)
    east = np.stack(np.broadcast_arrays(-so, co, np.zeros_like(so)), axis=-1)
    north = np.stack(np.broadcast_arrays(-sl * co, -sl * so, cl), axis=-1)
    return east, north, _up(sl, cl, so, co)


def up_vector(lat_deg: ArrayLike, lon_deg: ArrayLike) -> np.ndarray:
    """Return the unit vector up (..., 3) of enu_basis alone (the same numbers)."""
    return _up(*_sines(lat_deg, lon_deg))
