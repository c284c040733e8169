"""Conventional terrain geocoding: each DEM cell takes the radar image at its own position.

The lookup position (fractional line, sample; pixel centres at integers) comes from the
simulation. The value is the bilinear interpolation of the measured intensity over the four
surrounding pixels, renormalised over those that are measured. In layover several cells
share a pixel and each gets its whole value: that is the energy inflation the
reconstruction avoids.
"""
import numpy as np

from ..simulation.mapping import RadarWindow


def lookup_window(block, raster_shape):
    """Window holding the tile's mapping window and the 2 x 2 pixels around each centre."""
    window = block.window
    inside = block.in_image
    if inside.any():
        line, sample = block.line[inside], block.sample[inside]
        l0 = max(0, int(np.floor(line.min())))
        s0 = max(0, int(np.floor(sample.min())))
        l1 = min(raster_shape[0], int(np.floor(line.max())) + 2)
        s1 = min(raster_shape[1], int(np.floor(sample.max())) + 2)
        window = RadarWindow(l0, s0, l1 - l0, s1 - s0).union(window)
    return window


def bilinear(image, line, sample):
    """Bilinear values of ``image`` (NaN = missing) at window-relative (line, sample)."""
    out = np.full(np.shape(line), np.nan)
    ok = np.isfinite(line) & np.isfinite(sample)
    at_line, at_sample = line[ok], sample[ok]
    l0, s0 = np.floor(at_line).astype(int), np.floor(at_sample).astype(int)
    fl, fs = at_line - l0, at_sample - s0
    total = np.zeros(at_line.shape)
    weight = np.zeros(at_line.shape)
    for dl, ds, w in ((0, 0, (1 - fl) * (1 - fs)), (0, 1, (1 - fl) * fs),
                      (1, 0, fl * (1 - fs)), (1, 1, fl * fs)):
        li = np.clip(l0 + dl, 0, image.shape[0] - 1)
        si = np.clip(s0 + ds, 0, image.shape[1] - 1)
        values = image[li, si]
        good = np.isfinite(values) & (w > 0)
        total += np.where(good, w * np.nan_to_num(values), 0.0)
        weight += np.where(good, w, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out[ok] = np.where(weight > 0, total / weight, np.nan)
    return out


def nearest(image, line, sample):
    """Value of the pixel nearest to window-relative (line, sample); NaN where unknown."""
    out = np.full(np.shape(line), np.nan)
    ok = np.isfinite(line) & np.isfinite(sample)
    li = np.clip(np.rint(line[ok]).astype(int), 0, image.shape[0] - 1)
    si = np.clip(np.rint(sample[ok]).astype(int), 0, image.shape[1] - 1)
    out[ok] = image[li, si]
    return out
