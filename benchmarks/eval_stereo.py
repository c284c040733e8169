"""Held-out stereo table: simulated pairs over the evaluation DEMs, heights against the truth.

For each held-out DEM (test/data/dem: the ``evaluation`` regions of training/regions.py, never
used for training) a pair is simulated (core.stereo.pairs; default: airborne, like Sasayama et
al., IGARSS 2025: X band, 5 km above the terrain, parallel tracks on the same side seeing the
scene centre at 35° and 55° incidence, 2 m ground pixels, 4-look speckle, a common log-normal
ground texture, -25 dB noise floor). The scene is a square of the DEM resampled to 2 m (the
truth); the patches are predicted from its block mean at ``--coarse-spacing`` (90 m default,
SRTM-3-like). Each matcher runs through core.stereo.pipeline; the points are compared with
the truth per point and gridded (core.stereo.scoring).

Matchers: ``coarse`` (zero offsets every 4 px: the heights of the coarse-DEM prediction itself,
the baseline a matcher has to beat), ``poc`` (core.stereo.poc, defaults), ``deep`` (the learned
matcher of core.stereo.deep, from ``--model``; skipped with a note without ``--model``),
``exact`` (the true offsets: the floor set by gridding and the truth's own
interpolation).

    .venv/bin/python scripts/eval_stereo.py [--quick] [--matchers coarse,poc,deep]
                                            [--model PATH] [DEM ...]
"""
import argparse
import time
from pathlib import Path

import numpy as np

from sar_height.core.constants import STEREO_PATCH_SIZE

ROOT = Path(__file__).resolve().parents[1]
DEM_DIR = ROOT / "test" / "data" / "dem"
QUICK_DEMS = ("yukon_south_glacier_20m", "tibet_yarlung_tsangpo_20m_utm46",
              "alps_bernese_RGI50-11.01270")
SHORT_NAMES = {"yukon_south_glacier_20m": "Yukon 20 m",
               "tibet_yarlung_tsangpo_20m_utm46": "Tibet 20 m",
               "alps_bernese_RGI50-11.01270": "Bernese Alps 46 m",
               "san_gabriel_bigtujunga_srtm30_utm11_crop": "San Gabriel 30 m"}

DEFAULT_PATCH = STEREO_PATCH_SIZE  # POC, coarse, exact
HEADER = ("| DEM | matcher | points | RMSE (m) | bias (m) | NMAD (m) | ≤1 m | ≤2 m | ≤5 m | "
          "≤10 m | DEM RMSE (m) | DEM NMAD (m) | coverage | s |")


def parse_arguments(argv=None):
    """Parse the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dems", nargs="*", type=Path,
                        help="held-out DEMs (default: test/data/dem, the evaluation regions)")
    parser.add_argument("--quick", action="store_true",
                        help="three DEMs, 600 m scenes (about a minute)")
    parser.add_argument("--matchers", default="coarse,poc",
                        help="comma list of coarse, poc, deep, exact")
    parser.add_argument("--model", type=Path, help="ONNX matcher for 'deep'")
    parser.add_argument("--min-certainty", type=float, nargs="+",
                        help="deep matcher certainty threshold(s) (default: core.stereo.deep's);"
                        " several give one row each, e.g. 0.5 0.6 0.7 0.8 0.9")
    parser.add_argument("--kind", default="airborne", choices=("airborne", "spaceborne"))
    parser.add_argument("--scene-size", type=float, help="scene side (m); default 1500 (600 "
                        "with --quick; spaceborne 10000)")
    parser.add_argument("--spacing", type=float, help="ground pixel spacing (m)")
    parser.add_argument("--incidence", type=float, nargs=2, help="reference, secondary (deg)")
    parser.add_argument("--coarse-spacing", type=float, default=90.0,
                        help="coarse DEM cell (m), a multiple of the spacing")
    parser.add_argument("--grid-factor", type=int, default=8,
                        help="output DEM cell = this x the spacing (16 m by default)")
    parser.add_argument("--patch-size", type=int,
                        help="patch size (px) for every matcher; default: the deep model's "
                        "own, 256 for the others")
    parser.add_argument("--lattice-step", type=int,
                        help="prediction lattice (px); default: half a coarse DEM cell, 2-16")
    parser.add_argument("--looks", type=float, default=4.0)
    parser.add_argument("--texture", type=float, default=0.6)
    parser.add_argument("--texture-correlation", type=float, default=2.0, help="DEM cells")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def pair_spec(args):
    """Return the resolved PairSpec of the arguments (600 m scenes with ``--quick``)."""
    from sar_height.core.stereo.pairs import PairSpec

    size = args.scene_size or (600.0 if args.quick else None)
    spec = PairSpec(kind=args.kind, spacing_m=args.spacing, scene_size_m=size,
                    incidence_deg=tuple(args.incidence) if args.incidence else None,
                    looks=args.looks, texture=args.texture,
                    texture_correlation_cells=args.texture_correlation, seed=args.seed)
    return spec.resolved()


def zero_matcher(step_px=4):
    """Offsets 0 every ``step_px``: the pipeline returns the coarse-DEM prediction's heights."""
    from sar_height.core.stereo.pipeline import DenseMatch

    def match(reference_patch, secondary_patch):
        lines = np.arange(0, reference_patch.shape[0], step_px)
        samples = np.arange(0, reference_patch.shape[1], step_px)
        sub = secondary_patch[np.ix_(lines, samples)]
        zeros = np.zeros(sub.shape)
        return DenseMatch(zeros, zeros, np.ones(sub.shape), np.isfinite(sub), lines, samples)

    return match


def deep_matcher(model_path, min_certainty=None):
    """Return the learned matcher from core.stereo.deep, or None (with a note) without --model."""
    from sar_height.core.stereo import deep

    if model_path is None:
        print("note: deep matcher skipped (no --model)")
        return None
    if min_certainty is None:
        return deep.deep_matcher(str(model_path))
    return deep.deep_matcher(str(model_path), min_certainty)


def matchers(args):
    """{name: factory(pair) -> matcher}."""
    from sar_height.core.stereo.pairs import exact_matcher
    from sar_height.core.stereo.pipeline import DEFAULT_OVERLAP, poc_matcher

    chosen = {}
    for name in args.matchers.split(","):
        name = name.strip()
        if name == "coarse":
            chosen[name] = lambda pair: zero_matcher()
        elif name == "poc":
            chosen[name] = lambda pair: poc_matcher()
        elif name == "exact":
            chosen[name] = lambda pair: exact_matcher(pair, args.patch_size or DEFAULT_PATCH,
                                                      DEFAULT_OVERLAP, args.lattice_step)
        elif name == "deep":
            for threshold in args.min_certainty or [None]:
                matcher = deep_matcher(args.model, threshold)
                label = name if threshold is None else f"deep ≥{threshold:g}"
                if matcher is not None:
                    chosen[label] = lambda pair, m=matcher: m
        else:
            raise SystemExit(f"unknown matcher {name!r}")
    return chosen


def evaluate(pair, name, matcher, args):
    """One table row's numbers for one matcher on one pair."""
    from sar_height.core.stereo.pipeline import stereo_to_points
    from sar_height.core.stereo.scoring import compare_gridded, height_stats, point_errors_m
    from sar_height.core.stereo.surface import DemSurface

    patch_size = args.patch_size or int(getattr(matcher, "patch_size", DEFAULT_PATCH))
    start = time.perf_counter()
    points = stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                              pair.secondary_image, matcher, dem=pair.coarse_surface,
                              patch_size=patch_size, lattice_step=args.lattice_step)
    seconds = time.perf_counter() - start
    truth = DemSurface(pair.open_fine_dem())
    stats = height_stats(point_errors_m(points, truth))
    grid = compare_gridded(points, pair.scene, args.grid_factor)
    return dict(matcher=name, points=stats.count, stats=stats, grid=grid, seconds=seconds)


def row(dem_name, r):
    """Return the Markdown table row of one evaluate() result (the bias column is the median)."""
    s, g = r["stats"], r["grid"]
    cells = [dem_name, r["matcher"], str(s.count), f"{s.rmse_m:.2f}", f"{s.median_error_m:+.2f}",
             f"{s.nmad_m:.2f}", *(f"{100 * w:.0f} %" for w in s.within),
             f"{g.stats.rmse_m:.2f}", f"{g.stats.nmad_m:.2f}", f"{100 * g.coverage:.1f} %",
             f"{r['seconds']:.1f}"]
    return "| " + " | ".join(cells) + " |"


def mean_row(name, rows):
    """Return the Markdown row of matcher ``name``'s means over the DEMs (NaNs ignored)."""

    def mean(get):
        return float(np.nanmean([get(r) for r in rows]))

    within = [mean(lambda r, i=i: r["stats"].within[i]) for i in range(4)]
    cells = ["**mean**", name, f"{mean(lambda r: r['points']):.0f}",
             f"{mean(lambda r: r['stats'].rmse_m):.2f}",
             f"{mean(lambda r: r['stats'].median_error_m):+.2f}",
             f"{mean(lambda r: r['stats'].nmad_m):.2f}", *(f"{100 * w:.0f} %" for w in within),
             f"{mean(lambda r: r['grid'].stats.rmse_m):.2f}",
             f"{mean(lambda r: r['grid'].stats.nmad_m):.2f}",
             f"{100 * mean(lambda r: r['grid'].coverage):.1f} %",
             f"{mean(lambda r: r['seconds']):.1f}"]
    return "| " + " | ".join(cells) + " |"


def describe(spec, pair, factor, args):
    """Return the one-line description of the pair settings printed above the table."""
    from sar_height.core.stereo.patches import auto_lattice_step

    lattice = args.lattice_step or auto_lattice_step(pair.reference, pair.coarse_surface)
    angle = abs(pair.incidence_at_centre_deg[0] - pair.incidence_at_centre_deg[1])
    return (f"{spec.kind} pair: incidence {spec.incidence_deg[0]:g}°/{spec.incidence_deg[1]:g}° "
            f"(same side, ~{angle:.0f}° apart), {spec.altitude_m:g} m above the terrain, "
            f"{spec.spacing_m:g} m ground pixels, {spec.looks:g} looks, texture "
            f"{spec.texture:g} ({spec.texture_correlation_cells:g} cells), "
            f"{spec.noise_floor_db:g} dB noise floor, seed {spec.seed}; scene "
            f"{spec.scene_size_m:g} m; coarse DEM {factor * spec.spacing_m:g} m "
            f"({factor} x {factor} block mean); patches {args.patch_size or 'default'} px, "
            f"prediction lattice "
            f"{lattice} px; output DEM "
            f"{args.grid_factor * spec.spacing_m:g} m cells")


def main(argv=None):
    """Simulate a pair per DEM, run every chosen matcher on it and print the table."""
    from sar_height.core.stereo.pairs import simulate_pair

    args = parse_arguments(argv)
    spec = pair_spec(args)
    factor = max(1, int(round(args.coarse_spacing / spec.spacing_m)))
    names = QUICK_DEMS if args.quick else [p.stem for p in sorted(DEM_DIR.glob("*.tif"))]
    dems = args.dems or [DEM_DIR / f"{n}.tif" for n in names]
    chosen = matchers(args)
    results, described = {name: [] for name in chosen}, False
    lines = []
    for path in dems:
        start = time.perf_counter()
        pair = simulate_pair(path, spec, coarse_factor=factor)
        simulated = time.perf_counter() - start
        if not described:
            print(describe(spec, pair, factor, args) + "\n")
            print(HEADER)
            print("|" + "---|" * (HEADER.count("|") - 1))
            described = True
        dem_name = SHORT_NAMES.get(Path(path).stem, Path(path).stem)
        lines.append(f"{dem_name}: image {pair.reference_image.shape[0]} x "
                     f"{pair.reference_image.shape[1]}, {100 * pair.valid.mean():.0f} % of "
                     f"the reference pixels valid, simulated in {simulated:.1f} s")
        for name, factory in chosen.items():
            r = evaluate(pair, name, factory(pair), args)
            results[name].append(r)
            print(row(dem_name, r), flush=True)
        pair.release()
    for name, rows in results.items():
        print(mean_row(name, rows))
    print()
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
