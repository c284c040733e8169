"""n_flat: how many radar pixels a DEM cell would cover if the ground were flat there.

The reconstruction reports energy per cell divided by n_flat ("flat-equivalent intensity"),
so that on flat ground a cell's value equals the intensity of the pixels it covers. n_flat
is |det d(line, sample) / d(col, row)| for a horizontal surface at the cell's height: the
cell's map area over the ground area of one radar pixel at the ellipsoid incidence there.
Computing it with geo2rdr keeps every geometry right (slant or ground range, bursts, any
DEM projection). It varies smoothly over a scene, so it is evaluated on a lattice of cells
at the scene's lowest and highest ellipsoidal height and interpolated: bilinearly in
(row, col), linearly in height (for a satellite it changes by < 0.5 % per 3 km of height).
"""
import numpy as np
from scipy.interpolate import RegularGridInterpolator

from ..geometry.ellipsoid import geodetic_to_ecef
from ..simulation.block_plan import dem_read_lock

LATTICE_POINTS = 17  # per DEM axis


def _axis(size):
    return np.unique(np.round(np.linspace(0, size - 1, min(size, LATTICE_POINTS))).astype(int))


def _neighbour(index, size):
    """Next cell along an axis (previous one for the last cell), and the step's sign."""
    step = np.where(index + 1 < size, 1, -1)
    return index + step, step


def _lattice_lonlat(dem, rows):
    """lon, lat, stored height and ellipsoidal height of the cells (rows x all columns)."""
    lon, lat, h_raw, h_ell = [], [], [], []
    for r in rows:
        lo, la, h = dem.read_block(0, int(r), dem.width, 1)
        raw = dem.read_raw(0, int(r), dem.width, 1)
        lon.append(lo[0]), lat.append(la[0]), h_raw.append(raw[0]), h_ell.append(h[0])
        dem.dataset.FlushCache()  # a row decompresses a row of tiles: do not keep them
    return np.array(lon), np.array(lat), np.array(h_raw), np.array(h_ell)


def _image_coordinates(geometry, plan, lat, lon, height, rows, cols):
    xyz = geodetic_to_ecef(lat, lon, np.full(lat.shape, height))
    guess = plan.initial_time(rows, cols)
    t, rng, ok = geometry.geo2rdr(xyz, initial_time_s=guess)
    line, sample = geometry.radar_to_image(t, rng)
    return np.where(ok, line, np.nan), np.where(ok, sample, np.nan)


def _fill(values):
    good = np.isfinite(values)
    if good.all() or not good.any():
        return np.where(good, values, 1.0)
    return np.where(good, values, np.nanmedian(values))


def _interpolator(rows, cols, values):
    axes, grid = [rows.astype(float), cols.astype(float)], values
    for axis in (0, 1):  # a single knot becomes two equal ones (a flat segment)
        if len(axes[axis]) == 1:
            axes[axis] = np.array([axes[axis][0], axes[axis][0] + 1.0])
            grid = np.concatenate([grid, grid], axis=axis)
    return RegularGridInterpolator(tuple(axes), grid, bounds_error=False, fill_value=None)


class FlatFootprint:
    """Scene-wide lattice of n_flat; ``cells(...)`` interpolates it for a tile."""

    def __init__(self, dem, geometry, plan):
        self.dem = dem
        rows, cols = _axis(dem.height), _axis(dem.width)
        col_next, col_step = _neighbour(cols, dem.width)
        row_next, row_step = _neighbour(rows, dem.height)
        lon, lat, h_raw, h_ell = _lattice_lonlat(dem, np.concatenate([rows, row_next]))
        n = len(rows)
        here = (lat[:n][:, cols], lon[:n][:, cols])
        along_col = (lat[:n][:, col_next], lon[:n][:, col_next])
        along_row = (lat[n:][:, cols], lon[n:][:, cols])
        self.heights_m = np.unique([plan.height_min_m, plan.height_max_m])
        per_height = []
        for h in self.heights_m:
            l0, s0 = _image_coordinates(geometry, plan, *here, h, rows, cols)
            lc, sc = _image_coordinates(geometry, plan, *along_col, h, rows, col_next)
            lr, sr = _image_coordinates(geometry, plan, *along_row, h, row_next, cols)
            det = ((lc - l0) * (sr - s0) - (lr - l0) * (sc - s0)) \
                * col_step[None, :] * row_step[:, None]
            per_height.append(_interpolator(rows, cols, _fill(np.abs(det))))
        self._per_height = per_height
        undulation = _fill(h_ell[:n][:, cols] - h_raw[:n][:, cols])
        self._undulation = _interpolator(rows, cols, undulation)

    def __getstate__(self):
        """Pickle the DEM as (path, vertical datum, band) for worker processes."""
        state = dict(self.__dict__)
        dem = state.pop("dem")
        state["dem_source"] = (dem.path, dem.info.vertical_datum, dem.band.GetBand())
        return state

    def __setstate__(self, state):
        """Reopen the DEM in this process (once per process)."""
        from ..simulation.block_plan import reopen_dem

        source = state.pop("dem_source")
        self.__dict__.update(state)
        self.dem = reopen_dem(*source)

    def cells(self, row0, col0, rows, cols):
        """n_flat (pixels per cell, float64) of DEM cells [row0, +rows) x [col0, +cols)."""
        rr, cc = np.meshgrid(np.arange(row0, row0 + rows, dtype=float),
                             np.arange(col0, col0 + cols, dtype=float), indexing="ij")
        points = np.column_stack([rr.ravel(), cc.ravel()])
        values = [f(points).reshape(rows, cols) for f in self._per_height]
        if len(values) == 1:
            return values[0]
        with dem_read_lock(self.dem):  # other threads may read the same DEM
            raw = self.dem.read_raw(col0, row0, cols, rows)
        height = raw + self._undulation(points).reshape(rows, cols)
        low, high = self.heights_m
        fraction = np.clip(np.nan_to_num((height - low) / (high - low), nan=0.5), 0.0, 1.0)
        return (1.0 - fraction) * values[0] + fraction * values[1]
