"""Model contract v1: what a SAR Height height model reads and returns (docs/height_model.md).

Network input "input": float32 [N, 4, H, W], H and W multiples of ``stride`` (16).
    ch0 sar_db          (backscatter dB - sar_db_mean) / sar_db_std; 0 where SAR is missing
    ch1 prior_height    (h_prior - reference_m) / height_scale_m at prior pixels, 0 elsewhere
    ch2 prior_distance  Euclidean distance (m) to the nearest prior pixel over the WHOLE raster
                        / distance_scale_m, clipped to [0, 5]
    ch3 prior_mask      1 at prior pixels, 0 elsewhere
Network output "height": float32 [N, 1, H, W]; heights h = y * height_scale_m + reference_m.

reference_m of a tile: the mean of the prior heights inside the tile (the part of the tile
that lies on the raster); when the tile holds none, the mean of the 8 priors nearest to the
tile centre over the whole raster (all of them when there are fewer than 8). Distances for
"nearest" are in metres (pixel offsets times the pixel spacing); the tile centre of rows
[r0, r1) and columns [c0, c1) is pixel ((r0 + r1 - 1) / 2, (c0 + c1 - 1) / 2).

Training (training/height/data.py) and inference (core.inference.tiling) both build their inputs
with :func:`prepare_inputs` / :func:`build_inputs`, so the two cannot drift apart. Large
scenes are prepared a tile row at a time by :func:`prepare_block` from sparse
:class:`PriorPoints`: the same channels, the distance from a KD-tree instead of a distance
transform of the whole raster.
"""
from typing import Any, Literal, Mapping, Optional, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..constants import LOOK_DIRECTIONS, MODEL_STRIDE
from ..errors import InferenceError, ModelError
from ..model_metadata import (
    METADATA_KEY,  # noqa: F401 (part of this contract's API)
    check_format,
    finite_number,
    integer,
    read_metadata_json,
)

WHAT = "height model"  # in the messages
MODEL_FORMAT = "sar_height_height_model"
CONTRACT_VERSION = 1
CHANNELS = ("sar_db", "prior_height", "prior_distance", "prior_mask")
INPUT_NAME = "input"
OUTPUT_NAME = "height"
STRIDE = MODEL_STRIDE
DEFAULT_HEIGHT_SCALE_M = 1000.0
DEFAULT_DISTANCE_SCALE_M = 2000.0
DISTANCE_CLIP = 5.0
REFERENCE_NEAREST = 8
MODEL_TYPES = ("ask_unet", "unet")
INPUT_KINDS = ("reconstructed", "geocoded")
# Densest priors the networks saw in training (the curriculum's start, training/height/train.py):
# denser priors are thinned before inference (core.inference.priors.thin_priors).
MAX_PRIOR_DENSITY = 0.02
DISTANCE_CHUNK_PIXELS = 1 << 19  # pixels per KD-tree query of PriorPoints.distance

_POSITIVE = ("sar_db_std", "height_scale_m", "distance_scale_m", "pixel_spacing_m")
_NUMBERS = ("sar_db_mean",) + _POSITIVE
_INTEGERS = ("stride", "tile_size", "overlap")
_STRINGS = ("model_type", "input_kind")

Spacing = tuple[float, float]  # (row, column) pixel spacing in metres


def validate_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Check a contract-v1 metadata dict; return a normalised copy or raise ModelError."""
    check_format(meta, MODEL_FORMAT, CONTRACT_VERSION, WHAT)
    if list(meta.get("channels") or []) != list(CHANNELS):
        raise ModelError(f"This height model expects the input channels "
                         f"{meta.get('channels')!r}; SAR Height supplies {list(CHANNELS)} in "
                         f"this order.")
    missing = [key for key in _NUMBERS + _INTEGERS + _STRINGS + ("pixel_spacing_range_m",)
               if key not in meta]
    if missing:
        raise ModelError("The height model's metadata lacks: {}.".format(", ".join(missing)))
    out = dict(meta)
    for key in _NUMBERS:
        out[key] = finite_number(meta, key, WHAT, positive=key in _POSITIVE)
    for key in _INTEGERS:
        integer(meta, key, WHAT)
    if out["stride"] < 1 or out["tile_size"] < out["stride"] or out["tile_size"] % out["stride"]:
        raise ModelError(f"The model's tile_size {out['tile_size']} is not a positive multiple "
                         f"of its stride {out['stride']}.")
    if 2 * out["overlap"] > out["tile_size"]:
        raise ModelError(f"The model's overlap {out['overlap']} exceeds half its tile size "
                         f"{out['tile_size']}.")
    for key in _STRINGS:
        if not isinstance(meta[key], str):
            raise ModelError(f"The model metadata field '{key}' must be a string.")
    spacing_range = meta["pixel_spacing_range_m"]
    try:
        low, high = (float(v) for v in spacing_range)
    except (TypeError, ValueError):
        raise ModelError(f"The model metadata field 'pixel_spacing_range_m' must be "
                         f"[low, high] in metres, got {spacing_range!r}.") from None
    if not 0 < low <= high:
        raise ModelError(f"The model's pixel_spacing_range_m {spacing_range!r} is not a range "
                         f"of positive spacings.")
    out["pixel_spacing_range_m"] = [low, high]
    look = meta.get("look_direction")
    if look is not None and look not in LOOK_DIRECTIONS:
        raise ModelError(f"The model metadata field 'look_direction' must be one of "
                         f"{list(LOOK_DIRECTIONS)} (or absent), got {look!r}.")
    return out


def needs_mirror(meta: Mapping[str, Any], look_direction: str) -> bool:
    """Return True when a raster that looks ``look_direction`` must be mirrored for the model.

    ``look_direction``: "east"/"west". Mirrored left-right when the model's metadata
    ``look_direction`` (the one it was trained on; absent: any) is the other one.
    """
    if look_direction not in LOOK_DIRECTIONS:
        raise InferenceError(f"The look direction must be one of {list(LOOK_DIRECTIONS)}, "
                             f"not {look_direction!r}.")
    trained = meta.get("look_direction")
    return trained is not None and trained != look_direction


def parse_metadata(custom_metadata: Mapping[str, str]) -> dict[str, Any]:
    """Return validated contract metadata from an ONNX file's metadata_props (dict of strings)."""
    return validate_metadata(read_metadata_json(custom_metadata, WHAT))


def spacing_pair(pixel_spacing_m: ArrayLike) -> Spacing:
    """(row spacing, column spacing) in metres from a number or a (dy, dx) pair."""
    values = np.atleast_1d(np.asarray(pixel_spacing_m, dtype=np.float64)).ravel()
    if values.size == 1:
        values = np.repeat(values, 2)
    if values.size != 2 or not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise InferenceError(f"Pixel spacing must be one or two positive numbers (metres), "
                             f"got {pixel_spacing_m!r}.")
    return float(values[0]), float(values[1])


def _scale(metadata: Mapping[str, Any], key: str, default: Optional[float]) -> float:
    value = float(metadata.get(key, default))
    if not value > 0:
        raise InferenceError(f"{key} must be positive, got {value}.")
    return value


def normalised_sar(sar_db: ArrayLike, metadata: Mapping[str, Any]) -> np.ndarray:
    """ch0: (dB - sar_db_mean) / sar_db_std, 0 where the SAR value is missing (NaN)."""
    sar = np.asarray(sar_db, dtype=np.float32)
    std = _scale(metadata, "sar_db_std", None)
    out = (sar - np.float32(metadata["sar_db_mean"])) / np.float32(std)
    out[~np.isfinite(out)] = 0.0
    return out


def prior_distance(prior_mask: ArrayLike, pixel_spacing_m: ArrayLike,
                   distance_scale_m: float = DEFAULT_DISTANCE_SCALE_M) -> np.ndarray:
    """ch2: distance (m) to the nearest prior pixel / distance_scale_m, clipped to [0, 5].

    Computed over the whole raster that ``prior_mask`` covers. scipy's exact Euclidean
    distance transform needs about 20 bytes per pixel of temporary memory (2 GB at
    10000 x 10000).
    """
    from scipy.ndimage import distance_transform_edt  # heavy import kept local

    mask = np.asarray(prior_mask, dtype=bool)
    if not mask.any():
        raise InferenceError("No prior heights: the distance channel needs at least one prior.")
    distance = distance_transform_edt(~mask, sampling=spacing_pair(pixel_spacing_m))
    out = (distance / float(distance_scale_m)).astype(np.float32)
    return np.clip(out, 0.0, DISTANCE_CLIP, out=out)


class PriorPoints:
    """Sparse prior heights of a raster of ``shape``: pixel rows, columns and heights (m).

    Kept in row-major order, the order ``np.nonzero`` gives for a prior raster: the KD-tree
    of the nearest-prior rule is built from the points in this order, so ties between equally
    near priors resolve exactly as for the raster. Costs 24 bytes per prior, not per pixel.
    """

    def __init__(self, rows: ArrayLike, cols: ArrayLike, heights: ArrayLike,
                 shape: Sequence[int]) -> None:
        rows = np.asarray(rows, dtype=np.int64).ravel()
        cols = np.asarray(cols, dtype=np.int64).ravel()
        heights = np.asarray(heights, dtype=np.float64).ravel()
        keep = np.isfinite(heights)
        order = np.lexsort((cols[keep], rows[keep]))
        self.rows, self.cols = rows[keep][order], cols[keep][order]
        self.heights = heights[keep][order]
        self.shape = (int(shape[0]), int(shape[1]))
        self._trees: dict[Spacing, Any] = {}  # pixel spacing -> cKDTree of the points in metres

    @classmethod
    def from_raster(cls, priors: ArrayLike) -> "PriorPoints":
        """Return the priors of a raster holding heights at prior pixels and NaN elsewhere."""
        priors = np.asarray(priors, dtype=np.float64)
        rows, cols = np.nonzero(np.isfinite(priors))
        return cls(rows, cols, priors[rows, cols], priors.shape)

    def __len__(self) -> int:
        return int(self.heights.size)

    def mirrored(self) -> "PriorPoints":
        """Return the same priors on the raster mirrored left-right."""
        return PriorPoints(self.rows, self.shape[1] - 1 - self.cols, self.heights, self.shape)

    def block(self, row0: int, rows: int) -> np.ndarray:
        """Prior raster (float64, NaN without prior) of the rows [row0, row0 + rows)."""
        out = np.full((rows, self.shape[1]), np.nan)
        first, last = np.searchsorted(self.rows, [row0, row0 + rows])
        out[self.rows[first:last] - row0, self.cols[first:last]] = self.heights[first:last]
        return out

    def _tree(self, spacing: Spacing) -> Any:  # scipy.spatial.cKDTree
        if spacing not in self._trees:
            from scipy.spatial import cKDTree  # heavy import kept local

            self._trees[spacing] = cKDTree(np.column_stack([self.rows * spacing[0],
                                                            self.cols * spacing[1]]))
        return self._trees[spacing]

    def nearest_mean(self, centre_row: float, centre_col: float, spacing: Spacing) -> float:
        """Mean height of the REFERENCE_NEAREST priors nearest to a pixel (all when fewer)."""
        centre = (centre_row * spacing[0], centre_col * spacing[1])
        count = min(REFERENCE_NEAREST, len(self))
        _, index = self._tree(spacing).query(centre, k=count)
        return float(np.mean(self.heights[np.atleast_1d(index)]))

    def distance(self, row0: int, rows: int, spacing: Spacing,
                 distance_scale_m: float = DEFAULT_DISTANCE_SCALE_M) -> np.ndarray:
        """ch2 of the rows [row0, row0 + rows): as :func:`prior_distance` over the whole raster.

        Each pixel asks the KD-tree for its nearest prior (none beyond the clip, where the
        channel is DISTANCE_CLIP anyway); the distance is then recomputed from the pixel
        offsets as scipy's distance transform computes it, so the two agree bit for bit.
        Queried in chunks of rows: the temporaries (~70 bytes per pixel) stay small.
        """
        if not len(self):
            raise InferenceError("No prior heights: the distance channel needs at least one "
                                 "prior.")
        out = np.empty((rows, self.shape[1]), dtype=np.float32)
        chunk = max(1, DISTANCE_CHUNK_PIXELS // self.shape[1])
        for start in range(0, rows, chunk):
            count = min(chunk, rows - start)
            out[start:start + count] = self._distance_m(row0 + start, count, spacing,
                                                        distance_scale_m) / distance_scale_m
        return np.clip(out, 0.0, DISTANCE_CLIP, out=out)

    def _distance_m(self, row0: int, rows: int, spacing: Spacing,
                    distance_scale_m: float) -> np.ndarray:
        """Return the distance (m, float64) to the nearest prior of the rows [row0, row0 + rows).

        inf where it lies beyond the clip.
        """
        dy, dx = spacing
        grid_rows, grid_cols = (a.ravel() for a in np.mgrid[row0:row0 + rows,
                                                            0:self.shape[1]])
        pixels = np.column_stack([grid_rows * dy, grid_cols * dx])
        limit_m = DISTANCE_CLIP * float(distance_scale_m)
        _, index = self._tree(spacing).query(pixels, distance_upper_bound=limit_m)
        found = index < len(self)
        near = index[found]
        offset_rows = (grid_rows[found] - self.rows[near]).astype(np.float64) * dy
        offset_cols = (grid_cols[found] - self.cols[near]).astype(np.float64) * dx
        distance = np.full(pixels.shape[0], np.inf)
        distance[found] = np.sqrt(offset_rows * offset_rows + offset_cols * offset_cols)
        return distance.reshape(rows, self.shape[1])


def _reflect(array: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Pad a 2-D array at its bottom/right to (rows, cols) by reflection."""
    pad_rows, pad_cols = rows - array.shape[0], cols - array.shape[1]
    if pad_rows <= 0 and pad_cols <= 0:
        return array
    mode: Literal["reflect", "edge"] = "reflect" if min(array.shape) > 1 else "edge"
    return np.pad(array, ((0, max(pad_rows, 0)), (0, max(pad_cols, 0))), mode=mode)


class RasterInputs:
    """The contract channels of a raster, or of a block of its rows.

    :meth:`tile` cuts network inputs from it.

    Built by :func:`prepare_inputs` (a whole raster) or :func:`prepare_block` (rows
    [row0, row0 + block rows) of a larger one). Holds ch0, ch2 and ch3 of those rows
    (float32), their prior heights and which SAR pixels are valid; ch1 depends on each tile's
    reference height and is made per tile. ``points``: the priors of the WHOLE raster, for
    the nearest-prior rule. Tile coordinates are raster rows and columns.
    """

    def __init__(self, sar: np.ndarray, prior_heights: np.ndarray, distance: np.ndarray,
                 spacing: Spacing, height_scale_m: float,
                 points: Optional[PriorPoints] = None, row0: int = 0,
                 valid: Optional[np.ndarray] = None) -> None:
        self.sar = sar
        self.prior_heights = prior_heights
        self.prior_mask = np.isfinite(prior_heights)
        self.distance = distance
        self.spacing = spacing
        self.height_scale_m = height_scale_m
        self.row0 = int(row0)
        self.valid = np.ones(sar.shape, dtype=bool) if valid is None else valid
        self.points = PriorPoints.from_raster(prior_heights) if points is None else points

    @property
    def shape(self) -> tuple[int, ...]:
        """(rows, columns) of the raster or block held."""
        return self.sar.shape

    @property
    def prior_count(self) -> int:
        """Number of priors in the WHOLE raster."""
        return len(self.points)

    def _window(self, row0: int, col0: int, rows: int,
                cols: int) -> tuple[int, int, int, int]:
        """Rows [r0, r1) of the block and columns [c0, c1) of a tile (clipped to the data)."""
        r0, c0 = max(row0 - self.row0, 0), max(col0, 0)
        r1 = min(row0 - self.row0 + rows, self.shape[0])
        return r0, c0, r1, min(col0 + cols, self.shape[1])

    def reference(self, row0: int, col0: int, rows: int, cols: int) -> float:
        """reference_m of the tile rows [row0, row0+rows) x cols [col0, col0+cols)."""
        r0, c0, r1, c1 = self._window(row0, col0, rows, cols)
        inside = self.prior_heights[r0:r1, c0:c1]
        inside = inside[np.isfinite(inside)]
        if inside.size:
            return float(np.mean(inside, dtype=np.float64))
        return self.points.nearest_mean(self.row0 + (r0 + r1 - 1) / 2.0, (c0 + c1 - 1) / 2.0,
                                        self.spacing)

    def valid_window(self, row0: int, col0: int, rows: int, cols: int) -> np.ndarray:
        """Which SAR pixels of the tile's part on the raster are valid (bool)."""
        r0, c0, r1, c1 = self._window(row0, col0, rows, cols)
        return self.valid[r0:r1, c0:c1]

    def tile(self, row0: int, col0: int, rows: int, cols: int,
             reference_m: Optional[float] = None) -> tuple[np.ndarray, float]:
        """Network input [4, rows, cols] float32 of a window, and its reference_m.

        The window may reach beyond the bottom/right edge of the raster (rasters smaller
        than a tile): the missing part is filled by reflecting the channels at the edge.
        """
        local = row0 - self.row0
        if local < 0 or col0 < 0 or local >= self.shape[0] or col0 >= self.shape[1]:
            raise InferenceError(f"Tile origin ({row0}, {col0}) lies outside the raster "
                                 f"{self.shape}" + (f" (rows from {self.row0})."
                                                    if self.row0 else "."))
        if reference_m is None:
            reference_m = self.reference(row0, col0, rows, cols)
        window = (slice(local, local + rows), slice(col0, col0 + cols))
        mask = self.prior_mask[window]
        heights = self.prior_heights[window]
        ch1 = np.where(mask, (heights - reference_m) / self.height_scale_m, 0.0)
        channels = [self.sar[window], ch1.astype(np.float32), self.distance[window],
                    mask.astype(np.float32)]
        out = np.empty((4, rows, cols), dtype=np.float32)
        for index, channel in enumerate(channels):
            out[index] = _reflect(channel, rows, cols)
        return out, float(reference_m)


def _check_normalisation(metadata: Mapping[str, Any]) -> None:
    for key in ("sar_db_mean", "sar_db_std"):
        if key not in metadata:
            raise InferenceError(f"The normalisation constant {key} is missing.")


def prepare_inputs(sar_db: ArrayLike, prior_heights: ArrayLike, pixel_spacing_m: ArrayLike,
                   metadata: Mapping[str, Any]) -> RasterInputs:
    """RasterInputs of a whole raster (channels 0, 2, 3 computed once).

    sar_db: backscatter in dB, NaN where missing. prior_heights: metres, NaN where there is
    no prior (same shape). metadata: the contract fields; only sar_db_mean and sar_db_std
    are required, height_scale_m and distance_scale_m default to 1000 and 2000.
    """
    sar_db = np.asarray(sar_db)
    prior_heights = np.asarray(prior_heights, dtype=np.float64)
    if sar_db.ndim != 2 or sar_db.shape != prior_heights.shape:
        raise InferenceError(f"SAR {sar_db.shape} and prior heights {prior_heights.shape} must "
                             f"be 2-D arrays of the same shape.")
    _check_normalisation(metadata)
    spacing = spacing_pair(pixel_spacing_m)
    mask = np.isfinite(prior_heights)
    distance = prior_distance(mask, spacing, _scale(metadata, "distance_scale_m",
                                                    DEFAULT_DISTANCE_SCALE_M))
    height_scale = _scale(metadata, "height_scale_m", DEFAULT_HEIGHT_SCALE_M)
    return RasterInputs(normalised_sar(sar_db, metadata), prior_heights, distance, spacing,
                        height_scale, valid=np.isfinite(sar_db))


def prepare_block(sar_db: ArrayLike, points: PriorPoints, row0: int, pixel_spacing_m: ArrayLike,
                  metadata: Mapping[str, Any]) -> RasterInputs:
    """RasterInputs of the rows [row0, row0 + len(sar_db)) of a larger raster.

    sar_db: those rows' backscatter in dB (NaN where missing). points: the
    :class:`PriorPoints` of the whole raster. The channels equal those that
    :func:`prepare_inputs` gives for the whole raster, restricted to these rows; memory is
    that of the block, whatever the raster's height.
    """
    sar_db = np.asarray(sar_db)
    if sar_db.ndim != 2 or sar_db.shape[1] != points.shape[1]:
        raise InferenceError(f"The SAR rows {sar_db.shape} do not fit the priors' raster "
                             f"{points.shape}.")
    _check_normalisation(metadata)
    spacing = spacing_pair(pixel_spacing_m)
    rows = sar_db.shape[0]
    distance = points.distance(row0, rows, spacing, _scale(metadata, "distance_scale_m",
                                                           DEFAULT_DISTANCE_SCALE_M))
    height_scale = _scale(metadata, "height_scale_m", DEFAULT_HEIGHT_SCALE_M)
    return RasterInputs(normalised_sar(sar_db, metadata), points.block(row0, rows), distance,
                        spacing, height_scale, points, row0, np.isfinite(sar_db))


def build_inputs(sar_db: ArrayLike, prior_heights: ArrayLike, pixel_spacing_m: ArrayLike,
                 metadata: Mapping[str, Any],
                 reference_m: Optional[float] = None) -> tuple[np.ndarray, float]:
    """Return the 4 contract channels of a whole raster as one tile.

    Result: ([4, H, W] float32, reference_m in metres).

    ``reference_m`` defaults to the contract rule applied to the whole raster (the mean of
    all its priors). Training uses this for samples that are whole rasters; for tiles cut
    from a larger scene use ``prepare_inputs(scene...).tile(...)`` so that the distance
    channel and the nearest-prior rule see the whole scene.
    """
    inputs = prepare_inputs(sar_db, prior_heights, pixel_spacing_m, metadata)
    rows, cols = inputs.shape
    return inputs.tile(0, 0, rows, cols, reference_m)


def normalise_heights(heights: ArrayLike, reference_m: float,
                      metadata: Mapping[str, Any]) -> np.ndarray:
    """Training target: (h - reference_m) / height_scale_m."""
    scale = _scale(metadata, "height_scale_m", DEFAULT_HEIGHT_SCALE_M)
    return ((np.asarray(heights, dtype=np.float64) - reference_m) / scale).astype(np.float32)


def denormalise_heights(output: ArrayLike, reference_m: float,
                        metadata: Mapping[str, Any]) -> np.ndarray:
    """Heights in metres from the network output: y * height_scale_m + reference_m."""
    scale = _scale(metadata, "height_scale_m", DEFAULT_HEIGHT_SCALE_M)
    return (np.asarray(output, dtype=np.float64) * scale + reference_m).astype(np.float32)
