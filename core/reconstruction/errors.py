"""Exceptions of the layover reconstruction."""


class ReconstructionError(ValueError):
    """The inputs cannot be reconstructed (size mismatch, DEM outside the image, no data)."""


class ReconstructionCancelled(RuntimeError):
    """The progress callback asked to stop; no output file was left behind."""
