"""Sentinel-1 measurement rasters: find, open, check and read the pixels of one swath/polarisation.

A SAFE (folder, its ``manifest.safe`` or a ``.zip``, read through GDAL's ``/vsizip/``) keeps
the pixels of each swath/polarisation in ``measurement/<name>.tiff``, where ``<name>`` is the
name of its annotation XML (``annotation/<name>.xml``). GRD pixels are uint16 amplitudes, SLC
pixels complex int16 (CInt16) values; :func:`~.sentinel1_radiometry.detected_power` turns
either into ``|DN|^2``.

A crop of the measurement raster written by another tool (SNAP's Subset, sarsen, a
``gdal_translate -srcwin``) is accepted as a :class:`Crop`: its own raster file plus the offset
(first line, first pixel, 0-based) of its first pixel in the full measurement raster. Its
pixels are read with that offset, so that the calibration and burst tables of the product
apply to them unchanged. An SLC crop may hold one complex band or two real bands (i, q).

:meth:`MeasurementRaster.read` reads any block of lines x pixels, given in the coordinates of
the full product raster, so a reader holds one block at a time (bounded memory).
"""
import os
import posixpath
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import numpy.typing as npt
from osgeo import gdal

from .acquisition import ProductError
from .fields import zip_names
from .sentinel1 import AnnotationEntry, list_annotations, read_annotation, select_annotation
from .sentinel1_radiometry import RasterInfo, raster_info

gdal.UseExceptions()

_INTEGER_TYPES = {gdal.GDT_Byte, gdal.GDT_UInt16, gdal.GDT_Int16, gdal.GDT_UInt32,
                  gdal.GDT_Int32}
_COMPLEX_TYPES = {gdal.GDT_CInt16, gdal.GDT_CInt32, gdal.GDT_CFloat32, gdal.GDT_CFloat64}
_REAL_TYPES = _INTEGER_TYPES | {gdal.GDT_Float32, gdal.GDT_Float64}


@dataclass(frozen=True)
class Crop:
    """A crop of a product's measurement raster, written as its own raster file.

    ``line0`` and ``pixel0`` are the 0-based line and pixel (range sample) of the crop's first
    pixel in the full measurement raster (for a 1-based window "lines 9800-10400", 9799).
    """

    path: str
    line0: int
    pixel0: int


def measurement_name(entry: AnnotationEntry) -> str:
    """Return the file name of the measurement raster of an annotation (``<name>.tiff``)."""
    base = posixpath.basename(entry.location.replace(os.sep, "/"))
    return os.path.splitext(base)[0] + ".tiff"


def _missing(product: str, entry: AnnotationEntry, what: str) -> ProductError:
    return ProductError(
        f"The Sentinel-1 product {product} {what}, so the pixels of {entry.swath}/"
        f"{entry.polarisation} ({entry.product_type}) cannot be read: give the complete SAFE "
        f"(folder, manifest.safe or .zip, as downloaded) or the measurement raster as a crop "
        f"with its offset in the full raster.")


def find_measurement(product: str, entry: AnnotationEntry) -> str:
    """Return the GDAL path of the measurement raster that belongs to ``entry``.

    A ``/vsizip/`` path inside a zip. Raises ProductError when the product has no
    ``measurement/`` folder (a SAFE holding the annotation only), lacks this raster, or is a
    single annotation XML.
    """
    name = measurement_name(entry)
    parts = entry.location.replace(os.sep, "/").split("/")
    if len(parts) < 2 or parts[-2] != "annotation":
        raise _missing(product, entry, f"is the annotation XML {entry.location} alone (no SAFE "
                                       f"with measurement/{name} around it)")
    safe = "/".join(parts[:-2])
    if entry.archive:
        member = posixpath.join(safe, "measurement", name)
        names = zip_names(entry.archive)
        if member not in names:
            others = sorted(n for n in names if n.startswith(posixpath.join(safe, "measurement")))
            raise _missing(product, entry, _absent_what(f"{member} in {entry.archive}", others))
        return f"/vsizip/{os.path.abspath(entry.archive)}/{member}"
    folder = os.path.join(os.path.dirname(os.path.dirname(entry.location)), "measurement")
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        others = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        raise _missing(product, entry, _absent_what(path, others))
    return path


def _absent_what(location: str, others: list[str]) -> str:
    if not others:
        return (f"has no measurement rasters (no {location}; a SAFE with annotation/ alone, "
                f"as some test and metadata-only downloads are)")
    return f"lacks {location} (it holds {', '.join(posixpath.basename(o) for o in others)})"


class MeasurementRaster:
    """The measurement pixels of one swath/polarisation: the full raster or a crop of it.

    ``raster`` describes the full product raster (size, swath, bursts; from the annotation);
    ``line0``, ``pixel0``, ``lines`` and ``samples`` the part of it this file holds. Build it
    with :func:`open_measurement`.
    """

    def __init__(self, dataset: Any, path: str, raster: RasterInfo,
                 crop: Optional[Crop] = None):
        self.dataset = dataset
        self.path = path
        self.raster = raster
        self.is_crop = crop is not None
        self.line0 = int(crop.line0) if crop is not None else 0
        self.pixel0 = int(crop.pixel0) if crop is not None else 0
        self.lines = int(dataset.RasterYSize)
        self.samples = int(dataset.RasterXSize)
        self._check()

    # -- checks --------------------------------------------------------------------------

    def _check(self) -> None:
        info = self.raster
        if not self.is_crop and (self.lines, self.samples) != (info.lines, info.samples):
            raise ProductError(self._size_message())
        if self.line0 < 0 or self.pixel0 < 0:
            raise ProductError(f"The crop offset (line {self.line0}, pixel {self.pixel0}) of "
                               f"{self.path} is negative: give the 0-based line and pixel of "
                               f"its first pixel in the full raster.")
        if self.line0 + self.lines > info.lines or self.pixel0 + self.samples > info.samples:
            raise ProductError(self._size_message())
        self._check_type()

    def _size_message(self) -> str:
        info = self.raster
        if not self.is_crop:
            where = ""
            fix = ("give the measurement/*.tiff of this very product and of the same swath and "
                   "polarisation, unchanged (not multilooked, debursted or geocoded); a crop "
                   "needs its offset in the full raster")
        else:
            where = f" at offset (line {self.line0}, pixel {self.pixel0})"
            fix = "check the crop's offset, and that it is a crop of this swath's raster"
        return (f"The measurement raster {self.path} has {self.lines} lines x {self.samples} "
                f"samples{where}, but the annotation {info.source} describes a {info.lines} "
                f"lines x {info.samples} samples raster ({info.swath}/{info.polarisation} "
                f"{info.product_type}), which it does not fit: {fix}.")

    def _check_type(self) -> None:
        bands = self.dataset.RasterCount
        types = {self.dataset.GetRasterBand(i + 1).DataType for i in range(bands)}
        names = ", ".join(sorted(gdal.GetDataTypeName(t) for t in types))
        slc = self.raster.product_type == "SLC"
        ok = (bands == 1 and types <= _COMPLEX_TYPES or bands == 2 and types <= _REAL_TYPES
              ) if slc else (bands == 1 and types <= _INTEGER_TYPES)
        if not ok:
            expected = ("one complex band (CInt16) or two bands i, q" if slc else
                        "one band of unsigned 16-bit amplitudes (UInt16)")
            raise ProductError(
                f"{self.path} holds {bands} band(s) of {names}, but the digital numbers of a "
                f"Sentinel-1 {self.raster.product_type} measurement are {expected}: give the "
                f"uncalibrated measurement raster (or a crop of it); an image already "
                f"calibrated or detected elsewhere is not a measurement raster.")

    # -- reading -------------------------------------------------------------------------

    @property
    def is_complex(self) -> bool:
        """True for SLC pixels (complex values), False for GRD amplitudes."""
        return self.raster.product_type == "SLC"

    def read(self, line0: int, lines: int, pixel0: int, pixels: int) -> npt.NDArray[Any]:
        """Return the digital numbers of a block given in full-raster coordinates.

        uint16 (GRD) or complex64 (SLC) array of ``lines`` x ``pixels``. ProductError when the
        block is not inside the part of the raster this file holds.
        """
        r0, c0 = int(line0) - self.line0, int(pixel0) - self.pixel0
        if min(r0, c0) < 0 or r0 + lines > self.lines or c0 + pixels > self.samples or min(
                lines, pixels) < 1:
            raise ProductError(
                f"Lines {line0}-{line0 + lines - 1} x pixels {pixel0}-{pixel0 + pixels - 1} "
                f"of the full raster are not in {self.path}, which holds lines {self.line0}-"
                f"{self.line0 + self.lines - 1} x pixels {self.pixel0}-"
                f"{self.pixel0 + self.samples - 1}: choose a window inside the crop.")
        try:
            if self.dataset.RasterCount == 2:  # an SLC crop as i and q bands
                i, q = (self.dataset.GetRasterBand(b).ReadAsArray(c0, r0, pixels, lines)
                        for b in (1, 2))
                block = (i + 1j * q.astype(np.float32)).astype(np.complex64)
            else:
                block = self.dataset.GetRasterBand(1).ReadAsArray(c0, r0, pixels, lines)
        except RuntimeError as exc:
            raise ProductError(f"Cannot read lines {line0}-{line0 + lines - 1} of {self.path} "
                               f"({exc}): the file is damaged or truncated; download the "
                               f"product again.") from exc
        self.dataset.FlushCache()  # drop GDAL's cached strips: memory stays one block
        return block

    def close(self) -> None:
        """Close the GDAL dataset."""
        self.dataset = None


def _open(path: str, label: str) -> Any:
    try:
        dataset = gdal.Open(path)
    except RuntimeError as exc:
        raise ProductError(f"Cannot open the measurement raster {label} ({exc}): the file is "
                           f"damaged or not a raster; download the product again.") from exc
    if dataset is None:
        raise ProductError(f"Cannot open the measurement raster {label}.")
    return dataset


def read_raster_info(entry: AnnotationEntry) -> RasterInfo:
    """Return the raster size, swath and bursts of the measurement annotation ``entry``."""
    label = f"{entry.location} in {entry.archive}" if entry.archive else entry.location
    return raster_info(read_annotation(entry), label)


def open_measurement(product: str, swath: Optional[str] = None,
                     polarisation: Optional[str] = None,
                     crop: Optional[Crop] = None) -> MeasurementRaster:
    """Open the measurement raster of one swath/polarisation of a Sentinel-1 product.

    Parameters
    ----------
    product : str
        SAFE folder, its ``manifest.safe``, a ``.zip`` of the SAFE, or (with ``crop``) the
        measurement annotation XML alone.
    swath, polarisation : str, optional
        As :func:`~.sentinel1.select_annotation` chooses them (co-polarisation first).
    crop : Crop, optional
        A crop of the measurement raster with its offset; None reads the SAFE's own raster.

    Raises
    ------
    ProductError
        No measurement raster, a raster of the wrong size or type, a crop outside the raster.
    """
    entry = select_annotation(list_annotations(product), swath, polarisation)
    info = read_raster_info(entry)
    if crop is None:
        path = find_measurement(str(product), entry)
        label = path.replace("/vsizip/", "", 1) if path.startswith("/vsizip/") else path
        return MeasurementRaster(_open(path, label), label, info)
    if not os.path.isfile(crop.path):
        raise ProductError(f"The crop {crop.path} does not exist: give the path of the raster "
                           f"file holding the crop of the measurement.")
    return MeasurementRaster(_open(str(crop.path), str(crop.path)), str(crop.path), info, crop)
