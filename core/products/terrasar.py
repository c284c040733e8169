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
reference times. The grid's signalPropagationEffects (atmospheric delays) are ignored.

Priorities: line interval = columnSpacing, else 1/commonPRF, else 1/settingRecord PRF; range
sampling rate = commonRSF, else 1/rowSpacing, else instrument RSF; slant spacing c/(2 RSF).
SSC images are focused to zero-Doppler geometry, so ``doppler_hz`` is None; the Doppler centroid
and FM-rate polynomials are kept in ``extra`` (times in seconds since the orbit epoch), with
``doppler_centroid_function`` / ``azimuth_fm_rate_function`` to evaluate them.
"""
import os
import xml.etree.ElementTree as ET

import numpy as np

from ..geometry.orbit import datetime_to_seconds
from .acquisition import SPEED_OF_LIGHT, AcquisitionGeometry, ProductError
from .fields import FieldReader, build_orbit, parse_xml
from .gcps import ensure_gcps
from .plausibility import check_gcps

ROOT_TAG = "level1Product"
SUPPORTED_VARIANTS = ("SSC",)


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


def read_georef_gcps(georef_path, geometry, range_time_spacing_s):
    """GCPs (line, sample, lat, lon, height) from GEOREF.xml, or [] when the file is absent."""
    if not os.path.isfile(georef_path):
        return []
    root = parse_xml(georef_path, fix="copy the product again, or delete GEOREF.xml to have "
                                      "the GCPs computed from the orbit")
    reader = FieldReader(root, georef_path, "TerraSAR-X GEOREF.xml",
                         fix="copy the product again, or delete GEOREF.xml to have the GCPs "
                             "computed from the orbit")
    grid = reader.node("geolocationGrid", "geolocation grid")
    epoch = geometry.orbit.epoch
    t_ref = datetime_to_seconds(reader.read_time(
        "gridReferenceTime/tReferenceTimeUTC", "azimuth reference time", base=grid), epoch)
    tau_ref = reader.read_float("gridReferenceTime/tauReferenceTime", "range reference time",
                                base=grid)
    tau0 = 2.0 * geometry.near_slant_range_m / SPEED_OF_LIGHT
    gcps = []
    for p in grid.findall("gridPoint"):
        t = float(t_ref) + reader.read_float("t", "azimuth time of the grid point", base=p)
        tau = tau_ref + reader.read_float("tau", "range time of the grid point", base=p)
        line = (t - geometry.first_line_time_s) / geometry.azimuth_time_interval_s
        sample = (tau - tau0) / range_time_spacing_s
        gcps.append((float(line), float(sample),
                     reader.read_float("lat", "latitude", base=p, minimum=-90.0, maximum=90.0),
                     reader.read_float("lon", "longitude", base=p, minimum=-180.0,
                                       maximum=180.0),
                     reader.read_float("height", "ellipsoidal height", base=p)))
    return gcps


# --------------------------------------------------------------------------------------------
# the reader

def _read_orbit(r):
    """Orbit of platform/orbit/stateVec, sorted by time (duplicates are refused)."""
    vectors = r.root.findall("platform/orbit/stateVec")
    where = [f"platform/orbit/stateVec[{i + 1}]" for i in range(len(vectors))]
    times = np.array([r.read_time("timeUTC", "state vector time", base=v, where=w)
                      for v, w in zip(vectors, where)], dtype="datetime64[ns]")
    pos = [[r.read_float(f"pos{c}", f"ECEF position {c}, m", base=v, where=w) for c in "XYZ"]
           for v, w in zip(vectors, where)]
    vel = [[r.read_float(f"vel{c}", f"ECEF velocity {c}, m/s", base=v, where=w)
            for c in "XYZ"] for v, w in zip(vectors, where)]
    order = np.argsort(times, kind="stable")
    return build_orbit(times[order], np.reshape(pos, (-1, 3))[order],
                       np.reshape(vel, (-1, 3))[order], f"TerraSAR-X product {r.source}",
                       "platform/orbit/stateVec")


def geometry_from_level1(root, xml_path, polarisation=None):
    """AcquisitionGeometry of one polarisation layer of a parsed level1Product XML root."""
    r = _reader(root, xml_path)
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

    orbit = _read_orbit(r)
    epoch = orbit.epoch

    raster = "productInfo/imageDataInfo/imageRaster/"
    lines = r.read_int(raster + "numberOfRows", "number of azimuth lines", minimum=1)
    samples = r.read_int(raster + "numberOfColumns", "number of range samples", minimum=1)
    first_line = datetime_to_seconds(r.read_time("productInfo/sceneInfo/start/timeUTC",
                                                 "time of the first line"), epoch)
    near_range_time = r.read_float("productInfo/sceneInfo/rangeTime/firstPixel",
                                   "two-way range time of the first sample", positive=True)

    column_spacing = r.read_float(raster + "columnSpacing", "azimuth line spacing", False)
    common_prf = r.read_float("productSpecific/complexImageInfo/commonPRF", "line rate", False)
    raw_prf = r.read_float("instrument/settings/settingRecord/PRF", "pulse repetition frequency",
                       False)
    if column_spacing:
        line_interval = column_spacing
    elif common_prf:
        line_interval = 1.0 / common_prf
    elif raw_prf:
        line_interval = 1.0 / raw_prf
    else:
        raise ProductError(f"TerraSAR-X product {xml_path} gives no line interval: it lacks "
                           f"imageRaster/columnSpacing, complexImageInfo/commonPRF and "
                           f"settingRecord/PRF.")

    common_rsf = r.read_float("productSpecific/complexImageInfo/commonRSF", "range sampling rate",
                          False)
    row_spacing = r.read_float(raster + "rowSpacing", "range sample spacing", False)
    raw_rsf = r.read_float("instrument/settings/RSF", "range sampling frequency", False)
    if common_rsf:
        rsf = common_rsf
    elif row_spacing:
        rsf = 1.0 / row_spacing
    elif raw_rsf:
        rsf = raw_rsf
    else:
        raise ProductError(f"TerraSAR-X product {xml_path} gives no range sampling rate: it lacks "
                           f"complexImageInfo/commonRSF, imageRaster/rowSpacing and "
                           f"instrument/settings/RSF.")

    look = r.text("productInfo/acquisitionInfo/lookDirection", "look direction RIGHT/LEFT").lower()
    if look not in ("right", "left"):
        raise ProductError(f"TerraSAR-X product {xml_path}: lookDirection is {look.upper()!r}, "
                           f"expected RIGHT or LEFT.")
    frequency = r.read_float("instrument/radarParameters/centerFrequency",
                             "radar centre frequency, Hz", positive=True)

    layers = image_layers(root, xml_path)
    layer_index, pol, relative_image = _select_layer(layers, polarisation, xml_path)
    folder = os.path.dirname(os.path.abspath(xml_path))

    extra = {
        "product_variant": variant,
        "product_type_code": r.text("productInfo/productVariantInfo/productType", "", False),
        "imaging_mode": mode or None,
        "pass": r.text("productInfo/missionInfo/orbitDirection", "", False),
        "range_sampling_rate_hz": rsf,
        "prf_hz": raw_prf,
        "common_prf_hz": common_prf,
        "image_file": os.path.join(folder, relative_image),
        "image_files": {p: os.path.join(folder, rel) for _, p, rel in layers},
        "layer_index": layer_index,
        "doppler_centroid": _read_doppler_centroid(r, layer_index, epoch),
        "azimuth_fm_rate": _read_fm_rate(r, epoch),
        "zero_doppler_velocity_m_s": r.read_float(
            "processing/geometry/zeroDopplerVelocity/velocity", "", False),
        "range_look_bandwidth_hz": r.read_float(
            "processing/processingParameter/rangeLookBandwidth", "", False),
        "azimuth_look_bandwidth_hz": r.read_float(
            "processing/processingParameter/azimuthLookBandwidth", "", False),
        "total_processed_azimuth_bandwidth_hz": r.read_float(
            "processing/processingParameter/totalProcessedAzimuthBandwidth", "", False),
    }
    parameter = "processing/processingParameter/"
    for key, tag in (("azimuth_window", "azimuthWindowID"), ("range_window", "rangeWindowID")):
        value = r.text(parameter + tag, "", False)
        extra[key] = value.upper() if value else None
    for key, tag in (("azimuth_window_coefficient", "azimuthWindowCoefficient"),
                     ("range_window_coefficient", "rangeWindowCoefficient")):
        extra[key] = r.read_float(parameter + tag, "", False)
    extra.update(_read_extension(r, epoch))
    constants = root.findall("calibration/calibrationConstant")
    chosen = [c for c in constants if c.attrib.get("layerIndex") == layer_index] or constants[:1]
    if chosen:
        extra["cal_factor"] = r.read_float("calFactor", "calibration factor", False, chosen[0])

    geometry = AcquisitionGeometry(
        mission=r.text("productInfo/missionInfo/mission", "mission name"),
        product_type=variant,
        orbit=orbit,
        wavelength_m=SPEED_OF_LIGHT / frequency,
        look_side=look,
        first_line_time_s=float(first_line),
        azimuth_time_interval_s=float(line_interval),
        lines=lines,
        samples=samples,
        near_slant_range_m=near_range_time * SPEED_OF_LIGHT / 2.0,
        range_pixel_spacing_m=SPEED_OF_LIGHT / (2.0 * rsf),
        doppler_hz=None,
        swath=r.text("productInfo/acquisitionInfo/elevationBeamConfiguration", "", False) or "",
        polarisation=pol,
        reference_height_m=r.read_float("productInfo/sceneInfo/sceneAverageHeight",
                                    "scene average height", False),
        source=xml_path,
        extra=extra,
    )
    georef = _georef_path(root, xml_path)
    geometry.gcps = read_georef_gcps(georef, geometry, 1.0 / rsf)
    extra["georef_file"] = georef if os.path.isfile(georef) else None
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
    raster = "productInfo/imageDataInfo/imageRaster/"
    rows = r.read_int(raster + "numberOfRows", "number of azimuth lines", minimum=1)
    cols = r.read_int(raster + "numberOfColumns", "number of range samples", minimum=1)
    if (dataset.RasterYSize, dataset.RasterXSize) != (rows, cols):
        raise ProductError(f"{cos_path} is {dataset.RasterYSize} x {dataset.RasterXSize} pixels "
                           f"but {xml_path} says {rows} x {cols}: the COSAR file does not belong "
                           f"to this annotation.")
    return dataset
