"""Exact range history of a point target along a curved orbit, with tropospheric delay.

Shared by the simulator (to make the raw phase history and the processor's focusing kernel)
and by the measurement (to predict the FM rate and the sub-band shifts for a candidate height):
both take the range from the orbit itself, never from the approximations of the paper's
eq. (3)/(8), which are what the measurement is checked against.

Tropospheric delay: a zenith path delay ``zenith_delay_m`` (metres, one way) mapped to the line
of sight with 1/cos(local incidence), the incidence measured at the target between the
ellipsoid normal and the direction to the sensor. This is how a processor such as the
TerraSAR-X TMSP applies its fixed zenith delay over a long aperture (Duque et al., GRSL,
section II-A); over a staring-spotlight aperture the incidence changes, so a delay error acts
like a height error.
"""
import numpy as np

from ..geometry.ellipsoid import ecef_to_geodetic, enu_basis


def line_of_sight(orbit, target_xyz, azimuth_time_s):
    """Return (slant_range_m, unit vectors target -> sensor) at times ``azimuth_time_s``.

    Typically times (n,) and one ECEF target (3,); targets (..., 3) broadcast against the
    sensor positions (..., 3) of the times. Geometric distance, no delay.
    """
    position, _, _ = orbit.interpolate(np.asarray(azimuth_time_s, dtype=np.float64))
    delta = position - np.asarray(target_xyz, dtype=np.float64)
    distance = np.linalg.norm(delta, axis=-1)
    return distance, delta / distance[..., None]


def local_incidence_cosine(target_xyz, unit_to_sensor):
    """cos(incidence) at the target: ellipsoid normal (geodetic up) against the line of sight."""
    lat, lon, _ = ecef_to_geodetic(np.asarray(target_xyz, dtype=np.float64))
    _, _, up = enu_basis(lat, lon)
    return np.clip(np.sum(unit_to_sensor * up, axis=-1), 1e-3, 1.0)


def slant_range_history_m(orbit, target_xyz, azimuth_time_s, zenith_delay_m=0.0):
    """Return the one-way apparent slant range (metres) of the target at each azimuth time.

    Times in seconds since the orbit's epoch; geometric distance plus the zenith delay
    ``zenith_delay_m`` mapped by 1/cos(incidence).
    """
    distance, unit = line_of_sight(orbit, target_xyz, azimuth_time_s)
    if zenith_delay_m == 0.0:
        return distance
    return distance + float(zenith_delay_m) / local_incidence_cosine(target_xyz, unit)


def azimuth_phase_rad(orbit, target_xyz, azimuth_time_s, wavelength_m, zenith_delay_m=0.0):
    """Two-way azimuth phase history -4 pi R(t) / lambda (radians) of the target."""
    slant = slant_range_history_m(orbit, target_xyz, azimuth_time_s, zenith_delay_m)
    return -4.0 * np.pi * slant / float(wavelength_m)
