"""Pages laid out on a Dask cluster (``build --scheduler``), not in a pool of our own.

The page tasks are the ones the local pool runs; Dask's client hands out a
``concurrent.futures`` executor for them, retries a task whose worker died
(a page task only reads its inputs and returns its result, so it is safe
to run twice), and raises a task's own error here, so a page that fails on
a worker is reported as it is locally. Dask is an optional dependency
(``newsprint[distributed]``), imported only when a scheduler is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

CONNECT_SECONDS = 10


class ClusterError(Exception):
    """The cluster cannot be used: Dask is not installed, or the scheduler cannot be reached."""


@contextmanager
def cluster_executor(address: str | None) -> Iterator[Executor | None]:
    """An executor on the cluster at ``address`` for as long as the block runs; None
    (the local pool) without one."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'newsprint[distributed]'") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        # pure=False: the same page asked twice is laid out twice, as locally
        yield client.get_executor(pure=False)
    finally:
        client.close()
