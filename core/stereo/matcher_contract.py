"""Matcher contract v1: what a SAR Height dense matcher reads and returns (docs/matcher_model.md).

ONNX inputs "reference" and "secondary": float32 [N, 1, H, W], H and W multiples of the
model's ``stride`` (metadata), each image normalised on its own by :func:`normalise_intensity`:

    L = ln(I + log_floor_fraction * mean(I))     I = intensity, mean over the valid pixels
    z = (L - mean(L)) / std(L)                   mean and std over the valid pixels
    z = clip(z, -clip_sigma, clip_sigma); z = 0 at no-data pixels (non-finite or I <= 0)

The secondary image has already been resampled onto the reference grid (coarse-DEM
prediction), so the two arrays cover the same pixels.

ONNX outputs "warp": float32 [N, 2, H, W], secondary minus reference offsets in pixels,
channel 0 along lines (azimuth), channel 1 along samples (range): the feature at reference
pixel (l, s) is at (l + warp[0], s + warp[1]) in the secondary array (pixel centres at
integer coordinates, as core.stereo.poc). "certainty": float32 [N, 1, H, W] in [0, 1].

Training (training/matcher/data.py) and inference (core.stereo.deep) both call
:func:`normalise_intensity`, so the two cannot drift apart.
"""
from typing import Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ModelError
from ..model_metadata import (
    METADATA_KEY,  # noqa: F401 (part of this contract's API)
    check_format,
    finite_number,
    integer,
    read_metadata_json,
)

WHAT = "matcher"  # in the messages
MATCHER_FORMAT = "sar_height_matcher"
MATCHER_CONTRACT = 1
INPUT_NAMES = ("reference", "secondary")
OUTPUT_NAMES = ("warp", "certainty")
NORMALISATION = "log_standardised"
LOG_FLOOR_FRACTION = 0.3  # of the mean intensity, as core.stereo.windows.log_contrast
CLIP_SIGMA = 5.0
_MIN_STD = 1e-6  # a constant patch is left at 0 rather than divided by ~0


def valid_intensity(intensity: ArrayLike) -> np.ndarray:
    """Return True where an intensity pixel holds data (finite and positive)."""
    intensity = np.asarray(intensity)
    with np.errstate(invalid="ignore"):
        return np.isfinite(intensity) & (intensity > 0)


def normalise_intensity(intensity: ArrayLike, log_floor_fraction: float = LOG_FLOOR_FRACTION,
                        clip_sigma: float = CLIP_SIGMA) -> np.ndarray:
    """Return the contract input (float32, same shape) of intensity images.

    ``intensity``: one image (2-D), or [..., H, W] where every leading index is a separate
    image with its own statistics. Each image: ln(I + log_floor_fraction * mean(I)),
    standardised to zero mean and unit standard deviation, clipped to +-``clip_sigma``; no-data
    pixels (and constant images) hold 0.

    Why a floored log: multiplicative speckle becomes additive and bright scatterers are
    compressed; the floor cuts the long lower tail of ln(speckle), whose near-null pixels
    carry no scene information. Per-image standardisation removes calibration and
    incidence-dependent brightness differences between the two acquisitions.
    """
    intensity = np.asarray(intensity, dtype=np.float64)
    if intensity.ndim < 2:
        raise ValueError(f"expected an image [..., H, W], got shape {intensity.shape}")
    flat = intensity.reshape(-1, intensity.shape[-2] * intensity.shape[-1])
    out = np.zeros(flat.shape, dtype=np.float32)
    for index, image in enumerate(flat):
        good = valid_intensity(image)
        if not good.any():
            continue
        values = image[good]
        logs = np.log(values + log_floor_fraction * values.mean())
        std = logs.std()
        if std < _MIN_STD:
            continue
        out[index, good] = np.clip((logs - logs.mean()) / std, -clip_sigma, clip_sigma)
    return out.reshape(intensity.shape)


def normalisation_metadata() -> dict[str, Any]:
    """Return the normalisation fields of the metadata (what :func:`normalise_intensity` does)."""
    return {"normalisation": NORMALISATION, "log_floor_fraction": LOG_FLOOR_FRACTION,
            "clip_sigma": CLIP_SIGMA}


def validate_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Check matcher-contract metadata; return a normalised copy or raise ModelError."""
    check_format(meta, MATCHER_FORMAT, MATCHER_CONTRACT, WHAT)
    if meta.get("normalisation") != NORMALISATION:
        raise ModelError(f"This matcher expects the input normalisation "
                         f"{meta.get('normalisation')!r}; SAR Height supplies "
                         f"{NORMALISATION!r}.")
    out = dict(meta)
    out["max_displacement_px"] = finite_number(meta, "max_displacement_px", WHAT, True)
    for key in ("stride", "patch_size"):
        out[key] = integer(meta, key, WHAT, minimum=1)
    if out["patch_size"] % out["stride"]:
        raise ModelError(f"The matcher's patch_size {out['patch_size']} is not a multiple of "
                         f"its stride {out['stride']}.")
    out["log_floor_fraction"] = float(meta.get("log_floor_fraction", LOG_FLOOR_FRACTION))
    out["clip_sigma"] = float(meta.get("clip_sigma", CLIP_SIGMA))
    if out["log_floor_fraction"] < 0 or out["clip_sigma"] <= 0:
        raise ModelError("The matcher's log_floor_fraction must be >= 0 and clip_sigma > 0.")
    return out


def parse_metadata(custom_metadata: Mapping[str, str]) -> dict[str, Any]:
    """Return validated matcher metadata from an ONNX file's metadata_props (dict of strings)."""
    return validate_metadata(read_metadata_json(custom_metadata, WHAT))
