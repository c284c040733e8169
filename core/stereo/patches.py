"""Patch-wise stereo matching in radar geometry: cut, predict, resample, map back.

Neither image is projected to the ground (that interpolation degrades SAR images; Sasayama
et al., IGARSS 2025). The reference image is cut into patches; for each patch the position of
every reference pixel in the secondary image is *predicted* from a DEM (or a constant height),
and the secondary image is resampled at the predicted positions: a secondary patch in the
reference patch's geometry, left with the small offsets that the DEM's errors cause. A matcher
measures those offsets; ``to_secondary`` turns a match back into secondary image coordinates.

Conventions: arrays are (line, sample), lines along azimuth, samples along range; pixel (i, j)
has its centre at (i, j) (core.products.acquisition); a PatchWindow's pixel (l, s) is image
pixel (line0 + l, sample0 + s). Offsets are secondary minus reference (core.stereo.poc).

Prediction
    reference pixel -> (t, R) (image_to_radar) -> ground point on the DEM surface
    (rdr2geo_dem through core.stereo.surface.DemSurface) or at a constant ellipsoidal height
    (rdr2geo) -> secondary geo2rdr -> (t2, R2) -> secondary (line, sample) (radar_to_image).
    Solved exactly on a lattice every ``lattice_step`` pixels (and on the last line and sample
    of the window) and interpolated bilinearly to every pixel.

Accuracy of the lattice interpolation: the prediction is exact at lattice nodes; between them
its error is about step^2 / 8 times the second derivative of the mapping, i.e. of the ground
model's height along the image (times the parallax factor). Measured against the per-pixel
solution (``lattice_step=1``) on airborne pairs of core.stereo.pairs (2 m pixels, 35°/55°):
- constant height, step 16: at most 0.013 px (the mapping is nearly affine);
- a DEM: the bilinear DEM surface bends at its cell edges, which a lattice does not follow
  exactly. Step = half a DEM cell (``auto_lattice_step``, the pipeline's default): 30 m DEM,
  step 7: median 0.003 px, 95th percentile 0.04 px, max 0.3 px; 90 m DEM, step 16: median
  0.012 px, 95th percentile 0.27 px, max 1.1 px (step 8: 0.002 / 0.085 / 0.84 px).
These deviations are not errors of the result: the matcher measures offsets relative to the
prediction actually used, and to_secondary maps them back through the same prediction; they
only add to the offsets (and to their roughness) that the matcher has to follow.
"""
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from .surface import DemSurface


@dataclass
class PatchWindow:
    """A window of the reference image: first line/sample (inclusive) and size (pixels)."""

    line0: int
    sample0: int
    lines: int
    samples: int

    @property
    def slices(self):
        """(line slice, sample slice) of the window in the image."""
        return (slice(self.line0, self.line0 + self.lines),
                slice(self.sample0, self.sample0 + self.samples))

    @property
    def shape(self):
        """(lines, samples) of the window."""
        return self.lines, self.samples


@dataclass
class PatchPrediction:
    """Predicted secondary (line, sample) of every reference pixel of ``window``.

    ``sec_line``, ``sec_sample``: float64 (window.lines, window.samples), secondary image
    coordinates (pixel centres at integers), NaN where no prediction (the rays miss the DEM
    entirely, geo2rdr failed).
    """

    window: PatchWindow
    sec_line: np.ndarray
    sec_sample: np.ndarray


def _starts(length, size, step):
    """Window starts along an axis: ``step`` apart, the last flush with the end."""
    if length <= size:
        return [0]
    starts = list(range(0, length - size + 1, step))
    if starts[-1] != length - size:
        starts.append(length - size)
    return starts


def plan_patches(lines, samples, patch_size, overlap=0):
    """PatchWindows covering a ``lines`` x ``samples`` image, row by row.

    Patches are ``patch_size`` square, ``patch_size - overlap`` apart, the last ones flush with
    the image border (so they may overlap their neighbours more); an image smaller than a
    patch gives one patch of the image's size along that axis.
    """
    if patch_size < 1 or not 0 <= overlap < patch_size:
        raise ValueError(f"need patch_size >= 1 and 0 <= overlap < patch_size, not "
                         f"{patch_size}, {overlap}")
    step = patch_size - overlap
    return [PatchWindow(l0, s0, min(patch_size, lines), min(patch_size, samples))
            for l0 in _starts(lines, patch_size, step)
            for s0 in _starts(samples, patch_size, step)]


def lattice_positions(length, step):
    """0, step, 2 step, ... and length - 1: the nodes along one axis of a window."""
    nodes = np.arange(0, length, max(1, int(step)))
    if nodes[-1] != length - 1:
        nodes = np.append(nodes, length - 1)
    return nodes


def _ground_points(reference, t, rng, height_m, dem):
    """Return the ECEF ground points of rays (m).

    On the DEM; off it (edges, voids) at ``height_m`` when given, else on the DEM continued
    flat from its nearest cell (DemSurface.solve). Without a DEM, at ``height_m``.
    """
    if dem is None:
        return reference.rdr2geo(t, rng, np.full(t.shape, float(height_m)))
    surface = dem if isinstance(dem, DemSurface) else DemSurface(dem)
    xyz, on_dem = surface.solve(reference, t, rng)
    if height_m is not None and not on_dem.all():
        off = ~on_dem
        xyz[off] = reference.rdr2geo(t[off], rng[off], np.full(int(off.sum()), float(height_m)))
    return xyz


def pixel_ground_size_m(geometry, height_m=0.0):
    """Return the larger ground extent (m) of one pixel at the image centre.

    The larger of the line step and the sample step, projected at ``height_m``.
    """
    centre_l, centre_s = 0.5 * (geometry.lines - 1), 0.5 * (geometry.samples - 1)
    lines = np.array([centre_l, centre_l + 1.0, centre_l])
    samples = np.array([centre_s, centre_s, centre_s + 1.0])
    t, rng = geometry.image_to_radar(lines, samples)
    xyz = geometry.rdr2geo(t, rng, np.full(3, float(height_m)))
    return float(max(np.linalg.norm(xyz[1] - xyz[0]), np.linalg.norm(xyz[2] - xyz[0])))


def auto_lattice_step(reference, dem=None, height_m=0.0, largest=16, smallest=2):
    """Return a lattice step (pixels) that follows the DEM.

    Half a DEM cell in reference pixels, clipped to [smallest, largest]; ``largest`` for a
    constant height (``dem`` None).

    Nodes every half cell keep the bilinear lattice close to the DEM's own bilinear surface
    (a coarser lattice smooths the DEM, a finer one only costs time).
    """
    if dem is None:
        return int(largest)
    surface = dem if isinstance(dem, DemSurface) else DemSurface(dem)
    low, high = surface.height_bounds_m()
    pixels_per_cell = surface.cell_size_m() / pixel_ground_size_m(reference, 0.5 * (low + high))
    return int(np.clip(np.floor(0.5 * pixels_per_cell), smallest, largest))


def predict_lattice(reference, secondary, lines, samples, height_m=None, dem=None):
    """Secondary (line, sample) of reference image pixels (lines x samples, broadcast).

    Exact (no interpolation): one ground solution per pixel. See predict_patch.
    """
    if dem is None and height_m is None:
        raise ValueError("give a DEM or a constant height_m for the prediction")
    t, rng = reference.image_to_radar(*np.broadcast_arrays(lines, samples))
    xyz = _ground_points(reference, t, rng, height_m, dem)
    finite = np.isfinite(xyz).all(axis=-1)
    safe = np.where(finite[..., None], xyz, reference.orbit.interpolate(t)[0])
    t2, r2, ok = secondary.geo2rdr(safe.reshape(-1, 3))
    ok = ok.reshape(t.shape) & finite
    sec_l, sec_s = secondary.radar_to_image(np.where(ok, t2.reshape(t.shape), 0.0),
                                            np.where(ok, r2.reshape(t.shape), 0.0))
    return np.where(ok, sec_l, np.nan), np.where(ok, sec_s, np.nan)


def _bilinear_axes(values, nodes_l, nodes_s, at_l, at_s):
    """Interpolate ``values`` bilinearly from the grid (nodes_l, nodes_s) to ``at_l`` x ``at_s``.

    The grid is separable; ``at_l`` and ``at_s`` are 1-D and inside it. NaN spreads to the
    cells it touches.
    """
    fl = np.interp(at_l, nodes_l, np.arange(nodes_l.size))
    fs = np.interp(at_s, nodes_s, np.arange(nodes_s.size))
    coords = np.meshgrid(fl, fs, indexing="ij")
    return ndimage.map_coordinates(values, coords, order=1, mode="nearest")


def predict_patch(reference, secondary, window, height_m=None, dem=None, lattice_step=16):
    """PatchPrediction of ``window`` of the reference image in the secondary image.

    ``reference``, ``secondary``: AcquisitionGeometry. Ground model: ``dem`` (a DemRaster, or a
    DemSurface to share its cached height bounds across patches), or the constant ellipsoidal
    ``height_m`` (metres). Rays that miss the DEM (beyond its edges, in voids) meet the constant
    ``height_m`` when it is given with the DEM, else the DEM continued flat from its nearest
    cell: every pixel gets a prediction, so patches at the DEM's border are matched whole.
    Solved exactly every ``lattice_step`` pixels, bilinear in between (see the module
    docstring for the accuracy); ``lattice_step=1`` solves every pixel.
    """
    nodes_l = lattice_positions(window.lines, lattice_step)
    nodes_s = lattice_positions(window.samples, lattice_step)
    grid_l, grid_s = np.meshgrid(window.line0 + nodes_l, window.sample0 + nodes_s, indexing="ij")
    lat_l, lat_s = predict_lattice(reference, secondary, grid_l.astype(np.float64),
                                   grid_s.astype(np.float64), height_m, dem)
    if nodes_l.size == window.lines and nodes_s.size == window.samples:
        return PatchPrediction(window, lat_l, lat_s)
    at_l, at_s = np.arange(window.lines), np.arange(window.samples)
    return PatchPrediction(window, _bilinear_axes(lat_l, nodes_l, nodes_s, at_l, at_s),
                           _bilinear_axes(lat_s, nodes_l, nodes_s, at_l, at_s))


def _read_box(image, line0, sample0, lines, samples):
    if hasattr(image, "read"):
        return np.asarray(image.read(line0, sample0, lines, samples), dtype=np.float64)
    return np.asarray(image[line0:line0 + lines, sample0:sample0 + samples], dtype=np.float64)


def _image_shape(image):
    if hasattr(image, "shape"):
        return tuple(image.shape[:2])
    return image.lines, image.samples


def resample_patch(image, prediction, order=1):
    """Sample the secondary image at the predicted coordinates: float32 (lines, samples).

    ``image``: the secondary image as a 2-D array, or any object with ``read(line0, sample0,
    lines, samples) -> 2-D array`` and ``shape`` (or ``lines``/``samples``), e.g. a reader of a
    large raster: only the bounding box of the predicted coordinates (plus the interpolation
    support) is read. ``order``: 1 bilinear (default; no ringing, NaN no-data stays local) or
    3 cubic spline (no-data filled with 0 before the spline). NaN where the prediction is NaN
    or falls outside the image (beyond the outer pixel centres by more than half a pixel).
    """
    n_lines, n_samples = _image_shape(image)
    sec_l, sec_s = prediction.sec_line, prediction.sec_sample
    inside = (np.isfinite(sec_l) & np.isfinite(sec_s) & (sec_l >= -0.5)
              & (sec_l <= n_lines - 0.5) & (sec_s >= -0.5) & (sec_s <= n_samples - 0.5))
    out = np.full(sec_l.shape, np.nan, dtype=np.float32)
    if not inside.any():
        return out
    margin = 1 + order // 2
    l0 = max(0, int(np.floor(sec_l[inside].min())) - margin)
    s0 = max(0, int(np.floor(sec_s[inside].min())) - margin)
    l1 = min(n_lines, int(np.ceil(sec_l[inside].max())) + margin + 1)
    s1 = min(n_samples, int(np.ceil(sec_s[inside].max())) + margin + 1)
    box = _read_box(image, l0, s0, l1 - l0, s1 - s0)
    if order > 1:
        box = np.where(np.isfinite(box), box, 0.0)
    values = ndimage.map_coordinates(box, [sec_l[inside] - l0, sec_s[inside] - s0], order=order,
                                     mode="nearest")
    out[inside] = values
    return out


def _cell_and_fraction(position, size):
    """Lower node index (clamped to the last cell) and the unclamped fraction (extrapolates)."""
    cell = np.clip(np.floor(position), 0, max(size - 2, 0)).astype(int)
    return cell, position - cell


def to_secondary(prediction, line_in_patch, sample_in_patch):
    """Secondary image (line, sample) of fractional reference-patch positions.

    Bilinear interpolation of the prediction maps: a match found at patch pixel (l, s) with
    offset (dl, ds) in the resampled frame lies at ``to_secondary(pred, l + dl, s + ds)`` in
    the secondary image. Positions just outside the patch extrapolate the edge cell linearly;
    NaN where a contributing node is NaN or the position is NaN.
    """
    line = np.asarray(line_in_patch, dtype=np.float64)
    sample = np.asarray(sample_in_patch, dtype=np.float64)
    line, sample = np.broadcast_arrays(line, sample)
    finite = np.isfinite(line) & np.isfinite(sample)
    n_l, n_s = prediction.sec_line.shape
    i, fi = _cell_and_fraction(np.where(finite, line, 0.0), n_l)
    j, fj = _cell_and_fraction(np.where(finite, sample, 0.0), n_s)
    i1, j1 = np.minimum(i + 1, n_l - 1), np.minimum(j + 1, n_s - 1)
    out = []
    for values in (prediction.sec_line, prediction.sec_sample):
        top = values[i, j] * (1 - fj) + values[i, j1] * fj
        bottom = values[i1, j] * (1 - fj) + values[i1, j1] * fj
        out.append(np.where(finite, top * (1 - fi) + bottom * fi, np.nan))
    return out[0], out[1]
