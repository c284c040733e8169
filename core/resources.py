"""Memory and disk a run will need, and the check against what the machine has free.

Both are estimated from the run's inputs before it starts.

Every algorithm builds an :class:`Estimate` (peak memory above what the calling process already
holds, and bytes written per folder: outputs, their hidden temporaries, scratch files) from
sizes it knows before the first block: raster sizes, block rows, tile sizes, the simulation
plan. :func:`check` compares it with MemAvailable and the free space of each folder's file
system and returns a message with the numbers and the fix, or ''. An unknown amount of free
memory or disk never refuses a run.

The memory models are fitted to measurements (``scripts/measure_resources.py``: the increase of
VmHWM over the state after imports and opening the inputs, one process per size, on this
repository's sample data), not derived from array counts; each constant says where it comes
from. They are rounded up so that the estimate is an upper bound of the measured peaks with a
margin (``MEMORY_MARGIN``), not a guess that a large run would exceed.
"""
import math
import os
import shutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Optional, Union

if TYPE_CHECKING:  # for the annotations only
    from .dem import DemRaster
    from .products.acquisition import AcquisitionGeometry
    from .simulation.options import SimulationOptions
    from .simulation.plan import ScenePlan

FilePath = Union[str, "os.PathLike[str]"]
Outputs = Mapping[str, Optional[FilePath]]  # output name -> target path or None (not wanted)

MIB = 1 << 20
GIB = 1 << 30
MEMORY_MARGIN = 1.25  # on top of every fitted model: allocator slack, CPU-dependent libraries

# -- simulate_sar / reconstruct_layover ------------------------------------------------------
# Peak memory of one strip of the simulation, per DEM cell of the strip (width x (block rows +
# 2 halo rows)) and per sub-cell (cells x oversampling^2). Measured increments of
# simulate_to_files on the Ötztal DEM resampled (strip cells, oversampling -> MB): 600², 256
# rows (178,800, 16) -> 431; 1200², 256 rows (400,800, 8) -> 258; 2400², 256 rows (964,800,
# 4) -> 178; 1200², 64 rows (170,400, 8) -> 185; and 1000 rows of the DEM resampled to
# 20,000² (6 m cells: the strips of the 20,000² run; halo 279 rows, 16,280,000, 1) ->
# 2593. Least squares: -17 MB + 159 B per cell + 9.3 B per sub-cell; the constants below
# bound all five before MEMORY_MARGIN (by 1.05 to 2.1 x; the loosest at the smallest runs).
SIMULATE_BASE_BYTES = 112 * MIB
SIMULATE_BYTES_PER_STRIP_CELL = 160
SIMULATE_BYTES_PER_STRIP_SUBCELL = 8
# reconstruct_to_files runs the same strips twice and holds the flat footprint, the global
# simulation's windows and the allocation besides: 600², 256 rows (178,800 cells,
# oversampling 16) -> 683 MB, 1.4 x what the simulate constants give; scaled by 1.5.
RECONSTRUCT_BASE_BYTES = 168 * MIB
RECONSTRUCT_BYTES_PER_STRIP_CELL = 240
RECONSTRUCT_BYTES_PER_STRIP_SUBCELL = 12
TIFF_TILE = 256  # tile size of every scratch GeoTIFF: written windows are whole tiles

# -- compare_dem ------------------------------------------------------------------------------
# Per cell of a reference strip (float64 lon, lat, heights, warped estimate, errors, masks and
# GDAL's warp buffers) plus GDAL's block cache, which keeps the blocks read and written up to
# its limit (gdal.GetCacheMax(), 5 % of the RAM by default): the 2 GB of a 20,000² reference
# were mostly that cache. Measured increments of compare_dems (reference size, rows per
# strip, bytes touched -> MB): 2000², 256, 36 MB -> 187; 4000², 256, 144 MB -> 408; 8000²,
# 256, 576 MB -> 954; 4000², 64, 144 MB -> 247. The constants bound all four before
# MEMORY_MARGIN (by 1.05 to 1.27 x).
COMPARE_BASE_BYTES = 48 * MIB
COMPARE_BYTES_PER_STRIP_CELL = 300
COMPARE_HISTOGRAM_BYTES = 400_000 * 8  # the 1 cm histogram of ±2000 m, per class and "all"

# -- estimate_height --------------------------------------------------------------------------
# Per pixel of a strip of one tile row (SAR, priors' channels, blended heights and weights),
# from scripts/bench_strips.py (README: 50 and 95 MB above the loaded model at 2000² and
# 4000² with 128-pixel tiles, i.e. 22.5 kB per column = 176 B per pixel of a 128-row strip);
# per pixel of a batch of tiles, onnxruntime's activations: the bundled model on batches of
# 1, 4 and 16 tiles of 128² added 8.9, 48 and 208 MB (about 830 B per pixel).
ESTIMATE_BASE_BYTES = 16 * MIB
ESTIMATE_BYTES_PER_STRIP_PIXEL = 200
ESTIMATE_BYTES_PER_BATCH_PIXEL = 900
ESTIMATE_BYTES_PER_PRIOR = 200  # PriorPoints (24 B) and the KD-tree over them

# -- stereo_radargrammetry ----------------------------------------------------------------------
# The output grid is accumulated whole (4 float64 sums, then height, confidence and count and
# their cropped copies): about 100 B per output cell; the automatic output pixel is never
# finer than the reference pixel, so the reference's pixel count bounds the cells. Patches:
# README stereo row, 136 MB (POC, 256 px) and 211 MB (deep, 128 px) peak on a 0.94 MP pair,
# 103 and 129 MB after loading.
STEREO_BASE_BYTES = 128 * MIB
STEREO_BYTES_PER_GRID_CELL = 100

# -- point_target_height ----------------------------------------------------------------------
# Scanned in blocks of 1024 lines (complex64): README point-target row, 262 MB peak on a
# 4096-sample SLC, about 160 MB above the imports = 5 x the 32 MB block.
POINT_TARGET_BLOCK_LINES = 1024
POINT_TARGET_BLOCK_COPIES = 6
POINT_TARGET_BASE_BYTES = 64 * MIB


@dataclass
class Estimate:
    """Peak memory and bytes written per folder that a run will need.

    ``memory_bytes``: peak memory in bytes above what the process holds now;
    ``disk_bytes_by_folder``: bytes written per folder; ``memory_fix``: what the user can change
    to need less memory (a sentence).
    """

    memory_bytes: int
    disk_bytes_by_folder: dict[str, int] = field(default_factory=dict)
    memory_fix: str = ""

    def describe(self) -> str:
        """One line for the log."""
        disk = "; ".join(f"{size_text(size)} in {folder}"
                         for folder, size in sorted(self.disk_bytes_by_folder.items()))
        return (f"Estimated peak memory {size_text(self.memory_bytes)}; disk: "
                f"{disk or 'nothing written'}.")


def size_text(size_bytes: float) -> str:
    """'0.4 MB', '812 MB', '4.6 GB' (binary units, the way the numbers are checked)."""
    if size_bytes >= GIB:
        return f"{size_bytes / GIB:.1f} GB"
    return f"{size_bytes / MIB:.0f} MB" if size_bytes >= 10 * MIB else f"{size_bytes / MIB:.1f} MB"


def with_margin(size_bytes: float) -> int:
    """Return ``size_bytes`` times MEMORY_MARGIN, rounded up to whole bytes."""
    return int(math.ceil(size_bytes * MEMORY_MARGIN))


def add_disk(disk: dict[str, int], path: Optional[FilePath], size_bytes: float) -> dict[str, int]:
    """Add ``size_bytes`` written next to ``path`` (a file) to ``disk`` (folder -> bytes)."""
    if path:
        folder = os.path.dirname(os.path.abspath(os.fspath(path)))
        disk[folder] = disk.get(folder, 0) + int(size_bytes)
    return disk


def add_scratch(disk: dict[str, int], size_bytes: float) -> dict[str, int]:
    """Add ``size_bytes`` of scratch files (core.output_commit.scratch_folder) to ``disk``."""
    from .output_commit import scratch_folder

    return add_disk(disk, os.path.join(scratch_folder(), "scratch"), size_bytes)


# -- what the machine has -------------------------------------------------------------------------
def available_memory_bytes() -> Optional[int]:
    """Return the memory available to a new allocation without swapping (bytes), or None.

    Linux's MemAvailable (free + reclaimable cache), else the free physical pages; None when
    neither can be read (Windows).
    """
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None  # Windows: no sysconf; unknown never refuses


def _existing_parent(folder: str) -> str:
    """``folder`` or its nearest parent that exists (an output folder may not exist yet)."""
    path = os.path.abspath(folder)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    return path


def free_disk_bytes(folder: str) -> Optional[int]:
    """Free bytes on the file system of ``folder`` (its nearest existing parent), or None."""
    try:
        return shutil.disk_usage(_existing_parent(folder)).free
    except OSError:
        return None


def _device(folder: str) -> Union[int, str]:
    path = _existing_parent(folder)
    try:
        return os.stat(path).st_dev
    except OSError:
        return path


# -- the check ------------------------------------------------------------------------------------
def check(estimate: Estimate) -> str:
    """'' when the run fits; else what is short, by how much, and the fix."""
    problems = []
    available = available_memory_bytes()
    if available is not None and estimate.memory_bytes > available:
        problems.append(
            f"This run needs about {size_text(estimate.memory_bytes)} of memory, but only "
            f"{size_text(available)} are available. {estimate.memory_fix}".strip())
    # folders on one file system share its free space
    by_device: dict[Union[int, str], tuple[list[str], int]] = {}
    for folder, size in estimate.disk_bytes_by_folder.items():
        folders, total = by_device.get(_device(folder), ([], 0))
        by_device[_device(folder)] = (folders + [folder], total + size)
    for folders, total in by_device.values():
        free = free_disk_bytes(folders[0])
        if free is not None and total > free:
            names = ", ".join(sorted(folders))
            problems.append(
                f"This run writes about {size_text(total)} to {names}, but only "
                f"{size_text(free)} are free there. Free disk space there or choose output "
                f"files on another disk.")
    return " ".join(problems)


# -- the models -----------------------------------------------------------------------------------
def gdal_cache_bytes(touched_bytes: float) -> int:
    """GDAL's block cache grows with the raster bytes read and written, up to its limit."""
    from osgeo import gdal

    return min(int(touched_bytes), int(gdal.GetCacheMax()))


def simulation_memory_bytes(width: int, block_rows: int, halo_rows: int, oversampling: int,
                            reconstruct: bool = False) -> int:
    """Return the peak memory (bytes, with margin) of simulate_to_files or reconstruct_to_files.

    For a DEM ``width`` cells wide, strips of ``block_rows`` rows, and the plan's halo rows and
    oversampling.
    """
    strip_cells = width * (min(block_rows, 10**9) + 2 * halo_rows)
    if reconstruct:
        base, per_cell, per_subcell = (RECONSTRUCT_BASE_BYTES, RECONSTRUCT_BYTES_PER_STRIP_CELL,
                                       RECONSTRUCT_BYTES_PER_STRIP_SUBCELL)
    else:
        base, per_cell, per_subcell = (SIMULATE_BASE_BYTES, SIMULATE_BYTES_PER_STRIP_CELL,
                                       SIMULATE_BYTES_PER_STRIP_SUBCELL)
    # the strip's DEM-grid rows wait in the tile-row writers until 256 rows are complete
    writers = width * TIFF_TILE * 13
    return with_margin(base + strip_cells * (per_cell + per_subcell * oversampling ** 2)
                       + writers)


def radar_window_pixels(dem_cells: int, lines_per_cell: float, samples_per_cell: float,
                        lines: int, samples: int) -> int:
    """Radar pixels the DEM's energy lands in (whole 256² tiles), at most the image."""
    touched = dem_cells * max(lines_per_cell, 0.0) * max(samples_per_cell, 0.0)
    if not math.isfinite(touched):
        touched = lines * samples
    side = math.sqrt(max(touched, 1.0)) + 2 * TIFF_TILE
    return int(min(side * side, lines * samples))


def simulation_estimate(plan: "ScenePlan", width: int, height: int, lines: int, samples: int,
                        block_rows: int, outputs: Outputs, reconstruct: bool = False,
                        ) -> Estimate:
    """Return the Estimate of simulate_to_files / reconstruct_to_files.

    ``plan``: the ScenePlan; ``outputs``: name -> target path or None (simulated, mask, lookup,
    incidence; reconstructed, geocoded, mask, mixing).
    """
    cells = width * height
    radar = radar_window_pixels(cells, plan.lines_per_cell, plan.samples_per_cell, lines,
                                samples)
    disk: dict[str, int] = {}
    grid_bytes = {"mask": 1, "lookup": 8, "incidence": 4, "reconstructed": 4, "geocoded": 4,
                  "mixing": 4}
    for name, path in outputs.items():
        if name == "simulated" and path:
            # the compressed output and its uncompressed scratch accumulator, window only
            add_disk(disk, path, radar * 4)
            add_scratch(disk, radar * 4)
        elif path:
            add_disk(disk, path, cells * grid_bytes.get(name, 8))
    if reconstruct:
        add_scratch(disk, radar * 8)  # the global simulation's scratch raster
    memory = simulation_memory_bytes(width, block_rows, plan.halo_rows, plan.oversampling,
                                     reconstruct)
    return Estimate(memory, disk, (
        f"Crop the DEM to the area of interest (it is {width} x {height} cells; the memory "
        f"grows with its width and the layover reach of {plan.halo_rows} rows on each side of "
        f"a strip), resample it coarser, or lower the block size ({block_rows} rows)."))


def compare_estimate(reference_width: int, reference_height: int, strip_rows: int,
                     touched_bytes: int, classes: int, error_path: Optional[FilePath],
                     report_path: Optional[FilePath]) -> Estimate:
    """Return the Estimate of compare_dems.

    ``touched_bytes``: bytes of the rasters read and written (reference, estimate, mask, error
    raster); ``classes``: mask classes (0 without mask).
    """
    strip = reference_width * strip_rows * COMPARE_BYTES_PER_STRIP_CELL
    memory = with_margin(COMPARE_BASE_BYTES + strip + gdal_cache_bytes(touched_bytes)
                         + (1 + classes) * COMPARE_HISTOGRAM_BYTES)
    disk = add_disk({}, error_path, reference_width * reference_height * 4)
    add_disk(disk, report_path, 2 * MIB)
    return Estimate(memory, disk, (
        f"Lower the block size ({strip_rows} reference rows per strip), or set a smaller "
        f"GDAL_CACHEMAX (GDAL's block cache), or crop the reference DEM."))


def inference_estimate(width: int, height: int, tile_size: int, batch_size: int, priors: int,
                       output_path: Optional[FilePath], prior_dem: bool = False) -> Estimate:
    """Return the Estimate of estimate_height for a ``width`` x ``height`` SAR raster.

    ``priors``: at most this many prior points; ``prior_dem``: a prior DEM is resampled onto
    the SAR grid first (float32 scratch raster of the SAR's size,
    core.inference.height_raster.dem_prior_points).
    """
    strip = width * tile_size * ESTIMATE_BYTES_PER_STRIP_PIXEL
    batch = batch_size * tile_size * tile_size * ESTIMATE_BYTES_PER_BATCH_PIXEL
    memory = with_margin(ESTIMATE_BASE_BYTES + strip + batch
                         + priors * ESTIMATE_BYTES_PER_PRIOR)
    disk = add_disk({}, output_path, width * height * 4)  # float32 heights, hidden partial
    if prior_dem:
        add_scratch(disk, width * height * 4)
    return Estimate(memory, disk, (
        f"Lower the tiles per batch ({batch_size}) or the tile size ({tile_size} pixels), or "
        f"crop the SAR image (it is {width} pixels wide; memory grows with the width)."))


def stereo_estimate(grid_cells: int, outputs: Outputs) -> Estimate:
    """Return the Estimate of stereo_dem_to_files for an output grid of about ``grid_cells`` cells.

    ``outputs``: name -> target path or None.
    """
    memory = with_margin(STEREO_BASE_BYTES + grid_cells * STEREO_BYTES_PER_GRID_CELL)
    disk: dict[str, int] = {}
    for path in outputs.values():
        add_disk(disk, path, grid_cells * 4)
    return Estimate(memory, disk, (
        "Choose a larger output pixel size (OUTPUT_PIXEL_SIZE; 0 = automatic) or crop both "
        "images to the area of interest."))


def stereo_run_estimate(reference: "AcquisitionGeometry", height_m: float,
                        match_step_px: int, pixel_size_m: float, outputs: Outputs) -> Estimate:
    """Return the :func:`stereo_estimate` for the reference geometry.

    The grid covers at most the reference image's ground (pixels x their larger ground extent
    squared bounds it), cells ``pixel_size_m`` apart (0: the automatic size). The factor 2
    covers the north-up bounding box of a footprint rotated against the grid.
    """
    from .stereo.dem_files import automatic_pixel_size_m
    from .stereo.patches import pixel_ground_size_m

    pixels = reference.lines * reference.samples
    try:
        ground = pixel_ground_size_m(reference, height_m)
        spacing = pixel_size_m or automatic_pixel_size_m(reference, height_m, match_step_px)
        cells = 2.0 * pixels * (ground / spacing) ** 2
    except (ValueError, ZeroDivisionError, ArithmeticError):
        cells = pixels  # the run itself reports the unusable geometry
    return stereo_estimate(int(min(cells, 1e13)), outputs)


def point_target_estimate(samples: int) -> Estimate:
    """Estimate of estimate_point_heights on an SLC ``samples`` wide (read in blocks)."""
    block = POINT_TARGET_BLOCK_LINES * samples * 8
    return Estimate(with_margin(POINT_TARGET_BASE_BYTES + POINT_TARGET_BLOCK_COPIES * block), {},
                    "Limit the search with AREA.")


def simulation_run_estimate(dem: "DemRaster", geometry: "AcquisitionGeometry",
                            options: "SimulationOptions", outputs: Outputs,
                            reconstruct: bool = False) -> Estimate:
    """Return the :func:`simulation_estimate` for the DEM, the geometry and SimulationOptions.

    Makes the scene plan (the halo and oversampling depend on the relief and the cell size; it
    raises SimulationError when the DEM misses the image, before anything is written).
    """
    from .simulation.plan import make_plan

    plan = make_plan(dem, geometry, options)
    return simulation_estimate(plan, dem.width, dem.height, geometry.lines, geometry.samples,
                               int(options.block_rows), outputs, reconstruct)


def _raster_bytes(path: Optional[FilePath]) -> int:
    """Return the decoded size (bytes) of all bands of the raster at ``path``.

    0 when there is no path or GDAL cannot open it: the run's own reader then says why.
    """
    from osgeo import gdal

    if not path:
        return 0
    try:
        dataset = gdal.Open(str(path))
    except RuntimeError:
        return 0
    if dataset is None or dataset.RasterCount == 0:
        return 0
    item = gdal.GetDataTypeSize(dataset.GetRasterBand(1).DataType) // 8
    return dataset.RasterXSize * dataset.RasterYSize * dataset.RasterCount * item


def compare_run_estimate(estimate_path: FilePath, reference_path: FilePath,
                         mask_path: Optional[FilePath], block_rows: int,
                         error_path: Optional[FilePath],
                         report_path: Optional[FilePath]) -> Estimate:
    """:func:`compare_estimate` from the files (sizes only; nothing is read)."""
    from osgeo import gdal

    from .evaluation.compare import MAX_BLOCK_CELLS
    from .evaluation.statistics import MAX_CLASSES

    try:
        reference = gdal.Open(str(reference_path))
        width, height = reference.RasterXSize, reference.RasterYSize
    except (RuntimeError, AttributeError):
        return Estimate(0)  # compare_dems says what is wrong with the reference
    strip_rows = max(1, min(int(block_rows), MAX_BLOCK_CELLS // max(1, width)))
    touched = (_raster_bytes(reference_path) + _raster_bytes(estimate_path)
               + _raster_bytes(mask_path) + (width * height * 4 if error_path else 0))
    # np.zeros histograms stay unallocated where no error falls (calloc): a mask's classes
    # cost their touched spans only; 8 full histograms bound the usual few classes
    classes = min(8, MAX_CLASSES) if mask_path else 0
    return compare_estimate(width, height, strip_rows, touched, classes, error_path,
                            report_path)
