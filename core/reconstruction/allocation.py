"""The energy re-allocation of docs/architecture.md#reconstruction for one tile of DEM cells.

With the measured intensity I_j, the global simulated image S_j = sum_k M_jk w_k and the
tile's mapping M (pixels x cells) and contributions w_k (m^2):

    E_k = w_k sum_j M_jk I_j / S_j        (energy of cell k, in intensity x pixels)

Each pixel's measured energy is shared among the cells that fold into it in proportion to
their simulated contributions M_jk w_k / S_j; summed over all cells of all tiles this
returns every covered pixel's energy exactly once. Missing pixels (NaN) give no energy;
``measured_share`` m_k = sum_j M_jk over the measured pixels is the part of the cell's
footprint that was seen (1 for a cell wholly inside measured image), used to normalise.
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Allocation:
    """Energy E_k re-allocated to each cell of a tile, and its measured share m_k."""

    energy: np.ndarray  # (rows, cols) E_k, linear intensity x pixels
    measured_share: np.ndarray  # (rows, cols) m_k, 0..1


def allocate_energy(block, intensity, simulated):
    """E_k and m_k of a tile; ``intensity``/``simulated`` cover exactly ``block.window``."""
    shape = (block.rows, block.cols)
    if block.window is None:
        return Allocation(np.zeros(shape), np.zeros(shape))
    measured = np.isfinite(intensity)
    covered = measured & (simulated > 0)
    ratio = np.zeros(intensity.shape)
    ratio[covered] = intensity[covered] / simulated[covered]
    transposed = block.matrix.T  # CSC view: cells x pixels, no copy
    energy = block.contributions().ravel() * (transposed @ ratio.ravel())
    share = transposed @ measured.ravel().astype(np.float64)
    return Allocation(energy.reshape(shape), share.reshape(shape))

