"""One import root (issue 12 §1): the repository is the package ``sar_height``.

Nothing imports its modules under a second name or edits ``sys.path`` to find them.
"""
import ast
import configparser
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Tooling that must extend sys.path: QGIS's `processing` lives in QGIS's plugin folder, which
# only the QGIS desktop app puts on the path. And the plugin's folder of installed modules
# (onnxruntime, issue 14): core/dependencies.add_folder appends it (never a folder of the package).
SYS_PATH_ALLOWED = {"test/conftest.py", "scripts/make_models.py", "core/dependencies.py"}
SECOND_NAMES = {"core", "training", "plugin", "processing_provider"}


def _python_files():
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return [name for name in listed if (ROOT / name).is_file()]


def test_pyproject_version_is_the_plugin_version():
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    with open(ROOT / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["version"] == meta["general"]["version"]


def test_no_module_imported_under_a_second_name():
    """No module is imported both as ``core.x`` and as ``sar_height.core.x``.

    Those would be two modules: an ``except`` for the error class of one would miss the other's.
    """
    found = []
    for name in _python_files():
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            elif isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            else:
                continue
            found += ["{}:{}".format(name, node.lineno) for top in tops if top in SECOND_NAMES]
    assert found == []


def test_sys_path_is_edited_only_by_tooling():
    edits = []
    for name in _python_files():
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr == "path"
                    and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                edits.append(name)
    assert set(edits) <= SYS_PATH_ALLOWED, sorted(set(edits) - SYS_PATH_ALLOWED)


def test_package_imports_from_any_folder_and_only_as_sar_height(tmp_path):
    code = ("import importlib.util, json, sar_height.core.dem as dem\n"
            "print(json.dumps([dem.__file__, importlib.util.find_spec('core') is None]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    module_file, no_core = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(module_file).resolve() == ROOT / "core" / "dem.py"
    assert no_core
