"""Contract-v2 training and validation samples from clean scenes.

Each sample is a ``patch`` x ``patch`` window of a clean scene with, drawn afresh each time:

- **priors** in one of two modes. *Scattered*: jittered stratified points (one per stratum of
  1/density cells) at a density log-uniform over ``density`` (default 0.01 % to 5 % of the
  cells), drawn over the whole scene and valued from its coarse DEM, interpolated as a TIN
  (core.inference.prior_surface.ScatteredPriorSurface). *Lattice* (``lattice_share`` of the
  samples): the scene's full 3x coarser DEM, its block means upsampled by cubic spline
  (LatticePriorSurface) - the SAR-guided DEM refinement case;
- **radiometry** (training.height.radiometry.degrade), the scene median taken over the
  degraded window and scaled to the scene by the clean image's median ratio.

Inputs and the residual target are built by core.inference.residual_contract, the code the
plugin's inference uses. West-looking scenes are mirrored left-right (the networks always see the
radar looking towards increasing columns); training also flips rows (azimuth) at random.
"""
import math
from dataclasses import dataclass

import numpy as np

from sar_height.core.inference.prior_surface import LatticePriorSurface, ScatteredPriorSurface
from sar_height.core.inference.residual_contract import (
    residual_target,
    sar_channel,
    tile_input,
)

from .data import sample_priors
from .radiometry import degrade, draw_radiometry

SCATTERED_DENSITY = (1e-4, 0.05)
LATTICE_SHARE = 0.25


@dataclass
class Window:
    """A patch of scene ``scene`` starting at (row, col)."""

    scene: int
    row: int
    col: int


@dataclass
class PriorDraw:
    """How a sample's priors are drawn: ``lattice`` or scattered at ``density`` (fraction)."""

    lattice: bool
    density: float = 0.0


def lattice_surface(scene, factor=3):
    """Return the LatticePriorSurface of a scene's block means (node (i, j) at fine 3i+1, 3j+1)."""
    centre = (factor - 1) / 2.0
    return LatticePriorSurface(scene.coarse_blocks, centre, centre, factor, factor)


def scattered_surface(scene, density, rng, box):
    """Return a ScatteredPriorSurface of fresh priors at ``density``, valued from the coarse DEM.

    Priors are drawn over the whole scene; only those within three strata of ``box`` (row0,
    row1, col0, col1) are triangulated, which leaves the TIN inside the box as it is and keeps
    dense draws cheap.
    """
    valid = np.isfinite(scene.truth) & np.isfinite(scene.coarse)
    rows, cols = sample_priors(valid, density, rng)
    margin = max(16.0, 3.0 / math.sqrt(density))
    near = ((rows >= box[0] - margin) & (rows < box[1] + margin)
            & (cols >= box[2] - margin) & (cols < box[3] + margin))
    if near.sum() >= 3:
        rows, cols = rows[near], cols[near]
    if rows.size == 0:  # the draw missed the valid cells: keep one prior
        candidates = np.argwhere(valid)
        rows, cols = candidates[rng.integers(len(candidates))][:, None]
    return ScatteredPriorSurface(rows, cols, scene.coarse[rows, cols])


def draw_priors(rng, density=SCATTERED_DENSITY, lattice_share=LATTICE_SHARE):
    """Return a random :class:`PriorDraw`."""
    if rng.random() < lattice_share:
        return PriorDraw(lattice=True)
    low, high = density
    return PriorDraw(lattice=False, density=float(math.exp(rng.uniform(math.log(low),
                                                                         math.log(high)))))


def windows(scenes, patch, stride, max_invalid_fraction=0.05):
    """Return the patch windows over ``scenes`` with enough truth."""
    out = []
    for index, scene in enumerate(scenes):
        invalid = ~np.isfinite(scene.truth)
        rows, cols = scene.shape
        for r in _starts(rows, patch, stride):
            for c in _starts(cols, patch, stride):
                if invalid[r:r + patch, c:c + patch].mean() <= max_invalid_fraction:
                    out.append(Window(index, r, c))
    return out


def _starts(length, patch, stride):
    if length < patch:
        return []
    starts = list(range(0, length - patch + 1, stride))
    return starts if starts[-1] == length - patch else starts + [length - patch]


class ResidualSamples:
    """Windows of clean scenes turned into contract-v2 (input, target) pairs."""

    def __init__(self, scenes, kind, patch=128, stride=64, landcover=(1.5, 0.35)):
        self.scenes, self.kind, self.patch = scenes, kind, patch
        self.landcover = landcover  # (max std dB, share without land cover) of draw_radiometry
        self.windows = windows(scenes, patch, stride)
        self._medians = {}

    def __len__(self):
        return len(self.windows)

    def regions(self):
        """Return the sorted names of the regions the scenes come from."""
        return sorted({s.params.region for s in self.scenes})

    def _clean_median(self, index):
        if index not in self._medians:
            values = self.scenes[index].sigma0(self.kind)
            self._medians[index] = float(np.nanmedian(values))
        return self._medians[index]

    def _sar(self, index, box, radiometry, rng):
        scene = self.scenes[index]
        clean = scene.sigma0(self.kind)
        if not scene.params.looks_east:  # degrade as seen by the radar (looking east)
            clean = clean[:, ::-1]
            box = (box[0], box[1], clean.shape[1] - box[3], clean.shape[1] - box[2])
        window = clean[box[0]:box[1], box[2]:box[3]]
        db = degrade(window, scene.params.incidence_deg, radiometry, rng)
        with np.errstate(invalid="ignore"):
            shift = float(np.nanmedian(db) - 10 * np.log10(np.nanmedian(window)))
        median = 10 * np.log10(self._clean_median(index)) + shift
        channel = sar_channel(db, median)
        return channel if scene.params.looks_east else channel[:, ::-1]

    def item(self, number, rng, priors=None, radiometry=None, flip_rows=False):
        """Return (x [3, P, P], target [1, P, P] residual in pixel spacings, NaN without truth)."""
        w = self.windows[number]
        scene = self.scenes[w.scene]
        priors = priors or draw_priors(rng)
        box = (w.row, w.row + self.patch, w.col, w.col + self.patch)
        surface_model = (lattice_surface(scene) if priors.lattice
                         else scattered_surface(scene, priors.density, rng, box))
        surface = surface_model.surface(box)
        distance = surface_model.distance_px(box)
        sar = self._sar(w.scene, box, radiometry or draw_radiometry(rng, *self.landcover), rng)
        x = tile_input(sar, surface, distance, scene.spacing_m)
        y = residual_target(scene.truth[box[0]:box[1], box[2]:box[3]], surface,
                            scene.spacing_m)[None]
        if flip_rows:
            x, y = x[:, ::-1], y[:, ::-1]
        if not scene.params.looks_east:
            x, y = x[:, :, ::-1], y[:, :, ::-1]
        return np.ascontiguousarray(x), np.ascontiguousarray(y)

    def batch(self, numbers, rng, flips=None):
        """Return stacked (x, y) of the windows ``numbers`` with random priors and radiometry."""
        items = [self.item(n, rng, flip_rows=bool(flips[k]) if flips is not None else False)
                 for k, n in enumerate(numbers)]
        return np.stack([a for a, _ in items]), np.stack([b for _, b in items])
