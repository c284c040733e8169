"""The WORKERS parameter of simulate_sar and reconstruct_layover (issue 16), as a user runs it.

processing.run with 2 worker threads writes the same bytes as with 1, the log says how many
workers ran, and the logged memory estimate counts the second worker. Scene: a crop of the
real Yarlung Tsangpo DEM of test/data/dem under a Sentinel-1-like straight track, saved as a
SAR Height geometry JSON (the file a user gives for a sensor without a reader), in strips of
32 rows so that the blocks of several strips are in flight at once.
"""
import filecmp
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

ROOT = Path(__file__).resolve().parents[1]
TIBET = ROOT / "test" / "data" / "dem" / "tibet_yarlung_tsangpo_20m_utm46.tif"
SIM_KEYS = ("OUTPUT_SIMULATED", "OUTPUT_MASK", "OUTPUT_LOOKUP", "OUTPUT_INCIDENCE")
REC_KEYS = ("OUTPUT", "OUTPUT_GEOCODED", "OUTPUT_MASK", "OUTPUT_MIXING")
BLOCK_ROWS = 32


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """(DEM crop, geometry JSON) of the Tibet DEM under a straight ascending track."""
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.gcps import ensure_gcps
    from sar_height.core.products.geometry_json import write_geometry_json
    from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry

    folder = tmp_path_factory.mktemp("workers")
    dem = folder / "tibet_160.tif"
    gdal.Translate(str(dem), str(TIBET), srcWin=[100, 80, 160, 160])
    geometry = straight_track_geometry(DemRaster(str(dem)), TrackSpec(heading_deg=350.0))
    # GCPs stored in the file, as a product's own: the georeferencing then does not depend on
    # computing them (per point since issue 16, hence deterministic: test_gcps_deterministic)
    ensure_gcps(geometry)
    return dem, Path(write_geometry_json(folder / "track.json", geometry))


def run(processing, algorithm, parameters, keys, folder, workers):
    """processing.run with WORKERS; return ({key: path}, the log's lines)."""
    from qgis_helpers import collecting_feedback

    folder.mkdir()
    outputs = {key: str(folder / f"{key.lower()}.tif") for key in keys}
    feedback = collecting_feedback()
    processing.run(algorithm, {**parameters, "BLOCK_ROWS": BLOCK_ROWS, "WORKERS": workers,
                               **outputs}, feedback=feedback)
    return outputs, feedback.lines


def estimated_memory_mb(lines):
    """The MB of the log's 'Estimated peak memory 123 MB; ...' line (GB lines converted)."""
    line = next(line for line in lines if line.startswith("Estimated peak memory"))
    value, unit = line.split()[3:5]
    return float(value) * (1024 if unit.startswith("GB") else 1)


def assert_same_files(one, two):
    for key, path in one.items():
        a, b = gdal.Open(path).ReadAsArray(), gdal.Open(two[key]).ReadAsArray()
        np.testing.assert_array_equal(a, b, err_msg=key)  # NaN == NaN here
        assert filecmp.cmp(path, two[key], shallow=False), key


def assert_workers_logged(lines, workers):
    assert f"Blocks computed by {workers} parallel worker thread(s)." in lines, lines


def test_simulate_sar_two_workers_write_the_same_bytes(qgis_processing, scene, tmp_path):
    dem, geometry = scene
    parameters = {"DEM": str(dem), "GEOMETRY": str(geometry), "SPECKLE_LOOKS": 4, "SEED": 5,
                  "TEXTURE": 0.4}
    one, log_one = run(qgis_processing, "sarheight:simulate_sar", parameters, SIM_KEYS,
                       tmp_path / "w1", 1)
    two, log_two = run(qgis_processing, "sarheight:simulate_sar", parameters, SIM_KEYS,
                       tmp_path / "w2", 2)
    assert_workers_logged(log_one, 1)
    assert_workers_logged(log_two, 2)
    assert_same_files(one, two)
    mask = gdal.Open(one["OUTPUT_MASK"]).ReadAsArray()
    assert mask.shape == (160, 160) and (mask == 1).any() and (mask == 2).any()
    assert np.nansum(gdal.Open(one["OUTPUT_SIMULATED"]).ReadAsArray()) > 0
    # the second worker holds one more block: the estimate grows by at least 64 MB
    assert estimated_memory_mb(log_two) >= estimated_memory_mb(log_one) + 64


def test_reconstruct_layover_two_workers_write_the_same_bytes(qgis_processing, scene,
                                                               tmp_path):
    dem, geometry = scene
    measured = tmp_path / "measured.tif"
    qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(dem), "GEOMETRY": str(geometry), "SPECKLE_LOOKS": 4, "SEED": 3,
        "TEXTURE": 0.5, "OUTPUT_SIMULATED": str(measured)})
    parameters = {"SAR": str(measured), "SAR_BAND": 1, "INPUT_UNITS": 0,
                  "GEOMETRY": str(geometry), "DEM": str(dem), "OUTPUT_UNITS": 0}
    one, log_one = run(qgis_processing, "sarheight:reconstruct_layover", parameters, REC_KEYS,
                       tmp_path / "w1", 1)
    two, log_two = run(qgis_processing, "sarheight:reconstruct_layover", parameters, REC_KEYS,
                       tmp_path / "w2", 2)
    assert_workers_logged(log_one, 1)
    assert_workers_logged(log_two, 2)
    assert_same_files(one, two)
    reconstructed = gdal.Open(one["OUTPUT"]).ReadAsArray()
    assert np.isfinite(reconstructed).mean() > 0.5
    assert estimated_memory_mb(log_two) >= estimated_memory_mb(log_one) + 64


def test_workers_parameter_is_advanced_with_its_range(qgis_processing):
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    from sar_height.core.blocks import default_workers

    for algorithm in ("sarheight:simulate_sar", "sarheight:reconstruct_layover"):
        definition = QgsApplication.processingRegistry().algorithmById(
            algorithm).parameterDefinition("WORKERS")
        assert definition.flags() & QgsProcessingParameterDefinition.FlagAdvanced
        assert (definition.minimum(), definition.maximum()) == (1, 64)
        assert definition.defaultValue() == default_workers(2) <= 2
        assert not definition.checkValueIsAcceptable(0)
