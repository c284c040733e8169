"""Reflectivity texture: a smooth, mean-1, log-normal multiplicative field on the DEM grid.

White noise comes from one random stream per DEM row, derived from (seed, row), and is
smoothed by a Gaussian of ``correlation_cells`` sigma. A block filters its cells plus the
filter radius on every side (texture_from_noise), so a cell's value never depends on where the
block starts.
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


def texture_radius(strength, correlation_cells):
    """Cells on each side that the texture of a cell depends on (0 without texture)."""
    if strength <= 0 or correlation_cells <= 0:
        return 0
    return int(_TRUNCATE * float(correlation_cells) + 0.5)


def row_noise(seed, row0, row1, width):
    """Return the white noise of DEM rows [row0, row1), (rows, width) float64."""
    return np.stack([_row_noise(seed, r, width) for r in range(row0, row1)])


def texture_from_noise(noise, core, strength, correlation_cells):
    """Texture factor of the cells ``core`` (a pair of slices) of a window of row noise.

    ``noise``: the white noise of a window of DEM cells that reaches texture_radius beyond the
    core on every side, or to the DEM's edge where that is nearer (the filter reflects at the
    window's edges, which only matters within the radius of an edge: there it is the DEM's
    own). The value of a cell does not depend on the window.
    """
    sigma = float(correlation_cells)
    if sigma > 0:
        noise = gaussian_filter(noise, sigma, mode="reflect", truncate=_TRUNCATE)
        noise /= _kernel_norm(sigma)
    log_sigma = math.sqrt(math.log1p(strength ** 2))
    return np.exp(log_sigma * noise[core] - 0.5 * log_sigma ** 2)


def reflectivity_texture(seed, row0, row1, width, dem_height, strength, correlation_cells):
    """Multiplicative factor (row1 - row0, width): mean 1, standard deviation ``strength``."""
    if strength <= 0:
        return np.ones((row1 - row0, width))
    radius = texture_radius(strength, correlation_cells)
    lo, hi = max(0, row0 - radius), min(dem_height, row1 + radius)
    return texture_from_noise(row_noise(seed, lo, hi, width),
                              (slice(row0 - lo, row1 - lo), slice(None)), strength,
                              correlation_cells)
