"""Find numpy's transcendental ufuncs called on strided floating-point arrays.

Why: numpy (seen with Debian's 1.24) on AVX-512 CPUs computes sin, cos, arctan2, hypot, exp,
log... with SVML, but falls back to libm (which differs in the last bit) when an input's
strided span, taken as ``step * length`` bytes, seems to reach the output's memory. A fresh
output lands wherever the heap puts it, so a call on a strided view such as ``xyz[..., 0]``
gives different bits from run to run: stereo heights and GCPs differed between identical runs
on an Intel Xeon (issue 16). Contiguous inputs are never mistaken for overlapping (malloc
leaves a header between blocks).

``StridedCalls`` replaces those numpy functions while it is entered and records every call
with a strided float operand made from a file under ``root`` (``x ** 3`` calls np.power
through the operator and is not seen). Enter it after torch and onnxruntime are imported:
torch checks the numpy ufuncs when it is imported.
"""
import collections
import traceback
from pathlib import Path

import numpy as np

TRANSCENDENTAL = ("sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "hypot", "exp",
                  "exp2", "expm1", "log", "log2", "log10", "log1p", "cbrt", "sinh", "cosh",
                  "tanh", "arcsinh", "arccosh", "arctanh", "power")


def is_strided(value):
    """True for a float array whose elements are not packed (broadcast axes aside).

    A one-element view counts by its innermost stride: numpy's overlap test multiplies it
    by the length, so ``xyz[:1, 0]`` (stride 24) reaches 16 bytes beyond its element.
    """
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "fc" or value.size == 0:
        return False
    axes = [(n, step) for n, step in zip(value.shape, value.strides) if step != 0]
    long_axes = [(n, step) for n, step in axes if n > 1]
    if not long_axes:
        return bool(axes) and axes[-1][1] != value.itemsize
    return not (_packed(reversed(long_axes), value.itemsize)
                or _packed(long_axes, value.itemsize))


def _packed(axes, itemsize):
    """True when the (length, step) axes, fastest first, leave no gap between elements."""
    want = itemsize
    for n, step in axes:
        if step != want:
            return False
        want *= n
    return True


class StridedCalls:
    """Context manager: ``calls`` counts (ufunc, file, line) of strided calls from ``root``."""

    def __init__(self, root):
        self.root = str(Path(root).resolve())
        self.calls = collections.Counter()
        self._saved = {}

    def __enter__(self):
        for name in TRANSCENDENTAL:
            self._saved[name] = getattr(np, name)
            setattr(np, name, self._watch(name, self._saved[name]))
        return self

    def __exit__(self, *exc):
        for name, ufunc in self._saved.items():
            setattr(np, name, ufunc)
        return False

    def _watch(self, name, ufunc):
        def watched(*args, **kwargs):
            out = kwargs.get("out")
            operands = list(args) + (list(out) if isinstance(out, tuple) else [out])
            if any(is_strided(a) for a in operands):
                self._record(name)
            return ufunc(*args, **kwargs)
        return watched

    def _record(self, name):
        for frame in reversed(traceback.extract_stack()[:-2]):
            if frame.filename.startswith(self.root):
                self.calls[(name, frame.filename[len(self.root) + 1:], frame.lineno)] += 1
                return
