"""Training data of the dense matcher: simulated stereo pairs over real DEMs, cut into patches.

Source "pairs" (default): core.stereo.pairs.simulate_pair over the DEMs of
training.regions — TRAINING regions for training, VALIDATION (Mont Ventoux) for model
selection; the EVALUATION DEMs are never read here. Per region, ``pairs_per_region`` pairs
alternate between the airborne and spaceborne kinds, each drawn (deterministically from the
seed, the region and the index) with:

    window          a random square of the DEM a little larger than the kind's scene
    incidences      airborne 30-50 deg, spaceborne 25-40 deg for one image, the other
                    8-20 deg steeper or shallower (same-side pair, parallel tracks)
    heading         0-360 deg (both tracks)
    coarse_factor   fine cells per coarse-DEM cell: airborne 10-45 (2 m pixels, 20-90 m DEM),
                    spaceborne 3-9 (10 m pixels, 30-90 m DEM)
    looks 1-5, texture 0.2-0.8 (correlation 1-3 cells), noise floor -28 to -20 dB

core.stereo.pairs.training_patches cuts ``patch`` x ``patch`` patches (secondary resampled
onto the reference with the coarse-DEM prediction, true offsets in that frame, validity).
Patches are cached per region and settings in ``.cache/stereo_data/`` (compressed npz;
generation in ``workers`` processes); the cache key includes a hash of the simulator's source
files (SIMULATOR_FILES), so a change there regenerates the data.

Source "synthetic": a stand-in with the same format (speckled log-normal textures, a smooth
random warp, radiometric differences between the two images, layover/shadow-like blobs),
for tests and for developing without the simulator.

Batches (PatchBank.batch) apply the augmentation (training.matcher.augment) and then the
contract normalisation (core.stereo.matcher_contract.normalise_intensity, per image), the
same function the plugin's MatcherModel uses.
"""
import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from osgeo import gdal, osr
from scipy.ndimage import gaussian_filter

from sar_height.core.stereo.matcher_contract import normalise_intensity

from ..regions import ROOT, TRAINING, VALIDATION, regions
from . import augment as aug

gdal.UseExceptions()

CACHE_DIR = ROOT / ".cache" / "stereo_data"
DATA_VERSION = 1  # bump when the cached arrays change meaning
SOURCES = ("pairs", "synthetic")
KEYS = ("reference", "secondary", "offset", "valid")
SIMULATOR_FILES = ("stereo/pairs.py", "stereo/patches.py", "stereo/truth.py",
                   "stereo/scene_dem.py", "stereo/surface.py", "geometry/range_doppler.py")


def simulator_fingerprint():
    """Return a SHA-256 (first 16 hex digits) of the stereo simulator's source files.

    Part of the cache key: a change there (a fix of the prediction or of the truth) must not be
    hidden by a stale cache. A missing file hashes as b"missing".
    """
    digest = hashlib.sha256()
    for name in SIMULATOR_FILES:
        path = ROOT / "core" / name
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()[:16]


@dataclass
class PairDataConfig:
    """How pairs are drawn and cut. Ranges are (low, high)."""

    pairs_per_region: int = 6
    kinds: tuple = ("airborne", "spaceborne")
    patch: int = 128
    patch_stride: int = 128
    max_invalid: float = 0.5
    airborne_incidence_deg: tuple = (30.0, 50.0)
    spaceborne_incidence_deg: tuple = (25.0, 40.0)
    incidence_difference_deg: tuple = (8.0, 20.0)
    airborne_coarse_factor: tuple = (10, 45)
    spaceborne_coarse_factor: tuple = (3, 9)
    looks: tuple = (1.0, 5.0)
    texture: tuple = (0.2, 0.8)
    texture_correlation_cells: tuple = (1.0, 3.0)
    noise_floor_db: tuple = (-28.0, -20.0)
    seed: int = 0
    # patches whose median |offset| exceeds this are dropped when loaded (not cached): the
    # coarse-DEM prediction failed there, and offsets that large are the augmentation's job
    max_patch_bias_px: float = 16.0

    def key(self):
        """Return the cache key (10 hex digits) of these settings, data version and simulator.

        ``max_patch_bias_px`` is left out: it filters patches when loaded, not what is cached.
        """
        settings = {k: v for k, v in asdict(self).items() if k != "max_patch_bias_px"}
        text = json.dumps({"version": DATA_VERSION, "simulator": simulator_fingerprint(),
                           **settings}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:10]


@dataclass
class AugmentConfig:
    """Per-sample augmentation probabilities and ranges (pixels; (lines, samples))."""

    displace: float = 0.8  # probability of an extra displacement of the secondary
    shift_px: tuple = (3.0, 8.0)  # its constant part, uniform in +-
    wobble_px: tuple = (1.0, 3.0)  # its smooth part, maximum amplitude up to
    wobble_correlation_px: float = 16.0
    swap: float = 0.5
    flip_lines: float = 0.5
    flip_samples: float = 0.0  # layover would face far range: off by default

    def reach_px(self):
        """Largest extra offset the displacement adds (per axis, max over axes)."""
        return max(s + w for s, w in zip(self.shift_px, self.wobble_px))


# ---------------------------------------------------------------------------------------
# Pair drawing and generation


def _pixel_size_m(ds):
    """(x, y) source pixel size in metres (geographic DEMs: at the DEM centre)."""
    gt = ds.GetGeoTransform()
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    if srs.IsGeographic():
        lat = math.radians(gt[3] + gt[5] * ds.RasterYSize / 2)
        return abs(gt[1]) * 111320.0 * math.cos(lat), abs(gt[5]) * 110574.0
    return abs(gt[1]), abs(gt[5])


def random_window(path, size_m, rng):
    """Draw a random square window of ``size_m`` metres; return (xoff, yoff, xsize, ysize).

    The window is in source pixels of the DEM at ``path``, two pixels wider than ``size_m`` and
    clipped to the DEM, which may be smaller.
    """
    ds = gdal.Open(str(path))
    px, py = _pixel_size_m(ds)
    xsize = min(ds.RasterXSize, int(math.ceil(size_m / px)) + 2)
    ysize = min(ds.RasterYSize, int(math.ceil(size_m / py)) + 2)
    xoff = int(rng.integers(0, ds.RasterXSize - xsize + 1))
    yoff = int(rng.integers(0, ds.RasterYSize - ysize + 1))
    return xoff, yoff, xsize, ysize


def draw_pair(region, index, cfg, split_seed=0):
    """(PairSpec, coarse_factor, window) of pair ``index`` of a region (deterministic)."""
    from sar_height.core.stereo.pairs import KIND_DEFAULTS, PairSpec

    name_key = int(hashlib.sha256(region.name.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng([cfg.seed, split_seed, name_key, index])
    kind = cfg.kinds[index % len(cfg.kinds)]
    low, high = getattr(cfg, f"{kind}_incidence_deg")
    first = rng.uniform(low, high)
    second = first + rng.choice([-1.0, 1.0]) * rng.uniform(*cfg.incidence_difference_deg)
    heading = float(rng.uniform(0.0, 360.0))
    lo, hi = getattr(cfg, f"{kind}_coarse_factor")
    spec = PairSpec(kind=kind, incidence_deg=(float(first), float(max(second, 15.0))),
                    heading_deg=(heading, heading), looks=float(rng.uniform(*cfg.looks)),
                    texture=float(rng.uniform(*cfg.texture)),
                    texture_correlation_cells=float(rng.uniform(*cfg.texture_correlation_cells)),
                    noise_floor_db=float(rng.uniform(*cfg.noise_floor_db)),
                    seed=int(rng.integers(0, 2 ** 31)))
    scene_m = KIND_DEFAULTS[kind]["scene_size_m"]
    window = random_window(region.path, 1.1 * scene_m, rng)
    return spec, int(rng.integers(lo, hi + 1)), window


def pair_patches(region_path, spec, coarse_factor, window, cfg):
    """Patches dict (KEYS) of one simulated pair, and a description of it."""
    from sar_height.core.stereo.pairs import simulate_pair, training_patches

    pair = simulate_pair(region_path, spec, coarse_factor=coarse_factor, window=window)
    try:
        patches = training_patches(pair, cfg.patch, cfg.patch_stride, cfg.max_invalid)
    finally:
        pair.scene.release()
    info = {"spec": asdict(spec), "coarse_factor": coarse_factor, "window": list(window),
            "incidence_deg": list(pair.incidence_at_centre_deg),
            "shape": list(pair.reference_image.shape), "patches": len(patches["valid"]),
            "seconds": round(pair.seconds, 1)}
    return {k: patches[k] for k in KEYS}, info


def _job(args):
    name, path, spec, factor, window, cfg = args
    try:
        patches, info = pair_patches(path, spec, factor, window, cfg)
    except Exception as exc:  # noqa: BLE001 - one bad draw must not stop the data set
        return name, None, {"error": f"{type(exc).__name__}: {exc}"}
    return name, patches, info


def _run_jobs(jobs, workers):
    if workers <= 1 or len(jobs) == 1:
        return [_job(job) for job in jobs]
    with get_context("fork").Pool(workers, maxtasksperchild=4) as pool:
        return pool.map(_job, jobs, chunksize=1)


def _concatenate(parts, patch):
    parts = [p for p in parts if p is not None and len(p["valid"])]
    if not parts:
        shape = (0, patch, patch)
        return {"reference": np.zeros(shape, np.float32),
                "secondary": np.zeros(shape, np.float32),
                "offset": np.zeros((0, 2, patch, patch), np.float32),
                "valid": np.zeros(shape, bool)}
    return {k: np.concatenate([p[k] for p in parts]) for k in KEYS}


def save_patches(path, patches, infos):
    """Write patches and pair infos to the compressed npz cache file ``path`` (atomic rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez_compressed(partial, info=json.dumps(infos), **patches)
    partial.replace(path)


def load_patches(path):
    """Read (patches dict, pair infos) from an npz cache file written by save_patches."""
    with np.load(path) as data:
        return {k: data[k] for k in KEYS}, json.loads(str(data["info"]))


def pair_patches_for(split, cfg=None, names=None, workers=2, cache_dir=CACHE_DIR,
                     log=print):
    """{region name: (patches dict, pair infos)} of ``split`` (TRAINING or VALIDATION)."""
    if split not in (TRAINING, VALIDATION):
        raise ValueError(f"matcher data comes from the {TRAINING} and {VALIDATION} splits only")
    cfg = cfg or PairDataConfig()
    split_seed = {TRAINING: 0, VALIDATION: 1}[split]
    out, jobs, paths = {}, [], {}
    for region in regions(split, names):
        paths[region.name] = Path(cache_dir) / f"{region.name}_{split}_{cfg.key()}.npz"
        if paths[region.name].exists():
            out[region.name] = load_patches(paths[region.name])
            continue
        for index in range(cfg.pairs_per_region):
            spec, factor, window = draw_pair(region, index, cfg, split_seed)
            jobs.append((region.name, region.path, spec, factor, window, cfg))
    if jobs:
        start = time.perf_counter()
        log(f"simulating {len(jobs)} {split} stereo pairs in {workers} process(es)")
        results = _run_jobs(jobs, workers)
        for name in paths:
            if name in out:
                continue
            mine = [r for r in results if r[0] == name]
            for _, _, info in mine:
                if "error" in info:
                    log(f"  {name}: pair skipped ({info['error']})")
            patches = _concatenate([p for _, p, _ in mine], cfg.patch)
            infos = [i for _, _, i in mine]
            save_patches(paths[name], patches, infos)
            out[name] = (patches, infos)
        log(f"{len(jobs)} pairs in {time.perf_counter() - start:.0f} s")
    return out


# ---------------------------------------------------------------------------------------
# Synthetic stand-in


def _texture(shape, rng):
    """Mean-1 log-normal reflectivity with a few bright scatterers."""
    g = gaussian_filter(rng.standard_normal(shape), rng.uniform(1.0, 3.0))
    g /= max(g.std(), 1e-12)
    texture = np.exp(rng.uniform(0.3, 1.0) * g)
    bright = rng.random(shape) < rng.uniform(0.0, 0.002)
    texture[bright] *= rng.uniform(5.0, 30.0)
    return texture / texture.mean()


def _blobs(shape, rng, count):
    """Union of ``count`` random ellipses (bool [H, W])."""
    lines, samples = aug.pixel_grid(shape)
    mask = np.zeros(shape, dtype=bool)
    for _ in range(count):
        cl, cs = rng.uniform(0, shape[0]), rng.uniform(0, shape[1])
        rl, rs = rng.uniform(4.0, 20.0, size=2)
        mask |= ((lines - cl) / rl) ** 2 + ((samples - cs) / rs) ** 2 < 1.0
    return mask


def synthetic_sample(rng, patch=128, shift_px=(2.0, 6.0), wobble_px=(0.5, 3.0)):
    """One stand-in (reference, secondary, offset, valid) in the pairs' format."""
    margin = int(math.ceil(max(shift_px) + max(wobble_px))) + 2
    canvas = (patch + 2 * margin,) * 2
    ground = _texture(canvas, rng)
    relief = gaussian_filter(rng.standard_normal(canvas), rng.uniform(8.0, 24.0))
    slope = np.gradient(relief / max(np.abs(relief).max(), 1e-12), axis=1) * 20.0
    looks = rng.uniform(1.0, 5.0)
    # incidence-dependent brightness: the same slopes lit differently in the two images
    reference_clean = ground * np.exp(rng.uniform(0.5, 2.0) * slope)
    secondary_clean = ground * np.exp(rng.uniform(0.5, 2.0) * slope)
    field = aug.smooth_field((patch, patch), rng, shift_px, wobble_px, rng.uniform(10.0, 30.0))
    lines, samples = aug.pixel_grid((patch, patch))
    secondary = aug.sample_bilinear(secondary_clean, lines + field[0] + margin,
                                    samples + field[1] + margin)
    reference = reference_clean[margin:margin + patch, margin:margin + patch].copy()
    q, closure = aug.invert_displacement(field, np.stack([lines, samples]))
    valid = aug.inside((patch, patch), q[0], q[1]) & (closure < aug.CLOSURE_TOL_PX)
    # layover (bright) or shadow (dark) blobs: the secondary shows something else there
    corrupt = _blobs((patch, patch), rng, int(rng.integers(0, 3)))
    secondary[corrupt] = rng.uniform(0.02, 8.0) * rng.gamma(1.0, 1.0, int(corrupt.sum()))
    hit = aug.sample_bilinear(corrupt.astype(np.float64), q[0], q[1], fill=1.0) > 0
    valid &= ~hit
    offset = np.where(valid, q - np.stack([lines, samples]), 0.0).astype(np.float32)
    speckle = [rng.gamma(looks, 1.0 / looks, (patch, patch)) for _ in range(2)]
    return ((reference * speckle[0]).astype(np.float32),
            (secondary * speckle[1]).astype(np.float32), offset, valid)


def synthetic_patches(count, patch=128, seed=0):
    """Stand-in patches dict (KEYS), ``count`` samples, deterministic for a seed."""
    rng = np.random.default_rng(seed)
    samples = [synthetic_sample(rng, patch) for _ in range(count)]
    return {k: np.stack([s[i] for s in samples]) for i, k in enumerate(KEYS)}


# ---------------------------------------------------------------------------------------
# Batches


class PatchBank:
    """Patches of one split and augmented, contract-normalised batches of them."""

    def __init__(self, patches, names=None):
        self.patches = {k: patches[k] for k in KEYS}
        self.names = list(names or [])

    def __len__(self):
        return len(self.patches["valid"])

    def subset(self, indices):
        """Return a PatchBank of the patches at ``indices`` (same region names)."""
        return PatchBank({k: v[indices] for k, v in self.patches.items()}, self.names)

    def sample(self, index, rng=None, augment=None):
        """Return (reference, secondary, offset, valid) of one patch, augmented when ``augment``.

        ``rng`` (a numpy Generator) is needed with ``augment``. Arrays are not normalised.
        """
        item = tuple(self.patches[k][index] for k in KEYS)
        if augment is None:
            return item
        if rng.random() < augment.displace:
            field = aug.smooth_field(item[0].shape, rng, augment.shift_px, augment.wobble_px,
                                     augment.wobble_correlation_px)
            item = (item[0],) + aug.displace_secondary(*item[1:], field)
        if rng.random() < augment.swap:
            item = aug.swap_roles(*item)
        if rng.random() < augment.flip_lines:
            item = aug.flip_lines(*item)
        if rng.random() < augment.flip_samples:
            item = aug.flip_samples(*item)
        return item

    def batch(self, indices, rng=None, augment=None):
        """Return a network-ready batch of the patches at ``indices`` (augmented when ``augment``).

        A dict of float32 arrays: reference, secondary [B, 1, H, W] (contract-normalised),
        offset [B, 2, H, W] (px), valid [B, 1, H, W] (0/1).
        """
        items = [self.sample(i, rng, augment) for i in indices]
        reference = normalise_intensity(np.stack([i[0] for i in items]))[:, None]
        secondary = normalise_intensity(np.stack([i[1] for i in items]))[:, None]
        offset = np.stack([i[2] for i in items]).astype(np.float32)
        valid = np.stack([i[3] for i in items]).astype(np.float32)[:, None]
        return {"reference": reference, "secondary": secondary, "offset": offset,
                "valid": valid}

    def median_offset_px(self):
        """Per patch: the larger of the two median |offset| over its valid pixels (px)."""
        out = np.zeros(len(self))
        for i, (offset, valid) in enumerate(zip(self.patches["offset"], self.patches["valid"])):
            if valid.any():
                out[i] = max(float(np.median(np.abs(offset[a][valid]))) for a in range(2))
        return out

    def offset_percentile_px(self, q=99.9):
        """Percentile of |offset| (per axis, max of the two) over the valid pixels."""
        valid = self.patches["valid"]
        if not valid.any():
            return 0.0
        return max(float(np.percentile(np.abs(self.patches["offset"][:, a][valid]), q))
                   for a in range(2))


def bank_for(split, source="pairs", cfg=None, names=None, workers=2, synthetic_count=512,
             log=print):
    """Return a PatchBank of ``split`` from the simulator (cached) or the synthetic stand-in.

    Simulated patches whose median |offset| exceeds ``cfg.max_patch_bias_px`` are dropped (and
    logged). The synthetic source ignores ``names`` and ``workers``.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    cfg = cfg or PairDataConfig()
    if source == "synthetic":
        seed = cfg.seed * 2 + (0 if split == TRAINING else 1)
        return PatchBank(synthetic_patches(synthetic_count, cfg.patch, seed), ["synthetic"])
    by_region = pair_patches_for(split, cfg, names, workers, log=log)
    merged = _concatenate([p for p, _ in by_region.values()], cfg.patch)
    bank = PatchBank(merged, [n for n, (p, _) in by_region.items() if len(p["valid"])])
    bias = bank.median_offset_px()
    keep = np.flatnonzero(bias <= cfg.max_patch_bias_px)
    if len(keep) < len(bank):
        log(f"{len(bank) - len(keep)} of {len(bank)} {split} patches dropped: their coarse-DEM "
            f"prediction is off by more than {cfg.max_patch_bias_px:g} px (median offset "
            f"{bias[bias > cfg.max_patch_bias_px].min():.0f}-{bias.max():.0f} px)")
    return bank.subset(keep)


_STREAM_BANK = None  # the bank a forked batch worker reads (set before the pool is forked)


def _stream_batch(args):
    indices, seed, augment = args
    return _STREAM_BANK.batch(indices, np.random.default_rng(seed), augment)


class BatchStream:
    """Endless augmented batches: epochs of shuffled patches.

    Batch k (from 1) is augmented with the generator default_rng([seed, k]), so the batches are
    the same with or without ``workers``. The patches left over at the end of an epoch are
    skipped.

    ``workers`` > 0 prepares the next ``workers + 1`` batches in forked processes while the
    network trains (worth it when a core is free: ~0.1 s of scipy per batch of 8 at 128 px).
    Use as a context manager (closes the pool).
    """

    def __init__(self, bank, batch, augment, seed=0, workers=0):
        self.bank, self.batch, self.augment, self.seed = bank, batch, augment, seed
        self._order_rng = np.random.default_rng([seed, 1])
        self._order, self._position, self._count = np.zeros(0, np.int64), 0, 0
        self._pool, self._pending = None, []
        if workers > 0:
            global _STREAM_BANK
            _STREAM_BANK = bank
            self._pool = get_context("fork").Pool(workers)
            self._pending = [self._submit() for _ in range(workers + 1)]

    def _next_job(self):
        if self._position + self.batch > len(self._order):
            self._order, self._position = self._order_rng.permutation(len(self.bank)), 0
        indices = self._order[self._position:self._position + self.batch]
        self._position += self.batch
        self._count += 1
        return indices, [self.seed, self._count], self.augment

    def _submit(self):
        return self._pool.apply_async(_stream_batch, (self._next_job(),))

    def __iter__(self):
        return self

    def __next__(self):
        if self._pool is None:
            indices, seed, augment = self._next_job()
            return self.bank.batch(indices, np.random.default_rng(seed), augment)
        self._pending.append(self._submit())
        return self._pending.pop(0).get()

    def close(self):
        """Stop the worker pool, if any (pending batches are discarded)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
