"""Peak memory and worker speed-up of the block-parallel algorithms (issue 16).

`python -m sar_height.benchmarks.bench_blocks [--quick] [--sizes N ...] [--workers N ...]
[--cases CASE ...] [--stereo-scene M]`: the bundled Ötztal DEM resampled (cubic) to N x N
cells (4000, 8000 and 16,000; --quick leaves out 16,000, which runs with the most workers only
unless --all-workers) on the Sentinel-1 GRD geometry.
Every case runs in a process of its own, so the peak resident memory (VmHWM, as ru_maxrss but
not inherited) is that case's own:

- simulate: simulate_to_files with all four outputs, speckle 4, texture 0.3 (bench.py's
  options), at each worker count;
- reconstruct: reconstruct_to_files of the simulate case's speckled image of the same size
  (all four outputs), at each worker count;
- compare: compare_dems of the N/2 x N/2 resampling (the estimate, warped bilinear onto the
  reference in every strip) against the N x N one, both EGM96 as SRTM, with the error raster,
  strips of 256 rows, at each worker count;
- stereo_poc, stereo_deep: the patches of stereo_to_points (prediction from the 90 m coarse
  DEM, resampling, matching, intersection) on bench_stereo's simulated airborne pair over San
  Gabriel (``--stereo-scene`` metres, default 1500), the images read from their files as the
  algorithm reads them, with phase-only correlation (256 px patches) or the bundled deep
  matcher (its trained size; skipped when the model is missing), at each worker count; not
  per size.

The table gives seconds, peak memory and the peak after imports and opening the inputs
("loaded"), the ratio of each peak to the smallest size's (the goal: at most 1.2 at 16,000²
against 4,000²), and the speed-up of each worker count over one worker. The block plan's
layout (strips, tiles, halo strips) and the scratch store's size are noted per case.
"""
import argparse
import os
import sys
import time
from pathlib import Path

from sar_height.benchmarks.bench_stereo import MATCHER_MODEL, POC_PATCH_SIZE, make_pair
from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import BENCH_OUT, GRD, resampled_dem

OUT = BENCH_OUT
SIZES, SIZES_QUICK = [4000, 8000, 16000], [4000, 8000]
LARGEST = 16000  # run with the most workers only (see bench_blocks)
WORKERS = [1, 2]
STEREO_SCENE_M = 1500.0
CASES = ("simulate", "reconstruct", "compare", "stereo_poc", "stereo_deep")
NAMES = {"simulate": "simulate_sar", "reconstruct": "reconstruct_layover",
         "compare": "compare_dem", "stereo_poc": "stereo POC", "stereo_deep": "stereo deep"}
SIM_NAMES = ("simulated", "mask", "lookup", "incidence")
REC_NAMES = ("reconstructed", "geocoded", "mask", "mixing")


def _outputs(prefix, names):
    outputs = {name: str(OUT / f"{prefix}_{name}.tif") for name in names}
    for path in outputs.values():
        Path(path).unlink(missing_ok=True)
    return outputs


def _layout_note(dem, geometry, options):
    from sar_height.core.simulation.layout import make_layout
    from sar_height.core.simulation.plan import make_plan

    layout = make_layout(dem, make_plan(dem, geometry, options), options)
    return (f"{layout.strips} strips x {layout.tiles} tiles of {layout.block_rows} x "
            f"{layout.tile_cols}, halo {layout.halo_strips} strips")


def child_simulate(size, workers):
    """simulate_to_files of the size x size Ötztal DEM with ``workers`` (in a subprocess).

    Writes bench_output/blk_sim{size}_w{workers}_*.tif; returns seconds, peak and loaded MB.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.simulation import SimulationOptions, simulate_to_files

    dem = DemRaster(str(resampled_dem(size)))
    geometry = read_sentinel1(GRD)
    options = SimulationOptions(speckle_looks=4, texture_strength=0.3, seed=1)
    note = _layout_note(dem, geometry, options)
    outputs = _outputs(f"blk_sim{size}_w{workers}", SIM_NAMES)
    loaded = peak_mb()
    start = time.perf_counter()
    summary = simulate_to_files(dem, geometry, outputs, options, workers=workers)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "loaded_mb": loaded,
            "note": f"{note}, oversampling {summary.oversampling}"}


def child_reconstruct(size, workers):
    """reconstruct_to_files of the simulate case's image (in a subprocess); as child_simulate."""
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.sentinel1 import read_sentinel1
    from sar_height.core.reconstruction import MeasuredImage, reconstruct_to_files

    measured = _simulated(size)
    dem = DemRaster(str(resampled_dem(size)))
    geometry = read_sentinel1(GRD)
    image = MeasuredImage(str(measured), geometry=geometry)
    outputs = _outputs(f"blk_rec{size}_w{workers}", REC_NAMES)
    loaded = peak_mb()
    start = time.perf_counter()
    summary = reconstruct_to_files(dem, geometry, image, outputs, workers=workers)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "loaded_mb": loaded,
            "note": f"layover {100 * summary.layover_share:.1f} %"}


def child_compare(size, workers):
    """compare_dems of the size/2 resampling against the size x size one (in a subprocess).

    Writes bench_output/blk_cmp{size}_w{workers}_error.tif; returns seconds, peak and loaded MB.
    """
    from sar_height.core.evaluation import compare_dems

    error = OUT / f"blk_cmp{size}_w{workers}_error.tif"
    error.unlink(missing_ok=True)
    loaded = peak_mb()
    start = time.perf_counter()
    result = compare_dems(str(resampled_dem(size // 2)), str(resampled_dem(size)),
                          error_path=str(error), workers=workers)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "loaded_mb": loaded,
            "note": f"RMSE {result.overall['rmse']:.2f} m, {result.overall['count']:,} cells"}


def child_stereo(kind, workers, files):
    """stereo_to_points of the pair ``files`` with matcher ``kind`` (in a subprocess).

    Returns seconds, peak and loaded MB, the patch count and the points.
    """
    from sar_height.core.dem import DATUM_ELLIPSOID, DemRaster
    from sar_height.core.products.geometry_json import read_geometry_json
    from sar_height.core.stereo.dem_files import RadarImage
    from sar_height.core.stereo.patches import plan_patches
    from sar_height.core.stereo.pipeline import DEFAULT_OVERLAP, poc_matcher, stereo_to_points

    reference, secondary = (read_geometry_json(files[k]) for k in ("reference_json",
                                                                    "secondary_json"))
    images = [RadarImage(files[k]) for k in ("reference", "secondary")]
    dem = DemRaster(files["coarse_dem"], DATUM_ELLIPSOID)
    if kind == "stereo_deep":
        from sar_height.core.stereo.deep import deep_matcher

        matcher = deep_matcher(str(MATCHER_MODEL))
        patch_size = matcher.patch_size
    else:
        matcher, patch_size = poc_matcher(), POC_PATCH_SIZE
    patches = len(plan_patches(*images[0].shape, patch_size, DEFAULT_OVERLAP))
    loaded = peak_mb()
    start = time.perf_counter()
    points = stereo_to_points(reference, images[0], secondary, images[1], matcher, dem=dem,
                              patch_size=patch_size, workers=workers)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "loaded_mb": loaded,
            "patches": patches, "note": f"{patches} patches of {patch_size} px, "
                                        f"{len(points):,} points"}


CHILDREN = {"simulate": child_simulate, "reconstruct": child_reconstruct,
            "compare": child_compare}


def _what(case, size):
    """'4000 x 4000' for a DEM size, '1500 m scene' for a stereo case."""
    return f"{size:g} m scene" if case.startswith("stereo") else f"{size} x {size}"


def _child(label, function, *args):
    """Run ``function(*args)`` in its own process; exit with its error output if it fails."""
    try:
        return run_in_child(function, *args)
    except ChildFailed as failed:
        sys.exit(f"{label} failed:\n{failed.stderr}")


def run_case(case, size, workers):
    """Run one case of CHILDREN on the size x size DEM in its own process."""
    return _child(f"{case} {_what(case, size)}, {workers} workers", CHILDREN[case], size,
                  workers)


def _simulated(size):
    """Return the newest simulate image of a size (any worker count: byte-identical), or None."""
    found = list(OUT.glob(f"blk_sim{size}_w*_simulated.tif"))
    return max(found, key=lambda path: path.stat().st_mtime) if found else None


def _grid_stats(sizes, workers, cases, largest_workers_only=()):
    """{(case, size, workers): child stats} of the cases run per DEM size.

    Sizes in ``largest_workers_only`` run with the most workers only (their memory; the
    speed-up is measured at the other sizes).
    """
    stats = {}
    for size in sizes:
        resampled_dem(size)
        if "compare" in cases:
            resampled_dem(size // 2)
        counts = workers[-1:] if size in largest_workers_only else workers
        for case in [c for c in cases if c in CHILDREN]:
            for count in counts:
                if case == "reconstruct" and _simulated(size) is None:
                    run_case("simulate", size, count)
                stats[case, size, count] = run_case(case, size, count)
    return stats


def _stereo_stats(workers, cases, scene_m):
    """{(case, scene m, workers): child stats} of the stereo cases (the pair made once)."""
    cases = [c for c in cases if c.startswith("stereo")
             and (c != "stereo_deep" or MATCHER_MODEL.is_file())]
    if not cases:
        return {}
    files = _child("stereo pair", make_pair, str(OUT / f"blk_stereo_{scene_m:g}"), scene_m)
    return {(case, scene_m, count): _child(f"{case}, {count} workers", child_stereo, case,
                                           count, files)
            for case in cases for count in workers}


def _row(stats, key, sizes):
    """(name, speed, memory) of one case: cells/s or s/patch, speed-up, peak memory."""
    (case, size, count), s = key, stats[key]
    single = stats.get((case, size, 1))
    speed = f", speed-up {single['seconds'] / s['seconds']:.2f}" \
        if single and count != 1 else ""
    name = f"{NAMES[case]} {_what(case, size)}, {count} worker{'s' * (count > 1)}"
    memory = f"peak {s['peak_mb']:.0f} MB (loaded {s['loaded_mb']:.0f} MB)"
    if case.startswith("stereo"):
        return (name, f"{s['seconds'] / s['patches']:.3f} s/patch ({s['seconds']:.0f} s{speed})",
                memory)
    first = stats.get((case, sizes[0], count))
    ratio = f", {s['peak_mb'] / first['peak_mb']:.2f} x the {sizes[0]}² peak" \
        if first and size != sizes[0] else ""
    return (name, f"{size * size / s['seconds']:,.0f} cells/s ({s['seconds']:.0f} s{speed})",
            memory + ratio)


def bench_blocks(quick=False, sizes=None, workers=None, cases=CASES, stereo_scene_m=None,
                 largest_workers_only=(LARGEST,)):
    """Return (rows, lines below the table) for bench.py: memory and speed-up per case.

    ``largest_workers_only``: sizes run with the most workers only (by default 16,000², whose
    one-worker runs would add an hour to `make bench`).
    """
    OUT.mkdir(exist_ok=True)
    sizes = sorted(sizes or (SIZES_QUICK if quick else SIZES))
    workers = sorted(workers or WORKERS)
    scene_m = float(stereo_scene_m or STEREO_SCENE_M)
    stats = {**_grid_stats(sizes, workers, cases, largest_workers_only),
             **_stereo_stats(workers, cases, scene_m)}
    rows = [_row(stats, key, sizes) for key in stats]
    lines = [f"{NAMES[case]} {_what(case, size)} w{count}: {s['note']}"
             for (case, size, count), s in stats.items()]
    if "stereo_deep" in cases and not MATCHER_MODEL.is_file():
        lines.append(f"stereo deep skipped: {MATCHER_MODEL} missing")
    lines.append(f"{os.cpu_count()} logical CPUs; sizes {', '.join(f'{s}²' for s in sizes)}")
    return rows, lines


def main(argv=None):
    """Run the cases the arguments select and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out 16,000 x 16,000")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N")
    parser.add_argument("--workers", type=int, nargs="+", metavar="N")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--stereo-scene", type=float, metavar="M",
                        help=f"side of the stereo scene in metres (default {STEREO_SCENE_M:g})")
    parser.add_argument("--all-workers", action="store_true",
                        help=f"run {LARGEST}² with every worker count too")
    args = parser.parse_args(argv)
    rows, lines = bench_blocks(args.quick, args.sizes, args.workers, args.cases,
                               args.stereo_scene, () if args.all_workers else (LARGEST,))
    for name, speed, memory in rows:
        print(f"{name}: {speed}, {memory}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
