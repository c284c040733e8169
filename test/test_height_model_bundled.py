"""The shipped height model, resources/models/ask_unet_reconstructed.onnx, as a user meets it.

- its metadata: contract v2 (residual on the prior surface and its uncertainty), ASK-UNet on
  reconstructed backscatter, trained looking east, its uncertainty calibrated, trained on the
  TRAINING regions, which are disjoint from the held-out EVALUATION DEMs;
- its model card names its weights and has no <<TBD>> placeholder left (this fails between a
  development swap and the final model card, on purpose);
- it is the same network as its training checkpoint (training/checkpoints/, not shipped):
  weights hash and onnxruntime vs torch eager on contract-like inputs;
- a held-out mountain scene (San Gabriel, test/data/dem, never used in training or model
  selection; ascending and descending, i.e. without and with mirroring), made as the v2
  evaluation makes it (training.height.residual_data: simulated from the fine DEM,
  reconstructed with a 3x coarser DEM; 4-look speckle), run through
  processing.run("sarheight:estimate_height") with the bundled model, once with scattered prior
  points (0.05 % of the cells, valued from the coarse DEM) and once with the coarse DEM as the
  prior DEM at the default PRIOR_SPACING (every DEM cell).

The checks are properties any properly trained contract-v2 model has, not the accuracy of one
set of weights (that is the model card's evaluation): heights and uncertainty exactly where the
image has data; the uncertainty positive and calibrated loosely (most errors within 2 sigma);
the priors honoured within their stated uncertainty; no worse than the prior surface alone.
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
SCENE_CELLS = 256  # a 256 x 256 cut of the held-out DEM at its native 30 m (7.7 km square)
PRIOR_DENSITY = 0.0005  # the validation's and evaluation's scattered mode
LOOKS = 4.0
# A calibrated 1-sigma has 68 % of the errors within it on the validation region; on one
# held-out scene at least this share must lie within 2 sigma (95 % for a Gaussian).
WITHIN_2_SIGMA = 0.8
# The network corrects the prior surface: it may gain little on a scene, but never lose much.
NO_WORSE_THAN_PRIORS = 1.05


def test_bundled_model_metadata():
    from sar_height.core.inference.model import ResidualHeightModel, open_height_model
    from sar_height.core.inference.residual_contract import CHANNELS, OUTPUTS
    from sar_height.training.regions import EVALUATION, TRAINING, VALIDATION, regions

    assert MODEL.is_file() and CARD.is_file()
    model = open_height_model(MODEL, threads=1)
    assert isinstance(model, ResidualHeightModel)
    meta = model.metadata
    assert meta["contract"] == 2 and meta["channels"] == list(CHANNELS)
    assert meta["outputs"] == list(OUTPUTS)
    assert meta["model_type"] == "ask_unet" and meta["input_kind"] == "reconstructed"
    assert meta["look_direction"] == "east"
    # calibrated (residual_evaluate --calibrate): the training leaves exactly 1.0
    assert np.isfinite(meta["uncertainty_scale"]) and meta["uncertainty_scale"] > 0
    assert meta["uncertainty_scale"] != 1.0
    trained = set(meta["training"]["regions"])
    assert trained <= {r.name for r in regions(TRAINING)}
    held_out = {r.name for r in regions(EVALUATION)} | {r.name for r in regions(VALIDATION)}
    assert len(held_out) >= 4 and not held_out & trained


def test_model_card_describes_the_bundled_file():
    """The card names this file's weights and has no placeholder left for a number."""
    from sar_height.core.inference.model import ResidualHeightModel

    assert CARD.is_file()
    card = CARD.read_text()
    assert "<<TBD>>" not in card, "the model card still has placeholders for the final numbers"
    assert ResidualHeightModel(MODEL, threads=1).metadata["weights_sha256"] in card


def test_bundled_model_is_its_checkpoint():
    torch = pytest.importorskip("torch")
    from sar_height.core.inference.model import ResidualHeightModel
    from sar_height.core.inference.residual_contract import CHANNELS, OUTPUTS
    from sar_height.training.common.checkpoints import read_checkpoint
    from sar_height.training.common.onnx_export import weights_sha256
    from sar_height.training.height.networks import build_network
    from sar_height.training.height.residual_export import contract_like_input

    checkpoint = read_checkpoint(CHECKPOINT)
    assert checkpoint["contract_version"] == 2
    network = build_network(checkpoint["kind"], int(checkpoint["base_width"]),
                            in_channels=len(CHANNELS), out_channels=len(OUTPUTS))
    network.load_state_dict(checkpoint["state_dict"])
    network.eval()
    model = ResidualHeightModel(MODEL, threads=1)
    assert model.metadata["weights_sha256"] == weights_sha256(network.state_dict())
    assert model.metadata["uncertainty_scale"] == checkpoint["metadata"]["uncertainty_scale"]
    batch = contract_like_input((2, len(CHANNELS), 128, 160), torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = network(batch).numpy()
    got = model.run(batch.numpy())
    assert np.all(np.isfinite(expected)) and np.all(np.isfinite(got))
    # float32 roundings of two back ends (test/tolerances.py), not one CPU's difference
    assert np.max(np.abs(got - expected)) < float32_network_atol(expected)


def _geotiff(path, values, x0, y1, spacing, wkt, metadata=None):
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), values.shape[1],
                                                   values.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((x0, spacing, 0.0, y1, 0.0, -spacing))
    dataset.SetProjection(wkt)
    dataset.SetMetadata(metadata or {})
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(float("nan"))
    band.WriteArray(values)
    dataset = None
    return path


@pytest.fixture(scope="module", params=["ascending", "descending"])
def held_out_scene(request):
    """(clean scene, SAR dB as a user's image, scattered prior surface, CRS WKT)."""
    pytest.importorskip("torch")  # training.height imports it
    from sar_height.training.height.data import region_grid
    from sar_height.training.height.radiometry import degrade, fixed_radiometry
    from sar_height.training.height.residual_data import (
        CleanConfig,
        evaluation_clean_params,
        generate_clean_scene,
    )
    from sar_height.training.height.residual_patches import scattered_surface
    from sar_height.training.regions import EVALUATION, regions

    region = next(r for r in regions(EVALUATION) if r.name == "san_gabriel")
    cfg = CleanConfig()
    params = replace(evaluation_clean_params(region, cfg, request.param),
                     rows=SCENE_CELLS, cols=SCENE_CELLS)
    scene = generate_clean_scene(region.path, params, cfg)
    rng = np.random.default_rng(3)
    clean = scene.sigma0("reconstructed")
    east = params.looks_east
    # speckle is drawn with the radar looking towards increasing columns, as in the evaluation
    sar_db = degrade(clean if east else clean[:, ::-1], params.incidence_deg,
                     fixed_radiometry(LOOKS), rng)
    sar_db = sar_db if east else sar_db[:, ::-1]
    surface = scattered_surface(scene, PRIOR_DENSITY, rng, (0, SCENE_CELLS, 0, SCENE_CELLS))
    return scene, sar_db.astype(np.float32), surface, region_grid(region.path).wkt


def _run(processing, scene, sar_db, wkt, folder, priors):
    """Run estimate_height on the scene with ``priors`` (Processing parameters); read it back."""
    spacing = scene.spacing_m
    x0 = scene.params.center_x - SCENE_CELLS * spacing / 2.0
    y1 = scene.params.center_y + SCENE_CELLS * spacing / 2.0
    look = "east" if scene.params.looks_east else "west"
    sar = _geotiff(folder / "sar_db.tif", sar_db, x0, y1, spacing, wkt,
                   {"SAR_LOOK_DIRECTION": look})
    out, sigma_out = folder / "heights.tif", folder / "sigma.tif"
    processing.run("sarheight:estimate_height", {
        "SAR": str(sar), "INPUT_UNITS": 2, "LOOK_DIRECTION": 0, **priors(x0, y1, spacing),
        "OUTPUT": str(out), "OUTPUT_UNCERTAINTY": str(sigma_out)})
    dataset = gdal.Open(str(out))
    heights = dataset.ReadAsArray().astype(np.float64)
    sigma = gdal.Open(str(sigma_out)).ReadAsArray().astype(np.float64)
    return heights, sigma, dataset.GetMetadataItem("VERTICAL_REFERENCE")


def _check_properties(scene, sar_db, heights, sigma, prior_surface_m):
    """Assert what any trained v2 gives; return (RMSE m, prior RMSE m, share within 2 sigma)."""
    np.testing.assert_array_equal(np.isfinite(heights), np.isfinite(sar_db))
    np.testing.assert_array_equal(np.isfinite(sigma), np.isfinite(heights))
    assert np.all(sigma[np.isfinite(sigma)] > 0)
    where = np.isfinite(scene.truth) & np.isfinite(heights)
    assert where.mean() > 0.9
    error = heights[where] - scene.truth[where]
    within = float(np.mean(np.abs(error) <= 2.0 * sigma[where]))
    assert within > WITHIN_2_SIGMA
    network = float(np.sqrt(np.mean(error ** 2)))
    baseline = float(np.sqrt(np.mean((prior_surface_m[where] - scene.truth[where]) ** 2)))
    assert network < NO_WORSE_THAN_PRIORS * baseline
    return network, baseline, within


def test_held_out_scene_with_prior_points(qgis_processing, held_out_scene, tmp_path):
    scene, sar_db, surface, wkt = held_out_scene
    rows, cols = surface.points[:, 0].astype(int), surface.points[:, 1].astype(int)

    def priors(x0, y1, spacing):
        from qgis.core import QgsCoordinateReferenceSystem

        points = [(x0 + (c + 0.5) * spacing, y1 - (r + 0.5) * spacing, float(h))
                  for r, c, h in zip(rows, cols, surface.heights)]
        layer = prior_points_layer(points, QgsCoordinateReferenceSystem.fromWkt(wkt))
        return {"PRIOR_POINTS": layer, "PRIOR_FIELD": "h"}

    heights, sigma, reference = _run(qgis_processing, scene, sar_db, wkt, tmp_path, priors)
    assert reference and "prior points" in reference
    network, baseline, within_2 = _check_properties(
        scene, sar_db, heights, sigma, surface.surface((0, SCENE_CELLS, 0, SCENE_CELLS)))
    # the priors are honoured: at each prior the height stays within 2 sigma of it
    at = np.isfinite(heights[rows, cols])
    off = np.abs(heights[rows, cols] - surface.heights)[at]
    assert np.mean(off <= 2.0 * sigma[rows, cols][at]) > WITHIN_2_SIGMA
    within = np.mean(off <= sigma[rows, cols][at])
    print(f"looking {'east' if scene.params.looks_east else 'west'}, points: network "
          f"{network:.1f} m, prior surface {baseline:.1f} m, {within_2:.2f} of the errors within "
          f"2 sigma, {within:.2f} of the priors within 1 sigma")


def test_held_out_scene_with_the_coarse_dem_at_full_density(qgis_processing, held_out_scene,
                                                            tmp_path):
    from sar_height.training.height.residual_patches import lattice_surface

    scene, sar_db, _, wkt = held_out_scene
    factor = 3  # the coarse DEM's cell is 3 x 3 cells of the scene (CleanConfig.coarse_factor)

    def priors(x0, y1, spacing):
        dem = _geotiff(tmp_path / "coarse_dem.tif", scene.coarse_blocks, x0, y1,
                       factor * spacing, wkt)
        return {"PRIOR_DEM": str(dem), "PRIOR_DEM_VERTICAL_DATUM": 2}  # ellipsoidal heights

    heights, sigma, reference = _run(qgis_processing, scene, sar_db, wkt, tmp_path, priors)
    assert reference and "ellipsoid" in reference
    # the default PRIOR_SPACING (0) puts a lattice node on every DEM cell: the surface the
    # plugin builds is the training's coarse-DEM surface
    expected = lattice_surface(scene, factor).surface((0, SCENE_CELLS, 0, SCENE_CELLS))
    network, baseline, within_2 = _check_properties(scene, sar_db, heights, sigma, expected)
    print(f"looking {'east' if scene.params.looks_east else 'west'}, coarse DEM: network "
          f"{network:.1f} m, prior surface {baseline:.1f} m, {within_2:.2f} of the errors "
          f"within 2 sigma")
