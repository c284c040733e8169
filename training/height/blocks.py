"""Attention blocks of ASK-UNet, written from the paper's description.

See docs/architecture.md#height-model.

LSK (large selective kernel)
    Two depth-wise convolutions in sequence give two receptive fields: a 5x5 (5 pixels) and,
    applied to its output, a 7x7 with dilation 3 (5 + 6 * 3 = 23 pixels). Each branch is
    projected by a 1x1 convolution to C/2 channels. A spatial selection map decides per pixel
    how much of each branch to use: the channel-wise mean and maximum of the concatenated
    branches (2 channels) go through a 7x7 convolution to 2 channels and a sigmoid; the two
    branches are weighted by these maps and summed, a 1x1 convolution brings the result back to
    C channels and it multiplies the block input (an attention map, not a replacement).

ECA (efficient channel attention)
    Global average pooling gives one value per channel; a 1-D convolution over the channel axis
    (kernel 3, no bias) lets each channel look at its neighbours; a sigmoid turns the result
    into per-channel weights that scale the input.

Both export to plain ONNX operators (Conv, ReduceMean, ReduceMax, GlobalAveragePool, Sigmoid).
"""
import torch
from torch import nn


class LSK(nn.Module):
    """Large selective kernel spatial attention; output shape = input shape."""

    def __init__(self, channels):
        super().__init__()
        if channels % 2:
            raise ValueError(f"LSK needs an even number of channels, got {channels}")
        half = channels // 2
        self.local = nn.Conv2d(channels, channels, 5, padding=2, groups=channels)
        self.wide = nn.Conv2d(channels, channels, 7, padding=9, dilation=3, groups=channels)
        self.project_local = nn.Conv2d(channels, half, 1)
        self.project_wide = nn.Conv2d(channels, half, 1)
        self.select = nn.Conv2d(2, 2, 7, padding=3)
        self.restore = nn.Conv2d(half, channels, 1)

    def forward(self, x):
        """Return ``x`` multiplied by its per-pixel selective-kernel attention map."""
        local = self.local(x)
        wide = self.wide(local)  # receptive field 5 + (7 - 1) * 3 = 23
        local = self.project_local(local)
        wide = self.project_wide(wide)
        both = torch.cat([local, wide], dim=1)
        mean = torch.mean(both, dim=1, keepdim=True)
        peak = torch.amax(both, dim=1, keepdim=True)
        weights = torch.sigmoid(self.select(torch.cat([mean, peak], dim=1)))
        selected = local * weights[:, 0:1] + wide * weights[:, 1:2]
        return x * self.restore(selected)


class ECA(nn.Module):
    """Efficient channel attention; output shape = input shape."""

    def __init__(self, kernel_size=3):
        super().__init__()
        if kernel_size % 2 == 0:
            raise ValueError(f"ECA kernel size must be odd, got {kernel_size}")
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.conv = nn.Conv1d(1, 1, kernel_size, padding=kernel_size // 2, bias=False)

    def forward(self, x):
        """Return ``x`` with each channel scaled by its attention weight in (0, 1)."""
        pooled = self.pool(x)  # [N, C, 1, 1]
        weights = self.conv(pooled.flatten(2).transpose(1, 2))  # [N, 1, C]
        weights = torch.sigmoid(weights).transpose(1, 2).unsqueeze(-1)  # [N, C, 1, 1]
        return x * weights


class DoubleConv(nn.Module):
    """(3x3 conv, batch norm, ReLU) twice."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        """Apply the two conv, batch norm, ReLU stages."""
        return self.body(x)


class AskConv(nn.Module):
    """DoubleConv, then LSK and ECA as a residual branch: y = x + ECA(LSK(x))."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = DoubleConv(in_channels, out_channels)
        self.lsk = LSK(out_channels)
        self.eca = ECA(3)

    def forward(self, x):
        """Return y = c + ECA(LSK(c)) with c = DoubleConv(x)."""
        x = self.conv(x)
        return x + self.eca(self.lsk(x))
