"""Rigorous range-Doppler intersection of stereo matches, and exact matches.

See docs/architecture.md#stereo.

A match pairs (t1, R1) in the reference image with (t2, R2) in the secondary image. The ground
point P (ECEF, 3 unknowns) satisfies four equations, all written in metres:

    |P - S1(t1)| - R1 = 0                                   range sphere, reference
    (V1(t1).(P - S1(t1)) - lambda1 R1 fdc1(t1, R1) / 2) / |V1(t1)| = 0   Doppler, reference
    |P - S2(t2)| - R2 = 0                                   range sphere, secondary
    (V2(t2).(P - S2(t2)) - lambda2 R2 fdc2(t2, R2) / 2) / |V2(t2)| = 0   Doppler, secondary

The Doppler sign is that of core.geometry.range_doppler (``fdc = 2 V.(P - S) / (lambda R)``,
positive for a target ahead of the sensor), so a point found here goes back through geo2rdr to
the same (t, R). Dividing the Doppler equation by |V| turns it into a signed distance from
a plane (m), so one Gauss-Newton / weighted least-squares solve treats all four residuals
alike; times are fixed by the match, so S and V are constants and each step is a batched
3 x 3 normal-equation solve.

Ill-conditioning: two lines of sight that nearly coincide (identical or same-pass geometries)
leave the height undetermined. Such matches are flagged ``ill_conditioned`` (and not
``converged``) and get NaN coordinates, never a silent guess. ``StereoIntersection.no_parallax``
says when that holds for every match, i.e. the pair is no stereo pair at all.
"""
from dataclasses import dataclass

import numpy as np

from ..geometry.ellipsoid import ecef_to_geodetic, enu_basis, geodetic_to_ecef

# The Doppler term and the look frame are the ones geo2rdr/rdr2geo use: same conventions.
from ..geometry.range_doppler import _doppler_offset, _look_frame

MIN_INTERSECTION_ANGLE_DEG = 1.0  # below this the pair is treated as having no parallax
TOLERANCE_M = 1e-4  # Gauss-Newton stops when every step is shorter than this
MAX_ITERATIONS = 20
# det / trace^3 of the unweighted normal matrix below which it is singular (see _singular).
CONDITION_LIMIT = 1e-12
NO_PARALLAX_MESSAGE = ("identical geometries: no parallax (the two lines of sight coincide, "
                       "so heights cannot be measured from this pair)")


@dataclass
class StereoIntersection:
    """Intersected ground points, one per match: arrays (N,) and (N, 3), inputs flattened.

    Coordinates are NaN where ``converged`` is False.
    """

    xyz_m: np.ndarray  # (N, 3) ECEF metres
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    height_m: np.ndarray  # above the WGS84 ellipsoid
    residual_rms_m: np.ndarray  # RMS of the four residuals (m); ~0 for consistent matches
    intersection_angle_deg: np.ndarray  # angle between the two lines of sight at P
    height_sigma_m: np.ndarray  # a-priori height std. dev. from range/azimuth sigmas
    converged: np.ndarray  # bool: solved, well conditioned, on both look sides
    ill_conditioned: np.ndarray  # bool: lines of sight (nearly) coincide
    iterations: int

    @property
    def no_parallax(self):
        """True when every match with finite input is ill-conditioned (not a stereo pair)."""
        considered = self.ill_conditioned | self.converged
        return bool(considered.any() and self.ill_conditioned[considered].all())


@dataclass
class ExactCorrespondences:
    """What a perfect matcher would output for DEM cells: (line, sample) in both images.

    One entry per DEM cell with a height, flattened; ``inside`` marks cells that geo2rdr solved
    in both geometries and that fall inside both images (pixel centres at integers, so the
    image spans -0.5 .. size - 0.5). Purely geometric: cells in radar shadow or folded by
    layover are included; the simulation's mask (docs/architecture.md#simulation) says which
    ones a matcher can see.
    """

    dem_row: np.ndarray  # (N,) int, row in the DEM raster
    dem_col: np.ndarray  # (N,) int, column in the DEM raster
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    height_m: np.ndarray  # ellipsoidal
    xyz_m: np.ndarray  # (N, 3) ECEF metres
    ref_azimuth_time_s: np.ndarray
    ref_slant_range_m: np.ndarray
    ref_line: np.ndarray
    ref_sample: np.ndarray
    sec_azimuth_time_s: np.ndarray
    sec_slant_range_m: np.ndarray
    sec_line: np.ndarray
    sec_sample: np.ndarray
    inside: np.ndarray  # (N,) bool


# --------------------------------------------------------------------------------------------
# The four equations

@dataclass
class _Sensor:
    """Constants of one image's two equations for each match."""

    position_m: np.ndarray  # (N, 3) S(t)
    velocity_m_s: np.ndarray  # (N, 3) V(t)
    along: np.ndarray  # (N, 3) V / |V|
    doppler_offset_m: np.ndarray  # (N,) lambda R fdc / (2 |V|): plane offset along V
    slant_range_m: np.ndarray  # (N,)
    look_side: str


def _sensor(geometry, azimuth_time_s, slant_range_m):
    pos, vel, _ = geometry.orbit.interpolate(azimuth_time_s)
    speed = np.linalg.norm(vel, axis=-1)
    offset = _doppler_offset(geometry.doppler_hz, geometry.wavelength_m, azimuth_time_s,
                             slant_range_m)
    offset = np.broadcast_to(np.asarray(offset, dtype=np.float64), speed.shape) / speed
    return _Sensor(pos, vel, vel / speed[:, None], offset, slant_range_m, geometry.look_side)


def _residuals(point_m, sensors):
    """Residuals (N, 4) in metres and their Jacobian (N, 4, 3) with respect to P."""
    residuals, rows = [], []
    for s in sensors:
        d = point_m - s.position_m
        distance = np.linalg.norm(d, axis=-1)
        residuals += [distance - s.slant_range_m,
                      np.einsum("ni,ni->n", s.along, d) - s.doppler_offset_m]
        rows += [d / distance[:, None], s.along]
    return np.stack(residuals, axis=-1), np.stack(rows, axis=-2)


def _normal_equations(jacobian, residuals, weights):
    """J' W J (N, 3, 3) and J' W r (N, 3)."""
    weighted = np.swapaxes(jacobian * weights[:, None], 1, 2)  # (N, 3, 4)
    return weighted @ jacobian, (weighted @ residuals[..., None])[..., 0]


def _singular(jacobian):
    """Return True for matches whose four equations do not fix P (or are not finite).

    Judged on the unweighted J'J (unit rows): the geometry, not the sigmas, decides; very
    unequal sigmas would make a well-posed weighted matrix look singular. det / trace^3 instead
    of eigenvalues (four times cheaper): for a positive semi-definite matrix it lies between
    (l_min / l_max)^2 / 27 and l_min / l_max.
    """
    normal = np.swapaxes(jacobian, 1, 2) @ jacobian
    finite = np.isfinite(normal).all(axis=(1, 2))
    safe = np.where(finite[:, None, None], normal, np.eye(3))
    trace = np.trace(safe, axis1=1, axis2=2)
    return ~finite | (np.linalg.det(safe) <= CONDITION_LIMIT * trace**3)


def _angle_between_deg(a, b):
    """Angle (degrees) between vectors, precise at small angles (atan2 of cross and dot)."""
    cross = np.linalg.norm(np.cross(a, b), axis=-1)
    return np.degrees(np.arctan2(cross, np.einsum("ni,ni->n", a, b)))


def _intersection_angle_deg(point_m, sensors):
    s1, s2 = sensors
    return _angle_between_deg(point_m - s1.position_m, point_m - s2.position_m)


def _on_look_side(point_m, sensor):
    """P lies on the antenna's side of the track (rules out the mirror solution)."""
    _, _, right = _look_frame(sensor.position_m, sensor.velocity_m_s)
    side = 1.0 if sensor.look_side == "right" else -1.0
    return side * np.einsum("ni,ni->n", right, point_m - sensor.position_m) > 0


def _solve(normal, rhs, usable):
    """Batched 3 x 3 solves; unusable systems get a zero step instead of a LinAlgError."""
    safe_normal = np.where(usable[:, None, None], normal, np.eye(3))
    safe_rhs = np.where(usable[:, None], rhs, 0.0)
    return np.linalg.solve(safe_normal, safe_rhs[..., None])[..., 0]


def _gauss_newton_step(normal, rhs, jacobian, usable, ill):
    """Return the step for each match, and ``ill`` widened by systems that turned out singular.

    The singularity test runs only when a solve fails: normally the start and end tests do.
    """
    try:
        return _solve(normal, rhs, usable), ill
    except np.linalg.LinAlgError:
        ill = ill | (usable & _singular(jacobian))
        return _solve(normal, rhs, usable & ~ill), ill


def _height_sigma_m(normal, point_m, usable):
    """sqrt(up' C up) with C = (J' W J)^-1 the a-priori covariance of P (m^2)."""
    lat, lon, _ = ecef_to_geodetic(point_m)
    _, _, up = enu_basis(lat, lon)
    solved = _solve(normal, up, usable)  # C up
    variance = np.einsum("ni,ni->n", up, solved)
    return np.where(usable, np.sqrt(np.maximum(variance, 0.0)), np.nan)


# --------------------------------------------------------------------------------------------
# Public API

def intersect(reference, secondary, ref_azimuth_time_s, ref_slant_range_m, sec_azimuth_time_s,
              sec_slant_range_m, initial_xyz=None, initial_height_m=0.0, range_sigma_m=1.0,
              azimuth_sigma_m=1.0, min_intersection_angle_deg=MIN_INTERSECTION_ANGLE_DEG,
              tolerance_m=TOLERANCE_M, max_iterations=MAX_ITERATIONS):
    """Ground points of N stereo matches by Gauss-Newton on the four range-Doppler equations.

    ``reference``/``secondary``: AcquisitionGeometry. Azimuth times (s since each geometry's
    orbit epoch) and slant ranges (m): arrays broadcast together and flattened to (N,) (a
    scalar is one match). Initial guess: ``initial_xyz`` (N, 3) ECEF, else the reference's
    rdr2geo at ``initial_height_m`` (scalar or per match; a mean scene height saves an
    iteration or two).
    ``range_sigma_m``/``azimuth_sigma_m`` weight the range and Doppler residuals (both in
    metres) and scale ``height_sigma_m``; the defaults (1 m) give height error per metre of
    measurement error. Matches whose lines of sight meet at less than
    ``min_intersection_angle_deg``, or whose equations are singular, are ill-conditioned:
    flagged, not converged, NaN coordinates (see StereoIntersection.no_parallax).
    Returns a StereoIntersection.
    """
    t1, r1, t2, r2 = (np.ravel(a) for a in np.broadcast_arrays(*(
        np.asarray(v, dtype=np.float64) for v in (ref_azimuth_time_s, ref_slant_range_m,
                                                   sec_azimuth_time_s, sec_slant_range_m))))
    sensors = (_sensor(reference, t1, r1), _sensor(secondary, t2, r2))
    if initial_xyz is None:
        height = np.broadcast_to(np.asarray(initial_height_m, dtype=np.float64), t1.shape)
        point = np.asarray(reference.rdr2geo(t1, r1, height), dtype=np.float64).reshape(-1, 3)
    else:
        point = np.array(initial_xyz, dtype=np.float64).reshape(-1, 3)
    weights = np.array([range_sigma_m, azimuth_sigma_m] * 2, dtype=np.float64) ** -2.0
    finite = np.isfinite(point).all(axis=1) & np.isfinite(np.stack([t1, r1, t2, r2])).all(axis=0)
    # Coinciding lines of sight are judged at the start: the solve itself would wander along
    # the undetermined direction and could end anywhere.
    ill = finite & (_intersection_angle_deg(point, sensors) < min_intersection_angle_deg)
    residuals, jacobian = _residuals(point, sensors)
    normal, rhs = _normal_equations(jacobian, residuals, weights)
    ill |= finite & _singular(jacobian)  # exact coincidence, whatever the angle limit
    step_m = np.full(t1.shape, np.inf)
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        if iterations > 1:
            residuals, jacobian = _residuals(point, sensors)
            normal, rhs = _normal_equations(jacobian, residuals, weights)
        step, ill = _gauss_newton_step(normal, rhs, jacobian, finite & ~ill, ill)
        usable = finite & ~ill
        point = point - step
        step_m = np.where(usable, np.linalg.norm(step, axis=-1), np.inf)
        if not np.any(usable & (step_m > tolerance_m)):
            break
    return _result(point, sensors, weights, finite, ill, step_m <= tolerance_m,
                   min_intersection_angle_deg, iterations)


def _result(point, sensors, weights, finite, ill, small_step, min_angle_deg, iterations):
    residuals, jacobian = _residuals(point, sensors)
    normal, _ = _normal_equations(jacobian, residuals, weights)
    angle = np.where(finite, _intersection_angle_deg(point, sensors), np.nan)
    ill = ill | (finite & (~(angle >= min_angle_deg) | _singular(jacobian)))
    with np.errstate(invalid="ignore"):
        converged = (finite & ~ill & small_step & _on_look_side(point, sensors[0])
                     & _on_look_side(point, sensors[1]))
    point = np.where(converged[:, None], point, np.nan)
    lat, lon, h = ecef_to_geodetic(point)
    rms = np.where(finite, np.sqrt(np.mean(residuals**2, axis=-1)), np.nan)
    return StereoIntersection(
        xyz_m=point, lat_deg=lat, lon_deg=lon, height_m=h, residual_rms_m=rms,
        intersection_angle_deg=angle, height_sigma_m=_height_sigma_m(normal, point, converged),
        converged=converged, ill_conditioned=ill, iterations=iterations)


def intersect_image_coordinates(reference, secondary, ref_line, ref_sample, sec_line,
                                sec_sample, **options):
    """``intersect`` for matches given as fractional (line, sample) in each product raster."""
    t1, r1 = reference.image_to_radar(ref_line, ref_sample)
    t2, r2 = secondary.image_to_radar(sec_line, sec_sample)
    return intersect(reference, secondary, t1, r1, t2, r2, **options)


def incidence_angle_deg(geometry, xyz_m, initial_time_s=None):
    """Ellipsoid incidence angle (degrees) at ECEF points ``xyz_m`` (N, 3) seen by ``geometry``.

    The angle between the ellipsoid normal at the point and the direction to the sensor at the
    point's azimuth time (geo2rdr); NaN where geo2rdr fails.
    """
    xyz = np.asarray(xyz_m, dtype=np.float64).reshape(-1, 3)
    t, _, _ = geometry.geo2rdr(xyz, initial_time_s=initial_time_s)
    sensor, _, _ = geometry.orbit.interpolate(t)
    lat, lon, _ = ecef_to_geodetic(xyz)
    _, _, up = enu_basis(lat, lon)
    return _angle_between_deg(up, sensor - xyz)


def exact_correspondences(reference, secondary, dem, window=None, step=1):
    """Exact matches for the cells of a DemRaster: geo2rdr in both geometries -> (line, sample).

    ``window``: (xoff, yoff, xsize, ysize) of the DEM to use (default: all of it; loop over
    ``dem.windows(block_rows)`` for large DEMs); ``step``: take every step-th row and column.
    Cells without a height are left out. Returns ExactCorrespondences.
    """
    xoff, yoff, xsize, ysize = window or (0, 0, dem.width, dem.height)
    lon, lat, h = (a[::step, ::step] for a in dem.read_block(xoff, yoff, xsize, ysize))
    rows, cols = np.meshgrid(yoff + np.arange(0, ysize, step), xoff + np.arange(0, xsize, step),
                             indexing="ij")
    keep = np.isfinite(h)
    lat, lon, h, rows, cols = (a[keep] for a in (lat, lon, h, rows, cols))
    xyz = geodetic_to_ecef(lat, lon, h)
    ref = _image_coordinates(reference, xyz)
    sec = _image_coordinates(secondary, xyz)
    return ExactCorrespondences(
        dem_row=rows, dem_col=cols, lat_deg=lat, lon_deg=lon, height_m=h, xyz_m=xyz,
        ref_azimuth_time_s=ref[0], ref_slant_range_m=ref[1], ref_line=ref[2],
        ref_sample=ref[3], sec_azimuth_time_s=sec[0], sec_slant_range_m=sec[1],
        sec_line=sec[2], sec_sample=sec[3], inside=ref[4] & sec[4])


def _image_coordinates(geometry, xyz):
    """(t, R, line, sample, inside) of ECEF points in one geometry."""
    t, rng, ok = geometry.geo2rdr(xyz)
    line, sample = geometry.radar_to_image(np.where(ok, t, geometry.mid_time_s),
                                           np.where(ok, rng, geometry.near_slant_range_m))
    line = np.where(ok, line, np.nan)
    sample = np.where(ok, sample, np.nan)
    with np.errstate(invalid="ignore"):
        inside = (ok & (line >= -0.5) & (line <= geometry.lines - 0.5)
                  & (sample >= -0.5) & (sample <= geometry.samples - 0.5))
    return t, rng, line, sample, inside
