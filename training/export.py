"""Export a trained height network to ONNX with the contract-v1 metadata, and verify it.

    .venv/bin/python -m sar_height.training.export --checkpoint runs/ask_unet.pt \
        --out resources/models/ask_unet_reconstructed.onnx

Checkpoint: a dict saved with torch.save holding
    "kind"        "ask_unet" or "unet" (training.networks.build_network)
    "base_width"  int (default 16); optional "depth" (default 4)
    "state_dict"  the network's state dict
    "metadata"    the contract fields training knows: version, input_kind, sar_db_mean,
                  sar_db_std, tile_size, overlap, pixel_spacing_m, pixel_spacing_range_m,
                  training {regions, samples, epochs, seconds, hardware}; optional
                  height_scale_m (1000), distance_scale_m (2000)
The exporter adds format, contract, channels, model_type (= kind), stride, weights_sha256
and an "export" record (exporter, opset, versions, max_abs_diff), validates the result with
core.inference.validate_metadata, stores it as the JSON value of metadata_props["sar_height"],
runs onnx.checker and compares onnxruntime with torch eager on random inputs of two sizes.

The TorchScript exporter (dynamo=False) is used: it takes seconds on a CPU and names the
dynamic axes N, H, W; where a torch version no longer has it, the torch.export-based exporter
(opset 18) is used instead.
"""
import argparse
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import torch

from sar_height.core.inference.contract import (
    CHANNELS,
    CONTRACT_VERSION,
    DEFAULT_DISTANCE_SCALE_M,
    DEFAULT_HEIGHT_SCALE_M,
    INPUT_NAME,
    METADATA_KEY,
    MODEL_FORMAT,
    OUTPUT_NAME,
    validate_metadata,
)

from .networks import build_network

OPSET = 17
VERIFY_SHAPES = ((1, 4, 64, 96), (2, 4, 128, 128))
TOLERANCE = 1e-3  # max abs difference (normalised output units) accepted by the CLI
DYNAMIC_AXES = {INPUT_NAME: {0: "N", 2: "H", 3: "W"}, OUTPUT_NAME: {0: "N", 2: "H", 3: "W"}}


class ExportError(RuntimeError):
    """The checkpoint cannot be exported or the exported model does not match torch."""


def weights_sha256(state_dict):
    """SHA-256 over the state dict: for each entry in sorted key order, the key, dtype,
    shape and the raw little-endian bytes of the (CPU, contiguous) tensor."""
    digest = hashlib.sha256()
    for key in sorted(state_dict):
        tensor = state_dict[key].detach().cpu().contiguous()
        digest.update(key.encode("utf-8"))
        digest.update(str(tensor.dtype).encode("ascii"))
        digest.update(str(tuple(tensor.shape)).encode("ascii"))
        digest.update(tensor.numpy().tobytes())
    return digest.hexdigest()


def contract_metadata(kind, stride, training_metadata, sha256):
    """The full metadata dict: training's fields plus the fixed contract fields."""
    meta = dict(training_metadata or {})
    meta.setdefault("height_scale_m", DEFAULT_HEIGHT_SCALE_M)
    meta.setdefault("distance_scale_m", DEFAULT_DISTANCE_SCALE_M)
    meta.setdefault("training", {})
    meta.update({"format": MODEL_FORMAT, "contract": CONTRACT_VERSION, "model_type": kind,
                 "channels": list(CHANNELS), "stride": int(stride), "weights_sha256": sha256})
    try:
        validate_metadata(meta)
    except ValueError as exc:
        raise ExportError(f"Checkpoint metadata incomplete or invalid: {exc}") from exc
    return meta


def _torch_export(module, sample, path):
    common = dict(input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
                  dynamic_axes=DYNAMIC_AXES)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        try:
            torch.onnx.export(module, (sample,), path, opset_version=OPSET, dynamo=False,
                              **common)
            return "torchscript", OPSET
        except Exception:  # noqa: BLE001 - exporter gone or failing: try torch.export
            torch.onnx.export(module, (sample,), path, opset_version=18, dynamo=True,
                              external_data=False, **common)
            return "dynamo", 18


def contract_like_input(shape, generator, pixel_spacing_m=20.0):
    """A random input batch shaped like model contract v1 (not dense noise in every
    channel, which no real raster gives): SAR ~ N(0, 1), priors at ~0.5 % of the pixels
    with normalised heights ~ N(0, 0.3), their mask, and the distance to the nearest prior
    (``pixel_spacing_m`` pixels, / 2000 m, clipped to 5) as the contract defines it."""
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


def finish_onnx(temporary, out_path, metadata, export_record, doc_string):
    """Store ``metadata`` plus an "export" record (``export_record`` and the library
    versions) as the "sar_height" metadata_props entry of the ONNX file ``temporary``,
    check the model and rename it onto ``out_path``."""
    import onnx
    import onnxruntime as ort

    model = onnx.load(temporary)
    meta = dict(metadata)
    meta["export"] = {"torch": torch.__version__, "onnx": onnx.__version__,
                      "onnxruntime": ort.__version__, **export_record}
    del model.metadata_props[:]
    entry = model.metadata_props.add()
    entry.key, entry.value = METADATA_KEY, json.dumps(meta, sort_keys=True)
    model.doc_string = doc_string
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, temporary)
    os.replace(temporary, out_path)


def export_module(module, metadata, out_path, verify_shapes=VERIFY_SHAPES, seed=0):
    """Export ``module`` (eval mode is set) to ``out_path`` with ``metadata`` as the
    "sar_height" metadata_props entry (stored as given plus an "export" record).

    Returns the max abs difference between onnxruntime and torch eager over random
    contract-like inputs of ``verify_shapes`` (ExportError when an output is not finite).
    The file is written under a temporary name and renamed at the end.
    """

    module = module.eval()
    out_path = os.fspath(out_path)
    folder = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, "." + os.path.basename(out_path) + ".partial")
    try:
        sample = torch.zeros(*verify_shapes[0])
        exporter, opset = _torch_export(module, sample, temporary)
        diff = _max_abs_diff(module, temporary, verify_shapes, seed)
        finish_onnx(temporary, out_path, metadata,
                    {"exporter": exporter, "opset": opset, "max_abs_diff": diff,
                     "verified_shapes": [list(shape) for shape in verify_shapes]},
                    f"SAR Height height model ({metadata.get('model_type', '?')}, "
                    f"contract {metadata.get('contract', '?')})")
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return diff


def load_checkpoint(checkpoint):
    """A checkpoint dict (given, or loaded from a path on the CPU)."""
    if isinstance(checkpoint, (str, os.PathLike)):
        checkpoint = torch.load(os.fspath(checkpoint), map_location="cpu", weights_only=False)
    missing = [key for key in ("kind", "state_dict", "metadata") if key not in checkpoint]
    if missing:
        raise ExportError("Checkpoint lacks: {}.".format(", ".join(missing)))
    return checkpoint


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True, help="training checkpoint (.pt)")
    parser.add_argument("--out", required=True, help="ONNX file to write")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE,
                        help="max abs difference onnxruntime vs torch accepted")
    args = parser.parse_args(argv)
    try:
        diff = export_onnx(args.checkpoint, args.out)
    except (ExportError, ValueError) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}; onnxruntime vs torch max abs diff {diff:.3g} over inputs "
          f"{', '.join('x'.join(map(str, s)) for s in VERIFY_SHAPES)}")
    if diff > args.tolerance:
        print(f"max abs diff {diff:.3g} exceeds the tolerance {args.tolerance:g}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
