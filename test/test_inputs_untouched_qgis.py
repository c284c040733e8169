"""Issue 11 §1: a successful run never writes into its inputs' folders.

Each algorithm runs through ``processing.run`` on inputs in folders of their own; afterwards
every file there has the same bytes and modification time, and no file was added (no
``.aux.xml`` statistics next to an input, no stray temporary). Outputs go elsewhere.

QGIS itself writes GDAL's statistics file ``<raster>.aux.xml`` next to a raster the first time
it loads it as a layer (its default renderer asks GDAL for band statistics, and GDAL keeps
them there): that happens to every raster a user adds to a project or gives to any Processing
algorithm, QGIS's own included (QGIS 3.22: ``QgsRasterLayer(path)`` alone writes it). The
inputs are therefore loaded once, as in a project, before the snapshot; what is checked is that
the plugin writes nothing more.
"""
import hashlib
import shutil
from pathlib import Path

import pytest
from qgis_helpers import collecting_feedback
from test_estimate_height_qgis import data  # noqa: F401 (module fixture)
from test_output_safety_qgis import ESTIMATE, GRD, REFERENCE, small_dem
from test_point_target_qgis import products  # noqa: F401 (module fixture)
from test_reconstruct_layover_qgis import measured  # noqa: F401 (module fixture)
from test_stereo_radargrammetry_qgis import pair_files  # noqa: F401 (module fixture)
from test_stereo_radargrammetry_qgis import params as stereo_params


def snapshot(folder):
    """Relative path -> (size, mtime in ns, sha256) of every file under ``folder``."""
    state = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns, digest)
    return state


def load_as_layers(folder):
    """Load every raster under ``folder`` as QGIS does when a user adds it to a project."""
    from qgis.core import QgsRasterLayer

    for path in sorted(Path(folder).rglob("*.tif")):
        assert QgsRasterLayer(str(path), path.stem).isValid(), path


def run_and_compare(processing, alg_id, parameters, input_folders):
    for folder in input_folders:
        load_as_layers(folder)
    before = {folder: snapshot(folder) for folder in input_folders}
    processing.run(alg_id, parameters, feedback=collecting_feedback())
    for folder in input_folders:
        assert snapshot(folder) == before[folder], folder


def test_simulate_and_compare_leave_inputs_alone(qgis_processing, tmp_path):
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    inputs.mkdir()
    outputs.mkdir()
    dem = small_dem(inputs)
    run_and_compare(qgis_processing, "sarheight:simulate_sar", {
        "DEM": str(dem), "GEOMETRY": str(GRD / "manifest.safe"),
        "OUTPUT_MASK": str(outputs / "mask.tif"),
        "OUTPUT_SIMULATED": str(outputs / "simulated.tif")}, [inputs, GRD])
    reference = Path(shutil.copy(REFERENCE, inputs))
    estimate = Path(shutil.copy(ESTIMATE, inputs))
    run_and_compare(qgis_processing, "sarheight:compare_dem", {
        "DEM": str(estimate), "REFERENCE": str(reference),
        "OUTPUT_ERROR": str(outputs / "error.tif"),
        "OUTPUT_REPORT": str(outputs / "report.html")}, [inputs])


def test_reconstruct_leaves_inputs_alone(qgis_processing, measured, tmp_path):  # noqa: F811
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    inputs.mkdir()
    outputs.mkdir()
    sar = Path(shutil.copy(measured, inputs))
    run_and_compare(qgis_processing, "sarheight:reconstruct_layover", {
        "SAR": str(sar), "GEOMETRY": str(GRD / "manifest.safe"),
        "DEM": str(small_dem(inputs)), "INPUT_UNITS": 0, "BLOCK_ROWS": 32,
        "OUTPUT": str(outputs / "reconstructed.tif")}, [inputs, GRD])


def test_estimate_height_leaves_inputs_alone(qgis_processing, data, tmp_path):  # noqa: F811
    run_and_compare(qgis_processing, "sarheight:estimate_height", {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_DEM": str(data["dem"]),
        "PRIOR_SPACING": 300.0, "PRIOR_DEM_VERTICAL_DATUM": 2, "MODEL": str(data["model"]),
        "OUTPUT": str(tmp_path / "heights.tif")}, [data["folder"]])


def test_stereo_leaves_inputs_alone(qgis_processing, pair_files, tmp_path):  # noqa: F811
    folders = sorted({Path(pair_files[key]).parent
                      for key in ("reference", "secondary", "coarse_dem")})
    run_and_compare(qgis_processing, "sarheight:stereo_radargrammetry",
                    stereo_params(pair_files, tmp_path), folders)


@pytest.mark.parametrize("kind", ["tsx", "tif"])
def test_point_target_leaves_inputs_alone(qgis_processing, products, tmp_path,  # noqa: F811
                                          kind):
    folder = Path(products["tif"]).parent
    run_and_compare(qgis_processing, "sarheight:point_target_height", {
        "SLC": str(products[kind]), "OUTPUT": str(tmp_path / "targets.gpkg")}, [folder])
