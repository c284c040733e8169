"""Merge the swaths of a Sentinel-1 TOPS SLC (IW1-IW3, EW1-EW5) onto one radar grid.

:func:`merged_backscatter_blocks` opens the calibrated, debursted, multilooked backscatter of
each chosen swath (:func:`~.sentinel1_backscatter.calibrated_backscatter_blocks`, all with the
same looks) and resamples it, one block of output lines at a time, onto one common grid:

- **The grid.** Range: slant range from the centre of the first cell of the nearest swath
  (its first ``range looks`` samples) to the centre of the last cell of the farthest, at the
  multilooked spacing ``range looks x dR`` (``dR = c / (2 rangeSamplingRate)``, 2.33 m in IW);
  :meth:`MergedGrid.slant_range_time` gives the two-way time. Azimuth: time from the earliest
  first line of any swath to the latest last line, at the multilooked interval ``azimuth looks
  x azimuthTimeInterval``, the lines aligned with the output lines of the nearest swath. Times
  are seconds since the orbit epoch of the nearest swath's annotation (other swaths' times are
  moved to it). Default looks as :func:`~.sentinel1_backscatter.default_looks` for a ground
  pixel of ``ground_pixel_m``, with the mean of the swaths' mid-swath incidence angles (IW1-IW3:
  1 x 3 looks for 10 m; IW1 alone would take 1 x 2).
- **Which swath gives a cell (the seam rule).** Each pair of adjacent swaths (in range) has one
  seam, a slant range: the middle of their overlap, between the near edge of the far swath's
  valid area (its largest ``firstValidSample`` over all bursts) and the far edge of the near
  swath's valid area (its smallest ``lastValidSample``), the rule ESA's and SNAP's TOPS merge
  describe (mid-overlap between the first and last valid samples). A cell nearer than the seam
  takes the near swath's value, a cell at or beyond it the far swath's. Where that swath holds
  no value (the swaths start and end at different times: the corners of the staircase), an
  adjacent swath whose valid area holds the cell gives it, so the merged valid area is the
  union of the swaths'; outside every swath a cell is NaN.
- **Placement.** Azimuth: nearest line in time. The IPF focuses all swaths of a product on one
  azimuth time grid (in the Ötztal product the lines of IW1 and IW2 lie 882.000 line intervals
  apart, to 0.001 line), so at one azimuth look (IW's default for 10 m) a swath's lines fall
  exactly on the output lines; with more looks the error is at most half an output line.
  Range: linear interpolation between the two nearest multilooked cells of the swath, in
  linear power (never in dB): the swaths' sample grids are offset from each other by arbitrary
  fractions of a sample (IW2 starts 19901.08 samples after IW1 in that product), and nearest
  cells would shift a whole swath by up to half a cell (several metres) against the grid's
  slant range. Offsets within 1e-6 of a cell are snapped, so the nearest swath's cells (offset
  0) are copied unchanged. A NaN neighbour is left out of the interpolation (the other one's
  weight becomes 1): the valid area grows by less than one cell at its edges, never shrinks.
- **Bounded memory.** The output is computed in blocks of whole lines; for each block only the
  lines of each swath that its lines take are read (the swath's own bounded reader), so memory
  is some 40-55 bytes per full-resolution pixel of a block (``max_block_pixels`` of them,
  summed over the swaths) plus two float64 output blocks, whatever the scene size (full-size
  IW1 + IW2 VH, 609 million pixels: peak RSS 105, 172 and 443 MB at 0.5, 2 and 8 million
  pixels per block).
- **Tie points.** :meth:`MergedBackscatter.output_gcps` places every swath's geolocation grid
  on the merged raster by its azimuth time and slant range.

GRD products are merged by ESA already: they are refused here (read their one raster with
:func:`~.sentinel1_backscatter.calibrated_backscatter_blocks`).
"""
import math
import os
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from .acquisition import SPEED_OF_LIGHT, ProductError
from .sentinel1 import (
    AnnotationEntry,
    geometry_from_annotation,
    list_annotations,
    read_annotation,
    read_tie_points,
)
from .sentinel1_backscatter import (
    DEFAULT_GROUND_PIXEL_M,
    BackscatterBlocks,
    Sampling,
    calibrated_backscatter_blocks,
    default_looks,
    read_sampling,
)
from .sentinel1_radiometry import DEFAULT_BLOCK_PIXELS

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]
LonLatBox = tuple[float, float, float, float]  # west, south, east, north (degrees)
MERGE_NAMES = ("ALL", "MERGED")  # swath names meaning "all swaths, merged"
_SNAP = 1e-6  # offsets (in cells) this close to a whole number are taken as whole
_CO_POLARISATIONS = ("VV", "HH")


def is_merge_request(swath: Optional[str]) -> bool:
    """Return True when ``swath`` asks for all swaths merged ("ALL" or "MERGED", any case)."""
    return swath is not None and swath.strip().upper() in MERGE_NAMES


# --------------------------------------------------------------------------------------------
# the common grid

@dataclass(frozen=True)
class MergedGrid:
    """The common radar grid of the merged swaths (pixel centres at integers).

    Output line ``i`` is at azimuth time ``first_line_time_s + i * line_interval_s`` (seconds
    since ``epoch``), output sample ``j`` at slant range ``near_slant_range_m + j *
    range_spacing_m``.
    """

    epoch: np.datetime64
    first_line_time_s: float
    line_interval_s: float
    lines: int
    near_slant_range_m: float
    range_spacing_m: float
    samples: int
    azimuth_looks: int
    range_looks: int

    def azimuth_time(self, line: npt.ArrayLike) -> FloatArray:
        """Return the azimuth time (s since ``epoch``) of output lines."""
        return self.first_line_time_s + np.asarray(line, dtype=np.float64) * self.line_interval_s

    def slant_range(self, sample: npt.ArrayLike) -> FloatArray:
        """Return the slant range (m) of output samples."""
        return (self.near_slant_range_m
                + np.asarray(sample, dtype=np.float64) * self.range_spacing_m)

    def slant_range_time(self, sample: npt.ArrayLike) -> FloatArray:
        """Return the two-way slant-range time (s) of output samples."""
        return 2.0 * self.slant_range(sample) / SPEED_OF_LIGHT

    def output_line_of_time(self, azimuth_time_s: npt.ArrayLike) -> FloatArray:
        """Return the fractional output line of azimuth times (s since ``epoch``)."""
        t = np.asarray(azimuth_time_s, dtype=np.float64)
        return (t - self.first_line_time_s) / self.line_interval_s

    def output_sample_of_range(self, slant_range_m: npt.ArrayLike) -> FloatArray:
        """Return the fractional output sample of slant ranges (m)."""
        r = np.asarray(slant_range_m, dtype=np.float64)
        return (r - self.near_slant_range_m) / self.range_spacing_m

    def first_sample_at_or_beyond(self, slant_range_m: float) -> int:
        """Return the first output sample whose slant range is at least ``slant_range_m``."""
        if slant_range_m == -math.inf:
            return 0
        if slant_range_m == math.inf:
            return self.samples
        j = math.ceil(float(self.output_sample_of_range(slant_range_m)) - 1e-9)
        return min(max(j, 0), self.samples)


# --------------------------------------------------------------------------------------------
# one swath on the grid

def _snap(value: float) -> float:
    nearest = round(value)
    return float(nearest) if abs(value - nearest) < _SNAP else value


@dataclass
class SwathPart:
    """One swath's blocks and where they lie on the merged grid.

    ``line_times_s``: azimuth time of each of the swath's output lines (merged epoch).
    Swath output sample ``x`` of merged sample ``j``: ``first_sample + sample_step * j``.
    ``valid_near_m``/``valid_far_m``: slant range of the swath's valid area in every burst;
    ``band_near_m``/``band_far_m``: the seams around the part of the grid it owns.
    ``tie_points``: the annotation's geolocation grid, (n, 5) azimuth time (merged epoch),
    slant range (m), latitude, longitude (degrees), height (m).
    """

    blocks: BackscatterBlocks
    line_times_s: FloatArray
    first_sample: float
    sample_step: float
    valid_near_m: float
    valid_far_m: float
    band_near_m: float = -math.inf
    band_far_m: float = math.inf
    tie_points: FloatArray = field(default_factory=lambda: np.empty((0, 5)))

    @property
    def swath(self) -> str:
        """The swath's name (e.g. IW2)."""
        return str(self.blocks.measurement.raster.swath)

    def rows(self, times: FloatArray) -> IndexArray:
        """Return the swath output line nearest to each time, -1 outside the swath's span.

        The span reaches half a line interval beyond the first and last line centres; a time
        halfway between two lines takes the earlier.
        """
        lt = self.line_times_s
        half = 0.5 * self.blocks.grid.azimuth_looks * self.blocks.geometry.azimuth_time_interval_s
        inside = (times >= lt[0] - half * (1 + _SNAP)) & (times <= lt[-1] + half * (1 + _SNAP))
        after = np.clip(np.searchsorted(lt, times), 1, len(lt) - 1)
        before = after - 1
        nearest = np.where(times - lt[before] <= lt[after] - times, before, after)
        if len(lt) == 1:
            nearest = np.zeros(len(times), dtype=np.intp)
        return np.where(inside, nearest, -1).astype(np.intp)

    def columns(self, samples: int) -> tuple[int, int]:
        """Return the merged samples [first, stop) whose centres lie on the swath's samples.

        The swath's cells reach half a cell beyond its first and last cell centres.
        """
        n = self.blocks.samples
        first = math.ceil((-0.5 - self.first_sample) / self.sample_step - 1e-9)
        last = math.floor((n - 0.5 - self.first_sample) / self.sample_step + 1e-9)
        return max(first, 0), min(last + 1, samples)

    def values(self, rows: IndexArray, columns: tuple[int, int]) -> FloatArray:
        """Return the swath's values (float64, linear) at ``rows`` x merged ``columns``.

        Reads only the swath lines ``rows`` span; range interpolated (module notes).
        """
        lo, hi = int(rows.min()), int(rows.max())
        block = self.blocks.read(lo, hi - lo + 1).astype(np.float64)[rows - lo]
        x = self.first_sample + self.sample_step * np.arange(*columns, dtype=np.float64)
        return interpolate_range(block, x)


def interpolate_range(values: FloatArray, x: FloatArray) -> FloatArray:
    """Return ``values`` linearly interpolated at fractional columns ``x``, NaN left out.

    Each result mixes the two columns around ``x`` (weights ``1 - w`` and ``w``); a neighbour
    that is NaN or outside the array is left out and the other one's weight renormalised; NaN
    where neither is left (or only one with weight 0).
    """
    n = values.shape[1]
    i0 = np.floor(x).astype(np.intp)
    w = x - i0
    neighbours = []
    for index, weight in ((i0, 1.0 - w), (i0 + 1, w)):
        outside = (index < 0) | (index >= n)
        taken = values[:, np.clip(index, 0, n - 1)]
        usable = np.isfinite(taken) & ~outside[None, :]
        neighbours.append((np.where(usable, taken, 0.0), np.where(usable, weight[None, :], 0.0)))
    total = neighbours[0][1] + neighbours[1][1]
    mixed = neighbours[0][0] * neighbours[0][1] + neighbours[1][0] * neighbours[1][1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, mixed / total, np.nan)


# --------------------------------------------------------------------------------------------
# the merged raster

@dataclass
class MergedBackscatter:
    """Backscatter (linear power, float32) of several swaths merged onto one grid.

    Iterate for ``(range of output lines, array)`` blocks of whole lines, or :meth:`read`
    lines. ``parts`` are the swaths, nearest first; ``seams_m`` the slant ranges between them.
    """

    product: str
    parts: list[SwathPart]
    grid: MergedGrid
    max_block_pixels: int = DEFAULT_BLOCK_PIXELS
    warnings: list[str] = field(default_factory=list)

    @property
    def quantity(self) -> str:
        """sigma0, beta0, gamma0 or power (the swaths')."""
        return self.parts[0].blocks.quantity

    @property
    def denoised(self) -> bool:
        """True when the thermal noise was removed."""
        return self.parts[0].blocks.denoised

    @property
    def calibrated(self) -> bool:
        """True for sigma0/beta0/gamma0, False for uncalibrated ``|DN|^2``."""
        return self.parts[0].blocks.calibrated

    @property
    def swaths(self) -> list[str]:
        """Names of the merged swaths, nearest first."""
        return [p.swath for p in self.parts]

    @property
    def polarisation(self) -> str:
        """The polarisation of the merged swaths."""
        return str(self.parts[0].blocks.measurement.raster.polarisation)

    @property
    def seams_m(self) -> list[float]:
        """Slant range (m) of the seam between each pair of adjacent swaths."""
        return [p.band_far_m for p in self.parts[:-1]]

    @property
    def lines(self) -> int:
        """Number of output lines."""
        return self.grid.lines

    @property
    def samples(self) -> int:
        """Number of output samples."""
        return self.grid.samples

    def read(self, line0: int, lines: int) -> npt.NDArray[np.float32]:
        """Return output lines ``line0`` to ``line0 + lines - 1`` (float32, linear, NaN = none)."""
        grid = self.grid
        if line0 < 0 or lines < 1 or line0 + lines > grid.lines:
            raise ProductError(f"Output lines {line0}-{line0 + lines - 1} lie outside the "
                               f"{grid.lines} lines of the merged backscatter raster.")
        times = grid.azimuth_time(np.arange(line0, line0 + lines))
        owned = np.full((lines, grid.samples), np.nan)
        spare = np.full((lines, grid.samples), np.nan)
        for part in self.parts:
            rows = part.rows(times)
            take = np.flatnonzero(rows >= 0)
            first, stop = part.columns(grid.samples)
            if len(take) == 0 or stop <= first:
                continue
            values = part.values(rows[take], (first, stop))
            band0 = min(max(grid.first_sample_at_or_beyond(part.band_near_m), first), stop)
            band1 = min(max(grid.first_sample_at_or_beyond(part.band_far_m), band0), stop)
            owned[take, band0:band1] = values[:, band0 - first:band1 - first]
            held = spare[take, first:stop]
            spare[take, first:stop] = np.where(np.isnan(held), values, held)
        return np.where(np.isnan(owned), spare, owned).astype(np.float32)

    def block_lines(self) -> int:
        """Return the output lines per iterated block (``max_block_pixels`` full-res pixels)."""
        looks = self.grid.azimuth_looks
        row = looks * sum(p.blocks.grid.sample1 - p.blocks.grid.sample0 for p in self.parts)
        return max(1, int(self.max_block_pixels) // max(row, 1))

    def __iter__(self) -> Iterator[tuple[range, npt.NDArray[np.float32]]]:
        """Yield (output lines, block) of whole output lines, bounded in size."""
        step = self.block_lines()
        for start in range(0, self.lines, step):
            stop = min(start + step, self.lines)
            yield range(start, stop), self.read(start, stop - start)

    def output_gcps(self) -> list[tuple[float, float, float, float, float]]:
        """Return all swaths' tie points as (line, sample, lat, lon, height) of the output.

        Pixel centres at integers (add 0.5 for GDAL's pixel corners), placed by their
        annotated ``azimuthTime`` and ``slantRangeTime`` (in TOPS the burst timing of their
        ``line`` differs from ``azimuthTime`` by up to 0.12 lines); points of adjacent swaths in
        their overlap are all kept.
        """
        out: list[tuple[float, float, float, float, float]] = []
        for part in self.parts:
            g = part.tie_points
            line = self.grid.output_line_of_time(g[:, 0])
            sample = self.grid.output_sample_of_range(g[:, 1])
            out += [(float(a), float(b), float(c), float(d), float(e))
                    for a, b, c, d, e in zip(line, sample, g[:, 2], g[:, 3], g[:, 4])]
        return out

    def close(self) -> None:
        """Close the swaths' measurement rasters."""
        for part in self.parts:
            part.blocks.close()


# --------------------------------------------------------------------------------------------
# which swaths

def _merge_polarisation(entries: Sequence[AnnotationEntry], polarisation: Optional[str]) -> str:
    """Return the polarisation to merge: the given one, else the one most swaths offer.

    Ties go to the co-polarisation (VV, HH).
    """
    offered = sorted({e.polarisation for e in entries})
    if polarisation:
        if polarisation.upper() not in offered:
            raise ProductError(f"The product has no {polarisation.upper()} annotation; it has "
                               f"{', '.join(offered)}.")
        return polarisation.upper()
    return max(offered, key=lambda p: (sum(e.polarisation == p for e in entries),
                                       p in _CO_POLARISATIONS))


def _hull_meets_box(ring: FloatArray, box: LonLatBox) -> bool:
    """Return True when the convex polygon ``ring`` (closed, lon/lat) meets the box.

    Separating-axis test of two convex polygons: they meet unless one edge normal separates
    their projections.
    """
    west, south, east, north = box
    rect = np.array([[west, south], [east, south], [east, north], [west, north], [west, south]])
    polygons = (np.asarray(ring, dtype=np.float64), rect)
    for poly in polygons:
        for a, b in zip(poly[:-1], poly[1:]):
            normal = np.array([b[1] - a[1], a[0] - b[0]])
            p, q = (poly_[:-1] @ normal for poly_ in polygons)
            if p.max() < q.min() or q.max() < p.min():
                return False
    return True


def _check_box(box: LonLatBox) -> LonLatBox:
    west, south, east, north = (float(v) for v in box)
    if not all(map(math.isfinite, (west, south, east, north))) or not (
            west < east and south < north):
        raise ProductError(f"The lon/lat box must be (west, south, east, north) in degrees "
                           f"with west < east and south < north, not {box!r}.")
    return west, south, east, north


def swaths_to_merge(product: Union[str, "os.PathLike[str]"], polarisation: Optional[str] = None,
                    swaths: Optional[Sequence[str]] = None,
                    lonlat_box: Optional[LonLatBox] = None) -> list[AnnotationEntry]:
    """Return the annotations of the swaths to merge, nearest (in range) first.

    All swaths of the polarisation (default: the one most swaths offer, co-polarisation on
    ties), or those named in ``swaths``, or those whose tie-point footprint meets
    ``lonlat_box`` (west, south, east, north degrees; boxes across the antimeridian are not
    supported) together with the swaths between them, so that the merged area has no hole.
    ProductError for GRD products, unknown swaths and a box no swath meets.
    """
    entries = list_annotations(str(product))
    if any(e.product_type == "GRD" for e in entries):
        raise ProductError(f"{product} is a GRD product: ESA has merged its swaths into one "
                           f"raster already; read that raster (no swath, or swath IW/EW).")
    pol = _merge_polarisation(entries, polarisation)
    chosen = [e for e in entries if e.polarisation == pol]
    if swaths:
        names = [s.strip().upper() for s in swaths]
        unknown = sorted(set(names) - {e.swath for e in chosen})
        if unknown:
            raise ProductError(f"The product has no {pol} annotation for {', '.join(unknown)}; "
                               f"it has {', '.join(e.swath for e in chosen)} in {pol}.")
        chosen = [e for e in chosen if e.swath in names]
    roots = [read_annotation(e) for e in chosen]
    geometries = [geometry_from_annotation(r, source=e.location) for r, e in zip(roots, chosen)]
    order = np.argsort([g.near_slant_range_m for g in geometries], kind="stable")
    chosen = [chosen[i] for i in order]
    if lonlat_box is not None:
        box = _check_box(lonlat_box)
        hit = [i for i, k in enumerate(order) if _meets(geometries[k].footprint_lonlat(), box)]
        if not hit:
            raise ProductError(f"None of the swaths {', '.join(e.swath for e in chosen)} ({pol}) "
                               f"meets the lon/lat box {box}: give an area inside the product's "
                               f"footprint.")
        chosen = chosen[hit[0]:hit[-1] + 1]
    return chosen


def _meets(ring: Optional[FloatArray], box: LonLatBox) -> bool:
    return ring is not None and _hull_meets_box(ring, box)


# --------------------------------------------------------------------------------------------
# entry point

def _epoch_offset_s(epoch: np.datetime64, reference: np.datetime64) -> float:
    """Return ``epoch - reference`` in seconds."""
    delta = np.datetime64(epoch, "ns") - np.datetime64(reference, "ns")
    return float(delta.astype(np.int64)) * 1e-9


def _common_looks(entries: Sequence[AnnotationEntry],
                  multilook: Optional[tuple[int, int]], ground_pixel_m: float) -> tuple[int, int]:
    """Return the looks of every swath: given, or for the mean mid-swath incidence."""
    if multilook is not None:
        return multilook  # checked by calibrated_backscatter_blocks
    samplings = [read_sampling(read_annotation(e), e.location) for e in entries]
    first = samplings[0]
    mean = Sampling(first.product_type, first.range_pixel_spacing_m,
                    first.azimuth_pixel_spacing_m,
                    float(np.mean([s.incidence_mid_deg for s in samplings])))
    return default_looks(mean, ground_pixel_m)


def _valid_range_m(blocks: BackscatterBlocks) -> tuple[float, float]:
    """Return the slant range (m) of the near and far edge of the valid area of every burst."""
    geometry = blocks.geometry
    if blocks.valid_samples is None:
        first, last = 0, geometry.samples - 1
    else:
        ok = blocks.valid_samples[0] >= 0
        first = int(blocks.valid_samples[0][ok].max())
        last = int(blocks.valid_samples[1][ok].min())
    return (geometry.near_slant_range_m + first * geometry.range_pixel_spacing_m,
            geometry.near_slant_range_m + last * geometry.range_pixel_spacing_m)


def _grid(all_blocks: Sequence[BackscatterBlocks], looks: tuple[int, int],
          times: Sequence[FloatArray]) -> MergedGrid:
    """Return the common grid of swaths (nearest first) and their line times (merged epoch)."""
    near = all_blocks[0]
    interval = looks[0] * near.geometry.azimuth_time_interval_s
    spacing = looks[1] * near.geometry.range_pixel_spacing_m
    start = float(near.output_slant_range(0))
    far = max(float(b.output_slant_range(b.samples - 1)) for b in all_blocks)
    earliest = min(float(t[0]) for t in times)
    before = math.ceil((float(times[0][0]) - earliest) / interval - _SNAP)
    first_time = float(times[0][0]) - before * interval
    latest = max(float(t[-1]) for t in times)
    return MergedGrid(near.geometry.orbit.epoch, first_time, interval,
                      math.floor((latest - first_time) / interval + 0.5) + 1, start, spacing,
                      math.floor((far - start) / spacing + 0.5) + 1, looks[0], looks[1])


def _tie_points(entry: AnnotationEntry, epoch: np.datetime64) -> FloatArray:
    """Return the geolocation grid of an annotation: (n, 5) time, range, lat, lon, height."""
    label = f"{entry.location} in {entry.archive}" if entry.archive else entry.location
    t, cols = read_tie_points(read_annotation(entry), epoch, label)
    return np.column_stack([t, cols["slantRangeTime"] * SPEED_OF_LIGHT / 2.0, cols["latitude"],
                            cols["longitude"], cols["height"]]).astype(np.float64)


def _parts(all_blocks: Sequence[BackscatterBlocks], looks: tuple[int, int]
           ) -> tuple[MergedGrid, list[SwathPart]]:
    """Return the grid and each swath's placement on it, with the seams (module notes)."""
    epoch = all_blocks[0].geometry.orbit.epoch
    times = []
    for blocks in all_blocks:
        t = blocks.output_line_times() + _epoch_offset_s(blocks.geometry.orbit.epoch, epoch)
        if np.any(np.diff(t) <= 0):
            raise ProductError(f"The debursted lines of {blocks.geometry.source} are not in "
                               f"time order: the file is damaged or was edited; download the "
                               f"product again.")
        times.append(t)
    grid = _grid(all_blocks, looks, times)
    parts = []
    for blocks, t in zip(all_blocks, times):
        start = float(blocks.grid.output_sample(
            (grid.near_slant_range_m - blocks.geometry.near_slant_range_m)
            / blocks.geometry.range_pixel_spacing_m))
        step = grid.range_spacing_m / (blocks.geometry.range_pixel_spacing_m
                                       * blocks.grid.range_looks)
        parts.append(SwathPart(blocks, t, _snap(start), _snap(step), *_valid_range_m(blocks)))
    for near, far in zip(parts[:-1], parts[1:]):
        seam = 0.5 * (near.valid_far_m + far.valid_near_m)
        near.band_far_m = far.band_near_m = seam
    return grid, parts


def merged_backscatter_blocks(
        product: Union[str, "os.PathLike[str]"], polarisation: Optional[str] = None,
        quantity: str = "sigma0", denoise: Optional[bool] = None,
        multilook: Optional[tuple[int, int]] = None,
        ground_pixel_m: float = DEFAULT_GROUND_PIXEL_M, swaths: Optional[Sequence[str]] = None,
        lonlat_box: Optional[LonLatBox] = None,
        max_block_pixels: int = DEFAULT_BLOCK_PIXELS) -> MergedBackscatter:
    """Open the calibrated backscatter of the swaths of a TOPS SLC, merged onto one grid.

    Parameters
    ----------
    product : path
        SAFE folder, ``manifest.safe`` or ``.zip`` of an IW or EW SLC (GRD: ProductError).
    polarisation : str, optional
        Default: the polarisation most swaths offer (co-polarisation on ties).
    quantity, denoise
        As :func:`~.sentinel1_backscatter.calibrated_backscatter_blocks`, for every swath.
    multilook : (int, int), optional
        (azimuth looks, range looks) of every swath; default from ``ground_pixel_m`` at the
        mean mid-swath incidence of the swaths.
    ground_pixel_m : float
        Ground pixel the default looks aim at (10 m).
    swaths : sequence of str, optional
        Merge only these swaths (e.g. ``["IW2", "IW3"]``); default all.
    lonlat_box : (west, south, east, north), optional
        Merge only the swaths meeting this box (degrees), and those between them.
    max_block_pixels : int
        Full-resolution pixels per iterated block, summed over the swaths.

    Returns
    -------
    MergedBackscatter
        Iterable of (output lines, float32 block); ``grid`` describes the output raster.
    """
    entries = swaths_to_merge(product, polarisation, swaths, lonlat_box)
    looks = _common_looks(entries, multilook, ground_pixel_m)
    opened: list[BackscatterBlocks] = []
    try:
        for e in entries:
            opened.append(calibrated_backscatter_blocks(
                product, e.swath, e.polarisation, quantity, denoise=denoise, multilook=looks,
                max_block_pixels=max_block_pixels))
        grid, parts = _parts(opened, looks)
        for part, e in zip(parts, entries):
            part.tie_points = _tie_points(e, grid.epoch)
    except BaseException:
        for blocks in opened:
            blocks.close()
        raise
    merged = MergedBackscatter(str(product), parts, grid, max_block_pixels)
    if not merged.calibrated:
        merged.warnings.append(f"{product}: uncalibrated power |DN|^2 of swaths "
                               f"{', '.join(merged.swaths)} (digital numbers squared, thermal "
                               f"noise not removed), not sigma0; compare it only with itself.")
    return merged
