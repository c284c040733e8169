"""Output GeoTIFFs written to hidden temporaries and committed all together on success.

Shared by the simulation, the reconstruction, the height inference and stereo. The
temporaries, the commit and the cleanup of killed runs' files are
core.output_commit.OutputSet's; this module adds the GDAL datasets on top: creation options
(``COMPRESSED``, ``SCRATCH``), georeferencing (``georeference_like_dem``, ``set_gcps``), band
descriptions, cell writes and ``GridRows``, the writer of whole rows of 256 x 256 tiles; in
memory: ``memory_raster`` and ``warp_to_grid``.
"""
import os

import numpy as np
from osgeo import gdal, osr

from .output_commit import OutputError, OutputSet, remove_with_sidecars

gdal.UseExceptions()

TILE = 256  # GeoTIFF tile size of every output
TILED = ["TILED=YES", f"BLOCKXSIZE={TILE}", f"BLOCKYSIZE={TILE}", "BIGTIFF=IF_SAFER"]
# DEFLATE at level 1: with the floating-point predictor that create() adds to float rasters
# (see creation_options), as small as level 6 and about twice as fast to write: measured on
# simulate_sar's 4000² outputs, lookup 34 MB in 1.2 CPU-s against 89 MB in 2.4 CPU-s (level 6
# without predictor); compression was a sixth of the simulation's CPU time.
COMPRESSED = TILED + ["COMPRESS=DEFLATE", "ZLEVEL=1", "SPARSE_OK=TRUE"]
_FLOAT_TYPES = (gdal.GDT_Float32, gdal.GDT_Float64)
# The radar accumulator is rewritten window by window: uncompressed, so a rewritten block
# keeps its place in the file instead of being appended again.
SCRATCH = TILED + ["SPARSE_OK=TRUE"]


def creation_options(options, data_type):
    """``options`` plus the predictor of ``data_type``: PREDICTOR=3 for compressed floats.

    The floating-point predictor (byte planes of differences) lets DEFLATE find the
    smoothness of lookup tables, angles and heights; other types keep ``options`` as given.
    """
    options = list(options)
    compressed = any(o.upper().startswith("COMPRESS=") and o.upper() != "COMPRESS=NONE"
                     for o in options)
    if compressed and data_type in _FLOAT_TYPES and not any(
            o.upper().startswith("PREDICTOR=") for o in options):
        options.append("PREDICTOR=3")
    return options


class TemporaryRasters:
    """Creates datasets under hidden temporary names; ``commit`` renames, ``discard`` deletes.

    ``output_set``: an OutputSet shared with other writers of the same run; then ``commit``
    only closes the datasets (and deletes the scratch files) and the owner of the set
    commits everything at once. Without it the rasters form their own set.
    """

    def __init__(self, output_set=None):
        self._own = output_set is None
        self.output_set = OutputSet() if output_set is None else output_set
        self._open = {}  # name -> (dataset, temporary path, scratch?)

    def create(self, name, target, width, height, bands, data_type, options, scratch=False):
        """Create and return a new GeoTIFF dataset, registered as ``name``, for ``target``.

        The dataset is written to a hidden temporary. Scratch files (no output) go to the system
        temporary folder; ``target`` then only names them. Raises OutputError.
        """
        if scratch:
            temporary = self.output_set.scratch(f"{name}_{os.path.basename(str(target))}")
        else:
            temporary = self.output_set.temporary(target)
        try:
            dataset = gdal.GetDriverByName("GTiff").Create(
                temporary, width, height, bands, data_type,
                options=creation_options(options, data_type))
        except RuntimeError as exc:
            raise OutputError(f"Cannot write {target}: {exc}") from exc
        self._open[name] = (dataset, temporary, scratch)
        return dataset

    def dataset(self, name):
        """Return the open dataset registered as ``name`` (None once closed)."""
        return self._open[name][0]

    def close(self, name):
        """Flush the dataset ``name`` and drop this object's reference to it (closing it)."""
        dataset, temporary, scratch = self._open[name]
        if dataset is not None:
            dataset.FlushCache()
        self._open[name] = (None, temporary, scratch)

    def _close_all(self):
        for name in list(self._open):
            self.close(name)

    def commit(self):
        """Close everything and delete the scratch files; commit the set when it is ours."""
        self._close_all()
        for _, temporary, scratch in self._open.values():
            if scratch:
                remove_with_sidecars(temporary)
        self._open.clear()
        if self._own:
            self.output_set.commit()

    def discard(self):
        """Close every dataset and delete all files of the output set."""
        self._close_all()
        self._open.clear()
        self.output_set.discard()


def memory_raster(image):
    """Return a one-band float32 GDAL dataset in memory holding ``image`` (no georeferencing)."""
    dataset = gdal.GetDriverByName("MEM").Create("", image.shape[1], image.shape[0], 1,
                                                 gdal.GDT_Float32)
    dataset.GetRasterBand(1).WriteArray(image.astype(np.float32))
    return dataset


def warp_to_grid(source_path, wkt, x0, y1, cols, rows, spacing_m):
    """Resample the raster at ``source_path`` (cubic, in memory) onto a north-up grid.

    The grid has ``cols`` x ``rows`` square cells of ``spacing_m`` (CRS units, metres for a
    projected ``wkt``) with top-left corner (x0, y1) in ``wkt``. Returns a (rows, cols) float64
    array, NaN where the source has no data. Screening the values is the caller's.
    """
    dataset = gdal.Warp("", str(source_path), format="MEM", dstSRS=wkt,
                        outputBounds=(x0, y1 - rows * spacing_m, x0 + cols * spacing_m, y1),
                        width=cols, height=rows, resampleAlg="cubic", dstNodata=np.nan,
                        outputType=gdal.GDT_Float32, multithread=False)
    return dataset.GetRasterBand(1).ReadAsArray().astype(np.float64)


def georeference_like_dem(dataset, dem):
    """Give ``dataset`` the geotransform and CRS of the DEM ``dem`` (a DemRaster)."""
    dataset.SetGeoTransform(dem.info.geotransform)
    dataset.SetProjection(dem.info.crs_wkt)


def set_gcps(dataset, geometry):
    """Product GCPs (line, sample, lat, lon, h) on pixel-corner convention, EPSG:4326."""
    gcps = [gdal.GCP(float(lon), float(lat), float(h), float(sample) + 0.5, float(line) + 0.5)
            for line, sample, lat, lon, h in geometry.gcps]
    if not gcps:
        return
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    dataset.SetGCPs(gcps, srs.ExportToWkt())


def describe_bands(dataset, nodata, descriptions):
    """Set each band's description (in band order) and, unless ``nodata`` is None, its nodata."""
    for index, text in enumerate(descriptions, start=1):
        band = dataset.GetRasterBand(index)
        band.SetDescription(text)
        if nodata is not None:
            band.SetNoDataValue(float(nodata))


def write_cells(dataset, arrays, col0, row0):
    """Write per-band (rows, cols) arrays at (col0, row0)."""
    for index, values in enumerate(arrays, start=1):
        dataset.GetRasterBand(index).WriteArray(np.ascontiguousarray(values), col0, row0)


class GridRows:
    """Collects the tiles of one DEM-grid output and writes whole rows of 256 x 256 tiles.

    A compressed GeoTIFF tile written half-filled and completed later is compressed twice
    and appended twice; writing whole tile rows and flushing them keeps both the file and
    GDAL's block cache small.
    """

    def __init__(self, files, name, bands, width, height, dtype, fill):
        self.files, self.name, self.height = files, name, height
        self.fill, self.next_row = fill, 0  # next_row: DEM row of buffer row 0
        self.buffer = np.full((bands, 0, width), fill, dtype=dtype)

    def put(self, row0, col0, arrays):
        """Buffer a tile: per-band (rows, cols) ``arrays`` at DEM row ``row0``, column ``col0``.

        The buffer grows downward as needed, new rows holding the fill value; nothing is
        written until :meth:`write_complete`.
        """
        rows, cols = arrays[0].shape
        missing = row0 + rows - self.next_row - self.buffer.shape[1]
        if missing > 0:
            extra = np.full(self.buffer.shape[:1] + (missing,) + self.buffer.shape[2:],
                            self.fill, dtype=self.buffer.dtype)
            self.buffer = np.concatenate([self.buffer, extra], axis=1)
        top = row0 - self.next_row
        for band, values in enumerate(arrays):
            self.buffer[band, top:top + rows, col0:col0 + cols] = values

    def write_complete(self, complete_row):
        """Write the buffered rows above ``complete_row`` that fill whole tile rows."""
        end = complete_row if complete_row >= self.height else complete_row // TILE * TILE
        count = end - self.next_row
        if count <= 0:
            return
        dataset = self.files.dataset(self.name)
        write_cells(dataset, list(self.buffer[:, :count]), 0, self.next_row)
        dataset.FlushCache()
        self.buffer = self.buffer[:, count:].copy()
        self.next_row = end
