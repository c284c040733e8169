"""estimate_height's checks of its inputs against the height model: decisions and messages.

Each function returns what the algorithm relays: a decision, a note for the log and a
warning ('' for none; without the "Warning: " prefix, which the algorithm adds), or raises
InferenceError when the run cannot go on. Nothing here logs or knows about QGIS.
"""
import math
from dataclasses import dataclass

from ..errors import InferenceError
from ..plausibility import format_value, height_range_text
from .contract import MAX_PRIOR_DENSITY
from .priors import merge_priors, prior_lattice, thin_prior_points

# The model learnt near-polar orbits, whose line of sight is within ~15 deg of east or west;
# |sin(azimuth)| < 0.7 means more than ~45 deg away from both: warn.
OFF_EAST_WEST_SINE = 0.7
# Median SAR level this many training standard deviations from the training mean: warn.
LEVEL_TOLERANCE_STD = 2.5


@dataclass(frozen=True)
class LookDecision:
    """``direction``: "east"/"west" for the model, None when it takes either."""

    direction: str | None
    note: str
    warning: str = ""


def resolve_look_direction(chosen, model_metadata, sar_path):
    """Return the LookDecision: the look direction to give the model.

    ``chosen`` ("east"/"west") when the user chose one, None when the model declares none,
    else the SAR raster's own metadata (read from ``sar_path`` only then); InferenceError when
    the raster does not say.
    """
    if chosen:
        return LookDecision(chosen, f"Look direction: {chosen} (as chosen).")
    if model_metadata.get("look_direction") is None:
        return LookDecision(None, "The model takes images of either look direction.")
    from .height_raster import raster_look  # GDAL: only when the raster must be asked

    direction, azimuth = raster_look(sar_path)
    if direction is None:
        raise InferenceError(
            "The SAR image does not say which way the radar looked (no SAR_LOOK_DIRECTION "
            "metadata; Reconstruct layover backscatter writes it). Choose East or West in "
            "LOOK_DIRECTION.")
    shown = "?" if azimuth is None else f"{azimuth:.1f}"
    note = (f"Look direction: {direction} (from the image metadata, line of sight azimuth "
            f"{shown}°).")
    warning = ""
    if azimuth is not None and abs(math.sin(math.radians(azimuth))) < OFF_EAST_WEST_SINE:
        warning = (f"the radar looked at azimuth {azimuth:.0f}°, far from east or west; the "
                   f"model was trained on near-polar orbits (looking within about 15° of east "
                   f"or west) and may do poorly.")
    return LookDecision(direction, note, warning)


def backscatter_level(median_db, model_metadata):
    """Return (note, warning) comparing the SAR image's median (dB) with the training level.

    The training level is ``sar_db_mean`` ± ``sar_db_std`` of the model metadata; the warning
    comes beyond LEVEL_TOLERANCE_STD standard deviations.
    """
    mean, std = model_metadata["sar_db_mean"], model_metadata["sar_db_std"]
    note = f"SAR median {median_db:.1f} dB (the model was trained on {mean:.1f} ± {std:.1f} dB)."
    if not abs(median_db - mean) > LEVEL_TOLERANCE_STD * std:
        return note, ""
    return note, (
        f"the SAR image's median is {median_db:.1f} dB, far from the {mean:.1f} ± {std:.1f} "
        f"dB of the model's training data (sigma0-calibrated backscatter). Check SAR image "
        f"values (intensity, amplitude or dB) and the calibration: a radar cross-section per "
        f"pixel (m², what Simulate SAR image writes) must first be divided by the ground area "
        f"of one radar pixel (m²).")


def spacing_warning(pixel_spacing_m, model_metadata):
    """Return '' or the warning that the SAR pixel spacing lies outside the trained range.

    ``pixel_spacing_m``: (rows, columns) in metres.
    """
    low, high = model_metadata["pixel_spacing_range_m"]
    if all(low <= spacing <= high for spacing in pixel_spacing_m):
        return ""
    rows, cols = pixel_spacing_m
    return (f"the SAR pixel spacing ({rows:.1f} x {cols:.1f} m) lies outside the range the "
            f"model was trained for ({low:g} to {high:g} m, trained at "
            f"{model_metadata['pixel_spacing_m']:g} m); the heights may be poor. Resample the "
            f"SAR image closer to the trained spacing.")


def prior_points_warning(counts, field):
    """Return '' or the warning about prior points without a usable height.

    ``counts``: PriorHeightCounts; ``field``: the height field, '' for the points' Z values.
    InferenceError, with the fix, when none has a usable height.
    """
    if not field and counts.given and counts.missing == counts.given:
        raise InferenceError("The prior points have no Z values: choose the field holding "
                             "their heights (PRIOR_FIELD).")
    if not counts.dropped:
        return ""
    where = f"field '{field}'" if field else "Z values"
    example = format_value(counts.example) if counts.impossible else "-"
    text = (f"{counts.dropped} of {counts.given} prior points have no usable height in their "
            f"{where}: {counts.missing} null or missing, {counts.non_numeric} not a number, "
            f"{counts.impossible} impossible (outside {height_range_text()}, e.g. {example})")
    if counts.dropped == counts.given:
        raise InferenceError(f"{text}. Give heights in metres in PRIOR_FIELD (or the points' "
                             f"Z values).")
    return f"{text}; they are left out. Correct or remove them."


def combine_priors(from_points, from_dem):
    """Return one PriorPoints of the prior points and the prior DEM's lattice.

    Either may be None; the points win in a pixel both fall into. InferenceError when none is
    given or none lies inside the SAR image.
    """
    if from_points is None and from_dem is None:
        raise InferenceError("No prior heights given: choose prior height points "
                             "(PRIOR_POINTS) and/or a prior DEM (PRIOR_DEM).")
    if from_dem is None:
        priors = from_points
    elif from_points is None:
        priors = from_dem
    else:
        priors = merge_priors(from_points, from_dem)
    if len(priors) == 0:
        raise InferenceError("No prior height lies inside the SAR image: the prior points "
                             "fall outside it and/or the prior DEM does not cover it (or has "
                             "no data there).")
    return priors


def thin_for_model(priors):
    """Return (priors, warning): priors thinned to the densest the model saw in training.

    The density limit is MAX_PRIOR_DENSITY; the warning says how they were thinned, '' when
    they were not too dense.
    """
    thinned, block = thin_prior_points(priors, MAX_PRIOR_DENSITY)
    if block == 1:
        return priors, ""
    count, pixels = len(priors), priors.shape[0] * priors.shape[1]
    return thinned, (
        f"the priors cover {100.0 * count / pixels:.2f} % of the pixels, more than the model "
        f"was trained with (at most {100.0 * MAX_PRIOR_DENSITY:g} %); kept the one nearest the "
        f"centre of every {block} x {block} pixel square: {len(thinned)} of {count} priors. "
        f"Increase PRIOR_SPACING to avoid this.")


def prior_count_bound(point_features, grid_shape, pixel_spacing_m, prior_spacing_m=None):
    """Return an upper bound on the number of priors (for the resource estimate).

    Every feature of the prior points (counted as one, multi-points aside) plus the prior
    DEM's lattice when a DEM is given (``prior_spacing_m`` not None).
    """
    count = max(point_features, 0)
    if prior_spacing_m is not None and prior_spacing_m > 0:
        rows, cols = prior_lattice(grid_shape, pixel_spacing_m, prior_spacing_m)
        count += len(rows) * len(cols)
    return count
