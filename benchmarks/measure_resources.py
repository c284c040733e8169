"""Measure the peak memory the core calls add, to fit the constants of core/resources.py.

`python scripts/measure_resources.py [CASE ...]` (cases: simulate, reconstruct, compare,
estimate, simulate_wide; default all). Each measurement runs in its own process: it imports,
opens the inputs (DEM, product geometry, model), records VmHWM ("loaded"), runs the core call
and records VmHWM again ("peak"). The increment peak - loaded is what core/resources.py models:
the process that calls it (QGIS) is already resident, and MemAvailable already excludes it.
Prints one JSON line per case with the quantities the model uses (strip cells, oversampling,
widths).
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

OUT = BENCH_OUT

SIMULATE = [(600, 256), (1200, 256), (2400, 256), (1200, 64)]  # (DEM size, block rows)
RECONSTRUCT = [(600, 256), (1200, 256), (2400, 256), (1200, 64)]
COMPARE = [(2000, 256), (4000, 256), (8000, 256), (4000, 64)]  # (reference size, block rows)
SIMULATE_WIDE = [(20000, 1000)]  # (size of the resampled DEM, rows of it simulated)
ESTIMATE = [(1000, 512), (2000, 512), (4000, 512), (2000, 1024)]  # (width, rows)


def child_simulate(size, block_rows):
    """Measure simulate_to_files on the Ötztal DEM resampled to size x size (in a subprocess).

    Returns the memory before (``loaded_mb``) and after (``peak_mb``) the call, in MB, with
    the quantities core/resources.py models (strip cells, halo rows, oversampling).
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.simulation import SimulationOptions, simulate_to_files
    from sar_height.core.simulation.plan import make_plan

    dem = DemRaster(str(resampled_dem(size)))
    geometry = read_sentinel1(GRD)
    options = SimulationOptions(block_rows=block_rows)
    plan = make_plan(dem, geometry, options)
    outputs = {name: str(OUT / f"mr_sim{size}_{name}.tif")
               for name in ("simulated", "mask", "lookup", "incidence")}
    loaded = peak_mb()
    simulate_to_files(dem, geometry, outputs, options)
    return {"width": dem.width, "height": dem.height, "block_rows": block_rows,
            "halo_rows": plan.halo_rows, "oversampling": plan.oversampling,
            "strip_cells": dem.width * (block_rows + 2 * plan.halo_rows),
            "loaded_mb": loaded, "peak_mb": peak_mb()}


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


def child_simulate_wide(size, rows):
    """Measure simulate_to_files on a wide strip DEM (wide_strip_dem) in a subprocess.

    Default SimulationOptions; returns the same quantities as child_simulate.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.simulation import SimulationOptions, simulate_to_files
    from sar_height.core.simulation.plan import make_plan

    dem = DemRaster(str(wide_strip_dem(size, rows)))
    geometry = read_sentinel1(GRD)
    options = SimulationOptions()
    plan = make_plan(dem, geometry, options)
    outputs = {name: str(OUT / f"mr_wide{size}_{name}.tif")
               for name in ("simulated", "mask", "lookup", "incidence")}
    loaded = peak_mb()
    simulate_to_files(dem, geometry, outputs, options)
    return {"width": dem.width, "height": dem.height, "block_rows": options.block_rows,
            "halo_rows": plan.halo_rows, "oversampling": plan.oversampling,
            "strip_cells": dem.width * (options.block_rows + 2 * plan.halo_rows),
            "loaded_mb": loaded, "peak_mb": peak_mb()}


def child_reconstruct(size, block_rows):
    """Measure reconstruct_to_files on the Ötztal DEM resampled to size x size (in a subprocess).

    The simulated input is made first by child_prepare_reconstruct in a process of its own.
    Returns the same quantities as child_simulate.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.reconstruction import (
        MeasuredImage,
        ReconstructionOptions,
        reconstruct_to_files,
    )
    from sar_height.core.simulation import SimulationOptions
    from sar_height.core.simulation.plan import make_plan

    dem = DemRaster(str(resampled_dem(size)))
    geometry = read_sentinel1(GRD)
    simulated = OUT / f"mr_rec{size}_input.tif"
    if not simulated.exists():  # in its own process: VmHWM would keep its peak
        run_in_child(child_prepare_reconstruct, size, block_rows)
    plan = make_plan(dem, geometry, SimulationOptions(block_rows=block_rows))
    measured = MeasuredImage(str(simulated), geometry=geometry)
    outputs = {name: str(OUT / f"mr_rec{size}_{name}.tif")
               for name in ("reconstructed", "geocoded", "mask", "mixing")}
    loaded = peak_mb()
    reconstruct_to_files(dem, geometry, measured, outputs,
                         ReconstructionOptions(block_rows=block_rows))
    return {"width": dem.width, "height": dem.height, "block_rows": block_rows,
            "halo_rows": plan.halo_rows, "oversampling": plan.oversampling,
            "strip_cells": dem.width * (block_rows + 2 * plan.halo_rows),
            "loaded_mb": loaded, "peak_mb": peak_mb()}


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
    loaded = peak_mb()
    compare_dems(str(estimate), str(reference), None, "ellipsoid", "ellipsoid",
                 str(OUT / f"mr_err{size}.tif"), block_rows=block_rows)
    return {"width": size, "height": size, "block_rows": block_rows,
            "gdal_cache_mb": gdal.GetCacheMax() / 2**20, "loaded_mb": loaded,
            "peak_mb": peak_mb()}


def child_estimate(width, rows):
    """Measure estimate_heights_to_file on a synthetic ``width`` x ``rows`` SAR raster.

    Runs in a subprocess, after a warm-up on a 300 x 300 raster; returns the memory before and
    after the call (MB) and the model's tile size.
    """
    from sar_height.core.inference import HeightModel, PriorPoints, predict_heights_in_strips
    from sar_height.core.inference.height_raster import SarReader, estimate_heights_to_file

    path = synthetic_raster(OUT / f"mr_sar{width}x{rows}.tif", width, rows, 20.0, sar_db)
    model = HeightModel(str(HEIGHT_MODEL))
    at_rows, at_cols = np.arange(22, rows, 45), np.arange(22, width, 45)
    r, c = np.meshgrid(at_rows, at_cols, indexing="ij")
    points = PriorPoints(r, c, np.full(r.shape, 1500.0), (rows, width))
    reader = SarReader(str(path), 1, "db")
    # warm-up on a 300 x 300 raster (as bench_strips.py): onnxruntime sets up its
    # arena on the first batches
    warm = np.random.default_rng(0).normal(-12.0, 4.0, (300, 300)).astype(np.float32)
    r, c = np.meshgrid(np.arange(22, 300, 45), np.arange(22, 300, 45), indexing="ij")
    predict_heights_in_strips(model, lambda r0, n: warm[r0:r0 + n],
                              PriorPoints(r, c, np.full(r.shape, 1500.0), (300, 300)), 20.0)
    loaded = peak_mb()
    estimate_heights_to_file(model, reader.grid, reader, points,
                             str(OUT / f"mr_h{width}x{rows}.tif"))
    tile = int(model.metadata["tile_size"])
    return {"width": width, "height": rows, "tile_size": tile, "loaded_mb": loaded,
            "peak_mb": peak_mb()}


CHILDREN = {"simulate": (child_simulate, SIMULATE), "reconstruct": (child_reconstruct,
            RECONSTRUCT), "compare": (child_compare, COMPARE),
            "estimate": (child_estimate, ESTIMATE),
            "simulate_wide": (child_simulate_wide, SIMULATE_WIDE),
            "prepare_reconstruct": (child_prepare_reconstruct, [])}


def main(argv=None):
    """Run the chosen cases, each measurement in its own process; print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", choices=list(CHILDREN), metavar="CASE",
                        default=list(CHILDREN), help=f"one of {', '.join(CHILDREN)} "
                        "(default: all)")
    OUT.mkdir(exist_ok=True)
    for case in parser.parse_args(argv).cases:
        for a, b in CHILDREN[case][1]:
            try:
                stats = run_in_child(CHILDREN[case][0], a, b)
            except ChildFailed as failed:
                print(json.dumps({"case": case, "size": a, "error": failed.stderr[-2000:]}))
                continue
            stats["case"] = case
            stats["increment_mb"] = stats["peak_mb"] - stats["loaded_mb"]
            print(json.dumps(stats), flush=True)


if __name__ == "__main__":
    main()
