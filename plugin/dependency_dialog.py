"""Dependency dialog: install the pinned onnxruntime into the plugin's folder of the QGIS profile.

Shown from the menu (Raster > SAR Height > Install onnxruntime…) and, in the QGIS window, on the
first run of a tool that needs onnxruntime (processing_provider.common.set_install_offer). pip
runs in a QProcess with the Python of the running QGIS (core.dependencies.find_python); its
output is shown as it comes, then a second process imports onnxruntime from the folder to check
the installation, and the folder is added to this session's Python path (no restart needed).

Nothing here runs under qgis_process: the plugin creates the dialog and the offer only with a
QGIS window (iface).
"""

import codecs
import html

from qgis.PyQt.QtCore import QCoreApplication, QProcess, QProcessEnvironment, Qt, QThread
from qgis.PyQt.QtCore import pyqtSignal as Signal
from qgis.PyQt.QtGui import QFontDatabase
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
)

from ..core import dependencies
from ..processing_provider.common import onnxruntime_install_plan

NOT_RUNNING = QProcess.ProcessState.NotRunning


class DependencyDialog(QDialog):
    """Install ``plan`` (a core.dependencies.InstallPlan) with progress and a clear result.

    After the run ``succeeded`` says whether onnxruntime imports from the folder, ``version``
    which release it is and ``result_text`` what the dialog said; ``installFinished(bool)`` is
    emitted when the run ends.
    """

    installFinished = Signal(bool)  # noqa: N815 (Qt signal names are camelCase)

    def __init__(self, plan, parent=None, first_use=False):
        super().__init__(parent)
        self.plan = plan
        self.process = None
        self.succeeded = False
        self.version = None
        self.result_text = ""
        self._output = ""
        self._decoder = None
        self._pending = ""
        self._step = ""
        self.setWindowTitle(self.tr("Install onnxruntime"))
        self.setMinimumSize(700, 680)
        self._build(first_use)

    def tr(self, text):
        """Translate ``text`` in the context "DependencyDialog"."""
        return QCoreApplication.translate("DependencyDialog", text)

    # -- layout ------------------------------------------------------------------------------
    def _build(self, first_use):
        layout = QVBoxLayout(self)
        # A text browser, not a QLabel: a word-wrapped label's height is misjudged and clipped.
        self.intro = QTextBrowser()
        self.intro.setHtml(self._intro_html(first_use))
        self.intro.setFrameShape(QFrame.Shape.NoFrame)
        self.intro.setStyleSheet("background: transparent")
        self.intro.setMinimumHeight(270)
        layout.addWidget(self.intro, 1)
        layout.addWidget(QLabel(self.tr("Command:")))
        self.command = QLineEdit(self.plan.command_text())
        self.command.setReadOnly(True)
        layout.addWidget(self.command)
        self.stage = QLabel(self.tr("Not started."))
        layout.addWidget(self.stage)
        self.progress = QProgressBar()
        self.progress.setRange(0, dependencies.STAGE_COUNT)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log.setMinimumHeight(160)
        layout.addWidget(self.log, 2)
        self.result = QLabel(self._blocker())
        self.result.setWordWrap(True)
        self.result.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.result.setStyleSheet("font-weight: bold")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.install_button = self.buttons.addButton(self.tr("Install"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.install_button.setEnabled(self.plan.problem == "")
        self.install_button.clicked.connect(self.start_install)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _intro_html(self, first_use):
        plan = self.plan
        parts = []
        if first_use:
            parts.append(self.tr("<p><b>This tool needs the Python module onnxruntime, which "
                                 "is not installed.</b></p>"))
        parts.append(self.tr(
            "<p>The neural tools of SAR Height (height estimation, and stereo radargrammetry "
            "with the deep matcher) run their networks with onnxruntime, which QGIS does not "
            "include. This installs {0} for the Python of QGIS ({1}) into a folder of your QGIS "
            "profile, which SAR Height adds to Python's path:<br><tt>{2}</tt></p>"
            "<p>Nothing outside this folder changes; delete the folder to remove onnxruntime "
            "again.</p>"
        ).format(html.escape(plan.requirement), html.escape(plan.python or "?"),
                 html.escape(plan.target)))
        if plan.sources:
            parts.append(self.tr("<p>pip installs from the wheel folder {0}, not from the "
                                 "internet.</p>").format(html.escape(", ".join(plan.sources))))
        else:
            parts.append(self.tr("<p>pip downloads onnxruntime (about 15 MB) from the Python "
                                 "Package Index.</p>"))
        if not plan.pinned:
            parts.append(self.tr("<p>No onnxruntime release is pinned for this Python: pip "
                                 "takes the newest one that has a wheel for it.</p>"))
        current = dependencies.module_versions((("onnxruntime", "onnxruntime"),), plan.target)[0]
        if current["version"]:
            parts.append(self.tr("<p>onnxruntime {0} is installed already; installing again "
                                 "replaces the copy in the folder.</p>").format(
                html.escape(current["version"])))
        return "".join(parts)

    def _blocker(self):
        """Return why the installation cannot start ('' when it can)."""
        if self.plan.problem == "no-pip":
            return self.tr("The Python of QGIS ({0}) has no pip. Install pip first (Debian/"
                           "Ubuntu: sudo apt install python3-pip), then open this dialog "
                           "again.").format(self.plan.python)
        if self.plan.problem == "no-python":
            return self.tr("No Python interpreter of the version QGIS runs was found to run "
                           "pip with. Run the command above in a shell with the Python that "
                           "QGIS uses in place of python3, then restart QGIS.")
        return ""

    # -- running -----------------------------------------------------------------------------
    def running(self):
        """Return True while pip or the check runs."""
        return self.process is not None and self.process.state() != NOT_RUNNING

    def start_install(self):
        """Run pip with the plan (returns at once; the dialog follows the process)."""
        if self.running() or self.plan.problem:
            return
        self.succeeded, self.version = False, None
        self.install_button.setEnabled(False)
        self.log.clear()
        self.result.setText("")
        self._set_stage(0, self.tr("Starting pip…"))
        self._start(self.plan.pip_args(), self._pip_finished, "pip")

    def _start(self, args, on_finished, step):
        self._output, self._pending, self._step = "", "", step
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        for key, value in dependencies.PIP_ENVIRONMENT.items():
            environment.insert(key, value)
        process.setProcessEnvironment(environment)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.readyReadStandardOutput.connect(self._read_output)
        process.finished.connect(on_finished)
        process.errorOccurred.connect(self._process_error)
        self.process = process
        self.log.appendPlainText("$ " + dependencies.command_line(
            args if step == "pip" else args[:2] + ["…"]))
        process.start(args[0], args[1:])

    def _read_output(self):
        if self.process is None:
            return
        text = self._decoder.decode(bytes(self.process.readAllStandardOutput()))
        self._output += text
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self._show_line(line.rstrip("\r"))

    def _flush(self):
        self._read_output()
        if self._pending:
            self._show_line(self._pending)
            self._pending = ""

    def _show_line(self, line):
        self.log.appendPlainText(line)
        stage = dependencies.pip_stage(line) if self._step == "pip" else None
        if stage is not None and stage >= self.progress.value():
            self._set_stage(stage, line.strip())

    def _set_stage(self, value, text):
        self.progress.setValue(value)
        self.stage.setText(text)

    def _pip_finished(self, exit_code, exit_status):
        self._flush()
        if exit_status != QProcess.ExitStatus.NormalExit or exit_code != 0:
            self._finish(False, self.tr(
                "The installation failed: pip ended with exit code {0}. The log above says "
                "why (no connection to the package index, no wheel of {1} for this Python, no "
                "write access to the folder …). Nothing was added to QGIS.").format(
                exit_code, self.plan.requirement))
            return
        self._set_stage(4, self.tr("Checking that onnxruntime loads…"))
        self._start(self.plan.check_args(), self._check_finished, "check")

    def _check_finished(self, _exit_code, _exit_status):
        self._flush()
        version, where = dependencies.parse_check(self._output, self.plan.target)
        if version is None or not dependencies.inside(where, self.plan.target):
            self._finish(False, self.tr(
                "pip finished, but onnxruntime does not load from {0}: {1}").format(
                self.plan.target, where or self.tr("no answer")))
            return
        self.version = version
        dependencies.add_folder(self.plan.target)
        self._set_stage(dependencies.STAGE_COUNT, self.tr("Done."))
        self._finish(True, self.tr(
            "onnxruntime {0} is installed in {1} and loads. The tools can use it now; SAR "
            "Height adds the folder to Python's path whenever QGIS starts.").format(
            version, self.plan.target))

    def _process_error(self, error):
        if error != QProcess.ProcessError.FailedToStart or self.process is None:
            return
        self._finish(False, self.tr("{0} could not be started: {1}").format(
            self.process.program(), self.process.errorString()))

    def _finish(self, ok, text):
        self.succeeded = ok
        self.result_text = text
        self.result.setText(text)
        self.log.appendPlainText(text)
        self.install_button.setEnabled(self.plan.problem == "")
        self.installFinished.emit(ok)

    # -- closing -----------------------------------------------------------------------------
    def reject(self):
        """Close the dialog; a running installation is stopped first."""
        if self.running():
            self.process.finished.disconnect()
            self.process.kill()
            self.process.waitForFinished(5000)
            self._finish(False, self.tr("The installation was cancelled."))
        super().reject()


class InstallOffer:
    """The first-use offer the plugin hands to processing_provider.common.set_install_offer.

    Called when a tool finds onnxruntime missing: in the main thread of the QGIS window it shows
    the dependency dialog (once per session if the user declines) and returns whether
    onnxruntime is installed now. Elsewhere (a tool running in a background thread) it returns
    False at once and the tool reports the missing module.
    """

    def __init__(self, parent_window=None):
        self.parent_window = parent_window  # a callable returning the parent, e.g. mainWindow
        self.declined = False
        self.active = False

    def __call__(self, module):
        """Offer to install ``module``; return True once it is installed."""
        app = QCoreApplication.instance()
        if (self.declined or self.active or module != dependencies.MODULE or app is None
                or QThread.currentThread() != app.thread()):
            return False
        self.active = True
        try:
            parent = self.parent_window() if self.parent_window is not None else None
            dialog = DependencyDialog(onnxruntime_install_plan(), parent, first_use=True)
            dialog.exec()
            self.declined = not dialog.succeeded
            return dialog.succeeded
        finally:
            self.active = False


def show_dependency_dialog(parent=None):
    """Show the dependency dialog (modal) and return whether it installed onnxruntime."""
    dialog = DependencyDialog(onnxruntime_install_plan(), parent)
    dialog.exec()
    return dialog.succeeded
