"""`make demo`: the main job on the bundled data, headless through qgis_process.

1. simulate_sar: the real Sentinel-1B GRD acquisition of 2021-04-01 (descending, relative orbit
   168) over the bundled Ötztal SRTM DEM, with 4-look speckle and a reflectivity texture: the
   "measured" image (no measurement raster of this product is bundled).
2. reconstruct_layover: that image's layover energy re-allocated to the DEM cells, next to
   conventional terrain geocoding of the same image.
All outputs plus PNG quicklooks go to demo_output/.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import headless  # noqa: E402
import quicklook  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
DEM = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
OUT = ROOT / "demo_output"


def simulate():
    outputs = {key: OUT / f"{name}.tif" for key, name in [
        ("OUTPUT_SIMULATED", "simulated_radar_geometry"), ("OUTPUT_MASK", "layover_shadow_mask"),
        ("OUTPUT_LOOKUP", "radar_lookup"), ("OUTPUT_INCIDENCE", "local_incidence_deg")]}
    for path in outputs.values():
        path.unlink(missing_ok=True)
    params = {"DEM": DEM, "GEOMETRY": GRD / "manifest.safe", "DEM_VERTICAL_DATUM": 0,
              "SPECKLE_LOOKS": 4, "SEED": 42, "TEXTURE": 0.3, **outputs}
    start = time.time()
    result = headless.run("sarheight:simulate_sar", params)
    print(f"simulate_sar finished in {time.time() - start:.1f} s (qgis_process, headless)")
    for line in result.get("log", "").splitlines() if isinstance(result.get("log"), str) else []:
        print("  " + line)
    quicklook.grey(outputs["OUTPUT_SIMULATED"], OUT / "simulated_radar_geometry.png", db=True,
                   crop=True)
    quicklook.mask(outputs["OUTPUT_MASK"], OUT / "layover_shadow_mask.png")
    quicklook.grey(outputs["OUTPUT_INCIDENCE"], OUT / "local_incidence_deg.png")
    quicklook.grey(outputs["OUTPUT_LOOKUP"], OUT / "radar_lookup_line.png", band=1)
    return outputs


def reconstruct(simulated):
    outputs = {key: OUT / f"{name}.tif" for key, name in [
        ("OUTPUT", "reconstructed_db"), ("OUTPUT_GEOCODED", "geocoded_db"),
        ("OUTPUT_MASK", "reconstruction_mask"), ("OUTPUT_MIXING", "mixing_count")]}
    for path in outputs.values():
        path.unlink(missing_ok=True)
    params = {"SAR": simulated, "SAR_BAND": 1, "INPUT_UNITS": 0, "DEM": DEM,
              "GEOMETRY": GRD / "manifest.safe", "DEM_VERTICAL_DATUM": 0, "OUTPUT_UNITS": 1,
              **outputs}
    start = time.time()
    headless.run("sarheight:reconstruct_layover", params)
    print(f"reconstruct_layover finished in {time.time() - start:.1f} s")
    quicklook.side_by_side([outputs["OUTPUT"], outputs["OUTPUT_GEOCODED"]],
                           OUT / "reconstructed_vs_geocoded.png")
    return outputs


def main():
    OUT.mkdir(exist_ok=True)
    outputs = simulate()
    outputs.update({"reconstruction_" + k: v
                    for k, v in reconstruct(outputs["OUTPUT_SIMULATED"]).items()})
    print("Outputs in", OUT)
    for path in sorted(OUT.iterdir()):
        print(f"  {path.name:40s} {path.stat().st_size / 1e6:8.2f} MB")
    missing = [p for p in outputs.values() if not Path(p).exists()]
    if missing:
        sys.exit(f"missing outputs: {missing}")


if __name__ == "__main__":
    main()
