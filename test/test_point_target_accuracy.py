"""Planning maths of point-target absolute height (Duque et al. 2015).

Eqs. (3), (7), (10)-(13) and the numeric tropospheric bias (Table II).
"""
import time

import numpy as np
import pytest

from sar_height.core.errors import PointTargetError
from sar_height.core.point_target import accuracy
from sar_height.core.point_target.scr import clutter_intensity, estimate_scr_db, scr_linear


def test_eq13_at_the_paper_setting_is_half_a_metre():
    # Paper Fig. 3 / section IV-A: 47.3 deg, 38.3 kHz, 5 sub-bands, SCR 50 dB.
    sigma = accuracy.height_std_m(47.3, 38300.0, 5, 50.0)
    assert 0.45 < sigma < 0.55


def test_eq13_scaling_laws():
    base = accuracy.height_std_m(47.3, 38300.0, 5, 50.0)
    assert accuracy.height_std_m(47.3, 2 * 38300.0, 5, 50.0) == pytest.approx(base / 4)
    assert accuracy.height_std_m(47.3, 38300.0, 5, 60.0) == pytest.approx(base / np.sqrt(10))
    # More sub-bands: worse; flatter incidence: better (smaller cos).
    assert accuracy.height_std_m(47.3, 38300.0, 7, 50.0) > base
    assert accuracy.height_std_m(58.0, 38300.0, 5, 50.0) < base


def test_eq13_equals_eq11_and_eq12_chained():
    """sigma_h = sigma_beta FM^2 lambda R0 / (2 g) with the flat FM = 2 V^2 / (lambda R0)."""
    inc, bw, n, scr = 47.3, 38300.0, 5, 50.0
    r0 = 514e3 / np.cos(np.radians(inc))
    fm = 2 * 7600.0 ** 2 / (0.031 * r0)
    g = accuracy.gravity_at_height_m_s2(514e3)
    chained = accuracy.beta_std(bw, n, scr) * fm ** 2 * 0.031 * r0 / (2 * g)
    assert accuracy.height_std_m(inc, bw, n, scr) == pytest.approx(chained, rel=1e-12)
    centres = accuracy.subband_centres_hz(bw, n)
    assert centres.mean() == pytest.approx(0.0, abs=1e-9)
    assert np.diff(centres) == pytest.approx(np.full(n - 1, bw / n))


def test_eq7_orbit_bias_is_18_cm():
    assert abs(accuracy.orbit_bias_m(0.02, 754e3)) == pytest.approx(0.18, abs=0.01)


def test_eq3():
    g = accuracy.gravity_at_height_m_s2(514e3)
    assert accuracy.fm_rate_mismatch_eq3_hz_s(100.0, 754e3, 0.031, 514e3) == pytest.approx(
        2 * g * 100 / (0.031 * 754e3))


@pytest.mark.parametrize("call", [
    lambda: accuracy.height_std_m(47.3, 38300.0, 1, 50.0),
    lambda: accuracy.height_std_m(47.3, 0.0, 5, 50.0),
    lambda: accuracy.height_std_m(95.0, 38300.0, 5, 50.0),
    lambda: accuracy.height_std_m(0.0, 38300.0, 5, 50.0),
    lambda: accuracy.orbit_bias_m(0.02, -1.0),
])
def test_nonsense_is_refused(call):
    with pytest.raises(PointTargetError):
        call()


@pytest.mark.slow
def test_tropo_bias_numeric():
    """Numeric equivalent height of a zenith-delay error.

    Table II (1.9 / 2.4 / 2.6 m for 20 cm) is NOT reproduced: the range-history model gives
    3.5-4.0 m (same target) and about twice that with pixel bookkeeping; see docs/point_target.md.
    Checked here: linearity, sign, magnitude against the flat-Earth estimate
    eps V^2 / (g R0 cos(inc)) ~ 2.7 m, speed.
    """
    start = time.perf_counter()
    values = {inc: accuracy.tropo_bias_m(0.2, inc) for inc in (21.0, 47.3, 58.0)}
    assert time.perf_counter() - start < 3.0
    for inc, value in values.items():
        assert 2.0 < value < 6.0, (inc, value)
        assert accuracy.tropo_bias_m(0.4, inc) == pytest.approx(2 * value, rel=0.02)
        assert accuracy.tropo_bias_m(-0.2, inc) == pytest.approx(-value, rel=0.02)
    pixel = accuracy.tropo_bias_m(0.2, 47.3, model="pixel")
    assert 1.6 < pixel / values[47.3] < 2.2
    assert accuracy.tropo_bias_m(0.0, 47.3) == 0.0
    start = time.perf_counter()
    accuracy.tropo_bias_m(0.3, 35.0)  # uncached geometry: the planning tool's call
    assert time.perf_counter() - start < 1.0


def test_plan_accuracy_defaults_are_terrasar_staring_spotlight():
    report = accuracy.plan_accuracy()
    assert report.height_std_m == pytest.approx(accuracy.height_std_m(47.3, 38300.0, 5, 50.0))
    assert 7.0e5 < report.slant_range_m < 7.6e5
    assert 4000 < report.fm_rate_hz_s < 5500
    assert 7.0 < report.integration_time_s < 9.5
    assert 0.1 < report.orbit_bias_m < 0.25
    assert report.tropo_bias_40cm_m == pytest.approx(2 * report.tropo_bias_20cm_m, rel=0.02)
    assert set(report.as_dict()) >= {"height_std_m", "orbit_bias_m", "tropo_bias_20cm_m"}


def test_scr_definition_helpers():
    assert scr_linear(20.0) == pytest.approx(100.0)
    assert clutter_intensity(30.0, 2.0) == pytest.approx(4e-3)
    rng = np.random.default_rng(1)
    chip = (rng.standard_normal((64, 64)) + 1j * rng.standard_normal((64, 64))) / np.sqrt(2)
    chip[32, 32] = 100.0  # 40 dB over unit clutter
    assert estimate_scr_db(chip) == pytest.approx(40.0, abs=0.3)
