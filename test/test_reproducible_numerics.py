"""Bit-reproducible numerics: the same inputs give the same bits in every run (issue 16).

numpy on AVX-512 CPUs picks SVML or libm for its transcendental ufuncs by where the heap put
the output when an input is a strided view (test/strided_ufuncs.py). Stereo heights, GCPs
and the serial/parallel comparisons of issue 16 then differed in the last bit between
identical runs on an Intel Xeon. The core's geometry, simulation, reconstruction and stereo
paths must therefore hand those ufuncs contiguous arrays only; and the ground solutions of
the same rays must not depend on the heap.
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from strided_ufuncs import StridedCalls, is_strided

from sar_height.core.dem import DemRaster
from sar_height.core.geometry.ellipsoid import ecef_to_geodetic
from sar_height.core.products.gcps import compute_gcps
from sar_height.core.products.sentinel1 import read_sentinel1
from sar_height.core.reconstruction import (
    MeasuredImage,
    ReconstructionOptions,
    reconstruct_to_files,
)
from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
from sar_height.core.simulation import SimulationOptions, simulate_to_files
from sar_height.core.stereo.pairs import PairSpec, simulate_pair
from sar_height.core.stereo.pipeline import poc_matcher, stereo_to_points

ROOT = Path(__file__).resolve().parents[1]
DEM_DIR = ROOT / "test" / "data" / "dem"
GRD = (ROOT / "resources" / "sample_data"
       / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE")


@pytest.fixture(scope="module")
def pair():
    made = simulate_pair(DEM_DIR / "san_gabriel_bigtujunga_srtm30_utm11_crop.tif",
                         PairSpec(scene_size_m=600.0, seed=3), coarse_factor=45)
    yield made
    made.release()


def test_the_finder_sees_a_strided_call_and_restores_numpy(tmp_path):
    xyz = np.random.default_rng(0).normal(size=(40, 3))
    original = np.arctan2
    with StridedCalls(Path(__file__).parent) as found:
        np.arctan2(xyz[:, 2], xyz[:, 0])  # strided: recorded
        np.arctan2(np.ascontiguousarray(xyz[:, 2]), 1.0)  # packed, broadcast scalar: not
        np.sin(xyz.T)  # Fortran order is packed too
    assert np.arctan2 is original
    assert list(found.calls) == [("arctan2", Path(__file__).name,
                                  found_line("np.arctan2(xyz[:, 2], xyz[:, 0])"))]
    assert is_strided(xyz[::2]) and not is_strided(np.broadcast_to(xyz[0], (5, 3)))
    assert is_strided(xyz[:1, 0]) and not is_strided(xyz[:1, 0].copy())  # one point, stride 24


def found_line(text):
    """Line number of ``text`` in this file."""
    lines = Path(__file__).read_text().splitlines()
    return next(k for k, line in enumerate(lines, 1) if text in line and "found_line" not in line)


def test_core_paths_give_the_ufuncs_packed_arrays(pair, tmp_path):
    core = ROOT / "core"
    gdal.Translate(str(tmp_path / "tibet.tif"),
                   str(DEM_DIR / "tibet_yarlung_tsangpo_20m_utm46.tif"), srcWin=[0, 0, 120, 120])
    dem = DemRaster(tmp_path / "tibet.tif")
    with StridedCalls(core) as found:
        points = stereo_to_points(pair.reference, pair.reference_image, pair.secondary,
                                  pair.secondary_image, poc_matcher(), dem=pair.coarse_surface,
                                  patch_size=96)
        grd = read_sentinel1(GRD)
        compute_gcps(grd, 500.0)
        t, rng = grd.image_to_radar(np.array([100.0]), np.array([200.0]))
        ecef_to_geodetic(grd.rdr2geo(t, rng, 500.0))  # one point: (1, 3) views
        geometry = straight_track_geometry(dem, TrackSpec(heading_deg=330.0))
        sim = {name: str(tmp_path / f"{name}.tif")
               for name in ("simulated", "mask", "lookup", "incidence")}
        simulate_to_files(dem, geometry, sim, SimulationOptions(speckle_looks=4, seed=1,
                                                                texture_strength=0.4))
        rec = {name: str(tmp_path / f"rec_{name}.tif")
               for name in ("reconstructed", "geocoded", "mask", "mixing")}
        reconstruct_to_files(dem, geometry, MeasuredImage(sim["simulated"]), rec,
                             ReconstructionOptions())
    assert len(points) > 500
    assert not found.calls, dict(found.calls)


def _heap_noise(rng, kept):
    """Allocate and free arrays of random sizes: later arrays land elsewhere on the heap."""
    kept.append(np.empty(int(rng.integers(1, 5000))))
    if len(kept) > 10:
        kept.pop(int(rng.integers(0, len(kept))))


def test_ground_solutions_do_not_depend_on_the_heap(pair):
    lines, samples = np.meshgrid(np.arange(0, 96, 2.0), np.arange(0, 96, 2.0), indexing="ij")
    t, rng = pair.reference.image_to_radar(lines, samples)
    noise, kept, seen = np.random.default_rng(0), [], set()
    for _ in range(12):
        _heap_noise(noise, kept)
        xyz = pair.reference.rdr2geo(t, rng, np.full(t.shape, 500.0))
        ground, on_dem = pair.coarse_surface.solve(pair.reference, t, rng)
        one_ray = pair.reference.rdr2geo(t[:1, 0], rng[:1, 0], 500.0)  # one-point views
        seen.add((xyz.tobytes(), ground.tobytes(), on_dem.tobytes(), one_ray.tobytes(),
                  b"".join(a.tobytes() for a in ecef_to_geodetic(xyz)),
                  b"".join(a.tobytes() for a in ecef_to_geodetic(one_ray))))
    assert len(seen) == 1
