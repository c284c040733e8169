"""SAR Height geometry JSON sidecar: the geometry of any slant-range SAR image, airborne included.

Format ``sar_height_geometry`` version 1, documented in docs/geometry_json.md, with a JSON Schema
(draft 2020-12) in resources/schemas/geometry.schema.json. This module validates by hand (no
``jsonschema`` needed) and names the missing or bad field and how to fix it.

The image is one slant-range raster: line ``i`` is at ``first_line_time + i * line_interval_s``,
sample ``j`` at slant range ``near_slant_range_m + j * range_pixel_spacing_m``. The platform is
given either by ECEF ``state_vectors`` or by a ``straight_track`` (constant velocity through one
point: an airborne line). ``doppler_centroid_hz`` is the Doppler to which azimuth times refer
(omit it, or give 0, for zero-Doppler images).
"""
import json
import math
import os
import re

import numpy as np

from ..geometry.ellipsoid import ecef_to_geodetic, enu_basis, geodetic_to_ecef
from ..geometry.orbit import Orbit, datetime_to_seconds, seconds_to_datetime
from .acquisition import AcquisitionGeometry, ProductError
from .fields import parse_utc
from .gcps import ensure_gcps

FORMAT = "sar_height_geometry"
VERSION = 1

REQUIRED = {
    "format": f"the string \"{FORMAT}\"",
    "version": f"format version, the integer {VERSION}",
    "wavelength_m": "radar wavelength in metres",
    "look_side": "\"right\" or \"left\" of the flight direction",
    "first_line_time": "ISO UTC time of line 0, e.g. 2021-04-01T05:26:22.123456Z",
    "line_interval_s": "time between lines in seconds",
    "lines": "number of azimuth lines",
    "samples": "number of range samples",
    "near_slant_range_m": "slant range of sample 0 in metres",
    "range_pixel_spacing_m": "slant-range spacing between samples in metres",
}
OPTIONAL = {
    "state_vectors": "list of {time, position_m, velocity_m_s} in ECEF (WGS84)",
    "straight_track": "{time, position_m or lat_deg/lon_deg/height_m, velocity_m_s or "
                      "heading_deg/speed_m_s}",
    "doppler_centroid_hz": "constant Hz, or {reference_slant_range_m, coefficients}",
    "reference_height_m": "processing reference height above the WGS84 ellipsoid in metres",
    "mission": "sensor or campaign name",
    "polarisation": "e.g. HH, VV",
    "gcps": "list of {line, sample, lat_deg, lon_deg, height_m}",
    "comment": "free text",
    "extra": "object with any further metadata (kept, not interpreted)",
}
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|\+00:00)?$")


# --------------------------------------------------------------------------------------------
# Doppler models that know how to write themselves

class ConstantDoppler:
    """Doppler centroid independent of time and range (Hz)."""

    def __init__(self, hz):
        self.hz = float(hz)

    def __call__(self, azimuth_time_s, slant_range_m):
        """Return the Doppler centroid (Hz), broadcast to the shape of the inputs."""
        return np.full(np.broadcast(azimuth_time_s, slant_range_m).shape, self.hz)

    def to_json(self):
        """Return the geometry JSON value of ``doppler_centroid_hz``: the number in Hz."""
        return self.hz

    def __repr__(self):
        return f"ConstantDoppler({self.hz!r})"


class RangePolynomialDoppler:
    """Doppler centroid ``sum c_k (R - R_ref)^k`` (Hz), R the slant range in metres."""

    def __init__(self, reference_slant_range_m, coefficients):
        self.reference_slant_range_m = float(reference_slant_range_m)
        self.coefficients = [float(c) for c in coefficients]

    def __call__(self, azimuth_time_s, slant_range_m):
        """Return the Doppler centroid (Hz) at slant ranges (m), broadcast with the times."""
        x = np.asarray(slant_range_m, dtype=np.float64) - self.reference_slant_range_m
        out = np.zeros(np.broadcast(azimuth_time_s, x).shape)
        for c in reversed(self.coefficients):
            out = out * x + c
        return out

    def to_json(self):
        """Return the geometry JSON object of ``doppler_centroid_hz``."""
        return {"reference_slant_range_m": self.reference_slant_range_m,
                "coefficients": list(self.coefficients)}

    def __repr__(self):
        return f"RangePolynomialDoppler({self.reference_slant_range_m!r}, {self.coefficients!r})"


# --------------------------------------------------------------------------------------------
# validation

class _Checker:
    def __init__(self, source):
        self.source = source

    def fail(self, message):
        raise ProductError(f"geometry JSON {self.source}: {message}")

    def require(self, obj, key, description, where=""):
        if key not in obj:
            place = f" in {where}" if where else ""
            raise ProductError(f"geometry JSON {self.source} lacks required field {key!r}{place} "
                               f"({description}).")
        return obj[key]

    def number(self, value, name, description, positive=False, allow_zero=True):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            self.fail(f"field {name!r} must be a number ({description}), not {value!r}.")
        if positive and (value < 0 or (value == 0 and not allow_zero)):
            self.fail(f"field {name!r} must be {'positive' if not allow_zero else 'non-negative'} "
                      f"({description}), not {value!r}.")
        return float(value)

    def integer(self, value, name, description):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(f"field {name!r} must be a positive integer ({description}), not {value!r}.")
        return value

    def vector(self, value, name, description):
        if not isinstance(value, list) or len(value) != 3:
            self.fail(f"field {name!r} must be a list of three numbers ({description}), "
                      f"not {value!r}.")
        return [self.number(v, name, description) for v in value]

    def time(self, value, name):
        if not isinstance(value, str) or not _TIME.match(value.strip()):
            self.fail(f"field {name!r} must be an ISO UTC time string such as "
                      f"\"2021-04-01T05:26:22.123456Z\", not {value!r}.")
        try:
            return parse_utc(value)
        except ProductError as exc:
            self.fail(f"field {name!r} is not a valid date/time: {exc}")

    def obj(self, value, name, description):
        if not isinstance(value, dict):
            self.fail(f"field {name!r} must be an object ({description}), not {value!r}.")
        return value


def validate_geometry_dict(data, source="<dict>"):
    """Check a parsed geometry JSON; raise ProductError naming the first problem found."""
    c = _Checker(source)
    _validate_header(c, data)
    _validate_image_section(c, data)
    _validate_trajectory(c, data)
    _validate_optional_fields(c, data)


def _validate_header(c, data):
    """Top level: an object with every required field, our format and version, no unknown field."""
    if not isinstance(data, dict):
        c.fail("the top level must be a JSON object {...}.")
    for key, description in REQUIRED.items():
        c.require(data, key, description)
    if data["format"] != FORMAT:
        c.fail(f"field 'format' must be \"{FORMAT}\", not {data['format']!r}: is this a SAR "
               f"Height geometry sidecar?")
    if data["version"] != VERSION or isinstance(data["version"], bool):
        c.fail(f"field 'version' is {data['version']!r}; this plugin reads version {VERSION}: "
               f"update the plugin or write a version {VERSION} file.")
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        c.fail(f"unknown field(s) {', '.join(repr(u) for u in unknown)}; allowed fields are "
               f"{', '.join(list(REQUIRED) + list(OPTIONAL))}. Put other metadata under 'extra'.")


def _validate_image_section(c, data):
    """Radar and raster fields: wavelength, look side, line timing, size, slant-range sampling."""
    c.number(data["wavelength_m"], "wavelength_m", REQUIRED["wavelength_m"], True, False)
    if data["look_side"] not in ("right", "left"):
        c.fail(f"field 'look_side' must be \"right\" or \"left\", not {data['look_side']!r}.")
    c.time(data["first_line_time"], "first_line_time")
    c.number(data["line_interval_s"], "line_interval_s", REQUIRED["line_interval_s"], True, False)
    c.integer(data["lines"], "lines", REQUIRED["lines"])
    c.integer(data["samples"], "samples", REQUIRED["samples"])
    c.number(data["near_slant_range_m"], "near_slant_range_m", REQUIRED["near_slant_range_m"],
             True, False)
    c.number(data["range_pixel_spacing_m"], "range_pixel_spacing_m",
             REQUIRED["range_pixel_spacing_m"], True, False)


def _validate_trajectory(c, data):
    """Exactly one platform trajectory: ECEF state vectors or a straight track."""
    has_vectors, has_track = "state_vectors" in data, "straight_track" in data
    if has_vectors == has_track:
        c.fail("give exactly one platform trajectory: either 'state_vectors' (list of {time, "
               "position_m, velocity_m_s} in ECEF) or 'straight_track' ({time, position_m or "
               "lat_deg/lon_deg/height_m, velocity_m_s or heading_deg/speed_m_s})"
               + (", not both." if has_vectors else "."))
    if has_vectors:
        _validate_state_vectors(c, data["state_vectors"])
    else:
        _validate_straight_track(c, data["straight_track"])


def _validate_state_vectors(c, vectors):
    """At least two {time, position_m, velocity_m_s} in strictly increasing time."""
    if not isinstance(vectors, list) or len(vectors) < 2:
        c.fail("field 'state_vectors' must be a list of at least two {time, position_m, "
               "velocity_m_s} objects.")
    times = []
    for i, v in enumerate(vectors):
        where = f"state_vectors[{i}]"
        c.obj(v, where, "a state vector")
        times.append(c.time(c.require(v, "time", "ISO UTC time", where), where + ".time"))
        c.vector(c.require(v, "position_m", "ECEF position [x, y, z] in metres", where),
                 where + ".position_m", "ECEF position in metres")
        c.vector(c.require(v, "velocity_m_s", "ECEF velocity [vx, vy, vz] in m/s", where),
                 where + ".velocity_m_s", "ECEF velocity in m/s")
    if any(b <= a for a, b in zip(times[:-1], times[1:])):
        c.fail("the times of 'state_vectors' must be strictly increasing.")


def _validate_straight_track(c, track):
    """Check a straight track: a time, one form of position and of velocity, no unknown field."""
    track = c.obj(track, "straight_track", OPTIONAL["straight_track"])
    c.time(c.require(track, "time", "ISO UTC time at which the platform is at the given "
                                    "position", "straight_track"), "straight_track.time")
    _validate_track_position(c, track)
    _validate_track_velocity(c, track)
    unknown = sorted(set(track) - {"time", "position_m", "lat_deg", "lon_deg", "height_m",
                                   "velocity_m_s", "heading_deg", "speed_m_s"})
    if unknown:
        c.fail(f"unknown field(s) {', '.join(repr(u) for u in unknown)} in 'straight_track'.")


def _validate_track_position(c, track):
    """Straight-track position: ECEF 'position_m' or WGS84 lat/lon/height, exactly one."""
    llh = [k for k in ("lat_deg", "lon_deg", "height_m") if k in track]
    if ("position_m" in track) == bool(llh):
        c.fail("'straight_track' needs the platform position either as 'position_m' (ECEF "
               "[x, y, z]) or as 'lat_deg', 'lon_deg' and 'height_m' (WGS84), exactly one.")
    if "position_m" in track:
        c.vector(track["position_m"], "straight_track.position_m", "ECEF position in metres")
        return
    for k, d in (("lat_deg", "geodetic latitude in degrees"),
                 ("lon_deg", "longitude in degrees"),
                 ("height_m", "height above the WGS84 ellipsoid in metres")):
        c.number(c.require(track, k, d, "straight_track"), f"straight_track.{k}", d)
    if abs(track["lat_deg"]) > 90:
        c.fail("field 'straight_track.lat_deg' must lie within -90..90.")


def _validate_track_velocity(c, track):
    """Straight-track velocity: ECEF 'velocity_m_s' or heading + speed, exactly one."""
    heading = [k for k in ("heading_deg", "speed_m_s") if k in track]
    if ("velocity_m_s" in track) == bool(heading):
        c.fail("'straight_track' needs the velocity either as 'velocity_m_s' (ECEF [vx, vy, "
               "vz]) or as 'heading_deg' (clockwise from north) and 'speed_m_s' (horizontal "
               "flight), exactly one.")
    if "velocity_m_s" in track:
        v = c.vector(track["velocity_m_s"], "straight_track.velocity_m_s",
                     "ECEF velocity in m/s")
        if np.linalg.norm(v) == 0:
            c.fail("field 'straight_track.velocity_m_s' must not be zero.")
        return
    c.number(c.require(track, "heading_deg", "flight heading, degrees clockwise from "
                       "north", "straight_track"), "straight_track.heading_deg",
             "flight heading in degrees")
    c.number(c.require(track, "speed_m_s", "ground speed in m/s", "straight_track"),
             "straight_track.speed_m_s", "speed in m/s", True, False)


def _validate_optional_fields(c, data):
    """Check the optional fields, in this order: Doppler, reference height, strings, extra, GCPs."""
    if "doppler_centroid_hz" in data:
        _validate_doppler(c, data["doppler_centroid_hz"])
    if "reference_height_m" in data:
        c.number(data["reference_height_m"], "reference_height_m", OPTIONAL["reference_height_m"])
    for key in ("mission", "polarisation", "comment"):
        if key in data and not isinstance(data[key], str):
            c.fail(f"field {key!r} must be a string ({OPTIONAL[key]}).")
    if "extra" in data:
        c.obj(data["extra"], "extra", OPTIONAL["extra"])
    if "gcps" in data:
        _validate_gcps(c, data["gcps"])


def _validate_doppler(c, d):
    """Doppler centroid: one number in Hz, or a slant-range polynomial object."""
    if not isinstance(d, dict):
        c.number(d, "doppler_centroid_hz", OPTIONAL["doppler_centroid_hz"])
        return
    c.number(c.require(d, "reference_slant_range_m", "slant range origin of the "
                       "polynomial in metres", "doppler_centroid_hz"),
             "doppler_centroid_hz.reference_slant_range_m", "metres")
    coeffs = c.require(d, "coefficients", "polynomial coefficients, Hz per metre^k",
                       "doppler_centroid_hz")
    if not isinstance(coeffs, list) or not coeffs:
        c.fail("field 'doppler_centroid_hz.coefficients' must be a non-empty list of "
               "numbers (Hz, Hz/m, Hz/m^2, ...).")
    for v in coeffs:
        c.number(v, "doppler_centroid_hz.coefficients", "Hz per metre^k")


def _validate_gcps(c, gcps):
    """Check the GCPs: a list of {line, sample, lat_deg, lon_deg, height_m} numbers."""
    if not isinstance(gcps, list):
        c.fail("field 'gcps' must be a list of {line, sample, lat_deg, lon_deg, height_m}.")
    for i, g in enumerate(gcps):
        where = f"gcps[{i}]"
        c.obj(g, where, "a ground control point")
        for k in ("line", "sample", "lat_deg", "lon_deg", "height_m"):
            c.number(c.require(g, k, "GCP coordinate", where), f"{where}.{k}", "a number")


# --------------------------------------------------------------------------------------------
# reading

def geometry_from_dict(data, source="<dict>"):
    """AcquisitionGeometry of a parsed (and here validated) geometry JSON."""
    validate_geometry_dict(data, source)
    dt = float(data["line_interval_s"])
    lines = int(data["lines"])
    first = parse_utc(data["first_line_time"])
    duration = (lines - 1) * dt
    if "state_vectors" in data:
        sv = data["state_vectors"]
        times = np.array([parse_utc(v["time"]) for v in sv])
        epoch = times[0]
        orbit = Orbit(epoch, datetime_to_seconds(times, epoch),
                      [v["position_m"] for v in sv], [v["velocity_m_s"] for v in sv])
        t0 = float(datetime_to_seconds(first, epoch))
        if t0 < orbit.start_time or t0 + duration > orbit.stop_time:
            raise ProductError(
                f"geometry JSON {source}: the state vectors span {sv[0]['time']} to "
                f"{sv[-1]['time']} but the image runs from {data['first_line_time']} for "
                f"{duration:.3f} s: give state vectors that cover the whole acquisition.")
    else:
        track = data["straight_track"]
        epoch = parse_utc(track["time"])
        if "position_m" in track:
            position = np.asarray(track["position_m"], dtype=np.float64)
        else:
            position = geodetic_to_ecef(track["lat_deg"], track["lon_deg"], track["height_m"])
        if "velocity_m_s" in track:
            velocity = np.asarray(track["velocity_m_s"], dtype=np.float64)
        else:
            lat, lon, _ = ecef_to_geodetic(position)
            east, north, _ = enu_basis(lat, lon)
            heading = math.radians(track["heading_deg"])
            velocity = track["speed_m_s"] * (math.sin(heading) * east + math.cos(heading) * north)
        t0 = float(datetime_to_seconds(first, epoch))
        margin = max(1.0, duration)
        orbit = Orbit.straight_track(epoch, position, velocity, min(0.0, t0) - margin,
                                     max(0.0, t0 + duration) + margin)
    doppler = data.get("doppler_centroid_hz")
    if isinstance(doppler, dict):
        doppler = RangePolynomialDoppler(doppler["reference_slant_range_m"],
                                         doppler["coefficients"])
    elif doppler is not None:
        doppler = ConstantDoppler(doppler) if doppler != 0 else None
    geometry = AcquisitionGeometry(
        mission=data.get("mission", ""),
        product_type="generic",
        orbit=orbit,
        wavelength_m=float(data["wavelength_m"]),
        look_side=data["look_side"],
        first_line_time_s=t0,
        azimuth_time_interval_s=dt,
        lines=lines,
        samples=int(data["samples"]),
        near_slant_range_m=float(data["near_slant_range_m"]),
        range_pixel_spacing_m=float(data["range_pixel_spacing_m"]),
        doppler_hz=doppler,
        polarisation=data.get("polarisation", ""),
        reference_height_m=(float(data["reference_height_m"])
                            if data.get("reference_height_m") is not None else None),
        gcps=[(float(g["line"]), float(g["sample"]), float(g["lat_deg"]), float(g["lon_deg"]),
               float(g["height_m"])) for g in data.get("gcps", [])],
        source=source,
        extra={"format": FORMAT, "version": VERSION,
               "trajectory": "state_vectors" if "state_vectors" in data else "straight_track",
               "comment": data.get("comment", ""), "json_extra": dict(data.get("extra", {}))},
    )
    return ensure_gcps(geometry)


def read_geometry_json(path):
    """AcquisitionGeometry of a SAR Height geometry JSON file."""
    path = str(path)
    if not os.path.isfile(path):
        raise ProductError(f"Geometry JSON not found: {path}")
    try:
        with open(path, "r", encoding="utf-8-sig") as f:
            data = json.load(f)
    except UnicodeDecodeError as exc:
        raise ProductError(f"{path} is not a text JSON file ({exc}).") from exc
    except json.JSONDecodeError as exc:
        raise ProductError(f"{path} is not valid JSON ({exc}); the file may be truncated or "
                           f"hand-edited: check brackets and commas against "
                           f"docs/geometry_json.md.") from exc
    except RecursionError as exc:
        raise ProductError(f"{path} nests brackets too deeply to be a geometry JSON (a few "
                           f"levels are enough): it is damaged or not a geometry file; see "
                           f"docs/geometry_json.md.") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ProductError(f"{path} holds a value JSON cannot read ({exc}): check the numbers "
                           f"against docs/geometry_json.md.") from exc
    return geometry_from_dict(data, path)


# --------------------------------------------------------------------------------------------
# writing

def _iso(epoch, seconds):
    return str(seconds_to_datetime(seconds, epoch)) + "Z"


def geometry_to_dict(geometry):
    """JSON-ready dict (format version 1) of a single slant-range AcquisitionGeometry."""
    if geometry.ground_range is not None or geometry.bursts:
        raise ValueError("The geometry JSON describes one slant-range image; this geometry has "
                         "ground-range conversion or TOPS bursts (e.g. Sentinel-1 GRD/SLC), "
                         "which it cannot represent.")
    orbit = geometry.orbit
    data = {
        "format": FORMAT,
        "version": VERSION,
        "mission": geometry.mission or "",
        "wavelength_m": float(geometry.wavelength_m),
        "look_side": geometry.look_side,
        "first_line_time": _iso(orbit.epoch, geometry.first_line_time_s),
        "line_interval_s": float(geometry.azimuth_time_interval_s),
        "lines": int(geometry.lines),
        "samples": int(geometry.samples),
        "near_slant_range_m": float(geometry.near_slant_range_m),
        "range_pixel_spacing_m": float(geometry.range_pixel_spacing_m),
        "state_vectors": [{"time": _iso(orbit.epoch, t), "position_m": [float(v) for v in p],
                           "velocity_m_s": [float(v) for v in w]}
                          for t, p, w in zip(orbit.times, orbit.positions, orbit.velocities)],
    }
    doppler = geometry.doppler_hz
    if doppler is not None:
        if hasattr(doppler, "to_json"):
            data["doppler_centroid_hz"] = doppler.to_json()
        elif isinstance(doppler, (int, float, np.floating, np.integer)):
            data["doppler_centroid_hz"] = float(doppler)
        else:
            raise ValueError("The geometry's doppler_hz is an arbitrary function, which JSON "
                             "cannot hold: use geometry_json.ConstantDoppler or "
                             "RangePolynomialDoppler.")
    if geometry.reference_height_m is not None:
        data["reference_height_m"] = float(geometry.reference_height_m)
    if geometry.polarisation:
        data["polarisation"] = geometry.polarisation
    if geometry.gcps:
        data["gcps"] = [{"line": float(g[0]), "sample": float(g[1]), "lat_deg": float(g[2]),
                         "lon_deg": float(g[3]), "height_m": float(g[4])} for g in geometry.gcps]
    extra = (geometry.extra or {}).get("json_extra")
    if extra:
        data["extra"] = extra
    comment = (geometry.extra or {}).get("comment")
    if comment:
        data["comment"] = comment
    return data


def write_geometry_json(path, geometry):
    """Write ``geometry`` as a SAR Height geometry JSON (state vectors form); returns the path."""
    data = geometry_to_dict(geometry)
    validate_geometry_dict(data, str(path))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    return str(path)
