"""`make bench`: speed and memory of the core, printed as a table.

- geo2rdr: points per second on the real Sentinel-1 GRD geometry.
- simulate_to_files: DEM cells per second and peak resident memory for the bundled Ötztal DEM
  resampled to 4000 x 4000 and 8000 x 8000 cells (each run in its own process, so the peak
  memory is that run's own). Memory must stay roughly flat with scene size (block processing).
- reconstruct_to_files: the same for 2000 x 2000 and 4000 x 4000 cells, reconstructing the
  speckled simulated image of the same DEM.
Arguments: `--quick` runs only the smaller size of each.
"""
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from osgeo import gdal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "resources" / "sample_data"
DEM = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
OUT = ROOT / "bench_output"
QUICK = "--quick" in sys.argv
SIMULATE_SIZES = [4000] if QUICK else [4000, 8000]
RECONSTRUCT_SIZES = [2000] if QUICK else [2000, 4000]

gdal.UseExceptions()


def bench_geo2rdr(n=1_000_000):
    from core.geometry.ellipsoid import geodetic_to_ecef
    from core.products.sentinel1 import read_sentinel1

    geometry = read_sentinel1(GRD)
    rng = np.random.default_rng(0)
    xyz = geodetic_to_ecef(rng.uniform(46.7, 47.0, n), rng.uniform(10.6, 11.1, n),
                           rng.uniform(500, 3700, n))
    start = time.perf_counter()
    _, _, ok = geometry.geo2rdr(xyz)
    seconds = time.perf_counter() - start
    return n / seconds, ok.mean()


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_simulation(dem_path, size):
    """Runs in a subprocess: one simulation, reports seconds and its own peak RSS."""
    from core.dem import DemRaster
    from core.products.sentinel1 import read_sentinel1
    from core.simulation import SimulationOptions, simulate_to_files

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
    return {"cells": dem.width * dem.height, "seconds": seconds, "peak_mb": _peak_mb(),
            "note": f"oversampling {summary.oversampling}"}


def child_reconstruction(dem_path, size):
    """Runs in a subprocess: reconstruct the speckled simulated image of the same DEM."""
    from core.dem import DemRaster
    from core.products.sentinel1 import read_sentinel1
    from core.reconstruction import MeasuredImage, reconstruct_to_files

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
    return {"cells": dem.width * dem.height, "seconds": seconds, "peak_mb": _peak_mb(),
            "note": f"layover {100 * summary.layover_share:.1f} %"}


CHILDREN = {"simulate": child_simulation, "reconstruct": child_reconstruction}


def run_child(kind, size):
    result = subprocess.run([sys.executable, __file__, "--child", kind,
                             str(resampled_dem(size)), str(size)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{kind} {size} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def resampled_dem(size):
    path = OUT / f"oetztal_{size}.tif"
    if not path.exists():
        gdal.Warp(str(path), str(DEM), width=size, height=size, resampleAlg="cubic",
                  creationOptions=["TILED=YES", "COMPRESS=DEFLATE"], outputType=gdal.GDT_Float32)
    return path


def main():
    OUT.mkdir(exist_ok=True)
    rate, converged = bench_geo2rdr()
    rows = [("geo2rdr (S1 GRD, 1e6 points)", f"{rate:,.0f} points/s",
             f"{100 * converged:.1f} % converged")]
    for size in sorted(set(SIMULATE_SIZES) | set(RECONSTRUCT_SIZES)):
        stats = run_child("simulate", size)
        if size in SIMULATE_SIZES:
            rows.append(_row("simulate_sar", size, stats))
    for size in RECONSTRUCT_SIZES:
        rows.append(_row("reconstruct_layover", size, run_child("reconstruct", size)))
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':{width}s}  {'speed':50s}  memory / note")
    for name, speed, note in rows:
        print(f"{name:{width}s}  {speed:50s}  {note}")


def _row(name, size, stats):
    return (f"{name} {size} x {size} DEM",
            f"{stats['cells'] / stats['seconds']:,.0f} cells/s ({stats['seconds']:.0f} s, "
            f"{stats['note']})", f"peak {stats['peak_mb']:.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[1] == "--child":
        print(json.dumps(CHILDREN[sys.argv[2]](sys.argv[3], int(sys.argv[4]))))
    else:
        main()
