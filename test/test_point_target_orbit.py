"""Orbit refinement for the point-target measurement (core/point_target/orbit_fit.py).

Dense state vectors from a high-order fit, so that coarse (10 s) state vectors do not bias the
FM rate through the cubic Hermite spline's acceleration.
"""
import copy

import numpy as np
import pytest

import sar_height.core.point_target.measure as measure
from sar_height.benchmarks import point_target_theory as theory
from sar_height.core.errors import PointTargetError
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.point_target.height_search import FINE_TOLERANCE_M
from sar_height.core.point_target.measure import HeightOptions, estimate_point_heights
from sar_height.core.point_target.orbit_fit import dense_orbit, fit_orbit
from sar_height.core.point_target.simulator import SceneSpec, simulate_scene, targets_at_pixels
from sar_height.core.point_target.slc import ArrayReader
from sar_height.core.products.terrasar_writer import circular_orbit

EPOCH = "2014-06-01T05:00:00"


def tsx_like_orbit(step_s, half_span_s=60.0):
    """TerraSAR-X-like Keplerian orbit (514 km, 97.44 deg, Earth rotation) over +-half_span."""
    return circular_orbit(EPOCH, 514e3, 97.44, 0.0, 40.0, -half_span_s, half_span_s, step_s)


def subsampled(orbit, every):
    """The same trajectory, epoch and times with only every ``every``-th state vector."""
    return Orbit(orbit.epoch, orbit.times[::every], orbit.positions[::every],
                 orbit.velocities[::every])


def test_dense_orbit_matches_a_finely_sampled_orbit():
    coarse, fine = tsx_like_orbit(10.0), tsx_like_orbit(0.1)
    dense = dense_orbit(coarse, -10.0, 10.0)
    assert np.allclose(np.diff(dense.times), 0.5) and dense.epoch == coarse.epoch
    t = np.random.default_rng(1).uniform(-10.0, 10.0, 500)
    pos_f, _, acc_f = fine.interpolate(t)
    pos_d, _, acc_d = dense.interpolate(t)
    _, _, acc_c = coarse.interpolate(t)
    # Measured: position 4e-9 m; acceleration 1.4e-6 m/s^2, which is the 0.1 s reference's own
    # rounding (its Hermite acceleration divides metre-size differences by 0.01 s^2; against
    # finite differences of the exact velocity the dense orbit is within 1.6e-7 m/s^2).
    # Cubic Hermite at 10 s: 2.2e-4 m and 7e-5 m/s^2, i.e. -5.3 m of height in the FM rate.
    assert np.max(np.abs(pos_d - pos_f)) < 1e-3
    assert np.max(np.abs(acc_d - acc_f)) < 5e-6
    assert np.max(np.abs(acc_c - acc_f)) > 5e-5


def test_fit_reproduces_the_state_vectors_and_uses_their_velocities():
    coarse = tsx_like_orbit(10.0, half_span_s=30.0)  # 7 vectors: the simulator's span
    poly = fit_orbit(coarse, 0.0, 10.0)
    pos, vel, _ = poly.evaluate(coarse.times)
    assert poly.degree == 8 and poly.position_rms_m < 1e-6
    assert np.max(np.abs(pos - coarse.positions)) < 1e-6
    assert np.max(np.abs(vel - coarse.velocities)) < 1e-7


def test_dense_orbits_and_refusals():
    fine = tsx_like_orbit(0.5)
    assert dense_orbit(fine, -5.0, 5.0) is fine  # already dense enough
    coarse = tsx_like_orbit(10.0)
    with pytest.raises(PointTargetError, match="span the acquisition"):
        dense_orbit(coarse, 50.0, 70.0)
    with pytest.raises(PointTargetError, match="at least 4"):
        dense_orbit(tsx_like_orbit(10.0, half_span_s=10.0), -5.0, 5.0)  # 3 vectors in all


def test_fm_rate_bias_of_coarse_state_vectors_is_removed():
    """The FM-rate height bias of coarse state vectors is removed by dense_orbit.

    benchmarks/point_target_theory.py's state-vector study, 47.3 deg, 38.3 kHz aperture: measured
    -5.33 m (10 s) and -0.65 m (5 s) with cubic Hermite interpolation, 1.5e-5 m and 1.0e-5 m after
    dense_orbit.
    """
    _, dfm, _ = theory.numeric_fm(47.3)
    rows = {step: (cubic[1], fitted[1]) for step, cubic, fitted in
            theory.state_vector_study(47.3, dfm[100.0] / 100.0, (10.0, 5.0))}
    assert -6.0 < rows[10.0][0] < -4.5 and -0.8 < rows[5.0][0] < -0.5
    assert abs(rows[10.0][1]) < 0.05 and abs(rows[5.0][1]) < 0.05


@pytest.fixture(scope="module")
def reflector():
    spec = SceneSpec(lines=600, samples=64, scr_db=50.0, seed=3)
    targets = targets_at_pixels(spec, [(300.3, 32.2)], spec.reference_height_m + 150.0)
    return simulate_scene(spec, targets)




def _height_error(sim, geometry):
    options = HeightOptions(height_min_m=0.0, height_max_m=2000.0)
    report = estimate_point_heights(ArrayReader(sim.slc), geometry, options)
    return report.targets[0].height_m - sim.truth[0].height_m, report.notes


# How closely the heights from the 10 s and the 1 s orbit of one SLC can agree. Both come from
# the same data and code; they differ by (1) the orbit models, whose effect on the height is
# bounded by the 6 mm the unfitted cubic spline itself moved it (docstring below; the fit is
# closer to the truth, so it moves it less), and (2) where each fine search stops: scipy's
# bounded Brent (xatol = FINE_TOLERANCE_M) ends once its bracket around the minimum is
# within 2 * tol1 = 2 * (xatol / 3 + sqrt(eps) * |h|) of it, i.e. anywhere within
# +-2/3 xatol = +-6.7 mm of its own minimum (|h| <= 2000 m here). Two searches on slightly
# different cost curves (the predicted shifts are differences of two ~600 km range
# histories, so their last bits differ between CPUs and libraries, and Brent's path with
# them) may stop at opposite ends: 13.3 mm apart, what an AMD EPYC gave (13.4 mm). The bound
# is the sum of (1) and (2), not one CPU's result.
AGREEMENT_10S_1S_M = 0.006 + 2 * (2 * FINE_TOLERANCE_M / 3 + 1.5e-8 * 2000.0)


def test_end_to_end_with_10_s_state_vectors(reflector, monkeypatch):
    """The simulated scene's 1 s orbit (0..60 s) thinned to 10 s (7 vectors, same epoch).

    Measured errors (m) of the 150 m target: 1 s vectors -0.0640, 10 s vectors -0.0637 with
    the fit; without it (fit-free path below) -0.0607 and -0.0669. The measurement predicts
    sub-band shifts as differences between two range histories taken on the same orbit, so
    the spline's acceleration error cancels to first order: it moved the height by only
    6 mm here, not the -5.3 m it puts into the absolute FM rate.
    """
    sim = reflector
    coarse = subsampled(sim.geometry.orbit, 10)
    assert len(coarse.times) == 7 and coarse.stop_time == 60.0
    geometry = copy.copy(sim.geometry)
    geometry.orbit = coarse
    error_10s, messages = _height_error(sim, geometry)
    error_1s, _ = _height_error(sim, sim.geometry)
    assert abs(error_10s) < 1.0 and abs(error_10s - error_1s) < AGREEMENT_10S_1S_M
    assert geometry.orbit is coarse  # the measurement densified a copy
    assert any("7 state vectors 10 s apart refined to 0.5 s by a degree-8 fit" in m
               for m in messages)

    monkeypatch.setattr(measure, "densify_geometry", lambda g, bandwidth_hz: (g, None))
    unfitted_10s, messages = _height_error(sim, geometry)
    assert abs(unfitted_10s) < 1.0 and not any("refined" in m for m in messages)
