"""Stereo radargrammetry geometry (core.stereo): range-Doppler intersection, flat-earth parallax.

Pairs: Sentinel-1-like straight tracks (core.reconstruction.synthetic) over the real mountain
DEMs of test/data/dem, an airborne squinted pair (non-zero Doppler), and the real Sentinel-1
IW2 orbit over the Ötztal sample DEM with a synthetic partner. The test data hold no real stereo
pair: the SLC and GRD products there are one pass (used below as the no-parallax case).
"""
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.dem import DemRaster
from sar_height.core.geometry.ellipsoid import ecef_to_geodetic, enu_basis, geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.products.acquisition import AcquisitionGeometry
from sar_height.core.products.sentinel1 import (
    _read_xml,
    geometry_from_annotation,
    list_annotations,
    select_annotation,
)
from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
from sar_height.core.stereo import (
    NO_PARALLAX_MESSAGE,
    exact_correspondences,
    flat_earth_parallax_m,
    height_from_parallax_m,
    height_precision_m,
    incidence_angle_deg,
    intersect,
    intersect_image_coordinates,
    parallax_factor,
    parallax_sigma_from_range_sigma_m,
)

ROOT = Path(__file__).resolve().parents[1]

DEM_DIR = ROOT / "test" / "data" / "dem"
DEMS = ["yukon_south_glacier_20m", "tibet_yarlung_tsangpo_20m_utm46",
        "alps_bernese_RGI50-11.01270"]
PAIRS = {
    # same heading, same (right) side, incidence 30 and 45 deg: ~15 deg intersection angle
    "same side 30/45": (TrackSpec(incidence_deg=30.0), TrackSpec(incidence_deg=45.0)),
    # ascending looks east, descending looks west: ~74 deg intersection angle
    "ascending/descending": (TrackSpec(heading_deg=350.0), TrackSpec(heading_deg=190.0)),
}
S1_SLC = ROOT / "test" / "data" / "s1" / (
    "S1B_IW_SLC__1SDV_20210401T052622_20210401T052650_026269_032297_EFA4.SAFE")
S1_GRD = ROOT / "resources" / "sample_data" / (
    "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE")
OETZTAL = ROOT / "resources" / "sample_data" / "alps_oetztal_srtm3.tif"


def _yukon():
    # Not a fixture: pytest frees fixture values after pytest-qgis has shut QGIS (and with it
    # GDAL/PROJ) down at the last test, and a DemRaster freed then crashes the interpreter.
    return DemRaster(DEM_DIR / "yukon_south_glacier_20m.tif", "ellipsoid")


def _sentinel1(path, swath, polarisation):
    return geometry_from_annotation(_read_xml(select_annotation(list_annotations(path), swath,
                                                                polarisation)))


def _intersect_matches(reference, secondary, matches, **options):
    return intersect(reference, secondary, matches.ref_azimuth_time_s, matches.ref_slant_range_m,
                     matches.sec_azimuth_time_s, matches.sec_slant_range_m, **options)


def _errors_m(found_xyz, true_xyz):
    """Largest height and horizontal errors (m) of found points against the truth."""
    lat, lon, h = ecef_to_geodetic(true_xyz)
    east, north, up = enu_basis(lat, lon)
    d = found_xyz - true_xyz
    horizontal = np.hypot(np.einsum("ij,ij->i", d, east), np.einsum("ij,ij->i", d, north))
    return np.abs(np.einsum("ij,ij->i", d, up)).max(), horizontal.max()


def _scene_point(dem, height_m):
    lon, lat = dem.footprint_lonlat()
    return geodetic_to_ecef(np.array([lat.mean()]), np.array([lon.mean()]),
                            np.array([height_m]))


def _parallel_partner(geometry, point_xyz, offset_m):
    """The same straight track moved ``offset_m`` horizontally away from ``point_xyz``.

    Its velocity equals the reference's, as the flat-earth relations assume (two tracks of
    straight_track_geometry with one heading differ by the meridians' convergence, ~4 deg).
    """
    t, _, _ = geometry.geo2rdr(point_xyz)
    sensor, velocity, _ = geometry.orbit.interpolate(t)
    lat, lon, _ = ecef_to_geodetic(point_xyz)
    _, _, up = enu_basis(lat[0], lon[0])
    along = velocity[0] / np.linalg.norm(velocity[0])
    away = (sensor - point_xyz)[0]
    away -= np.dot(away, up) * up + np.dot(away, along) * along
    away /= np.linalg.norm(away)
    o = geometry.orbit
    orbit = Orbit(o.epoch, o.times, o.positions + offset_m * away, o.velocities)
    return dataclasses.replace(geometry, orbit=orbit), -away  # and the ground-range direction


# --- exact correspondences recover real mountains -------------------------------------------

@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("dem_name", DEMS)
def test_exact_matches_recover_mountain_dem(dem_name, pair):
    dem = DemRaster(DEM_DIR / f"{dem_name}.tif", "ellipsoid")
    reference, secondary = (straight_track_geometry(dem, spec) for spec in PAIRS[pair])
    matches = exact_correspondences(reference, secondary, dem, step=4)
    assert len(matches.height_m) > 4000 and matches.inside.all()
    found = intersect_image_coordinates(reference, secondary, matches.ref_line,
                                        matches.ref_sample, matches.sec_line,
                                        matches.sec_sample, initial_height_m=0.0)
    assert found.converged.all() and not found.ill_conditioned.any()
    dh, horizontal = _errors_m(found.xyz_m, matches.xyz_m)
    assert dh < 0.05 and horizontal < 0.05, (dh, horizontal)  # measured: ~1e-8 m
    assert np.abs(found.height_m - matches.height_m).max() < 0.05
    assert found.residual_rms_m.max() < 1e-3
    expected_angle = (13.0, 17.0) if pair.startswith("same") else (70.0, 78.0)
    assert expected_angle[0] < found.intersection_angle_deg.min()
    assert found.intersection_angle_deg.max() < expected_angle[1]
    assert found.iterations <= 6


def test_exact_correspondences_window_and_step():
    yukon = _yukon()
    reference, secondary = (straight_track_geometry(yukon, spec)
                            for spec in PAIRS["same side 30/45"])
    matches = exact_correspondences(reference, secondary, yukon, window=(10, 20, 30, 40), step=2)
    _, _, h = yukon.read_block(10, 20, 30, 40)
    expected = h[::2, ::2]
    assert len(matches.height_m) == np.isfinite(expected).sum()
    assert matches.dem_row.min() == 20 and matches.dem_col.min() == 10
    np.testing.assert_allclose(matches.height_m,
                               h[matches.dem_row - 20, matches.dem_col - 10])
    # Each image coordinate is the geo2rdr solution of its cell, through the product raster.
    t, r = secondary.image_to_radar(matches.sec_line, matches.sec_sample)
    np.testing.assert_allclose(t, matches.sec_azimuth_time_s, atol=1e-9)
    np.testing.assert_allclose(r, matches.sec_slant_range_m, atol=1e-6)


def test_squinted_airborne_pair_uses_the_doppler_equations():
    """A squinted airborne pair uses the Doppler equations.

    Left-looking airborne tracks with +150 Hz / -220 Hz Doppler: exact points come back; ignoring
    the Doppler (or flipping its sign) shows up as large residuals.
    """
    origin = geodetic_to_ecef(34.0, -118.0, 0.0)
    east, north, up = enu_basis(34.0, -118.0)

    def airborne(north_offset_m, altitude_m, doppler_hz):
        track = origin + altitude_m * up + north_offset_m * north
        orbit = Orbit.straight_track(np.datetime64("2022-07-14T09:31:05"), track, 200.0 * east,
                                     -120.0, 120.0)
        return AcquisitionGeometry(
            mission="airborne test", product_type="SLC", orbit=orbit, wavelength_m=0.031,
            look_side="left", first_line_time_s=-60.0, azimuth_time_interval_s=0.002,
            lines=60000, samples=30000, near_slant_range_m=3000.0, range_pixel_spacing_m=0.6,
            doppler_hz=lambda t, R: np.full(np.shape(R), doppler_hz))

    reference, secondary = airborne(0.0, 6000.0, 150.0), airborne(-4000.0, 7000.0, -220.0)
    rng = np.random.default_rng(5)
    ground = (origin + rng.uniform(-3000, 3000, (300, 1)) * east
              + rng.uniform(5000, 9000, (300, 1)) * north)
    lat, lon, _ = ecef_to_geodetic(ground)
    truth = geodetic_to_ecef(lat, lon, rng.uniform(0.0, 1500.0, 300))
    t1, r1, ok1 = reference.geo2rdr(truth, initial_time_s=0.0)
    t2, r2, ok2 = secondary.geo2rdr(truth, initial_time_s=0.0)
    assert ok1.all() and ok2.all()
    found = intersect(reference, secondary, t1, r1, t2, r2, initial_height_m=500.0)
    assert found.converged.all()
    assert np.linalg.norm(found.xyz_m - truth, axis=1).max() < 0.01
    assert found.residual_rms_m.max() < 1e-3
    for wrong in (None, lambda t, R: -150.0 * np.ones(np.shape(R))):
        bad = intersect(dataclasses.replace(reference, doppler_hz=wrong), secondary,
                        t1, r1, t2, r2, initial_height_m=500.0)
        assert np.median(bad.residual_rms_m) > 10.0


def test_real_sentinel1_orbit_with_synthetic_partner():
    """The real IW2 orbit over the Ötztal, paired with synthetic tracks: the DEM comes back.

    The orbit is curved, with TOPS bursts; the synthetic tracks are on both sides. Not a real
    stereo pair (none is in the test data).
    """
    reference = _sentinel1(S1_SLC, "IW2", "VH")
    dem = DemRaster(OETZTAL, "ellipsoid")
    for spec in (TrackSpec(heading_deg=350.0, incidence_deg=40.0),  # opposite side
                 TrackSpec(heading_deg=192.0, incidence_deg=50.0)):  # same side (descending)
        secondary = straight_track_geometry(dem, spec)
        matches = exact_correspondences(reference, secondary, dem, step=8)
        assert matches.inside.all()
        found = intersect_image_coordinates(reference, secondary, matches.ref_line,
                                            matches.ref_sample, matches.sec_line,
                                            matches.sec_sample, initial_height_m=2000.0)
        assert found.converged.all()
        dh, horizontal = _errors_m(found.xyz_m, matches.xyz_m)
        assert dh < 0.05 and horizontal < 0.05, (dh, horizontal)


# --- noise and the flat-earth relations -----------------------------------------------------

def test_parallax_formulas():
    np.testing.assert_allclose(flat_earth_parallax_m(100.0, 30.0, 45.0), 100 * (3**0.5 - 1))
    np.testing.assert_allclose(flat_earth_parallax_m(100.0, 30.0, 45.0, same_side=False),
                               100 * (3**0.5 + 1))
    np.testing.assert_allclose(height_from_parallax_m(73.20508, 30.0, 45.0), 100.0, rtol=1e-6)
    np.testing.assert_allclose(height_precision_m(2.0, 30.0, 45.0), 2.0 / (3**0.5 - 1))
    np.testing.assert_allclose(parallax_sigma_from_range_sigma_m(1.0, 1.0, 30.0, 90.0),
                               5**0.5)
    assert np.isinf(height_precision_m(1.0, 40.0, 40.0))
    assert parallax_factor(45.0, 30.0) < 0  # the secondary steeper: parallax changes sign


def test_flat_earth_parallax_matches_rigorous_projection():
    """The flat-Earth parallax matches the rigorous projection within 1.5 %.

    A point 1500 m up, projected onto the ellipsoid from both images: the ground-range difference
    is h (cot th1 - cot th2) within 1.5 %, and intersect finds the point.
    """
    yukon = _yukon()
    reference = straight_track_geometry(yukon, TrackSpec(incidence_deg=30.0))
    point = _scene_point(yukon, 1500.0)
    parallel, ground_range_dir = _parallel_partner(reference, point, 300e3)
    for secondary in (parallel, straight_track_geometry(yukon, TrackSpec(incidence_deg=45.0))):
        th1, th2 = incidence_angle_deg(reference, point)[0], incidence_angle_deg(secondary,
                                                                                 point)[0]
        t1, r1, _ = reference.geo2rdr(point)
        t2, r2, _ = secondary.geo2rdr(point)
        on_ground_1 = reference.rdr2geo(t1, r1, 0.0)
        on_ground_2 = secondary.rdr2geo(t2, r2, 0.0)
        parallax = float(np.dot((on_ground_2 - on_ground_1)[0], ground_range_dir))
        expected = flat_earth_parallax_m(1500.0, th1, th2)
        assert abs(parallax / expected - 1.0) < 0.015, (parallax, expected)  # measured 0.8-1.2 %
        assert abs(height_from_parallax_m(parallax, th1, th2) - 1500.0) < 25.0
        found = intersect(reference, secondary, t1, r1, t2, r2)
        assert abs(found.height_m[0] - 1500.0) < 1e-3


def test_slant_range_error_moves_height_as_flat_earth_predicts():
    """Secondary range + dR -> height error dR / (sin th2 (cot th1 - cot th2))."""
    yukon = _yukon()
    reference = straight_track_geometry(yukon, TrackSpec(incidence_deg=30.0))
    point = _scene_point(yukon, 1500.0)
    parallel, _ = _parallel_partner(reference, point, 300e3)
    cases = ((parallel, 0.002),  # parallel tracks: the formula's own assumptions (0.01 %)
             # one heading at both nadirs: tracks ~4 deg apart; the Doppler planes then carry a
             # little cross-track information and absorb part of the error (measured 5.9 %)
             (straight_track_geometry(yukon, TrackSpec(incidence_deg=45.0)), 0.08))
    for secondary, tolerance in cases:
        th1, th2 = incidence_angle_deg(reference, point)[0], incidence_angle_deg(secondary,
                                                                                 point)[0]
        t1, r1, _ = reference.geo2rdr(point)
        t2, r2, _ = secondary.geo2rdr(point)
        for range_error_m in (1.0, -10.0):
            found = intersect(reference, secondary, t1, r1, t2, r2 + range_error_m)
            assert found.converged.all()
            predicted = range_error_m / (np.sin(np.radians(th2)) * parallax_factor(th1, th2))
            ratio = (found.height_m[0] - 1500.0) / predicted
            assert abs(ratio - 1.0) < tolerance, ratio
    # A-priori height sigma (1 m range errors) equals the flat-earth error propagation; on
    # parallel tracks the azimuth sigma hardly matters (and very unequal sigmas still solve).
    th1, th2 = incidence_angle_deg(reference, point)[0], incidence_angle_deg(parallel, point)[0]
    flat = height_precision_m(parallax_sigma_from_range_sigma_m(1.0, 1.0, th1, th2), th1, th2)
    for azimuth_sigma_m in (1e-3, 1.0):
        found = intersect(reference, parallel, *reference.geo2rdr(point)[:2],
                          *parallel.geo2rdr(point)[:2], range_sigma_m=1.0,
                          azimuth_sigma_m=azimuth_sigma_m)
        assert found.converged.all()
        assert abs(found.height_sigma_m[0] / flat - 1.0) < 0.01


# --- no parallax --------------------------------------------------------------------------

def test_identical_geometries_are_flagged_not_solved():
    yukon = _yukon()
    geometry = straight_track_geometry(yukon)
    matches = exact_correspondences(geometry, geometry, yukon, window=(0, 0, 60, 60), step=6)
    t, r = matches.ref_azimuth_time_s, matches.ref_slant_range_m
    for limit in (1.0, 0.0):  # with no angle limit the singular normal matrix still tells
        found = intersect(geometry, geometry, t, r, t, r, min_intersection_angle_deg=limit)
        assert found.ill_conditioned.all() and not found.converged.any()
        assert np.isnan(found.xyz_m).all() and np.isnan(found.height_m).all()
        assert found.no_parallax
        assert np.nanmax(found.intersection_angle_deg) < 1e-6
    assert "no parallax" in NO_PARALLAX_MESSAGE
    # Nearly identical (37.0 vs 37.3 deg incidence, ~0.3 deg apart): below the 1 deg default.
    other = straight_track_geometry(yukon, TrackSpec(incidence_deg=37.3))
    near = exact_correspondences(geometry, other, yukon, window=(0, 0, 60, 60), step=6)
    found = _intersect_matches(geometry, other, near)
    assert found.no_parallax and np.nanmax(found.intersection_angle_deg) < 1.0
    # ... yet solvable when the caller accepts the weak geometry.
    found = _intersect_matches(geometry, other, near, min_intersection_angle_deg=0.1)
    assert found.converged.all() and np.abs(found.height_m - near.height_m).max() < 0.05


def test_same_pass_products_have_no_parallax():
    """SLC IW2 and the GRD of the same Sentinel-1 pass see each point from the same place."""
    reference = _sentinel1(S1_SLC, "IW2", "VH")
    grd = _sentinel1(S1_GRD, None, "VV")
    matches = exact_correspondences(reference, grd, DemRaster(OETZTAL, "ellipsoid"),
                                    window=(100, 100, 200, 200), step=20)
    found = _intersect_matches(reference, grd, matches, initial_height_m=2000.0)
    assert found.no_parallax and not found.converged.any()


def test_bad_matches_are_flagged_individually():
    yukon = _yukon()
    reference, secondary = (straight_track_geometry(yukon, spec)
                            for spec in PAIRS["same side 30/45"])
    matches = exact_correspondences(reference, secondary, yukon, window=(0, 0, 40, 40), step=10)
    t2 = matches.sec_azimuth_time_s.copy()
    t2[0] = np.nan  # a failed match
    t2[1] += 0.01  # 75 m along track off: inconsistent with the reference
    found = intersect(reference, secondary, matches.ref_azimuth_time_s,
                      matches.ref_slant_range_m, t2, matches.sec_slant_range_m)
    assert not found.converged[0] and np.isnan(found.height_m[0])
    assert not found.ill_conditioned[0] and not found.no_parallax
    assert found.residual_rms_m[1] > 10.0  # the quality number exposes the wrong match
    assert found.converged[2:].all() and found.residual_rms_m[2:].max() < 1e-3
