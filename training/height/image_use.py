r"""How much a training state gets from the image: validation RMSE with the SAR, without it.

    .venv/bin/python -m sar_height.training.height.image_use runs/NAME.state.pt [--best]

On the validation windows of training (same priors as ResidualTrainConfig's validation, seed
1234) and four radiometries (1, 4, 64 looks, noise-free), prints the RMSE (metres) of the
network, of the same network with the SAR channel blanked (0 = the scene median), and of the
prior surface alone. A model that uses the image well gains more as the image gets cleaner.
"""
import argparse

import numpy as np
import torch

from ..common.checkpoints import read_checkpoint
from ..common.loop import evenly_spread
from .networks import build_network
from .radiometry import fixed_radiometry
from .residual_data import CleanConfig, clean_scenes_for
from .residual_patches import ResidualSamples
from .residual_train import VALIDATION, VALIDATION_MODES, ResidualTrainConfig

RADIOMETRIES = (("1 look", 1.0), ("4 looks", 4.0), ("64 looks", 64.0), ("noise-free", 0.0))


def rmse_m(network, x, y, spacing_m, batch=16):
    """Return the RMSE (m) of the network's residual on inputs ``x`` against targets ``y``."""
    with torch.no_grad():
        residual = np.concatenate([network(torch.from_numpy(x[i:i + batch]))[:, :1].numpy()
                                   for i in range(0, len(x), batch)])
    valid = np.isfinite(y)
    return float(np.sqrt(np.mean(((residual - y) * spacing_m)[valid] ** 2)))


def main(argv=None):
    """Print the image-use table of a training state."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state", help="OUT.state.pt or a packed state")
    parser.add_argument("--best", action="store_true", help="the best state, not the last")
    parser.add_argument("--windows", type=int, default=48)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    state = read_checkpoint(args.state)
    cfg = ResidualTrainConfig(**{k: v for k, v in state["config"].items() if k != "data"})
    network = build_network(cfg.kind, cfg.base_width, in_channels=3, out_channels=2).eval()
    weights = state["best"]["state"] if args.best else state["model"]
    network.load_state_dict({k: v.float() if v.is_floating_point() else v
                             for k, v in weights.items()})
    print(f"step {state['step']} (best {state['best']['step']}); "
          f"{'best' if args.best else 'last'} weights", flush=True)
    scenes = clean_scenes_for(VALIDATION, CleanConfig(), None, 1, cfg.cache_dir,
                              log=lambda m: None)
    samples = ResidualSamples(scenes, cfg.input_kind, cfg.patch, cfg.patch)
    keep = evenly_spread(len(samples), args.windows)
    spacing = np.array([samples.scenes[samples.windows[int(i)].scene].spacing_m for i in keep],
                       np.float32)[:, None, None, None]
    for name, looks in RADIOMETRIES:
        for mode, priors in VALIDATION_MODES:
            rng = np.random.default_rng(1234)
            items = [samples.item(int(i), rng, priors, fixed_radiometry(looks)) for i in keep]
            x, y = np.stack([a for a, _ in items]), np.stack([b for _, b in items])
            blank = x.copy()
            blank[:, 0] = 0.0
            prior = float(np.sqrt(np.mean((y * spacing)[np.isfinite(y)] ** 2)))
            print(f"{name:11s} {mode:16s} model {rmse_m(network, x, y, spacing):7.2f} m  "
                  f"SAR blanked {rmse_m(network, blank, y, spacing):7.2f} m  "
                  f"prior surface {prior:7.2f} m", flush=True)


if __name__ == "__main__":
    main()
