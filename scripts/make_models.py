"""Build the shipped graphical-modeler chain resources/modeler/sar_height_chain.model3.

Run in the development environment (QGIS bindings + the package sar_height, `make setup`):
.venv/bin/python scripts/make_models.py
The model is built through the QGIS API rather than written by hand, so it is exactly what
the modeler itself would save. Like the modeler's own child-algorithm dialog, it writes a value
for every input parameter of every step: those the chain sets below, and every other one with
the default of the algorithm's registered parameter definition (QGIS 3.22's modeler marks a
step whose non-optional parameter has no value invalid, defaults notwithstanding). Rerun it
whenever an algorithm of the chain gains or changes a parameter;
test/test_modeler_models.py fails until the shipped file matches what this script builds.
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_HASH_SEED", "0")  # XML attributes in a fixed order: stable diffs

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QPointF, QSizeF

ROOT = Path(__file__).resolve().parents[1]

MODEL = ROOT / "resources" / "modeler" / "sar_height_chain.model3"
# `processing` is a QGIS core plugin, not a module on Python's path: the QGIS desktop app adds
# its folder at start, a bare QgsApplication does not.
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"  # Debian's

# The reconstruction is radar cross-section per radar pixel (flat-equivalent dB, what
# simulate_sar writes); the height model was trained on sigma0 (dB): subtract
# 10 log10(ground area of one radar pixel). gdal_translate -scale maps x to x + offset and,
# unlike a raster calculator, keeps the SAR_LOOK_DIRECTION metadata estimate_height reads.
# An input left out of a run is no expression variable (QGIS 3.22): coalesce to its default.
PIXEL_AREA = 100.0  # m², Sentinel-1 GRD: 10 m x 10 m
_AREA = f"coalesce(@radar_pixel_area, {PIXEL_AREA:g})"
CALIBRATION = (f"'-scale 0 1 ' || to_string(-10 * log10({_AREA})) || ' ' || "
               f"to_string(1 - 10 * log10({_AREA}))")

# Canvas layout (modeler scene coordinates of box centres): inputs in the left column, the
# chain running left to right, each step's model outputs to its right or below it. Boxes are
# larger than the modeler's default 200 x 30 so that two lines of description fit.
COLUMNS = (150, 480, 810, 1140, 1470)
BOX = QSizeF(250, 50)

# Model inputs in the order the run dialog lists them: name -> (description, help).
INPUTS = {
    "sar_product": (
        "SAR product (SAFE, zip, XML or geometry JSON)",
        "The SAR product whose acquisition geometry the chain simulates and reconstructs in: "
        "a Sentinel-1 SAFE (manifest.safe or the zip), a TerraSAR-X/TanDEM-X XML or a "
        "SAR Height geometry JSON."),
    "dem": (
        "DEM (coarse; reconstruction and prior heights)",
        "The DEM a user has (e.g. 30 m, coarser than the terrain): it drives the layover "
        "reconstruction, supplies the prior heights and is evaluated itself."),
    "reference": (
        "Reference DEM (fine; simulated image and evaluation)",
        "The true surface (a finer DEM on the same grid): its simulated, speckled SAR image "
        "stands in for the measured image, and the estimate and the DEM are evaluated "
        "against it."),
    "prior_spacing": (
        "Prior height spacing on the DEM (m; 0 = every DEM cell)",
        "Distance in metres between the prior heights taken from the DEM for the height "
        "estimate; 0 uses every cell of the DEM."),
    "radar_pixel_area": (
        "Radar pixel ground area (m²; Sentinel-1 GRD: 100)",
        "Ground area of one radar pixel in m²: the reconstruction is divided by it to give "
        "sigma0, the backscatter the height model was trained on (Sentinel-1 IW GRD: "
        "10 m x 10 m = 100)."),
    "height_model": (
        "Height model (ONNX; empty = bundled model)",
        "ONNX height model of SAR Height; leave empty for the bundled model."),
}

# Model outputs: (child id, name) -> help. The name is what the modeler's canvas and run dialog
# show (the modeler itself gives an output its name as description), and, after the child id,
# the output's parameter name in a headless run: 'estimate_height_1:Estimated heights=h.tif'.
OUTPUTS = {
    ("simulate_sar_1", "Layover and shadow mask"): (
        "Layover/shadow classes of the reference DEM in the product's geometry (the "
        "evaluation's classes)."),
    ("reconstruct_layover_1", "Reconstructed backscatter"): (
        "Layover backscatter in dB, reconstructed on the DEM grid from the simulated image."),
    ("reconstruct_layover_1", "Geocoded backscatter"): (
        "The same image in dB, geocoded conventionally, for comparison with the "
        "reconstruction."),
    ("estimate_height_1", "Estimated heights"): (
        "Heights estimated from the calibrated reconstruction, in metres above the WGS84 "
        "ellipsoid."),
    ("compare_dem_1", "Error of the estimate"): (
        "Estimated heights minus the reference, in metres."),
    ("compare_dem_1", "Report on the estimate"): (
        "HTML report: error statistics of the estimated heights per layover/shadow class."),
    ("compare_dem_2", "Error of the DEM"): (
        "DEM minus the reference, in metres: the baseline the estimate should beat."),
    ("compare_dem_2", "Report on the DEM"): (
        "HTML report: error statistics of the DEM per layover/shadow class."),
}

DESCRIPTION = (
    "SAR Height chain on one SAR product: simulate the SAR image of the reference DEM in "
    "the product's geometry (4-look speckle, texture) as the measured image, reconstruct "
    "its layover backscatter with the DEM, calibrate it to sigma0 (divided by the ground "
    "area of one radar pixel), estimate heights from it with the height model and priors "
    "sampled from the DEM every prior spacing metres (ellipsoidal heights), and evaluate "
    "the estimated heights, and the DEM itself, against the reference per layover/shadow "
    "class of the reference. This is the setting the height model was trained in: a fine "
    "reference DEM and a coarser DEM (e.g. 3 x coarser, resampled onto the same grid of "
    "10-30 m). Replace the simulated image by the product's measurement raster to run it "
    "on real data (the radar pixel area then depends on its calibration).")
CALIBRATION_COMMENT = (
    "gdal_translate -scale adds -10 log10(radar pixel area) to the dB values and keeps the "
    "look direction the reconstruction writes into the metadata.")


def place(component, x, y):
    """Put the modeler box of ``component`` at (``x``, ``y``) with the size BOX."""
    component.setPosition(QPointF(x, y))
    component.setSize(BOX)


def registered(algorithm_id):
    """Return the registered algorithm ``algorithm_id``; stop if it is not registered."""
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    if algorithm is None:
        sys.exit(f"algorithm {algorithm_id} is not registered: cannot build the model")
    return algorithm


def inputs():
    """Return the model's input parameter definitions, in the order the run dialog lists them.

    The SAR product input is a copy of simulate_sar's own product parameter (same file picker).
    """
    product = registered("sarheight:simulate_sar").parameterDefinition("GEOMETRY").clone()
    product.setName("sar_product")
    definitions = [
        product,
        QgsProcessingParameterRasterLayer("dem", ""),
        QgsProcessingParameterRasterLayer("reference", ""),
        QgsProcessingParameterNumber(
            "prior_spacing", "", QgsProcessingParameterNumber.Double, defaultValue=0.0,
            minValue=0.0),
        QgsProcessingParameterNumber(
            "radar_pixel_area", "", QgsProcessingParameterNumber.Double,
            defaultValue=PIXEL_AREA, minValue=1e-6),
        QgsProcessingParameterFile(
            "height_model", "", behavior=QgsProcessingParameterFile.File, extension="onnx",
            optional=True),
    ]
    assert [d.name() for d in definitions] == list(INPUTS)
    for definition, decimals in zip(definitions[3:5], (0, 2)):  # not 1000.000000 m
        definition.setMetadata({"widget_wrapper": {"decimals": decimals}})
    for definition in definitions:
        definition.setDescription(INPUTS[definition.name()][0])
        definition.setHelp(INPUTS[definition.name()][1])
    return definitions


def add_inputs(model):
    """Add the model inputs, one under the other in the left column, in the dialog's order."""
    for row, definition in enumerate(inputs()):
        component = QgsProcessingModelParameter(definition.name())
        place(component, COLUMNS[0], 100 + 100 * row)
        model.addModelParameter(definition, component)
    model.setParameterOrder(list(INPUTS))


# defaults that follow the machine (WORKERS = min(2, CPUs)) get a fixed value, so the shipped
# model is the same whichever machine generated it
MACHINE_INDEPENDENT = {"WORKERS": 2}


def child(model, step, sources, outputs, comment=None, read_later=()):
    """Add the child algorithm ``step`` = (id, algorithm id, description, (x, y)).

    ``sources`` maps parameter names to model sources; every other input parameter of the
    algorithm gets its registered default as a static value (None where it has none, which only
    an optional parameter may have: the model's validation checks it). ``outputs`` maps the
    algorithm's output names to (model output name, (x, y)) of the model outputs they become.
    ``comment``: (text, (x, y)) of a comment box, or None. ``read_later``: the output names
    that a later step reads; their model outputs are mandatory (QGIS does not write an optional
    model output left empty, and the later step would then run without it).
    """
    child_id, algorithm_id, description, (x, y) = step
    algorithm = registered(algorithm_id)
    unknown = set(sources) - {p.name() for p in algorithm.parameterDefinitions()}
    if unknown:
        sys.exit(f"{child_id}: {algorithm_id} has no parameter {sorted(unknown)}")
    component = QgsProcessingModelChildAlgorithm(algorithm_id)
    component.setChildId(child_id)
    component.setDescription(description)
    place(component, x, y)
    for parameter in algorithm.parameterDefinitions():
        if parameter.isDestination() or (
                parameter.flags() & QgsProcessingParameterDefinition.FlagHidden):
            continue
        source = sources.get(parameter.name())
        if source is None:
            value = MACHINE_INDEPENDENT.get(parameter.name(), parameter.defaultValue())
            source = QgsProcessingModelChildParameterSource.fromStaticValue(value)
        component.addParameterSources(parameter.name(), [source])
    model_outputs = {}
    for output_name, (name, (ox, oy)) in outputs.items():
        assert (child_id, name) in OUTPUTS, (child_id, name)
        out = QgsProcessingModelOutput(name, name)  # as the modeler's dialog makes them
        out.setChildOutputName(output_name)
        out.setChildId(child_id)
        out.setMandatory(output_name in read_later)
        place(out, ox, oy)
        model_outputs[name] = out
    component.setModelOutputs(model_outputs)
    if comment:
        text, (cx, cy) = comment
        component.comment().setDescription(text)
        place(component.comment(), cx, cy)
    model.addChildAlgorithm(component)  # adds a copy


def add_steps(model):
    """Add simulate, reconstruct, calibrate, estimate heights, and the two evaluations."""
    param = QgsProcessingModelChildParameterSource
    left, middle, right, outs = COLUMNS[1:]
    child(model, ("simulate_sar_1", "sarheight:simulate_sar",
                  "Simulate the measured image (reference DEM)", (left, 100)), {
        "DEM": param.fromModelParameter("reference"),
        "GEOMETRY": param.fromModelParameter("sar_product"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "SPECKLE_LOOKS": param.fromStaticValue(4),
        "SEED": param.fromStaticValue(1),
        "TEXTURE": param.fromStaticValue(0.3),
    }, {"OUTPUT_MASK": ("Layover and shadow mask", (left, 600))},  # image: an intermediate
        read_later={"OUTPUT_MASK"})  # the evaluations' classes
    child(model, ("reconstruct_layover_1", "sarheight:reconstruct_layover",
                  "Reconstruct layover backscatter (DEM)", (middle, 100)), {
        "SAR": param.fromChildOutput("simulate_sar_1", "OUTPUT_SIMULATED"),
        "SAR_BAND": param.fromStaticValue(1),
        "INPUT_UNITS": param.fromStaticValue(0),
        "GEOMETRY": param.fromModelParameter("sar_product"),
        "DEM": param.fromModelParameter("dem"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "OUTPUT_UNITS": param.fromStaticValue(1),  # dB
    }, {"OUTPUT": ("Reconstructed backscatter", (right, 40)),
        "OUTPUT_GEOCODED": ("Geocoded backscatter", (right, 120))})
    child(model, ("calibrate_sigma0", "gdal:translate",
                  "Calibrate to sigma0 (divide by the radar pixel area)", (middle, 240)), {
        "INPUT": param.fromChildOutput("reconstruct_layover_1", "OUTPUT"),
        "EXTRA": param.fromExpression(CALIBRATION),
    }, {}, comment=(CALIBRATION_COMMENT, (left, 330)))
    child(model, ("estimate_height_1", "sarheight:estimate_height",
                  "Estimate heights (ASK-UNet)", (middle, 380)), {
        "SAR": param.fromChildOutput("calibrate_sigma0", "OUTPUT"),
        "SAR_BAND": param.fromStaticValue(1),
        "INPUT_UNITS": param.fromStaticValue(2),  # dB, as reconstructed
        "LOOK_DIRECTION": param.fromStaticValue(0),  # from the metadata reconstruct writes
        "PRIOR_DEM": param.fromModelParameter("dem"),
        "PRIOR_SPACING": param.fromModelParameter("prior_spacing"),
        "PRIOR_DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "MODEL": param.fromModelParameter("height_model"),
    }, {"OUTPUT": ("Estimated heights", (middle, 500))})
    evaluations = [("compare_dem_1", "Evaluate the estimated heights", "estimate_height_1",
                    2, "the estimate", 300),  # ellipsoidal: the priors were converted
                   ("compare_dem_2", "Evaluate the DEM (baseline)", None, 0, "the DEM", 540)]
    for child_id, description, estimate, datum, what, y in evaluations:
        child(model, (child_id, "sarheight:compare_dem", description, (right, y)), {
            "DEM": (param.fromChildOutput(estimate, "OUTPUT") if estimate
                    else param.fromModelParameter("dem")),
            "DEM_VERTICAL_DATUM": param.fromStaticValue(datum),
            "REFERENCE": param.fromModelParameter("reference"),
            "REFERENCE_VERTICAL_DATUM": param.fromStaticValue(0),
            "MASK": param.fromChildOutput("simulate_sar_1", "OUTPUT_MASK"),
        }, {"OUTPUT_ERROR": (f"Error of {what}", (outs, y - 40)),
            "OUTPUT_REPORT": (f"Report on {what}", (outs, y + 40))})


def build():
    """Return the SAR Height chain: simulate, reconstruct, calibrate, estimate heights, compare.

    Needs the SAR Height provider and GDAL's Processing provider registered. Stops with the
    model's own validation messages if the model is invalid.
    """
    model = QgsProcessingModelAlgorithm("SAR Height chain", "SAR Height")
    add_inputs(model)
    add_steps(model)
    help_content = {"ALG_DESC": DESCRIPTION, "ALG_CREATOR": "SAR Height",
                    "ALG_HELP_CREATOR": "SAR Height"}
    help_content.update({name: text for name, (_, text) in INPUTS.items()})
    help_content.update({f"{child_id}:{name}": text for (child_id, name), text in OUTPUTS.items()})
    model.setHelpContent(help_content)
    valid, errors = model.validate()
    if not valid:
        sys.exit("the model is invalid:\n" + "\n".join(errors))
    return model


def main():
    """Start a bare QGIS with Processing and the SAR Height provider; build and write MODEL."""
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(QGIS_PYTHON_PLUGINS)
    from processing.core.Processing import Processing

    from sar_height.processing_provider.provider import SarHeightProvider

    Processing.initialize()
    provider = SarHeightProvider()  # referenced until the model is written
    QgsApplication.processingRegistry().addProvider(provider)
    model = build()
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(MODEL)):
        sys.exit("could not write " + str(MODEL))
    print("wrote", MODEL)
    app.exitQgis()


if __name__ == "__main__":
    main()
