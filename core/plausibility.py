"""Plausibility of the values the plugin computes with: heights and SAR backscatter.

One home for the ranges and the checks built on them (the geometry of products is checked in
core.products.plausibility):

- heights of the Earth's surface (DEMs, prior heights, estimated heights):
  :data:`HEIGHT_MIN_M` ... :data:`HEIGHT_MAX_M`; :class:`HeightSurvey` counts a DEM's
  impossible cells block by block and decides whether the DEM as a whole is usable;
- SAR backscatter units: :func:`read_sample` takes a bounded sample of a band and
  :func:`backscatter_units_verdict` decides whether its values are what the user declared
  (dB, or linear intensity / amplitude);
- estimated heights: :func:`estimated_height_bounds` and :func:`implausible_heights`.

numpy only; GDAL bands are passed in.
"""
import math
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
from numpy.typing import ArrayLike

# -- heights --------------------------------------------------------------------------------
# The Earth's land surface lies between the Dead Sea shore (-430 m) and Everest (8,849 m),
# in orthometric heights. DEMs hold geoid (EGM96/EGM2008) or ellipsoidal heights, which
# differ by the geoid undulation (-106 m ... +85 m), rounded up to 110 m either way. A DEM
# cell outside this range is not terrain (a void marker, a spike, a wrong unit); sea floor
# is not what a radar sees either (it sees the water surface).
LOWEST_LAND_M = -430.0
HIGHEST_LAND_M = 8849.0
GEOID_OFFSET_M = 110.0
HEIGHT_MIN_M = LOWEST_LAND_M - GEOID_OFFSET_M  # -540 m
HEIGHT_MAX_M = HIGHEST_LAND_M + GEOID_OFFSET_M  # 8,959 m
FOOT_M = 0.3048
# A DEM is refused as a whole when more than half of its cells (not declared nodata) hold
# impossible heights: then the impossible values are the data, not defects in it.
WHOLE_DEM_SHARE = 0.5
# Heights in feet: cells above HEIGHT_MAX_M that would be plausible in metres after x 0.3048.
# Isolated spikes in a metric DEM (SRTM artefacts) are far rarer than 1 cell in 1,000; a DEM
# in feet of any mountain region above 2,731 m (8,959 ft) has at least that share of them.
FEET_MIN_SHARE = 0.001
_TOP_VALUES = 16  # distinct impossible values kept to name a likely nodata marker
_VALUE_SAMPLE = 4096  # impossible values per block that are tallied to find the marker


def plausible_heights(values: ArrayLike) -> np.ndarray:
    """Boolean mask: finite and within HEIGHT_MIN_M ... HEIGHT_MAX_M (NaN gives False)."""
    values = np.asarray(values)
    with np.errstate(invalid="ignore"):
        return (values >= HEIGHT_MIN_M) & (values <= HEIGHT_MAX_M)


def format_value(value: float) -> str:
    """Format a number as a user types it: integers plainly, others with the digits they need."""
    value = float(value)
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def height_range_text() -> str:
    """Return the plausible height range as text for messages, e.g. "-540 ... 8,959 m"."""
    return f"{HEIGHT_MIN_M:,.0f} ... {HEIGHT_MAX_M:,.0f} m"


@dataclass
class HeightSurvey:
    """Counts of a DEM's cells by plausibility, accumulated block by block (:meth:`add`).

    ``cells``: cells that are not declared nodata or NaN (NaN is the float rasters' usual
    no-data and is not counted as a defect); ``infinite``, ``too_low``, ``too_high``: the
    impossible ones among them; ``feet_like``: too high, yet plausible read as feet.
    """

    cells: int = 0
    infinite: int = 0
    too_low: int = 0
    too_high: int = 0
    feet_like: int = 0
    plausible_min: float = math.inf
    plausible_max: float = -math.inf
    highest: float = -math.inf  # largest finite value (for the feet message)
    # impossible value -> count (bounded)
    top_values: dict[float, int] = field(default_factory=dict)

    @property
    def implausible(self) -> int:
        """Number of impossible cells (infinite, too low or too high)."""
        return self.infinite + self.too_low + self.too_high

    def add(self, stored: ArrayLike) -> None:
        """Count one block of stored heights (float, NaN = no data already removed)."""
        values = np.asarray(stored, dtype=np.float64).ravel()
        values = values[~np.isnan(values)]
        self.cells += int(values.size)
        good = plausible_heights(values)
        if good.any():
            self.plausible_min = min(self.plausible_min, float(values[good].min()))
            self.plausible_max = max(self.plausible_max, float(values[good].max()))
        bad = values[~good]
        if not bad.size:
            return
        finite = bad[np.isfinite(bad)]
        self.infinite += int(bad.size - finite.size)
        self.too_low += int(np.sum(finite < HEIGHT_MIN_M))
        high = finite[finite > HEIGHT_MAX_M]
        self.too_high += int(high.size)
        self.feet_like += int(np.sum(high * FOOT_M <= HEIGHT_MAX_M))
        if finite.size:
            self.highest = max(self.highest, float(finite.max()))
        self._count_values(bad)

    def _count_values(self, bad: np.ndarray) -> None:
        """Tally the most frequent impossible values of ``bad`` in ``top_values``.

        They are counted on at most _VALUE_SAMPLE evenly spaced values and scaled up (they only
        name a likely marker; a sort of every cell of an all-1e9 DEM would cost seconds per
        strip).
        """
        step = max(1, bad.size // _VALUE_SAMPLE)
        values, counts = np.unique(bad[::step], return_counts=True)
        scale = bad.size / float(bad[::step].size)
        order = np.argsort(counts)[::-1][:_TOP_VALUES]
        for value, count in zip(values[order], counts[order]):
            self.top_values[float(value)] = (self.top_values.get(float(value), 0)
                                             + int(round(count * scale)))
        if len(self.top_values) > 4 * _TOP_VALUES:  # keep the most frequent: bounded memory
            kept = sorted(self.top_values.items(), key=lambda item: -item[1])[:_TOP_VALUES]
            self.top_values = dict(kept)

    def marker(self) -> Optional[float]:
        """Return the finite impossible value that makes up at least half of the impossible cells.

        That is a void marker not declared as nodata, e.g. -32768, 1e9 or 3.4e38; None when no
        value dominates.
        """
        if not self.top_values:
            return None
        value, count = max(self.top_values.items(), key=lambda item: item[1])
        return value if 2 * count >= self.implausible and math.isfinite(value) else None

    def looks_like_feet(self) -> bool:
        """Return whether the heights look like feet rather than metres.

        True when at least FEET_MIN_SHARE of the cells (and at least one) are too high yet
        plausible in feet, and they make up at least half of the too-high cells.
        """
        return (self.feet_like >= max(1, FEET_MIN_SHARE * self.cells)
                and 2 * self.feet_like >= self.too_high)

    def problem(self, name: str) -> str:
        """Why the DEM ``name`` cannot be used as a whole ('' when it can)."""
        if not self.cells:
            return ""
        if self.looks_like_feet():
            return (f"The DEM {name} looks like heights in feet, not metres: "
                    f"{self.feet_like} cells ({self._share(self.feet_like)}) lie above "
                    f"{HEIGHT_MAX_M:,.0f} m, higher than any point on Earth, and the highest "
                    f"value {self.highest:,.0f} would be {self.highest * FOOT_M:,.0f} m in "
                    f"feet. Convert the DEM to metres (e.g. gdal_calc.py -A dem.tif "
                    f"--calc=\"A*0.3048\" --outfile=dem_m.tif) and give that file.")
        if self.implausible <= WHOLE_DEM_SHARE * self.cells:
            return ""
        return (f"The DEM {name} holds impossible heights in {self.implausible} of its "
                f"{self.cells} cells ({self._share(self.implausible)}): "
                f"{self._what()}; terrain lies within {height_range_text()}. "
                f"{self._fix(name)}")

    def warning(self, name: str) -> str:
        """Return the counted warning about impossible cells treated as voids ('' when none)."""
        if not self.implausible:
            return ""
        text = (f"The DEM {name} has {self.implausible} cells ({self._share(self.implausible)}) "
                f"with impossible heights ({self._what()}; terrain lies within "
                f"{height_range_text()}): they are treated as voids (no data).")
        marker = self.marker()
        if marker is not None:
            text += (f" If {format_value(marker)} marks missing data, declare it as the "
                     f"DEM's nodata value (gdal_edit.py -a_nodata {format_value(marker)} "
                     f"{name}).")
        return text

    def _share(self, count: float) -> str:
        return f"{100.0 * count / max(self.cells, 1):.3g} %"

    def _what(self) -> str:
        parts = []
        if self.infinite:
            parts.append(f"{self.infinite} infinite")
        if self.too_low:
            parts.append(f"{self.too_low} below {HEIGHT_MIN_M:,.0f} m")
        if self.too_high:
            parts.append(f"{self.too_high} above {HEIGHT_MAX_M:,.0f} m")
        common = self.marker()
        if common is not None:
            parts.append(f"mostly the value {format_value(common)}")
        return ", ".join(parts)

    def _fix(self, name: str) -> str:
        marker = self.marker()
        if marker is not None:
            return (f"If {format_value(marker)} marks missing data, declare it as the DEM's "
                    f"nodata value (gdal_edit.py -a_nodata {format_value(marker)} {name}); "
                    f"otherwise check that the heights are in metres.")
        return ("Check that the heights are in metres (convert other units, e.g. feet x "
                "0.3048) and that the DEM's nodata value is declared (gdal_edit.py "
                "-a_nodata VALUE).")


# -- backscatter ----------------------------------------------------------------------------
# sigma0 / gamma0 in dB lies within about -50 dB (below any sensor's noise floor) and +30 dB
# (urban corner reflections); a value above +60 dB (a million times the brightest target)
# is not backscatter in dB.
DB_LOW = -50.0
DB_HIGH = 30.0
DB_CEILING = 60.0
# Linear sigma0 has a median well below 1 (0 dB); a dB image whose every value is >= 0 and
# whose median is below 1 dB has no dark pixel at all, which no scene (water, shadow and the
# noise floor lie at -20 dB and below) produces.
LINEAR_MEDIAN_MAX = 1.0
SAMPLE_PIXELS = 1 << 22  # at most this many pixels (32 MB as float64) are read to decide
MIN_SAMPLE = 100  # fewer valid values: no verdict
# Shares of the valid values at which the verdict changes (robust to a few outliers):
DB_ABOVE_CEILING_SHARE = 0.001  # dB declared: refuse when this share exceeds +60 dB
NEGATIVE_REFUSE_SHARE = 0.1  # linear declared: refuse when this share is negative
UNITS_TEXT = {"intensity": "linear intensity", "amplitude": "linear amplitude",
              "db": "decibels (dB)"}


def read_sample(band: Any, xoff: int, yoff: int, xsize: int, ysize: int,
                max_pixels: int = SAMPLE_PIXELS) -> tuple[np.ndarray, bool]:
    """Read evenly spaced whole rows of a GDAL band's window, at most about ``max_pixels`` values.

    Returns (values, complete): the values as a 1-D float64 array, and whether every row of the
    window was read.
    """
    rows = int(min(ysize, max(1, max_pixels // max(int(xsize), 1))))
    picked = np.unique(np.linspace(yoff, yoff + ysize - 1, rows).round().astype(int))
    values = [band.ReadAsArray(int(xoff), int(row), int(xsize), 1).ravel() for row in picked]
    band.FlushCache()  # the sample is read once: keep GDAL's cache for the real reads
    return np.concatenate(values).astype(np.float64), picked.size == ysize


def band_units_verdict(band: Any, nodata: Optional[float], units: str, name: str,
                       window: Optional[tuple[int, int, int, int]] = None) -> "UnitsVerdict":
    """Return the :func:`backscatter_units_verdict` of a bounded sample of a GDAL band.

    The sample is taken over ``window`` (xoff, yoff, xsize, ysize; None: the whole band).
    """
    window = window or (0, 0, band.XSize, band.YSize)
    values, complete = read_sample(band, *window)
    return backscatter_units_verdict(values, nodata, units, name, complete)


@dataclass
class UnitsVerdict:
    """``problem``: why the declared units are refused ('' if not); ``warnings``: notes."""

    problem: str = ""
    warnings: list[str] = field(default_factory=list)


def backscatter_units_verdict(raw: np.ndarray, nodata: Optional[float], units: str, name: str,
                              complete: bool = True) -> UnitsVerdict:
    """Decide whether the raw values ``raw`` fit the declared ``units``.

    ``raw`` is a sample of the band (see :func:`read_sample`); ``units`` is "intensity",
    "amplitude" or "db"; ``name`` names the image in the messages. No verdict (an empty one)
    with fewer than MIN_SAMPLE usable values.
    """
    raw = np.asarray(raw, dtype=np.float64)
    if nodata is not None and not math.isnan(nodata):
        raw = raw[raw != nodata]
    verdict = UnitsVerdict()
    infinite = int(np.isinf(raw).sum())
    if infinite:
        verdict.warnings.append(
            f"The SAR image {name} has {infinite} infinite values{_of(raw.size, complete)}: "
            f"they are treated as no data.")
    values = raw[np.isfinite(raw)]
    if units != "db":
        values = values[values != 0]  # the fill value of linear products
    if values.size < MIN_SAMPLE:
        return verdict
    check = _check_db if units == "db" else _check_linear
    check(values, units, name, complete, verdict)
    return verdict


def _of(count: int, complete: bool) -> str:
    return "" if complete else f" among {count} sampled pixels"


def _summary(values: np.ndarray) -> str:
    low, median, high = np.percentile(values, [1, 50, 99])
    return f"median {median:.4g}, 1st to 99th percentile {low:.4g} to {high:.4g}"


def _check_db(values: np.ndarray, units: str, name: str, complete: bool,
              verdict: UnitsVerdict) -> None:
    median = float(np.median(values))
    above = int(np.sum(values > DB_CEILING))
    declared = (f"The SAR image {name} is declared as {UNITS_TEXT[units]} (INPUT_UNITS), "
                f"but its values ({_summary(values)})")
    if median > DB_HIGH or above > DB_ABOVE_CEILING_SHARE * values.size:
        verdict.problem = (
            f"{declared} are not backscatter in dB, which lies within about {DB_LOW:g} to "
            f"+{DB_HIGH:g} dB ({above} values{_of(values.size, complete)} exceed "
            f"+{DB_CEILING:g} dB): they look linear (amplitude or intensity, e.g. digital "
            f"numbers or radar cross-section per pixel). Set INPUT_UNITS to Intensity or "
            f"Amplitude.")
    elif np.all(values >= 0) and median < LINEAR_MEDIAN_MAX:
        verdict.problem = (
            f"{declared} are all positive with a median below {LINEAR_MEDIAN_MAX:g}: that is "
            f"linear backscatter (sigma0 in dB would be mostly negative, about -25 to -5 dB). "
            f"Set INPUT_UNITS to Intensity (or Amplitude).")
    elif np.all(values >= 0):
        verdict.warnings.append(
            f"{declared} hold no value below 0 dB, although backscatter in dB is mostly "
            f"negative: if the image holds linear amplitude or intensity, set INPUT_UNITS "
            f"accordingly.")
    elif above:
        verdict.warnings.append(
            f"The SAR image {name} has {above} values above +{DB_CEILING:g} dB"
            f"{_of(values.size, complete)}, more than any backscatter: they are treated as "
            f"no data.")


def _check_linear(values: np.ndarray, units: str, name: str, complete: bool,
                  verdict: UnitsVerdict) -> None:
    negative = int(np.sum(values < 0))
    if not negative:
        return
    if negative > NEGATIVE_REFUSE_SHARE * values.size:
        verdict.problem = (
            f"The SAR image {name} is declared as {UNITS_TEXT[units]} (INPUT_UNITS), but "
            f"{100.0 * negative / values.size:.3g} % of its values are negative "
            f"({_summary(values)}), which linear backscatter never is: the values look like "
            f"decibels. Set INPUT_UNITS to Decibels (dB).")
    else:
        verdict.warnings.append(
            f"The SAR image {name} has {negative} negative values{_of(values.size, complete)}"
            f", impossible for {UNITS_TEXT[units]}: they are treated as no data.")


# -- estimated heights ----------------------------------------------------------------------
# How far beyond its priors a height model may go before its output is garbage: the model
# predicts heights as reference + y * height_scale_m, and the training terrain (relief up to
# ~2.5 km per 128-pixel tile) kept |y| within about one or two height scales. Three scales
# plus the span of the priors themselves (the scene's relief as the priors see it) is far
# beyond any terrain the priors and the model can justify. The Earth's range caps both sides,
# widened by one height scale: a model's error (tens to a few hundred metres, see the model
# card) may carry a pixel of a Dead Sea or Everest scene past the extremes, never by 1 km.
HEIGHT_SCALES_MARGIN = 3.0


def estimated_height_bounds(prior_heights: ArrayLike,
                            height_scale_m: float) -> tuple[float, float]:
    """(low, high): the heights an estimate from these priors may hold."""
    heights = np.asarray(prior_heights, dtype=np.float64)
    heights = heights[np.isfinite(heights)]
    low, high = (float(heights.min()), float(heights.max())) if heights.size else (0.0, 0.0)
    scale = float(height_scale_m)
    margin = HEIGHT_SCALES_MARGIN * scale + (high - low)
    return max(HEIGHT_MIN_M - scale, low - margin), min(HEIGHT_MAX_M + scale, high + margin)


def implausible_heights(heights: ArrayLike,
                        bounds: tuple[float, float]) -> tuple[int, float, float]:
    """(count, lowest, highest) of the finite heights outside ``bounds`` (count 0: fine)."""
    heights = np.asarray(heights, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = heights[np.isfinite(heights) & ((heights < bounds[0]) | (heights > bounds[1]))]
    if not bad.size:
        return 0, math.nan, math.nan
    return int(bad.size), float(bad.min()), float(bad.max())
