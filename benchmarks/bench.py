"""`make bench`: speed and memory of the core, printed as a table.

- geo2rdr: points per second on the real Sentinel-1 GRD geometry, from one time guess and
  seeded from a lattice of cells; DemRaster.lonlat per row group, geographic and projected
  DEM (bench_geometry).
- simulate_to_files: DEM cells per second and peak resident memory for the bundled Ötztal DEM
  resampled to 4000 x 4000 and 8000 x 8000 cells (each run in its own process, so the peak
  memory is that run's own). Memory must stay roughly flat with scene size (block processing).
- reconstruct_to_files: the same for 2000 x 2000 and 4000 x 4000 cells, reconstructing the
  speckled simulated image of the same DEM.
- block plans (bench_blocks): peak memory of simulate_sar, reconstruct_layover and compare_dem
  at 4000², 8000² and 16,000² (--quick: not 16,000²), each against the smallest size's, and
  the speed-up of 2 workers over 1, also for the stereo patches (POC and the deep matcher).
- height model inference: megapixels per second and peak resident memory of the contract-v2
  height model (HEIGHT_MODEL, ONNX, with onnxruntime; and the same weights from
  HEIGHT_CHECKPOINT in torch eager through training.height.residual_evaluate.TorchModel) on a
  synthetic 1024 x 1024 and 2048 x 2048 raster (--quick: 256 and 512): SAR normal(-12, 4) dB,
  one prior point per 45 x 45 pixels (0.05 %, the trained regime) on a smooth surface, 20 m
  pixels. Both go through core.inference.residual_inference.predict_with_uncertainty on the
  points' TIN (the model's tile size and overlap, batches of 4), so the prior surface, tiling,
  blending and input building count. Each case runs in its own process, timed after a warm-up
  run on a strip of 5 tiles; the table gives its peak memory and, in brackets, the peak after
  imports, model load and warm-up (so the increment is the raster's). Below the table: the
  onnxruntime provider, the thread counts and the largest difference of the two back ends'
  heights and uncertainties (saved in bench_output/) on the smaller raster. Skipped with a
  message when either file is missing.
- estimate_height's file path (bench_strips): the SAR read in strips of one tile
  row against the whole raster, peak memory and the largest difference of the outputs.
- stereo radargrammetry: seconds per patch and peak memory of each matcher
  (bench_stereo).
- point-target height: seconds per megapixel scanned and per target, peak memory, on a
  4096 x 4096 complex GeoTIFF (bench_point_target).
- against sarsen 0.9 (bench_sarsen, installed by scripts/bench_env.sh into .bench-venv): geo2rdr
  on the same points and the whole simulation against sarsen's terrain_correction on the same
  DEM (2000² and 4000² cells; --quick: 2000²; --sarsen-large adds 8000²) and annotation, with
  the ratios project / sarsen, the geo2rdr agreement, the machine and the date. Offline, the
  project's figures print and the rows say that sarsen was skipped, and why.
Arguments: `--quick` runs only the smaller size of each (inference: smaller rasters);
`--height-model ONNX` and `--height-checkpoint PT` replace HEIGHT_MODEL and HEIGHT_CHECKPOINT;
`--inference-threads N` gives both back ends N intra-op threads (default 0: each one's own
default); `--inference-only` runs only the height model inference; `--sarsen-only` only the
comparison with sarsen; `--sarsen-sizes 500,2000` sets its DEM sizes.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from sar_height.benchmarks.bench_blocks import bench_blocks
from sar_height.benchmarks.bench_calibration import bench_calibration
from sar_height.benchmarks.bench_geometry import bench_geometry
from sar_height.benchmarks.bench_point_target import bench_point_target
from sar_height.benchmarks.bench_sarsen import SIZE_LARGE as SARSEN_SIZE_LARGE
from sar_height.benchmarks.bench_sarsen import SIZES as SARSEN_SIZES
from sar_height.benchmarks.bench_sarsen import SIZES_QUICK as SARSEN_SIZES_QUICK
from sar_height.benchmarks.bench_sarsen import bench_sarsen
from sar_height.benchmarks.bench_stereo import bench_stereo
from sar_height.benchmarks.bench_strips import bench_strip_rows
from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import (
    BENCH_OUT,
    GRD,
    HEIGHT_CHECKPOINT,
    HEIGHT_MODEL,
    INFERENCE_SPACING_M,
    PRIOR_STEP,
    ROOT,
    resampled_dem,
    surface_m,
)

OUT = BENCH_OUT
SIMULATE_SIZES, SIMULATE_SIZES_QUICK = [4000, 8000], [4000]
RECONSTRUCT_SIZES, RECONSTRUCT_SIZES_QUICK = [2000, 4000], [2000]
INFERENCE_SIZES, INFERENCE_SIZES_QUICK = [1024, 2048], [256, 512]
STRIP_SIZES, STRIP_SIZES_QUICK = [2000, 4000], [2000]
INFERENCE_BATCH = 4


def child_simulation(dem_path, size):
    """Simulate the SAR image of the DEM at ``dem_path`` (run in a subprocess); return its stats.

    The stats are the cell count, seconds and this process's own peak RSS (``peak_mb``).
    ``size`` names the outputs (bench_output/sim{size}_*.tif), which child_reconstruction reads.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.simulation import SimulationOptions, simulate_to_files

    dem = DemRaster(dem_path)
    geometry = read_sentinel1(GRD)
    outputs = {name: str(OUT / f"sim{size}_{name}.tif") for name in
               ("simulated", "mask", "lookup", "incidence")}
    for path in outputs.values():
        Path(path).unlink(missing_ok=True)
    start = time.perf_counter()
    summary = simulate_to_files(dem, geometry, outputs,
                                SimulationOptions(speckle_looks=4, texture_strength=0.3, seed=1))
    seconds = time.perf_counter() - start
    return {"cells": dem.width * dem.height, "seconds": seconds, "peak_mb": peak_mb(),
            "note": f"oversampling {summary.oversampling}"}


def child_reconstruction(dem_path, size):
    """Reconstruct the speckled simulated image of the same DEM (run in a subprocess).

    Reads bench_output/sim{size}_simulated.tif, which child_simulation wrote for this ``size``;
    returns the cell count, seconds, peak RSS (``peak_mb``) and the layover share.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.reconstruction import MeasuredImage, reconstruct_to_files

    dem = DemRaster(dem_path)
    geometry = read_sentinel1(GRD)
    measured = MeasuredImage(OUT / f"sim{size}_simulated.tif", geometry=geometry)
    outputs = {name: str(OUT / f"rec{size}_{name}.tif") for name in
               ("reconstructed", "geocoded", "mask", "mixing")}
    for path in outputs.values():
        Path(path).unlink(missing_ok=True)
    start = time.perf_counter()
    summary = reconstruct_to_files(dem, geometry, measured, outputs)
    seconds = time.perf_counter() - start
    return {"cells": dem.width * dem.height, "seconds": seconds, "peak_mb": peak_mb(),
            "note": f"layover {100 * summary.layover_share:.1f} %"}


def synthetic_scene(rows, cols):
    """Return the synthetic (SAR in dB, PriorPoints) of ``rows`` x ``cols`` pixels.

    SAR normal(-12, 4) dB; a prior height every PRIOR_STEP pixels on the smooth surface
    inputs.surface_m. The same for every back end (seeded by the shape).
    """
    from sar_height.core.inference import PriorPoints

    rng = np.random.default_rng([rows, cols])
    sar_db = rng.normal(-12.0, 4.0, (rows, cols)).astype(np.float32)
    at_rows, at_cols = (np.arange(PRIOR_STEP // 2, n, PRIOR_STEP) for n in (rows, cols))
    heights = surface_m(at_rows * INFERENCE_SPACING_M / 1000.0,
                        at_cols * INFERENCE_SPACING_M / 1000.0)
    grid_rows, grid_cols = np.meshgrid(at_rows, at_cols, indexing="ij")
    return sar_db, PriorPoints(grid_rows, grid_cols, heights, (rows, cols))


def predict_scene(model, sar_db, points):
    """Return (heights, sigma) in metres of a contract-v2 ``model`` on a synthetic scene.

    What estimate_height runs between reading and writing: the TIN prior surface of the points,
    strips of the SAR, tiles in batches of INFERENCE_BATCH, the model's tile size and overlap.
    """
    from sar_height.core.inference.residual_contract import scene_median_db
    from sar_height.core.inference.residual_inference import (
        StripReader,
        predict_with_uncertainty,
    )
    from sar_height.core.inference.residual_raster import points_surface

    heights = np.full(sar_db.shape, np.nan, np.float32)
    sigma = np.full(sar_db.shape, np.nan, np.float32)

    def write(row0, band_heights, band_sigma):
        heights[row0:row0 + band_heights.shape[0]] = band_heights
        sigma[row0:row0 + band_sigma.shape[0]] = band_sigma

    strips = StripReader(lambda row0, rows: sar_db[row0:row0 + rows], points_surface(points),
                         sar_db.shape, scene_median_db(sar_db))
    predict_with_uncertainty(model, strips, INFERENCE_SPACING_M, write,
                             batch_size=INFERENCE_BATCH)
    return heights, sigma


def _child_inference(model, size, backend, note):
    """Warm up, then time predict_scene on the synthetic scene; outputs go to OUT."""
    from sar_height.core.inference import TilePlan, resolve_tiling

    meta = model.metadata
    tile, overlap = resolve_tiling(meta)
    plan = TilePlan((size, size), tile, overlap, int(meta["stride"]))
    # warm-up: a strip of INFERENCE_BATCH + 1 tiles (a full and a one-tile batch, as at the
    # end of every raster here) loads scipy and lets the back end set up both batch shapes
    predict_scene(model, *synthetic_scene(plan.tile_rows, plan.tile_cols + INFERENCE_BATCH * (
        plan.tile_cols - plan.overlap)))
    loaded_mb = peak_mb()
    sar_db, points = synthetic_scene(size, size)
    start = time.perf_counter()
    heights, sigma = predict_scene(model, sar_db, points)
    seconds = time.perf_counter() - start
    np.save(OUT / f"heights_{backend}_{size}.npy", heights)
    np.save(OUT / f"sigma_{backend}_{size}.npy", sigma)
    return {"cells": size * size, "seconds": seconds, "peak_mb": peak_mb(),
            "loaded_mb": loaded_mb, "note": f"{len(plan)} tiles, {note}",
            "model": f"{meta['model_type']} (contract {meta['contract']}), tile {tile}, "
                     f"overlap {overlap}",
            "weights_sha256": meta.get("weights_sha256")}


def child_inference_onnx(model_path, size, threads=0):
    """Time the ONNX height model with onnxruntime (run in a subprocess); return its stats.

    ``threads`` 0 keeps onnxruntime's default, one intra-op thread per physical core.
    """
    import onnxruntime

    from sar_height.core.inference.model import ResidualHeightModel

    threads = int(threads)
    model = ResidualHeightModel(model_path, threads=threads)
    provider = model.provider.replace("ExecutionProvider", "")
    stats = _child_inference(model, size, "onnx", f"{provider}, "
                             + (_threads(threads) if threads else "default threads"))
    stats["threads"] = (f"onnxruntime {onnxruntime.__version__}, provider {model.provider}, "
                        + (f"intra-op threads {threads}" if threads else
                           "intra-op threads 0 (its default: one per physical core)"))
    return stats


def child_inference_torch(checkpoint_path, size, threads=0):
    """Time the same weights in torch eager (run in a subprocess); return its stats.

    The model is training.height.residual_evaluate.TorchModel (the network with the
    checkpoint's metadata, as the evaluation runs it); ``threads`` 0 keeps torch's default.
    """
    import torch

    from sar_height.training.common.checkpoints import read_checkpoint
    from sar_height.training.common.onnx_export import weights_sha256
    from sar_height.training.height.residual_evaluate import TorchModel

    if int(threads) > 0:
        torch.set_num_threads(int(threads))
    model = TorchModel(read_checkpoint(checkpoint_path))
    stats = _child_inference(model, size, "torch", _threads(torch.get_num_threads()))
    stats["weights_sha256"] = weights_sha256(model.network.state_dict())
    stats["threads"] = f"torch {torch.__version__} eager, {_threads(torch.get_num_threads())}"
    return stats


def _threads(count):
    return f"{count} thread" + ("" if count == 1 else "s")


def run_child(child, size, path=None, *extra):
    """Run ``child(path, size, *extra)`` in its own process; return its stats.

    ``path`` defaults to the Ötztal DEM resampled to size x size. Exits with the child's error
    output if it fails.
    """
    path = resampled_dem(size) if path is None else path
    try:
        return run_in_child(child, str(path), size, *extra)
    except ChildFailed as failed:
        sys.exit(f"{child.__name__} {size} failed:\n{failed.stderr}")


def _relative(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def bench_inference(model_path, checkpoint_path, threads=0, sizes=INFERENCE_SIZES):
    """Benchmark the height model inference in both back ends; return (rows, lines below).

    One row per back end and size (size x size rasters), one comparing the two back ends'
    heights on the smallest size, and notes on the model and threads below the table. A single
    "skipped" row when the ONNX model or the checkpoint is missing.
    """
    missing = [_relative(p) for p in (model_path, checkpoint_path) if not p.is_file()]
    if missing:
        return [("height model inference", f"skipped: {', '.join(map(str, missing))} missing "
                 "(train, then training.height.residual_export)", "")], []
    rows, lines, stats = [], [], {}
    children = {"onnx": child_inference_onnx, "torch": child_inference_torch}
    for size in sizes:
        for backend, path in (("onnx", model_path), ("torch", checkpoint_path)):
            stats[backend, size] = run_child(children[backend], size, path, threads)
            rows.append(_inference_row(backend, size, stats[backend, size]))
    small = sizes[0]
    onnx_stats, torch_stats = stats["onnx", small], stats["torch", small]
    same = onnx_stats["weights_sha256"] == torch_stats["weights_sha256"]
    differences, pixels = [], 0
    for output in ("heights", "sigma"):
        onnx_values, torch_values = (np.load(OUT / f"{output}_{backend}_{small}.npy")
                                     for backend in ("onnx", "torch"))
        both = np.isfinite(onnx_values) & np.isfinite(torch_values)
        pixels = int(both.sum())
        differences.append(float(np.max(np.abs(onnx_values[both] - torch_values[both]),
                                        initial=0.0)))
    rows.append((f"height model onnx vs torch {small} x {small}",
                 f"max |difference| {differences[0]:.1e} m (heights), {differences[1]:.1e} m "
                 f"(sigma) over {pixels:,} pixels",
                 "same weights" if same else "WARNING: weights_sha256 differs"))
    lines.append(f"height model: {onnx_stats['model']}, batches of {INFERENCE_BATCH}, "
                 f"{INFERENCE_SPACING_M:g} m pixels, prior points every {PRIOR_STEP} pixels "
                 f"(their TIN the prior surface); "
                 f"{_relative(model_path)}, {_relative(checkpoint_path)}")
    lines.append(f"onnx: {onnx_stats['threads']}")
    lines.append(f"torch: {torch_stats['threads']}")
    lines.append(f"{os.cpu_count()} logical CPUs; inference sizes "
                 f"{', '.join(f'{s} x {s}' for s in sizes)}")
    return rows, lines


def parse_arguments(argv=None):
    """Parse the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="only the smaller size of each (inference: smaller rasters)")
    parser.add_argument("--inference-only", action="store_true",
                        help="only the height model inference (and the strips rows)")
    parser.add_argument("--height-model", type=lambda v: Path(v).resolve(),
                        default=HEIGHT_MODEL, metavar="ONNX")
    parser.add_argument("--height-checkpoint", type=lambda v: Path(v).resolve(),
                        default=HEIGHT_CHECKPOINT, metavar="PT")
    parser.add_argument("--inference-threads", type=int, default=0, metavar="N",
                        help="intra-op threads of both back ends (0: each one's default)")
    parser.add_argument("--sarsen-only", action="store_true",
                        help="only the comparison with sarsen")
    parser.add_argument("--sarsen-large", action="store_true",
                        help=f"compare with sarsen at {SARSEN_SIZE_LARGE}² cells too")
    parser.add_argument("--sarsen-sizes", metavar="N[,N...]",
                        type=lambda v: [int(n) for n in v.split(",")],
                        help="DEM sizes of the sarsen comparison (default: "
                             f"{','.join(map(str, SARSEN_SIZES))}; --quick: "
                             f"{','.join(map(str, SARSEN_SIZES_QUICK))})")
    return parser.parse_args(argv)


def sarsen_sizes(args):
    """DEM sizes of the comparison with sarsen that the arguments select."""
    sizes = args.sarsen_sizes or (SARSEN_SIZES_QUICK if args.quick else SARSEN_SIZES)
    return sizes + [SARSEN_SIZE_LARGE] * (args.sarsen_large and SARSEN_SIZE_LARGE not in sizes)


def core_rows(quick):
    """Rows of geo2rdr, DemRaster.lonlat, simulate_sar and reconstruct_layover."""
    simulate_sizes = SIMULATE_SIZES_QUICK if quick else SIMULATE_SIZES
    reconstruct_sizes = RECONSTRUCT_SIZES_QUICK if quick else RECONSTRUCT_SIZES
    rows = bench_geometry()
    for size in sorted(set(simulate_sizes) | set(reconstruct_sizes)):
        stats = run_child(child_simulation, size)
        if size in simulate_sizes:
            rows.append(_row("simulate_sar", size, stats))
    for size in reconstruct_sizes:
        rows.append(_row("reconstruct_layover", size, run_child(child_reconstruction, size)))
    return rows


def main(argv=None):
    """Run the benchmarks the arguments select and print the table."""
    args = parse_arguments(argv)
    OUT.mkdir(exist_ok=True)
    if args.sarsen_only:
        print_table(*bench_sarsen(sarsen_sizes(args)))
        return
    rows, lines = [], []
    if not args.inference_only:
        rows += core_rows(args.quick)
    more_rows, lines = bench_inference(
        args.height_model, args.height_checkpoint, args.inference_threads,
        INFERENCE_SIZES_QUICK if args.quick else INFERENCE_SIZES)
    rows += more_rows
    benches = [lambda: bench_strip_rows(STRIP_SIZES_QUICK if args.quick else STRIP_SIZES)]
    if not args.inference_only:
        benches += [bench_stereo, bench_point_target, lambda: bench_calibration(args.quick),
                    lambda: bench_sarsen(sarsen_sizes(args)), lambda: bench_blocks(args.quick)]
    for bench in benches:
        more_rows, more_lines = bench()
        rows += more_rows
        lines += more_lines
    print_table(rows, lines)


def print_table(rows, lines):
    """Print the (name, speed, memory / note) rows as a table, then the lines below it."""
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':{width}s}  {'speed':50s}  memory / note")
    for name, speed, note in rows:
        print(f"{name:{width}s}  {speed:50s}  {note}".rstrip())
    for line in lines:
        print(line)


def _row(name, size, stats):
    return (f"{name} {size} x {size} DEM",
            f"{stats['cells'] / stats['seconds']:,.0f} cells/s ({stats['seconds']:.0f} s, "
            f"{stats['note']})", f"peak {stats['peak_mb']:.0f} MB")


def _inference_row(backend, size, stats):
    return (f"height model {backend} {size} x {size}",
            f"{stats['cells'] / stats['seconds'] / 1e6:.3f} MP/s ({stats['seconds']:.1f} s, "
            f"{stats['note']})",
            f"peak {stats['peak_mb']:.0f} MB (after load {stats['loaded_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
