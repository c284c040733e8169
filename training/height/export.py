"""Export a trained height network to ONNX with the contract-v1 metadata, and verify it.

    .venv/bin/python -m sar_height.training.height.export --checkpoint runs/ask_unet.pt \
        --out resources/models/ask_unet_reconstructed.onnx

Checkpoint: a dict saved with torch.save holding
    "kind"        "ask_unet" or "unet" (training.height.networks.build_network)
    "base_width"  int (default 16); optional "depth" (default 4)
    "state_dict"  the network's state dict
    "metadata"    the contract fields training knows: version, input_kind, sar_db_mean,
                  sar_db_std, tile_size, overlap, pixel_spacing_m, pixel_spacing_range_m,
                  training {regions, samples, epochs, seconds, hardware}; optional
                  height_scale_m (1000), distance_scale_m (2000)
The exporter adds format, contract, channels, model_type (= kind), stride, weights_sha256
and an "export" record (exporter, opset, versions, max_abs_diff), validates the result with
core.inference.validate_metadata, and writes and verifies the file with
training.common.onnx_export (onnxruntime against torch eager on random contract-like inputs of
two sizes). Where a torch version no longer has the TorchScript exporter, the torch.export-based
one (opset 18) is used instead.
"""
import sys

import numpy as np
import torch

from sar_height.core.inference.contract import (
    CHANNELS,
    CONTRACT_VERSION,
    DEFAULT_DISTANCE_SCALE_M,
    DEFAULT_HEIGHT_SCALE_M,
    INPUT_NAME,
    MODEL_FORMAT,
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
VERIFY_SHAPES = ((1, 4, 64, 96), (2, 4, 128, 128))
TOLERANCE = 1e-3  # max abs difference (normalised output units) accepted by the CLI
DYNAMIC_AXES = {INPUT_NAME: {0: "N", 2: "H", 3: "W"}, OUTPUT_NAME: {0: "N", 2: "H", 3: "W"}}


def contract_metadata(kind, stride, training_metadata, sha256):
    """Return the full metadata dict: training's fields plus the fixed contract fields.

    Validated with core.inference.validate_metadata.
    """
    meta = dict(training_metadata or {})
    meta.setdefault("height_scale_m", DEFAULT_HEIGHT_SCALE_M)
    meta.setdefault("distance_scale_m", DEFAULT_DISTANCE_SCALE_M)
    meta.setdefault("training", {})
    meta.update({"format": MODEL_FORMAT, "contract": CONTRACT_VERSION, "model_type": kind,
                 "channels": list(CHANNELS), "stride": int(stride), "weights_sha256": sha256})
    return validated(meta, validate_metadata)


def _torch_export(module, sample, path):
    return torch_onnx_export(module, (sample,), path, ([INPUT_NAME], [OUTPUT_NAME]),
                             DYNAMIC_AXES, OPSET, dynamo_opset=18)


def contract_like_input(shape, generator, pixel_spacing_m=20.0):
    """Return a random input batch [N, 4, H, W] shaped like model contract v1.

    Not dense noise in every channel, which no real raster gives: SAR ~ N(0, 1), priors at
    ~0.5 % of the pixels (and always the centre pixel) with normalised heights ~ N(0, 0.3),
    their mask, and the distance to the nearest prior (``pixel_spacing_m`` pixels, / 2000 m,
    clipped to 5) as the contract defines it.
    """
    from scipy.ndimage import distance_transform_edt

    n, _, rows, cols = shape
    sar = torch.randn(n, 1, rows, cols, generator=generator)
    mask = (torch.rand(n, 1, rows, cols, generator=generator) < 0.005).float()
    mask[:, :, rows // 2, cols // 2] = 1.0  # at least one prior per tile
    heights = 0.3 * torch.randn(n, 1, rows, cols, generator=generator) * mask
    distance = np.stack([distance_transform_edt(m[0].numpy() == 0) for m in mask])
    distance = np.clip(distance * pixel_spacing_m / DEFAULT_DISTANCE_SCALE_M, 0.0, 5.0)
    distance = torch.from_numpy(distance[:, None].astype(np.float32))
    return torch.cat([sar, heights, distance, mask], dim=1)


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
        if got.shape != expected.shape:
            raise ExportError(f"ONNX output {got.shape} differs from torch {expected.shape} "
                              f"for input {shape}.")
        if not (np.all(np.isfinite(expected)) and np.all(np.isfinite(got))):
            raise ExportError(f"Non-finite outputs for a contract-like input {shape} "
                              f"(torch: {int(np.sum(~np.isfinite(expected)))}, onnxruntime: "
                              f"{int(np.sum(~np.isfinite(got)))} values).")
        worst = max(worst, float(np.max(np.abs(got - expected))))
    return worst


def export_module(module, metadata, out_path, verify_shapes=VERIFY_SHAPES, seed=0):
    """Export ``module`` (eval mode is set) to ONNX at ``out_path`` and verify it.

    ``metadata`` becomes the "sar_height" metadata_props entry (stored as given plus an
    "export" record).

    Returns the max abs difference between onnxruntime and torch eager over random
    contract-like inputs of ``verify_shapes`` (ExportError when an output is not finite).
    The file is written under a temporary name and renamed at the end.
    """
    module = module.eval()
    sample = torch.zeros(*verify_shapes[0])
    return write_verified_onnx(
        out_path, lambda path: _torch_export(module, sample, path),
        lambda path: _max_abs_diff(module, path, verify_shapes, seed), metadata, verify_shapes,
        f"SAR Height height model ({metadata.get('model_type', '?')}, "
        f"contract {metadata.get('contract', '?')})")


def load_checkpoint(checkpoint):
    """Return a checkpoint dict (given, or loaded from a path on the CPU).

    Raises ExportError when it lacks "kind", "state_dict" or "metadata".
    """
    return load_checked(checkpoint, ("kind", "state_dict", "metadata"))


def export_onnx(checkpoint, out_path):
    """Export a checkpoint (dict or path) to ``out_path``; return the max abs difference."""
    checkpoint = load_checkpoint(checkpoint)
    network = build_network(checkpoint["kind"], int(checkpoint.get("base_width", 16)),
                            int(checkpoint.get("depth", 4)))
    network.load_state_dict(checkpoint["state_dict"])
    meta = contract_metadata(checkpoint["kind"], network.stride, checkpoint["metadata"],
                             weights_sha256(network.state_dict()))
    return export_module(network, meta, out_path)


def main(argv=None):
    """Run the export command line; return the exit status (0, 1 over tolerance, 2 failed)."""
    return export_command(
        argv, __doc__.splitlines()[0], export_onnx, TOLERANCE,
        "max abs difference onnxruntime vs torch accepted",
        lambda diff: (f"onnxruntime vs torch max abs diff {diff:.3g} over inputs "
                      f"{', '.join('x'.join(map(str, s)) for s in VERIFY_SHAPES)}", diff,
                      "max abs diff"))


if __name__ == "__main__":
    sys.exit(main())
