"""sarheight:reconstruct_layover — re-allocate layover energy of a SAR image to DEM cells."""

from qgis.core import (
    QgsProcessingException,
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
    open_dem_and_geometry,
    precheck_problem,
    raster_path,
    report_warning,
    require_resources,
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
    OUTPUT_UNITS = "OUTPUT_UNITS"
    BACKSCATTER_LAW = "BACKSCATTER_LAW"
    BLOCK_ROWS = "BLOCK_ROWS"
    OUTPUT = "OUTPUT"
    OUTPUT_GEOCODED = "OUTPUT_GEOCODED"
    OUTPUT_MASK = "OUTPUT_MASK"
    OUTPUT_MIXING = "OUTPUT_MIXING"
    OUTPUTS = {OUTPUT: "reconstructed", OUTPUT_GEOCODED: "geocoded", OUTPUT_MASK: "mask",
               OUTPUT_MIXING: "mixing"}
    STYLES = {OUTPUT: "sar_backscatter", OUTPUT_GEOCODED: "sar_backscatter",
              OUTPUT_MASK: "layover_shadow_mask", OUTPUT_MIXING: "mixing_count"}
    BACKSCATTER = (OUTPUT, OUTPUT_GEOCODED)  # styled together: one range in dB

    algorithm_id = "reconstruct_layover"
    display_name = QT_TRANSLATE_NOOP("ReconstructLayoverAlgorithm",
                                     "Reconstruct layover backscatter")
    group_id = "height"

    def initAlgorithm(self, config=None):
        """Declare the SAR image, product, DEM, units, backscatter law and the raster outputs."""
        add_sar_image(self, self.SAR, self.SAR_BAND,
                      self.tr("SAR image (radar geometry of the product)"), self.tr("SAR band"))
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
                            block_rows_parameter(self.BLOCK_ROWS, self.tr)])

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
        return super().checkParameterValues(parameters, context)

    def _measured_image(self, parameters, context, geometry):
        from ..core.reconstruction import MeasuredImage, ReconstructionError

        layer = self.parameterAsRasterLayer(parameters, self.SAR, context)
        if layer is None:
            raise QgsProcessingException(self.tr("The SAR image could not be loaded as a "
                                                 "raster layer."))
        units = INPUT_UNITS[self.parameterAsEnum(parameters, self.INPUT_UNITS, context)]
        band = self.parameterAsInt(parameters, self.SAR_BAND, context) or 1
        try:
            return MeasuredImage(layer.source(), band, units, geometry)
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
        from ..core.reconstruction import (
            ReconstructionCancelled,
            ReconstructionError,
            reconstruct_to_files,
        )
        from ..core.resources import simulation_run_estimate

        check_at_start(self, parameters, context)
        dem, geometry = open_dem_and_geometry(self, parameters, context, feedback)
        measured = self._measured_image(parameters, context, geometry)
        outputs = {name: raster_path(self, parameters, key, context)
                   for key, name in self.OUTPUTS.items()}
        options = self._options(parameters, context)
        try:
            require_resources(self, simulation_run_estimate(
                dem, geometry, options.simulation_options(), outputs, reconstruct=True),
                feedback)
        except (SimulationError, ValueError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        try:
            summary = reconstruct_to_files(dem, geometry, measured, outputs, options,
                                           progress=make_progress(feedback),
                                           output_set=self.output_set,
                                           warn=lambda text: report_warning(feedback, text))
        except ReconstructionCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except ReconstructionError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for line in summary.describe():
            feedback.pushInfo(line)
        self._written = {key: outputs[name] for key, name in self.OUTPUTS.items() if outputs[name]}
        self._units = options.output_units
        return dict(self._written)

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
