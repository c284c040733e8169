"""Contract-v2 training: samples, the loss, and a run that stops and resumes exactly."""
import numpy as np
import pytest
import torch

from sar_height.core.inference.residual_contract import CHANNELS
from sar_height.training.height.loss import residual_loss
from sar_height.training.height.residual_data import CleanConfig, clean_scenes_for
from sar_height.training.height.residual_patches import PriorDraw, ResidualSamples
from sar_height.training.height.residual_train import ResidualTrainConfig, Run

pytestmark = pytest.mark.slow
TINY = CleanConfig(scene_size=160, scenes_per_region=1)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("clean_scenes")


@pytest.fixture(scope="module")
def samples(cache):
    scenes = clean_scenes_for("training", TINY, ["devoluy"], 1, cache, log=lambda m: None)
    return ResidualSamples(scenes, "reconstructed", patch=128, stride=32)


def test_samples_have_the_contract_shape_and_the_coarse_dem_mode_is_close_to_the_truth(samples):
    rng = np.random.default_rng(0)
    x, y = samples.item(0, rng, PriorDraw(lattice=True))
    assert x.shape == (len(CHANNELS), 128, 128) and y.shape == (1, 128, 128)
    assert np.isfinite(x).all()
    sparse = samples.item(0, rng, PriorDraw(lattice=False, density=0.0005))[1]
    # a 3x coarser DEM misses far less of the terrain than a few scattered points
    assert np.sqrt(np.nanmean(y ** 2)) < 0.5 * np.sqrt(np.nanmean(sparse ** 2))
    assert x[2].max() < sparse.size  # distance channel is bounded


def test_the_loss_falls_when_the_residual_is_right_and_sigma_fits_the_error():
    target = torch.randn(2, 1, 32, 32)
    good = torch.cat([target + 0.01, torch.full_like(target, np.log(0.01))], dim=1)
    bad = torch.cat([target + 1.0, torch.full_like(target, np.log(0.01))], dim=1)
    assert residual_loss(good, target) < residual_loss(bad, target)
    honest = torch.cat([target + 1.0, torch.zeros_like(target)], dim=1)  # sigma 1 = the error
    assert residual_loss(honest, target) < residual_loss(bad, target)


def _config(out, steps, cache):
    return ResidualTrainConfig(out=str(out), steps=steps, batch=2, base_width=8, validations=1,
                               max_validation_windows=2, checkpoint_every=2, threads=1,
                               workers=1, regions=["devoluy"], cache_dir=str(cache), data=TINY,
                               memory_format="contiguous")


def test_a_stopped_run_resumes_to_the_same_weights_as_an_uninterrupted_one(tmp_path, cache):
    quiet = lambda message: None  # noqa: E731
    straight = Run(_config(tmp_path / "a.pt", 4, cache), quiet)
    straight.run()
    first = Run(_config(tmp_path / "b.pt", 4, cache), quiet)
    first.run(until=2)  # stopped half way, its state saved at step 2
    resumed = Run(_config(tmp_path / "b.pt", 4, cache), quiet)
    resumed.load_state()
    assert resumed.step == 2
    resumed.run()
    for key, value in straight.model.state_dict().items():
        # same ops in the same order on one thread: equal up to float32 rounding
        torch.testing.assert_close(resumed.model.state_dict()[key], value, rtol=1e-5, atol=1e-6)
    checkpoint = resumed.save_model()
    assert checkpoint["metadata"]["contract"] == 2
    assert checkpoint["metadata"]["training"]["steps"] == 4


def test_a_packed_state_is_smaller_and_continues_from_the_same_weights_and_step(tmp_path, cache):
    quiet = lambda message: None  # noqa: E731
    first = Run(_config(tmp_path / "p.pt", 4, cache), quiet)
    first.run(until=2)
    first.pack_state(tmp_path / "p.pack.pt")
    assert (tmp_path / "p.pack.pt").stat().st_size < 0.6 * first.state_path.stat().st_size
    resumed = Run(_config(tmp_path / "q.pt", 4, cache), quiet)
    resumed.load_pack(tmp_path / "p.pack.pt")
    assert resumed.step == 2 and resumed.best.step == first.best.step
    for key, value in first.model.state_dict().items():
        torch.testing.assert_close(resumed.model.state_dict()[key], value, rtol=0, atol=0)
    resumed.run()  # fresh optimiser moments, re-warmed learning rate: it still trains
    assert resumed.step == 4
    assert all(torch.isfinite(v).all() for v in resumed.model.state_dict().values()
               if v.is_floating_point())


def test_export_gives_an_onnx_model_the_plugin_runs_over_a_raster(tmp_path, cache):
    from sar_height.core.inference.model import ResidualHeightModel
    from sar_height.core.inference.prior_surface import ScatteredPriorSurface
    from sar_height.core.inference.residual_inference import (
        StripReader,
        predict_with_uncertainty,
    )
    from sar_height.training.height.residual_export import export_onnx

    run = Run(_config(tmp_path / "m.pt", 2, cache), lambda message: None)
    run.run()
    run.save_model()
    diff = export_onnx(tmp_path / "m.pt", tmp_path / "m.onnx")
    assert diff < 1e-3  # float32 kernels of two runtimes on the same graph
    model = ResidualHeightModel(tmp_path / "m.onnx")
    assert model.metadata["contract"] == 2 and model.metadata["uncertainty_scale"] == 1.0
    rng = np.random.default_rng(0)
    db = rng.normal(-8, 3, (70, 90)).astype(np.float32)
    surface = ScatteredPriorSurface([5, 60, 30], [5, 10, 80], [1500.0, 1800.0, 1650.0])
    out = {}
    predict_with_uncertainty(model, StripReader(lambda r, n: db[r:r + n], surface, db.shape,
                                                -8.0), 20.0,
                             lambda row0, h, s: out.setdefault(row0, (h, s)))
    heights = np.concatenate([h for _, (h, _) in sorted(out.items())])
    sigma = np.concatenate([s for _, (_, s) in sorted(out.items())])
    assert heights.shape == db.shape and np.isfinite(heights).all()
    assert (sigma > 0).all()
