"""The DEMs of a simulated stereo scene: a fine truth grid and its coarse block mean.

A window of a real DEM is resampled (GDAL cubic) to a square grid of spacing ``spacing_m`` in
a projected CRS: the DEM's own when it is projected (metres), else a local transverse
Mercator centred on the window. That grid is the *fine* DEM, the truth of the scene. The
*coarse* DEM is its ``coarse_factor`` x ``coarse_factor`` block mean on the nesting grid (a
coarse cell is void when any of its fine cells is), what a user without the truth would have
(as in training/height/data.py and core.reconstruction.synthetic.coarsen_dem).

Both are kept as arrays and as float32 GeoTIFFs in GDAL's in-memory file system
(``/vsimem/``), so that core.dem.DemRaster reads them like any DEM; heights are declared
ellipsoidal (the synthetic scene's convention: its heights are what the file holds).
"""
import math
import uuid
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, osr

from ..dem import DATUM_ELLIPSOID, DemRaster
from ..plausibility import plausible_heights
from ..raster_io import warp_to_grid

gdal.UseExceptions()
osr.UseExceptions()

_NODATA = -9999.0


@dataclass
class SceneDem:
    """Fine and coarse DEM grids of a scene (heights in m, NaN = void; row 0 is the north)."""

    fine_m: np.ndarray  # (rows, cols) float64
    coarse_m: np.ndarray  # (rows // factor, cols // factor) float64
    spacing_m: float  # fine cell size
    coarse_factor: int
    crs_wkt: str
    x0: float  # west edge (CRS metres)
    y1: float  # north edge
    fine_path: str  # /vsimem GeoTIFFs
    coarse_path: str

    @property
    def geotransform(self):
        """GDAL geotransform of the fine grid (north-up, metres of ``crs_wkt``)."""
        return (self.x0, self.spacing_m, 0.0, self.y1, 0.0, -self.spacing_m)

    @property
    def coarse_geotransform(self):
        """GDAL geotransform of the coarse grid (same origin, ``coarse_factor`` times the cell)."""
        g = self.spacing_m * self.coarse_factor
        return (self.x0, g, 0.0, self.y1, 0.0, -g)

    def open_fine(self):
        """Return a DemRaster (ellipsoidal heights) on the fine in-memory GeoTIFF."""
        return DemRaster(self.fine_path, DATUM_ELLIPSOID)

    def open_coarse(self):
        """Return a DemRaster (ellipsoidal heights) on the coarse in-memory GeoTIFF."""
        return DemRaster(self.coarse_path, DATUM_ELLIPSOID)

    def release(self):
        """Delete the in-memory GeoTIFFs (DemRasters opened on them must be gone)."""
        for path in (self.fine_path, self.coarse_path):
            try:
                gdal.Unlink(path)
            except RuntimeError:
                pass


def _local_tmerc_wkt(lon_deg, lat_deg):
    srs = osr.SpatialReference()
    srs.SetFromUserInput(f"+proj=tmerc +lat_0={lat_deg:.6f} +lon_0={lon_deg:.6f} +k=1 +x_0=0 "
                         "+y_0=0 +datum=WGS84 +units=m +no_defs")
    return srs.ExportToWkt()


def _scene_crs(ds):
    """WKT of the scene CRS and a transform from the source CRS to it (None: identical)."""
    src = osr.SpatialReference(wkt=ds.GetProjection())
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if src.IsProjected() and abs(src.GetLinearUnits() - 1.0) < 1e-12:
        return src.ExportToWkt(), None
    gt = ds.GetGeoTransform()
    lon0 = gt[0] + ds.RasterXSize / 2 * gt[1]
    lat0 = gt[3] + ds.RasterYSize / 2 * gt[5]
    if not src.IsGeographic():
        to_ll = osr.SpatialReference()
        to_ll.ImportFromEPSG(4326)
        to_ll.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        lon0, lat0, _ = osr.CoordinateTransformation(src, to_ll).TransformPoint(lon0, lat0)
    wkt = _local_tmerc_wkt(lon0, lat0)
    dst = osr.SpatialReference(wkt=wkt)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return wkt, osr.CoordinateTransformation(src, dst)


def _window_box(ds, window, transform):
    """(x_min, x_max, y_min, y_max) in the scene CRS inside a source pixel window."""
    xoff, yoff, xsize, ysize = window or (0, 0, ds.RasterXSize, ds.RasterYSize)
    gt = ds.GetGeoTransform()
    t = np.linspace(0.0, 1.0, 17)
    cols = np.concatenate([xoff + t * xsize, np.full(t.size, xoff + xsize),
                           xoff + t[::-1] * xsize, np.full(t.size, float(xoff))])
    rows = np.concatenate([np.full(t.size, float(yoff)), yoff + t * ysize,
                           np.full(t.size, yoff + ysize), yoff + t[::-1] * ysize])
    x = gt[0] + cols * gt[1] + rows * gt[2]
    y = gt[3] + cols * gt[4] + rows * gt[5]
    if transform is not None:
        xy = np.asarray(transform.TransformPoints(np.column_stack([x, y])))
        x, y = xy[:, 0], xy[:, 1]
    n = t.size  # inner box of the (possibly curved) outline: top, right, bottom, left edges
    return (float(x[3 * n:].max()), float(x[n:2 * n].min()), float(y[2 * n:3 * n].max()),
            float(y[:n].min()))


def _warp(source_path, wkt, x0, y1, cols, rows, spacing_m):
    z = warp_to_grid(source_path, wkt, x0, y1, cols, rows, spacing_m)
    z[~plausible_heights(z)] = np.nan  # voids, void markers, spikes (core.plausibility)
    return z


def block_mean(fine_m, factor):
    """Return the ``factor`` x ``factor`` block means of ``fine_m``.

    A block is void (NaN) where any of its fine cells is. The grid nests the fine one from the
    top-left corner (partial blocks at the right/bottom are dropped).
    """
    rows, cols = fine_m.shape[0] // factor, fine_m.shape[1] // factor
    blocks = fine_m[:rows * factor, :cols * factor].reshape(rows, factor, cols, factor)
    return blocks.mean(axis=(1, 3))


def _write_tif(path, heights_m, geotransform, wkt):
    ds = gdal.GetDriverByName("GTiff").Create(path, heights_m.shape[1], heights_m.shape[0], 1,
                                              gdal.GDT_Float32)
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(_NODATA)
    band.WriteArray(np.where(np.isfinite(heights_m), heights_m, _NODATA).astype(np.float32))
    ds = None


def make_scene_dem(source_path, spacing_m, window=None, scene_size_m=None, coarse_factor=3):
    """SceneDem over a window of the DEM at ``source_path``.

    ``window``: (xoff, yoff, xsize, ysize) in source DEM pixels (default: the whole DEM);
    ``scene_size_m``: when given, a square of that side (m) centred in the window (clipped to
    it). ``spacing_m``: fine grid spacing (m); ``coarse_factor``: fine cells per coarse cell
    side (the fine grid is cut to whole coarse cells, from its north-west corner).
    """
    ds = gdal.Open(str(source_path))
    wkt, transform = _scene_crs(ds)
    x_min, x_max, y_min, y_max = _window_box(ds, window, transform)
    if scene_size_m is not None:
        cx, cy, half = 0.5 * (x_min + x_max), 0.5 * (y_min + y_max), 0.5 * scene_size_m
        x_min, x_max = max(x_min, cx - half), min(x_max, cx + half)
        y_min, y_max = max(y_min, cy - half), min(y_max, cy + half)
    # whole coarse cells only: the coarse DEM then covers every fine cell
    cols = int(math.floor((x_max - x_min) / spacing_m)) // coarse_factor * coarse_factor
    rows = int(math.floor((y_max - y_min) / spacing_m)) // coarse_factor * coarse_factor
    if min(rows, cols) < 2 * coarse_factor:
        raise ValueError(f"the DEM window is too small for {spacing_m} m cells")
    fine = _warp(source_path, wkt, x_min, y_max, cols, rows, spacing_m)
    coarse = block_mean(fine, coarse_factor)
    stem = f"/vsimem/sar_height_stereo_{uuid.uuid4().hex}"
    scene = SceneDem(fine, coarse, float(spacing_m), int(coarse_factor), wkt, x_min, y_max,
                     f"{stem}_fine.tif", f"{stem}_coarse.tif")
    _write_tif(scene.fine_path, fine, scene.geotransform, wkt)
    _write_tif(scene.coarse_path, coarse, scene.coarse_geotransform, wkt)
    return scene
