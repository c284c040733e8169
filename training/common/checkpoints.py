"""Training checkpoints (dicts written with torch.save): atomic writing, loading on the CPU,
and the record of the checkpoint a ``--init`` run continues from.
"""
import os
from pathlib import Path

import torch

from .onnx_export import ExportError


def save_atomically(checkpoint, path):
    """torch.save to a ``.partial`` file renamed onto ``path``: an interrupted save never
    leaves a truncated checkpoint where a good one was. Returns ``checkpoint``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(checkpoint, partial)
    os.replace(partial, path)
    return checkpoint


def read_checkpoint(path):
    """The checkpoint dict at ``path``, tensors on the CPU (our own files: full unpickling)."""
    return torch.load(os.fspath(path), map_location="cpu", weights_only=False)


def load_checkpoint(checkpoint, required):
    """A checkpoint dict (given, or read from a path) holding every key of ``required``
    (ExportError naming the missing ones otherwise).
    """
    if isinstance(checkpoint, (str, os.PathLike)):
        checkpoint = read_checkpoint(checkpoint)
    missing = [key for key in required if key not in checkpoint]
    if missing:
        raise ExportError("Checkpoint lacks: {}.".format(", ".join(missing)))
    return checkpoint


def continuation_record(path, checkpoint):
    """What a run continued from ``checkpoint`` (read from ``path``) records of it: the file
    name and that run's steps, seconds, hardware and its own continuation.
    """
    training = checkpoint["metadata"].get("training", {})
    earlier = {k: training.get(k) for k in ("steps", "seconds", "hardware", "continued_from")}
    return {"checkpoint": os.path.basename(path), **earlier}
