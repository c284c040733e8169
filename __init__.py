"""SAR Height: QGIS plugin entry point.

QGIS imports this package and calls :func:`classFactory`. Keep this module
light: nothing heavy (numpy, scipy, onnxruntime, torch) is imported here.
"""

import sys


def _use_dependency_folder():
    """Append the plugin's folder of installed modules (onnxruntime) to Python's path in QGIS.

    The folder is ``<profile>/python/sar_height_deps/python3.X`` of the running QGIS profile,
    where the plugin's dependency dialog (or the command its messages give) installs onnxruntime;
    it is added only if it exists. Done when QGIS (desktop or qgis_process) imports the plugin,
    before any tool runs. Outside QGIS (tests, tooling: qgis.core not loaded) nothing happens;
    qgis is not imported here.
    """
    qgis_core = sys.modules.get("qgis.core")
    if qgis_core is None:
        return
    from .core.dependencies import add_folder, target_folder

    add_folder(target_folder(qgis_core.QgsApplication.qgisSettingsDirPath()))


_use_dependency_folder()


def classFactory(iface):
    """Return the plugin instance. ``iface`` is None under qgis_process."""
    from .plugin.sar_height_plugin import SarHeightPlugin

    return SarHeightPlugin(iface)
