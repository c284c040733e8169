"""sarheight:point_target_accuracy — expected accuracy of point-target absolute heights.

A planning tool: Duque et al. (IEEE GRSL 2015) eq. (13) for the height standard deviation of
one point target, eq. (7) for the bias of a range orbit error, and the equivalent height
bias of an unaccounted tropospheric delay (the paper's Table II, computed numerically on a
TerraSAR-X-like orbit). The maths is core.point_target.accuracy.

The acquisition's geometry (incidence, azimuth bandwidth, orbit height, velocity, wavelength,
latitude, pass) comes from, in this order: the parameter when it is given, the optional
TerraSAR-X PRODUCT (core.point_target.product_plan, which documents the element each value is
read from), the TerraSAR-X Staring Spotlight value of the paper (core.point_target.accuracy).
"""
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QVariant

from .base import SarHeightAlgorithm
from .common import add_advanced, check_at_start, dependency_problem

PASS_KEYS = ("ascending", "descending")


def _number(key, label, default, minimum, maximum, integer=False):
    """Return a number parameter; ``default`` None makes it optional (empty: from the product)."""
    kind = QgsProcessingParameterNumber.Integer if integer else QgsProcessingParameterNumber.Double
    return QgsProcessingParameterNumber(key, label, kind, defaultValue=default, minValue=minimum,
                                        maxValue=maximum, optional=default is None)


class PointTargetAccuracyAlgorithm(SarHeightAlgorithm):
    """sarheight:point_target_accuracy: expected accuracy of point-target absolute heights.

    A planning tool (Duque et al. 2015); the maths is core.point_target.accuracy. The user's
    help is resources/help/<language>/point_target_accuracy.html.
    """

    PRODUCT = "PRODUCT"
    INCIDENCE_ANGLE = "INCIDENCE_ANGLE"
    AZIMUTH_BANDWIDTH = "AZIMUTH_BANDWIDTH"
    SUBBANDS = "SUBBANDS"
    SCR = "SCR"
    ORBIT_HEIGHT = "ORBIT_HEIGHT"
    VELOCITY = "VELOCITY"
    WAVELENGTH = "WAVELENGTH"
    ORBIT_ERROR = "ORBIT_ERROR"
    LATITUDE = "LATITUDE"
    PASS_DIRECTION = "PASS_DIRECTION"
    TRUE_ZENITH_DELAY = "TRUE_ZENITH_DELAY"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    # output number -> AccuracyReport field
    NUMBERS = {
        "HEIGHT_STD": "height_std_m", "ORBIT_BIAS": "orbit_bias_m",
        "TROPO_BIAS_20CM": "tropo_bias_20cm_m", "TROPO_BIAS_40CM": "tropo_bias_40cm_m",
        "SLANT_RANGE": "slant_range_m", "INTEGRATION_TIME": "integration_time_s",
        "FM_RATE": "fm_rate_hz_s", "FM_RATE_PER_METRE": "fm_rate_per_metre_hz_s",
    }

    # parameter -> plan_accuracy argument that PRODUCT (or the paper's default) fills when empty
    GEOMETRY = {
        "INCIDENCE_ANGLE": "incidence_deg", "AZIMUTH_BANDWIDTH": "azimuth_bandwidth_hz",
        "ORBIT_HEIGHT": "orbit_height_m", "VELOCITY": "velocity_m_s",
        "WAVELENGTH": "wavelength_m", "LATITUDE": "latitude_deg",
        "PASS_DIRECTION": "pass_direction",
    }

    algorithm_id = "point_target_accuracy"
    display_name = QT_TRANSLATE_NOOP("PointTargetAccuracyAlgorithm",
                                     "Point-target height accuracy (planning)")
    group_id = "point_target"

    def initAlgorithm(self, config=None):
        """Declare the product, the acquisition and target parameters and the outputs.

        The geometry parameters are empty by default: from the product, else the paper's
        TerraSAR-X Staring Spotlight values.
        """
        self.addParameter(QgsProcessingParameterFile(
            self.PRODUCT, self.tr("TerraSAR-X product (folder or level1Product XML)"),
            optional=True, fileFilter=self.tr("TerraSAR-X products (TSX*.xml TDX*.xml "
                                              "PAZ*.xml);;All files (*)")))
        self.addParameter(_number(self.INCIDENCE_ANGLE, self.tr(
            "Incidence angle (degrees; empty = from the product, else 47.3)"), None, 1.0, 89.0))
        self.addParameter(_number(self.AZIMUTH_BANDWIDTH, self.tr(
            "Azimuth bandwidth of a target (Hz; empty = from the product, else 38300)"), None,
            1.0, 1e6))
        self.addParameter(_number(self.SUBBANDS, self.tr("Number of azimuth sub-bands"), 5, 2,
                                  64, integer=True))
        self.addParameter(_number(self.SCR, self.tr("Signal-to-clutter ratio (dB)"), 50.0,
                                  -20.0, 120.0))
        add_advanced(self, [
            _number(self.ORBIT_HEIGHT, self.tr(
                "Orbit height (m; empty = from the product, else 514000)"), None, 1000.0, 1e8),
            _number(self.VELOCITY, self.tr(
                "Satellite velocity (m/s; empty = from the product, else 7600)"), None, 1.0,
                20000.0),
            _number(self.WAVELENGTH, self.tr(
                "Wavelength (m; empty = from the product, else 0.031)"), None, 0.001, 10.0),
            _number(self.ORBIT_ERROR, self.tr("Range orbit error (m, 1 sigma)"), 0.02, 0.0,
                    1000.0),
            _number(self.LATITUDE, self.tr(
                "Latitude of the scene (degrees; empty = from the product, else 48.08)"), None,
                -85.0, 85.0),
            QgsProcessingParameterEnum(self.PASS_DIRECTION, self.tr(
                "Pass direction (empty = from the product, else ascending)"),
                options=[self.tr("Ascending"), self.tr("Descending")], defaultValue=None,
                optional=True),
            _number(self.TRUE_ZENITH_DELAY, self.tr("True zenith tropospheric delay (m)"), 2.7,
                    0.0, 10.0),
        ])
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_TABLE, self.tr("Accuracy table (sub-bands x SCR)"),
            QgsProcessing.TypeVector, optional=True, createByDefault=False))
        labels = {
            "HEIGHT_STD": self.tr("Height standard deviation, eq. (13) (m)"),
            "ORBIT_BIAS": self.tr("Height bias of the orbit error, eq. (7) (m)"),
            "TROPO_BIAS_20CM": self.tr("Height bias of a 20 cm zenith delay error (m)"),
            "TROPO_BIAS_40CM": self.tr("Height bias of a 40 cm zenith delay error (m)"),
            "SLANT_RANGE": self.tr("Slant range (m)"),
            "INTEGRATION_TIME": self.tr("Integration time (s)"),
            "FM_RATE": self.tr("Azimuth FM rate (Hz/s)"),
            "FM_RATE_PER_METRE": self.tr("FM rate change per metre of height (Hz/s/m)"),
        }
        for key, label in labels.items():
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def checkParameterValues(self, parameters, context):
        """Refuse a run with a missing Python module, then apply the base class's checks."""
        problem = dependency_problem(self.tr)
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def _given(self, parameters, key, context):
        """Return the value of a geometry parameter the user gave, or None when it is empty."""
        if parameters.get(key) is None:
            return None
        if key == self.PASS_DIRECTION:
            return PASS_KEYS[self.parameterAsEnum(parameters, key, context)]
        return self.parameterAsDouble(parameters, key, context)

    def _product(self, parameters, context, feedback):
        """Return the plan_accuracy arguments PRODUCT gives ({} without one); log their sources."""
        from ..core.point_target.product_plan import product_plan_values

        path = self.parameterAsFile(parameters, self.PRODUCT, context)
        if not path:
            return {}
        values = product_plan_values(path)
        names = {name: key for key, name in self.GEOMETRY.items()}

        def shown(name):
            value = getattr(values, name)
            return value if isinstance(value, str) else f"{value:.6g}"

        feedback.pushInfo(self.tr("Geometry from the product {0}: {1}.").format(
            values.product, "; ".join(
                f"{self.parameterDefinition(names[name]).description()}: {shown(name)} "
                f"({source})" for name, source in values.sources.items())))
        return values.plan_inputs()

    def _inputs(self, parameters, context, feedback):
        from ..core.point_target import accuracy

        defaults = {"incidence_deg": accuracy.DEFAULT_INCIDENCE_DEG,
                    "azimuth_bandwidth_hz": accuracy.TSX_AZIMUTH_BANDWIDTH_HZ,
                    "orbit_height_m": accuracy.DEFAULT_ORBIT_HEIGHT_M,
                    "velocity_m_s": accuracy.DEFAULT_VELOCITY_M_S,
                    "wavelength_m": accuracy.DEFAULT_WAVELENGTH_M,
                    "latitude_deg": accuracy.DEFAULT_LATITUDE_DEG,
                    "pass_direction": PASS_KEYS[0]}
        product = self._product(parameters, context, feedback)
        inputs, overridden = {}, []
        for key, name in self.GEOMETRY.items():
            given = self._given(parameters, key, context)
            inputs[name] = given if given is not None else product.get(name, defaults[name])
            if given is not None and name in product:
                overridden.append(self.parameterDefinition(key).description())
        if overridden:
            feedback.pushInfo(self.tr("Given explicitly, instead of the product's value: "
                                      "{0}.").format("; ".join(overridden)))
        inputs.update(
            n_subbands=self.parameterAsInt(parameters, self.SUBBANDS, context),
            scr_db=self.parameterAsDouble(parameters, self.SCR, context),
            orbit_error_m=self.parameterAsDouble(parameters, self.ORBIT_ERROR, context),
            true_zenith_delay_m=self.parameterAsDouble(parameters, self.TRUE_ZENITH_DELAY,
                                                       context))
        return inputs

    def _log(self, report, feedback):
        feedback.pushInfo(self.tr(
            "Height standard deviation {0:.2f} m (eq. 13: {1} sub-bands, SCR {2:g} dB, "
            "incidence {3:g}°, azimuth bandwidth {4:g} Hz).").format(
            report.height_std_m, report.n_subbands, report.scr_db, report.incidence_deg,
            report.azimuth_bandwidth_hz))
        feedback.pushInfo(self.tr(
            "Biases: orbit {0:.2f} m (eq. 7, {1:g} m range error); tropospheric delay error "
            "20 cm: {2:.1f} m, 40 cm: {3:.1f} m.").format(
            report.orbit_bias_m, report.orbit_error_m, report.tropo_bias_20cm_m,
            report.tropo_bias_40cm_m))
        feedback.pushInfo(self.tr(
            "Slant range {0:.0f} m, integration time {1:.2f} s, azimuth FM rate {2:.0f} Hz/s, "
            "{3:.3g} Hz/s per metre of height.").format(
            report.slant_range_m, report.integration_time_s, report.fm_rate_hz_s,
            report.fm_rate_per_metre_hz_s))

    def _table(self, parameters, context, inputs, feedback):
        from ..core.point_target.accuracy import TABLE_SCR_DB, TABLE_SUBBANDS, accuracy_table

        fields = QgsFields()
        for name, kind in (("n_subbands", QVariant.Int), ("scr_db", QVariant.Double),
                           ("height_std_m", QVariant.Double)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_TABLE, context, fields,
                                          QgsWkbTypes.NoGeometry)
        if sink is None:
            return None
        geometry = {k: inputs[k] for k in ("incidence_deg", "azimuth_bandwidth_hz",
                                           "orbit_height_m", "velocity_m_s", "wavelength_m")}
        for row in accuracy_table(**geometry):
            feature = QgsFeature(fields)
            feature.setAttributes(list(row))
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        feedback.pushInfo(self.tr("Table: {0} sub-band counts x {1} SCRs.").format(
            len(TABLE_SUBBANDS), len(TABLE_SCR_DB)))
        return dest

    def processAlgorithm(self, parameters, context, feedback):
        """Compute the expected height accuracy and biases; fill the optional table.

        The geometry: each parameter given, else PRODUCT's value, else the paper's (see the
        module docstring); a PRODUCT that cannot be read stops the run before anything is
        written.

        Results: the numbers of NUMBERS (height standard deviation and biases in metres, slant range
        in metres, integration time in seconds, FM rate in Hz/s and its change per metre of height),
        and OUTPUT_TABLE when asked for (height standard deviation per sub-band count and SCR). A
        cancel before the table's sink is created writes nothing.
        """
        from ..core.errors import PointTargetError
        from ..core.point_target.accuracy import plan_accuracy

        check_at_start(self, parameters, context)  # no sized input: no resource estimate
        try:
            inputs = self._inputs(parameters, context, feedback)
            report = plan_accuracy(**inputs)
            if feedback.isCanceled():  # QGIS creates a sink's file at once: decide before that
                feedback.pushInfo(self.tr("Cancelled: no output written."))
                return {}
            table = self._table(parameters, context, inputs, feedback)
        except PointTargetError as exc:
            raise QgsProcessingException(str(exc)) from exc
        self._log(report, feedback)
        results = {key: float(getattr(report, name)) for key, name in self.NUMBERS.items()}
        if table is not None:
            results[self.OUTPUT_TABLE] = table
        return results
