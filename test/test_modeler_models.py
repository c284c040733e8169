"""The graphical models shipped in resources/modeler as the QGIS modeler sees them.

Every shipped .model3 must open valid in the modeler (QGIS 3.22 draws a step red and refuses
"Model is invalid" on Run when a non-optional parameter of a step has no value, even one with a
default), write every input parameter of every step as the modeler's own step dialog does, and
read well: steps, inputs and outputs carry labels, not identifiers. The chain must be what
scripts/make_models.py builds and must run in process as the modeler's Run button runs it (its
headless run through qgis_process: test_simulate_sar_qgis.py::test_shipped_model_runs_headless).
"""
import difflib
import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingParameterDefinition,
)

ROOT = Path(__file__).resolve().parents[1]
MODELER = ROOT / "resources" / "modeler"
MODELS = sorted(MODELER.glob("*.model3"))
CHAIN = MODELER / "sar_height_chain.model3"
GENERATOR = ROOT / "scripts" / "make_models.py"
IDENTIFIER = re.compile(r"[A-Za-z0-9_]+")  # a parameter or child id, not a label
# The parameters the issue found unset (issue 14 §2): all have defaults.
DEFAULTED = {
    "simulate_sar_1": {"BACKSCATTER_LAW": 0, "BLOCK_ROWS": 256},
    "reconstruct_layover_1": {"BACKSCATTER_LAW": 0, "BLOCK_ROWS": 256},
    "estimate_height_1": {"TILE_SIZE": 0, "OVERLAP": -1, "BATCH_SIZE": 4, "THREADS": 0},
    "compare_dem_1": {"BLOCK_ROWS": 256},
    "compare_dem_2": {"BLOCK_ROWS": 256},
    "calibrate_sigma0": {"COPY_SUBDATASETS": False, "DATA_TYPE": 0},
}


def load(path):
    """Return the model in ``path``, loaded as the modeler loads it."""
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path)), path
    return model


def input_parameters(algorithm):
    """Return the parameters a step dialog of the modeler writes: no outputs, none hidden."""
    hidden = QgsProcessingParameterDefinition.FlagHidden
    return [p for p in algorithm.parameterDefinitions()
            if not p.isDestination() and not p.flags() & hidden]


def static_values(child):
    """Return {parameter name: static value} of the child's parameters set to static values."""
    return {name: sources[0].staticValue() for name, sources in child.parameterSources().items()
            if len(sources) == 1
            and sources[0].source() == QgsProcessingModelChildParameterSource.StaticValue}


def test_models_are_shipped():
    assert CHAIN in MODELS


@pytest.mark.parametrize("path", MODELS, ids=[p.name for p in MODELS])
def test_model_is_valid_in_the_modeler(qgis_processing, path):
    """What the modeler checks: every step's algorithm exists and its parameters are set."""
    model = load(path)
    assert model.childAlgorithms()
    for child_id, child in model.childAlgorithms().items():
        assert child.algorithm() is not None, f"{child_id}: {child.algorithmId()} not available"
        # What draws the step red on the canvas
        assert model.validateChildAlgorithm(child_id) == (True, []), child_id
    assert model.validate() == (True, [])  # what the modeler's Run button asks


@pytest.mark.parametrize("path", MODELS, ids=[p.name for p in MODELS])
def test_every_step_writes_every_parameter(qgis_processing, path):
    """Every input parameter of each step has a value, as the modeler's step dialog writes."""
    model = load(path)
    for child_id, child in model.childAlgorithms().items():
        parameters = {p.name(): p for p in input_parameters(child.algorithm())}
        written = child.parameterSources()
        inputs = {name for name in written if name in parameters}
        assert inputs == set(parameters), (child_id, sorted(set(parameters) - inputs))
        outputs = {p.name() for p in child.algorithm().destinationParameterDefinitions()}
        assert set(written) <= set(parameters) | outputs, (child_id, sorted(written))
        for name, value in static_values(child).items():
            if name in parameters:
                assert parameters[name].checkValueIsAcceptable(value), (child_id, name, value)


@pytest.mark.parametrize("path", MODELS, ids=[p.name for p in MODELS])
def test_outputs_read_by_later_steps_are_mandatory(qgis_processing, path):
    """A model output another step reads must be mandatory.

    QGIS does not write an optional model output left empty (a run that asks only for the
    heights), and the step reading it then runs without it: the evaluation loses its classes.
    """
    model = load(path)
    read = {(source.outputChildId(), source.outputName())
            for child in model.childAlgorithms().values()
            for sources in child.parameterSources().values() for source in sources
            if source.source() == QgsProcessingModelChildParameterSource.ChildOutput}
    for child_id, child in model.childAlgorithms().items():
        for name, output in child.modelOutputs().items():
            if (child_id, output.childOutputName()) in read:
                parameter = model.parameterDefinition(f"{child_id}:{name}")
                optional = parameter.flags() & QgsProcessingParameterDefinition.FlagOptional
                assert not optional, (child_id, name)


@pytest.mark.parametrize("path", MODELS, ids=[p.name for p in MODELS])
def test_model_reads_well(qgis_processing, path):
    """Labels, not identifiers, on steps, inputs and outputs; inputs in a chosen order; help."""
    model = load(path)
    help_content = model.helpContent()
    assert help_content.get("ALG_DESC")
    for child_id, child in model.childAlgorithms().items():
        assert " " in child.description() and child.description() != child_id, child_id
        for name, output in child.modelOutputs().items():
            assert not IDENTIFIER.fullmatch(name), (child_id, name)  # e.g. "mask"
            assert output.description(), (child_id, name)
            assert help_content.get(f"{child_id}:{name}"), (child_id, name)
    names = [p.name() for p in model.parameterDefinitions() if not p.isDestination()]
    # The order is stored, not QGIS's fallback (inputs sorted by name)
    assert model.toVariant()["parameterOrder"] == names
    for parameter in model.parameterDefinitions():
        if parameter.isDestination():
            continue
        assert parameter.description() and parameter.description() != parameter.name()
        assert help_content.get(parameter.name()) and parameter.help(), parameter.name()


def test_chain_inputs_order_and_defaults(qgis_processing):
    """The chain asks for the product, the DEMs, then the numbers; the found gaps are set."""
    model = load(CHAIN)
    inputs = [p.name() for p in model.parameterDefinitions() if not p.isDestination()]
    assert inputs == ["sar_product", "dem", "reference", "prior_spacing", "radar_pixel_area",
                      "height_model"]
    children = model.childAlgorithms()
    for child_id, defaults in DEFAULTED.items():
        values = static_values(children[child_id])
        assert {name: values.get(name) for name in defaults} == defaults, child_id


def test_chain_is_what_the_generator_builds(qgis_processing, tmp_path):
    """The shipped chain is current: rebuilt from the registered algorithms it is the same.

    Both are written by QGIS after loading (which redraws the model outputs from the registered
    algorithms). Fails when an algorithm of the chain gained or changed a parameter: rerun
    scripts/make_models.py.
    """
    spec = importlib.util.spec_from_file_location("make_models", GENERATOR)
    make_models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_models)
    built, shipped = tmp_path / "built.model3", tmp_path / "shipped.model3"
    assert make_models.build().toFile(str(built))
    assert load(built).toFile(str(built))
    assert load(CHAIN).toFile(str(shipped))
    diff = list(difflib.unified_diff(shipped.read_text().splitlines(),
                                     built.read_text().splitlines(), lineterm="", n=1))
    assert not diff, "{} is stale: run scripts/make_models.py\n{}".format(
        CHAIN.name, "\n".join(diff[:40]))


@pytest.mark.slow
def test_chain_runs_in_process(qgis_processing, tmp_path):
    """Run the chain as the modeler's Run button does (in QGIS's Python, the bundled model)."""
    pytest.importorskip("onnxruntime")
    from test_simulate_sar_qgis import GRD, fine_and_coarse_dems

    fine, coarse = fine_and_coarse_dems(tmp_path)
    heights = tmp_path / "heights.tif"
    report = tmp_path / "report.html"
    result = qgis_processing.run(load(CHAIN), {
        "sar_product": str(GRD), "dem": str(coarse), "reference": str(fine),
        "prior_spacing": 600, "radar_pixel_area": 100, "height_model": None,
        "simulate_sar_1:Layover and shadow mask": QgsProcessing.TEMPORARY_OUTPUT,
        "reconstruct_layover_1:Reconstructed backscatter": QgsProcessing.TEMPORARY_OUTPUT,
        "estimate_height_1:Estimated heights": str(heights),
        "compare_dem_1:Report on the estimate": str(report),
    }, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    assert Path(result["estimate_height_1:Estimated heights"]) == heights
    values = gdal.Open(str(heights)).ReadAsArray()
    assert values.shape == (144, 144) and np.isfinite(values).mean() > 0.95
    assert "layover" in report.read_text()
