"""The height model: scenes and patches (data), ASK-UNet and U-Net (blocks, networks), the loss,
training, ONNX export and the ablation (docs/height_training.md, docs/height_model.md).
"""
