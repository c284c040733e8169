"""Reproduce the theory of Duque et al. (2015) with SAR Height's point-target code.

Prints markdown tables for the README / docs/point_target.md.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/point_target_theory.py

Tables: (1) Table I broadening (simulator, ST and SM), (2) eq. (3) against the numeric FM-rate
mismatch, (3) eq. (13), (4) Table II tropospheric bias, (5) orbit state-vector spacing, with
and without the high-order orbit fit (core/point_target/orbit_fit.py).
Single-threaded it takes well under a minute.
"""
import time

import numpy as np

from sar_height.core.point_target import accuracy
from sar_height.core.point_target.irf import broadening_percent, width_3db
from sar_height.core.point_target.orbit_fit import dense_orbit
from sar_height.core.point_target.scene import (
    aperture_for_bandwidth,
    apparent_range_m,
    fm_rate_hz_s,
    point_at_pixel,
    tsx_orbit_scene,
)
from sar_height.core.point_target.simulator import (
    SceneSpec,
    build_geometry,
    focus_azimuth,
    hamming_spectrum,
    targets_at_pixels,
)

INCIDENCES = (21.0, 47.3, 58.0)
TABLE_I = {21.0: (4.7, 14.7, 7e-5, 18e-5), 47.3: (9.9, 59.9, 18e-5, 74e-5),
           58.0: (15.7, 116.0, 30e-5, 119e-5)}
TABLE_II = {21.0: (1.9, 3.9), 47.3: (2.4, 4.8), 58.0: (2.6, 5.2)}


def simulated_broadening(mode, incidence_deg, pass_direction="ascending"):
    """Return the simulated azimuth broadening (%) of a target 50 and 100 m above the reference.

    ``mode`` "ST" (Staring Spotlight) or "SM" (stripmap); the broadening is that of the
    focused target's 3 dB azimuth width against the width at the reference height.
    """
    make = SceneSpec if mode == "ST" else SceneSpec.stripmap
    spec = make(incidence_deg=incidence_deg, scr_db=None, lines=96, samples=16,
                pass_direction=pass_direction)
    _, geometry, bandwidth, aperture = build_geometry(spec)
    widths = {}
    for dh in (0.0, 50.0, 100.0):
        target = targets_at_pixels(spec, [(48, 8)], spec.reference_height_m + dh,
                                   geometry=geometry)[0]
        azimuth, truth = focus_azimuth(spec, geometry, bandwidth, aperture, target)
        widths[dh] = width_3db(azimuth[16:81])
    return [broadening_percent(widths[dh], widths[0.0]) for dh in (50.0, 100.0)]


def numeric_fm(incidence_deg, bandwidth_hz=38300.0, pass_direction="ascending", step_s=1.0,
               orbit_fit=False):
    """Return (FM, {dh: numeric dFM}, slant range) at the scene centre, 600 m reference height.

    FM rates in Hz/s, dh (25, 50, 100 m) and the slant range in metres; the aperture spans
    ``bandwidth_hz`` of azimuth bandwidth, the state vectors are ``step_s`` seconds apart.
    ``orbit_fit``: first refine the state vectors with ``orbit_fit.dense_orbit`` (0.5 s).
    """
    scene = tsx_orbit_scene(incidence_deg, pass_direction=pass_direction, height_m=600.0,
                            state_vector_step_s=step_s)
    if orbit_fit:
        scene.orbit = dense_orbit(scene.orbit, scene.orbit.start_time, scene.orbit.stop_time)
    t0 = scene.centre_time_s
    start, stop = aperture_for_bandwidth(scene.orbit, scene.centre_xyz, t0, scene.wavelength_m,
                                         bandwidth_hz)
    times = np.linspace(start, stop, 201)
    pixel = apparent_range_m(scene.orbit, scene.centre_xyz, t0)[0]

    def fm(h):
        return fm_rate_hz_s(scene.orbit, point_at_pixel(scene.orbit, t0, pixel, h, 0.0), times,
                            scene.wavelength_m, 0.0, t0)

    base = fm(600.0)
    return base, {dh: fm(600.0 + dh) - base for dh in (25.0, 50.0, 100.0)}, scene.slant_range_m


def model_broadening(fm, dfm, bandwidth_hz, alpha=0.6, n=4096):
    """Eq. (4) with the Hamming weighting: 3 dB width with/without the quadratic phase."""
    f = (np.arange(n) - n / 2) / n * bandwidth_hz
    weight = hamming_spectrum(f, bandwidth_hz * (1 + 1e-9), alpha)

    def width(mismatch):
        spectrum = weight * np.exp(-1j * np.pi * mismatch / fm ** 2 * f ** 2)
        return width_3db(np.fft.fftshift(np.fft.ifft(np.fft.ifftshift(spectrum)))[
            n // 2 - 24:n // 2 + 25], 64)

    return broadening_percent(width(dfm), width(0.0))


def state_vector_study(incidence_deg, slope_hz_s_m, steps_s=(10.0, 5.0, 1.0)):
    """Return the FM-rate error of sparser orbit state vectors, per spacing in ``steps_s``.

    [(spacing s, (FM error Hz/s, as height m) with cubic Hermite interpolation, the same
    after orbit_fit.dense_orbit)] against 0.1 s state vectors; ``slope_hz_s_m`` = dFM/dh.
    """
    fine, _, _ = numeric_fm(incidence_deg, step_s=0.1)
    rows = []
    for step in steps_s:
        errors = [numeric_fm(incidence_deg, step_s=step, orbit_fit=fit)[0] - fine
                  for fit in (False, True)]
        rows.append((step,) + tuple((e, e / slope_hz_s_m) for e in errors))
    return rows


def main():
    """Print the five tables (see the module docstring)."""
    start = time.time()
    print("```\nOMP_NUM_THREADS=1 .venv/bin/python scripts/point_target_theory.py\n```\n")
    fms = {inc: numeric_fm(inc) for inc in INCIDENCES}

    print("### Table I: azimuth broadening (%), 48.08 N ascending, Hamming 0.6\n")
    print("| incidence | ST 50 m sim | ST 50 m paper | ST 100 m sim | ST 100 m paper "
          "| SM 50 m eq.(4) | SM 50 m sim | SM 50 m paper | SM 100 m eq.(4) | SM 100 m paper |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for inc in INCIDENCES:
        st = simulated_broadening("ST", inc)
        sm = simulated_broadening("SM", inc)
        _, dfm, _ = fms[inc]
        fm_sm, dfm_sm, _ = numeric_fm(inc, 2800.0)
        sm_model = [model_broadening(fm_sm, dfm_sm[dh], 2800.0) for dh in (50.0, 100.0)]
        p = TABLE_I[inc]
        print(f"| {inc:g} | {st[0]:.1f} | {p[0]} | {st[1]:.1f} | {p[1]} | {sm_model[0]:.1e} | "
              f"{sm[0]:.0e} | {p[2] * 1e5:g}e-05 | {sm_model[1]:.1e} | {p[3] * 1e5:g}e-05 |")
    desc = simulated_broadening("ST", 47.3, "descending")
    print(f"\nDescending at 47.3 deg: ST {desc[0]:.1f} / {desc[1]:.1f} % (same as ascending: a "
          f"circular orbit makes the two passes mirror images).\n")

    print("### Eq. (3) against the numeric FM-rate mismatch (Hz/s), 38.3 kHz aperture\n")
    print("| incidence | R0 (km) | FM (Hz/s) | dh | numeric dFM | eq. (3) | numeric / eq. (3) |")
    print("|---|---|---|---|---|---|---|")
    for inc in INCIDENCES:
        fm, dfm, r0 = fms[inc]
        for dh, value in dfm.items():
            eq3 = accuracy.fm_rate_mismatch_eq3_hz_s(dh, r0, 0.031066, 514e3)
            print(f"| {inc:g} | {r0 / 1e3:.1f} | {fm:.1f} | {dh:g} m | {value:.5f} | {eq3:.5f} "
                  f"| {value / eq3:.3f} |")

    print("\n### Eq. (13): height standard deviation (m), 47.3 deg, 38.3 kHz\n")
    counts = (2, 3, 5, 7, 12, 15)
    print("| SCR | " + " | ".join(f"N={n}" for n in counts) + " |")
    print("|---" * (len(counts) + 1) + "|")
    for scr in (50.0, 25.0, 20.0, 15.0):
        row = [accuracy.height_std_m(47.3, 38300.0, n, scr) for n in counts]
        print(f"| {scr:g} dB | " + " | ".join(f"{v:.2f}" for v in row) + " |")

    print("\n### Table II: equivalent height bias (m) of a zenith delay error, true delay 2.7 m\n")
    print("| incidence | 20 cm target | 20 cm pixel | 20 cm paper | 40 cm target | 40 cm paper |")
    print("|---|---|---|---|---|---|")
    for inc in INCIDENCES:
        t20 = accuracy.tropo_bias_m(0.2, inc)
        p20 = accuracy.tropo_bias_m(0.2, inc, model="pixel")
        t40 = accuracy.tropo_bias_m(0.4, inc)
        print(f"| {inc:g} | {t20:.2f} | {p20:.2f} | {TABLE_II[inc][0]} | {t40:.2f} | "
              f"{TABLE_II[inc][1]} |")

    print("\n### Orbit state-vector spacing: FM-rate error of cubic Hermite interpolation\n")
    print("| incidence | spacing | FM error (Hz/s) | as height (m) | after orbit_fit (m) |")
    print("|---|---|---|---|---|")
    for inc in (47.3,):
        for step, cubic, fitted in state_vector_study(inc, fms[inc][1][100.0] / 100.0):
            print(f"| {inc:g} | {step:g} s | {cubic[0]:.2e} | {cubic[1]:.3f} | {fitted[1]:.1e} |")
    print(f"\n(took {time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
