"""Sub-sample peak position of a point target in a complex chip.

A focused (or sub-band) chip is band limited, so its DFT defines the continuous image
exactly (periodic Fourier interpolation, the sinc interpolator of a band-limited signal).
The peak is found on that continuous image: a 1/8-sample grid around the brightest sample,
then Newton steps on the interpolated intensity with analytic derivatives. A parabola on
upsampled samples would leave biases of a few thousandths of a resolution cell that differ
between sub-bands, which is the size of the shifts we measure (millimetres).
"""
from dataclasses import dataclass

import numpy as np

_GRID_STEP = 0.125  # samples, first search around the brightest sample
_NEWTON_STEPS = 12
_MAX_NEWTON_STEP = 0.25  # samples: beyond, the quadratic model is not trusted
_TOLERANCE = 1e-7  # samples


@dataclass
class Peak:
    """Sub-sample peak of a chip: fractional position and interpolated intensity."""

    line: float  # fractional, chip pixel coordinates (azimuth)
    sample: float  # fractional, chip pixel coordinates (range)
    intensity: float  # |s|^2 of the interpolated image at the peak


def _frequencies_around_centre(power):
    """Return the DFT bin frequencies (cycles per sample) unwrapped around the spectrum's centre.

    The centre is the circular mean of ``power``. A Staring Spotlight azimuth spectrum is a
    contiguous band that can straddle +-fs/2; the samples do not care, but the continuous
    image between samples does: the band must be interpolated with its true frequencies, not
    the aliased ones.
    """
    n = len(power)
    k = np.fft.fftfreq(n)
    centre = np.angle(np.sum(power * np.exp(2j * np.pi * k))) / (2.0 * np.pi)
    return centre + (k - centre + 0.5) % 1.0 - 0.5


class _Interpolant:
    """Continuous image s(x, y) = sum_kl X[k, l] e^{2 pi i (k x / L + l y / S)} / (L S)."""

    def __init__(self, chip, spectrum2d=None):
        self.spectrum = np.fft.fft2(chip) if spectrum2d is None else spectrum2d
        power = np.abs(self.spectrum) ** 2
        self.wave_x = 2j * np.pi * _frequencies_around_centre(power.sum(axis=1))
        self.wave_y = 2j * np.pi * _frequencies_around_centre(power.sum(axis=0))
        self.norm = 1.0 / power.size

    def _basis(self, wave, positions, order):
        base = np.exp(np.outer(positions, wave))
        return base * wave**order

    def grid(self, xs, ys):
        """Intensity on the grid xs x ys."""
        s = self._basis(self.wave_x, xs, 0) @ self.spectrum @ self._basis(self.wave_y, ys, 0).T
        return np.abs(s * self.norm) ** 2

    def derivatives(self, x, y):
        """Intensity, gradient (2,) and Hessian (2, 2) at one point."""
        ax = [self._basis(self.wave_x, [x], k)[0] for k in range(3)]
        ay = [self._basis(self.wave_y, [y], k)[0] for k in range(3)]
        xa = [a @ self.spectrum for a in ax]  # contract azimuth first, reused

        def value(i, j):
            return (xa[i] @ ay[j]) * self.norm

        s, sx, sy = value(0, 0), value(1, 0), value(0, 1)
        sxx, syy, sxy = value(2, 0), value(0, 2), value(1, 1)
        c = np.conj
        grad = 2.0 * np.real([c(s) * sx, c(s) * sy])
        hxx = 2.0 * np.real(c(sx) * sx + c(s) * sxx)
        hyy = 2.0 * np.real(c(sy) * sy + c(s) * syy)
        hxy = 2.0 * np.real(c(sx) * sy + c(s) * sxy)
        return abs(s) ** 2, grad, np.array([[hxx, hxy], [hxy, hyy]])


def locate_peak(chip, near=None, radius=None, spectrum2d=None):
    """Sub-sample peak of ``chip`` (complex 2-D, band limited) in chip pixel coordinates.

    ``near`` (line, sample) and ``radius`` (pixels, or (lines, samples)) restrict the start
    to the brightest sample within that window (default: the whole chip); ``spectrum2d`` is
    fft2(chip) if already known. Returns a Peak.
    """
    intensity = np.abs(chip) ** 2
    if near is not None and radius is not None:
        window = np.full(intensity.shape, -np.inf)
        l0, s0 = int(round(near[0])), int(round(near[1]))
        rl, rs = (int(np.ceil(r)) for r in np.broadcast_to(radius, (2,)))
        sl = (slice(max(l0 - rl, 0), l0 + rl + 1), slice(max(s0 - rs, 0), s0 + rs + 1))
        window[sl] = intensity[sl]
        intensity = window
    l0, s0 = np.unravel_index(np.argmax(intensity), intensity.shape)
    interp = _Interpolant(chip, spectrum2d)
    steps = np.arange(-1.0, 1.0 + 1e-9, _GRID_STEP)
    values = interp.grid(l0 + steps, s0 + steps)
    i, j = np.unravel_index(np.argmax(values), values.shape)
    x, y = l0 + steps[i], s0 + steps[j]
    for _ in range(_NEWTON_STEPS):
        value, grad, hess = interp.derivatives(x, y)
        try:
            step = -np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(step)) or np.linalg.det(hess) <= 0 or hess[0, 0] >= 0:
            break  # not at a maximum of the quadratic model: keep the grid point
        step = np.clip(step, -_MAX_NEWTON_STEP, _MAX_NEWTON_STEP)
        x, y = x + step[0], y + step[1]
        if np.max(np.abs(step)) < _TOLERANCE:
            break
    value, _, _ = interp.derivatives(x, y)
    return Peak(line=float(x), sample=float(y), intensity=float(value))



@dataclass
class ClutterRing:
    """Where the clutter around a point target is measured, in pixels (lines, samples).

    Clutter pixels: inside the outer box |dl| <= outer_lines, |ds| <= outer_samples, outside
    the main-lobe box |dl| <= inner_lines and |ds| <= inner_samples, and off the sidelobe
    cross (|dl| <= cross_lines: the target's range sidelobes; |ds| <= cross_samples: its
    azimuth sidelobes, long after unweighting).
    """

    inner_lines: int
    inner_samples: int
    outer_lines: int
    outer_samples: int
    cross_lines: int
    cross_samples: int

    @classmethod
    def from_resolution(cls, lines_per_cell, samples_per_cell, inner_cells=3.0,
                        outer_cells=12.0, cross_cells=1.0):
        """Ring sized in resolution cells (pixels per cell in each direction)."""
        def px(cells, per_cell):
            return int(np.ceil(cells * per_cell))
        return cls(px(inner_cells, lines_per_cell), px(inner_cells, samples_per_cell),
                   px(outer_cells, lines_per_cell), px(outer_cells, samples_per_cell),
                   px(cross_cells, lines_per_cell), px(cross_cells, samples_per_cell))

    def mask(self, shape, line, sample):
        """Boolean clutter mask of an array of ``shape`` for a peak at integer (line, sample)."""
        dl = np.abs(np.arange(shape[0]) - int(line))[:, None]
        ds = np.abs(np.arange(shape[1]) - int(sample))[None, :]
        outer = (dl <= self.outer_lines) & (ds <= self.outer_samples)
        inner = (dl <= self.inner_lines) & (ds <= self.inner_samples)
        cross = (dl <= self.cross_lines) | (ds <= self.cross_samples)
        return outer & ~inner & ~cross


def clutter_intensity(intensity, line, sample, ring):
    """Return the mean clutter intensity in ``ring`` around the peak at (line, sample).

    ``intensity`` is the |s|^2 array; the position is rounded to whole pixels. NaN when no
    clutter pixel lies inside the array.
    """
    line, sample = int(round(line)), int(round(sample))
    top, left = max(line - ring.outer_lines, 0), max(sample - ring.outer_samples, 0)
    window = intensity[top:line + ring.outer_lines + 1, left:sample + ring.outer_samples + 1]
    mask = ring.mask(window.shape, line - top, sample - left)
    if not np.any(mask):
        return float("nan")
    return float(np.mean(window[mask]))


def scr_db(peak_intensity, clutter_mean_intensity):
    """Signal-to-clutter ratio (dB): peak intensity over mean clutter intensity per pixel."""
    if not clutter_mean_intensity > 0:
        return float("inf")
    return float(10.0 * np.log10(max(peak_intensity, 1e-300) / clutter_mean_intensity))
