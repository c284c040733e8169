"""Prior surfaces of contract v2: TIN of scattered priors, cubic spline of a prior DEM lattice."""
import numpy as np
import pytest

from sar_height.core.errors import InferenceError
from sar_height.core.inference.prior_surface import LatticePriorSurface, ScatteredPriorSurface


def _plane(rows, cols):
    return 1200.0 + 3.0 * rows - 2.0 * cols


def test_tin_reproduces_a_plane_inside_the_hull_and_holds_the_nearest_prior_outside():
    rng = np.random.default_rng(3)
    rows, cols = rng.integers(10, 90, 40), rng.integers(10, 90, 40)
    surface = ScatteredPriorSurface(rows, cols, _plane(rows, cols))
    heights = surface.surface((0, 100, 0, 100)).astype(np.float64)
    rr, cc = np.mgrid[0:100, 0:100]
    hull = surface._linear(np.column_stack([rr.ravel(), cc.ravel()])).reshape(100, 100)
    inside = np.isfinite(hull)
    # float32 output of heights near 1500 m: half an ulp is 6e-5 m
    assert np.abs(heights - _plane(rr, cc))[inside].max() < 1e-3
    corner_nearest = np.argmin((rows - 0) ** 2 + (cols - 0) ** 2)
    assert not inside[0, 0]
    assert heights[0, 0] == pytest.approx(_plane(rows, cols)[corner_nearest], abs=1e-3)


def test_windows_equal_the_whole_raster_so_strips_carry_no_seams():
    rng = np.random.default_rng(5)
    rows, cols = rng.integers(0, 200, 60), rng.integers(0, 150, 60)
    heights = rng.uniform(500, 3000, 60)
    surface = ScatteredPriorSurface(rows, cols, heights)
    whole = surface.surface((0, 200, 0, 150))
    distance = surface.distance_px((0, 200, 0, 150))
    for window in ((0, 37, 0, 150), (37, 128, 20, 90), (128, 200, 0, 150)):
        r0, r1, c0, c1 = window
        np.testing.assert_array_equal(surface.surface(window), whole[r0:r1, c0:c1])
        np.testing.assert_array_equal(surface.distance_px(window), distance[r0:r1, c0:c1])


def test_distance_is_the_euclidean_distance_in_pixels_to_the_nearest_prior():
    rows, cols = np.array([5, 20, 33]), np.array([7, 30, 2])
    surface = ScatteredPriorSurface(rows, cols, [1.0, 2.0, 3.0])
    distance = surface.distance_px((0, 40, 0, 40)).astype(np.float64)
    rr, cc = np.mgrid[0:40, 0:40]
    brute = np.min([np.hypot(rr - r, cc - c) for r, c in zip(rows, cols)], axis=0)
    np.testing.assert_allclose(distance, brute, rtol=1e-6)  # float32 rounding


@pytest.mark.parametrize("count", [1, 2])
def test_fewer_than_three_priors_give_the_nearest_prior_everywhere(count):
    rows, cols, heights = np.array([3, 30])[:count], np.array([3, 30])[:count], [100.0, 900.0]
    surface = ScatteredPriorSurface(rows, cols, heights[:count])
    out = surface.surface((0, 34, 0, 34))
    assert out[0, 0] == 100.0
    assert out[33, 33] == (900.0 if count == 2 else 100.0)


def test_collinear_priors_do_not_break_the_surface():
    surface = ScatteredPriorSurface([0, 10, 20], [0, 10, 20], [0.0, 10.0, 20.0])
    assert np.isfinite(surface.surface((0, 21, 0, 21))).all()


def test_no_finite_prior_is_a_clear_error():
    with pytest.raises(InferenceError, match="at least one prior"):
        ScatteredPriorSurface([1, 2], [1, 2], [np.nan, np.nan])


def test_lattice_spline_reproduces_a_plane_away_from_the_lattice_ends():
    step, offset = 3.0, 1.0
    node_r, node_c = np.mgrid[0:40, 0:40] * step + offset
    lattice = LatticePriorSurface(_plane(node_r, node_c), offset, offset, step, step)
    rr, cc = np.mgrid[0:120, 0:120]
    error = np.abs(lattice.surface((0, 120, 0, 120)) - _plane(rr, cc))
    # The "nearest" boundary bends the spline near the ends; the bend decays by the cubic
    # B-spline pole (0.268) per node, so 8 nodes in it is below 1e-4 of the edge error (metres).
    assert error[24:-24, 24:-24].max() < 1e-3


def test_lattice_distance_is_exact_and_windows_agree():
    lattice = LatticePriorSurface(np.zeros((10, 10)), 1.0, 1.0, 3.0, 3.0)
    distance = lattice.distance_px((0, 30, 0, 30)).astype(np.float64)
    rr, cc = np.mgrid[0:30, 0:30]
    nodes = np.arange(10) * 3 + 1
    d_r = np.min(np.abs(rr[..., None] - nodes), axis=-1)
    d_c = np.min(np.abs(cc[..., None] - nodes), axis=-1)
    np.testing.assert_allclose(distance, np.hypot(d_r, d_c), rtol=1e-6)
    np.testing.assert_array_equal(lattice.distance_px((7, 19, 4, 30)), distance[7:19, 4:30])


def test_lattice_voids_are_filled_from_the_nearest_node():
    values = np.full((6, 6), 250.0)
    values[2:4, 2:4] = np.nan
    lattice = LatticePriorSurface(values, 0.0, 0.0, 2.0, 2.0)
    out = lattice.surface((0, 12, 0, 12))
    np.testing.assert_allclose(out, 250.0, atol=1e-3)


def test_lattice_without_any_height_is_a_clear_error():
    with pytest.raises(InferenceError, match="no valid heights"):
        LatticePriorSurface(np.full((4, 4), np.nan), 0, 0, 3, 3)
