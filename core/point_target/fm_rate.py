"""Expected azimuth shift of each sub-band for a candidate target height (exact, no eq. (8)).

The processor focused every image position (t0, R0) with the range history of a point at
its reference height, seen through its assumed zenith delay. A target at another height
(or behind another delay) has a slightly different history; after matched filtering the
residual spectral phase moves the energy at azimuth frequency f by

    dt(f) = t_true(f) - t_ref(f)    (seconds, later = positive),

where t(f) is the stationary time at which a history has instantaneous Doppler f
(``f = sign * 2/lambda * dR/dt``, sign = -1 for the usual exp(-j 4 pi R / lambda) phase).
For a linear FM this is eq. (8): f dFM / FM^2. Here t(f) is solved on the orbit itself, so
orbit curvature, Earth rotation, higher-order range terms and the incidence-dependent
tropospheric delay (Table II) are all in. A sub-band's shift is the mean of dt(f) over its
band (two-point Gauss-Legendre, exact while dt(f) is cubic in f).

Both histories are anchored at the same image position: zero-Doppler time t0 and apparent
slant range R0 (geometric range + zenith delay / cos(incidence)). Their difference in
geometric range is what a delay error turns into a height bias; getting it wrong by 1 cm
biases the height by about 10 cm (eq. (7)).
"""
import numpy as np

from .range_history import line_of_sight, local_incidence_cosine, slant_range_history_m

_DIFF_STEP_S = 1e-3  # central differences of the range history (R''' h^2 is negligible)
_NEWTON_STEPS = 8
_TIME_TOLERANCE_S = 1e-12
_GAUSS_2 = 0.5 / np.sqrt(3.0)  # two-point Gauss-Legendre nodes, fraction of the band


def anchored_target(geometry, t0_s, r0_m, heights_m, zenith_delay_m):
    """Return ECEF points (H, 3) at ``heights_m`` anchored at one image position.

    Each point is seen at zero-Doppler time ``t0_s`` with apparent slant range ``r0_m``
    (metres): its geometric range is R0 minus ``zenith_delay_m`` mapped to the target's
    incidence (two fixed-point passes; the incidence barely moves).
    """
    heights = np.atleast_1d(np.asarray(heights_m, dtype=np.float64))
    t = np.full(heights.shape, float(t0_s))
    geometric = np.full(heights.shape, float(r0_m) - float(zenith_delay_m))
    xyz = geometry.rdr2geo(t, geometric, heights)
    if zenith_delay_m == 0.0:
        return xyz
    for _ in range(2):
        _, unit = line_of_sight(geometry.orbit, xyz[:, None, :], t[:, None])
        cos_inc = local_incidence_cosine(xyz[:, None, :], unit)[:, 0]
        xyz = geometry.rdr2geo(t, float(r0_m) - zenith_delay_m / cos_inc, heights)
    return xyz


def _range_rates(orbit, targets, times_s, zenith_delay_m):
    """Return dR/dt (m/s) and d2R/dt2 (m/s^2) of the apparent range history, each (H, M).

    For ``targets`` (H, 1, 3) at ``times_s`` (H, M), by central differences.
    """
    h = _DIFF_STEP_S
    r_minus = slant_range_history_m(orbit, targets, times_s - h, zenith_delay_m)
    r_mid = slant_range_history_m(orbit, targets, times_s, zenith_delay_m)
    r_plus = slant_range_history_m(orbit, targets, times_s + h, zenith_delay_m)
    return (r_plus - r_minus) / (2.0 * h), (r_plus - 2.0 * r_mid + r_minus) / (h * h)


def stationary_times_s(orbit, targets_xyz, frequencies_hz, t0_s, wavelength_m,
                       zenith_delay_m, doppler_sign=-1.0):
    """Time (s) at which each target (H, 3) has each instantaneous Doppler (M,): (H, M).

    Newton on ``sign * 2/lambda * dR/dt - f = 0`` from a linear-FM start at ``t0_s``.
    """
    targets = np.asarray(targets_xyz, dtype=np.float64)[:, None, :]
    f = np.asarray(frequencies_hz, dtype=np.float64)[None, :]
    scale = doppler_sign * 2.0 / wavelength_m
    _, accel = _range_rates(orbit, targets, np.full((targets.shape[0], 1), float(t0_s)),
                            zenith_delay_m)
    times = t0_s + f / (scale * accel)  # f = scale * R'' (t - t0) near closest approach
    for _ in range(_NEWTON_STEPS):
        rate, accel = _range_rates(orbit, targets, times, zenith_delay_m)
        step = (scale * rate - f) / (scale * accel)
        times = times - step
        if np.max(np.abs(step)) < _TIME_TOLERANCE_S:
            break
    return times


def subband_nodes_hz(centres_hz, width_hz):
    """Two Gauss-Legendre frequencies per sub-band (N, 2), Hz."""
    centres = np.asarray(centres_hz, dtype=np.float64)
    return centres[:, None] + np.array([-_GAUSS_2, _GAUSS_2])[None, :] * width_hz


class SubbandShiftModel:
    """Expected sub-band azimuth shifts (s) of one target for candidate heights.

    ``centres_hz``: absolute Doppler centres of the sub-bands, ``width_hz`` their width;
    ``processor_delay_m``: zenith delay the processor assumed; ``true_delay_m``: the delay
    believed real (processor delay + the user's correction).
    """

    def __init__(self, geometry, t0_s, r0_m, centres_hz, width_hz, reference_height_m,
                 processor_delay_m, true_delay_m, doppler_sign=-1.0):
        self.geometry = geometry
        self.t0_s, self.r0_m = float(t0_s), float(r0_m)
        self.true_delay_m = float(true_delay_m)
        self.doppler_sign = doppler_sign
        self.nodes_hz = subband_nodes_hz(centres_hz, width_hz)
        reference = anchored_target(geometry, t0_s, r0_m, [reference_height_m],
                                    float(processor_delay_m))
        self._reference_times = stationary_times_s(
            geometry.orbit, reference, self.nodes_hz.ravel(), self.t0_s,
            geometry.wavelength_m, float(processor_delay_m), doppler_sign)[0]

    def shifts_s(self, heights_m):
        """(H, N) expected azimuth shift (s) of each sub-band for each candidate height."""
        heights = np.atleast_1d(np.asarray(heights_m, dtype=np.float64))
        targets = anchored_target(self.geometry, self.t0_s, self.r0_m, heights,
                                  self.true_delay_m)
        times = stationary_times_s(self.geometry.orbit, targets, self.nodes_hz.ravel(),
                                   self.t0_s, self.geometry.wavelength_m, self.true_delay_m,
                                   self.doppler_sign)
        shift = (times - self._reference_times[None, :]).reshape(
            (len(heights),) + self.nodes_hz.shape)
        return shift.mean(axis=-1)


def doppler_at_hz(geometry, target_xyz, azimuth_time_s, zenith_delay_m, doppler_sign=-1.0):
    """Return the instantaneous Doppler (Hz) of one target (3,) at one azimuth time (s).

    For Staring Spotlight the centre of a target's azimuth spectrum is its Doppler at the
    staring centre's zero-Doppler time.
    """
    targets = np.asarray(target_xyz, dtype=np.float64).reshape(1, 1, 3)
    rate, _ = _range_rates(geometry.orbit, targets, np.array([[float(azimuth_time_s)]]),
                           zenith_delay_m)
    return float(doppler_sign * 2.0 / geometry.wavelength_m * rate[0, 0])
