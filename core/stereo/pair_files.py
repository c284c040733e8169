"""A simulated stereo pair (core.stereo.pairs.SimulatedPair) written as a user would hold it.

Two radar-geometry GeoTIFFs (float32 intensity, no georeferencing, as a product's own
raster), their SAR Height geometry JSONs, the coarse DEM that predicts the patches and the
fine DEM (the truth), both GeoTIFFs of ellipsoidal heights. Used by the demo and the QGIS
tests, which run sarheight:stereo_radargrammetry on these files.
"""
from pathlib import Path

from osgeo import gdal

from ..products.geometry_json import write_geometry_json

gdal.UseExceptions()


def write_radar_image(path, image):
    """Write a radar-geometry raster (float32, one band, no georeferencing); return its Path."""
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), image.shape[1], image.shape[0],
                                                   1, gdal.GDT_Float32)
    dataset.GetRasterBand(1).WriteArray(image)
    dataset = None
    return Path(path)


def write_pair_files(pair, folder, prefix=""):
    """Write the pair's files into ``folder``; return their Paths by role.

    Roles: reference, secondary, reference_json, secondary_json, coarse_dem, fine_dem. File
    names start with ``prefix``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "reference": write_radar_image(folder / f"{prefix}reference.tif", pair.reference_image),
        "secondary": write_radar_image(folder / f"{prefix}secondary.tif", pair.secondary_image),
        "reference_json": Path(write_geometry_json(folder / f"{prefix}reference.json",
                                                   pair.reference)),
        "secondary_json": Path(write_geometry_json(folder / f"{prefix}secondary.json",
                                                   pair.secondary)),
        "coarse_dem": folder / f"{prefix}coarse_dem.tif",
        "fine_dem": folder / f"{prefix}fine_dem.tif",
    }
    gdal.Translate(str(files["coarse_dem"]), pair.scene.coarse_path)
    gdal.Translate(str(files["fine_dem"]), pair.scene.fine_path)
    return files
