"""sarheight:stereo_radargrammetry as a user runs it: processing.run, qgis_process, bad input.

Data: a simulated airborne stereo pair (core.stereo.pairs.simulate_pair: X band, parallel
tracks on the same side, incidence 35°/55°, 2 m pixels, 4-look speckle) over a 540 m scene of
the held-out San Gabriel DEM (test/data/dem), stored as a user would have it: two radar-geometry
GeoTIFFs without georeferencing, their SAR Height geometry JSONs, and a coarse DEM (90 m block
means of the 2 m truth, ellipsoidal heights). The truth (the 2 m DEM) is averaged onto the
output grid to score the heights.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis_helpers import collecting_feedback

ALG = "sarheight:stereo_radargrammetry"
ROOT = Path(__file__).resolve().parents[1]
SAN_GABRIEL = ROOT / "test" / "data" / "dem" / "san_gabriel_bigtujunga_srtm30_utm11_crop.tif"
YUKON = ROOT / "test" / "data" / "dem" / "yukon_south_glacier_20m.tif"
OUTPUT_KEYS = ("OUTPUT", "OUTPUT_CONFIDENCE", "OUTPUT_COUNT")
ELLIPSOID = 2  # DEM_VERTICAL_DATUM: the scene DEMs hold ellipsoidal heights
POC, DEEP = 1, 0  # MATCHER enum


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory):
    from sar_height.core.products.geometry_json import write_geometry_json
    from sar_height.core.stereo.pair_files import write_pair_files, write_radar_image
    from sar_height.core.stereo.pairs import PairSpec, simulate_pair

    folder = tmp_path_factory.mktemp("stereo_pair")
    pair = simulate_pair(SAN_GABRIEL, PairSpec(scene_size_m=600.0, seed=3), coarse_factor=45)
    other = simulate_pair(YUKON, PairSpec(scene_size_m=200.0, seed=1), coarse_factor=3)
    try:
        files = {
            **write_pair_files(pair, folder),
            "elsewhere": write_radar_image(folder / "yukon_secondary.tif", other.secondary_image),
            "elsewhere_json": Path(write_geometry_json(folder / "yukon_secondary.json",
                                                       other.secondary)),
            "empty_secondary": write_radar_image(folder / "empty_secondary.tif",
                                                 np.zeros_like(pair.secondary_image)),
            "incidence": pair.incidence_at_centre_deg,
            "shape": pair.reference_image.shape,
        }
        # a geometry JSON describing 8 lines fewer than its raster has
        short = json.loads(files["reference_json"].read_text())
        short["lines"] -= 8
        files["short_json"] = folder / "reference_short.json"
        files["short_json"].write_text(json.dumps(short))
    finally:
        for made in (pair, other):
            made.release()
    return files


def params(files, folder, prefix="stereo", **extra):
    values = {
        "REFERENCE": str(files["reference"]), "REFERENCE_GEOMETRY": str(files["reference_json"]),
        "SECONDARY": str(files["secondary"]), "SECONDARY_GEOMETRY": str(files["secondary_json"]),
        "INPUT_UNITS": 0, "DEM": str(files["coarse_dem"]), "DEM_VERTICAL_DATUM": ELLIPSOID,
        "MATCHER": POC, "PATCH_SIZE": 128,
    }
    values.update({key: str(folder / f"{prefix}_{key.lower()}.tif") for key in OUTPUT_KEYS})
    values.update(extra)
    return values


def read(path):
    dataset = gdal.Open(str(path))
    return dataset.GetRasterBand(1).ReadAsArray(), dataset


def truth_on_grid(files, dataset, source="fine_dem", resampling="average"):
    """The 2 m truth DEM averaged onto an output raster's grid (NaN outside the scene)."""
    gt = dataset.GetGeoTransform()
    bounds = (gt[0], gt[3] + gt[5] * dataset.RasterYSize, gt[0] + gt[1] * dataset.RasterXSize,
              gt[3])
    warped = gdal.Warp("", str(files[source]), format="MEM", outputBounds=bounds,
                       width=dataset.RasterXSize, height=dataset.RasterYSize,
                       dstSRS=dataset.GetProjection(), resampleAlg=resampling,
                       dstNodata=np.nan, outputType=gdal.GDT_Float64)
    return warped.GetRasterBand(1).ReadAsArray()


def scores(files, heights_path):
    """(RMSE m, median error m, share of truth cells with a height, coarse DEM RMSE m)."""
    heights, dataset = read(heights_path)
    truth = truth_on_grid(files, dataset)
    coarse = truth_on_grid(files, dataset, "coarse_dem", "bilinear")
    inside = np.isfinite(truth)
    found = inside & np.isfinite(heights)
    error = heights[found] - truth[found]
    coarse_error = (coarse - truth)[found & np.isfinite(coarse)]
    return (float(np.sqrt(np.mean(error ** 2))), float(np.median(error)),
            float(found.sum() / inside.sum()), float(np.sqrt(np.mean(coarse_error ** 2))))


@pytest.fixture(scope="module")
def registered(qgis_processing):
    from qgis.core import QgsApplication

    assert QgsApplication.processingRegistry().algorithmById(ALG) is not None
    return qgis_processing


# -- processing.run ---------------------------------------------------------------------------
def test_poc_heights_against_the_truth(registered, pair_files, tmp_path):
    feedback = collecting_feedback()
    result = registered.run(ALG, params(pair_files, tmp_path, OUTPUT_PIXEL_SIZE=20.0),
                            feedback=feedback)
    for key in OUTPUT_KEYS:
        assert Path(result[key]).exists()
    heights, dataset = read(result["OUTPUT"])
    assert heights.dtype == np.float32
    assert dataset.GetGeoTransform()[1] == 20.0 and dataset.GetGeoTransform()[5] == -20.0
    srs = osr.SpatialReference(wkt=dataset.GetProjection())
    assert srs.GetUTMZone() == 11  # the DEM's CRS (UTM 11N)
    assert "ellipsoid" in dataset.GetRasterBand(1).GetDescription()
    assert dataset.GetMetadataItem("SAR_HEIGHT_VERTICAL_DATUM") == "WGS84 ellipsoid"
    rmse, bias, coverage, coarse_rmse = scores(pair_files, result["OUTPUT"])
    # measured: RMSE 2.28 m (the coarse 90 m DEM: 5.95 m), median error +0.06 m, heights
    # in 82.5 % of the 20 m cells of the truth
    assert rmse < 3.0 and rmse < 0.6 * coarse_rmse, (rmse, coarse_rmse)
    assert abs(bias) < 1.0 and coverage > 0.75, (bias, coverage)
    count, _ = read(result["OUTPUT_COUNT"])
    confidence, _ = read(result["OUTPUT_CONFIDENCE"])
    assert int(count.sum()) == result["POINTS"] > 800
    assert np.array_equal(count > 0, np.isfinite(heights))
    assert np.all((confidence[count > 0] >= 0.4) & (confidence[count > 0] <= 1.0))
    assert np.isnan(confidence[count == 0]).all()
    assert 30.0 < result["COVERAGE"] <= 100.0
    assert 19.0 < result["MEAN_INTERSECTION_ANGLE"] < 21.0  # 55° - 35° at flat ground
    assert 0.0 < result["RESIDUAL_RMS"] < 2.0
    # flat earth: a 2 m ground-range pixel / (cot 35° - cot 55°) = 2.75 m
    assert result["HEIGHT_PRECISION"] == pytest.approx(2.75, abs=0.05)
    log = "\n".join(feedback.lines)
    for text in ("phase-only correlation", "patches", "intersection angle median",
                 "residual RMS", "height precision (flat earth) 2.7", "WGS84 ellipsoid"):
        assert text in log, log
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        Path(result[key]).name for key in OUTPUT_KEYS)


def test_outputs_are_styled_when_loaded(registered, pair_files, tmp_path):
    from qgis.core import QgsProject

    result = registered.runAndLoadResults(ALG, params(pair_files, tmp_path, PATCH_SIZE=256))
    renderers = {}
    for key in OUTPUT_KEYS:
        layers = [layer for layer in QgsProject.instance().mapLayers().values()
                  if layer.source() == result[key]]
        assert len(layers) == 1, key
        renderers[key] = layers[0].renderer().type()
        QgsProject.instance().removeMapLayer(layers[0].id())
    assert renderers == {"OUTPUT": "singlebandgray", "OUTPUT_CONFIDENCE": "singlebandpseudocolor",
                         "OUTPUT_COUNT": "singlebandpseudocolor"}


def test_constant_height_without_dem(registered, pair_files, tmp_path):
    """No DEM: patches predicted at 810 m (the scene's mean height); output in the CRS given."""
    result = registered.run(ALG, params(pair_files, tmp_path, DEM=None, HEIGHT=810.0,
                                        OUTPUT_CONFIDENCE=None, OUTPUT_COUNT=None,
                                        OUTPUT_CRS="EPSG:32611", OUTPUT_PIXEL_SIZE=25.0))
    assert "OUTPUT_COUNT" not in result
    rmse, _, coverage, _ = scores(pair_files, result["OUTPUT"])
    # measured: RMSE 11.7 m, 46 % of the truth cells. The terrain spans 718-909 m: up to
    # ~35 px of parallax from the constant height, beyond POC's 16-px search (hence a DEM)
    assert rmse < 15.0 and coverage > 0.3, (rmse, coverage)
    assert [p.name for p in tmp_path.iterdir()] == ["stereo_output.tif"]


def test_cancel_leaves_no_output(registered, pair_files, tmp_path):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()  # the first patch's progress call sees it
    result = registered.run(ALG, params(pair_files, tmp_path), feedback=feedback)
    assert "POINTS" not in result
    assert list(tmp_path.iterdir()) == []


def test_no_valid_match(registered, pair_files, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="No valid match"):
        registered.run(ALG, params(pair_files, tmp_path,
                                   SECONDARY=str(pair_files["empty_secondary"])))
    assert list(tmp_path.iterdir()) == []


def test_dem_of_another_place(registered, pair_files, tmp_path):
    from qgis.core import QgsProcessingException

    # a crop in a folder of its own: QGIS writes .aux.xml statistics next to rasters it opens
    dem_folder = tmp_path / "dem"
    dem_folder.mkdir()
    yukon = dem_folder / "yukon_crop.tif"
    gdal.Translate(str(yukon), str(YUKON), srcWin=[0, 0, 40, 40])
    with pytest.raises(QgsProcessingException, match="The DEM does not cover the ground"):
        registered.run(ALG, params(pair_files, tmp_path, DEM=str(yukon), DEM_VERTICAL_DATUM=0))
    assert [p.name for p in tmp_path.iterdir()] == ["dem"]


def test_check_parameter_values(registered, pair_files, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingContext

    from sar_height.processing_provider.stereo_radargrammetry import DEFAULT_MODEL

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    context = QgsProcessingContext()
    base = params(pair_files, tmp_path)
    assert algorithm.checkParameterValues(base, context)[0]
    ok, message = algorithm.checkParameterValues({**base, "MATCHER": DEEP}, context)
    assert ok == os.path.isfile(DEFAULT_MODEL)
    if not ok:  # no trained matcher ships yet
        assert "Phase-only correlation" in message and "MODEL" in message, message
        assert "sar_matcher.onnx" in message
    ok, message = algorithm.checkParameterValues(
        {**base, "MATCHER": DEEP, "MODEL": str(tmp_path / "missing.onnx")}, context)
    assert not ok and "does not exist" in message
    ok, message = algorithm.checkParameterValues({**base, "PATCH_SIZE": 100}, context)
    assert not ok and "multiple of 16" in message
    ok, message = algorithm.checkParameterValues({**base, "OUTPUT_CRS": "EPSG:4326"}, context)
    assert not ok and "not a projected CRS in metres" in message
    ok, message = algorithm.checkParameterValues(
        {**base, "OUTPUT": str(tmp_path / "heights.png")}, context)
    assert not ok and "GeoTIFF" in message


def _zero_offset_matcher(path):
    """A contract-1 ONNX matcher (docs/matcher_model.md) that answers offset 0 everywhere.

    Its certainty is sigmoid(3) = 0.95 everywhere: the heights are then those of the coarse-DEM
    prediction.
    """
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    shape = ["N", 1, "H", "W"]
    nodes = [
        helper.make_node("Mul", ["reference", "zero"], ["z0"]),
        helper.make_node("Mul", ["secondary", "zero"], ["z1"]),
        helper.make_node("Concat", ["z0", "z1"], ["warp"], axis=1),
        helper.make_node("Add", ["z0", "three"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["certainty"]),
    ]
    graph = helper.make_graph(
        nodes, "zero_offset_matcher",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape)
         for n in ("reference", "secondary")],
        [helper.make_tensor_value_info("warp", TensorProto.FLOAT, ["N", 2, "H", "W"]),
         helper.make_tensor_value_info("certainty", TensorProto.FLOAT, shape)],
        [helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
         helper.make_tensor("three", TensorProto.FLOAT, [], [3.0])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    entry = model.metadata_props.add()
    entry.key = "sar_height"
    entry.value = json.dumps({"format": "sar_height_matcher", "contract": 1, "stride": 8,
                              "patch_size": 128, "max_displacement_px": 16.0,
                              "normalisation": "log_standardised"})
    onnx.save(model, str(path))
    return path


@pytest.mark.slow
def test_deep_matcher(registered, pair_files, tmp_path, tmp_path_factory):
    """The deep matcher path with a zero-offset ONNX model (per-pixel matches, onnxruntime).

    And, when the plugin ships a trained matcher, the bundled model on the same pair.
    """
    pytest.importorskip("onnxruntime")
    from sar_height.processing_provider.stereo_radargrammetry import DEFAULT_MODEL

    model = _zero_offset_matcher(tmp_path_factory.mktemp("matcher") / "zero.onnx")
    feedback = collecting_feedback()
    result = registered.run(ALG, params(pair_files, tmp_path, MATCHER=DEEP, MODEL=str(model),
                                        OUTPUT_PIXEL_SIZE=20.0), feedback=feedback)
    lines, samples = pair_files["shape"]
    assert result["POINTS"] > 0.5 * lines * samples  # one match per pixel where both see
    assert result["RESIDUAL_RMS"] < 0.01  # matches that follow the prediction exactly
    _, _, coverage, _ = scores(pair_files, result["OUTPUT"])
    heights, dataset = read(result["OUTPUT"])
    coarse = truth_on_grid(pair_files, dataset, "coarse_dem", "bilinear")
    # zero offsets give back the coarse DEM (measured: median |difference| 0.24 m)
    assert coverage > 0.95 and np.nanmedian(np.abs(heights - coarse)) < 0.5
    log = "\n".join(feedback.lines)
    assert "deep dense matcher" in log and "CPUExecutionProvider" in log, log
    _, dataset = read(result["OUTPUT"])
    assert dataset.GetMetadataItem("SAR_HEIGHT_STEREO_MATCHER") == "deep: zero.onnx"
    dataset = None
    feedback = collecting_feedback()  # a patch size the model was not trained on: a warning
    registered.run(ALG, params(pair_files, tmp_path, "wrong_patch", MATCHER=DEEP,
                               MODEL=str(model), PATCH_SIZE=256), feedback=feedback)
    warnings = [text for text, fatal in feedback.errors if not fatal]
    assert any("trained on patches of 128 pixels" in w for w in warnings), feedback.errors
    feedback = collecting_feedback()  # automatic: the model's own size, no warning
    registered.run(ALG, params(pair_files, tmp_path, "auto_patch", MATCHER=DEEP,
                               MODEL=str(model), PATCH_SIZE=0), feedback=feedback)
    assert not feedback.errors and "Patches of 128 x 128 pixels." in feedback.lines
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="No valid match"):  # 0.95 < 0.99
        registered.run(ALG, params(pair_files, tmp_path, "strict", MATCHER=DEEP,
                                   MODEL=str(model), MIN_CONFIDENCE=0.99))
    assert not [p for p in tmp_path.iterdir() if "strict" in p.name]
    if os.path.isfile(DEFAULT_MODEL):
        bundled = registered.run(ALG, params(pair_files, tmp_path, "bundled", MATCHER=DEEP,
                                             OUTPUT_PIXEL_SIZE=20.0))
        rmse, _, coverage, coarse_rmse = scores(pair_files, bundled["OUTPUT"])
        assert rmse < coarse_rmse and coverage > 0.5, (rmse, coarse_rmse, coverage)


# -- qgis_process -----------------------------------------------------------------------------
@pytest.mark.slow
def test_qgis_process_json(qgis_process, pair_files, tmp_path):
    """qgis_process JSON runs with the defaults, then with POC.

    Defaults: the bundled deep matcher (its 128-px patches, certainty 0.8), automatic pixel size
    (1.5 x 2 px of 2 m, rounded up: 10 m); then POC (1.5 x 8 px: 25 m, 256-px patches).
    """
    pytest.importorskip("onnxruntime")
    inputs = {
        "REFERENCE": pair_files["reference"], "REFERENCE_GEOMETRY": pair_files["reference_json"],
        "SECONDARY": pair_files["secondary"], "SECONDARY_GEOMETRY": pair_files["secondary_json"],
        "DEM": pair_files["coarse_dem"], "DEM_VERTICAL_DATUM": ELLIPSOID}
    out = tmp_path / "cli_heights.tif"
    rc, result, stderr = qgis_process(ALG, {**inputs, "OUTPUT": out}, onnxruntime=True)
    assert rc == 0, stderr
    assert result["algorithm_details"]["id"] == ALG
    assert Path(result["results"]["OUTPUT"]) == out
    heights, dataset = read(out)
    assert dataset.GetMetadataItem("SAR_HEIGHT_STEREO_MATCHER") == "deep: sar_matcher.onnx"
    assert dataset.GetGeoTransform()[1] == 10.0
    dataset = None
    rmse, _, coverage, coarse_rmse = scores(pair_files, out)
    # measured: see the README's stereo section
    assert rmse < 0.5 * coarse_rmse and coverage > 0.8, (rmse, coarse_rmse, coverage)
    assert result["results"]["POINTS"] > 20 * 800
    out = tmp_path / "cli_poc.tif"
    rc, result, stderr = qgis_process(ALG, {**inputs, "MATCHER": POC, "OUTPUT": out})
    assert rc == 0, stderr
    heights, dataset = read(out)
    assert dataset.GetGeoTransform()[1] == 25.0
    dataset = None
    rmse, _, coverage, _ = scores(pair_files, out)
    # measured: RMSE 2.14 m, 94.7 % of the 25 m truth cells; 970 points
    assert rmse < 3.0 and coverage > 0.9, (rmse, coverage)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cli_heights.tif", "cli_poc.tif"]


BAD_INPUTS = {
    "images of different places": (
        {"SECONDARY": "elsewhere", "SECONDARY_GEOMETRY": "elsewhere_json"},
        ["do not overlap on the ground", "same area"]),
    "geometry of another raster": (
        {"REFERENCE_GEOMETRY": "short_json"},
        ["reference image has", "do not belong together"]),
    "same geometry twice": (
        {"SECONDARY": "reference", "SECONDARY_GEOMETRY": "reference_json"},
        ["identical geometries: no parallax"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_clear_message_no_output(qgis_process, pair_files, tmp_path, case):
    replaced, expected = BAD_INPUTS[case]
    values = params(pair_files, tmp_path, "bad")
    values.update({key: str(pair_files[name]) for key, name in replaced.items()})
    rc, _, stderr = qgis_process(ALG, values)
    assert rc != 0
    for text in expected:
        assert text.lower() in stderr.lower(), stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_deep_matcher_without_onnxruntime(qgis_process, pair_files, tmp_path,
                                          tmp_path_factory):
    """Without onnxruntime in QGIS's Python the deep matcher is refused with install instructions.

    qgis_process runs QGIS's own Python (/usr/bin/python3): without onnxruntime there, the deep
    matcher is refused with the install instructions.
    """
    import subprocess

    if subprocess.run(["/usr/bin/python3", "-c", "import onnxruntime"],
                      capture_output=True).returncode == 0:
        pytest.skip("QGIS's Python has onnxruntime installed")
    model = _zero_offset_matcher(tmp_path_factory.mktemp("matcher_cli") / "zero.onnx")
    rc, _, stderr = qgis_process(ALG, params(pair_files, tmp_path, "bad", MATCHER=DEEP,
                                             MODEL=str(model)))
    assert rc != 0
    assert "onnxruntime" in stderr and "pip install" in stderr, stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


# -- the default matcher without onnxruntime (issue 14 §1) ----------------------------------------
AUTO = 2  # MATCHER enum: automatic, the default


def test_default_matcher_falls_back_to_poc_without_onnxruntime(registered, pair_files, tmp_path,
                                                               monkeypatch):
    """Left at its default, the matcher is phase-only correlation when onnxruntime is missing.

    The run says so in a warning that names the alternative and how to install onnxruntime;
    the heights are POC's (its metadata), as good as an explicit POC run.
    """
    from qgis.core import QgsApplication, QgsProcessingContext

    from sar_height.processing_provider import common

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime -> ImportError
    offers = []  # the QGIS window's offer to install onnxruntime (declined here)
    monkeypatch.setattr(common, "_install_offer", lambda module: offers.append(module) and False)
    values = params(pair_files, tmp_path)
    del values["MATCHER"]  # the default
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    assert algorithm.parameterDefinition("MATCHER").defaultValue() == AUTO
    ok, message = algorithm.checkParameterValues(values, QgsProcessingContext())
    assert ok, message
    feedback = collecting_feedback()
    result = registered.run(ALG, values, feedback=feedback)
    heights, dataset = read(result["OUTPUT"])
    assert dataset.GetMetadataItem("SAR_HEIGHT_STEREO_MATCHER") == "phase-only correlation"
    dataset = None
    warnings = [text for text, fatal in feedback.errors if not fatal]
    assert any("Phase-only correlation is used instead of the deep matcher" in text
               and "onnxruntime" in text and "'Matcher' (MATCHER)" in text
               for text in warnings), warnings
    rmse, _, coverage, coarse_rmse = scores(pair_files, result["OUTPUT"])
    assert rmse < 0.6 * coarse_rmse and coverage > 0.75, (rmse, coarse_rmse, coverage)
    # chosen explicitly, the deep matcher is still refused, naming the alternative
    assert offers == []  # the automatic choice does not ask to install anything
    ok, message = algorithm.checkParameterValues({**values, "MATCHER": DEEP},
                                                 QgsProcessingContext())
    assert not ok and "onnxruntime" in message and "Phase-only correlation" in message, message
    assert offers == ["onnxruntime"]  # the deep matcher chosen: installing it is offered


def test_default_matcher_is_deep_with_onnxruntime(registered, pair_files, tmp_path):
    """With onnxruntime the default runs the deep matcher, without a warning about it."""
    pytest.importorskip("onnxruntime")
    values = params(pair_files, tmp_path, MATCHER=AUTO, PATCH_SIZE=0)
    feedback = collecting_feedback()
    result = registered.run(ALG, values, feedback=feedback)
    _, dataset = read(result["OUTPUT"])
    assert dataset.GetMetadataItem("SAR_HEIGHT_STEREO_MATCHER") == "deep: sar_matcher.onnx"
    dataset = None
    assert not any("instead of the deep matcher" in text for text, _ in feedback.errors)


def test_qgis_process_default_without_onnxruntime(qgis_process, pair_files, tmp_path):
    """qgis_process with QGIS's own Python (no onnxruntime): the defaults run POC and warn."""
    import subprocess

    if subprocess.run(["/usr/bin/python3", "-c", "import onnxruntime"],
                      capture_output=True).returncode == 0:
        pytest.skip("QGIS's Python has onnxruntime installed")
    values = params(pair_files, tmp_path, "cli_default")
    del values["MATCHER"]
    rc, result, stderr = qgis_process(ALG, values)
    assert rc == 0, stderr
    _, dataset = read(result["results"]["OUTPUT"])
    assert dataset.GetMetadataItem("SAR_HEIGHT_STEREO_MATCHER") == "phase-only correlation"
    dataset = None
    assert "Phase-only correlation is used instead of the deep matcher" in stderr, stderr
