"""Build the shipped graphical-modeler chain resources/modeler/sar_height_chain.model3.

Run with the system Python (QGIS bindings): /usr/bin/python3 scripts/make_models.py
The model is built through the QGIS API rather than written by hand, so it is exactly what
the modeler itself would save.
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".build" / "plugins"))
sys.path.append("/usr/share/qgis/python/plugins")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QPointF  # noqa: E402

MODEL = ROOT / "resources" / "modeler" / "sar_height_chain.model3"


def add_input(model, parameter, x, y):
    model.addModelParameter(parameter, QgsProcessingModelParameter(parameter.name()))
    model.parameterComponent(parameter.name()).setPosition(QPointF(x, y))


def child(model, algorithm_id, child_id, sources, outputs, x, y):
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


def build():
    model = QgsProcessingModelAlgorithm("SAR Height chain", "SAR Height")
    add_input(model, QgsProcessingParameterRasterLayer("dem", "DEM"), 100, 100)
    add_input(model, QgsProcessingParameterFile("sar_product", "SAR product or geometry file"),
              100, 250)
    add_input(model, QgsProcessingParameterRasterLayer("reference", "Reference DEM"), 100, 400)
    param = QgsProcessingModelChildParameterSource
    child(model, "sarheight:simulate_sar", "simulate_sar_1", {
        "DEM": param.fromModelParameter("dem"),
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
        "OUTPUT_UNITS": param.fromStaticValue(1),
    }, {"OUTPUT": "reconstructed", "OUTPUT_GEOCODED": "geocoded"}, 700, 150)
    child(model, "sarheight:compare_dem", "compare_dem_1", {
        "DEM": param.fromModelParameter("dem"),
        "DEM_VERTICAL_DATUM": param.fromStaticValue(0),
        "REFERENCE": param.fromModelParameter("reference"),
        "REFERENCE_VERTICAL_DATUM": param.fromStaticValue(0),
        "MASK": param.fromChildOutput("reconstruct_layover_1", "OUTPUT_MASK"),
    }, {"OUTPUT_ERROR": "dem_error", "OUTPUT_REPORT": "report"}, 1000, 300)
    model.setHelpContent({"ALG_DESC": (
        "SAR Height chain on one SAR product: simulate the SAR image of the DEM in the "
        "product's geometry (4-look speckle, texture), reconstruct the layover backscatter of "
        "that image, and evaluate the DEM against a reference DEM per layover/shadow class. "
        "Replace the simulated image by the product's measurement raster to run it on real "
        "data.")})
    return model


def main():
    app = QgsApplication([], False)
    app.initQgis()
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
