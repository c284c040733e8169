r"""Export a trained dense matcher to ONNX (matcher contract 1) and verify it against torch.

    .venv/bin/python -m sar_height.training.matcher.export --checkpoint runs/matcher.pt \
        --out resources/models/sar_matcher.onnx

Checkpoint (training.matcher.train): {"config": DenseMatcher keyword arguments,
"state_dict", "metadata": {model_type, version, patch_size, max_displacement_px,
normalisation, log_floor_fraction, clip_sigma, training}}. The exporter adds format,
contract, stride, input/output names and layouts, weights_sha256 and an "export" record
(exporter, opset, versions, max abs differences), validates the result with
core.stereo.matcher_contract.validate_metadata (the plugin's own check), and writes and
verifies the file with training.common.onnx_export (onnxruntime against torch eager on random
inputs of two sizes).

The graph is training.matcher.network.ExportedMatcher: (reference, secondary) [N, 1, H, W] ->
warp [N, 2, H, W] (pixels) and certainty [N, 1, H, W] (sigmoid applied inside). TorchScript
exporter, opset 17 (GridSample needs 16), dynamic N, H, W.
"""
import sys

import numpy as np
import torch

from sar_height.core.stereo.matcher_contract import (
    INPUT_NAMES,
    MATCHER_CONTRACT,
    MATCHER_FORMAT,
    OUTPUT_NAMES,
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
from .network import ExportedMatcher, build_matcher

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
    return validated(meta, validate_metadata)


def _torch_export(module, path):
    sample = torch.zeros(*VERIFY_SHAPES[0])
    return torch_onnx_export(module, (sample, sample), path, (INPUT_NAMES, OUTPUT_NAMES),
                             DYNAMIC_AXES, OPSET)


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
    """Export a DenseMatcher with ``metadata`` (+ an "export" record) to ``out_path``.

    Returns the max abs differences onnxruntime vs torch ({"warp": pixels, "certainty": ...}).
    Written under a temporary name, renamed at the end.
    """
    module = ExportedMatcher(matcher).eval()
    return write_verified_onnx(
        out_path, lambda path: _torch_export(module, path),
        lambda path: max_abs_diffs(module, path, seed=seed), metadata, VERIFY_SHAPES,
        f"SAR Height dense matcher ({metadata.get('model_type', '?')}, "
        f"matcher contract {MATCHER_CONTRACT})")


def load_checkpoint(checkpoint):
    """Return a matcher checkpoint dict (given, or loaded from a path on the CPU), keys checked."""
    return load_checked(checkpoint, ("config", "state_dict", "metadata"))


def export_matcher(checkpoint, out_path):
    """Export a checkpoint (dict or path); returns the max abs differences."""
    checkpoint = load_checkpoint(checkpoint)
    matcher = build_matcher(checkpoint["config"])
    matcher.load_state_dict(checkpoint["state_dict"])
    meta = contract_metadata(checkpoint["metadata"], matcher.stride,
                             weights_sha256(matcher.state_dict()))
    return export_matcher_module(matcher, meta, out_path)


def main(argv=None):
    """Run the command line (see the module docstring); return the exit status."""
    return export_command(
        argv, __doc__.splitlines()[0], export_matcher, TOLERANCE_PX,
        "max abs warp difference (px) onnxruntime vs torch accepted",
        lambda diffs: (f"onnxruntime vs torch max abs diff: warp {diffs['warp']:.3g} px, "
                       f"certainty {diffs['certainty']:.3g} over inputs "
                       f"{', '.join('x'.join(map(str, s)) for s in VERIFY_SHAPES)}",
                       diffs["warp"], "warp difference (px)"))


if __name__ == "__main__":
    sys.exit(main())
