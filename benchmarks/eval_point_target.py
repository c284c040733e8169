"""Evaluate the point-target absolute height measurement on simulated Staring Spotlight data.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/eval_point_target.py [--quick]

Prints markdown tables for the README:
(a) Monte Carlo at SCR 50 dB, 47.3 deg: measured height std per number of sub-bands next to
    the paper's eq. (13);
(b) nine corner reflectors (paper's airfield), SCR 50 dB: bias and std;
(c) zenith-delay errors of 20 and 40 cm at 21 / 47.3 / 58 deg next to the paper's Table II;
(d) natural targets at SCR 15 / 20 / 25 dB (paper's bridge: 12-17 m std at 3-5 sub-bands);
(e) run time per target and per megapixel scanned (``benchmark_point_target``).

Targets are simulated once without clutter; each trial adds a new clutter realisation
(``simulator.simulate_clutter``), which is what makes tens of trials affordable.
"""
import argparse
import dataclasses
import time

import numpy as np

from sar_height.core.errors import PointTargetError
from sar_height.core.point_target.accuracy import height_std_m, tropo_bias_m
from sar_height.core.point_target.detection import scan_candidates
from sar_height.core.point_target.measure import HeightOptions, estimate_point_heights
from sar_height.core.point_target.peaks import ClutterRing
from sar_height.core.point_target.simulator import (
    SceneSpec,
    airfield_targets,
    simulate_clutter,
    simulate_scene,
    targets_at_pixels,
)
from sar_height.core.point_target.slc import ArrayReader

COMMAND = "OMP_NUM_THREADS=1 .venv/bin/python scripts/eval_point_target.py"
TABLE_II = {21.0: (1.9, 3.9), 47.3: (2.4, 4.8), 58.0: (2.6, 5.2)}




def noise_free(spec, pixels, heights_m):
    """SimulatedScene of targets at image ``pixels`` and true ``heights_m``, no clutter."""
    clean = dataclasses.replace(spec, scr_db=None)
    return simulate_scene(clean, targets_at_pixels(clean, pixels, heights_m))


def with_clutter(sim, scr_db, seed):
    """Return a reader of the noise-free scene plus one clutter realisation at ``scr_db``."""
    spec = dataclasses.replace(sim.spec, scr_db=scr_db)
    clutter = simulate_clutter(spec, sim.geometry, sim.info["azimuth_bandwidth_hz"],
                               np.random.default_rng(seed))
    return ArrayReader((sim.slc + clutter).astype(np.complex64))


def errors_m(sim, scr_db, trials, options, seed0=0):
    """Measure ``sim`` over ``trials`` clutter realisations; return (errors, reported, missed).

    ``errors``: the height errors (m) of every measured target matched to the truth (within
    2 px); ``reported``: the eq. (13) std (m) the measurement reported for each; ``missed``:
    the number of true targets not matched by a finite height, summed over the trials (all of
    them in a trial that raises PointTargetError).
    """
    errors, reported, missed = [], [], 0
    truth = np.array([(t.line, t.sample, t.height_m) for t in sim.truth])
    for trial in range(trials):
        try:
            report = estimate_point_heights(with_clutter(sim, scr_db, seed0 + trial),
                                            sim.geometry, options)
        except PointTargetError:
            missed += len(truth)
            continue
        found = 0
        for target in report.targets:
            d = np.hypot(truth[:, 0] - target.line, truth[:, 1] - target.sample)
            k = int(np.argmin(d))
            if d[k] < 2.0 and np.isfinite(target.height_m):
                errors.append(target.height_m - truth[k, 2])
                reported.append(target.height_std_m)
                found += 1
        missed += len(truth) - found
    return np.array(errors), np.array(reported), missed


def eq13(incidence_deg, n, scr_db):
    """Eq. (13) with the paper's constants (514 km, 7600 m/s, X band)."""
    return height_std_m(incidence_deg, 38300.0, n, scr_db, wavelength_m=0.031066)


def table_a(trials):
    """Print table (a): Monte Carlo height std and bias per number of sub-bands vs eq. (13)."""
    spec = SceneSpec(lines=600, samples=48, seed=0)
    sim = noise_free(spec, [(300.3, 24.2)], spec.reference_height_m + 50.0)
    print("\n(a) Monte Carlo, one corner reflector 50 m above the reference height, SCR 50 dB, "
          f"47.3 deg ascending, {trials} clutter realisations each\n")
    print("| sub-bands | measured std (m) | bias (m) | eq. (13) (m) | reported eq. (13) at "
          "measured SCR (m) | missed |")
    print("|---|---|---|---|---|---|")
    for n in (2, 3, 5, 7, 12, 15):
        options = HeightOptions(subbands=n, height_min_m=0.0, height_max_m=1200.0)
        err, rep, missed = errors_m(sim, 50.0, trials, options)
        print(f"| {n} | {np.std(err, ddof=1):.2f} | {np.mean(err):+.2f} | "
              f"{eq13(47.3, n, 50.0):.2f} | {np.mean(rep):.2f} | {missed} |")


def table_b(trials):
    """Print table (b): bias and std over the nine corner reflectors of the airfield."""
    spec = SceneSpec(lines=1700, samples=96, seed=0)
    clean = dataclasses.replace(spec, scr_db=None)
    sim = simulate_scene(clean, airfield_targets(clean))
    options = HeightOptions(subbands=5)
    err, rep, missed = errors_m(sim, 50.0, trials, options)
    print(f"\n(b) Nine corner reflectors (heights reference -40..+60 m), SCR 50 dB, 47.3 deg, "
          f"5 sub-bands, no tropospheric error, {trials} clutter realisations "
          f"({len(err)} heights)\n")
    print("| bias (m) | std (m) | eq. (13) (m) | missed | paper (after ECMWF delay): bias, std |")
    print("|---|---|---|---|---|")
    print(f"| {np.mean(err):+.2f} | {np.std(err, ddof=1):.2f} | {eq13(47.3, 5, 50.0):.2f} | "
          f"{missed} | 0.8 m, 1.2 m (incl. 0.7 m IDEM error) |")


def table_c():
    """Print table (c): height bias of zenith-delay errors of 20 and 40 cm vs Table II."""
    print("\n(c) Zenith-delay error (true 2.7 m, processor assumed 2.5 / 2.3 m, no correction), "
          "one target at the reference height, SCR 60 dB, 5 sub-bands\n")
    print("| incidence | measured bias 20 cm (m) | 40 cm (m) | numeric 'pixel' model 20/40 cm "
          "(m) | 'target' model 20/40 cm (m) | paper Table II (m) |")
    print("|---|---|---|---|---|---|")
    for inc, paper in TABLE_II.items():
        biases = []
        for assumed in (2.5, 2.3):
            spec = SceneSpec(lines=600, samples=48, incidence_deg=inc,
                             processor_zenith_delay_m=assumed)
            sim = noise_free(spec, [(300.3, 24.2)], spec.reference_height_m)
            err, _, _ = errors_m(sim, 60.0, 3, HeightOptions())
            biases.append(np.mean(err))
        pixel = [tropo_bias_m(e, inc, model="pixel") for e in (0.2, 0.4)]
        target = [tropo_bias_m(e, inc, model="target") for e in (0.2, 0.4)]
        print(f"| {inc:g} deg | {biases[0]:+.1f} | {biases[1]:+.1f} | {pixel[0]:.1f} / "
              f"{pixel[1]:.1f} | {target[0]:.1f} / {target[1]:.1f} | {paper[0]} / {paper[1]} |")


def table_d(trials):
    """Print table (d): natural targets at SCR 15 / 20 / 25 dB, 3 and 5 sub-bands."""
    spec = SceneSpec(lines=600, samples=48, incidence_deg=26.3, pass_direction="descending",
                     reference_height_m=40.0, seed=0)
    sim = noise_free(spec, [(300.3, 24.2)], 86.0)
    print(f"\n(d) Natural targets: one target at 86 m (reference 40 m), 26.3 deg descending "
          f"(paper's bridge geometry), {trials} clutter realisations, SCR threshold 10 dB\n")
    print("| SCR | sub-bands | selected | measured std (m) | bias (m) | eq. (13) (m) |")
    print("|---|---|---|---|---|---|")
    for scr in (15.0, 20.0, 25.0):
        for n in (3, 5):
            options = HeightOptions(subbands=n, scr_threshold_db=10.0)
            err, _, missed = errors_m(sim, scr, trials, options, seed0=100)
            std = np.std(err, ddof=1) if len(err) > 1 else float("nan")
            bias = np.mean(err) if len(err) else float("nan")
            print(f"| {scr:g} dB | {n} | {len(err)}/{trials} | {std:.1f} | {bias:+.1f} | "
                  f"{eq13(26.3, n, scr):.1f} |")


def benchmark_point_target(lines=2048, samples=2048, targets=9, subbands=5, seed=0):
    """Measure the point-target run time (single call, current thread settings); return a dict.

    Seconds per measured target (nine-reflector scene, its candidate scan subtracted) and
    seconds per megapixel scanned (clutter image of ``lines`` x ``samples``).
    """
    spec = SceneSpec(lines=1700, samples=96, scr_db=50.0, seed=seed)
    sim = simulate_scene(spec, airfield_targets(spec)[:targets])
    reader = ArrayReader(sim.slc)
    start = time.perf_counter()
    report = estimate_point_heights(reader, sim.geometry, HeightOptions(subbands=subbands))
    total = time.perf_counter() - start
    big = SceneSpec(lines=lines, samples=samples, scr_db=30.0, seed=seed)
    big_geometry = dataclasses.replace(sim.geometry, lines=lines, samples=samples)
    clutter = simulate_clutter(big, big_geometry, sim.info["azimuth_bandwidth_hz"],
                               np.random.default_rng(seed))
    ring = ClutterRing.from_resolution(1.15, 1.1)
    start = time.perf_counter()
    scan = scan_candidates(ArrayReader(clutter.astype(np.complex64)), ring, 15.0)
    scan_s = time.perf_counter() - start
    scan_small = ArrayReader(sim.slc)
    start = time.perf_counter()
    scan_candidates(scan_small, ring, 15.0)
    small_scan_s = time.perf_counter() - start
    per_target = (total - small_scan_s) / max(len(report.targets), 1)
    return {"targets": len(report.targets), "seconds_total": total,
            "seconds_per_target": per_target,
            "seconds_per_megapixel_scanned": scan_s / (lines * samples / 1e6),
            "scan_megapixels": lines * samples / 1e6, "scan_candidates": len(scan.candidates)}


def table_e():
    """Print table (e): run time per target and per megapixel scanned (benchmark_point_target)."""
    bench = benchmark_point_target()
    print("\n(e) Run time (single thread)\n")
    print("| measured targets | s per target (sub-bands + search) | s per megapixel scanned |")
    print("|---|---|---|")
    print(f"| {bench['targets']} | {bench['seconds_per_target']:.3f} | "
          f"{bench['seconds_per_megapixel_scanned']:.2f} |")


def main(argv=None):
    """Print all tables; ``--quick`` runs fewer trials."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer trials (smoke run)")
    args = parser.parse_args(argv)
    trials = 5 if args.quick else 30
    print(f"`{COMMAND}{' --quick' if args.quick else ''}`")
    start = time.time()
    table_a(trials)
    table_b(max(3, trials // 3))
    table_c()
    table_d(trials)
    table_e()
    print(f"\n({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
