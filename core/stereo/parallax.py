"""Flat-earth stereo relations between height, parallax and incidence angles.

See docs/architecture.md#stereo.

On flat ground a point at height ``h`` appears in a slant-range image where a ground point
``h cot(theta)`` nearer to the sensor would be (layover displacement), ``theta`` being the
incidence angle. Two images see that displacement differently; the difference of the two
ground-range positions is the parallax:

    same side (both sensors on the same side):  p = h (cot theta1 - cot theta2)
    opposite sides (e.g. ascending/descending): p = h (cot theta1 + cot theta2)

The sign convention for the same-side case: ground range grows away from the sensors, and
``p`` is (position in image 2) - (position in image 1), both projected onto flat ground.
Angles in degrees, lengths in metres. These relations are the check and the rule of thumb
for the rigorous intersection in ``intersection.py``; they ignore Earth curvature and assume
parallel tracks.
"""
import numpy as np


def _cot(angle_deg):
    return 1.0 / np.tan(np.radians(np.asarray(angle_deg, dtype=np.float64)))


def parallax_factor(incidence_1_deg, incidence_2_deg, same_side=True):
    """d(parallax)/d(height), dimensionless: cot th1 - cot th2 (same side) or cot th1 + cot th2."""
    if same_side:
        return _cot(incidence_1_deg) - _cot(incidence_2_deg)
    return _cot(incidence_1_deg) + _cot(incidence_2_deg)


def flat_earth_parallax_m(height_m, incidence_1_deg, incidence_2_deg, same_side=True):
    """Ground-range parallax (m) of a point ``height_m`` above flat ground."""
    return np.asarray(height_m, dtype=np.float64) * parallax_factor(
        incidence_1_deg, incidence_2_deg, same_side)


def height_from_parallax_m(parallax_m, incidence_1_deg, incidence_2_deg, same_side=True):
    """Height (m) above flat ground from a ground-range parallax (m); inverse of the above."""
    factor = parallax_factor(incidence_1_deg, incidence_2_deg, same_side)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(parallax_m, dtype=np.float64) / factor


def height_precision_m(parallax_sigma_m, incidence_1_deg, incidence_2_deg, same_side=True):
    """Height standard deviation (m) from the parallax standard deviation (m).

    ``sigma_h = sigma_p / |cot th1 - cot th2|`` (same side). Equal incidence angles on the same
    side give no parallax: the result is ``inf``.
    """
    factor = np.abs(parallax_factor(incidence_1_deg, incidence_2_deg, same_side))
    with np.errstate(divide="ignore"):
        return np.asarray(parallax_sigma_m, dtype=np.float64) / factor


def parallax_sigma_from_range_sigma_m(range_sigma_1_m, range_sigma_2_m, incidence_1_deg,
                                      incidence_2_deg):
    """Parallax standard deviation (m) from independent slant-range errors of the two images.

    A slant-range error ``dR`` moves the flat-earth ground position by ``dR / sin(theta)``.
    """
    g1 = np.asarray(range_sigma_1_m, dtype=np.float64) / np.sin(np.radians(incidence_1_deg))
    g2 = np.asarray(range_sigma_2_m, dtype=np.float64) / np.sin(np.radians(incidence_2_deg))
    return np.hypot(g1, g2)
