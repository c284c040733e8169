"""Measure the peak memory the core calls add, and set it against core/resources.py's models.

`python scripts/measure_resources.py [CASE ...] [--sizes N ...] [--workers N ...]` (cases:
simulate, reconstruct, compare, estimate, simulate_wide; default all). Each measurement runs
in its own process: it imports and opens the inputs (DEM, product geometry, model), resets
VmHWM to the resident memory (Linux /proc/self/clear_refs; where that is missing, the peak so
far stays), runs the core call and records VmHWM. The increment ``increment_mb`` = peak -
resident before the call is what core/resources.py models: the process that calls it (QGIS)
is already resident, and MemAvailable already excludes it.

simulate and reconstruct run the block plan (core.simulation.block_plan): memory per block,
not per full-width strip. Their lines carry what the model reads (layout: strips, column tiles
and halo strips; a block's cells, chunk sub-cells, matrix entries and window pixels; the
PieceStore and whether it stays in memory; the strips' sweep summaries), the model's value
without and with core.resources.MEMORY_MARGIN (``model_mb``, ``estimate_mb``), the ratio
``model_over_measured`` (at least 1: the model bounds the run) and ``measured_row``, the tuple
that test_resources.MEASURED keeps. ``--sizes`` / ``--workers`` replace the DEM sizes and
worker counts of those cases (e.g. ``simulate --sizes 300 --workers 1 2`` for a quick check).
Inputs are made under bench_output/ (the bundled Ötztal DEM resampled, as bench.py does;
synthetic rasters for compare and estimate).
"""
import argparse
import json

import numpy as np
from osgeo import gdal

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import (
    BENCH_OUT,
    GRD,
    HEIGHT_MODEL,
    OETZTAL_DEM,
    resampled_dem,
    sar_db,
    synthetic_raster,
)
from sar_height.core.heap import release_free_heap

OUT = BENCH_OUT
MIB = 1 << 20

# (DEM size, block rows, workers): the cases of test_resources.MEASURED
SIMULATE = [(300, 256, 1), (300, 256, 2), (1000, 256, 1), (1000, 256, 2), (2000, 256, 1),
            (2000, 256, 2), (2000, 64, 2), (2000, 200, 2), (4000, 256, 1), (4000, 256, 2)]
RECONSTRUCT = [(300, 256, 1), (300, 256, 2), (1000, 256, 1), (1000, 256, 2), (2000, 256, 1),
               (2000, 256, 2), (2000, 64, 2), (4000, 256, 1), (4000, 256, 2)]
COMPARE = [(2000, 256), (4000, 256), (8000, 256), (4000, 64)]  # (reference size, block rows)
# (size of the resampled DEM, rows of it simulated, block rows, workers)
SIMULATE_WIDE = [(16000, 768, 256, 1), (16000, 768, 256, 2), (16000, 768, 200, 2)]
ESTIMATE = [(1000, 512), (2000, 512), (4000, 512), (2000, 1024)]  # (width, rows)


def reset_peak():
    """Set VmHWM to VmRSS (Linux; else VmHWM keeps its peak); return VmRSS in MiB."""
    release_free_heap()
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return peak_mb()
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return peak_mb()


def block_model(dem, geometry, options, workers, reconstruct):
    """Return the block plan of a run and core.resources' memory model of it (JSON-ready)."""
    from sar_height.core import resources
    from sar_height.core.simulation.layout import make_layout
    from sar_height.core.simulation.plan import make_plan

    plan = make_plan(dem, geometry, options)
    layout = make_layout(dem, plan, options)
    sizes = resources.block_sizes(plan, dem.width, dem.height, options)
    estimate = resources.simulation_memory_bytes(sizes, dem.width, int(options.block_rows),
                                                 workers, reconstruct)
    return {
        "width": dem.width, "height": dem.height, "block_rows": int(options.block_rows),
        "workers": workers, "halo_rows": plan.halo_rows, "oversampling": plan.oversampling,
        "lines_per_cell": plan.lines_per_cell, "samples_per_cell": plan.samples_per_cell,
        "strips": layout.strips, "tiles": layout.tiles, "tile_cols": layout.tile_cols,
        "halo_strips": layout.halo_strips, "slots": layout.slots, "block_cells": sizes.cells,
        "chunk_subcells": sizes.chunk_subcells, "mapping_entries": sizes.mapping_entries,
        "window_pixels": sizes.window_pixels, "store_mb": sizes.store_bytes / MIB,
        "store_in_memory": resources.store_in_memory(sizes),
        "summary_mb": sizes.summary_bytes / MIB,
        "model_mb": estimate / resources.MEMORY_MARGIN / MIB, "estimate_mb": estimate / MIB}


def _measured(stats, increment_mb, reconstruct):
    """Add the increment, its ratio to the model and test_resources.MEASURED's tuple."""
    stats["increment_mb"] = increment_mb
    stats["model_over_measured"] = stats["model_mb"] / max(increment_mb, 1e-9)
    stats["measured_row"] = [stats["width"], stats["height"], stats["block_rows"],
                             stats["halo_rows"], stats["oversampling"],
                             round(stats["lines_per_cell"], 3),
                             round(stats["samples_per_cell"], 3), stats["workers"],
                             reconstruct, int(np.ceil(increment_mb))]
    return stats


def _simulate(dem, name, block_rows, workers):
    """simulate_to_files of ``dem`` (all four outputs) measured against the block model."""
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.simulation import SimulationOptions, simulate_to_files

    geometry = read_sentinel1(GRD)
    options = SimulationOptions(block_rows=block_rows)
    stats = block_model(dem, geometry, options, workers, False)
    outputs = {key: str(OUT / f"mr_{name}_{key}.tif")
               for key in ("simulated", "mask", "lookup", "incidence")}
    loaded = reset_peak()
    simulate_to_files(dem, geometry, outputs, options, workers=workers)
    return _measured(stats, peak_mb() - loaded, False)


def child_simulate(size, block_rows, workers):
    """Measure simulate_to_files on the Ötztal DEM resampled to size x size (in a subprocess).

    Returns block_model's quantities with the measured increment (MB) and its comparison.
    """
    from sar_height.core.dem import DemRaster

    return _simulate(DemRaster(str(resampled_dem(size))), f"sim{size}_b{block_rows}",
                     block_rows, workers)


def wide_strip_dem(size, rows):
    """Write rows [size/2, size/2 + rows) of the Ötztal DEM resampled to size x size, once.

    The strips of a size² DEM (width, cell size, relief and so halo) at a fraction of the
    cells. Returns the path.
    """
    path = OUT / f"oetztal_{size}_rows{rows}.tif"
    if not path.exists():
        warped = gdal.Warp("", str(OETZTAL_DEM), format="VRT", width=size, height=size,
                           resampleAlg="cubic", outputType=gdal.GDT_Float32)
        gdal.Translate(str(path), warped, srcWin=[0, size // 2, size, rows],
                       creationOptions=["TILED=YES", "COMPRESS=DEFLATE"])
    return path


def child_simulate_wide(size, rows, block_rows, workers):
    """Measure simulate_to_files on a wide strip DEM (wide_strip_dem) in a subprocess.

    The block plan keeps the memory flat in the DEM's width; returns what child_simulate does.
    """
    from sar_height.core.dem import DemRaster

    return _simulate(DemRaster(str(wide_strip_dem(size, rows))),
                     f"wide{size}_b{block_rows}", block_rows, workers)


def child_reconstruct(size, block_rows, workers):
    """Measure reconstruct_to_files on the Ötztal DEM resampled to size x size (in a subprocess).

    The simulated input is made first by child_prepare_reconstruct in a process of its own.
    Returns what child_simulate does.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.reconstruction import (
        MeasuredImage,
        ReconstructionOptions,
        reconstruct_to_files,
    )
    from sar_height.core.simulation import SimulationOptions

    dem = DemRaster(str(resampled_dem(size)))
    geometry = read_sentinel1(GRD)
    simulated = OUT / f"mr_rec{size}_input.tif"
    if not simulated.exists():  # in its own process: VmHWM would keep its peak
        run_in_child(child_prepare_reconstruct, size, block_rows)
    stats = block_model(dem, geometry, SimulationOptions(block_rows=block_rows), workers, True)
    measured = MeasuredImage(str(simulated), geometry=geometry)
    outputs = {name: str(OUT / f"mr_rec{size}_b{block_rows}_{name}.tif")
               for name in ("reconstructed", "geocoded", "mask", "mixing")}
    loaded = reset_peak()
    reconstruct_to_files(dem, geometry, measured, outputs,
                         ReconstructionOptions(block_rows=block_rows), workers=workers)
    return _measured(stats, peak_mb() - loaded, True)


def child_prepare_reconstruct(size, block_rows):
    """Write the speckled simulated image that child_reconstruct reconstructs; return {}."""
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.simulation import SimulationOptions, simulate_to_files

    simulate_to_files(DemRaster(str(resampled_dem(size))), read_sentinel1(GRD),
                      {"simulated": str(OUT / f"mr_rec{size}_input.tif")},
                      SimulationOptions(speckle_looks=4, block_rows=block_rows))
    return {}


def child_compare(size, block_rows):
    """Measure compare_dems of a synthetic 60 m estimate against a size x size 30 m reference.

    Runs in a subprocess; returns the memory before and after the call (MB) and GDAL's cache
    size.
    """
    from sar_height.core.evaluation import compare_dems

    def terrain(rng, rows, cols):
        return 1000.0 + rng.normal(0.0, 50.0, (rows, cols))

    reference = synthetic_raster(OUT / f"mr_ref{size}.tif", size, size, 30.0, terrain)
    estimate = synthetic_raster(OUT / f"mr_est{size}.tif", size // 2, size // 2, 60.0, terrain)
    loaded = reset_peak()
    compare_dems(str(estimate), str(reference), None, "ellipsoid", "ellipsoid",
                 str(OUT / f"mr_err{size}.tif"), block_rows=block_rows)
    return {"width": size, "height": size, "block_rows": block_rows,
            "gdal_cache_mb": gdal.GetCacheMax() / 2**20, "loaded_mb": loaded,
            "peak_mb": peak_mb()}


def child_estimate(width, rows):
    """Measure estimate_with_uncertainty_to_file on a synthetic ``width`` x ``rows`` SAR raster.

    Runs in a subprocess, after a warm-up on a 300 x 300 raster; returns the memory before and
    after the call (MB) and the model's tile size.
    """
    from sar_height.benchmarks.bench import predict_scene
    from sar_height.core.inference import PriorPoints
    from sar_height.core.inference.height_raster import SarReader
    from sar_height.core.inference.model import ResidualHeightModel
    from sar_height.core.inference.residual_raster import (
        estimate_with_uncertainty_to_file,
        points_surface,
    )

    path = synthetic_raster(OUT / f"mr_sar{width}x{rows}.tif", width, rows, 20.0, sar_db)
    model = ResidualHeightModel(str(HEIGHT_MODEL))
    at_rows, at_cols = np.arange(22, rows, 45), np.arange(22, width, 45)
    r, c = np.meshgrid(at_rows, at_cols, indexing="ij")
    points = PriorPoints(r, c, np.full(r.shape, 1500.0), (rows, width))
    reader = SarReader(str(path), 1, "db")
    # warm-up on a 300 x 300 raster (as bench_strips.py): onnxruntime sets up its
    # arena on the first batches
    warm = np.random.default_rng(0).normal(-12.0, 4.0, (300, 300)).astype(np.float32)
    r, c = np.meshgrid(np.arange(22, 300, 45), np.arange(22, 300, 45), indexing="ij")
    predict_scene(model, warm, PriorPoints(r, c, np.full(r.shape, 1500.0), (300, 300)))
    loaded = reset_peak()
    estimate_with_uncertainty_to_file(model, reader, points_surface(points), points.heights,
                                      str(OUT / f"mr_h{width}x{rows}.tif"))
    tile = int(model.metadata["tile_size"])
    return {"width": width, "height": rows, "tile_size": tile, "loaded_mb": loaded,
            "peak_mb": peak_mb()}


CHILDREN = {"simulate": (child_simulate, SIMULATE), "reconstruct": (child_reconstruct,
            RECONSTRUCT), "compare": (child_compare, COMPARE),
            "estimate": (child_estimate, ESTIMATE),
            "simulate_wide": (child_simulate_wide, SIMULATE_WIDE),
            "prepare_reconstruct": (child_prepare_reconstruct, [])}


def _case_arguments(case, sizes, workers):
    """Return the argument tuples of ``case``; ``sizes`` / ``workers`` replace the defaults."""
    cases = CHILDREN[case][1]
    if case not in ("simulate", "reconstruct") or not (sizes or workers):
        return cases
    block_rows = sorted({c[1] for c in cases})
    return [(size, rows, w) for size in (sizes or sorted({c[0] for c in cases}))
            for rows in block_rows[-1:] for w in (workers or sorted({c[2] for c in cases}))]


def main(argv=None):
    """Run the chosen cases, each measurement in its own process; print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", choices=list(CHILDREN), metavar="CASE",
                        default=[c for c in CHILDREN if c != "prepare_reconstruct"],
                        help=f"one of {', '.join(CHILDREN)} (default: all)")
    parser.add_argument("--sizes", type=int, nargs="+", help="DEM sizes of simulate and "
                        "reconstruct (default: their cases')")
    parser.add_argument("--workers", type=int, nargs="+", help="worker counts of simulate and "
                        "reconstruct (default: 1 and 2)")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    for case in args.cases:
        for arguments in _case_arguments(case, args.sizes, args.workers):
            try:
                stats = run_in_child(CHILDREN[case][0], *arguments)
            except ChildFailed as failed:
                print(json.dumps({"case": case, "arguments": arguments,
                                  "error": failed.stderr[-2000:]}))
                continue
            stats["case"] = case
            if "increment_mb" not in stats:
                stats["increment_mb"] = stats["peak_mb"] - stats["loaded_mb"]
            print(json.dumps(stats), flush=True)


if __name__ == "__main__":
    main()
