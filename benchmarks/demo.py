"""`make demo`: the main job on the bundled data, headless through qgis_process.

It replicates the setting the height model (model contract v2, docs/height_model.md) was
trained in on the bundled data and evaluates the heights it estimates:

0. DEMs (GDAL, no QGIS): the bundled 3" SRTM of the Ötztal (EPSG:4326, about 93 x 63 m,
   EGM96) is warped bilinearly to a 30 m grid in UTM 32N over a square window at its centre:
   the "fine" DEM, the demo's stand-in for the true surface. The "coarse" DEM is its 3 x 3
   block means (90 m), as such the prior DEM, and interpolated bilinearly back onto the 30 m
   grid the DEM that drives the reconstruction: the DEM a user would have.
1. simulate_sar: the real Sentinel-1B GRD acquisition of 2021-04-01 (descending, relative orbit
   168) over the fine DEM, with 4-look speckle and a reflectivity texture: the "measured" image
   (no measurement raster of this product is bundled).
2. reconstruct_layover: that image's layover energy re-allocated to the cells of the coarse
   DEM (on the 30 m grid), next to conventional terrain geocoding of the same image.
3. Calibration: the reconstruction is radar cross-section per GRD pixel (flat-equivalent,
   what simulate_sar writes); divided by the ground area of one pixel (10 m x 10 m, from the
   product annotation) it is sigma0, the backscatter the height model was trained on.
4. estimate_height: heights and their 1-sigma uncertainty from the calibrated reconstruction
   and the 90 m coarse DEM as the prior DEM at the default PRIOR_SPACING (every DEM cell: the
   training's coarse-DEM prior mode); ellipsoidal heights, as the prior DEM is converted to
   them. The baseline without a network is the prior surface the model corrects (the plugin's
   own cubic spline through the DEM's cells).
5. compare_dem: the estimated heights, the prior surface and the coarse DEM against the fine
   DEM, in ellipsoidal heights; the share of the errors within 1 and 2 sigma.

6. stereo_radargrammetry (demo_stereo.py): a simulated airborne stereo pair over a
   held-out DEM, matched by phase-only correlation and by the bundled deep matcher, heights
   scored against the truth with compare_dem.
7. point_target_height (demo_point_target.py): a simulated TerraSAR-X Staring
   Spotlight product with nine corner reflectors, and the real ALOS PALSAR stripmap chip.

All outputs plus PNG quicklooks go to demo_output/. ``--height-model PATH`` runs step 4 with
another ONNX height model than the bundled one.
"""
import argparse
import math
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

from sar_height.benchmarks import demo_point_target, demo_stereo, headless, quicklook
from sar_height.benchmarks.inputs import GRD, HEIGHT_MODEL, ROOT
from sar_height.benchmarks.inputs import OETZTAL_DEM as DEM

gdal.UseExceptions()

OUT = ROOT / "demo_output"
UTM = "EPSG:32632"  # UTM zone 32N, the local zone of the Ötztal (10.6-11.1° E)
FINE_SPACING = 30.0  # m, inside the model's 10-30 m training range
COARSE_FACTOR = 3  # = training.height.data.GenerationConfig.coarse_factor
MARGIN = 18  # cells around the scored window (training: 16; here whole coarse blocks)
EGM96, ELLIPSOID = 1, 2  # DEM_VERTICAL_DATUM options
DB = 1  # reconstruct_layover OUTPUT_UNITS dB  <->  estimate_height INPUT_UNITS 2
CLASSES = {0: "clear", 1: "layover", 2: "shadow", 3: "layover+shadow"}
BUNDLED_MODEL = HEIGHT_MODEL


def timed(label, algorithm, params):
    """Run ``algorithm`` headless, print its wall time; return (qgis_process JSON, seconds)."""
    start = time.time()
    result = headless.run(algorithm, params)
    seconds = time.time() - start
    print(f"{label} finished in {seconds:.1f} s (qgis_process, headless)")
    return result, seconds


def fresh(outputs):
    """Delete the files of ``outputs`` (a dict of paths) if present; return ``outputs``."""
    for path in outputs.values():
        Path(path).unlink(missing_ok=True)
    return outputs


# -- 0. DEMs -----------------------------------------------------------------------------------
def make_dems(size_km):
    """Write the DEMs of the demo; return the paths (fine, coarse on 30 m, coarse 90 m, reference).

    Fine (30 m, UTM 32N, bilinear from SRTM) and coarse (3x3 block means at 90 m, and those
    bilinear back onto the fine grid) DEMs over a ``size_km`` square at the SRTM's centre plus a
    margin of MARGIN cells, and the reference: the fine DEM without the margin. EGM96 heights.
    """
    ds = gdal.Open(str(DEM))
    gt = ds.GetGeoTransform()
    lon = gt[0] + gt[1] * ds.RasterXSize / 2
    lat = gt[3] + gt[5] * ds.RasterYSize / 2
    wgs84, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    utm.SetFromUserInput(UTM)
    for srs in (wgs84, utm):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x, y, _ = osr.CoordinateTransformation(wgs84, utm).TransformPoint(lon, lat)
    block = COARSE_FACTOR * FINE_SPACING
    cells = int(round(size_km * 1000 / block)) * COARSE_FACTOR  # whole coarse blocks
    x0 = math.floor((x - cells * FINE_SPACING / 2) / block) * block
    y0 = math.floor((y - cells * FINE_SPACING / 2) / block) * block
    inner = (x0, y0, x0 + cells * FINE_SPACING, y0 + cells * FINE_SPACING)
    pad = MARGIN * FINE_SPACING
    bounds = (inner[0] - pad, inner[1] - pad, inner[2] + pad, inner[3] + pad)
    fine, coarse_90 = OUT / "fine_dem_30m.tif", OUT / "coarse_dem_90m.tif"
    coarse, reference = OUT / "coarse_dem_on_30m.tif", OUT / "reference_dem_30m.tif"
    common = dict(format="GTiff", dstSRS=UTM, outputBounds=bounds, outputType=gdal.GDT_Float32,
                  creationOptions=["COMPRESS=DEFLATE", "TILED=YES"])
    gdal.Warp(str(fine), str(DEM), xRes=FINE_SPACING, yRes=FINE_SPACING,
              resampleAlg="bilinear", **common)
    gdal.Warp(str(coarse_90), str(fine), xRes=block, yRes=block, resampleAlg="average",
              **common)
    gdal.Warp(str(coarse), str(coarse_90), xRes=FINE_SPACING, yRes=FINE_SPACING,
              resampleAlg="bilinear", **common)
    gdal.Translate(str(reference), str(fine), srcWin=[MARGIN, MARGIN, cells, cells],
                   creationOptions=["COMPRESS=DEFLATE", "TILED=YES"])
    full = cells + 2 * MARGIN
    print(f"DEMs: {full} x {full} cells at {FINE_SPACING:g} m in {UTM}, "
          f"{full * FINE_SPACING / 1000:.2f} km square at {lat:.3f}° N {lon:.3f}° E")
    print(f"  {fine.name}: bilinear from the 3\" SRTM - the demo's stand-in for the TRUE "
          f"surface")
    print(f"  {coarse.name}: {COARSE_FACTOR} x {COARSE_FACTOR} block means ({block:g} m, "
          f"{coarse_90.name}, the prior DEM) back on the\n    {FINE_SPACING:g} m grid - the "
          f"coarse DEM a user has; it drives the reconstruction")
    print(f"  {reference.name}: the fine DEM without a {MARGIN}-cell ({pad:g} m) margin: the "
          f"reference of the\n    evaluation ({cells} x {cells} cells; the margin is "
          f"simulated and reconstructed but not scored,\n    as in the training scenes)")
    return fine, coarse, coarse_90, reference


# -- 1.-2. simulation and reconstruction -------------------------------------------------------
def simulate(fine):
    """Run simulate_sar over the fine DEM (the "measured" image) and write its quicklooks.

    Returns (the output paths by parameter name, seconds).
    """
    outputs = fresh({key: OUT / f"{name}.tif" for key, name in [
        ("OUTPUT_SIMULATED", "simulated_radar_geometry"), ("OUTPUT_MASK", "layover_shadow_mask"),
        ("OUTPUT_LOOKUP", "radar_lookup"), ("OUTPUT_INCIDENCE", "local_incidence_deg")]})
    params = {"DEM": fine, "GEOMETRY": GRD / "manifest.safe", "DEM_VERTICAL_DATUM": EGM96,
              "SPECKLE_LOOKS": 4, "SEED": 42, "TEXTURE": 0.3, **outputs}
    _, seconds = timed("simulate_sar (fine DEM: the 'measured' image)", "sarheight:simulate_sar",
                       params)
    quicklook.grey(outputs["OUTPUT_SIMULATED"], OUT / "simulated_radar_geometry.png", db=True,
                   crop=True)
    quicklook.mask(outputs["OUTPUT_MASK"], OUT / "layover_shadow_mask.png")
    quicklook.grey(outputs["OUTPUT_INCIDENCE"], OUT / "local_incidence_deg.png")
    quicklook.grey(outputs["OUTPUT_LOOKUP"], OUT / "radar_lookup_line.png", band=1)
    return outputs, seconds


def reconstruct(simulated, coarse):
    """Run reconstruct_layover on the simulated image with the coarse DEM (outputs in dB).

    Also writes the reconstructed vs geocoded quicklook. Returns (the output paths by
    parameter name, seconds).
    """
    outputs = fresh({key: OUT / f"{name}.tif" for key, name in [
        ("OUTPUT", "reconstructed_db"), ("OUTPUT_GEOCODED", "geocoded_db"),
        ("OUTPUT_MASK", "reconstruction_mask"), ("OUTPUT_MIXING", "mixing_count")]})
    params = {"SAR": simulated, "SAR_BAND": 1, "INPUT_UNITS": 0, "DEM": coarse,
              "GEOMETRY": GRD / "manifest.safe", "DEM_VERTICAL_DATUM": EGM96,
              "OUTPUT_UNITS": DB, **outputs}
    _, seconds = timed("reconstruct_layover (coarse DEM)", "sarheight:reconstruct_layover",
                       params)
    quicklook.side_by_side([outputs["OUTPUT"], outputs["OUTPUT_GEOCODED"]],
                           OUT / "reconstructed_vs_geocoded.png")
    return outputs, seconds


# -- 3. calibration ----------------------------------------------------------------------------
def grd_pixel_area_m2():
    """Ground area of one GRD pixel: range x azimuth pixel spacing of the annotation."""
    annotation = sorted((GRD / "annotation").glob("*.xml"))[0]
    info = ET.parse(annotation).getroot().find("imageAnnotation/imageInformation")
    return float(info.findtext("rangePixelSpacing")) * float(info.findtext("azimuthPixelSpacing"))


def calibrate(reconstructed_db, area_m2):
    """Calibrate the reconstruction to sigma0 (dB); return the path of the written GeoTIFF.

    sigma0 (dB) = reconstruction (dB of radar cross-section per pixel) - 10 log10(``area_m2``).
    gdal.Translate keeps the look direction metadata that estimate_height reads.
    """
    out = OUT / "reconstructed_sigma0_db.tif"
    offset = 10 * math.log10(area_m2)
    gdal.Translate(str(out), str(reconstructed_db), scaleParams=[[0, 1, -offset, 1 - offset]],
                   creationOptions=["COMPRESS=DEFLATE", "TILED=YES"])
    ds = gdal.Open(str(out), gdal.GA_Update)
    ds.GetRasterBand(1).SetDescription("reconstructed backscatter, sigma0 (dB)")
    ds = None
    print(f"calibration: reconstruction / {area_m2:g} m² (GRD pixel) = sigma0, "
          f"{-offset:+.1f} dB -> {out.name}")
    return out


# -- 4.-5. height estimation and evaluation ----------------------------------------------------
def onnxruntime_for_qgis():
    """qgis_process runs the system Python; let it import onnxruntime from this venv."""
    try:
        import onnxruntime
    except ImportError:
        return  # estimate_height then says how to install it
    site = str(Path(onnxruntime.__file__).resolve().parents[1])
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if site not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([site] + paths)


def estimate(sigma0_db, prior_dem, model):
    """Run estimate_height on the sigma0 image with ``prior_dem`` at the default prior spacing.

    ``model``: an ONNX height model path, or None for the bundled one. Returns (heights path,
    uncertainty path, qgis_process JSON, seconds).
    """
    out, sigma = OUT / "estimated_heights.tif", OUT / "estimated_uncertainty.tif"
    fresh({"heights": out, "sigma": sigma})
    params = {"SAR": sigma0_db, "SAR_BAND": 1, "INPUT_UNITS": 2, "LOOK_DIRECTION": 0,
              "PRIOR_DEM": prior_dem, "PRIOR_DEM_VERTICAL_DATUM": EGM96, "OUTPUT": out,
              "OUTPUT_UNCERTAINTY": sigma}
    if model:
        params["MODEL"] = Path(model).resolve()
    result, seconds = timed("estimate_height", "sarheight:estimate_height", params)
    return out, sigma, result, seconds


def compare(label, dem, dem_datum, reference, mask, name):
    """Run compare_dem of ``dem`` against the reference DEM (EGM96), ``mask`` as class mask.

    Returns (output paths, the algorithm's statistics (RMSE, BIAS, NMAD, ...), seconds); the
    error raster and the HTML report are named after ``name``.
    """
    outputs = fresh({"OUTPUT_ERROR": OUT / f"{name}.tif",
                     "OUTPUT_REPORT": OUT / f"{name}_report.html"})
    params = {"DEM": dem, "DEM_VERTICAL_DATUM": dem_datum, "REFERENCE": reference,
              "REFERENCE_VERTICAL_DATUM": EGM96, "MASK": mask, **outputs}
    result, seconds = timed(f"compare_dem ({label})", "sarheight:compare_dem", params)
    return outputs, result["results"], seconds


def per_class_rmse(error_path, mask_path):
    """Return {class: (RMSE in metres, cells)} of the error raster per layover/shadow class.

    The error raster is on the reference grid (the fine grid less the margin), the classes come
    from the fine DEM's layover/shadow mask (the full fine grid).
    """
    error = quicklook._read(error_path)
    mask = gdal.Open(str(mask_path)).ReadAsArray(MARGIN, MARGIN, error.shape[1],
                                                 error.shape[0])
    out = {}
    for code, name in CLASSES.items():
        values = error[(mask == code) & np.isfinite(error)]
        if values.size:
            out[name] = (float(np.sqrt(np.mean(values ** 2))), int(values.size))
    return out


def log_lines(result, *needles):
    """Lines of a qgis_process JSON log ({"info": [...], "errors": [...]}, or text)."""
    log = result.get("log") or {}
    if isinstance(log, str):
        lines = log.splitlines()
    else:
        lines = [line for key in ("info", "warnings", "errors") for line in log.get(key, [])]
    return [line.strip() for line in lines if any(n in line for n in needles)]


def prior_surface(sigma0_db, prior_dem):
    """Write the baseline without a network, the prior surface; return its path.

    The surface estimate_height builds from the prior DEM at the default spacing and the model
    corrects (core.inference.residual_raster.dem_lattice_surface: the DEM's block means on the
    SAR grid, ellipsoidal heights, through a cubic spline).
    """
    from sar_height.core.inference.height_raster import SarGrid
    from sar_height.core.inference.residual_raster import dem_lattice_surface

    grid = SarGrid(gdal.Open(str(sigma0_db)))
    surface, _ = dem_lattice_surface(str(prior_dem), "egm96", grid)
    heights = surface.surface((0, grid.height, 0, grid.width))
    out = OUT / "prior_surface.tif"
    target = gdal.GetDriverByName("GTiff").Create(str(out), grid.width, grid.height, 1,
                                                  gdal.GDT_Float32, ["COMPRESS=DEFLATE"])
    target.SetGeoTransform(grid.geotransform)
    target.SetProjection(grid.crs_wkt)
    target.GetRasterBand(1).WriteArray(heights)
    target = None
    print(f"baseline: the prior surface of {surface.values.size} DEM cells -> {out.name} "
          f"(ellipsoidal)")
    return out


def sigma_coverage(error_path, sigma_path):
    """Return (median sigma m, share of |error| <= 1 sigma, <= 2 sigma) over the scored window."""
    error = quicklook._read(error_path)
    sigma = gdal.Open(str(sigma_path)).ReadAsArray(MARGIN, MARGIN, error.shape[1],
                                                   error.shape[0]).astype(np.float64)
    both = np.isfinite(error) & np.isfinite(sigma)
    ratio = np.abs(error[both]) / sigma[both]
    return float(np.median(sigma[both])), float(np.mean(ratio <= 1)), float(np.mean(ratio <= 2))


ROWS = [("estimate", "estimate_height (network)"),
        ("priors", "prior surface (no network)"),
        ("coarse", "coarse DEM, bilinear (for scale)")]


def summary(stats, classes, timings, model, estimate_log, coverage):
    """Print the summary of the height estimation: statistics, per-class RMSE and runtimes."""
    print()
    print("=" * 78)
    print("SUMMARY: height estimation on the Ötztal demo scene")
    print("=" * 78)
    print(f"height model: {model or BUNDLED_MODEL.relative_to(ROOT)} "
          f"({'--height-model' if model else 'bundled'})")
    for line in estimate_log:
        print("  " + line)
    print("Reference: the 30 m fine DEM (bilinear from the 3\" SRTM), the demo's stand-in for "
          f"the true\nsurface, less its {MARGIN}-cell margin. Compared in WGS84 ellipsoidal "
          "heights: the estimate and\nthe prior surface are ellipsoidal (the prior DEM is "
          "converted), the fine and coarse\nDEMs EGM96 (converted by compare_dem).")
    print(f"{'':34s} {'RMSE m':>7s} {'bias m':>7s} {'NMAD m':>7s} {'≤10 m %':>7s} "
          f"{'cover %':>7s}")
    for key, label in ROWS:
        s = stats[key]
        print(f"{label:34s} {s['RMSE']:7.1f} {s['BIAS']:7.1f} {s['NMAD']:7.1f} "
              f"{s['WITHIN_10M']:7.1f} {s['COVERAGE']:7.1f}")
    print("RMSE (m) per class of the fine DEM's layover/shadow mask:")
    print(f"  {'class':16s} {'cells':>8s} " + " ".join(f"{k:>9s}" for k, _ in ROWS))
    for name in CLASSES.values():
        if all(name in classes[key] for key, _ in ROWS):
            cells = classes["estimate"][name][1]
            print(f"  {name:16s} {cells:8d} "
                  + " ".join(f"{classes[key][name][0]:9.1f}" for key, _ in ROWS))
    net = stats["estimate"]["RMSE"]
    for key, what in [("priors", "the prior surface it corrects"),
                      ("coarse", "the coarse DEM interpolated bilinearly")]:
        other = stats[key]["RMSE"]
        relation = (f"{100 * (1 - net / other):.0f} % lower" if net < other
                    else f"{net / other:.2f} x as high")
        print(f"network vs {what}: RMSE {net:.1f} vs {other:.1f} m ({relation})")
    median, one, two = coverage
    print(f"uncertainty: median 1 sigma {median:.1f} m; {100 * one:.0f} % of the errors within "
          f"1 sigma, {100 * two:.0f} % within 2\n(a calibrated Gaussian: 68 % and 95 %)")
    print("The network corrects the prior surface (the 90 m coarse DEM at every cell, as in "
          "training):\nthe fair baseline is that surface; the bilinear coarse DEM shows the "
          "scale.")
    print("NOTE: the Ötztal is one of the height model's TRAINING regions, so this is not a "
          "held-out\nscore; the held-out evaluation is in its model card, "
          "resources/models/ask_unet_reconstructed.md.")
    print("Runtimes: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    print("-" * 78)


def main(argv=None):
    """Run the whole demo (see the module docstring) and print its summaries."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--height-model", metavar="PATH",
                        help="ONNX height model for estimate_height (default: the bundled one)")
    parser.add_argument("--size-km", type=float, default=18.0,
                        help="side of the square demo window in km (default 18)")
    args = parser.parse_args(argv)
    if args.height_model and not Path(args.height_model).is_file():
        parser.error(f"--height-model {args.height_model}: no such file")
    if not args.height_model and not BUNDLED_MODEL.is_file():
        sys.exit(f"The bundled height model {BUNDLED_MODEL} is missing (train and export it, "
                 f"docs/height_training.md), or give one with --height-model PATH.")
    OUT.mkdir(exist_ok=True)
    onnxruntime_for_qgis()
    start = time.time()
    fine, coarse, coarse_90, reference = make_dems(args.size_km)
    timings = {"DEMs": time.time() - start}
    outputs, timings["simulate"] = simulate(fine)
    recon, timings["reconstruct"] = reconstruct(outputs["OUTPUT_SIMULATED"], coarse)
    outputs.update({"reconstruction_" + k: v for k, v in recon.items()})
    sigma0 = calibrate(recon["OUTPUT"], grd_pixel_area_m2())
    heights, sigma, result, timings["estimate"] = estimate(sigma0, coarse_90,
                                                           args.height_model)
    estimate_log = log_lines(result, "Height model", "Look direction", "median", "Prior DEM",
                             "Warning", "tiles", "mirrored", "Vertical reference")
    baseline = prior_surface(sigma0, coarse_90)
    mask = outputs["OUTPUT_MASK"]  # true layover/shadow of the fine DEM, on its grid
    stats, classes, errors = {}, {}, {}
    timings["compare"] = 0.0
    for key, label, dem, datum in [
            ("estimate", "estimate vs reference", heights, ELLIPSOID),
            ("priors", "prior surface vs reference", baseline, ELLIPSOID),
            ("coarse", "coarse DEM vs reference", coarse, EGM96)]:
        outs, stats[key], seconds = compare(label, dem, datum, reference, mask,
                                            f"error_{key}")
        timings["compare"] += seconds
        classes[key] = per_class_rmse(outs["OUTPUT_ERROR"], mask)
        errors[key] = outs["OUTPUT_ERROR"]
        outputs.update({f"{key}_{k}": v for k, v in outs.items()})
    quicklook.hillshade([fine, coarse, heights, baseline],
                        OUT / "hillshade_fine_coarse_estimated_priors.png")
    quicklook.grey(heights, OUT / "estimated_heights.png")
    quicklook.grey(sigma, OUT / "estimated_uncertainty.png")
    limit = quicklook.diverging([errors["estimate"], errors["priors"]],
                                OUT / "error_estimated_vs_priors.png")
    quicklook.diverging([errors["estimate"]], OUT / "error_estimated.png", limit)
    stereo_rows, stereo_timings = demo_stereo.run(OUT)
    timings.update(stereo_timings)
    point_lines, point_timings = demo_point_target.run(OUT)
    timings.update(point_timings)
    timings["total"] = time.time() - start
    print("Outputs in", OUT)
    for path in sorted(OUT.iterdir()):
        print(f"  {path.name:40s} {path.stat().st_size / 1e6:8.2f} MB")
    print("Quicklooks: estimated_heights.png, estimated_uncertainty.png; "
          "hillshade_fine_coarse_estimated_priors.png\n  (fine | coarse | estimated | prior "
          "surface); error_estimated.png and error_estimated_vs_priors.png\n  (estimate - "
          f"reference | prior surface - reference; blue -{limit:.0f} m .. white 0 .. red "
          f"+{limit:.0f} m)")
    outputs.update(estimated=heights, uncertainty=sigma, sigma0=sigma0, baseline=baseline)
    missing = [p for p in outputs.values() if not Path(p).exists()]
    if missing:
        sys.exit(f"missing outputs: {missing}")
    summary(stats, classes, timings, args.height_model, estimate_log,
            sigma_coverage(errors["estimate"], sigma))
    demo_stereo.summary(stereo_rows)
    print("-" * 78)
    demo_point_target.summary(point_lines)
    print("=" * 78)


if __name__ == "__main__":
    main()
