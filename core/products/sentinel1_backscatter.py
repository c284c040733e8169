"""Calibrated, noise-removed Sentinel-1 backscatter in radar geometry, block by block.

:func:`calibrated_backscatter_blocks` reads the measurement pixels of one swath/polarisation
(:mod:`.sentinel1_measurement`), calibrates them with the product's LUTs
(:mod:`.sentinel1_radiometry`: ``(|DN|^2 - eta) / A^2``), debursts TOPS SLCs and multilooks,
one block of output lines at a time, so that memory stays bounded whatever the scene size.

Steps and choices, each documented here:

- **Calibration before multilooking.** Every full-resolution pixel is calibrated with the LUTs
  at its own (line, pixel) of the product raster; the calibrated powers (noise removed, not yet
  floored, so negative values are kept) are then averaged. The floor of
  :data:`~.sentinel1_radiometry.FLOOR_LINEAR` (1e-6, -60 dB) is applied to the averages: flooring
  single pixels first would bias the mean upwards wherever the noise is comparable to the
  signal. A NaN pixel (DN = 0 fill value, invalid burst samples, missing noise LUT value) is
  left out of its cell's mean; a cell without any valid pixel is NaN.
- **Deburst (TOPS IW/EW SLC).** The debursted raster keeps, of every burst, the lines that the
  geometry's lookup assigns to it: :meth:`~.acquisition.AcquisitionGeometry.radar_to_image`
  (valid lines of the burst, overlaps split at mid-overlap) is asked, for each valid line of
  each burst, which burst owns that line's azimuth time; the burst keeps it when the answer is
  itself. So the debursted image and every lookup agree by construction. Samples outside the
  burst's ``firstValidSample``/``lastValidSample`` of the line are NaN. Lines are stacked
  without resampling: at a seam the line interval differs from ``azimuthTimeInterval`` by less
  than one line; :class:`OutputGrid` keeps each kept run (:class:`Segment`) with its time.
- **Zero digital numbers.** In GRD (and stripmap SLC) a DN of 0 is the fill value outside the
  valid area: NaN. Inside the valid samples of a TOPS burst a 0 + 0j is a measured value (weak
  returns over calm sea round to it: 0.3 % of the Terceira chip, nearly all at sea) and is
  kept: dropping it would bias dark areas upwards; the burst's valid-sample bounds mark the
  fill there instead.
- **Multilooking.** ``(azimuth looks, range looks)`` full-resolution pixels are averaged per
  output pixel (boxcar, non-overlapping), starting at the first line and sample read (the crop
  or window); the last cell of a row or column may hold fewer pixels (the output has
  ``ceil(n / looks)`` lines and samples). Default looks for a ground pixel of about
  ``ground_pixel_m`` (10 m, GRD's pixel spacing): range looks ``round(g sin(theta) / dR)`` with
  the slant-range pixel spacing ``dR`` (``rangePixelSpacing`` of an SLC; the ground spacing
  ``round(g / dR)`` of a GRD) and the mid-swath incidence ``theta`` (``incidenceAngleMidSwath``),
  azimuth looks ``round(g / dA)`` (``azimuthPixelSpacing``), each at least 1. For IW SLC that is
  1 x 2 (IW1, 2.3 m / sin 34 deg = 4.2 m ground range) to 1 x 3 (IW3, 44 deg); for GRD 1 x 1.
- **Uncalibrated power.** ``quantity="power"`` gives the detected ``|DN|^2`` (linear, DN^2
  units, no noise removed), flagged by ``calibrated=False`` and a warning; it is what a product
  without its calibration annotation allows. Asking for sigma0/beta0/gamma0 of such a product
  raises ProductError (never a silent fallback).

Coordinates (pixel centres at integers, as :mod:`.acquisition`): the output pixel (``y``,
``x``) is the cell whose centre lies at debursted line ``d0 + y La + (La - 1) / 2`` and product
sample ``s0 + x Lr + (Lr - 1) / 2``; :meth:`OutputGrid.product_line` maps the debursted line to
the product (burst-stacked) raster line, :meth:`OutputGrid.output_line` maps back through the
azimuth time (so product lines in burst overlaps map too), and
:meth:`BackscatterBlocks.output_gcps` places the annotation's geolocation grid on the output.

Each swath is read alone here; :mod:`.sentinel1_merge` merges the swaths (IW1-IW3, EW1-EW5)
of a TOPS SLC onto one radar grid from these blocks.
"""
import math
import os
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Union

import numpy as np
import numpy.typing as npt

from .acquisition import AcquisitionGeometry, ProductError
from .fields import FieldReader
from .sentinel1 import (
    geometry_from_annotation,
    list_annotations,
    read_annotation,
    select_annotation,
)
from .sentinel1_measurement import Crop, MeasurementRaster, open_measurement
from .sentinel1_radiometry import (
    DEFAULT_BLOCK_PIXELS,
    FLOOR_LINEAR,
    KINDS,
    Sentinel1Radiometry,
    calibrate_block,
    detected_power,
    has_companion,
)

FloatArray = npt.NDArray[np.float64]
QUANTITIES = (*KINDS, "power")  # sigma0, beta0, gamma0, and uncalibrated |DN|^2
DEFAULT_GROUND_PIXEL_M = 10.0  # about the pixel spacing of Sentinel-1 IW GRD products
_DAMAGED = "the file is damaged or was edited: download the product again"


@dataclass(frozen=True)
class Window:
    """A window of the full product raster: first line and pixel (0-based) and its size."""

    line0: int
    lines: int
    pixel0: int
    pixels: int


@dataclass(frozen=True)
class Segment:
    """A run of product lines kept, in order, in the debursted raster.

    For GRD and stripmap products one segment holds every line; for TOPS SLC one per burst.
    ``time0_s``: azimuth time of its first line, seconds since the geometry's orbit epoch.
    """

    product_line0: int
    lines: int
    deburst_line0: int
    time0_s: float


@dataclass(frozen=True)
class Sampling:
    """Pixel spacings and mid-swath incidence of a measurement annotation."""

    product_type: str
    range_pixel_spacing_m: float  # slant range (SLC) or ground range (GRD)
    azimuth_pixel_spacing_m: float
    incidence_mid_deg: float


def read_sampling(root: Any, source: str) -> Sampling:
    """Read the pixel spacings and mid-swath incidence of a parsed measurement annotation."""
    r = FieldReader(root, source, "Sentinel-1 annotation", fix=_DAMAGED)
    info = "imageAnnotation/imageInformation/"
    return Sampling(r.text("adsHeader/productType", "GRD or SLC").upper(),
                    r.read_float(info + "rangePixelSpacing", "m", positive=True),
                    r.read_float(info + "azimuthPixelSpacing", "m", positive=True),
                    r.read_float(info + "incidenceAngleMidSwath", "degrees", minimum=0.0,
                                 maximum=90.0))


def default_looks(sampling: Sampling,
                  ground_pixel_m: float = DEFAULT_GROUND_PIXEL_M) -> tuple[int, int]:
    """Return (azimuth looks, range looks) for a ground pixel of about ``ground_pixel_m``.

    See the module notes: range ``round(g sin(theta) / dR)`` for SLC (``round(g / dR)`` for
    GRD), azimuth ``round(g / dA)``, each at least 1.
    """
    if not ground_pixel_m > 0:
        raise ProductError(f"The ground pixel must be positive, not {ground_pixel_m} m.")
    ground_range_m = sampling.range_pixel_spacing_m
    if sampling.product_type == "SLC":
        ground_range_m /= math.sin(math.radians(sampling.incidence_mid_deg))
    return (max(1, round(ground_pixel_m / sampling.azimuth_pixel_spacing_m)),
            max(1, round(ground_pixel_m / ground_range_m)))


# --------------------------------------------------------------------------------------------
# deburst

def deburst_segments(geometry: AcquisitionGeometry) -> tuple[Segment, ...]:
    """Return the runs of product lines of the debursted raster (see the module notes).

    One segment of all lines without bursts. For TOPS, the valid lines of each burst whose
    azimuth time the geometry's lookup assigns to that burst (mid-overlap split).
    """
    dt = geometry.azimuth_time_interval_s
    if not geometry.bursts:
        return (Segment(0, geometry.lines, 0, geometry.first_line_time_s),)
    segments: list[Segment] = []
    deburst_line = 0
    for b in geometry.bursts:
        rel = np.arange(b.first_valid_line, b.last_valid_line + 1)
        times = b.azimuth_time_s + rel * dt
        owner, _ = geometry.radar_to_image(times, np.full(len(rel), geometry.near_slant_range_m))
        kept = np.flatnonzero(np.abs(owner - (b.first_line + rel)) < 1e-3)
        if len(kept) == 0:
            continue
        if kept[-1] - kept[0] + 1 != len(kept):
            raise ProductError(f"The bursts of {geometry.source} overlap in a way that leaves "
                               f"a gap inside burst {b.first_line // b.lines + 1}: "
                               f"{_DAMAGED}.")
        segments.append(Segment(int(b.first_line + rel[kept[0]]), len(kept), deburst_line,
                                float(times[kept[0]])))
        deburst_line += len(kept)
    return tuple(segments)


def read_valid_samples(root: Any, source: str, lines: int
                       ) -> Optional[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """Return the first and last valid sample of every product line of a TOPS SLC.

    From ``firstValidSample``/``lastValidSample`` of the burst list (-1: invalid line); None
    for products without bursts.
    """
    bursts = root.findall("swathTiming/burstList/burst")
    if not bursts:
        return None
    r = FieldReader(root, source, "Sentinel-1 annotation", fix=_DAMAGED)
    per_burst = int(r.read_int("swathTiming/linesPerBurst", "lines per burst", minimum=1))
    first = np.full(lines, -1, dtype=np.intp)
    last = np.full(lines, -1, dtype=np.intp)
    for i, b in enumerate(bursts):
        where = f"swathTiming/burstList/burst[{i + 1}]"
        start, stop = i * per_burst, min((i + 1) * per_burst, lines)
        for name, out in (("firstValidSample", first), ("lastValidSample", last)):
            values = r.read_float_list(name, "valid sample per line", base=b, where=where,
                                       length=per_burst)
            out[start:stop] = values[:stop - start].astype(np.intp)
    return first, last


# --------------------------------------------------------------------------------------------
# output raster geometry

@dataclass(frozen=True)
class OutputGrid:
    """Geometry of the output raster and its mapping to the product raster.

    ``segments``: the debursted raster (:func:`deburst_segments`); the output covers debursted
    lines ``deburst_line0`` to ``deburst_line1 - 1`` and product samples ``sample0`` to
    ``sample1 - 1``, in cells of ``azimuth_looks`` x ``range_looks`` pixels.
    """

    segments: tuple[Segment, ...]
    azimuth_time_interval_s: float
    deburst_line0: int
    deburst_line1: int
    sample0: int
    sample1: int
    azimuth_looks: int
    range_looks: int

    @property
    def lines(self) -> int:
        """Number of output lines."""
        return -(-(self.deburst_line1 - self.deburst_line0) // self.azimuth_looks)

    @property
    def samples(self) -> int:
        """Number of output samples."""
        return -(-(self.sample1 - self.sample0) // self.range_looks)

    def _segment_of_deburst(self, d: FloatArray) -> npt.NDArray[np.intp]:
        starts = np.array([s.deburst_line0 for s in self.segments], dtype=np.float64)
        k = np.searchsorted(starts, np.floor(d + 0.5), side="right") - 1
        return np.clip(k, 0, len(self.segments) - 1).astype(np.intp)

    def product_line(self, line: npt.ArrayLike) -> FloatArray:
        """Return the product (burst-stacked) raster line of output lines (cell centres)."""
        d = (self.deburst_line0 + np.asarray(line, dtype=np.float64) * self.azimuth_looks
             + 0.5 * (self.azimuth_looks - 1))
        k = self._segment_of_deburst(d)
        first = np.array([s.product_line0 for s in self.segments], dtype=np.float64)
        start = np.array([s.deburst_line0 for s in self.segments], dtype=np.float64)
        return first[k] + (d - start[k])

    def product_sample(self, sample: npt.ArrayLike) -> FloatArray:
        """Return the product raster sample of output samples (cell centres)."""
        return (self.sample0 + np.asarray(sample, dtype=np.float64) * self.range_looks
                + 0.5 * (self.range_looks - 1))

    def output_line_of_time(self, azimuth_time_s: npt.ArrayLike) -> FloatArray:
        """Return the fractional output line of azimuth times (s since the orbit epoch).

        Each time goes to the segment that holds it (mid-overlap for TOPS), extrapolated from
        the first or last segment beyond the ends.
        """
        t = np.asarray(azimuth_time_s, dtype=np.float64)
        dt = self.azimuth_time_interval_s
        starts = np.array([s.time0_s for s in self.segments]) - 0.5 * dt
        k = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, len(self.segments) - 1)
        time0 = np.array([s.time0_s for s in self.segments])[k]
        line0 = np.array([s.deburst_line0 for s in self.segments], dtype=np.float64)[k]
        d = line0 + (t - time0) / dt
        return (d - self.deburst_line0 - 0.5 * (self.azimuth_looks - 1)) / self.azimuth_looks

    def output_sample(self, product_sample: npt.ArrayLike) -> FloatArray:
        """Return the fractional output sample of product raster samples."""
        s = np.asarray(product_sample, dtype=np.float64)
        return (s - self.sample0 - 0.5 * (self.range_looks - 1)) / self.range_looks

    def pieces(self, start: int, stop: int) -> list[tuple[int, int, int]]:
        """Return (product line, lines, row in the block) of debursted lines start..stop-1."""
        out = []
        for s in self.segments:
            a, b = max(start, s.deburst_line0), min(stop, s.deburst_line0 + s.lines)
            if b > a:
                out.append((s.product_line0 + a - s.deburst_line0, b - a, a - start))
        return out


def _deburst_range(segments: tuple[Segment, ...], line0: int, line1: int,
                   label: str) -> tuple[int, int]:
    """Return the debursted lines [first, stop) whose product lines lie in [line0, line1)."""
    runs = []
    for s in segments:
        a, b = max(line0, s.product_line0), min(line1, s.product_line0 + s.lines)
        if b > a:
            runs.append((s.deburst_line0 + a - s.product_line0, s.deburst_line0 + b
                         - s.product_line0))
    if not runs:
        raise ProductError(f"{label} (product lines {line0}-{line1 - 1}) holds no line of the "
                           f"debursted image: it lies in burst overlaps or in the invalid "
                           f"lines at burst edges; choose a larger window or crop.")
    if any(prev[1] != nxt[0] for prev, nxt in zip(runs[:-1], runs[1:])):
        raise ProductError(f"{label} (product lines {line0}-{line1 - 1}) covers lines of two "
                           f"bursts but not the lines between them in the debursted image: "
                           f"choose a window or crop that spans the burst seam or stays "
                           f"inside one burst.")
    return runs[0][0], runs[-1][1]


def multilook(values: FloatArray, azimuth_looks: int, range_looks: int) -> FloatArray:
    """Return the mean of each ``azimuth_looks`` x ``range_looks`` cell, NaN left out.

    A cell without a finite value is NaN; the last row and column of cells may be partial.
    """
    if azimuth_looks == range_looks == 1:
        return values
    rows, cols = values.shape
    ny, nx = -(-rows // azimuth_looks), -(-cols // range_looks)
    padded = np.full((ny * azimuth_looks, nx * range_looks), np.nan)
    padded[:rows, :cols] = values
    cells = padded.reshape(ny, azimuth_looks, nx, range_looks)
    finite = np.isfinite(cells)
    total = np.where(finite, cells, 0.0).sum(axis=(1, 3))
    count = finite.sum(axis=(1, 3))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


# --------------------------------------------------------------------------------------------
# the blocks

@dataclass
class BackscatterBlocks:
    """Backscatter (linear power, float32) of one swath/polarisation, read block by block.

    Iterate for ``(range of output lines, array)`` blocks of whole output lines, or
    :meth:`read` any window of the output raster. ``grid`` describes the output raster and
    maps it to the product raster; ``geometry`` is the product's (burst-stacked) geometry.
    """

    measurement: MeasurementRaster
    geometry: AcquisitionGeometry
    grid: OutputGrid
    quantity: str
    denoised: bool
    radiometry: Optional[Sentinel1Radiometry]
    valid_samples: Optional[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]
    max_block_pixels: int = DEFAULT_BLOCK_PIXELS
    warnings: list[str] = field(default_factory=list)

    @property
    def calibrated(self) -> bool:
        """True for sigma0/beta0/gamma0, False for uncalibrated ``|DN|^2``."""
        return self.quantity != "power"

    @property
    def lines(self) -> int:
        """Number of output lines."""
        return self.grid.lines

    @property
    def samples(self) -> int:
        """Number of output samples."""
        return self.grid.samples

    def _values(self, line0: int, lines: int, pixel0: int, pixels: int) -> FloatArray:
        """Full-resolution values (float64, not floored) of a block of product lines."""
        dn = self.measurement.read(line0, lines, pixel0, pixels)
        fill_zero = self.valid_samples is None  # see the module notes
        if self.radiometry is not None:
            values = calibrate_block(dn, line0, pixel0, self.radiometry, self.quantity,
                                     self.denoised, floor=-np.inf, zero_is_nodata=fill_zero,
                                     dtype=np.float64)
        else:
            values = detected_power(dn)
            values[~np.isfinite(values) | (fill_zero & (values == 0.0))] = np.nan
        if self.valid_samples is not None:
            first, last = (v[line0:line0 + lines, None] for v in self.valid_samples)
            cols = np.arange(pixel0, pixel0 + pixels)[None, :]
            values[(cols < first) | (cols > last)] = np.nan
        return values

    def read(self, line0: int, lines: int, sample0: int = 0,
             samples: Optional[int] = None) -> npt.NDArray[np.float32]:
        """Return a window of the output raster (float32, linear, NaN = no data)."""
        grid = self.grid
        samples = grid.samples - sample0 if samples is None else samples
        if min(line0, sample0) < 0 or line0 + lines > grid.lines or (
                sample0 + samples > grid.samples) or min(lines, samples) < 1:
            raise ProductError(f"Output lines {line0}-{line0 + lines - 1} x samples {sample0}-"
                               f"{sample0 + samples - 1} lie outside the {grid.lines} x "
                               f"{grid.samples} backscatter raster.")
        la, lr = grid.azimuth_looks, grid.range_looks
        start = grid.deburst_line0 + line0 * la
        stop = min(grid.deburst_line0 + (line0 + lines) * la, grid.deburst_line1)
        pixel0 = grid.sample0 + sample0 * lr
        pixels = min(grid.sample0 + (sample0 + samples) * lr, grid.sample1) - pixel0
        pieces = grid.pieces(start, stop)
        if len(pieces) == 1:  # one burst (or GRD): no copy
            values = self._values(pieces[0][0], pieces[0][1], pixel0, pixels)
        else:
            values = np.empty((stop - start, pixels))
            for product_line, count, row in pieces:
                values[row:row + count] = self._values(product_line, count, pixel0, pixels)
        out = multilook(values, la, lr)
        if self.calibrated:
            np.maximum(out, FLOOR_LINEAR, out=out)  # NaN stays NaN
        return out.astype(np.float32)

    def read_product_lines(self, line0: int, lines: int) -> npt.NDArray[np.float32]:
        """Return lines of the product raster at full resolution, bursts not merged.

        The raster the product's geometry describes (TOPS bursts one after the other, as
        ``geometry.radar_to_image`` maps them; for GRD the same as :meth:`read` at 1 x 1
        looks), every pixel the measurement file holds across: float32, linear, floored as
        :meth:`read`; NaN outside each burst line's valid samples and where nothing was
        measured. ``grid`` and the looks do not apply.
        """
        m = self.measurement
        if lines < 1 or line0 < m.line0 or line0 + lines > m.line0 + m.lines:
            raise ProductError(f"Product lines {line0}-{line0 + lines - 1} are not in "
                               f"{m.path}, which holds lines {m.line0}-"
                               f"{m.line0 + m.lines - 1}.")
        values = self._values(int(line0), int(lines), m.pixel0, m.samples)
        if self.calibrated:
            np.maximum(values, FLOOR_LINEAR, out=values)
        return values.astype(np.float32)

    def __iter__(self) -> Iterator[tuple[range, npt.NDArray[np.float32]]]:
        """Yield (output lines, block) of whole output lines, bounded in size."""
        full_row = self.grid.azimuth_looks * (self.grid.sample1 - self.grid.sample0)
        step = max(1, int(self.max_block_pixels) // max(full_row, 1))
        for start in range(0, self.lines, step):
            stop = min(start + step, self.lines)
            yield range(start, stop), self.read(start, stop - start)

    def output_line_times(self) -> FloatArray:
        """Return the azimuth time (s since the geometry's orbit epoch) of every output line.

        The time of the cell centre (:meth:`OutputGrid.product_line`), increasing.
        """
        lines = self.grid.product_line(np.arange(self.lines))
        times, _ = self.geometry.image_to_radar(lines, np.zeros(len(lines)))
        return times

    def output_slant_range(self, sample: npt.ArrayLike) -> FloatArray:
        """Return the slant range (m) of output samples (cell centres) of an SLC."""
        return (self.geometry.near_slant_range_m
                + self.grid.product_sample(sample) * self.geometry.range_pixel_spacing_m)

    def output_gcps(self) -> list[tuple[float, float, float, float, float]]:
        """Return the annotation's tie points as (line, sample, lat, lon, height) of the output.

        Pixel centres at integers (add 0.5 for GDAL's pixel corners); tie points outside the
        output raster are kept (they extend the fit), mapped through their azimuth time.
        """
        g = np.asarray(self.geometry.gcps, dtype=np.float64).reshape(-1, 5)
        t, _ = self.geometry.image_to_radar(g[:, 0], g[:, 1])
        line = self.grid.output_line_of_time(t)
        sample = self.grid.output_sample(g[:, 1])
        return [(float(a), float(b), float(c), float(d), float(e))
                for a, b, c, d, e in zip(line, sample, g[:, 2], g[:, 3], g[:, 4])]

    def close(self) -> None:
        """Close the measurement raster."""
        self.measurement.close()


# --------------------------------------------------------------------------------------------
# entry point

def _looks(multilook_looks: Optional[tuple[int, int]], sampling: Sampling,
           ground_pixel_m: float) -> tuple[int, int]:
    if multilook_looks is None:
        return default_looks(sampling, ground_pixel_m)
    looks = tuple(int(v) for v in multilook_looks)
    if len(looks) != 2 or min(looks) < 1 or looks != tuple(multilook_looks):
        raise ProductError(f"multilook must be (azimuth looks, range looks), whole numbers >= "
                           f"1, not {multilook_looks!r}.")
    return looks[0], looks[1]


def _radiometry(product: str, entry: Any, quantity: str,
                denoise: bool) -> Optional[Sentinel1Radiometry]:
    """Read the LUTs needed for ``quantity`` (None for power); clear errors when absent."""
    if quantity == "power":
        if denoise:
            raise ProductError("Noise removal needs the calibration of the product: ask for "
                               "sigma0, beta0 or gamma0, or for power without noise removal.")
        return None
    where = f"{entry.swath}/{entry.polarisation} of {product}"
    if not has_companion(entry, "calibration"):
        raise ProductError(f"{quantity} of {where} needs the calibration annotation "
                           f"annotation/calibration/calibration-{os.path.basename(entry.location)}"
                           f", which the product lacks: give the complete SAFE, or ask for the "
                           f"uncalibrated power |DN|^2 (quantity 'power').")
    if denoise and not has_companion(entry, "noise"):
        raise ProductError(f"Noise removal for {where} needs the noise annotation "
                           f"annotation/calibration/noise-{os.path.basename(entry.location)}, "
                           f"which the product lacks: give the complete SAFE, or calibrate "
                           f"without noise removal.")
    return Sentinel1Radiometry.from_product(product, entry.swath, entry.polarisation, denoise)


def _region(measurement: MeasurementRaster, window: Optional[Window]) -> Window:
    """Return the part of the product raster to read: the file's extent, cut by ``window``."""
    m = measurement
    if window is None:
        return Window(m.line0, m.lines, m.pixel0, m.samples)
    line0, pixel0 = max(window.line0, m.line0), max(window.pixel0, m.pixel0)
    line1 = min(window.line0 + window.lines, m.line0 + m.lines)
    pixel1 = min(window.pixel0 + window.pixels, m.pixel0 + m.samples)
    if window.lines < 1 or window.pixels < 1 or line1 <= line0 or pixel1 <= pixel0:
        raise ProductError(f"The window (lines {window.line0}-{window.line0 + window.lines - 1}"
                           f", pixels {window.pixel0}-{window.pixel0 + window.pixels - 1}) does "
                           f"not overlap the measurement raster {m.path} (lines {m.line0}-"
                           f"{m.line0 + m.lines - 1}, pixels {m.pixel0}-"
                           f"{m.pixel0 + m.samples - 1}).")
    return Window(line0, line1 - line0, pixel0, pixel1 - pixel0)


def calibrated_backscatter_blocks(
        product: Union[str, "os.PathLike[str]"], swath: Optional[str] = None,
        polarisation: Optional[str] = None, quantity: str = "sigma0",
        denoise: Optional[bool] = None, multilook: Optional[tuple[int, int]] = None,
        ground_pixel_m: float = DEFAULT_GROUND_PIXEL_M, crop: Optional[Crop] = None,
        window: Optional[Window] = None,
        max_block_pixels: int = DEFAULT_BLOCK_PIXELS) -> BackscatterBlocks:
    """Open the calibrated backscatter of one swath/polarisation of a Sentinel-1 product.

    Parameters
    ----------
    product : path
        SAFE folder, ``manifest.safe``, ``.zip``; with ``crop`` also the annotation XML alone.
    swath, polarisation : str, optional
        Which measurement (co-polarisation first when not given).
    quantity : str
        ``sigma0`` (default), ``beta0``, ``gamma0`` (linear power), or ``power``: the
        uncalibrated detected ``|DN|^2``, flagged ``calibrated=False``.
    denoise : bool, optional
        Remove the thermal noise; default True for the calibrated quantities, False for power.
    multilook : (int, int), optional
        (azimuth looks, range looks); default from ``ground_pixel_m`` (module notes).
    ground_pixel_m : float
        Ground pixel the default looks aim at (10 m).
    crop : Crop, optional
        Read a crop of the measurement raster (its own file, with its offset) instead of the
        SAFE's measurement.
    window : Window, optional
        Read only this window of the product raster (cut to the crop).
    max_block_pixels : int
        Full-resolution pixels per iterated block (memory about 40 bytes per pixel).

    Returns
    -------
    BackscatterBlocks
        Iterable of (output lines, float32 block); ``grid`` describes the output raster.
    """
    if quantity not in QUANTITIES:
        raise ProductError(f"Unknown quantity {quantity!r}: use one of {', '.join(QUANTITIES)}.")
    denoise = quantity != "power" if denoise is None else bool(denoise)
    entry = select_annotation(list_annotations(str(product)), swath, polarisation)
    radiometry = _radiometry(str(product), entry, quantity, denoise)
    label = f"{entry.location} in {entry.archive}" if entry.archive else entry.location
    root = read_annotation(entry)
    geometry = geometry_from_annotation(root, source=label)
    sampling = read_sampling(root, label)
    looks = _looks(multilook, sampling, ground_pixel_m)
    measurement = open_measurement(str(product), entry.swath, entry.polarisation, crop)
    region = _region(measurement, window)
    segments = deburst_segments(geometry)
    what = "The crop" if window is None else "The window"
    first, stop = _deburst_range(segments, region.line0, region.line0 + region.lines, what)
    grid = OutputGrid(segments, geometry.azimuth_time_interval_s, first, stop, region.pixel0,
                      region.pixel0 + region.pixels, *looks)
    blocks = BackscatterBlocks(measurement, geometry, grid, quantity, denoise, radiometry,
                               read_valid_samples(root, label, geometry.lines),
                               max_block_pixels)
    if quantity == "power":
        blocks.warnings.append(f"{label}: uncalibrated power |DN|^2 (digital numbers squared, "
                               f"thermal noise not removed), not sigma0; compare it only with "
                               f"itself.")
    return blocks
