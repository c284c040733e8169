"""`make eval-reconstruction`: layover reconstruction vs. conventional geocoding against truth.

For each real mountainous DEM in test/data/dem (or the paths given): the "measured" image is
simulated from the full-resolution DEM (log-normal reflectivity texture, 4-look speckle)
under a Sentinel-1-like straight track (700 km, 7.5 km/s, right-looking, 37 deg incidence,
2.33 m slant range x 14 m azimuth pixels); the reconstruction runs on the same terrain at 3 x
coarser spacing (3 x 3 block mean). Both outputs are compared with the true per-cell
backscatter in dB after a 3 x 3 boxcar multilook, over layover and over clear cells (see
core/reconstruction/truth.py). Prints a Markdown table (the one in docs/reconstruction.md).

    .venv/bin/python scripts/eval_reconstruction.py [--incidence 37] [--looks 4] [DEM ...]
"""
import argparse
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEM_DIR = ROOT / "test" / "data" / "dem"

HEADER = ("| DEM | coarse cells | layover % | layover cells compared | layover RMSE "
          "reconstructed (dB) | layover RMSE geocoded (dB) | layover bias reconstructed (dB) | "
          "layover bias geocoded (dB) | clear RMSE reconstructed (dB) | clear RMSE geocoded "
          "(dB) | energy ratio | s |")


def parse_arguments(argv=None):
    """Parse the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dems", nargs="*", type=Path, help="fine DEMs (default: test/data/dem)")
    parser.add_argument("--incidence", type=float, default=37.0, help="degrees at the centre")
    parser.add_argument("--looks", type=float, default=4.0, help="speckle looks (0 = none)")
    parser.add_argument("--texture", type=float, default=0.5, help="std of the reflectivity")
    parser.add_argument("--factor", type=int, default=3, help="coarse / fine cell size")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def row(r):
    """Return the Markdown table row of one truth case's result ``r`` (columns of HEADER)."""
    cells = [r.name, str(r.coarse_cells), f"{100 * r.layover_share:.1f}", str(r.layover_cells),
             f"{r.rmse_layover_reconstructed_db:.2f}", f"{r.rmse_layover_geocoded_db:.2f}",
             f"{r.bias_layover_reconstructed_db:+.2f}", f"{r.bias_layover_geocoded_db:+.2f}",
             f"{r.rmse_clear_reconstructed_db:.2f}", f"{r.rmse_clear_geocoded_db:.2f}",
             f"{r.energy_ratio:.7f}", f"{r.seconds:.1f}"]
    return "| " + " | ".join(cells) + " |"


def main(argv=None):
    """Run the truth case for each DEM and print the Markdown table."""
    from sar_height.core.reconstruction.synthetic import TrackSpec
    from sar_height.core.reconstruction.truth import TruthSettings, run_truth_case

    args = parse_arguments(argv)
    dems = args.dems or sorted(DEM_DIR.glob("*.tif"))
    settings = TruthSettings(factor=args.factor, speckle_looks=args.looks,
                             texture_strength=args.texture, seed=args.seed)
    spec = TrackSpec(incidence_deg=args.incidence)
    print(f"incidence {args.incidence:g} deg, {args.looks:g} looks, texture {args.texture:g}, "
          f"coarse = {args.factor} x fine, {settings.multilook} x {settings.multilook} "
          f"multilook, seed {args.seed}\n")
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    with tempfile.TemporaryDirectory() as workdir:
        for dem in dems:
            print(row(run_truth_case(dem, workdir, settings, spec)), flush=True)


if __name__ == "__main__":
    main()
