"""SAR Height plugin class: registers the Processing provider, a menu entry and a translator.

Works with ``iface=None`` (qgis_process calls ``classFactory(None)`` and then only
``initProcessing()``). Nothing heavy is imported here.
"""

import os

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..processing_provider.provider import SarHeightProvider

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icons", "sarheight.svg")
MENU_NAME = "SAR Height"  # menu titles are translated in initGui


def plugin_version():
    """Version string from metadata.txt ('' if unreadable)."""
    try:
        with open(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("version="):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""


def translation_file(locale=None):
    """Path of the compiled translation for ``locale`` (default: user locale), or None."""
    if locale is None:
        locale = QgsSettings().value("locale/userLocale", "") or ""
    lang = str(locale)[0:2]
    if not lang:
        return None
    path = os.path.join(PLUGIN_DIR, "i18n", "sar_height_{}.qm".format(lang))
    return path if os.path.exists(path) else None


class SarHeightPlugin:
    """QGIS plugin object returned by ``classFactory``."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        self.menu = None
        self.translator = None
        self.install_offer = None  # the first-use offer of onnxruntime (QGIS window only)
        self._install_translator()

    def tr(self, message):
        """Translate ``message`` in the context "SarHeightPlugin"."""
        return QCoreApplication.translate("SarHeightPlugin", message)

    # -- translation -----------------------------------------------------------------------
    def _install_translator(self):
        path = translation_file()
        if path is None:
            return
        translator = QTranslator()
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
            self.translator = translator

    # -- processing --------------------------------------------------------------------------
    def initProcessing(self):
        """Register the SAR Height Processing provider once (qgis_process calls only this).

        If QGIS refuses it (e.g. a provider with this id exists already), ``provider`` stays None.
        """
        if self.provider is None:
            provider = SarHeightProvider()
            # On failure (e.g. a provider with this id exists already) QGIS deletes it.
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider

    # -- GUI ---------------------------------------------------------------------------------
    def initGui(self):
        """Register the provider and, with a QGIS window, add the About entry to the Raster menu."""
        self.initProcessing()
        if self.iface is None:
            return
        self.menu = self.tr("SAR Height")
        action = QAction(QIcon(ICON_PATH), self.tr("About SAR Height…"), self.iface.mainWindow())
        action.triggered.connect(self.show_about)
        self.iface.addPluginToRasterMenu(self.menu, action)
        self.actions.append(action)
        action = QAction(QIcon(os.path.join(PLUGIN_DIR, "resources", "icons",
                                            "write_sample_data.svg")),
                         self.tr("Write sample data…"), self.iface.mainWindow())
        action.triggered.connect(self.write_sample_data)
        self.iface.addPluginToRasterMenu(self.menu, action)
        self.actions.append(action)
        self._init_dependency_installer()

    def write_sample_data(self):
        """Open the dialog of sarheight:write_sample_data, its folder proposed in the home folder.

        The dialog writes the sample set and opens its map layers (see README, "Try every tool").
        """
        import processing
        from qgis.PyQt.QtCore import QDir

        folder = os.path.join(QDir.homePath(), self.tr("SAR Height sample data"))
        processing.execAlgorithmDialog("sarheight:write_sample_data", {"OUTPUT_FOLDER": folder})

    def _init_dependency_installer(self):
        """Add 'Install onnxruntime…' to the menu; offer it when a tool first misses it."""
        from ..processing_provider.common import set_install_offer
        from .dependency_dialog import InstallOffer

        action = QAction(QIcon(ICON_PATH), self.tr("Install onnxruntime…"),
                         self.iface.mainWindow())
        action.triggered.connect(self.show_dependency_dialog)
        self.iface.addPluginToRasterMenu(self.menu, action)
        self.actions.append(action)
        self.install_offer = InstallOffer(self.iface.mainWindow)
        set_install_offer(self.install_offer)

    def show_dependency_dialog(self):
        """Show the dialog that installs onnxruntime into the plugin's folder of the profile."""
        from .dependency_dialog import show_dependency_dialog

        show_dependency_dialog(self.iface.mainWindow() if self.iface is not None else None)

    def show_about(self):
        """Show the About dialog: the plugin version, its tools and the Python modules it uses."""
        parent = self.iface.mainWindow() if self.iface is not None else None
        text = self.tr(
            "<h3>SAR Height {version}</h3>"
            "<p>Height and terrain tools for synthetic aperture radar images, available in the "
            "Processing Toolbox under <i>SAR Height</i>:</p>"
            "<ul><li>layover backscatter reconstruction</li>"
            "<li>single-image height estimation (ASK-UNet)</li>"
            "<li>stereo radargrammetry</li>"
            "<li>point-target absolute height</li></ul>"
            "<p>Licence: GNU GPL version 2 or later.</p>"
        ).format(version=plugin_version())
        from ..core.dependencies import target_folder
        from .about import about_box

        box, install = about_box(parent, self.tr("About SAR Height"), text,
                                 target_folder(QgsApplication.qgisSettingsDirPath()),
                                 QIcon(ICON_PATH))
        box.exec()
        if install is not None and box.clickedButton() is install:
            self.show_dependency_dialog()

    def unload(self):
        """Remove the menu entries, the Processing provider and the translator."""
        if self.iface is not None:
            for action in self.actions:
                self.iface.removePluginRasterMenu(self.menu, action)
        self.actions = []
        if self.install_offer is not None:
            from ..processing_provider.common import set_install_offer

            set_install_offer(None)
            self.install_offer = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
