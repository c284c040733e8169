"""The About dialog's Python modules: numpy, scipy, GDAL, onnxruntime, each version or missing.

Built as a QMessageBox that the plugin shows; with onnxruntime missing it has a button that opens
the dependency dialog.
"""

import html
import platform

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import QMessageBox

from ..core import dependencies

translate = QCoreApplication.translate  # pylupdate5 files translate("SarHeightAbout", "...")


def _state(row):
    """Return the HTML cell text of one module row: version, or missing (and why)."""
    if row["version"] and row["in_folder"]:
        return html.escape(translate("SarHeightAbout", "{0} (installed by SAR Height)").format(
            row["version"]))
    if row["version"]:
        return html.escape(row["version"])
    if row["error"]:
        text = translate("SarHeightAbout", "missing (does not load: {0})").format(row["error"])
    else:
        text = translate("SarHeightAbout", "missing")
    return "<b>{0}</b>".format(html.escape(text))


def modules_html(rows):
    """Return the HTML table of ``rows`` (core.dependencies.module_versions) for the About box."""
    lines = ["<h4>{0}</h4><table>".format(html.escape(translate("SarHeightAbout",
                                                                "Python modules"))),
             "<tr><td>Python&nbsp;&nbsp;</td><td>{0}</td></tr>".format(
                 html.escape(platform.python_version()))]
    for row in rows:
        lines.append("<tr><td>{0}&nbsp;&nbsp;</td><td>{1}</td></tr>".format(
            html.escape(row["name"]), _state(row)))
    lines.append("</table>")
    if not onnxruntime_found(rows):
        lines.append("<p>{0}</p>".format(html.escape(translate(
            "SarHeightAbout",
            "Height estimation and the deep stereo matcher need onnxruntime: install it with "
            "the button below (or from the menu: Raster > SAR Height)."))))
    return "".join(lines)


def onnxruntime_found(rows):
    """Return True when ``rows`` list onnxruntime with a version."""
    return any(row["name"] == dependencies.MODULE and row["version"] for row in rows)


def about_box(parent, title, text, folder, icon=None):
    """Return (QMessageBox, install button or None): ``text`` and the module table below it.

    ``folder``: the plugin's dependency folder (modules from it are marked); ``icon``: a QIcon
    for the box. The install button is there only while onnxruntime is missing.
    """
    rows = dependencies.module_versions(folder=folder)
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    if icon is not None:
        box.setIconPixmap(icon.pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text + modules_html(rows))
    box.addButton(QMessageBox.StandardButton.Close)
    install = None
    if not onnxruntime_found(rows):
        install = box.addButton(translate("SarHeightAbout", "Install onnxruntime…"),
                                QMessageBox.ButtonRole.ActionRole)
    return box, install
