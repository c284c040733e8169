"""sarheight:stereo_radargrammetry — a DEM from two SAR images of the same ground."""
import importlib
import os
from contextlib import ExitStack, contextmanager

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.constants import AUTO_PATCH_SIZE, INPUT_UNITS, VERTICAL_DATUMS
from .base import SarHeightAlgorithm, make_progress, style_output
from .common import (
    add_advanced,
    add_sar_image,
    check_at_start,
    datum_note,
    datum_parameter,
    dependency_problem,
    geometry_file_parameter,
    input_units_parameter,
    missing_model_problem,
    model_file,
    named,
    onnxruntime_problem,
    open_geometry_for_raster,
    orbit_file_parameter,
    orbit_file_path,
    precheck_problem,
    raster_path,
    report_warning,
    require_resources,
)
from .provider import PLUGIN_DIR
from .sentinel1_backscatter import (
    has_measurement,
    own_measurement_image,
    own_measurement_problem,
)
from .simulate_sar import report_workers, workers_parameter

# MATCHER enum order: the indices are what models and command lines store, so new options go last
MATCHER_KEYS = ("deep", "poc", "auto")
# The bundled deep matcher beats POC on every held-out region (README: stereo table), but it needs
# onnxruntime, which desktop QGIS often lacks: the default takes it where it can run, else POC
# with a warning. Choosing the deep matcher explicitly still fails without onnxruntime.
DEFAULT_MATCHER = MATCHER_KEYS.index("auto")
DEFAULT_MODEL = os.path.join(PLUGIN_DIR, "resources", "models", "sar_matcher.onnx")
PATCH_MULTIPLE = 16  # patch sizes: multiples of the deep matcher's stride and POC's step
OWN_IMAGE_PERCENT = 30.0  # progress share of calibrating the products' own images


def _onnxruntime_loads():
    """Return True when onnxruntime imports (the deep matcher can run)."""
    try:
        importlib.import_module("onnxruntime")
    except ImportError:
        return False
    return True


def _sentence(message):
    """Return a core message (lower case, no full stop) as a sentence for the user."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


class StereoRadargrammetryAlgorithm(SarHeightAlgorithm):
    """sarheight:stereo_radargrammetry: a DEM from two SAR images of the same ground.

    The user's help is resources/help/<language>/stereo_radargrammetry.html; the work is
    core.stereo's.
    """

    REFERENCE = "REFERENCE"
    REFERENCE_BAND = "REFERENCE_BAND"
    REFERENCE_GEOMETRY = "REFERENCE_GEOMETRY"
    SECONDARY = "SECONDARY"
    SECONDARY_BAND = "SECONDARY_BAND"
    SECONDARY_GEOMETRY = "SECONDARY_GEOMETRY"
    REFERENCE_ORBIT_FILE = "REFERENCE_ORBIT_FILE"
    SECONDARY_ORBIT_FILE = "SECONDARY_ORBIT_FILE"
    INPUT_UNITS = "INPUT_UNITS"
    DEM = "DEM"
    DEM_VERTICAL_DATUM = "DEM_VERTICAL_DATUM"
    HEIGHT = "HEIGHT"
    MATCHER = "MATCHER"
    MODEL = "MODEL"
    PATCH_SIZE = "PATCH_SIZE"
    OUTPUT_PIXEL_SIZE = "OUTPUT_PIXEL_SIZE"
    OUTPUT_CRS = "OUTPUT_CRS"
    MIN_CONFIDENCE = "MIN_CONFIDENCE"
    WORKERS = "WORKERS"
    OUTPUT = "OUTPUT"
    OUTPUT_CONFIDENCE = "OUTPUT_CONFIDENCE"
    OUTPUT_COUNT = "OUTPUT_COUNT"
    OUTPUTS = {OUTPUT: "height", OUTPUT_CONFIDENCE: "confidence", OUTPUT_COUNT: "count"}
    STYLES = {OUTPUT: "stereo_height", OUTPUT_CONFIDENCE: "stereo_confidence",
              OUTPUT_COUNT: "stereo_count"}
    POINTS = "POINTS"
    COVERAGE = "COVERAGE"
    MEAN_INTERSECTION_ANGLE = "MEAN_INTERSECTION_ANGLE"
    RESIDUAL_RMS = "RESIDUAL_RMS"
    HEIGHT_PRECISION = "HEIGHT_PRECISION"

    algorithm_id = "stereo_radargrammetry"
    display_name = QT_TRANSLATE_NOOP("StereoRadargrammetryAlgorithm", "Stereo radargrammetry")
    group_id = "stereo"

    def initAlgorithm(self, config=None):
        """Declare both images and geometries, the DEM or height, the matcher and the outputs."""
        self._add_image(self.REFERENCE, self.REFERENCE_BAND, self.REFERENCE_GEOMETRY,
                        self.tr("Reference SAR image (radar geometry; empty = the product's "
                                "own measurement, calibrated)"),
                        self.tr("Reference band"),
                        self.tr("Reference SAR product or geometry file"))
        self._add_image(self.SECONDARY, self.SECONDARY_BAND, self.SECONDARY_GEOMETRY,
                        self.tr("Secondary SAR image (radar geometry; empty = the product's "
                                "own measurement, calibrated)"),
                        self.tr("Secondary band"),
                        self.tr("Secondary SAR product or geometry file"))
        self.addParameter(input_units_parameter(self.INPUT_UNITS, self.tr))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Coarse DEM predicting the patches (heights in metres)"),
            optional=True))
        label = self.tr("Coarse DEM vertical datum")  # pylupdate5: not inside the call
        self.addParameter(datum_parameter(self.DEM_VERTICAL_DATUM, self.tr, label))
        self.addParameter(QgsProcessingParameterNumber(
            self.HEIGHT, self.tr("Constant terrain height without DEM (m above the WGS84 "
                                 "ellipsoid)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=-500.0,
            maxValue=9000.0))
        self.addParameter(QgsProcessingParameterEnum(
            self.MATCHER, self.tr("Matcher"),
            options=[self.tr("Deep dense matcher (ONNX, needs onnxruntime)"),
                     self.tr("Phase-only correlation"),
                     self.tr("Automatic: deep matcher, phase-only correlation without "
                             "onnxruntime")],
            defaultValue=DEFAULT_MATCHER))
        self.addParameter(QgsProcessingParameterFile(
            self.MODEL, self.tr("Deep matcher model (ONNX; empty = the bundled model)"),
            behavior=QgsProcessingParameterFile.File,
            fileFilter=self.tr("ONNX models (*.onnx);;All files (*)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.OUTPUT_PIXEL_SIZE, self.tr("Output pixel size in metres (0 = automatic)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterCrs(
            self.OUTPUT_CRS, self.tr("Output CRS (projected, metres; empty = the DEM's or "
                                     "the local UTM zone)"), optional=True))
        add_advanced(self, [
            QgsProcessingParameterNumber(
                self.PATCH_SIZE, self.tr("Patch size in pixels, a multiple of 16 (0 = the "
                                         "matcher's: the deep model's trained size, 256 for "
                                         "POC)"),
                QgsProcessingParameterNumber.Integer, defaultValue=AUTO_PATCH_SIZE, minValue=0,
                maxValue=2048),
            QgsProcessingParameterNumber(
                self.MIN_CONFIDENCE, self.tr("Minimum match confidence, 0-1 (empty = the "
                                             "matcher's)"),
                QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                minValue=0.0, maxValue=1.0),
        ] + self._orbit_file_parameters() + [workers_parameter(self.WORKERS, self.tr)])
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Heights (m above the WGS84 ellipsoid)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_CONFIDENCE, self.tr("Mean match confidence"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_COUNT, self.tr("3-D points per cell"), optional=True))
        numbers = {
            self.POINTS: self.tr("3-D points"),
            self.COVERAGE: self.tr("Coverage (% of the cells both images see)"),
            self.MEAN_INTERSECTION_ANGLE: self.tr("Mean intersection angle (degrees)"),
            self.RESIDUAL_RMS: self.tr("Residual RMS of the intersection (m)"),
            self.HEIGHT_PRECISION: self.tr("Height precision per pixel of parallax error "
                                           "(m, flat earth)"),
        }
        for name, label in numbers.items():
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def _orbit_file_parameters(self):
        # labels first: pylupdate5 misses a tr() call that follows a tr argument
        reference = self.tr("Reference orbit file (Sentinel-1 .EOF; empty = an EOF next to the "
                            "SAFE, else the annotation's orbit)")
        secondary = self.tr("Secondary orbit file (Sentinel-1 .EOF; empty = an EOF next to the "
                            "SAFE, else the annotation's orbit)")
        return [orbit_file_parameter(self.REFERENCE_ORBIT_FILE, self.tr, reference),
                orbit_file_parameter(self.SECONDARY_ORBIT_FILE, self.tr, secondary)]

    def _add_image(self, key, band_key, geometry_key, label, band_label, geometry_label):
        add_sar_image(self, key, band_key, label, band_label)
        image = self.parameterDefinition(key)  # optional: a complete SAFE brings its own
        image.setFlags(image.flags() | QgsProcessingParameterDefinition.FlagOptional)
        self.addParameter(geometry_file_parameter(geometry_key, geometry_label, self.tr))

    # -- checks ------------------------------------------------------------------------------
    def _chosen_matcher(self, parameters, context):
        """Return the MATCHER chosen: 'deep', 'poc' or 'auto'."""
        return MATCHER_KEYS[self.parameterAsEnum(parameters, self.MATCHER, context)]

    def _matcher_key(self, parameters, context):
        """Return the matcher that runs: 'deep' or 'poc' ('auto': deep if onnxruntime imports).

        The automatic choice only looks whether onnxruntime imports: it offers no installation.
        """
        key = self._chosen_matcher(parameters, context)
        if key == "auto":
            return "deep" if _onnxruntime_loads() else "poc"
        return key

    def _fallback_warning(self, parameters, context):
        """Return the warning of an automatic matcher run without onnxruntime, else ''."""
        if self._chosen_matcher(parameters, context) != "auto" or _onnxruntime_loads():
            return ""
        missing = onnxruntime_problem(self.tr)
        return self.tr(
            "Phase-only correlation is used instead of the deep matcher, which needs the "
            "Python module onnxruntime (not installed). Phase-only correlation finds fewer "
            "matches (a coarser, less complete DEM; see the help). To use the deep matcher: "
            "{0} To keep phase-only correlation without this warning, choose it as {1}."
        ).format(missing, named(self, self.MATCHER))

    def _model_path(self, parameters, context):
        return model_file(self, parameters, self.MODEL, context, DEFAULT_MODEL)

    def _model_problem(self, parameters, context):
        return missing_model_problem(
            self._model_path(parameters, context), DEFAULT_MODEL,
            self.tr("The deep matcher needs a model, but none is given ({1} is empty) and "
                    "the plugin ships none ({0} does not exist). Choose Phase-only "
                    "correlation as {2}, or give an ONNX matcher model in {1}.").replace(
                "{1}", named(self, self.MODEL)).replace("{2}", named(self, self.MATCHER)),
            self.tr("matcher model"))

    def _crs_problem(self, parameters, context):
        crs = self.parameterAsCrs(parameters, self.OUTPUT_CRS, context)
        if not crs.isValid():
            return ""
        if crs.isGeographic() or crs.mapUnits() != QgsUnitTypes.DistanceMeters:
            return self.tr("The output CRS {0} is not a projected CRS in metres: choose one "
                           "(e.g. the UTM zone of the area), or leave {1} empty.").format(
                crs.authid() or crs.description(), named(self, self.OUTPUT_CRS))
        return ""

    def _poc_alternative(self):
        return self.tr("Or choose Phase-only correlation as {0}: it needs no "
                       "onnxruntime.").format(named(self, self.MATCHER))

    def checkParameterValues(self, parameters, context):
        """Refuse what would fail later: modules, output format, matcher model, patch size, CRS.

        For the deep matcher a missing model or onnxruntime is refused (pointing to phase-only
        correlation; the automatic choice runs phase-only correlation without onnxruntime); a
        patch size must be 0 or a multiple of PATCH_MULTIPLE of at least 64; the output CRS
        must be projected in metres. Then come the base class's checks.
        """
        problem = precheck_problem(self, parameters, context, self.OUTPUTS)
        if not problem and self._matcher_key(parameters, context) == "deep":
            problem = self._model_problem(parameters, context)
            missing = dependency_problem(self.tr, ("onnxruntime",))
            problem = problem or (missing and missing + " " + self._poc_alternative())
        patch = self.parameterAsInt(parameters, self.PATCH_SIZE, context)
        if not problem and patch != AUTO_PATCH_SIZE and (patch % PATCH_MULTIPLE or patch < 64):
            problem = self.tr("The patch size must be a multiple of {0} pixels of at least 64, "
                              "not {1} (or 0 for the matcher's own).").format(PATCH_MULTIPLE,
                                                                             patch)
        problem = problem or self._crs_problem(parameters, context)
        if problem:
            return False, problem
        ok, message = super().checkParameterValues(parameters, context)
        problem = ok and self._own_images_problem(parameters, context)
        return (False, problem) if problem else (ok, message)

    def _own_images_problem(self, parameters, context):
        """Return why an empty image cannot be its product's own measurement, else ''."""
        for key, geometry_key in ((self.REFERENCE, self.REFERENCE_GEOMETRY),
                                  (self.SECONDARY, self.SECONDARY_GEOMETRY)):
            if parameters.get(key) in (None, ""):
                problem = own_measurement_problem(
                    self.parameterAsFile(parameters, geometry_key, context), None, None,
                    named(self, key))
                if problem:
                    return problem
        return ""

    # -- inputs ------------------------------------------------------------------------------
    def _image(self, parameters, context, feedback, keys, role, dem, stack):
        """Return (RadarImage, geometry) of one image; None when cancelled.

        The image parameter's raster, else the product's own measurement calibrated to sigma0
        (a temporary GeoTIFF that ``stack``, an ExitStack, deletes when the run ends).
        """
        from ..core.stereo import StereoInputError
        from ..core.stereo.dem_files import RadarImage

        key, band_key, geometry_key, orbit_key = keys
        path = self.parameterAsFile(parameters, geometry_key, context)
        source = stack.enter_context(self._image_source(parameters, context, feedback, keys,
                                                        role, dem))
        if source is None:
            return None
        raster, band, units = source
        try:
            image = RadarImage(raster, band, units, name=key.lower())
            warnings = image.check_units()
        except StereoInputError as exc:
            raise QgsProcessingException(_sentence(str(exc))) from exc
        for warning in warnings:
            report_warning(feedback, warning)
        geometry = open_geometry_for_raster(path, image.shape, role, feedback,
                                            orbit_file_path(self, parameters, orbit_key, context))
        if parameters.get(key) not in (None, "") and has_measurement(
                path, geometry.swath or None, geometry.polarisation or None):
            feedback.pushInfo(self.tr("{0}: the image {1} is used; the measurement in the "
                                      "product {2} is not read.").format(role, raster, path))
        return image, geometry

    @contextmanager
    def _image_source(self, parameters, context, feedback, keys, role, dem):
        """Yield (raster path, band, units) of one image, None when cancelled (see _image)."""
        key, band_key, geometry_key, _ = keys
        if parameters.get(key) not in (None, ""):
            layer = self.parameterAsRasterLayer(parameters, key, context)
            if layer is None:
                raise QgsProcessingException(self.tr("The image {0} could not be loaded as a "
                                                     "raster layer.").format(named(self, key)))
            units = INPUT_UNITS[self.parameterAsEnum(parameters, self.INPUT_UNITS, context)]
            yield layer.source(), self.parameterAsInt(parameters, band_key, context) or 1, units
            return
        path = self.parameterAsFile(parameters, geometry_key, context)
        swath = self._own_image_swath(path, dem, role, feedback)
        problem = own_measurement_problem(path, swath, None, named(self, key))
        if problem:  # checked here too: models do not call checkParameterValues (QGIS 3.22)
            raise QgsProcessingException(problem)
        share = OWN_IMAGE_PERCENT / 2.0
        start = 0.0 if key == self.REFERENCE else share
        with own_measurement_image(path, swath, None, feedback,
                                   make_progress(feedback, start, start + share),
                                   role + ": ") as image:
            yield (image, 1, INPUT_UNITS[0]) if image else None

    def _own_image_swath(self, path, dem, role, feedback):
        """Return the swath whose measurement is read (None: the product's only one)."""
        from ..core.products.acquisition import ProductError
        from ..core.products.selection import product_swaths, swath_covering_dem

        try:
            swaths = product_swaths(path)
            if len(swaths) <= 1:
                return None
            if dem is None:
                raise QgsProcessingException(self.tr(
                    "{0}: the product {1} has several swaths ({2}) and no image is given to "
                    "tell which one to read: give a DEM (the swath covering its centre is "
                    "read) or the image of one swath.").format(role, path, ", ".join(swaths)))
            swath, note = swath_covering_dem(path, dem)
        except ProductError as exc:
            raise QgsProcessingException("{0}: {1}".format(role, exc)) from exc
        if note:
            feedback.pushInfo("{0}: {1}".format(role, note))
        return swath

    def _dem(self, parameters, context, feedback):
        from ..core.dem import DemError, DemRaster

        layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        height = self.parameterAsDouble(parameters, self.HEIGHT, context)
        if layer is None:
            feedback.pushInfo(self.tr("No DEM: the patches are predicted at a constant height "
                                      "of {0:g} m above the WGS84 ellipsoid.").format(height))
            return None, height
        datum = VERTICAL_DATUMS[self.parameterAsEnum(parameters, self.DEM_VERTICAL_DATUM, context)]
        try:
            dem = DemRaster(layer.source(), datum)
        except DemError as exc:
            raise QgsProcessingException(datum_note(self, str(exc),
                                                    self.DEM_VERTICAL_DATUM)) from exc
        feedback.pushInfo(self.tr("DEM: {0} x {1} cells; {2}.").format(
            dem.width, dem.height, datum_note(self, dem.info.note, self.DEM_VERTICAL_DATUM)))
        report_warning(feedback, dem.info.warning)
        return dem, height

    def _min_confidence(self, parameters, context):
        """Return the MIN_CONFIDENCE given, or None for the matcher's own."""
        raw = parameters.get(self.MIN_CONFIDENCE)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return self.parameterAsDouble(parameters, self.MIN_CONFIDENCE, context)

    def _matcher(self, parameters, context, feedback, patch_size):
        """Return the MatcherSettings (core.stereo.matcher_settings) of the chosen matcher.

        Patch size: ``patch_size`` or, when automatic, the matcher's own. Its note is logged, its
        warning reported as a non-fatal error.
        """
        from ..core.errors import ModelError
        from ..core.stereo.matcher_settings import deep_settings, poc_settings

        threshold = self._min_confidence(parameters, context)
        if self._matcher_key(parameters, context) == "poc":
            settings = poc_settings(patch_size, threshold)
        else:
            path = self._model_path(parameters, context)
            try:
                settings = deep_settings(path, patch_size, threshold)
            except ModelError as exc:
                raise QgsProcessingException(
                    self.tr("{0} cannot be used: {1}").format(path, exc)) from exc
        feedback.pushInfo(settings.note)
        if settings.warning:
            feedback.reportError(settings.warning, False)
        return settings

    def _crs_wkt(self, parameters, context):
        crs = self.parameterAsCrs(parameters, self.OUTPUT_CRS, context)
        if not crs.isValid():
            return None
        return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL)

    # -- run ---------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        """Match the pair, intersect the matches and grid them; return rasters written and numbers.

        Heights are metres above the WGS84 ellipsoid. The numbers: 3-D points, coverage (per cent),
        mean intersection angle (degrees), residual RMS (m) and height per pixel of parallax (m).
        Returns {} when cancelled.
        """
        deep = self._matcher_key(parameters, context) == "deep"
        check_at_start(self, parameters, context, ("onnxruntime",) if deep else (),
                       self._poc_alternative())
        report_warning(feedback, self._fallback_warning(parameters, context))
        problem = self._own_images_problem(parameters, context)
        if problem:  # models do not call checkParameterValues (QGIS 3.22)
            raise QgsProcessingException(problem)
        dem, height = self._dem(parameters, context, feedback)
        with ExitStack() as stack:  # deletes the temporary images of the products
            images = self._images(parameters, context, feedback, dem, stack)
            if images is None:
                feedback.pushInfo(self.tr("Cancelled: no output written."))
                return {}
            return self._run(parameters, context, feedback, images, dem, height)

    def _images(self, parameters, context, feedback, dem, stack):
        """Return (reference, its geometry, secondary, its geometry); None when cancelled."""
        pair = []
        for keys, role in (((self.REFERENCE, self.REFERENCE_BAND, self.REFERENCE_GEOMETRY,
                             self.REFERENCE_ORBIT_FILE), self.tr("Reference")),
                           ((self.SECONDARY, self.SECONDARY_BAND, self.SECONDARY_GEOMETRY,
                             self.SECONDARY_ORBIT_FILE), self.tr("Secondary"))):
            image = self._image(parameters, context, feedback, keys, role, dem, stack)
            if image is None:
                return None
            pair.extend(image)
        return tuple(pair)

    def _run(self, parameters, context, feedback, images, dem, height):
        """Match, intersect and grid the pair (processAlgorithm's second half)."""
        from ..core.errors import InferenceError, ModelError
        from ..core.resources import stereo_run_estimate
        from ..core.stereo import StereoCancelled, StereoInputError
        from ..core.stereo.dem_files import StereoOptions, stereo_dem_to_files

        reference, reference_geometry, secondary, secondary_geometry = images
        start = 0.0 if all(parameters.get(k) not in (None, "")
                           for k in (self.REFERENCE, self.SECONDARY)) else OWN_IMAGE_PERCENT
        matcher = self._matcher(parameters, context, feedback,
                                self.parameterAsInt(parameters, self.PATCH_SIZE, context))
        patch_size, step = matcher.patch_size, matcher.step_px
        options = StereoOptions(
            patch_size=patch_size,
            pixel_size_m=self.parameterAsDouble(parameters, self.OUTPUT_PIXEL_SIZE, context),
            crs_wkt=self._crs_wkt(parameters, context), height_m=height, match_step_px=step,
            workers=self.parameterAsInt(parameters, self.WORKERS, context))
        outputs = {name: raster_path(self, parameters, key, context)
                   for key, name in self.OUTPUTS.items()}
        metadata = {"SAR_HEIGHT_VERTICAL_DATUM": "WGS84 ellipsoid",
                    "SAR_HEIGHT_STEREO_MATCHER": matcher.name}
        require_resources(self, stereo_run_estimate(
            reference_geometry, height, step, options.pixel_size_m, outputs, options.workers),
            feedback)
        feedback.pushInfo(self.tr("Patches of {0} x {0} pixels.").format(patch_size))
        report_workers(feedback, options.workers, self.tr)
        try:
            summary = stereo_dem_to_files(
                reference_geometry, reference, secondary_geometry, secondary, matcher.matcher,
                outputs,
                dem=dem, options=options, progress=make_progress(feedback, start, 97.0),
                metadata=metadata, output_set=self.output_set)
        except StereoCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except (StereoInputError, InferenceError, ModelError) as exc:
            raise QgsProcessingException(_sentence(str(exc))) from exc
        for line in summary.describe():
            feedback.pushInfo(line)
        feedback.setProgress(100.0)
        self._written = {key: outputs[name] for key, name in self.OUTPUTS.items()
                         if outputs[name]}
        results = dict(self._written)
        results.update({
            self.POINTS: summary.points,
            self.COVERAGE: 100.0 * summary.coverage,
            self.MEAN_INTERSECTION_ANGLE: summary.mean_angle_deg,
            self.RESIDUAL_RMS: summary.residual_rms_m,
            self.HEIGHT_PRECISION: summary.pair.height_per_pixel_m,
        })
        return results

    def postProcessAlgorithm(self, context, feedback):
        """Apply the bundled styles to the written rasters that QGIS loads."""
        for key, path in getattr(self, "_written", {}).items():
            style_output(context, path, self.STYLES[key])
        return {}
