"""Unit tests of the simulation's building blocks (no DEM files, no geometry)."""
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.simulation import laws
from sar_height.core.simulation.facets import facet_normals, local_incidence
from sar_height.core.simulation.mapping import build_mapping
from sar_height.core.simulation.mask import (
    LAYOVER,
    NODATA,
    SHADOW,
    layover_shadow_codes,
)
from sar_height.core.simulation.speckle import apply_speckle
from sar_height.core.simulation.texture import reflectivity_texture

ROOT = Path(__file__).resolve().parents[1]


def test_backscatter_laws():
    theta = np.radians([0.0, 30.0, 60.0, 89.9, 90.0, 120.0, np.nan])
    muhleman = laws.sigma0(theta, "muhleman")
    np.testing.assert_allclose(muhleman[0], 0.0118 / 0.111**3)
    assert np.all(np.diff(muhleman[:4]) < 0)  # decreasing with incidence
    assert np.all(muhleman[4:] == 0)  # back-facing and undefined facets scatter nothing
    np.testing.assert_allclose(laws.sigma0(theta[:3], "cosine"), np.cos(theta[:3]) ** 2)
    np.testing.assert_allclose(laws.sigma0(theta[:3], "cosine", 3.0), np.cos(theta[:3]) ** 3)
    with pytest.raises(ValueError, match="muhleman"):
        laws.sigma0(theta, "lambertian-ish")


def _codes(rng, look, bins=None):
    """Mask codes of a 1-D profile listed near to far (order key = position)."""
    n = len(rng)
    bins = np.zeros(n, dtype=np.int64) if bins is None else np.asarray(bins)
    key = np.arange(n, dtype=float)
    return layover_shadow_codes([bins], key, np.asarray(rng, dtype=np.int64),
                                np.asarray(look, dtype=np.int64), np.ones(n, dtype=bool))


def test_sweep_on_a_hand_made_profile():
    # Slant ranges (mm) near to far: a foreslope folds (5 -> 3), ground beyond catches up.
    rng = [10, 20, 30, 25, 22, 35, 40, 50]
    # Look angles: the peak at index 4 (150) hides the two cells behind it.
    look = [100, 110, 120, 130, 150, 140, 145, 160]
    codes = _codes(rng, look)
    # Layover: 3 and 4 fold under 2 (near -> far); 2 has a farther, shorter range (far -> near).
    assert codes.tolist() == [0, 0, LAYOVER, LAYOVER, LAYOVER, SHADOW, SHADOW, 0]


def test_sweep_keeps_bins_apart_and_ignores_invalid():
    rng = [10, 30, 20, 40]
    look = [1, 2, 3, 4]
    # Cells 0-1 in bin 5, cells 2-3 in bin 6: 20 < 30 must not fold across bins.
    assert _codes(rng, look, bins=[5, 5, 6, 6]).tolist() == [0, 0, 0, 0]
    valid = np.array([True, False, True, True])
    codes = layover_shadow_codes([np.zeros(4, int)], np.arange(4.0), np.array(rng),
                                 np.array(look), valid)
    assert codes.tolist() == [0, NODATA, 0, 0]  # the invalid cell 1 hides nothing


def test_sweep_ties_count_as_clear():
    assert _codes([10, 10, 10], [5, 5, 5]).tolist() == [0, 0, 0]


def test_facets_of_a_tilted_plane():
    # A plane rising 1 m per metre eastwards, in a local frame far from the Earth's centre.
    x, y = np.meshgrid(np.arange(5.0), np.arange(4.0))
    xyz = np.stack([x, -y, x + 6.4e6], axis=-1)  # 'up' is +z here
    normal, area = facet_normals(xyz, slice(1, 3))
    np.testing.assert_allclose(area, np.sqrt(2.0))
    np.testing.assert_allclose(normal, np.broadcast_to([-1, 0, 1] / np.sqrt(2), normal.shape),
                               atol=1e-12)
    # Seen from 45 deg elevation in the west the slope faces the sensor squarely (0 deg);
    # from the east the ray grazes it (90 deg).
    target = xyz[1:3]
    west = local_incidence(normal, target, target + np.array([-1e4, 0, 1e4]))
    east = local_incidence(normal, target, target + np.array([1e4, 0, 1e4]))
    np.testing.assert_allclose(west, 0.0, atol=1e-6)
    np.testing.assert_allclose(east, np.pi / 2, atol=1e-6)


def test_mapping_spreads_each_cell_over_its_footprint():
    # 4 x 5 cells mapping onto a grid 3 lines and 2 samples apart per cell.
    rows, cols = np.meshgrid(np.arange(-1, 5), np.arange(-1, 6), indexing="ij")
    line_ext = 10.0 + 3.0 * rows
    sample_ext = 20.0 + 2.0 * cols
    matrix, window = build_mapping(line_ext, sample_ext, 6, (100, 100))
    assert matrix.shape == (window.lines * window.samples, 20)
    np.testing.assert_allclose(np.asarray(matrix.sum(axis=0)).ravel(), 1.0, rtol=1e-6)
    # A cell covers [-1.5, 1.5] lines and [-1, 1] samples around its centre, plus the
    # bilinear tail: the window spans the first centre -2 to the last +2.
    assert (window.line0, window.sample0) == (8, 19)
    assert (window.lines, window.samples) == (14, 11)
    # The centre of mass of every column is its cell centre.
    pix = np.arange(window.lines * window.samples)
    line = pix // window.samples + window.line0
    sample = pix % window.samples + window.sample0
    dense = matrix.toarray()
    np.testing.assert_allclose(line @ dense, line_ext[1:-1, 1:-1].ravel(), atol=1e-5)
    np.testing.assert_allclose(sample @ dense, sample_ext[1:-1, 1:-1].ravel(), atol=1e-5)
    # A uniform field of cells gives a uniform image inside (one cell = 6 pixels).
    image = (matrix @ np.ones(20)).reshape(window.shape)
    np.testing.assert_allclose(image[4:-4, 3:-3], 1.0 / 6.0, rtol=1e-5)


def test_mapping_clips_to_the_raster_and_skips_unknown_cells():
    # Three cells in a row: the first at the raster's corner, the second unknown, the third
    # beyond a 30-sample raster. Lone cells have no neighbours to spread towards.
    line_ext = np.full((3, 5), np.nan)
    sample_ext = np.full((3, 5), np.nan)
    line_ext[1, [1, 3]] = [0.2, 0.2]
    sample_ext[1, [1, 3]] = [-0.4, 40.0]
    matrix, window = build_mapping(line_ext, sample_ext, 4, (10, 30))
    sums = np.asarray(matrix.sum(axis=0)).ravel()
    assert sums[1] == 0 and sums[2] == 0  # unknown, and wholly outside
    np.testing.assert_allclose(sums[0], 0.6, rtol=1e-6)  # 40 % falls off sample -1
    assert window.line0 == 0 and window.sample0 == 0
    matrix, window = build_mapping(np.full((3, 3), np.nan), np.full((3, 3), np.nan), 4, (9, 9))
    assert window is None and matrix.shape == (0, 1)


def test_texture_is_independent_of_the_strip():
    whole = reflectivity_texture(7, 0, 60, 40, 60, 0.5, 3.0)
    parts = np.concatenate([reflectivity_texture(7, a, b, 40, 60, 0.5, 3.0)
                            for a, b in ((0, 13), (13, 14), (14, 60))])
    assert np.array_equal(whole, parts)
    assert np.all(reflectivity_texture(7, 0, 5, 8, 60, 0.0, 3.0) == 1.0)


def test_speckle_is_independent_of_the_window():
    image = np.ones((6, 50), dtype=np.float32)
    whole = apply_speckle(image.copy(), 3, 2.0, 100, 0)
    right = apply_speckle(image[:, 20:].copy(), 3, 2.0, 100, 20)
    lower = apply_speckle(image[2:].copy(), 3, 2.0, 102, 0)
    assert np.array_equal(whole[:, 20:], right)
    assert np.array_equal(whole[2:], lower)
    assert not np.array_equal(whole, apply_speckle(image.copy(), 4, 2.0, 100, 0))
