"""Range-Doppler geolocation: geo2rdr (ground -> radar) and rdr2geo (radar -> ground).

All positions ECEF metres, azimuth times in seconds since the orbit epoch, slant ranges in
metres, Doppler centroid in Hz, wavelength in metres.
"""
from typing import Callable, Optional, Union

import numpy as np
from numpy.typing import ArrayLike

from .ellipsoid import WGS84_A, WGS84_B, ecef_to_geodetic
from .orbit import Orbit

# Doppler centroid: None (zero Doppler), a constant (Hz) or f(azimuth_time_s, slant_range_m) -> Hz
DopplerHz = Union[None, float, Callable[[np.ndarray, np.ndarray], Union[float, np.ndarray]]]
# height_at(lat_deg, lon_deg) -> ellipsoidal height (m), NaN where unknown
HeightAt = Callable[[np.ndarray, np.ndarray], ArrayLike]
RangeCirclePoint = Callable[[np.ndarray], np.ndarray]  # look angle (rad) -> ECEF (..., 3)
FirstGuess = Callable[[np.ndarray], np.ndarray]  # height (m) -> look angle (rad)

TIME_TOLERANCE_S = 1e-6  # geo2rdr: the Newton step (s) after which a target is solved
# ... and with a Doppler centroid function, whose own change the Newton slope leaves out:
# the iteration then converges linearly (ratio << 1), so the last step must be smaller
DOPPLER_FUNCTION_TIME_TOLERANCE_S = 1e-9
MAX_ITERATIONS = 30
BLOCK_POINTS = 16384  # geo2rdr solves targets in blocks of this many (arrays stay in cache)
_BRACKET_MARGIN_M = 10.0  # rdr2geo_dem: bracket beyond the DEM's height bounds
_BRACKET_TOLERANCE_M = 0.5  # and its ends' height accuracy (within the margin)


def _doppler_offset(doppler_hz: DopplerHz, wavelength_m: Optional[float], t: np.ndarray,
                    slant_range_m: np.ndarray) -> Union[float, np.ndarray]:
    """Return the term lambda * R * fdc / 2 (m^2/s) of the Doppler equation (0 for zero Doppler)."""
    if doppler_hz is None:
        return 0.0
    fdc = doppler_hz(t, slant_range_m) if callable(doppler_hz) else doppler_hz
    # a Doppler centroid always comes with its wavelength (the products carry both)
    return 0.5 * wavelength_m * slant_range_m * fdc  # type: ignore[operator]


def geo2rdr(orbit: Orbit, target_xyz: ArrayLike, wavelength_m: Optional[float] = None,
            doppler_hz: DopplerHz = None, initial_time_s: Optional[ArrayLike] = None,
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Azimuth time (s) and slant range (m) at which each target satisfies the Doppler equation.

    Solves ``V(t).(P - S(t)) - lambda R fdc / 2 = 0`` by Newton iteration, vectorised over any
    number of targets (``target_xyz`` shape (..., 3)). ``doppler_hz`` is None for zero-Doppler
    geometry, a constant, or ``f(azimuth_time_s, slant_range_m) -> Hz``. Returns
    ``(azimuth_time_s, slant_range_m, converged)``; non-converged entries are NaN.

    Each target iterates until its own Newton step is at most ``TIME_TOLERANCE_S`` (1 us) and
    that step is applied: Newton converges quadratically, so the time left over is of the
    order of the step squared times ``f''/(2 f')`` (about 1e-15 s for a satellite). With a
    Doppler centroid function the slope leaves out the function's own change, convergence is
    linear and the stop is ``DOPPLER_FUNCTION_TIME_TOLERANCE_S`` (1 ns). The slant range is
    carried over the last step to first order (the rest is below 1e-10 m). A target's result
    depends on itself alone, not on the targets solved with it.
    """
    target = np.asarray(target_xyz, dtype=np.float64)
    shape = target.shape[:-1]
    if initial_time_s is None:
        initial_time_s = 0.5 * (orbit.start_time + orbit.stop_time)
    start = np.broadcast_to(np.asarray(initial_time_s, dtype=np.float64), shape).ravel()
    points = target.reshape(-1, 3)
    t = np.full(len(points), np.nan)
    slant_range = np.full(len(points), np.nan)
    tolerance_s = DOPPLER_FUNCTION_TIME_TOLERANCE_S if callable(doppler_hz) else TIME_TOLERANCE_S
    with np.errstate(divide="ignore", invalid="ignore"):
        for first in range(0, len(points), BLOCK_POINTS):
            block = slice(first, first + BLOCK_POINTS)
            t[block], slant_range[block] = _solve_block(
                orbit, points[block], start[block], (wavelength_m, doppler_hz), tolerance_s)
    converged = (t >= orbit.start_time) & (t <= orbit.stop_time)
    t[~converged] = np.nan
    slant_range[~converged] = np.nan
    return t.reshape(shape), slant_range.reshape(shape), converged.reshape(shape)


def _solve_block(orbit: Orbit, points: np.ndarray, start: np.ndarray,
                 doppler: tuple[Optional[float], DopplerHz], tolerance_s: float,
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Newton iteration of geo2rdr for the targets ``points`` (n, 3) from times ``start`` (n,).

    ``doppler`` is (wavelength m, Doppler centroid) as geo2rdr takes them. Returns (azimuth
    time s, slant range m), NaN where a target's step never fell to ``tolerance_s`` within
    ``MAX_ITERATIONS``. Targets leave the iteration as they converge.
    """
    target = np.ascontiguousarray(points.T)  # (3, n): one contiguous row per axis
    t = start.copy()
    index = np.arange(len(t))  # of the targets still iterating
    out_t = np.full(len(t), np.nan)
    out_range = np.full(len(t), np.nan)
    for _ in range(MAX_ITERATIONS):
        step, slant_range, closing_speed = _newton_step(orbit, target, t, *doppler)
        t = t - step
        finished = ~(np.abs(step) > tolerance_s)  # NaN targets finish, unconverged
        if finished.any():
            out_t[index[finished]] = t[finished]
            # dR/dt = -closing_speed: carry the range from t + step to t
            out_range[index[finished]] = (slant_range + closing_speed * step)[finished]
            going_on = ~finished
            if not going_on.any():
                break
            index, t, target = index[going_on], t[going_on], target[:, going_on]
    return out_t, out_range


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Scalar products of component-major vectors (3, n) -> (n,)."""
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _newton_step(orbit: Orbit, target: np.ndarray, t: np.ndarray,
                 wavelength_m: Optional[float], doppler_hz: DopplerHz,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton step (s), slant range (m) and closing speed V.(P - S)/R (m/s) at times ``t``.

    ``target`` is component-major (3, n). The step is clipped to the orbit's time span, which
    keeps a poor first guess from leaving the orbit entirely.
    """
    position, velocity, acceleration = orbit.state_by_axis(t)
    line_of_sight = target - position
    slant_range = np.sqrt(_dot(line_of_sight, line_of_sight))
    along = _dot(velocity, line_of_sight)
    slope = _dot(acceleration, line_of_sight) - _dot(velocity, velocity)
    residual = along
    if doppler_hz is not None:
        offset = _doppler_offset(doppler_hz, wavelength_m, t, slant_range)
        residual = along - offset
        # d(offset)/dt through the range (dR/dt = -along / R); fdc's own change is left out
        slope = slope + offset * along / (slant_range * slant_range)
    span = orbit.stop_time - orbit.start_time
    step = np.clip(residual / slope, -span, span)
    return step, slant_range, along / slant_range


def _look_frame(pos: np.ndarray,
                vel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Along-track unit vector, unit 'down' orthogonal to it, and the right-looking unit vector."""
    along = vel / np.linalg.norm(vel, axis=-1, keepdims=True)
    down = -pos / np.linalg.norm(pos, axis=-1, keepdims=True)
    down = down - np.einsum("...i,...i->...", down, along)[..., None] * along
    down /= np.linalg.norm(down, axis=-1, keepdims=True)
    right = np.cross(down, along)  # with z up, x forward: right = -y = down x forward
    return along, down, right


def _range_circle(orbit: Orbit, azimuth_time_s: ArrayLike, slant_range_m: ArrayLike,
                  look_side: str, wavelength_m: Optional[float], doppler_hz: DopplerHz,
                  ) -> tuple[RangeCirclePoint, FirstGuess]:
    """Points on the circle of (t, R) as a function of the look angle from nadir (radians)."""
    t, rng = np.broadcast_arrays(np.asarray(azimuth_time_s, dtype=np.float64),
                                 np.asarray(slant_range_m, dtype=np.float64))
    pos, vel, _ = orbit.interpolate(t)
    along, down, right = _look_frame(pos, vel)
    side = 1.0 if look_side == "right" else -1.0
    along_offset = _doppler_offset(doppler_hz, wavelength_m, t, rng) / np.linalg.norm(vel, axis=-1)
    radius = np.sqrt(np.maximum(rng**2 - along_offset**2, 0.0))

    def point(theta: np.ndarray) -> np.ndarray:
        return (pos + along_offset[..., None] * along
                + radius[..., None] * (np.cos(theta)[..., None] * down
                                       + side * np.sin(theta)[..., None] * right))

    def first_guess(height_m: np.ndarray) -> np.ndarray:
        # Spherical earth with the local ellipsoid radius below the platform.
        sat_r = np.linalg.norm(pos, axis=-1)
        lat_s = np.arcsin(pos[..., 2] / sat_r)
        earth_r = np.hypot(WGS84_A**2 * np.cos(lat_s), WGS84_B**2 * np.sin(lat_s)) / np.hypot(
            WGS84_A * np.cos(lat_s), WGS84_B * np.sin(lat_s))
        cos_theta = (sat_r**2 + radius**2 - (earth_r + height_m) ** 2) / (2 * sat_r * radius)
        return np.arccos(np.clip(cos_theta, -1.0, 1.0))

    return point, first_guess


def _look_angle(point: RangeCirclePoint, first_guess: FirstGuess, height_m: np.ndarray,
                tolerance_m: float, per_point: bool = False) -> np.ndarray:
    """Return the look angle (rad) of the range-circle point at ellipsoidal ``height_m`` (metres).

    Newton iteration on the height, starting from the spherical first guess, until every point
    is within ``tolerance_m``. ``per_point``: a point stops at its own first iterate within
    the tolerance, so its angle does not depend on the points solved with it (otherwise all
    go on until the last one is done).
    """
    theta = first_guess(height_m)
    d_theta = 1e-6
    for _ in range(MAX_ITERATIONS):
        _, _, h_now = ecef_to_geodetic(point(theta))
        done = np.abs(h_now - height_m) < tolerance_m
        if np.all(done):
            break
        _, _, h_next = ecef_to_geodetic(point(theta + d_theta))
        slope = (h_next - h_now) / d_theta
        step = (h_now - height_m) / np.where(np.abs(slope) > 1e-6, slope, 1e-6)
        theta = theta - (np.where(done, 0.0, step) if per_point else step)
    return theta


def rdr2geo(orbit: Orbit, azimuth_time_s: ArrayLike, slant_range_m: ArrayLike,
            height_m: ArrayLike, look_side: str = "right", wavelength_m: Optional[float] = None,
            doppler_hz: DopplerHz = None, tolerance_m: float = 1e-4,
            per_point: bool = False) -> np.ndarray:
    """Ground point (ECEF (..., 3) metres) at ellipsoidal ``height_m`` seen at (t, R).

    The target lies on the circle cut from the range sphere by the Doppler cone; the look
    angle on that circle is found by Newton iteration on the height. ``height_m`` may be a
    scalar or an array broadcastable to the inputs. ``per_point``: each point's result
    depends on its own inputs alone, not on the other points of the call (see _look_angle).
    """
    t, rng, h = np.broadcast_arrays(np.asarray(azimuth_time_s, dtype=np.float64),
                                    np.asarray(slant_range_m, dtype=np.float64),
                                    np.asarray(height_m, dtype=np.float64))
    point, first_guess = _range_circle(orbit, t, rng, look_side, wavelength_m, doppler_hz)
    return point(_look_angle(point, first_guess, h, tolerance_m, per_point))


def rdr2geo_dem(orbit: Orbit, azimuth_time_s: ArrayLike, slant_range_m: ArrayLike,
                height_at: HeightAt, height_bounds_m: tuple[float, float],
                look_side: str = "right", wavelength_m: Optional[float] = None,
                doppler_hz: DopplerHz = None, tolerance_m: float = 0.01) -> np.ndarray:
    """rdr2geo on a DEM: ``height_at(lat_deg, lon_deg) -> ellipsoidal height (m)``.

    Brackets the look angle between the points at the DEM's lowest and highest heights
    (``height_bounds_m``) and bisects on ``point height - DEM height``, which cannot diverge in
    steep terrain. In layover several ground points share (t, R); bisection returns one of
    them. Returns ECEF points, NaN where the DEM has no height along the bracket, or where
    the surface is not crossed between the bracket's ends (it leaves ``height_bounds_m``).
    """
    t, rng = np.broadcast_arrays(np.asarray(azimuth_time_s, dtype=np.float64),
                                 np.asarray(slant_range_m, dtype=np.float64))
    point, first_guess = _range_circle(orbit, t, rng, look_side, wavelength_m, doppler_hz)
    # The bracket ends are solved on the ellipsoid: the spherical first guess alone is off by
    # up to ~1.5 km of height for a spaceborne track looking north or south (the sphere has
    # the radius below the platform, degrees of latitude away from the ground), and a bracket
    # that misses the surface silently collapses onto one of its ends.
    low = _look_angle(point, first_guess, np.full(t.shape, float(height_bounds_m[0])
                                                 - _BRACKET_MARGIN_M), _BRACKET_TOLERANCE_M)
    high = _look_angle(point, first_guess, np.full(t.shape, float(height_bounds_m[1])
                                                  + _BRACKET_MARGIN_M), _BRACKET_TOLERANCE_M)
    # a surface leaving [low, high] (bounds too narrow) would end on a bracket end: NaN
    outside = (_above_surface_m(point, high, height_at) <= 0) | (
        _above_surface_m(point, low, height_at) > 0)
    theta = 0.5 * (low + high)
    for _ in range(60):
        theta = 0.5 * (low + high)
        lat, lon, h_point = ecef_to_geodetic(point(theta))
        above = h_point - np.asarray(height_at(lat, lon), dtype=np.float64) > 0
        high = np.where(above, theta, high)
        low = np.where(above, low, theta)
        if np.nanmax(np.abs(high - low)) * np.nanmax(rng) < tolerance_m:
            break
    xyz = point(0.5 * (low + high))
    lat, lon, h_point = ecef_to_geodetic(xyz)
    missing = ~np.isfinite(np.asarray(height_at(lat, lon), dtype=np.float64))
    xyz[missing | outside] = np.nan
    return xyz


def _above_surface_m(point: RangeCirclePoint, theta: np.ndarray,
                     height_at: HeightAt) -> np.ndarray:
    """Height (m) of the range-circle points at look angles ``theta`` above the surface."""
    lat, lon, h_point = ecef_to_geodetic(point(theta))
    with np.errstate(invalid="ignore"):
        return h_point - np.asarray(height_at(lat, lon), dtype=np.float64)
