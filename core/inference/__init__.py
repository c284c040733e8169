"""Height inference with an ONNX height model.

See docs/architecture.md#height-model and docs/height_model.md.

numpy/scipy/GDAL only; onnxruntime is imported when a HeightModel is created, scipy when
inputs are prepared, so importing this package is cheap.

Public API:
    HeightModel(path, threads=0, providers=None)   .metadata .provider .run(batch) .describe()
    predict_heights(model, sar_db, priors, pixel_spacing_m, tile_size=None, overlap=None,
                    batch_size=4, progress=None, write_band=None) -> heights or None
    predict_heights_in_strips(model, read_rows, points, pixel_spacing_m, ...): the same
        heights with the SAR read one tile row at a time (memory ~ width, not area)
    build_inputs(sar_db, prior_heights, pixel_spacing_m, metadata, reference_m=None)
        -> ([4, H, W] float32, reference_m)
    prepare_inputs(...) -> RasterInputs (.tile(row0, col0, rows, cols) -> (x, reference_m))
    prepare_block(sar_db_rows, points, row0, pixel_spacing_m, metadata) -> RasterInputs
    PriorPoints(rows, cols, heights, shape): sparse priors (.from_raster, .block, .distance)
    priors_from_points(points, geotransform, shape) -> (priors, used)
    points_to_priors(points, geotransform, shape) -> (PriorPoints, used)
    priors_from_dem(dem_heights, pixel_spacing_m, prior_spacing_m) -> priors
    merge_priors(first, second), thin_priors / thin_prior_points
    screen_prior_heights(values) -> (heights, PriorHeightCounts): nulls, text, impossible
    normalise_heights / denormalise_heights, validate_metadata / parse_metadata
    GDAL side (core.inference.height_raster): SarReader, read_sar_db, dem_prior_points,
        dem_priors_on_grid, SarGrid, estimate_heights_to_file
    ModelError, InferenceError, InferenceCancelled
Contract constants: METADATA_KEY, MODEL_FORMAT, CONTRACT_VERSION, CHANNELS, STRIDE, ...
"""
from ..errors import InferenceCancelled, InferenceError, ModelError
from .contract import (
    CHANNELS,
    CONTRACT_VERSION,
    DEFAULT_DISTANCE_SCALE_M,
    DEFAULT_HEIGHT_SCALE_M,
    DISTANCE_CLIP,
    INPUT_KINDS,
    INPUT_NAME,
    LOOK_DIRECTIONS,
    MAX_PRIOR_DENSITY,
    METADATA_KEY,
    MODEL_FORMAT,
    MODEL_TYPES,
    OUTPUT_NAME,
    REFERENCE_NEAREST,
    STRIDE,
    PriorPoints,
    RasterInputs,
    build_inputs,
    denormalise_heights,
    needs_mirror,
    normalise_heights,
    parse_metadata,
    prepare_block,
    prepare_inputs,
    prior_distance,
    validate_metadata,
)
from .model import HeightModel
from .priors import (
    PriorHeightCounts,
    merge_priors,
    points_to_priors,
    prior_lattice,
    priors_from_dem,
    priors_from_points,
    screen_prior_heights,
    thin_prior_points,
    thin_priors,
)
from .tiling import (
    TilePlan,
    blend_window,
    predict_heights,
    predict_heights_in_strips,
    resolve_tiling,
    taper,
    tile_origins,
)

__all__ = [
    "CHANNELS", "CONTRACT_VERSION", "DEFAULT_DISTANCE_SCALE_M", "DEFAULT_HEIGHT_SCALE_M",
    "DISTANCE_CLIP", "HeightModel", "INPUT_KINDS", "INPUT_NAME", "InferenceCancelled",
    "InferenceError", "LOOK_DIRECTIONS", "MAX_PRIOR_DENSITY", "METADATA_KEY", "MODEL_FORMAT",
    "MODEL_TYPES", "ModelError", "OUTPUT_NAME", "PriorHeightCounts", "PriorPoints",
    "REFERENCE_NEAREST", "RasterInputs", "STRIDE", "TilePlan", "blend_window", "build_inputs",
    "denormalise_heights", "merge_priors", "needs_mirror", "normalise_heights",
    "parse_metadata", "points_to_priors", "predict_heights", "predict_heights_in_strips",
    "prepare_block", "prepare_inputs", "prior_distance", "prior_lattice", "priors_from_dem",
    "priors_from_points", "resolve_tiling", "screen_prior_heights", "taper",
    "thin_prior_points", "thin_priors", "tile_origins", "validate_metadata",
]
