"""Block plans and parallel blocks (core.blocks, core.simulation.block_plan), issue 16.

The per-block layover/shadow sweep (only the block's own cells swept, the halo's strips through
summaries) must give the codes of one sweep over the whole DEM; simulate_to_files and
reconstruct_to_files must write identical files for 1 and 2 workers, for the store in memory
and in a scratch file, and nothing when cancelled. Scenes: crops of the real DEMs of
test/data/dem under a synthetic Sentinel-1-like straight track (three headings, so that the
azimuth bins cross the DEM's rows and columns in different ways).
"""
import multiprocessing
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core.blocks import BlockPlan, BlockTask, check_workers, run_plan
from sar_height.core.dem import DemRaster
from sar_height.core.reconstruction import (
    MeasuredImage,
    ReconstructionCancelled,
    ReconstructionOptions,
    reconstruct_to_files,
)
from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry
from sar_height.core.simulation import (
    NODATA,
    SimulationCancelled,
    SimulationError,
    SimulationOptions,
    layover_shadow_codes,
    make_plan,
    simulate_to_files,
)
from sar_height.core.simulation.block_plan import SceneBlocks
from sar_height.core.simulation.rows import group_geometry
from sar_height.core.simulation.sweep import (
    GRIDS,
    BinExtremes,
    block_codes,
    cell_arrays,
    piece_summaries,
)

ROOT = Path(__file__).resolve().parents[1]
TIBET = ROOT / "test" / "data" / "dem" / "tibet_yarlung_tsangpo_20m_utm46.tif"
SIM_NAMES = ("simulated", "mask", "lookup", "incidence")
REC_NAMES = ("reconstructed", "geocoded", "mask", "mixing")


def crop(folder, size=120, xoff=0, yoff=0):
    path = folder / f"tibet_{size}_{xoff}_{yoff}.tif"
    if not path.exists():
        gdal.Translate(str(path), str(TIBET), srcWin=[xoff, yoff, size, size])
    return DemRaster(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("blocks")


def read(path):
    ds = gdal.Open(str(path))
    return ds.ReadAsArray()


def targets(folder, prefix, names):
    return {name: str(folder / f"{prefix}_{name}.tif") for name in names}


def whole_dem_codes(dem, geometry, plan):
    """Layover/shadow codes of one sweep over all cells of the DEM (the reference)."""
    groups = [group_geometry(dem, geometry, plan, y0, min(plan.row_group, dem.height - y0))
              for y0 in range(0, dem.height, plan.row_group)]
    cells = {name: np.concatenate([g[name] for g in groups]) for name in groups[0]}
    codes = layover_shadow_codes((cells["bin"], cells["bin_shifted"]), cells["key"],
                                 cells["range_q"], cells["look_q"], cells["valid"])
    return codes, cells


def block_masks(scene, shape, workers=1):
    mask = np.full(shape, 254, dtype=np.uint8)
    in_image = np.zeros(shape, dtype=bool)
    for _, _, block in scene.run(workers):
        cut = (slice(block.row0, block.row0 + block.rows),
               slice(block.col0, block.col0 + block.cols))
        mask[cut], in_image[cut] = block.mask, block.in_image
    return mask, in_image


# --- the per-block sweep ------------------------------------------------------------------

@pytest.mark.parametrize("heading, block_rows, tile_cols, in_memory", [
    (350.0, 12, 16, True),  # ascending, bins about 10 deg off the rows; many small pieces
    (300.0, 9, 23, False),  # bins 60 deg off: each crosses many strips; store in a file
    (190.0, 40, 50, True),  # descending, looking west (range against the columns)
])
def test_block_codes_equal_one_sweep_over_the_whole_dem(folder, heading, block_rows,
                                                        tile_cols, in_memory):
    dem = crop(folder)
    geometry = straight_track_geometry(dem, TrackSpec(heading_deg=heading))
    options = SimulationOptions(block_rows=block_rows)
    plan = make_plan(dem, geometry, options)
    expected, _ = whole_dem_codes(dem, geometry, plan)
    with SceneBlocks(dem, geometry, options, plan, with_mapping=False, in_memory=in_memory,
                     tile_cols=tile_cols) as scene:
        assert scene.layout.tiles > 2 and scene.layout.strips > 2
        assert (scene.store.path is None) == in_memory
        mask, in_image = block_masks(scene, expected.shape)
    assert np.all(mask[~in_image] == NODATA)
    np.testing.assert_array_equal(mask[in_image], expected[in_image])
    counts = np.bincount(expected[in_image], minlength=4)
    assert counts[1] > 0.05 * in_image.sum() and counts[2] > 0  # layover and shadow present


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_block_codes_with_interleaving_pieces_equal_one_sweep(seed):
    # On real terrain the cells of one azimuth bin rarely interleave across pieces (the key
    # grows along range); random keys, ranges and look angles with ties make them interleave
    # everywhere, so every path of the summaries and of the cells read from neighbours counts.
    rng = np.random.default_rng(seed)
    shape, strip_rows, tile_cols = (30, 40), 7, 9
    cells = {"valid": rng.random(shape) < 0.9,
             "key": rng.integers(0, 60, shape).astype(float) * 0.5,  # many equal keys
             "range_q": rng.integers(0, 50, shape).astype(np.int64),
             "look_q": rng.integers(0, 50, shape).astype(np.int64),
             "bin": rng.integers(3, 8, shape).astype(np.int32)}
    cells["bin_shifted"] = (cells["bin"] + (rng.random(shape) < 0.5)).astype(np.int32)
    expected = layover_shadow_codes((cells["bin"], cells["bin_shifted"]), cells["key"],
                                    cells["range_q"], cells["look_q"], cells["valid"])
    flat = np.arange(shape[0] * shape[1], dtype=np.int64).reshape(shape)
    pieces = {}
    for strip, r0 in enumerate(range(0, shape[0], strip_rows)):
        for tile, c0 in enumerate(range(0, shape[1], tile_cols)):
            cut = (slice(r0, r0 + strip_rows), slice(c0, c0 + tile_cols))
            pieces[strip, tile] = (cut, {k: v[cut] for k, v in cells.items()}, flat[cut])
    summaries = {key: piece_summaries(piece, flat, *key)
                 for key, (_, piece, flat) in pieces.items()}
    got = np.full(shape, 254, dtype=np.uint8)
    read = []
    for key, (cut, piece, piece_flat) in pieces.items():
        others = tuple(BinExtremes.join([summaries[k][g] for k in pieces if k != key])
                       for g in range(len(GRIDS)))

        def read_piece(strip, tile):
            read.append((strip, tile))
            return cell_arrays(pieces[strip, tile][1], pieces[strip, tile][2])

        got[cut] = block_codes(piece, piece_flat, others, read_piece)
    np.testing.assert_array_equal(got, expected)
    assert len(read) > len(pieces) and np.any(expected == 1) and np.any(expected == 3)


def test_blocks_do_not_depend_on_workers_store_or_backend(folder):
    dem = crop(folder, size=90)
    geometry = straight_track_geometry(dem, TrackSpec(heading_deg=330.0))
    options = SimulationOptions(block_rows=16, texture_strength=0.5,
                                texture_correlation_cells=2.0, seed=3)
    plan = make_plan(dem, geometry, options)
    runs = []
    for workers, in_memory, backend in ((1, True, "threads"), (2, False, "threads"),
                                        (2, False, "processes")):
        with SceneBlocks(dem, geometry, options, plan, in_memory=in_memory,
                         tile_cols=32) as scene:
            runs.append(list(scene.run(workers, backend=backend)))
    reference = runs[0]
    assert len(reference) > 6
    for other in runs[1:]:
        assert [r[:2] for r in other] == [r[:2] for r in reference]
        for (_, _, a), (_, _, b) in zip(reference, other):
            for name in ("mask", "line", "sample", "weight_m2", "reflectivity"):
                np.testing.assert_array_equal(getattr(a, name), getattr(b, name), name)
            assert a.window == b.window
            assert (a.matrix != b.matrix).nnz == 0


# --- simulate_to_files and reconstruct_to_files -----------------------------------------

def test_simulation_is_identical_for_workers_and_block_sizes(folder, tmp_path):
    dem = crop(folder)
    geometry = straight_track_geometry(dem)
    common = dict(texture_strength=0.4, texture_correlation_cells=2.0, speckle_looks=4, seed=7)
    runs = {}
    for tag, rows, workers in (("serial", 24, 1), ("two", 24, 2), ("blocks", 64, 2)):
        out = targets(tmp_path, tag, SIM_NAMES)
        summary = simulate_to_files(dem, geometry, out,
                                    SimulationOptions(block_rows=rows, **common),
                                    workers=workers)
        runs[tag] = (summary, {name: read(path) for name, path in out.items()})
    (s1, serial), (s2, two), (_, blocks) = runs["serial"], runs["two"], runs["blocks"]
    assert s1.layover_share > 0.2
    for name in SIM_NAMES:
        assert np.array_equal(serial[name], two[name], equal_nan=name != "mask"), name
    assert (s1.total_energy_m2, s1.radar_window) == (s2.total_energy_m2, s2.radar_window)
    for name in ("mask", "lookup", "incidence"):
        assert np.array_equal(serial[name], blocks[name], equal_nan=name != "mask"), name
    # Other blocks add the float32 accumulator's windows in another order.
    np.testing.assert_allclose(blocks["simulated"], serial["simulated"], rtol=1e-5,
                               atol=1e-6 * serial["simulated"].max())


def test_reconstruction_is_identical_for_workers(folder, tmp_path):
    dem = crop(folder)
    geometry = straight_track_geometry(dem)
    measured = targets(tmp_path, "measured", ("simulated",))
    simulate_to_files(dem, geometry, measured, SimulationOptions(speckle_looks=4, seed=2,
                                                                 texture_strength=0.5))
    runs = []
    for workers in (1, 2):
        out = targets(tmp_path, f"rec{workers}", REC_NAMES)
        summary = reconstruct_to_files(crop(folder), geometry,
                                       MeasuredImage(measured["simulated"]), out,
                                       ReconstructionOptions(block_rows=20), workers=workers)
        runs.append((summary, {name: read(path) for name, path in out.items()}))
    (a, first), (b, second) = runs
    for name in REC_NAMES:
        assert np.array_equal(first[name], second[name], equal_nan=True), name
    assert (a.reconstructed_energy, a.layover_inflation) == (b.reconstructed_energy,
                                                             b.layover_inflation)
    assert np.isfinite(first["reconstructed"]).mean() > 0.3


@pytest.mark.slow
def test_an_executor_of_worker_processes_gives_identical_files(folder, tmp_path):
    # What a dask.distributed Client does: submit(function, *args) to other processes, which
    # get the DEM, the block store and the readers of pass 2 by their paths.
    dem = crop(folder, size=80)
    geometry = straight_track_geometry(dem)
    options = SimulationOptions(block_rows=24, speckle_looks=3, seed=5)
    files = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as executor:
        for tag, run in (("serial", {}), ("pool", {"executor": executor})):
            sim = targets(tmp_path, f"sim_{tag}", SIM_NAMES)
            simulate_to_files(dem, geometry, sim, options, **run)
            rec = targets(tmp_path, f"rec_{tag}", REC_NAMES)
            reconstruct_to_files(dem, geometry, sim["simulated"], rec,
                                 ReconstructionOptions(block_rows=24), **run)
            files[tag] = {name: read(path) for name, path in {**sim, **rec}.items()}
    for name, values in files["serial"].items():
        assert np.array_equal(values, files["pool"][name], equal_nan=True), name


def scratch_leftovers(folder):
    return [p.name for p in Path(folder).iterdir() if "sarheight" in p.name]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Scratch files (the block store, accumulators) go to a folder of their own."""
    path = tmp_path / "scratch"
    path.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    return path


def test_simulation_cancelled_with_two_workers_leaves_nothing(folder, tmp_path, scratch,
                                                              monkeypatch):
    import sar_height.core.simulation.block_plan as block_plan

    monkeypatch.setattr(block_plan, "STORE_IN_MEMORY_BYTES", 0)  # the store in a file
    (tmp_path / "out").mkdir()
    seen = []

    def progress(fraction):
        seen.append(fraction)
        return fraction < 0.4

    with pytest.raises(SimulationCancelled):
        simulate_to_files(crop(folder), straight_track_geometry(crop(folder)),
                          targets(tmp_path / "out", "cancel", SIM_NAMES),
                          SimulationOptions(block_rows=12), progress, workers=2)
    assert 0.0 < seen[-1] < 0.9 * 0.9  # stopped during the blocks
    assert list((tmp_path / "out").iterdir()) == []
    assert scratch_leftovers(scratch) == []


def test_reconstruction_cancelled_with_two_workers_leaves_nothing(folder, tmp_path, scratch):
    dem = crop(folder, size=60)
    geometry = straight_track_geometry(dem)
    measured = targets(tmp_path, "measured", ("simulated",))
    simulate_to_files(dem, geometry, measured)
    (tmp_path / "out").mkdir()
    with pytest.raises(ReconstructionCancelled):
        reconstruct_to_files(dem, geometry, measured["simulated"],
                             targets(tmp_path / "out", "cancel", REC_NAMES),
                             ReconstructionOptions(block_rows=10),
                             progress=lambda fraction: fraction < 0.7, workers=2)
    assert list((tmp_path / "out").iterdir()) == []
    assert scratch_leftovers(scratch) == []


def test_bad_workers_or_backend_are_refused_before_any_file(folder, tmp_path):
    dem = crop(folder)
    for run, match in (({"workers": 0}, "workers"), ({"backend": "fibres"}, "backend")):
        with pytest.raises(SimulationError, match=match):
            simulate_to_files(dem, straight_track_geometry(dem),
                              targets(tmp_path, "bad", SIM_NAMES), **run)
    assert list(tmp_path.iterdir()) == []


# --- core.blocks ------------------------------------------------------------------------

def _square_after_pause(x, pause_s):
    time.sleep(pause_s)
    return x * x


def test_run_plan_yields_in_plan_order_and_waits_for_after():
    state = {"consumed": []}
    plan = BlockPlan()
    for i in range(6):  # later tasks finish first
        plan.add(BlockTask(_square_after_pause, (i, 0.02 * (6 - i)), label=i))
    # its arguments are built from what was consumed before it
    plan.add(BlockTask(_square_after_pause, lambda: (len(state["consumed"]), 0.0), after=5))
    for workers in (1, 3):
        state["consumed"] = []
        for _, result in run_plan(plan, workers):
            state["consumed"].append(result)
        assert state["consumed"] == [0, 1, 4, 9, 16, 25, 36]
    assert check_workers(2) == 2
    for bad in (0, -1, 1.5, "2", None):
        with pytest.raises(ValueError):
            check_workers(bad)


def test_closing_the_run_cancels_the_tasks_not_started():
    started = []
    lock = threading.Lock()

    def work(i):
        with lock:
            started.append(i)
        time.sleep(0.05)
        return i

    plan = BlockPlan([BlockTask(work, (i,)) for i in range(40)])
    with closing(run_plan(plan, workers=2)) as results:
        for _, result in results:
            if result == 3:
                break
    time.sleep(0.1)
    assert len(started) < 12  # at most a few per worker were submitted ahead


def _fail(i):
    if i == 2:
        raise RuntimeError("block 2 failed")
    return i


def test_a_failing_block_stops_the_run_with_its_error():
    plan = BlockPlan([BlockTask(_fail, (i,)) for i in range(8)])
    for workers in (1, 2):
        got = []
        with pytest.raises(RuntimeError, match="block 2 failed"):
            for _, result in run_plan(plan, workers):
                got.append(result)
        assert got == [0, 1]


def test_an_eager_task_runs_beside_the_tasks_ahead_of_it():
    # The head waits for the eager task at the end of the plan to start: without eager
    # submission the pool holds the four tasks ahead of it and the head gives up.
    eager_started = threading.Event()
    started = []

    def head():
        return eager_started.wait(timeout=10.0)

    def eager_task():
        started.append("eager")
        eager_started.set()
        return "eager"

    plan = BlockPlan([BlockTask(head)] + [BlockTask(_square_after_pause, (i, 0.0))
                                          for i in range(1, 6)])
    plan.add(BlockTask(eager_task, eager=True))
    results = [result for _, result in run_plan(plan, workers=2)]
    assert results == [True, 1, 4, 9, 16, 25, "eager"]  # still yielded in plan order


def test_eager_tasks_wait_for_their_after_and_leave_the_head_a_place():
    consumed = []
    log = []
    lock = threading.Lock()

    def record(i):
        with lock:
            log.append((i, len(consumed)))
        return i

    plan = BlockPlan()
    for i in range(12):  # every third task eager, waiting for the task two places before it
        plan.add(BlockTask(record, (i,), after=i - 2 if i % 3 == 2 else -1, eager=i % 3 == 2))
    for workers in (1, 2, 3):
        consumed.clear()
        log.clear()
        for _, result in run_plan(plan, workers):
            consumed.append(result)
        assert consumed == list(range(12))
        for i, consumed_before_start in log:
            assert consumed_before_start > plan.tasks[i].after
