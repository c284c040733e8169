""".ci/run runs the tests and the linter, and fails when either fails (issue 11, section 7)."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake_make(tmp_path):
    """A `make` first on PATH that logs its target and fails for the targets in FAIL."""
    log = tmp_path / "make.log"
    script = tmp_path / "bin" / "make"
    script.parent.mkdir()
    script.write_text('#!/usr/bin/env bash\necho "$1" >> "$MAKE_LOG"\n'
                      'case " $FAIL " in *" $1 "*) exit 3;; esac\n')
    script.chmod(0o755)

    def run(fail=""):
        env = dict(os.environ, PATH=f"{script.parent}:{os.environ['PATH']}",
                   MAKE_LOG=str(log), FAIL=fail)
        log.unlink(missing_ok=True)
        result = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env,
                                capture_output=True, text=True, timeout=60)
        return result.returncode, log.read_text().split()

    return run


@pytest.mark.parametrize("fail, expected_status", [("", 0), ("test", 3), ("lint", 3),
                                                   ("test lint", 3)])
def test_ci_runs_tests_and_linter_and_propagates_failure(fake_make, fail, expected_status):
    status, targets = fake_make(fail)
    assert targets == ["test", "lint"]  # the linter runs even after failing tests
    assert status == expected_status


def test_make_lint_sets_up_first():
    """On a fresh clone ruff comes from .venv, which `make setup` creates."""
    makefile = (ROOT / "Makefile").read_text()
    assert "\nlint: setup\n" in makefile
    assert "ruff" in (ROOT / "requirements-dev.txt").read_text()
