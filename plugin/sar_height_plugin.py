"""SAR Height plugin class: registers the Processing provider, a menu entry and a translator.

Works with ``iface=None`` (qgis_process calls ``classFactory(None)`` and then only
``initProcessing()``). Nothing heavy is imported here.
"""

import os

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMessageBox

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

    def show_about(self):
        """Show the About dialog: the plugin version and its tools."""
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
        QMessageBox.about(parent, self.tr("About SAR Height"), text)

    def unload(self):
        """Remove the menu entries, the Processing provider and the translator."""
        if self.iface is not None:
            for action in self.actions:
                self.iface.removePluginRasterMenu(self.menu, action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
