"""Tiled contract-v2 inference: strips and tiles give the numbers of the whole raster."""
import numpy as np
import pytest

from sar_height.core.errors import InferenceCancelled, InferenceError
from sar_height.core.inference.prior_surface import ScatteredPriorSurface
from sar_height.core.inference.residual_contract import DISTANCE_UNIT_PX, sar_channel
from sar_height.core.inference.residual_inference import (
    StripReader,
    predict_with_uncertainty,
)

SPACING = 20.0


class LinearModel:
    """A stand-in network whose output depends only on tile-independent channels."""

    metadata = {"stride": 16, "tile_size": 64, "overlap": 16, "uncertainty_scale": 2.0}

    def run(self, batch):
        residual = 0.5 * batch[:, 0] - 0.25 * batch[:, 2]
        log_sigma = np.log1p(batch[:, 2])
        return np.stack([residual, log_sigma], axis=1).astype(np.float32)


def _scene(shape=(150, 110), seed=0):
    rng = np.random.default_rng(seed)
    db = rng.normal(-8, 3, shape).astype(np.float32)
    db[:5, :7] = np.nan
    rows, cols = rng.integers(0, shape[0], 30), rng.integers(0, shape[1], 30)
    surface = ScatteredPriorSurface(rows, cols, rng.uniform(800, 2400, 30))
    return db, surface


def _run(db, surface, mirror=False, model=None, **kwargs):
    heights = np.full(db.shape, np.nan, np.float32)
    sigma = np.full(db.shape, np.nan, np.float32)

    def write(row0, h, s):
        heights[row0:row0 + h.shape[0]] = h
        sigma[row0:row0 + s.shape[0]] = s

    strips = StripReader(lambda r, n: db[r:r + n], surface, db.shape, float(np.nanmedian(db)),
                         mirror)
    predict_with_uncertainty(model or LinearModel(), strips, SPACING, write, **kwargs)
    return heights, sigma


def test_heights_and_sigma_equal_the_whole_raster_formula_with_nan_where_sar_is_missing():
    db, surface = _scene()
    heights, sigma = _run(db, surface)
    whole = (0, db.shape[0], 0, db.shape[1])
    s, d = surface.surface(whole).astype(np.float64), surface.distance_px(whole)
    ch0 = sar_channel(db, float(np.nanmedian(db)))
    ch2 = np.minimum(d / DISTANCE_UNIT_PX, 8.0)
    expected = s + SPACING * (0.5 * ch0 - 0.25 * ch2)
    valid = np.isfinite(db)
    # blended tiles of identical values: equal to float32 rounding of heights near 2400 m
    np.testing.assert_allclose(heights[valid], expected[valid], atol=2e-3)
    np.testing.assert_allclose(sigma[valid], (np.exp(np.log1p(ch2)) * SPACING * 2.0)[valid],
                               rtol=1e-5)
    assert np.isnan(heights[~valid]).all() and np.isnan(sigma[~valid]).all()


def test_a_distance_table_scales_each_pixels_sigma_by_its_distance_to_the_priors():
    db, surface = _scene(seed=5)
    model = LinearModel()
    table = {"distance_px": [1.0, 10.0, 40.0], "scale": [0.5, 1.0, 3.0]}
    model.metadata = dict(LinearModel.metadata, uncertainty_by_distance=table)
    _, sigma = _run(db, surface, model=model)
    _, constant = _run(db, surface)  # uncertainty_scale 2.0 everywhere
    whole = (0, db.shape[0], 0, db.shape[1])
    d = np.minimum(surface.distance_px(whole), 8.0 * DISTANCE_UNIT_PX)
    expected = np.interp(np.log1p(d), np.log1p(table["distance_px"]), table["scale"])
    valid = np.isfinite(db)
    np.testing.assert_allclose(sigma[valid], (constant / 2.0 * expected)[valid], rtol=1e-5)
    assert sigma[valid].min() < constant[valid].min()  # the near pixels' scale is 0.5 < 2


def test_a_raster_smaller_than_a_tile_is_padded_not_refused():
    db, surface = _scene((40, 23), seed=1)
    heights, _ = _run(db, surface)
    assert np.isfinite(heights[np.isfinite(db)]).all()


def test_mirrored_strips_mirror_every_channel_together():
    db, surface = _scene(seed=2)
    heights, _ = _run(db, surface)
    mirrored, _ = _run(db, surface, mirror=True)
    np.testing.assert_allclose(mirrored[:, ::-1], heights, atol=2e-3, equal_nan=True)


def test_cancel_stops_the_run():
    db, surface = _scene(seed=3)
    with pytest.raises(InferenceCancelled):
        _run(db, surface, progress=lambda fraction: fraction < 0.3)


def test_a_model_with_the_wrong_output_is_refused_by_name():
    db, surface = _scene(seed=4)

    class OneChannel(LinearModel):
        def run(self, batch):
            return batch[:, :1]

    strips = StripReader(lambda r, n: db[r:r + n], surface, db.shape, -8.0)
    with pytest.raises(InferenceError, match="contract-v2"):
        predict_with_uncertainty(OneChannel(), strips, SPACING, lambda *a: None)
