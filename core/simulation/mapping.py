"""The one-to-many mapping of DEM cells onto the radar grid, as a sparse matrix per block.

Each DEM cell is cut into s x s sub-cells. Their (line, sample) positions are interpolated
bilinearly between the cell-centre solutions of geo2rdr: with heights interpolated bilinearly
too, the map (east, north, height) -> (line, sample) is affine to millimetres inside one
cell, so this equals solving geo2rdr per sub-cell at a fraction of the cost. Every sub-cell
carries 1/s^2 of its cell and is splatted bilinearly onto the four nearest pixel centres
(pixel centres at integer line/sample). Column k of the resulting matrix M therefore holds
the share of cell k's energy in each radar pixel of the block's window and sums to 1 for a
cell that lands wholly inside the image: simulated = M @ (weight * reflectivity).
"""
from dataclasses import dataclass

import numpy as np
from scipy import sparse

CHUNK_SUBCELLS = 1 << 20  # sub-cells per vectorised chunk (~100 MB of temporaries)
MAX_BINS = 1 << 24  # accumulation bins per bincount call


@dataclass
class RadarWindow:
    """A window of the product raster: first line/sample (inclusive) and its size."""

    line0: int
    sample0: int
    lines: int
    samples: int

    @property
    def shape(self):
        """(lines, samples) of the window."""
        return self.lines, self.samples

    def union(self, other):
        """Return the smallest window holding this one and ``other`` (None: this one)."""
        if other is None:
            return self
        l0, s0 = min(self.line0, other.line0), min(self.sample0, other.sample0)
        l1 = max(self.line0 + self.lines, other.line0 + other.lines)
        s1 = max(self.sample0 + self.samples, other.sample0 + other.samples)
        return RadarWindow(l0, s0, l1 - l0, s1 - s0)


def _neighbours(ext, dr, dc):
    """Values toward (dr, dc) for the core of ``ext`` (core + 1-cell ring), gaps filled.

    A missing neighbour (DEM edge, nodata) is extrapolated linearly from the opposite side,
    else replaced by the centre value, so edge cells still spread over their footprint.
    """
    n_r, n_c = ext.shape[0] - 2, ext.shape[1] - 2

    def at(a, b):
        return ext[1 + a:1 + a + n_r, 1 + b:1 + b + n_c]

    centre = at(0, 0)
    toward_r = at(dr, 0)
    toward_r = np.where(np.isfinite(toward_r), toward_r, 2 * centre - at(-dr, 0))
    toward_r = np.where(np.isfinite(toward_r), toward_r, centre)
    toward_c = at(0, dc)
    toward_c = np.where(np.isfinite(toward_c), toward_c, 2 * centre - at(0, -dc))
    toward_c = np.where(np.isfinite(toward_c), toward_c, centre)
    diagonal = at(dr, dc)
    diagonal = np.where(np.isfinite(diagonal), diagonal, toward_r + toward_c - centre)
    return centre, toward_r, toward_c, diagonal


def subcell_positions(ext, s, cells, anchor):
    """Bilinear values at the s x s sub-cell centres of the given core cells, (n, s*s).

    ``ext`` is (rows + 2, cols + 2): the block's cells with a one-cell ring (NaN where absent);
    ``cells`` are flat indices into the core. Values are returned relative to the integer
    ``anchor`` of each cell as float32: small numbers, so float32 keeps 1e-6 pixel precision
    while halving the memory traffic of the splat.
    """
    offsets = (np.arange(s) + 0.5) / s - 0.5  # sub-cell centres, in cells from the centre
    split = int(np.searchsorted(offsets, 0.0))  # negative offsets look at the previous cell
    out = np.empty((len(cells), s, s), dtype=np.float32)
    for dr, rows in ((-1, slice(0, split)), (1, slice(split, s))):
        wa = np.abs(offsets[rows]).astype(np.float32)[None, :, None]
        for dc, cols in ((-1, slice(0, split)), (1, slice(split, s))):
            wb = np.abs(offsets[cols]).astype(np.float32)[None, None, :]
            f0, fr, fc, fd = (v.reshape(-1)[cells] for v in _neighbours(ext, dr, dc))
            # f = f0 + wa (fr - f0) + wb (fc - f0) + wa wb (fd - fr - fc + f0)
            base, da, db, dab = (np.asarray(x, dtype=np.float32)[:, None, None] for x in
                                 (f0 - anchor, fr - f0, fc - f0, fd - fr - fc + f0))
            out[:, rows, cols] = base + wa * da + wb * db + (wa * wb) * dab
    return out.reshape(len(cells), s * s)


def _splat_boxes(line, sample):
    """Accumulate bilinear splats per (cell, pixel) with one bin box per cell.

    ``line``/``sample`` (n, k) float32 positions relative to each cell's anchor. Returns
    (cell, line offset, sample offset, summed weight) of the non-zero (cell, pixel) pairs.
    Every cell gets a box of bins around its own footprint, so a plain bincount sums the
    duplicates in O(n).
    """
    l0 = np.floor(line)
    s0 = np.floor(sample)
    fl, fs = line - l0, sample - s0
    l0, s0 = l0.astype(np.int64), s0.astype(np.int64)
    lmin, smin = l0.min(axis=1), s0.min(axis=1)
    box_l = l0.max(axis=1) + 2 - lmin
    box_s = s0.max(axis=1) + 2 - smin
    box = box_l * box_s
    n = len(line)
    if box.sum() > MAX_BINS and n > 1:
        half = n // 2
        parts = [_splat_boxes(line[:half], sample[:half]),
                 _splat_boxes(line[half:], sample[half:])]
        parts[1] = (parts[1][0] + half,) + parts[1][1:]
        return tuple(np.concatenate(p) for p in zip(*parts))
    if box.sum() > MAX_BINS:
        return _splat_unique(l0, s0, fl, fs)
    start = np.concatenate([[0], np.cumsum(box)[:-1]])
    base = (start[:, None] + (l0 - lmin[:, None]) * box_s[:, None]
            + (s0 - smin[:, None])).astype(np.int32 if box.sum() < 2**31 - 1 else np.int64)
    del l0, s0
    step = box_s[:, None].astype(base.dtype)
    total = int(box.sum())
    w_near = (1 - fl) * (1 - fs)
    w_side = (1 - fl) - w_near  # (1 - fl) fs
    w_down = (1 - fs) - w_near  # fl (1 - fs)
    w_far = fl - w_down  # fl fs
    values = np.bincount(base.ravel(), w_near.ravel(), minlength=total)
    values += np.bincount((base + 1).ravel(), w_side.ravel(), minlength=total)
    base += step
    values += np.bincount(base.ravel(), w_down.ravel(), minlength=total)
    values += np.bincount((base + 1).ravel(), w_far.ravel(), minlength=total)
    nz = np.flatnonzero(values)
    cell = np.searchsorted(start, nz, side="right") - 1
    local = nz - start[cell]
    return cell, lmin[cell] + local // box_s[cell], smin[cell] + local % box_s[cell], values[nz]


def _splat_unique(l0, s0, fl, fs):
    """Fallback for one cell with an enormous footprint: sort-based duplicate summing."""
    lines = np.concatenate([l0, l0, l0 + 1, l0 + 1], axis=None)
    samples = np.concatenate([s0, s0 + 1, s0, s0 + 1], axis=None)
    weights = np.concatenate([(1 - fl) * (1 - fs), (1 - fl) * fs, fl * (1 - fs), fl * fs],
                             axis=None)
    pairs, inverse = np.unique(np.stack([lines, samples]), axis=1, return_inverse=True)
    values = np.bincount(inverse.ravel(), weights, minlength=pairs.shape[1])
    keep = values != 0
    return (np.zeros(keep.sum(), dtype=np.int64), pairs[0, keep], pairs[1, keep],
            values[keep])


def build_mapping(line_ext, sample_ext, oversampling, raster_shape):
    """Sparse mapping of a block of DEM cells onto the radar raster.

    ``line_ext``/``sample_ext``: (rows + 2, cols + 2) fractional image coordinates of the
    block's cells plus a one-cell ring, NaN where unknown. Returns ``(matrix, window)``:
    ``matrix`` is CSR, (window.lines * window.samples) x (rows * cols), row index
    ``(line - line0) * window.samples + (sample - sample0)``, column = the cell's row-major
    index in the block; ``window`` is None when nothing lands inside the raster.
    """
    rows, cols = line_ext.shape[0] - 2, line_ext.shape[1] - 2
    valid = (np.isfinite(line_ext[1:-1, 1:-1]) & np.isfinite(sample_ext[1:-1, 1:-1])).ravel()
    cells = np.flatnonzero(valid)
    s = int(oversampling)
    share = 1.0 / (s * s)
    chunk = max(1, CHUNK_SUBCELLS // (s * s))
    found = []
    for first in range(0, len(cells), chunk):
        part = cells[first:first + chunk]
        anchor_l = np.floor(line_ext[1:-1, 1:-1].reshape(-1)[part])
        anchor_s = np.floor(sample_ext[1:-1, 1:-1].reshape(-1)[part])
        cell, ln, sm, val = _splat_boxes(subcell_positions(line_ext, s, part, anchor_l),
                                         subcell_positions(sample_ext, s, part, anchor_s))
        ln = ln + anchor_l[cell].astype(np.int64)
        sm = sm + anchor_s[cell].astype(np.int64)
        val *= share
        inside = (ln >= 0) & (ln < raster_shape[0]) & (sm >= 0) & (sm < raster_shape[1])
        found.append((part[cell[inside]], ln[inside], sm[inside], val[inside]))
        del cell, ln, sm, val
    n_cells = rows * cols
    if not found or not sum(len(f[0]) for f in found):
        return sparse.csr_matrix((0, n_cells)), None
    cell = np.concatenate([f[0] for f in found])
    ln = np.concatenate([f[1] for f in found])
    sm = np.concatenate([f[2] for f in found])
    window = RadarWindow(int(ln.min()), int(sm.min()), int(ln.max() - ln.min()) + 1,
                         int(sm.max() - sm.min()) + 1)
    index_type = np.int32 if window.lines * window.samples < 2**31 else np.int64
    pixel = ((ln - window.line0) * window.samples + (sm - window.sample0)).astype(index_type)
    del ln, sm
    # Entries come out grouped by cell in increasing order: that is already CSC layout.
    indptr = np.zeros(n_cells + 1, dtype=index_type)
    np.cumsum(np.bincount(cell, minlength=n_cells), out=indptr[1:])
    del cell
    values = np.concatenate([f[3] for f in found])
    found.clear()
    matrix = sparse.csc_matrix((values, pixel, indptr),
                               shape=(window.lines * window.samples, n_cells)).tocsr()
    return matrix, window
