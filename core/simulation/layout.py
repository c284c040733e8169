"""BlockLayout: how the DEM is cut into strips, column tiles and the halo of strips.

Strips of ``block_rows`` rows from row 0, column tiles of ``tile_cols`` columns from column 0
(each strip x tile is a *piece*, and a block of the simulation). The layover and shadow of a
piece's cells depend on the cells of the strips within ``halo_strips`` of its own (the plan's
halo rows, rounded up to whole strips; at least one strip for the ring of the mapping and
enough for the texture's filter radius).
"""
import math
from dataclasses import dataclass

import numpy as np

from .texture import texture_radius

TILE_NONZEROS = 1 << 22  # aim of mapping entries per tile (~100 MB with the CSR copy)
TILE_CELLS_RANGE = (1024, 1 << 16)


@dataclass(frozen=True)
class BlockLayout:
    """Strips and column tiles of a DEM of ``width`` x ``height`` cells."""

    width: int
    height: int
    block_rows: int
    tile_cols: int
    halo_strips: int  # strips on each side whose cells the sweep of a strip needs

    @property
    def strips(self):
        """Number of strips."""
        return -(-self.height // self.block_rows)

    @property
    def tiles(self):
        """Number of column tiles."""
        return -(-self.width // self.tile_cols)

    @property
    def slots(self):
        """Strips kept at once: a block's region, the strip just computed and one spare."""
        return min(self.strips, 2 * self.halo_strips + 2)

    def strip_range(self, strip):
        """(first row, end row) of a strip."""
        y0 = strip * self.block_rows
        return y0, min(self.height, y0 + self.block_rows)

    def strip_size(self, strip):
        """Rows of a strip."""
        y0, y1 = self.strip_range(strip)
        return y1 - y0

    def tile_range(self, tile):
        """(first column, end column) of a column tile."""
        c0 = tile * self.tile_cols
        return c0, min(self.width, c0 + self.tile_cols)

    def tiles_between(self, c0, c1):
        """Column tiles holding columns [c0, c1)."""
        return range(c0 // self.tile_cols, (c1 - 1) // self.tile_cols + 1)

    def region(self, strip):
        """Return the strips whose cells can fold with or hide the cells of ``strip``."""
        return range(max(0, strip - self.halo_strips),
                     min(self.strips, strip + self.halo_strips + 1))

    def fraction_done(self, strip, tile):
        """Share of the DEM's cells in the blocks up to and including (strip, tile)."""
        y0, y1 = self.strip_range(strip)
        c1 = self.tile_range(tile)[1]
        return (y0 * self.width + c1 * (y1 - y0)) / float(self.height * self.width)


def make_layout(dem, plan, options, tile_cols=None):
    """Return the BlockLayout of ``dem`` for a ScenePlan and SimulationOptions.

    Column tiles hold about TILE_NONZEROS mapping entries (each cell spreads over about
    (extent + 1)^2 pixels), which keeps a block's sparse mapping and radar window bounded;
    ``tile_cols`` overrides that (tests: many small pieces).
    """
    block_rows = int(options.block_rows)
    if tile_cols is None:
        per_cell = ((np.nan_to_num(plan.lines_per_cell, nan=1.0) + 1.0)
                    * (np.nan_to_num(plan.samples_per_cell, nan=1.0) + 1.0))
        tile_cells = int(np.clip(TILE_NONZEROS / per_cell, *TILE_CELLS_RANGE))
        tile_cols = max(16, tile_cells // block_rows)
    tile_cols = min(dem.width, int(tile_cols))
    radius = texture_radius(options.texture_strength, options.texture_correlation_cells)
    halo = max(1, math.ceil(plan.halo_rows / block_rows), math.ceil(radius / block_rows))
    return BlockLayout(dem.width, dem.height, block_rows, tile_cols, halo)
