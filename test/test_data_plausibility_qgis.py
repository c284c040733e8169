"""Plausibility of the data (issue 11, section 4) through the algorithms, as a user runs them.

The cases of test_data_plausibility.py, end to end: every algorithm that reads a DEM relays
the counted warning about impossible heights and refuses an impossible DEM; every algorithm
that declares SAR units refuses values that cannot be in them; estimate_height drops
impossible priors with a counted warning and refuses a product it cannot justify. Inputs are
made here from the bundled Ötztal DEM and random numbers with a fixed seed.
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback
from test_data_plausibility import linear_sigma0, write_raster

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
OETZTAL = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
SPIKE_SHARE = 0.01
EPSG = 32632
ORIGIN = (650000.0, 5200000.0)


def dem_like(folder, name, cut, heights):
    path = Path(folder) / f"{name}.tif"
    gdal.Translate(str(path), str(cut))
    dataset = gdal.Open(str(path), gdal.GA_Update)
    dataset.GetRasterBand(1).WriteArray(heights)
    dataset = None
    return path


def warnings_of(feedback):
    return [text for text, fatal in feedback.errors if not fatal]


def files_in(folder):
    return sorted(p.name for p in Path(folder).iterdir())


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """DEMs on a 120 x 120 cut of the Ötztal DEM and simulate_sar's image of the clean one.

    The DEMs: clean, with 1 % +inf spikes, all 1e9, in feet; the image is simulate_sar's speckled
    image of the clean one (the linear measurement).
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.reader import open_geometry
    from sar_height.core.simulation.options import SimulationOptions
    from sar_height.core.simulation.simulate import simulate_to_files

    folder = tmp_path_factory.mktemp("plausibility")
    cut = folder / "cut.tif"
    gdal.Translate(str(cut), str(OETZTAL), srcWin=[200, 150, 120, 120],
                   outputType=gdal.GDT_Float32)
    heights = gdal.Open(str(cut)).ReadAsArray()
    spikes = np.random.default_rng(1).random(heights.shape) < SPIKE_SHARE
    measured = folder / "measured.tif"
    simulate_to_files(DemRaster(str(cut)), open_geometry(str(GRD)), {"simulated": str(measured)},
                      SimulationOptions(speckle_looks=4, seed=3, texture_strength=0.5))
    return {
        "cut": cut, "heights": heights, "spikes": int(spikes.sum()), "measured": measured,
        "spiky": dem_like(folder, "spiky_inf", cut, np.where(spikes, np.inf, heights)),
        "all_1e9": dem_like(folder, "all_1e9", cut, np.full_like(heights, 1e9)),
        "feet": dem_like(folder, "feet", cut, heights / 0.3048),
    }


# -- DEM heights ------------------------------------------------------------------------------
def test_simulate_sar_runs_on_spiky_dem_and_counts_the_voids(qgis_processing, scene, tmp_path):
    """1 % +inf spikes gave 'cannot convert float infinity to integer' before."""
    feedback = collecting_feedback()
    outputs = {key: str(tmp_path / f"{key.lower()}.tif")
               for key in ("OUTPUT_SIMULATED", "OUTPUT_MASK")}
    qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(scene["spiky"]), "GEOMETRY": str(GRD), "SPECKLE_LOOKS": 0, **outputs},
        feedback=feedback)
    assert all(Path(path).exists() for path in outputs.values())
    warnings = warnings_of(feedback)
    assert len(warnings) == 1, warnings
    assert f"has {scene['spikes']} cells" in warnings[0]
    assert f"{scene['spikes']} infinite" in warnings[0] and "treated as voids" in warnings[0]
    mask = gdal.Open(outputs["OUTPUT_MASK"]).ReadAsArray()
    assert np.sum(mask == 255) >= scene["spikes"]  # the voids are nodata in the mask


BAD_DEMS = {
    "all_1e9": ["impossible heights in 14400 of its 14400 cells", "-a_nodata 1000000000"],
    "feet": ["looks like heights in feet", "A*0.3048"],
}


@pytest.mark.parametrize("case", sorted(BAD_DEMS))
def test_reconstruct_refuses_impossible_dem(qgis_process, scene, tmp_path, case):
    """all-1e9 said "outside the footprint"; the DEM in feet ran with 57 % layover."""
    output = tmp_path / "reconstructed.tif"
    rc, _, stderr = qgis_process("sarheight:reconstruct_layover", {
        "SAR": scene["measured"], "GEOMETRY": GRD, "DEM": scene[case], "OUTPUT": output})
    assert rc != 0
    for text in BAD_DEMS[case]:
        assert text in stderr, stderr
    assert "Traceback" not in stderr and "footprint" not in stderr
    assert files_in(tmp_path) == []


def test_compare_dem_relays_the_void_count(qgis_processing, scene, tmp_path):
    feedback = collecting_feedback()
    result = qgis_processing.run("sarheight:compare_dem", {
        "DEM": str(scene["spiky"]), "REFERENCE": str(scene["cut"]),
        "OUTPUT_ERROR": str(tmp_path / "error.tif")}, feedback=feedback)
    log = "\n".join(feedback.lines)
    assert f"has {scene['spikes']} cells" in log and "treated as voids" in log
    errors = gdal.Open(result["OUTPUT_ERROR"]).ReadAsArray()
    assert np.nanmax(np.abs(errors)) == 0.0  # the same heights; spikes are voids, not errors
    with pytest.raises(Exception, match="-a_nodata 1000000000"):
        qgis_processing.run("sarheight:compare_dem", {
            "DEM": str(scene["cut"]), "REFERENCE": str(scene["all_1e9"])})


# -- SAR units --------------------------------------------------------------------------------
def test_reconstruct_refuses_linear_image_declared_db(qgis_processing, scene, tmp_path):
    """It ran silently before, with an energy of 5.7e306 and inf cells."""
    output = tmp_path / "reconstructed.tif"
    with pytest.raises(Exception, match="Set INPUT_UNITS to Intensity or Amplitude"):
        qgis_processing.run("sarheight:reconstruct_layover", {
            "SAR": str(scene["measured"]), "INPUT_UNITS": 2, "GEOMETRY": str(GRD),
            "DEM": str(scene["cut"]), "OUTPUT": str(output)})
    assert files_in(tmp_path) == []


@pytest.fixture(scope="module")
def stereo_inputs(scene, tmp_path_factory):
    """A synthetic straight-track geometry over the cut (JSON) and two linear images of its size.

    Enough for stereo_radargrammetry to reach its input checks.
    """
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.geometry_json import write_geometry_json
    from sar_height.core.reconstruction.synthetic import straight_track_geometry

    folder = tmp_path_factory.mktemp("stereo_inputs")
    geometry = straight_track_geometry(DemRaster(str(scene["cut"])),
                                       height_range_m=(1500.0, 4000.0))
    shape = (geometry.lines, geometry.samples)
    return {
        "geometry": Path(write_geometry_json(folder / "geometry.json", geometry)),
        "reference": write_raster(folder / "reference.tif", linear_sigma0(shape, 1)),
        "secondary": write_raster(folder / "secondary.tif", linear_sigma0(shape, 2)),
    }


def stereo_parameters(inputs, folder, **changes):
    values = {"REFERENCE": str(inputs["reference"]),
              "REFERENCE_GEOMETRY": str(inputs["geometry"]),
              "SECONDARY": str(inputs["secondary"]),
              "SECONDARY_GEOMETRY": str(inputs["geometry"]),
              "INPUT_UNITS": 0, "MATCHER": 1, "OUTPUT": str(Path(folder) / "stereo.tif")}
    values.update(changes)
    return values


def test_stereo_checks_image_units_and_dem(qgis_processing, scene, stereo_inputs, tmp_path):
    with pytest.raises(Exception, match="Set INPUT_UNITS to Intensity"):
        qgis_processing.run("sarheight:stereo_radargrammetry",
                            stereo_parameters(stereo_inputs, tmp_path, INPUT_UNITS=2))
    with pytest.raises(Exception, match="-a_nodata 1000000000"):
        qgis_processing.run("sarheight:stereo_radargrammetry",
                            stereo_parameters(stereo_inputs, tmp_path,
                                              DEM=str(scene["all_1e9"])))
    assert files_in(tmp_path) == []


# -- estimate_height --------------------------------------------------------------------------
ROWS, COLS, SPACING = 96, 112, 30.0


def lattice_points(heights, spacing, step=8):
    rows, cols = np.mgrid[step // 2:heights.shape[0]:step, step // 2:heights.shape[1]:step]
    return [(ORIGIN[0] + (c + 0.5) * spacing, ORIGIN[1] - (r + 0.5) * spacing,
             float(heights[r, c])) for r, c in zip(rows.ravel(), cols.ravel())]


@pytest.fixture(scope="module")
def estimate_inputs(tmp_path_factory):
    """Inputs for estimate_height: SAR image, prior points, test model and a 280 m SAR copy.

    A 30 m linear SAR image of smooth hills, prior points (some null or impossible), the
    deterministic smooth test model of test_inference.py, and a 280 m copy of the SAR.
    """
    pytest.importorskip("onnxruntime")
    pytest.importorskip("torch")
    from test_data_plausibility import exploding_v1_model
    from test_estimate_height_qgis import write_points  # the same UTM 32N GeoJSON writer
    from test_inference import smooth_model, terrain, write_model

    folder = tmp_path_factory.mktemp("estimate_inputs")
    heights, sar_db = terrain(ROWS, COLS, seed=5)
    linear = np.power(10.0, sar_db / 10.0).astype(np.float32)
    good = lattice_points(heights, SPACING)
    bad = [(x, y, value) for (x, y, _), value in zip(good[:3], (1e12, None, -1e6))]
    return {
        "heights": heights, "good": len(good) - 3,
        "sar": write_raster(folder / "sar.tif", linear, SPACING),
        "sar_280m": write_raster(folder / "sar_280m.tif", linear, 280.0),
        "points": write_points(folder / "points.geojson", bad + good[3:]),
        "points_280m": write_points(folder / "points_280m.geojson",
                                    lattice_points(heights, 280.0)),
        "impossible": write_points(folder / "impossible.geojson",
                                   [(x, y, 1e12) for x, y, _ in good]),
        "model": write_model(folder / "smooth.onnx", smooth_model()),
        "exploding_model": exploding_v1_model(folder / "exploding.onnx"),
    }


def test_estimate_height_drops_impossible_priors(qgis_processing, estimate_inputs, tmp_path):
    """A prior of 1e12 m gave 1e12 m everywhere; null priors were dropped without a word."""
    out = tmp_path / "heights.tif"
    feedback = collecting_feedback()
    qgis_processing.run("sarheight:estimate_height", {
        "SAR": str(estimate_inputs["sar"]), "PRIOR_POINTS": str(estimate_inputs["points"]),
        "PRIOR_FIELD": "h", "MODEL": str(estimate_inputs["model"]), "OUTPUT": str(out)},
        feedback=feedback)
    warnings = [w for w in warnings_of(feedback) if "prior points" in w]
    assert len(warnings) == 1, feedback.errors
    total = estimate_inputs["good"] + 3
    assert (f"3 of {total} prior points have no usable height in their field 'h': 1 null or "
            f"missing, 0 not a number, 2 impossible") in warnings[0]
    assert "e.g. 1000000000000" in warnings[0]  # the larger of 1e12 and -1e6
    assert f"Prior points: {estimate_inputs['good']} of {total}" in "\n".join(feedback.lines)
    heights = gdal.Open(str(out)).ReadAsArray()
    truth = estimate_inputs["heights"]
    # the priors left are the hills' heights (~300-1800 m): so are the estimates
    assert np.nanmax(heights) < truth.max() + 500.0 and np.nanmin(heights) > truth.min() - 500


def test_estimate_height_refuses_when_no_prior_is_possible(qgis_processing, estimate_inputs,
                                                           tmp_path):
    with pytest.raises(Exception, match="impossible"):
        qgis_processing.run("sarheight:estimate_height", {
            "SAR": str(estimate_inputs["sar"]),
            "PRIOR_POINTS": str(estimate_inputs["impossible"]), "PRIOR_FIELD": "h",
            "MODEL": str(estimate_inputs["model"]), "OUTPUT": str(tmp_path / "x.tif")})
    assert files_in(tmp_path) == []


def test_estimate_height_refuses_linear_image_declared_db(qgis_processing, estimate_inputs,
                                                          tmp_path):
    with pytest.raises(Exception, match="Set INPUT_UNITS to Intensity"):
        qgis_processing.run("sarheight:estimate_height", {
            "SAR": str(estimate_inputs["sar"]), "INPUT_UNITS": 2,
            "PRIOR_POINTS": str(estimate_inputs["points"]), "PRIOR_FIELD": "h",
            "MODEL": str(estimate_inputs["model"]), "OUTPUT": str(tmp_path / "x.tif")})
    assert files_in(tmp_path) == []


def test_estimate_height_relays_prior_dem_voids(qgis_processing, estimate_inputs, tmp_path):
    heights = estimate_inputs["heights"].astype(np.float32)
    spikes = np.random.default_rng(2).random(heights.shape) < SPIKE_SHARE
    prior_dem = write_raster(tmp_path / "prior_dem.tif", np.where(spikes, 1e9, heights),
                             SPACING)
    feedback = collecting_feedback()
    out = tmp_path / "heights.tif"
    qgis_processing.run("sarheight:estimate_height", {
        "SAR": str(estimate_inputs["sar"]), "PRIOR_DEM": str(prior_dem),
        "PRIOR_DEM_VERTICAL_DATUM": 2, "PRIOR_SPACING": 300.0,
        "MODEL": str(estimate_inputs["model"]), "OUTPUT": str(out)}, feedback=feedback)
    assert any(f"has {int(spikes.sum())} cells" in w for w in warnings_of(feedback))
    assert np.nanmax(gdal.Open(str(out)).ReadAsArray()) < 1e4


def test_out_of_distribution_run_is_refused(qgis_process, estimate_inputs, tmp_path):
    """An out-of-distribution run (280 m grid) is refused and writes nothing.

    The first bundled model on a 280 m grid reported success with heights from -1.8e11 to
    8.2e10 m; a model whose heights run away like that (test_data_plausibility.py) now writes
    nothing and the message names the pixel spacing.
    """
    out = tmp_path / "heights.tif"
    rc, _, stderr = qgis_process("sarheight:estimate_height", {
        "SAR": estimate_inputs["sar_280m"], "PRIOR_POINTS": estimate_inputs["points_280m"],
        "PRIOR_FIELD": "h", "LOOK_DIRECTION": 1, "MODEL": estimate_inputs["exploding_model"],
        "OUTPUT": out}, onnxruntime=True)
    assert rc != 0
    assert "heights from" in stderr and "No output was written" in stderr, stderr
    assert "the pixel spacing, 280.0 x 280.0 m" in stderr
    assert "Traceback" not in stderr
    assert files_in(tmp_path) == []
