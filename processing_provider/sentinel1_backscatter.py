"""sarheight:sentinel1_backscatter — calibrated Sentinel-1 backscatter of a SAFE, radar geometry.

Also the product's own SAR image of reconstruct_layover and stereo_radargrammetry when no
image is given (``own_measurement_image``): sigma0 of the full product raster (burst-stacked
for TOPS SLC, as the product's geometry maps it), written block by block to a temporary
GeoTIFF in the Processing temporary folder. The science is
core.products.sentinel1_backscatter's (and core.products.sentinel1_merge's for SWATH ALL or
MERGED: all swaths of a TOPS SLC on one grid); here are the parameters, the streaming write
(whole 256-line tile rows, so memory stays a few blocks whatever the scene size) and the
messages.
"""
import os
import shutil
import time
from contextlib import contextmanager
from types import SimpleNamespace

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.constants import DECIBEL, LINEAR
from .base import SarHeightAlgorithm, make_progress, style_outputs_together
from .common import (
    add_advanced,
    check_at_start,
    geometry_file_parameter,
    orbit_file_parameter,
    orbit_file_path,
    precheck_problem,
    raster_path,
    report_warning,
    require_resources,
    translate,
)

# QUANTITY enum order (the index is what models and command lines store: new options go last)
QUANTITY_KEYS = ("sigma0", "beta0", "gamma0", "power")
TILE_ROWS = 256  # rows of a GeoTIFF tile (core.raster_io.TILE): written whole
BYTES_PER_BLOCK_PIXEL = 40  # core.products.sentinel1_backscatter: per full-resolution pixel
BASE_BYTES = 64 * 1024 * 1024


# -- streaming ---------------------------------------------------------------------------------
def _write_rows(dataset, rows, total, progress, to_db=False):
    """Write (first row, float32 block) pairs of whole rows to band 1; False when cancelled.

    Rows are gathered into whole tile rows before they are written (a compressed tile is then
    written once), so at most one tile row and one block are held. ``to_db``: write
    10 log10 of the values.
    """
    import numpy as np

    from ..core.raster_io import write_cells

    held, next_row = [], 0
    for first, block in rows:
        if to_db:
            with np.errstate(divide="ignore", invalid="ignore"):
                block = (10.0 * np.log10(block)).astype(np.float32)
        held.append(block)
        count = sum(len(b) for b in held)
        done = first + len(block)
        whole = count if done >= total else count // TILE_ROWS * TILE_ROWS
        if whole:
            stacked = np.concatenate(held) if len(held) > 1 else held[0]
            write_cells(dataset, [stacked[:whole]], 0, next_row)
            dataset.FlushCache()
            held = [stacked[whole:]] if whole < count else []
            next_row += whole
        if not progress(done / total):
            return False
    return True


def _product_rows(blocks, max_pixels):
    """Yield (first line, block) of the product raster at full resolution (bursts stacked)."""
    measurement = blocks.measurement
    step = max(1, int(max_pixels) // max(measurement.samples, 1))
    end = measurement.line0 + measurement.lines
    for line0 in range(measurement.line0, end, step):
        lines = min(step, end - line0)
        yield line0 - measurement.line0, blocks.read_product_lines(line0, lines)


def _output_rows(blocks):
    """Yield (first output line, block) of the calibrated, multilooked output raster."""
    for lines, block in blocks:
        yield lines.start, block


def _estimate(lines, samples, block_pixels, folder):
    """Return the core.resources.Estimate of streaming a float32 raster into ``folder``."""
    from ..core.resources import Estimate, with_margin

    rows = TILE_ROWS + max(1, block_pixels // max(samples, 1))
    memory = with_margin(BASE_BYTES + block_pixels * BYTES_PER_BLOCK_PIXEL
                         + 2 * rows * samples * 4)
    return Estimate(memory, {folder: int(lines) * int(samples) * 4})


# -- the product's own image for the other algorithms ------------------------------------------
def _entry(path, swath, polarisation):
    from ..core.products.sentinel1 import list_annotations, select_annotation

    return select_annotation(list_annotations(path), swath, polarisation)


def has_measurement(path, swath=None, polarisation=None):
    """Return True when ``path`` is a Sentinel-1 SAFE holding the measurement of the swath."""
    from ..core.products.acquisition import ProductError
    from ..core.products.reader import identify_product
    from ..core.products.sentinel1_measurement import find_measurement

    try:
        if identify_product(path)[0] != "sentinel1":
            return False
        find_measurement(path, _entry(path, swath, polarisation))
    except ProductError:
        return False
    return True


def _swath_problem(path, entry, sar_name):
    """Return why the measurement of ``entry`` cannot become sigma0, else ''."""
    from ..core.products.acquisition import ProductError
    from ..core.products.sentinel1_measurement import find_measurement, measurement_name
    from ..core.products.sentinel1_radiometry import has_companion

    try:
        find_measurement(path, entry)
    except ProductError:
        return translate(
            "SarHeightAlgorithm",
            "No SAR image is given in {0}, and the product {1} holds no measurement raster "
            "measurement/{2} of {3}/{4} to read instead. Give the SAR image or a complete SAFE "
            "with measurement/*.tiff (the .SAFE folder, its manifest.safe or the zip as "
            "downloaded).").format(sar_name, path, measurement_name(entry), entry.swath,
                                   entry.polarisation)
    if not has_companion(entry, "calibration"):
        return translate(
            "SarHeightAlgorithm",
            "No SAR image is given in {0}, and the product {1} lacks the calibration "
            "annotation annotation/calibration/calibration-{2} that turns its measurement "
            "into sigma0. Give the complete SAFE as downloaded (with annotation/calibration/), "
            "or give the SAR image, calibrated elsewhere.").format(
                sar_name, path, os.path.basename(entry.location))
    return ""


def own_measurement_problem(path, swath, polarisation, sar_name):
    """Return '' when the product at ``path`` can give its own SAR image, else the message.

    ``sar_name``: the SAR parameter left empty, as messages name it. With several swaths and
    none chosen, one swath that can is enough (the run decides which swath).
    """
    from ..core.products.acquisition import ProductError
    from ..core.products.reader import identify_product
    from ..core.products.sentinel1 import list_annotations, select_annotation

    not_safe = translate(
        "SarHeightAlgorithm",
        "No SAR image is given in {0}, and {1} is not a Sentinel-1 SAFE whose measurement "
        "could be read instead. Give the SAR image or a complete SAFE with "
        "measurement/*.tiff.").format(sar_name, path)
    if not path:
        return translate(
            "SarHeightAlgorithm",
            "No SAR image is given in {0}, and no product either: give the SAR image and its "
            "product, or a complete Sentinel-1 SAFE with measurement/*.tiff.").format(sar_name)
    try:
        if identify_product(path)[0] != "sentinel1":
            return not_safe
        entries = list_annotations(path)
        swaths = [swath] if swath else sorted({e.swath for e in entries})
        problems = [_swath_problem(path, select_annotation(entries, s, polarisation), sar_name)
                    for s in swaths]
    except ProductError as exc:
        return "{0}: {1}".format(sar_name, exc)
    return "" if not all(problems) else problems[0]


def _open_sigma0(path, swath, polarisation, feedback):
    """Open the product's sigma0 at full resolution; noise removed when it can be."""
    from ..core.products.acquisition import ProductError
    from ..core.products.sentinel1_backscatter import calibrated_backscatter_blocks
    from ..core.products.sentinel1_radiometry import has_companion

    try:
        entry = _entry(path, swath, polarisation)
        denoise = has_companion(entry, "noise")
        if not denoise:
            report_warning(feedback, translate(
                "SarHeightAlgorithm",
                "{0} has no noise annotation for {1}/{2}: its sigma0 keeps the thermal noise "
                "(dark areas come out brighter). The complete SAFE as downloaded has it."
            ).format(path, entry.swath, entry.polarisation))
        blocks = calibrated_backscatter_blocks(path, entry.swath, entry.polarisation,
                                               "sigma0", denoise=denoise, multilook=(1, 1))
    except ProductError as exc:
        raise QgsProcessingException(str(exc)) from exc
    return blocks


def _temporary_path(name):
    """Return a new path in the Processing temporary folder (a folder of its own)."""
    return QgsProcessingUtils.generateTempFilename(name)


def _remove_temporary(path):
    from ..core.output_commit import remove_with_sidecars

    remove_with_sidecars(path)
    folder = os.path.dirname(path)
    if os.path.isdir(folder) and not os.listdir(folder):
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def own_measurement_image(path, swath, polarisation, feedback, progress, role=""):
    """Yield the path of a temporary GeoTIFF of the product's sigma0 (None when cancelled).

    The product raster the geometry describes, full resolution, linear sigma0 (noise removed
    where the product has its noise annotation), NaN where nothing was measured; written in
    blocks into the Processing temporary folder, deleted when the block ends. ``role``: a
    prefix for the log ("Reference: ").
    """
    from osgeo import gdal

    from ..core.raster_io import SCRATCH
    from ..core.resources import check

    blocks = _open_sigma0(path, swath, polarisation, feedback)
    measurement = blocks.measurement
    lines, samples = measurement.lines, measurement.samples
    target = _temporary_path("sigma0_{0}_{1}.tif".format(measurement.raster.swath,
                                                         measurement.raster.polarisation))
    try:
        problem = check(_estimate(lines, samples, blocks.max_block_pixels,
                                  os.path.dirname(target)))
        if problem:
            raise QgsProcessingException(problem)
        start = time.perf_counter()
        try:
            dataset = gdal.GetDriverByName("GTiff").Create(target, samples, lines, 1,
                                                           gdal.GDT_Float32, options=SCRATCH)
            band = dataset.GetRasterBand(1)
            band.SetNoDataValue(float("nan"))
            band.SetDescription("sigma0 (linear)")
            finished = _write_rows(dataset, _product_rows(blocks, blocks.max_block_pixels),
                                   lines, progress)
            dataset = band = None
        except RuntimeError as exc:  # GDAL: disk full, folder not writable
            raise QgsProcessingException(translate(
                "SarHeightAlgorithm",
                "Cannot write the temporary image {0} ({1}): free disk space there or choose "
                "another temporary folder in the Processing settings.").format(target, exc)
            ) from exc
        blocks.close()
        if finished:
            feedback.pushInfo(translate(
                "SarHeightAlgorithm",
                "{0}SAR image: the product's own measurement {1}, calibrated to sigma0 "
                "({2}noise removed), {3} lines x {4} samples, in {5:.1f} s.").format(
                role, measurement.path, "" if blocks.denoised else "no ", lines, samples,
                time.perf_counter() - start))
        yield target if finished else None
    finally:
        dataset = band = None
        blocks.close()
        _remove_temporary(target)


def _merged_metadata(merged):
    """Return the metadata of a merged raster: source, swaths, seams and its radar grid."""
    from ..core.geometry.orbit import seconds_to_datetime

    grid = merged.grid
    return {
        "SAR_HEIGHT_SOURCE": merged.product,
        "SAR_HEIGHT_SWATHS": " ".join(merged.swaths),
        "SAR_HEIGHT_SEAMS_SLANT_RANGE_M": " ".join("{0:.3f}".format(r) for r in merged.seams_m),
        "SAR_HEIGHT_FIRST_LINE_TIME_UTC": str(seconds_to_datetime(grid.first_line_time_s,
                                                                  grid.epoch)),
        "SAR_HEIGHT_LINE_INTERVAL_S": repr(grid.line_interval_s),
        "SAR_HEIGHT_NEAR_SLANT_RANGE_M": repr(grid.near_slant_range_m),
        "SAR_HEIGHT_RANGE_SPACING_M": repr(grid.range_spacing_m),
    }


# -- the algorithm -------------------------------------------------------------------------------
class Sentinel1BackscatterAlgorithm(SarHeightAlgorithm):
    """sarheight:sentinel1_backscatter: calibrated Sentinel-1 backscatter in radar geometry.

    The user's help is resources/help/<language>/sentinel1_backscatter.html; the work is
    core.products.sentinel1_backscatter's.
    """

    PRODUCT = "PRODUCT"
    SWATH = "SWATH"
    POLARISATION = "POLARISATION"
    QUANTITY = "QUANTITY"
    NOISE_REMOVAL = "NOISE_REMOVAL"
    GROUND_PIXEL = "GROUND_PIXEL"
    ORBIT_FILE = "ORBIT_FILE"
    OUTPUT_DB = "OUTPUT_DB"
    OUTPUT = "OUTPUT"

    algorithm_id = "sentinel1_backscatter"
    display_name = QT_TRANSLATE_NOOP("Sentinel1BackscatterAlgorithm",
                                     "Sentinel-1 calibrated backscatter")
    group_id = "height"

    def initAlgorithm(self, config=None):
        """Declare the product, swath, polarisation, quantity, noise, pixel and the raster."""
        label = self.tr("Sentinel-1 product (.SAFE folder or its manifest.safe, .zip)")
        self.addParameter(geometry_file_parameter(self.PRODUCT, label, self.tr))
        self.addParameter(QgsProcessingParameterString(
            self.SWATH, self.tr("Swath (e.g. IW2, or ALL for all swaths merged; needed for "
                                "products with several swaths)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.POLARISATION, self.tr("Polarisation (e.g. VV; empty = co-polarisation)"),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.QUANTITY, self.tr("Quantity"),
            options=[self.tr("Sigma nought (σ⁰)"), self.tr("Beta nought (β⁰)"),
                     self.tr("Gamma (γ⁰)"),
                     self.tr("Uncalibrated power |DN|² (no calibration annotation needed)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.NOISE_REMOVAL, self.tr("Remove thermal noise"), defaultValue=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.GROUND_PIXEL, self.tr("Ground pixel of the output (m; sets the looks)"),
            QgsProcessingParameterNumber.Double, defaultValue=10.0, minValue=1.0,
            maxValue=1000.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OUTPUT_DB, self.tr("Write decibels (dB; else linear power)"), defaultValue=True))
        add_advanced(self, [orbit_file_parameter(self.ORBIT_FILE, self.tr)])
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Calibrated backscatter (radar geometry)")))

    def checkParameterValues(self, parameters, context):
        """Refuse missing Python modules and non-GeoTIFF outputs; then the base class's checks."""
        problem = precheck_problem(self, parameters, context, (self.OUTPUT,))
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def _blocks(self, parameters, context, feedback):
        """Open the product's backscatter blocks (core); QgsProcessingException on bad input.

        SWATH "ALL" or "MERGED" (any case): all swaths of a TOPS SLC merged
        (core.products.sentinel1_merge); a product of one raster (GRD, stripmap) is read as
        that raster, and the log says so.
        """
        from ..core.products.acquisition import ProductError
        from ..core.products.sentinel1_backscatter import calibrated_backscatter_blocks

        path = self.parameterAsFile(parameters, self.PRODUCT, context)
        if not path:
            raise QgsProcessingException(self.tr("No Sentinel-1 product given."))
        swath = self.parameterAsString(parameters, self.SWATH, context).strip() or None
        merge, swath = self._merge_wanted(path, swath, feedback)
        polarisation = self.parameterAsString(parameters, self.POLARISATION,
                                              context).strip() or None
        quantity = QUANTITY_KEYS[self.parameterAsEnum(parameters, self.QUANTITY, context)]
        denoise = self.parameterAsBoolean(parameters, self.NOISE_REMOVAL, context)
        if quantity == "power" and denoise:
            feedback.pushInfo(self.tr("Uncalibrated power: the thermal noise is not removed "
                                      "(that needs the calibration)."))
            denoise = False
        ground_pixel_m = self.parameterAsDouble(parameters, self.GROUND_PIXEL, context)
        try:
            if merge:
                return self._merged_blocks(path, polarisation, quantity, denoise,
                                           ground_pixel_m, parameters, context, feedback)
            self._log_geometry(path, swath, polarisation, parameters, context, feedback)
            return calibrated_backscatter_blocks(
                path, swath, polarisation, quantity, denoise=denoise,
                ground_pixel_m=ground_pixel_m)
        except ProductError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def _merge_wanted(self, path, swath, feedback):
        """Return (merge the swaths?, swath): ALL/MERGED of a one-raster product reads it."""
        from ..core.products.acquisition import ProductError
        from ..core.products.sentinel1 import list_annotations
        from ..core.products.sentinel1_merge import is_merge_request

        if not is_merge_request(swath):
            return False, swath
        try:
            entries = list_annotations(path)
        except ProductError as exc:
            raise QgsProcessingException(str(exc)) from exc
        if len({e.swath for e in entries}) > 1 and all(e.product_type == "SLC"
                                                       for e in entries):
            return True, None
        feedback.pushInfo(self.tr(
            "Swath {0}: {1} holds one raster ({2} {3}; ESA merges the swaths of GRD products "
            "already): writing that raster.").format(
                swath, path, entries[0].product_type, entries[0].swath))
        return False, None

    def _merged_blocks(self, path, polarisation, quantity, denoise, ground_pixel_m,
                       parameters, context, feedback):
        """Open all swaths of a TOPS SLC merged onto one grid; log the grid and the seams."""
        from ..core.geometry.orbit import seconds_to_datetime
        from ..core.products.reader import identify_product
        from ..core.products.sentinel1_merge import merged_backscatter_blocks

        if identify_product(path)[0] != "sentinel1":
            raise QgsProcessingException(self.tr(
                "{0} is not a Sentinel-1 product: give its .SAFE folder, its manifest.safe or "
                "the zip as downloaded.").format(path))
        merged = merged_backscatter_blocks(path, polarisation, quantity, denoise=denoise,
                                           ground_pixel_m=ground_pixel_m)
        try:
            for swath in merged.swaths:
                self._log_geometry(path, swath, merged.polarisation, parameters, context,
                                   feedback, orbit_note=swath == merged.swaths[0])
        except BaseException:
            merged.close()
            raise
        grid = merged.grid
        first = seconds_to_datetime(grid.first_line_time_s, grid.epoch)
        seams = ", ".join("{0:.1f}".format(float(grid.output_sample_of_range(r)))
                          for r in merged.seams_m)
        feedback.pushInfo(self.tr(
            "Swaths {0} ({1}) merged onto one grid: lines every {2:.6f} s from {3} UTC, "
            "samples every {4:.3f} m of slant range from two-way time {5:.9f} s; seams (middle "
            "of the swaths' overlap) at output samples {6}.").format(
                " + ".join(merged.swaths), merged.polarisation, grid.line_interval_s,
                str(first)[:26], grid.range_spacing_m, float(grid.slant_range_time(0)), seams))
        return merged

    def _log_geometry(self, path, swath, polarisation, parameters, context, feedback,
                      orbit_note=True):
        """Open the geometry with the orbit file (checked: satellite, time span); log it."""
        from ..core.products.reader import identify_product, open_geometry

        if identify_product(path)[0] != "sentinel1":
            raise QgsProcessingException(self.tr(
                "{0} is not a Sentinel-1 product: give its .SAFE folder, its manifest.safe or "
                "the zip as downloaded.").format(path))
        geometry = open_geometry(path, swath, polarisation,
                                 orbit_file=orbit_file_path(self, parameters, self.ORBIT_FILE,
                                                            context))
        feedback.pushInfo(self.tr("Product: {0} {1} {2} {3}, {4} lines x {5} samples.").format(
            geometry.mission, geometry.product_type, geometry.swath, geometry.polarisation,
            geometry.lines, geometry.samples))
        if orbit_note and geometry.extra.get("orbit_note"):
            feedback.pushInfo(geometry.extra["orbit_note"])

    def processAlgorithm(self, parameters, context, feedback):
        """Write the calibrated backscatter block by block; return the path of the raster.

        The raster is float32 (NaN where nothing was measured) in the product's radar geometry
        (debursted and multilooked for TOPS SLC), with the annotation's tie points as GCPs in
        EPSG:4326. Returns {} when cancelled.
        """
        from osgeo import gdal

        from ..core.output_commit import OutputError
        from ..core.raster_io import COMPRESSED, TemporaryRasters, set_gcps

        check_at_start(self, parameters, context)
        blocks = self._blocks(parameters, context, feedback)
        output = raster_path(self, parameters, self.OUTPUT, context)
        to_db = self.parameterAsBoolean(parameters, self.OUTPUT_DB, context)
        grid = blocks.grid
        feedback.pushInfo(self.tr("Output: {0} lines x {1} samples, {2} x {3} looks "
                                  "(azimuth x range).").format(
            grid.lines, grid.samples, grid.azimuth_looks, grid.range_looks))
        for warning in blocks.warnings:
            report_warning(feedback, warning)
        require_resources(self, _estimate(grid.lines, grid.samples, blocks.max_block_pixels,
                                          os.path.dirname(os.path.abspath(output))), feedback)
        files = TemporaryRasters(self.output_set)
        try:
            dataset = files.create("backscatter", output, grid.samples, grid.lines, 1,
                                   gdal.GDT_Float32, COMPRESSED)
            self._describe(dataset, blocks, to_db)
            set_gcps(dataset, SimpleNamespace(gcps=blocks.output_gcps()))
            finished = _write_rows(dataset, _output_rows(blocks), grid.lines,
                                   make_progress(feedback), to_db)
            dataset = None
            files.commit()  # closes the file; the run's output set is committed by the base
        except OutputError as exc:
            files.discard()
            raise QgsProcessingException(str(exc)) from exc
        except BaseException:
            files.discard()
            raise
        finally:
            blocks.close()
        if not finished:
            feedback.pushInfo(self.tr("Cancelled: no output written."))
            return {}
        self._written, self._units = output, DECIBEL if to_db else LINEAR
        return {self.OUTPUT: output}

    def _describe(self, dataset, blocks, to_db):
        """Set the band's nodata (NaN), description and the metadata of what it holds."""
        band = dataset.GetRasterBand(1)
        band.SetNoDataValue(float("nan"))
        units = "dB" if to_db else "linear"
        band.SetDescription("{0} ({1})".format(blocks.quantity, units))
        grid = blocks.grid
        metadata = {
            "SAR_HEIGHT_QUANTITY": blocks.quantity,
            "SAR_HEIGHT_UNITS": units,
            "SAR_HEIGHT_NOISE_REMOVED": "yes" if blocks.denoised else "no",
            "SAR_HEIGHT_LOOKS": "{0} x {1}".format(grid.azimuth_looks, grid.range_looks),
        }
        if hasattr(blocks, "parts"):  # swaths merged (core.products.sentinel1_merge)
            metadata.update(_merged_metadata(blocks))
        else:
            metadata["SAR_HEIGHT_SOURCE"] = blocks.measurement.path
        dataset.SetMetadata(metadata)

    def postProcessAlgorithm(self, context, feedback):
        """Show the raster grey in dB (the bundled backscatter style)."""
        written = getattr(self, "_written", None)
        if written:
            style_outputs_together(context, [written], "sar_backscatter",
                                   getattr(self, "_units", LINEAR))
        return {}
