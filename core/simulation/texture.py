"""Reflectivity texture: a smooth, mean-1, log-normal multiplicative field on the DEM grid.

White noise comes from one random stream per DEM row, derived from (seed, row), and is
smoothed by a Gaussian of ``correlation_cells`` sigma. A strip reads its rows plus the filter
radius on both sides, so a cell's value never depends on where the strip starts.
"""
import math

import numpy as np
from scipy.ndimage import gaussian_filter

_STREAM = 0x7E87  # separates texture streams from speckle streams of the same seed
_TRUNCATE = 4.0  # Gaussian kernel radius in sigmas (scipy's default)


def _row_noise(seed, row, width):
    return np.random.default_rng(np.random.SeedSequence([int(seed), _STREAM, int(row)])
                                 ).standard_normal(width)


def _kernel_norm(sigma):
    """sqrt(sum of the 2-D kernel's squares): the std of smoothed unit white noise."""
    radius = int(_TRUNCATE * sigma + 0.5)
    impulse = np.zeros(2 * radius + 1)
    impulse[radius] = 1.0
    kernel = gaussian_filter(impulse, sigma, mode="constant", truncate=_TRUNCATE)
    return float(np.sum(kernel ** 2))  # 1-D sum squared twice = 2-D sum of squares


def reflectivity_texture(seed, row0, row1, width, dem_height, strength, correlation_cells):
    """Multiplicative factor (row1 - row0, width): mean 1, standard deviation ``strength``."""
    if strength <= 0:
        return np.ones((row1 - row0, width))
    sigma = float(correlation_cells)
    radius = int(_TRUNCATE * sigma + 0.5) if sigma > 0 else 0
    lo, hi = max(0, row0 - radius), min(dem_height, row1 + radius)
    noise = np.stack([_row_noise(seed, r, width) for r in range(lo, hi)])
    if sigma > 0:
        # Reflection at the array edge only matters within ``radius`` of it: there the edge
        # is the DEM's own edge, the same for every strip.
        noise = gaussian_filter(noise, sigma, mode="reflect", truncate=_TRUNCATE)
        noise /= _kernel_norm(sigma)
    log_sigma = math.sqrt(math.log1p(strength ** 2))
    field = np.exp(log_sigma * noise[row0 - lo:row1 - lo] - 0.5 * log_sigma ** 2)
    return field
