"""Train one height network (ASK-UNet or the U-Net baseline) on the synthetic scenes.

    .venv/bin/python -m sar_height.training.train --kind ask_unet --input reconstructed \\
        --out runs/ask_unet_reconstructed.pt [--minutes 12 | --steps N] [--base-width 16] \\
        [--patch 128] [--batch 8] [--lr 2e-3] [--seed 0] [--workers 2]

Data: training.data scenes of the TRAINING regions (generated once, cached in
.cache/height_data/); model selection on the VALIDATION region (a held-out window of a
training tile); the EVALUATION regions are never read here (training/ablation.py).

Inputs and target follow model contract v1, built by core.inference.contract (through
training.data.PatchSet); the SAR normalisation constants are the mean and standard deviation
of the training scenes' dB of the chosen input kind and go into the checkpoint's metadata.

Orientation: west-looking scenes are mirrored left-right (training.data, metadata
``look_direction`` "east"; --both-look-directions turns it off). Augmentation: a flip of the
rows (along azimuth: the tracks are near-polar, so a north-south mirror of terrain and image
together is the image of the mirrored terrain from a pass with the mirrored heading; the
look direction and the layover/shadow geometry are unchanged). No rot90 (range would run
north-south, which no near-polar orbit gives). Priors are re-drawn for every patch at every
step (positions and density, heights from the scene's coarse DEM, distance map over the
whole scene) with a density curriculum: 2 % of the cells for the first 20 % of the budget,
then annealed log-linearly to the data range (0.02-0.1 %) by 60 % (prior_densities). Both
were needed for the networks to learn within a CPU budget (docs/height_training.md).

Loss: smooth L1 (beta 5 m) of the normalised height on cells with truth, plus
``grad_weight`` x L1 of the difference of the horizontal and vertical finite differences
(slopes carry what the SAR image says). Adam, cosine learning rate over the budget (time
with --minutes, steps with --steps; --steps makes a run repeatable up to CPU floating point
non-determinism); the state with the best validation RMSE (stored priors of the validation
scenes) is kept.

Checkpoint (torch.save): {"kind", "base_width", "state_dict", "metadata"}; metadata is the
JSON-able dict of model contract v1 (see contract_metadata) that training.export writes into
the ONNX file.
"""
import argparse
import math
import os
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import torch
from torch.nn import functional

from .data import (
    CHANNELS,
    CONTRACT,
    DISTANCE_SCALE_M,
    HEIGHT_SCALE_M,
    INPUT_KINDS,
    LOOK_DIRECTION,
    NETWORK_STRIDE,
    TILE_OVERLAP,
    TILE_SIZE,
    GenerationConfig,
    PatchSet,
    interpolate_priors,
    sar_statistics,
    scenes_for,
)
from .regions import TRAINING, VALIDATION

MODEL_FORMAT = "sar_height_height_model"
MODEL_VERSION = "1.0.0"
KINDS = ("ask_unet", "unet")
SMOOTH_L1_BETA_M = 5.0
THREADS = 2


@dataclass
class TrainConfig:
    kind: str = "ask_unet"
    input_kind: str = "reconstructed"
    out: str = "runs/model.pt"
    minutes: float = 12.0
    steps: Optional[int] = None  # fixed number of steps instead of the time budget
    base_width: int = 16
    patch: int = 128
    batch: int = 8
    lr: float = 2e-3
    weight_decay: float = 1e-4
    grad_weight: float = 0.5
    normalise_look: bool = True  # mirror west-looking scenes (metadata look_direction east)
    resample_priors: bool = True  # fresh priors per patch and step (from the coarse DEM)
    curriculum_start_density: float = 0.02  # prior density (2 % of cells), held until ...
    curriculum_hold: float = 0.2  # ... this fraction of the budget, then annealed to
    curriculum_end: float = 0.6  # data.prior_density by this fraction
    seed: int = 0
    workers: int = 2
    threads: int = THREADS  # torch intra-op threads
    validations: int = 8  # validation passes over the budget (plus one at the end)
    max_validation_patches: int = 64
    regions: Optional[list] = None  # training region names (None: all)
    data: GenerationConfig = field(default_factory=GenerationConfig)


def hardware_summary():
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} logical CPUs, torch {torch.__version__}, "
            f"torch threads {torch.get_num_threads()}")


def contract_metadata(kind, input_kind, sar_db_mean, sar_db_std, data_cfg, training,
                      look_direction=LOOK_DIRECTION):
    """Model contract v1 metadata (JSON-able). ``look_direction`` "east": the model was
    trained with west-looking scenes mirrored left-right (see docs/height_training.md);
    None: both look directions as they come (plain contract v1)."""
    lo, hi = data_cfg.spacing_m
    meta = {
        "format": MODEL_FORMAT,
        "contract": CONTRACT,
        "model_type": kind,
        "version": MODEL_VERSION,
        "input_kind": input_kind,
        "channels": list(CHANNELS),
        "sar_db_mean": float(sar_db_mean),
        "sar_db_std": float(sar_db_std),
        "height_scale_m": HEIGHT_SCALE_M,
        "distance_scale_m": DISTANCE_SCALE_M,
        "stride": NETWORK_STRIDE,
        "tile_size": TILE_SIZE,
        "overlap": TILE_OVERLAP,
        "pixel_spacing_m": round(math.sqrt(lo * hi), 2),  # geometric centre of the range
        "pixel_spacing_range_m": [float(lo), float(hi)],
        "training": training,
    }
    if look_direction:
        meta["look_direction"] = look_direction
    return meta


def default_builder(kind, base_width):
    from .networks import build_network

    return build_network(kind, base_width=base_width)


# ---------------------------------------------------------------------------------------
# Loss and metrics


def to_tensor(x):
    """numpy [N, C, H, W] -> channels-last tensor: PyTorch's CPU kernels for the depth-wise
    (dilated) convolutions of ASK-UNet are 2-4 x faster in that layout (same numbers)."""
    return torch.from_numpy(x).contiguous(memory_format=torch.channels_last)


def height_loss(prediction, target, grad_weight=0.5):
    """Masked smooth L1 on normalised heights + grad_weight x L1 of finite differences.

    ``target`` is NaN where there is no truth; returns a scalar tensor.
    """
    valid = torch.isfinite(target)
    t = torch.where(valid, target, torch.zeros_like(target))
    beta = SMOOTH_L1_BETA_M / HEIGHT_SCALE_M
    per_cell = functional.smooth_l1_loss(prediction, t, reduction="none", beta=beta)
    loss = (per_cell * valid).sum() / valid.sum().clamp(min=1)
    if grad_weight > 0:
        for dim in (2, 3):
            dp = torch.diff(prediction, dim=dim)
            dt = torch.diff(t, dim=dim)
            both = valid.narrow(dim, 1, valid.shape[dim] - 1) & valid.narrow(
                dim, 0, valid.shape[dim] - 1)
            loss = loss + grad_weight * ((dp - dt).abs() * both).sum() / both.sum().clamp(min=1)
    return loss


@torch.no_grad()
def patch_rmse_m(model, patches, batch=16):
    """RMSE (m) of the model on a PatchSet (every cell with truth, no augmentation)."""
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(patches), batch):
        x, y = patches.batch(range(start, min(len(patches), start + batch)))
        prediction = model(to_tensor(x)).numpy().astype(np.float64)
        good = np.isfinite(y)
        total += float(np.sum(((prediction[good] - y[good]) * HEIGHT_SCALE_M) ** 2))
        count += int(good.sum())
    return math.sqrt(total / max(count, 1))


def prior_interpolation_rmse_m(patches):
    """RMSE (m) of linear prior interpolation (data.interpolate_priors) over the patch cells."""
    surfaces = {}
    total, count = 0.0, 0
    for p in patches.patches:
        if p.scene not in surfaces:
            surfaces[p.scene] = interpolate_priors(patches.scenes[p.scene])
        win = (slice(p.row, p.row + patches.patch), slice(p.col, p.col + patches.patch))
        truth = patches.scenes[p.scene].truth[win].astype(np.float64)
        good = np.isfinite(truth)
        total += float(np.sum((surfaces[p.scene][win][good] - truth[good]) ** 2))
        count += int(good.sum())
    return math.sqrt(total / max(count, 1))


# ---------------------------------------------------------------------------------------
# Data


def prepare_data(cfg, log=print):
    """(training PatchSet, validation PatchSet, (sar_db_mean, sar_db_std))."""
    d = cfg.data
    train_scenes = scenes_for(TRAINING, d, cfg.regions, cfg.workers, log=log)
    val_scenes = scenes_for(VALIDATION, d, None, cfg.workers, log=log)
    mean, std = sar_statistics(train_scenes, cfg.input_kind)
    train = PatchSet(train_scenes, cfg.input_kind, mean, std, cfg.patch, d.patch_stride,
                     d.max_invalid_fraction, cfg.normalise_look)
    val = PatchSet(val_scenes, cfg.input_kind, mean, std, cfg.patch, cfg.patch,
                   d.max_invalid_fraction, cfg.normalise_look)
    if len(val.patches) > cfg.max_validation_patches:  # evenly spread subset, deterministic
        keep = np.linspace(0, len(val.patches) - 1, cfg.max_validation_patches).round()
        val.patches = [val.patches[int(i)] for i in keep]
    return train, val, (mean, std)


# ---------------------------------------------------------------------------------------
# Training loop


def prior_densities(cfg, fraction, rng, count):
    """Prior densities for ``count`` patches at training progress ``fraction``: log-uniform
    in a range that is curriculum_start_density until curriculum_hold, then moves
    log-linearly to the data configuration's range (reached at curriculum_end).

    Why: with priors at 0.02-0.1 % of the cells a U-Net takes thousands of steps before it
    starts to use them at all (validation RMSE stuck at the 'reference height only' level);
    at 2 % it learns to within a few hundred steps, and keeps the skill as they thin out.
    """
    lo, hi = cfg.data.prior_density
    span = cfg.curriculum_end - cfg.curriculum_hold
    t = float(np.clip((fraction - cfg.curriculum_hold) / span, 0.0, 1.0)) if span > 0 else 1.0
    start = math.log(cfg.curriculum_start_density)
    lo_t = math.exp(start + t * (math.log(lo) - start))
    hi_t = math.exp(start + t * (math.log(hi) - start))
    low, high = sorted((lo_t, hi_t))
    return np.exp(rng.uniform(math.log(low), math.log(high), count))


def train_model(cfg, train_set, val_set, sar_stats, build=None, log=print):
    """Train; returns (model with the best validation state, summary dict)."""
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    build = build or default_builder
    model = build(cfg.kind, cfg.base_width).to(memory_format=torch.channels_last)
    optimiser = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    budget_s = cfg.minutes * 60.0
    start = time.perf_counter()
    step, seen, order, position = 0, 0, rng.permutation(len(train_set)), 0
    best = (float("inf"), None, 0)
    history, losses = [], []
    next_validation = 1

    def progress():
        if cfg.steps:
            return step / cfg.steps
        return (time.perf_counter() - start) / budget_s

    def validate():
        nonlocal best
        rmse = patch_rmse_m(model, val_set) if len(val_set) else float("nan")
        train_loss = float(np.mean(losses[-50:])) if losses else float("nan")
        history.append({"step": step, "seconds": round(time.perf_counter() - start, 1),
                        "train_loss": train_loss, "validation_rmse_m": rmse})
        log(f"step {step:5d}  {time.perf_counter() - start:6.0f} s  epoch "
            f"{seen / len(train_set):5.2f}  loss {train_loss:.5f}  val RMSE {rmse:7.2f} m")
        if rmse < best[0] or best[1] is None:
            best = (rmse, {k: v.detach().clone() for k, v in model.state_dict().items()}, step)
        model.train()

    model.train()
    while progress() < 1.0:
        fraction = min(progress(), 1.0)
        for group in optimiser.param_groups:
            group["lr"] = cfg.lr * 0.5 * (1.0 + math.cos(math.pi * fraction))
        if position + cfg.batch > len(order):
            order, position = rng.permutation(len(train_set)), 0
        indices = order[position:position + cfg.batch]
        position += cfg.batch
        flips = rng.random(len(indices)) < 0.5
        densities = (prior_densities(cfg, fraction, rng, len(indices))
                     if cfg.resample_priors else None)
        x, y = train_set.batch(indices, flips, densities, rng)
        prediction = model(to_tensor(x))
        loss = height_loss(prediction, torch.from_numpy(y), cfg.grad_weight)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
        step += 1
        seen += len(indices)
        if progress() >= next_validation / (cfg.validations + 1):
            validate()
            # skip the thresholds the validation itself used up (short time budgets)
            next_validation = math.floor(progress() * (cfg.validations + 1)) + 1
    validate()
    seconds = time.perf_counter() - start
    model.load_state_dict(best[1])
    model = model.to(memory_format=torch.contiguous_format)
    summary = {
        "regions": train_set.regions(),
        "validation_regions": val_set.regions(),
        "samples": len(train_set),
        "epochs": round(seen / max(len(train_set), 1), 3),
        "steps": step,
        "best_step": best[2],
        "seconds": round(seconds, 1),
        "hardware": hardware_summary(),
        "validation_rmse_m": round(best[0], 3),
        "loss": f"smooth L1 (beta {SMOOTH_L1_BETA_M:g} m) + {cfg.grad_weight:g} x gradient L1",
        "augmentation": "row (azimuth) flip" + (
            f"; priors re-drawn per patch and step; density {100 * cfg.curriculum_start_density:g}"
            f" % until {100 * cfg.curriculum_hold:g} % of the budget, annealed to the data range "
            f"by {100 * cfg.curriculum_end:g} %" if cfg.resample_priors else ""),
        "config": {k: v for k, v in asdict(cfg).items() if k not in ("data", "out")},
        "data": asdict(cfg.data),
        "history": history,
    }
    return model, summary


def save_checkpoint(path, model, cfg, sar_stats, summary):
    metadata = contract_metadata(cfg.kind, cfg.input_kind, sar_stats[0], sar_stats[1],
                                 cfg.data, summary,
                                 LOOK_DIRECTION if cfg.normalise_look else None)
    checkpoint = {"kind": cfg.kind, "base_width": cfg.base_width,
                  "state_dict": model.state_dict(), "metadata": metadata}
    return save_atomically(checkpoint, path)


def save_atomically(checkpoint, path):
    """torch.save to a ``.partial`` file renamed onto ``path``: an interrupted save never
    leaves a truncated checkpoint where a good one was. Returns ``checkpoint``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(checkpoint, partial)
    os.replace(partial, path)
    return checkpoint


def run(cfg, build=None, log=print):
    """Prepare the data, train, save; returns the checkpoint dict."""
    torch.set_num_threads(cfg.threads)
    train_set, val_set, stats = prepare_data(cfg, log)
    log(f"{cfg.kind} on {cfg.input_kind} SAR: {len(train_set)} training patches from "
        f"{len(train_set.regions())} regions, {len(val_set)} validation patches; sar dB "
        f"mean {stats[0]:.2f} std {stats[1]:.2f}; budget "
        f"{f'{cfg.steps} steps' if cfg.steps else f'{cfg.minutes:g} min'}")
    baseline = prior_interpolation_rmse_m(val_set)
    log(f"validation: linear interpolation of the priors alone gives RMSE {baseline:.2f} m")
    model, summary = train_model(cfg, train_set, val_set, stats, build, log)
    summary["validation_prior_interpolation_rmse_m"] = round(baseline, 3)
    checkpoint = save_checkpoint(cfg.out, model, cfg, stats, summary)
    log(f"saved {cfg.out}: best validation RMSE {summary['validation_rmse_m']:.2f} m at step "
        f"{summary['best_step']} of {summary['steps']} ({summary['epochs']:.2f} epochs, "
        f"{summary['seconds']:.0f} s)")
    return checkpoint


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description="Train a height network (model contract v1).")
    parser.add_argument("--kind", choices=KINDS, default="ask_unet")
    parser.add_argument("--input", dest="input_kind", choices=INPUT_KINDS,
                        default="reconstructed")
    parser.add_argument("--out", required=True, help="checkpoint path, e.g. runs/NAME.pt")
    parser.add_argument("--minutes", type=float, default=12.0, help="training time budget")
    parser.add_argument("--steps", type=int, help="fixed step count instead of --minutes")
    parser.add_argument("--base-width", type=int, default=16)
    parser.add_argument("--patch", type=int, default=128)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--grad-weight", type=float, default=0.5)
    parser.add_argument("--both-look-directions", action="store_true",
                        help="do not mirror west-looking scenes (plain contract v1, no "
                             "look_direction in the metadata)")
    parser.add_argument("--fixed-priors", action="store_true",
                        help="use the scenes' stored priors (no re-drawing, no curriculum)")
    parser.add_argument("--curriculum-start", type=float, default=0.02,
                        help="prior density (fraction of cells) at the start of training")
    parser.add_argument("--seed", type=int, default=0, help="training seed")
    parser.add_argument("--data-seed", type=int, default=0, help="scene generation seed")
    parser.add_argument("--scenes-per-region", type=int,
                        default=GenerationConfig.scenes_per_region)
    parser.add_argument("--regions", nargs="*", help="training region names (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="scene generation processes")
    args = parser.parse_args(argv)
    if args.patch % NETWORK_STRIDE:
        parser.error(f"--patch must be a multiple of {NETWORK_STRIDE}")
    data = GenerationConfig(patch=args.patch, seed=args.data_seed,
                            scenes_per_region=args.scenes_per_region)
    return TrainConfig(kind=args.kind, input_kind=args.input_kind, out=args.out,
                       minutes=args.minutes, steps=args.steps, base_width=args.base_width,
                       patch=args.patch, batch=args.batch, lr=args.lr,
                       grad_weight=args.grad_weight, resample_priors=not args.fixed_priors,
                       normalise_look=not args.both_look_directions,
                       curriculum_start_density=args.curriculum_start,
                       seed=args.seed, workers=args.workers,
                       regions=args.regions, data=data)


def main(argv=None):
    run(parse_arguments(argv))


if __name__ == "__main__":
    main()
