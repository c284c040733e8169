"""The uncertainty calibration by distance to the priors: fitting and reading the table."""
import numpy as np
import pytest

from sar_height.core.errors import ModelError
from sar_height.core.inference import residual_contract as contract
from sar_height.core.inference.uncertainty_calibration import (
    ONE_SIGMA,
    UncertaintyScale,
    fit_table,
    validate_table,
)


def _gaussian_errors(rng, n=40000):
    """Distances, and |error| / raw sigma whose true scale grows with distance (0.5 to 2).

    The distances spread evenly in log(1 + d), as prior densities from 5 % to 0.01 % put them.
    """
    distance = np.expm1(rng.uniform(0.0, np.log1p(200.0), n))
    true_scale = 0.5 + 1.5 * np.log1p(distance) / np.log1p(200.0)
    return distance, np.abs(rng.normal(0.0, true_scale)), true_scale


def test_a_fitted_table_puts_68_percent_within_1_sigma_at_every_distance():
    rng = np.random.default_rng(0)
    distance, ratio, true_scale = _gaussian_errors(rng)
    table = fit_table(distance, ratio, nodes=8)
    assert len(table["distance_px"]) == 8
    # fresh draws: the table's scale covers ONE_SIGMA near and far; one scale cannot
    distance, ratio, _ = _gaussian_errors(rng)
    scale = UncertaintyScale({"uncertainty_scale": 1.0, "uncertainty_by_distance": table})
    covered = ratio <= scale(distance)
    one = np.quantile(ratio, ONE_SIGMA)
    for part in (distance < 10, distance > 50):
        # 1e4+ samples per part: the share's sampling sd is < 0.5 %; the interpolation
        # between 8 nodes and the spread within a group add about as much
        assert abs(covered[part].mean() - ONE_SIGMA) < 0.03
    assert (ratio[distance < 10] <= one).mean() > ONE_SIGMA + 0.1


def test_a_lattice_of_priors_merges_groups_of_the_same_distance():
    distance = np.repeat([0.0, 1.0, 1.41], 5000)
    ratio = np.abs(np.random.default_rng(1).normal(0, 1, distance.size))
    table = fit_table(distance, ratio, nodes=8)
    assert table["distance_px"] == [0.0, 1.0, 1.41]


def test_too_few_pixels_are_refused():
    with pytest.raises(ValueError, match="too few"):
        fit_table(np.arange(10.0), np.ones(10))


def test_without_a_table_the_constant_applies_and_each_defect_is_named():
    assert UncertaintyScale({"uncertainty_scale": 1.7})(np.zeros(3)) == 1.7
    meta = {"uncertainty_scale": 1.0}
    assert validate_table(meta) is None
    for bad, words in (({"distance_px": [1, 2]}, "lists"),
                       ({"distance_px": [1, 2], "scale": [1]}, "as many"),
                       ({"distance_px": [2, 1], "scale": [1, 1]}, "increasing"),
                       ({"distance_px": [1, 2], "scale": [1, -1]}, "positive")):
        with pytest.raises(ModelError, match=words):
            validate_table({"uncertainty_by_distance": bad})


def test_the_contract_keeps_a_valid_table_and_refuses_a_broken_one():
    meta = {"format": contract.MODEL_FORMAT, "contract": 2, "channels": list(contract.CHANNELS),
            "stride": 16, "tile_size": 128, "overlap": 32, "uncertainty_scale": 1.2,
            "pixel_spacing_range_m": [10, 30],
            "uncertainty_by_distance": {"distance_px": [0, 5], "scale": [0.6, 1.3]}}
    assert contract.validate_metadata(meta)["uncertainty_by_distance"]["scale"] == [0.6, 1.3]
    meta["uncertainty_by_distance"] = {"distance_px": [0, 5], "scale": [0.6, float("nan")]}
    with pytest.raises(ModelError, match="uncertainty_by_distance"):
        contract.validate_metadata(meta)
