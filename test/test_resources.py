"""core/resources.py: memory and disk estimated before a run, and the refusal (issue 11, §5).

- the estimates grow as they must with the sizes that drive them: the simulation's with its
  workers, hardly with the DEM's width (blocks, issue 16), its scratch store on disk with it;
- a 20,000² simulate_sar estimate exceeds a small MemAvailable and is refused with the
  numbers and the fix, its scratch store a small disk; an unknown amount never refuses; disk
  is checked per file system;
- the estimate bounds measured runs (subprocesses, VmHWM) without being absurd;
- a QGIS run with (artificially) tiny available memory or disk is refused cleanly, before any
  file is written.
"""
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core import resources
from sar_height.core.resources import GIB, MIB, Estimate, check

ROOT = Path(__file__).resolve().parents[1]
TIBET = ROOT / "test" / "data" / "dem" / "tibet_yarlung_tsangpo_20m_utm46.tif"


def plan(halo_rows, oversampling, extent=0.5):
    """The ScenePlan fields the estimate reads."""
    return SimpleNamespace(halo_rows=halo_rows, oversampling=oversampling,
                           lines_per_cell=extent, samples_per_cell=extent)


# The Ötztal DEM resampled to 20,000² cells (scripts/measure_resources.py simulate_wide):
# 6 m cells, oversampling 1, a layover/shadow reach of WIDE_HALO rows; the S1 GRD's size.
WIDE_HALO = 279
GRD_LINES, GRD_SAMPLES = 16685, 25788
STORE_CELL_BYTES = 57  # block_plan.SceneBlocks' fields: line, sample, key, range_q, look_q
# (8 B each), incidence, area, bin, bin_shifted (4 B), valid (1 B); 8 more with a texture


def simulate_20000(outputs=None, workers=2):
    outputs = outputs or {"simulated": "/tmp/a/sim.tif", "mask": "/tmp/a/mask.tif"}
    return resources.simulation_estimate(plan(WIDE_HALO, 1, 0.3), 20000, 20000, GRD_LINES,
                                         GRD_SAMPLES, 256, outputs, workers=workers)


# -- the estimates grow with their sizes ------------------------------------------------------
def memory(width=2000, height=2000, halo=50, oversampling=2, block_rows=256, workers=1,
           reconstruct=False, extent=0.5):
    return resources.simulation_estimate(plan(halo, oversampling, extent), width, height,
                                         GRD_LINES, GRD_SAMPLES, block_rows, {},
                                         reconstruct, workers).memory_bytes


def test_simulation_memory_grows_with_workers_not_with_the_dem():
    one, two, four = memory(workers=1), memory(workers=2), memory(workers=4)
    step = two - one
    assert step >= 64 * MIB  # a worker holds a block task: at least a strip's geometry
    assert abs((four - two) - 2 * step) <= 2  # linear in the workers
    # blocks: the DEM's size hardly matters (issue 16: 16,000² within 1.2 x of 4,000²)
    assert memory(4000, 4000, workers=2) <= memory(16000, 16000, workers=2) \
        <= 1.2 * memory(4000, 4000, workers=2)
    assert memory(2000, 8000) == one  # nor its height
    # a block's mapping grows with the oversampling and the pixels a cell covers
    assert memory(oversampling=8, extent=4.0) > memory(oversampling=4, extent=2.0) > one
    # reconstruct_layover holds more per worker (pass 2 reads three images over the window)
    assert memory(reconstruct=True, workers=2) - memory(reconstruct=True) > step
    # strips that are no multiple of 256 rows keep a whole row of output tiles waiting
    wide = memory(16000, 16000, block_rows=200, workers=2)
    assert wide - memory(16000, 16000, workers=2) >= 16000 * 200 * 13 * 0.9


def test_block_store_goes_to_the_scratch_folder_for_a_large_dem(monkeypatch, tmp_path):
    """The halo's strips wait in a scratch file once they exceed 48 MB, in memory below."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "scratch"))
    scratch = str(tmp_path / "scratch")
    big = simulate_20000({"mask": "/out/mask.tif"}).disk_bytes_by_folder
    # halo 279 rows = 2 strips each side: 6 strips of 256 rows held
    assert big[scratch] == 6 * 256 * 20000 * STORE_CELL_BYTES
    assert big["/out"] == 20000 * 20000  # the mask, 1 byte per cell
    small = resources.simulation_estimate(plan(50, 2), 500, 500, GRD_LINES, GRD_SAMPLES, 256,
                                          {"mask": "/out/mask.tif"})
    assert scratch not in small.disk_bytes_by_folder  # 4 x 256 x 500 x 57 B: in memory
    textured = resources.simulation_estimate(plan(WIDE_HALO, 1, 0.3), 20000, 20000, GRD_LINES,
                                             GRD_SAMPLES, 256, {}, texture_strength=0.3)
    assert textured.disk_bytes_by_folder[scratch] == 6 * 256 * 20000 * (STORE_CELL_BYTES + 8)


def test_block_sizes_are_those_of_the_code(tmp_path):
    """The store of SceneBlocks on a real DEM has the size the estimate gives it."""
    from sar_height.core.dem import DemRaster
    from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
    from sar_height.core.simulation import SimulationOptions, make_plan
    from sar_height.core.simulation.block_plan import SceneBlocks

    path = tmp_path / "tibet.tif"
    gdal.Translate(str(path), str(TIBET), srcWin=[0, 0, 200, 150])
    dem = DemRaster(str(path))
    geometry = straight_track_geometry(dem, TrackSpec(heading_deg=300.0))
    for options in (SimulationOptions(block_rows=24),
                    SimulationOptions(block_rows=40, texture_strength=0.5)):
        scene_plan = make_plan(dem, geometry, options)
        sizes = resources.block_sizes(scene_plan, dem.width, dem.height, options)
        with SceneBlocks(dem, geometry, options, scene_plan, in_memory=False) as scene:
            assert sizes.slots == scene.layout.slots
            assert sizes.store_bytes == scene.store.bytes_on_disk \
                == Path(scene.store.path).stat().st_size
            assert sizes.cells == options.block_rows * scene.layout.tile_cols


def test_simulated_image_disk_is_the_touched_window_at_most_the_image():
    few = resources.radar_window_pixels(100 * 100, 1.0, 1.0, GRD_LINES, GRD_SAMPLES)
    many = resources.radar_window_pixels(30000 * 30000, 1.0, 1.0, GRD_LINES, GRD_SAMPLES)
    assert 100 * 100 <= few < (100 + 2 * 256 + 1) ** 2
    assert many == GRD_LINES * GRD_SAMPLES


def test_scratch_files_are_counted_in_the_temporary_folder(monkeypatch, tmp_path):
    """Scratch rasters go to core.output_commit.scratch_folder, not next to the outputs.

    They are simulate's accumulator, the reconstruction's global simulation and the resampled prior
    DEM.
    """
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "scratch"))
    scratch = str(tmp_path / "scratch")
    outputs = {"simulated": "/out/sim.tif"}  # 500² cells: the block store stays in memory
    simulate = resources.simulation_estimate(plan(50, 2, 4.0), 500, 500, GRD_LINES, GRD_SAMPLES,
                                             256, outputs).disk_bytes_by_folder
    assert simulate[scratch] == simulate["/out"] > 0  # float32 accumulator = float32 output
    rebuilt = resources.simulation_estimate(plan(50, 2, 4.0), 500, 500, GRD_LINES, GRD_SAMPLES,
                                            256, {"reconstructed": "/out/r.tif"},
                                            reconstruct=True).disk_bytes_by_folder
    assert rebuilt[scratch] == 2 * simulate[scratch]  # float64-sized global simulation
    with_dem = resources.inference_estimate(3000, 2000, 256, 4, 100, "/out/h.tif",
                                            prior_dem=True).disk_bytes_by_folder
    assert with_dem == {"/out": 3000 * 2000 * 4, scratch: 3000 * 2000 * 4}
    assert scratch not in resources.inference_estimate(
        3000, 2000, 256, 4, 100, "/out/h.tif").disk_bytes_by_folder


def test_compare_and_inference_estimates_grow():
    a = resources.compare_estimate(2000, 2000, 256, 50 * MIB, 0, "/o/e.tif", None)
    assert resources.compare_estimate(4000, 2000, 256, 50 * MIB, 0, None, None).memory_bytes \
        > a.memory_bytes
    assert resources.compare_estimate(2000, 2000, 512, 50 * MIB, 0, None, None).memory_bytes \
        > a.memory_bytes
    assert a.disk_bytes_by_folder == {"/o": 2000 * 2000 * 4}
    # GDAL's block cache grows with the bytes touched, up to its limit
    cache_limit = gdal.GetCacheMax()
    huge = resources.compare_estimate(2000, 2000, 256, 100 * cache_limit, 0, None, None)
    larger = resources.compare_estimate(2000, 2000, 256, 200 * cache_limit, 0, None, None)
    assert huge.memory_bytes == larger.memory_bytes
    e = resources.inference_estimate(2000, 2000, 128, 4, 100, "/h/out.tif")
    assert resources.inference_estimate(4000, 2000, 128, 4, 100, None).memory_bytes \
        > e.memory_bytes
    assert resources.inference_estimate(2000, 2000, 128, 64, 100, None).memory_bytes \
        > e.memory_bytes
    assert resources.inference_estimate(2000, 2000, 256, 4, 100, None).memory_bytes \
        > e.memory_bytes
    assert e.disk_bytes_by_folder == {"/h": 2000 * 2000 * 4}
    # estimate_height on 30,000² writes a 3.4 GB float32 temporary: the disk estimate says so
    big = resources.inference_estimate(30000, 30000, 128, 4, 100, "/h/out.tif")
    assert big.disk_bytes_by_folder["/h"] > 3.3e9


# -- the check ----------------------------------------------------------------------------------
def test_20000_simulation_refused_with_numbers_and_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 256 * MIB)
    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: 10**15)
    estimate = simulate_20000(workers=4)
    assert estimate.memory_bytes > 256 * MIB
    problem = check(estimate)
    assert f"about {resources.size_text(estimate.memory_bytes)} of memory" in problem
    assert "only 256 MB are available" in problem
    assert "Use fewer parallel workers (this run uses 4, about" in problem
    # one worker: one block at a time, whatever the DEM's size
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 64 * MIB)
    problem = check(simulate_20000(workers=1))
    assert "one block at a time" in problem and "close other programs" in problem
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 64 * GIB)
    assert check(estimate) == ""


def test_scratch_store_refused_on_a_small_disk_with_the_fix(monkeypatch, tmp_path):
    """The block store of a 20,000² DEM (1.6 GB) does not fit 1 GB free: the message says so."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 64 * GIB)
    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: GIB)
    problem = check(simulate_20000({"mask": str(tmp_path / "out" / "mask.tif")}))
    store = 6 * 256 * 20000 * STORE_CELL_BYTES
    assert "This run writes about 2.0 GB to" in problem  # store and mask, one file system
    assert str(tmp_path / "out") in problem and "only 1.0 GB are free" in problem
    assert f"Of that, {resources.size_text(store)} is the scratch store of the layover sweep " \
           f"in the temporary folder {tmp_path} (1536 DEM rows of 20000 cells" in problem
    assert "crop the DEM" in problem and "set TMPDIR" in problem
    # without the store, scratch files still say where they go
    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: 1000)
    problem = check(Estimate(MIB, {str(tmp_path): 200 * MIB}))
    assert f"Scratch files go to the temporary folder {tmp_path}" in problem


def test_unknown_memory_or_disk_never_refuses(monkeypatch):
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: None)
    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: None)
    assert check(Estimate(10**18, {"/nowhere": 10**18})) == ""


def test_disk_refusal_names_the_folder_and_sums_one_file_system(monkeypatch, tmp_path):
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 64 * GIB)
    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: 300 * MIB)
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    # 200 MB each fits alone; on one file system the 400 MB together do not
    assert check(Estimate(MIB, {str(one): 200 * MIB})) == ""
    problem = check(Estimate(MIB, {str(one): 200 * MIB, str(two): 200 * MIB}))
    assert "400 MB" in problem and str(one) in problem and str(two) in problem
    assert "only 300 MB are free" in problem and "Free disk space" in problem


def test_available_memory_reads_meminfo_and_falls_back(monkeypatch):
    measured = resources.available_memory_bytes()
    assert measured is None or measured > 16 * MIB
    real_open = open

    def no_proc(path, *args, **kwargs):
        if str(path) == "/proc/meminfo":
            raise OSError("no /proc here")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_proc)
    fallback = resources.available_memory_bytes()  # sysconf where it exists, else None
    assert fallback is None or fallback > 16 * MIB


def test_free_disk_of_a_folder_not_yet_made(tmp_path):
    free = resources.free_disk_bytes(tmp_path / "not" / "yet")
    assert free is not None and free > 0


def test_describe_is_one_log_line():
    text = Estimate(3 * GIB, {"/out": 200 * MIB}).describe()
    assert text == "Estimated peak memory 3.0 GB; disk: 200 MB in /out."


# -- against measured runs --------------------------------------------------------------------
# Peak memory increments measured for core/resources.py's simulation constants (VmHWM reset
# after opening the inputs, one process per case, the Ötztal DEM resampled, Sentinel-1 GRD,
# all four outputs): (width, height, block rows, halo rows, oversampling, lines and samples
# per cell, workers, reconstruct, MB). Measured again on 2026-12-07 with
# benchmarks/measure_resources.py (free heap released first; background writer, eager strip
# tasks), except the reconstruction of 16,000 x 768 (an earlier run).
MEASURED = [
    (300, 300, 256, 13, 16, 15.43, 16.06, 1, False, 244),
    (300, 300, 256, 13, 16, 15.43, 16.06, 2, False, 405),
    (1000, 1000, 256, 33, 10, 4.63, 4.78, 1, False, 145),
    (1000, 1000, 256, 33, 10, 4.63, 4.78, 2, False, 246),
    (2000, 2000, 256, 61, 5, 2.31, 2.39, 1, False, 89),
    (2000, 2000, 256, 61, 5, 2.31, 2.39, 2, False, 212),
    (2000, 2000, 64, 61, 5, 2.31, 2.39, 2, False, 244),
    (2000, 2000, 200, 61, 5, 2.31, 2.39, 2, False, 209),
    (4000, 4000, 256, 118, 3, 1.157, 1.20, 1, False, 103),
    (4000, 4000, 256, 118, 3, 1.157, 1.20, 2, False, 250),
    (16000, 768, 256, 223, 1, 0.289, 0.344, 1, False, 148),
    (16000, 768, 256, 223, 1, 0.289, 0.344, 2, False, 179),
    (16000, 768, 200, 223, 1, 0.289, 0.344, 2, False, 205),
    (300, 300, 256, 13, 16, 15.43, 16.06, 1, True, 513),
    (300, 300, 256, 13, 16, 15.43, 16.06, 2, True, 756),
    (1000, 1000, 256, 33, 10, 4.63, 4.78, 1, True, 220),
    (1000, 1000, 256, 33, 10, 4.63, 4.78, 2, True, 384),
    (2000, 2000, 256, 61, 5, 2.31, 2.39, 1, True, 153),
    (2000, 2000, 256, 61, 5, 2.31, 2.39, 2, True, 280),
    (2000, 2000, 64, 61, 5, 2.31, 2.39, 2, True, 339),
    (4000, 4000, 256, 118, 3, 1.157, 1.20, 1, True, 162),
    (4000, 4000, 256, 118, 3, 1.157, 1.20, 2, True, 267),
    (16000, 768, 256, 223, 1, 0.289, 0.344, 1, True, 94),
    (16000, 768, 256, 223, 1, 0.289, 0.344, 2, True, 190),
]


@pytest.mark.parametrize("case", MEASURED, ids=[
    f"{'rec' if c[8] else 'sim'}{c[0]}x{c[1]}-b{c[2]}-w{c[7]}" for c in MEASURED])
def test_simulation_estimate_bounds_the_measured_runs(case):
    """Each estimate covers its measured peak (else a run that does not fit would start).

    Not absurd either: within 3 x the measurement plus 64 MB, before the margin (else runs
    that fit are refused).
    """
    width, height, rows, halo, oversampling, lines, samples, workers, rebuild, mb = case
    scene_plan = SimpleNamespace(halo_rows=halo, oversampling=oversampling,
                                 lines_per_cell=lines, samples_per_cell=samples)
    estimate = resources.simulation_estimate(scene_plan, width, height, GRD_LINES, GRD_SAMPLES,
                                             rows, {}, rebuild, workers).memory_bytes
    model = estimate / resources.MEMORY_MARGIN
    assert mb * MIB <= model <= 3 * mb * MIB + 64 * MIB


MEASURE_SIMULATE = """
import json
from osgeo import gdal
from sar_height.core.heap import release_free_heap
from sar_height.core.dem import DemRaster
from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
from sar_height.core.resources import simulation_run_estimate
from sar_height.core.simulation import SimulationOptions, simulate_to_files

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

gdal.Translate({dem!r}, {source!r}, srcWin=[0, 0, 400, 352])
dem = DemRaster({dem!r})
geometry = straight_track_geometry(dem, TrackSpec(heading_deg=350.0))
options = SimulationOptions(block_rows=64, texture_strength=0.3, speckle_looks=4)
outputs = {{name: {folder!r} + "/" + name + ".tif"
           for name in ("simulated", "mask", "lookup", "incidence")}}
estimate = simulation_run_estimate(dem, geometry, options, outputs, workers=2)
release_free_heap()
with open("/proc/self/clear_refs", "w") as clear:  # VmHWM := VmRSS
    clear.write("5")
loaded = status("VmRSS:")
simulate_to_files(dem, geometry, outputs, options, workers=2)
print(json.dumps({{"increment": status("VmHWM:") - loaded, "estimate": estimate.memory_bytes}}))
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="VmHWM is Linux's")
@pytest.mark.slow
def test_simulation_estimate_bounds_a_measured_run_with_two_workers(tmp_path):
    """simulate_to_files with 2 workers on a real DEM stays below its estimate, not far below.

    Not far below: within 4 x the measurement plus the fixed allowances (the base and one
    task per worker, each sized for the largest block of any DEM: this DEM's blocks are small).
    """
    code = MEASURE_SIMULATE.format(dem=str(tmp_path / "dem.tif"), source=str(TIBET),
                                   folder=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    assert numbers["increment"] <= numbers["estimate"]
    fixed = resources.with_margin(resources.SIMULATE_BASE_BYTES
                                  + 2 * resources.BLOCK_TASK_BYTES)
    assert numbers["estimate"] <= 4 * numbers["increment"] + fixed


# -- against a measured run -------------------------------------------------------------------
MEASURE_COMPARE = """
import json
import numpy as np
from osgeo import gdal
from sar_height.core.heap import release_free_heap
from sar_height.core.evaluation import compare_dems
from sar_height.core.resources import compare_run_estimate

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

def raster(path, size, cell):
    ds = gdal.GetDriverByName("GTiff").Create(path, size, size, 1, gdal.GDT_Float32,
                                              ["TILED=YES"])
    ds.SetGeoTransform((650000.0, cell, 0.0, 5200000.0, 0.0, -cell))
    ds.SetProjection("EPSG:32632")
    rng = np.random.default_rng(size)
    for row in range(0, size, 500):
        ds.GetRasterBand(1).WriteArray(
            (1000 + rng.normal(0, 50, (min(500, size - row), size))).astype(np.float32), 0, row)
    ds = None

raster({reference!r}, 3000, 30.0)
raster({estimate!r}, 1500, 60.0)
estimate = compare_run_estimate({estimate!r}, {reference!r}, None, 256, {error!r}, None)
release_free_heap()
with open("/proc/self/clear_refs", "w") as clear:  # VmHWM := VmRSS
    clear.write("5")
loaded = status("VmRSS:")
compare_dems({estimate!r}, {reference!r}, None, "ellipsoid", "ellipsoid", {error!r})
print(json.dumps({{"increment": status("VmHWM:") - loaded, "estimate": estimate.memory_bytes}}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
@pytest.mark.slow
def test_compare_estimate_bounds_a_measured_run(tmp_path):
    """The compare estimate is an upper bound of the measured peak, and not absurd.

    Upper bound: a refusal must not be needed for a run that fits; not absurd: within 4 x the
    measurement plus the fixed allowances.
    """
    code = MEASURE_COMPARE.format(reference=str(tmp_path / "ref.tif"),
                                  estimate=str(tmp_path / "est.tif"),
                                  error=str(tmp_path / "err.tif"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    assert numbers["increment"] <= numbers["estimate"]
    fixed = resources.with_margin(resources.COMPARE_BASE_BYTES
                                  + resources.COMPARE_HISTOGRAM_BYTES)
    assert numbers["estimate"] <= 4 * numbers["increment"] + fixed


# -- in QGIS ----------------------------------------------------------------------------------
def test_qgis_run_refused_with_tiny_memory_before_writing(qgis_processing, tmp_path,
                                                         monkeypatch):
    from qgis.core import QgsProcessingException
    from test_simulate_sar_qgis import GRD, outputs, small_dem

    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 1 * MIB)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException) as caught:
        qgis_processing.run("sarheight:simulate_sar", {
            "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(GRD), **outputs(out)})
    message = str(caught.value)
    assert "of memory, but only 1.0 MB are available" in message, message
    assert "close other programs" in message
    assert list(out.iterdir()) == []  # nothing written, not even a hidden temporary


def test_qgis_compare_refused_when_the_disk_is_full(qgis_processing, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException
    from test_compare_dem_qgis import DATA

    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: 1000)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="only 0.0 MB are free") as caught:
        qgis_processing.run("sarheight:compare_dem", {
            "DEM": str(DATA / "los_angeles_glo30_ellipsoid.tif"), "DEM_VERTICAL_DATUM": 2,
            "REFERENCE": str(DATA / "los_angeles_glo30_geoid.tif"),
            "REFERENCE_VERTICAL_DATUM": 1, "OUTPUT_ERROR": str(out / "error.tif")})
    assert str(out) in str(caught.value)
    assert list(out.iterdir()) == []


def test_estimates_logged_on_success(qgis_processing, tmp_path):
    from qgis_helpers import collecting_feedback
    from test_simulate_sar_qgis import GRD, outputs, small_dem

    feedback = collecting_feedback()
    qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(GRD), **outputs(tmp_path)},
        feedback=feedback)
    lines = [line for line in feedback.lines if line.startswith("Estimated peak memory")]
    assert len(lines) == 1 and f"in {tmp_path}" in lines[0]
    assert np.isfinite(float(lines[0].split()[3]))
