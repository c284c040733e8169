"""Layover and shadow of DEM cells by a sweep along ground range inside azimuth bins.

Cells are grouped into azimuth bins (a narrow band of zero-Doppler times: one "range line")
and ordered near to far by the ground-order key. Within a bin:
- layover: the slant range is below (by at least one quantum) the running maximum of nearer
  cells (near -> far: the cell folds onto nearer terrain), or above the running minimum of
  farther cells (far -> near: nearer ground that a foreslope folds onto);
- shadow: the look angle from nadir is below the running maximum of nearer cells (a nearer
  cell sticks up through the ray).
Ranges and angles are compared as integers (RANGE_QUANTUM_M, LOOK_QUANTUM_RAD): comparisons
are exact, and ties within one quantum count as clear, so flat ground never flags itself.
"""
import numpy as np

CLEAR, LAYOVER, SHADOW, LAYOVER_AND_SHADOW, NODATA = 0, 1, 2, 3, 255
_KEY_BITS = 62  # segment and value share one non-negative int64


def _segmented_prev_max_exceeds(segment, values):
    """Return True where values[i] < max(values[j]) over earlier j of the same segment.

    ``segment`` non-decreasing non-negative ints; ``values`` ints. One running maximum of
    ``segment << bits | value`` does all segments at once: an earlier segment's keys are
    always smaller, so they never win inside a later segment.
    """
    out = np.zeros(values.size, dtype=bool)
    if values.size < 2:
        return out
    keys = values - values.min()
    value_bits = max(1, int(keys.max()).bit_length())
    if value_bits + int(segment[-1]).bit_length() > _KEY_BITS:
        # Too wide a spread to pack: rank the values, which keeps every comparison exact.
        keys = np.unique(values, return_inverse=True)[1].astype(np.int64).ravel()
        value_bits = max(1, int(keys.max()).bit_length())
    keys |= segment.astype(np.int64) << value_bits
    running = np.maximum.accumulate(keys)
    np.less(keys[1:], running[:-1], out=out[1:])
    return out


def _sweep(bin_index, order_key, range_q, look_q, index, layover, shadow):
    """OR this bin grid's layover and shadow flags into the flat ``layover``/``shadow``."""
    bins = bin_index.ravel()[index]
    order = np.lexsort((order_key.ravel()[index], bins))  # by bin, then near to far
    segment = bins[order]
    segment -= segment[0]
    del bins
    cells = index[order]
    del order
    rng = range_q.ravel()[cells]
    layover[cells] |= _segmented_prev_max_exceeds(segment, rng)
    # Far -> near: reverse the sweep; the running max of -R is minus the running min of R.
    reversed_segment = segment[-1] - segment[::-1]
    layover[cells[::-1]] |= _segmented_prev_max_exceeds(reversed_segment, -rng[::-1])
    del reversed_segment, rng
    shadow[cells] |= _segmented_prev_max_exceeds(segment, look_q.ravel()[cells])


def layover_shadow_codes(bin_grids, order_key, range_q, look_q, valid):
    """Mask codes (uint8, same shape as the inputs) for a set of DEM cells.

    ``bin_grids``: one or more integer azimuth-bin arrays. A bin boundary can cut a range
    line in two (on a grid aligned with the track a whole row sits right on it), which hides
    nearer terrain from the farther part; with a second grid offset by half a bin every
    range line is whole in one of them, and a cell is flagged if either sweep flags it (a cut
    only ever removes flags, never adds them).
    The inputs are the cells of one strip with its halo; every cell that can fold with or hide
    a core cell must be present (the caller's halo guarantees it). Invalid cells get NODATA
    and take no part in the sweep.
    """
    codes = np.full(np.shape(valid), NODATA, dtype=np.uint8)
    index = np.flatnonzero(valid)
    if index.size == 0:
        return codes
    layover = np.zeros(codes.size, dtype=bool)
    shadow = np.zeros(codes.size, dtype=bool)
    for bins in bin_grids:
        _sweep(bins, order_key, range_q, look_q, index, layover, shadow)
    flat = codes.reshape(-1)
    flat[index] = (layover[index].astype(np.uint8) * LAYOVER
                   + shadow[index].astype(np.uint8) * SHADOW)
    return codes
