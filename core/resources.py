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
repository's sample data), not derived from array counts alone; each constant says where it
comes from. The simulation's follow the block plan (sizes from core.simulation's own layout
and store), with constants fitted to runs at 1 and 2 workers. They are rounded up so that the
estimate is an upper bound of the measured peaks with a margin (``MEMORY_MARGIN``), not a
guess that a large run would exceed.
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
# The simulation runs as a plan of block tasks (core.simulation.block_plan, issue 16): strips of
# block_rows rows cut into column tiles of at most 65,536 cells (layout.TILE_CELLS_RANGE). Each
# worker holds one task at a time: a strip task computes the geometry of one row group
# (plan.GROUP_CELLS cells), a block task one block's sweep, mapping and result. The strips of
# the halo wait in a PieceStore, in memory up to block_plan.STORE_IN_MEMORY_BYTES, else in a
# scratch file (disk, not memory). What still grows with the DEM's width: the strips'
# summaries for the sweep (sweep.BinExtremes rows), a row of GDAL's DEM blocks, and the
# output tiles waiting for their cells when strips are no multiple of 256 rows.
# Per worker: BLOCK_TASK_BYTES (strip task; a block's per-cell arrays and neighbours) plus,
# for the block's mapping, the sub-cells of one vectorised chunk (mapping.CHUNK_SUBCELLS), the
# matrix entries (at most 4 per sub-cell, about (extent + 2)^2 per cell) and the radar window
# (the block's image, its results waiting to be written; for the reconstruction also the
# measured image, S and counts read over it in pass 2).
# Measured increments (VmHWM reset to the resident memory after opening the inputs and
# releasing the free heap, through /proc/self/clear_refs; one process per case; the Ötztal DEM
# resampled, Sentinel-1 GRD, all four outputs; MB with 1 / 2 workers; 2026-12-07, with the
# background writer and eager strip tasks; test_resources.MEASURED keeps the cases):
# simulate_to_files 300² (oversampling 16, blocks of 14,848 cells, 2.95 M matrix entries,
# 4.7 M window pixels) 244 / 405; 1000² (10; 65,536 cells, 2.14 M, 1.25 M) 145 / 246;
# 2000² (5; 0.98 M, 0.43 M) 89 / 212, 64-row strips - / 244, 200-row strips - / 209;
# 4000² (3) 103 / 250; 16,000 x 768 (1; 0.26 M entries) 148 / 179, 200-row strips - / 205.
# The base holds the background writer (core.simulation.writer: its thread's heap and the
# block it compresses), which the earlier measurements without it lacked (16,000 x 768 with
# one worker: 81 MB then, 148 MB with the writer). The constants bound every case before
# MEMORY_MARGIN (by 1.08 to 2.04 x; the tightest 4000² with two workers), and each added
# worker costs at least the measured step from 1 to 2 workers (31 to 161 MB). Since then
# simulate_to_files splats each block's image directly (mapping.splat_image) and no longer
# builds its matrix: the mapping-entry term still counts for it, an over-estimate kept (the
# same block sizes serve reconstruct_to_files, which does build it) until re-measured.
SIMULATE_BASE_BYTES = 48 * MIB
BLOCK_TASK_BYTES = 76 * MIB
BYTES_PER_CHUNK_SUBCELL = 64  # sub-cell positions, splat weights and bins of one chunk
BYTES_PER_MAPPING_ENTRY = 24  # CSC and CSR copies of the block's matrix, the entry lists
SIMULATE_BYTES_PER_WINDOW_PIXEL = 16  # float64 image, float32 results in flight
# reconstruct_to_files: the same blocks twice (one pass after the other) plus, per worker, the
# window reads of pass 2 (float64 I, S and counts, the ratio; allocation.allocate_energy).
# Measured as above: 300² 513 / 756; 1000² 220 / 384; 2000² 153 / 280, 64-row strips - / 339;
# 4000² 162 / 267; 16,000 x 768 94 / 190 (an earlier run, not repeated). Bounded by 1.1 to
# 2.33 x (the tightest at 300², one worker).
RECONSTRUCT_BASE_BYTES = 80 * MIB
RECONSTRUCT_BYTES_PER_WINDOW_PIXEL = 64
SUMMARY_ROW_BYTES = 68  # one sweep.BinExtremes row (10 fields)
GRID_OUTPUT_BYTES_PER_CELL = 13  # waiting output tiles: mask 1 + lookup 8 + incidence 4 B
TIFF_TILE = 256  # tile size of every GeoTIFF written: windows are whole tiles

# -- compare_dem ------------------------------------------------------------------------------
# Per cell of a reference strip (float64 lon, lat, heights, warped estimate, errors, masks and
# GDAL's warp buffers) plus GDAL's block cache, which keeps the blocks read and written up to
# its limit (gdal.GetCacheMax(), 5 % of the RAM by default): the 2 GB of a 20,000² reference
# were mostly that cache. Measured increments of compare_dems (reference size, rows per
# strip, bytes touched -> MB), first with the free heap of making the inputs still mapped:
# 2000², 256, 36 MB -> 187; 4000², 256, 144 MB -> 408; 8000², 256, 576 MB -> 954; 4000², 64,
# 144 MB -> 247; again on 2026-12-07 after releasing it (core.heap.release_free_heap): 126,
# 239, 742 and 191 MB. The constants bound the first four before MEMORY_MARGIN (by 1.05 to
# 1.27 x), the second by 1.37 to 2.02 x; they stay at the first, since how much freed heap an
# allocator keeps mapped differs between machines.
COMPARE_BASE_BYTES = 48 * MIB
COMPARE_BYTES_PER_STRIP_CELL = 300
COMPARE_HISTOGRAM_BYTES = 400_000 * 8  # the 1 cm histogram of ±2000 m, per class and "all"
# a computed strip waiting for its turn (WORKERS > 1): errors (float64), have_reference (bool)
# and classes (int64) per cell
COMPARE_BYTES_PER_WAITING_CELL = 17

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
# Each worker beyond the first matches one more patch: at most what one patch took above the
# loaded inputs in those runs (33 MB POC, 82 MB deep); measured for the second worker: +23 MB
# with either matcher (benchmarks/bench_blocks.py, 300 m scene).
STEREO_BYTES_PER_EXTRA_WORKER = 96 * MIB

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
    to need less memory (a sentence); ``disk_fix``: what to change when a disk is short, added
    after the folders and sizes (sentences; may be empty).
    """

    memory_bytes: int
    disk_bytes_by_folder: dict[str, int] = field(default_factory=dict)
    memory_fix: str = ""
    disk_fix: str = ""

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


def _scratch_path() -> str:
    """Return the absolute scratch folder (core.output_commit.scratch_folder)."""
    from .output_commit import scratch_folder

    return os.path.abspath(scratch_folder())


def add_scratch(disk: dict[str, int], size_bytes: float) -> dict[str, int]:
    """Add ``size_bytes`` of scratch files (core.output_commit.scratch_folder) to ``disk``."""
    return add_disk(disk, os.path.join(_scratch_path(), "scratch"), size_bytes)


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
                f"files on another disk.{_scratch_hint(estimate, folders)}")
    return " ".join(problems)


def _scratch_hint(estimate: Estimate, folders: list[str]) -> str:
    """Return what to do about the scratch files when their folder is one of ``folders``.

    The estimate's disk_fix, else a sentence naming the folder and how to move it; '' when the
    scratch folder is not among ``folders``.
    """
    scratch = _scratch_path()
    if scratch not in (os.path.abspath(f) for f in folders):
        return ""
    return " " + (estimate.disk_fix.strip() or (
        f"Scratch files go to the temporary folder {scratch} (set TMPDIR, or TEMP on Windows, "
        f"to move them)."))


# -- the models -----------------------------------------------------------------------------------
def gdal_cache_bytes(touched_bytes: float) -> int:
    """GDAL's block cache grows with the raster bytes read and written, up to its limit."""
    from osgeo import gdal

    return min(int(touched_bytes), int(gdal.GetCacheMax()))


class _Grid:
    """The size of a DEM: what layout.make_layout reads of it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = int(width), int(height)


@dataclass
class BlockSizes:
    """Sizes of a run's block plan that the estimate needs (from :func:`block_sizes`)."""

    cells: int  # DEM cells of one block (strip rows x tile columns)
    chunk_subcells: int  # sub-cells of one vectorised chunk of its mapping
    mapping_entries: int  # bound of its matrix entries
    window_pixels: int  # bound of its radar window
    slots: int  # strips the PieceStore holds
    store_bytes: int  # the PieceStore (memory up to STORE_IN_MEMORY_BYTES, else scratch file)
    summary_bytes: int  # the strips' BinExtremes kept for the sweep of later blocks
    store_rows: int  # DEM rows the store holds (slots x block rows)


def _finite_or_one(value: float) -> float:
    return float(value) if math.isfinite(value) else 1.0


def block_sizes(plan: "ScenePlan", width: int, height: int,
                options: "SimulationOptions") -> BlockSizes:
    """Return the BlockSizes of simulating a ``width`` x ``height`` DEM with ``plan``, ``options``.

    The layout is core.simulation.layout.make_layout's; the store's fields and their types are
    block_plan.SceneBlocks' (rows.CELL_FIELDS, rows.SWEEP_FIELDS, "noise" with a texture).
    """
    import numpy as np

    from .simulation.layout import make_layout
    from .simulation.mapping import CHUNK_SUBCELLS
    from .simulation.plan import BIN_FRACTION
    from .simulation.rows import CELL_FIELDS, SWEEP_FIELDS
    from .simulation.store import FIELD_TYPES

    layout = make_layout(_Grid(width, height), plan, options)
    cells = min(int(layout.block_rows), int(height)) * int(layout.tile_cols)
    sub = int(plan.oversampling) ** 2
    footprint = ((_finite_or_one(plan.lines_per_cell) + 2.0)
                 * (_finite_or_one(plan.samples_per_cell) + 2.0))
    fields = tuple(dict.fromkeys(CELL_FIELDS + SWEEP_FIELDS))
    if options.texture_strength > 0:
        fields += ("noise",)
    cell_bytes = sum(np.dtype(FIELD_TYPES[name]).itemsize for name in fields)
    slots = int(layout.slots)
    # an azimuth bin is BIN_FRACTION of a cell's largest azimuth step: a piece spans at most
    # (rows + cols) / BIN_FRACTION bins, one more per grid (measured: 328 for 256 x 256)
    bins_per_piece = (layout.block_rows + layout.tile_cols) / BIN_FRACTION + 2
    return BlockSizes(
        cells=cells, chunk_subcells=min(cells, max(1, CHUNK_SUBCELLS // sub)) * sub,
        mapping_entries=int(cells * min(4.0 * sub, footprint)),
        window_pixels=int(cells * footprint), slots=slots,
        store_bytes=slots * int(layout.block_rows) * int(width) * cell_bytes,
        summary_bytes=int(slots * layout.tiles * 2 * bins_per_piece * SUMMARY_ROW_BYTES),
        store_rows=slots * int(layout.block_rows))


def store_in_memory(sizes: BlockSizes) -> bool:
    """Return True when the PieceStore stays in memory (threads; block_plan.SceneBlocks)."""
    from .simulation.block_plan import STORE_IN_MEMORY_BYTES

    return sizes.store_bytes <= STORE_IN_MEMORY_BYTES


def worker_memory_bytes(sizes: BlockSizes, reconstruct: bool = False) -> int:
    """Return the memory (bytes, no margin) that each worker adds: one task at a time."""
    window = (RECONSTRUCT_BYTES_PER_WINDOW_PIXEL if reconstruct
              else SIMULATE_BYTES_PER_WINDOW_PIXEL)
    return int(BLOCK_TASK_BYTES + sizes.chunk_subcells * BYTES_PER_CHUNK_SUBCELL
               + sizes.mapping_entries * BYTES_PER_MAPPING_ENTRY
               + sizes.window_pixels * window)


def simulation_memory_bytes(sizes: BlockSizes, width: int, block_rows: int, workers: int = 1,
                            reconstruct: bool = False) -> int:
    """Return the peak memory (bytes, with margin) of simulate_to_files or reconstruct_to_files.

    For the BlockSizes of a DEM ``width`` cells wide in strips of ``block_rows`` rows, run by
    ``workers`` threads: the base, one task per worker, the strips' summaries, the store when
    it stays in memory, a row of GDAL's DEM blocks (at most one 256-row row of tiles) and the
    output tiles waiting for their cells (a whole row of them when the strips are no multiple
    of 256 rows, else about two per output).
    """
    base = RECONSTRUCT_BASE_BYTES if reconstruct else SIMULATE_BASE_BYTES
    waiting_rows = 2 * TIFF_TILE if block_rows % TIFF_TILE == 0 else max(width, TIFF_TILE)
    shared = (sizes.summary_bytes + (sizes.store_bytes if store_in_memory(sizes) else 0)
              + width * TIFF_TILE * 4
              + waiting_rows * TIFF_TILE * GRID_OUTPUT_BYTES_PER_CELL)
    return with_margin(base + max(1, workers) * worker_memory_bytes(sizes, reconstruct)
                       + shared)


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
                        workers: int = 1, texture_strength: float = 0.0) -> Estimate:
    """Return the Estimate of simulate_to_files / reconstruct_to_files.

    ``plan``: the ScenePlan; ``outputs``: name -> target path or None (simulated, mask, lookup,
    incidence; reconstructed, geocoded, mask, mixing); ``workers``: blocks computed at once
    (threads); ``texture_strength``: SimulationOptions' (a texture adds a field to the store).
    """
    from .simulation.options import SimulationOptions

    options = SimulationOptions(block_rows=int(block_rows), texture_strength=texture_strength)
    sizes = block_sizes(plan, width, height, options)
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
    store_text = ""
    if not store_in_memory(sizes):
        add_scratch(disk, sizes.store_bytes)
        store_text = (
            f"Of that, {size_text(sizes.store_bytes)} is the scratch store of the layover "
            f"sweep in the temporary folder {_scratch_path()} ({sizes.store_rows} DEM rows of "
            f"{width} cells: the layover reach of {plan.halo_rows} rows on each side of a "
            f"block, in whole strips): crop the DEM to the area of interest, or set TMPDIR "
            f"(TEMP on Windows) to a folder on a larger disk.")
    memory = simulation_memory_bytes(sizes, width, int(block_rows), workers, reconstruct)
    return Estimate(memory, disk, _memory_fix(sizes, workers, reconstruct), store_text)


def _memory_fix(sizes: BlockSizes, workers: int, reconstruct: bool) -> str:
    """Return what lowers a simulation's memory: fewer workers (the DEM's size hardly matters)."""
    each = size_text(with_margin(worker_memory_bytes(sizes, reconstruct)))
    if workers > 1:
        return (f"Use fewer parallel workers (this run uses {workers}, about {each} each), "
                f"or close other programs.")
    return (f"It runs one block at a time (about {each}, whatever the size of the DEM): close "
            f"other programs to free memory.")


def compare_estimate(reference_width: int, reference_height: int, strip_rows: int,
                     touched_bytes: int, classes: int, error_path: Optional[FilePath],
                     report_path: Optional[FilePath], workers: int = 1) -> Estimate:
    """Return the Estimate of compare_dems.

    ``touched_bytes``: bytes of the rasters read and written (reference, estimate, mask, error
    raster); ``classes``: mask classes (0 without mask); ``workers``: strips computed at once,
    each one more strip in computation and IN_FLIGHT_PER_WORKER (core.blocks) waiting.
    """
    from .blocks import IN_FLIGHT_PER_WORKER

    cells = reference_width * strip_rows
    waiting = IN_FLIGHT_PER_WORKER * workers if workers > 1 else 0
    strip = (max(1, workers) * cells * COMPARE_BYTES_PER_STRIP_CELL
             + waiting * cells * COMPARE_BYTES_PER_WAITING_CELL)
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


def stereo_estimate(grid_cells: int, outputs: Outputs, workers: int = 1) -> Estimate:
    """Return the Estimate of stereo_dem_to_files for an output grid of about ``grid_cells`` cells.

    ``outputs``: name -> target path or None; ``workers``: patches matched at once.
    """
    memory = with_margin(STEREO_BASE_BYTES + grid_cells * STEREO_BYTES_PER_GRID_CELL
                         + (max(1, workers) - 1) * STEREO_BYTES_PER_EXTRA_WORKER)
    disk: dict[str, int] = {}
    for path in outputs.values():
        add_disk(disk, path, grid_cells * 4)
    return Estimate(memory, disk, (
        "Choose a larger output pixel size (OUTPUT_PIXEL_SIZE; 0 = automatic) or crop both "
        "images to the area of interest."))


def stereo_run_estimate(reference: "AcquisitionGeometry", height_m: float,
                        match_step_px: int, pixel_size_m: float, outputs: Outputs,
                        workers: int = 1) -> Estimate:
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
    return stereo_estimate(int(min(cells, 1e13)), outputs, workers)


def point_target_estimate(samples: int) -> Estimate:
    """Estimate of estimate_point_heights on an SLC ``samples`` wide (read in blocks)."""
    block = POINT_TARGET_BLOCK_LINES * samples * 8
    return Estimate(with_margin(POINT_TARGET_BASE_BYTES + POINT_TARGET_BLOCK_COPIES * block), {},
                    "Limit the search with AREA.")


def simulation_run_estimate(dem: "DemRaster", geometry: "AcquisitionGeometry",
                            options: "SimulationOptions", outputs: Outputs,
                            reconstruct: bool = False, workers: int = 1) -> Estimate:
    """Return the :func:`simulation_estimate` for the DEM, the geometry and SimulationOptions.

    Makes the scene plan (the halo and oversampling depend on the relief and the cell size; it
    raises SimulationError when the DEM misses the image, before anything is written).
    """
    from .simulation.plan import make_plan

    plan = make_plan(dem, geometry, options)
    return simulation_estimate(plan, dem.width, dem.height, geometry.lines, geometry.samples,
                               int(options.block_rows), outputs, reconstruct, workers,
                               float(options.texture_strength))


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
                         report_path: Optional[FilePath], workers: int = 1) -> Estimate:
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
                            report_path, workers)
