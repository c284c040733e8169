"""Pass 1: the global noise-free simulated image S = M w and its per-pixel cell count.

Tiles' radar windows overlap (a pixel can receive cells of several tiles, e.g. where a
foreslope of one strip folds onto the valley of the next), so the share of a pixel's energy
that goes to a cell needs the sum over *all* cells: S is accumulated tile by tile into a
scratch GeoTIFF over the full product raster (tiled and sparse: only the blocks the DEM
touches exist on disk), by a read-modify-write of each tile's window, flushed at once so
that GDAL's block cache never holds more than one window (as simulate_to_files does).
Band 1: S; band 2: number of contributing cells (M_jk > 0 and w_k > 0) per pixel. Float32
(as simulate's accumulator) halves the scratch disk of a full scene against float64; a pixel
takes the sum of at most a few tiles, so S keeps ~1e-7 relative precision and the energy
balance holds to that, well inside 1e-6; counts are exact below 2^24.
"""
import numpy as np
from osgeo import gdal
from scipy import sparse

from ..raster_io import SCRATCH
from ..simulation.mapping import RadarWindow

gdal.UseExceptions()


def contributing_cells(block):
    """Per pixel of the block's window: how many of its cells with energy land there."""
    matrix = block.matrix
    pattern = sparse.csr_matrix((np.ones_like(matrix.data), matrix.indices, matrix.indptr),
                                shape=matrix.shape)
    lit = (block.contributions().ravel() > 0).astype(np.float64)
    return (pattern @ lit).reshape(block.window.shape)


def window_contribution(block):
    """(window, float32 S, float32 counts, float64 energy) of a BlockMapping for add_window.

    All None / 0 when the block lands in no pixel. Runs in the block's worker.
    """
    if block.window is None:
        return None, None, None, 0.0
    image = block.simulate()
    counts = contributing_cells(block)
    return block.window, image.astype(np.float32), counts.astype(np.float32), float(image.sum())


class GlobalSimulation:
    """Scratch raster of S (band 1) and contributing-cell counts (band 2).

    It lies in the system temporary folder (``near_path`` only names it).
    """

    def __init__(self, files, near_path, geometry, name="global_simulation"):
        self.dataset = files.create(name, near_path, geometry.samples, geometry.lines, 2,
                                    gdal.GDT_Float32, SCRATCH, scratch=True)
        self.window = None  # union of the windows that received energy
        self.energy = 0.0  # sum of S (the noise-free simulated energy)

    def __getstate__(self):
        """Pickle the scratch file's path (worker processes read it after pass 1)."""
        return {"path": self.dataset.GetDescription(), "window": self.window,
                "energy": self.energy}

    def __setstate__(self, state):
        """Open the scratch file read-only."""
        self.dataset = gdal.Open(state["path"])
        self.window, self.energy = state["window"], state["energy"]

    def add(self, block):
        """Accumulate one BlockMapping (tiles without a window are skipped)."""
        self.add_window(*window_contribution(block))

    def add_window(self, window, image, counts, energy):
        """Accumulate float32 ``image`` and ``counts`` over ``window`` (None: nothing).

        ``energy``: the float64 sum of the image (window_contribution).
        """
        if window is None:
            return
        for band_index, values in ((1, image), (2, counts)):
            band = self.dataset.GetRasterBand(band_index)
            current = band.ReadAsArray(window.sample0, window.line0, window.samples,
                                       window.lines)
            band.WriteArray(current + values, window.sample0, window.line0)
        self.dataset.FlushCache()
        self.window = window.union(self.window)
        self.energy += energy

    def forget(self):
        """Empty GDAL's block cache of the scratch raster (reads keep their blocks)."""
        self.dataset.FlushCache()

    def read(self, window):
        """(S, count) over a RadarWindow, float64 arrays."""
        args = (window.sample0, window.line0, window.samples, window.lines)
        return tuple(self.dataset.GetRasterBand(b).ReadAsArray(*args).astype(np.float64)
                     for b in (1, 2))


SCAN_LINES = 256  # lines per read when summing the measured energy of the covered pixels


def covered_measured_energy(measured, simulation):
    """(sum of I_j, count) over the pixels with S_j > 0 that are measured, read in strips."""
    window = simulation.window
    total, count = 0.0, 0
    if window is None:
        return total, count
    for line0 in range(window.line0, window.line0 + window.lines, SCAN_LINES):
        lines = min(SCAN_LINES, window.line0 + window.lines - line0)
        strip = RadarWindow(line0, window.sample0, lines, window.samples)
        intensity = measured.read(strip)
        simulated, _ = simulation.read(strip)
        covered = np.isfinite(intensity) & (simulated > 0)
        total += float(intensity[covered].sum())
        count += int(covered.sum())
        measured.forget()
        simulation.forget()
    return total, count
