"""Shared pytest setup for SAR Height.

Tests import the plugin as the package ``sar_height``: ``make setup`` installs the repository
root editable into .venv under that name (pyproject.toml), so there is one import root and no
module loads under two names. qgis_process loads the same folder as the plugin ``sar_height``
from ``.build/plugins`` (a symlink to the repository root, made here if missing).

Fixtures:
    plugin_dir        repository root (Path)
    test_data         test/data (Path)
    qgis_processing   Processing initialised with the SAR Height provider; yields ``processing``
    qgis_process      run(alg_id, params) -> (returncode, json or None, stderr) via qgis_process
"""

import gc
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PLUGIN_DIR = Path(__file__).resolve().parent.parent
PLUGINS_PATH = PLUGIN_DIR / ".build" / "plugins"
PLUGIN_LINK = PLUGINS_PATH / "sar_height"
QGIS_PROCESS = "qgis_process.bin"
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"  # where Debian puts `processing`


def _ensure_plugin_link():
    PLUGINS_PATH.mkdir(parents=True, exist_ok=True)
    if not PLUGIN_LINK.is_symlink():
        PLUGIN_LINK.symlink_to(Path("..") / "..", target_is_directory=True)


def pytest_configure(config):
    """Stop before collection (not with hundreds of import errors) when ``sar_height`` is
    missing or is another checkout's."""
    spec = importlib.util.find_spec("sar_height")
    found = Path(spec.origin).resolve().parent if spec and spec.origin else None
    if found != PLUGIN_DIR:
        pytest.exit("the package sar_height is {} here, not {}: run `make setup` (installs this "
                    "checkout editable into .venv)".format(found or "missing", PLUGIN_DIR),
                    returncode=4)


_ensure_plugin_link()
# `processing` is a QGIS core plugin, not a module on Python's path: the QGIS desktop app adds
# its folder at start, a bare QgsApplication (pytest-qgis) does not.
if os.path.isdir(QGIS_PYTHON_PLUGINS) and QGIS_PYTHON_PLUGINS not in sys.path:
    sys.path.append(QGIS_PYTHON_PLUGINS)


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_before_qgis_exits(qgis_app):
    """Free Python wrappers of QGIS objects while QGIS is still alive.

    pytest-qgis calls exitQgis() when the session ends; a later gc pass (pytest >= 8.4
    collects garbage in pytest_unconfigure) would otherwise touch freed C++ objects and
    segfault, e.g. objects kept alive by the tracebacks of failed tests.
    """
    yield
    gc.collect()


@pytest.fixture(scope="session")
def plugin_dir():
    return PLUGIN_DIR


@pytest.fixture(scope="session")
def test_data():
    return PLUGIN_DIR / "test" / "data"


@pytest.fixture(scope="session")
def qgis_processing(qgis_app):
    """Processing framework with the SAR Height provider registered (once per session)."""
    import processing
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from sar_height.processing_provider.provider import PROVIDER_ID, SarHeightProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById(PROVIDER_ID) is None:
        registry.addProvider(SarHeightProvider())
    yield processing


def onnxruntime_site():
    """The site-packages folder that holds this environment's onnxruntime."""
    import onnxruntime

    return str(Path(onnxruntime.__file__).resolve().parents[1])


def qgis_process_env(profile_dir):
    env = dict(os.environ)
    env.update(
        QGIS_PLUGINPATH=str(PLUGINS_PATH),
        QT_QPA_PLATFORM="offscreen",
        QGIS_CUSTOM_CONFIG_PATH=str(profile_dir),
    )
    return env


@pytest.fixture(scope="session")
def qgis_process_profile(tmp_path_factory):
    """A fresh QGIS profile folder in which the sar_height plugin is enabled.

    QGIS 3.22's qgis_process has ``plugins enable <name>``; it writes
    ``[PythonPlugins] sar_height=true`` into profiles/default/QGIS/QGIS3.ini.
    """
    profile = tmp_path_factory.mktemp("qgis_profile")
    result = subprocess.run(
        [QGIS_PROCESS, "plugins", "enable", "sar_height"],
        env=qgis_process_env(profile),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return profile


@pytest.fixture(scope="session")
def qgis_process(qgis_process_profile):
    """Return run(alg_id, params) -> (returncode, parsed JSON or None, stderr).

    Runs ``qgis_process.bin --json run <alg_id> -- KEY=VALUE ...`` headless with the plugin
    enabled. List values are passed by repeating the key.
    """
    env = qgis_process_env(qgis_process_profile)

    def run(alg_id, params, timeout=600, onnxruntime=False):
        """``onnxruntime=True``: QGIS's Python also imports this venv's onnxruntime (as
        ``make demo`` arranges); otherwise qgis_process sees only the system packages."""
        args = [QGIS_PROCESS, "--json", "run", alg_id, "--"]
        for key, value in params.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            args.extend("{}={}".format(key, item) for item in values)
        run_env = dict(env, PYTHONPATH=onnxruntime_site()) if onnxruntime else env
        result = subprocess.run(args, env=run_env, capture_output=True, text=True,
                                timeout=timeout)
        try:
            parsed = json.loads(result.stdout) if result.stdout.strip() else None
        except json.JSONDecodeError:
            parsed = None
        return result.returncode, parsed, result.stderr

    run.env = env
    return run
