"""sarheight:write_sample_data as a user runs it, then every tool on the set with its defaults.

The algorithm writes the sample set (core.sample_set) into a folder that does not exist yet and
asks QGIS to open its map layers; then each of the seven tools runs with processing.run given
only the set's files as inputs and, as its dialog does, the outputs it creates by default:
every other parameter keeps its default. Each run must succeed and give a sensible result.
"""
import os
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback

from sar_height.core.sample_set import (
    FILES,
    MAP_LAYERS,
    REFLECTORS_HEIGHT_M,
    TOOL_INPUTS,
)

ALG = "sarheight:write_sample_data"
TEMPORARY = "TEMPORARY_OUTPUT"


@pytest.fixture(scope="module")
def written(qgis_processing, tmp_path_factory):
    """Run the algorithm once into a new folder; return (folder, results, context, feedback)."""
    from qgis.core import QgsProcessingContext, QgsProject

    folder = tmp_path_factory.mktemp("sample") / "sample data"  # missing, with a space
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = collecting_feedback()
    context.setFeedback(feedback)
    results = qgis_processing.run(ALG, {"OUTPUT_FOLDER": str(folder)}, context=context,
                                  feedback=feedback)
    yield folder, results, context, feedback
    context.setFeedback(None)  # the context goes first: it points at the feedback
    context.temporaryLayerStore().removeAllMapLayers()
    del context


def inputs(folder, algorithm_id):
    """The set's files for ``algorithm_id`` (the TerraSAR-X product given as its folder)."""
    return {key: str(folder / FILES[role]) for key, role in TOOL_INPUTS[algorithm_id].items()}


def dialog_parameters(algorithm_id, given):
    """``given`` plus the outputs the tool's dialog creates: required ones and default-on ones."""
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(
        "sarheight:" + algorithm_id)
    parameters = dict(given)
    for definition in algorithm.destinationParameterDefinitions():
        optional = definition.flags() & QgsProcessingParameterDefinition.FlagOptional
        if not optional or definition.createByDefault():
            parameters[definition.name()] = TEMPORARY
    return parameters


def run_tool(processing, algorithm_id, folder):
    """Run ``algorithm_id`` on the set with its defaults; return (results, feedback)."""
    feedback = collecting_feedback()
    results = processing.run("sarheight:" + algorithm_id,
                             dialog_parameters(algorithm_id, inputs(folder, algorithm_id)),
                             feedback=feedback)
    return results, feedback


def read(path):
    dataset = gdal.Open(str(path))  # kept while its band is read
    return dataset.GetRasterBand(1).ReadAsArray().astype(np.float64)


# -- the algorithm ------------------------------------------------------------------------------
def test_the_set_is_written_with_a_readme_and_nothing_else(written):
    folder, results, _, feedback = written
    assert results["OUTPUT_FOLDER"] == str(folder)
    for role, relative in FILES.items():
        assert (folder / relative).exists(), role
    assert not [p for p in folder.rglob("*") if ".sarheight-" in p.name]  # no temporaries
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    for name in ("Simulate SAR image", "Reconstruct layover backscatter", "Estimate height",
                 "Stereo radargrammetry", "Compare DEM with reference"):
        assert name in readme, name
    for algorithm_id in TOOL_INPUTS:
        for path in inputs(folder, algorithm_id).values():
            relative = os.path.relpath(path, folder)
            assert relative.split(os.sep)[0] in readme, relative
    assert any("Sample data written to" in line for line in feedback.lines)


def test_the_map_layers_are_opened_styled(written):
    from qgis.core import QgsProcessingUtils

    folder, _, context, _ = written
    to_load = context.layersToLoadOnCompletion()
    assert sorted(to_load) == sorted(str(folder / FILES[role]) for role in MAP_LAYERS)
    for path, details in to_load.items():
        layer = QgsProcessingUtils.mapLayerFromString(path, context)
        assert layer is not None and layer.isValid(), path
        assert layer.crs().isValid(), path
        assert details.name.startswith("Sample: "), details.name
    mask = QgsProcessingUtils.mapLayerFromString(str(folder / FILES["layover_mask"]), context)
    assert mask.renderer().type() == "paletted"  # the layover/shadow style


@pytest.mark.slow
def test_a_second_run_replaces_the_set_and_keeps_other_files(written, qgis_processing,
                                                            tmp_path):
    folder = tmp_path / "again"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep")
    (folder / FILES["dem"]).write_text("an old file of the same name")
    qgis_processing.run(ALG, {"OUTPUT_FOLDER": str(folder), "LOAD_LAYERS": False})
    assert (folder / "mine.txt").read_text() == "keep"
    assert gdal.Open(str(folder / FILES["dem"])).RasterXSize == 300
    names = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".aux.xml"))
    assert names == sorted({"mine.txt", "README.txt"} | {
        Path(relative).parts[0] for relative in FILES.values()})
    # the 3-D CRS (ellipsoidal heights) of the stereo DEMs is kept next to them
    assert sorted(p.name for p in folder.glob("*.aux.xml")) == sorted(
        FILES[role] + ".aux.xml" for role in ("stereo_coarse_dem", "stereo_truth"))


@pytest.mark.slow
def test_cancelled_run_writes_nothing(qgis_processing, tmp_path):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: value > 40 and feedback.cancel())
    folder = tmp_path / "cancelled"
    results = qgis_processing.run(ALG, {"OUTPUT_FOLDER": str(folder), "LOAD_LAYERS": False},
                                  feedback=feedback)
    assert results == {}
    assert not folder.exists() or not list(folder.rglob("*"))


# -- every tool on it, with its defaults -----------------------------------------------------------
def test_the_recipe_names_inputs_of_the_tools(qgis_processing):
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    for algorithm_id, keys in TOOL_INPUTS.items():
        algorithm = registry.algorithmById("sarheight:" + algorithm_id)
        assert algorithm is not None, algorithm_id
        for key in keys:
            definition = algorithm.parameterDefinition(key)
            assert definition is not None and not definition.isDestination(), (algorithm_id,
                                                                               key)


def test_simulate_sar(written, qgis_processing):
    results, _ = run_tool(qgis_processing, "simulate_sar", written[0])
    mask = read(results["OUTPUT_MASK"])
    assert mask.shape == (300, 300)
    assert np.isin(mask, (1, 3)).mean() > 0.01  # alpine layover
    assert np.isfinite(read(results["OUTPUT_INCIDENCE"])).all()


def test_reconstruct_layover(written, qgis_processing):
    results, _ = run_tool(qgis_processing, "reconstruct_layover", written[0])
    reconstructed = read(results["OUTPUT"])
    assert reconstructed.shape == (300, 300)
    assert np.isfinite(reconstructed).mean() > 0.5


@pytest.mark.slow
def test_estimate_height(written, qgis_processing):
    pytest.importorskip("onnxruntime")
    folder = written[0]
    results, feedback = run_tool(qgis_processing, "estimate_height", folder)
    log = "\n".join(feedback.lines)
    assert "west (from the image metadata" in log  # the look direction the set carries
    # calibrated as the model was trained: no warning on the level or the pixel spacing
    assert not [text for text, _ in feedback.errors if "Warning" in text], feedback.errors
    heights = read(results["OUTPUT"])
    assert np.isfinite(heights).mean() > 0.9
    # the estimate is ellipsoidal, the reference EGM96: the Ötztal's geoid is 47-49 m up.
    # Measured: bias -4 m, RMSE 70 m on terrain of 345 m standard deviation (the bundled
    # model's error in the Alps: README, ablation), correlation 0.98.
    truth = read(folder / FILES["dem"]) + 48.0
    error = heights - truth
    assert abs(np.nanmean(error)) < 20.0
    assert np.sqrt(np.nanmean(error ** 2)) < 0.3 * np.std(truth)  # the terrain, not noise


def test_compare_dem(written, qgis_processing):
    results, _ = run_tool(qgis_processing, "compare_dem", written[0])
    # the coarse DEM against the fine one: block means differ by metres to tens of metres
    assert 1.0 < results["RMSE"] < 40.0
    assert abs(results["BIAS"]) < 5.0
    assert results["COVERAGE"] > 99.0
    assert "layover" in Path(results["OUTPUT_REPORT"]).read_text(encoding="utf-8")


@pytest.mark.slow
def test_stereo_radargrammetry(written, qgis_processing):
    # the default matcher is automatic: the deep one, or POC where onnxruntime is missing
    folder = written[0]
    results, feedback = run_tool(qgis_processing, "stereo_radargrammetry", folder)
    assert "ellipsoid" in "\n".join(feedback.lines).lower()  # the DEM's datum, read from it
    assert results["COVERAGE"] > 40.0 and results["POINTS"] > 1000
    # the heights declare their datum (the DEM's 3-D CRS): compare_dem's defaults read both
    # right. Measured: RMSE 1.06 m (deep matcher).
    truth = str(folder / FILES["stereo_truth"])
    scored = qgis_processing.run("sarheight:compare_dem", {"DEM": results["OUTPUT"],
                                                           "REFERENCE": truth})
    assert abs(scored["BIAS"]) < 1.0 and scored["RMSE"] < 3.0, scored


def test_point_target_height(written, qgis_processing):
    results, _ = run_tool(qgis_processing, "point_target_height", written[0])
    assert results["TARGETS"] == 9 and results["REFUSED"] == 0
    from qgis.core import QgsVectorLayer

    layer = results["OUTPUT"]
    if not isinstance(layer, QgsVectorLayer):
        layer = QgsVectorLayer(layer, "points", "ogr")
    heights = sorted(feature["height_m"] for feature in layer.getFeatures())
    truth = REFLECTORS_HEIGHT_M + np.array([-40, -25, -10, 0, 5, 15, 30, 45, 60])
    assert np.abs(np.array(heights) - truth).max() < 3.0  # eq. 13: 0.5 m per target


def test_point_target_accuracy(written, qgis_processing):
    results, _ = run_tool(qgis_processing, "point_target_accuracy", written[0])
    assert 0.1 < results["HEIGHT_STD"] < 2.0  # the product's own settings: about 0.5 m


# -- the menu entry -------------------------------------------------------------------------------
def test_the_menu_entry_opens_the_dialog_with_a_folder_proposed(qgis_processing, monkeypatch):
    from unittest import mock

    import processing

    import sar_height

    opened = []
    monkeypatch.setattr(processing, "execAlgorithmDialog",
                        lambda algorithm, parameters: opened.append((algorithm, parameters)))
    iface = mock.MagicMock()
    iface.mainWindow.return_value = None
    plugin = sar_height.classFactory(iface)
    plugin.initGui()
    try:
        actions = {call.args[1].text(): call.args[1]
                   for call in iface.addPluginToRasterMenu.call_args_list}
        assert not actions["Write sample data…"].icon().isNull()
        actions["Write sample data…"].trigger()
    finally:
        plugin.unload()
    assert len(opened) == 1 and opened[0][0] == ALG
    folder = opened[0][1]["OUTPUT_FOLDER"]
    assert os.path.isabs(folder) and folder.endswith("SAR Height sample data")


@pytest.mark.slow
def test_qgis_process_writes_the_set(qgis_process, tmp_path):
    folder = tmp_path / "headless"
    rc, result, stderr = qgis_process(ALG, {"OUTPUT_FOLDER": folder})
    assert rc == 0, stderr
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr
    assert result["results"]["OUTPUT_FOLDER"] == str(folder)
    assert (folder / "README.txt").is_file()
    assert all((folder / relative).exists() for relative in FILES.values())
