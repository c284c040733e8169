r"""Train one height network (ASK-UNet or the U-Net baseline) on the synthetic scenes.

    .venv/bin/python -m sar_height.training.height.train --kind ask_unet --input reconstructed \
        --out runs/ask_unet_reconstructed.pt [--minutes 12 | --steps N] [--base-width 16] \
        [--patch 128] [--batch 8] [--lr 2e-3] [--seed 0] [--workers 2]

Data: training.height.data scenes of the TRAINING regions (generated once, cached in
.cache/height_data/); model selection on the VALIDATION region (a held-out window of a
training tile); the EVALUATION regions are never read here (training/height/ablation.py).

Inputs and target follow model contract v1, built by core.inference.contract (through
training.height.data.PatchSet); the SAR normalisation constants are the mean and standard deviation
of the training scenes' dB of the chosen input kind and go into the checkpoint's metadata.

Orientation: west-looking scenes are mirrored left-right (training.height.data, metadata
``look_direction`` "east"; --both-look-directions turns it off). Augmentation: a flip of the
rows (along azimuth: the tracks are near-polar, so a north-south mirror of terrain and image
together is the image of the mirrored terrain from a pass with the mirrored heading; the
look direction and the layover/shadow geometry are unchanged). No rot90 (range would run
north-south, which no near-polar orbit gives). Priors are re-drawn for every patch at every
step (positions and density, heights from the scene's coarse DEM, distance map over the
whole scene) with a density curriculum: 2 % of the cells for the first 20 % of the budget,
then annealed log-linearly to the data range (0.02-0.1 %) by 60 % (prior_densities). Both
were needed for the networks to learn within a CPU budget (docs/height_training.md).

Loss (training.height.loss): smooth L1 (beta 5 m) of the normalised height on cells with
truth, plus ``grad_weight`` x L1 of the difference of the horizontal and vertical finite
differences (slopes carry what the SAR image says). Adam, cosine learning rate over the budget (time
with --minutes, steps with --steps; --steps makes a run repeatable up to CPU floating point
non-determinism); the state with the best validation RMSE (stored priors of the validation
scenes) is kept. The loop, the best state and the atomic save are training.common's.

Checkpoint (torch.save): {"kind", "base_width", "state_dict", "metadata"}; metadata is the
JSON-able dict of model contract v1 (see contract_metadata) that training.height.export writes
into the ONNX file.
"""
import argparse
import math
from dataclasses import asdict, dataclass, field
from typing import Optional

import numpy as np
import torch

from ..common.checkpoints import save_atomically
from ..common.loop import (
    BestState,
    Budget,
    budget_text,
    evenly_spread,
    hardware_summary,
    run_steps,
    set_learning_rate,
)
from ..regions import TRAINING, VALIDATION
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
from .loss import SMOOTH_L1_BETA_M, height_loss

MODEL_FORMAT = "sar_height_height_model"
MODEL_VERSION = "1.0.0"
KINDS = ("ask_unet", "unet")
THREADS = 2


@dataclass
class TrainConfig:
    """Settings of one training run: network, input, budget, optimiser, priors and data.

    The budget is ``minutes`` of wall time unless ``steps`` is given; ``lr`` is the peak of the
    cosine schedule; ``curriculum_*`` shape the prior density schedule of prior_densities.
    """

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


def contract_metadata(kind, input_kind, sar_db_mean, sar_db_std, data_cfg, training,
                      look_direction=LOOK_DIRECTION):
    """Return the model contract v1 metadata (JSON-able) of a trained network.

    ``look_direction`` "east": the model was trained with west-looking scenes mirrored
    left-right (see docs/height_training.md); None: both look directions as they come (plain
    contract v1, no look_direction field).
    """
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
    """Build an untrained network with training.height.networks.build_network."""
    from .networks import build_network

    return build_network(kind, base_width=base_width)


# ---------------------------------------------------------------------------------------
# Metrics


def to_tensor(x):
    """Return numpy [N, C, H, W] as a channels-last tensor.

    PyTorch's CPU kernels for the depth-wise (dilated) convolutions of ASK-UNet are 2-4 x
    faster in that layout (same numbers).
    """
    return torch.from_numpy(x).contiguous(memory_format=torch.channels_last)


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
    if len(val.patches) > cfg.max_validation_patches:
        keep = evenly_spread(len(val.patches), cfg.max_validation_patches)
        val.patches = [val.patches[int(i)] for i in keep]
    return train, val, (mean, std)


# ---------------------------------------------------------------------------------------
# Training loop


def prior_densities(cfg, fraction, rng, count):
    """Return prior densities (fractions of cells) for ``count`` patches at progress ``fraction``.

    Log-uniform in a range that is curriculum_start_density until curriculum_hold, then moves
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
    budget = Budget(cfg.steps, cfg.minutes)
    step, seen, order, position = 0, 0, rng.permutation(len(train_set)), 0
    best = BestState()
    history, losses = [], []

    def validate():
        rmse = patch_rmse_m(model, val_set) if len(val_set) else float("nan")
        train_loss = float(np.mean(losses[-50:])) if losses else float("nan")
        history.append({"step": step, "seconds": round(budget.elapsed(), 1),
                        "train_loss": train_loss, "validation_rmse_m": rmse})
        log(f"step {step:5d}  {budget.elapsed():6.0f} s  epoch "
            f"{seen / len(train_set):5.2f}  loss {train_loss:.5f}  val RMSE {rmse:7.2f} m")
        best.offer(rmse, model, step)
        model.train()

    def train_step(fraction):
        nonlocal step, seen, order, position
        fraction = min(fraction, 1.0)
        set_learning_rate(optimiser, cfg.lr * 0.5 * (1.0 + math.cos(math.pi * fraction)))
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

    model.train()
    run_steps(budget, cfg.validations, train_step, validate)
    validate()
    seconds = budget.elapsed()
    model.load_state_dict(best.state)
    model = model.to(memory_format=torch.contiguous_format)
    summary = {
        "regions": train_set.regions(),
        "validation_regions": val_set.regions(),
        "samples": len(train_set),
        "epochs": round(seen / max(len(train_set), 1), 3),
        "steps": step,
        "best_step": best.step,
        "seconds": round(seconds, 1),
        "hardware": hardware_summary(),
        "validation_rmse_m": round(best.error, 3),
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
    """Save the checkpoint (kind, base_width, state_dict, contract metadata) atomically.

    ``sar_stats`` is (sar_db_mean, sar_db_std); ``summary`` goes into the metadata as
    "training". Returns the checkpoint dict.
    """
    metadata = contract_metadata(cfg.kind, cfg.input_kind, sar_stats[0], sar_stats[1],
                                 cfg.data, summary,
                                 LOOK_DIRECTION if cfg.normalise_look else None)
    checkpoint = {"kind": cfg.kind, "base_width": cfg.base_width,
                  "state_dict": model.state_dict(), "metadata": metadata}
    return save_atomically(checkpoint, path)


def run(cfg, build=None, log=print):
    """Prepare the data, train, save; returns the checkpoint dict."""
    torch.set_num_threads(cfg.threads)
    train_set, val_set, stats = prepare_data(cfg, log)
    log(f"{cfg.kind} on {cfg.input_kind} SAR: {len(train_set)} training patches from "
        f"{len(train_set.regions())} regions, {len(val_set)} validation patches; sar dB "
        f"mean {stats[0]:.2f} std {stats[1]:.2f}; budget {budget_text(cfg.steps, cfg.minutes)}")
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
    """Parse the command line into a TrainConfig."""
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
    """Train and save a network as the command line says."""
    run(parse_arguments(argv))


if __name__ == "__main__":
    main()
