"""sarheight:compare_dem — error statistics of a DEM against a reference DEM, per mask class."""

import math
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.constants import VERTICAL_DATUMS
from .base import SarHeightAlgorithm, make_progress, style_output
from .common import (
    check_at_start,
    datum_parameter,
    dependency_problem,
    require_resources,
    tiff_destination_problem,
)

# Class names produced by core.evaluation, listed here so that pylupdate5 finds them.
CLASS_NAMES = {
    "all": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "all"),
    "clear": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "clear"),
    "layover": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "layover"),
    "shadow": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "shadow"),
    "layover+shadow": QT_TRANSLATE_NOOP("CompareDemAlgorithm", "layover+shadow"),
}


class CompareDemAlgorithm(SarHeightAlgorithm):
    """sarheight:compare_dem: error statistics of a DEM against a reference DEM, per mask class.

    Errors are estimate − reference in metres after conversion of both to WGS84 ellipsoidal
    heights; see ``help_html`` for the user's description.
    """

    DEM = "DEM"
    DEM_VERTICAL_DATUM = "DEM_VERTICAL_DATUM"
    REFERENCE = "REFERENCE"
    REFERENCE_VERTICAL_DATUM = "REFERENCE_VERTICAL_DATUM"
    MASK = "MASK"
    BLOCK_ROWS = "BLOCK_ROWS"
    OUTPUT_ERROR = "OUTPUT_ERROR"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    # output name -> key of core.evaluation's statistics dict
    NUMBERS = {
        "BIAS": "bias", "RMSE": "rmse", "MAE": "mae", "NMAD": "nmad",
        "WITHIN_1M": "within_1m", "WITHIN_2M": "within_2m", "WITHIN_5M": "within_5m",
        "WITHIN_10M": "within_10m", "WITHIN_20M": "within_20m", "COVERAGE": "coverage",
    }
    STYLE = "dem_error"

    algorithm_id = "compare_dem"
    display_name = QT_TRANSLATE_NOOP("CompareDemAlgorithm", "Compare DEM with reference")
    group_id = "evaluation"
    help_html = QT_TRANSLATE_NOOP(
        "CompareDemAlgorithm",
        "<p>Evaluates a DEM (for example one estimated from SAR) against a reference DEM. "
        "The error is estimate − reference in metres, after converting both to WGS84 "
        "ellipsoidal heights with their vertical datums. The estimate is resampled bilinearly "
        "onto the reference grid (any CRS); the reference is processed in row strips, so large "
        "references need little memory.</p>"
        "<p><b>Statistics</b>: bias (mean error), RMSE, MAE, NMAD = 1.4826 × median |e − "
        "median e| (robust to outliers; from a 1 cm histogram, exact to about 1.5 cm), the "
        "percentage of compared cells within ±1, 2, 5, 10 and 20 m, and the coverage: the "
        "percentage of reference cells for which the estimate has a height.</p>"
        "<p><b>Mask</b> (optional): a raster of integer classes, on the reference grid or on "
        "the estimate's grid, e.g. the layover/shadow mask of <i>Simulate SAR image</i> (0 "
        "clear, 1 layover, 2 shadow, 3 both, 255 nodata). Statistics are then also given per "
        "class.</p>"
        "<p><b>Outputs</b>: the numbers (also in qgis_process JSON results), an error raster on "
        "the reference grid (float32, blue = estimate too low, red = too high) and an HTML "
        "report with the tables and an error histogram.</p>")

    def initAlgorithm(self, config=None):
        """Declare the DEMs, their vertical datums, the class mask, the outputs and help texts."""
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("DEM to evaluate (estimate, heights in metres)")))
        self.addParameter(datum_parameter(self.DEM_VERTICAL_DATUM, self.tr))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, self.tr("Reference DEM (heights in metres)")))
        reference_datum = datum_parameter(self.REFERENCE_VERTICAL_DATUM, self.tr)
        reference_datum.setDescription(self.tr("Reference DEM vertical datum"))
        self.addParameter(reference_datum)
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.MASK, self.tr("Class mask (e.g. layover/shadow mask of Simulate SAR image)"),
            optional=True))
        block_rows = QgsProcessingParameterNumber(
            self.BLOCK_ROWS, self.tr("Block size (reference rows per strip)"),
            QgsProcessingParameterNumber.Integer, defaultValue=256, minValue=1, maxValue=8192)
        block_rows.setFlags(block_rows.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(block_rows)
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_ERROR, self.tr("Error (estimate − reference, m)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Evaluation report"),
            fileFilter=self.tr("HTML files (*.html *.htm)"), optional=True))
        labels = {
            "BIAS": self.tr("Bias (mean error, m)"),
            "RMSE": self.tr("RMSE (m)"),
            "MAE": self.tr("MAE (mean absolute error, m)"),
            "NMAD": self.tr("NMAD (m)"),
            "WITHIN_1M": self.tr("Within ±1 m (%)"),
            "WITHIN_2M": self.tr("Within ±2 m (%)"),
            "WITHIN_5M": self.tr("Within ±5 m (%)"),
            "WITHIN_10M": self.tr("Within ±10 m (%)"),
            "WITHIN_20M": self.tr("Within ±20 m (%)"),
            "COVERAGE": self.tr("Coverage (% of reference cells with an estimate)"),
        }
        for name, label in labels.items():
            self.addOutput(QgsProcessingOutputNumber(name, label))
        helps = {
            self.DEM: self.tr("The DEM to evaluate. It is resampled bilinearly onto the "
                              "reference grid; its CRS may differ from the reference's."),
            self.DEM_VERTICAL_DATUM: self.tr("Vertical datum of the evaluated DEM's heights."),
            self.REFERENCE: self.tr("The reference DEM. Its grid is the grid of the error "
                                    "raster and of all statistics."),
            self.REFERENCE_VERTICAL_DATUM: self.tr("Vertical datum of the reference heights."),
            self.MASK: self.tr("Integer class raster on the reference grid or on the evaluated "
                               "DEM's grid (e.g. OUTPUT_MASK of Simulate SAR image run on that "
                               "DEM). Its nodata cells count in 'all' only."),
            self.BLOCK_ROWS: self.tr("Reference rows processed at a time (memory versus "
                                     "speed)."),
            self.OUTPUT_ERROR: self.tr("Float32 GeoTIFF of estimate − reference in metres on "
                                       "the reference grid, NaN where either has no height."),
            self.OUTPUT_REPORT: self.tr("Self-contained HTML report: statistics, per-class "
                                        "table and error histogram."),
        }
        for name, text in helps.items():
            self.parameterDefinition(name).setHelp(text)

    def checkParameterValues(self, parameters, context):
        """Refuse a missing module, a non-GeoTIFF error raster or a non-HTML report up front.

        Then the base class's checks (number ranges, QGIS's own, outputs that overwrite inputs).
        """
        problem = dependency_problem(self.tr)
        if problem:
            return False, problem
        problem = tiff_destination_problem(self, parameters, self.OUTPUT_ERROR, context)
        if problem:
            return False, problem
        report = parameters.get(self.OUTPUT_REPORT)
        if isinstance(report, str) and report != "TEMPORARY_OUTPUT":
            extension = os.path.splitext(report)[1].lower()
            if extension not in ("", ".html", ".htm"):
                return False, self.tr("Output {0}: the report is HTML; give a file name ending "
                                      "in .html, not '{1}'.").format(self.OUTPUT_REPORT,
                                                                     extension)
        return super().checkParameterValues(parameters, context)

    def _layer_path(self, parameters, key, context, optional=False):
        layer = self.parameterAsRasterLayer(parameters, key, context)
        if layer is None:
            if optional:
                return None
            raise QgsProcessingException(
                self.tr("{0} could not be loaded as a raster layer.").format(key))
        return layer.source()

    def _destination(self, parameters, key, context, as_layer):
        if parameters.get(key) is None:
            return None
        if as_layer:
            path = self.parameterAsOutputLayer(parameters, key, context)
        else:
            path = self.parameterAsFileOutput(parameters, key, context)
        return path or None

    def _class_label(self, name):
        if name in CLASS_NAMES:
            return self.tr(CLASS_NAMES[name])
        if name.startswith("class "):
            return self.tr("class {0}").format(name[6:])
        return name

    def _log_table(self, result, feedback):
        header = "{0:<16} {1:>10} {2:>9} {3:>8} {4:>8} {5:>8} {6:>8}".format(
            self.tr("class"), self.tr("cells"), self.tr("cover %"), self.tr("bias m"),
            self.tr("RMSE m"), self.tr("MAE m"), self.tr("NMAD m"))
        header += "  " + "  ".join("≤{0}m %".format(t) for t in (1, 2, 5, 10, 20))
        feedback.pushInfo(header)

        def number(value, pattern):
            return pattern.format(value) if math.isfinite(value) else "–"

        for name, stats in result.table():
            line = "{0:<16} {1:>10d} {2:>9} {3:>8} {4:>8} {5:>8} {6:>8}".format(
                self._class_label(name)[:16], int(stats["count"]),
                number(stats["coverage"], "{:.2f}"), number(stats["bias"], "{:.3f}"),
                number(stats["rmse"], "{:.3f}"), number(stats["mae"], "{:.3f}"),
                number(stats["nmad"], "{:.3f}"))
            line += "  " + "  ".join(
                number(stats["within_{}m".format(t)], "{:>6.2f}") for t in (1, 2, 5, 10, 20))
            feedback.pushInfo(line)

    def processAlgorithm(self, parameters, context, feedback):
        """Compare the DEM with the reference in strips; return the statistics and written outputs.

        The numbers of NUMBERS are those of the class 'all' (metres, or per cent for WITHIN_* and
        COVERAGE); the error raster and the HTML report are committed together, all or nothing.
        Returns {} when cancelled.
        """
        from ..core.evaluation import (
            EvaluationCancelled,
            EvaluationError,
            compare_dems,
            write_html_report,
        )
        from ..core.resources import compare_run_estimate

        check_at_start(self, parameters, context)
        estimate = self._layer_path(parameters, self.DEM, context)
        reference = self._layer_path(parameters, self.REFERENCE, context)
        mask = self._layer_path(parameters, self.MASK, context, optional=True)
        estimate_datum = VERTICAL_DATUMS[self.parameterAsEnum(
            parameters, self.DEM_VERTICAL_DATUM, context)]
        reference_datum = VERTICAL_DATUMS[self.parameterAsEnum(
            parameters, self.REFERENCE_VERTICAL_DATUM, context)]
        error_path = self._destination(parameters, self.OUTPUT_ERROR, context, True)
        report_path = self._destination(parameters, self.OUTPUT_REPORT, context, False)
        block_rows = self.parameterAsInt(parameters, self.BLOCK_ROWS, context)
        require_resources(self, compare_run_estimate(estimate, reference, mask, block_rows,
                                                     error_path, report_path), feedback)
        try:
            result = compare_dems(
                estimate, reference, mask, estimate_datum, reference_datum, error_path,
                progress=make_progress(feedback, 0.0, 95.0), block_rows=block_rows,
                output_set=self.output_set)
        except EvaluationCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except EvaluationError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(self.tr("Estimate: {0}.").format(result.estimate_datum_note))
        feedback.pushInfo(self.tr("Reference: {0}.").format(result.reference_datum_note))
        if result.mask_note:
            feedback.pushInfo(self.tr("Mask: {0}.").format(result.mask_note))
        for note in result.notes:
            feedback.pushInfo(note)
        self._log_table(result, feedback)
        outputs = {name: float(result.overall[key]) for name, key in self.NUMBERS.items()}
        if report_path:  # committed with the error raster by the base class: all or nothing
            write_html_report(result, report_path, self.output_set)
            outputs[self.OUTPUT_REPORT] = report_path
        feedback.setProgress(100.0)
        if error_path:
            outputs[self.OUTPUT_ERROR] = error_path
        self._error_path = error_path
        return outputs

    def postProcessAlgorithm(self, context, feedback):
        """Apply the error style to the error raster when QGIS loads it."""
        path = getattr(self, "_error_path", None)
        if path:
            style_output(context, path, self.STYLE)
        return {}
