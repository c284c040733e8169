"""Product readers: Sentinel-1 via open_geometry, TerraSAR-X SSC write/read, geometry JSON."""
import json
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.geometry.ellipsoid import ecef_to_geodetic, enu_basis, geodetic_to_ecef
from sar_height.core.geometry.orbit import seconds_to_datetime
from sar_height.core.products import geometry_json, terrasar
from sar_height.core.products.acquisition import SPEED_OF_LIGHT, AcquisitionGeometry, ProductError
from sar_height.core.products.gcps import compute_gcps, ensure_gcps
from sar_height.core.products.reader import list_swaths, open_geometry
from sar_height.core.products.terrasar_writer import (
    circular_orbit,
    write_cosar,
    write_terrasar_product,
)

ROOT = Path(__file__).resolve().parents[1]

S1_DIR = ROOT / "test" / "data" / "s1"
GRD_ROME = S1_DIR / "S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371.SAFE"
SLC_2021 = S1_DIR / "S1B_IW_SLC__1SDV_20210401T052622_20210401T052650_026269_032297_EFA4.SAFE"
GRD_OETZTAL = (ROOT / "resources" / "sample_data"
               / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE")
SCHEMA = ROOT / "resources" / "schemas" / "geometry.schema.json"
DOCS = ROOT / "docs" / "geometry_json.md"

TSX_FREQUENCY = 9.65e9
TSX_RSF = 109.88e6


def _zip_safe(safe, tmp_path):
    archive = tmp_path / (safe.name.replace(".SAFE", "") + ".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(safe.rglob("*")):
            if path.is_file():
                zf.write(path, f"{safe.name}/{path.relative_to(safe).as_posix()}")
    return archive


def _tsx_geometry(lines=64, samples=48, reference_height=812.5):
    """TerraSAR-X-like geometry: 514 km sun-synchronous orbit, descending over the Alps."""
    epoch = np.datetime64("2021-04-01T05:25:40", "ns")
    orbit = circular_orbit(epoch, argument_of_latitude_deg=133.0 - 20.0 * 360.0 / 5677.0,
                           node_longitude_deg=187.0, start_s=0.0, stop_s=40.0, step_s=10.0)
    return AcquisitionGeometry(
        mission="TSX-1", product_type="SSC", orbit=orbit,
        wavelength_m=SPEED_OF_LIGHT / TSX_FREQUENCY, look_side="right",
        first_line_time_s=20.0123456789, azimuth_time_interval_s=1.0 / 3800.5,
        lines=lines, samples=samples, near_slant_range_m=620000.123,
        range_pixel_spacing_m=SPEED_OF_LIGHT / (2.0 * TSX_RSF), polarisation="HH",
        reference_height_m=reference_height, swath="strip_008")


def _random_slc(lines, samples, seed=1):
    rng = np.random.default_rng(seed)
    return (rng.integers(-32768, 32768, (lines, samples))
            + 1j * rng.integers(-32768, 32768, (lines, samples))).astype(np.complex64)


def _absolute(geometry, seconds):
    return seconds_to_datetime(seconds, geometry.orbit.epoch)


def _assert_geometry_equal(a, b, gcps=True):
    assert a.mission == b.mission
    assert a.look_side == b.look_side
    assert a.lines == b.lines and a.samples == b.samples
    assert a.polarisation == b.polarisation
    assert np.isclose(a.wavelength_m, b.wavelength_m, rtol=1e-14, atol=0)
    assert np.isclose(a.azimuth_time_interval_s, b.azimuth_time_interval_s, rtol=1e-14, atol=0)
    assert abs(a.near_slant_range_m - b.near_slant_range_m) < 1e-6
    assert np.isclose(a.range_pixel_spacing_m, b.range_pixel_spacing_m, rtol=1e-14, atol=0)
    delta = _absolute(a, a.first_line_time_s) - _absolute(b, b.first_line_time_s)
    assert abs(delta.astype(np.int64)) <= 1  # nanoseconds
    assert (a.reference_height_m is None) == (b.reference_height_m is None)
    if a.reference_height_m is not None:
        assert a.reference_height_m == b.reference_height_m
    ta = _absolute(a, a.orbit.times)
    tb = _absolute(b, b.orbit.times)
    assert np.all(np.abs((ta - tb).astype(np.int64)) <= 1)
    np.testing.assert_array_equal(a.orbit.positions, b.orbit.positions)
    np.testing.assert_array_equal(a.orbit.velocities, b.orbit.velocities)
    if gcps:
        np.testing.assert_allclose(np.asarray(a.gcps), np.asarray(b.gcps), rtol=0, atol=1e-6)


# ---------------------------------------------------------------------------------------------
# Sentinel-1 through open_geometry

@pytest.mark.parametrize("make_path", [
    lambda tmp: GRD_ROME,
    lambda tmp: GRD_ROME / "manifest.safe",
    lambda tmp: _zip_safe(GRD_ROME, tmp),
    lambda tmp: next((GRD_ROME / "annotation").glob("s1b-iw-grd-vv-*.xml")),
], ids=["folder", "manifest", "zip", "annotation_xml"])
def test_s1_grd_rome_every_entry_point(tmp_path, make_path):
    geometry = open_geometry(make_path(tmp_path))
    assert geometry.mission == "S1B"
    assert geometry.product_type == "GRD"
    assert geometry.polarisation == "VV"
    assert geometry.ground_range is not None
    assert len(geometry.gcps) > 100
    # The footprint covers Rome (41.9 N, 12.5 E).
    lat = np.array([g[2] for g in geometry.gcps])
    lon = np.array([g[3] for g in geometry.gcps])
    assert lat.min() < 41.9 < lat.max() and lon.min() < 12.5 < lon.max()


@pytest.mark.parametrize("make_path", [
    lambda tmp: GRD_OETZTAL,
    lambda tmp: GRD_OETZTAL / "manifest.safe",
    lambda tmp: _zip_safe(GRD_OETZTAL, tmp),
], ids=["folder", "manifest", "zip"])
def test_s1_grd_oetztal(tmp_path, make_path):
    geometry = open_geometry(make_path(tmp_path))
    assert geometry.product_type == "GRD" and geometry.swath == "IW"
    # ESA's geolocation grid lands where geo2rdr puts it (GRD line numbers of the grid differ
    # from the azimuth-time grid by up to ~0.2 lines, see test_geometry.py).
    g = np.asarray(geometry.gcps)
    xyz = geodetic_to_ecef(g[:, 2], g[:, 3], g[:, 4])
    t, r, ok = geometry.geo2rdr(xyz)
    line, sample = geometry.radar_to_image(t, r)
    assert ok.all()
    assert np.max(np.abs(line - g[:, 0])) < 0.25 and np.max(np.abs(sample - g[:, 1])) < 0.05


def test_s1_slc_swaths(tmp_path):
    assert list_swaths(SLC_2021) == [("IW1", "VV"), ("IW2", "VH")]
    assert list_swaths(_zip_safe(SLC_2021, tmp_path)) == [("IW1", "VV"), ("IW2", "VH")]
    with pytest.raises(ProductError, match=r"several swaths \(IW1, IW2\).*SWATH"):
        open_geometry(SLC_2021)
    iw1 = open_geometry(SLC_2021 / "manifest.safe", swath="IW1")
    iw2 = open_geometry(_zip_safe(SLC_2021, tmp_path), swath="iw2")
    assert (iw1.swath, iw1.polarisation) == ("IW1", "VV")
    assert (iw2.swath, iw2.polarisation) == ("IW2", "VH")
    assert iw1.bursts and iw2.bursts and iw2.product_type == "SLC"
    with pytest.raises(ProductError, match="IW1/VV, IW2/VH"):
        open_geometry(SLC_2021, swath="IW3")
    annotation = next((SLC_2021 / "annotation").glob("s1b-iw2-*.xml"))
    assert open_geometry(annotation).swath == "IW2"
    with pytest.raises(ProductError, match="not swath IW1"):
        open_geometry(annotation, swath="IW1")


# ---------------------------------------------------------------------------------------------
# TerraSAR-X

def test_circular_orbit_is_consistent():
    geometry = _tsx_geometry()
    orbit = geometry.orbit
    p, v, _ = orbit.interpolate(orbit.times)
    radius = np.linalg.norm(p, axis=1)
    assert np.allclose(radius, 6378137.0 + 514e3, atol=1e-6)
    # ECEF velocity = derivative of ECEF position (finite difference of the analytic positions).
    fine = circular_orbit(orbit.epoch, argument_of_latitude_deg=133.0 - 20.0 * 360.0 / 5677.0,
                          node_longitude_deg=187.0, start_s=19.999, stop_s=20.001, step_s=0.001)
    fd = (fine.positions[2] - fine.positions[0]) / 0.002
    assert np.allclose(fd, fine.velocities[1], atol=1e-3)
    lat, lon, h = ecef_to_geodetic(orbit.interpolate(20.0)[0])
    assert 45 < lat < 48 and 13 < lon < 17 and 500e3 < h < 540e3


def test_terrasar_round_trip(tmp_path):
    geometry = _tsx_geometry()
    slc = _random_slc(geometry.lines, geometry.samples)
    xml_path = write_terrasar_product(tmp_path / "product", geometry, slc)
    assert os.path.basename(xml_path).startswith("TSX1_SAR__SSC______SM_S_SRA_20210401T0526")

    for source in (xml_path, tmp_path / "product"):
        back = open_geometry(source)
        assert back.product_type == "SSC" and back.doppler_hz is None
        assert back.swath == "strip_008"
        assert back.extra["imaging_mode"] == "SM"
        _assert_geometry_equal(back, geometry, gcps=False)
    # Without GEOREF.xml the GCPs come from rdr2geo at the scene average height.
    assert back.extra["georef_file"] is None
    assert len(back.gcps) == 121
    np.testing.assert_allclose(np.asarray(back.gcps), np.asarray(compute_gcps(geometry)),
                               rtol=0, atol=1e-6)
    np.testing.assert_allclose([g[4] for g in back.gcps], 812.5, atol=1e-3)
    # Footprint in the Alps, west of the sub-satellite track (right look, descending pass).
    lat, lon = back.gcps[60][2], back.gcps[60][3]
    assert 46 < lat < 48.5 and 9 < lon < 12.5

    # Doppler centroid (0 Hz default) and azimuth FM rate polynomials are kept in extra.
    assert back.extra["doppler_centroid"][0]["coefficients"] == [0.0]
    fdc = terrasar.doppler_centroid_function(back)
    assert np.all(fdc(back.mid_time_s, back.near_slant_range_m + np.arange(3.0)) == 0.0)
    fm = terrasar.azimuth_fm_rate_function(back)
    t, r = back.image_to_radar(31.5, 23.5)
    pos, vel, acc = back.orbit.interpolate(t)
    target = back.rdr2geo(t, r, 812.5)
    expected = -(2.0 / back.wavelength_m) * (vel @ vel - acc @ (target - pos)) / r
    assert expected < -4000
    assert abs(fm(t, r) - expected) < 1e-3 * abs(expected)

    # GDAL's COSAR driver returns the pixels exactly, also through open_terrasar_raster.
    from osgeo import gdal

    dataset = terrasar.open_terrasar_raster(xml_path)
    assert dataset.GetDriver().ShortName == "COSAR"
    band = dataset.GetRasterBand(1)
    assert gdal.GetDataTypeName(band.DataType) == "CInt16"
    np.testing.assert_array_equal(band.ReadAsArray(), slc)
    np.testing.assert_array_equal(band.ReadAsArray(5, 7, 20, 30), slc[7:37, 5:25])
    direct = gdal.Open(back.extra["image_file"])
    np.testing.assert_array_equal(direct.ReadAsArray(), slc)


def test_terrasar_rdr2geo_geo2rdr_round_trip(tmp_path):
    geometry = open_geometry(write_terrasar_product(tmp_path, _tsx_geometry(), None))
    line, sample = np.meshgrid(np.linspace(0, 63, 7), np.linspace(0, 47, 5), indexing="ij")
    t, r = geometry.image_to_radar(line, sample)
    for height in (0.0, 812.5, 3500.0):
        xyz = geometry.rdr2geo(t, r, height)
        assert np.allclose(ecef_to_geodetic(xyz)[2], height, atol=1e-3)
        t2, r2, ok = geometry.geo2rdr(xyz)
        assert ok.all()
        line2, sample2 = geometry.radar_to_image(t2, r2)
        assert np.max(np.abs(line2 - line)) < 1e-3
        assert np.max(np.abs(sample2 - sample)) < 1e-3


def test_terrasar_georef_and_metadata_round_trip(tmp_path):
    geometry = _tsx_geometry(reference_height=250.0)
    meta = {"imaging_mode": "ST", "cal_factor": 1.234e-5, "azimuth_look_bandwidth_hz": 2765.0,
            "total_processed_azimuth_bandwidth_hz": 38000.0, "range_look_bandwidth_hz": 300e6,
            "prf_hz": 3800.5,
            "doppler_centroid": [
                {"time_s": 20.0, "reference_range_time_s": 4.1364e-3,
                 "coefficients": [12.5, 3.0e5]},
                {"time_s": 20.02, "reference_range_time_s": 4.1364e-3,
                 "coefficients": [14.5, 3.0e5]}]}
    xml_path = write_terrasar_product(tmp_path / "st", geometry, None, meta, georef=True)
    back = open_geometry(xml_path)
    assert back.extra["georef_file"] and os.path.isfile(back.extra["georef_file"])
    _assert_geometry_equal(back, geometry, gcps=False)
    # GCPs from GEOREF.xml (t/tau relative to the grid reference times) match the geometry.
    np.testing.assert_allclose(np.asarray(back.gcps), np.asarray(compute_gcps(geometry)),
                               rtol=0, atol=1e-6)
    g = np.asarray(back.gcps)
    t, r, ok = back.geo2rdr(geodetic_to_ecef(g[:, 2], g[:, 3], g[:, 4]))
    line, sample = back.radar_to_image(t, r)
    assert ok.all() and np.max(np.abs(line - g[:, 0])) < 1e-3
    assert np.max(np.abs(sample - g[:, 1])) < 1e-3
    for key in ("imaging_mode", "cal_factor", "azimuth_look_bandwidth_hz", "prf_hz",
                "total_processed_azimuth_bandwidth_hz", "range_look_bandwidth_hz"):
        assert back.extra[key] == meta[key], key
    assert back.extra["product_type_code"] == "SSC______ST_S_SRA"
    fdc = terrasar.doppler_centroid_function(back)
    r0 = 0.5 * SPEED_OF_LIGHT * 4.1364e-3
    assert abs(fdc(20.01, r0) - 13.5) < 1e-6
    assert abs(fdc(20.0, r0 + 0.5 * SPEED_OF_LIGHT * 1e-6) - (12.5 + 0.3)) < 1e-6

    # Reading and writing again reproduces the product (extra is carried through).
    again = open_geometry(write_terrasar_product(tmp_path / "again", back, None))
    _assert_geometry_equal(again, back, gcps=False)
    for key in ("imaging_mode", "cal_factor", "doppler_centroid", "azimuth_fm_rate"):
        assert again.extra[key] == back.extra[key], key


def test_terrasar_polarisations_and_left_look(tmp_path):
    geometry = _tsx_geometry()
    geometry.look_side = "left"
    geometry.polarisation = "VV"
    xml_path = write_terrasar_product(tmp_path, geometry, None)
    # Add an HH layer to the same product (second imageData + COSAR), as in a dual-pol product.
    text = Path(xml_path).read_text()
    vv = re.search(r"<imageData layerIndex=\"1\">.*?</imageData>", text, re.S).group(0)
    hh = vv.replace('layerIndex="1"', 'layerIndex="2"').replace("VV", "HH")
    Path(xml_path).write_text(text.replace(vv, vv + "\n    " + hh))
    cos_vv = tmp_path / "IMAGEDATA" / "IMAGE_VV_SRA_strip_008.cos"
    slc_hh = _random_slc(geometry.lines, geometry.samples, seed=7)
    write_cosar(str(tmp_path / "IMAGEDATA" / "IMAGE_HH_SRA_strip_008.cos"), slc_hh)
    assert cos_vv.is_file()
    assert list_swaths(xml_path) == [("", "VV"), ("", "HH")]
    assert open_geometry(xml_path).polarisation == "VV"  # co-pol first in file order
    hh_geometry = open_geometry(tmp_path, polarisation="hh")
    assert hh_geometry.polarisation == "HH" and hh_geometry.look_side == "left"
    assert hh_geometry.extra["image_file"].endswith("IMAGE_HH_SRA_strip_008.cos")
    np.testing.assert_array_equal(
        terrasar.open_terrasar_raster(xml_path, "HH").ReadAsArray(), slc_hh)
    with pytest.raises(ProductError, match="no HV layer; it has VV, HH"):
        open_geometry(xml_path, polarisation="HV")
    # Left look: the footprint is on the other side of the track.
    right = compute_gcps(_tsx_geometry())
    assert hh_geometry.gcps[60][3] > right[60][3]


def test_terrasar_errors(tmp_path):
    xml_path = write_terrasar_product(tmp_path / "p", _tsx_geometry(), None)
    text = Path(xml_path).read_text()
    mgd = tmp_path / "mgd.xml"
    mgd.write_text(text.replace("<productVariant>SSC</productVariant>",
                                "<productVariant>MGD</productVariant>"))
    with pytest.raises(ProductError, match=r"only SSC \(slant-range complex\) products are "
                                            r"supported for geometry"):
        open_geometry(mgd)
    no_freq = tmp_path / "nofreq.xml"
    no_freq.write_text(re.sub(r"<centerFrequency.*?</centerFrequency>", "", text))
    with pytest.raises(ProductError, match=r"lacks <instrument/radarParameters/centerFrequency>"):
        open_geometry(no_freq)
    os.remove(Path(xml_path).parent / "IMAGEDATA" / "IMAGE_HH_SRA_strip_008.cos")
    assert open_geometry(xml_path).lines == 64  # geometry does not need the pixels
    with pytest.raises(ProductError, match="COSAR file .* is missing"):
        terrasar.open_terrasar_raster(xml_path)
    with pytest.raises(ValueError, match="at least 10 range samples"):
        write_cosar(str(tmp_path / "small.cos"), np.zeros((4, 5), np.complex64))
    with pytest.raises(ValueError, match="int16"):
        write_cosar(str(tmp_path / "big.cos"), np.full((4, 12), 40000, np.complex64))
    with pytest.raises(ValueError, match="Unknown TerraSAR-X metadata imagingmode"):
        write_terrasar_product(tmp_path / "q", _tsx_geometry(), None, {"imagingmode": "ST"})


# ---------------------------------------------------------------------------------------------
# geometry JSON

def _doc_examples():
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    return [json.loads(b) for b in blocks]


def test_schema_is_valid_json_and_docs_validate():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == set(geometry_json.REQUIRED)
    assert set(schema["properties"]) == set(geometry_json.REQUIRED) | set(geometry_json.OPTIONAL)
    for example in _doc_examples():
        geometry_json.validate_geometry_dict(example, "docs example")


def test_docs_examples_against_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for example in _doc_examples():
        validator.validate(example)
    bad = dict(_doc_examples()[0])
    del bad["wavelength_m"]
    assert not validator.is_valid(bad)
    both = dict(_doc_examples()[0], state_vectors=_doc_examples()[1]["state_vectors"])
    assert not validator.is_valid(both)


def test_docs_examples_open(tmp_path):
    airborne, spaceborne = _doc_examples()[:2]
    for name, example in (("airborne.json", airborne), ("spaceborne.json", spaceborne)):
        path = tmp_path / name
        path.write_text(json.dumps(example))
        geometry = open_geometry(path)
        assert geometry.lines == example["lines"] and len(geometry.gcps) == 121
        g = np.asarray(geometry.gcps)
        t, r, ok = geometry.geo2rdr(geodetic_to_ecef(g[:, 2], g[:, 3], g[:, 4]))
        line, sample = geometry.radar_to_image(t, r)
        assert ok.all() and np.max(np.abs(line - g[:, 0])) < 1e-3
        assert np.max(np.abs(sample - g[:, 1])) < 1e-3
    # Airborne: left look while flying east puts the scene north of the track.
    geometry = open_geometry(tmp_path / "airborne.json")
    assert min(g[2] for g in geometry.gcps) > 47.05
    assert np.allclose([g[4] for g in geometry.gcps], 1500.0, atol=1e-3)
    _, vel, _ = geometry.orbit.interpolate(geometry.mid_time_s)
    assert abs(np.linalg.norm(vel) - 90.0) < 1e-9


def test_json_round_trip_from_terrasar(tmp_path):
    geometry = open_geometry(write_terrasar_product(tmp_path / "p", _tsx_geometry(), None))
    path = geometry_json.write_geometry_json(tmp_path / "tsx.json", geometry)
    back = open_geometry(path)
    _assert_geometry_equal(back, geometry)
    assert back.doppler_hz is None and back.product_type == "generic"
    # And a second round trip is byte-identical.
    path2 = geometry_json.write_geometry_json(tmp_path / "tsx2.json", back)
    assert Path(path).read_text() == Path(path2).read_text()


def test_json_straight_track_and_doppler(tmp_path):
    position = geodetic_to_ecef(46.9, 10.8, 4200.0)
    lat, lon, _ = ecef_to_geodetic(position)
    east, north, _ = enu_basis(lat, lon)
    velocity = 100.0 * north
    data = {
        "format": "sar_height_geometry", "version": 1, "wavelength_m": 0.0555,
        "look_side": "right", "first_line_time": "2022-07-14T09:31:01.5Z",
        "line_interval_s": 0.001, "lines": 500, "samples": 300,
        "near_slant_range_m": 5000.0, "range_pixel_spacing_m": 1.5,
        "straight_track": {"time": "2022-07-14T09:31:00Z", "position_m": list(position),
                           "velocity_m_s": list(velocity)},
        "doppler_centroid_hz": {"reference_slant_range_m": 5200.0, "coefficients": [35.0, -0.01]},
    }
    path = tmp_path / "track.json"
    path.write_text(json.dumps(data))
    geometry = open_geometry(path)
    assert isinstance(geometry.doppler_hz, geometry_json.RangePolynomialDoppler)
    assert abs(geometry.doppler_hz(0.0, 5300.0) - 34.0) < 1e-12
    assert abs(geometry.first_line_time_s - 1.5) < 1e-12
    p, v, _ = geometry.orbit.interpolate(np.array([0.0, 1.5, 2.0]))
    np.testing.assert_allclose(p[0], position, atol=1e-6)
    np.testing.assert_allclose(p[2], position + 2.0 * velocity, atol=1e-6)
    np.testing.assert_allclose(v, np.tile(velocity, (3, 1)), atol=1e-9)
    # Right look while flying north: the scene lies east of the track.
    assert min(g[3] for g in geometry.gcps) > 10.8
    # rdr2geo/geo2rdr round trip holds with the squinted (non-zero Doppler) geometry.
    t, r = geometry.image_to_radar(np.array([0.0, 250.0, 499.0]), np.array([0.0, 150.0, 299.0]))
    t2, r2, ok = geometry.geo2rdr(geometry.rdr2geo(t, r, 900.0))
    assert ok.all() and np.max(np.abs(t2 - t)) < 1e-7 and np.max(np.abs(r2 - r)) < 1e-4

    # heading/speed + lat/lon/height form gives the same track.
    data2 = dict(data, straight_track={"time": "2022-07-14T09:31:00Z", "lat_deg": 46.9,
                                       "lon_deg": 10.8, "height_m": 4200.0, "heading_deg": 0.0,
                                       "speed_m_s": 100.0}, doppler_centroid_hz=35.0)
    path2 = tmp_path / "track2.json"
    path2.write_text(json.dumps(data2))
    geometry2 = open_geometry(path2)
    np.testing.assert_allclose(geometry2.orbit.positions, geometry.orbit.positions, atol=1e-6)
    np.testing.assert_allclose(geometry2.orbit.velocities, geometry.orbit.velocities, atol=1e-9)
    assert isinstance(geometry2.doppler_hz, geometry_json.ConstantDoppler)

    # Write/read keeps the Doppler model and the straight track (as two state vectors).
    back = open_geometry(geometry_json.write_geometry_json(tmp_path / "copy.json", geometry))
    _assert_geometry_equal(back, geometry)
    assert back.doppler_hz.to_json() == geometry.doppler_hz.to_json()
    back2 = open_geometry(geometry_json.write_geometry_json(tmp_path / "copy2.json", geometry2))
    assert back2.doppler_hz.to_json() == 35.0


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("wavelength_m"),
     r"lacks required field 'wavelength_m' \(radar wavelength in metres\)"),
    (lambda d: d.pop("first_line_time"), r"lacks required field 'first_line_time'"),
    (lambda d: d.update(look_side="up"), r"'look_side' must be \"right\" or \"left\""),
    (lambda d: d.update(lines=0), r"'lines' must be a positive integer"),
    (lambda d: d.update(line_interval_s=-1), r"'line_interval_s' must be positive"),
    (lambda d: d.update(first_line_time="14/07/2022"), r"'first_line_time' must be an ISO UTC"),
    (lambda d: d.update(format="something"), r"'format' must be \"sar_height_geometry\""),
    (lambda d: d.update(version=2), r"this plugin reads version 1"),
    (lambda d: d.update(wavelenght_m=0.03), r"unknown field\(s\) 'wavelenght_m'"),
    (lambda d: d.pop("straight_track"), r"give exactly one platform trajectory"),
    (lambda d: d["straight_track"].pop("speed_m_s"),
     r"lacks required field 'speed_m_s' in straight_track"),
    (lambda d: d["straight_track"].update(position_m=[1.0, 2.0, 3.0]),
     r"needs the platform position either as 'position_m'"),
    (lambda d: d.update(state_vectors=[{"time": "2022-07-14T09:31:00Z",
                                        "position_m": [1, 2, 3], "velocity_m_s": [1, 2, 3]}]),
     r"give exactly one platform trajectory"),
    (lambda d: d.update(gcps=[{"line": 1, "sample": 2, "lat_deg": 3}]),
     r"lacks required field 'lon_deg' in gcps\[0\]"),
])
def test_json_bad_fields(tmp_path, change, message):
    data = _doc_examples()[0]
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ProductError, match=message):
        open_geometry(path)


def test_json_state_vectors_must_cover_image(tmp_path):
    data = _doc_examples()[1]
    data["state_vectors"] = data["state_vectors"][:2]
    path = tmp_path / "short.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ProductError, match="cover the whole acquisition"):
        open_geometry(path)


# ---------------------------------------------------------------------------------------------
# bad inputs and GCPs

def test_bad_inputs(tmp_path):
    with pytest.raises(ProductError, match=r"nowhere\.SAFE does not exist"):
        open_geometry(tmp_path / "nowhere.SAFE")
    annotation = next((GRD_ROME / "annotation").glob("s1b-iw-grd-vv-*.xml")).read_bytes()
    cut = tmp_path / "s1b-iw-grd-vv-cut.xml"
    cut.write_bytes(annotation[: len(annotation) // 2])
    with pytest.raises(ProductError, match="truncated or not valid XML"):
        open_geometry(cut)
    tsx_xml = Path(write_terrasar_product(tmp_path / "tsx", _tsx_geometry(), None)).read_bytes()
    cut_tsx = tmp_path / "TSX1_cut.xml"
    cut_tsx.write_bytes(tsx_xml[: len(tsx_xml) // 2])
    with pytest.raises(ProductError, match="truncated"):
        open_geometry(cut_tsx)
    qgs = tmp_path / "project.qgs"
    qgs.write_text('<?xml version="1.0"?>\n<qgis projectname="x" version="3.28"><title/></qgis>\n')
    with pytest.raises(ProductError, match=r"root element <qgis> \(it is a QGIS project file\).*"
                                           r"expected <product>.*<level1Product>"):
        open_geometry(qgs)
    other = tmp_path / "random.xml"
    other.write_text("<catalog><book/></catalog>")
    with pytest.raises(ProductError, match=r"root element <catalog>; expected"):
        open_geometry(other)
    junk = tmp_path / "S1A_junk.zip"
    junk.write_bytes(np.random.default_rng(3).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    with pytest.raises(ProductError, match="not a readable zip archive"):
        open_geometry(junk)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ProductError, match="is not a Sentinel-1 SAFE .* TerraSAR-X level1Product "
                                           "XML .* or a SAR Height geometry JSON"):
        open_geometry(text)
    tif = ROOT / "resources" / "sample_data" / "alps_oetztal_srtm3.tif"
    with pytest.raises(ProductError, match="TIFF image"):
        open_geometry(tif)
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(ProductError, match="is empty"):
        open_geometry(empty)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "sar_height_geometry", "version": 1,')
    with pytest.raises(ProductError, match="not valid JSON"):
        open_geometry(broken)
    folder = tmp_path / "plain_folder"
    folder.mkdir()
    with pytest.raises(ProductError, match="neither a Sentinel-1 SAFE"):
        open_geometry(folder)
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("readme.txt", "x")
    with pytest.raises(ProductError, match="holds no Sentinel-1 SAFE"):
        open_geometry(other_zip)


def test_ensure_gcps(tmp_path):
    geometry = _tsx_geometry(reference_height=None)
    assert geometry.gcps == []
    ensure_gcps(geometry)
    assert len(geometry.gcps) == 121
    g = np.asarray(geometry.gcps)
    assert g[0, 0] == 0 and g[0, 1] == 0 and g[-1, 0] == 63 and g[-1, 1] == 47
    np.testing.assert_allclose(g[:, 4], 0.0, atol=1e-3)
    kept = list(geometry.gcps)
    ensure_gcps(geometry, height_m=1000.0)
    assert geometry.gcps == kept  # existing GCPs are kept
    ensure_gcps(geometry, height_m=1000.0, grid=3, force=True)
    assert len(geometry.gcps) == 9
    np.testing.assert_allclose([p[4] for p in geometry.gcps], 1000.0, atol=1e-3)
    assert geometry.footprint_lonlat().shape[1] == 2
