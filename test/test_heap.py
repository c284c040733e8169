"""core.heap: freed heap pages go back to the system; the block runs trim while they run."""
import ctypes
import subprocess
import sys

import pytest

from sar_height.core import blocks, heap


def _fake_process(monkeypatch, resident_mb):
    """release_free_heap counts its calls; resident_bytes reads resident_mb[0]."""
    calls = []
    monkeypatch.setattr(heap, "release_free_heap", lambda: calls.append(1))
    monkeypatch.setattr(heap, "resident_bytes", lambda: resident_mb[0] << 20)
    return calls


def test_trimmer_waits_for_its_interval(monkeypatch):
    now, resident = [0.0], [200]
    calls = _fake_process(monkeypatch, resident)
    trimmer = heap.HeapTrimmer(interval_s=1.0, clock=lambda: now[0])
    resident[0] = 400
    assert not trimmer.due()
    now[0] = 0.5
    assert not trimmer.due()
    now[0] = 1.0
    assert trimmer.due() and trimmer.trims == 1 == len(calls)
    resident[0] = 500
    now[0] = 1.9
    assert not trimmer.due()
    now[0] = 2.0
    assert trimmer.due() and trimmer.trims == 2 == len(calls)


def test_trimmer_leaves_a_steady_heap_alone(monkeypatch):
    now, resident = [0.0], [200]
    calls = _fake_process(monkeypatch, resident)
    trimmer = heap.HeapTrimmer(interval_s=1.0, clock=lambda: now[0])
    growth_mb = heap.RESIDENT_GROWTH_BYTES >> 20
    for step in range(1, 6):  # grows by less than RESIDENT_GROWTH_BYTES since the start
        now[0], resident[0] = float(step), 200 + step * growth_mb // 6
        assert not trimmer.due()
    now[0], resident[0] = 6.0, 200 + growth_mb
    assert trimmer.due() and len(calls) == 1
    now[0] = 7.0  # measured from the resident memory after that trim
    assert not trimmer.due()


@pytest.mark.parametrize("workers", [1, 2])
def test_run_plan_trims_while_it_runs(monkeypatch, workers):
    calls = []
    monkeypatch.setattr(heap, "release_free_heap", lambda: calls.append(1))
    monkeypatch.setattr(heap, "resident_bytes", lambda: None)  # unknown: trim every time
    monkeypatch.setattr(heap, "TRIM_INTERVAL_S", 0.0)
    monkeypatch.setitem(heap._SHARED, "trimmer", None)
    plan = blocks.BlockPlan()
    for k in range(5):
        plan.add(blocks.BlockTask(abs, (-k,)))
    results = [result for _, result in blocks.run_plan(plan, workers)]
    assert results == [0, 1, 2, 3, 4]
    assert len(calls) == 5


PROBE = """
import ctypes, sys
import numpy as np
from sar_height.core.heap import release_free_heap

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

start = rss_mb()
# What a long run meets once freed blocks have raised glibc's mmap threshold (set here, so
# that it does not depend on what this process freed before): 4 MB arrays come from the
# heap. Keep every other one so that the freed ones lie between live ones.
M_MMAP_THRESHOLD = -3
ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, 32 << 20)
arrays = [np.ones(1 << 19) for _ in range(64)]
del arrays[::2]
before = rss_mb()
release_free_heap()
print(start, before, rss_mb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_returns_free_pages_between_live_arrays():
    if not hasattr(ctypes.CDLL(None), "malloc_trim"):
        pytest.skip("not glibc")
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True).stdout
    start, before, after = (float(v) for v in out.split()[-3:])
    # 32 live arrays of 4 MiB (128 MiB) stay; the 32 freed ones lie between them and were
    # resident before the trim wherever malloc kept them (glibc: 256 MiB above the start)
    assert after - start < 128 + 32
    assert after < before or before - start < 128 + 32


@pytest.mark.parametrize("error", [TypeError, OSError, AttributeError])
def test_without_glibc_nothing_is_trimmed(monkeypatch, error):
    def no_libc(name):
        raise error("no C library of this kind")

    monkeypatch.setattr(heap.ctypes, "CDLL", no_libc)
    assert heap._malloc_trim() is None  # Windows: CDLL(None) is a TypeError
    monkeypatch.setattr(heap, "_TRIM", None)
    heap.release_free_heap()  # a no-op, no error
