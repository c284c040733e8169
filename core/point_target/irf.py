"""Impulse-response measures of a focused point: 3 dB width and peak (for Table I).

The broadening of eq. (5) is (width with a height offset / width without - 1) x 100 %.
Widths are measured on the complex cut through the peak, upsampled by zero-padding its
spectrum after moving the spectrum centre to 0 Hz (a staring-spotlight target's spectrum sits
at its Doppler centre, which zero-padding around 0 Hz would cut).
"""
import numpy as np

from ..errors import PointTargetError


def upsample_cut(cut, factor=64):
    """Band-limited upsampling of a complex 1-D cut by ``factor`` (spectrum centred first)."""
    cut = np.asarray(cut, dtype=np.complex128)
    n = len(cut)
    cycles = np.angle(np.sum(cut[1:] * np.conj(cut[:-1]))) / (2.0 * np.pi)
    centred = cut * np.exp(-2j * np.pi * cycles * np.arange(n))
    spectrum = np.fft.fftshift(np.fft.fft(centred))
    pad = (factor - 1) * n
    padded = np.pad(spectrum, (pad // 2, pad - pad // 2))
    return np.fft.ifft(np.fft.ifftshift(padded)) * factor


def width_3db(cut, factor=64):
    """-3 dB width of the main lobe of a complex cut, in input samples."""
    fine = np.abs(upsample_cut(cut, factor)) ** 2
    peak = int(np.argmax(fine))
    half = 0.5 * fine[peak]
    right = peak
    while right < len(fine) - 1 and fine[right] > half:
        right += 1
    left = peak
    while left > 0 and fine[left] > half:
        left -= 1
    if fine[right] > half or fine[left] > half:
        raise PointTargetError("The -3 dB points of the peak lie outside the cut: use a longer "
                               "cut around the target.")
    # Linear interpolation of the crossings between fine samples.
    x_right = right - 1 + (fine[right - 1] - half) / (fine[right - 1] - fine[right])
    x_left = left + 1 - (fine[left + 1] - half) / (fine[left + 1] - fine[left])
    return (x_right - x_left) / factor


def azimuth_width_3db(slc, line, sample, half_length=32, factor=64):
    """-3 dB azimuth width (lines) of the point nearest (line, sample) of an image."""
    line, sample = int(round(line)), int(round(sample))
    start = max(0, line - half_length)
    return width_3db(np.asarray(slc)[start:line + half_length + 1, sample], factor)


def broadening_percent(width, nominal_width):
    """Eq. (5): (width / nominal - 1) x 100 %."""
    return (float(width) / float(nominal_width) - 1.0) * 100.0
