"""The algorithms' help, read from resources/help/<language>/<algorithm id>.html.

One file per algorithm and language (as QGIS keeps its own in algs/help/qgis.yaml), not in the
Python code, so that the help is translated as whole texts rather than as hundreds of strings in
i18n/translate_de.py. A file is an HTML fragment that is also well-formed XML::

    <section lang="en" data-source="">
      <p class="summary">One sentence: shortDescription(), the Toolbox tooltip.</p>
      <p class="tags">radar, SAR, DEM</p>                     search words: tags()
      <div class="description">                              shortHelpString(): the dialog's
        <p>...</p>                                           help panel
      </div>
      <dl class="parameters">
        <dt>DEM</dt><dd>The parameter's help: its tooltip.</dd>   one per parameter
      </dl>
    </section>

The help speaks of the parameters by their labels in the dialog, never by their ids (the ``dt``
keys are ids, but they are not shown). A translation (resources/help/de/...) has the same
structure and carries in ``data-source`` the digest (``source_digest``) of the English file it
translates, so that a change of the English help shows up as a stale translation (``make i18n``
and test/test_help_qgis.py). scripts/build_help.py builds the documentation pages
(resources/help/pages/<language>/<id>.html, helpUrl()) from these files and the README.
"""

import functools
import hashlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELP_DIR = os.path.join(PLUGIN_DIR, "resources", "help")
PAGES_DIR = os.path.join(HELP_DIR, "pages")
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class AlgorithmHelp:
    """The help of one algorithm in one language (empty fields where there is none)."""

    language: str = SOURCE_LANGUAGE
    summary: str = ""
    tags: tuple = ()
    description: str = ""  # HTML
    parameters: dict = field(default_factory=dict)  # parameter id -> plain text
    source_digest: str = ""  # translations: digest of the English file translated


def user_language():
    """Return the two-letter language of the QGIS user interface ('en' when unset).

    The same setting the plugin chooses its translation by (QGIS stores the system locale there
    when the user has not overridden it).
    """
    from qgis.core import QgsSettings

    locale = QgsSettings().value("locale/userLocale", "") or ""
    return str(locale)[0:2].lower() or SOURCE_LANGUAGE


def help_path(algorithm_id, language=SOURCE_LANGUAGE):
    """Return the path of the help file of ``algorithm_id`` in ``language`` (may not exist)."""
    return os.path.join(HELP_DIR, language, algorithm_id + ".html")


def page_path(algorithm_id, language=SOURCE_LANGUAGE):
    """Return the path of the documentation page of ``algorithm_id`` in ``language``.

    The English page where ``language`` has none.
    """
    path = os.path.join(PAGES_DIR, language, algorithm_id + ".html")
    if language != SOURCE_LANGUAGE and not os.path.isfile(path):
        path = os.path.join(PAGES_DIR, SOURCE_LANGUAGE, algorithm_id + ".html")
    return path


def source_digest(algorithm_id):
    """Return the digest of the English help file of ``algorithm_id`` (a translation's stamp).

    The first 12 hex digits of the SHA-256 of its bytes; '' when it does not exist.
    """
    try:
        with open(help_path(algorithm_id), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()[:12]
    except OSError:
        return ""


def _plain(element):
    """Return the text of ``element`` and its children, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _inner_html(element):
    """Return the content of ``element`` as HTML (its children and text, not its own tag)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    parts += [ET.tostring(child, encoding="unicode") for child in element]
    return " ".join("".join(parts).split())


def parse_help(text, language=SOURCE_LANGUAGE):
    """Return the AlgorithmHelp of a help file's ``text``; raise ET.ParseError when malformed."""
    root = ET.fromstring(text)
    summary = root.find("p[@class='summary']")
    tags = root.find("p[@class='tags']")
    parameters = {}
    listing = root.find("dl[@class='parameters']")
    key = None
    for item in listing if listing is not None else ():
        if item.tag == "dt":
            key = _plain(item)
        elif item.tag == "dd" and key:
            parameters[key] = _plain(item)
            key = None
    return AlgorithmHelp(
        language=root.get("lang", language),
        summary=_plain(summary),
        tags=tuple(t.strip() for t in _plain(tags).split(",") if t.strip()),
        description=_inner_html(root.find("div[@class='description']")),
        parameters=parameters,
        source_digest=root.get("data-source", ""))


def help_structure(text):
    """Return what a translation keeps of a help file: its blocks, paragraphs and parameter ids.

    (top-level elements with their classes, the description's elements, the ``dt`` keys), in
    order; raises ET.ParseError when ``text`` is malformed.
    """
    root = ET.fromstring(text)
    description = root.find("div[@class='description']")
    return ([(child.tag, child.get("class")) for child in root],
            [child.tag for child in description] if description is not None else [],
            [_plain(key) for key in root.iter("dt")])


def translation_languages():
    """Return the languages that have translated help (the folders of resources/help but en)."""
    if not os.path.isdir(HELP_DIR):
        return []
    return sorted(name for name in os.listdir(HELP_DIR)
                  if os.path.isdir(os.path.join(HELP_DIR, name))
                  and name not in (SOURCE_LANGUAGE, os.path.basename(PAGES_DIR)))


@functools.lru_cache(maxsize=None)
def read_help(algorithm_id, language=SOURCE_LANGUAGE):
    """Return the AlgorithmHelp of ``algorithm_id`` in ``language``, else None.

    None when that language has no file for it.
    """
    try:
        with open(help_path(algorithm_id, language), encoding="utf-8") as handle:
            return parse_help(handle.read(), language)
    except FileNotFoundError:
        return None


def algorithm_help(algorithm_id, language=None):
    """Return the help of ``algorithm_id`` in ``language`` (default: the user's), else English.

    Each part missing in a translation (a parameter's help, say) is taken from the English help;
    an algorithm without any help file gets an empty AlgorithmHelp.
    """
    language = language or user_language()
    english = read_help(algorithm_id, SOURCE_LANGUAGE) or AlgorithmHelp()
    translated = read_help(algorithm_id, language) if language != SOURCE_LANGUAGE else None
    if translated is None:
        return english
    return AlgorithmHelp(
        language=language,
        summary=translated.summary or english.summary,
        tags=translated.tags,
        description=translated.description or english.description,
        parameters={**english.parameters, **translated.parameters},
        source_digest=translated.source_digest)


def search_tags(algorithm_id, language=None):
    """Return the search words of ``algorithm_id``: the English ones, then the translated ones.

    Both, so that a German user finds a tool by "Höhe" and by "height".
    """
    language = language or user_language()
    english = (read_help(algorithm_id, SOURCE_LANGUAGE) or AlgorithmHelp()).tags
    translated = algorithm_help(algorithm_id, language).tags if language != "en" else ()
    seen, tags = set(), []
    for tag in english + translated:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags
