"""Peak memory and worker speed-up of simulate_sar and reconstruct_layover (issue 16).

`python -m sar_height.benchmarks.bench_blocks [--quick] [--sizes N ...] [--workers N ...]`:
the bundled Ötztal DEM resampled (cubic) to N x N cells (4000, 8000 and 16,000; --quick
leaves out 16,000) on the Sentinel-1 GRD geometry. Every case runs in a process of its own,
so the peak resident memory (VmHWM, as ru_maxrss but not inherited) is that case's own:

- simulate: simulate_to_files with all four outputs, speckle 4, texture 0.3 (bench.py's
  options), at each worker count;
- reconstruct: reconstruct_to_files of the simulate case's speckled image of the same size
  (all four outputs), at each worker count.

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

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import BENCH_OUT, GRD, resampled_dem

OUT = BENCH_OUT
SIZES, SIZES_QUICK = [4000, 8000, 16000], [4000, 8000]
WORKERS = [1, 2]
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

    measured = OUT / f"blk_sim{size}_w1_simulated.tif"
    dem = DemRaster(str(resampled_dem(size)))
    geometry = read_sentinel1(GRD)
    image = MeasuredImage(str(measured), geometry=geometry)
    outputs = _outputs(f"blk_rec{size}_w{workers}", REC_NAMES)
    loaded = peak_mb()
    start = time.perf_counter()
    summary = reconstruct_to_files(dem, geometry, image, outputs, workers=workers)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "loaded_mb": loaded,
            "note": f"layover {100 * summary.layover_share:.1f} %"}


CHILDREN = {"simulate": child_simulate, "reconstruct": child_reconstruct}


def run_case(case, size, workers):
    """Run one case in its own process; exit with its error output if it fails."""
    try:
        return run_in_child(CHILDREN[case], size, workers)
    except ChildFailed as failed:
        sys.exit(f"{case} {size} x {size}, {workers} workers failed:\n{failed.stderr}")


def bench_blocks(quick=False, sizes=None, workers=None, cases=("simulate", "reconstruct")):
    """Return (rows, lines below the table) for bench.py: memory and speed-up per case."""
    OUT.mkdir(exist_ok=True)
    sizes = sorted(sizes or (SIZES_QUICK if quick else SIZES))
    workers = sorted(workers or WORKERS)
    stats = {}
    for size in sizes:
        resampled_dem(size)
        for case in cases:
            for count in workers:
                if case == "reconstruct" and not (OUT / f"blk_sim{size}_w1_simulated.tif"
                                                  ).exists():
                    run_case("simulate", size, 1)
                stats[case, size, count] = run_case(case, size, count)
    rows, lines = [], []
    for (case, size, count), s in stats.items():
        name = "simulate_sar" if case == "simulate" else "reconstruct_layover"
        first = stats.get((case, sizes[0], count))
        single = stats.get((case, size, 1))
        ratio = f", {s['peak_mb'] / first['peak_mb']:.2f} x the {sizes[0]}² peak" \
            if first and size != sizes[0] else ""
        speed = f", speed-up {single['seconds'] / s['seconds']:.2f}" \
            if single and count != 1 else ""
        rows.append((f"{name} {size} x {size}, {count} worker{'s' * (count > 1)}",
                     f"{size * size / s['seconds']:,.0f} cells/s ({s['seconds']:.0f} s{speed})",
                     f"peak {s['peak_mb']:.0f} MB (loaded {s['loaded_mb']:.0f} MB){ratio}"))
        lines.append(f"{name} {size}² w{count}: {s['note']}")
    lines.append(f"{os.cpu_count()} logical CPUs; sizes {', '.join(f'{s}²' for s in sizes)}")
    return rows, lines


def main(argv=None):
    """Run the cases the arguments select and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out 16,000 x 16,000")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N")
    parser.add_argument("--workers", type=int, nargs="+", metavar="N")
    parser.add_argument("--cases", nargs="+", choices=list(CHILDREN), default=list(CHILDREN))
    args = parser.parse_args(argv)
    rows, lines = bench_blocks(args.quick, args.sizes, args.workers, args.cases)
    for name, speed, memory in rows:
        print(f"{name}: {speed}, {memory}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
