"""Stereo radargrammetry: geometry of two SAR images seeing the same ground.

See docs/architecture.md#stereo.

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
    Patch-wise matching (patches.py): PatchWindow, plan_patches, PatchPrediction,
    predict_patch, resample_patch, to_secondary
    Pipeline (pipeline.py): DenseMatch, StereoPoints, stereo_to_points, iter_stereo_points,
    poc_matcher, StereoCancelled, StereoInputError (checks.py)
    Gridding (gridding.py): GridSpec, GriddedDem, DemAccumulator, grid_points, grid_around,
    write_gridded
    Simulated pairs (pairs.py, not imported here: it pulls in the simulation): PairSpec,
    StereoPair, simulate_pair, training_patches, exact_matcher

See docs/stereo.md.
"""
from .checks import StereoInputError
from .gridding import (
    DemAccumulator,
    GriddedDem,
    GridSpec,
    grid_around,
    grid_points,
    write_gridded,
)
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
from .patches import (
    PatchPrediction,
    PatchWindow,
    plan_patches,
    predict_patch,
    resample_patch,
    to_secondary,
)
from .pipeline import (
    DenseMatch,
    StereoCancelled,
    StereoPoints,
    iter_stereo_points,
    poc_matcher,
    stereo_to_points,
)

__all__ = [
    "DemAccumulator", "DenseMatch", "ExactCorrespondences", "GridSpec", "GriddedDem",
    "MIN_INTERSECTION_ANGLE_DEG", "NO_PARALLAX_MESSAGE", "PatchPrediction", "PatchWindow",
    "StereoCancelled", "StereoInputError", "StereoIntersection", "StereoPoints",
    "exact_correspondences", "flat_earth_parallax_m", "grid_around", "grid_points",
    "height_from_parallax_m", "height_precision_m", "incidence_angle_deg", "intersect",
    "intersect_image_coordinates", "iter_stereo_points", "parallax_factor",
    "parallax_sigma_from_range_sigma_m", "plan_patches", "poc_matcher", "predict_patch",
    "resample_patch", "stereo_to_points", "to_secondary", "write_gridded",
]
