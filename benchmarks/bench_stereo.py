"""Stereo radargrammetry rows of `make bench` (bench.py calls ``bench_stereo``).

One simulated airborne pair (core.stereo.pairs defaults: X band, 5 km above the terrain,
35°/55° incidence, 2 m pixels) over the held-out San Gabriel DEM, 1500 m scene; each matcher
runs the whole pipeline (prediction from the 90 m coarse DEM, resampling, matching,
intersection) in its own process on the pair written as files, so the peak resident memory
is that run's (after loading the images, the DEM and the model: "after setup"). Rows: seconds
per patch (the matcher's own patch size: POC 256 px, the deep model its trained size),
of which matching alone, and reference megapixels per second.
"""
import sys
import time
from pathlib import Path

import numpy as np

from sar_height.benchmarks.harness import ChildFailed, peak_mb, run_in_child
from sar_height.benchmarks.inputs import BENCH_OUT, ROOT
from sar_height.core.constants import STEREO_PATCH_SIZE

OUT = BENCH_OUT
DEM = ROOT / "test" / "data" / "dem" / "san_gabriel_bigtujunga_srtm30_utm11_crop.tif"
MATCHER_MODEL = ROOT / "resources" / "models" / "sar_matcher.onnx"
POC_PATCH_SIZE = STEREO_PATCH_SIZE


def _timed(matcher, clock):
    """Wrap ``matcher`` so that each call adds its run time (seconds) to ``clock[0]``."""
    def match(reference_patch, secondary_patch):
        start = time.perf_counter()
        result = matcher(reference_patch, secondary_patch)
        clock[0] += time.perf_counter() - start
        return result
    return match


def make_pair(folder, scene_size_m=1500.0):
    """Simulate the pair and write it as files into ``folder`` (run in a subprocess).

    ``scene_size_m``: side of the scene (m). Returns the written paths
    (pair_files.write_pair_files) as strings.
    """
    from sar_height.core.stereo.pair_files import write_pair_files
    from sar_height.core.stereo.pairs import PairSpec, simulate_pair

    pair = simulate_pair(DEM, PairSpec(kind="airborne", scene_size_m=scene_size_m).resolved(),
                         coarse_factor=45)
    return {k: str(v) for k, v in write_pair_files(pair, folder).items()}


def _read_image(path):
    from osgeo import gdal

    dataset = gdal.Open(str(path))  # kept referenced while its band is read
    return dataset.GetRasterBand(1).ReadAsArray().astype(np.float32)


def child_stereo(kind, model_path, files):
    """Run the stereo pipeline once with matcher ``kind`` (poc or deep) on the pair files.

    Runs in a subprocess. Returns seconds (whole run and matching alone), the patch count and
    size, pixels, points, and the peak memory after loading the inputs and the model
    (``loaded_mb``) and at the end (``peak_mb``).
    """
    from sar_height.core.dem import DATUM_ELLIPSOID, DemRaster
    from sar_height.core.products.geometry_json import read_geometry_json
    from sar_height.core.stereo.patches import plan_patches
    from sar_height.core.stereo.pipeline import DEFAULT_OVERLAP, poc_matcher, stereo_to_points
    from sar_height.core.stereo.surface import DemSurface

    reference, secondary = (read_geometry_json(files[k]) for k in ("reference_json",
                                                                    "secondary_json"))
    images = [_read_image(files[k]) for k in ("reference", "secondary")]
    dem = DemSurface(DemRaster(files["coarse_dem"], DATUM_ELLIPSOID))
    if kind == "deep":
        from sar_height.core.stereo.deep import deep_matcher

        matcher = deep_matcher(model_path)
        patch_size, note = matcher.patch_size, matcher.model.describe()
    else:
        matcher, patch_size, note = poc_matcher(), POC_PATCH_SIZE, "PocOptions defaults"
    loaded_mb, clock = peak_mb(), [0.0]
    lines, samples = images[0].shape
    patches = len(plan_patches(lines, samples, patch_size, DEFAULT_OVERLAP))
    start = time.perf_counter()
    points = stereo_to_points(reference, images[0], secondary, images[1],
                              _timed(matcher, clock), dem=dem, patch_size=patch_size)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "match_seconds": clock[0], "patches": patches,
            "patch_size": patch_size, "pixels": lines * samples, "points": len(points),
            "peak_mb": peak_mb(), "loaded_mb": loaded_mb, "note": note}


def _run(child, *args):
    try:
        return run_in_child(child, *args)
    except ChildFailed as failed:
        sys.exit(f"stereo {child.__name__} {args[0]} failed:\n{failed.stderr}")


def bench_stereo(model_path=MATCHER_MODEL):
    """(rows, lines below the table): (name, speed, memory) per matcher."""
    rows, lines = [], []
    kinds = ["poc"] + (["deep"] if Path(model_path).is_file() else [])
    files = _run(make_pair, str(OUT / "stereo_pair"))  # in a child: this one stays small
    for kind in kinds:
        s = _run(child_stereo, kind, str(model_path), files)
        rows.append((f"stereo {kind}, {s['patch_size']} px patches",
                     f"{s['seconds'] / s['patches']:.3f} s/patch (matching "
                     f"{s['match_seconds'] / s['patches']:.3f}), "
                     f"{s['pixels'] / s['seconds'] / 1e6:.2f} MP/s, {s['points']:,} points",
                     f"peak {s['peak_mb']:.0f} MB (after setup {s['loaded_mb']:.0f} MB)"))
        lines.append(f"stereo {kind}: {s['patches']} patches over "
                     f"{s['pixels'] / 1e6:.2f} MP in {s['seconds']:.1f} s; {s['note']}")
    if "deep" not in kinds:
        rows.append(("stereo deep", f"skipped: {model_path} missing", ""))
    lines.append("stereo: simulated airborne pair over San Gabriel (held out), 1500 m scene, "
                 "2 m pixels, coarse DEM 90 m")
    return rows, lines
