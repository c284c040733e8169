"""Output GeoTIFFs written to hidden temporaries and committed all together on success.

The temporaries, the commit and the cleanup of killed runs' files are
core.output_commit.OutputSet's; this module adds the GDAL datasets on top.
"""
import os

import numpy as np
from osgeo import gdal, osr

from ..output_commit import OutputError, OutputSet, remove_with_sidecars

gdal.UseExceptions()

TILED = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"]  # = simulate.TILE
COMPRESSED = TILED + ["COMPRESS=DEFLATE", "SPARSE_OK=TRUE"]
# The radar accumulator is rewritten window by window: uncompressed, so a rewritten block
# keeps its place in the file instead of being appended again.
SCRATCH = TILED + ["SPARSE_OK=TRUE"]


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
        """A new GeoTIFF dataset for ``target``. Scratch files (no output) go to the system
        temporary folder; ``target`` then only names them. Raises OutputError."""
        if scratch:
            temporary = self.output_set.scratch(f"{name}_{os.path.basename(str(target))}")
        else:
            temporary = self.output_set.temporary(target)
        try:
            dataset = gdal.GetDriverByName("GTiff").Create(
                temporary, width, height, bands, data_type, options=options)
        except RuntimeError as exc:
            raise OutputError(f"Cannot write {target}: {exc}") from exc
        self._open[name] = (dataset, temporary, scratch)
        return dataset

    def dataset(self, name):
        return self._open[name][0]

    def close(self, name):
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
        self._close_all()
        self._open.clear()
        self.output_set.discard()


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
