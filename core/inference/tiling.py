"""Tiled, batched, blended inference of a height model over a whole raster.

Tiles of ``tile_size`` pixels step by ``tile_size - overlap``; the last tile of a row or
column is moved back to end at the raster edge (so no padding is needed unless the raster is
smaller than one tile; then the tile shrinks to the raster rounded up to the network stride
and the rest is filled by reflection). Every tile's heights are weighted by a 2-D window
that is 1 in the middle and falls off as a raised cosine (sin^2) across the ``overlap``
pixels at each side, never reaching 0; the output is the weighted mean of all tiles covering
a pixel. Where two tiles overlap, one fades out as the other fades in, so there are no
seams, and pixels far from tile borders come from the tile that sees them with most context.

Memory: :func:`predict_heights` holds the contract channels of the whole raster (3 float32
+ 1 float64 + 2 bool per pixel, ~22 bytes) and computes the distance map once for the whole
raster (scipy needs ~20 bytes per pixel while doing it): the in-memory path, for rasters up
to a few thousand pixels a side (training, benchmarks, tests). :func:`predict_heights_in_strips`
reads the SAR one tile row (a strip of ``tile rows`` x width pixels) at a time and keeps the
priors sparse, so its memory grows with the raster's width, not its area; its heights equal
those of :func:`predict_heights`. Both hand the heights over in bands of rows to
``write_band`` as soon as no later tile touches them, so the output never needs to be held
whole.
"""
import numpy as np

from ..errors import InferenceCancelled, InferenceError
from .contract import (
    MAX_PRIOR_DENSITY,
    PriorPoints,
    denormalise_heights,
    prepare_block,
    prepare_inputs,
    spacing_pair,
)


def tile_origins(size, tile, step):
    """Start offsets of tiles of ``tile`` pixels covering ``size`` pixels, ``step`` apart."""
    if step < 1:
        raise InferenceError(f"Tile step must be positive, got {step}.")
    if size <= tile:
        return [0]
    origins = list(range(0, size - tile, step))
    origins.append(size - tile)
    return origins


def taper(length, overlap):
    """1-D window: sin^2 rise over ``overlap`` pixels at both ends, 1 between, > 0 everywhere."""
    window = np.ones(length, dtype=np.float64)
    overlap = min(int(overlap), length // 2)
    if overlap > 0:
        ramp = np.sin(0.5 * np.pi * (np.arange(overlap) + 0.5) / overlap) ** 2
        window[:overlap] = ramp
        window[length - overlap:] = ramp[::-1]
    return window


def blend_window(rows, cols, overlap):
    """2-D blending weights of a tile: outer product of two :func:`taper` windows."""
    return np.outer(taper(rows, overlap), taper(cols, overlap))


def _round_up(value, multiple):
    return -(-int(value) // multiple) * multiple


class TilePlan:
    """Tile size, step and origins for a raster of ``shape``."""

    def __init__(self, shape, tile_size, overlap, stride):
        tile_size, overlap, stride = int(tile_size), int(overlap), int(stride)
        if tile_size < stride or tile_size % stride:
            raise InferenceError(f"Tile size {tile_size} must be a positive multiple of the "
                                 f"network stride {stride}.")
        if overlap < 0 or 2 * overlap > tile_size:
            raise InferenceError(f"Overlap {overlap} must lie between 0 and half the tile size "
                                 f"({tile_size // 2}).")
        rows, cols = shape
        self.tile_rows = min(tile_size, _round_up(rows, stride))
        self.tile_cols = min(tile_size, _round_up(cols, stride))
        self.overlap = overlap
        self.row_origins = tile_origins(rows, self.tile_rows, self.tile_rows - overlap)
        self.col_origins = tile_origins(cols, self.tile_cols, self.tile_cols - overlap)
        self.tiles = [(r, c) for r in self.row_origins for c in self.col_origins]

    def __len__(self):
        return len(self.tiles)


class BandAccumulator:
    """Weighted sums over a moving band of rows; finished rows go to ``write_band``.

    Each tile brings the validity of its pixels with it (the same from every tile covering a
    pixel), so the band needs no validity mask of the whole raster.
    """

    def __init__(self, height, width, write_band):
        self.height, self.write_band = height, write_band
        self.row0 = 0
        self.num = np.zeros((0, width))
        self.den = np.zeros((0, width))
        self.valid = np.zeros((0, width), dtype=bool)

    def add(self, row0, col0, heights, weights, valid):
        """Add one tile's values (``heights``) with its blending ``weights`` and validity."""
        rows, cols = heights.shape
        missing = row0 + rows - self.row0 - self.num.shape[0]
        if missing > 0:
            extra = np.zeros((missing, self.num.shape[1]))
            self.num = np.concatenate([self.num, extra])
            self.den = np.concatenate([self.den, extra])
            self.valid = np.concatenate([self.valid, extra.astype(bool)])
        top = row0 - self.row0
        self.num[top:top + rows, col0:col0 + cols] += heights * weights
        self.den[top:top + rows, col0:col0 + cols] += weights
        self.valid[top:top + rows, col0:col0 + cols] = valid

    def flush(self, complete_row):
        """Hand over the rows above ``complete_row`` (no tile still to come touches them)."""
        count = min(complete_row, self.height) - self.row0
        if count <= 0:
            return
        with np.errstate(invalid="ignore", divide="ignore"):
            heights = (self.num[:count] / self.den[:count]).astype(np.float32)
        heights[~self.valid[:count]] = np.nan
        self.write_band(self.row0, heights)
        self.num, self.den = self.num[count:].copy(), self.den[count:].copy()
        self.valid = self.valid[count:].copy()
        self.row0 += count


def resolve_tiling(metadata, tile_size=None, overlap=None):
    """Return (tile_size, overlap) in pixels: the given values, else the model's.

    A defaulted overlap is capped at half the tile size (a smaller tile than the model's
    keeps working).
    """
    tile_size = int(metadata["tile_size"] if tile_size is None else tile_size)
    if overlap is None:
        overlap = min(int(metadata["overlap"]), tile_size // 2)
    return tile_size, int(overlap)


def predict_heights(model, sar_db, priors, pixel_spacing_m, tile_size=None, overlap=None,
                    batch_size=4, progress=None, write_band=None):
    """Heights (m, float32, NaN where the SAR is missing) of a whole raster held in memory.

    model: a :class:`HeightModel` (or any object with ``metadata`` and ``run(batch)``).
    sar_db: backscatter in dB, NaN where missing. priors: prior heights, NaN where absent.
    pixel_spacing_m: a number or (row, column) spacing in metres.
    tile_size / overlap: default from the model metadata (see :func:`resolve_tiling`).
    batch_size: tiles per model call.
    progress(fraction) -> keep_going, called after each batch; False raises
    InferenceCancelled. write_band(row0, heights): when given, finished bands of rows are
    handed over in order and nothing is returned; otherwise the whole array is returned.
    """
    meta = model.metadata
    tile_size, overlap = resolve_tiling(meta, tile_size, overlap)
    inputs = prepare_inputs(np.asarray(sar_db, dtype=np.float32), priors, pixel_spacing_m,
                            meta)
    plan = TilePlan(inputs.shape, tile_size, overlap, int(meta["stride"]))
    return _run_tiles(model, plan, inputs.shape, lambda row0: inputs, batch_size, progress,
                      write_band)


def predict_heights_in_strips(model, read_rows, points, pixel_spacing_m, tile_size=None,
                              overlap=None, batch_size=4, progress=None, write_band=None):
    """:func:`predict_heights` with the SAR read one tile row at a time.

    read_rows(row0, rows) -> backscatter in dB (float32, NaN where missing) of the rows
    [row0, row0 + rows), the whole width; it is called once per tile row, for at most the
    tile height of rows, top to bottom. points: the :class:`PriorPoints` of the raster (its
    shape is the raster's). The other arguments and the result are those of
    :func:`predict_heights`, and so are the heights: each strip's channels equal the whole
    raster's (the distance to the nearest prior comes from a KD-tree of all priors), and the
    tiles, batches and blending are the same.
    """
    meta = model.metadata
    tile_size, overlap = resolve_tiling(meta, tile_size, overlap)
    if not isinstance(points, PriorPoints):
        points = PriorPoints.from_raster(points)
    plan = TilePlan(points.shape, tile_size, overlap, int(meta["stride"]))
    spacing = spacing_pair(pixel_spacing_m)
    strip = {}

    def inputs_of(row0):
        """Return the current strip's inputs; the next strip is read when its first tile comes."""
        if strip.get("row0") != row0:
            strip.clear()  # drop the previous strip before reading the next
            rows = min(plan.tile_rows, points.shape[0] - row0)
            sar_db = np.asarray(read_rows(row0, rows), dtype=np.float32)
            strip.update(row0=row0, inputs=prepare_block(sar_db, points, row0, spacing, meta))
        return strip["inputs"]

    return _run_tiles(model, plan, points.shape, inputs_of, batch_size, progress, write_band)


def _run_tiles(model, plan, shape, inputs_of, batch_size, progress, write_band):
    """Run the model over the tiles of ``plan`` in batches and blend them into bands.

    inputs_of(tile row origin) -> the RasterInputs holding that tile row.
    """
    meta = model.metadata
    batch_size = max(1, int(batch_size))
    weights = blend_window(plan.tile_rows, plan.tile_cols, plan.overlap)
    result = None
    if write_band is None:
        result = np.full(shape, np.nan, dtype=np.float32)

        def write_band(row0, heights):
            result[row0:row0 + heights.shape[0]] = heights

    bands = BandAccumulator(shape[0], shape[1], write_band)
    for start in range(0, len(plan), batch_size):
        chunk = plan.tiles[start:start + batch_size]
        batch = np.empty((len(chunk), 4, plan.tile_rows, plan.tile_cols), dtype=np.float32)
        references, valid = [], []
        for index, (r, c) in enumerate(chunk):
            inputs = inputs_of(r)
            batch[index], reference = inputs.tile(r, c, plan.tile_rows, plan.tile_cols)
            references.append(reference)
            valid.append(inputs.valid_window(r, c, plan.tile_rows, plan.tile_cols))
        output = _checked_run(model, batch)
        for (r, c), y, reference, ok in zip(chunk, output[:, 0], references, valid):
            h, w = ok.shape
            heights = denormalise_heights(y[:h, :w], reference, meta)
            bands.add(r, c, heights, weights[:h, :w], ok)
        done = start + len(chunk)
        bands.flush(plan.tiles[done][0] if done < len(plan) else shape[0])
        if progress is not None and not progress(done / len(plan)):
            raise InferenceCancelled("Height estimation cancelled.")
    return result


def _checked_run(model, batch):
    """Return the model's output for ``batch``; InferenceError when misshapen or not finite."""
    output = np.asarray(model.run(batch))
    expected = (batch.shape[0], 1) + batch.shape[2:]
    if output.shape != expected:
        raise InferenceError(f"The model returned {output.shape} for an input of "
                             f"{batch.shape}.")
    if not np.all(np.isfinite(output)):
        raise InferenceError(
            "The height model returned non-finite values: its inputs lie outside the "
            "range it was trained on (for example priors much denser than "
            f"{100 * MAX_PRIOR_DENSITY:g} % of the pixels, or a SAR image that is not "
            "calibrated backscatter). No output was written.")
    return output
