"""Base class and small helpers shared by all SAR Height Processing algorithms.

A subclass sets a few class attributes and implements the usual
``initAlgorithm`` / ``processAlgorithm``::

    class SimulateSarAlgorithm(SarHeightAlgorithm):
        algorithm_id = "simulate_sar"          # also the icon name resources/icons/<id>.svg
        display_name = QT_TRANSLATE_NOOP("SimulateSarAlgorithm", "Simulate SAR image")
        group_id = "height"                    # one of GROUPS

Help: the summary (shortDescription), the search words (tags), the dialog's help
(shortHelpString) and every parameter's help (its tooltip, set after ``initAlgorithm``) come
from resources/help/<language>/<algorithm id>.html (processing_provider/help.py); helpUrl() is
the documentation page built from it and the README, resources/help/pages/<language>/<id>.html.

Translations: ``self.tr("text")`` looks the text up under the *class name* (what pylupdate5
records for ``self.tr`` calls inside a class body), then "SarHeightAlgorithm" (shared strings),
then "@default" (what pylupdate5 records for ``tr(...)`` calls outside any class, e.g. in a
helper function that is handed ``self.tr``). Class attributes are wrapped in
``QT_TRANSLATE_NOOP("<ClassName>", ...)`` so that pylupdate5 finds them. pylupdate5 only sees
calls named ``tr``/``translate``/``QT_TRANSLATE_NOOP`` with literal strings (not ``_tr``).
"""

import functools
import os
import signal
import threading
from contextlib import contextmanager

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingUtils,
    QgsRasterLayer,
    QgsRasterMinMaxOrigin,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl
from qgis.PyQt.QtGui import QIcon

from .common import number_range_problem, output_path_problem, set_spin_box_decimals
from .help import algorithm_help, page_path, search_tags, user_language
from .provider import ICON_DIR, PLUGIN_DIR, PROVIDER_ICON
from .styles import DB_STYLES, LINEAR, fit_decibel_style, fit_pseudocolor, shared_range

STYLE_DIR = os.path.join(PLUGIN_DIR, "resources", "styles")

# group id -> display name (translated at run time with context "SarHeightAlgorithm"), one group
# per workflow. The Toolbox sorts groups by name: these sort in the order of GROUP_ORDER (the
# sample data first, then the workflows of one image, point targets and a stereo pair, then the
# validation of any result) in English and German, which test/test_help_qgis.py checks.
GROUPS = {
    "getting_started": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Getting started"),
    "height": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Height from one SAR image"),
    "point_target": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Point targets (Staring Spotlight)"),
    "stereo": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Stereo radargrammetry"),
    "validation": QT_TRANSLATE_NOOP("SarHeightAlgorithm", "Validation"),
}
GROUP_ORDER = tuple(GROUPS)


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


def apply_style(layer, qml_name, units=LINEAR, value_range=None):
    """Load ``resources/styles/<qml_name>.qml`` on ``layer``; True on success.

    QGIS keeps the min/max stored in a QML even when its limits say "cumulative cut" or
    "min/max", so they are recomputed from this layer's statistics (sampled, fast on large
    scenes): for grey renderers by QGIS, for colour ramps by processing_provider.styles, which
    also lays the backscatter style out in dB. ``units``: what a backscatter raster holds
    (styles.LINEAR or styles.DECIBEL); ``value_range``: a (low, high) shared with other layers
    (in dB for the backscatter style) instead of this layer's own.
    """
    _message, ok = layer.loadNamedStyle(style_path(qml_name))
    if not ok:
        return False
    renderer = layer.renderer()
    if qml_name in DB_STYLES:
        fit_decibel_style(layer, units, value_range)
    elif renderer is not None and renderer.type() == "singlebandgray":
        origin = renderer.minMaxOrigin()
        if origin.limits() != QgsRasterMinMaxOrigin.None_:
            algorithm = renderer.contrastEnhancement().contrastEnhancementAlgorithm()
            layer.setContrastEnhancement(algorithm, origin.limits(), QgsRectangle(),
                                         int(QgsRasterLayer.SAMPLE_SIZE))
    elif renderer is not None and renderer.type() == "singlebandpseudocolor":
        if renderer.minMaxOrigin().limits() != QgsRasterMinMaxOrigin.None_:
            fit_pseudocolor(layer, value_range)
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


def style_outputs_together(context, paths, qml_name, units=LINEAR):
    """Apply one style with one common range to rasters written together; return how many.

    The range is the envelope of each raster's (e.g. the 2-98 % cumulative cuts of the
    reconstructed and the geocoded backscatter), so that layers meant to be compared show the
    same value in the same colour. ``units``: see apply_style. Only the layers QGIS loads on
    completion are styled; every raster in ``paths`` counts for the range.
    """
    loaded = [QgsProcessingUtils.mapLayerFromString(path, context)
              for path in paths if path and context.willLoadLayerOnCompletion(path)]
    loaded = [layer for layer in loaded if layer is not None]
    if not loaded:
        return 0
    sources = {layer.source(): layer for layer in loaded}
    layers = [sources.get(path) or QgsRasterLayer(path, "") for path in paths if path]
    if not loaded[0].loadNamedStyle(style_path(qml_name))[1]:  # for the style's min/max origin
        return 0
    origin = loaded[0].renderer().minMaxOrigin()
    value_range = shared_range(layers, origin, units if qml_name in DB_STYLES else None)
    return sum(bool(apply_style(layer, qml_name, units, value_range)) for layer in loaded)


CANCEL_SIGNALS = ("SIGINT", "SIGTERM")  # SIGTERM does not exist everywhere: looked up by name


@contextmanager
def cancel_on_signals(feedback):
    """Cancel ``feedback`` on Ctrl-C (SIGINT) and SIGTERM while the block runs.

    The process is not killed mid-write, so the run discards its temporaries and ends; yields the
    list of the names of the signals received. A second signal gets the previous behaviour (e.g.
    exits at once). Only in the main thread (where qgis_process runs algorithms; Python allows
    handlers nowhere else) and only where the previous handler is Python's own, so that it can be
    restored exactly. Python runs the handler between two bytecodes of the main thread: a long C
    call (one GDAL warp, one batch of the network) delays it.
    """
    received = []
    if feedback is None or threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {}

    def handler(number, frame):
        if received:  # asked twice: do what would have happened without us
            signal.signal(number, previous[number])
            signal.raise_signal(number)
            return
        received.append(signal.Signals(number).name)
        feedback.pushInfo(QCoreApplication.translate(
            "SarHeightAlgorithm", "{0} received: cancelling.").format(received[0]))
        feedback.cancel()

    for name in CANCEL_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not None:
            previous[number] = signal.signal(number, handler)
    try:
        yield received
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _ranges_first(check):
    """Wrap a subclass's checkParameterValues so that the shared number range check runs first.

    Its own checks read the numbers, and QGIS's message for them says only "Incorrect parameter
    value".
    """

    @functools.wraps(check)
    def checkParameterValues(self, parameters, context):
        problem = number_range_problem(self, parameters, context)
        if problem:
            return False, problem
        return check(self, parameters, context)

    return checkParameterValues


def _with_help(init):
    """Wrap a subclass's initAlgorithm: every parameter gets its help (its tooltip).

    Decimal numbers also get the decimals of their spin box (common.set_spin_box_decimals).
    """

    @functools.wraps(init)
    def initAlgorithm(self, config=None):
        init(self, config)
        set_spin_box_decimals(self)
        helps = algorithm_help(self.algorithm_id).parameters
        for definition in self.parameterDefinitions():
            text = helps.get(definition.name())
            if text:
                definition.setHelp(text)

    return initAlgorithm


def _guarded(process):
    """Wrap a subclass's processAlgorithm in the shared output rules (see SarHeightAlgorithm)."""

    @functools.wraps(process)
    def processAlgorithm(self, parameters, context, feedback):
        from ..core.output_commit import OutputError, OutputSet

        # checkParameterValues is not called for the children of a graphical model (3.22)
        problem = output_path_problem(self, parameters, context)
        if problem:
            raise QgsProcessingException(problem)
        self.output_set = OutputSet()
        self.sink_filled = False
        try:
            with cancel_on_signals(feedback) as signals:
                results = process(self, parameters, context, feedback)
                if feedback is not None and feedback.isCanceled() and not self.sink_filled:
                    self.output_set.discard()
                    if signals:  # a failure for qgis_process' exit status, not a result
                        raise QgsProcessingException(QCoreApplication.translate(
                            "SarHeightAlgorithm", "Interrupted by {0}: no output "
                            "written.").format(signals[0]))
                    if results:  # cancelled after the core's last check
                        feedback.pushInfo(QCoreApplication.translate(
                            "SarHeightAlgorithm", "Cancelled: no output written."))
                    return {}
                self.output_set.commit()
        except OutputError as exc:
            raise QgsProcessingException(str(exc)) from exc
        finally:
            self.output_set.discard()  # after a failure; nothing left to do after commit
        return results

    return processAlgorithm


class SarHeightAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: naming, icon, help, groups, translation, and the output rules.

    Output rules, for every subclass: ``checkParameterValues`` refuses an output that is an
    input file or another output; ``processAlgorithm`` is wrapped (``__init_subclass__``) so
    that it checks that again (models skip checkParameterValues), gives the run an
    ``self.output_set`` (core.output_commit.OutputSet) for its writers, turns SIGINT/SIGTERM
    into a cancel, and at the end discards the set when the run was cancelled (whenever the
    cancel came) or commits it, all or nothing. A feature sink is written by QGIS itself, so
    an algorithm decides on the cancel just before it creates one and sets
    ``self.sink_filled`` once it is filled: filling it is that run's commit.
    """

    algorithm_id = ""
    display_name = ""
    group_id = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "initAlgorithm" in cls.__dict__:
            cls.initAlgorithm = _with_help(cls.__dict__["initAlgorithm"])
        if "processAlgorithm" in cls.__dict__:
            cls.processAlgorithm = _guarded(cls.__dict__["processAlgorithm"])
        if "checkParameterValues" in cls.__dict__:
            cls.checkParameterValues = _ranges_first(cls.__dict__["checkParameterValues"])

    def checkParameterValues(self, parameters, context):
        """Check number ranges, then QGIS's own checks, then that outputs overwrite no input.

        The range check comes first because QGIS's message for a number out of range says only
        "Incorrect parameter value". Returns (ok, message).
        """
        problem = number_range_problem(self, parameters, context)  # before QGIS's vaguer one
        if problem:
            return False, problem
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        problem = output_path_problem(self, parameters, context)
        return (False, problem) if problem else (True, "")

    def tr(self, text):
        """Translate ``text``, trying in turn each context pylupdate5 may have filed it under.

        pylupdate5 files self.tr() calls under the class name, QT_TRANSLATE_NOOP under the
        context it names, and tr() calls outside a class (helpers that are handed self.tr)
        under "@default".
        """
        for context in (type(self).__name__, "SarHeightAlgorithm", "@default"):
            translated = QCoreApplication.translate(context, text)
            if translated != text:
                return translated
        return text

    def createInstance(self):
        """Return a new instance of this algorithm (QGIS runs copies of the registered one)."""
        return type(self)()

    def name(self):
        """Return the algorithm id without the provider prefix (``algorithm_id``)."""
        return self.algorithm_id

    def displayName(self):
        """Return the translated name shown in the Processing Toolbox."""
        return self.tr(self.display_name)

    def group(self):
        """Return the translated name of the Processing Toolbox group."""
        text = GROUPS.get(self.group_id, self.group_id)
        return QCoreApplication.translate("SarHeightAlgorithm", text)

    def groupId(self):
        """Return the id of the Processing Toolbox group (a key of GROUPS)."""
        return self.group_id

    def shortDescription(self):
        """Return the one-sentence summary shown as the Toolbox tooltip (the user's language)."""
        return algorithm_help(self.name()).summary

    def tags(self):
        """Return the Toolbox search words: English ones and those of the user's language."""
        return search_tags(self.name())

    def shortHelpString(self):
        """Return the HTML help of the algorithm dialog's panel ('' when there is none).

        Read from resources/help/<language>/<algorithm id>.html, English where the user's
        language has none.
        """
        return algorithm_help(self.name()).description

    def helpUrl(self):
        """Return the file:// address of the documentation page shipped with the plugin.

        resources/help/pages/<language>/<algorithm id>.html, English where the user's language
        has none ('' where there is no page); the dialog's Help button opens it in the browser.
        """
        path = page_path(self.name(), user_language())
        return QUrl.fromLocalFile(path).toString() if os.path.isfile(path) else ""

    def icon(self):
        """Return the algorithm's icon."""
        return QIcon(self.svgIconPath())

    def svgIconPath(self):
        """Return the path of resources/icons/<algorithm id>.svg, else of the provider's icon."""
        path = os.path.join(ICON_DIR, self.name() + ".svg")
        return path if os.path.exists(path) else PROVIDER_ICON
