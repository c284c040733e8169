"""Pass 2 for one tile: allocated energy, flat-equivalent intensity, geocoding, mixing.

Output convention ("flat-equivalent intensity", linear): value_k = E_k / (n_flat_k m_k),
the cell's energy spread over the pixels it would cover on flat ground (n_flat, see
flat_footprint) and normalised by the measured part of its footprint (m_k). On flat,
unfolded ground it equals the intensity of the pixels under the cell, i.e. the geocoded
value; sum_k value_k n_flat_k m_k is the energy the output implies, which for the
reconstruction is exactly the measured energy.
"""
from dataclasses import dataclass

import numpy as np

from ..simulation.mask import LAYOVER_AND_SHADOW, SHADOW
from .allocation import allocate_energy
from .geocode import bilinear, lookup_window, nearest

MIN_MEASURED_SHARE = 0.25  # below this part of its footprint measured, a cell is nodata


@dataclass
class TileResult:
    """Per DEM cell of one tile, (rows, cols) arrays: energy, its normalisers and the outputs."""

    energy: np.ndarray  # E_k, linear intensity x pixels (0 where nothing was allocated)
    measured_share: np.ndarray  # m_k
    n_flat: np.ndarray  # pixels the cell would cover on flat ground
    reconstructed: np.ndarray  # flat-equivalent intensity; NaN: shadow, outside, unmeasured,
    # or facing away from the radar (no simulated contribution, so no energy can come back)
    geocoded: np.ndarray  # bilinear intensity at the cell's lookup position; NaN: outside
    mixing: np.ndarray  # contributing cells of the cell's nearest pixel; NaN: outside


def _empty(shape, n_flat):
    nan = np.full(shape, np.nan)
    return TileResult(np.zeros(shape), np.zeros(shape), n_flat, nan, nan.copy(), nan.copy())


def reconstruct_tile(block, measured, simulation, footprint, raster_shape):
    """TileResult of a BlockMapping.

    ``measured``: MeasuredImage; ``simulation``: GlobalSimulation after pass 1;
    ``footprint``: FlatFootprint; ``raster_shape``: (lines, samples) of the product.
    """
    shape = (block.rows, block.cols)
    n_flat = footprint.cells(block.row0, block.col0, block.rows, block.cols)
    if block.window is None or not block.in_image.any():
        return _empty(shape, n_flat)
    window = lookup_window(block, raster_shape)
    intensity = measured.read(window)
    simulated, count = simulation.read(window)
    own = (slice(block.window.line0 - window.line0,
                 block.window.line0 - window.line0 + block.window.lines),
           slice(block.window.sample0 - window.sample0,
                 block.window.sample0 - window.sample0 + block.window.samples))
    allocation = allocate_energy(block, intensity[own], simulated[own])
    share = allocation.measured_share
    shadow = (block.mask == SHADOW) | (block.mask == LAYOVER_AND_SHADOW)
    # Facets facing away (local incidence >= 90 deg) are self-shadowed: weight 0, like shadow.
    lit = ~shadow & (block.weight_m2 > 0)
    usable = block.in_image & lit & (share >= MIN_MEASURED_SHARE)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(usable, allocation.energy / (n_flat * share), np.nan)
    line = np.where(block.in_image, block.line - window.line0, np.nan)
    sample = np.where(block.in_image, block.sample - window.sample0, np.nan)
    return TileResult(allocation.energy, share, n_flat, value, bilinear(intensity, line, sample),
                      nearest(count, line, sample))
