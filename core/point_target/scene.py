"""TerraSAR-X-like acquisition geometry for point-target simulation and planning.

Builds a curved Keplerian orbit (``terrasar_writer.circular_orbit``: 514 km, sun-synchronous
97.44 deg, Earth rotation included) positioned so that a scene centre at a chosen geodetic
latitude/longitude/height is seen, right-looking, at a chosen incidence angle at its
zero-Doppler time ``centre_time_s`` (seconds since the orbit epoch = the first state vector).
Ascending passes put the satellite at an argument of latitude in (-90, 90) deg, descending
ones in (90, 270) deg.

State vectors are spaced ``state_vector_step_s`` (default 1 s). The orbit is interpolated by
cubic Hermite splines, whose acceleration error grows fast with the spacing. Measured by
``scripts/point_target_theory.py`` at 47.3 deg over the 38.3 kHz aperture, against 0.1 s
spacing: the FM-rate error equals a height error of -5.3 m at 10 s, -0.65 m at 5 s and below
1 mm at 1 s. The measurement refines coarse state vectors first (``orbit_fit.dense_orbit``).

Also here: the small range-history helpers both the simulator and the planning maths use
(apparent range, point at an image pixel, range curvature = FM rate, staring aperture).
"""
from dataclasses import dataclass

import numpy as np

from ..errors import PointTargetError
from ..geometry.ellipsoid import ecef_to_geodetic, geodetic_to_ecef
from ..geometry.orbit import Orbit
from ..geometry.range_doppler import geo2rdr, rdr2geo
from ..products.acquisition import SPEED_OF_LIGHT
from ..products.terrasar_writer import circular_orbit
from .range_history import line_of_sight, local_incidence_cosine, slant_range_history_m

TSX_FREQUENCY_HZ = 9.65e9
TSX_WAVELENGTH_M = SPEED_OF_LIGHT / TSX_FREQUENCY_HZ  # 0.031066 m
TSX_ALTITUDE_M = 514.0e3
TSX_INCLINATION_DEG = 97.44
OBERPFAFFENHOFEN_LAT_DEG = 48.08
OBERPFAFFENHOFEN_LON_DEG = 11.28
PASS_DIRECTIONS = ("ascending", "descending")


@dataclass
class OrbitScene:
    """A satellite pass over one scene centre; times in seconds since ``orbit.epoch``."""

    orbit: object  # core.geometry.orbit.Orbit
    wavelength_m: float
    look_side: str
    centre_time_s: float  # geometric zero-Doppler time of the scene centre
    centre_xyz: np.ndarray  # ECEF metres of the scene centre
    centre_lat_deg: float
    centre_lon_deg: float
    centre_height_m: float
    slant_range_m: float  # geometric zero-Doppler slant range of the scene centre
    incidence_deg: float  # at the scene centre, ellipsoid normal vs line of sight
    pass_direction: str


# --------------------------------------------------------------------------------------------
# range-history helpers

def apparent_range_m(orbit, target_xyz, azimuth_time_s, zenith_delay_m=0.0):
    """Apparent one-way slant range (m): geometric + zenith delay / cos(incidence)."""
    t = np.atleast_1d(np.asarray(azimuth_time_s, dtype=np.float64))
    return slant_range_history_m(orbit, target_xyz, t, zenith_delay_m)


def incidence_deg_at(orbit, target_xyz, azimuth_time_s):
    """Incidence angle (deg) at the target seen from the sensor at ``azimuth_time_s``."""
    _, unit = line_of_sight(orbit, target_xyz, np.atleast_1d(azimuth_time_s))
    return np.degrees(np.arccos(local_incidence_cosine(target_xyz, unit)))


def zero_doppler(orbit, target_xyz, initial_time_s=0.0):
    """(geometric zero-Doppler time s, geometric slant range m) of one ECEF target."""
    t, r, ok = geo2rdr(orbit, np.asarray(target_xyz, dtype=np.float64)[None, :],
                       initial_time_s=initial_time_s)
    if not ok[0]:
        raise PointTargetError("The target is not seen at zero Doppler within the orbit's time "
                               "span: place it inside the scene or give a longer orbit.")
    return float(t[0]), float(r[0])


def point_at_pixel(orbit, azimuth_time_s, apparent_range_m, height_m, zenith_delay_m,
                   look_side="right", iterations=4):
    """Return the ECEF point at ``height_m`` that appears at one image pixel (t, apparent range).

    Its geometric zero-Doppler time is ``azimuth_time_s`` and its apparent range (geometric +
    delay / cos(incidence)) is ``apparent_range_m``. This is how both the data (true height,
    true delay) and the processor's focusing kernel (reference height, assumed delay) are tied
    to one image pixel.
    """
    geometric = float(apparent_range_m)
    for _ in range(iterations):
        xyz = rdr2geo(orbit, azimuth_time_s, geometric, height_m, look_side)
        if zenith_delay_m == 0.0:
            return xyz
        _, unit = line_of_sight(orbit, xyz, np.atleast_1d(azimuth_time_s))
        geometric = float(apparent_range_m) - zenith_delay_m / float(
            local_incidence_cosine(xyz, unit)[0])
    return rdr2geo(orbit, azimuth_time_s, geometric, height_m, look_side)


def range_curvature_m_s2(orbit, target_xyz, azimuth_time_s, zenith_delay_m=0.0,
                         centre_time_s=None):
    """Second time derivative (m/s^2) of the apparent range, least-squares over the times.

    A quartic is fitted around ``centre_time_s`` (default: mid time) and twice its quadratic
    coefficient returned, so the result is the curvature averaged the way a linear-FM matched
    filter sees it over the aperture, not only at one instant.
    """
    t = np.asarray(azimuth_time_s, dtype=np.float64)
    centre = 0.5 * (t[0] + t[-1]) if centre_time_s is None else float(centre_time_s)
    x = (t - centre) / max(1e-9, 0.5 * (t[-1] - t[0]))
    r = apparent_range_m(orbit, target_xyz, t, zenith_delay_m)
    coeffs = np.polynomial.polynomial.polyfit(x, r - r.mean(), 4)
    return 2.0 * coeffs[2] / max(1e-9, 0.5 * (t[-1] - t[0])) ** 2


def fm_rate_hz_s(orbit, target_xyz, azimuth_time_s, wavelength_m, zenith_delay_m=0.0,
                 centre_time_s=None):
    """Azimuth FM rate magnitude (Hz/s) = 2 / lambda * range curvature over the given times."""
    return 2.0 / float(wavelength_m) * range_curvature_m_s2(
        orbit, target_xyz, azimuth_time_s, zenith_delay_m, centre_time_s)


def doppler_hz(orbit, target_xyz, azimuth_time_s, wavelength_m):
    """Doppler (Hz) of the target: -2 / lambda * d(range)/dt (positive while approaching)."""
    pos, vel, _ = orbit.interpolate(np.asarray(azimuth_time_s, dtype=np.float64))
    delta = pos - np.asarray(target_xyz, dtype=np.float64)
    rate = np.sum(delta * vel, axis=-1) / np.linalg.norm(delta, axis=-1)
    return -2.0 / float(wavelength_m) * rate


def aperture_for_bandwidth(orbit, target_xyz, centre_time_s, wavelength_m, bandwidth_hz):
    """Return (start_s, stop_s), the times the target's Doppler spans ``bandwidth_hz``.

    The times around ``centre_time_s`` at which the Doppler reaches +bandwidth/2 and
    -bandwidth/2 (Newton on the Doppler history).
    """
    ends = []
    for goal in (0.5 * bandwidth_hz, -0.5 * bandwidth_hz):
        t = float(centre_time_s)
        for _ in range(20):
            f = doppler_hz(orbit, target_xyz, np.array([t, t + 1e-3]), wavelength_m)
            slope = (f[1] - f[0]) / 1e-3
            step = (f[0] - goal) / slope
            t -= step
            if abs(step) < 1e-9:
                break
        ends.append(t)
    return min(ends), max(ends)


def squint_deg(orbit, target_xyz, azimuth_time_s):
    """Squint (deg) of the line of sight sensor -> target from zero Doppler (positive ahead)."""
    pos, vel, _ = orbit.interpolate(np.asarray(azimuth_time_s, dtype=np.float64))
    delta = np.asarray(target_xyz, dtype=np.float64) - pos
    cosine = np.sum(delta * vel, axis=-1) / (np.linalg.norm(delta, axis=-1)
                                             * np.linalg.norm(vel, axis=-1))
    return np.degrees(np.arcsin(cosine))


# --------------------------------------------------------------------------------------------
# the pass

def _argument_of_latitude_deg(latitude_deg, pass_direction, inclination_deg):
    s = np.sin(np.radians(latitude_deg)) / np.sin(np.radians(inclination_deg))
    u = np.degrees(np.arcsin(np.clip(s, -1.0, 1.0)))
    return u if pass_direction == "ascending" else 180.0 - u


def _centre_for_incidence(orbit, incidence_deg, height_m, look_side):
    """Point at ``height_m`` seen at t = 0 (zero Doppler) under ``incidence_deg``."""
    pos, _, _ = orbit.interpolate(0.0)
    altitude = np.linalg.norm(pos) - 6371.0e3
    # Secant on the slant range, starting from a flat-Earth guess.
    ranges = [altitude / np.cos(np.radians(incidence_deg)),
              altitude / np.cos(np.radians(incidence_deg)) * 0.98]
    errors = []
    for r in ranges:
        xyz = rdr2geo(orbit, 0.0, r, height_m, look_side)
        errors.append(float(incidence_deg_at(orbit, xyz, 0.0)[0]) - incidence_deg)
    for _ in range(30):
        r_new = ranges[-1] - errors[-1] * (ranges[-1] - ranges[-2]) / (errors[-1] - errors[-2])
        xyz = rdr2geo(orbit, 0.0, r_new, height_m, look_side)
        ranges.append(r_new)
        errors.append(float(incidence_deg_at(orbit, xyz, 0.0)[0]) - incidence_deg)
        if abs(errors[-1]) < 1e-9:
            break
    return xyz, ranges[-1]


def tsx_orbit_scene(incidence_deg=47.3, latitude_deg=OBERPFAFFENHOFEN_LAT_DEG,
                    longitude_deg=OBERPFAFFENHOFEN_LON_DEG, pass_direction="ascending",
                    height_m=0.0, altitude_m=TSX_ALTITUDE_M, wavelength_m=TSX_WAVELENGTH_M,
                    state_vector_step_s=1.0, half_span_s=30.0, epoch="2014-06-01T05:00:00"):
    """OrbitScene of a right-looking TerraSAR-X-like pass over (lat, lon, height).

    The scene centre is seen at zero Doppler under ``incidence_deg`` (ellipsoid normal vs
    line of sight) at ``centre_time_s``, about ``half_span_s``: times count from the first
    state vector, and the state vectors span +-``half_span_s`` around the centre every
    ``state_vector_step_s``.
    """
    pass_direction = str(pass_direction).lower()
    if pass_direction not in PASS_DIRECTIONS:
        raise PointTargetError(f"pass_direction must be 'ascending' or 'descending', not "
                               f"{pass_direction!r}.")
    if not 5.0 <= float(incidence_deg) <= 70.0:
        raise PointTargetError(f"incidence angle {incidence_deg} deg is outside 5..70 deg: give "
                               f"the incidence at the scene centre in degrees.")
    if abs(float(latitude_deg)) > 80.0:
        raise PointTargetError(f"latitude {latitude_deg} deg is beyond +-80 deg, which a "
                               f"sun-synchronous pass does not see right-looking at this "
                               f"incidence; give a latitude within +-80 deg.")

    def build(u_deg, node_deg):
        return circular_orbit(epoch, altitude_m, TSX_INCLINATION_DEG, node_deg, u_deg,
                              -half_span_s, half_span_s, state_vector_step_s)

    # Secant on the argument of latitude so that the scene centre (not the sub-satellite
    # point) lies at the requested latitude; cross-track offset is ~5 deg at 47 deg incidence.
    u = [_argument_of_latitude_deg(latitude_deg, pass_direction, TSX_INCLINATION_DEG)]
    u.append(u[0] + 0.5)
    errors = []
    for value in u:
        xyz, _ = _centre_for_incidence(build(value, 0.0), incidence_deg, height_m, "right")
        errors.append(float(ecef_to_geodetic(xyz)[0]) - latitude_deg)
    for _ in range(20):
        u_new = u[-1] - errors[-1] * (u[-1] - u[-2]) / (errors[-1] - errors[-2])
        xyz, _ = _centre_for_incidence(build(u_new, 0.0), incidence_deg, height_m, "right")
        u.append(u_new)
        errors.append(float(ecef_to_geodetic(xyz)[0]) - latitude_deg)
        if abs(errors[-1]) < 1e-10:
            break
    # A rotation about the Earth's axis moves the whole pass in longitude, nothing else.
    lon_now = float(ecef_to_geodetic(xyz)[1])
    orbit = build(u[-1], longitude_deg - lon_now)
    xyz, _ = _centre_for_incidence(orbit, incidence_deg, height_m, "right")
    # Count time from the first state vector, as every product reader does, so that a
    # simulated geometry and the same geometry read back from a file agree to the nanosecond.
    orbit = Orbit(orbit.epoch + np.timedelta64(int(round(-half_span_s * 1e9)), "ns"),
                  orbit.times + half_span_s, orbit.positions, orbit.velocities)
    lat, lon, h = ecef_to_geodetic(xyz)
    t0, r0 = zero_doppler(orbit, xyz, half_span_s)
    return OrbitScene(orbit=orbit, wavelength_m=float(wavelength_m), look_side="right",
                      centre_time_s=t0, centre_xyz=np.asarray(xyz, dtype=np.float64),
                      centre_lat_deg=float(lat), centre_lon_deg=float(lon),
                      centre_height_m=float(h), slant_range_m=r0,
                      incidence_deg=float(incidence_deg_at(orbit, xyz, t0)[0]),
                      pass_direction=pass_direction)


def geodetic_target(lat_deg, lon_deg, height_m):
    """ECEF (3,) of a geodetic point; a readable alias for the simulator."""
    return np.asarray(geodetic_to_ecef(lat_deg, lon_deg, height_m), dtype=np.float64)
