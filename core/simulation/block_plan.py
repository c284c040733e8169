"""Blocks of DEM cells with everything the simulation and the reconstruction need.

The DEM is walked in strips of ``options.block_rows`` full-width rows. A strip's layover and
shadow sweep sees its rows plus ``plan.halo_rows`` on each side (all cells that can fold with
or hide its cells), so its codes do not depend on the block size. Each strip is then cut into
column tiles of about TILE_NONZEROS mapping entries; a tile's radar window stays small even
where a strip crosses the image diagonally, which keeps the sparse mapping and the radar
read-modify-write bounded in memory.
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np
from scipy import sparse

from .laws import sigma0
from .mapping import RadarWindow, build_mapping
from .mask import LAYOVER_AND_SHADOW, NODATA, SHADOW, layover_shadow_codes
from .options import SimulationOptions
from .plan import make_plan
from .rows import CELL_FIELDS, SWEEP_FIELDS, RowGeometryCache
from .texture import reflectivity_texture

TILE_NONZEROS = 1 << 22  # aim of mapping entries per tile (~100 MB with the CSR copy)
TILE_CELLS_RANGE = (1024, 1 << 16)


@dataclass
class BlockMapping:
    """One tile of DEM cells (rows [row0, row0+rows), cols [col0, col0+cols)) and its mapping.

    Per-cell arrays are (rows, cols). ``matrix`` (CSR) maps cells (row-major columns) to the
    pixels of ``window`` (row-major rows); see mapping.build_mapping.
    """

    row0: int
    col0: int
    rows: int
    cols: int
    matrix: sparse.csr_matrix
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

    def contributions(self):
        """Energy per cell (m^2): the vector that the matrix spreads over the pixels."""
        return self.weight_m2 * self.reflectivity

    def simulate(self):
        """Return the tile's simulated intensity over its window, (lines, samples) float64.

        None when the tile maps into no pixel (no window).
        """
        if self.window is None:
            return None
        return (self.matrix @ self.contributions().ravel()).reshape(self.window.shape)


@dataclass
class _Strip:
    y0: int
    y1: int
    line: np.ndarray
    sample: np.ndarray
    line_ring: np.ndarray  # (y1 - y0 + 2, width + 2): with the ring the mapping needs
    sample_ring: np.ndarray
    in_image: np.ndarray
    incidence_deg: np.ndarray
    mask: np.ndarray
    area: np.ndarray
    weight: np.ndarray
    reflectivity: np.ndarray


def _ring(values, first, count, width):
    """Rows ``first - 1 .. first + count`` of ``values`` (first = its row 0 offset) padded."""
    out = np.full((count + 2, width + 2), np.nan)
    lo = max(0, first - 1)
    hi = min(values.shape[0], first + count + 1)
    out[lo - (first - 1):hi - (first - 1), 1:-1] = values[lo:hi]
    return out


def _strip(cache, geometry, plan, options, y0, y1):
    height, width = cache.dem.height, cache.dem.width
    r0, r1 = max(0, y0 - plan.halo_rows), min(height, y1 + plan.halo_rows)
    s = cache.rows(r0, r1, SWEEP_FIELDS)
    codes = layover_shadow_codes((s["bin"], s["bin_shifted"]), s["key"], s["range_q"],
                                 s["look_q"], s["valid"])[y0 - r0:y1 - r0]
    del s
    e0, e1 = max(0, y0 - 1), min(height, y1 + 1)  # one row above and below for the ring
    g = cache.rows(e0, e1, CELL_FIELDS)
    core = slice(y0 - e0, y1 - e0)
    valid = g["valid"][core]
    theta = g["incidence"][core].astype(np.float64)
    area = g["area"][core].astype(np.float64)
    line, sample = g["line"][core], g["sample"][core]
    with np.errstate(invalid="ignore"):
        in_image = (valid & (line >= -0.5) & (line <= geometry.lines - 0.5)
                    & (sample >= -0.5) & (sample <= geometry.samples - 0.5))
    shadow = (codes == SHADOW) | (codes == LAYOVER_AND_SHADOW)
    lit = valid & ~shadow & np.isfinite(area)
    weight = np.where(lit, np.nan_to_num(area) * sigma0(theta, options.backscatter_law,
                                                        options.law_exponent), 0.0)
    reflectivity = reflectivity_texture(options.seed, y0, y1, width, height,
                                        options.texture_strength,
                                        options.texture_correlation_cells)
    return _Strip(y0, y1, line, sample,
                  _ring(g["line"], y0 - e0, y1 - y0, width),
                  _ring(g["sample"], y0 - e0, y1 - y0, width),
                  in_image, np.degrees(theta), np.where(in_image, codes, NODATA).astype(np.uint8),
                  area, weight, reflectivity)


def _tile(strip, c0, c1, plan, geometry, fraction_done, with_mapping):
    cols = slice(c0, c1)
    ring_cols = slice(c0, c1 + 2)  # ring arrays are offset by one column
    if with_mapping:
        matrix, window = build_mapping(strip.line_ring[:, ring_cols],
                                       strip.sample_ring[:, ring_cols], plan.oversampling,
                                       (geometry.lines, geometry.samples))
    else:
        matrix, window = sparse.csr_matrix((0, (strip.y1 - strip.y0) * (c1 - c0))), None
    return BlockMapping(
        row0=strip.y0, col0=c0, rows=strip.y1 - strip.y0, cols=c1 - c0, matrix=matrix,
        window=window, line=strip.line[:, cols], sample=strip.sample[:, cols],
        in_image=strip.in_image[:, cols], incidence_deg=strip.incidence_deg[:, cols],
        mask=strip.mask[:, cols], area_m2=strip.area[:, cols], weight_m2=strip.weight[:, cols],
        reflectivity=strip.reflectivity[:, cols], fraction_done=fraction_done)


def iter_block_mappings(dem, geometry, options=None, plan=None, with_mapping=True):
    """Yield a BlockMapping per tile, strips top to bottom, tiles left to right.

    ``plan`` (from plan.make_plan) may be given when the caller already made it; making it
    raises SimulationError when the DEM lies outside the image. ``with_mapping=False`` skips
    the sparse matrix (empty matrix, window None) when only per-cell results are wanted.
    """
    options = (options or SimulationOptions()).validate()
    plan = plan or make_plan(dem, geometry, options)
    cache = RowGeometryCache(dem, geometry, plan)
    height, width = dem.height, dem.width
    block_rows = int(options.block_rows)
    # Each cell spreads over about (extent + 1)^2 pixels; size tiles to bound the entries.
    per_cell = ((np.nan_to_num(plan.lines_per_cell, nan=1.0) + 1.0)
                * (np.nan_to_num(plan.samples_per_cell, nan=1.0) + 1.0))
    tile_cells = int(np.clip(TILE_NONZEROS / per_cell, *TILE_CELLS_RANGE))
    tile_cols = min(width, max(16, tile_cells // block_rows))
    for y0 in range(0, height, block_rows):
        y1 = min(height, y0 + block_rows)
        strip = _strip(cache, geometry, plan, options, y0, y1)
        cache.forget_below(y1 - plan.halo_rows - 1)
        for c0 in range(0, width, tile_cols):
            c1 = min(width, c0 + tile_cols)
            done = (y0 * width + c1 * (y1 - y0)) / float(height * width)
            yield _tile(strip, c0, c1, plan, geometry, done, with_mapping)
