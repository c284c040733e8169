"""DEM facets: surface normal, surface area and local incidence angle per cell.

Central differences of the ECEF grid (one-sided at the DEM edge or next to nodata) span each
cell: the cross product of the column and row steps is the facet's area vector.
"""
import numpy as np


def _shift(a, offset, axis):
    """Return ``a`` moved by ``offset`` cells along ``axis``; NaN where nothing moved in."""
    out = np.full_like(a, np.nan)
    src = [slice(None)] * a.ndim
    dst = [slice(None)] * a.ndim
    n = a.shape[axis]
    if abs(offset) < n:
        if offset > 0:
            src[axis], dst[axis] = slice(0, n - offset), slice(offset, n)
        else:
            src[axis], dst[axis] = slice(-offset, n), slice(0, n + offset)
        out[tuple(dst)] = a[tuple(src)]
    return out


def _derivative(xyz, axis):
    """D xyz / d index along ``axis``: central, else one-sided, else NaN."""
    forward = _shift(xyz, -1, axis) - xyz
    backward = xyz - _shift(xyz, 1, axis)
    central = 0.5 * (forward + backward)
    one_sided = np.where(np.isfinite(forward), forward, backward)
    return np.where(np.isfinite(central), central, one_sided)


def facet_normals(xyz, core):
    """Return unit upward normals (m, w, 3) and surface areas in m^2 (m, w) of rows ``core``.

    ``xyz`` (n, w, 3) ECEF metres, NaN at nodata, holds the core rows plus the row above and
    below where the DEM has them (so that the core's row differences are central).
    """
    d_col = _derivative(xyz, 1)[core]
    d_row = _derivative(xyz, 0)[core]
    area_vec = np.cross(d_col, d_row)
    # Orientation depends on the geotransform's signs: make the normal point away from the
    # Earth's centre.
    flip = np.einsum("...i,...i->...", area_vec, xyz[core]) < 0
    area_vec[flip] *= -1.0
    area = np.linalg.norm(area_vec, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        normal = area_vec / area[..., None]
    return normal, area


def local_incidence(normal, target_xyz, sensor_xyz):
    """Angle (radians) between the facet normal and the direction target -> sensor."""
    to_sensor = sensor_xyz - target_xyz
    to_sensor /= np.linalg.norm(to_sensor, axis=-1, keepdims=True)
    cos_angle = np.einsum("...i,...i->...", normal, to_sensor)
    return np.arccos(np.clip(cos_angle, -1.0, 1.0))
