"""Build the shipped graphical-modeler chain resources/modeler/sar_height_chain.model3.

Run in the development environment (QGIS bindings + the package sar_height, `make setup`):
.venv/bin/python scripts/make_models.py
The model is built through the QGIS API rather than written by hand, so it is exactly what
the modeler itself would save.
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QPointF

ROOT = Path(__file__).resolve().parents[1]

MODEL = ROOT / "resources" / "modeler" / "sar_height_chain.model3"
# `processing` is a QGIS core plugin, not a module on Python's path: the QGIS desktop app adds
# its folder at start, a bare QgsApplication does not.
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"  # Debian's


def add_input(model, parameter, x, y):
    """Add ``parameter`` as a model input, drawn at (``x``, ``y``) in the modeler canvas."""
    model.addModelParameter(parameter, QgsProcessingModelParameter(parameter.name()))
    model.parameterComponent(parameter.name()).setPosition(QPointF(x, y))


def child(model, algorithm_id, child_id, sources, outputs, x, y):
    """Add the child algorithm ``algorithm_id`` as step ``child_id`` at (``x``, ``y``).

    ``sources`` maps its parameter names to model sources; ``outputs`` maps its output names to
    the labels of the model outputs they become.
    """
    step = QgsProcessingModelChildAlgorithm(algorithm_id)
    step.setChildId(child_id)
    step.setDescription(child_id)
    step.setPosition(QPointF(x, y))
    for name, source in sources.items():
        step.addParameterSources(name, [source])
    model_outputs = {}
    for output_name, label in outputs.items():
        out = QgsProcessingModelOutput(label, label)
        out.setChildOutputName(output_name)
        out.setChildId(child_id)
        model_outputs[label] = out
    step.setModelOutputs(model_outputs)
    model.addChildAlgorithm(step)


# The reconstruction is radar cross-section per radar pixel (flat-equivalent dB, what
# simulate_sar writes); the height model was trained on sigma0 (dB): subtract
# 10 log10(ground area of one radar pixel). gdal_translate -scale maps x to x + offset and,
# unlike a raster calculator, keeps the SAR_LOOK_DIRECTION metadata estimate_height reads.
# An input left out of a run is no expression variable (QGIS 3.22): coalesce to its default.
PIXEL_AREA = 100.0  # m², Sentinel-1 GRD: 10 m x 10 m
_AREA = f"coalesce(@radar_pixel_area, {PIXEL_AREA:g})"
CALIBRATION = (f"'-scale 0 1 ' || to_string(-10 * log10({_AREA})) || ' ' || "
               f"to_string(1 - 10 * log10({_AREA}))")


def build():
    """Return the SAR Height chain: simulate, reconstruct, calibrate, estimate heights, compare."""
    model = QgsProcessingModelAlgorithm("SAR Height chain", "SAR Height")
    add_input(model, QgsProcessingParameterRasterLayer(
        "dem", "DEM (drives the reconstruction, supplies the prior heights)"), 100, 100)
    add_input(model, QgsProcessingParameterFile("sar_product", "SAR product or geometry file"),
              100, 200)
    add_input(model, QgsProcessingParameterRasterLayer(
        "reference", "Reference DEM (true surface: simulated as the measured image, and the "
        "evaluation reference)"), 100, 300)
    add_input(model, QgsProcessingParameterNumber(
        "prior_spacing", "Prior spacing on the DEM (metres)",
        QgsProcessingParameterNumber.Double, defaultValue=1000.0, minValue=1.0), 100, 400)
    add_input(model, QgsProcessingParameterNumber(
        "radar_pixel_area", "Ground area of one radar pixel (m²; Sentinel-1 GRD: 10 m x 10 m "
        "= 100)", QgsProcessingParameterNumber.Double, defaultValue=PIXEL_AREA, minValue=1e-6),
        100, 500)
    add_input(model, QgsProcessingParameterFile(
        "height_model", "Height model (ONNX; empty = bundled model)",
        behavior=QgsProcessingParameterFile.File, extension="onnx", optional=True), 100, 600)
    param = QgsProcessingModelChildParameterSource
    child(model, "sarheight:simulate_sar", "simulate_sar_1", {
        "DEM": param.fromModelParameter("reference"),
        "GEOMETRY": param.fromModelParameter("sar_product"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "SPECKLE_LOOKS": param.fromStaticValue(4),
        "SEED": param.fromStaticValue(1),
        "TEXTURE": param.fromStaticValue(0.3),
    }, {"OUTPUT_MASK": "mask"}, 400, 150)  # the simulated image stays an intermediate
    child(model, "sarheight:reconstruct_layover", "reconstruct_layover_1", {
        "SAR": param.fromChildOutput("simulate_sar_1", "OUTPUT_SIMULATED"),
        "SAR_BAND": param.fromStaticValue(1),
        "INPUT_UNITS": param.fromStaticValue(0),
        "GEOMETRY": param.fromModelParameter("sar_product"),
        "DEM": param.fromModelParameter("dem"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "OUTPUT_UNITS": param.fromStaticValue(1),  # dB
    }, {"OUTPUT": "reconstructed", "OUTPUT_GEOCODED": "geocoded"}, 700, 150)
    child(model, "gdal:translate", "calibrate_sigma0", {
        "INPUT": param.fromChildOutput("reconstruct_layover_1", "OUTPUT"),
        "EXTRA": param.fromExpression(CALIBRATION),
    }, {}, 700, 300)
    child(model, "sarheight:estimate_height", "estimate_height_1", {
        "SAR": param.fromChildOutput("calibrate_sigma0", "OUTPUT"),
        "SAR_BAND": param.fromStaticValue(1),
        "INPUT_UNITS": param.fromStaticValue(2),  # dB, as reconstructed
        "LOOK_DIRECTION": param.fromStaticValue(0),  # from the metadata reconstruct writes
        "PRIOR_DEM": param.fromModelParameter("dem"),
        "PRIOR_SPACING": param.fromModelParameter("prior_spacing"),
        "PRIOR_DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "MODEL": param.fromModelParameter("height_model"),
    }, {"OUTPUT": "heights"}, 700, 450)
    child(model, "sarheight:compare_dem", "compare_dem_1", {
        "DEM": param.fromChildOutput("estimate_height_1", "OUTPUT"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(2),  # ellipsoidal: the priors are converted
        "REFERENCE": param.fromModelParameter("reference"),
        "REFERENCE_VERTICAL_DATUM": param.fromStaticValue(0),
        "MASK": param.fromChildOutput("simulate_sar_1", "OUTPUT_MASK"),
    }, {"OUTPUT_ERROR": "height_error", "OUTPUT_REPORT": "report"}, 1000, 400)
    child(model, "sarheight:compare_dem", "compare_dem_2", {
        "DEM": param.fromModelParameter("dem"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "REFERENCE": param.fromModelParameter("reference"),
        "REFERENCE_VERTICAL_DATUM": param.fromStaticValue(0),
        "MASK": param.fromChildOutput("simulate_sar_1", "OUTPUT_MASK"),
    }, {"OUTPUT_ERROR": "dem_error", "OUTPUT_REPORT": "dem_report"}, 1000, 550)
    model.setHelpContent({"ALG_DESC": (
        "SAR Height chain on one SAR product: simulate the SAR image of the reference DEM in "
        "the product's geometry (4-look speckle, texture) as the measured image, reconstruct "
        "its layover backscatter with the DEM, calibrate it to sigma0 (divided by the ground "
        "area of one radar pixel), estimate heights from it with the height model and priors "
        "sampled from the DEM every prior spacing metres (ellipsoidal heights), and evaluate "
        "the estimated heights, and the DEM itself, against the reference per layover/shadow "
        "class of the reference. This is the setting the height model was trained in: a fine "
        "reference DEM and a coarser DEM (e.g. 3 x coarser, resampled onto the same grid of "
        "10-30 m). Replace the simulated image by the product's measurement raster to run it "
        "on real data (the radar pixel area then depends on its calibration).")})
    return model


def main():
    """Start a bare QGIS with Processing and the SAR Height provider; build and write MODEL."""
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(QGIS_PYTHON_PLUGINS)
    from processing.core.Processing import Processing

    from sar_height.processing_provider.provider import SarHeightProvider

    Processing.initialize()
    QgsApplication.processingRegistry().addProvider(SarHeightProvider())
    model = build()
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(MODEL)):
        sys.exit("could not write " + str(MODEL))
    print("wrote", MODEL)
    app.exitQgis()


if __name__ == "__main__":
    main()
