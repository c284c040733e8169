"""Sentinel-1 calibration rows of `make bench` (bench.py calls ``bench_calibration``).

A full-size IW GRD: the real Rome annotation set of test/data/s1 (annotation, calibration and
noise XML; 16,705 lines x 26,102 samples; the Ötztal GRD of resources/sample_data, 16,685 x
25,788, has no calibration annotation) copied under bench_output/ with a synthetic measurement
TIFF of the real size and layout (uint16, uncompressed, one-line strips, 872 MB), written once
in a child process and reused. Digital numbers: Rayleigh amplitudes (mean about 170, a
realistic GRD level), no zeros.

Each case runs core.products.sentinel1_backscatter.calibrated_backscatter_blocks (sigma0, thermal
noise removed, the default blocks of 2 million pixels) over a window of the product in its own
process: the whole raster and its first quarter (half the lines, half the samples). The table
gives megapixels per second (reading, calibration and noise removal, float32 out, summed so
that nothing is written) and the peak resident memory (VmHWM), with in brackets the peak after
imports and opening the product: the increment is the block's and must not grow with the
window (bounded memory).

`python -m sar_height.benchmarks.bench_calibration [--quick]` runs it alone (--quick: the
quarter only).
"""
import argparse
import shutil
import sys
import time

import numpy as np
from osgeo import gdal

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import BENCH_OUT, ROOT

OUT = BENCH_OUT / "calibration"
SOURCE_SAFE = (ROOT / "test" / "data" / "s1"
               / "S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371.SAFE")
CASES = {"quarter": 0.5, "full": 1.0}  # name: fraction of the lines and of the samples
PATTERN_LINES = 509  # rows of random amplitudes, reused cyclically (shifted) down the raster

gdal.UseExceptions()


def make_product():
    """Copy the annotation set and write the measurement TIFF (run in a child); return the SAFE.

    An existing complete copy is reused.
    """
    from sar_height.core.products.fields import parse_xml
    from sar_height.core.products.sentinel1 import list_annotations
    from sar_height.core.products.sentinel1_measurement import measurement_name
    from sar_height.core.products.sentinel1_radiometry import raster_info

    safe = OUT / SOURCE_SAFE.name
    entry = list_annotations(str(SOURCE_SAFE))[0]
    info = raster_info(parse_xml(entry.location), entry.location)
    target = safe / "measurement" / measurement_name(entry)
    if target.exists():
        return str(safe)
    shutil.rmtree(safe, ignore_errors=True)
    shutil.copytree(SOURCE_SAFE, safe)
    (safe / "measurement").mkdir()
    partial = target.with_suffix(".part.tiff")
    dataset = gdal.GetDriverByName("GTiff").Create(str(partial), info.samples, info.lines, 1,
                                                   gdal.GDT_UInt16, ["BLOCKYSIZE=1"])
    rng = np.random.default_rng(15)
    pattern = np.maximum(rng.rayleigh(135.0, (PATTERN_LINES, info.samples)), 1).astype(np.uint16)
    band = dataset.GetRasterBand(1)
    for line0 in range(0, info.lines, PATTERN_LINES):
        rows = min(PATTERN_LINES, info.lines - line0)
        band.WriteArray(np.roll(pattern[:rows], line0 // PATTERN_LINES * 97, axis=1), 0, line0)
    dataset = None
    partial.rename(target)
    return str(safe)


def child(safe, fraction):
    """Calibrate the window of ``fraction`` of the lines and samples; return timings, memory."""
    from sar_height.core.products.sentinel1_backscatter import (
        Window,
        calibrated_backscatter_blocks,
    )

    probe = calibrated_backscatter_blocks(safe, window=Window(0, 10, 0, 10))
    lines, samples = (round(n * fraction) for n in (probe.geometry.lines,
                                                     probe.geometry.samples))
    probe.read(0, 10)  # warm-up: LUTs parsed, GDAL and numpy loaded
    blocks = calibrated_backscatter_blocks(safe, window=Window(0, lines, 0, samples))
    loaded_mb = peak_mb()
    start = time.perf_counter()
    total, finite, count = 0.0, 0, 0
    for _, block in blocks:
        ok = np.isfinite(block)
        total += float(block[ok].sum(dtype=np.float64))
        finite += int(ok.sum())
        count += 1
    seconds = time.perf_counter() - start
    return {"megapixels": lines * samples / 1e6, "lines": lines, "samples": samples,
            "seconds": seconds, "blocks": count, "finite": finite / (lines * samples),
            "mean_sigma0": total / max(finite, 1), "peak_mb": peak_mb(), "loaded_mb": loaded_mb}


def bench_calibration(quick=False):
    """(rows, lines below the table) of the calibration benchmark."""
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        safe = run_in_child(make_product)
        stats = {name: run_in_child(child, safe, fraction, env={"OMP_NUM_THREADS": "1"})
                 for name, fraction in CASES.items() if not quick or name == "quarter"}
    except ChildFailed as failed:
        sys.exit(f"calibration benchmark failed:\n{failed.stderr}")
    rows = [(f"S1 GRD sigma0 calibration {s['lines']} x {s['samples']} ({name})",
             f"{s['megapixels'] / s['seconds']:.1f} MP/s ({s['seconds']:.1f} s, "
             f"{s['blocks']} blocks)",
             f"peak {s['peak_mb']:.0f} MB (after open {s['loaded_mb']:.0f} MB)")
            for name, s in stats.items()]
    s = list(stats.values())[-1]
    lines = [f"calibration: real Rome GRD annotation, synthetic uint16 measurement (uncompressed, "
             f"1-line strips), sigma0 with noise removal, mean sigma0 "
             f"{10 * np.log10(s['mean_sigma0']):.1f} dB, {100 * s['finite']:.1f} % finite"]
    return rows, lines


def main(argv=None):
    """Run the calibration benchmark alone and print its rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the quarter window only")
    args = parser.parse_args(argv)
    rows, lines = bench_calibration(args.quick)
    for row in rows:
        print("  ".join(row))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
