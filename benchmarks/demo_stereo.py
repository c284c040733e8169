"""Stereo part of `make demo`: sarheight:stereo_radargrammetry on a simulated airborne pair.

The pair (core.stereo.pairs.simulate_pair, the setting of Sasayama et al., IGARSS 2025: X band,
5 km above the terrain, parallel tracks on the same side seeing the scene at 35° and 55°,
2 m pixels, 4-look speckle) is simulated over a 1500 m square of the San Gabriel DEM (a
held-out region of the bundled test data, never used for training) and written as a user
holds it: two radar-geometry GeoTIFFs with their geometry JSONs, a 90 m coarse DEM and the
2 m truth. Each matcher (phase-only correlation, and the bundled deep matcher when it exists)
runs headless through qgis_process; the heights are scored with sarheight:compare_dem against
the truth averaged onto 16 m cells, next to the coarse DEM that predicted the patches.
"""
import time
from pathlib import Path

import numpy as np
from osgeo import gdal

from sar_height.benchmarks import headless, quicklook

ROOT = Path(__file__).resolve().parents[1]

DEM = ROOT / "test" / "data" / "dem" / "san_gabriel_bigtujunga_srtm30_utm11_crop.tif"
MODEL = ROOT / "resources" / "models" / "sar_matcher.onnx"
SCENE_M = 1500.0
COARSE_FACTOR = 45  # 90 m coarse DEM from the 2 m truth
CELL_M = 16.0  # output pixel size (8 pixels of 2 m)
ELLIPSOID = 2  # DEM_VERTICAL_DATUM
MATCHERS = {"poc": 1, "deep": 0}  # MATCHER enum


def make_pair(folder):
    """Simulate the airborne pair and write it into ``folder``; return (files, reference shape).

    ``files`` maps the roles (reference, secondary, their geometry JSONs, coarse_dem, fine_dem)
    to the written paths; the shape is the reference image's (lines, samples).
    """
    from sar_height.core.stereo.pair_files import write_pair_files
    from sar_height.core.stereo.pairs import PairSpec, simulate_pair

    pair = simulate_pair(DEM, PairSpec(kind="airborne", scene_size_m=SCENE_M, seed=1),
                         coarse_factor=COARSE_FACTOR)
    try:
        return write_pair_files(pair, folder, "stereo_"), pair.reference_image.shape
    finally:
        pair.release()


def run_matcher(files, name, out):
    """Run stereo_radargrammetry headless with matcher ``name`` (poc or deep) on the pair.

    Heights on CELL_M (m) cells. Returns (output paths, the algorithm's results, seconds).
    """
    outputs = {key: out / f"stereo_{name}_{suffix}.tif" for key, suffix in (
        ("OUTPUT", "heights"), ("OUTPUT_CONFIDENCE", "confidence"), ("OUTPUT_COUNT", "count"))}
    for path in outputs.values():
        path.unlink(missing_ok=True)
    params = {"REFERENCE": files["reference"], "REFERENCE_GEOMETRY": files["reference_json"],
              "SECONDARY": files["secondary"], "SECONDARY_GEOMETRY": files["secondary_json"],
              "INPUT_UNITS": 0, "DEM": files["coarse_dem"], "DEM_VERTICAL_DATUM": ELLIPSOID,
              "MATCHER": MATCHERS[name], "OUTPUT_PIXEL_SIZE": CELL_M, **outputs}
    start = time.time()
    result = headless.run("sarheight:stereo_radargrammetry", params)
    seconds = time.time() - start
    print(f"stereo_radargrammetry ({name}) finished in {seconds:.1f} s (qgis_process)")
    return outputs, result["results"], seconds


def truth_on_grid(files, path):
    """Write the 2 m truth averaged onto CELL_M cells over the whole scene to ``path``; return it.

    This is the grid every matcher and the coarse DEM are scored on: coverage counts the scene's
    cells.
    """
    gdal.Warp(str(path), str(files["fine_dem"]), xRes=CELL_M, yRes=CELL_M,
              resampleAlg="average", dstNodata=np.nan, outputType=gdal.GDT_Float32,
              targetAlignedPixels=True)
    return path


def score(dem, truth, name, out):
    """Run compare_dem of ``dem`` against ``truth`` (both ellipsoidal); return (outputs, stats)."""
    outputs = {"OUTPUT_ERROR": out / f"stereo_error_{name}.tif",
               "OUTPUT_REPORT": out / f"stereo_error_{name}_report.html"}
    for path in outputs.values():
        path.unlink(missing_ok=True)
    params = {"DEM": dem, "DEM_VERTICAL_DATUM": ELLIPSOID, "REFERENCE": truth,
              "REFERENCE_VERTICAL_DATUM": ELLIPSOID, **outputs}
    return outputs, headless.run("sarheight:compare_dem", params)["results"]


def quicklooks(files, heights, errors, truth, out):
    """Write the stereo quicklooks: both images (dB), a hillshade panel and the error panel."""
    for role in ("reference", "secondary"):  # radar geometry, sizes differ
        quicklook.grey(files[role], out / f"stereo_{role}_radar_geometry.png", db=True)
    coarse = truth_like(files["coarse_dem"], truth, out / "stereo_coarse_on_grid.tif")
    on_grid = [truth_like(p, truth, out / f"stereo_{n}_on_grid.tif") for n, p in heights.items()]
    quicklook.hillshade([truth, coarse, *on_grid],
                        out / ("stereo_hillshade_truth_coarse_" + "_".join(heights) + ".png"))
    quicklook.diverging(list(errors.values()),
                        out / ("stereo_error_" + "_".join(errors) + ".png"), limit=10.0)


def truth_like(source, truth, path):
    """``source`` resampled bilinearly onto the truth grid (for side-by-side quicklooks)."""
    ds = gdal.Open(str(truth))
    gt = ds.GetGeoTransform()
    bounds = (gt[0], gt[3] + gt[5] * ds.RasterYSize, gt[0] + gt[1] * ds.RasterXSize, gt[3])
    gdal.Warp(str(path), str(source), outputBounds=bounds, width=ds.RasterXSize,
              height=ds.RasterYSize, dstSRS=ds.GetProjection(), resampleAlg="bilinear",
              dstNodata=np.nan, outputType=gdal.GDT_Float32)
    return path


def run(out):
    """Run the stereo demo into ``out``; returns (rows of the summary table, timings)."""
    out = Path(out)
    files, shape = make_pair(out / "stereo_pair")
    names = ["poc"] + (["deep"] if MODEL.is_file() else [])
    if "deep" not in names:
        print(f"note: {MODEL.relative_to(ROOT)} is missing; the stereo demo runs POC only")
    heights, errors, rows, timings = {}, {}, [], {}
    truth = truth_on_grid(files, out / "stereo_truth_16m.tif")
    for name in names:
        outputs, results, timings[f"stereo {name}"] = run_matcher(files, name, out)
        heights[name] = outputs["OUTPUT"]
        scored, stats = score(heights[name], truth, name, out)
        errors[name] = scored["OUTPUT_ERROR"]
        rows.append((name, results, stats))
    _, coarse_stats = score(files["coarse_dem"], truth, "coarse", out)
    rows.append(("coarse DEM", None, coarse_stats))
    quicklooks(files, heights, errors, truth, out)
    print(f"stereo pair: {shape[0]} x {shape[1]} pixels of 2 m, {SCENE_M:g} m over San "
          "Gabriel (held out)")
    return rows, timings


def summary(rows):
    """Print the stereo part of the demo's summary: one line of statistics per row."""
    print("Stereo radargrammetry (simulated airborne pair over San Gabriel, held out), heights "
          f"on {CELL_M:g} m cells\nagainst the 2 m truth averaged onto them "
          "(WGS84 ellipsoidal):")
    print(f"  {'':14s} {'RMSE m':>7s} {'bias m':>7s} {'NMAD m':>7s} {'≤1 m %':>7s} "
          f"{'≤2 m %':>7s} {'≤5 m %':>7s} {'cover %':>7s} {'points':>8s}")
    for name, results, s in rows:
        points = f"{int(results['POINTS']):8d}" if results else f"{'':8s}"
        print(f"  {name:14s} {s['RMSE']:7.2f} {s['BIAS']:7.2f} {s['NMAD']:7.2f} "
              f"{s['WITHIN_1M']:7.1f} {s['WITHIN_2M']:7.1f} {s['WITHIN_5M']:7.1f} "
              f"{s['COVERAGE']:7.1f} {points}")
    print("Stereo quicklooks: stereo_reference_radar_geometry.png and "
          "stereo_secondary_radar_geometry.png\n  (the two images, dB), "
          "stereo_hillshade_*.png (truth | coarse DEM | matchers),\n  stereo_error_*.png "
          "(blue -10 m .. white 0 .. red +10 m)")
