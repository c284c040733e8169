"""Height inference (core.inference): contract channels, metadata, tiling, blending, GDAL I/O.

Models are tiny ONNX files exported from torch in fixtures:
    smooth    a deterministic normalised convolution: the Gaussian-weighted mean of the priors
              plus a small SAR term. Its heights do not depend on a tile's reference height,
              so any tile-size dependence comes from tiling itself.
    flat      outputs 0 everywhere: the heights are exactly the blended tile references, a
              worst case for seams.
    ask_unet  a small ASK-UNet (training.height.networks; random weights, non-trivial batch-norm
              statistics) exported with training.height.export.export_onnx: the real export and
              inference path, checked against torch eager.
The helpers (smooth_model, FlatModel, write_model, model_metadata, terrain) are reused by
test_estimate_height_qgis.py.
"""
import importlib.util
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

if not all(importlib.util.find_spec(name) for name in ("torch", "onnxruntime")):
    pytest.skip("needs torch and onnxruntime (requirements-dev.txt)", allow_module_level=True)

import torch

from sar_height.core.inference import (
    CHANNELS,
    HeightModel,
    InferenceCancelled,
    InferenceError,
    ModelError,
    TilePlan,
    blend_window,
    build_inputs,
    normalise_heights,
    parse_metadata,
    predict_heights,
    prepare_inputs,
    prior_distance,
    priors_from_dem,
    priors_from_points,
    resolve_tiling,
    tile_origins,
    validate_metadata,
)
from sar_height.training.height.export import contract_metadata, export_module

ROOT = Path(__file__).resolve().parents[1]

SPACING = 30.0


def model_metadata(**changes):
    """Contract metadata of the test models, with ``changes``."""
    meta = {"version": "test", "input_kind": "reconstructed", "sar_db_mean": -8.0,
            "sar_db_std": 4.0, "tile_size": 64, "overlap": 16, "pixel_spacing_m": SPACING,
            "pixel_spacing_range_m": [20.0, 45.0],
            "training": {"regions": [], "samples": 0, "epochs": 0, "seconds": 0,
                         "hardware": "none"}}
    meta.update(changes)
    return meta


def gaussian_kernel(radius, sigma):
    offsets = torch.arange(-radius, radius + 1, dtype=torch.float32)
    g = torch.exp(-0.5 * (offsets / sigma) ** 2)
    kernel = g[:, None] * g[None, :]
    return (kernel / kernel.sum())[None, None]


class SmoothPriorModel(torch.nn.Module):
    """y = Gaussian-weighted mean of the normalised priors + 0.01 * smoothed SAR."""

    def __init__(self, radius=8, sigma=4.0):
        super().__init__()
        self.radius = radius
        self.register_buffer("kernel", gaussian_kernel(radius, sigma))

    def forward(self, x):
        sar, prior, mask = x[:, 0:1], x[:, 1:2], x[:, 3:4]
        num = torch.nn.functional.conv2d(prior, self.kernel, padding=self.radius)
        den = torch.nn.functional.conv2d(mask, self.kernel, padding=self.radius)
        sar = torch.nn.functional.conv2d(sar, self.kernel, padding=self.radius)
        return num / (den + 1e-12) + 0.01 * sar


class FlatModel(torch.nn.Module):
    def forward(self, x):
        return x[:, 3:4] * 0.0


def smooth_model():
    return SmoothPriorModel()


def write_model(path, module, **changes):
    """Export ``module`` with contract metadata (plus ``changes``) to ``path``."""
    meta = contract_metadata("unet", 16, model_metadata(**changes), "0" * 64)
    export_module(module, meta, path, verify_shapes=((1, 4, 32, 48),))
    return path


def terrain(rows, cols, seed=0):
    """(heights m, SAR dB) of a smooth synthetic scene: hills from 300 to ~1800 m."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:rows, 0:cols].astype(np.float64)
    heights = 1000.0 + 400.0 * np.sin(r / 23.0) * np.cos(c / 31.0) + 3.0 * r - 1.5 * c
    for _ in range(4):
        r0, c0, s = rng.uniform(0, rows), rng.uniform(0, cols), rng.uniform(8, 25)
        heights += 300.0 * np.exp(-((r - r0) ** 2 + (c - c0) ** 2) / (2 * s * s))
    slope = np.gradient(heights, axis=1) / SPACING
    sar_db = -8.0 + 10.0 * slope + rng.normal(0, 0.5, heights.shape)
    return heights, sar_db.astype(np.float32)


def lattice_priors(heights, step=8):
    priors = np.full(heights.shape, np.nan)
    priors[step // 2::step, step // 2::step] = heights[step // 2::step, step // 2::step]
    return priors


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    return {
        "smooth": HeightModel(write_model(folder / "smooth.onnx", smooth_model())),
        "flat": HeightModel(write_model(folder / "flat.onnx", FlatModel())),
        "folder": folder,
    }


@pytest.fixture(scope="module")
def scene():
    heights, sar_db = terrain(200, 232)
    return heights, sar_db, lattice_priors(heights)


# -- contract channels ----------------------------------------------------------------------
def test_distance_channel_matches_brute_force():
    rng = np.random.default_rng(1)
    mask = rng.random((13, 9)) < 0.08
    mask[3, 4] = True
    dy, dx = 30.0, 20.0
    got = prior_distance(mask, (dy, dx), distance_scale_m=100.0)
    pr, pc = np.nonzero(mask)
    r, c = np.mgrid[0:13, 0:9]
    brute = np.sqrt(((r[..., None] - pr) * dy) ** 2 + ((c[..., None] - pc) * dx) ** 2).min(-1)
    np.testing.assert_allclose(got, np.clip(brute / 100.0, 0, 5), rtol=1e-6, atol=1e-6)
    assert got.dtype == np.float32 and got.max() <= 5.0
    with pytest.raises(InferenceError, match="prior"):
        prior_distance(np.zeros((4, 4), bool), 30.0)


def test_build_inputs_channels():
    heights, sar_db = terrain(32, 48)
    sar_db[0, :5] = np.nan
    priors = lattice_priors(heights)
    meta = model_metadata()
    x, reference = build_inputs(sar_db, priors, SPACING, meta)
    assert x.shape == (4, 32, 48) and x.dtype == np.float32
    assert reference == pytest.approx(np.nanmean(priors))
    np.testing.assert_allclose(x[0, 1:], (sar_db[1:] + 8.0) / 4.0, atol=1e-5)
    assert np.all(x[0, 0, :5] == 0)  # missing SAR
    mask = np.isfinite(priors)
    np.testing.assert_array_equal(x[3], mask.astype(np.float32))
    np.testing.assert_allclose(x[1][mask], (priors[mask] - reference) / 1000.0, atol=1e-6)
    assert np.all(x[1][~mask] == 0)
    assert np.all(x[2][mask] == 0) and np.all(x[2][~mask] > 0)
    # distance over the whole raster: a tile cut from it sees priors outside itself
    inputs = prepare_inputs(sar_db, priors, SPACING, meta)
    tile, _ = inputs.tile(16, 16, 16, 16)
    np.testing.assert_array_equal(tile[2], x[2, 16:32, 16:32])
    target = normalise_heights(heights, reference, meta)
    np.testing.assert_allclose(target * 1000.0 + reference, heights, atol=1e-3)


def test_reference_rules():
    priors = np.full((64, 64), np.nan)
    spots = [(2, 2, 100.0), (2, 60, 200.0), (60, 2, 300.0), (60, 60, 400.0), (30, 31, 50.0),
             (10, 40, 70.0), (50, 20, 90.0), (5, 25, 110.0), (40, 5, 130.0), (20, 55, 150.0)]
    for r, c, h in spots:
        priors[r, c] = h
    inputs = prepare_inputs(np.zeros((64, 64)), priors, (10.0, 20.0), model_metadata())
    assert inputs.reference(0, 0, 16, 16) == pytest.approx(100.0)  # the one prior inside
    assert inputs.reference(0, 0, 64, 64) == pytest.approx(np.mean([s[2] for s in spots]))
    # no prior inside rows 16..31, cols 0..15: the 8 nearest to its centre (23.5, 7.5), metres
    centre = np.array([23.5 * 10.0, 7.5 * 20.0])
    dist = [np.hypot(*(np.array([r * 10.0, c * 20.0]) - centre)) for r, c, _ in spots]
    nearest = np.argsort(dist)[:8]
    assert inputs.reference(16, 0, 16, 16) == pytest.approx(
        np.mean([spots[i][2] for i in nearest]))
    few = np.full((32, 32), np.nan)
    few[0, 0], few[31, 31] = 10.0, 30.0
    sparse = prepare_inputs(np.zeros((32, 32)), few, 30.0, model_metadata())
    assert sparse.reference(8, 8, 16, 16) == pytest.approx(20.0)  # fewer than 8: all


# -- metadata -------------------------------------------------------------------------------
def full_metadata(**changes):
    meta = contract_metadata("ask_unet", 16, model_metadata(), "0" * 64)
    meta.update(changes)
    return meta


def test_metadata_validation_messages():
    assert validate_metadata(full_metadata())["channels"] == list(CHANNELS)
    with pytest.raises(ModelError, match=r"not a SAR Height height model \(no 'sar_height'"):
        parse_metadata({"other": "x"})
    with pytest.raises(ModelError, match="not valid JSON"):
        parse_metadata({"sar_height": "{broken"})
    with pytest.raises(ModelError, match="contract 2"):
        validate_metadata(full_metadata(contract=2))
    with pytest.raises(ModelError, match="channels"):
        validate_metadata(full_metadata(channels=list(reversed(CHANNELS))))
    with pytest.raises(ModelError, match="format"):
        validate_metadata(full_metadata(format="something_else"))
    meta = full_metadata()
    del meta["sar_db_std"]
    with pytest.raises(ModelError, match="lacks: sar_db_std"):
        validate_metadata(meta)
    with pytest.raises(ModelError, match="multiple"):
        validate_metadata(full_metadata(tile_size=72))
    with pytest.raises(ModelError, match="positive"):
        validate_metadata(full_metadata(height_scale_m=0))


def test_model_file_errors(models, tmp_path):
    import onnx

    bare = tmp_path / "bare.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(FlatModel(), (torch.zeros(1, 4, 32, 32),), str(bare),
                          input_names=["input"], output_names=["height"], opset_version=17,
                          dynamo=False)
    with pytest.raises(ModelError, match=r"not a SAR Height height model \(no 'sar_height'"):
        HeightModel(bare)
    text = tmp_path / "text.onnx"
    text.write_text("not a model")
    with pytest.raises(ModelError, match="Cannot load"):
        HeightModel(text)
    with pytest.raises(ModelError, match="does not exist"):
        HeightModel(tmp_path / "missing.onnx")
    proto = onnx.load(str(models["smooth"].path))
    meta = json.loads(proto.metadata_props[0].value)
    meta["contract"] = 7
    proto.metadata_props[0].value = json.dumps(meta)
    wrong = tmp_path / "wrong.onnx"
    onnx.save(proto, str(wrong))
    with pytest.raises(ModelError, match="contract 7"):
        HeightModel(wrong)


def test_height_model_metadata_and_provider(models):
    model = models["smooth"]
    assert model.provider == "CPUExecutionProvider"
    assert model.metadata["stride"] == 16 and model.metadata["tile_size"] == 64
    assert model.metadata["export"]["max_abs_diff"] < 1e-4
    assert "onnxruntime provider CPUExecutionProvider" in model.describe()
    out = model.run(np.zeros((2, 4, 32, 48), np.float32))
    assert out.shape == (2, 1, 32, 48)


# -- tiling ---------------------------------------------------------------------------------
def test_tile_layout_and_window():
    assert tile_origins(200, 64, 48) == [0, 48, 96, 136]
    assert tile_origins(50, 64, 48) == [0]
    plan = TilePlan((40, 300), 64, 16, 16)
    assert (plan.tile_rows, plan.tile_cols) == (48, 64)  # small side: rounded up to 16
    window = blend_window(64, 64, 16)
    assert window.min() > 0 and window[16:48, 16:48].min() == 1.0
    # two tiles overlapping by exactly the overlap: weights sum to 1 (sin^2 + cos^2)
    w = blend_window(1, 64, 16)[0]
    np.testing.assert_allclose(w[48:] + w[:16], 1.0)
    with pytest.raises(InferenceError, match="multiple"):
        TilePlan((100, 100), 72, 8, 16)
    with pytest.raises(InferenceError, match="half"):
        TilePlan((100, 100), 64, 40, 16)
    meta = {"tile_size": 256, "overlap": 32}
    assert resolve_tiling(meta) == (256, 32)
    assert resolve_tiling(meta, 48) == (48, 24)  # the model's overlap capped at half a tile
    assert resolve_tiling(meta, 48, 8) == (48, 8)


def test_tile_size_independence_and_no_seams(models, scene):
    heights, sar_db, priors = scene
    model = models["smooth"]
    whole = predict_heights(model, sar_db, priors, SPACING, tile_size=256, overlap=0)
    small = predict_heights(model, sar_db, priors, SPACING, tile_size=64, overlap=16)
    large = predict_heights(model, sar_db, priors, SPACING, tile_size=128, overlap=32)
    unblended = predict_heights(model, sar_db, priors, SPACING, tile_size=64, overlap=0)
    signal = np.ptp(heights)
    assert np.max(np.abs(small - large)) < 0.01 * signal
    assert np.max(np.abs(small - whole)) < 0.01 * signal
    # tiles without overlap lose context at their borders; blending hides that
    assert np.max(np.abs(unblended - whole)) > 3 * np.max(np.abs(small - whole))
    # the smooth model interpolates the priors: close to the truth away from the edges
    inner = (slice(16, -16), slice(16, -16))
    assert np.sqrt(np.mean((whole[inner] - heights[inner]) ** 2)) < 0.05 * signal
    # no seams: the column-to-column gradient at tile borders is not larger than elsewhere
    plan = TilePlan(heights.shape, 64, 16, 16)
    borders = sorted({c + d for c in plan.col_origins[1:] for d in (0, 16)})
    step = np.abs(np.diff(small - whole, axis=1))
    others = np.delete(step, [b - 1 for b in borders], axis=1)
    assert step[:, [b - 1 for b in borders]].max() <= 1.5 * others.max() + 1e-3


def test_blending_removes_reference_steps(models, scene):
    """The flat model returns each tile's reference: blending must turn steps into ramps."""
    heights, sar_db, priors = scene
    hard = predict_heights(models["flat"], sar_db, priors, SPACING, tile_size=64, overlap=0)
    soft = predict_heights(models["flat"], sar_db, priors, SPACING, tile_size=64, overlap=16)
    jump = np.abs(np.diff(hard, axis=1)).max()
    assert jump > 50.0  # tile references differ by tens to hundreds of metres
    plan = TilePlan(heights.shape, 64, 16, 16)
    # largest step between two tiles spread over the overlap: ~ jump * pi / (2 * 16) at most
    assert np.abs(np.diff(soft, axis=1)).max() < 0.25 * jump
    assert len(plan.col_origins) > 2


def test_batch_size_invariance_and_bands(models, scene):
    _, sar_db, priors = scene
    model = models["smooth"]
    one = predict_heights(model, sar_db, priors, SPACING, batch_size=1)
    many = predict_heights(model, sar_db, priors, SPACING, batch_size=7)
    np.testing.assert_allclose(one, many, atol=1e-3)
    bands = []
    predict_heights(model, sar_db, priors, SPACING, batch_size=3,
                    write_band=lambda row0, block: bands.append((row0, block.copy())))
    assert len(bands) > 1 and bands[0][0] == 0
    rows = np.concatenate([b for _, b in bands])
    assert [r for r, _ in bands] == list(np.cumsum([0] + [b.shape[0] for _, b in bands[:-1]]))
    np.testing.assert_allclose(rows, one, atol=1e-3)


def test_progress_and_cancel(models, scene):
    _, sar_db, priors = scene
    seen = []
    predict_heights(models["smooth"], sar_db, priors, SPACING, batch_size=4,
                    progress=lambda f: seen.append(f) or True)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == -(-20 // 4)
    calls = []
    with pytest.raises(InferenceCancelled):
        predict_heights(models["smooth"], sar_db, priors, SPACING, batch_size=4,
                        progress=lambda f: calls.append(f) and False)
    assert len(calls) == 1


def test_missing_sar_and_small_raster(models):
    heights, sar_db = terrain(20, 37)
    sar_db[5:8, 10:20] = np.nan
    out = predict_heights(models["smooth"], sar_db, lattice_priors(heights, 6), SPACING)
    assert out.shape == (20, 37) and out.dtype == np.float32
    assert np.all(np.isnan(out[5:8, 10:20]))
    assert np.isfinite(out).sum() == np.isfinite(sar_db).sum()
    with pytest.raises(InferenceError, match="prior"):
        predict_heights(models["smooth"], sar_db, np.full((20, 37), np.nan), SPACING)


# -- priors ---------------------------------------------------------------------------------
def test_priors_from_points_and_dem():
    gt = (1000.0, 10.0, 0.0, 2000.0, 0.0, -10.0)
    points = [(1005.0, 1995.0, 50.0), (1006.0, 1994.0, 70.0), (1095.0, 1905.0, 9.0),
              (500.0, 1995.0, 1.0), (1025.0, 1975.0, float("nan"))]
    priors, used = priors_from_points(points, gt, (10, 10))
    assert used == 3
    assert priors[0, 0] == pytest.approx(60.0) and priors[9, 9] == pytest.approx(9.0)
    assert np.isfinite(priors).sum() == 2
    dem = np.arange(100.0 * 120.0).reshape(100, 120)
    dem[:, :3] = np.nan
    sampled = priors_from_dem(dem, (30.0, 20.0), 300.0)  # every 10 rows, 15 columns
    rows, cols = np.nonzero(np.isfinite(sampled))
    assert set(rows) == set(range(5, 100, 10)) and set(cols) == set(range(7, 120, 15))
    np.testing.assert_array_equal(sampled[rows, cols], dem[rows, cols])


# -- GDAL side ------------------------------------------------------------------------------
def write_geotiff(path, array, geotransform, epsg, nodata=None):
    from osgeo import gdal, osr

    dataset = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0],
                                                   1, gdal.GDT_Float32)
    dataset.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset.SetProjection(srs.ExportToWkt())
    if nodata is not None:
        dataset.GetRasterBand(1).SetNoDataValue(nodata)
    dataset.GetRasterBand(1).WriteArray(array)
    dataset = None
    return path


def test_sar_units_spacing_and_height_file(models, tmp_path):
    from osgeo import gdal

    from sar_height.core.inference.height_raster import (
        estimate_heights_to_file,
        pixel_spacing_m,
        read_sar_db,
    )

    heights, sar_db = terrain(300, 90)
    linear = np.power(10.0, sar_db / 10.0).astype(np.float32)
    linear[0, 0] = 0.0  # missing
    gt = (650000.0, SPACING, 0.0, 5200000.0, 0.0, -SPACING)
    path = write_geotiff(tmp_path / "sar.tif", linear, gt, 32632)
    grid, read_db = read_sar_db(path, 1, "intensity")
    assert grid.pixel_spacing_m == (SPACING, SPACING) and grid.shape == (300, 90)
    assert np.isnan(read_db[0, 0])
    np.testing.assert_allclose(read_db[1:], sar_db[1:], atol=1e-4)
    amplitude = write_geotiff(tmp_path / "amp.tif", np.sqrt(linear), gt, 32632)
    np.testing.assert_allclose(read_sar_db(amplitude, 1, "amplitude")[1][1:], sar_db[1:],
                               atol=1e-4)
    dy, dx = pixel_spacing_m((11.0, 1 / 1200, 0, 47.0, 0, -1 / 1200), "EPSG:4326", 100, 100)
    assert dy == pytest.approx(92.6, abs=0.5) and dx == pytest.approx(63.2, abs=0.5)
    out = tmp_path / "heights.tif"
    summary = estimate_heights_to_file(models["smooth"], grid, read_db,
                                       lattice_priors(heights), str(out), batch_size=2)
    assert summary["valid"] == 300 * 90 - 1 and summary["tiles"] == 6 * 2
    dataset = gdal.Open(str(out))
    band = dataset.GetRasterBand(1)
    written = band.ReadAsArray()
    assert dataset.GetGeoTransform() == gt and np.isnan(band.GetNoDataValue())
    expected = predict_heights(models["smooth"], read_db, lattice_priors(heights), SPACING)
    np.testing.assert_allclose(written, expected, atol=1e-3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["amp.tif", "heights.tif", "sar.tif"]
    with pytest.raises(InferenceCancelled):
        estimate_heights_to_file(models["smooth"], grid, read_db, lattice_priors(heights),
                                 str(tmp_path / "cancelled.tif"), progress=lambda f: False)
    assert not any("cancelled" in p.name for p in tmp_path.iterdir())


# -- a real network -------------------------------------------------------------------------
@pytest.mark.slow
def test_ask_unet_pipeline_matches_torch(tmp_path):
    """An exported small ASK-UNet gives in predict_heights what torch eager gives.

    A small ASK-UNet (random weights, non-trivial batch-norm statistics) exported with
    training.height.export.export_onnx: on a raster of exactly one tile, predict_heights must equal
    torch eager on the contract inputs, de-normalised with the tile's reference.
    """
    from sar_height.training.height.export import export_onnx
    from sar_height.training.height.networks import build_network

    torch.manual_seed(0)
    net = build_network("ask_unet", base_width=4)
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    meta = model_metadata(tile_size=64, overlap=16)
    path = tmp_path / "ask_unet.onnx"
    diff = export_onnx({"kind": "ask_unet", "base_width": 4, "state_dict": net.state_dict(),
                        "metadata": meta}, path)
    assert diff < 1e-4
    model = HeightModel(path)
    assert model.metadata["model_type"] == "ask_unet"
    assert len(model.metadata["weights_sha256"]) == 64
    heights, sar_db = terrain(64, 64, seed=3)
    priors = lattice_priors(heights)
    got = predict_heights(model, sar_db, priors, SPACING)
    x, reference = build_inputs(sar_db, priors, SPACING, model.metadata)
    with torch.no_grad():
        y = net.eval()(torch.from_numpy(x[None]))[0, 0].numpy()
    np.testing.assert_allclose(got, y * 1000.0 + reference, atol=0.05)
    # larger raster, several tiles: finite everywhere, no error
    heights, sar_db = terrain(100, 130, seed=4)
    out = predict_heights(model, sar_db, lattice_priors(heights), SPACING, batch_size=3)
    assert np.isfinite(out).all()


# -- look direction ---------------------------------------------------------------------------
class ShiftRightModel(torch.nn.Module):
    """y[..., c] = sar channel at c - 1 (0 in column 0): not left-right symmetric."""

    def forward(self, x):
        return torch.nn.functional.pad(x[:, 0:1, :, :-1], (1, 0, 0, 0))


def test_look_direction_mirrors_for_the_model(tmp_path):
    """A west-looking raster given to an east-trained model is mirrored for the network.

    The heights are mirrored back: the shift of the model comes out reversed.
    """
    from sar_height.core.inference.height_raster import SarGrid, estimate_heights_to_file

    model = HeightModel(write_model(tmp_path / "shift.onnx", ShiftRightModel(),
                                    look_direction="east"))
    assert model.metadata["look_direction"] == "east"
    rng = np.random.default_rng(1)
    # 1 dB spread: the model's heights (500 m + 250 m per dB) stay within the heights the
    # priors can justify (core.plausibility.estimated_height_bounds), or the run is refused
    sar_db = rng.normal(-8.0, 1.0, (64, 64)).astype(np.float32)
    priors = np.full((64, 64), np.nan)
    priors[::8, ::8] = 500.0  # one reference height for every tile
    gt = (650000.0, SPACING, 0.0, 5200000.0, 0.0, -SPACING)
    grid = SarGrid(gdal.Open(str(write_geotiff(tmp_path / "sar.tif", sar_db, gt, 32632))))
    expected = (sar_db.astype(np.float64) + 8.0) / 4.0 * 1000.0 + 500.0
    heights = {}
    for look in ("east", "west"):
        path = tmp_path / f"{look}.tif"
        summary = estimate_heights_to_file(model, grid, sar_db, priors, str(path), 64, 0,
                                           look_direction=look)
        assert summary["mirrored"] == (look == "west")
        heights[look] = gdal.Open(str(path)).ReadAsArray().astype(np.float64)
    np.testing.assert_allclose(heights["east"][:, 1:], expected[:, :-1], atol=0.05)
    np.testing.assert_allclose(heights["west"][:, :-1], expected[:, 1:], atol=0.05)
    with pytest.raises(InferenceError, match="look direction"):
        estimate_heights_to_file(model, grid, sar_db, priors, str(tmp_path / "x.tif"),
                                 look_direction="north")
    assert not (tmp_path / "x.tif").exists()
    with pytest.raises(ModelError, match="look_direction"):
        validate_metadata(full_metadata(look_direction="up"))


@pytest.mark.parametrize("heading, direction", [(350.0, "east"), (190.0, "west"),
                                                (10.0, "east"), (170.0, "west")])
def test_ground_look_azimuth_of_a_straight_track(heading, direction):
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.look import ground_look_azimuth_deg, look_direction
    from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry

    dem = DemRaster(str(Path(__file__).parent / "data" / "rome_30m_egm96.tif"), "egm96")
    geometry = straight_track_geometry(dem, TrackSpec(heading_deg=heading))
    azimuth = ground_look_azimuth_deg(geometry)
    # right-looking: the line of sight is the heading turned 90° clockwise, to within the
    # convergence of the meridians between the track and the scene ~500 km east or west
    # of it (about 3° at Rome's latitude)
    assert abs((azimuth - (heading + 90.0) + 180.0) % 360.0 - 180.0) < 5.0
    assert look_direction(azimuth) == direction


def test_dense_priors_are_thinned_and_nonfinite_outputs_refused(tmp_path):
    from sar_height.core.inference import MAX_PRIOR_DENSITY, thin_priors

    dense = np.arange(100 * 100, dtype=np.float64).reshape(100, 100)
    thinned, block = thin_priors(dense, MAX_PRIOR_DENSITY)
    assert block == 8 and np.isfinite(thinned).sum() == 13 * 13
    rows, cols = np.nonzero(np.isfinite(thinned))
    assert np.all(thinned[rows, cols] == dense[rows, cols])  # values kept, not averaged
    assert len(set(zip(rows // 8, cols // 8))) == rows.size  # one per square
    sparse = lattice_priors(dense, step=10)
    same, block = thin_priors(sparse, MAX_PRIOR_DENSITY)
    assert block == 1 and np.array_equal(np.isfinite(same), np.isfinite(sparse))

    class Diverging:
        metadata = validate_metadata(full_metadata())

        def run(self, batch):
            return np.full((batch.shape[0], 1) + batch.shape[2:], np.nan, dtype=np.float32)

    heights, sar_db = terrain(64, 64)
    with pytest.raises(InferenceError, match="non-finite"):
        predict_heights(Diverging(), sar_db, lattice_priors(heights), SPACING)
