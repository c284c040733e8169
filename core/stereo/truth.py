"""Per-pixel stereo truth: what each reference pixel shows, scattered from the DEM cells.

Input: for every cell of the fine DEM, its (line, sample) in the reference image (from the
simulation, core.simulation.iter_block_mappings) and the quantities to carry (its secondary
(line, sample), its height), plus two per-cell flags:

- ``usable``: the cell is seen unambiguously by both sensors (layover/shadow code CLEAR in both
  geometries, inside both images, finite);
- ``lit``: the cell sends energy to the reference image (not in reference shadow).

Every DEM quad (four neighbouring cell centres) is split into two triangles and rasterised in
the reference image: pixel centres inside a triangle get the barycentric interpolation of its
vertices' values (the simulation likewise maps a cell's interior linearly between centres:
core.simulation.mapping). A pixel is *valid* when a triangle with three usable vertices covers
it and no other lit triangle does: a single non-layover, lit, secondary-visible surface piece
is behind it. Pixels in layover (several lit pieces), in shadow (no lit piece), seen only by
the reference (secondary shadow or layover), or outside the overlap are invalid.
"""
import numpy as np

_CANDIDATES_PER_CHUNK = 1 << 21  # (triangle, pixel) pairs per vectorised chunk
_INSIDE_TOLERANCE = 1e-9  # barycentric slack: pixels on a shared edge belong to both sides


def _triangles(rows, cols):
    """Vertex indices (T, 3) into the flattened (rows, cols) grid, two triangles per quad."""
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = (r * cols + c).ravel()
    b, d, e = a + 1, a + cols, a + cols + 1
    return np.concatenate([np.stack([a, b, d], axis=1), np.stack([b, e, d], axis=1)])


def _candidates(line, sample, shape):
    """(triangle, pixel line, pixel sample) for the pixel centres in each triangle's box."""
    lo_l = np.maximum(np.ceil(line.min(axis=1)), 0).astype(np.int64)
    hi_l = np.minimum(np.floor(line.max(axis=1)), shape[0] - 1).astype(np.int64)
    lo_s = np.maximum(np.ceil(sample.min(axis=1)), 0).astype(np.int64)
    hi_s = np.minimum(np.floor(sample.max(axis=1)), shape[1] - 1).astype(np.int64)
    n_s = np.maximum(hi_s - lo_s + 1, 0)
    count = np.maximum(hi_l - lo_l + 1, 0) * n_s
    tri = np.repeat(np.arange(line.shape[0]), count)
    k = np.arange(tri.size) - np.repeat(np.cumsum(count) - count, count)
    return tri, lo_l[tri] + k // n_s[tri], lo_s[tri] + k % n_s[tri]


def _barycentric(line, sample, pl, ps):
    """Barycentric weights (n, 3) of points (pl, ps) in triangles (n, 3); NaN if degenerate."""
    l0, l1, l2 = line.T
    s0, s1, s2 = sample.T
    det = (l1 - l0) * (s2 - s0) - (l2 - l0) * (s1 - s0)
    with np.errstate(invalid="ignore", divide="ignore"):
        w1 = ((pl - l0) * (s2 - s0) - (l2 - l0) * (ps - s0)) / det
        w2 = ((l1 - l0) * (ps - s0) - (pl - l0) * (s1 - s0)) / det
    return np.stack([1.0 - w1 - w2, w1, w2], axis=1)


def _chunks(count):
    """Triangle ranges whose candidate totals stay near _CANDIDATES_PER_CHUNK."""
    ends = np.searchsorted(np.cumsum(count), np.arange(1, 1 + count.sum() // _CANDIDATES_PER_CHUNK)
                           * _CANDIDATES_PER_CHUNK)
    bounds = np.unique(np.concatenate([[0], ends + 1, [count.size]]))
    return zip(bounds[:-1], bounds[1:])


def rasterize_truth(ref_line, ref_sample, values, usable, lit, shape):
    """Scatter per-cell ``values`` onto reference pixels; see the module docstring.

    ``ref_line``, ``ref_sample``: (rows, cols) reference image coordinates of the DEM cells;
    ``values``: list of (rows, cols) arrays to interpolate; ``usable``, ``lit``: (rows, cols)
    bool; ``shape``: (lines, samples) of the reference image. Returns (list of float64 images,
    one per value, NaN where invalid; valid bool image).
    """
    rows, cols = ref_line.shape
    tri = _triangles(rows, cols)
    flat = [np.ravel(a) for a in (ref_line, ref_sample)]
    finite = np.isfinite(flat[0]) & np.isfinite(flat[1])
    keep = finite[tri].all(axis=1) & np.ravel(lit)[tri].any(axis=1)
    tri = tri[keep]
    good = np.ravel(usable)[tri].all(axis=1)
    line, sample = flat[0][tri], flat[1][tri]
    out = [np.full(shape, np.nan) for _ in values]
    covered = np.zeros(shape, dtype=bool)
    blocked = np.zeros(shape, dtype=bool)
    span_l = np.floor(line.max(axis=1)) - np.ceil(line.min(axis=1)) + 1
    span_s = np.floor(sample.max(axis=1)) - np.ceil(sample.min(axis=1)) + 1
    count = (np.maximum(span_l, 0) * np.maximum(span_s, 0)).astype(np.int64)
    flat_values = [np.ravel(v) for v in values]
    for t0, t1 in _chunks(count):
        part = slice(t0, t1)
        t, pl, ps = _candidates(line[part], sample[part], shape)
        weights = _barycentric(line[part][t], sample[part][t], pl, ps)
        inside = (weights >= -_INSIDE_TOLERANCE).all(axis=1)
        t, pl, ps, weights = t[inside], pl[inside], ps[inside], weights[inside]
        ok = good[part][t]
        blocked[pl[~ok], ps[~ok]] = True
        covered[pl[ok], ps[ok]] = True
        vertices = tri[part][t[ok]]
        for image, v in zip(out, flat_values):
            image[pl[ok], ps[ok]] = np.einsum("ni,ni->n", v[vertices], weights[ok])
    valid = covered & ~blocked
    for image in out:
        image[~valid] = np.nan
    return out, valid
