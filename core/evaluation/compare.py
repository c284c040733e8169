"""Compare an estimated DEM with a reference DEM, streaming over the reference in row strips.

error = estimate - reference, in metres, both converted to WGS84 ellipsoidal heights first
(``core.dem.DemRaster``; when both share a geoid the undulations cancel, they are applied anyway).
The estimate is resampled onto the reference grid (any CRS) with GDAL's warper, bilinear, one
strip at a time into an in-memory dataset, so memory is bounded by the strip size. Where the
estimate is finer than the reference, GDAL widens the bilinear kernel to the reference cell
(anti-aliasing): a reference cell is compared with the estimate's local mean, not with a point
sample that could fall on a single noisy cell. Estimate values outside the Earth's height
range (core.plausibility: -32768 or -9999 markers without a nodata tag, spikes, infinities)
count as voids, as in ``core.dem``. The optional
class mask must lie on the reference grid or on the estimate's grid (where simulate_sar writes
its layover/shadow mask); in the second case it is warped nearest-neighbour to the reference
grid. The error raster (float32 GeoTIFF, NaN nodata, reference grid) is written under a hidden
temporary name next to its target and renamed only on success: a failure or a cancel leaves
nothing behind.

Strips are the tasks of a core.blocks.BlockPlan (``compare_strip``: read, warp, difference),
computed by ``workers`` threads and consumed in plan order: the statistics are accumulated and
the error raster written strip by strip from the top, so both are the same for any number of
workers.
"""
import copy
import math
import os
import threading
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
from osgeo import gdal, osr

from ..blocks import BlockPlan, BlockTask, check_workers, read_lock, run_plan
from ..dem import DATUM_FROM_FILE, DemError, DemRaster
from ..output_commit import OutputError, OutputSet
from ..plausibility import plausible_heights
from ..progress import OptionalProgress
from .statistics import ALL, NO_CLASS, ErrorStatistics, class_names

gdal.UseExceptions()
osr.UseExceptions()

DEFAULT_BLOCK_ROWS = 256
MAX_BLOCK_CELLS = 1 << 22  # cells per strip at most (~4 M: a few hundred MB of temporaries)
ERROR_OPTIONS = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE",
                 "PREDICTOR=3", "BIGTIFF=IF_SAFER"]
DISPLAY_BARS = 80


class EvaluationError(ValueError):
    """The DEMs cannot be compared (no overlap, all nodata, mask on an unrelated grid, ...)."""


class EvaluationCancelled(RuntimeError):
    """The progress callback asked to stop; no output file was left behind."""


@dataclass
class EvaluationResult:
    """Statistics of one comparison.

    ``overall``: stats dict of all compared cells (keys ``statistics.STAT_KEYS``).
    ``classes``: class name -> stats dict, in class-value order, without "all".
    ``class_values``: class name -> mask value. ``histogram``: (edges, counts) of the errors
    for display; ``histogram_half_width``: its half range in metres.
    """

    overall: dict[str, Any]
    classes: dict[str, dict[str, Any]]
    class_values: dict[str, int]
    reference_path: str
    estimate_path: str
    mask_path: Optional[str] = None
    error_path: Optional[str] = None
    reference_size: tuple[int, int] = (0, 0)
    reference_datum_note: str = ""
    estimate_datum_note: str = ""
    mask_note: str = ""
    histogram: Optional[tuple[np.ndarray, np.ndarray]] = field(default=None, repr=False)
    histogram_half_width: float = math.nan
    notes: list[str] = field(default_factory=list)

    def table(self) -> list[tuple[str, dict[str, Any]]]:
        """Rows [name, stats] for "all" then each class."""
        return [(ALL, self.overall)] + list(self.classes.items())


# -- grids ----------------------------------------------------------------------------------------
def _horizontal_srs(wkt):
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    if srs.IsCompound():
        srs.StripVertical()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _crs_label(srs):
    """Return a label for a CRS: "EPSG:32632" when it has an authority code, else its name.

    The GEOGCS code only names a geographic CRS: a projected CRS without a code of its own (a
    local transverse Mercator) has its datum's EPSG:4326 there, which is not its code. A CRS
    named "unknown" is labelled by its PROJ definition.
    """
    key = "PROJCS" if srs.IsProjected() else "GEOGCS" if srs.IsGeographic() else None
    name, code = srs.GetAuthorityName(key), srs.GetAuthorityCode(key)
    if name and code:
        return f"{name}:{code}"
    label = srs.GetName()
    if label and label.lower() != "unknown":
        return label
    try:  # a CRS built from a PROJ string is named "unknown": its definition says more
        return srs.ExportToProj4().strip() or "unknown CRS"
    except RuntimeError:
        return "unknown CRS"


@dataclass
class _Grid:
    width: int
    height: int
    geotransform: tuple
    srs: osr.SpatialReference
    wkt: str  # of ``srs``, for the warps of every thread (an OSR object is not shared)

    @classmethod
    def of(cls, dataset):
        srs = _horizontal_srs(dataset.GetProjection())
        return cls(dataset.RasterXSize, dataset.RasterYSize, dataset.GetGeoTransform(), srs,
                   srs.ExportToWkt())

    def same_as(self, other):
        if (self.width, self.height) != (other.width, other.height):
            return False
        a, b = np.asarray(self.geotransform), np.asarray(other.geotransform)
        pixel = max(abs(a[1]), abs(a[2]), abs(a[4]), abs(a[5]))
        # origins within 1/1000 pixel, pixel vectors within 1e-6 relative
        if np.max(np.abs(a[[0, 3]] - b[[0, 3]])) > 1e-3 * pixel:
            return False
        if np.max(np.abs(a[[1, 2, 4, 5]] - b[[1, 2, 4, 5]])) > 1e-6 * pixel:
            return False
        return bool(self.srs.IsSame(other.srs))

    def describe(self):
        return f"{self.width}×{self.height}, {_crs_label(self.srs)}"

    def strip_geotransform(self, yoff):
        gt = self.geotransform
        return (gt[0] + yoff * gt[2], gt[1], gt[2], gt[3] + yoff * gt[5], gt[4], gt[5])


def _first_band(dataset):
    """``dataset`` itself, or an in-memory VRT of its band 1 when it has several bands."""
    if dataset.RasterCount == 1:
        return dataset
    return gdal.Translate("", dataset, format="VRT", bandList=[1])


def _warp_strip(source, source_wkt, grid, yoff, rows, resample, source_nodata):
    """Warp single-band ``source`` onto rows [yoff, yoff+rows) of ``grid``; float64, NaN outside."""
    target = gdal.GetDriverByName("MEM").Create("", grid.width, rows, 1, gdal.GDT_Float64)
    target.SetGeoTransform(grid.strip_geotransform(yoff))
    target.SetProjection(grid.wkt)
    band = target.GetRasterBand(1)
    band.SetNoDataValue(math.nan)
    band.Fill(math.nan)
    options = gdal.WarpOptions(
        srcSRS=source_wkt, dstSRS=grid.wkt,
        resampleAlg=resample, srcNodata=source_nodata, dstNodata=math.nan,
        errorThreshold=0.0, warpOptions=["INIT_DEST=NO_DATA", "XSCALE=1", "YSCALE=1"])
    gdal.Warp(target, source, options=options)
    return band.ReadAsArray().astype(np.float64)


# -- mask -----------------------------------------------------------------------------------------
def _mask_grid(dataset, path):
    """Return the mask's _Grid; EvaluationError when the mask has no usable georeference.

    A mask without a georeference cannot be placed on either grid (GDAL gives it an identity
    geotransform and an empty CRS, on which OSR fails as corrupt data).
    """
    no_geotransform = dataset.GetGeoTransform(can_return_null=True) is None
    try:
        if no_geotransform or not dataset.GetProjection():
            raise RuntimeError("no georeference")
        return _Grid.of(dataset)
    except RuntimeError as exc:
        raise EvaluationError(
            f"The mask {os.path.basename(str(path))} has no usable georeference (CRS and "
            f"pixel grid: {exc}), so it cannot be placed on the reference or the estimate: "
            f"give a mask made on the reference or the estimate's grid that keeps its "
            f"georeference (e.g. simulate_sar's OUTPUT_MASK as written), or assign it the CRS "
            f"and extent of the grid it was made on (QGIS: Assign projection; GDAL: "
            f"gdal_translate -a_srs ... -a_ullr ...).") from exc


class _Mask:
    """Reads mask classes on the reference grid, strip by strip (NO_CLASS where none)."""

    def __init__(self, path, reference_grid, estimate_grid):
        self.path = str(path)
        try:
            self.dataset = gdal.Open(str(path))
        except RuntimeError as exc:
            raise EvaluationError(f"Cannot open the mask {path}: {exc}") from exc
        band = self.dataset.GetRasterBand(1)
        if band.DataType in (gdal.GDT_Float32, gdal.GDT_Float64, gdal.GDT_CFloat32,
                             gdal.GDT_CFloat64, gdal.GDT_CInt16, gdal.GDT_CInt32):
            raise EvaluationError(
                f"The mask {os.path.basename(str(path))} is a floating-point raster: give a "
                f"raster of integer classes (e.g. simulate_sar's OUTPUT_MASK).")
        self.nodata = band.GetNoDataValue()
        grid = _mask_grid(self.dataset, path)
        self.reference_grid = reference_grid
        if grid.same_as(reference_grid):
            self.on_reference = True
            self.note = "mask on the reference grid"
        elif grid.same_as(estimate_grid):
            self.on_reference = False
            self.note = "mask on the estimate's grid, warped nearest-neighbour to the reference"
        else:
            raise EvaluationError(
                f"The mask's grid ({grid.describe()}) matches neither the reference nor the "
                f"estimate: give the mask produced on the DEM grid (e.g. simulate_sar's "
                f"OUTPUT_MASK). Reference grid: {reference_grid.describe()}; estimate grid: "
                f"{estimate_grid.describe()}.")
        self.wkt = grid.wkt
        self.source = _first_band(self.dataset)

    def reopened(self):
        """Return a copy reading through GDAL datasets of its own (one per thread)."""
        mask = copy.copy(self)
        mask.dataset = gdal.Open(self.path)
        mask.source = _first_band(mask.dataset)
        return mask

    def read(self, yoff, rows):
        if self.on_reference:
            values = self.dataset.GetRasterBand(1).ReadAsArray(
                0, yoff, self.reference_grid.width, rows).astype(np.float64)
            if self.nodata is not None:
                values[values == self.nodata] = np.nan
        else:
            values = _warp_strip(self.source, self.wkt, self.reference_grid, yoff, rows,
                                 "near", self.nodata)
        classes = np.full(values.shape, NO_CLASS, dtype=np.int64)
        finite = np.isfinite(values)
        classes[finite] = values[finite].astype(np.int64)
        classes[finite & (classes < 0)] = NO_CLASS  # negative codes are not classes
        return classes


# -- output ---------------------------------------------------------------------------------------
class _ErrorRaster:
    """Float32 GeoTIFF of the errors, under a hidden temporary name (core.output_commit).

    ``commit`` renames it (or, with a shared ``output_set``, leaves that to the set's owner),
    ``discard`` deletes it. Raises core.output_commit.OutputError when it cannot be created.
    """

    def __init__(self, target, grid, output_set=None):
        self.target = os.path.abspath(str(target))
        self.own = output_set is None
        self.output_set = OutputSet() if output_set is None else output_set
        self.temporary = self.output_set.temporary(self.target)
        try:
            self.dataset = gdal.GetDriverByName("GTiff").Create(
                self.temporary, grid.width, grid.height, 1, gdal.GDT_Float32,
                options=ERROR_OPTIONS)
        except RuntimeError as exc:
            self.output_set.discard()
            raise OutputError(f"Cannot write {self.target}: {exc}") from exc
        self.dataset.SetGeoTransform(grid.geotransform)
        self.dataset.SetProjection(grid.wkt)
        band = self.dataset.GetRasterBand(1)
        band.SetNoDataValue(math.nan)
        band.SetDescription("estimate - reference (m, ellipsoidal heights)")
        band.SetUnitType("m")

    def write(self, errors, yoff):
        self.dataset.GetRasterBand(1).WriteArray(errors.astype(np.float32), 0, yoff)

    def commit(self, statistics):
        band = self.dataset.GetRasterBand(1)
        if math.isfinite(statistics.get("min", math.nan)):
            band.SetStatistics(statistics["min"], statistics["max"], statistics["bias"],
                               statistics["std"])
        self.dataset.FlushCache()
        self.dataset = band = None
        if self.own:
            self.output_set.commit()

    def discard(self):
        self.dataset = None
        self.output_set.discard()


# -- main -----------------------------------------------------------------------------------------
def _open_dem(path, datum, role):
    try:
        return DemRaster(path, datum)
    except DemError as exc:
        raise EvaluationError(f"{role}: {exc}") from exc


class _StripReader:
    """Reads the errors of one strip; one per run, shared by the threads of the run.

    A GDAL dataset (or an OSR object) must not be used by two threads at once: each thread
    warps from the estimate and the mask opened by that thread, and the DEMs' own reads
    (heights, coordinates, geoid) are taken under their core.blocks.read_lock.
    """

    def __init__(self, reference, estimate, mask_path):
        self.reference, self.estimate = reference, estimate
        self.reference_grid = _Grid.of(reference.dataset)
        self.estimate_grid = _Grid.of(estimate.dataset)
        self.mask = (_Mask(mask_path, self.reference_grid, self.estimate_grid) if mask_path
                     else None)
        self.resampling = estimate.resampling()
        self._opened = threading.local()  # per thread: (estimate band 1, _Mask or None)

    def _sources(self):
        opened = self._opened
        if not hasattr(opened, "sources"):
            opened.sources = (_first_band(gdal.Open(self.estimate.path)),
                              self.mask.reopened() if self.mask else None)
        return opened.sources

    def read(self, yoff, rows):
        """(errors (rows, width) float64 m, have_reference bool, classes at those cells or None)."""
        estimate_source, mask = self._sources()
        reference, estimate = self.reference, self.estimate
        with read_lock(reference):
            lon, lat, reference_h = reference.read_block(0, yoff, reference.width, rows)
        raw = _warp_strip(estimate_source, self.estimate_grid.wkt, self.reference_grid, yoff,
                          rows, self.resampling, estimate.info.nodata)
        raw[~plausible_heights(raw)] = np.nan  # void markers, spikes (core.plausibility)
        if np.isfinite(raw).any():
            with read_lock(estimate):
                raw += estimate.undulation(lon, lat)
        errors = raw - reference_h
        have_reference = np.isfinite(reference_h)
        classes = mask.read(yoff, rows)[have_reference] if mask else None
        return errors, have_reference, classes


def compare_strip(reader, yoff, rows):
    """Block task: ``reader.read(yoff, rows)`` (see _StripReader.read)."""
    return reader.read(yoff, rows)


def _strip_plan(reference, reader, block_rows):
    """BlockPlan of one compare_strip task per strip of the reference, top to bottom."""
    rows_per_strip = max(1, min(int(block_rows), MAX_BLOCK_CELLS // max(1, reference.width)))
    plan = BlockPlan()
    for _, yoff, _, rows in reference.windows(rows_per_strip):
        plan.add(BlockTask(compare_strip, (reader, yoff, rows), label=yoff))
    return plan


def _accumulate(plan, statistics, output, progress, workers):
    """Run the strip plan; add each strip to ``statistics`` and ``output`` in plan order."""
    with closing(run_plan(plan, workers)) as results:
        for number, (task, (errors, have_reference, classes)) in enumerate(results):
            statistics.add(errors[have_reference], classes)
            if output is not None:
                output.write(errors, task.label)
            if progress is not None and not progress((number + 1) / len(plan)):
                raise EvaluationCancelled("Cancelled by the user.")


def _check_compared(overall, estimate_path, reference_path):
    """Raise EvaluationError when no reference height or no estimate was compared."""
    if overall["count_reference"] == 0:
        raise EvaluationError(
            f"The reference DEM {os.path.basename(str(reference_path))} holds no valid "
            f"height (all nodata).")
    if overall["count"] == 0:
        raise EvaluationError(
            f"The estimate {os.path.basename(str(estimate_path))} has no valid height on "
            f"the reference grid: it is all nodata or does not overlap the reference.")


def compare_dems(estimate_path: str, reference_path: str, mask_path: Optional[str] = None,
                 estimate_datum: str = DATUM_FROM_FILE, reference_datum: str = DATUM_FROM_FILE,
                 error_path: Optional[str] = None, progress: OptionalProgress = None,
                 block_rows: int = DEFAULT_BLOCK_ROWS,
                 output_set: Optional[OutputSet] = None, workers: int = 1) -> EvaluationResult:
    """Statistics of ``estimate - reference`` on the reference grid; see the module docstring.

    ``estimate_datum`` / ``reference_datum``: one of ``core.dem.VERTICAL_DATUMS``.
    ``mask_path``: optional integer class raster on the reference or the estimate's grid.
    ``error_path``: optional float32 GeoTIFF of the errors (written only on success).
    ``progress(fraction) -> keep_going``: called per strip; False cancels
    (``EvaluationCancelled``, nothing written). Raises ``EvaluationError`` for unusable inputs
    and core.output_commit.OutputError when the error raster cannot be written.
    ``output_set``: an OutputSet the caller commits (with the report, after its last cancel
    check); None: the error raster is committed here. ``workers``: strips computed at once
    by threads (1: in this thread); the results do not depend on it.
    """
    workers = check_workers(workers)
    estimate = _open_dem(estimate_path, estimate_datum, "Estimate")
    reference = _open_dem(reference_path, reference_datum, "Reference")
    reader = _StripReader(reference, estimate, mask_path)  # the mask is checked here
    mask = reader.mask
    statistics = ErrorStatistics()
    output = (_ErrorRaster(error_path, reader.reference_grid, output_set) if error_path
              else None)
    try:
        _accumulate(_strip_plan(reference, reader, block_rows), statistics, output, progress,
                    workers)
        results = statistics.result()
        overall = results[ALL]
        _check_compared(overall, estimate_path, reference_path)
        if output is not None:
            output.commit(overall)
    except BaseException:
        if output is not None:
            output.discard()
        raise
    names = class_names(v for v in results if v != ALL)
    half_width = _display_half_width(statistics.overall, overall)
    notes = [warning for warning in (estimate.info.warning, reference.info.warning) if warning]
    if overall["out_of_range"]:
        notes.append(f"{overall['out_of_range']} errors lie beyond ±2000 m: they count in bias, "
                     f"RMSE and MAE but not in the median/NMAD histogram.")
    return EvaluationResult(
        overall=overall,
        classes={names[v]: results[v] for v in sorted(names)},
        class_values={names[v]: v for v in sorted(names)},
        reference_path=str(reference_path),
        estimate_path=str(estimate_path),
        mask_path=str(mask_path) if mask_path else None,
        error_path=output.target if output is not None else None,
        reference_size=(reference.width, reference.height),
        reference_datum_note=reference.info.note,
        estimate_datum_note=estimate.info.note,
        mask_note=mask.note if mask else "",
        histogram=statistics.overall.display_histogram(half_width, DISPLAY_BARS),
        histogram_half_width=half_width,
        notes=notes,
    )


def _display_half_width(accumulator, overall):
    """Return a readable symmetric histogram half-width (m): ~98 % of the errors, 1 to 2000 m."""
    q = accumulator.quantile_abs(0.98)
    if not math.isfinite(q):
        q = 1.0
    nice = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
    return float(next((v for v in nice if v >= q), 2000))
