"""mypy checks core's typed public API in `make lint` (issue 12, section 5).

mypy itself runs in `make lint`; these tests guard its wiring, which a typo would switch off
silently: mypy ignores an override for a module that does not exist.
"""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _mypy_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def test_make_lint_runs_mypy_after_ruff():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^lint: setup\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    commands = [line.strip() for line in recipe.splitlines()]
    assert [c.split()[0].rsplit("/", 1)[-1] for c in commands] == ["ruff", "mypy"]
    assert re.search(r"^mypy==\S+$", (ROOT / "requirements-dev.txt").read_text(),
                     re.MULTILINE)


def test_mypy_checks_core_with_strict_modules_that_exist():
    config = _mypy_config()
    assert config["packages"] == ["sar_height.core"]
    strict = [o for o in config["overrides"] if o.get("disallow_untyped_defs")]
    assert len(strict) == 1
    modules = strict[0]["module"]
    assert "sar_height.core.output_commit" in modules
    for module in modules:
        parts = module.split(".")[1:]  # sar_height is the repository root
        if parts[-1] == "*":
            assert (ROOT.joinpath(*parts[:-1]) / "__init__.py").is_file(), module
        else:
            assert ROOT.joinpath(*parts).with_suffix(".py").is_file(), module
