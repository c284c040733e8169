"""Regions of the height-model data set, split so that no DEM is used twice.

Three disjoint splits (``check_split`` proves it; test_training_data.py runs it):

- ``training``: 29 DEMs of varied relief and climate (high mountains, glaciers, volcanoes,
  canyons, plateaus, ice-cap margin, hills and three low-relief plains) copied into
  training/dems/ (crops, re-encoded; see training/dems/SOURCES.md, and training/dems/build_more.py
  for the second round) plus the Ötztal DEM already shipped as sample data
  (resources/sample_data, not duplicated);
- ``validation``: a held-out window of the training tile N44E005 (Mont Ventoux), disjoint from
  the training windows of the same tile; used for model selection during training only;
- ``evaluation``: the four held-out mountain DEMs of test/data/dem (Bernese Alps, San Gabriel,
  Yarlung Tsangpo, Yukon), read from there. The ablation (training/height/ablation.py) reports on
  these; nothing else touches them.

``python -m sar_height.training.regions --build SHARED_DEM_DIR`` re-creates training/dems/ from
the shared data copies (crop windows, void filling and encodings below) and prints the SHA-256
sums that SOURCES.md lists.
"""
import argparse
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

ROOT = Path(__file__).resolve().parents[1]
DEM_DIR = Path(__file__).resolve().parent / "dems"
EVALUATION_DIR = ROOT / "test" / "data" / "dem"
SAMPLE_DIR = ROOT / "resources" / "sample_data"

TRAINING, VALIDATION, EVALUATION = "training", "validation", "evaluation"
SPLITS = (TRAINING, VALIDATION, EVALUATION)


@dataclass(frozen=True)
class Region:
    """One DEM of the data set: its name, file, split, description and licence."""

    name: str
    path: Path
    split: str
    description: str
    licence: str


def _train(name, description, licence, folder=DEM_DIR, split=TRAINING):
    """Return a Region whose file is ``folder/<name>.tif``."""
    return Region(name, folder / f"{name}.tif", split, description, licence)


_SHARELOC = "Apache-2.0 (CNES/shareloc); SRTM3 (NASA/USGS, public domain)"
_OGGM = "BSD-3-Clause (OGGM/oggm-sample-data)"
_TOPOTOOLBOX = "GPL-3.0 (wschwanghart/topotoolbox)"
_TAUDEM = "GPL-3.0 (dtarb/TauDEM test suite)"
_LANDLAB = "MIT (landlab/landlab); SRTMGL3 (NASA/USGS, public domain)"
_GMT = "LGPL-3.0 (GenericMappingTools/gmtserver-admin cache)"
_WINDNINJA = "public domain (US Government work, firelab/windninja)"
_SPDATALARGE = "CC0 (Nowosad/spDataLarge); SRTM (NASA/USGS, public domain)"
_DEMCOMPARE = "Apache-2.0 (CNES/demcompare); SRTM3 (NASA/USGS, public domain)"
_WRADLIB = "MIT (wradlib/wradlib-data); SRTMGL3 (NASA/USGS, public domain)"
_NZDEM = "CC-BY-4.0 (nodecomplete/NZDEM-HGT-30; attribution: Land Information New Zealand)"
_MORPHOVOLC = "MIT (Solly87INGV/DEM-Volcano-Analysis); source DEM unstated"

REGIONS = (
    _train("devoluy", "SW French Alps, Dévoluy/Obiou, SRTM3 crop of N44E005", _SHARELOC),
    _train("vercors", "SW French Alps, Vercors, SRTM3 crop of N44E005", _SHARELOC),
    _train("diois", "SW French Alps, Diois/Glandasse, SRTM3 crop of N44E005", _SHARELOC),
    _train("buech", "SW French Alps, Bochaine/Buëch, SRTM3 crop of N44E005", _SHARELOC),
    _train("himalaya_chhota_shigri", "Lahaul, Himachal Himalaya, 94 m", _OGGM),
    _train("alaska_columbia", "Chugach Mtns, Alaska, 100 m, crop", _OGGM),
    _train("mongolia_orkhon", "Orkhon valley, Mongolia, 92 m", _TOPOTOOLBOX),
    _train("appalachia_jacksboro", "Cumberland Mtns, Tennessee, 3 arc-second",
           "matplotlib licence (PSF-style); USGS data"),
    Region("alps_oetztal", SAMPLE_DIR / "alps_oetztal_srtm3.tif", TRAINING,
           "Ötztal Alps, SRTM3 (plugin sample data, not duplicated)", _OGGM),
    # issue 13 "More terrain" (training/dems/build_more.py; sources in training/dems/SOURCES.md)
    _train("karakoram_baltoro", "Baltoro Glacier and K2, Karakoram, SRTM3 crop", _OGGM),
    _train("karakoram_masherbrum", "Masherbrum and lower Baltoro Glacier, Karakoram, SRTM3 crop",
           _OGGM),
    _train("alaska_chugach_west", "Chugach Mtns, N Prince William Sound, Alaska, 100 m", _OGGM),
    _train("greenland_northwest", "Ice cap margin, NW Greenland (80.7 N), 100 m", _OGGM),
    _train("utah_bear_river", "Bear River Range E of Logan, Utah, 100 m", _TAUDEM),
    _train("colorado_front_range", "Longs Peak, Colorado Front Range, SRTM3 crop", _LANDLAB),
    _train("hawaii_kilauea", "Kilauea caldera and upper south flank, Hawaii, 30 m", _GMT),
    _train("hawaii_mauna_kea", "Mauna Kea summit shield, Hawaii, 93 m", _WINDNINJA),
    _train("idaho_lost_river", "Lost River Range near Mackay, Idaho, 30 m", _WINDNINJA),
    _train("montana_missoula", "Rattlesnake Mtns and Missoula valley, Montana, 31 m", _WINDNINJA),
    _train("idaho_big_southern_butte", "Big Southern Butte on the Snake River Plain, Idaho, 30 m",
           _WINDNINJA),
    _train("utah_zion", "Kolob Terrace canyons, Zion NP, Utah, SRTM3 crop", _SPDATALARGE),
    _train("turkey_east_anatolia", "Eastern Anatolian highlands E of Erzincan, SRTM3 crop",
           _DEMCOMPARE),
    _train("azores_pico", "Pico volcano, Azores, SRTM3 crop", _WRADLIB),
    _train("nz_kahurangi", "Anatoki Range / Takaka valley, NW Nelson, New Zealand, 1 arc-second",
           _NZDEM),
    _train("nz_raukumara", "Mt Hikurangi, Raukumara Range, New Zealand, 1 arc-second", _NZDEM),
    _train("capeverde_fogo", "Fogo volcano and caldera, Cape Verde, 1 arc-second", _MORPHOVOLC),
    _train("galapagos_fernandina", "Fernandina shield and caldera, Galapagos, 1 arc-second",
           _MORPHOVOLC),
    _train("carolina_eno_piedmont", "Upper Eno River piedmont, North Carolina, 10 m (low relief)",
           _TAUDEM),
    _train("nepal_terai", "Terai lowland / Siwalik foothills, W Nepal, 1 arc-second (low relief)",
           "Apache-2.0 (isce-framework/isce3)"),
    _train("italy_rome", "Rome, Tiber valley, 1 arc-second (low relief)",
           "Apache-2.0 (bopen/sarsen)"),
    _train("ventoux", "Mont Ventoux, SRTM3 crop of N44E005 (held-out validation window)",
           _SHARELOC, split=VALIDATION),
    Region("alps_bernese", EVALUATION_DIR / "alps_bernese_RGI50-11.01270.tif", EVALUATION,
           "Bernese Alps, 46 m", _OGGM),
    Region("san_gabriel", EVALUATION_DIR / "san_gabriel_bigtujunga_srtm30_utm11_crop.tif",
           EVALUATION, "San Gabriel Mtns, SRTM 30 m crop", _TOPOTOOLBOX),
    Region("tibet_yarlung", EVALUATION_DIR / "tibet_yarlung_tsangpo_20m_utm46.tif", EVALUATION,
           "Yarlung Tsangpo gorge, 20 m", _TOPOTOOLBOX),
    Region("yukon_south_glacier", EVALUATION_DIR / "yukon_south_glacier_20m.tif", EVALUATION,
           "St Elias Mtns, Yukon, 20 m", _OGGM),
)


def regions(split=None, names=None):
    """Regions of one split (None: all), optionally only the given names (in that order)."""
    chosen = [r for r in REGIONS if split is None or r.split == split]
    if names:
        by_name = {r.name: r for r in chosen}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise ValueError(f"Unknown {split or ''} region(s) {unknown}; choose from "
                             f"{sorted(by_name)}.")
        chosen = [by_name[n] for n in names]
    return chosen


def region(name):
    """Return the Region called ``name``."""
    return regions(names=[name])[0]


def check_split():
    """Raise AssertionError when a DEM file or a name appears in two splits."""
    names = [r.name for r in REGIONS]
    assert len(names) == len(set(names)), "duplicate region names"
    files = {}
    for r in REGIONS:
        key = r.path.resolve()
        assert key not in files or files[key] == r.split, f"{key} in {files[key]} and {r.split}"
        files[key] = r.split
    for split in SPLITS:
        assert regions(split), f"no {split} region"
    return True


# ---- building training/dems/ from the shared copies (run once; documented in SOURCES.md) ----

# name -> (source file in the shared DEM folder, srcwin (xoff, yoff, xsize, ysize) or None,
#          output type)
COPIES = {
    "devoluy": ("N44E005.hgt", (960, 120, 240, 240), gdal.GDT_Int16),
    "vercors": ("N44E005.hgt", (480, 0, 240, 240), gdal.GDT_Int16),
    "diois": ("N44E005.hgt", (540, 240, 240, 240), gdal.GDT_Int16),
    "buech": ("N44E005.hgt", (780, 480, 240, 240), gdal.GDT_Int16),
    "ventoux": ("N44E005.hgt", (240, 790, 240, 240), gdal.GDT_Int16),
    "himalaya_chhota_shigri": ("himalaya_chhota_shigri.tif", None, gdal.GDT_Int16),
    "alaska_columbia": ("alaska_columbia_glacier.tif", (30, 150, 400, 400), gdal.GDT_Int16),
    "mongolia_orkhon": ("mongolia_orkhon_exampleDEM.asc", None, gdal.GDT_Float32),
    "appalachia_jacksboro": ("appalachia_jacksboro_fault_dem.npz", None, gdal.GDT_Int16),
}
NODATA_OUT = -32768
FILL_DISTANCE_CELLS = 30


def read_source(path, srcwin):
    """(heights float64 with NaN voids, geotransform, projection WKT)."""
    if path.suffix == ".npz":  # matplotlib's jacksboro_fault_dem.npz: row 0 = north
        data = np.load(path)
        z = data["elevation"].astype(np.float64)
        north = float(max(data["ymin"], data["ymax"]))  # the file swaps the y labels
        gt = (float(data["xmin"]), float(data["dx"]), 0.0, north, 0.0, -float(data["dy"]))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        return z, gt, srs.ExportToWkt()
    ds = gdal.Open(str(path))
    if srcwin is not None:
        ds = gdal.Translate("", ds, format="MEM", srcWin=list(srcwin))
    band = ds.GetRasterBand(1)
    z = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    bad = ~np.isfinite(z) | (z < -1000)
    if nodata is not None:
        bad |= z == nodata
    z[bad] = np.nan
    return z, ds.GetGeoTransform(), ds.GetProjection()


def fill_voids(z):
    """SRTM voids filled by GDAL's inverse-distance FillNodata (the copies are void-free)."""
    if not np.isnan(z).any():
        return z, 0
    mem = gdal.GetDriverByName("MEM").Create("", z.shape[1], z.shape[0], 1, gdal.GDT_Float32)
    band = mem.GetRasterBand(1)
    band.SetNoDataValue(NODATA_OUT)
    band.WriteArray(np.where(np.isnan(z), NODATA_OUT, z).astype(np.float32))
    gdal.FillNodata(band, None, FILL_DISTANCE_CELLS, 0)
    filled = band.ReadAsArray().astype(np.float64)
    filled[filled == NODATA_OUT] = np.nan
    return filled, int(np.isnan(z).sum())


def build_copy(name, shared_dir, out_dir=DEM_DIR):
    """Re-create ``training/dems/<name>.tif`` from its shared source copy (crop, fill, encode)."""
    source, srcwin, data_type = COPIES[name]
    z, gt, wkt = read_source(Path(shared_dir) / source, srcwin)
    z, filled = fill_voids(z)
    if np.isnan(z).any():
        raise ValueError(f"{name}: voids left after filling")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.tif"
    predictor = "2" if data_type == gdal.GDT_Int16 else "3"
    ds = gdal.GetDriverByName("GTiff").Create(
        str(target), z.shape[1], z.shape[0], 1, data_type,
        options=["COMPRESS=DEFLATE", f"PREDICTOR={predictor}", "ZLEVEL=9", "TILED=NO"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    values = np.round(z) if data_type == gdal.GDT_Int16 else z
    band.WriteArray(values.astype(np.int16 if data_type == gdal.GDT_Int16 else np.float32))
    ds = None
    return target, filled


def sha256(path):
    """Return the SHA-256 hex digest of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def main():
    """List the regions, or rebuild training/dems/ from the shared copies (--build)."""
    parser = argparse.ArgumentParser(description="List the regions or rebuild training/dems/.")
    parser.add_argument("--build", metavar="SHARED_DEM_DIR", type=Path,
                        help="re-create training/dems/ from the shared DEM copies")
    args = parser.parse_args()
    check_split()
    if args.build:
        for name in COPIES:
            target, filled = build_copy(name, args.build)
            print(f"{sha256(target)}  {target.relative_to(ROOT)}  ({target.stat().st_size} B, "
                  f"{filled} void cells filled)")
        return
    for r in REGIONS:
        print(f"{r.split:10s} {r.name:24s} {r.path.relative_to(ROOT)}  {r.description}")


if __name__ == "__main__":
    main()
