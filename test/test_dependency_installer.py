"""Issue 14 §1: onnxruntime installed from inside QGIS into the plugin's folder of the profile.

- core.dependencies: the pinned release per Python, the folder per Python version in the
  profile, pip's exact command (offline with a wheel folder), the interpreter that runs pip
  (QGIS's own Python, not whatever ``python3`` is first on PATH), the module versions;
- the headless message gives that exact command, and running it makes the next qgis_process
  find onnxruntime (the plugin appends the folder to sys.path when QGIS loads it);
- the dependency dialog installs onnxruntime with pip in a QProcess, streams pip's output,
  checks the result, and a fresh QGIS Python process that loads the plugin as QGIS does imports
  onnxruntime from that folder (and runs the bundled matcher with it);
- the About box lists numpy, scipy, GDAL and onnxruntime with version or "missing"; the menu
  entry and the first-use offer exist only with a QGIS window.

Offline: the wheel is rebuilt from this environment's installed onnxruntime (its files as
recorded in its RECORD, repacked as a wheel with fresh hashes), and pip runs with
``--no-index --find-links <that folder>`` (SAR_HEIGHT_WHEELS) and no pip configuration. What pip
installs is thus the same release the project's tests use, not a download from PyPI.
"""

import base64
import hashlib
import importlib.metadata
import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path
from unittest import mock

import pytest

from sar_height.core import dependencies

ROOT = Path(__file__).resolve().parents[1]
MATCHER = ROOT / "resources" / "models" / "sar_matcher.onnx"
PIP_ENV_CLEARED = ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT",
                   "PIP_NO_INDEX", "PYTHONPATH", dependencies.WHEELS_ENV)


# -- pins, folders, commands (no QGIS) ------------------------------------------------------------
def test_pins_cover_each_python_once_and_the_tested_release_is_pinned():
    assert dependencies.pinned_version((3, 9)) == "1.19.2"
    assert dependencies.pinned_version((3, 10)) == "1.23.1"
    assert dependencies.pinned_version((3, 11, 2)) == "1.23.2"
    assert dependencies.pinned_version((3, 7)) is None
    for (_, beyond, _), (first, _, _) in zip(dependencies.ONNXRUNTIME_PINS,
                                             dependencies.ONNXRUNTIME_PINS[1:]):
        assert beyond == first  # contiguous, no overlap
    try:
        installed = importlib.metadata.version("onnxruntime")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("onnxruntime is not installed here")
    assert installed == dependencies.pinned_version()


def test_target_folder_is_per_python_inside_the_profile(tmp_path):
    folder = dependencies.target_folder(str(tmp_path), (3, 9, 5))
    assert folder == str(tmp_path / "python" / "sar_height_deps" / "python3.9")
    assert dependencies.target_folder(str(tmp_path), (3, 12)) != folder


def plan(tmp_path, sources=(), python="/opt/qgis python/bin/python3.11", has_pip=True):
    return dependencies.install_plan(
        str(tmp_path), sources, runtime=dependencies.Runtime(version=(3, 11, 2)),
        python=dependencies.FoundPython(python, has_pip))


def test_pip_command_online_and_offline(tmp_path):
    online = plan(tmp_path).pip_args()
    target = dependencies.target_folder(str(tmp_path), (3, 11))
    assert online == ["/opt/qgis python/bin/python3.11", "-m", "pip", "install", "--upgrade",
                      "--no-deps", "--target", target, "onnxruntime==1.23.2"]
    offline = plan(tmp_path, ("/w 1", "/w2")).pip_args()
    assert offline[-6:] == ["--no-index", "--find-links", "/w 1", "--find-links", "/w2",
                            "onnxruntime==1.23.2"]
    # the line shown to users splits back into the same arguments
    assert shlex.split(plan(tmp_path, ("/w 1",)).command_text()) == plan(
        tmp_path, ("/w 1",)).pip_args()
    windows = dependencies.command_line([r"C:\OSGeo4W\apps\Python39\python.exe", "-m", "pip",
                                         "--target", r"C:\Users\A B\x"], "win32")
    assert windows == r'C:\OSGeo4W\apps\Python39\python.exe -m pip --target "C:\Users\A B\x"'


def test_plan_problems(tmp_path):
    assert plan(tmp_path).problem == ""
    assert plan(tmp_path, has_pip=False).problem == "no-pip"
    missing = dependencies.InstallPlan(None, False, str(tmp_path), "onnxruntime==1.23.2")
    assert missing.problem == "no-python" and missing.pip_args()[0] == "python3"
    unpinned = dependencies.install_plan(
        str(tmp_path), runtime=dependencies.Runtime(version=(3, 7, 1)),
        python=dependencies.FoundPython("/usr/bin/python3.7", True))
    assert (unpinned.requirement, unpinned.pinned) == ("onnxruntime", False)


def test_wheel_sources_environment_first_then_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {dependencies.WHEELS_ENV: os.pathsep.join(["wheels", "/abs/w"])}
    assert dependencies.wheel_sources(env, "/ignored") == (str(tmp_path / "wheels"), "/abs/w")
    assert dependencies.wheel_sources({}, "/from/setting") == ("/from/setting",)
    assert dependencies.wheel_sources({}, "") == ()
    if os.pathsep == ":":
        url = "https://example.org/wheels/"
        assert dependencies.wheel_sources({dependencies.WHEELS_ENV: url + ":/w"}) == (url, "/w")


# -- the interpreter that runs pip ---------------------------------------------------------------
def fake_python(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return str(path)


def test_candidates_inside_qgis_start_next_to_the_running_python(tmp_path):
    """QGIS's sys.executable is QGIS itself: the interpreter is taken from sys.exec_prefix."""
    prefix = tmp_path / "usr"
    exact = fake_python(prefix / "bin" / "python3.11")
    (prefix / "bin" / "python3").symlink_to("python3.11")  # the same file: listed once
    on_path = fake_python(tmp_path / "pyenv" / "shims" / "python3")
    runtime = dependencies.Runtime(executable=str(prefix / "bin" / "qgis"),
                                   exec_prefix=str(prefix), base_exec_prefix=str(prefix),
                                   platform="linux", version=(3, 11, 2))
    found = dependencies.python_candidates(
        runtime, which=lambda name: on_path if name == "python3" else None)
    assert found == [exact, on_path]


def test_candidates_on_windows_and_when_the_executable_is_python(tmp_path):
    osgeo = tmp_path / "OSGeo4W" / "apps" / "Python39"
    exe = fake_python(osgeo / "python.exe")
    runtime = dependencies.Runtime(executable=str(tmp_path / "OSGeo4W" / "bin" / "qgis-bin.exe"),
                                   exec_prefix=str(osgeo), base_exec_prefix=str(osgeo),
                                   platform="win32", version=(3, 9, 5))
    assert dependencies.python_candidates(runtime, which=lambda name: None) == [exe]
    plain = fake_python(tmp_path / "venv" / "bin" / "python")
    runtime = dependencies.Runtime(executable=plain, exec_prefix=str(tmp_path / "none"),
                                   base_exec_prefix=str(tmp_path / "none"), platform="linux",
                                   version=(3, 11, 2))
    assert dependencies.python_candidates(runtime, which=lambda name: None) == [plain]


def test_find_python_takes_the_first_of_the_right_version_with_pip(tmp_path):
    paths = [fake_python(tmp_path / "bin" / name) for name in ("python3.11", "python3")]
    other = fake_python(tmp_path / "pyenv" / "python3")
    answers = {
        other: {"version": [3, 12, 1], "platform": "linux", "bits64": True, "pip": True},
        paths[0]: {"version": [3, 11, 2], "platform": "linux", "bits64": True, "pip": False},
        paths[1]: {"version": [3, 11, 2], "platform": "linux", "bits64": True, "pip": True},
    }
    runtime = dependencies.Runtime(executable="/usr/bin/qgis", exec_prefix=str(tmp_path),
                                   base_exec_prefix=str(tmp_path), platform="linux",
                                   version=(3, 11, 2), bits64=True)

    def find(answer_of, which):
        return dependencies.find_python(runtime, probe=answer_of.get, which=which)

    # the pyenv python3 of another version is refused; python3.11 lacks pip; python3 wins
    assert find(answers, which=lambda name: other) == (paths[1], True)
    answers[paths[1]] = dict(answers[paths[1]], pip=False)
    assert find(answers, which=lambda name: other) == (paths[0], False)
    assert find({other: answers[other]}, which=lambda name: other) is None


def test_find_python_for_a_qgis_process_on_this_machine():
    """With sys.executable = QGIS, the interpreter found really is this Python's version."""
    runtime = dependencies.Runtime(executable="/usr/bin/qgis", exec_prefix=sys.base_exec_prefix,
                                   base_exec_prefix=sys.base_exec_prefix)
    found = dependencies.find_python(runtime)
    assert found is not None and found.has_pip
    answer = dependencies.probe_python(found.path)
    assert answer["version"][:2] == list(sys.version_info[:2])


# -- sys.path, pip's output, versions -------------------------------------------------------------
def test_add_folder_appends_an_existing_folder_once(tmp_path, monkeypatch):
    path = ["/first"]
    monkeypatch.setattr(sys, "path", path)  # add_folder edits this list
    assert not dependencies.add_folder(str(tmp_path / "missing"))
    assert path == ["/first"]
    assert dependencies.add_folder(str(tmp_path)) and dependencies.add_folder(str(tmp_path))
    assert path == ["/first", str(tmp_path)]  # at the end: nothing of QGIS's is shadowed


def test_pip_stages_and_the_check_output(tmp_path):
    lines = ["Looking in links: /w", "Processing /w/onnxruntime-1.23.2-cp311.whl",
             "Installing collected packages: onnxruntime",
             "Successfully installed onnxruntime-1.23.2", "WARNING: Running pip as root"]
    assert [dependencies.pip_stage(line) for line in lines] == [1, 1, 3, 4, None]
    inside = str(tmp_path / "onnxruntime" / "__init__.py")
    out = "noise\n" + dependencies.CHECK_MARK + json.dumps({"version": "1.23.2", "file": inside})
    assert dependencies.parse_check(out, str(tmp_path)) == ("1.23.2", inside)
    failed = dependencies.CHECK_MARK + json.dumps({"error": "ImportError: libfoo.so"})
    assert dependencies.parse_check(failed, str(tmp_path)) == (None, "ImportError: libfoo.so")
    assert dependencies.parse_check("Traceback …", str(tmp_path)) == (None, "Traceback …")
    assert dependencies.inside(inside, str(tmp_path))
    assert not dependencies.inside("/usr/lib/python3/onnxruntime/__init__.py", str(tmp_path))


def test_module_versions_missing_broken_and_from_the_folder(tmp_path, monkeypatch):
    (tmp_path / "sar_height_broken_mod.py").write_text("raise RuntimeError('bad build')\n")
    (tmp_path / "sar_height_good_mod.py").write_text("__version__ = '2.5'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    rows = dependencies.module_versions(
        (("numpy", "numpy"), ("none", "sar_height_no_such_module"),
         ("broken", "sar_height_broken_mod"), ("good", "sar_height_good_mod")), str(tmp_path))
    import numpy

    assert rows[0] == {"name": "numpy", "version": numpy.__version__, "error": "",
                       "in_folder": False}
    assert (rows[1]["version"], rows[1]["error"]) == (None, "")
    assert rows[2]["version"] is None and "RuntimeError: bad build" in rows[2]["error"]
    assert (rows[3]["version"], rows[3]["in_folder"]) == ("2.5", True)
    assert [name for name, _ in dependencies.DEPENDENCIES] == ["numpy", "scipy", "GDAL",
                                                                "onnxruntime"]


# -- offline wheel ------------------------------------------------------------------------------
def wheel_from_installed(name, out_dir):
    """Repack the installed distribution ``name`` as a wheel in ``out_dir``; return its path.

    The files listed in its RECORD that lie in site-packages (not scripts, not caches) are
    stored with a new RECORD of their hashes; the tag is the first of its WHEEL file.
    """
    dist = importlib.metadata.distribution(name)
    wheel_info = next(f for f in dist.files
                      if f.name == "WHEEL" and f.parent.name.endswith(".dist-info"))
    info_dir = wheel_info.parent.as_posix()
    tag = next(line.split(":", 1)[1].strip() for line in
               dist.locate_file(wheel_info).read_text().splitlines() if line.startswith("Tag:"))
    path = Path(out_dir) / "{0}-{1}-{2}.whl".format(dist.metadata["Name"], dist.version, tag)
    skipped = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    records = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for file in dist.files:
            member = file.as_posix()
            if (member.startswith("..") or "__pycache__" in member
                    or (member.startswith(info_dir + "/") and file.name in skipped)):
                continue
            data = dist.locate_file(file).read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            archive.writestr(member, data)
            records.append("{0},sha256={1},{2}".format(member, digest.decode(), len(data)))
        archive.writestr(info_dir + "/RECORD", "\n".join(records + [info_dir + "/RECORD,,"]))
    return path


@pytest.fixture(scope="module")
def onnxruntime_wheels(tmp_path_factory):
    """A folder holding a wheel of the pinned onnxruntime, built from this environment's."""
    try:
        version = importlib.metadata.version("onnxruntime")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("no installed onnxruntime to build the offline wheel from")
    if version != dependencies.pinned_version():
        pytest.skip("installed onnxruntime {0} is not the pinned {1}".format(
            version, dependencies.pinned_version()))
    folder = tmp_path_factory.mktemp("wheels")
    wheel_from_installed("onnxruntime", folder)
    return folder


@pytest.fixture
def offline_pip(monkeypatch):
    """Pip sees no configuration, index or find-links of this machine: only what we pass."""
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    for name in PIP_ENV_CLEARED:
        monkeypatch.delenv(name, raising=False)


def qgis_python():
    """The interpreter QGIS runs on (this venv's base Python); skip if it imports onnxruntime."""
    python = os.path.join(sys.base_exec_prefix, "bin", "python3")
    if not os.path.isfile(python):
        pytest.skip("no system python3 next to this venv")
    return python


# The code a fresh QGIS Python runs: QGIS loads the plugin (qgis.utils.loadPlugin imports it)
# from the plugin folder, then the tools import onnxruntime.
FRESH_QGIS = """
import json, sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
sys.path.insert(0, sys.argv[1])  # QGIS puts its plugin folders on the path
import qgis.utils
loaded = qgis.utils.loadPlugin("sar_height")
plugin = sys.modules["sar_height"].classFactory(None)
plugin.initProcessing()
result = {"loaded": loaded, "settings": QgsApplication.qgisSettingsDirPath(), "path": sys.path}
try:
    import onnxruntime
except ImportError as exc:
    result["error"] = str(exc)
else:
    session = onnxruntime.InferenceSession(sys.argv[2], providers=["CPUExecutionProvider"])
    result.update(file=onnxruntime.__file__, version=onnxruntime.__version__,
                  inputs=[i.name for i in session.get_inputs()])
plugin.unload()
print("RESULT " + json.dumps(result))
"""


def run_fresh_qgis(profile):
    from conftest import PLUGINS_PATH

    env = {key: value for key, value in os.environ.items() if key not in PIP_ENV_CLEARED}
    env.update(QGIS_CUSTOM_CONFIG_PATH=str(profile), QT_QPA_PLATFORM="offscreen")
    profile.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([qgis_python(), "-c", FRESH_QGIS, str(PLUGINS_PATH), str(MATCHER)],
                            env=env, capture_output=True, text=True, timeout=300, cwd=profile)
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[-1][len("RESULT "):])


def run_dialog(dialog, timeout_ms=300000):
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop, done = QEventLoop(), []
    dialog.installFinished.connect(lambda ok: (done.append(ok), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    dialog.start_install()
    if not done:
        loop.exec()
    assert done, "the installation did not finish in time:\n" + dialog.log.toPlainText()
    return done[0]


@pytest.mark.slow
def test_dialog_installs_offline_and_a_fresh_qgis_finds_it(qgis_app, onnxruntime_wheels,
                                                          offline_pip, tmp_path, monkeypatch):
    from sar_height.plugin.dependency_dialog import DependencyDialog

    added = []  # the folders the dialog adds to this session's path (add_folder: tested above)
    monkeypatch.setattr(dependencies, "add_folder", added.append)
    profile = tmp_path / "profile"
    settings = profile / "profiles" / "default"
    before = run_fresh_qgis(profile)
    assert before["loaded"] and "error" in before, before  # QGIS's Python has no onnxruntime
    assert Path(before["settings"]) == settings

    plan = dependencies.install_plan(str(settings), [str(onnxruntime_wheels)])
    assert plan.problem == "" and "--no-index" in plan.pip_args()
    dialog = DependencyDialog(plan)
    assert dialog.command.text() == plan.command_text()
    assert run_dialog(dialog), dialog.log.toPlainText()
    log = dialog.log.toPlainText()
    assert "Successfully installed onnxruntime-" + dependencies.pinned_version() in log
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.version == dependencies.pinned_version()
    assert plan.target in dialog.result.text() and dialog.succeeded
    installed = sorted(path.name for path in Path(plan.target).iterdir())
    assert "onnxruntime" in installed and "numpy" not in installed  # --no-deps
    assert added == [plan.target]  # usable in this session at once

    after = run_fresh_qgis(profile)
    assert "error" not in after, after
    assert dependencies.inside(after["file"], plan.target), after["file"]
    assert after["version"] == dependencies.pinned_version() and after["inputs"]
    assert after["path"][-1] == plan.target  # appended: QGIS's own modules come first


def test_dialog_reports_a_failed_installation(qgis_app, offline_pip, tmp_path):
    from sar_height.plugin.dependency_dialog import DependencyDialog

    empty = tmp_path / "no_wheels"
    empty.mkdir()
    plan = dependencies.install_plan(str(tmp_path), [str(empty)])
    dialog = DependencyDialog(plan)
    assert run_dialog(dialog) is False and not dialog.succeeded
    assert "exit code" in dialog.result.text()
    assert "No matching distribution" in dialog.log.toPlainText()
    assert not os.path.isdir(os.path.join(plan.target, "onnxruntime"))


class SlowPlan(dependencies.InstallPlan):
    """A plan whose "pip" prints a line, then waits a minute."""

    def pip_args(self):
        return [sys.executable, "-c", "import time; print('Collecting onnxruntime', "
                "flush=True); time.sleep(60)"]


def test_dialog_streams_output_and_cancels(qgis_app, tmp_path):
    """Output shows while pip still runs; closing the dialog stops pip and says so."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    from sar_height.plugin.dependency_dialog import DependencyDialog

    dialog = DependencyDialog(SlowPlan(sys.executable, True, str(tmp_path), "onnxruntime"))
    finished = []
    dialog.installFinished.connect(finished.append)
    dialog.start_install()
    loop = QEventLoop()
    poll = QTimer()
    # wait for pip's own line: the echoed command line holds "Collecting" from the start
    poll.timeout.connect(lambda: dialog.progress.value() == 1 and loop.quit())
    poll.start(50)
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    poll.stop()
    assert "Collecting onnxruntime" in dialog.log.toPlainText() and dialog.running()
    assert dialog.progress.value() == 1 and dialog.stage.text() == "Collecting onnxruntime"
    dialog.reject()
    assert not dialog.running() and finished == [False]
    assert dialog.result.text() == "The installation was cancelled."


def test_dialog_blocks_without_pip(qgis_app, tmp_path):
    from sar_height.plugin.dependency_dialog import DependencyDialog

    dialog = DependencyDialog(plan(tmp_path, has_pip=False))
    assert not dialog.install_button.isEnabled()
    assert "has no pip" in dialog.result.text()
    dialog.start_install()  # refused: nothing runs
    assert dialog.process is None


# -- headless: the exact command ------------------------------------------------------------------
@pytest.fixture
def without_onnxruntime(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime -> ImportError


def test_headless_message_gives_the_exact_command(qgis_app, without_onnxruntime, monkeypatch,
                                                  tmp_path):
    from qgis.core import QgsApplication

    from sar_height.processing_provider import common

    monkeypatch.setenv(dependencies.WHEELS_ENV, str(tmp_path))
    message = common.dependency_problem(lambda text: text, ("onnxruntime",))
    plan = common.onnxruntime_install_plan()
    assert plan.target == dependencies.target_folder(QgsApplication.qgisSettingsDirPath())
    assert plan.command_text() in message.splitlines()  # on a line of its own
    assert "--no-index --find-links " + str(tmp_path) in message
    assert "Install onnxruntime…" in message
    assert common.dependency_problem(lambda text: text) == ""  # others are not affected


def test_install_offer_is_asked_once_missing_and_its_answer_counts(qgis_app, monkeypatch,
                                                                   without_onnxruntime):
    from sar_height.processing_provider import common

    asked = []

    def installing(module):
        asked.append(module)
        monkeypatch.delitem(sys.modules, "onnxruntime")  # "installed": importable again
        return True

    monkeypatch.setattr(common, "_install_offer", None)
    common.set_install_offer(installing)
    assert common.dependency_problem(lambda text: text, ("onnxruntime",)) == ""
    assert asked == ["onnxruntime"]
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    common.set_install_offer(lambda module: False)  # declined
    assert "pip install" in common.dependency_problem(lambda text: text, ("onnxruntime",))
    common.set_install_offer(None)


def test_offer_shows_no_dialog_outside_the_main_thread(qgis_app):
    import threading

    from sar_height.plugin import dependency_dialog

    offer = dependency_dialog.InstallOffer()
    answers = []
    with mock.patch.object(dependency_dialog, "DependencyDialog") as dialog:
        thread = threading.Thread(target=lambda: answers.append(offer("onnxruntime")))
        thread.start()
        thread.join(30)
        assert answers == [False] and not dialog.called
        dialog.return_value.succeeded = False
        assert offer("onnxruntime") is False and dialog.call_count == 1
        assert offer("onnxruntime") is False and dialog.call_count == 1  # declined: once
        assert offer("scipy") is False


@pytest.mark.slow
def test_qgis_process_command_makes_the_next_run_find_onnxruntime(qgis_app, onnxruntime_wheels,
                                                                 offline_pip, tmp_path):
    import numpy as np
    from conftest import QGIS_PROCESS, qgis_process_env
    from test_plugin_basics import write_raster

    profile = tmp_path / "profile"
    env = dict(qgis_process_env(profile), **{dependencies.WHEELS_ENV: str(onnxruntime_wheels)})
    enabled = subprocess.run([QGIS_PROCESS, "plugins", "enable", "sar_height"], env=env,
                             capture_output=True, text=True, timeout=300)
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    raster = str(write_raster(tmp_path / "dem.tif", np.zeros((20, 20), np.float32)))
    args = [QGIS_PROCESS, "--json", "run", "sarheight:estimate_height", "--", "SAR=" + raster,
            "PRIOR_DEM=" + raster, "OUTPUT=" + str(tmp_path / "heights.png")]

    first = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode != 0 and "'onnxruntime' is missing" in first.stderr, first.stderr
    command = [line.strip() for line in first.stderr.splitlines() if " -m pip install " in line]
    assert len(command) == 1, first.stderr
    words = shlex.split(command[0])
    target = dependencies.target_folder(str(profile / "profiles" / "default"))
    assert words[words.index("--target") + 1] == target
    assert words[-4:] == ["--no-index", "--find-links", str(onnxruntime_wheels),
                          "onnxruntime==" + dependencies.pinned_version()]

    installed = subprocess.run(words, env=env, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    second = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    # past the onnxruntime check: the next check (GeoTIFF outputs only) speaks now
    assert "onnxruntime" not in second.stderr and "only GeoTIFF" in second.stderr, second.stderr


# -- plugin: menu, About ------------------------------------------------------------------------
def test_menu_entry_and_offer_only_with_a_window(qgis_app):
    import sar_height
    from sar_height.processing_provider import common

    headless = sar_height.classFactory(None)
    headless.initGui()
    assert common._install_offer is None and headless.actions == []
    headless.unload()

    iface = mock.MagicMock()
    iface.mainWindow.return_value = None
    plugin = sar_height.classFactory(iface)
    plugin.initGui()
    texts = [call.args[1].text() for call in iface.addPluginToRasterMenu.call_args_list]
    assert "Install onnxruntime…" in texts
    assert common._install_offer is plugin.install_offer is not None
    plugin.unload()
    assert common._install_offer is None


def test_about_lists_each_module_with_version_or_missing(qgis_app, monkeypatch, tmp_path):
    import numpy
    import scipy
    from osgeo import gdal

    from sar_height.plugin.about import about_box

    box, install = about_box(None, "About", "<h3>SAR Height</h3>", str(tmp_path))
    text = box.text()
    for name, version in (("numpy", numpy.__version__), ("scipy", scipy.__version__),
                          ("GDAL", gdal.__version__)):
        assert "<td>{0}&nbsp;&nbsp;</td><td>{1}</td>".format(name, version) in text
    assert text.startswith("<h3>SAR Height</h3>")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    box, install = about_box(None, "About", "", str(tmp_path))
    assert "<td>onnxruntime&nbsp;&nbsp;</td><td><b>missing</b></td>" in box.text()
    assert install is not None and install.text() == "Install onnxruntime…"
    monkeypatch.delitem(sys.modules, "onnxruntime")
    pytest.importorskip("onnxruntime")
    box, install = about_box(None, "About", "", str(tmp_path))
    assert "<b>missing</b>" not in box.text() and install is None
