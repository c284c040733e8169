"""Ablation of the height model on held-out mountains (the paper's Table, EGU26-8644).

    .venv/bin/python -m sar_height.training.height.ablation [--minutes-per-model 12] [--reuse] \
        [--runs runs]

Trains (or, with --reuse, loads from runs/ablation_<kind>_<input>.pt) the four variants

    U-Net on geocoded SAR, U-Net on reconstructed SAR,
    ASK-UNet on geocoded SAR, ASK-UNet on reconstructed SAR

on the TRAINING regions (training.height.train, equal step counts), then evaluates each on the
EVALUATION regions (test/data/dem, never used for training or model selection) by
full-scene inference with the plugin's own core.inference.predict_heights (tiles of the
model's tile_size and overlap, sin^2-blended, per-tile reference height) on an ascending and
a descending 37° scene per region, over the cells where every column has a value, and prints
the RMSE (m) against the fine truth, next to two references without a network: linear
interpolation of the priors (scipy griddata, nearest value outside their convex hull) and
the full coarse DEM (3 x coarser, every cell; far more information than the priors). The
percentages are the paper's: reconstruction gain = 1 - RMSE(U-Net, rec) / RMSE(U-Net, geo),
architecture gain = 1 - RMSE(ASK, rec) / RMSE(U-Net, rec), total = 1 - RMSE(ASK, rec) /
RMSE(U-Net, geo). The table also goes into docs/height_training.md between the markers
``<!-- ablation:begin -->`` and ``<!-- ablation:end -->`` (unless --no-doc).
"""
import argparse
import math
import re
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from sar_height.core.inference import predict_heights

from ..regions import EVALUATION, ROOT
from .data import (
    LOOK_DIRECTION,
    NETWORK_STRIDE,
    GenerationConfig,
    distance_to_priors,
    interpolate_priors,
    scenes_for,
)
from .train import THREADS, TrainConfig, default_builder, run, to_tensor

VARIANTS = (("unet", "geocoded"), ("unet", "reconstructed"),
            ("ask_unet", "geocoded"), ("ask_unet", "reconstructed"))
DEFAULT_STEPS = 1500
DOC = ROOT / "docs" / "height_training.md"
BEGIN, END = "<!-- ablation:begin -->", "<!-- ablation:end -->"


# ---------------------------------------------------------------------------------------
# Inference


class TorchHeightModel:
    """A torch network behind core.inference's model interface (``metadata``, ``run``)."""

    def __init__(self, module, metadata):
        self.module, self.metadata = module, metadata

    @torch.no_grad()
    def run(self, batch):
        """Return the network's normalised heights [N, 1, H, W] for a contract-v1 batch.

        ``batch`` is [N, 4, H, W] (numpy); the module runs in eval mode without gradients.
        """
        self.module.eval()
        return self.module(to_tensor(np.asarray(batch, dtype=np.float32))).numpy()


def predict_scene(model, scene, kind, batch_size=8):
    """Return heights (m) over a whole scene from core.inference.predict_heights.

    That is the plugin's own tiling, blending and input building (NaN where the SAR is
    missing). A model whose metadata says look_direction "east" gets west-looking scenes
    mirrored left-right, and its output mirrored back.
    """
    sar, prior = scene.sar_db(kind), scene.prior_map()
    mirror = (model.metadata.get("look_direction") == LOOK_DIRECTION
              and not scene.params.looks_east)
    if mirror:
        sar, prior = sar[:, ::-1], prior[:, ::-1]
    heights = predict_heights(model, np.ascontiguousarray(sar), np.ascontiguousarray(prior),
                              scene.spacing_m, batch_size=batch_size)
    return heights[:, ::-1] if mirror else heights


def squared_errors(estimate, truth, where):
    """Return (sum of squared errors in m^2, number of cells) of ``estimate`` over ``where``."""
    return float(np.sum((estimate[where] - truth[where]) ** 2)), int(where.sum())


# ---------------------------------------------------------------------------------------
# Models


def checkpoint_path(runs, kind, input_kind):
    """Return the checkpoint path of one variant: ``runs``/ablation_<kind>_<input_kind>.pt."""
    return Path(runs) / f"ablation_{kind}_{input_kind}.pt"


def load_model(path, build=None):
    """Load a training checkpoint as a TorchHeightModel on the CPU (channels-last, eval mode).

    The metadata is the checkpoint's, with model_type and stride added as the export adds
    them; ``build`` (default: train.default_builder) makes the network from kind and width.
    """
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    build = build or default_builder
    model = build(checkpoint["kind"], checkpoint["base_width"])
    model.load_state_dict(checkpoint["state_dict"])
    model = model.to(memory_format=torch.channels_last)
    model.eval()
    meta = dict(checkpoint["metadata"], model_type=checkpoint["kind"], stride=NETWORK_STRIDE)
    return TorchHeightModel(model, meta)


def get_models(args, data_cfg, build=None, log=print):
    """Train (or, with --reuse, load) the four VARIANTS; return them keyed by (kind, input).

    Each variant is trained by train.run on the training regions with the same budget
    (``args.steps`` or ``args.minutes_per_model``) and ``data_cfg``, then loaded back from its
    checkpoint, so trained and reused models go through the same path.
    """
    models = {}
    for kind, input_kind in VARIANTS:
        path = checkpoint_path(args.runs, kind, input_kind)
        if not (args.reuse and path.exists()):
            cfg = TrainConfig(kind=kind, input_kind=input_kind, out=str(path),
                              minutes=args.minutes_per_model or 0.0, steps=args.steps,
                              base_width=args.base_width, seed=args.seed, workers=args.workers,
                              regions=args.train_regions, data=data_cfg)
            run(cfg, build, log)
        else:
            log(f"reusing {path}")
        models[(kind, input_kind)] = load_model(path, build)
    return models


# ---------------------------------------------------------------------------------------
# Evaluation and table


def evaluate(models, scenes, log=print):
    """Return the RMSE (m) of every column per region, as {region: {column: rmse}}.

    Columns are the two references without a network (``priors_linear``, ``coarse_dem``) and
    ``<kind>_<input>`` per model. Squared errors are summed over the scenes of a region and,
    under "all", over every scene, on the cells where the truth and every column are defined.
    """
    sums = {}
    for scene in scenes:
        start = time.perf_counter()
        region = scene.params.region
        estimates = {"priors_linear": interpolate_priors(scene, "linear"),
                     "coarse_dem": scene.coarse.astype(np.float64)}
        for (kind, input_kind), model in models.items():
            estimates[f"{kind}_{input_kind}"] = predict_scene(model, scene, input_kind)
        # one set of cells for every column: truth and every estimate defined (the networks
        # give NaN where their SAR is missing, e.g. radar shadow in the reconstruction)
        where = np.isfinite(scene.truth)
        for estimate in estimates.values():
            where &= np.isfinite(estimate)
        for key in (region, "all"):
            bucket = sums.setdefault(key, {})
            for name, estimate in estimates.items():
                e, n = squared_errors(estimate, scene.truth, where)
                old = bucket.get(name, (0.0, 0))
                bucket[name] = (old[0] + e, old[1] + n)
        log(f"  evaluated {region} {scene.params.orbit_pass} ({scene.shape[0]} x "
            f"{scene.shape[1]} cells at {scene.spacing_m:.0f} m) in "
            f"{time.perf_counter() - start:.0f} s")
    return {region: {name: math.sqrt(e / max(n, 1)) for name, (e, n) in columns.items()}
            for region, columns in sums.items()}


def gains(rmse):
    """Return the reconstruction, architecture and total gains (%) from one region's RMSEs."""
    ug, ur = rmse["unet_geocoded"], rmse["unet_reconstructed"]
    ar = rmse["ask_unet_reconstructed"]
    return 100 * (1 - ur / ug), 100 * (1 - ar / ur), 100 * (1 - ar / ug)


COLUMNS = ("priors_linear", "coarse_dem", "unet_geocoded", "unet_reconstructed",
           "ask_unet_geocoded", "ask_unet_reconstructed")
HEADER = ("| region | prior interpolation (linear) | coarse DEM (3x, all cells) | U-Net geocoded | "
          "U-Net reconstructed | ASK-UNet geocoded | ASK-UNet reconstructed | reconstruction "
          "gain | architecture gain | total gain |")


def table(results):
    """Return the markdown table of RMSE (m) and gains (%) per region, "all" (pooled) last."""
    lines = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for region in [r for r in results if r != "all"] + ["all"]:
        rmse = results[region]
        g = gains(rmse)
        name = "**all (pooled)**" if region == "all" else region
        lines.append("| " + " | ".join([name] + [f"{rmse[c]:.1f}" for c in COLUMNS]
                                      + [f"{v:+.1f} %" for v in g]) + " |")
    return "\n".join(lines)


def write_doc(text, doc=DOC):
    """Put ``text`` between the ablation markers of ``doc``.

    Replaces an existing block, else appends one; creates the doc if it does not exist.
    """
    block = f"{BEGIN}\n{text}\n{END}"
    if doc.exists():
        content = doc.read_text()
        if BEGIN in content and END in content:
            content = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block,
                             content, flags=re.S)
        else:
            content = content.rstrip() + "\n\n" + block + "\n"
    else:
        content = "# Height model training\n\n" + block + "\n"
    doc.write_text(content)


def parse_arguments(argv=None):
    """Parse the ablation command line; --minutes-per-model sets ``steps`` to None."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes-per-model", type=float,
                        help="time budget per model (default: a fixed step count, --steps)")
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS,
                        help=f"training steps per model (default {DEFAULT_STEPS}; equal steps = "
                             "equal epochs for both networks); ignored with --minutes-per-model")
    parser.add_argument("--reuse", action="store_true",
                        help="load runs/ablation_<kind>_<input>.pt where present")
    parser.add_argument("--runs", default=str(ROOT / "runs"), help="checkpoint folder")
    parser.add_argument("--base-width", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-seed", type=int, default=0)
    parser.add_argument("--scenes-per-region", type=int,
                        default=GenerationConfig.scenes_per_region)
    parser.add_argument("--train-regions", nargs="*", help="training regions (default: all)")
    parser.add_argument("--eval-regions", nargs="*", help="evaluation regions (default: all)")
    parser.add_argument("--eval-max-cells", type=int,
                        help="crop evaluation scenes to at most this many cells per side")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--label", default="", help="note printed above the table")
    parser.add_argument("--no-doc", action="store_true", help="do not write the doc")
    args = parser.parse_args(argv)
    if args.minutes_per_model is not None:
        args.steps = None
    return args


def main(argv=None, build=None):
    """Run the ablation and print its table (and write it into the doc unless --no-doc).

    Returns the RMSE dict of ``evaluate``, {region: {column: rmse in m}}.
    """
    args = parse_arguments(argv)
    torch.set_num_threads(THREADS)
    start = time.perf_counter()
    data_cfg = GenerationConfig(seed=args.data_seed, scenes_per_region=args.scenes_per_region)
    models = get_models(args, data_cfg, build)
    scenes = scenes_for(EVALUATION, data_cfg, args.eval_regions, args.workers)
    if args.eval_max_cells:
        scenes = [_crop(s, args.eval_max_cells) for s in scenes]
    results = evaluate(models, scenes)
    meta = next(iter(models.values())).metadata["training"]
    budget = (f"{args.steps} steps" if args.steps else f"{args.minutes_per_model:g} min")
    note = (f"{args.label + ' — ' if args.label else ''}RMSE in metres on the held-out regions "
            f"(ascending + descending scene each, 37°, 4 looks, priors 0.05 % of cells); "
            f"models: base width {args.base_width}, {budget} per model, "
            f"{meta['samples']} training patches from {len(meta['regions'])} regions; "
            f"{meta['hardware']}; total {time.perf_counter() - start:.0f} s.")
    text = note + "\n\n" + table(results)
    print("\n" + text)
    if not args.no_doc:
        write_doc(text)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    return results


def _crop(scene, size):
    """Return the top-left corner, at most ``size`` cells per side, of a scene (smoke runs).

    Priors outside the crop are dropped and the distance map is recomputed for the crop.
    """
    rows, cols = min(scene.shape[0], size), min(scene.shape[1], size)
    keep = (scene.prior_rows < rows) & (scene.prior_cols < cols)
    pr, pc = scene.prior_rows[keep], scene.prior_cols[keep]
    cut = (slice(0, rows), slice(0, cols))
    return replace(scene, truth=scene.truth[cut], coarse=scene.coarse[cut],
                      sar_db_reconstructed=scene.sar_db_reconstructed[cut],
                      sar_db_geocoded=scene.sar_db_geocoded[cut],
                      layover_mask=scene.layover_mask[cut], prior_rows=pr, prior_cols=pc,
                      prior_heights=scene.prior_heights[keep],
                      distance_m=distance_to_priors((rows, cols), pr, pc, scene.spacing_m))


if __name__ == "__main__":
    main()
