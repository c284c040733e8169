"""ASK-UNet and the plain U-Net baseline (model contract v1 in docs/height_model.md).

See docs/architecture.md#height-model.

Both networks share one layout and differ only in their blocks:

    encoder  level i = 0..depth-1: block(in -> w * 2^i), then 2x2 max pooling
    bottleneck                    block(w * 2^(depth-1) -> same)
    decoder  level i = depth-1..0: bilinear x2 upsampling, concatenation with the encoder
                                   output of level i, block(-> w * 2^(i-1), or w at level 0)
    head                          1x1 conv -> 1 channel (normalised height)

"unet" uses DoubleConv blocks ((3x3 conv, BN, ReLU) x 2); "ask_unet" uses AskConv blocks
(the same DoubleConv followed by x + ECA(LSK(x))). Input [N, 4, H, W] with H and W
multiples of 2^depth (16 for the default depth 4); output [N, 1, H, W].

Parameters at base_width 16, depth 4 (count_parameters): unet 0.84 M, ask_unet 0.89 M.
"""
import torch
from torch import nn
from torch.nn import functional

from .blocks import AskConv, DoubleConv

MODEL_TYPES = ("ask_unet", "unet")
IN_CHANNELS = 4


class HeightUNet(nn.Module):
    """U-Net for normalised height; ``attention=True`` makes it ASK-UNet."""

    def __init__(self, in_channels=IN_CHANNELS, base_width=16, depth=4, attention=True,
                 out_channels=1):
        super().__init__()
        if depth < 1:
            raise ValueError(f"depth must be >= 1, got {depth}")
        if base_width < 2 or base_width % 2:
            raise ValueError(f"base_width must be even and >= 2, got {base_width}")
        block = AskConv if attention else DoubleConv
        self.in_channels, self.base_width, self.depth = in_channels, base_width, depth
        self.attention = attention
        widths = [base_width * 2 ** level for level in range(depth)]
        self.encoder = nn.ModuleList()
        previous = in_channels
        for width in widths:
            self.encoder.append(block(previous, width))
            previous = width
        self.bottleneck = block(previous, previous)
        self.decoder = nn.ModuleList()
        for level in reversed(range(depth)):
            out = widths[level - 1] if level > 0 else base_width
            self.decoder.append(block(previous + widths[level], out))
            previous = out
        self.head = nn.Conv2d(previous, out_channels, 1)

    @property
    def stride(self):
        """H and W of the input must be multiples of this."""
        return 2 ** self.depth

    @property
    def kind(self):
        """Return "ask_unet" or "unet"."""
        return "ask_unet" if self.attention else "unet"

    def forward(self, x):
        """Return the [N, out_channels, H, W] output of a [N, in_channels, H, W] input."""
        skips = []
        for block in self.encoder:
            x = block(x)
            skips.append(x)
            x = functional.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for block, skip in zip(self.decoder, reversed(skips)):
            x = functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
            x = block(torch.cat([x, skip], dim=1))
        return self.head(x)


def build_network(kind, base_width=16, depth=4, in_channels=IN_CHANNELS, out_channels=1):
    """Build ``kind`` "ask_unet" (LSK + ECA blocks) or "unet" (the ablation baseline)."""
    if kind not in MODEL_TYPES:
        raise ValueError(f"Unknown network kind {kind!r}; use one of {MODEL_TYPES}.")
    return HeightUNet(in_channels, base_width, depth, attention=kind == "ask_unet",
                      out_channels=out_channels)


def count_parameters(module, trainable_only=True):
    """Return the number of (trainable) parameters."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad or not trainable_only)
