"""Run block plans on a Dask cluster (``dask.distributed``): an optional back end of core.blocks.

:func:`executor_for_scheduler` connects a ``dask.distributed.Client`` to a scheduler address
(``tcp://host:8786``), or starts a ``LocalCluster`` of N worker processes for ``local:N``
(tests, Python scripts; not inside the QGIS desktop, whose executable cannot start Python
worker processes), and returns a :class:`DaskExecutor` for ``run_plan(executor=...)``.
Dask is imported only here and only when called: it stays an optional dependency.

What runs where: the workers compute the block tasks (module-level functions of sar_height,
pickled by reference, so every worker needs the same sar_height and Python packages); the
calling process consumes the results in plan order and writes every output file. The
blocks' scratch store is a file in the calling process's temporary folder (TMPDIR), which
the workers read and write: workers on other machines need it on shared storage under the
same path, and so the DEM, the product and the orbit file. The outputs do not depend on
where the blocks ran (each block is a function of its arguments alone).
"""
import importlib
import os
import socket
from typing import Any, Callable, Mapping, Optional

ENVIRONMENT_VARIABLE = "SAR_HEIGHT_DASK_SCHEDULER"
CONNECT_TIMEOUT_S = 10.0
LOCAL_PREFIX = "local:"
INSTALL_HINT = ("install dask[distributed] into QGIS's Python (the same version as on the "
                "workers), or leave the Dask scheduler empty to compute on this machine")


class SchedulerError(ValueError):
    """The Dask scheduler cannot be used: Dask missing, address wrong or unreachable."""


def scheduler_address(parameter: Optional[str],
                      environ: Optional[Mapping[str, str]] = None) -> str:
    """Return the scheduler to use: ``parameter``, else $SAR_HEIGHT_DASK_SCHEDULER, else ""."""
    address = (parameter or "").strip()
    if address:
        return address
    environ = os.environ if environ is None else environ
    return environ.get(ENVIRONMENT_VARIABLE, "").strip()


class DaskExecutor:
    """A dask.distributed Client as a run_plan executor; use as a context manager.

    Every submission is a new task (``pure=False``: two tasks with equal arguments, e.g. a
    strip computed in both passes of the reconstruction, must both run, since they write to
    the block store). ``workers``: the worker threads of the cluster at connection time.
    """

    def __init__(self, client: Any, address: str, cluster: Any = None) -> None:
        self.client, self.address, self._cluster = client, address, cluster
        self.workers = max(1, sum(client.nthreads().values()))

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        """Submit ``function(*args)`` as a new task; return its future."""
        return self.client.submit(function, *args, pure=False)

    def describe(self) -> str:
        """Return where the blocks run, e.g. 'tcp://10.0.0.5:8786 (8 worker threads)'."""
        return f"{self.address} ({self.workers} worker threads)"

    def close(self) -> None:
        """Disconnect the client (and stop the LocalCluster of ``local:N``)."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> "DaskExecutor":
        """Return self."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close (see close())."""
        self.close()


def executor_for_scheduler(address: str,
                           timeout_s: float = CONNECT_TIMEOUT_S) -> DaskExecutor:
    """Connect to the Dask scheduler at ``address``; return a DaskExecutor with >= 1 worker.

    ``address``: ``tcp://host:port`` (or any address dask.distributed accepts), or
    ``local:N`` for a new LocalCluster of N single-threaded worker processes on this machine.
    Raises SchedulerError when dask.distributed is not installed, the address is malformed,
    the scheduler does not answer within ``timeout_s`` seconds or has no worker.
    """
    distributed = _import_distributed()
    address = address.strip()
    if address.startswith(LOCAL_PREFIX):
        return _local_cluster(distributed, address)
    _probe(distributed, address, timeout_s)
    try:
        client = distributed.Client(address, timeout=timeout_s, set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, ValueError, ... from dask
        raise SchedulerError(_unreachable(address, timeout_s, exc)) from exc
    try:
        client.wait_for_workers(1, timeout=timeout_s)
    except Exception as exc:
        client.close()
        raise SchedulerError(
            f"The Dask scheduler at {address} has no worker (waited {timeout_s:g} s): start "
            "dask workers with the plugin and its Python packages installed.") from exc
    return DaskExecutor(client, address)


def _import_distributed() -> Any:
    try:
        distributed = importlib.import_module("distributed")
    except ImportError as exc:
        raise SchedulerError(
            f"A Dask scheduler was given but dask.distributed is not installed: "
            f"{INSTALL_HINT}.") from exc
    return distributed


def _local_cluster(distributed: Any, address: str) -> DaskExecutor:
    """Start a LocalCluster of N processes for ``local:N``."""
    count = address[len(LOCAL_PREFIX):]
    if not count.isdigit() or int(count) < 1:
        raise SchedulerError(f"Bad Dask scheduler {address!r}: write local:N with N >= 1 "
                             "worker processes, or tcp://host:port.")
    cluster = distributed.LocalCluster(n_workers=int(count), processes=True,
                                       threads_per_worker=1, dashboard_address=None)
    return DaskExecutor(distributed.Client(cluster, set_as_default=False), address, cluster)


def _probe(distributed: Any, address: str, timeout_s: float) -> None:
    """Fail fast on a malformed address or a refused TCP connection (no retries)."""
    try:
        scheme = distributed.comm.parse_address(address)[0]
        if scheme not in ("tcp", "tls"):
            return
        host, port = distributed.comm.get_address_host_port(address)
    except Exception as exc:
        raise SchedulerError(f"Bad Dask scheduler address {address!r} ({exc}): write "
                             "tcp://host:port, e.g. tcp://10.0.0.5:8786.") from exc
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError as exc:
        raise SchedulerError(_unreachable(address, timeout_s, exc)) from exc


def _unreachable(address: str, timeout_s: float, exc: BaseException) -> str:
    return (f"Cannot reach the Dask scheduler at {address} within {timeout_s:g} s ({exc}): "
            f"start it (dask scheduler), check the address and firewall, or leave the Dask "
            f"scheduler empty (and unset {ENVIRONMENT_VARIABLE}) to compute on this machine.")
