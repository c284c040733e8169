"""Randomised radiometry of the contract-v2 training data (training.height.radiometry)."""
import numpy as np

from sar_height.training.height.radiometry import (
    degrade,
    draw_radiometry,
    fixed_radiometry,
    lee_filter,
)


def _clean(shape=(96, 96), seed=0):
    rng = np.random.default_rng(seed)
    sigma0 = 10 ** (rng.normal(-8.0, 2.0, shape) / 10.0)
    sigma0[:4, :4] = np.nan
    return sigma0


def test_noise_free_plain_radiometry_is_sigma0_plus_the_noise_floor_in_db():
    sigma0 = _clean()
    settings = fixed_radiometry(looks=0.0, noise_floor_db=-25.0)
    db = degrade(sigma0, 37.0, settings, np.random.default_rng(1))
    expected = 10 * np.log10(sigma0 + 10 ** -2.5)
    finite = np.isfinite(sigma0)
    np.testing.assert_allclose(db[finite], expected[finite], atol=1e-4)  # float32 dB
    assert np.isnan(db[:4, :4]).all()


def test_speckle_keeps_the_mean_power_and_has_the_variance_of_its_looks():
    flat = np.ones((256, 256))
    for looks in (1.0, 16.0):
        settings = fixed_radiometry(looks=looks, noise_floor_db=-80.0)
        power = 10 ** (degrade(flat, 37.0, settings, np.random.default_rng(2)) / 10.0)
        # Gamma(L, 1/L): mean 1, variance 1/L; 65536 samples give a standard error of the
        # mean of sqrt(1/L / 65536) <= 0.004, so 5 standard errors:
        assert abs(power.mean() - 1.0) < 5 * np.sqrt(1 / looks / power.size)
        assert abs(power.var() * looks - 1.0) < 0.1


def test_lee_filter_smooths_homogeneous_speckle_and_keeps_an_edge():
    rng = np.random.default_rng(3)
    truth = np.where(np.arange(128)[None, :] < 64, 1.0, 10.0) * np.ones((128, 1))
    speckled = truth * rng.gamma(1.0, 1.0, truth.shape)
    filtered = lee_filter(speckled, 5, 1.0)
    assert filtered[:, 10:50].std() < 0.6 * speckled[:, 10:50].std()
    assert filtered[:, 70:120].mean() > 5 * filtered[:, 10:50].mean()


def test_random_draws_always_give_finite_db_where_the_image_is_valid():
    sigma0 = _clean(seed=4)
    rng = np.random.default_rng(5)
    for _ in range(40):
        db = degrade(sigma0, 35.0, draw_radiometry(rng), rng)
        assert np.isfinite(db[np.isfinite(sigma0)]).all()
        assert np.isnan(db[~np.isfinite(sigma0)]).all()


def test_training_draws_never_use_the_held_out_lee_filter():
    rng = np.random.default_rng(6)
    assert all(draw_radiometry(rng).filter != "lee" for _ in range(500))
