"""One candidate's chip: full-band peak and SCR, sub-bands, and each sub-band's peak and SCR.

Chip sizes are planned once per image (ChipPlan): long enough in azimuth to hold a
sub-band's clutter ring (N times coarser than the full band) plus the largest sub-band
shift the height search interval can produce, and at least 256 lines so that the
truncated sidelobes of the target leak little into the sub-band spectra.
"""
from dataclasses import dataclass

import numpy as np

from .fm_rate import SubbandShiftModel, anchored_target, doppler_at_hz
from .peaks import ClutterRing, clutter_intensity, locate_peak, scr_db
from .subbands import estimate_centroid_hz, split_subbands

MIN_CHIP_LINES = 256
MAX_CHIP_LINES = 8192
MIN_FIT_MARGIN_LINES = 64  # a chip near the image edge needs the sub-band ring plus this
SUBBAND_RING_CELLS = 8.0  # outer clutter box of a sub-band, in sub-band resolution cells


@dataclass
class ChipPlan:
    """Chip size (lines x samples) and clutter rings used for every candidate of one image."""

    lines: int
    samples: int
    n_subbands: int
    full_ring: ClutterRing
    sub_ring: ClutterRing
    shift_lines: float  # largest relative sub-band shift over the height interval (lines)

    @classmethod
    def for_search(cls, geometry, settings, n_subbands, heights, reader):
        """Plan the chips of an image for the search interval ``heights`` (min, max) metres.

        Rings come from the resolution; the shift bound from the orbit model at the image
        centre over ``heights``. The chip is a power of two of lines, MIN_CHIP_LINES to
        MAX_CHIP_LINES.
        """
        full = ClutterRing.from_resolution(settings.lines_per_cell, settings.samples_per_cell)
        sub = ClutterRing.from_resolution(n_subbands * settings.lines_per_cell,
                                          settings.samples_per_cell,
                                          outer_cells=SUBBAND_RING_CELLS)
        shift = _largest_shift_lines(geometry, settings, n_subbands, heights, reader)
        need = 2 * (sub.outer_lines + int(np.ceil(shift))) + 16
        lines = int(min(max(MIN_CHIP_LINES, 2 ** int(np.ceil(np.log2(need)))), MAX_CHIP_LINES))
        samples = 2 * full.outer_samples + 2
        return cls(lines, samples, int(n_subbands), full, sub, shift)


def _largest_shift_lines(geometry, settings, n_subbands, heights, reader):
    """Return the largest |relative sub-band shift| (lines) at the search interval's ends.

    Evaluated for a target at the image centre.
    """
    t0, r0 = geometry.image_to_radar(0.5 * (reader.lines - 1), 0.5 * (reader.samples - 1))
    offsets = settings.bandwidth_hz * ((np.arange(n_subbands) + 0.5) / n_subbands - 0.5)
    model = SubbandShiftModel(geometry, float(t0), float(r0), offsets,
                              settings.bandwidth_hz / n_subbands, settings.reference_height_m,
                              settings.processor_delay_m, settings.true_delay_m)
    shifts = model.shifts_s(np.array(heights, dtype=np.float64))
    relative = shifts - shifts.mean(axis=1, keepdims=True)
    return float(np.max(np.abs(relative)) / settings.line_interval_s)


@dataclass
class ChipMeasurement:
    """Full-band and per-sub-band peaks and SCRs measured on one candidate's chip."""

    line: float  # full-band peak, image pixels
    sample: float
    t0_s: float  # its azimuth time and slant range
    r0_m: float
    scr_db: float  # full band, interpolated peak over ring clutter
    centres_hz: np.ndarray  # (N,) absolute sub-band Doppler centres
    shifts_s: np.ndarray  # (N,) sub-band peak times relative to the chip start (s)
    subband_samples: np.ndarray  # (N,) sub-band range peak positions (chip samples)
    subband_scr_db: np.ndarray  # (N,)
    range_tolerance_samples: float  # allowed range movement across sub-bands


def _centroid_hz(geometry, settings, chip, peak, t0, r0):
    """Return the Doppler centroid (Hz) of the target.

    From the metadata when it has the staring centre's time: rate * (t0 - t_ref) with the
    annotated spectrum rate, or else the target's Doppler at t_ref (the middle of its
    illumination). Otherwise measured from the chip's spectrum (range columns of the main lobe
    only, where the target dominates).
    """
    if settings.spectrum_reference_time_s is not None and settings.spectrum_rate_hz_s:
        return settings.spectrum_rate_hz_s * (t0 - settings.spectrum_reference_time_s)
    if settings.spectrum_reference_time_s is not None:
        xyz = anchored_target(geometry, t0, r0, [settings.reference_height_m],
                              settings.processor_delay_m)[0]
        return doppler_at_hz(geometry, xyz, settings.spectrum_reference_time_s,
                             settings.processor_delay_m)
    s = int(round(peak.sample))
    return estimate_centroid_hz(chip[:, max(s - 1, 0):s + 2], settings.line_interval_s)


def _range_tolerance(subband_scr_db, samples_per_cell):
    """Return the allowed range movement (samples) of a target across sub-bands.

    3 sigma of a sub-band range position (point-target localisation at the median sub-band
    SCR) plus 0.05 samples of interpolation slack.
    """
    scr = 10.0 ** (np.median(subband_scr_db) / 10.0)
    sigma_cells = np.sqrt(1.5) / (np.pi * np.sqrt(max(scr, 1e-3)))
    return float(3.0 * sigma_cells * samples_per_cell + 0.05)


def measure_chip(reader, geometry, settings, plan, candidate):
    """ChipMeasurement of one candidate, or a short reason string when it cannot be done."""
    # Near the image's top or bottom a shorter chip (centred, down to MIN_FIT) still works;
    # it only limits the largest measurable shift.
    half = min(plan.lines // 2, candidate.line, reader.lines - 1 - candidate.line)
    chip_lines = 2 * half
    line0 = candidate.line - half
    sample0 = candidate.sample - plan.samples // 2
    if (chip_lines < 2 * plan.sub_ring.outer_lines + MIN_FIT_MARGIN_LINES or sample0 < 0
            or sample0 + plan.samples > reader.samples):
        return "too close to the image edge"
    chip = np.asarray(reader.read(line0, sample0, chip_lines, plan.samples), dtype=np.complex128)
    centre = (half, plan.samples // 2)
    lobe = (plan.full_ring.inner_lines, plan.full_ring.inner_samples)
    full = locate_peak(chip, near=centre, radius=lobe)
    clutter = clutter_intensity(np.abs(chip) ** 2, full.line, full.sample, plan.full_ring)
    t0, r0 = geometry.image_to_radar(line0 + full.line, sample0 + full.sample)
    t0, r0 = float(t0), float(r0)
    centroid = _centroid_hz(geometry, settings, chip, full, t0, r0)
    bands = split_subbands(chip, settings.line_interval_s, settings.bandwidth_hz,
                           plan.n_subbands, centroid, settings.window_coefficient)
    radius = (min(plan.shift_lines + plan.sub_ring.inner_lines, half - 1), lobe[1])
    lines, samples, scrs = [], [], []
    for sub in bands.chips:
        peak = locate_peak(sub, near=(full.line, full.sample), radius=radius)
        ring_clutter = clutter_intensity(np.abs(sub) ** 2, peak.line, peak.sample,
                                         plan.sub_ring)
        lines.append(peak.line)
        samples.append(peak.sample)
        scrs.append(scr_db(peak.intensity, ring_clutter))
    scrs = np.array(scrs)
    return ChipMeasurement(
        line=float(line0 + full.line), sample=float(sample0 + full.sample), t0_s=t0, r0_m=r0,
        scr_db=scr_db(full.intensity, clutter), centres_hz=bands.centres_hz,
        shifts_s=np.array(lines) * settings.line_interval_s,
        subband_samples=np.array(samples), subband_scr_db=scrs,
        range_tolerance_samples=_range_tolerance(scrs, settings.samples_per_cell))
