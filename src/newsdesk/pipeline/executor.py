"""Where the composition's per-partition calls run: in this process, or on dask.

An executor has two verbs. ``map(fn, items, *shared)``: ``[fn(item, *shared) for item in items]``,
computed wherever it likes, results in order. ``shuffle(send, items, receive, parts, *shared)``:
a keyed shuffle; ``send(item, parts, *shared)`` returns one piece per destination and
``receive(pieces, *shared)`` gets the pieces sent to its destination by every item, results in
destination order (on dask the pieces go from worker to worker, never through this process). ``partitions`` says how many pieces the
composition should cut work into. The step functions are plain module-level functions over plain
frozen data, so any engine that can pickle them can run them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from ..errors import NewsdeskError, require

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "shuffle_via_map"]

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

    def shuffle(
        self, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any
    ) -> list[R]: ...


def shuffle_via_map(
    ex: Any, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any
) -> list[R]:
    """``shuffle`` from ``map`` alone (the pieces pass through this process): for executors that
    only map, and the plain sequential definition of the verb."""
    sent = ex.map(send, items, parts, *shared)
    return ex.map(receive, [[s[p] for s in sent] for p in range(parts)], *shared)


class LocalExecutor:
    """Everything in this process, one partition: the plain sequential run."""

    name = "local"
    partitions = 1

    def map(self, fn: Callable[..., R], items: Sequence[Any], *shared: Any) -> list[R]:
        return [fn(item, *shared) for item in items]

    def shuffle(
        self, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any
    ) -> list[R]:
        return shuffle_via_map(self, send, items, receive, parts, *shared)


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
        parts, common = self._inputs(items, shared)
        jobs = [self.dask.delayed(fn, pure=False)(p, *common) for p in parts]
        return self._compute(jobs)

    def shuffle(
        self, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any
    ) -> list[R]:
        if parts < 1:
            return []
        delayed = self.dask.delayed
        parts_in, common = self._inputs(items, shared)
        sent = [delayed(send, pure=False, nout=parts)(p, parts, *common) for p in parts_in]
        jobs = [delayed(receive, pure=False)([s[d] for s in sent], *common) for d in range(parts)]
        return self._compute(jobs)

    def _inputs(self, items: Sequence[Any], shared: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        delayed = self.dask.delayed
        if self.client is not None:
            parts = list(self.client.scatter(list(items), hash=False)) if items else []
            common = [self.client.scatter([s], broadcast=True, hash=False)[0] for s in shared]
        else:
            parts = [delayed(x, traverse=False) for x in items]
            common = [delayed(s, traverse=False) for s in shared]
        return parts, common

    def _compute(self, jobs: list[Any]) -> list[Any]:
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
