"""Sparse prior heights on the SAR raster grid: from points, or sampled from a DEM.

Two forms: :class:`~core.inference.contract.PriorPoints` (rows, columns and heights of the
prior pixels: what estimate_height uses, 24 bytes per prior whatever the raster's size) and a
prior raster of the SAR raster's shape holding a height (metres) at prior pixels and NaN
everywhere else (the in-memory form of predict_heights and training). The functions on
rasters are the point functions plus a conversion, so the two give the same priors. The
model predicts heights in the height system of its priors.
"""
import math
from dataclasses import dataclass

import numpy as np

from ..errors import InferenceError
from ..plausibility import plausible_heights
from .contract import PriorPoints, spacing_pair


@dataclass
class PriorHeightCounts:
    """Counts of what :func:`screen_prior_heights` dropped, out of ``given`` values.

    ``missing`` (null, or no Z value), ``non_numeric`` (text that is no number),
    ``impossible`` (infinite, or outside the Earth's heights, core.plausibility) with
    ``example`` one such height (m).
    """

    given: int = 0
    missing: int = 0
    non_numeric: int = 0
    impossible: int = 0
    example: float = math.nan

    @property
    def dropped(self):
        """Number of values dropped, for whatever reason."""
        return self.missing + self.non_numeric + self.impossible


def _as_height(value):
    """Float of an attribute value; None when null, a str marker when not a number."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return "non-numeric"


def screen_prior_heights(values):
    """Return (heights float64 array in m, PriorHeightCounts) of raw prior heights.

    ``values``: attribute values or Z coordinates. NaN where a value is null, NaN (a missing
    Z), not a number, infinite or an impossible height, so that no such prior reaches the
    model. A prior of 1e12 m would otherwise become the model's reference height and give
    1e12 m everywhere.
    """
    counts = PriorHeightCounts(given=len(values))
    heights = np.full(len(values), np.nan)
    for index, value in enumerate(values):
        height = _as_height(value)
        if height is None or (isinstance(height, float) and math.isnan(height)):
            counts.missing += 1
        elif isinstance(height, str):
            counts.non_numeric += 1
        elif not plausible_heights(height):
            counts.impossible += 1
            if math.isnan(counts.example) or abs(height) > abs(counts.example):
                counts.example = height
        else:
            heights[index] = height
    return heights, counts


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


def points_to_priors(points, geotransform, shape):
    """PriorPoints from points [(x, y, h), ...] in the raster's CRS.

    A point lands in the pixel that contains it; points outside the raster or with a
    non-finite height are ignored; several points in one pixel give their mean height.
    Returns (PriorPoints, used): the priors and how many points were used.
    """
    rows, cols = shape
    values = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    if values.shape[0] == 0:
        return PriorPoints([], [], [], shape), 0
    col, row = _pixel_of(geotransform, values[:, 0], values[:, 1])
    col, row = np.floor(col).astype(np.int64), np.floor(row).astype(np.int64)
    keep = (row >= 0) & (row < rows) & (col >= 0) & (col < cols) & np.isfinite(values[:, 2])
    if not keep.any():
        return PriorPoints([], [], [], shape), 0
    # sums in the points' order per pixel, as a bincount over all pixels would add them
    pixels, inverse = np.unique(row[keep] * cols + col[keep], return_inverse=True)
    total = np.bincount(inverse, weights=values[keep, 2])
    count = np.bincount(inverse)
    return PriorPoints(pixels // cols, pixels % cols, total / count, shape), int(keep.sum())


def priors_from_points(points, geotransform, shape):
    """Prior raster from points [(x, y, h), ...] (see :func:`points_to_priors`).

    Returns (priors, used): the prior raster and how many points were used.
    """
    found, used = points_to_priors(points, geotransform, shape)
    return found.block(0, shape[0]), used


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


def merge_priors(first, second):
    """PriorPoints of ``first`` and of ``second`` where ``first`` has none (first wins)."""
    width = first.shape[1]
    taken = np.isin(second.rows * width + second.cols, first.rows * width + first.cols)
    free = ~taken
    return PriorPoints(np.concatenate([first.rows, second.rows[free]]),
                       np.concatenate([first.cols, second.cols[free]]),
                       np.concatenate([first.heights, second.heights[free]]), first.shape)


def thin_prior_points(points, max_density):
    """PriorPoints thinned to at most ``max_density`` (fraction of the raster's pixels).

    Returns (points, block): when the priors are denser, the raster is cut into squares of
    ``block`` pixels (block = ceil(1 / sqrt(max_density))) and each square keeps the one
    prior nearest to its centre (the first in row-major order among equally near ones);
    otherwise the priors unchanged and block 1. The networks never saw denser priors, and
    their activations run away on them.
    """
    if len(points) <= max_density * points.shape[0] * points.shape[1]:
        return points, 1
    block = int(np.ceil(1.0 / np.sqrt(max_density)))
    rows, cols = points.rows, points.cols  # row-major
    offset = (np.abs(rows % block - (block - 1) / 2.0)
              + np.abs(cols % block - (block - 1) / 2.0))
    square = (rows // block) * (points.shape[1] // block + 1) + cols // block
    order = np.lexsort((offset, square))
    first = np.ones(order.size, dtype=bool)
    first[1:] = square[order][1:] != square[order][:-1]
    keep = order[first]
    return PriorPoints(rows[keep], cols[keep], points.heights[keep], points.shape), block


def thin_priors(priors, max_density):
    """Thin a prior raster as :func:`thin_prior_points` thins its points.

    Returns (priors, block): the thinned raster (the given one when not too dense), block.
    """
    priors = np.asarray(priors, dtype=np.float64)
    thinned, block = thin_prior_points(PriorPoints.from_raster(priors), max_density)
    if block == 1:
        return priors, 1
    return thinned.block(0, priors.shape[0]), block
