"""The one composition of the steps (:mod:`.steps`), over any executor (:mod:`.executor`).

``compose(articles)`` takes articles as read; ``compose_paths(paths)`` reads them too, in
partitions of files. Both end in :func:`finish`, which takes prepared articles: the desk's
incremental ingest calls it with its stored articles plus the new ones, and a mapping of event
outcomes it already has (``reuse``), so only events whose inputs changed are analysed again.

Events are finished in date order, oldest first (``steps.finish_order``): a follow-up only points
to an earlier event, so each event is final (its link, its articles' flags) as soon as its
analysis is done. :func:`stream_paths` and :func:`finish_stream` hand them out one at a time
(``newsdesk brief --format jsonl`` writes each as it comes); :func:`finish` collects the same
stream into a :class:`Result` (events newest first, as ``group`` orders them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..model import Article, Brief, DuplicateGroup, Event, EventAnalysis, Result, Skipped
from . import steps
from .executor import Executor, LocalExecutor
from .partition import balanced, contiguous
from .memory import limit_heap_growth, return_freed_memory
from .spill import Spill, Texts, can_spill, stub

Progress = Callable[[str], None]

__all__ = ["Finished", "Stream", "compose", "compose_paths", "finish", "finish_outcomes", "finish_stream", "stream_paths"]

# Events' articles per analyse partition when the executor hands results out one by one
# (``imap``): a partition is one spaCy ``nlp.pipe`` call (batches of 64 texts), and small
# partitions let the first events out early and keep every worker busy to the end.
STREAM_PARTITION_ARTICLES = 64

# Input bytes per read-and-clean partition when the run may spill (an executor of this machine):
# the prepared articles of a partition are held until they are spilled, so partitions are kept
# small enough (~16 MB of files, ~3,000 news articles) to bound that, whatever the input's size.
SPILL_PREPARE_BYTES = 16_000_000


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
    ex = executor or LocalExecutor()
    prepared, skipped, notes, spill = prepare_paths(paths, config=config, executor=ex, progress=progress)
    return finish_outcomes(
        prepared, config=config, executor=ex, progress=progress, skipped=skipped, notes=notes, spill=spill
    )[0]


def stream_paths(
    paths: Iterable[str | Path],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    progress: Progress = _quiet,
) -> Stream:
    """:func:`compose_paths` as a :class:`Stream`: reading, cleaning and grouping happen here,
    each event is analysed and linked as the stream is iterated."""
    ex = executor or LocalExecutor()
    prepared, skipped, notes, spill = prepare_paths(paths, config=config, executor=ex, progress=progress)
    return finish_stream(prepared, config=config, executor=ex, progress=progress, skipped=skipped, notes=notes, spill=spill)


def prepare_paths(
    paths: Iterable[str | Path], *, config: Config, executor: Executor, progress: Progress = _quiet
) -> tuple[list[Article], list[Skipped], list[str], Spill | None]:
    """The ``prepare`` step over partitions of ``paths``: prepared articles, skips, notes, and
    the spill holding the articles' texts when there were more than ``[ingest] spill_articles``
    (the articles are then stubs, ``spill.stub``) on an executor of this machine; else None.

    When the run may spill, partitions are taken as they are done (``imap``) and spilled at once,
    so the main process never holds more than a few partitions' texts."""
    from ..ingest import FileUnit, plan_inputs, unique_ids

    ex = executor
    progress("reading inputs")
    units = plan_inputs(list(paths), config=config.ingest)
    size = [u.size if isinstance(u, FileUnit) else 0 for u in units]
    spillable = can_spill(ex)
    n = max(ex.partitions, -(-sum(size) // SPILL_PREPARE_BYTES)) if spillable else ex.partitions
    runs = contiguous(units, lambda u: u.size if isinstance(u, FileUnit) else 0, n)
    n_files = sum(isinstance(u, FileUnit) for u in units)
    progress(f"reading and cleaning {n_files} files" + (f" in {len(runs)} partitions" if len(runs) > 1 else ""))
    imap = getattr(ex, "imap", None)
    parts: Iterable[steps.Prepared] = (
        imap(steps.read_and_prepare, runs, config) if spillable and callable(imap) else ex.map(steps.read_and_prepare, runs, config)
    )
    seen: set[str] = set()
    prepared: list[Article] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    spill: Spill | None = None
    for p in parts:
        mine = unique_ids(p.ingested_ids, seen)
        arts = [a if a.id == mine[k] else dataclasses.replace(a, id=mine[k]) for a, k in zip(p.articles, p.kept, strict=True)]
        if spill is None and spillable and len(prepared) + len(arts) > config.ingest.spill_articles:
            spill = Spill()
            progress(f"keeping the texts of more than {config.ingest.spill_articles} articles in {spill.path}")
            limit_heap_growth()  # a large run from here on (pipeline.memory)
            prepared = spill.put(prepared)
        prepared.extend(spill.put(arts) if spill is not None else arts)
        if spill is not None:
            return_freed_memory()  # the partition's texts are in the spill: give their memory back
        skipped.extend(p.skipped)
        notes.extend(p.notes)
    return prepared, skipped, notes, spill


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
    spill: Spill | None = None,
) -> tuple[Result, list[steps.EventOutcome]]:
    """Group, analyse and link prepared articles: the result, and every event's outcome (reused or
    new) for callers that store them.

    ``reuse`` maps :func:`steps.outcome_key` to an outcome computed before from the same inputs
    (the desk's stored briefs): those events are not analysed again. ``spill``: the articles are
    stubs whose texts it holds (:func:`prepare_paths`); the result has the whole articles.
    """
    ex = executor or LocalExecutor()
    grouping = group(prepared, config=config, executor=ex, progress=progress, spill=spill)
    arts = {a.id: a for a in grouping.articles}
    finished = _finished(grouping.events, grouping.duplicate_groups, arts, config, ex, progress, reuse,
                         release=False, spill=spill)
    done = {f.event.id: f for f in finished}
    ordered = [done[e.id] for e in grouping.events]
    flags = {k: v for f in ordered for k, v in f.outcome.flags.items()}
    whole = spill.full(grouping.articles) if spill is not None else grouping.articles
    if spill is not None:
        spill.close()
    result = Result(
        articles=tuple(steps.with_flags(a, flags.get(a.id, ())) for a in whole),
        duplicate_groups=grouping.duplicate_groups,
        events=tuple(f.event for f in ordered),
        briefs=tuple(f.outcome.brief for f in ordered),
        skipped=tuple(skipped),
        notes=tuple(notes),
        analyses=tuple(f.outcome.analysis for f in ordered if f.outcome.analysis is not None)
        if config.facts.enabled else (),
    )
    return result, [f.outcome for f in ordered]


@dataclass(frozen=True)
class Finished:
    """One event as the composition finishes it: the event with its follow-up link, its outcome
    (as ``steps.analyse`` gave it, or reused), and its member articles with their flags."""

    event: Event
    outcome: steps.EventOutcome
    articles: tuple[Article, ...]

    @property
    def brief(self) -> Brief:
        return self.outcome.brief

    @property
    def analysis(self) -> EventAnalysis | None:
        return self.outcome.analysis


class Stream:
    """The finished events of one run, handed out one at a time in date order (oldest first,
    undated last) by iterating the stream once. Known before the first: the duplicate groups,
    the skipped records and notes, the number of articles and events. After the last,
    :meth:`unplaced` gives the articles in no event (none today; kept so nothing is lost).

    Each event's articles are let go once it is handed out (``release``), so a consumer that
    writes and forgets the events holds only what is still to come.
    """

    def __init__(self, grouping: steps.Grouping, events: Iterator[Finished], skipped: Sequence[Skipped],
                 notes: Sequence[str], leftover: Callable[[], list[Article]], spill: Spill | None = None) -> None:
        self.duplicate_groups = grouping.duplicate_groups
        self.n_articles = len(grouping.articles)
        self.n_events = len(grouping.events)
        self.skipped = tuple(skipped)
        self.notes = tuple(notes)
        self._events: Iterator[Finished] | None = events
        self._leftover = leftover
        self._spill = spill  # kept open while the stream lives (its files go when it is collected)

    def __iter__(self) -> Iterator[Finished]:
        if self._events is None:
            raise RuntimeError("a Stream is iterated once: its events are let go as they are handed out")
        events, self._events = self._events, None
        return events

    @property
    def spilled(self) -> bool:
        """True when the run keeps its articles' texts in a spill file (``pipeline.spill``)."""
        return self._spill is not None

    def unplaced(self) -> list[Article]:
        """Articles in no event, after the stream is exhausted."""
        left = self._leftover()
        return self._spill.full(left) if self._spill is not None and left else left


def finish_stream(
    prepared: Sequence[Article],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    skipped: Iterable[Skipped] = (),
    notes: Iterable[str] = (),
    progress: Progress = _quiet,
    reuse: Mapping[str, steps.EventOutcome] | None = None,
    spill: Spill | None = None,
) -> Stream:
    """:func:`finish_outcomes` as a :class:`Stream`: the ``group`` step runs now, the events are
    analysed and linked as the stream is iterated (the same steps, the same answer)."""
    ex = executor or LocalExecutor()
    grouping = group(prepared, config=config, executor=ex, progress=progress, spill=spill)
    ids = [a.id for a in grouping.articles]
    by_id = {a.id: a for a in grouping.articles}
    events = _finished(grouping.events, grouping.duplicate_groups, by_id, config, ex, progress, reuse,
                       release=True, spill=spill)
    return Stream(grouping, events, list(skipped), list(notes), lambda: [by_id[i] for i in ids if i in by_id], spill)


def _finished(
    events: Sequence[Event],
    groups: Sequence[DuplicateGroup],
    arts: dict[str, Article],
    config: Config,
    ex: Executor,
    progress: Progress,
    reuse: Mapping[str, steps.EventOutcome] | None,
    *,
    release: bool,
    spill: Spill | None = None,
) -> Iterator[Finished]:
    """The ``analyse`` step over partitions of the events not found in ``reuse`` and the ``link``
    step, event by event in ``steps.finish_order``. ``arts``: every article by id; with
    ``release`` the articles of an event are dropped from it once the event is handed out (so
    this generator holds no article it no longer needs). With ``spill``, ``arts`` are stubs: each
    partition's task reads its articles' texts from the spill, and each event's members are read
    back as it is handed out."""
    order = steps.finish_order(events)
    if spill is not None and reuse:  # outcome keys are digests of whole articles
        raise ValueError("reuse needs the prepared articles themselves, not a spilled run's stubs")
    done: dict[int, steps.EventOutcome] = {}
    todo: list[int] = []  # positions in events, in finish order
    for i in order:
        ev = events[i]
        hit = reuse.get(steps.outcome_key(ev, arts, groups, config)) if reuse else None
        if hit is not None and hit.event.id == ev.id:
            done[i] = dataclasses.replace(hit, event=ev)
        else:
            todo.append(i)
    streamed = callable(getattr(ex, "imap", None))
    if streamed:
        # contiguous runs of the finish order, so the oldest events come out first
        n = -(-sum(len(events[i].articles) for i in todo) // STREAM_PARTITION_ARTICLES)
        runs = contiguous(todo, lambda i: float(len(events[i].articles)), max(n, ex.partitions))
        bins = [list(r) for r in runs]
    else:
        texts = Texts(arts, spill)
        size = [sum(texts.length(a) for a in events[i].articles) for i in todo]
        bins = [[todo[k] for k in b] for b in balanced(size, ex.partitions)]
    progress(
        f"facts and briefs for {len(todo)} events"
        + (f" ({len(done)} unchanged)" if done else "")
        + (f" in {len(bins)} partitions" if len(bins) > 1 else "")
    )

    def payloads() -> Iterator[tuple[list[Event], dict[str, Article], Spill | None]]:
        for b in bins:
            evs = [events[i] for i in b]
            yield evs, {a: arts[a] for a in sorted({a for ev in evs for a in ev.articles})}, spill

    if streamed:
        results: Iterable[Sequence[steps.EventOutcome]] = ex.imap(_analyse_part, payloads(), groups, config)  # type: ignore[attr-defined]
    else:
        results = ex.map(_analyse_part, list(payloads()), groups, config)
    follow = (steps.FollowUps({e.id: i for i, e in enumerate(events)}, config.facts.follow_up_min_entities)
              if config.facts.enabled else None)
    cursor = 0

    def ready() -> Iterator[Finished]:
        nonlocal cursor
        while cursor < len(order) and order[cursor] in done:
            outcome = done.pop(order[cursor])
            cursor += 1
            ev = follow.link(outcome.event, outcome.analysis) if follow is not None else outcome.event
            mine = [arts[a] for a in ev.articles]
            whole = spill.full(mine) if spill is not None else mine
            members = tuple(steps.with_flags(a, outcome.flags.get(a.id, ())) for a in whole)
            if release:
                for a in ev.articles:
                    arts.pop(a, None)
            yield Finished(ev, outcome, members)

    yield from ready()
    for b, outs in zip(bins, results, strict=True):
        for i, o in zip(b, outs, strict=True):
            done[i] = o
        yield from ready()
    yield from ready()


def group(
    prepared: Sequence[Article],
    *,
    config: Config = Config(),
    executor: Executor | None = None,
    progress: Progress = _quiet,
    spill: Spill | None = None,
) -> steps.Grouping:
    """The ``group`` step, with date estimation mapped over partitions of the undated articles.
    With ``spill``, ``prepared`` are stubs and the tasks read the texts from it."""
    ex = executor or LocalExecutor()
    arts = list(prepared)
    todo, anchors = steps.date_parts(arts, config)
    if todo:
        progress(f"estimating dates of {len(todo)} undated articles")
        runs = contiguous(todo, lambda i: 1.0, ex.partitions)
        got = ex.map(_estimate_run, [[arts[i] for i in r] for r in runs], anchors, spill)
        for i, a in zip(todo, (a for part in got for a in part), strict=True):
            arts[i] = a
    progress(f"finding duplicates and events among {len(arts)} articles")
    return steps.group(arts, config, ex, Texts({a.id: a for a in arts}, spill) if spill is not None else None)


def _estimate_run(undated: Sequence[Article], anchors: Sequence[Article], spill: Spill | None = None) -> tuple[Article, ...]:
    """``steps.estimate_dates`` of one partition; a spilled run's stubs get their texts read here
    and given back as stubs (date estimation compares every undated text with every anchor's)."""
    if spill is None:
        return steps.estimate_dates(undated, anchors)
    return tuple(stub(a) for a in steps.estimate_dates(spill.full(undated), spill.full(anchors)))


def _analyse_part(payload, groups, config):  # type: ignore[no-untyped-def]
    events, articles, spill = payload
    if spill is not None:  # a spilled run: the texts are read here, in the task
        ids = list(articles)
        articles = dict(zip(ids, spill.full([articles[i] for i in ids]), strict=True))
    return steps.analyse(events, articles, groups, config)
