"""3-D stereo points -> DEM raster (plus confidence and count rasters).

Target grid: a CRS (WKT) and a north-up geotransform (x0, dx, 0, y1, 0, -dy) with its size;
by default the local UTM zone of the points at a given spacing, covering their extent. A point
falls in the cell that contains it (no splatting: with several points per cell the DEM is
their local statistic, with fewer there are holes, which is honest about coverage).

Per cell:
- height: the weighted mean of the points' heights (``method="mean"``), or their weighted
  median (``"median"``, robust to wrong matches);
- confidence: the mean weight of the points (the matcher's confidence);
- count: the number of points; std: their weighted standard deviation (m).

Memory: ``"mean"`` accumulates four float64 grids, whatever the number of points (feed it
patch by patch); ``"median"`` keeps (cell, height, weight) of every point until ``result()``
(20 bytes per point). Heights are whatever the points hold (ellipsoidal metres from
core.stereo.pipeline).
"""
import math
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
osr.UseExceptions()

METHODS = ("mean", "median")
_NODATA = -9999.0


@dataclass
class GridSpec:
    """A north-up raster grid: CRS, geotransform, size (cells)."""

    crs_wkt: str
    geotransform: tuple
    width: int
    height: int

    @property
    def shape(self):
        """(height, width) in cells, the shape of an array on this grid."""
        return self.height, self.width


@dataclass
class GriddedDem:
    """Rasters (height, width) float64 on ``grid``: NaN where no point fell (count 0)."""

    grid: GridSpec
    height_m: np.ndarray
    confidence: np.ndarray
    count: np.ndarray  # int64
    std_m: np.ndarray

    @property
    def coverage(self):
        """Share of the grid's cells with a height."""
        return float(np.isfinite(self.height_m).mean())


def _wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def utm_wkt(lat_deg, lon_deg):
    """WKT of the WGS84 UTM zone containing (lat, lon)."""
    zone = int(min(60, max(1, math.floor((lon_deg + 180.0) / 6.0) + 1)))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG((32600 if lat_deg >= 0 else 32700) + zone)
    return srs.ExportToWkt()


def _to_grid_crs(crs_wkt):
    dst = osr.SpatialReference(wkt=crs_wkt)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(_wgs84(), dst)


def project(lat_deg, lon_deg, crs_wkt):
    """Map coordinates (x, y) of points in ``crs_wkt``."""
    lat, lon = np.ravel(lat_deg), np.ravel(lon_deg)
    if lat.size == 0:
        return np.zeros(0), np.zeros(0)
    xy = np.asarray(_to_grid_crs(crs_wkt).TransformPoints(np.column_stack([lon, lat])))
    return xy[:, 0], xy[:, 1]


def grid_around(lat_deg, lon_deg, spacing_m, crs_wkt=None):
    """GridSpec of ``spacing_m`` cells covering the points (default CRS: their UTM zone).

    The origin is a multiple of the spacing, so grids of different runs nest.
    """
    lat, lon = np.ravel(lat_deg), np.ravel(lon_deg)
    if lat.size == 0:
        raise ValueError("no points to grid")
    crs_wkt = crs_wkt or utm_wkt(float(np.median(lat)), float(np.median(lon)))
    x, y = project(lat, lon, crs_wkt)
    x0 = math.floor(x.min() / spacing_m) * spacing_m
    y1 = math.ceil(y.max() / spacing_m) * spacing_m
    width = int(math.floor((x.max() - x0) / spacing_m)) + 1
    height = int(math.floor((y1 - y.min()) / spacing_m)) + 1
    return GridSpec(crs_wkt, (x0, spacing_m, 0.0, y1, 0.0, -spacing_m), width, height)


class DemAccumulator:
    """Adds points batch by batch; ``result()`` gives the GriddedDem."""

    def __init__(self, grid, method="mean"):
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {method!r}")
        if grid.geotransform[2] != 0 or grid.geotransform[4] != 0:
            raise ValueError("the target grid must be north-up (no rotation)")
        self.grid, self.method = grid, method
        self._transform = _to_grid_crs(grid.crs_wkt)
        n = grid.width * grid.height
        self._sum_w, self._sum_wh, self._sum_whh, self._count = (np.zeros(n) for _ in range(4))
        self._kept = []  # median: (cell, height, weight) per batch

    def cells(self, lat_deg, lon_deg):
        """Flat cell index of each point, -1 outside the grid."""
        lat, lon = np.ravel(lat_deg), np.ravel(lon_deg)
        if lat.size == 0:
            return np.zeros(0, dtype=np.int64)
        xy = np.asarray(self._transform.TransformPoints(np.column_stack([lon, lat])))
        x0, dx, _, y1, _, dy = self.grid.geotransform
        col = np.floor((xy[:, 0] - x0) / dx)
        row = np.floor((xy[:, 1] - y1) / dy)
        inside = (col >= 0) & (col < self.grid.width) & (row >= 0) & (row < self.grid.height)
        return np.where(inside, row * self.grid.width + col, -1).astype(np.int64)

    def add(self, lat_deg, lon_deg, height_m, weight=None):
        """Add points (1-D arrays; weight default 1). Non-finite ones are ignored."""
        height = np.ravel(np.asarray(height_m, dtype=np.float64))
        w = np.ones(height.shape) if weight is None else np.ravel(
            np.broadcast_to(np.asarray(weight, dtype=np.float64), height.shape))
        cell = self.cells(lat_deg, lon_deg)
        keep = (cell >= 0) & np.isfinite(height) & np.isfinite(w) & (w > 0)
        cell, height, w = cell[keep], height[keep], w[keep]
        n = self._count.size
        self._count += np.bincount(cell, minlength=n)
        self._sum_w += np.bincount(cell, w, minlength=n)
        self._sum_wh += np.bincount(cell, w * height, minlength=n)
        self._sum_whh += np.bincount(cell, w * height * height, minlength=n)
        if self.method == "median":
            self._kept.append((cell, height.astype(np.float32), w.astype(np.float32)))

    def add_points(self, points):
        """Add a core.stereo.pipeline.StereoPoints (weights = its confidence)."""
        self.add(points.lat_deg, points.lon_deg, points.height_m, points.weight)

    def result(self):
        """Return the GriddedDem of the points added so far.

        Height: weighted mean or weighted median (``method``); confidence: mean weight;
        std_m: weighted standard deviation of the heights (m); NaN where no point fell.
        """
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = self._sum_wh / self._sum_w
            variance = np.maximum(self._sum_whh / self._sum_w - mean * mean, 0.0)
            confidence = self._sum_w / self._count
        height = self._weighted_median() if self.method == "median" else mean
        shape = self.grid.shape
        return GriddedDem(self.grid, height.reshape(shape), confidence.reshape(shape),
                          self._count.astype(np.int64).reshape(shape),
                          np.sqrt(variance).reshape(shape))

    def _weighted_median(self):
        """Per cell: the height where the cumulative weight reaches half the cell's total."""
        out = np.full(self._count.size, np.nan)
        if not self._kept:
            return out
        cell, height, w = (np.concatenate(a) for a in zip(*self._kept))
        order = np.lexsort((height, cell))
        cell, height, w = cell[order], height[order].astype(np.float64), w[order]
        cumulative = np.cumsum(w.astype(np.float64))
        starts = np.searchsorted(cell, cell, side="left")
        before = np.where(starts > 0, cumulative[np.maximum(starts - 1, 0)], 0.0)
        within = cumulative - before  # cumulative weight inside the cell
        total = self._sum_w[cell]
        first_half = within >= 0.5 * total - 1e-9 * total
        # the first entry of each cell reaching half its weight
        candidate = np.where(first_half, np.arange(cell.size), cell.size)
        first = np.minimum.reduceat(candidate, np.unique(starts))
        out[cell[first]] = height[first]
        return out


def grid_points(points, grid=None, spacing_m=None, method="mean"):
    """GriddedDem of StereoPoints (or an iterable of them, consumed batch by batch).

    ``grid``: GridSpec; else ``grid_around`` the points at ``spacing_m`` (needs all points in
    one StereoPoints).
    """
    batches = [points] if hasattr(points, "height_m") else points
    if grid is None:
        if not hasattr(points, "height_m"):
            raise ValueError("give a grid to grid an iterable of point batches")
        if spacing_m is None:
            raise ValueError("give a grid or a spacing_m")
        grid = grid_around(points.lat_deg, points.lon_deg, spacing_m)
    accumulator = DemAccumulator(grid, method)
    for batch in batches:
        accumulator.add_points(batch)
    return accumulator.result()


def write_gridded(path, gridded):
    """GeoTIFF with four float32 bands: height (m), confidence, count, std (m); nodata -9999."""
    grid = gridded.grid
    ds = gdal.GetDriverByName("GTiff").Create(str(path), grid.width, grid.height, 4,
                                              gdal.GDT_Float32, options=["COMPRESS=DEFLATE"])
    ds.SetGeoTransform(grid.geotransform)
    ds.SetProjection(grid.crs_wkt)
    names = ("height_m", "confidence", "count", "std_m")
    for i, (name, values) in enumerate(zip(names, (gridded.height_m, gridded.confidence,
                                                   gridded.count, gridded.std_m)), start=1):
        band = ds.GetRasterBand(i)
        band.SetDescription(name)
        band.SetNoDataValue(_NODATA)
        data = np.asarray(values, dtype=np.float64)
        band.WriteArray(np.where(np.isfinite(data), data, _NODATA).astype(np.float32))
    ds = None
