"""Write a TerraSAR-X-like level-1b SSC product: ``level1Product`` XML + COSAR raster.

The XML holds every element that :mod:`core.products.terrasar` reads (see its docstring), so
``read_terrasar(write_terrasar_product(...))`` round-trips every geometry field, and, so that a
synthetic product looks like a real one (compared element by element with the real TDX-1 and
TSX-1 Staring Spotlight products in test/data/tsx_staring_spotlight), the descriptive fields
real products carry that follow from the geometry: the general header, the product components
(MAIN annotation, file sizes), acquisition and image data information, the scene centre and
corners (zero-Doppler times, range times, latitude, longitude, incidence angle), the heading of
the zero-Doppler footprint and the scene's extents, the projected pixel spacings, the orbit
header and the state vectors' attributes, and in GEOREF.xml the grid spacing, the tie points'
row/col/incidence and the signal propagation effects. What a synthetic product cannot know
(instrument settings, calibration data, noise, attitude, quality flags, order information) is
left out. Times are written with nanosecond digits (real products use microseconds; the reader
accepts both).

Image and geometric times: the geometry is the vacuum, zero-Doppler geometry; when it carries
GEOREF propagation effects (``range_delay_s``, ``azimuth_shift_s``,
``signal_propagation_effects``, as the reader returns them) the annotated times are the image's,
geometric + range delay and + azimuth shift, as in a real product, and GEOREF.xml (with
georef=True) lists the effects, so that the reader removes them again. Written without
GEOREF.xml, such a product reads back in the image's times (as a real product whose GEOREF.xml
was deleted).

Layout of the product folder (as delivered by DLR)::

    <folder>/<product name>.xml
    <folder>/IMAGEDATA/IMAGE_<POL>_SRA_<beam>.cos
    <folder>/ANNOTATION/GEOREF.xml            (only with georef=True)

COSAR ("COmplex SAR", one file per polarisation layer; single burst here), all words big-endian.
Every range line, annotation lines included, is RTNB = (RS + 2) * 4 bytes long:

- line 1, burst annotation: BIB (bytes in burst = RTNB * (AS + 4)), RSRI (range sample relative
  index, 1), RS (range samples), AS (azimuth samples), BI (burst index, 1), RTNB, TNL (total
  number of lines, AS + 4), the magic ``CSAR``, the format version (uint32; GDAL 3.6 accepts
  1, read as CInt16, and 2, read as CFloat32; this writer uses 1), then two parameters that
  matter only for ScanSAR (written 0: a uint32 and a float64); the rest is filler 0x7F7F7F7F.
- lines 2-4: azimuth annotation, one uint32 per range sample after two filler words: ASRI
  (azimuth sample relative index, 1), ASFV (first valid azimuth sample, 1), ASLV (last valid
  azimuth sample, AS).
- AS data lines: RSFV and RSLV (first/last valid range sample, 1-based: 1 and RS) as uint32,
  then RS samples of int16 I followed by int16 Q.
GDAL's COSAR driver reads RS/AS at bytes 8/12, RTNB at byte 20, checks ``CSAR`` at byte 28 and
version 1 or 2 at byte 32 (anything else: "not recognized as a supported file format"), skips
four annotation lines, and per line uses RSFV/RSLV to place the samples that start 8 bytes into
the line (checked against GDAL 3.6 by the tests).
"""
import os
import re
import xml.etree.ElementTree as ET

import numpy as np
from numpy.polynomial import polynomial as npoly

from ..geometry.ellipsoid import ecef_to_geodetic, enu_basis, geodetic_to_ecef
from ..geometry.orbit import Orbit, seconds_to_datetime
from .acquisition import SPEED_OF_LIGHT
from .gcps import compute_gcps
from .terrasar import propagation_totals

FILLER = 0x7F7F7F7F
COSAR_VERSION = 1  # big-endian uint32; GDAL 3.6 accepts 1 (read as CInt16) and 2 (CFloat32)
EARTH_GM = 3.986004418e14  # m^3/s^2 (WGS84)
EARTH_ROTATION = 7.2921151467e-5  # rad/s (WGS84)

# Keys accepted in ``extra_metadata`` (same names as the reader's ``geometry.extra``).
METADATA_KEYS = {
    "product_name": "name of the product folder/XML (default TSX1_SAR__SSC______SM_S_SRA_<times>)",
    "imaging_mode": "SM (default), SL, HS or ST (staring spotlight)",
    "product_type_code": "productType string (default SSC______<mode>_S_SRA)",
    "pass": "ASCENDING or DESCENDING (default: from the orbit's z velocity)",
    "doppler_centroid": "constant Hz, or a list of {time_s, reference_range_time_s, "
                        "coefficients[, validity_range_min_s, validity_range_max_s]} "
                        "(default 0 Hz)",
    "azimuth_fm_rate": "list of {time_s, reference_range_time_s, coefficients} "
                       "(default: computed from the orbit at the reference height)",
    "prf_hz": "instrument PRF (default 1 / line interval)",
    "zero_doppler_velocity_m_s": "default: speed of the zero-Doppler footprint on the ground at "
                                 "the scene centre (as real products annotate it)",
    "range_look_bandwidth_hz": "processed range bandwidth (optional)",
    "azimuth_look_bandwidth_hz": "processed azimuth bandwidth (optional)",
    "total_processed_azimuth_bandwidth_hz": "total processed azimuth bandwidth (optional)",
    "cal_factor": "calibration constant calFactor (optional)",
    "azimuth_window": "azimuth spectral weighting, e.g. HAMMING (optional)",
    "azimuth_window_coefficient": "its coefficient, e.g. 0.6 for TerraSAR-X (optional)",
    "range_window": "range spectral weighting, e.g. HAMMING (optional)",
    "range_window_coefficient": "its coefficient (optional)",
    "signal_propagation_effects": "GEOREF.xml rangeDelay/azimuthShift records as the reader "
                                  "returns them (optional; written with georef=True)",
    "range_delay_s": "two-way range delay in the image's range times, s (optional; used "
                     "when signal_propagation_effects has no rangeDelay record)",
    "azimuth_shift_s": "azimuth time shift of the image's times, s (optional; used when "
                       "signal_propagation_effects has no azimuthShift record)",
    # Not TerraSAR-X annotation: written to <sarHeightExtension> (point-target simulations).
    "processor_zenith_delay_m": "zenith path delay the focusing assumed, metres (optional)",
    "azimuth_spectrum_reference_time_s": "staring-spotlight rotation-point zero-Doppler time, "
                                         "seconds since the orbit epoch (optional)",
    "azimuth_spectrum_rate_hz_s": "rate of the azimuth spectrum centre with zero-Doppler time, "
                                  "Hz/s (optional)",
}
_WINDOW_TAGS = (("azimuth_window", "azimuthWindowID"),
                ("azimuth_window_coefficient", "azimuthWindowCoefficient"),
                ("range_window", "rangeWindowID"),
                ("range_window_coefficient", "rangeWindowCoefficient"))
# Reader outputs that the writer derives itself and therefore ignores in geometry.extra.
_DERIVED_KEYS = {"product_variant", "range_sampling_rate_hz", "common_prf_hz", "image_file",
                 "image_files", "layer_index", "georef_file"}


# --------------------------------------------------------------------------------------------
# a realistic orbit for synthetic products

def circular_orbit(epoch, altitude_m=514.0e3, inclination_deg=97.44, node_longitude_deg=0.0,
                   argument_of_latitude_deg=0.0, start_s=-60.0, stop_s=60.0, step_s=10.0):
    """Keplerian circular orbit as ECEF state vectors (Earth rotation included).

    At ``epoch`` (t = 0) the inertial and Earth-fixed frames coincide, the ascending node lies at
    ``node_longitude_deg`` and the satellite at ``argument_of_latitude_deg`` from it. The default
    is TerraSAR-X-like: 514 km, sun-synchronous inclination 97.44 deg; 90 deg argument of latitude
    puts the satellite over the northernmost point, 0-90 deg ascending, 90-270 deg descending.
    """
    a = 6378137.0 + float(altitude_m)
    n = np.sqrt(EARTH_GM / a**3)
    inc = np.radians(inclination_deg)
    node = np.radians(node_longitude_deg)
    p_axis = np.array([np.cos(node), np.sin(node), 0.0])
    q_axis = np.array([-np.cos(inc) * np.sin(node), np.cos(inc) * np.cos(node), np.sin(inc)])
    times = np.arange(start_s, stop_s + 0.5 * step_s, step_s, dtype=np.float64)
    u = np.radians(argument_of_latitude_deg) + n * times
    r_eci = a * (np.cos(u)[:, None] * p_axis + np.sin(u)[:, None] * q_axis)
    v_eci = a * n * (-np.sin(u)[:, None] * p_axis + np.cos(u)[:, None] * q_axis)
    theta = EARTH_ROTATION * times
    c, s = np.cos(theta), np.sin(theta)

    def to_ecef(v):
        return np.stack([c * v[:, 0] + s * v[:, 1], -s * v[:, 0] + c * v[:, 1], v[:, 2]], axis=1)

    pos = to_ecef(r_eci)
    omega = np.array([0.0, 0.0, EARTH_ROTATION])
    vel = to_ecef(v_eci) - np.cross(omega, pos)
    return Orbit(epoch, times, pos, vel)


# --------------------------------------------------------------------------------------------
# COSAR

def write_cosar(path, slc, lines=None, samples=None, block_lines=1024):
    """Write a single-burst COSAR file of ``slc`` (complex, lines x samples) and return the path.

    Values are rounded to the nearest integer and must fit int16; scale them before. ``slc`` may
    be None with ``lines``/``samples`` given: a zero image.
    """
    path = str(path)
    if slc is None:
        if lines is None or samples is None:
            raise ValueError("write_cosar needs the image or its size (lines, samples).")
        nlines, nsamples = int(lines), int(samples)
    else:
        slc = np.asarray(slc)
        if slc.ndim != 2:
            raise ValueError(f"The SLC must be a 2-D array (lines, samples), not {slc.shape}.")
        nlines, nsamples = slc.shape
    if nsamples < 10:
        raise ValueError(f"COSAR needs at least 10 range samples so that the 48-byte burst "
                         f"header fits into one range line; got {nsamples}.")
    if nlines < 1:
        raise ValueError("The SLC has no lines.")
    rtnb = (nsamples + 2) * 4
    header = np.full(nsamples + 2, FILLER, dtype=">u4")
    header[:7] = [rtnb * (nlines + 4), 1, nsamples, nlines, 1, rtnb, nlines + 4]
    raw = bytearray(header.tobytes())
    raw[28:32] = b"CSAR"
    raw[32:36] = np.array([COSAR_VERSION], dtype=">u4").tobytes()
    raw[36:40] = np.array([0], dtype=">u4").tobytes()
    raw[40:48] = np.array([0.0], dtype=">f8").tobytes()
    azimuth = np.full((3, nsamples + 2), FILLER, dtype=">u4")
    azimuth[0, 2:] = 1  # ASRI
    azimuth[1, 2:] = 1  # ASFV
    azimuth[2, 2:] = nlines  # ASLV
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(bytes(raw))
        f.write(azimuth.tobytes())
        for start in range(0, nlines, block_lines):
            stop = min(nlines, start + block_lines)
            block = np.zeros((stop - start, nsamples + 2), dtype=">u4")
            block[:, 0] = 1  # RSFV
            block[:, 1] = nsamples  # RSLV
            if slc is not None:
                iq = np.empty((stop - start, nsamples, 2), dtype=np.float64)
                part = slc[start:stop]
                iq[..., 0] = np.rint(np.real(part))
                iq[..., 1] = np.rint(np.imag(part))
                if not np.all(np.isfinite(iq)) or iq.min() < -32768 or iq.max() > 32767:
                    raise ValueError("SLC values must be finite and within the int16 range "
                                     "-32768..32767 after rounding: scale the image first.")
                block[:, 2:] = iq.astype(">i2").view(">u4").reshape(stop - start, nsamples)
            f.write(block.tobytes())
    os.replace(tmp, path)
    return path


# --------------------------------------------------------------------------------------------
# XML helpers

def _num(value):
    return repr(float(value))


def _iso(epoch, seconds):
    return str(seconds_to_datetime(seconds, epoch)) + "Z"


def _sub(parent, tag, text=None, **attrib):
    node = ET.SubElement(parent, tag, {k: str(v) for k, v in attrib.items()})
    if text is not None:
        node.text = str(text)
    return node


def _polynomial(parent, tag, reference, coefficients, validity=None, units=None):
    poly = _sub(parent, tag)
    if validity is not None:
        if validity[0] is not None:
            _sub(poly, "validityRangeMin", _num(validity[0]))
        if validity[1] is not None:
            _sub(poly, "validityRangeMax", _num(validity[1]))
    _sub(poly, "referencePoint", _num(reference))
    _sub(poly, "polynomialDegree", len(coefficients) - 1)
    for k, c in enumerate(coefficients):
        if units:
            _sub(poly, "coefficient", _num(c), exponent=k, units=units)
        else:
            _sub(poly, "coefficient", _num(c), exponent=k)
    return poly


def _mission_prefix(mission):
    m = re.match(r"^([A-Za-z]+)-?(\d*)", mission or "")
    if not m:
        return "TSX1"
    return (m.group(1) + (m.group(2) or "")).upper()[:8]


def _fm_rate_from_orbit(geometry, height_m, rsf):
    """Azimuth FM rate records at first/mid/last line: -(2/lambda)(|V|^2 - A.(P-S))/R."""
    records = []
    tau0 = 2.0 * geometry.near_slant_range_m / SPEED_OF_LIGHT
    samples = np.linspace(0.0, geometry.samples - 1, 5)
    tau = tau0 + samples / rsf
    tau_ref = 0.5 * (tau[0] + tau[-1])
    for line in (0.0, 0.5 * (geometry.lines - 1), geometry.lines - 1.0):
        t, rng = geometry.image_to_radar(np.full(samples.shape, line), samples)
        target = geometry.rdr2geo(t, rng, height_m)
        pos, vel, acc = geometry.orbit.interpolate(t)
        d = target - pos
        r = np.linalg.norm(d, axis=-1)
        ka = -(2.0 / geometry.wavelength_m) * (np.einsum("ij,ij->i", vel, vel)
                                               - np.einsum("ij,ij->i", acc, d)) / r
        if not np.all(np.isfinite(ka)):
            raise ValueError("Cannot compute the azimuth FM rate: the slant ranges do not reach "
                             "the ground at the reference height; check the geometry or pass "
                             "extra_metadata['azimuth_fm_rate'].")
        coeffs = npoly.polyfit(tau - tau_ref, ka, 2)
        records.append({"time_s": float(t[0]), "reference_range_time_s": float(tau_ref),
                        "coefficients": [float(c) for c in coeffs]})
    return records


def _metadata(geometry, extra_metadata):
    extra_metadata = dict(extra_metadata or {})
    unknown = sorted(set(extra_metadata) - set(METADATA_KEYS))
    if unknown:
        accepted = ", ".join(sorted(METADATA_KEYS))
        raise ValueError(f"Unknown TerraSAR-X metadata {', '.join(unknown)}; accepted: {accepted}.")
    meta = {k: v for k, v in (geometry.extra or {}).items()
            if k in METADATA_KEYS and k not in _DERIVED_KEYS and v is not None}
    meta.update({k: v for k, v in extra_metadata.items() if v is not None})
    return meta


# --------------------------------------------------------------------------------------------
# the product

def write_terrasar_product(folder, geometry, slc=None, extra_metadata=None, georef=False):
    """Write ``geometry`` (+ ``slc``, complex lines x samples) as a TSX-like SSC product.

    ``folder`` becomes the product folder (created if needed). ``extra_metadata`` takes the keys
    of ``METADATA_KEYS``; values missing there are taken from ``geometry.extra`` (so a read
    product writes back unchanged), then defaulted. ``georef=True`` also writes
    ANNOTATION/GEOREF.xml with an 11 x 11 grid at the reference height and the signal
    propagation effects. Returns the XML path.
    """
    _check_writable(geometry, slc)
    meta = _metadata(geometry, extra_metadata)
    s = _Sampling(geometry, meta)
    mode = str(meta.get("imaging_mode", "SM")).upper()
    pol = (geometry.polarisation or "HH").upper()
    height = geometry.reference_height_m if geometry.reference_height_m is not None else 0.0
    name = meta.get("product_name") or _default_product_name(geometry.mission, mode, s)
    beam = geometry.swath or "strip_001"
    image_name = f"IMAGE_{pol}_SRA_{re.sub(r'[^A-Za-z0-9_]', '_', beam)}.cos"
    fm_records = meta.get("azimuth_fm_rate") or _fm_rate_from_orbit(geometry, height, s.rsf)

    folder = str(folder)
    os.makedirs(os.path.join(folder, "IMAGEDATA"), exist_ok=True)
    image_path = write_cosar(os.path.join(folder, "IMAGEDATA", image_name), slc, geometry.lines,
                             geometry.samples)
    scene = _Scene(geometry, s, height)

    root = ET.Element("level1Product")
    _write_general_header(root, name, geometry.mission)
    _write_components(root, name, pol, image_name, os.path.getsize(image_path), georef)
    _write_product_info(root, geometry, meta, s, (mode, pol), scene)
    _write_complex_image_info(root, s, scene)
    processing = _sub(root, "processing")
    _write_geometry_processing(processing, meta, s, fm_records, scene)
    _write_doppler_centroid(processing, meta, s, pol)
    _write_processing_parameters(processing, meta)
    _write_instrument(root, geometry, meta, s, pol)
    _write_calibration(root, meta, pol)
    _write_orbit(root, geometry.orbit, s.epoch)
    _write_extension(root, meta, s.epoch)
    xml_path = os.path.join(folder, f"{name}.xml")
    _write_xml(root, xml_path)
    if georef:
        _write_georef(os.path.join(folder, "ANNOTATION", "GEOREF.xml"), geometry, s, scene)
    return xml_path


def _check_writable(geometry, slc):
    """Refuse what a TerraSAR-X SSC product cannot hold, before anything is written."""
    if geometry.ground_range is not None or geometry.bursts:
        raise ValueError("A TerraSAR-X SSC product is one slant-range burst: this geometry has "
                         "ground-range conversion or TOPS bursts.")
    if geometry.doppler_hz is not None:
        raise ValueError("TerraSAR-X SSC images are in zero-Doppler geometry: set doppler_hz to "
                         "None and pass the Doppler centroid as "
                         "extra_metadata['doppler_centroid'].")
    if slc is not None and np.shape(slc) != (geometry.lines, geometry.samples):
        raise ValueError(f"The SLC is {np.shape(slc)} but the geometry has "
                         f"({geometry.lines}, {geometry.samples}) lines x samples.")


def _propagation(meta, geometric_mid_range_time_s):
    """Return (records, range delay s, azimuth shift s) of the metadata.

    Each kind's total is its records' sum at the image's mid-range time (two fixed-point
    passes: the image's range times include the delay), as the reader will find it; a kind
    without records takes the given total (``range_delay_s``, ``azimuth_shift_s``, default 0)
    and gets a degree-0 record of it.
    """
    records = list(meta.get("signal_propagation_effects") or [])
    summed = (0.0, 0.0)
    for _ in range(2):
        summed = propagation_totals(records, geometric_mid_range_time_s + summed[0])
    totals = {}
    for index, kind in enumerate(("range_delay", "azimuth_shift")):
        recorded = any(r["kind"] == kind for r in records)
        totals[kind] = summed[index] if recorded else float(meta.get(f"{kind}_s") or 0.0)
    image_mid = geometric_mid_range_time_s + totals["range_delay"]
    for kind, value in totals.items():
        if value != 0.0 and not any(r["kind"] == kind for r in records):
            records.append({"kind": kind, "model_name": "total", "model_version": "1.0",
                            "source": "SARHEIGHT", "reference_range_time_s": image_mid,
                            "validity_range_min_s": None, "validity_range_max_s": None,
                            "coefficients": [value]})
    return records, totals["range_delay"], totals["azimuth_shift"]


class _Sampling:
    """Azimuth and range sampling of ``geometry`` as the annotation states it (image times).

    Azimuth times ``t_*`` in seconds since the orbit ``epoch``, ``dt`` the line interval (s);
    ``rsf`` the range sampling frequency (Hz), ``tau0``/``tau_last`` the two-way range times of
    the first/last sample (s). Image times = geometric + ``range_delay_s`` (two-way) and
    + ``azimuth_shift_s``, the GEOREF ``effects`` (none: equal). ``vel_mid`` is the ECEF
    platform velocity at mid scene (m/s).
    """

    def __init__(self, geometry, meta):
        self.epoch = geometry.orbit.epoch
        self.dt = geometry.azimuth_time_interval_s
        self.rsf = SPEED_OF_LIGHT / (2.0 * geometry.range_pixel_spacing_m)
        geometric_tau0 = 2.0 * geometry.near_slant_range_m / SPEED_OF_LIGHT
        self.effects, self.range_delay_s, self.azimuth_shift_s = _propagation(
            meta, geometric_tau0 + 0.5 * (geometry.samples - 1) / self.rsf)
        self.tau0 = geometric_tau0 + self.range_delay_s
        self.tau_last = self.tau0 + (geometry.samples - 1) / self.rsf
        self.t_first = geometry.first_line_time_s + self.azimuth_shift_s
        self.t_last = self.t_first + (geometry.lines - 1) * self.dt
        self.t_mid = 0.5 * (self.t_first + self.t_last)
        _, self.vel_mid, _ = geometry.orbit.interpolate(geometry.mid_time_s)


class _Scene:
    """The ground under the image at the reference height: points, incidence, footprint motion.

    ``point(line, sample)`` gives a dict with the image times (``t`` s since the epoch, ``tau``
    two-way s), the ECEF point, ``lat``/``lon`` (deg) and ``incidence`` (deg, between the
    ellipsoid normal and the line of sight); None when the range does not reach the ground.
    The footprint values describe how the scene centre's zero-Doppler point moves on the
    ground: ``ground_speed`` (m/s, what real products annotate as zeroDopplerVelocity) and
    ``heading`` (deg from north, their headingAngle).
    """

    FOOTPRINT_STEP_S = 0.01

    def __init__(self, geometry, s, height_m):
        self.geometry, self.s, self.height_m = geometry, s, float(height_m)
        self.centre_line = 0.5 * (geometry.lines - 1)
        self.centre_sample = 0.5 * (geometry.samples - 1)
        self.centre = self.point(self.centre_line, self.centre_sample)
        self.ground_speed = self.heading = None
        if self.centre is not None:
            self._footprint()

    def point(self, line, sample):
        """Return the ground point of image position (line, sample) as a dict, or None."""
        g = self.geometry
        t, slant = g.image_to_radar(float(line), float(sample))
        xyz = g.rdr2geo(t, slant, self.height_m)
        if not np.all(np.isfinite(xyz)):
            return None
        position, _, _ = g.orbit.interpolate(t)
        lat, lon, _ = ecef_to_geodetic(xyz)
        up = enu_basis(lat, lon)[2]
        sight = (position - xyz) / np.linalg.norm(position - xyz)
        return {"t": float(t) + self.s.azimuth_shift_s,
                "tau": 2.0 * float(slant) / SPEED_OF_LIGHT + self.s.range_delay_s,
                "xyz": xyz, "lat": float(lat), "lon": float(lon),
                "incidence": float(np.degrees(np.arccos(np.clip(sight @ up, -1.0, 1.0))))}

    def _footprint(self):
        g = self.geometry
        t, slant = g.image_to_radar(self.centre_line, self.centre_sample)
        later = g.rdr2geo(t + self.FOOTPRINT_STEP_S, slant, self.height_m)
        motion = (later - self.centre["xyz"]) / self.FOOTPRINT_STEP_S
        east, north, _ = enu_basis(self.centre["lat"], self.centre["lon"])
        if np.all(np.isfinite(motion)):
            self.ground_speed = float(np.linalg.norm(motion))
            self.heading = float(np.degrees(np.arctan2(motion @ east, motion @ north)) % 360.0)

    def ground_distance(self, a, b):
        """Return the straight distance (m) between the ground points of two image positions."""
        first, second = self.point(*a), self.point(*b)
        if first is None or second is None:
            return None
        return float(np.linalg.norm(second["xyz"] - first["xyz"]))


def _default_product_name(mission, mode, s):
    """TSX1_SAR__SSC______<mode>_S_SRA_<start>_<stop>, times to the second."""
    def stamp(seconds):  # 20210401T052600
        text = str(seconds_to_datetime(seconds, s.epoch).astype("datetime64[s]"))
        return text.replace("-", "").replace(":", "")

    return (f"{_mission_prefix(mission)}_SAR__SSC______{mode}_S_SRA_"
            f"{stamp(s.t_first)}_{stamp(s.t_last)}")


def _write_general_header(root, name, mission):
    header = _sub(root, "generalHeader", fileName=f"{name}.xml", fileVersion="1.0")
    _sub(header, "itemName", "Level 1B Product")
    _sub(header, "mission", mission)
    _sub(header, "source", "SAR Height")
    _sub(header, "destination", "User")
    _sub(header, "generationSystem", "SAR Height synthetic product writer")
    _sub(header, "referenceDocument", "TX-GS-DD-3302 Basic Product Specification (layout)")


def _location(parent, path, filename, size=None):
    file_node = _sub(parent, "file")
    loc = _sub(file_node, "location")
    _sub(loc, "host", ".")
    _sub(loc, "path", path)
    _sub(loc, "filename", filename)
    if size is not None:
        _sub(file_node, "size", size)


def _write_components(root, name, pol, image_name, image_size, georef):
    """productComponents: the MAIN and optional GEOREF annotation and the COSAR image file."""
    components = _sub(root, "productComponents")
    main = _sub(components, "annotation")
    _sub(main, "type", "MAIN")
    _location(main, ".", f"{name}.xml")
    if georef:
        ann = _sub(components, "annotation")
        _sub(ann, "type", "GEOREF")
        _location(ann, "ANNOTATION", "GEOREF.xml")
    image = _sub(components, "imageData", layerIndex=1)
    _sub(image, "polLayer", pol)
    _location(image, "IMAGEDATA", image_name, image_size)


def _write_acquisition_info(info, geometry, meta, s, mode, pol):
    mission = _sub(info, "missionInfo")
    _sub(mission, "mission", geometry.mission)
    _sub(mission, "orbitDirection",
         meta.get("pass") or ("ASCENDING" if s.vel_mid[2] > 0 else "DESCENDING"))
    acquisition = _sub(info, "acquisitionInfo")
    _sub(acquisition, "sensor", "SAR")
    _sub(acquisition, "imagingMode", mode)
    _sub(acquisition, "lookDirection", geometry.look_side.upper())
    _sub(acquisition, "antennaReceiveConfiguration", "SRA")
    _sub(acquisition, "polarisationMode", "SINGLE")
    _sub(_sub(acquisition, "polarisationList"), "polLayer", pol)
    _sub(acquisition, "elevationBeamConfiguration", geometry.swath or "")
    variant = _sub(info, "productVariantInfo")
    _sub(variant, "productType", meta.get("product_type_code") or f"SSC______{mode}_S_SRA")
    _sub(variant, "productVariant", "SSC")
    _sub(variant, "projection", "SLANTRANGE")
    _sub(variant, "radiometricCorrection",
         "CALIBRATED" if meta.get("cal_factor") is not None else "NOTCALIBRATED")


def _write_image_data_info(info, geometry, s):
    data_info = _sub(info, "imageDataInfo")
    for tag, value in (("pixelValueID", "RADAR BRIGHTNESS"), ("imageDataType", "COMPLEX"),
                       ("imageDataFormat", "COSAR"), ("numberOfLayers", 1),
                       ("imageDataDepth", 32), ("imageStorageOrder", "ROWBYROW"),
                       ("rowContent", "RANGELINES"), ("columnContent", "AZIMUTHLINES")):
        _sub(data_info, tag, value)
    raster = _sub(data_info, "imageRaster")
    _sub(raster, "numberOfRows", geometry.lines)
    _sub(raster, "numberOfColumns", geometry.samples)
    _sub(raster, "rowSpacing", _num(1.0 / s.rsf), units="s")
    _sub(raster, "columnSpacing", _num(s.dt), units="s")
    _sub(raster, "azimuthLooks", _num(1.0))
    _sub(raster, "rangeLooks", _num(1.0))


def _write_coordinate(parent, tag, scene, line, sample, epoch):
    """Write a sceneCenterCoord / sceneCornerCoord (1-based refRow/refColumn); none if off."""
    point = scene.point(line, sample)
    if point is None:
        return
    node = _sub(parent, tag)
    _sub(node, "refRow", int(np.floor(line)) + 1)
    _sub(node, "refColumn", int(np.floor(sample)) + 1)
    _sub(node, "lat", _num(point["lat"]))
    _sub(node, "lon", _num(point["lon"]))
    _sub(node, "azimuthTimeUTC", _iso(epoch, point["t"]))
    _sub(node, "rangeTime", _num(point["tau"]), units="s")
    _sub(node, "incidenceAngle", _num(point["incidence"]), units="degrees")


def _write_scene_info(info, geometry, s, scene):
    """sceneInfo: times, extents, centre and corner coordinates, heading (image times)."""
    node = _sub(info, "sceneInfo")
    _sub(_sub(node, "start"), "timeUTC", _iso(s.epoch, s.t_first))
    _sub(_sub(node, "stop"), "timeUTC", _iso(s.epoch, s.t_last))
    range_time = _sub(node, "rangeTime")
    _sub(range_time, "firstPixel", _num(s.tau0), units="s")
    _sub(range_time, "lastPixel", _num(s.tau_last), units="s")
    last_line, last_sample = geometry.lines - 1, geometry.samples - 1
    extents = (("sceneAzimuthExtent", (0, scene.centre_sample), (last_line, scene.centre_sample)),
               ("sceneRangeExtent", (scene.centre_line, 0), (scene.centre_line, last_sample)))
    for tag, a, b in extents:
        distance = scene.ground_distance(a, b)
        if distance is not None:
            _sub(node, tag, _num(distance), units="m")
    _write_coordinate(node, "sceneCenterCoord", scene, scene.centre_line, scene.centre_sample,
                      s.epoch)
    if geometry.reference_height_m is not None:
        _sub(node, "sceneAverageHeight", _num(geometry.reference_height_m), units="m")
    for line, sample in ((0, 0), (0, last_sample), (last_line, 0), (last_line, last_sample)):
        _write_coordinate(node, "sceneCornerCoord", scene, line, sample, s.epoch)
    if scene.heading is not None:
        _sub(node, "headingAngle", _num(scene.heading), units="degrees")


def _write_product_info(root, geometry, meta, s, mode_pol, scene):
    """productInfo: mission, acquisition, product variant, image data and the scene."""
    info = _sub(root, "productInfo")
    _write_acquisition_info(info, geometry, meta, s, *mode_pol)
    _write_image_data_info(info, geometry, s)
    _write_scene_info(info, geometry, s, scene)


def _write_complex_image_info(root, s, scene):
    """productSpecific/complexImageInfo: sampling, projected spacings, coordinate type."""
    complex_info = _sub(_sub(root, "productSpecific"), "complexImageInfo")
    _sub(complex_info, "commonPRF", _num(1.0 / s.dt), units="Hz")
    _sub(complex_info, "commonRSF", _num(s.rsf), units="Hz")
    line, sample = scene.centre_line, scene.centre_sample
    last = scene.geometry.samples - 1
    azimuth = scene.ground_distance((line, sample), (line + 1.0, sample))
    near = scene.ground_distance((line, 0.0), (line, 1.0))
    far = scene.ground_distance((line, last - 1.0), (line, float(last)))
    if azimuth is not None:
        _sub(complex_info, "projectedSpacingAzimuth", _num(azimuth), units="m")
    spacing = _sub(complex_info, "projectedSpacingRange")
    for tag, value in (("groundNear", near), ("groundFar", far)):
        if value is not None:
            _sub(spacing, tag, _num(value), units="m")
    _sub(spacing, "slantRange", _num(scene.geometry.range_pixel_spacing_m), units="m")
    _sub(complex_info, "imageCoordinateType", "ZERODOPPLER")
    _sub(complex_info, "imageDataStartWith", "EARLYAZNEARRG")


def _write_geometry_processing(processing, meta, s, fm_records, scene):
    """processing/geometry: zero-Doppler velocity and the azimuth FM rate records.

    The zero-Doppler velocity is, as in real products, the speed of the scene centre's
    zero-Doppler point on the ground (the orbit speed when it cannot be computed).
    """
    geometry_node = _sub(processing, "geometry")
    _sub(geometry_node, "geometryCoordinateType", "ZERODOPPLER")
    default = scene.ground_speed if scene.ground_speed is not None else np.linalg.norm(s.vel_mid)
    _sub(_sub(geometry_node, "zeroDopplerVelocity"), "velocity",
         _num(meta.get("zero_doppler_velocity_m_s", default)), units="m/s")
    for rec in fm_records:
        rate = _sub(geometry_node, "dopplerRate")
        _sub(rate, "timeUTC", _iso(s.epoch, rec["time_s"]))
        _polynomial(rate, "dopplerRatePolynomial", rec["reference_range_time_s"],
                    rec["coefficients"], (s.tau0, s.tau_last))


def _write_doppler_centroid(processing, meta, s, pol):
    """processing/doppler: the centroid estimates (a constant becomes one mid-scene record)."""
    doppler = _sub(processing, "doppler")
    centroid = _sub(doppler, "dopplerCentroid", layerIndex=1)
    _sub(centroid, "polLayer", pol)
    estimates = meta.get("doppler_centroid")
    if estimates is None or (not np.isscalar(estimates) and len(estimates) == 0):
        estimates = 0.0
    if np.isscalar(estimates):
        estimates = [{"time_s": s.t_mid, "reference_range_time_s": 0.5 * (s.tau0 + s.tau_last),
                      "coefficients": [float(estimates)]}]
    _sub(centroid, "numberOfDopplerRecords", len(estimates))
    for est in estimates:
        node = _sub(centroid, "dopplerEstimate")
        _sub(node, "timeUTC", _iso(s.epoch, est["time_s"]))
        coeffs = est["coefficients"]
        mid_tau = 0.5 * (s.tau0 + s.tau_last) - est["reference_range_time_s"]
        _sub(node, "dopplerAtMidRange", _num(npoly.polyval(mid_tau, coeffs)), units="Hz")
        _polynomial(node, "combinedDoppler", est["reference_range_time_s"], coeffs,
                    (est.get("validity_range_min_s", s.tau0), est.get("validity_range_max_s",
                                                                      s.tau_last)))


def _write_processing_parameters(processing, meta):
    """processing/processingParameter: look bandwidths and spectral windows, when given."""
    parameters = {k: meta.get(k) for k in ("range_look_bandwidth_hz", "azimuth_look_bandwidth_hz",
                                           "total_processed_azimuth_bandwidth_hz")}
    windows = [(tag, meta.get(key)) for key, tag in _WINDOW_TAGS if meta.get(key) is not None]
    if not (any(v is not None for v in parameters.values()) or windows):
        return
    node = _sub(processing, "processingParameter")
    _sub(node, "rangeLooks", _num(1.0))
    _sub(node, "azimuthLooks", _num(1.0))
    for key, tag in (("range_look_bandwidth_hz", "rangeLookBandwidth"),
                     ("azimuth_look_bandwidth_hz", "azimuthLookBandwidth"),
                     ("total_processed_azimuth_bandwidth_hz",
                      "totalProcessedAzimuthBandwidth")):
        if parameters[key] is not None:
            _sub(node, tag, _num(parameters[key]), units="Hz")
    for tag, value in windows:
        _sub(node, tag, value if isinstance(value, str) else _num(value))


def _write_instrument(root, geometry, meta, s, pol):
    instrument = _sub(root, "instrument")
    _sub(_sub(instrument, "radarParameters"), "centerFrequency",
         _num(SPEED_OF_LIGHT / geometry.wavelength_m), units="Hz")
    settings = _sub(instrument, "settings")
    _sub(settings, "polLayer", pol)
    _sub(settings, "RSF", _num(s.rsf), units="Hz")
    _sub(_sub(settings, "settingRecord"), "PRF", _num(meta.get("prf_hz", 1.0 / s.dt)), units="Hz")


def _write_calibration(root, meta, pol):
    if meta.get("cal_factor") is not None:
        constant = _sub(_sub(root, "calibration"), "calibrationConstant", layerIndex=1)
        _sub(constant, "polLayer", pol)
        _sub(constant, "calFactor", _num(meta["cal_factor"]))


def _write_orbit(root, orbit, epoch):
    """platform/orbit: its header and every state vector, ECEF metres and m/s."""
    orbit_node = _sub(_sub(root, "platform"), "orbit")
    header = _sub(orbit_node, "orbitHeader")
    _sub(header, "generationSystem", "SAR Height")
    _sub(header, "stateVectorRefFrame", "WGS84")
    _sub(header, "stateVectorRefTime", "UTC")
    _sub(header, "stateVecFormat", "pos(m),vel(m/s)")
    _sub(header, "numStateVectors", len(orbit.times))
    _sub(_sub(header, "firstStateTime"), "firstStateTimeUTC", _iso(epoch, orbit.times[0]))
    _sub(_sub(header, "lastStateTime"), "lastStateTimeUTC", _iso(epoch, orbit.times[-1]))
    steps = np.diff(orbit.times)
    if np.allclose(steps, steps[0], rtol=0.0, atol=1e-6):
        _sub(header, "stateVectorTimeSpacing", _num(steps[0]), units="s")
    for i, t in enumerate(orbit.times):
        vec = _sub(orbit_node, "stateVec", maneuver="NO", num=i + 1, qualInd=1)
        _sub(vec, "timeUTC", _iso(epoch, t))
        for axis, value in zip("XYZ", orbit.positions[i]):
            _sub(vec, f"pos{axis}", _num(value), units="m")
        for axis, value in zip("XYZ", orbit.velocities[i]):
            _sub(vec, f"vel{axis}", _num(value), units="m/s")


def _write_extension(root, meta, epoch):
    """Write the simulation metadata that TerraSAR-X annotation has no element for.

    Into a <sarHeightExtension> element; nothing when none of it is set.
    """
    delay = meta.get("processor_zenith_delay_m")
    t_ref = meta.get("azimuth_spectrum_reference_time_s")
    rate = meta.get("azimuth_spectrum_rate_hz_s")
    if delay is None and t_ref is None and rate is None:
        return
    node = _sub(root, "sarHeightExtension")
    if delay is not None:
        _sub(node, "processorZenithDelay", _num(delay), units="m")
    if t_ref is not None:
        _sub(node, "azimuthSpectrumReferenceTimeUTC", _iso(epoch, t_ref))
    if rate is not None:
        _sub(node, "azimuthSpectrumRate", _num(rate), units="Hz/s")


def _write_xml(root, path):
    ET.indent(root, space="  ")
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


def _write_propagation_effects(root, records):
    """geoReference/signalPropagationEffects: the records as the reader returns them."""
    if not records:
        return
    node = _sub(root, "signalPropagationEffects")
    tags = {"range_delay": "rangeDelay", "azimuth_shift": "azimuthShift"}
    for record in records:
        attributes = {"modelName": record.get("model_name") or "",
                      "modelVersion": record.get("model_version") or "",
                      "source": record.get("source") or ""}
        poly = _polynomial(node, tags[record["kind"]], record["reference_range_time_s"],
                           record["coefficients"], (record.get("validity_range_min_s"),
                                                    record.get("validity_range_max_s")))
        poly.attrib.update(attributes)


def _write_grid_point(grid_node, k, grid, gcp, s, sight):
    """Write one gridPoint: t, tau (image times from the grid's reference), lat, lon, ..."""
    line, sample, lat, lon, h = gcp
    point = _sub(grid_node, "gridPoint", iaz=k // grid + 1, irg=k % grid + 1)
    _sub(point, "t", _num(line * s.dt), units="s")
    _sub(point, "tau", _num(sample / s.rsf), units="s")
    _sub(point, "lat", _num(lat), units="degrees")
    _sub(point, "lon", _num(lon), units="degrees")
    _sub(point, "row", int(np.floor(line)) + 1)
    _sub(point, "col", int(np.floor(sample)) + 1)
    up = enu_basis(lat, lon)[2]
    _sub(point, "inc", _num(np.degrees(np.arccos(np.clip(sight @ up, -1.0, 1.0)))),
         units="degrees")
    _sub(point, "height", _num(h), units="m")


def _write_georef(path, geometry, s, scene, grid=11):
    """ANNOTATION/GEOREF.xml: propagation effects and a grid x grid tie-point grid."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    root = ET.Element("geoReference", mainAnnotationFileName="../*.xml")
    _write_propagation_effects(root, s.effects)
    grid_node = _sub(root, "geolocationGrid")
    count = _sub(grid_node, "numberOfGridPoints")
    _sub(count, "total", grid * grid)
    _sub(count, "azimuth", grid)
    _sub(count, "range", grid)
    spacing = _sub(grid_node, "spacingOfGridPoints")
    _sub(spacing, "azimuth", _num((geometry.lines - 1) / (grid - 1) * s.dt), units="s")
    _sub(spacing, "range", _num((geometry.samples - 1) / (grid - 1) / s.rsf), units="s")
    ref = _sub(grid_node, "gridReferenceTime")
    _sub(ref, "tReferenceTimeUTC", _iso(s.epoch, s.t_first))
    _sub(ref, "tauReferenceTime", _num(s.tau0), units="s")
    _sub(ref, "refRow", 1)
    _sub(ref, "refCol", 1)
    gcps = compute_gcps(geometry, scene.height_m, grid)
    line, sample, lat, lon, h = np.array(gcps).T
    positions, _, _ = geometry.orbit.interpolate(geometry.image_to_radar(line, sample)[0])
    sight = positions - geodetic_to_ecef(lat, lon, h)
    sight /= np.linalg.norm(sight, axis=-1, keepdims=True)
    for k, gcp in enumerate(gcps):
        _write_grid_point(grid_node, k, grid, gcp, s, sight[k])
    _write_xml(root, path)
