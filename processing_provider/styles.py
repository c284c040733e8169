"""Fit the bundled colour-ramp styles to the layers they are applied to (the display only).

A QML style stores fixed colour stops. The styles whose min/max origin is not "user defined"
(resources/styles/height_terrain.qml, height_uncertainty.qml, sar_backscatter.qml) store their
stops over a placeholder range; here they are mapped onto the range of each layer: its
cumulative cut (or min/max, or mean ± k std) computed from a sample of at most
SAMPLE_SIDE x SAMPLE_SIDE cells, as QGIS's "Estimated" statistics do.

Backscatter in dB: a QGIS 3.22 style cannot take a logarithm of the values, and a grey stretch
of linear intensities shows a black image with a few white points. The backscatter style
(DB_STYLES) is therefore fitted in dB: its range is the cumulative cut of the values in dB
(percentiles do not change under the logarithm, so these are the percentiles of the linear
values too) and its colour ramp is laid out as DB_STOPS stops equally spaced in dB, placed
at 10^(dB/10) on a linear raster. Between two stops QGIS interpolates linearly in the
values, not in dB: with 32 steps the colour is that of an exact dB display to within 0.12 % of
the range for a range of 40 dB (0.3 grey levels; 0.17 % for 60 dB), which
test/test_styles_and_log_qgis.py checks. The legend and the stops are labelled in dB; the
min/max origin becomes "user defined" so that QGIS does not recompute a linear stretch over
it. Layers written together (reconstructed and geocoded) are given one range, so that they
compare honestly.

Only the display changes: the raster keeps linear intensities, what estimate_height reads by
default and what averages and energy budgets need; who wants dB values in the file chooses
them in reconstruct_layover's output units (the style then lays the same ramp over them).
"""
import math

from qgis.core import (
    Qgis,
    QgsColorRampShader,
    QgsRasterMinMaxOrigin,
    QgsRasterShader,
)

SAMPLE_SIDE = 512  # cells read at most along each side (nearest neighbour) for the statistics
DB_STYLES = ("sar_backscatter",)  # styles whose range and stops are laid out in dB
DB_STOPS = 33  # stops of a dB style (32 steps)
LINEAR, DECIBEL = "linear", "db"  # units of a backscatter raster (core.constants)
_NUMPY_TYPES = {
    Qgis.Byte: "uint8", Qgis.UInt16: "uint16", Qgis.Int16: "int16", Qgis.UInt32: "uint32",
    Qgis.Int32: "int32", Qgis.Float32: "float32", Qgis.Float64: "float64",
}


def sample_values(layer, band):
    """Return the valid values of ``band`` of a raster layer as a 1-D float64 array.

    A nearest-neighbour sample of at most SAMPLE_SIDE x SAMPLE_SIDE cells over the whole
    raster; no-data values (the source's and the user's) and non-finite values are left out.
    An empty array for data types other than real numbers.
    """
    import numpy as np

    provider = layer.dataProvider()
    dtype = _NUMPY_TYPES.get(provider.dataType(band))
    if dtype is None or provider.xSize() <= 0 or provider.ySize() <= 0:
        return np.zeros(0)
    width, height = min(provider.xSize(), SAMPLE_SIDE), min(provider.ySize(), SAMPLE_SIDE)
    block = provider.block(band, provider.extent(), width, height)
    raw = bytes(block.data())
    if len(raw) != width * height * np.dtype(dtype).itemsize:
        return np.zeros(0)
    values = np.frombuffer(raw, dtype=dtype).astype(np.float64)
    keep = np.isfinite(values)
    if provider.sourceHasNoDataValue(band) and provider.useSourceNoDataValue(band):
        nodata = provider.sourceNoDataValue(band)
        if math.isfinite(nodata):
            keep &= values != nodata
    for excluded in provider.userNoDataValues(band):
        keep &= ~((values >= excluded.min()) & (values <= excluded.max()))
    return values[keep]


def limits_of(values, origin):
    """Return (low, high) of ``values`` as the min/max origin ``origin`` asks, else None.

    CumulativeCut: the lower and upper percentiles; MinMax: the extremes; StdDev: mean ± k std.
    None without values or for "user defined" limits. A flat sample gets a range of 1 around
    its value.
    """
    import numpy as np

    limits = origin.limits()
    if values.size == 0 or limits == QgsRasterMinMaxOrigin.None_:
        return None
    if limits == QgsRasterMinMaxOrigin.CumulativeCut:
        low, high = np.quantile(values, [origin.cumulativeCutLower(),
                                         origin.cumulativeCutUpper()])
    elif limits == QgsRasterMinMaxOrigin.StdDev:
        mean, spread = float(values.mean()), origin.stdDevFactor() * float(values.std())
        low, high = mean - spread, mean + spread
    else:
        low, high = values.min(), values.max()
    low, high = float(low), float(high)
    if not high > low:
        low, high = low - 0.5, high + 0.5
    return low, high


def decibels(values, units):
    """Return the values of a backscatter sample in dB (linear: the positive ones only)."""
    import numpy as np

    if units == DECIBEL:
        return values
    return 10.0 * np.log10(values[values > 0])


def shared_range(layers, origin, units=None):
    """Return the common (low, high) of several layers: the envelope of each one's limits.

    ``units``: None for a style laid out in the values, else the units of the backscatter
    rasters (LINEAR or DECIBEL): the range is then in dB. None when no layer has a value.
    """
    ranges = []
    for layer in layers:
        values = sample_values(layer, 1)
        if units is not None:
            values = decibels(values, units)
        found = limits_of(values, origin)
        if found is not None:
            ranges.append(found)
    if not ranges:
        return None
    return min(low for low, _ in ranges), max(high for _, high in ranges)


def _number(value, decimals):
    return "{0:.{1}f}".format(value, decimals).replace("-", "\N{MINUS SIGN}")


def _set_shader(layer, renderer, shader, low, high):
    """Give ``renderer`` the colour ramp ``shader`` over [low, high] (values of the raster)."""
    shader.setMinimumValue(low)
    shader.setMaximumValue(high)
    raster_shader = QgsRasterShader(low, high)
    raster_shader.setRasterShaderFunction(shader)
    renderer.setShader(raster_shader)
    renderer.setClassificationMin(low)
    renderer.setClassificationMax(high)
    layer.setRenderer(renderer)


def fit_pseudocolor(layer, value_range=None):
    """Map the stops of a loaded pseudocolor style onto the layer's range; True when done.

    The stops keep their places relative to the style's classification range. ``value_range``:
    (low, high) to use instead of this layer's own (a range shared with other layers).
    """
    loaded = layer.renderer()  # read here: QGIS 3.22's clone() loses the classification range
    value_range = value_range or limits_of(sample_values(layer, loaded.band()),
                                           loaded.minMaxOrigin())
    old = loaded.shader().rasterShaderFunction()
    old_low, old_high = loaded.classificationMin(), loaded.classificationMax()
    if value_range is None or not old_high > old_low:
        return False
    low, high = value_range
    shader = QgsColorRampShader(old)
    items = []
    for item in old.colorRampItemList():
        fraction = (item.value - old_low) / (old_high - old_low)
        items.append(QgsColorRampShader.ColorRampItem(low + fraction * (high - low), item.color,
                                                      item.label))
    shader.setColorRampItemList(items)
    _set_shader(layer, loaded.clone(), shader, low, high)
    return True


def fit_decibel_style(layer, units=LINEAR, db_range=None):
    """Lay a loaded dB style (DB_STYLES) out in dB on a backscatter layer; True when done.

    ``units``: LINEAR (intensity) or DECIBEL, what the raster holds. ``db_range``: (low, high)
    in dB to use instead of this layer's own cumulative cut (a range shared with other layers).
    The colours are the style's colour ramp; the stops and the legend are labelled in dB.
    """
    loaded = layer.renderer()
    if db_range is None:
        db_range = limits_of(decibels(sample_values(layer, loaded.band()), units),
                             loaded.minMaxOrigin())
    if db_range is None:
        return False
    low_db, high_db = db_range
    old = loaded.shader().rasterShaderFunction()
    ramp = old.sourceColorRamp()
    if ramp is None:
        return False

    def value(db):
        return db if units == DECIBEL else 10.0 ** (db / 10.0)

    decimals = max(old.labelPrecision(), 0)
    items = []
    for step in range(DB_STOPS):
        fraction = step / (DB_STOPS - 1)
        db = low_db + fraction * (high_db - low_db)
        items.append(QgsColorRampShader.ColorRampItem(
            value(db), ramp.color(fraction), _number(db, decimals) + " dB"))
    shader = QgsColorRampShader(old)
    shader.setColorRampItemList(items)
    legend = shader.legendSettings()
    legend.setMinimumLabel(items[0].label)
    legend.setMaximumLabel(items[-1].label)
    shader.setLegendSettings(legend)
    renderer = loaded.clone()
    origin = loaded.minMaxOrigin()
    origin.setLimits(QgsRasterMinMaxOrigin.None_)  # QGIS would recompute it in linear units
    renderer.setMinMaxOrigin(origin)
    _set_shader(layer, renderer, shader, value(low_db), value(high_db))
    return True
