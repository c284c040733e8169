"""Blocks of DEM cells with everything the simulation and the reconstruction need.

The DEM is cut into strips of ``options.block_rows`` rows and each strip into column tiles of
about TILE_NONZEROS mapping entries (layout.py); a block is one strip x one tile, and its radar
window stays small even where a strip crosses the image diagonally. SceneBlocks turns this
into a core.blocks.BlockPlan of two kinds of independent tasks:

- strip task (compute_strip): the per-cell geometry of one strip (rows.py, in the fixed row
  groups of the plan), written to a PieceStore, and per piece and azimuth bin a summary for
  the layover/shadow sweep of the other blocks (sweep.py);
- block task (compute_block): the codes of one block (its own cells swept, the strips of its
  halo through their summaries), facet weights, texture, the one-to-many mapping, and the
  BlockMapping, optionally reduced right there by a ``finish`` function of the caller.

A block task starts once the strips of its halo are stored; a strip overwrites a slot of the
store only once no pending block needs the strip it held. Results come back in plan order
(strips top to bottom, tiles left to right), whatever the number of workers, and every number
of a block is a function of the DEM and the plan alone, so outputs are identical for any
block size, worker count or executor. Memory: one piece and its mapping per worker, plus the
strips' summaries; the halo's cells stay in the store (a scratch file for large DEMs).
"""
import functools
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
from scipy import sparse

from ..blocks import BlockPlan, BlockTask, run_plan, shares_memory
from ..blocks import read_lock as dem_read_lock
from ..heap import trim_if_due
from ..output_commit import OutputSet
from .laws import sigma0
from .layout import TILE_CELLS_RANGE, TILE_NONZEROS, make_layout  # noqa: F401 (re-exported)
from .mapping import RadarWindow, build_mapping, splat_image
from .mask import LAYOVER_AND_SHADOW, NODATA, SHADOW
from .options import SimulationOptions
from .plan import make_plan
from .rows import CELL_FIELDS, SWEEP_FIELDS, group_geometry
from .store import FIELD_TYPES, PieceStore
from .sweep import GRIDS, SWEEP_NAMES, BinExtremes, block_codes, cell_arrays, piece_summaries
from .texture import row_noise, texture_from_noise, texture_radius

STORE_IN_MEMORY_BYTES = 48 << 20  # larger stores go to a scratch file


@dataclass
class BlockMapping:
    """One tile of DEM cells (rows [row0, row0+rows), cols [col0, col0+cols)) and its mapping.

    Per-cell arrays are (rows, cols). ``matrix`` (CSR) maps cells (row-major columns) to the
    pixels of ``window`` (row-major rows); see mapping.build_mapping. Where SceneBlocks was
    asked for ``image_only``, ``matrix`` is empty and ``image`` holds the simulated image over
    ``window`` instead (mapping.splat_image: the pixels that received energy).
    """

    row0: int
    col0: int
    rows: int
    cols: int
    matrix: sparse.spmatrix
    window: Optional[RadarWindow]  # None: no sub-cell of the tile lands in the image
    line: np.ndarray  # fractional azimuth line of the cell centre; NaN: nodata / no solution
    sample: np.ndarray  # fractional range sample of the cell centre
    in_image: np.ndarray  # bool: the centre lies inside the raster (line, sample in +-0.5)
    incidence_deg: np.ndarray  # local incidence angle, degrees; NaN where unknown
    mask: np.ndarray  # uint8: 0 clear, 1 layover, 2 shadow, 3 both, 255 outside / nodata
    area_m2: np.ndarray  # facet surface area
    weight_m2: np.ndarray  # area x sigma0(theta_local); 0 for shadow, back-facing, nodata
    reflectivity: np.ndarray  # texture factor (mean 1; all ones without texture)
    fraction_done: float  # share of DEM cells handled once this tile is done
    image: Optional[np.ndarray] = None  # image_only: the simulated image over window

    def contributions(self):
        """Energy per cell (m^2): the vector that the matrix spreads over the pixels."""
        return self.weight_m2 * self.reflectivity

    def simulate(self):
        """Return the tile's simulated intensity over its window, (lines, samples) float64.

        None when the tile maps into no pixel (no window). Each pixel sums its cells in
        increasing cell order (with image_only: as mapping.splat_image summed them).
        """
        if self.window is None:
            return None
        if self.image is not None:
            return self.image
        return (self.matrix @ self.contributions().ravel()).reshape(self.window.shape)


@dataclass
class StripSummary:
    """What the blocks of other strips need of one strip: per grid, its pieces' BinExtremes.

    ``tile_bins[tile]``: (first, last) bin of the piece over both grids (None: no valid cell).
    """

    grids: tuple  # BinExtremes per grid, sorted by bin
    tile_bins: list


class BlockContext:
    """Everything a strip or block task reads: DEM, geometry, plan, options, layout, store.

    Shared by the threads of a run (the DEM is read under ``dem_lock``, see dem_read_lock);
    pickles with the DEM as its path, reopened once in each worker process.
    """

    def __init__(self, dem, geometry, plan, options, layout, store, with_mapping,
                 image_only=False):
        self.dem, self.geometry, self.plan, self.options = dem, geometry, plan, options
        self.layout, self.store, self.with_mapping = layout, store, with_mapping
        self.image_only = image_only
        self.dem_lock = dem_read_lock(dem)

    def __getstate__(self):
        """Pickle the DEM as (path, vertical datum, band); drop the lock."""
        state = dict(self.__dict__)
        dem = state.pop("dem")
        state["dem_source"] = (dem.path, dem.info.vertical_datum, dem.band.GetBand())
        del state["dem_lock"]
        return state

    def __setstate__(self, state):
        """Reopen the DEM in this process (once per process)."""
        source = state.pop("dem_source")
        self.__dict__.update(state)
        self.dem = reopen_dem(*source)
        self.dem_lock = dem_read_lock(self.dem)

    @property
    def texture(self):
        """True when the options ask for a reflectivity texture."""
        return self.options.texture_strength > 0

    def flat_index(self, strip, tile, rows=None):
        """Row-major DEM index of each cell of a piece, (rows, cols) int64."""
        y0 = self.layout.strip_range(strip)[0]
        first, end = rows if rows is not None else (0, self.layout.strip_size(strip))
        c0, c1 = self.layout.tile_range(tile)
        return (np.arange(y0 + first, y0 + end, dtype=np.int64)[:, None] * self.layout.width
                + np.arange(c0, c1, dtype=np.int64)[None, :])


@functools.lru_cache(maxsize=4)
def reopen_dem(path, vertical_datum, band):
    """Return a DemRaster of ``path``, opened once per process (for worker processes)."""
    from ..dem import DemRaster

    return DemRaster(path, vertical_datum, band)


def compute_strip(context, strip):
    """Compute and store the per-cell geometry of one strip; return its StripSummary."""
    layout, plan, dem = context.layout, context.plan, context.dem
    y0, y1 = layout.strip_range(strip)
    group = plan.row_group
    stored = [n for n in context.store.fields if n != "noise"]
    block_height = max(1, dem.band.GetBlockSize()[1])
    for g in range(y0 // group, (y1 - 1) // group + 1):
        gy0 = g * group
        values = group_geometry(dem, context.geometry, plan, gy0, min(group, dem.height - gy0),
                                context.dem_lock)
        if (gy0 + group - 1) // block_height != max(0, gy0 - 1) // block_height:
            with context.dem_lock:  # the next group starts in a later row of DEM blocks:
                dem.dataset.FlushCache()  # drop the blocks read from GDAL's cache
        a, b = max(y0, gy0), min(y1, gy0 + group)
        part = {name: values[name][a - gy0:b - gy0] for name in stored}
        del values
        if context.texture:
            part["noise"] = row_noise(context.options.seed, a, b, layout.width)
        context.store.write_rows(strip, a - y0, part)
        trim_if_due()  # the groups of a wide strip free more than a block holds
    with context.dem_lock:
        dem.dataset.FlushCache()
    grids, tile_bins = ([], []), []
    for tile in range(layout.tiles):
        cells = context.store.read(strip, tile, SWEEP_NAMES)
        summaries = piece_summaries(cells, context.flat_index(strip, tile), strip, tile)
        for parts, summary in zip(grids, summaries):
            parts.append(summary)
        bins = np.concatenate([s.bins for s in summaries])
        tile_bins.append((int(bins.min()), int(bins.max())) if bins.size else None)
        trim_if_due()
    return StripSummary(tuple(BinExtremes.concatenate(p) for p in grids), tile_bins)


def _ring(store, name, layout, y0, y1, c0, c1):
    """Field ``name`` of cells [y0 - 1, y1 + 1) x [c0 - 1, c1 + 1); NaN outside the DEM."""
    out = np.full((y1 - y0 + 2, c1 - c0 + 2), np.nan)
    r0, r1 = max(0, y0 - 1), min(layout.height, y1 + 1)
    a, b = max(0, c0 - 1), min(layout.width, c1 + 1)
    values = store.read_window((name,), r0, r1, a, b)[name]
    out[r0 - (y0 - 1):r1 - (y0 - 1), a - (c0 - 1):b - (c0 - 1)] = values
    return out


def _reflectivity(context, y0, y1, c0, c1):
    """Texture factor of the block's cells (ones without texture)."""
    options, layout = context.options, context.layout
    if not context.texture:
        return np.ones((y1 - y0, c1 - c0))
    radius = texture_radius(options.texture_strength, options.texture_correlation_cells)
    r0, r1 = max(0, y0 - radius), min(layout.height, y1 + radius)
    a, b = max(0, c0 - radius), min(layout.width, c1 + radius)
    noise = context.store.read_window(("noise",), r0, r1, a, b)["noise"]
    core = (slice(y0 - r0, y1 - r0), slice(c0 - a, c1 - a))
    return texture_from_noise(noise, core, options.texture_strength,
                              options.texture_correlation_cells)


def _block_codes(context, strip, tile, neighbours, own):
    store, cache = context.store, {}

    def read_piece(other_strip, other_tile):
        if (other_strip, other_tile) not in cache:
            cells = store.read(other_strip, other_tile, SWEEP_NAMES)
            cache[other_strip, other_tile] = cell_arrays(
                cells, context.flat_index(other_strip, other_tile))
        return cache[other_strip, other_tile]

    cells = store.read(strip, tile, SWEEP_NAMES)
    return block_codes(cells, context.flat_index(strip, tile), neighbours, read_piece, own)


def make_block(context, strip, tile, neighbours, own=None):
    """Return the BlockMapping of piece (strip, tile); ``neighbours``, ``own``: block_codes'."""
    layout, geometry, options = context.layout, context.geometry, context.options
    y0, y1 = layout.strip_range(strip)
    c0, c1 = layout.tile_range(tile)
    codes = _block_codes(context, strip, tile, neighbours, own)
    g = context.store.read(strip, tile, ("valid", "incidence", "area", "line", "sample"))
    valid = g["valid"]
    theta = g["incidence"].astype(np.float64)
    area = g["area"].astype(np.float64)
    line, sample = g["line"], g["sample"]
    with np.errstate(invalid="ignore"):
        in_image = (valid & (line >= -0.5) & (line <= geometry.lines - 0.5)
                    & (sample >= -0.5) & (sample <= geometry.samples - 0.5))
    shadow = (codes == SHADOW) | (codes == LAYOVER_AND_SHADOW)
    lit = valid & ~shadow & np.isfinite(area)
    weight = np.where(lit, np.nan_to_num(area) * sigma0(theta, options.backscatter_law,
                                                        options.law_exponent), 0.0)
    reflectivity = _reflectivity(context, y0, y1, c0, c1)
    matrix, window, image = sparse.csr_matrix((0, (y1 - y0) * (c1 - c0))), None, None
    if context.with_mapping:
        rings = (_ring(context.store, "line", layout, y0, y1, c0, c1),
                 _ring(context.store, "sample", layout, y0, y1, c0, c1),
                 context.plan.oversampling, (geometry.lines, geometry.samples))
        if context.image_only:
            image, window = splat_image(*rings, weight * reflectivity)
        else:
            matrix, window = build_mapping(*rings)
            matrix = matrix.tocsr()
    return BlockMapping(
        row0=y0, col0=c0, rows=y1 - y0, cols=c1 - c0, matrix=matrix, window=window,
        line=line, sample=sample, in_image=in_image, incidence_deg=np.degrees(theta),
        mask=np.where(in_image, codes, NODATA).astype(np.uint8), area_m2=area,
        weight_m2=weight, reflectivity=reflectivity,
        fraction_done=layout.fraction_done(strip, tile), image=image)


def compute_block(context, strip, tile, neighbours, finish=None, own=None):
    """Block task: make_block, then ``finish(block)`` when given (in the worker)."""
    block = make_block(context, strip, tile, neighbours, own)
    return block if finish is None else finish(block)


class SceneBlocks:
    """The block plan of one DEM in one product geometry, and the state of its runs.

    ``output_set``: the OutputSet whose scratch file holds the store (None: one of its own);
    ``in_memory``: True / False forces the store's back end (None: by its size);
    ``tile_cols``: overrides the layout's column tiles; ``image_only``: the blocks carry their
    simulated image instead of the matrix (all that BlockMapping.simulate needs). Use as a
    context manager (or call close()) to delete the scratch file.
    """

    def __init__(self, dem, geometry, options, plan, with_mapping=True, output_set=None,
                 in_memory=None, tile_cols=None, image_only=False):
        self.layout = layout = make_layout(dem, plan, options, tile_cols)
        fields = tuple(dict.fromkeys(CELL_FIELDS + SWEEP_FIELDS))
        if options.texture_strength > 0:
            fields += ("noise",)
        cell_bytes = sum(np.dtype(FIELD_TYPES[n]).itemsize for n in fields)
        store_bytes = layout.slots * layout.block_rows * layout.width * cell_bytes
        if in_memory is None:
            in_memory = store_bytes <= STORE_IN_MEMORY_BYTES
        self._own_set = None
        path = None
        if not in_memory:
            if output_set is None:
                output_set = self._own_set = OutputSet()
            path = output_set.scratch("blocks", ".bin")
        self.store = PieceStore(layout, fields, layout.slots, path)
        self.context = BlockContext(dem, geometry, plan, options, layout, self.store,
                                    with_mapping, image_only)
        self._book = {}

    def __enter__(self):
        """Return self."""
        return self

    def __exit__(self, *exc):
        """Close (delete the scratch file)."""
        self.close()

    def close(self):
        """Close the store and delete its scratch file."""
        self.store.close()
        if self._own_set is not None:
            self._own_set.discard()
        self._book.clear()

    def _summaries(self, strip, tile):
        """Return the block's neighbours and own summaries (sweep.block_codes' arguments).

        Per grid, the BinExtremes of the region's other pieces over the block's bins; per
        grid, the block's own, as its strip task summarised it (None: no valid cell).
        """
        bins = self._book[strip].tile_bins[tile]
        if bins is None:
            return tuple(BinExtremes.empty() for _ in GRIDS), None
        out, own = [], []
        for grid in range(len(GRIDS)):
            parts = []
            for other in self.layout.region(strip):
                rows = self._book[other].grids[grid].between_bins(*bins)
                if other == strip:
                    own.append(rows.take(rows.tile == tile))
                    rows = rows.take(rows.tile != tile)
                parts.append(rows)
            out.append(BinExtremes.join(parts))
        return tuple(out), tuple(own)

    def plan(self, finish=None):
        """Return the BlockPlan of strip and block tasks (see the module docstring).

        Labels ("strip", j) and ("block", strip, tile); ``finish(block)`` reduces each
        BlockMapping in the worker.
        """
        layout, plan = self.layout, BlockPlan()
        strip_task, last_block = {}, {}
        for strip in range(layout.strips):
            for j in range(len(strip_task), min(layout.strips, strip + layout.halo_strips + 1)):
                previous = j - layout.slots  # the strip that held the slot before
                after = -1
                if previous >= 0:
                    after = last_block[min(layout.strips - 1, previous + layout.halo_strips)]
                strip_task[j] = plan.add(BlockTask(compute_strip, (self.context, j), after,
                                                   ("strip", j), eager=True))
            ready = strip_task[max(layout.region(strip))]
            for tile in range(layout.tiles):
                arguments = functools.partial(self._block_arguments, strip, tile, finish)
                last_block[strip] = plan.add(BlockTask(compute_block, arguments, ready,
                                                       ("block", strip, tile)))
        return plan

    def _block_arguments(self, strip, tile, finish):
        neighbours, own = self._summaries(strip, tile)
        return self.context, strip, tile, neighbours, finish, own

    def run(self, workers=1, finish=None, executor=None, backend="threads", on_strip=None):
        """Yield (strip, tile, result) per block in plan order.

        ``result``: the BlockMapping, or ``finish(block)``; ``on_strip(fraction)`` is called
        after each strip task (for progress and cancellation). See core.blocks.run_plan for
        ``workers``, ``backend`` and ``executor``.
        """
        layout, done = self.layout, 0.0
        results = run_plan(self.plan(finish), workers, backend, executor)
        try:
            for task, result in results:
                if task.label[0] == "strip":
                    self._book[task.label[1]] = result
                    if on_strip is not None:
                        on_strip(done)
                    continue
                _, strip, tile = task.label
                done = layout.fraction_done(strip, tile)
                yield strip, tile, result
                if tile == layout.tiles - 1:
                    self._forget(strip - layout.halo_strips)
        finally:
            results.close()

    def _forget(self, strip):
        """Drop a strip that no later block needs (summaries; memory of the store)."""
        if strip >= 0:
            self._book.pop(strip, None)
            self.store.forget(strip)


def iter_block_mappings(dem, geometry, options=None, plan=None, with_mapping=True, workers=1,
                        executor: Optional[Any] = None, backend="threads"):
    """Yield a BlockMapping per tile, strips top to bottom, tiles left to right.

    ``plan`` (from plan.make_plan) may be given when the caller already made it; making it
    raises SimulationError when the DEM lies outside the image. ``with_mapping=False`` skips
    the sparse matrix (empty matrix, window None) when only per-cell results are wanted.
    ``workers`` > 1 computes blocks in threads (``backend`` "processes": in processes; or on
    ``executor``, see core.blocks.run_plan); the blocks are the same.
    """
    options = (options or SimulationOptions()).validate()
    plan = plan or make_plan(dem, geometry, options)
    in_memory = None if shares_memory(backend, executor) else False
    with SceneBlocks(dem, geometry, options, plan, with_mapping, in_memory=in_memory) as scene:
        for _, _, block in scene.run(workers, executor=executor, backend=backend):
            yield block


__all__ = ["BlockContext", "BlockMapping", "SceneBlocks", "StripSummary", "compute_block",
           "compute_strip", "iter_block_mappings", "make_block"]
