"""What the height model's and the matcher's training share, written once.

- ``loop``: the step loop over a step or time budget with evenly spaced validations, the best
  validation state, the learning-rate setter, the hardware record.
- ``checkpoints``: atomic ``torch.save``, loading on the CPU with a check of the keys, the record
  of the run a ``--init`` continuation starts from.
- ``onnx_export``: ONNX export under a temporary name, verified against torch eager, with the
  metadata stored as ``metadata_props["sar_height"]``; the weights' SHA-256; the exporters'
  command line.
"""
