"""Re-create the training DEMs added for issue 13 ("More terrain") from their sources.

    python training/dems/build_more.py SOURCE_DIR [--out training/dems]

SOURCE_DIR holds the source files, extracted byte for byte from the repositories and commits
listed in training/dems/SOURCES.md (the ``git show`` / ``unzip`` commands are there), under
the relative paths of ``SOURCES`` below. Each DEM is cropped to its window (``srcWin`` =
column offset, row offset, width, height in source pixels), checked to be void-free (voids
would be filled as regions.py does, inverse distance, at most 30 cells), rounded to whole
metres and written as a single-band Int16 GeoTIFF, DEFLATE level 9 with predictor 2, no
nodata value, the georeferencing of the source window (CRS overridden only where noted).
Prints the SHA-256 of every file, as SOURCES.md lists them.
"""
import argparse
import hashlib
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

from sar_height.training.regions import fill_voids, read_source

gdal.UseExceptions()

OUT_DIR = Path(__file__).resolve().parent

# name -> (source path relative to SOURCE_DIR, srcWin or None for the whole file,
#          EPSG code to assign or None to keep the source CRS)
SOURCES = {
    "karakoram_baltoro": ("oggm/baltoro_srtm_clip.tif", (440, 40, 200, 200), None),
    "karakoram_masherbrum": ("oggm/baltoro_srtm_clip.tif", (120, 200, 200, 200), None),
    "alaska_chugach_west": ("oggm/dem_RGI50-01.10299.tif", (0, 0, 150, 150), None),
    "greenland_northwest": ("oggm/dem_RGI50-05.08389.tif", (90, 0, 150, 150), None),
    "utah_bear_river": ("taudem/LoganVRT/output.vrt", (0, 100, 150, 150), None),
    "colorado_front_range": (
        "landlab/SRTMGL3_39.83400503127928_-105.81599496872073_40.465994968720715"
        "_-105.18400503127927.asc", (160, 80, 200, 200), 4326),
    "hawaii_kilauea": ("gmt/Kilauea.utm.nc", (60, 150, 420, 420), 32605),
    "hawaii_mauna_kea": ("windninja/hi.tif", (162, 119, 150, 150), None),
    "idaho_lost_river": ("windninja/mackay.tif", (300, 30, 420, 420), None),
    "montana_missoula": ("windninja/missoula_valley.tif", (90, 0, 420, 420), None),
    "idaho_big_southern_butte": ("windninja/big_butte.tif", (180, 120, 420, 420), None),
    "utah_zion": ("spdatalarge/srtm.tif", (80, 120, 200, 200), None),
    "turkey_east_anatolia": ("demcompare/srtm_ref.tif", (0, 440, 200, 200), None),
    "azores_pico": ("wradlib/N38W029.hgt", (600, 570, 240, 140), None),
    "nz_kahurangi": ("nzdem/S41E172.hgt", (2280, 3120, 540, 450), None),
    "nz_raukumara": ("nzdem/S38E178.hgt", (180, 3060, 540, 450), None),
    "capeverde_fogo": ("morphovolc/Fogo.tif", (450, 330, 420, 420), None),
    "galapagos_fernandina": ("morphovolc/Fernandina.tif", (360, 60, 420, 420), None),
    "carolina_eno_piedmont": ("taudem/enogeo.tif", None, None),
    "nepal_terai": ("shared/nepal_terai_isce3_dem_himalayas_E81p5_N28p3_short.tiff", None,
                    None),
    "italy_rome": ("shared/rome_30m_egm96.tif", None, None),
}


def build(name, source_dir, out_dir=OUT_DIR):
    """Write training DEM ``name`` into out_dir; return (path, number of void cells filled)."""
    source, srcwin, epsg = SOURCES[name]
    z, gt, wkt = read_source(Path(source_dir) / source, srcwin)
    z, filled = fill_voids(z)
    if np.isnan(z).any():
        raise ValueError(f"{name}: voids left after filling")
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        wkt = srs.ExportToWkt()
    target = Path(out_dir) / f"{name}.tif"
    ds = gdal.GetDriverByName("GTiff").Create(
        str(target), z.shape[1], z.shape[0], 1, gdal.GDT_Int16,
        options=["COMPRESS=DEFLATE", "PREDICTOR=2", "ZLEVEL=9", "TILED=NO"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(wkt)
    ds.GetRasterBand(1).WriteArray(np.round(z).astype(np.int16))
    ds = None
    return target, filled


def main():
    """Build the named DEMs (default: all) and print their SHA-256 sums."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", type=Path)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("names", nargs="*", help="only these (default: all)")
    args = parser.parse_args()
    for name in args.names or SOURCES:
        target, filled = build(name, args.source_dir, args.out)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        print(f"{digest}  training/dems/{target.name}  ({target.stat().st_size} B, "
              f"{filled} void cells filled)")


if __name__ == "__main__":
    main()
