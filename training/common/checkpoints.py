"""Read and write training checkpoints (dicts written with torch.save).

Atomic writing, loading on the CPU, and the record of the checkpoint a ``--init`` run continues
from.
"""
import os
from pathlib import Path

import torch

from .onnx_export import ExportError


def save_atomically(checkpoint, path):
    """Write ``checkpoint`` with torch.save to a ``.partial`` file, then rename it onto ``path``.

    An interrupted save never leaves a truncated checkpoint where a good one was. Creates the
    parent folder if needed. Returns ``checkpoint``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(checkpoint, partial)
    os.replace(partial, path)
    return checkpoint


def read_checkpoint(path):
    """Read the checkpoint dict at ``path``, tensors on the CPU (our own files: full unpickling)."""
    return torch.load(os.fspath(path), map_location="cpu", weights_only=False)


def load_checkpoint(checkpoint, required):
    """Return a checkpoint dict (given, or read from a path) that holds every key of ``required``.

    Raises ExportError naming the missing keys otherwise.
    """
    if isinstance(checkpoint, (str, os.PathLike)):
        checkpoint = read_checkpoint(checkpoint)
    missing = [key for key in required if key not in checkpoint]
    if missing:
        raise ExportError("Checkpoint lacks: {}.".format(", ".join(missing)))
    return checkpoint


def continuation_record(path, checkpoint):
    """Return what a run continued from ``checkpoint`` (read from ``path``) records of it.

    That is the file name and that run's steps, training seconds, hardware and its own
    continuation record (None for each one the checkpoint's metadata lacks).
    """
    training = checkpoint["metadata"].get("training", {})
    earlier = {k: training.get(k) for k in ("steps", "seconds", "hardware", "continued_from")}
    return {"checkpoint": os.path.basename(path), **earlier}
