"""An ONNX height model loaded with onnxruntime (imported here, lazily, never at plugin load)."""
import os

import numpy as np

from ..errors import ModelError
from .contract import INPUT_NAME, OUTPUT_NAME, parse_metadata

# Tried in this order among the providers the installed onnxruntime offers; CPU always last.
PREFERRED_PROVIDERS = ("CUDAExecutionProvider", "DmlExecutionProvider",
                       "CoreMLExecutionProvider", "CPUExecutionProvider")


def _session(path, options, providers):
    import onnxruntime as ort

    try:
        return ort.InferenceSession(path, sess_options=options, providers=list(providers))
    except Exception as exc:  # onnxruntime raises its own pybind exception types
        if list(providers) != ["CPUExecutionProvider"]:
            return _session(path, options, ["CPUExecutionProvider"])
        raise ModelError(f"Cannot load {path} as an ONNX model: {exc}") from exc


def open_session(path, threads=0, providers=None, what="model"):
    """Return (onnxruntime session, path) of an ONNX file.

    ``threads``: intra-op threads (0 = its default); ``providers`` tried in order (default:
    the available PREFERRED_PROVIDERS, falling back to CPU); onnxruntime logs errors only.
    ModelError names ``what`` when the file is missing.
    """
    import onnxruntime as ort

    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ModelError(f"The {what} {path} does not exist.")
    options = ort.SessionOptions()
    if threads and threads > 0:
        options.intra_op_num_threads = int(threads)
    options.log_severity_level = 3  # errors only: no provider chatter on stderr
    if providers is None:
        available = set(ort.get_available_providers())
        providers = [p for p in PREFERRED_PROVIDERS if p in available]
    return _session(path, options, providers), path


class HeightModel:
    """A SAR Height height model (model contract v1, docs/height_model.md).

    ``threads``: onnxruntime intra-op threads (0 = its default, all cores). ``providers``:
    execution providers to try (default: GPU ones that are available, then CPU).
    Attributes: ``metadata`` (validated dict), ``provider`` (the one actually used), ``path``.
    """

    def __init__(self, path, threads=0, providers=None):
        self.session, self.path = open_session(path, threads, providers, "height model")
        self.metadata = parse_metadata(self.session.get_modelmeta().custom_metadata_map)
        inputs, outputs = self.session.get_inputs(), self.session.get_outputs()
        if [i.name for i in inputs] != [INPUT_NAME] or OUTPUT_NAME not in [
                o.name for o in outputs]:
            raise ModelError(f"The height model must have one input '{INPUT_NAME}' and an "
                             f"output '{OUTPUT_NAME}'; {path} has inputs "
                             f"{[i.name for i in inputs]} and outputs "
                             f"{[o.name for o in outputs]}.")
        shape = inputs[0].shape
        if len(shape) != 4 or (isinstance(shape[1], int) and shape[1] != 4):
            raise ModelError(f"The height model's input must be [N, 4, H, W], not {shape}.")
        self.provider = self.session.get_providers()[0]

    @property
    def stride(self):
        """Stride (pixels) of the network: tile sizes must be multiples of it."""
        return int(self.metadata["stride"])

    def run(self, batch):
        """Network output [N, 1, H, W] float32 of an input batch [N, 4, H, W] float32."""
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        return self.session.run([OUTPUT_NAME], {INPUT_NAME: batch})[0]

    def describe(self):
        """One line for the log."""
        meta = self.metadata
        return (f"{meta['model_type']} {meta.get('version', '?')} (contract "
                f"{meta['contract']}, {meta['input_kind']} input, trained at "
                f"{meta['pixel_spacing_m']:g} m), onnxruntime provider {self.provider}")


class ResidualHeightModel:
    """A contract-v2 height model: residual on the prior surface and its uncertainty.

    See core.inference.residual_contract. Attributes as :class:`HeightModel`.
    """

    def __init__(self, path, threads=0, providers=None):
        from . import residual_contract as v2

        self.session, self.path = open_session(path, threads, providers, "height model")
        self.metadata = v2.parse_metadata(self.session.get_modelmeta().custom_metadata_map)
        inputs, outputs = self.session.get_inputs(), self.session.get_outputs()
        if [i.name for i in inputs] != [v2.INPUT_NAME] or v2.OUTPUT_NAME not in [
                o.name for o in outputs]:
            raise ModelError(f"The height model must have one input '{v2.INPUT_NAME}' and an "
                             f"output '{v2.OUTPUT_NAME}'; {path} has inputs "
                             f"{[i.name for i in inputs]} and outputs "
                             f"{[o.name for o in outputs]}.")
        shape = inputs[0].shape
        channels = len(v2.CHANNELS)
        if len(shape) != 4 or (isinstance(shape[1], int) and shape[1] != channels):
            raise ModelError(f"The height model's input must be [N, {channels}, H, W], not "
                             f"{shape}.")
        self.provider = self.session.get_providers()[0]
        self._output_name = v2.OUTPUT_NAME
        self._input_name = v2.INPUT_NAME

    @property
    def stride(self):
        """Return the stride (pixels) of the network: tile sizes must be multiples of it."""
        return int(self.metadata["stride"])

    def run(self, batch):
        """Return the output [N, 2, H, W] float32 of an input batch [N, 3, H, W] float32."""
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        return self.session.run([self._output_name], {self._input_name: batch})[0]

    def describe(self):
        """Return one line for the log."""
        meta = self.metadata
        return (f"{meta['model_type']} {meta.get('version', '?')} (contract 2, residual on the "
                f"prior surface, {meta['input_kind']} input) on {self.provider}")


def open_height_model(path, threads=0, providers=None):
    """Return the height model at ``path``: a :class:`ResidualHeightModel` for contract 2, else v1.

    The contract is read from the file's metadata; a file that is no SAR Height model at all is
    refused by the v1 reader with its message.
    """
    from ..model_metadata import read_metadata_json

    session, _ = open_session(path, threads, providers, "height model")
    try:
        meta = read_metadata_json(session.get_modelmeta().custom_metadata_map, "height model")
    except ModelError:
        meta = {}
    del session
    if isinstance(meta, dict) and meta.get("contract") == 2:
        return ResidualHeightModel(path, threads, providers)
    return HeightModel(path, threads, providers)
