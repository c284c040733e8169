"""DEM access in blocks, with vertical datum conversion to WGS84 ellipsoidal heights.

Heights come out as float64 metres above the WGS84 ellipsoid, NaN where the DEM has no data.
Geoid undulations are evaluated with PROJ (through GDAL's osr) on a coarse lattice per block and
interpolated bilinearly: geoids vary over tens of kilometres, DEM cells over metres.
"""
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, osr

from .constants import (
    DATUM_EGM96,
    DATUM_EGM2008,
    DATUM_ELLIPSOID,
    DATUM_FROM_FILE,
    VERTICAL_DATUMS,
)
from .geometry.ellipsoid import geodetic_to_ecef
from .plausibility import HeightSurvey, plausible_heights

gdal.UseExceptions()
osr.UseExceptions()

_GEOID_EPSG = {DATUM_EGM96: 5773, DATUM_EGM2008: 3855}
# Undulation at a point where both geoids lie far from zero (Ötztal, Europe): a transform that
# returns ~0 there means PROJ lacks the grid and silently did nothing.
_PROBE_LON_LAT = (11.0, 47.0)
UNDULATION_LATTICE_DEG = 0.05
SURVEY_CELLS = 1 << 22  # cells per read when surveying the heights (32 MB as float64)


class DemError(ValueError):
    """The DEM cannot be used: wrong kind of raster, no CRS, missing geoid grid, ..."""


@dataclass
class DemInfo:
    """Size, georeferencing and vertical-datum decision of an opened DEM."""

    width: int
    height: int
    geotransform: tuple
    crs_wkt: str
    nodata: float
    vertical_datum: str  # the datum actually applied
    note: str  # human-readable decision, for the log
    warning: str = ""  # impossible heights treated as voids, counted ('' when none)


def _check_is_dem(ds, path):
    if ds.RasterCount < 1:
        raise DemError(f"{path} has no raster bands.")
    band = ds.GetRasterBand(1)
    colour = {gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand, gdal.GCI_PaletteIndex}
    if band.GetColorInterpretation() in colour or (
            ds.RasterCount >= 3 and band.DataType == gdal.GDT_Byte):
        raise DemError(f"{path} looks like a colour image (RGB/paletted 8-bit bands), not a "
                       f"DEM: give a single-band elevation raster in metres.")
    if not ds.GetProjection():
        raise DemError(f"{path} has no coordinate reference system: assign one (e.g. "
                       f"gdal_edit.py -a_srs) before using it as a DEM.")
    gt = ds.GetGeoTransform(can_return_null=True)
    if gt is None:
        raise DemError(f"{path} has no georeferencing (geotransform).")


def _declared_geoid(srs):
    """'egm96', 'egm2008', 'ellipsoid' (3-D CRS) or None when the file does not say."""
    if srs.IsCompound():
        vert = srs.GetAttrValue("VERT_CS") or ""
        name = vert.lower().replace(" ", "")
        if "egm96" in name:
            return DATUM_EGM96
        if "egm2008" in name or "egm08" in name:
            return DATUM_EGM2008
        return "unknown:" + vert
    if srs.GetAxesCount() == 3:
        return DATUM_ELLIPSOID
    return None


def _geoid_transform(datum):
    src = osr.SpatialReference()
    src.SetFromUserInput(f"EPSG:4326+{_GEOID_EPSG[datum]}")
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4979)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    _, _, probe = ct.TransformPoint(*_PROBE_LON_LAT, 0.0)
    if abs(probe) < 1.0:
        raise DemError(
            f"PROJ has no grid for the {datum.upper()} geoid (it would be ignored silently, "
            f"leaving heights tens of metres off). Install the grid (for EGM2008: "
            f"us_nga_egm08_25.tif into PROJ's data directory, e.g. from proj-data or "
            f"'projsync --file us_nga_egm08_25.tif'), or convert the DEM to ellipsoidal heights "
            f"and declare DEM_VERTICAL_DATUM = ellipsoid.")
    return ct


def resolve_vertical_datum(srs, requested):
    """Choose the datum to apply; returns (datum, note for the log)."""
    if requested not in VERTICAL_DATUMS:
        raise DemError(f"Unknown vertical datum {requested!r}; use one of {VERTICAL_DATUMS}.")
    declared = _declared_geoid(srs)
    if requested != DATUM_FROM_FILE:
        note = f"DEM heights declared as {requested.upper()} by the user"
        if declared and declared != requested:
            note += f" (the file itself says {declared})"
        return requested, note
    if declared is None:
        return DATUM_EGM96, ("the DEM does not state its vertical datum: assuming EGM96 geoid "
                             "heights (the SRTM convention); set DEM_VERTICAL_DATUM if wrong")
    if declared.startswith("unknown:"):
        raise DemError(f"The DEM's vertical datum '{declared[8:]}' is not supported: convert it "
                       f"to EGM96, EGM2008 or ellipsoidal heights, or declare the datum.")
    return declared, f"vertical datum {declared.upper()} read from the DEM's CRS"


def _nodata_cells(stored, nodata):
    """Return a mask of the cells equal to ``nodata``, compared in the band's own type.

    The comparison uses the stored type because a float32 band's nodata 3.4e38 is not the
    float64 number its metadata holds.
    """
    if np.issubdtype(stored.dtype, np.floating):
        with np.errstate(over="ignore"):
            return stored == stored.dtype.type(nodata)
    limits = np.iinfo(stored.dtype)
    if not (np.isfinite(nodata) and nodata == int(nodata)
            and limits.min <= nodata <= limits.max):
        return np.zeros(stored.shape, dtype=bool)  # no cell of this type can hold it
    return stored == int(nodata)


def _wgs84_lonlat_crs():
    """Return EPSG:4326 with longitude first (traditional GIS order), as the DEM code uses."""
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return wgs84


def _is_wgs84_degrees(horizontal, wgs84):
    """Return True when ``horizontal`` is WGS84 longitude/latitude in degrees (any axis order).

    Both CRSs map data axes in traditional GIS order (x = longitude), so a cell's map
    coordinates then already are its WGS84 longitude and latitude.
    """
    if not horizontal.IsGeographic():
        return False
    flat = horizontal.Clone()
    if flat.GetAxesCount() == 3:
        try:
            flat.DemoteTo2D()
        except (AttributeError, RuntimeError):  # a GDAL without it: the transform path
            return False
    return bool(flat.IsSame(wgs84, ["CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
                                    "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES"]))


class LonLatTransform:
    """Map coordinates (the DEM's CRS, traditional GIS order) -> WGS84 longitude, latitude (deg).

    Three ways, chosen once and checked on ``probe_xy`` against the per-point OSR transform:
    the identity for WGS84 degrees (the map coordinates are the answer, to the last bit), else
    one GDAL array transform (``gdal.Transformer.TransformGeolocations`` on the coordinate
    arrays, in C), else OSR's ``TransformPoints`` (a Python tuple per point) when the array
    transform does not reproduce OSR to ``ARRAY_TOLERANCE_DEG``.
    """

    ARRAY_TOLERANCE_DEG = 1e-9

    def __init__(self, horizontal, probe_xy):
        wgs84 = _wgs84_lonlat_crs()
        self._osr = osr.CoordinateTransformation(horizontal, wgs84)
        self._array = None
        self.method = "osr"
        probe_x, probe_y = np.asarray(probe_xy, dtype=np.float64).T
        try:
            reference = self._per_point(probe_x, probe_y)
        except RuntimeError:  # probes outside the CRS's domain: OSR's own behaviour throughout
            return
        if (_is_wgs84_degrees(horizontal, wgs84) and np.array_equal(reference[0], probe_x)
                and np.array_equal(reference[1], probe_y)):
            self.method = "identity"
        elif self._array_reproduces(horizontal, wgs84, probe_x, probe_y, reference):
            self.method = "array"

    def _array_reproduces(self, horizontal, wgs84, x, y, reference):
        """Set up the array transform; return True when it gives ``reference`` at (x, y)."""
        try:
            self._array = gdal.Transformer(None, None, [f"SRC_SRS={horizontal.ExportToWkt()}",
                                                        f"DST_SRS={wgs84.ExportToWkt()}"])
            lon, lat = self._by_array(x, y)
        except (AttributeError, ImportError, RuntimeError, TypeError):
            return False  # a GDAL without TransformGeolocations or gdal_array
        return bool(np.max(np.abs(lon - reference[0])) <= self.ARRAY_TOLERANCE_DEG
                    and np.max(np.abs(lat - reference[1])) <= self.ARRAY_TOLERANCE_DEG)

    def __call__(self, x, y):
        """Longitude and latitude (degrees) of map coordinates ``x``, ``y`` (same shapes)."""
        x, y = np.broadcast_arrays(np.asarray(x, dtype=np.float64),
                                   np.asarray(y, dtype=np.float64))
        if self.method == "identity":
            return x.copy(), y.copy()
        if self.method == "array":
            return self._by_array(x, y)
        return self._per_point(x, y)

    def _per_point(self, x, y):
        out = np.asarray(self._osr.TransformPoints(np.column_stack([x.ravel(), y.ravel()])))
        return out[:, 0].reshape(x.shape), out[:, 1].reshape(x.shape)

    def _by_array(self, x, y):
        """Transform in place in GDAL bands wrapping copies of the arrays (as 1 x n rasters)."""
        from osgeo import gdal_array  # numpy <-> GDAL bands, loaded with the first transform

        coords = [np.array(v, dtype=np.float64).reshape(1, -1) for v in (x, y)]
        coords.append(np.zeros_like(coords[0]))
        bands = [gdal_array.OpenArray(v) for v in coords]
        self._array.TransformGeolocations(*(ds.GetRasterBand(1) for ds in bands))
        lon, lat = (ds.GetRasterBand(1).ReadAsArray().reshape(x.shape) for ds in bands[:2])
        failed = ~(np.isfinite(lon) & np.isfinite(lat)) & np.isfinite(x) & np.isfinite(y)
        if failed.any():  # as OSR gives them (its failure values), point by point
            lon[failed], lat[failed] = self._per_point(x[failed], y[failed])
        return lon, lat


def _bilinear_outer(grid, at_row, at_col):
    """Bilinear values of ``grid`` at every (at_row[i], at_col[j]) (fractional indices).

    Along the columns first (grid rows x len(at_col)), then along the rows: a few operations
    per output cell, where interpolating every cell on its own costs ten times more.
    """
    def weights(at, size):
        at = np.clip(at, 0.0, size - 1.0)
        i = np.minimum(at.astype(np.intp), size - 2)
        return i, at - i

    j, fj = weights(at_col, grid.shape[1])
    along = grid[:, j] * (1.0 - fj) + grid[:, j + 1] * fj
    i, fi = weights(at_row, grid.shape[0])
    return along[i] * (1.0 - fi)[:, None] + along[i + 1] * fi[:, None]


class DemRaster:
    """A DEM opened with GDAL, read in windows as ellipsoidal heights."""

    def __init__(self, path, vertical_datum=DATUM_FROM_FILE, band=1):
        try:
            self.dataset = gdal.Open(str(path))
        except RuntimeError as exc:
            raise DemError(f"Cannot open DEM {path}: {exc}") from exc
        _check_is_dem(self.dataset, path)
        self.path = str(path)
        self.band = self.dataset.GetRasterBand(band)
        srs = osr.SpatialReference(wkt=self.dataset.GetProjection())
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        datum, note = resolve_vertical_datum(srs, vertical_datum)
        self._geoid = _geoid_transform(datum) if datum in _GEOID_EPSG else None
        horizontal = srs.CloneGeogCS() if srs.IsGeographic() else srs
        if srs.IsCompound():
            horizontal = osr.SpatialReference()
            horizontal.ImportFromWkt(srs.ExportToWkt())
            horizontal.StripVertical()
        horizontal.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.info = DemInfo(self.dataset.RasterXSize, self.dataset.RasterYSize,
                            self.dataset.GetGeoTransform(), self.dataset.GetProjection(),
                            self.band.GetNoDataValue(), datum, note)
        self._to_lonlat = LonLatTransform(horizontal, np.column_stack(self._footprint_xy()))
        self.survey = self._survey()
        problem = self.survey.problem(self.path)
        if problem:
            raise DemError(problem)
        self.info.warning = self.survey.warning(self.path)

    def _survey(self):
        """Survey every cell's height, reading in strips (memory bounded by SURVEY_CELLS).

        Returns a HeightSurvey: impossible heights are counted once here and voided in every
        read_raw.
        """
        survey = HeightSurvey()
        block_rows = self.band.GetBlockSize()[1]
        rows = max(1, SURVEY_CELLS // self.width // block_rows) * block_rows
        for xoff, yoff, w, h in self.windows(rows):
            survey.add(self._read_stored(xoff, yoff, w, h))
            self.band.FlushCache()  # read once: GDAL's cache would fill up with the DEM
        return survey

    def resampling(self):
        """Return the GDAL resampling for warping this DEM ("bilinear" or "near").

        Bilinear, but nearest when the DEM holds impossible heights, which bilinear weights
        would blend into plausible-looking heights of their neighbours (nearest keeps them
        apart, so reads void them).
        """
        return "near" if self.survey.implausible else "bilinear"

    @property
    def width(self):
        """Raster width in cells (columns)."""
        return self.info.width

    @property
    def height(self):
        """Raster height in cells (rows)."""
        return self.info.height

    def windows(self, block_rows):
        """Row strips (xoff, yoff, xsize, ysize) covering the raster."""
        for y in range(0, self.height, block_rows):
            yield 0, y, self.width, min(block_rows, self.height - y)

    def map_xy(self, xoff, yoff, xsize, ysize):
        """Map coordinates (CRS units) of cell centres, each (ysize, xsize)."""
        gt = self.info.geotransform
        col = xoff + np.arange(xsize) + 0.5
        row = yoff + np.arange(ysize)[:, None] + 0.5
        x = gt[0] + col * gt[1] + row * gt[2]
        y = gt[3] + col * gt[4] + row * gt[5]
        return np.broadcast_arrays(x, y)

    def lonlat(self, xoff, yoff, xsize, ysize):
        """Longitude and latitude (degrees) of cell centres, each (ysize, xsize).

        Vectorised (see LonLatTransform): the map coordinates themselves for a WGS84
        geographic DEM, one array transform otherwise.
        """
        return self._to_lonlat(*self.map_xy(xoff, yoff, xsize, ysize))

    def _read_stored(self, xoff, yoff, xsize, ysize):
        """Heights as stored (float64), NaN for the declared nodata value."""
        stored = self.band.ReadAsArray(xoff, yoff, xsize, ysize)
        data = stored.astype(np.float64)
        if self.info.nodata is not None:
            data[_nodata_cells(stored, self.info.nodata)] = np.nan
        return data

    def read_raw(self, xoff, yoff, xsize, ysize):
        """Read a window's heights as stored (float64 metres, no datum conversion).

        NaN for nodata and for impossible heights (void markers such as an undeclared -32768,
        spikes, infinities: see core.plausibility).
        """
        data = self._read_stored(xoff, yoff, xsize, ysize)
        data[~plausible_heights(data)] = np.nan
        return data

    def undulation(self, lon, lat):
        """Geoid height (metres) to add to the stored heights; zero for ellipsoidal DEMs."""
        if self._geoid is None:
            return np.zeros(np.shape(lon))
        # Pad by half a lattice step so a one-row or one-column window still spans a cell.
        pad = 0.5 * UNDULATION_LATTICE_DEG
        lon0, lon1 = np.nanmin(lon) - pad, np.nanmax(lon) + pad
        lat0, lat1 = np.nanmin(lat) - pad, np.nanmax(lat) + pad
        n_lon = max(2, int(np.ceil((lon1 - lon0) / UNDULATION_LATTICE_DEG)) + 1)
        n_lat = max(2, int(np.ceil((lat1 - lat0) / UNDULATION_LATTICE_DEG)) + 1)
        glon, glat = np.meshgrid(np.linspace(lon0, lon1, n_lon), np.linspace(lat0, lat1, n_lat))
        pts = np.column_stack([glon.ravel(), glat.ravel(), np.zeros(glon.size)])
        n = np.asarray(self._geoid.TransformPoints(pts))[:, 2].reshape(glon.shape)
        # bilinear on the lattice, at fractional lattice indices
        at_lat = (np.asarray(lat, dtype=np.float64) - lat0) * ((n_lat - 1) / (lat1 - lat0))
        at_lon = (np.asarray(lon, dtype=np.float64) - lon0) * ((n_lon - 1) / (lon1 - lon0))
        if at_lat.ndim == 2 and (at_lat == at_lat[:, :1]).all() and (
                at_lon == at_lon[:1]).all():  # a north-up geographic window: rows x columns
            return _bilinear_outer(n, at_lat[:, 0], at_lon[0])
        from scipy.ndimage import map_coordinates  # heavy import kept local

        return map_coordinates(n, [at_lat.ravel(), at_lon.ravel()], order=1,
                               mode="nearest").reshape(np.shape(lon))

    def read_block(self, xoff, yoff, xsize, ysize):
        """(lon_deg, lat_deg, ellipsoidal height m) of a window, each (ysize, xsize)."""
        lon, lat = self.lonlat(xoff, yoff, xsize, ysize)
        h = self.read_raw(xoff, yoff, xsize, ysize)
        return lon, lat, h + self.undulation(lon, lat)

    def read_block_ecef(self, xoff, yoff, xsize, ysize):
        """Return the ECEF positions (metres) of a window's cells, shape (ysize, xsize, 3).

        Cells lie at their ellipsoidal heights (see read_block); voids (NaN heights) give NaN.
        """
        lon, lat, h = self.read_block(xoff, yoff, xsize, ysize)
        return geodetic_to_ecef(lat, lon, h)

    def _footprint_xy(self):
        """Map coordinates of the DEM's corners and edge midpoints."""
        w, h = self.width, self.height
        cols = np.array([0, w / 2, w, w, w, w / 2, 0, 0])
        rows = np.array([0, 0, 0, h / 2, h, h, h, h / 2])
        gt = self.info.geotransform
        return gt[0] + cols * gt[1] + rows * gt[2], gt[3] + cols * gt[4] + rows * gt[5]

    def footprint_lonlat(self):
        """Lon/lat of the DEM's corners and edge midpoints (for coverage checks)."""
        return self._to_lonlat(*self._footprint_xy())
