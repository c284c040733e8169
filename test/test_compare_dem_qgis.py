"""sarheight:compare_dem as a user runs it: processing.run, qgis_process JSON, style, bad input."""
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "test" / "data"
NUMBERS = ("BIAS", "RMSE", "MAE", "NMAD", "WITHIN_1M", "WITHIN_2M", "WITHIN_5M", "WITHIN_10M",
           "WITHIN_20M", "COVERAGE")
ALG = "sarheight:compare_dem"


def write_like(path, array, template, data_type=gdal.GDT_Float32, nodata=math.nan):
    reference = gdal.Open(str(template))
    rows, cols = array.shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, data_type)
    dataset.SetGeoTransform(reference.GetGeoTransform())
    dataset.SetProjection(reference.GetProjection())
    dataset.GetRasterBand(1).SetNoDataValue(nodata)
    dataset.GetRasterBand(1).WriteArray(array)
    dataset = None
    return path


@pytest.fixture
def inputs(tmp_path):
    """Copies of the Los Angeles DEMs (QGIS may write .aux.xml next to inputs) and a mask."""
    folder = tmp_path / "in"
    folder.mkdir()
    estimate = Path(shutil.copy(DATA / "los_angeles_glo30_ellipsoid.tif", folder))
    reference = Path(shutil.copy(DATA / "los_angeles_glo30_geoid.tif", folder))
    classes = np.zeros((361, 361), np.uint8)
    classes[100:200, 50:150] = 1
    classes[250:300, :] = 2
    classes[:5] = 255
    mask = write_like(folder / "mask.tif", classes, reference, gdal.GDT_Byte, 255)
    return {"estimate": estimate, "reference": reference, "mask": mask, "folder": folder}


def params(inputs, out, **extra):
    values = {"DEM": str(inputs["estimate"]), "DEM_VERTICAL_DATUM": 2,
              "REFERENCE": str(inputs["reference"]), "REFERENCE_VERTICAL_DATUM": 1,
              "MASK": str(inputs["mask"]), "OUTPUT_ERROR": str(out / "error.tif"),
              "OUTPUT_REPORT": str(out / "report.html")}
    values.update(extra)
    return values


def test_processing_run_returns_the_numbers(qgis_processing, inputs, tmp_path):
    result = qgis_processing.run(ALG, params(inputs, tmp_path))
    for key in NUMBERS:
        assert isinstance(result[key], float) and math.isfinite(result[key]), key
    assert abs(result["BIAS"]) < 2.0  # EGM2008 heights read as EGM96 vs ellipsoidal heights
    assert result["COVERAGE"] == pytest.approx(100.0)
    assert result["WITHIN_1M"] <= result["WITHIN_2M"] <= result["WITHIN_20M"] == 100.0
    assert result["RMSE"] >= result["MAE"] >= abs(result["BIAS"])
    error = gdal.Open(result["OUTPUT_ERROR"])
    assert (error.RasterXSize, error.RasterYSize) == (361, 361)
    assert error.GetRasterBand(1).DataType == gdal.GDT_Float32
    assert Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8").count(">layover<") == 1


def test_error_style_is_diverging_and_applied_on_load(qgis_processing, inputs, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer

    from sar_height.processing_provider.base import style_path

    qgis_processing.runAndLoadResults(ALG, params(inputs, tmp_path, MASK=None,
                                                  OUTPUT_REPORT=None))
    path = str(tmp_path / "error.tif")
    layers = [layer for layer in QgsProject.instance().mapLayers().values()
              if layer.source() == path]
    assert len(layers) == 1
    assert layers[0].renderer().type() == "singlebandpseudocolor"
    QgsProject.instance().removeMapLayer(layers[0].id())
    layer = QgsRasterLayer(path, "error")
    message, ok = layer.loadNamedStyle(style_path("dem_error"))
    assert ok, message
    renderer = layer.renderer()
    assert renderer.type() == "singlebandpseudocolor"
    assert (renderer.classificationMin(), renderer.classificationMax()) == (-20.0, 20.0)
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    zero = [item for item in items if item.value == 0.0]
    assert zero and zero[0].color.red() > 240 and zero[0].color.blue() > 240  # white centre
    assert items[0].color.blue() > items[0].color.red()  # negative: blue
    assert items[-1].color.red() > items[-1].color.blue()  # positive: red


@pytest.mark.slow
def test_qgis_process_json_has_numbers_and_report(qgis_process, inputs, tmp_path):
    rc, result, stderr = qgis_process(ALG, params(inputs, tmp_path))
    assert rc == 0, stderr
    # GDAL errors printed by the plugin's own reading and writing (QGIS's loading of radar-
    # geometry rasters prints some by itself: docs/reliability.md)
    assert "ERROR" not in stderr, stderr
    assert result["algorithm_details"]["id"] == ALG
    results = result["results"]
    for key in NUMBERS:
        assert isinstance(results[key], float), key
    assert abs(results["BIAS"]) < 2.0
    html = Path(results["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    assert 'id="classes"' in html
    for name in (">all<", ">clear<", ">layover<", ">shadow<"):
        assert name in html, name
    assert '<figure id="histogram"><svg ' in html
    assert Path(results["OUTPUT_ERROR"]).exists()
    log = "\n".join(result["log"]["info"])
    assert "layover" in log and "NMAD" in log


def _mask_on_wrong_grid(inputs):
    return write_like(inputs["folder"] / "small_mask.tif", np.zeros((40, 50), np.uint8),
                      inputs["reference"], gdal.GDT_Byte, 255)


def _all_nodata_estimate(inputs):
    return write_like(inputs["folder"] / "empty.tif", np.full((361, 361), np.nan, np.float32),
                      inputs["reference"])


BAD_INPUTS = {
    "mask on another grid": (lambda i: {"MASK": str(_mask_on_wrong_grid(i))},
                             "matches neither the reference nor the estimate"),
    "all-nodata estimate": (lambda i: {"DEM": str(_all_nodata_estimate(i))},
                            "no valid height"),
    "error raster not GeoTIFF": (lambda i: {"OUTPUT_ERROR": "{out}/bad_error.png"}, "GeoTIFF"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_clear_message_no_output(qgis_process, inputs, tmp_path, case):
    make, expected = BAD_INPUTS[case]
    out = tmp_path / "out"
    out.mkdir()
    values = params(inputs, out, OUTPUT_ERROR=str(out / "bad_error.tif"),
                    OUTPUT_REPORT=str(out / "bad_report.html"))
    values.update({key: value.format(out=out) for key, value in make(inputs).items()})
    rc, result, stderr = qgis_process(ALG, values)
    assert rc != 0
    assert expected.lower() in stderr.lower(), stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []  # nothing written, not even hidden temporaries


def test_cancel_leaves_no_output(qgis_processing, inputs, tmp_path):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()  # the first strip's progress call sees it
    out = tmp_path / "out"
    out.mkdir()
    result = qgis_processing.run(ALG, params(inputs, out, BLOCK_ROWS=16), feedback=feedback)
    assert "BIAS" not in result
    assert list(out.iterdir()) == []
