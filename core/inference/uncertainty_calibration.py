"""The height model's uncertainty calibration: one scale, or a scale by distance to the priors.

The network's raw 1-sigma (``exp(y1)`` pixel spacings, contract v2) is multiplied by a scale
fitted on the validation region so that 68.3 % of its errors fall within 1 sigma. One scale over
every prior density leaves the dense modes over-covered (the share within 1 sigma grew from
68 % at 0.01 % priors to 92 % with a coarse DEM): how wrong the raw sigma is depends on how far
the pixel is from the nearest prior. The optional metadata entry

    "uncertainty_by_distance": {"distance_px": [d0, d1, ...], "scale": [s0, s1, ...]}

holds that scale at increasing distances (pixels, the distance of the prior_distance channel
before its clip); between nodes it is interpolated linearly in log(1 + distance), beyond them
held at the end values. Without the entry ``uncertainty_scale`` applies everywhere, so models
calibrated before it still read.
"""
from __future__ import annotations

import math
from typing import Any, Mapping, Optional

import numpy as np

from ..errors import ModelError

KEY = "uncertainty_by_distance"
ONE_SIGMA = math.erf(1 / math.sqrt(2))  # 0.6827: the share of a Gaussian within 1 sigma
MIN_PIXELS_PER_NODE = 1000  # fewer errors than this give a 68 % quantile too noisy to use


def validate_table(meta: Mapping[str, Any], what: str = "height model") -> Optional[dict]:
    """Return the checked distance table of ``meta`` as float lists, None when it has none."""
    table = meta.get(KEY)
    if table is None:
        return None
    try:
        distance = [float(v) for v in table["distance_px"]]
        scale = [float(v) for v in table["scale"]]
    except (TypeError, KeyError, ValueError) as exc:
        raise ModelError(f"The {what} metadata field '{KEY}' must hold the lists 'distance_px' "
                         f"and 'scale' ({exc!r}).") from exc
    if len(distance) != len(scale) or not distance:
        raise ModelError(f"The {what} metadata field '{KEY}' needs as many scales as distances "
                         f"(got {len(distance)} and {len(scale)}), at least one.")
    if not all(math.isfinite(d) and d >= 0 for d in distance) or any(
            b <= a for a, b in zip(distance, distance[1:])):
        raise ModelError(f"The distances of the {what} metadata field '{KEY}' must be finite, "
                         f"non-negative and increasing, got {distance}.")
    if not all(math.isfinite(s) and s > 0 for s in scale):
        raise ModelError(f"The scales of the {what} metadata field '{KEY}' must be positive "
                         f"numbers, got {scale}.")
    return {"distance_px": distance, "scale": scale}


class UncertaintyScale:
    """The calibration of a model's metadata: ``scale(distance_px)`` multiplies the raw sigma."""

    def __init__(self, meta: Mapping[str, Any]) -> None:
        self.constant = float(meta["uncertainty_scale"])
        table = validate_table(meta)
        self.nodes = None if table is None else np.log1p(np.asarray(table["distance_px"]))
        self.values = None if table is None else np.asarray(table["scale"])

    def __call__(self, distance_px: np.ndarray) -> Any:
        """Return the scale (a number, or an array shaped like ``distance_px``)."""
        if self.nodes is None or self.values is None:
            return self.constant
        return np.interp(np.log1p(np.asarray(distance_px, dtype=np.float64)),
                         self.nodes, self.values)


def fit_table(distance_px: np.ndarray, ratio: np.ndarray, nodes: int = 8) -> dict:
    """Return the distance table that puts ONE_SIGMA of ``ratio`` within 1 at every distance.

    ``ratio`` is |error| / raw sigma of each validation pixel, ``distance_px`` its distance to
    the nearest prior. The pixels are split into ``nodes`` groups of equal count by distance
    (fewer when a group would hold under MIN_PIXELS_PER_NODE); each group gives one node: its
    median distance and the ONE_SIGMA quantile of its ratios. Groups with the same median
    distance (a lattice of priors puts many pixels at the same few distances) are merged.
    """
    distance = np.asarray(distance_px, dtype=np.float64).ravel()
    ratio = np.asarray(ratio, dtype=np.float64).ravel()
    ok = np.isfinite(distance) & np.isfinite(ratio)
    distance, ratio = distance[ok], ratio[ok]
    if distance.size < MIN_PIXELS_PER_NODE:
        raise ValueError(f"{distance.size} pixels are too few to calibrate the uncertainty "
                         f"(at least {MIN_PIXELS_PER_NODE}).")
    groups = max(1, min(int(nodes), distance.size // MIN_PIXELS_PER_NODE))
    order = np.argsort(distance, kind="stable")
    table: dict[float, list] = {}
    for part in np.array_split(order, groups):
        table.setdefault(float(np.median(distance[part])), []).append(part)
    keys = sorted(table)
    scales = [float(np.quantile(ratio[np.concatenate(table[k])], ONE_SIGMA)) for k in keys]
    return {"distance_px": keys, "scale": scales}
