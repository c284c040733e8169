"""One error discipline for every product reader: typed field readers, XML parsing, zip access.

A malformed number, time, list, XML encoding or zip member never leaks a Python exception: it
becomes a :class:`ProductError` that names the file, the element and what is wrong, with the fix
(usually: the file is damaged, copy or download the product again). The readers of Sentinel-1
annotations, TerraSAR-X level1Product/GEOREF XML and (for times) geometry JSON all use these.

Typed readers check only what the field itself must be (a finite number, a positive count, an
ISO UTC time of a year SAR can have flown); whether the geometry they build makes physical
sense as a whole is :mod:`.plausibility`'s job.
"""
import math
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib

import numpy as np

from ..geometry.orbit import Orbit, datetime_to_seconds
from .acquisition import ProductError

# Years a SAR acquisition can carry: airborne SAR flew from the 1950s. The upper bound keeps
# every time inside numpy's datetime64[ns] range (1678-2262), beyond which numpy wraps silently
# (year 3000 parses as 1830).
FIRST_YEAR, LAST_YEAR = 1950, 2200
_UTC = re.compile(r"^(?P<year>\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,12})?(Z|z|\+00:00)?$")
DAMAGED = "the file is damaged or was edited: copy or download the product again"


def parse_utc(text):
    """Parse an ISO UTC time string into numpy.datetime64[ns].

    Accepted: '2021-04-01T05:26:22.123456', optional Z or +00:00, years FIRST_YEAR to
    LAST_YEAR - 1. Anything else raises ProductError (without file context).
    """
    value = str(text).strip()
    match = _UTC.match(value)
    if not match:
        raise ProductError(f"{text!r} is not an ISO UTC time such as "
                           f"2021-04-01T05:26:22.123456Z.")
    if not FIRST_YEAR <= int(match["year"]) < LAST_YEAR:
        raise ProductError(f"{text!r} lies outside the years {FIRST_YEAR}-{LAST_YEAR - 1} a SAR "
                           f"acquisition can have.")
    value = value[:match.start(3)] if match[3] else value
    try:
        return np.datetime64(value, "ns")
    except ValueError as exc:  # month 13, 30 February, hour 25 ...
        raise ProductError(f"{text!r} is not a valid date/time ({exc}).") from exc


# --------------------------------------------------------------------------------------------
# XML and zip access

def parse_xml(source, name=None, fix=DAMAGED):
    """Root element of an XML file (path) or document (bytes), namespaces stripped.

    ``name`` labels ``source`` in messages (default: the path). Truncation, a broken encoding
    declaration (UTF-9), undecodable bytes and unreadable files all raise ProductError.
    """
    label = name or source
    try:
        if isinstance(source, (bytes, bytearray)):
            root = ET.fromstring(source)
        else:
            root = ET.parse(source).getroot()
    except ET.ParseError as exc:
        raise ProductError(f"{label} is truncated or not valid XML ({exc}): {fix}.") from exc
    except LookupError as exc:  # unknown encoding in the XML declaration
        raise ProductError(f"{label} declares an XML encoding Python does not know ({exc}): "
                           f"{fix}.") from exc
    except (UnicodeError, ValueError) as exc:  # bytes not in the declared encoding
        raise ProductError(f"{label} holds text that does not match its encoding ({exc}): "
                           f"{fix}.") from exc
    except OSError as exc:
        raise ProductError(f"Cannot read {label} ({exc.strerror or exc}): check that the file "
                           f"exists and is readable.") from exc
    return strip_namespaces(root)


def strip_namespaces(root):
    """Drop XML namespaces from every tag, in place (``{ns}tag`` -> ``tag``)."""
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


# What zipfile raises for a damaged archive: bad CRC / header (BadZipFile), a corrupt deflate
# stream (zlib.error), a cut member (EOFError), odd headers (struct.error, ValueError,
# UnicodeDecodeError of a name, NotImplementedError for an unknown compression, RuntimeError for
# a member flagged as encrypted).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError,
               UnicodeDecodeError, NotImplementedError, RuntimeError, OSError)


def _zip_error(archive, member, exc):
    what = f"member {member} of " if member else ""
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
        return ProductError(f"Cannot read {what}{archive} ({exc.strerror or exc}): check that "
                            f"the file exists and is readable.")
    return ProductError(f"The zip archive {archive} is damaged: {what or 'its directory '}cannot "
                        f"be read ({type(exc).__name__}: {exc}); the download was probably "
                        f"interrupted: download the product again.")


def zip_names(archive):
    """Member names of a zip archive; ProductError when its directory is damaged."""
    try:
        with zipfile.ZipFile(archive) as zf:
            return zf.namelist()
    except ProductError:
        raise
    except _ZIP_ERRORS as exc:
        raise _zip_error(archive, "", exc) from exc


def read_zip_member(archive, member):
    """Bytes of one zip member, CRC checked; ProductError for a missing or damaged member."""
    try:
        with zipfile.ZipFile(archive) as zf:
            return zf.read(member)
    except KeyError as exc:
        raise ProductError(f"The zip archive {archive} has no member {member}: download the "
                           f"product again.") from exc
    except _ZIP_ERRORS as exc:
        raise _zip_error(archive, member, exc) from exc


# --------------------------------------------------------------------------------------------
# typed field readers

class FieldReader:
    """Typed access to the elements of one parsed XML product file.

    ``product`` names the kind of file in messages ("Sentinel-1 annotation"), ``source`` the
    file; ``fix`` ends every message about a bad value. Element paths are relative to ``base``
    (default: the root); ``where`` names that base in messages, e.g. ``orbitList/orbit[3]``.
    """

    def __init__(self, root, source, product, fix=DAMAGED):
        self.root = root
        self.source = source
        self.product = product
        self.fix = fix

    def fail(self, path, what, problem, where=""):
        """Raise ProductError: element ``path`` (``what``) has ``problem``, then ``fix``."""
        element = _element(path, where)
        about = f" ({what})" if what else ""
        raise ProductError(f"{self.product} {self.source}: <{element}>{about} {problem}; "
                           f"{self.fix}.")

    def node(self, path, what, required=True, base=None, where=""):
        """Return the element at ``path``; None when optional and absent.

        A required element that is missing raises ProductError (incomplete product file).
        """
        node = (self.root if base is None else base).find(path)
        if node is None and required:
            element = _element(path, where)
            raise ProductError(f"{self.product} {self.source} lacks <{element}> ({what}): it is "
                               f"not a complete product file; use the file delivered with the "
                               f"product.")
        return node

    def text(self, path, what, required=True, base=None, where=""):
        """Return the stripped text of an element; None when optional and absent or empty."""
        node = self.node(path, what, required, base, where)
        if node is None or node.text is None or not node.text.strip():
            if required:
                self.fail(path, what, "is empty", where)
            return None
        return node.text.strip()

    def _bounded(self, value, path, what, where, minimum, maximum, unit):
        unit = f" {unit}" if unit else ""
        if minimum is not None and value < minimum:
            self.fail(path, what, f"is {value!r}{unit}, below the smallest possible value "
                                  f"{minimum!r}{unit}", where)
        if maximum is not None and value > maximum:
            self.fail(path, what, f"is {value!r}{unit}, above the largest possible value "
                                  f"{maximum!r}{unit}", where)
        return value

    def read_float(self, path, what, required=True, base=None, where="", minimum=None,
                   maximum=None, positive=False, unit=""):
        """Finite float of an element (``positive``: > 0); None when optional and absent."""
        value = self.text(path, what, required, base, where)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            self.fail(path, what, f"is {value!r}, not a number", where)
        if not math.isfinite(number):
            self.fail(path, what, f"is {value!r}, not a finite number", where)
        if positive and number <= 0:
            self.fail(path, what, f"is {value!r}{' ' + unit if unit else ''}, but must be "
                                  f"positive", where)
        return self._bounded(number, path, what, where, minimum, maximum, unit)

    def read_int(self, path, what, required=True, base=None, where="", minimum=None,
                 maximum=None):
        """Integer of an element, within [minimum, maximum]; None when optional and absent."""
        value = self.text(path, what, required, base, where)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            self.fail(path, what, f"is {value!r}, not a whole number", where)
        return self._bounded(number, path, what, where, minimum, maximum, "")

    def read_time(self, path, what, required=True, base=None, where=""):
        """numpy.datetime64[ns] of an ISO UTC time element; None when optional and absent."""
        value = self.text(path, what, required, base, where)
        if value is None:
            return None
        try:
            return parse_utc(value)
        except ProductError as exc:
            self.fail(path, what, str(exc).rstrip("."), where)

    def read_float_list(self, path, what, required=True, base=None, where="", length=None):
        """Return the 1-D float array of a space-separated list element.

        Finite values, ``length`` of them when given; None when optional and absent.
        """
        value = self.text(path, what, required, base, where)
        if value is None:
            return None
        tokens = value.split()
        try:
            numbers = np.array([float(v) for v in tokens], dtype=np.float64)
        except ValueError:
            bad = next(v for v in tokens if not _is_float(v))
            self.fail(path, what, f"holds {bad!r}, not a number", where)
        if not np.all(np.isfinite(numbers)):
            self.fail(path, what, "holds a value that is not a finite number", where)
        if length is not None and len(numbers) != length:
            self.fail(path, what, f"holds {len(numbers)} values, expected {length}", where)
        return numbers


def _element(path, where):
    """Element path for messages: ``path`` below ``where`` ("." is ``where`` itself)."""
    if not where:
        return path
    return where if path == "." else f"{where}/{path}"


def _is_float(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def build_orbit(times, positions, velocities, label, element):
    """Return the Orbit of state vectors read from ``element`` of ``label``.

    Raise ProductError for fewer than two vectors, or naming the first state vector whose time
    does not follow its predecessor's (duplicated vector).
    """
    times = np.asarray(times, dtype="datetime64[ns]")
    if len(times) < 2:
        raise ProductError(f"{label} has {len(times)} orbit state vectors <{element}>; at least "
                           f"two are needed: use the complete product file.")
    steps = np.diff(times).astype(np.int64)
    if np.any(steps <= 0):
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        raise ProductError(f"{label}: orbit state vector <{element}> number {i + 1} "
                           f"(time {times[i]}) does not follow the previous one ({times[i - 1]}); "
                           f"state vectors must have strictly increasing times, without "
                           f"duplicates: {DAMAGED}.")
    return Orbit(times[0], datetime_to_seconds(times, times[0]), positions, velocities)
