"""Training-side tooling of SAR Height (torch): networks, data, training, ONNX export.

- ``height/``: the height model (data, blocks and networks, loss, train, export, ablation).
- ``matcher/``: the dense stereo matcher (data, augment, network, loss, train, export).
- ``common/``: what both share, written once: the training loop with its best state,
  checkpointing (atomic save, ``--init`` continuation) and the verified ONNX export.
- ``regions.py``: the DEM regions both draw their training, validation and evaluation data
  from; ``checkpoints/`` the shipped models' training checkpoints; ``dems/`` the DEMs.

Not shipped in the plugin zip. Part of the development package ``sar_height`` (``make setup``
installs the repository root editable as that package), run e.g. as
``.venv/bin/python -m sar_height.training.height.export --checkpoint X.pt \
--out resources/models/X.onnx``.
Modules import the numpy-only science from the same package, e.g.
``sar_height.core.inference.build_inputs``, so that training and inference build the network
input identically (model contract v1, docs/height_model.md).
"""
