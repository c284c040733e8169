"""PNG quicklooks of GeoTIFF outputs with GDAL and numpy only (no matplotlib needed)."""
import warnings

import numpy as np
from osgeo import gdal

gdal.UseExceptions()

MASK_COLOURS = {0: (235, 235, 235), 1: (230, 85, 13), 2: (33, 64, 154), 3: (128, 0, 128),
                255: (255, 255, 255)}


def _write_png(rgb, path):
    rows, cols, _ = rgb.shape
    mem = gdal.GetDriverByName("MEM").Create("", cols, rows, 3, gdal.GDT_Byte)
    for band in range(3):
        mem.GetRasterBand(band + 1).WriteArray(rgb[:, :, band])
    gdal.GetDriverByName("PNG").CreateCopy(str(path), mem)


def _crop_to_data(data):
    valid = np.isfinite(data) & (data != 0)
    if not valid.any():
        return data
    rows, cols = np.flatnonzero(valid.any(axis=1)), np.flatnonzero(valid.any(axis=0))
    return data[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _shrink(data, max_side):
    step = max(1, int(np.ceil(max(data.shape) / max_side)))
    if step == 1:
        return data
    rows, cols = (data.shape[0] // step) * step, (data.shape[1] // step) * step
    blocks = data[:rows, :cols].reshape(rows // step, step, cols // step, step)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN blocks stay NaN
        return np.nanmean(blocks, axis=(1, 3))


def _resize(data, max_side, min_side=300):
    """Shrink (block mean) above ``max_side``; enlarge (nearest neighbour) small grids.

    A grid whose larger side is at most half of ``min_side`` is enlarged by a whole factor
    (coarse grids such as a 16 m stereo DEM of a 1.5 km scene would be a thumbnail).
    """
    factor = int(min_side // max(data.shape))
    if factor > 1:
        return np.repeat(np.repeat(data, factor, axis=0), factor, axis=1)
    return _shrink(data, max_side)


def grey(path, png, db=False, crop=False, max_side=1200, flip_lr=False, band=1):
    """Grey-scale quicklook stretched between the 2nd and 98th percentiles."""
    ds = gdal.Open(str(path))
    data = ds.GetRasterBand(band).ReadAsArray().astype(np.float64)
    nodata = ds.GetRasterBand(band).GetNoDataValue()
    if nodata is not None:
        data[data == nodata] = np.nan
    if crop:
        data = _crop_to_data(data)
    data = _shrink(data, max_side)
    if db:
        with np.errstate(divide="ignore", invalid="ignore"):
            data = 10 * np.log10(np.where(data > 0, data, np.nan))
    lo, hi = np.nanpercentile(data, [2, 98]) if np.isfinite(data).any() else (0, 1)
    scaled = np.clip((data - lo) / max(hi - lo, 1e-12), 0, 1)
    image = np.where(np.isfinite(scaled), scaled * 255, 255).astype(np.uint8)
    if flip_lr:
        image = image[:, ::-1]
    _write_png(np.dstack([image] * 3), png)


def mask(path, png):
    """Write a colour quicklook of a layover/shadow mask.

    Clear light grey, layover orange, shadow blue, layover+shadow purple, 255 white.
    """
    ds = gdal.Open(str(path))  # keep the dataset alive while its band is read (GDAL 3.6)
    data = ds.GetRasterBand(1).ReadAsArray()
    rgb = np.zeros(data.shape + (3,), dtype=np.uint8)
    for code, colour in MASK_COLOURS.items():
        rgb[data == code] = colour
    _write_png(rgb, png)


def _read(path, band=1):
    ds = gdal.Open(str(path))
    data = ds.GetRasterBand(band).ReadAsArray().astype(np.float64)
    nodata = ds.GetRasterBand(band).GetNoDataValue()
    if nodata is not None and np.isfinite(nodata):
        data[data == nodata] = np.nan
    return data


def side_by_side(paths, png, gap=8):
    """Grey quicklooks of same-grid rasters next to each other, one common stretch."""
    layers = [_read(p) for p in paths]
    lo, hi = np.nanpercentile(np.concatenate([a[np.isfinite(a)] for a in layers]), [2, 98])
    tiles = []
    for data in layers:
        scaled = np.clip((data - lo) / max(hi - lo, 1e-12), 0, 1)
        tiles.append(np.where(np.isfinite(scaled), scaled * 255, 255).astype(np.uint8))
        tiles.append(np.full((data.shape[0], gap), 255, dtype=np.uint8))
    image = np.hstack(tiles[:-1])
    _write_png(np.dstack([image] * 3), png)


def _spacing_m(path):
    """(row, column) pixel spacing in metres of a projected north-up raster."""
    gt = gdal.Open(str(path)).GetGeoTransform()
    return abs(gt[5]), abs(gt[1])


def _hillshade(heights, spacing, azimuth_deg=315.0, altitude_deg=45.0):
    """Lambertian hillshade in [0, 1] (NaN where the heights are missing)."""
    dy, dx = spacing
    gy, gx = np.gradient(heights, dy, dx)  # gy: change per row (southwards)
    slope = np.arctan(np.hypot(gx, gy))
    aspect = np.arctan2(-gx, gy)  # downslope direction, clockwise from north
    azimuth, altitude = np.radians(azimuth_deg), np.radians(altitude_deg)
    shade = (np.sin(altitude) * np.cos(slope)
             + np.cos(altitude) * np.sin(slope) * np.cos(azimuth - aspect))
    return np.clip(shade, 0, 1)


def hillshade(paths, png, gap=8, max_side=1200):
    """Hillshades of same-grid height rasters (metres, projected CRS) next to each other."""
    tiles = []
    for path in paths:
        shade = _resize(_hillshade(_read(path), _spacing_m(path)), max_side)
        tiles.append(np.where(np.isfinite(shade), shade * 255, 255).astype(np.uint8))
        tiles.append(np.full((shade.shape[0], gap), 255, dtype=np.uint8))
    image = np.hstack(tiles[:-1])
    _write_png(np.dstack([image] * 3), png)


def diverging(paths, png, limit=None, gap=8, max_side=1200):
    """Write blue (negative) - white - red (positive) quicklooks of same-grid rasters.

    E.g. height errors, next to each other on one symmetric stretch of +-limit (default: the
    98th percentile of |value| over all of them); no value is grey. Returns the limit used.
    """
    layers = [_resize(_read(p), max_side) for p in paths]
    if limit is None:
        values = np.concatenate([np.abs(a[np.isfinite(a)]) for a in layers])
        limit = float(np.percentile(values, 98)) if values.size else 1.0
    limit = max(limit, 1e-12)
    tiles = []
    for data in layers:
        t = np.clip(data / limit, -1, 1)
        fade = 1 - np.abs(t)  # white at 0
        red = np.where(t > 0, 1.0, fade)
        blue = np.where(t < 0, 1.0, fade)
        rgb = np.dstack([red, fade, blue]) * 255
        rgb[~np.isfinite(data)] = 200  # grey: no value
        tiles.append(rgb.astype(np.uint8))
        tiles.append(np.full((data.shape[0], gap, 3), 255, dtype=np.uint8))
    _write_png(np.hstack(tiles[:-1]), png)
    return limit
