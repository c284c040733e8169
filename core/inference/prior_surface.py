"""Prior surfaces: what the priors alone say at every pixel, and how far each pixel is from them.

Model contract v2 (core.inference.residual_contract) feeds a height network the prior surface
and asks it for the residual, so this module is where "the priors alone" is defined, once, for
training and inference:

- **Scattered priors** (points: GNSS, ICESat, spot heights, any density): the linear
  interpolation over their Delaunay triangulation (a TIN), and the nearest prior's height outside
  the triangulation's hull. The support distance of a pixel is its Euclidean distance, in pixels,
  to the nearest prior.
- **A prior DEM on a regular lattice** (a coarse DEM, one value per lattice node every ``step``
  pixels): cubic-spline interpolation of the node values (the bicubic upsampling a user would
  otherwise do), nearest-node values beyond the lattice's ends. The support distance is the
  distance to the nearest lattice node, computed exactly from the pixel's offsets.

Both answer for any window of rows and columns, so a large raster is processed a tile row at a
time with the same numbers as if it were processed whole.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InferenceError

Window = tuple[int, int, int, int]  # row0, row1, col0, col1 (half-open)
_QUERY_CHUNK = 1 << 18  # pixels per interpolation / KD-tree query (bounded temporaries)


def _grid(window: Window) -> tuple[np.ndarray, np.ndarray]:
    row0, row1, col0, col1 = window
    rows, cols = np.mgrid[row0:row1, col0:col1]
    return rows.ravel().astype(np.float64), cols.ravel().astype(np.float64)


def _chunked(function: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    out = np.empty(rows.size, dtype=np.float64)
    for start in range(0, rows.size, _QUERY_CHUNK):
        stop = min(start + _QUERY_CHUNK, rows.size)
        out[start:stop] = function(rows[start:stop], cols[start:stop])
    return out


class ScatteredPriorSurface:
    """TIN of scattered prior heights (metres) at pixel positions; nearest prior outside the hull.

    Fewer than three points, or points on one line, have no triangulation: the surface is then
    the nearest prior's height everywhere.
    """

    def __init__(self, rows: ArrayLike, cols: ArrayLike, heights: ArrayLike) -> None:
        from scipy.spatial import cKDTree  # heavy imports kept local

        rows = np.asarray(rows, dtype=np.float64).ravel()
        cols = np.asarray(cols, dtype=np.float64).ravel()
        heights = np.asarray(heights, dtype=np.float64).ravel()
        keep = np.isfinite(heights) & np.isfinite(rows) & np.isfinite(cols)
        if not keep.any():
            raise InferenceError("No prior heights: a prior surface needs at least one prior.")
        self.points = np.column_stack([rows[keep], cols[keep]])
        self.heights = heights[keep]
        self._tree = cKDTree(self.points)
        self._linear = self._triangulate()

    def _triangulate(self) -> Optional[Any]:
        from scipy.interpolate import LinearNDInterpolator
        from scipy.spatial import QhullError

        if len(self.heights) < 3:
            return None
        try:
            return LinearNDInterpolator(self.points, self.heights)
        except QhullError:  # collinear or repeated points: no triangle
            return None

    def __len__(self) -> int:
        return int(self.heights.size)

    def _nearest(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distance, index = self._tree.query(np.column_stack([rows, cols]))
        return distance, self.heights[index]

    def heights_at(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Return the surface (metres, float64) at pixel positions ``rows``, ``cols``."""
        def one(r: np.ndarray, c: np.ndarray) -> np.ndarray:
            if self._linear is None:
                return self._nearest(r, c)[1]
            linear = self._linear(np.column_stack([r, c]))
            outside = ~np.isfinite(linear)
            if outside.any():
                linear[outside] = self._nearest(r[outside], c[outside])[1]
            return linear
        return _chunked(one, rows, cols)

    def surface(self, window: Window) -> np.ndarray:
        """Return the surface (metres, float32) on the pixels of ``window``."""
        rows, cols = _grid(window)
        shape = (window[1] - window[0], window[3] - window[2])
        return self.heights_at(rows, cols).reshape(shape).astype(np.float32)

    def distance_px(self, window: Window) -> np.ndarray:
        """Return each pixel's distance (pixels, float32) to the nearest prior, over ``window``."""
        rows, cols = _grid(window)
        shape = (window[1] - window[0], window[3] - window[2])
        out = _chunked(lambda r, c: self._nearest(r, c)[0], rows, cols)
        return out.reshape(shape).astype(np.float32)


class LatticePriorSurface:
    """Cubic-spline surface through heights on a regular lattice of pixel positions.

    Node (i, j) of ``values`` lies at pixel (row0 + i * step_rows, col0 + j * step_cols);
    positions may be fractional (a coarse DEM's cell centres seldom fall on pixel centres).
    Missing nodes (NaN) are filled with their nearest valid node before the spline is fitted, so
    a void in the prior DEM gives a flat patch rather than a hole.
    """

    def __init__(self, values: ArrayLike, row0: float, col0: float, step_rows: float,
                 step_cols: float) -> None:
        from scipy.ndimage import distance_transform_edt, spline_filter

        nodes = np.asarray(values, dtype=np.float64)
        if nodes.ndim != 2 or not np.isfinite(nodes).any():
            raise InferenceError("The prior DEM holds no valid heights on this grid.")
        if not (step_rows > 0 and step_cols > 0):
            raise InferenceError(f"Lattice steps must be positive, got {step_rows}, {step_cols}.")
        missing = ~np.isfinite(nodes)
        if missing.any():
            index = distance_transform_edt(missing, return_distances=False, return_indices=True)
            nodes = nodes[tuple(index)]
        self.values: np.ndarray = nodes
        self.row0, self.col0 = float(row0), float(col0)
        self.step_rows, self.step_cols = float(step_rows), float(step_cols)
        self._coefficients = spline_filter(nodes, order=3, mode="nearest")

    def _node_coordinates(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, ...]:
        node_rows = np.clip((rows - self.row0) / self.step_rows, 0, self.values.shape[0] - 1)
        node_cols = np.clip((cols - self.col0) / self.step_cols, 0, self.values.shape[1] - 1)
        return node_rows, node_cols

    def heights_at(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Return the surface (metres, float64) at pixel positions ``rows``, ``cols``."""
        from scipy.ndimage import map_coordinates

        def one(r: np.ndarray, c: np.ndarray) -> np.ndarray:
            return map_coordinates(self._coefficients, np.vstack(self._node_coordinates(r, c)),
                                   order=3, mode="nearest", prefilter=False)
        return _chunked(one, rows, cols)

    def surface(self, window: Window) -> np.ndarray:
        """Return the surface (metres, float32) on the pixels of ``window``."""
        rows, cols = _grid(window)
        shape = (window[1] - window[0], window[3] - window[2])
        return self.heights_at(rows, cols).reshape(shape).astype(np.float32)

    def distance_px(self, window: Window) -> np.ndarray:
        """Return the distance (pixels, float32) of each pixel of ``window`` to the nearest node."""
        row0, row1, col0, col1 = window
        rows = np.arange(row0, row1, dtype=np.float64)
        cols = np.arange(col0, col1, dtype=np.float64)
        node_rows, node_cols = self._node_coordinates(rows, cols)
        d_rows = rows - (self.row0 + np.round(node_rows) * self.step_rows)
        d_cols = cols - (self.col0 + np.round(node_cols) * self.step_cols)
        return np.hypot(d_rows[:, None], d_cols[None, :]).astype(np.float32)


PriorSurface = ScatteredPriorSurface | LatticePriorSurface
