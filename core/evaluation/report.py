"""Self-contained HTML report of a DEM comparison: tables and an embedded histogram PNG.

The histogram is drawn with numpy into an RGB array (a 3x5 pixel font for the tick labels) and
encoded as PNG with GDAL's PNG driver through /vsimem/, then embedded as a base64 data URI:
no matplotlib, no side files.
"""
import base64
import html
import math
import os
import uuid
from typing import TYPE_CHECKING, Optional

import numpy as np
from osgeo import gdal

from ..output_commit import OutputError, OutputSet
from .statistics import HISTOGRAM_LIMIT, HISTOGRAM_STEP, NMAD_FACTOR, WITHIN_THRESHOLDS

if TYPE_CHECKING:  # for the annotations only
    from .compare import EvaluationResult

gdal.UseExceptions()

_GLYPHS = {
    "0": ("111", "101", "101", "101", "111"), "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"), "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"), "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"), "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"), "9": ("111", "101", "111", "001", "111"),
    "-": ("000", "000", "111", "000", "000"), "+": ("000", "010", "111", "010", "000"),
    ".": ("000", "000", "000", "000", "010"), "m": ("000", "000", "110", "111", "101"),
    " ": ("000", "000", "000", "000", "000"),
}
_SCALE = 2
BAR = (70, 110, 180)
MEDIAN = (220, 110, 20)
AXIS = (0, 0, 0)
GRID = (225, 225, 225)


def _text(image, text, x, y, colour=AXIS, centre=True):
    """Draw ``text`` with its top at row y, centred on (or starting at) column x."""
    advance = 4 * _SCALE
    if centre:
        x -= (len(text) * advance - _SCALE) // 2
    for i, char in enumerate(text):
        glyph = _GLYPHS.get(char, _GLYPHS[" "])
        for r, row in enumerate(glyph):
            for c, bit in enumerate(row):
                if bit == "1":
                    y0, x0 = y + r * _SCALE, x + i * advance + c * _SCALE
                    if 0 <= y0 and y0 + _SCALE <= image.shape[0] and 0 <= x0 and \
                            x0 + _SCALE <= image.shape[1]:
                        image[y0:y0 + _SCALE, x0:x0 + _SCALE] = colour


def _number(value):
    return f"{value:g}"


def histogram_rgb(edges, counts, median=None, half_width=None, width=720, height=360):
    """RGB uint8 array (height, width, 3) of a bar histogram.

    The x axis spans ±``half_width`` (default: the edges' range), ticks at quarters of it.
    """
    image = np.full((height, width, 3), 255, dtype=np.uint8)
    left, right, top, bottom = 56, 24, 16, 40
    x0, x1, y0, y1 = left, width - right, top, height - bottom
    if half_width:
        lo, hi = -float(half_width), float(half_width)
    else:
        lo, hi = float(edges[0]), float(edges[-1])

    def column(value):
        value = min(max(value, lo), hi)
        return int(round(x0 + (value - lo) / (hi - lo) * (x1 - x0)))

    peak = int(counts.max()) if counts.size and counts.max() > 0 else 1
    for fraction in (0.25, 0.5, 0.75, 1.0):  # horizontal grid lines
        row = int(round(y1 - fraction * (y1 - y0)))
        image[row, x0:x1] = GRID
    for a, b, count in zip(edges[:-1], edges[1:], counts):
        if count <= 0:
            continue
        ca, cb = column(a), column(b) - 1
        if cb <= ca:
            cb = ca + 1 if a >= lo and b <= hi else ca
        bar_top = int(round(y1 - count / peak * (y1 - y0)))
        image[bar_top:y1, ca:cb] = BAR
    image[y0:y1 + 1, x0] = AXIS
    image[y1, x0:x1 + 1] = AXIS
    if lo < 0 < hi:
        image[y0:y1, column(0.0)] = AXIS
    if median is not None and math.isfinite(median) and lo < median < hi:
        c = column(median)
        image[y0:y1, c:c + 2] = MEDIAN
    for tick in np.linspace(lo, hi, 5):
        c = column(tick)
        image[y1:y1 + 5, c] = AXIS
        _text(image, _number(round(float(tick), 6)), c, y1 + 9)
    _text(image, "m", x1 + 14, y1 + 9)  # unit, right of the last tick label
    for fraction in (0.5, 1.0):
        row = int(round(y1 - fraction * (y1 - y0)))
        image[row, x0 - 5:x0] = AXIS
        label = _number(int(round(fraction * peak)))
        # right-aligned left of the axis
        _text(image, label, x0 - 8 - len(label) * 4 * _SCALE, row - 5 * _SCALE // 2,
              centre=False)
    return image


def png_bytes(rgb):
    """Encode an RGB uint8 array as PNG with GDAL (through /vsimem/)."""
    height, width, _ = rgb.shape
    memory = gdal.GetDriverByName("MEM").Create("", width, height, 3, gdal.GDT_Byte)
    for band in range(3):
        memory.GetRasterBand(band + 1).WriteArray(np.ascontiguousarray(rgb[:, :, band]))
    name = f"/vsimem/sarheight_histogram_{uuid.uuid4().hex}.png"
    try:
        gdal.GetDriverByName("PNG").CreateCopy(name, memory)
        size = gdal.VSIStatL(name).size
        handle = gdal.VSIFOpenL(name, "rb")
        try:
            data = gdal.VSIFReadL(1, size, handle)
        finally:
            gdal.VSIFCloseL(handle)
    finally:
        gdal.Unlink(name)
        for suffix in (".aux.xml",):
            try:
                gdal.Unlink(name + suffix)
            except RuntimeError:
                pass
    return bytes(data)


# -- HTML ------------------------------------------------------------------------------------------
_COLUMNS = [("count_reference", "reference cells", "{:d}"), ("count", "compared cells", "{:d}"),
            ("coverage", "coverage %", "{:.2f}"), ("bias", "bias m", "{:.3f}"),
            ("rmse", "RMSE m", "{:.3f}"), ("mae", "MAE m", "{:.3f}"),
            ("nmad", "NMAD m", "{:.3f}"), ("median", "median m", "{:.3f}"),
            ("std", "std m", "{:.3f}")] + [
    (f"within_{t}m", f"|e| ≤ {t} m %", "{:.2f}") for t in WITHIN_THRESHOLDS]
_SUMMARY = [("bias", "Bias (mean error)", "m", "{:.3f}"), ("rmse", "RMSE", "m", "{:.3f}"),
            ("mae", "MAE (mean absolute error)", "m", "{:.3f}"),
            ("nmad", "NMAD (1.4826 × median |e − median e|)", "m", "{:.3f}"),
            ("median", "Median error", "m", "{:.3f}"), ("std", "Standard deviation", "m",
                                                          "{:.3f}"),
            ("min", "Minimum error", "m", "{:.3f}"), ("max", "Maximum error", "m", "{:.3f}")] + [
    (f"within_{t}m", f"Within ±{t} m", "%", "{:.2f}") for t in WITHIN_THRESHOLDS] + [
    ("coverage", "Coverage (reference cells with an estimate)", "%", "{:.2f}"),
    ("count", "Compared cells", "", "{:d}"), ("count_reference", "Reference cells", "", "{:d}")]


def _format(value, pattern):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if pattern == "{:d}":
        return f"{int(value):d}"
    return pattern.format(value)


def report_html(result):
    """Return the report as one HTML string (histogram embedded as a PNG data URI)."""
    esc = html.escape
    edges, counts = result.histogram
    half_width = result.histogram_half_width
    png = png_bytes(histogram_rgb(edges, counts, result.overall.get("median"), half_width))
    data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    width, height = result.reference_size
    parts = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<title>SAR Height – DEM evaluation</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:72em}"
        "table{border-collapse:collapse;margin:1em 0}"
        "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}"
        "th:first-child,td:first-child{text-align:left}th{background:#eee}"
        ".note{color:#555;font-size:90%}</style></head><body>",
        "<h1>DEM evaluation</h1>",
        "<p>Error = estimate − reference, in metres, after converting both DEMs to WGS84 "
        "ellipsoidal heights; the estimate is resampled bilinearly onto the reference grid.</p>",
        "<h2>Inputs</h2><table>",
        f"<tr><th>Estimate</th><td>{esc(result.estimate_path)}<br>"
        f"<span class=\"note\">{esc(result.estimate_datum_note)}</span></td></tr>",
        f"<tr><th>Reference</th><td>{esc(result.reference_path)} ({width} × {height} cells)<br>"
        f"<span class=\"note\">{esc(result.reference_datum_note)}</span></td></tr>",
    ]
    if result.mask_path:
        parts.append(f"<tr><th>Mask</th><td>{esc(result.mask_path)}<br>"
                     f"<span class=\"note\">{esc(result.mask_note)}</span></td></tr>")
    if result.error_path:
        parts.append(f"<tr><th>Error raster</th><td>{esc(result.error_path)}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Statistics</h2><table id=\"summary\"><tr><th>Measure</th><th>Value</th>"
                 "<th>Unit</th></tr>")
    for key, label, unit, pattern in _SUMMARY:
        parts.append(f"<tr><td>{esc(label)}</td><td>{_format(result.overall.get(key), pattern)}"
                     f"</td><td>{esc(unit)}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Per mask class</h2>")
    if not result.classes:
        parts.append("<p class=\"note\">No mask given: all cells form one class.</p>")
    parts.append("<table id=\"classes\"><tr><th>class</th><th>value</th>"
                 + "".join(f"<th>{esc(label)}</th>" for _, label, _ in _COLUMNS) + "</tr>")
    for name, stats in result.table():
        value = result.class_values.get(name, "")
        parts.append(f"<tr><td>{esc(str(name))}</td><td>{esc(str(value))}</td>"
                     + "".join(f"<td>{_format(stats.get(key), pattern)}</td>"
                               for key, _, pattern in _COLUMNS) + "</tr>")
    parts.append("</table>")
    shown = int(counts.sum())
    parts.append("<h2>Error histogram</h2>")
    parts.append(f"<p><img src=\"{data_uri}\" alt=\"Histogram of the errors from "
                 f"{-half_width:g} m to {half_width:g} m\" width=\"720\" height=\"360\"></p>")
    parts.append(f"<p class=\"note\">All compared cells; x: error in metres from {-half_width:g} "
                 f"to {half_width:g} ({len(counts)} bars of {edges[1] - edges[0]:g} m); y: cells "
                 f"per bar; {shown} of {result.overall.get('count', 0)} errors lie in the shown "
                 f"range. Black: zero; orange: median.</p>")
    parts.append("<h2>Method</h2><ul class=\"note\">"
                 f"<li>NMAD = {NMAD_FACTOR} × median(|e − median(e)|), robust to outliers.</li>"
                 f"<li>Median and NMAD come from a histogram of {HISTOGRAM_STEP * 100:g} cm bins "
                 f"over ±{HISTOGRAM_LIMIT:g} m: median exact to within 5 mm, NMAD to within "
                 f"1.5 cm. Bias, RMSE, MAE and the ±X m shares are exact.</li>"
                 "<li>Coverage: share of reference cells holding a height for which the "
                 "estimate also has one. The ±X m shares are of the compared cells.</li>"
                 "<li>Cells without a mask class (mask nodata or outside the mask) count in "
                 "“all” only.</li>")
    for note in result.notes:
        parts.append(f"<li>{esc(note)}</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def write_html_report(result: "EvaluationResult", path: "str | os.PathLike[str]",
                      output_set: Optional[OutputSet] = None) -> str:
    """Write the report to ``path`` through a hidden temporary (core.output_commit).

    ``output_set``: an OutputSet the caller commits together with its other outputs; None:
    committed here. Raises core.output_commit.OutputError when it cannot be written.
    """
    path = os.path.abspath(str(path))
    text = report_html(result)
    outputs = OutputSet() if output_set is None else output_set
    try:
        temporary = outputs.temporary(path)
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        if output_set is None:
            outputs.commit()
    except OSError as exc:
        outputs.discard()
        raise OutputError(f"Cannot write the report {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        outputs.discard()
        raise
    return path
