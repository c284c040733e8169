"""The shipped height model, resources/models/ask_unet_reconstructed.onnx, as a user meets it.

- its metadata: contract v1, ASK-UNet on reconstructed backscatter, trained looking east,
  trained on regions that are disjoint from the held-out evaluation DEMs;
- it is the same network as its training checkpoint (training/checkpoints/, not shipped):
  weights hash and onnxruntime vs torch eager on random inputs;
- a held-out mountain scene (San Gabriel, test/data/dem, never used in training or model
  selection; ascending and descending, i.e. without and with mirroring) generated the way
  the training data are (simulated from the fine DEM, reconstructed with a 3x coarser DEM,
  priors from the coarse DEM at 0.05 % of the cells), run through
  processing.run("sarheight:estimate_height") with the bundled model: the network must beat
  interpolating its priors by a wide margin.
"""
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import prior_points_layer
from tolerances import float32_network_atol

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "resources" / "models" / "ask_unet_reconstructed.onnx"
CARD = ROOT / "resources" / "models" / "ask_unet_reconstructed.md"
CHECKPOINT = ROOT / "training" / "checkpoints" / "ask_unet_reconstructed.pt"
SCENE_CELLS = 256  # a 256 x 256 cut of the held-out DEM at 30 m (7.7 km square)


def test_bundled_model_metadata_and_card():
    from sar_height.core.inference import HeightModel
    from sar_height.training.regions import EVALUATION, REGIONS

    assert MODEL.is_file() and CARD.is_file()
    meta = HeightModel(MODEL).metadata
    assert meta["model_type"] == "ask_unet" and meta["input_kind"] == "reconstructed"
    assert meta["look_direction"] == "east" and meta["contract"] == 1
    held_out = {region.name for region in REGIONS if region.split == EVALUATION}
    used = set(meta["training"]["regions"]) | set(meta["training"]["validation_regions"])
    assert len(held_out) >= 3 and not held_out & used
    card = CARD.read_text()
    assert meta["weights_sha256"] in card  # the card describes exactly this file


def test_bundled_model_is_its_checkpoint():
    torch = pytest.importorskip("torch")
    from sar_height.core.inference import HeightModel
    from sar_height.training.height.export import (
        contract_like_input,
        load_checkpoint,
        weights_sha256,
    )
    from sar_height.training.height.networks import build_network

    checkpoint = load_checkpoint(CHECKPOINT)
    network = build_network(checkpoint["kind"], int(checkpoint["base_width"]))
    network.load_state_dict(checkpoint["state_dict"])
    network.eval()
    model = HeightModel(MODEL, threads=1)
    assert model.metadata["weights_sha256"] == weights_sha256(network.state_dict())
    batch = contract_like_input((2, 4, 128, 160), torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = network(batch).numpy()
    got = model.run(batch.numpy())
    assert np.all(np.isfinite(expected)) and np.all(np.isfinite(got))
    # float32 roundings of two back ends (test/tolerances.py), not one CPU's difference
    assert np.max(np.abs(got - expected)) < float32_network_atol(expected)


def _geotiff(path, values, x0, y1, spacing, wkt, metadata):
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), values.shape[1],
                                                   values.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((x0, spacing, 0.0, y1, 0.0, -spacing))
    dataset.SetProjection(wkt)
    dataset.SetMetadata(metadata)
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(float("nan"))
    band.WriteArray(values)
    dataset = None
    return path


def _prior_layer(scene, x0, y1, spacing, wkt):
    """The scene's priors as a point layer at their cell centres."""
    from qgis.core import QgsCoordinateReferenceSystem

    points = [(x0 + (col + 0.5) * spacing, y1 - (row + 0.5) * spacing, height)
              for row, col, height in zip(scene.prior_rows, scene.prior_cols,
                                          scene.prior_heights)]
    return prior_points_layer(points, QgsCoordinateReferenceSystem.fromWkt(wkt))


@pytest.fixture(scope="module", params=["ascending", "descending"])
def held_out_scene(request):
    from sar_height.training.height.data import (
        GenerationConfig,
        evaluation_params,
        generate_scene,
        region_grid,
    )
    from sar_height.training.regions import REGIONS

    region = next(r for r in REGIONS if r.name == "san_gabriel")
    cfg = GenerationConfig()
    params = replace(evaluation_params(region, cfg, request.param),
                     rows=SCENE_CELLS, cols=SCENE_CELLS)
    scene = generate_scene(region.path, params, cfg)
    grid = region_grid(region.path)
    return scene, grid.wkt


def test_held_out_scene_through_processing(qgis_processing, held_out_scene, tmp_path):
    from sar_height.training.height.data import interpolate_priors

    scene, wkt = held_out_scene
    spacing = scene.spacing_m
    x0 = scene.params.center_x - SCENE_CELLS * spacing / 2.0
    y1 = scene.params.center_y + SCENE_CELLS * spacing / 2.0
    look = "east" if scene.params.looks_east else "west"
    sar = _geotiff(tmp_path / "sar_db.tif", scene.sar_db_reconstructed, x0, y1, spacing, wkt,
                   {"SAR_LOOK_DIRECTION": look})
    out = tmp_path / "heights.tif"
    qgis_processing.run("sarheight:estimate_height", {
        "SAR": str(sar), "INPUT_UNITS": 2, "LOOK_DIRECTION": 0,
        "PRIOR_POINTS": _prior_layer(scene, x0, y1, spacing, wkt), "PRIOR_FIELD": "h",
        "OUTPUT": str(out)})
    heights = gdal.Open(str(out)).ReadAsArray().astype(np.float64)
    interpolated = interpolate_priors(scene, "linear")
    where = np.isfinite(scene.truth) & np.isfinite(heights) & np.isfinite(interpolated)
    assert where.mean() > 0.9

    def rmse(estimate):
        return float(np.sqrt(np.mean((estimate[where] - scene.truth[where]) ** 2)))

    network, baseline = rmse(heights), rmse(interpolated)
    print(f"{scene.params.orbit_pass}: network {network:.1f} m, priors interpolated "
          f"{baseline:.1f} m")
    assert network < 0.8 * baseline
