"""Geometry hot paths for `make bench`: geo2rdr and DemRaster.lonlat.

- geo2rdr, single time guess: ``GEO2RDR_POINTS`` random ECEF points (latitude 46.7-47.0 deg,
  longitude 10.6-11.1 deg, height 500-3700 m: around the Ötztal) on the real Sentinel-1 GRD
  geometry, every Newton iteration starting from the mid-image time.
- geo2rdr, seeded: the 1000 x 1000 cells of the Ötztal DEM (resampled, as ellipsoidal heights),
  solved first on every ``SEED_EVERY``-th cell of each axis (and the last), whose times,
  interpolated bilinearly, start every cell; timed from the lattice to the last cell.
- DemRaster.lonlat: milliseconds per row group (``LONLAT_GROUP_ROWS`` rows of
  ``LONLAT_WIDTH`` cells: the simulation's row group at that width) for the Ötztal DEM in
  EPSG:4326 (the map coordinates are the answer) and warped to UTM 32N (one array transform).
Each figure is the best of ``REPEATS`` runs: the machine may be busy with other work.
"""
import time

import numpy as np
from osgeo import gdal

from sar_height.benchmarks.inputs import BENCH_OUT, GRD, OETZTAL_DEM, resampled_dem

GEO2RDR_POINTS = 1_000_000
SEED_SIZE = 1000  # DEM cells per side of the seeded case
SEED_EVERY = 32
LONLAT_WIDTH, LONLAT_GROUP_ROWS, LONLAT_GROUPS = 4000, 16, 4
REPEATS = 3

gdal.UseExceptions()


def best_of(function, repeats=REPEATS):
    """Run ``function()`` ``repeats`` times; return (shortest seconds, its last result)."""
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def sentinel1_geometry():
    """Return the bundled Sentinel-1 GRD geometry."""
    from sar_height.core.products.sentinel1 import read_sentinel1

    return read_sentinel1(GRD)


def random_targets(n=GEO2RDR_POINTS):
    """ECEF (n, 3) of ``n`` points uniform in latitude, longitude and height (seeded)."""
    from sar_height.core.geometry.ellipsoid import geodetic_to_ecef

    rng = np.random.default_rng(0)
    return geodetic_to_ecef(rng.uniform(46.7, 47.0, n), rng.uniform(10.6, 11.1, n),
                            rng.uniform(500, 3700, n))


def bench_geo2rdr(geometry=None, n=GEO2RDR_POINTS):
    """Time geo2rdr of ``random_targets(n)`` from the mid-image time.

    Returns (points per second, fraction converged).
    """
    geometry = geometry or sentinel1_geometry()
    xyz = random_targets(n)
    seconds, (_, _, ok) = best_of(lambda: geometry.geo2rdr(xyz))
    return n / seconds, ok.mean()


def dem_cells(size=SEED_SIZE):
    """ECEF (size, size, 3) of the Ötztal DEM's cells resampled to size x size (NaN: voids)."""
    from sar_height.core.dem import DemRaster

    BENCH_OUT.mkdir(exist_ok=True)
    return DemRaster(resampled_dem(size)).read_block_ecef(0, 0, size, size)


def _linear_weights(knots, n):
    """(n, len(knots)) matrix interpolating linearly from values at ``knots`` to 0 .. n - 1."""
    return np.stack([np.interp(np.arange(n), knots, unit) for unit in np.eye(len(knots))],
                    axis=1)


def geo2rdr_seeded(geometry, cells, every=SEED_EVERY):
    """geo2rdr of a grid of cells (rows, cols, 3) started from a lattice of solved cells.

    The lattice is every ``every``-th row and column plus the last ones; its times (gaps
    filled with their mean) are interpolated bilinearly to every cell as its first guess.
    Returns (azimuth time s, slant range m, converged) of every cell.
    """
    rows, cols = (np.unique(np.r_[np.arange(0, n, every), n - 1]) for n in cells.shape[:2])
    lattice_time, _, _ = geometry.geo2rdr(cells[np.ix_(rows, cols)])
    lattice_time[~np.isfinite(lattice_time)] = np.nanmean(lattice_time)
    guess = (_linear_weights(rows, cells.shape[0]) @ lattice_time
             @ _linear_weights(cols, cells.shape[1]).T)
    return geometry.geo2rdr(cells, initial_time_s=guess)


def bench_geo2rdr_seeded(geometry=None, size=SEED_SIZE, every=SEED_EVERY):
    """Time geo2rdr_seeded on the Ötztal DEM at size x size; return (cells/s, converged)."""
    geometry = geometry or sentinel1_geometry()
    cells = dem_cells(size)
    seconds, (_, _, ok) = best_of(lambda: geo2rdr_seeded(geometry, cells, every))
    return cells.shape[0] * cells.shape[1] / seconds, ok.mean()


def lonlat_strip(crs):
    """Return the path of the Ötztal DEM warped to ``crs``, LONLAT_WIDTH x 4 row groups."""
    name = crs.replace(":", "").lower()
    path = BENCH_OUT / f"lonlat_{name}_{LONLAT_WIDTH}.tif"
    if not path.exists():
        BENCH_OUT.mkdir(exist_ok=True)
        gdal.Warp(str(path), str(OETZTAL_DEM), dstSRS=crs, width=LONLAT_WIDTH,
                  height=LONLAT_GROUP_ROWS * LONLAT_GROUPS, resampleAlg="bilinear",
                  outputType=gdal.GDT_Float32)
    return path


def bench_lonlat(crs):
    """Milliseconds of DemRaster.lonlat per row group for the DEM in ``crs``, and its method."""
    from sar_height.core.dem import DemRaster

    dem = DemRaster(lonlat_strip(crs))

    def all_groups():
        for row in range(0, dem.height, LONLAT_GROUP_ROWS):
            dem.lonlat(0, row, dem.width, LONLAT_GROUP_ROWS)

    seconds, _ = best_of(all_groups)
    return 1e3 * seconds / LONLAT_GROUPS, dem._to_lonlat.method


def bench_geometry():
    """Rows (name, speed, note) of the geometry benchmarks for bench.print_table."""
    geometry = sentinel1_geometry()
    rate, converged = bench_geo2rdr(geometry)
    rows = [(f"geo2rdr (S1 GRD, {GEO2RDR_POINTS:,} points, one guess)",
             f"{rate:,.0f} points/s", f"{100 * converged:.1f} % converged")]
    rate, converged = bench_geo2rdr_seeded(geometry)
    rows.append((f"geo2rdr (S1 GRD, {SEED_SIZE}² DEM cells, 1-in-{SEED_EVERY} seeds)",
                 f"{rate:,.0f} points/s", f"{100 * converged:.1f} % converged"))
    for crs in ("EPSG:4326", "EPSG:32632"):
        ms, method = bench_lonlat(crs)
        rows.append((f"DemRaster.lonlat {crs}", f"{ms:.3f} ms per row group "
                     f"({LONLAT_GROUP_ROWS} x {LONLAT_WIDTH} cells)", f"{method} transform"))
    return rows
