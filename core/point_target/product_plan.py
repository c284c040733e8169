"""The planning inputs of eq. (13) read from a real TerraSAR-X / TanDEM-X / PAZ SSC product.

``product_plan_values(path)`` reads the product's main level1Product XML (or its folder) and
returns the geometry the accuracy planner (``accuracy.plan_accuracy``) needs, each value with
the element it came from:

================  ===========================================================================
value             source in the level1Product (elements below <level1Product>)
================  ===========================================================================
incidence_deg     productInfo/sceneInfo/sceneCenterCoord/incidenceAngle (degrees); without it,
                  the ellipsoid's incidence at the image centre at sceneAverageHeight
azimuth_bw_hz     processing/processingParameter/totalProcessedAzimuthBandwidth, or
                  azimuthLookBandwidth where that is larger (the spotlight modes:
                  ``settings.target_azimuth_bandwidth_hz``; 38.2 kHz, not the beam's 2.7 kHz,
                  in Staring Spotlight)
orbit_height_m    platform/orbit/stateVec positions at the scene centre time
                  (sceneCenterCoord/azimuthTimeUTC, else the middle line): the satellite's
                  ellipsoidal (WGS84) height, as point_target_height takes it per target
velocity_m_s      the same state vectors: the satellite's Earth-fixed speed at that time (not
                  processing/geometry/zeroDopplerVelocity, which is the zero-Doppler line's
                  speed on the ground, about 7.1 km/s)
wavelength_m      c / instrument/radarParameters/centerFrequency
latitude_deg      productInfo/sceneInfo/sceneCenterCoord/lat; without it, the image centre's
pass_direction    productInfo/missionInfo/orbitDirection; without it, the sign of the
                  velocity's z component
================  ===========================================================================

Velocities are the positions' derivative where the reader replaced the annotated ones
(core.products.terrasar, "State vector velocities"); the speed differs from the annotated one
by about 1 mm/s, 5e-7 of eq. (13).
"""
import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import PointTargetError
from ..geometry.ellipsoid import ecef_to_geodetic
from ..geometry.orbit import datetime_to_seconds
from ..products.acquisition import ProductError
from ..products.fields import FieldReader
from .range_history import line_of_sight, local_incidence_cosine
from .settings import target_azimuth_bandwidth_hz

CENTRE = "productInfo/sceneInfo/sceneCenterCoord/"
PARAMETER = "processing/processingParameter/"
ORBIT = "platform/orbit/stateVec"


@dataclass
class ProductPlanValues:
    """Eq. (13)'s geometry of one product (SI units and degrees), with where each came from."""

    product: str  # the main XML
    incidence_deg: float
    azimuth_bandwidth_hz: float
    orbit_height_m: float
    velocity_m_s: float
    wavelength_m: float
    latitude_deg: float
    pass_direction: str  # "ascending" or "descending"
    sources: dict = field(default_factory=dict)  # value name -> element(s) read

    def plan_inputs(self):
        """Return the keyword arguments of ``accuracy.plan_accuracy`` these values fill."""
        return {name: getattr(self, name) for name in self.sources}


def _centre_time_s(reader, geometry):
    """Return (zero-Doppler time of the scene centre, s since the orbit epoch, its source)."""
    time = reader.read_time(CENTRE + "azimuthTimeUTC", "zero-Doppler time of the scene centre",
                            False)
    if time is None:
        return geometry.mid_time_s, "the middle line's time"
    # the annotated time is the image's: remove the azimuth shift as the reader did
    shift = float(geometry.extra.get("azimuth_shift_s") or 0.0)
    return float(datetime_to_seconds(time, geometry.orbit.epoch)) - shift, \
        CENTRE + "azimuthTimeUTC"


def _image_centre(geometry):
    """Return (ECEF point, incidence deg) of the image centre at the scene's reference height."""
    t, slant = geometry.image_to_radar(0.5 * (geometry.lines - 1), 0.5 * (geometry.samples - 1))
    xyz = geometry.rdr2geo(t, slant, geometry.reference_height_m or 0.0)
    _, unit = line_of_sight(geometry.orbit, xyz, np.atleast_1d(t))
    cosine = float(np.ravel(local_incidence_cosine(xyz, unit))[0])
    return xyz, math.degrees(math.acos(cosine))


def _bandwidth(extra):
    bandwidth = target_azimuth_bandwidth_hz(extra)
    if bandwidth is None:
        raise PointTargetError("The product annotates no azimuth bandwidth "
                               "(processing/processingParameter/"
                               "totalProcessedAzimuthBandwidth): give AZIMUTH_BANDWIDTH.")
    look = extra.get("azimuth_look_bandwidth_hz")
    tag = "azimuthLookBandwidth" if look is not None and float(look) == bandwidth else \
        "totalProcessedAzimuthBandwidth"
    return bandwidth, PARAMETER + tag


def _scene(reader, geometry, sources):
    """Return (incidence deg, latitude deg) of the scene centre; record their sources."""
    incidence = reader.read_float(CENTRE + "incidenceAngle", "incidence angle at the scene "
                                  "centre", False, minimum=0.0, maximum=90.0)
    latitude = reader.read_float(CENTRE + "lat", "latitude of the scene centre", False,
                                 minimum=-90.0, maximum=90.0)
    sources["incidence_deg"] = CENTRE + "incidenceAngle"
    sources["latitude_deg"] = CENTRE + "lat"
    if incidence is None or latitude is None:
        xyz, centre_incidence = _image_centre(geometry)
        if incidence is None:
            incidence = centre_incidence
            sources["incidence_deg"] = ("the ellipsoid's incidence at the image centre "
                                        "(productInfo/sceneInfo/sceneAverageHeight)")
        if latitude is None:
            latitude = float(ecef_to_geodetic(xyz)[0])
            sources["latitude_deg"] = "the image centre"
    return float(incidence), float(latitude)


def product_plan_values(path):
    """Return the ProductPlanValues of a TerraSAR-X SSC product (main XML or product folder).

    PointTargetError naming the problem when the product cannot be read or lacks what eq. (13)
    needs.
    """
    from ..products.terrasar import find_level1_xml, geometry_from_level1, parse_level1_xml

    try:
        xml_path = find_level1_xml(path)
        root = parse_level1_xml(xml_path)
        geometry = geometry_from_level1(root, xml_path)
        reader = FieldReader(root, xml_path, "TerraSAR-X product")
        sources = {}
        incidence, latitude = _scene(reader, geometry, sources)
        t, time_source = _centre_time_s(reader, geometry)
    except ProductError as exc:
        raise PointTargetError(f"PRODUCT: {exc}") from exc
    bandwidth, sources["azimuth_bandwidth_hz"] = _bandwidth(geometry.extra)
    position, velocity, _ = geometry.orbit.interpolate(t)
    orbit_source = f"{ORBIT} (positions) at {time_source}"
    sources.update(orbit_height_m=orbit_source, velocity_m_s=orbit_source,
                   wavelength_m="instrument/radarParameters/centerFrequency")
    direction = str(geometry.extra.get("pass") or "").strip().lower()
    sources["pass_direction"] = "productInfo/missionInfo/orbitDirection"
    if direction not in ("ascending", "descending"):
        direction = "ascending" if velocity[2] > 0 else "descending"
        sources["pass_direction"] = f"the direction of {ORBIT} (z velocity)"
    return ProductPlanValues(
        product=xml_path, incidence_deg=incidence, azimuth_bandwidth_hz=bandwidth,
        orbit_height_m=float(ecef_to_geodetic(position)[2]),
        velocity_m_s=float(np.linalg.norm(velocity)), wavelength_m=geometry.wavelength_m,
        latitude_deg=latitude, pass_direction=direction, sources=sources)
