"""Absolute height of point targets from one long-aperture SLC (Duque et al., GRSL 2015).

Public API: ``estimate_point_heights(reader, geometry, options, progress)``. Steps:
scan the image for bright point targets (detection), cut a chip around each, split its
azimuth spectrum into N sub-bands (subbands), keep targets whose SCR is stable and whose
range position does not move across sub-bands, measure each sub-band's azimuth peak
(peaks), and search the height whose expected sub-band shifts (fm_rate: exact, from the
orbit) match the measured ones (height_search).

Metadata read from ``geometry.extra`` (see ``acquisition_settings``):
``total_processed_azimuth_bandwidth_hz`` (required) and ``azimuth_look_bandwidth_hz`` (the
larger is the target's, see ``target_azimuth_bandwidth_hz``), ``range_delay_m`` (put back by
``image_range_geometry``), ``azimuth_window`` and
``azimuth_window_coefficient``, ``processor_zenith_delay_m``, ``imaging_mode``,
``azimuth_spectrum_reference_time_s`` (optional), ``range_bandwidth_hz`` (optional).
"""
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..errors import PointTargetCancelled, PointTargetError
from ..geometry.ellipsoid import ecef_to_geodetic
from .accuracy import height_std_m
from .detection import scan_candidates, stable_across_subbands
from .fm_rate import SubbandShiftModel, anchored_target
from .height_search import search_height
from .measure_chip import ChipPlan, measure_chip
from .orbit_fit import densify_geometry
from .settings import (
    acquisition_settings,
    check_options,
    image_range_geometry,
    target_geometry,
)

DEFAULT_HEIGHT_MIN_M = -500.0
DEFAULT_HEIGHT_MAX_M = 9000.0
MAX_SCR_DB = 120.0
EDGE_REASON = "too close to the image edge"


@dataclass
class HeightOptions:
    """User settings of the point-target height estimation (heights in metres, SCR in dB)."""

    subbands: int = 5
    scr_threshold_db: float = 15.0
    scr_tolerance_db: float = 2.0
    height_min_m: Optional[float] = None
    height_max_m: Optional[float] = None
    reference_height_m: Optional[float] = None  # when the geometry has none
    tropo_delay_correction_m: float = 0.0  # zenith delay (m) to add to the processor's
    area: Optional[tuple] = None  # (line0, sample0, lines, samples) image pixels
    max_height_std_m: float = 100.0  # above: acquisition unsuitable, height refused
    max_targets: int = 1000


@dataclass
class PointTargetHeight:
    """The measured (or refused) absolute height of one point target."""

    line: float  # full-band peak, image pixels
    sample: float
    lat_deg: float  # at the estimated height (or the reference height when refused)
    lon_deg: float
    height_m: float  # ellipsoidal; NaN when refused
    height_std_m: float  # eq. (13) at the measured SCR
    residual_rms_m: float  # RMS of measured - expected sub-band shifts (m of azimuth)
    scr_db: float
    n_subbands: int
    status: str  # "ok" or a short reason


@dataclass
class PointTargetReport:
    """Result of :func:`estimate_point_heights`: the targets and what the user should know."""

    targets: list  # PointTargetHeight
    candidates: int  # maxima above the SCR threshold before the stability test
    messages: list = field(default_factory=list)  # warnings: assumptions, refusals
    theoretical_std_m: float = float("nan")  # eq. (13) at the threshold SCR
    notes: list = field(default_factory=list)  # information only (e.g. orbit refinement)


def _cancel_check(progress, fraction):
    if progress is not None and progress(min(max(fraction, 0.0), 1.0)) is False:
        raise PointTargetCancelled("Point-target height estimation cancelled.")


def height_interval(options):
    """(lowest, highest) height (m) searched: HEIGHT_MIN/HEIGHT_MAX, or the defaults."""
    low = DEFAULT_HEIGHT_MIN_M if options.height_min_m is None else float(options.height_min_m)
    high = DEFAULT_HEIGHT_MAX_M if options.height_max_m is None else float(options.height_max_m)
    return low, high


def _expected_std(tgeo, settings, options, scr_db, geometry):
    """Return the eq. (13) height standard deviation (m) for this target's geometry at ``scr_db``.

    The SCR is capped at MAX_SCR_DB: clutter-free chips have an infinite SCR.
    """
    return height_std_m(tgeo.incidence_deg, settings.bandwidth_hz, options.subbands,
                        min(float(scr_db), MAX_SCR_DB), tgeo.orbit_height_m,
                        tgeo.velocity_m_s, geometry.wavelength_m)


def _refused(candidate_line, candidate_sample, geo, scr, sigma, n, status):
    lat, lon, _ = geo
    return PointTargetHeight(float(candidate_line), float(candidate_sample), lat, lon,
                             float("nan"), sigma, float("nan"), scr, n, status)


def _unsuitable_status(sigma, options, settings):
    return (f"unsuitable: expected height error {sigma:.0f} m > {options.max_height_std_m:g} m: "
            f"azimuth bandwidth {settings.bandwidth_hz / 1e3:.1f} kHz (needs a long-aperture "
            f"mode such as Staring Spotlight)")


def _measure_one(reader, geometry, settings, plan, options, candidate, heights):
    """Measure one candidate; return (PointTargetHeight, '') or (None, reason).

    None when the candidate is not a stable point target or its chip does not fit in the image.
    """
    chip = measure_chip(reader, geometry, settings, plan, candidate)
    if isinstance(chip, str):
        return None, chip
    ok, reason = stable_across_subbands(chip.subband_scr_db, chip.subband_samples,
                                        options.scr_tolerance_db, chip.range_tolerance_samples)
    if not ok:
        return None, reason
    tgeo = target_geometry(geometry, chip.t0_s, chip.r0_m, settings)
    sigma = _expected_std(tgeo, settings, options, chip.scr_db, geometry)
    model = SubbandShiftModel(geometry, chip.t0_s, chip.r0_m, chip.centres_hz,
                              settings.bandwidth_hz / options.subbands,
                              settings.reference_height_m, settings.processor_delay_m,
                              settings.true_delay_m)
    fit = search_height(model, chip.shifts_s, heights[0], heights[1], expected_std_m=sigma)
    xyz = anchored_target(geometry, chip.t0_s, chip.r0_m, [fit.height_m],
                          settings.true_delay_m)[0]
    lat, lon, _ = ecef_to_geodetic(xyz)
    status = "ok"
    if fit.at_edge:
        status = (f"search edge: the best height lies at the edge of "
                  f"{heights[0]:g}..{heights[1]:g} m; widen HEIGHT_MIN/HEIGHT_MAX")
    return PointTargetHeight(chip.line, chip.sample, float(lat), float(lon), fit.height_m,
                             sigma, fit.residual_rms_s * tgeo.ground_velocity_m_s,
                             chip.scr_db, options.subbands, status), ""


def estimate_point_heights(reader, geometry, options=None, progress=None):
    """Absolute heights of the point targets of one SLC; see the module docstring.

    ``reader``: ``.lines``, ``.samples``, ``.read(line0, sample0, lines, samples)`` complex;
    ``geometry``: AcquisitionGeometry of the SLC; ``progress(fraction) -> keep_going``.
    Returns a PointTargetReport; raises PointTargetError (bad input, nothing found) or
    PointTargetCancelled.
    """
    options = HeightOptions() if options is None else options
    check_options(options, reader)
    _check_complex(reader)
    geometry = image_range_geometry(geometry)  # a no-op when open_slc did it already
    settings = acquisition_settings(geometry, options)
    # Every range history below is taken from this copy's orbit: dense state vectors from a
    # high-order fit, so that the FM rate does not inherit the cubic spline's acceleration
    # error at the product's (typically 10 s) spacing.
    geometry, orbit_note = densify_geometry(geometry, settings.bandwidth_hz)
    heights = height_interval(options)
    centre = target_geometry(geometry, *geometry.image_to_radar(
        0.5 * (reader.lines - 1), 0.5 * (reader.samples - 1)), settings)
    theoretical = _expected_std(centre, settings, options, options.scr_threshold_db, geometry)
    messages = list(settings.notes)
    plan = ChipPlan.for_search(geometry, settings, options.subbands, heights, reader)
    found, candidates = _candidates(reader, plan, options, messages, progress)
    targets, rejected, unsuitable = _measure_all(reader, geometry, settings, plan, options,
                                                 candidates, heights, progress)
    messages += _outcome_messages(targets, rejected, unsuitable, options, settings, heights,
                                  len(candidates))
    return PointTargetReport(targets=targets, candidates=found, messages=messages,
                             theoretical_std_m=theoretical,
                             notes=[orbit_note] if orbit_note else [])


def _candidates(reader, plan, options, messages, progress):
    """Scan for candidates; return (number found, the strongest options.max_targets of them).

    The block scan takes the first half of the progress; an image without any candidate raises
    PointTargetError. A note goes to ``messages`` when candidates are left out.
    """
    scan = scan_candidates(reader, plan.full_ring, options.scr_threshold_db, options.area,
                           progress=lambda f: _forward(progress, 0.5 * f))
    if not scan.candidates:
        raise PointTargetError(
            f"No point target with SCR >= {options.scr_threshold_db:g} dB in the image "
            f"(strongest found: {scan.strongest_scr_db:.1f} dB). Lower SCR_THRESHOLD, or "
            f"choose an area with corner reflectors or bright isolated scatterers.")
    candidates = scan.candidates
    if len(candidates) > options.max_targets:
        messages.append(f"{len(candidates)} candidates above {options.scr_threshold_db:g} dB; "
                        f"only the {options.max_targets} strongest were measured "
                        f"(raise MAX_TARGETS for more).")
    return len(candidates), candidates[:options.max_targets]


def _measure_all(reader, geometry, settings, plan, options, candidates, heights, progress):
    """Measure every candidate; return (targets, {rejection reason: count}, number unsuitable).

    Takes the second half of the progress, one step per candidate. Targets refused as
    unsuitable (expected error above max_height_std_m) are in ``targets`` with a NaN height.
    """
    targets, rejected, unsuitable = [], {}, 0
    for index, cand in enumerate(candidates):
        _cancel_check(progress, 0.5 + 0.5 * index / len(candidates))
        tgeo = target_geometry(geometry, *geometry.image_to_radar(cand.line, cand.sample),
                               settings)
        sigma = _expected_std(tgeo, settings, options, cand.scr_db, geometry)
        if sigma > options.max_height_std_m:
            unsuitable += 1
            targets.append(_refused(cand.line, cand.sample, tgeo.reference_latlon, cand.scr_db,
                                    sigma, options.subbands,
                                    _unsuitable_status(sigma, options, settings)))
            continue
        result, reason = _measure_one(reader, geometry, settings, plan, options, cand, heights)
        if result is None:
            key = reason.split(" by ")[0].split(" (")[0]
            rejected[key] = rejected.get(key, 0) + 1
        else:
            targets.append(result)
    _cancel_check(progress, 1.0)
    return targets, rejected, unsuitable


def _outcome_messages(targets, rejected, unsuitable, options, settings, heights, tried):
    """Return the warnings on refusals, rejections and search-edge hits.

    Raises PointTargetError when no target is left.
    """
    messages = []
    if unsuitable:
        messages.append(f"{unsuitable} target(s) refused: this acquisition's expected height "
                        f"error exceeds {options.max_height_std_m:g} m (azimuth bandwidth "
                        f"{settings.bandwidth_hz / 1e3:.1f} kHz); the method needs a long "
                        f"curved aperture such as TerraSAR-X Staring Spotlight.")
    if rejected:
        messages.append("Candidates rejected: " + "; ".join(
            f"{count} x {reason}" for reason, count in sorted(rejected.items())) + ".")
    if not targets:
        if set(rejected) == {EDGE_REASON}:
            raise PointTargetError(
                f"All {tried} candidates above {options.scr_threshold_db:g} dB lie too close "
                f"to the image edge to cut their sub-band chips: choose an area away from the "
                f"image border, or use a larger image.")
        raise PointTargetError(
            f"None of the {tried} candidates above {options.scr_threshold_db:g} dB is "
            f"a stable point target across {options.subbands} sub-bands (SCR within "
            f"+-{options.scr_tolerance_db:g} dB, no range movement; "
            + "; ".join(f"{n} x {r}" for r, n in sorted(rejected.items())) + "). Use fewer "
            "sub-bands (3-5), a larger SCR_TOLERANCE, or a higher SCR_THRESHOLD.")
    edge = sum(1 for t in targets if t.status.startswith("search edge"))
    if edge:
        messages.append(f"{edge} target(s) at the edge of the height search interval "
                        f"{heights[0]:g}..{heights[1]:g} m: widen it.")
    return messages


def _check_complex(reader):
    """Refuse a reader whose image is not complex (PointTargetError).

    The sub-band split needs the complex SLC: an amplitude or intensity image has a symmetric
    spectrum with no Doppler information.
    """
    probe = np.asarray(reader.read(0, 0, 1, min(reader.samples, 8)))
    if not np.iscomplexobj(probe):
        raise PointTargetError("The image is not complex: point-target heights need the "
                               "single-look complex (SLC/SSC) image, not amplitude or "
                               "intensity.")


def _forward(progress, fraction):
    """Scan progress mapped into the first half; returns keep_going."""
    if progress is None:
        return True
    return progress(fraction)
