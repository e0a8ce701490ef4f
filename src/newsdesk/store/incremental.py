"""Incremental ingest: add articles to a store and get the answer ``newsdesk brief`` gives on
everything stored, whether files arrive at once or one by one.

``ingest_paths(store, paths)`` reads files like ``newsdesk brief`` does; ``ingest_articles``
takes articles already read. The design makes the batch answer true by construction:

1. **Skip what is known.** Article ids are stable (same file -> same ids), so articles already
   stored, or skipped by an earlier run, are not processed again: ingesting twice adds nothing.
2. **Prepare** the new articles: the pipeline's ``prepare`` step (clean; HTML dropped).
3. **The batch steps over the store.** The stored articles are put back in their prepared form
   (``steps.as_prepared``: estimated dates and quality flags taken off) and, with the new ones,
   go through ``pipeline.finish``: the same ``group``, ``analyse`` and ``link`` steps ``brief``
   runs. ``group`` is order-invariant, so the events are those of one batch run over everything.
4. **Reuse what did not change.** Each stored event keeps the ``outcome_key`` of the inputs its
   brief and facts were computed from; ``finish`` analyses only events whose key is new (an event
   that gained a member, whose members' estimated dates changed, ...).
5. **Write the difference** in one transaction: new and changed articles, duplicate groups,
   events (removed, changed, new), and the briefs and facts of re-analysed events. An interrupted
   run changes nothing; running it again does the work again.

The cost of a small ingest is one ``group`` over the stored articles (date estimation, MinHash
and TF-IDF work are cached per text, so a long-running ``serve`` pays little for them) plus the
analysis of the events it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import caches
from ..config import Config
from ..model import Article, EventAnalysis, Skipped, to_dict
from ..pipeline import steps
from ..pipeline.compose import finish_outcomes
from .base import Store, replacement_aliases
from .sql import StoreError

__all__ = ["IngestReport", "ingest_articles", "ingest_paths", "refresh_events"]

Progress = Callable[[str], None]

OUTCOME_KEY = "outcome_key"  # event extra: the steps.outcome_key the stored brief was made from
GENERATION = "generation"  # store meta: a new value on every ingest write
MAX_ATTEMPTS = 5  # an ingest that finds the store changed by another writer groups again, this often


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did. ``event_of`` maps every added article to the event it is in."""

    read: int = 0  # articles given (after reading)
    known: int = 0  # already stored or skipped before: not processed again
    added: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    new_events: tuple[str, ...] = ()
    joined_events: tuple[str, ...] = ()  # stored events that gained articles
    refreshed: tuple[str, ...] = ()  # events whose brief was recomputed
    batches: int = 0
    event_of: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # things to know about inputs that were kept (e.g. a decoding fallback)

    def summary(self) -> str:
        return (
            f"{len(self.added)} articles added ({self.known} already known, {len(self.skipped)} skipped); "
            f"{len(self.new_events)} new events, {len(self.joined_events)} events joined, "
            f"{len(self.refreshed)} briefs refreshed"
        )


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    config: Config = Config(),
    progress: Progress = _quiet,
) -> IngestReport:
    """Read ``paths`` (files, directories; the formats ``newsdesk brief`` reads) and ingest them."""
    from ..ingest import read_any

    progress("reading inputs")
    read = read_any(paths, config=config.ingest)
    report = ingest_articles(store, read.articles, skipped=read.skipped, config=config, progress=progress)
    return replace(report, notes=(*(f"{n.label()}: {n.message}" for n in read.notes), *report.notes))


def ingest_articles(
    store: Store,
    articles: Sequence[Article],
    *,
    skipped: Sequence[Skipped] = (),
    config: Config = Config(),
    progress: Progress = _quiet,
) -> IngestReport:
    """Add ``articles`` (as read, not yet cleaned) to ``store``; see the module docstring."""
    known = store.known_ids(a.id for a in articles)
    new = [a for a in articles if a.id not in known]
    size = config.store.batch_size
    batches = [new[i : i + size] for i in range(0, len(new), size)]
    prepared: list[Article] = []
    clean_skipped: list[Skipped] = []
    clean_skipped_ids: list[str | None] = []
    notes: list[str] = []
    for n, batch in enumerate(batches, 1):
        progress(f"cleaning batch {n}/{len(batches)}: {len(batch)} new articles")
        part = steps.prepare(batch, config)
        prepared.extend(part.articles)
        notes.extend(part.notes)
        kept = set(part.kept)
        gone = [a.id for k, a in enumerate(batch) if k not in kept]
        clean_skipped.extend(part.skipped)
        clean_skipped_ids.extend(gone if len(gone) == len(part.skipped) else [None] * len(part.skipped))
    if skipped or clean_skipped:
        with store.transaction():
            if skipped:
                store.put_skipped(skipped)
            if clean_skipped:
                store.put_skipped(clean_skipped, article_ids=clean_skipped_ids)
    all_skipped = (*skipped, *clean_skipped)
    if not prepared:
        return IngestReport(
            read=len(articles), known=len(known), skipped=all_skipped, batches=len(batches), notes=tuple(notes)
        )

    for attempt in range(1, MAX_ATTEMPTS + 1):
        before = _snapshot(store)
        todo = [a for a in prepared if a.id not in before.articles]  # another writer may have added some
        progress(f"grouping {len(todo)} new and {len(before.articles)} stored articles")
        pool = [steps.as_prepared(a) for a in before.articles.values()] + todo
        result, outcomes = finish_outcomes(pool, config=config, progress=progress, reuse=before.outcomes)
        try:
            refreshed = _write(store, before, result, outcomes)
            break
        except _Moved:
            progress(f"another ingest changed the store meanwhile: grouping again (attempt {attempt + 1})")
    else:
        raise StoreError(
            f"{store.url}: the store kept changing under this ingest ({MAX_ATTEMPTS} attempts); "
            "run one ingest at a time, or run this one again"
        )
    prepared = todo

    added = tuple(a.id for a in prepared)
    event_of = {a: e.id for e in result.events for a in e.articles}
    old_members = {eid: set(ev.articles) for eid, ev in before.events.items()}
    new_events, joined = [], []
    for e in result.events:
        if not set(e.articles) & set(added):
            continue
        stored_before = set(e.articles) - set(added)
        if any(stored_before and stored_before <= m for m in old_members.values()) and stored_before:
            joined.append(e.id)
        else:
            new_events.append(e.id)
    return IngestReport(
        read=len(articles),
        known=len(known),
        added=added,
        skipped=all_skipped,
        new_events=tuple(sorted(new_events)),
        joined_events=tuple(sorted(joined)),
        refreshed=tuple(refreshed),
        batches=len(batches),
        event_of={a: event_of[a] for a in added},
        notes=tuple(notes),
    )


# ----------------------------------------------------------------------------------- store
class _Moved(Exception):
    """Another writer changed the store between this ingest's snapshot and its write."""


@dataclass(frozen=True)
class _Snapshot:
    """What the store holds before an ingest, in the pipeline's terms, at ``generation``."""

    generation: str | None
    articles: dict[str, Article]
    events: dict[str, Any]
    groups: dict[str, Any]
    outcomes: dict[str, steps.EventOutcome] = field(default_factory=dict)


# The snapshot a process wrote last, per store: a desk fed one file at a time by one process
# (``newsdesk serve``, a watcher) then decodes nothing. Valid while the store's ``generation``
# (a new value on every write) is the one this process wrote.
_LAST: dict[str, tuple[str, _Snapshot]] = {}
caches.register(
    "newsdesk.store.incremental._LAST", clear=_LAST.clear, size=lambda: len(_LAST), maxsize=8, kind="data"
)


def _snapshot(store: Store) -> _Snapshot:
    gen = store.get_meta(GENERATION)
    last = _LAST.get(store.url)
    if last is not None and gen is not None and last[0] == gen:
        return last[1]
    return _read_snapshot(store, gen)


def _read_snapshot(store: Store, generation: str | None) -> _Snapshot:
    from .codec import from_dict

    ids = list(store.article_ids())
    articles = store.articles(ids)
    groups = {g.id: g for g in store.groups_of(ids).values()}
    event_ids = [e.id for e in store.list_events()]
    events = store.events(event_ids)
    briefs = store.briefs(event_ids)
    extras = store.event_extras(event_ids)
    outcomes: dict[str, steps.EventOutcome] = {}
    for eid, ev in events.items():
        x = extras.get(eid, {})
        key, brief = (x.get(OUTCOME_KEY) or {}).get("key"), briefs.get(eid)
        if not key or brief is None:
            continue
        analyses = [from_dict(EventAnalysis, a) for a in x.get("analyses", [])]
        flags = {a: articles[a].flags for a in ev.articles if a in articles}
        outcomes[key] = steps.EventOutcome(key, ev, analyses[0] if analyses else None, flags, brief)
    return _Snapshot(generation, articles, events, groups, outcomes)


def _write(store: Store, before: _Snapshot, result: Any, outcomes: Sequence[steps.EventOutcome]) -> list[str]:
    """Store the difference between ``before`` and ``result``; the ids of re-analysed events."""
    import uuid

    fresh = [o for o in outcomes if o.key not in before.outcomes]
    by_event = {a.event_id: a for a in result.analyses}
    new_events = {e.id: e for e in result.events}
    with store.transaction():
        store.lock_writers()
        if store.get_meta(GENERATION) != before.generation:
            raise _Moved()
        store.put_articles([a for a in result.articles if before.articles.get(a.id) != a])
        new_groups = {g.id: g for g in result.duplicate_groups}
        gone_groups = [g for g in before.groups if g not in new_groups]
        added_groups = [g for gid, g in new_groups.items() if before.groups.get(gid) != g]
        if gone_groups or added_groups:
            store.replace_groups(gone_groups, added_groups)
        gone = [e for e in before.events if e not in new_events]
        store.delete_events(gone)
        store.put_aliases(replacement_aliases({e: before.events[e].articles for e in gone}, result.events))
        store.put_events([e for eid, e in new_events.items() if before.events.get(eid) != e], stale=False)
        for o in fresh:
            store.put_brief(o.brief)
            store.put_event_extra(o.event.id, "analyses", [to_dict(by_event[o.event.id])] if o.event.id in by_event else [])
            store.put_event_extra(o.event.id, OUTCOME_KEY, {"key": o.key})  # an object: a bare string is not JSON on every backend
        gen = uuid.uuid4().hex
        store.set_meta(GENERATION, gen)
    arts = {a.id: a for a in result.articles}
    by_event_outcome = {o.event.id: o for o in outcomes}
    after = {}
    for e in result.events:
        o = by_event_outcome[e.id]
        after[o.key] = steps.EventOutcome(o.key, e, by_event.get(e.id), {a: arts[a].flags for a in e.articles}, o.brief)
    if len(_LAST) >= 8:
        _LAST.clear()
    _LAST[store.url] = (gen, _Snapshot(gen, arts, new_events, {g.id: g for g in result.duplicate_groups}, after))
    return sorted(o.event.id for o in fresh)


def refresh_events(
    store: Store,
    event_ids: Iterable[str] | None = None,
    *,
    config: Config = Config(),
    progress: Progress = _quiet,
) -> list[str]:
    """Recompute the briefs and facts of ``event_ids`` (all events when None) from the stored
    articles, e.g. after a change of settings: the batch steps over the store, nothing reused
    for those events. Returns the ids of the events written."""
    before = _snapshot(store)  # (no retry: a refresh racing an ingest fails with _Moved's message below)
    if not before.articles:
        return []
    wanted = set(before.events) if event_ids is None else set(event_ids)
    reuse = {k: o for k, o in before.outcomes.items() if o.event.id not in wanted}
    pool = [steps.as_prepared(a) for a in before.articles.values()]
    result, outcomes = finish_outcomes(pool, config=config, progress=progress, reuse=reuse)
    forget = replace(before, outcomes=reuse)
    try:
        return _write(store, forget, result, outcomes)
    except _Moved:
        raise StoreError(f"{store.url}: another ingest changed the store during the refresh; run it again") from None
