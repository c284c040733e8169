"""Which swath of a multi-swath product (Sentinel-1 SAFE) an algorithm works on.

Single-swath products (TerraSAR-X, geometry JSON) have one geometry and need no choice. The
functions return the decision with a note for the log, or raise ProductError naming the fix.
"""
from .acquisition import ProductError
from .footprint import contains_lonlat
from .reader import list_swaths, open_geometry


def product_swaths(path):
    """Sorted names of the swaths a product offers ([] when it has no named swaths)."""
    return sorted({swath for swath, _ in list_swaths(path) if swath})


def swath_covering_dem(path, dem, swath=None, polarisation=None):
    """Return (swath or None, note): the swath to work on for the DEM ``dem`` (a DemRaster).

    ``swath`` when given; None (the product's one geometry) for a product of at most one
    swath; for a product of several swaths the first (by name) whose footprint holds the
    centre of the DEM, and ProductError when none does. The note is '' when nothing was chosen.
    """
    swaths = product_swaths(path)
    if swath or len(swaths) <= 1:
        return swath or None, ""
    lon, lat = dem.footprint_lonlat()
    centre = (float(lon.mean()), float(lat.mean()))
    for candidate in swaths:  # the footprint comes from the tie points: no orbit file needed
        geometry = open_geometry(path, candidate, polarisation, find_orbit=False)
        if contains_lonlat(geometry, *centre):
            return candidate, f"Swath {candidate} covers the DEM centre; using it."
    raise ProductError(
        f"None of the swaths {', '.join(swaths)} covers the DEM centre ({centre[0]:.4f}E, "
        f"{centre[1]:.4f}N): give a DEM inside the acquisition footprint.")


def geometry_for_raster(path, shape, orbit_file=None):
    """Return (AcquisitionGeometry, note) of the product at ``path`` for a raster of ``shape``.

    ``shape``: (lines, samples). For a multi-swath product the swath of exactly that size (the
    note says which; ProductError when none has it), else the product's one geometry (note '';
    its size is checked later, with the pair). ``orbit_file``: an EOF replacing the Sentinel-1
    annotation orbit (reader.open_geometry; without it an EOF next to the SAFE is looked for).
    """
    swaths = product_swaths(path)
    if len(swaths) <= 1:
        return open_geometry(path, orbit_file=orbit_file), ""
    candidates = [open_geometry(path, swath, find_orbit=False) for swath in swaths]
    matching = [g for g in candidates if (g.lines, g.samples) == tuple(shape)]
    if not matching:
        sizes = ", ".join(f"{g.swath} {g.lines} x {g.samples}" for g in candidates)
        raise ProductError(
            f"the raster has {shape[0]} lines x {shape[1]} samples, but none of the swaths of "
            f"{path} has that size ({sizes}): give the measurement raster of one swath of "
            f"this product, in its radar geometry.")
    geometry = open_geometry(path, matching[0].swath, orbit_file=orbit_file)
    return geometry, f"swath {geometry.swath} has the raster's size; using it."
