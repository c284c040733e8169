"""Sentinel-1 measurement pixels to calibrated backscatter in radar geometry (issue 15).

``core/products/sentinel1_measurement.py`` and ``sentinel1_backscatter.py`` on copies of the
real annotation sets under test/data/s1 (Rome GRD, Ötztal IW1 VV SLC) with synthetic
measurement TIFFs of the real size written here (one-line strips like the products' own,
DEFLATE and sparse so that they stay small), and on the real Terceira SLC chip. Expected values
come from ESA's formulas written independently in test_sentinel1_radiometry (own XML reading,
one pixel at a time).
"""
import math
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from reader_cases import DATA, GRD_SAFE, SLC_SAFE, zip_safe
from test_sentinel1_radiometry import esa_azimuth_noise, esa_bilinear, esa_linear, esa_vectors

from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.sentinel1_backscatter import (
    Window,
    calibrated_backscatter_blocks,
    deburst_segments,
    multilook,
)
from sar_height.core.products.sentinel1_measurement import Crop, open_measurement
from sar_height.core.products.sentinel1_radiometry import FLOOR_LINEAR, KINDS

gdal.UseExceptions()

GRD_SIZE = (16705, 26102)  # lines, samples of the Rome GRD
SLC_SIZE = (13509, 21632)  # Ötztal IW1 VV
SLC_LPB = 1501
TERCEIRA = DATA / "sar" / "s1_slc_terceira"
TERCEIRA_XML = TERCEIRA / "s1a-iw3-slc-vv-20220918t074921-20220918t074946-045056-056232-006.xml"
TERCEIRA_CHIP = TERCEIRA / "s1a-iw3-slc-vv_subset_hight9800_10400_width11000_11000.tiff"
TERCEIRA_OFFSET = (9799, 10999)  # lines 9800-10400, samples 11000-12400, 1-based (SOURCES.md)
TERCEIRA_SIZE = (13626, 24203)
BAND = (8000, 64)  # GRD lines with random DNs over the full width: first line, count
SEAM = (1400, 220, 300, 1500)  # SLC random DNs across bursts 0/1: line0, lines, pixel0, pixels


def annotation_name(safe, pattern):
    return next((Path(safe) / "annotation").glob(pattern)).stem


def write_raster(path, size, dtype, patches=(), options=()):
    """Write a one-band GeoTIFF of ``size`` (lines, samples) with 1-line strips; return path.

    Unwritten strips stay sparse (0); ``patches`` are (line0, pixel0, array) to write.
    """
    gdal_type = {np.uint16: gdal.GDT_UInt16, np.complex64: gdal.GDT_CInt16,
                 np.float32: gdal.GDT_Float32}[dtype]
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path), size[1], size[0], 1, gdal_type,
        ["SPARSE_OK=TRUE", "COMPRESS=DEFLATE", "BLOCKYSIZE=1", *options])
    for line0, pixel0, array in patches:
        dataset.GetRasterBand(1).WriteArray(np.asarray(array), int(pixel0), int(line0))
    dataset = None
    return Path(path)


def copy_safe(source, folder):
    target = Path(folder) / Path(source).name
    shutil.copytree(source, target)
    (target / "measurement").mkdir()
    return target


def points(size, count, seed, margin=0):
    rng = np.random.default_rng(seed)
    return list(zip(rng.integers(margin, size[0] - margin, count),
                    rng.integers(margin, size[1] - 300, count)))  # away from the zero noise edge


def known_dn(i):
    return [60, 150, 400, 1200, 3000][i % 5]


def slc_dn(i):
    """A CInt16 value of amplitude about known_dn(i)."""
    return complex(round(known_dn(i) * math.cos(i)), round(known_dn(i) * math.sin(i)))


# -- the synthetic products ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def grd(tmp_path_factory):
    """Rome GRD SAFE copy with a full-size uint16 measurement; returns (safe, points, band)."""
    safe = copy_safe(GRD_SAFE, tmp_path_factory.mktemp("grd"))
    pts = points(GRD_SIZE, 24, seed=5)
    band = np.random.default_rng(6).integers(1, 2000, (BAND[1], GRD_SIZE[1])).astype(np.uint16)
    patches = [(line, pixel, np.array([[known_dn(i)]], dtype=np.uint16))
               for i, (line, pixel) in enumerate(pts)] + [(BAND[0], 0, band)]
    name = annotation_name(safe, "s1b-iw-grd-vv-*.xml")
    write_raster(safe / "measurement" / f"{name}.tiff", GRD_SIZE, np.uint16, patches)
    return safe, pts, band


def slc_points():
    """Points in the middle of bursts 1-6 (owned by their burst), two pixels wide cells."""
    rng = np.random.default_rng(7)
    bursts = rng.integers(1, 7, 16)
    lines = bursts * SLC_LPB + rng.integers(300, 1200, 16)
    pixels = 2 * rng.integers(400, 10000, 16)  # even: the first pixel of a 2-look cell
    return list(zip(lines, pixels))


@pytest.fixture(scope="module")
def slc(tmp_path_factory):
    """Ötztal SLC SAFE copy with a full-size IW1 VV CInt16 measurement; (safe, points, seam)."""
    safe = copy_safe(SLC_SAFE, tmp_path_factory.mktemp("slc"))
    rng = np.random.default_rng(8)
    line0, lines, pixel0, pixels = SEAM
    seam = (rng.normal(0, 60, (lines, pixels)) + 1j * rng.normal(0, 60, (lines, pixels)))
    seam = np.round(seam).astype(np.complex64)
    pts = slc_points()
    patches = [(line0, pixel0, seam)]
    for i, (line, pixel) in enumerate(pts):  # a cell of two pixels: DN and a weak DN
        patches.append((line, pixel, np.array([[slc_dn(i), 3 + 4j]], dtype=np.complex64)))
    name = annotation_name(safe, "s1b-iw1-slc-vv-*.xml")
    write_raster(safe / "measurement" / f"{name}.tiff", SLC_SIZE, np.complex64, patches)
    return safe, pts, seam


# -- (1) ESA's formula on the real LUTs, through the files ---------------------------------------

def grd_esa(kind, line, pixel, dn):
    cal = next((GRD_SAFE / "annotation" / "calibration").glob("calibration-*.xml"))
    noise = next((GRD_SAFE / "annotation" / "calibration").glob("noise-*.xml"))
    a = esa_bilinear(esa_vectors(cal, "calibrationVector", KINDS[kind]), line, pixel)
    eta = esa_bilinear(esa_vectors(noise, "noiseRangeVector", "noiseRangeLut"), line, pixel)
    eta *= esa_azimuth_noise(noise, line, pixel)
    return (dn * dn - eta) / (a * a)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_grd_dn_calibrates_to_esa_formula_within_001_db(grd, kind):
    safe, pts, _ = grd
    blocks = calibrated_backscatter_blocks(safe, quantity=kind)
    assert (blocks.lines, blocks.samples) == GRD_SIZE
    assert (blocks.grid.azimuth_looks, blocks.grid.range_looks) == (1, 1)  # GRD: 10 m already
    checked = 0
    for i, (line, pixel) in enumerate(pts):
        expected = grd_esa(kind, line, pixel, known_dn(i))
        got = float(blocks.read(int(line), 1, int(pixel), 1)[0, 0])
        if expected > 1e-3:
            assert abs(10 * math.log10(got / expected)) < 0.01
            checked += 1
        else:  # noise above the signal: the documented floor
            assert got == pytest.approx(max(expected, FLOOR_LINEAR), rel=1e-5)
    assert checked >= 15
    assert np.isnan(blocks.read(100, 1, 100, 1)[0, 0])  # DN 0: the fill value


def slc_esa(kind, line, pixel, dn, denoise):
    """ESA's formula for an SLC pixel inside a burst that holds one range-noise vector.

    In this product each burst's range-noise vector carries the burst's start time (its
    ``line`` is one burst off); the vector applies to the whole burst.
    """
    folder = SLC_SAFE / "annotation" / "calibration"
    cal = next(folder.glob("calibration-s1b-iw1-slc-vv-*.xml"))
    noise = next(folder.glob("noise-s1b-iw1-slc-vv-*.xml"))
    a = esa_bilinear(esa_vectors(cal, "calibrationVector", KINDS[kind]), line, pixel)
    eta = 0.0
    if denoise:
        root = ET.parse(next((SLC_SAFE / "annotation").glob("s1b-iw1-slc-vv-*.xml"))).getroot()
        start = np.datetime64(list(root.iter("burst"))[line // SLC_LPB].findtext("azimuthTime"))
        vector = next(v for v in esa_vectors(noise, "noiseRangeVector", "noiseRangeLut")
                      if v[3] == start)
        eta = esa_linear(vector[1], vector[2], pixel) * esa_azimuth_noise(noise, line, pixel)
    return (abs(dn) ** 2 - eta) / (a * a)


def test_slc_pixels_calibrate_before_multilooking_to_esa_formula(slc):
    safe, pts, _ = slc
    full = calibrated_backscatter_blocks(safe, "IW1", "VV", multilook=(1, 1))
    looked = calibrated_backscatter_blocks(safe, "IW1", "VV")  # default: 1 x 2 looks in IW1
    assert (looked.grid.azimuth_looks, looked.grid.range_looks) == (1, 2)
    geometry = full.geometry
    for i, (line, pixel) in enumerate(pts):
        t, _ = geometry.image_to_radar(float(line), float(pixel))
        y = float(full.grid.output_line_of_time(t))
        assert y == pytest.approx(round(y), abs=1e-6)  # a line the deburst kept
        assert full.grid.product_line(round(y)) == pytest.approx(line, abs=1e-9)
        pixel_values = [slc_esa("sigma0", line, p, d, True) for p, d in
                        ((pixel, slc_dn(i)), (pixel + 1, 3 + 4j))]
        got = full.read(round(y), 1, int(pixel), 2)[0]
        for value, expected in zip(got, pixel_values):
            if expected > 1e-3:
                assert abs(10 * math.log10(value / expected)) < 0.01
            else:
                assert value == pytest.approx(FLOOR_LINEAR)
        cell = float(looked.read(round(y), 1, int(pixel) // 2, 1)[0, 0])
        mean = sum(pixel_values) / 2  # the weak pixel is noise-removed below 0, not floored
        assert pixel_values[1] < 0 and cell == pytest.approx(max(mean, FLOOR_LINEAR), rel=1e-5)


@pytest.mark.parametrize("kind", ["beta0", "gamma0"])
def test_slc_beta0_gamma0_without_noise_removal_follow_esa(slc, kind):
    safe, pts, _ = slc
    blocks = calibrated_backscatter_blocks(safe, "IW1", "VV", quantity=kind, denoise=False,
                                           multilook=(1, 1))
    for i, (line, pixel) in enumerate(pts[:6]):
        y = round(float(blocks.grid.output_line_of_time(
            blocks.geometry.image_to_radar(float(line), 0.0)[0])))
        expected = slc_esa(kind, line, pixel, slc_dn(i), False)
        got = float(blocks.read(y, 1, int(pixel), 1)[0, 0])
        assert abs(10 * math.log10(got / expected)) < 0.01


# -- (2) deburst, multilook, blocks ---------------------------------------------------------------

def test_deburst_keeps_what_the_lookup_assigns_to_each_burst(slc):
    blocks = calibrated_backscatter_blocks(slc[0], "IW1", "VV", multilook=(1, 1))
    geometry = blocks.geometry
    segments = deburst_segments(geometry)
    assert len(segments) == 9
    dt = geometry.azimuth_time_interval_s
    for prev, nxt in zip(segments[:-1], segments[1:]):
        assert nxt.deburst_line0 == prev.deburst_line0 + prev.lines
        gap = (nxt.time0_s - (prev.time0_s + (prev.lines - 1) * dt)) / dt
        assert 0.0 < gap < 2.0  # no time left out, none twice
    spacing = np.diff([b.azimuth_time_s for b in geometry.bursts]) / dt  # ~1341 lines
    inner = np.array([s.lines for s in segments[1:-1]])
    assert np.all(np.abs(inner - spacing[1:]) <= 1.0)  # the overlaps (~160 lines) are split
    assert segments[0].lines < SLC_LPB - 60 and segments[-1].lines < SLC_LPB - 60
    product_lines = blocks.grid.product_line(np.arange(blocks.lines))
    times, _ = geometry.image_to_radar(product_lines, 0.0)
    owner, _ = geometry.radar_to_image(times, geometry.near_slant_range_m)
    np.testing.assert_allclose(owner, product_lines, atol=1e-6)
    assert blocks.lines == sum(s.lines for s in segments)
    # the tie points (at burst starts, in overlaps) land on the output line of their time
    gcps = np.array(blocks.output_gcps())
    inside = (gcps[:, 0] >= 0) & (gcps[:, 0] <= blocks.lines - 1)
    assert inside.sum() >= len(gcps) - 2 * 21  # all but the first and last rows of the grid
    tie_times, _ = geometry.image_to_radar(np.array(geometry.gcps)[inside, 0], 0.0)
    back, _ = geometry.image_to_radar(blocks.grid.product_line(gcps[inside, 0]), 0.0)
    np.testing.assert_allclose(back, tie_times, rtol=0, atol=1e-9)


def test_seam_window_blocks_equal_one_read_and_multilook_of_full_resolution(slc):
    safe, _, seam = slc
    line0, lines, pixel0, pixels = SEAM
    window = Window(line0, lines + 150, pixel0, pixels)  # lines of bursts 0 and 1
    # without noise removal no pixel is floored, so multilooking the 1 x 1 image is the truth
    one = calibrated_backscatter_blocks(safe, "IW1", "VV", multilook=(1, 1), window=window,
                                        denoise=False)
    full = one.read(0, one.lines)
    looked = calibrated_backscatter_blocks(safe, "IW1", "VV", multilook=(3, 4), window=window,
                                           denoise=False, max_block_pixels=20_000)
    assert (looked.lines, looked.samples) == (math.ceil(one.lines / 3), pixels // 4)
    blocks = list(looked)
    assert len(blocks) > 5 and all(b.shape[0] * 3 * pixels <= 20_000 for _, b in blocks)
    assert [r.start for r, _ in blocks] == sorted(r.start for r, _ in blocks)
    stacked = np.concatenate([b for _, b in blocks])
    raw = multilook(full.astype(np.float64), 3, 4)
    expected = np.maximum(raw, FLOOR_LINEAR)
    both = np.isfinite(expected)
    assert both.mean() > 0.5
    # float32 rounding; a DN of 0 (data inside bursts) is floored in the 1 x 1 image only
    np.testing.assert_allclose(stacked[both], expected[both], rtol=1e-6, atol=FLOOR_LINEAR)
    assert np.array_equal(np.isnan(stacked), ~both)
    assert one.grid.product_line(0) < SLC_LPB < one.grid.product_line(one.lines - 1)


def test_multilook_leaves_out_missing_pixels_and_keeps_partial_cells():
    values = np.array([[1.0, np.nan, 4.0], [3.0, 5.0, np.nan], [np.nan, np.nan, 7.0]])
    np.testing.assert_array_equal(multilook(values, 2, 2), [[3.0, 4.0], [np.nan, 7.0]])


# -- (3) the forms of a product, crops -----------------------------------------------------------

def test_folder_manifest_and_zip_give_the_same_pixels(grd, tmp_path):
    safe, _, band = grd
    archive = zip_safe(safe, tmp_path / (safe.stem + ".zip"))
    window = Window(BAND[0] + 3, 20, 9000, 700)
    reads = [calibrated_backscatter_blocks(p, window=window).read(0, 20)
             for p in (safe, safe / "manifest.safe", archive)]
    assert np.isfinite(reads[0]).mean() > 0.99
    for other in reads[1:]:
        np.testing.assert_array_equal(other, reads[0])
    raw = open_measurement(str(archive)).read(BAND[0], 2, 0, GRD_SIZE[1])
    np.testing.assert_array_equal(raw, band[:2])
    assert open_measurement(str(archive)).path.startswith(str(archive))


def write_crop(source, path, line0, pixel0, lines, pixels):
    gdal.Translate(str(path), str(source), srcWin=[pixel0, line0, pixels, lines])
    return Crop(str(path), line0, pixel0)


def test_grd_crop_with_offset_equals_the_window_of_the_full_raster(grd, tmp_path):
    safe, _, _ = grd
    measurement = next((safe / "measurement").glob("*.tiff"))
    box = (BAND[0] - 5, 12000, 40, 900)  # line0, pixel0, lines, pixels
    crop = write_crop(measurement, tmp_path / "crop.tif", *box)
    window = Window(box[0], box[2], box[1], box[3])
    for looks in [(1, 1), (2, 3)]:
        from_crop = calibrated_backscatter_blocks(safe, crop=crop, multilook=looks)
        from_full = calibrated_backscatter_blocks(safe, window=window, multilook=looks)
        a, b = from_crop.read(0, from_crop.lines), from_full.read(0, from_full.lines)
        assert a.shape == (math.ceil(40 / looks[0]), math.ceil(900 / looks[1]))
        np.testing.assert_array_equal(a, b)
        assert np.isnan(a[0]).all() and np.isfinite(a[-1]).all()  # sparse lines, then DNs
    gcps = calibrated_backscatter_blocks(safe, crop=crop).output_gcps()
    own = calibrated_backscatter_blocks(safe, window=Window(0, 10, 0, 10)).geometry.gcps
    np.testing.assert_allclose([g[0] for g in gcps], [g[0] - box[0] for g in own], atol=1e-6)
    np.testing.assert_allclose([g[1] for g in gcps], [g[1] - box[1] for g in own], atol=1e-9)


def test_slc_crop_across_a_burst_seam_equals_the_window(slc, tmp_path):
    safe, _, _ = slc
    measurement = next((safe / "measurement").glob("*.tiff"))
    box = (SEAM[0] + 10, SEAM[2] + 307, 200, 601)  # valid samples from 529
    crop = write_crop(measurement, tmp_path / "crop.tif", *box)
    window = Window(box[0], box[2], box[1], box[3])
    from_crop = calibrated_backscatter_blocks(safe, "IW1", "VV", crop=crop)
    from_full = calibrated_backscatter_blocks(safe, "IW1", "VV", window=window)
    a = from_crop.read(0, from_crop.lines)
    np.testing.assert_array_equal(a, from_full.read(0, from_full.lines))
    assert a.shape[1] == math.ceil(601 / 2) and a.shape[0] < 200  # overlap lines dropped
    assert np.isfinite(a).mean() > 0.99


# -- (4) bad inputs --------------------------------------------------------------------------------

def test_safe_without_measurement_files_says_so():
    with pytest.raises(ProductError, match="no measurement rasters.*complete SAFE"):
        calibrated_backscatter_blocks(GRD_SAFE)


def test_measurement_of_the_wrong_size_names_both_sizes(tmp_path):
    safe = copy_safe(GRD_SAFE, tmp_path)
    name = annotation_name(safe, "s1b-iw-grd-vv-*.xml")
    write_raster(safe / "measurement" / f"{name}.tiff", (GRD_SIZE[0] - 1, GRD_SIZE[1]),
                 np.uint16)
    with pytest.raises(ProductError, match=r"16704 lines x 26102.*16705 lines x 26102"):
        calibrated_backscatter_blocks(safe)


def test_missing_calibration_annotation_and_bad_crops(grd, tmp_path):
    safe = copy_safe(SLC_SAFE, tmp_path)
    name = annotation_name(safe, "s1b-iw1-slc-vv-*.xml")
    write_raster(safe / "measurement" / f"{name}.tiff", SLC_SIZE, np.complex64)
    (safe / "annotation" / "calibration" / f"calibration-{name}.xml").unlink()
    with pytest.raises(ProductError, match=r"calibration annotation.*lacks.*'power'"):
        calibrated_backscatter_blocks(safe, "IW1", "VV")
    power = calibrated_backscatter_blocks(safe, "IW1", "VV", quantity="power",
                                          window=Window(5000, 3, 5000, 4))
    assert not power.calibrated and power.warnings
    assert (power.read(0, 3) == 0).all()  # zeros inside valid burst samples are data
    float_crop = write_raster(tmp_path / "float.tif", (10, 10), np.float32)
    with pytest.raises(ProductError, match="Float32.*uncalibrated measurement"):
        calibrated_backscatter_blocks(grd[0], crop=Crop(str(float_crop), 0, 0))
    uint_crop = write_raster(tmp_path / "uint.tif", (10, 10), np.uint16)
    with pytest.raises(ProductError, match=r"offset \(line 16700.*check the crop's offset"):
        calibrated_backscatter_blocks(grd[0], crop=Crop(str(uint_crop), 16700, 0))


# -- (5) the real Terceira SLC chip ----------------------------------------------------------------

def terceira(**kwargs):
    return calibrated_backscatter_blocks(TERCEIRA_XML, crop=Crop(str(TERCEIRA_CHIP),
                                                                 *TERCEIRA_OFFSET), **kwargs)


def test_terceira_chip_without_calibration_is_refused_for_sigma0():
    with pytest.raises(ProductError, match="calibration annotation.*quantity 'power'"):
        terceira()


def test_terceira_chip_detected_and_multilooked():
    blocks = terceira(quantity="power")
    assert not blocks.calibrated and "uncalibrated" in blocks.warnings[0]
    assert (blocks.grid.azimuth_looks, blocks.grid.range_looks) == (1, 3)  # IW3, 43.8 deg
    image = np.concatenate([b for _, b in blocks])
    assert image.shape == (601, math.ceil(1401 / 3))
    assert np.isfinite(image).all()  # inside burst 7 and its valid samples
    db = 10 * np.log10(image)
    land, sea = np.median(db[:200]), np.median(db[-200:])  # town and hills above, sea below
    assert land - sea > 10.0
    dn = gdal.Open(str(TERCEIRA_CHIP)).ReadAsArray()
    power = np.abs(dn.astype(np.complex128)) ** 2
    np.testing.assert_allclose(image[:, :466], power[:, :1398].reshape(601, 466, 3).mean(axis=2),
                               rtol=1e-6)
    line = blocks.grid.product_line(np.array([0, 600]))
    assert list(line) == [TERCEIRA_OFFSET[0], TERCEIRA_OFFSET[0] + 600]
    assert blocks.grid.product_sample(0) == TERCEIRA_OFFSET[1] + 1


def test_terceira_chip_equals_the_window_of_a_full_raster(tmp_path):
    dn = gdal.Open(str(TERCEIRA_CHIP)).ReadAsArray()
    full = write_raster(tmp_path / "full.tiff", TERCEIRA_SIZE, np.complex64,
                        [(*TERCEIRA_OFFSET, dn)])
    window = Window(TERCEIRA_OFFSET[0], 601, TERCEIRA_OFFSET[1], 1401)
    from_full = calibrated_backscatter_blocks(TERCEIRA_XML, quantity="power",
                                              crop=Crop(str(full), 0, 0), window=window)
    chip = terceira(quantity="power")
    np.testing.assert_array_equal(from_full.read(0, 601), chip.read(0, 601))


def test_slc_crop_as_i_and_q_bands_reads_like_the_complex_band(tmp_path):
    dn = gdal.Open(str(TERCEIRA_CHIP)).ReadAsArray()
    path = tmp_path / "iq.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 1401, 601, 2, gdal.GDT_Int16)
    dataset.GetRasterBand(1).WriteArray(dn.real.astype(np.int16))
    dataset.GetRasterBand(2).WriteArray(dn.imag.astype(np.int16))
    dataset = None
    iq = calibrated_backscatter_blocks(TERCEIRA_XML, quantity="power", multilook=(2, 2),
                                       crop=Crop(str(path), *TERCEIRA_OFFSET))
    np.testing.assert_array_equal(iq.read(0, iq.lines),
                                  terceira(quantity="power", multilook=(2, 2)).read(0, iq.lines))
