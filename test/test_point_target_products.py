"""Point-target SLC input/output: round trips, error messages and the real ALOS-1 chip.

Round trips of a TerraSAR-X-like product and of a complex GeoTIFF + geometry JSON, error
messages, and the real ALOS-1 PALSAR corner-reflector chip.
"""
import copy
import json
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core.errors import PointTargetError
from sar_height.core.geometry.ellipsoid import geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.point_target.simulator import SceneSpec, simulate_scene
from sar_height.core.point_target.slc import open_slc, write_complex_geotiff, write_terrasar_like

ROOT = Path(__file__).resolve().parents[1]

ALOS = ROOT / "test" / "data" / "sar" / "alos_riobranco" / "alos_riobranco_hh.tif"
KEYS = ("imaging_mode", "total_processed_azimuth_bandwidth_hz", "azimuth_window",
        "azimuth_window_coefficient", "processor_zenith_delay_m",
        "azimuth_spectrum_reference_time_s", "azimuth_spectrum_rate_hz_s")


@pytest.fixture(scope="module")
def scene():
    return simulate_scene(SceneSpec(lines=96, samples=48, scr_db=30.0, seed=2,
                                    processor_zenith_delay_m=2.5))


def _same_geometry(a, b):
    assert (a.lines, a.samples) == (b.lines, b.samples)
    assert a.orbit.epoch == b.orbit.epoch
    assert a.first_line_time_s == pytest.approx(b.first_line_time_s, abs=1e-8)
    assert a.azimuth_time_interval_s == pytest.approx(b.azimuth_time_interval_s, rel=1e-12)
    assert a.near_slant_range_m == pytest.approx(b.near_slant_range_m, abs=1e-6)
    assert a.wavelength_m == pytest.approx(b.wavelength_m, rel=1e-12)
    assert a.reference_height_m == pytest.approx(b.reference_height_m)
    for key in KEYS:
        if isinstance(b.extra[key], str):
            assert a.extra[key] == b.extra[key], key
        else:
            assert a.extra[key] == pytest.approx(b.extra[key], abs=1e-8), key


def test_terrasar_like_round_trip(scene, tmp_path):
    xml = write_terrasar_like(scene, tmp_path / "tsx")
    for path in (xml, tmp_path / "tsx"):
        reader, geometry = open_slc(path)
        _same_geometry(geometry, scene.geometry)
        pixels = reader.read(0, 0, reader.lines, reader.samples)
        assert pixels.dtype == np.complex64
        restored = pixels * np.sqrt(geometry.extra["cal_factor"])
        peak = np.abs(scene.slc).max()
        assert np.abs(restored - scene.slc).max() < 1e-4 * peak  # int16 quantisation
        assert geometry.extra["processor_zenith_delay_m"] == 2.5


def test_complex_geotiff_round_trip_and_windows(scene, tmp_path):
    tif, js = write_complex_geotiff(scene, tmp_path / "scene.tif")
    reader, geometry = open_slc(tif)
    _same_geometry(geometry, scene.geometry)
    assert np.array_equal(reader.read(0, 0, reader.lines, reader.samples), scene.slc)
    assert np.array_equal(reader.read(10, 5, 20, 7), scene.slc[10:30, 5:12])
    with pytest.raises(PointTargetError, match="outside"):
        reader.read(90, 0, 10, 10)
    # Explicit geometry path works as well.
    _, again = open_slc(tif, geometry_path=js)
    assert again.extra["imaging_mode"] == "ST"


def test_both_formats_give_the_same_pixels(scene, tmp_path):
    xml = write_terrasar_like(scene, tmp_path / "tsx")
    tif, _ = write_complex_geotiff(scene, tmp_path / "scene.tif")
    a, ga = open_slc(xml)
    b, gb = open_slc(tif)
    pa = a.read(0, 0, a.lines, a.samples) * np.sqrt(ga.extra["cal_factor"])
    pb = b.read(0, 0, b.lines, b.samples)
    assert np.abs(pa - pb).max() < 1e-4 * np.abs(pb).max()


def test_detected_raster_is_refused(scene, tmp_path):
    tif, js = write_complex_geotiff(scene, tmp_path / "scene.tif")
    detected = tmp_path / "amplitude.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(detected), 48, 96, 1, gdal.GDT_Float32)
    ds.GetRasterBand(1).WriteArray(np.abs(scene.slc))
    ds = None
    with pytest.raises(PointTargetError, match="is not complex .*single-look complex"):
        open_slc(detected, geometry_path=js)


def test_missing_geometry_json(scene, tmp_path):
    tif, js = write_complex_geotiff(scene, tmp_path / "scene.tif")
    Path(js).unlink()
    with pytest.raises(PointTargetError, match="geometry JSON .* is missing"):
        open_slc(tif)


def test_geometry_of_another_size(scene, tmp_path):
    other = copy.copy(scene)
    other.geometry = copy.copy(scene.geometry)
    other.geometry.lines = 80
    other.slc = scene.slc[:80]
    _, js = write_complex_geotiff(other, tmp_path / "small.tif")
    tif, _ = write_complex_geotiff(scene, tmp_path / "scene.tif")
    with pytest.raises(PointTargetError, match="does not belong"):
        open_slc(tif, geometry_path=js)


def test_orbit_must_cover_the_aperture(scene, tmp_path):
    short = copy.copy(scene)
    short.geometry = copy.copy(scene.geometry)
    orbit = scene.geometry.orbit
    keep = np.abs(orbit.times - scene.geometry.mid_time_s) <= 2.0  # aperture is +-4.1 s
    short.geometry.orbit = Orbit(orbit.epoch, orbit.times[keep], orbit.positions[keep],
                                 orbit.velocities[keep])
    tif, _ = write_complex_geotiff(short, tmp_path / "short.tif")
    with pytest.raises(PointTargetError, match="synthetic aperture"):
        open_slc(tif)


def test_straight_track_has_no_orbit(scene, tmp_path):
    tif, js = write_complex_geotiff(scene, tmp_path / "scene.tif")
    data = json.loads(Path(js).read_text())
    data.pop("state_vectors")
    data["straight_track"] = {"time": data["first_line_time"], "lat_deg": 48.0,
                              "lon_deg": 11.0, "height_m": 3000.0, "heading_deg": 0.0,
                              "speed_m_s": 100.0}
    Path(js).write_text(json.dumps(data))
    with pytest.raises(PointTargetError, match="no orbit state vectors"):
        open_slc(tif)


def test_missing_path():
    with pytest.raises(PointTargetError, match="does not exist"):
        open_slc("/nonexistent/product.tif")


def test_alos_chip_opens_and_the_reflector_is_where_geo2rdr_puts_it():
    reader, geometry = open_slc(ALOS)
    assert (reader.lines, reader.samples) == (100, 50)
    image = reader.read(0, 0, 100, 50)
    assert np.iscomplexobj(image)
    peak = np.unravel_index(np.argmax(np.abs(image)), image.shape)
    assert peak == (50, 25)
    assert np.abs(image).max() > 50 * np.median(np.abs(image))
    assert geometry.extra["imaging_mode"] == "SM"
    assert geometry.extra["total_processed_azimuth_bandwidth_hz"] == pytest.approx(1200.0)
    assert geometry.wavelength_m == pytest.approx(0.236, abs=0.001)
    reflector = geodetic_to_ecef(-9.71311741457592, -68.1728216904995, 0.0)[None, :]
    t, r, ok = geometry.geo2rdr(reflector)
    line, sample = geometry.radar_to_image(t, r)
    assert ok[0]
    assert abs(line[0] - 50) < 0.5 and abs(sample[0] - 25) < 0.5
