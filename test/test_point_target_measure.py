"""Point-target absolute height measurement (issue 6).

Sub-bands, peaks, height search and the public ``estimate_point_heights`` on simulated Staring
Spotlight scenes.
"""
import dataclasses

import numpy as np
import pytest

from sar_height.core.errors import PointTargetCancelled, PointTargetError
from sar_height.core.point_target.detection import stable_across_subbands
from sar_height.core.point_target.measure import HeightOptions, estimate_point_heights
from sar_height.core.point_target.peaks import locate_peak
from sar_height.core.point_target.simulator import SceneSpec, simulate_scene, targets_at_pixels
from sar_height.core.point_target.slc import ArrayReader
from sar_height.core.point_target.subbands import split_subbands, subband_offsets_hz

LINE_INTERVAL_S = 1.0 / 44000.0
BANDWIDTH_HZ = 38300.0




def analytic_point(beta_s2, centroid_hz, line_offset=0.3, sample=8.2, lines=256, alpha=0.6):
    """Focused point target built from its spectrum.

    Hamming weighted over the band around ``centroid_hz`` with the residual phase -pi beta f^2, so
    that the energy at absolute azimuth frequency f sits at +beta f (seconds) from the peak;
    evaluated at the sample times by a dense numeric Fourier integral (not a periodic DFT).
    """
    nu = (np.arange(8000) + 0.5) / 8000 * BANDWIDTH_HZ - BANDWIDTH_HZ / 2
    f = centroid_hz + nu
    spectrum = (alpha + (1 - alpha) * np.cos(2 * np.pi * nu / BANDWIDTH_HZ)) * np.exp(
        -1j * np.pi * beta_s2 * f**2)
    t = (np.arange(lines) - lines // 2 - line_offset) * LINE_INTERVAL_S
    azimuth = np.exp(2j * np.pi * np.outer(t, f)) @ spectrum / len(nu)
    return np.outer(azimuth, np.sinc(0.8 * (np.arange(16) - sample)))


@pytest.mark.parametrize("beta_s2,centroid_hz", [(0.0, 0.0), (1e-9, 15000.0), (-2e-9, -9000.0)])
def test_subband_shifts_follow_beta_f(beta_s2, centroid_hz):
    chip = analytic_point(beta_s2, centroid_hz)
    bands = split_subbands(chip, LINE_INTERVAL_S, BANDWIDTH_HZ, 5, centroid_hz, 0.6)
    lines = np.array([locate_peak(c).line for c in bands.chips])
    measured = (lines - lines.mean()) * LINE_INTERVAL_S
    expected = beta_s2 * (bands.centres_hz - bands.centres_hz.mean())
    assert np.allclose(measured, expected, atol=0.005 * LINE_INTERVAL_S)
    samples = [locate_peak(c).sample for c in bands.chips]
    assert np.allclose(samples, 8.2, atol=2e-3)


def test_subband_centres_are_eq10():
    assert np.allclose(subband_offsets_hz(1000.0, 5), [-400, -200, 0, 200, 400])
    bands = split_subbands(analytic_point(0.0, 2000.0), LINE_INTERVAL_S, BANDWIDTH_HZ, 3,
                           2000.0, 0.6, used_fraction=1.0)
    assert np.allclose(bands.centres_hz, 2000.0 + np.array([-1, 0, 1]) * BANDWIDTH_HZ / 3)


def test_peak_is_sub_sample_and_handles_wrapped_spectra():
    chip = analytic_point(0.0, 20000.0, line_offset=-0.37, sample=5.61)
    peak = locate_peak(chip)
    assert abs(peak.line - (128 - 0.37)) < 2e-3 and abs(peak.sample - 5.61) < 2e-3


def test_stability_rules():
    assert stable_across_subbands([20, 21, 19.5], [3.0, 3.02, 2.99], 2.0, 0.1)[0]
    ok, reason = stable_across_subbands([20, 24, 19.5], [3.0, 3.0, 3.0], 2.0, 0.1)
    assert not ok and "SCR" in reason
    ok, reason = stable_across_subbands([20, 20, 20], [3.0, 3.5, 3.0], 2.0, 0.1)
    assert not ok and "range" in reason


# ------------------------------------------------------------------------------------------
# simulated Staring Spotlight scenes (TerraSAR-X-like, 47.3 deg, 38.3 kHz)

def scene(height_offset_m=150.0, spec=None, pixel=(300.3, 32.2)):
    spec = spec or SceneSpec(lines=600, samples=64, scr_db=50.0, seed=3)
    targets = targets_at_pixels(spec, [pixel], spec.reference_height_m + height_offset_m)
    return simulate_scene(spec, targets)


@pytest.fixture(scope="module")
def corner_reflector():
    return scene()


def test_corner_reflector_height_within_2m(corner_reflector):
    sim = corner_reflector
    options = HeightOptions(height_min_m=0.0, height_max_m=2000.0)
    report = estimate_point_heights(ArrayReader(sim.slc), sim.geometry, options)
    assert len(report.targets) == 1 and report.candidates == 1
    target = report.targets[0]
    assert target.status == "ok"
    assert abs(target.height_m - sim.truth[0].height_m) < 2.0
    assert abs(target.line - sim.truth[0].line) < 0.2
    assert abs(target.sample - sim.truth[0].sample) < 0.1
    assert 0.2 < target.height_std_m < 2.0 and 40 < target.scr_db < 52
    assert target.residual_rms_m < 0.05
    assert abs(target.lat_deg - sim.truth[0].lat_deg) < 2e-5
    assert 20 < report.theoretical_std_m < 40  # eq. (13) at 15 dB, 5 sub-bands


def test_wide_search_without_bounds_finds_truth(corner_reflector):
    sim = corner_reflector
    report = estimate_point_heights(ArrayReader(sim.slc), sim.geometry, HeightOptions(subbands=3))
    assert abs(report.targets[0].height_m - sim.truth[0].height_m) < 2.0


def test_search_edge_is_flagged(corner_reflector):
    sim = corner_reflector
    options = HeightOptions(height_min_m=0.0, height_max_m=650.0)
    target = estimate_point_heights(ArrayReader(sim.slc), sim.geometry, options).targets[0]
    assert target.status.startswith("search edge")


def test_tropospheric_correction_removes_the_delay_bias():
    spec = SceneSpec(lines=600, samples=64, scr_db=60.0, seed=4, processor_zenith_delay_m=2.3)
    sim = scene(40.0, spec)
    reader, truth = ArrayReader(sim.slc), sim.truth[0].height_m
    biased = estimate_point_heights(reader, sim.geometry, HeightOptions()).targets[0]
    fixed = estimate_point_heights(reader, sim.geometry,
                                   HeightOptions(tropo_delay_correction_m=0.4)).targets[0]
    assert 8.0 < biased.height_m - truth < 18.0  # 40 cm unaccounted: ~13 m at 47 deg
    assert abs(fixed.height_m - truth) < 1.5


def test_stripmap_is_refused_as_unsuitable():
    spec = SceneSpec.stripmap(lines=400, samples=64, scr_db=40.0, seed=1)
    sim = scene(0.0, spec, pixel=(200.0, 32.0))
    report = estimate_point_heights(ArrayReader(sim.slc), sim.geometry, HeightOptions())
    target = report.targets[0]
    assert np.isnan(target.height_m) and target.status.startswith("unsuitable")
    assert target.height_std_m > 100 and "2.8 kHz" in target.status
    assert any("refused" in m for m in report.messages)


def test_error_messages(corner_reflector):
    sim = corner_reflector
    reader = ArrayReader(sim.slc)
    with pytest.raises(PointTargetError, match="at least 2 sub-bands"):
        estimate_point_heights(reader, sim.geometry, HeightOptions(subbands=1))
    with pytest.raises(PointTargetError, match="HEIGHT_MIN"):
        estimate_point_heights(reader, sim.geometry,
                               HeightOptions(height_min_m=100.0, height_max_m=100.0))
    with pytest.raises(PointTargetError, match=r"SCR >= 70 dB.*strongest found: 4\d\.\d dB"):
        estimate_point_heights(reader, sim.geometry, HeightOptions(scr_threshold_db=70.0))
    with pytest.raises(PointTargetError, match="stable point target"):
        estimate_point_heights(reader, sim.geometry, HeightOptions(scr_tolerance_db=0.001))
    with pytest.raises(PointTargetError, match="No point target"):
        estimate_point_heights(reader, sim.geometry, HeightOptions(area=(0, 0, 150, 64)))
    geometry = dataclasses.replace(sim.geometry, extra={
        k: v for k, v in sim.geometry.extra.items()
        if k != "total_processed_azimuth_bandwidth_hz"})
    with pytest.raises(PointTargetError, match="azimuth bandwidth"):
        estimate_point_heights(reader, geometry)
    geometry = dataclasses.replace(sim.geometry, reference_height_m=None)
    with pytest.raises(PointTargetError, match="REFERENCE_HEIGHT"):
        estimate_point_heights(reader, geometry)
    report = estimate_point_heights(reader, geometry, HeightOptions(reference_height_m=600.0))
    assert abs(report.targets[0].height_m - sim.truth[0].height_m) < 2.0


def test_missing_spectrum_reference_time_falls_back_to_the_data(corner_reflector):
    sim = corner_reflector
    extra = dict(sim.geometry.extra, azimuth_spectrum_reference_time_s=None,
                 azimuth_spectrum_rate_hz_s=None)
    geometry = dataclasses.replace(sim.geometry, extra=extra)
    report = estimate_point_heights(ArrayReader(sim.slc), geometry)
    assert abs(report.targets[0].height_m - sim.truth[0].height_m) < 2.0
    assert any("estimated from its spectrum" in m for m in report.messages)


def test_progress_and_cancellation(corner_reflector):
    sim = corner_reflector
    seen = []
    estimate_point_heights(ArrayReader(sim.slc), sim.geometry,
                           progress=lambda f: seen.append(f) or True)
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:]))
    with pytest.raises(PointTargetCancelled):
        estimate_point_heights(ArrayReader(sim.slc), sim.geometry, progress=lambda f: f < 0.6)


def test_amplitude_image_is_refused(corner_reflector):
    sim = corner_reflector
    with pytest.raises(PointTargetError, match="not complex"):
        estimate_point_heights(ArrayReader(np.abs(sim.slc)), sim.geometry)
