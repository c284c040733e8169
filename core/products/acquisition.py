"""AcquisitionGeometry: the sensor-independent description of one SAR image's geometry.

Image coordinates: ``line`` along azimuth, ``sample`` along range, fractional, pixel centres at
integers, in the product's own raster (for Sentinel-1 TOPS SLC the burst-stacked measurement
raster). Azimuth times are seconds since ``orbit.epoch``; ranges are metres.
"""
from dataclasses import dataclass, field
from typing import Any, List, Optional, Union

import numpy as np
from numpy.typing import ArrayLike

from ..geometry.orbit import Orbit
from ..geometry.range_doppler import DopplerHz, geo2rdr, rdr2geo

SPEED_OF_LIGHT = 299792458.0  # m/s


class ProductError(ValueError):
    """A product file is missing, truncated, foreign, or lacks a required field."""


@dataclass
class GroundRangeConversion:
    """Slant <-> ground range polynomials (Sentinel-1 GRD ``coordinateConversion``).

    ``ground = sum srgr[i] (slant - sr0)^i`` and ``slant = sum grsr[i] (ground - gr0)^i``,
    metres; one set per azimuth time; each line uses the set nearest in time.
    """

    azimuth_times_s: np.ndarray  # (m,)
    sr0_m: np.ndarray  # (m,)
    srgr: np.ndarray  # (m, k)
    gr0_m: np.ndarray  # (m,)
    grsr: np.ndarray  # (m, k)

    def _nearest(self, t: ArrayLike) -> np.ndarray:
        # ESA resamples each GRD line with the polynomial set nearest in time; interpolating
        # between sets is off by up to 1.5 pixels in mountains (checked on tie points).
        times = self.azimuth_times_s
        t = np.asarray(t, dtype=np.float64)
        i = np.clip(np.searchsorted(times, t), 1, len(times) - 1) if len(times) > 1 else None
        if i is None:
            return np.zeros(t.shape, dtype=int)
        return np.where(np.abs(t - times[i - 1]) <= np.abs(times[i] - t), i - 1, i)

    def _evaluate(self, t: ArrayLike, value: np.ndarray, origin: np.ndarray,
                  coeffs: np.ndarray) -> np.ndarray:
        """Horner's scheme with each point's polynomial set (the one nearest in time).

        The coefficients are gathered one power at a time: a (points, k) gather of them all
        would be k times the memory of the points.
        """
        i = self._nearest(t)
        x = value - origin[i]
        out = np.zeros(np.shape(x))
        for k in range(coeffs.shape[-1] - 1, -1, -1):
            out *= x
            out += coeffs[:, k][i]
        return out

    def slant_to_ground(self, t: ArrayLike, slant_range_m: ArrayLike) -> np.ndarray:
        """Return the ground range (m) of slant ranges (m) at azimuth times ``t`` (s)."""
        return self._evaluate(t, np.asarray(slant_range_m, dtype=np.float64), self.sr0_m, self.srgr)

    def ground_to_slant(self, t: ArrayLike, ground_range_m: ArrayLike) -> np.ndarray:
        """Return the slant range (m) of ground ranges (m) at azimuth times ``t`` (s)."""
        ground = np.asarray(ground_range_m, dtype=np.float64)
        return self._evaluate(t, ground, self.gr0_m, self.grsr)


@dataclass
class Burst:
    """One TOPS burst in the burst-stacked SLC raster."""

    azimuth_time_s: float  # time of the burst's first line
    first_line: int  # raster line of the burst's first line
    lines: int
    first_valid_line: int  # relative to the burst, inclusive
    last_valid_line: int  # relative to the burst, inclusive


@dataclass
class AcquisitionGeometry:
    """Geometry of one SAR image: orbit, radar timing and sampling, image size, metadata.

    Maps image (line, sample) to radar (azimuth time s, slant range m) and back, and radar
    coordinates to ECEF points and back (range-Doppler). Built by every product reader and
    simulator; core.products.plausibility.check_geometry vets it on construction.
    """

    mission: str
    product_type: str  # e.g. GRD, SLC, SSC, generic
    orbit: Orbit
    wavelength_m: float
    look_side: str  # "right" or "left"
    first_line_time_s: float
    azimuth_time_interval_s: float
    lines: int
    samples: int
    near_slant_range_m: float  # slant range of sample 0 (metres)
    range_pixel_spacing_m: float  # slant spacing, or ground spacing when ground_range is set
    ground_range: Optional[GroundRangeConversion] = None
    bursts: Optional[List[Burst]] = None
    # f(azimuth_time_s, slant_range_m) -> Hz; None = zero-Doppler geometry
    doppler_hz: DopplerHz = None
    swath: str = ""
    polarisation: str = ""
    reference_height_m: Optional[float] = None  # processing reference height, if known
    # (line, sample, lat_deg, lon_deg, height_m)
    gcps: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Imported here: plausibility needs this module's ProductError (import cycle).
        from .plausibility import check_geometry

        if self.look_side not in ("right", "left"):
            raise ProductError(f"look side must be 'right' or 'left', not {self.look_side!r}")
        # Every reader and simulator builds its geometry here, so all go through one check.
        check_geometry(self)

    @property
    def last_line_time_s(self) -> float:
        """Azimuth time (s since ``orbit.epoch``) of the image's last line."""
        if self.bursts:
            b = self.bursts[-1]
            return b.azimuth_time_s + (b.lines - 1) * self.azimuth_time_interval_s
        return self.first_line_time_s + (self.lines - 1) * self.azimuth_time_interval_s

    @property
    def mid_time_s(self) -> float:
        """Azimuth time (s since ``orbit.epoch``) halfway between the first and last lines."""
        return 0.5 * (self.first_line_time_s + self.last_line_time_s)

    def geo2rdr(self, target_xyz: ArrayLike, initial_time_s: Optional[ArrayLike] = None,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """ECEF targets -> (azimuth_time_s, slant_range_m, converged).

        ``initial_time_s`` (scalar or per target) speeds up Newton; default: mid-image time.
        """
        if initial_time_s is None:
            initial_time_s = self.mid_time_s
        return geo2rdr(self.orbit, target_xyz, self.wavelength_m, self.doppler_hz,
                       initial_time_s=initial_time_s)

    def rdr2geo(self, azimuth_time_s: ArrayLike, slant_range_m: ArrayLike,
                height_m: ArrayLike) -> np.ndarray:
        """Return the ground point (ECEF (..., 3) m) at ellipsoidal ``height_m`` seen at (t, R)."""
        return rdr2geo(self.orbit, azimuth_time_s, slant_range_m, height_m, self.look_side,
                       self.wavelength_m, self.doppler_hz)

    def _range_to_sample(self, t: ArrayLike, slant_range_m: Union[float, np.ndarray],
                         ) -> Union[float, np.ndarray]:
        if self.ground_range is not None:
            return self.ground_range.slant_to_ground(t, slant_range_m) / self.range_pixel_spacing_m
        return (slant_range_m - self.near_slant_range_m) / self.range_pixel_spacing_m

    def _sample_to_range(self, t: ArrayLike, sample: ArrayLike) -> np.ndarray:
        if self.ground_range is not None:
            ground_m = np.asarray(sample) * self.range_pixel_spacing_m
            return self.ground_range.ground_to_slant(t, ground_m)
        return self.near_slant_range_m + np.asarray(sample) * self.range_pixel_spacing_m

    def radar_to_image(self, azimuth_time_s: ArrayLike, slant_range_m: Union[float, np.ndarray],
                       ) -> tuple[np.ndarray, Union[float, np.ndarray]]:
        """(t, R) -> fractional (line, sample) of the product raster; NaN where no line exists."""
        t = np.asarray(azimuth_time_s, dtype=np.float64)
        sample = self._range_to_sample(t, slant_range_m)
        if not self.bursts:
            line = (t - self.first_line_time_s) / self.azimuth_time_interval_s
            return line, sample
        line = np.full(t.shape, np.nan)
        best = np.full(t.shape, np.inf)
        for b in self.bursts:
            rel = (t - b.azimuth_time_s) / self.azimuth_time_interval_s
            valid = (rel >= b.first_valid_line - 0.5) & (rel <= b.last_valid_line + 0.5)
            # Overlapping bursts: take the one whose valid centre is nearest (mid-overlap split).
            dist = np.abs(rel - 0.5 * (b.first_valid_line + b.last_valid_line))
            take = valid & (dist < best)
            line = np.where(take, b.first_line + rel, line)
            best = np.where(take, dist, best)
        return line, sample

    def image_to_radar(self, line: ArrayLike,
                       sample: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Fractional (line, sample) -> (azimuth_time_s, slant_range_m)."""
        line = np.asarray(line, dtype=np.float64)
        if self.bursts:
            lines_per_burst = self.bursts[0].lines
            index = np.clip((line // lines_per_burst).astype(int), 0, len(self.bursts) - 1)
            starts = np.array([b.azimuth_time_s for b in self.bursts])
            firsts = np.array([b.first_line for b in self.bursts])
            t = starts[index] + (line - firsts[index]) * self.azimuth_time_interval_s
        else:
            t = self.first_line_time_s + line * self.azimuth_time_interval_s
        return t, self._sample_to_range(t, sample)

    def slant_range_at(self, azimuth_time_s: ArrayLike, sample: ArrayLike) -> np.ndarray:
        """Return the slant range (m) of a fractional ``sample`` at ``azimuth_time_s`` (s)."""
        return self._sample_to_range(azimuth_time_s, sample)

    def footprint_lonlat(self) -> Optional[np.ndarray]:
        """Return a closed polygon (n, 2) of lon/lat degrees around the image, from its GCPs.

        The convex hull of the GCPs; None when the geometry has none.
        """
        if not self.gcps:
            return None
        g = np.asarray(self.gcps, dtype=np.float64)
        from scipy.spatial import ConvexHull  # heavy import kept local

        pts = g[:, [3, 2]]
        hull = ConvexHull(pts)
        ring = pts[hull.vertices]
        return np.vstack([ring, ring[:1]])
