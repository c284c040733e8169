"""Base class and small helpers shared by all SAR Height Processing algorithms.

A subclass sets a few class attributes and implements the usual
``initAlgorithm`` / ``processAlgorithm``::

    class SimulateSarAlgorithm(SarHeightAlgorithm):
        algorithm_id = "simulate_sar"          # also the icon name resources/icons/<id>.svg
        display_name = QT_TRANSLATE_NOOP("SimulateSarAlgorithm", "Simulate SAR image")
        group_id = "simulation"                # one of GROUPS
        help_html = QT_TRANSLATE_NOOP("SimulateSarAlgorithm", "<p>...</p>")

Translations: ``self.tr("text")`` looks the text up under the *class name* (what pylupdate5
records for ``self.tr`` calls inside a class body), then "SarHeightAlgorithm" (shared strings),
then "@default" (what pylupdate5 records for ``tr(...)`` calls outside any class, e.g. in a
helper function that is handed ``self.tr``). Class attributes are wrapped in
``QT_TRANSLATE_NOOP("<ClassName>", ...)`` so that pylupdate5 finds them. pylupdate5 only sees
calls named ``tr``/``translate``/``QT_TRANSLATE_NOOP`` with literal strings (not ``_tr``).
"""

import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingUtils,
    QgsRasterLayer,
    QgsRasterMinMaxOrigin,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .provider import ICON_DIR, PLUGIN_DIR, PROVIDER_ICON

STYLE_DIR = os.path.join(PLUGIN_DIR, "resources", "styles")
HELP_URL = "https://github.com/sar-height/sar_height#{}"

# group id -> display name (translated at run time with context "SarHeightAlgorithm")
GROUPS = {
    "simulation": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Simulation"),
    "reconstruction": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Layover reconstruction"),
    "height": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Height estimation"),
    "stereo": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Stereo radargrammetry"),
    "point_target": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Point targets"),
    "evaluation": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Evaluation"),
}


def require(condition, message):
    """Raise QgsProcessingException(message) unless ``condition`` is true."""
    if not condition:
        raise QgsProcessingException(message)


def make_progress(feedback, start=0.0, end=100.0):
    """Return ``progress(fraction) -> keep_going`` mapping [0, 1] onto [start, end] percent.

    Core functions call it with the fraction done; it returns False once the user cancelled.
    """

    def progress(fraction):
        if feedback is None:
            return True
        fraction = min(max(float(fraction), 0.0), 1.0)
        feedback.setProgress(start + fraction * (end - start))
        return not feedback.isCanceled()

    return progress


def style_path(qml_name):
    """Absolute path of ``resources/styles/<qml_name>.qml``."""
    return os.path.join(STYLE_DIR, qml_name + ".qml")


def apply_style(layer, qml_name):
    """Load ``resources/styles/<qml_name>.qml`` on ``layer``; True on success.

    QGIS keeps the min/max stored in a QML even when its limits say "cumulative cut" or
    "min/max", so for grey renderers they are recomputed from this layer's statistics
    (sampled: at most QgsRasterLayer.SAMPLE_SIZE cells, fast on large scenes).
    """
    _message, ok = layer.loadNamedStyle(style_path(qml_name))
    if not ok:
        return False
    renderer = layer.renderer()
    if renderer is not None and renderer.type() == "singlebandgray":
        origin = renderer.minMaxOrigin()
        if origin.limits() != QgsRasterMinMaxOrigin.None_:
            algorithm = renderer.contrastEnhancement().contrastEnhancementAlgorithm()
            layer.setContrastEnhancement(algorithm, origin.limits(), QgsRectangle(),
                                         int(QgsRasterLayer.SAMPLE_SIZE))
    layer.triggerRepaint()
    return True


def style_output(context, layer_id_or_path, qml_name):
    """Apply ``resources/styles/<qml_name>.qml`` to an output QGIS will load on completion.

    Call from ``postProcessAlgorithm`` with the value returned for the output (its path).
    The layer object created here is the one QGIS later adds to the project. Returns True
    when a style was applied.
    """
    if not layer_id_or_path or not context.willLoadLayerOnCompletion(layer_id_or_path):
        return False
    layer = QgsProcessingUtils.mapLayerFromString(layer_id_or_path, context)
    if layer is None:
        return False
    return apply_style(layer, qml_name)


class SarHeightAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: naming, icon, help, groups, translation."""

    algorithm_id = ""
    display_name = ""
    group_id = ""
    help_html = ""

    def tr(self, text):
        # pylupdate5 files self.tr() calls under the class name, QT_TRANSLATE_NOOP under the
        # context it names, and tr() calls outside a class (helpers that are handed self.tr)
        # under "@default": try those contexts in turn.
        for context in (type(self).__name__, "SarHeightAlgorithm", "@default"):
            translated = QCoreApplication.translate(context, text)
            if translated != text:
                return translated
        return text

    def createInstance(self):
        return type(self)()

    def name(self):
        return self.algorithm_id

    def displayName(self):
        return self.tr(self.display_name)

    def group(self):
        text = GROUPS.get(self.group_id, self.group_id)
        return QCoreApplication.translate("SarHeightAlgorithm", text)

    def groupId(self):
        return self.group_id

    def shortHelpString(self):
        return self.tr(self.help_html) if self.help_html else ""

    def helpUrl(self):
        return HELP_URL.format(self.name())

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):
        path = os.path.join(ICON_DIR, self.name() + ".svg")
        return path if os.path.exists(path) else PROVIDER_ICON
