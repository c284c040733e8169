r"""Evaluate (and calibrate) a contract-v2 height model on whole scenes, as the plugin runs it.

    .venv/bin/python -m sar_height.training.height.residual_evaluate \
        --checkpoint runs/v2_ask_unet_reconstructed.pt [--calibrate] [--seeds 3] [--json out.json]

Every number comes from core.inference.residual_inference (the code the plugin runs) applied to
whole scenes, with the network in torch (the ONNX export matches it to 1e-3 pixel spacings).

- ``--calibrate``: on the VALIDATION region, over every prior mode, the uncertainty scale that
  puts 68.3 % of the errors within 1 sigma (``uncertainty_scale``) is measured and written into
  the checkpoint's metadata; with ``--by-distance`` also that scale by distance to the nearest
  prior (``uncertainty_by_distance``, core.inference.uncertainty_calibration). Nothing of the
  EVALUATION regions is used for them. The distance table is not the default: fitted on the one
  validation region it over-corrected on the held-out ones (docs/height_model.md).
- Evaluation, on the four held-out EVALUATION regions (ascending and descending scene each),
  for ``--seeds`` draws of priors and speckle: RMSE of the model and of the prior surface alone
  (TIN of the scattered priors; cubic spline of the 3x coarser DEM) at each prior density; the
  share of errors within 1 and 2 sigma; the ring measure (mean absolute Laplacian within 2 pixels
  of a prior over that elsewhere, for model and truth); the error against looks (1, 4, 16, 64,
  noise-free) and under the held-out Lee filter.
"""
import argparse
import dataclasses
import json
from dataclasses import dataclass

import numpy as np
import torch
from scipy.ndimage import laplace

from sar_height.core.inference.residual_contract import (
    DISTANCE_CLIP,
    DISTANCE_UNIT_PX,
    scene_median_db,
)
from sar_height.core.inference.residual_inference import StripReader, predict_with_uncertainty
from sar_height.core.inference.uncertainty_calibration import KEY as UNCERTAINTY_TABLE
from sar_height.core.inference.uncertainty_calibration import ONE_SIGMA, fit_table

from ..common.checkpoints import read_checkpoint, save_atomically
from ..regions import EVALUATION, VALIDATION
from .networks import build_network
from .radiometry import degrade, fixed_radiometry
from .residual_data import CleanConfig, clean_scenes_for, generate_clean_scene
from .residual_patches import lattice_surface, scattered_surface

DENSITIES = (0.0001, 0.0005, 0.002, 0.01, 0.05)
LATTICE = "coarse_dem_3x"
LOOKS = (1.0, 4.0, 16.0, 64.0, 0.0)
SLC_PIXEL_RATIO = (0.18, 0.7)  # Sentinel-1 IW SLC (2.3 m slant at 39 deg, 14 m) on a 20 m grid


class TorchModel:
    """A trained network behind the interface core.inference expects (metadata, run)."""

    def __init__(self, checkpoint):
        self.metadata = dict(checkpoint["metadata"])
        self.network = build_network(checkpoint["kind"], int(checkpoint.get("base_width", 16)),
                                     in_channels=3, out_channels=2).eval()
        self.network.load_state_dict(checkpoint["state_dict"])

    def run(self, batch):
        """Return the [N, 2, H, W] output of a [N, 3, H, W] batch."""
        with torch.no_grad():
            return self.network(torch.from_numpy(np.ascontiguousarray(batch))).numpy()


@dataclass
class Case:
    """One inference over a whole scene: what went in and what came out."""

    truth: np.ndarray
    surface: np.ndarray
    heights: np.ndarray
    sigma: np.ndarray
    prior_rows: np.ndarray
    prior_cols: np.ndarray
    distance_px: np.ndarray  # to the nearest prior, clipped as the network's channel is


def run_scene(model, scene, prior_mode, radiometry, seed, kind="reconstructed"):
    """Return the :class:`Case` of ``model`` on ``scene`` with one draw of priors and speckle."""
    rng = np.random.default_rng(seed)
    whole = (0, scene.shape[0], 0, scene.shape[1])
    if prior_mode == LATTICE:
        surface_model = lattice_surface(scene)
        prior_rows = prior_cols = np.zeros(0, dtype=int)
    else:
        surface_model = scattered_surface(scene, float(prior_mode), rng, whole)
        prior_rows, prior_cols = (surface_model.points[:, 0].astype(int),
                                  surface_model.points[:, 1].astype(int))
    clean = scene.sigma0(kind)
    east = scene.params.looks_east
    db = degrade(clean if east else clean[:, ::-1], scene.params.incidence_deg, radiometry, rng)
    db = db if east else db[:, ::-1]
    heights = np.full(scene.shape, np.nan, np.float32)
    sigma = np.full(scene.shape, np.nan, np.float32)

    def write(row0, h, s):
        rows = slice(row0, row0 + h.shape[0])
        heights[rows], sigma[rows] = (h, s) if east else (h[:, ::-1], s[:, ::-1])

    strips = StripReader(lambda r, n: db[r:r + n], surface_model, scene.shape,
                         scene_median_db(db), mirror=not east)
    predict_with_uncertainty(model, strips, scene.spacing_m, write)
    distance = np.minimum(surface_model.distance_px(whole), DISTANCE_CLIP * DISTANCE_UNIT_PX)
    return Case(scene.truth, surface_model.surface(whole), heights, sigma, prior_rows,
                prior_cols, distance)


def _rmse(error):
    error = error[np.isfinite(error)]
    return float(np.sqrt(np.mean(error.astype(np.float64) ** 2)))


def ring_ratio(heights, rows, cols, radius=2):
    """Return the mean |Laplacian| within ``radius`` pixels of the priors over that elsewhere."""
    if rows.size == 0:  # no scattered priors (the coarse-DEM mode): nothing to measure
        return float("nan")
    curvature = np.abs(laplace(np.nan_to_num(heights.astype(np.float64))))
    near = np.zeros(heights.shape, dtype=bool)
    for dr in range(-radius, radius + 1):
        for dc in range(-radius, radius + 1):
            near[np.clip(rows + dr, 0, heights.shape[0] - 1),
                 np.clip(cols + dc, 0, heights.shape[1] - 1)] = True
    inner = np.zeros(heights.shape, dtype=bool)
    inner[2:-2, 2:-2] = True
    valid = np.isfinite(heights) & inner
    return float(curvature[near & valid].mean() / curvature[~near & valid].mean())


def summarise(cases):
    """Return pooled numbers of a list of cases (RMSE m, sigma coverage, ring ratios)."""
    error = np.concatenate([(c.heights - c.truth).ravel() for c in cases])
    prior = np.concatenate([(c.surface - c.truth).ravel() for c in cases])
    sigma = np.concatenate([c.sigma.ravel() for c in cases])
    both = np.isfinite(error) & np.isfinite(prior)
    ratio = np.abs(error[both]) / sigma[both]
    return {"model_rmse_m": _rmse(error[both]), "prior_rmse_m": _rmse(prior[both]),
            "within_1_sigma": float(np.mean(ratio <= 1)),
            "within_2_sigma": float(np.mean(ratio <= 2)),
            "ring_model": _mean_ring([c.heights for c in cases], cases),
            "ring_truth": _mean_ring([c.truth for c in cases], cases)}


def _mean_ring(surfaces, cases):
    values = [ring_ratio(s, c.prior_rows, c.prior_cols) for s, c in zip(surfaces, cases)]
    values = [v for v in values if np.isfinite(v)]
    return float(np.mean(values)) if values else float("nan")


def calibrate(model, scenes, seeds=2, by_distance=False):
    """Return the calibration metadata of ``model`` measured on ``scenes`` (VALIDATION).

    ``uncertainty_scale`` puts ONE_SIGMA of all errors within 1 sigma; with ``by_distance``,
    ``uncertainty_by_distance`` does so at each distance to the nearest prior (None without).
    """
    raw = TorchModel.__new__(TorchModel)  # the same network, its raw sigma (no calibration)
    raw.network = model.network
    raw.metadata = {k: v for k, v in model.metadata.items() if k != UNCERTAINTY_TABLE}
    raw.metadata["uncertainty_scale"] = 1.0
    ratios, distances = [], []
    for scene_index, scene in enumerate(scenes):
        for mode in DENSITIES + (LATTICE,):
            for seed in range(seeds):
                case = run_scene(raw, scene, mode, fixed_radiometry(4.0),
                                 seed * 1000 + scene_index)
                ok = np.isfinite(case.heights) & np.isfinite(case.truth)
                ratios.append(np.abs(case.heights - case.truth)[ok] / case.sigma[ok])
                distances.append(case.distance_px[ok])
    ratio = np.concatenate(ratios)
    table = fit_table(np.concatenate(distances), ratio) if by_distance else None
    return {"uncertainty_scale": float(np.quantile(ratio, ONE_SIGMA)),
            UNCERTAINTY_TABLE: table}


def evaluate(model, scenes, seeds=3, log=print):
    """Return {table: {row: summary}} over the held-out scenes (see the module docstring)."""
    regions = sorted({s.params.region for s in scenes})
    tables = {"density": {}, "looks": {}, "lee_filter": {}}
    for mode in DENSITIES + (LATTICE,):
        per_region = {r: [run_scene(model, s, mode, fixed_radiometry(4.0), seed)
                          for s in scenes if s.params.region == r for seed in range(seeds)]
                      for r in regions}
        tables["density"][str(mode)] = {r: summarise(c) for r, c in per_region.items()}
        tables["density"][str(mode)]["pooled"] = summarise(sum(per_region.values(), []))
        log(f"density {mode}: {tables['density'][str(mode)]['pooled']}")
    for looks in LOOKS:
        cases = [run_scene(model, s, 0.0005, fixed_radiometry(looks), seed)
                 for s in scenes for seed in range(seeds)]
        tables["looks"][str(looks)] = summarise(cases)
        log(f"looks {looks}: {tables['looks'][str(looks)]}")
    cases = [run_scene(model, s, 0.0005, fixed_radiometry(4.0, filter="lee"), seed)
             for s in scenes for seed in range(seeds)]
    tables["lee_filter"]["4_looks"] = summarise(cases)
    log(f"held-out Lee filter: {tables['lee_filter']['4_looks']}")
    tables["radar_pixels"] = {"slc_like": summarise(_slc_like_cases(model, scenes, seeds))}
    log(f"Sentinel-1 SLC-like radar pixels: {tables['radar_pixels']['slc_like']}")
    return tables


def _slc_like_cases(model, scenes, seeds, cfg=None):
    """Return cases on the scenes re-simulated with SLC-like radar pixels, single-look speckle.

    Each map cell then averages about 1 / (0.18 x 0.7) = 8 single-look radar pixels, so the
    speckle is drawn with that many looks per cell.
    """
    from ..regions import regions

    cfg = cfg or CleanConfig()
    paths = {r.name: r.path for r in regions(EVALUATION)}
    looks = 1.0 / (SLC_PIXEL_RATIO[0] * SLC_PIXEL_RATIO[1])
    cases = []
    for scene in scenes:
        params = dataclasses.replace(scene.params, range_ratio=SLC_PIXEL_RATIO[0],
                                     azimuth_ratio=SLC_PIXEL_RATIO[1])
        slc_scene = generate_clean_scene(paths[scene.params.region], params, cfg)
        cases += [run_scene(model, slc_scene, 0.0005, fixed_radiometry(looks), seed)
                  for seed in range(seeds)]
    return cases


def main(argv=None):
    """Calibrate and/or evaluate a checkpoint from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--by-distance", action="store_true",
                        help="calibrate a scale by distance to the priors too")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--json", help="write the evaluation tables here")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    checkpoint = read_checkpoint(args.checkpoint)
    model = TorchModel(checkpoint)
    cfg = CleanConfig()
    if args.calibrate:
        fitted = calibrate(model, clean_scenes_for(VALIDATION, cfg)[:4],
                           by_distance=args.by_distance)
        for meta in (checkpoint["metadata"], model.metadata):
            meta.pop(UNCERTAINTY_TABLE, None)
            meta.update({k: v for k, v in fitted.items() if v is not None})
        save_atomically(checkpoint, args.checkpoint)
        print(f"uncertainty calibration {fitted} written to {args.checkpoint}", flush=True)
    tables = evaluate(model, clean_scenes_for(EVALUATION, cfg), args.seeds)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(tables, f, indent=1)


if __name__ == "__main__":
    main()
