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
"""
import os
import time
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Optional, Union

import numpy as np
from osgeo import gdal

from ..dem import DemRaster
from ..errors import SimulationCancelled, SimulationError
from ..output_commit import OutputSet
from ..progress import OptionalProgress
from ..raster_io import (
    COMPRESSED,
    SCRATCH,
    TILE,
    GridRows,
    TemporaryRasters,
    describe_bands,
    georeference_like_dem,
    set_gcps,
)
from .block_plan import iter_block_mappings
from .mapping import RadarWindow
from .mask import LAYOVER, LAYOVER_AND_SHADOW, NODATA, SHADOW
from .options import SimulationOptions
from .plan import make_plan, outside_footprint_message
from .speckle import apply_speckle

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
    """Add ``values`` to one radar window of the accumulator (read, modify, write).

    Flushed at once so that GDAL's block cache (5 % of RAM by default) never holds more than
    one window.
    """
    dataset = files.dataset("accumulator")
    band = dataset.GetRasterBand(1)
    args = (window.sample0, window.line0, window.samples, window.lines)
    current = band.ReadAsArray(*args).astype(np.float32)
    current += values.astype(np.float32)
    band.WriteArray(current, window.sample0, window.line0)
    dataset.FlushCache()


def _grid_writers(files, outputs, dem):
    w, h = dem.width, dem.height
    writers = {}
    if outputs.mask:
        writers["mask"] = GridRows(files, "mask", 1, w, h, np.uint8, NODATA)
    if outputs.lookup:
        writers["lookup"] = GridRows(files, "lookup", 2, w, h, np.float32, np.nan)
    if outputs.incidence:
        writers["incidence"] = GridRows(files, "incidence", 1, w, h, np.float32, np.nan)
    return writers


def _put_cells(writers, block, width):
    at = (block.row0, block.col0)
    if "mask" in writers:
        writers["mask"].put(*at, [block.mask])
    if "lookup" in writers:
        keep = block.in_image
        writers["lookup"].put(*at, [np.where(keep, block.line, np.nan),
                                    np.where(keep, block.sample, np.nan)])
    if "incidence" in writers:
        writers["incidence"].put(*at, [np.where(block.in_image, block.incidence_deg, np.nan)])
    if block.col0 + block.cols == width:  # the strip is complete
        for writer in writers.values():
            writer.write_complete(block.row0 + block.rows)


def _finish_simulated(files, window, options, progress):
    """Copy the touched window into the compressed output, applying speckle line by line.

    The copy runs over whole 256 x 256 tiles (zeros around the window cost nothing: sparse
    tiles of zeros are not written), so every compressed tile is written exactly once.
    """
    source_ds, target_ds = files.dataset("accumulator"), files.dataset("simulated")
    source, target = source_ds.GetRasterBand(1), target_ds.GetRasterBand(1)
    s0 = window.sample0 // TILE * TILE
    s1 = min(target_ds.RasterXSize, -(-(window.sample0 + window.samples) // TILE) * TILE)
    first = window.line0 // TILE * TILE
    end = min(target_ds.RasterYSize, window.line0 + window.lines)
    for line in range(first, end, TILE):
        count = min(TILE, target_ds.RasterYSize - line)
        values = source.ReadAsArray(s0, line, s1 - s0, count).astype(np.float32)
        apply_speckle(values, options.seed, options.speckle_looks, line, s0)
        target.WriteArray(values, s0, line)
        target_ds.FlushCache()
        source_ds.FlushCache()
        done = (line + count - first) / max(end - first, 1)
        _keep_going(progress, BLOCKS_SHARE + (1 - BLOCKS_SHARE) * done)


def simulate_to_files(dem: "Union[DemRaster, str, os.PathLike[str]]",
                      geometry: "AcquisitionGeometry",
                      outputs: "Union[SimulationOutputs, dict[str, Optional[str]]]",
                      options: Optional[SimulationOptions] = None,
                      progress: OptionalProgress = None,
                      output_set: Optional[OutputSet] = None) -> "SimulationSummary":
    """Simulate the SAR image of ``dem`` in ``geometry`` and write the requested outputs.

    ``dem``: core.dem.DemRaster (or a path, read with the vertical datum from the file);
    ``geometry``: AcquisitionGeometry; ``outputs``: dict or SimulationOutputs of target paths
    (keys simulated, mask, lookup, incidence); ``progress(fraction) -> keep_going``.
    Raises SimulationError (DEM outside the image, bad options), SimulationCancelled and
    core.output_commit.OutputError (an output cannot be written). ``output_set``: an
    OutputSet the caller commits (after its last cancel check); None: committed here.
    """
    start = time.perf_counter()
    try:
        options = (options or SimulationOptions()).validate()
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
        writers = _grid_writers(files, outputs, dem)
        processed = in_image = 0
        counts = np.zeros(256, dtype=np.int64)
        window, energy = None, 0.0
        for block in iter_block_mappings(dem, geometry, options, plan,
                                         with_mapping=bool(outputs.simulated)):
            _put_cells(writers, block, dem.width)
            processed += int(np.isfinite(block.line).sum())
            in_image += int(block.in_image.sum())
            counts += np.bincount(block.mask.ravel(), minlength=256)
            image = block.simulate()
            if image is not None:
                energy += float(image.sum())
                window = block.window.union(window)
                if outputs.simulated:
                    _accumulate(files, block.window, image)
            if block.col0 + block.cols == dem.width:
                dem.dataset.FlushCache()  # drop the DEM blocks read so far from GDAL's cache
            _keep_going(progress, BLOCKS_SHARE * block.fraction_done)
        if in_image == 0:
            raise SimulationError(outside_footprint_message(geometry))
        if outputs.simulated and window is not None:
            _finish_simulated(files, window, options, progress)
        _keep_going(progress, 1.0)
        files.commit()
    except BaseException:
        files.discard()
        raise
    share = [counts[c] / max(in_image, 1) for c in (LAYOVER, SHADOW, LAYOVER_AND_SHADOW)]
    return SimulationSummary(
        cells_total=dem.width * dem.height, cells_processed=processed, cells_in_image=in_image,
        layover_share=float(share[0]), shadow_share=float(share[1]), both_share=float(share[2]),
        radar_window=window, total_energy_m2=energy if outputs.simulated else float("nan"),
        oversampling=plan.oversampling,
        halo_rows=plan.halo_rows, seconds=time.perf_counter() - start)
