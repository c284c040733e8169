"""Stereo radargrammetry (DESIGN §7): geometry of two SAR images seeing the same ground.

Public API:
    intersect(reference, secondary, ref_azimuth_time_s, ref_slant_range_m,
              sec_azimuth_time_s, sec_slant_range_m, initial_xyz=None, initial_height_m=0.0,
              range_sigma_m=1.0, azimuth_sigma_m=1.0, min_intersection_angle_deg=1.0, ...)
        -> StereoIntersection (ECEF, lat/lon/height, residual RMS, intersection angle,
           height sigma, converged, ill_conditioned)
    intersect_image_coordinates(reference, secondary, ref_line, ref_sample, sec_line,
                                sec_sample, **options) -> StereoIntersection
    exact_correspondences(reference, secondary, dem, window=None, step=1)
        -> ExactCorrespondences (what a perfect matcher outputs for DEM cells)
    incidence_angle_deg(geometry, xyz_m) -> ellipsoid incidence angle at ground points
    Flat-earth relations (parallax.py): parallax_factor, flat_earth_parallax_m,
    height_from_parallax_m, height_precision_m, parallax_sigma_from_range_sigma_m

See docs/stereo.md.
"""
from .intersection import (
    MIN_INTERSECTION_ANGLE_DEG,
    NO_PARALLAX_MESSAGE,
    ExactCorrespondences,
    StereoIntersection,
    exact_correspondences,
    incidence_angle_deg,
    intersect,
    intersect_image_coordinates,
)
from .parallax import (
    flat_earth_parallax_m,
    height_from_parallax_m,
    height_precision_m,
    parallax_factor,
    parallax_sigma_from_range_sigma_m,
)

__all__ = [
    "ExactCorrespondences", "MIN_INTERSECTION_ANGLE_DEG", "NO_PARALLAX_MESSAGE",
    "StereoIntersection", "exact_correspondences", "flat_earth_parallax_m",
    "height_from_parallax_m", "height_precision_m", "incidence_angle_deg", "intersect",
    "intersect_image_coordinates", "parallax_factor", "parallax_sigma_from_range_sigma_m",
]
