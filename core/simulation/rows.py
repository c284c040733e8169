"""Per-cell radar geometry of DEM rows, computed once per fixed row group and cached.

A strip needs its own rows plus a halo on both sides; the halo of one strip is the core of the
next, so rows are computed once and kept while any pending strip can still use them. Rows are
always computed in the same fixed groups (plan.row_group rows from row 0), so every number of a
cell (geo2rdr's Newton stop, the DEM read's geoid lattice) is independent of the block size.
The cache keeps only what later steps need, in compact types (57 bytes per cell).
"""
import numpy as np

from ..geometry.ellipsoid import enu_basis, geodetic_to_ecef
from .facets import facet_normals, local_incidence

RANGE_QUANTUM_M = 1e-3  # slant ranges compared in whole millimetres (exact integer sweep)
LOOK_QUANTUM_RAD = 1e-9  # look angles in nanoradians (0.8 mm across at 800 km)

SWEEP_FIELDS = ("bin", "bin_shifted", "key", "range_q", "look_q", "valid")
CELL_FIELDS = ("line", "sample", "incidence", "area", "valid")
FIELDS = tuple(dict.fromkeys(CELL_FIELDS + SWEEP_FIELDS))


def _read_cells(dem, y0, rows):
    """Read heights, geodetic coordinates and ECEF of rows [y0, y0 + rows), plus a ring row.

    One row above and below where the DEM has them (for central differences). Returns
    (lon, lat, h, xyz, slice of the group's own rows).
    """
    lo, hi = max(0, y0 - 1), min(dem.height, y0 + rows + 1)
    lon, lat, h = dem.read_block(0, lo, dem.width, hi - lo)
    xyz = geodetic_to_ecef(lat, lon, np.where(np.isfinite(h), h, 0.0))
    xyz[~np.isfinite(h)] = np.nan
    return lon, lat, h, xyz, slice(y0 - lo, y0 - lo + rows)


def _look_angle(look_vec, sensor):
    """Angle from nadir at the sensor, with atan2 for full precision at small angles."""
    nadir = -sensor / np.linalg.norm(sensor, axis=-1, keepdims=True)
    return np.arctan2(np.linalg.norm(np.cross(look_vec, nadir), axis=-1),
                      np.einsum("...i,...i->...", look_vec, nadir))


def _group_geometry(dem, geometry, plan, y0, rows):
    """Geometry of DEM rows [y0, y0 + rows) as a dict of (rows, width) arrays."""
    lon_ext, lat_ext, h_ext, xyz_ext, own = _read_cells(dem, y0, rows)
    normal, area = facet_normals(xyz_ext, own)
    lon, lat, h, xyz = lon_ext[own], lat_ext[own], h_ext[own], xyz_ext[own]
    valid = np.isfinite(h)
    guess = plan.initial_time(np.arange(y0, y0 + rows), np.arange(dem.width))
    t = np.full(h.shape, np.nan)
    rng = np.full(h.shape, np.nan)
    if valid.any():
        t_v, r_v, ok = geometry.geo2rdr(xyz[valid], initial_time_s=guess[valid])
        t[valid], rng[valid] = t_v, r_v
        valid[valid] = ok
    t_safe = np.where(valid, t, plan.time_origin_s)
    r_safe = np.where(valid, rng, 1.0)
    sensor, _, _ = geometry.orbit.interpolate(t_safe)
    look_vec = xyz - sensor
    with np.errstate(invalid="ignore"):
        incidence = local_incidence(normal, xyz, sensor)
        look = _look_angle(look_vec, sensor)
    _, _, up = enu_basis(lat, lon)
    cos_inc = -np.einsum("...i,...i->...", look_vec, up) / r_safe
    # Ground-order key: the slant range moved to the reference height along the local
    # incidence (dR/dh = -cos(inc)). On flat ground it is a monotonic function of R itself,
    # so cells of one azimuth bin can never fold onto each other through rounding.
    key = r_safe + (np.where(valid, h, 0.0) - plan.reference_height_m) * cos_inc
    line, sample = geometry.radar_to_image(t_safe, np.where(valid, rng, 0.0))
    bins = (t_safe - plan.time_origin_s) / plan.bin_width_s  # two bin grids, half a bin apart
    nan = np.nan
    return {
        "line": np.where(valid, line, nan),
        "sample": np.where(valid, sample, nan),
        "incidence": np.where(valid, incidence, nan).astype(np.float32),  # radians
        "area": np.where(valid, area, nan).astype(np.float32),  # m^2
        "valid": valid,
        "bin": np.where(valid, np.floor(bins), 0).astype(np.int32),
        "bin_shifted": np.where(valid, np.floor(bins + 0.5), 0).astype(np.int32),
        "key": np.where(valid, key, nan),
        "range_q": np.where(valid, np.rint(r_safe / RANGE_QUANTUM_M), 0).astype(np.int64),
        "look_q": np.where(valid, np.rint(np.nan_to_num(look) / LOOK_QUANTUM_RAD),
                           0).astype(np.int64),
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
        """Return the named fields of DEM rows [r0, r1) (clipped to the DEM by the caller)."""
        g0, g1 = r0 // self.group, (r1 - 1) // self.group
        parts = [self._get_group(g) for g in range(g0, g1 + 1)]
        starts = [(g0 + i) * self.group for i in range(len(parts))]
        return {name: np.concatenate([p[name][max(0, r0 - s):r1 - s]
                                      for p, s in zip(parts, starts)], axis=0)
                for name in names}

    def forget_below(self, row):
        """Drop groups lying entirely above DEM row ``row`` (no later strip needs them)."""
        for g in [g for g in self._groups if (g + 1) * self.group <= row]:
            del self._groups[g]
