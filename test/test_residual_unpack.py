"""training.height.residual_unpack: a model checkpoint from a training state, without the data.

The states are written here as residual_train writes them (Run.pack_state: current weights
float32, best weights float16; Run.save_state: both float32 plus the optimiser), from a network
with random weights, so no scene is generated. The checkpoint must carry the best (or, with
``--last``, the current) weights as float32, the training record of the state, and metadata
the exporter accepts.
"""
from dataclasses import asdict

import numpy as np
import pytest

torch = pytest.importorskip("torch")


def _state(path, packed):
    """Write a residual_train state (packed or whole) of a random v2 network; return it."""
    from sar_height.core.inference.residual_contract import CHANNELS, OUTPUTS
    from sar_height.training.height.networks import build_network
    from sar_height.training.height.residual_train import ResidualTrainConfig

    torch.manual_seed(0)
    cfg = ResidualTrainConfig(kind="unet", base_width=8, regions=["devoluy", "vercors"])
    current = build_network(cfg.kind, cfg.base_width, in_channels=len(CHANNELS),
                            out_channels=len(OUTPUTS)).state_dict()
    best = {k: v + 0.5 if v.is_floating_point() else v for k, v in current.items()}
    if packed:
        best = {k: v.half() if v.is_floating_point() else v for k, v in best.items()}
    history = [{"step": 10, "seconds": 5.0, "loss": 1.0, "score": 0.95,
                "scattered_0.05%": [70.0, 77.0], "coarse_dem_3x": [0.95, 0.98]}]
    state = {"config": asdict(cfg), "model": current, "step": 12, "seconds": 6.5,
             "history": history, "rng": np.random.default_rng(1).bit_generator.state,
             "torch_rng": torch.get_rng_state(),
             "best": {"error": 0.95, "state": best, "step": 10,
                      "extra": {"scattered_0.05%": (70.0, 77.0)}}}
    if not packed:
        state["optimiser"] = {"state": {}, "param_groups": []}
    torch.save(state, path)
    return state


@pytest.mark.parametrize("packed", [True, False], ids=["packed", "whole"])
def test_best_weights_record_and_exportable_metadata(tmp_path, packed):
    from sar_height.core.inference.residual_contract import validate_metadata
    from sar_height.training.height.residual_unpack import unpack

    state = _state(tmp_path / "run.state.pt", packed)
    rng_before = torch.get_rng_state()
    checkpoint = unpack(tmp_path / "run.state.pt", tmp_path / "model.pt")
    assert torch.equal(torch.get_rng_state(), rng_before)  # the caller's generator untouched
    assert (tmp_path / "model.pt").is_file() and checkpoint["kind"] == "unet"
    assert checkpoint["base_width"] == 8 and checkpoint["contract_version"] == 2
    for key, value in checkpoint["state_dict"].items():
        expected = state["best"]["state"][key]
        if value.is_floating_point():
            assert value.dtype == torch.float32
            torch.testing.assert_close(value, expected.float(), rtol=0, atol=0)
        else:
            assert torch.equal(value, expected)
    meta = validate_metadata(checkpoint["metadata"])
    assert meta["uncertainty_scale"] == 1.0  # calibrated later by residual_evaluate
    record = meta["training"]
    assert (record["steps"], record["best_step"], record["seconds"]) == (12, 10, 6.5)
    assert record["history"] == state["history"] and record["regions"] == ["devoluy", "vercors"]
    assert record["samples"] is None and "see the state" in record["hardware"]
    assert record["config"]["out"] == str(tmp_path / "model.pt")


def test_last_takes_the_current_weights(tmp_path):
    from sar_height.training.height.residual_unpack import unpack

    state = _state(tmp_path / "p.pack.pt", packed=True)
    checkpoint = unpack(tmp_path / "p.pack.pt", tmp_path / "last.pt", last=True)
    for key, value in checkpoint["state_dict"].items():
        assert torch.equal(value, state["model"][key])
    assert checkpoint["metadata"]["training"]["last_step"] == 12


def test_a_state_without_a_validated_state_is_refused(tmp_path):
    from sar_height.training.height.residual_unpack import unpack

    state = _state(tmp_path / "p.pack.pt", packed=True)
    state["best"]["state"] = None
    torch.save(state, tmp_path / "p.pack.pt")
    with pytest.raises(ValueError, match="no validated state"):
        unpack(tmp_path / "p.pack.pt", tmp_path / "x.pt")
    assert not (tmp_path / "x.pt").exists()
