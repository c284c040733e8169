"""sarheight:point_target_height — absolute heights of point targets from one long-aperture SLC.

Thin wrapper around core.point_target (Duque et al., IEEE GRSL 2015): the SLC is opened with
core.point_target.slc.open_slc, measured with core.point_target.measure, and every target is
written as a 3-D point (EPSG:4979, WGS84 ellipsoidal height as z and as a field).
"""
import math

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPoint,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QVariant

from .base import SarHeightAlgorithm, make_progress, style_output
from .common import add_advanced, check_at_start, dependency_problem, named, require_resources

OUTPUT_CRS = "EPSG:4979"  # WGS 84 geographic 3-D: z is the ellipsoidal height
FALLBACK_CRS = "EPSG:4326"
FIELDS = (("height_m", QVariant.Double), ("height_std_m", QVariant.Double),
          ("residual_rms", QVariant.Double), ("scr_db", QVariant.Double),
          ("n_subbands", QVariant.Int), ("line", QVariant.Double), ("sample", QVariant.Double),
          ("status", QVariant.String))
AREA_EDGE_POINTS = 9  # points per extent edge projected into the image (curved edges)


def _optional_number(parameters, key):
    """Return the number given for an optional parameter, or None when left empty."""
    value = parameters.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return float(value)


class PointTargetHeightAlgorithm(SarHeightAlgorithm):
    """sarheight:point_target_height: absolute heights of point targets from one SLC.

    A thin wrapper around core.point_target (Duque et al. 2015); the user's help is
    resources/help/<language>/point_target_height.html.
    """

    SLC = "SLC"
    GEOMETRY = "GEOMETRY"
    SUBBANDS = "SUBBANDS"
    SCR_THRESHOLD = "SCR_THRESHOLD"
    SCR_TOLERANCE = "SCR_TOLERANCE"
    HEIGHT_MIN = "HEIGHT_MIN"
    HEIGHT_MAX = "HEIGHT_MAX"
    REFERENCE_HEIGHT = "REFERENCE_HEIGHT"
    TROPO_DELAY_CORRECTION = "TROPO_DELAY_CORRECTION"
    AREA = "AREA"
    MAX_HEIGHT_STD = "MAX_HEIGHT_STD"
    MAX_TARGETS = "MAX_TARGETS"
    OUTPUT = "OUTPUT"
    STYLE = "point_target_height"

    algorithm_id = "point_target_height"
    display_name = QT_TRANSLATE_NOOP("PointTargetHeightAlgorithm",
                                     "Point-target absolute height (Staring Spotlight)")
    group_id = "point_target"

    def initAlgorithm(self, config=None):
        """Declare the SLC, the measurement and search parameters, the point layer and counts."""
        # "All files (*)", not "(*.*)": QGIS 3.22 then also accepts a product folder (and names
        # without an extension); open_slc identifies what it gets.
        self.addParameter(QgsProcessingParameterFile(
            self.SLC, self.tr("Complex SLC (TerraSAR-X product folder or level1Product XML, or "
                              "complex GeoTIFF)"),
            fileFilter=self.tr("SLC products (TSX*.xml TDX*.xml PAZ*.xml *.tif *.tiff);;"
                               "All files (*)")))
        self.addParameter(QgsProcessingParameterFile(
            self.GEOMETRY, self.tr("Geometry JSON (for a GeoTIFF; empty = the .json of the "
                                   "same name)"), optional=True,
            fileFilter=self.tr("Geometry JSON (*.json)")))
        self.addParameter(QgsProcessingParameterNumber(
            self.SUBBANDS, self.tr("Number of azimuth sub-bands"),
            QgsProcessingParameterNumber.Integer, defaultValue=5, minValue=2, maxValue=32))
        self.addParameter(QgsProcessingParameterNumber(
            self.SCR_THRESHOLD, self.tr("Minimum signal-to-clutter ratio (dB)"),
            QgsProcessingParameterNumber.Double, defaultValue=15.0, minValue=0.0,
            maxValue=100.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SCR_TOLERANCE, self.tr("SCR tolerance across sub-bands (± dB)"),
            QgsProcessingParameterNumber.Double, defaultValue=2.0, minValue=0.1,
            maxValue=30.0))
        for key, label in ((self.HEIGHT_MIN, self.tr("Lowest height to search (m, empty = "
                                                     "-500)")),
                           (self.HEIGHT_MAX, self.tr("Highest height to search (m, empty = "
                                                     "9000)")),
                           (self.REFERENCE_HEIGHT, self.tr("Height assumed in focusing (m; "
                                                           "empty = from the metadata)"))):
            self.addParameter(QgsProcessingParameterNumber(
                key, label, QgsProcessingParameterNumber.Double, defaultValue=None,
                optional=True, minValue=-1000.0, maxValue=10000.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.TROPO_DELAY_CORRECTION, self.tr("Tropospheric zenith delay to add (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=-3.0,
            maxValue=3.0))
        self.addParameter(QgsProcessingParameterExtent(
            self.AREA, self.tr("Area to search (empty = the whole image)"), optional=True))
        add_advanced(self, [
            QgsProcessingParameterNumber(
                self.MAX_HEIGHT_STD, self.tr("Refuse heights whose expected error exceeds "
                                             "(m)"),
                QgsProcessingParameterNumber.Double, defaultValue=100.0, minValue=0.01),
            QgsProcessingParameterNumber(
                self.MAX_TARGETS, self.tr("Most targets to measure (strongest first)"),
                QgsProcessingParameterNumber.Integer, defaultValue=1000, minValue=1),
        ])
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Point-target heights"), QgsProcessing.TypeVectorPoint))
        for key, label in (("TARGETS", self.tr("Targets with a height")),
                           ("REFUSED", self.tr("Targets without a height")),
                           ("CANDIDATES", self.tr("Candidates above the SCR threshold")),
                           ("THEORETICAL_STD", self.tr("Expected height error at the SCR "
                                                       "threshold (m)"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def checkParameterValues(self, parameters, context):
        """Refuse a missing module or HEIGHT_MIN not below HEIGHT_MAX; then the base checks."""
        problem = dependency_problem(self.tr)
        if not problem:
            low = _optional_number(parameters, self.HEIGHT_MIN)
            high = _optional_number(parameters, self.HEIGHT_MAX)
            if low is not None and high is not None and low >= high:
                problem = self.tr("{0} ({1:g} m) must be below {2} ({3:g} m).").format(
                    named(self, self.HEIGHT_MIN), low, named(self, self.HEIGHT_MAX), high)
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    # -- inputs ------------------------------------------------------------------------------
    def _open(self, parameters, context, feedback):
        from ..core.point_target.settings import target_azimuth_bandwidth_hz
        from ..core.point_target.slc import open_slc

        path = self.parameterAsFile(parameters, self.SLC, context)
        geometry_path = self.parameterAsFile(parameters, self.GEOMETRY, context) or None
        reader, geometry = open_slc(path, geometry_path)
        extra = geometry.extra or {}
        feedback.pushInfo(self.tr(
            "SLC {0}: {1} lines x {2} samples, {3} {4}, imaging mode {5}, processed azimuth "
            "bandwidth {6} Hz, reference height {7}.").format(
            path, reader.lines, reader.samples, geometry.mission, geometry.product_type,
            extra.get("imaging_mode") or "?",
            _format(target_azimuth_bandwidth_hz(extra), "{:.0f}"),
            _format(geometry.reference_height_m, "{:.1f} m")))
        return reader, geometry

    def _options(self, parameters, context):
        from ..core.point_target.measure import HeightOptions

        return HeightOptions(
            subbands=self.parameterAsInt(parameters, self.SUBBANDS, context),
            scr_threshold_db=self.parameterAsDouble(parameters, self.SCR_THRESHOLD, context),
            scr_tolerance_db=self.parameterAsDouble(parameters, self.SCR_TOLERANCE, context),
            height_min_m=_optional_number(parameters, self.HEIGHT_MIN),
            height_max_m=_optional_number(parameters, self.HEIGHT_MAX),
            reference_height_m=_optional_number(parameters, self.REFERENCE_HEIGHT),
            tropo_delay_correction_m=self.parameterAsDouble(
                parameters, self.TROPO_DELAY_CORRECTION, context),
            max_height_std_m=self.parameterAsDouble(parameters, self.MAX_HEIGHT_STD, context),
            max_targets=self.parameterAsInt(parameters, self.MAX_TARGETS, context))

    def _area(self, parameters, context, reader, geometry, heights_m, zenith_delay_m):
        """Return the SLC window (line0, sample0, lines, samples) of the AREA extent, or None.

        The extent is projected into the image at the ends of the height search (``heights_m``) and
        with the zenith delay ``zenith_delay_m`` (metres); None when no AREA is given, and an extent
        that misses the image is refused.
        """
        if not parameters.get(self.AREA):
            return None
        from ..core.point_target.area import image_window_of_lonlat

        crs = self.parameterAsExtentCrs(parameters, self.AREA, context)
        extent = self.parameterAsExtent(parameters, self.AREA, context, crs)
        wgs84 = QgsCoordinateReferenceSystem(FALLBACK_CRS)
        if crs.isValid() and crs != wgs84:
            transform = QgsCoordinateTransform(crs, wgs84, context.transformContext())
            extent = transform.transformBoundingBox(extent)
        window = image_window_of_lonlat(
            geometry, (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(),
                       extent.yMaximum()), heights_m, reader.lines, reader.samples,
            AREA_EDGE_POINTS, zenith_delay_m)
        if window is None:
            raise QgsProcessingException(self.tr(
                "{0} does not overlap the SLC: choose an extent inside the image's footprint, "
                "or leave it empty.").format(named(self, self.AREA)))
        return window

    # -- output ------------------------------------------------------------------------------
    def _sink(self, parameters, context):
        fields = QgsFields()
        for name, kind in FIELDS:
            fields.append(QgsField(name, kind))
        crs = QgsCoordinateReferenceSystem(OUTPUT_CRS)
        wkb = QgsWkbTypes.PointZ
        if not crs.isValid():  # PROJ without EPSG:4979: 2-D points, height as a field
            crs, wkb = QgsCoordinateReferenceSystem(FALLBACK_CRS), QgsWkbTypes.Point
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, wkb, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        return sink, dest, fields, wkb == QgsWkbTypes.PointZ

    @staticmethod
    def _feature(target, fields, with_z, placement_height_m):
        feature = QgsFeature(fields)
        has_height = math.isfinite(target.height_m)
        z = target.height_m if has_height else placement_height_m
        point = QgsPoint(target.lon_deg, target.lat_deg, z) if with_z else QgsPoint(
            target.lon_deg, target.lat_deg)
        feature.setGeometry(QgsGeometry(point))
        feature.setAttributes([
            float(target.height_m) if has_height else None,
            _finite_or_none(target.height_std_m), _finite_or_none(target.residual_rms_m),
            _finite_or_none(target.scr_db), int(target.n_subbands), float(target.line),
            float(target.sample), target.status])
        return feature

    def _log(self, report, feedback):
        feedback.pushInfo(self.tr(
            "{0} candidate(s) above the SCR threshold; expected height error at the threshold "
            "{1:.2f} m (eq. 13).").format(report.candidates, report.theoretical_std_m))
        for note in report.notes:
            feedback.pushInfo(note)
        for message in report.messages:
            feedback.reportError(message, False)
        for target in report.targets:
            if math.isfinite(target.height_m):
                feedback.pushInfo(self.tr(
                    "Target at line {0:.1f}, sample {1:.1f}: height {2:.2f} m ± {3:.2f} m, SCR "
                    "{4:.1f} dB, residual {5:.3f} m ({6}).").format(
                    target.line, target.sample, target.height_m, target.height_std_m,
                    target.scr_db, target.residual_rms_m, target.status))
            else:
                feedback.pushInfo(self.tr(
                    "Target at line {0:.1f}, sample {1:.1f}, SCR {2:.1f} dB: no height "
                    "({3}).").format(target.line, target.sample, target.scr_db, target.status))

    # -- run ---------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        """Measure the point targets; write them as 3-D points (WGS84 ellipsoidal heights, m).

        Opens the SLC, limits the search to AREA, refuses the run when memory is short,
        measures the heights, logs every target, then fills the feature sink (EPSG:4979, or 2-D
        EPSG:4326 points with the height as a field where PROJ lacks EPSG:4979). Filling the sink
        is the run's commit: a cancel before it writes nothing, one after it keeps the layer. Also
        returns the counts of targets with and without a height, the candidates and the
        theoretical height error.
        """
        from dataclasses import replace

        from ..core.errors import PointTargetCancelled, PointTargetError
        from ..core.point_target.measure import estimate_point_heights, height_interval
        from ..core.point_target.settings import acquisition_settings
        from ..core.resources import point_target_estimate

        check_at_start(self, parameters, context)
        options = self._options(parameters, context)
        try:
            reader, geometry = self._open(parameters, context, feedback)
            settings = acquisition_settings(geometry, options)
            placement = settings.reference_height_m
            options = replace(options, area=self._area(parameters, context, reader, geometry,
                                                       height_interval(options),
                                                       settings.processor_delay_m))
            if options.area is not None:
                feedback.pushInfo(self.tr("Area: lines {0}-{1}, samples {2}-{3}.").format(
                    options.area[0], options.area[0] + options.area[2] - 1, options.area[1],
                    options.area[1] + options.area[3] - 1))
            samples = options.area[3] if options.area is not None else reader.samples
            require_resources(self, point_target_estimate(samples), feedback)
            report = estimate_point_heights(reader, geometry, options,
                                            make_progress(feedback, 0.0, 95.0))
        except PointTargetCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except PointTargetError as exc:
            raise QgsProcessingException(str(exc)) from exc
        self._log(report, feedback)
        if feedback.isCanceled():  # QGIS creates a sink's file at once: decide before that
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        sink, dest, fields, with_z = self._sink(parameters, context)
        for target in report.targets:  # the commit: not interrupted by a cancel (base.py)
            sink.addFeature(self._feature(target, fields, with_z, placement),
                            QgsFeatureSink.FastInsert)
        self.sink_filled = True
        feedback.setProgress(100.0)
        measured = sum(1 for t in report.targets if math.isfinite(t.height_m))
        self._dest = dest
        return {self.OUTPUT: dest, "TARGETS": measured,
                "REFUSED": len(report.targets) - measured, "CANDIDATES": report.candidates,
                "THEORETICAL_STD": float(report.theoretical_std_m)}

    def postProcessAlgorithm(self, context, feedback):
        """Apply the point-target style to the output layer when QGIS loads it."""
        style_output(context, getattr(self, "_dest", None), self.STYLE)
        return {}


def _finite_or_none(value):
    value = float(value)
    return value if math.isfinite(value) else None


def _format(value, pattern):
    return pattern.format(value) if value is not None else "?"
