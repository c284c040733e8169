"""Point-target candidates in a (large) complex image, and the paper's stability selection.

Scan: the image (or an area of it) is read in blocks through a reader (``.lines``,
``.samples``, ``.read(line0, sample0, lines, samples) -> complex``), each with a halo as wide
as the clutter ring so that targets near block borders are judged on full rings. In a block:
local maxima of the full-band intensity, a quick pre-screen against the box-mean clutter
(outer box minus the main-lobe box), then the exact SCR (peaks.ClutterRing) for the few
survivors. Candidates from all blocks go through one strongest-first non-maximum
suppression that also drops sidelobes of much stronger targets.

Selection (Duque et al., section III): a point target keeps its SCR across the azimuth
sub-bands (within +-tolerance dB) and does not move in range between sub-bands.
"""
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import maximum_filter, uniform_filter

from ..errors import PointTargetCancelled
from .peaks import clutter_intensity, scr_db

BLOCK_LINES = 1024
BLOCK_SAMPLES = 1024
PRESCREEN_SLACK_DB = 6.0  # the box-mean clutter includes sidelobes: be lenient first
SIDELOBE_MARGIN_DB = 13.0  # weaker than a stronger target by this, on its cross: sidelobe
FAR_SIDELOBE_MARGIN_DB = 20.0  # on its cross, farther out
SWAMPED_MARGIN_DB = 30.0  # anywhere near it
SIDELOBE_REACH = 4  # "near": within this many clutter boxes
FAR_REACH = 16


@dataclass
class Candidate:
    """A local intensity maximum whose SCR passed the threshold, in image coordinates."""

    line: int  # image line of the brightest sample
    sample: int  # image sample of the brightest sample
    peak_intensity: float  # |s|^2 of that sample
    clutter_intensity: float  # mean clutter |s|^2 in the ring
    scr_db: float


@dataclass
class ScanResult:
    """Outcome of :func:`scan_candidates`: the candidates kept and what the scan met."""

    candidates: list  # Candidate, strongest first, after non-maximum suppression
    strongest_scr_db: float  # highest SCR met anywhere (even below the threshold)
    local_maxima: int  # local maxima examined


def blocks(area, block_lines=BLOCK_LINES, block_samples=BLOCK_SAMPLES):
    """Core blocks (line0, sample0, lines, samples) tiling ``area`` (same tuple form)."""
    line0, sample0, lines, samples = area
    for l0 in range(line0, line0 + lines, block_lines):
        for s0 in range(sample0, sample0 + samples, block_samples):
            yield (l0, s0, min(block_lines, line0 + lines - l0),
                   min(block_samples, sample0 + samples - s0))


def _read_with_halo(reader, block, halo, area):
    """Block plus halo (clipped to ``area``): (data, line0, sample0) of what was read."""
    l0, s0, nl, ns = block
    a0, b0, al, bs = area
    top, left = max(l0 - halo[0], a0), max(s0 - halo[1], b0)
    bottom, right = min(l0 + nl + halo[0], a0 + al), min(s0 + ns + halo[1], b0 + bs)
    data = reader.read(top, left, bottom - top, right - left)
    return np.asarray(data), top, left


def _box_ring_mean(intensity, ring):
    """Mean intensity in the outer box minus the main-lobe box around every pixel."""
    def box_sum(half_l, half_s):
        size = (2 * half_l + 1, 2 * half_s + 1)
        return uniform_filter(intensity, size=size, mode="reflect") * (size[0] * size[1])
    outer_n = (2 * ring.outer_lines + 1) * (2 * ring.outer_samples + 1)
    inner_n = (2 * ring.inner_lines + 1) * (2 * ring.inner_samples + 1)
    ring_sum = (box_sum(ring.outer_lines, ring.outer_samples)
                - box_sum(ring.inner_lines, ring.inner_samples))
    return np.maximum(ring_sum, 0.0) / (outer_n - inner_n)


def _block_candidates(data, top, left, block, ring, threshold_db):
    """Candidates of one block (peaks inside its core) and the block's strongest SCR."""
    intensity = np.abs(data.astype(np.complex64)) ** 2
    peaks = intensity == maximum_filter(
        intensity, size=(2 * ring.inner_lines + 1, 2 * ring.inner_samples + 1), mode="nearest")
    peaks &= intensity > 0
    l0, s0, nl, ns = block
    core = np.zeros(peaks.shape, dtype=bool)
    core[l0 - top:l0 - top + nl, s0 - left:s0 - left + ns] = True
    peaks &= core
    lines, samples = np.nonzero(peaks)
    if len(lines) == 0:
        return [], -np.inf, 0
    box = _box_ring_mean(intensity, ring)[lines, samples]
    with np.errstate(divide="ignore"):
        rough_db = 10.0 * np.log10(intensity[lines, samples] / np.maximum(box, 1e-30))
    keep = rough_db >= threshold_db - PRESCREEN_SLACK_DB
    found, strongest = [], -np.inf
    for line, sample in zip(lines[keep], samples[keep]):
        clutter = clutter_intensity(intensity, line, sample, ring)
        value = scr_db(float(intensity[line, sample]), clutter)
        strongest = max(strongest, value)
        if value >= threshold_db:
            found.append(Candidate(int(line + top), int(sample + left),
                                   float(intensity[line, sample]), clutter, value))
    if not np.any(keep):
        strongest = float(np.max(rough_db))
    return found, strongest, len(lines)


def _shadowed(cand, strong, ring):
    """Return whether ``cand`` is a sidelobe of the stronger ``strong`` (or swamped by it).

    True when ``cand`` lies in the main-lobe box of ``strong``; on its sidelobe cross and 13 dB
    weaker within SIDELOBE_REACH clutter boxes (20 dB weaker within FAR_REACH boxes: band-edge
    ripples of a staring-spotlight response reach hundreds of lines at -50..-60 dB); 30 dB
    weaker anywhere within SIDELOBE_REACH boxes.
    """
    dl, ds = abs(cand.line - strong.line), abs(cand.sample - strong.sample)
    if dl <= ring.inner_lines and ds <= ring.inner_samples:
        return True
    weaker = 10 * np.log10(strong.peak_intensity / max(cand.peak_intensity, 1e-300))
    box_l, box_s = dl / max(ring.outer_lines, 1), ds / max(ring.outer_samples, 1)
    on_cross = ((dl <= ring.cross_lines and box_s <= FAR_REACH)
                or (ds <= ring.cross_samples and box_l <= FAR_REACH))
    near = max(box_l, box_s) <= SIDELOBE_REACH
    return bool((on_cross and near and weaker >= SIDELOBE_MARGIN_DB)
                or (on_cross and weaker >= FAR_SIDELOBE_MARGIN_DB)
                or (near and weaker >= SWAMPED_MARGIN_DB))


def suppress(candidates, ring):
    """Strongest-first non-maximum suppression (see ``_shadowed``)."""
    kept = []
    for cand in sorted(candidates, key=lambda c: -c.peak_intensity):
        if not any(_shadowed(cand, strong, ring) for strong in kept):
            kept.append(cand)
    return kept


def scan_candidates(reader, ring, threshold_db, area=None, progress=None,
                    block_lines=BLOCK_LINES, block_samples=BLOCK_SAMPLES):
    """Find the candidates with full-band SCR >= ``threshold_db`` (dB) in ``area``.

    ``area``: (line0, sample0, lines, samples); default the whole image.
    ``progress(fraction) -> keep_going``; False raises PointTargetCancelled. Returns a
    ScanResult.
    """
    if area is None:
        area = (0, 0, reader.lines, reader.samples)
    all_blocks = list(blocks(area, block_lines, block_samples))
    halo = (ring.outer_lines, ring.outer_samples)
    found, strongest, maxima = [], -np.inf, 0
    for index, block in enumerate(all_blocks):
        data, top, left = _read_with_halo(reader, block, halo, area)
        cands, best, count = _block_candidates(data, top, left, block, ring, threshold_db)
        found.extend(cands)
        strongest, maxima = max(strongest, best), maxima + count
        if progress is not None and progress((index + 1) / len(all_blocks)) is False:
            raise PointTargetCancelled("Point-target scan cancelled.")
    return ScanResult(suppress(found, ring), float(strongest), maxima)


def stable_across_subbands(subband_scr_db, range_positions, tolerance_db,
                           range_tolerance_samples):
    """Apply the paper's point-target test; return (ok, reason), reason '' when ok.

    Passes when the SCR (dB) of every sub-band lies within +-``tolerance_db`` of the
    sub-bands' median, and the range positions (samples) within +-``range_tolerance_samples``
    of their median; a missing (non-finite) value fails.
    """
    scr = np.asarray(subband_scr_db, dtype=np.float64)
    rng = np.asarray(range_positions, dtype=np.float64)
    if not np.all(np.isfinite(scr)) or not np.all(np.isfinite(rng)):
        return False, "sub-band peak not found"
    spread = np.max(np.abs(scr - np.median(scr)))
    if spread > tolerance_db:
        return False, f"sub-band SCR varies by {spread:.1f} dB > {tolerance_db:g} dB"
    moved = np.max(np.abs(rng - np.median(rng)))
    if moved > range_tolerance_samples:
        return False, (f"range position varies by {moved:.2f} samples across sub-bands "
                       f"(> {range_tolerance_samples:.2f})")
    return True, ""
