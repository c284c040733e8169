"""Stereo radargrammetry from two radar-geometry rasters to DEM rasters.

This is what the Processing algorithm sarheight:stereo_radargrammetry runs.

- ``RadarImage``: one band of a radar-geometry raster, read in windows as intensity (a
  reader for core.stereo.pipeline: ``shape`` and ``read(line0, sample0, lines, samples)``).
- ``stereo_dem_to_files``: checks the pair (checks.check_pair), plans the output grid over
  the ground both images see, streams the points of iter_stereo_points patch by patch into a
  gridding.DemAccumulator (weighted mean; memory: the grid, not the points), and writes the
  height, confidence and count rasters through hidden temporaries renamed only at the end
  (an error or a cancellation leaves no file).

Output grid: north-up in ``crs_wkt`` (a projected CRS in metres; default the DEM's horizontal
CRS when it is projected, else the UTM zone of the scene), origin a multiple of the cell size,
cropped to the cells that received points. Coverage = cells with a height / cells whose
centre both images see (footprints at the mean terrain height).

Quality numbers (StereoSummary): points, patches, median and mean intersection angle,
residual RMS of the four range-Doppler equations, and the flat-earth height precision per
pixel of parallax error (core.stereo.parallax at the scene centre: one reference ground-range
pixel over |cot th1 -+ cot th2|).
"""
import math
from contextlib import closing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional, Union

import numpy as np
from osgeo import gdal, ogr, osr

from ..blocks import read_lock
from ..geometry.ellipsoid import ecef_to_geodetic, enu_basis
from ..output_commit import OutputSet
from ..plausibility import band_units_verdict
from ..progress import OptionalProgress
from ..radiometry import INPUT_UNITS, to_intensity
from .checks import StereoInputError, check_pair, footprint
from .gridding import DemAccumulator, GridSpec, utm_wkt
from .intersection import incidence_angle_deg
from .parallax import height_precision_m
from .patches import pixel_ground_size_m, plan_patches
from .pipeline import (
    DEFAULT_OVERLAP,
    DEFAULT_PATCH_SIZE,
    DenseMatch,
    StereoCancelled,
    iter_stereo_points,
)
from .surface import DemSurface

if TYPE_CHECKING:  # for the annotations only
    from ..dem import DemRaster
    from ..products.acquisition import AcquisitionGeometry

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

MAX_OUTPUT_CELLS = 50_000_000  # four float64 accumulators: 1.6 GB
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
_ANGLE_BIN_DEG = 0.01  # histogram of intersection angles (median without keeping points)
_HEIGHT_NODATA = np.nan
_COUNT_TYPE = (gdal.GDT_UInt32, np.uint32)
_TIFF = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE",
         "BIGTIFF=IF_SAFER"]
OUTPUT_NAMES = ("height", "confidence", "count")
_DESCRIPTIONS = {
    "height": "height above the WGS84 ellipsoid (m), weighted mean of the stereo points",
    "confidence": "mean matcher confidence of the stereo points (0-1)",
    "count": "number of stereo points in the cell",
}


# --------------------------------------------------------------------------------------------
# Input raster

class RadarImage:
    """One band of a radar-geometry raster as linear intensity (float32, NaN = no data).

    ``units``: "intensity", "amplitude" (squared) or "db" (core.radiometry); the
    band's nodata, non-finite values and, for linear units, values <= 0 are no data.
    """

    def __init__(self, path, band=1, units="intensity", name="SAR"):
        if units not in INPUT_UNITS:
            raise StereoInputError(f"unknown image units {units!r}; use one of {INPUT_UNITS}")
        try:
            self.dataset = gdal.Open(str(path))
        except RuntimeError as exc:
            raise StereoInputError(f"cannot open the {name} image {path}: {exc}") from exc
        if not 1 <= int(band) <= self.dataset.RasterCount:
            raise StereoInputError(f"the {name} image has {self.dataset.RasterCount} band(s); "
                                   f"band {band} does not exist")
        self.path, self.units = str(path), units
        self.band = self.dataset.GetRasterBand(int(band))
        self.nodata = self.band.GetNoDataValue()

    @property
    def shape(self):
        """(lines, samples) of the raster."""
        return self.dataset.RasterYSize, self.dataset.RasterXSize

    def check_units(self):
        """Return warnings (list) about the values of a bounded sample of the band.

        Raise StereoInputError when the values cannot be in the declared units
        (core.plausibility).
        """
        verdict = band_units_verdict(self.band, self.nodata, self.units, self.path)
        if verdict.problem:
            raise StereoInputError(verdict.problem)
        return verdict.warnings

    def read(self, line0, sample0, lines, samples):
        """Return a window as linear intensity, float32 (lines, samples), NaN = no data.

        Thread-safe: the band is read under the image's core.blocks.read_lock.
        """
        with read_lock(self):
            raw = self.band.ReadAsArray(int(sample0), int(line0), int(samples), int(lines))
        return to_intensity(raw, self.units, self.nodata).astype(np.float32)


# --------------------------------------------------------------------------------------------
# Geometry of the pair

def horizontal_wkt(crs_wkt):
    """WKT of the horizontal part of a CRS (the vertical part of a compound CRS dropped)."""
    srs = osr.SpatialReference(wkt=crs_wkt)
    if srs.IsCompound():
        srs.StripVertical()
    return srs.ExportToWkt()


def is_projected_in_metres(crs_wkt):
    """Return True when the horizontal part of the CRS is projected with metre units."""
    srs = osr.SpatialReference(wkt=crs_wkt)
    if srs.IsCompound():
        srs.StripVertical()
    return bool(srs.IsProjected()) and abs(srs.GetLinearUnits() - 1.0) < 1e-9


def _centre_point(geometry, height_m):
    t, rng = geometry.image_to_radar(np.array([0.5 * (geometry.lines - 1)]),
                                     np.array([0.5 * (geometry.samples - 1)]))
    return geometry.rdr2geo(t, rng, np.array([float(height_m)]))


def _ground_range_pixel_m(geometry, height_m):
    """Ground distance (m) between two neighbouring range samples at the image centre."""
    line, sample = 0.5 * (geometry.lines - 1), 0.5 * (geometry.samples - 1)
    t, rng = geometry.image_to_radar(np.array([line, line]), np.array([sample, sample + 1.0]))
    xyz = geometry.rdr2geo(t, rng, np.full(2, float(height_m)))
    return float(np.linalg.norm(xyz[1] - xyz[0]))


@dataclass
class PairGeometry:
    """Flat-earth description of the pair at the reference image's centre."""

    incidence_deg: tuple  # (reference, secondary), ellipsoid incidence
    same_side: bool  # both sensors on the same side of the scene
    ground_pixel_m: float  # reference ground-range pixel (m)
    height_per_pixel_m: float  # flat-earth height error of one pixel of parallax error (m)


def pair_geometry(reference, secondary, height_m):
    """PairGeometry at the reference image centre, on the ground at ``height_m``."""
    centre = _centre_point(reference, height_m)
    incidence = (float(incidence_angle_deg(reference, centre)[0]),
                 float(incidence_angle_deg(secondary, centre)[0]))
    t1, _ = reference.image_to_radar(np.array([0.5 * (reference.lines - 1)]), np.array([0.0]))
    s1 = reference.orbit.interpolate(t1)[0][0]
    t2, _, ok = secondary.geo2rdr(centre)
    s2 = secondary.orbit.interpolate(t2)[0][0]
    east, north, _ = enu_basis(*_lat_lon(centre[0]))
    horizontal = [np.array([np.dot(s - centre[0], east), np.dot(s - centre[0], north)])
                  for s in (s1, s2)]
    same_side = bool(np.dot(*horizontal) > 0) if ok[0] else True
    pixel = _ground_range_pixel_m(reference, height_m)
    sigma = float(height_precision_m(pixel, *incidence, same_side=same_side))
    return PairGeometry(incidence, same_side, pixel, sigma)


def _lat_lon(xyz):
    lat, lon, _ = ecef_to_geodetic(np.asarray(xyz, dtype=np.float64)[None])
    return float(lat[0]), float(lon[0])


def nice_spacing_m(value_m):
    """Return the smallest 1, 2, 2.5 or 5 x 10^k not below ``value_m``."""
    exponent = math.floor(math.log10(value_m))
    for step in NICE_STEPS + (10.0,):
        candidate = step * 10.0 ** exponent
        if candidate >= value_m * (1 - 1e-9):
            return candidate
    return 10.0 ** (exponent + 1)


def automatic_pixel_size_m(reference, height_m, match_step_px):
    """Return the output cell size (m) for matches every ``match_step_px`` reference pixels.

    1.5 times their ground spacing (at least two pixels), rounded up to a nice number, so that
    most cells receive a point.
    """
    ground = pixel_ground_size_m(reference, height_m)
    return nice_spacing_m(1.5 * max(float(match_step_px), 2.0) * ground)


# --------------------------------------------------------------------------------------------
# Output grid

def _to_crs(polygon_lonlat, crs_wkt):
    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference(wkt=crs_wkt)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    projected = polygon_lonlat.Clone()
    projected.Transform(osr.CoordinateTransformation(src, dst))
    return projected


def shared_footprint(reference, secondary, heights_m):
    """OGR polygon (lon, lat) of the ground both images see between the two heights."""
    return footprint(reference, heights_m).Intersection(footprint(secondary, heights_m))


def output_grid(reference, secondary, heights_m, spacing_m, crs_wkt,
                max_cells=MAX_OUTPUT_CELLS):
    """Return the GridSpec over the shared footprint at ``heights_m`` (low, high).

    Cells of ``spacing_m`` metres, origin a multiple of the spacing. Raise StereoInputError
    when the grid would have more than ``max_cells`` cells.
    """
    shared = _to_crs(shared_footprint(reference, secondary, heights_m), crs_wkt)
    x_min, x_max, y_min, y_max = shared.GetEnvelope()
    x0 = math.floor(x_min / spacing_m) * spacing_m
    y1 = math.ceil(y_max / spacing_m) * spacing_m
    width = max(1, int(math.ceil((x_max - x0) / spacing_m)))
    height = max(1, int(math.ceil((y1 - y_min) / spacing_m)))
    if width * height > max_cells:
        raise StereoInputError(
            f"the output grid would have {width} x {height} cells at {spacing_m:g} m, more than "
            f"{max_cells}: choose a larger output pixel size")
    return GridSpec(crs_wkt, (x0, spacing_m, 0.0, y1, 0.0, -spacing_m), width, height)


def footprint_mask(grid, polygon_lonlat):
    """Bool (height, width): cells whose centre lies inside the polygon (lon, lat)."""
    shape = _to_crs(polygon_lonlat, grid.crs_wkt)
    ds = gdal.GetDriverByName("MEM").Create("", grid.width, grid.height, 1, gdal.GDT_Byte)
    ds.SetGeoTransform(grid.geotransform)
    ds.SetProjection(grid.crs_wkt)
    memory = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = memory.CreateLayer("footprint", osr.SpatialReference(wkt=grid.crs_wkt))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(shape)
    layer.CreateFeature(feature)
    gdal.RasterizeLayer(ds, [1], layer, burn_values=[1])
    return ds.GetRasterBand(1).ReadAsArray().astype(bool)


def check_dem_covers(dem_surface, reference, secondary, heights_m):
    """Raise when the DEM lies wholly outside the ground both images see."""
    lon, lat = dem_surface.dem.footprint_lonlat()
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in zip(np.append(lon, lon[0]), np.append(lat, lat[0])):
        ring.AddPoint_2D(float(x), float(y))
    outline = ogr.Geometry(ogr.wkbPolygon)
    outline.AddGeometry(ring)
    if not outline.Intersects(shared_footprint(reference, secondary, heights_m)):
        raise StereoInputError(
            "the DEM does not cover the ground the two images show: give a DEM of that area, "
            "or none (then the constant height predicts where each patch lands)")


# --------------------------------------------------------------------------------------------
# Run

@dataclass
class StereoOptions:
    """Options of stereo_dem_to_files.

    patch_size, overlap: pipeline patches (pixels). pixel_size_m: output cells (0 =
    automatic_pixel_size_m with ``match_step_px``). crs_wkt: output CRS (None = the DEM's when
    projected in metres, else the UTM zone). height_m: constant ellipsoidal height when there
    is no DEM. lattice_step: of the prediction (None = automatic). workers: patches matched
    at once by threads (the outputs do not depend on it; see core.stereo.pipeline).
    """

    patch_size: int = DEFAULT_PATCH_SIZE
    overlap: int = DEFAULT_OVERLAP
    pixel_size_m: float = 0.0
    crs_wkt: str | None = None
    height_m: float = 0.0
    match_step_px: int = 8
    lattice_step: int | None = None
    workers: int = 1


@dataclass
class StereoSummary:
    """Quality numbers of a stereo_dem_to_files run, and the paths it wrote (``written``).

    Angles in degrees, lengths and heights in metres above the WGS84 ellipsoid; coverage is
    the fraction (0..1) of the cells both images see that received a height.
    """

    patches: int
    points: int
    grid: GridSpec
    pixel_size_m: float
    coverage: float  # 0..1
    cells_with_height: int
    median_angle_deg: float
    mean_angle_deg: float
    residual_rms_m: float
    height_sigma_per_m: float  # mean rigorous a-priori height sigma per metre of range error
    pair: PairGeometry
    height_range_m: tuple = (math.nan, math.nan)
    written: dict = field(default_factory=dict)

    def describe(self):
        """Return the summary as a list of sentences for the user's log."""
        pair = self.pair
        side = "same side" if pair.same_side else "opposite sides"
        lines = [
            f"Pair: incidence {pair.incidence_deg[0]:.1f}° (reference) and "
            f"{pair.incidence_deg[1]:.1f}° (secondary) at the scene centre, {side}; height "
            f"precision (flat earth) {pair.height_per_pixel_m:.2f} m per pixel of parallax "
            f"error ({pair.ground_pixel_m:.2f} m ground-range pixel).",
            f"{self.patches} patches, {self.points} 3-D points; intersection angle median "
            f"{self.median_angle_deg:.2f}°, mean {self.mean_angle_deg:.2f}°; residual RMS "
            f"{self.residual_rms_m:.3f} m.",
            f"Output grid {self.grid.width} x {self.grid.height} cells of "
            f"{self.pixel_size_m:g} m; {self.cells_with_height} cells with a height, coverage "
            f"{100.0 * self.coverage:.1f} % of the cells both images see; heights "
            f"{self.height_range_m[0]:.1f} to {self.height_range_m[1]:.1f} m above the WGS84 "
            f"ellipsoid.",
        ]
        return lines


class _Statistics:
    """Running sums and an angle histogram over all points (nothing kept per point)."""

    def __init__(self):
        self.points = 0
        self.angle_sum = self.residual_sq_sum = self.sigma_sum = 0.0
        self.angle_histogram = np.zeros(int(round(180.0 / _ANGLE_BIN_DEG)) + 1, dtype=np.int64)

    def add(self, points):
        self.points += len(points)
        angle = np.asarray(points.intersection_angle_deg, dtype=np.float64)
        self.angle_sum += float(angle.sum())
        self.residual_sq_sum += float(np.sum(np.square(points.residual_rms_m)))
        self.sigma_sum += float(np.sum(points.height_sigma_m))
        bins = np.clip(np.rint(angle / _ANGLE_BIN_DEG), 0, self.angle_histogram.size - 1)
        self.angle_histogram += np.bincount(bins.astype(np.int64),
                                            minlength=self.angle_histogram.size)

    def median_angle_deg(self):
        if not self.points:
            return math.nan
        cumulative = np.cumsum(self.angle_histogram)
        return float(np.searchsorted(cumulative, 0.5 * self.points) * _ANGLE_BIN_DEG)

    def mean(self, total):
        return total / self.points if self.points else math.nan


def _crop(gridded_arrays, grid, used):
    rows, cols = np.nonzero(used)
    r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    x0, dx, _, y1, _, dy = grid.geotransform
    cropped = GridSpec(grid.crs_wkt, (x0 + c0 * dx, dx, 0.0, y1 + r0 * dy, 0.0, dy),
                       int(c1 - c0), int(r1 - r0))
    return cropped, {k: v[r0:r1, c0:c1] for k, v in gridded_arrays.items()}


def write_outputs(outputs, grid, arrays, metadata=None, output_set=None):
    """Write the wanted outputs (name -> path or None) through temporaries; all or nothing.

    ``output_set``: a core.output_commit.OutputSet the caller commits; None: committed here.
    Raises core.output_commit.OutputError when an output cannot be written.
    """
    from ..raster_io import TemporaryRasters

    files = TemporaryRasters(output_set)
    try:
        for name, path in outputs.items():
            if not path:
                continue
            gdal_type, dtype = ((gdal.GDT_Float32, np.float32) if name != "count"
                                else _COUNT_TYPE)
            dataset = files.create(name, path, grid.width, grid.height, 1, gdal_type, _TIFF)
            dataset.SetGeoTransform(grid.geotransform)
            dataset.SetProjection(grid.crs_wkt)
            for key, value in (metadata or {}).items():
                dataset.SetMetadataItem(key, str(value))
            band = dataset.GetRasterBand(1)
            band.SetDescription(_DESCRIPTIONS[name])
            values = arrays[name]
            if name == "count":
                band.WriteArray(values.astype(dtype))
            else:
                band.SetNoDataValue(float(_HEIGHT_NODATA))
                band.WriteArray(values.astype(dtype))
            files.close(name)
        files.commit()
    except BaseException:
        files.discard()
        raise


def _default_crs(crs_wkt, surface, reference, height_m):
    if crs_wkt:
        return crs_wkt
    if surface is not None and is_projected_in_metres(surface.dem.info.crs_wkt):
        return horizontal_wkt(surface.dem.info.crs_wkt)
    lat, lon = _lat_lon(_centre_point(reference, height_m)[0])
    return utm_wkt(lat, lon)


def stereo_dem_to_files(reference: "AcquisitionGeometry",
                        reference_image: "Union[RadarImage, np.ndarray]",
                        secondary: "AcquisitionGeometry",
                        secondary_image: "Union[RadarImage, np.ndarray]",
                        matcher: Callable[[np.ndarray, np.ndarray], DenseMatch],
                        outputs: dict[str, Optional[str]],
                        dem: "Union[None, DemRaster, DemSurface]" = None,
                        options: "Optional[StereoOptions]" = None,
                        progress: OptionalProgress = None,
                        metadata: Optional[dict[str, str]] = None,
                        output_set: Optional[OutputSet] = None) -> "StereoSummary":
    """Match, intersect, grid and write; return a StereoSummary.

    ``reference``/``secondary``: AcquisitionGeometry; images: RadarImage (or arrays);
    ``matcher``: see core.stereo.pipeline. ``outputs``: {"height"|"confidence"|"count":
    path or None}. ``dem``: DemRaster or DemSurface (None: ``options.height_m``).
    ``progress(fraction) -> keep_going`` after every patch (fractions 0..1 of the matching);
    a false answer raises pipeline.StereoCancelled before any file is written (it is asked
    once more before the files are written). ``output_set``: a core.output_commit.OutputSet
    the caller commits; None: committed here.
    Raises StereoInputError with a message for the user (size mismatch, disjoint
    footprints, no parallax, DEM elsewhere, grid too large, no valid match) and
    core.output_commit.OutputError (an output cannot be written).
    """
    options = options or StereoOptions()
    surface = dem if dem is None or isinstance(dem, DemSurface) else DemSurface(dem)
    if surface is not None:
        try:
            heights = surface.height_bounds_m()
        except ValueError as exc:
            raise StereoInputError(str(exc)) from exc
        height_m = None
    else:
        heights = (float(options.height_m),) * 2
        height_m = float(options.height_m)
    mean_height = 0.5 * (heights[0] + heights[1])
    check_pair(reference, reference_image, secondary, secondary_image, heights)
    if surface is not None:
        check_dem_covers(surface, reference, secondary, heights)
    pair = pair_geometry(reference, secondary, mean_height)
    spacing = float(options.pixel_size_m) or automatic_pixel_size_m(
        reference, mean_height, options.match_step_px)
    crs_wkt = _default_crs(options.crs_wkt, surface, reference, mean_height)
    grid = output_grid(reference, secondary, heights, spacing, crs_wkt)
    accumulator = DemAccumulator(grid, "mean")
    statistics = _Statistics()
    patches = len(plan_patches(reference.lines, reference.samples, options.patch_size,
                               min(options.overlap, options.patch_size - 1)))
    with closing(iter_stereo_points(
            reference, reference_image, secondary, secondary_image, matcher, dem=surface,
            height_m=height_m, patch_size=options.patch_size, overlap=options.overlap,
            lattice_step=options.lattice_step, progress=progress,
            workers=options.workers)) as patches_points:
        for points in patches_points:  # in plan order: the sums do not depend on workers
            accumulator.add_points(points)
            statistics.add(points)
    gridded = accumulator.result()
    used = gridded.count > 0
    if statistics.points == 0 or not used.any():
        raise StereoInputError(
            f"no valid match: none of the {patches} patches gave a 3-D point the matcher "
            f"trusted. Check that both images show the same area in the declared units "
            f"(intensity, amplitude or dB), give a DEM (or a constant height) closer to the "
            f"terrain, or lower the minimum confidence")
    shared = shared_footprint(reference, secondary, (mean_height, mean_height))
    seen = footprint_mask(grid, shared)
    coverage = float((used & seen).sum() / max(int(seen.sum()), 1))
    arrays = {"height": gridded.height_m, "confidence": gridded.confidence,
              "count": gridded.count}
    out_grid, arrays = _crop(arrays, grid, used)
    height_range = (float(np.nanmin(arrays["height"])), float(np.nanmax(arrays["height"])))
    if progress is not None and not progress(1.0):  # cancelled while gridding
        raise StereoCancelled("stereo radargrammetry was cancelled")
    write_outputs(outputs, out_grid, arrays, metadata, output_set)
    return StereoSummary(
        patches=patches, points=statistics.points, grid=out_grid, pixel_size_m=spacing,
        coverage=coverage, cells_with_height=int(used.sum()),
        median_angle_deg=statistics.median_angle_deg(),
        mean_angle_deg=statistics.mean(statistics.angle_sum),
        residual_rms_m=math.sqrt(statistics.mean(statistics.residual_sq_sum)),
        height_sigma_per_m=statistics.mean(statistics.sigma_sum), pair=pair,
        height_range_m=height_range,
        written={name: path for name, path in outputs.items() if path})
