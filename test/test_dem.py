"""DEM reading and vertical datum handling on real DEMs."""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core.dem import DemError, DemRaster

ROOT = Path(__file__).resolve().parents[1]

DATA = ROOT / "test" / "data"


def test_compound_egm96_is_read_from_file():
    dem = DemRaster(DATA / "rome_30m_egm96.tif")
    assert dem.info.vertical_datum == "egm96"
    assert "read from the DEM" in dem.info.note
    lon, lat, h = dem.read_block(0, 0, 50, 40)
    raw = dem.read_raw(0, 0, 50, 40)
    undulation = h - raw
    # EGM96 geoid height near Rome is about +48 m.
    assert 44.0 < undulation.mean() < 52.0
    assert undulation.std() < 0.5


def test_geoid_dem_converted_matches_ellipsoid_version():
    """The EGM96-converted geoid version of a Copernicus tile is within 2 m of the ellipsoid one.

    The same tile in geoid and in ellipsoid heights; 2 m because EGM96 and EGM2008 differ by about
    a metre here.
    """
    geoid = DemRaster(DATA / "los_angeles_glo30_geoid.tif", "egm96")
    ellipsoid = DemRaster(DATA / "los_angeles_glo30_ellipsoid.tif", "ellipsoid")
    _, _, h_geoid = geoid.read_block(0, 0, 361, 361)
    _, _, h_ellipsoid = ellipsoid.read_block(0, 0, 361, 361)
    difference = h_geoid - h_ellipsoid
    assert abs(np.nanmean(difference)) < 2.0
    assert np.nanmean(np.abs(geoid.read_raw(0, 0, 361, 361) - h_ellipsoid)) > 30.0


def test_unstated_datum_assumes_egm96_and_says_so():
    dem = DemRaster(DATA / "los_angeles_glo30_geoid.tif")
    assert dem.info.vertical_datum == "egm96"
    assert "does not state" in dem.info.note


def test_egm2008_without_grid_is_reported():
    try:
        DemRaster(DATA / "los_angeles_glo30_geoid.tif", "egm2008")
    except DemError as exc:
        assert "EGM2008" in str(exc) and "grid" in str(exc)
    else:  # the grid is installed: then the conversion must really move the heights
        dem = DemRaster(DATA / "los_angeles_glo30_geoid.tif", "egm2008")
        _, _, h = dem.read_block(0, 0, 10, 10)
        assert np.nanmean(np.abs(h - dem.read_raw(0, 0, 10, 10))) > 30.0


def test_colour_image_and_missing_crs_are_rejected(tmp_path):
    rgb = tmp_path / "photo.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(rgb), 20, 10, 3, gdal.GDT_Byte,
                                              ["PHOTOMETRIC=RGB"])
    ds.SetGeoTransform([0, 1, 0, 0, 0, -1])
    ds = None
    with pytest.raises(DemError, match="colour image"):
        DemRaster(rgb)
    bare = tmp_path / "bare.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(bare), 20, 10, 1, gdal.GDT_Float32)
    ds = None
    with pytest.raises(DemError, match="coordinate reference system"):
        DemRaster(bare)


def test_nodata_becomes_nan_and_blocks_cover_raster():
    dem = DemRaster(ROOT / "resources" / "sample_data" / "alps_oetztal_srtm3.tif")
    windows = list(dem.windows(100))
    assert sum(w[3] for w in windows) == dem.height
    lon, lat, h = dem.read_block(*windows[-1])
    assert np.isfinite(h).all() and 10.6 < lon.min() < lon.max() < 11.2
