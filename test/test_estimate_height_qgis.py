"""sarheight:estimate_height as a user runs it: processing.run, qgis_process, bad input.

qgis_process runs QGIS's own Python (/usr/bin/python3), which does not see the venv: the
runs get PYTHONPATH = the venv's site-packages for onnxruntime, except the one that checks
the "onnxruntime missing" message.

Data: a synthetic 150 x 170 scene at 30 m in UTM 32N (backscatter as linear intensity,
a prior DEM at 60 m with ellipsoidal heights) and the deterministic "smooth" test model of
test_inference.py (Gaussian-weighted mean of the priors plus a small SAR term).
"""
import importlib.util
import json
import math
import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

if not all(importlib.util.find_spec(name) for name in ("torch", "onnxruntime")):
    pytest.skip("needs torch and onnxruntime (requirements-dev.txt)", allow_module_level=True)

import onnxruntime
import torch
from qgis_helpers import collecting_feedback
from test_inference import (
    FlatModel,
    ShiftRightModel,
    smooth_model,
    terrain,
    write_model,
)

# Every test needs QGIS (qgis_processing, or qgis_process_estimate: qgis_process.bin)
pytestmark = pytest.mark.qgis

ALG = "sarheight:estimate_height"
EPSG = 32632
ORIGIN = (650000.0, 5200000.0)
ROWS, COLS, SPACING = 150, 170, 30.0
def srs():
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(EPSG)
    return reference


def write_tif(path, array, spacing, nodata=None):
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0],
                                                   1, gdal.GDT_Float32)
    dataset.SetGeoTransform((ORIGIN[0], spacing, 0.0, ORIGIN[1], 0.0, -spacing))
    dataset.SetProjection(srs().ExportToWkt())
    band = dataset.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    dataset = None
    return path


def write_points(path, points, with_z=False):
    """GeoJSON (WGS84 lon/lat) points with a real field "h" (and the height as Z)."""
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = srs()
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_lonlat = osr.CoordinateTransformation(utm, wgs84)
    features = []
    for x, y, h in points:
        lon, lat, _ = to_lonlat.TransformPoint(x, y)
        features.append({"type": "Feature", "properties": {"h": h},
                         "geometry": {"type": "Point",
                                      "coordinates": [lon, lat] + ([h] if with_z else [])}})
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def read(path):
    dataset = gdal.Open(str(path))
    return dataset.GetRasterBand(1).ReadAsArray(), dataset


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("estimate")
    heights, sar_db = terrain(ROWS, COLS, seed=5)
    linear = np.power(10.0, sar_db / 10.0).astype(np.float32)
    linear[:6, :9] = 0.0  # outside the valid area
    dem = heights.reshape(ROWS // 2, 2, COLS // 2, 2).mean(axis=(1, 3))  # 60 m cells
    dem = dem.astype(np.float32)
    rows, cols = np.mgrid[0:ROWS:10, 0:COLS:10] + 5
    points = [(ORIGIN[0] + (c + 0.5) * SPACING, ORIGIN[1] - (r + 0.5) * SPACING,
               float(heights[r, c])) for r, c in zip(rows.ravel(), cols.ravel())]
    far = [(x + 1e5, y, h) for x, y, h in points[:5]]
    bare = folder / "bare.onnx"
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(FlatModel(), (torch.zeros(1, 4, 32, 32),), str(bare),
                          input_names=["input"], output_names=["height"], opset_version=17,
                          dynamo=False)
    return {
        "folder": folder, "heights": heights,
        "sar": write_tif(folder / "sar_linear.tif", linear, SPACING),
        "dem": write_tif(folder / "prior_dem.tif", dem, 2 * SPACING, nodata=-9999.0),
        "points": write_points(folder / "points.geojson", points),
        "far_points": write_points(folder / "far_points.geojson", far),
        "z_points": write_points(folder / "z_points.geojson", points, with_z=True),
        "model": write_model(folder / "smooth.onnx", smooth_model()),
        "fine_model": write_model(folder / "fine.onnx", smooth_model(),
                                  pixel_spacing_range_m=[5.0, 10.0], pixel_spacing_m=8.0),
        "bare_model": bare,
    }


@pytest.fixture(scope="module")
def registered(qgis_processing):
    from qgis.core import QgsApplication

    assert QgsApplication.processingRegistry().algorithmById(ALG) is not None
    return qgis_processing


def test_processing_run_with_prior_dem(registered, data, tmp_path):
    out = tmp_path / "heights.tif"
    feedback = collecting_feedback()
    result = registered.run(ALG, {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_DEM": str(data["dem"]),
        "PRIOR_SPACING": 300.0, "PRIOR_DEM_VERTICAL_DATUM": 2, "MODEL": str(data["model"]),
        "OUTPUT": str(out)}, feedback=feedback)
    assert result["OUTPUT"] == str(out)
    heights, dataset = read(out)
    assert heights.shape == (ROWS, COLS) and heights.dtype == np.float32
    assert dataset.GetGeoTransform()[1] == SPACING
    assert np.all(np.isnan(heights[:6, :9])) and np.isfinite(heights).sum() == ROWS * COLS - 54
    inner = (slice(10, -10), slice(10, -10))
    error = heights[inner] - data["heights"][inner]
    assert np.sqrt(np.nanmean(error ** 2)) < 40.0  # priors every 300 m, hills of ~1 km
    log = "\n".join(feedback.lines)
    assert "CPUExecutionProvider" in log and "ellipsoidal" in log
    assert "tiles of 64 x 64 pixels, overlap 16" in log
    assert not feedback.errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heights.tif"]


def test_points_and_spacing_warning(registered, data, tmp_path):
    out = tmp_path / "from_points.tif"
    feedback = collecting_feedback()
    registered.run(ALG, {
        "SAR": str(data["sar"]), "PRIOR_POINTS": str(data["points"]), "PRIOR_FIELD": "h",
        "MODEL": str(data["fine_model"]), "TILE_SIZE": 128, "OVERLAP": 32, "BATCH_SIZE": 2,
        "THREADS": 1, "OUTPUT": str(out)}, feedback=feedback)
    heights, _ = read(out)
    inner = (slice(10, -10), slice(10, -10))
    error = heights[inner] - data["heights"][inner]
    assert np.sqrt(np.nanmean(error ** 2)) < 40.0
    log = "\n".join(feedback.lines)
    assert "Prior points: 255 of 255 inside the SAR image" in log
    assert "tiles of 128 x 128 pixels, overlap 32" in log
    warnings = [text for text, fatal in feedback.errors if not fatal]
    assert len(warnings) == 1 and "outside the range the model was trained for" in warnings[0]
    # no field: the points' Z values; TILE_SIZE 32 with the model's overlap (16) capped
    out_z = tmp_path / "from_z.tif"
    registered.run(ALG, {
        "SAR": str(data["sar"]), "PRIOR_POINTS": str(data["z_points"]),
        "MODEL": str(data["model"]), "TILE_SIZE": 32, "OUTPUT": str(out_z)})
    from_z, _ = read(out_z)
    assert np.sqrt(np.nanmean((from_z[inner] - data["heights"][inner]) ** 2)) < 40.0
    with pytest.raises(Exception, match="no Z values"):
        registered.run(ALG, {
            "SAR": str(data["sar"]), "PRIOR_POINTS": str(data["points"]),
            "MODEL": str(data["model"]), "OUTPUT": str(tmp_path / "no_z.tif")})


def test_check_parameter_values(registered, data, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingContext

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    context = QgsProcessingContext()
    base = {"SAR": str(data["sar"]), "OUTPUT": str(tmp_path / "x.tif")}
    ok, message = algorithm.checkParameterValues(base, context)
    assert not ok and "No prior heights given" in message
    ok, message = algorithm.checkParameterValues(
        {**base, "PRIOR_DEM": str(data["dem"])}, context)  # no MODEL: the bundled one
    from sar_height.processing_provider.estimate_height import DEFAULT_MODEL

    assert ok == os.path.isfile(DEFAULT_MODEL)
    if not ok:
        assert "bundled model" in message and "ask_unet_reconstructed.onnx" in message
    ok, message = algorithm.checkParameterValues(
        {**base, "PRIOR_DEM": str(data["dem"]), "MODEL": str(data["model"]),
         "TILE_SIZE": 100}, context)
    assert not ok and "multiple of 16" in message
    ok, message = algorithm.checkParameterValues(
        {**base, "PRIOR_DEM": str(data["dem"]), "MODEL": str(data["model"]),
         "OUTPUT": str(tmp_path / "x.png")}, context)
    assert not ok and "GeoTIFF" in message


# -- qgis_process -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def qgis_process_estimate(tmp_path_factory, plugin_dir):
    """run(params, onnxruntime=True) -> (rc, JSON or None, stderr) of qgis_process."""
    root = tmp_path_factory.mktemp("qgis_estimate")
    plugins = root / "plugins"
    plugins.mkdir()
    (plugins / "sar_height").symlink_to(plugin_dir, target_is_directory=True)
    ini = root / "profile" / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[PythonPlugins]\nsar_height=true\n")
    env = dict(os.environ, QGIS_PLUGINPATH=str(plugins), QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(root / "profile"))
    env.pop("PYTHONPATH", None)
    site_packages = str(Path(onnxruntime.__file__).resolve().parents[1])

    def run(params, with_onnxruntime=True):
        args = ["qgis_process.bin", "--json", "run", ALG, "--"]
        args += ["{}={}".format(key, value) for key, value in params.items()]
        run_env = dict(env, PYTHONPATH=site_packages) if with_onnxruntime else env
        result = subprocess.run(args, env=run_env, capture_output=True, text=True,
                                timeout=300)
        try:
            parsed = json.loads(result.stdout) if result.stdout.strip() else None
        except json.JSONDecodeError:
            parsed = None
        return result.returncode, parsed, result.stderr + result.stdout

    return run


@pytest.mark.slow
def test_qgis_process_json(qgis_process_estimate, data, tmp_path):
    out = tmp_path / "cli_heights.tif"
    rc, result, output = qgis_process_estimate({
        "SAR": data["sar"], "INPUT_UNITS": 0, "PRIOR_DEM": data["dem"],
        "PRIOR_DEM_VERTICAL_DATUM": 2, "PRIOR_SPACING": 300, "MODEL": data["model"],
        "OUTPUT": out})
    assert rc == 0, output
    assert result["algorithm_details"]["id"] == ALG
    assert Path(result["results"]["OUTPUT"]) == out
    heights, _ = read(out)
    assert np.isfinite(heights).sum() == ROWS * COLS - 54
    assert "CPUExecutionProvider" in json.dumps(result["log"])


def _bad_cases(data):
    common = {"SAR": data["sar"], "MODEL": data["model"]}
    return {
        "no priors in the raster": (
            {**common, "PRIOR_POINTS": data["far_points"], "PRIOR_FIELD": "h"}, True,
            ["No prior height lies inside the SAR image"]),
        "no priors given": (common, True, ["No prior heights given"]),
        "ONNX not ours": (
            {**common, "PRIOR_DEM": data["dem"], "MODEL": data["bare_model"]}, True,
            ["not a SAR Height height model", "no 'sar_height' metadata"]),
        "missing model file": (
            {**common, "PRIOR_DEM": data["dem"], "MODEL": data["folder"] / "missing.onnx"},
            True, ["does not exist"]),
        "onnxruntime missing": (
            {**common, "PRIOR_DEM": data["dem"]}, False,
            ["onnxruntime", "pip install", "--target", "Install onnxruntime"]),
    }


@pytest.mark.parametrize("case", ["no priors in the raster", "no priors given",
                                  "ONNX not ours", "missing model file",
                                  "onnxruntime missing"])
def test_bad_input_clear_message_no_output(qgis_process_estimate, data, tmp_path, case):
    params, with_onnxruntime, expected = _bad_cases(data)[case]
    if not with_onnxruntime and subprocess.run(
            ["/usr/bin/python3", "-c", "import onnxruntime"], capture_output=True).returncode == 0:
        pytest.skip("QGIS's Python has onnxruntime installed")
    rc, _, output = qgis_process_estimate({**params, "OUTPUT": tmp_path / "bad_heights.tif"},
                                          with_onnxruntime)
    assert rc != 0
    for text in expected:
        assert text.lower() in output.lower(), output
    assert "Traceback" not in output
    assert [p.name for p in tmp_path.iterdir()] == []


def test_geographic_grid_and_geoid_priors(registered, data, tmp_path):
    """A geographic grid (EPSG:4326) with geoid (EGM96) priors.

    A 120 x 120 cut of the bundled Ötztal SRTM (EPSG:4326, EGM96): 3" cells of ~93 x 63 m; the
    priors from it become ellipsoidal heights (EGM96 undulation ~ +47 m there).
    """
    from sar_height.processing_provider.estimate_height import PLUGIN_DIR

    srtm = Path(PLUGIN_DIR) / "resources" / "sample_data" / "alps_oetztal_srtm3.tif"
    dem_path = tmp_path / "oetztal_cut.tif"
    gdal.Translate(str(dem_path), str(srtm), srcWin=[200, 150, 120, 120])
    dem, dataset = read(dem_path)
    dem = dem.astype(np.float64)
    slope = np.gradient(dem, axis=1) / 63.0
    linear = np.power(10.0, (-8.0 + 5.0 * slope) / 10.0).astype(np.float32)
    sar = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "sar.tif"), 120, 120, 1,
                                               gdal.GDT_Float32)
    sar.SetGeoTransform(dataset.GetGeoTransform())
    sar.SetProjection(dataset.GetProjection())
    sar.GetRasterBand(1).WriteArray(linear)
    sar = dataset = None
    out = tmp_path / "heights.tif"
    feedback = collecting_feedback()
    registered.run(ALG, {
        "SAR": str(tmp_path / "sar.tif"), "PRIOR_DEM": str(dem_path), "PRIOR_SPACING": 500.0,
        "PRIOR_DEM_VERTICAL_DATUM": 0, "MODEL": str(data["model"]), "OUTPUT": str(out)},
        feedback=feedback)
    heights, _ = read(out)
    log = "\n".join(feedback.lines)
    assert "pixel spacing 92." in log and "x 63." in log, log
    assert "EGM96" in log
    offset = np.mean(heights) - np.mean(dem)
    assert 35.0 < offset < 60.0, offset  # the geoid undulation, not the interpolation
    assert [text for text, fatal in feedback.errors if "spacing" in text]  # 93 m > 45 m


def test_look_direction_from_metadata_or_choice(registered, data, tmp_path):
    """The look direction comes from the raster's metadata or from LOOK_DIRECTION.

    An east-trained model: a raster without look metadata needs LOOK_DIRECTION; a west-looking one
    (metadata as Reconstruct layover backscatter writes it) is mirrored.
    """
    model = write_model(tmp_path / "east.onnx", ShiftRightModel(), look_direction="east")
    common = {"PRIOR_DEM": str(data["dem"]), "PRIOR_SPACING": 300.0, "MODEL": str(model)}
    with pytest.raises(Exception, match="Choose East or West"):
        registered.run(ALG, {**common, "SAR": str(data["sar"]),
                             "OUTPUT": str(tmp_path / "none.tif")})
    assert not (tmp_path / "none.tif").exists()
    west = tmp_path / "west_sar.tif"
    gdal.Translate(str(west), str(data["sar"]),
                   metadataOptions=["SAR_LOOK_DIRECTION=west", "SAR_LOOK_AZIMUTH_DEG=280.0"])
    outputs, logs = {}, {}
    for name, params in {"auto": {"SAR": str(west)},
                         "chosen": {"SAR": str(data["sar"]), "LOOK_DIRECTION": 2},
                         "east": {"SAR": str(data["sar"]), "LOOK_DIRECTION": 1}}.items():
        feedback = collecting_feedback()
        registered.run(ALG, {**common, **params, "OUTPUT": str(tmp_path / f"{name}.tif")},
                       feedback=feedback)
        log = "\n".join(feedback.lines)
        assert ("mirrored left-right" in log) == (name != "east"), log
        outputs[name], logs[name] = read(tmp_path / f"{name}.tif")[0], log
    assert "from the image metadata, line of sight azimuth 280.0" in logs["auto"]
    np.testing.assert_array_equal(outputs["auto"], outputs["chosen"])
    assert np.nanmax(np.abs(outputs["auto"] - outputs["east"])) > 1.0


def test_uncalibrated_level_warning(registered, data, tmp_path):
    """Radar cross-section per pixel instead of sigma0: the log says the level is ~20 dB too bright.

    Radar cross-section per pixel (m², e.g. simulate_sar's output over 10 x 10 m pixels) instead of
    sigma0 makes the image ~20 dB too bright for the model; the log says why.
    """
    rcs = tmp_path / "rcs.tif"
    linear, _ = read(data["sar"])
    write_tif(rcs, linear * 100.0, SPACING)
    feedback = collecting_feedback()
    registered.run(ALG, {"SAR": str(rcs), "PRIOR_DEM": str(data["dem"]), "PRIOR_SPACING": 300.0,
                         "MODEL": str(data["model"]), "OUTPUT": str(tmp_path / "h.tif")},
                   feedback=feedback)
    warnings = [text for text, fatal in feedback.errors if not fatal]
    assert len(warnings) == 1 and "ground area of one radar pixel" in warnings[0], warnings


def test_dense_priors_are_thinned_with_a_warning(registered, data, tmp_path):
    feedback = collecting_feedback()
    registered.run(ALG, {"SAR": str(data["sar"]), "PRIOR_DEM": str(data["dem"]),
                         "PRIOR_SPACING": 30.0, "MODEL": str(data["model"]),
                         "OUTPUT": str(tmp_path / "h.tif")}, feedback=feedback)
    warnings = [text for text, fatal in feedback.errors if not fatal]
    assert len(warnings) == 1 and "Increase PRIOR_SPACING" in warnings[0], warnings
    assert "8 x 8 pixel square" in warnings[0]


def test_a_contract_1_model_takes_the_default_spacing_as_the_dem_cell(registered, data,
                                                                     tmp_path):
    """PRIOR_SPACING 0 (the default) with a v1 model: a prior every DEM cell (60 m), thinned."""
    feedback = collecting_feedback()
    registered.run(ALG, {"SAR": str(data["sar"]), "PRIOR_DEM": str(data["dem"]),
                         "PRIOR_DEM_VERTICAL_DATUM": 2, "MODEL": str(data["model"]),
                         "OUTPUT": str(tmp_path / "h.tif")}, feedback=feedback)
    log = "\n".join(feedback.lines)
    rows, cols = -(-ROWS // 2), -(-COLS // 2)  # every second 30 m pixel
    assert f"Prior DEM: {rows * cols} priors every 60 m" in log, log
    warnings = [text for text, fatal in feedback.errors if not fatal]
    assert len(warnings) == 1 and "Increase PRIOR_SPACING" in warnings[0], warnings


# -- contract-v2 models: heights, uncertainty, every prior used -------------------------------
# The stand-in v2 model returns a zero residual and a fixed log sigma, so the expected heights
# are the prior surface itself (core.inference.prior_surface, computed here independently of the
# plugin) and the uncertainty a known constant: what is tested is the plumbing from the
# Processing parameters to the two GeoTIFFs.

SIGMA_PX = 0.5  # the stand-in's sigma in pixel spacings
SCALE = 1.5  # its metadata's uncertainty_scale


class PriorSurfaceOnly(torch.nn.Module):
    """Residual 0 and log sigma log(SIGMA_PX) everywhere."""

    def forward(self, x):
        zero = x[:, :1] * 0.0
        return torch.cat([zero, zero + math.log(SIGMA_PX)], dim=1)


@pytest.fixture(scope="module")
def v2_model(tmp_path_factory):
    from sar_height.core.inference.residual_contract import CHANNELS, MODEL_FORMAT
    from sar_height.training.height.residual_export import export_module

    meta = {"format": MODEL_FORMAT, "contract": 2, "channels": list(CHANNELS),
            "model_type": "ask_unet", "input_kind": "reconstructed", "stride": 16,
            "tile_size": 64, "overlap": 16, "pixel_spacing_range_m": [10.0, 30.0],
            "pixel_spacing_m": 17.3, "look_direction": "east", "uncertainty_scale": SCALE}
    path = tmp_path_factory.mktemp("v2") / "prior_only.onnx"
    export_module(PriorSurfaceOnly(), meta, path, verify_shapes=((1, 3, 32, 48),))
    return path


def _points_surface(heights):
    """The TIN of the data fixture's prior points (every 10th pixel from 5, true heights)."""
    from sar_height.core.inference.prior_surface import ScatteredPriorSurface

    rows, cols = np.mgrid[0:ROWS:10, 0:COLS:10] + 5
    return ScatteredPriorSurface(rows.ravel(), cols.ravel(), heights[rows, cols].ravel())


def test_points_give_the_prior_surface_and_the_uncertainty_output(registered, data, v2_model,
                                                                  tmp_path):
    out, sigma_out = tmp_path / "h.tif", tmp_path / "sigma.tif"
    feedback = collecting_feedback()
    result = registered.run(ALG, {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_POINTS": str(data["points"]),
        "PRIOR_FIELD": "h", "MODEL": str(v2_model), "LOOK_DIRECTION": 1,
        "OUTPUT": str(out), "OUTPUT_UNCERTAINTY": str(sigma_out)}, feedback=feedback)
    assert result == {"OUTPUT": str(out), "OUTPUT_UNCERTAINTY": str(sigma_out)}
    heights, _ = read(out)
    sigma, dataset = read(sigma_out)
    expected = _points_surface(data["heights"]).surface((0, ROWS, 0, COLS))
    valid = np.isfinite(heights)
    assert np.isnan(heights[:6, :9]).all() and valid.sum() == heights.size - 54
    # float32 heights near 2000 m: half an ulp is 1.2e-4 m; blending adds a few ulps
    np.testing.assert_allclose(heights[valid], expected[valid], atol=2e-3)
    np.testing.assert_allclose(sigma[valid], SIGMA_PX * SPACING * SCALE, rtol=1e-5)
    assert "uncertainty" in dataset.GetRasterBand(1).GetDescription()
    log = "\n".join(feedback.lines)
    assert "contract 2" in log
    # points alone: the heights are in the points' own height system, and say so
    heights_file = read(out)[1]
    assert "prior points" in heights_file.GetMetadataItem("VERTICAL_REFERENCE")
    assert "prior points" in heights_file.GetRasterBand(1).GetDescription()
    assert "Vertical reference of the heights: that of the prior points" in log
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.tif", "sigma.tif"]


def _dem_lattice(dem_path, step):
    """The prior surface of the data fixture's 60 m DEM averaged over ``step`` x ``step`` pixels.

    Computed here from the DEM array (block means of 60 m cells aligned with the SAR grid),
    independently of the plugin's GDAL warp.
    """
    from sar_height.core.inference.prior_surface import LatticePriorSurface

    dem = gdal.Open(str(dem_path)).ReadAsArray().astype(np.float64)
    k = step // 2  # DEM cells per lattice cell along each axis
    rows, cols = -(-dem.shape[0] // k), -(-dem.shape[1] // k)
    padded = np.full((rows * k, cols * k), np.nan)
    padded[:dem.shape[0], :dem.shape[1]] = dem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN blocks beyond the edge
        nodes = np.nanmean(padded.reshape(rows, k, cols, k), axis=(1, 3))
    half = (step - 1) / 2.0
    return LatticePriorSurface(nodes, half, half, step, step).surface((0, ROWS, 0, COLS))


@pytest.mark.parametrize("spacing, step", [(None, 2), (120.0, 4)])
def test_a_prior_dem_is_used_at_full_density_by_default(registered, data, v2_model, tmp_path,
                                                        spacing, step):
    """PRIOR_SPACING 0 (the default): a node on every DEM cell (60 m = 2 pixels); or explicit."""
    out = tmp_path / "h.tif"
    feedback = collecting_feedback()
    params = {"SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_DEM": str(data["dem"]),
              "PRIOR_DEM_VERTICAL_DATUM": 2, "MODEL": str(v2_model), "LOOK_DIRECTION": 1,
              "OUTPUT": str(out)}
    if spacing is not None:
        params["PRIOR_SPACING"] = spacing
    registered.run(ALG, params, feedback=feedback)
    heights, dataset = read(out)
    valid = np.isfinite(heights)
    # the stand-in returns the prior surface: the DEM's block means through a cubic spline
    np.testing.assert_allclose(heights[valid], _dem_lattice(data["dem"], step)[valid], atol=2e-3)
    log = "\n".join(feedback.lines)
    assert f"block means of {step} x {step} SAR pixels ({30 * step} x {30 * step} m" in log, log
    assert "ellipsoid" in dataset.GetMetadataItem("VERTICAL_REFERENCE")
    assert "ellipsoid" in dataset.GetRasterBand(1).GetDescription()
    assert "Vertical reference of the heights: the WGS 84 ellipsoid" in log
    if spacing is None:
        inner = (slice(10, -10), slice(10, -10))
        error = heights[inner] - data["heights"][inner]
        # a 60 m DEM of hills ~1 km high, splined back to 30 m: metres, not tens of metres
        assert np.sqrt(np.nanmean(error ** 2)) < 10.0


def test_points_and_dem_together_make_one_surface(registered, data, v2_model, tmp_path):
    out = tmp_path / "h.tif"
    feedback = collecting_feedback()
    registered.run(ALG, {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_DEM": str(data["dem"]),
        "PRIOR_SPACING": 120.0, "PRIOR_DEM_VERTICAL_DATUM": 2,
        "PRIOR_POINTS": str(data["points"]), "PRIOR_FIELD": "h", "MODEL": str(v2_model),
        "LOOK_DIRECTION": 1, "OUTPUT": str(out)}, feedback=feedback)
    heights, dataset = read(out)
    assert np.isfinite(heights).sum() == heights.size - 54
    # ellipsoidal like the converted DEM, and the log says the points must be so too
    assert "ellipsoid" in dataset.GetMetadataItem("VERTICAL_REFERENCE")
    assert "must be ellipsoidal heights too" in "\n".join(feedback.lines)


def test_a_contract_1_model_refuses_the_uncertainty_output_by_name(registered, data, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="does not estimate an uncertainty"):
        registered.run(ALG, {
            "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_POINTS": str(data["points"]),
            "PRIOR_FIELD": "h", "MODEL": str(data["model"]), "LOOK_DIRECTION": 1,
            "OUTPUT": str(tmp_path / "h.tif"), "OUTPUT_UNCERTAINTY": str(tmp_path / "s.tif")})
    assert list(tmp_path.iterdir()) == []


def test_a_west_looking_image_is_mirrored_for_a_v2_model_and_back(registered, data, v2_model,
                                                                   tmp_path):
    out = tmp_path / "h.tif"
    feedback = collecting_feedback()
    registered.run(ALG, {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_POINTS": str(data["points"]),
        "PRIOR_FIELD": "h", "MODEL": str(v2_model), "LOOK_DIRECTION": 2, "OUTPUT": str(out)},
        feedback=feedback)
    heights, _ = read(out)
    expected = _points_surface(data["heights"]).surface((0, ROWS, 0, COLS))
    valid = np.isfinite(heights)
    # the stand-in ignores the image, so mirroring there and back must give the same surface
    np.testing.assert_allclose(heights[valid], expected[valid], atol=2e-3)
    assert np.isnan(heights[:6, :9]).all()
    assert any("mirrored" in line for line in feedback.lines)
