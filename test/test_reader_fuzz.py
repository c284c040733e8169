"""Seeded mutation fuzzer over the real product files (issue 11, "What must be shown").

Bases: the Sentinel-1 GRD and SLC annotations (test/data/s1), the real TerraSAR-X Staring
Spotlight level1Product and its GEOREF.xml (test/data/tsx_staring_spotlight), the geometry JSONs
(ALOS chip, the reliability base) and a SAFE zip built here from the GRD SAFE. Mutations: a
value replaced by garbage / 0 / -1 / nan / inf / 1e30 / huge / an impossible time, an element
deleted, duplicated or emptied, texts swapped, an attribute spoiled (element level, on the
parsed tree as the reader sees it); the file truncated, bytes flipped, the encoding
declaration changed, junk or deep nesting inserted (byte level, through the file readers).

Every case must either give a geometry that passes core.products.plausibility.check_geometry
or raise ProductError; anything else fails with the case id, its description and the
traceback. Cases are deterministic: case ``i`` of base ``b`` draws from
``numpy.random.default_rng([SEED, b, i])``, so a failing case reproduces alone; the chunks are
parametrised so that a failure names its chunk (``-k <chunk id>`` reruns it).
"""
import copy
import functools
import json
import math
import shutil
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from reader_cases import (
    ALOS_JSON,
    GRD_SAFE,
    GRD_XML,
    SLC_XMLS,
    TSX_NAME,
    TSX_XML,
    VALID_JSON,
    copy_tsx_product,
    zip_safe,
)

from sar_height.core.products import fields
from sar_height.core.products.acquisition import ProductError
from sar_height.core.products.geometry_json import geometry_from_dict, read_geometry_json
from sar_height.core.products.plausibility import check_geometry
from sar_height.core.products.reader import list_swaths, open_geometry
from sar_height.core.products.sentinel1 import geometry_from_annotation
from sar_height.core.products.terrasar import geometry_from_level1

SEED = 20240611
CHUNK = 50  # cases per parametrised test
GARBAGE_TEXT = ("", " ", "abc", "0", "-1", "nan", "NaN", "inf", "-inf", "1e30", "-1e30",
                "1e308", "1e-300", "9" * 400, "0x1F", "1,5", "1 2", "\u0661\u0662",
                "2021-13-01T00:00:00.000000", "3000-01-01T00:00:00", "1600-01-01T00:00:00",
                "2021-02-30T00:00:00", "NaT", "true", "<", "\x00")
GARBAGE_JSON = (None, "", "abc", 0, -1, 0.5, 1e30, -1e30, float("nan"), float("inf"),
                10 ** 30, True, [], {}, [1, 2], "2021-13-01T00:00:00Z",
                "3000-01-01T00:00:00Z", "1600-01-01T00:00:00Z")
ENCODINGS = ("UTF-9", "latin-1", "UTF-16", "ascii", "cp500", "x-unknown", "")


# -- running one case -----------------------------------------------------------------------------

def verdict(case_id, description, call):
    """Return None when ``call()`` behaves, else the failure text.

    ``call()`` behaves when it gives a plausible geometry (or list) or raises ProductError.
    """
    try:
        result = call()
    except ProductError:
        return None
    except Exception:  # noqa: BLE001 (anything else is what the fuzzer looks for)
        return f"{case_id} [{description}]: {traceback.format_exc(limit=-4)}"
    if isinstance(result, list):  # list_swaths
        return None
    try:
        check_geometry(result)
    except ProductError as exc:
        return f"{case_id} [{description}]: accepted an implausible geometry: {exc}"
    return None


# -- element-level mutations of a parsed XML tree (each returns an undo) -------------------------

def relevant_elements(root, read):
    """Elements the reader looks at (found by reading once), and their ancestors."""
    seen = []
    original = fields.FieldReader.node

    def recording(self, *args, **kwargs):
        node = original(self, *args, **kwargs)
        if node is not None:
            seen.append(node)
        return node

    fields.FieldReader.node = recording
    try:
        read(root)
    finally:
        fields.FieldReader.node = original
    parents = {child: parent for parent in root.iter() for child in parent}
    order = {id(e): i for i, e in enumerate(root.iter())}
    relevant = {}
    for node in seen:
        if id(node) not in order:  # read from another file (GEOREF.xml)
            continue
        while node is not None and node is not root:
            relevant[id(node)] = node
            node = parents.get(node)
    return sorted(relevant.values(), key=lambda e: order[id(e)]), parents


def _set_text(element, text):
    old = element.text
    element.text = text

    def undo():
        element.text = old
    return undo


def _garbage_for(text, rng):
    value = (text or "").strip()
    try:
        number = float(value.split()[0]) if value else None
    except ValueError:
        number = None
    choice = rng.integers(0, 4)
    if number is not None and math.isfinite(number) and choice == 0:
        return repr(number * float(rng.choice([1e6, -1.0, 1e-6, 0.0, 1.0 + 1e-3])))
    if value and len(value.split()) > 1 and choice == 1:  # one token of a list
        tokens = value.split()
        tokens[int(rng.integers(len(tokens)))] = str(rng.choice(GARBAGE_TEXT))
        return " ".join(tokens)
    return str(rng.choice(GARBAGE_TEXT))


def mutate_tree(root, pool, parents, rng):
    """Apply one random mutation; returns (description, undo)."""
    element = pool[int(rng.integers(len(pool)))]
    parent = parents.get(element)
    kind = int(rng.integers(0, 10))
    if kind <= 4 or parent is None:
        new = _garbage_for(element.text, rng)
        return f"<{element.tag}> text {element.text!r:.40} -> {new!r:.40}", \
            _set_text(element, new)
    if parent is not None and element not in list(parent):
        return "skipped (element already removed)", lambda: None
    index = list(parent).index(element)
    if kind == 5:
        parent.remove(element)
        return f"<{element.tag}> deleted", lambda: parent.insert(index, element)
    if kind == 6:
        twin = copy.deepcopy(element)
        parent.insert(index + 1, twin)
        return f"<{element.tag}> duplicated", lambda: parent.remove(twin)
    if kind == 7:
        children = list(element)
        for child in children:
            element.remove(child)
        undo_text = _set_text(element, None)

        def undo():
            undo_text()
            element.extend(children)
        return f"<{element.tag}> emptied", undo
    if kind == 8:
        other = pool[int(rng.integers(len(pool)))]
        a, b = element.text, other.text
        undo_a, undo_b = _set_text(element, b), _set_text(other, a)
        return f"<{element.tag}>/<{other.tag}> texts swapped", lambda: (undo_b(), undo_a())
    name = next(iter(element.attrib), "exponent")
    old = element.attrib.get(name)
    element.set(name, str(rng.choice(GARBAGE_TEXT)))

    def undo_attribute():
        if old is None:
            del element.attrib[name]
        else:
            element.set(name, old)
    return f"<{element.tag}> attribute {name} spoiled", undo_attribute


def run_tree_cases(base_index, root, read, cases, everything_share=0.15):
    relevant, parents = relevant_elements(root, read)
    everything = [e for e in root.iter() if e is not root]
    relevant = relevant or everything  # a reader that parses its own copy (GEOREF.xml)
    failures = []
    for i in cases:
        rng = np.random.default_rng([SEED, base_index, i])
        undos, steps = [], []
        for _ in range(int(rng.integers(1, 4))):
            pool = everything if rng.random() < everything_share else relevant
            description, undo = mutate_tree(root, pool, parents, rng)
            steps.append(description)
            undos.append(undo)
        failure = verdict(f"base {base_index} case {i}", "; ".join(steps), lambda: read(root))
        for undo in reversed(undos):
            undo()
        if failure:
            failures.append(failure)
    return failures


# -- byte-level mutations of a file --------------------------------------------------------------

def mutate_bytes(data, rng):
    """(description, mutated bytes) for one random byte-level change."""
    kind = int(rng.integers(0, 7))
    position = int(rng.integers(0, max(len(data), 1)))
    if kind == 0:
        return f"truncated at {position}", data[:position]
    if kind == 1:
        out = bytearray(data)
        spots = rng.integers(0, len(out), int(rng.integers(1, 9)))
        for spot in spots:
            out[int(spot)] ^= int(rng.integers(1, 256))
        return f"bytes flipped at {sorted(int(s) for s in spots)}", bytes(out)
    if kind == 2:
        encoding = str(rng.choice(ENCODINGS))
        body = data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else data
        return f"encoding {encoding!r}", \
            f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + body
    if kind == 3:
        depth = int(rng.choice([10, 1000, 100_000]))
        junk = (b"<a>" * depth + b"</a>" * depth) if data.lstrip().startswith(b"<") \
            else (b"[" * depth + b"]" * depth)
        return f"nesting {depth} deep at {position}", data[:position] + junk + data[position:]
    if kind == 4:
        junk = bytes(rng.integers(0, 256, int(rng.integers(1, 64)), dtype=np.uint8))
        return f"{len(junk)} random bytes inserted at {position}", \
            data[:position] + junk + data[position:]
    if kind == 5:
        end = min(len(data), position + int(rng.integers(1, 2000)))
        return f"bytes {position}..{end} repeated", data[:end] + data[position:]
    return "UTF-8 BOM and NUL inserted", b"\xef\xbb\xbf" + data[:position] + b"\x00" + \
        data[position:]


def run_file_cases(base_index, source, target, read, cases):
    """Write a mutated copy of ``source`` to ``target`` and read it, for every case."""
    pristine = Path(source).read_bytes()
    failures = []
    for i in cases:
        rng = np.random.default_rng([SEED, base_index, i])
        description, data = mutate_bytes(pristine, rng)
        Path(target).write_bytes(data)
        failure = verdict(f"base {base_index} case {i}", description, lambda: read(target))
        if failure:
            failures.append(failure)
    return failures


# -- JSON dict mutations ---------------------------------------------------------------------------

def _json_paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_paths(item, prefix + (index,))


def mutate_json(data, rng):
    """(description, mutated deep copy) of a geometry dict."""
    data = copy.deepcopy(data)
    paths = [p for p in _json_paths(data) if p]
    path = paths[int(rng.integers(len(paths)))]
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    key, kind = path[-1], int(rng.integers(0, 6))
    old = parent[key]
    if kind <= 2:
        if isinstance(old, (int, float)) and not isinstance(old, bool) and kind == 0:
            new = old * float(rng.choice([1e6, -1.0, 1e-6, 0.0, 1e300]))
        else:
            new = GARBAGE_JSON[int(rng.integers(len(GARBAGE_JSON)))]
        parent[key] = new
        return f"{'/'.join(map(str, path))} {old!r:.40} -> {new!r:.40}", data
    if kind == 3:
        del parent[key]
        return f"{'/'.join(map(str, path))} deleted", data
    if kind == 4 and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(old))
        return f"{'/'.join(map(str, path))} duplicated", data
    parent[key] = [copy.deepcopy(old)] if rng.random() < 0.5 else {"x": copy.deepcopy(old)}
    return f"{'/'.join(map(str, path))} wrapped", data


def run_json_cases(base_index, source, cases):
    pristine = json.loads(Path(source).read_text())
    failures = []
    for i in cases:
        rng = np.random.default_rng([SEED, base_index, i])
        steps, data = [], pristine
        for _ in range(int(rng.integers(1, 3))):
            description, data = mutate_json(data, rng)
            steps.append(description)
        failure = verdict(f"base {base_index} case {i}", "; ".join(steps),
                          functools.partial(geometry_from_dict, data, str(source)))
        if failure:
            failures.append(failure)
    return failures


# -- the plan: (base id, number of cases) ----------------------------------------------------------

PLAN = {
    "s1_grd_tree": 450, "s1_slc_iw1_tree": 250, "s1_slc_iw2_tree": 250, "tsx_tree": 350,
    "georef_tree": 100, "alos_json_dict": 250, "valid_json_dict": 250,
    "s1_grd_bytes": 40, "tsx_bytes": 30, "georef_bytes": 60, "json_bytes": 120,
    "safe_zip_bytes": 60,
}
BASE_INDEX = {name: i for i, name in enumerate(PLAN)}
CHUNKS = [(name, start) for name, count in PLAN.items() for start in range(0, count, CHUNK)]


def _annotation_reader(source):
    return lambda root: geometry_from_annotation(root, source=source)


@pytest.fixture(scope="module")
def tsx_copy(tmp_path_factory):
    """The real TerraSAR-X product in a folder the byte-level cases may write into."""
    folder, xml = copy_tsx_product(tmp_path_factory.mktemp("tsx"))
    return folder, xml


@pytest.fixture(scope="module")
def safe_zip(tmp_path_factory):
    return zip_safe(GRD_SAFE, tmp_path_factory.mktemp("zip") / (GRD_SAFE.stem + ".zip"))


def _run_chunk(name, cases, tmp_path, tsx_copy, safe_zip):
    b = BASE_INDEX[name]
    if name.endswith("_tree") and name.startswith("s1"):
        source = {"s1_grd_tree": GRD_XML, "s1_slc_iw1_tree": SLC_XMLS[0],
                  "s1_slc_iw2_tree": SLC_XMLS[1]}[name]
        return run_tree_cases(b, fields.parse_xml(str(source)), _annotation_reader(str(source)),
                              cases)
    if name == "tsx_tree":
        folder = tmp_path / TSX_NAME
        shutil.copytree(tsx_copy[0], folder)
        xml = str(folder / TSX_XML.name)
        return run_tree_cases(b, fields.parse_xml(xml), lambda r: geometry_from_level1(r, xml),
                              cases)
    if name == "georef_tree":
        folder = tmp_path / TSX_NAME
        shutil.copytree(tsx_copy[0], folder)
        xml, georef = str(folder / TSX_XML.name), folder / "ANNOTATION" / "GEOREF.xml"
        level1 = fields.parse_xml(xml)

        def read(root):  # the reader parses GEOREF.xml itself: write the mutated tree
            ET.ElementTree(root).write(georef, encoding="UTF-8", xml_declaration=True)
            return geometry_from_level1(level1, xml)

        return run_tree_cases(b, fields.parse_xml(str(georef)), read, cases)
    if name in ("alos_json_dict", "valid_json_dict"):
        return run_json_cases(b, ALOS_JSON if name.startswith("alos") else VALID_JSON, cases)
    if name == "s1_grd_bytes":
        return run_file_cases(b, GRD_XML, tmp_path / GRD_XML.name,
                              lambda p: open_geometry(str(p)), cases)
    if name in ("tsx_bytes", "georef_bytes"):
        folder = tmp_path / TSX_NAME
        shutil.copytree(tsx_copy[0], folder)
        xml = folder / TSX_XML.name
        target = xml if name == "tsx_bytes" else folder / "ANNOTATION" / "GEOREF.xml"
        source = TSX_XML if name == "tsx_bytes" else tsx_copy[0] / "ANNOTATION" / "GEOREF.xml"
        return run_file_cases(b, source, target, lambda p: open_geometry(str(xml)), cases)
    if name == "json_bytes":
        source = ALOS_JSON if cases[0] % 2 else VALID_JSON
        return run_file_cases(b, source, tmp_path / source.name,
                              lambda p: read_geometry_json(str(p)), cases)
    assert name == "safe_zip_bytes"

    def read_zip(path):
        swaths = list_swaths(str(path))
        return open_geometry(str(path), swaths[0][0]) if swaths else swaths

    return run_file_cases(b, safe_zip, tmp_path / safe_zip.name, read_zip, cases)


@pytest.mark.parametrize("name, start", CHUNKS, ids=[f"{n}-{s // CHUNK:02d}" for n, s in CHUNKS])
def test_fuzz_chunk(name, start, tmp_path, tsx_copy, safe_zip):
    cases = list(range(start, min(start + CHUNK, PLAN[name])))
    failures = _run_chunk(name, cases, tmp_path, tsx_copy, safe_zip)
    assert not failures, f"{len(failures)} of {len(cases)} cases failed (seed {SEED}):\n" + \
        "\n".join(failures[:5])


def test_the_fuzzer_runs_at_least_2000_cases():
    assert sum(PLAN.values()) >= 2000


def test_the_fuzzer_reaches_both_outcomes(tmp_path):
    """Not vacuous: the mutations give accepted geometries and refused ones.

    Pristine bases are accepted too (a fuzzer that breaks every case would test only the parser).
    """
    root = fields.parse_xml(str(GRD_XML))
    read = _annotation_reader(str(GRD_XML))
    assert check_geometry(read(root))
    relevant, parents = relevant_elements(root, read)
    outcomes = {"accepted": 0, "refused": 0}
    for i in range(60):
        rng = np.random.default_rng([SEED, 99, i])
        _, undo = mutate_tree(root, relevant, parents, rng)
        try:
            read(root)
            outcomes["accepted"] += 1
        except ProductError:
            outcomes["refused"] += 1
        undo()
    assert outcomes["accepted"] >= 5 and outcomes["refused"] >= 5, outcomes
    assert len(relevant) > 500  # the reader reads orbit, grid, polynomials, image information
