"""Output GeoTIFFs written to temporaries next to their targets, renamed only on success."""
import os
import uuid

import numpy as np
from osgeo import gdal, osr

from .errors import SimulationError

gdal.UseExceptions()

TILED = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"]  # = simulate.TILE
COMPRESSED = TILED + ["COMPRESS=DEFLATE", "SPARSE_OK=TRUE"]
# The radar accumulator is rewritten window by window: uncompressed, so a rewritten block
# keeps its place in the file instead of being appended again.
SCRATCH = TILED + ["SPARSE_OK=TRUE"]


def _sidecars(path):
    return [path + ext for ext in ("", ".aux.xml", ".ovr", ".msk")]


def _remove(path):
    for p in _sidecars(path):
        try:
            os.remove(p)
        except FileNotFoundError:
            pass


class TemporaryRasters:
    """Creates datasets under hidden temporary names; ``commit`` renames, ``discard`` deletes."""

    def __init__(self):
        self._open = {}  # name -> (dataset, temporary path, target path or None)

    def create(self, name, target, width, height, bands, data_type, options, scratch=False):
        folder = os.path.dirname(os.path.abspath(target))
        base = os.path.basename(target)
        tag = "scratch" if scratch else "partial"
        temporary = os.path.join(folder, f".{base}.{uuid.uuid4().hex[:8]}.{tag}.tif")
        driver = gdal.GetDriverByName("GTiff")
        try:
            dataset = driver.Create(temporary, width, height, bands, data_type, options=options)
        except RuntimeError as exc:
            raise SimulationError(f"Cannot write {target}: {exc}") from exc
        self._open[name] = (dataset, temporary, None if scratch else target)
        return dataset

    def dataset(self, name):
        return self._open[name][0]

    def close(self, name):
        dataset, temporary, target = self._open[name]
        if dataset is not None:
            dataset.FlushCache()
        self._open[name] = (None, temporary, target)

    def commit(self):
        """Close everything, delete scratch files and move the others onto their targets."""
        for name in list(self._open):
            self.close(name)
        for _, temporary, target in self._open.values():
            if target is None:
                _remove(temporary)
            else:
                _remove(target)  # also a stale .aux.xml that would describe the old file
                os.replace(temporary, target)
                if os.path.exists(temporary + ".aux.xml"):
                    os.replace(temporary + ".aux.xml", target + ".aux.xml")
        self._open.clear()

    def discard(self):
        for name in list(self._open):
            self.close(name)
        for _, temporary, _ in self._open.values():
            _remove(temporary)
        self._open.clear()


def georeference_like_dem(dataset, dem):
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
    for index, text in enumerate(descriptions, start=1):
        band = dataset.GetRasterBand(index)
        band.SetDescription(text)
        if nodata is not None:
            band.SetNoDataValue(float(nodata))


def write_cells(dataset, arrays, col0, row0):
    """Write per-band (rows, cols) arrays at (col0, row0)."""
    for index, values in enumerate(arrays, start=1):
        dataset.GetRasterBand(index).WriteArray(np.ascontiguousarray(values), col0, row0)
