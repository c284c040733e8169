"""Error statistics of heights against a reference: the one implementation of the project.

``ErrorStatistics`` (compare_dem) and ``summarize_errors`` (the stereo scoring,
core.stereo.scoring) share the accumulator below. Names: "bias" in compare_dem's results and
report is the MEAN error (``ErrorSummary.mean_error_m``); the stereo tables' "bias" column is
the MEDIAN error (``ErrorSummary.median_error_m``), robust to wrong matches.

``ErrorStatistics`` is fed strip by strip (``add(errors, classes)``) and keeps bounded state:
running sums for bias/RMSE/MAE, exact counts for the "within X m" shares, and a fixed-bin
histogram of the errors for the median and the NMAD.

Histogram precision: bins of ``HISTOGRAM_STEP`` = 1 cm centred on whole centimetres over
±``HISTOGRAM_LIMIT`` = ±2000 m (the zero bin holds [-0.5, 0.5) cm); values outside are counted
below/above the range. The median is interpolated linearly inside its bin: within a bin
(1 cm) of the exact median (5.8 mm measured on random error sets), usually far closer for
continuous error distributions. The MAD is the
weighted median of the distances of the bin centres from that median: exact to within 1 cm, so
the NMAD (1.4826 x MAD) to within 1.5 cm, as long as median ± MAD stays inside ±2000 m.
Errors beyond ±2000 m still enter bias, RMSE, MAE, min and max exactly; ``out_of_range``
counts them. The histogram is allocated with ``numpy.zeros`` (calloc) and updated only over the
span of bins each strip hits, so untouched pages of it take no memory.
"""
import math
from dataclasses import dataclass

import numpy as np

HISTOGRAM_LIMIT = 2000.0  # metres, half-width of the histogram range
HISTOGRAM_STEP = 0.01  # metres, bin width
HISTOGRAM_HALF = int(round(HISTOGRAM_LIMIT / HISTOGRAM_STEP))  # index of the bin centred on 0
HISTOGRAM_BINS = 2 * HISTOGRAM_HALF + 1
WITHIN_THRESHOLDS = (1, 2, 5, 10, 20)  # metres, |error| <= threshold
NMAD_FACTOR = 1.4826
NO_CLASS = -1  # class value of cells outside every mask class (mask nodata, off the mask)
MAX_CLASSES = 64
ALL = "all"

# Class names of the layover/shadow mask written by sarheight:simulate_sar.
SIMULATE_SAR_CLASSES = {0: "clear", 1: "layover", 2: "shadow", 3: "layover+shadow"}
STAT_KEYS = ("count_reference", "count", "coverage", "bias", "std", "rmse", "mae", "median",
             "nmad", "min", "max") + tuple(f"within_{t}m" for t in WITHIN_THRESHOLDS) + (
    "out_of_range",)


@dataclass
class ErrorSummary:
    """Statistics of one set of errors e = estimate - reference (m).

    ``mean_error_m`` (compare_dem's "bias") and ``median_error_m`` (the stereo tables' "bias")
    are both given, so that each report names the one it shows. ``nmad_m`` = 1.4826 x
    median |e - median e|; ``within``: shares (0..1) of |e| <= each threshold (m).
    """

    count: int
    mean_error_m: float
    median_error_m: float
    rmse_m: float
    nmad_m: float
    within: tuple


def summarize_errors(errors_m, thresholds_m=WITHIN_THRESHOLDS):
    """Return the ErrorSummary of the finite values of ``errors_m`` (m).

    Computed by the accumulator of ErrorStatistics, with the exact median and NMAD since the
    errors are all in memory here.
    """
    errors = np.asarray(errors_m, dtype=np.float64).ravel()
    errors = errors[np.isfinite(errors)]
    accumulator = _Accumulator(thresholds_m)
    accumulator.add(errors)
    return accumulator.summary(errors)


def class_names(values):
    """Display names of class values: simulate_sar names when every value is one of its codes."""
    values = sorted(int(v) for v in values)
    if set(values) <= set(SIMULATE_SAR_CLASSES):
        return {v: SIMULATE_SAR_CLASSES[v] for v in values}
    return {v: f"class {v}" for v in values}


class _Accumulator:
    """Sums, threshold counts and the 1 cm histogram of one set of cells."""

    def __init__(self, thresholds_m=WITHIN_THRESHOLDS):
        self.thresholds_m = tuple(thresholds_m)
        self.count_reference = 0
        self.count = 0
        self.total = 0.0
        self.total_sq = 0.0
        self.total_abs = 0.0
        self.minimum = math.inf
        self.maximum = -math.inf
        self.within = np.zeros(len(self.thresholds_m), dtype=np.int64)
        self.below = 0
        self.above = 0
        self.histogram = np.zeros(HISTOGRAM_BINS, dtype=np.int64)

    def add(self, errors):
        """``errors``: 1-D float64 at reference cells; NaN where there is no estimate."""
        self.count_reference += errors.size
        valid = errors[np.isfinite(errors)]
        if valid.size == 0:
            return
        self.count += valid.size
        self.total += float(valid.sum())
        self.total_sq += float(np.dot(valid, valid))
        magnitude = np.abs(valid)
        self.total_abs += float(magnitude.sum())
        self.minimum = min(self.minimum, float(valid.min()))
        self.maximum = max(self.maximum, float(valid.max()))
        for i, threshold in enumerate(self.thresholds_m):
            self.within[i] += int(np.count_nonzero(magnitude <= threshold))
        index = np.floor(valid / HISTOGRAM_STEP + 0.5).astype(np.int64) + HISTOGRAM_HALF
        below = index < 0
        above = index >= HISTOGRAM_BINS
        self.below += int(np.count_nonzero(below))
        self.above += int(np.count_nonzero(above))
        index = index[~(below | above)]
        if index.size:
            low, high = int(index.min()), int(index.max())
            # only the span hit by this strip is touched (keeps untouched pages unallocated)
            self.histogram[low:high + 1] += np.bincount(index - low, minlength=high - low + 1)

    def merge(self, other):
        self.count_reference += other.count_reference
        self.count += other.count
        self.total += other.total
        self.total_sq += other.total_sq
        self.total_abs += other.total_abs
        self.minimum = min(self.minimum, other.minimum)
        self.maximum = max(self.maximum, other.maximum)
        self.within += other.within
        self.below += other.below
        self.above += other.above
        self.histogram += other.histogram

    def _median(self):
        """Median error from the histogram, or NaN when it lies beyond the range."""
        n = self.count
        in_range = n - self.below - self.above
        if in_range == 0:
            return math.nan
        bins = np.flatnonzero(self.histogram)
        counts = self.histogram[bins]
        cumulative = np.cumsum(counts)

        def value_at(rank):  # 0-based rank in the sorted errors
            rank_in = rank - self.below
            if rank_in < 0 or rank_in >= in_range:
                return math.nan
            k = int(np.searchsorted(cumulative, rank_in, side="right"))
            before = cumulative[k - 1] if k else 0
            fraction = (rank_in - before + 0.5) / counts[k]  # uniform spread inside the bin
            return (bins[k] - HISTOGRAM_HALF - 0.5 + fraction) * HISTOGRAM_STEP

        if n % 2:
            return value_at((n - 1) // 2)
        return 0.5 * (value_at(n // 2 - 1) + value_at(n // 2))

    def _mad(self, median):
        """Median of |e - median|: weighted median of the bin centres' distances."""
        bins = np.flatnonzero(self.histogram)
        deviations = np.abs((bins - HISTOGRAM_HALF) * HISTOGRAM_STEP - median)
        weights = self.histogram[bins]
        # Out-of-range errors deviate at least as far as the range bound they passed.
        bound = HISTOGRAM_LIMIT + 0.5 * HISTOGRAM_STEP
        deviations = np.concatenate([deviations, [median + bound, bound - median]])
        weights = np.concatenate([weights, [self.below, self.above]])
        order = np.argsort(deviations, kind="stable")
        deviations, cumulative = deviations[order], np.cumsum(weights[order])
        n = int(cumulative[-1])

        def value_at(rank):
            return float(deviations[int(np.searchsorted(cumulative, rank, side="right"))])

        if n % 2:
            return value_at((n - 1) // 2)
        return 0.5 * (value_at(n // 2 - 1) + value_at(n // 2))

    def summary(self, values=None):
        """ErrorSummary of the errors added (NaN statistics when there are none).

        ``values``: the same errors, finite, when the caller holds them all in memory; then
        the median and the NMAD are exact instead of taken from the 1 cm histogram.
        """
        n = self.count
        if n == 0:
            nan = math.nan
            return ErrorSummary(0, nan, nan, nan, nan, tuple(nan for _ in self.thresholds_m))
        if values is None:
            median = self._median()
            mad = self._mad(median) if math.isfinite(median) else math.nan
        else:
            median = float(np.median(values))
            mad = float(np.median(np.abs(values - median)))
        return ErrorSummary(
            count=n, mean_error_m=self.total / n, median_error_m=median,
            rmse_m=math.sqrt(self.total_sq / n), nmad_m=NMAD_FACTOR * mad,
            within=tuple(int(k) / n for k in self.within))

    def result(self):
        out = {"count_reference": self.count_reference, "count": self.count,
               "coverage": (100.0 * self.count / self.count_reference
                            if self.count_reference else math.nan),
               "out_of_range": self.below + self.above}
        if self.count == 0:
            for key in STAT_KEYS:
                out.setdefault(key, math.nan)
            return out
        n = self.count
        bias = self.total / n
        mean_sq = self.total_sq / n
        median = self._median()
        out.update(
            bias=bias,
            std=math.sqrt(max(mean_sq - bias * bias, 0.0)),
            rmse=math.sqrt(mean_sq),
            mae=self.total_abs / n,
            median=median,
            nmad=(NMAD_FACTOR * self._mad(median) if math.isfinite(median) else math.nan),
            min=self.minimum,
            max=self.maximum,
        )
        for i, threshold in enumerate(WITHIN_THRESHOLDS):
            out[f"within_{threshold}m"] = 100.0 * int(self.within[i]) / n
        return {key: out[key] for key in STAT_KEYS}

    def display_histogram(self, half_width, bars):
        """(edges, counts) of the errors over about ±``half_width`` m in ``bars`` bars.

        Each bar sums whole 1 cm bins; errors outside are not shown.
        """
        per_bar = max(1, int(math.ceil(2 * half_width / HISTOGRAM_STEP / bars)))
        half_bars = max(1, int(math.ceil(half_width / HISTOGRAM_STEP / per_bar - 0.5)))
        # an odd number of bars, the middle one centred on zero
        first = HISTOGRAM_HALF - per_bar * half_bars - per_bar // 2
        count = 2 * half_bars + 1
        edges = (first - HISTOGRAM_HALF - 0.5 + per_bar * np.arange(count + 1)) * HISTOGRAM_STEP
        lo, hi = max(first, 0), min(first + per_bar * count, HISTOGRAM_BINS)
        padded = np.zeros(per_bar * count, dtype=np.int64)
        padded[lo - first:hi - first] = self.histogram[lo:hi]
        return edges, padded.reshape(count, per_bar).sum(axis=1)

    def quantile_abs(self, fraction):
        """Approximate |error| below which ``fraction`` of the in-range errors lie (1 cm bins)."""
        bins = np.flatnonzero(self.histogram)
        if bins.size == 0:
            return math.nan
        magnitude = np.abs((bins - HISTOGRAM_HALF) * HISTOGRAM_STEP)
        order = np.argsort(magnitude)
        cumulative = np.cumsum(self.histogram[bins][order])
        k = int(np.searchsorted(cumulative, fraction * cumulative[-1]))
        return float(magnitude[order][min(k, order.size - 1)])


class ErrorStatistics:
    """Accumulate errors (estimate - reference, metres) strip by strip, per class and overall.

    ``add(errors, classes=None)``: ``errors`` holds one value per reference cell that has a
    reference height (NaN where the estimate has none: that lowers the coverage); ``classes``
    (same shape, integers) gives each cell's mask class, ``NO_CLASS`` (-1) for none. Cells
    with ``NO_CLASS`` count in "all" only.

    ``result()`` -> {"all": stats, <class value>: stats, ...}; stats as ``STAT_KEYS``:
    counts, coverage (% of reference cells with an estimate), bias, std, rmse, mae, median,
    nmad (1.4826 x median |e - median e|), min, max, within_Xm (% of compared cells with
    |e| <= X m), out_of_range (errors beyond the ±2000 m histogram).
    """

    def __init__(self, max_classes=MAX_CLASSES):
        self.max_classes = max_classes
        self.overall = _Accumulator()
        self.by_class = {}

    def add(self, errors, classes=None):
        """Add a strip of errors (m) and, optionally, their mask classes (see the class doc).

        Raise ValueError when the shapes differ or the mask holds more than ``max_classes``
        classes.
        """
        errors = np.asarray(errors, dtype=np.float64).ravel()
        self.overall.add(errors)
        if classes is None:
            return
        classes = np.asarray(classes).ravel()
        if classes.shape != errors.shape:
            raise ValueError("errors and classes must have the same shape")
        values, inverse = np.unique(classes, return_inverse=True)
        for position, value in enumerate(values):
            value = int(value)
            if value == NO_CLASS:
                continue
            if value not in self.by_class:
                if len(self.by_class) >= self.max_classes:
                    raise ValueError(
                        f"The mask holds more than {self.max_classes} classes: give a class "
                        f"raster (e.g. the layover/shadow mask), not a continuous one.")
                self.by_class[value] = _Accumulator()
            self.by_class[value].add(errors[inverse == position])

    def merge(self, other):
        """Add the errors another ErrorStatistics accumulated, overall and per class."""
        self.overall.merge(other.overall)
        for value, accumulator in other.by_class.items():
            self.by_class.setdefault(value, _Accumulator()).merge(accumulator)

    def result(self):
        """Return {"all": stats, <class value>: stats, ...} (see the class docstring)."""
        out = {ALL: self.overall.result()}
        for value in sorted(self.by_class):
            out[value] = self.by_class[value].result()
        return out
