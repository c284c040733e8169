"""Per-cell radar geometry of DEM rows, computed once per fixed row group and cached.

A strip needs its own rows plus a halo on both sides; the halo of one strip is the core of the
next, so rows are computed once and kept while any pending strip can still use them. Rows are
always computed in the same fixed groups (plan.row_group rows from row 0), so every number of a
cell (geo2rdr's Newton stop, the DEM read's geoid lattice) is independent of the block size.
"""
import numpy as np

from ..geometry.ellipsoid import enu_basis, geodetic_to_ecef
from ..geometry.range_doppler import geo2rdr
from .dem_access import read_ellipsoidal

RANGE_QUANTUM_M = 1e-3  # slant ranges compared in whole millimetres (exact integer sweep)
LOOK_QUANTUM_RAD = 1e-9  # look angles in nanoradians (0.8 mm across at 800 km)

SWEEP_FIELDS = ("bin", "bin_shifted", "key", "range_q", "look_q", "valid")
CELL_FIELDS = ("xyz", "height", "time", "range", "line", "sample", "valid")
FIELDS = tuple(dict.fromkeys(CELL_FIELDS + SWEEP_FIELDS))


def _group_geometry(dem, geometry, plan, y0, rows):
    """Geometry of DEM rows [y0, y0 + rows) as a dict of (rows, width[, 3]) arrays."""
    width = dem.width
    lon, lat, h = read_ellipsoidal(dem, 0, y0, width, rows)
    valid = np.isfinite(h)
    xyz = geodetic_to_ecef(lat, lon, np.where(valid, h, 0.0))
    guess = plan.initial_time(np.arange(y0, y0 + rows), np.arange(width))
    t = np.full(h.shape, np.nan)
    rng = np.full(h.shape, np.nan)
    if valid.any():
        t_v, r_v, ok = geo2rdr(geometry.orbit, xyz[valid], geometry.wavelength_m,
                               geometry.doppler_hz, initial_time_s=guess[valid])
        t[valid], rng[valid] = t_v, r_v
        valid[valid] = ok
    xyz[~valid] = np.nan
    t_safe = np.where(valid, t, plan.time_origin_s)
    sensor, _, _ = geometry.orbit.interpolate(t_safe)
    look_vec = xyz - sensor
    nadir = -sensor / np.linalg.norm(sensor, axis=-1, keepdims=True)
    # Look angle from nadir at the sensor, with atan2 for full precision at small angles.
    look = np.arctan2(np.linalg.norm(np.cross(look_vec, nadir), axis=-1),
                      np.einsum("...i,...i->...", look_vec, nadir))
    _, _, up = enu_basis(lat, lon)
    cos_inc = -np.einsum("...i,...i->...", look_vec, up) / np.where(valid, rng, 1.0)
    # Ground-order key: the slant range moved to the reference height along the local
    # incidence (dR/dh = -cos(inc)). On flat ground it is a monotonic function of R itself,
    # so cells of one azimuth bin can never fold onto each other through rounding.
    key = rng + (np.where(valid, h, 0.0) - plan.reference_height_m) * cos_inc
    line, sample = geometry.radar_to_image(t_safe, np.where(valid, rng, 0.0))
    bins = (t_safe - plan.time_origin_s) / plan.bin_width_s  # two bin grids, half a bin apart
    nan = np.nan
    return {
        "xyz": xyz,
        "height": np.where(valid, h, nan),
        "time": np.where(valid, t, nan),
        "range": np.where(valid, rng, nan),
        "line": np.where(valid, line, nan),
        "sample": np.where(valid, sample, nan),
        "key": np.where(valid, key, nan),
        "bin": np.where(valid, np.floor(bins), 0).astype(np.int64),
        "bin_shifted": np.where(valid, np.floor(bins + 0.5), 0).astype(np.int64),
        "range_q": np.where(valid, np.rint(np.where(valid, rng, 0.0) / RANGE_QUANTUM_M),
                            0).astype(np.int64),
        "look_q": np.where(valid, np.rint(look / LOOK_QUANTUM_RAD), 0).astype(np.int64),
        "valid": valid,
    }


class RowGeometryCache:
    """Rows of per-cell geometry, computed group by group on demand."""

    def __init__(self, dem, geometry, plan):
        self.dem, self.geometry, self.plan = dem, geometry, plan
        self.group = plan.row_group
        self._groups = {}

    def _get_group(self, g):
        if g not in self._groups:
            y0 = g * self.group
            rows = min(self.group, self.dem.height - y0)
            self._groups[g] = _group_geometry(self.dem, self.geometry, self.plan, y0, rows)
        return self._groups[g]

    def rows(self, r0, r1, names=FIELDS):
        """The named fields of DEM rows [r0, r1) (clipped to the DEM by the caller)."""
        g0, g1 = r0 // self.group, (r1 - 1) // self.group
        parts = [self._get_group(g) for g in range(g0, g1 + 1)]
        lo = r0 - g0 * self.group
        return {name: np.concatenate([p[name][max(0, lo - i * self.group):
                                              r1 - (g0 + i) * self.group]
                                      for i, p in enumerate(parts)], axis=0)
                for name in names}

    def forget_below(self, row):
        """Drop groups lying entirely above DEM row ``row`` (no later strip needs them)."""
        for g in [g for g in self._groups if (g + 1) * self.group <= row]:
            del self._groups[g]
