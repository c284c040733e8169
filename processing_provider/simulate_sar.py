"""sarheight:simulate_sar — simulate a SAR image of a DEM in a real product's geometry."""

from contextlib import contextmanager

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.constants import BACKSCATTER_LAW_NAMES
from .base import SarHeightAlgorithm, make_progress, style_output
from .common import (
    add_advanced,
    add_dem_and_product,
    block_rows_parameter,
    check_at_start,
    law_parameter,
    open_dem_and_geometry,
    orbit_file_parameter,
    precheck_problem,
    raster_path,
    require_resources,
)

MAX_WORKERS = 64


def workers_parameter(name, tr):
    """Return the advanced parameter of the blocks computed at once (threads of QGIS's process).

    Default: the CPUs, at most 2 (core.blocks.default_workers): each worker holds one more
    block in memory, and a run leaves the other cores to QGIS. Threads, not processes: QGIS's
    executable is no Python interpreter that spawned workers could start.
    """
    from ..core.blocks import default_workers

    return QgsProcessingParameterNumber(
        name, tr("Parallel workers (threads)"), QgsProcessingParameterNumber.Integer,
        defaultValue=default_workers(2), minValue=1, maxValue=MAX_WORKERS)


def report_workers(feedback, workers, tr, executor=None):
    """Log where the blocks are computed (``tr``: the algorithm's self.tr).

    ``executor``: the core.dask_backend.DaskExecutor, or None for ``workers`` local threads.
    """
    if executor is not None:
        feedback.pushInfo(tr("Blocks computed on the Dask cluster at {0} by {1} worker "
                             "thread(s).").format(executor.address, executor.workers))
        return
    feedback.pushInfo(tr("Blocks computed by {0} parallel worker thread(s).").format(workers))


def dask_scheduler_parameter(name, tr):
    """Return the advanced parameter of the Dask scheduler that computes the blocks (optional)."""
    return QgsProcessingParameterString(
        name, tr("Dask scheduler (e.g. tcp://host:8786; empty = this machine)"),
        defaultValue="", optional=True)


@contextmanager
def block_executor(algorithm, parameters, name, context):
    """Yield the DaskExecutor of parameter ``name`` (else $SAR_HEIGHT_DASK_SCHEDULER), or None.

    None: no scheduler given, the blocks run in local threads (WORKERS). Raises
    QgsProcessingException when the scheduler cannot be used (nothing is written then);
    the client is closed at the end.
    """
    from ..core.dask_backend import SchedulerError, executor_for_scheduler, scheduler_address

    address = scheduler_address(algorithm.parameterAsString(parameters, name, context))
    if not address:
        yield None
        return
    try:
        executor = executor_for_scheduler(address)
    except SchedulerError as exc:
        raise QgsProcessingException(str(exc)) from exc
    try:
        yield executor
    finally:
        executor.close()


class SimulateSarAlgorithm(SarHeightAlgorithm):
    """sarheight:simulate_sar: simulate the SAR image of a DEM in a real product's geometry.

    The user's help is resources/help/<language>/simulate_sar.html; the work is core.simulation's.
    """

    DEM = "DEM"
    GEOMETRY = "GEOMETRY"
    SWATH = "SWATH"
    POLARISATION = "POLARISATION"
    DEM_VERTICAL_DATUM = "DEM_VERTICAL_DATUM"
    ORBIT_FILE = "ORBIT_FILE"
    SPECKLE_LOOKS = "SPECKLE_LOOKS"
    SEED = "SEED"
    BACKSCATTER_LAW = "BACKSCATTER_LAW"
    TEXTURE = "TEXTURE"
    BLOCK_ROWS = "BLOCK_ROWS"
    WORKERS = "WORKERS"
    DASK_SCHEDULER = "DASK_SCHEDULER"
    OUTPUT_SIMULATED = "OUTPUT_SIMULATED"
    OUTPUT_MASK = "OUTPUT_MASK"
    OUTPUT_LOOKUP = "OUTPUT_LOOKUP"
    OUTPUT_INCIDENCE = "OUTPUT_INCIDENCE"
    OUTPUTS = {OUTPUT_SIMULATED: "simulated", OUTPUT_MASK: "mask", OUTPUT_LOOKUP: "lookup",
               OUTPUT_INCIDENCE: "incidence"}
    STYLES = {OUTPUT_SIMULATED: "sar_backscatter", OUTPUT_MASK: "layover_shadow_mask",
              OUTPUT_LOOKUP: "radar_lookup", OUTPUT_INCIDENCE: "local_incidence"}

    algorithm_id = "simulate_sar"
    display_name = QT_TRANSLATE_NOOP("SimulateSarAlgorithm", "Simulate SAR image")
    group_id = "height"

    def initAlgorithm(self, config=None):
        """Declare the DEM, product, speckle, seed, backscatter law, texture and raster outputs."""
        add_dem_and_product(self, self.tr("DEM (heights in metres)"), dem_first=True)
        self.addParameter(QgsProcessingParameterNumber(
            self.SPECKLE_LOOKS, self.tr("Speckle looks (0 = noise-free)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0, maxValue=1000))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed (speckle and texture)"),
            QgsProcessingParameterNumber.Integer, defaultValue=1, minValue=0))
        add_advanced(self, [
            law_parameter(self.BACKSCATTER_LAW, self.tr),
            QgsProcessingParameterNumber(
                self.TEXTURE, self.tr("Reflectivity texture (std of log-normal field, "
                                      "0 = none)"),
                QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0,
                maxValue=3.0),
            block_rows_parameter(self.BLOCK_ROWS, self.tr),
            orbit_file_parameter(self.ORBIT_FILE, self.tr),
            workers_parameter(self.WORKERS, self.tr),
            dask_scheduler_parameter(self.DASK_SCHEDULER, self.tr),
        ])
        labels = {
            self.OUTPUT_SIMULATED: self.tr("Simulated backscatter (radar geometry)"),
            self.OUTPUT_MASK: self.tr("Layover/shadow mask"),
            self.OUTPUT_LOOKUP: self.tr("Radar lookup (line, sample)"),
            self.OUTPUT_INCIDENCE: self.tr("Local incidence angle (degrees)"),
        }
        for key, label in labels.items():
            self.addParameter(QgsProcessingParameterRasterDestination(key, label, optional=True))

    def checkParameterValues(self, parameters, context):
        """Refuse missing Python modules and non-GeoTIFF outputs; then the base class's checks."""
        problem = precheck_problem(self, parameters, context, self.OUTPUTS)
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        """Simulate the image and the DEM-grid rasters; return the paths of the rasters written.

        At least one output must be selected. The run is refused when memory or disk are short; the
        outputs are written together (all or nothing). Returns {} when cancelled.
        """
        from ..core.resources import simulation_run_estimate
        from ..core.simulation.simulate import (
            SimulationCancelled,
            SimulationError,
            SimulationOptions,
            simulate_to_files,
        )

        check_at_start(self, parameters, context)
        dem, geometry = open_dem_and_geometry(self, parameters, context, feedback)
        outputs = {name: raster_path(self, parameters, key, context)
                   for key, name in self.OUTPUTS.items()}
        if not any(outputs.values()):
            raise QgsProcessingException(self.tr("No output selected: choose at least one."))
        options = SimulationOptions(
            backscatter_law=BACKSCATTER_LAW_NAMES[self.parameterAsEnum(
                parameters, self.BACKSCATTER_LAW, context)],
            speckle_looks=self.parameterAsInt(parameters, self.SPECKLE_LOOKS, context),
            texture_strength=self.parameterAsDouble(parameters, self.TEXTURE, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            block_rows=self.parameterAsInt(parameters, self.BLOCK_ROWS, context),
        )
        workers = self.parameterAsInt(parameters, self.WORKERS, context)
        try:
            with block_executor(self, parameters, self.DASK_SCHEDULER, context) as executor:
                if executor is not None:
                    workers = min(executor.workers, MAX_WORKERS)
                require_resources(self, simulation_run_estimate(
                    dem, geometry, options, outputs, workers=workers), feedback)
                report_workers(feedback, workers, self.tr, executor)
                summary = simulate_to_files(dem, geometry, outputs, options,
                                            progress=make_progress(feedback),
                                            output_set=self.output_set, workers=workers,
                                            executor=executor, backend="threads")
        except SimulationCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except SimulationError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for line in summary.describe():
            feedback.pushInfo(line)
        self._written = {key: outputs[name] for key, name in self.OUTPUTS.items() if outputs[name]}
        return dict(self._written)

    def postProcessAlgorithm(self, context, feedback):
        """Apply the bundled styles to the written rasters that QGIS loads."""
        for key, path in getattr(self, "_written", {}).items():
            style_output(context, path, self.STYLES[key])
        return {}


