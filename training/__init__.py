"""Training-side tooling of SAR Height (torch): networks, data, training, ONNX export.

Not shipped in the plugin zip. Part of the development package ``sar_height`` (``make setup``
installs the repository root editable as that package), run e.g. as
``.venv/bin/python -m sar_height.training.export --checkpoint X.pt --out resources/models/X.onnx``.
Modules import the numpy-only science from the same package, e.g.
``sar_height.core.inference.build_inputs``, so that training and inference build the network
input identically (model contract v1, docs/height_model.md).
"""
