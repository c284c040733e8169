"""One entry point for every product: ``open_geometry(path)`` -> AcquisitionGeometry.

Dispatch is on content, not only on the file name:

- Sentinel-1: a SAFE folder (has manifest.safe or annotation/), its manifest.safe, a zip of it,
  or one annotation XML (root ``<product>`` with ``adsHeader``).
- TerraSAR-X / TanDEM-X / PAZ: the level1Product XML (root ``<level1Product>``) or its folder.
- SAR Height geometry JSON (``"format": "sar_height_geometry"``), any other sensor.
Anything else raises a ProductError that says what the file is and what was expected.
"""
import os
import xml.etree.ElementTree as ET
import zipfile
from typing import Any, Optional

from . import geometry_json, sentinel1, terrasar
from . import orbit_file as orbit_files
from .acquisition import AcquisitionGeometry, ProductError
from .fields import parse_xml, zip_names

EXPECTED = ("a Sentinel-1 SAFE (folder, manifest.safe or .zip), a TerraSAR-X level1Product XML "
            "(or its product folder) or a SAR Height geometry JSON")
_FOREIGN_HINTS = {
    "qgis": "it is a QGIS project file",
    "XFDU": "it looks like a SAFE manifest: give the SAFE folder or name it manifest.safe",
    "calibration": "it is a Sentinel-1 calibration annotation: give the SAFE folder or the "
                   "measurement annotation in annotation/",
    "noise": "it is a Sentinel-1 noise annotation: give the SAFE folder or the measurement "
             "annotation in annotation/",
    "geoReference": "it is a TerraSAR-X GEOREF.xml: give the main level1Product XML",
}


def _head(path: str, size: int = 512) -> bytes:
    with open(path, "rb") as f:
        return f.read(size)


def _looks_like_xml(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<")


def identify_product(path: "str | os.PathLike[str]") -> tuple[str, Any]:
    """Return the kind of product at ``path`` and what its reader takes.

    ("sentinel1", path), ("sentinel1_annotation", root), ("terrasar", root) or ("json", path).
    Raises ProductError for anything else.
    """
    path = str(path)
    if not os.path.exists(path):
        raise ProductError(f"{path} does not exist: give the path of {EXPECTED}.")
    if os.path.isdir(path):
        if os.path.isfile(os.path.join(path, "manifest.safe")) \
                or os.path.isdir(os.path.join(path, "annotation")):
            return "sentinel1", path
        if terrasar.is_product_folder(path):
            return "terrasar", path
        raise ProductError(f"The folder {path} is neither a Sentinel-1 SAFE (it has no "
                           f"manifest.safe or annotation/) nor a TerraSAR-X product folder (it "
                           f"has no level1Product XML): give the path of {EXPECTED}.")
    if os.path.getsize(path) == 0:
        raise ProductError(f"{path} is empty: copy or download the file again.")
    if os.path.basename(path).lower() == "manifest.safe":
        return "sentinel1", path
    head = _head(path)
    if path.lower().endswith(".zip") or head.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(path):
            raise ProductError(f"{path} is not a readable zip archive (the download may be "
                               f"incomplete or the file is not a zip): download it again.")
        names = zip_names(path)
        if any(n.endswith("manifest.safe") or "/annotation/" in n for n in names):
            return "sentinel1", path
        raise ProductError(f"The zip archive {path} holds no Sentinel-1 SAFE (no manifest.safe "
                           f"or annotation/); unzip other products and give {EXPECTED}.")
    if _looks_like_xml(head):
        root = parse_xml(path, fix="copy or download the file again")
        if root.tag == terrasar.ROOT_TAG:
            return "terrasar", root
        if root.tag == "product" and root.find("adsHeader/missionId") is not None:
            return "sentinel1_annotation", root
        hint = _FOREIGN_HINTS.get(root.tag)
        raise ProductError(f"{path} is an XML file with root element <{root.tag}>"
                           f"{' (' + hint + ')' if hint else ''}; expected <product> (Sentinel-1 "
                           f"annotation) or <level1Product> (TerraSAR-X/TanDEM-X/PAZ): give the "
                           f"path of {EXPECTED}.")
    if path.lower().endswith(".json") or head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        return "json", path
    hint = ""
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        hint = (" It is a TIFF image: for a Sentinel-1 measurement give its SAFE folder; for "
                "another sensor write a geometry JSON sidecar (docs/geometry_json.md).")
    raise ProductError(f"{path} is not {EXPECTED}.{hint}")


def _check_s1_choice(root: ET.Element, path: str, swath: Optional[str],
                     polarisation: Optional[str]) -> None:
    found_swath = (root.findtext("adsHeader/swath") or "").strip().upper()
    found_pol = (root.findtext("adsHeader/polarisation") or "").strip().upper()
    if swath and swath.upper() != found_swath:
        raise ProductError(f"{path} is the {found_swath}/{found_pol} annotation, not swath "
                           f"{swath.upper()}: give the SAFE folder to choose another swath.")
    if polarisation and polarisation.upper() != found_pol:
        raise ProductError(f"{path} is the {found_swath}/{found_pol} annotation, not "
                           f"polarisation {polarisation.upper()}: give the SAFE folder to choose "
                           f"another polarisation.")


def open_geometry(path: "str | os.PathLike[str]", swath: Optional[str] = None,
                  polarisation: Optional[str] = None,
                  orbit_file: "str | os.PathLike[str] | None" = None,
                  find_orbit: bool = True) -> AcquisitionGeometry:
    """AcquisitionGeometry of any supported product.

    ``swath`` selects the Sentinel-1 swath (IW1, IW2, ...; required when a SAFE has several) and
    is ignored for TerraSAR-X and JSON; ``polarisation`` selects the layer (co-polarisation by
    default). ``orbit_file``: an ESA orbit file (EOF, POEORB or RESORB) whose state vectors
    replace a Sentinel-1 annotation's (core.products.orbit_file); refused for other products.
    Without it, and with ``find_orbit``, an EOF lying next to a SAFE that fits the product is
    used. ``geometry.extra["orbit_note"]`` says which orbit a Sentinel-1 geometry carries.
    """
    kind, item = identify_product(path)
    path = str(path)
    if orbit_file and kind not in ("sentinel1", "sentinel1_annotation"):
        product = "a TerraSAR-X/TanDEM-X/PAZ product" if kind == "terrasar" else \
            "a SAR Height geometry JSON"
        raise ProductError(f"An orbit file (.EOF) applies only to Sentinel-1 products, and "
                           f"{path} is {product}, which carries its own orbit: leave the "
                           f"orbit file empty.")
    if kind == "sentinel1":
        geometry = sentinel1.read_sentinel1(path, swath, polarisation)
    elif kind == "sentinel1_annotation":
        _check_s1_choice(item, path, swath, polarisation)
        geometry = sentinel1.geometry_from_annotation(item, source=path)
    else:
        return _other_geometry(kind, item, path, polarisation)
    return _with_orbit(geometry, path, orbit_file, find_orbit)


def _other_geometry(kind: str, item: Any, path: str,
                    polarisation: Optional[str]) -> AcquisitionGeometry:
    """Return the geometry of a TerraSAR-X product or a geometry JSON."""
    if kind == "terrasar":
        if isinstance(item, str):  # product folder
            return terrasar.read_terrasar(item, polarisation)
        return terrasar.geometry_from_level1(item, path, polarisation)
    geometry = geometry_json.read_geometry_json(path)
    if polarisation and geometry.polarisation and \
            polarisation.upper() != geometry.polarisation.upper():
        raise ProductError(f"{path} describes a {geometry.polarisation} image, not "
                           f"{polarisation.upper()}.")
    return geometry


def _with_orbit(geometry: AcquisitionGeometry, path: str,
                orbit_file: "str | os.PathLike[str] | None",
                find_orbit: bool) -> AcquisitionGeometry:
    """Return the Sentinel-1 ``geometry`` with the orbit of the EOF given or found next to it."""
    if orbit_file:
        return orbit_files.apply_orbit_file(geometry, orbit_files.load_orbit_file(orbit_file))
    found, note = orbit_files.find_orbit_file(path, geometry) if find_orbit else (None, "")
    if found is not None:
        return orbit_files.apply_orbit_file(geometry, found, note)
    geometry.extra["orbit_note"] = note or (
        f"Orbit: the {len(geometry.orbit.times)} state vectors of the product annotation (no "
        f"orbit file given{' or found next to the SAFE' if find_orbit else ''}).")
    return geometry


def list_swaths(path: "str | os.PathLike[str]") -> list[tuple[str, str]]:
    """(swath, polarisation) pairs a product offers, e.g. [("IW1", "VV"), ("IW2", "VH")].

    Sentinel-1 lists every measurement annotation; TerraSAR-X lists its polarisation layers with
    an empty swath; a geometry JSON gives one pair.
    """
    kind, item = identify_product(path)
    if kind == "sentinel1":
        entries = sentinel1.list_annotations(str(path))
        for entry in entries:
            if entry.archive:  # reading checks the CRC: a damaged download is not "fine"
                sentinel1.read_annotation(entry)
        return [(e.swath, e.polarisation) for e in entries]
    if kind == "sentinel1_annotation":
        return [((item.findtext("adsHeader/swath") or "").strip().upper(),
                 (item.findtext("adsHeader/polarisation") or "").strip().upper())]
    if kind == "terrasar":
        if isinstance(item, str):
            return [("", p) for p in terrasar.list_polarisations(item)]
        return [("", p) for _, p, _ in terrasar.image_layers(item, str(path))]
    geometry = geometry_json.read_geometry_json(str(path))
    return [("", geometry.polarisation)]
