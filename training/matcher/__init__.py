"""The dense stereo matcher: simulated pairs (data, augment), the network, the loss, training and
ONNX export (docs/matcher_model.md).
"""
