"""Sanity checks of a stereo pair before matching, with messages for the user.

Each check raises StereoInputError (a ValueError) whose text the Processing algorithm shows:

- an image whose raster size differs from its geometry's (wrong image/metadata combination);
- two images that do not overlap on the ground: their footprints (the image outline projected
  at the lowest and at the highest expected terrain height, merged) are disjoint;
- two geometries whose lines of sight coincide (the same image twice, two products of one
  pass): core.stereo.intersection.NO_PARALLAX_MESSAGE.
"""
import numpy as np
from osgeo import ogr

from ..geometry.ellipsoid import ecef_to_geodetic
from .intersection import MIN_INTERSECTION_ANGLE_DEG, NO_PARALLAX_MESSAGE, _angle_between_deg

ogr.UseExceptions()

_OUTLINE_POINTS = 9  # per image edge


class StereoInputError(ValueError):
    """The two images cannot form a stereo pair (see the message)."""


def image_shape(image):
    """(lines, samples) of a 2-D array or of a reader with ``shape`` or ``lines``/``samples``."""
    if hasattr(image, "shape"):
        return tuple(int(n) for n in image.shape[:2])
    return int(image.lines), int(image.samples)


def check_image_size(name, geometry, image):
    """Raise StereoInputError if the raster size of ``image`` differs from its geometry's.

    ``name`` ("reference", "secondary") names the image in the message.
    """
    shape = image_shape(image)
    if shape != (geometry.lines, geometry.samples):
        raise StereoInputError(
            f"the {name} image has {shape[0]} lines x {shape[1]} samples but its geometry "
            f"describes {geometry.lines} x {geometry.samples}: image and metadata do not belong "
            f"together")


def _outline(geometry):
    """Image border (line, sample), clockwise, _OUTLINE_POINTS per edge."""
    t = np.linspace(0.0, 1.0, _OUTLINE_POINTS)
    last_l, last_s = geometry.lines - 1.0, geometry.samples - 1.0
    lines = np.concatenate([np.zeros_like(t), t * last_l, np.full_like(t, last_l),
                            (1 - t) * last_l])
    samples = np.concatenate([t * last_s, np.full_like(t, last_s), (1 - t) * last_s,
                              np.zeros_like(t)])
    return lines, samples


def footprint(geometry, heights_m):
    """OGR polygon (lon, lat degrees): convex hull of the outline at each height."""
    lines, samples = _outline(geometry)
    t, rng = geometry.image_to_radar(lines, samples)
    points = ogr.Geometry(ogr.wkbMultiPoint)
    for h in heights_m:
        lat, lon, _ = ecef_to_geodetic(geometry.rdr2geo(t, rng, np.full(t.shape, float(h))))
        for x, y in zip(lon, lat):
            if np.isfinite(x) and np.isfinite(y):
                point = ogr.Geometry(ogr.wkbPoint)
                point.AddPoint_2D(float(x), float(y))
                points.AddGeometry(point)
    return points.ConvexHull()


def check_overlap(reference, secondary, heights_m):
    """Raise when the ground footprints at ``heights_m`` (low, high) do not intersect."""
    ref, sec = footprint(reference, heights_m), footprint(secondary, heights_m)
    if not ref.Intersects(sec):
        raise StereoInputError(
            "the two images do not overlap on the ground (their footprints are disjoint): "
            "choose two images of the same area")


def check_parallax(reference, secondary, height_m,
                   min_angle_deg=MIN_INTERSECTION_ANGLE_DEG):
    """Raise NO_PARALLAX_MESSAGE when the lines of sight coincide over the reference image.

    Judged on a 3 x 3 grid of reference pixels at ``height_m``: the angle at each ground point
    between the two sensors (secondary at its zero-Doppler time); every angle below
    ``min_angle_deg`` means no usable parallax anywhere.
    """
    frac = np.array([0.1, 0.5, 0.9])
    lines, samples = np.meshgrid(frac * (reference.lines - 1), frac * (reference.samples - 1))
    t, rng = reference.image_to_radar(lines.ravel(), samples.ravel())
    ground = reference.rdr2geo(t, rng, np.full(t.shape, float(height_m)))
    t2, _, ok = secondary.geo2rdr(ground)
    if not ok.any():
        return  # the secondary does not see these points: check_overlap speaks about that
    s1, _, _ = reference.orbit.interpolate(t[ok])
    s2, _, _ = secondary.orbit.interpolate(t2[ok])
    angles = _angle_between_deg(ground[ok] - s1, ground[ok] - s2)
    if np.all(angles < min_angle_deg):
        raise StereoInputError(NO_PARALLAX_MESSAGE)


def check_pair(reference, reference_image, secondary, secondary_image, heights_m):
    """All checks; ``heights_m``: (lowest, highest) expected terrain height (m)."""
    check_image_size("reference", reference, reference_image)
    check_image_size("secondary", secondary, secondary_image)
    check_overlap(reference, secondary, heights_m)
    check_parallax(reference, secondary, 0.5 * (heights_m[0] + heights_m[1]))
