"""mapping.splat_image: the simulated image of a block without its matrix equals M @ energy."""
import numpy as np
import pytest

from sar_height.core.simulation.mapping import MAX_BINS, build_mapping, splat_image

RASTER = (120, 90)


def _block(seed, rows=23, cols=31, shift=(40.0, 20.0), jitter=0.4):
    """Fractional (line, sample) of a block's cells with their ring; some unknown (NaN)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:rows + 2, 0:cols + 2].astype(float)
    line = shift[0] + 1.3 * yy + 0.2 * xx + rng.normal(0, jitter, yy.shape)
    sample = shift[1] + 0.3 * yy + 1.7 * xx + rng.normal(0, jitter, yy.shape)
    line[rng.random(line.shape) < 0.05] = np.nan
    energy = rng.uniform(0.0, 5.0, (rows, cols))
    energy[rng.random(energy.shape) < 0.2] = 0.0  # shadow and back-facing cells
    return line, sample, energy


def _on_raster(image, window):
    out = np.zeros(RASTER)
    if window is not None:
        out[window.line0:window.line0 + window.lines,
            window.sample0:window.sample0 + window.samples] = image
    return out


@pytest.mark.parametrize("shift", [(40.0, 20.0), (-20.0, 60.0), (100.0, -15.0)])
def test_the_image_is_the_matrix_times_the_energy_over_the_pixels_that_got_energy(shift):
    line, sample, energy = _block(1, shift=shift)  # the last two cross the raster's edges
    matrix, window = build_mapping(line, sample, 3, RASTER)
    image, image_window = splat_image(line, sample, 3, RASTER, energy)
    expected = _on_raster((matrix @ energy.ravel()).reshape(window.shape), window)
    got = _on_raster(image, image_window)
    # both sum the same float64 products in another order: 1e-15 relative per term
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12 * expected.max())
    lit = np.argwhere(expected > 0)
    assert (image_window.line0, image_window.sample0) == tuple(lit.min(axis=0))
    assert (image_window.line0 + image_window.lines - 1,
            image_window.sample0 + image_window.samples - 1) == tuple(lit.max(axis=0))


def test_no_energy_or_no_pixel_in_the_raster_gives_no_image():
    line, sample, energy = _block(2)
    assert splat_image(line, sample, 3, RASTER, np.zeros_like(energy)) == (None, None)
    assert splat_image(line + 500.0, sample, 3, RASTER, energy) == (None, None)


def test_a_footprint_wider_than_the_bins_is_split_into_boxes(monkeypatch):
    line, sample, energy = _block(3, jitter=0.0)
    matrix, window = build_mapping(line, sample, 2, RASTER)
    expected = _on_raster((matrix @ energy.ravel()).reshape(window.shape), window)
    monkeypatch.setattr("sar_height.core.simulation.mapping.MAX_BINS", 64)
    assert MAX_BINS > 64
    got = _on_raster(*splat_image(line, sample, 2, RASTER, energy))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12 * expected.max())


def test_one_cell_over_a_huge_footprint_does_not_allocate_its_box(monkeypatch):
    line, sample, energy = _block(4, rows=1, cols=1, jitter=0.0)
    line[1:, :] += 30.0  # the cell's lower neighbours lie 30 lines away
    matrix, window = build_mapping(line, sample, 3, RASTER)
    expected = _on_raster((matrix @ energy.ravel()).reshape(window.shape), window)
    monkeypatch.setattr("sar_height.core.simulation.mapping.MAX_BINS", 16)
    got = _on_raster(*splat_image(line, sample, 3, RASTER, energy + 1.0))
    np.testing.assert_allclose(got, expected / energy.ravel()[0] * (energy.ravel()[0] + 1.0),
                               rtol=1e-12, atol=1e-12 * expected.max())
