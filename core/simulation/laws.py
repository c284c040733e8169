"""Backscatter laws: sigma0 as a function of the local incidence angle.

Convention used throughout core.simulation: the energy (weight) of a DEM facet is

    weight (m^2) = facet surface area (m^2) x sigma0(theta_local)

where sigma0 is the backscatter coefficient per unit *surface* area of the facet and
theta_local the angle between the facet normal and the direction facet -> sensor. Facets
facing away from the sensor (theta_local >= 90 deg) and shadowed facets get zero weight.

The same thing is often written as "area projected perpendicular to the line of sight x
law": area x cos(theta) x law(theta). The two agree with sigma0 = law x cos, so a law written in
that form is registered here as ``lambda a: law(a) * cos(a)``.
"""
import numpy as np

from ..constants import BACKSCATTER_LAW_NAMES

MUHLEMAN_A = 0.0118  # Muhleman (1964) constants, as used for natural terrain simulation
MUHLEMAN_B = 0.111


def muhleman(theta_rad, exponent=None):
    """0.0118 cos a / (sin a + 0.111 cos a)^3 (``exponent`` is ignored)."""
    c, s = np.cos(theta_rad), np.sin(theta_rad)
    return MUHLEMAN_A * c / (s + MUHLEMAN_B * c) ** 3


def cosine(theta_rad, exponent=2.0):
    """cos^n a (n = ``exponent``, 2 by default)."""
    return np.cos(theta_rad) ** (2.0 if exponent is None else exponent)


BACKSCATTER_LAWS = dict(zip(BACKSCATTER_LAW_NAMES, (muhleman, cosine)))


def sigma0(theta_rad, law="muhleman", exponent=2.0):
    """sigma0 of the named law; 0 for back-facing (theta >= 90 deg) or undefined angles."""
    try:
        function = BACKSCATTER_LAWS[law]
    except KeyError:
        raise ValueError(f"Unknown backscatter law {law!r}; choose one of "
                         f"{sorted(BACKSCATTER_LAWS)}.") from None
    theta = np.asarray(theta_rad, dtype=np.float64)
    facing = np.isfinite(theta) & (theta < 0.5 * np.pi)
    safe = np.where(facing, theta, 0.0)  # keeps the law away from angles it is not defined at
    return np.where(facing, function(safe, exponent), 0.0)
