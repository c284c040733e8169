"""Tolerances derived from the numerics, shared by the tests (issue 11, section 7).

A tolerance here says which rounding it absorbs and how large that can get on any CPU, so a
test fails for a wrong result, not for another machine's last digits.
"""
import math

import numpy as np

FLOAT32_EPS = float(np.finfo(np.float32).eps)  # 1.19e-7

# The height networks (training/height/networks.py, base width 16, depth 4): 19 convolutions on the
# longest path (2 per encoder level and bottleneck, 2 per decoder level, the 1x1 head), the
# longest reduction 3 x 3 x 256 channels (the deepest decoder's concatenation).
HEIGHT_NETWORK_LAYERS = 19
HEIGHT_NETWORK_REDUCTION = 9 * 256
# Rounding errors of a layer add like a random walk (sqrt of the reduction); layer gains above
# one and correlated roundings (fused multiply-add, blocked sums) are covered by this factor.
NETWORK_SAFETY = 10.0


def float32_network_atol(expected, layers=HEIGHT_NETWORK_LAYERS,
                         reduction=HEIGHT_NETWORK_REDUCTION):
    """Largest |onnxruntime - torch| to accept for one float32 network with the same weights.

    The two back ends sum each convolution's ``reduction`` products in different orders
    (oneDNN, MLAS, AVX2 or AVX-512, with or without FMA: CPU-dependent), so each layer's
    output differs by about sqrt(reduction) * eps32 of its scale, and ``layers`` layers add
    up. For the height networks: 10 * 19 * 48 * 1.19e-7 = 1.1e-3 of the output's scale (at
    least 1: normalised heights), the same as training/height/export.py's TOLERANCE of 1e-3.
    """
    scale = max(1.0, float(np.max(np.abs(expected))))
    return NETWORK_SAFETY * layers * math.sqrt(reduction) * FLOAT32_EPS * scale
