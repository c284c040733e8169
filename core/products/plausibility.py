"""Physical plausibility of an AcquisitionGeometry: refuse garbage instead of computing with it.

:func:`check_geometry` runs for every geometry when it is built
(``AcquisitionGeometry.__post_init__``), so every reader (Sentinel-1, TerraSAR-X, geometry JSON,
the point-target SLC opener) and every simulator goes through it. It raises ProductError naming
the value that is wrong and what was expected. The bounds are wide enough for any real
spaceborne or airborne SAR and each says why; they exist to stop numbers no sensor produces
(a 1e9 m wavelength, 10^12 samples, a platform at 1e30 m or inside the Earth, a Doppler of
1e12 Hz) from reaching the geometry code, where they would give tracebacks or silent nonsense.
"""
import math
import numbers

import numpy as np

from ..geometry.ellipsoid import WGS84_A, WGS84_B, ecef_to_geodetic
from ..plausibility import HEIGHT_MAX_M, HEIGHT_MIN_M
from .acquisition import ProductError

# Image size. The largest rasters in use stay far below: a Sentinel-1 TOPS SLC swath is ~13,500
# burst-stacked lines x ~25,000 samples, a Staring Spotlight SSC ~17,000 x 7,000, long
# airborne strips ~10^5 lines. A million lines or samples is already 10^12 pixels of any
# product read as a whole.
MAX_LINES = 10 ** 6
MAX_SAMPLES = 10 ** 6
# Radar bands flown by SAR: W band (94 GHz, 3.2 mm, airborne) to VHF (CARABAS, 20 MHz, 15 m).
MIN_WAVELENGTH_M, MAX_WAVELENGTH_M = 1e-3, 20.0
# A line interval is a pulse repetition interval (~0.1-2 ms) or, for multi-looked or
# slow-platform products, a few of them; 10 s between lines is none of these.
MAX_LINE_INTERVAL_S = 10.0
# Coarsest range sampling of any product (ScanSAR/wide-swath GRD ~ 100 m): 10 km is absurd.
MAX_RANGE_SPACING_M = 10_000.0
# The radar must see ground between the lowest and the highest heights the Earth's surface has
# (one definition for DEMs, priors and geometries: core.plausibility).
LOWEST_GROUND_M, HIGHEST_GROUND_M = HEIGHT_MIN_M, HEIGHT_MAX_M
# Platform: an aircraft flies above the ground (so above LOWEST_GROUND_M); a satellite below
# ~50,000 km from the Earth's centre (geosynchronous orbit: 42,164 km).
MAX_ORBIT_RADIUS_M = 5.0e7
# Neighbouring state vectors: the chord velocity (p1 - p0) / dt equals the mean of the two
# velocities up to (v dt / r)^2 / 12 on a circular orbit (angle theta = v dt / r); allow twice
# that plus 5 % for measured (airborne) tracks.
STATE_VECTOR_SLACK = 0.05
# Time stamps are rounded to ns or us in the products; coverage checks allow this much.
TIME_ROUNDING_S = 1e-3


def _fail(geometry, message):
    label = f"Product {geometry.source}" if geometry.source else "The SAR geometry"
    raise ProductError(f"{label}: {message} The product file is damaged, was edited, or was "
                       f"written by faulty software: check that value in it.")


def _finite(value):
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def check_geometry(geometry):
    """Raise ProductError if ``geometry`` (an AcquisitionGeometry) makes no physical sense."""
    # Garbage overflows on its way to being refused (a norm of 1e300 m): no warning for that.
    with np.errstate(over="ignore", invalid="ignore"):
        _check_image(geometry)
        _check_orbit(geometry)
        _check_coverage(geometry)
        if geometry.bursts:
            _check_bursts(geometry)
        corners = _corner_radar_coordinates(geometry)
        _check_ranges(geometry, *corners)
        if geometry.doppler_hz is not None:
            _check_doppler(geometry, *corners)
        _check_heights(geometry)
    return geometry


def _check_image(g):
    for name, value, limit in (("lines", g.lines, MAX_LINES),
                               ("samples", g.samples, MAX_SAMPLES)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
                or not 1 <= value <= limit:
            _fail(g, f"the image has {value!r} {name}; expected a whole number from 1 to "
                     f"{limit:,} (larger than any SAR product).")
    dt = g.azimuth_time_interval_s
    if not _finite(dt) or not 0 < dt <= MAX_LINE_INTERVAL_S:
        _fail(g, f"the time between lines (azimuth_time_interval_s) is {dt!r} s; expected a "
                 f"positive value up to {MAX_LINE_INTERVAL_S:g} s (a pulse repetition interval "
                 f"is ~1 ms).")
    spacing = g.range_pixel_spacing_m
    if not _finite(spacing) or not 0 < spacing <= MAX_RANGE_SPACING_M:
        _fail(g, f"the range pixel spacing (range_pixel_spacing_m) is {spacing!r} m; expected a "
                 f"positive value up to {MAX_RANGE_SPACING_M:,.0f} m.")
    if not _finite(g.near_slant_range_m) or g.near_slant_range_m <= 0:
        _fail(g, f"the slant range of the first sample (near_slant_range_m) is "
                 f"{g.near_slant_range_m!r} m; expected a positive distance.")
    wavelength = g.wavelength_m
    if not _finite(wavelength) or not MIN_WAVELENGTH_M <= wavelength <= MAX_WAVELENGTH_M:
        _fail(g, f"the radar wavelength (wavelength_m) is {wavelength!r} m; expected "
                 f"{MIN_WAVELENGTH_M * 1000:g} mm to {MAX_WAVELENGTH_M:g} m (W band to VHF; "
                 f"C band is 0.055 m): was a frequency or another unit given?")
    if not _finite(g.first_line_time_s):
        _fail(g, f"the time of the first line is {g.first_line_time_s!r}; expected a finite "
                 f"time.")


def _check_orbit(g):
    orbit = g.orbit
    times, positions, velocities = orbit.times, orbit.positions, orbit.velocities
    if not (np.all(np.isfinite(times)) and np.all(np.diff(times) > 0)):
        _fail(g, "the orbit state vector times are not finite and strictly increasing.")
    for name, values in (("position", positions), ("velocity", velocities)):
        bad = ~np.all(np.isfinite(values), axis=1)
        if bad.any():
            _fail(g, f"orbit state vector {int(np.flatnonzero(bad)[0]) + 1} has a non-finite "
                     f"{name} {values[bad][0].tolist()}.")
    radius = np.linalg.norm(positions, axis=1)
    if radius.max() > MAX_ORBIT_RADIUS_M:
        i = int(np.argmax(radius))
        _fail(g, f"orbit state vector {i + 1} lies {radius[i]:.4g} m from the Earth's centre; "
                 f"expected at most {MAX_ORBIT_RADIUS_M:.0f} m (beyond geosynchronous orbit).")
    with np.errstate(all="ignore"):
        _, _, height = ecef_to_geodetic(positions)
    low = ~(height >= LOWEST_GROUND_M)  # NaN (a position at the Earth's centre) counts as low
    if low.any():
        i = int(np.flatnonzero(low)[0])
        _fail(g, f"orbit state vector {i + 1} lies {height[i]:.4g} m above the WGS84 "
                 f"ellipsoid, below the ground; expected a platform above "
                 f"{LOWEST_GROUND_M:g} m (positions in metres, Earth-fixed ECEF).")
    speed = np.linalg.norm(velocities, axis=1)
    if speed.max() == 0:
        _fail(g, "every orbit state vector has zero velocity: a SAR platform moves.")
    _check_state_vector_consistency(g, times, positions, velocities, radius)


def _check_state_vector_consistency(g, times, positions, velocities, radius):
    dt = np.diff(times)
    chord = np.diff(positions, axis=0) / dt[:, None]
    mean = 0.5 * (velocities[:-1] + velocities[1:])
    scale = np.maximum(np.linalg.norm(chord, axis=1), np.linalg.norm(mean, axis=1))
    theta = scale * dt / np.minimum(radius[:-1], radius[1:])
    allowed = (STATE_VECTOR_SLACK + theta ** 2 / 6.0) * scale
    error = np.linalg.norm(chord - mean, axis=1)
    bad = error > allowed
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        _fail(g, f"orbit state vectors {i + 1} and {i + 2} disagree: moving "
                 f"{np.linalg.norm(positions[i + 1] - positions[i]):.6g} m in {dt[i]:.6g} s "
                 f"means {np.linalg.norm(chord[i]):.6g} m/s, but their velocities average "
                 f"{np.linalg.norm(mean[i]):.6g} m/s (positions in m and velocities in m/s, "
                 f"both Earth-fixed, must describe one trajectory).")


def _check_coverage(g):
    orbit = g.orbit
    first, last = g.first_line_time_s, g.last_line_time_s
    if not _finite(last):
        _fail(g, f"the time of the last line is {last!r}; expected a finite time.")
    if first < orbit.start_time - TIME_ROUNDING_S or last > orbit.stop_time + TIME_ROUNDING_S:
        _fail(g, f"the image runs from {first:.6g} s to {last:.6g} s after the first state "
                 f"vector, but the state vectors span {orbit.start_time:.6g} s to "
                 f"{orbit.stop_time:.6g} s: the orbit must cover the acquisition (is a date or "
                 f"time of the image or of the orbit wrong?).")


def _check_bursts(g):
    previous = -math.inf
    for i, b in enumerate(g.bursts):
        valid_lines = 0 <= b.first_valid_line <= b.last_valid_line < b.lines
        if not (_finite(b.azimuth_time_s) and b.azimuth_time_s > previous and b.lines >= 1
                and valid_lines and 0 <= b.first_line < g.lines):
            _fail(g, f"TOPS burst {i + 1} is inconsistent (start {b.azimuth_time_s!r} s, first "
                     f"line {b.first_line}, {b.lines} lines, valid lines {b.first_valid_line}.."
                     f"{b.last_valid_line}); expected bursts in time order inside the image.")
        previous = b.azimuth_time_s


def _corner_radar_coordinates(g):
    """Azimuth time (s) and slant range (m) of the four image corners."""
    line = np.array([0.0, 0.0, g.lines - 1.0, g.lines - 1.0])
    sample = np.array([0.0, g.samples - 1.0, 0.0, g.samples - 1.0])
    with np.errstate(all="ignore"):
        t, slant_range = g.image_to_radar(line, sample)
    return np.asarray(t, dtype=np.float64), np.asarray(slant_range, dtype=np.float64)


def _check_ranges(g, t, slant_range):
    """Check that the slant ranges of the image corners (m) reach the ground.

    Not shorter than the platform's height above the highest terrain, not longer than the
    farthest visible ground.
    """
    if not np.all(np.isfinite(slant_range)) or slant_range.min() <= 0:
        _fail(g, f"the slant ranges of the image corners are {slant_range.tolist()} m; expected "
                 f"finite positive distances (check the near range, the range spacing and the "
                 f"slant/ground range polynomials).")
    with np.errstate(all="ignore"):
        position = g.orbit.interpolate(t)[0]
        _, _, height = ecef_to_geodetic(position)
    radius = np.linalg.norm(position, axis=1)
    nearest = height - HIGHEST_GROUND_M
    # Farthest visible ground: tangent to the sphere inside the lowest ground, plus the rise of
    # the highest ground beyond that tangent point (bounds the ellipsoid's flattening too).
    inner, outer = WGS84_B + LOWEST_GROUND_M, WGS84_A + HIGHEST_GROUND_M
    farthest = np.sqrt(radius ** 2 - inner ** 2) + math.sqrt(outer ** 2 - inner ** 2)
    short, far = slant_range < nearest, slant_range > farthest
    if short.any() or far.any():
        i = int(np.flatnonzero(short | far)[0])
        what = (f"shorter than the platform's height above the highest ground, "
                f"{nearest[i]:.0f} m" if short[i] else
                f"longer than the distance to the farthest ground in view, {farthest[i]:.0f} m")
        _fail(g, f"the slant range at an image corner is {slant_range[i]:.0f} m, {what}: "
                 f"the radar cannot see the ground there (check the near range, range spacing, "
                 f"number of samples and the orbit).")


def _check_doppler(g, t, slant_range):
    """|Doppler centroid| <= 2 |v| / wavelength: the Doppler of a target straight ahead."""
    with np.errstate(all="ignore"):
        doppler = np.asarray(g.doppler_hz(t, slant_range), dtype=np.float64)
        velocity = g.orbit.interpolate(t)[1]
    limit = 2.0 * np.linalg.norm(velocity, axis=-1) / g.wavelength_m
    if not np.all(np.isfinite(doppler)) or np.any(np.abs(doppler) > limit):
        _fail(g, f"the Doppler centroid at the image corners is {doppler.ravel().tolist()} Hz; "
                 f"a platform at {np.linalg.norm(velocity, axis=-1).max():.0f} m/s and "
                 f"wavelength {g.wavelength_m:g} m cannot exceed ±{limit.max():.0f} Hz "
                 f"(2 v / wavelength).")


def _check_heights(g):
    ref = g.reference_height_m
    if ref is not None and (not _finite(ref) or not LOWEST_GROUND_M <= ref <= HIGHEST_GROUND_M):
        _fail(g, f"the processing reference height is {ref!r} m; expected a ground height from "
                 f"{LOWEST_GROUND_M:g} to {HIGHEST_GROUND_M:g} m above the WGS84 ellipsoid.")
    if g.gcps:
        check_gcps(g)


def check_gcps(g):
    """Ground control points (line, sample, lat, lon, height): finite, on the Earth's surface."""
    gcps = np.asarray(g.gcps, dtype=np.float64)
    if gcps.ndim != 2 or gcps.shape[1] != 5:
        _fail(g, f"the ground control points have shape {gcps.shape}; expected (n, 5).")
    finite = np.all(np.isfinite(gcps), axis=1)
    on_earth = ((np.abs(gcps[:, 2]) <= 90) & (np.abs(gcps[:, 3]) <= 360)
                & (gcps[:, 4] >= LOWEST_GROUND_M) & (gcps[:, 4] <= HIGHEST_GROUND_M))
    # Tie-point grids cover the image, some a little beyond it: one image size either way.
    near_image = ((np.abs(gcps[:, 0] - 0.5 * g.lines) <= 1.5 * g.lines)
                  & (np.abs(gcps[:, 1] - 0.5 * g.samples) <= 1.5 * g.samples))
    bad = ~(finite & on_earth & near_image)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        _fail(g, f"ground control point {i + 1} (line, sample, lat, lon, height) is "
                 f"{gcps[i].tolist()}; expected finite values within one image size of the "
                 f"{g.lines} x {g.samples} image, latitude within ±90°, longitude within ±360° "
                 f"and a height from {LOWEST_GROUND_M:g} to {HIGHEST_GROUND_M:g} m.")
