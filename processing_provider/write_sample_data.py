"""sarheight:write_sample_data — a sample set on which every SAR Height tool runs as it is.

Thin: the set is core.sample_set's; this adds the README that names each tool's inputs by
their labels in the user's language, and opens the map layers in the project.
"""
import os

from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import SarHeightAlgorithm, make_progress, style_output
from .common import check_at_start, dependency_problem
from .provider import PROVIDER_ID

README = "README.txt"
# The tools in the order a user tries them (the order of the README and the log).
TOOL_ORDER = ("simulate_sar", "reconstruct_layover", "estimate_height", "compare_dem",
              "stereo_radargrammetry", "point_target_height", "point_target_accuracy")


class WriteSampleDataAlgorithm(SarHeightAlgorithm):
    """sarheight:write_sample_data: write the sample set into a folder and open its map layers.

    The set and its all-or-nothing writing are core.sample_set's (committed with the run's
    output set); the README is written through the same set.
    """

    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    LOAD_LAYERS = "LOAD_LAYERS"
    STYLES = {"layover_mask": "layover_shadow_mask", "sigma0": "sar_backscatter"}

    algorithm_id = "write_sample_data"
    display_name = QT_TRANSLATE_NOOP("WriteSampleDataAlgorithm", "Write sample data")
    group_id = "getting_started"

    def initAlgorithm(self, config=None):
        """Declare the destination folder and whether to open the map layers."""
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Folder for the sample data")))
        self.addParameter(QgsProcessingParameterBoolean(
            self.LOAD_LAYERS, self.tr("Open the map layers in the project"), defaultValue=True))

    def checkParameterValues(self, parameters, context):
        """Refuse a missing Python module; then the base class's checks."""
        problem = dependency_problem(self.tr)
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def _layer_names(self):
        return {
            "dem": self.tr("Sample: Ötztal DEM 30 m (reference)"),
            "coarse_dem": self.tr("Sample: Ötztal coarse DEM (reconstruction, priors)"),
            "layover_mask": self.tr("Sample: layover/shadow mask (Sentinel-1)"),
            "sigma0": self.tr("Sample: reconstructed sigma0 (Sentinel-1, map geometry)"),
            "stereo_truth": self.tr("Sample: stereo scene, true DEM 2 m"),
            "stereo_coarse_dem": self.tr("Sample: stereo scene, coarse DEM 90 m"),
        }

    def _guide(self, sample):
        """Return the lines that tell, tool by tool, which sample file goes into which input.

        The tools and their inputs are named as their dialogs name them (the user's language).
        """
        from ..core.sample_set import FILES, TOOL_INPUTS

        registry = QgsApplication.processingRegistry()
        tools = {algorithm_id: registry.createAlgorithmById(
            "{0}:{1}".format(PROVIDER_ID, algorithm_id)) for algorithm_id in TOOL_ORDER}
        lines = [self.tr("Open each tool under Processing Toolbox > SAR Height, set only these "
                         "inputs and keep every other parameter as it is:")]
        for algorithm_id in TOOL_ORDER:
            lines += ["", _name(tools, algorithm_id)]
            inputs = sample.inputs(algorithm_id)
            if not inputs:
                lines.append("  " + self.tr("(no input: its defaults describe the Staring "
                                            "Spotlight product of the sample data)"))
            for key in TOOL_INPUTS[algorithm_id]:
                relative = os.path.relpath(inputs[key], sample.folder).replace(os.sep, "/")
                lines.append("  {0}: {1}".format(_label(tools, algorithm_id, key), relative))
        lines += ["", self.tr(
            "{0} writes heights above the WGS84 ellipsoid that the file does not declare: to "
            "compare them with {1} in {2}, set '{3}' to the WGS84 ellipsoid. The stereo DEMs "
            "and heights declare theirs.").format(
                _name(tools, "estimate_height"), FILES["dem"], _name(tools, "compare_dem"),
                _label(tools, "compare_dem", "DEM_VERTICAL_DATUM"))]
        return lines

    def _write_readme(self, folder, lines, notes):
        path = self.output_set.temporary(os.path.join(folder, README))
        text = [self.tr("SAR Height sample data"), "", *lines, "", *notes]
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(text) + "\n")

    def _load(self, sample, context):
        names = self._layer_names()
        for number, (role, path) in enumerate(sample.map_layers()):
            details = QgsProcessingContext.LayerDetails(names[role], context.project(), role)
            details.forceName = True
            if hasattr(details, "layerTypeHint"):  # a raster: spares QGIS trying OGR first
                details.layerTypeHint = QgsProcessingUtils.LayerHint.Raster
            if hasattr(details, "layerSortKey"):  # newer QGIS: the order MAP_LAYERS lists
                details.layerSortKey = -number
            if hasattr(details, "groupName"):
                details.groupName = self.tr("SAR Height sample data")
            context.addLayerToLoadOnCompletion(path, details)
            if role in self.STYLES:
                self._styled[path] = self.STYLES[role]

    def _forget(self, sample):
        """Discard the written set now (the base class would) and remove the folders made for it."""
        from ..core.sample_set import remove_empty_folders

        self.output_set.discard()
        remove_empty_folders(sample.created_folders)

    def processAlgorithm(self, parameters, context, feedback):
        """Write the sample set and its README into the folder; open its map layers.

        Nothing is written when the run fails or is cancelled. Returns {OUTPUT_FOLDER: folder}.
        """
        from ..core.output_commit import OutputError
        from ..core.sample_set import SampleSetCancelled, SampleSetError, write_sample_set

        check_at_start(self, parameters, context)
        folder = self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)
        if not folder:
            raise QgsProcessingException(self.tr("No folder given for the sample data."))
        try:
            sample = write_sample_set(folder, make_progress(feedback, 0.0, 99.0),
                                      self.output_set)
        except SampleSetCancelled:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        except (SampleSetError, OutputError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        try:
            lines = self._guide(sample)
            self._write_readme(sample.folder, lines, sample.notes)
        except (OutputError, OSError) as exc:
            self._forget(sample)
            raise QgsProcessingException(str(exc)) from exc
        if feedback.isCanceled():
            self._forget(sample)
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        for line in sample.notes + [""] + lines:
            feedback.pushInfo(line)
        feedback.pushInfo(self.tr("Sample data written to {0} in {1:.1f} s.").format(
            sample.folder, sample.seconds))
        self._styled = {}
        if self.parameterAsBoolean(parameters, self.LOAD_LAYERS, context):
            self._load(sample, context)
        return {self.OUTPUT_FOLDER: sample.folder}

    def postProcessAlgorithm(self, context, feedback):
        """Apply the bundled styles to the sample layers that QGIS opens."""
        for path, style in getattr(self, "_styled", {}).items():
            style_output(context, path, style)
        return {}


def _name(tools, algorithm_id):
    """Return the display name of ``algorithm_id`` (its id when it is not registered)."""
    tool = tools.get(algorithm_id)
    return tool.displayName() if tool is not None else algorithm_id


def _label(tools, algorithm_id, key):
    """Return the dialog label of parameter ``key`` of ``algorithm_id`` (else the key)."""
    tool = tools.get(algorithm_id)
    definition = tool.parameterDefinition(key) if tool is not None else None
    return definition.description() if definition is not None else key
