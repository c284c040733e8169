"""Geometry core against real Sentinel-1 annotations and synthetic round trips."""
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.geometry.ellipsoid import ecef_to_geodetic, enu_basis, geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.geometry.range_doppler import geo2rdr, rdr2geo
from sar_height.core.products.acquisition import SPEED_OF_LIGHT
from sar_height.core.products.sentinel1 import (
    _read_xml,
    geometry_from_annotation,
    list_annotations,
    read_tie_points,
    select_annotation,
)

ROOT = Path(__file__).resolve().parents[1]

DATA = ROOT / "test" / "data" / "s1"
SAMPLE = ROOT / "resources" / "sample_data"
SLC = DATA / "S1B_IW_SLC__1SDV_20210401T052622_20210401T052650_026269_032297_EFA4.SAFE"
ANNOTATIONS = {
    "GRD Oetztal": (
        SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE",
        None, "VV"),
    "GRD Rome": (DATA / "S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371.SAFE",
                 None, "VV"),
    "SLC IW1": (SLC, "IW1", "VV"),
    "SLC IW2": (SLC, "IW2", "VH"),
}


def _load(name):
    path, swath, pol = ANNOTATIONS[name]
    root = _read_xml(select_annotation(list_annotations(path), swath, pol))
    geometry = geometry_from_annotation(root)
    return geometry, root


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_geo2rdr_hits_annotation_tie_points(name):
    geometry, root = _load(name)
    tie_time, tie = read_tie_points(root, geometry.orbit.epoch)
    xyz = geodetic_to_ecef(tie["latitude"], tie["longitude"], tie["height"])
    t, slant_range, ok = geometry.geo2rdr(xyz)
    assert ok.all()
    line_error = (t - tie_time) / geometry.azimuth_time_interval_s
    slant_sample_m = SPEED_OF_LIGHT / (2.0 * geometry.extra["range_sampling_rate_hz"])
    sample_error = (slant_range - tie["slantRangeTime"] * SPEED_OF_LIGHT / 2.0) / slant_sample_m
    assert len(t) > 100
    assert np.abs(line_error).max() < 0.05, np.abs(line_error).max()
    assert np.abs(sample_error).max() < 0.01, np.abs(sample_error).max()


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_rdr2geo_geo2rdr_round_trip_millimetres(name):
    geometry, root = _load(name)
    tie_time, tie = read_tie_points(root, geometry.orbit.epoch)
    rng = np.random.default_rng(1)
    heights = rng.uniform(-100.0, 4500.0, tie_time.shape)
    slant = tie["slantRangeTime"] * SPEED_OF_LIGHT / 2.0
    xyz = geometry.rdr2geo(tie_time, slant, heights)
    _, _, h = ecef_to_geodetic(xyz)
    np.testing.assert_allclose(h, heights, atol=1e-3)
    t, r, ok = geometry.geo2rdr(xyz)
    assert ok.all()
    velocity = np.linalg.norm(geometry.orbit.interpolate(tie_time)[1], axis=-1)
    assert np.abs((t - tie_time) * velocity).max() < 1e-3  # metres along track
    assert np.abs(r - slant).max() < 1e-3


@pytest.mark.parametrize("name", ["GRD Oetztal", "GRD Rome"])
def test_grd_image_coordinates_follow_tie_points(name):
    """GRD (line, sample) from the SRGR polynomials stays close to ESA's tie-point pixels."""
    geometry, root = _load(name)
    tie_time, tie = read_tie_points(root, geometry.orbit.epoch)
    line, sample = geometry.radar_to_image(tie_time, tie["slantRangeTime"] * SPEED_OF_LIGHT / 2)
    assert np.abs(line - tie["line"]).max() < 0.25
    assert np.abs(sample - tie["pixel"]).max() < 0.05
    t2, r2 = geometry.image_to_radar(line, sample)
    np.testing.assert_allclose(t2, tie_time, atol=1e-7)
    np.testing.assert_allclose(r2, tie["slantRangeTime"] * SPEED_OF_LIGHT / 2, atol=1e-3)


def test_slc_lines_are_burst_stacked():
    geometry, root = _load("SLC IW2")
    bursts = geometry.bursts
    assert len(bursts) >= 9
    assert [b.first_line for b in bursts] == [i * bursts[0].lines for i in range(len(bursts))]
    # The middle of each burst's valid block maps into that burst's block of raster lines.
    for b in bursts:
        mid = 0.5 * (b.first_valid_line + b.last_valid_line)
        t = b.azimuth_time_s + mid * geometry.azimuth_time_interval_s
        line, _ = geometry.radar_to_image(np.array([t]), np.array([geometry.near_slant_range_m]))
        assert abs(line[0] - (b.first_line + mid)) < 1e-6
    t_back, _ = geometry.image_to_radar(np.array([bursts[3].first_line + 500.0]), np.array([0.0]))
    expected = bursts[3].azimuth_time_s + 500 * geometry.azimuth_time_interval_s
    assert abs(t_back[0] - expected) < 1e-9


def test_ellipsoid_round_trip_and_enu():
    lat = np.array([-89.9, -45.0, 0.0, 30.5, 47.0, 89.9])
    lon = np.array([-179.0, -60.0, 0.0, 10.0, 11.0, 179.0])
    h = np.array([-400.0, 0.0, 8848.0, 100.0, 3700.0, 700e3])
    lat2, lon2, h2 = ecef_to_geodetic(geodetic_to_ecef(lat, lon, h))
    np.testing.assert_allclose(lat2, lat, atol=1e-9)
    np.testing.assert_allclose(lon2, lon, atol=1e-9)
    np.testing.assert_allclose(h2, h, atol=1e-4)
    east, north, up = enu_basis(lat, lon)
    np.testing.assert_allclose(np.einsum("ij,ij->i", east, north), 0, atol=1e-12)
    np.testing.assert_allclose(np.cross(east, north), up, atol=1e-12)


def test_straight_track_geo2rdr_closed_form():
    """Airborne straight track: zero-Doppler time and range have a closed form."""
    p0 = geodetic_to_ecef(34.0, -118.0, 12500.0)
    east, north, up = enu_basis(34.0, -118.0)
    velocity = 220.0 * east
    orbit = Orbit.straight_track(np.datetime64("2020-01-01T00:00:00"), p0, velocity, -60.0, 60.0)
    targets = p0 + np.array([[500.0], [-3000.0]]) * east + 9000.0 * north - 12000.0 * up
    t, r, ok = geo2rdr(orbit, targets, wavelength_m=0.24)
    assert ok.all()
    expected_t = np.einsum("ij,j->i", targets - p0, velocity) / np.dot(velocity, velocity)
    np.testing.assert_allclose(t, expected_t, atol=1e-8)
    closest = p0 + expected_t[:, None] * velocity
    np.testing.assert_allclose(r, np.linalg.norm(targets - closest, axis=1), atol=1e-6)


def test_squinted_doppler_round_trip():
    p0 = geodetic_to_ecef(34.0, -118.0, 12500.0)
    east, north, up = enu_basis(34.0, -118.0)
    orbit = Orbit.straight_track(np.datetime64("2020-01-01"), p0, 220.0 * east, -60, 60)
    wavelength, doppler = 0.24, 150.0
    xyz = rdr2geo(orbit, np.array([1.0, 5.0]), np.array([15000.0, 20000.0]),
                  np.array([50.0, 300.0]), look_side="left", wavelength_m=wavelength,
                  doppler_hz=doppler)
    t, r, ok = geo2rdr(orbit, xyz, wavelength, doppler, initial_time_s=0.0)
    assert ok.all()
    np.testing.assert_allclose(t, [1.0, 5.0], atol=1e-7)
    np.testing.assert_allclose(r, [15000.0, 20000.0], atol=1e-4)
    # Left-looking: the targets lie north of an eastbound track.
    pos, _, _ = orbit.interpolate(t)
    assert np.all(np.einsum("ij,j->i", xyz - pos, north) > 0)


def test_rdr2geo_dem_recovers_points_on_steep_terrain():
    """Ground points on a steep synthetic surface come back from their (t, R) on that surface."""
    geometry, _ = _load("GRD Oetztal")

    def height_at(lat, lon):
        return 2000.0 + 1200.0 * np.sin(np.radians(lat - 46.8) * 600) * np.cos(
            np.radians(lon - 10.9) * 400)

    rng = np.random.default_rng(3)
    lat = rng.uniform(46.75, 46.95, 200)
    lon = rng.uniform(10.7, 11.0, 200)
    xyz = geodetic_to_ecef(lat, lon, height_at(lat, lon))
    t, r, ok = geometry.geo2rdr(xyz)
    assert ok.all()
    from sar_height.core.geometry.range_doppler import rdr2geo_dem

    found = rdr2geo_dem(geometry.orbit, t, r, height_at, (800.0, 3200.0))
    lat2, lon2, h2 = ecef_to_geodetic(found)
    # On the surface everywhere; the original point wherever (t, R) is unambiguous.
    np.testing.assert_allclose(h2, height_at(lat2, lon2), atol=0.05)
    t2, r2, _ = geometry.geo2rdr(found)
    np.testing.assert_allclose(t2, t, atol=1e-7)
    np.testing.assert_allclose(r2, r, atol=1e-3)
    unique = np.linalg.norm(found - xyz, axis=1) < 0.05
    assert unique.mean() > 0.8
    # bounds too narrow for the surface: NaN, never a bracket end presented as ground
    narrow = rdr2geo_dem(geometry.orbit, t, r, height_at, (1500.0, 2000.0))
    solved = np.isfinite(narrow).all(axis=1)
    assert 0 < solved.sum() < solved.size
    lat3, lon3, h3 = ecef_to_geodetic(narrow[solved])
    np.testing.assert_allclose(h3, height_at(lat3, lon3), atol=0.05)
