"""Layover backscatter reconstruction (core.reconstruction): energy, units, truth, failures.

Scenes: a real DEM of test/data/dem (Yukon, 20 m) under a Sentinel-1-like straight track
(core.reconstruction.synthetic). The "measured" image is the speckled, textured simulation
of the fine DEM; the reconstruction runs on its 3 x 3 block average (60 m).
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core.dem import DemRaster
from sar_height.core.raster_io import TemporaryRasters
from sar_height.core.reconstruction import (
    FlatFootprint,
    GlobalSimulation,
    MeasuredImage,
    ReconstructionCancelled,
    ReconstructionError,
    ReconstructionOptions,
    covered_measured_energy,
    from_intensity,
    reconstruct_tile,
    reconstruct_to_files,
    to_intensity,
)
from sar_height.core.reconstruction.synthetic import (
    TrackSpec,
    coarsen_dem,
    straight_track_geometry,
)
from sar_height.core.reconstruction.truth import (
    TruthSettings,
    run_truth_case,
    simulate_measurement,
)
from sar_height.core.simulation import (
    LAYOVER,
    LAYOVER_AND_SHADOW,
    SHADOW,
    SimulationOptions,
    iter_block_mappings,
    make_plan,
)
from sar_height.core.simulation.speckle import apply_speckle

ROOT = Path(__file__).resolve().parents[1]

DEM_DIR = ROOT / "test" / "data" / "dem"
YUKON = DEM_DIR / "yukon_south_glacier_20m.tif"
ROME = ROOT / "test" / "data" / "rome_30m_egm96.tif"
OUTPUT_NAMES = ("reconstructed", "geocoded", "mask", "mixing")


def write_radar(path, image, nodata=None):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), image.shape[1], image.shape[0], 1,
                                              gdal.GDT_Float32)
    band = ds.GetRasterBand(1)
    band.WriteArray(image.astype(np.float32))
    if nodata is not None:
        band.SetNoDataValue(nodata)
    ds = None
    return path


def read(path):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(1).ReadAsArray().astype(np.float64)


def targets(folder, prefix, names=OUTPUT_NAMES):
    return {name: str(folder / f"{prefix}_{name}.tif") for name in names}


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """Coarse Yukon DEM, geometry and a speckled, textured 'measured' image file."""
    folder = tmp_path_factory.mktemp("scene")
    fine_path = folder / "fine.tif"
    gdal.Translate(str(fine_path), str(YUKON), srcWin=[0, 0, 150, 150])
    coarse_path = folder / "coarse.tif"
    shape = coarsen_dem(fine_path, coarse_path, 3)
    fine = DemRaster(fine_path, "ellipsoid")
    geometry = straight_track_geometry(fine)
    options = SimulationOptions(texture_strength=0.5, texture_correlation_cells=2, seed=4)
    image, _ = simulate_measurement(fine, geometry, options, 3, shape)
    apply_speckle(image, 4, 4.0, 0, 0)
    measured = write_radar(folder / "measured.tif", image)
    return {"folder": folder, "coarse": coarse_path, "geometry": geometry, "image": image,
            "measured": measured}


def coarse_dem(scene):
    return DemRaster(scene["coarse"], "ellipsoid")


# --- units ------------------------------------------------------------------------------

def test_input_units_convert_to_the_same_intensity():
    intensity = np.array([0.0, 1e-3, 0.5, 2.0, np.nan])
    with np.errstate(divide="ignore"):
        db = 10 * np.log10(intensity)
    expected = np.array([np.nan, 1e-3, 0.5, 2.0, np.nan])
    np.testing.assert_allclose(to_intensity(intensity, "intensity"), expected, rtol=1e-12)
    np.testing.assert_allclose(to_intensity(np.sqrt(intensity), "amplitude"), expected,
                               rtol=1e-12)
    np.testing.assert_allclose(to_intensity(db, "db"), expected, rtol=1e-12)
    assert to_intensity(np.array([0.0]), "db")[0] == 1.0  # 0 dB is a measurement
    assert np.isnan(to_intensity(np.array([7.0]), "intensity", nodata=7.0)[0])
    assert to_intensity(np.array([0.0]), "intensity", zero_is_missing=False)[0] == 0.0
    np.testing.assert_allclose(from_intensity(np.array([1.0, 100.0]), "db"), [0.0, 20.0])
    assert np.isnan(from_intensity(np.array([0.0]), "db")[0])


def test_amplitude_and_db_inputs_give_the_same_result(scene, tmp_path):
    image = scene["image"]
    with np.errstate(divide="ignore"):
        inputs = {"intensity": image, "amplitude": np.sqrt(image),
                  "db": np.where(image > 0, 10 * np.log10(image), -9999.0)}
    results = {}
    for units, values in inputs.items():
        path = write_radar(tmp_path / f"in_{units}.tif", values,
                           nodata=-9999.0 if units == "db" else None)
        out = targets(tmp_path, units, ("reconstructed", "geocoded"))
        reconstruct_to_files(coarse_dem(scene), scene["geometry"],
                             MeasuredImage(path, units=units), out)
        results[units] = [read(out[name]) for name in ("reconstructed", "geocoded")]
    for units in ("amplitude", "db"):
        for got, want in zip(results[units], results["intensity"]):
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
            np.testing.assert_allclose(got, want, rtol=2e-5, equal_nan=True)


def test_db_output_is_ten_log10_of_linear(scene, tmp_path):
    linear, decibel = targets(tmp_path, "lin"), targets(tmp_path, "db")
    reconstruct_to_files(coarse_dem(scene), scene["geometry"], scene["measured"], linear)
    reconstruct_to_files(coarse_dem(scene), scene["geometry"], scene["measured"], decibel,
                         ReconstructionOptions(output_units="db"))
    for name in ("reconstructed", "geocoded"):
        lin, db = read(linear[name]), read(decibel[name])
        good = lin > 0
        np.testing.assert_allclose(db[good], 10 * np.log10(lin[good]), atol=1e-4)
        assert np.all(np.isnan(db[~good]))
    np.testing.assert_array_equal(read(linear["mask"]), read(decibel["mask"]))


# --- energy -----------------------------------------------------------------------------

def walk_tiles(dem, geometry, measured_path, folder, block_rows=16):
    """Pass 1 and pass 2 by hand: (block, TileResult) per tile, in-memory S, covered energy."""
    options = SimulationOptions(block_rows=block_rows)
    plan = make_plan(dem, geometry, options)
    files = TemporaryRasters()
    try:
        simulation = GlobalSimulation(files, str(folder / "near.tif"), geometry)
        simulated = np.zeros((geometry.lines, geometry.samples))
        for block in iter_block_mappings(dem, geometry, options, plan):
            simulation.add(block)
            if block.window is not None:
                w = block.window
                simulated[w.line0:w.line0 + w.lines, w.sample0:w.sample0 + w.samples] += \
                    block.simulate()
        measured = MeasuredImage(measured_path)
        covered = covered_measured_energy(measured, simulation)
        footprint = FlatFootprint(dem, geometry, plan)
        tiles = [(block, reconstruct_tile(block, measured, simulation, footprint,
                                          (geometry.lines, geometry.samples)))
                 for block in iter_block_mappings(dem, geometry, options, plan)]
    finally:
        files.discard()
    return tiles, simulated, covered


def window_of(array, window):
    return array[window.line0:window.line0 + window.lines,
                 window.sample0:window.sample0 + window.samples]


def test_energy_is_conserved_per_tile_and_globally(scene, tmp_path):
    tiles, simulated, (covered_energy, _) = walk_tiles(
        coarse_dem(scene), scene["geometry"], scene["measured"], tmp_path)
    intensity = to_intensity(scene["image"].astype(np.float32), "intensity")
    covered = np.isfinite(intensity) & (simulated > 0)
    shared = 0
    for block, result in tiles:
        if block.window is None:
            assert result.energy.sum() == 0
            continue
        own, total = block.simulate(), window_of(simulated, block.window)
        good = window_of(covered, block.window)
        expected = np.sum(window_of(intensity, block.window)[good] * own[good] / total[good])
        np.testing.assert_allclose(result.energy.sum(), expected, rtol=1e-6)
        shared += int(np.sum(good & (own < 0.999 * total)))  # pixels other tiles reach too
    assert len(tiles) >= 3 and shared > 0  # the windows of the tiles do overlap
    total_energy = sum(result.energy.sum() for _, result in tiles)
    measured_energy = intensity[covered].sum()
    np.testing.assert_allclose(total_energy, measured_energy, rtol=1e-6)
    np.testing.assert_allclose(covered_energy, measured_energy, rtol=1e-9)


def test_geocoding_inflates_the_energy_in_layover(scene, tmp_path):
    tiles, _, _ = walk_tiles(coarse_dem(scene), scene["geometry"], scene["measured"], tmp_path)
    reconstructed = geocoded = 0.0
    for block, r in tiles:
        layover = (block.mask == LAYOVER) & np.isfinite(r.reconstructed) & np.isfinite(r.geocoded)
        reconstructed += r.energy[layover].sum()
        geocoded += (r.geocoded * r.n_flat * r.measured_share)[layover].sum()
    assert reconstructed > 0
    assert geocoded > 2.0 * reconstructed, (geocoded, reconstructed)


def test_summary_reports_the_energy_balance(scene, tmp_path):
    summary = reconstruct_to_files(coarse_dem(scene), scene["geometry"], scene["measured"],
                                   targets(tmp_path, "sum", ("reconstructed",)))
    np.testing.assert_allclose(summary.reconstructed_energy, summary.measured_energy, rtol=1e-6)
    assert summary.layover_inflation > 2.0
    assert 0 < summary.layover_share < 0.5
    assert summary.cells_in_image == summary.cells_total == 50 * 50
    text = "\n".join(summary.describe())
    assert "Layover" in text and "ratio 1.000000" in text


def test_results_do_not_depend_on_the_block_size(scene, tmp_path):
    small, large = targets(tmp_path, "b16"), targets(tmp_path, "b256")
    for out, rows in ((small, 16), (large, 256)):
        reconstruct_to_files(coarse_dem(scene), scene["geometry"], scene["measured"], out,
                             ReconstructionOptions(block_rows=rows))
    for name in OUTPUT_NAMES:
        np.testing.assert_allclose(read(small[name]), read(large[name]), rtol=1e-5,
                                   equal_nan=True)


# --- flat ground, shadow ----------------------------------------------------------------

def write_flat_dem(path, like=YUKON, size=40, cell=60.0, height=2000.0):
    source = gdal.Open(str(like))
    x0, _, _, y0, _, _ = source.GetGeoTransform()
    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((x0, cell, 0.0, y0, 0.0, -cell))
    ds.SetProjection(source.GetProjection())
    ds.GetRasterBand(1).WriteArray(np.full((size, size), height, np.float32))
    ds = None
    return DemRaster(path, "ellipsoid")


def test_flat_ground_reconstruction_equals_geocoding(tmp_path):
    dem = write_flat_dem(tmp_path / "flat.tif")
    geometry = straight_track_geometry(dem)
    image, _ = simulate_measurement(dem, geometry, SimulationOptions(), 1, (40, 40))
    measured = write_radar(tmp_path / "flat_measured.tif", image)
    out = targets(tmp_path, "flat")
    summary = reconstruct_to_files(dem, geometry, measured, out)
    assert summary.layover_share == summary.shadow_share == 0.0
    reconstructed, geocoded = read(out["reconstructed"]), read(out["geocoded"])
    inner = (slice(2, -2), slice(2, -2))  # the DEM's edge cells share pixels with nothing
    ratio = reconstructed[inner] / geocoded[inner]
    assert np.all(np.abs(ratio - 1.0) < 0.03), (ratio.min(), ratio.max())
    assert np.all(read(out["mask"]) == 0)
    assert np.nanmax(read(out["mixing"])) <= 4  # 60 m cells over ~4 m pixels: little sharing


def test_shadow_cells_are_nodata_in_the_reconstruction(scene, tmp_path):
    dem = coarse_dem(scene)
    geometry = straight_track_geometry(dem, TrackSpec(incidence_deg=60.0))
    image, _ = simulate_measurement(dem, geometry, SimulationOptions(), 1, (50, 50))
    measured = write_radar(tmp_path / "steep.tif", image)
    out = targets(tmp_path, "steep")
    summary = reconstruct_to_files(dem, geometry, measured, out)
    assert summary.shadow_share > 0.05
    mask, reconstructed = read(out["mask"]), read(out["reconstructed"])
    shadow = (mask == SHADOW) | (mask == LAYOVER_AND_SHADOW)
    assert shadow.any() and np.all(np.isnan(reconstructed[shadow]))
    lit = (mask == 0) | (mask == LAYOVER)
    assert np.mean(np.isfinite(reconstructed[lit])) > 0.97
    # The others face away from the radar (self-shadow: no simulated energy), also nodata.
    tiles, _, _ = walk_tiles(dem, geometry, measured, tmp_path, block_rows=256)
    for block, result in tiles:
        lit = ((block.mask == 0) | (block.mask == LAYOVER)) & (block.weight_m2 > 0)
        assert np.all(np.isfinite(result.reconstructed[lit]))
        assert np.all(np.isnan(result.reconstructed[block.weight_m2 == 0]))


# --- truth ------------------------------------------------------------------------------

def test_perfect_knowledge_recovers_the_truth_exactly(tmp_path):
    """Same DEM for image and reconstruction, no texture, no speckle: E_k = w_k exactly."""
    fine = tmp_path / "yukon_cut.tif"
    gdal.Translate(str(fine), str(YUKON), srcWin=[60, 60, 90, 90])
    result = run_truth_case(fine, str(tmp_path),
                            TruthSettings(factor=1, speckle_looks=0, texture_strength=0))
    assert result.layover_cells > 20
    assert result.rmse_layover_reconstructed_db < 0.01
    assert result.rmse_clear_reconstructed_db < 0.01
    assert result.rmse_layover_geocoded_db > 3.0


def test_reconstruction_beats_geocoding_in_layover_on_a_real_dem(tmp_path):
    """Yukon 20 m with texture and 4-look speckle; reconstruction on the 60 m DEM."""
    result = run_truth_case(YUKON, str(tmp_path))
    assert result.layover_cells > 300
    assert result.rmse_layover_reconstructed_db < 2.0
    assert result.rmse_layover_reconstructed_db < 0.3 * result.rmse_layover_geocoded_db
    assert result.rmse_clear_reconstructed_db < result.rmse_clear_geocoded_db
    np.testing.assert_allclose(result.energy_ratio, 1.0, rtol=1e-6)


# --- failures leave nothing behind ------------------------------------------------------

def leftovers(folder, prefix):
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(prefix) or p.name.startswith("." + prefix))


def test_size_mismatch_is_refused_before_any_file(scene, tmp_path):
    wrong = write_radar(tmp_path / "wrong.tif", np.ones((100, 120)))
    geometry = scene["geometry"]
    with pytest.raises(ReconstructionError) as info:
        reconstruct_to_files(coarse_dem(scene), geometry, wrong, targets(tmp_path, "bad"))
    message = str(info.value)
    assert "100 lines x 120 samples" in message
    assert f"{geometry.lines} lines x {geometry.samples} samples" in message
    assert leftovers(tmp_path, "bad") == []


def test_all_nodata_measurement_is_refused_without_files(scene, tmp_path):
    geometry = scene["geometry"]
    empty = write_radar(tmp_path / "empty.tif", np.zeros((geometry.lines, geometry.samples)))
    with pytest.raises(ReconstructionError, match="no valid pixel"):
        reconstruct_to_files(coarse_dem(scene), geometry, empty, targets(tmp_path, "bad"))
    assert leftovers(tmp_path, "bad") == []


def test_dem_outside_the_footprint_is_refused_without_files(scene, tmp_path):
    with pytest.raises(ReconstructionError, match="footprint"):
        reconstruct_to_files(DemRaster(ROME), scene["geometry"], scene["measured"],
                             targets(tmp_path, "bad"))
    assert leftovers(tmp_path, "bad") == []


def test_cancellation_leaves_no_files(scene, tmp_path):
    def progress(fraction):
        return fraction < 0.6  # stop during pass 2, when the outputs exist as temporaries

    with pytest.raises(ReconstructionCancelled):
        reconstruct_to_files(coarse_dem(scene), scene["geometry"], scene["measured"],
                             targets(tmp_path, "bad"), ReconstructionOptions(block_rows=16),
                             progress=progress)
    assert leftovers(tmp_path, "bad") == []
