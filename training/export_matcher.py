"""Export a trained dense matcher to ONNX (matcher contract 1) and verify it against torch.

    .venv/bin/python -m sar_height.training.export_matcher --checkpoint runs/matcher.pt \\
        --out resources/models/sar_matcher.onnx

Checkpoint (training.train_matcher): {"config": DenseMatcher keyword arguments,
"state_dict", "metadata": {model_type, version, patch_size, max_displacement_px,
normalisation, log_floor_fraction, clip_sigma, training}}. The exporter adds format,
contract, stride, input/output names and layouts, weights_sha256 (training.export's
definition) and an "export" record (exporter, opset, versions, max abs differences),
validates the result with core.stereo.matcher_contract.validate_metadata (the plugin's own
check), stores it as JSON under metadata_props["sar_height"], runs onnx.checker and
compares onnxruntime with torch eager on random inputs of two sizes.

The graph is training.matcher_net.ExportedMatcher: (reference, secondary) [N, 1, H, W] ->
warp [N, 2, H, W] (pixels) and certainty [N, 1, H, W] (sigmoid applied inside). TorchScript
exporter, opset 17 (GridSample needs 16), dynamic N, H, W.
"""
import argparse
import os
import sys
import warnings

import numpy as np
import torch

from sar_height.core.stereo.matcher_contract import (
    INPUT_NAMES,
    MATCHER_CONTRACT,
    MATCHER_FORMAT,
    OUTPUT_NAMES,
    validate_metadata,
)

from .export import ExportError, finish_onnx, weights_sha256
from .matcher_net import ExportedMatcher, build_matcher

OPSET = 17
VERIFY_SHAPES = ((1, 1, 64, 96), (2, 1, 128, 128))
TOLERANCE_PX = 1e-3  # max abs warp difference (pixels) accepted by the CLI
DYNAMIC_AXES = {name: {0: "N", 2: "H", 3: "W"} for name in INPUT_NAMES + OUTPUT_NAMES}
LAYOUT = {
    "inputs": {"reference": "[N, 1, H, W] float32, normalised intensity",
               "secondary": "[N, 1, H, W] float32, normalised intensity resampled onto the "
                            "reference grid"},
    "outputs": {"warp": "[N, 2, H, W] float32, secondary - reference offsets in pixels, "
                        "channel 0 lines (azimuth), channel 1 samples (range)",
                "certainty": "[N, 1, H, W] float32 in [0, 1]"},
}


def contract_metadata(training_metadata, stride, sha256):
    """Training's metadata plus the fixed contract fields, validated."""
    meta = dict(training_metadata or {})
    meta.setdefault("training", {})
    meta.update({"format": MATCHER_FORMAT, "contract": MATCHER_CONTRACT, "stride": int(stride),
                 "input_names": list(INPUT_NAMES), "output_names": list(OUTPUT_NAMES),
                 "layout": LAYOUT, "weights_sha256": sha256})
    try:
        validate_metadata(meta)
    except ValueError as exc:
        raise ExportError(f"Checkpoint metadata incomplete or invalid: {exc}") from exc
    return meta


def _torch_export(module, path):
    sample = torch.zeros(*VERIFY_SHAPES[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(module, (sample, sample), path, opset_version=OPSET, dynamo=False,
                          input_names=list(INPUT_NAMES), output_names=list(OUTPUT_NAMES),
                          dynamic_axes=DYNAMIC_AXES)
    return "torchscript", OPSET


def max_abs_diffs(module, path, shapes=VERIFY_SHAPES, seed=0):
    """{"warp": px, "certainty": ...}: largest |onnxruntime - torch| over random inputs.

    The secondary is the reference rolled by a few pixels plus noise, so that the warp is a
    real match rather than the soft-argmax of unrelated noise.
    """
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    generator = torch.Generator().manual_seed(seed)
    worst = {name: 0.0 for name in OUTPUT_NAMES}
    for shape in shapes:
        reference = torch.randn(*shape, generator=generator)
        secondary = torch.roll(reference, (1, 3), (2, 3)) + 0.5 * torch.randn(
            *shape, generator=generator)
        with torch.no_grad():
            expected = [t.numpy() for t in module(reference, secondary)]
        got = session.run(list(OUTPUT_NAMES), {"reference": reference.numpy(),
                                               "secondary": secondary.numpy()})
        for name, e, g in zip(OUTPUT_NAMES, expected, got):
            if g.shape != e.shape:
                raise ExportError(f"ONNX {name} {g.shape} differs from torch {e.shape} for "
                                  f"input {shape}.")
            if not (np.all(np.isfinite(e)) and np.all(np.isfinite(g))):
                raise ExportError(f"Non-finite {name} for input {shape}.")
            worst[name] = max(worst[name], float(np.max(np.abs(g - e))))
    return worst


def export_matcher_module(matcher, metadata, out_path, seed=0):
    """Export a DenseMatcher with ``metadata`` (+ an "export" record); returns the max abs
    differences onnxruntime vs torch. Written under a temporary name, renamed at the end."""

    module = ExportedMatcher(matcher).eval()
    out_path = os.fspath(out_path)
    folder = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, "." + os.path.basename(out_path) + ".partial")
    try:
        exporter, opset = _torch_export(module, temporary)
        diffs = max_abs_diffs(module, temporary, seed=seed)
        finish_onnx(temporary, out_path, metadata,
                    {"exporter": exporter, "opset": opset, "max_abs_diff": diffs,
                     "verified_shapes": [list(s) for s in VERIFY_SHAPES]},
                    f"SAR Height dense matcher ({metadata.get('model_type', '?')}, "
                    f"matcher contract {MATCHER_CONTRACT})")
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return diffs


def load_checkpoint(checkpoint):
    if isinstance(checkpoint, (str, os.PathLike)):
        checkpoint = torch.load(os.fspath(checkpoint), map_location="cpu", weights_only=False)
    missing = [k for k in ("config", "state_dict", "metadata") if k not in checkpoint]
    if missing:
        raise ExportError("Checkpoint lacks: {}.".format(", ".join(missing)))
    return checkpoint


def export_matcher(checkpoint, out_path):
    """Export a checkpoint (dict or path); returns the max abs differences."""
    checkpoint = load_checkpoint(checkpoint)
    matcher = build_matcher(checkpoint["config"])
    matcher.load_state_dict(checkpoint["state_dict"])
    meta = contract_metadata(checkpoint["metadata"], matcher.stride,
                             weights_sha256(matcher.state_dict()))
    return export_matcher_module(matcher, meta, out_path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True, help="training checkpoint (.pt)")
    parser.add_argument("--out", required=True, help="ONNX file to write")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_PX,
                        help="max abs warp difference (px) onnxruntime vs torch accepted")
    args = parser.parse_args(argv)
    try:
        diffs = export_matcher(args.checkpoint, args.out)
    except (ExportError, ValueError) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}; onnxruntime vs torch max abs diff: warp {diffs['warp']:.3g} px, "
          f"certainty {diffs['certainty']:.3g} over inputs "
          f"{', '.join('x'.join(map(str, s)) for s in VERIFY_SHAPES)}")
    if diffs["warp"] > args.tolerance:
        print(f"warp difference {diffs['warp']:.3g} px exceeds the tolerance "
              f"{args.tolerance:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
