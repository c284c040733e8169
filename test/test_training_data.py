"""Height-model data (training.height.data, training.regions): a tiny scene from a real DEM.

One 128 x 128 scene at 30 m over the Dévoluy crop (training/dems/devoluy.tif, steep SRTM
terrain) under a 30° descending track; generated once per module (about a second) and once
more for the determinism check. No torch needed.
"""
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sar_height.training.height.data import (
    DISTANCE_SCALE_M,
    HEIGHT_SCALE_M,
    GenerationConfig,
    PatchSet,
    SceneParams,
    coarse_on_fine,
    contract_constants,
    cut_patches,
    distance_to_priors,
    draw_scene_params,
    generate_scene,
    load_scenes,
    region_grid,
    sample_priors,
    save_scenes,
)
from sar_height.training.regions import (
    DEM_DIR,
    EVALUATION,
    REGIONS,
    TRAINING,
    VALIDATION,
    check_split,
    region,
    regions,
    sha256,
)

ROOT = Path(__file__).resolve().parents[1]

CFG = GenerationConfig(scene_size=128, margin=8, patch=64, patch_stride=32)
DENSITY = 0.002  # 0.2 %: ~33 priors in the tiny scene (the default 0.05 % would give ~8)


def _params(seed=11, heading=190.0, incidence=30.0):
    grid = region_grid(region("devoluy").path)
    return SceneParams(region="devoluy", index=0, spacing_m=30.0, incidence_deg=incidence,
                       heading_deg=heading, looks=4.0, texture=0.3,
                       texture_correlation_cells=2.0, prior_density=DENSITY,
                       noise_floor_db=-25.0, seed=seed, rows=128, cols=128,
                       center_x=(grid.x_min + grid.x_max) / 2 + 1500.0,
                       center_y=(grid.y_min + grid.y_max) / 2)


@pytest.fixture(scope="module")
def scene():
    return generate_scene(region("devoluy").path, _params(), CFG)


def test_scene_arrays_shapes_and_units(scene):
    for name in ("truth", "coarse", "sar_db_reconstructed", "sar_db_geocoded", "distance_m"):
        array = getattr(scene, name)
        assert array.shape == (128, 128), name
        assert array.dtype == np.float32, name
    assert scene.layover_mask.shape == (128, 128) and scene.layover_mask.dtype == np.uint8
    # heights in metres, Dévoluy SRTM range, void-free; coarse DEM close but not equal
    assert np.isfinite(scene.truth).all()
    assert 400 < np.nanmin(scene.truth) and np.nanmax(scene.truth) < 2800
    diff = np.abs(scene.truth - scene.coarse)
    assert 0 < np.nanmean(diff) < 30
    # sigma0-like dB: a Muhleman law gives about -15 dB on flat ground at 30-45 degrees
    for kind in ("reconstructed", "geocoded"):
        db = scene.sar_db(kind)
        assert np.isfinite(db).mean() > 0.8
        assert -25 < np.nanmedian(db) < 0
    # priors: heights from the coarse DEM, at the requested density
    assert np.array_equal(scene.prior_heights, scene.coarse[scene.prior_rows, scene.prior_cols])
    expected = DENSITY * scene.truth.size
    assert 0.6 * expected < len(scene.prior_heights) < 1.4 * expected


def test_distance_map_matches_brute_force(scene):
    rr, cc = np.mgrid[0:128, 0:128]
    d2 = ((rr[..., None] - scene.prior_rows) ** 2 + (cc[..., None] - scene.prior_cols) ** 2)
    brute = np.sqrt(d2.min(axis=-1)) * scene.spacing_m
    np.testing.assert_allclose(scene.distance_m, brute, rtol=1e-5, atol=1e-3)
    assert (scene.distance_m[scene.prior_rows, scene.prior_cols] == 0).all()


def test_reconstructed_and_geocoded_differ_in_layover(scene):
    layover = np.isin(scene.layover_mask, (1, 3))
    clear = scene.layover_mask == 0
    assert layover.sum() > 100, "the test scene must contain layover"
    both = np.isfinite(scene.sar_db_reconstructed) & np.isfinite(scene.sar_db_geocoded)
    d = scene.sar_db_geocoded - scene.sar_db_reconstructed
    # geocoding copies a folded pixel's whole energy into every cell: brighter in layover
    assert np.mean(d[layover & both]) > 2.0
    assert abs(np.median(d[clear & both])) < 1.0
    assert np.mean(np.abs(d[layover & both])) > 2 * np.mean(np.abs(d[clear & both]))


def test_deterministic_with_seed(scene):
    again = generate_scene(region("devoluy").path, _params(), CFG)
    for name in ("truth", "sar_db_reconstructed", "sar_db_geocoded", "prior_rows",
                 "prior_heights", "distance_m"):
        np.testing.assert_array_equal(getattr(again, name), getattr(scene, name))
    r = region("vercors")
    assert draw_scene_params(r, CFG, 3) == draw_scene_params(r, CFG, 3)
    assert draw_scene_params(r, CFG, 3) != draw_scene_params(r, CFG, 4)
    assert draw_scene_params(r, CFG, 3) != draw_scene_params(r, replace(CFG, seed=1), 3)


def test_drawn_parameters_in_range():
    cfg = GenerationConfig()
    for i in range(20):
        p = draw_scene_params(region("alps_oetztal"), cfg, i)
        assert 10 <= p.spacing_m <= 30 and 29 <= p.incidence_deg <= 46
        assert 1 <= p.looks <= 5 and 0 <= p.texture <= 0.6
        assert 0.0002 <= p.prior_density <= 0.001
        assert p.rows % 16 == 0 and p.cols % 16 == 0 and p.rows >= cfg.patch
        assert p.orbit_pass in ("ascending", "descending")


def test_priors_stratified_and_valid():
    rng = np.random.default_rng(0)
    valid = np.ones((400, 400), dtype=bool)
    valid[:, :50] = False
    r, c = sample_priors(valid, 0.0005, rng)
    assert valid[r, c].all()
    assert abs(len(r) - 0.0005 * valid.sum()) < 0.25 * 0.0005 * valid.sum()
    # every 128 x 128 window of the valid part holds some priors
    for r0 in range(0, 272, 64):
        for c0 in range(50, 272, 64):
            inside = (r >= r0) & (r < r0 + 128) & (c >= c0) & (c < c0 + 128)
            assert inside.sum() >= 3


def test_coarse_on_fine_is_bilinear_of_block_means():
    fine = np.add.outer(np.arange(30.0), 2 * np.arange(33.0))  # a plane
    np.testing.assert_allclose(coarse_on_fine(fine, 3)[3:-3, 3:-3], fine[3:-3, 3:-3])


def test_patch_inputs_are_the_inference_contract(scene):
    """PatchSet's ch0-ch3 and target are those of core.inference.contract.

    PatchSet builds them with core.inference.contract over the whole scene; check them against the
    contract's definitions directly.
    """
    mean, std = -12.0, 5.0
    ps = PatchSet([scene], "geocoded", mean, std, 64, 32, normalise_look=False)
    p = ps.patches[4]
    x, y = ps.item(4)
    win = (slice(p.row, p.row + 64), slice(p.col, p.col + 64))
    sar = scene.sar_db_geocoded[win]
    np.testing.assert_allclose(x[0], np.where(np.isfinite(sar), (sar - mean) / std, 0),
                               atol=1e-5)
    inside = (scene.prior_rows >= p.row) & (scene.prior_rows < p.row + 64) & (
        scene.prior_cols >= p.col) & (scene.prior_cols < p.col + 64)
    assert inside.any()
    reference = float(np.mean(scene.prior_heights[inside], dtype=np.float64))
    prior = scene.prior_map()[win]
    np.testing.assert_allclose(x[1], np.where(np.isfinite(prior), (prior - reference) / 1000,
                                              0), atol=1e-5)
    np.testing.assert_allclose(x[2], np.clip(scene.distance_m[win] / DISTANCE_SCALE_M, 0, 5),
                               atol=1e-5)
    np.testing.assert_array_equal(x[3], np.isfinite(prior))
    np.testing.assert_allclose(y[0] * HEIGHT_SCALE_M + reference, scene.truth[win], atol=1e-2)
    assert contract_constants(mean, std)["height_scale_m"] == HEIGHT_SCALE_M == 1000.0


def test_west_looking_patches_are_mirrored(scene):
    assert not scene.params.looks_east  # heading 190, right-looking: looks west
    plain = PatchSet([scene], "reconstructed", -12.0, 5.0, 64, 32, normalise_look=False)
    east = PatchSet([scene], "reconstructed", -12.0, 5.0, 64, 32)
    x0, y0 = plain.item(2)
    x1, y1 = east.item(2)
    np.testing.assert_array_equal(x1, x0[:, :, ::-1])
    np.testing.assert_array_equal(y1, y0[:, :, ::-1])


def test_resampled_priors_follow_the_density(scene):
    ps = PatchSet([scene], "reconstructed", -12.0, 5.0, 64, 32, normalise_look=False)
    rng = np.random.default_rng(5)
    x, y = ps.item(0, density=0.02, rng=rng)
    count = x[3].sum()
    assert 0.5 * 0.02 * 64 * 64 < count < 1.5 * 0.02 * 64 * 64
    assert np.isfinite(y).all()


def test_patches_and_cache_roundtrip(scene, tmp_path):
    patches = cut_patches([scene], 64, 32)
    assert len(patches) == 9  # origins 0, 32, 64 on both axes
    path = tmp_path / "scenes.npz"
    save_scenes(path, [scene])
    (loaded,) = load_scenes(path)
    assert loaded.params == scene.params
    np.testing.assert_array_equal(loaded.sar_db_geocoded, scene.sar_db_geocoded)
    ps = PatchSet([loaded], "reconstructed", -12.0, 5.0, 64, 32, normalise_look=False)
    x, y = ps.batch([0, 4], flips=[False, True])
    assert x.shape == (2, 4, 64, 64) and y.shape == (2, 1, 64, 64)
    x0, y0 = ps.item(4)
    np.testing.assert_array_equal(x[1], x0[:, ::-1])
    np.testing.assert_array_equal(y[1], y0[:, ::-1])


def test_region_split_has_no_overlap():
    assert check_split()
    train = {r.path.resolve() for r in regions(TRAINING)}
    val = {r.path.resolve() for r in regions(VALIDATION)}
    evaluation = {r.path.resolve() for r in regions(EVALUATION)}
    assert not (train & evaluation) and not (val & evaluation) and not (train & val)
    assert len(evaluation) >= 3
    assert all("test/data/dem" in str(p) for p in evaluation)
    for r in REGIONS:
        assert r.path.exists(), r.path
    # no evaluation DEM was copied into the training folder under another name
    eval_sums = {sha256(p) for p in evaluation}
    assert not eval_sums & {sha256(p) for p in train | val}
    # the copies stay small and are documented
    copies = sorted(DEM_DIR.glob("*.tif"))
    assert all(p.stat().st_size < 1_000_000 for p in copies)
    assert sum(p.stat().st_size for p in copies) < 5_000_000
    sources = (DEM_DIR / "SOURCES.md").read_text()
    for p in copies:
        assert sha256(p) in sources, p.name


def test_distance_without_priors_is_infinite():
    assert np.isinf(distance_to_priors((4, 4), np.array([], int), np.array([], int), 10.0)).all()
