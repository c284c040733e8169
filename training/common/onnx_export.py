"""ONNX export of a trained network, verified against torch eager before it is kept.

Both exporters (training.height.export, training.matcher.export) write the file under a
temporary name, compare onnxruntime with torch eager on random inputs, store the metadata
(plus an "export" record) as the JSON value of metadata_props["sar_height"], run onnx.checker
and only then rename the file onto its name. The TorchScript exporter (dynamo=False) is used:
it takes seconds on a CPU and names the dynamic axes.
"""
import argparse
import hashlib
import json
import os
import sys
import warnings

import torch

from sar_height.core.inference.contract import METADATA_KEY


class ExportError(RuntimeError):
    """The checkpoint cannot be exported or the exported model does not match torch."""


def weights_sha256(state_dict):
    """Return the hex SHA-256 of the weights in ``state_dict``.

    The hash runs, for each entry in sorted key order, over the key, dtype, shape and the raw
    bytes of the (CPU, contiguous) tensor in native byte order (little-endian on x86 and ARM).
    """
    digest = hashlib.sha256()
    for key in sorted(state_dict):
        tensor = state_dict[key].detach().cpu().contiguous()
        digest.update(key.encode("utf-8"))
        digest.update(str(tensor.dtype).encode("ascii"))
        digest.update(str(tuple(tensor.shape)).encode("ascii"))
        digest.update(tensor.numpy().tobytes())
    return digest.hexdigest()


def validated(metadata, validate):
    """``metadata`` once ``validate`` (the plugin's own check) accepts it; ExportError else."""
    try:
        validate(metadata)
    except ValueError as exc:
        raise ExportError(f"Checkpoint metadata incomplete or invalid: {exc}") from exc
    return metadata


def torch_onnx_export(module, args, path, names, dynamic_axes, opset, dynamo_opset=None):
    """Export ``module`` to ONNX at ``path``, TorchScript exporter first; return (exporter, opset).

    ``names`` is (input names, output names). With ``dynamo_opset``, a torch whose TorchScript
    exporter is gone or fails gets the torch.export-based one (exporter "dynamo") instead.
    """
    input_names, output_names = names
    common = dict(input_names=list(input_names), output_names=list(output_names),
                  dynamic_axes=dynamic_axes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        try:
            torch.onnx.export(module, args, path, opset_version=opset, dynamo=False, **common)
            return "torchscript", opset
        except Exception:  # noqa: BLE001 - exporter gone or failing: try torch.export
            if dynamo_opset is None:
                raise
            torch.onnx.export(module, args, path, opset_version=dynamo_opset, dynamo=True,
                              external_data=False, **common)
            return "dynamo", dynamo_opset


def finish_onnx(temporary, out_path, metadata, export_record, doc_string):
    """Store the metadata in the ONNX file ``temporary``, check it and rename it onto ``out_path``.

    ``metadata`` plus an "export" record (``export_record`` and the torch, onnx and onnxruntime
    versions) becomes the only metadata_props entry, "sar_height", as JSON; ``doc_string``
    becomes the model's doc string.
    """
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


def write_verified_onnx(out_path, export, measure, metadata, verify_shapes, doc_string):
    """Export, verify and store an ONNX model at ``out_path``; return the measured difference(s).

    Exports to a temporary file next to ``out_path`` (``export(temporary)`` -> (exporter,
    opset)), measures onnxruntime against torch (``measure(temporary)`` -> max abs
    difference(s)), stores the metadata and renames the file onto ``out_path``. Nothing is left
    at ``out_path`` or in the folder when a step fails. The differences are only recorded here;
    comparing them with a tolerance is the caller's job (see export_command).
    """
    out_path = os.fspath(out_path)
    folder = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, "." + os.path.basename(out_path) + ".partial")
    try:
        exporter, opset = export(temporary)
        diff = measure(temporary)
        finish_onnx(temporary, out_path, metadata,
                    {"exporter": exporter, "opset": opset, "max_abs_diff": diff,
                     "verified_shapes": [list(shape) for shape in verify_shapes]},
                    doc_string)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return diff


def export_command(argv, description, export, tolerance, tolerance_help, report):
    """Run the exporters' command line (--checkpoint, --out, --tolerance); return the exit status.

    ``export(checkpoint, out)`` returns the difference(s); ``report(diff)`` -> (summary, worst,
    name of worst). Exit status 0, 1 when ``worst`` exceeds the tolerance (the ONNX file is
    written all the same), 2 when the export failed.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--checkpoint", required=True, help="training checkpoint (.pt)")
    parser.add_argument("--out", required=True, help="ONNX file to write")
    parser.add_argument("--tolerance", type=float, default=tolerance, help=tolerance_help)
    args = parser.parse_args(argv)
    try:
        diff = export(args.checkpoint, args.out)
    except (ExportError, ValueError) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 2
    summary, worst, name = report(diff)
    print(f"wrote {args.out}; {summary}")
    if worst > args.tolerance:
        print(f"{name} {worst:.3g} exceeds the tolerance {args.tolerance:g}", file=sys.stderr)
        return 1
    return 0
