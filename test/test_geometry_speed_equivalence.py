"""The fast geometry paths equal the plain formulations they replace (issue 16).

- Orbit: the cubic Hermite spline evaluated from per-segment polynomial coefficients equals
  the spline's basis-function form, to the rounding of that form.
- geo2rdr: per-target Newton with a 1 us stop equals a plain whole-array Newton iteration with
  a 1 ns stop, to the rounding of the orbit; a target's result does not depend on the others.
- DemRaster.lonlat: vectorised (identity for WGS84 degrees, one GDAL array transform
  otherwise) equals OSR's transform point by point.
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from sar_height.core.dem import DemRaster
from sar_height.core.geometry import range_doppler
from sar_height.core.geometry.ellipsoid import enu_basis, geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.geometry.range_doppler import (
    DOPPLER_FUNCTION_TIME_TOLERANCE_S,
    TIME_TOLERANCE_S,
    geo2rdr,
)
from sar_height.core.products.sentinel1 import (
    _read_xml,
    geometry_from_annotation,
    list_annotations,
    read_tie_points,
    select_annotation,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
DATA = ROOT / "test" / "data" / "s1"
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
OETZTAL_DEM = SAMPLE / "alps_oetztal_srtm3.tif"
EPS = float(np.finfo(np.float64).eps)
# Roundings in one evaluation of the spline's basis-function form (four terms, each a few
# products and sums): generous, so the bound holds for any summation order or FMA.
ROUNDINGS = 64


def _load(name):
    path, swath, pol = ANNOTATIONS[name]
    root = _read_xml(select_annotation(list_annotations(path), swath, pol))
    return geometry_from_annotation(root), root


def hermite_basis_form(orbit, t):
    """Position, velocity, acceleration of the cubic Hermite spline from its basis functions."""
    t = np.asarray(t, dtype=np.float64)
    i = np.clip(np.searchsorted(orbit.times, t, side="right") - 1, 0, len(orbit.times) - 2)
    h = (orbit.times[i + 1] - orbit.times[i])[..., None]
    s = ((t - orbit.times[i]) / h[..., 0])[..., None]
    p0, p1 = orbit.positions[i], orbit.positions[i + 1]
    m0, m1 = orbit.velocities[i] * h, orbit.velocities[i + 1] * h
    pos = ((2 * s**3 - 3 * s**2 + 1) * p0 + (s**3 - 2 * s**2 + s) * m0
           + (-2 * s**3 + 3 * s**2) * p1 + (s**3 - s**2) * m1)
    vel = ((6 * s**2 - 6 * s) * p0 + (3 * s**2 - 4 * s + 1) * m0
           + (-6 * s**2 + 6 * s) * p1 + (3 * s**2 - 2 * s) * m1) / h
    acc = ((12 * s - 6) * p0 + (6 * s - 4) * m0 + (-12 * s + 6) * p1 + (6 * s - 2) * m1) / h**2
    return pos, vel, acc


def orbit_rounding(orbit):
    """Bounds (m, m/s, m/s^2) of the basis form's rounding: ROUNDINGS eps of the positions."""
    scale = ROUNDINGS * EPS * np.abs(orbit.positions).max()
    h = np.diff(orbit.times).min()
    return scale, scale / h, scale / h**2


def plain_newton(orbit, target, wavelength_m=None, doppler_hz=None, initial_time_s=0.0,
                 tolerance_s=1e-9):
    """Reference geo2rdr: Newton on all targets together until every step is below 1 ns."""
    t = np.broadcast_to(np.asarray(initial_time_s, dtype=np.float64), target.shape[:-1]).copy()
    for _ in range(60):
        pos, vel, acc = hermite_basis_form(orbit, t)
        dp = target - pos
        rng = np.linalg.norm(dp, axis=-1)
        offset = 0.0
        if doppler_hz is not None:
            fdc = doppler_hz(t, rng) if callable(doppler_hz) else doppler_hz
            offset = 0.5 * wavelength_m * rng * fdc
        step = (np.einsum("...i,...i", vel, dp) - offset) / (
            np.einsum("...i,...i", acc, dp) - np.einsum("...i,...i", vel, vel))
        t = t - step
        if np.all(np.abs(step) <= tolerance_s):
            break
    else:
        raise AssertionError("the reference Newton iteration did not converge")
    pos, _, _ = hermite_basis_form(orbit, t)
    return t, np.linalg.norm(target - pos, axis=-1)


def solution_tolerance(orbit, t, slant_range, range_rate_m_s=0.0, time_rest_s=0.0):
    """Bounds (s, m) of geo2rdr's difference from plain_newton, from the orbit's rounding.

    The Doppler equation V.(P - S) = 0 has the slope V.V in time, so rounding of the position
    (dp) and velocity (dv) moves its root by (|V| dp + R dv) / V.V; each implementation has
    its own rounding, hence a factor 2. ``time_rest_s`` adds what the iterations leave over.
    The range differs by both positions' rounding, the range rate times the time difference,
    and the second-order rest of carrying the range over the last Newton step (at most
    TIME_TOLERANCE_S): V.V / (2 R) * step^2.
    """
    dp, dv, _ = orbit_rounding(orbit)
    _, vel, _ = orbit.interpolate(t)
    speed2 = np.einsum("...i,...i", vel, vel)
    time_tol = float((2 * (np.sqrt(speed2) * dp + slant_range * dv) / speed2).max()) + time_rest_s
    range_tol = (2 * dp + abs(range_rate_m_s) * time_tol
                 + float((speed2 / (2 * slant_range)).max()) * TIME_TOLERANCE_S**2)
    return time_tol, range_tol


# --- Orbit -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["GRD Oetztal", "SLC IW1"])
def test_interpolate_equals_hermite_basis_form(name):
    orbit = _load(name)[0].orbit
    t = np.linspace(orbit.start_time - 1.0, orbit.stop_time + 1.0, 20001)
    bounds = orbit_rounding(orbit)
    for fast, plain, bound in zip(orbit.interpolate(t), hermite_basis_form(orbit, t), bounds):
        assert fast.shape == t.shape + (3,)
        assert np.abs(fast - plain).max() <= bound, (np.abs(fast - plain).max(), bound)
    # each interval's polynomial starts exactly at its state vector
    pos, vel, _ = orbit.interpolate(orbit.times[:-1])
    assert np.array_equal(pos, orbit.positions[:-1])
    assert np.array_equal(vel, orbit.velocities[:-1])


def test_state_by_axis_is_interpolate_component_major():
    orbit = _load("GRD Oetztal")[0].orbit
    t = np.linspace(orbit.start_time, orbit.stop_time, 1001).reshape(7, 11, 13)
    by_axis = orbit.state_by_axis(t.ravel())
    for fast, axis_major in zip(orbit.interpolate(t), by_axis):
        assert np.array_equal(fast.reshape(-1, 3), axis_major.T)
    for scalar, axis_major in zip(orbit.interpolate(t.ravel()[5]), by_axis):
        assert scalar.shape == (3,) and np.array_equal(scalar, axis_major[:, 5])


# --- geo2rdr ---------------------------------------------------------------------------------

def _targets_around_tie_points(root, epoch, n, seed=0):
    _, tie = read_tie_points(root, epoch)
    rng = np.random.default_rng(seed)
    lat = rng.uniform(tie["latitude"].min(), tie["latitude"].max(), n)
    lon = rng.uniform(tie["longitude"].min(), tie["longitude"].max(), n)
    return geodetic_to_ecef(lat, lon, rng.uniform(-100.0, 4500.0, n))


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_geo2rdr_equals_plain_newton(name):
    """More targets than one block, from the mid-image time, on all four annotations."""
    geometry, root = _load(name)
    xyz = _targets_around_tie_points(root, geometry.orbit.epoch,
                                     2 * range_doppler.BLOCK_POINTS + 17)
    t, r, ok = geometry.geo2rdr(xyz)
    assert ok.all()
    t_ref, r_ref = plain_newton(geometry.orbit, xyz, initial_time_s=geometry.mid_time_s)
    time_tol, range_tol = solution_tolerance(geometry.orbit, t_ref, r_ref)
    assert np.abs(t - t_ref).max() <= time_tol, (np.abs(t - t_ref).max(), time_tol)
    assert np.abs(r - r_ref).max() <= range_tol, (np.abs(r - r_ref).max(), range_tol)


def _squinted_track():
    p0 = geodetic_to_ecef(34.0, -118.0, 12500.0)
    east, north, up = enu_basis(34.0, -118.0)
    orbit = Orbit.straight_track(np.datetime64("2020-01-01"), p0, 220.0 * east, -60, 60)
    rng = np.random.default_rng(5)
    offsets = rng.uniform([-8000, 6000, -12500], [8000, 20000, -9000], (500, 3))
    return orbit, p0 + offsets @ np.stack([east, north, up])


@pytest.mark.parametrize("doppler", [150.0, lambda t, r: 150.0 + 0.002 * (r - 15000.0)])
def test_geo2rdr_with_doppler_equals_plain_newton(doppler):
    """Squinted airborne track: constant and range-dependent Doppler centroid (Hz).

    Both iterations leave out of their slope the Doppler term's change with time through
    fdc (plain_newton: the whole term), so they converge linearly with the ratio
    q = lambda/2 (|fdc| + R |dfdc/dR|) |dR/dt| / V.V, and their last steps (geo2rdr: 1 us
    for a constant, 1 ns for a function; plain_newton: 1 ns) leave up to q / (1 - q) times
    that step.
    """
    orbit, xyz = _squinted_track()
    wavelength = 0.24
    t, r, ok = geo2rdr(orbit, xyz, wavelength, doppler, initial_time_s=0.0)
    assert ok.all()
    t_ref, r_ref = plain_newton(orbit, xyz, wavelength, doppler)
    fdc = np.broadcast_to(doppler(t_ref, r_ref) if callable(doppler) else doppler, t.shape)
    dfdc_dr = (doppler(t_ref, r_ref + 1.0) - fdc) if callable(doppler) else 0.0
    range_rate = np.abs(0.5 * wavelength * fdc)  # |dR/dt| at the solution
    _, vel, _ = orbit.interpolate(t_ref)
    q = np.max(0.5 * wavelength * (np.abs(fdc) + r_ref * np.abs(dfdc_dr)) * range_rate
               / np.einsum("...i,...i", vel, vel))
    assert q < 0.1
    last_step_s = DOPPLER_FUNCTION_TIME_TOLERANCE_S if callable(doppler) else TIME_TOLERANCE_S
    time_tol, range_tol = solution_tolerance(orbit, t_ref, r_ref, range_rate.max(),
                                             q / (1 - q) * (last_step_s + 1e-9))
    assert np.abs(t - t_ref).max() <= time_tol, (np.abs(t - t_ref).max(), time_tol)
    assert np.abs(r - r_ref).max() <= range_tol, (np.abs(r - r_ref).max(), range_tol)


def test_geo2rdr_result_of_a_target_ignores_the_others():
    """Subsets, order, blocks, shapes and NaN neighbours leave each target's bits unchanged."""
    geometry, root = _load("GRD Oetztal")
    xyz = _targets_around_tie_points(root, geometry.orbit.epoch,
                                     range_doppler.BLOCK_POINTS + 100, seed=1)
    guess = geometry.mid_time_s + np.linspace(-3.0, 3.0, len(xyz))
    full = geometry.geo2rdr(xyz, initial_time_s=guess)
    pick = np.random.default_rng(2).permutation(len(xyz))[:500]
    subset = geometry.geo2rdr(xyz[pick], initial_time_s=guess[pick])
    for a, b in zip(full, subset):
        assert np.array_equal(a[pick], b)
    with_nan = xyz.copy()
    with_nan[::7] = np.nan
    t, r, ok = geometry.geo2rdr(with_nan, initial_time_s=guess)
    assert not ok[::7].any() and np.isnan(t[::7]).all() and np.isnan(r[::7]).all()
    keep = np.isfinite(with_nan[:, 0])
    assert ok[keep].all()
    assert np.array_equal(t[keep], full[0][keep]) and np.array_equal(r[keep], full[1][keep])
    grid = geometry.geo2rdr(xyz[:30].reshape(2, 5, 3, 3), initial_time_s=guess[:30].reshape(
        2, 5, 3))
    assert all(g.shape == (2, 5, 3) for g in grid)
    assert np.array_equal(grid[0].ravel(), full[0][:30])
    one = geometry.geo2rdr(xyz[3], initial_time_s=guess[3])
    assert one[0].shape == () and one[0] == full[0][3] and one[1] == full[1][3] and one[2]


def test_geo2rdr_outside_the_orbit_is_not_converged():
    """A target abeam of a point beyond the state vectors: NaN, not an extrapolated time."""
    geometry, _ = _load("GRD Oetztal")
    orbit = geometry.orbit
    pos, vel, _ = orbit.interpolate(orbit.stop_time + 60.0)
    beyond = pos + 800e3 * np.cross(vel, pos) / np.linalg.norm(np.cross(vel, pos))
    t, r, ok = geometry.geo2rdr(beyond[None, :])
    assert not ok[0] and np.isnan(t[0]) and np.isnan(r[0])


# --- DemRaster.lonlat ------------------------------------------------------------------------

def _per_point_lonlat(dem, x, y):
    """Reference: OSR's transform of each point, traditional GIS order, as before issue 16."""
    srs = osr.SpatialReference(wkt=dem.info.crs_wkt)
    horizontal = srs.CloneGeogCS() if srs.IsGeographic() else srs
    horizontal.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(horizontal, wgs84)
    out = np.array([transform.TransformPoint(float(a), float(b))[:2]
                    for a, b in zip(np.ravel(x), np.ravel(y))])
    return out[:, 0].reshape(np.shape(x)), out[:, 1].reshape(np.shape(x))


def _warped(tmp_path, crs, width=160, height=24):
    path = tmp_path / f"dem_{crs.replace(':', '_')}.tif"
    gdal.Warp(str(path), str(OETZTAL_DEM), dstSRS=crs, width=width, height=height,
              resampleAlg="bilinear", outputType=gdal.GDT_Float32)
    return DemRaster(path, "ellipsoid")


def test_lonlat_of_a_wgs84_dem_is_its_map_coordinates_exactly():
    dem = DemRaster(OETZTAL_DEM)
    assert dem._to_lonlat.method == "identity"
    lon, lat = dem.lonlat(3, 5, 120, 17)
    x, y = dem.map_xy(3, 5, 120, 17)
    assert np.array_equal(lon, x) and np.array_equal(lat, y)
    ref_lon, ref_lat = _per_point_lonlat(dem, x, y)
    assert np.array_equal(lon, ref_lon) and np.array_equal(lat, ref_lat)
    lon[0, 0] = 0.0  # a fresh array, not a view of anything the DEM keeps
    assert dem.lonlat(3, 5, 120, 17)[0][0, 0] == x[0, 0]


def test_lonlat_identity_for_crs84(tmp_path):
    dem = _warped(tmp_path, "OGC:CRS84")
    assert dem._to_lonlat.method == "identity"
    lon, lat = dem.lonlat(0, 0, dem.width, dem.height)
    ref_lon, ref_lat = _per_point_lonlat(dem, *dem.map_xy(0, 0, dem.width, dem.height))
    assert np.array_equal(lon, ref_lon) and np.array_equal(lat, ref_lat)


# UTM 32N; MGI / Austria Lambert (northing first, a datum shift to WGS84); ETRS89 degrees
@pytest.mark.parametrize("crs", ["EPSG:32632", "EPSG:31287", "EPSG:4258"])
def test_lonlat_array_transform_equals_osr_per_point(tmp_path, crs):
    dem = _warped(tmp_path, crs)
    assert dem._to_lonlat.method == "array"
    lon, lat = dem.lonlat(0, 2, dem.width, dem.height - 2)
    ref_lon, ref_lat = _per_point_lonlat(dem, *dem.map_xy(0, 2, dem.width, dem.height - 2))
    tolerance = dem._to_lonlat.ARRAY_TOLERANCE_DEG
    assert np.abs(lon - ref_lon).max() <= tolerance
    assert np.abs(lat - ref_lat).max() <= tolerance
    assert 10.5 < lon.mean() < 11.2 and 46.6 < lat.mean() < 47.1  # the Ötztal, not swapped
    foot_lon, foot_lat = dem.footprint_lonlat()
    ref_foot = _per_point_lonlat(dem, *dem._footprint_xy())
    assert np.abs(foot_lon - ref_foot[0]).max() <= tolerance
    assert np.abs(foot_lat - ref_foot[1]).max() <= tolerance


def test_lonlat_without_the_array_transform_goes_point_by_point(tmp_path, monkeypatch):
    """A GDAL lacking the array transform (older bindings) still gives OSR's numbers."""
    def missing(*args):
        raise AttributeError("no TransformGeolocations in this GDAL")

    monkeypatch.setattr(gdal, "Transformer", missing)
    dem = _warped(tmp_path, "EPSG:32632")
    assert dem._to_lonlat.method == "osr"
    lon, lat = dem.lonlat(0, 0, dem.width, 3)
    ref_lon, ref_lat = _per_point_lonlat(dem, *dem.map_xy(0, 0, dem.width, 3))
    assert np.array_equal(lon, ref_lon) and np.array_equal(lat, ref_lat)
