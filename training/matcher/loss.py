"""Joint matcher loss L = L_D + lambda L_C (Sasayama et al. 2025, after RoMa) and metrics.

At every scale s of the matcher's estimates (the global match and the refiners at strides
8, 4, 2, 1) the truth is brought to that grid by valid-weighted s x s block means (the
estimate at cell (i, j) refers to the block centre, s i + (s - 1) / 2); a cell is valid when
at least half its pixels are.

L_D  robust regression of the warp: Charbonnier sqrt(e^2 + c^2) - c of the end-point error e
     in cells of the scale (so that every scale asks for the same relative precision), mean
     over valid cells, summed over scales. Robust because a few wrong matches (repetitive
     texture, speckle) must not dominate the gradient; smooth at 0 for sub-pixel work.
L_C  binary cross-entropy of each refiner's certainty logit, mean over all cells, against
     "valid and the estimate is within ``threshold_cells`` cells of the truth" (RoMa's target:
     certainty means 'this match is right', not only 'this pixel is visible in both').
"""
from dataclasses import dataclass

import torch
from torch.nn import functional

CHARBONNIER_C_CELLS = 0.25
CERTAINTY_WEIGHT = 0.5
THRESHOLD_CELLS = 1.0  # at stride 1: 1 px


@dataclass
class LossConfig:
    """Weights and thresholds of the matcher loss (Charbonnier c and threshold in cells)."""

    certainty_weight: float = CERTAINTY_WEIGHT  # lambda
    charbonnier_c_cells: float = CHARBONNIER_C_CELLS
    threshold_cells: float = THRESHOLD_CELLS


def targets_at(offset, valid, stride):
    """(offset [N, 2, h, w] px, valid bool [N, 1, h, w]) on the grid of ``stride``."""
    if stride == 1:
        return offset, valid > 0.5
    weight = functional.avg_pool2d(valid, stride)
    mean = functional.avg_pool2d(offset * valid, stride) / weight.clamp(min=1e-6)
    return mean, weight >= 0.5


def charbonnier(error_sq, c):
    """sqrt(e^2 + c^2) - c from e^2 (no sqrt at e = 0, so no NaN gradient there)."""
    return torch.sqrt(error_sq + c * c) - c


def matcher_loss(estimates, offset, valid, cfg=None):
    """Return (total, {"regression": L_D, "certainty": L_C}) of DenseMatcher estimates.

    ``estimates`` are DenseMatcher's (stride, warp px, certainty logit or None) per scale; the
    truth is the offset [N, 2, H, W] (px) and valid [N, 1, H, W] (0/1 float). The total keeps
    its graph; the two parts come back detached.
    """
    cfg = cfg or LossConfig()
    regression = offset.new_zeros(())
    certainty = offset.new_zeros(())
    for stride, predicted, logit in estimates:
        truth, good = targets_at(offset, valid, stride)
        error_sq = ((predicted - truth) ** 2).sum(dim=1, keepdim=True)
        per_cell = charbonnier(error_sq / stride ** 2, cfg.charbonnier_c_cells)
        regression = regression + (per_cell * good).sum() / good.sum().clamp(min=1)
        if logit is not None:
            close = error_sq.detach().sqrt() < cfg.threshold_cells * stride
            target = (good & close).float()
            certainty = certainty + functional.binary_cross_entropy_with_logits(logit, target)
    total = regression + cfg.certainty_weight * certainty
    return total, {"regression": regression.detach(), "certainty": certainty.detach()}


class MatchMetrics:
    """Running full-resolution matching metrics, summed over batches.

    End-point error (EPE) and accuracy within 1 px over valid pixels; the same over the pixels
    the model is certain of (certainty > 0.5) with their share ("coverage"); and how many
    invalid pixels it is certain of (false certainty). ``zero`` metrics: the same for a zero
    warp (no matching, the coarse-DEM prediction alone).
    """

    def __init__(self):
        self.sums = {}

    def _add(self, key, value):
        self.sums[key] = self.sums.get(key, 0.0) + float(value)

    def update(self, warp, certainty, offset, valid):
        """Add one batch: warp and true offset [N, 2, H, W] px, certainty and valid [N, 1, H, W].

        ``certainty`` is a probability (sigmoid applied), ``valid`` 0/1.
        """
        good = valid > 0.5
        epe = torch.linalg.vector_norm(warp - offset, dim=1, keepdim=True)
        zero = torch.linalg.vector_norm(offset, dim=1, keepdim=True)
        sure = certainty > 0.5
        self._add("valid", good.sum())
        self._add("epe", epe[good].sum())
        self._add("within_1px", (epe[good] < 1.0).sum())
        self._add("zero_epe", zero[good].sum())
        self._add("zero_within_1px", (zero[good] < 1.0).sum())
        self._add("certain", (sure & good).sum())
        self._add("certain_epe", epe[sure & good].sum())
        self._add("certain_within_1px", (epe[sure & good] < 1.0).sum())
        self._add("invalid", (~good).sum())
        self._add("invalid_certain", (sure & ~good).sum())

    def result(self):
        """Return the metrics so far: EPEs in pixels, the other values fractions in [0, 1]."""
        s = self.sums
        n, c, bad = max(s.get("valid", 0), 1), max(s.get("certain", 0), 1), s.get("invalid", 0)
        return {"epe_px": s.get("epe", 0) / n, "within_1px": s.get("within_1px", 0) / n,
                "zero_epe_px": s.get("zero_epe", 0) / n,
                "zero_within_1px": s.get("zero_within_1px", 0) / n,
                "coverage": s.get("certain", 0) / n, "certain_epe_px": s.get("certain_epe", 0) / c,
                "certain_within_1px": s.get("certain_within_1px", 0) / c,
                "false_certain": s.get("invalid_certain", 0) / bad if bad else 0.0}
