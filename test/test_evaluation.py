"""core.evaluation: statistics against numpy, datums, resampling across CRSs, masks, failures."""
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from sar_height.core.evaluation import (
    HISTOGRAM_STEP,
    LABELS,
    NO_CLASS,
    STAT_KEYS,
    ErrorStatistics,
    EvaluationCancelled,
    EvaluationError,
    class_names,
    compare_dems,
    histogram_svg,
    report_html,
    write_html_report,
)

ROOT = Path(__file__).resolve().parents[1]

DATA = ROOT / "test" / "data"
LA_GEOID = DATA / "los_angeles_glo30_geoid.tif"
LA_ELLIPSOID = DATA / "los_angeles_glo30_ellipsoid.tif"
GEO_ORIGIN = (-118.05, 34.05)  # Los Angeles, UTM zone 11
GEO_STEP = 0.0003  # degrees (~28 x 33 m)


def write_raster(path, array, geotransform, epsg, nodata=math.nan, data_type=gdal.GDT_Float32):
    rows, cols = array.shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, data_type)
    dataset.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    dataset = None
    return path


def plane_reference(tmp_path, rows=90, cols=110):
    """A tilted plane (a few metres per cell) in geographic coordinates, ellipsoidal heights."""
    lon0, lat0 = GEO_ORIGIN
    lon = lon0 + (np.arange(cols) + 0.5) * GEO_STEP
    lat = lat0 - (np.arange(rows)[:, None] + 0.5) * GEO_STEP
    heights = 300.0 + 9000.0 * (lon - lon0) + 6000.0 * (lat0 - lat)
    gt = (lon0, GEO_STEP, 0.0, lat0, 0.0, -GEO_STEP)
    return write_raster(tmp_path / "reference.tif", heights.astype(np.float32), gt, 4326)


def warp_to_utm(source, target, resolution=20.0):
    gdal.Warp(str(target), str(source), dstSRS="EPSG:32611", xRes=resolution, yRes=resolution,
              resampleAlg="bilinear", errorThreshold=0.0, dstNodata=math.nan)
    return target


def leftovers(folder, keep):
    return sorted(p.name for p in Path(folder).iterdir() if p.name not in keep)


# -- statistics --------------------------------------------------------------------------------
def numpy_stats(errors):
    valid = errors[np.isfinite(errors)]
    median = np.median(valid)
    out = {"count_reference": errors.size, "count": valid.size,
           "coverage": 100.0 * valid.size / errors.size, "bias": valid.mean(),
           "std": valid.std(), "rmse": np.sqrt(np.mean(valid ** 2)),
           "mae": np.mean(np.abs(valid)), "median": median,
           "nmad": 1.4826 * np.median(np.abs(valid - median)), "min": valid.min(),
           "max": valid.max(), "out_of_range": 0}
    for t in (1, 2, 5, 10, 20):
        out[f"within_{t}m"] = 100.0 * np.count_nonzero(np.abs(valid) <= t) / valid.size
    return out


def assert_stats_close(got, expected):
    for key in STAT_KEYS:
        tolerance = {"median": 0.005, "nmad": 0.015}.get(key, 1e-9)
        assert got[key] == pytest.approx(expected[key], abs=tolerance, rel=1e-9), key


def test_statistics_match_numpy_overall_and_per_class():
    rng = np.random.default_rng(42)
    errors = np.concatenate([rng.normal(1.3, 4.0, 60000), rng.standard_t(2, 20000) * 3.0])
    errors[rng.random(errors.size) < 0.07] = np.nan  # no estimate there
    classes = rng.integers(0, 4, errors.size)
    classes[rng.random(errors.size) < 0.05] = NO_CLASS
    statistics = ErrorStatistics()
    for start in range(0, errors.size, 7777):  # strips of uneven size
        statistics.add(errors[start:start + 7777], classes[start:start + 7777])
    result = statistics.result()
    assert_stats_close(result["all"], numpy_stats(errors))
    assert sorted(k for k in result if k != "all") == [0, 1, 2, 3]
    for value in range(4):
        assert_stats_close(result[value], numpy_stats(errors[classes == value]))
    assert result["all"]["coverage"] == pytest.approx(93.0, abs=0.5)


def test_statistics_exact_cases_and_out_of_range():
    statistics = ErrorStatistics()
    statistics.add(np.array([0.0, 0.0, 1e-9, -1e-9, np.nan]))
    result = statistics.result()["all"]
    assert result["median"] == 0.0 and result["nmad"] == 0.0  # zero bin centred on zero
    assert result["coverage"] == pytest.approx(80.0)
    far = ErrorStatistics()
    far.add(np.array([1.0, 2.0, 3.0, 5000.0, -2500.0]))
    result = far.result()["all"]
    assert result["out_of_range"] == 2
    assert result["bias"] == pytest.approx(501.2)
    assert result["median"] == pytest.approx(2.0, abs=HISTOGRAM_STEP / 2)
    assert result["max"] == 5000.0 and result["within_20m"] == pytest.approx(60.0)
    empty = ErrorStatistics()
    empty.add(np.full(3, np.nan))
    result = empty.result()["all"]
    assert result["count"] == 0 and result["coverage"] == 0.0 and math.isnan(result["bias"])


def test_statistics_merge_and_class_limit():
    rng = np.random.default_rng(3)
    errors = rng.normal(0, 2, 5000)
    one, two, whole = ErrorStatistics(), ErrorStatistics(), ErrorStatistics()
    one.add(errors[:2000])
    two.add(errors[2000:])
    one.merge(two)
    whole.add(errors)
    merged, direct = one.result()["all"], whole.result()["all"]
    for key in STAT_KEYS:
        assert merged[key] == pytest.approx(direct[key], rel=1e-12, abs=1e-12), key
    with pytest.raises(ValueError, match="more than 3 classes"):
        ErrorStatistics(max_classes=3).add(errors[:10], np.arange(10))


def test_class_names():
    assert class_names([0, 1, 2, 3]) == {0: "clear", 1: "layover", 2: "shadow",
                                         3: "layover+shadow"}
    assert class_names([1, 7]) == {1: "class 1", 7: "class 7"}


# -- datums ------------------------------------------------------------------------------------
def test_geoid_reference_vs_ellipsoid_estimate_of_the_same_surface():
    """EGM2008 heights declared EGM96 (an approximation): the bias must vanish to ~1 m."""
    result = compare_dems(LA_ELLIPSOID, LA_GEOID, estimate_datum="ellipsoid",
                          reference_datum="egm96", block_rows=97)
    assert abs(result.overall["bias"]) < 2.0
    assert result.overall["coverage"] == pytest.approx(100.0)
    assert "EGM96" in result.reference_datum_note
    unconverted = compare_dems(LA_ELLIPSOID, LA_GEOID, estimate_datum="ellipsoid",
                               reference_datum="ellipsoid")
    assert abs(unconverted.overall["bias"]) > 30.0  # the geoid (~ -35 m) was really applied


def test_same_geoid_on_both_sides_cancels():
    result = compare_dems(LA_GEOID, LA_GEOID, estimate_datum="egm96", reference_datum="egm96")
    assert result.overall["rmse"] < 1e-3
    assert result.overall["nmad"] == 0.0 and result.overall["within_1m"] == 100.0


def test_compound_crs_estimate_is_shifted_once(tmp_path):
    """Rome DEM (EGM96 compound CRS) against its own ellipsoidal-height copy in UTM.

    gdal.Warp applies the geoid itself when the source CRS is compound (that is how the
    reference is made here); compare_dems must warp horizontally only and add the geoid once.
    """
    rome = DATA / "rome_30m_egm96.tif"
    reference = tmp_path / "rome_utm_ellipsoid.tif"
    gdal.Warp(str(reference), str(rome), dstSRS="EPSG:32633", xRes=20, yRes=20,
              resampleAlg="bilinear", dstNodata=math.nan)
    result = compare_dems(rome, reference, reference_datum="ellipsoid")
    assert "EGM96" in result.estimate_datum_note
    assert abs(result.overall["bias"]) < 0.5  # 48 m off if the geoid were applied twice


# -- resampling --------------------------------------------------------------------------------
def test_estimate_in_utm_reference_geographic(tmp_path):
    reference = plane_reference(tmp_path)
    estimate = warp_to_utm(reference, tmp_path / "estimate_utm.tif")
    error_path = tmp_path / "error.tif"
    result = compare_dems(estimate, reference, error_path=error_path, block_rows=16,
                          estimate_datum="ellipsoid", reference_datum="ellipsoid")
    assert result.overall["coverage"] > 95.0
    errors = gdal.Open(str(error_path)).ReadAsArray()
    assert errors.shape == (90, 110)
    interior = errors[3:-3, 3:-3]
    assert np.isfinite(interior).all()
    assert np.abs(interior).max() < 0.05  # a half-cell shift would give ~0.5 m
    assert abs(result.overall["median"]) < 0.01
    dataset = gdal.Open(str(error_path))
    assert dataset.GetRasterBand(1).DataType == gdal.GDT_Float32
    assert math.isnan(dataset.GetRasterBand(1).GetNoDataValue())
    assert dataset.GetGeoTransform() == gdal.Open(str(reference)).GetGeoTransform()
    assert leftovers(tmp_path, {"reference.tif", "estimate_utm.tif", "error.tif",
                                "error.tif.aux.xml"}) == []


def test_real_dem_across_crs_has_small_bias(tmp_path):
    estimate = warp_to_utm(LA_ELLIPSOID, tmp_path / "la_utm.tif", resolution=30.0)
    result = compare_dems(estimate, LA_ELLIPSOID, estimate_datum="ellipsoid",
                          reference_datum="ellipsoid")
    assert abs(result.overall["bias"]) < 0.1  # double bilinear smoothing in steep hills only
    assert result.overall["nmad"] < 1.5 and result.overall["within_5m"] > 95.0


# -- masks -------------------------------------------------------------------------------------
def test_mask_on_estimate_grid_is_warped_to_reference(tmp_path):
    reference = plane_reference(tmp_path)
    warped = warp_to_utm(reference, tmp_path / "warped.tif")
    dataset = gdal.Open(str(warped))
    heights = dataset.ReadAsArray()
    rows, cols = heights.shape
    classes = np.zeros((rows, cols), np.uint8)
    classes[:, cols // 2:] = 1  # east half "layover", shifted up by 5 m
    classes[: rows // 5] = 255  # northern band: no class
    estimate = write_raster(tmp_path / "estimate.tif", heights + 5.0 * (classes == 1),
                            dataset.GetGeoTransform(), 32611)
    mask = write_raster(tmp_path / "mask.tif", classes, dataset.GetGeoTransform(), 32611,
                        nodata=255, data_type=gdal.GDT_Byte)
    result = compare_dems(estimate, reference, mask, "ellipsoid", "ellipsoid")
    assert list(result.classes) == ["clear", "layover"]
    assert result.class_values == {"clear": 0, "layover": 1}
    assert result.classes["clear"]["median"] == pytest.approx(0.0, abs=0.02)
    assert result.classes["layover"]["median"] == pytest.approx(5.0, abs=0.02)
    in_classes = sum(s["count_reference"] for s in result.classes.values())
    assert 0.6 * result.overall["count_reference"] < in_classes \
        < 0.9 * result.overall["count_reference"]  # nodata band counts in "all" only
    assert "estimate's grid" in result.mask_note


def test_mask_on_reference_grid(tmp_path):
    reference = plane_reference(tmp_path)
    dataset = gdal.Open(str(reference))
    heights = dataset.ReadAsArray().astype(np.float64)
    classes = np.zeros(heights.shape, np.uint8)
    classes[40:, :] = 2
    classes[:10, :10] = 3
    offsets = {0: 0.5, 2: -3.0, 3: 12.0}
    shifted = heights + np.vectorize(offsets.get)(classes)
    estimate = write_raster(tmp_path / "estimate.tif", shifted.astype(np.float32),
                            dataset.GetGeoTransform(), 4326)
    mask = write_raster(tmp_path / "mask.tif", classes, dataset.GetGeoTransform(), 4326,
                        nodata=255, data_type=gdal.GDT_Byte)
    result = compare_dems(estimate, reference, mask, "ellipsoid", "ellipsoid", block_rows=7)
    assert list(result.classes) == ["clear", "shadow", "layover+shadow"]
    for name, value in (("clear", 0.5), ("shadow", -3.0), ("layover+shadow", 12.0)):
        assert result.classes[name]["bias"] == pytest.approx(value, abs=1e-3)
        assert result.classes[name]["nmad"] == pytest.approx(0.0, abs=0.015)
    assert result.classes["layover+shadow"]["count"] == 100
    assert "reference grid" in result.mask_note


def test_mask_on_another_grid_is_refused(tmp_path):
    reference = plane_reference(tmp_path)
    estimate = warp_to_utm(reference, tmp_path / "estimate.tif")
    mask = write_raster(tmp_path / "mask.tif", np.zeros((20, 30), np.uint8),
                        (GEO_ORIGIN[0], GEO_STEP, 0, GEO_ORIGIN[1], 0, -GEO_STEP), 4326,
                        nodata=255, data_type=gdal.GDT_Byte)
    with pytest.raises(EvaluationError, match=r"mask's grid \(30×20, EPSG:4326\) matches "
                                              r"neither the reference nor the estimate: .* "
                                              r"simulate_sar's OUTPUT_MASK"):
        compare_dems(estimate, reference, mask, "ellipsoid", "ellipsoid",
                     error_path=tmp_path / "error.tif")
    assert not (tmp_path / "error.tif").exists()


# -- failures leave nothing behind ---------------------------------------------------------------
def test_all_nodata_estimate_is_refused_without_output(tmp_path):
    reference = plane_reference(tmp_path)
    dataset = gdal.Open(str(reference))
    estimate = write_raster(tmp_path / "empty.tif", np.full((90, 110), np.nan, np.float32),
                            dataset.GetGeoTransform(), 4326)
    with pytest.raises(EvaluationError, match="no valid height"):
        compare_dems(estimate, reference, None, "ellipsoid", "ellipsoid",
                     error_path=tmp_path / "error.tif", block_rows=8)
    assert leftovers(tmp_path, {"reference.tif", "empty.tif"}) == []


def test_estimate_outside_reference_and_empty_reference(tmp_path):
    reference = plane_reference(tmp_path)
    far = write_raster(tmp_path / "far.tif", np.ones((10, 10), np.float32),
                       (10.0, 0.001, 0, 47.0, 0, -0.001), 4326)
    with pytest.raises(EvaluationError, match="does not overlap"):
        compare_dems(far, reference, None, "ellipsoid", "ellipsoid",
                     error_path=tmp_path / "error.tif")
    empty = write_raster(tmp_path / "empty_ref.tif", np.full((5, 5), -9999, np.float32),
                         (GEO_ORIGIN[0], GEO_STEP, 0, GEO_ORIGIN[1], 0, -GEO_STEP), 4326,
                         nodata=-9999)
    with pytest.raises(EvaluationError, match="reference DEM .* no valid height"):
        compare_dems(reference, empty, None, "ellipsoid", "ellipsoid",
                     error_path=tmp_path / "error.tif")
    assert leftovers(tmp_path, {"reference.tif", "far.tif", "empty_ref.tif"}) == []


def test_cancel_leaves_no_output(tmp_path):
    reference = plane_reference(tmp_path)
    calls = []

    def progress(fraction):
        calls.append(fraction)
        return fraction < 0.3

    with pytest.raises(EvaluationCancelled):
        compare_dems(reference, reference, None, "ellipsoid", "ellipsoid",
                     error_path=tmp_path / "error.tif", progress=progress, block_rows=10)
    assert 1 < len(calls) < 9
    assert leftovers(tmp_path, {"reference.tif"}) == []


# -- report ------------------------------------------------------------------------------------
def test_html_report_is_self_contained(tmp_path):
    reference = plane_reference(tmp_path)
    dataset = gdal.Open(str(reference))
    classes = np.zeros((90, 110), np.uint8)
    classes[:, 60:] = 1
    mask = write_raster(tmp_path / "mask.tif", classes, dataset.GetGeoTransform(), 4326,
                        nodata=255, data_type=gdal.GDT_Byte)
    noise = np.random.default_rng(0).normal(0.0, 2.0, (90, 110))
    estimate = write_raster(tmp_path / "estimate.tif",
                            (dataset.ReadAsArray() + noise).astype(np.float32),
                            dataset.GetGeoTransform(), 4326)
    result = compare_dems(estimate, reference, mask, "ellipsoid", "ellipsoid")
    path = write_html_report(result, tmp_path / "report.html")
    text = Path(path).read_text(encoding="utf-8")
    assert 'id="classes"' in text and ">layover<" in text and ">clear<" in text
    assert "NMAD" in text and "RMSE" in text
    start = text.index("<svg ")
    svg = ET.fromstring(text[start:text.index("</svg>", start) + len("</svg>")])  # well formed
    assert len(svg.findall("{http://www.w3.org/2000/svg}rect")) > 10  # the bars
    assert leftovers(tmp_path, {"reference.tif", "mask.tif", "estimate.tif",
                                "report.html"}) == []
    assert report_html(result).count("<tr>") >= 3 + 15


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("peak", [1000, 123_456_789])
def test_histogram_svg_keeps_every_label_inside(peak):
    """Bars, axes and labels; the widest count label and the axis titles are not clipped.

    A label's extent is estimated at 0.6 em per character (sans-serif digits are about 0.55).
    """
    edges = np.linspace(-5, 5, 41)
    counts = (np.exp(-0.5 * ((edges[:-1] + 0.125) / 1.5) ** 2) * peak).astype(np.int64)
    svg = ET.fromstring(histogram_svg(edges, counts, median=0.2, half_width=5,
                                      labels={"axis_error": "Fehler (m)"}, title="t"))
    width, height = float(svg.get("width")), float(svg.get("height"))
    assert len(svg.findall(SVG + "rect")) == np.count_nonzero(counts)
    size = float(svg.get("font-size"))
    texts = svg.findall(SVG + "text")
    assert "Fehler (m)" in [t.text for t in texts] and LABELS["axis_cells"] in [
        t.text for t in texts]
    for text in texts:
        if text.get("transform"):  # the rotated y title: its length runs along the height
            assert len(text.text) * 0.6 * size < height
            continue
        x, y, extent = float(text.get("x")), float(text.get("y")), len(text.text) * 0.6 * size
        left = {"end": x - extent, "middle": x - extent / 2}.get(text.get("text-anchor"), x)
        assert 0 <= left and left + extent <= width, (text.text, left, extent)
        assert size <= y <= height, text.text


def test_report_texts_come_from_the_labels(tmp_path):
    """Every text of the report can be replaced: with all labels marked, no English is left."""
    reference = plane_reference(tmp_path)
    dataset = gdal.Open(str(reference))
    classes = np.zeros((90, 110), np.uint8)
    classes[:, 60:] = 1
    mask = write_raster(tmp_path / "mask.tif", classes, dataset.GetGeoTransform(), 4326,
                        nodata=255, data_type=gdal.GDT_Byte)
    result = compare_dems(reference, reference, mask, "ellipsoid", "ellipsoid")
    result.notes, result.mask_note = [], ""
    result.reference_datum_note = result.estimate_datum_note = ""
    marked = {key: "§" + text for key, text in LABELS.items()}
    text = report_html(result, marked)
    assert '<html lang="§en">' in text
    body = text[text.index("</style>"):]
    chunks = [chunk.strip() for chunk in re.findall(r">([^<]+)<", body) if chunk.strip()]
    english = [chunk for chunk in chunks if not chunk.startswith(("§", str(tmp_path)))
               and not re.fullmatch(r"[−+\-\d.%–\u202f]+|m", chunk)]  # numbers, units
    assert english == []
    assert ">§layover<" in text and ">§all<" in text
    assert "§|e| ≤ 5 m %" in text and "§Within ±20 m" in text


