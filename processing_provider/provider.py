"""The SAR Height Processing provider."""

import importlib
import os

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

PROVIDER_ID = "sarheight"
PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICON_DIR = os.path.join(PLUGIN_DIR, "resources", "icons")
PROVIDER_ICON = os.path.join(ICON_DIR, "sarheight.svg")

# (module relative to this package, class name). Modules are imported lazily in
# loadAlgorithms so that loading the plugin stays cheap.
ALGORITHM_MODULES = [
    (".write_sample_data", "WriteSampleDataAlgorithm"),
    (".simulate_sar", "SimulateSarAlgorithm"),
    (".sentinel1_backscatter", "Sentinel1BackscatterAlgorithm"),
    (".reconstruct_layover", "ReconstructLayoverAlgorithm"),
    (".compare_dem", "CompareDemAlgorithm"),
    (".estimate_height", "EstimateHeightAlgorithm"),
    (".stereo_radargrammetry", "StereoRadargrammetryAlgorithm"),
    (".point_target_height", "PointTargetHeightAlgorithm"),
    (".point_target_accuracy", "PointTargetAccuracyAlgorithm"),
]

# Filled by loadAlgorithms: the algorithm classes that could be imported.
ALGORITHM_CLASSES = []


def load_algorithm_classes():
    """Import the algorithm modules and return their classes.

    A module that does not exist yet (ModuleNotFoundError naming that very module) is
    skipped and logged; every other error propagates.
    """
    classes = []
    for module_name, class_name in ALGORITHM_MODULES:
        full_name = __package__ + module_name
        try:
            module = importlib.import_module(module_name, __package__)
        except ModuleNotFoundError as error:
            if error.name != full_name:
                raise
            QgsMessageLog.logMessage(
                "Algorithm module {} not found; skipped.".format(full_name),
                "SAR Height",
                Qgis.Warning,
            )
            continue
        classes.append(getattr(module, class_name))
    return classes


class SarHeightProvider(QgsProcessingProvider):
    """Processing provider holding all SAR Height algorithms."""

    def id(self):
        """Return the provider id, the prefix of the algorithm ids (sarheight:...)."""
        return PROVIDER_ID

    def name(self):
        """Return the translated provider name shown in the Processing Toolbox."""
        return self.tr("SAR Height")

    def longName(self):
        """Return the long name: the same as the name."""
        return self.name()

    def icon(self):
        """Return the provider's icon."""
        return QIcon(PROVIDER_ICON)

    def svgIconPath(self):
        """Return the path of the provider's SVG icon."""
        return PROVIDER_ICON

    def loadAlgorithms(self):
        """Add one instance of every algorithm class that could be imported.

        ALGORITHM_CLASSES is refilled on every call.
        """
        ALGORITHM_CLASSES[:] = load_algorithm_classes()
        for algorithm_class in ALGORITHM_CLASSES:
            self.addAlgorithm(algorithm_class())

    def tr(self, message):
        """Translate ``message`` in the context "SarHeightProvider"."""
        return QCoreApplication.translate("SarHeightProvider", message)
