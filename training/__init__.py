"""Training-side tooling of SAR Height (torch): networks, data, training, ONNX export.

Not shipped in the plugin zip. Run from the repository root, e.g.
``.venv/bin/python -m training.export --checkpoint X.pt --out resources/models/NAME.onnx``.
Modules import the numpy-only science as the top-level package ``core`` (the repository
root is on sys.path when run with ``-m`` from there), e.g. ``core.inference.build_inputs``
so that training and inference build the network input identically (model contract v1,
docs/height_model.md).
"""
