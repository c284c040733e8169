"""The DEM-grid GeoTIFFs of the reconstruction, written through hidden temporaries.

Each output is created by core.raster_io.TemporaryRasters (renamed on success, deleted on
error or cancellation) and filled block by block with core.simulation.tile_writer.GridTiles,
the writer shared with the simulation, which writes each 256 x 256 tile once it is complete,
so that every compressed tile is written once.
"""
import numpy as np
from osgeo import gdal

from ..radiometry import DECIBEL, from_intensity
from ..raster_io import COMPRESSED, describe_bands, georeference_like_dem
from ..simulation.mask import NODATA
from ..simulation.tile_writer import GridTiles

MIXING_NODATA = 65535
_FLOAT = (gdal.GDT_Float32, np.float32, np.nan)
_LAYOUT = {  # name -> (GDAL type, numpy type, nodata)
    "reconstructed": _FLOAT, "geocoded": _FLOAT,
    "mask": (gdal.GDT_Byte, np.uint8, NODATA),
    "mixing": (gdal.GDT_UInt16, np.uint16, MIXING_NODATA),
}


def _descriptions(units):
    unit = "dB" if units == DECIBEL else "linear"
    return {
        "reconstructed": f"reconstructed backscatter (flat-equivalent intensity, {unit})",
        "geocoded": f"terrain-geocoded backscatter (flat-equivalent intensity, {unit})",
        "mask": "layover/shadow: 0 clear, 1 layover, 2 shadow, 3 both",
        "mixing": "contributing DEM cells of the radar pixel the cell maps to",
    }


def create_outputs(files, outputs, dem, units, metadata=None):
    """Create the wanted outputs; return their row writers by name.

    ``metadata``: GDAL dataset metadata items for every output (e.g. the look direction,
    core.products.look).
    """
    writers = {}
    descriptions = _descriptions(units)
    for name, path in outputs.wanted().items():
        gdal_type, dtype, nodata = _LAYOUT[name]
        dataset = files.create(name, path, dem.width, dem.height, 1, gdal_type, COMPRESSED)
        georeference_like_dem(dataset, dem)
        describe_bands(dataset, nodata, [descriptions[name]])
        for key, value in (metadata or {}).items():
            dataset.SetMetadataItem(key, value)
        writers[name] = GridTiles(files, name, 1, dem.width, dem.height, dtype, nodata)
    return writers


def _mixing_codes(mixing):
    counts = np.clip(np.nan_to_num(mixing, nan=0.0), 0, MIXING_NODATA - 1)
    return np.where(np.isfinite(mixing), np.rint(counts), MIXING_NODATA).astype(np.uint16)


def put_tile(writers, block, result, units):
    """Hand one tile to the writers (they write each output tile once it is complete)."""
    values = {
        "reconstructed": lambda: from_intensity(result.reconstructed, units),
        "geocoded": lambda: from_intensity(result.geocoded, units),
        "mask": lambda: block.mask,
        "mixing": lambda: _mixing_codes(result.mixing),
    }
    for name, writer in writers.items():
        writer.put(block.row0, block.col0, [values[name]()])
