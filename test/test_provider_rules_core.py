"""The rules the Processing algorithms relay, tested in core without QGIS (issue 12 §2).

estimate_height's input checks (core.inference.checks), the swath choice of simulate_sar,
reconstruct_layover and stereo_radargrammetry (core.products.selection), stereo's matcher
defaults (core.stereo.matcher_settings), point-target helpers, and the one home of the
constants both layers use (core.constants, importable without numpy at plugin load).
"""
import ast
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core import constants
from sar_height.core.inference import MAX_PRIOR_DENSITY, InferenceError, PriorPoints
from sar_height.core.inference.checks import (
    LEVEL_TOLERANCE_STD,
    backscatter_level,
    combine_priors,
    prior_count_bound,
    prior_points_warning,
    resolve_look_direction,
    spacing_warning,
    thin_for_model,
)
from sar_height.core.inference.priors import screen_prior_heights
from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.selection import geometry_for_raster, swath_covering_dem

ROOT = Path(__file__).resolve().parents[1]
S1_DIR = ROOT / "test" / "data" / "s1"
SLC_2021 = S1_DIR / "S1B_IW_SLC__1SDV_20210401T052622_20210401T052650_026269_032297_EFA4.SAFE"
GRD_ROME = S1_DIR / "S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371.SAFE"
MATCHER = ROOT / "resources" / "models" / "sar_matcher.onnx"
# the metadata keys the checks read, as a height model declares them
MODEL = {"sar_db_mean": -15.0, "sar_db_std": 4.0, "pixel_spacing_range_m": [10.0, 30.0],
         "pixel_spacing_m": 17.32, "look_direction": "east"}


# -- one home for the shared constants ------------------------------------------------------------
def test_constants_import_nothing_heavy():
    """The algorithms import core.constants when QGIS loads the plugin: no numpy there."""
    code = ("import sys, json, sar_height.core.constants; "
            "print(json.dumps([m for m in ('numpy', 'scipy', 'osgeo', 'onnxruntime', 'qgis') "
            "if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert json.loads(result.stdout) == []


def test_providers_import_only_constants_of_core_at_module_level():
    for path in sorted((ROOT / "processing_provider").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
                assert node.module == "core.constants", (path.name, node.module)
        assert "# = core" not in path.read_text(encoding="utf-8"), path.name


def test_core_uses_the_shared_constants():
    from sar_height.core import dem, reconstruction
    from sar_height.core.inference import STRIDE
    from sar_height.core.simulation.laws import BACKSCATTER_LAWS
    from sar_height.core.stereo.deep import DEFAULT_MIN_CERTAINTY
    from sar_height.core.stereo.pipeline import DEFAULT_PATCH_SIZE
    from sar_height.core.stereo.poc import PocOptions

    assert reconstruction.INPUT_UNITS is constants.INPUT_UNITS
    assert reconstruction.OUTPUT_UNITS is constants.OUTPUT_UNITS
    assert dem.VERTICAL_DATUMS is constants.VERTICAL_DATUMS
    assert tuple(BACKSCATTER_LAWS) == constants.BACKSCATTER_LAW_NAMES
    assert STRIDE == constants.MODEL_STRIDE
    assert (PocOptions().step_px, PocOptions().min_confidence) == (
        constants.POC_STEP_PX, constants.POC_MIN_CONFIDENCE)
    assert DEFAULT_MIN_CERTAINTY == constants.DEEP_MIN_CERTAINTY
    assert DEFAULT_PATCH_SIZE == constants.STEREO_PATCH_SIZE


# -- estimate_height: look direction --------------------------------------------------------------
def _raster(path, metadata):
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 4, 4, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((500000.0, 20.0, 0.0, 5200000.0, 0.0, -20.0))
    dataset.GetRasterBand(1).Fill(0.1)
    for key, value in metadata.items():
        dataset.SetMetadataItem(key, value)
    dataset = None
    return str(path)


def test_look_direction_as_chosen_or_not_needed(tmp_path):
    missing = str(tmp_path / "not_read.tif")  # neither case reads the raster
    chosen = resolve_look_direction("west", MODEL, missing)
    assert (chosen.direction, chosen.note, chosen.warning) == (
        "west", "Look direction: west (as chosen).", "")
    either = resolve_look_direction(None, dict(MODEL, look_direction=None), missing)
    assert either.direction is None and "either look direction" in either.note


def test_look_direction_from_the_raster_metadata(tmp_path):
    # 260 deg: |sin| = 0.98, within 45 deg of west; 200 deg: |sin| = 0.34, far from both
    west = _raster(tmp_path / "w.tif", {"SAR_LOOK_DIRECTION": "West",
                                        "SAR_LOOK_AZIMUTH_DEG": "260.0"})
    decision = resolve_look_direction(None, MODEL, west)
    assert decision.direction == "west" and decision.warning == ""
    assert decision.note.startswith("Look direction: west (from the image metadata")
    assert "azimuth 260.0°" in decision.note
    skewed = _raster(tmp_path / "s.tif", {"SAR_LOOK_DIRECTION": "west",
                                          "SAR_LOOK_AZIMUTH_DEG": "200"})
    warning = resolve_look_direction(None, MODEL, skewed).warning
    assert "azimuth 200°, far from east or west" in warning
    no_azimuth = _raster(tmp_path / "n.tif", {"SAR_LOOK_DIRECTION": "east"})
    decision = resolve_look_direction(None, MODEL, no_azimuth)
    assert decision.direction == "east" and "azimuth ?°" in decision.note
    with pytest.raises(InferenceError, match="Choose East or West in LOOK_DIRECTION"):
        resolve_look_direction(None, MODEL, _raster(tmp_path / "x.tif", {}))


# -- estimate_height: level and spacing -----------------------------------------------------------
def test_backscatter_level():
    limit = MODEL["sar_db_mean"] + LEVEL_TOLERANCE_STD * MODEL["sar_db_std"]  # -5 dB
    note, warning = backscatter_level(-14.0, MODEL)
    assert note == "SAR median -14.0 dB (the model was trained on -15.0 ± 4.0 dB)."
    assert warning == ""
    assert backscatter_level(limit, MODEL)[1] == ""  # the limit itself is accepted
    warning = backscatter_level(limit + 0.5, MODEL)[1]
    assert warning.startswith("the SAR image's median is -4.5 dB")
    assert "ground area of one radar pixel" in warning
    assert backscatter_level(MODEL["sar_db_mean"] - 11.0, MODEL)[1]  # too dark as well


def test_spacing_warning():
    assert spacing_warning((10.0, 30.0), MODEL) == ""
    warning = spacing_warning((5.0, 20.0), MODEL)
    assert warning.startswith("the SAR pixel spacing (5.0 x 20.0 m) lies outside the range "
                              "the model was trained for (10 to 30 m, trained at 17.32 m)")


# -- estimate_height: priors ----------------------------------------------------------------------
def test_prior_points_warning():
    _, fine = screen_prior_heights([100.0, 200.0])
    assert prior_points_warning(fine, "h") == ""
    _, some = screen_prior_heights([100.0, None, "x", 1e12])
    warning = prior_points_warning(some, "h")
    assert warning.startswith("3 of 4 prior points have no usable height in their field 'h': "
                              "1 null or missing, 1 not a number, 1 impossible")
    assert "e.g. 1000000000000" in warning and warning.endswith("Correct or remove them.")
    _, no_z = screen_prior_heights([math.nan, math.nan])
    with pytest.raises(InferenceError, match="no Z values"):
        prior_points_warning(no_z, "")
    with pytest.raises(InferenceError, match="Give heights in metres in PRIOR_FIELD"):
        prior_points_warning(no_z, "h")  # a field of nulls: refused, not the Z message


def _priors(cells, shape=(10, 10), height=1.0):
    """PriorPoints at the (row, col) ``cells``, all of ``height`` m."""
    cells = np.array(cells, dtype=np.int64).reshape(-1, 2)
    return PriorPoints(cells[:, 0], cells[:, 1], np.full(len(cells), height), shape)


def test_combine_priors_points_win():
    points, dem = _priors([(1, 1)], height=5.0), _priors([(1, 1), (2, 3)], height=9.0)
    merged = combine_priors(points, dem)
    assert sorted(zip(merged.rows.tolist(), merged.cols.tolist(), merged.heights.tolist())) \
        == [(1, 1, 5.0), (2, 3, 9.0)]
    assert combine_priors(None, dem) is dem and combine_priors(points, None) is points
    with pytest.raises(InferenceError, match="No prior heights given"):
        combine_priors(None, None)
    with pytest.raises(InferenceError, match="No prior height lies inside the SAR image"):
        combine_priors(_priors([]), None)


def test_thin_for_model():
    sparse = _priors([(0, 0)], shape=(100, 100))
    assert thin_for_model(sparse) == (sparse, "")
    every = [(r, c) for r in range(64) for c in range(64)]
    block = math.ceil(1.0 / math.sqrt(MAX_PRIOR_DENSITY))
    thinned, warning = thin_for_model(_priors(every, shape=(64, 64)))
    assert len(thinned) == (64 // block) ** 2
    assert f"every {block} x {block} pixel square: {len(thinned)} of 4096 priors" in warning
    assert "cover 100.00 % of the pixels" in warning and "Increase PRIOR_SPACING" in warning


def test_prior_count_bound():
    from sar_height.core.inference.priors import prior_lattice

    assert prior_count_bound(7, (100, 100), (20.0, 20.0)) == 7  # no prior DEM
    rows, cols = prior_lattice((100, 100), (20.0, 20.0), 1000.0)  # 2 km every 1 km
    assert len(rows) >= 2 and len(cols) >= 2
    assert prior_count_bound(7, (100, 100), (20.0, 20.0), 1000.0) == 7 + len(rows) * len(cols)
    assert prior_count_bound(-1, (100, 100), (20.0, 20.0), 0.0) == 0  # unknown count, no DEM


# -- swath selection ------------------------------------------------------------------------------
class _Dem:
    """What swath_covering_dem asks of a DemRaster: the lon/lat of its outline."""

    def __init__(self, lon, lat):
        self.lon, self.lat = lon, lat

    def footprint_lonlat(self):
        return np.array([self.lon - 0.01, self.lon + 0.01]), np.array([self.lat, self.lat])


def test_swath_covering_dem():
    # IW2's footprint centre (descending pass: IW2 lies west of IW1)
    swath, note = swath_covering_dem(SLC_2021, _Dem(10.647, 47.112))
    assert (swath, note) == ("IW2", "Swath IW2 covers the DEM centre; using it.")
    assert swath_covering_dem(SLC_2021, _Dem(0.0, 0.0), swath="IW1") == ("IW1", "")
    assert swath_covering_dem(GRD_ROME, _Dem(0.0, 0.0)) == (None, "")  # one swath
    with pytest.raises(ProductError, match=r"None of the swaths IW1, IW2 covers the DEM "
                                           r"centre \(0.0000E, 0.0000N\)"):
        swath_covering_dem(SLC_2021, _Dem(0.0, 0.0))


def test_geometry_for_raster():
    geometry, note = geometry_for_raster(SLC_2021, (15130, 25508))
    assert geometry.swath == "IW2" and note == "swath IW2 has the raster's size; using it."
    assert geometry_for_raster(SLC_2021, (13509, 21632))[0].swath == "IW1"
    with pytest.raises(ProductError, match=r"the raster has 10 lines x 20 samples, but none "
                                           r"of the swaths of .* \(IW1 13509 x 21632, IW2"):
        geometry_for_raster(SLC_2021, (10, 20))
    geometry, note = geometry_for_raster(GRD_ROME, (10, 20))  # size checked later, with the pair
    assert note == "" and geometry.product_type == "GRD"


# -- stereo matcher defaults ----------------------------------------------------------------------
def test_poc_settings():
    from sar_height.core.stereo.matcher_settings import poc_settings

    auto = poc_settings()
    assert (auto.step_px, auto.patch_size, auto.name) == (
        constants.POC_STEP_PX, constants.STEREO_PATCH_SIZE, "phase-only correlation")
    assert auto.note == ("Matcher: phase-only correlation (32-pixel windows every 8 pixels, "
                         "left-right check, minimum confidence 0.40).")
    chosen = poc_settings(128, 0.55)
    assert chosen.patch_size == 128 and "minimum confidence 0.55" in chosen.note
    assert callable(chosen.matcher) and chosen.warning == ""


def test_deep_settings():
    pytest.importorskip("onnxruntime")
    from sar_height.core.stereo.matcher_settings import DEEP_STEP_PX, deep_settings

    auto = deep_settings(str(MATCHER))
    trained = auto.patch_size  # the bundled model's (128)
    assert auto.step_px == DEEP_STEP_PX and auto.name == "deep: sar_matcher.onnx"
    assert auto.note.endswith(f"minimum certainty {constants.DEEP_MIN_CERTAINTY:.2f}.")
    assert auto.warning == "" and deep_settings(str(MATCHER), trained).warning == ""
    other = deep_settings(str(MATCHER), trained + 64, 0.5)
    assert other.patch_size == trained + 64 and "minimum certainty 0.50" in other.note
    assert f"trained on patches of {trained} pixels" in other.warning


# -- point targets --------------------------------------------------------------------------------
def test_point_target_height_interval_and_table():
    from sar_height.core.point_target.accuracy import (
        TABLE_SCR_DB,
        TABLE_SUBBANDS,
        accuracy_table,
        height_std_m,
    )
    from sar_height.core.point_target.measure import (
        DEFAULT_HEIGHT_MAX_M,
        DEFAULT_HEIGHT_MIN_M,
        HeightOptions,
        height_interval,
    )

    assert height_interval(HeightOptions()) == (DEFAULT_HEIGHT_MIN_M, DEFAULT_HEIGHT_MAX_M)
    assert height_interval(HeightOptions(height_min_m=10, height_max_m=20)) == (10.0, 20.0)
    table = accuracy_table(47.3, 38300.0)
    assert [(n, scr) for n, scr, _ in table] == [
        (n, scr) for n in TABLE_SUBBANDS for scr in TABLE_SCR_DB]
    assert table[0][2] == height_std_m(47.3, 38300.0, TABLE_SUBBANDS[0], TABLE_SCR_DB[0])
