"""Compare an estimated DEM with a reference DEM, streaming over the reference in row strips.

error = estimate - reference, in metres, both converted to WGS84 ellipsoidal heights first
(``core.dem.DemRaster``; when both share a geoid the undulations cancel, they are applied anyway).
The estimate is resampled onto the reference grid (any CRS) with GDAL's warper, bilinear, one
strip at a time into an in-memory dataset, so memory is bounded by the strip size. Where the
estimate is finer than the reference, GDAL widens the bilinear kernel to the reference cell
(anti-aliasing): a reference cell is compared with the estimate's local mean, not with a point
sample that could fall on a single noisy cell. Estimate values below -1000 m count as voids
(-32768 or -9999 markers without a nodata tag), as in ``core.dem``. The optional
class mask must lie on the reference grid or on the estimate's grid (where simulate_sar writes
its layover/shadow mask); in the second case it is warped nearest-neighbour to the reference
grid. The error raster (float32 GeoTIFF, NaN nodata, reference grid) is written under a hidden
temporary name next to its target and renamed only on success: a failure or a cancel leaves
nothing behind.
"""
import math
import os
import uuid
from dataclasses import dataclass, field

import numpy as np
from osgeo import gdal, osr

from ..dem import DATUM_FROM_FILE, DemError, DemRaster
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
    overall: dict
    classes: dict
    class_values: dict
    reference_path: str
    estimate_path: str
    mask_path: str = None
    error_path: str = None
    reference_size: tuple = (0, 0)
    reference_datum_note: str = ""
    estimate_datum_note: str = ""
    mask_note: str = ""
    histogram: tuple = field(default=None, repr=False)
    histogram_half_width: float = math.nan
    notes: list = field(default_factory=list)

    def table(self):
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
    for key in ("PROJCS", "GEOGCS", None):
        name = srs.GetAuthorityName(key)
        code = srs.GetAuthorityCode(key)
        if name and code:
            return f"{name}:{code}"
    return srs.GetName() or "unknown CRS"


@dataclass
class _Grid:
    width: int
    height: int
    geotransform: tuple
    srs: osr.SpatialReference

    @classmethod
    def of(cls, dataset):
        return cls(dataset.RasterXSize, dataset.RasterYSize, dataset.GetGeoTransform(),
                   _horizontal_srs(dataset.GetProjection()))

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


def _warp_strip(source, source_srs, grid, yoff, rows, resample, source_nodata):
    """Warp single-band ``source`` onto rows [yoff, yoff+rows) of ``grid``; float64, NaN outside."""
    target = gdal.GetDriverByName("MEM").Create("", grid.width, rows, 1, gdal.GDT_Float64)
    target.SetGeoTransform(grid.strip_geotransform(yoff))
    target.SetProjection(grid.srs.ExportToWkt())
    band = target.GetRasterBand(1)
    band.SetNoDataValue(math.nan)
    band.Fill(math.nan)
    options = gdal.WarpOptions(
        srcSRS=source_srs.ExportToWkt(), dstSRS=grid.srs.ExportToWkt(),
        resampleAlg=resample, srcNodata=source_nodata, dstNodata=math.nan,
        errorThreshold=0.0, warpOptions=["INIT_DEST=NO_DATA", "XSCALE=1", "YSCALE=1"])
    gdal.Warp(target, source, options=options)
    return band.ReadAsArray().astype(np.float64)


# -- mask -----------------------------------------------------------------------------------------
class _Mask:
    """Reads mask classes on the reference grid, strip by strip (NO_CLASS where none)."""

    def __init__(self, path, reference_grid, estimate_grid):
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
        grid = _Grid.of(self.dataset)
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
        self.srs = grid.srs
        self.source = _first_band(self.dataset)

    def read(self, yoff, rows):
        if self.on_reference:
            values = self.dataset.GetRasterBand(1).ReadAsArray(
                0, yoff, self.reference_grid.width, rows).astype(np.float64)
            if self.nodata is not None:
                values[values == self.nodata] = np.nan
        else:
            values = _warp_strip(self.source, self.srs, self.reference_grid, yoff, rows,
                                 "near", self.nodata)
        classes = np.full(values.shape, NO_CLASS, dtype=np.int64)
        finite = np.isfinite(values)
        classes[finite] = values[finite].astype(np.int64)
        classes[finite & (classes < 0)] = NO_CLASS  # negative codes are not classes
        return classes


# -- output ---------------------------------------------------------------------------------------
def _remove(path):
    for p in (path, path + ".aux.xml", path + ".ovr", path + ".msk"):
        try:
            os.remove(p)
        except FileNotFoundError:
            pass


class _ErrorRaster:
    """Float32 GeoTIFF under a hidden temporary name; ``commit`` renames, ``discard`` deletes."""

    def __init__(self, target, grid):
        self.target = os.path.abspath(str(target))
        folder, base = os.path.split(self.target)
        if not os.path.isdir(folder):
            raise EvaluationError(f"Cannot write {self.target}: the folder does not exist.")
        self.temporary = os.path.join(folder, f".{base}.{uuid.uuid4().hex[:8]}.partial.tif")
        try:
            self.dataset = gdal.GetDriverByName("GTiff").Create(
                self.temporary, grid.width, grid.height, 1, gdal.GDT_Float32,
                options=ERROR_OPTIONS)
        except RuntimeError as exc:
            raise EvaluationError(f"Cannot write {self.target}: {exc}") from exc
        self.dataset.SetGeoTransform(grid.geotransform)
        self.dataset.SetProjection(grid.srs.ExportToWkt())
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
        self.dataset = None
        _remove(self.target)
        os.replace(self.temporary, self.target)
        if os.path.exists(self.temporary + ".aux.xml"):
            os.replace(self.temporary + ".aux.xml", self.target + ".aux.xml")

    def discard(self):
        self.dataset = None
        _remove(self.temporary)


# -- main -----------------------------------------------------------------------------------------
def _open_dem(path, datum, role):
    try:
        return DemRaster(path, datum)
    except DemError as exc:
        raise EvaluationError(f"{role}: {exc}") from exc


def compare_dems(estimate_path, reference_path, mask_path=None,
                 estimate_datum=DATUM_FROM_FILE, reference_datum=DATUM_FROM_FILE,
                 error_path=None, progress=None, block_rows=DEFAULT_BLOCK_ROWS):
    """Statistics of ``estimate - reference`` on the reference grid; see the module docstring.

    ``estimate_datum`` / ``reference_datum``: one of ``core.dem.VERTICAL_DATUMS``.
    ``mask_path``: optional integer class raster on the reference or the estimate's grid.
    ``error_path``: optional float32 GeoTIFF of the errors (written only on success).
    ``progress(fraction) -> keep_going``: called per strip; False cancels
    (``EvaluationCancelled``, nothing written). Raises ``EvaluationError`` for unusable inputs.
    """
    estimate = _open_dem(estimate_path, estimate_datum, "Estimate")
    reference = _open_dem(reference_path, reference_datum, "Reference")
    reference_grid = _Grid.of(reference.dataset)
    estimate_grid = _Grid.of(estimate.dataset)
    mask = _Mask(mask_path, reference_grid, estimate_grid) if mask_path else None
    statistics = ErrorStatistics()
    rows_per_strip = max(1, min(int(block_rows), MAX_BLOCK_CELLS // max(1, reference.width)))
    output = _ErrorRaster(error_path, reference_grid) if error_path else None
    estimate_nodata = estimate.info.nodata
    estimate_source = _first_band(estimate.dataset)
    try:
        strips = list(reference.windows(rows_per_strip))
        for number, (_, yoff, width, rows) in enumerate(strips):
            lon, lat, reference_h = reference.read_block(0, yoff, width, rows)
            raw = _warp_strip(estimate_source, estimate_grid.srs, reference_grid, yoff, rows,
                              "bilinear", estimate_nodata)
            raw[raw < -1000.0] = np.nan  # void markers (-32768, -9999) without a nodata tag
            have_reference = np.isfinite(reference_h)
            if np.isfinite(raw).any():
                estimate_h = raw + estimate.undulation(lon, lat)
            else:
                estimate_h = raw
            errors = estimate_h - reference_h
            classes = mask.read(yoff, rows)[have_reference] if mask else None
            statistics.add(errors[have_reference], classes)
            if output is not None:
                output.write(errors, yoff)
            if progress is not None and not progress((number + 1) / len(strips)):
                raise EvaluationCancelled("Cancelled by the user.")
        results = statistics.result()
        overall = results[ALL]
        if overall["count_reference"] == 0:
            raise EvaluationError(
                f"The reference DEM {os.path.basename(str(reference_path))} holds no valid "
                f"height (all nodata).")
        if overall["count"] == 0:
            raise EvaluationError(
                f"The estimate {os.path.basename(str(estimate_path))} has no valid height on "
                f"the reference grid: it is all nodata or does not overlap the reference.")
        if output is not None:
            output.commit(overall)
    except BaseException:
        if output is not None:
            output.discard()
        raise
    names = class_names(v for v in results if v != ALL)
    half_width = _display_half_width(statistics.overall, overall)
    notes = []
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
    """A readable symmetric histogram range: covers ~98 % of the errors, at least 1 m."""
    q = accumulator.quantile_abs(0.98)
    if not math.isfinite(q):
        q = 1.0
    nice = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
    return float(next((v for v in nice if v >= q), 2000))
