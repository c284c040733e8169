#!/usr/bin/env python3
"""Build the documentation pages the algorithms' Help buttons open, and check the translations.

One page per algorithm and language, resources/help/pages/<language>/<algorithm id>.html
(helpUrl() points there, so they ship in the plugin zip), built from

- the algorithm's help file resources/help/<language>/<id>.html (summary, description, the help
  of every parameter; processing_provider/help.py),
- the algorithm itself: its name, group, parameters with their labels in the dialog (translated
  with i18n/sar_height_de.qm for German pages), flags and ids, and the numbers it returns,
- the algorithm's section of README.md ("### ... (`sarheight:<id>`)"), converted from Markdown.

Every translated help file must exist for every English one, have the same structure and carry
the digest of the English file it translates (``data-source``); this script lists those that
do not and exits 1, as i18n/translate_de.py does for the strings of the code. After updating a
translation, ``--stamp`` writes the current digests into the translated files.

Usage (the plugin importable as sar_height, as in .venv; ``make help-pages`` and ``make i18n``
run it):
    python scripts/build_help.py [--out DIR] [--check] [--stamp]
"""

import argparse
import html
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
QM_PATTERN = os.path.join(ROOT, "i18n", "sar_height_{}.qm")

# The words of the page around the help, per language (the help itself is in the help files).
CHROME = {
    "en": {
        "inputs": "Parameters", "outputs": "Outputs", "results": "Numbers in the results",
        "label": "In the dialog", "help": "Help", "id": "Name in qgis_process and Python",
        "optional": "optional", "advanced": "advanced", "default": "default",
        "readme": "More documentation",
        "readme_note": "From the plugin's README.", "language": "Deutsch",
    },
    "de": {
        "inputs": "Parameter", "outputs": "Ausgaben", "results": "Zahlen in den Ergebnissen",
        "label": "Im Dialog", "help": "Hilfe", "id": "Name in qgis_process und Python",
        "optional": "optional", "advanced": "erweitert", "default": "Voreinstellung",
        "readme": "Weitere Dokumentation (englisch)",
        "readme_note": "Aus dem README des Plugins, auf Englisch.", "language": "English",
    },
}
CSS = """body{font-family:sans-serif;max-width:62em;margin:1em auto;padding:0 1em;line-height:1.45;
color:#222}h1{margin-bottom:.2em}.crumbs{color:#666;margin:0}.summary{font-size:1.1em}
table{border-collapse:collapse;margin:.5em 0 1em;width:100%}th,td{border:1px solid #ccc;
padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f0f0f0}
code{background:#f4f4f4;padding:0 .2em}.flag{color:#666;font-size:.9em}
footer{border-top:1px solid #ccc;margin-top:2em;color:#666;font-size:.9em}"""


# -- Markdown (the subset README.md uses) ---------------------------------------------------------
def _inline(text):
    """Return one line or cell of Markdown as HTML: code, links, bold, italic, escapes."""
    codes = []

    def keep_code(match):
        codes.append("<code>{}</code>".format(html.escape(match.group(2), quote=False)))
        return "\x00{}\x00".format(len(codes) - 1)

    text = re.sub(r"(`+)(.+?)\1", keep_code, text)
    text = html.escape(text, quote=False)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)  # images are not shipped

    def link(match):
        label, target = match.group(1), match.group(2)
        if target.startswith(("http://", "https://")):
            return '<a href="{}">{}</a>'.format(html.escape(target), label)
        return label  # a file of the repository: not in the plugin

    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", link, text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)
    text = re.sub(r"\\([|*_`\\])", r"\1", text)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)


def _cells(line):
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)]


def _table(lines):
    rows = [_cells(line) for line in lines if not re.fullmatch(r"[\s|:-]+", line)]
    out = ["<table>", "<tr>" + "".join("<th>{}</th>".format(_inline(c)) for c in rows[0])
           + "</tr>"]
    out += ["<tr>" + "".join("<td>{}</td>".format(_inline(c)) for c in row) + "</tr>"
            for row in rows[1:]]
    return out + ["</table>"]


def _list(lines):
    items = []
    for line in lines:
        match = re.match(r"\s*(?:[-*]|\d+\.)\s+(.*)", line)
        if match and not line.startswith("  "):
            items.append(match.group(1))
        elif items:
            items[-1] += " " + line.strip()
    ordered = re.match(r"\d+\.", lines[0].strip()) is not None
    tag = "ol" if ordered else "ul"
    return ["<{}>".format(tag)] + ["<li>{}</li>".format(_inline(i)) for i in items] + \
        ["</{}>".format(tag)]


def _block_kind(line):
    stripped = line.strip()
    if stripped.startswith("```"):
        return "code"
    if stripped.startswith("#"):
        return "heading"
    if stripped.startswith("|"):
        return "table"
    if re.match(r"(?:[-*]|\d+\.)\s", stripped):
        return "list"
    return "paragraph"


def markdown_to_html(text):
    """Return the HTML of ``text`` in the Markdown subset of README.md.

    Headings (one level lower than in the README), paragraphs, lists, tables, fenced code, code
    spans, bold, italic and links; images and links into the repository keep only their text.
    """
    lines = text.splitlines()
    out, number = [], 0
    while number < len(lines):
        line = lines[number]
        if not line.strip():
            number += 1
            continue
        kind = _block_kind(line)
        if kind == "code":
            end = number + 1
            while end < len(lines) and not lines[end].strip().startswith("```"):
                end += 1
            out.append("<pre><code>{}</code></pre>".format(
                html.escape("\n".join(lines[number + 1:end]))))
            number = end + 1
            continue
        if kind == "heading":
            level = min(len(line) - len(line.lstrip("#")) - 1, 6)
            out.append("<h{0}>{1}</h{0}>".format(level, _inline(line.lstrip("#").strip())))
            number += 1
            continue
        end = number + 1
        while end < len(lines) and lines[end].strip() and (
                _block_kind(lines[end]) == kind
                or (kind == "list" and lines[end].startswith("  "))
                or (kind == "paragraph" and _block_kind(lines[end]) == "paragraph")):
            end += 1
        block = lines[number:end]
        if kind == "table":
            out += _table(block)
        elif kind == "list":
            out += _list(block)
        else:
            out.append("<p>{}</p>".format(_inline(" ".join(part.strip() for part in block))))
        number = end
    return "\n".join(out)


def readme_sections(text):
    """Return {algorithm id: Markdown of its README section, without the heading line}."""
    sections, current, body = {}, None, []
    for line in text.splitlines():
        match = re.match(r"###\s.*\(`sarheight:(\w+)`\)", line)
        if match or re.match(r"#{2,3}\s", line):
            if current:
                sections[current] = "\n".join(body).strip()
            current, body = (match.group(1) if match else None), []
            continue
        body.append(line)
    if current:
        sections[current] = "\n".join(body).strip()
    return sections


# -- pages -------------------------------------------------------------------------------------
def _text(text):
    """Return plain ``text`` escaped for the content of an element (quotes kept)."""
    return html.escape(text, quote=False)


def _flags(definition, words):
    from qgis.core import QgsProcessingParameterDefinition

    flags = []
    if definition.flags() & QgsProcessingParameterDefinition.FlagOptional:
        flags.append(words["optional"])
    if definition.flags() & QgsProcessingParameterDefinition.FlagAdvanced:
        flags.append(words["advanced"])
    return ' <span class="flag">({})</span>'.format(", ".join(flags)) if flags else ""


def _choices(definition, words):
    """Return the list of an enum parameter's options, the default marked ('' for others)."""
    if definition.type() != "enum":
        return ""
    default = definition.defaultValue()
    items = ["<li>{0}{1}</li>".format(_text(option), " <i>({})</i>".format(words["default"])
                                      if number == default else "")
             for number, option in enumerate(definition.options())]
    return "<ul>{}</ul>".format("".join(items))


def _parameter_rows(definitions, helps, words):
    rows = []
    for definition in definitions:
        rows.append("<tr><td><b>{0}</b>{1}</td><td>{2}{3}</td><td><code>{4}</code></td></tr>"
                    .format(_text(definition.description()), _flags(definition, words),
                            _text(helps.get(definition.name(), "")),
                            _choices(definition, words), definition.name()))
    return rows


def _table_of(title, rows, words, with_help=True):
    if not rows:
        return []
    head = [words["label"]] + ([words["help"]] if with_help else []) + [words["id"]]
    return (["<h2>{}</h2>".format(title), "<table>",
             "<tr>" + "".join("<th>{}</th>".format(h) for h in head) + "</tr>"]
            + rows + ["</table>"])


def build_page(algorithm, language, readme_markdown):
    """Return the documentation page of ``algorithm`` (initialised) in ``language``."""
    from sar_height.processing_provider.help import algorithm_help

    words = CHROME.get(language, CHROME["en"])
    helped = algorithm_help(algorithm.name(), language)
    definitions = algorithm.parameterDefinitions()
    inputs = [d for d in definitions if not d.isDestination()]
    outputs = [d for d in definitions if d.isDestination()]
    numbers = [o for o in algorithm.outputDefinitions()
               if all(o.name() != d.name() for d in outputs)]
    other = "en" if language != "en" else "de"
    parts = [
        "<!DOCTYPE html>", '<html lang="{}">'.format(language), "<head>",
        '<meta charset="utf-8">',
        "<title>{} – SAR Height</title>".format(_text(algorithm.displayName())),
        "<style>{}</style>".format(CSS), "</head>", "<body>", "<header>",
        '<p class="crumbs">SAR Height › {}</p>'.format(_text(algorithm.group())),
        "<h1>{}</h1>".format(_text(algorithm.displayName())),
        '<p class="summary">{}</p>'.format(_text(helped.summary)), "</header>", "<main>",
        helped.description,
    ]
    parts += _table_of(words["inputs"], _parameter_rows(inputs, helped.parameters, words), words)
    parts += _table_of(words["outputs"], _parameter_rows(outputs, helped.parameters, words),
                       words)
    parts += _table_of(words["results"], [
        "<tr><td>{0}</td><td><code>{1}</code></td></tr>".format(
            _text(o.description()), o.name()) for o in numbers], words, with_help=False)
    if readme_markdown:
        parts += ["<h2>{}</h2>".format(words["readme"]),
                  '<p class="flag">{}</p>'.format(words["readme_note"]),
                  markdown_to_html(readme_markdown)]
    parts += ["</main>", "<footer>",
              '<p>SAR Height · <code>sarheight:{0}</code> · <a href="../{1}/{0}.html">{2}</a>'
              "</p>".format(algorithm.name(), other, CHROME[language]["language"]),
              "</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _algorithms():
    """Return one initialised instance of every algorithm (labels in the current translation)."""
    from sar_height.processing_provider.provider import load_algorithm_classes

    algorithms = []
    for algorithm_class in load_algorithm_classes():
        algorithm = algorithm_class()
        algorithm.initAlgorithm()
        algorithms.append(algorithm)
    return algorithms


def build_pages(out_dir, languages):
    """Write every page into ``out_dir``/<language>/; return {relative path: text}."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    with open(README, encoding="utf-8") as handle:
        sections = readme_sections(handle.read())
    pages = {}
    for language in languages:
        translator = QTranslator()
        installed = language != "en" and translator.load(QM_PATTERN.format(language))
        if installed:
            QCoreApplication.installTranslator(translator)
        try:
            for algorithm in _algorithms():
                relative = os.path.join(language, algorithm.name() + ".html")
                pages[relative] = build_page(algorithm, language, sections.get(algorithm.name()))
        finally:
            if installed:
                QCoreApplication.removeTranslator(translator)
    for relative, text in pages.items():
        path = os.path.join(out_dir, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return pages


# -- translations ------------------------------------------------------------------------------
def translation_problems():
    """Return one line per translated help file that is missing, malformed, misbuilt or stale."""
    from sar_height.processing_provider.help import (
        HELP_DIR,
        help_path,
        help_structure,
        source_digest,
        translation_languages,
    )

    problems = []
    english = sorted(name[:-5] for name in os.listdir(os.path.join(HELP_DIR, "en"))
                     if name.endswith(".html"))
    for language in translation_languages():
        for algorithm_id in english:
            path = help_path(algorithm_id, language)
            if not os.path.isfile(path):
                problems.append("{}: missing (translate {})".format(
                    path, help_path(algorithm_id)))
                continue
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            with open(help_path(algorithm_id), encoding="utf-8") as handle:
                source = handle.read()
            try:
                if help_structure(text) != help_structure(source):
                    problems.append("{}: its structure differs from {} (paragraphs, parameters)"
                                    .format(path, help_path(algorithm_id)))
                    continue
            except Exception as exc:  # noqa: BLE001 - any parse error is reported the same way
                problems.append("{}: not well-formed: {}".format(path, exc))
                continue
            stamp = re.search(r'data-source="([0-9a-f]*)"', text)
            if stamp is None or stamp.group(1) != source_digest(algorithm_id):
                problems.append("{}: stale, {} changed since it was translated (update the "
                                "translation, then run build_help.py --stamp)".format(
                                    path, help_path(algorithm_id)))
    return problems


def stamp_translations():
    """Write the current English digests into every translated help file; return the paths."""
    from sar_height.processing_provider.help import (
        HELP_DIR,
        help_path,
        source_digest,
        translation_languages,
    )

    stamped = []
    for language in translation_languages():
        for name in sorted(os.listdir(os.path.join(HELP_DIR, language))):
            path = os.path.join(HELP_DIR, language, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            digest = source_digest(name[:-5])
            if not digest or not os.path.isfile(help_path(name[:-5])):
                continue
            new = re.sub(r'data-source="[0-9a-f]*"', 'data-source="{}"'.format(digest), text,
                         count=1)
            if new != text:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(new)
                stamped.append(path)
    return stamped


def main(argv=None):
    """Check the translated help, then build the pages (``--check``: compare them instead)."""
    from sar_height.processing_provider.help import PAGES_DIR, translation_languages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=PAGES_DIR, help="pages folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="build into a temporary folder and fail if --out differs")
    parser.add_argument("--stamp", action="store_true",
                        help="mark the translated help files as translating the current English")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # make runs it without a display
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    if args.stamp:
        for path in stamp_translations():
            sys.stdout.write("stamped {}\n".format(path))
    problems = translation_problems()
    for problem in problems:
        sys.stderr.write(problem + "\n")
    languages = ["en"] + translation_languages()
    if args.check:
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            built = build_pages(scratch, languages)
        stale = [relative for relative, text in built.items()
                 if _read(os.path.join(args.out, relative)) != text]
        for relative in stale:
            sys.stderr.write("{} is not up to date: run make help-pages\n".format(
                os.path.join(args.out, relative)))
        return 1 if problems or stale else 0
    built = build_pages(args.out, languages)
    sys.stdout.write("{} pages in {}\n".format(len(built), args.out))
    if problems:
        sys.stderr.write("{} help translation(s) to update\n".format(len(problems)))
        return 1
    sys.stdout.write("all help files translated\n")
    return 0


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
