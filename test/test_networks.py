"""ASK-UNet, the U-Net baseline and their blocks (training/), and the ONNX export."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

if not all(importlib.util.find_spec(name) for name in ("torch", "onnxruntime", "onnx")):
    pytest.skip("needs torch, onnxruntime and onnx (requirements-dev.txt)", allow_module_level=True)

import onnx
import torch
from tolerances import float32_network_atol

from sar_height.core.inference import CHANNELS, METADATA_KEY, HeightModel, parse_metadata
from sar_height.training.height.blocks import ECA, LSK, AskConv, DoubleConv
from sar_height.training.height.export import ExportError, export_onnx, weights_sha256
from sar_height.training.height.networks import (
    MODEL_TYPES,
    build_network,
    count_parameters,
)

ROOT = Path(__file__).resolve().parents[1]

TRAINING_METADATA = {
    "version": "0.1-test", "input_kind": "reconstructed", "sar_db_mean": -9.5,
    "sar_db_std": 4.5, "tile_size": 256, "overlap": 32, "pixel_spacing_m": 30.0,
    "pixel_spacing_range_m": [20.0, 45.0],
    "training": {"regions": ["synthetic"], "samples": 8, "epochs": 1, "seconds": 1.0,
                 "hardware": "test"},
}
# base_width 16, depth 4 (the default): keep in step with docs/height_model.md
EXPECTED_PARAMETERS = {"unet": 838_929, "ask_unet": 945_090}


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


@pytest.mark.parametrize("kind", MODEL_TYPES)
@pytest.mark.parametrize("shape", [(1, 4, 16, 16), (2, 4, 32, 48), (1, 4, 64, 96)])
def test_network_shapes(kind, shape):
    net = build_network(kind, base_width=4).eval()
    with torch.no_grad():
        out = net(torch.randn(*shape))
    assert out.shape == (shape[0], 1) + shape[2:]
    assert torch.isfinite(out).all()
    assert net.stride == 16 and net.kind == kind


@pytest.mark.parametrize("kind", MODEL_TYPES)
def test_parameter_counts(kind, record_property):
    net = build_network(kind)  # base_width 16
    count = count_parameters(net)
    record_property("parameters", count)
    assert count == EXPECTED_PARAMETERS[kind]
    assert count <= 2_000_000
    assert count_parameters(build_network(kind, 8)) < count < count_parameters(
        build_network(kind, 32))


def test_baseline_is_the_same_unet_without_attention():
    ask, plain = build_network("ask_unet"), build_network("unet")
    ask_names = {name for name, _ in ask.named_parameters()}
    plain_names = {name for name, _ in plain.named_parameters()}
    # the baseline's parameters are ASK-UNet's DoubleConv ones ("...conv.body" there)
    assert {name.replace(".conv.body.", ".body.") for name in ask_names
            if ".lsk." not in name and ".eca." not in name} == plain_names
    assert any(".lsk." in name for name in ask_names) and any(".eca." in name
                                                              for name in ask_names)
    with pytest.raises(ValueError, match="Unknown network kind"):
        build_network("resnet")


def test_lsk_and_eca_blocks():
    x = torch.randn(2, 8, 24, 40)
    lsk, eca = LSK(8), ECA()
    assert lsk(x).shape == x.shape and eca(x).shape == x.shape
    assert eca.conv.bias is None and eca.conv.kernel_size == (3,)
    assert isinstance(eca.conv, torch.nn.Conv1d)
    assert lsk.local.groups == 8 and lsk.wide.groups == 8 and lsk.wide.dilation == (3, 3)
    assert lsk.project_local.out_channels == 4 and lsk.restore.out_channels == 8
    assert lsk.select.in_channels == 2 and lsk.select.out_channels == 2
    # receptive field of the two depth-wise convolutions in sequence: 5 + 6 * 3 = 23
    impulse = torch.zeros(1, 8, 41, 41)
    impulse[..., 20, 20] = 1.0
    with torch.no_grad():
        torch.nn.init.constant_(lsk.local.weight, 1.0)
        torch.nn.init.constant_(lsk.wide.weight, 1.0)
        torch.nn.init.zeros_(lsk.local.bias)
        torch.nn.init.zeros_(lsk.wide.bias)
        response = lsk.wide(lsk.local(impulse))[0, 0]
    rows = torch.nonzero(response.abs().sum(1)).flatten()
    assert int(rows.max() - rows.min() + 1) == 23
    with pytest.raises(ValueError):
        LSK(7)
    # ECA only rescales channels: one positive factor per channel
    scaled = eca(x)
    ratio = scaled / x
    assert torch.allclose(ratio, ratio[..., :1, :1].expand_as(ratio), atol=1e-5)
    assert (ratio > 0).all() and (ratio < 1).all()
    block = AskConv(4, 8)
    assert block(torch.randn(1, 4, 16, 16)).shape == (1, 8, 16, 16)
    assert DoubleConv(4, 8)(torch.randn(1, 4, 16, 16)).shape == (1, 8, 16, 16)


@pytest.mark.parametrize("kind", MODEL_TYPES)
def test_onnx_export_parity_and_metadata(kind, tmp_path, record_property):
    net = build_network(kind)  # the real size: base_width 16
    for module in net.modules():  # non-trivial batch-norm statistics, as after training
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    path = tmp_path / f"{kind}.onnx"
    checkpoint = {"kind": kind, "base_width": 16, "state_dict": net.state_dict(),
                  "metadata": TRAINING_METADATA}
    diff = export_onnx(checkpoint, path)
    record_property("max_abs_diff", diff)
    assert diff < float32_network_atol(1.0)  # test/tolerances.py: float32, two back ends
    proto = onnx.load(str(path))
    assert proto.opset_import[0].version >= 17
    props = {p.key: p.value for p in proto.metadata_props}
    assert list(props) == [METADATA_KEY]
    meta = parse_metadata(props)
    assert meta["model_type"] == kind and meta["contract"] == 1
    assert meta["channels"] == list(CHANNELS) and meta["stride"] == 16
    assert meta["weights_sha256"] == weights_sha256(net.state_dict())
    assert meta["export"]["max_abs_diff"] == diff
    assert meta["sar_db_mean"] == -9.5 and meta["height_scale_m"] == 1000.0
    assert meta["training"]["regions"] == ["synthetic"]
    dims = [d.dim_param or d.dim_value for d in proto.graph.input[0].type.tensor_type.shape.dim]
    assert dims == ["N", 4, "H", "W"]
    # dynamic axes: a third size runs and matches torch
    model = HeightModel(path)
    x = np.random.default_rng(0).normal(size=(3, 4, 48, 80)).astype(np.float32)
    with torch.no_grad():
        expected = net.eval()(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(model.run(x), expected, atol=float32_network_atol(expected))
    assert not list(tmp_path.glob(".*partial"))


def test_export_refuses_incomplete_metadata(tmp_path):
    net = build_network("unet", 4)
    meta = dict(TRAINING_METADATA)
    del meta["sar_db_std"]
    with pytest.raises(ExportError, match="sar_db_std"):
        export_onnx({"kind": "unet", "base_width": 4, "state_dict": net.state_dict(),
                     "metadata": meta}, tmp_path / "x.onnx")
    with pytest.raises(ExportError, match="metadata"):
        export_onnx({"kind": "unet", "state_dict": net.state_dict()}, tmp_path / "x.onnx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_export_command_line(tmp_path):
    net = build_network("unet", 4)
    checkpoint = tmp_path / "unet.pt"
    torch.save({"kind": "unet", "base_width": 4, "state_dict": net.state_dict(),
                "metadata": TRAINING_METADATA}, checkpoint)
    out = tmp_path / "models" / "unet_test.onnx"
    result = subprocess.run(
        [sys.executable, "-m", "sar_height.training.height.export", "--checkpoint", str(checkpoint),
         "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "max abs diff" in result.stdout
    meta = json.loads({p.key: p.value for p in onnx.load(str(out)).metadata_props}[
        METADATA_KEY])
    assert meta["model_type"] == "unet" and meta["tile_size"] == 256
