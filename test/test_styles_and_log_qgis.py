"""Details a user sees: the styles of loaded outputs, the product picker, the log, the report.

Every tool runs through processing as the dialog runs it (runAndLoadResults: the outputs are
loaded into the project after postProcessAlgorithm) on the sample set (core.sample_set):

- estimate_height's heights get a terrain colour ramp over their 2-98 % range, the values
  stay heights (a hillshade of them works);
- backscatter is shown in dB: the reconstructed and the geocoded layers of one run share one
  range, the envelope of their 2-98 % cuts in dB, and the grey level is linear in dB;
- the product parameter takes a SAFE folder and a zip as they are, and its file filter hides
  GDAL's .aux.xml files;
- decimal spin boxes do not show '1000.000000'; compare_dem's statistics per class are an HTML
  table where the log takes one, else a sentence per class (QGIS 3.22's log cannot line up a
  text table); no bare 'x s.' line;
- compare_dem's HTML report is German in a German QGIS (the shipped translation).
"""
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

ROOT = Path(__file__).resolve().parent.parent
QM = ROOT / "i18n" / "sar_height_de.qm"
ALGORITHMS = ("simulate_sar", "sentinel1_backscatter", "reconstruct_layover", "estimate_height",
              "compare_dem", "stereo_radargrammetry", "point_target_height",
              "point_target_accuracy", "write_sample_data")


def recording(formatted=False):
    """A processing feedback that keeps its info lines, command lines and formatted messages.

    ``formatted``: it also takes formatted messages, as QGIS 3.36 and later do.
    """
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines, self.commands, self.formatted = [], [], []

        def pushInfo(self, info):  # noqa: N802 (QGIS API)
            self.lines.append(info)
            super().pushInfo(info)

        def pushCommandInfo(self, info):  # noqa: N802 (QGIS API)
            self.commands.append(info)
            super().pushCommandInfo(info)

    class FormattedFeedback(Feedback):
        def pushFormattedMessage(self, html, text):  # noqa: N802 (QGIS >= 3.36 API)
            self.formatted.append((html, text))

    return FormattedFeedback() if formatted else Feedback()


@pytest.fixture(scope="module")
def sample(qgis_processing, tmp_path_factory):
    """The sample set, written once for this module."""
    from sar_height.core.sample_set import write_sample_set

    return write_sample_set(tmp_path_factory.mktemp("details") / "sample")


@pytest.fixture
def loaded(qgis_processing):
    """run(alg, params, feedback) -> {output key: the layer loaded in the project}.

    Runs as the dialog does (the outputs loaded after postProcessAlgorithm); the layers are
    removed from the project afterwards.
    """
    from qgis.core import QgsProject

    def run(algorithm_id, parameters, feedback=None):
        before = set(QgsProject.instance().mapLayers())
        results = qgis_processing.runAndLoadResults("sarheight:" + algorithm_id, parameters,
                                                    feedback=feedback)
        new = [layer for key, layer in QgsProject.instance().mapLayers().items()
               if key not in before]
        by_path = {os.path.realpath(layer.source()): layer for layer in new}
        return {key: by_path.get(os.path.realpath(str(value))) for key, value in results.items()
                if isinstance(value, str) and os.path.realpath(value) in by_path}

    yield run
    QgsProject.instance().removeAllMapLayers()


def read(path):
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None and np.isfinite(nodata):
        values[values == nodata] = np.nan
    return values


def grey(shader, value):
    """The red channel (= grey) that a colour-ramp shader gives ``value``."""
    ok, red, _green, _blue, _alpha = shader.shade(value)
    assert ok
    return red


# -- styles -----------------------------------------------------------------------------------
def test_estimated_heights_get_a_terrain_style_over_their_range(sample, loaded, tmp_path,
                                                                qgis_processing):
    path = tmp_path / "heights.tif"
    layers = loaded("estimate_height", {"SAR": sample.files["sigma0"],
                                        "PRIOR_DEM": sample.files["coarse_dem"],
                                        "OUTPUT": str(path)})
    renderer = layers["OUTPUT"].renderer()
    assert renderer.type() == "singlebandpseudocolor"
    heights = read(path)
    valid = heights[np.isfinite(heights)]
    assert 1000 < valid.min() < valid.max() < 5000  # still heights in metres
    low, high = np.quantile(valid, [0.02, 0.98])  # 300 x 300: the sample is the whole raster
    assert renderer.classificationMin() == pytest.approx(low, abs=1e-3)
    assert renderer.classificationMax() == pytest.approx(high, abs=1e-3)
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert [item.value for item in items] == sorted(item.value for item in items)
    assert items[0].value == pytest.approx(low, abs=1e-3)
    assert items[-1].value == pytest.approx(high, abs=1e-3)
    assert items[0].color.name() == "#2b6b3f" and items[-1].color.name() == "#ffffff"
    assert renderer.shader().rasterShaderFunction().legendSettings().suffix() == " m"
    # the values hillshade as a DEM does
    shade = qgis_processing.run("native:hillshade", {
        "INPUT": str(path), "Z_FACTOR": 1.0, "AZIMUTH": 300.0, "V_ANGLE": 40.0,
        "OUTPUT": str(tmp_path / "hillshade.tif")})["OUTPUT"]
    relief = read(shade)[2:-2, 2:-2]
    assert np.isfinite(relief).mean() > 0.99 and np.nanstd(relief) > 10


@pytest.mark.parametrize("units", [0, 1], ids=["linear", "dB"])
def test_reconstructed_and_geocoded_share_one_stretch_in_db(sample, loaded, tmp_path, units):
    from qgis.core import QgsRasterMinMaxOrigin

    paths = {"OUTPUT": tmp_path / "reconstructed.tif",
             "OUTPUT_GEOCODED": tmp_path / "geocoded.tif"}
    feedback = recording()
    layers = loaded("reconstruct_layover", dict(
        sample.inputs("reconstruct_layover"), OUTPUT_UNITS=units,
        **{key: str(path) for key, path in paths.items()}), feedback)
    renderers = [layers[key].renderer() for key in paths]
    assert {renderer.type() for renderer in renderers} == {"singlebandpseudocolor"}
    assert renderers[0].classificationMin() == renderers[1].classificationMin()
    assert renderers[0].classificationMax() == renderers[1].classificationMax()
    # the envelope of each raster's 2-98 % cut in dB (each is the whole raster: 300 x 300)
    cuts = []
    for path in paths.values():
        values = read(path)
        values = values[np.isfinite(values)]
        in_db = values if units else 10 * np.log10(values[values > 0])
        cuts.append(np.quantile(in_db, [0.02, 0.98]))
    low, high = min(c[0] for c in cuts), max(c[1] for c in cuts)
    assert cuts[0][0] != cuts[1][0] or cuts[0][1] != cuts[1][1]  # two ranges, one shared
    value = (lambda db: db) if units else (lambda db: 10 ** (db / 10))
    assert renderers[0].classificationMin() == pytest.approx(value(low), rel=1e-4)
    assert renderers[0].classificationMax() == pytest.approx(value(high), rel=1e-4)
    for renderer in renderers:
        shader = renderer.shader().rasterShaderFunction()
        assert renderer.minMaxOrigin().limits() == QgsRasterMinMaxOrigin.None_
        assert all(item.label.endswith(" dB") for item in shader.colorRampItemList())
        assert shader.legendSettings().minimumLabel() == shader.colorRampItemList()[0].label
        for db in np.linspace(low, high, 101):  # grey is linear in dB (see the next test)
            assert abs(grey(shader, value(db)) - 255 * (db - low) / (high - low)) <= 2.4
    assert any(line.startswith("Reconstruction took ") for line in feedback.lines)
    assert not [line for line in feedback.lines if re.fullmatch(r"[\d.]+ s\.", line)]


def test_db_display_is_linear_in_db_to_a_third_of_a_grey_level(qgis_app, tmp_path):
    """The 33 stops place every value of 40 dB of intensities where exact dB would (0.3 levels).

    Within 0.12 % of the range. What QGIS shows is also truncated to whole grey levels twice
    (the stop colours of the gradient, the interpolated colour): up to 2 levels more, 2.3 in
    all. A plain linear stretch (two stops) is off by more than 150 levels.
    """
    from qgis.core import QgsColorRampShader, QgsRasterLayer

    from sar_height.processing_provider.base import apply_style

    rng = np.random.default_rng(4)
    decibels = rng.uniform(-35.0, 5.0, (200, 200))
    path = tmp_path / "sigma0.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 200, 200, 1, gdal.GDT_Float32)
    dataset.GetRasterBand(1).WriteArray((10 ** (decibels / 10)).astype(np.float32))
    dataset = None
    layer = QgsRasterLayer(str(path), "sigma0")
    assert apply_style(layer, "sar_backscatter")
    shader = layer.renderer().shader().rasterShaderFunction()
    low, high = np.quantile(decibels, [0.02, 0.98])
    assert 10 * np.log10(layer.renderer().classificationMin()) == pytest.approx(low, abs=1e-3)
    grid = np.linspace(low, high, 2001)
    exact = (grid - low) / (high - low)
    items = shader.colorRampItemList()
    stops = np.array([item.value for item in items])
    placed = np.interp(10 ** (grid / 10), stops, np.linspace(0.0, 1.0, len(stops)))
    assert len(items) == 33 and np.abs(placed - exact).max() < 0.0012
    shown = np.array([grey(shader, 10 ** (db / 10)) for db in grid])
    assert np.abs(shown - 255 * exact).max() <= 2.3
    plain = QgsColorRampShader(shader)
    plain.setColorRampItemList([shader.colorRampItemList()[0], shader.colorRampItemList()[-1]])
    assert max(abs(grey(plain, 10 ** (db / 10)) - e) for db, e in zip(grid, 255 * exact)) > 150


# -- the product picker ------------------------------------------------------------------------
def test_product_filter_offers_products_not_aux_xml(qgis_processing):
    from qgis.core import QgsApplication, QgsFileUtils

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(
        "sarheight:simulate_sar")
    definition = algorithm.parameterDefinition("GEOMETRY")
    assert ".SAFE folder" in definition.description()
    products = definition.fileFilter().split(";;")[0]
    for name in ("manifest.safe", "S1A_IW_GRDH_1SDV_X.zip", "stereo_reference.json",
                 "s1b-iw-grd-vv-20210401t052623-001.xml",
                 "TSX1_SAR__SSC______ST_S_SRA_20200101T000000_20200101T000001.xml"):
        assert QgsFileUtils.fileMatchesFilter(name, products), name
    for name in ("dem.tif.aux.xml", "calibration-s1b-iw-grd-vv-001.xml", "GEOREF.xml"):
        assert not QgsFileUtils.fileMatchesFilter(name, products), name
    point_target = QgsApplication.processingRegistry().createAlgorithmById(
        "sarheight:point_target_height")
    slc = point_target.parameterDefinition("SLC").fileFilter().split(";;")[0]
    for name in ("TSX1_SAR__SSC______ST_S_SRA_20140601T045959_20140601T050000.xml", "slc.tif"):
        assert QgsFileUtils.fileMatchesFilter(name, slc), name
    assert not QgsFileUtils.fileMatchesFilter("slc.tif.aux.xml", slc)


@pytest.mark.slow
def test_product_is_taken_as_safe_folder_or_zip(sample, loaded, tmp_path):
    """simulate_sar gives the same mask from the manifest, the SAFE folder and its zip.

    Its simulated backscatter is shown in dB too.
    """
    manifest = Path(sample.files["s1_product"])
    safe = manifest.parent
    archive = shutil.make_archive(str(tmp_path / safe.stem), "zip", safe.parent, safe.name)
    masks = []
    for number, product in enumerate((manifest, safe, Path(archive))):
        feedback = recording()
        output = tmp_path / "mask{0}.tif".format(number)
        layers = loaded("simulate_sar", {
            "DEM": sample.files["dem"], "GEOMETRY": str(product), "OUTPUT_MASK": str(output),
            "OUTPUT_SIMULATED": str(tmp_path / "simulated{0}.tif".format(number))}, feedback)
        masks.append(read(output))
        assert any(line.startswith("Simulation took ") for line in feedback.lines)
        shader = layers["OUTPUT_SIMULATED"].renderer().shader().rasterShaderFunction()
        assert shader.colorRampItemList()[-1].label.endswith(" dB")
    assert np.array_equal(masks[0], masks[1], equal_nan=True)
    assert np.array_equal(masks[0], masks[2], equal_nan=True)
    assert np.isfinite(masks[0]).all()


# -- numbers and the log -----------------------------------------------------------------------
def test_decimal_parameters_show_sensible_decimals(qgis_processing, qgis_iface, monkeypatch):
    """No spin box shows QGIS's default six decimals; the prior spacing shows '1000'."""
    from processing.gui import ParametersPanel
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication, QgsProcessingParameterNumber
    from qgis.gui import QgsDoubleSpinBox

    monkeypatch.setattr(ParametersPanel, "iface", None)  # pytest-qgis's iface has no browserModel
    checked = 0
    for algorithm_id in ALGORITHMS:
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(
            "sarheight:" + algorithm_id)
        dialog = AlgorithmDialog(algorithm, False, None)
        try:
            for key, wrapper in dialog.mainWidget().wrappers.items():
                definition = algorithm.parameterDefinition(key)
                if not (isinstance(definition, QgsProcessingParameterNumber) and
                        definition.dataType() == QgsProcessingParameterNumber.Double):
                    continue
                decimals = definition.metadata()["widget_wrapper"]["decimals"]
                widget = wrapper.wrappedWidget()
                boxes = ([widget] if isinstance(widget, QgsDoubleSpinBox)
                         else widget.findChildren(QgsDoubleSpinBox))
                assert len(boxes) == 1 and boxes[0].decimals() == decimals < 6, key
                assert not re.search(r"[.,]\d{6}$", boxes[0].text()), (key, boxes[0].text())
                if key == "PRIOR_SPACING":
                    assert boxes[0].text() == "0"  # the default: every DEM cell
                checked += 1
        finally:
            dialog.deleteLater()
    assert checked >= 20


def test_compare_dem_table_reads_in_the_log(sample, qgis_processing, qgis_app):
    """Log compare_dem's statistics per class as an HTML table, else one sentence per class.

    QGIS 3.22's log takes no HTML (pushInfo, pushCommandInfo... are escaped), collapses runs of
    spaces (figure spaces too: only no-break spaces stay) and shows a proportional font, so a
    text table cannot line up there (see the check of the old table below). QGIS 3.36 and
    later take formatted messages.
    """
    from qgis.PyQt.QtGui import QFontMetricsF
    from qgis.PyQt.QtWidgets import QTextEdit

    parameters = dict(sample.inputs("compare_dem"), OUTPUT_ERROR="TEMPORARY_OUTPUT")
    feedback = recording()
    qgis_processing.run("sarheight:compare_dem", parameters, feedback=feedback)
    sentences = [line for line in feedback.lines if "RMSE" in line and "NMAD" in line
                 and not line.startswith("Results")]
    assert [line.split(":")[0] for line in sentences] == ["all", "clear", "layover", "shadow"]
    pattern = (r"\w+: \d+ cells, coverage [\d.]+ %, bias -?[\d.]+ m, RMSE [\d.]+ m, "
               r"MAE [\d.]+ m, NMAD [\d.]+ m; within ±1/2/5/10/20 m: ([\d.]+/){4}[\d.]+ %\.")
    assert all(re.fullmatch(pattern, line) for line in sentences), sentences
    assert not feedback.commands

    # why: the old table, padded with no-break spaces (what survives), in the log's font
    old = ["class    cells  RMSE m", "all      90000   3.597", "shadow      96   6.794"]
    metrics = QFontMetricsF(QTextEdit().font())
    ends = {metrics.horizontalAdvance(line.replace(" ", "\u00a0")) for line in old}
    assert max(ends) - min(ends) > 1  # pixels: the columns do not end together

    feedback = recording(formatted=True)
    qgis_processing.run("sarheight:compare_dem", parameters, feedback=feedback)
    (html, text), = feedback.formatted
    rows = ET.fromstring(html).findall("tr")
    assert len(rows) == 5 and [len(row) for row in rows] == [12] * 5
    assert rows[0][3].text == "bias m" and rows[3][0].text == "layover"
    assert rows[2][4].text == sentences[1].split("RMSE ")[1].split(" m")[0]
    assert text.splitlines() == sentences


# -- the report in the user's language ---------------------------------------------------------
@pytest.fixture
def german(qgis_app):
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    settings = QgsSettings()
    previous = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "de_DE")
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)
    settings.setValue("locale/userLocale", previous)


def test_report_is_german_in_german_qgis(sample, qgis_processing, german, tmp_path):
    from sar_height.core.evaluation import LABELS

    report = tmp_path / "bericht.html"
    qgis_processing.run("sarheight:compare_dem", dict(
        sample.inputs("compare_dem"), OUTPUT_REPORT=str(report)))
    text = report.read_text(encoding="utf-8")
    assert '<html lang="de">' in text
    for german_text in ("DHM-Bewertung", "Zellen je Balken", "Fehler (m)", ">alle<",
                        ">Schatten<", "Innerhalb ±5 m", "Je Maskenklasse", ">Referenz<"):
        assert german_text in text, german_text
    for key in ("heading", "per_class", "axis_cells", "axis_error", "method_coverage",
                "histogram_note", "class_all", "reference"):
        assert ">{0}<".format(LABELS[key]) not in text, key


def test_report_is_english_in_english_qgis(sample, qgis_processing, tmp_path):
    from sar_height.core.evaluation import LABELS

    report = tmp_path / "report.html"
    qgis_processing.run("sarheight:compare_dem", dict(
        sample.inputs("compare_dem"), OUTPUT_REPORT=str(report)))
    text = report.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and ">{0}<".format(LABELS["axis_cells"]) in text
