r"""Print the numbers of a contract-v2 model card from the shipped files.

    .venv/bin/python -m sar_height.training.height.residual_card \
        --onnx resources/models/ask_unet_reconstructed.onnx --eval runs/v2_eval.json

Every number the card (resources/models/ask_unet_reconstructed.md) leaves as ``<<TBD>>`` until
a model is final, in the card's own Markdown: the file's size and SHA-256, the weights' hash,
the uncertainty scale and the export difference (from the ONNX metadata), the training record
(steps, best step, seconds, hardware, validation history) and, from residual_evaluate's
``--json``, the held-out tables. Nothing is written; the card is edited by hand.
"""
import argparse
import hashlib
import json
import os

from sar_height.core.inference.model import ResidualHeightModel

REGIONS = (("alps_bernese", "Bernese Alps"), ("san_gabriel", "San Gabriel"),
           ("tibet_yarlung", "Yarlung Tsangpo"), ("yukon_south_glacier", "Yukon"))
DENSITIES = (("0.0001", "0.01 %"), ("0.0005", "0.05 %"), ("0.002", "0.2 %"), ("0.01", "1 %"),
             ("0.05", "5 %"), ("coarse_dem_3x", "coarse DEM 3×"))
LOOKS = (("1.0", "1"), ("4.0", "4"), ("16.0", "16"), ("64.0", "64"), ("0.0", "noise-free"))


def file_lines(path, meta):
    """Return the card's lines on the file, the weights and the uncertainty scale."""
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    export = meta.get("export", {})
    table = meta.get("uncertainty_by_distance")
    by_distance = ("uncertainty_by_distance: " + ", ".join(
        f"{d:.3g} px {s:.3f}" for d, s in zip(table["distance_px"], table["scale"]))
        if table else "uncertainty_by_distance: none (one scale)")
    return [f"uncertainty_scale {meta['uncertainty_scale']:.4f}", by_distance,
            f"weights_sha256 {meta['weights_sha256']}",
            f"file {os.path.getsize(path) / 1e6:.2f} MB, opset {export.get('opset')} "
            f"({export.get('exporter')}), file SHA-256 {digest}",
            f"export parity: max abs difference {export.get('max_abs_diff', float('nan')):.1e}"]


def training_lines(training):
    """Return the card's lines on the training record and the validation history table."""
    history = training.get("history", [])
    lines = [f"steps {training['steps']} (last weights at step "
             f"{training.get('last_step', training['steps'])}), best step "
             f"{training['best_step']}, {training['seconds']:.0f} s, hardware: "
             f"{training['hardware']}",
             "| step | " + " | ".join(str(h["step"]) for h in history) + " |",
             "|---|" + "---|" * len(history)]
    for key, label in (("scattered_0.05%", "scattered 0.05 %"), ("coarse_dem_3x", "coarse DEM 3×")):
        lines.append(f"| validation RMSE (m), {label}: model / prior surface | " + " | ".join(
            f"{h[key][0]:.3g} / {h[key][1]:.3g}" for h in history) + " |")
    lines.append("| score | " + " | ".join(f"{h['score']:.3f}" for h in history) + " |")
    return lines


def _m(value):
    """Return metres with one decimal, two below 10 m (the coarse-DEM mode's few metres)."""
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _pair(summary):
    return f"{_m(summary['model_rmse_m'])} / {_m(summary['prior_rmse_m'])}"


def evaluation_lines(tables):
    """Return the card's evaluation tables from residual_evaluate's JSON."""
    density = tables["density"]
    lines = ["| priors | prior surface RMSE | model RMSE | within 1 σ | within 2 σ |",
             "|---|---|---|---|---|"]
    for key, label in DENSITIES:
        s = density[key]["pooled"]
        lines.append(f"| {label} | {_m(s['prior_rmse_m'])} | {_m(s['model_rmse_m'])} | "
                     f"{100 * s['within_1_sigma']:.0f} % | {100 * s['within_2_sigma']:.0f} % |")
    lines += ["", "| region | 0.05 % | coarse DEM 3× |", "|---|---|---|"]
    for key, label in REGIONS:
        lines.append(f"| {label} | {_pair(density['0.0005'][key])} | "
                     f"{_pair(density['coarse_dem_3x'][key])} |")
    looks = "; ".join(f"{label}: {_m(tables['looks'][key]['model_rmse_m'])} m, "
                      f"{100 * tables['looks'][key]['within_1_sigma']:.0f} %"
                      for key, label in LOOKS)
    lee, slc = tables["lee_filter"]["4_looks"], tables["radar_pixels"]["slc_like"]
    sparse = density["0.0005"]["pooled"]
    lines += ["", f"looks — {looks}",
              f"Lee filter: {_pair(lee)} m, {100 * lee['within_1_sigma']:.0f} % within 1 σ",
              f"SLC-like: {_pair(slc)} m, {100 * slc['within_1_sigma']:.0f} % within 1 σ",
              f"rings (0.05 %): model {sparse['ring_model']:.2f}, truth "
              f"{sparse['ring_truth']:.2f}"]
    return lines


def main(argv=None):
    """Print the card's numbers from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", required=True, help="the exported contract-v2 model")
    parser.add_argument("--eval", help="residual_evaluate --json output")
    args = parser.parse_args(argv)
    meta = ResidualHeightModel(args.onnx, threads=1).metadata
    lines = file_lines(args.onnx, meta) + [""] + training_lines(meta["training"])
    if args.eval:
        with open(args.eval) as f:
            lines += [""] + evaluation_lines(json.load(f))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
