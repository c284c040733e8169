"""Exceptions of the imaging simulation."""


class SimulationError(ValueError):
    """The inputs cannot be simulated (e.g. the DEM lies outside the acquisition footprint)."""


class SimulationCancelled(RuntimeError):
    """The progress callback asked to stop; no output file was left behind."""
