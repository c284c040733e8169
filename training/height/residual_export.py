r"""Export a contract-v2 height checkpoint to ONNX and verify it against torch.

    .venv/bin/python -m sar_height.training.height.residual_export \
        --checkpoint runs/v2_ask_unet_reconstructed.pt --out resources/models/NAME.onnx

The checkpoint's metadata (training.height.residual_train.contract_metadata, with the
uncertainty scale set by calibration, and ``version`` MODEL_VERSION unless it has one) is
checked with the plugin's own validator (core.inference.residual_contract.validate_metadata)
and stored in the file. onnxruntime and torch are compared on contract-like inputs (SAR channel
~ N(0, 1), a smooth prior surface, the distance to a few priors); the difference is recorded in
the file's export record.
"""
import numpy as np
import torch

from sar_height.core.inference.residual_contract import (
    CHANNELS,
    DISTANCE_CLIP,
    DISTANCE_UNIT_PX,
    INPUT_NAME,
    OUTPUT_NAME,
    validate_metadata,
)

from ..common.checkpoints import load_checkpoint as load_checked
from ..common.onnx_export import (
    ExportError,
    export_command,
    torch_onnx_export,
    validated,
    weights_sha256,
    write_verified_onnx,
)
from .networks import build_network

OPSET = 17
MODEL_VERSION = "2.0.0"  # the model's version in the metadata (the log names it), unless it has one
VERIFY_SHAPES = ((1, len(CHANNELS), 64, 96), (2, len(CHANNELS), 128, 128))
TOLERANCE = 1e-3  # max abs difference accepted, in pixel spacings (2 cm at 20 m) / log units
DYNAMIC_AXES = {INPUT_NAME: {0: "N", 2: "H", 3: "W"}, OUTPUT_NAME: {0: "N", 2: "H", 3: "W"}}


def contract_like_input(shape, generator):
    """Return a random [N, 3, H, W] batch shaped like contract-v2 inputs."""
    from scipy.ndimage import distance_transform_edt

    n, _, rows, cols = shape
    sar = torch.randn(n, 1, rows, cols, generator=generator)
    ramp = torch.linspace(-1.0, 1.0, cols).expand(n, 1, rows, cols)
    surface = ramp * torch.rand(n, 1, 1, 1, generator=generator) * 4.0
    mask = torch.rand(n, rows, cols, generator=generator) < 0.002
    mask[:, rows // 2, cols // 2] = True
    distance = np.stack([distance_transform_edt(~m.numpy()) for m in mask])
    distance = np.clip(distance / DISTANCE_UNIT_PX, 0.0, DISTANCE_CLIP).astype(np.float32)
    return torch.cat([sar, surface, torch.from_numpy(distance[:, None])], dim=1)


def _max_abs_diff(module, path, shapes, seed):
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    generator = torch.Generator().manual_seed(seed)
    worst = 0.0
    for shape in shapes:
        x = contract_like_input(shape, generator)
        with torch.no_grad():
            expected = module(x).numpy()
        got = session.run([OUTPUT_NAME], {INPUT_NAME: x.numpy()})[0]
        if got.shape != expected.shape or not np.all(np.isfinite(got)):
            raise ExportError(f"ONNX output {got.shape} (finite: {bool(np.isfinite(got).all())})"
                              f" does not match torch {expected.shape} for input {shape}.")
        worst = max(worst, float(np.max(np.abs(got - expected))))
    return worst


def export_onnx(checkpoint, out_path, seed=0):
    """Export a v2 checkpoint (dict or path) to ``out_path``; return the max abs difference."""
    checkpoint = load_checked(checkpoint, ("kind", "state_dict", "metadata"))
    network = build_network(checkpoint["kind"], int(checkpoint.get("base_width", 16)),
                            in_channels=len(CHANNELS), out_channels=2)
    network.load_state_dict(checkpoint["state_dict"])
    network = network.eval()
    meta = dict(checkpoint["metadata"], stride=network.stride,
                weights_sha256=weights_sha256(network.state_dict()))
    meta.setdefault("version", MODEL_VERSION)
    low, high = meta["pixel_spacing_range_m"]
    meta.setdefault("pixel_spacing_m", round(float(np.sqrt(low * high)), 2))  # for the warnings
    return export_module(network, meta, out_path, seed=seed)


def export_module(module, metadata, out_path, verify_shapes=VERIFY_SHAPES, seed=0):
    """Export ``module`` (set to eval) with contract-v2 ``metadata`` to ``out_path``, verified.

    Returns the max abs difference of onnxruntime against torch on contract-like inputs.
    """
    module = module.eval()
    meta = validated(dict(metadata), validate_metadata)
    sample = torch.zeros(*verify_shapes[0])
    return write_verified_onnx(
        out_path,
        lambda path: torch_onnx_export(module, (sample,), path, ([INPUT_NAME], [OUTPUT_NAME]),
                                       DYNAMIC_AXES, OPSET, dynamo_opset=18),
        lambda path: _max_abs_diff(module, path, verify_shapes, seed), meta, verify_shapes,
        f"SAR Height height model ({meta['model_type']}, contract 2: residual and uncertainty)")


def main(argv=None):
    """Run the export command line; return the exit status (0, 1 over tolerance, 2 failed)."""
    return export_command(
        argv, __doc__.splitlines()[0], export_onnx, TOLERANCE,
        "max abs difference onnxruntime vs torch accepted",
        lambda diff: (f"onnxruntime vs torch max abs diff {diff:.3g}", diff, "output"))


if __name__ == "__main__":
    raise SystemExit(main())
