"""Height search (Duque et al., section III).

Finds the candidate height whose expected sub-band shifts best match the measured ones.

Only shifts relative to each other carry height: the target's own zero-Doppler position is
unknown, so measured and expected shifts are both taken relative to their mean across the
sub-bands (equivalently, a free common offset is fitted). The misfit is the RMS over
sub-bands, in seconds inside the search and reported in metres of azimuth on the ground.
Search: a coarse grid over the whole interval, then a bounded scalar minimisation in the
coarse cell around the best node. The misfit is close to |a (h - h*)| (shifts are
practically linear in height), so any coarse step finds the right cell.
"""
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

COARSE_NODES_MAX = 120
FINE_NODES = 5  # exact model evaluations across the fine cell, then a cubic in height
COARSE_STEP_MIN_M = 5.0
FINE_TOLERANCE_M = 0.01


@dataclass
class HeightFit:
    """Result of :func:`search_height` for one target."""

    height_m: float
    residual_rms_s: float  # RMS of measured - expected relative shifts (seconds)
    at_edge: bool  # the minimum lies at the search interval's edge


def relative(shifts):
    """Shifts (..., N) minus their mean over sub-bands."""
    shifts = np.asarray(shifts, dtype=np.float64)
    return shifts - shifts.mean(axis=-1, keepdims=True)


def misfit_s(measured_s, expected_s, weights=None):
    """Return the RMS misfit (s) over sub-bands of relative measured minus expected shifts, (H,).

    Rows of ``expected_s`` (H, N) are candidates. ``weights`` (N,) for unequal sub-band
    quality: then the common offset and the mean square are weighted.
    """
    diff = relative(measured_s)[None, :] - relative(np.atleast_2d(expected_s))
    if weights is None:
        return np.sqrt(np.mean(diff**2, axis=-1))
    w = np.asarray(weights, dtype=np.float64) / np.sum(weights)
    mean = np.sum(diff * w, axis=-1, keepdims=True)  # weighted common offset
    return np.sqrt(np.sum(w * (diff - mean) ** 2, axis=-1))


def coarse_step_m(height_min_m, height_max_m, expected_std_m=None):
    """Return the coarse grid step (m) of the height search.

    At most COARSE_NODES_MAX nodes, no finer than the expected accuracy (3 times
    ``expected_std_m``, the eq. (13) error) or COARSE_STEP_MIN_M, and no coarser than the span.
    """
    span = height_max_m - height_min_m
    step = span / COARSE_NODES_MAX
    if expected_std_m is not None and np.isfinite(expected_std_m):
        step = max(step, 3.0 * expected_std_m)
    return float(min(max(step, COARSE_STEP_MIN_M), span))


def _fine_search(model, measured_s, low_m, high_m, weights):
    """Return (height m, misfit s) of the misfit's minimum in [low, high].

    The expected shifts are smooth in height (close to linear), so a cubic through FINE_NODES
    exact evaluations stands in for the orbit model during the scalar minimisation; the
    returned misfit is that of the exact model at the height found.
    """
    if high_m <= low_m:
        return float(low_m), float(misfit_s(measured_s, model.shifts_s([low_m]), weights)[0])
    nodes = np.linspace(low_m, high_m, FINE_NODES)
    centre, half = 0.5 * (low_m + high_m), 0.5 * (high_m - low_m)
    coeffs = np.polynomial.polynomial.polyfit((nodes - centre) / half, model.shifts_s(nodes), 3)

    def cost(h):
        expected = np.polynomial.polynomial.polyval((h - centre) / half, coeffs)
        return float(misfit_s(measured_s, expected[None, :], weights)[0])

    result = minimize_scalar(cost, bounds=(low_m, high_m), method="bounded",
                             options={"xatol": FINE_TOLERANCE_M})
    height = float(result.x)
    return height, float(misfit_s(measured_s, model.shifts_s([height]), weights)[0])


def search_height(model, measured_s, height_min_m, height_max_m, expected_std_m=None,
                  weights=None):
    """Find the best height (m) of one target in [height_min_m, height_max_m]; return a HeightFit.

    ``model.shifts_s(heights) -> (H, N)`` expected shifts in seconds; ``measured_s`` (N,)
    measured sub-band shifts in seconds.
    """
    step = coarse_step_m(height_min_m, height_max_m, expected_std_m)
    grid = np.linspace(height_min_m, height_max_m,
                       int(np.ceil((height_max_m - height_min_m) / step)) + 1)
    costs = misfit_s(measured_s, model.shifts_s(grid), weights)
    best = int(np.argmin(costs))
    low = grid[max(best - 1, 0)]
    high = grid[min(best + 1, len(grid) - 1)]
    height, rms = _fine_search(model, measured_s, low, high, weights)
    if costs[best] < rms:  # the fine search may stop short of a node that is better
        height, rms = float(grid[best]), float(costs[best])
    edge_margin = 0.5 * (grid[1] - grid[0]) if len(grid) > 1 else 0.0
    at_edge = bool((best == 0 and height - height_min_m <= edge_margin)
                   or (best == len(grid) - 1 and height_max_m - height <= edge_margin))
    return HeightFit(height_m=height, residual_rms_s=rms, at_edge=at_edge)
