"""Point-target simulator: focusing, Table I broadening, FM-rate mismatch, clutter, metadata."""

import numpy as np
import pytest

import sar_height.core.products.terrasar_writer as terrasar_writer
from sar_height.core.errors import PointTargetError
from sar_height.core.point_target import accuracy
from sar_height.core.point_target.irf import broadening_percent, upsample_cut, width_3db
from sar_height.core.point_target.scene import (
    aperture_for_bandwidth,
    apparent_range_m,
    fm_rate_hz_s,
    point_at_pixel,
    tsx_orbit_scene,
)
from sar_height.core.point_target.scr import estimate_scr_db
from sar_height.core.point_target.simulator import (
    SceneSpec,
    airfield_targets,
    build_geometry,
    focus_azimuth,
    hamming_spectrum,
    simulate_scene,
    targets_at_pixels,
)

# Paper Table I (48.08 N): ST / SM broadening in % for 50 m and 100 m height offsets.
TABLE_I_ST = {21.0: (4.7, 14.7), 47.3: (9.9, 59.9), 58.0: (15.7, 116.0)}


def _broadening(mode, incidence_deg):
    make = SceneSpec if mode == "ST" else SceneSpec.stripmap
    spec = make(incidence_deg=incidence_deg, scr_db=None, lines=96, samples=16)
    _, geometry, bandwidth, aperture = build_geometry(spec)
    widths = {}
    for dh in (0.0, 50.0, 100.0):
        target = targets_at_pixels(spec, [(48, 8)], spec.reference_height_m + dh,
                                   geometry=geometry)[0]
        azimuth, _ = focus_azimuth(spec, geometry, bandwidth, aperture, target)
        widths[dh] = width_3db(azimuth[16:81])
    return [broadening_percent(widths[dh], widths[0.0]) for dh in (50.0, 100.0)], widths[0.0]


def test_focused_point_sits_at_the_truth_with_unit_peak():
    scene = simulate_scene(SceneSpec(scr_db=None, lines=128, samples=48))
    truth = scene.truth[0]
    image = np.abs(scene.slc)
    line, sample = np.unravel_index(np.argmax(image), image.shape)
    assert (line, sample) == (round(truth.line), round(truth.sample))
    assert image.max() == pytest.approx(1.0, abs=0.01)
    assert scene.slc.dtype == np.complex64
    assert scene.geometry.reference_height_m == 600.0
    assert truth.height_m == pytest.approx(600.0, abs=1e-3)


@pytest.mark.slow
def test_resolution_of_staring_spotlight():
    (_, _), width_lines = _broadening("ST", 47.3)
    spec = SceneSpec()
    _, geometry, bandwidth, _ = build_geometry(spec)
    width_s = width_lines * geometry.azimuth_time_interval_s
    # Generalised Hamming 0.6: 3 dB width 1.17 / Bw (0.886 / Bw unweighted).
    assert width_s * bandwidth == pytest.approx(1.17, abs=0.02)
    _, velocity, _ = geometry.orbit.interpolate(geometry.mid_time_s)
    ground_speed = np.linalg.norm(velocity) * 6371e3 / 6885e3
    assert 0.18 < width_s * ground_speed < 0.30


@pytest.mark.parametrize("incidence_deg", [21.0, 47.3, 58.0])
def test_table_1_staring_spotlight_broadening(incidence_deg):
    (b50, b100), _ = _broadening("ST", incidence_deg)
    p50, p100 = TABLE_I_ST[incidence_deg]
    assert b100 == pytest.approx(p100, rel=0.2)
    if incidence_deg == 21.0:
        # The paper's 4.7 % is inconsistent with its 14.7 % (a quadratic phase error gives
        # ~x4 from 50 to 100 m); we get 3.2 %: checked to 2 points only.
        assert b50 == pytest.approx(p50, abs=2.0)
    else:
        assert b50 == pytest.approx(p50, rel=0.2)


def test_table_1_stripmap_broadening_is_negligible():
    for incidence_deg in (21.0, 58.0):
        (b50, b100), _ = _broadening("SM", incidence_deg)
        assert abs(b50) < 0.01 and abs(b100) < 0.01


def test_numeric_fm_mismatch_against_eq3(monkeypatch):
    """The numeric FM-rate mismatch dFM/dh against eq. (3).

    Without Earth rotation the numeric dFM/dh is eq. (3) times R_E / (R_E + H) (the Earth-curvature
    factor eq. (3) leaves out); with rotation the Coriolis acceleration lowers it further (x0.84 at
    47.3 deg).
    """
    def ratio(incidence_deg):
        scene = tsx_orbit_scene(incidence_deg, height_m=600.0)
        start, stop = aperture_for_bandwidth(scene.orbit, scene.centre_xyz, scene.centre_time_s,
                                             scene.wavelength_m, 38300.0)
        times = np.linspace(start, stop, 201)
        pixel = apparent_range_m(scene.orbit, scene.centre_xyz, scene.centre_time_s)[0]
        fm = [fm_rate_hz_s(scene.orbit, point_at_pixel(scene.orbit, scene.centre_time_s, pixel,
                                                        h, 0.0), times, scene.wavelength_m)
              for h in (600.0, 700.0)]
        eq3 = accuracy.fm_rate_mismatch_eq3_hz_s(100.0, scene.slant_range_m,
                                                 scene.wavelength_m, 514e3)
        return (fm[1] - fm[0]) / eq3

    assert 0.80 < ratio(47.3) < 0.88
    monkeypatch.setattr(terrasar_writer, "EARTH_ROTATION", 0.0)
    curvature = 6378137.0 / (6378137.0 + 514e3)
    for incidence_deg in (21.0, 47.3):
        assert ratio(incidence_deg) == pytest.approx(curvature, rel=0.01)


def test_clutter_hits_the_requested_scr():
    spec = SceneSpec(scr_db=25.0, lines=128, samples=64, seed=3)
    clutter = simulate_scene(spec, targets=[]).slc
    assert np.mean(np.abs(clutter) ** 2) == pytest.approx(10 ** -2.5, rel=1e-4)
    scene = simulate_scene(spec)
    assert estimate_scr_db(scene.slc, guard=(6, 4)) == pytest.approx(25.0, abs=1.5)
    # Clutter spectrum in range = the range weighting's support (300 of 329.6 MHz).
    spectrum = np.mean(np.abs(np.fft.fft(clutter, axis=1)) ** 2, axis=0)
    freq = np.fft.fftfreq(64, 1.0 / spec.range_sampling_rate_hz)
    assert spectrum[np.abs(freq) > 0.52 * spec.range_bandwidth_hz].max() < 1e-3 * spectrum.max()


def test_staring_spotlight_spectrum_centre_follows_the_metadata():
    spec = SceneSpec(scr_db=None, lines=4096, samples=32)
    _, geometry, _, _ = build_geometry(spec)
    targets = targets_at_pixels(spec, [(100, 16), (3990, 16)], 600.0, geometry=geometry)
    scene = simulate_scene(spec, targets)
    extra = scene.geometry.extra
    dt = geometry.azimuth_time_interval_s
    for truth in scene.truth:
        line = int(round(truth.line))
        cut = scene.slc[line - 24:line + 25, 16].astype(np.complex128)
        measured = np.angle(np.sum(cut[1:] * np.conj(cut[:-1]))) / (2 * np.pi * dt)
        expected = extra["azimuth_spectrum_rate_hz_s"] * (
            truth.azimuth_time_s - extra["azimuth_spectrum_reference_time_s"])
        assert measured == pytest.approx(truth.doppler_centre_hz, abs=3.0)
        assert truth.doppler_centre_hz == pytest.approx(expected, abs=1.0)
        assert abs(expected) > 150.0


def test_metadata_contract():
    st = build_geometry(SceneSpec(lines=64, samples=32))[1].extra
    sm = build_geometry(SceneSpec.stripmap(lines=64, samples=32))[1].extra
    for extra in (st, sm):
        for key in ("imaging_mode", "total_processed_azimuth_bandwidth_hz", "azimuth_window",
                    "azimuth_window_coefficient", "processor_zenith_delay_m",
                    "azimuth_spectrum_reference_time_s", "azimuth_spectrum_rate_hz_s"):
            assert key in extra
    assert (st["imaging_mode"], sm["imaging_mode"]) == ("ST", "SM")
    assert st["total_processed_azimuth_bandwidth_hz"] == 38300.0
    assert sm["total_processed_azimuth_bandwidth_hz"] == 2800.0
    assert st["azimuth_window"] == "HAMMING" and st["azimuth_window_coefficient"] == 0.6
    assert st["azimuth_spectrum_reference_time_s"] is not None
    assert sm["azimuth_spectrum_reference_time_s"] is None
    assert 4000 < st["azimuth_spectrum_rate_hz_s"] < 5000


@pytest.mark.slow
def test_airfield_of_nine_reflectors():
    spec = SceneSpec(scr_db=50.0, lines=256, samples=64)
    _, geometry, _, _ = build_geometry(spec)
    targets = airfield_targets(spec, geometry=geometry)
    scene = simulate_scene(spec, targets)
    assert len(scene.truth) == 9
    for target, truth in zip(targets, scene.truth):
        assert truth.height_m == pytest.approx(target.height_m, abs=1e-3)
        line, sample = int(round(truth.line)), int(round(truth.sample))
        window = np.abs(scene.slc[line - 3:line + 4, sample - 2:sample + 3])
        assert np.unravel_index(np.argmax(window), window.shape) == (3, 2)


def test_bad_input():
    with pytest.raises(PointTargetError):
        simulate_scene(SceneSpec(imaging_mode="XX"))
    spec = SceneSpec(scr_db=None, lines=64, samples=32)
    far = targets_at_pixels(spec, [(32, 16)], 600.0)[0]
    far.lat_deg += 0.5
    with pytest.raises(PointTargetError, match="outside"):
        simulate_scene(spec, [far])


def test_helpers():
    assert hamming_spectrum([0.0, 0.5, 0.6], 1.0, 0.6) == pytest.approx([1.0, 0.2, 0.0])
    n = np.arange(32)
    cut = np.sinc((n - 15.3) / 1.5) * np.exp(2j * np.pi * 0.3 * n)
    fine = np.abs(upsample_cut(cut, 16))
    assert np.argmax(fine) / 16 == pytest.approx(15.3, abs=0.1)
