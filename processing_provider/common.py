"""Parameter helpers shared by the SAR Height algorithms (thin: parsing and messages only)."""

import importlib
import math
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBand,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.constants import VERTICAL_DATUMS

translate = QCoreApplication.translate  # pylupdate5 finds translate("Context", "...")

RUNTIME_MODULES = ("numpy", "scipy", "osgeo.gdal")


# -- parameters declared by several algorithms ---------------------------------------------------
# Enum options are listed in the order of core.constants' tuples (VERTICAL_DATUMS,
# BACKSCATTER_LAW_NAMES, INPUT_UNITS): the index is what models and command lines store.
def law_parameter(name, tr):
    """Return the backscatter-law enum parameter (index into BACKSCATTER_LAW_NAMES)."""
    return QgsProcessingParameterEnum(
        name, tr("Backscatter law"),
        options=[tr("Muhleman (natural terrain)"), tr("Cosine squared")], defaultValue=0)


def block_rows_parameter(name, tr):
    """Return the block-size parameter: DEM rows processed at a time (memory versus speed)."""
    return QgsProcessingParameterNumber(
        name, tr("Block size (DEM rows per block)"), QgsProcessingParameterNumber.Integer,
        defaultValue=256, minValue=16, maxValue=8192)


def input_units_parameter(name, tr):
    """Return the enum parameter of what a SAR image holds: intensity, amplitude or dB."""
    return QgsProcessingParameterEnum(
        name, tr("SAR image values"),
        options=[tr("Intensity (power, linear)"), tr("Amplitude (squared here)"),
                 tr("Decibels (dB)")], defaultValue=0)


def geometry_file_parameter(name, label, tr):
    """Return a file parameter for a SAR product or geometry file (SAFE, zip, XML, JSON)."""
    return QgsProcessingParameterFile(
        name, label, behavior=QgsProcessingParameterFile.File,
        fileFilter=tr("SAR products (*.safe *.SAFE *.zip *.xml *.json);;All files (*)"))


def add_sar_image(alg, key, band_key, label, band_label):
    """Add a SAR raster parameter ``key`` and its band parameter ``band_key``."""
    alg.addParameter(QgsProcessingParameterRasterLayer(key, label))
    # Optional: QGIS 3.22 refuses a missing band value even when it has a default.
    alg.addParameter(QgsProcessingParameterBand(
        band_key, band_label, defaultValue=1, parentLayerParameterName=key, optional=True))


def add_dem_and_product(alg, dem_label, dem_first):
    """Add the DEM and SAR product parameters that open_dem_and_geometry reads.

    They are DEM, GEOMETRY, SWATH, POLARISATION and DEM_VERTICAL_DATUM. ``dem_first``: the DEM
    before the product (else after it) in the dialog.
    """
    tr = alg.tr
    dem = QgsProcessingParameterRasterLayer("DEM", dem_label)
    if dem_first:
        alg.addParameter(dem)
    alg.addParameter(geometry_file_parameter("GEOMETRY", tr("SAR product or geometry file"),
                                             tr))
    alg.addParameter(QgsProcessingParameterString(
        "SWATH", tr("Swath (multi-swath products, e.g. IW2; empty = the one covering the "
                    "DEM)"), optional=True))
    alg.addParameter(QgsProcessingParameterString(
        "POLARISATION", tr("Polarisation (e.g. VV; empty = co-polarisation)"), optional=True))
    if not dem_first:
        alg.addParameter(dem)
    alg.addParameter(datum_parameter("DEM_VERTICAL_DATUM", tr))


def add_advanced(alg, parameters):
    """Add parameters under the dialog's 'Advanced parameters' section."""
    for parameter in parameters:
        parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        alg.addParameter(parameter)


def datum_parameter(name, tr):
    """Return the DEM vertical-datum enum parameter (index into VERTICAL_DATUMS)."""
    return QgsProcessingParameterEnum(
        name,
        tr("DEM vertical datum"),
        options=[
            tr("From file (SRTM convention EGM96 when unstated)"),
            tr("EGM96 geoid"),
            tr("WGS84 ellipsoid"),
            tr("EGM2008 geoid (needs PROJ grid)"),
        ],
        defaultValue=0,
    )


DEBIAN_PACKAGES = {"osgeo.gdal": "python3-gdal", "scipy": "python3-scipy",
                   "numpy": "python3-numpy"}


def dependency_problem(tr, extra_modules=()):
    """Return a message naming the missing Python module and how to install it, or ''."""
    for module in RUNTIME_MODULES + tuple(extra_modules):
        try:
            importlib.import_module(module)
        except ImportError:
            if module in DEBIAN_PACKAGES:
                return tr(
                    "The Python module '{0}' is missing. Install it (Debian/Ubuntu: "
                    "sudo apt install {1}; elsewhere: python -m pip install {2}) and restart "
                    "QGIS."
                ).format(module, DEBIAN_PACKAGES[module], module.split(".")[0])
            # No distribution package (e.g. onnxruntime): pip into QGIS' own Python.
            return tr(
                "The Python module '{0}' is missing. Install it into the Python that QGIS "
                "uses (Debian/Ubuntu: python3 -m pip install --user {0}; Windows: run "
                "'python -m pip install {0}' in the OSGeo4W shell) and restart QGIS."
            ).format(module)
    return ""


def model_file(alg, parameters, key, context, bundled):
    """Return the ONNX file given in parameter ``key``, else the plugin's ``bundled`` one."""
    return alg.parameterAsFile(parameters, key, context) or bundled


def missing_model_problem(path, bundled, without_bundled, kind):
    """Return '' when the model file ``path`` exists, else the message saying what is wrong.

    The message is ``without_bundled`` (what to do; ``{0}`` = the path) when ``path`` is the
    ``bundled`` default, else "The <kind> file <path> does not exist."
    """
    if os.path.isfile(path):
        return ""
    if path == bundled:
        return without_bundled.format(path)
    return translate("SarHeightAlgorithm", "The {0} file {1} does not exist.").format(kind,
                                                                                     path)


def raster_path(alg, parameters, key, context):
    """Destination path of an optional raster output, or None when the user skipped it."""
    if parameters.get(key) is None:
        return None
    path = alg.parameterAsOutputLayer(parameters, key, context)
    return path or None


def tiff_destination_problem(alg, parameters, key, context):
    """Return the message refusing output ``key`` when it is not a GeoTIFF, else ''.

    Outputs are written by GDAL as GeoTIFF; other extensions are refused up front. Temporary
    outputs and names without an extension pass.
    """
    value = parameters.get(key)
    if value is None or not isinstance(value, str) or value == "TEMPORARY_OUTPUT":
        return ""
    extension = os.path.splitext(value)[1].lower()
    if extension and extension not in (".tif", ".tiff"):
        return translate(
            "SarHeightAlgorithm",
            "Output {0}: only GeoTIFF (.tif) is supported, not '{1}'. Change the file "
            "name to end in .tif."
        ).format(key, extension)
    return ""


def precheck_problem(alg, parameters, context, output_keys, extra_modules=()):
    """Return the shared checkParameterValues problem: missing modules, then non-GeoTIFF outputs."""
    problem = dependency_problem(alg.tr, extra_modules)
    for key in output_keys:
        problem = problem or tiff_destination_problem(alg, parameters, key, context)
    return problem


def _number_text(value, integer):
    return "{0:d}".format(int(value)) if integer else "{0:g}".format(value)


def number_range_problem(alg, parameters, context):
    """Return the message for the first number parameter outside its range, else ''.

    The message reads 'X must be between a and b (you gave c).' (or must be a whole number, at
    least a, at most b). QGIS's own check says only "Incorrect parameter value"; values that are
    not plain numbers (expressions, text) are left to it.
    """
    for definition in alg.parameterDefinitions():
        if not isinstance(definition, QgsProcessingParameterNumber):
            continue
        raw = parameters.get(definition.name())
        if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            continue
        integer = definition.dataType() == QgsProcessingParameterNumber.Integer
        whole = math.isfinite(value) and value == int(value)
        low, high = definition.minimum(), definition.maximum()
        limited_low, limited_high = low > -1e300, high < 1e300
        if low <= value <= high and (whole or not integer):
            continue
        name = "{0} ({1})".format(definition.name(), definition.description())
        given = "{0:g}".format(value)
        bounds = [_number_text(v, integer) for v in (low, high)]
        if integer and math.isfinite(value) and not whole:
            return translate("SarHeightAlgorithm", "{0} must be a whole number (you gave "
                             "{1}).").format(name, given)
        if limited_low and limited_high:
            return translate("SarHeightAlgorithm", "{0} must be between {1} and {2} (you "
                             "gave {3}).").format(name, bounds[0], bounds[1], given)
        if limited_low:
            return translate("SarHeightAlgorithm", "{0} must be at least {1} (you gave "
                             "{2}).").format(name, bounds[0], given)
        return translate("SarHeightAlgorithm", "{0} must be at most {1} (you gave "
                         "{2}).").format(name, bounds[1], given)
    return ""


def check_at_start(alg, parameters, context, extra_modules=(), alternative=""):
    """Refuse a run with a missing module or a number out of range: processAlgorithm's first lines.

    QGIS 3.22 does not call checkParameterValues for the children of a graphical model, so a
    missing module would end in an ImportError traceback there and a number out of range would
    reach core. ``alternative``: a sentence appended to the missing-module message (what to choose
    instead).
    """
    problem = dependency_problem(alg.tr, extra_modules)
    if problem:
        raise QgsProcessingException((problem + " " + alternative).strip())
    problem = number_range_problem(alg, parameters, context)
    if problem:
        raise QgsProcessingException(problem)


def require_resources(alg, estimate, feedback):
    """Log core.resources' ``estimate`` and refuse the run when memory or disk are short."""
    from ..core.resources import check

    feedback.pushInfo(estimate.describe())
    problem = check(estimate)
    if problem:
        raise QgsProcessingException(problem)


def report_warning(feedback, message):
    """Relay a warning of core (a plausibility note, '' for none) as a non-fatal error."""
    if message:
        feedback.reportError(
            translate("SarHeightAlgorithm", "Warning: {0}").format(message), False)


def open_dem_and_geometry(alg, parameters, context, feedback):
    """Read DEM, DEM_VERTICAL_DATUM, GEOMETRY, SWATH, POLARISATION into core objects."""
    from ..core.dem import DemError, DemRaster
    from ..core.products.acquisition import ProductError
    from ..core.products.reader import open_geometry
    from ..core.products.selection import swath_covering_dem

    layer = alg.parameterAsRasterLayer(parameters, "DEM", context)
    if layer is None:
        raise QgsProcessingException(
            translate("SarHeightAlgorithm", "The DEM could not be loaded as a raster layer.")
        )
    datum = VERTICAL_DATUMS[alg.parameterAsEnum(parameters, "DEM_VERTICAL_DATUM", context)]
    path = alg.parameterAsFile(parameters, "GEOMETRY", context)
    if not path:
        raise QgsProcessingException(
            translate("SarHeightAlgorithm", "No SAR product or geometry file given.")
        )
    swath = alg.parameterAsString(parameters, "SWATH", context).strip() or None
    polarisation = alg.parameterAsString(parameters, "POLARISATION", context).strip() or None
    try:
        dem = DemRaster(layer.source(), datum)
        feedback.pushInfo(
            translate("SarHeightAlgorithm", "DEM: {0} x {1} cells; {2}.").format(
                dem.width, dem.height, dem.info.note
            )
        )
        report_warning(feedback, dem.info.warning)
        swath, note = swath_covering_dem(path, dem, swath, polarisation)
        if note:
            feedback.pushInfo(note)
        geometry = open_geometry(path, swath, polarisation)
    except (DemError, ProductError) as exc:
        raise QgsProcessingException(str(exc)) from exc
    feedback.pushInfo(
        translate(
            "SarHeightAlgorithm", "Geometry: {0} {1} {2} {3}, {4} lines x {5} samples, {6}-looking."
        ).format(
            geometry.mission,
            geometry.product_type,
            geometry.swath,
            geometry.polarisation,
            geometry.lines,
            geometry.samples,
            geometry.look_side,
        )
    )
    return dem, geometry


def open_geometry_for_raster(path, shape, role, feedback):
    """AcquisitionGeometry of the product at ``path`` that belongs to a raster of ``shape``.

    ``shape``: (lines, samples) of the raster; ``role``: translated name of the image for
    messages (e.g. "Reference"). The choice of swath is core.products.selection's.
    """
    from ..core.products.acquisition import ProductError
    from ..core.products.selection import geometry_for_raster

    if not path:
        raise QgsProcessingException(translate(
            "SarHeightAlgorithm", "{0}: no SAR product or geometry file given.").format(role))
    try:
        geometry, note = geometry_for_raster(path, shape)
    except ProductError as exc:
        raise QgsProcessingException("{0}: {1}".format(role, exc)) from exc
    if note:
        feedback.pushInfo("{0}: {1}".format(role, note))
    feedback.pushInfo(
        translate(
            "SarHeightAlgorithm",
            "{0} geometry: {1} {2} {3} {4}, {5} lines x {6} samples, {7}-looking."
        ).format(role, geometry.mission, geometry.product_type, geometry.swath,
                 geometry.polarisation, geometry.lines, geometry.samples, geometry.look_side)
    )
    return geometry


# -- inputs and outputs must be distinct files ----------------------------------------------------
def _file_of(source):
    """Return the file behind a layer source or path ('x.gpkg|layername=a' -> x.gpkg), or None.

    The path is resolved (symbolic links followed, case folded on Windows).
    """
    if not source:
        return None
    path = str(source).split("|", 1)[0].strip()
    return os.path.normcase(os.path.realpath(path)) if path else None


def _input_files(alg, parameters, context):
    """(parameter, resolved file) of every raster, vector and file input given."""
    found = []
    for definition in alg.parameterDefinitions():
        key = definition.name()
        if definition.isDestination() or parameters.get(key) in (None, ""):
            continue
        kind = definition.type()
        if kind == "raster":
            layer = alg.parameterAsRasterLayer(parameters, key, context)
            sources = [layer.source()] if layer is not None else []
        elif kind in ("vector", "source"):
            layer = alg.parameterAsVectorLayer(parameters, key, context)
            sources = [layer.source()] if layer is not None else []
        elif kind == "file":
            sources = [alg.parameterAsFile(parameters, key, context)]
        elif kind == "multilayer":
            sources = [layer.source() for layer in
                       alg.parameterAsLayerList(parameters, key, context)]
        else:
            continue
        found += [(definition, path) for path in map(_file_of, sources) if path]
    return found


def _product_folder(input_path):
    """Return the folder of a product given as a folder or as its SAFE manifest, else None.

    The files in it (measurement TIFFs, annotations) are inputs too.
    """
    if os.path.isdir(input_path):
        return input_path
    if os.path.basename(input_path).lower() == "manifest.safe":
        return os.path.dirname(input_path)
    return None


def _overwrites_input(path, input_path):
    """Return True when writing ``path`` would replace the input ``input_path``.

    Also True when ``path`` is an existing file of the product folder ``input_path`` names.
    """
    if path == input_path:
        return True
    folder = _product_folder(input_path)
    return (folder is not None and os.path.isfile(path)
            and os.path.commonpath([folder, path]) == folder)


def _output_files(alg, parameters, context):
    """(parameter, resolved file) of every file output given (not temporary ones)."""
    found = []
    for definition in alg.destinationParameterDefinitions():
        key = definition.name()
        value = parameters.get(key)
        if value is None or value == "TEMPORARY_OUTPUT":
            continue
        if definition.type() == "fileDestination":
            path = alg.parameterAsFileOutput(parameters, key, context)
        else:
            path = alg.parameterAsOutputLayer(parameters, key, context)
        if path and not str(path).startswith(("memory:", "TEMPORARY_OUTPUT")):
            found.append((definition, _file_of(path)))
    return found


def _named(definition):
    return "'{0}' ({1})".format(definition.description(), definition.name())


def output_path_problem(alg, parameters, context):
    """Return the message refusing an output that is an input file or another output, else ''.

    An input file includes an existing file of an input product folder. Paths are compared
    resolved (symbolic links followed; case folded on Windows), so './x.tif', 'x.tif' and a link to
    it are one file.
    """
    inputs = _input_files(alg, parameters, context)
    outputs = _output_files(alg, parameters, context)
    for number, (output, path) in enumerate(outputs):
        for definition, input_path in inputs:
            if _overwrites_input(path, input_path):
                return translate(
                    "SarHeightAlgorithm",
                    "The output {0} is the input {1}: {2}. Writing it would destroy the "
                    "input. Choose another file name for the output {0}."
                ).format(_named(output), _named(definition), path)
        for other, other_path in outputs[:number]:
            if path == other_path:
                return translate(
                    "SarHeightAlgorithm",
                    "The outputs {0} and {1} are the same file {2}: one would overwrite the "
                    "other. Give each output its own file name."
                ).format(_named(other), _named(output), path)
    return ""
