"""``run_distributed``: the pipeline's stages mapped over partitions with dask.

The stages are pure functions over immutable articles, so the engine only decides where each
call runs and in what pieces; every step below calls the stage's own function:

================================  ==============================================  ==============
step                              stage function                                  where
================================  ==============================================  ==============
list the input files              ``plan.plan_inputs`` (``read_any``'s walk)       driver
read + clean                      ``read_any``'s per-file reader, ``clean_articles`` partitions of files
make ids unique                   as ``read_any`` (needs every id)                 one small task
estimate missing dates            ``estimate_article_dates``                      partitions, all dated
                                                                                  articles broadcast
find duplicates                   ``find_duplicates``                             driver
group into events                 ``cluster_events``                              driver
facts, flags, brief, citations    ``analyze_events``, ``summarize_event``,        partitions of events
                                  ``cite_facts``
link follow-ups, apply flags      ``link_follow_ups``                             driver
================================  ==============================================  ==============

Duplicate detection and event clustering stay on the driver: both need every article at once
(MinHash LSH candidates are any pair in the input; the representative of a duplicate group is
chosen with word statistics over all texts; clustering is one agglomerative tree), and
``find_duplicates`` has no entry point that takes signatures computed elsewhere. On the
Multi-News validation set (~690 documents) they take ~3% of a sequential run; the per-event facts
stage takes ~90% and is what the workers share.

The reading-to-dating part is one lazy dask graph: data stays on the workers until the dated
articles are gathered on the driver. Event partitions are scattered to the workers.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import NewsdeskError, require
from ..model import Article, Event, Result
from . import tasks
from .plan import FileUnit, balanced, contiguous, plan_inputs

Progress = Callable[[str], None]

# Partitions per worker thread when ``partitions`` is not given. One partition per thread leaves
# threads idle behind the slowest partition; many small ones add ~1.5 ms of scheduling each and
# repeat per-call set-up (one ``nlp.pipe`` call per event partition). Chosen by that reasoning, not
# tuned (benchmarks/distributed.py --partitions measures others). Without a dask client: 4.
PARTITIONS_PER_THREAD = 3
DEFAULT_PARTITIONS = 4


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

    ``paths_or_articles`` is either paths (files, directories, ``"-"`` for standard input, read
    as ``pipeline.brief`` reads them) or ``Article`` objects (as ``pipeline.run`` takes them).

    ``client`` is a ``distributed.Client``. Without one, the scheduler set with
    ``dask.config.set(scheduler=...)`` is used if there is one, else the active client, else
    dask's synchronous scheduler (everything in this process, for debugging).

    ``partitions`` is how many pieces the articles and the events are cut into (default: 3 per
    worker thread of the client, else 4).
    """
    dask = require("dask", "distributed")
    say = progress or _quiet
    engine = _Engine(dask, client)
    n_parts = partitions if partitions is not None else engine.default_partitions()
    if n_parts < 1:
        raise NewsdeskError(f"partitions = {n_parts} is not allowed: use 1 or more (or leave it out)")

    items = [paths_or_articles] if isinstance(paths_or_articles, (str, Path)) else list(paths_or_articles)
    if items and all(isinstance(x, Article) for x in items):
        parts = _article_parts(engine, items, config, n_parts, say)  # type: ignore[arg-type]
    elif any(isinstance(x, Article) for x in items):
        raise NewsdeskError("run_distributed: give either paths or Article objects, not a mix of both")
    else:
        parts = _path_parts(engine, items, config, n_parts, say)  # type: ignore[arg-type]

    arts = [a for p in parts for a in p.articles]
    skipped = [s for p in parts for s in p.ingest_skipped] + [s for p in parts for s in p.clean_skipped]
    notes = [f"{n.label()}: {n.message}" for p in parts for n in p.notes]  # as pipeline.brief words them
    return _events(engine, arts, skipped, notes, config, n_parts, say)


# ------------------------------------------------------------------------------ articles stage
def _path_parts(
    engine: _Engine, paths: Sequence[str | Path], config: Config, n: int, say: Progress
) -> list[tasks.ArticlePart]:
    units = plan_inputs(paths, config=config.ingest)
    runs = contiguous(units, lambda u: u.size if isinstance(u, FileUnit) else 0, n)
    n_files = sum(isinstance(u, FileUnit) for u in units)
    say(f"reading and cleaning {n_files} files in {len(runs)} partitions")
    delayed = engine.dask.delayed
    cfg = engine.small(config)
    read = [delayed(tasks.ingest_clean)(engine.small(run), cfg) for run in runs]
    new_ids = delayed(tasks.unique_ids)(*[delayed(_ingested_ids)(p) for p in read])
    renamed = [delayed(tasks.rename)(p, new_ids, k) for k, p in enumerate(read)]
    return engine.compute(_dating(engine, renamed, config))


def _ingested_ids(part: tasks.ArticlePart) -> tuple[str, ...]:
    return part.ingested_ids


def _article_parts(
    engine: _Engine, articles: Sequence[Article], config: Config, n: int, say: Progress
) -> list[tasks.ArticlePart]:
    runs = contiguous(articles, lambda a: len(a.html or a.raw), n)
    say(f"cleaning {len(articles)} articles in {len(runs)} partitions")
    cfg = engine.small(config)
    cleaned = [engine.dask.delayed(tasks.clean_only)(run, cfg) for run in engine.put(runs)]
    return engine.compute(_dating(engine, cleaned, config))


def _dating(engine: _Engine, parts: list[Any], config: Config) -> list[Any]:
    """Date estimation over the partitions (as ``pipeline.run`` gates it)."""
    if not (config.facts.enabled and config.facts.estimate_dates):
        return parts
    delayed = engine.dask.delayed
    anchors = delayed(tasks.dated)(*parts)
    return [delayed(tasks.estimate_dates)(p, anchors) for p in parts]


# -------------------------------------------------------------------------------- events stage
def _events(
    engine: _Engine,
    arts: list[Article],
    skipped: list[Any],
    notes: list[str],
    config: Config,
    n: int,
    say: Progress,
) -> Result:
    from ..cluster import cluster_events
    from ..dedup import find_duplicates

    say(f"finding duplicates among {len(arts)} articles")
    dedup = find_duplicates(arts, config=config.dedup)
    say("grouping articles into events")
    events = tuple(cluster_events(arts, duplicate_groups=dedup.groups, config=config.cluster).events)

    by_id = {a.id: a for a in arts}
    size = [sum(len(by_id[a].text) for a in ev.articles if a in by_id) for ev in events]
    bins = balanced(size, n)
    say(f"cross-source facts and briefs for {len(events)} events in {len(bins)} partitions")
    payloads = []
    for b in bins:
        # The partition's articles in input order, as pipeline.run hands them to the facts stage:
        # some of its ties follow set order, which depends on the order items were added.
        wanted = {a for i in b for a in events[i].articles}
        mine = {a.id: a for a in arts if a.id in wanted}
        groups = tuple(g for g in dedup.groups if mine.keys() & set(g.members))
        payloads.append(([(i, events[i]) for i in b], mine, groups))
    cfg = engine.small(config)
    jobs = [engine.dask.delayed(_facts_job)(p, cfg) for p in engine.put(payloads)]
    outcomes = sorted((o for got in engine.compute(jobs) for o in got), key=lambda o: o.index)

    analyses: tuple = ()
    if config.facts.enabled:
        from ..consolidate.followup import link_follow_ups

        say("linking follow-up events")
        analyses = tuple(o.analysis for o in outcomes)  # type: ignore[misc]
        events = link_follow_ups(events, analyses, min_entities=config.facts.follow_up_min_entities)
        flags = {k: v for o in outcomes for k, v in o.flags.items()}
        arts = [dataclasses.replace(a, flags=flags[a.id]) if a.id in flags else a for a in arts]

    return Result(
        articles=tuple(arts),
        duplicate_groups=tuple(dedup.groups),
        events=events,
        briefs=tuple(o.brief for o in outcomes),
        skipped=tuple(skipped),
        notes=tuple(notes),
        analyses=analyses,
    )


def _facts_job(payload: tuple[list[tuple[int, Event]], dict[str, Article], tuple], config: Config) -> list:
    events, articles, groups = payload
    return tasks.facts_and_briefs(events, articles, groups, config)


# ------------------------------------------------------------------------------------ engine
class _Engine:
    """Where the graph runs: a distributed client, a configured dask scheduler, or in-process."""

    def __init__(self, dask: Any, client: Any) -> None:
        self.dask = dask
        self.client = client
        self.scheduler: Any = client
        if client is None and dask.config.get("scheduler", None) is None:
            # As dask.compute decides: a scheduler set in dask.config wins over an active client.
            self.client = self.scheduler = _active_client()
            if self.client is None:
                self.scheduler = "sync"

    def default_partitions(self) -> int:
        if self.client is None:
            return DEFAULT_PARTITIONS
        threads = sum(self.client.nthreads().values())
        return max(1, PARTITIONS_PER_THREAD * threads)

    def put(self, payloads: list[Any]) -> list[Any]:
        """Large inputs: scattered to the workers with a client, else wrapped as graph literals."""
        if self.client is not None:
            return list(self.client.scatter(payloads, hash=False))
        return [self.small(p) for p in payloads]

    def small(self, obj: Any) -> Any:
        """A literal for the graph (not searched for dask collections, which it never holds)."""
        return self.dask.delayed(obj, traverse=False)

    def compute(self, objs: list[Any]) -> list[Any]:
        if not objs:
            return []
        if self.scheduler is None:  # whatever dask.config.set(scheduler=...) chose
            return list(self.dask.compute(*objs))
        return list(self.dask.compute(*objs, scheduler=self.scheduler))


def _active_client() -> Any:
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:
        return None


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
