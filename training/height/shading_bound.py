r"""How much height a backscatter image holds: classical shape from shading along range.

    .venv/bin/python -m sar_height.training.height.shading_bound [--looks 0 4] [--density 0.0005]

A yardstick for the height networks (issue 13), on the VALIDATION scenes only. The brightness
of a reconstructed image is mostly a function of the terrain's slope along range (the local
incidence angle), so heights along each image row are, up to a constant, the integral of that
slope. This module turns dB into slope with one of two relations, integrates along range, and
keeps the integral's detail finer than ``scale`` cells on top of the prior surface's coarser
shape (a Gaussian split of the two along range):

- **oracle**: the median true slope of each of 40 brightness quantiles of the scene (uses the
  truth: an upper bound of what one monotone brightness-to-slope relation can give);
- **self-calibrated**: dB = a + b x slope fitted between the image and the prior surface's
  slopes, both smoothed over 6 cells (what a method without the truth can do).

Prints the pooled RMSE (metres) of the prior surface and of both reconstructions, per
radiometry and split scale. It ignores slopes along azimuth, layover and land cover: it is a
diagnostic, not a method the plugin runs.
"""
import argparse

import numpy as np
from scipy.ndimage import gaussian_filter, gaussian_filter1d

from ..regions import VALIDATION
from .radiometry import degrade, fixed_radiometry
from .residual_data import CleanConfig, clean_scenes_for
from .residual_patches import scattered_surface

QUANTILES = 40
CALIBRATION_SMOOTHING_CELLS = 6.0


def oracle_slope(db, truth_slope):
    """Return the slope of each cell from the median true slope of its brightness quantile."""
    ok = np.isfinite(db) & np.isfinite(truth_slope)
    edges = np.quantile(db[ok], np.linspace(0, 1, QUANTILES + 1))
    bins = np.clip(np.digitize(db, edges) - 1, 0, QUANTILES - 1)
    medians = np.array([np.median(truth_slope[ok & (bins == i)]) if np.any(ok & (bins == i))
                        else 0.0 for i in range(QUANTILES)])
    return medians[bins]


def self_calibrated_slope(db, surface_slope):
    """Return the slope of each cell from dB = a + b x slope fitted on the prior surface."""
    smooth_db = gaussian_filter(db, CALIBRATION_SMOOTHING_CELLS)
    smooth_slope = gaussian_filter(surface_slope, CALIBRATION_SMOOTHING_CELLS)
    design = np.stack([np.ones(smooth_db.size), smooth_slope.ravel()], axis=1)
    (offset, gain), *_ = np.linalg.lstsq(design, smooth_db.ravel(), rcond=None)
    return (db - offset) / gain


def fused_heights(slope, surface_m, spacing_m, scale_cells):
    """Return heights (metres) that take the detail along range from the integrated slope.

    The prior surface's detail finer than ``scale_cells`` (Gaussian split along range) is
    replaced by that of the integral of ``slope``.
    """
    integral = np.cumsum(slope * spacing_m, axis=1)
    detail = integral - gaussian_filter1d(integral, scale_cells, axis=1)
    return gaussian_filter1d(surface_m, scale_cells, axis=1) + detail


def scene_errors(scene, looks, density, seed, scales):
    """Return {name: sum of squared errors, "cells": n} of one scene (radar looking east)."""
    east = scene.params.looks_east

    def oriented(a):
        return a if east else a[:, ::-1]

    truth = oriented(scene.truth).astype(np.float64)
    rng = np.random.default_rng(seed)
    whole = (0, truth.shape[0], 0, truth.shape[1])
    surface = oriented(scattered_surface(scene, density, rng, whole).surface(whole))
    db = degrade(oriented(scene.sigma0("reconstructed")), scene.params.incidence_deg,
                 fixed_radiometry(looks), rng).astype(np.float64)
    db = np.where(np.isfinite(db), db, np.nanmedian(db))
    db = np.clip(db, *np.percentile(db, (1, 99)))
    spacing = scene.spacing_m
    slopes = {"oracle": oracle_slope(db, np.gradient(truth, axis=1) / spacing),
              "self-calibrated": self_calibrated_slope(db, np.gradient(surface, axis=1) / spacing)}
    valid = np.isfinite(truth)
    out = {"cells": int(valid.sum()), "prior": float(np.sum((surface - truth)[valid] ** 2))}
    for name, slope in slopes.items():
        for scale in scales:
            error = fused_heights(slope, surface, spacing, scale) - truth
            out[f"{name} {scale}"] = float(np.sum(error[valid] ** 2))
    return out


def main(argv=None):
    """Print the pooled RMSE table (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--looks", type=float, nargs="+", default=[0.0, 4.0],
                        help="speckle looks (0 = noise-free)")
    parser.add_argument("--density", type=float, default=0.0005, help="prior density (fraction)")
    parser.add_argument("--scales", type=float, nargs="+", default=[16.0, 32.0, 64.0],
                        help="split scales along range (cells)")
    args = parser.parse_args(argv)
    scenes = clean_scenes_for(VALIDATION, CleanConfig(), None, 1)
    for looks in args.looks:
        totals: dict = {}
        for index, scene in enumerate(scenes):
            for key, value in scene_errors(scene, looks, args.density, index,
                                           args.scales).items():
                totals[key] = totals.get(key, 0.0) + value
        cells = totals.pop("cells")
        text = "  ".join(f"{k} {np.sqrt(v / cells):.1f}" for k, v in totals.items())
        print(f"looks {looks:g}, priors {args.density:.4%}: RMSE (m) {text}", flush=True)


if __name__ == "__main__":
    main()
