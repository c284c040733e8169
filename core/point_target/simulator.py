"""Point-target SLC simulator for TerraSAR-X-like Staring Spotlight (ST) and stripmap (SM).

What it does, per target (lat, lon, true height, amplitude):

1. Raw azimuth phase history ``a exp(-j 4 pi R(t) / lambda)`` from the exact range history of
   ``range_history.slant_range_history_m`` along the curved orbit, with the TRUE zenith delay,
   sampled on the output line grid (line rate = ``oversampling`` x bandwidth, 1.15 default).
   ST: every target is illuminated over the whole acquisition, the times at which the Doppler
   of the rotation point (scene centre at the reference height) spans +-bandwidth/2 (the beam
   steers about +-2.2 deg for 38.3 kHz); SM: each target over the times its own Doppler spans
   +-bandwidth/2 around zero Doppler. The antenna pattern is not modelled (flat in the beam).
2. Azimuth focusing as a processor does it: matched filter from the exact range history of
   the point at the SAME pixel (zero-Doppler time of the output line nearest the target, the
   target's apparent slant range) but at the processor's REFERENCE height with the
   processor's ASSUMED zenith delay (``scene.point_at_pixel``); correlation by FFT, with the
   kernel taken as azimuth-invariant over the chip (exact at the line of the peak); generalised
   Hamming weighting ``alpha + (1 - alpha) cos(2 pi (f - f_c) / Bw)`` over the processed band
   ``f_c +- Bw/2``, f_c the Doppler centre of the kernel point over its aperture; normalised so
   that a target focused at its true height has peak amplitude ``a``; SLC phase -4 pi R0 /
   lambda at the peak.
3. Range: ideal range compression and range-migration correction: the focused azimuth
   response times the analytic weighted range impulse response (generalised Hamming, 300 MHz)
   at the target's apparent zero-Doppler slant range (the azimuth kernel uses the target's own
   range, not each sample's: separable impulse response).
4. Clutter (optional): complex white Gaussian noise filtered by the same azimuth and range
   weightings (ST: in the deramped domain, then re-ramped with the image's Doppler-centroid
   rate, so its local spectrum follows the targets'), scaled so that its mean intensity is
   ``scr.clutter_intensity(scr_db)`` (exact for the realisation): SCR as in ``scr``.

No eq. (3)/(8) of the paper is used to make data; those are what the measurement is checked
against.

Metadata keys of ``geometry.extra`` (the contract with the measurement, see
docs/point_target.md): ``imaging_mode`` ("ST" or "SM"), ``total_processed_azimuth_bandwidth_hz``,
``azimuth_window`` ("HAMMING"), ``azimuth_window_coefficient`` (alpha), ``range_window``,
``range_window_coefficient``, ``range_look_bandwidth_hz``, ``processor_zenith_delay_m``,
``azimuth_spectrum_reference_time_s`` (ST: zero-Doppler time of the rotation point, seconds
since the orbit epoch; SM: None), ``azimuth_spectrum_rate_hz_s`` (ST: d f_c / d t0, the rate
of the azimuth spectrum centre f_c = rate * (t0 - t_ref) of a target at zero-Doppler time t0,
about the FM rate; SM: None), ``azimuth_fm_rate_hz_s`` (magnitude at the scene centre),
``doppler_centroid`` (TSX-style records of f_c along azimuth), ``pass``, ``prf_hz``.
"""
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

from ..errors import PointTargetCancelled, PointTargetError
from ..geometry.ellipsoid import ecef_to_geodetic, geodetic_to_ecef
from ..products.acquisition import SPEED_OF_LIGHT, AcquisitionGeometry
from ..products.gcps import ensure_gcps
from .range_history import slant_range_history_m
from .scene import (
    OBERPFAFFENHOFEN_LON_DEG,
    TSX_WAVELENGTH_M,
    aperture_for_bandwidth,
    apparent_range_m,
    doppler_hz,
    fm_rate_hz_s,
    point_at_pixel,
    tsx_orbit_scene,
    zero_doppler,
)
from .scr import clutter_intensity

TSX_HAMMING_COEFFICIENT = 0.6  # TerraSAR-X's generalised Hamming; reproduces Table I


@dataclass
class PointTargetSpec:
    """A point target: geodetic position (deg), true ellipsoidal height (m), peak amplitude."""

    lat_deg: float
    lon_deg: float
    height_m: float
    amplitude: float = 1.0


@dataclass
class SceneSpec:
    """What to simulate. Angles in degrees, heights/delays in metres, frequencies in Hz."""

    incidence_deg: float = 47.3
    latitude_deg: float = 48.08
    longitude_deg: float = OBERPFAFFENHOFEN_LON_DEG
    pass_direction: str = "ascending"
    imaging_mode: str = "ST"  # "ST" staring spotlight or "SM" stripmap
    wavelength_m: float = TSX_WAVELENGTH_M
    azimuth_bandwidth_hz: Optional[float] = 38300.0  # None: from steering_deg
    steering_deg: float = 2.2  # ST beam steering +-; used only when the bandwidth is None
    oversampling: float = 1.15  # line rate / azimuth bandwidth
    window_coefficient: float = TSX_HAMMING_COEFFICIENT  # azimuth generalised Hamming alpha
    range_bandwidth_hz: float = 300.0e6
    range_sampling_rate_hz: float = 329.6e6
    range_window_coefficient: float = TSX_HAMMING_COEFFICIENT
    reference_height_m: float = 600.0
    true_zenith_delay_m: float = 2.7
    processor_zenith_delay_m: float = 2.7
    scr_db: Optional[float] = 50.0  # None: no clutter
    seed: int = 0
    lines: int = 512
    samples: int = 128
    state_vector_step_s: float = 1.0

    @classmethod
    def stripmap(cls, **kwargs):
        """TerraSAR-X stripmap settings (2.8 kHz processed azimuth bandwidth)."""
        kwargs.setdefault("imaging_mode", "SM")
        kwargs.setdefault("azimuth_bandwidth_hz", 2800.0)
        return cls(**kwargs)


@dataclass
class TargetTruth:
    """Where a target really is: image position (pixel centres at integers) and ground."""

    line: float
    sample: float
    lat_deg: float
    lon_deg: float
    height_m: float
    amplitude: float
    azimuth_time_s: float  # geometric zero-Doppler time (s since the orbit epoch)
    slant_range_m: float  # apparent zero-Doppler slant range (true delay included)
    doppler_centre_hz: float  # azimuth spectrum centre of the target in the image
    fm_rate_hz_s: float  # |FM| of the processor's kernel over its aperture


@dataclass
class SimulatedScene:
    """A simulated SLC with its geometry, the targets' truth and the settings that made it."""

    slc: np.ndarray  # complex64 (lines, samples)
    geometry: AcquisitionGeometry
    truth: List[TargetTruth]
    spec: SceneSpec
    orbit_scene: object = None  # scene.OrbitScene (rotation point at the reference height)
    aperture_s: tuple = ()  # ST acquisition (start, stop); SM: ()
    info: dict = field(default_factory=dict)  # simulation truth not in a product (delays...)


# --------------------------------------------------------------------------------------------
# windows and impulse responses

def hamming_spectrum(frequency_offset_hz, bandwidth_hz, alpha):
    """Generalised Hamming alpha + (1 - alpha) cos(2 pi f / Bw) on |f| <= Bw/2, 0 outside."""
    f = np.asarray(frequency_offset_hz, dtype=np.float64)
    inside = np.abs(f) <= 0.5 * bandwidth_hz
    return np.where(inside, alpha + (1.0 - alpha) * np.cos(2.0 * np.pi * f / bandwidth_hz), 0.0)


def range_impulse_response(offset_m, bandwidth_hz, alpha):
    """Return the peak-normalised range impulse response at slant offsets ``offset_m`` (m).

    For a generalised Hamming spectrum of ``bandwidth_hz``:
    [alpha sinc(x) + (1 - alpha)/2 (sinc(x-1) + sinc(x+1))] / alpha, x = B 2 dR / c.
    """
    x = bandwidth_hz * 2.0 * np.asarray(offset_m, dtype=np.float64) / SPEED_OF_LIGHT
    return np.sinc(x) + 0.5 * (1.0 - alpha) / alpha * (np.sinc(x - 1.0) + np.sinc(x + 1.0))


def _wrapped(frequency_hz, centre_hz, prf_hz):
    return np.mod(frequency_hz - centre_hz + 0.5 * prf_hz, prf_hz) - 0.5 * prf_hz


# --------------------------------------------------------------------------------------------
# geometry of the simulated image

def _check_spec(spec):
    mode = str(spec.imaging_mode).upper()
    if mode not in ("ST", "SM"):
        raise PointTargetError(f"imaging_mode must be 'ST' (staring spotlight) or 'SM' "
                               f"(stripmap), not {spec.imaging_mode!r}.")
    if spec.oversampling < 1.0:
        raise PointTargetError(f"oversampling {spec.oversampling} < 1 aliases the azimuth "
                               f"spectrum: use a line rate above the bandwidth (e.g. 1.15).")
    if spec.lines < 16 or spec.samples < 16:
        raise PointTargetError("The image needs at least 16 lines and 16 samples.")
    if not 0.5 <= spec.window_coefficient <= 1.0:
        raise PointTargetError("window_coefficient (Hamming alpha) must be within 0.5..1 "
                               "(1 = no weighting).")
    return mode


def _bandwidth_hz(spec, orbit_scene):
    if spec.azimuth_bandwidth_hz is not None:
        if spec.azimuth_bandwidth_hz <= 0:
            raise PointTargetError("azimuth_bandwidth_hz must be positive.")
        return float(spec.azimuth_bandwidth_hz)
    # Doppler of the rotation point seen under +-steering: 2 V sin(steering) / lambda each way.
    _, vel, _ = orbit_scene.orbit.interpolate(orbit_scene.centre_time_s)
    return 4.0 * np.linalg.norm(vel) * np.sin(np.radians(spec.steering_deg)) / spec.wavelength_m


def build_geometry(spec):
    """(OrbitScene, AcquisitionGeometry, bandwidth_hz, ST aperture or ()) of a SceneSpec."""
    mode = _check_spec(spec)
    span = 30.0 if mode == "ST" else 15.0
    scene = tsx_orbit_scene(spec.incidence_deg, spec.latitude_deg, spec.longitude_deg,
                            spec.pass_direction, spec.reference_height_m,
                            wavelength_m=spec.wavelength_m,
                            state_vector_step_s=spec.state_vector_step_s, half_span_s=span)
    bandwidth = _bandwidth_hz(spec, scene)
    dt = 1.0 / (spec.oversampling * bandwidth)
    dr = SPEED_OF_LIGHT / (2.0 * spec.range_sampling_rate_hz)
    t_ref = scene.centre_time_s
    centre_range = float(apparent_range_m(scene.orbit, scene.centre_xyz, t_ref,
                                          spec.true_zenith_delay_m)[0])
    geometry = AcquisitionGeometry(
        mission="TSX-1", product_type="SSC", orbit=scene.orbit, wavelength_m=spec.wavelength_m,
        look_side="right", first_line_time_s=t_ref - (spec.lines // 2) * dt,
        azimuth_time_interval_s=dt, lines=int(spec.lines), samples=int(spec.samples),
        near_slant_range_m=centre_range - (spec.samples // 2) * dr, range_pixel_spacing_m=dr,
        polarisation="HH", reference_height_m=float(spec.reference_height_m),
        source="simulated point targets (core.point_target.simulator)")
    aperture = ()
    if mode == "ST":
        aperture = aperture_for_bandwidth(scene.orbit, scene.centre_xyz, t_ref,
                                          spec.wavelength_m, bandwidth)
    geometry.extra = _metadata(spec, mode, bandwidth, scene, geometry, aperture)
    return scene, ensure_gcps(geometry), bandwidth, aperture


def _doppler_centre_hz(orbit, kernel_xyz, start_s, stop_s, wavelength_m):
    f = doppler_hz(orbit, kernel_xyz, np.array([start_s, stop_s]), wavelength_m)
    return 0.5 * float(f[0] + f[1])


def _metadata(spec, mode, bandwidth, scene, geometry, aperture):
    t_ref = scene.centre_time_s
    times = np.linspace(aperture[0], aperture[1], 101) if aperture else np.linspace(-0.2, 0.2, 41)
    fm = fm_rate_hz_s(scene.orbit, scene.centre_xyz, times, spec.wavelength_m,
                      spec.processor_zenith_delay_m, t_ref)
    extra = {
        "imaging_mode": mode, "total_processed_azimuth_bandwidth_hz": bandwidth,
        "azimuth_look_bandwidth_hz": bandwidth,
        "azimuth_window": "HAMMING", "azimuth_window_coefficient": float(spec.window_coefficient),
        "range_window": "HAMMING",
        "range_window_coefficient": float(spec.range_window_coefficient),
        "range_look_bandwidth_hz": float(spec.range_bandwidth_hz),
        "processor_zenith_delay_m": float(spec.processor_zenith_delay_m),
        "azimuth_spectrum_reference_time_s": None, "azimuth_spectrum_rate_hz_s": None,
        "azimuth_fm_rate_hz_s": float(fm), "pass": spec.pass_direction.upper(),
        "prf_hz": 1.0 / geometry.azimuth_time_interval_s, "doppler_centroid": 0.0,
    }
    if mode == "ST":
        # Rate of the spectrum centre with zero-Doppler time, from kernels just before/after.
        centres = []
        for dt0 in (-0.01, 0.01):
            xyz = point_at_pixel(scene.orbit, t_ref + dt0, geometry.near_slant_range_m
                                 + (spec.samples // 2) * geometry.range_pixel_spacing_m,
                                 spec.reference_height_m, spec.processor_zenith_delay_m)
            centres.append(_doppler_centre_hz(scene.orbit, xyz, aperture[0], aperture[1],
                                              spec.wavelength_m))
        rate = (centres[1] - centres[0]) / 0.02
        extra["azimuth_spectrum_reference_time_s"] = float(t_ref)
        extra["azimuth_spectrum_rate_hz_s"] = float(rate)
        tau = 2.0 * (geometry.near_slant_range_m + 0.5 * (geometry.samples - 1)
                     * geometry.range_pixel_spacing_m) / SPEED_OF_LIGHT
        extra["doppler_centroid"] = [
            {"time_s": float(t), "reference_range_time_s": float(tau),
             "coefficients": [float(rate * (t - t_ref))]}
            for t in (geometry.first_line_time_s, geometry.last_line_time_s)]
    return extra


# --------------------------------------------------------------------------------------------
# targets

def targets_at_pixels(spec, pixels, heights_m, amplitudes=1.0, geometry=None):
    """Return PointTargetSpecs placed at image (line, sample) positions at true heights (m).

    Placed by rdr2geo at the true height with the true zenith delay; ``heights_m`` and
    ``amplitudes`` broadcast over the pixels.
    """
    if geometry is None:
        _, geometry, _, _ = build_geometry(spec)
    pixels = np.atleast_2d(np.asarray(pixels, dtype=np.float64))
    heights = np.broadcast_to(np.asarray(heights_m, dtype=np.float64), (len(pixels),))
    amps = np.broadcast_to(np.asarray(amplitudes, dtype=np.float64), (len(pixels),))
    out = []
    for (line, sample), h, a in zip(pixels, heights, amps):
        t, r = geometry.image_to_radar(line, sample)
        xyz = point_at_pixel(geometry.orbit, float(t), float(r), float(h),
                             spec.true_zenith_delay_m, geometry.look_side)
        lat, lon, _ = ecef_to_geodetic(xyz)
        out.append(PointTargetSpec(float(lat), float(lon), float(h), float(a)))
    return out


def airfield_targets(spec, height_offsets_m=(-40, -25, -10, 0, 5, 15, 30, 45, 60),
                     geometry=None):
    """Return up to nine corner reflectors on a 3 x 3 image grid around the centre.

    As the paper's airfield; heights = reference height + ``height_offsets_m`` (one target per
    offset, at most nine).
    """
    lines = spec.lines // 2 + np.array([-0.3, 0.0, 0.3]) * spec.lines
    samples = spec.samples // 2 + np.array([-0.3, 0.0, 0.3]) * spec.samples
    # Fractions of a pixel differ per target so that sub-pixel positions get exercised.
    pixels = [(round(a) + 0.07 * i, round(b) + 0.04 * i)
              for i, (a, b) in enumerate((a, b) for a in lines for b in samples)]
    heights = spec.reference_height_m + np.asarray(height_offsets_m, dtype=np.float64)
    return targets_at_pixels(spec, pixels[:len(heights)], heights, geometry=geometry)


# --------------------------------------------------------------------------------------------
# focusing one target

def _target_truth(spec, geometry, target):
    xyz = np.asarray(geodetic_to_ecef(target.lat_deg, target.lon_deg, target.height_m))
    t0, _ = zero_doppler(geometry.orbit, xyz, geometry.mid_time_s)
    rng = float(apparent_range_m(geometry.orbit, xyz, t0, spec.true_zenith_delay_m)[0])
    line, sample = geometry.radar_to_image(t0, rng)
    if not (0 <= line <= geometry.lines - 1 and 0 <= sample <= geometry.samples - 1):
        raise PointTargetError(f"Target at {target.lat_deg:.6f}, {target.lon_deg:.6f}, "
                               f"{target.height_m:.1f} m falls at line {float(line):.1f}, sample "
                               f"{float(sample):.1f}, outside the {geometry.lines} x "
                               f"{geometry.samples} image: move it or enlarge the image.")
    return xyz, float(t0), rng, float(line), float(sample)


def focus_azimuth(spec, geometry, bandwidth_hz, aperture, target):
    """(complex azimuth response on all image lines, TargetTruth) of one target."""
    orbit, dt, lam = geometry.orbit, geometry.azimuth_time_interval_s, spec.wavelength_m
    xyz, t0, rng, line, sample = _target_truth(spec, geometry, target)
    peak_line = int(round(line))
    t_star = geometry.first_line_time_s + peak_line * dt
    kernel_xyz = point_at_pixel(orbit, t_star, rng, spec.reference_height_m,
                                spec.processor_zenith_delay_m, geometry.look_side)
    start, stop = aperture or aperture_for_bandwidth(orbit, kernel_xyz, t_star, lam, bandwidth_hz)
    if start < orbit.start_time or stop > orbit.stop_time:
        raise PointTargetError("The orbit does not cover the synthetic aperture.")
    # Raw samples on the output line grid: t_n = t_star + n dt.
    n_first, n_last = int(np.ceil((start - t_star) / dt)), int(np.floor((stop - t_star) / dt))
    k_min, k_max = -peak_line, geometry.lines - 1 - peak_line  # output lag = line - peak_line
    raw_times = t_star + np.arange(n_first, n_last + 1) * dt
    kernel_times = t_star + np.arange(n_first - k_max, n_last - k_min + 1) * dt
    raw = np.exp(-4j * np.pi / lam * slant_range_history_m(orbit, xyz, raw_times,
                                                           spec.true_zenith_delay_m))
    kernel = np.exp(-4j * np.pi / lam * slant_range_history_m(
        orbit, kernel_xyz, kernel_times, spec.processor_zenith_delay_m))
    size = _fast_length(len(kernel_times) + 1)
    raw_spectrum = np.fft.fft(raw, size)
    product = np.fft.fft(kernel, size) * np.conj(raw_spectrum)
    centre = _doppler_centre_hz(orbit, kernel_xyz, start, stop, lam)
    frequency = np.fft.fftfreq(size, dt)
    weight = hamming_spectrum(_wrapped(frequency, centre, 1.0 / dt), bandwidth_hz,
                              spec.window_coefficient)
    # Normalise to the peak of a perfectly matched target: (1/L) sum W |S|^2.
    norm = np.sum(weight * np.abs(raw_spectrum) ** 2) / size
    correlation = np.conj(np.fft.ifft(product * weight))  # index m = k_max - lag
    response = correlation[k_max - np.arange(k_min, k_max + 1)] / norm
    phase = np.exp(-4j * np.pi * np.mod(rng / lam, 1.0))
    lat, lon, h = ecef_to_geodetic(xyz)
    truth = TargetTruth(line=line, sample=sample, lat_deg=float(lat), lon_deg=float(lon),
                        height_m=float(h), amplitude=float(target.amplitude),
                        azimuth_time_s=t0, slant_range_m=rng, doppler_centre_hz=centre,
                        fm_rate_hz_s=fm_rate_hz_s(orbit, kernel_xyz,
                                                  np.linspace(start, stop, 101), lam,
                                                  spec.processor_zenith_delay_m, t_star))
    return target.amplitude * phase * response, truth


def _fast_length(n):
    """Smallest 2^a 3^b 5^c >= n (fast FFT sizes)."""
    best = 1 << int(np.ceil(np.log2(n)))
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p = p35
            while p < n:
                p *= 2
            best = min(best, p)
            p35 *= 3
        p5 *= 5
    return best


# --------------------------------------------------------------------------------------------
# clutter

def simulate_clutter(spec, geometry, bandwidth_hz, rng_generator):
    """Return complex Gaussian clutter (lines, samples) with the image's spectral support.

    Scaled to the mean intensity ``clutter_intensity(spec.scr_db)`` exactly for this
    realisation.
    """
    shape = (geometry.lines, geometry.samples)
    noise = (rng_generator.standard_normal(shape) + 1j * rng_generator.standard_normal(shape))
    dt = geometry.azimuth_time_interval_s
    w_az = hamming_spectrum(np.fft.fftfreq(shape[0], dt), bandwidth_hz, spec.window_coefficient)
    w_rg = hamming_spectrum(np.fft.fftfreq(shape[1], 1.0 / spec.range_sampling_rate_hz),
                            spec.range_bandwidth_hz, spec.range_window_coefficient)
    clutter = np.fft.ifft2(np.fft.fft2(noise) * w_az[:, None] * w_rg[None, :])
    rate = geometry.extra.get("azimuth_spectrum_rate_hz_s")
    if rate:
        # Re-ramp: the local azimuth spectrum centre follows rate * (t - t_ref), as targets'.
        t = geometry.first_line_time_s + np.arange(shape[0]) * dt
        t_rel = t - geometry.extra["azimuth_spectrum_reference_time_s"]
        clutter *= np.exp(1j * np.pi * rate * t_rel ** 2)[:, None]
    scale = np.sqrt(clutter_intensity(spec.scr_db) / np.mean(np.abs(clutter) ** 2))
    return clutter * scale


# --------------------------------------------------------------------------------------------
# the scene

def simulate_scene(spec=None, targets=None, progress=None):
    """Simulate the SLC of ``targets``; return a SimulatedScene.

    Default targets: one unit target at the image centre at the reference height.
    ``progress(fraction) -> bool`` may cancel (PointTargetCancelled).
    """
    spec = spec or SceneSpec()
    orbit_scene, geometry, bandwidth, aperture = build_geometry(spec)
    if targets is None:
        targets = targets_at_pixels(spec, [(spec.lines // 2, spec.samples // 2)],
                                    spec.reference_height_m, geometry=geometry)
    slc = np.zeros((geometry.lines, geometry.samples), dtype=np.complex128)
    sample_axis = np.arange(geometry.samples)
    truth = []
    for i, target in enumerate(targets):
        if progress is not None and progress(i / max(1, len(targets))) is False:
            raise PointTargetCancelled("Simulation cancelled.")
        azimuth, info = focus_azimuth(spec, geometry, bandwidth, aperture, target)
        offsets = (sample_axis - info.sample) * geometry.range_pixel_spacing_m
        slc += np.outer(azimuth, range_impulse_response(offsets, spec.range_bandwidth_hz,
                                                        spec.range_window_coefficient))
        truth.append(info)
    if spec.scr_db is not None:
        slc += simulate_clutter(spec, geometry, bandwidth, np.random.default_rng(spec.seed))
    if progress is not None:
        progress(1.0)
    return SimulatedScene(
        slc=slc.astype(np.complex64), geometry=geometry, truth=truth, spec=spec,
        orbit_scene=orbit_scene, aperture_s=tuple(aperture),
        info={"true_zenith_delay_m": spec.true_zenith_delay_m,
              "processor_zenith_delay_m": spec.processor_zenith_delay_m,
              "azimuth_bandwidth_hz": bandwidth})
