"""Imaging simulation (core.simulation): geometry, layover/shadow, mapping, files.

Synthetic DEMs are small GeoTIFFs written here; geometries are a straight, level airborne
track built with Orbit.straight_track and the bundled Sentinel-1 GRD over the Ötztal.
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from sar_height.core.dem import DemRaster
from sar_height.core.geometry.ellipsoid import geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.products.acquisition import AcquisitionGeometry
from sar_height.core.products.sentinel1 import read_sentinel1
from sar_height.core.simulation import (
    LAYOVER,
    LAYOVER_AND_SHADOW,
    SHADOW,
    SimulationCancelled,
    SimulationError,
    SimulationOptions,
    iter_block_mappings,
    simulate_to_files,
)

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = ROOT / "resources" / "sample_data"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
ALPS = SAMPLE / "alps_oetztal_srtm3.tif"
NAMES = ("simulated", "mask", "lookup", "incidence")

# --- a straight, level airborne track over a UTM DEM ------------------------------------
UTM = 32632  # WGS 84 / UTM 32N
X0, Y0 = 649000.0, 5201000.0  # DEM top-left corner, about 46.93 N 10.96 E
CELL = 10.0  # metres
N = 200  # DEM cells per side
X_TRACK = X0 - 5000.0  # the track runs north along this easting, looking right (east)
H_TRACK = 6000.0  # ellipsoidal height of the track, metres
SPEED = 100.0  # m/s
# Ridge along azimuth (north-south), profile across range (east), metres from the west edge.
BASE, TOP = 1000.0, 1400.0
U_FOOT, U_TOP, U_BACK = 700.0, 900.0, 1250.0  # foreslope 63.4 deg, backslope 48.8 deg


def _lonlat(x, y, epsg=UTM):
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst.ImportFromEPSG(4326)
    for srs in (src, dst):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
    out = np.asarray(ct.TransformPoints(np.column_stack([x.ravel(), y.ravel()])))
    return out[:, 0].reshape(x.shape), out[:, 1].reshape(x.shape)


def write_dem(path, heights, geotransform=(X0, CELL, 0, Y0, 0, -CELL), epsg=UTM):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), heights.shape[1], heights.shape[0], 1,
                                              gdal.GDT_Float32)
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(heights)
    band.SetNoDataValue(-9999.0)
    ds = None
    return DemRaster(path, "ellipsoid")


def airborne_orbit():
    y_mid = Y0 - N * CELL / 2
    lon, lat = _lonlat([X_TRACK, X_TRACK], [y_mid - 5000.0, y_mid + 5000.0])
    a, b = geodetic_to_ecef(lat, lon, [H_TRACK, H_TRACK])
    velocity = (b - a) / (10000.0 / SPEED)
    return Orbit.straight_track(np.datetime64("2024-01-01T00:00:00"), 0.5 * (a + b), velocity,
                                -60.0, 60.0)


def airborne_geometry():
    dt = 0.05  # 5 m lines
    y_mid = Y0 - N * CELL / 2
    return AcquisitionGeometry(
        mission="AIRBORNE", product_type="SSC", orbit=airborne_orbit(), wavelength_m=0.031,
        look_side="right", first_line_time_s=(Y0 - N * CELL - 200.0 - y_mid) / SPEED,
        azimuth_time_interval_s=dt, lines=int((N * CELL + 400.0) / SPEED / dt), samples=1000,
        near_slant_range_m=6800.0, range_pixel_spacing_m=2.0)


def ridge_height(u):
    """Triangular ridge: height at ``u`` metres east of the DEM's west edge."""
    up = np.clip((u - U_FOOT) / (U_TOP - U_FOOT), 0.0, 1.0)
    down = np.clip((U_BACK - u) / (U_BACK - U_TOP), 0.0, 1.0)
    return BASE + (TOP - BASE) * np.minimum(up, down)


def cell_centres_u():
    return (np.arange(N) + 0.5) * CELL


@pytest.fixture(scope="module")
def grd():
    return read_sentinel1(GRD)


def alps_cut(tmp_path, xoff=300, yoff=200, size=100):
    path = tmp_path / "alps_cut.tif"
    gdal.Translate(str(path), str(ALPS), srcWin=[xoff, yoff, size, size])
    return DemRaster(path)


def targets(tmp_path, prefix, names=NAMES):
    return {name: str(tmp_path / f"{prefix}_{name}.tif") for name in names}


def read(path, band=None):
    ds = gdal.Open(str(path))
    return ds.ReadAsArray() if band is None else ds.GetRasterBand(band).ReadAsArray()


def read_window(path, window):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(1).ReadAsArray(window.sample0, window.line0, window.samples,
                                           window.lines).astype(np.float64)


# --- (a) flat ground ----------------------------------------------------------------------

def flat_scene(tmp_path, kind):
    if kind == "airborne":
        return write_dem(tmp_path / "flat.tif", np.full((N, N), BASE, np.float32)), \
            airborne_geometry()
    # 120 x 120 geographic cells of 0.0005 deg inside the Ötztal GRD, 1500 m ellipsoidal.
    gt = (10.80, 0.0005, 0, 46.90, 0, -0.0005)
    dem = write_dem(tmp_path / "flat_geo.tif", np.full((120, 120), 1500.0, np.float32), gt,
                    epsg=4326)
    return dem, read_sentinel1(GRD)


@pytest.mark.parametrize("kind", ["airborne", "sentinel1"])
def test_flat_ground_no_layover_no_shadow_and_energy_conserved(tmp_path, kind):
    dem, geometry = flat_scene(tmp_path, kind)
    out = targets(tmp_path, "flat")
    summary = simulate_to_files(dem, geometry, out, SimulationOptions(block_rows=50))
    mask = read(out["mask"])
    assert mask.shape == (dem.height, dem.width)
    assert np.all(mask == 0), np.unique(mask, return_counts=True)
    assert summary.layover_share == summary.shadow_share == summary.both_share == 0.0
    assert summary.cells_in_image == dem.width * dem.height

    weights, column_sums = [], []
    for block in iter_block_mappings(dem, geometry, SimulationOptions(block_rows=50)):
        weights.append(block.contributions().sum())
        column_sums.append(np.asarray(block.matrix.sum(axis=0)).ravel())
        assert np.all(block.weight_m2 > 0)
    column_sums = np.concatenate(column_sums)
    # Every cell lands wholly inside the image: each column of M carries the whole cell.
    np.testing.assert_allclose(column_sums, 1.0, rtol=1e-6)  # float32 sub-cell offsets
    image = read_window(out["simulated"], summary.radar_window)
    np.testing.assert_allclose(image.sum(), np.sum(weights), rtol=1e-5)
    np.testing.assert_allclose(summary.total_energy_m2, np.sum(weights), rtol=1e-6)
    simulated = gdal.Open(out["simulated"])  # keep the dataset alive while its band is used
    assert simulated.GetRasterBand(1).GetNoDataValue() == 0.0
    incidence = read(out["incidence"])
    if kind == "airborne":
        # Flat ground at 1000 m, 5 km below the track and 5-7 km across: 45-54.5 deg.
        assert 44.5 < incidence.min() and incidence.max() < 55.0
        assert np.all(np.diff(incidence, axis=1) > 0)  # grows with range


def test_flat_weights_are_area_times_sigma0(tmp_path):
    """A flat 10 m UTM cell has ~100 m^2 of area; weight = area x Muhleman(theta)."""
    dem = write_dem(tmp_path / "flat.tif", np.full((20, 20), BASE, np.float32))
    block = next(iter_block_mappings(dem, airborne_geometry(), with_mapping=False))
    assert np.all(np.abs(block.area_m2 / 100.0 - 1) < 2e-3)  # UTM scale factor ~0.9996-1.0004
    theta = np.radians(block.incidence_deg)
    law = 0.0118 * np.cos(theta) / (np.sin(theta) + 0.111 * np.cos(theta)) ** 3
    np.testing.assert_allclose(block.weight_m2, block.area_m2 * law, rtol=1e-12)


# --- (b) a ridge against the analytic profile ---------------------------------------------

def analytic_ridge_codes(u, y):
    """Layover/shadow of the continuous ridge profile at positions ``u`` (m) on northing y.

    Independent of the simulator: exact slant range and look angle from the straight track
    (its zero-Doppler point is the foot of the perpendicular) on a fine 1-D profile.
    layover: R(u) below the maximum of R over nearer ground or above the minimum over
    farther ground; shadow: look angle below the maximum over nearer ground.
    """
    orbit = airborne_orbit()
    lon, lat = _lonlat(X0 + u, np.full(u.shape, y))
    p = geodetic_to_ecef(lat, lon, ridge_height(u))
    s0, v = orbit.positions[0], orbit.velocities[0] / np.linalg.norm(orbit.velocities[0])
    sensor = s0 + np.einsum("ij,j->i", p - s0, v)[:, None] * v
    look_vec = p - sensor
    rng = np.linalg.norm(look_vec, axis=1)
    nadir = -sensor / np.linalg.norm(sensor, axis=1, keepdims=True)
    look = np.arccos(np.einsum("ij,ij->i", look_vec, nadir) / rng)
    before = np.concatenate([[-np.inf], np.maximum.accumulate(rng)[:-1]])
    after = np.concatenate([np.minimum.accumulate(rng[::-1])[::-1][1:], [np.inf]])
    layover = (rng < before) | (rng > after)
    look_before = np.concatenate([[-np.inf], np.maximum.accumulate(look)[:-1]])
    shadow = look < look_before
    return layover, shadow


def _runs(flags, u):
    """(start, end) positions of the True runs."""
    edges = np.flatnonzero(np.diff(flags.astype(int)))
    starts = [u[0]] if flags[0] else []
    starts += [u[i + 1] for i in edges if not flags[i]]
    ends = [u[i] for i in edges if flags[i]] + ([u[-1]] if flags[-1] else [])
    return list(zip(starts, ends))


def test_ridge_mask_matches_analytic_layover_and_shadow(tmp_path):
    heights = np.tile(ridge_height(cell_centres_u()), (N, 1)).astype(np.float32)
    dem = write_dem(tmp_path / "ridge.tif", heights)
    out = targets(tmp_path, "ridge", ("mask", "incidence"))
    simulate_to_files(dem, airborne_geometry(), out, SimulationOptions(block_rows=64))
    mask = read(out["mask"])

    fine = np.arange(0.0, N * CELL, 0.25)
    layover, shadow = analytic_ridge_codes(fine, Y0 - N * CELL / 2)
    lay_runs, sha_runs = _runs(layover, fine), _runs(shadow, fine)
    assert len(lay_runs) == 1 and len(sha_runs) == 1
    # Flat-earth closed form (the track 5000 m above the base): the ridge top folds onto
    # ground at ground range sqrt(R_top^2 - 5000^2) - 5000; the grazing ray over the top
    # meets the base at 5900 * 5000 / 4600 - 5000; the backslope shares slant ranges with
    # the foot. Earth curvature moves these by a few metres only.
    r_top = np.hypot(U_TOP + 5000.0, H_TRACK - TOP)
    r_foot = np.hypot(U_FOOT + 5000.0, H_TRACK - BASE)
    back = np.linspace(U_TOP, U_BACK, 100001)
    back_range = np.hypot(back + 5000.0, H_TRACK - ridge_height(back))
    closed_form_layover = (np.sqrt(r_top**2 - (H_TRACK - BASE) ** 2) - 5000.0,
                           back[np.argmin(np.abs(back_range - r_foot))])
    closed_form_shadow = (U_TOP, (U_TOP + 5000.0) * (H_TRACK - BASE) / (H_TRACK - TOP) - 5000.0)
    np.testing.assert_allclose(lay_runs[0], closed_form_layover, atol=5.0)
    np.testing.assert_allclose(sha_runs[0], closed_form_shadow, atol=5.0)

    u = cell_centres_u()
    expected = (np.interp(u, fine, layover.astype(float)) > 0.5).astype(np.uint8) * LAYOVER \
        + (np.interp(u, fine, shadow.astype(float)) > 0.5).astype(np.uint8) * SHADOW
    borders = np.array([b for run in lay_runs + sha_runs for b in run])
    away = np.min(np.abs(u[:, None] - borders[None, :]), axis=1) > CELL  # one cell margin
    assert away.sum() > 0.9 * N
    mismatch = mask[:, away] != expected[away][None, :]
    assert not mismatch.any(), (np.argwhere(mismatch)[:5], mask[N // 2], expected)
    assert (mask == LAYOVER_AND_SHADOW).any()  # the top of the ridge folds and hides
    # The 63.4 deg foreslope faces the sensor (incidence 49-52 deg there): local incidence
    # = slope - incidence; the 48.8 deg backslope turns away: incidence + slope > 90.
    incidence = read(out["incidence"])[N // 2]
    fore = (u > U_FOOT + CELL) & (u < U_TOP - CELL)
    assert np.all((incidence[fore] > 9) & (incidence[fore] < 17)), incidence[fore]
    rear = (u > U_TOP + CELL) & (u < U_BACK - CELL)
    assert np.all(incidence[rear] > 90)


# --- (c) block size independence ----------------------------------------------------------

def test_results_identical_for_two_block_sizes(tmp_path, grd):
    dem = alps_cut(tmp_path)
    options = dict(texture_strength=0.5, texture_correlation_cells=2.0, speckle_looks=3, seed=5)
    small = targets(tmp_path, "small")
    large = targets(tmp_path, "large")
    s1 = simulate_to_files(dem, grd, small, SimulationOptions(block_rows=7, **options))
    s2 = simulate_to_files(dem, grd, large, SimulationOptions(block_rows=100, **options))
    assert s1.layover_share > 0.02  # the cut is steep alpine terrain
    for name in ("mask", "lookup", "incidence"):
        a, b = read(small[name]), read(large[name])
        assert np.array_equal(a, b, equal_nan=name != "mask"), name
    assert s1.radar_window == s2.radar_window
    a = read_window(small["simulated"], s1.radar_window)
    b = read_window(large["simulated"], s2.radar_window)
    # Only the float32 summation order of overlapping windows differs.
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6 * a.max())


# --- (d) lookup back to the ground ----------------------------------------------------------

def test_lookup_round_trip_lands_on_the_cell(tmp_path, grd):
    dem = alps_cut(tmp_path)
    out = targets(tmp_path, "rt", ("lookup",))
    simulate_to_files(dem, grd, out)
    lookup = read(out["lookup"])
    rows = np.array([0, 13, 50, 77, 99])
    cols = np.array([0, 91, 50, 8, 99])
    line, sample = lookup[0, rows, cols], lookup[1, rows, cols]
    assert np.all(np.isfinite(line))
    xyz = dem.read_block_ecef(0, 0, dem.width, dem.height)[rows, cols]
    _, _, h = dem.read_block(0, 0, dem.width, dem.height)
    t, rng = grd.image_to_radar(line.astype(np.float64), sample.astype(np.float64))
    back = grd.rdr2geo(t, rng, h[rows, cols])
    assert np.max(np.linalg.norm(back - xyz, axis=1)) < 1.0


# --- (e) speckle ----------------------------------------------------------------------------

def test_speckle_statistics_and_seed(tmp_path):
    dem = write_dem(tmp_path / "flat.tif", np.full((N, N), BASE, np.float32))
    geometry = airborne_geometry()
    looks = 4
    clean_out = targets(tmp_path, "clean", ("simulated",))
    summary = simulate_to_files(dem, geometry, clean_out)
    runs = {}
    for tag, seed in (("a", 11), ("b", 11), ("c", 12)):
        out = targets(tmp_path, "speckle_" + tag, ("simulated",))
        simulate_to_files(dem, geometry, out, SimulationOptions(speckle_looks=looks, seed=seed))
        runs[tag] = read_window(out["simulated"], summary.radar_window)
    clean = read_window(clean_out["simulated"], summary.radar_window)
    interior = np.zeros_like(clean, dtype=bool)
    interior[20:-20, 20:-20] = True
    interior &= clean > 0.5 * np.median(clean[clean > 0])
    noisy = runs["a"][interior]
    assert interior.sum() > 100000
    np.testing.assert_allclose(noisy.mean(), clean[interior].mean(), rtol=0.01)
    ratio = noisy / clean[interior]
    np.testing.assert_allclose(ratio.var(), 1.0 / looks, rtol=0.05)
    # Flat ground: intensity nearly constant over a small patch, variance ~ mean^2 / L.
    patch = runs["a"][150:250, 300:400]
    np.testing.assert_allclose(patch.var(), patch.mean() ** 2 / looks, rtol=0.2)
    assert np.array_equal(runs["a"], runs["b"])
    assert not np.array_equal(runs["a"], runs["c"])
    assert np.all((runs["a"] > 0) == (clean > 0))  # speckle never creates or removes energy


def test_texture_has_requested_statistics(tmp_path):
    dem = write_dem(tmp_path / "flat.tif", np.full((N, N), BASE, np.float32))
    options = SimulationOptions(texture_strength=0.4, texture_correlation_cells=2.0, seed=3)
    field = np.concatenate([b.reflectivity for b in iter_block_mappings(
        dem, airborne_geometry(), options, with_mapping=False)], axis=0)
    assert field.shape == (N, N)
    assert abs(field.mean() - 1.0) < 0.05
    assert abs(field.std() - 0.4) < 0.08
    assert np.corrcoef(field[:, :-1].ravel(), field[:, 1:].ravel())[0, 1] > 0.5  # smooth


# --- (f, g) no output left behind -----------------------------------------------------------

def test_dem_outside_footprint_is_refused_without_files(tmp_path, grd):
    dem = write_dem(tmp_path / "far.tif", np.full((50, 50), 100.0, np.float32),
                    (12.40, 0.001, 0, 41.95, 0, -0.001), epsg=4326)  # Rome
    out = targets(tmp_path / "out", "far")
    (tmp_path / "out").mkdir()
    with pytest.raises(SimulationError, match="outside the acquisition footprint"):
        simulate_to_files(dem, grd, out)
    assert list((tmp_path / "out").iterdir()) == []


def test_cancellation_leaves_no_files(tmp_path):
    heights = np.tile(ridge_height(cell_centres_u()), (N, 1)).astype(np.float32)
    dem = write_dem(tmp_path / "ridge.tif", heights)
    (tmp_path / "out").mkdir()
    out = targets(tmp_path / "out", "cancel")
    calls = []

    def progress(fraction):
        calls.append(fraction)
        return len(calls) < 3

    with pytest.raises(SimulationCancelled):
        simulate_to_files(dem, airborne_geometry(), out, SimulationOptions(block_rows=20),
                          progress)
    assert len(calls) == 3
    assert list((tmp_path / "out").iterdir()) == []


def test_progress_reaches_one_and_outputs_are_georeferenced(tmp_path, grd):
    dem = alps_cut(tmp_path, size=40)
    out = targets(tmp_path, "geo")
    seen = []
    simulate_to_files(dem, grd, out, progress=lambda f: seen.append(f) or True)
    assert seen[0] == 0.0 and seen[-1] == pytest.approx(1.0)
    assert all(b >= a for a, b in zip(seen, seen[1:]))
    mask_ds = gdal.Open(out["mask"])
    assert mask_ds.GetGeoTransform() == pytest.approx(dem.info.geotransform)
    assert mask_ds.GetRasterBand(1).GetNoDataValue() == 255
    sim = gdal.Open(out["simulated"])
    assert (sim.RasterYSize, sim.RasterXSize) == (grd.lines, grd.samples)
    assert sim.GetGCPCount() == len(grd.gcps)
    gcp = sim.GetGCPs()[0]
    line, sample, lat, lon, h = grd.gcps[0]
    assert (gcp.GCPLine, gcp.GCPPixel, gcp.GCPX, gcp.GCPY) == (line + 0.5, sample + 0.5, lon, lat)
    structure = sim.GetMetadata("IMAGE_STRUCTURE")
    assert structure.get("COMPRESSION") == "DEFLATE"
    assert sim.GetRasterBand(1).GetBlockSize() == [256, 256]
    lookup = gdal.Open(out["lookup"])
    assert np.isnan(lookup.GetRasterBand(2).GetNoDataValue())
