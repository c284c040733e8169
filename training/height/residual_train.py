r"""Train a contract-v2 height network (residual on the prior surface, with uncertainty).

    .venv/bin/python -m sar_height.training.height.residual_train --kind ask_unet \\
        --input reconstructed --out runs/v2_ask_unet_reconstructed.pt --steps 15000 [--resume]

Long runs are meant to be stopped and continued: every ``--checkpoint-every`` steps the whole
training state (weights, optimiser, step, random generators, best state, history) is written
atomically to ``OUT.state.pt``; ``--resume`` continues from it to the same budget with the same
schedule. ``--pack FILE`` writes a compact copy of that state without the optimiser (about a
third of its size, small enough to commit, as training/checkpoints/ does between sessions) and
``--resume --resume-pack FILE`` continues from it. ``--init PATH`` starts a new run from the
weights of another checkpoint.

Data: clean scenes of the TRAINING regions (training.height.residual_data), samples with fresh
priors (scattered 0.01-5 % or the full 3x coarser DEM) and fresh radiometry for every patch at
every step (training.height.residual_patches). Validation: a fixed set of windows of the
VALIDATION region, each with scattered priors at 0.05 % and with the full coarse DEM, 4 looks;
the state with the lowest mean of the two ratios "model RMSE / prior surface RMSE" is kept.
The EVALUATION regions are never read here.
"""
import argparse
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import torch

from sar_height.core.inference.residual_contract import (
    CHANNELS,
    CONTRACT_VERSION,
    INPUT_NAME,
    MODEL_FORMAT,
    OUTPUT_NAME,
    OUTPUTS,
    STRIDE,
)

from ..common.checkpoints import read_checkpoint, save_atomically
from ..common.loop import (
    BestState,
    evenly_spread,
    fastest_memory_format,
    hardware_summary,
    set_learning_rate,
)
from ..regions import TRAINING, VALIDATION
from .loss import residual_loss
from .networks import build_network
from .radiometry import fixed_radiometry
from .residual_data import CACHE_DIR, CleanConfig, clean_scenes_for
from .residual_patches import PriorDraw, ResidualSamples

KINDS = ("ask_unet", "unet")
MEMORY_FORMATS = {"channels_last": torch.channels_last, "contiguous": torch.contiguous_format}
INPUT_KINDS = ("reconstructed", "geocoded")
VALIDATION_MODES = (("scattered_0.05%", PriorDraw(lattice=False, density=0.0005)),
                    ("coarse_dem_3x", PriorDraw(lattice=True)))


@dataclass
class ResidualTrainConfig:
    """Everything that defines a run (stored in the checkpoint)."""

    kind: str = "ask_unet"
    input_kind: str = "reconstructed"
    out: str = "runs/v2.pt"
    steps: int = 15000
    batch: int = 8
    patch: int = 128
    base_width: int = 16
    lr: float = 2e-3
    warmup_steps: int = 200
    weight_decay: float = 1e-4
    grad_weight: float = 0.5
    nll_weight: float = 0.2
    landcover_max_db: float = 1.5
    landcover_none_share: float = 0.35
    validations: int = 30
    max_validation_windows: int = 48
    checkpoint_every: int = 250
    seed: int = 0
    threads: int = 2
    workers: int = 2
    regions: Optional[list] = None
    memory_format: str = "auto"  # "auto" (time both at start), "channels_last", "contiguous"
    init: Optional[str] = None
    cache_dir: str = str(CACHE_DIR)
    data: CleanConfig = field(default_factory=CleanConfig)


def _format_name(memory_format):
    return next(k for k, v in MEMORY_FORMATS.items() if v == memory_format)


def learning_rate(cfg, step):
    """Return the learning rate at ``step``: linear warm-up, then cosine decay over the budget."""
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    fraction = min(1.0, (step - cfg.warmup_steps) / max(1, cfg.steps - cfg.warmup_steps))
    return cfg.lr * 0.5 * (1.0 + math.cos(math.pi * fraction))


class ValidationSet:
    """Fixed validation inputs: every window in each of VALIDATION_MODES, 4 looks, seeded."""

    def __init__(self, samples, limit, seed=1234):
        keep = evenly_spread(len(samples), limit)
        rng = np.random.default_rng(seed)
        self.modes = {}
        for name, priors in VALIDATION_MODES:
            items = [samples.item(int(i), rng, priors, fixed_radiometry(4.0)) for i in keep]
            spacing = np.array([samples.scenes[samples.windows[int(i)].scene].spacing_m
                                for i in keep], dtype=np.float32)
            self.modes[name] = (np.stack([a for a, _ in items]), np.stack([b for _, b in items]),
                                spacing)

    def rmse_m(self, model, batch=16):
        """Return {mode: (model RMSE, prior-surface RMSE)} in metres."""
        out = {}
        model.eval()
        with torch.no_grad():
            for name, (x, y, spacing) in self.modes.items():
                residual = np.concatenate([model(torch.from_numpy(x[i:i + batch]))[:, :1].numpy()
                                           for i in range(0, len(x), batch)])
                metres = spacing[:, None, None, None]
                valid = np.isfinite(y)
                error = ((residual - y) * metres)[valid]
                prior = (y * metres)[valid]
                out[name] = (float(np.sqrt(np.mean(error ** 2))),
                             float(np.sqrt(np.mean(prior ** 2))))
        model.train()
        return out


def contract_metadata(cfg, summary):
    """Return the contract-v2 metadata of a trained model (uncertainty not yet calibrated)."""
    return {"format": MODEL_FORMAT, "contract": CONTRACT_VERSION,
            "channels": list(CHANNELS), "outputs": list(OUTPUTS), "input_name": INPUT_NAME,
            "output_name": OUTPUT_NAME, "model_type": cfg.kind, "input_kind": cfg.input_kind,
            "stride": STRIDE, "tile_size": cfg.patch, "overlap": cfg.patch // 4,
            "pixel_spacing_range_m": list(cfg.data.spacing_m),
            "pixel_spacing_m": round(math.sqrt(cfg.data.spacing_m[0] * cfg.data.spacing_m[1]), 2),
            "look_direction": "east",
            "uncertainty_scale": 1.0, "training": summary}


class Run:
    """One training run: model, optimiser, data, state, checkpointing."""

    def __init__(self, cfg, log=print):
        self.cfg, self.log = cfg, log
        torch.set_num_threads(cfg.threads)
        torch.manual_seed(cfg.seed)
        self.rng = np.random.default_rng(cfg.seed)
        train_scenes = clean_scenes_for(TRAINING, cfg.data, cfg.regions, cfg.workers,
                                        cfg.cache_dir, log)
        val_scenes = clean_scenes_for(VALIDATION, cfg.data, None, cfg.workers, cfg.cache_dir,
                                      log)
        self.train = ResidualSamples(train_scenes, cfg.input_kind, cfg.patch, cfg.patch // 2,
                                     (cfg.landcover_max_db, cfg.landcover_none_share))
        self.validation = ValidationSet(ResidualSamples(val_scenes, cfg.input_kind, cfg.patch,
                                                        cfg.patch), cfg.max_validation_windows)
        self.model = build_network(cfg.kind, cfg.base_width, in_channels=len(CHANNELS),
                                   out_channels=len(OUTPUTS))
        self.memory_format = self._choose_memory_format()
        self.optimiser = torch.optim.Adam(self.model.parameters(), lr=cfg.lr,
                                          weight_decay=cfg.weight_decay)
        self.step, self.seconds, self.history = 0, 0.0, []
        self.best = BestState()
        self.losses = []
        self.rewarm_until = 0

    def _choose_memory_format(self):
        """Return the tensor layout of the training steps (faster of the two under "auto").

        The layout changes the floating-point order of the convolutions, so a resumed run
        takes the one its state was trained in (``load_state``).
        """
        if self.cfg.memory_format != "auto":
            chosen = MEMORY_FORMATS[self.cfg.memory_format]
            self.model.to(memory_format=chosen)
            return chosen
        chosen, timing = fastest_memory_format(
            self.model, (self.cfg.batch, len(CHANNELS), self.cfg.patch, self.cfg.patch))
        self.log(f"memory format {_format_name(chosen)} (seconds per step: {timing})")
        return chosen

    def _use_memory_format(self, name):
        self.memory_format = MEMORY_FORMATS[name]
        self.model.to(memory_format=self.memory_format)

    @property
    def state_path(self):
        """Return the path of the resumable training state (``OUT.state.pt``)."""
        return Path(self.cfg.out).with_suffix(".state.pt")

    def save_state(self):
        """Write the whole training state atomically (see the module docstring)."""
        save_atomically({"config": asdict(self.cfg), "model": self.model.state_dict(),
                         "optimiser": self.optimiser.state_dict(), "step": self.step,
                         "seconds": self.seconds, "history": self.history,
                         "rng": self.rng.bit_generator.state,
                         "torch_rng": torch.get_rng_state(),
                         "memory_format": _format_name(self.memory_format),
                         "best": {"error": self.best.error, "state": self.best.state,
                                  "step": self.best.step, "extra": self.best.extra}},
                        self.state_path)

    def load_state(self):
        """Continue from ``OUT.state.pt``."""
        state = read_checkpoint(self.state_path)
        self.model.load_state_dict(state["model"])
        self.optimiser.load_state_dict(state["optimiser"])
        if "memory_format" in state:
            self._use_memory_format(state["memory_format"])
        self.step, self.seconds, self.history = state["step"], state["seconds"], state["history"]
        self.rng.bit_generator.state = state["rng"]
        torch.set_rng_state(state["torch_rng"])
        best = state["best"]
        self.best.error, self.best.state = best["error"], best["state"]
        self.best.step, self.best.extra = best["step"], best["extra"]
        self.log(f"resumed {self.state_path} at step {self.step} ({self.seconds:.0f} s so far)")

    def pack_state(self, path):
        """Write a compact resumable state for the repository: no optimiser moments.

        The current weights stay float32 (the run continues exactly from them); the best state's
        weights are stored as float16, enough to compare and to export if the run ends there.
        """
        best = {k: v.half() if v.is_floating_point() else v for k, v in self.best.state.items()}
        save_atomically({"config": asdict(self.cfg), "model": self.model.state_dict(),
                         "step": self.step, "seconds": self.seconds, "history": self.history,
                         "rng": self.rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                         "memory_format": _format_name(self.memory_format),
                         "best": {"error": self.best.error, "state": best, "step": self.best.step,
                                  "extra": self.best.extra}}, path)

    def load_pack(self, path):
        """Continue from a :meth:`pack_state` file; Adam's moments restart with a short warm-up."""
        state = read_checkpoint(path)
        self.model.load_state_dict(state["model"])
        if "memory_format" in state:
            self._use_memory_format(state["memory_format"])
        self.step, self.seconds, self.history = state["step"], state["seconds"], state["history"]
        self.rng.bit_generator.state = state["rng"]
        torch.set_rng_state(state["torch_rng"])
        best = state["best"]
        self.best.error, self.best.step = best["error"], best["step"]
        self.best.extra = best["extra"]
        self.best.state = {k: v.float() if v.is_floating_point() else v
                           for k, v in best["state"].items()}
        self.rewarm_until = self.step + self.cfg.warmup_steps
        self.log(f"resumed the packed state {path} at step {self.step} (optimiser moments "
                 f"restart; learning rate re-warmed over {self.cfg.warmup_steps} steps)")

    def validate(self):
        """Measure the validation set, log it, and offer the state to the best-state keeper."""
        result = self.validation.rmse_m(self.model)
        score = float(np.mean([model / prior for model, prior in result.values()]))
        loss = float(np.mean(self.losses[-50:])) if self.losses else float("nan")
        self.history.append({"step": self.step, "seconds": round(self.seconds, 1), "loss": loss,
                             "score": score, **{k: list(v) for k, v in result.items()}})
        text = "  ".join(f"{k} {m:.2f}/{p:.2f} m" for k, (m, p) in result.items())
        self.log(f"step {self.step:6d} {self.seconds:7.0f} s loss {loss:.4f} score {score:.3f} "
                 f"{text}")
        self.best.offer(score, self.model, self.step, result)

    def train_step(self):
        """Run one optimiser step on a fresh batch."""
        cfg = self.cfg
        rate = learning_rate(cfg, self.step)
        if self.step < self.rewarm_until:
            rate *= (self.step + 1 - self.rewarm_until + cfg.warmup_steps) / cfg.warmup_steps
        set_learning_rate(self.optimiser, rate)
        numbers = self.rng.integers(0, len(self.train), cfg.batch)
        x, y = self.train.batch(numbers, self.rng, self.rng.random(cfg.batch) < 0.5)
        output = self.model(torch.from_numpy(x).contiguous(memory_format=self.memory_format))
        loss = residual_loss(output, torch.from_numpy(y), cfg.grad_weight, cfg.nll_weight)
        self.optimiser.zero_grad(set_to_none=True)
        loss.backward()
        self.optimiser.step()
        self.losses.append(loss.item())
        self.step += 1

    def run(self, until=None):
        """Train to the step budget (or to step ``until``) with validations and checkpoints."""
        import time

        every = max(1, self.cfg.steps // (self.cfg.validations + 1))
        last = self.cfg.steps if until is None else min(until, self.cfg.steps)
        self.model.train()
        while self.step < last:
            start = time.perf_counter()
            self.train_step()
            self.seconds += time.perf_counter() - start
            if self.step % every == 0 or self.step == self.cfg.steps:
                self.validate()
            if self.step % self.cfg.checkpoint_every == 0 or self.step == self.cfg.steps:
                self.save_state()

    def summary(self):
        """Return the training record stored in the model metadata."""
        return {"regions": self.train.regions(), "samples": len(self.train),
                "steps": self.step, "batch": self.cfg.batch, "best_step": self.best.step,
                "seconds": round(self.seconds, 1), "hardware": hardware_summary(),
                "validation": self.best.extra, "validation_score": self.best.error,
                "config": {k: v for k, v in asdict(self.cfg).items() if k != "data"},
                "data": asdict(self.cfg.data), "history": self.history}

    def save_model(self):
        """Write the checkpoint of the best state to OUT (kind, width, weights, metadata)."""
        self.model.load_state_dict(self.best.state)
        self.model = self.model.to(memory_format=torch.contiguous_format)
        checkpoint = {"kind": self.cfg.kind, "base_width": self.cfg.base_width,
                      "contract_version": CONTRACT_VERSION, "state_dict": self.model.state_dict(),
                      "metadata": contract_metadata(self.cfg, self.summary())}
        return save_atomically(checkpoint, self.cfg.out)


def parse_arguments(argv=None):
    """Return (ResidualTrainConfig, resume flag) from the command line."""
    parser = argparse.ArgumentParser(description="Train a contract-v2 height network.")
    parser.add_argument("--kind", choices=KINDS, default="ask_unet")
    parser.add_argument("--input", dest="input_kind", choices=INPUT_KINDS,
                        default="reconstructed")
    parser.add_argument("--out", required=True, help="checkpoint path, e.g. runs/NAME.pt")
    parser.add_argument("--steps", type=int, default=15000)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--base-width", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--workers", type=int, default=2, help="scene generation processes")
    parser.add_argument("--checkpoint-every", type=int, default=250)
    parser.add_argument("--validations", type=int, default=30)
    parser.add_argument("--scenes-per-region", type=int, default=CleanConfig.scenes_per_region)
    parser.add_argument("--regions", nargs="*", help="training region names (default: all)")
    parser.add_argument("--landcover-db", type=float, default=1.5,
                        help="largest land-cover contrast drawn (std, dB)")
    parser.add_argument("--landcover-none", type=float, default=0.35,
                        help="share of patches without land-cover contrast")
    parser.add_argument("--memory-format", choices=("auto",) + tuple(MEMORY_FORMATS),
                        default="auto", help="tensor layout of the training steps (auto: the "
                        "faster on this CPU, timed at start)")
    parser.add_argument("--resume", action="store_true", help="continue from OUT.state.pt")
    parser.add_argument("--init", help="start from the weights of this checkpoint")
    parser.add_argument("--pack", help="write a compact resumable state (see Run.pack_state) "
                        "of OUT.state.pt to this path and stop")
    parser.add_argument("--resume-pack", help="with --resume and no OUT.state.pt: continue "
                        "from this packed state")
    args = parser.parse_args(argv)
    data = CleanConfig(scenes_per_region=args.scenes_per_region)
    cfg = ResidualTrainConfig(kind=args.kind, input_kind=args.input_kind, out=args.out,
                              steps=args.steps, batch=args.batch, lr=args.lr,
                              base_width=args.base_width, seed=args.seed, threads=args.threads,
                              workers=args.workers, checkpoint_every=args.checkpoint_every,
                              validations=args.validations, regions=args.regions,
                              init=args.init, data=data, memory_format=args.memory_format,
                              landcover_max_db=args.landcover_db,
                              landcover_none_share=args.landcover_none)
    return cfg, args


def main(argv=None):
    """Train (or continue) one run and write its checkpoint."""
    cfg, args = parse_arguments(argv)
    run = Run(cfg)
    if args.pack:
        run.load_state()
        run.pack_state(args.pack)
        print(f"packed {run.state_path} (step {run.step}) into {args.pack}", flush=True)
        return
    print(f"{cfg.kind} on {cfg.input_kind}: {len(run.train)} training windows from "
          f"{len(run.train.regions())} regions; {cfg.steps} steps of batch {cfg.batch}",
          flush=True)
    if args.resume and run.state_path.exists():
        run.load_state()
    elif args.resume and args.resume_pack:
        run.load_pack(args.resume_pack)
    elif cfg.init:
        run.model.load_state_dict(read_checkpoint(cfg.init)["state_dict"])
        print(f"initialised from {cfg.init}", flush=True)
    run.run()
    run.save_model()
    print(f"saved {cfg.out}: best score {run.best.error:.3f} at step {run.best.step}",
          flush=True)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    main()
