"""Where the composition's per-partition calls run: in this process, in worker processes of
this machine, or on dask.

An executor has two verbs. ``map(fn, items, *shared)``: ``[fn(item, *shared) for item in items]``,
computed wherever it likes, results in order. ``shuffle(send, items, receive, parts, *shared)``:
a keyed shuffle; ``send(item, parts, *shared)`` returns one piece per destination and
``receive(pieces, *shared)`` gets the pieces sent to its destination by every item, results in
destination order (on dask the pieces go from worker to worker, never through this process). ``partitions`` says how many pieces the
composition should cut work into. The step functions are plain module-level functions over plain
frozen data, so any engine that can pickle them can run them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from ..errors import NewsdeskError, require

T = TypeVar("T")
R = TypeVar("R")

__all__ = [
    "DaskExecutor", "Executor", "LocalExecutor", "ProcessExecutor", "available_cores", "shuffle_via_files", "shuffle_via_map",
]

# Partitions per worker thread on dask. One per thread leaves threads idle behind the slowest
# partition; many small ones add ~1.5 ms of scheduling each and repeat per-call set-up (one
# ``nlp.pipe`` call per event partition). Chosen by that reasoning, not tuned
# (benchmarks/distributed.py --partitions measures others). Without a dask client: 4.
PARTITIONS_PER_THREAD = 3
DEFAULT_PARTITIONS = 4
IN_FLIGHT = 2  # ProcessExecutor.imap: tasks queued per worker (one running, one ready to start)


class Executor(Protocol):
    """``map`` and ``shuffle`` (above); an executor may also have ``imap(fn, items, *shared)``,
    ``map`` yielding results in order as they are ready: the composition then streams events."""

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


def shuffle_via_files(
    ex: Any, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any,
    directory: str,
) -> list[R]:
    """``shuffle`` through files of ``directory`` (on this machine): each send task writes its
    piece for each destination to a file and returns only the file names, each receive task
    reads (and deletes) the files of its destination. What goes through this process is names,
    so its memory does not grow with the data shuffled (a spilled run's band keys, ~5 kB an
    article). For executors whose tasks can read this machine's files (``local_files``)."""
    import uuid

    tag = os.path.join(directory, f"shuffle-{uuid.uuid4().hex[:12]}")
    numbered = list(enumerate(items))
    names = ex.map(_send_to_files, numbered, send, parts, tag, *shared)
    return ex.map(_receive_files, [[n[p] for n in names] for p in range(parts)], receive, *shared)


def _send_to_files(numbered: tuple[int, Any], send: Callable[..., Sequence[Any]], parts: int, tag: str, *shared: Any) -> list[str]:
    import pickle

    k, item = numbered
    out = []
    for p, piece in enumerate(send(item, parts, *shared)):
        name = f"{tag}-{k}-{p}.pickle"
        with open(name, "wb") as fh:
            pickle.dump(piece, fh, protocol=pickle.HIGHEST_PROTOCOL)
        out.append(name)
    return out


def _receive_files(names: Sequence[str], receive: Callable[..., R], *shared: Any) -> R:
    import pickle

    pieces = []
    for name in names:
        with open(name, "rb") as fh:
            pieces.append(pickle.load(fh))
        os.remove(name)
    return receive(pieces, *shared)


class LocalExecutor:
    """Everything in this process, one partition: the plain sequential run."""

    name = "local"
    partitions = 1
    local_files = True  # tasks can read this machine's files (a spill: pipeline.spill)

    def map(self, fn: Callable[..., R], items: Sequence[Any], *shared: Any) -> list[R]:
        return [fn(item, *shared) for item in items]

    def imap(self, fn: Callable[..., R], items: Iterable[Any], *shared: Any) -> Iterator[R]:
        """``map`` one item at a time, as the results are wanted (the composition streams events)."""
        for item in items:
            yield fn(item, *shared)

    def shuffle(
        self, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any
    ) -> list[R]:
        return shuffle_via_map(self, send, items, receive, parts, *shared)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, else ``os.cpu_count()``)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class ProcessExecutor:
    """Each partition a task of a pool of ``workers`` processes on this machine (the cores by
    default): ``newsdesk brief`` on a multi-core machine without dask.

    Why processes: the steps are mostly Python and spaCy, which hold the GIL, so threads would
    not run them at once. The pool starts on the first ``map`` with two items or more (a map of
    one item, and every map with ``workers=1``, runs in this process) and lives until
    :meth:`close` (or the ``with`` block ends), so the spaCy models each worker loads serve every
    step of the run. Workers are forked from a fresh server process (``forkserver``), never from
    this one: forking a process that runs threads (a progress bar, BLAS) is unsafe. Each worker
    uses one BLAS thread (``_init_worker``). ``shared``
    arguments are pickled once per ``map`` and unpickled once per worker. The answer is the
    in-process one (the one-pipeline tests hold it).
    """

    name = "processes"
    local_files = True  # the workers are processes of this machine (pipeline.spill)

    def __init__(self, workers: int | None = None, *, partitions: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise NewsdeskError(f"workers = {workers} is not allowed: use 1 or more (or leave it out for the cores)")
        if partitions is not None and partitions < 1:
            raise NewsdeskError(f"partitions = {partitions} is not allowed: use 1 or more (or leave it out)")
        self.workers = workers if workers is not None else available_cores()
        self.partitions = partitions if partitions is not None else (
            1 if self.workers == 1 else PARTITIONS_PER_THREAD * self.workers
        )
        self._pool: Any = None
        self._token = 0

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes (a later ``map`` starts new ones)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(["newsdesk.pipeline.compose"])
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_init_worker)
        return self._pool

    def map(self, fn: Callable[..., R], items: Sequence[Any], *shared: Any) -> list[R]:
        if self.workers <= 1 or len(items) <= 1:
            out = []
            for i, item in enumerate(items):
                out.append(fn(item, *shared))
                self.done(i, item)
            return out
        import pickle
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        self._token += 1
        common = (f"{id(self)}:{self._token}", pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL))
        pool = self._start()
        try:
            futures = {pool.submit(_in_worker, fn, item, common): i for i, item in enumerate(items)}
            for fut in as_completed(futures):
                fut.result()  # raise the first failure at once
                self.done(futures[fut], items[futures[fut]])
            return [f.result() for f in sorted(futures, key=futures.__getitem__)]
        except BrokenProcessPool:
            self._pool = None
            raise NewsdeskError(_broken(self.workers, fn)) from None

    def imap(self, fn: Callable[..., R], items: Iterable[Any], *shared: Any) -> Iterator[R]:
        """``map`` handing out results in order as they are ready, with at most ``IN_FLIGHT`` tasks
        per worker queued (the items are made as they are needed, not all at once)."""
        import pickle
        from collections import deque
        from concurrent.futures.process import BrokenProcessPool

        if self.workers <= 1:
            for i, item in enumerate(items):
                yield fn(item, *shared)
                self.done(i, item)
            return
        self._token += 1
        common = (f"{id(self)}:{self._token}", pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL))
        pool = self._start()
        queue: deque[tuple[int, Any, Any]] = deque()
        source = enumerate(items)
        try:
            while True:
                while len(queue) < IN_FLIGHT * self.workers:
                    nxt = next(source, None)
                    if nxt is None:
                        break
                    queue.append((nxt[0], nxt[1], pool.submit(_in_worker, fn, nxt[1], common)))
                if not queue:
                    return
                i, item, fut = queue.popleft()
                out = fut.result()
                self.done(i, item)
                yield out
        except BrokenProcessPool:
            self._pool = None
            raise NewsdeskError(_broken(self.workers, fn)) from None
        finally:
            for _, _, fut in queue:
                fut.cancel()

    def done(self, index: int, item: Any) -> None:
        """Called as the task of ``items[index]`` finishes (in finishing order): progress bars hook here."""

    def shuffle(
        self, send: Callable[..., Sequence[Any]], items: Sequence[Any], receive: Callable[..., R], parts: int, *shared: Any
    ) -> list[R]:
        return shuffle_via_map(self, send, items, receive, parts, *shared)


def _broken(workers: int, fn: Callable[..., Any]) -> str:
    return (
        f"a worker process of the {workers} stopped while running {getattr(fn, '__name__', fn)} "
        "(killed or out of memory? run again with fewer workers: --workers 1 runs in one process; from a "
        "script, start the run under if __name__ == '__main__': each worker imports the main module)"
    )


def _init_worker() -> None:
    """One BLAS thread per worker: the workers already fill the cores (more threads only compete),
    and a threaded BLAS may sum in another order from run to run, which moved a similarity across
    a threshold once in four runs of 120 Multi-News articles (three runs with one thread agreed)."""
    import os
    import sys

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    from .memory import limit_heap_growth

    limit_heap_growth()  # a worker's freed arrays go back to the system (pipeline.memory)
    if "numpy" in sys.modules:  # already loaded (a preload): limit its pool now
        try:
            from threadpoolctl import threadpool_limits

            threadpool_limits(1)
        except ImportError:
            pass


_worker_shared: dict[str, tuple[Any, ...]] = {}  # in a worker: the shared arguments of the current map


def _in_worker(fn: Callable[..., R], item: Any, common: tuple[str, bytes]) -> R:
    import pickle

    from .. import caches

    token, data = common
    shared = _worker_shared.get(token)
    if shared is None:
        _worker_shared.clear()  # only the current map's arguments are kept
        shared = _worker_shared[token] = pickle.loads(data)
    try:
        return fn(item, *shared)
    finally:
        # A run hands each article and event to one task once, so a worker's per-text caches only
        # grow (534 -> 759 MB a worker from 1,000 to 2,000 articles with them kept): forgotten
        # after each task. Loaded models stay ("resource" caches).
        caches.clear("data")


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
