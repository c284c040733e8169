"""Exceptions of the core, one module for all (an ``except`` elsewhere names these classes).

Each ``...Error`` is a ValueError about the user's input: its message names the problem and
the fix, because the Processing algorithms show it verbatim. Each ``...Cancelled`` is raised
when the progress callback asks to stop; no output file is left behind.
(Output commit failures are core.output_commit.OutputError.)
"""


# -- ONNX models and the height inference (core.inference, core.model_metadata) ----------------
class ModelError(ValueError):
    """The ONNX file cannot be used: not a SAR Height height model, wrong contract, unreadable."""


class InferenceError(ValueError):
    """The inputs cannot be used: no prior heights, shapes that do not match, bad tiling."""


class InferenceCancelled(RuntimeError):
    """The progress callback asked to stop."""


# -- imaging simulation (core.simulation) -------------------------------------------------------
class SimulationError(ValueError):
    """The inputs cannot be simulated (e.g. the DEM lies outside the acquisition footprint)."""


class SimulationCancelled(RuntimeError):
    """The progress callback asked to stop; no output file was left behind."""


# -- layover reconstruction (core.reconstruction) -----------------------------------------------
class ReconstructionError(ValueError):
    """The inputs cannot be reconstructed (size mismatch, DEM outside the image, no data)."""


class ReconstructionCancelled(RuntimeError):
    """The progress callback asked to stop; no output file was left behind."""


# -- point-target absolute height (core.point_target, issue 6) ----------------------------------
class PointTargetError(ValueError):
    """Bad input for the point-target workflow; the message says how to fix it.

    E.g. wrong product type, missing metadata, nonsensical parameters.
    """


class PointTargetCancelled(Exception):
    """The user cancelled the point-target measurement."""
