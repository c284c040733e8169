"""The WORKERS parameter of compare_dem and stereo_radargrammetry (issue 16), as a user runs it.

processing.run with 2 worker threads must write the same bytes and return the same numbers as
with 1 (the strips and patches are block tasks consumed in plan order, core.blocks), and a
cancel during a parallel run must leave no file.

compare_dem: the real Los Angeles GLO-30 DEM of test/data as reference (geoid heights) and,
as estimate, its ellipsoidal twin warped to UTM 11N at 25 m, so that every strip warps the
estimate and its geoid; the class mask lies on the estimate's grid (as simulate_sar writes
it), so it is warped too. Strips of 24 rows: 16 strips, several in flight at once.
stereo_radargrammetry: the simulated airborne pair over the San Gabriel DEM of
test_stereo_radargrammetry_qgis (600 m scene, 90 m coarse DEM), patches of 96 pixels so that
there are a few dozen; POC and, with onnxruntime, the bundled deep matcher.
"""
import filecmp
import importlib.util
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "test" / "data"
SAN_GABRIEL = DATA / "dem" / "san_gabriel_bigtujunga_srtm30_utm11_crop.tif"
COMPARE = "sarheight:compare_dem"
STEREO = "sarheight:stereo_radargrammetry"
STEREO_OUTPUTS = ("OUTPUT", "OUTPUT_CONFIDENCE", "OUTPUT_COUNT")
POC, DEEP = 1, 0  # MATCHER enum
ELLIPSOID, EGM96 = 2, 1  # vertical datum enum


@pytest.fixture(scope="module")
def dems(tmp_path_factory):
    """(estimate on a UTM grid, reference, class mask on the estimate's grid) paths."""
    folder = tmp_path_factory.mktemp("compare_inputs")
    estimate = folder / "estimate_utm.tif"
    gdal.Warp(str(estimate), str(DATA / "los_angeles_glo30_ellipsoid.tif"), dstSRS="EPSG:32611",
              xRes=25.0, yRes=25.0, resampleAlg="bilinear", outputType=gdal.GDT_Float32,
              dstNodata=math.nan)
    reference = Path(shutil.copy(DATA / "los_angeles_glo30_geoid.tif", folder))
    template = gdal.Open(str(estimate))
    rows, cols = template.RasterYSize, template.RasterXSize
    classes = np.zeros((rows, cols), np.uint8)
    classes[rows // 4:rows // 2, cols // 5:cols // 2] = 1
    classes[2 * rows // 3:, :] = 2
    classes[:3] = 255
    mask = gdal.GetDriverByName("GTiff").Create(str(folder / "mask.tif"), cols, rows, 1,
                                                gdal.GDT_Byte)
    mask.SetGeoTransform(template.GetGeoTransform())
    mask.SetProjection(template.GetProjection())
    mask.GetRasterBand(1).SetNoDataValue(255)
    mask.GetRasterBand(1).WriteArray(classes)
    mask = template = None
    return estimate, reference, folder / "mask.tif"


def compare_params(dems, folder, workers):
    estimate, reference, mask = dems
    return {"DEM": str(estimate), "DEM_VERTICAL_DATUM": ELLIPSOID, "REFERENCE": str(reference),
            "REFERENCE_VERTICAL_DATUM": EGM96, "MASK": str(mask), "BLOCK_ROWS": 24,
            "WORKERS": workers, "OUTPUT_ERROR": str(folder / "error.tif"),
            "OUTPUT_REPORT": str(folder / "report.html")}


def run_in(processing, algorithm, parameters, folder):
    """processing.run into a new ``folder``; return (result, the log's lines)."""
    folder.mkdir()
    feedback = collecting_feedback()
    return processing.run(algorithm, parameters, feedback=feedback), feedback.lines


def assert_same_rasters(one, two, keys):
    for key in keys:
        a, b = gdal.Open(one[key]).ReadAsArray(), gdal.Open(two[key]).ReadAsArray()
        np.testing.assert_array_equal(a, b, err_msg=key)  # NaN == NaN here
        assert filecmp.cmp(one[key], two[key], shallow=False), key


def numbers(result):
    return {key: value for key, value in result.items() if not isinstance(value, str)}


def assert_workers_logged(lines, workers):
    assert f"Blocks computed by {workers} parallel worker thread(s)." in lines, lines


def estimated_memory_mb(lines):
    """The MB of the log's 'Estimated peak memory 123 MB; ...' line (GB lines converted)."""
    line = next(line for line in lines if line.startswith("Estimated peak memory"))
    value, unit = line.split()[3:5]
    return float(value) * (1024 if unit.startswith("GB") else 1)


def test_compare_dem_two_workers_write_the_same_bytes(qgis_processing, dems, tmp_path):
    one, log_one = run_in(qgis_processing, COMPARE, compare_params(dems, tmp_path / "w1", 1),
                          tmp_path / "w1")
    two, log_two = run_in(qgis_processing, COMPARE, compare_params(dems, tmp_path / "w2", 2),
                          tmp_path / "w2")
    assert_workers_logged(log_one, 1)
    assert_workers_logged(log_two, 2)
    assert_same_rasters(one, two, ["OUTPUT_ERROR"])
    assert numbers(one) == numbers(two)  # bit-equal floats, not approximately
    # the classes' table and the histogram too; only the output folder differs
    report_one = Path(one["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    report_two = Path(two["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    assert report_one.replace(str(tmp_path / "w1"), "OUT") == \
        report_two.replace(str(tmp_path / "w2"), "OUT")
    # a real comparison: most cells compared, the warped mask's classes in the report
    assert one["COVERAGE"] > 80.0 and 0.0 < one["RMSE"] < 20.0, one
    assert report_one.count(">layover<") == 1 and report_one.count(">shadow<") == 1


def cancelling_feedback(percent):
    """A feedback that cancels once the progress passed ``percent`` (a cancel mid-run).

    ``seen`` holds every progress it was given.
    """
    from qgis.core import QgsProcessingFeedback

    class Cancelling(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.seen = []

        def setProgress(self, progress):  # noqa: N802 (QGIS API)
            self.seen.append(progress)
            if progress > percent:
                self.cancel()
            super().setProgress(progress)

    return Cancelling()


def test_compare_dem_cancel_with_two_workers_leaves_no_output(qgis_processing, dems, tmp_path):
    feedback = cancelling_feedback(20.0)
    tmp_path.joinpath("out").mkdir()
    result = qgis_processing.run(COMPARE, compare_params(dems, tmp_path / "out", 2),
                                 feedback=feedback)
    assert "BIAS" not in result
    assert list((tmp_path / "out").iterdir()) == []
    # cancelled at a strip in the middle: progress moved, but not to the end
    assert 20.0 < max(feedback.seen) < 95.0, feedback.seen


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory):
    from sar_height.core.stereo.pair_files import write_pair_files
    from sar_height.core.stereo.pairs import PairSpec, simulate_pair

    pair = simulate_pair(SAN_GABRIEL, PairSpec(scene_size_m=600.0, seed=3), coarse_factor=45)
    try:
        return write_pair_files(pair, tmp_path_factory.mktemp("stereo_pair"))
    finally:
        pair.release()


def stereo_params(files, folder, workers, matcher=POC, patch_size=96):
    values = {
        "REFERENCE": str(files["reference"]), "REFERENCE_GEOMETRY": str(files["reference_json"]),
        "SECONDARY": str(files["secondary"]), "SECONDARY_GEOMETRY": str(files["secondary_json"]),
        "INPUT_UNITS": 0, "DEM": str(files["coarse_dem"]), "DEM_VERTICAL_DATUM": ELLIPSOID,
        "MATCHER": matcher, "PATCH_SIZE": patch_size, "OUTPUT_PIXEL_SIZE": 20.0,
        "WORKERS": workers}
    values.update({key: str(folder / f"{key.lower()}.tif") for key in STEREO_OUTPUTS})
    return values


def _stereo_twice(processing, files, tmp_path, **extra):
    one, log_one = run_in(processing, STEREO, stereo_params(files, tmp_path / "w1", 1, **extra),
                          tmp_path / "w1")
    two, log_two = run_in(processing, STEREO, stereo_params(files, tmp_path / "w2", 2, **extra),
                          tmp_path / "w2")
    assert_workers_logged(log_one, 1)
    assert_workers_logged(log_two, 2)
    assert_same_rasters(one, two, STEREO_OUTPUTS)
    assert numbers(one) == numbers(two)
    # the second worker matches one more patch: the estimate counts it
    assert estimated_memory_mb(log_two) >= estimated_memory_mb(log_one) + 96
    return one


def test_stereo_poc_two_workers_write_the_same_bytes(qgis_processing, pair_files, tmp_path):
    result = _stereo_twice(qgis_processing, pair_files, tmp_path)
    assert result["POINTS"] > 500 and result["COVERAGE"] > 30.0, result


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None,
                    reason="the deep matcher needs onnxruntime")
def test_stereo_deep_two_workers_write_the_same_bytes(qgis_processing, pair_files, tmp_path):
    """The bundled matcher: both workers run the one onnxruntime session at once."""
    from sar_height.processing_provider.stereo_radargrammetry import DEFAULT_MODEL

    if not Path(DEFAULT_MODEL).is_file():
        pytest.skip("no bundled deep matcher")
    result = _stereo_twice(qgis_processing, pair_files, tmp_path, matcher=DEEP, patch_size=0)
    assert result["POINTS"] > 10_000, result


def test_stereo_cancel_with_two_workers_leaves_no_output(qgis_processing, pair_files,
                                                         tmp_path):
    feedback = cancelling_feedback(20.0)
    tmp_path.joinpath("out").mkdir()
    result = qgis_processing.run(STEREO, stereo_params(pair_files, tmp_path / "out", 2),
                                 feedback=feedback)
    assert "POINTS" not in result
    assert list((tmp_path / "out").iterdir()) == []
    assert 20.0 < max(feedback.seen) < 90.0, feedback.seen


@pytest.mark.parametrize("algorithm", [COMPARE, STEREO])
def test_workers_parameter_is_advanced_with_its_range(qgis_processing, algorithm):
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    from sar_height.core.blocks import default_workers

    definition = QgsApplication.processingRegistry().algorithmById(
        algorithm).parameterDefinition("WORKERS")
    assert definition.flags() & QgsProcessingParameterDefinition.FlagAdvanced
    assert (definition.minimum(), definition.maximum()) == (1, 64)
    assert definition.defaultValue() == default_workers(2) <= 2
    assert not definition.checkValueIsAcceptable(0)
