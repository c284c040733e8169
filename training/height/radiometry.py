"""Randomised radiometry: what real products do to a clean backscatter image.

The clean scenes (training.height.residual_data) hold noise-free sigma0. For every patch at
every step, :func:`degrade` draws what a real product might have done to it, in physical order:

1. **land cover**: a smooth log-normal field (std 0-1.5 dB, none in 35 % of the patches;
   correlation 4-40 cells) and, in some patches, a dark water body (-12 to -20 dB) or a bright
   settlement block (+5 to +10 dB). Up to 3 dB in every patch was tried first: at equal steps
   (966) the validation error with sparse priors was 74.1 m against 71.9 m with these ranges
   (prior surface 77.6 m), and land cover that strong mimics the shading of slopes;
2. **gamma0** instead of sigma0 (divided by the cosine of an incidence ramp across range) and a
   calibration offset of +-3 dB;
3. **thermal noise**: a floor of -30 to -18 dB sigma0 added in linear power;
4. **speckle** of 1 to 200 looks (log-uniform; noise-free in 10 % of patches), uncorrelated or, as
   when the radar pixel is coarser than the map cell, correlated over 1.5-3 cells;
5. **multilooking and filters**: none, a boxcar, a median filter or a Gaussian blur (radar
   resolution coarser than the cell);
6. **8-bit quantisation** of dB over a random display range (some products ship as 8-bit).

One filter is **held out**: the Lee filter (:func:`lee_filter`) is never drawn here; the
evaluation applies it to show how the model behaves on a product kind it did not train on.
"""
import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter, median_filter, uniform_filter, zoom

HELD_OUT_FILTER = "lee"


@dataclass
class Radiometry:
    """One draw of :func:`draw_radiometry` (dB values, looks, flags)."""

    landcover_db: float
    landcover_cells: float
    water: bool
    bright: bool
    gamma0: bool
    calibration_db: float
    noise_floor_db: float
    looks: float  # 0 = noise-free
    speckle_cells: float  # 1 = uncorrelated
    filter: str  # "none", "boxcar", "median", "blur", or HELD_OUT_FILTER (evaluation only)
    filter_size: float
    quantise: bool


def _log_uniform(rng, low, high):
    return float(math.exp(rng.uniform(math.log(low), math.log(high))))


def draw_radiometry(rng, landcover_max_db=1.5, landcover_none_share=0.35):
    """Return a random :class:`Radiometry` in the training ranges.

    Land-cover contrast is 0 in ``landcover_none_share`` of the draws, else uniform up to
    ``landcover_max_db`` (standard deviation, dB).
    """
    landcover = 0.0 if rng.random() < landcover_none_share else rng.uniform(0.0, landcover_max_db)
    return Radiometry(
        landcover_db=float(landcover), landcover_cells=_log_uniform(rng, 4, 40),
        water=bool(rng.random() < 0.15), bright=bool(rng.random() < 0.1),
        gamma0=bool(rng.random() < 0.3), calibration_db=float(rng.uniform(-3.0, 3.0)),
        noise_floor_db=float(rng.uniform(-30.0, -18.0)),
        looks=0.0 if rng.random() < 0.1 else _log_uniform(rng, 1.0, 200.0),
        speckle_cells=1.0 if rng.random() < 0.6 else float(rng.uniform(1.5, 3.0)),
        filter=str(rng.choice(["none", "none", "boxcar", "median", "blur"])),
        filter_size=float(rng.uniform(0.5, 1.5)),
        quantise=bool(rng.random() < 0.15))


def fixed_radiometry(looks=4.0, filter="none", noise_floor_db=-25.0):
    """Return the plain radiometry of the evaluation scenes (no land cover, sigma0, no offset)."""
    return Radiometry(landcover_db=0.0, landcover_cells=10.0, water=False, bright=False,
                      gamma0=False, calibration_db=0.0, noise_floor_db=noise_floor_db,
                      looks=looks, speckle_cells=1.0, filter=filter, filter_size=1.0,
                      quantise=False)


def _smooth_field(shape, cells, rng):
    field = gaussian_filter(rng.standard_normal(shape), cells, mode="reflect")
    return field / max(float(field.std()), 1e-12)


def _landcover(shape, settings, rng):
    db = settings.landcover_db * _smooth_field(shape, settings.landcover_cells, rng)
    if settings.water:
        db[_smooth_field(shape, settings.landcover_cells, rng) > 1.2] -= rng.uniform(12, 20)
    if settings.bright:
        db[_smooth_field(shape, 3.0, rng) > 2.0] += rng.uniform(5, 10)
    return db


def _speckle(shape, looks, cells, rng):
    if cells <= 1.0:
        return rng.gamma(looks, 1.0 / looks, shape)
    coarse_shape = tuple(max(2, int(math.ceil(n / cells))) for n in shape)
    factors = rng.gamma(looks, 1.0 / looks, coarse_shape)
    fine = zoom(factors, [n / c for n, c in zip(shape, coarse_shape)], order=0)
    return fine[:shape[0], :shape[1]]


def lee_filter(intensity, size=5, looks=1.0):
    """Return the Lee (1980) speckle filter of linear ``intensity`` over ``size`` x ``size`` cells.

    The local mean is pulled towards each pixel by the share of the local variance that
    speckle of ``looks`` looks cannot explain.
    """
    mean = uniform_filter(intensity, size, mode="reflect")
    square = uniform_filter(intensity * intensity, size, mode="reflect")
    variance = np.maximum(square - mean ** 2, 0)
    speckle_variance = mean ** 2 / max(looks, 1e-6)
    weight = np.clip((variance - speckle_variance) / np.maximum(variance, 1e-30), 0.0, 1.0)
    return mean + weight * (intensity - mean)


def _filtered(intensity, settings):
    if settings.filter == "boxcar":
        return uniform_filter(intensity, 3 if settings.filter_size < 1.0 else 5, mode="reflect")
    if settings.filter == "median":
        return median_filter(intensity, 3, mode="reflect")
    if settings.filter == "blur":
        return gaussian_filter(intensity, settings.filter_size, mode="reflect")
    if settings.filter == HELD_OUT_FILTER:
        return lee_filter(intensity, 5, max(settings.looks, 1.0))
    return intensity


def _quantised(db, rng):
    low = float(np.nanpercentile(db, 1)) - rng.uniform(0, 3)
    high = float(np.nanpercentile(db, 99)) + rng.uniform(0, 3)
    levels = np.round(np.clip((db - low) / (high - low), 0, 1) * 255)
    return low + levels / 255.0 * (high - low)


def degrade(sigma0, incidence_deg, settings, rng):
    """Return backscatter in dB (NaN where ``sigma0`` is missing) after the effects of ``settings``.

    ``sigma0``: clean linear backscatter of a window (rows, cols), the radar looking towards
    increasing columns; ``incidence_deg``: the incidence angle at the window's centre column.
    """
    missing = ~np.isfinite(sigma0)
    power = np.where(missing, 0.0, sigma0).astype(np.float64)
    power *= 10.0 ** (_landcover(power.shape, settings, rng) / 10.0)
    if settings.gamma0:
        ramp = np.radians(incidence_deg + np.linspace(-2.0, 2.0, power.shape[1]))
        power /= np.cos(ramp)[None, :]
    power *= 10.0 ** (settings.calibration_db / 10.0)
    power += 10.0 ** ((settings.noise_floor_db + settings.calibration_db) / 10.0)
    if settings.looks > 0:
        power *= _speckle(power.shape, settings.looks, settings.speckle_cells, rng)
    power = _filtered(power, settings)
    with np.errstate(divide="ignore"):
        db = 10.0 * np.log10(np.maximum(power, 1e-12))
    if settings.quantise:
        db = _quantised(db, rng)
    db[missing] = np.nan
    return db.astype(np.float32)
