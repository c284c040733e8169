"""Parameter helpers shared by the SAR Height algorithms (thin: parsing and messages only)."""

import importlib
import math
import os
import re
import sys

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
    """Return a file parameter for a SAR product or geometry file (SAFE, zip, XML, JSON).

    A Sentinel-1 .SAFE folder is accepted as it is (core.products.reader opens a folder, its
    manifest.safe or its zip): the file dialog cannot pick a folder, so it shows the
    manifest.safe inside one, and a folder's path can be typed or pasted. The first filter names
    the files the readers take, not every XML: GDAL's .aux.xml sidecars stay hidden; "All files"
    keeps any other name possible (and QGIS 3.22 checks a value against these filters).
    """
    return QgsProcessingParameterFile(
        name, label, behavior=QgsProcessingParameterFile.File,
        fileFilter=tr("SAR products (manifest.safe *.zip *.json s1*.xml S1*.xml TSX*.xml "
                      "TDX*.xml PAZ*.xml);;All files (*)"))


def orbit_file_parameter(name, tr, label=None):
    """Return the optional file parameter of a Sentinel-1 orbit file (ESA EOF).

    Its state vectors replace the annotation orbit (core.products.orbit_file); empty: the
    annotation's, or an EOF lying next to the SAFE. ``label``: the translated label (default
    "Sentinel-1 orbit file ...").
    """
    if label is None:
        label = tr("Sentinel-1 orbit file (.EOF, POEORB or RESORB; empty = an EOF next to the "
                   "SAFE, else the annotation's orbit)")
    return QgsProcessingParameterFile(
        name, label, behavior=QgsProcessingParameterFile.File,
        fileFilter=tr("Sentinel-1 orbit files (*.EOF *.eof);;All files (*)"), optional=True)


def orbit_file_path(alg, parameters, key, context):
    """Return the ORBIT_FILE-like parameter ``key`` as a path, or None (empty or not declared)."""
    if alg.parameterDefinition(key) is None:
        return None
    return alg.parameterAsFile(parameters, key, context).strip() or None


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
    label = tr("SAR product (.SAFE folder or its manifest.safe, .zip, XML) or geometry JSON")
    alg.addParameter(geometry_file_parameter("GEOMETRY", label, tr))
    alg.addParameter(QgsProcessingParameterString(
        "SWATH", tr("Swath (multi-swath products, e.g. IW2; empty = the one covering the "
                    "DEM)"), optional=True))
    alg.addParameter(QgsProcessingParameterString(
        "POLARISATION", tr("Polarisation (e.g. VV; empty = co-polarisation)"), optional=True))
    if not dem_first:
        alg.addParameter(dem)
    alg.addParameter(datum_parameter("DEM_VERTICAL_DATUM", tr))


# Decimal places of the dialog's spin box for number parameters whose default, minimum and
# maximum do not tell what precision a user types (see spin_box_decimals).
DECIMALS = {
    "PRIOR_SPACING": 0, "TEXTURE": 2, "MIN_CONFIDENCE": 2, "TROPO_DELAY_CORRECTION": 3,
    "AZIMUTH_BANDWIDTH": 0, "ORBIT_HEIGHT": 0, "VELOCITY": 0, "WAVELENGTH": 5,
    "ORBIT_ERROR": 3, "TRUE_ZENITH_DELAY": 3,
}
MAX_DECIMALS = 6  # QGIS's default for every decimal number: '1000.000000'


def _places(value):
    """Return the decimal places that show ``value`` exactly (at most MAX_DECIMALS)."""
    for places in range(MAX_DECIMALS + 1):
        if abs(round(value, places) - value) <= 1e-9 * max(abs(value), 1.0):
            return places
    return MAX_DECIMALS


def spin_box_decimals(definition):
    """Return the decimal places of a decimal number parameter's spin box in the dialog.

    DECIMALS when it names the parameter, else the places its default, minimum and maximum
    need (at least one: a decimal number), so that 15 dB shows as '15.0', not QGIS's
    '15.000000'.
    """
    if definition.name() in DECIMALS:
        return DECIMALS[definition.name()]
    values = [definition.defaultValue(), definition.minimum(), definition.maximum()]
    numbers = [float(v) for v in values if isinstance(v, (int, float))
               and not isinstance(v, bool) and math.isfinite(v) and abs(v) < 1e15]
    return max([1] + [_places(v) for v in numbers])


def set_spin_box_decimals(alg):
    """Give every decimal number parameter of ``alg`` its spin box decimals (its metadata).

    QGIS reads them from the parameter's metadata {"widget_wrapper": {"decimals": n}}, in the
    algorithm dialog, the batch dialog and the modeler; a value already set there is kept.
    """
    for definition in alg.parameterDefinitions():
        if (not isinstance(definition, QgsProcessingParameterNumber)
                or definition.dataType() != QgsProcessingParameterNumber.Double):
            continue
        metadata = dict(definition.metadata() or {})
        wrapper = dict(metadata.get("widget_wrapper") or {})
        if "decimals" not in wrapper:
            wrapper["decimals"] = spin_box_decimals(definition)
            metadata["widget_wrapper"] = wrapper
            definition.setMetadata(metadata)


def add_advanced(alg, parameters):
    """Add parameters under the dialog's 'Advanced parameters' section."""
    for parameter in parameters:
        parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        alg.addParameter(parameter)


def datum_parameter(name, tr, label=None):
    """Return the DEM vertical-datum enum parameter (index into VERTICAL_DATUMS).

    ``label``: the translated label of the dialog (default "DEM vertical datum").
    """
    return QgsProcessingParameterEnum(
        name,
        label or tr("DEM vertical datum"),
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


# In the QGIS window the plugin sets this: offer(module) -> True once it has installed the module
# (it asks the user, in the main thread only). None in qgis_process and scripts.
_install_offer = None


def set_install_offer(offer):
    """Set (or with None clear) the plugin's offer to install a missing module on first use."""
    global _install_offer
    _install_offer = offer


def _importable(module):
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def onnxruntime_install_plan():
    """Return core.dependencies' plan for this QGIS: its profile's folder and wheel folders."""
    from qgis.core import QgsApplication, QgsSettings

    from ..core import dependencies

    setting = QgsSettings().value(dependencies.WHEELS_SETTING, "") or ""
    return dependencies.install_plan(QgsApplication.qgisSettingsDirPath(),
                                     dependencies.wheel_sources(setting=str(setting)))


def onnxruntime_problem(tr):
    """Return the message for a missing onnxruntime: the menu entry, else the exact command.

    The command installs the pinned onnxruntime into the plugin's folder of this QGIS profile
    (the folder SAR Height adds to Python's path when it loads), on a line of its own.
    """
    plan = onnxruntime_install_plan()
    message = tr(
        "The Python module 'onnxruntime' is missing. In the QGIS window, the menu entry "
        "Raster > SAR Height > Install onnxruntime… installs it. Elsewhere (qgis_process, "
        "scripts), install it into the folder of your QGIS profile that SAR Height adds to "
        "Python's path, with this command:\n{0}\nThen start QGIS or qgis_process again."
    ).format(plan.command_text())
    if plan.problem == "no-pip":
        message += " " + tr(
            "This Python ({0}) has no pip: install pip first (Debian/Ubuntu: sudo apt install "
            "python3-pip).").format(plan.python)
    elif plan.problem == "no-python":
        message += " " + tr(
            "No Python interpreter of the version QGIS runs ({0}) was found: write its path "
            "instead of python3.").format(".".join(map(str, sys.version_info[:2])))
    return message


def dependency_problem(tr, extra_modules=()):
    """Return a message naming the missing Python module and how to install it, or ''.

    A missing onnxruntime is first offered for installation where the plugin set an offer
    (QGIS window); headless, the message gives the exact command for the plugin's folder.
    """
    for module in RUNTIME_MODULES + tuple(extra_modules):
        if _importable(module):
            continue
        if module in DEBIAN_PACKAGES:
            return tr(
                "The Python module '{0}' is missing. Install it (Debian/Ubuntu: "
                "sudo apt install {1}; elsewhere: python -m pip install {2}) and restart "
                "QGIS."
            ).format(module, DEBIAN_PACKAGES[module], module.split(".")[0])
        if module == "onnxruntime":
            if _install_offer is not None and _install_offer(module) and _importable(module):
                continue
            return onnxruntime_problem(tr)
        # Any other module without a distribution package: pip into QGIS' own Python.
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
        ).format(named(alg, key), extension)
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


def table_html(header, rows):
    """Return a table as HTML (cells escaped; numbers right-aligned)."""
    import html

    def cells(tag, row):
        return "".join('<{0}{1}>{2}</{0}>'.format(
            tag, "" if column == 0 else ' align="right"', html.escape(str(cell)))
            for column, cell in enumerate(row))

    body = "".join("<tr>{0}</tr>".format(cells("td", row)) for row in rows)
    return ('<table cellspacing="0" cellpadding="3" border="1"><tr>{0}</tr>{1}</table>'
            .format(cells("th", header), body))


def log_table(feedback, header, rows, lines):
    """Write a table into the run's log: an HTML table where the log takes one, else ``lines``.

    QGIS 3.36 and later take formatted messages (pushFormattedMessage: the HTML table, and
    ``lines`` for text logs). QGIS 3.22's log takes no HTML and shows a proportional font in
    which runs of spaces collapse, so no text table lines up there: ``lines`` should read
    without columns (one sentence per row), and are logged one by one.
    """
    if hasattr(feedback, "pushFormattedMessage"):
        feedback.pushFormattedMessage(table_html(header, rows), "\n".join(lines))
        return
    for line in lines:
        feedback.pushInfo(line)


def report_warning(feedback, message):
    """Relay a warning of core (a plausibility note, '' for none) as a non-fatal error."""
    if message:
        feedback.reportError(
            translate("SarHeightAlgorithm", "Warning: {0}").format(message), False)


def open_dem_and_geometry(alg, parameters, context, feedback):
    """Read DEM, DEM_VERTICAL_DATUM, GEOMETRY, SWATH, POLARISATION into core objects.

    Also ORBIT_FILE when the algorithm declares it; the log says which orbit is used.
    """
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
    orbit_file = orbit_file_path(alg, parameters, "ORBIT_FILE", context)
    try:
        dem = DemRaster(layer.source(), datum)
        feedback.pushInfo(
            translate("SarHeightAlgorithm", "DEM: {0} x {1} cells; {2}.").format(
                dem.width, dem.height, datum_note(alg, dem.info.note, "DEM_VERTICAL_DATUM")
            )
        )
        report_warning(feedback, dem.info.warning)
        swath, note = swath_covering_dem(path, dem, swath, polarisation)
        if note:
            feedback.pushInfo(note)
        geometry = open_geometry(path, swath, polarisation, orbit_file=orbit_file)
    except (DemError, ProductError) as exc:
        raise QgsProcessingException(datum_note(alg, str(exc), "DEM_VERTICAL_DATUM")) from exc
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
    if geometry.extra.get("orbit_note"):
        feedback.pushInfo(geometry.extra["orbit_note"])
    return dem, geometry


def open_geometry_for_raster(path, shape, role, feedback, orbit_file=None):
    """AcquisitionGeometry of the product at ``path`` that belongs to a raster of ``shape``.

    ``shape``: (lines, samples) of the raster; ``role``: translated name of the image for
    messages (e.g. "Reference"); ``orbit_file``: a Sentinel-1 EOF or None. The choice of swath
    is core.products.selection's; the log says which orbit is used.
    """
    from ..core.products.acquisition import ProductError
    from ..core.products.selection import geometry_for_raster

    if not path:
        raise QgsProcessingException(translate(
            "SarHeightAlgorithm", "{0}: no SAR product or geometry file given.").format(role))
    try:
        geometry, note = geometry_for_raster(path, shape, orbit_file)
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
    if geometry.extra.get("orbit_note"):
        feedback.pushInfo("{0}: {1}".format(role, geometry.extra["orbit_note"]))
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


def named(alg, key):
    """Return parameter ``key`` as messages name it: "'<label in the dialog>' (<KEY>)".

    The label for the dialog's user, the id for qgis_process and Python.
    """
    definition = alg.parameterDefinition(key)
    return _named(definition) if definition is not None else key


def datum_note(alg, text, key):
    """Return core's ``text`` naming the vertical-datum parameter ``key`` of this algorithm.

    core.dem's notes and messages say DEM_VERTICAL_DATUM whichever DEM they are about (the
    reference DEM of compare_dem, the prior DEM of estimate_height, ...).
    """
    return re.sub(r"\bDEM_VERTICAL_DATUM\b", lambda _match: named(alg, key), text or "")


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
