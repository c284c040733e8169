"""GDAL side of contract-v2 height estimation: prior surfaces on the SAR grid and the two GeoTIFFs.

:func:`estimate_with_uncertainty_to_file` streams heights and, when asked, their 1-sigma
uncertainty into float32 GeoTIFFs, strip by strip (core.inference.residual_inference), through
one output set, so either both files appear or neither does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np
from osgeo import gdal

from ..dem import DemError, DemRaster
from ..errors import InferenceCancelled, InferenceError
from ..output_commit import OutputSet
from ..plausibility import estimated_height_bounds, implausible_heights
from .contract import PriorPoints, needs_mirror
from .height_raster import HEIGHT_DESCRIPTION, HeightWriter, SarGrid, SarReader, pixel_spacing_m
from .prior_surface import LatticePriorSurface, PriorSurface, ScatteredPriorSurface
from .residual_inference import Progress, StripReader, predict_with_uncertainty
from .tiling import TilePlan, resolve_tiling

if TYPE_CHECKING:
    from .model import ResidualHeightModel

gdal.UseExceptions()

UNCERTAINTY_DESCRIPTION = "1-sigma uncertainty (m) of the estimated height"
# The heights are the priors' heights corrected: they are in the priors' height system. A prior
# DEM is converted to WGS 84 ellipsoidal heights (core.dem, its vertical datum); prior points are
# taken as given. Key -> (band description, GDAL metadata item VERTICAL_REFERENCE).
VERTICAL_REFERENCE_ITEM = "VERTICAL_REFERENCE"
ELLIPSOIDAL, PRIOR_POINTS_SYSTEM = "ellipsoidal", "prior_points"
VERTICAL_REFERENCES = {
    ELLIPSOIDAL: ("height (m) above the WGS 84 ellipsoid",
                  "WGS 84 ellipsoidal height (EPSG:4979)"),
    PRIOR_POINTS_SYSTEM: ("height (m) in the height system of the prior points",
                          "height system of the prior points (as given)"),
}
BOUNDS_SCALE_M = 1000.0  # the margin unit of core.plausibility.estimated_height_bounds
MAX_SCATTERED_PRIORS = 2_000_000  # a TIN of more points takes minutes and gigabytes


def points_surface(points: PriorPoints) -> ScatteredPriorSurface:
    """Return the TIN surface of prior points (pixel rows and columns, heights in metres)."""
    if not len(points):
        raise InferenceError("No prior heights inside the SAR image.")
    if len(points) > MAX_SCATTERED_PRIORS:
        raise InferenceError(f"{len(points)} prior points are more than the "
                             f"{MAX_SCATTERED_PRIORS} a triangulation handles in reasonable "
                             f"time: give them as a prior DEM instead.")
    return ScatteredPriorSurface(points.rows, points.cols, points.heights)


def dem_cell_size_m(dem_path: str) -> tuple[float, float]:
    """Return the (row, column) cell size in metres at the centre of the DEM at ``dem_path``."""
    try:
        dataset = gdal.Open(str(dem_path))
    except RuntimeError as exc:
        raise InferenceError(f"Cannot open the prior DEM {dem_path}: {exc}") from exc
    geotransform, wkt = dataset.GetGeoTransform(can_return_null=True), dataset.GetProjection()
    if geotransform is None or not wkt:
        raise InferenceError(f"The prior DEM {dem_path} has no georeferencing (geotransform "
                             f"and CRS).")
    return pixel_spacing_m(geotransform, wkt, dataset.RasterXSize, dataset.RasterYSize)


def dem_lattice_surface(dem_path: str, vertical_datum: str, grid: SarGrid,
                        prior_spacing_m: float = 0.0) -> tuple[LatticePriorSurface, str]:
    """Return (surface, datum note): a prior DEM as block means on a lattice of the SAR grid.

    The DEM is averaged (GDAL "average") onto cells of k x l SAR pixels, aligned with the SAR
    grid's origin, converted to ellipsoidal heights with the DEM's vertical datum (core.dem),
    and interpolated by cubic spline through the cell centres (LatticePriorSurface) - the coarse
    DEM of the training. k and l are the prior spacing over the SAR pixel spacing, rounded, at
    least 1; ``prior_spacing_m`` 0 takes the DEM's own cell size along each axis (every DEM cell
    is used: full density). The lattice is held in memory (about 16 bytes per cell).
    """
    try:
        info = DemRaster(dem_path, vertical_datum).info  # the file is closed again at once
    except DemError as exc:
        raise InferenceError(str(exc)) from exc
    datum, note, nodata = info.vertical_datum, info.note, info.nodata
    spacing = ((prior_spacing_m, prior_spacing_m) if prior_spacing_m > 0 else
               dem_cell_size_m(dem_path))
    step_rows = max(1, int(round(spacing[0] / grid.pixel_spacing_m[0])))
    step_cols = max(1, int(round(spacing[1] / grid.pixel_spacing_m[1])))
    rows, cols = -(-grid.height // step_rows), -(-grid.width // step_cols)
    gt = grid.geotransform
    x0, y0 = gt[0], gt[3]
    bounds = (x0, y0 + rows * step_rows * gt[5], x0 + cols * step_cols * gt[1], y0)
    scratch = OutputSet()
    path = scratch.scratch("prior_dem_lattice")
    try:
        gdal.Warp(path, str(dem_path), format="GTiff", outputType=gdal.GDT_Float32,
                  outputBounds=bounds, width=cols, height=rows, dstSRS=grid.crs_wkt,
                  resampleAlg="average", srcNodata=nodata, dstNodata=float("nan"))
        heights = _read_heights(path, datum, cols, rows)
    except (RuntimeError, DemError) as exc:
        raise InferenceError(f"Cannot resample the prior DEM {dem_path} to the SAR grid: "
                             f"{exc}") from exc
    finally:
        scratch.discard()
    surface = LatticePriorSurface(heights, (step_rows - 1) / 2.0, (step_cols - 1) / 2.0,
                                  step_rows, step_cols)
    return surface, note


def vertical_reference_for(prior_dem: bool) -> str:
    """Return the VERTICAL_REFERENCES key of heights estimated with or without a prior DEM.

    With a prior DEM the surface is made of WGS 84 ellipsoidal heights (prior points given with
    it must be ellipsoidal too: they are taken as given); from points alone the heights are in
    the points' own height system.
    """
    return ELLIPSOIDAL if prior_dem else PRIOR_POINTS_SYSTEM


def combined_surface(points: PriorPoints, lattice: LatticePriorSurface) -> ScatteredPriorSurface:
    """Return one TIN of a prior DEM's lattice nodes and prior points; points win in their cells.

    A lattice node is dropped when a point lies in its cell (within half a step of it), so the
    more accurate point, not the DEM's block mean, shapes the surface there.
    """
    rows, cols = lattice.values.shape
    node_r = lattice.row0 + np.arange(rows) * lattice.step_rows
    node_c = lattice.col0 + np.arange(cols) * lattice.step_cols
    taken = np.zeros(lattice.values.shape, dtype=bool)
    i = np.clip(np.round((points.rows - lattice.row0) / lattice.step_rows), 0, rows - 1)
    j = np.clip(np.round((points.cols - lattice.col0) / lattice.step_cols), 0, cols - 1)
    taken[i.astype(int), j.astype(int)] = True
    grid_r, grid_c = np.meshgrid(node_r, node_c, indexing="ij")
    keep = ~taken
    all_rows = np.concatenate([grid_r[keep], points.rows])
    if all_rows.size > MAX_SCATTERED_PRIORS:
        raise InferenceError(f"The prior DEM and points make {all_rows.size} priors, more than "
                             f"the {MAX_SCATTERED_PRIORS} a triangulation handles: use a larger "
                             f"prior spacing, or the DEM alone.")
    return ScatteredPriorSurface(all_rows, np.concatenate([grid_c[keep], points.cols]),
                                 np.concatenate([lattice.values[keep], points.heights]))


def _read_heights(path: str, datum: str, cols: int, rows: int) -> np.ndarray:
    """Return the ellipsoidal heights (m) of a DEM file; it is closed before it is deleted."""
    return DemRaster(path, datum).read_block(0, 0, cols, rows)[2]


def estimate_with_uncertainty_to_file(
        model: "ResidualHeightModel", reader: SarReader, surface: PriorSurface,
        prior_heights: np.ndarray, path: str, uncertainty_path: Optional[str] = None,
        tile_size: Optional[int] = None, overlap: Optional[int] = None, batch_size: int = 4,
        progress: Optional[Progress] = None, look_direction: Optional[str] = None,
        output_set: Optional[OutputSet] = None,
        vertical_reference: Optional[str] = None) -> dict[str, Any]:
    """Predict heights, and their uncertainty if asked, in strips into float32 GeoTIFFs.

    ``prior_heights``: the prior values (metres) that bound plausible output heights
    (core.plausibility). ``look_direction`` ("east"/"west"; None: the model's): a raster looking
    the other way than the model was trained on is mirrored for the network and back.
    ``vertical_reference``: a key of VERTICAL_REFERENCES (see :func:`vertical_reference_for`),
    written as the heights' band description and as the metadata item VERTICAL_REFERENCE; None:
    "the height system of the priors". Returns a summary dict (tiles, tile_rows, tile_cols,
    overlap, valid, minimum, maximum, mirrored, sigma_median, vertical_reference: the item or
    None). On any error or cancellation nothing is left; ``output_set``: committed by the caller,
    else here.
    """
    grid = reader.grid
    meta = model.metadata
    tile_size, overlap = resolve_tiling(meta, tile_size, overlap)
    plan = TilePlan(grid.shape, tile_size, overlap, int(meta["stride"]))
    mirror = look_direction is not None and needs_mirror(meta, look_direction)
    bounds = estimated_height_bounds(prior_heights, BOUNDS_SCALE_M)
    owner = output_set is None
    outputs = OutputSet() if output_set is None else output_set
    description, item = VERTICAL_REFERENCES.get(vertical_reference or "",
                                                 (HEIGHT_DESCRIPTION, None))
    heights_file = HeightWriter(path, grid, outputs, description)
    if item is not None:
        heights_file.files.dataset("height").SetMetadataItem(VERTICAL_REFERENCE_ITEM, item)
    sigma_file = (HeightWriter(uncertainty_path, grid, outputs, UNCERTAINTY_DESCRIPTION)
                  if uncertainty_path else None)
    sigmas: list[np.ndarray] = []

    def write(row0: int, heights: np.ndarray, sigma: np.ndarray) -> None:
        count, lowest, highest = implausible_heights(heights, bounds)
        if count:
            raise InferenceError(
                f"The height model produced {count} heights from {lowest:.4g} to "
                f"{highest:.4g} m, outside the {bounds[0]:.0f} to {bounds[1]:.0f} m that the "
                f"priors can justify: the image lies outside what the model was trained on "
                f"(check the input units, the look direction and the pixel spacing). No output "
                f"was written.")
        if mirror:
            heights, sigma = heights[:, ::-1], sigma[:, ::-1]
        heights_file.write(row0, heights)
        sigmas.append(sigma[np.isfinite(sigma)][::97])  # a thin sample for the log
        if sigma_file is not None:
            sigma_file.write(row0, sigma)

    # StripReader mirrors the SAR, the surface and the distance of each strip together
    strips = StripReader(reader.read_rows, surface, grid.shape, reader.median_db(), mirror)
    try:
        predict_with_uncertainty(model, strips, grid.pixel_spacing_m, write, tile_size, overlap,
                                 batch_size, progress)
        if progress is not None and not progress(1.0):
            raise InferenceCancelled("Height estimation cancelled.")
        for writer in (heights_file, sigma_file):
            if writer is not None:
                writer.commit()  # closes the files; the set renames them below or its owner does
        if owner:
            outputs.commit()
    except BaseException:
        outputs.discard()
        raise
    sample = np.concatenate(sigmas) if sigmas else np.zeros(0)
    return {"tiles": len(plan), "tile_rows": plan.tile_rows, "tile_cols": plan.tile_cols,
            "overlap": overlap, "valid": heights_file.valid, "minimum": heights_file.minimum,
            "maximum": heights_file.maximum, "mirrored": mirror,
            "sigma_median": float(np.median(sample)) if sample.size else float("nan"),
            "vertical_reference": item}
