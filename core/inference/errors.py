"""Exceptions of the height inference."""


class ModelError(ValueError):
    """The ONNX file cannot be used: not a SAR Height height model, wrong contract, unreadable."""


class InferenceError(ValueError):
    """The inputs cannot be used: no prior heights, shapes that do not match, bad tiling."""


class InferenceCancelled(RuntimeError):
    """The progress callback asked to stop."""
