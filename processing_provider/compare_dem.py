"""sarheight:compare_dem — error statistics of a DEM against a reference DEM, per mask class."""

import math
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.constants import VERTICAL_DATUMS
from .base import SarHeightAlgorithm, make_progress, style_output
from .common import (
    add_advanced,
    check_at_start,
    datum_note,
    datum_parameter,
    dependency_problem,
    log_table,
    named,
    require_resources,
    tiff_destination_problem,
)
from .report_text import report_labels
from .simulate_sar import report_workers, workers_parameter

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
    heights; the user's help is resources/help/<language>/compare_dem.html.
    """

    DEM = "DEM"
    DEM_VERTICAL_DATUM = "DEM_VERTICAL_DATUM"
    REFERENCE = "REFERENCE"
    REFERENCE_VERTICAL_DATUM = "REFERENCE_VERTICAL_DATUM"
    MASK = "MASK"
    BLOCK_ROWS = "BLOCK_ROWS"
    WORKERS = "WORKERS"
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
    group_id = "validation"

    def initAlgorithm(self, config=None):
        """Declare the DEMs, their vertical datums, the class mask and the outputs."""
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("DEM to evaluate (estimate, heights in metres)")))
        self.addParameter(datum_parameter(self.DEM_VERTICAL_DATUM, self.tr))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, self.tr("Reference DEM (heights in metres)")))
        label = self.tr("Reference DEM vertical datum")  # pylupdate5: not inside the call
        self.addParameter(datum_parameter(self.REFERENCE_VERTICAL_DATUM, self.tr, label))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.MASK, self.tr("Class mask (e.g. layover/shadow mask of Simulate SAR image)"),
            optional=True))
        add_advanced(self, [
            QgsProcessingParameterNumber(
                self.BLOCK_ROWS, self.tr("Block size (reference rows per strip)"),
                QgsProcessingParameterNumber.Integer, defaultValue=256, minValue=1,
                maxValue=8192),
            workers_parameter(self.WORKERS, self.tr),
        ])
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
                                      "in .html, not '{1}'.").format(
                    named(self, self.OUTPUT_REPORT), extension)
        return super().checkParameterValues(parameters, context)

    def _layer_path(self, parameters, key, context, optional=False):
        layer = self.parameterAsRasterLayer(parameters, key, context)
        if layer is None:
            if optional:
                return None
            raise QgsProcessingException(
                self.tr("{0} could not be loaded as a raster layer.").format(named(self, key)))
        return layer.source()

    def _destination(self, parameters, key, context, as_layer):
        if parameters.get(key) is None:
            return None
        if as_layer:
            path = self.parameterAsOutputLayer(parameters, key, context)
        else:
            path = self.parameterAsFileOutput(parameters, key, context)
        return path or None

    def _datum_text(self, message):
        """Return a core message about a DEM naming the vertical-datum parameter of that DEM.

        core.evaluation starts messages about the reference DEM with "Reference:".
        """
        key = (self.REFERENCE_VERTICAL_DATUM if message.startswith("Reference")
               else self.DEM_VERTICAL_DATUM)
        return datum_note(self, message, key)

    def _class_label(self, name):
        if name in CLASS_NAMES:
            return self.tr(CLASS_NAMES[name])
        if name.startswith("class "):
            return self.tr("class {0}").format(name[6:])
        return name

    def _log_table(self, result, feedback):
        """Log the statistics per class: an HTML table, or one sentence per class (QGIS 3.22).

        See common.log_table: QGIS 3.22's log cannot line up a text table.
        """
        header = [self.tr("class"), self.tr("cells"), self.tr("cover %"), self.tr("bias m"),
                  self.tr("RMSE m"), self.tr("MAE m"), self.tr("NMAD m")]
        header += ["≤{0}m %".format(t) for t in (1, 2, 5, 10, 20)]

        def number(value, pattern):
            return pattern.format(value) if math.isfinite(value) else "–"

        rows, lines = [], []
        for name, stats in result.table():
            row = [self._class_label(name), "{0:d}".format(int(stats["count"])),
                   number(stats["coverage"], "{:.2f}"), number(stats["bias"], "{:.3f}"),
                   number(stats["rmse"], "{:.3f}"), number(stats["mae"], "{:.3f}"),
                   number(stats["nmad"], "{:.3f}")]
            row += [number(stats["within_{}m".format(t)], "{:.2f}") for t in (1, 2, 5, 10, 20)]
            rows.append(row)
            lines.append(self.tr(
                "{0}: {1} cells, coverage {2} %, bias {3} m, RMSE {4} m, MAE {5} m, NMAD {6} m; "
                "within ±1/2/5/10/20 m: {7} %.").format(*row[:7], "/".join(row[7:])))
        log_table(feedback, header, rows, lines)

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
        workers = self.parameterAsInt(parameters, self.WORKERS, context)
        require_resources(self, compare_run_estimate(estimate, reference, mask, block_rows,
                                                     error_path, report_path, workers), feedback)
        report_workers(feedback, workers, self.tr)
        try:
            result = compare_dems(
                estimate, reference, mask, estimate_datum, reference_datum, error_path,
                progress=make_progress(feedback, 0.0, 95.0), block_rows=block_rows,
                output_set=self.output_set, workers=workers)
        except EvaluationCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except EvaluationError as exc:
            raise QgsProcessingException(self._datum_text(str(exc))) from exc
        # core names DEM_VERTICAL_DATUM for either DEM: log and report name the right parameter
        result.estimate_datum_note = datum_note(self, result.estimate_datum_note,
                                                self.DEM_VERTICAL_DATUM)
        result.reference_datum_note = datum_note(self, result.reference_datum_note,
                                                 self.REFERENCE_VERTICAL_DATUM)
        feedback.pushInfo(self.tr("Estimate: {0}.").format(result.estimate_datum_note))
        feedback.pushInfo(self.tr("Reference: {0}.").format(result.reference_datum_note))
        if result.mask_note:
            feedback.pushInfo(self.tr("Mask: {0}.").format(result.mask_note))
        for note in result.notes:
            feedback.pushInfo(note)
        self._log_table(result, feedback)
        outputs = {name: float(result.overall[key]) for name, key in self.NUMBERS.items()}
        if report_path:  # committed with the error raster by the base class: all or nothing
            write_html_report(result, report_path, self.output_set, report_labels(self.tr))
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
