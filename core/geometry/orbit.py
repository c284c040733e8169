"""Platform trajectory from ECEF state vectors.

Times are float seconds since the orbit's ``epoch`` (numpy.datetime64[ns]); positions in
metres, velocities in metres/second, both Earth-fixed (ECEF, WGS84).
"""
from dataclasses import dataclass
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


@dataclass
class Orbit:
    """ECEF state vectors, interpolated with cubic Hermite splines over position and velocity.

    Two state vectors with equal velocity describe an airborne straight track exactly, so
    airborne and spaceborne geometries share this code path.
    """

    epoch: np.datetime64
    times: np.ndarray  # (n,) seconds since epoch, strictly increasing
    positions: np.ndarray  # (n, 3) metres
    velocities: np.ndarray  # (n, 3) metres / second

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
        idx = np.clip(np.searchsorted(self.times, t, side="right") - 1, 0, len(self.times) - 2)
        t0, t1 = self.times[idx], self.times[idx + 1]
        h = (t1 - t0)[..., None]
        s = ((t - t0) / (t1 - t0))[..., None]
        p0, p1 = self.positions[idx], self.positions[idx + 1]
        m0, m1 = self.velocities[idx] * h, self.velocities[idx + 1] * h
        s2, s3 = s * s, s * s * s
        pos = ((2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0
               + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1)
        vel = ((6 * s2 - 6 * s) * p0 + (3 * s2 - 4 * s + 1) * m0
               + (-6 * s2 + 6 * s) * p1 + (3 * s2 - 2 * s) * m1) / h
        acc = ((12 * s - 6) * p0 + (6 * s - 4) * m0
               + (-12 * s + 6) * p1 + (6 * s - 2) * m1) / (h * h)
        return pos, vel, acc
