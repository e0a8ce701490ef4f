"""Where the composition's per-partition calls run: in this process, or on dask.

An executor has one verb, ``map(fn, items, *shared)``: ``[fn(item, *shared) for item in items]``,
computed wherever it likes, results in order. ``partitions`` says how many pieces the
composition should cut work into. The step functions are plain module-level functions over plain
frozen data, so any engine that can pickle them can run them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from ..errors import NewsdeskError, require

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["DaskExecutor", "Executor", "LocalExecutor"]

# Partitions per worker thread on dask. One per thread leaves threads idle behind the slowest
# partition; many small ones add ~1.5 ms of scheduling each and repeat per-call set-up (one
# ``nlp.pipe`` call per event partition). Chosen by that reasoning, not tuned
# (benchmarks/distributed.py --partitions measures others). Without a dask client: 4.
PARTITIONS_PER_THREAD = 3
DEFAULT_PARTITIONS = 4


class Executor(Protocol):
    name: str
    partitions: int

    def map(self, fn: Callable[..., R], items: Sequence[Any], *shared: Any) -> list[R]: ...


class LocalExecutor:
    """Everything in this process, one partition: the plain sequential run."""

    name = "local"
    partitions = 1

    def map(self, fn: Callable[..., R], items: Sequence[Any], *shared: Any) -> list[R]:
        return [fn(item, *shared) for item in items]


class DaskExecutor:
    """Each partition a dask task: on a ``distributed.Client``, a scheduler set with
    ``dask.config.set(scheduler=...)``, the active client, or dask's synchronous scheduler.

    Items are scattered to the workers (with a client) so the graph stays small; ``shared``
    arguments are scattered once and broadcast.
    """

    name = "dask"

    def __init__(self, client: Any = None, *, partitions: int | None = None) -> None:
        self.dask = require("dask", "distributed")
        self.client = client
        self.scheduler: Any = client
        if client is None and self.dask.config.get("scheduler", None) is None:
            # As dask.compute decides: a scheduler set in dask.config wins over an active client.
            self.client = self.scheduler = _active_client()
            if self.client is None:
                self.scheduler = "sync"
        if partitions is not None and partitions < 1:
            raise NewsdeskError(f"partitions = {partitions} is not allowed: use 1 or more (or leave it out)")
        self.partitions = partitions if partitions is not None else self._default_partitions()

    def _default_partitions(self) -> int:
        if self.client is None:
            return DEFAULT_PARTITIONS
        threads = sum(self.client.nthreads().values())
        return max(1, PARTITIONS_PER_THREAD * threads)

    def map(self, fn: Callable[..., R], items: Sequence[Any], *shared: Any) -> list[R]:
        if not items:
            return []
        delayed = self.dask.delayed
        if self.client is not None:
            parts = list(self.client.scatter(list(items), hash=False))
            common = [self.client.scatter([s], broadcast=True, hash=False)[0] for s in shared]
        else:
            parts = [delayed(x, traverse=False) for x in items]
            common = [delayed(s, traverse=False) for s in shared]
        jobs = [delayed(fn, pure=False)(p, *common) for p in parts]
        if self.scheduler is None:  # whatever dask.config.set(scheduler=...) chose
            return list(self.dask.compute(*jobs))
        return list(self.dask.compute(*jobs, scheduler=self.scheduler))


def _active_client() -> Any:
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:
        return None
