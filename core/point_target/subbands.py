"""Azimuth sub-bands of a point-target chip (Duque et al., section III).

The focused SLC spectrum of one point target occupies the processed azimuth bandwidth
``B`` centred on that target's Doppler centroid ``f_dc`` (for Staring Spotlight the centroid
moves with azimuth position; within one small chip it is a single value). The paper's steps
- deramp by the centroid, remove the azimuth spectral weighting, cut N sub-bands, reramp -
are done here in the chip's own DFT domain, which makes them exact: each DFT bin ``f_k``
(Hz, aliased into [-fs/2, fs/2)) gets the frequency relative to the centroid
``nu_k = wrap(f_k - f_dc)`` (that is the deramp), is divided by the processor's window at
``nu_k`` (unweighting), kept only in sub-band n (the cut), and transformed back without
shifting (so the result is already reramped).

Sub-band centres follow eq. (10), over the used band B' = 0.98 B (see USED_BAND_FRACTION):
``nu_n = -B'/2 + B'/(2N) + n B'/N``; absolute Doppler
centres are ``f_dc + nu_n`` (what the sub-band shift of eq. (8) is proportional to).
"""
from dataclasses import dataclass

import numpy as np

# Unweighting a Hamming window divides by at most 1 / (2 alpha - 1) at the band edges; a cap
# keeps clutter and noise near the edges from being amplified without bound.
MAX_UNWEIGHT_GAIN = 10.0
# The outer 1 % of the band at each edge is left out of the sub-bands: a finite aperture's
# spectrum has Fresnel ripples in phase there, which after unweighting shift the outer
# sub-bands by ~0.004 lines (0.2 m of height at 47 deg) even for a perfectly focused target.
USED_BAND_FRACTION = 0.98


@dataclass
class SubbandSet:
    """The azimuth sub-bands of one chip, as images and spectra, with their Doppler centres."""

    chips: np.ndarray  # (N, lines, samples) complex sub-band chips, reramped
    spectra: np.ndarray  # (N, lines, samples) their azimuth DFTs (axis 0), same data
    centres_hz: np.ndarray  # (N,) absolute Doppler centre of each sub-band (Hz)
    centroid_hz: float  # Doppler centroid used for the deramp (Hz)


def subband_offsets_hz(bandwidth_hz, n_subbands):
    """Return the centre (Hz) of each of N equal, non-overlapping sub-bands, eq. (10).

    Relative to the band centre.
    """
    n = np.arange(n_subbands, dtype=np.float64)
    width = bandwidth_hz / n_subbands
    return -0.5 * bandwidth_hz + 0.5 * width + width * n


def relative_frequencies_hz(lines, line_interval_s, centroid_hz):
    """Return the azimuth frequency (Hz) of each DFT bin relative to the centroid.

    Wrapped into [-fs/2, fs/2): the deramp, without touching the samples.
    """
    fs = 1.0 / line_interval_s
    f = np.fft.fftfreq(lines, d=line_interval_s)
    return (f - centroid_hz + 0.5 * fs) % fs - 0.5 * fs


def hamming_weight(nu_hz, bandwidth_hz, coefficient):
    """Return the processor's generalised Hamming window at relative frequencies ``nu_hz``.

    alpha + (1 - alpha) cos(2 pi nu / B) over |nu| <= B/2, 0 outside.
    """
    w = coefficient + (1.0 - coefficient) * np.cos(2.0 * np.pi * nu_hz / bandwidth_hz)
    return np.where(np.abs(nu_hz) <= 0.5 * bandwidth_hz, w, 0.0)


def unweighting_gain(nu_hz, bandwidth_hz, coefficient, max_gain=MAX_UNWEIGHT_GAIN):
    """Return the unweighting gain: 1 / window inside the processed band, 0 outside.

    Capped at ``max_gain``; a coefficient of 1 (rectangular, or window unknown) gives 1 inside.
    """
    w = hamming_weight(nu_hz, bandwidth_hz, coefficient)
    inside = np.abs(nu_hz) <= 0.5 * bandwidth_hz
    gain = np.where(inside, 1.0 / np.maximum(w, 1.0 / max_gain), 0.0)
    return gain


def estimate_centroid_hz(chip, line_interval_s):
    """Estimate the Doppler centroid (Hz) of a chip from its azimuth power spectrum.

    The circular mean of the spectrum, which is robust to the spectrum wrapping around +-fs/2
    (Staring Spotlight centroids can exceed the line rate's Nyquist band). The result lies in
    [-fs/2, fs/2]: the centroid modulo the line rate.
    """
    lines = chip.shape[0]
    power = np.sum(np.abs(np.fft.fft(chip, axis=0)) ** 2, axis=1)
    k = np.arange(lines)
    phasor = np.sum(power * np.exp(2j * np.pi * k / lines))
    fs = 1.0 / line_interval_s
    return float(np.angle(phasor) / (2.0 * np.pi) * fs)


def _band_fraction(nu_hz, bin_hz, centre_hz, width_hz):
    """Share of each DFT bin (width ``bin_hz``) inside [centre - width/2, centre + width/2].

    Edge bins are split between neighbouring sub-bands in proportion, so each sub-band's
    realised centre is the eq. (10) centre instead of being off by up to half a bin (a
    shift error beta * bin/2 that would not cancel between sub-bands).
    """
    low = np.maximum(nu_hz - 0.5 * bin_hz, centre_hz - 0.5 * width_hz)
    high = np.minimum(nu_hz + 0.5 * bin_hz, centre_hz + 0.5 * width_hz)
    return np.clip((high - low) / bin_hz, 0.0, 1.0)


def split_subbands(chip, line_interval_s, bandwidth_hz, n_subbands, centroid_hz,
                   window_coefficient=1.0, used_fraction=USED_BAND_FRACTION):
    """Cut ``chip`` (complex, azimuth along axis 0) into ``n_subbands`` azimuth sub-bands.

    ``bandwidth_hz``: processed azimuth bandwidth; ``centroid_hz``: the target's Doppler
    centroid; ``window_coefficient``: alpha of the processor's Hamming window (1 = none);
    ``used_fraction``: share of the band (centred) cut into sub-bands.
    Returns a SubbandSet. Needs the line rate 1/line_interval_s >= the bandwidth.
    """
    lines = chip.shape[0]
    if 1.0 / line_interval_s < bandwidth_hz * (1.0 - 1e-9):
        raise ValueError("azimuth bandwidth exceeds the line rate: sub-bands would alias")
    nu = relative_frequencies_hz(lines, line_interval_s, centroid_hz)
    gain = unweighting_gain(nu, bandwidth_hz, window_coefficient)
    spectrum = np.fft.fft(chip, axis=0) * gain[:, None]
    used_hz = used_fraction * bandwidth_hz
    offsets = subband_offsets_hz(used_hz, n_subbands)
    bin_hz = 1.0 / (lines * line_interval_s)
    spectra = np.empty((n_subbands,) + chip.shape, dtype=np.complex128)
    for n, centre in enumerate(offsets):
        weight = _band_fraction(nu, bin_hz, centre, used_hz / n_subbands)
        spectra[n] = spectrum * weight[:, None]
    chips = np.fft.ifft(spectra, axis=1)
    return SubbandSet(chips=chips, spectra=spectra, centres_hz=centroid_hz + offsets,
                      centroid_hz=float(centroid_hz))
