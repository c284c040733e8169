"""One error-statistics implementation (core.evaluation.statistics), issue 12 §3.

compare_dem and the stereo scoring share it; each report keeps the statistic it showed as
"bias".
"""
import numpy as np
import pytest

from sar_height.core.evaluation import ErrorStatistics
from sar_height.core.evaluation.statistics import summarize_errors
from sar_height.core.stereo.scoring import THRESHOLDS_M, height_stats


def _skewed_errors():
    """Mean and median far apart (a tail of wrong matches), with a few NaN (no estimate)."""
    rng = np.random.default_rng(12)
    errors = rng.normal(0.3, 1.5, 5001)
    errors[:500] += 40.0
    errors[::97] = np.nan
    return errors


def test_stereo_bias_is_the_exact_median_and_compare_dem_bias_the_mean():
    errors = _skewed_errors()
    finite = errors[np.isfinite(errors)]
    stereo = height_stats(errors)
    median = np.median(finite)
    # in memory: the very numbers of numpy (same operations), not a histogram estimate
    assert stereo.median_error_m == median
    assert stereo.nmad_m == 1.4826 * np.median(np.abs(finite - median))
    assert stereo.count == finite.size
    assert stereo.within == tuple(float(np.mean(np.abs(finite) <= t)) for t in THRESHOLDS_M)
    # sums in another order than numpy's: equal to rounding (relative 1e-12 is ~1e4 ulp)
    assert stereo.rmse_m == pytest.approx(np.sqrt(np.mean(finite ** 2)), rel=1e-12)
    assert stereo.mean_error_m == pytest.approx(finite.mean(), rel=1e-12)
    assert stereo.mean_error_m - stereo.median_error_m > 3.0  # the two really differ here

    streaming = ErrorStatistics()
    streaming.add(errors)
    overall = streaming.result()["all"]
    assert overall["bias"] == pytest.approx(stereo.mean_error_m, rel=1e-12)
    # the streaming median comes from 1 cm bins: the true value lies in the same bin
    assert overall["median"] == pytest.approx(median, abs=0.01)


def test_no_errors_give_nan_statistics():
    summary = summarize_errors([np.nan, np.inf], (1.0,))
    assert summary.count == 0
    assert np.isnan(summary.mean_error_m) and np.isnan(summary.median_error_m)
    assert np.isnan(summary.rmse_m) and np.isnan(summary.nmad_m) and np.isnan(summary.within[0])
