"""What the point-target measurement needs from the product metadata and the user's options.

Checked once, with the assumptions it had to make written down as notes for the user.
"""
import copy
import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..errors import PointTargetError
from ..geometry.ellipsoid import ecef_to_geodetic
from ..products.acquisition import SPEED_OF_LIGHT
from .fm_rate import anchored_target
from .range_history import line_of_sight, local_incidence_cosine

# TerraSAR-X Staring Spotlight: the TMSP focuses with a fixed zenith path delay of 2.3 m (the
# dry part at sea level; Duque et al., section II-A). Other modes/processors: assume none.
TSX_ST_PROCESSOR_ZENITH_DELAY_M = 2.3
DEFAULT_HAMMING_COEFFICIENT = 0.6  # TerraSAR-X azimuth Hamming window
SAMPLES_PER_RANGE_CELL = 1.2  # typical range oversampling when the bandwidth is unknown
_RECTANGULAR = ("NONE", "RECT", "RECTANGULAR", "UNIFORM", "BOXCAR")


@dataclass
class AcquisitionSettings:
    """Metadata and options of one SLC as the measurement uses them, with notes on assumptions."""

    bandwidth_hz: float  # processed azimuth bandwidth of one target
    window_coefficient: float  # Hamming alpha of the azimuth weighting (1 = none)
    processor_delay_m: float  # zenith delay the processor assumed
    true_delay_m: float  # processor delay + the user's correction
    reference_height_m: float  # height the processor focused with
    spectrum_reference_time_s: Optional[float]  # staring centre's zero-Doppler time
    spectrum_rate_hz_s: Optional[float]  # d(spectrum centre)/d(zero-Doppler time)
    line_interval_s: float
    lines_per_cell: float  # azimuth pixels per (unweighted) resolution cell 1/B
    samples_per_cell: float  # range pixels per resolution cell
    notes: list = field(default_factory=list)


@dataclass
class TargetGeometry:
    """Viewing geometry of one target at the reference height (angles deg, lengths m)."""

    incidence_deg: float
    orbit_height_m: float
    velocity_m_s: float  # satellite speed (Earth-fixed)
    ground_velocity_m_s: float  # speed of the zero-Doppler footprint on the ground
    reference_latlon: tuple  # (lat_deg, lon_deg, height_m) at the reference height


def check_options(options, reader):
    """PointTargetError for option values the measurement cannot work with."""
    if int(options.subbands) != options.subbands or options.subbands < 2:
        raise PointTargetError(f"{options.subbands} sub-bands: the method compares the azimuth "
                               f"positions of at least 2 sub-bands; use 3 to 5.")
    low, high = options.height_min_m, options.height_max_m
    if low is not None and high is not None and not float(low) < float(high):
        raise PointTargetError(f"HEIGHT_MIN ({low:g} m) must be below HEIGHT_MAX ({high:g} m); "
                               f"leave both empty to search -500..9000 m.")
    if not options.scr_tolerance_db > 0 or not options.max_height_std_m > 0:
        raise PointTargetError("SCR tolerance and maximum height error must be positive.")
    if options.max_targets < 1:
        raise PointTargetError("MAX_TARGETS must be at least 1.")
    if options.area is not None:
        line0, sample0, lines, samples = (int(v) for v in options.area)
        if (lines < 1 or samples < 1 or line0 < 0 or sample0 < 0
                or line0 + lines > reader.lines or sample0 + samples > reader.samples):
            raise PointTargetError(f"The area {tuple(options.area)} (line0, sample0, lines, "
                                   f"samples) is not inside the {reader.lines} x "
                                   f"{reader.samples} image: give an area within it.")


def _window_coefficient(extra, notes):
    window = str(extra.get("azimuth_window", "")).strip().upper()
    if window in _RECTANGULAR:
        return 1.0
    coefficient = extra.get("azimuth_window_coefficient")
    if coefficient is None:
        notes.append(f"Azimuth window coefficient not in the metadata: assumed Hamming "
                     f"{DEFAULT_HAMMING_COEFFICIENT} (TerraSAR-X).")
        return DEFAULT_HAMMING_COEFFICIENT
    if window and window != "HAMMING":
        notes.append(f"Azimuth window {window!r} treated as a Hamming window of coefficient "
                     f"{float(coefficient):g}.")
    return float(coefficient)


def _processor_delay(extra, notes):
    if extra.get("processor_zenith_delay_m") is not None:
        return float(extra["processor_zenith_delay_m"])
    if str(extra.get("imaging_mode", "")).upper() == "ST":
        notes.append(f"Processor zenith delay not in the metadata: assumed "
                     f"{TSX_ST_PROCESSOR_ZENITH_DELAY_M} m (TerraSAR-X Staring Spotlight).")
        return TSX_ST_PROCESSOR_ZENITH_DELAY_M
    notes.append("Processor zenith delay not in the metadata: assumed 0 m.")
    return 0.0


def target_azimuth_bandwidth_hz(extra):
    """Return the azimuth bandwidth (Hz) a target's echoes were focused with; None if unknown.

    TerraSAR-X annotates two (processing/processingParameter): totalProcessedAzimuthBandwidth,
    the bandwidth of the raw data's instantaneous azimuth spectrum (the beam's: 2.7 kHz in the
    real Staring Spotlight products), and azimuthLookBandwidth, that of one look. In stripmap
    they agree; in the spotlight modes the steered beam sweeps each target's Doppler over the
    look bandwidth (38.2 kHz in Staring Spotlight: the paper's 38.3 kHz). The total
    (``extra["total_processed_azimuth_bandwidth_hz"]``, annotated in every product) is
    required; where the look bandwidth (``azimuth_look_bandwidth_hz``) is larger, an SSC's one
    look is the target's bandwidth. SAR Height's simulations annotate both as the target's.
    """
    def positive(key):
        value = (extra or {}).get(key)
        if value is None or not math.isfinite(float(value)) or not float(value) > 0:
            return None
        return float(value)

    total, look = positive("total_processed_azimuth_bandwidth_hz"), positive(
        "azimuth_look_bandwidth_hz")
    if total is None:
        return None
    return max(total, look) if look is not None else total


def image_range_geometry(geometry):
    """Return the geometry in the image's own (apparent) range: GEOREF.xml's path delay back in.

    The TerraSAR-X reader removes the range delay that GEOREF.xml annotates (ionosphere plus
    hydrostatic troposphere, ``extra["range_delay_m"]``) so that geo2rdr finds the tie points;
    the point-target workflow models the delay in the image's range axis itself (the processor's
    zenith delay and the user's correction), so it works in the range the pixels have. The
    azimuth times stay corrected. A copy when there is a delay to put back (its delay keys are
    then 0 and its range-delay records gone, so that a writer does not add the delay twice),
    else ``geometry`` itself.
    """
    delay = float((geometry.extra or {}).get("range_delay_m") or 0.0)
    if delay == 0.0:
        return geometry
    clone = copy.copy(geometry)
    clone.extra = dict(geometry.extra)
    clone.near_slant_range_m = geometry.near_slant_range_m + delay
    records = [r for r in clone.extra.get("signal_propagation_effects") or []
               if r.get("kind") != "range_delay"]
    clone.extra.update(range_delay_m=0.0, range_delay_s=0.0, image_range_delay_restored_m=delay,
                       signal_propagation_effects=records)
    return clone


def _optional_float(value):
    return None if value is None else float(value)


def acquisition_settings(geometry, options):
    """AcquisitionSettings of one SLC, or PointTargetError naming what is missing."""
    extra, notes = dict(geometry.extra or {}), []
    bandwidth = target_azimuth_bandwidth_hz(extra)
    if bandwidth is None:
        raise PointTargetError(
            "The product metadata has no processed azimuth bandwidth "
            "(total_processed_azimuth_bandwidth_hz): use a TerraSAR-X SSC level1Product XML, or "
            "add the bandwidth in Hz to the geometry JSON.")
    dt = float(geometry.azimuth_time_interval_s)
    if 1.0 / dt < bandwidth * (1.0 - 1e-6):
        raise PointTargetError(
            f"The azimuth bandwidth ({bandwidth:.0f} Hz) exceeds the line rate "
            f"({1.0 / dt:.0f} Hz): the image is not a full-resolution SLC (multi-looked or "
            f"ground range?). Use the complex SLC.")
    reference = geometry.reference_height_m
    if reference is None:
        reference = options.reference_height_m
    if reference is None:
        raise PointTargetError(
            "The processing reference height is unknown (not in the product metadata): give "
            "REFERENCE_HEIGHT, the ellipsoidal height the SLC was focused with.")
    delay = _processor_delay(extra, notes)
    range_bw = extra.get("range_look_bandwidth_hz") or extra.get("range_bandwidth_hz")
    samples_per_cell = SAMPLES_PER_RANGE_CELL
    if range_bw:
        sampling = SPEED_OF_LIGHT / (2.0 * float(geometry.range_pixel_spacing_m))
        samples_per_cell = max(1.0, sampling / float(range_bw))
    t_ref = extra.get("azimuth_spectrum_reference_time_s")
    if t_ref is None:
        notes.append("Staring centre time not in the metadata: each target's Doppler "
                     "centroid was estimated from its spectrum.")
    return AcquisitionSettings(
        bandwidth_hz=bandwidth, window_coefficient=_window_coefficient(extra, notes),
        processor_delay_m=delay, true_delay_m=delay + float(options.tropo_delay_correction_m),
        reference_height_m=float(reference),
        spectrum_reference_time_s=None if t_ref is None else float(t_ref),
        spectrum_rate_hz_s=_optional_float(extra.get("azimuth_spectrum_rate_hz_s")),
        line_interval_s=dt, lines_per_cell=1.0 / (bandwidth * dt),
        samples_per_cell=samples_per_cell, notes=notes)


def target_geometry(geometry, t0_s, r0_m, settings):
    """Incidence, orbit height and speeds for a target seen at (t0, R0), reference height."""
    t0_s, r0_m = float(np.ravel(t0_s)[0]), float(np.ravel(r0_m)[0])
    xyz = anchored_target(geometry, t0_s, r0_m, [settings.reference_height_m],
                          settings.processor_delay_m)[0]
    pos, vel, _ = geometry.orbit.interpolate(t0_s)
    _, unit = line_of_sight(geometry.orbit, xyz, np.array([t0_s]))
    incidence = float(np.degrees(np.arccos(local_incidence_cosine(xyz, unit)[0])))
    _, _, orbit_height = ecef_to_geodetic(pos)
    speed = float(np.linalg.norm(vel))
    lat, lon, h = ecef_to_geodetic(xyz)
    return TargetGeometry(incidence_deg=incidence, orbit_height_m=float(orbit_height),
                          velocity_m_s=speed,
                          ground_velocity_m_s=speed * np.linalg.norm(xyz) / np.linalg.norm(pos),
                          reference_latlon=(float(lat), float(lon), float(h)))
