"""Model contract v2: a height network corrects the prior surface and says how sure it is.

Input "input": float32 [N, 3, H, W], H and W multiples of ``stride`` (16).
    ch0 sar             (backscatter dB - scene median dB) / SAR_DB_SCALE, clipped to
                        +-SAR_CLIP, 0 where the SAR is missing. The median is that of the whole
                        raster (not of the tile), so calibration offsets, sigma0/gamma0/beta0 levels
                        and the dB bias of speckle cancel and every tile sees the same offset.
    ch1 prior_surface   (s - mean of s over the tile) / (HEIGHT_UNIT_PX x pixel spacing), where s
                        is the prior surface in metres (core.inference.prior_surface).
    ch2 prior_distance  distance in pixels to the nearest prior (node) / DISTANCE_UNIT_PX,
                        clipped to DISTANCE_CLIP.
Output "residual": float32 [N, 2, H, W]
    ch0 the height correction in units of the pixel spacing: h = s + y0 x spacing (metres);
    ch1 the natural log of its 1-sigma uncertainty in the same units, before calibration:
        sigma_m = exp(y1) x spacing x metadata["uncertainty_scale"], or x the scale at the
        pixel's prior distance where the metadata holds "uncertainty_by_distance"
        (core.inference.uncertainty_calibration).

Heights are measured in pixel spacings because that is how the image sees them: foreshortening,
layover and the local incidence angle depend on slopes, and a slope is a height difference over
a distance in pixels times the spacing. A network trained this way applies at 10 m and at 30 m
alike. ``pixel spacing`` is the geometric mean of the row and column spacings (metres).
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from ..constants import MODEL_STRIDE
from ..errors import InferenceError, ModelError
from ..model_metadata import check_format, finite_number, integer, read_metadata_json
from .uncertainty_calibration import KEY as UNCERTAINTY_TABLE
from .uncertainty_calibration import validate_table

WHAT = "height model"
MODEL_FORMAT = "sar_height_height_model"
CONTRACT_VERSION = 2
CHANNELS = ("sar", "prior_surface", "prior_distance")
OUTPUTS = ("residual", "log_sigma")
INPUT_NAME = "input"
OUTPUT_NAME = "residual"
STRIDE = MODEL_STRIDE
SAR_DB_SCALE = 5.0
SAR_CLIP = 8.0
HEIGHT_UNIT_PX = 16.0
DISTANCE_UNIT_PX = 32.0
DISTANCE_CLIP = 8.0
LOG_SIGMA_RANGE = (-7.0, 7.0)  # clamp of ch1 before exp: 0.001 to 1100 pixel spacings

_INTEGERS = ("stride", "tile_size", "overlap")


def effective_spacing_m(pixel_spacing_m: ArrayLike) -> float:
    """Return the geometric mean (metres) of a pixel spacing given as a number or (dy, dx)."""
    values = np.atleast_1d(np.asarray(pixel_spacing_m, dtype=np.float64)).ravel()
    if values.size not in (1, 2) or not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise InferenceError(f"Pixel spacing must be one or two positive numbers (metres), "
                             f"got {pixel_spacing_m!r}.")
    return float(np.sqrt(values[0] * values[-1]))


def scene_median_db(sar_db: ArrayLike) -> float:
    """Return the median (dB) of the finite backscatter values of a whole raster."""
    values = np.asarray(sar_db, dtype=np.float64)
    values = values[np.isfinite(values)]
    if not values.size:
        raise InferenceError("The SAR raster holds no valid backscatter value.")
    return float(np.median(values))


def sar_channel(sar_db: ArrayLike, median_db: float) -> np.ndarray:
    """Return ch0 from backscatter in dB (NaN = missing) and the raster's median dB."""
    out = (np.asarray(sar_db, dtype=np.float32) - np.float32(median_db)) / np.float32(SAR_DB_SCALE)
    out[~np.isfinite(out)] = 0.0
    return np.clip(out, -SAR_CLIP, SAR_CLIP, out=out)


def surface_channel(surface_m: np.ndarray, spacing_m: float) -> np.ndarray:
    """Return ch1 of one tile from its prior surface (metres)."""
    surface = np.asarray(surface_m, dtype=np.float64)
    relative = (surface - surface.mean()) / (HEIGHT_UNIT_PX * spacing_m)
    return relative.astype(np.float32)


def distance_channel(distance_px: ArrayLike) -> np.ndarray:
    """Return ch2 from the distance (pixels) to the nearest prior."""
    out = np.asarray(distance_px, dtype=np.float32) / np.float32(DISTANCE_UNIT_PX)
    return np.clip(out, 0.0, DISTANCE_CLIP, out=out)


def tile_input(sar: np.ndarray, surface_m: np.ndarray, distance_px: np.ndarray,
               spacing_m: float) -> np.ndarray:
    """Return the [3, H, W] input of one tile from ch0 (already built), surface and distance."""
    return np.stack([sar, surface_channel(surface_m, spacing_m), distance_channel(distance_px)])


def residual_target(truth_m: ArrayLike, surface_m: ArrayLike, spacing_m: float) -> np.ndarray:
    """Return the training target ch0: (truth - surface) in pixel spacings (NaN where no truth)."""
    truth = np.asarray(truth_m, dtype=np.float64)
    return ((truth - np.asarray(surface_m, dtype=np.float64)) / spacing_m).astype(np.float32)


def heights_from_output(output: np.ndarray, surface_m: np.ndarray, spacing_m: float,
                        uncertainty_scale: ArrayLike = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Return (heights, 1-sigma uncertainty), both metres, from a [2, H, W] network output.

    ``uncertainty_scale``: one number, or one per pixel ([H, W]).
    """
    heights = np.asarray(surface_m, dtype=np.float64) + output[0].astype(np.float64) * spacing_m
    log_sigma = np.clip(output[1].astype(np.float64), *LOG_SIGMA_RANGE)
    sigma = np.exp(log_sigma) * spacing_m * uncertainty_scale
    return heights.astype(np.float32), sigma.astype(np.float32)


def validate_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Check a contract-v2 metadata dict; return a normalised copy or raise ModelError."""
    check_format(meta, MODEL_FORMAT, CONTRACT_VERSION, WHAT)
    if list(meta.get("channels") or []) != list(CHANNELS):
        raise ModelError(f"This height model expects the input channels "
                         f"{meta.get('channels')!r}; SAR Height supplies {list(CHANNELS)}.")
    missing = [key for key in _INTEGERS + ("uncertainty_scale", "pixel_spacing_range_m")
               if key not in meta]
    if missing:
        raise ModelError("The height model's metadata lacks: {}.".format(", ".join(missing)))
    out = dict(meta)
    for key in _INTEGERS:
        integer(meta, key, WHAT)
    if out["stride"] < 1 or out["tile_size"] < out["stride"] or out["tile_size"] % out["stride"]:
        raise ModelError(f"The model's tile_size {out['tile_size']} is not a positive multiple "
                         f"of its stride {out['stride']}.")
    if 2 * out["overlap"] > out["tile_size"]:
        raise ModelError(f"The model's overlap {out['overlap']} exceeds half its tile size "
                         f"{out['tile_size']}.")
    out["uncertainty_scale"] = finite_number(meta, "uncertainty_scale", WHAT, positive=True)
    table = validate_table(meta, WHAT)
    if table is not None:
        out[UNCERTAINTY_TABLE] = table
    return out


def parse_metadata(custom_metadata: Mapping[str, str]) -> dict[str, Any]:
    """Return validated contract-v2 metadata from an ONNX file's metadata_props."""
    return validate_metadata(read_metadata_json(custom_metadata, WHAT))
