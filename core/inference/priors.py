"""Sparse prior heights on the SAR raster grid: from points, or sampled from a DEM.

A prior raster has the SAR raster's shape and holds a height (metres) at prior pixels and NaN
everywhere else. The model predicts heights in the height system of its priors.
"""
import numpy as np

from .contract import spacing_pair
from .errors import InferenceError


def _pixel_of(geotransform, x, y):
    """Fractional (column, row) of map coordinates under a GDAL geotransform."""
    gt = np.asarray(geotransform, dtype=np.float64)
    matrix = np.array([[gt[1], gt[2]], [gt[4], gt[5]]])
    if abs(np.linalg.det(matrix)) == 0:
        raise InferenceError(f"Degenerate geotransform {tuple(geotransform)}.")
    offsets = np.vstack([np.asarray(x, dtype=np.float64) - gt[0],
                         np.asarray(y, dtype=np.float64) - gt[3]])
    col, row = np.linalg.solve(matrix, offsets)
    return col, row


def priors_from_points(points, geotransform, shape):
    """Prior raster from points [(x, y, h), ...] in the raster's CRS.

    A point lands in the pixel that contains it; points outside the raster or with a
    non-finite height are ignored; several points in one pixel give their mean height.
    Returns (priors, used): the prior raster and how many points were used.
    """
    rows, cols = shape
    priors = np.full((rows, cols), np.nan)
    values = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    if values.shape[0] == 0:
        return priors, 0
    col, row = _pixel_of(geotransform, values[:, 0], values[:, 1])
    col, row = np.floor(col).astype(np.int64), np.floor(row).astype(np.int64)
    keep = (row >= 0) & (row < rows) & (col >= 0) & (col < cols) & np.isfinite(values[:, 2])
    if not keep.any():
        return priors, 0
    flat = row[keep] * cols + col[keep]
    total = np.bincount(flat, weights=values[keep, 2], minlength=rows * cols)
    count = np.bincount(flat, minlength=rows * cols)
    hit = count > 0
    priors.ravel()[hit] = total[hit] / count[hit]
    return priors, int(keep.sum())


def prior_lattice(shape, pixel_spacing_m, prior_spacing_m):
    """Rows and columns of a regular lattice every ``prior_spacing_m`` metres.

    The step is at least one pixel; the lattice is offset by half a step from the top-left
    corner so that it sits symmetrically inside the raster.
    """
    if not prior_spacing_m > 0:
        raise InferenceError(f"Prior spacing must be positive, got {prior_spacing_m}.")
    dy, dx = spacing_pair(pixel_spacing_m)
    step_rows = max(1, int(round(prior_spacing_m / dy)))
    step_cols = max(1, int(round(prior_spacing_m / dx)))
    rows = np.arange(step_rows // 2, shape[0], step_rows)
    cols = np.arange(step_cols // 2, shape[1], step_cols)
    return rows, cols


def priors_from_dem(dem_heights, pixel_spacing_m, prior_spacing_m):
    """Prior raster sampling a DEM on the SAR grid every ``prior_spacing_m`` metres.

    dem_heights: the DEM resampled onto the SAR grid (NaN where it has no data).
    """
    dem_heights = np.asarray(dem_heights, dtype=np.float64)
    rows, cols = prior_lattice(dem_heights.shape, pixel_spacing_m, prior_spacing_m)
    priors = np.full(dem_heights.shape, np.nan)
    priors[np.ix_(rows, cols)] = dem_heights[np.ix_(rows, cols)]
    return priors


def thin_priors(priors, max_density):
    """Priors thinned to at most ``max_density`` (fraction of the pixels).

    Returns (priors, block): when the priors are denser, the raster is cut into squares of
    ``block`` pixels (block = ceil(1 / sqrt(max_density))) and each square keeps the one
    prior nearest to its centre; otherwise the priors unchanged and block 1. The networks
    never saw denser priors, and their activations run away on them.
    """
    priors = np.asarray(priors, dtype=np.float64)
    finite = np.isfinite(priors)
    if finite.sum() <= max_density * priors.size:
        return priors, 1
    block = int(np.ceil(1.0 / np.sqrt(max_density)))
    rows, cols = np.nonzero(finite)
    offset = (np.abs(rows % block - (block - 1) / 2.0)
              + np.abs(cols % block - (block - 1) / 2.0))
    square = (rows // block) * (priors.shape[1] // block + 1) + cols // block
    order = np.lexsort((offset, square))
    first = np.ones(order.size, dtype=bool)
    first[1:] = square[order][1:] != square[order][:-1]
    keep = order[first]
    thinned = np.full(priors.shape, np.nan)
    thinned[rows[keep], cols[keep]] = priors[rows[keep], cols[keep]]
    return thinned, block
