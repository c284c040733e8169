"""The texts of compare_dem's HTML report in the user's language.

core.evaluation.report writes the report from its ``LABELS`` (English) and takes translations
of them; core does not import qgis, so the texts are listed here again, marked for pylupdate5
(context "CompareDemAlgorithm", the algorithm that writes the report) and translated at run
time through the algorithm's ``tr``. test/test_styles_and_log_qgis.py checks that this list
and LABELS name the same texts.
"""
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

# key of core.evaluation.report.LABELS -> its English text, as pylupdate5 sees it
TEXTS = {
    # the language code of the translation: German "de"
    "lang": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "en"),
    "title": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "SAR Height – DEM evaluation"),
    "heading": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "DEM evaluation"),
    "intro": QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm",
        "Error = estimate − reference, in metres, after converting both DEMs to WGS84 "
        "ellipsoidal heights; the estimate is resampled bilinearly onto the reference grid."),
    "inputs": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Inputs"),
    "estimate": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Estimate"),
    "reference": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Reference"),
    "reference_size": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "{0} ({1} × {2} cells)"),
    "mask": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Mask"),
    "error_raster": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Error raster"),
    "statistics": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Statistics"),
    "measure": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Measure"),
    "value": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Value"),
    "unit": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Unit"),
    "bias": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Bias (mean error)"),
    "rmse": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "RMSE"),
    "mae": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "MAE (mean absolute error)"),
    "nmad": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "NMAD (1.4826 × median |e − median e|)"),
    "median": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Median error"),
    "std": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Standard deviation"),
    "min": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Minimum error"),
    "max": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Maximum error"),
    "within": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Within ±{0} m"),
    "coverage": QT_TRANSLATE_NOOP("CompareDemAlgorithm",
                                  "Coverage (reference cells with an estimate)"),
    "count": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Compared cells"),
    "count_reference": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Reference cells"),
    "per_class": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Per mask class"),
    "no_mask": QT_TRANSLATE_NOOP("CompareDemAlgorithm",
                                 "No mask given: all cells form one class."),
    "column_class": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "class"),
    "column_value": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "value"),
    "column_count_reference": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "reference cells"),
    "column_count": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "compared cells"),
    "column_coverage": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "coverage %"),
    "column_bias": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "bias m"),
    "column_rmse": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "RMSE m"),
    "column_mae": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "MAE m"),
    "column_nmad": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "NMAD m"),
    "column_median": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "median m"),
    "column_std": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "std m"),
    "column_within": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "|e| ≤ {0} m %"),
    "class_all": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "all"),
    "class_clear": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "clear"),
    "class_layover": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "layover"),
    "class_shadow": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "shadow"),
    "class_layover+shadow": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "layover+shadow"),
    "class_n": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "class {0}"),
    "histogram": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Error histogram"),
    "histogram_alt": QT_TRANSLATE_NOOP("CompareDemAlgorithm",
                                       "Histogram of the errors from {0} m to {1} m"),
    "axis_error": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Error (m)"),
    "axis_cells": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Cells per bar"),
    "histogram_note": QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm",
        "All compared cells: {0} bars of {1} m from {2} m to {3} m; {4} of {5} errors lie in "
        "the shown range. Black line: zero; orange line: median."),
    "method": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Method"),
    "method_nmad": QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm", "NMAD = {0} × median(|e − median(e)|), robust to outliers."),
    "method_histogram": QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm",
        "Median and NMAD come from a histogram of {0} cm bins over ±{1} m: median exact to "
        "within 5 mm, NMAD to within 1.5 cm. Bias, RMSE, MAE and the ±X m shares are exact."),
    "method_coverage": QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm",
        "Coverage: share of reference cells holding a height for which the estimate also has "
        "one. The ±X m shares are of the compared cells."),
    "method_no_class": QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm",
        "Cells without a mask class (mask nodata or outside the mask) count in “all” only."),
}


def report_labels(tr):
    """Return the report's texts translated by ``tr`` (an algorithm's tr): LABELS' keys."""
    return {key: tr(text) for key, text in TEXTS.items()}
