"""core.stereo.poc: sub-pixel accuracy, smooth parallax fields, coarse to fine, noise, left-right.

Synthetic SAR-like scenes: a log-normal reflectivity (smoothed white noise) times gamma speckle.
Offsets are secondary - reference, in pixels, (lines, samples) = (azimuth, range).
"""
import time
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from sar_height.core.stereo.poc import (
    PocOptions,
    dense_offsets,
    fit_peaks,
    grid_centres,
    match_poc,
    matched_points,
    poc_surfaces,
    spectral_weight,
)
from sar_height.core.stereo.windows import apodise, hann_taper

ROOT = Path(__file__).resolve().parents[1]

SHAPE = (384, 384)


def reflectivity(rng, shape, correlation_px=1.5, log_std=0.8):
    """Log-normal texture: exp of Gaussian-smoothed white noise with std ``log_std``."""
    g = ndimage.gaussian_filter(rng.standard_normal(shape), correlation_px)
    return np.exp(log_std * g / g.std())


def speckle(rng, shape, looks):
    return rng.gamma(looks, 1.0 / looks, size=shape)


def coherent_shift_pair(rng, shape, d_lines, d_samples):
    """Amplitudes of a speckled scene and of the same scene shifted by (d_lines, d_samples).

    The complex image is band-limited to half the band (2x oversampled), so its intensity is
    band-limited too and the Fourier shift is an exact shift of the speckled intensity.
    """
    slc = np.sqrt(reflectivity(rng, shape)) * (rng.standard_normal(shape)
                                                 + 1j * rng.standard_normal(shape))
    f_l, f_s = np.fft.fftfreq(shape[0])[:, None], np.fft.fftfreq(shape[1])[None, :]
    spectrum = np.fft.fft2(slc) * ((np.abs(f_l) < 0.25) & (np.abs(f_s) < 0.25))
    ramp = np.exp(-2j * np.pi * (f_l * d_lines + f_s * d_samples))
    return np.abs(np.fft.ifft2(spectrum)), np.abs(np.fft.ifft2(spectrum * ramp))


def parallax_field(shape, base_samples, bump_samples=2.0, bump_lines=0.5):
    """Terrain-like offset field e(q) (lines, samples) on secondary pixels: base + Gaussian bump."""
    q_l, q_s = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    width = 0.25 * shape[0]
    bump = np.exp(-((q_l - 0.5 * shape[0]) ** 2 + (q_s - 0.55 * shape[1]) ** 2)
                  / (2 * width ** 2))
    return bump_lines * bump, base_samples + bump_samples * bump


def parallax_pair(rng, shape, looks, base_samples=3.0):
    """Reference and secondary amplitudes with independent speckle: sec(q) = scene(q - e(q))."""
    scene = reflectivity(rng, shape)
    e_l, e_s = parallax_field(shape, base_samples)
    q_l, q_s = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    warped = ndimage.map_coordinates(scene, [q_l - e_l, q_s - e_s], order=3, mode="mirror")
    ref = scene * speckle(rng, shape, looks)
    sec = np.maximum(warped, 1e-6) * speckle(rng, shape, looks)
    return np.sqrt(ref), np.sqrt(sec), (e_l, e_s)


def true_offsets(lines, samples, field):
    """Offsets d(p) = e(q) where q - e(q) = p (fixed point), at grid points p."""
    p_l, p_s = np.meshgrid(lines.astype(float), samples.astype(float), indexing="ij")
    q_l, q_s = p_l, p_s
    for _ in range(20):
        d_l, d_s = (ndimage.map_coordinates(e, [q_l, q_s], order=1, mode="nearest")
                    for e in field)
        q_l, q_s = p_l + d_l, p_s + d_s
    return d_l, d_s


def rmse(field, truth):
    v = field.valid
    return (float(np.sqrt(np.mean((field.offset_lines - truth[0])[v] ** 2))),
            float(np.sqrt(np.mean((field.offset_samples - truth[1])[v] ** 2))))


def test_peak_fit_is_exact_on_the_weighted_pure_shift_surface():
    # R = exp(-2 pi i f d) weighted: the surface is the Gaussian the fit assumes
    size, sigma = 32, 1.5
    weight = spectral_weight(size, sigma)
    d_lines = np.linspace(-0.5, 0.5, 11) + 1.0
    d_samples = 0.37 - 2.0 * d_lines
    f_l, f_s = np.fft.fftfreq(size)[:, None], np.fft.rfftfreq(size)[None, :]
    phase = np.exp(-2j * np.pi * (f_l * d_lines[:, None, None] + f_s * d_samples[:, None, None]))
    surfaces = np.fft.irfft2(weight * phase, s=(size, size))
    fit_l, fit_s, height = fit_peaks(surfaces, 4, sigma)
    # measured: 4e-4 px (a plain parabola on this peak is biased up to 0.02 px)
    assert np.abs(fit_l - d_lines).max() < 0.002 and np.abs(fit_s - d_samples).max() < 0.002
    assert np.allclose(height / np.fft.irfft2(weight, s=(size, size))[0, 0], 1.0, atol=0.005)


def test_window_pair_with_pure_shift():
    rng = np.random.default_rng(0)
    size, shift = 32, (1.3, -0.6)
    scene = ndimage.gaussian_filter(rng.standard_normal((64, 64)), 1.0)
    f_l, f_s = np.fft.fftfreq(64)[:, None], np.fft.fftfreq(64)[None, :]
    ramp = np.exp(-2j * np.pi * (f_l * shift[0] + f_s * shift[1]))
    moved = np.fft.ifft2(np.fft.fft2(scene) * ramp).real
    taper = hann_taper(size)
    ref_w = apodise(scene[None, 16:48, 16:48].astype(np.float32), taper)
    sec_w = apodise(moved[None, 16:48, 16:48].astype(np.float32), taper)
    weight = spectral_weight(size, 1.5)
    d_l, d_s, height = fit_peaks(poc_surfaces(ref_w, sec_w, weight), 8, 1.5)
    # one window: content entering and leaving the taper limits it to a few hundredths
    assert abs(d_l[0] - shift[0]) < 0.1 and abs(d_s[0] - shift[1]) < 0.1
    assert height[0] / np.fft.irfft2(weight, s=(size, size))[0, 0] > 0.7


@pytest.mark.parametrize("shift", [(0.3, -0.45), (-0.25, 0.7), (1.5, -2.2)])
def test_sub_pixel_shift_of_speckled_scene(shift):
    ref, sec = coherent_shift_pair(np.random.default_rng(1), (256, 256), *shift)
    field = match_poc(ref, sec)
    err_l = np.abs(field.offset_lines - shift[0])
    err_s = np.abs(field.offset_samples - shift[1])
    # measured: mean |error| ~0.02 px per axis, confidence ~0.98
    assert err_l.mean() < 0.05 and err_s.mean() < 0.05
    assert np.median(field.confidence) > 0.9
    assert field.valid.mean() > 0.98


def test_smooth_parallax_field_with_independent_speckle():
    ref, sec, e = parallax_pair(np.random.default_rng(5), SHAPE, looks=4)
    field = match_poc(ref, sec)
    truth = true_offsets(field.lines, field.samples, e)
    rmse_l, rmse_s = rmse(field, truth)
    # measured: RMSE ~0.17 px per axis, all points valid
    assert field.valid.mean() > 0.95
    assert rmse_l < 0.25 and rmse_s < 0.25
    assert abs(np.mean((field.offset_samples - truth[1])[field.valid])) < 0.05


def test_coarse_to_fine_recovers_a_shift_beyond_the_window_reach():
    # 20 px + 2 px bump in range: a single 32 px window can see at most 16 px
    ref, sec, e = parallax_pair(np.random.default_rng(6), SHAPE, looks=4, base_samples=20.0)
    options = PocOptions(search_radius_px=24.0)
    assert options.pyramid_levels(SHAPE) == 3
    field = match_poc(ref, sec, options)
    truth = true_offsets(field.lines, field.samples, e)
    rmse_l, rmse_s = rmse(field, truth)
    assert field.valid.mean() > 0.9  # the patch edge columns lose their matched window
    assert rmse_l < 0.3 and rmse_s < 0.3
    single = match_poc(ref, sec, PocOptions(search_radius_px=24.0, levels=1))
    assert single.valid.mean() < 0.2
    wide = match_poc(ref, sec, PocOptions(search_radius_px=24.0, coarse_window_px=64))
    assert wide.valid.mean() > 0.9 and max(rmse(wide, truth)) < 0.3


def test_independent_noise_is_rejected():
    rng = np.random.default_rng(9)
    ref = np.sqrt(reflectivity(rng, SHAPE) * speckle(rng, SHAPE, 4))
    sec = np.sqrt(reflectivity(rng, SHAPE) * speckle(rng, SHAPE, 4))
    field = match_poc(ref, sec)
    # measured: median confidence ~0.27, 97 % rejected
    assert np.median(field.confidence) < 0.35
    assert field.valid.mean() < 0.08


def test_left_right_check_flags_unrelated_content():
    rng = np.random.default_rng(11)
    ref, sec, e = parallax_pair(rng, SHAPE, looks=4)
    block = (slice(128, 256), slice(96, 224))
    sec[block] = np.sqrt(reflectivity(rng, SHAPE) * speckle(rng, SHAPE, 4))[block]
    field = match_poc(ref, sec)
    inner_l = (field.lines >= 128 + 16) & (field.lines < 256 - 16)
    inner_s = (field.samples >= 96 + 16) & (field.samples < 224 - 16)
    inside = inner_l[:, None] & inner_s[None, :]
    far_l = (field.lines < 128 - 32) | (field.lines >= 256 + 32)
    far_s = (field.samples < 96 - 32) | (field.samples >= 224 + 32)
    outside = far_l[:, None] | far_s[None, :]
    assert (field.lr_error_px[inside] > 1.0).mean() > 0.6
    assert field.valid[inside].mean() < 0.1
    assert field.valid[outside].mean() > 0.95


def test_grid_dense_offsets_and_points_follow_the_conventions():
    ref, sec = coherent_shift_pair(np.random.default_rng(2), (128, 160), 0.5, 2.0)
    field = match_poc(ref, sec, PocOptions(step_px=16))
    assert list(field.lines) == list(grid_centres(128, 32, 16)) == list(range(16, 113, 16))
    assert field.offset_lines.shape == (field.lines.size, field.samples.size)
    d_l, d_s = dense_offsets(field, ref.shape)
    assert d_l.shape == ref.shape
    assert np.isnan(d_l[0, 0]) and np.isnan(d_s[-1, -1])  # outside the grid
    assert np.nanmean(d_s) == pytest.approx(2.0, abs=0.05)
    ref_l, ref_s, sec_l, sec_s, conf = matched_points(field)
    assert np.allclose(sec_s - ref_s, 2.0, atol=0.1) and np.all(conf >= 0.4)


def test_no_data_and_amplitude_or_intensity_inputs():
    ref, sec = coherent_shift_pair(np.random.default_rng(3), (128, 128), 0.0, 1.0)
    field = match_poc(ref ** 2, sec ** 2, PocOptions(input_kind="intensity"))
    assert np.median(field.offset_samples) == pytest.approx(1.0, abs=0.05)
    sec[:, :64] = np.nan  # outside the secondary footprint
    field = match_poc(ref, sec)
    assert not field.valid[:, field.samples < 40].any()
    with pytest.raises(ValueError):
        match_poc(ref, sec[:, :100])


def test_runtime_of_a_512_patch():
    rng = np.random.default_rng(4)
    shape = (512, 512)
    ref = np.sqrt(reflectivity(rng, shape) * speckle(rng, shape, 4))
    sec = np.sqrt(reflectivity(rng, shape) * speckle(rng, shape, 4))
    start = time.perf_counter()
    field = match_poc(ref, sec)  # forward, backward and left-right check
    elapsed = time.perf_counter() - start
    assert field.confidence.shape == (61, 61)
    assert elapsed < 5.0  # measured ~0.5 s on one loaded core
