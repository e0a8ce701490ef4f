"""The one composition of the steps (:mod:`.steps`), over any executor (:mod:`.executor`).

``compose(articles)`` takes articles as read; ``compose_paths(paths)`` reads them too, in
partitions of files. Both end in :func:`finish`, which takes prepared articles: the desk's
incremental ingest calls it with its stored articles plus the new ones, and a mapping of event
outcomes it already has (``reuse``), so only events whose inputs changed are analysed again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..config import Config
from ..model import Article, Result, Skipped
from . import steps
from .executor import Executor, LocalExecutor
from .partition import balanced, contiguous

Progress = Callable[[str], None]

__all__ = ["compose", "compose_paths", "finish", "finish_outcomes"]


def _quiet(_: str) -> None:
    return None


def compose(
    articles: Sequence[Article],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    skipped: Iterable[Skipped] = (),
    notes: Iterable[str] = (),
    progress: Progress = _quiet,
) -> Result:
    """Prepare, group, analyse and link ``articles`` (as read, ids unique)."""
    ex = executor or LocalExecutor()
    runs = contiguous(list(articles), lambda a: len(a.html or a.raw), ex.partitions)
    progress(f"cleaning {len(articles)} articles" + (f" in {len(runs)} partitions" if len(runs) > 1 else ""))
    parts = ex.map(steps.prepare, runs, config)
    prepared = [a for p in parts for a in p.articles]
    return finish(
        prepared, config=config, executor=ex, progress=progress,
        skipped=[*skipped, *(s for p in parts for s in p.skipped)], notes=[*notes, *(n for p in parts for n in p.notes)],
    )


def compose_paths(
    paths: Iterable[str | Path],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    progress: Progress = _quiet,
) -> Result:
    """Read ``paths`` (files, directories, ``"-"`` for standard input) and run the steps.

    Files are read and cleaned in partitions (``ingest.plan_inputs`` is ``read_any``'s own walk);
    ids are then made unique over all partitions in reading order, as ``read_any`` makes them.
    """
    from ..ingest import FileUnit, plan_inputs, unique_ids

    ex = executor or LocalExecutor()
    progress("reading inputs")
    units = plan_inputs(list(paths), config=config.ingest)
    runs = contiguous(units, lambda u: u.size if isinstance(u, FileUnit) else 0, ex.partitions)
    n_files = sum(isinstance(u, FileUnit) for u in units)
    progress(f"reading and cleaning {n_files} files" + (f" in {len(runs)} partitions" if len(runs) > 1 else ""))
    parts = ex.map(steps.read_and_prepare, runs, config)
    new_ids = iter(unique_ids(i for p in parts for i in p.ingested_ids))
    prepared: list[Article] = []
    for p in parts:
        mine = [next(new_ids) for _ in p.ingested_ids]
        prepared.extend(
            a if a.id == mine[k] else dataclasses.replace(a, id=mine[k])
            for a, k in zip(p.articles, p.kept, strict=True)
        )
    return finish(
        prepared, config=config, executor=ex, progress=progress,
        skipped=[s for p in parts for s in p.skipped], notes=[n for p in parts for n in p.notes],
    )


def finish(prepared: Sequence[Article], **options: Any) -> Result:
    """Group, analyse and link prepared articles; the options are :func:`finish_outcomes`'s."""
    return finish_outcomes(prepared, **options)[0]


def finish_outcomes(
    prepared: Sequence[Article],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    skipped: Iterable[Skipped] = (),
    notes: Iterable[str] = (),
    progress: Progress = _quiet,
    reuse: Mapping[str, steps.EventOutcome] | None = None,
) -> tuple[Result, list[steps.EventOutcome]]:
    """Group, analyse and link prepared articles: the result, and every event's outcome (reused or
    new) for callers that store them.

    ``reuse`` maps :func:`steps.outcome_key` to an outcome computed before from the same inputs
    (the desk's stored briefs): those events are not analysed again.
    """
    ex = executor or LocalExecutor()
    grouping = group(prepared, config=config, executor=ex, progress=progress)
    outcomes = analyse(grouping, config=config, executor=ex, progress=progress, reuse=reuse)
    if config.facts.enabled:
        progress("linking follow-up events")
    linked = steps.link(grouping, outcomes, config)
    result = Result(
        articles=linked.articles,
        duplicate_groups=grouping.duplicate_groups,
        events=linked.events,
        briefs=linked.briefs,
        skipped=tuple(skipped),
        notes=tuple(notes),
        analyses=linked.analyses,
    )
    return result, outcomes


def group(
    prepared: Sequence[Article],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    progress: Progress = _quiet,
) -> steps.Grouping:
    """The ``group`` step, with date estimation mapped over partitions of the undated articles."""
    ex = executor or LocalExecutor()
    arts = list(prepared)
    todo, anchors = steps.date_parts(arts, config)
    if todo:
        progress(f"estimating dates of {len(todo)} undated articles")
        runs = contiguous(todo, lambda i: 1.0, ex.partitions)
        got = ex.map(_estimate_run, [[arts[i] for i in r] for r in runs], anchors)
        for i, a in zip(todo, (a for part in got for a in part), strict=True):
            arts[i] = a
    progress(f"finding duplicates and events among {len(arts)} articles")
    return steps.group(arts, config, ex)


def _estimate_run(undated: Sequence[Article], anchors: Sequence[Article]) -> tuple[Article, ...]:
    return steps.estimate_dates(undated, anchors)


def analyse(
    grouping: steps.Grouping,
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    progress: Progress = _quiet,
    reuse: Mapping[str, steps.EventOutcome] | None = None,
) -> list[steps.EventOutcome]:
    """The ``analyse`` step over balanced partitions of the events not found in ``reuse``."""
    ex = executor or LocalExecutor()
    by_id = {a.id: a for a in grouping.articles}
    kept: list[steps.EventOutcome] = []
    todo = list(grouping.events)
    if reuse:
        todo = []
        for ev in grouping.events:
            hit = reuse.get(steps.outcome_key(ev, by_id, grouping.duplicate_groups, config))
            if hit is not None and hit.event.id == ev.id:
                kept.append(dataclasses.replace(hit, event=ev))
            else:
                todo.append(ev)
    size = [sum(len(by_id[a].text) for a in ev.articles) for ev in todo]
    bins = balanced(size, ex.partitions)
    progress(
        f"facts and briefs for {len(todo)} events"
        + (f" ({len(kept)} unchanged)" if kept else "")
        + (f" in {len(bins)} partitions" if len(bins) > 1 else "")
    )
    payloads = []
    for b in bins:
        evs = [todo[i] for i in b]
        wanted = {a for ev in evs for a in ev.articles}
        payloads.append((evs, {a: by_id[a] for a in sorted(wanted)}))
    done = ex.map(_analyse_part, payloads, grouping.duplicate_groups, config)
    return kept + [o for part in done for o in part]


def _analyse_part(payload, groups, config):  # type: ignore[no-untyped-def]
    events, articles = payload
    return steps.analyse(events, articles, groups, config)
