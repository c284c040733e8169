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


RESIDUAL_BETA = 0.05  # pixel spacings: 0.5-1.5 m, the smooth-L1 knee of the residual loss
LOG_SIGMA_CLAMP = (-7.0, 7.0)  # = core.inference.residual_contract.LOG_SIGMA_RANGE


def _masked_mean(values, mask):
    return (values * mask).sum() / mask.sum().clamp(min=1)


def residual_loss(output, target, grad_weight=0.5, nll_weight=0.2):
    """Return the contract-v2 loss of ``output`` [N, 2, H, W] against ``target`` [N, 1, H, W].

    Smooth L1 of the residual (pixel spacings) on cells with truth, plus ``grad_weight`` x L1 of
    the slope error (a difference of residuals over one pixel, in pixel spacings, is a slope), plus
    ``nll_weight`` x the Gaussian negative log-likelihood of the error under the predicted sigma.
    The NLL sees the residual detached, so the uncertainty head learns the error's size without
    pulling the estimate towards places where it is easy.
    """
    valid = torch.isfinite(target)
    t = torch.where(valid, target, torch.zeros_like(target))
    residual, log_sigma = output[:, :1], output[:, 1:2].clamp(*LOG_SIGMA_CLAMP)
    per_cell = functional.smooth_l1_loss(residual, t, reduction="none", beta=RESIDUAL_BETA)
    loss = _masked_mean(per_cell, valid)
    for dim in (2, 3):
        both = valid.narrow(dim, 1, valid.shape[dim] - 1) & valid.narrow(
            dim, 0, valid.shape[dim] - 1)
        slope_error = (torch.diff(residual, dim=dim) - torch.diff(t, dim=dim)).abs()
        loss = loss + grad_weight * _masked_mean(slope_error, both)
    error = residual.detach() - t
    nll = 0.5 * (error / torch.exp(log_sigma)) ** 2 + log_sigma
    return loss + nll_weight * _masked_mean(nll, valid)
