"""Accuracy of stereo heights against a truth DEM (scripts/eval_stereo.py, tests).

Two views, as in Sasayama et al. (IGARSS 2025, Fig. 5) and in DEM validation practice:

- per point: the point's height minus the truth DEM at the point's (lat, lon) (bilinear
  between truth cell centres). A horizontal error of the point shows up as a height error on
  slopes, as it would in the DEM the points make;
- per DEM cell: the points gridded (gridding.DemAccumulator, weighted mean) onto a grid nested
  in the truth DEM's (``factor`` x its cells, same origin and CRS), against the truth's block
  mean; coverage = cells with a height / cells with a truth height.

Statistics of errors e (m), by core.evaluation.statistics.summarize_errors (the project's one
implementation, shared with compare_dem): RMSE; median error (the tables' "bias", robust to
wrong matches; compare_dem's "bias" is the mean error); NMAD = 1.4826 median(|e - median(e)|)
(the robust spread); share of |e| within 1, 2, 5, 10 m.
"""
from dataclasses import dataclass

import numpy as np

from ..evaluation.statistics import ErrorSummary, summarize_errors
from .gridding import DemAccumulator, GridSpec
from .scene_dem import block_mean

THRESHOLDS_M = (1.0, 2.0, 5.0, 10.0)


def height_stats(errors_m):
    """Return the ErrorSummary of the finite height errors (m), ``within`` for THRESHOLDS_M.

    NaN statistics when there are no finite errors. The stereo tables report its
    ``median_error_m`` as the bias.
    """
    return summarize_errors(errors_m, THRESHOLDS_M)


def point_errors_m(points, truth_surface):
    """Height of each point minus the truth DEM (a DemSurface) at its position (m)."""
    if len(points) == 0:
        return np.zeros(0)
    block = truth_surface.block(points.lat_deg, points.lon_deg)
    if block is None:
        return np.full(len(points), np.nan)
    return points.height_m - block.height_at(points.lat_deg, points.lon_deg)


@dataclass
class GridComparison:
    """Stereo points gridded at a multiple of the scene's fine cells, compared with the truth.

    ``stats``: errors (m) of the gridded heights against ``truth_m``, the fine truth's block
    mean on the same grid (compare_gridded).
    """

    stats: ErrorSummary
    coverage: float  # cells with a height / cells with a truth height
    cells: int  # cells with a truth height
    gridded: object  # gridding.GriddedDem
    truth_m: np.ndarray


def compare_gridded(points, scene, factor):
    """Grid ``points`` at ``factor`` x the scene's fine cells and compare with the truth.

    ``scene``: core.stereo.scene_dem.SceneDem (fine heights, CRS, geotransform).
    """
    truth = block_mean(scene.fine_m, factor)
    x0, dx, _, y1, _, dy = scene.geotransform
    grid = GridSpec(scene.crs_wkt, (x0, dx * factor, 0.0, y1, 0.0, dy * factor),
                    truth.shape[1], truth.shape[0])
    accumulator = DemAccumulator(grid, "mean")
    accumulator.add_points(points)
    gridded = accumulator.result()
    has_truth = np.isfinite(truth)
    found = has_truth & np.isfinite(gridded.height_m)
    coverage = float(found.sum() / max(has_truth.sum(), 1))
    return GridComparison(height_stats((gridded.height_m - truth)[found]), coverage,
                          int(has_truth.sum()), gridded, truth)
