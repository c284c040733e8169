"""DEM reads for the simulation: ellipsoidal heights of a window, robust for thin windows.

DemRaster.undulation builds its geoid lattice from the window's own lon/lat extent, which
degenerates (and fails) for a window one row tall in a geographic DEM. Two padding points
half a lattice step outside the window keep that lattice at least one step wide; the heights
are otherwise exactly DemRaster.read_block's.
"""
import numpy as np

from ..dem import UNDULATION_LATTICE_DEG

_PAD_DEG = UNDULATION_LATTICE_DEG


def read_ellipsoidal(dem, xoff, yoff, xsize, ysize):
    """(lon_deg, lat_deg, ellipsoidal height m) of a window, each (ysize, xsize)."""
    lon, lat = dem.lonlat(xoff, yoff, xsize, ysize)
    raw = dem.read_raw(xoff, yoff, xsize, ysize)
    pad_lon = [np.nanmin(lon) - _PAD_DEG, np.nanmax(lon) + _PAD_DEG]
    pad_lat = [np.nanmin(lat) - _PAD_DEG, np.nanmax(lat) + _PAD_DEG]
    all_lon = np.concatenate([lon.ravel(), pad_lon])
    all_lat = np.concatenate([lat.ravel(), pad_lat])
    undulation = np.asarray(dem.undulation(all_lon, all_lat))[:-2].reshape(lon.shape)
    return lon, lat, raw + undulation
