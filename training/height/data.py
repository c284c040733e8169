"""Training and evaluation data for the height networks (model contract v1).

See docs/architecture.md#height-model.

A *scene* is one synthetic acquisition over a window of a real DEM (training.regions):

1. **Fine truth grid.** The region DEM is resampled (GDAL cubic) to a square grid of spacing
   ``g`` (drawn in 10–30 m): in the DEM's own CRS when it is projected, else in a local
   transverse Mercator. The window is ``rows x cols`` (multiples of 16, at most
   ``scene_size``) plus ``margin`` cells on every side, which are simulated and reconstructed
   but cropped from everything stored (no edge effects in the data).
2. **Geometry.** A Sentinel-1-like straight track (core.reconstruction.synthetic): incidence
   29–46° at the scene centre, ascending (heading 345–355°) or descending (185–195°),
   right-looking, ground-range and azimuth pixel spacing ``g`` (slant spacing ``g sin θ``).
3. **Measured image.** The fine DEM is simulated (core.simulation.iter_block_mappings, the
   blocks simulate_to_files is built from) with a log-normal reflectivity texture (std 0–0.6,
   correlation 1–4 cells), plus a thermal noise floor (sigma0 -28 to -22 dB, about
   Sentinel-1's NESZ, so that radar shadow is noise rather than exact zeros), then
   multiplicative speckle of 1–5 looks (the same apply_speckle as simulate_to_files).
4. **Reconstruction.** A coarse DEM (``coarse_factor`` = 3 x 3 block means of the fine grid)
   is **bilinearly interpolated back onto the fine grid** and drives
   core.reconstruction.reconstruct_to_files. So the one-to-many mapping and the energy shares
   come from coarse terrain (the situation of a user who only has a coarse DEM), while
   OUTPUT (reconstructed) and OUTPUT_GEOCODED are on the fine grid, pixel for pixel with the
   truth. Both are flat-equivalent intensity (docs/reconstruction.md); dividing by the flat
   ground area of one radar pixel (``g^2``) makes them sigma0-like (what a sigma0-calibrated
   product gives on flat ground); ``sar_db_*`` = 10 log10 of that, NaN where missing
   (shadow, back-facing facets, zero energy).
5. **Priors.** Sparse heights at ``prior_density`` of the pixels (log-uniform 0.02–0.1 % for
   training, 0.05 % for evaluation; the paper's regime is 0.01–0.1 %), placed by jittered
   stratified sampling (one random pixel per square stratum of 1/density pixels, so that a
   128 x 128 patch holds a few at any density in the range) and valued from the **coarse**
   DEM (the bilinear one of step 4), not from the truth. ``distance_m``: Euclidean distance
   to the nearest prior over the whole scene (scipy distance_transform_edt), metres.

Patches of ``patch`` x ``patch`` cells are cut at ``patch_stride`` from each scene, skipping
those with more than ``max_invalid_fraction`` cells without truth. Scenes are cached per
region and configuration in ``.cache/height_data/`` (compressed npz); generation runs in
``workers`` processes and is deterministic for a given seed.

Network inputs and targets (model contract v1, docs/height_model.md) are built by
core.inference.contract (``prepare_inputs(...).tile``, ``normalise_heights``), the code the
plugin's inference uses, so training and inference cannot drift apart: ch0 (dB -
sar_db_mean) / sar_db_std, 0 where missing; ch1 (h - reference_m) / 1000 at prior pixels;
ch2 distance to the nearest prior over the whole scene / 2000, clipped to [0, 5]; ch3 prior
mask; target (h - reference_m) / 1000.

Look direction: by default (``normalise_look``) patches of west-looking scenes (descending,
right-looking) are mirrored left-right, so that the networks always see the radar looking
towards increasing columns (metadata ``look_direction`` "east"; inference mirrors a
west-looking raster before and after). The mirror image of terrain and image together is
the image of the mirrored terrain seen from the mirrored side, so this is physically exact;
it spares the network inferring the look direction from the image, without which it did not
learn to use the SAR within a CPU budget (docs/height_training.md).
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
from osgeo import gdal, osr
from scipy.interpolate import griddata
from scipy.ndimage import distance_transform_edt, map_coordinates

from sar_height.core.dem import DemRaster
from sar_height.core.inference.contract import CHANNELS as CONTRACT_CHANNELS
from sar_height.core.inference.contract import (
    CONTRACT_VERSION,
    DEFAULT_DISTANCE_SCALE_M,
    DEFAULT_HEIGHT_SCALE_M,
    INPUT_KINDS,
    STRIDE,
    normalise_heights,
    prepare_inputs,
)
from sar_height.core.raster_io import memory_raster, warp_to_grid
from sar_height.core.reconstruction import (
    MeasuredImage,
    ReconstructionOptions,
    reconstruct_to_files,
)
from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
from sar_height.core.simulation import SimulationOptions, iter_block_mappings
from sar_height.core.simulation.speckle import apply_speckle

from ..regions import EVALUATION, ROOT, TRAINING, VALIDATION, regions

gdal.UseExceptions()
osr.UseExceptions()

CACHE_DIR = ROOT / ".cache" / "height_data"
DATA_VERSION = 1  # bump when the generated arrays change meaning

# Model contract v1 (core.inference.contract) and the tiling these models are trained for
CONTRACT = CONTRACT_VERSION
CHANNELS = list(CONTRACT_CHANNELS)
HEIGHT_SCALE_M = DEFAULT_HEIGHT_SCALE_M
DISTANCE_SCALE_M = DEFAULT_DISTANCE_SCALE_M
NETWORK_STRIDE = STRIDE
TILE_SIZE = 128  # = the training patch
TILE_OVERLAP = 32

ASCENDING_HEADING = 350.0
DESCENDING_HEADING = 190.0
LOOK_DIRECTION = "east"  # metadata "look_direction": the orientation the networks learn


def looks_east(heading_deg, look_side="right"):
    """Return whether the radar looks towards +x (east, increasing columns of a north-up grid).

    ``heading_deg`` is the track heading in degrees clockwise from north; the look direction
    is the heading plus 90 degrees for a right-looking radar, minus 90 for a left-looking one.
    """
    look = heading_deg + (90.0 if look_side == "right" else -90.0)
    return math.sin(math.radians(look)) > 0


_PATCHING = ("patch", "patch_stride", "max_invalid_fraction")


@dataclass
class GenerationConfig:
    """How scenes are drawn. Ranges are (low, high); equal ends fix the value."""

    scene_size: int = 384  # cells per side of a scene (at most; multiple of 16)
    margin: int = 16  # extra cells simulated around the scene, cropped afterwards
    patch: int = 128
    patch_stride: int = 64
    scenes_per_region: int = 10
    coarse_factor: int = 3
    spacing_m: tuple = (10.0, 30.0)  # log-uniform
    incidence_deg: tuple = (29.0, 46.0)
    heading_jitter_deg: float = 5.0
    looks: tuple = (1.0, 5.0)
    texture: tuple = (0.0, 0.6)
    texture_correlation_cells: tuple = (1.0, 4.0)
    prior_density: tuple = (0.0002, 0.001)  # fraction of pixels, log-uniform
    noise_floor_db: tuple = (-28.0, -22.0)  # thermal noise, sigma0 dB (Sentinel-1 NESZ)
    max_invalid_fraction: float = 0.05
    seed: int = 0

    def key(self):
        """Short hash of everything that changes the generated scenes (not the patching)."""
        fields = {k: v for k, v in asdict(self).items() if k not in _PATCHING}
        text = json.dumps({"version": DATA_VERSION, **fields}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:10]


@dataclass
class SceneParams:
    """The drawn parameters of one scene: everything generate_scene needs besides the DEM.

    Spacing in metres (ground range = azimuth), incidence at the scene centre and heading
    (clockwise from north) in degrees, ``prior_density`` as a fraction of the pixels,
    ``noise_floor_db`` as sigma0 in dB; ``rows`` x ``cols`` without the margin; ``seed`` drives
    the texture, the speckle and the prior positions.
    """

    region: str
    index: int
    spacing_m: float
    incidence_deg: float
    heading_deg: float
    looks: float
    texture: float
    texture_correlation_cells: float
    prior_density: float
    noise_floor_db: float
    seed: int
    rows: int
    cols: int
    center_x: float  # window centre in the scene CRS (metres)
    center_y: float

    @property
    def orbit_pass(self):
        """Ascending or descending, from the heading."""
        return "ascending" if abs(self.heading_deg - ASCENDING_HEADING) < 90 else "descending"

    @property
    def looks_east(self):
        """Whether the (right-looking) radar looks east, towards increasing columns."""
        return looks_east(self.heading_deg)


@dataclass
class Scene:
    """One generated scene; all grids (rows, cols) on the fine grid, margin removed."""

    params: SceneParams
    truth: np.ndarray  # float32 m, NaN = no height
    coarse: np.ndarray  # float32 m, the bilinear coarse DEM the reconstruction used
    sar_db_reconstructed: np.ndarray  # float32 dB, NaN = missing
    sar_db_geocoded: np.ndarray
    layover_mask: np.ndarray  # uint8: 0 clear, 1 layover, 2 shadow, 3 both, 255 nodata
    prior_rows: np.ndarray  # int32
    prior_cols: np.ndarray
    prior_heights: np.ndarray  # float32 m (from the coarse DEM)
    distance_m: np.ndarray  # float32
    seconds: float = 0.0

    @property
    def spacing_m(self):
        """Grid spacing of the scene (m)."""
        return self.params.spacing_m

    @property
    def shape(self):
        """(rows, cols) of every grid of the scene."""
        return self.truth.shape

    def sar_db(self, kind):
        """Return the sigma0-like SAR image (dB, NaN = missing) of input ``kind``.

        ``kind`` is "reconstructed" or "geocoded" (core.inference.contract.INPUT_KINDS).
        """
        if kind not in INPUT_KINDS:
            raise ValueError(f"input kind {kind!r} not in {INPUT_KINDS}")
        return self.sar_db_reconstructed if kind == "reconstructed" else self.sar_db_geocoded

    def prior_map(self):
        """(rows, cols) float32 prior heights, NaN where there is no prior."""
        out = np.full(self.shape, np.nan, dtype=np.float32)
        out[self.prior_rows, self.prior_cols] = self.prior_heights
        return out


# ---------------------------------------------------------------------------------------
# Contract inputs


def distance_to_priors(shape, prior_rows, prior_cols, spacing_m):
    """Euclidean distance (m, float32) of every cell to the nearest prior cell."""
    free = np.ones(shape, dtype=bool)
    free[prior_rows, prior_cols] = False
    if free.all():
        return np.full(shape, np.inf, dtype=np.float32)
    return distance_transform_edt(free, sampling=spacing_m).astype(np.float32)


def sample_priors(valid, density, rng):
    """Return jittered stratified prior positions as (rows, cols) int32 arrays.

    One random cell per square stratum of ~1/density cells (strata at a random offset), kept
    where ``valid``.
    """
    size = 1.0 / math.sqrt(density)  # stratum side in cells
    rows, cols = valid.shape
    off_r, off_c = rng.uniform(0, size, 2)
    edges_r = np.arange(-off_r, rows, size)
    edges_c = np.arange(-off_c, cols, size)
    r = (edges_r[:, None] + rng.uniform(0, size, (len(edges_r), len(edges_c)))).ravel()
    c = (edges_c[None, :] + rng.uniform(0, size, (len(edges_r), len(edges_c)))).ravel()
    r, c = np.floor(r).astype(np.int64), np.floor(c).astype(np.int64)
    keep = (r >= 0) & (r < rows) & (c >= 0) & (c < cols)
    r, c = r[keep], c[keep]
    keep = valid[r, c]
    return r[keep].astype(np.int32), c[keep].astype(np.int32)


# ---------------------------------------------------------------------------------------
# Grids


@dataclass
class RegionGrid:
    """The region's extent in the scene CRS (metres) and that CRS."""

    wkt: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    native_spacing_m: float


def _local_tmerc(lon, lat):
    srs = osr.SpatialReference()
    srs.SetFromUserInput(f"+proj=tmerc +lat_0={lat:.6f} +lon_0={lon:.6f} +k=1 +x_0=0 +y_0=0 "
                         "+datum=WGS84 +units=m +no_defs")
    return srs


def region_grid(path):
    """Return the scene CRS and extent of the DEM at ``path`` as a RegionGrid.

    The CRS is the DEM's own if projected, else a local transverse Mercator centred on it; the
    extent is the largest axis-aligned box inside the DEM's footprint in that CRS (metres).
    """
    ds = gdal.Open(str(path))
    src = osr.SpatialReference(wkt=ds.GetProjection())
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    gt = ds.GetGeoTransform()
    w, h = ds.RasterXSize, ds.RasterYSize
    if src.IsProjected():
        x0, x1 = sorted([gt[0], gt[0] + w * gt[1]])
        y0, y1 = sorted([gt[3], gt[3] + h * gt[5]])
        return RegionGrid(src.ExportToWkt(), x0, x1, y0, y1,
                          abs(gt[1]) * src.GetLinearUnits())
    lon0, lat0 = gt[0] + w / 2 * gt[1], gt[3] + h / 2 * gt[5]
    dst = _local_tmerc(lon0, lat0)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    t = np.linspace(0, 1, 33)

    def edge(cols, rows):
        pts = np.column_stack([gt[0] + cols * gt[1], gt[3] + rows * gt[5]])
        return np.asarray(ct.TransformPoints(pts))[:, :2]

    left = edge(np.zeros_like(t), t * h)
    right = edge(np.full_like(t, w), t * h)
    top = edge(t * w, np.zeros_like(t))
    bottom = edge(t * w, np.full_like(t, h))
    x0, x1 = left[:, 0].max(), right[:, 0].min()
    y0, y1 = bottom[:, 1].max(), top[:, 1].min()  # north-up source: row 0 is the top
    lat_step_m = abs(gt[5]) * 111_320.0
    return RegionGrid(dst.ExportToWkt(), float(x0), float(x1), float(y0), float(y1),
                      float(lat_step_m))


def _fine_dem(path, grid, x0, y1, cols, rows, spacing):
    """Return the region DEM on the scene grid (core.raster_io.warp_to_grid), heights in m.

    Voids and void markers (below -1000 m) become NaN.
    """
    z = warp_to_grid(path, grid.wkt, x0, y1, cols, rows, spacing)
    z[~np.isfinite(z) | (z < -1000)] = np.nan
    return z


def coarse_on_fine(fine, factor):
    """Return factor x factor block means interpolated bilinearly back onto the fine grid.

    A block with any NaN is NaN, and so is every fine cell whose interpolation touches one,
    or that is NaN in ``fine``. Coarse cell centres lie at fine index factor*i + (factor-1)/2;
    edges are held constant.
    """
    rows, cols = fine.shape
    cr, cc = -(-rows // factor), -(-cols // factor)
    padded = np.full((cr * factor, cc * factor), np.nan)
    padded[:rows, :cols] = fine
    blocks = padded.reshape(cr, factor, cc, factor)
    count = np.isfinite(blocks).sum(axis=(1, 3))
    total = np.nansum(blocks, axis=(1, 3))
    with np.errstate(invalid="ignore"):
        coarse = np.where(count == factor * factor, total / np.maximum(count, 1), np.nan)
    centre = (factor - 1) / 2.0
    r = (np.arange(rows) - centre) / factor
    c = (np.arange(cols) - centre) / factor
    rr, ccg = np.meshgrid(np.clip(r, 0, cr - 1), np.clip(c, 0, cc - 1), indexing="ij")
    filled = np.where(np.isfinite(coarse), coarse, 0.0)
    weight = map_coordinates(np.isfinite(coarse).astype(np.float64), [rr, ccg], order=1,
                             mode="nearest")
    value = map_coordinates(filled, [rr, ccg], order=1, mode="nearest")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(weight > 0.999, value / weight, np.nan)
    out[~np.isfinite(fine)] = np.nan
    return out


def _write_tif(path, values, x0, y1, spacing, wkt):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), values.shape[1], values.shape[0], 1,
                                              gdal.GDT_Float32)
    ds.SetGeoTransform((x0, spacing, 0.0, y1, 0.0, -spacing))
    ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    band.WriteArray(np.where(np.isfinite(values), values, -9999.0).astype(np.float32))
    ds = None


def _read_tif(path):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(1).ReadAsArray()


def _to_db(flat_equivalent, pixel_area_m2):
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.asarray(flat_equivalent, dtype=np.float64) / pixel_area_m2
        return np.where(np.isfinite(v) & (v > 0), 10.0 * np.log10(v), np.nan).astype(np.float32)


# ---------------------------------------------------------------------------------------
# One scene


def generate_scene(region_path, params, cfg, workdir=None):
    """Simulate, reconstruct and sample one scene (see the module docstring)."""
    start = time.perf_counter()
    grid = region_grid(region_path)
    g, m = params.spacing_m, cfg.margin
    rows, cols = params.rows + 2 * m, params.cols + 2 * m
    x0 = params.center_x - cols * g / 2.0
    y1 = params.center_y + rows * g / 2.0
    fine = _fine_dem(region_path, grid, x0, y1, cols, rows, g)
    coarse = coarse_on_fine(fine, cfg.coarse_factor)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        fine_path, coarse_path = os.path.join(tmp, "fine.tif"), os.path.join(tmp, "coarse.tif")
        _write_tif(fine_path, fine, x0, y1, g, grid.wkt)
        _write_tif(coarse_path, coarse, x0, y1, g, grid.wkt)
        fine_dem = DemRaster(fine_path, "ellipsoid")
        coarse_dem = DemRaster(coarse_path, "ellipsoid")
        incidence = math.radians(params.incidence_deg)
        spec = TrackSpec(heading_deg=params.heading_deg, incidence_deg=params.incidence_deg,
                         slant_spacing_m=g * math.sin(incidence), azimuth_spacing_m=g)
        low, high = float(np.nanmin(fine)), float(np.nanmax(fine))
        geometry = straight_track_geometry(fine_dem, spec, (low - 100.0, high + 100.0))
        options = SimulationOptions(texture_strength=params.texture,
                                    texture_correlation_cells=params.texture_correlation_cells,
                                    seed=params.seed)
        image = np.zeros((geometry.lines, geometry.samples))
        for block in iter_block_mappings(fine_dem, geometry, options):
            if block.window is None:
                continue
            w = block.window
            image[w.line0:w.line0 + w.lines, w.sample0:w.sample0 + w.samples] += block.simulate()
        image += 10.0 ** (params.noise_floor_db / 10.0) * g * g  # noise power per pixel
        apply_speckle(image, params.seed, params.looks, 0, 0)
        measured = MeasuredImage(memory_raster(image), zero_is_missing=False)
        outputs = {k: os.path.join(tmp, f"{k}.tif") for k in ("reconstructed", "geocoded", "mask")}
        reconstruct_to_files(coarse_dem, geometry, measured, outputs, ReconstructionOptions())
        reconstructed = _read_tif(outputs["reconstructed"])
        geocoded = _read_tif(outputs["geocoded"])
        mask = _read_tif(outputs["mask"])
        del fine_dem, coarse_dem, measured
    inner = (slice(m, rows - m), slice(m, cols - m))
    pixel_area = g * g  # ground range x azimuth spacing of one radar pixel
    truth = fine[inner].astype(np.float32)
    coarse_in = coarse[inner].astype(np.float32)
    rng = np.random.default_rng(np.random.SeedSequence([params.seed, 0x9A1]))
    valid = np.isfinite(truth) & np.isfinite(coarse_in)
    pr, pc = sample_priors(valid, params.prior_density, rng)
    return Scene(params=params, truth=truth, coarse=coarse_in,
                 sar_db_reconstructed=_to_db(reconstructed[inner], pixel_area),
                 sar_db_geocoded=_to_db(geocoded[inner], pixel_area),
                 layover_mask=mask[inner].astype(np.uint8), prior_rows=pr, prior_cols=pc,
                 prior_heights=coarse_in[pr, pc].astype(np.float32),
                 distance_m=distance_to_priors(truth.shape, pr, pc, g),
                 seconds=time.perf_counter() - start)


# ---------------------------------------------------------------------------------------
# Drawing scene parameters


def _log_uniform(rng, lo_hi):
    lo, hi = lo_hi
    return float(lo if lo == hi else math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _uniform(rng, lo_hi):
    lo, hi = lo_hi
    return float(lo if lo == hi else rng.uniform(lo, hi))


def _fit(extent_m, spacing, cfg):
    """Scene cells along one axis: at most scene_size, multiple of 16, inside the region."""
    cells = int(extent_m / spacing) - 2 * cfg.margin - 2
    return min(cfg.scene_size, cells // NETWORK_STRIDE * NETWORK_STRIDE)


def draw_scene_params(region, cfg, index, split_seed=0):
    """Random scene of ``region`` number ``index`` (deterministic in cfg.seed)."""
    grid = region_grid(region.path)
    name_key = int(hashlib.sha256(region.name.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, split_seed, name_key, index]))
    for _ in range(100):
        spacing = _log_uniform(rng, cfg.spacing_m)
        rows = _fit(grid.y_max - grid.y_min, spacing, cfg)
        cols = _fit(grid.x_max - grid.x_min, spacing, cfg)
        if rows >= cfg.patch and cols >= cfg.patch:
            break
    else:
        raise ValueError(f"Region {region.name} is too small for {cfg.patch}-cell patches.")
    half_x = (cols + 2 * cfg.margin) * spacing / 2.0
    half_y = (rows + 2 * cfg.margin) * spacing / 2.0
    ascending = bool(rng.integers(0, 2))
    heading = (ASCENDING_HEADING if ascending else DESCENDING_HEADING) + rng.uniform(
        -cfg.heading_jitter_deg, cfg.heading_jitter_deg)
    return SceneParams(
        region=region.name, index=index, spacing_m=spacing,
        incidence_deg=_uniform(rng, cfg.incidence_deg), heading_deg=float(heading),
        looks=_uniform(rng, cfg.looks), texture=_uniform(rng, cfg.texture),
        texture_correlation_cells=_uniform(rng, cfg.texture_correlation_cells),
        prior_density=_log_uniform(rng, cfg.prior_density),
        noise_floor_db=_uniform(rng, cfg.noise_floor_db),
        seed=int(rng.integers(0, 2 ** 31 - 1)), rows=rows, cols=cols,
        center_x=float(rng.uniform(grid.x_min + half_x, grid.x_max - half_x)),
        center_y=float(rng.uniform(grid.y_min + half_y, grid.y_max - half_y)))


EVALUATION_SETTINGS = dict(incidence_deg=37.0, looks=4.0, texture=0.3,
                           texture_correlation_cells=2.0, prior_density=0.0005,
                           noise_floor_db=-25.0)


def evaluation_params(region, cfg, orbit_pass="ascending", seed=7):
    """Return the fixed evaluation scene parameters of a held-out region.

    The whole DEM (minus the margin) at its native spacing clipped to the training range,
    37° incidence, 4 looks, texture 0.3, priors at 0.05 % (EVALUATION_SETTINGS).
    """
    grid = region_grid(region.path)
    spacing = float(np.clip(grid.native_spacing_m, *cfg.spacing_m))
    rows = int((grid.y_max - grid.y_min) / spacing) - 2 * cfg.margin - 2
    cols = int((grid.x_max - grid.x_min) / spacing) - 2 * cfg.margin - 2
    heading = ASCENDING_HEADING if orbit_pass == "ascending" else DESCENDING_HEADING
    return SceneParams(region=region.name, index=0 if orbit_pass == "ascending" else 1,
                       spacing_m=spacing, heading_deg=heading, seed=seed, rows=rows, cols=cols,
                       center_x=(grid.x_min + grid.x_max) / 2.0,
                       center_y=(grid.y_min + grid.y_max) / 2.0, **EVALUATION_SETTINGS)


# ---------------------------------------------------------------------------------------
# Cache


_FIELDS = ("truth", "coarse", "sar_db_reconstructed", "sar_db_geocoded", "layover_mask",
           "prior_rows", "prior_cols", "prior_heights", "distance_m")


def save_scenes(path, scenes):
    """Write ``scenes`` to one compressed npz at ``path`` (via a .partial.npz file, renamed)."""
    arrays = {}
    for i, s in enumerate(scenes):
        for name in _FIELDS:
            arrays[f"s{i:04d}_{name}"] = getattr(s, name)
    meta = [dict(asdict(s.params), seconds=s.seconds) for s in scenes]
    arrays["meta"] = np.array(json.dumps(meta))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez_compressed(partial, **arrays)
    os.replace(partial, path)


def load_scenes(path):
    """Read the scenes written by save_scenes."""
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        scenes = []
        for i, m in enumerate(meta):
            seconds = m.pop("seconds", 0.0)
            arrays = {name: data[f"s{i:04d}_{name}"] for name in _FIELDS}
            scenes.append(Scene(params=SceneParams(**m), seconds=seconds, **arrays))
    return scenes


def _job(args):
    path, params, cfg = args
    return generate_scene(path, params, cfg)


def _run_jobs(jobs, workers, log):
    if workers <= 1 or len(jobs) <= 1:
        out = []
        for job in jobs:
            out.append(_job(job))
            log(f"  {job[1].region} #{job[1].index}: {out[-1].shape[0]} x "
                f"{out[-1].shape[1]} cells at {job[1].spacing_m:.1f} m, {out[-1].seconds:.1f} s")
        return out
    # fork: children inherit the imported modules; each scene is single-threaded numpy
    with get_context("fork").Pool(workers, maxtasksperchild=8) as pool:
        out = []
        for scene in pool.imap(_job, jobs):
            out.append(scene)
            log(f"  {scene.params.region} #{scene.params.index}: {scene.shape[0]} x "
                f"{scene.shape[1]} cells at {scene.spacing_m:.1f} m, {scene.seconds:.1f} s")
        return out


def _print(message):
    print(message, flush=True)


def scenes_for(split, cfg=None, names=None, workers=2, cache_dir=CACHE_DIR, log=_print,
               refresh=False):
    """Return the scenes of every region of ``split`` (cached per region) as a list of Scene.

    Training and validation scenes are random draws; evaluation scenes are the fixed ascending
    + descending scenes of ``evaluation_params``. Missing ones are generated in ``workers``
    processes; ``refresh`` regenerates cached ones.
    """
    cfg = cfg or GenerationConfig()
    chosen = regions(split, names)
    todo, cached, paths = [], {}, {}
    split_seed = {TRAINING: 0, VALIDATION: 1, EVALUATION: 2}[split]
    for region in chosen:
        path = Path(cache_dir) / f"{region.name}_{split}_{cfg.key()}.npz"
        paths[region.name] = path
        if path.exists() and not refresh:
            cached[region.name] = load_scenes(path)
            continue
        if split == EVALUATION:
            params = [evaluation_params(region, cfg, p) for p in ("ascending", "descending")]
        else:
            params = [draw_scene_params(region, cfg, i, split_seed)
                      for i in range(cfg.scenes_per_region)]
        todo += [(region.path, p, cfg) for p in params]
    if todo:
        start = time.perf_counter()
        log(f"generating {len(todo)} {split} scenes in {workers} process(es)")
        made = _run_jobs(todo, workers, log)
        for region in chosen:
            if region.name in cached:
                continue
            mine = [s for s in made if s.params.region == region.name]
            save_scenes(paths[region.name], mine)
            cached[region.name] = mine
        log(f"{len(todo)} {split} scenes in {time.perf_counter() - start:.0f} s")
    return [s for region in chosen for s in cached[region.name]]


# ---------------------------------------------------------------------------------------
# Patches


@dataclass
class Patch:
    """One training window: scene index and the top-left cell (row, col) of the window."""

    scene: int
    row: int
    col: int


def patch_origins(length, patch, stride):
    """Return the starts of ``patch``-cell windows along an axis, the last flush with the end.

    Windows are ``stride`` apart along an axis of ``length`` cells; none if it is too short.
    """
    if length < patch:
        return []
    starts = list(range(0, length - patch + 1, stride))
    if starts[-1] != length - patch:
        starts.append(length - patch)
    return starts


def cut_patches(scenes, patch=128, stride=64, max_invalid_fraction=0.05):
    """Patch list over ``scenes``: windows with enough truth, in scenes with priors."""
    out = []
    for i, s in enumerate(scenes):
        if len(s.prior_heights) == 0:
            continue
        invalid = ~np.isfinite(s.truth)
        for r in patch_origins(s.shape[0], patch, stride):
            for c in patch_origins(s.shape[1], patch, stride):
                if invalid[r:r + patch, c:c + patch].mean() <= max_invalid_fraction:
                    out.append(Patch(i, r, c))
    return out


def interpolate_priors(scene, method="linear"):
    """Heights from the priors alone: griddata ``method``, nearest outside the hull."""
    points = np.column_stack([scene.prior_rows, scene.prior_cols]).astype(np.float64)
    rr, cc = np.mgrid[0:scene.shape[0], 0:scene.shape[1]]
    values = scene.prior_heights.astype(np.float64)
    out = griddata(points, values, (rr, cc), method=method)
    nearest = griddata(points, values, (rr, cc), method="nearest")
    return np.where(np.isfinite(out), out, nearest)


def sar_statistics(scenes, kind):
    """(mean, std) of the finite sar dB values of ``kind`` over ``scenes`` (float64 sums)."""
    total = total2 = count = 0.0
    for s in scenes:
        v = s.sar_db(kind)
        v = v[np.isfinite(v)].astype(np.float64)
        total += v.sum()
        total2 += (v * v).sum()
        count += v.size
    mean = total / count
    return float(mean), float(math.sqrt(max(total2 / count - mean * mean, 1e-12)))


def contract_constants(sar_db_mean, sar_db_std):
    """Return the metadata fields core.inference.contract needs to build inputs and targets."""
    return {"sar_db_mean": float(sar_db_mean), "sar_db_std": float(sar_db_std),
            "height_scale_m": HEIGHT_SCALE_M, "distance_scale_m": DISTANCE_SCALE_M}


def resample_priors(scene, density, rng):
    """Return a fresh prior raster for ``scene`` (heights in m, NaN = no prior).

    Positions by sample_priors, heights from the scene's coarse DEM (as generate_scene does).
    """
    valid = np.isfinite(scene.truth) & np.isfinite(scene.coarse)
    rows, cols = sample_priors(valid, density, rng)
    prior = np.full(scene.shape, np.nan)
    prior[rows, cols] = scene.coarse[rows, cols]
    return prior


class PatchSet:
    """Scenes + patch index + normalisation: builds contract batches with core.inference."""

    def __init__(self, scenes, kind, sar_db_mean, sar_db_std, patch=128, stride=64,
                 max_invalid_fraction=0.05, normalise_look=True):
        self.scenes, self.kind, self.patch = scenes, kind, patch
        self.normalise_look = normalise_look
        self.sar_db_mean, self.sar_db_std = sar_db_mean, sar_db_std
        self.meta = contract_constants(sar_db_mean, sar_db_std)
        self.patches = cut_patches(scenes, patch, stride, max_invalid_fraction)
        self._inputs = {}  # scene index -> RasterInputs with the stored priors

    def __len__(self):
        return len(self.patches)

    def raster_inputs(self, index, prior=None):
        """core.inference RasterInputs of scene ``index`` (stored priors unless given)."""
        s = self.scenes[index]
        if prior is not None:
            return prepare_inputs(s.sar_db(self.kind), prior, s.spacing_m, self.meta)
        if index not in self._inputs:
            self._inputs[index] = prepare_inputs(s.sar_db(self.kind), s.prior_map(),
                                                 s.spacing_m, self.meta)
        return self._inputs[index]

    def item(self, index, flip_rows=False, density=None, rng=None):
        """(x [4, P, P], y [1, P, P] normalised target, NaN where no truth) float32.

        ``density`` (with ``rng``): fresh priors for this item, drawn over the whole scene
        (resample_priors), with their distance map over the whole scene and the patch
        reference (training augmentation); else the scene's stored priors.
        """
        p = self.patches[index]
        s = self.scenes[p.scene]
        prior = None if density is None else resample_priors(s, density, rng)
        if prior is not None and not np.isfinite(prior).any():
            prior = None  # no prior drawn at all: keep the stored ones
        x, reference = self.raster_inputs(p.scene, prior).tile(p.row, p.col, self.patch,
                                                               self.patch)
        truth = s.truth[p.row:p.row + self.patch, p.col:p.col + self.patch]
        y = normalise_heights(truth, reference, self.meta)[None]
        if flip_rows:
            x, y = x[:, ::-1], y[:, ::-1]
        if self.normalise_look and not s.params.looks_east:  # mirror west-looking scenes
            x, y = x[:, :, ::-1], y[:, :, ::-1]
        return np.ascontiguousarray(x), np.ascontiguousarray(y)

    def batch(self, indices, flips=None, densities=None, rng=None):
        """Return the items ``indices`` stacked: x [N, 4, P, P] and y [N, 1, P, P], float32.

        ``flips`` and ``densities`` (one per index) give each item's row flip and prior
        density, as in ``item``.
        """
        items = [self.item(i, bool(flips[k]) if flips is not None else False,
                           None if densities is None else float(densities[k]), rng)
                 for k, i in enumerate(indices)]
        return np.stack([a for a, _ in items]), np.stack([b for _, b in items])

    def regions(self):
        """Return the sorted names of the regions the scenes come from."""
        return sorted({s.params.region for s in self.scenes})


def describe(scenes, cfg):
    """One line per split: scenes, cells, patches, priors."""
    cells = sum(s.truth.size for s in scenes)
    priors = sum(len(s.prior_heights) for s in scenes)
    patches = len(cut_patches(scenes, cfg.patch, cfg.patch_stride, cfg.max_invalid_fraction))
    seconds = sum(s.seconds for s in scenes)
    layover = sum(int(np.isin(s.layover_mask, (1, 3)).sum()) for s in scenes) / max(cells, 1)
    return (f"{len(scenes)} scenes, {cells / 1e6:.1f} M cells, {patches} patches of "
            f"{cfg.patch}^2 (stride {cfg.patch_stride}), priors {100 * priors / cells:.3f} % "
            f"of cells, layover {100 * layover:.1f} %, {seconds:.0f} s of scene CPU time")


def main():
    """Generate (or load) the cached scenes of the chosen splits and print a summary of each."""
    import argparse

    parser = argparse.ArgumentParser(description="Generate (or load) the cached scenes.")
    parser.add_argument("--split", choices=(TRAINING, VALIDATION, EVALUATION, "all"),
                        default="all")
    parser.add_argument("--regions", nargs="*", help="region names (default: all of the split)")
    parser.add_argument("--scenes-per-region", type=int, default=GenerationConfig.scenes_per_region)
    parser.add_argument("--scene-size", type=int, default=GenerationConfig.scene_size)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--refresh", action="store_true", help="regenerate even when cached")
    args = parser.parse_args()
    cfg = GenerationConfig(scenes_per_region=args.scenes_per_region,
                           scene_size=args.scene_size, seed=args.seed)
    splits = (TRAINING, VALIDATION, EVALUATION) if args.split == "all" else (args.split,)
    start = time.perf_counter()
    for split in splits:
        scenes = scenes_for(split, cfg, args.regions, args.workers, refresh=args.refresh)
        print(f"{split}: {describe(scenes, cfg)}")
    size = sum(p.stat().st_size for p in CACHE_DIR.glob(f"*_{cfg.key()}.npz"))
    print(f"cache {CACHE_DIR} ({size / 1e6:.0f} MB for key {cfg.key()}); "
          f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
