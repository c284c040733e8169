"""Layover backscatter reconstruction: measured energy re-allocated to DEM cells.

See docs/architecture.md#reconstruction.

Public API:
    reconstruct_to_files(dem, geometry, measured, outputs, options=None, progress=None)
        -> ReconstructionSummary
    MeasuredImage(source, band=1, units="intensity", geometry=None)
    ReconstructionOptions, ReconstructionOutputs, ReconstructionSummary
    ReconstructionError, ReconstructionCancelled
    INPUT_UNITS ("intensity", "amplitude", "db"), OUTPUT_UNITS ("linear", "db")
Building blocks (used by the tests and the truth evaluation):
    GlobalSimulation, covered_measured_energy (pass 1), reconstruct_tile -> TileResult,
    allocate_energy, FlatFootprint; synthetic (test scenes) and truth (evaluation)

Units: outputs are "flat-equivalent intensity" in the units of the measured image (linear,
or dB of it): a cell's energy divided by the number of radar pixels it would cover on flat
ground. See docs/reconstruction.md.
"""
from ..errors import ReconstructionCancelled, ReconstructionError
from ..radiometry import INPUT_UNITS, OUTPUT_UNITS, from_intensity, to_intensity
from .allocation import Allocation, allocate_energy
from .flat_footprint import FlatFootprint
from .global_simulation import GlobalSimulation, covered_measured_energy
from .measured import MeasuredImage
from .options import ReconstructionOptions, ReconstructionOutputs
from .reconstruct import reconstruct_to_files
from .summary import ReconstructionSummary
from .tile import TileResult, reconstruct_tile

__all__ = [
    "Allocation", "FlatFootprint", "GlobalSimulation", "INPUT_UNITS", "MeasuredImage",
    "OUTPUT_UNITS", "ReconstructionCancelled", "ReconstructionError", "ReconstructionOptions",
    "ReconstructionOutputs", "ReconstructionSummary", "TileResult", "allocate_energy",
    "covered_measured_energy", "from_intensity", "reconstruct_tile", "reconstruct_to_files",
    "to_intensity",
]
