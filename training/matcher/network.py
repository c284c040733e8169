"""RoMa-style dense matcher for SAR stereo patches, small enough to train on a CPU.

See docs/architecture.md#stereo; the matcher contract is in docs/matcher_model.md.

Layout (after Edstedt et al., RoMa, CVPR 2024, written from its description):

    encoder     one CNN for both images (run once on the two stacked along the batch), feature
                maps at strides 1, 2, 4, 8 (channels 8, 16, 32, 64 by default); at stride 8
                two dilated residual convs (dilation 2, 4) give the coarse features a 141 px
                receptive field
    global      every reference feature against every secondary feature of the patch at
                stride 8 (cosine similarity / learnt temperature, softmax over the secondary
                positions); the expected secondary position is the coarse warp (soft-argmax)
    refiners    at strides 8, 4, 2, 1: reference features, secondary features warped by the
                current estimate (grid_sample), a local correlation volume of radius 3, 2, 1,
                1 around it, the current offsets and certainty logit -> a residual offset and
                a residual certainty logit; offsets and logits are upsampled x2 (bilinear)
                between scales; the stride-8 refiner's certainty is the coarse certainty

Why a soft-argmax and not RoMa's Gaussian-process regression + anchor classification: the GP
posterior needs a linear solve, which opset 17 lacks (onnxruntime has it only as a contrib
op), and the anchor classifier needs a transformer decoder that is too slow to train here.
The secondary patch is already resampled with a coarse DEM, so the correct match is usually
the single dominant mode of the correlation; where it is not (layover, shadow, featureless
ground), the averaging of modes is what the certainty has to flag, and the refiners, whose
correlation volumes look at the local neighbourhood only, correct the sub-cell part.

All offsets are full-resolution pixels, secondary minus reference, channel 0 along lines,
channel 1 along samples, at every scale (so upsampling needs no rescaling). As in RoMa, the
estimate entering each refiner is detached: each scale learns its own residual and no
gradient flows through grid_sample's sampling positions (noisy on speckle).

Only ops that export to ONNX opset 17 and run on onnxruntime's CPU provider (Conv with
batch norm folded in, Relu, MatMul, Softmax, GridSample (opset 16), Resize, CumSum, Gather,
Pad, Reshape, ReduceMean/Max/L2, ...). Parameters at the defaults: 297,981 (count_parameters);
forward cost 4.7 GFLOP for 8 pairs of 128 x 128.
"""
import math

import torch
from torch import nn
from torch.nn import functional

STRIDE = 8  # input H and W must be multiples of this
SCALES = (8, 4, 2, 1)
OFFSET_INPUT_SCALE_PX = 16.0  # offsets enter the refiners divided by this (order one)


class ConvBnRelu(nn.Sequential):
    """Conv (no bias; 'same' padding at stride 1), batch norm, ReLU."""

    def __init__(self, in_channels, out_channels, stride=1, dilation=1, kernel=3):
        super().__init__(
            nn.Conv2d(in_channels, out_channels, kernel, stride=stride,
                      padding=dilation * (kernel // 2), dilation=dilation, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True))


class DilatedResidual(nn.Module):
    """relu(x + bn(conv(x))), 3x3 with ``dilation``: context without losing resolution."""

    def __init__(self, channels, dilation):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, channels, 3, padding=dilation,
                                            dilation=dilation, bias=False),
                                  nn.BatchNorm2d(channels))

    def forward(self, x):
        """Return relu(x + bn(conv(x))), same shape as ``x``."""
        return functional.relu(x + self.body(x))


class Encoder(nn.Module):
    """Feature pyramid {1: f1, 2: f2, 4: f4, 8: f8} of a [N, 1, H, W] image batch."""

    def __init__(self, widths=(8, 16, 32, 64), context_dilations=(2, 4)):
        super().__init__()
        c1, c2, c4, c8 = widths
        self.widths = dict(zip(SCALES[::-1], widths))
        self.s1 = ConvBnRelu(1, c1)  # one conv: the full-resolution pass is the costly one
        self.s2 = nn.Sequential(ConvBnRelu(c1, c2, stride=2), ConvBnRelu(c2, c2))
        self.s4 = nn.Sequential(ConvBnRelu(c2, c4, stride=2), ConvBnRelu(c4, c4))
        self.s8 = nn.Sequential(ConvBnRelu(c4, c8, stride=2), ConvBnRelu(c8, c8),
                                *[DilatedResidual(c8, d) for d in context_dilations])

    def forward(self, x):
        """Return the pyramid {stride s: features [N, C_s, H/s, W/s]} of ``x`` [N, 1, H, W]."""
        f1 = self.s1(x)
        f2 = self.s2(f1)
        f4 = self.s4(f2)
        return {1: f1, 2: f2, 4: f4, 8: self.s8(f4)}


def pixel_grid(like):
    """(lines, samples) pixel indices [N, 1, h, w] shaped like ``like``'s first channel.

    Built with cumsum over ones so that the ONNX graph has no shape-dependent Range ops.
    """
    ones = torch.ones_like(like[:, :1])
    return ones.cumsum(2) - 1.0, ones.cumsum(3) - 1.0


def warp_features(features, offset_cells):
    """Bilinearly sample ``features`` [N, C, h, w] at pixel + offset; zeros outside.

    ``offset_cells`` [N, 2, h, w] is in cells of this scale (not pixels), lines then samples.
    """
    lines, samples = pixel_grid(features)
    height, width = features.shape[2], features.shape[3]
    y = (2.0 * (lines + offset_cells[:, 0:1]) + 1.0) / height - 1.0
    x = (2.0 * (samples + offset_cells[:, 1:2]) + 1.0) / width - 1.0
    grid = torch.cat([x, y], dim=1).permute(0, 2, 3, 1)  # [N, h, w, 2], x first
    return functional.grid_sample(features, grid, mode="bilinear", padding_mode="zeros",
                                  align_corners=False)


def local_correlation(reference, warped, radius):
    """Return the local correlation volume [N, (2r+1)^2, h, w] around each reference cell.

    Channel-mean products of each reference feature with the warped secondary features
    displaced by (dy, dx) in [-r, r]^2 (row-major over dy, dx), r = ``radius``; zero padding.

    Why unfold (im2col): it displaces all channels in one copy whose backward is one col2im;
    (2r+1)^2 slices of a padded tensor cost ~10x more on a CPU (mostly the zero-filled
    gradients of the slices), a convolution with one-hot kernels 1.5-2x more.
    """
    n, channels, height, width = warped.shape
    size = 2 * radius + 1
    shifted = functional.unfold(warped, size, padding=radius)
    shifted = shifted.reshape(n, channels, size * size, height, width)
    return torch.mean(reference.unsqueeze(2) * shifted, dim=1)


class GlobalMatcher(nn.Module):
    """Soft-argmax over the global correlation at stride 8: offsets (px) and peak probability.

    Cosine similarities times a learnt inverse temperature, initially 1/0.03: a flat softmax
    pulls the expected position towards the patch centre (after 200 steps on the simulated
    pairs, stride-8 end-point error 3.1 px from 1/0.1, 2.7 px from 1/0.03).
    """

    def __init__(self, channels, dim=64, temperature=0.03):
        super().__init__()
        self.project = nn.Conv2d(channels, dim, 1)
        self.log_inverse_temperature = nn.Parameter(torch.tensor(-math.log(temperature)))

    def forward(self, reference, secondary, stride):
        """Return the offsets [N, 2, h, w] (pixels: cells x ``stride``) and peak probability.

        ``reference`` and ``secondary`` are the stride-8 features [N, C, h, w]; the peak
        probability [N, 1, h, w] is the softmax maximum of each reference cell.
        """
        a = functional.normalize(self.project(reference), dim=1).flatten(2)  # [N, D, hw]
        b = functional.normalize(self.project(secondary), dim=1).flatten(2)
        similarity = torch.matmul(a.transpose(1, 2), b)  # [N, hw_ref, hw_sec]
        probability = torch.softmax(similarity * self.log_inverse_temperature.exp(), dim=2)
        lines, samples = pixel_grid(reference)
        positions = torch.cat([lines, samples], dim=1).flatten(2)  # [N, 2, hw]
        expected = torch.matmul(positions, probability.transpose(1, 2))  # [N, 2, hw_ref]
        offset_cells = (expected - positions).reshape(reference.shape[0], 2, *reference.shape[2:])
        peak = torch.amax(probability, dim=2).reshape_as(reference[:, :1])
        return offset_cells * stride, peak


class Refiner(nn.Module):
    """One scale: (offset px, certainty logit) -> refined (offset px, certainty logit)."""

    def __init__(self, feature_channels, radius, hidden, dilations, stride, extra_inputs=0):
        super().__init__()
        self.radius, self.stride = radius, stride
        inputs = 2 * feature_channels + (2 * radius + 1) ** 2 + 3 + extra_inputs
        layers = [ConvBnRelu(inputs, hidden, kernel=1)]  # squeeze first: 3x3 on ~100 is slow
        layers += [ConvBnRelu(hidden, hidden, dilation=d) for d in dilations]
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv2d(hidden, 3, 1)
        nn.init.zeros_(self.head.weight)  # start as the identity refinement
        nn.init.zeros_(self.head.bias)

    def forward(self, reference, secondary, offset_px, logit, extra=None):
        """Return the refined (offset px [N, 2, h, w], certainty logit [N, 1, h, w]).

        ``reference`` and ``secondary`` are this scale's features; ``extra`` is the optional
        additional input (the global match's peak probability for the stride-8 refiner).
        """
        warped = warp_features(secondary, offset_px / self.stride)
        correlation = local_correlation(reference, warped, self.radius)
        parts = [reference, warped, correlation, offset_px / OFFSET_INPUT_SCALE_PX, logit]
        if extra is not None:
            parts.append(extra)
        delta = self.head(self.body(torch.cat(parts, dim=1)))
        return offset_px + delta[:, :2] * self.stride, logit + delta[:, 2:3]


def upsample2(x):
    """Upsample [N, C, h, w] by 2, bilinear (offsets are in pixels: no rescaling needed)."""
    return functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)


class DenseMatcher(nn.Module):
    """Dense matcher: (reference, secondary) -> offset and certainty estimates per scale.

    Reference and secondary [N, 1, H, W] (contract-normalised, H and W multiples of 8) ->
    list of (stride, offset px [N, 2, H/s, W/s], certainty logit [N, 1, H/s, W/s] or None),
    coarse to fine: the global match first (no certainty), the full-resolution result last.
    The keyword arguments are kept as ``config`` (stored in checkpoints, see build_matcher).
    """

    def __init__(self, widths=(8, 16, 32, 64), context_dilations=(2, 4), match_dim=64,
                 match_temperature=0.03, refiner_radius=(3, 2, 1, 1),
                 refiner_hidden=(64, 48, 24, 16),
                 refiner_dilations=((1, 2), (1, 2), (1, 2), (1,))):
        super().__init__()
        self.stride = STRIDE
        self.config = {"widths": list(widths), "context_dilations": list(context_dilations),
                       "match_dim": match_dim,
                       "match_temperature": match_temperature,
                       "refiner_radius": list(refiner_radius),
                       "refiner_hidden": list(refiner_hidden),
                       "refiner_dilations": [list(d) for d in refiner_dilations]}
        self.encoder = Encoder(widths, context_dilations)
        self.matcher = GlobalMatcher(widths[-1], match_dim, match_temperature)
        self.refiners = nn.ModuleList(
            Refiner(self.encoder.widths[s], r, h, d, s, extra_inputs=1 if s == STRIDE else 0)
            for s, r, h, d in zip(SCALES, refiner_radius, refiner_hidden, refiner_dilations))

    def forward(self, reference, secondary):
        """Return the list of estimates, coarse to fine (see the class docstring)."""
        features = self.encoder(torch.cat([reference, secondary], dim=0))
        n = reference.shape[0]
        pyramid = {s: (f[:n], f[n:]) for s, f in features.items()}
        ref8, sec8 = pyramid[STRIDE]
        offset, peak = self.matcher(ref8, sec8, STRIDE)
        logit = torch.zeros_like(peak)
        estimates = [(STRIDE, offset, None)]
        for scale, refiner in zip(SCALES, self.refiners):
            if scale != STRIDE:
                offset, logit = upsample2(offset), upsample2(logit)
            ref, sec = pyramid[scale]
            extra = peak if scale == STRIDE else None
            offset, logit = refiner(ref, sec, offset.detach(), logit.detach(), extra)
            estimates.append((scale, offset, logit))
        return estimates


class ExportedMatcher(nn.Module):
    """The contract's graph: (reference, secondary) -> (warp px, certainty in [0, 1])."""

    def __init__(self, matcher):
        super().__init__()
        self.matcher = matcher

    def forward(self, reference, secondary):
        """Return the full-resolution warp [N, 2, H, W] (pixels) and certainty [N, 1, H, W]."""
        _, offset, logit = self.matcher(reference, secondary)[-1]
        return offset, torch.sigmoid(logit)


def build_matcher(config=None):
    """Build a DenseMatcher from a config dict (DenseMatcher.config of a checkpoint) or defaults."""
    return DenseMatcher(**(config or {}))


def count_parameters(module):
    """Return the number of trainable parameters (elements) of ``module``."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)
