"""Point-target part of `make demo`: sarheight:point_target_height on two products.

A simulated TerraSAR-X Staring Spotlight product and the real ALOS PALSAR corner-reflector chip.

The product (core.point_target.simulator: 47.3° incidence, 38.3 kHz, the nine corner
reflectors of an airfield, SCR 50 dB, focused with a 600 m reference height) is written as
a TerraSAR-X level1Product XML + COSAR, as delivered; the tool runs headless through
qgis_process and its heights are compared with the simulation's truth. The ALOS chip (L band
stripmap, test/data/sar) shows the refusal of an unsuitable acquisition.
"""
import time
from pathlib import Path

import numpy as np

from sar_height.benchmarks import headless

ROOT = Path(__file__).resolve().parents[1]

ALOS = ROOT / "test" / "data" / "sar" / "alos_riobranco" / "alos_riobranco_hh.tif"


def make_product(folder):
    """(level1Product XML path, truth as (line, sample, height_m) rows)."""
    from sar_height.core.point_target.simulator import SceneSpec, airfield_targets, simulate_scene
    from sar_height.core.point_target.slc import write_terrasar_like

    spec = SceneSpec(lines=1700, samples=96, scr_db=50.0, seed=0)
    sim = simulate_scene(spec, airfield_targets(spec))
    truth = np.array([(t.line, t.sample, t.height_m) for t in sim.truth])
    return write_terrasar_like(sim, folder), truth


def read_points(path):
    """Return the (line, sample, height_m, height_std_m, status) rows of an output, sorted."""
    from osgeo import ogr

    dataset = ogr.Open(str(path))
    layer = dataset.GetLayer(0)
    rows = [(f.GetField("line"), f.GetField("sample"), f.GetField("height_m"),
             f.GetField("height_std_m"), f.GetField("status")) for f in layer]
    dataset = None
    return sorted(rows)


def run_tool(slc, out, **extra):
    """Run point_target_height headless on ``slc`` into ``out``; return (results, seconds).

    ``extra``: more algorithm parameters (e.g. REFERENCE_HEIGHT).
    """
    Path(out).unlink(missing_ok=True)
    start = time.time()
    result = headless.run("sarheight:point_target_height", {"SLC": slc, "OUTPUT": out,
                                                            **extra})
    return result["results"], time.time() - start


def run(out):
    """Run both cases into ``out``; returns (summary lines, timings)."""
    out = Path(out)
    product, truth = make_product(out / "point_target_tsx")
    results, seconds = run_tool(product, out / "point_target_heights.gpkg")
    rows = read_points(out / "point_target_heights.gpkg")
    errors = np.array([row[2] - truth[np.argmin(np.hypot(truth[:, 0] - row[0],
                                                         truth[:, 1] - row[1])), 2]
                       for row in rows])
    lines = [f"TerraSAR-X-like Staring Spotlight product, 9 corner reflectors (SCR 50 dB): "
             f"{int(results['TARGETS'])} heights; error vs truth: bias {errors.mean():+.2f} m, "
             f"std {errors.std(ddof=1):.2f} m (eq. 13 reports {np.mean([r[3] for r in rows]):.2f}"
             f" m), {seconds:.1f} s"]
    results, alos_s = run_tool(ALOS, out / "point_target_alos.gpkg", REFERENCE_HEIGHT=0)
    reflector = read_points(out / "point_target_alos.gpkg")[0]
    lines.append(f"ALOS PALSAR stripmap chip (real): reflector found at line {reflector[0]:.1f}; "
                 f"height refused: {reflector[4]}")
    for line in lines:
        print(line)
    return lines, {"point target": seconds + alos_s}


def summary(lines):
    """Print the point-target part of the demo's summary."""
    print("Point-target absolute height (point_target_height, headless):")
    for line in lines:
        print("  " + line)
