"""ScenePlan: the scene-wide numbers fixed once before the first block.

Everything a block needs that must not depend on the block layout lives here: the coarse
zero-Doppler time lattice (initial guesses for geo2rdr), the azimuth bin width of the
layover/shadow sweep, the reference height of the ground-order key, the halo height and the
oversampling factor. They come from geo2rdr on a coarse lattice of DEM cells, which also
tells cheaply, before any file is written, whether the DEM overlaps the image at all.
"""
import math
from dataclasses import dataclass

import numpy as np

from ..errors import SimulationError
from ..geometry.ellipsoid import enu_basis, geodetic_to_ecef
from ..heap import trim_if_due
from .options import MAX_OVERSAMPLING

LATTICE_POINTS = 33  # per DEM axis; t(row, col) is smooth, so this predicts it to microseconds
BIN_FRACTION = 0.9  # azimuth bin = 0.9 x a cell's largest azimuth step (see _bin_width_s)
HALO_SAFETY = 1.1  # margin on the flat-earth fold/shadow distance
HALO_EXTRA_ROWS = 3  # plus a few cells (bin extent, curvature)
GROUP_CELLS = 65536  # DEM cells per row group of the geometry cache


@dataclass
class ScenePlan:
    """Scene-wide quantities computed once from a coarse lattice of the DEM (make_plan).

    Zero-Doppler times of the lattice to start geo2rdr, the azimuth bins and reference height
    of the layover/shadow sweep, the DEM's height and incidence ranges, cell sizes in metres
    and image pixels, and the strip halo, oversampling and row grouping derived from them.
    """

    lattice_rows: np.ndarray  # (nr,) DEM row indices of the lattice
    lattice_cols: np.ndarray  # (nc,) DEM column indices
    lattice_time_s: np.ndarray  # (nr, nc) zero-Doppler time, gaps filled by a plane fit
    time_origin_s: float  # azimuth bins are counted from this time
    bin_width_s: float  # azimuth bin width of the layover/shadow sweep
    reference_height_m: float  # ellipsoidal height of the ground-order key's reference
    height_min_m: float  # ellipsoidal height range of the whole DEM
    height_max_m: float
    incidence_min_deg: float  # ellipsoid incidence over the lattice
    incidence_max_deg: float
    cell_size_x_m: float  # smallest cell extent along DEM columns / rows
    cell_size_y_m: float
    lines_per_cell: float  # median azimuth extent of one DEM cell, in image lines
    samples_per_cell: float  # median range extent, in image samples
    halo_rows: int  # rows each side of a strip that can fold with or hide its cells
    oversampling: int  # sub-cells per DEM cell side in the mapping
    row_group: int  # rows per geometry-cache group (fixed so results ignore block size)

    def initial_time(self, rows, cols):
        """Bilinear lattice prediction of the zero-Doppler time, (len(rows), len(cols))."""
        along_rows = _interp_axis(self.lattice_rows, np.asarray(rows, dtype=np.float64))
        along_cols = _interp_axis(self.lattice_cols, np.asarray(cols, dtype=np.float64))
        (i, fi), (j, fj) = along_rows, along_cols
        grid = self.lattice_time_s
        i1 = np.minimum(i + 1, grid.shape[0] - 1)  # a single knot is its own neighbour
        j1 = np.minimum(j + 1, grid.shape[1] - 1)
        top = (1 - fj) * grid[i][:, j] + fj * grid[i][:, j1]
        bottom = (1 - fj) * grid[i1][:, j] + fj * grid[i1][:, j1]
        return (1 - fi)[:, None] * top + fi[:, None] * bottom


def _interp_axis(knots, x):
    """Segment index and fraction of ``x`` on the knots (a single knot is one flat segment)."""
    if len(knots) == 1:
        return np.zeros(x.shape, dtype=int), np.zeros(x.shape)
    i = np.clip(np.searchsorted(knots, x, side="right") - 1, 0, len(knots) - 2)
    return i, (x - knots[i]) / (knots[i + 1] - knots[i])


def _lattice_axis(size):
    return np.unique(np.round(np.linspace(0, size - 1, min(size, LATTICE_POINTS))).astype(int))


def scan_dem(dem, lattice_rows, lattice_cols):
    """One pass over the DEM: its stored height range and its values at the lattice.

    Returns ((min, max) of the stored heights, (lon, lat, ellipsoidal height, geoid
    undulation) at the lattice). The DEM is read once, in strips, and GDAL's block cache is
    emptied after each strip (it would otherwise keep the whole DEM); reading the lattice
    rows one by one would decompress every row of tiles again for each of its lattice rows.
    Raises SimulationError when every cell is nodata.
    """
    rows = max(1, (1 << 22) // dem.width)
    low, high = np.inf, -np.inf
    lon, lat, h, undulation = (np.empty((len(lattice_rows), len(lattice_cols)))
                               for _ in range(4))
    for xoff, yoff, w, n in dem.windows(rows):
        block = dem.read_raw(xoff, yoff, w, n)
        dem.dataset.FlushCache()
        trim_if_due()  # a wide DEM's strips leave their temporaries in the heap
        if np.isfinite(block).any():
            low, high = min(low, np.nanmin(block)), max(high, np.nanmax(block))
        for k in np.flatnonzero((lattice_rows >= yoff) & (lattice_rows < yoff + n)):
            row_lon, row_lat = dem.lonlat(0, int(lattice_rows[k]), dem.width, 1)
            # the geoid of the whole row, as a read of that row (dem.read_block) gives it
            geoid = dem.undulation(row_lon, row_lat)[0, lattice_cols]
            raw = block[lattice_rows[k] - yoff, lattice_cols]
            lon[k], lat[k] = row_lon[0, lattice_cols], row_lat[0, lattice_cols]
            h[k], undulation[k] = raw + geoid, np.where(np.isfinite(raw), geoid, np.nan)
    if not np.isfinite(low):
        raise SimulationError("The DEM has no valid heights (every cell is nodata).")
    return (float(low), float(high)), (lon, lat, h, undulation)


def _fill_by_plane(values, rows, cols):
    """Replace NaNs by a least-squares plane in (row, col): smooth first guesses only."""
    good = np.isfinite(values)
    if good.all():
        return values
    rr, cc = np.meshgrid(rows.astype(float), cols.astype(float), indexing="ij")
    design = np.column_stack([np.ones(good.sum()), rr[good], cc[good]])
    coef = np.linalg.lstsq(design, values[good], rcond=None)[0]
    plane = coef[0] + coef[1] * rr + coef[2] * cc
    return np.where(good, values, plane)


def _median_abs_step(values, positions, axis):
    """Median |d values / d index| along ``axis`` of the lattice (NaN if unknown)."""
    if values.shape[axis] < 2:
        return np.nan
    steps = np.diff(values, axis=axis) / np.expand_dims(np.diff(positions), 1 - axis)
    return float(np.nanmedian(np.abs(steps))) if np.isfinite(steps).any() else np.nan


def _raster_corner_in_lattice(line, sample, geometry):
    """Return True when a corner of the image lies inside the lattice outline.

    That is, when the DEM is larger than the image.
    """
    ring = np.concatenate([np.column_stack([line[0], sample[0]]),
                           np.column_stack([line[1:, -1], sample[1:, -1]]),
                           np.column_stack([line[-1, -2::-1], sample[-1, -2::-1]]),
                           np.column_stack([line[-2:0:-1, 0], sample[-2:0:-1, 0]])])
    if len(ring) < 3 or not np.isfinite(ring).all():
        return False
    corners = np.array([[-0.5, -0.5], [-0.5, geometry.samples - 0.5],
                        [geometry.lines - 0.5, -0.5],
                        [geometry.lines - 0.5, geometry.samples - 0.5]])
    return bool(points_in_polygon(corners, ring).any())


def points_in_polygon(points, ring):
    """Even-odd rule; ``points`` (n, 2), ``ring`` (m, 2) without repeating the first vertex."""
    x, y = points[:, 0:1], points[:, 1:2]
    x0, y0 = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return (np.sum(crosses & (x < x_cross), axis=1) % 2) == 1


def outside_footprint_message(geometry):
    """Return the message for a DEM none of whose cells falls inside the radar image."""
    where = ""
    ring = geometry.footprint_lonlat() if geometry.gcps else None
    if ring is not None:
        where = (f" (the image covers longitude {ring[:, 0].min():.3f} to "
                 f"{ring[:, 0].max():.3f}, latitude {ring[:, 1].min():.3f} to "
                 f"{ring[:, 1].max():.3f})")
    return ("The DEM lies outside the acquisition footprint: none of its cells falls inside "
            f"the radar image ({geometry.lines} lines x {geometry.samples} samples){where}. "
            "Give a DEM that covers the image.")


def make_plan(dem, geometry, options):
    """Scene-wide plan; raises SimulationError when the DEM misses the image."""
    rows, cols = _lattice_axis(dem.height), _lattice_axis(dem.width)
    (raw_low, raw_high), (lon, lat, h, undulation) = scan_dem(dem, rows, cols)
    reference = float(np.nanmedian(h)) if np.isfinite(h).any() else raw_low
    if not np.isfinite(undulation).any():
        undulation = np.zeros(1)  # no height on the lattice: geoids vary by metres only
    h_filled = np.where(np.isfinite(h), h, reference)
    xyz = geodetic_to_ecef(lat, lon, h_filled)
    t, rng, ok = geometry.geo2rdr(xyz)
    line, sample = geometry.radar_to_image(t, rng)
    inside = (ok & (line >= -0.5) & (line <= geometry.lines - 0.5)
              & (sample >= -0.5) & (sample <= geometry.samples - 0.5))
    if not ok.any() or not (inside.any() or _raster_corner_in_lattice(line, sample, geometry)):
        raise SimulationError(outside_footprint_message(geometry))
    t_filled = _fill_by_plane(t, rows, cols)

    dt_row = _median_abs_step(t, rows, 0)
    dt_col = _median_abs_step(t, cols, 1)
    # The bin must stay narrower than the azimuth step between two cells at the same ground
    # range (one row on a track-aligned grid), or flat ground would fold onto itself.
    bin_width = BIN_FRACTION * np.nanmax([dt_row, dt_col, 0.0])
    if not bin_width > 0:
        bin_width = geometry.azimuth_time_interval_s
    lines_per_cell = _cell_extent(line, rows, cols)
    samples_per_cell = _cell_extent(sample, rows, cols)

    ground = geodetic_to_ecef(lat, lon, np.zeros_like(lat))
    size_y = _cell_size(ground, rows, 0)
    size_x = _cell_size(ground, cols, 1)
    size_y = size_y if np.isfinite(size_y) else size_x
    size_x = size_x if np.isfinite(size_x) else size_y
    if not np.isfinite(size_y):  # a single cell: any size will do
        size_x = size_y = 1.0
    inc = _ellipsoid_incidence_deg(geometry, t, lat, lon, xyz)
    inc_min = float(np.clip(np.nanmin(inc) - 1.0, 1.0, 89.0))
    inc_max = float(np.clip(np.nanmax(inc) + 1.0, 1.0, 89.0))

    h_min = raw_low + float(np.nanmin(undulation)) - 0.5
    h_max = raw_high + float(np.nanmax(undulation)) + 0.5
    reach = max(1.0 / math.tan(math.radians(inc_min)), math.tan(math.radians(inc_max)))
    halo_m = (h_max - h_min) * reach * HALO_SAFETY
    halo_rows = min(dem.height, _halo_rows(halo_m, t, rows, cols, size_x, size_y, bin_width))

    if options.oversampling is not None:
        oversampling = int(options.oversampling)
    else:
        extent = np.nanmax([lines_per_cell, samples_per_cell, 0.5])
        oversampling = int(np.clip(math.ceil(2.0 * extent), 1, MAX_OVERSAMPLING))
    return ScenePlan(
        lattice_rows=rows, lattice_cols=cols, lattice_time_s=t_filled,
        time_origin_s=float(geometry.first_line_time_s), bin_width_s=float(bin_width),
        reference_height_m=reference, height_min_m=h_min, height_max_m=h_max,
        incidence_min_deg=inc_min, incidence_max_deg=inc_max,
        cell_size_x_m=float(size_x), cell_size_y_m=float(size_y),
        lines_per_cell=float(lines_per_cell), samples_per_cell=float(samples_per_cell),
        halo_rows=int(halo_rows), oversampling=oversampling,
        row_group=max(1, min(64, GROUP_CELLS // dem.width)))


def _halo_rows(halo_m, t, rows, cols, size_x, size_y, bin_width_s):
    """DEM rows on each side of a strip that can hold a fold or shadow partner of its cells.

    Partners lie within ``halo_m`` along ground range and within one azimuth bin. The bound
    ceil(halo_m / cell height) + a few holds for any orientation; when the lattice shows the
    range direction (perpendicular to the gradient of the zero-Doppler time) the distance is
    projected onto the DEM's y axis, which for a near-polar orbit over a north-up DEM cuts the
    halo about fourfold. A 0.05 margin on the direction cosines absorbs grid rotation.
    """
    bound = int(math.ceil(halo_m / size_y)) + HALO_EXTRA_ROWS
    if len(rows) < 2 or len(cols) < 2:
        return bound
    dt_dy = (np.diff(t, axis=0) / np.diff(rows)[:, None])[:, :-1] / size_y
    dt_dx = (np.diff(t, axis=1) / np.diff(cols)[None, :])[:-1, :] / size_x
    gradient = np.hypot(dt_dx, dt_dy)  # s/m along azimuth
    good = np.isfinite(gradient) & (gradient > 0)
    if not good.any():
        return bound
    azimuth_y = np.abs(dt_dy[good]) / gradient[good]  # |y component| of the azimuth direction
    range_y = np.abs(dt_dx[good]) / gradient[good]  # |y component| of the range direction
    bin_m = bin_width_s / gradient[good]  # azimuth extent of one bin, metres
    reach_y = (halo_m * np.minimum(range_y + 0.05, 1.0)
               + bin_m * np.minimum(azimuth_y + 0.05, 1.0))
    return min(bound, int(math.ceil(np.max(reach_y) / size_y)) + HALO_EXTRA_ROWS)


def _cell_extent(values, rows, cols):
    """Median of |d/drow| + |d/dcol| over lattice cells (one DEM cell's extent)."""
    if len(rows) < 2 and len(cols) < 2:
        return np.nan
    d_row = (np.diff(values, axis=0) / np.diff(rows)[:, None])[:, :-1] if len(rows) > 1 else 0.0
    d_col = (np.diff(values, axis=1) / np.diff(cols)[None, :])[:-1, :] if len(cols) > 1 else 0.0
    extent = np.abs(d_row) + np.abs(d_col)
    return float(np.nanmedian(extent)) if np.isfinite(extent).any() else np.nan


def _cell_size(ground_xyz, positions, axis):
    if ground_xyz.shape[axis] < 2:
        return np.nan
    step = np.linalg.norm(np.diff(ground_xyz, axis=axis), axis=-1)
    step = step / np.expand_dims(np.diff(positions), 1 - axis)
    return float(np.nanmin(step))


def _ellipsoid_incidence_deg(geometry, t, lat, lon, xyz):
    sensor, _, _ = geometry.orbit.interpolate(np.where(np.isfinite(t), t, geometry.mid_time_s))
    look = sensor - xyz
    _, _, up = enu_basis(lat, lon)
    cos_inc = np.einsum("...i,...i->...", look, up) / np.linalg.norm(look, axis=-1)
    return np.where(np.isfinite(t), np.degrees(np.arccos(np.clip(cos_inc, -1, 1))), np.nan)
