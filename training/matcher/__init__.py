"""Train and export the dense stereo matcher (docs/matcher_model.md).

Simulated pairs (data, augment), the network, the loss, training and ONNX export.
"""
