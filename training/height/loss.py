"""The height networks' training loss (training.height.train)."""
import torch
from torch.nn import functional

from .data import HEIGHT_SCALE_M

SMOOTH_L1_BETA_M = 5.0


def height_loss(prediction, target, grad_weight=0.5):
    """Masked smooth L1 on normalised heights + grad_weight x L1 of finite differences.

    ``target`` is NaN where there is no truth; returns a scalar tensor.
    """
    valid = torch.isfinite(target)
    t = torch.where(valid, target, torch.zeros_like(target))
    beta = SMOOTH_L1_BETA_M / HEIGHT_SCALE_M
    per_cell = functional.smooth_l1_loss(prediction, t, reduction="none", beta=beta)
    loss = (per_cell * valid).sum() / valid.sum().clamp(min=1)
    if grad_weight > 0:
        for dim in (2, 3):
            dp = torch.diff(prediction, dim=dim)
            dt = torch.diff(t, dim=dim)
            both = valid.narrow(dim, 1, valid.shape[dim] - 1) & valid.narrow(
                dim, 0, valid.shape[dim] - 1)
            loss = loss + grad_weight * ((dp - dt).abs() * both).sum() / both.sum().clamp(min=1)
    return loss
