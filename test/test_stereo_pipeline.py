"""Patch-wise stereo pipeline (core.stereo: patches, pairs, pipeline, gridding, checks).

Pairs are simulated airborne pairs (core.stereo.pairs, incidence 35°/55°, 2 m pixels) over a
small window of the held-out Yukon DEM (test/data/dem): the truth is exact, so the pipeline
with exact matches must return the DEM's heights, and POC must beat the coarse DEM it starts
from.
"""
import gc
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.stereo import NO_PARALLAX_MESSAGE, intersect_image_coordinates
from sar_height.core.stereo.checks import StereoInputError
from sar_height.core.stereo.gridding import (
    DemAccumulator,
    grid_around,
    grid_points,
    write_gridded,
)
from sar_height.core.stereo.pairs import (
    PairSpec,
    exact_matcher,
    simulate_pair,
    training_patches,
)
from sar_height.core.stereo.patches import (
    PatchPrediction,
    PatchWindow,
    auto_lattice_step,
    plan_patches,
    predict_lattice,
    predict_patch,
    resample_patch,
    to_secondary,
)
from sar_height.core.stereo.pipeline import (
    DenseMatch,
    StereoCancelled,
    StereoPoints,
    poc_matcher,
    stereo_to_points,
)
from sar_height.core.stereo.surface import DemSurface

ROOT = Path(__file__).resolve().parents[1]

YUKON = ROOT / "test" / "data" / "dem" / "yukon_south_glacier_20m.tif"
TIBET = ROOT / "test" / "data" / "dem" / "tibet_yarlung_tsangpo_20m_utm46.tif"
DEVOLUY = ROOT / "training" / "dems" / "devoluy.tif"  # EPSG:4326, 3" cells
SPEC = PairSpec(scene_size_m=500.0, texture=0.6, texture_correlation_cells=2.0, seed=3)


@pytest.fixture(scope="module")
def pair():
    """A 240 x 240-cell airborne pair (2 m); coarse DEM = 80 m block means (factor 40)."""
    made = simulate_pair(YUKON, SPEC, coarse_factor=40)
    yield made
    # GDAL objects must go before pytest-qgis shuts GDAL down (see test_stereo_geometry.py)
    made.release()


def _eroded(valid, pixels):
    from scipy import ndimage

    return ndimage.binary_erosion(valid, iterations=pixels)


def _valid_windows(pair, size, least=0.5):
    return [w for w in plan_patches(*pair.reference_image.shape, size)
            if pair.valid[w.slices].mean() >= least]


# --------------------------------------------------------------------------------------------
# Patches

def test_plan_patches_cover_the_image_flush_with_the_border():
    windows = plan_patches(300, 200, 128, overlap=16)
    starts_l = sorted({w.line0 for w in windows})
    starts_s = sorted({w.sample0 for w in windows})
    assert starts_l == [0, 112, 172] and starts_s == [0, 72]
    covered = np.zeros((300, 200), dtype=int)
    for w in windows:
        assert (w.lines, w.samples) == (128, 128)
        covered[w.slices] += 1
    assert covered.min() >= 1
    small = plan_patches(50, 300, 128)
    assert [(w.line0, w.lines) for w in small] == [(0, 50)] * 3
    with pytest.raises(ValueError):
        plan_patches(100, 100, 64, overlap=64)


def test_prediction_with_the_fine_dem_equals_the_exact_correspondences(pair):
    """lattice_step=1 on the fine DEM: < 0.05 px from the truth away from layover."""
    fine = DemSurface(pair.open_fine_dem())
    inner = _eroded(pair.valid, 2)
    checked = 0
    for w in _valid_windows(pair, 64, least=0.8)[:3]:
        prediction = predict_patch(pair.reference, pair.secondary, w, dem=fine, lattice_step=1)
        keep = inner[w.slices]
        error = np.hypot(prediction.sec_line - pair.true_sec_line[w.slices],
                         prediction.sec_sample - pair.true_sec_sample[w.slices])[keep]
        assert np.all(error < 0.05), error.max()
        checked += keep.sum()
    assert checked > 5000
    del fine
    gc.collect()


HEADINGS = (0.0, 90.0, 190.0, 270.0)
HEADING_SPEC = PairSpec(kind="spaceborne", scene_size_m=800.0, looks=0.0, seed=5)


@pytest.mark.parametrize("heading", HEADINGS)
@pytest.mark.parametrize("source", [DEVOLUY, YUKON], ids=["geographic", "projected"])
def test_fine_dem_prediction_matches_the_truth_at_any_heading(source, heading):
    """The fine DEM's prediction reproduces the truth at any heading.

    Regression: the DEM ray bracket of rdr2geo_dem came from a sphere with the radius below the
    platform, off by ~1 km of height when a 700 km track looks north or south (headings 90/270°):
    rays missed the DEM and the prediction slid tens of pixels in range. The fine DEM's prediction
    must reproduce the truth at every heading, from a geographic source DEM (EPSG:4326, resampled
    to a local transverse Mercator) and a projected one (UTM).
    """
    spec = replace(HEADING_SPEC, heading_deg=(heading, heading))
    made = simulate_pair(source, spec, coarse_factor=3)
    try:
        fine = DemSurface(made.open_fine_dem())
        lines, samples = np.nonzero(_eroded(made.valid, 2))
        assert lines.size > 2000
        pick = slice(None, None, max(1, lines.size // 1500))
        sec_l, sec_s = predict_lattice(made.reference, made.secondary, lines[pick],
                                       samples[pick], dem=fine)
        error_l = sec_l - made.true_sec_line[lines[pick], samples[pick]]
        error_s = sec_s - made.true_sec_sample[lines[pick], samples[pick]]
        assert np.isfinite(error_s).all()
        assert np.median(np.abs(error_l)) < 0.1 and np.median(np.abs(error_s)) < 0.1, (
            np.median(error_l), np.median(error_s))
        del fine
    finally:
        made.release()


@pytest.mark.parametrize("heading", (90.0, 270.0))
def test_prediction_on_a_geographic_dem_meets_the_exact_correspondences(heading):
    """A prediction on a geographic DEM meets the exact correspondences.

    A DemSurface on an EPSG:4326 DEM itself (no resampling; the bug's headings): rays from the
    reference positions of the DEM cells (exact_correspondences, geo2rdr per cell) land on the
    cells' secondary positions.
    """
    from sar_height.core.dem import DATUM_ELLIPSOID, DemRaster
    from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
    from sar_height.core.stereo.intersection import exact_correspondences

    dem = DemRaster(DEVOLUY, DATUM_ELLIPSOID)
    geometries = [straight_track_geometry(dem, TrackSpec(heading_deg=heading, incidence_deg=i,
                                                         slant_spacing_m=10.0),
                                          (500.0, 2800.0)) for i in (32.0, 47.0)]
    exact = exact_correspondences(*geometries, dem, window=(100, 100, 40, 40))
    assert exact.inside.all()
    sec_l, sec_s = predict_lattice(*geometries, exact.ref_line, exact.ref_sample,
                                   dem=DemSurface(dem))
    error = np.hypot(sec_l - exact.sec_line, sec_s - exact.sec_sample)
    assert np.median(error) < 0.01 and np.percentile(error, 90) < 0.1, np.percentile(error, 90)
    del dem, geometries
    gc.collect()


def test_lattice_interpolation_accuracy(pair):
    """The lattice interpolation is accurate for constant height and for a coarse DEM.

    Constant height: the mapping is nearly affine, step 16 within 0.02 px of exact. Coarse (80 m)
    DEM: step 16 follows it to a fraction of a pixel.
    """
    w = max(_valid_windows(pair, 128), key=lambda w: pair.valid[w.slices].mean())
    flat = [predict_patch(pair.reference, pair.secondary, w, height_m=2400.0, lattice_step=s)
            for s in (16, 1)]
    assert np.nanmax(np.abs(flat[0].sec_sample - flat[1].sec_sample)) < 0.02
    assert np.nanmax(np.abs(flat[0].sec_line - flat[1].sec_line)) < 0.02
    dem = [predict_patch(pair.reference, pair.secondary, w, dem=pair.coarse_surface,
                         lattice_step=s) for s in (16, 1)]
    difference = np.abs(dem[0].sec_sample - dem[1].sec_sample)
    assert np.nanpercentile(difference, 95) < 0.5 and np.isfinite(difference).mean() > 0.95


def test_auto_lattice_step_follows_the_dem(pair):
    # 80 m coarse cells of 2 m pixels: 40 px per cell, half of it capped at 16
    assert auto_lattice_step(pair.reference, pair.coarse_surface) == 16
    fine = DemSurface(pair.open_fine_dem())
    assert auto_lattice_step(pair.reference, fine) == 2  # 1 px per cell: the floor
    assert auto_lattice_step(pair.reference, None) == 16
    del fine
    gc.collect()


def test_dem_surface_voids_and_edges(pair):
    """A void and the DEM's edge: no ground point there, yet a prediction (continued DEM)."""
    from osgeo import gdal

    from sar_height.core.dem import DemRaster
    from sar_height.core.geometry.ellipsoid import ecef_to_geodetic
    from sar_height.core.stereo.scene_dem import _write_tif

    heights = pair.scene.fine_m.copy()
    heights[100:140, 100:140] = np.nan
    path = "/vsimem/test_stereo_void.tif"
    _write_tif(path, heights, pair.scene.geotransform, pair.scene.crs_wkt)
    try:
        surface = DemSurface(DemRaster(path, "ellipsoid"))
        lines, samples = np.mgrid[0:pair.reference.lines:4, 0:pair.reference.samples:4]
        t, rng = pair.reference.image_to_radar(lines.astype(float), samples.astype(float))
        xyz, on_dem = surface.solve(pair.reference, t, rng)
        assert np.isfinite(xyz).all()  # continued: everywhere a guess
        ground = surface.ground_points(pair.reference, t, rng)
        assert np.isnan(ground[~on_dem]).all() and np.isfinite(ground[on_dem]).all()
        lat, lon, h = ecef_to_geodetic(ground[on_dem])
        block = surface.block(lat, lon)
        assert np.max(np.abs(h - block.height_at(lat, lon))) < 1.0
        # the hole and the image beyond the DEM are off the DEM; most of the scene is on it
        assert 0.2 < on_dem.mean() < 0.9
        del surface, block
        gc.collect()
    finally:
        gdal.Unlink(path)


class _Reader:
    """A raster reader: records the boxes it is asked for."""

    def __init__(self, image):
        self.image, self.shape, self.boxes = image, image.shape, []

    def read(self, line0, sample0, lines, samples):
        self.boxes.append((line0, sample0, lines, samples))
        return self.image[line0:line0 + lines, sample0:sample0 + samples]


def test_resample_round_trip_and_to_secondary():
    """A smooth image resampled at known coordinates gives its values there.

    A reader is asked only for the bounding box; outside the image is NaN; to_secondary
    interpolates the maps.
    """
    lines, samples = np.mgrid[0:200, 0:300].astype(np.float64)

    def scene(line, sample):
        return 2.0 + np.sin(line / 9.0) * np.cos(sample / 13.0) + 0.01 * sample

    image = scene(lines, samples)
    window = PatchWindow(10, 20, 40, 50)
    pl, ps = np.mgrid[0:40, 0:50].astype(np.float64)
    sec_l = 30.0 + 1.02 * pl + 0.1 * ps + 0.3 * np.sin(ps / 7.0)
    sec_s = 100.0 + 0.97 * ps - 0.05 * pl
    prediction = PatchPrediction(window, sec_l, sec_s)
    resampled = resample_patch(image, prediction)
    assert resampled.dtype == np.float32 and resampled.shape == (40, 50)
    assert np.max(np.abs(resampled - scene(sec_l, sec_s))) < 5e-3  # bilinear on a smooth scene
    cubic = resample_patch(image, prediction, order=3)
    assert np.max(np.abs(cubic - scene(sec_l, sec_s))) < 1e-3
    reader = _Reader(image)
    assert np.array_equal(resample_patch(reader, prediction), resampled)
    (l0, s0, n_l, n_s), = reader.boxes
    assert n_l * n_s < 0.1 * image.size and l0 <= sec_l.min() and l0 + n_l > sec_l.max()
    shifted = PatchPrediction(window, sec_l + 160.0, sec_s)  # partly beyond the last line
    outside = resample_patch(image, shifted)
    assert np.isnan(outside[sec_l + 160.0 > 199.5]).all()
    assert np.isfinite(outside[sec_l + 160.0 < 199.0]).all()
    # to_secondary: exact at nodes, bilinear between them, linear just outside the patch
    at_l, at_s = to_secondary(prediction, pl, ps)
    assert np.array_equal(at_l, sec_l) and np.array_equal(at_s, sec_s)
    mid_l, mid_s = to_secondary(prediction, 12.5, 30.25)
    assert abs(mid_s - (100.0 + 0.97 * 30.25 - 0.05 * 12.5)) < 1e-9
    assert abs(mid_l - 0.5 * (sec_l[12, 30:32] @ [0.75, 0.25] + sec_l[13, 30:32] @ [0.75, 0.25])
               ) < 1e-9
    edge_l, edge_s = to_secondary(prediction, 39.5, -0.5)
    assert abs(edge_s - (100.0 - 0.97 * 0.5 - 0.05 * 39.5)) < 1e-9


# --------------------------------------------------------------------------------------------
# Pairs

def test_pair_truth_is_consistent(pair):
    """The pair's truth is consistent.

    Each valid reference pixel and its true secondary position intersect at the true height;
    images fit their geometries; the texture is common, the speckle not.
    """
    ref, sec = pair.reference, pair.secondary
    assert pair.reference_image.shape == (ref.lines, ref.samples)
    assert pair.secondary_image.shape == (sec.lines, sec.samples)
    assert abs(pair.incidence_at_centre_deg[0] - 35.0) < 0.02
    assert abs(pair.incidence_at_centre_deg[1] - 55.0) < 0.02
    valid = pair.valid
    assert 0.2 < valid.mean() < 0.9
    assert np.isfinite(pair.true_sec_line[valid]).all()
    assert np.isnan(pair.true_sec_line[~valid]).all()
    lines, samples = np.nonzero(valid)
    pick = slice(None, None, 7)
    result = intersect_image_coordinates(ref, sec, lines[pick], samples[pick],
                                         pair.true_sec_line[valid][pick],
                                         pair.true_sec_sample[valid][pick],
                                         initial_height_m=2400.0)
    assert result.converged.all()
    assert np.max(np.abs(result.height_m - pair.true_height_m[valid][pick])) < 0.02
    assert np.nanmax(pair.coarse_dem) < np.nanmax(pair.fine_dem)  # block means smooth peaks
    assert pair.scene.coarse_m.shape == (pair.scene.fine_m.shape[0] // 40,
                                         pair.scene.fine_m.shape[1] // 40)


def test_training_patches_offsets_land_on_the_truth(pair):
    patches = training_patches(pair, patch_size=64, max_invalid=0.5)
    n = len(patches["window"])
    assert n >= 4
    assert patches["reference"].shape == (n, 64, 64) and patches["offset"].shape == (n, 2, 64, 64)
    assert patches["reference"].dtype == np.float32 and patches["valid"].dtype == bool
    assert np.isfinite(patches["offset"]).all()
    assert patches["valid"].mean() > 0.5
    for k in range(min(n, 3)):
        line0, sample0, lines, samples = patches["window"][k]
        w = PatchWindow(int(line0), int(sample0), int(lines), int(samples))
        prediction = predict_patch(pair.reference, pair.secondary, w, dem=pair.coarse_surface)
        pl, ps = np.mgrid[0:lines, 0:samples]
        valid = patches["valid"][k]
        sec_l, sec_s = to_secondary(prediction, pl + patches["offset"][k, 0],
                                    ps + patches["offset"][k, 1])
        assert np.max(np.abs(sec_l - pair.true_sec_line[w.slices])[valid]) < 1e-3
        assert np.max(np.abs(sec_s - pair.true_sec_sample[w.slices])[valid]) < 1e-3
        assert np.array_equal(patches["reference"][k], pair.reference_image[w.slices])
    # the coarse DEM leaves offsets worth measuring (80 m block means of mountains)
    assert np.percentile(np.abs(patches["offset"][:, 1][patches["valid"]]), 90) > 0.2


# --------------------------------------------------------------------------------------------
# Pipeline

def _height_errors(pair, points):
    truth = pair.true_height_m[points.ref_line.astype(int), points.ref_sample.astype(int)]
    return points.height_m - truth


def test_pipeline_with_exact_matches_recovers_the_dem(pair):
    oracle = exact_matcher(pair, 128, 32)
    fractions = []
    points = stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                              pair.secondary_image, oracle, dem=pair.coarse_surface,
                              patch_size=128, overlap=32,
                              progress=lambda f: fractions.append(f) or True)
    assert fractions[-1] == 1.0 and len(fractions) == len(plan_patches(
        *pair.reference_image.shape, 128, 32))
    # one point per valid reference pixel (overlaps split, nothing twice)
    pixels = points.ref_line.astype(int) * 10_000 + points.ref_sample.astype(int)
    assert np.unique(pixels).size == len(points)
    assert len(points) > 0.97 * pair.valid.sum()  # all but the DEM's rim
    errors = _height_errors(pair, points)
    assert np.max(np.abs(errors)) < 0.05  # centimetres
    assert np.median(points.intersection_angle_deg) > 15.0


def test_pipeline_with_poc_beats_the_coarse_dem(pair):
    def zero_matcher(reference_patch, secondary_patch):
        shape = reference_patch.shape
        return DenseMatch(np.zeros(shape), np.zeros(shape), np.ones(shape),
                          np.isfinite(secondary_patch))

    def rmse(points):
        e = _height_errors(pair, points)
        e = e[np.isfinite(e)]
        return float(np.sqrt(np.mean(e ** 2)))

    poc = stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                           pair.secondary_image, poc_matcher(), dem=pair.coarse_surface)
    coarse = stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                              pair.secondary_image, zero_matcher, dem=pair.coarse_surface)
    assert len(poc) > 500
    assert rmse(poc) < 4.0 and rmse(poc) < 0.8 * rmse(coarse), (rmse(poc), rmse(coarse))


def test_cancel(pair):
    with pytest.raises(StereoCancelled):
        stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                         pair.secondary_image, poc_matcher(), height_m=2400.0,
                         progress=lambda f: False)


# --------------------------------------------------------------------------------------------
# Checks

def test_identical_geometries_have_no_parallax(pair):
    with pytest.raises(StereoInputError, match="no parallax") as info:
        stereo_to_points(pair.reference, pair.reference_image, pair.reference,
                         pair.reference_image, poc_matcher(), height_m=2400.0)
    assert str(info.value) == NO_PARALLAX_MESSAGE


def test_disjoint_footprints_and_size_mismatch(pair):
    far = simulate_pair(TIBET, PairSpec(scene_size_m=200.0), coarse_factor=3)
    try:
        with pytest.raises(StereoInputError, match="do not overlap"):
            stereo_to_points(pair.reference, pair.reference_image, far.secondary,
                             far.secondary_image, poc_matcher(), height_m=2400.0)
    finally:
        far.scene.release()
    with pytest.raises(StereoInputError, match="do not belong together"):
        stereo_to_points(pair.reference, pair.reference_image[:-1], pair.secondary,
                         pair.secondary_image, poc_matcher(), height_m=2400.0)
    with pytest.raises(StereoInputError, match="DEM or a constant height"):
        stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                         pair.secondary_image, poc_matcher())


# --------------------------------------------------------------------------------------------
# Gridding

def _plane_points(n, rng):
    lat = 61.0 + rng.uniform(0, 0.01, n)
    lon = -139.0 + rng.uniform(0, 0.02, n)
    height = 1000.0 + 3000.0 * (lat - 61.0) + 500.0 * (lon + 139.0)
    return lat, lon, height


def _points(lat, lon, height, weight):
    zero = np.zeros(lat.size)
    return StereoPoints(lat, lon, height, weight, zero, zero, zero, zero, zero, zero, zero)


def test_gridding_mean_median_confidence_count():
    rng = np.random.default_rng(1)
    lat, lon, height = _plane_points(40_000, rng)
    grid = grid_around(lat, lon, 50.0)
    assert "UTM zone 7N" in grid.crs_wkt
    weight = rng.uniform(0.2, 1.0, lat.size)
    whole = grid_points(_points(lat, lon, height, weight), grid)
    batches = grid_points((_points(lat[i::4], lon[i::4], height[i::4], weight[i::4])
                           for i in range(4)), grid)
    assert np.array_equal(whole.count, batches.count)
    assert np.allclose(whole.height_m, batches.height_m, equal_nan=True)
    assert whole.count.sum() == lat.size and whole.coverage > 0.9
    # a 50 m cell of the plane spans ~+-1.5 m: the weighted mean is near the cell's height
    filled = np.isfinite(whole.height_m)
    assert np.nanmax(whole.std_m) < 3.0
    assert np.all((whole.confidence[filled] >= 0.2) & (whole.confidence[filled] <= 1.0))
    # median: one wild point per cell does not move it, the mean it moves
    acc_mean, acc_median = DemAccumulator(grid, "mean"), DemAccumulator(grid, "median")
    for acc in (acc_mean, acc_median):
        acc.add(lat, lon, height)
    cells = acc_median.cells(lat, lon)
    _, first = np.unique(cells, return_index=True)
    wild = height.copy()
    wild[first] += 500.0
    med = DemAccumulator(grid, "median")
    med.add(lat, lon, wild)
    mean = DemAccumulator(grid, "mean")
    mean.add(lat, lon, wild)
    base = acc_median.result().height_m
    busy = acc_median.result().count >= 10
    path = "/vsimem/test_stereo_gridded.tif"
    write_gridded(path, whole)
    from osgeo import gdal

    ds = gdal.Open(path)
    assert ds.RasterCount == 4 and ds.GetRasterBand(1).GetDescription() == "height_m"
    stored = ds.GetRasterBand(3).ReadAsArray()
    assert np.array_equal(stored[whole.count > 0], whole.count[whole.count > 0])
    ds = None
    gdal.Unlink(path)
    assert np.nanmax(np.abs(med.result().height_m - base)[busy]) < 2.0
    moved = (mean.result().height_m - acc_mean.result().height_m)[busy]
    assert np.allclose(moved, 500.0 / acc_mean.result().count[busy])
