"""Bad product files for the reader tests (imported by name: pytest puts test/ on sys.path).

Everything is made from the repository's own real products (test/data/s1, test/data/
tsx_staring_spotlight, test/data/reliability): see test/data/reliability/README.md.
"""
import shutil
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
RELIABILITY = DATA / "reliability"
GRD_SAFE = DATA / "s1" / "S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371.SAFE"
GRD_XML = next((GRD_SAFE / "annotation").glob("s1b-iw-grd-vv-*.xml"))
SLC_SAFE = DATA / "s1" / "S1B_IW_SLC__1SDV_20210401T052622_20210401T052650_026269_032297_EFA4.SAFE"
SLC_XMLS = sorted((SLC_SAFE / "annotation").glob("s1b-iw*-slc-*.xml"))
TSX_NAME = "TSX1_SAR__SSC______ST_S_SRA_20230425T222958_20230425T222958"
TSX_FOLDER = DATA / "tsx_staring_spotlight" / TSX_NAME
TSX_XML = TSX_FOLDER / (TSX_NAME + ".xml")
ALOS_JSON = DATA / "sar" / "alos_riobranco" / "alos_riobranco_hh.json"
VALID_JSON = RELIABILITY / "geometry_valid_base.json"


def write_changed_xml(source, target, change):
    """Parse ``source``, apply ``change(root)``, write ``target`` (UTF-8 with declaration)."""
    root = ET.parse(source).getroot()
    change(root)
    ET.ElementTree(root).write(target, encoding="UTF-8", xml_declaration=True)
    return Path(target)


def set_text(path, value, index=0):
    """A change that sets the text of the ``index``-th element matching ``path``."""
    def change(root):
        root.findall(path)[index].text = value
    return change


def duplicate(parent_path, child, index):
    """A change that inserts a copy of child ``index`` of ``parent_path`` right after it."""
    import copy

    def change(root):
        parent = root.find(parent_path)
        parent.insert(index + 1, copy.deepcopy(parent.findall(child)[index]))
    return change


def with_encoding(source, target, encoding):
    """Copy of an XML file whose declaration names ``encoding`` (added when it has none)."""
    text = Path(source).read_bytes()
    if text.startswith(b"<?xml"):
        end = text.index(b"?>") + 2
        text = text[end:]
    Path(target).write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n'.encode() + text)
    return Path(target)


def copy_tsx_product(target_folder, change=None):
    """Copy the real TerraSAR-X product folder under ``target_folder``; return (folder, main XML).

    The main XML is changed by ``change(root)`` when given.
    """
    folder = Path(target_folder) / TSX_NAME
    shutil.copytree(TSX_FOLDER, folder)
    xml = folder / TSX_XML.name
    if change is not None:
        write_changed_xml(TSX_XML, xml, change)
    return folder, xml


def zip_safe(safe, archive, stored=()):
    """Zip a SAFE folder as ESA does (members under ``<name>.SAFE/``); return the archive path.

    Members are deflated, except those whose names end with one of ``stored``.
    """
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(Path(safe).rglob("*")):
            if path.is_file():
                name = f"{Path(safe).name}/{path.relative_to(safe).as_posix()}"
                method = zipfile.ZIP_STORED if name.endswith(tuple(stored)) else None
                zf.write(path, name, compress_type=method)
    return Path(archive)


def member_data_offset(archive, member):
    """(offset, size) of the compressed bytes of ``member`` inside the zip file."""
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    with open(archive, "rb") as f:
        f.seek(info.header_offset + 26)
        name_length = int.from_bytes(f.read(2), "little")
        extra_length = int.from_bytes(f.read(2), "little")
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


def flip_byte(path, offset):
    data = bytearray(Path(path).read_bytes())
    data[offset] ^= 0xFF
    Path(path).write_bytes(bytes(data))


def annotation_member(archive):
    with zipfile.ZipFile(archive) as zf:
        return next(n for n in zf.namelist() if "/annotation/s1" in n)


def zip_with_bad_crc(tmp_path):
    """GRD SAFE zip whose annotation member (stored) has one byte changed: CRC mismatch."""
    archive = zip_safe(GRD_SAFE, Path(tmp_path) / "s1_grd_bad_crc.zip", stored=(GRD_XML.name,))
    offset, size = member_data_offset(archive, annotation_member(archive))
    flip_byte(archive, offset + size // 2)
    return archive


def zip_with_bad_deflate(tmp_path):
    """GRD SAFE zip whose annotation member has a corrupt deflate stream (zlib.error when read).

    The first byte whose flip breaks the stream is searched, so that another zlib (another
    compressed stream) still gives such a case.
    """
    archive = zip_safe(GRD_SAFE, Path(tmp_path) / "s1_grd_bad_deflate.zip")
    member = annotation_member(archive)
    offset, size = member_data_offset(archive, member)
    pristine = archive.read_bytes()
    for position in range(offset, offset + min(size, 512)):
        flip_byte(archive, position)
        try:
            with zipfile.ZipFile(archive) as zf:
                zf.read(member)
        except zlib.error:
            return archive
        except zipfile.BadZipFile:
            pass
        archive.write_bytes(pristine)
    raise AssertionError("no byte flip in the first 512 bytes corrupts the deflate stream")
