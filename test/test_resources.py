"""core/resources.py: memory and disk estimated before a run, and the refusal (issue 11, §5).

- the estimates grow as they must with the sizes that drive them;
- a 20,000² simulate_sar estimate exceeds a small MemAvailable and is refused with the
  numbers and the fix; an unknown amount never refuses; disk is checked per file system;
- the estimate bounds a measured run (a subprocess, VmHWM) without being absurd;
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


def plan(halo_rows, oversampling, extent=0.5):
    """The ScenePlan fields the estimate reads."""
    return SimpleNamespace(halo_rows=halo_rows, oversampling=oversampling,
                           lines_per_cell=extent, samples_per_cell=extent)


# The Ötztal DEM resampled to 20,000² cells (scripts/measure_resources.py simulate_wide):
# 6 m cells, oversampling 1, a layover/shadow reach of WIDE_HALO rows (measured: 2.6 GB
# peak for its strips); the S1 GRD's size.
WIDE_HALO = 279
GRD_LINES, GRD_SAMPLES = 16685, 25788


def simulate_20000(outputs=None):
    outputs = outputs or {"simulated": "/tmp/a/sim.tif", "mask": "/tmp/a/mask.tif"}
    return resources.simulation_estimate(plan(WIDE_HALO, 1, 0.3), 20000, 20000, GRD_LINES,
                                         GRD_SAMPLES, 256, outputs)


# -- the estimates grow with their sizes ------------------------------------------------------
def test_simulation_memory_grows_with_width_strip_halo_and_oversampling():
    base = resources.simulation_memory_bytes(2000, 256, 50, 2)
    empty = resources.simulation_memory_bytes(0, 256, 50, 2)
    wide = resources.simulation_memory_bytes(4000, 256, 50, 2)
    assert empty < base < wide and abs((wide - base) - (base - empty)) <= 2  # linear in width
    assert resources.simulation_memory_bytes(2000, 512, 50, 2) > base
    assert resources.simulation_memory_bytes(2000, 256, 500, 2) > base
    assert resources.simulation_memory_bytes(2000, 256, 50, 4) > base
    # reconstruct_layover holds more per strip than simulate_sar
    assert resources.simulation_memory_bytes(2000, 256, 50, 2, reconstruct=True) > base
    # DEM height alone does not matter (strips), the disk does
    small = resources.simulation_estimate(plan(50, 2), 2000, 2000, GRD_LINES, GRD_SAMPLES,
                                          256, {"mask": "/x/m.tif"})
    tall = resources.simulation_estimate(plan(50, 2), 2000, 8000, GRD_LINES, GRD_SAMPLES, 256,
                                         {"mask": "/x/m.tif"})
    assert small.memory_bytes == tall.memory_bytes
    assert tall.disk_bytes_by_folder["/x"] == 4 * small.disk_bytes_by_folder["/x"]


def test_simulation_estimate_bounds_the_measured_20000_strips():
    """The simulation estimate bounds the measured strips of the 20,000² DEM, not far above.

    scripts/measure_resources.py simulate_wide: 2593 MB above the loaded state for the strips of the
    20,000² DEM; the estimate must cover it (else a run that needs more than the machine has would
    start) without being far above (else runs that fit are refused).
    """
    estimate = simulate_20000().memory_bytes
    assert 2593 * MIB <= estimate <= 2 * 2593 * MIB


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
    outputs = {"simulated": "/out/sim.tif"}
    simulate = resources.simulation_estimate(plan(50, 2), 2000, 2000, GRD_LINES, GRD_SAMPLES,
                                             256, outputs).disk_bytes_by_folder
    assert simulate[scratch] == simulate["/out"] > 0  # float32 accumulator = float32 output
    rebuilt = resources.simulation_estimate(plan(50, 2), 2000, 2000, GRD_LINES, GRD_SAMPLES,
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
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 2 * GIB)
    monkeypatch.setattr(resources, "free_disk_bytes", lambda folder: 10**15)
    estimate = simulate_20000()
    assert estimate.memory_bytes > 2 * GIB
    problem = check(estimate)
    assert f"about {resources.size_text(estimate.memory_bytes)} of memory" in problem
    assert "only 2.0 GB are available" in problem
    assert "Crop the DEM" in problem and "block size (256 rows)" in problem
    assert "20000 x 20000" in problem
    monkeypatch.setattr(resources, "available_memory_bytes", lambda: 64 * GIB)
    assert check(estimate) == ""


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


# -- against a measured run -------------------------------------------------------------------
MEASURE_COMPARE = """
import json
import numpy as np
from osgeo import gdal
from sar_height.core.evaluation import compare_dems
from sar_height.core.resources import compare_run_estimate

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
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
loaded = peak()
compare_dems({estimate!r}, {reference!r}, None, "ellipsoid", "ellipsoid", {error!r})
print(json.dumps({{"increment": peak() - loaded, "estimate": estimate.memory_bytes}}))
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
    assert numbers["estimate"] <= 4 * numbers["increment"] + 64 * MIB


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
    assert "Crop the DEM" in message
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
