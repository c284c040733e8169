"""Dense state vectors from a high-order orbit fit, for accurate orbit accelerations.

With them, cubic Hermite interpolation (``Orbit``) gives the orbit's acceleration, not only its
position, to the accuracy the FM rate needs.

Why: ``Orbit.interpolate`` is a cubic Hermite spline through positions and velocities. Its
position error is O(h^4) (sub-millimetre at h = 10 s), but its acceleration is only O(h^2)
accurate and jumps at every state vector. The absolute azimuth FM rate is 2/lambda times the
range curvature, which hangs on that acceleration: with TerraSAR-X's 10 s state vectors the
FM rate at 47.3 deg is off by the equivalent of -5.3 m of height (-0.65 m at 5 s; see
``scripts/point_target_theory.py``).

Method: one least-squares polynomial per ECEF axis, fitted jointly to the positions and the
velocities (as the derivative of the same polynomial) of the state vectors nearest the
interval; the polynomial is then sampled every ``step_s`` into a new Orbit. Chosen over
Lagrange or high-order Hermite interpolation because

- over the ~100 s such a fit spans, a satellite orbit is a smooth curve that a degree-8
  polynomial reproduces far below a millimetre (the Taylor remainder of a Keplerian orbit
  over +-45 s is ~1e-10 m), so nothing is gained by interpolating exactly;
- interpolating polynomials through all points (degree 2n - 1 for Hermite) oscillate between
  equispaced nodes and pass every rounding error of the annotated vectors straight into the
  acceleration; a least-squares fit with redundant equations (2n equations, 9 unknowns for
  10 vectors) averages it instead;
- velocities carry as much information as positions, and using them halves the number of
  state vectors the fit needs (7 vectors 10 s apart are enough).

Time is normalised to [-1, 1] over the fitted vectors (monomials of degree 8 stay well
conditioned there) and velocity equations are scaled by the half-span, so that both kinds of
equation are in metres. The 0.5 s output step balances the spline's truncation error in the
acceleration (~h^2) against rounding (~1/h^2: Hermite divides metre-size differences by h^2).

Measured (test/test_point_target_orbit.py, docs/point_target.md section 4a): a Keplerian
TerraSAR-X-like orbit sampled at 10 s and refined to 0.5 s is within 4e-9 m in position and
1.6e-7 m/s^2 in acceleration of the exact orbit (cubic Hermite at 10 s: 2.2e-4 m, 7e-5 m/s^2);
the absolute FM rate's height-equivalent error drops from -5.3 m to 1.5e-5 m. The sub-band
shift model differences two histories on one orbit, so it was exposed far less (6 mm on the
simulated reflector), but every absolute use of the FM rate now gets it right.
"""
import copy

import numpy as np

from ..errors import PointTargetError
from ..geometry.orbit import Orbit

DEFAULT_STEP_S = 0.5
DEFAULT_DEGREE = 8
DEFAULT_FIT_VECTORS = 10
MIN_FIT_VECTORS = 4  # 8 equations per axis: still redundant for a degree-6 polynomial
APERTURE_MARGIN = 1.5  # densify this many half-apertures beyond the first / last line
EXTRA_MARGIN_S = 1.0  # plus this: the height search moves stationary times a little


def state_vector_spacing_s(orbit):
    """Largest gap (s) between consecutive state vectors."""
    return float(np.max(np.diff(orbit.times)))


def _fit_indices(times, start_s, stop_s, fit_vectors):
    """Return the sorted indices of the state vectors to fit over [start_s, stop_s].

    Every vector inside the interval plus the nearest one beyond each end, topped up to
    ``fit_vectors`` with the vectors nearest the interval's centre.
    """
    inside = np.flatnonzero((times >= start_s) & (times <= stop_s))
    before = np.flatnonzero(times < start_s)
    after = np.flatnonzero(times > stop_s)
    chosen = set(inside.tolist())
    chosen.update(before[-1:].tolist())
    chosen.update(after[:1].tolist())
    by_distance = np.argsort(np.abs(times - 0.5 * (start_s + stop_s)), kind="stable")
    for index in by_distance:
        if len(chosen) >= fit_vectors:
            break
        chosen.add(int(index))
    return np.array(sorted(chosen))


def _design(tau, degree):
    """Return the design rows of the position and the velocity equations, each (n, degree + 1).

    For normalised times ``tau``; the velocity rows are the derivative with respect to tau.
    """
    powers = np.arange(degree + 1)
    pos_rows = tau[:, None] ** powers[None, :]
    vel_rows = np.zeros_like(pos_rows)
    vel_rows[:, 1:] = powers[None, 1:] * tau[:, None] ** (powers[None, 1:] - 1)
    return pos_rows, vel_rows


class OrbitPolynomial:
    """Least-squares polynomial (one per ECEF axis) through state vectors' positions and velocities.

    ``evaluate(t)`` gives position, velocity and acceleration.
    """

    def __init__(self, times_s, positions_m, velocities_m_s, degree):
        times_s = np.asarray(times_s, dtype=np.float64)
        self.centre_s = 0.5 * (times_s[0] + times_s[-1])
        self.half_span_s = 0.5 * (times_s[-1] - times_s[0])
        # Positions relative to their mean: the fit then works on ~1e5 m, not ~7e6 m.
        self.offset_m = np.mean(positions_m, axis=0)
        self.degree = int(min(degree, 2 * len(times_s) - 2))
        tau = (times_s - self.centre_s) / self.half_span_s
        pos_rows, vel_rows = _design(tau, self.degree)
        matrix = np.vstack([pos_rows, vel_rows])
        rhs = np.vstack([positions_m - self.offset_m, velocities_m_s * self.half_span_s])
        self.coefficients, _, rank, _ = np.linalg.lstsq(matrix, rhs, rcond=None)
        if rank < self.degree + 1:
            raise PointTargetError("The orbit fit is singular: the state vector times repeat "
                                   "or are too few; give distinct, evenly spaced vectors.")
        fitted = matrix @ self.coefficients - rhs
        self.position_rms_m = float(np.sqrt(np.mean(fitted[:len(tau)] ** 2)))

    def evaluate(self, times_s):
        """Position (m), velocity (m/s), acceleration (m/s^2), each (n, 3)."""
        tau = (np.asarray(times_s, dtype=np.float64) - self.centre_s) / self.half_span_s
        c = self.coefficients
        derivative = np.polynomial.polynomial.polyder(c, 1)
        second = np.polynomial.polynomial.polyder(c, 2)
        pos = np.polynomial.polynomial.polyval(tau, c).T + self.offset_m
        vel = np.polynomial.polynomial.polyval(tau, derivative).T / self.half_span_s
        acc = np.polynomial.polynomial.polyval(tau, second).T / self.half_span_s ** 2
        return pos, vel, acc


def fit_orbit(orbit, start_s, stop_s, degree=DEFAULT_DEGREE, fit_vectors=DEFAULT_FIT_VECTORS):
    """OrbitPolynomial fitted to the state vectors around [start_s, stop_s] (s since epoch).

    PointTargetError when the state vectors do not cover the interval or are too few.
    """
    times = orbit.times
    if start_s < times[0] or stop_s > times[-1]:
        raise PointTargetError(
            f"The orbit state vectors cover {times[0]:.2f}..{times[-1]:.2f} s but the "
            f"measurement needs {start_s:.2f}..{stop_s:.2f} s (seconds since the orbit epoch): "
            f"give state vectors that span the acquisition plus the synthetic aperture.")
    chosen = _fit_indices(times, float(start_s), float(stop_s), int(fit_vectors))
    if len(chosen) < MIN_FIT_VECTORS:
        raise PointTargetError(
            f"Only {len(chosen)} orbit state vectors around {start_s:.2f}..{stop_s:.2f} s: the "
            f"orbit fit needs at least {MIN_FIT_VECTORS} to give the acceleration the FM rate "
            f"depends on; give the product's full state-vector list (or a precise orbit file).")
    return OrbitPolynomial(times[chosen], orbit.positions[chosen], orbit.velocities[chosen],
                           degree)


def dense_orbit(orbit, start_s, stop_s, step_s=DEFAULT_STEP_S, degree=DEFAULT_DEGREE,
                fit_vectors=DEFAULT_FIT_VECTORS):
    """Return a new Orbit (same epoch) with state vectors at most ``step_s`` apart.

    Sampled from ``fit_orbit`` over [start_s, stop_s] (seconds since epoch); ``orbit`` itself
    when its vectors are already that dense. PointTargetError when too few vectors cover the
    interval.
    """
    if state_vector_spacing_s(orbit) <= step_s:
        return orbit
    if not stop_s > start_s:
        raise PointTargetError(f"Empty orbit interval {start_s:.2f}..{stop_s:.2f} s.")
    poly = fit_orbit(orbit, start_s, stop_s, degree, fit_vectors)
    return _sampled(poly, orbit.epoch, start_s, stop_s, step_s)


def _sampled(poly, epoch, start_s, stop_s, step_s):
    """Return an Orbit sampled from ``poly`` at most ``step_s`` apart over [start_s, stop_s]."""
    count = int(np.ceil((stop_s - start_s) / step_s)) + 1
    times = np.linspace(start_s, stop_s, count)
    pos, vel, _ = poly.evaluate(times)
    return Orbit(epoch, times, pos, vel)


def half_aperture_s(geometry, bandwidth_hz):
    """Return half the synthetic aperture (s): the time each side of a target its echoes span.

    Bw / (2 FM) with FM ~ 2 V^2 / (lambda R) at the image centre, over which the echoes were
    focused.
    """
    _, vel, _ = geometry.orbit.interpolate(geometry.mid_time_s)
    slant = (geometry.near_slant_range_m
             + 0.5 * geometry.samples * geometry.range_pixel_spacing_m)
    fm_hz_s = 2.0 * float(np.dot(vel, vel)) / (geometry.wavelength_m * slant)
    return 0.5 * float(bandwidth_hz) / fm_hz_s


def measurement_interval_s(geometry, bandwidth_hz):
    """Return (start_s, stop_s), the interval the measurement evaluates the orbit over.

    The image lines widened by APERTURE_MARGIN half-apertures plus EXTRA_MARGIN_S, clipped to
    the state vectors (beyond them the dense orbit extrapolates its end segment, as the
    original one would).
    """
    margin = APERTURE_MARGIN * half_aperture_s(geometry, bandwidth_hz) + EXTRA_MARGIN_S
    orbit = geometry.orbit
    start = max(geometry.first_line_time_s - margin, orbit.start_time)
    stop = min(geometry.last_line_time_s + margin, orbit.stop_time)
    return start, stop


def densify_geometry(geometry, bandwidth_hz, step_s=DEFAULT_STEP_S, degree=DEFAULT_DEGREE):
    """Return (geometry, note): the geometry with a dense orbit, and a note for the report.

    The geometry is a copy whose orbit is refined like ``dense_orbit`` over the measurement
    interval; when the state vectors are already ``step_s`` apart or closer, the original
    geometry and None.
    """
    orbit = geometry.orbit
    spacing = state_vector_spacing_s(orbit)
    if spacing <= step_s:
        return geometry, None
    start, stop = measurement_interval_s(geometry, bandwidth_hz)
    poly = fit_orbit(orbit, start, stop, degree)
    dense = _sampled(poly, orbit.epoch, start, stop, step_s)
    note = (f"orbit: {len(orbit.times)} state vectors {spacing:g} s apart refined to "
            f"{step_s:g} s by a degree-{poly.degree} fit (position residual "
            f"{poly.position_rms_m * 1e3:.2g} mm), so that the FM rate is not biased by the "
            f"cubic interpolation's acceleration.")
    return _replace_orbit(geometry, dense), note


def _replace_orbit(geometry, orbit):
    """Shallow copy of the geometry with another orbit (the caller's object is untouched)."""
    clone = copy.copy(geometry)
    clone.orbit = orbit
    return clone
