"""Height model training: data, networks, loss, training, ONNX export and the ablation.

Scenes and patches (data), ASK-UNet and U-Net (blocks, networks), the loss, training, ONNX
export and the ablation; see docs/height_training.md and docs/height_model.md.
"""
