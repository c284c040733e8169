"""Plugin scaffold: metadata, lifecycle, light imports, styles, icons, zip, qgis_process, i18n."""

import configparser
import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from unittest import mock

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterRasterDestination,
    QgsProject,
    QgsRasterLayer,
    QgsSettings,
)
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtSvg import QSvgRenderer

# Imports qgis at the top: the whole module needs QGIS (not collected with -p no:pytest_qgis)
pytestmark = pytest.mark.qgis

PROVIDER_ID = "sarheight"
REQUIRED_METADATA = [
    "name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
    "repository", "tracker", "homepage", "hasProcessingProvider", "category", "tags", "icon",
    "experimental", "changelog",
]
STYLE_RENDERERS = {
    "layover_shadow_mask": "paletted",
    "sar_backscatter": "singlebandpseudocolor",
    "height_terrain": "singlebandpseudocolor",
    "height_uncertainty": "singlebandpseudocolor",
    "local_incidence": "singlebandpseudocolor",
    "radar_lookup": "singlebandgray",
    "dem_error": "singlebandpseudocolor",
    "mixing_count": "singlebandpseudocolor",
    "stereo_height": "singlebandgray",
    "stereo_confidence": "singlebandpseudocolor",
    "stereo_count": "singlebandpseudocolor",
}
VECTOR_STYLE_RENDERERS = {"point_target_height": "singleSymbol"}
# the algorithms the provider registers (provider.ALGORITHM_MODULES)
ALGORITHMS = [
    "simulate_sar", "sentinel1_backscatter", "reconstruct_layover", "compare_dem",
    "estimate_height", "stereo_radargrammetry", "point_target_height", "point_target_accuracy",
    "write_sample_data",
]
ICONS = [
    "sarheight", "simulate_sar", "sentinel1_backscatter", "reconstruct_layover", "compare_dem",
    "estimate_height", "stereo_radargrammetry", "point_target_height", "point_target_accuracy",
    "write_sample_data",
]


def read_metadata(plugin_dir):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(plugin_dir / "metadata.txt", encoding="utf-8")
    return parser["general"]


def write_raster(path, array, nodata=None):
    from osgeo import gdal, osr

    rows, cols = array.shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((500000.0, 10.0, 0.0, 5000000.0, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    dataset = None
    return path


@pytest.fixture
def provider_slot(qgis_app):
    """Free the 'sarheight' provider id for a test and restore a provider afterwards."""
    from sar_height.processing_provider.provider import SarHeightProvider

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById(PROVIDER_ID)
    if existing is not None:
        registry.removeProvider(existing)
    yield registry
    if existing is not None and registry.providerById(PROVIDER_ID) is None:
        registry.addProvider(SarHeightProvider())


# -- metadata ---------------------------------------------------------------------------------
def test_metadata_has_required_keys(plugin_dir):
    meta = read_metadata(plugin_dir)
    missing = [key for key in REQUIRED_METADATA if not meta.get(key, "").strip()]
    assert not missing
    assert meta["name"] == "SAR Height"
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["hasProcessingProvider"] == "yes"
    assert (plugin_dir / meta["icon"]).is_file()
    assert meta["version"] in meta["changelog"]


# -- lifecycle ----------------------------------------------------------------------------------
def test_class_factory_without_iface_registers_provider(provider_slot):
    import sar_height

    plugin = sar_height.classFactory(None)
    plugin.initProcessing()
    provider = provider_slot.providerById(PROVIDER_ID)
    assert provider is not None
    assert provider.name() == "SAR Height"
    plugin.initGui()  # must tolerate iface=None
    plugin.unload()
    assert provider_slot.providerById(PROVIDER_ID) is None


def test_init_gui_with_iface_adds_and_removes_menu(provider_slot):
    import sar_height

    iface = mock.MagicMock()
    iface.mainWindow.return_value = None
    plugin = sar_height.classFactory(iface)
    plugin.initGui()
    entries = [call.args[1].text() for call in iface.addPluginToRasterMenu.call_args_list]
    assert iface.addPluginToRasterMenu.call_count == len(plugin.actions) >= 3
    assert any("Install onnxruntime" in text for text in entries)
    assert any("sample data" in text for text in entries)
    assert provider_slot.providerById(PROVIDER_ID) is not None
    plugin.unload()
    assert iface.removePluginRasterMenu.call_count == len(entries)
    assert provider_slot.providerById(PROVIDER_ID) is None


def test_plugin_load_imports_nothing_heavy():
    """Loading the plugin (as qgis_process does) must not import scipy/onnxruntime/torch."""
    script = "\n".join([
        "import json, sys",
        "from qgis.core import QgsApplication",
        "app = QgsApplication([], False)",
        "app.initQgis()",
        "import sar_height",
        "plugin = sar_height.classFactory(None)",
        "plugin.initProcessing()",
        "heavy = ('scipy', 'onnxruntime', 'torch', 'onnx')",
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))",
        "plugin.unload()",
    ])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], "imported at plugin load: {}".format(loaded)


def test_provider_registers_every_algorithm(qgis_processing):
    from sar_height.processing_provider.provider import ALGORITHM_MODULES

    provider = QgsApplication.processingRegistry().providerById(PROVIDER_ID)
    assert sorted(a.name() for a in provider.algorithms()) == sorted(ALGORITHMS)
    assert len(ALGORITHM_MODULES) == len(ALGORITHMS)
    assert set(ALGORITHMS) <= set(ICONS)


def test_algorithms_have_icons_and_help(qgis_processing, plugin_dir):
    provider = QgsApplication.processingRegistry().providerById(PROVIDER_ID)
    assert provider is not None
    for algorithm in provider.algorithms():
        assert algorithm.name() == algorithm.name().lower()
        icon = plugin_dir / "resources" / "icons" / (algorithm.name() + ".svg")
        assert icon.is_file(), icon
        assert algorithm.shortHelpString(), algorithm.id()
        assert algorithm.group() and algorithm.groupId(), algorithm.id()


# -- base helpers -------------------------------------------------------------------------------
def test_make_progress_and_require():
    from sar_height.processing_provider.base import make_progress, require

    feedback = QgsProcessingFeedback()
    progress = make_progress(feedback, 20, 60)
    assert progress(0.5) is True
    assert feedback.progress() == pytest.approx(40)
    feedback.cancel()
    assert progress(1.0) is False
    assert feedback.progress() == pytest.approx(60)
    assert make_progress(None)(0.3) is True
    require(True, "fine")
    with pytest.raises(QgsProcessingException, match="broken"):
        require(False, "broken")


def _styled_output_algorithm():
    from sar_height.processing_provider.base import SarHeightAlgorithm, style_output

    class StyledOutputTestAlgorithm(SarHeightAlgorithm):
        algorithm_id = "styled_output_test"
        display_name = "Styled output test"
        group_id = "simulation"
        help_html = "<p>Test only.</p>"

        def initAlgorithm(self, config=None):
            self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", "Mask"))

        def processAlgorithm(self, parameters, context, feedback):
            import numpy as np

            self.output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
            write_raster(self.output, (np.arange(64).reshape(8, 8) % 4).astype("float32"))
            return {"OUTPUT": self.output}

        def postProcessAlgorithm(self, context, feedback):
            self.styled = style_output(context, self.output, "layover_shadow_mask")
            return {"OUTPUT": self.output}

    return StyledOutputTestAlgorithm()


def test_style_output_styles_the_loaded_layer(qgis_processing, tmp_path):
    algorithm = _styled_output_algorithm().create()  # create() also runs initAlgorithm()
    assert algorithm.name() == "styled_output_test"
    assert algorithm.svgIconPath().endswith("sarheight.svg")  # no own icon: provider's
    output = str(tmp_path / "mask.tif")
    qgis_processing.runAndLoadResults(algorithm, {"OUTPUT": output})
    layers = [layer for layer in QgsProject.instance().mapLayers().values()
              if layer.source() == output]
    assert len(layers) == 1
    assert layers[0].renderer().type() == "paletted"
    QgsProject.instance().removeMapLayer(layers[0].id())


# -- resources ----------------------------------------------------------------------------------
@pytest.mark.parametrize("qml_name", sorted(STYLE_RENDERERS))
def test_style_loads_on_raster(qml_name, plugin_dir, tmp_path, qgis_app):
    import numpy as np

    from sar_height.processing_provider.base import apply_style, style_path

    assert sorted(p.stem for p in (plugin_dir / "resources" / "styles").glob("*.qml")) == sorted(
        {**STYLE_RENDERERS, **VECTOR_STYLE_RENDERERS})
    data = (np.arange(400, dtype="float32").reshape(20, 20) / 400.0) * 90.0
    path = write_raster(tmp_path / "r.tif", data, nodata=-9999)
    layer = QgsRasterLayer(str(path), "r")
    assert layer.isValid()
    message, ok = layer.loadNamedStyle(style_path(qml_name))
    assert ok, message
    assert layer.renderer().type() == STYLE_RENDERERS[qml_name]
    assert apply_style(layer, qml_name)
    if STYLE_RENDERERS[qml_name] == "singlebandgray":
        enhancement = layer.renderer().contrastEnhancement()
        # recomputed from this raster, not the placeholder stored in the QML
        assert 0.0 <= enhancement.minimumValue() < enhancement.maximumValue() <= 90.0
        assert enhancement.maximumValue() > 50.0


@pytest.mark.parametrize("qml_name", sorted(VECTOR_STYLE_RENDERERS))
def test_style_loads_on_points(qml_name, qgis_app):
    from qgis.core import QgsVectorLayer

    from sar_height.processing_provider.base import apply_style

    layer = QgsVectorLayer("PointZ?crs=EPSG:4979&field=height_m:double&field=height_std_m:double",
                           "points", "memory")
    assert apply_style(layer, qml_name)
    assert layer.renderer().type() == VECTOR_STYLE_RENDERERS[qml_name]
    assert layer.labelsEnabled()


def test_mask_style_classes(plugin_dir, tmp_path, qgis_app):
    import numpy as np

    from sar_height.processing_provider.base import style_path

    layer = QgsRasterLayer(str(write_raster(tmp_path / "m.tif", np.zeros((4, 4), "float32"))),
                           "m")
    assert layer.loadNamedStyle(style_path("layover_shadow_mask"))[1]
    classes = {int(c.value): c.label for c in layer.renderer().classes()}
    assert classes == {0: "clear", 1: "layover", 2: "shadow", 3: "layover + shadow"}


@pytest.mark.parametrize("name", ICONS)
def test_icons_are_valid_svg(name, plugin_dir, qgis_app):
    path = plugin_dir / "resources" / "icons" / (name + ".svg")
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), path
    assert renderer.viewBox().width() == 24 and renderer.viewBox().height() == 24


# -- packaging ----------------------------------------------------------------------------------
def test_zip_has_one_plugin_folder(plugin_dir, tmp_path):
    result = subprocess.run(
        [sys.executable, str(plugin_dir / "scripts" / "build_zip.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    version = read_metadata(plugin_dir)["version"]
    zip_path = tmp_path / "sar_height-{}.zip".format(version)
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {"sar_height"}
    for required in ["metadata.txt", "__init__.py", "LICENSE", "README.md",
                     "plugin/sar_height_plugin.py", "processing_provider/provider.py",
                     "resources/icons/sarheight.svg", "i18n/sar_height_de.qm"]:
        assert "sar_height/" + required in names, required
    for name in names:
        parts = name.split("/")
        assert parts[1] not in ("test", "training", "scripts", "benchmarks", ".build",
                                ".venv", "dist"), name
        assert "__pycache__" not in parts and not name.endswith(".pyc"), name
        assert not parts[-1].startswith(".git"), name


# -- headless qgis_process ------------------------------------------------------------------------
@pytest.mark.slow
def test_qgis_process_lists_provider(qgis_process):
    result = subprocess.run(["qgis_process.bin", "--json", "list"], env=qgis_process.env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    providers = json.loads(result.stdout)["providers"]
    assert PROVIDER_ID in providers, result.stderr
    assert providers[PROVIDER_ID]["name"] == "SAR Height"
    assert providers[PROVIDER_ID]["is_active"]


# -- translations -------------------------------------------------------------------------------
def test_german_translation_loads(plugin_dir, qgis_app):
    translator = QTranslator()
    assert translator.load(str(plugin_dir / "i18n" / "sar_height_de.qm"))
    assert translator.translate("SarHeightAlgorithm", "Height from one SAR image") == \
        "Höhe aus einem SAR-Bild"
    assert translator.translate("SarHeightPlugin", "About SAR Height") == "Über SAR Height"


def test_plugin_installs_translator_for_user_locale(provider_slot):
    import sar_height
    from sar_height.processing_provider.base import SarHeightAlgorithm

    settings = QgsSettings()
    previous = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "de_DE")
    try:
        plugin = sar_height.classFactory(None)
        assert plugin.translator is not None
        algorithm = type("T", (SarHeightAlgorithm,), {"group_id": "height"})()
        assert algorithm.group() == "Höhe aus einem SAR-Bild"
        assert plugin.tr("About SAR Height") == "Über SAR Height"
        plugin.unload()
        assert plugin.translator is None
        assert QCoreApplication.translate("SarHeightPlugin", "About SAR Height") == \
            "About SAR Height"
    finally:
        settings.setValue("locale/userLocale", previous)


@pytest.mark.skipif(shutil.which("pylupdate5") is None, reason="pylupdate5 not installed")
def test_every_user_string_has_a_german_translation(plugin_dir, tmp_path):
    """pylupdate5 over the current code + i18n/translate_de.py must leave nothing untranslated.

    Fix a failure by adding the string to i18n/translate_de.py and running `make i18n`.
    """
    spec = importlib.util.spec_from_file_location("translate_de",
                                                  plugin_dir / "i18n" / "translate_de.py")
    translate_de = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(translate_de)
    ts = tmp_path / "check_de.ts"
    shutil.copy(plugin_dir / "i18n" / "sar_height_de.ts", ts)
    sources = sorted(str(p) for d in ("plugin", "processing_provider")
                     for p in (plugin_dir / d).glob("*.py"))
    result = subprocess.run(["pylupdate5", "-noobsolete", *sources, "-ts", str(ts)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert translate_de.fill(str(ts)) == []
