"""Radiometric units of the measured image and of the outputs.

Inside the reconstruction everything is linear intensity (power). The measured raster may
hold intensity, amplitude (|DN|, squared here) or decibels (10^(x/10)). A pixel is missing
when it is the band's nodata value or not finite; in dB also above +60 dB (no backscatter is
that bright: core.plausibility); for linear inputs also when it is <= 0,
because a measured intensity is never exactly zero inside an image (thermal noise) while
zero is the usual fill value of SAR products outside their valid area (Sentinel-1 GRD
borders, simulate_sar's empty pixels). In dB, 0 dB is a valid value (intensity 1). A
noise-free simulated image does hold true zeros (pixels nothing lands on); for it, pass
``zero_is_missing=False``.
"""
import numpy as np

from .constants import (  # noqa: F401 (AMPLITUDE, INTENSITY, DECIBEL: this module's API)
    AMPLITUDE,
    DB,
    DECIBEL,
    INPUT_UNITS,
    INTENSITY,
    LINEAR,
    OUTPUT_UNITS,
)
from .plausibility import DB_CEILING


def to_intensity(values, units, nodata=None, zero_is_missing=True):
    """Linear intensity (float64) of raw raster values; NaN where the pixel is missing."""
    if units not in INPUT_UNITS:
        raise ValueError(f"Unknown input units {units!r}; use one of {INPUT_UNITS}.")
    raw = np.asarray(values, dtype=np.float64)
    missing = ~np.isfinite(raw)
    if nodata is not None and np.isfinite(nodata):
        missing |= raw == nodata
    if units == DB:
        with np.errstate(invalid="ignore"):
            missing |= raw > DB_CEILING  # not backscatter (core.plausibility)
        intensity = np.power(10.0, np.where(missing, 0.0, raw) / 10.0)
    else:
        missing |= (raw <= 0) if zero_is_missing else (raw < 0)
        intensity = raw * raw if units == AMPLITUDE else raw.copy()
    intensity[missing | ~np.isfinite(intensity)] = np.nan
    return intensity


def from_intensity(intensity, units):
    """Output values (float32) in ``units``; dB of a zero or missing intensity is NaN."""
    if units not in OUTPUT_UNITS:
        raise ValueError(f"Unknown output units {units!r}; use one of {OUTPUT_UNITS}.")
    values = np.asarray(intensity, dtype=np.float64)
    if units == DECIBEL:
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(values > 0, 10.0 * np.log10(values), np.nan)
    return values.astype(np.float32)
