"""Sentinel-1 radiometric calibration and thermal-noise removal (issue 15).

``core/products/sentinel1_radiometry.py`` against the real calibration and noise annotation of a
GRD (Rome) and of an IW SLC (Ötztal, IW1 VV), against ESA's formulas written independently
here (own XML reading, one pixel at a time), and on synthetic LUTs with closed-form values.
"""
import functools
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest
from reader_cases import (
    GRD_SAFE,
    SLC_SAFE,
    flip_byte,
    member_data_offset,
    set_text,
    with_encoding,
    write_changed_xml,
    zip_safe,
)

from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.sentinel1_radiometry import (
    FLOOR_LINEAR,
    KINDS,
    Sentinel1Radiometry,
    calibrate_block,
    interpolate_linear,
    read_calibration,
    read_noise,
)

GRD_CAL = next((GRD_SAFE / "annotation" / "calibration").glob("calibration-*-vv-*.xml"))
GRD_NOISE = next((GRD_SAFE / "annotation" / "calibration").glob("noise-*-vv-*.xml"))
GRD_XML = next((GRD_SAFE / "annotation").glob("s1b-iw-grd-vv-*.xml"))
SLC_CAL = next((SLC_SAFE / "annotation" / "calibration").glob("calibration-s1b-iw1-slc-vv-*.xml"))
SLC_NOISE = next((SLC_SAFE / "annotation" / "calibration").glob("noise-s1b-iw1-slc-vv-*.xml"))
SLC_XML = next((SLC_SAFE / "annotation").glob("s1b-iw1-slc-vv-*.xml"))
GRD_SIZE = (16705, 26102)  # lines, samples of the GRD's measurement raster
SLC_SIZE = (13509, 21632)


@pytest.fixture(scope="module")
def grd():
    return Sentinel1Radiometry.from_product(str(GRD_SAFE))


@pytest.fixture(scope="module")
def slc():
    return Sentinel1Radiometry.from_product(str(SLC_SAFE), swath="IW1", polarisation="VV")


# -- ESA's formulas, written independently: own XML reading, one pixel at a time ----------------

def esa_vectors(path, item, lut):
    """[(line, pixels, values, azimuth time)] of every ``item`` vector of an annotation file."""
    root = ET.parse(path).getroot()
    return [(int(v.findtext("line")), [float(x) for x in v.findtext("pixel").split()],
             [float(x) for x in v.findtext(lut).split()], np.datetime64(v.findtext("azimuthTime")))
            for v in root.iter(item)]


def esa_linear(nodes, values, x):
    """Linear interpolation between the two nodes around x; the end value beyond the ends."""
    if x <= nodes[0]:
        return values[0]
    if x >= nodes[-1]:
        return values[-1]
    upper = next(i for i, node in enumerate(nodes) if node > x)
    t = (x - nodes[upper - 1]) / (nodes[upper] - nodes[upper - 1])
    return values[upper - 1] + t * (values[upper] - values[upper - 1])


def esa_bilinear(vectors, line, pixel):
    """ESA's rule: each vector interpolated in pixel, then linearly between them in line."""
    along = [esa_linear(pixels, values, pixel) for _, pixels, values, _ in vectors]
    return esa_linear([v[0] for v in vectors], along, line)


@functools.lru_cache(maxsize=None)
def esa_azimuth_blocks(path):
    """[(bounds, lines, values)] of every noiseAzimuthVector of a noise annotation."""
    return [([int(block.findtext(k)) for k in ("firstAzimuthLine", "lastAzimuthLine",
                                               "firstRangeSample", "lastRangeSample")],
             [float(x) for x in block.findtext("line").split()],
             [float(x) for x in block.findtext("noiseAzimuthLut").split()])
            for block in ET.parse(path).getroot().iter("noiseAzimuthVector")]


def esa_azimuth_noise(path, line, pixel):
    """Azimuth noise factor of (line, pixel): the LUT of the block holding it, else 1."""
    for bounds, lines, values in esa_azimuth_blocks(path):
        if bounds[0] <= line <= bounds[1] and bounds[2] <= pixel <= bounds[3]:
            return esa_linear(lines, values, line)
    return 1.0


def sample_points(size, count, seed):
    rng = np.random.default_rng(seed)
    return list(zip(rng.integers(0, size[0], count), rng.integers(0, size[1], count)))


def ours_at(radiometry, method, line, pixel, *args):
    return getattr(radiometry, method)(*args, int(line), 1, int(pixel), 1)[0, 0]


# -- (1) the real GRD LUTs: exact at the vector nodes, between the neighbours elsewhere ---------

@pytest.mark.parametrize("kind", sorted(KINDS))
def test_grd_calibration_lut_exact_at_the_vector_nodes(grd, kind):
    vectors = esa_vectors(GRD_CAL, "calibrationVector", KINDS[kind])
    inside = [v for v in vectors if v[0] < GRD_SIZE[0]]
    assert len(inside) == 25  # two of the 27 vectors lie at lines 16705 and 17373, past the end
    for line, pixels, values, _ in inside:
        row = grd.calibration_lut(kind, line, 1, 0, GRD_SIZE[1])[0]
        np.testing.assert_array_equal(row[np.array(pixels, dtype=int)], values)


def test_grd_range_noise_exact_at_the_vector_nodes_and_zero_is_missing(grd):
    cols = np.arange(GRD_SIZE[1], dtype=float)
    for line, pixels, values, _ in esa_vectors(GRD_NOISE, "noiseRangeVector", "noiseRangeLut"):
        row = grd.noise.range_lut.interpolate(np.array([float(line)]), cols)[0]
        at_nodes = row[np.array(pixels, dtype=int)]
        values = np.array(values)
        np.testing.assert_array_equal(at_nodes[values > 0], values[values > 0])
        assert np.all(np.isnan(at_nodes[values == 0]))  # ESA: a zero is a missing value
        assert np.isnan(row[-1]) and np.isfinite(row[20000])


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_grd_calibration_lut_lies_between_its_neighbours(grd, kind):
    vectors = esa_vectors(GRD_CAL, "calibrationVector", KINDS[kind])
    lines = [v[0] for v in vectors]
    for line, pixel in sample_points(GRD_SIZE, 300, seed=1):
        value = ours_at(grd, "calibration_lut", line, pixel, kind)
        upper = next(i for i, node in enumerate(lines) if node > line)
        corners = []
        for _, pixels, values, _ in vectors[upper - 1:upper + 1]:
            right = next(i for i, node in enumerate(pixels) if node > pixel)
            corners += values[right - 1:right + 1]
        assert min(corners) * (1 - 1e-12) <= value <= max(corners) * (1 + 1e-12)


# -- (2) agreement with ESA's formulas on real LUTs, synthetic DN at known values ---------------

def known_sigma():
    return np.array([1e-4, 3e-3, 0.02, 0.1, 0.5, 2.0])  # -40 dB .. +3 dB


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("product", ["grd", "slc"])
def test_calibration_recovers_known_backscatter(request, product, kind):
    radiometry = request.getfixturevalue(product)
    path, size = (GRD_CAL, GRD_SIZE) if product == "grd" else (SLC_CAL, SLC_SIZE)
    vectors = esa_vectors(path, "calibrationVector", KINDS[kind])
    truth = known_sigma()
    for i, (line, pixel) in enumerate(sample_points(size, 60, seed=2)):
        a = esa_bilinear(vectors, line, pixel)
        value = truth[i % len(truth)]
        dn = a * np.sqrt(value) * (np.exp(1j * i) if product == "slc" else 1.0)
        ours = calibrate_block(np.array([[dn]]), int(line), int(pixel), radiometry, kind,
                               denoise=False, dtype=np.float64)[0, 0]
        assert abs(10 * np.log10(ours / value)) < 0.01  # the bound
        assert ours == pytest.approx(value, rel=1e-9)  # what it really is


def test_grd_noise_removal_recovers_known_backscatter(grd):
    range_vectors = esa_vectors(GRD_NOISE, "noiseRangeVector", "noiseRangeLut")
    vectors = esa_vectors(GRD_CAL, "calibrationVector", "sigmaNought")
    truth, checked = known_sigma(), 0
    for i, (line, pixel) in enumerate(sample_points(GRD_SIZE, 80, seed=3)):
        if pixel > 25900:  # next to the missing (zero) noise values of the far edge
            continue
        eta = esa_bilinear(range_vectors, line, pixel) * esa_azimuth_noise(GRD_NOISE, line,
                                                                           pixel)
        a = esa_bilinear(vectors, line, pixel)
        value = truth[i % len(truth)]
        dn = np.sqrt(value * a * a + eta)
        ours = grd.calibrate(np.array([[dn]]), int(line), int(pixel), dtype=np.float64)[0, 0]
        assert ours == pytest.approx(value, rel=1e-9)
        assert ours_at(grd, "noise_power", line, pixel) == pytest.approx(eta, rel=1e-12)
        checked += 1
    assert checked > 70


def test_slc_noise_follows_the_burst_of_each_vector_azimuth_time(slc):
    """IW1's range-noise lines are one burst off (-1501, 0, ...); the azimuth times are right."""
    vectors = esa_vectors(SLC_NOISE, "noiseRangeVector", "noiseRangeLut")
    assert [v[0] for v in vectors[:3]] == [-1501, 0, 1501]
    root = ET.parse(SLC_XML).getroot()
    starts = [np.datetime64(b.findtext("azimuthTime")) for b in root.iter("burst")]
    assert [v[3] for v in vectors[:9]] == starts  # one vector at the start of each burst
    lpb = int(root.findtext("swathTiming/linesPerBurst"))
    for burst in (0, 3, 7):
        for line in (burst * lpb, burst * lpb + 700, burst * lpb + lpb - 1):
            range_noise = slc.noise_power(line, 1, 0, SLC_SIZE[1])[0] / esa_azimuth_noise(
                SLC_NOISE, line, 0)
            _, pixels, values, _ = vectors[burst]
            np.testing.assert_allclose(range_noise[np.array(pixels, dtype=int)], values,
                                       rtol=1e-12)
    # burst 8 holds two vectors (its start, and the product's stop time): linear between them
    dt = float(root.findtext("imageAnnotation/imageInformation/azimuthTimeInterval"))
    end = 8 * lpb + (vectors[9][3] - starts[8]) / np.timedelta64(1, "ns") * 1e-9 / dt
    line = 8 * lpb + 600
    t = (line - 8 * lpb) / (end - 8 * lpb)
    expected = (1 - t) * np.array(vectors[8][2]) + t * np.array(vectors[9][2])
    got = slc.noise_power(line, 1, 0, SLC_SIZE[1])[0] / esa_azimuth_noise(SLC_NOISE, line, 0)
    np.testing.assert_allclose(got[np.array(vectors[8][1], dtype=int)], expected, rtol=1e-12)


def test_slc_luts_exact_at_the_nodes_and_complex_dn(slc):
    for line, pixels, values, _ in esa_vectors(SLC_CAL, "calibrationVector", "sigmaNought"):
        if 0 <= line < SLC_SIZE[0]:
            row = slc.calibration_lut("sigma0", line, 1, 0, SLC_SIZE[1])[0]
            np.testing.assert_array_equal(row[np.array(pixels, dtype=int)], values)
    dn = np.array([[3 + 4j, 0j, 300 - 200j]], dtype=np.complex64)
    a = slc.calibration_lut("sigma0", 5000, 1, 100, 3)[0]
    out = slc.calibrate(dn, 5000, 100, denoise=False, dtype=np.float64)[0]
    np.testing.assert_allclose(out[[0, 2]], [25 / a[0] ** 2, 130000 / a[2] ** 2], rtol=1e-12)
    assert np.isnan(out[1])  # zero: outside the valid burst samples


# -- (3) synthetic LUTs with closed-form values: bilinear interpolation is exact ----------------

LINES = [-40, 0, 37, 250, 251, 600]
PIXELS = [0, 13, 40, 41, 95, 160, 199]


def ramp(line, pixel):
    return 500.0 + 0.25 * line - 0.75 * pixel + 0.003 * line * pixel


def calibration_xml(lines, pixel_lists, function, swath="IW", polarisation="VV"):
    def values(line, pixels):
        return " ".join(repr(function(line, p)) for p in pixels)

    vectors = "".join(
        f"<calibrationVector><azimuthTime>2021-01-01T00:00:{i:02d}.000000</azimuthTime>"
        f"<line>{line}</line><pixel count=\"{len(pixels)}\">{' '.join(map(str, pixels))}</pixel>"
        f"<sigmaNought>{values(line, pixels)}</sigmaNought>"
        f"<betaNought>{values(line, pixels)}</betaNought><gamma>{values(line, pixels)}</gamma>"
        f"<dn>{values(line, pixels)}</dn></calibrationVector>"
        for i, (line, pixels) in enumerate(zip(lines, pixel_lists)))
    return (f"<calibration><adsHeader><swath>{swath}</swath><polarisation>{polarisation}"
            f"</polarisation></adsHeader><calibrationVectorList count=\"{len(lines)}\">"
            f"{vectors}</calibrationVectorList></calibration>").encode()


def noise_xml(lines, pixels, function, blocks=""):
    vectors = "".join(
        f"<noiseRangeVector><azimuthTime>2021-01-01T00:00:{i:02d}.000000</azimuthTime>"
        f"<line>{line}</line><pixel count=\"{len(pixels)}\">{' '.join(map(str, pixels))}</pixel>"
        f"<noiseRangeLut>{' '.join(repr(function(line, p)) for p in pixels)}</noiseRangeLut>"
        f"</noiseRangeVector>" for i, line in enumerate(lines))
    return (f"<noise><adsHeader><swath>IW</swath><polarisation>VV</polarisation></adsHeader>"
            f"<noiseRangeVectorList>{vectors}</noiseRangeVectorList>"
            f"<noiseAzimuthVectorList>{blocks}</noiseAzimuthVectorList></noise>").encode()


def azimuth_block(first_line, last_line, first_pixel, last_pixel, lines, values):
    return (f"<noiseAzimuthVector><swath>IW1</swath><firstAzimuthLine>{first_line}"
            f"</firstAzimuthLine><firstRangeSample>{first_pixel}</firstRangeSample>"
            f"<lastAzimuthLine>{last_line}</lastAzimuthLine><lastRangeSample>{last_pixel}"
            f"</lastRangeSample><line>{' '.join(map(str, lines))}</line><noiseAzimuthLut>"
            f"{' '.join(map(repr, values))}</noiseAzimuthLut></noiseAzimuthVector>")


def test_bilinear_interpolation_is_exact_on_a_bilinear_function(tmp_path):
    path = tmp_path / "calibration.xml"
    path.write_bytes(calibration_xml(LINES, [PIXELS] * len(LINES), ramp))
    radiometry = Sentinel1Radiometry(read_calibration(str(path)))
    rows, cols = np.meshgrid(np.arange(0, 600), np.arange(0, 200), indexing="ij")
    for kind in KINDS:
        np.testing.assert_allclose(radiometry.calibration_lut(kind, 0, 600, 0, 200),
                                   ramp(rows, cols), rtol=1e-13)


def test_vectors_with_own_pixel_grids_are_exact_on_a_linear_function(tmp_path):
    def plane(line, pixel):
        return 300.0 + 0.5 * line + 0.125 * pixel

    grids = [PIXELS, [0, 50, 199], [0, 7, 8, 120, 199], PIXELS, [0, 199], [0, 100, 150, 199]]
    radiometry = Sentinel1Radiometry(read_calibration(calibration_xml(LINES, grids, plane)))
    rows, cols = np.meshgrid(np.arange(0, 600), np.arange(0, 200), indexing="ij")
    np.testing.assert_allclose(radiometry.calibration_lut("sigma0", 0, 600, 0, 200),
                               plane(rows, cols), rtol=1e-13)
    dn = np.full((600, 200), 1000, dtype=np.uint16)
    np.testing.assert_allclose(calibrate_block(dn, 0, 0, radiometry, denoise=False,
                                               dtype=np.float64), 1e6 / plane(rows, cols) ** 2,
                               rtol=1e-12)


def test_outside_the_vectors_the_end_values_hold():
    nodes, values = np.array([0.0, 10.0]), np.array([2.0, 4.0])
    np.testing.assert_array_equal(interpolate_linear(np.array([-5.0, 0, 5, 10, 50]), nodes,
                                                     values), [2, 2, 3, 4, 4])


# -- (4) a crop with its offset equals the same window of the whole block -----------------------

@pytest.mark.parametrize("product, line0, pixel0, shape", [
    ("grd", 520, 8700, (400, 420)),   # across a calibration line (668) and the IW1/IW2 seam
    ("slc", 1300, 100, (450, 300)),   # across the boundary of bursts 0 and 1 (line 1501)
])
def test_crop_with_offset_equals_the_window_of_the_whole_block(request, product, line0, pixel0,
                                                               shape):
    radiometry = request.getfixturevalue(product)
    rng = np.random.default_rng(4)
    if product == "grd":
        dn = rng.integers(1, 400, shape).astype(np.uint16)
    else:
        dn = (rng.normal(0, 80, shape) + 1j * rng.normal(0, 80, shape)).astype(np.complex64)
    whole = radiometry.calibrate(dn, line0, pixel0, dtype=np.float64)
    last = shape[0] - 1
    for top, left, height, width in [(0, 0, 1, 1), (137, 201, 150, 90), (last, 5, 1, 250),
                                     (10, 0, 300, 300)]:
        crop = dn[top:top + height, left:left + width]
        np.testing.assert_array_equal(
            radiometry.calibrate(crop, line0 + top, pixel0 + left, dtype=np.float64),
            whole[top:top + height, left:left + width])


def test_line_blocks_cover_the_raster_with_bounded_blocks(grd):
    blocks = list(grd.line_blocks(GRD_SIZE[0], GRD_SIZE[1], max_pixels=2_000_000))
    assert blocks[0][0] == 0 and sum(n for _, n in blocks) == GRD_SIZE[0]
    assert all(n * GRD_SIZE[1] <= 2_000_000 for _, n in blocks)
    assert all(a + n == b for (a, n), (b, _) in zip(blocks, blocks[1:]))


# -- (5) noise removal: the floor, the azimuth blocks' bounds, missing values -------------------

def flat(value):
    return lambda line, pixel: value


def test_negative_powers_are_raised_to_the_floor_and_zero_dn_is_missing():
    radiometry = Sentinel1Radiometry(read_calibration(calibration_xml(
        [0, 100], [[0, 100]] * 2, flat(10.0))), read_noise(noise_xml([0, 100], [0, 100],
                                                                      flat(400.0))))
    dn = np.array([[30, 20, 19, 0, 21]], dtype=np.uint16)  # |DN|^2: 900, 400, 361, 0, 441
    out = radiometry.calibrate(dn, 0, 0, dtype=np.float64)[0]
    assert out[0] == pytest.approx(500 / 100) and out[4] == pytest.approx(41 / 100)
    assert out[1] == FLOOR_LINEAR and out[2] == FLOOR_LINEAR  # 0 and -39: the floor
    assert np.isnan(out[3])  # fill value
    assert 10 * np.log10(FLOOR_LINEAR) == pytest.approx(-60.0)
    kept = radiometry.calibrate(dn, 0, 0, zero_is_nodata=False, denoise=False, dtype=np.float64)
    assert kept[0, 3] == FLOOR_LINEAR


def test_azimuth_noise_applies_only_inside_its_block_bounds():
    blocks = (azimuth_block(10, 19, 20, 29, [10, 19], [2.0, 3.8])
              + azimuth_block(20, 39, 0, 9, [0, 100], [0.5, 0.5]))
    radiometry = Sentinel1Radiometry(
        read_calibration(calibration_xml([0, 100], [[0, 100]] * 2, flat(1.0))),
        read_noise(noise_xml([0, 100], [0, 100], flat(10.0), blocks)))
    eta = radiometry.noise_power(0, 50, 0, 40)
    inside = np.zeros((50, 40), dtype=bool)
    inside[10:20, 20:30] = inside[20:40, 0:10] = True
    np.testing.assert_array_equal(eta[~inside], 10.0)  # no block: the range noise alone
    np.testing.assert_allclose(eta[10:20, 20:30], 10 * (2.0 + 0.2 * np.arange(10))[:, None] *
                               np.ones((1, 10)), rtol=1e-13)
    np.testing.assert_array_equal(eta[20:40, 0:10], 5.0)
    # the same block seen from a crop: bounds are in full-raster lines and pixels
    np.testing.assert_array_equal(radiometry.noise_power(15, 10, 25, 10), eta[15:25, 25:35])


def test_missing_noise_values_give_missing_pixels_not_numbers():
    def edge_missing(line, pixel):
        return 0.0 if pixel >= 90 else 50.0

    radiometry = Sentinel1Radiometry(
        read_calibration(calibration_xml([0, 100], [[0, 100]] * 2, flat(1.0))),
        read_noise(noise_xml([0, 100], [0, 45, 90, 100], edge_missing)))
    out = radiometry.calibrate(np.full((3, 101), 100, dtype=np.uint16), 0, 0, dtype=np.float64)
    assert np.all(out[:, :46] == 100 ** 2 - 50.0)  # weight only on valid nodes
    assert np.all(np.isnan(out[:, 46:]))  # interpolated from a missing (0) node
    assert np.all(np.isfinite(radiometry.calibrate(np.full((3, 101), 100, dtype=np.uint16), 0, 0,
                                                   denoise=False)))


def test_real_grd_noise_equivalent_sigma0_is_a_plausible_nesz(grd):
    nesz = grd.noise_equivalent("sigma0", 8000, 1, 0, 25000)[0]
    db = 10 * np.log10(nesz)
    assert -35 < np.nanmin(db) and np.nanmax(db) < -18  # Sentinel-1 IW: about -22 to -30 dB


# -- bad inputs: ProductError naming the file and the fix, never a traceback --------------------

CAL_LIST = "calibrationVectorList/calibrationVector"
NOISE_LIST = "noiseRangeVectorList/noiseRangeVector"


def remove_all(path):
    def change(root):
        parent, child = path.rsplit("/", 1)
        for node in root.find(parent).findall(child):
            root.find(parent).remove(node)
    return change


def swap_vectors(root):
    vectors = root.find("calibrationVectorList")
    first = vectors.findall("calibrationVector")[3]
    vectors.remove(first)
    vectors.insert(5, first)


@pytest.mark.parametrize("source, change, pattern", [
    (GRD_CAL, set_text(f"{CAL_LIST}/sigmaNought", "663.8 XX 662.1", 2), r"'XX', not a number"),
    (GRD_CAL, set_text(f"{CAL_LIST}/gamma", "1 2 3", 4), r"holds 3 values, expected 654"),
    (GRD_CAL, set_text(f"{CAL_LIST}/betaNought", " ".join(["0"] * 654), 1),
     r"must be positive"),
    (GRD_CAL, set_text(f"{CAL_LIST}/line", "abc", 3), r"'abc', not a whole number"),
    (GRD_CAL, swap_vectors, r"not after the previous vector"),
    (GRD_CAL, set_text(f"{CAL_LIST}/pixel", " ".join(["7"] * 654), 0), r"not strictly increasing"),
    (GRD_CAL, remove_all(CAL_LIST), r"has no <calibrationVectorList/calibrationVector>"),
    (GRD_CAL, remove_all(f"{CAL_LIST}/pixel"), r"lacks <calibrationVectorList/calibrationVector"
                                               r"\[1\]/pixel>"),
    (GRD_NOISE, set_text(f"{NOISE_LIST}/noiseRangeLut", " ".join(["-1"] * 657), 0),
     r"must be non-negative"),
    (GRD_NOISE, set_text(f"{NOISE_LIST}/azimuthTime", "2021-13-01T00:00:00", 2), r"month|date"),
    (GRD_NOISE, set_text("noiseAzimuthVectorList/noiseAzimuthVector/lastRangeSample", "-5", 1),
     r"below the smallest possible value"),
    (GRD_NOISE, set_text("noiseAzimuthVectorList/noiseAzimuthVector/noiseAzimuthLut", "nan", 0),
     r"not a finite number|expected"),
    (GRD_NOISE, remove_all(NOISE_LIST), r"has no range noise vectors"),
])
def test_malformed_annotation_gives_product_error(tmp_path, source, change, pattern):
    path = write_changed_xml(source, tmp_path / source.name, change)
    reader = read_calibration if source == GRD_CAL else read_noise
    with pytest.raises(ProductError, match=pattern) as error:
        reader(str(path))
    assert source.name in str(error.value)


@pytest.mark.parametrize("make, pattern", [
    (lambda p: with_encoding(GRD_CAL, p, "UTF-9"), r"encoding Python does not know"),
    (lambda p: p.write_bytes(GRD_CAL.read_bytes()[:5000]) and p, r"truncated or not valid XML"),
    (lambda p: shutil.copy(GRD_XML, p), r"not a Sentinel-1 calibration annotation \(root "
                                        r"<product>"),
    (lambda p: shutil.copy(GRD_NOISE, p), r"root <noise>, expected <calibration>"),
])
def test_unreadable_or_foreign_calibration_file(tmp_path, make, pattern):
    path = tmp_path / "calibration-s1b-iw-grd-vv.xml"
    make(path)
    with pytest.raises(ProductError, match=pattern):
        read_calibration(str(path))


def test_annotations_of_another_image_are_refused():
    with pytest.raises(ProductError, match=r"IW/VV, but .* belongs to IW1/VV"):
        Sentinel1Radiometry.from_files(str(GRD_CAL), annotation=str(SLC_XML))
    with pytest.raises(ProductError, match=r"IW1/VV, but .* belongs to IW/VV"):
        Sentinel1Radiometry.from_files(str(SLC_CAL), noise=str(GRD_NOISE))


def copy_safe(tmp_path, drop=()):
    target = tmp_path / GRD_SAFE.name
    shutil.copytree(GRD_SAFE, target)
    for pattern in drop:
        for path in target.rglob(pattern):
            path.unlink()
    return target


def test_safe_without_calibration_or_noise_annotation(tmp_path):
    safe = copy_safe(tmp_path, drop=("calibration-*.xml",))
    with pytest.raises(ProductError, match=r"lacks the calibration annotation annotation/"
                                           r"calibration/calibration-s1b-iw-grd-vv-.* download "
                                           r"the complete SAFE"):
        Sentinel1Radiometry.from_product(str(safe))
    safe = copy_safe(tmp_path / "b", drop=("noise-*.xml",))
    with pytest.raises(ProductError, match=r"thermal-noise annotation .* without noise removal"):
        Sentinel1Radiometry.from_product(str(safe))
    calibrated_only = Sentinel1Radiometry.from_product(str(safe), noise=False)
    assert calibrated_only.calibrate(np.ones((2, 2)), 0, 0, denoise=False).shape == (2, 2)
    with pytest.raises(ProductError, match=r"No noise annotation was read"):
        calibrated_only.calibrate(np.ones((2, 2)), 0, 0)


def test_zipped_safe_reads_and_damaged_members_are_refused(tmp_path, grd):
    archive = zip_safe(GRD_SAFE, tmp_path / "s1.zip", stored=(GRD_CAL.name,))
    from_zip = Sentinel1Radiometry.from_product(str(archive))
    dn = np.full((3, 4), 120, dtype=np.uint16)
    np.testing.assert_array_equal(from_zip.calibrate(dn, 5, 6), grd.calibrate(dn, 5, 6))
    member = next(n for n in zipfile.ZipFile(archive).namelist() if "calibration-" in n)
    offset, size = member_data_offset(archive, member)
    flip_byte(archive, offset + size // 2)
    with pytest.raises(ProductError, match=r"is damaged: member .*calibration-.* download the "
                                           r"product again"):
        Sentinel1Radiometry.from_product(str(archive))
    bare = zip_safe(copy_safe(tmp_path / "c", drop=("*.xml",)), tmp_path / "bare.zip")
    with pytest.raises(ProductError, match=r"No Sentinel-1 annotation XML"):
        Sentinel1Radiometry.from_product(str(bare))


@pytest.mark.parametrize("name", ["s1_grd_safe_bad_crc.zip", "s1_grd_safe_bad_deflate.zip"])
def test_shared_reliability_zips(name):
    path = Path(__file__).resolve().parents[2] / "shared" / "reliability" / name
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    with pytest.raises(ProductError, match=r"damaged|lacks the calibration annotation"):
        Sentinel1Radiometry.from_product(str(path))


def test_blocks_outside_the_raster_and_bad_blocks(grd, slc):
    with pytest.raises(ProductError, match=r"lies outside the 16705 x 26102 raster .* crop "
                                           r"offset"):
        grd.calibrate(np.ones((10, 10)), 16700, 0)
    with pytest.raises(ProductError, match=r"offset must be >= 0"):
        grd.calibrate(np.ones((10, 10)), -1, 0)
    with pytest.raises(ValueError, match=r"Unknown calibration 'sigma1'"):
        grd.calibrate(np.ones((2, 2)), 0, 0, kind="sigma1")
    with pytest.raises(ValueError, match=r"2-D"):
        grd.calibrate(np.ones(5), 0, 0)
    with pytest.raises(ValueError, match=r"cannot be calibrated"):
        grd.calibrate(np.array([["a", "b"]]), 0, 0)
    tops = Sentinel1Radiometry.from_files(str(SLC_CAL), noise=str(SLC_NOISE))
    with pytest.raises(ProductError, match=r"TOPS SLC .* burst timing"):
        tops.calibrate(np.ones((2, 2)), 0, 0)
    np.testing.assert_array_equal(tops.calibrate(np.ones((2, 2)), 10, 10, denoise=False),
                                  slc.calibrate(np.ones((2, 2)), 10, 10, denoise=False))


# -- GDAL's SENTINEL1 (SAFE) driver, where it offers calibrated GRD data -------------------------

def test_against_gdal_calibrated_grd_where_gdal_offers_it(tmp_path, grd):
    gdal = pytest.importorskip("osgeo.gdal")
    safe = copy_safe(tmp_path)
    (safe / "measurement").mkdir()
    tiff = safe / "measurement" / GRD_XML.name.replace(".xml", ".tiff")
    dataset = gdal.GetDriverByName("GTiff").Create(str(tiff), GRD_SIZE[1], GRD_SIZE[0], 1,
                                                   gdal.GDT_UInt16, ["TILED=YES", "SPARSE_OK=TRUE"])
    dn = np.random.default_rng(5).integers(20, 600, (64, 96)).astype(np.uint16)
    dataset.GetRasterBand(1).WriteArray(dn, 9000, 7000)  # lines 7000.., pixels 9000..
    dataset = None  # a full-size sparse TIFF of a few kB
    name = f"SENTINEL1_CALIB:SIGMA0:{safe / 'manifest.safe'}:IW_VV:INTENSITY"
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        calibrated = gdal.Open(name)
    except RuntimeError:  # GDAL with exceptions enabled
        calibrated = None
    finally:
        gdal.PopErrorHandler()
    if calibrated is None:
        pytest.skip(f"GDAL {gdal.__version__}'s SAFE driver offers no calibrated GRD dataset "
                    f"(only UNCALIB): no comparison possible")
    theirs = calibrated.GetRasterBand(1).ReadAsArray(9000, 7000, 96, 64).astype(np.float64)
    ours = grd.calibrate(dn, 7000, 9000, denoise=False, dtype=np.float64)
    assert np.nanmax(np.abs(10 * np.log10(theirs / ours))) < 0.01
