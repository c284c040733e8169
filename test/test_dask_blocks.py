"""The block plan on Dask (core.dask_backend, DASK_SCHEDULER), issue 16.

A LocalCluster of 2 single-threaded worker processes computes the blocks of simulate_to_files
and reconstruct_to_files, and of one processing.run of sarheight:simulate_sar given the
cluster's address: the files must be byte-identical to those of one worker in this process.
A scheduler that cannot be reached is refused quickly, before any file is written. Skipped
when dask.distributed (an optional, test-only dependency) is not installed. Scene: a crop of
the real Yarlung Tsangpo DEM of test/data/dem under a Sentinel-1-like straight track.
"""
import filecmp
import time
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

distributed = pytest.importorskip("distributed")

from sar_height.core.blocks import BlockPlan, BlockTask, run_plan  # noqa: E402
from sar_height.core.dask_backend import (  # noqa: E402
    ENVIRONMENT_VARIABLE,
    SchedulerError,
    executor_for_scheduler,
    scheduler_address,
)
from sar_height.core.dem import DemRaster  # noqa: E402
from sar_height.core.reconstruction import (  # noqa: E402
    ReconstructionOptions,
    reconstruct_to_files,
)
from sar_height.core.reconstruction.synthetic import (  # noqa: E402
    TrackSpec,
    straight_track_geometry,
)
from sar_height.core.simulation import SimulationOptions, simulate_to_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIBET = ROOT / "test" / "data" / "dem" / "tibet_yarlung_tsangpo_20m_utm46.tif"
SIM_NAMES = ("simulated", "mask", "lookup", "incidence")
REC_NAMES = ("reconstructed", "geocoded", "mask", "mixing")
SIM_KEYS = ("OUTPUT_SIMULATED", "OUTPUT_MASK", "OUTPUT_LOOKUP", "OUTPUT_INCIDENCE")
REFUSED = "tcp://127.0.0.1:9"  # the discard port: nothing listens there


@pytest.fixture(scope="module")
def cluster():
    """An executor on a LocalCluster of 2 worker processes (1 thread each)."""
    with executor_for_scheduler("local:2") as executor:
        yield executor


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """(DEM crop path, straight-track geometry): 120 x 120 cells, strips of 16 rows."""
    folder = tmp_path_factory.mktemp("dask")
    dem = folder / "tibet_120.tif"
    gdal.Translate(str(dem), str(TIBET), srcWin=[100, 80, 120, 120])
    return dem, straight_track_geometry(DemRaster(str(dem)), TrackSpec(heading_deg=350.0))


def targets(folder, names):
    folder.mkdir()
    return {name: str(folder / f"{name}.tif") for name in names}


def assert_same_bytes(one, two):
    for name, path in one.items():
        assert filecmp.cmp(path, two[name], shallow=False), name


def test_the_cluster_has_two_workers_and_keeps_plan_order(cluster):
    assert cluster.workers == 2 and cluster.address == "local:2"
    plan = BlockPlan([BlockTask(pow, (2, i)) for i in range(9)])
    assert [r for _, r in run_plan(plan, cluster.workers, executor=cluster)] == \
        [2 ** i for i in range(9)]


def test_core_outputs_on_dask_equal_one_worker(cluster, scene, tmp_path):
    dem, geometry = scene
    options = SimulationOptions(speckle_looks=4, seed=3, texture_strength=0.4, block_rows=16)
    sim = {}
    for label, run in (("one", {"workers": 1}),
                       ("dask", {"workers": cluster.workers, "executor": cluster})):
        sim[label] = targets(tmp_path / f"sim_{label}", SIM_NAMES)
        simulate_to_files(DemRaster(str(dem)), geometry, sim[label], options, **run)
    assert_same_bytes(sim["one"], sim["dask"])
    rec = {}
    for label, run in (("one", {"workers": 1}),
                       ("dask", {"workers": cluster.workers, "executor": cluster})):
        rec[label] = targets(tmp_path / f"rec_{label}", REC_NAMES)
        reconstruct_to_files(DemRaster(str(dem)), geometry, sim["one"]["simulated"],
                             rec[label], ReconstructionOptions(block_rows=16), **run)
    assert_same_bytes(rec["one"], rec["dask"])
    assert np.nanstd(gdal.Open(rec["dask"]["reconstructed"]).ReadAsArray()) > 0


def test_scheduler_address_parameter_then_environment():
    env = {ENVIRONMENT_VARIABLE: " tcp://a:8786 "}
    assert scheduler_address(" tcp://b:1 ", env) == "tcp://b:1"
    assert scheduler_address("", env) == "tcp://a:8786"
    assert scheduler_address(None, {}) == ""


@pytest.mark.parametrize("address, match", [(REFUSED, "Cannot reach"),
                                            ("tcp://no-port", "Bad Dask scheduler"),
                                            ("local:0", "local:N")])
def test_a_bad_scheduler_is_refused_quickly(address, match):
    start = time.perf_counter()
    with pytest.raises(SchedulerError, match=match):
        executor_for_scheduler(address)
    assert time.perf_counter() - start < 5.0


@pytest.fixture()
def geometry_json(scene, tmp_path):
    from sar_height.core.products.gcps import ensure_gcps
    from sar_height.core.products.geometry_json import write_geometry_json

    dem, geometry = scene
    ensure_gcps(geometry)  # the georeferencing stored, as a product's own
    return dem, str(write_geometry_json(tmp_path / "track.json", geometry))


def run_simulate(processing, dem, geometry, folder, extra):
    from qgis_helpers import collecting_feedback

    folder.mkdir()
    outputs = {key: str(folder / f"{key.lower()}.tif") for key in SIM_KEYS}
    feedback = collecting_feedback()
    processing.run("sarheight:simulate_sar",
                   {"DEM": str(dem), "GEOMETRY": geometry, "SPECKLE_LOOKS": 4, "SEED": 5,
                    "BLOCK_ROWS": 16, "WORKERS": 1, **extra, **outputs}, feedback=feedback)
    return outputs, feedback.lines


def test_simulate_sar_on_the_dask_scheduler_writes_the_same_bytes(qgis_processing, cluster,
                                                                  geometry_json, tmp_path):
    dem, geometry = geometry_json
    address = cluster.client.scheduler.address  # what a user types: tcp://127.0.0.1:port
    one, _ = run_simulate(qgis_processing, dem, geometry, tmp_path / "one", {})
    two, log = run_simulate(qgis_processing, dem, geometry, tmp_path / "dask",
                            {"DASK_SCHEDULER": address})
    assert f"Blocks computed on the Dask cluster at {address} by 2 worker thread(s)." in log
    assert_same_bytes(one, two)


def test_simulate_sar_with_a_bad_scheduler_fails_quickly_and_writes_nothing(
        qgis_processing, geometry_json, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException

    dem, geometry = geometry_json
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, REFUSED)  # the empty parameter falls back to it
    start = time.perf_counter()
    with pytest.raises(QgsProcessingException, match="Cannot reach the Dask scheduler"):
        run_simulate(qgis_processing, dem, geometry, tmp_path / "bad", {})
    assert time.perf_counter() - start < 8.0
    assert list((tmp_path / "bad").iterdir()) == []
