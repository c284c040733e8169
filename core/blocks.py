"""Block plans: independent block tasks, run by one or more workers, consumed in plan order.

A :class:`BlockPlan` is an ordered list of :class:`BlockTask`. A task names a module-level
function and its arguments, or a factory that builds the arguments just before the task is
submitted (so that they may hold the results of earlier tasks). ``after`` makes a task wait
until every task up to that index has been consumed. :func:`run_plan` submits the tasks in
plan order, keeps at most a few per worker in flight, and yields ``(task, result)`` in plan
order: the caller is the ordered writer. An ``eager`` task (static arguments, e.g. the
geometry of a strip that later blocks read) is submitted ahead of the tasks before it as soon
as its ``after`` is consumed, so that it runs beside them instead of alone on the critical
path. Each result is a function of the task's arguments alone, so the written outputs do not
depend on the number of workers.

Executors: ``workers=1`` runs every task in the calling thread; ``backend="threads"`` a
thread pool (numpy, scipy and GDAL release the GIL in their heavy loops); ``backend=
"processes"`` a process pool (spawned: functions and arguments must pickle; not inside
QGIS, whose executable is no Python); or any ``executor`` with ``submit(function, *args) ->
future`` (``future.result()``, ``future.cancel()``), e.g. a ``dask.distributed.Client`` (see
core.dask_backend.executor_for_scheduler and docs/cluster.md): the
plan does not know which one runs it.

Cancellation and errors: closing the generator (``contextlib.closing``), or an exception in a
task, cancels the tasks not yet started and waits for the running ones before returning.
"""
import bisect
import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Generator, Hashable, Iterator, Optional, Sequence, Union

from .heap import trim_if_due

BACKENDS = ("threads", "processes")
IN_FLIGHT_PER_WORKER = 2  # submitted but not yet consumed, per worker (bounds the memory)


@dataclass
class BlockTask:
    """One block of work: ``function(*arguments)``, submitted once task ``after`` is consumed.

    ``arguments``: a tuple, or a callable returning the tuple (called in the consuming thread
    right before submission). ``label``: what the consumer needs to know about the block.
    """

    function: Callable[..., Any]
    arguments: Union[tuple, Callable[[], tuple]] = ()
    after: int = -1  # index of the last task that must be consumed before this one starts
    label: Hashable = None
    eager: bool = False  # may start before the tasks ahead of it (see the module docstring)

    def build_arguments(self) -> tuple:
        """Return the argument tuple (calling the factory if there is one)."""
        return self.arguments() if callable(self.arguments) else tuple(self.arguments)


@dataclass
class BlockPlan:
    """An ordered list of BlockTask; ``after`` of each task points to an earlier task."""

    tasks: list[BlockTask] = field(default_factory=list)

    def add(self, task: BlockTask) -> int:
        """Append ``task``; return its index."""
        if task.after >= len(self.tasks):
            raise ValueError("A task can only wait for an earlier task.")
        self.tasks.append(task)
        return len(self.tasks) - 1

    def __len__(self) -> int:
        """Return the number of tasks."""
        return len(self.tasks)


def check_workers(workers: object) -> int:
    """Return ``workers`` as an int >= 1; raise ValueError otherwise."""
    try:
        count = int(workers)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        count = 0
    if count < 1 or count != workers:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}.")
    return count


def check_backend(backend: str) -> str:
    """Return ``backend`` if it is one of BACKENDS; raise ValueError otherwise."""
    if backend not in BACKENDS:
        raise ValueError(f"Unknown block backend {backend!r}; use one of {BACKENDS}.")
    return backend


def shares_memory(backend: str, executor: Optional[Any]) -> bool:
    """Return True when every task runs in this process (threads, no executor)."""
    return executor is None and backend == "threads"


def default_workers(cap: int = 2) -> int:
    """Return the number of CPUs, at most ``cap`` (at least 1)."""
    return max(1, min(int(cap), os.cpu_count() or 1))


_LOCKS = threading.Lock()


def read_lock(source: Any) -> Any:
    """Return the lock every thread holds while reading ``source`` (one lock per object).

    A GDAL dataset (or an OSR transformation) must not be used by two threads at once; the lock
    travels with the object (e.g. a DemRaster), so every user of the same object shares it.
    """
    with _LOCKS:
        lock = getattr(source, "_sarheight_read_lock", None)
        if lock is None:
            lock = source._sarheight_read_lock = threading.Lock()
        return lock


def make_executor(backend: str, workers: int) -> Executor:
    """Return a new thread or process pool of ``workers`` (ValueError for another backend)."""
    if backend == "threads":
        return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sarheight-block")
    if backend == "processes":
        return ProcessPoolExecutor(max_workers=workers,
                                   mp_context=multiprocessing.get_context("spawn"))
    raise ValueError(f"Unknown block backend {backend!r}; use one of {BACKENDS}.")


class _DistributedClient:
    """A dask.distributed Client as an executor: every submission is a new task.

    (``pure=False``: two tasks with equal arguments, e.g. a strip computed in both passes of
    the reconstruction, must both run, since they write to the block store.)
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        """Submit ``function(*args)`` as a new task; return its future."""
        return self.client.submit(function, *args, pure=False)


def as_executor(executor: Any) -> Any:
    """Return ``executor`` ready for run_plan (a dask.distributed Client is wrapped)."""
    if type(executor).__module__.split(".")[0] == "distributed":
        return _DistributedClient(executor)
    return executor


Results = Generator[tuple[BlockTask, Any], None, None]


def run_plan(plan: BlockPlan, workers: int = 1, backend: str = "threads",
             executor: Optional[Any] = None) -> Iterator[tuple[BlockTask, Any]]:
    """Run ``plan``; yield ``(task, result)`` in plan order.

    ``workers`` 1 without ``executor``: every task runs in this thread when its turn comes.
    Otherwise tasks go to ``executor`` (left open; a dask.distributed Client is fine), with
    at most IN_FLIGHT_PER_WORKER x ``workers`` unconsumed, or to a new pool of ``backend``
    (shut down at the end). Close the generator to stop early (see the module docstring).
    Freed heap goes back to the system as the results come (core.heap.trim_if_due: else the
    resident memory of a long run grows with the DEM's width).
    """
    workers = check_workers(workers)
    pool = None  # a pool of our own, shut down at the end
    if workers == 1 and executor is None:
        results = _run_serial(plan.tasks)
    elif executor is not None:
        results = _run_pooled(plan.tasks, as_executor(executor), workers * IN_FLIGHT_PER_WORKER)
    else:
        pool = make_executor(backend, workers)
        results = _run_pooled(plan.tasks, pool, workers * IN_FLIGHT_PER_WORKER)
    try:
        for item in results:
            trim_if_due()
            yield item
    finally:
        results.close()
        if pool is not None:
            pool.shutdown(wait=True)


def _run_serial(tasks: Sequence[BlockTask]) -> Results:
    for task in tasks:
        yield task, task.function(*task.build_arguments())


def _run_pooled(tasks: Sequence[BlockTask], pool: Any, limit: int) -> Results:
    """Submit in order (at most ``limit`` unconsumed), eager tasks early; yield in order."""
    pending: dict[int, Any] = {}
    front = 0  # every task before ``front`` is submitted
    eager = [i for i, t in enumerate(tasks) if t.eager]
    try:
        for consumed, task in enumerate(tasks):
            # Every task up to ``consumed - 1`` is consumed; the head of the queue is ``task``.
            while len(pending) < limit:
                front = _skip_submitted(front, pending, consumed)
                index = _next_to_submit(tasks, eager if len(pending) < limit - 1 else [], front,
                                        pending, consumed)
                if index is None:
                    break
                pending[index] = pool.submit(tasks[index].function,
                                             *tasks[index].build_arguments())
            yield task, pending.pop(consumed).result()
    finally:
        futures = list(pending.values())
        for future in futures:
            future.cancel()
        for future in futures:  # wait for the running ones: they may hold files open
            if not future.cancelled():
                try:
                    future.result()
                except Exception:  # their errors no longer matter
                    pass


def _skip_submitted(front: int, pending: dict, consumed: int) -> int:
    """Advance ``front`` past the tasks consumed or in flight (submitted in order or eagerly)."""
    while front in pending or front < consumed:
        front += 1
    return front


def _next_to_submit(tasks: Sequence[BlockTask], eager: list[int], front: int,
                    pending: dict, consumed: int) -> Optional[int]:
    """Index of the task to submit now, or None.

    ``eager``: the indices of the eager tasks, ascending (the caller passes none when only
    one place is left: it is kept for the front, so the head of the queue always runs). The
    first eager task behind the front not yet submitted goes first once it may start (it is
    on the critical path), unless the front is eager too; otherwise the task at the front,
    once it may start.
    """
    front_ready = front < len(tasks) and tasks[front].after < consumed
    if front_ready and tasks[front].eager:
        return front
    position = bisect.bisect_right(eager, front)
    while position < len(eager) and eager[position] in pending:
        position += 1
    if position < len(eager) and tasks[eager[position]].after < consumed:
        return eager[position]
    return front if front_ready else None
