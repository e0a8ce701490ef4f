"""``run_distributed``: the pipeline's one composition (``newsdesk.pipeline.compose``) on dask.

The composition decides what is cut into partitions; a :class:`~newsdesk.pipeline.DaskExecutor`
runs each partition as a dask task:

==============================  =================================  ===========================
step                            function                           where
==============================  =================================  ===========================
list the input files            ``ingest.plan_inputs``             driver
read + clean                    ``steps.read_and_prepare``         partitions of files
make ids unique                 ``ingest.unique_ids``              driver (ids only)
estimate missing dates          ``steps.estimate_dates``           partitions, anchors broadcast
duplicates: MinHash sketches    ``dedup._sketch_and_route``        partitions of articles
duplicates: LSH bands           ``dedup._receive``                 band-key shuffle partitions
duplicates: verification        ``dedup._verify_run``              partitions of candidate pairs
duplicates: shingle counts      ``dedup._count_run``               partitions (group members only)
events: TF-IDF term counts      ``cluster._count_run``             partitions of sources
events: candidate neighbours    ``cluster._edges_run``             time blocks (+ window overlap)
events: average-linkage trees   ``cluster._link_run``              balanced bins of components
facts, flags, brief, citations  ``steps.analyse``                  partitions of events
follow-ups, flags applied       ``steps.link``                     driver
==============================  =================================  ===========================

The band shuffle goes from worker to worker (``DaskExecutor.shuffle``): each sketch task sends
every band key to the partition ``key mod parts``, so texts sharing a key meet in one task, as in
one global LSH index. Clustering's time blocks each compare their rows with the articles dated
within the window around them (the overlap); their candidate pairs are merged into one graph
whose components are clustered exactly (``cluster/graph.py``); each task gets the TF-IDF rows of
its own sources only, never the whole matrix. What stays on the driver: the
TF-IDF weighting of the counted terms (vocabulary merge, idf), union-find over verified pairs, the connected components
of the candidate graph, and the follow-up links.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import NewsdeskError, require
from ..model import Article, Result
from ..pipeline import DaskExecutor, compose, compose_paths
from ..pipeline.executor import DEFAULT_PARTITIONS, PARTITIONS_PER_THREAD

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def run_distributed(
    paths_or_articles: Sequence[str | Path] | Sequence[Article] | str | Path,
    *,
    config: Config = Config(),
    client: Any = None,
    partitions: int | None = None,
    progress: Progress | None = None,
) -> Result:
    """The result of ``pipeline.brief(paths)`` (or ``pipeline.run(articles)``), computed with dask.

    ``paths_or_articles`` is either paths (files, directories, ``"-"`` for standard input) or
    ``Article`` objects (as ``pipeline.run`` takes them).

    ``client`` is a ``distributed.Client``. Without one, the scheduler set with
    ``dask.config.set(scheduler=...)`` is used if there is one, else the active client, else
    dask's synchronous scheduler (everything in this process, for debugging).

    ``partitions`` is how many pieces the articles and the events are cut into (default: 3 per
    worker thread of the client, else 4).
    """
    executor = DaskExecutor(client, partitions=partitions)
    say = progress or _quiet
    items = [paths_or_articles] if isinstance(paths_or_articles, (str, Path)) else list(paths_or_articles)
    if items and all(isinstance(x, Article) for x in items):
        return compose(items, config=config, executor=executor, progress=say)  # type: ignore[arg-type]
    if any(isinstance(x, Article) for x in items):
        raise NewsdeskError("run_distributed: give either paths or Article objects, not a mix of both")
    return compose_paths(items, config=config, executor=executor, progress=say)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------- clusters
@contextmanager
def connect(
    scheduler: str = "local", *, workers: int = 2, threads_per_worker: int = 1, timeout: str = "10s"
) -> Iterator[Any]:
    """A ``distributed.Client``: on a new local cluster (``"local"``) or on a running scheduler.

    ``timeout`` is how long to keep trying to reach a running scheduler.
    The local cluster uses worker processes (the stages are pure Python, so threads would share
    one interpreter lock), listens on 127.0.0.1 only and is shut down on leaving the block.
    """
    distributed = require("distributed", "distributed")
    if scheduler == "local":
        if workers < 1:
            raise NewsdeskError(f"workers = {workers} is not allowed: use 1 or more")
        cluster = distributed.LocalCluster(  # type: ignore[attr-defined]
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        try:
            with distributed.Client(cluster) as client:  # type: ignore[attr-defined]
                yield client
        finally:
            cluster.close()
        return
    try:
        client = distributed.Client(scheduler, timeout=timeout)  # type: ignore[attr-defined]
    except (OSError, TimeoutError) as exc:
        raise NewsdeskError(
            f"cannot reach the dask scheduler at {scheduler!r}: {exc}; start one with "
            "'dask scheduler' (and 'dask worker ADDRESS') or use --scheduler local"
        ) from exc
    with client:
        yield client


def worker_count() -> int:
    """A default number of local workers: the machine's cores."""
    return max(1, os.cpu_count() or 1)


__all__ = ["DEFAULT_PARTITIONS", "PARTITIONS_PER_THREAD", "connect", "run_distributed", "worker_count"]
