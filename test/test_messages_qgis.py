"""Issue 11, section 6: messages instead of tracebacks and misleading words.

- a number out of range names the parameter, its range and the value given (not only QGIS's
  "Incorrect parameter value"), in checkParameterValues and in qgis_process;
- estimate_height and the deep stereo matcher re-check onnxruntime in processAlgorithm (QGIS
  3.22 skips checkParameterValues for the children of a graphical model); the stereo message
  offers phase-only correlation;
- compare_dem: a MASK without georeference, and the CRS label of a local transverse Mercator.
"""
import sys

import numpy as np
import pytest
from osgeo import gdal, osr
from test_compare_dem_qgis import inputs, params  # noqa: F401 (inputs is a fixture)
from test_simulate_sar_qgis import GRD, outputs, small_dem


def algorithm(alg_id):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().createAlgorithmById(alg_id)


def context_and_feedback():
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    return QgsProcessingContext(), QgsProcessingFeedback()


# -- numbers out of range -----------------------------------------------------------------------
RANGE_CASES = {
    # algorithm, parameter, value, words the message must hold
    "integer between": ("sarheight:simulate_sar", "SPECKLE_LOOKS", 5000,
                        ["SPECKLE_LOOKS", "between 0 and 1000", "5000"]),
    "double between": ("sarheight:simulate_sar", "TEXTURE", 7.5,
                       ["TEXTURE", "between 0 and 3", "7.5"]),
    "only a minimum": ("sarheight:estimate_height", "PRIOR_SPACING", -5.0,
                       ["PRIOR_SPACING", "at least 0", "-5"]),
    "whole number": ("sarheight:simulate_sar", "BLOCK_ROWS", 100.5,
                     ["BLOCK_ROWS", "whole number", "100.5"]),
}


@pytest.mark.parametrize("case", sorted(RANGE_CASES))
def test_out_of_range_number_states_the_range(qgis_processing, case):
    from sar_height.processing_provider.common import number_range_problem

    alg_id, key, value, words = RANGE_CASES[case]
    alg = algorithm(alg_id)
    context, _ = context_and_feedback()
    message = number_range_problem(alg, {key: value}, context)
    for word in words:
        assert word in message, message
    assert number_range_problem(alg, {key: alg.parameterDefinition(key).defaultValue()},
                                context) == ""
    ok, checked = alg.checkParameterValues({key: value}, context)
    assert not ok and "must be" in checked  # before any other check of the parameters


def test_out_of_range_in_qgis_process_and_nothing_written(qgis_process, tmp_path):
    outs = outputs(tmp_path)
    rc, _, stderr = qgis_process("sarheight:simulate_sar", {
        "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(GRD), "SPECKLE_LOOKS": 5000, **outs})
    assert rc != 0
    assert "SPECKLE_LOOKS" in stderr and "between 0 and 1000" in stderr, stderr
    assert "Traceback" not in stderr
    assert not any(path.name.startswith("out_") or ".partial" in path.name
                   for path in tmp_path.iterdir())


def test_out_of_range_refused_in_process_algorithm(qgis_processing, tmp_path):
    """A model child skips checkParameterValues: processAlgorithm checks the range itself."""
    from qgis.core import QgsProcessingException

    alg = algorithm("sarheight:simulate_sar")
    context, feedback = context_and_feedback()
    with pytest.raises(QgsProcessingException, match="between 16 and 8192"):
        alg.processAlgorithm({"DEM": str(small_dem(tmp_path)), "GEOMETRY": str(GRD),
                              "BLOCK_ROWS": 4, **outputs(tmp_path)}, context, feedback)


# -- onnxruntime missing in processAlgorithm ------------------------------------------------------
@pytest.fixture
def without_onnxruntime(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime -> ImportError


def test_estimate_height_without_onnxruntime(qgis_processing, without_onnxruntime, tmp_path):
    from qgis.core import QgsProcessingException

    alg = algorithm("sarheight:estimate_height")
    context, feedback = context_and_feedback()
    with pytest.raises(QgsProcessingException, match="onnxruntime") as caught:
        alg.processAlgorithm({"SAR": str(small_dem(tmp_path)), "PRIOR_DEM": str(
            small_dem(tmp_path)), "OUTPUT": str(tmp_path / "h.tif")}, context, feedback)
    assert "pip install" in str(caught.value)
    assert not (tmp_path / "h.tif").exists()


def test_stereo_deep_without_onnxruntime_offers_poc(qgis_processing, without_onnxruntime,
                                                    tmp_path):
    from qgis.core import QgsProcessingException

    alg = algorithm("sarheight:stereo_radargrammetry")
    context, feedback = context_and_feedback()
    values = {"REFERENCE": str(small_dem(tmp_path)), "SECONDARY": str(small_dem(tmp_path)),
              "REFERENCE_GEOMETRY": str(GRD), "SECONDARY_GEOMETRY": str(GRD), "MATCHER": 0,
              "OUTPUT": str(tmp_path / "stereo.tif")}
    with pytest.raises(QgsProcessingException, match="onnxruntime") as caught:
        alg.processAlgorithm(values, context, feedback)
    assert "Phase-only correlation" in str(caught.value)
    ok, message = alg.checkParameterValues(values, context)
    assert not ok and "Phase-only correlation" in message


def test_model_child_without_onnxruntime_fails_cleanly(qgis_processing, without_onnxruntime,
                                                       tmp_path):
    """A model child estimate_height without onnxruntime ends in the module message.

    A graphical model with estimate_height as its child: QGIS 3.22 runs the child's
    processAlgorithm without checkParameterValues; the run must end in the module message, not a
    ModuleNotFoundError.
    """
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
    )

    model = QgsProcessingModelAlgorithm("no onnxruntime", "test")
    child = QgsProcessingModelChildAlgorithm("sarheight:estimate_height")
    child.setChildId("estimate")
    dem = str(small_dem(tmp_path))
    for key, value in {"SAR": dem, "PRIOR_DEM": dem,
                       "OUTPUT": str(tmp_path / "model_h.tif")}.items():
        child.addParameterSources(key, [QgsProcessingModelChildParameterSource.fromStaticValue(
            value)])
    model.addChildAlgorithm(child)
    messages = []

    class Feedback(QgsProcessingFeedback):
        def reportError(self, error, fatalError=False):  # noqa: N802, N803 (QGIS API)
            messages.append(error)

    _, ok = model.run({}, QgsProcessingContext(), Feedback())  # reports the child's error
    assert not ok
    text = " ".join(messages)
    assert "onnxruntime" in text and "ModuleNotFoundError" not in text, text
    assert not (tmp_path / "model_h.tif").exists()


# -- compare_dem ----------------------------------------------------------------------------------
def test_mask_without_georeference_is_a_message(qgis_processing, inputs, tmp_path):  # noqa: F811
    from qgis.core import QgsProcessingException

    mask = tmp_path / "plain_mask.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(mask), 200, 150, 1, gdal.GDT_Byte)
    dataset.GetRasterBand(1).WriteArray(np.ones((150, 200), np.uint8))
    dataset = None
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="no usable georeference") as caught:
        qgis_processing.run("sarheight:compare_dem", params(inputs, out, MASK=str(mask)))
    assert "Corrupt" not in str(caught.value)
    assert list(out.iterdir()) == []


def test_local_tmerc_grid_is_not_labelled_epsg_4326(tmp_path):
    from sar_height.core.evaluation.compare import EvaluationError, compare_dems

    tmerc = osr.SpatialReference()
    tmerc.SetFromUserInput("+proj=tmerc +lat_0=46.9 +lon_0=10.9 +k=1 +x_0=0 +y_0=0 "
                           "+datum=WGS84 +units=m +no_defs")

    def raster(name, size, cell):
        path = tmp_path / name
        dataset = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1,
                                                       gdal.GDT_Float32)
        dataset.SetGeoTransform((-1000.0, cell, 0.0, 1000.0, 0.0, -cell))
        dataset.SetProjection(tmerc.ExportToWkt())
        dataset.GetRasterBand(1).Fill(1500.0)
        dataset = None
        return path

    reference, estimate = raster("ref.tif", 40, 50.0), raster("est.tif", 20, 100.0)
    mask = raster("mask_other.tif", 30, 70.0)
    gdal.Translate(str(tmp_path / "mask.tif"), str(mask), outputType=gdal.GDT_Byte)
    with pytest.raises(EvaluationError) as caught:
        compare_dems(str(estimate), str(reference), str(tmp_path / "mask.tif"), "ellipsoid",
                     "ellipsoid")
    assert "EPSG:4326" not in str(caught.value)
    assert "tmerc" in str(caught.value)
