"""Sentinel-1 orbit files (EOF) on a real product: parsing, geolocation, refusals, discovery.

The data (test/data/sar/s1_slc_terceira/README.md): the real IW3 VV annotation of an S1A SLC
over Terceira (Azores) and the ESA restituted orbit file (AUX_RESORB) of that day.

Tolerances of the geolocation test. ESA computed the annotation's geolocation grid with the
annotation's own orbit; the RESORB differs from it by 1.9 cm here (restituted orbits differ from
the annotation's by centimetres to decimetres). A difference of 0.1 m moves a tie point by
0.1 m / 14 m = 0.007 lines along track and 0.1 m / 2.33 m = 0.043 samples in slant range, so
the EOF must put the tie points within 0.01 lines and 0.05 samples; it gives 0.0015 lines and
0.0015 samples (the annotation orbit: 0.0015 lines, 0.0001 samples). 0.01 lines are 21 us of
azimuth time: an orbit shifted by 50 us (an epoch or time-scale slip) fails.
"""
import os
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from sar_height.core.geometry.ellipsoid import geodetic_to_ecef
from sar_height.core.products.acquisition import SPEED_OF_LIGHT, ProductError
from sar_height.core.products.fields import parse_xml
from sar_height.core.products.orbit_file import (
    MIN_VECTORS_OUTSIDE,
    apply_orbit_file,
    find_orbit_file,
    read_orbit_file,
)
from sar_height.core.products.reader import open_geometry
from sar_height.core.products.sentinel1 import read_tie_points

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "test" / "data" / "sar" / "s1_slc_terceira"
ANNOTATION = DATA / "s1a-iw3-slc-vv-20220918t074921-20220918t074946-045056-056232-006.xml"
EOF = DATA / "S1A_OPER_AUX_RESORB_OPOD_20220918T093241_V20220918T053155_20220918T084925.EOF"
SAFE_NAME = "S1A_IW_SLC__1SDV_20220918T074921_20220918T074946_045056_056232_6A5E.SAFE"
TSX = ROOT / "test" / "data" / "tsx_staring_spotlight"
JSON = ROOT / "test" / "data" / "reliability" / "geometry_valid_base.json"

# The chip (README): lines 9800-10400, samples 11000-12400 (1-based) of the full raster, inside
# burst 7 (raster lines 9084-10597). The grid points around it: the grid lines bounding burst 7
# and the grid samples 10899, 12110 (inside the chip) and 13321.
CHIP_LINES, CHIP_SAMPLES = (9084, 10598), (10899, 13321)
LINE_TOLERANCE, SAMPLE_TOLERANCE = 0.01, 0.05  # module docstring
STANDARD_LINES, STANDARD_SAMPLES = 0.05, 0.01  # the annotation orbit: test_geometry.py
ELLIPSOID = 2  # DEM_VERTICAL_DATUM: WGS84 ellipsoid


def tie_point_residuals(geometry, near_chip=False):
    """(line, sample) residuals of geo2rdr at the annotation's geolocation grid points."""
    root = parse_xml(str(ANNOTATION))
    tie_time, tie = read_tie_points(root, geometry.orbit.epoch)
    chosen = np.ones(tie_time.shape, dtype=bool)
    if near_chip:
        chosen = ((tie["line"] >= CHIP_LINES[0]) & (tie["line"] <= CHIP_LINES[1])
                  & (tie["pixel"] >= CHIP_SAMPLES[0]) & (tie["pixel"] <= CHIP_SAMPLES[1]))
    xyz = geodetic_to_ecef(tie["latitude"][chosen], tie["longitude"][chosen],
                           tie["height"][chosen])
    t, slant_range, ok = geometry.geo2rdr(xyz, tie_time[chosen])
    assert ok.all()
    lines = (t - tie_time[chosen]) / geometry.azimuth_time_interval_s
    sample_m = SPEED_OF_LIGHT / (2.0 * geometry.extra["range_sampling_rate_hz"])
    samples = (slant_range - tie["slantRangeTime"][chosen] * SPEED_OF_LIGHT / 2.0) / sample_m
    return lines, samples


def edited_eof(tmp_path, name=EOF.name, text=None, keep=None, replace_text=()):
    """Write a copy of the RESORB to ``tmp_path/name``: edited text, or only OSVs ``keep``."""
    source = EOF.read_text(encoding="utf-8") if text is None else text
    for old, new in replace_text:
        assert old in source
        source = source.replace(old, new)
    if keep is not None:
        head, rest = source.split("<OSV>", 1)
        blocks = ["<OSV>" + b for b in rest.split("<OSV>")]
        tail = blocks[-1][blocks[-1].index("</OSV>") + len("</OSV>"):]
        blocks[-1] = blocks[-1][:blocks[-1].index("</OSV>") + len("</OSV>")] + "\n"
        source = head + "".join(blocks[keep]) + tail
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


# -- parsing ----------------------------------------------------------------------------------
def test_reads_the_real_resorb():
    orbit_file = read_orbit_file(EOF)
    assert orbit_file.mission == "S1A"
    assert orbit_file.file_type == "AUX_RESORB"
    assert len(orbit_file.times) == 1186
    assert orbit_file.times[0] == np.datetime64("2022-09-18T05:31:55.470319", "ns")
    assert orbit_file.validity_start == np.datetime64("2022-09-18T05:31:55", "ns")
    assert orbit_file.validity_stop == np.datetime64("2022-09-18T08:49:25", "ns")
    np.testing.assert_array_equal(np.diff(orbit_file.times).astype(np.int64), 10 ** 10)
    np.testing.assert_allclose(orbit_file.positions[0],
                               [-7017370.359270, -913614.605891, -40855.463295])
    np.testing.assert_allclose(orbit_file.velocities[-1], [1039.667942, 1195.313352, 7430.352585])
    radius = np.linalg.norm(orbit_file.positions, axis=1)
    assert np.all((radius > 7.0e6) & (radius < 7.1e6))  # Sentinel-1: ~700 km above the Earth


def test_apply_keeps_the_annotation_epoch_and_a_window():
    annotation = open_geometry(ANNOTATION)
    geometry = open_geometry(ANNOTATION, orbit_file=EOF)
    orbit_file = read_orbit_file(EOF)
    assert geometry.orbit.epoch == annotation.orbit.epoch  # image times keep their meaning
    assert geometry.first_line_time_s == annotation.first_line_time_s
    assert geometry.orbit.start_time <= annotation.orbit.start_time
    assert geometry.orbit.stop_time >= annotation.orbit.stop_time
    assert geometry.orbit.start_time <= geometry.first_line_time_s - 60.0
    assert len(geometry.orbit.times) < 30  # a window, not the file's 3 h (other passes)
    # the EOF's vectors, at their own times, are the orbit's positions
    kept = np.isin(orbit_file.times, np.datetime64(geometry.orbit.epoch, "ns")
                   + (geometry.orbit.times * 1e9).round().astype("timedelta64[ns]"))
    assert kept.sum() == len(geometry.orbit.times)
    position = geometry.orbit.interpolate(geometry.orbit.times)[0]
    np.testing.assert_allclose(position, orbit_file.positions[kept], atol=1e-6)
    assert geometry.extra["orbit_file"] == str(EOF)
    assert "RESORB" in geometry.extra["orbit_note"]
    assert "annotation" in annotation.extra["orbit_note"]


# -- geolocation against ESA's grid -------------------------------------------------------------
def test_resorb_differs_from_the_annotation_orbit_by_centimetres():
    annotation = open_geometry(ANNOTATION)
    geometry = open_geometry(ANNOTATION, orbit_file=EOF)
    t = np.linspace(annotation.first_line_time_s, annotation.last_line_time_s, 200)
    difference = np.linalg.norm(annotation.orbit.interpolate(t)[0]
                                - geometry.orbit.interpolate(t)[0], axis=1)
    assert 1e-3 < difference.max() < 0.1, difference.max()  # measured 0.019 m


@pytest.mark.parametrize("near_chip", [True, False], ids=["around the chip", "whole swath"])
def test_resorb_puts_tie_points_on_their_grid_position(near_chip):
    lines, samples = tie_point_residuals(open_geometry(ANNOTATION, orbit_file=EOF), near_chip)
    assert len(lines) == (6 if near_chip else 210)
    assert np.abs(lines).max() < LINE_TOLERANCE, np.abs(lines).max()
    assert np.abs(samples).max() < SAMPLE_TOLERANCE, np.abs(samples).max()
    own_lines, own_samples = tie_point_residuals(open_geometry(ANNOTATION), near_chip)
    assert np.abs(own_lines).max() < STANDARD_LINES
    assert np.abs(own_samples).max() < STANDARD_SAMPLES


def test_tie_point_check_sees_a_time_slip():
    orbit_file = read_orbit_file(EOF)
    slipped = replace(orbit_file, times=orbit_file.times + np.timedelta64(50, "us"))
    lines, _ = tie_point_residuals(apply_orbit_file(open_geometry(ANNOTATION), slipped), True)
    assert np.abs(lines).max() > LINE_TOLERANCE


# -- refusals -----------------------------------------------------------------------------------
def test_orbit_file_of_another_satellite_is_refused(tmp_path):
    other = edited_eof(tmp_path, EOF.name.replace("S1A_", "S1B_"),
                       replace_text=[("<Mission>Sentinel-1A</Mission>",
                                      "<Mission>Sentinel-1B</Mission>")])
    with pytest.raises(ProductError, match="belongs to S1B but the product is S1A"):
        open_geometry(ANNOTATION, orbit_file=other)


@pytest.mark.parametrize("keep, ok", [
    (slice(0, 100), False),  # 05:31-05:48 UTC, hours before the acquisition
    (slice(830, None), False),  # starts after the acquisition
    # vector 824 is the last before the first line (07:49:21.5), 828 the first after the last
    (slice(815, 829), False), (slice(815, 830), True),  # one, two vectors after the last line
    (slice(824, 835), False), (slice(823, 835), True),  # one, two vectors before the first line
], ids=["early", "late", "1 after", "2 after", "1 before", "2 before"])
def test_orbit_file_must_cover_the_acquisition(tmp_path, keep, ok):
    path = edited_eof(tmp_path, keep=keep)
    if ok:
        geometry = open_geometry(ANNOTATION, orbit_file=path)
        assert np.abs(tie_point_residuals(geometry, True)[0]).max() < LINE_TOLERANCE
        return
    with pytest.raises(ProductError, match=r"covers 2022-09-18T.* to 2022-09-18T.* UTC, the "
                                           r"acquisition is 2022-09-18T07:49:21.5 to "
                                           r"2022-09-18T07:49:46.6 UTC .*download the POEORB "
                                           r"or RESORB of that day"):
        open_geometry(ANNOTATION, orbit_file=path)


def test_coverage_boundary_is_the_documented_one():
    assert MIN_VECTORS_OUTSIDE == 2  # the cases above are written for two vectors


@pytest.mark.parametrize("change, message", [
    ([("<X unit=\"m\">-7019347.952768</X>", "<X unit=\"m\">-70193x47</X>")],
     r"<List_of_OSVs/OSV\[2\]/X> \(Earth-fixed position, m\) is '-70193x47', not a number"),
    ([("<UTC>UTC=2022-09-18T05:32:05.470319</UTC>", "<UTC>UTC=2022-09-18T05:31:55.470319</UTC>")],
     r"OSV\[2\]/UTC> \(state vector time\) is 2022-09-18T05:31:55.470319000, not after"),
    ([("<VZ unit=\"m/s\">7430.469393</VZ>", "")], r"lacks <List_of_OSVs/OSV\[2\]/VZ>"),
    ([("<Ref_Frame>EARTH_FIXED</Ref_Frame>", "<Ref_Frame>MEAN_OF_DATE</Ref_Frame>")],
     r"is 'MEAN_OF_DATE'; only EARTH_FIXED"),
    ([("<Validity_Start>UTC=2022-09-18T05:31:55", "<Validity_Start>UTC=2022-09-31T05:31:55")],
     r"Validity_Start> \(validity start\) .*not a valid date"),
    ([("<Mission>Sentinel-1A</Mission>", "<Mission>Envisat</Mission>")],
     r"is 'Envisat', not a Sentinel-1 unit"),
], ids=["number", "duplicate time", "missing velocity", "frame", "date", "mission"])
def test_malformed_orbit_file_is_named(tmp_path, change, message):
    path = edited_eof(tmp_path, "orbit.EOF", replace_text=change)
    with pytest.raises(ProductError, match=message) as caught:
        read_orbit_file(path)
    assert "orbit.EOF" in str(caught.value)


def test_truncated_or_foreign_orbit_file_is_named(tmp_path):
    text = EOF.read_text(encoding="utf-8")
    truncated = edited_eof(tmp_path, "cut.EOF", text=text[:len(text) // 2])
    with pytest.raises(ProductError, match="cut.EOF is truncated or not valid XML"):
        open_geometry(ANNOTATION, orbit_file=truncated)
    with pytest.raises(ProductError, match=r"root element <product>, not an ESA orbit file"):
        open_geometry(ANNOTATION, orbit_file=ANNOTATION)
    with pytest.raises(ProductError, match="holds 0 state vectors"):
        read_orbit_file(edited_eof(tmp_path, "empty.EOF", keep=slice(0, 0)))
    with pytest.raises(ProductError, match="does not exist"):
        open_geometry(ANNOTATION, orbit_file=tmp_path / "missing.EOF")


def test_orbit_file_for_other_products_is_refused():
    level1 = next(p for p in TSX.iterdir() if p.is_dir())  # the product folder
    with pytest.raises(ProductError, match="applies only to Sentinel-1 products.*TerraSAR-X"):
        open_geometry(level1, orbit_file=EOF)
    with pytest.raises(ProductError, match="applies only to Sentinel-1 products.*geometry JSON"):
        open_geometry(JSON, orbit_file=EOF)


# -- an EOF next to the SAFE ---------------------------------------------------------------------
def make_safe(folder):
    """A SAFE folder holding the real annotation (its measurement is not needed here)."""
    safe = folder / SAFE_NAME
    (safe / "annotation").mkdir(parents=True)
    shutil.copy(ANNOTATION, safe / "annotation" / ANNOTATION.name)
    return safe


def test_orbit_file_next_to_the_safe_is_found(tmp_path):
    safe = make_safe(tmp_path)
    geometry = open_geometry(safe)
    assert "annotation" in geometry.extra["orbit_note"] and "orbit_file" not in geometry.extra
    shutil.copy(EOF, tmp_path / EOF.name)
    geometry = open_geometry(safe)
    assert geometry.extra["orbit_file"] == str(tmp_path / EOF.name)
    assert geometry.extra["orbit_note"].startswith(f"Orbit: RESORB file {EOF.name}, found next "
                                                   f"to the SAFE")
    given = open_geometry(ANNOTATION, orbit_file=EOF)
    np.testing.assert_array_equal(geometry.orbit.positions, given.orbit.positions)
    # inside the SAFE, through its manifest, or next to its zip
    (tmp_path / EOF.name).rename(safe / EOF.name)
    (safe / "manifest.safe").write_text("<XFDU/>", encoding="utf-8")
    assert open_geometry(safe / "manifest.safe").extra["orbit_file"] == str(safe / EOF.name)
    archive = tmp_path / "zipped" / (SAFE_NAME[:-5] + ".zip")
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(safe / "annotation" / ANNOTATION.name, f"{SAFE_NAME}/annotation/{ANNOTATION.name}")
    assert "orbit_file" not in open_geometry(archive).extra
    shutil.copy(EOF, archive.parent / EOF.name)
    assert open_geometry(archive).extra["orbit_file"] == str(archive.parent / EOF.name)
    assert open_geometry(archive, find_orbit=False).extra.get("orbit_file") is None


def test_discovery_prefers_poeorb_and_skips_what_does_not_fit(tmp_path):
    safe = make_safe(tmp_path)
    shutil.copy(EOF, tmp_path / EOF.name)
    poeorb = EOF.name.replace("RESORB", "POEORB")
    edited_eof(tmp_path, poeorb, replace_text=[("AUX_RESORB", "AUX_POEORB")])
    edited_eof(tmp_path, EOF.name.replace("S1A_", "S1B_"),
               replace_text=[("<Mission>Sentinel-1A</Mission>", "<Mission>Sentinel-1B</Mission>")])
    edited_eof(tmp_path, "S1A_OPER_AUX_RESORB_OPOD_20220918T093241_V20220918T053155_"
                         "20220918T084925_cut.EOF", keep=slice(0, 100))
    (tmp_path / "broken.EOF").write_text("<Earth_Explorer_File>", encoding="utf-8")
    orbit_file, note = find_orbit_file(safe, open_geometry(safe, find_orbit=False))
    assert orbit_file.file_type == "AUX_POEORB" and orbit_file.name == poeorb
    assert f"POEORB file {poeorb}, found next to the SAFE" in note
    assert f"Also usable: {EOF.name}" in note
    assert "S1B_OPER_AUX_RESORB" in note and "it belongs to S1B" in note
    assert "_cut.EOF (The orbit file" in note and "download the POEORB" in note
    assert "broken.EOF (" in note and "not valid XML" in note
    # nothing fits: the annotation's orbit, and the note says why
    for path in (tmp_path / poeorb, tmp_path / EOF.name):
        path.unlink()
    geometry = open_geometry(safe)
    assert "orbit_file" not in geometry.extra
    assert geometry.extra["orbit_note"].startswith("Orbit: the annotation's state vectors; no "
                                                   "orbit file next to the SAFE fits")


def test_lone_annotation_does_not_look_around(tmp_path):
    shutil.copy(ANNOTATION, tmp_path / ANNOTATION.name)
    shutil.copy(EOF, tmp_path / EOF.name)
    geometry = open_geometry(tmp_path / ANNOTATION.name)
    assert "orbit_file" not in geometry.extra  # only a SAFE's neighbours are searched


# -- through Processing ---------------------------------------------------------------------------
def terceira_dem(tmp_path):
    """A 40 x 40 DEM (ellipsoidal heights, EPSG:4326) over Angra do Heroísmo, inside the chip."""
    path = tmp_path / "angra_dem.tif"
    if path.exists():
        return path
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 40, 40, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform([-27.235, 0.0005, 0.0, 38.665, 0.0, -0.0005])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    dataset.SetProjection(srs.ExportToWkt())
    rows, cols = np.mgrid[0:40, 0:40]
    dataset.GetRasterBand(1).WriteArray(60.0 + 150.0 * np.exp(-((rows - 20) ** 2 + (cols - 20)
                                                                 ** 2) / 80.0))
    dataset = None
    return path


def run_simulation(qgis_processing, tmp_path, name, geometry, orbit_file=None):
    from qgis_helpers import collecting_feedback

    feedback = collecting_feedback()
    lookup = tmp_path / f"{name}_lookup.tif"
    parameters = {"DEM": str(terceira_dem(tmp_path)), "GEOMETRY": str(geometry),
                  "DEM_VERTICAL_DATUM": ELLIPSOID, "OUTPUT_LOOKUP": str(lookup)}
    if orbit_file is not None:
        parameters["ORBIT_FILE"] = str(orbit_file)
    qgis_processing.run("sarheight:simulate_sar", parameters, feedback=feedback)
    return gdal.Open(str(lookup)).ReadAsArray(), feedback.lines


def test_simulate_sar_uses_and_logs_the_orbit_file(qgis_processing, tmp_path):
    annotation, lines = run_simulation(qgis_processing, tmp_path, "annotation", ANNOTATION)
    assert any(line.startswith("Orbit: the 17 state vectors of the product annotation")
               for line in lines)
    given, lines = run_simulation(qgis_processing, tmp_path, "given", ANNOTATION, EOF)
    assert any(line.startswith("Orbit: ") and "RESORB file" in line and EOF.name in line
               for line in lines)
    inside = np.isfinite(annotation[0])
    assert inside.all()  # the DEM lies in the chip, burst 7 ...
    assert np.all((annotation[0] > 9799) & (annotation[0] < 10400))
    assert np.all((annotation[1] > 10999) & (annotation[1] < 12400))
    # ... and the orbits agree to the tie points' few thousandths of a pixel, not exactly
    difference = np.abs(given - annotation)
    assert 0 < difference.max() < SAMPLE_TOLERANCE
    safe = make_safe(tmp_path)
    shutil.copy(EOF, tmp_path / EOF.name)
    found, lines = run_simulation(qgis_processing, tmp_path, "found", safe)
    assert any("found next to the SAFE" in line for line in lines)
    np.testing.assert_array_equal(found, given)


def test_simulate_sar_refuses_a_foreign_orbit_file_and_writes_nothing(qgis_processing, tmp_path):
    from qgis.core import QgsProcessingException

    other = edited_eof(tmp_path, EOF.name.replace("S1A_", "S1B_"),
                       replace_text=[("<Mission>Sentinel-1A</Mission>",
                                      "<Mission>Sentinel-1B</Mission>")])
    with pytest.raises(QgsProcessingException, match="belongs to S1B but the product is S1A"):
        run_simulation(qgis_processing, tmp_path, "refused", ANNOTATION, other)
    assert not [name for name in os.listdir(tmp_path) if name.startswith("refused")]
