"""sarheight:estimate_height — heights from one map-geometry SAR image and sparse priors."""
import os

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QVariant

from ..core.constants import INPUT_UNITS, MODEL_STRIDE, VERTICAL_DATUMS
from .base import SarHeightAlgorithm, make_progress, style_output
from .common import (
    add_advanced,
    add_sar_image,
    check_at_start,
    datum_note,
    datum_parameter,
    dependency_problem,
    input_units_parameter,
    missing_model_problem,
    model_file,
    named,
    report_warning,
    require_resources,
    tiff_destination_problem,
)
from .provider import PLUGIN_DIR

LOOK_KEYS = (None, "east", "west")  # LOOK_DIRECTION options; None: from the raster metadata
MODEL_DIR = os.path.join(PLUGIN_DIR, "resources", "models")
DEFAULT_MODEL = os.path.join(MODEL_DIR, "ask_unet_reconstructed.onnx")


def _attribute(value):
    """Return an attribute value for core: None for NULL (a QVariant in QGIS 3.22)."""
    return None if isinstance(value, QVariant) and value.isNull() else value


class EstimateHeightAlgorithm(SarHeightAlgorithm):
    """sarheight:estimate_height: heights from one map-geometry SAR image and sparse priors.

    Runs an ONNX height model (ASK-UNet) with onnxruntime; the user's help is
    resources/help/<language>/estimate_height.html.
    """

    SAR = "SAR"
    SAR_BAND = "SAR_BAND"
    INPUT_UNITS = "INPUT_UNITS"
    LOOK_DIRECTION = "LOOK_DIRECTION"
    PRIOR_POINTS = "PRIOR_POINTS"
    PRIOR_FIELD = "PRIOR_FIELD"
    PRIOR_DEM = "PRIOR_DEM"
    PRIOR_SPACING = "PRIOR_SPACING"
    PRIOR_DEM_VERTICAL_DATUM = "PRIOR_DEM_VERTICAL_DATUM"
    MODEL = "MODEL"
    TILE_SIZE = "TILE_SIZE"
    OVERLAP = "OVERLAP"
    BATCH_SIZE = "BATCH_SIZE"
    THREADS = "THREADS"
    OUTPUT = "OUTPUT"
    OUTPUT_UNCERTAINTY = "OUTPUT_UNCERTAINTY"
    STYLES = {OUTPUT: "height_terrain", OUTPUT_UNCERTAINTY: "height_uncertainty"}

    algorithm_id = "estimate_height"
    display_name = QT_TRANSLATE_NOOP("EstimateHeightAlgorithm", "Estimate height (ASK-UNet)")
    group_id = "height"

    def initAlgorithm(self, config=None):
        """Declare the SAR image, look direction, priors, height model, tiling and output."""
        add_sar_image(self, self.SAR, self.SAR_BAND,
                      self.tr("SAR backscatter in map geometry (e.g. reconstructed)"),
                      self.tr("SAR band"))
        self.addParameter(input_units_parameter(self.INPUT_UNITS, self.tr))
        self.addParameter(QgsProcessingParameterEnum(
            self.LOOK_DIRECTION, self.tr("Radar look direction across the image"),
            options=[self.tr("From the image metadata (Reconstruct layover backscatter "
                             "writes it)"),
                     self.tr("East (e.g. ascending pass, right-looking)"),
                     self.tr("West (e.g. descending pass, right-looking)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PRIOR_POINTS, self.tr("Prior height points"),
            types=[QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PRIOR_FIELD, self.tr("Height field of the prior points (empty = Z values)"),
            parentLayerParameterName=self.PRIOR_POINTS,
            type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.PRIOR_DEM, self.tr("Prior DEM (sampled every prior spacing)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.PRIOR_SPACING, self.tr("Prior spacing on the prior DEM (metres; 0 = every "
                                        "DEM cell)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        label = self.tr("Prior DEM vertical datum")  # pylupdate5: not inside the call
        self.addParameter(datum_parameter(self.PRIOR_DEM_VERTICAL_DATUM, self.tr, label))
        self.addParameter(QgsProcessingParameterFile(
            self.MODEL, self.tr("Height model (ONNX; empty = bundled model)"),
            behavior=QgsProcessingParameterFile.File, extension="onnx", optional=True))
        add_advanced(self, [
            QgsProcessingParameterNumber(
                self.TILE_SIZE, self.tr("Tile size in pixels (multiple of 16; 0 = the "
                                        "model's)"),
                QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0,
                maxValue=4096),
            QgsProcessingParameterNumber(
                self.OVERLAP, self.tr("Tile overlap in pixels (-1 = the model's)"),
                QgsProcessingParameterNumber.Integer, defaultValue=-1, minValue=-1,
                maxValue=2048),
            QgsProcessingParameterNumber(
                self.BATCH_SIZE, self.tr("Tiles per batch"),
                QgsProcessingParameterNumber.Integer, defaultValue=4, minValue=1, maxValue=256),
            QgsProcessingParameterNumber(
                self.THREADS, self.tr("onnxruntime threads (0 = all cores)"),
                QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0, maxValue=256),
        ])
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Estimated heights")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_UNCERTAINTY, self.tr("Height uncertainty (1 sigma, metres)"),
            optional=True, createByDefault=False))

    # -- checks ------------------------------------------------------------------------------
    def _model_path(self, parameters, context):
        return model_file(self, parameters, self.MODEL, context, DEFAULT_MODEL)

    def _model_problem(self, parameters, context):
        return missing_model_problem(
            self._model_path(parameters, context), DEFAULT_MODEL,
            self.tr("No height model: the bundled model {0} is missing (the plugin "
                    "installation is incomplete). Reinstall the plugin, or give an ONNX "
                    "height model in {1}.").replace("{1}", named(self, self.MODEL)),
            self.tr("height model"))

    def checkParameterValues(self, parameters, context):
        """Refuse what would fail later: onnxruntime, output format, priors, model file, tile size.

        A run is refused without onnxruntime, with a non-GeoTIFF output, with neither prior points
        nor a prior DEM, with a missing model file, or with a tile size that is not a multiple of
        MODEL_STRIDE; then come the base class's checks.
        """
        problem = dependency_problem(self.tr, ("onnxruntime",))
        if problem:
            return False, problem
        problem = tiff_destination_problem(self, parameters, self.OUTPUT, context)
        if problem:
            return False, problem
        if (self.parameterAsSource(parameters, self.PRIOR_POINTS, context) is None
                and self.parameterAsRasterLayer(parameters, self.PRIOR_DEM, context) is None):
            return False, self.tr("No prior heights given: choose {0} and/or {1}.").format(
                named(self, self.PRIOR_POINTS), named(self, self.PRIOR_DEM))
        problem = self._model_problem(parameters, context)
        if problem:
            return False, problem
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context)
        if tile % MODEL_STRIDE:
            return False, self.tr("The tile size must be a multiple of {0} pixels (or 0 for "
                                  "the model's), not {1}.").format(MODEL_STRIDE, tile)
        return super().checkParameterValues(parameters, context)

    # -- inputs ------------------------------------------------------------------------------
    def _open_sar(self, parameters, context, feedback):
        """(layer, grid, SarReader): the SAR is read by strips later, not held whole."""
        from ..core.inference import InferenceError
        from ..core.inference.height_raster import SarReader

        layer = self.parameterAsRasterLayer(parameters, self.SAR, context)
        if layer is None:
            raise QgsProcessingException(self.tr("The SAR image could not be loaded as a "
                                                 "raster layer."))
        units = INPUT_UNITS[self.parameterAsEnum(parameters, self.INPUT_UNITS, context)]
        band = self.parameterAsInt(parameters, self.SAR_BAND, context) or 1
        try:
            reader = SarReader(layer.source(), band, units)
            warnings = reader.check_units()
        except InferenceError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for warning in warnings:
            report_warning(feedback, warning)
        grid = reader.grid
        dy, dx = grid.pixel_spacing_m
        feedback.pushInfo(self.tr("SAR image: {0} x {1} pixels, pixel spacing {2:.1f} m "
                                  "(rows) x {3:.1f} m (columns).").format(
            grid.width, grid.height, dy, dx))
        return layer, grid, reader

    def _load_model(self, parameters, context, feedback):
        from ..core.inference import ModelError
        from ..core.inference.model import open_height_model

        path = self._model_path(parameters, context)
        threads = self.parameterAsInt(parameters, self.THREADS, context)
        try:
            model = open_height_model(path, threads=threads)
        except ModelError as exc:
            raise QgsProcessingException(
                self.tr("{0} cannot be used: {1}").format(path, exc)) from exc
        feedback.pushInfo(self.tr("Height model: {0}").format(model.describe()))
        return model

    def _look_direction(self, parameters, context, feedback, layer, model):
        from ..core.inference import InferenceError
        from ..core.inference.checks import resolve_look_direction

        chosen = LOOK_KEYS[self.parameterAsEnum(parameters, self.LOOK_DIRECTION, context)]
        try:
            decision = resolve_look_direction(chosen, model.metadata, layer.source())
        except InferenceError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(decision.note)
        report_warning(feedback, decision.warning)
        return decision.direction

    def _check_level(self, model, reader, feedback):
        """Log the SAR median (dB) against the model's training level; warn when they differ.

        One reading pass over the SAR image; a raster without a valid pixel is refused.
        """
        from ..core.inference import InferenceError
        from ..core.inference.checks import backscatter_level

        try:
            median = reader.median_db()
        except InferenceError as exc:
            raise QgsProcessingException(str(exc)) from exc
        note, warning = backscatter_level(median, model.metadata)
        feedback.pushInfo(note)
        report_warning(feedback, warning)

    def _check_spacing(self, model, grid, feedback):
        from ..core.inference.checks import spacing_warning

        report_warning(feedback, spacing_warning(grid.pixel_spacing_m, model.metadata))

    def _point_priors(self, parameters, context, feedback, layer, grid):
        from ..core.inference import InferenceError, points_to_priors, screen_prior_heights
        from ..core.inference.checks import prior_points_warning

        source = self.parameterAsSource(parameters, self.PRIOR_POINTS, context)
        if source is None:
            return None
        field = self.parameterAsString(parameters, self.PRIOR_FIELD, context).strip()
        index = source.fields().lookupField(field) if field else -1
        if field and index < 0:
            raise QgsProcessingException(self.tr("The prior points have no field '{0}'.")
                                         .format(field))
        transform = QgsCoordinateTransform(source.sourceCrs(), layer.crs(),
                                           context.transformContext())
        places, values = [], []
        for feature in source.getFeatures(QgsFeatureRequest()):
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                continue
            geometry.transform(transform)
            value = _attribute(feature.attributes()[index]) if field else None
            for vertex in geometry.vertices():
                places.append((vertex.x(), vertex.y()))
                values.append(value if field else vertex.z())
        heights, counts = screen_prior_heights(values)
        try:
            report_warning(feedback, prior_points_warning(counts, field))
        except InferenceError as exc:
            raise QgsProcessingException(str(exc)) from exc
        points = [(x, y, h) for (x, y), h in zip(places, heights)]
        priors, used = points_to_priors(points, grid.geotransform, grid.shape)
        feedback.pushInfo(self.tr("Prior points: {0} of {1} inside the SAR image, taken in "
                                  "their own height system.").format(used, counts.given))
        return priors

    def _dem_priors(self, parameters, context, feedback, grid):
        from ..core.inference import InferenceError
        from ..core.inference.height_raster import dem_prior_points

        layer = self.parameterAsRasterLayer(parameters, self.PRIOR_DEM, context)
        if layer is None:
            return None
        datum = VERTICAL_DATUMS[self.parameterAsEnum(
            parameters, self.PRIOR_DEM_VERTICAL_DATUM, context)]
        try:
            spacing = self._dem_spacing(parameters, context, layer)
            priors, note = dem_prior_points(layer.source(), datum, grid, spacing,
                                            warn=lambda text: report_warning(feedback, text))
        except InferenceError as exc:
            raise QgsProcessingException(datum_note(self, str(exc),
                                                    self.PRIOR_DEM_VERTICAL_DATUM)) from exc
        count = len(priors)
        feedback.pushInfo(self.tr("Prior DEM: {0} priors every {1:g} m, converted to "
                                  "ellipsoidal heights; {2}.").format(
            count, spacing, datum_note(self, note, self.PRIOR_DEM_VERTICAL_DATUM)))
        return priors

    def _dem_spacing(self, parameters, context, dem):
        """Return PRIOR_SPACING (metres), 0 resolved to the prior DEM's smaller cell size.

        Raises InferenceError when the DEM cannot be opened.
        """
        from ..core.inference.residual_raster import dem_cell_size_m

        spacing = self.parameterAsDouble(parameters, self.PRIOR_SPACING, context)
        return spacing if spacing > 0 else min(dem_cell_size_m(dem.source()))

    def _prior_count_bound(self, parameters, context, grid):
        """At most this many priors (core.inference.checks.prior_count_bound)."""
        from ..core.inference import InferenceError
        from ..core.inference.checks import prior_count_bound

        source = self.parameterAsSource(parameters, self.PRIOR_POINTS, context)
        dem = self.parameterAsRasterLayer(parameters, self.PRIOR_DEM, context)
        try:
            spacing = None if dem is None else self._dem_spacing(parameters, context, dem)
        except InferenceError as exc:
            raise QgsProcessingException(str(exc)) from exc
        return prior_count_bound(source.featureCount() if source is not None else 0,
                                 grid.shape, grid.pixel_spacing_m, spacing)

    def _priors(self, parameters, context, feedback, layer, grid):
        """Sparse PriorPoints (points win over the DEM in a pixel), thinned if too dense."""
        from ..core.inference import InferenceError
        from ..core.inference.checks import combine_priors, thin_for_model

        from_points = self._point_priors(parameters, context, feedback, layer, grid)
        from_dem = self._dem_priors(parameters, context, feedback, grid)
        try:
            priors = combine_priors(from_points, from_dem)
        except InferenceError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(self.tr("{0} prior pixels in all.").format(len(priors)))
        priors, warning = thin_for_model(priors)
        report_warning(feedback, warning)
        return priors

    def _uncertainty_path(self, parameters, context, model):
        """Return the uncertainty output path, or None when it is not asked for.

        Only contract-v2 models estimate an uncertainty; asking one of contract 1 is refused.
        """
        value = parameters.get(self.OUTPUT_UNCERTAINTY)
        if value is None or value == "":
            return None
        path = self.parameterAsOutputLayer(parameters, self.OUTPUT_UNCERTAINTY, context)
        if path and model.metadata["contract"] != 2:
            raise QgsProcessingException(self.tr(
                "This height model (contract {0}) does not estimate an uncertainty: leave "
                "'Height uncertainty' empty, or use a model of contract 2.").format(
                    model.metadata["contract"]))
        return path or None

    def _prior_surface(self, parameters, context, feedback, layer, grid):
        """Return (prior surface, prior heights) for a contract-v2 model: every prior is used.

        Points alone: their TIN; a prior DEM alone: its block means every prior spacing (0: on
        every DEM cell), through a cubic spline; both: one TIN of the DEM's block means and the
        points (points win in the cells they fall in).
        """
        from ..core.inference import InferenceError
        from ..core.inference.residual_raster import (
            combined_surface,
            dem_lattice_surface,
            points_surface,
        )

        from_points = self._point_priors(parameters, context, feedback, layer, grid)
        dem = self.parameterAsRasterLayer(parameters, self.PRIOR_DEM, context)
        try:
            lattice = None
            if dem is not None:
                datum = VERTICAL_DATUMS[self.parameterAsEnum(
                    parameters, self.PRIOR_DEM_VERTICAL_DATUM, context)]
                spacing = self.parameterAsDouble(parameters, self.PRIOR_SPACING, context)
                lattice, note = dem_lattice_surface(dem.source(), datum, grid, spacing)
                steps = (int(lattice.step_rows), int(lattice.step_cols))
                feedback.pushInfo(self.tr("Prior DEM: block means of {0} x {1} SAR pixels "
                                          "({2:.0f} x {3:.0f} m, {4} cells), ellipsoidal heights; "
                                          "{5}.").format(
                    steps[0], steps[1], steps[0] * grid.pixel_spacing_m[0],
                    steps[1] * grid.pixel_spacing_m[1], lattice.values.size,
                    datum_note(self, note, self.PRIOR_DEM_VERTICAL_DATUM)))
            if lattice is None:
                return points_surface(from_points), from_points.heights
            if from_points is None or not len(from_points):
                return lattice, lattice.values.ravel()
            surface = combined_surface(from_points, lattice)
        except InferenceError as exc:
            raise QgsProcessingException(datum_note(self, str(exc),
                                                    self.PRIOR_DEM_VERTICAL_DATUM)) from exc
        return surface, surface.heights

    def _run_residual(self, parameters, context, feedback, model, layer, reader, look,
                      uncertainty):
        """Run a contract-v2 model: heights and, if asked, their uncertainty; every prior used."""
        from ..core.inference import InferenceCancelled, InferenceError, ModelError
        from ..core.inference.residual_raster import (
            estimate_with_uncertainty_to_file,
            vertical_reference_for,
        )
        from ..core.resources import inference_estimate

        grid = reader.grid
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context) or None
        overlap = self.parameterAsInt(parameters, self.OVERLAP, context)
        overlap = None if overlap < 0 else overlap
        batch = self.parameterAsInt(parameters, self.BATCH_SIZE, context)
        path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        with_dem = self.parameterAsRasterLayer(parameters, self.PRIOR_DEM, context) is not None
        require_resources(self, inference_estimate(
            grid.width, grid.height, tile or int(model.metadata["tile_size"]), batch,
            self._prior_count_bound(parameters, context, grid), path, with_dem), feedback)
        surface, prior_heights = self._prior_surface(parameters, context, feedback, layer, grid)
        feedback.setProgress(5)
        try:
            summary = estimate_with_uncertainty_to_file(
                model, reader, surface, prior_heights, path, uncertainty, tile, overlap, batch,
                progress=make_progress(feedback, 5, 100), look_direction=look,
                output_set=self.output_set,
                vertical_reference=vertical_reference_for(with_dem))
        except InferenceCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except (InferenceError, ModelError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(self.tr(
            "{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to "
            "{6:.1f} m; median uncertainty {7:.1f} m (1 sigma).").format(
                summary["tiles"], summary["tile_rows"], summary["tile_cols"],
                summary["overlap"], summary["valid"], summary["minimum"], summary["maximum"],
                summary["sigma_median"]))
        self._report_mirror(summary, feedback)
        self._report_vertical_reference(parameters, context, with_dem, feedback)
        result = {self.OUTPUT: path}
        if uncertainty:
            result[self.OUTPUT_UNCERTAINTY] = uncertainty
        self._written = dict(result)
        return result

    # -- run ---------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        """Estimate the heights (metres, in the priors' height system) into a float32 GeoTIFF.

        Loads the model, opens the SAR image (read by strips, never whole), resolves the look
        direction, checks the pixel spacing and the backscatter level against the model, refuses
        the run when memory or disk are short, gathers the priors, then runs the tiled inference.
        Returns {OUTPUT: path}, or {} when cancelled.
        """
        from ..core.inference import InferenceCancelled, InferenceError, ModelError
        from ..core.inference.height_raster import estimate_heights_to_file
        from ..core.resources import inference_estimate

        check_at_start(self, parameters, context, ("onnxruntime",))
        model = self._load_model(parameters, context, feedback)
        uncertainty = self._uncertainty_path(parameters, context, model)
        layer, grid, reader = self._open_sar(parameters, context, feedback)
        look = self._look_direction(parameters, context, feedback, layer, model)
        self._check_spacing(model, grid, feedback)
        if model.metadata["contract"] == 2:
            return self._run_residual(parameters, context, feedback, model, layer, reader, look,
                                      uncertainty)
        self._check_level(model, reader, feedback)
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context) or None
        overlap = self.parameterAsInt(parameters, self.OVERLAP, context)
        overlap = None if overlap < 0 else overlap
        batch = self.parameterAsInt(parameters, self.BATCH_SIZE, context)
        path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        # before the priors: a prior DEM is first resampled to a scratch raster of the SAR's size
        with_dem = self.parameterAsRasterLayer(parameters, self.PRIOR_DEM, context) is not None
        require_resources(self, inference_estimate(
            grid.width, grid.height, tile or int(model.metadata["tile_size"]), batch,
            self._prior_count_bound(parameters, context, grid), path, with_dem), feedback)
        priors = self._priors(parameters, context, feedback, layer, grid)
        feedback.setProgress(5)
        try:
            summary = estimate_heights_to_file(model, grid, reader, priors, path, tile, overlap,
                                               batch, progress=make_progress(feedback, 5, 100),
                                               look_direction=look, output_set=self.output_set)
        except InferenceCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except (InferenceError, ModelError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(self.tr(
            "{0} tiles of {1} x {2} pixels, overlap {3}; {4} heights from {5:.1f} m to "
            "{6:.1f} m.").format(summary["tiles"], summary["tile_rows"], summary["tile_cols"],
                                 summary["overlap"], summary["valid"], summary["minimum"],
                                 summary["maximum"]))
        self._report_mirror(summary, feedback)
        self._written = {self.OUTPUT: path}
        return {self.OUTPUT: path}

    def _report_vertical_reference(self, parameters, context, with_dem, feedback):
        """Say in the log which height system the heights are in (also in the GeoTIFF)."""
        if not with_dem:
            feedback.pushInfo(self.tr("Vertical reference of the heights: that of the prior "
                                      "points (taken as given); written into the GeoTIFF as "
                                      "VERTICAL_REFERENCE."))
            return
        feedback.pushInfo(self.tr("Vertical reference of the heights: the WGS 84 ellipsoid (the "
                                  "prior DEM converted from its vertical datum); written into "
                                  "the GeoTIFF as VERTICAL_REFERENCE."))
        if self.parameterAsSource(parameters, self.PRIOR_POINTS, context) is not None:
            feedback.pushInfo(self.tr("The prior points were taken as given: they must be "
                                      "ellipsoidal heights too."))

    def _report_mirror(self, summary, feedback):
        """Say so in the log when the image was mirrored for the model."""
        if summary["mirrored"]:
            feedback.pushInfo(self.tr("The image was mirrored left-right for the model "
                                      "(trained on the other look direction) and the heights "
                                      "mirrored back."))

    def postProcessAlgorithm(self, context, feedback):
        """Apply the bundled styles to the written rasters that QGIS loads.

        Heights get a terrain colour ramp over their 2-98 % range (the values stay heights in
        metres, ready for hillshading); the uncertainty a yellow-to-red ramp.
        """
        for key, path in getattr(self, "_written", {}).items():
            style_output(context, path, self.STYLES[key])
        return {}
