"""Simulated stereo pairs over real DEMs, with per-pixel truth (evaluation, tests, training).

A pair is two SAR intensity images of the same scene from two straight tracks
(core.reconstruction.synthetic.straight_track_geometry), simulated from a fine DEM:

- ``airborne`` (default; like the pairs of Sasayama et al., IGARSS 2025): X band, a few km
  above the terrain, two parallel tracks on the same side (same heading, right-looking) seeing
  the scene centre at two incidences; ground pixel spacing of metres (slant spacing
  ``spacing sin(incidence)``, ~1-1.6 m at the 2 m default).
- ``spaceborne``: Sentinel-1/TerraSAR-like, 700 km altitude, C band, same-side pair with
  incidences 15° apart, 10 m ground pixels.

Scene (core.stereo.scene_dem): a window of the DEM resampled to ``spacing_m`` (the fine DEM,
the truth) and its ``coarse_factor`` block mean (the coarse DEM a user would have, to predict
the patches). Images (as training/height/data.py): the fine DEM simulated with a log-normal
reflectivity texture that is a property of the ground (same texture seed for both images),
plus a thermal noise floor, then independent multiplicative speckle per image.

Truth (core.stereo.truth): the exact image coordinates of every fine DEM cell in both
geometries (the simulation's own geo2rdr solutions), scattered onto the reference pixels by
rasterising the DEM's triangles; a reference pixel is valid when one lit, non-layover piece of
ground visible in both images (layover/shadow code CLEAR in both geometries, inside both
images) lies behind it. Its true secondary (line, sample) and height are interpolated from the
triangle's vertices.
"""
import gc
import math
import time
from dataclasses import dataclass, field, replace

import numpy as np

from ..geometry.ellipsoid import geodetic_to_ecef
from ..reconstruction.synthetic import TrackSpec, straight_track_geometry
from ..simulation import CLEAR, LAYOVER_AND_SHADOW, SHADOW, SimulationOptions, iter_block_mappings
from ..simulation.speckle import apply_speckle
from .intersection import incidence_angle_deg
from .patches import auto_lattice_step, plan_patches, predict_patch, resample_patch
from .scene_dem import make_scene_dem
from .surface import DemSurface
from .truth import rasterize_truth

AIRBORNE, SPACEBORNE = "airborne", "spaceborne"
KIND_DEFAULTS = {
    AIRBORNE: dict(incidence_deg=(35.0, 55.0), altitude_m=5000.0, speed_m_s=150.0,
                   wavelength_m=0.0312, spacing_m=2.0, scene_size_m=1500.0),
    SPACEBORNE: dict(incidence_deg=(32.0, 47.0), altitude_m=700e3, speed_m_s=7500.0,
                     wavelength_m=0.05547, spacing_m=10.0, scene_size_m=10000.0),
}
_SPECKLE_STREAMS = (0x51, 0x52)  # reference, secondary: independent speckle per image


@dataclass
class PairSpec:
    """How to simulate a pair. None fields take the ``kind``'s default (KIND_DEFAULTS).

    kind                    "airborne" or "spaceborne"
    incidence_deg           (reference, secondary) ellipsoid incidence at the scene centre
    heading_deg             (reference, secondary) track headings (deg from north); equal =
                            parallel tracks on the same side (both right-looking)
    spacing_m               ground pixel spacing: fine DEM grid, azimuth line spacing and
                            ground-range sample spacing (slant spacing = spacing sin(incidence))
    scene_size_m            side of the square scene centred in the DEM (or window)
    altitude_m              track height above the scene's mean terrain height (m)
    speed_m_s, wavelength_m platform speed, radar wavelength
    looks                   speckle looks (Gamma(L, 1/L) intensity factor); 0 = no speckle
    texture                 std of the mean-1 log-normal ground reflectivity (0 = none)
    texture_correlation_cells  its Gaussian correlation length, fine DEM cells
    noise_floor_db          thermal noise, sigma0 dB (Sentinel-1's NESZ is about -25 dB)
    seed                    texture, speckle; the pair is a deterministic function of it
    """

    kind: str = AIRBORNE
    incidence_deg: tuple | None = None
    heading_deg: tuple = (0.0, 0.0)
    spacing_m: float | None = None
    scene_size_m: float | None = None
    altitude_m: float | None = None
    speed_m_s: float | None = None
    wavelength_m: float | None = None
    looks: float = 4.0
    texture: float = 0.6
    texture_correlation_cells: float = 2.0
    noise_floor_db: float = -25.0
    seed: int = 0

    def resolved(self):
        """Return a copy with the kind's defaults in place of None."""
        if self.kind not in KIND_DEFAULTS:
            raise ValueError(f"kind must be one of {sorted(KIND_DEFAULTS)}, not {self.kind!r}")
        defaults = {k: v for k, v in KIND_DEFAULTS[self.kind].items()
                    if getattr(self, k) is None}
        return replace(self, **defaults)


@dataclass
class StereoPair:
    """A simulated pair and its truth. Images are intensity (line, sample), float32.

    ``true_sec_line``/``true_sec_sample``: float64 (reference lines, samples), the secondary
    image position of the ground each reference pixel shows; ``true_height_m`` its ellipsoidal
    height; all NaN where ``valid`` is False (layover, shadow in either image, outside the
    overlap). DEMs: ``scene`` (core.stereo.scene_dem.SceneDem: fine and coarse arrays, CRS,
    in-memory GeoTIFFs); ``open_fine_dem()`` / ``open_coarse_dem()`` give DemRasters, and
    ``coarse_surface`` a DemSurface for predict_patch; ``release()`` frees them when done.
    """

    spec: PairSpec
    reference: object  # AcquisitionGeometry
    secondary: object
    reference_image: np.ndarray
    secondary_image: np.ndarray
    true_sec_line: np.ndarray
    true_sec_sample: np.ndarray
    true_height_m: np.ndarray
    valid: np.ndarray
    scene: object  # SceneDem
    fine_dem_path: str  # the source DEM the scene was cut from
    incidence_at_centre_deg: tuple = ()
    seconds: float = 0.0
    _coarse: object = field(default=None, repr=False)

    @property
    def fine_dem(self):
        """Fine (truth) DEM heights (m, float64, NaN = void)."""
        return self.scene.fine_m

    @property
    def coarse_dem(self):
        """Coarse DEM heights (m, float64, NaN = void): the fine DEM's block mean."""
        return self.scene.coarse_m

    def open_fine_dem(self):
        """Return a DemRaster on the fine DEM's in-memory GeoTIFF."""
        return self.scene.open_fine()

    def open_coarse_dem(self):
        """Return a DemRaster on the coarse DEM's in-memory GeoTIFF."""
        return self.scene.open_coarse()

    @property
    def coarse_surface(self):
        """DemSurface of the coarse DEM (opened once, kept with the pair)."""
        if self._coarse is None:
            self._coarse = DemSurface(self.open_coarse_dem())
        return self._coarse

    def release(self):
        """Drop the coarse surface, then delete the scene's in-memory GeoTIFFs.

        The surface goes first: a DemRaster still open on the files would keep GDAL objects
        alive past their files.
        """
        self._coarse = None
        gc.collect()  # GDAL datasets of the surface go now, not whenever a cycle is collected
        self.scene.release()


# --------------------------------------------------------------------------------------------
# Geometry

def _track(spec, index, incidence_deg, altitude_m):
    incidence = math.radians(spec.incidence_deg[index])
    return TrackSpec(altitude_m=altitude_m, speed_m_s=spec.speed_m_s,
                     heading_deg=spec.heading_deg[index], incidence_deg=incidence_deg,
                     wavelength_m=spec.wavelength_m,
                     slant_spacing_m=spec.spacing_m * math.sin(incidence),
                     azimuth_spacing_m=spec.spacing_m)


def _centre_point(scene):
    """ECEF of the scene centre at the mean fine height, and that height."""
    dem = scene.open_fine()
    rows, cols = scene.fine_m.shape
    lon, lat, _ = dem.read_block(cols // 2, rows // 2, 1, 1)
    height = float(np.nanmean(scene.fine_m))
    return geodetic_to_ecef(lat.ravel(), lon.ravel(), np.array([height])), height, dem


def _geometry(spec, index, scene, tolerance_deg=0.01):
    """Straight track seeing the scene centre at the wanted incidence, and that incidence.

    straight_track_geometry places the track for a sphere at zero height; terrain height and
    the ellipsoid shift the incidence (by degrees for airborne tracks), so the incidence asked
    of it is found by the secant method on the measured one (ellipsoid incidence at the
    scene centre at its mean height).
    """
    centre, mean_height, dem = _centre_point(scene)
    low, high = float(np.nanmin(scene.fine_m)), float(np.nanmax(scene.fine_m))
    altitude = mean_height + spec.altitude_m
    wanted = spec.incidence_deg[index]

    def attempt(asked):
        geometry = straight_track_geometry(dem, _track(spec, index, asked, altitude),
                                           (low - 50.0, high + 50.0))
        return geometry, float(incidence_angle_deg(geometry, centre)[0]) - wanted

    x0, (geometry, f0) = wanted, attempt(wanted)
    x1 = wanted - f0
    for _ in range(8):
        geometry, f1 = attempt(x1)
        if abs(f1) < tolerance_deg or f1 == f0:
            break
        x0, x1, f0 = x1, x1 - f1 * (x1 - x0) / (f1 - f0), f1
    return geometry, wanted + f1


# --------------------------------------------------------------------------------------------
# Simulation

def _simulate(dem, geometry, spec):
    """Noise-free intensity image and per-cell (line, sample, mask) of the fine DEM."""
    options = SimulationOptions(texture_strength=spec.texture,
                                texture_correlation_cells=spec.texture_correlation_cells,
                                seed=spec.seed)  # same seed: same ground texture in both
    image = np.zeros((geometry.lines, geometry.samples))
    cells = {k: np.full((dem.height, dem.width), np.nan) for k in ("line", "sample")}
    mask = np.zeros((dem.height, dem.width), dtype=np.uint8)
    for block in iter_block_mappings(dem, geometry, options):
        rows = slice(block.row0, block.row0 + block.rows)
        cols = slice(block.col0, block.col0 + block.cols)
        cells["line"][rows, cols] = block.line
        cells["sample"][rows, cols] = block.sample
        mask[rows, cols] = np.where(block.in_image, block.mask, 255)
        if block.window is not None:
            w = block.window
            image[w.line0:w.line0 + w.lines, w.sample0:w.sample0 + w.samples] += block.simulate()
    return image, cells["line"], cells["sample"], mask


def _measured(image, spec, index):
    """Noise floor plus speckle: the image a sensor would deliver (float32 intensity)."""
    noisy = image + 10.0 ** (spec.noise_floor_db / 10.0) * spec.spacing_m ** 2
    apply_speckle(noisy, spec.seed * 256 + _SPECKLE_STREAMS[index], spec.looks, 0, 0)
    return noisy.astype(np.float32)


def simulate_pair(fine_dem_path, spec=None, coarse_factor=3, window=None):
    """StereoPair over the DEM at ``fine_dem_path`` (see the module docstring).

    ``window``: (xoff, yoff, xsize, ysize) of the source DEM, in its pixels (default: all of
    it); the scene is the ``spec.scene_size_m`` square centred in it, resampled to
    ``spec.spacing_m``. ``coarse_factor``: fine cells per coarse DEM cell side.
    """
    start = time.perf_counter()
    spec = (spec or PairSpec()).resolved()
    scene = make_scene_dem(fine_dem_path, spec.spacing_m, window, spec.scene_size_m,
                           coarse_factor)
    dem = scene.open_fine()
    geometries, incidences, sims = [], [], []
    for index in (0, 1):
        geometry, incidence = _geometry(spec, index, scene)
        geometries.append(geometry)
        incidences.append(incidence)
        sims.append(_simulate(dem, geometry, spec))
    (ref_image, ref_line, ref_sample, ref_mask), (sec_image, sec_line, sec_sample, sec_mask) = sims
    usable = (ref_mask == CLEAR) & (sec_mask == CLEAR)
    lit = (ref_mask != SHADOW) & (ref_mask != LAYOVER_AND_SHADOW) & (ref_mask != 255)
    (t_line, t_sample, t_height), valid = rasterize_truth(
        ref_line, ref_sample, [sec_line, sec_sample, scene.fine_m], usable, lit,
        ref_image.shape)
    return StereoPair(spec, geometries[0], geometries[1], _measured(ref_image, spec, 0),
                      _measured(sec_image, spec, 1), t_line, t_sample, t_height, valid, scene,
                      str(fine_dem_path), tuple(incidences), time.perf_counter() - start)


# --------------------------------------------------------------------------------------------
# Training patches

def _jacobian_maps(prediction):
    """d(sec_line, sec_sample) / d(patch line, patch sample): four (H, W) maps."""
    d_ll, d_ls = np.gradient(prediction.sec_line)
    d_sl, d_ss = np.gradient(prediction.sec_sample)
    return d_ll, d_ls, d_sl, d_ss


def true_offsets(prediction, true_line, true_sample, iterations=4):
    """Offsets (dl, ds) in the resampled frame with to_secondary(p + d) = truth, per pixel.

    Newton on the bilinear prediction maps, Jacobian from their finite differences; float64
    (H, W) each, NaN where the truth or the prediction is missing.
    """
    from .patches import to_secondary

    shape = prediction.sec_line.shape
    pl, ps = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    jac = _jacobian_maps(prediction)
    dl, ds = np.zeros(shape), np.zeros(shape)
    for _ in range(iterations):
        at_l, at_s = pl + dl, ps + ds
        sec_l, sec_s = to_secondary(prediction, at_l, at_s)
        rl, rs = true_line - sec_l, true_sample - sec_s
        il = np.clip(np.rint(np.nan_to_num(at_l)), 0, shape[0] - 1).astype(int)
        is_ = np.clip(np.rint(np.nan_to_num(at_s)), 0, shape[1] - 1).astype(int)
        a, b, c, d = (m[il, is_] for m in jac)
        det = a * d - b * c
        with np.errstate(invalid="ignore", divide="ignore"):
            dl = dl + (d * rl - b * rs) / det
            ds = ds + (a * rs - c * rl) / det
    return dl, ds


def training_patches(pair, patch_size=128, stride=None, max_invalid=0.5, lattice_step=None):
    """Patches of a pair for matcher training: dict of numpy arrays, N patches.

    "reference" [N, H, W] float32 intensity; "secondary" [N, H, W] float32 intensity
    resampled onto the reference patch with the coarse-DEM prediction (predict_patch +
    resample_patch); "offset" [N, 2, H, W] float32 true offset (secondary - reference, lines
    then samples) in that resampled frame, 0 where not valid (finite everywhere, safe in a
    masked loss); "valid" [N, H, W] bool (truth valid, offset finite and landing inside the
    patch, resampled pixel present); "window" [N, 4] int64 (line0, sample0, lines, samples).
    Patches with more than ``max_invalid`` invalid pixels are skipped. ``lattice_step``: of
    the prediction, None = patches.auto_lattice_step (as core.stereo.pipeline).
    """
    stride = stride or patch_size
    lattice_step = lattice_step or auto_lattice_step(pair.reference, pair.coarse_surface)
    windows = plan_patches(*pair.reference_image.shape, patch_size, max(0, patch_size - stride))
    out = {k: [] for k in ("reference", "secondary", "offset", "valid", "window")}
    for w in windows:
        truth_valid = pair.valid[w.slices]
        if 1.0 - truth_valid.mean() > max_invalid:
            continue
        prediction = predict_patch(pair.reference, pair.secondary, w,
                                   dem=pair.coarse_surface, lattice_step=lattice_step)
        secondary = resample_patch(pair.secondary_image, prediction)
        dl, ds = true_offsets(prediction, pair.true_sec_line[w.slices],
                              pair.true_sec_sample[w.slices])
        pl, ps = np.meshgrid(np.arange(w.lines), np.arange(w.samples), indexing="ij")
        with np.errstate(invalid="ignore"):
            lands = ((pl + dl >= 0) & (pl + dl <= w.lines - 1) & (ps + ds >= 0)
                     & (ps + ds <= w.samples - 1))
        valid = truth_valid & lands & np.isfinite(secondary)
        if 1.0 - valid.mean() > max_invalid:
            continue
        dl, ds = np.where(valid, dl, 0.0), np.where(valid, ds, 0.0)
        out["reference"].append(pair.reference_image[w.slices])
        out["secondary"].append(secondary)
        out["offset"].append(np.stack([dl, ds]).astype(np.float32))
        out["valid"].append(valid)
        out["window"].append([w.line0, w.sample0, w.lines, w.samples])
    return _stack(out, patch_size)


def _stack(out, patch_size):
    if not out["window"]:
        shape = (0, patch_size, patch_size)
        return {"reference": np.zeros(shape, np.float32), "secondary": np.zeros(shape, np.float32),
                "offset": np.zeros((0, 2, patch_size, patch_size), np.float32),
                "valid": np.zeros(shape, bool), "window": np.zeros((0, 4), np.int64)}
    return {"reference": np.stack(out["reference"]).astype(np.float32),
            "secondary": np.stack(out["secondary"]).astype(np.float32),
            "offset": np.stack(out["offset"]), "valid": np.stack(out["valid"]),
            "window": np.asarray(out["window"], dtype=np.int64)}


# --------------------------------------------------------------------------------------------
# A perfect matcher

def exact_matcher(pair, patch_size, overlap, lattice_step=None):
    """Matcher returning the true offsets (DenseMatch, full resolution, confidence 1).

    For core.stereo.pipeline runs on ``pair`` with the same ``patch_size``, ``overlap`` and
    ``lattice_step`` and the coarse DEM: it recognises each patch by its reference pixels
    (bytes of the float32 patch) and answers with the truth (valid where ``pair.valid``).
    Upper bound of a matcher; the tests' check of the whole chain.
    """
    from .pipeline import DenseMatch

    lattice_step = lattice_step or auto_lattice_step(pair.reference, pair.coarse_surface)
    answers = {}
    for w in plan_patches(*pair.reference_image.shape, patch_size, overlap):
        prediction = predict_patch(pair.reference, pair.secondary, w, dem=pair.coarse_surface,
                                   lattice_step=lattice_step)
        dl, ds = true_offsets(prediction, pair.true_sec_line[w.slices],
                              pair.true_sec_sample[w.slices])
        valid = pair.valid[w.slices] & np.isfinite(dl) & np.isfinite(ds)
        key = pair.reference_image[w.slices].astype(np.float32).tobytes()
        answers[key] = DenseMatch(dl, ds, np.ones(dl.shape), valid)

    def match(reference_patch, secondary_patch):
        return answers[np.asarray(reference_patch, dtype=np.float32).tobytes()]

    return match
