"""Height estimation in strips: the same heights as the whole-raster path, with bounded reads.

Covers core.inference.predict_heights_in_strips, SarReader and PriorPoints.

The whole-raster path (predict_heights on arrays: the SAR, the prior raster and scipy's
distance transform of the whole raster) is the reference. The strip path reads the SAR
GeoTIFF one tile row at a time and keeps the priors sparse (distance from a KD-tree). The
test model uses every channel (priors, SAR, distance, mask) and is not left-right symmetric,
and its distance scale (100 m: clipped at 500 m, ~17 pixels) makes the clip matter inside
these rasters; the priors leave a part of the raster empty, so tiles there take their
reference from the nearest priors of the whole raster.
"""
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import prior_points_layer

if not all(importlib.util.find_spec(name) for name in ("torch", "onnxruntime")):
    pytest.skip("needs torch and onnxruntime (requirements-dev.txt)", allow_module_level=True)

import torch
from test_inference import (
    SmoothPriorModel,
    terrain,
    write_geotiff,
    write_model,
)

from sar_height.core.inference import (
    HeightModel,
    InferenceCancelled,
    InferenceError,
    PriorPoints,
    TilePlan,
    merge_priors,
    points_to_priors,
    predict_heights,
    predict_heights_in_strips,
    prepare_block,
    prepare_inputs,
    priors_from_points,
    thin_prior_points,
    thin_priors,
)
from sar_height.core.inference.height_raster import (
    READ_ROWS,
    SarGrid,
    SarReader,
    dem_prior_points,
    dem_priors_on_grid,
    estimate_heights_to_file,
    read_sar_db,
)

ROOT = Path(__file__).resolve().parents[1]

SPACING = 30.0
EPSG = 32632
ROWS, COLS = 300, 340  # 6 x 7 tiles of 64 pixels with overlap 16
GT = (650000.0, SPACING, 0.0, 5200000.0, 0.0, -SPACING)
TILE, OVERLAP = 64, 16


class AllChannelsModel(torch.nn.Module):
    """Smoothed priors + SAR shifted one column right + distance.

    Uses every channel and is not left-right symmetric, so mirroring and the distance channel both
    show.
    """

    def __init__(self):
        super().__init__()
        self.smooth = SmoothPriorModel()

    def forward(self, x):
        shifted = torch.nn.functional.pad(x[:, 0:1, :, :-1], (1, 0, 0, 0))
        return self.smooth(x) + 0.05 * shifted + 0.1 * x[:, 2:3]


class CountingReader(SarReader):
    """A SarReader that records every window of rows it is asked for."""

    def __init__(self, *args):
        super().__init__(*args)
        self.calls = []

    def read_rows(self, row0, rows):
        self.calls.append((int(row0), int(rows)))
        return super().read_rows(row0, rows)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("strip_models")
    path = write_model(folder / "all_channels.onnx", AllChannelsModel(),
                       distance_scale_m=100.0, look_direction="east")
    return HeightModel(path)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """SAR GeoTIFF (linear intensity, a nodata hole), points and a DEM GeoTIFF (60 m)."""
    folder = tmp_path_factory.mktemp("strip_scene")
    heights, sar_db = terrain(ROWS, COLS, seed=7)
    linear = np.power(10.0, sar_db / 10.0).astype(np.float32)
    linear[100:130, 40:90] = 0.0  # missing
    sar = write_geotiff(folder / "sar.tif", linear, GT, EPSG)
    rng = np.random.default_rng(3)
    rows = rng.integers(0, ROWS, 150)
    cols = rng.integers(0, int(0.6 * COLS), 150)  # the right 40 % has no point
    points = [(GT[0] + (c + rng.uniform(0.1, 0.9)) * SPACING,
               GT[3] - (r + rng.uniform(0.1, 0.9)) * SPACING, float(heights[r, c]))
              for r, c in zip(rows, cols)]
    points += [(x + 1.0, y - 1.0, h + 20.0) for x, y, h in points[:5]]  # same pixels: means
    dem = heights.reshape(ROWS // 2, 2, COLS // 2, 2).mean(axis=(1, 3)).astype(np.float32)
    dem[:40, :] = -9999.0  # no data: the DEM priors leave the top empty
    dem_gt = (GT[0], 2 * SPACING, 0.0, GT[3], 0.0, -2 * SPACING)
    dem_path = write_geotiff(folder / "dem.tif", dem, dem_gt, EPSG, nodata=-9999.0)
    return {"folder": folder, "sar": sar, "points": points, "dem": dem_path}


def whole_raster_heights(model, sar_db, priors, look, batch_size):
    """The reference: predict_heights on whole arrays, mirrored by hand for west."""
    if look == "west":
        flipped = predict_heights(model, sar_db[:, ::-1], priors[:, ::-1], SPACING, TILE,
                                  OVERLAP, batch_size)
        return flipped[:, ::-1]
    return predict_heights(model, sar_db, priors, SPACING, TILE, OVERLAP, batch_size)


def strip_heights(model, sar_path, points, look, batch_size, out):
    reader = CountingReader(sar_path, 1, "intensity")
    summary = estimate_heights_to_file(model, reader.grid, reader, points, str(out), TILE,
                                       OVERLAP, batch_size, look_direction=look)
    assert summary["mirrored"] == (look == "west")
    return gdal.Open(str(out)).ReadAsArray(), reader


def scene_priors(scene, grid, kind):
    """(PriorPoints, the same as a raster built by the raster functions)."""
    from_points, used = points_to_priors(scene["points"], grid.geotransform, grid.shape)
    raster_points, used_raster = priors_from_points(scene["points"], grid.geotransform,
                                                    grid.shape)
    assert used == used_raster == len(scene["points"])
    if kind == "points":
        return from_points, raster_points
    from_dem, _ = dem_prior_points(str(scene["dem"]), "ellipsoid", grid, 300.0)
    raster_dem, _ = dem_priors_on_grid(str(scene["dem"]), "ellipsoid", grid, 300.0)
    if kind == "dem":
        return from_dem, raster_dem
    both = np.where(np.isfinite(raster_points), raster_points, raster_dem)
    return merge_priors(from_points, from_dem), both


@pytest.mark.parametrize("kind, look, batch_size", [
    ("points", "east", 4), ("points", "west", 3), ("dem", "east", 5), ("dem", "west", 1),
    ("both", "west", 4)])
def test_strips_equal_the_whole_raster(model, scene, tmp_path, kind, look, batch_size):
    grid, sar_db = read_sar_db(scene["sar"], 1, "intensity")
    points, raster = scene_priors(scene, grid, kind)
    np.testing.assert_array_equal(points.block(0, ROWS), raster)
    expected = whole_raster_heights(model, sar_db, raster, look, batch_size)
    got, reader = strip_heights(model, scene["sar"], points, look, batch_size,
                                tmp_path / "strips.tif")
    assert got.shape == (ROWS, COLS)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    difference = np.nanmax(np.abs(got.astype(np.float64) - expected))
    assert difference <= 1e-3, difference
    # every tile row read once, top to bottom, never more rows than a tile
    plan = TilePlan((ROWS, COLS), TILE, OVERLAP, 16)
    assert len(plan.row_origins) == 6 and len(plan.col_origins) == 7
    assert reader.calls == [(r, plan.tile_rows) for r in plan.row_origins]


def test_strips_are_not_trivially_equal(model, scene, tmp_path):
    """The comparisons above could not pass by accident.

    Mirroring, the distance channel and the priors all change the heights.
    """
    grid, sar_db = read_sar_db(scene["sar"], 1, "intensity")
    points, raster = scene_priors(scene, grid, "points")
    east = whole_raster_heights(model, sar_db, raster, "east", 4)
    west = whole_raster_heights(model, sar_db, raster, "west", 4)
    assert np.nanmax(np.abs(east - west)) > 1.0
    inputs = prepare_inputs(sar_db, raster, SPACING, model.metadata)
    assert np.mean(inputs.distance == 5.0) > 0.2  # the clip is reached on much of the raster


def test_block_channels_equal_the_whole_raster(model, scene):
    """prepare_block's channels and references are those of prepare_inputs, bit for bit."""
    grid, sar_db = read_sar_db(scene["sar"], 1, "intensity")
    points, raster = scene_priors(scene, grid, "points")
    whole = prepare_inputs(sar_db, raster, SPACING, model.metadata)
    for row0 in (0, 96, ROWS - 64):
        block = prepare_block(sar_db[row0:row0 + 64], points, row0, SPACING, model.metadata)
        np.testing.assert_array_equal(block.distance, whole.distance[row0:row0 + 64])
        for col0 in (0, 144, COLS - 64):  # with and without priors inside
            x_block, ref_block = block.tile(row0, col0, 64, 64)
            x_whole, ref_whole = whole.tile(row0, col0, 64, 64)
            assert ref_block == ref_whole
            np.testing.assert_array_equal(x_block, x_whole)
    with pytest.raises(InferenceError, match="outside"):
        block.tile(0, 0, 64, 64)


def test_reads_stay_within_a_strip(model, scene, tmp_path):
    """Memory is bounded by reads of a fixed size.

    The level pass reads READ_ROWS blocks, the inference one tile row at a time, and a taller
    raster only means more reads of the same size.
    """
    reader = CountingReader(scene["sar"], 1, "intensity")
    _, sar_db = read_sar_db(scene["sar"], 1, "intensity")
    assert reader.median_db() == pytest.approx(float(np.nanmedian(sar_db)))
    assert max(rows for _, rows in reader.calls) <= READ_ROWS
    assert sum(rows for _, rows in reader.calls) == ROWS  # one pass
    sample = CountingReader(scene["sar"], 1, "intensity")
    level = sample.median_db(sample_pixels=COLS * 30)  # every 10th row
    assert abs(level - float(np.nanmedian(sar_db))) < 0.5
    points, _ = scene_priors(scene, reader.grid, "points")
    reader.calls.clear()
    seen = []
    original = PriorPoints.distance

    def counted(self, row0, rows, *args):
        seen.append(rows)
        return original(self, row0, rows, *args)

    PriorPoints.distance = counted
    try:
        estimate_heights_to_file(model, reader.grid, reader, points, str(tmp_path / "h.tif"),
                                 128, 32, 2)
    finally:
        PriorPoints.distance = original
    assert max(rows for _, rows in reader.calls) == 128 and max(seen) == 128
    assert len(reader.calls) == len(TilePlan((ROWS, COLS), 128, 32, 16).row_origins)


def test_small_raster_cancel_and_missing_priors(model, scene, tmp_path):
    """A raster lower than a tile (reflected), cancellation (no file), no prior (refused)."""
    heights, sar_db = terrain(40, 300, seed=2)
    priors = np.full(heights.shape, np.nan)
    priors[5::9, 3::9] = heights[5::9, 3::9]
    expected = predict_heights(model, sar_db, priors, SPACING, batch_size=2)
    calls = []

    def read_rows(row0, rows):
        calls.append((row0, rows))
        return sar_db[row0:row0 + rows]

    got = predict_heights_in_strips(model, read_rows, PriorPoints.from_raster(priors),
                                    SPACING, batch_size=2)
    assert calls == [(0, 40)]
    assert np.max(np.abs(got.astype(np.float64) - expected)) <= 1e-3
    grid = SarGrid(gdal.Open(str(scene["sar"])))
    _, full_db = read_sar_db(scene["sar"], 1, "intensity")
    points, _ = scene_priors(scene, grid, "points")
    with pytest.raises(InferenceCancelled):
        estimate_heights_to_file(model, grid, full_db, points, str(tmp_path / "c.tif"),
                                 progress=lambda fraction: False)
    assert not list(tmp_path.iterdir())
    with pytest.raises(InferenceError, match="prior"):
        predict_heights_in_strips(model, read_rows, PriorPoints([], [], [], (40, 300)),
                                  SPACING)


def test_sparse_thinning_equals_the_raster_thinning():
    rng = np.random.default_rng(5)
    dense = np.where(rng.random((90, 110)) < 0.3, rng.normal(500, 100, (90, 110)), np.nan)
    thinned, block = thin_priors(dense, 0.02)
    points, block_points = thin_prior_points(PriorPoints.from_raster(dense), 0.02)
    assert block == block_points == 8
    np.testing.assert_array_equal(points.block(0, 90), thinned)
    mirrored = PriorPoints.from_raster(dense).mirrored()
    np.testing.assert_array_equal(mirrored.block(0, 90), dense[:, ::-1])
    assert np.all(np.diff(mirrored.rows * 110 + mirrored.cols) > 0)  # row-major


def test_processing_reads_the_sar_by_strips(qgis_processing, scene, model, tmp_path,
                                            monkeypatch):
    """sarheight:estimate_height never reads the whole SAR.

    read_sar_db is not called, and no read asks for more rows than a READ_ROWS block or a tile row.
    """
    import sar_height.core.inference.height_raster as plugin_raster

    def refuse(*args, **kwargs):
        raise AssertionError("the whole SAR raster was read")

    windows = []
    original = plugin_raster.SarReader.read_rows

    def counted(self, row0, rows):
        windows.append(rows)
        return original(self, row0, rows)

    monkeypatch.setattr(plugin_raster, "read_sar_db", refuse)
    monkeypatch.setattr(plugin_raster.SarReader, "read_rows", counted)
    out = tmp_path / "heights.tif"
    from qgis.core import QgsCoordinateReferenceSystem

    qgis_processing.run("sarheight:estimate_height", {
        "SAR": str(scene["sar"]), "PRIOR_POINTS": prior_points_layer(
            scene["points"], QgsCoordinateReferenceSystem(f"EPSG:{EPSG}")),
        "PRIOR_FIELD": "h", "PRIOR_DEM": str(scene["dem"]), "PRIOR_SPACING": 300.0,
        "PRIOR_DEM_VERTICAL_DATUM": 2, "LOOK_DIRECTION": 2, "MODEL": str(model.path),
        "TILE_SIZE": 64, "OVERLAP": 16, "OUTPUT": str(out)})
    assert windows and max(windows) <= max(READ_ROWS, TILE)
    assert sum(windows) < 3 * ROWS  # one level pass and one (overlapping) strip pass
    grid, sar_db = read_sar_db(scene["sar"], 1, "intensity")
    _, raster = scene_priors(scene, grid, "both")
    expected = whole_raster_heights(model, sar_db, raster, "west", 4)
    got = gdal.Open(str(out)).ReadAsArray()
    assert np.nanmax(np.abs(got.astype(np.float64) - expected)) <= 1e-3


