"""TerraSAR-X / TanDEM-X / PAZ level-1b SSC reader (``level1Product`` XML + COSAR raster).

Accepts the main product XML (``TSX1_SAR__SSC_.../TSX1_SAR__SSC_....xml``) or the product folder
that holds it. Only the SSC variant (single-look slant-range complex, zero-Doppler geometry) is
supported; MGD/GEC/EEC are ground-range or geocoded and raise a ProductError. ScanSAR SSC (one
COSAR burst file per beam) is not supported either.

Elements read (paths relative to the ``level1Product`` root; * = required). Names follow the
public "TerraSAR-X Level 1b Product Format Specification" (TX-GS-DD-3307) as used by GDAL's TSX
driver, sarpy, ISCE and OTB:

- productInfo/productVariantInfo/productVariant*       SSC / MGD / GEC / EEC
- productInfo/productVariantInfo/productType            e.g. SSC______SM_S_SRA (kept in extra)
- productInfo/missionInfo/mission*                      TSX-1, TDX-1, PAZ-1
- productInfo/missionInfo/orbitDirection                ASCENDING / DESCENDING (extra "pass")
- productInfo/acquisitionInfo/lookDirection*            RIGHT / LEFT
- productInfo/acquisitionInfo/imagingMode               SM, SL, HS, ST, SC (SC is rejected)
- productInfo/acquisitionInfo/elevationBeamConfiguration  e.g. strip_008 (-> geometry.swath)
- productInfo/imageDataInfo/imageRaster/numberOfRows*   azimuth lines
- productInfo/imageDataInfo/imageRaster/numberOfColumns*  range samples
- productInfo/imageDataInfo/imageRaster/columnSpacing   azimuth time between lines (s)
- productInfo/imageDataInfo/imageRaster/rowSpacing      range time between samples (s)
- productInfo/sceneInfo/start/timeUTC*                  time of the first line
- productInfo/sceneInfo/rangeTime/firstPixel*           two-way range time of the first sample (s)
- productInfo/sceneInfo/sceneAverageHeight              ellipsoidal scene height used by the
                                                        processor (-> reference_height_m)
- productSpecific/complexImageInfo/commonPRF            output line rate (Hz)
- productSpecific/complexImageInfo/commonRSF            output range sampling rate (Hz)
- productSpecific/complexImageInfo/imageCoordinateType  must be ZERODOPPLER when present
- productComponents/imageData[@layerIndex]/polLayer*    HH, HV, VH, VV
- productComponents/imageData/file/location/path*, filename*   COSAR file, relative to the XML
- productComponents/annotation[type=GEOREF]/file/location/path, filename   (default
  ANNOTATION/GEOREF.xml; the file may be absent)
- platform/orbit/stateVec*  (>= 2): timeUTC, posX, posY, posZ, velX, velY, velZ (ECEF, WGS84)
- instrument/radarParameters/centerFrequency*           Hz
- instrument/settings/RSF, instrument/settings/settingRecord/PRF   raw sampling rate and PRF
- processing/doppler/dopplerCentroid[@layerIndex]/dopplerEstimate: timeUTC and
  combinedDoppler/{validityRangeMin, validityRangeMax, referencePoint, coefficient[@exponent]}
  (polynomial in two-way range time minus referencePoint, Hz)
- processing/geometry/dopplerRate: timeUTC and dopplerRatePolynomial/{referencePoint,
  coefficient[@exponent]} (azimuth FM rate, Hz/s, polynomial in range time minus referencePoint)
- processing/geometry/zeroDopplerVelocity/velocity      m/s
- processing/processingParameter/{rangeLookBandwidth, azimuthLookBandwidth,
  totalProcessedAzimuthBandwidth}                       Hz
- processing/processingParameter/{azimuthWindowID, azimuthWindowCoefficient, rangeWindowID,
  rangeWindowCoefficient}                               spectral weighting (e.g. HAMMING, 0.6)
- sarHeightExtension/{processorZenithDelay, azimuthSpectrumReferenceTimeUTC,
  azimuthSpectrumRate}   not TerraSAR-X: written by SAR Height's point-target simulator
- calibration/calibrationConstant[@layerIndex]/calFactor
GEOREF.xml (optional): geoReference/geolocationGrid/gridReferenceTime/{tReferenceTimeUTC,
tauReferenceTime} and gridPoint/{t, tau, lat, lon, height}, where t and tau are relative to the
reference times (t = 0 and tau = 0 are the scene's start time and firstPixel in real products),
and geoReference/signalPropagationEffects/{rangeDelay, azimuthShift}[@modelName, @modelVersion,
@source]/{validityRangeMin, validityRangeMax, referencePoint, coefficient[@exponent]}
(polynomials in two-way range time minus referencePoint, seconds).

Image times and geometric times. The image's range times (sceneInfo/rangeTime, the tie points'
tau) include the signal's path delays (TerraSAR-X annotates an ionospheric and a hydrostatic
tropospheric rangeDelay, together about 2.6 m of slant range at X band), and its azimuth times
(sceneInfo/start, the tie points' t) include the instrument's "external azimuth time shift"
(a few microseconds, a few centimetres along track: TMSP's README gives about -4.8 cm for
TDX-1 and -8.0 cm for TSX-1). The geometry is the vacuum, zero-Doppler geometry the orbit
describes, so the reader removes both: ``near_slant_range_m`` = c/2 (firstPixel - range delay)
and ``first_line_time_s`` = start - azimuth shift, each effect summed over its records and
evaluated at the image's mid-range time (real products annotate constants). Without GEOREF.xml
the geometry keeps the image's times. ``extra`` keeps what was removed: ``range_delay_s``
(two-way seconds), ``range_delay_m`` (one-way slant metres), ``azimuth_shift_s`` and the
records (``signal_propagation_effects``), so that the point-target workflow (which works in the
image's apparent range) and the writer can put them back. With both corrections, geo2rdr puts
the real GEOREF.xml tie points of the TDX-1 and TSX-1 Staring Spotlight products in
test/data/tsx_staring_spotlight on their stated (t, tau) to 0.041 line and 0.0005 sample at
most (test/test_tsx_real_products.py; the 0.04 line left, 7 mm along track, comes from
interpolating state vectors 10 s apart: a degree-9 to 11 polynomial of the positions evaluated
directly instead of core.geometry.orbit's cubic Hermite spline leaves 0.004-0.03 line); without
them the offsets are 5.8 samples and 0.29-0.48 line.

State vector velocities. Real products annotate positions to sub-millimetre digits (GEOREF.xml:
"Chebyshev shifted to SAR antenna phase center") but velocities rounded to 1 mm/s that are
about 0.8 mm/s faster along track than the positions' derivative, as the platform's centre of
mass 0.83 m above the phase centre would be (platform/referenceData/SARAntennaPosition). A
zero-Doppler time moves by (velocity error . line of sight) / |v|^2, up to 0.4 lines of a
42 kHz Staring Spotlight image per mm/s, so the reader replaces velocities that differ from the
positions' derivative by more than VELOCITY_AGREEMENT_M_S (RMS) and less than
VELOCITY_DISAGREEMENT_M_S with that derivative (``velocities_from_positions``), when at least
MIN_VELOCITY_FIT_VECTORS state vectors give it with polynomials that fit the positions to
MAX_VELOCITY_FIT_RESIDUAL_M; ``extra["orbit_velocities"]`` says which were used and
``extra["annotated_velocity_difference_m_s"]`` by how much they differed.
Consistent velocities (those of SAR Height's own writer, exact to 1e-7 m/s) are kept as they are.

Priorities: line interval = columnSpacing, else 1/commonPRF, else 1/settingRecord PRF; range
sampling rate = commonRSF, else 1/rowSpacing, else instrument RSF; slant spacing c/(2 RSF).
SSC images are focused to zero-Doppler geometry, so ``doppler_hz`` is None; the Doppler centroid
and FM-rate polynomials are kept in ``extra`` (times in seconds since the orbit epoch), with
``doppler_centroid_function`` / ``azimuth_fm_rate_function`` to evaluate them.
"""
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np

from ..geometry.orbit import Orbit, datetime_to_seconds
from .acquisition import SPEED_OF_LIGHT, AcquisitionGeometry, ProductError
from .fields import FieldReader, build_orbit, parse_xml
from .gcps import ensure_gcps
from .plausibility import check_gcps

ROOT_TAG = "level1Product"
SUPPORTED_VARIANTS = ("SSC",)
RASTER = "productInfo/imageDataInfo/imageRaster/"


# --------------------------------------------------------------------------------------------
# small helpers

def local_root_tag(path):
    """Local name of the root element of an XML file, reading only its start; None if not XML."""
    try:
        for _, element in ET.iterparse(path, events=("start",)):
            tag = element.tag
            return tag.split("}", 1)[1] if "}" in tag else tag
    except (ET.ParseError, OSError, LookupError, ValueError):  # ValueError: UnicodeDecodeError
        return None
    return None


def _reader(root, source):
    """Typed field access with ProductErrors naming this product file and the element."""
    return FieldReader(root, source, "TerraSAR-X product",
                       fix="the file is damaged or was edited: copy the product again")


# Exponents of the Doppler and FM-rate polynomials: TerraSAR-X uses degree <= 4.
MAX_POLYNOMIAL_DEGREE = 10


def _polynomial(reader, node, where):
    """Coefficients (index = exponent) of a TSX polynomial node with coefficient[@exponent]."""
    coeffs = {}
    for i, c in enumerate(node.findall("coefficient")):
        exponent = c.attrib.get("exponent", str(i))
        if not exponent.strip().isdigit() or int(exponent) > MAX_POLYNOMIAL_DEGREE:
            reader.fail("coefficient", f"exponent attribute {exponent!r}", "is not a whole "
                        f"number from 0 to {MAX_POLYNOMIAL_DEGREE}", where)
        coeffs[int(exponent)] = reader.read_float(".", "polynomial coefficient", base=c,
                                                  where=f"{where}/coefficient")
    if not coeffs:
        raise ProductError(f"TerraSAR-X product {reader.source}: {where} has no coefficients.")
    out = np.zeros(max(coeffs) + 1)
    for k, v in coeffs.items():
        out[k] = v
    return out


# --------------------------------------------------------------------------------------------
# locating the product

def _named_main_xml(folder):
    """``<folder>/<folder name>.xml``, where TerraSAR-X puts the main XML; None if absent."""
    named = os.path.join(folder, os.path.basename(os.path.normpath(folder)) + ".xml")
    return named if os.path.isfile(named) else None


def is_product_folder(folder):
    """Return True when ``folder`` holds a level1Product XML, or an XML named like the folder.

    The XML named like the folder is the main XML, possibly damaged: reading it then says what
    is wrong.
    """
    if _named_main_xml(folder):
        return True
    return any(name.lower().endswith(".xml") and os.path.isfile(os.path.join(folder, name))
               and local_root_tag(os.path.join(folder, name)) == ROOT_TAG
               for name in sorted(os.listdir(folder)))


def find_level1_xml(path):
    """Return the main level1Product XML of a TerraSAR-X product given as the XML or its folder."""
    path = str(path)
    if not os.path.exists(path):
        raise ProductError(f"TerraSAR-X product not found: {path}")
    if os.path.isfile(path):
        return path
    candidates = []
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        if name.lower().endswith(".xml") and os.path.isfile(full) \
                and local_root_tag(full) == ROOT_TAG:
            candidates.append(full)
    named = _named_main_xml(path)
    if not candidates and named:
        parse_level1_xml(named)  # unreadable (broken encoding, truncated): say why
    if not candidates:
        raise ProductError(f"The folder {path} holds no TerraSAR-X level1Product XML: give the "
                           f"product folder (the one with the main XML, IMAGEDATA/ and "
                           f"ANNOTATION/) or its main XML.")
    if len(candidates) > 1:
        base = os.path.basename(os.path.normpath(path))
        same = [c for c in candidates if os.path.splitext(os.path.basename(c))[0] == base]
        if len(same) == 1:
            return same[0]
        names = ", ".join(os.path.basename(c) for c in candidates)
        raise ProductError(f"The folder {path} holds several level1Product XML files ({names}): "
                           f"give the one you want.")
    return candidates[0]


def parse_level1_xml(xml_path):
    """Return the parsed, namespace-free root of a level1Product XML.

    Raise ProductError when the file is truncated, unreadable or not a level1Product.
    """
    root = parse_xml(xml_path, fix="copy or download the product again")
    if root.tag != ROOT_TAG:
        raise ProductError(f"{xml_path} has root element <{root.tag}>, not <{ROOT_TAG}>: it is "
                           f"not a TerraSAR-X/TanDEM-X/PAZ level-1 product annotation.")
    return root


def image_layers(root, source=""):
    """[(layerIndex, polLayer, relative COSAR path)] for every productComponents/imageData."""
    reader = _reader(root, source)
    layers = []
    for i, node in enumerate(root.findall("productComponents/imageData")):
        index = node.attrib.get("layerIndex", str(i + 1))
        pol = (reader.text("polLayer", "polarisation of the image layer", base=node)).upper()
        folder = reader.text("file/location/path", "folder of the COSAR file", required=False,
                             base=node) or ""
        name = reader.text("file/location/filename", "name of the COSAR file", base=node)
        layers.append((index, pol, os.path.join(folder, name)))
    if not layers:
        raise ProductError(f"TerraSAR-X product {source} lists no productComponents/imageData "
                           f"(the COSAR image layers).")
    return layers


def _select_layer(layers, polarisation, source):
    available = ", ".join(p for _, p, _ in layers)
    if polarisation:
        chosen = [layer for layer in layers if layer[1] == polarisation.upper()]
        if not chosen:
            raise ProductError(f"TerraSAR-X product {source} has no {polarisation.upper()} layer; "
                               f"it has {available}.")
        return chosen[0]
    co_pol = [layer for layer in layers if layer[1] in ("HH", "VV")]
    return (co_pol or layers)[0]


# --------------------------------------------------------------------------------------------
# Doppler centroid and FM rate

def _read_doppler_centroid(reader, layer_index, epoch):
    centroids = reader.root.findall("processing/doppler/dopplerCentroid")
    chosen = [c for c in centroids if c.attrib.get("layerIndex") == layer_index] or centroids[:1]
    estimates = []
    for c in chosen:
        for e in c.findall("dopplerEstimate"):
            combined = reader.node("combinedDoppler", "combined Doppler centroid polynomial",
                                   base=e)
            time = datetime_to_seconds(reader.read_time("timeUTC", "Doppler estimate time",
                                                        base=e), epoch)
            estimates.append({
                "time_s": float(time),
                "reference_range_time_s": reader.read_float(
                    "referencePoint", "range time origin of the Doppler polynomial", base=combined),
                "validity_range_min_s": reader.read_float("validityRangeMin", "", False, combined),
                "validity_range_max_s": reader.read_float("validityRangeMax", "", False, combined),
                "coefficients": _polynomial(reader, combined,
                                            "dopplerEstimate/combinedDoppler").tolist(),
            })
    estimates.sort(key=lambda e: e["time_s"])
    return estimates


def _read_fm_rate(reader, epoch):
    records = []
    for r in reader.root.findall("processing/geometry/dopplerRate"):
        poly = reader.node("dopplerRatePolynomial", "azimuth FM rate polynomial", base=r)
        time = datetime_to_seconds(reader.read_time("timeUTC", "Doppler rate time", base=r),
                                   epoch)
        records.append({
            "time_s": float(time),
            "reference_range_time_s": reader.read_float(
                "referencePoint", "range time origin of the FM rate polynomial", base=poly),
            "coefficients": _polynomial(reader, poly, "dopplerRate/dopplerRatePolynomial").tolist(),
        })
    records.sort(key=lambda e: e["time_s"])
    return records


def _range_time_polynomial_function(records):
    """Return f(azimuth_time_s, slant_range_m) from polynomials in two-way range time (s).

    Each record's polynomial is evaluated, then linearly interpolated in azimuth time between
    records (held constant beyond the ends); None when there are no records.
    """
    if not records:
        return None
    times = np.array([r["time_s"] for r in records])
    refs = np.array([r["reference_range_time_s"] for r in records])
    degree = max(len(r["coefficients"]) for r in records)
    coeffs = np.zeros((len(records), degree))
    for i, r in enumerate(records):
        coeffs[i, :len(r["coefficients"])] = r["coefficients"]

    def evaluate(azimuth_time_s, slant_range_m):
        t = np.asarray(azimuth_time_s, dtype=np.float64)
        tau = 2.0 * np.asarray(slant_range_m, dtype=np.float64) / SPEED_OF_LIGHT
        t, tau = np.broadcast_arrays(t, tau)

        def poly(i):
            x = tau - refs[i]
            out = np.zeros(x.shape)
            for k in range(degree - 1, -1, -1):
                out = out * x + coeffs[i, k]
            return out

        if len(records) == 1:
            return poly(np.zeros(t.shape, dtype=int))
        i = np.clip(np.searchsorted(times, t) - 1, 0, len(times) - 2)
        w = np.clip((t - times[i]) / (times[i + 1] - times[i]), 0.0, 1.0)
        return (1.0 - w) * poly(i) + w * poly(i + 1)

    return evaluate


def doppler_centroid_function(geometry):
    """Doppler centroid f(azimuth_time_s, slant_range_m) -> Hz of a TSX geometry, or None."""
    return _range_time_polynomial_function(geometry.extra.get("doppler_centroid") or [])


def azimuth_fm_rate_function(geometry):
    """Azimuth FM rate f(azimuth_time_s, slant_range_m) -> Hz/s of a TSX geometry, or None."""
    return _range_time_polynomial_function(geometry.extra.get("azimuth_fm_rate") or [])


# --------------------------------------------------------------------------------------------
# GEOREF.xml

def _georef_path(root, xml_path):
    folder = os.path.dirname(os.path.abspath(xml_path))
    for node in root.findall("productComponents/annotation"):
        kind = (node.findtext("type") or "").strip().upper()
        if kind == "GEOREF":
            sub = (node.findtext("file/location/path") or "").strip()
            name = (node.findtext("file/location/filename") or "").strip()
            if name:
                return os.path.join(folder, sub, name)
    return os.path.join(folder, "ANNOTATION", "GEOREF.xml")


GEOREF_FIX = ("copy the product again, or delete GEOREF.xml to have the GCPs computed from the "
              "orbit")
# Bounds of the summed propagation effects: no atmosphere delays an X-band echo by 150 m, and
# a timing offset of 1 ms would misplace every pixel by 7 m.
MAX_RANGE_DELAY_S = 1e-6
MAX_AZIMUTH_SHIFT_S = 1e-3
_EFFECTS = (("rangeDelay", "range_delay"), ("azimuthShift", "azimuth_shift"))


@dataclass
class ImageTiming:
    """The image's own (annotated) times, to which GEOREF.xml's t and tau refer."""

    epoch: np.datetime64  # the orbit's epoch: times below are seconds since it
    first_line_time_s: float  # sceneInfo/start/timeUTC
    line_interval_s: float
    first_pixel_range_time_s: float  # sceneInfo/rangeTime/firstPixel, two-way (s)
    range_sampling_rate_hz: float
    samples: int

    @property
    def range_time_spacing_s(self):
        """Two-way range time (s) between samples."""
        return 1.0 / self.range_sampling_rate_hz

    @property
    def mid_range_time_s(self):
        """Two-way range time (s) of the image's middle sample."""
        return self.first_pixel_range_time_s + 0.5 * (self.samples - 1) * self.range_time_spacing_s


def read_georef(georef_path):
    """FieldReader of GEOREF.xml, or None when the file is absent."""
    if not os.path.isfile(georef_path):
        return None
    root = parse_xml(georef_path, fix=GEOREF_FIX)
    return FieldReader(root, georef_path, "TerraSAR-X GEOREF.xml", fix=GEOREF_FIX)


def read_propagation_effects(reader):
    """Return the records of geoReference/signalPropagationEffects/{rangeDelay, azimuthShift}.

    Each: kind ("range_delay" or "azimuth_shift"), model_name, model_version, source (e.g.
    hydrostatic / 1.0 / ATMOS), reference_range_time_s, validity_range_min_s and
    validity_range_max_s (None when absent) and the polynomial's coefficients (seconds per
    second^k of two-way range time minus the reference).
    """
    records = []
    for tag, kind in _EFFECTS:
        where = f"signalPropagationEffects/{tag}"
        for node in reader.root.findall(where):
            records.append({
                "kind": kind, "model_name": node.attrib.get("modelName", ""),
                "model_version": node.attrib.get("modelVersion", ""),
                "source": node.attrib.get("source", ""),
                "reference_range_time_s": reader.read_float(
                    "referencePoint", "range time origin of the polynomial", base=node,
                    where=where),
                "validity_range_min_s": reader.read_float("validityRangeMin", "", False, node,
                                                          where),
                "validity_range_max_s": reader.read_float("validityRangeMax", "", False, node,
                                                          where),
                "coefficients": _polynomial(reader, node, where).tolist()})
    return records


def propagation_totals(records, range_time_s):
    """Return (range delay, azimuth shift) in seconds: each kind's records summed at a time.

    The polynomials are evaluated at two-way range time ``range_time_s`` (s); the range delay
    is two-way.
    """
    totals = {"range_delay": 0.0, "azimuth_shift": 0.0}
    for record in records:
        x = float(range_time_s) - record["reference_range_time_s"]
        value = 0.0
        for c in reversed(record["coefficients"]):
            value = value * x + c
        totals[record["kind"]] += value
    return totals["range_delay"], totals["azimuth_shift"]


def _check_totals(reader, range_delay_s, azimuth_shift_s):
    for value, bound, what in ((range_delay_s, MAX_RANGE_DELAY_S, "rangeDelay"),
                               (azimuth_shift_s, MAX_AZIMUTH_SHIFT_S, "azimuthShift")):
        if not abs(value) <= bound:  # also NaN
            reader.fail(f"signalPropagationEffects/{what}", "summed over its records",
                        f"gives {value!r} s, more than the {bound:g} s a real product can have")


def read_georef_gcps(reader, image):
    """GCPs (line, sample, lat, lon, height) of GEOREF.xml's grid in the image's pixels.

    ``reader``: ``read_georef``'s FieldReader (None: no GCPs); ``image``: ImageTiming.
    """
    if reader is None:
        return []
    grid = reader.node("geolocationGrid", "geolocation grid")
    t_ref = datetime_to_seconds(reader.read_time(
        "gridReferenceTime/tReferenceTimeUTC", "azimuth reference time", base=grid), image.epoch)
    tau_ref = reader.read_float("gridReferenceTime/tauReferenceTime", "range reference time",
                                base=grid)
    gcps = []
    for p in grid.findall("gridPoint"):
        t = float(t_ref) + reader.read_float("t", "azimuth time of the grid point", base=p)
        tau = tau_ref + reader.read_float("tau", "range time of the grid point", base=p)
        line = (t - image.first_line_time_s) / image.line_interval_s
        sample = (tau - image.first_pixel_range_time_s) / image.range_time_spacing_s
        gcps.append((float(line), float(sample),
                     reader.read_float("lat", "latitude", base=p, minimum=-90.0, maximum=90.0),
                     reader.read_float("lon", "longitude", base=p, minimum=-180.0,
                                       maximum=180.0),
                     reader.read_float("height", "ellipsoidal height", base=p)))
    return gcps


# --------------------------------------------------------------------------------------------
# the reader

# Velocities from the positions (see the module docstring, "State vector velocities").
VELOCITY_FIT_VECTORS = 10  # state vectors per least-squares fit
VELOCITY_FIT_DEGREE = 7  # TerraSAR-X's recommended orbit polynomial degree (recPolDegree)
MIN_VELOCITY_FIT_VECTORS = 8  # fewer (degree < 6): the annotated velocities are kept
MAX_VELOCITY_FIT_RESIDUAL_M = 1e-3  # worse position fits: the annotated velocities are kept
VELOCITY_AGREEMENT_M_S = 1e-4  # RMS difference below which the annotated velocities are kept
VELOCITY_DISAGREEMENT_M_S = 0.05  # above: not rounding; kept for the plausibility check to judge


def velocities_from_positions(times_s, positions_m, vectors=VELOCITY_FIT_VECTORS,
                              degree=VELOCITY_FIT_DEGREE):
    """Return (velocities (n, 3) m/s, largest position residual m): the positions' derivative.

    Each vector's velocity is the derivative, at its time, of a least-squares polynomial of
    degree ``degree`` (at most ``vectors`` - 2) through the positions of the ``vectors`` state
    vectors around it, times normalised to [-1, 1] over them; the residual is the largest RMS
    position misfit of these polynomials. On the real TerraSAR-X products (0.3 mm RMS misfit,
    vectors 10 s apart) the derivative is accurate to about 0.03 mm/s.
    """
    times = np.asarray(times_s, dtype=np.float64)
    positions = np.asarray(positions_m, dtype=np.float64)
    count = min(int(vectors), len(times))
    order = min(int(degree), count - 2)
    poly = np.polynomial.polynomial
    out, residual = np.empty_like(positions), 0.0
    for i in range(len(times)):
        first = int(np.clip(i - count // 2, 0, len(times) - count))
        t, p = times[first:first + count], positions[first:first + count]
        centre, half = 0.5 * (t[0] + t[-1]), 0.5 * (t[-1] - t[0])
        tau = (t - centre) / half
        coefficients = poly.polyfit(tau, p - p.mean(axis=0), order)
        misfit = poly.polyval(tau, coefficients).T - (p - p.mean(axis=0))
        residual = max(residual, float(np.sqrt(np.mean(misfit ** 2))))
        out[i] = poly.polyval((times[i] - centre) / half, poly.polyder(coefficients)) / half
    return out, residual


def _consistent_velocities(orbit):
    """Return (orbit, which velocities, RMS difference m/s) as the module docstring says."""
    if len(orbit.times) < MIN_VELOCITY_FIT_VECTORS:
        return orbit, "annotated", None
    derived, residual = velocities_from_positions(orbit.times, orbit.positions)
    difference = float(np.sqrt(np.mean(np.sum((derived - orbit.velocities) ** 2, axis=1))))
    if not (residual <= MAX_VELOCITY_FIT_RESIDUAL_M
            and VELOCITY_AGREEMENT_M_S < difference < VELOCITY_DISAGREEMENT_M_S):
        return orbit, "annotated", difference
    return Orbit(orbit.epoch, orbit.times, orbit.positions, derived), "from positions", difference


def _read_orbit(r):
    """Return (orbit, extra): platform/orbit/stateVec sorted by time, duplicates refused.

    The velocities are made consistent with the positions (``_consistent_velocities``); extra
    says which were kept.
    """
    vectors = r.root.findall("platform/orbit/stateVec")
    where = [f"platform/orbit/stateVec[{i + 1}]" for i in range(len(vectors))]
    times = np.array([r.read_time("timeUTC", "state vector time", base=v, where=w)
                      for v, w in zip(vectors, where)], dtype="datetime64[ns]")
    pos = [[r.read_float(f"pos{c}", f"ECEF position {c}, m", base=v, where=w) for c in "XYZ"]
           for v, w in zip(vectors, where)]
    vel = [[r.read_float(f"vel{c}", f"ECEF velocity {c}, m/s", base=v, where=w)
            for c in "XYZ"] for v, w in zip(vectors, where)]
    order = np.argsort(times, kind="stable")
    orbit = build_orbit(times[order], np.reshape(pos, (-1, 3))[order],
                        np.reshape(vel, (-1, 3))[order], f"TerraSAR-X product {r.source}",
                        "platform/orbit/stateVec")
    orbit, which, difference = _consistent_velocities(orbit)
    return orbit, {"orbit_velocities": which, "annotated_velocity_difference_m_s": difference}


def _check_variant(r, xml_path):
    """Return (variant, imaging mode) of an SSC product; ProductError for what is unsupported."""
    variant = r.text("productInfo/productVariantInfo/productVariant",
                     "product variant SSC/MGD/GEC/EEC").upper()
    if variant not in SUPPORTED_VARIANTS:
        raise ProductError(f"{xml_path} is a TerraSAR-X {variant} product: only SSC (slant-range "
                           f"complex) products are supported for geometry; MGD/GEC/EEC are "
                           f"ground-range or geocoded. Use the SSC variant of the acquisition.")
    mode = (r.text("productInfo/acquisitionInfo/imagingMode", "imaging mode", False) or "").upper()
    if mode == "SC":
        raise ProductError(f"{xml_path} is a ScanSAR SSC product (one COSAR burst file per beam), "
                           f"which is not supported: use a StripMap or SpotLight SSC product.")
    coordinate_type = r.text("productSpecific/complexImageInfo/imageCoordinateType",
                             "image coordinate type", False)
    if coordinate_type is not None and coordinate_type.upper() != "ZERODOPPLER":
        raise ProductError(f"{xml_path} has imageCoordinateType {coordinate_type}; only "
                           f"ZERODOPPLER SSC images are supported.")
    return variant, mode


def _line_interval(r, xml_path):
    """Return (line interval s, commonPRF, settingRecord PRF) by the docstring's priorities."""
    column_spacing = r.read_float(RASTER + "columnSpacing", "azimuth line spacing", False)
    common_prf = r.read_float("productSpecific/complexImageInfo/commonPRF", "line rate", False)
    raw_prf = r.read_float("instrument/settings/settingRecord/PRF", "pulse repetition frequency",
                           False)
    if column_spacing:
        return column_spacing, common_prf, raw_prf
    if common_prf:
        return 1.0 / common_prf, common_prf, raw_prf
    if raw_prf:
        return 1.0 / raw_prf, common_prf, raw_prf
    raise ProductError(f"TerraSAR-X product {xml_path} gives no line interval: it lacks "
                       f"imageRaster/columnSpacing, complexImageInfo/commonPRF and "
                       f"settingRecord/PRF.")


def _range_sampling_rate(r, xml_path):
    """Range sampling rate (Hz) by the docstring's priorities."""
    common_rsf = r.read_float("productSpecific/complexImageInfo/commonRSF", "range sampling rate",
                              False)
    row_spacing = r.read_float(RASTER + "rowSpacing", "range sample spacing", False)
    raw_rsf = r.read_float("instrument/settings/RSF", "range sampling frequency", False)
    if common_rsf:
        return common_rsf
    if row_spacing:
        return 1.0 / row_spacing
    if raw_rsf:
        return raw_rsf
    raise ProductError(f"TerraSAR-X product {xml_path} gives no range sampling rate: it lacks "
                       f"complexImageInfo/commonRSF, imageRaster/rowSpacing and "
                       f"instrument/settings/RSF.")


def _processing_extra(r, layer_index, epoch):
    """Doppler, FM rate, bandwidths, windows, calibration and SAR Height's extension."""
    extra = {
        "doppler_centroid": _read_doppler_centroid(r, layer_index, epoch),
        "azimuth_fm_rate": _read_fm_rate(r, epoch),
        "zero_doppler_velocity_m_s": r.read_float(
            "processing/geometry/zeroDopplerVelocity/velocity", "", False),
    }
    parameter = "processing/processingParameter/"
    for key, tag in (("range_look_bandwidth_hz", "rangeLookBandwidth"),
                     ("azimuth_look_bandwidth_hz", "azimuthLookBandwidth"),
                     ("total_processed_azimuth_bandwidth_hz", "totalProcessedAzimuthBandwidth"),
                     ("azimuth_window_coefficient", "azimuthWindowCoefficient"),
                     ("range_window_coefficient", "rangeWindowCoefficient")):
        extra[key] = r.read_float(parameter + tag, "", False)
    for key, tag in (("azimuth_window", "azimuthWindowID"), ("range_window", "rangeWindowID")):
        value = r.text(parameter + tag, "", False)
        extra[key] = value.upper() if value else None
    extra.update(_read_extension(r, epoch))
    constants = r.root.findall("calibration/calibrationConstant")
    chosen = [c for c in constants if c.attrib.get("layerIndex") == layer_index] or constants[:1]
    if chosen:
        extra["cal_factor"] = r.read_float("calFactor", "calibration factor", False, chosen[0])
    return extra


def _image_timing(r, xml_path, epoch):
    """ImageTiming of the annotated image (sceneInfo, imageRaster, sampling)."""
    line_interval, _, _ = _line_interval(r, xml_path)
    return ImageTiming(
        epoch=epoch,
        first_line_time_s=float(datetime_to_seconds(r.read_time(
            "productInfo/sceneInfo/start/timeUTC", "time of the first line"), epoch)),
        line_interval_s=float(line_interval),
        first_pixel_range_time_s=r.read_float("productInfo/sceneInfo/rangeTime/firstPixel",
                                              "two-way range time of the first sample",
                                              positive=True),
        range_sampling_rate_hz=_range_sampling_rate(r, xml_path),
        samples=r.read_int(RASTER + "numberOfColumns", "number of range samples", minimum=1))


def _propagation(georef, image):
    """Return (records, range delay s, azimuth shift s) of GEOREF.xml (none without it)."""
    if georef is None:
        return [], 0.0, 0.0
    records = read_propagation_effects(georef)
    range_delay, azimuth_shift = propagation_totals(records, image.mid_range_time_s)
    _check_totals(georef, range_delay, azimuth_shift)
    return records, range_delay, azimuth_shift


def geometry_from_level1(root, xml_path, polarisation=None):
    """AcquisitionGeometry of one polarisation layer of a parsed level1Product XML root.

    In vacuum, zero-Doppler times: GEOREF.xml's propagation effects removed (module docstring).
    """
    r = _reader(root, xml_path)
    variant, mode = _check_variant(r, xml_path)
    orbit, orbit_extra = _read_orbit(r)
    epoch = orbit.epoch
    image = _image_timing(r, xml_path, epoch)
    _, common_prf, raw_prf = _line_interval(r, xml_path)
    look = r.text("productInfo/acquisitionInfo/lookDirection", "look direction RIGHT/LEFT").lower()
    if look not in ("right", "left"):
        raise ProductError(f"TerraSAR-X product {xml_path}: lookDirection is {look.upper()!r}, "
                           f"expected RIGHT or LEFT.")
    frequency = r.read_float("instrument/radarParameters/centerFrequency",
                             "radar centre frequency, Hz", positive=True)
    layers = image_layers(root, xml_path)
    layer_index, pol, relative_image = _select_layer(layers, polarisation, xml_path)
    folder = os.path.dirname(os.path.abspath(xml_path))
    georef_path = _georef_path(root, xml_path)
    georef = read_georef(georef_path)
    records, range_delay, azimuth_shift = _propagation(georef, image)

    extra = {
        "product_variant": variant,
        "product_type_code": r.text("productInfo/productVariantInfo/productType", "", False),
        "imaging_mode": mode or None,
        "pass": r.text("productInfo/missionInfo/orbitDirection", "", False),
        "range_sampling_rate_hz": image.range_sampling_rate_hz,
        "prf_hz": raw_prf,
        "common_prf_hz": common_prf,
        "image_file": os.path.join(folder, relative_image),
        "image_files": {p: os.path.join(folder, rel) for _, p, rel in layers},
        "layer_index": layer_index,
        "georef_file": georef_path if georef is not None else None,
        "signal_propagation_effects": records,
        "range_delay_s": range_delay,
        "range_delay_m": range_delay * SPEED_OF_LIGHT / 2.0,
        "azimuth_shift_s": azimuth_shift,
        **orbit_extra,
        **_processing_extra(r, layer_index, epoch),
    }
    geometry = AcquisitionGeometry(
        mission=r.text("productInfo/missionInfo/mission", "mission name"),
        product_type=variant,
        orbit=orbit,
        wavelength_m=SPEED_OF_LIGHT / frequency,
        look_side=look,
        first_line_time_s=image.first_line_time_s - azimuth_shift,
        azimuth_time_interval_s=image.line_interval_s,
        lines=r.read_int(RASTER + "numberOfRows", "number of azimuth lines", minimum=1),
        samples=image.samples,
        near_slant_range_m=(image.first_pixel_range_time_s - range_delay) * SPEED_OF_LIGHT / 2.0,
        range_pixel_spacing_m=SPEED_OF_LIGHT / (2.0 * image.range_sampling_rate_hz),
        doppler_hz=None,
        swath=r.text("productInfo/acquisitionInfo/elevationBeamConfiguration", "", False) or "",
        polarisation=pol,
        reference_height_m=r.read_float("productInfo/sceneInfo/sceneAverageHeight",
                                        "scene average height", False),
        source=xml_path,
        extra=extra,
    )
    geometry.gcps = read_georef_gcps(georef, image)
    if geometry.gcps:  # set after the geometry was built (and checked): check them too
        check_gcps(geometry)
    else:
        ensure_gcps(geometry)
    return geometry


def _read_extension(reader, epoch):
    """<sarHeightExtension> of SAR Height's simulated products (absent in real products)."""
    t_ref = reader.read_time("sarHeightExtension/azimuthSpectrumReferenceTimeUTC", "", False)
    out = {"processor_zenith_delay_m": reader.read_float(
        "sarHeightExtension/processorZenithDelay", "", False),
        "azimuth_spectrum_rate_hz_s": reader.read_float(
            "sarHeightExtension/azimuthSpectrumRate", "", False),
        "azimuth_spectrum_reference_time_s": None}
    if t_ref is not None:
        out["azimuth_spectrum_reference_time_s"] = float(datetime_to_seconds(t_ref, epoch))
    return out


def read_terrasar(path, polarisation=None):
    """AcquisitionGeometry of a TerraSAR-X/TanDEM-X/PAZ SSC product (XML or product folder)."""
    xml_path = find_level1_xml(path)
    return geometry_from_level1(parse_level1_xml(xml_path), xml_path, polarisation)


def list_polarisations(path):
    """Polarisation layers (e.g. ['HH', 'VV']) of a TerraSAR-X product."""
    xml_path = find_level1_xml(path)
    return [p for _, p, _ in image_layers(parse_level1_xml(xml_path), xml_path)]


def open_terrasar_raster(xml_path, polarisation=None):
    """GDAL dataset (one CInt16 band, lines x samples) of the COSAR file of one layer."""
    from osgeo import gdal  # heavy import kept local

    xml_path = find_level1_xml(xml_path)
    root = parse_level1_xml(xml_path)
    _, pol, relative = _select_layer(image_layers(root, xml_path), polarisation, xml_path)
    cos_path = os.path.join(os.path.dirname(os.path.abspath(xml_path)), relative)
    if not os.path.isfile(cos_path):
        raise ProductError(f"The COSAR file {cos_path} of the {pol} layer listed in {xml_path} "
                           f"is missing: copy the product's IMAGEDATA folder too.")
    dataset = gdal.OpenEx(cos_path, gdal.OF_RASTER | gdal.OF_READONLY, allowed_drivers=["COSAR"])
    if dataset is None:
        raise ProductError(f"GDAL cannot open {cos_path} as a COSAR raster "
                           f"({gdal.GetLastErrorMsg() or 'no COSAR header'}); the file may be "
                           f"damaged: copy the product again.")
    r = _reader(root, xml_path)
    rows = r.read_int(RASTER + "numberOfRows", "number of azimuth lines", minimum=1)
    cols = r.read_int(RASTER + "numberOfColumns", "number of range samples", minimum=1)
    if (dataset.RasterYSize, dataset.RasterXSize) != (rows, cols):
        raise ProductError(f"{cos_path} is {dataset.RasterYSize} x {dataset.RasterXSize} pixels "
                           f"but {xml_path} says {rows} x {cols}: the COSAR file does not belong "
                           f"to this annotation.")
    return dataset
