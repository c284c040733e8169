"""DEM facets: surface normal, surface area and local incidence angle per cell.

Central differences of the ECEF grid (one-sided at the DEM edge or next to nodata) span each
cell: the cross product of the column and row steps is the facet's area vector.
"""
import numpy as np


def norm3(v, keepdims=False):
    """Euclidean length of vectors (..., 3): np.linalg.norm(v, axis=-1), the same bits.

    numpy sums the squares of a length-3 axis as (x^2 + y^2) + z^2; written out, the sum runs
    along the vectors instead of calling the reduction once per vector (several times faster).
    """
    square = v * v
    out = np.sqrt((square[..., 0] + square[..., 1]) + square[..., 2])
    return out[..., None] if keepdims else out


def _along(axis, ndim, part):
    """Index of ``part`` (a slice) along ``axis`` of an ``ndim``-dimensional array."""
    index = [slice(None)] * ndim
    index[axis] = part
    return tuple(index)


def _derivative(xyz, axis):
    """D xyz / d index along ``axis``: central, else one-sided, else NaN."""
    out = np.full_like(xyz, np.nan)
    if xyz.shape[axis] < 2:
        return out
    step = np.diff(xyz, axis=axis)  # step i: xyz[i + 1] - xyz[i], forward of i, backward of i + 1

    def at(part):
        return _along(axis, xyz.ndim, part)

    inner = out[at(slice(1, -1))]
    np.add(step[at(slice(1, None))], step[at(slice(None, -1))], out=inner)
    inner *= 0.5  # central: the mean of forward and backward
    out[at(slice(0, 1))] = step[at(slice(0, 1))]  # the edges are one-sided
    out[at(slice(-1, None))] = step[at(slice(-1, None))]
    gap = ~np.isfinite(inner)
    if gap.any():  # a missing neighbour: forward, else backward
        forward, backward = step[at(slice(1, None))], step[at(slice(None, -1))]
        inner[gap] = np.where(np.isfinite(forward), forward, backward)[gap]
    return out


def facet_normals(xyz, core):
    """Return unit upward normals (m, w, 3) and surface areas in m^2 (m, w) of rows ``core``.

    ``xyz`` (n, w, 3) ECEF metres, NaN at nodata, holds the core rows plus the row above and
    below where the DEM has them (so that the core's row differences are central).
    """
    d_col = _derivative(xyz[core], 1)
    d_row = _derivative(xyz, 0)[core]
    area_vec = np.cross(d_col, d_row)
    # Orientation depends on the geotransform's signs: make the normal point away from the
    # Earth's centre.
    flip = np.einsum("...i,...i->...", area_vec, xyz[core]) < 0
    area_vec[flip] *= -1.0
    area = norm3(area_vec)
    with np.errstate(invalid="ignore", divide="ignore"):
        normal = area_vec / area[..., None]
    return normal, area


def local_incidence(normal, target_xyz, sensor_xyz):
    """Angle (radians) between the facet normal and the direction target -> sensor."""
    to_sensor = sensor_xyz - target_xyz
    to_sensor /= norm3(to_sensor, keepdims=True)
    cos_angle = np.einsum("...i,...i->...", normal, to_sensor)
    return np.arccos(np.clip(cos_angle, -1.0, 1.0))
