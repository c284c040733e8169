"""sarheight:reconstruct_layover — re-allocate layover energy of a SAR image to DEM cells."""

from contextlib import contextmanager

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterDestination,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.constants import BACKSCATTER_LAW_NAMES, INPUT_UNITS, LINEAR, OUTPUT_UNITS
from .base import SarHeightAlgorithm, make_progress, style_output, style_outputs_together
from .common import (
    add_advanced,
    add_dem_and_product,
    add_sar_image,
    block_rows_parameter,
    check_at_start,
    input_units_parameter,
    law_parameter,
    named,
    open_dem_and_geometry,
    orbit_file_parameter,
    precheck_problem,
    raster_path,
    report_warning,
    require_resources,
)
from .sentinel1_backscatter import (
    has_measurement,
    own_measurement_image,
    own_measurement_problem,
)
from .simulate_sar import (
    MAX_WORKERS,
    block_executor,
    dask_scheduler_parameter,
    report_workers,
    workers_parameter,
)


class ReconstructLayoverAlgorithm(SarHeightAlgorithm):
    """sarheight:reconstruct_layover: re-allocate layover energy of a SAR image to DEM cells.

    The user's help is resources/help/<language>/reconstruct_layover.html; the work is
    core.reconstruction's.
    """

    SAR = "SAR"
    SAR_BAND = "SAR_BAND"
    INPUT_UNITS = "INPUT_UNITS"
    GEOMETRY = "GEOMETRY"
    SWATH = "SWATH"
    POLARISATION = "POLARISATION"
    DEM = "DEM"
    DEM_VERTICAL_DATUM = "DEM_VERTICAL_DATUM"
    ORBIT_FILE = "ORBIT_FILE"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    BACKSCATTER_LAW = "BACKSCATTER_LAW"
    BLOCK_ROWS = "BLOCK_ROWS"
    WORKERS = "WORKERS"
    DASK_SCHEDULER = "DASK_SCHEDULER"
    OUTPUT = "OUTPUT"
    OUTPUT_GEOCODED = "OUTPUT_GEOCODED"
    OUTPUT_MASK = "OUTPUT_MASK"
    OUTPUT_MIXING = "OUTPUT_MIXING"
    OUTPUTS = {OUTPUT: "reconstructed", OUTPUT_GEOCODED: "geocoded", OUTPUT_MASK: "mask",
               OUTPUT_MIXING: "mixing"}
    STYLES = {OUTPUT: "sar_backscatter", OUTPUT_GEOCODED: "sar_backscatter",
              OUTPUT_MASK: "layover_shadow_mask", OUTPUT_MIXING: "mixing_count"}
    BACKSCATTER = (OUTPUT, OUTPUT_GEOCODED)  # styled together: one range in dB
    OWN_IMAGE_PERCENT = 30.0  # progress share of calibrating the product's own image

    algorithm_id = "reconstruct_layover"
    display_name = QT_TRANSLATE_NOOP("ReconstructLayoverAlgorithm",
                                     "Reconstruct layover backscatter")
    group_id = "height"

    def initAlgorithm(self, config=None):
        """Declare the SAR image, product, DEM, units, backscatter law and the raster outputs."""
        add_sar_image(self, self.SAR, self.SAR_BAND,
                      self.tr("SAR image (radar geometry of the product; empty = the "
                              "product's own measurement, calibrated)"), self.tr("SAR band"))
        sar = self.parameterDefinition(self.SAR)  # optional: a complete SAFE brings its own
        sar.setFlags(sar.flags() | QgsProcessingParameterDefinition.FlagOptional)
        self.addParameter(input_units_parameter(self.INPUT_UNITS, self.tr))
        add_dem_and_product(self, self.tr("Coarse DEM driving the simulation (heights in "
                                          "metres)"), dem_first=False)
        self.addParameter(QgsProcessingParameterEnum(
            self.OUTPUT_UNITS, self.tr("Output units"),
            options=[self.tr("Linear (flat-equivalent intensity)"), self.tr("Decibels (dB)")],
            defaultValue=0))
        self._add_advanced()
        self._add_outputs()

    def _add_advanced(self):
        add_advanced(self, [law_parameter(self.BACKSCATTER_LAW, self.tr),
                            block_rows_parameter(self.BLOCK_ROWS, self.tr),
                            orbit_file_parameter(self.ORBIT_FILE, self.tr),
                            workers_parameter(self.WORKERS, self.tr),
                            dask_scheduler_parameter(self.DASK_SCHEDULER, self.tr)])

    def _add_outputs(self):
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Reconstructed backscatter")))
        optional = {
            self.OUTPUT_GEOCODED: self.tr("Terrain-geocoded backscatter (for comparison)"),
            self.OUTPUT_MASK: self.tr("Layover/shadow mask"),
            self.OUTPUT_MIXING: self.tr("Mixing count (DEM cells sharing the radar pixel)"),
        }
        for key, label in optional.items():
            self.addParameter(QgsProcessingParameterRasterDestination(key, label, optional=True))

    def checkParameterValues(self, parameters, context):
        """Refuse missing Python modules and non-GeoTIFF outputs; then the base class's checks."""
        problem = precheck_problem(self, parameters, context, self.OUTPUTS)
        if problem:
            return False, problem
        ok, message = super().checkParameterValues(parameters, context)
        problem = ok and self._own_image_problem(parameters, context)
        return (False, problem) if problem else (ok, message)

    def _sar_given(self, parameters):
        return parameters.get(self.SAR) not in (None, "")

    def _own_image_problem(self, parameters, context, swath=None, polarisation=None):
        """Return why no SAR image can be had when SAR is empty, else ''.

        ``swath``/``polarisation``: those of the geometry opened; None: the parameters'.
        """
        if self._sar_given(parameters):
            return ""
        if swath is None:
            swath = self.parameterAsString(parameters, self.SWATH, context).strip() or None
            polarisation = self.parameterAsString(parameters, self.POLARISATION,
                                                  context).strip() or None
        return own_measurement_problem(self.parameterAsFile(parameters, self.GEOMETRY, context),
                                       swath, polarisation, named(self, self.SAR))

    @contextmanager
    def _sar_image(self, parameters, context, feedback, geometry):
        """Yield (path, band, units) of the SAR image, None when cancelled.

        The SAR parameter's raster when given, else the product's own measurement calibrated to
        sigma0 in a temporary GeoTIFF (deleted afterwards).
        """
        path = self.parameterAsFile(parameters, self.GEOMETRY, context)
        if self._sar_given(parameters):
            layer = self.parameterAsRasterLayer(parameters, self.SAR, context)
            if layer is None:
                raise QgsProcessingException(self.tr("The SAR image could not be loaded as a "
                                                     "raster layer."))
            if has_measurement(path, geometry.swath, geometry.polarisation):
                feedback.pushInfo(self.tr(
                    "The SAR image {0} is used; the measurement in the product {1} is not "
                    "read.").format(layer.source(), path))
            units = INPUT_UNITS[self.parameterAsEnum(parameters, self.INPUT_UNITS, context)]
            yield layer.source(), self.parameterAsInt(parameters, self.SAR_BAND, context) or 1, \
                units
            return
        with own_measurement_image(path, geometry.swath, geometry.polarisation, feedback,
                                   make_progress(feedback, 0.0, self.OWN_IMAGE_PERCENT)
                                   ) as image:
            yield (image, 1, INPUT_UNITS[0]) if image else None

    def _measured_image(self, source, geometry):
        from ..core.reconstruction import MeasuredImage, ReconstructionError

        try:
            return MeasuredImage(source[0], source[1], source[2], geometry)
        except ReconstructionError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def _options(self, parameters, context):
        from ..core.reconstruction import ReconstructionOptions

        return ReconstructionOptions(
            backscatter_law=BACKSCATTER_LAW_NAMES[self.parameterAsEnum(
                parameters, self.BACKSCATTER_LAW, context)],
            block_rows=self.parameterAsInt(parameters, self.BLOCK_ROWS, context),
            output_units=OUTPUT_UNITS[self.parameterAsEnum(parameters, self.OUTPUT_UNITS,
                                                           context)])

    def processAlgorithm(self, parameters, context, feedback):
        """Reconstruct the backscatter on the DEM grid; return the paths of the rasters written.

        Opens the DEM, the product geometry and the measured image, refuses the run when memory or
        disk are short, then writes the selected outputs together (all or nothing). Returns {} when
        cancelled.
        """
        from ..core.errors import SimulationError
        from ..core.resources import simulation_run_estimate

        check_at_start(self, parameters, context)
        dem, geometry = open_dem_and_geometry(self, parameters, context, feedback)
        problem = self._own_image_problem(parameters, context, geometry.swath,
                                          geometry.polarisation)
        if problem:  # checked here too: models do not call checkParameterValues (QGIS 3.22)
            raise QgsProcessingException(problem)
        outputs = {name: raster_path(self, parameters, key, context)
                   for key, name in self.OUTPUTS.items()}
        options = self._options(parameters, context)
        workers = self.parameterAsInt(parameters, self.WORKERS, context)
        with block_executor(self, parameters, self.DASK_SCHEDULER, context) as executor:
            if executor is not None:
                workers = min(executor.workers, MAX_WORKERS)
            try:
                require_resources(self, simulation_run_estimate(
                    dem, geometry, options.simulation_options(), outputs, reconstruct=True,
                    workers=workers), feedback)
            except (SimulationError, ValueError) as exc:
                raise QgsProcessingException(str(exc)) from exc
            summary = self._reconstruct(parameters, context, feedback, (dem, geometry),
                                        outputs, options, (workers, executor))
        if summary is None:
            return {}
        for line in summary.describe():
            feedback.pushInfo(line)
        self._written = {key: outputs[name] for key, name in self.OUTPUTS.items() if outputs[name]}
        self._units = options.output_units
        return dict(self._written)

    def _reconstruct(self, parameters, context, feedback, scene, outputs, options, run):
        """Run core's reconstruction on the measured image; return its summary (None: cancelled).

        ``scene``: (dem, geometry); ``run``: (workers, DaskExecutor or None).
        """
        from ..core.reconstruction import (
            ReconstructionCancelled,
            ReconstructionError,
            reconstruct_to_files,
        )

        (dem, geometry), (workers, executor) = scene, run
        with self._sar_image(parameters, context, feedback, geometry) as source:
            if source is None:
                feedback.pushInfo(self.tr("Cancelled: no output written."))
                return None
            start = 0.0 if self._sar_given(parameters) else self.OWN_IMAGE_PERCENT
            measured = self._measured_image(source, geometry)
            report_workers(feedback, workers, self.tr, executor)
            try:
                return reconstruct_to_files(dem, geometry, measured, outputs, options,
                                            progress=make_progress(feedback, start),
                                            output_set=self.output_set,
                                            warn=lambda text: report_warning(feedback, text),
                                            workers=workers, executor=executor,
                                            backend="threads")
            except ReconstructionCancelled:
                feedback.pushInfo(self.tr("Cancelled: no output written."))
                return None
            except ReconstructionError as exc:
                raise QgsProcessingException(str(exc)) from exc
            finally:
                measured = None  # closes the image before a temporary one is deleted

    def postProcessAlgorithm(self, context, feedback):
        """Apply the bundled styles to the written rasters that QGIS loads.

        The reconstructed and the geocoded backscatter are shown in dB with one common range
        (base.style_outputs_together), so that the two compare honestly.
        """
        written = getattr(self, "_written", {})
        pair = [written[key] for key in self.BACKSCATTER if key in written]
        style_outputs_together(context, pair, "sar_backscatter", getattr(self, "_units", LINEAR))
        for key, path in written.items():
            if key not in self.BACKSCATTER:
                style_output(context, path, self.STYLES[key])
        return {}
