"""SAR Height: QGIS plugin entry point.

QGIS imports this package and calls :func:`classFactory`. Keep this module
light: nothing heavy (numpy, scipy, onnxruntime, torch) is imported here.
"""


def classFactory(iface):
    """Return the plugin instance. ``iface`` is None under qgis_process."""
    from .plugin.sar_height_plugin import SarHeightPlugin

    return SarHeightPlugin(iface)
