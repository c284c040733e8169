"""Self-contained HTML report of a DEM comparison: tables and an inline SVG histogram.

The histogram is an SVG drawn here (no matplotlib, no side files): the browser sets its text,
so axis titles come in the reader's language and nothing is clipped (the margins are sized
from the labels). Every text of the report is in ``LABELS`` (English); the caller may pass
translated ``labels`` (processing_provider/report_text.py passes QGIS's translations: core
does not import qgis). Numbers, paths and the notes of core (datum, mask) are not translated.
"""
import html
import math
import os
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..output_commit import OutputError, OutputSet
from .statistics import HISTOGRAM_LIMIT, HISTOGRAM_STEP, NMAD_FACTOR, WITHIN_THRESHOLDS

if TYPE_CHECKING:  # for the annotations only
    from .compare import EvaluationResult

# key -> English text; "{0}"... are filled in by the report (keep them in translations)
LABELS = {
    "lang": "en",
    "title": "SAR Height – DEM evaluation",
    "heading": "DEM evaluation",
    "intro": "Error = estimate − reference, in metres, after converting both DEMs to WGS84 "
             "ellipsoidal heights; the estimate is resampled bilinearly onto the reference "
             "grid.",
    "inputs": "Inputs",
    "estimate": "Estimate",
    "reference": "Reference",
    "reference_size": "{0} ({1} × {2} cells)",
    "mask": "Mask",
    "error_raster": "Error raster",
    "statistics": "Statistics",
    "measure": "Measure",
    "value": "Value",
    "unit": "Unit",
    "bias": "Bias (mean error)",
    "rmse": "RMSE",
    "mae": "MAE (mean absolute error)",
    "nmad": "NMAD (1.4826 × median |e − median e|)",
    "median": "Median error",
    "std": "Standard deviation",
    "min": "Minimum error",
    "max": "Maximum error",
    "within": "Within ±{0} m",
    "coverage": "Coverage (reference cells with an estimate)",
    "count": "Compared cells",
    "count_reference": "Reference cells",
    "per_class": "Per mask class",
    "no_mask": "No mask given: all cells form one class.",
    "column_class": "class",
    "column_value": "value",
    "column_count_reference": "reference cells",
    "column_count": "compared cells",
    "column_coverage": "coverage %",
    "column_bias": "bias m",
    "column_rmse": "RMSE m",
    "column_mae": "MAE m",
    "column_nmad": "NMAD m",
    "column_median": "median m",
    "column_std": "std m",
    "column_within": "|e| ≤ {0} m %",
    "class_all": "all",
    "class_clear": "clear",
    "class_layover": "layover",
    "class_shadow": "shadow",
    "class_layover+shadow": "layover+shadow",
    "class_n": "class {0}",
    "histogram": "Error histogram",
    "histogram_alt": "Histogram of the errors from {0} m to {1} m",
    "axis_error": "Error (m)",
    "axis_cells": "Cells per bar",
    "histogram_note": "All compared cells: {0} bars of {1} m from {2} m to {3} m; {4} of {5} "
                      "errors lie in the shown range. Black line: zero; orange line: median.",
    "method": "Method",
    "method_nmad": "NMAD = {0} × median(|e − median(e)|), robust to outliers.",
    "method_histogram": "Median and NMAD come from a histogram of {0} cm bins over ±{1} m: "
                        "median exact to within 5 mm, NMAD to within 1.5 cm. Bias, RMSE, MAE "
                        "and the ±X m shares are exact.",
    "method_coverage": "Coverage: share of reference cells holding a height for which the "
                       "estimate also has one. The ±X m shares are of the compared cells.",
    "method_no_class": "Cells without a mask class (mask nodata or outside the mask) count in "
                       "“all” only.",
}

BAR = "#4670b4"
MEDIAN = "#dc6e14"
AXIS = "#000000"
GRID = "#e1e1e1"
FONT_PX = 12  # SVG text size
CHAR_PX = 7.5  # width of a digit at FONT_PX, with room to spare


def _number(value):
    return f"{value:g}".replace("-", "−")


def _count(value):
    """Return a whole number with thin spaces between groups of three digits (SI style)."""
    return f"{int(round(value)):,}".replace(",", "\N{NARROW NO-BREAK SPACE}")


def _nice_step(span, ticks=4, smallest=0.0):
    """Return a round step (1, 2 or 5 x 10^k, at least ``smallest``) of about span / ticks."""
    raw = max(float(span) / ticks, smallest, 1e-12)
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw * (1 - 1e-9):
            return max(factor * power, smallest)
    return 10 * power


def histogram_svg(edges, counts, median=None, half_width=None, labels=None, title="",
                  width=720, height=360):
    """Return an SVG bar histogram of ``counts`` over the bins ``edges`` (metres).

    The x axis spans ±``half_width`` (default: the edges' range); both axes have round ticks.
    ``labels`` give the axis titles (LABELS' axis_error and axis_cells); ``title``: the text
    that screen readers and tooltips show. The left margin fits the widest count label, so
    none is clipped.
    """
    text = dict(LABELS, **(labels or {}))
    esc = html.escape
    counts = np.asarray(counts, dtype=np.float64)
    lo, hi = ((-float(half_width), float(half_width)) if half_width
              else (float(edges[0]), float(edges[-1])))
    peak = max(float(counts.max()) if counts.size else 0.0, 1.0)
    step = _nice_step(peak, smallest=1.0)
    top = 1.05 * peak  # room above the highest bar
    y_ticks = [step * k for k in range(int(top // step) + 1)]
    x_step = _nice_step(hi - lo, ticks=6)
    x_ticks = [x_step * k for k in range(math.ceil(lo / x_step - 1e-9),
                                          math.floor(hi / x_step + 1e-9) + 1)]
    widest = max(len(_count(tick)) for tick in y_ticks)
    left = int(2 * FONT_PX + 12 + widest * CHAR_PX)  # rotated title, gap, tick labels
    x0, x1 = left, width - 4 * FONT_PX  # room for half of the last tick label
    y0, y1 = FONT_PX, height - 4 * FONT_PX  # room for the tick labels and the title

    def column(value):
        return x0 + (min(max(value, lo), hi) - lo) / (hi - lo) * (x1 - x0)

    def row(count):
        return y1 - count / top * (y1 - y0)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" '
             f'font-size="{FONT_PX}" role="img"><title>{esc(title)}</title>']
    for tick in y_ticks:
        y = row(tick)
        if tick > 0:
            parts.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" '
                         f'stroke="{GRID}"/>')
        parts.append(f'<line x1="{x0 - 5}" y1="{y:.1f}" x2="{x0}" y2="{y:.1f}" '
                     f'stroke="{AXIS}"/>')
        parts.append(f'<text x="{x0 - 8}" y="{y + FONT_PX / 3:.1f}" '
                     f'text-anchor="end">{_count(tick)}</text>')
    for a, b, count in zip(edges[:-1], edges[1:], counts):
        if count <= 0 or b <= lo or a >= hi:
            continue
        left_x, right_x = column(a), column(b)
        gap = 0.5 if right_x - left_x > 2 else 0.0
        parts.append(f'<rect x="{left_x + gap:.2f}" y="{row(count):.2f}" '
                     f'width="{max(right_x - left_x - 2 * gap, 0.5):.2f}" '
                     f'height="{y1 - row(count):.2f}" fill="{BAR}"/>')
    if lo < 0 < hi:
        parts.append(f'<line x1="{column(0):.2f}" y1="{y0}" x2="{column(0):.2f}" y2="{y1}" '
                     f'stroke="{AXIS}" stroke-width="1.5"/>')
    if median is not None and math.isfinite(median) and lo < median < hi:
        parts.append(f'<line x1="{column(median):.2f}" y1="{y0}" x2="{column(median):.2f}" '
                     f'y2="{y1}" stroke="{MEDIAN}" stroke-width="2"/>')
    parts.append(f'<polyline points="{x0},{y0} {x0},{y1} {x1},{y1}" fill="none" '
                 f'stroke="{AXIS}"/>')
    for tick in x_ticks:
        x = column(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{y1}" x2="{x:.1f}" y2="{y1 + 5}" '
                     f'stroke="{AXIS}"/>')
        parts.append(f'<text x="{x:.1f}" y="{y1 + 6 + FONT_PX}" text-anchor="middle">'
                     f'{_number(round(float(tick), 6))}</text>')
    parts.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{height - FONT_PX / 2:.1f}" '
                 f'text-anchor="middle">{esc(text["axis_error"])}</text>')
    parts.append(f'<text transform="translate({FONT_PX + 2},{(y0 + y1) / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle">{esc(text["axis_cells"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- HTML ------------------------------------------------------------------------------------------
_COLUMNS = [("count_reference", "{:d}"), ("count", "{:d}"), ("coverage", "{:.2f}"),
            ("bias", "{:.3f}"), ("rmse", "{:.3f}"), ("mae", "{:.3f}"), ("nmad", "{:.3f}"),
            ("median", "{:.3f}"), ("std", "{:.3f}")] + [
    (f"within_{t}m", "{:.2f}") for t in WITHIN_THRESHOLDS]
_SUMMARY = [("bias", "m", "{:.3f}"), ("rmse", "m", "{:.3f}"), ("mae", "m", "{:.3f}"),
            ("nmad", "m", "{:.3f}"), ("median", "m", "{:.3f}"), ("std", "m", "{:.3f}"),
            ("min", "m", "{:.3f}"), ("max", "m", "{:.3f}")] + [
    (f"within_{t}m", "%", "{:.2f}") for t in WITHIN_THRESHOLDS] + [
    ("coverage", "%", "{:.2f}"), ("count", "", "{:d}"), ("count_reference", "", "{:d}")]


def _format(value, pattern):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if pattern == "{:d}":
        return f"{int(value):d}"
    return pattern.format(value)


def _class_name(text, name):
    """Return the display name of a mask class (core.evaluation's names, or "class N")."""
    if "class_" + name in text:
        return text["class_" + name]
    if name.startswith("class "):
        return text["class_n"].format(name[6:])
    return name


def _inputs_table(result, text):
    esc = html.escape
    width, height = result.reference_size
    parts = [f"<h2>{esc(text['inputs'])}</h2><table>",
             f"<tr><th>{esc(text['estimate'])}</th><td>{esc(result.estimate_path)}<br>"
             f"<span class=\"note\">{esc(result.estimate_datum_note)}</span></td></tr>",
             f"<tr><th>{esc(text['reference'])}</th><td>"
             f"{esc(text['reference_size'].format(result.reference_path, width, height))}<br>"
             f"<span class=\"note\">{esc(result.reference_datum_note)}</span></td></tr>"]
    if result.mask_path:
        parts.append(f"<tr><th>{esc(text['mask'])}</th><td>{esc(result.mask_path)}<br>"
                     f"<span class=\"note\">{esc(result.mask_note)}</span></td></tr>")
    if result.error_path:
        parts.append(f"<tr><th>{esc(text['error_raster'])}</th><td>{esc(result.error_path)}"
                     f"</td></tr>")
    parts.append("</table>")
    return parts


def _statistics_tables(result, text):
    esc = html.escape
    parts = [f"<h2>{esc(text['statistics'])}</h2><table id=\"summary\"><tr>"
             f"<th>{esc(text['measure'])}</th><th>{esc(text['value'])}</th>"
             f"<th>{esc(text['unit'])}</th></tr>"]
    for key, unit, pattern in _SUMMARY:
        label = text["within"].format(key[7:-1]) if key.startswith("within_") else text[key]
        parts.append(f"<tr><td>{esc(label)}</td><td>{_format(result.overall.get(key), pattern)}"
                     f"</td><td>{esc(unit)}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{esc(text['per_class'])}</h2>")
    if not result.classes:
        parts.append(f"<p class=\"note\">{esc(text['no_mask'])}</p>")
    headers = [text["column_within"].format(key[7:-1]) if key.startswith("within_")
               else text["column_" + key] for key, _ in _COLUMNS]
    parts.append(f"<table id=\"classes\"><tr><th>{esc(text['column_class'])}</th>"
                 f"<th>{esc(text['column_value'])}</th>"
                 + "".join(f"<th>{esc(label)}</th>" for label in headers) + "</tr>")
    for name, stats in result.table():
        value = result.class_values.get(name, "")
        parts.append(f"<tr><td>{esc(_class_name(text, str(name)))}</td><td>{esc(str(value))}"
                     "</td>" + "".join(f"<td>{_format(stats.get(key), pattern)}</td>"
                                       for key, pattern in _COLUMNS) + "</tr>")
    parts.append("</table>")
    return parts


def _histogram_section(result, text):
    esc = html.escape
    edges, counts = result.histogram
    half_width = result.histogram_half_width
    alt = text["histogram_alt"].format(_number(-half_width), _number(half_width))
    svg = histogram_svg(edges, counts, result.overall.get("median"), half_width, text, alt)
    note = text["histogram_note"].format(
        len(counts), _number(edges[1] - edges[0]), _number(-half_width), _number(half_width),
        int(counts.sum()), result.overall.get("count", 0))
    return [f"<h2>{esc(text['histogram'])}</h2>",
            f"<figure id=\"histogram\">{svg}</figure>",
            f"<p class=\"note\">{esc(note)}</p>"]


def report_html(result, labels=None):
    """Return the report as one HTML string (the histogram an inline SVG).

    ``labels``: translations of LABELS (any subset; missing keys stay English).
    """
    text = dict(LABELS, **(labels or {}))
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", f"<html lang=\"{esc(text['lang'])}\"><head><meta charset=\"utf-8\">",
        f"<title>{esc(text['title'])}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:72em}"
        "table{border-collapse:collapse;margin:1em 0}"
        "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}"
        "th:first-child,td:first-child{text-align:left}th{background:#eee}"
        "figure{margin:1em 0}svg{max-width:100%;height:auto}"
        ".note{color:#555;font-size:90%}</style></head><body>",
        f"<h1>{esc(text['heading'])}</h1>",
        f"<p>{esc(text['intro'])}</p>",
    ]
    parts += _inputs_table(result, text)
    parts += _statistics_tables(result, text)
    parts += _histogram_section(result, text)
    parts.append(f"<h2>{esc(text['method'])}</h2><ul class=\"note\">")
    parts.append(f"<li>{esc(text['method_nmad'].format(NMAD_FACTOR))}</li>")
    method_histogram = text["method_histogram"].format(_number(HISTOGRAM_STEP * 100),
                                                       _number(HISTOGRAM_LIMIT))
    parts.append(f"<li>{esc(method_histogram)}</li>")
    parts.append(f"<li>{esc(text['method_coverage'])}</li>")
    parts.append(f"<li>{esc(text['method_no_class'])}</li>")
    for note in result.notes:
        parts.append(f"<li>{esc(note)}</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def write_html_report(result: "EvaluationResult", path: "str | os.PathLike[str]",
                      output_set: Optional[OutputSet] = None,
                      labels: Optional[dict] = None) -> str:
    """Write the report to ``path`` through a hidden temporary (core.output_commit).

    ``output_set``: an OutputSet the caller commits together with its other outputs; None:
    committed here. ``labels``: translations of LABELS (see report_html). Raises
    core.output_commit.OutputError when it cannot be written.
    """
    path = os.path.abspath(str(path))
    text = report_html(result, labels)
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
