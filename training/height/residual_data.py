"""Clean scenes for the contract-v2 height networks: terrain, coarse DEM and noise-free backscatter.

A scene is one synthetic acquisition over a window of a real DEM (training.regions), made as in
contract v1 (training.height.data: fine truth grid, Sentinel-1-like straight track, simulation,
reconstruction with a 3x coarser DEM) with three differences:

- the image is **noise-free and unspeckled**: thermal noise, speckle, land cover, filters,
  quantisation and calibration are drawn afresh for every patch at every step
  (training.height.radiometry), so a scene serves any number of radiometric variants;
- the **backscatter law** is drawn per scene (Muhleman, or cos^n with n in 1-3) and so is the
  radar pixel: ground-range and azimuth spacing 0.2-1.5 x the map cell (Sentinel-1 SLC pixels
  on a 20 m grid are about 0.2 x 0.7), so that layover, foreshortening and the reconstruction's
  mapping see radar pixels finer and coarser than the cell;
- the coarse DEM is stored as its block means (``coarse_blocks``, one value per
  ``coarse_factor``^2 cells), from which the dense prior mode builds its lattice surface, and as
  those means interpolated bilinearly onto the fine grid (``coarse``), which values the scattered
  priors.

Backscatter is stored as linear sigma0-like intensity (flat-equivalent energy / flat pixel area),
NaN where missing. Scenes are cached per region in ``.cache/height_data/`` (compressed npz).
"""
import hashlib
import json
import math
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from sar_height.core.dem import DemRaster
from sar_height.core.raster_io import memory_raster
from sar_height.core.reconstruction import (
    MeasuredImage,
    ReconstructionOptions,
    reconstruct_to_files,
)
from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
from sar_height.core.simulation import SimulationOptions, iter_block_mappings

from ..regions import EVALUATION, ROOT, TRAINING, VALIDATION, regions
from .data import (
    ASCENDING_HEADING,
    DESCENDING_HEADING,
    _fine_dem,
    _read_tif,
    _write_tif,
    coarse_on_fine,
    looks_east,
    region_grid,
)

CACHE_DIR = ROOT / ".cache" / "height_data"
DATA_VERSION = 2
STRIDE = 16


@dataclass
class CleanConfig:
    """How clean scenes are drawn. Ranges are (low, high); equal ends fix the value."""

    scene_size: int = 384
    margin: int = 16
    scenes_per_region: int = 12
    coarse_factor: int = 3
    spacing_m: tuple = (10.0, 30.0)  # map cell, log-uniform
    radar_pixel_ratio: tuple = (0.2, 1.5)  # radar ground spacing / map cell, per axis (log-uniform)
    incidence_deg: tuple = (29.0, 46.0)
    heading_jitter_deg: float = 5.0
    texture: tuple = (0.0, 0.5)
    texture_correlation_cells: tuple = (1.0, 4.0)
    cosine_law_share: float = 0.4  # share of scenes with a cos^n law instead of Muhleman
    cosine_exponent: tuple = (1.0, 3.0)
    seed: int = 0

    def key(self):
        """Return a short hash of everything that changes the generated scenes."""
        text = json.dumps({"version": DATA_VERSION, **asdict(self)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:10]


@dataclass
class CleanParams:
    """The drawn settings of one scene."""

    region: str
    index: int
    spacing_m: float
    range_ratio: float
    azimuth_ratio: float
    incidence_deg: float
    heading_deg: float
    law: str
    law_exponent: float
    texture: float
    texture_correlation_cells: float
    seed: int
    rows: int
    cols: int
    center_x: float
    center_y: float

    @property
    def looks_east(self):
        """Return whether the radar looks towards increasing columns (right-looking track)."""
        return looks_east(self.heading_deg)


@dataclass
class CleanScene:
    """One clean scene; grids on the fine map grid with the margin removed."""

    params: CleanParams
    truth: np.ndarray  # float32 m, NaN = no height
    coarse: np.ndarray  # float32 m, block means interpolated bilinearly onto the fine grid
    coarse_blocks: np.ndarray  # float32 m, block means (cell (i, j) centred at fine 3i+1, 3j+1)
    sigma0_reconstructed: np.ndarray  # float32 linear, NaN = missing
    sigma0_geocoded: np.ndarray
    layover_mask: np.ndarray  # uint8: 0 clear, 1 layover, 2 shadow, 3 both, 255 nodata
    seconds: float = 0.0

    @property
    def spacing_m(self):
        """Return the map cell size in metres."""
        return self.params.spacing_m

    @property
    def shape(self):
        """Return (rows, cols) of the scene."""
        return self.truth.shape

    def sigma0(self, kind):
        """Return the clean backscatter of input ``kind`` ("reconstructed" or "geocoded")."""
        return self.sigma0_reconstructed if kind == "reconstructed" else self.sigma0_geocoded


def _block_means(fine, factor):
    rows, cols = fine.shape
    cr, cc = -(-rows // factor), -(-cols // factor)
    padded = np.full((cr * factor, cc * factor), np.nan)
    padded[:rows, :cols] = fine
    blocks = padded.reshape(cr, factor, cc, factor)
    with np.errstate(invalid="ignore"):
        return np.nanmean(blocks, axis=(1, 3)).astype(np.float32)


def _simulate(fine_dem, geometry, params):
    options = SimulationOptions(backscatter_law=params.law, law_exponent=params.law_exponent,
                                texture_strength=params.texture,
                                texture_correlation_cells=params.texture_correlation_cells,
                                seed=params.seed)
    image = np.zeros((geometry.lines, geometry.samples))
    for block in iter_block_mappings(fine_dem, geometry, options):
        if block.window is not None:
            w = block.window
            image[w.line0:w.line0 + w.lines, w.sample0:w.sample0 + w.samples] += block.simulate()
    return image


def _to_sigma0(flat_equivalent, pixel_area_m2):
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.asarray(flat_equivalent, dtype=np.float64) / pixel_area_m2
        return np.where(np.isfinite(v) & (v > 0), v, np.nan).astype(np.float32)


def generate_clean_scene(region_path, params, cfg, workdir=None):
    """Simulate and reconstruct one clean scene (see the module docstring)."""
    start = time.perf_counter()
    grid = region_grid(region_path)
    g, m = params.spacing_m, cfg.margin
    rows, cols = params.rows + 2 * m, params.cols + 2 * m
    x0, y1 = params.center_x - cols * g / 2.0, params.center_y + rows * g / 2.0
    fine = _fine_dem(region_path, grid, x0, y1, cols, rows, g)
    coarse = coarse_on_fine(fine, cfg.coarse_factor)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        paths = {k: os.path.join(tmp, f"{k}.tif") for k in ("fine", "coarse")}
        _write_tif(paths["fine"], fine, x0, y1, g, grid.wkt)
        _write_tif(paths["coarse"], coarse, x0, y1, g, grid.wkt)
        fine_dem = DemRaster(paths["fine"], "ellipsoid")
        coarse_dem = DemRaster(paths["coarse"], "ellipsoid")
        incidence = math.radians(params.incidence_deg)
        range_ground = g * params.range_ratio
        spec = TrackSpec(heading_deg=params.heading_deg, incidence_deg=params.incidence_deg,
                         slant_spacing_m=range_ground * math.sin(incidence),
                         azimuth_spacing_m=g * params.azimuth_ratio)
        low, high = float(np.nanmin(fine)), float(np.nanmax(fine))
        geometry = straight_track_geometry(fine_dem, spec, (low - 100.0, high + 100.0))
        image = _simulate(fine_dem, geometry, params)
        measured = MeasuredImage(memory_raster(image), zero_is_missing=False)
        outputs = {k: os.path.join(tmp, f"{k}.tif") for k in ("reconstructed", "geocoded", "mask")}
        reconstruct_to_files(coarse_dem, geometry, measured, outputs, ReconstructionOptions())
        reconstructed = _read_tif(outputs["reconstructed"])
        geocoded = _read_tif(outputs["geocoded"])
        mask = _read_tif(outputs["mask"])
        del fine_dem, coarse_dem, measured
    inner = (slice(m, rows - m), slice(m, cols - m))
    area = range_ground * g * params.azimuth_ratio  # flat ground area of one radar pixel
    truth = fine[inner].astype(np.float32)
    return CleanScene(params=params, truth=truth, coarse=coarse[inner].astype(np.float32),
                      coarse_blocks=_block_means(truth, cfg.coarse_factor),
                      sigma0_reconstructed=_to_sigma0(reconstructed[inner], area),
                      sigma0_geocoded=_to_sigma0(geocoded[inner], area),
                      layover_mask=mask[inner].astype(np.uint8),
                      seconds=time.perf_counter() - start)


def _log_uniform(rng, lo_hi):
    lo, hi = lo_hi
    return float(lo if lo == hi else math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _uniform(rng, lo_hi):
    lo, hi = lo_hi
    return float(lo if lo == hi else rng.uniform(lo, hi))


def _fit(extent_m, spacing, cfg):
    cells = int(extent_m / spacing) - 2 * cfg.margin - 2
    return min(cfg.scene_size, cells // STRIDE * STRIDE)


def draw_clean_params(region, cfg, index, split_seed=0, min_cells=128):
    """Return the random settings of scene ``index`` of ``region`` (deterministic in cfg.seed)."""
    grid = region_grid(region.path)
    name_key = int(hashlib.sha256(region.name.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, split_seed, name_key, index,
                                                        DATA_VERSION]))
    for _ in range(100):
        spacing = _log_uniform(rng, cfg.spacing_m)
        rows = _fit(grid.y_max - grid.y_min, spacing, cfg)
        cols = _fit(grid.x_max - grid.x_min, spacing, cfg)
        if rows >= min_cells and cols >= min_cells:
            break
    else:
        raise ValueError(f"Region {region.name} is too small for {min_cells}-cell patches.")
    half_x = (cols + 2 * cfg.margin) * spacing / 2.0
    half_y = (rows + 2 * cfg.margin) * spacing / 2.0
    ascending = bool(rng.integers(0, 2))
    heading = (ASCENDING_HEADING if ascending else DESCENDING_HEADING) + rng.uniform(
        -cfg.heading_jitter_deg, cfg.heading_jitter_deg)
    cosine = rng.random() < cfg.cosine_law_share
    return CleanParams(
        region=region.name, index=index, spacing_m=spacing,
        range_ratio=_log_uniform(rng, cfg.radar_pixel_ratio),
        azimuth_ratio=_log_uniform(rng, cfg.radar_pixel_ratio),
        incidence_deg=_uniform(rng, cfg.incidence_deg), heading_deg=float(heading),
        law="cosine" if cosine else "muhleman",
        law_exponent=_uniform(rng, cfg.cosine_exponent) if cosine else 2.0,
        texture=_uniform(rng, cfg.texture),
        texture_correlation_cells=_uniform(rng, cfg.texture_correlation_cells),
        seed=int(rng.integers(0, 2 ** 31 - 1)), rows=rows, cols=cols,
        center_x=float(rng.uniform(grid.x_min + half_x, grid.x_max - half_x)),
        center_y=float(rng.uniform(grid.y_min + half_y, grid.y_max - half_y)))


def evaluation_clean_params(region, cfg, orbit_pass="ascending", seed=7):
    """Return the fixed evaluation scene of a held-out region: the whole DEM, 37 deg, Muhleman."""
    grid = region_grid(region.path)
    spacing = float(np.clip(grid.native_spacing_m, *cfg.spacing_m))
    rows = int((grid.y_max - grid.y_min) / spacing) - 2 * cfg.margin - 2
    cols = int((grid.x_max - grid.x_min) / spacing) - 2 * cfg.margin - 2
    heading = ASCENDING_HEADING if orbit_pass == "ascending" else DESCENDING_HEADING
    return CleanParams(region=region.name, index=0 if orbit_pass == "ascending" else 1,
                       spacing_m=spacing, range_ratio=1.0, azimuth_ratio=1.0, incidence_deg=37.0,
                       heading_deg=heading, law="muhleman", law_exponent=2.0, texture=0.3,
                       texture_correlation_cells=2.0, seed=seed, rows=rows, cols=cols,
                       center_x=(grid.x_min + grid.x_max) / 2.0,
                       center_y=(grid.y_min + grid.y_max) / 2.0)


_FIELDS = ("truth", "coarse", "coarse_blocks", "sigma0_reconstructed", "sigma0_geocoded",
           "layover_mask")


def save_clean_scenes(path, scenes):
    """Write ``scenes`` to one compressed npz (atomically: a partial file, then a rename)."""
    arrays = {f"s{i:04d}_{name}": getattr(s, name) for i, s in enumerate(scenes)
              for name in _FIELDS}
    arrays["meta"] = np.array(json.dumps([dict(asdict(s.params), seconds=s.seconds)
                                          for s in scenes]))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez_compressed(partial, **arrays)
    os.replace(partial, path)


def load_clean_scenes(path):
    """Read the scenes that :func:`save_clean_scenes` wrote."""
    with np.load(path) as data:
        scenes = []
        for i, meta in enumerate(json.loads(str(data["meta"]))):
            seconds = meta.pop("seconds", 0.0)
            arrays = {name: data[f"s{i:04d}_{name}"] for name in _FIELDS}
            scenes.append(CleanScene(params=CleanParams(**meta), seconds=seconds, **arrays))
    return scenes


def _job(args):
    path, params, cfg = args
    return generate_clean_scene(path, params, cfg)


def _print(message):
    print(message, flush=True)


def _generate(todo, workers, log):
    if workers <= 1 or len(todo) <= 1:
        made = [_job(job) for job in todo]
    else:
        with get_context("fork").Pool(workers, maxtasksperchild=8) as pool:
            made = list(pool.imap(_job, todo))
    for scene in made:
        log(f"  {scene.params.region} #{scene.params.index}: {scene.shape[0]} x {scene.shape[1]}"
            f" at {scene.spacing_m:.1f} m, {scene.seconds:.1f} s")
    return made


def clean_scenes_for(split, cfg=None, names=None, workers=2, cache_dir=CACHE_DIR, log=_print):
    """Return the clean scenes of every region of ``split``, generating and caching missing ones.

    Training and validation scenes are random draws; evaluation scenes are the fixed ascending
    and descending scenes of :func:`evaluation_clean_params`.
    """
    cfg = cfg or CleanConfig()
    chosen = regions(split, names)
    split_seed = {TRAINING: 0, VALIDATION: 1, EVALUATION: 2}[split]
    cached, todo, paths = {}, [], {}
    for region in chosen:
        paths[region.name] = Path(cache_dir) / f"v2_{region.name}_{split}_{cfg.key()}.npz"
        if paths[region.name].exists():
            cached[region.name] = load_clean_scenes(paths[region.name])
            continue
        if split == EVALUATION:
            params = [evaluation_clean_params(region, cfg, p) for p in ("ascending", "descending")]
        else:
            params = [draw_clean_params(region, cfg, i, split_seed)
                      for i in range(cfg.scenes_per_region)]
        todo += [(region.path, p, cfg) for p in params]
    if todo:
        start = time.perf_counter()
        log(f"generating {len(todo)} clean {split} scenes in {workers} process(es)")
        made = _generate(todo, workers, log)
        for region in chosen:
            if region.name not in cached:
                cached[region.name] = [s for s in made if s.params.region == region.name]
                save_clean_scenes(paths[region.name], cached[region.name])
        log(f"{len(todo)} {split} scenes in {time.perf_counter() - start:.0f} s")
    return [s for region in chosen for s in cached[region.name]]
