"""GDAL side of the height estimation: SAR grid and dB values, DEM priors, the height GeoTIFF.

estimate_heights_to_file reads the SAR one tile row at a time (:class:`SarReader`) and takes
the priors as sparse PriorPoints, so its memory grows with the raster's width, not its area.
"""
import math
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np
from osgeo import gdal, osr

from ..dem import DemError, DemRaster
from ..errors import InferenceCancelled, InferenceError
from ..geometry.ellipsoid import WGS84_A, WGS84_E2
from ..output_commit import OutputSet
from ..plausibility import (
    DB_CEILING,
    band_units_verdict,
    estimated_height_bounds,
    implausible_heights,
)
from ..products.look import METADATA_LOOK_AZIMUTH, METADATA_LOOK_DIRECTION
from ..progress import OptionalProgress
from ..radiometry import INPUT_UNITS, to_intensity
from ..raster_io import COMPRESSED, TemporaryRasters
from .contract import LOOK_DIRECTIONS, MAX_PRIOR_DENSITY, PriorPoints, needs_mirror
from .priors import prior_lattice
from .tiling import TilePlan, predict_heights_in_strips, resolve_tiling

if TYPE_CHECKING:  # for the annotations only
    from .model import HeightModel

gdal.UseExceptions()
osr.UseExceptions()

READ_ROWS = 512  # rows per read of the SAR raster
WRITE_ROWS = 256  # = the output's tile height: whole tile rows are written at a time
LEVEL_SAMPLE_PIXELS = 1 << 22  # at most this many pixels (16 MB) for the SAR median
HEIGHT_DESCRIPTION = "height (m) in the height system of the priors"


class SarGrid:
    """Size, georeferencing and pixel spacing (metres) of a north-up raster."""

    def __init__(self, dataset):
        self.width, self.height = dataset.RasterXSize, dataset.RasterYSize
        self.geotransform = dataset.GetGeoTransform(can_return_null=True)
        self.crs_wkt = dataset.GetProjection()
        if self.geotransform is None or not self.crs_wkt:
            raise InferenceError("The SAR raster has no georeferencing (geotransform and CRS): "
                                 "give a map-geometry raster such as the output of Reconstruct "
                                 "layover backscatter.")
        if self.geotransform[2] or self.geotransform[4]:
            raise InferenceError("The SAR raster is rotated (its geotransform has rotation "
                                 "terms): warp it to a north-up grid first.")
        self.pixel_spacing_m = pixel_spacing_m(self.geotransform, self.crs_wkt,
                                               self.width, self.height)

    @property
    def shape(self):
        """(rows, columns) of the raster."""
        return self.height, self.width

    def bounds(self):
        """Return (x_min, y_min, x_max, y_max) of the raster's outer edges, in CRS units."""
        gt = self.geotransform
        xs = (gt[0], gt[0] + gt[1] * self.width)
        ys = (gt[3], gt[3] + gt[5] * self.height)
        return min(xs), min(ys), max(xs), max(ys)


def pixel_spacing_m(geotransform, crs_wkt, width, height):
    """(row spacing, column spacing) in metres at the raster centre.

    Geographic CRSs: degrees times the WGS84 meridian / parallel radius of curvature at the
    centre latitude. Projected CRSs: map units times the CRS's linear unit (no scale factor).
    """
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs_wkt)  # WKT, or anything else GDAL understands ("EPSG:4326")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    gt = geotransform
    dx, dy = math.hypot(gt[1], gt[4]), math.hypot(gt[2], gt[5])
    if srs.IsGeographic():
        lat = math.radians(gt[3] + gt[5] * height / 2.0 + gt[4] * width / 2.0)
        w = 1.0 - WGS84_E2 * math.sin(lat) ** 2
        meridian = WGS84_A * (1.0 - WGS84_E2) / w ** 1.5
        parallel = WGS84_A / math.sqrt(w) * math.cos(lat)
        return math.radians(dy) * meridian, math.radians(dx) * parallel
    unit = srs.GetLinearUnits() or 1.0
    return dy * unit, dx * unit


def open_sar(path, band=1):
    """(dataset, band) of the SAR raster; InferenceError when it cannot be used."""
    try:
        dataset = gdal.Open(str(path))
    except RuntimeError as exc:
        raise InferenceError(f"Cannot open the SAR raster {path}: {exc}") from exc
    if not 1 <= int(band) <= dataset.RasterCount:
        raise InferenceError(f"The SAR raster has {dataset.RasterCount} band(s); band {band} "
                             f"does not exist.")
    return dataset, dataset.GetRasterBand(int(band))


class SarReader:
    """Backscatter in dB (float32, NaN where missing) of one SAR band, read by rows.

    units: "intensity" (linear power), "amplitude" or "db". For linear inputs, values <= 0
    count as missing (see core.radiometry). Only the rows asked for are held.
    """

    def __init__(self, path, band=1, units="intensity"):
        if units not in INPUT_UNITS:
            raise InferenceError(f"Unknown input units {units!r}; use one of {INPUT_UNITS}.")
        self.path, self.units = path, units
        self.dataset, self.band = open_sar(path, band)
        self.grid = SarGrid(self.dataset)
        self.nodata = self.band.GetNoDataValue()

    def check_units(self):
        """Return warnings (list) about the values of a bounded sample of the band.

        Raise InferenceError when the values cannot be in the declared units
        (core.plausibility).
        """
        verdict = band_units_verdict(self.band, self.nodata, self.units, str(self.path))
        if verdict.problem:
            raise InferenceError(verdict.problem)
        return verdict.warnings

    def read_rows(self, row0, rows):
        """DB values of the rows [row0, row0 + rows), the whole width."""
        raw = self.band.ReadAsArray(0, int(row0), self.grid.width, int(rows))
        # drop the blocks GDAL cached for this read: over a whole pass the cache would fill
        # up to GDAL_CACHEMAX (5 % of RAM) with the image, which is read once per strip
        self.band.FlushCache()
        if self.units == "db":
            values = raw.astype(np.float64)
            missing = ~np.isfinite(values) | (values > DB_CEILING)  # as radiometry.to_intensity
            if self.nodata is not None and np.isfinite(self.nodata):
                missing |= values == self.nodata
            values[missing] = np.nan
        else:
            intensity = to_intensity(raw, self.units, self.nodata)
            with np.errstate(divide="ignore", invalid="ignore"):
                values = 10.0 * np.log10(intensity)
        return values.astype(np.float32)

    def median_db(self, sample_pixels=LEVEL_SAMPLE_PIXELS):
        """Median dB of the valid pixels, read in one pass of READ_ROWS blocks.

        Every row counts when the raster has at most ``sample_pixels`` pixels; otherwise
        evenly spaced rows holding about that many (the median is for a warning). Raises
        InferenceError when no pixel of the raster is valid.
        """
        every = max(1, -(-self.grid.width * self.grid.height // int(sample_pixels)))
        sample, valid = [], 0
        for row0 in range(0, self.grid.height, READ_ROWS):
            block = self.read_rows(row0, min(READ_ROWS, self.grid.height - row0))
            valid += int(np.isfinite(block).sum())
            picked = block[(-row0) % every::every]  # rows that are multiples of ``every``
            sample.append(picked[np.isfinite(picked)])
        if not valid:
            raise InferenceError(f"The SAR raster {self.path} has no valid pixel (all nodata, "
                                 f"zero or non-finite).")
        values = np.concatenate(sample)
        return float(np.median(values)) if values.size else float("nan")


def read_sar_db(path, band=1, units="intensity"):
    """(SarGrid, backscatter in dB as float32, NaN where missing) of one band, all of it.

    units: "intensity" (linear power), "amplitude" or "db". For linear inputs, values <= 0
    count as missing (see core.radiometry).
    """
    reader = SarReader(path, band, units)
    grid = reader.grid
    sar_db = np.empty(grid.shape, dtype=np.float32)
    for row0 in range(0, grid.height, READ_ROWS):
        rows = min(READ_ROWS, grid.height - row0)
        sar_db[row0:row0 + rows] = reader.read_rows(row0, rows)
    if not np.isfinite(sar_db).any():
        raise InferenceError(f"The SAR raster {path} has no valid pixel (all nodata, zero or "
                             f"non-finite).")
    return grid, sar_db


def raster_look(path):
    """Return (look direction "east"/"west", look azimuth in degrees) from the GDAL metadata.

    Either is None when the raster's metadata (written by core.reconstruction) lacks it.
    """
    dataset, _ = open_sar(path)
    direction = (dataset.GetMetadataItem(METADATA_LOOK_DIRECTION) or "").strip().lower()
    try:
        azimuth = float(dataset.GetMetadataItem(METADATA_LOOK_AZIMUTH))
    except (TypeError, ValueError):
        azimuth = None
    return (direction if direction in LOOK_DIRECTIONS else None), azimuth


def dem_prior_points(dem_path, vertical_datum, grid, prior_spacing_m, warn=None):
    """Return (PriorPoints, note): DEM heights (m above WGS84) sampled every prior_spacing_m.

    Lattice cells where the DEM has no data hold no prior.

    The DEM is resampled (bilinear, GDAL; nearest when it holds impossible heights, see
    DemRaster.resampling) onto the SAR grid into a temporary file on disk (not memory: it
    has the SAR raster's size), then read on the prior lattice
    (core.inference.priors.prior_lattice) one lattice row at a time and converted to
    ellipsoidal heights with the vertical datum resolved from the original DEM (core.dem).
    ``warn(message)``: told about impossible DEM heights (voids, counted).
    """
    try:
        original = DemRaster(dem_path, vertical_datum)
    except DemError as exc:
        raise InferenceError(str(exc)) from exc
    if original.info.warning and warn is not None:
        warn(original.info.warning)
    datum, note = original.info.vertical_datum, original.info.note
    nodata, resampling = original.info.nodata, original.resampling()
    original = None
    scratch = OutputSet()  # its naming lets the next run delete it after a kill
    warped_path = scratch.scratch("prior_dem")
    try:
        gdal.Warp(warped_path, str(dem_path), format="GTiff", outputType=gdal.GDT_Float32,
                  outputBounds=grid.bounds(), width=grid.width, height=grid.height,
                  dstSRS=grid.crs_wkt, resampleAlg=resampling,
                  srcNodata=nodata, dstNodata=float("nan"))
        warped = DemRaster(warped_path, datum)
        points = _lattice_points(warped, grid, prior_spacing_m)
        warped = None  # closed before its file is deleted
    except (RuntimeError, DemError) as exc:
        raise InferenceError(f"Cannot resample the prior DEM {dem_path} to the SAR grid: "
                             f"{exc}") from exc
    finally:
        scratch.discard()
    return points, note


def _lattice_points(warped, grid, prior_spacing_m):
    """PriorPoints of the warped DEM's heights on the prior lattice."""
    rows, cols = prior_lattice(grid.shape, grid.pixel_spacing_m, prior_spacing_m)
    found_rows, found_cols, found_heights = [], [], []
    for row in rows:
        _, _, heights = warped.read_block(0, int(row), grid.width, 1)
        found_rows.append(np.full(cols.size, row))
        found_cols.append(cols)
        found_heights.append(heights[0, cols])
    if not found_rows:
        return PriorPoints([], [], [], grid.shape)
    return PriorPoints(np.concatenate(found_rows), np.concatenate(found_cols),
                       np.concatenate(found_heights), grid.shape)


def dem_priors_on_grid(dem_path, vertical_datum, grid, prior_spacing_m):
    """(priors, note): :func:`dem_prior_points` as a prior raster (NaN without a prior)."""
    points, note = dem_prior_points(dem_path, vertical_datum, grid, prior_spacing_m)
    return points.block(0, grid.height), note


class HeightWriter:
    """The float32 height GeoTIFF, written in bands through a hidden temporary file.

    ``write(row0, heights)`` takes bands in row order; whole 256-row tile rows are written
    at once (each compressed tile written once). ``commit`` renames the temporary onto the
    target (or, with a shared ``output_set``, leaves that to the set's owner); ``discard``
    deletes it. Raises core.output_commit.OutputError when the file cannot be created.
    """

    def __init__(self, path, grid, output_set=None, description=HEIGHT_DESCRIPTION):
        self.files = TemporaryRasters(output_set)
        dataset = self.files.create("height", path, grid.width, grid.height, 1,
                                    gdal.GDT_Float32, COMPRESSED)
        dataset.SetGeoTransform(grid.geotransform)
        dataset.SetProjection(grid.crs_wkt)
        band = dataset.GetRasterBand(1)
        band.SetNoDataValue(float("nan"))
        band.SetDescription(description)
        band.SetUnitType("m")
        self.band, self.height = band, grid.height
        self.pending, self.pending_row0 = [], 0
        self.minimum, self.maximum, self.valid = np.inf, -np.inf, 0

    def write(self, row0, heights):
        """Take the band of heights (m) starting at ``row0``; bands must come in row order.

        Also keeps the running minimum, maximum and count of finite heights.
        """
        finite = heights[np.isfinite(heights)]
        if finite.size:
            self.minimum = min(self.minimum, float(finite.min()))
            self.maximum = max(self.maximum, float(finite.max()))
            self.valid += int(finite.size)
        self.pending.append(heights)
        end = row0 + heights.shape[0]
        if end - self.pending_row0 >= WRITE_ROWS or end >= self.height:
            self._flush(end if end >= self.height else end // WRITE_ROWS * WRITE_ROWS)

    def _flush(self, end):
        block = np.concatenate(self.pending)
        count = end - self.pending_row0
        self.band.WriteArray(block[:count], 0, self.pending_row0)
        self.band.FlushCache()
        self.pending = [block[count:]] if count < block.shape[0] else []
        self.pending_row0 = end

    def commit(self):
        """Rename the temporary onto the target (or leave that to a shared output set)."""
        self.band = None
        self.files.commit()

    def discard(self):
        """Delete the temporary file."""
        self.band = None
        self.files.discard()


def estimate_heights_to_file(model: "HeightModel", grid: "SarGrid",
                             sar_db: "Union[SarReader, np.ndarray]",
                             priors: Union[PriorPoints, np.ndarray], path: str,
                             tile_size: Optional[int] = None, overlap: Optional[int] = None,
                             batch_size: int = 4, progress: OptionalProgress = None,
                             look_direction: Optional[str] = None,
                             output_set: Optional[OutputSet] = None) -> dict[str, Any]:
    """Predict heights in strips and stream them into the GeoTIFF ``path``.

    Runs :func:`~core.inference.tiling.predict_heights_in_strips`. sar_db: a
    :class:`SarReader` (read one tile row at a time: memory grows with the raster's width,
    not its area) or an array of dB values. priors: PriorPoints or a prior raster.
    ``look_direction`` ("east"/"west"; None: the model's own): a raster that looks the other
    way than the model was trained on is mirrored left-right for the network (each strip, and
    the priors' columns) and its heights mirrored back. Returns a dict summary: tiles,
    tile_rows, tile_cols, overlap, valid (pixels), minimum and maximum (height, m),
    mirrored. Heights outside core.plausibility.estimated_height_bounds of the priors
    (garbage of a model run outside its training domain) stop the run with an InferenceError
    naming the likely causes. On any error or cancellation the partial file is deleted and
    the exception propagates. ``output_set``: an OutputSet the caller commits (after its last
    cancel check); None: committed here.
    """
    meta = model.metadata
    tile_size, overlap = resolve_tiling(meta, tile_size, overlap)
    plan = TilePlan(grid.shape, tile_size, overlap, int(meta["stride"]))
    mirror = look_direction is not None and needs_mirror(meta, look_direction)
    read_rows = _row_reader(sar_db, mirror)
    points = priors if isinstance(priors, PriorPoints) else PriorPoints.from_raster(priors)
    if points.shape != grid.shape:
        raise InferenceError(f"The priors' raster {points.shape} is not the SAR grid "
                             f"{grid.shape}.")
    if mirror:
        points = points.mirrored()
    bounds = estimated_height_bounds(points.heights, meta["height_scale_m"])
    writer = HeightWriter(path, grid, output_set)

    def write(row0, heights):
        count, lowest, highest = implausible_heights(heights, bounds)
        if count:  # raised before the band is written: the discard below removes the file
            raise InferenceError(implausible_output_message(
                (count, lowest, highest), bounds, points, grid, meta))
        writer.write(row0, heights[:, ::-1] if mirror else heights)

    try:
        predict_heights_in_strips(model, read_rows, points, grid.pixel_spacing_m, tile_size,
                                  overlap, batch_size, progress, write)
        if progress is not None and not progress(1.0):  # cancelled after the last batch
            raise InferenceCancelled("Height estimation cancelled.")
        writer.commit()
    except BaseException:
        writer.discard()
        raise
    return {"tiles": len(plan), "tile_rows": plan.tile_rows, "tile_cols": plan.tile_cols,
            "overlap": overlap, "valid": writer.valid, "minimum": writer.minimum,
            "maximum": writer.maximum, "mirrored": mirror}


def implausible_output_message(found, bounds, points, grid, meta):
    """Return the message saying why heights outside ``bounds`` (m) stop the run.

    ``found``: (count, lowest, highest) of those heights. The message lists the inputs the
    model was not trained for as likely causes, those whose numbers are off named first.
    """
    count, lowest, highest = found
    dy, dx = grid.pixel_spacing_m
    low, high = meta["pixel_spacing_range_m"]
    density = len(points) / float(grid.width * grid.height)
    causes = [
        (not (low <= dy <= high and low <= dx <= high),
         f"the pixel spacing, {dy:.1f} x {dx:.1f} m, where the model was trained on {low:g} "
         f"to {high:g} m (resample the SAR image to about {meta['pixel_spacing_m']:g} m)"),
        (density > MAX_PRIOR_DENSITY,
         f"the prior density, {100.0 * density:.3g} % of the pixels ({len(points)} priors), "
         f"where the model was trained with at most {100.0 * MAX_PRIOR_DENSITY:g} %"),
        (False, f"the calibration: the model expects sigma0 backscatter around "
                f"{meta['sar_db_mean']:.1f} dB (check INPUT_UNITS and that the image is "
                f"calibrated)"),
    ]
    ordered = [text for off, text in causes if off] + [text for off, text in causes if not off]
    priors = (f"{points.heights.min():.0f} to {points.heights.max():.0f} m" if len(points)
              else "none")
    return (f"The height model produced {count} heights from {lowest:.4g} to {highest:.4g} m, "
            f"outside the {bounds[0]:.0f} to {bounds[1]:.0f} m that the priors ({priors}) and "
            f"the model can justify: the input lies outside what the model was trained on. "
            f"No output was written. Likely causes: " + "; ".join(ordered) + ".")


def _row_reader(sar_db, mirror):
    """read_rows(row0, rows) of a SarReader or an array, mirrored left-right if asked."""
    if hasattr(sar_db, "read_rows"):
        read = sar_db.read_rows
    else:
        array = np.asarray(sar_db)

        def read(row0, rows):
            return array[row0:row0 + rows]

    if not mirror:
        return read
    return lambda row0, rows: read(row0, rows)[:, ::-1]
