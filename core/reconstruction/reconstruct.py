"""reconstruct_to_files: the layover backscatter reconstruction of a measured SAR image.

Pass 1 simulates the DEM in the product geometry (noise-free, no texture) and accumulates
the global simulated image S and the per-pixel count of contributing cells (GlobalSimulation).
Pass 2 walks the same tiles again (the block plan is deterministic), reads the measured
intensity I and S over each tile's radar window and re-allocates each pixel's energy to its
cells (allocation, docs/architecture.md#reconstruction). Memory is bounded by the tile size
in both passes; the price is computing the mapping twice. Outputs go to temporaries renamed
at the end: either every requested file appears or none. Blocks are computed by ``workers``
threads and consumed here in plan order, so the outputs do not depend on the worker count.
"""
import dataclasses
import functools
import os
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional, Union

from ..blocks import check_backend, check_workers, shares_memory
from ..dem import DemRaster
from ..errors import ReconstructionCancelled, ReconstructionError, SimulationError
from ..output_commit import OutputSet, check_target
from ..products.look import look_metadata
from ..progress import OptionalProgress
from ..raster_io import TemporaryRasters
from ..simulation.block_plan import SceneBlocks
from ..simulation.options import SimulationOptions
from ..simulation.plan import ScenePlan, make_plan, outside_footprint_message
from .flat_footprint import FlatFootprint
from .global_simulation import GlobalSimulation, covered_measured_energy, window_contribution
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
    run: dict  # workers and executor of the block plan

    def walk(self, blocks, finish, progress, first, last, strip_done=None):
        """Yield ``finish(block)`` per block in plan order, with progress first..last.

        ``strip_done()`` is called after the last block of each strip.
        """
        def tick(done):
            _keep_going(progress, first + (last - first) * done)

        results = blocks.run(finish=finish, on_strip=tick, **self.run)
        try:
            for strip, tile, result in results:
                yield result
                if strip_done is not None and tile == blocks.layout.tiles - 1:
                    strip_done()
                tick(blocks.layout.fraction_done(strip, tile))
        finally:
            results.close()


class _Locked:
    """A shared reader whose ``read`` runs under a lock.

    One GDAL dataset must be read by one thread at a time.
    """

    def __init__(self, target, lock):
        self.target, self.lock = target, lock

    def __getstate__(self):
        """Pickle the target only (a worker process has its own copy and lock)."""
        return {"target": self.target}

    def __setstate__(self, state):
        """Give the copy a lock of its own."""
        self.target, self.lock = state["target"], threading.Lock()

    def read(self, window):
        """``target.read(window)`` under the lock."""
        with self.lock:
            return self.target.read(window)


def pass_one_block(block):
    """Pass 1 of one block in its worker: (window_contribution, cells inside the image)."""
    return window_contribution(block), int(block.in_image.sum())


def pass_two_block(measured, simulation, footprint, raster_shape, block):
    """Pass 2 of one block in its worker: (the block without its matrix, TileResult)."""
    result = reconstruct_tile(block, measured, simulation, footprint, raster_shape)
    return dataclasses.replace(block, matrix=None), result


def _keep_going(progress, fraction):
    if progress is None:
        return
    answer = progress(float(min(max(fraction, 0.0), 1.0)))
    if answer is not None and not answer:
        raise ReconstructionCancelled("The reconstruction was cancelled; no output was written.")


def _prepare(dem, geometry, measured, outputs, options, run):
    """Check and convert everything that can fail before a file exists."""
    options = options or ReconstructionOptions()
    try:
        simulation_options = options.simulation_options()
        outputs = ReconstructionOutputs.coerce(outputs)
        check_workers(run["workers"])
        check_backend(run["backend"])
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
    return _Scene(dem, geometry, measured, outputs, options, simulation_options, plan, run)


def _pass_one(scene, blocks, simulation, progress):
    """Accumulate S; return how many cells lie inside the image."""
    in_image = 0
    for contribution, cells in scene.walk(blocks, pass_one_block, progress, 0.0, PASS_ONE_END):
        simulation.add_window(*contribution)
        in_image += cells
    return in_image


def _no_measurement_message(window):
    return (f"The SAR raster has no valid pixel where the DEM lands (lines {window.line0}-"
            f"{window.line0 + window.lines - 1}, samples {window.sample0}-"
            f"{window.sample0 + window.samples - 1}): every pixel there is nodata, zero or not "
            "finite. Check the band, the input units and the raster's nodata value.")


def _pass_two(scene, blocks, simulation, writers, budget, progress):
    footprint = FlatFootprint(scene.dem, scene.geometry, scene.plan)
    io_lock = threading.Lock()
    finish = functools.partial(
        pass_two_block, _Locked(scene.measured, io_lock), _Locked(simulation, io_lock),
        footprint, (scene.geometry.lines, scene.geometry.samples))

    def forget():  # GDAL keeps the blocks read; a strip's windows overlap, the next ones less
        with io_lock:
            scene.measured.forget()
            simulation.forget()

    for block, result in scene.walk(blocks, finish, progress, PASS_TWO_START, 1.0, forget):
        budget.add_tile(block, result)
        put_tile(writers, block, result, scene.options.output_units)


def reconstruct_to_files(dem: "Union[DemRaster, str, os.PathLike[str]]",
                         geometry: "AcquisitionGeometry",
                         measured: "Union[MeasuredImage, str, os.PathLike[str]]",
                         outputs: "Union[ReconstructionOutputs, dict[str, Optional[str]]]",
                         options: Optional[ReconstructionOptions] = None,
                         progress: OptionalProgress = None,
                         output_set: Optional[OutputSet] = None,
                         warn: Optional[Callable[[str], None]] = None,
                         workers: int = 1, executor: Optional[object] = None,
                         backend: str = "threads") -> ReconstructionSummary:
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
    ``workers``: blocks computed at once (1: all in this thread), by threads or by
    ``backend`` "processes" (not inside QGIS); ``executor``: instead, an object with
    ``submit(function, *args)`` (see core.blocks). The outputs do not depend on them.
    """
    start = time.perf_counter()
    scene = _prepare(dem, geometry, measured, outputs, options,
                     {"workers": workers, "executor": executor, "backend": backend})
    _keep_going(progress, 0.0)
    files = TemporaryRasters(output_set)
    try:
        in_memory = None if shares_memory(backend, executor) else False
        with SceneBlocks(scene.dem, geometry, scene.simulation_options, scene.plan, True,
                         files.output_set, in_memory) as blocks:
            budget, pixels = _both_passes(scene, blocks, files, progress, warn)
        _keep_going(progress, 1.0)
        files.commit()
    except BaseException:
        files.discard()
        raise
    return ReconstructionSummary.from_budget(budget, scene.dem.width * scene.dem.height,
                                             pixels, time.perf_counter() - start)


def _both_passes(scene, blocks, files, progress, warn):
    """Pass 1, the measured energy, the outputs, pass 2; return (EnergyBudget, pixels)."""
    geometry = scene.geometry
    near = next(iter(scene.outputs.wanted().values()))
    simulation = GlobalSimulation(files, near, geometry)
    if _pass_one(scene, blocks, simulation, progress) == 0:
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
    _pass_two(scene, blocks, simulation, writers, budget, progress)
    return budget, pixels
