"""The matcher stereo_radargrammetry runs with, and its defaults: POC or the deep matcher.

``patch_size`` AUTO_PATCH_SIZE (0) and ``min_confidence`` None mean "the matcher's own".
Each function returns a MatcherSettings with a note for the log and a warning ('' for none).
"""
import os
from dataclasses import dataclass
from typing import Callable

from ..constants import AUTO_PATCH_SIZE, DEEP_MIN_CERTAINTY, POC_MIN_CONFIDENCE, STEREO_PATCH_SIZE

DEEP_STEP_PX = 1  # the deep matcher answers per pixel


@dataclass(frozen=True)
class MatcherSettings:
    """The matcher to run, and what the log and the output metadata say about it.

    ``matcher``: DenseMatch callable; ``step_px``: spacing of its matches (pixels);
    ``name``: for the output metadata; ``patch_size``: reference patch (pixels); ``note``:
    line for the log; ``warning``: '' for none.
    """

    matcher: Callable
    step_px: int
    name: str
    patch_size: int
    note: str
    warning: str = ""


def poc_settings(patch_size=AUTO_PATCH_SIZE, min_confidence=None):
    """Phase-only correlation on intensity patches (STEREO_PATCH_SIZE when automatic)."""
    from .pipeline import poc_matcher
    from .poc import PocOptions

    threshold = POC_MIN_CONFIDENCE if min_confidence is None else min_confidence
    options = PocOptions(input_kind="intensity", min_confidence=threshold)
    note = (f"Matcher: phase-only correlation ({options.window_px}-pixel windows every "
            f"{options.step_px} pixels, left-right check, minimum confidence {threshold:.2f}).")
    return MatcherSettings(poc_matcher(options), options.step_px, "phase-only correlation",
                           patch_size or STEREO_PATCH_SIZE, note)


def deep_settings(model_path, patch_size=AUTO_PATCH_SIZE, min_confidence=None):
    """Return the settings of the deep matcher of the ONNX file ``model_path``.

    Raise ModelError when the file is unusable. Automatic ``patch_size``: the size the model
    was trained on; another size is allowed with a warning.
    """
    from .deep import MatcherModel, deep_matcher

    model = MatcherModel(model_path)
    threshold = DEEP_MIN_CERTAINTY if min_confidence is None else min_confidence
    note = f"Matcher: deep dense matcher {model.describe()}; minimum certainty {threshold:.2f}."
    warning = ""
    if patch_size not in (AUTO_PATCH_SIZE, model.patch_size):
        warning = (f"The model was trained on patches of {model.patch_size} pixels and loses "
                   f"most matches on patches of another size (docs/matcher_model.md); set "
                   f"PATCH_SIZE to 0 to use {model.patch_size}.")
    return MatcherSettings(deep_matcher(model, threshold), DEEP_STEP_PX,
                           "deep: " + os.path.basename(model_path),
                           patch_size or model.patch_size, note, warning)
