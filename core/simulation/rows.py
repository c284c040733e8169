"""Per-cell radar geometry of DEM rows, computed in fixed row groups.

Rows are always computed in the same fixed groups (plan.row_group rows from row 0, the whole
DEM width), so every number of a cell (the DEM read's geoid lattice in particular) is
independent of the block size and of the block layout. Only what later steps need is kept, in
compact types (57 bytes per cell; block_plan stores them in a PieceStore).
"""
import numpy as np

from ..geometry.ellipsoid import ecef_and_up
from .facets import facet_normals, local_incidence, norm3

RANGE_QUANTUM_M = 1e-3  # slant ranges compared in whole millimetres (exact integer sweep)
LOOK_QUANTUM_RAD = 1e-9  # look angles in nanoradians (0.8 mm across at 800 km)

SWEEP_FIELDS = ("bin", "bin_shifted", "key", "range_q", "look_q", "valid")
CELL_FIELDS = ("line", "sample", "incidence", "area", "valid")
FIELDS = tuple(dict.fromkeys(CELL_FIELDS + SWEEP_FIELDS))


def _read_cells(dem, y0, rows):
    """Read heights, geodetic coordinates and ECEF of rows [y0, y0 + rows), plus a ring row.

    One row above and below where the DEM has them (for central differences). Returns
    (lon, lat, h, xyz, local up vectors, slice of the group's own rows).
    """
    lo, hi = max(0, y0 - 1), min(dem.height, y0 + rows + 1)
    lon, lat, h = dem.read_block(0, lo, dem.width, hi - lo)
    xyz, up = ecef_and_up(lat, lon, np.where(np.isfinite(h), h, 0.0))
    xyz[~np.isfinite(h)] = np.nan
    return lon, lat, h, xyz, up, slice(y0 - lo, y0 - lo + rows)


def _look_angle(look_vec, sensor):
    """Angle from nadir at the sensor, with atan2 for full precision at small angles."""
    nadir = -sensor / norm3(sensor, keepdims=True)
    return np.arctan2(norm3(np.cross(look_vec, nadir)),
                      np.einsum("...i,...i->...", look_vec, nadir))


def group_geometry(dem, geometry, plan, y0, rows, read_lock=None):
    """Geometry of DEM rows [y0, y0 + rows) as a dict of (rows, width) arrays.

    ``read_lock``: held while reading the DEM (one GDAL dataset must not be read by two
    threads at once).
    """
    if read_lock is None:
        h_ext, xyz_ext, up_ext, own = _read_cells(dem, y0, rows)[2:]
    else:
        with read_lock:
            h_ext, xyz_ext, up_ext, own = _read_cells(dem, y0, rows)[2:]
    normal, area = facet_normals(xyz_ext, own)
    h, xyz, up = h_ext[own], xyz_ext[own], up_ext[own]
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
    sensor = geometry.orbit.position(t_safe)
    look_vec = xyz - sensor
    with np.errstate(invalid="ignore"):
        incidence = local_incidence(normal, xyz, sensor)
        look = _look_angle(look_vec, sensor)
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
