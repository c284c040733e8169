"""simulate_to_files: the imaging simulation of a DEM in a product's geometry, to GeoTIFFs.

Outputs (each optional):
- simulated: float32, radar geometry of the full product (geometry.lines x geometry.samples),
  tiled 256 x 256, DEFLATE, sparse; placed on the map with the product's GCPs (EPSG:4326).
  Value: simulated intensity as radar cross-section per pixel in m^2 (sum of facet area x
  sigma0 of the cells landing there). nodata = 0: a pixel that receives no energy (outside
  the DEM, or radar shadow) has no simulated return, and unwritten sparse blocks read as 0.
- mask: uint8 on the DEM grid, 0 clear, 1 layover, 2 shadow, 3 both, 255 nodata (no height,
  no geo2rdr solution, or the cell centre outside the image).
- lookup: float32 on the DEM grid, band 1 azimuth line, band 2 range sample (fractional,
  pixel centres at integers), NaN where the mask is 255.
- incidence: float32 local incidence angle in degrees on the DEM grid, NaN where the mask is
  255.
Everything is written to hidden temporaries next to the targets and renamed at the end;
errors and cancellation delete them, so either all requested files appear or none.

Blocks (block_plan.SceneBlocks) are computed by ``workers`` threads (or an executor) and
written in plan order by one writer thread (writer.BackgroundWriter, overlapping the
compression with the next block): the outputs are the same for any number of workers.
"""
import os
import time
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Optional, Union

import numpy as np
from osgeo import gdal

from ..blocks import check_backend, check_workers, shares_memory
from ..dem import DemRaster
from ..errors import SimulationCancelled, SimulationError
from ..output_commit import OutputSet
from ..progress import OptionalProgress
from ..raster_io import (
    COMPRESSED,
    SCRATCH,
    TILE,
    TemporaryRasters,
    describe_bands,
    georeference_like_dem,
    set_gcps,
)
from .block_plan import SceneBlocks
from .mapping import RadarWindow
from .mask import LAYOVER, LAYOVER_AND_SHADOW, NODATA, SHADOW
from .options import SimulationOptions
from .plan import make_plan, outside_footprint_message
from .speckle import apply_speckle
from .tile_writer import GridTiles
from .writer import BackgroundWriter

if TYPE_CHECKING:  # for the annotations only
    from ..products.acquisition import AcquisitionGeometry

__all__ = ["SimulationCancelled", "SimulationError", "SimulationOptions", "SimulationOutputs",
           "SimulationSummary", "simulate_to_files"]

SIMULATED_NODATA = 0.0
BLOCKS_SHARE = 0.9  # progress fraction spent on the blocks; the rest on the final pass


@dataclass
class SimulationOutputs:
    """Target paths; None (or empty) = not wanted."""

    simulated: Optional[str] = None
    mask: Optional[str] = None
    lookup: Optional[str] = None
    incidence: Optional[str] = None

    @classmethod
    def coerce(cls, outputs) -> "SimulationOutputs":  # outputs: as simulate_to_files
        """Return ``outputs`` as SimulationOutputs: None, the instance itself, or a dict.

        Raise ValueError for a key that names no output.
        """
        if outputs is None:
            return cls()
        if isinstance(outputs, cls):
            return outputs
        unknown = set(outputs) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"Unknown simulation outputs {sorted(unknown)}; use "
                             f"{[f.name for f in fields(cls)]}.")
        return cls(**{k: (os.fspath(v) if v else None) for k, v in outputs.items()})


@dataclass
class SimulationSummary:
    """Counts and layover/shadow shares of the DEM cells, the simulated energy, the settings.

    Shares 0..1 of ``cells_in_image``; ``total_energy_m2`` in m^2; ``seconds`` of processing.
    """

    cells_total: int  # DEM cells
    cells_processed: int  # cells with a height and a geo2rdr solution
    cells_in_image: int  # of those, cells whose centre lies inside the image
    layover_share: float  # shares among cells_in_image: layover only (code 1)
    shadow_share: float  # shadow only (code 2)
    both_share: float  # layover and shadow (code 3)
    radar_window: Optional[RadarWindow]  # bounding window of the pixels that got energy
    total_energy_m2: float  # noise-free sum of the simulated image (NaN: not simulated)
    oversampling: int  # sub-cells per DEM cell side
    halo_rows: int  # DEM rows added on each side of a strip for the layover/shadow sweep
    seconds: float

    def describe(self):
        """Return the summary as a list of sentences for the user's log."""
        lines = [f"{self.cells_processed} of {self.cells_total} DEM cells located in the radar "
                 f"geometry, {self.cells_in_image} inside the image.",
                 f"Layover {100 * self.layover_share:.2f} %, shadow "
                 f"{100 * self.shadow_share:.2f} %, both {100 * self.both_share:.2f} % of the "
                 f"cells inside the image."]
        if self.radar_window is not None:
            w = self.radar_window
            lines.append(f"Simulated energy in lines {w.line0}-{w.line0 + w.lines - 1}, "
                         f"samples {w.sample0}-{w.sample0 + w.samples - 1}.")
        lines.append(f"Oversampling {self.oversampling} x {self.oversampling} sub-cells per "
                     f"DEM cell, halo {self.halo_rows} rows.")
        lines.append(f"Simulation took {self.seconds:.1f} s.")
        return lines


def _keep_going(progress, fraction):
    if progress is None:
        return
    answer = progress(float(min(max(fraction, 0.0), 1.0)))
    if answer is not None and not answer:
        raise SimulationCancelled("The simulation was cancelled; no output was written.")


def _create(files, outputs, dem, geometry):
    w, h = dem.width, dem.height
    if outputs.mask:
        ds = files.create("mask", outputs.mask, w, h, 1, gdal.GDT_Byte, COMPRESSED)
        georeference_like_dem(ds, dem)
        describe_bands(ds, NODATA, ["layover/shadow: 0 clear, 1 layover, 2 shadow, 3 both"])
    if outputs.lookup:
        ds = files.create("lookup", outputs.lookup, w, h, 2, gdal.GDT_Float32, COMPRESSED)
        georeference_like_dem(ds, dem)
        describe_bands(ds, np.nan, ["azimuth line", "range sample"])
    if outputs.incidence:
        ds = files.create("incidence", outputs.incidence, w, h, 1, gdal.GDT_Float32, COMPRESSED)
        georeference_like_dem(ds, dem)
        describe_bands(ds, np.nan, ["local incidence angle (degrees)"])
    if outputs.simulated:
        size = (geometry.samples, geometry.lines)
        files.create("accumulator", outputs.simulated, *size, 1, gdal.GDT_Float32, SCRATCH,
                     scratch=True)
        ds = files.create("simulated", outputs.simulated, *size, 1, gdal.GDT_Float32, COMPRESSED)
        set_gcps(ds, geometry)
        describe_bands(ds, SIMULATED_NODATA, ["simulated intensity (m^2 per pixel)"])


def _accumulate(files, window, values):
    """Add ``values`` (float32) to one radar window of the accumulator (read, modify, write).

    Flushed at once so that GDAL's block cache (5 % of RAM by default) never holds more than
    one window.
    """
    dataset = files.dataset("accumulator")
    band = dataset.GetRasterBand(1)
    args = (window.sample0, window.line0, window.samples, window.lines)
    current = band.ReadAsArray(*args).astype(np.float32, copy=False)
    current += values
    band.WriteArray(current, window.sample0, window.line0)
    dataset.FlushCache()


def _grid_writers(files, outputs, dem):
    w, h = dem.width, dem.height
    writers = {}
    if outputs.mask:
        writers["mask"] = GridTiles(files, "mask", 1, w, h, np.uint8, NODATA)
    if outputs.lookup:
        writers["lookup"] = GridTiles(files, "lookup", 2, w, h, np.float32, np.nan)
    if outputs.incidence:
        writers["incidence"] = GridTiles(files, "incidence", 1, w, h, np.float32, np.nan)
    return writers


@dataclass
class SimulatedBlock:
    """What simulate_to_files writes of one block (reduced from its BlockMapping in a worker).

    ``image``: float32 intensity over ``window`` (None: nothing lands in the image);
    ``energy``: its float64 sum; per-cell arrays as BlockMapping's; ``mask_counts``: cells per
    mask code.
    """

    row0: int
    col0: int
    window: Optional[RadarWindow]
    image: Optional[np.ndarray]
    energy: float
    mask: np.ndarray
    lookup: tuple  # (line, sample) float64, NaN outside the image
    incidence_deg: np.ndarray  # NaN outside the image
    processed: int
    in_image: int
    mask_counts: np.ndarray


def simulated_block(block):
    """Return the SimulatedBlock of a BlockMapping (the ``finish`` of the block tasks)."""
    image = block.simulate()
    keep = block.in_image
    return SimulatedBlock(
        row0=block.row0, col0=block.col0, window=block.window,
        image=None if image is None else image.astype(np.float32),
        energy=0.0 if image is None else float(image.sum()), mask=block.mask,
        lookup=(np.where(keep, block.line, np.nan), np.where(keep, block.sample, np.nan)),
        incidence_deg=np.where(keep, block.incidence_deg, np.nan),
        processed=int(np.isfinite(block.line).sum()), in_image=int(keep.sum()),
        mask_counts=np.bincount(block.mask.ravel(), minlength=256))


def _put_cells(writers, block):
    at = (block.row0, block.col0)
    if "mask" in writers:
        writers["mask"].put(*at, [block.mask])
    if "lookup" in writers:
        writers["lookup"].put(*at, list(block.lookup))
    if "incidence" in writers:
        writers["incidence"].put(*at, [block.incidence_deg])


def _write_rows(dataset, values, sample0, line0):
    dataset.GetRasterBand(1).WriteArray(values, sample0, line0)
    dataset.FlushCache()


def _finish_simulated(files, window, options, progress):
    """Copy the touched window into the compressed output, applying speckle line by line.

    The copy runs over whole 256 x 256 tiles (zeros around the window cost nothing: sparse
    tiles of zeros are not written), so every compressed tile is written exactly once. The
    compressed writes run in a BackgroundWriter while the next rows are read.
    """
    source_ds, target_ds = files.dataset("accumulator"), files.dataset("simulated")
    source = source_ds.GetRasterBand(1)
    s0 = window.sample0 // TILE * TILE
    s1 = min(target_ds.RasterXSize, -(-(window.sample0 + window.samples) // TILE) * TILE)
    first = window.line0 // TILE * TILE
    end = min(target_ds.RasterYSize, window.line0 + window.lines)
    with BackgroundWriter(pending=1) as writer:
        for line in range(first, end, TILE):
            count = min(TILE, target_ds.RasterYSize - line)
            values = source.ReadAsArray(s0, line, s1 - s0, count).astype(np.float32)
            source_ds.FlushCache()
            apply_speckle(values, options.seed, options.speckle_looks, line, s0)
            writer.submit(_write_rows, target_ds, values, s0, line)
            done = (line + count - first) / max(end - first, 1)
            _keep_going(progress, BLOCKS_SHARE + (1 - BLOCKS_SHARE) * done)


class _Totals:
    """Counts, energy and radar window summed over the blocks, in plan order."""

    def __init__(self):
        self.processed = self.in_image = 0
        self.counts = np.zeros(256, dtype=np.int64)
        self.window, self.energy = None, 0.0

    def add(self, block):
        self.processed += block.processed
        self.in_image += block.in_image
        self.counts += block.mask_counts
        if block.image is not None:
            self.energy += block.energy
            self.window = block.window.union(self.window)


def _write_block(writers, files, outputs, block):
    """Write one SimulatedBlock: its cells into the grid outputs, its image into the sum."""
    _put_cells(writers, block)
    if block.image is not None and outputs.simulated:
        _accumulate(files, block.window, block.image)


def _write_blocks(scene, files, outputs, dem, progress, run):
    """Run the block plan and write every block (in a BackgroundWriter); return the _Totals."""
    writers = _grid_writers(files, outputs, dem)
    totals = _Totals()
    blocks = scene.run(finish=simulated_block, on_strip=lambda done: _keep_going(
        progress, BLOCKS_SHARE * done), **run)
    try:
        with BackgroundWriter() as writer:
            for strip, tile, block in blocks:
                totals.add(block)
                writer.submit(_write_block, writers, files, outputs, block)
                _keep_going(progress, BLOCKS_SHARE * scene.layout.fraction_done(strip, tile))
    finally:
        blocks.close()
    return totals


def simulate_to_files(dem: "Union[DemRaster, str, os.PathLike[str]]",
                      geometry: "AcquisitionGeometry",
                      outputs: "Union[SimulationOutputs, dict[str, Optional[str]]]",
                      options: Optional[SimulationOptions] = None,
                      progress: OptionalProgress = None,
                      output_set: Optional[OutputSet] = None,
                      workers: int = 1, executor: Optional[object] = None,
                      backend: str = "threads") -> "SimulationSummary":
    """Simulate the SAR image of ``dem`` in ``geometry`` and write the requested outputs.

    ``dem``: core.dem.DemRaster (or a path, read with the vertical datum from the file);
    ``geometry``: AcquisitionGeometry; ``outputs``: dict or SimulationOutputs of target paths
    (keys simulated, mask, lookup, incidence); ``progress(fraction) -> keep_going``.
    Raises SimulationError (DEM outside the image, bad options), SimulationCancelled and
    core.output_commit.OutputError (an output cannot be written). ``output_set``: an
    OutputSet the caller commits (after its last cancel check); None: committed here.
    ``workers``: blocks computed at once (1: all in this thread), by threads or by
    ``backend`` "processes" (not inside QGIS); ``executor``: instead, any object with
    ``submit(function, *args)`` (e.g. a dask.distributed Client; see core.blocks). The
    outputs do not depend on any of them.
    """
    start = time.perf_counter()
    try:
        options = (options or SimulationOptions()).validate()
        workers = check_workers(workers)
        check_backend(backend)
    except ValueError as exc:
        raise SimulationError(str(exc)) from exc
    if isinstance(dem, (str, os.PathLike)):
        dem = DemRaster(dem)
    outputs = SimulationOutputs.coerce(outputs)
    _keep_going(progress, 0.0)
    plan = make_plan(dem, geometry, options)  # fails fast, before any file exists
    files = TemporaryRasters(output_set)
    try:
        _create(files, outputs, dem, geometry)
        in_memory = None if shares_memory(backend, executor) else False
        with SceneBlocks(dem, geometry, options, plan, bool(outputs.simulated),
                         files.output_set, in_memory, image_only=True) as scene:
            totals = _write_blocks(scene, files, outputs, dem, progress,
                                   {"workers": workers, "executor": executor,
                                    "backend": backend})
        if totals.in_image == 0:
            raise SimulationError(outside_footprint_message(geometry))
        if outputs.simulated and totals.window is not None:
            _finish_simulated(files, totals.window, options, progress)
        _keep_going(progress, 1.0)
        files.commit()
    except BaseException:
        files.discard()
        raise
    in_image, window = totals.in_image, totals.window
    share = [totals.counts[c] / max(in_image, 1)
             for c in (LAYOVER, SHADOW, LAYOVER_AND_SHADOW)]
    return SimulationSummary(
        cells_total=dem.width * dem.height, cells_processed=totals.processed,
        cells_in_image=in_image, layover_share=float(share[0]), shadow_share=float(share[1]),
        both_share=float(share[2]), radar_window=window,
        total_energy_m2=totals.energy if outputs.simulated else float("nan"),
        oversampling=plan.oversampling,
        halo_rows=plan.halo_rows, seconds=time.perf_counter() - start)
