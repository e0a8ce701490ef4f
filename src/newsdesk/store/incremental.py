"""Incremental ingest: add articles to a store without recomputing what is already there.

``ingest_paths(store, paths)`` reads files like ``newsdesk brief`` does; ``ingest_articles``
takes articles already read. For each batch of new articles (``StoreConfig.batch_size``), in one
transaction:

1. **Skip what is known.** Article ids are stable (same file -> same ids), so articles already
   stored, or skipped by an earlier run, are not processed again: ingesting twice adds nothing.
2. **Clean** the new articles (the batch stage).
3. **Duplicates against the store.** Stored articles sharing a MinHash LSH bucket with a new one
   (bands kept in ``lsh_bands``) are candidates; ``find_duplicates`` runs on the new articles, the
   candidates and the full groups they belong to, and the groups that gained a new member replace
   the stored ones.
4. **Events.** A new copy of a stored article joins that article's event (copies follow their
   original: a stored copy placed in another event before its original arrived moves). The remaining new
   articles are clustered among themselves (``cluster_events``); each resulting group joins the
   nearest stored event within the time window if it is close enough (:mod:`.streaming`), or
   opens a new event. Changed and new events are marked *stale*.

Then the briefs of stale events are recomputed from their stored articles, one event per
transaction. An interrupted run leaves whole batches and stale marks behind; running it again
skips the stored articles, processes the rest, and refreshes every stale event.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..model import Article, Brief, DuplicateGroup, Event, EventAnalysis, Skipped, to_dict
from . import streaming
from .base import Store

__all__ = ["IngestReport", "ingest_articles", "ingest_paths", "refresh_events"]

Progress = Callable[[str], None]


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


@dataclass
class _Totals:
    added: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    new_events: set[str] = field(default_factory=set)
    joined: set[str] = field(default_factory=set)
    event_of: dict[str, str] = field(default_factory=dict)


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
    return replace(report, notes=tuple(f"{n.label()}: {n.message}" for n in read.notes))


def ingest_articles(
    store: Store,
    articles: Sequence[Article],
    *,
    skipped: Sequence[Skipped] = (),
    config: Config = Config(),
    progress: Progress = _quiet,
) -> IngestReport:
    """Add ``articles`` (as read, not yet cleaned) to ``store``; see the module docstring."""
    _check_lsh(store, config, progress)
    known = store.known_ids(a.id for a in articles)
    new = [a for a in articles if a.id not in known]
    totals = _Totals(skipped=list(skipped))
    if skipped:
        with store.transaction():
            store.put_skipped(skipped)
    size = config.store.batch_size
    batches = [new[i : i + size] for i in range(0, len(new), size)]
    for n, batch in enumerate(batches, 1):
        progress(f"batch {n}/{len(batches)}: {len(batch)} new articles")
        with store.transaction():
            _ingest_batch(store, batch, config, totals, progress)
    refreshed = refresh_events(store, config=config, progress=progress)
    # Events may have merged after an article was placed: report where each article is now.
    event_of = store.event_ids_of(totals.added) if totals.added else {}
    return IngestReport(
        read=len(articles),
        known=len(known),
        added=tuple(totals.added),
        skipped=tuple(totals.skipped),
        new_events=tuple(sorted(e for e in totals.new_events if e in set(event_of.values()))),
        joined_events=tuple(sorted(totals.joined - totals.new_events)),
        refreshed=tuple(refreshed),
        batches=len(batches),
        event_of=event_of,
    )


# ----------------------------------------------------------------------------------- stages
def _prepare(batch: Sequence[Article], config: Config) -> tuple[list[Article], list[Skipped], list[str | None]]:
    """Clean a batch. Returns the cleaned articles, the skipped records and their article ids."""
    from ..clean import clean_articles

    cleaned = clean_articles(batch, config=config.clean)
    kept = {a.id for a in cleaned.articles}
    gone = [a.id for a in batch if a.id not in kept]
    ids: list[str | None] = list(gone) if len(gone) == len(cleaned.skipped) else [None] * len(cleaned.skipped)
    arts = list(cleaned.articles)
    if config.facts.enabled and config.facts.estimate_dates:  # as pipeline.run does, before clustering
        from ..extract import estimate_article_dates

        arts = list(estimate_article_dates(arts))
    return arts, list(cleaned.skipped), ids


def _brief(
    event: Event, by_id: Mapping[str, Article], groups: Sequence[DuplicateGroup], config: Config
) -> tuple[Brief, dict[str, Any], list[Article]]:
    """The brief of one event, its per-event extras (``Result`` fields keyed by event) and the
    articles the facts stage changed (quality flags), by the stage functions ``pipeline.run`` uses."""
    from ..summarize import summarize_event

    extras: dict[str, Any] = {}
    changed: list[Article] = []
    if config.facts.enabled:
        from ..consolidate import analyze_events

        members = [by_id[a] for a in event.articles if a in by_id]
        facts = analyze_events(members, events=[event], duplicate_groups=groups, config=config.facts)
        changed = [a for a in facts.articles if a != by_id[a.id]]
        by_id = {**by_id, **{a.id: a for a in facts.articles}}
        extras["analyses"] = [to_dict(x) for x in facts.analyses]
    return summarize_event(event, by_id, config=config.summarize), extras, changed


# --------------------------------------------------------------------------------- batches
def _check_lsh(store: Store, config: Config, progress: Progress) -> None:
    """Rebuild the stored LSH bands if they were made with other MinHash settings."""
    want = streaming.lsh_params(config.dedup)
    have = store.get_meta("lsh")
    if have == want:
        return
    ids = list(store.article_ids())
    if ids:
        progress(f"re-hashing {len(ids)} stored articles for duplicate detection ({have} -> {want})")
    with store.transaction():
        for i in range(0, len(ids), 500):
            for aid, art in store.articles(ids[i : i + 500]).items():
                store.put_lsh(aid, streaming.lsh_bands(art, config.dedup))
        store.set_meta("lsh", want)


def _ingest_batch(store: Store, batch: Sequence[Article], config: Config, totals: _Totals, progress: Progress) -> None:
    from ..cluster import cluster_events
    from ..dedup import find_duplicates

    arts, skipped, skipped_ids = _prepare(batch, config)
    if skipped:
        store.put_skipped(skipped, article_ids=skipped_ids)
        totals.skipped.extend(skipped)
    if not arts:
        return
    new_ids = {a.id for a in arts}
    by_id: dict[str, Article] = {a.id: a for a in arts}

    # 1. duplicates against the store
    bands = {a.id: streaming.lsh_bands(a, config.dedup) for a in arts}
    cands = store.lsh_candidates([b for bs in bands.values() for b in bs]) - new_ids
    old_groups = store.groups_of(cands)
    pool = cands | {m for g in old_groups.values() for m in g.members}
    by_id.update(store.articles(pool))
    dedup = find_duplicates(list(by_id.values()), config=config.dedup)
    touched = [g for g in dedup.groups if new_ids & set(g.members)]
    replaced = {g.id for g in store.groups_of(m for g in touched for m in g.members).values()}
    store.put_articles(arts)
    for aid, bs in bands.items():
        store.put_lsh(aid, bs)
    store.replace_groups(replaced, touched)
    group_of: dict[str, DuplicateGroup] = {m: g for g in touched for m in g.members}

    # 2. new copies of stored articles join the stored article's event. A copy follows its
    #    original: if the new article shows that stored copies sit in different events (one was
    #    placed on content before its original arrived), the group moves to its original's event.
    event_of_stored = store.event_ids_of(m for g in touched for m in g.members if m not in new_ids)
    changed: dict[str, set[str]] = {}  # event id -> member ids to add
    removed: dict[str, set[str]] = {}  # event id -> member ids that moved out
    placed: set[str] = set()
    moving: set[str] = set()  # stored copies whose original is new: they follow it (step 3)
    for g in touched:
        homes = Counter(event_of_stored[m] for m in g.members if m in event_of_stored)
        if not homes:
            continue
        if g.representative in new_ids:  # the original arrives after its copies: place it on content
            for m in g.members:
                if m in event_of_stored:
                    removed.setdefault(event_of_stored[m], set()).add(m)
                    moving.add(m)
            continue
        home = event_of_stored.get(g.representative) or min(homes, key=lambda e: (-homes[e], e))
        for m in g.members:
            was = event_of_stored.get(m)
            if was is not None and was != home:
                removed.setdefault(was, set()).add(m)
        changed.setdefault(home, set()).update(g.members)
        placed.update(m for m in g.members if m in new_ids)

    # 3. the rest: cluster among themselves, then join a stored event or open a new one
    fresh = [a for a in arts if a.id not in placed] + [by_id[m] for m in sorted(moving)]
    fresh_groups = [g for g in touched if all(m in new_ids or m in moving for m in g.members)]
    opened: list[Event] = []
    if fresh:
        clustered = cluster_events(fresh, duplicate_groups=fresh_groups, config=config.cluster)
        for ev in sorted(clustered.events, key=lambda e: (e.date or "9999", e.id)):
            target = _nearest_event(store, ev, by_id, opened, config, exclude=moving)
            if target is None:
                opened.append(ev)
                totals.new_events.add(ev.id)
            elif target.id in {o.id for o in opened}:
                i = next(k for k, o in enumerate(opened) if o.id == target.id)
                opened[i] = dataclasses.replace(target, articles=tuple(sorted({*target.articles, *ev.articles})))
            else:
                changed.setdefault(target.id, set()).update(ev.articles)

    # 4. store the changed and new events (stale: their briefs are refreshed afterwards)
    stored = store.events({*changed, *removed})
    updated: list[Event] = []
    emptied: list[str] = []
    for eid, ev in stored.items():
        members = (set(ev.articles) - removed.get(eid, set())) | changed.get(eid, set())
        if not members:
            emptied.append(eid)
            continue
        updated.append(dataclasses.replace(ev, articles=tuple(sorted(members))))
        if eid in changed:
            totals.joined.add(eid)
    store.delete_events(emptied)
    updated.extend(opened)
    final = _reshape(store, updated, by_id, group_of)
    store.put_events(final, stale=True)
    totals.added.extend(a.id for a in arts)
    progress(f"stored {len(arts)} articles: {len(opened)} new events, {len(changed)} events joined")


def _nearest_event(
    store: Store, ev: Event, by_id: dict[str, Article], opened: list[Event], config: Config,
    *, exclude: set[str],
) -> Event | None:
    """The stored (or just opened) event the batch cluster ``ev`` joins, or None.

    ``exclude``: stored articles moving out of their events in this batch (not compared with).
    """
    dates = [streaming.parse_date(by_id[s]) for s in ev.sources]
    first, last = streaming.window(dates, config.cluster)
    cands = store.events_between(first, last, undated=True, limit=config.store.max_candidate_events)
    cands = [c for c in cands if c.id != ev.id] + opened
    if exclude:
        cands = [dataclasses.replace(c, sources=tuple(x for x in c.sources if x not in exclude)) for c in cands]
    missing = {s for c in cands for s in c.sources} - by_id.keys()
    by_id.update(store.articles(missing))
    target, _ = streaming.best_event(ev.sources, cands, by_id, config.cluster)
    return target


def _reshape(
    store: Store, events: list[Event], by_id: dict[str, Article], group_of: dict[str, DuplicateGroup]
) -> list[Event]:
    """Recompute sources and date of changed events from their members and stored groups."""
    members = [a for e in events for a in e.articles]
    groups = {**store.groups_of(members), **group_of}
    missing = set(members) - by_id.keys()
    by_id.update(store.articles(missing))
    out = []
    for e in events:
        sources = streaming.sources_of(e.articles, groups)
        d, evidence = streaming.event_date(sources, e.articles, groups, by_id)
        out.append(dataclasses.replace(e, sources=sources, date=d, date_evidence=evidence))
    return out


# ---------------------------------------------------------------------------------- briefs
def refresh_events(
    store: Store,
    event_ids: Iterable[str] | None = None,
    *,
    config: Config = Config(),
    progress: Progress = _quiet,
) -> list[str]:
    """Recompute the brief (and per-event extras) of ``event_ids``, or of every stale event."""
    ids = list(event_ids) if event_ids is not None else store.stale_events()
    for n, eid in enumerate(ids, 1):
        ev = store.event(eid)
        if ev is None:
            continue
        if len(ids) > 1:
            progress(f"summarizing event {n}/{len(ids)}")
        by_id = store.articles(ev.articles)
        groups = list({g.id: g for g in store.groups_of(ev.articles).values()}.values())
        brief, extras, changed = _brief(ev, by_id, groups, config)
        with store.transaction():
            if changed:
                store.put_articles(changed)
            store.put_brief(brief)
            for name, value in extras.items():
                store.put_event_extra(eid, name, value)
    if ids and config.facts.enabled:
        _link_follow_ups(store, ids, config)
    return ids


def _link_follow_ups(store: Store, refreshed: Sequence[str], config: Config) -> None:
    """Follow-up links between the refreshed events and the most recent stored ones, by the facts
    stage's own rule (``consolidate.followup``); events whose link changed are updated."""
    from ..consolidate.followup import link_follow_ups
    from .codec import from_dict

    recent = [e.id for e in store.list_events(limit=config.store.max_candidate_events)]
    ids = list(dict.fromkeys([*refreshed, *recent]))
    events = store.events(ids)
    analyses = []
    for extras in store.event_extras(ids).values():
        analyses.extend(from_dict(EventAnalysis, x) for x in extras.get("analyses", []))
    have = {a.event_id for a in analyses}
    linked = link_follow_ups([events[e] for e in ids if e in events and e in have], analyses,
                             min_entities=config.facts.follow_up_min_entities)
    changed = [e for e in linked if e != events[e.id]]
    if changed:
        with store.transaction():
            store.put_events(changed, stale=False)
