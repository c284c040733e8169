"""Model contract v2 (residual on the prior surface): channels, targets, outputs, metadata."""
import numpy as np
import pytest

from sar_height.core.errors import InferenceError, ModelError
from sar_height.core.inference import residual_contract as contract


def test_sar_channel_cancels_a_calibration_offset_and_marks_missing_as_zero():
    rng = np.random.default_rng(0)
    db = rng.normal(-9.0, 3.0, (32, 32)).astype(np.float32)
    db[0, 0] = np.nan
    a = contract.sar_channel(db, contract.scene_median_db(db))
    b = contract.sar_channel(db + 4.0, contract.scene_median_db(db + 4.0))
    np.testing.assert_allclose(a, b, atol=1e-5)  # float32 subtraction of values near 10 dB
    assert a[0, 0] == 0.0
    assert np.abs(a).max() <= contract.SAR_CLIP


def test_heights_round_trip_through_target_and_output():
    rng = np.random.default_rng(1)
    truth = rng.uniform(1000, 3000, (16, 16))
    surface = truth + rng.normal(0, 40, truth.shape)
    target = contract.residual_target(truth, surface, 20.0)
    output = np.stack([target, np.full(target.shape, np.log(2.0), np.float32)])
    heights, sigma = contract.heights_from_output(output, surface, 20.0, uncertainty_scale=1.5)
    np.testing.assert_allclose(heights, truth, atol=1e-3)  # float32 heights near 3000 m
    np.testing.assert_allclose(sigma, 2.0 * 20.0 * 1.5, rtol=1e-6)


def test_surface_channel_is_relative_to_the_tile_and_scaled_by_the_spacing():
    surface = np.add.outer(np.arange(8.0), np.arange(8.0)) * 10.0 + 2500.0
    ch = contract.surface_channel(surface, 10.0)
    assert abs(float(ch.mean())) < 1e-6
    np.testing.assert_allclose(ch[0, 1] - ch[0, 0], 10.0 / (contract.HEIGHT_UNIT_PX * 10.0),
                               rtol=1e-5)


def test_effective_spacing_is_the_geometric_mean():
    assert contract.effective_spacing_m((10.0, 40.0)) == pytest.approx(20.0)
    with pytest.raises(InferenceError):
        contract.effective_spacing_m((0.0, 10.0))


def _metadata(**changes):
    meta = {"format": contract.MODEL_FORMAT, "contract": 2,
            "channels": list(contract.CHANNELS), "stride": 16, "tile_size": 128,
            "overlap": 32, "uncertainty_scale": 1.2, "pixel_spacing_range_m": [10, 30]}
    meta.update(changes)
    return meta


def test_valid_metadata_passes_and_each_defect_is_named():
    assert contract.validate_metadata(_metadata())["uncertainty_scale"] == 1.2
    with pytest.raises(ModelError, match="channels"):
        contract.validate_metadata(_metadata(channels=["sar"]))
    with pytest.raises(ModelError, match="uncertainty_scale"):
        contract.validate_metadata(_metadata(uncertainty_scale=-1))
    with pytest.raises(ModelError, match="multiple"):
        contract.validate_metadata(_metadata(tile_size=100))
    meta = _metadata()
    del meta["pixel_spacing_range_m"]
    with pytest.raises(ModelError, match="lacks"):
        contract.validate_metadata(meta)
