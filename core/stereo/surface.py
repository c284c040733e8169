"""Heights of a DEM at arbitrary (lat, lon), and radar rays intersected with it.

``DemSurface`` wraps a DemRaster (core.dem: ellipsoidal heights, any CRS) for the patch
prediction of stereo matching: it reads only the DEM window that a set of radar rays can reach
(memory bounded), interpolates heights bilinearly between cell centres, and runs the bisection
of core.geometry.range_doppler.rdr2geo_dem on it. Heights are metres above the WGS84
ellipsoid; latitudes and longitudes are degrees.
"""
import numpy as np
from osgeo import gdal, osr
from scipy import ndimage

from ..blocks import read_lock
from ..geometry.ellipsoid import ecef_to_geodetic, geodetic_to_ecef
from ..geometry.range_doppler import rdr2geo_dem

gdal.UseExceptions()
osr.UseExceptions()

_BOUNDS_STRIP_ROWS = 512  # rows per read when scanning the DEM for its height range
_GEOID_MARGIN_M = 50.0  # geoid variation beyond the footprint's corners (bounds are a bracket)
_PAD_CELLS = 2  # DEM cells read beyond the footprint of the rays
_ON_SURFACE_M = 1.0  # a bisection result farther than this from the DEM height is no solution


def _horizontal_srs(wkt):
    srs = osr.SpatialReference(wkt=wkt)
    if srs.IsCompound():
        srs.StripVertical()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


class DemSurface:
    """Bilinear ellipsoidal heights of a DemRaster at (lat, lon); blocks read on demand."""

    def __init__(self, dem):
        self.dem = dem
        wgs84 = osr.SpatialReference()
        wgs84.ImportFromEPSG(4326)
        wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self._to_map = osr.CoordinateTransformation(wgs84, _horizontal_srs(dem.info.crs_wkt))
        self._inverse_gt = gdal.InvGeoTransform(dem.info.geotransform)
        self._bounds = None

    def copy(self):
        """Return a DemSurface of the same DEM with a coordinate transformation of its own.

        One per thread: an OSR transformation must not be used by two threads at once (the
        DEM itself is read under its core.blocks.read_lock). The height bounds are shared.
        """
        other = DemSurface(self.dem)
        other._bounds = self._bounds
        return other

    def height_bounds_m(self):
        """(lowest, highest) ellipsoidal height of the whole DEM, padded for the geoid (m).

        Stored heights are scanned once in strips (no coordinate transforms); the geoid is
        evaluated at the footprint's corners and edge midpoints. A bracket, not a statistic.
        """
        if self._bounds is None:
            low, high = np.inf, -np.inf
            for xoff, yoff, xsize, ysize in self.dem.windows(_BOUNDS_STRIP_ROWS):
                raw = self.dem.read_raw(xoff, yoff, xsize, ysize)
                if np.isfinite(raw).any():
                    low, high = min(low, np.nanmin(raw)), max(high, np.nanmax(raw))
            if not np.isfinite(low):
                raise ValueError(f"the DEM {self.dem.path} holds no heights")
            lon, lat = self.dem.footprint_lonlat()
            undulation = self.dem.undulation(lon, lat)
            self._bounds = (float(low + undulation.min() - _GEOID_MARGIN_M),
                            float(high + undulation.max() + _GEOID_MARGIN_M))
        return self._bounds

    def cell_size_m(self):
        """Larger side (m) of the DEM cell at the raster's centre (ellipsoid distances)."""
        col = max(0, min(self.dem.width - 2, self.dem.width // 2))
        row = max(0, min(self.dem.height - 2, self.dem.height // 2))
        lon, lat = self.dem.lonlat(col, row, 2, 2)
        xyz = geodetic_to_ecef(lat, lon, np.zeros(lat.shape))
        return float(max(np.linalg.norm(xyz[0, 1] - xyz[0, 0]),
                         np.linalg.norm(xyz[1, 0] - xyz[0, 0])))

    def dem_pixel(self, lat_deg, lon_deg):
        """Fractional (row, col) of points in the DEM raster, cell centres at integers."""
        lat, lon = np.broadcast_arrays(np.asarray(lat_deg, dtype=np.float64),
                                       np.asarray(lon_deg, dtype=np.float64))
        pts = np.column_stack([lon.ravel(), lat.ravel()])
        xy = np.asarray(self._to_map.TransformPoints(pts))[:, :2] if pts.size else pts
        gt = self._inverse_gt
        col = gt[0] + gt[1] * xy[:, 0] + gt[2] * xy[:, 1] - 0.5
        row = gt[3] + gt[4] * xy[:, 0] + gt[5] * xy[:, 1] - 0.5
        return row.reshape(lat.shape), col.reshape(lat.shape)

    def block(self, lat_deg, lon_deg):
        """SurfaceBlock covering points (lat, lon) plus a margin, or None outside the DEM."""
        finite = np.isfinite(lat_deg) & np.isfinite(lon_deg)
        if not finite.any():
            return None
        row, col = self.dem_pixel(np.asarray(lat_deg)[finite], np.asarray(lon_deg)[finite])
        r0 = max(0, int(np.floor(row.min())) - _PAD_CELLS)
        c0 = max(0, int(np.floor(col.min())) - _PAD_CELLS)
        r1 = min(self.dem.height, int(np.ceil(row.max())) + _PAD_CELLS + 1)
        c1 = min(self.dem.width, int(np.ceil(col.max())) + _PAD_CELLS + 1)
        if r1 <= r0 or c1 <= c0:
            return None
        with read_lock(self.dem):  # other threads may read the same DEM
            _, _, heights = self.dem.read_block(c0, r0, c1 - c0, r1 - r0)
        return SurfaceBlock(self, r0, c0, heights)

    def solve(self, geometry, azimuth_time_s, slant_range_m):
        """Where the rays (t, R) of ``geometry`` meet the DEM surface: (ECEF (..., 3), on_dem).

        The DEM block reachable by the rays is read (footprint at the DEM's height bounds),
        then rdr2geo_dem bisects (to 1 cm along the range circle) on the surface *continued*:
        voids take the nearest cell's height and the DEM continues flat beyond its edges.
        ``on_dem`` is False where the solution lies on that continuation (off the DEM, in a
        void): a guess, not a ground point. In layover one of the solutions (see rdr2geo_dem).
        All NaN / False when the rays miss the DEM entirely.
        """
        t, rng = np.broadcast_arrays(np.asarray(azimuth_time_s, dtype=np.float64),
                                     np.asarray(slant_range_m, dtype=np.float64))
        low, high = self.height_bounds_m()
        ends = [geometry.rdr2geo(t, rng, np.full(t.shape, h)) for h in (low, high)]
        lat, lon, _ = ecef_to_geodetic(np.concatenate([e.reshape(-1, 3) for e in ends]))
        block = self.block(lat, lon)
        if block is None or not np.isfinite(block.heights_m).any():
            return np.full(t.shape + (3,), np.nan), np.zeros(t.shape, dtype=bool)
        local = (float(np.nanmin(block.heights_m)), float(np.nanmax(block.heights_m)))
        # NaN heights would read as "below" on either side of a gap and send the bracket the
        # wrong way: bisect on the continued surface.
        xyz = rdr2geo_dem(geometry.orbit, t, rng, block.continued_height_at, local,
                          geometry.look_side, geometry.wavelength_m, geometry.doppler_hz)
        lat, lon, h = ecef_to_geodetic(xyz)
        with np.errstate(invalid="ignore"):
            on_dem = np.abs(h - block.height_at(lat, lon)) <= _ON_SURFACE_M
        return xyz, on_dem

    def ground_points(self, geometry, azimuth_time_s, slant_range_m):
        """ECEF points (..., 3) where the rays meet the DEM; NaN off the DEM (see ``solve``)."""
        xyz, on_dem = self.solve(geometry, azimuth_time_s, slant_range_m)
        xyz[~on_dem] = np.nan
        return xyz


class SurfaceBlock:
    """A window of DEM heights (ellipsoidal m) starting at DEM cell (row0, col0)."""

    def __init__(self, surface, row0, col0, heights_m):
        self.surface, self.row0, self.col0, self.heights_m = surface, row0, col0, heights_m
        self._filled = None

    def continued_height_at(self, lat_deg, lon_deg):
        """Return the height (m) like height_at, but defined everywhere (for bisection).

        Voids take the nearest cell's height and the block continues flat beyond its edges.
        """
        if self._filled is None:
            void = ~np.isfinite(self.heights_m)
            if void.any():
                index = ndimage.distance_transform_edt(void, return_distances=False,
                                                       return_indices=True)
                self._filled = self.heights_m[tuple(index)]
            else:
                self._filled = self.heights_m
        row, col = self.surface.dem_pixel(lat_deg, lon_deg)
        coords = [np.clip(np.ravel(row) - self.row0, 0, self._filled.shape[0] - 1),
                  np.clip(np.ravel(col) - self.col0, 0, self._filled.shape[1] - 1)]
        values = ndimage.map_coordinates(self._filled, coords, order=1, mode="nearest")
        return values.reshape(np.shape(row))

    def height_at(self, lat_deg, lon_deg):
        """Return the bilinear height (m) at (lat, lon) between cell centres.

        The edge cell's height in its outer half (a DEM covers its cells' whole area); NaN
        beyond, or next to a void.
        """
        row, col = self.surface.dem_pixel(lat_deg, lon_deg)
        coords, outside = [], np.zeros(np.size(row), dtype=bool)
        for position, first, size in ((row, self.row0, self.heights_m.shape[0]),
                                      (col, self.col0, self.heights_m.shape[1])):
            local = np.ravel(position) - first
            outside |= ~((local >= -0.5) & (local <= size - 0.5))
            coords.append(np.clip(local, 0, size - 1))
        values = ndimage.map_coordinates(self.heights_m, coords, order=1, mode="nearest")
        values[outside] = np.nan
        return values.reshape(np.shape(row))
