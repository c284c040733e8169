"""Signal-to-clutter ratio (SCR): the one definition shared by simulator and measurement.

SCR = |peak amplitude of the focused point target|^2 / mean clutter intensity E|c|^2, both in
the same complex image with the processor's spectral weighting applied (the SLC as delivered).
The peak is that of the target focused at its true height (no defocus); the clutter mean is
per pixel. In dB: 10 log10(SCR). The simulator scales its clutter to
``clutter_intensity(scr_db)`` relative to a unit-amplitude target (amplitude 1 -> peak
intensity 1), so a target of amplitude a has SCR = scr_db + 20 log10(a).

``estimate_scr_db`` measures it on an image chip the same way: peak intensity over the mean
intensity of the chip outside a guard window around the peak.
"""
import numpy as np

from ..errors import PointTargetError


def scr_linear(scr_db):
    """DB -> linear power ratio."""
    value = float(scr_db)
    if not np.isfinite(value):
        raise PointTargetError(f"SCR {scr_db} dB is not a finite number.")
    return 10.0 ** (value / 10.0)


def scr_db_from_linear(scr):
    """Linear power ratio -> dB."""
    if not float(scr) > 0.0:
        raise PointTargetError(f"SCR {scr} must be positive (linear power ratio).")
    return 10.0 * np.log10(float(scr))


def clutter_intensity(scr_db, peak_amplitude=1.0):
    """Return the mean clutter intensity E|c|^2 that gives ``scr_db`` (dB) against a target.

    The target has peak amplitude ``peak_amplitude`` (linear).
    """
    return float(peak_amplitude) ** 2 / scr_linear(scr_db)


def estimate_scr_db(chip, guard=(8, 8)):
    """Estimate the SCR (dB) of the brightest point of a complex chip.

    Peak intensity over the mean intensity outside a (2 guard + 1) window (lines, samples)
    centred on the peak.
    """
    intensity = np.abs(np.asarray(chip)) ** 2
    line, sample = np.unravel_index(np.argmax(intensity), intensity.shape)
    mask = np.ones(intensity.shape, dtype=bool)
    mask[max(0, line - guard[0]):line + guard[0] + 1,
         max(0, sample - guard[1]):sample + guard[1] + 1] = False
    if not mask.any():
        raise PointTargetError("The chip is smaller than the guard window around its peak: give "
                               "a larger chip to estimate the clutter level.")
    return scr_db_from_linear(intensity[line, sample] / intensity[mask].mean())
