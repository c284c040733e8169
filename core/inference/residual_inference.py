"""Tiled inference of a contract-v2 height model: heights and their 1-sigma uncertainty.

The raster is processed one tile row (a strip of ``tile rows`` x width pixels) at a time: the
SAR strip is read, the prior surface and its support distance are evaluated on the strip
(core.inference.prior_surface answers for any window with the numbers of the whole raster), the
tiles of the strip are run in batches, and their heights and uncertainties are blended with the
raised-cosine windows of core.inference.tiling into bands that are handed to ``write_band`` as
soon as no later tile touches them. Memory grows with the raster's width, not its area.

Where the SAR is missing the output is NaN: there the image says nothing and the tool does not
pretend otherwise (the prior surface alone is what the user already has).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal, Optional

import numpy as np

from ..errors import InferenceCancelled, InferenceError
from .prior_surface import PriorSurface
from .residual_contract import (
    DISTANCE_UNIT_PX,
    effective_spacing_m,
    heights_from_output,
    sar_channel,
    tile_input,
)
from .tiling import BandAccumulator, TilePlan, blend_window, resolve_tiling
from .uncertainty_calibration import UncertaintyScale

BandWriter = Callable[[int, np.ndarray, np.ndarray], None]  # row0, heights, sigma (metres)
RowReader = Callable[[int, int], np.ndarray]  # row0, rows -> dB (NaN = missing), full width
Progress = Callable[[float], Any]  # fraction done -> a false value to cancel


@dataclass
class Strip:
    """The inputs of one tile row: SAR channel, prior surface (m), support distance (px)."""

    row0: int
    sar: np.ndarray
    surface: np.ndarray
    distance: np.ndarray
    valid: np.ndarray

    def window(self, array: np.ndarray, col0: int, rows: int, cols: int) -> np.ndarray:
        """Return ``array``'s part of a tile, padded by reflection beyond the raster's edge."""
        part = array[:rows, col0:col0 + cols]
        pad_rows, pad_cols = rows - part.shape[0], cols - part.shape[1]
        if pad_rows <= 0 and pad_cols <= 0:
            return part
        mode: Literal["reflect", "edge"] = "reflect" if min(part.shape) > 1 else "edge"
        return np.pad(part, ((0, max(pad_rows, 0)), (0, max(pad_cols, 0))), mode=mode)


class StripReader:
    """Reads strips: SAR from ``read_rows`` and the prior surface, mirrored when asked."""

    def __init__(self, read_rows: RowReader, surface: PriorSurface, shape: tuple[int, int],
                 median_db: float, mirror: bool = False) -> None:
        self.read_rows, self.surface, self.shape = read_rows, surface, shape
        self.median_db, self.mirror = median_db, mirror

    def strip(self, row0: int, rows: int) -> Strip:
        """Return the strip of rows [row0, row0 + rows), columns mirrored for the model if asked."""
        width = self.shape[1]
        db = np.asarray(self.read_rows(row0, rows), dtype=np.float32)
        window = (row0, row0 + rows, 0, width)
        surface, distance = self.surface.surface(window), self.surface.distance_px(window)
        if self.mirror:
            db, surface, distance = db[:, ::-1], surface[:, ::-1], distance[:, ::-1]
        return Strip(row0, sar_channel(db, self.median_db), np.ascontiguousarray(surface),
                     np.ascontiguousarray(distance), np.isfinite(db))


def predict_with_uncertainty(model: Any, strips: StripReader, pixel_spacing_m: Any,
                             write_band: BandWriter, tile_size: Optional[int] = None,
                             overlap: Optional[int] = None, batch_size: int = 4,
                             progress: Optional[Progress] = None) -> TilePlan:
    """Run ``model`` (``metadata``, ``run(batch)`` -> [N, 2, H, W]) over the raster of ``strips``.

    ``write_band(row0, heights, sigma)`` receives finished bands in row order (metres, float32,
    NaN where the SAR is missing; columns in the model's orientation when mirrored).
    ``progress(fraction)`` returning False raises InferenceCancelled. Returns the tile plan.
    """
    meta = model.metadata
    tile_size, overlap = resolve_tiling(meta, tile_size, overlap)
    plan = TilePlan(strips.shape, tile_size, overlap, int(meta["stride"]))
    spacing = effective_spacing_m(pixel_spacing_m)
    scale = UncertaintyScale(meta)
    weights = blend_window(plan.tile_rows, plan.tile_cols, plan.overlap)
    pending: dict[str, Any] = {}

    def keep(row0: int, values: np.ndarray) -> None:
        pending["sigma"] = values

    heights_band = BandAccumulator(strips.shape[0], strips.shape[1],
                                    lambda row0, h: write_band(row0, h, pending.pop("sigma")))
    sigma_band = BandAccumulator(strips.shape[0], strips.shape[1], keep)
    current: dict[str, Strip] = {}
    for start in range(0, len(plan), max(1, int(batch_size))):
        chunk = plan.tiles[start:start + max(1, int(batch_size))]
        tiles = [_tile(current, strips, plan, r, c, spacing) for r, c in chunk]
        output = _checked_run(model, np.stack([t[0] for t in tiles]))
        for (r, c), (x, surface, valid), y in zip(chunk, tiles, output):
            rows, cols = valid.shape
            distance_px = x[2, :rows, :cols] * DISTANCE_UNIT_PX
            heights, sigma = heights_from_output(y[:, :rows, :cols], surface[:rows, :cols],
                                                 spacing, scale(distance_px))
            heights_band.add(r, c, heights, weights[:rows, :cols], valid)
            sigma_band.add(r, c, sigma, weights[:rows, :cols], valid)
        done = start + len(chunk)
        complete = plan.tiles[done][0] if done < len(plan) else strips.shape[0]
        sigma_band.flush(complete)
        heights_band.flush(complete)
        if progress is not None and not progress(done / len(plan)):
            raise InferenceCancelled("Height estimation cancelled.")
    return plan


def _tile(current: dict, strips: StripReader, plan: TilePlan, row0: int, col0: int,
          spacing: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (network input, surface tile, valid part on the raster) of one tile."""
    if current.get("strip") is None or current["strip"].row0 != row0:
        current.clear()  # the previous strip goes before the next is read
        current["strip"] = strips.strip(row0, min(plan.tile_rows, strips.shape[0] - row0))
    strip = current["strip"]
    rows, cols = plan.tile_rows, plan.tile_cols
    surface = strip.window(strip.surface, col0, rows, cols)
    x = tile_input(strip.window(strip.sar, col0, rows, cols), surface,
                   strip.window(strip.distance, col0, rows, cols), spacing)
    return x, surface, strip.valid[:rows, col0:col0 + cols]


def _checked_run(model: Any, batch: np.ndarray) -> np.ndarray:
    """Return the model's [N, 2, H, W] output; InferenceError when misshapen or not finite."""
    output = np.asarray(model.run(batch))
    expected = (batch.shape[0], 2) + batch.shape[2:]
    if output.shape != expected:
        raise InferenceError(f"The height model returned {output.shape} for an input of "
                             f"{batch.shape}; a contract-v2 model returns {expected}.")
    if not np.all(np.isfinite(output)):
        raise InferenceError("The height model returned non-finite values: its inputs lie "
                             "outside the range it was trained on.")
    return output
