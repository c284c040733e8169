"""DEM evaluation against a reference DEM: error statistics overall and per mask class.

Public API:
    compare_dems(estimate_path, reference_path, mask_path=None, estimate_datum="from_file",
                 reference_datum="from_file", error_path=None, progress=None,
                 block_rows=256) -> EvaluationResult
    write_html_report(result, path, output_set=None, labels=None) -> path;
    report_html(result, labels=None) -> str (labels: translations of LABELS)
    ErrorStatistics (add(errors, classes=None), result() -> {"all": stats, value: stats})
    EvaluationResult, EvaluationError, EvaluationCancelled
    STAT_KEYS, WITHIN_THRESHOLDS, HISTOGRAM_STEP, HISTOGRAM_LIMIT, NO_CLASS, class_names
"""
from .compare import EvaluationCancelled, EvaluationError, EvaluationResult, compare_dems
from .report import LABELS, histogram_svg, report_html, write_html_report
from .statistics import (
    ALL,
    HISTOGRAM_LIMIT,
    HISTOGRAM_STEP,
    NMAD_FACTOR,
    NO_CLASS,
    SIMULATE_SAR_CLASSES,
    STAT_KEYS,
    WITHIN_THRESHOLDS,
    ErrorStatistics,
    class_names,
)

__all__ = [
    "ALL", "HISTOGRAM_LIMIT", "LABELS", "HISTOGRAM_STEP", "NMAD_FACTOR", "NO_CLASS",
    "SIMULATE_SAR_CLASSES", "STAT_KEYS", "WITHIN_THRESHOLDS", "ErrorStatistics",
    "EvaluationCancelled", "EvaluationError", "EvaluationResult", "class_names",
    "compare_dems", "histogram_svg", "report_html", "write_html_report",
]
