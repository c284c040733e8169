r"""Train the dense matcher (training.matcher.network) on simulated stereo patches.

    .venv/bin/python -m sar_height.training.matcher.train --steps 3000 --out runs/matcher.pt \
        [--minutes M] [--batch 8] [--lr 2e-3] [--certainty-weight 0.5] [--threads 1] \
        [--data-workers 0] [--source pairs|synthetic] [--pairs-per-region 6] [--workers 2] \
        [--seed 0] [--data-seed 0] [--init runs/earlier.pt]

Data (training.matcher.data): pairs simulated over the TRAINING regions (cached in
.cache/stereo_data/), model selection on the VALIDATION region; the EVALUATION DEMs are never
read. Augmentation: an extra smooth displacement of the secondary (80 %), role swap (50 %),
azimuth flip (50 %). Validation: a fixed set of augmented validation patches (drawn once from
a fixed seed), so the numbers are comparable between evaluations and runs.

Loss (training.matcher.loss): L = L_D + lambda L_C over all scales. AdamW, linear warm-up
over the first 3 % of the budget then cosine decay; gradients clipped to norm 1 (the
learnt softmax temperature can otherwise jump). The state with the lowest validation
end-point error is kept. The loop, the best state, the atomic save and the --init
continuation are training.common's.

Checkpoint (torch.save): {"config": DenseMatcher.config, "state_dict", "metadata"}; metadata
holds the matcher-contract fields training knows (patch_size, max_displacement_px,
normalisation constants, training summary), completed by training.matcher.export.
"""
import argparse
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Optional

import numpy as np
import torch

from sar_height.core.stereo.matcher_contract import normalisation_metadata

from ..common.checkpoints import continuation_record, read_checkpoint, save_atomically
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
from .data import SOURCES, AugmentConfig, BatchStream, PairDataConfig, bank_for
from .loss import LossConfig, MatchMetrics, matcher_loss
from .network import build_matcher, count_parameters

MODEL_TYPE = "roma_style_cnn"
MODEL_VERSION = "1.0.0"
WARMUP_FRACTION = 0.03
GRAD_CLIP = 1.0


@dataclass
class MatcherTrainConfig:
    """Settings of one matcher training run (the command line's, see parse_arguments)."""

    out: str = "runs/matcher.pt"
    steps: Optional[int] = None  # fixed number of steps instead of the time budget
    minutes: float = 30.0
    batch: int = 8
    lr: float = 2e-3
    weight_decay: float = 1e-2
    seed: int = 0
    threads: int = 1  # torch threads: 2 on a shared 2-core CPU was 10x slower (oversubscribed)
    workers: int = 2  # pair simulation processes
    data_workers: int = 0  # batch preparation processes (1 when a core is free)
    validations: int = 8
    max_validation_patches: int = 64
    log_every: int = 25
    source: str = "pairs"
    synthetic_count: int = 512
    regions: Optional[list] = None
    init: Optional[str] = None  # checkpoint whose weights to continue from (fine-tuning)
    net: Optional[dict] = None  # DenseMatcher keyword arguments (None: defaults)
    data: PairDataConfig = field(default_factory=PairDataConfig)
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    loss: LossConfig = field(default_factory=LossConfig)


def to_tensors(batch):
    """Return the batch dict with its numpy arrays as torch tensors (sharing memory)."""
    return {k: torch.from_numpy(v) for k, v in batch.items()}


@torch.no_grad()
def evaluate(model, batches):
    """MatchMetrics.result() of the model over pre-built (tensor) batches."""
    model.eval()
    metrics = MatchMetrics()
    for b in batches:
        _, warp, logit = model(b["reference"], b["secondary"])[-1]
        metrics.update(warp, torch.sigmoid(logit), b["offset"], b["valid"])
    model.train()
    return metrics.result()


def validation_batches(bank, cfg):
    """Build the fixed augmented validation batches (tensors), max_validation_patches at most.

    The patches are evenly spread over ``bank`` and augmented from a fixed seed, so every
    validation of a run (and runs with the same seed) sees the same batches.
    """
    indices = evenly_spread(len(bank), cfg.max_validation_patches)
    rng = np.random.default_rng(cfg.seed + 7919)
    return [to_tensors(bank.batch(indices[i:i + cfg.batch], rng, cfg.augment))
            for i in range(0, len(indices), cfg.batch)]


def learning_rate(cfg, fraction):
    """Linear warm-up then cosine decay to 0 (fraction of the budget in [0, 1])."""
    if fraction < WARMUP_FRACTION:
        return cfg.lr * max(fraction / WARMUP_FRACTION, 0.02)
    t = (fraction - WARMUP_FRACTION) / (1.0 - WARMUP_FRACTION)
    return cfg.lr * 0.5 * (1.0 + math.cos(math.pi * min(t, 1.0)))


def _format(metrics):
    return (f"EPE {metrics['epe_px']:.3f} px (zero warp {metrics['zero_epe_px']:.2f}), "
            f"<1 px {100 * metrics['within_1px']:.1f} %, "
            f"certain {100 * metrics['coverage']:.0f} % (EPE {metrics['certain_epe_px']:.3f}), "
            f"false certain {100 * metrics['false_certain']:.0f} %")


def optimise(model, optimiser, batch, cfg):
    """One optimiser step on a batch of tensors; returns the loss parts as floats."""
    estimates = model(batch["reference"], batch["secondary"])
    loss, parts = matcher_loss(estimates, batch["offset"], batch["valid"], cfg.loss)
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
    optimiser.step()
    return {"loss": loss.item(), "regression": parts["regression"].item(),
            "certainty": parts["certainty"].item()}


class Recorder:
    """Per-step numbers, validations and the best state (lowest validation EPE)."""

    def __init__(self, model, val_batches, log):
        self.model, self.val_batches, self.log = model, val_batches, log
        self.steps, self.history = [], []
        self.best = BestState()
        self.start = time.perf_counter()

    def elapsed(self):
        """Return the wall time since construction, in seconds."""
        return time.perf_counter() - self.start

    def mean(self, key, last):
        """Return the mean of ``key`` over the last ``last`` steps (NaN before the first step)."""
        values = [s[key] for s in self.steps[-last:]]
        return float(np.mean(values)) if values else float("nan")

    def step(self, numbers, every):
        """Record one step's numbers; every ``every`` steps, log their means over those steps."""
        self.steps.append(numbers)
        if len(self.steps) % every == 0:
            self.log(f"step {len(self.steps):5d}  {self.elapsed():6.0f} s  loss "
                     f"{self.mean('loss', every):.4f} (L_D {self.mean('regression', every):.4f},"
                     f" L_C {self.mean('certainty', every):.4f})  "
                     f"{self.mean('seconds', every):.2f} s/step (waiting for data "
                     f"{self.mean('data_seconds', every):.2f})")

    def validate(self):
        """Validate now: log and record the metrics and offer the model state to the best state.

        Without validation data the EPE is NaN, so only the first state offered is kept.
        """
        step = len(self.steps)
        if not self.val_batches:
            metrics = {"epe_px": float("nan")}
            self.log(f"step {step}: no validation data")
        else:
            metrics = evaluate(self.model, self.val_batches)
            self.log(f"validation at step {step}: {_format(metrics)}")
        self.history.append({"step": step, "seconds": round(self.elapsed(), 1),
                             **{k: self.mean(k, 50) for k in ("loss", "regression",
                                                              "certainty", "seconds")},
                             **metrics})
        self.best.offer(metrics["epe_px"], self.model, step, metrics)


def train_matcher(cfg, train_bank, val_batches, log=print):
    """Train; returns (model with the best validation state, summary dict)."""
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    model, earlier = initial_model(cfg)
    optimiser = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    record = Recorder(model, val_batches, log)
    budget = Budget(cfg.steps, cfg.minutes)

    def train_step(fraction):
        set_learning_rate(optimiser, learning_rate(cfg, fraction))
        tick = time.perf_counter()
        batch = to_tensors(next(stream))
        data_seconds = time.perf_counter() - tick
        numbers = optimise(model, optimiser, batch, cfg)
        record.step({**numbers, "seconds": time.perf_counter() - tick,
                     "data_seconds": data_seconds}, cfg.log_every)

    with BatchStream(train_bank, cfg.batch, cfg.augment, cfg.seed, cfg.data_workers) as stream:
        run_steps(budget, cfg.validations, train_step, record.validate)
    if not record.history or record.history[-1]["step"] != len(record.steps):
        record.validate()
    model.load_state_dict(record.best.state)
    steps = len(record.steps)
    summary = {
        "steps": steps, "best_step": record.best.step, "batch": cfg.batch,
        "samples": len(train_bank), "epochs": round(steps * cfg.batch / len(train_bank), 2),
        "seconds": round(record.elapsed(), 1),
        "seconds_per_step": round(record.mean("seconds", steps), 3),
        "parameters": count_parameters(model), "hardware": hardware_summary(),
        "validation": record.best.extra,
        "loss": (f"L_D (Charbonnier c={cfg.loss.charbonnier_c_cells:g} cells of each scale) + "
                 f"{cfg.loss.certainty_weight:g} L_C (BCE vs valid & within "
                 f"{cfg.loss.threshold_cells:g} cell)"),
        "config": {k: v for k, v in asdict(cfg).items() if k not in ("out",)},
        "history": record.history,
    }
    if earlier is not None:
        summary["continued_from"] = earlier
    return model, summary


def initial_model(cfg):
    """Return (model in training mode, None), or with ``cfg.init`` the checkpoint's model.

    With ``cfg.init`` the network configuration and weights come from that checkpoint, and the
    second item is the record of its own training (steps, seconds, hardware) for the summary.
    """
    if not cfg.init:
        return build_matcher(cfg.net).train(), None
    checkpoint = read_checkpoint(cfg.init)
    model = build_matcher(checkpoint["config"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.train(), continuation_record(cfg.init, checkpoint)


def max_displacement_px(bank, augment):
    """Return the largest |offset| (pixels, per axis) the training covered.

    The data's 99.9th percentile plus the augmentation's extra displacement, rounded up to
    whole pixels.
    """
    return float(math.ceil(bank.offset_percentile_px() + augment.reach_px()))


def save_checkpoint(path, model, cfg, summary, max_disp_px):
    """Save the matcher checkpoint atomically to ``path``; return the checkpoint dict.

    The metadata holds the contract fields training knows (model type and version, patch
    size, ``max_disp_px``, normalisation constants) and the training ``summary``.
    """
    metadata = {"model_type": MODEL_TYPE, "version": MODEL_VERSION, "patch_size": cfg.data.patch,
                "max_displacement_px": max_disp_px, **normalisation_metadata(),
                "training": summary}
    checkpoint = {"config": model.config, "state_dict": model.state_dict(),
                  "metadata": metadata}
    return save_atomically(checkpoint, path)


def run(cfg, log=print):
    """Prepare the data, train, save; returns the checkpoint dict."""
    torch.set_num_threads(cfg.threads)
    train_bank = bank_for(TRAINING, cfg.source, cfg.data, cfg.regions, cfg.workers,
                          cfg.synthetic_count, log)
    val_bank = bank_for(VALIDATION, cfg.source, cfg.data, None, cfg.workers,
                        max(cfg.synthetic_count // 8, cfg.batch), log)
    if not len(train_bank):
        raise RuntimeError("no training patches")
    val_batches = validation_batches(val_bank, cfg)
    model_parameters = count_parameters(build_matcher(cfg.net))
    log(f"matcher ({model_parameters} parameters) on {len(train_bank)} {cfg.source} training "
        f"patches ({', '.join(train_bank.names)}), {sum(len(b['valid']) for b in val_batches)} "
        f"validation patches; budget {budget_text(cfg.steps, cfg.minutes)} of batch {cfg.batch}; "
        f"{hardware_summary()}")
    model, summary = train_matcher(cfg, train_bank, val_batches, log)
    summary["regions"], summary["validation_regions"] = train_bank.names, val_bank.names
    disp = max_displacement_px(train_bank, cfg.augment)
    checkpoint = save_checkpoint(cfg.out, model, cfg, summary, disp)
    log(f"saved {cfg.out}: best validation at step {summary['best_step']} of "
        f"{summary['steps']} ({summary['seconds']:.0f} s, {summary['seconds_per_step']:.2f} "
        f"s/step): {_format(summary['validation']) if summary['validation'] else 'n/a'}")
    return checkpoint


def parse_arguments(argv=None):
    """Parse the command line (see the module docstring) into a MatcherTrainConfig."""
    parser = argparse.ArgumentParser(description="Train the dense matcher (contract 1).")
    parser.add_argument("--out", required=True, help="checkpoint path, e.g. runs/matcher.pt")
    parser.add_argument("--steps", type=int, help="fixed step count (else --minutes)")
    parser.add_argument("--minutes", type=float, default=30.0, help="training time budget")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--certainty-weight", type=float, default=LossConfig.certainty_weight,
                        help="lambda of L = L_D + lambda L_C")
    parser.add_argument("--source", choices=SOURCES, default="pairs")
    parser.add_argument("--synthetic-count", type=int, default=512,
                        help="stand-in training patches (--source synthetic)")
    parser.add_argument("--pairs-per-region", type=int,
                        default=PairDataConfig.pairs_per_region)
    parser.add_argument("--regions", nargs="*", help="training region names (default: all)")
    parser.add_argument("--flip-samples", type=float, default=0.0,
                        help="probability of a range flip (off: layover would face far range)")
    parser.add_argument("--init", help="continue from this checkpoint's weights (new "
                        "learning-rate schedule)")
    parser.add_argument("--seed", type=int, default=0, help="training seed")
    parser.add_argument("--data-seed", type=int, default=0, help="pair drawing seed")
    parser.add_argument("--workers", type=int, default=2, help="pair simulation processes")
    parser.add_argument("--data-workers", type=int, default=0,
                        help="batch preparation processes (1 when a CPU core is free)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (2 only on an otherwise idle 2-core machine)")
    args = parser.parse_args(argv)
    return MatcherTrainConfig(
        out=args.out, steps=args.steps, minutes=args.minutes, batch=args.batch, lr=args.lr,
        seed=args.seed, threads=args.threads, workers=args.workers,
        data_workers=args.data_workers, source=args.source,
        synthetic_count=args.synthetic_count, regions=args.regions, init=args.init,
        data=PairDataConfig(pairs_per_region=args.pairs_per_region, seed=args.data_seed),
        augment=AugmentConfig(flip_samples=args.flip_samples),
        loss=LossConfig(certainty_weight=args.certainty_weight))


def main(argv=None):
    """Run training from the command line."""
    run(parse_arguments(argv))


if __name__ == "__main__":
    main()
