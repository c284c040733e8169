"""Stereo radargrammetry pipeline in radar geometry, for any dense matcher.

See docs/architecture.md#stereo.

For each patch of the reference image (patches.plan_patches, with ``overlap`` so that a
window-based matcher also covers patch borders):

1. predict the patch's position in the secondary image from the DEM (or a constant height)
   and resample the secondary image onto it (patches.predict_patch, resample_patch);
2. ``matcher(reference_patch, secondary_patch) -> DenseMatch``: offsets left by the
   prediction, secondary minus reference, in the resampled frame;
3. turn each valid match into secondary image coordinates (patches.to_secondary) and
   intersect it with both geometries (intersection.intersect_image_coordinates);
4. keep converged points whose reference pixel the patch *owns*: overlapping patches split
   their overlap in the middle, so every reference pixel yields at most one point.

Each patch is a task of a core.blocks.BlockPlan (``match_patch``), computed by ``workers``
threads and consumed in plan order (memory bounded by a few patches per worker plus their
points): the points of all patches are concatenated by ``stereo_to_points`` or streamed by
``iter_stereo_points`` (e.g. into gridding.DemAccumulator) in the same order, with the same
values, for any number of workers. Threads share the geometries, the images (a reader's
``read`` must be thread-safe, as dem_files.RadarImage's is) and the matcher (it is called
from several threads at once: POC and the deep matcher's onnxruntime session are safe);
each thread predicts through a DemSurface of its own (OSR transformations are not shared).

A matcher is any callable ``matcher(reference_patch, secondary_patch) -> DenseMatch`` on two
float32 (H, W) intensity arrays, NaN = no data (the resampled patch is NaN where the
secondary image has no pixel). ``poc_matcher`` adapts core.stereo.poc; core.stereo.deep
provides the learned one.
"""
import threading
from contextlib import closing
from dataclasses import dataclass, fields

import numpy as np

from ..blocks import BlockPlan, BlockTask, check_workers, run_plan
from ..constants import STEREO_PATCH_SIZE
from .checks import StereoInputError, check_pair
from .intersection import MIN_INTERSECTION_ANGLE_DEG, intersect_image_coordinates
from .patches import (
    auto_lattice_step,
    plan_patches,
    predict_patch,
    resample_patch,
    to_secondary,
)
from .poc import PocOptions, match_poc
from .surface import DemSurface

DEFAULT_PATCH_SIZE = STEREO_PATCH_SIZE
DEFAULT_OVERLAP = 32  # = POC's window: its grid then reaches every owned pixel


class StereoCancelled(Exception):
    """progress() asked to stop."""


@dataclass
class DenseMatch:
    """A matcher's answer for one patch: offsets (pixels) secondary - reference.

    Either full resolution (``lines``/``samples`` None: arrays are (H, W), one per patch pixel)
    or on a grid: ``lines`` (n,), ``samples`` (m,) integer patch coordinates and (n, m) arrays.
    ``confidence`` in [0, 1] (becomes the point weight); ``valid`` bool: matches to use.
    """

    offset_lines: np.ndarray
    offset_samples: np.ndarray
    confidence: np.ndarray
    valid: np.ndarray
    lines: np.ndarray | None = None
    samples: np.ndarray | None = None

    def positions(self):
        """(line, sample) patch coordinates of every entry, arrays shaped like the offsets."""
        n_l, n_s = np.shape(self.offset_lines)
        lines = np.arange(n_l) if self.lines is None else np.asarray(self.lines)
        samples = np.arange(n_s) if self.samples is None else np.asarray(self.samples)
        return np.meshgrid(lines, samples, indexing="ij")


@dataclass
class StereoPoints:
    """Intersected points, 1-D arrays of equal length (converged matches only).

    Heights are ellipsoidal metres; ``weight`` the matcher's confidence; quality from
    core.stereo.intersection (residual RMS m, a-priori height sigma in m per m of range error,
    intersection angle deg); the match in image coordinates of both images.
    """

    lat_deg: np.ndarray
    lon_deg: np.ndarray
    height_m: np.ndarray
    weight: np.ndarray
    residual_rms_m: np.ndarray
    height_sigma_m: np.ndarray
    intersection_angle_deg: np.ndarray
    ref_line: np.ndarray
    ref_sample: np.ndarray
    sec_line: np.ndarray
    sec_sample: np.ndarray

    def __len__(self):
        return int(self.height_m.size)

    @classmethod
    def concatenate(cls, parts):
        """Return one StereoPoints holding the points of all ``parts``, in order (empty if none)."""
        parts = list(parts)
        if not parts:
            return cls(*(np.zeros(0) for _ in fields(cls)))
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))


def poc_matcher(options=None):
    """DenseMatch callable from phase-only correlation (core.stereo.poc) on its grid.

    Default options: intensity input (the patches are intensity), everything else PocOptions'
    defaults (32-px windows every 8 px, 16-px search radius, left-right check).
    """
    options = options or PocOptions(input_kind="intensity")

    def match(reference_patch, secondary_patch):
        field = match_poc(reference_patch, secondary_patch, options)
        return DenseMatch(field.offset_lines, field.offset_samples,
                          np.clip(field.confidence, 0.0, 1.0), field.valid, field.lines,
                          field.samples)

    return match


def read_window(image, window):
    """Read the window of an image as float32.

    ``image``: a 2-D array, or a reader with ``read(l0, s0, lines, samples)``.
    """
    if hasattr(image, "read"):
        return np.asarray(image.read(window.line0, window.sample0, window.lines,
                                     window.samples), dtype=np.float32)
    return np.asarray(image[window.slices], dtype=np.float32)


def _owned_ranges(starts, size, length):
    """{start: (lo, hi)}: the pixels each window owns along one axis (overlaps split midway)."""
    starts = sorted(set(starts))
    bounds = [0] + [(a + size + b) // 2 for a, b in zip(starts[:-1], starts[1:])] + [length]
    return {s: (lo, hi) for s, lo, hi in zip(starts, bounds[:-1], bounds[1:])}


def _ownership(windows, shape):
    size_l, size_s = windows[0].lines, windows[0].samples
    return (_owned_ranges([w.line0 for w in windows], size_l, shape[0]),
            _owned_ranges([w.sample0 for w in windows], size_s, shape[1]))


def _heights(dem, height_m):
    """(low, high) terrain heights (m) for checks and the intersection's start."""
    if dem is not None:
        return dem.height_bounds_m()
    return float(height_m), float(height_m)


def _patch_points(reference, secondary, window, prediction, match, owned, start_height_m,
                  min_angle_deg):
    """StereoPoints of one patch's valid, owned matches (None when there are none)."""
    pl, ps = match.positions()
    (lo_l, hi_l), (lo_s, hi_s) = owned
    line, sample = window.line0 + pl, window.sample0 + ps
    use = (np.asarray(match.valid, dtype=bool) & np.isfinite(match.offset_lines)
           & np.isfinite(match.offset_samples) & (line >= lo_l) & (line < hi_l)
           & (sample >= lo_s) & (sample < hi_s))
    if not use.any():
        return None
    sec_l, sec_s = to_secondary(prediction, pl[use] + match.offset_lines[use],
                                ps[use] + match.offset_samples[use])
    result = intersect_image_coordinates(reference, secondary, line[use], sample[use], sec_l,
                                         sec_s, initial_height_m=start_height_m,
                                         min_intersection_angle_deg=min_angle_deg)
    ok = result.converged
    weight = np.broadcast_to(np.asarray(match.confidence, dtype=np.float64), pl.shape)[use]
    return StereoPoints(result.lat_deg[ok], result.lon_deg[ok], result.height_m[ok], weight[ok],
                        result.residual_rms_m[ok], result.height_sigma_m[ok],
                        result.intersection_angle_deg[ok], line[use][ok].astype(np.float64),
                        sample[use][ok].astype(np.float64), sec_l[ok], sec_s[ok])


def _keep_going(progress, fraction):
    """progress(fraction) -> keep_going; None counts as yes (as core.simulation)."""
    if progress is None:
        return
    answer = progress(float(fraction))
    if answer is not None and not answer:
        raise StereoCancelled("stereo matching was cancelled")


class _PatchContext:
    """What every patch task reads; one per run, shared by the threads of the run."""

    def __init__(self, pair, matcher, surface, height_m, lattice_step, owned, start_height_m,
                 min_angle_deg):
        self.pair, self.matcher, self.height_m = pair, matcher, height_m
        self.lattice_step, self.owned, self.start_height_m = lattice_step, owned, start_height_m
        self.min_angle_deg = min_angle_deg
        self._surface = surface
        self._local = threading.local()

    def surface(self):
        """Return the DemSurface of this thread (None without DEM): OSR objects are not shared."""
        if self._surface is None:
            return None
        if not hasattr(self._local, "surface"):
            self._local.surface = self._surface.copy()
        return self._local.surface


def match_patch(context, window):
    """Block task: StereoPoints of one patch's valid, owned matches (None when there are none)."""
    reference_geometry, reference_image, secondary_geometry, secondary_image = context.pair
    prediction = predict_patch(reference_geometry, secondary_geometry, window, context.height_m,
                               context.surface(), context.lattice_step)
    secondary = resample_patch(secondary_image, prediction)
    if not np.isfinite(secondary).any():
        return None
    match = context.matcher(read_window(reference_image, window), secondary)
    owned_l, owned_s = context.owned
    return _patch_points(reference_geometry, secondary_geometry, window, prediction, match,
                         (owned_l[window.line0], owned_s[window.sample0]),
                         context.start_height_m, context.min_angle_deg)


def iter_stereo_points(reference_geometry, reference_image, secondary_geometry, secondary_image,
                       matcher, dem=None, height_m=None, patch_size=DEFAULT_PATCH_SIZE,
                       overlap=DEFAULT_OVERLAP, lattice_step=None, progress=None,
                       min_intersection_angle_deg=MIN_INTERSECTION_ANGLE_DEG, workers=1):
    """Yield StereoPoints patch by patch; see ``stereo_to_points`` for the arguments."""
    workers = check_workers(workers)
    if dem is None and height_m is None:
        raise StereoInputError("give a DEM or a constant height to predict the patches")
    surface = dem if dem is None or isinstance(dem, DemSurface) else DemSurface(dem)
    heights = _heights(surface, height_m)
    if lattice_step is None:
        lattice_step = auto_lattice_step(reference_geometry, surface)
    check_pair(reference_geometry, reference_image, secondary_geometry, secondary_image, heights)
    shape = (reference_geometry.lines, reference_geometry.samples)
    windows = plan_patches(*shape, patch_size, min(overlap, patch_size - 1))
    context = _PatchContext(
        (reference_geometry, reference_image, secondary_geometry, secondary_image), matcher,
        surface, height_m, lattice_step, _ownership(windows, shape),
        0.5 * (heights[0] + heights[1]), min_intersection_angle_deg)
    plan = BlockPlan()
    for window in windows:
        plan.add(BlockTask(match_patch, (context, window)))
    with closing(run_plan(plan, workers)) as results:
        for k, (_, points) in enumerate(results):
            if points is not None:
                yield points
            _keep_going(progress, (k + 1) / len(windows))


def stereo_to_points(reference_geometry, reference_image, secondary_geometry, secondary_image,
                     matcher, dem=None, height_m=None, patch_size=DEFAULT_PATCH_SIZE,
                     overlap=DEFAULT_OVERLAP, lattice_step=None, progress=None,
                     min_intersection_angle_deg=MIN_INTERSECTION_ANGLE_DEG, workers=1):
    """3-D points of a stereo pair: StereoPoints of every patch, concatenated.

    Geometries: AcquisitionGeometry; images: 2-D arrays (or readers with ``read``) of their
    geometries' size, in the form the matcher expects (intensity for ``poc_matcher()``).
    ``matcher``: see the module docstring. Prediction: ``dem`` (DemRaster or DemSurface), with
    ``height_m`` off the DEM if given (see patches.predict_patch), or the constant ellipsoidal
    ``height_m``. ``patch_size``, ``overlap`` (pixels), ``lattice_step``: see patches (None:
    patches.auto_lattice_step, half a DEM cell).
    ``progress(fraction) -> keep_going`` after every patch; a false answer (not None) raises
    StereoCancelled. ``workers``: patches matched at once by threads (1: in this thread; see
    the module docstring); the points do not depend on it.
    Raises StereoInputError (checks.py) for size mismatches, disjoint footprints and pairs
    without parallax.
    """
    return StereoPoints.concatenate(iter_stereo_points(
        reference_geometry, reference_image, secondary_geometry, secondary_image, matcher, dem,
        height_m, patch_size, overlap, lattice_step, progress, min_intersection_angle_deg,
        workers))
