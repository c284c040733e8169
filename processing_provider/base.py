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
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .common import number_range_problem, output_path_problem
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
    help_html = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
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

    def shortHelpString(self):
        """Return the translated HTML help shown in the algorithm dialog ('' when there is none)."""
        return self.tr(self.help_html) if self.help_html else ""

    def helpUrl(self):
        """Return the address of this algorithm's section on the project page."""
        return HELP_URL.format(self.name())

    def icon(self):
        """Return the algorithm's icon."""
        return QIcon(self.svgIconPath())

    def svgIconPath(self):
        """Return the path of resources/icons/<algorithm id>.svg, else of the provider's icon."""
        path = os.path.join(ICON_DIR, self.name() + ".svg")
        return path if os.path.exists(path) else PROVIDER_ICON
