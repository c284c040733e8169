"""Truth evaluation on a synthetic scene built from a real DEM.

The "measured" image is simulated from the FULL-resolution DEM with a known per-cell
reflectivity texture and speckle; the reconstruction only sees a coarse DEM of the same
terrain (block averages of factor x factor fine cells, so the fine grid nests in it). The
true value of a coarse cell K is

    truth_K = sum_{fine k in K} w_k r_k c_k / n_flat_K

(w_k: fine facet area x sigma0, r_k: texture, c_k: share of the fine cell inside the image,
n_flat_K: flat-ground pixels of the coarse cell), i.e. the true energy in the same
flat-equivalent intensity as OUTPUT and OUTPUT_GEOCODED. All three are compared in dB after
the same 3 x 3 boxcar multilook in linear units, over the cells where both outputs exist.
The whole product image is held in memory: meant for small synthetic scenes only.
"""
import os
import time
from dataclasses import dataclass

import numpy as np
from osgeo import gdal
from scipy.ndimage import uniform_filter

from ..dem import DemRaster
from ..raster_io import memory_raster
from ..simulation import CLEAR, LAYOVER, SimulationOptions, iter_block_mappings, make_plan
from ..simulation.speckle import apply_speckle
from .flat_footprint import FlatFootprint
from .measured import MeasuredImage
from .options import ReconstructionOptions
from .reconstruct import reconstruct_to_files
from .synthetic import coarsen_dem, straight_track_geometry

gdal.UseExceptions()


@dataclass
class TruthSettings:
    """How the truth evaluation builds the measurement from a fine DEM and compares results."""

    factor: int = 3  # coarse cell = factor x factor fine cells
    speckle_looks: float = 4.0  # about a Sentinel-1 GRD's equivalent number of looks
    texture_strength: float = 0.5  # std of the mean-1 log-normal reflectivity
    texture_correlation_cells: float = 2.0  # fine cells
    seed: int = 1
    multilook: int = 3  # boxcar size on the coarse grid for the comparison


def simulate_measurement(fine_dem, geometry, options, factor, coarse_shape):
    """Noise-free image of ``fine_dem`` (lines x samples) and true energy per coarse cell."""
    image = np.zeros((geometry.lines, geometry.samples))
    truth = np.zeros(coarse_shape)
    for block in iter_block_mappings(fine_dem, geometry, options):
        if block.window is None:
            continue
        w = block.window
        image[w.line0:w.line0 + w.lines, w.sample0:w.sample0 + w.samples] += block.simulate()
        inside = np.asarray(block.matrix.sum(axis=0)).reshape(block.rows, block.cols)
        energy = block.contributions() * inside
        rows = (block.row0 + np.arange(block.rows)) // factor
        cols = (block.col0 + np.arange(block.cols)) // factor
        keep = (rows[:, None] < coarse_shape[0]) & (cols[None, :] < coarse_shape[1])
        rr, cc = np.broadcast_arrays(rows[:, None], cols[None, :])
        np.add.at(truth, (rr[keep], cc[keep]), energy[keep])
    return image, truth


def multilook(values, size):
    """NaN-aware size x size boxcar mean (linear); NaN where the centre is NaN."""
    finite = np.isfinite(values)
    total = uniform_filter(np.where(finite, values, 0.0), size, mode="constant")
    count = uniform_filter(finite.astype(np.float64), size, mode="constant")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(finite & (count > 0), total / count, np.nan)


def db_errors(estimate, truth, where):
    """(RMSE, mean) in dB of 10 log10(estimate / truth) over ``where`` with both positive."""
    good = where & (estimate > 0) & (truth > 0)
    if not good.any():
        return float("nan"), float("nan")
    error = 10.0 * np.log10(estimate[good] / truth[good])
    return float(np.sqrt(np.mean(error ** 2))), float(np.mean(error))


def _crop_to_factor(source, target, factor):
    ds = gdal.Open(str(source))
    cols, rows = ds.RasterXSize // factor * factor, ds.RasterYSize // factor * factor
    gdal.Translate(str(target), ds, srcWin=[0, 0, cols, rows])
    return target


def _read(path):
    dataset = gdal.Open(str(path))  # keep the dataset alive while its band is read
    return dataset.GetRasterBand(1).ReadAsArray().astype(np.float64)


@dataclass
class TruthResult:
    """Errors (dB) of the reconstruction and of geocoding against the true energy, per scene.

    RMSE and bias of 10 log10(estimate / truth) after the multilook, on layover cells and on
    clear cells, for the reconstructed and the geocoded images.
    """

    name: str
    coarse_cells: int
    layover_share: float  # of the coarse cells inside the image (codes 1 and 3)
    layover_cells: int  # layover (code 1) cells compared
    rmse_layover_reconstructed_db: float
    rmse_layover_geocoded_db: float
    rmse_clear_reconstructed_db: float
    rmse_clear_geocoded_db: float
    bias_layover_reconstructed_db: float  # mean of 10 log10(estimate / truth)
    bias_layover_geocoded_db: float
    energy_ratio: float  # reconstructed / measured energy of the covered pixels
    seconds: float


def compare(reconstructed, geocoded, truth, mask, size):
    """DB errors after the multilook, and the number of layover cells compared.

    Returns [RMSE layover reconstructed, RMSE layover geocoded, RMSE clear reconstructed,
    RMSE clear geocoded, bias layover reconstructed, bias layover geocoded], count.
    """
    valid = np.isfinite(reconstructed) & np.isfinite(geocoded)
    rec, geo, tru = (multilook(np.where(valid, a, np.nan), size)
                     for a in (reconstructed, geocoded, truth))
    layover, clear = valid & (mask == LAYOVER), valid & (mask == CLEAR)
    (rl, bl), (gl, gb) = db_errors(rec, tru, layover), db_errors(geo, tru, layover)
    rc, gc = db_errors(rec, tru, clear)[0], db_errors(geo, tru, clear)[0]
    return [rl, gl, rc, gc, bl, gb], int(layover.sum())


def run_truth_case(fine_path, workdir, settings=None, spec=None, name=None):
    """Simulate, reconstruct and compare for one fine DEM (heights taken as ellipsoidal)."""
    settings = settings or TruthSettings()
    start = time.perf_counter()
    name = name or os.path.splitext(os.path.basename(str(fine_path)))[0]
    fine_path = _crop_to_factor(fine_path, os.path.join(workdir, f"{name}_fine.tif"),
                                settings.factor)
    coarse_path = os.path.join(workdir, f"{name}_coarse.tif")
    coarse_shape = coarsen_dem(fine_path, coarse_path, settings.factor)
    fine, coarse = DemRaster(fine_path, "ellipsoid"), DemRaster(coarse_path, "ellipsoid")
    geometry = straight_track_geometry(fine, spec)
    options = SimulationOptions(texture_strength=settings.texture_strength,
                                texture_correlation_cells=settings.texture_correlation_cells,
                                seed=settings.seed)
    image, truth_energy = simulate_measurement(fine, geometry, options, settings.factor,
                                               coarse_shape)
    apply_speckle(image, settings.seed, settings.speckle_looks, 0, 0)
    measured = MeasuredImage(memory_raster(image), zero_is_missing=False)
    outputs = {k: os.path.join(workdir, f"{name}_{k}.tif")
               for k in ("reconstructed", "geocoded", "mask")}
    summary = reconstruct_to_files(coarse, geometry, measured, outputs, ReconstructionOptions())
    n_flat = FlatFootprint(coarse, geometry, make_plan(coarse, geometry, options)).cells(
        0, 0, *coarse_shape)
    mask = _read(outputs["mask"])
    rmse, layover_cells = compare(_read(outputs["reconstructed"]), _read(outputs["geocoded"]),
                                  truth_energy / n_flat, mask, settings.multilook)
    return TruthResult(name, int(mask.size), summary.layover_share + summary.both_share,
                       layover_cells, *rmse,
                       summary.reconstructed_energy / summary.measured_energy,
                       time.perf_counter() - start)
