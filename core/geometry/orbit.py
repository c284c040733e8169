"""Platform trajectory from ECEF state vectors.

Times are float seconds since the orbit's ``epoch`` (numpy.datetime64[ns]); positions in
metres, velocities in metres/second, both Earth-fixed (ECEF, WGS84).

Between two state vectors the trajectory is the cubic Hermite spline through their positions
and velocities. It is a cubic polynomial in the time since the interval's start, so its four
vector coefficients are computed once per orbit (``hermite_coefficients``) and every position,
velocity and acceleration is a Horner evaluation of them.
"""
from dataclasses import dataclass, field
from typing import Union

import numpy as np
from numpy.typing import ArrayLike

Epoch = Union[np.datetime64, str]  # an orbit's epoch: numpy.datetime64 or ISO string


def datetime_to_seconds(value: ArrayLike, epoch: Epoch) -> np.ndarray:
    """numpy.datetime64 (or ISO string) -> float seconds since ``epoch``."""
    delta = np.asarray(value, dtype="datetime64[ns]") - np.datetime64(epoch, "ns")
    return delta.astype(np.int64) * 1e-9


def seconds_to_datetime(seconds: ArrayLike, epoch: Epoch) -> np.ndarray:
    """Float seconds since ``epoch`` -> numpy.datetime64[ns]."""
    nanos = np.round(np.asarray(seconds, dtype=np.float64) * 1e9).astype(np.int64)
    return np.datetime64(epoch, "ns") + nanos.astype("timedelta64[ns]")


def hermite_coefficients(times: np.ndarray, positions: np.ndarray,
                         velocities: np.ndarray) -> np.ndarray:
    """Return the polynomial coefficients (segments, 4, 3) of the cubic Hermite spline.

    On the interval ``[times[k], times[k + 1]]`` of length ``h``, with ``tau = t - times[k]``
    (s), the spline through positions ``p0, p1`` (m) and velocities ``v0, v1`` (m/s) is
    ``c0 + c1 tau + c2 tau^2 + c3 tau^3`` with ``c0 = p0``, ``c1 = v0``,
    ``c2 = (3 g - 2 v0 - v1) / h`` and ``c3 = (v0 + v1 - 2 g) / h^2``, where
    ``g = (p1 - p0) / h`` is the mean velocity over the interval.
    """
    h = np.diff(times)[:, None]
    p0, p1 = positions[:-1], positions[1:]
    v0, v1 = velocities[:-1], velocities[1:]
    mean_velocity = (p1 - p0) / h
    c2 = (3.0 * mean_velocity - 2.0 * v0 - v1) / h
    c3 = (v0 + v1 - 2.0 * mean_velocity) / (h * h)
    return np.stack([p0, v0, c2, c3], axis=1)


@dataclass
class Orbit:
    """ECEF state vectors, interpolated with cubic Hermite splines over position and velocity.

    Two state vectors with equal velocity describe an airborne straight track exactly, so
    airborne and spaceborne geometries share this code path. The spline's coefficients are
    computed when the orbit is built: build a new Orbit (or ``dataclasses.replace``) rather
    than changing the state vectors of an existing one.
    """

    epoch: np.datetime64
    times: np.ndarray  # (n,) seconds since epoch, strictly increasing
    positions: np.ndarray  # (n, 3) metres
    velocities: np.ndarray  # (n, 3) metres / second
    # (4, 3, n - 1): hermite_coefficients, component-major (one contiguous row per term, axis)
    _coefficients: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.epoch = np.datetime64(self.epoch, "ns")
        self.times = np.asarray(self.times, dtype=np.float64)
        self.positions = np.asarray(self.positions, dtype=np.float64).reshape(-1, 3)
        self.velocities = np.asarray(self.velocities, dtype=np.float64).reshape(-1, 3)
        if len(self.times) < 2:
            raise ValueError("An orbit needs at least two state vectors.")
        if np.any(np.diff(self.times) <= 0):
            raise ValueError("Orbit state vector times must be strictly increasing.")
        if not (len(self.times) == len(self.positions) == len(self.velocities)):
            raise ValueError("Orbit times, positions and velocities differ in length.")
        self._coefficients = np.ascontiguousarray(hermite_coefficients(
            self.times, self.positions, self.velocities).transpose(1, 2, 0))

    @classmethod
    def straight_track(cls, epoch: Epoch, position_m: ArrayLike, velocity_m_s: ArrayLike,
                       start_s: float, stop_s: float) -> "Orbit":
        """Constant-velocity track (airborne) through ``position_m`` at time 0."""
        p = np.asarray(position_m, dtype=np.float64)
        v = np.asarray(velocity_m_s, dtype=np.float64)
        times = np.array([start_s, stop_s], dtype=np.float64)
        return cls(np.datetime64(epoch, "ns"), times, p + times[:, None] * v, np.stack([v, v]))

    @property
    def start_time(self) -> float:
        """Time of the first state vector (seconds since epoch)."""
        return float(self.times[0])

    @property
    def stop_time(self) -> float:
        """Time of the last state vector (seconds since epoch)."""
        return float(self.times[-1])

    def interpolate(self, t: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Position, velocity and acceleration (each (..., 3)) at times ``t`` (seconds).

        Beyond the state vectors the end segment is extrapolated; callers check
        ``start_time``/``stop_time`` when that matters.
        """
        t = np.asarray(t, dtype=np.float64)
        position, velocity, acceleration = self.state_by_axis(t.ravel())
        shape = t.shape + (3,)
        return (np.ascontiguousarray(position.T).reshape(shape),
                np.ascontiguousarray(velocity.T).reshape(shape),
                np.ascontiguousarray(acceleration.T).reshape(shape))

    def position(self, t: ArrayLike) -> np.ndarray:
        """Position (..., 3) at times ``t`` (seconds): interpolate's first result alone."""
        t = np.asarray(t, dtype=np.float64)
        tau, (c0, c1, c2, c3) = self._segments(t.ravel())
        position = c0 + tau * (c1 + tau * (c2 + tau * c3))
        return np.ascontiguousarray(position.T).reshape(t.shape + (3,))

    def _segment_of(self, t: np.ndarray) -> np.ndarray:
        return np.clip(np.searchsorted(self.times, t, side="right") - 1, 0, len(self.times) - 2)

    def _segments(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Time since the segment's start (s) and the segment's coefficients (4, 3, n or 1)."""
        if t.size:
            ends = np.array([t.min(), t.max()])  # NaN if any time is NaN
            first, last = self._segment_of(ends)
            if first == last and not np.isnan(ends).any():
                # one segment (the usual case for a block of targets): the same numbers,
                # broadcast from one column instead of gathered per time
                return t - self.times[first], self._coefficients[:, :, first:first + 1]
        segment = self._segment_of(t)
        return t - self.times[segment], np.take(self._coefficients, segment, axis=2)

    def state_by_axis(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Position (m), velocity (m/s) and acceleration (m/s^2) at 1-D times ``t`` (s).

        Each comes component-major, shape (3, len(t)), one contiguous row per axis: the layout
        geo2rdr's per-point arithmetic runs fastest on. ``interpolate`` returns the same
        numbers.
        """
        tau, (c0, c1, c2, c3) = self._segments(t)
        position = c0 + tau * (c1 + tau * (c2 + tau * c3))
        velocity = c1 + tau * (2.0 * c2 + tau * (3.0 * c3))
        acceleration = 2.0 * c2 + tau * (6.0 * c3)
        return position, velocity, acceleration
