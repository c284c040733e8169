"""Height-model training end to end on a tiny data set.

Covers training.height.train and training.height.ablation.

One 128 x 128 scene of the Dévoluy DEM (as in test_training_data.py), 64 x 64 patches, a
narrow network (base width 4) trained for 20 steps: the loss goes down, the checkpoint holds
model contract v1, reloads to the same outputs, and the tiled whole-scene inference of the
ablation runs.
Uses training.height.networks when present, else a throwaway stand-in network (below).
"""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

if not all(importlib.util.find_spec(name) for name in ("torch",)):
    pytest.skip("needs torch (requirements-dev.txt)", allow_module_level=True)

import torch

from sar_height.training.height.ablation import TorchHeightModel, predict_scene
from sar_height.training.height.data import (
    CHANNELS,
    GenerationConfig,
    PatchSet,
    SceneParams,
    generate_scene,
    interpolate_priors,
    region_grid,
    sar_statistics,
)
from sar_height.training.height.train import (
    TrainConfig,
    height_loss,
    save_checkpoint,
    train_model,
)
from sar_height.training.regions import region

ROOT = Path(__file__).resolve().parents[1]

CFG = GenerationConfig(scene_size=128, margin=8, patch=64, patch_stride=32)


def _params():
    grid = region_grid(region("devoluy").path)
    return SceneParams(region="devoluy", index=0, spacing_m=30.0, incidence_deg=30.0,
                       heading_deg=190.0, looks=4.0, texture=0.3,
                       texture_correlation_cells=2.0, prior_density=0.002,
                       noise_floor_db=-25.0, seed=11, rows=128, cols=128,
                       center_x=(grid.x_min + grid.x_max) / 2 + 1500.0,
                       center_y=(grid.y_min + grid.y_max) / 2)


class _StandIn(torch.nn.Module):
    """Throwaway network with the contract's shapes (only used without training.height.networks)."""

    def __init__(self, width):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Conv2d(4, width, 3, padding=1), torch.nn.ReLU(),
            torch.nn.Conv2d(width, width, 3, padding=2, dilation=2), torch.nn.ReLU(),
            torch.nn.Conv2d(width, 1, 1))

    def forward(self, x):
        return self.net(x)


def build(kind, base_width):
    try:
        from sar_height.training.height.networks import build_network
    except ImportError:
        return _StandIn(base_width)
    return build_network(kind, base_width=base_width)


@pytest.fixture(scope="module")
def data():
    scene = generate_scene(region("devoluy").path, _params(), CFG)
    mean, std = sar_statistics([scene], "reconstructed")
    train = PatchSet([scene], "reconstructed", mean, std, 64, 32)
    return scene, train, (mean, std)


def _cfg(tmp_path, kind="unet"):
    return TrainConfig(kind=kind, input_kind="reconstructed", out=str(tmp_path / "m.pt"),
                       steps=20, base_width=4, patch=64, batch=4, lr=5e-3, seed=3,
                       validations=1, threads=1, data=GenerationConfig(scene_size=128, patch=64))


def _full_loss(model, patches):
    model.eval()
    with torch.no_grad():
        x, y = patches.batch(range(len(patches)))
        return float(height_loss(model(torch.from_numpy(x)), torch.from_numpy(y)))


@pytest.mark.parametrize("kind", ["unet", "ask_unet"])
def test_training_reduces_loss_and_saves_contract(data, tmp_path, kind):
    scene, train, stats = data
    cfg = _cfg(tmp_path, kind)
    torch.manual_seed(cfg.seed)
    before = _full_loss(build(kind, cfg.base_width), train)
    model, summary = train_model(cfg, train, train, stats, build, log=lambda *_: None)
    after = _full_loss(model, train)
    assert after < 0.8 * before, (before, after)
    assert summary["steps"] == 20 and summary["samples"] == len(train) == 9

    checkpoint = save_checkpoint(cfg.out, model, cfg, stats, summary)
    loaded = torch.load(cfg.out, map_location="cpu", weights_only=False)
    assert set(loaded) == {"kind", "base_width", "state_dict", "metadata"}
    assert loaded["kind"] == kind and loaded["base_width"] == 4
    meta = loaded["metadata"]
    assert meta["format"] == "sar_height_height_model" and meta["contract"] == 1
    assert meta["model_type"] == kind and meta["input_kind"] == "reconstructed"
    assert meta["channels"] == CHANNELS == ["sar_db", "prior_height", "prior_distance",
                                            "prior_mask"]
    assert meta["sar_db_mean"] == pytest.approx(stats[0])
    assert meta["sar_db_std"] == pytest.approx(stats[1])
    assert (meta["height_scale_m"], meta["distance_scale_m"]) == (1000.0, 2000.0)
    assert (meta["stride"], meta["tile_size"], meta["overlap"]) == (16, 128, 32)
    assert meta["pixel_spacing_range_m"] == [10.0, 30.0] and 10 <= meta["pixel_spacing_m"] <= 30
    for key in ("regions", "samples", "epochs", "seconds", "hardware"):
        assert key in meta["training"], key
    assert meta["training"]["regions"] == ["devoluy"]
    assert "torch threads 1" in meta["training"]["hardware"]
    assert isinstance(meta["version"], str)
    import json

    json.dumps(meta)  # JSON-able, for the ONNX metadata
    again = build(kind, 4)
    again.load_state_dict(loaded["state_dict"])
    again.eval()
    model.eval()
    x, _ = train.batch([0, 1])
    with torch.no_grad():
        np.testing.assert_allclose(again(torch.from_numpy(x)).numpy(),
                                   model(torch.from_numpy(x)).numpy(), atol=1e-6)
    assert checkpoint["metadata"] == meta


def test_scene_inference_and_prior_interpolation(data):
    scene, _, stats = data

    class Zero(torch.nn.Module):  # predicts the reference height everywhere
        def forward(self, x):
            return torch.zeros_like(x[:, :1])

    meta = {"sar_db_mean": stats[0], "sar_db_std": stats[1], "height_scale_m": 1000.0,
            "distance_scale_m": 2000.0, "stride": 16, "tile_size": 64, "overlap": 16,
            "look_direction": "east"}
    heights = predict_scene(TorchHeightModel(Zero(), meta), scene, "reconstructed")
    assert heights.shape == scene.shape
    sar_ok = np.isfinite(scene.sar_db_reconstructed)
    assert np.isfinite(heights[sar_ok]).all() and np.isnan(heights[~sar_ok]).all()
    lo, hi = scene.prior_heights.min(), scene.prior_heights.max()
    assert lo - 1e-3 <= np.nanmin(heights) and np.nanmax(heights) <= hi + 1e-3
    interp = interpolate_priors(scene)
    assert np.isfinite(interp).all()
    np.testing.assert_allclose(interp[scene.prior_rows, scene.prior_cols],
                               scene.prior_heights, atol=1e-3)
