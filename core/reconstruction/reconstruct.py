"""reconstruct_to_files: the layover backscatter reconstruction of a measured SAR image.

Pass 1 simulates the DEM in the product geometry (noise-free, no texture) and accumulates
the global simulated image S and the per-pixel count of contributing cells (GlobalSimulation).
Pass 2 walks the same tiles again (iter_block_mappings is deterministic), reads the measured
intensity I and S over each tile's radar window and re-allocates each pixel's energy to its
cells (allocation, docs/architecture.md#reconstruction). Memory is bounded by the tile size
in both passes; the price is computing the mapping twice. Outputs go to temporaries renamed
at the end: either every requested file appears or none.
"""
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional, Union

from ..dem import DemRaster
from ..errors import ReconstructionCancelled, ReconstructionError, SimulationError
from ..output_commit import OutputSet, check_target
from ..products.look import look_metadata
from ..progress import OptionalProgress
from ..raster_io import TemporaryRasters
from ..simulation.block_plan import iter_block_mappings
from ..simulation.options import SimulationOptions
from ..simulation.plan import ScenePlan, make_plan, outside_footprint_message
from .flat_footprint import FlatFootprint
from .global_simulation import GlobalSimulation, covered_measured_energy
from .measured import MeasuredImage
from .options import ReconstructionOptions, ReconstructionOutputs
from .output_files import create_outputs, put_tile
from .summary import EnergyBudget, ReconstructionSummary
from .tile import reconstruct_tile

if TYPE_CHECKING:  # for the annotations only
    from ..products.acquisition import AcquisitionGeometry

PASS_ONE_END = 0.45  # progress fraction at the end of pass 1
PASS_TWO_START = 0.5  # after the scan of the measured energy


@dataclass
class _Scene:
    dem: DemRaster
    geometry: object  # AcquisitionGeometry
    measured: MeasuredImage
    outputs: ReconstructionOutputs
    options: ReconstructionOptions
    simulation_options: SimulationOptions
    plan: ScenePlan

    def tiles(self):
        for block in iter_block_mappings(self.dem, self.geometry, self.simulation_options,
                                         self.plan):
            yield block
            if block.col0 + block.cols == self.dem.width:
                self.dem.dataset.FlushCache()  # drop the DEM blocks read so far


def _keep_going(progress, fraction):
    if progress is None:
        return
    answer = progress(float(min(max(fraction, 0.0), 1.0)))
    if answer is not None and not answer:
        raise ReconstructionCancelled("The reconstruction was cancelled; no output was written.")


def _prepare(dem, geometry, measured, outputs, options):
    """Check and convert everything that can fail before a file exists."""
    options = options or ReconstructionOptions()
    try:
        simulation_options = options.simulation_options()
        outputs = ReconstructionOutputs.coerce(outputs)
    except ValueError as exc:
        raise ReconstructionError(str(exc)) from exc
    if not outputs.wanted():
        raise ReconstructionError("No output requested: give at least one target path.")
    for path in outputs.wanted().values():
        check_target(os.path.abspath(path))  # the outputs are created after pass 1: fail now
    if isinstance(dem, (str, os.PathLike)):
        dem = DemRaster(dem)
    if not isinstance(measured, MeasuredImage):
        measured = MeasuredImage(measured)
    measured.check_size(geometry)
    try:
        plan = make_plan(dem, geometry, simulation_options)
    except SimulationError as exc:
        raise ReconstructionError(str(exc)) from exc
    return _Scene(dem, geometry, measured, outputs, options, simulation_options, plan)


def _pass_one(scene, simulation, progress):
    """Accumulate S; return how many cells lie inside the image."""
    in_image = 0
    for block in scene.tiles():
        simulation.add(block)
        in_image += int(block.in_image.sum())
        _keep_going(progress, PASS_ONE_END * block.fraction_done)
    return in_image


def _no_measurement_message(window):
    return (f"The SAR raster has no valid pixel where the DEM lands (lines {window.line0}-"
            f"{window.line0 + window.lines - 1}, samples {window.sample0}-"
            f"{window.sample0 + window.samples - 1}): every pixel there is nodata, zero or not "
            "finite. Check the band, the input units and the raster's nodata value.")


def _pass_two(scene, simulation, writers, budget, progress):
    footprint = FlatFootprint(scene.dem, scene.geometry, scene.plan)
    shape = (scene.geometry.lines, scene.geometry.samples)
    for block in scene.tiles():
        result = reconstruct_tile(block, scene.measured, simulation, footprint, shape)
        budget.add_tile(block, result)
        put_tile(writers, block, result, scene.options.output_units, scene.dem.width)
        _keep_going(progress, PASS_TWO_START + (1 - PASS_TWO_START) * block.fraction_done)


def reconstruct_to_files(dem: "Union[DemRaster, str, os.PathLike[str]]",
                         geometry: "AcquisitionGeometry",
                         measured: "Union[MeasuredImage, str, os.PathLike[str]]",
                         outputs: "Union[ReconstructionOutputs, dict[str, Optional[str]]]",
                         options: Optional[ReconstructionOptions] = None,
                         progress: OptionalProgress = None,
                         output_set: Optional[OutputSet] = None,
                         warn: Optional[Callable[[str], None]] = None,
                         ) -> ReconstructionSummary:
    """Reconstruct the backscatter of ``measured`` on the grid of ``dem``; write GeoTIFFs.

    ``dem``: DemRaster or path (the coarse DEM that drives the simulation); ``geometry``:
    AcquisitionGeometry of the product; ``measured``: MeasuredImage (or a path, read as band
    1 intensity) of exactly geometry.lines x geometry.samples; ``outputs``: dict or
    ReconstructionOutputs (reconstructed, geocoded, mask, mixing); ``options``:
    ReconstructionOptions; ``progress(fraction) -> keep_going``.
    Raises ReconstructionError (size mismatch, DEM outside the image, nothing measured where
    the DEM lands, bad options), ReconstructionCancelled and core.output_commit.OutputError
    (an output cannot be written); then no file is left behind. ``output_set``: an
    OutputSet the caller commits (after its last cancel check); None: committed here.
    ``warn(message)``: told about doubtful measured values (MeasuredImage.check_units over
    the pixels the DEM lands on; values that cannot be in the declared units are refused).
    """
    start = time.perf_counter()
    scene = _prepare(dem, geometry, measured, outputs, options)
    _keep_going(progress, 0.0)
    files = TemporaryRasters(output_set)
    try:
        near = next(iter(scene.outputs.wanted().values()))
        simulation = GlobalSimulation(files, near, geometry)
        if _pass_one(scene, simulation, progress) == 0:
            raise ReconstructionError(outside_footprint_message(geometry))
        for warning in scene.measured.check_units(simulation.window):
            if warn is not None:
                warn(warning)
        budget = EnergyBudget()
        budget.measured, pixels = covered_measured_energy(scene.measured, simulation)
        if pixels == 0:
            raise ReconstructionError(_no_measurement_message(simulation.window))
        _keep_going(progress, PASS_TWO_START)
        writers = create_outputs(files, scene.outputs, scene.dem, scene.options.output_units,
                                 look_metadata(geometry))
        _pass_two(scene, simulation, writers, budget, progress)
        _keep_going(progress, 1.0)
        files.commit()
    except BaseException:
        files.discard()
        raise
    return ReconstructionSummary.from_budget(budget, scene.dem.width * scene.dem.height,
                                             pixels, time.perf_counter() - start)
