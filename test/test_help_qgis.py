"""Help where users look for it (issue 14 §3): the Toolbox, the dialog, the Help button.

Every algorithm has a one-sentence summary (the Toolbox tooltip), search words the Toolbox
finds it by, dialog help, and help for every parameter (its tooltip), in English and German,
read from resources/help/<language>/<id>.html; the help names parameters by their labels, never
by their ids; the Help button opens a page shipped with the plugin; the groups follow the
workflows and sort in their order.
"""

import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator, QUrl

from sar_height.core.inference.residual_raster import VERTICAL_REFERENCE_ITEM
from sar_height.core.products.look import METADATA_LOOK_DIRECTION

PROVIDER_ID = "sarheight"
ROOT = Path(__file__).resolve().parents[1]
HELP = ROOT / "resources" / "help"
# Acronyms that are also the ids of some parameters or results: they may appear in help as words.
ACRONYMS = {"DEM", "SAR", "SLC", "SCR", "RMSE", "MAE", "NMAD"}
# GeoTIFF metadata items the plugin writes: names a user reads in gdalinfo, not parameter ids
METADATA_ITEMS = {VERTICAL_REFERENCE_ITEM, METADATA_LOOK_DIRECTION}


@pytest.fixture
def provider(qgis_processing):
    return QgsApplication.processingRegistry().providerById(PROVIDER_ID)


@pytest.fixture
def algorithms(provider):
    """Fresh, initialised instances (help is applied in initAlgorithm: the user's language)."""
    created = []
    for algorithm in provider.algorithms():
        instance = algorithm.create()
        created.append(instance)
    return created


@pytest.fixture
def german():
    """The user's language German, with the plugin's compiled translation installed."""
    settings = QgsSettings()
    previous = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "de_DE")
    translator = QTranslator()
    assert translator.load(str(ROOT / "i18n" / "sar_height_de.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)
    settings.setValue("locale/userLocale", previous)


@pytest.fixture
def english():
    settings = QgsSettings()
    previous = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "en_US")
    yield
    settings.setValue("locale/userLocale", previous)


def _ids(algorithms):
    """Every parameter and output id of every algorithm, less the acronyms that are words."""
    ids = set()
    for algorithm in algorithms:
        ids |= {d.name() for d in algorithm.parameterDefinitions()}
        ids |= {o.name() for o in algorithm.outputDefinitions()}
    return ids - ACRONYMS


def _ids_named(text, ids):
    """Return the ids (or any UPPER_CASE_WITH_UNDERSCORES token) that ``text`` names."""
    plain = re.sub(r"<[^>]+>", " ", text)
    tokens = set(re.findall(r"\b[A-Z][A-Z0-9_]*\b", plain))
    return sorted(t for t in tokens - METADATA_ITEMS
                  if t in ids or re.fullmatch(r"[A-Z0-9]+(?:_[A-Z0-9]+)+", t))


def _help_texts(algorithm):
    texts = {"summary": algorithm.shortDescription(), "help": algorithm.shortHelpString(),
             "tags": ", ".join(algorithm.tags())}
    texts.update({d.name(): d.help() for d in algorithm.parameterDefinitions()})
    return texts


# -- every algorithm, every parameter -----------------------------------------------------------
def test_every_algorithm_and_parameter_has_help(algorithms, english):
    from sar_height.processing_provider.help import read_help

    assert len(algorithms) >= 7
    for algorithm in algorithms:
        name = algorithm.name()
        summary = algorithm.shortDescription()
        assert summary and summary.endswith(".") and len(summary) < 260, (name, summary)
        assert "<" not in summary, name  # the Toolbox tooltip: plain text
        assert algorithm.shortHelpString().startswith("<p>"), name
        assert len(algorithm.tags()) >= 8, name
        missing = [d.name() for d in algorithm.parameterDefinitions() if not d.help().strip()]
        assert not missing, (name, missing)
        # and the help file documents no parameter the algorithm does not have
        documented = list(read_help(name, "en").parameters)
        assert documented == [d.name() for d in algorithm.parameterDefinitions()], name


def test_parameter_help_is_the_tooltip(algorithms, english):
    """QGIS shows a parameter's help in the tooltip of its label in the dialog."""
    algorithm = next(a for a in algorithms if a.name() == "compare_dem")
    definition = algorithm.parameterDefinition("REFERENCE_VERTICAL_DATUM")
    assert definition.description() == "Reference DEM vertical datum"
    assert "reference DEM's heights" in definition.toolTip()


@pytest.mark.parametrize("language", ["en", "de"])
def test_help_names_labels_not_ids(language, algorithms, request):
    request.getfixturevalue("german" if language == "de" else "english")
    ids = _ids(algorithms)
    found = {}
    for algorithm in algorithms:
        fresh = algorithm.create()  # parameter help in this language
        for part, text in _help_texts(fresh).items():
            named = _ids_named(text, ids)
            if named:
                found["{}/{}".format(algorithm.name(), part)] = named
    assert not found


def test_id_check_can_fail(algorithms):
    ids = _ids(algorithms)
    assert _ids_named("<p>Give HEIGHT_MIN below the MATCHER's ...</p>", ids) == \
        ["HEIGHT_MIN", "MATCHER"]
    assert _ids_named("<p>A DEM, a SAR image and an SLC at 50 dB SCR (EPSG:4979).</p>",
                      ids) == []


def test_labels_of_issue_14(algorithms, english):
    labels = {(a.name(), d.name()): d.description() for a in algorithms
              for d in a.parameterDefinitions()}
    assert labels[("estimate_height", "PRIOR_DEM_VERTICAL_DATUM")] == "Prior DEM vertical datum"
    stereo_dem = labels[("stereo_radargrammetry", "DEM")]
    assert "optional" not in stereo_dem.lower()  # QGIS appends " [optional]" itself
    assert labels[("stereo_radargrammetry", "DEM_VERTICAL_DATUM")] == "Coarse DEM vertical datum"


# -- Toolbox: search and groups -----------------------------------------------------------------
def _toolbox_search(text):
    """Return the ids of the SAR Height algorithms the Processing Toolbox shows for ``text``."""
    from qgis.gui import QgsProcessingToolboxProxyModel
    from qgis.PyQt.QtCore import QModelIndex

    proxy = QgsProcessingToolboxProxyModel(None, QgsApplication.processingRegistry())
    proxy.setFilterString(text)
    found = set()

    def walk(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            algorithm = proxy.toolboxModel().algorithmForIndex(proxy.mapToSource(index))
            if algorithm is not None and algorithm.provider().id() == PROVIDER_ID:
                found.add(algorithm.name())
            walk(index)

    walk(QModelIndex())
    return found


def test_toolbox_search_finds_the_tools(qgis_processing, english):
    sentinel = _toolbox_search("sentinel")
    assert {"simulate_sar", "reconstruct_layover", "estimate_height",
            "stereo_radargrammetry"} <= sentinel, sentinel
    radar = _toolbox_search("radar")
    assert len(radar) >= 7 and "stereo_radargrammetry" in radar, radar
    assert {"point_target_height", "point_target_accuracy"} <= _toolbox_search("corner reflector")
    assert "stereo_radargrammetry" in _toolbox_search("radargrammetry")
    assert "reconstruct_layover" in _toolbox_search("layover")
    assert "compare_dem" in _toolbox_search("RMSE")
    assert _toolbox_search("no such word anywhere") == set()


def test_toolbox_search_in_german(qgis_processing, german):
    """A German user finds the tools by German words and still by the English ones."""
    assert "estimate_height" in _toolbox_search("Höhe")
    assert {"point_target_height", "point_target_accuracy"} <= _toolbox_search("Winkelreflektor")
    assert "simulate_sar" in _toolbox_search("sentinel")


def _group_order(algorithms):
    from sar_height.processing_provider.base import GROUP_ORDER

    names = {a.groupId(): a.group() for a in algorithms}
    order = [names[group] for group in GROUP_ORDER if group in names]
    return order, sorted(order, key=str.casefold)


def test_groups_follow_the_workflows(algorithms, english):
    groups = {a.name(): a.groupId() for a in algorithms}
    # the single-image chain shares one group, as do both point-target tools
    assert groups["simulate_sar"] == groups["reconstruct_layover"] == groups["estimate_height"]
    assert groups["point_target_height"] == groups["point_target_accuracy"]
    assert len(set(groups.values())) <= 5
    order, alphabetical = _group_order(algorithms)
    assert order == alphabetical, order  # the Toolbox sorts by name
    assert order[-1] == "Validation"


def test_groups_sort_in_workflow_order_in_german(algorithms, german):
    order, alphabetical = _group_order(algorithms)
    assert order == alphabetical, order
    assert order[-1] == "Validierung"


# -- Help button ---------------------------------------------------------------------------------
def test_help_url_is_a_shipped_page(algorithms, english, plugin_dir):
    for algorithm in algorithms:
        url = algorithm.helpUrl()
        assert url.startswith("file://"), url
        path = Path(QUrl(url).toLocalFile())
        assert path.is_file(), path
        assert path.relative_to(plugin_dir) == Path(
            "resources", "help", "pages", "en", algorithm.name() + ".html")
        page = path.read_text(encoding="utf-8")
        assert "<h1>{}</h1>".format(algorithm.displayName()) in page
        for definition in algorithm.parameterDefinitions():  # every parameter with its label
            assert definition.description().replace("&", "&amp;") in page, definition.name()


def test_help_url_in_german(algorithms, german, plugin_dir):
    for algorithm in algorithms:
        path = Path(QUrl(algorithm.helpUrl()).toLocalFile())
        assert path.parent == plugin_dir / "resources" / "help" / "pages" / "de", path
        assert '<html lang="de">' in path.read_text(encoding="utf-8")


def test_zip_ships_help_and_pages(plugin_dir, tmp_path, algorithms, request):
    """The page helpUrl() opens, in each language, and the help files are in the plugin zip."""
    result = subprocess.run(
        [sys.executable, str(plugin_dir / "scripts" / "build_zip.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (zip_path,) = tmp_path.glob("sar_height-*.zip")
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
    for language in ("english", "german"):
        request.getfixturevalue(language)
        for algorithm in algorithms:
            page = Path(QUrl(algorithm.helpUrl()).toLocalFile()).relative_to(plugin_dir)
            assert "sar_height/" + page.as_posix() in names, page
    for algorithm in algorithms:
        for folder in ("resources/help/en/", "resources/help/de/"):
            assert "sar_height/" + folder + algorithm.name() + ".html" in names


@pytest.mark.slow
def test_help_pages_are_current(plugin_dir):
    """The shipped pages are what build_help.py makes of the current help, code and README."""
    result = subprocess.run([sys.executable, str(plugin_dir / "scripts" / "build_help.py"),
                             "--check"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:] + "\n(run make help-pages)"


# -- German help -----------------------------------------------------------------------------------
def test_every_english_help_file_has_a_current_german_one():
    from sar_height.processing_provider.help import help_structure, read_help, source_digest

    english = sorted((HELP / "en").glob("*.html"))
    assert len(english) >= 7
    for path in english:
        german = HELP / "de" / path.name
        assert german.is_file(), german
        source, translation = path.read_text("utf-8"), german.read_text("utf-8")
        assert help_structure(translation) == help_structure(source), german
        help_de = read_help(path.stem, "de")
        assert help_de.source_digest == source_digest(path.stem), \
            "{} is stale: update it, then run scripts/build_help.py --stamp".format(german)
        help_en = read_help(path.stem, "en")
        assert help_de.summary != help_en.summary and help_de.description != help_en.description
        assert all(help_de.parameters[k] != v for k, v in help_en.parameters.items()
                   if len(v) > 40), path.stem  # long help really translated


def test_german_help_in_the_dialog(algorithms, german):
    from sar_height.processing_provider.help import read_help

    for algorithm in algorithms:
        fresh = algorithm.create()
        expected = read_help(algorithm.name(), "de")
        assert fresh.shortHelpString() == expected.description
        assert fresh.shortDescription() == expected.summary
        for definition in fresh.parameterDefinitions():
            assert definition.help() == expected.parameters[definition.name()]


def test_structure_check_sees_a_missing_paragraph():
    from sar_height.processing_provider.help import help_structure

    source = (HELP / "en" / "compare_dem.html").read_text("utf-8")
    shortened = re.sub(r"<p><b>Statistics</b>.*?</p>", "", source, flags=re.S)
    assert shortened != source
    assert help_structure(shortened) != help_structure(source)
    renamed = source.replace("<dt>MASK</dt>", "<dt>CLASS_MASK</dt>")
    assert help_structure(renamed) != help_structure(source)


# -- page building --------------------------------------------------------------------------------
def test_markdown_subset():
    spec = importlib.util.spec_from_file_location("build_help", ROOT / "scripts" / "build_help.py")
    build_help = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_help)  # a script, not a module of the package
    markdown_to_html, readme_sections = build_help.markdown_to_html, build_help.readme_sections
    text = ("Intro with `CODE_ID`, **bold** and *italic*, a [link](https://example.org) and a "
            "[file](docs/x.md).\n\n| A | B |\n|---|---|\n| `x` | a \\| b |\n\n- one\n  more\n"
            "- two\n\n#### Sub\n\n```\nx < y\n```\n")
    html = markdown_to_html(text)
    assert "<code>CODE_ID</code>" in html and "<b>bold</b>" in html and "<i>italic</i>" in html
    assert '<a href="https://example.org">link</a>' in html and "docs/x.md" not in html
    assert "<tr><td><code>x</code></td><td>a | b</td></tr>" in html
    assert "<ul>\n<li>one more</li>\n<li>two</li>\n</ul>" in html
    assert "<h3>Sub</h3>" in html and "<pre><code>x &lt; y</code></pre>" in html
    sections = readme_sections("## A\n### T (`sarheight:one`)\nbody\n#### sub\nmore\n### next\n")
    assert sections == {"one": "body\n#### sub\nmore"}


# -- hints in the log name the parameter of the DEM they are about ---------------------------------
def test_compare_dem_datum_hints_name_their_parameter(qgis_processing, tmp_path, english):
    """The datum hint of the reference DEM names the reference's datum, in log and report.

    core says "set DEM_VERTICAL_DATUM if wrong" of any DEM.
    """
    import numpy as np
    from osgeo import gdal, osr
    from qgis_helpers import collecting_feedback

    path = tmp_path / "dem.tif"  # a projected CRS without vertical datum: EGM96 assumed
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 8, 8, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((500000.0, 30.0, 0.0, 5200000.0, 0.0, -30.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(np.full((8, 8), 1500.0, dtype=np.float32))
    dataset = None
    feedback = collecting_feedback()
    report = tmp_path / "report.html"
    qgis_processing.run("sarheight:compare_dem", {
        "DEM": str(path), "REFERENCE": str(path), "OUTPUT_REPORT": str(report)},
        feedback=feedback)
    lines = {line.split(":")[0]: line for line in feedback.lines
             if line.startswith(("Estimate:", "Reference:"))}
    assert "'Reference DEM vertical datum' (REFERENCE_VERTICAL_DATUM)" in lines["Reference"]
    assert "'DEM vertical datum' (DEM_VERTICAL_DATUM)" in lines["Estimate"]
    assert "REFERENCE_VERTICAL_DATUM" not in lines["Estimate"]
    assert "(REFERENCE_VERTICAL_DATUM)" in report.read_text(encoding="utf-8")
