"""Point-target rows of `make bench` (bench.py calls ``bench_point_target``).

A 4096 x 4096 Staring Spotlight SLC (TerraSAR-X-like, 47.3°, complex GeoTIFF + geometry JSON
on disk, 128 MB): clutter with the system's spectrum, and the nine corner reflectors of the
simulator's airfield scene (SCR 50 dB) pasted into its first lines. One run of
core.point_target.measure.estimate_point_heights through core.point_target.slc.open_slc with
the defaults (5 sub-bands, SCR >= 15 dB, height search -500..9000 m), in its own process:
seconds per megapixel scanned (the block scan, first half of the progress), seconds per
measured target, peak resident memory (the scan reads 1024-line blocks: it must not grow
with the image).
"""
import dataclasses
import sys
import time

import numpy as np

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import BENCH_OUT

OUT = BENCH_OUT
SIZE = 4096


def make_scene(path):
    """Write the benchmark SLC; returns the number of reflectors placed."""
    from sar_height.core.point_target.simulator import (
        SceneSpec,
        airfield_targets,
        simulate_clutter,
        simulate_scene,
    )
    from sar_height.core.point_target.slc import write_complex_geotiff

    spec = SceneSpec(lines=1700, samples=96, scr_db=50.0, seed=0)
    sim = simulate_scene(spec, airfield_targets(spec))
    geometry = dataclasses.replace(sim.geometry, lines=SIZE, samples=SIZE)
    big = dataclasses.replace(spec, lines=SIZE, samples=SIZE)
    slc = simulate_clutter(big, geometry, sim.info["azimuth_bandwidth_hz"],
                           np.random.default_rng(1)).astype(np.complex64)
    slc[:spec.lines, :spec.samples] = sim.slc
    write_complex_geotiff(dataclasses.replace(sim, slc=slc, geometry=geometry), path)
    return len(sim.truth)


def child(path):
    """Open and measure the benchmark SLC (run in a subprocess); return timings and memory.

    The scan time runs until the progress reaches one half (the block scan), the rest is the
    measurement of the candidates; ``targets`` counts those with a finite height.
    """
    from sar_height.core.point_target.measure import estimate_point_heights
    from sar_height.core.point_target.slc import open_slc

    reader, geometry = open_slc(path)
    marks = {}

    def progress(fraction):
        if fraction >= 0.5 and "scan" not in marks:
            marks["scan"] = time.perf_counter()
        return True

    start = time.perf_counter()
    report = estimate_point_heights(reader, geometry, progress=progress)
    end = time.perf_counter()
    scan = marks.get("scan", end) - start
    measured = [t for t in report.targets if np.isfinite(t.height_m)]
    return {"megapixels": reader.lines * reader.samples / 1e6, "scan_s": scan,
            "measure_s": end - start - scan, "targets": len(measured),
            "candidates": report.candidates, "peak_mb": peak_mb()}


def bench_point_target():
    """(rows, lines below the table) of the point-target benchmark."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"point_targets_{SIZE}.tif"
    placed = None
    try:
        if not path.exists():  # in a child too, so that this process stays small
            placed = run_in_child(make_scene, str(path))
        s = run_in_child(child, str(path), env={"OMP_NUM_THREADS": "1"})
    except ChildFailed as failed:
        sys.exit(f"point-target benchmark failed:\n{failed.stderr}")
    rows = [(f"point_target_height scan {SIZE} x {SIZE} SLC",
             f"{s['scan_s'] / s['megapixels']:.2f} s/megapixel ({s['scan_s']:.1f} s)",
             f"peak {s['peak_mb']:.0f} MB"),
            ("point_target_height per target",
             f"{s['measure_s'] / max(s['targets'], 1):.3f} s/target ({s['targets']} measured "
             f"of {s['candidates']} candidates)", "")]
    lines = [f"point targets: complex GeoTIFF {path.name}"
             + (f" ({placed} reflectors placed)" if placed else "") + ", one thread"]
    return rows, lines
