"""Planning maths of point-target absolute height (Duque et al., IEEE GRSL 2015).

The geometry of a real product (its own bandwidth, incidence, orbit height and velocity) comes
from ``product_plan.product_plan_values``; the defaults here are the paper's.

Closed forms of the paper, equation numbers as printed there:

- eq. (3)  FM-rate mismatch of a height offset: dFM ~ 2 g_Hs dh / (lambda R0).
- eq. (7)  height bias of a range orbit error: dh = -V^2 / (g_Hs R0) dR_orb.
- eq. (11) accuracy of beta = dFM / FM^2 from N sub-band shifts.
- eq. (12) azimuth time accuracy of one sub-band: sqrt(3/2) N sqrt(N) / (pi Bw sqrt(SCR)).
- eq. (13) height accuracy, eqs. (11)+(12) with R0 = H / cos(incidence) and g_Hs = GM/(R_E+H)^2.

The paper's "V_sat = 7600 Km/h" is 7600 m/s. SCR is linear here (see ``scr``); the public
functions take it in dB. ``tropo_bias_m`` is numeric (range-history model on a TerraSAR-X-like
orbit, see ``scene``), not a closed form.
"""
import functools
from dataclasses import asdict, dataclass

import numpy as np

from ..errors import PointTargetError
from ..products.terrasar_writer import EARTH_GM
from .scr import scr_linear

EARTH_RADIUS_M = 6378137.0  # TerraSAR-X altitudes are quoted above the equatorial radius
TSX_AZIMUTH_BANDWIDTH_HZ = 38300.0
TSX_STRIPMAP_BANDWIDTH_HZ = 2800.0
DEFAULT_INCIDENCE_DEG = 47.3
DEFAULT_N_SUBBANDS = 5
DEFAULT_SCR_DB = 50.0
DEFAULT_ORBIT_HEIGHT_M = 514.0e3
DEFAULT_VELOCITY_M_S = 7600.0
DEFAULT_WAVELENGTH_M = 0.031
DEFAULT_LATITUDE_DEG = 48.08  # DLR Oberpfaffenhofen, the paper's corner reflectors


def gravity_at_height_m_s2(orbit_height_m=DEFAULT_ORBIT_HEIGHT_M):
    """g_Hs = G M / (R_E + H)^2 (m/s^2), gravity at the satellite's height."""
    return EARTH_GM / (EARTH_RADIUS_M + float(orbit_height_m)) ** 2


def _check_geometry(incidence_deg, azimuth_bandwidth_hz):
    if not 0.0 < float(incidence_deg) < 90.0:
        raise PointTargetError(f"incidence angle {incidence_deg} deg is outside (0, 90) deg: "
                               f"give the incidence angle at the target in degrees.")
    if not float(azimuth_bandwidth_hz) > 0.0:
        raise PointTargetError(f"azimuth bandwidth {azimuth_bandwidth_hz} Hz must be positive: "
                               f"give the total processed azimuth bandwidth, e.g. 38300 Hz "
                               f"for TerraSAR-X Staring Spotlight.")


def _check_subbands(n_subbands):
    if int(n_subbands) != n_subbands or int(n_subbands) < 2:
        raise PointTargetError(f"{n_subbands} sub-bands: the method needs an integer number of "
                               f"at least 2 sub-bands (3 to 5 work best).")


def subband_centres_hz(azimuth_bandwidth_hz, n_subbands):
    """Return the centre frequencies (Hz) of N non-overlapping sub-bands, eq. (10).

    Relative to the azimuth spectrum centre; the sub-bands split ``azimuth_bandwidth_hz``
    evenly.
    """
    _check_subbands(n_subbands)
    n = np.arange(int(n_subbands))
    bw = float(azimuth_bandwidth_hz)
    return -bw / 2.0 + bw / (2.0 * n_subbands) + bw / n_subbands * n


def subband_time_std_s(azimuth_bandwidth_hz, n_subbands, scr_db):
    """Eq. (12): standard deviation (s) of one sub-band's azimuth peak time."""
    _check_subbands(n_subbands)
    if not float(azimuth_bandwidth_hz) > 0.0:
        raise PointTargetError("azimuth bandwidth must be positive (Hz).")
    n = float(n_subbands)
    return (np.sqrt(1.5) * n * np.sqrt(n)
            / (np.pi * float(azimuth_bandwidth_hz) * np.sqrt(scr_linear(scr_db))))


def beta_std(azimuth_bandwidth_hz, n_subbands, scr_db):
    """Return the standard deviation (s^2) of beta = dFM / FM^2, eq. (11).

    beta is the slope of the sub-band azimuth shifts against the sub-band centre frequencies.
    """
    centres = subband_centres_hz(azimuth_bandwidth_hz, n_subbands)
    return subband_time_std_s(azimuth_bandwidth_hz, n_subbands, scr_db) / np.sqrt(
        np.sum(centres ** 2))


def height_std_m(incidence_deg, azimuth_bandwidth_hz, n_subbands, scr_db,
                 orbit_height_m=DEFAULT_ORBIT_HEIGHT_M, velocity_m_s=DEFAULT_VELOCITY_M_S,
                 wavelength_m=DEFAULT_WAVELENGTH_M):
    """Eq. (13): theoretical standard deviation (m) of the absolute height of one point target.

    sigma_h = 2 V^4 cos(inc) (R_E + H)^2 / (G M lambda H pi Bw^2) * sqrt(18 N^4 / (SCR (N^2-1)))
    """
    _check_geometry(incidence_deg, azimuth_bandwidth_hz)
    _check_subbands(n_subbands)
    n = float(n_subbands)
    v, h, bw = float(velocity_m_s), float(orbit_height_m), float(azimuth_bandwidth_hz)
    geometry = (2.0 * v ** 4 * np.cos(np.radians(incidence_deg)) * (EARTH_RADIUS_M + h) ** 2
                / (EARTH_GM * float(wavelength_m) * h * np.pi * bw ** 2))
    return float(geometry * np.sqrt(18.0 * n ** 4 / (scr_linear(scr_db) * (n ** 2 - 1.0))))


def orbit_bias_m(range_orbit_error_m, slant_range_m, velocity_m_s=DEFAULT_VELOCITY_M_S,
                 orbit_height_m=DEFAULT_ORBIT_HEIGHT_M):
    """Eq. (7): height bias (m) of a range orbit error (m); its magnitude for a 1-sigma error.

    The paper's sign convention is dh = -V^2 / (g_Hs R0) dR_orb; the function returns that
    signed value (2 cm at R0 = 754 km -> -0.18 m).
    """
    if not float(slant_range_m) > 0.0:
        raise PointTargetError("slant range must be positive (metres).")
    g = gravity_at_height_m_s2(orbit_height_m)
    return float(-float(velocity_m_s) ** 2 / (g * float(slant_range_m))
                 * float(range_orbit_error_m))


def fm_rate_mismatch_eq3_hz_s(height_offset_m, slant_range_m, wavelength_m=DEFAULT_WAVELENGTH_M,
                              orbit_height_m=DEFAULT_ORBIT_HEIGHT_M):
    """Eq. (3): FM-rate mismatch (Hz/s) of a height offset, flat-Earth approximation."""
    return float(2.0 * gravity_at_height_m_s2(orbit_height_m) * float(height_offset_m)
                 / (float(wavelength_m) * float(slant_range_m)))


# --------------------------------------------------------------------------------------------
# numeric: tropospheric delay error as a height bias

@functools.lru_cache(maxsize=64)
def _fm_sensitivities(incidence_deg, latitude_deg, pass_direction, azimuth_bandwidth_hz,
                      wavelength_m, height_m, true_zenith_delay_m, zenith_delay_error_m, model):
    """(dFM/dh Hz/s/m, dFM of the delay error Hz/s, FM Hz/s, slant range m, aperture s)."""
    from .scene import (
        aperture_for_bandwidth,
        apparent_range_m,
        fm_rate_hz_s,
        point_at_pixel,
        tsx_orbit_scene,
    )

    scene = tsx_orbit_scene(incidence_deg, latitude_deg, pass_direction=pass_direction,
                            height_m=height_m, wavelength_m=wavelength_m)
    orbit, t0 = scene.orbit, scene.centre_time_s
    start, stop = aperture_for_bandwidth(orbit, scene.centre_xyz, t0, wavelength_m,
                                         azimuth_bandwidth_hz)
    times = np.linspace(start, stop, 201)
    assumed = true_zenith_delay_m - zenith_delay_error_m
    pixel_range = float(apparent_range_m(orbit, scene.centre_xyz, t0, true_zenith_delay_m)[0])

    def fm(height, data_delay, placement_delay):
        point = point_at_pixel(orbit, t0, pixel_range, height, placement_delay)
        return fm_rate_hz_s(orbit, point, times, wavelength_m, data_delay, t0)

    step = 10.0
    slope = (fm(height_m + step, assumed, assumed) - fm(height_m - step, assumed, assumed)) / (
        2.0 * step)
    truth = fm(height_m, true_zenith_delay_m, true_zenith_delay_m)
    if model == "pixel":
        model_fm = fm(height_m, assumed, assumed)
    else:  # the same target, only its delay term differs
        model_fm = fm(height_m, assumed, true_zenith_delay_m)
    return slope, truth - model_fm, truth, scene.slant_range_m, stop - start


def tropo_bias_m(zenith_delay_error_m, incidence_deg, true_zenith_delay_m=2.7,
                 latitude_deg=DEFAULT_LATITUDE_DEG, pass_direction="ascending",
                 azimuth_bandwidth_hz=TSX_AZIMUTH_BANDWIDTH_HZ, wavelength_m=0.031066,
                 height_m=600.0, model="target"):
    """Equivalent height bias (m) of an unaccounted zenith path delay (paper's Table II).

    ``zenith_delay_error_m`` > 0 means the processor (and the height search) assume
    ``true - error``; the returned bias is then positive (height found too high). Computed
    numerically on a TerraSAR-X-like orbit (``scene.tsx_orbit_scene``) with the range-history
    model of ``range_history`` (delay / cos(local incidence)): the matched quantity is the
    azimuth FM rate averaged over the staring-spotlight aperture (quartic least-squares fit of
    the apparent range over the times the Doppler spans the bandwidth); the bias is the FM-rate
    mismatch of the delay error divided by the numeric dFM/dh of the same target.

    ``model="target"`` (default, like the paper's Fig. 2): the same target with the true and
    the assumed delay in its range history (only the curvature of delay / cos(incidence)).
    ``model="pixel"``: the processor's bookkeeping, the point at the same apparent
    (time, range) pixel, so the assumed delay also moves its geometric range by
    error / cos(incidence); about twice the "target" value.

    Agreement with Table II (1.9 / 2.4 / 2.6 m for 20 cm at 21 / 47.3 / 58 deg): "target"
    gives about 4.0 / 3.5 / 3.9 m, "pixel" 7.7 / 6.6 / 7.0 m (ascending = descending here);
    see docs/point_target.md. Runs in a few tens of milliseconds (cached per geometry).
    """
    if model not in ("target", "pixel"):
        raise PointTargetError(f"model must be 'target' or 'pixel', not {model!r}.")
    _check_geometry(incidence_deg, azimuth_bandwidth_hz)
    if float(zenith_delay_error_m) == 0.0:
        return 0.0
    slope, mismatch, _, _, _ = _fm_sensitivities(
        float(incidence_deg), float(latitude_deg), str(pass_direction).lower(),
        float(azimuth_bandwidth_hz), float(wavelength_m), float(height_m),
        float(true_zenith_delay_m), float(zenith_delay_error_m), model)
    return float(mismatch / slope)


# --------------------------------------------------------------------------------------------
# the planning report

@dataclass
class AccuracyReport:
    """Everything a planner needs for one acquisition geometry (SI units, see names)."""

    incidence_deg: float
    azimuth_bandwidth_hz: float
    n_subbands: int
    scr_db: float
    height_std_m: float  # eq. (13)
    subband_time_std_s: float  # eq. (12)
    slant_range_m: float  # numeric TerraSAR-X-like orbit
    slant_range_flat_m: float  # H / cos(incidence), as in eq. (13)
    fm_rate_hz_s: float  # numeric, averaged over the aperture
    fm_rate_per_metre_hz_s: float  # numeric dFM/dh
    fm_rate_per_metre_eq3_hz_s: float  # eq. (3)
    integration_time_s: float  # time the Doppler of the scene centre spans the bandwidth
    azimuth_resolution_s: float  # 0.886 / Bw (unweighted)
    orbit_bias_m: float  # eq. (7) for orbit_error_m
    orbit_error_m: float
    tropo_bias_20cm_m: float  # numeric ("pixel" model, as measured), 20 cm zenith delay error
    tropo_bias_40cm_m: float

    def as_dict(self):
        """Return the report's fields as a dict (field name -> value)."""
        return asdict(self)


def plan_accuracy(incidence_deg=DEFAULT_INCIDENCE_DEG,
                  azimuth_bandwidth_hz=TSX_AZIMUTH_BANDWIDTH_HZ,
                  n_subbands=DEFAULT_N_SUBBANDS, scr_db=DEFAULT_SCR_DB,
                  orbit_height_m=DEFAULT_ORBIT_HEIGHT_M, velocity_m_s=DEFAULT_VELOCITY_M_S,
                  wavelength_m=DEFAULT_WAVELENGTH_M, orbit_error_m=0.02,
                  latitude_deg=DEFAULT_LATITUDE_DEG,
                  pass_direction="ascending", true_zenith_delay_m=2.7):
    """Compute the AccuracyReport for a TerraSAR-X-like acquisition.

    Defaults: Staring Spotlight at 47.3 deg incidence, 38.3 kHz azimuth bandwidth, 5 sub-bands,
    SCR 50 dB, 514 km orbit height, 7600 m/s, X band (0.031 m).
    """
    sigma_h = height_std_m(incidence_deg, azimuth_bandwidth_hz, n_subbands, scr_db,
                           orbit_height_m, velocity_m_s, wavelength_m)
    slope, _, fm, slant_range, duration = _fm_sensitivities(
        float(incidence_deg), float(latitude_deg), str(pass_direction).lower(),
        float(azimuth_bandwidth_hz), float(wavelength_m), 600.0, float(true_zenith_delay_m),
        0.2, "target")
    # "pixel": what core.point_target.measure finds on data focused with the wrong delay
    tropo = [tropo_bias_m(e, incidence_deg, true_zenith_delay_m, latitude_deg, pass_direction,
                          azimuth_bandwidth_hz, wavelength_m, model="pixel") for e in (0.2, 0.4)]
    return AccuracyReport(
        incidence_deg=float(incidence_deg), azimuth_bandwidth_hz=float(azimuth_bandwidth_hz),
        n_subbands=int(n_subbands), scr_db=float(scr_db), height_std_m=sigma_h,
        subband_time_std_s=float(subband_time_std_s(azimuth_bandwidth_hz, n_subbands, scr_db)),
        slant_range_m=float(slant_range),
        slant_range_flat_m=float(orbit_height_m) / np.cos(np.radians(incidence_deg)),
        fm_rate_hz_s=float(fm), fm_rate_per_metre_hz_s=float(slope),
        fm_rate_per_metre_eq3_hz_s=fm_rate_mismatch_eq3_hz_s(1.0, slant_range, wavelength_m,
                                                             orbit_height_m),
        integration_time_s=float(duration),
        azimuth_resolution_s=0.886 / float(azimuth_bandwidth_hz),
        orbit_bias_m=abs(orbit_bias_m(orbit_error_m, slant_range, velocity_m_s,
                                      orbit_height_m)),
        orbit_error_m=float(orbit_error_m), tropo_bias_20cm_m=tropo[0],
        tropo_bias_40cm_m=tropo[1])


TABLE_SUBBANDS = (2, 3, 5, 7, 12, 15)  # the paper's Fig. 4
TABLE_SCR_DB = (15.0, 20.0, 25.0, 30.0, 40.0, 50.0)  # natural targets .. corner reflectors


def accuracy_table(incidence_deg, azimuth_bandwidth_hz, orbit_height_m=DEFAULT_ORBIT_HEIGHT_M,
                   velocity_m_s=DEFAULT_VELOCITY_M_S, wavelength_m=DEFAULT_WAVELENGTH_M):
    """Return rows (n_subbands, scr_db, height_std_m) of eq. (13) for this geometry.

    One row for every sub-band count of ``TABLE_SUBBANDS`` and SCR (dB) of ``TABLE_SCR_DB``
    (point_target_accuracy's table).
    """
    return [(n, scr, height_std_m(incidence_deg, azimuth_bandwidth_hz, n, scr, orbit_height_m,
                                  velocity_m_s, wavelength_m))
            for n in TABLE_SUBBANDS for scr in TABLE_SCR_DB]
