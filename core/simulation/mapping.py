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

CHUNK_SUBCELLS = 1 << 16  # sub-cells per vectorised chunk: its bins and temporaries stay in cache
MAX_BINS = 1 << 24  # accumulation bins per bincount call (float32 counts them exactly)


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


# (dr, dc): the row and column neighbours toward which a quarter of the sub-cells lies
_QUADRANTS = ((-1, -1), (-1, 1), (1, -1), (1, 1))
BASE, STEP_R, STEP_C, CROSS = 0, 1, 3, 5  # rows of cell_terms (STEP_*: 2 rows, CROSS: 4)


def _side(d):
    return int(d > 0)


def cell_terms(ext, cells, anchor):
    """Bilinear terms of the given core cells, (9, n) float32.

    ``ext`` is (rows + 2, cols + 2): the block's cells with a one-cell ring (NaN where absent);
    ``cells`` are flat indices into the core. Rows: BASE the value at the centre - ``anchor``;
    STEP_R + side(dr) the step toward the row neighbour dr (-1 or 1); STEP_C + side(dc) toward
    the column neighbour dc; CROSS + q the cross term of quadrant q of _QUADRANTS. A sub-cell
    at fractions (a, b) of the way to the neighbours of its quadrant lies at
    base + a step_r + b step_c + a b cross. Relative to the integer ``anchor`` of each cell the
    numbers are small, so float32 keeps 1e-6 pixel precision while halving the memory
    traffic of the splat.
    """
    rows, cols = ext.shape[0] - 2, ext.shape[1] - 2
    centre = ext[1:1 + rows, 1:1 + cols]
    finite = bool(np.isfinite(ext).all())  # nothing to fill: the neighbours are ext's own
    terms = np.empty((9, rows, cols), dtype=np.float32)
    for q, (dr, dc) in enumerate(_QUADRANTS):
        if finite:
            f0, fr, fc, fd = (centre, ext[1 + dr:1 + dr + rows, 1:1 + cols],
                              ext[1:1 + rows, 1 + dc:1 + dc + cols],
                              ext[1 + dr:1 + dr + rows, 1 + dc:1 + dc + cols])
        else:
            f0, fr, fc, fd = _neighbours(ext, dr, dc)
        terms[STEP_R + _side(dr)] = fr - f0  # the same for both quadrants of a row side
        terms[STEP_C + _side(dc)] = fc - f0
        terms[CROSS + q] = fd - fr - fc + f0
    terms = terms.reshape(9, rows * cols)
    if len(cells) < rows * cols:
        terms = terms[:, cells]
    terms[BASE] = centre.reshape(-1)[cells] - anchor
    return terms


def subcell_positions(terms, s):
    """Values at the s x s sub-cell centres of cells given by cell_terms, (s * s, n) float32.

    Sub-cell major (row k = sub-row * s + sub-column, one column per cell), so every array
    operation runs along the cells; a cell's sub-cells still come in row-major order.
    """
    offsets = (np.arange(s) + 0.5) / s - 0.5  # sub-cell centres, in cells from the centre
    split = int(np.searchsorted(offsets, 0.0))  # negative offsets look at the previous cell
    halves = {-1: slice(0, split), 1: slice(split, s)}
    weight = {d: np.abs(offsets[halves[d]]).astype(np.float32) for d in (-1, 1)}
    # f = f0 + wa (fr - f0) + wb (fc - f0) + wa wb (fd - fr - fc + f0), summed in this order
    along_r = {dr: terms[BASE] + weight[dr][:, None, None] * terms[STEP_R + _side(dr)]
               for dr in (-1, 1)}  # f0 + wa (fr - f0), (rows, 1, n)
    along_c = {dc: weight[dc][None, :, None] * terms[STEP_C + _side(dc)]
               for dc in (-1, 1)}  # wb (fc - f0), (1, cols, n)
    out = np.empty((s, s, terms.shape[1]), dtype=np.float32)
    for q, (dr, dc) in enumerate(_QUADRANTS):
        view = out[halves[dr], halves[dc]]
        np.add(along_r[dr], along_c[dc], out=view)
        view += (weight[dr][:, None] * weight[dc][None, :])[:, :, None] * terms[CROSS + q]
    return out.reshape(s * s, -1)


def _corner_weights(fl, fs):
    """Bilinear weights of the near, side (+1 sample), down (+1 line) and far pixel.

    Three of the four by subtraction: cheaper than products, and they sum to 1 as exactly.
    """
    near_l, near_s = 1 - fl, 1 - fs
    w_near = near_l * near_s
    w_side = near_l - w_near  # (1 - fl) fs
    w_down = near_s - w_near  # fl (1 - fs)
    return w_near, w_side, w_down, fl - w_down  # the last: fl fs


def _splat_boxes(line, sample, anchor_l, anchor_s):
    """Accumulate bilinear splats per (cell, pixel) with one box of bins per cell.

    ``line``/``sample`` (k, n) float32 positions of k sub-cells of n cells, relative to the
    integer anchors ``anchor_l``/``anchor_s`` (n,) int64 of the cells. Returns (cell, line,
    sample, summed weight) of the non-zero (cell, pixel) pairs, by cell, then line, then
    sample. Each cell's box is whole rows of bins around its footprint, all rows as wide as
    the widest footprint, so a plain bincount sums the duplicates in O(n), and the four
    corners of the splats are one bincount each, shifted by 0, 1, a row and a row + 1. A bin
    sums its corners' weights in the order near, side, down, far, each in sub-cell order.
    """
    l0 = np.floor(line)
    s0 = np.floor(sample)
    fl, fs = line - l0, sample - s0
    lmin, smin = l0.min(axis=0), s0.min(axis=0)
    box_l = (l0.max(axis=0) - lmin).astype(np.int64) + 2
    width = int((s0.max(axis=0) - smin).max()) + 2
    n = line.shape[1]
    total = int(box_l.sum()) * width
    if total > MAX_BINS:
        if n == 1:
            return _splat_unique(l0, s0, fl, fs, anchor_l, anchor_s)
        half = n // 2
        first = _splat_boxes(line[:, :half], sample[:, :half], anchor_l[:half],
                             anchor_s[:half])
        second = _splat_boxes(line[:, half:], sample[:, half:], anchor_l[half:],
                              anchor_s[half:])
        return (np.concatenate([first[0], second[0] + half]),) + tuple(
            np.concatenate(pair) for pair in zip(first[1:], second[1:]))
    row_start = np.cumsum(box_l) - box_l
    # below MAX_BINS (2^24) the float32 bin numbers within a box are exact integers
    base = ((l0 - lmin) * width + (s0 - smin)).astype(np.intp)
    del l0, s0
    base += row_start * width
    base = base.reshape(-1)
    w_near, w_side, w_down, w_far = _corner_weights(fl, fs)
    values = np.bincount(base, w_near.reshape(-1), minlength=total)
    for weights, shift in ((w_side, 1), (w_down, width), (w_far, width + 1)):
        values[shift:] += np.bincount(base, weights.reshape(-1), minlength=total)[:-shift]
    nz = np.flatnonzero(values != 0)  # nonzero on a bool mask: ~10x faster than on floats
    row = nz // width
    column = nz - row * width
    rows = int(box_l.sum())
    row_line = np.repeat(anchor_l + lmin.astype(np.int64) - row_start, box_l) + np.arange(rows)
    row_sample = np.repeat(anchor_s + smin.astype(np.int64), box_l)
    return (np.repeat(np.arange(n), box_l)[row], row_line[row], row_sample[row] + column,
            values[nz])


def _splat_unique(l0, s0, fl, fs, anchor_l, anchor_s):
    """Fallback for one cell with an enormous footprint: sort-based duplicate summing."""
    l0, s0 = l0.astype(np.int64), s0.astype(np.int64)
    lines = np.concatenate([l0, l0, l0 + 1, l0 + 1], axis=None)
    samples = np.concatenate([s0, s0 + 1, s0, s0 + 1], axis=None)
    weights = np.concatenate([(1 - fl) * (1 - fs), (1 - fl) * fs, fl * (1 - fs), fl * fs],
                             axis=None)
    pairs, inverse = np.unique(np.stack([lines, samples]), axis=1, return_inverse=True)
    values = np.bincount(inverse.ravel(), weights, minlength=pairs.shape[1])
    keep = values != 0
    return (np.zeros(keep.sum(), dtype=np.int64), pairs[0, keep] + anchor_l[0],
            pairs[1, keep] + anchor_s[0], values[keep])


def _subcell_terms(line_ext, sample_ext, cells):
    """Anchors (int64) and cell_terms of the given core cells, for lines and for samples."""
    anchor_l = np.floor(line_ext[1:-1, 1:-1].reshape(-1)[cells])
    anchor_s = np.floor(sample_ext[1:-1, 1:-1].reshape(-1)[cells])
    terms_l = cell_terms(line_ext, cells, anchor_l)
    terms_s = cell_terms(sample_ext, cells, anchor_s)
    return anchor_l.astype(np.int64), anchor_s.astype(np.int64), terms_l, terms_s


def _valid_cells(line_ext, sample_ext):
    """Flat indices of the core cells with a finite line and sample."""
    return np.flatnonzero((np.isfinite(line_ext[1:-1, 1:-1])
                           & np.isfinite(sample_ext[1:-1, 1:-1])).ravel())


def build_mapping(line_ext, sample_ext, oversampling, raster_shape):
    """Sparse mapping of a block of DEM cells onto the radar raster.

    ``line_ext``/``sample_ext``: (rows + 2, cols + 2) fractional image coordinates of the
    block's cells plus a one-cell ring, NaN where unknown. Returns ``(matrix, window)``:
    ``matrix`` is CSC, (window.lines * window.samples) x (rows * cols), row index
    ``(line - line0) * window.samples + (sample - sample0)``, column = the cell's row-major
    index in the block, row indices sorted within each column; ``window`` is None when
    nothing lands inside the raster.
    """
    rows, cols = line_ext.shape[0] - 2, line_ext.shape[1] - 2
    cells = _valid_cells(line_ext, sample_ext)
    s = int(oversampling)
    share = 1.0 / (s * s)
    chunk = max(1, CHUNK_SUBCELLS // (s * s))
    anchor_l, anchor_s, terms_l, terms_s = _subcell_terms(line_ext, sample_ext, cells)
    found = []
    for first in range(0, len(cells), chunk):
        part = slice(first, first + chunk)
        cell, ln, sm, val = _splat_boxes(
            subcell_positions(terms_l[:, part], s), subcell_positions(terms_s[:, part], s),
            anchor_l[part], anchor_s[part])
        val *= share
        if (ln.min() < 0 or ln.max() >= raster_shape[0] or sm.min() < 0
                or sm.max() >= raster_shape[1]):
            inside = (ln >= 0) & (ln < raster_shape[0]) & (sm >= 0) & (sm < raster_shape[1])
            cell, ln, sm, val = cell[inside], ln[inside], sm[inside], val[inside]
        # kept until the window is known: 20 bytes per entry (lines and samples lie inside
        # the raster, block cells number far fewer than 2^31)
        found.append((cells[cell + first].astype(np.int32), ln.astype(np.int32),
                      sm.astype(np.int32), val))
        del cell, ln, sm, val
    n_cells = rows * cols
    if not found or not sum(len(f[0]) for f in found):
        return sparse.csc_matrix((0, n_cells)), None
    cell = np.concatenate([f[0] for f in found])
    ln = np.concatenate([f[1] for f in found]).astype(np.int64)
    sm = np.concatenate([f[2] for f in found])
    window = RadarWindow(int(ln.min()), int(sm.min()), int(ln.max() - ln.min()) + 1,
                         int(sm.max() - sm.min()) + 1)
    index_type = np.int32 if window.lines * window.samples < 2**31 else np.int64
    ln -= window.line0
    ln *= window.samples
    ln += sm
    ln -= window.sample0
    pixel = ln.astype(index_type)
    del ln, sm
    # Entries come out grouped by cell in increasing order, pixels increasing within a cell:
    # that is already CSC layout.
    indptr = np.zeros(n_cells + 1, dtype=index_type)
    np.cumsum(np.bincount(cell, minlength=n_cells), out=indptr[1:])
    del cell
    values = np.concatenate([f[3] for f in found])
    found.clear()
    matrix = sparse.csc_matrix((values, pixel, indptr),
                               shape=(window.lines * window.samples, n_cells))
    return matrix, window


def splat_image(line_ext, sample_ext, oversampling, raster_shape, energy):
    """Return the simulated image of a block of DEM cells, each cell's ``energy`` splatted.

    The same sub-cells and bilinear splats as build_mapping, weighted by ``energy`` (rows,
    cols; m^2 per cell) and summed straight into image bins, without the per-(cell, pixel)
    matrix: what M @ energy gives, summed in another order (float64, so the two agree to
    1e-15 relative). Cells of zero energy are skipped. Returns ``(image, window)``: float64
    (window.lines, window.samples) over the pixels that received energy, clipped to the
    raster; ``(None, None)`` when none did.
    """
    energy = np.asarray(energy, dtype=np.float64).reshape(-1)
    cells = _valid_cells(line_ext, sample_ext)
    cells = cells[energy[cells] != 0]
    s = int(oversampling)
    chunk = max(1, CHUNK_SUBCELLS // (s * s))
    anchor_l, anchor_s, terms_l, terms_s = _subcell_terms(line_ext, sample_ext, cells)
    weight = energy[cells] / (s * s)
    boxes = []
    for first in range(0, len(cells), chunk):
        part = slice(first, first + chunk)
        boxes += _splat_energy(subcell_positions(terms_l[:, part], s),
                               subcell_positions(terms_s[:, part], s),
                               anchor_l[part], anchor_s[part], weight[part])
    return _assemble(boxes, raster_shape)


def _splat_energy(line, sample, anchor_l, anchor_s, weight):
    """Bilinear splats of (k, n) sub-cells of n cells with cell weights (n,) into one box.

    Returns [(first line, first sample, values)]: the box of bins around the chunk's
    footprint, or several boxes when that would exceed MAX_BINS (the chunk halved).
    """
    l0, s0 = np.floor(line), np.floor(sample)
    fl, fs = line - l0, sample - s0
    lines = l0.astype(np.int64) + anchor_l
    samples = s0.astype(np.int64) + anchor_s
    del l0, s0
    line0, sample0 = int(lines.min()), int(samples.min())
    height = int(lines.max()) - line0 + 2
    width = int(samples.max()) - sample0 + 2
    n = line.shape[1]
    if height * width > MAX_BINS and n == 1:  # one cell spread over a huge footprint
        return _corner_boxes(lines, samples, fl, fs, weight)
    if height * width > MAX_BINS:
        half = n // 2
        return (_splat_energy(line[:, :half], sample[:, :half], anchor_l[:half],
                              anchor_s[:half], weight[:half])
                + _splat_energy(line[:, half:], sample[:, half:], anchor_l[half:],
                                anchor_s[half:], weight[half:]))
    lines -= line0
    lines *= width
    lines += samples
    lines -= sample0
    base = lines.reshape(-1)
    del samples
    w_near, w_side, w_down, w_far = _corner_weights(fl, fs)
    total = height * width
    values = np.bincount(base, (w_near * weight).reshape(-1), minlength=total)
    for part, shift in ((w_side, 1), (w_down, width), (w_far, width + 1)):
        values[shift:] += np.bincount(base, (part * weight).reshape(-1),
                                      minlength=total)[:-shift]
    return [(line0, sample0, values.reshape(height, width))]


def _corner_boxes(lines, samples, fl, fs, weight):
    """Return the splats of one cell as 1 x 1 boxes, one per corner (not one huge box)."""
    w_near, w_side, w_down, w_far = _corner_weights(fl, fs)
    corners = ((lines, samples, w_near), (lines, samples + 1, w_side),
               (lines + 1, samples, w_down), (lines + 1, samples + 1, w_far))
    return [(int(ln), int(sm), np.array([[w * weight[0]]]))
            for at_l, at_s, part in corners
            for ln, sm, w in zip(at_l.ravel(), at_s.ravel(), part.ravel())]


def _in_raster(box, raster_shape):
    """Crop a (line0, sample0, values) box to the raster; None when nothing is left."""
    line0, sample0, values = box
    a, c = max(line0, 0), max(sample0, 0)
    values = values[a - line0:max(raster_shape[0] - line0, 0),
                    c - sample0:max(raster_shape[1] - sample0, 0)]
    return (a, c, values) if values.size else None


def _assemble(boxes, raster_shape):
    """Sum the boxes (in order) over the window of their non-zero pixels inside the raster."""
    boxes = [b for b in (_in_raster(box, raster_shape) for box in boxes) if b is not None]
    if not boxes:
        return None, None
    l0 = min(b[0] for b in boxes)
    s0 = min(b[1] for b in boxes)
    image = np.zeros((max(b[0] + b[2].shape[0] for b in boxes) - l0,
                      max(b[1] + b[2].shape[1] for b in boxes) - s0))
    for line0, sample0, values in boxes:
        image[line0 - l0:line0 - l0 + values.shape[0],
              sample0 - s0:sample0 - s0 + values.shape[1]] += values
    rows = np.flatnonzero(image.any(axis=1))
    if not rows.size:
        return None, None
    cols = np.flatnonzero(image.any(axis=0))
    image = image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    return image, RadarWindow(int(l0 + rows[0]), int(s0 + cols[0]), *image.shape)
