"""Geometric augmentation of matcher training patches (numpy/scipy; one patch at a time).

A sample is (reference, secondary, offset, valid): intensities [H, W] (NaN = no data), true
offsets [2, H, W] (secondary - reference, pixels, lines then samples; the content of
reference pixel p is at p + offset(p) in the secondary) and a bool mask [H, W].

- ``displace_secondary``: resample the secondary by an extra smooth displacement field, as a
  worse coarse-DEM prediction would (the real pairs have mostly < 3 px offsets; the matcher
  must also find larger ones: orbit errors, poor DEMs, non-parallel tracks);
- ``swap_roles``: exchange reference and secondary (the offsets become the inverse field);
- ``flip_lines`` / ``flip_samples``: mirror both images and negate that offset component.

Both warps invert a field by fixed-point iteration, exact for smooth fields whose gradient is
well below 1 (true of terrain parallax and of the fields drawn here); pixels where the
inversion does not close to ``CLOSURE_TOL_PX`` are marked invalid.
"""
import numpy as np
from scipy.ndimage import gaussian_filter, map_coordinates

FIXED_POINT_ITERATIONS = 4  # contraction ~|grad field| < 0.3 per iteration: < 0.01 px
CLOSURE_TOL_PX = 0.05


def pixel_grid(shape):
    """(lines, samples) float64 index arrays of an [H, W] grid."""
    return np.meshgrid(np.arange(shape[0], dtype=np.float64),
                       np.arange(shape[1], dtype=np.float64), indexing="ij")


def sample_bilinear(image, lines, samples, fill=np.nan):
    """``image`` at fractional (lines, samples); ``fill`` outside; NaN neighbours spread."""
    return map_coordinates(np.asarray(image, dtype=np.float64), [lines, samples], order=1,
                           mode="constant", cval=fill)


def sample_field(field, lines, samples):
    """Sample a [2, H, W] field bilinearly at fractional positions (edge values outside)."""
    return np.stack([map_coordinates(f, [lines, samples], order=1, mode="nearest")
                     for f in np.asarray(field, dtype=np.float64)])


def inside(shape, lines, samples):
    """Return whether fractional (lines, samples) lie within an [H, W] grid of ``shape``."""
    return ((lines >= 0) & (lines <= shape[0] - 1) & (samples >= 0)
            & (samples <= shape[1] - 1))


def smooth_field(shape, rng, constant_px, amplitude_px, correlation_px):
    """Draw a random smooth [2, H, W] displacement field (pixels).

    Per axis, a constant uniform in +-constant_px plus a Gaussian-correlated field (Gaussian
    filter of standard deviation ``correlation_px``) whose peak |value| is drawn uniformly in
    [0, amplitude_px]. ``constant_px`` and ``amplitude_px`` are (lines, samples) pairs.
    """
    field = np.empty((2,) + tuple(shape))
    for axis in range(2):
        noise = gaussian_filter(rng.standard_normal(shape), correlation_px, mode="reflect")
        noise /= max(np.abs(noise).max(), 1e-12)
        field[axis] = (rng.uniform(-constant_px[axis], constant_px[axis])
                       + rng.uniform(0.0, amplitude_px[axis]) * noise)
    return field


def invert_displacement(field, target):
    """Solve q + field(q) = target for the positions q by fixed-point iteration.

    Returns q ([2, H, W], like ``field`` and ``target``) and the residual
    |q + field(q) - target| ([H, W], pixels).
    """
    q = target - field
    for _ in range(FIXED_POINT_ITERATIONS):
        q = target - sample_field(field, q[0], q[1])
    closure = np.hypot(*(q + sample_field(field, q[0], q[1]) - target))
    return q, closure


def displace_secondary(secondary, offset, valid, field):
    """Warp the secondary by ``field``; return the new (secondary, offset, valid).

    The new secondary is secondary'(q) = secondary(q + field(q)). The content of reference
    pixel p is at t = p + offset(p) in the old secondary, so at the q with q + field(q) = t in
    the new one.
    """
    shape = secondary.shape
    lines, samples = pixel_grid(shape)
    new_secondary = sample_bilinear(secondary, lines + field[0], samples + field[1])
    q, closure = invert_displacement(field, np.stack([lines + offset[0], samples + offset[1]]))
    present = np.isfinite(sample_bilinear(new_secondary, q[0], q[1]))
    new_valid = valid & inside(shape, q[0], q[1]) & (closure < CLOSURE_TOL_PX) & present
    new_offset = np.where(new_valid, q - np.stack([lines, samples]), 0.0)
    return new_secondary.astype(np.float32), new_offset.astype(np.float32), new_valid


def swap_roles(reference, secondary, offset, valid):
    """Exchange reference and secondary; return (secondary, reference, inverse offset, valid).

    The new offset e at secondary pixel q satisfies q + e(q) = p with p + offset(p) = q, i.e.
    e(q) = -offset(q + e(q)).
    """
    shape = reference.shape
    lines, samples = pixel_grid(shape)
    field = np.where(valid, offset, 0.0)
    e = -field
    for _ in range(FIXED_POINT_ITERATIONS):
        e = -sample_field(field, lines + e[0], samples + e[1])
    p_lines, p_samples = lines + e[0], samples + e[1]
    closure = np.hypot(*(e + sample_field(field, p_lines, p_samples)))
    # every bilinear neighbour of p must be valid: the offsets are 0 (not truth) elsewhere
    support = sample_bilinear(valid.astype(np.float64), p_lines, p_samples, fill=0.0)
    new_valid = ((support > 1.0 - 1e-6) & inside(shape, p_lines, p_samples)
                 & (closure < CLOSURE_TOL_PX) & np.isfinite(secondary))
    new_offset = np.where(new_valid, e, 0.0)
    return secondary, reference, new_offset.astype(np.float32), new_valid


def flip_lines(reference, secondary, offset, valid):
    """Mirror along azimuth (a pass with the mirrored heading): lines reversed, dl negated."""
    offset = offset[:, ::-1].copy()
    offset[0] *= -1.0
    return reference[::-1].copy(), secondary[::-1].copy(), offset, valid[::-1].copy()


def flip_samples(reference, secondary, offset, valid):
    """Mirror along range: samples reversed, ds negated.

    Layover then faces far range, which no real image shows: off by default in training.
    """
    offset = offset[:, :, ::-1].copy()
    offset[1] *= -1.0
    return (reference[:, ::-1].copy(), secondary[:, ::-1].copy(), offset,
            valid[:, ::-1].copy())
