"""The fast paths of the simulation give the same bits as the plain formulations (issue 16).

- build_mapping: sub-cells computed sub-cell major, splatted with one bincount per corner over
  boxes of equal width, equals a per-cell, per-sub-cell loop that adds every corner's weight
  in the same order (the sums are float64 additions of float32 weights in sub-cell order,
  near + side + down + far): exact equality, whatever the chunk size or bin limit.
- The CSC matrix that simulate_to_files multiplies gives the same image as its CSR copy (both
  sum each pixel's cells in increasing cell order).
- Facet derivatives, norm3, the stable bin order of the sweep, Orbit.position (one segment
  for all times) and ecef_and_up equal the formulations they replace.
- BackgroundWriter runs writes in order and reports their errors.
"""
import threading
import time

import numpy as np
import pytest

from sar_height.core.geometry.ellipsoid import ecef_and_up, enu_basis, geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit
from sar_height.core.simulation import mapping
from sar_height.core.simulation.facets import _derivative, norm3
from sar_height.core.simulation.sweep import _stable_order
from sar_height.core.simulation.writer import BackgroundWriter

F32 = np.float32


def plain_mapping(line_ext, sample_ext, s, raster_shape):
    """{(pixel line, pixel sample, cell): value}: each cell's sub-cells one by one."""
    rows, cols = line_ext.shape[0] - 2, line_ext.shape[1] - 2
    offsets = (np.arange(s) + 0.5) / s - 0.5
    split = int(np.searchsorted(offsets, 0.0))
    side = [-1 if i < split else 1 for i in range(s)]
    weight = [F32(abs(o)) for o in offsets]
    near = {d: [mapping._neighbours(ext, d[0], d[1]) for ext in (line_ext, sample_ext)]
            for d in ((-1, -1), (-1, 1), (1, -1), (1, 1))}
    out = {}
    for r in range(rows):
        for c in range(cols):
            centre = (line_ext[r + 1, c + 1], sample_ext[r + 1, c + 1])
            if not (np.isfinite(centre[0]) and np.isfinite(centre[1])):
                continue
            anchor = [np.floor(v) for v in centre]
            sums = [{}, {}, {}, {}]  # near, side, down, far corner sums per pixel
            for i in range(s):
                for j in range(s):
                    pos = []
                    for axis in (0, 1):
                        f0, fr, fc, fd = (v[r, c] for v in near[side[i], side[j]][axis])
                        base, da = F32(f0 - anchor[axis]), F32(fr - f0)
                        db, dab = F32(fc - f0), F32(fd - fr - fc + f0)
                        a, b = weight[i], weight[j]
                        pos.append(((base + a * da) + b * db) + (a * b) * dab)
                    l0, s0 = np.floor(pos[0]), np.floor(pos[1])
                    fl, fs = pos[0] - l0, pos[1] - s0
                    near_l, near_s = F32(1) - fl, F32(1) - fs
                    w_near = near_l * near_s
                    w_side = near_l - w_near
                    w_down = near_s - w_near
                    corners = ((0, 0, w_near), (0, 1, w_side), (1, 0, w_down), (1, 1, fl - w_down))
                    for k, (dl, ds, w) in enumerate(corners):
                        key = (int(l0) + dl + int(anchor[0]), int(s0) + ds + int(anchor[1]))
                        sums[k][key] = sums[k].get(key, 0.0) + float(w)
            for key in set().union(*sums):
                value = ((sums[0].get(key, 0.0) + sums[1].get(key, 0.0))
                         + sums[2].get(key, 0.0)) + sums[3].get(key, 0.0)
                value *= 1.0 / (s * s)
                if value != 0 and 0 <= key[0] < raster_shape[0] and 0 <= key[1] < raster_shape[1]:
                    out[key[0], key[1], r * cols + c] = value
    return out


def fast_mapping(line_ext, sample_ext, s, raster_shape):
    matrix, window = mapping.build_mapping(line_ext, sample_ext, s, raster_shape)
    coo = matrix.tocoo()
    if window is None:
        return {}
    pixel_line = coo.row // window.samples + window.line0
    pixel_sample = coo.row % window.samples + window.sample0
    return {(int(a), int(b), int(c)): float(v)
            for a, b, c, v in zip(pixel_line, pixel_sample, coo.col, coo.data)}


def random_block(seed):
    rng = np.random.default_rng(seed)
    rows, cols = rng.integers(1, 6, 2)
    r, c = np.meshgrid(np.arange(rows + 2), np.arange(cols + 2), indexing="ij")
    line = 40 + rng.normal(0, 3) * r + rng.normal(0, 1) * c + rng.normal(0, 0.6, r.shape)
    sample = 30 + rng.normal(0, 2) * r + rng.normal(0, 4) * c + rng.normal(0, 0.6, r.shape)
    if seed % 2:  # gaps (nodata, DEM edge) that the neighbours fill
        line[rng.random(line.shape) < 0.2] = np.nan
        sample[rng.random(sample.shape) < 0.1] = np.nan
    return line, sample, int(rng.integers(1, 7)), (int(rng.integers(30, 90)),
                                                   int(rng.integers(30, 90)))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("chunk, bins", [(mapping.CHUNK_SUBCELLS, mapping.MAX_BINS), (7, 400)])
def test_mapping_equals_the_per_subcell_sums(seed, chunk, bins, monkeypatch):
    monkeypatch.setattr(mapping, "CHUNK_SUBCELLS", chunk)  # many chunks
    monkeypatch.setattr(mapping, "MAX_BINS", bins)  # chunks split into smaller boxes
    line, sample, s, shape = random_block(seed)
    assert fast_mapping(line, sample, s, shape) == plain_mapping(line, sample, s, shape)


def test_the_csc_product_equals_the_csr_product():
    line, sample, s, shape = random_block(4)
    matrix, _ = mapping.build_mapping(line * 3, sample * 3, 5, (400, 400))
    weights = np.random.default_rng(0).random(matrix.shape[1])
    assert matrix.format == "csc" and matrix.nnz > 100
    assert (matrix @ weights).tobytes() == (matrix.tocsr() @ weights).tobytes()


def plain_derivative(xyz, axis):
    def shift(a, offset):
        out = np.full_like(a, np.nan)
        n = a.shape[axis]
        src, dst = [slice(None)] * a.ndim, [slice(None)] * a.ndim
        if abs(offset) < n:
            src[axis] = slice(0, n - offset) if offset > 0 else slice(-offset, n)
            dst[axis] = slice(offset, n) if offset > 0 else slice(0, n + offset)
            out[tuple(dst)] = a[tuple(src)]
        return out

    forward = shift(xyz, -1) - xyz
    backward = xyz - shift(xyz, 1)
    central = 0.5 * (forward + backward)
    one_sided = np.where(np.isfinite(forward), forward, backward)
    return np.where(np.isfinite(central), central, one_sided)


@pytest.mark.parametrize("seed", range(8))
def test_facet_derivatives_equal_the_shifted_differences(seed):
    rng = np.random.default_rng(seed)
    xyz = rng.normal(0, 1e3, (*rng.integers(1, 7, 2), 3)) + [4e6, 1e6, 4.5e6]
    xyz[rng.random(xyz.shape[:2]) < 0.3] = np.nan
    for axis in (0, 1):
        assert _derivative(xyz, axis).tobytes() == plain_derivative(xyz, axis).tobytes()


def test_norm3_equals_linalg_norm():
    rng = np.random.default_rng(2)
    v = rng.normal(0, 1, (400, 7, 3)) * np.exp(rng.normal(0, 6, (400, 7, 3)))
    v[3, 2, 1], v[5, 1, 0] = np.nan, np.inf
    assert norm3(v).tobytes() == np.linalg.norm(v, axis=-1).tobytes()
    assert norm3(v, True).tobytes() == np.linalg.norm(v, axis=-1, keepdims=True).tobytes()


def test_stable_bin_order_equals_argsort():
    rng = np.random.default_rng(1)
    for spread in (3, 300, 1 << 20):
        bins = rng.integers(-spread, spread, 5000).astype(np.int32)
        np.testing.assert_array_equal(_stable_order(bins), np.argsort(bins, kind="stable"))


def test_orbit_position_and_ecef_with_up_equal_the_general_calls():
    times = np.array([0.0, 10.0, 20.0, 30.0])
    positions = np.array([[7e6, 0, 0], [7e6, 75e3, 1e3], [6.99e6, 150e3, 3e3],
                          [6.98e6, 225e3, 6e3]])
    velocities = np.array([[0, 7.5e3, 100], [-5, 7.5e3, 150], [-10, 7.49e3, 250],
                           [-15, 7.48e3, 350]])
    orbit = Orbit(np.datetime64("2021-01-01T00:00:00"), times, positions, velocities)
    with_nan = np.linspace(1.0, 2.0, 50)
    with_nan[7] = np.nan
    for t in (np.linspace(1.0, 2.0, 50), np.linspace(-1.0, 31.0, 77).reshape(7, 11), with_nan):
        assert orbit.position(t).tobytes() == orbit.interpolate(t)[0].tobytes()
        segment = np.clip(np.searchsorted(times, t.ravel(), side="right") - 1, 0, 2)
        tau = t.ravel() - times[segment]  # the general per-time form
        c0, c1, c2, c3 = np.take(orbit._coefficients, segment, axis=2)
        general = (c0 + tau * (c1 + tau * (c2 + tau * c3))).T.reshape(t.shape + (3,))
        assert orbit.position(t).tobytes() == general.tobytes()
    lat, lon = np.linspace(-80, 80, 60).reshape(6, 10), np.linspace(-170, 170, 60).reshape(6, 10)
    h = np.linspace(-400, 8800, 60).reshape(6, 10)
    xyz, up = ecef_and_up(lat, lon, h)
    assert xyz.tobytes() == geodetic_to_ecef(lat, lon, h).tobytes()
    assert up.tobytes() == enu_basis(lat, lon)[2].tobytes()


def test_background_writer_keeps_the_order_and_reports_errors():
    done, threads = [], set()

    def write(i):
        threads.add(threading.get_ident())
        done.append(i)

    with BackgroundWriter() as writer:
        for i in range(50):
            writer.submit(write, i)
    assert done == list(range(50)) and threading.get_ident() not in threads

    def fail():
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        with BackgroundWriter() as writer:
            writer.submit(fail)
            for i in range(5):
                writer.submit(write, 100 + i)
    assert not [i for i in done if i >= 100]  # nothing written after the failed write

    class Stop(Exception):
        pass

    def wait_for_the_stop():  # holds the writer until the caller gives up
        while not writer._stop:
            time.sleep(0.001)

    with pytest.raises(Stop):
        with BackgroundWriter(pending=4) as writer:
            writer.submit(wait_for_the_stop)
            for i in range(3):
                writer.submit(write, 200 + i)
            raise Stop  # a cancelled run: the writes not started are dropped
    assert not [i for i in done if i >= 200]
