"""Dense matching with an ONNX matcher (matcher contract 1, docs/matcher_model.md).

The learnt counterpart of core.stereo.poc: for a reference patch and the secondary patch
already resampled onto it (coarse-DEM prediction), an offset per pixel (secondary minus
reference, lines then samples, in pixels, as poc's) and a certainty in [0, 1].

Any ONNX model that follows the contract works, not only the one training/ produces: inputs
"reference" and "secondary" [N, 1, H, W] float32 normalised by
core.stereo.matcher_contract.normalise_intensity, outputs "warp" [N, 2, H, W] and
"certainty" [N, 1, H, W], and the "sar_height" metadata entry (format "sar_height_matcher",
contract 1, stride, patch_size, max_displacement_px, normalisation). A stronger matcher
(e.g. RoMa's published weights behind an adapter that takes one grey channel and returns
offsets) only has to be exported to that contract.

``deep_matcher(model)`` wraps a MatcherModel as the matcher callable of
core.stereo.pipeline (the learnt alternative to ``pipeline.poc_matcher()``).

No torch: numpy and onnxruntime (imported when a MatcherModel is created).
"""
from typing import NamedTuple

import numpy as np

from ..constants import DEEP_MIN_CERTAINTY
from ..errors import InferenceError, ModelError
from ..inference.model import open_session
from .matcher_contract import (
    INPUT_NAMES,
    OUTPUT_NAMES,
    normalise_intensity,
    parse_metadata,
    valid_intensity,
)

INPUT_KINDS = ("intensity", "amplitude")
DEFAULT_MIN_CERTAINTY = DEEP_MIN_CERTAINTY


class MatcherOutput(NamedTuple):
    """Per reference pixel, float32 [H, W] each (``[N, H, W]`` from match_batch).

    offset_lines, offset_samples   secondary - reference (pixels); NaN where the reference
                                   pixel has no data
    certainty                      the model's certainty in [0, 1]; 0 where the reference
                                   pixel has no data or the match lands outside the
                                   secondary patch or on one of its no-data pixels
    """

    offset_lines: np.ndarray
    offset_samples: np.ndarray
    certainty: np.ndarray


def _check_io(session, path):
    inputs = [i.name for i in session.get_inputs()]
    outputs = [o.name for o in session.get_outputs()]
    if sorted(inputs) != sorted(INPUT_NAMES) or not set(OUTPUT_NAMES) <= set(outputs):
        raise ModelError(f"A SAR Height matcher must have the inputs {list(INPUT_NAMES)} and "
                         f"the outputs {list(OUTPUT_NAMES)}; {path} has inputs {inputs} and "
                         f"outputs {outputs}.")
    for item in session.get_inputs():
        shape = item.shape
        if len(shape) != 4 or (isinstance(shape[1], int) and shape[1] != 1):
            raise ModelError(f"The matcher's input '{item.name}' must be [N, 1, H, W], not "
                             f"{shape}.")


def pad_to_stride(images, stride):
    """Zero-pad [N, H, W] at the bottom/right to multiples of ``stride``.

    0 is the normalised mean, what no-data pixels hold too.
    """
    rows = -images.shape[1] % stride
    cols = -images.shape[2] % stride
    return np.pad(images, ((0, 0), (0, rows), (0, cols)))


def _landing_ok(secondary_ok, offset_lines, offset_samples):
    """Return True where p + offset rounds to a secondary pixel that holds data ([N, H, W])."""
    n, rows, cols = secondary_ok.shape
    lines = np.arange(rows)[None, :, None] + np.nan_to_num(offset_lines, nan=-1e9)
    samples = np.arange(cols)[None, None, :] + np.nan_to_num(offset_samples, nan=-1e9)
    li, si = np.rint(lines), np.rint(samples)
    inside = (li >= 0) & (li <= rows - 1) & (si >= 0) & (si <= cols - 1)
    li = np.clip(li, 0, rows - 1).astype(np.int64)
    si = np.clip(si, 0, cols - 1).astype(np.int64)
    batch = np.arange(n)[:, None, None]
    return inside & secondary_ok[batch, li, si]


class MatcherModel:
    """An ONNX dense matcher (matcher contract 1).

    ``threads``: onnxruntime intra-op threads (0 = its default, all cores). ``providers``:
    execution providers to try (default: the GPU ones available, then CPU).
    Attributes: ``metadata`` (validated dict), ``provider``, ``path``; properties
    ``stride``, ``patch_size``, ``max_displacement_px``.

    Several threads may match at once (the pipeline's workers): they share the session and
    its one intra-op thread pool, so 2 workers add one calling thread, not a second pool.
    The intra-op thread count must not follow the number of workers: onnxruntime's sums
    depend on it (measured: 1 and 3 threads differ in the last bits), the workers' results
    must not.
    """

    def __init__(self, path, threads=0, providers=None):
        self.session, self.path = open_session(path, threads, providers, "matcher model")
        self.metadata = parse_metadata(self.session.get_modelmeta().custom_metadata_map)
        _check_io(self.session, path)
        self.provider = self.session.get_providers()[0]

    @property
    def stride(self):
        """Coarsest feature stride (pixels); input H and W are padded to multiples of it."""
        return int(self.metadata["stride"])

    @property
    def patch_size(self):
        """Patch side (pixels) the model was trained on; it matches best on patches that size."""
        return int(self.metadata["patch_size"])

    @property
    def max_displacement_px(self):
        """Per-axis offset (pixels) up to about which the training data went."""
        return float(self.metadata["max_displacement_px"])

    def run(self, reference, secondary):
        """(warp [N, 2, H, W], certainty [N, 1, H, W]) of normalised inputs [N, 1, H, W]."""
        feed = {"reference": np.ascontiguousarray(reference, dtype=np.float32),
                "secondary": np.ascontiguousarray(secondary, dtype=np.float32)}
        warp, certainty = self.session.run(list(OUTPUT_NAMES), feed)
        return warp, certainty

    def normalise(self, intensity):
        """Contract input of intensity images [..., H, W] (each image on its own)."""
        return normalise_intensity(intensity, self.metadata["log_floor_fraction"],
                                   self.metadata["clip_sigma"])

    def match_batch(self, references, secondaries, input_kind="intensity"):
        """MatcherOutput of [N, H, W] arrays ([N, H, W] outputs); see :meth:`match`."""
        references, secondaries = _as_intensity(references, secondaries, input_kind)
        n, rows, cols = references.shape
        stride = self.stride
        reference = pad_to_stride(self.normalise(references), stride)[:, None]
        secondary = pad_to_stride(self.normalise(secondaries), stride)[:, None]
        warp, certainty = self.run(reference, secondary)
        offset_lines = warp[:, 0, :rows, :cols].astype(np.float32)
        offset_samples = warp[:, 1, :rows, :cols].astype(np.float32)
        certainty = np.clip(certainty[:, 0, :rows, :cols], 0.0, 1.0).astype(np.float32)
        reference_ok = valid_intensity(references)
        offset_lines[~reference_ok] = np.nan
        offset_samples[~reference_ok] = np.nan
        usable = reference_ok & _landing_ok(valid_intensity(secondaries), offset_lines,
                                            offset_samples)
        certainty[~usable] = 0.0
        return MatcherOutput(offset_lines, offset_samples, certainty)

    def match(self, reference_patch, secondary_patch, input_kind="intensity"):
        """MatcherOutput (offset_lines, offset_samples, certainty), float32 [H, W] each.

        ``reference_patch`` and ``secondary_patch``: 2-D arrays of the same shape, intensity
        (or amplitude with ``input_kind="amplitude"``); NaN or values <= 0 are no data. The
        secondary must already be resampled onto the reference grid. Any size: the arrays
        are padded to the model's stride; the cost of the global matching grows with the
        square of the number of pixels, so keep patches near ``patch_size``.
        """
        reference = np.asarray(reference_patch)
        secondary = np.asarray(secondary_patch)
        if reference.ndim != 2:
            raise InferenceError(f"match() takes 2-D patches, got shape {reference.shape}; "
                                 f"use match_batch() for stacks.")
        result = self.match_batch(reference[None], secondary[None], input_kind)
        return MatcherOutput(*(a[0] for a in result))

    def describe(self):
        """Return a one-line description: model type, version, contract, patch, provider."""
        meta = self.metadata
        return (f"{meta.get('model_type', 'matcher')} {meta.get('version', '?')} (matcher "
                f"contract {meta['contract']}, patch {meta['patch_size']}, up to "
                f"{meta['max_displacement_px']:g} px), onnxruntime provider {self.provider}")


def _as_intensity(references, secondaries, input_kind):
    if input_kind not in INPUT_KINDS:
        raise InferenceError(f"input_kind must be one of {INPUT_KINDS}, not {input_kind!r}")
    references = np.asarray(references, dtype=np.float64)
    secondaries = np.asarray(secondaries, dtype=np.float64)
    if references.ndim != 3 or references.shape != secondaries.shape:
        raise InferenceError(f"The reference {references.shape} and secondary "
                             f"{secondaries.shape} stacks must be [N, H, W] of one shape.")
    if input_kind == "amplitude":
        return references * references, secondaries * secondaries
    return references, secondaries


def deep_matcher(model, min_certainty=DEFAULT_MIN_CERTAINTY, threads=0):
    """Return the pipeline's matcher callable from a MatcherModel or the path of one.

    The callable is core.stereo.pipeline's ``matcher(reference_patch, secondary_patch) ->
    DenseMatch``; it carries the attributes ``model`` and ``patch_size``.

    ``confidence`` = the certainty; ``valid`` = certainty >= ``min_certainty`` and finite
    offsets. The certainty was trained as P(visible in both images and within 1 px); the
    default 0.8 is the highest threshold that kept 99.5 % of the 0.5 threshold's DEM coverage
    on the validation region (Ventoux), and cuts the outliers of steep held-out scenes.
    """
    from .pipeline import DenseMatch

    if not isinstance(model, MatcherModel):
        model = MatcherModel(model, threads=threads)

    def match(reference_patch, secondary_patch):
        out = model.match(reference_patch, secondary_patch)
        valid = (out.certainty >= min_certainty) & np.isfinite(out.offset_lines)
        return DenseMatch(out.offset_lines, out.offset_samples, out.certainty, valid)

    match.model = model
    # The model only matches well on patches of the size it was trained on (a 128-px model
    # on 192-px patches kept 30 % of the ground instead of 94 %): pipelines use this size.
    match.patch_size = model.patch_size
    return match
