"""Bad product files give ProductError, never a Python exception (issue 11 §3, §4, §6).

Issue 11 §3, §4 (geometry) and §6 (SLC input): every bad product file gives the project's
ProductError naming the file and the element, never a Python exception; implausible geometries
are refused with the value that is wrong; real products still open.

Reproducers: test/data/reliability/README.md (the XML and zip cases are written here from the
repository's real Sentinel-1 and TerraSAR-X files).
"""
import dataclasses
import json
import re
import zipfile
import zlib

import numpy as np
import pytest
from reader_cases import (
    ALOS_JSON,
    GRD_SAFE,
    GRD_XML,
    RELIABILITY,
    SLC_SAFE,
    SLC_XMLS,
    TSX_FOLDER,
    TSX_XML,
    VALID_JSON,
    annotation_member,
    copy_tsx_product,
    duplicate,
    set_text,
    with_encoding,
    write_changed_xml,
    zip_safe,
    zip_with_bad_crc,
    zip_with_bad_deflate,
)

from sar_height.core.errors import PointTargetError
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.point_target.slc import open_slc
from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.geometry_json import ConstantDoppler
from sar_height.core.products.plausibility import check_geometry
from sar_height.core.products.reader import list_swaths, open_geometry

INFO = "imageAnnotation/imageInformation/"
PRODUCT = "generalAnnotation/productInformation/"
GRID = "geolocationGrid/geolocationGridPointList/geolocationGridPoint/"


def refused(path, pattern, opener=open_geometry):
    """The ProductError of ``opener(path)``; it must name the file and match ``pattern``."""
    with pytest.raises(ProductError) as info:
        opener(str(path))
    assert type(info.value) is ProductError
    message = str(info.value)
    assert path.name in message, message
    assert re.search(pattern, message), message
    return message


# -- Sentinel-1 annotation: one element changed ----------------------------------------------

S1_CASES = {
    "lon_not_a_number": (set_text(GRID + "longitude", "XX", 5),
                         r"<geolocationGridPoint\[6\]/longitude>.*'XX', not a number"),
    "number_of_lines_abc": (set_text(INFO + "numberOfLines", "abc"),
                            r"<imageAnnotation/imageInformation/numberOfLines>.*'abc'"),
    "number_of_lines_negative": (set_text(INFO + "numberOfLines", "-1"),
                                 r"numberOfLines>.*-1, below the smallest possible value 1"),
    "azimuth_time_interval_nan": (set_text(INFO + "azimuthTimeInterval", "nan"),
                                  r"azimuthTimeInterval>.*'nan', not a finite number"),
    "first_line_time_month_13": (
        set_text(INFO + "productFirstLineUtcTime", "2021-13-01T05:26:23.794884"),
        r"productFirstLineUtcTime>.*not a valid date/time"),
    "first_line_time_year_3000": (
        set_text(INFO + "productFirstLineUtcTime", "3000-12-23T05:11:22.000000"),
        r"productFirstLineUtcTime>.*outside the years"),
    "srgr_coefficient_token": (
        set_text("coordinateConversion/coordinateConversionList/coordinateConversion/"
                 "srgrCoefficients", "1 4+5 3"),
        r"coordinateConversion\[1\]/srgrCoefficients>.*'4\+5', not a number"),
    "duplicated_orbit_vector": (duplicate("generalAnnotation/orbitList", "orbit", 3),
                                r"<generalAnnotation/orbitList/orbit> number 5 .*does not "
                                r"follow"),
    "radar_frequency_zero": (set_text(PRODUCT + "radarFrequency", "0"),
                             r"radarFrequency>.*'0'.*must be positive"),
    "range_sampling_rate_zero": (set_text(PRODUCT + "rangeSamplingRate", "0"),
                                 r"rangeSamplingRate>.*'0'.*must be positive"),
    "orbit_position_huge": (set_text("generalAnnotation/orbitList/orbit/position/x", "1e30", 2),
                            r"orbit state vector 3 lies 1e\+30 m from the Earth's centre"),
    "orbit_velocity_zero": (lambda root: [setattr(e, "text", "0") for e in root.findall(
        "generalAnnotation/orbitList/orbit")[4].find("velocity")],
        r"orbit state vectors 4 and 5 disagree"),
    "missing_number_of_samples": (
        lambda root: root.find("imageAnnotation/imageInformation").remove(
            root.find(INFO + "numberOfSamples")),
        r"lacks <imageAnnotation/imageInformation/numberOfSamples>"),
}


@pytest.mark.parametrize("case", sorted(S1_CASES))
def test_sentinel1_annotation_element_errors(tmp_path, case):
    change, pattern = S1_CASES[case]
    path = write_changed_xml(GRD_XML, tmp_path / f"s1_{case}.xml", change)
    refused(path, pattern)


def test_sentinel1_unknown_encoding(tmp_path):
    path = with_encoding(GRD_XML, tmp_path / "s1_encoding_utf9.xml", "UTF-9")
    refused(path, r"declares an XML encoding .*UTF-9")
    refused(path, r"UTF-9", list_swaths)


def test_sentinel1_annotation_with_undecodable_bytes(tmp_path):
    path = tmp_path / "s1_latin1_bytes.xml"
    path.write_bytes(GRD_XML.read_bytes().replace(b"<missionId>S1B", b"<missionId>S1\xe9\xff", 1))
    refused(path, r"not valid XML|does not match its encoding")


# -- SAFE zips: an interrupted download --------------------------------------------------------

@pytest.mark.parametrize("make", [zip_with_bad_crc, zip_with_bad_deflate],
                         ids=["bad_crc", "bad_deflate"])
def test_corrupt_zip_member(tmp_path, make):
    archive = make(tmp_path)
    member = annotation_member(archive)
    with zipfile.ZipFile(archive) as zf:  # what leaked before: BadZipFile / zlib.error
        with pytest.raises((zipfile.BadZipFile, zlib.error)):
            zf.read(member)
    for opener in (open_geometry, list_swaths):  # list_swaths must not report it as fine
        message = refused(archive, r"is damaged.*download the product again", opener)
        assert member in message


def test_intact_zip_still_opens(tmp_path):
    archive = zip_safe(GRD_SAFE, tmp_path / "s1_grd.zip")
    assert list_swaths(str(archive)) == [("IW", "VV")]
    assert open_geometry(str(archive)).lines == open_geometry(str(GRD_SAFE)).lines


@pytest.mark.parametrize("offset, value, leaked", [
    (10, b"\x4d\x00", NotImplementedError),  # compression method 77: unknown
    (8, b"\x01\x00", RuntimeError),  # general flag bit 0: encrypted, password required
], ids=["unknown_compression", "encrypted_flag"])
def test_zip_with_damaged_directory_entry(tmp_path, offset, value, leaked):
    archive = zip_safe(GRD_SAFE, tmp_path / "s1_grd_odd_entry.zip")
    member = annotation_member(archive)
    data = bytearray(archive.read_bytes())
    entry = next(i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02"
                 and data[i + 46:i + 46 + len(member)] == member.encode())
    data[entry + offset:entry + offset + 2] = value
    archive.write_bytes(bytes(data))
    with zipfile.ZipFile(archive) as zf, pytest.raises(leaked):  # what would leak
        zf.read(member)
    refused(archive, r"is damaged.*download the product again")


# -- geometry JSON ------------------------------------------------------------------------------

JSON_CASES = {
    "geometry_absurd_position.json": r"orbit state vector 2 lies 1\.732e\+30 m",
    "geometry_doppler_huge.json": r"Doppler centroid .*1000000000000\.0.* cannot exceed",
    "geometry_bad_date.json": r"'first_line_time' is not a valid date/time",
    "geometry_dup_state_vectors.json": r"strictly increasing",
}


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_geometry_json_reproducers(name):
    refused(RELIABILITY / name, JSON_CASES[name])


def test_geometry_json_deep_nesting(tmp_path):
    path = tmp_path / "geometry_deep_nesting.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    refused(path, r"nests brackets too deeply")


def test_geometry_json_huge_integer(tmp_path):
    path = tmp_path / "geometry_huge_integer.json"
    path.write_text('{"lines": ' + "9" * 5000 + "}")
    refused(path, r"value JSON cannot read")


def _json_case(tmp_path, name, change):
    data = json.loads(VALID_JSON.read_text())
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("field, value, pattern", [
    ("wavelength_m", 1e9, r"radar wavelength \(wavelength_m\) is 1000000000\.0 m"),
    ("samples", 10 ** 12, r"1000000000000 samples; expected a whole number from 1 to 1,000,000"),
    ("near_slant_range_m", 1e12, r"slant range at an image corner .* longer than"),
    ("first_line_time", "3000-06-01T05:59:57Z", r"outside the years 1950-2199"),
    ("first_line_time", "2024-06-02T05:59:57Z", r"cover the whole acquisition"),
    ("reference_height_m", 1e12, r"processing reference height is 1000000000000\.0 m"),
])
def test_geometry_json_implausible_values(tmp_path, field, value, pattern):
    path = _json_case(tmp_path, f"{field}.json", lambda d: d.__setitem__(field, value))
    refused(path, pattern)


def test_geometry_json_zero_velocity_state_vector(tmp_path):
    path = _json_case(tmp_path, "zero_velocity.json", lambda d: d["state_vectors"][1].__setitem__(
        "velocity_m_s", [0.0, 0.0, 0.0]))
    refused(path, r"orbit state vectors 1 and 2 disagree")


# -- TerraSAR-X level1Product -------------------------------------------------------------------

RASTER = "productInfo/imageDataInfo/imageRaster/"
TSX_CASES = {
    "rows_abc": (set_text(RASTER + "numberOfRows", "abc"), r"numberOfRows>.*'abc', not a whole"),
    "frequency_zero": (set_text("instrument/radarParameters/centerFrequency", "0"),
                       r"centerFrequency>.*must be positive"),
    "first_line_month_13": (set_text("productInfo/sceneInfo/start/timeUTC",
                                     "2023-13-25T22:29:58.000000Z"),
                            r"sceneInfo/start/timeUTC>.*not a valid date/time"),
    "duplicated_state_vector": (duplicate("platform/orbit", "stateVec", 4),
                                r"stateVec> number 6 .*does not follow"),
    "position_huge": (set_text("platform/orbit/stateVec/posX", "1e30", 3),
                      r"orbit state vector 4 lies 1e\+30 m"),
    "exponent_garbage": (lambda root: root.find(
        "processing/geometry/dopplerRate/dopplerRatePolynomial/coefficient").set(
        "exponent", "1e9"), r"exponent attribute '1e9'"),
    "coefficient_garbage": (set_text(
        "processing/geometry/dopplerRate/dopplerRatePolynomial/coefficient", "x"),
        r"coefficient>.*'x', not a number"),
}


@pytest.mark.parametrize("case", sorted(TSX_CASES))
def test_terrasar_element_errors(tmp_path, case):
    change, pattern = TSX_CASES[case]
    folder, xml = copy_tsx_product(tmp_path, change)
    refused(xml, pattern)
    refused(folder, pattern)  # the folder finds the same XML


def test_terrasar_unknown_encoding(tmp_path):
    folder, xml = copy_tsx_product(tmp_path)
    with_encoding(TSX_XML, xml, "UTF-9")
    refused(xml, r"declares an XML encoding .*UTF-9")
    message = refused(folder, r"declares an XML encoding .*UTF-9")
    assert xml.name in message


# -- real products open, and pass the plausibility check ---------------------------------------

def test_real_terrasar_staring_spotlight_product():
    by_folder, by_xml = open_geometry(str(TSX_FOLDER)), open_geometry(str(TSX_XML))
    for g in (by_folder, by_xml):
        assert (g.mission, g.product_type, g.polarisation) == ("TSX-1", "SSC", "VV")
        assert (g.lines, g.samples) == (17392, 6716)
        assert g.extra["imaging_mode"] == "ST"
        assert len(g.orbit.times) == 12
        assert g.wavelength_m == pytest.approx(0.031067, abs=1e-6)  # 9.65 GHz X band
        # GCPs from GEOREF.xml over Wuhan (30.5 N, 114.6 E), flat terrain near 25 m
        gcps = np.asarray(g.gcps)
        assert len(gcps) > 50
        assert np.all(np.abs(gcps[:, 2] - 30.5) < 0.2) and np.all(np.abs(gcps[:, 3] - 114.6) < 0.2)
    assert list_swaths(str(TSX_FOLDER)) == [("", "VV")]
    assert by_folder.source == by_xml.source == str(TSX_XML)


@pytest.mark.parametrize("path", [GRD_SAFE, SLC_XMLS[0], SLC_XMLS[1], TSX_FOLDER, ALOS_JSON,
                                  VALID_JSON], ids=lambda p: p.name[:24])
def test_real_products_pass_the_plausibility_check(path):
    geometry = open_geometry(str(path))
    assert check_geometry(geometry) is geometry


# -- the plausibility module on its own ----------------------------------------------------------

@pytest.fixture(scope="module")
def valid():
    return open_geometry(str(VALID_JSON))


def _orbit_with(orbit, index, position=None, velocity=None):
    positions, velocities = orbit.positions.copy(), orbit.velocities.copy()
    if position is not None:
        positions[index] = position
    if velocity is not None:
        velocities[index] = velocity
    return Orbit(orbit.epoch, orbit.times, positions, velocities)


@pytest.mark.parametrize("change, pattern", [
    ({"lines": 0}, r"0 lines"),
    ({"lines": -3}, r"-3 lines"),
    ({"lines": 2.5}, r"2\.5 lines"),
    ({"samples": 10 ** 12}, r"1000000000000 samples"),
    ({"azimuth_time_interval_s": float("nan")}, r"azimuth_time_interval_s\) is nan"),
    ({"azimuth_time_interval_s": 0.0}, r"azimuth_time_interval_s\) is 0\.0"),
    ({"range_pixel_spacing_m": 0.0}, r"range_pixel_spacing_m\) is 0\.0"),
    ({"range_pixel_spacing_m": float("inf")}, r"range_pixel_spacing_m\) is inf"),
    ({"near_slant_range_m": -5.0}, r"near_slant_range_m\) is -5\.0"),
    ({"wavelength_m": 1e9}, r"wavelength_m\) is 1000000000\.0"),
    ({"wavelength_m": 0.0}, r"wavelength_m\) is 0\.0"),
    ({"first_line_time_s": float("nan")}, r"time of the first line is nan"),
    ({"first_line_time_s": 1e9}, r"orbit must cover the acquisition"),
    ({"doppler_hz": ConstantDoppler(1e12)}, r"Doppler centroid"),
    ({"doppler_hz": ConstantDoppler(float("nan"))}, r"Doppler centroid"),
    ({"reference_height_m": float("inf")}, r"reference height is inf"),
    ({"gcps": [(0.0, 0.0, 95.0, 10.0, 0.0)]}, r"ground control point 1"),
    ({"gcps": [(0.0, 0.0, 45.0, 10.0, float("nan"))]}, r"ground control point 1"),
    ({"gcps": [(0.0, 1.3e9, 45.0, 10.0, 0.0)]}, r"ground control point 1"),
])
def test_plausibility_refuses(valid, change, pattern):
    with pytest.raises(ProductError, match=pattern):
        dataclasses.replace(valid, **change)


@pytest.mark.parametrize("index, position, velocity, pattern", [
    (1, [1e30, 1e30, 1e30], None, r"lies 1\.732e\+30 m from the Earth's centre"),
    (1, [0.0, 0.0, 0.0], None, r"below the ground"),
    (0, None, [0.0, 0.0, 0.0], r"state vectors 1 and 2 disagree"),
    (0, None, [float("nan")] * 3, r"non-finite velocity"),
])
def test_plausibility_refuses_state_vectors(valid, index, position, velocity, pattern):
    with pytest.raises(ProductError, match=pattern):
        dataclasses.replace(valid, orbit=_orbit_with(valid.orbit, index, position, velocity))


def test_plausibility_refuses_ranges_that_miss_the_ground():
    """A satellite 514 km up cannot see ground 1 km away, nor beyond its horizon."""
    tsx = open_geometry(str(TSX_XML))
    with pytest.raises(ProductError, match=r"slant range at an image corner is 1000 m, shorter"):
        dataclasses.replace(tsx, near_slant_range_m=1000.0)
    with pytest.raises(ProductError, match=r"longer than the distance to the farthest ground"):
        dataclasses.replace(tsx, near_slant_range_m=4.0e6)


def test_plausibility_accepts_the_radar_bands(valid):
    """W band (3.2 mm, airborne) to VHF (CARABAS, 15 m): the bounds leave every SAR in."""
    for wavelength in (0.0032, 0.0555, 0.69, 15.0):
        assert dataclasses.replace(valid, wavelength_m=wavelength).wavelength_m == wavelength


# -- §6: the SLC of point_target_height ----------------------------------------------------------

@pytest.mark.parametrize("path", [TSX_FOLDER, TSX_XML], ids=["folder", "xml"])
def test_point_target_finds_the_terrasar_product(path):
    """The real Staring Spotlight product is identified (folder or XML).

    Without its COSAR pixels the error says so.
    """
    with pytest.raises(PointTargetError, match=r"COSAR file .*IMAGEDATA.* is missing"):
        open_slc(str(path))


@pytest.mark.parametrize("path", [SLC_SAFE, SLC_SAFE / "manifest.safe", SLC_XMLS[0], GRD_SAFE],
                         ids=["safe", "manifest", "annotation", "grd"])
def test_point_target_explains_sentinel1(path):
    with pytest.raises(PointTargetError, match=r"is a Sentinel-1 product .* cannot use") as info:
        open_slc(str(path))
    assert "JSON is missing" not in str(info.value)


def test_point_target_explains_sentinel1_zip(tmp_path):
    archive = zip_safe(GRD_SAFE, tmp_path / (GRD_SAFE.stem + ".zip"))
    with pytest.raises(PointTargetError, match=r"is a Sentinel-1 product"):
        open_slc(str(archive))


def test_point_target_json_given_as_slc():
    with pytest.raises(PointTargetError, match=r"is a geometry JSON, not an image"):
        open_slc(str(ALOS_JSON))


def test_qgis_point_target_accepts_a_product_folder(qgis_processing, tmp_path):
    """QGIS's point-target algorithm accepts a product folder and finds its level1Product.

    Before: "Incorrect parameter value for SLC". Now the folder is accepted and its level1Product
    found; the missing COSAR is a clear error and nothing is written.
    """
    from qgis.core import QgsProcessingException

    out = tmp_path / "heights.gpkg"
    with pytest.raises(QgsProcessingException) as info:
        qgis_processing.run("sarheight:point_target_height", {"SLC": str(TSX_FOLDER),
                                                              "OUTPUT": str(out)})
    message = str(info.value)
    assert "Incorrect parameter value" not in message
    assert "COSAR file" in message and TSX_XML.name in message
    assert not out.exists()


def test_qgis_point_target_explains_sentinel1(qgis_processing, tmp_path):
    from qgis.core import QgsProcessingException

    out = tmp_path / "heights.gpkg"
    with pytest.raises(QgsProcessingException, match=r"Sentinel-1 product .* cannot use"):
        qgis_processing.run("sarheight:point_target_height",
                            {"SLC": str(SLC_SAFE / "manifest.safe"), "OUTPUT": str(out)})
    assert not out.exists()


@pytest.mark.slow
def test_qgis_process_point_target_product_folder(qgis_process, tmp_path):
    """The reproduction of issue 11 §6: qgis_process with a TerraSAR-X product folder."""
    out = tmp_path / "heights.gpkg"
    rc, _, stderr = qgis_process("sarheight:point_target_height",
                                 {"SLC": str(TSX_FOLDER), "OUTPUT": str(out)})
    assert rc != 0
    assert "Incorrect parameter value" not in stderr and "Traceback" not in stderr
    assert "COSAR file" in stderr
    assert not out.exists()
