"""Plausibility of the data (issue 11, section 4): DEM heights, SAR units, priors, the product.

Core level (no QGIS); test_data_plausibility_qgis.py runs the same cases through the
algorithms. Every input is made here from the bundled Ötztal SRTM DEM (a 120 x 120 cut, as in
test_simulate_sar_qgis.py) or from random numbers with a fixed seed.
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from sar_height.core import plausibility
from sar_height.core.dem import DemError, DemRaster
from sar_height.core.plausibility import (
    HEIGHT_MAX_M,
    HEIGHT_MIN_M,
    backscatter_units_verdict,
    estimated_height_bounds,
    implausible_heights,
    plausible_heights,
)

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = ROOT / "resources" / "sample_data"
OETZTAL = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
SPIKE_SHARE = 0.01  # the "1 % spikes"


# -- helpers --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def oetztal_cut(tmp_path_factory):
    """(path, heights float32): a 120 x 120 float32 cut of the Ötztal DEM (1800-3700 m)."""
    path = tmp_path_factory.mktemp("cut") / "cut.tif"
    gdal.Translate(str(path), str(OETZTAL), srcWin=[200, 150, 120, 120],
                   outputType=gdal.GDT_Float32)
    return path, gdal.Open(str(path)).ReadAsArray()


def dem_like(folder, name, cut, heights, nodata=None, data_type=gdal.GDT_Float32):
    """A DEM on the cut's grid holding ``heights``."""
    path = Path(folder) / f"{name}.tif"
    gdal.Translate(str(path), str(cut), outputType=data_type)
    dataset = gdal.Open(str(path), gdal.GA_Update)
    band = dataset.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(heights)
    dataset = None
    return path


def with_spikes(heights, value, seed=1):
    """``heights`` with SPIKE_SHARE of the cells set to ``value``; (array, spike mask)."""
    spikes = np.random.default_rng(seed).random(heights.shape) < SPIKE_SHARE
    out = heights.copy()
    out[spikes] = value
    return out, spikes


def write_raster(path, array, spacing=None, epsg=32632, origin=(650000.0, 5200000.0)):
    """float32 GeoTIFF; georeferenced (north-up, ``spacing`` m) when ``spacing`` is given."""
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0],
                                                   1, gdal.GDT_Float32)
    if spacing:
        dataset.SetGeoTransform((origin[0], spacing, 0.0, origin[1], 0.0, -spacing))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(array)
    dataset = None
    return Path(path)


def linear_sigma0(shape, seed=0):
    """Linear intensity like calibrated sigma0: -12 dB mean, 4-look speckle (gamma)."""
    rng = np.random.default_rng(seed)
    return (0.063 * rng.gamma(4.0, 0.25, shape)).astype(np.float32)


# -- the limits -----------------------------------------------------------------------------
def test_height_limits_come_from_the_earth():
    assert HEIGHT_MIN_M == -430.0 - 110.0  # Dead Sea shore minus the largest geoid offset
    assert HEIGHT_MAX_M == 8849.0 + 110.0  # Everest plus the largest geoid offset
    values = np.array([HEIGHT_MIN_M, HEIGHT_MIN_M - 1, HEIGHT_MAX_M, HEIGHT_MAX_M + 1,
                       np.nan, np.inf, -np.inf, 0.0])
    assert plausible_heights(values).tolist() == [True, False, True, False, False, False,
                                                  False, True]


# -- DEM: spikes are voids, counted ---------------------------------------------------------
@pytest.mark.parametrize("value", [1e9, np.inf, -np.inf, -32768.0])
def test_dem_spikes_become_counted_voids(oetztal_cut, tmp_path, value):
    cut, heights = oetztal_cut
    spiky, spikes = with_spikes(heights, value)
    dem = DemRaster(dem_like(tmp_path, "spiky", cut, spiky))
    count = int(spikes.sum())
    assert f"has {count} cells" in dem.info.warning
    assert "treated as voids" in dem.info.warning
    raw = dem.read_raw(0, 0, dem.width, dem.height)
    assert np.all(np.isnan(raw[spikes]))
    np.testing.assert_array_equal(raw[~spikes], heights[~spikes])  # the rest untouched
    if np.isfinite(value):  # a finite marker is named, with the command that declares it
        assert f"-a_nodata {value:.0f}" in dem.info.warning


def test_clean_dem_has_no_warning(oetztal_cut):
    assert DemRaster(oetztal_cut[0]).info.warning == ""


@pytest.mark.parametrize("value", [1e9, np.inf])
def test_dem_spikes_simulate_and_reconstruct(oetztal_cut, tmp_path, value):
    """DEM spikes (1 % of 1e9 / +inf) are voids in simulate and reconstruct, not tracebacks.

    1 % spikes of 1e9 / +inf ended in tracebacks ('minlength' must not be negative, cannot convert
    float infinity to integer); now they are voids and the layover share stays that of the clean
    DEM (a void cell leaves the share of the others alone: the share differs only by the spikes'
    own cells, 1 % at most).
    """
    from sar_height.core.products.reader import open_geometry
    from sar_height.core.simulation.simulate import simulate_to_files

    cut, heights = oetztal_cut
    geometry = open_geometry(str(GRD))
    clean = simulate_to_files(DemRaster(cut), geometry, {"mask": str(tmp_path / "clean.tif")})
    spiky, _ = with_spikes(heights, value)
    summary = simulate_to_files(DemRaster(dem_like(tmp_path, "spiky", cut, spiky)), geometry,
                                {"simulated": str(tmp_path / "sim.tif"),
                                 "mask": str(tmp_path / "mask.tif")})
    assert abs(summary.layover_share - clean.layover_share) < 2 * SPIKE_SHARE
    assert summary.total_energy_m2 > 0 and np.isfinite(summary.total_energy_m2)


def test_all_1e9_dem_is_refused_naming_nodata(oetztal_cut, tmp_path):
    """It said "outside the footprint" before."""
    cut, heights = oetztal_cut
    path = dem_like(tmp_path, "all_1e9", cut, np.full_like(heights, 1e9))
    with pytest.raises(DemError) as caught:
        DemRaster(path)
    message = str(caught.value)
    assert "impossible heights in 14400 of its 14400 cells" in message
    assert f"gdal_edit.py -a_nodata 1000000000 {path}" in message
    assert "footprint" not in message


def test_undeclared_float32_max_nodata_is_named_exactly(oetztal_cut, tmp_path):
    """The suggested value, declared as nodata, does make the cells nodata.

    Compared in the band's float32 type.
    """
    cut, heights = oetztal_cut
    float32_max = float(np.finfo(np.float32).max)
    values = heights.copy()
    values[:80] = float32_max  # 2/3 of the DEM: refused as a whole
    path = dem_like(tmp_path, "float32_max", cut, values)
    with pytest.raises(DemError, match="-a_nodata") as caught:
        DemRaster(path)
    suggested = str(caught.value).split("-a_nodata ")[1].split(" ")[0]
    dataset = gdal.Open(str(path), gdal.GA_Update)
    dataset.GetRasterBand(1).SetNoDataValue(float(suggested))
    dataset = None
    dem = DemRaster(path)
    assert dem.info.warning == ""
    assert np.isnan(dem.read_raw(0, 0, 120, 80)).all()


def test_undeclared_void_majority_is_refused(oetztal_cut, tmp_path):
    cut, heights = oetztal_cut
    values = heights.astype(np.int16)
    values[:70] = -32768
    path = dem_like(tmp_path, "int16_voids", cut, values, data_type=gdal.GDT_Int16)
    with pytest.raises(DemError, match="-a_nodata -32768"):
        DemRaster(path)
    dataset = gdal.Open(str(path), gdal.GA_Update)
    dataset.GetRasterBand(1).SetNoDataValue(-32768)
    dataset = None
    assert DemRaster(path).info.warning == ""  # declared: plain nodata


def test_dem_in_feet_is_refused(oetztal_cut, tmp_path):
    """A DEM in feet gave 57 % layover instead of 3.7 %."""
    cut, heights = oetztal_cut
    path = dem_like(tmp_path, "feet", cut, heights / 0.3048)
    with pytest.raises(DemError) as caught:
        DemRaster(path)
    message = str(caught.value)
    assert "feet" in message and "A*0.3048" in message
    highest = float((heights / 0.3048).max())
    assert f"{highest:,.0f}" in message and f"{highest * 0.3048:,.0f} m" in message


def test_metric_dem_with_a_few_spikes_below_feet_range_is_not_feet(oetztal_cut, tmp_path):
    """A few cells between 9,000 and 29,000 in a metric DEM are voids, not a unit error.

    Such cells are artefacts: fewer than FEET_MIN_SHARE of the cells.
    """
    cut, heights = oetztal_cut
    values = heights.copy()
    values[0, :5] = 12000.0  # 5 of 14400 cells < 0.1 %
    dem = DemRaster(dem_like(tmp_path, "few_high", cut, values))
    assert "has 5 cells" in dem.info.warning


def test_survey_is_read_in_bounded_strips(oetztal_cut, tmp_path, monkeypatch):
    """The whole-DEM decision reads strips of at most SURVEY_CELLS, never the DEM at once.

    Strips are rounded to the GDAL block height, and the counts are the same in any strip size.
    """
    import sar_height.core.dem as dem_module

    cut, heights = oetztal_cut
    spiky, spikes = with_spikes(heights, 1e9)
    path = dem_like(tmp_path, "spiky", cut, spiky)
    whole = DemRaster(path).survey
    reads = []
    original = DemRaster._read_stored

    def recording(self, xoff, yoff, xsize, ysize):
        reads.append(xsize * ysize)
        return original(self, xoff, yoff, xsize, ysize)

    monkeypatch.setattr(dem_module, "SURVEY_CELLS", 1000)
    monkeypatch.setattr(DemRaster, "_read_stored", recording)
    strips = DemRaster(path).survey
    block_rows = gdal.Open(str(path)).GetRasterBand(1).GetBlockSize()[1]
    assert len(reads) > 1 and max(reads) <= max(1000, 120 * block_rows)
    assert (strips.implausible, strips.cells) == (whole.implausible, whole.cells)
    assert strips.implausible == int(spikes.sum())


def test_compare_dems_voids_undeclared_markers_of_the_estimate(oetztal_cut, tmp_path):
    """Undeclared -32768 markers in an estimate on another grid are voids.

    With 1 % undeclared -32768, bilinear warping blended the marker into its neighbours (errors of
    hundreds of metres); now they are voids.
    """
    from sar_height.core.evaluation.compare import compare_dems

    cut, heights = oetztal_cut
    reference = dem_like(tmp_path, "reference", cut, heights)
    shifted = tmp_path / "shifted.tif"  # same heights, grid shifted by a third of a cell
    gt = gdal.Open(str(cut)).GetGeoTransform()
    gdal.Warp(str(shifted), str(cut), outputBounds=(gt[0] + gt[1] / 3, gt[3] + 119 * gt[5],
                                                    gt[0] + 119 * gt[1], gt[3]),
              xRes=gt[1], yRes=-gt[5], resampleAlg="bilinear")
    values = gdal.Open(str(shifted)).ReadAsArray()
    spiky, _ = with_spikes(values, -32768.0)
    estimate = write_like(tmp_path / "estimate.tif", shifted, spiky)
    result = compare_dems(str(estimate), str(reference))
    errors = result.overall
    # the Ötztal slopes (up to ~40°) over a third of a 3" cell: well below 100 m
    assert max(abs(errors["min"]), abs(errors["max"])) < 100.0, errors
    assert any("has" in note and "treated as voids" in note for note in result.notes)


def write_like(path, like, array):
    gdal.Translate(str(path), str(like))
    dataset = gdal.Open(str(path), gdal.GA_Update)
    dataset.GetRasterBand(1).WriteArray(array)
    dataset = None
    return path


def test_prior_dem_markers_give_no_garbage_priors(oetztal_cut, tmp_path):
    """Undeclared -32768 in a prior DEM give no plausible-looking wrong priors.

    Bilinear resampling onto the SAR grid blended them into wrong priors; now every prior is a DEM
    height, and the voids are counted in a warning.
    """
    from sar_height.core.inference.height_raster import SarGrid, dem_prior_points

    cut, heights = oetztal_cut
    spiky, spikes = with_spikes(heights, -32768.0)
    prior_dem = dem_like(tmp_path, "prior", cut, spiky)
    sar = tmp_path / "sar.tif"  # a 25 m UTM grid inside the DEM
    gdal.Warp(str(sar), str(cut), dstSRS="EPSG:32632", xRes=25.0, yRes=25.0,
              outputType=gdal.GDT_Float32)
    grid = SarGrid(gdal.Open(str(sar)))
    warnings = []
    points, _ = dem_prior_points(str(prior_dem), "ellipsoid", grid, 100.0, warn=warnings.append)
    assert len(points) > 100
    # nearest resampling: every prior is one of the DEM's own heights
    assert np.isin(points.heights.astype(np.float32), heights[~spikes]).all()
    assert len(warnings) == 1 and f"has {int(spikes.sum())} cells" in warnings[0]


# -- SAR units -------------------------------------------------------------------------------
def test_units_verdicts_on_typical_values():
    shape = (200, 200)
    sigma0 = linear_sigma0(shape).ravel()
    db = 10.0 * np.log10(sigma0)
    amplitude_dn = np.sqrt(sigma0) * 800.0  # Sentinel-1 GRD digital numbers: hundreds
    rcs = sigma0 * 200.0  # radar cross-section per 10 x 20 m pixel (simulate_sar)
    for values, units in ((db, "db"), (sigma0, "intensity"), (amplitude_dn, "amplitude"),
                          (rcs, "intensity")):
        verdict = backscatter_units_verdict(values, None, units, "x")
        assert verdict.problem == "" and verdict.warnings == [], (units, verdict)
    for values, units, expected in ((sigma0, "db", "Intensity"),
                                    (amplitude_dn, "db", "Amplitude"),
                                    (db, "intensity", "Decibels"),
                                    (db, "amplitude", "Decibels")):
        problem = backscatter_units_verdict(values, None, units, "x").problem
        assert "INPUT_UNITS" in problem and expected in problem, (units, problem)
    # all positive, median 11, nothing above +60: could be dB of a bright, dark-free scene;
    # warned, not refused (the speckled simulate_sar image has a tail beyond +60: refused
    # in test_reconstruct_refuses_linear_image_declared_db)
    verdict = backscatter_units_verdict(rcs, None, "db", "x")
    assert verdict.problem == "" and "no value below 0 dB" in verdict.warnings[0]


def test_units_verdict_counts_infinite_values_and_skips_nodata():
    values = 10.0 * np.log10(linear_sigma0((100, 100))).ravel()
    values[:37] = np.inf
    values[37:50] = -9999.0  # the declared nodata: not a dB value, not counted
    verdict = backscatter_units_verdict(values, -9999.0, "db", "x")
    assert verdict.problem == ""
    assert len(verdict.warnings) == 1 and "37 infinite values" in verdict.warnings[0]


def test_db_values_beyond_any_backscatter_are_missing():
    from sar_height.core.radiometry import to_intensity

    intensity = to_intensity(np.array([-20.0, 30.0, 59.0, 61.0, 3000.0]), "db")
    assert np.isfinite(intensity[:3]).all() and np.isnan(intensity[3:]).all()


@pytest.fixture(scope="module")
def measured(oetztal_cut, tmp_path_factory):
    """simulate_sar's radar-geometry image of the cut (linear radar cross-section per pixel).

    Speckled: what test_reconstruct_layover_qgis.py uses as the measurement.
    """
    from sar_height.core.products.reader import open_geometry
    from sar_height.core.simulation.options import SimulationOptions
    from sar_height.core.simulation.simulate import simulate_to_files

    path = tmp_path_factory.mktemp("measured") / "simulated.tif"
    geometry = open_geometry(str(GRD))
    simulate_to_files(DemRaster(oetztal_cut[0]), geometry, {"simulated": str(path)},
                      SimulationOptions(speckle_looks=4, seed=3, texture_strength=0.5))
    return path, geometry


def test_reconstruct_refuses_linear_image_declared_db(oetztal_cut, measured, tmp_path):
    """It ran silently before, with an energy of 5.7e306 and inf cells."""
    from sar_height.core.reconstruction import (
        MeasuredImage,
        ReconstructionError,
        reconstruct_to_files,
    )

    path, geometry = measured
    target = tmp_path / "reconstructed.tif"
    with pytest.raises(ReconstructionError, match="INPUT_UNITS to Intensity"):
        reconstruct_to_files(DemRaster(oetztal_cut[0]), geometry,
                             MeasuredImage(str(path), 1, "db", geometry),
                             {"reconstructed": str(target)})
    assert list(tmp_path.iterdir()) == []
    warnings = []  # declared right: runs, without a warning
    reconstruct_to_files(DemRaster(oetztal_cut[0]), geometry,
                         MeasuredImage(str(path), 1, "intensity", geometry),
                         {"reconstructed": str(target)}, warn=warnings.append)
    assert target.exists() and warnings == []


def test_sar_readers_check_units(tmp_path):
    """estimate_height's SarReader and stereo's RadarImage apply the same verdict."""
    from sar_height.core.inference import InferenceError
    from sar_height.core.inference.height_raster import SarReader
    from sar_height.core.stereo import StereoInputError
    from sar_height.core.stereo.dem_files import RadarImage

    sigma0 = linear_sigma0((150, 170))
    sigma0[0, :11] = np.inf
    linear = write_raster(tmp_path / "linear.tif", sigma0, spacing=30.0)
    decibels = write_raster(tmp_path / "db.tif", 10.0 * np.log10(linear_sigma0((150, 170))),
                            spacing=30.0)
    assert SarReader(str(linear), 1, "intensity").check_units() == [
        f"The SAR image {linear} has 11 infinite values: they are treated as no data."]
    with pytest.raises(InferenceError, match="INPUT_UNITS to Intensity"):
        SarReader(str(linear), 1, "db").check_units()
    with pytest.raises(InferenceError, match="INPUT_UNITS to Decibels"):
        SarReader(str(decibels), 1, "intensity").check_units()
    assert RadarImage(str(decibels), 1, "db").check_units() == []
    with pytest.raises(StereoInputError, match="INPUT_UNITS to Decibels"):
        RadarImage(str(decibels), 1, "amplitude").check_units()


def test_units_sample_is_bounded(tmp_path):
    """A large image is judged from evenly spaced rows holding about SAMPLE_PIXELS values."""
    from sar_height.core.plausibility import read_sample

    image = write_raster(tmp_path / "tall.tif", linear_sigma0((2000, 300)))
    dataset = gdal.Open(str(image))  # kept: a band outlives its dataset only in crashes
    band = dataset.GetRasterBand(1)
    values, complete = read_sample(band, 0, 0, 300, 2000, max_pixels=30000)
    assert not complete and values.size == 100 * 300
    values, complete = read_sample(band, 0, 0, 300, 2000)
    assert complete and values.size == 2000 * 300


# -- priors ---------------------------------------------------------------------------------
def test_prior_heights_are_screened_and_counted():
    from sar_height.core.inference import screen_prior_heights

    raw = [1200.0, None, "abc", "1500", 1e12, float("nan"), float("inf"), -600.0, 8000]
    heights, counts = screen_prior_heights(raw)
    assert np.isfinite(heights).tolist() == [True, False, False, True, False, False, False,
                                             False, True]
    assert heights[3] == 1500.0
    assert (counts.given, counts.missing, counts.non_numeric, counts.impossible) == (9, 2, 1, 3)
    assert counts.example in (1e12, float("inf")) and counts.dropped == 6


# -- the product ----------------------------------------------------------------------------
def test_estimated_height_bounds():
    """Bounds: three height scales plus the priors' span around the priors.

    Within the Earth's range widened by one height scale.
    """
    low, high = estimated_height_bounds([1000.0, 1500.0, np.nan], 1000.0)
    assert (low, high) == (HEIGHT_MIN_M - 1000.0, 1500.0 + 3500.0)
    assert estimated_height_bounds([8000.0], 1000.0) == (5000.0, HEIGHT_MAX_M + 1000.0)
    assert estimated_height_bounds([100.0], 250.0) == (-650.0, 850.0)
    assert implausible_heights(np.array([[0.0, 4999.0, np.nan]]), (low, high))[0] == 0
    count, lowest, highest = implausible_heights(np.array([[-1.8e11, 8.2e10, 10.0]]),
                                                 (low, high))
    assert (count, lowest, highest) == (2, -1.8e11, 8.2e10)


def exploding_v1_model(path):
    """Write a contract-v1 test model whose heights run away (1e6 x the SAR channel).

    Like the first bundled model on a 280 m grid (trained on 10-30 m), which gave heights from
    -1.8e11 to 8.2e10 m and reported success.
    """
    import torch
    from test_inference import write_model

    class Exploding(torch.nn.Module):
        def forward(self, x):
            return x[:, 0:1] * 1e6

    return write_model(path, Exploding())


def test_out_of_distribution_run_is_stopped_before_anything_is_written(tmp_path):
    """A run whose heights leave what the priors can justify stops; nothing is written.

    Contract v1, on a 280 m grid: the message names the pixel spacing (outside the model's
    training range) first among the likely causes, and leaves no file.
    """
    pytest.importorskip("onnxruntime")
    pytest.importorskip("torch")
    from sar_height.core.inference import HeightModel, InferenceError
    from sar_height.core.inference.height_raster import SarGrid, SarReader, estimate_heights_to_file

    rows, cols, spacing = 96, 96, 280.0
    r, c = np.mgrid[0:rows, 0:cols].astype(np.float64)
    heights = 1500.0 + 800.0 * np.sin(r / 9.0) * np.cos(c / 13.0)
    sar = write_raster(tmp_path / "sar.tif", linear_sigma0((rows, cols), seed=4), spacing)
    model = HeightModel(str(exploding_v1_model(tmp_path / "exploding.onnx")))
    reader = SarReader(str(sar), 1, "intensity")
    priors = np.full((rows, cols), np.nan)
    priors[4::8, 4::8] = heights[4::8, 4::8]  # 1.6 %: within the density the model saw
    target = tmp_path / "heights.tif"
    with pytest.raises(InferenceError) as caught:
        estimate_heights_to_file(model, SarGrid(reader.dataset), reader, priors, str(target))
    message = str(caught.value)
    assert "No output was written" in message
    assert message.index("pixel spacing, 280.0 x 280.0 m") < message.index("prior density")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exploding.onnx", "sar.tif"]


def test_contract_2_run_with_runaway_heights_writes_neither_output(tmp_path):
    """A contract-v2 model whose residual runs away: stopped, no heights and no uncertainty."""
    pytest.importorskip("onnxruntime")
    torch = pytest.importorskip("torch")
    from sar_height.core.inference import InferenceError
    from sar_height.core.inference.contract import PriorPoints
    from sar_height.core.inference.height_raster import SarReader
    from sar_height.core.inference.model import ResidualHeightModel
    from sar_height.core.inference.residual_contract import CHANNELS, MODEL_FORMAT
    from sar_height.core.inference.residual_raster import (
        estimate_with_uncertainty_to_file,
        points_surface,
    )
    from sar_height.training.height.residual_export import export_module

    class Runaway(torch.nn.Module):
        def forward(self, x):
            return torch.cat([x[:, :1] * 0.0 + 1e5, x[:, :1] * 0.0], dim=1)

    meta = {"format": MODEL_FORMAT, "contract": 2, "channels": list(CHANNELS),
            "model_type": "test", "input_kind": "reconstructed", "stride": 16, "tile_size": 64,
            "overlap": 16, "pixel_spacing_range_m": [10.0, 30.0], "uncertainty_scale": 1.0}
    model_path = tmp_path / "runaway.onnx"
    export_module(Runaway(), meta, model_path, verify_shapes=((1, 3, 32, 48),))
    rows, cols = 80, 96
    sar = write_raster(tmp_path / "sar.tif", linear_sigma0((rows, cols), seed=4), 20.0)
    reader = SarReader(str(sar), 1, "intensity")
    r, c = np.mgrid[4:rows:8, 4:cols:8]
    points = PriorPoints(r.ravel(), c.ravel(), 1500.0 + 10.0 * r.ravel(), (rows, cols))
    with pytest.raises(InferenceError, match="No output was written"):
        estimate_with_uncertainty_to_file(
            ResidualHeightModel(str(model_path)), reader, points_surface(points),
            points.heights, str(tmp_path / "h.tif"), str(tmp_path / "sigma.tif"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runaway.onnx", "sar.tif"]


def test_plausibility_module_is_the_one_home():
    """The limits are defined once: the DEM reader and the prior screen use these."""
    import sar_height.core.dem
    import sar_height.core.inference.priors

    assert sar_height.core.dem.plausible_heights is plausibility.plausible_heights
    assert sar_height.core.inference.priors.plausible_heights is plausibility.plausible_heights
