"""Drive the QGIS desktop as a new user would; run by ``qgis --code`` (test_desktop_qgis.py).

Not a test module: QGIS executes this file after its window is up. The configuration comes as
JSON in the environment variable SAR_HEIGHT_DESKTOP:

    zip       the plugin zip (``make zip``), installed as *Install from ZIP* does
    out       folder for the screenshots and ``result.json``
    sample    folder the sample set is written into (from the sample-data dialog)

Steps: install the zip, show the Processing Toolbox searched for "sentinel", run *Write sample
data* from its dialog (the layers open in the map), open every SAR Height algorithm's dialog
(with its defaults, then with the sample inputs), open every shipped model in the modeler and
press its Run button, open the plugin's menu entries (About, Install onnxruntime, Write sample
data), unload the plugin and quit QGIS. Each dialog is screenshotted (QWidget.grab) and
closed; modal ones are grabbed from a timer while their ``exec()`` runs.

Every Python error is recorded: uncaught exceptions (sys.excepthook), the "Python error"
entries of the message log (errors QGIS catches, e.g. while loading plugins; its stack dialog
is replaced so that nothing blocks), Critical log entries, and failures of the steps themselves.
``result.json`` is rewritten after every step, so a run that hangs still says how far it got.
"""

import glob
import json
import os
import sys
import time
import traceback

import qgis.utils
from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QTimer
from qgis.PyQt.QtWidgets import QApplication

CONFIG = json.loads(os.environ["SAR_HEIGHT_DESKTOP"])
OUT = CONFIG["out"]
PLUGIN = "sar_height"
PROVIDER = "sarheight"
DIALOG_SIZE = (1100, 760)
MODELER_SIZE = (1500, 950)
SEARCHES = ("sentinel", "radar")
RESULT = {
    "qgis_version": Qgis.QGIS_VERSION,
    "locale": QgsApplication.locale(),
    "steps": [],
    "errors": [],
    "warnings": [],
    "plugin": {},
    "searches": {},
    "algorithms": {},
    "sample_dialogs": {},
    "models": {},
    "menu": {},
    "screenshots": [],
    "finished": False,
}


# -- recording ---------------------------------------------------------------------------------
def save_result():
    """Write RESULT to ``out``/result.json (after every step)."""
    path = os.path.join(OUT, "result.json")
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(RESULT, handle, indent=1, ensure_ascii=False, default=str)
    os.replace(path + ".tmp", path)


def record_error(kind, text):
    """Record a Python error of ``kind`` with its text (a traceback or log message)."""
    RESULT["errors"].append({"kind": kind, "text": text,
                             "step": RESULT["steps"][-1]["name"] if RESULT["steps"] else ""})


def excepthook(kind, value, trace):
    """Record an uncaught exception (instead of QGIS's error dialog)."""
    record_error("uncaught", "".join(traceback.format_exception(kind, value, trace)))


def stack_dialog(kind, value, trace, msg, pop_error=True):
    """Record what QGIS would show in its blocking "Python error" stack dialog."""
    record_error("stack dialog", "{}\n{}".format(msg, "".join(
        traceback.format_exception(kind, value, trace))))


PYTHON_ERROR = QCoreApplication.translate("Python", "Python error")
PYTHON_WARNING = QCoreApplication.translate("Python", "Python warning")


def log_message(message, tag, level):
    """Record the message log's Python errors and Critical entries; keep warnings aside."""
    if tag == PYTHON_ERROR or level == Qgis.Critical:
        record_error("message log [{}]".format(tag), message)
    elif tag == PYTHON_WARNING or level == Qgis.Warning:
        RESULT["warnings"].append({"tag": tag, "text": message,
                                   "python": tag == PYTHON_WARNING})


def install_hooks():
    """Catch every Python error from here on; nothing may open a blocking error dialog."""
    sys.excepthook = excepthook
    qgis.utils.open_stack_dialog = stack_dialog
    QgsApplication.messageLog().messageReceived.connect(log_message)


def step(name):
    """Run the decorated function as a named step; record its duration or its failure."""
    def wrap(function):
        def run(*args):
            entry = {"name": name, "ok": False}
            RESULT["steps"].append(entry)
            start = time.monotonic()
            try:
                function(*args)
                entry["ok"] = True
            except Exception:  # a failing step is a finding, not the end of the run
                record_error("step failed", traceback.format_exc())
            entry["seconds"] = round(time.monotonic() - start, 2)
            save_result()
        return run
    return wrap


# -- Qt helpers --------------------------------------------------------------------------------
def settle(milliseconds=300):
    """Let Qt lay out and paint for ``milliseconds`` (a local event loop)."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_for(signal, timeout_s):
    """Wait until ``signal`` is emitted or ``timeout_s`` passes; return True when it came."""
    came = []
    loop = QEventLoop()

    def arrived(*_args):
        came.append(True)
        loop.quit()

    signal.connect(arrived)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(arrived)
    return bool(came)


def shot(widget, name, rect=None):
    """Save a screenshot of ``widget`` (or its ``rect``) as ``out``/<name>.png; return the name."""
    file_name = name + ".png"
    pixmap = widget.grab() if rect is None else widget.grab(rect)
    if not pixmap.save(os.path.join(OUT, file_name)):
        raise RuntimeError("could not save {}".format(file_name))
    RESULT["screenshots"].append({"file": file_name, "title": widget.windowTitle(),
                                  "width": pixmap.width(), "height": pixmap.height()})
    return file_name


def screen_shot(name):
    """Save a screenshot of the whole (virtual) screen as ``out``/<name>.png."""
    screen = QApplication.primaryScreen()
    file_name = name + ".png"
    if not screen.grabWindow(0).save(os.path.join(OUT, file_name)):
        raise RuntimeError("could not save {}".format(file_name))
    RESULT["screenshots"].append({"file": file_name, "title": "screen"})
    return file_name


def new_dialog(before):
    """Return the modal widget, or else a dialog shown since ``before`` (ids of windows)."""
    from qgis.PyQt.QtWidgets import QDialog

    widget = QApplication.activeModalWidget()
    if widget is not None:
        return widget
    # exec() on a dialog that is visible already (processing.execAlgorithmDialog shows it
    # first) does not make it the active modal widget
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and id(widget) not in before:
            return widget
    return None


def modal(trigger, name, timeout_s=20.0):
    """Call ``trigger`` (which opens a modal dialog), screenshot that dialog and close it.

    Returns {"title", "cls", "file", "text"} of the dialog, or {} when none came within
    ``timeout_s``.
    """
    caught = {}
    deadline = time.monotonic() + timeout_s
    returned = []
    before = {id(widget) for widget in QApplication.topLevelWidgets() if widget.isVisible()}

    def poll():
        if returned:
            return
        widget = new_dialog(before)
        if widget is None:
            if time.monotonic() < deadline:
                QTimer.singleShot(100, poll)
            return
        settle(500)
        caught.update(title=widget.windowTitle(), cls=type(widget).__name__,
                      file=shot(widget, name))
        caught["text"] = widget.text() if hasattr(widget, "text") else ""
        widget.done(0)

    QTimer.singleShot(200, poll)
    trigger()
    returned.append(True)
    return caught


# -- the steps ---------------------------------------------------------------------------------
@step("install the plugin zip")
def install_plugin():
    """Install the zip as Plugins > Manage and Install Plugins > Install from ZIP does."""
    import pyplugin_installer

    pyplugin_installer.instance().installFromZipFile(CONFIG["zip"])
    settle()
    provider = QgsApplication.processingRegistry().providerById(PROVIDER)
    RESULT["plugin"] = {
        "active": PLUGIN in qgis.utils.active_plugins,
        "folder": os.path.join(qgis.utils.home_plugin_path, PLUGIN),
        "provider": provider is not None,
        "algorithms": sorted(alg.id() for alg in provider.algorithms()) if provider else [],
    }
    shot(qgis.utils.iface.mainWindow(), "main_window_installed")


def toolbox_algorithms(tree):
    """Return the ids of the algorithms the toolbox tree shows (all levels)."""
    found = []

    def walk(parent):
        model = tree.model()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            alg = tree.algorithmForIndex(index)
            if alg is not None:
                found.append(alg.id())
            walk(index)

    from qgis.PyQt.QtCore import QModelIndex

    walk(QModelIndex())
    return found


@step("search the Processing Toolbox")
def search_toolbox():
    """Show the Toolbox, search it as a user would, screenshot the first search."""
    toolbox = qgis.utils.plugins["processing"].toolbox
    toolbox.show()
    toolbox.resize(420, 700)
    for number, text in enumerate(SEARCHES):
        toolbox.searchBox.setText(text)
        settle()
        toolbox.algorithmTree.expandAll()
        RESULT["searches"][text] = toolbox_algorithms(toolbox.algorithmTree)
        if number == 0:
            shot(toolbox, "toolbox_search_{}".format(text))
    toolbox.searchBox.setText(QCoreApplication.translate("ProcessingToolbox", "SAR Height"))
    settle()
    toolbox.algorithmTree.expandAll()
    shot(toolbox, "toolbox_sar_height")
    toolbox.searchBox.setText("")


@step("write the sample data from its dialog")
def write_sample_data():
    """Run Write sample data from its dialog; screenshot the dialog, its log and the map."""
    import processing

    dialog = processing.createAlgorithmDialog(PROVIDER + ":write_sample_data",
                                              {"OUTPUT_FOLDER": CONFIG["sample"]})
    dialog.resize(*DIALOG_SIZE)
    dialog.show()
    settle()
    shot(dialog, "dialog_write_sample_data")
    finished = []
    dialog.algorithmFinished.connect(lambda ok, results: finished.append((ok, results)))
    dialog.runAlgorithm()
    if not finished:
        wait_for(dialog.algorithmFinished, 300)
    settle()
    shot(dialog, "dialog_write_sample_data_log")
    RESULT["sample_data"] = {
        "finished": bool(finished), "ok": bool(finished and finished[0][0]),
        "layers": {layer.name(): layer.crs().authid() or layer.crs().description()
                   for layer in QgsProject.instance().mapLayers().values()},
        "log": dialog.textLog.toPlainText() if hasattr(dialog, "textLog") else ""}
    dialog.close()
    canvas = qgis.utils.iface.mapCanvas()
    canvas.zoomToFullExtent()
    canvas.refreshAllLayers()
    wait_for(canvas.mapCanvasRefreshed, 60)
    settle(1000)
    shot(qgis.utils.iface.mainWindow(), "main_window_sample_data")
    crs = QgsProject.instance().crs()
    RESULT["sample_data"]["project_crs"] = crs.authid() or crs.description()


def panel_report(dialog, alg):
    """Return what the dialog's parameter panel shows for ``alg``: widgets and missing ones."""
    panel = dialog.mainWidget()
    wrappers = getattr(panel, "wrappers", {})
    shown = [definition.name() for definition in alg.parameterDefinitions()
             if not definition.flags() & definition.FlagHidden]
    return {"parameters": shown, "without_widget": [name for name in shown
                                                    if name not in wrappers],
            "help_chars": len(alg.shortHelpString() or ""),
            "display_name": alg.displayName(), "title": dialog.windowTitle()}


def open_dialog(alg_id, parameters, name):
    """Open the dialog of ``alg_id`` filled with ``parameters``; screenshot, check, close it."""
    import processing

    dialog = processing.createAlgorithmDialog(alg_id, parameters)
    if dialog is None:
        raise RuntimeError("no dialog for {}".format(alg_id))
    dialog.resize(*DIALOG_SIZE)
    dialog.show()
    settle()
    report = panel_report(dialog, dialog.algorithm())
    report["file"] = shot(dialog, name)
    if parameters:
        values = dialog.createProcessingParameters()  # raises on an invalid value
        context = dialog.processingContext() if hasattr(dialog, "processingContext") else None
        if context is None:
            from processing.tools.dataobjects import createContext

            context = createContext()
        checked = []
        # a tool that misses onnxruntime offers to install it (a modal dialog) on first use
        report["offer"] = modal(lambda: checked.extend(dialog.algorithm().checkParameterValues(
            values, context)), "offer_" + name)
        report.update(check_ok=bool(checked[0]), check_message=checked[1])
    dialog.close()
    dialog.deleteLater()
    return report


def provider_algorithms():
    """Return the ids of the SAR Height algorithms, as the registry lists them."""
    provider = QgsApplication.processingRegistry().providerById(PROVIDER)
    return sorted(alg.id() for alg in provider.algorithms())


@step("open every algorithm's dialog")
def open_algorithm_dialogs():
    """Open each SAR Height algorithm's dialog with its defaults."""
    for alg_id in provider_algorithms():
        try:
            RESULT["algorithms"][alg_id] = open_dialog(alg_id, {}, "dialog_" +
                                                       alg_id.split(":")[1])
        except Exception:
            record_error("dialog " + alg_id, traceback.format_exc())
        save_result()


def sample_parameters():
    """Return {algorithm id: its sample inputs} from the plugin's sample-set table."""
    from sar_height.core.sample_set import FILES, TOOL_INPUTS

    folder = CONFIG["sample"]
    return {PROVIDER + ":" + tool: {key: os.path.join(folder, FILES[role])
                                    for key, role in inputs.items()}
            for tool, inputs in TOOL_INPUTS.items()}


@step("open every tool's dialog with the sample inputs")
def open_sample_dialogs():
    """Open each tool's dialog with the sample inputs the README names (not run)."""
    for alg_id, parameters in sample_parameters().items():
        if not parameters:
            continue
        try:
            RESULT["sample_dialogs"][alg_id] = open_dialog(
                alg_id, parameters, "sample_dialog_" + alg_id.split(":")[1])
        except Exception:
            record_error("sample dialog " + alg_id, traceback.format_exc())
        save_result()


def model_report(model):
    """Return the model's validity, per child step, and its inputs as the Run dialog lists them."""
    valid, errors = model.validate()
    children = {}
    for child_id in model.childAlgorithms():
        child_valid, issues = model.validateChildAlgorithm(child_id)
        children[child_id] = {"valid": child_valid, "issues": issues,
                              "description": model.childAlgorithm(child_id).description()}
    return {"name": model.displayName(), "valid": valid, "errors": errors,
            "children": children,
            "inputs": [definition.description() for definition in model.parameterDefinitions()
                       if not definition.isDestination()]}


@step("open every shipped model in the modeler")
def open_models():
    """Open each shipped .model3 in the modeler, screenshot it, press Run, screenshot that."""
    from processing.modeler.ModelerDialog import ModelerDialog
    from qgis.PyQt.QtCore import Qt

    folder = os.path.join(qgis.utils.home_plugin_path, PLUGIN, "resources", "modeler")
    for path in sorted(glob.glob(os.path.join(folder, "*.model3"))):
        stem = os.path.splitext(os.path.basename(path))[0]
        dialog = ModelerDialog.create()
        dialog.resize(*MODELER_SIZE)
        dialog.show()
        loaded = dialog.loadModel(path)
        settle()
        view = dialog.view()
        items = view.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20)
        view.fitInView(items, Qt.KeepAspectRatio)
        settle(500)
        report = model_report(dialog.model())
        graph = view.mapFromScene(items).boundingRect().intersected(view.viewport().rect())
        report.update(loaded=loaded is not False, file=shot(dialog, "modeler_" + stem),
                      graph_file=shot(view.viewport(), "modeler_graph_" + stem, graph))
        run = modal(dialog.actionRun().trigger, "modeler_run_" + stem)
        report["run_dialog"] = run
        RESULT["models"][os.path.basename(path)] = report
        dialog.setDirty(False)
        dialog.close()
        save_result()


def plugin_action(text):
    """Return the plugin's menu action whose text starts with ``text`` (translated)."""
    plugin = qgis.utils.plugins[PLUGIN]
    wanted = plugin.tr(text).rstrip("\u2026")
    for action in plugin.actions:
        if action.text().startswith(wanted):
            return action
    raise RuntimeError("no menu entry {!r} among {}".format(
        wanted, [action.text() for action in plugin.actions]))


@step("open the plugin's menu entries")
def open_menu_entries():
    """Trigger each of the plugin's Raster menu entries; screenshot the dialog each opens."""
    entries = (("About SAR Height\u2026", "menu_about"),
               ("Install onnxruntime\u2026", "menu_install_onnxruntime"),
               ("Write sample data\u2026", "menu_write_sample_data"))
    for text, name in entries:
        RESULT["menu"][name] = modal(plugin_action(text).trigger, name)
        save_result()


@step("unload the plugin")
def unload_plugin():
    """Unload the plugin as the plugin manager does when it is switched off."""
    RESULT["plugin"]["unloaded"] = bool(qgis.utils.unloadPlugin(PLUGIN))
    settle()
    RESULT["plugin"]["provider_after_unload"] = (
        QgsApplication.processingRegistry().providerById(PROVIDER) is not None)


def main():
    """Run the steps, then quit QGIS through its own Exit action."""
    mainwindow = qgis.utils.iface.mainWindow()
    mainwindow.setGeometry(0, 0, 1600, 1000)
    settle(1000)
    for run in (install_plugin, search_toolbox, write_sample_data, open_algorithm_dialogs,
                open_sample_dialogs, open_models, open_menu_entries):
        run()
    screen_shot("screen_end")
    unload_plugin()
    RESULT["finished"] = True
    save_result()
    QgsProject.instance().setDirty(False)  # no "save the project?" question
    QTimer.singleShot(10000, exit_failed)
    qgis.utils.iface.actionExit().trigger()


def exit_failed():
    """Record why Project > Exit did not end QGIS within 10 s (what is open), then exit."""
    RESULT["exit_blocked_by"] = [
        "{} {!r}".format(type(widget).__name__, widget.windowTitle())
        for widget in QApplication.topLevelWidgets() if widget.isVisible()]
    screen_shot("screen_exit_blocked")
    save_result()
    QgsApplication.exit(3)


os.makedirs(OUT, exist_ok=True)
install_hooks()
save_result()
QTimer.singleShot(500, main)
