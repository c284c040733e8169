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

Tests with and without QGIS: a test needs QGIS when it requests a QGIS fixture (``qgis_app``,
``qgis_processing``, ``qgis_process``, ...); such tests get the marker ``qgis`` here, at
collection (modules that import qgis at the top mark themselves). pytest-qgis starts QGIS in
its ``pytest_configure``, before anyone knows which tests will run (its ``--qgis_disable_init``
aborts: it still builds a QMainWindow), so a run that must not start QGIS switches the plugin
off: ``pytest -p no:pytest_qgis`` (``make test-noqgis``) deselects the ``qgis`` tests, skips
the modules that import qgis, and makes any other import of qgis fail with a message, so what
runs there provably needs no QGIS.
"""

import gc
import importlib.abc
import importlib.util
import json
import os
import re
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
PYTEST_QGIS = "pytest_qgis"  # the plugin's name for `-p no:pytest_qgis`
# Fixtures that start QGIS or run qgis_process. pytest-qgis's qgis_app is autouse and its
# autouse qgis_show_map needs qgis_iface and qgis_parent: with the plugin on, those are in every
# test's fixture closure, so only our own fixtures tell a QGIS test apart then.
OWN_QGIS_FIXTURES = frozenset({"qgis_processing", "qgis_process", "qgis_process_profile"})
PYTEST_QGIS_FIXTURES = frozenset({"qgis_app", "qgis_iface", "qgis_parent", "qgis_canvas",
                                  "qgis_bot", "qgis_new_project", "qgis_countries_layer",
                                  "qgis_world_map_geopackage"})
IMPORTS_QGIS = re.compile(r"^(?:from|import) qgis\b", re.MULTILINE)


def _ensure_plugin_link():
    PLUGINS_PATH.mkdir(parents=True, exist_ok=True)
    if not PLUGIN_LINK.is_symlink():
        PLUGIN_LINK.symlink_to(Path("..") / "..", target_is_directory=True)


def qgis_enabled(config):
    """Whether this run has QGIS (pytest-qgis loaded, i.e. not ``-p no:pytest_qgis``)."""
    return config.pluginmanager.has_plugin(PYTEST_QGIS)


class _NoQgisImports(importlib.abc.MetaPathFinder):
    """In a run without QGIS, an import of qgis fails and says why."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "qgis":
            raise ModuleNotFoundError(
                "{} is not imported in a run without QGIS (-p no:pytest_qgis): a test that "
                "needs QGIS must request qgis_app, qgis_processing or qgis_process".format(name),
                name=name)
        return None


def pytest_addoption(parser, pluginmanager):
    if not pluginmanager.has_plugin(PYTEST_QGIS):  # pyproject sets this pytest-qgis option
        parser.addini("qgis_qui_enabled", "pytest-qgis's (off in this run)", type="bool")


def pytest_configure(config):
    """Check that ``sar_height`` is this checkout, then set up the run with or without QGIS.

    Stop before collection (not with hundreds of import errors) when ``sar_height`` is missing or
    is another checkout's.
    """
    spec = importlib.util.find_spec("sar_height")
    found = Path(spec.origin).resolve().parent if spec and spec.origin else None
    if found != PLUGIN_DIR:
        pytest.exit("the package sar_height is {} here, not {}: run `make setup` (installs this "
                    "checkout editable into .venv)".format(found or "missing", PLUGIN_DIR),
                    returncode=4)
    if not qgis_enabled(config):
        sys.meta_path.insert(0, _NoQgisImports())
    # `processing` is a QGIS core plugin, not a module on Python's path: the QGIS desktop app
    # adds its folder at start, a bare QgsApplication (pytest-qgis) does not.
    elif os.path.isdir(QGIS_PYTHON_PLUGINS) and QGIS_PYTHON_PLUGINS not in sys.path:
        sys.path.append(QGIS_PYTHON_PLUGINS)


def pytest_ignore_collect(collection_path, config):
    """Without QGIS, skip the test modules that import qgis at the top (they need it to load)."""
    if qgis_enabled(config) or collection_path.suffix != ".py":
        return None
    if collection_path.name.startswith("test_") and IMPORTS_QGIS.search(
            collection_path.read_text(encoding="utf-8")):
        return True
    return None


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need QGIS ``qgis``; deselect them in a run without QGIS."""
    with_qgis = qgis_enabled(config)
    names = OWN_QGIS_FIXTURES if with_qgis else OWN_QGIS_FIXTURES | PYTEST_QGIS_FIXTURES
    for item in items:
        if names.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.qgis)
    if with_qgis:
        return
    deselected = [item for item in items if item.get_closest_marker("qgis")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("qgis")]


_ensure_plugin_link()


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_before_qgis_exits(request):
    """Free Python wrappers of QGIS objects while QGIS is still alive.

    pytest-qgis calls exitQgis() when the session ends; a later gc pass (pytest >= 8.4
    collects garbage in pytest_unconfigure) would otherwise touch freed C++ objects and
    segfault, e.g. objects kept alive by the tracebacks of failed tests. Requesting qgis_app
    before our yield sets it up first, so pytest tears it down after us. Without QGIS there
    is nothing to protect.
    """
    if not qgis_enabled(request.config):
        yield
        return
    request.getfixturevalue("qgis_app")
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
        """Run ``alg_id`` in qgis_process; return (returncode, parsed JSON or None, stderr).

        ``onnxruntime=True``: QGIS's Python also imports this venv's onnxruntime (as ``make demo``
        arranges); otherwise qgis_process sees only the system packages.
        """
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
