"""`make bench`: speed and memory of the core, printed as a table.

- geo2rdr: points per second on the real Sentinel-1 GRD geometry.
- simulate_to_files: DEM cells per second and peak resident memory for the bundled Ötztal DEM
  resampled to 4000 x 4000 and 8000 x 8000 cells (each run in its own process, so the peak
  memory is that run's own). Memory must stay roughly flat with scene size (block processing).
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
SIZES = [int(s) for s in sys.argv[1:] if s.isdigit()] or [4000, 8000]

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


def child_simulation(dem_path):
    """Runs in a subprocess: one simulation, reports seconds and its own peak RSS."""
    from core.dem import DemRaster
    from core.products.sentinel1 import read_sentinel1
    from core.simulation import SimulationOptions, simulate_to_files

    dem = DemRaster(dem_path)
    geometry = read_sentinel1(GRD)
    outputs = {name: str(OUT / f"bench_{name}.tif") for name in
               ("simulated", "mask", "lookup", "incidence")}
    start = time.perf_counter()
    summary = simulate_to_files(dem, geometry, outputs, SimulationOptions(speckle_looks=4))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"cells": dem.width * dem.height, "seconds": seconds, "peak_mb": peak_mb,
                      "oversampling": summary.oversampling}))


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
    for size in SIZES:
        path = resampled_dem(size)
        result = subprocess.run([sys.executable, __file__, "--child", str(path)],
                                capture_output=True, text=True, check=True)
        stats = json.loads(result.stdout.strip().splitlines()[-1])
        rows.append((f"simulate_sar {size} x {size} DEM",
                     f"{stats['cells'] / stats['seconds']:,.0f} cells/s "
                     f"({stats['seconds']:.0f} s, oversampling {stats['oversampling']})",
                     f"peak {stats['peak_mb']:.0f} MB"))
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':{width}s}  {'speed':45s}  memory / note")
    for name, speed, note in rows:
        print(f"{name:{width}s}  {speed:45s}  {note}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_simulation(sys.argv[2])
    else:
        main()
