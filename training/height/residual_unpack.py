r"""Turn a contract-v2 training state into a model checkpoint, without the training data.

    .venv/bin/python -m sar_height.training.height.residual_unpack \
        --pack training/checkpoints/v2_ask_unet_reconstructed.pack.pt --out runs/v2_dev.pt [--last]

``--pack`` takes a packed state (``residual_train --pack``) or a whole ``OUT.state.pt``. The
checkpoint is the one :meth:`Run.save_model <training.height.residual_train.Run.save_model>`
writes at the end of a run (kind, width, float32 weights, contract_metadata with uncertainty
scale 1, for residual_evaluate --calibrate and residual_export): of the best validated state by
default, of the current weights with ``--last``. The training record is the state's (steps, best
step, seconds, validation history, configuration); what a state does not hold - the hardware and
the number of training windows - is marked as such.
"""
import argparse
from dataclasses import fields

import numpy as np
import torch

from sar_height.core.inference.residual_contract import CHANNELS, OUTPUTS

from ..common.checkpoints import read_checkpoint
from ..common.loop import BestState
from ..regions import TRAINING, regions
from .networks import build_network
from .residual_data import CleanConfig
from .residual_train import ResidualTrainConfig, Run


def config_from_state(config):
    """Return the ResidualTrainConfig recorded in a state (its ``asdict`` form)."""
    known = {f.name for f in fields(ResidualTrainConfig)}
    unknown = sorted(set(config) - known)
    if unknown:
        raise ValueError(f"The state's configuration has fields this code does not know: "
                         f"{unknown}; unpack it with the version of residual_train that wrote it.")
    return ResidualTrainConfig(**dict(config, data=CleanConfig(**config["data"])))


class _RecordedData:
    """Stands for the training windows in the summary: region names from the configuration."""

    def __init__(self, cfg):
        self.names = sorted(r.name for r in regions(TRAINING, cfg.regions))

    def regions(self):
        """Return the sorted names of the training regions."""
        return self.names

    def __len__(self):
        return 0  # unknown without the scenes; the summary says so


class UnpackedRun(Run):
    """A :class:`Run` restored from a state file alone: weights and record, no data or optimiser."""

    def __init__(self, path, out):
        # not Run.__init__: it would generate (or load) every clean scene of the training
        state = read_checkpoint(path)
        if state.get("best", {}).get("state") is None:
            raise ValueError(f"{path} holds no validated state yet: train on to the first "
                             f"validation.")
        self.source = str(path)
        self.cfg = config_from_state(state["config"])
        self.cfg.out, self.log = str(out), lambda text: None
        self.train = _RecordedData(self.cfg)
        self.model = build_network(self.cfg.kind, self.cfg.base_width,
                                   in_channels=len(CHANNELS), out_channels=len(OUTPUTS))
        self.rng = np.random.default_rng(self.cfg.seed)  # load_pack restores the state's
        self.best, self.losses, self.rewarm_until = BestState(), [], 0
        self.step, self.seconds, self.history = 0, 0.0, []

    def summary(self):
        """Return Run.summary with what the state does not record marked as unknown."""
        record = super().summary()
        note = f"not recorded in the training state ({self.source}); see the state's run log"
        record.update(samples=None, hardware=f"unknown: {note}", unpacked_from=self.source,
                      last_step=self.step)
        return record


def unpack(path, out, last=False):
    """Write the model checkpoint of the state at ``path`` to ``out``; return the checkpoint.

    ``last``: the current weights instead of the best validated ones (``best_step`` and the
    validation record of the summary still describe the best state, ``last_step`` the weights).
    """
    saved = torch.get_rng_state()  # network init and load_pack use it; the caller's comes back
    try:
        run = UnpackedRun(path, out)
        run.load_pack(path)
    finally:
        torch.set_rng_state(saved)
    if last:
        run.best.state = {k: v.detach().clone() for k, v in run.model.state_dict().items()}
    return run.save_model()


def main(argv=None):
    """Unpack a state from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", required=True,
                        help="packed state (residual_train --pack) or OUT.state.pt")
    parser.add_argument("--out", required=True, help="checkpoint to write, e.g. runs/NAME.pt")
    parser.add_argument("--last", action="store_true",
                        help="the current weights instead of the best validated state")
    args = parser.parse_args(argv)
    checkpoint = unpack(args.pack, args.out, args.last)
    record = checkpoint["metadata"]["training"]
    which = (f"the weights of step {record['last_step']}" if args.last else
             "the best state")
    print(f"wrote {args.out}: {which}, {record['steps']} steps trained "
          f"({record['seconds']:.0f} s); best step {record['best_step']}, validation score "
          f"{record['validation_score']:.3f}", flush=True)


if __name__ == "__main__":
    main()
