"""The one child-process harness of the benchmarks (benchmarks/harness.py).

A function runs in a fresh Python process and its JSON result, or its error output, comes back.
"""
import json
import os

import pytest

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child


def test_child_result_comes_back_through_json():
    assert run_in_child(json.loads, '{"a": [1, 2.5]}') == {"a": [1, 2.5]}


def test_child_reports_its_own_peak_memory():
    child_mb = run_in_child(peak_mb)
    assert isinstance(child_mb, float) and child_mb > 0.0


def test_failing_child_raises_with_its_error_output():
    with pytest.raises(ChildFailed, match="json:loads failed") as raised:
        run_in_child(json.loads, "not json")
    assert "JSONDecodeError" in raised.value.stderr


def test_child_gets_extra_environment():
    name = "SAR_HEIGHT_HARNESS_TEST"
    assert run_in_child(os.getenv, name, env={name: "set"}) == "set"
    assert run_in_child(os.getenv, name) is None
