"""Ground control points computed from the geometry itself (rdr2geo on a regular image grid).

Readers whose product carries no tie-point grid (TerraSAR-X without GEOREF.xml, a geometry JSON
without ``gcps``) call :func:`ensure_gcps` so that every AcquisitionGeometry has GCPs for
footprints, quick-looks and GDAL warping.
"""
import numpy as np

from ..geometry.ellipsoid import ecef_to_geodetic
from ..geometry.range_doppler import rdr2geo


def compute_gcps(geometry, height_m=None, grid=11):
    """GCPs (line, sample, lat_deg, lon_deg, height_m) on a ``grid`` x ``grid`` image lattice.

    Points are placed from the first to the last line and sample (pixel centres) and projected
    to the ground at ``height_m``, else the geometry's processing reference height, else 0 m
    above the WGS84 ellipsoid. Each point is solved on its own (rdr2geo per_point): its GCP
    is a function of the geometry and its (line, sample) alone, the same whichever other
    points (grid) are computed with it.
    """
    grid = int(grid)
    if grid < 2:
        raise ValueError("A GCP grid needs at least 2 x 2 points.")
    if height_m is None:
        height_m = geometry.reference_height_m if geometry.reference_height_m is not None else 0.0
    lines = np.linspace(0.0, geometry.lines - 1, grid)
    samples = np.linspace(0.0, geometry.samples - 1, grid)
    line, sample = np.meshgrid(lines, samples, indexing="ij")
    t, rng = geometry.image_to_radar(line.ravel(), sample.ravel())
    xyz = rdr2geo(geometry.orbit, t, rng, float(height_m), geometry.look_side,
                  geometry.wavelength_m, geometry.doppler_hz, per_point=True)
    lat, lon, h = ecef_to_geodetic(xyz)
    return [(float(a), float(b), float(c), float(d), float(e))
            for a, b, c, d, e in zip(line.ravel(), sample.ravel(), lat, lon, h)]


def ensure_gcps(geometry, height_m=None, grid=11, force=False):
    """Fill ``geometry.gcps`` by rdr2geo when it is empty (or always with ``force``).

    Returns the geometry, so that ``ensure_gcps(read(...))`` chains.
    """
    if force or not geometry.gcps:
        geometry.gcps = compute_gcps(geometry, height_m, grid)
    return geometry
