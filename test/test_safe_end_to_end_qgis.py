"""A Sentinel-1 SAFE and a DEM to heights with no other tool (issue 15), as a user runs it.

The SAFE is the real Rome GRD annotation set of test/data/s1 (its calibration and noise
annotation included; the Ötztal GRD of the sample data has no calibration annotation) with a
measurement TIFF written here at the product's real size (16705 x 26102, uint16, one-line
strips as ESA writes them; DEFLATE and sparse so that it stays small). Its digital numbers are
the project's own simulation of the Rome DEM in this very geometry (simulate_sar, speckled and
textured), DN = round(K sqrt(simulated intensity)) with K putting the median DN at 250 (GRD
land values), so the chain SAFE -> sigma0 -> reconstruction -> heights sees the terrain it is
run on; a few single pixels of known DN elsewhere span the whole swath for the calibration
check, which uses ESA's formula written independently in test_sentinel1_radiometry.
"""
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback
from reader_cases import GRD_SAFE, SLC_SAFE, zip_safe
from test_sentinel1_measurement import (
    GRD_SIZE,
    SEAM,
    SLC_SIZE,
    annotation_name,
    copy_safe,
    write_raster,
)
from test_sentinel1_radiometry import esa_azimuth_noise, esa_bilinear, esa_vectors

from sar_height.core.products.sentinel1_backscatter import calibrated_backscatter_blocks
from sar_height.core.products.sentinel1_radiometry import FLOOR_LINEAR

gdal.UseExceptions()

ROOT = Path(__file__).resolve().parents[1]
ROME = ROOT / "test" / "data" / "rome_30m_egm96.tif"
MEDIAN_DN = 250.0
MARGIN = 40  # pixels of the simulated window around the DEM's lookup
KNOWN = [(300, 500, 60), (2100, 9000, 150), (5400, 20500, 400), (9100, 25600, 1200),
         (12000, 14000, 3000), (15800, 3000, 90), (16600, 25000, 700), (40, 25500, 220)]
RECONSTRUCT_KEYS = ("OUTPUT", "OUTPUT_GEOCODED", "OUTPUT_MASK")


def read(path, window=None):
    dataset = gdal.Open(str(path))
    args = window or ()
    return dataset.GetRasterBand(1).ReadAsArray(*args).astype(np.float64)


def lookup_window(lookup_path, size):
    """(line0, lines, pixel0, pixels) of the product raster the DEM maps into, with a margin."""
    lookup = gdal.Open(str(lookup_path)).ReadAsArray()
    line, pixel = lookup[0][np.isfinite(lookup[0])], lookup[1][np.isfinite(lookup[1])]
    line0 = max(0, int(line.min()) - MARGIN)
    pixel0 = max(0, int(pixel.min()) - MARGIN)
    line1 = min(size[0], int(line.max()) + MARGIN)
    pixel1 = min(size[1], int(pixel.max()) + MARGIN)
    return line0, line1 - line0, pixel0, pixel1 - pixel0


@pytest.fixture(scope="module")
def products(qgis_processing, tmp_path_factory):
    """The Rome GRD SAFE with its full-size measurement: folder, zip and the DN window."""
    folder = tmp_path_factory.mktemp("safe")
    safe = copy_safe(GRD_SAFE, folder)
    simulated, lookup = folder / "simulated.tif", folder / "lookup.tif"
    qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(ROME), "GEOMETRY": str(safe), "SPECKLE_LOOKS": 4, "SEED": 5,
        "TEXTURE": 0.3, "OUTPUT_SIMULATED": str(simulated), "OUTPUT_LOOKUP": str(lookup)})
    window = lookup_window(lookup, GRD_SIZE)
    line0, lines, pixel0, pixels = window
    intensity = np.nan_to_num(read(simulated, (pixel0, line0, pixels, lines)), nan=0.0)
    scale = MEDIAN_DN / math.sqrt(np.median(intensity[intensity > 0]))
    dn = np.clip(np.round(scale * np.sqrt(intensity)), 0, 65535).astype(np.uint16)
    patches = [(line0, pixel0, dn)] + [(line, pixel, np.array([[value]], dtype=np.uint16))
                                       for line, pixel, value in KNOWN]
    name = annotation_name(safe, "s1b-iw-grd-vv-*.xml")
    write_raster(safe / "measurement" / f"{name}.tiff", GRD_SIZE, np.uint16, patches)
    archive = zip_safe(safe, folder / (safe.stem + ".zip"))
    return {"folder": safe, "zip": archive, "window": window, "dn": dn}


def esa_sigma0(line, pixel, dn):
    """ESA's sigma0 of one GRD pixel, from the annotation files themselves (linear)."""
    calibration = next((GRD_SAFE / "annotation" / "calibration").glob("calibration-*.xml"))
    noise = next((GRD_SAFE / "annotation" / "calibration").glob("noise-*.xml"))
    a = esa_bilinear(esa_vectors(calibration, "calibrationVector", "sigmaNought"), line, pixel)
    eta = esa_bilinear(esa_vectors(noise, "noiseRangeVector", "noiseRangeLut"), line, pixel)
    eta *= esa_azimuth_noise(noise, line, pixel)
    return (dn * dn - eta) / (a * a)


# -- sentinel1_backscatter -----------------------------------------------------------------------

@pytest.mark.slow
def test_backscatter_in_db_is_esa_sigma0_and_has_gcps(qgis_processing, products, tmp_path):
    out = tmp_path / "sigma0_db.tif"
    feedback = collecting_feedback()
    result = qgis_processing.run("sarheight:sentinel1_backscatter", {
        "PRODUCT": str(products["folder"]), "OUTPUT": str(out)}, feedback=feedback)
    assert result["OUTPUT"] == str(out)
    dataset = gdal.Open(str(out))
    assert (dataset.RasterYSize, dataset.RasterXSize) == GRD_SIZE
    band = dataset.GetRasterBand(1)
    assert band.DataType == gdal.GDT_Float32 and math.isnan(band.GetNoDataValue())
    assert dataset.GetMetadataItem("SAR_HEIGHT_UNITS") == "dB"
    assert dataset.GetGCPCount() == 210 and "4326" in dataset.GetGCPSpatialRef().ExportToWkt()
    line0, lines, pixel0, pixels = products["window"]
    rng = np.random.default_rng(3)
    inside = [(int(line0 + r), int(pixel0 + c)) for r, c in zip(
        rng.integers(0, lines, 12), rng.integers(0, pixels, 12))]
    measurement = next((products["folder"] / "measurement").glob("*.tiff"))
    checked = 0
    for line, pixel in [(row, col) for row, col, _ in KNOWN] + inside:
        dn = float(read(measurement, (pixel, line, 1, 1))[0, 0])
        got = float(band.ReadAsArray(pixel, line, 1, 1)[0, 0])
        if dn == 0:
            assert math.isnan(got)  # the fill value
            continue
        expected = esa_sigma0(line, pixel, dn)
        assert abs(got - 10 * math.log10(max(expected, FLOOR_LINEAR))) < 0.01, (line, pixel)
        checked += expected > 1e-3
    assert checked >= 12
    assert math.isnan(float(band.ReadAsArray(100, 100, 1, 1)[0, 0]))  # DN 0 outside
    log = "\n".join(feedback.lines)
    assert "16705 lines x 26102 samples, 1 x 1 looks" in log


# -- SAFE + DEM -> reconstruct_layover -> estimate_height ------------------------------------------

def chain(processing, product, folder, feedback=None):
    """reconstruct_layover with no SAR image, then estimate_height; return the output paths."""
    outs = {key: str(folder / f"{key.lower()}.tif") for key in RECONSTRUCT_KEYS}
    processing.run("sarheight:reconstruct_layover", {
        "GEOMETRY": str(product), "DEM": str(ROME), "DEM_VERTICAL_DATUM": 0, **outs},
        feedback=feedback)
    heights = folder / "heights.tif"
    processing.run("sarheight:estimate_height", {
        "SAR": outs["OUTPUT"], "INPUT_UNITS": 0, "PRIOR_DEM": str(ROME),
        "PRIOR_SPACING": 300.0, "PRIOR_DEM_VERTICAL_DATUM": 0, "OUTPUT": str(heights)})
    return {**outs, "HEIGHTS": str(heights)}


@pytest.fixture(scope="module")
def folder_chain(qgis_processing, products, tmp_path_factory):
    pytest.importorskip("onnxruntime")
    feedback = collecting_feedback()
    paths = chain(qgis_processing, products["folder"], tmp_path_factory.mktemp("folder"),
                  feedback)
    return paths, feedback


@pytest.mark.slow
def test_safe_folder_to_heights(folder_chain):
    paths, feedback = folder_chain
    mask = read(paths["OUTPUT_MASK"])
    reconstructed = read(paths["OUTPUT"])
    heights = read(paths["HEIGHTS"])
    assert reconstructed.shape == heights.shape == (360, 360)
    seen = mask != 255  # inside the image (and the DEM lies inside it entirely)
    assert seen.all()
    clear = mask == 0
    assert np.isfinite(reconstructed[clear]).mean() > 0.95
    assert np.nanmedian(reconstructed[clear]) > 0
    assert np.isfinite(heights).mean() > 0.95
    dem = read(ROME)
    assert abs(np.nanmedian(heights) - np.median(dem)) < 100.0  # metres: Rome, not nonsense
    log = "\n".join(feedback.lines)
    assert "the product's own measurement" in log and "calibrated to sigma0" in log
    assert "noise removed" in log and "no noise removed" not in log
    assert not temporary_images()  # the calibrated image is deleted after the run


def temporary_images():
    from qgis.core import QgsProcessingUtils

    return list(Path(QgsProcessingUtils.tempFolder()).rglob("sigma0_*.tif"))


@pytest.mark.slow
def test_safe_zip_gives_the_same_results(qgis_processing, products, folder_chain, tmp_path):
    paths, _ = folder_chain
    zipped = chain(qgis_processing, products["zip"], tmp_path)
    for key, path in paths.items():
        np.testing.assert_array_equal(read(zipped[key]), read(path), err_msg=key)


@pytest.mark.slow
def test_qgis_process_folder_equals_processing_run(qgis_process, products, folder_chain,
                                                   tmp_path):
    paths, _ = folder_chain
    out = tmp_path / "reconstructed.tif"
    rc, result, stderr = qgis_process("sarheight:reconstruct_layover", {
        "GEOMETRY": str(products["folder"]), "DEM": str(ROME), "OUTPUT": str(out)})
    assert rc == 0, stderr
    assert result["results"]["OUTPUT"] == str(out)
    np.testing.assert_array_equal(read(out), read(paths["OUTPUT"]))


@pytest.mark.slow
def test_stereo_reads_the_measurement_of_both_products(qgis_processing, products, tmp_path):
    """Both images empty: each product's own sigma0 is read.

    This pair (one product twice) then has no parallax, which the core says after the images
    were read.
    """
    from qgis.core import QgsProcessingException

    feedback = collecting_feedback()
    with pytest.raises(QgsProcessingException, match="no parallax"):
        qgis_processing.run("sarheight:stereo_radargrammetry", {
            "REFERENCE_GEOMETRY": str(products["folder"]),
            "SECONDARY_GEOMETRY": str(products["zip"]), "DEM": str(ROME), "MATCHER": 1,
            "OUTPUT": str(tmp_path / "heights.tif")}, feedback=feedback)
    log = "\n".join(feedback.lines)
    for role in ("Reference", "Secondary"):
        assert f"{role}: SAR image: the product's own measurement" in log
        assert f"{role} geometry: S1B GRD IW VV, 16705 lines x 26102 samples" in log
    assert not list(tmp_path.iterdir()) and not temporary_images()


@pytest.mark.slow
def test_slc_own_image_is_the_burst_stacked_product_raster(qgis_processing, tmp_path):
    """TOPS SLC: the own image is the burst-stacked product raster at full resolution.

    The geometry maps pixels into that raster; on the lines the deburst keeps it equals the
    debursted 1 x 1 backscatter, and the invalid lines at burst edges are NaN.
    """
    from sar_height.processing_provider.sentinel1_backscatter import own_measurement_image

    safe = copy_safe(SLC_SAFE, tmp_path)
    line0, lines, pixel0, pixels = SEAM  # across the seam of bursts 0 and 1
    rng = np.random.default_rng(8)
    dn = np.round(rng.normal(0, 60, (lines, pixels)) + 1j * rng.normal(0, 60, (lines, pixels)))
    name = annotation_name(safe, "s1b-iw1-slc-vv-*.xml")
    write_raster(safe / "measurement" / f"{name}.tiff", SLC_SIZE, np.complex64,
                 [(line0, pixel0, dn.astype(np.complex64))])
    feedback = collecting_feedback()
    with own_measurement_image(str(safe), "IW1", None, feedback, lambda fraction: True) as path:
        dataset = gdal.Open(path)
        assert (dataset.RasterYSize, dataset.RasterXSize) == SLC_SIZE
        stacked = dataset.GetRasterBand(1).ReadAsArray(pixel0, line0, pixels, lines)
        dataset = None
    assert not Path(path).exists()
    blocks = calibrated_backscatter_blocks(safe, "IW1", multilook=(1, 1))
    product_lines = np.arange(line0, line0 + lines)
    times, _ = blocks.geometry.image_to_radar(product_lines, np.zeros(lines))
    output_lines = np.round(blocks.grid.output_line_of_time(times)).astype(int)
    kept = np.flatnonzero(blocks.grid.product_line(output_lines) == product_lines)
    assert 50 < len(kept) < lines  # some lines of the seam are the other burst's
    for row in kept:
        expected = blocks.read(int(output_lines[row]), 1, pixel0, pixels)[0]
        np.testing.assert_allclose(stacked[row], expected, rtol=1e-6)
    invalid = np.isnan(stacked).all(axis=1)
    assert invalid.sum() > 10 and not invalid[kept].any()  # the burst edges
    assert "13509 lines x 21632 samples" in "\n".join(feedback.lines)


def test_sar_image_wins_over_the_measurement(qgis_processing, products, tmp_path):
    """A given SAR image is used (and the log says so) even when the SAFE has its own."""
    line0, lines, pixel0, pixels = products["window"]
    sar = write_raster(tmp_path / "sar.tif", GRD_SIZE, np.float32,
                       [(line0, pixel0, np.full((lines, pixels), 0.25, np.float32))])
    out = tmp_path / "reconstructed.tif"
    feedback = collecting_feedback()
    qgis_processing.run("sarheight:reconstruct_layover", {
        "SAR": str(sar), "GEOMETRY": str(products["folder"]), "DEM": str(ROME),
        "OUTPUT": str(out)}, feedback=feedback)
    log = "\n".join(feedback.lines)
    assert "is used; the measurement in the product" in log and "own measurement" not in log
    values = read(out)
    assert np.nanmedian(values) == pytest.approx(0.25, rel=0.2)  # flat-equivalent of 0.25


@pytest.mark.parametrize("alg_id", ["sentinel1_backscatter", "reconstruct_layover"])
def test_cancel_writes_nothing(qgis_processing, products, tmp_path, alg_id):
    """Cancelled at the first block: no output, and the temporary calibrated image is gone."""
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()  # the first block's progress call sees it
    out = tmp_path / "out"
    out.mkdir()
    parameters = {"OUTPUT": str(out / "x.tif")}
    if alg_id == "sentinel1_backscatter":
        parameters["PRODUCT"] = str(products["folder"])
    else:
        parameters.update(GEOMETRY=str(products["folder"]), DEM=str(ROME))
    result = qgis_processing.run("sarheight:" + alg_id, parameters, feedback=feedback)
    assert "OUTPUT" not in result
    assert list(out.iterdir()) == [] and not temporary_images()


# -- bad inputs: a clear message, nothing written ---------------------------------------------

@pytest.fixture(scope="module")
def bad_products(products, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    name = annotation_name(GRD_SAFE, "s1b-iw-grd-vv-*.xml")
    wrong = copy_safe(GRD_SAFE, folder / "wrong_size")
    write_raster(wrong / "measurement" / f"{name}.tiff", (1000, 2000), np.uint16)
    uncalibrated = copy_safe(GRD_SAFE, folder / "no_calibration")
    shutil.copy(products["folder"] / "measurement" / f"{name}.tiff",
                uncalibrated / "measurement")
    next((uncalibrated / "annotation" / "calibration").glob("calibration-*.xml")).unlink()
    return {"no_measurement": GRD_SAFE, "wrong_size": wrong, "no_calibration": uncalibrated}


CASES = {
    "no_measurement": ("(?i)give the SAR image or a complete SAFE with measurement/\\*.tiff",
                       "has no measurement rasters"),
    "wrong_size": ("1000 lines x 2000 samples.*16705 lines x 26102 samples",
                   "1000 lines x 2000 samples.*16705 lines x 26102 samples"),
    "no_calibration": ("lacks the calibration annotation.*Give the complete SAFE",
                       "needs the calibration annotation.*give the complete SAFE"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_safe_clear_message_nothing_written(qgis_processing, bad_products, tmp_path, case):
    from qgis.core import QgsProcessingException

    reconstruct_message, backscatter_message = CASES[case]
    out = tmp_path / "reconstructed.tif"
    with pytest.raises(QgsProcessingException, match=reconstruct_message):
        qgis_processing.run("sarheight:reconstruct_layover", {
            "GEOMETRY": str(bad_products[case]), "DEM": str(ROME), "OUTPUT": str(out)})
    sigma0 = tmp_path / "sigma0.tif"
    with pytest.raises(QgsProcessingException, match=backscatter_message):
        qgis_processing.run("sarheight:sentinel1_backscatter", {
            "PRODUCT": str(bad_products[case]), "OUTPUT": str(sigma0)})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_check_parameter_values_refuses_a_safe_without_measurement(qgis_processing, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingContext

    context = QgsProcessingContext()
    for alg_id, parameters in (
            ("sarheight:reconstruct_layover", {"GEOMETRY": str(GRD_SAFE), "DEM": str(ROME),
                                               "OUTPUT": str(tmp_path / "r.tif")}),
            ("sarheight:stereo_radargrammetry", {
                "REFERENCE_GEOMETRY": str(GRD_SAFE), "SECONDARY_GEOMETRY": str(GRD_SAFE),
                "MATCHER": 1, "OUTPUT": str(tmp_path / "s.tif")})):
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        ok, message = algorithm.checkParameterValues(parameters, context)
        assert not ok and "complete SAFE with measurement/*.tiff" in message, message
