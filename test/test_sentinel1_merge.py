"""Swath merge of a Sentinel-1 TOPS SLC (issue 15): core/products/sentinel1_merge.py.

The product is the real Ötztal IW SLC annotation set of test/data/s1 with the real IW1 VH
annotation and the IW1/IW2 VH calibration and noise annotations of the same product added
(test/data/s1/EFA4_SLC_VH_supplement, see its README.md), so two adjacent swaths of one
polarisation are calibrated. Their measurement TIFFs are written here at the real sizes
(CInt16, one-line strips, DEFLATE and sparse, as test_sentinel1_measurement does) with random
digital numbers in a few patches: IW1 only, IW2 only, both sides of the overlap (IW2 20 dB
brighter there, so the source of a cell shows), and IW2 before IW1 starts (the staircase).

Expected values come from the annotation XML read here with ElementTree (times, slant-range
times, sampling rate, valid samples) and from each swath read alone
(calibrated_backscatter_blocks, checked against ESA's formulas in test_sentinel1_measurement).
Memory: the merge reads each swath only through its block reader; the test records those
reads and checks that no read spans more than one block's lines (memory is not timed).
"""
import math
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback
from reader_cases import DATA, GRD_SAFE, SLC_SAFE
from test_sentinel1_measurement import annotation_name, copy_safe, write_raster

from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.sentinel1_backscatter import calibrated_backscatter_blocks
from sar_height.core.products.sentinel1_merge import (
    interpolate_range,
    is_merge_request,
    merged_backscatter_blocks,
    swaths_to_merge,
)

gdal.UseExceptions()

SUPPLEMENT = DATA / "s1" / "EFA4_SLC_VH_supplement"
C = 299792458.0
SIZES = {"IW1": (13509, 21632), "IW2": (15130, 25508)}  # lines, samples
LOOKS = (1, 3)  # the merge's default for 10 m: mean mid-swath incidence 36.6 deg
IW1_LINES = (3150, 3350)  # IW1 product lines of the test patches (burst 2, owned by it)
IW1_ONLY = (4000, 4600)  # IW1 samples: near range, IW1 only
IW2_ONLY = (12000, 12600)  # IW2 samples: mid-swath, IW2 only
IW1_OVERLAP = (20000, SIZES["IW1"][1])  # IW1 far range, across the seam
IW2_OVERLAP = (0, 1500)  # IW2 near range, across the seam
IW2_EARLY = (100, 300)  # IW2 product lines before IW1 starts (burst 0)


# -- the annotation, read here --------------------------------------------------------------------

@dataclass
class Facts:
    """What the tests need of one swath's annotation, read with ElementTree."""

    near_range_m: float
    spacing_m: float
    samples: int
    interval_s: float
    lines_per_burst: int
    burst_times: list  # datetime64[ns]
    first_valid: np.ndarray  # per product line (-1 invalid)
    last_valid: np.ndarray
    root: ET.Element

    def line_time(self, line):
        """Azimuth time (datetime64[ns]) of a product line (burst timing)."""
        burst = line // self.lines_per_burst
        offset = (line - burst * self.lines_per_burst) * self.interval_s
        return self.burst_times[burst] + np.timedelta64(round(offset * 1e9), "ns")

    def valid_lines_time_span(self):
        """Times of the first valid line of the first burst and last of the last burst."""
        valid = np.flatnonzero(self.first_valid >= 0)
        return self.line_time(int(valid[0])), self.line_time(int(valid[-1]))


def facts(safe, swath):
    path = next((Path(safe) / "annotation").glob(f"s1b-{swath.lower()}-slc-vh-*.xml"))
    root = ET.parse(path).getroot()
    info = root.find("imageAnnotation/imageInformation")
    rate = float(root.findtext("generalAnnotation/productInformation/rangeSamplingRate"))
    bursts = root.findall("swathTiming/burstList/burst")
    first = np.concatenate([np.array(b.findtext("firstValidSample").split(), dtype=int)
                            for b in bursts])
    last = np.concatenate([np.array(b.findtext("lastValidSample").split(), dtype=int)
                           for b in bursts])
    return Facts(float(info.findtext("slantRangeTime")) * C / 2, C / (2 * rate),
                 int(info.findtext("numberOfSamples")), float(info.findtext("azimuthTimeInterval")),
                 int(root.findtext("swathTiming/linesPerBurst")),
                 [np.datetime64(b.findtext("azimuthTime"), "ns") for b in bursts], first, last,
                 root)


def seconds(time, grid):
    """Seconds of a datetime64 since the merged grid's epoch."""
    return float((time - np.datetime64(grid.epoch, "ns")).astype(np.int64)) * 1e-9


# -- the synthetic product ------------------------------------------------------------------------

def add_supplement(safe):
    for path in SUPPLEMENT.rglob("*.xml"):
        target = safe / path.relative_to(SUPPLEMENT)
        shutil.copy(path, target)
        target.chmod(0o644)
    return safe


def noise_patch(rng, lines, samples, amplitude):
    dn = rng.normal(0, amplitude, (lines, samples)) + 1j * rng.normal(0, amplitude,
                                                                        (lines, samples))
    return np.round(dn).astype(np.complex64)


def iw2_lines_of(safe, iw1_lines, margin=40):
    """IW2 product lines that cover the times of IW1 product lines (burst timing), + margin."""
    f1, f2 = facts(safe, "IW1"), facts(safe, "IW2")
    t0, t1 = (f1.line_time(line) for line in iw1_lines)
    starts = np.array(f2.burst_times)
    burst = int(np.searchsorted(starts, t0) - 1)
    rel = [float((t - starts[burst]).astype(np.int64)) * 1e-9 / f2.interval_s for t in (t0, t1)]
    first = burst * f2.lines_per_burst + int(rel[0]) - margin
    return first, burst * f2.lines_per_burst + int(rel[1]) + margin


@pytest.fixture(scope="module")
def safe(tmp_path_factory):
    """The Ötztal SLC SAFE with IW1 and IW2 VH measurements of the real sizes."""
    product = add_supplement(copy_safe(SLC_SAFE, tmp_path_factory.mktemp("merge")))
    rng = np.random.default_rng(15)
    l0, l1 = IW1_LINES
    m0, m1 = iw2_lines_of(product, IW1_LINES)
    iw1 = [(l0, s0, noise_patch(rng, l1 - l0, s1 - s0, 60)) for s0, s1 in (IW1_ONLY, IW1_OVERLAP)]
    iw2 = [(m0, IW2_ONLY[0], noise_patch(rng, m1 - m0, IW2_ONLY[1] - IW2_ONLY[0], 60)),
           (m0, 0, noise_patch(rng, m1 - m0, IW2_OVERLAP[1], 600)),
           (IW2_EARLY[0], 0, noise_patch(rng, IW2_EARLY[1] - IW2_EARLY[0], IW2_OVERLAP[1], 600))]
    for swath, patches in (("IW1", iw1), ("IW2", iw2)):
        name = annotation_name(product, f"s1b-{swath.lower()}-slc-vh-*.xml")
        write_raster(product / "measurement" / f"{name}.tiff", SIZES[swath], np.complex64,
                     patches)
    return product


@pytest.fixture(scope="module")
def merged(safe):
    blocks = merged_backscatter_blocks(safe)
    yield blocks
    blocks.close()


@pytest.fixture(scope="module")
def own(safe):
    """Each swath read alone with the merge's looks."""
    swaths = {s: calibrated_backscatter_blocks(safe, s, "VH", multilook=LOOKS)
              for s in ("IW1", "IW2")}
    yield swaths
    for blocks in swaths.values():
        blocks.close()


def merged_lines_of(merged, f, lines):
    """Merged output lines at the times of product lines of one swath (must be whole)."""
    grid = merged.grid
    rows = np.array([grid.output_line_of_time(seconds(f.line_time(line), grid))
                     for line in range(*lines)])
    np.testing.assert_allclose(rows, np.round(rows), atol=2e-3)  # one azimuth time grid
    return np.round(rows).astype(int)


def own_rows(blocks, merged, rows):
    """Rows of a swath's own output at the times of merged rows (the nearest, by time)."""
    times = merged.grid.azimuth_time(rows)
    return np.round(blocks.grid.output_line_of_time(times)).astype(int)


def expected_iw2(merged, own_iw2, f2, rows, columns):
    """IW2's own values linearly interpolated (linear power) at merged cell slant ranges."""
    block = own_iw2.read(int(rows.min()), int(rows.max() - rows.min() + 1)).astype(np.float64)
    block = block[rows - rows.min()]
    cell = (merged.grid.slant_range(columns) - f2.near_range_m) / f2.spacing_m
    x = (cell - 0.5 * (LOOKS[1] - 1)) / LOOKS[1]  # cell centres at product samples 3x + 1
    x0 = np.floor(x).astype(int)
    w = x - x0
    return (1 - w) * block[:, x0] + w * block[:, x0 + 1], w


# -- the grid -------------------------------------------------------------------------------------

def test_grid_spans_the_union_of_the_swaths_in_range_and_azimuth(safe, merged):
    grid = merged.grid
    f1, f2 = facts(safe, "IW1"), facts(safe, "IW2")
    assert merged.swaths == ["IW1", "IW2"] and merged.polarisation == "VH"
    assert (grid.azimuth_looks, grid.range_looks) == LOOKS
    assert grid.range_spacing_m == pytest.approx(3 * f1.spacing_m, rel=1e-12)
    assert grid.line_interval_s == pytest.approx(f1.interval_s, rel=1e-12)
    # range: from the centre of IW1's first 3-sample cell to IW2's last sample
    assert float(grid.slant_range(0)) == pytest.approx(f1.near_range_m + f1.spacing_m, abs=1e-6)
    far = f2.near_range_m + (f2.samples - 1) * f2.spacing_m
    last = float(grid.slant_range(grid.samples - 1))
    assert abs(last - far) <= grid.range_spacing_m and last + grid.range_spacing_m > far
    assert float(grid.slant_range_time(10)) == pytest.approx(2 * grid.slant_range(10) / C,
                                                             rel=1e-15)
    # azimuth: from the earliest valid line of any swath to the latest
    spans = [facts(safe, s).valid_lines_time_span() for s in ("IW1", "IW2")]
    earliest = min(seconds(s[0], grid) for s in spans)
    latest = max(seconds(s[1], grid) for s in spans)
    assert abs(float(grid.azimuth_time(0)) - earliest) <= 0.5 * grid.line_interval_s
    assert abs(float(grid.azimuth_time(grid.lines - 1)) - latest) <= 0.5 * grid.line_interval_s
    assert seconds(spans[1][0], grid) < seconds(spans[0][0], grid) - 800 * f1.interval_s


def test_gcps_are_both_swaths_tie_points_placed_by_their_times(safe, merged):
    gcps = np.array(merged.output_gcps())
    grid = merged.grid
    expected = []
    for swath in ("IW1", "IW2"):
        for point in facts(safe, swath).root.iter("geolocationGridPoint"):
            t = seconds(np.datetime64(point.findtext("azimuthTime"), "ns"), grid)
            r = float(point.findtext("slantRangeTime")) * C / 2
            expected.append((float(grid.output_line_of_time(t)),
                             float(grid.output_sample_of_range(r)),
                             float(point.findtext("latitude")), float(point.findtext("longitude"))))
    assert len(gcps) == len(expected) == 210 + 231
    np.testing.assert_allclose(gcps[:, :4], np.array(expected), rtol=0, atol=1e-6)
    assert gcps[:, 1].min() < 1 and gcps[:, 1].max() > grid.samples - 2  # both range ends


# -- the values -----------------------------------------------------------------------------------

def test_cells_inside_one_swath_are_its_own_multilooked_values(safe, merged, own):
    f1, f2 = facts(safe, "IW1"), facts(safe, "IW2")
    rows = merged_lines_of(merged, f1, IW1_LINES)[20:-20]
    block = merged.read(int(rows[0]), len(rows)).astype(np.float64)
    # IW1: the grid starts at IW1's first cell, so its cells are copied unchanged
    x0, x1 = IW1_ONLY[0] // 3 + 1, IW1_ONLY[1] // 3 - 1
    iw1_rows = own_rows(own["IW1"], merged, rows)
    iw1 = own["IW1"].read(int(iw1_rows[0]), len(rows))
    assert np.all(np.diff(iw1_rows) == 1)
    np.testing.assert_allclose(block[:, x0:x1], iw1[:, x0:x1], rtol=1e-6)
    assert np.nanmedian(iw1[:, x0:x1]) > 1e-3  # random DNs, not the floor
    # IW2: its cells lie 1/3 or 2/3 of a cell off the grid: linear interpolation in range
    j0 = math.ceil(float(merged.grid.output_sample_of_range(
        f2.near_range_m + (IW2_ONLY[0] + 3) * f2.spacing_m)))
    j1 = int(merged.grid.output_sample_of_range(
        f2.near_range_m + (IW2_ONLY[1] - 4) * f2.spacing_m))
    columns = np.arange(j0, j1)
    expected, w = expected_iw2(merged, own["IW2"], f2, own_rows(own["IW2"], merged, rows),
                               columns)
    assert 0.01 < w.min() and w.max() < 0.99  # really between two cells
    np.testing.assert_allclose(block[:, j0:j1], expected, rtol=1e-6)


def seam_facts(safe):
    f1, f2 = facts(safe, "IW1"), facts(safe, "IW2")
    far1 = f1.near_range_m + f1.last_valid[f1.last_valid >= 0].min() * f1.spacing_m
    near2 = f2.near_range_m + f2.first_valid[f2.first_valid >= 0].max() * f2.spacing_m
    return f1, f2, far1, near2


def test_seam_lies_at_the_middle_of_the_overlap(safe, merged, own):
    f1, f2, far1, near2 = seam_facts(safe)
    assert far1 - near2 > 1000  # the swaths overlap by about 1.1 km of slant range
    assert merged.seams_m == [pytest.approx(0.5 * (far1 + near2), abs=1e-6)]
    grid = merged.grid
    seam = math.ceil(float(grid.output_sample_of_range(merged.seams_m[0])))  # first IW2 cell
    assert grid.slant_range(seam - 1) < merged.seams_m[0] <= grid.slant_range(seam)
    rows = merged_lines_of(merged, f1, IW1_LINES)[20:-20]
    block = merged.read(int(rows[0]), len(rows)).astype(np.float64)
    iw1 = own["IW1"].read(int(own_rows(own["IW1"], merged, rows)[0]), len(rows))
    columns = np.arange(seam, seam + 30)
    iw2, _ = expected_iw2(merged, own["IW2"], f2, own_rows(own["IW2"], merged, rows), columns)
    np.testing.assert_allclose(block[:, seam - 30:seam], iw1[:, seam - 30:seam], rtol=1e-6)
    np.testing.assert_allclose(block[:, seam:seam + 30], iw2, rtol=1e-6)
    # IW2's overlap patch is 20 dB brighter: the step is at the seam
    assert np.median(block[:, seam:seam + 30]) > 30 * np.median(block[:, seam - 30:seam])


def test_no_gaps_inside_the_valid_area_and_the_staircase_is_filled(safe, merged, own):
    f1, f2, far1, near2 = seam_facts(safe)
    grid = merged.grid
    cell = grid.range_spacing_m
    near1 = f1.near_range_m + f1.first_valid[f1.first_valid >= 0].max() * f1.spacing_m
    far2 = f2.near_range_m + f2.last_valid[f2.last_valid >= 0].min() * f2.spacing_m
    ranges = grid.slant_range(np.arange(grid.samples))
    rows = merged_lines_of(merged, f1, IW1_LINES)[20:-20]
    block = merged.read(int(rows[0]), len(rows))
    inside = (ranges > near1 + cell) & (ranges < far2 - cell)
    assert np.isfinite(block[:, inside]).all()
    assert np.isnan(block[:, ranges < f1.near_range_m + 400 * f1.spacing_m]).all()
    assert np.isnan(block[:, ranges > f2.near_range_m + 24900 * f2.spacing_m]).all()
    # before IW1 starts only IW2 holds cells: IW1's part of the overlap comes from IW2
    early = np.round([grid.output_line_of_time(seconds(f2.line_time(line), grid))
                      for line in range(IW2_EARLY[0] + 20, IW2_EARLY[1] - 20)]).astype(int)
    assert early.max() < float(grid.output_line_of_time(
        seconds(f1.valid_lines_time_span()[0], grid)))
    block = merged.read(int(early[0]), len(early))
    burst0 = f2.first_valid[:f2.lines_per_burst]
    near2_burst0 = f2.near_range_m + burst0[burst0 >= 0].max() * f2.spacing_m
    filled = (ranges > near2_burst0 + cell) & (ranges < merged.seams_m[0])
    assert filled.sum() > 50 and np.isfinite(block[:, filled]).all()
    columns = np.flatnonzero(filled)
    iw2, _ = expected_iw2(merged, own["IW2"], f2, own_rows(own["IW2"], merged, early), columns)
    np.testing.assert_allclose(block[:, filled], iw2, rtol=1e-6)
    assert np.isnan(block[:, ranges < f2.near_range_m - cell]).all()  # IW1 not yet there


# -- blocks and memory ----------------------------------------------------------------------------

def test_blockwise_output_equals_one_read_and_reads_only_the_block_lines(safe, merged):
    width = sum(SIZES[s][1] for s in ("IW1", "IW2"))
    small = merged_backscatter_blocks(safe, max_block_pixels=3 * width)
    try:
        assert small.block_lines() == 3
        reads = []
        for part in small.parts:
            def recording(line0, lines, _read=part.blocks.read, _swath=part.swath):
                reads.append((_swath, line0, lines))
                return _read(line0, lines)
            part.blocks.read = recording
        f1 = facts(safe, "IW1")
        rows = merged_lines_of(merged, f1, IW1_LINES)
        start = int(rows[0]) - 1
        whole = merged.read(start, 60)
        pieces = [small.read(line, 3) for line in range(start, start + 60, 3)]
        np.testing.assert_array_equal(np.concatenate(pieces), whole)
        assert {s for s, _, _ in reads} == {"IW1", "IW2"}
        assert max(lines for _, _, lines in reads) <= 3  # one azimuth look: a line per line
        first = []
        for lines, block in small:  # the iterator: the first blocks (IW2 alone)
            first.append(block)
            if lines.stop >= 12:
                break
        np.testing.assert_array_equal(np.concatenate(first), merged.read(0, 12))
    finally:
        small.close()


def test_interpolation_leaves_nan_neighbours_out():
    values = np.array([[1.0, 3.0, np.nan, 5.0]])
    got = interpolate_range(values, np.array([-0.5, 0.0, 0.25, 1.5, 2.0, 2.5, 3.4, 3.5]))
    np.testing.assert_allclose(got[0], [1.0, 1.0, 1.5, 3.0, np.nan, 5.0, 5.0, 5.0])


# -- which swaths ---------------------------------------------------------------------------------

def test_swath_choice_polarisation_box_and_refusals(safe):
    def names(entries):
        return [(e.swath, e.polarisation) for e in entries]

    assert names(swaths_to_merge(safe)) == [("IW1", "VH"), ("IW2", "VH")]  # most swaths
    assert names(swaths_to_merge(safe, "vv")) == [("IW1", "VV")]
    assert names(swaths_to_merge(safe, swaths=["iw2"])) == [("IW2", "VH")]
    oetztal = (10.8, 46.75, 11.0, 46.95)  # inside IW2 only (test/data/SOURCES.md)
    assert names(swaths_to_merge(safe, lonlat_box=oetztal)) == [("IW2", "VH")]
    whole = (8.5, 45.5, 12.5, 47.6)
    assert names(swaths_to_merge(safe, lonlat_box=whole)) == [("IW1", "VH"), ("IW2", "VH")]
    with pytest.raises(ProductError, match="None of the swaths IW1, IW2"):
        swaths_to_merge(safe, lonlat_box=(0.0, 0.0, 1.0, 1.0))
    with pytest.raises(ProductError, match="west < east"):
        swaths_to_merge(safe, lonlat_box=(11.0, 46.0, 10.0, 47.0))
    with pytest.raises(ProductError, match="no VH annotation for IW3"):
        swaths_to_merge(safe, swaths=["IW3"])
    with pytest.raises(ProductError, match="GRD product: ESA has merged its swaths"):
        swaths_to_merge(GRD_SAFE)
    assert is_merge_request(" all ") and is_merge_request("Merged")
    assert not is_merge_request("IW2") and not is_merge_request(None)


# -- the Processing algorithm ---------------------------------------------------------------------

@pytest.mark.slow
def test_processing_swath_all_writes_the_merged_raster(qgis_processing, safe, tmp_path):
    out = tmp_path / "merged.tif"
    feedback = collecting_feedback()
    result = qgis_processing.run("sarheight:sentinel1_backscatter", {
        "PRODUCT": str(safe), "SWATH": "all", "GROUND_PIXEL": 150.0, "OUTPUT_DB": False,
        "OUTPUT": str(out)}, feedback=feedback)
    assert result["OUTPUT"] == str(out)
    core = merged_backscatter_blocks(safe, ground_pixel_m=150.0)
    try:
        dataset = gdal.Open(str(out))
        assert (dataset.RasterYSize, dataset.RasterXSize) == (core.lines, core.samples)
        assert dataset.GetGCPCount() == 441
        assert dataset.GetMetadataItem("SAR_HEIGHT_SWATHS") == "IW1 IW2"
        assert dataset.GetMetadataItem("SAR_HEIGHT_UNITS") == "linear"
        f1 = facts(safe, "IW1")
        row = int(round(float(core.grid.output_line_of_time(
            seconds(f1.line_time(sum(IW1_LINES) // 2), core.grid)))))
        written = dataset.GetRasterBand(1).ReadAsArray(0, row, core.samples, 1)
        np.testing.assert_array_equal(written, core.read(row, 1))
        assert np.isfinite(written).sum() > 0.9 * core.samples
    finally:
        core.close()
    log = "\n".join(feedback.lines)
    assert "Swaths IW1 + IW2 (VH) merged onto one grid" in log


def test_processing_swath_all_of_a_grd_reads_its_one_raster(qgis_processing, tmp_path):
    from qgis.core import QgsProcessingException

    feedback = collecting_feedback()
    with pytest.raises(QgsProcessingException, match="has no measurement rasters"):
        qgis_processing.run("sarheight:sentinel1_backscatter", {
            "PRODUCT": str(GRD_SAFE), "SWATH": "ALL", "OUTPUT": str(tmp_path / "g.tif")},
            feedback=feedback)
    assert any("holds one raster (GRD IW" in line for line in feedback.lines)
    assert list(tmp_path.iterdir()) == []
