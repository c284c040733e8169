"""sarheight:simulate_sar as a user runs it: processing.run, qgis_process, a model, bad input."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
DEM = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
ROME_GRD = ROOT / "test" / "data" / "s1" / (
    "S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371.SAFE")
ROME = ROOT / "test" / "data" / "rome_30m_egm96.tif"
OUTPUT_KEYS = ("OUTPUT_SIMULATED", "OUTPUT_MASK", "OUTPUT_LOOKUP", "OUTPUT_INCIDENCE")


def small_dem(tmp_path, xoff=200, yoff=150, size=120):
    """A 120 x 120 cut of the bundled Ötztal DEM (keeps the QGIS tests fast)."""
    path = tmp_path / "dem_cut.tif"
    gdal.Translate(str(path), str(DEM), srcWin=[xoff, yoff, size, size])
    return path


def outputs(tmp_path, prefix="out"):
    return {key: str(tmp_path / f"{prefix}_{key.lower()}.tif") for key in OUTPUT_KEYS}


def test_processing_run_writes_four_layers(qgis_processing, tmp_path):
    outs = outputs(tmp_path)
    result = qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(GRD), "DEM_VERTICAL_DATUM": 0,
        "SPECKLE_LOOKS": 0, **outs})
    for key in OUTPUT_KEYS:
        assert Path(result[key]).exists()
    mask = gdal.Open(outs["OUTPUT_MASK"]).ReadAsArray()
    assert mask.shape == (120, 120)
    assert set(np.unique(mask)) <= {0, 1, 2, 3}
    assert (mask == 1).any() or (mask == 3).any()  # alpine relief under ~39° incidence
    lookup = gdal.Open(outs["OUTPUT_LOOKUP"]).ReadAsArray()
    assert lookup.shape == (2, 120, 120)
    assert np.all((lookup[0] > 0) & (lookup[0] < 16685))
    assert np.all((lookup[1] > 0) & (lookup[1] < 25788))
    incidence = gdal.Open(outs["OUTPUT_INCIDENCE"]).ReadAsArray()
    assert 0 < np.nanmin(incidence) and np.nanmax(incidence) <= 180
    simulated = gdal.Open(outs["OUTPUT_SIMULATED"])
    assert (simulated.RasterYSize, simulated.RasterXSize) == (16685, 25788)
    assert simulated.GetGCPCount() > 100
    # The touched window holds the energy: read it at the lookup's extent.
    l0, l1 = int(lookup[0].min()), int(lookup[0].max()) + 1
    s0, s1 = int(lookup[1].min()), int(lookup[1].max()) + 1
    window = simulated.GetRasterBand(1).ReadAsArray(s0, l0, s1 - s0, l1 - l0)
    assert np.nansum(window) > 0


@pytest.mark.slow
def test_qgis_process_json(qgis_process, tmp_path):
    outs = outputs(tmp_path, "cli")
    rc, result, stderr = qgis_process("sarheight:simulate_sar", {
        "DEM": small_dem(tmp_path), "GEOMETRY": GRD / "manifest.safe", "SPECKLE_LOOKS": 3,
        "SEED": 7, **outs})
    assert rc == 0, stderr
    # GDAL errors printed by the plugin's own reading and writing (QGIS's loading of radar-
    # geometry rasters prints some by itself: docs/reliability.md)
    assert "ERROR" not in stderr, stderr
    assert result["algorithm_details"]["id"] == "sarheight:simulate_sar"
    for key in OUTPUT_KEYS:
        assert Path(result["results"][key]).exists()


CHAIN = ROOT / "resources" / "modeler" / "sar_height_chain.model3"
BUNDLED_MODEL = ROOT / "resources" / "models" / "ask_unet_reconstructed.onnx"


def fine_and_coarse_dems(tmp_path, cells=144, spacing=30.0):
    """A fine and a coarse DEM: the height model's training setting on a small window.

    On a small window of the bundled DEM: a fine 30 m UTM 32N DEM (bilinear from the 3" SRTM; the
    reference, whose simulated image stands in for the measurement) and a coarse one (3 x 3 block
    means, bilinear back onto the 30 m grid; drives the reconstruction and supplies the priors).
    """
    block = 3 * spacing
    x0, y0 = 640800.0, 5191200.0  # whole 90 m blocks, around the Wildspitze
    common = dict(dstSRS="EPSG:32632", outputType=gdal.GDT_Float32,
                  outputBounds=(x0, y0, x0 + cells * spacing, y0 + cells * spacing))
    fine, coarse_blocks = tmp_path / "fine_30m.tif", tmp_path / "coarse_90m.tif"
    coarse = tmp_path / "coarse_on_30m.tif"
    gdal.Warp(str(fine), str(DEM), xRes=spacing, yRes=spacing, resampleAlg="bilinear",
              **common)
    gdal.Warp(str(coarse_blocks), str(fine), xRes=block, yRes=block, resampleAlg="average",
              **common)
    gdal.Warp(str(coarse), str(coarse_blocks), xRes=spacing, yRes=spacing,
              resampleAlg="bilinear", **common)
    return fine, coarse


@pytest.mark.slow
def test_shipped_model_runs_headless(qgis_process, tmp_path):
    """Simulate -> reconstruct -> calibrate -> estimate_height -> compare, headless.

    As the graphical modeler chain ships, with the bundled height model (no height_model input
    given).
    """
    onnxruntime = pytest.importorskip("onnxruntime")
    assert BUNDLED_MODEL.is_file()
    fine, coarse = fine_and_coarse_dems(tmp_path)
    # Model outputs are named "<child id>:<output name>"; the names are the modeler's labels.
    outs = {name: tmp_path / f"model_{index}.{ext}" for index, (name, ext) in enumerate([
        ("simulate_sar_1:Layover and shadow mask", "tif"),
        ("reconstruct_layover_1:Reconstructed backscatter", "tif"),
        ("reconstruct_layover_1:Geocoded backscatter", "tif"),
        ("estimate_height_1:Estimated heights", "tif"),
        ("compare_dem_1:Error of the estimate", "tif"),
        ("compare_dem_1:Report on the estimate", "html"),
        ("compare_dem_2:Error of the DEM", "tif"), ("compare_dem_2:Report on the DEM", "html")])}
    params = {"dem": coarse, "sar_product": GRD, "reference": fine, "prior_spacing": 600,
              **outs}
    # qgis_process runs the system Python: give it onnxruntime from this environment.
    site = str(Path(onnxruntime.__file__).resolve().parents[1])
    env = dict(qgis_process.env, PYTHONPATH=os.pathsep.join(
        [site] + [p for p in qgis_process.env.get("PYTHONPATH", "").split(os.pathsep) if p]))
    args = ["qgis_process.bin", "--json", "run", str(CHAIN), "--"]
    args += [f"{key}={value}" for key, value in params.items()]
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    for path in outs.values():
        assert Path(path).exists(), path
    log = json.loads(run.stdout)["log"]
    info, errors = "\n".join(log.get("info", [])), "\n".join(log.get("errors", []))
    assert "-scale 0 1 -20 -19" in info  # sigma0: / 100 m² (default radar pixel area)
    assert "median" not in errors, errors  # so the level suits the model: no warning
    assert "Look direction: west (from the image metadata" in info  # kept by the calibration
    assert "Estimate: DEM heights declared as ELLIPSOID" in info
    reconstructed = gdal.Open(
        str(outs["reconstruct_layover_1:Reconstructed backscatter"])).ReadAsArray()
    assert reconstructed.shape == (144, 144) and np.isfinite(reconstructed).mean() > 0.5
    heights = gdal.Open(str(outs["estimate_height_1:Estimated heights"])).ReadAsArray()
    truth = gdal.Open(str(fine)).ReadAsArray()
    assert heights.shape == (144, 144) and np.isfinite(heights).mean() > 0.95
    error = gdal.Open(str(outs["compare_dem_1:Error of the estimate"])).ReadAsArray()
    rmse = float(np.sqrt(np.nanmean(error.astype(np.float64) ** 2)))
    assert rmse < 0.5 * float(truth.max() - truth.min()), rmse  # heights, not noise
    dem_error = gdal.Open(str(outs["compare_dem_2:Error of the DEM"])).ReadAsArray()
    assert float(np.sqrt(np.nanmean(dem_error.astype(np.float64) ** 2))) < 20.0
    assert "layover" in Path(outs["compare_dem_1:Report on the estimate"]).read_text()
    assert "layover" in Path(outs["compare_dem_2:Report on the DEM"]).read_text()


def _bad_rgb_photo(tmp_path):
    path = tmp_path / "photo.jpg"
    mem = gdal.GetDriverByName("MEM").Create("", 64, 48, 3, gdal.GDT_Byte)
    for band in range(3):
        mem.GetRasterBand(band + 1).Fill(40 * band)
    gdal.GetDriverByName("JPEG").CreateCopy(str(path), mem)
    return path


def _truncated_xml(tmp_path):
    source = next((GRD / "annotation").glob("*.xml"))
    path = tmp_path / "s1b-iw-grd-vv-truncated.xml"
    path.write_bytes(source.read_bytes()[:200000])
    return path


def _foreign_xml(tmp_path):
    path = tmp_path / "project.xml"
    path.write_text('<?xml version="1.0"?><qgis version="3.22"><title>x</title></qgis>')
    return path


def _json_missing_field(tmp_path):
    path = tmp_path / "geometry.json"
    path.write_text(json.dumps({"format": "sar_height_geometry", "version": 1, "look_side": "right",
                                "lines": 10, "samples": 10}))
    return path


BAD_INPUTS = {
    "rgb photo as DEM": (lambda t: _bad_rgb_photo(t), lambda t: GRD, "colour image"),
    # A copy: QGIS writes .aux.xml statistics next to rasters it opens.
    "DEM outside footprint": (lambda t: shutil.copy(ROME, t), lambda t: GRD, "footprint"),
    "truncated XML": (lambda t: small_dem(t), _truncated_xml, "truncated"),
    "foreign XML": (lambda t: small_dem(t), _foreign_xml, "qgis"),
    "missing file": (lambda t: small_dem(t), lambda t: t / "nowhere" / "manifest.safe", "not"),
    "JSON missing field": (lambda t: small_dem(t), _json_missing_field, "wavelength_m"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_clear_message_no_output(qgis_process, tmp_path, case):
    make_dem, make_geometry, expected = BAD_INPUTS[case]
    outs = outputs(tmp_path, "bad")
    rc, result, stderr = qgis_process("sarheight:simulate_sar", {
        "DEM": make_dem(tmp_path), "GEOMETRY": make_geometry(tmp_path), **outs})
    assert rc != 0
    assert expected.lower() in stderr.lower(), stderr
    assert "Traceback" not in stderr
    for path in outs.values():
        assert not Path(path).exists(), f"{case}: {path} left behind"
    assert not list(tmp_path.glob("bad_*")), list(tmp_path.glob("bad_*"))
