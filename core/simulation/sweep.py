"""The layover/shadow sweep of one block, with the rest of its region in summaries.

mask.layover_shadow_codes sweeps all cells of a region at once: within an azimuth bin, in the
order (ground-order key, then DEM row, then column), a cell is layover when a cell before it
has a longer slant range or a cell after it a shorter one, and shadow when a cell before it
has a larger look angle. Here the region is cut into pieces (strip x column tile, see
layout.py) and only the block's own piece is swept cell by cell. For every other piece P and
bin b, a summary holds the first and the last cell of P in b in that order and the extremes
of their slant ranges and look angles (piece_summaries). Against the block's own first and
last cell of b, P is wholly before them (its extremes start the running maxima), wholly after
them (its minimum range ends the running minimum), or it interleaves: then its cells of b are
read and those between take part in the sweep one by one. Comparisons use the same order and
the same integers as the region-wide sweep, so the codes are identical to it, while a block
holds one piece and a few neighbouring cells instead of the strips of its halo.
"""
from dataclasses import dataclass

import numpy as np

from .mask import LAYOVER, NODATA, SHADOW, _segmented_prev_max_exceeds

GRIDS = ("bin", "bin_shifted")  # the two azimuth bin grids, half a bin apart
SWEEP_NAMES = ("valid", "key", "range_q", "look_q") + GRIDS
_I64 = np.iinfo(np.int64)


@dataclass
class BinExtremes:
    """Per azimuth bin (sorted ``bins``) of a set of cells: first/last in sweep order, extremes.

    First and last are (key, flat index) pairs: the ground-order key, ties broken by the
    cell's row-major index in the DEM. ``piece``: (strip, tile) of the cells' piece, per bin.
    """

    bins: np.ndarray  # int32
    key_first: np.ndarray  # float64
    flat_first: np.ndarray  # int64
    key_last: np.ndarray
    flat_last: np.ndarray
    range_max: np.ndarray  # int64, quantised slant range
    range_min: np.ndarray
    look_max: np.ndarray  # int64, quantised look angle
    strip: np.ndarray  # int32
    tile: np.ndarray  # int32

    @classmethod
    def join(cls, parts):
        """Return the rows of all ``parts`` (BinExtremes) in one, in their order."""
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, n) for p in parts]) for n in _EXTREME_NAMES))

    @classmethod
    def concatenate(cls, parts):
        """Return the rows of all ``parts`` (BinExtremes) in one, sorted by bin."""
        joined = cls.join(parts)
        return joined.take(np.argsort(joined.bins, kind="stable"))

    @classmethod
    def empty(cls):
        """Return a summary without rows."""
        types = (np.int32, np.float64, np.int64, np.float64, np.int64, np.int64, np.int64,
                 np.int64, np.int32, np.int32)
        return cls(*(np.zeros(0, dtype=t) for t in types))

    def take(self, index):
        """Return the rows ``index`` (an index array or a boolean mask)."""
        return BinExtremes(*(getattr(self, n)[index] for n in _EXTREME_NAMES))

    def between_bins(self, first, last):
        """Return the rows whose bin lies in [first, last] (rows sorted by bin)."""
        a, b = np.searchsorted(self.bins, [first, last + 1])
        return self.take(slice(int(a), int(b)))


_EXTREME_NAMES = ("bins", "key_first", "flat_first", "key_last", "flat_last", "range_max",
                  "range_min", "look_max", "strip", "tile")


def _stable_order(bins):
    """np.argsort(bins, kind="stable"), by a radix sort where the bins span < 2^16 values."""
    if bins.size and int(bins.max()) - int(bins.min()) < 1 << 16:
        bins = (bins - bins.min()).astype(np.uint16)  # numpy sorts 16-bit keys by radix
    return np.argsort(bins, kind="stable")


def bin_extremes(bins, key, flat, range_q, look_q, strip=-1, tile=-1):
    """BinExtremes of the cells given by 1-D arrays (any order)."""
    if bins.size == 0:
        return BinExtremes.empty()
    order = _stable_order(bins)
    bins, key, flat = bins[order], key[order], flat[order]
    range_q, look_q = range_q[order], look_q[order]
    starts = np.flatnonzero(np.r_[True, bins[1:] != bins[:-1]])
    segment = np.cumsum(np.r_[False, bins[1:] != bins[:-1]])
    key_first = np.minimum.reduceat(key, starts)
    key_last = np.maximum.reduceat(key, starts)
    flat_first = np.minimum.reduceat(np.where(key == key_first[segment], flat, _I64.max), starts)
    flat_last = np.maximum.reduceat(np.where(key == key_last[segment], flat, _I64.min), starts)
    count = starts.size
    return BinExtremes(
        bins[starts].astype(np.int32), key_first, flat_first, key_last, flat_last,
        np.maximum.reduceat(range_q, starts), np.minimum.reduceat(range_q, starts),
        np.maximum.reduceat(look_q, starts), np.full(count, strip, dtype=np.int32),
        np.full(count, tile, dtype=np.int32))


def cell_arrays(cells, flat):
    """Return the valid cells of a piece as 1-D arrays (key, flat, range_q, look_q, bins)."""
    valid = np.flatnonzero(cells["valid"].ravel())
    out = {name: cells[name].ravel()[valid] for name in ("key", "range_q", "look_q") + GRIDS}
    out["flat"] = flat.ravel()[valid]
    out["index"] = valid
    return out


def piece_summaries(cells, flat, strip, tile):
    """Per grid, the BinExtremes of a piece's valid cells (``flat``: their DEM indices)."""
    a = cell_arrays(cells, flat)
    return tuple(bin_extremes(a[grid], a["key"], a["flat"], a["range_q"], a["look_q"], strip,
                              tile) for grid in GRIDS)


def _before(key_a, flat_a, key_b, flat_b):
    """(key, flat) a strictly before (key, flat) b in the sweep order."""
    return (key_a < key_b) | ((key_a == key_b) & (flat_a < flat_b))


@dataclass
class _Context:
    """What the rest of the region adds to each of the block's bins (indices of ``own``)."""

    range_before: np.ndarray  # running maximum of the slant range before the bin's first cell
    look_before: np.ndarray  # of the look angle
    range_after: np.ndarray  # running minimum of the slant range after its last cell
    extra: list  # (bin position, key, flat, range, look) arrays of interleaving cells


def _fold_summaries(own, others):
    """Carry the pieces wholly before or after the block; return (_Context, interleaving rows)."""
    n = own.bins.size
    ctx = _Context(np.full(n, _I64.min), np.full(n, _I64.min), np.full(n, _I64.max), [])
    pos = np.clip(np.searchsorted(own.bins, others.bins), 0, max(n - 1, 0))
    hit = (own.bins[pos] == others.bins) if n else np.zeros(others.bins.size, dtype=bool)
    before = hit & _before(others.key_last, others.flat_last, own.key_first[pos],
                           own.flat_first[pos])
    after = hit & _before(own.key_last[pos], own.flat_last[pos], others.key_first,
                          others.flat_first)
    np.maximum.at(ctx.range_before, pos[before], others.range_max[before])
    np.maximum.at(ctx.look_before, pos[before], others.look_max[before])
    np.minimum.at(ctx.range_after, pos[after], others.range_min[after])
    return ctx, others.take(hit & ~before & ~after)


def _fold_cells(own, ctx, cells, grid, bins_wanted):
    """Fold a neighbouring piece's cells of ``bins_wanted`` into ``ctx`` (cell_arrays input)."""
    take = np.isin(cells[grid], bins_wanted)
    bins, key, flat = cells[grid][take], cells["key"][take], cells["flat"][take]
    rng, look = cells["range_q"][take], cells["look_q"][take]
    pos = np.searchsorted(own.bins, bins)
    before = _before(key, flat, own.key_first[pos], own.flat_first[pos])
    after = _before(own.key_last[pos], own.flat_last[pos], key, flat)
    np.maximum.at(ctx.range_before, pos[before], rng[before])
    np.maximum.at(ctx.look_before, pos[before], look[before])
    np.minimum.at(ctx.range_after, pos[after], rng[after])
    inside = ~before & ~after
    ctx.extra.append((bins[inside], key[inside], flat[inside], rng[inside], look[inside]))


def _sweep_flags(bins, key, flat, range_q, look_q, own, ctx):
    """Layover and shadow flags of the first ``len(bins)`` cells (the block's own)."""
    n = bins.size
    has_before = ctx.range_before > _I64.min
    has_after = ctx.range_after < _I64.max
    parts = [(bins, key, flat, range_q, look_q)] + ctx.extra
    low_look = look_q.min()
    parts.append((own.bins[has_before], np.full(has_before.sum(), -np.inf),
                  np.full(has_before.sum(), -1), ctx.range_before[has_before],
                  ctx.look_before[has_before]))
    parts.append((own.bins[has_after], np.full(has_after.sum(), np.inf),
                  np.full(has_after.sum(), -1), ctx.range_after[has_after],
                  np.full(has_after.sum(), low_look)))
    all_bins, all_key, all_flat, all_range, all_look = (
        np.concatenate([np.asarray(p[i]) for p in parts]) for i in range(5))
    # by bin, then key, then flat: a stable sort by bin of the (key, flat) order
    order = np.lexsort((all_flat.astype(np.int64, copy=False), all_key))
    order = order[_stable_order(all_bins[order])]
    segment = all_bins[order].astype(np.int64)
    segment -= segment[0]
    rng = all_range[order].astype(np.int64, copy=False)
    layover = _segmented_prev_max_exceeds(segment, rng)
    reversed_segment = segment[-1] - segment[::-1]
    layover |= _segmented_prev_max_exceeds(reversed_segment, -rng[::-1])[::-1]
    shadow = _segmented_prev_max_exceeds(segment, all_look[order].astype(np.int64, copy=False))
    mine = order < n
    out_layover = np.zeros(n, dtype=bool)
    out_shadow = np.zeros(n, dtype=bool)
    out_layover[order[mine]] = layover[mine]
    out_shadow[order[mine]] = shadow[mine]
    return out_layover, out_shadow


def block_codes(cells, flat, neighbours, read_piece, own=None):
    """Mask codes (uint8, the piece's shape) of a block's own piece.

    ``cells``: the piece's sweep fields (SWEEP_NAMES) as (rows, cols) arrays; ``flat``: the
    DEM's row-major index of each cell; ``neighbours``: per grid, BinExtremes of every other
    piece of the region over the piece's bins; ``read_piece(strip, tile)``: that piece's
    cell_arrays (called only for pieces that interleave); ``own``: per grid, the piece's own
    BinExtremes when the caller has them (piece_summaries; None: computed here). Invalid
    cells get NODATA.
    """
    codes = np.full(cells["valid"].shape, NODATA, dtype=np.uint8)
    a = cell_arrays(cells, flat)
    if a["index"].size == 0:
        return codes
    layover = np.zeros(a["index"].size, dtype=bool)
    shadow = np.zeros(a["index"].size, dtype=bool)
    if own is None:
        own = tuple(bin_extremes(a[grid], a["key"], a["flat"], a["range_q"], a["look_q"])
                    for grid in GRIDS)
    for grid, others, mine in zip(GRIDS, neighbours, own):
        ctx, mixed = _fold_summaries(mine, others)
        pieces = sorted(set(zip(mixed.strip.tolist(), mixed.tile.tolist())))
        for strip, tile in pieces:
            wanted = mixed.bins[(mixed.strip == strip) & (mixed.tile == tile)]
            _fold_cells(mine, ctx, read_piece(strip, tile), grid, wanted)
        flags = _sweep_flags(a[grid], a["key"], a["flat"], a["range_q"], a["look_q"], mine,
                             ctx)
        layover |= flags[0]
        shadow |= flags[1]
    codes.reshape(-1)[a["index"]] = (layover.astype(np.uint8) * LAYOVER
                                     + shadow.astype(np.uint8) * SHADOW)
    return codes
