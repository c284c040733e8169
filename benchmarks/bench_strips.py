"""Peak memory of estimate_height's file path: strips against the whole raster.

`python scripts/bench_strips.py [SIZE ...]` (default 2000 4000): a synthetic SIZE x SIZE SAR
GeoTIFF in dB (normal(-12, 4), 20 m pixels, written by this process) and the bundled
contract-v2 height model (inputs.HEIGHT_MODEL) with a prior point every PRIOR_STEP pixels (the
priors of bench.py's inference rows; their TIN the prior surface). Each case runs in its own
process:
- strips: core.inference.residual_raster.estimate_with_uncertainty_to_file with a SarReader,
  what sarheight:estimate_height runs (the SAR read one tile row at a time);
- whole (largest size only): the SAR read whole (read_sar_db) and the same inference fed from
  that array into the same HeightWriter: what reading the raster at once would cost.
Prints seconds, peak resident memory (VmHWM) and the peak after imports, model load and a
warm-up, and the largest difference between the two outputs.
"""
import argparse
import sys
import time

import numpy as np
from osgeo import gdal

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import (
    BENCH_OUT,
    HEIGHT_MODEL,
    INFERENCE_SPACING_M,
    PRIOR_STEP,
    sar_db,
    surface_m,
    synthetic_raster,
)

OUT = BENCH_OUT
SIZES = [2000, 4000]


def write_sar(size):
    """Return the path of the synthetic SAR GeoTIFF (dB, UTM 32N), written once per size."""
    return synthetic_raster(OUT / f"strips_sar_{size}.tif", size, size, INFERENCE_SPACING_M,
                            sar_db)


def lattice_points(size):
    """Return PriorPoints with a height every PRIOR_STEP pixels on inputs.surface_m (metres)."""
    from sar_height.core.inference import PriorPoints

    at = np.arange(PRIOR_STEP // 2, size, PRIOR_STEP)
    rows, cols = np.meshgrid(at, at, indexing="ij")
    heights = surface_m(at * INFERENCE_SPACING_M / 1000.0, at * INFERENCE_SPACING_M / 1000.0)
    return PriorPoints(rows, cols, heights, (size, size))


def child(mode, size):
    """Run one case (``mode`` "strips" or "whole") in a subprocess; return its statistics.

    Seconds, the peak memory (``peak_mb``) and the peak after the model load and a warm-up
    (``loaded_mb``); the heights go to bench_output/strips_heights_{mode}_{size}.tif.
    """
    from sar_height.core.inference.height_raster import HeightWriter, SarReader, read_sar_db
    from sar_height.core.inference.model import ResidualHeightModel
    from sar_height.core.inference.residual_contract import scene_median_db
    from sar_height.core.inference.residual_inference import StripReader, predict_with_uncertainty
    from sar_height.core.inference.residual_raster import (
        estimate_with_uncertainty_to_file,
        points_surface,
    )

    def run_array(sar_db, points, write):
        strips = StripReader(lambda r, n: sar_db[r:r + n], points_surface(points), sar_db.shape,
                             scene_median_db(sar_db))
        predict_with_uncertainty(model, strips, INFERENCE_SPACING_M, write)

    model = ResidualHeightModel(HEIGHT_MODEL)
    warm = np.random.default_rng(0).normal(-12.0, 4.0, (300, 300)).astype(np.float32)
    run_array(warm, lattice_points(300), lambda row0, heights, sigma: None)
    loaded_mb = peak_mb()
    sar_path, out = write_sar(size), OUT / f"strips_heights_{mode}_{size}.tif"
    points = lattice_points(size)
    start = time.perf_counter()
    if mode == "strips":
        reader = SarReader(str(sar_path), 1, "db")
        estimate_with_uncertainty_to_file(model, reader, points_surface(points),
                                          points.heights, str(out))
    else:
        grid, sar_db = read_sar_db(str(sar_path), 1, "db")
        writer = HeightWriter(str(out), grid)
        run_array(sar_db, points, lambda row0, heights, sigma: writer.write(row0, heights))
        writer.commit()
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(),
            "loaded_mb": loaded_mb}


def run_child(mode, size):
    """Run ``child(mode, size)`` in its own process; exit with its error output if it fails."""
    try:
        return run_in_child(child, mode, size)
    except ChildFailed as failed:
        sys.exit(f"{mode} {size} failed:\n{failed.stderr}")


def bench_strip_rows(sizes=SIZES):
    """Return (rows, lines below the table) for scripts/bench.py.

    Each size in strips, the largest also whole, and the largest difference of the two outputs
    (metres).
    """
    OUT.mkdir(exist_ok=True)
    for size in sizes:
        write_sar(size)
    rows = []
    for mode, size in [("strips", size) for size in sizes] + [("whole", max(sizes))]:
        stats = run_child(mode, size)
        label = ("estimate_height file path, strips" if mode == "strips"
                 else "the same, SAR read whole")
        rows.append((f"{label}, {size} x {size}",
                     f"{size * size / stats['seconds'] / 1e6:.2f} MP/s "
                     f"({stats['seconds']:.0f} s)",
                     f"peak {stats['peak_mb']:.0f} MB (after load "
                     f"{stats['loaded_mb']:.0f} MB)"))
    size = max(sizes)
    heights = []
    for mode in ("strips", "whole"):
        dataset = gdal.Open(str(OUT / f"strips_heights_{mode}_{size}.tif"))
        heights.append(dataset.ReadAsArray())
        dataset = None
    difference = float(np.nanmax(np.abs(heights[0] - heights[1])))
    return rows, [f"estimate_height strips vs whole raster at {size} x {size}: max "
                  f"|difference| {difference:.1e} m"]


def main(argv=None):
    """Run the cases for the sizes on the command line and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=SIZES, metavar="SIZE",
                        help="raster side in pixels (default: 2000 4000)")
    rows, lines = bench_strip_rows(parser.parse_args(argv).sizes)
    for name, speed, memory in rows:
        print(f"{name}: {speed}, {memory}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
