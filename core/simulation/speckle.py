"""Multiplicative speckle: intensity x Gamma(L, 1/L), one random stream per image line.

The stream of a line is derived from (seed, line) and always drawn from sample 0, so a pixel's
factor does not depend on the window it is processed in.
"""
import numpy as np

_STREAM = 0x5BEC


def speckle_factors(seed, looks, line, sample0, sample1):
    """Gamma(L, 1/L) factors (mean 1, variance 1/L) of samples [sample0, sample1) of a line."""
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), _STREAM, int(line)]))
    return rng.gamma(looks, 1.0 / looks, size=sample1)[sample0:]


def apply_speckle(window, seed, looks, line0, sample0):
    """Speckle a (lines, samples) window whose first pixel is (line0, sample0), in place."""
    if looks <= 0:
        return window
    for i in range(window.shape[0]):
        row = window[i]
        if np.any(row):
            row *= speckle_factors(seed, looks, line0 + i, sample0, sample0 + row.size)
    return window
