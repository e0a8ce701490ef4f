"""The pipeline's named steps. Each is a pure function with typed input and output; the one
composition (:mod:`.compose`) decides where each call runs. Nothing else in newsdesk strings the
stages together: ``brief``, ``distributed``, the desk's ``ingest``, ``evaluate`` and the benchmarks
all go through these functions.

=============  ==============================================  ===========================
step           what                                            scope
=============  ==============================================  ===========================
``prepare``    ingest's reader (paths) + clean; HTML dropped   per partition of inputs
``group``      date estimation, duplicates, events             every prepared article
``analyse``    facts, flags, brief, citations                  per partition of events
``link``       follow-up links, flags applied to articles      events in date order
=============  ==============================================  ===========================

``group`` is global on purpose: an undated article borrows its date from the most similar dated
article anywhere, a duplicate pair may be any two articles, and events are one agglomerative tree.
It is also order-invariant (every stage inside sorts by id), which is what lets the desk's
incremental ingest re-run it over its stored articles and get the batch answer.

``analyse`` is per event: an event's analysis and brief depend on its own articles and duplicate
groups only (NER per document is cached per text; flags come from the article's own event), so
an outcome can be computed anywhere and reused wherever :func:`outcome_key` is unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..model import Article, Brief, DuplicateGroup, Event, EventAnalysis, QualityFlag, Skipped

__all__ = [
    "EventOutcome", "FollowUps", "Grouping", "Prepared", "analyse", "as_prepared", "date_articles", "estimate_dates",
    "finish_order", "group", "link", "outcome_key", "prepare", "read_and_prepare", "with_flags",
]


# ------------------------------------------------------------------------------------ prepare
@dataclass(frozen=True)
class Prepared:
    """One partition after reading and cleaning.

    ``articles`` are cleaned, in input order, without their HTML page (no later step reads it).
    ``ingested_ids`` lists every article read, in order, and ``kept`` the index in it of each of
    ``articles``: ids are made unique over all partitions afterwards (``ingest.unique_ids``).
    """

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    ingested_ids: tuple[str, ...] = ()
    kept: tuple[int, ...] = ()


def prepare(articles: Sequence[Article], config: Config) -> Prepared:
    """Clean one partition of articles (as read). Skipped records keep their reason."""
    from ..clean import clean_articles

    cleaned = clean_articles(articles, config=config.clean)
    return Prepared(
        articles=tuple(_drop_input(a, config.clean.keep_raw) for a in cleaned.articles),
        skipped=tuple(cleaned.skipped),
        notes=tuple(cleaned.notes),
        ingested_ids=tuple(a.id for a in articles),
        kept=_positions(articles, cleaned.articles),
    )


def _drop_input(article: Article, keep_raw: bool) -> Article:
    """The article without what no later step reads: its HTML page, and its raw text unless kept."""
    if article.html is None and (keep_raw or not article.raw):
        return article
    return dataclasses.replace(article, html=None, raw=article.raw if keep_raw else "")


def read_and_prepare(units: Sequence[object], config: Config) -> Prepared:
    """Read one partition of ``ingest.plan_inputs`` units (``read_any``'s per-file reader) and
    :func:`prepare` its articles. Ingest skips come first, then clean skips, as in ``brief``."""
    from ..ingest import read_unit

    articles: list[Article] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    for unit in units:
        got = read_unit(unit, config=config.ingest)  # type: ignore[arg-type]
        articles.extend(got.articles)
        skipped.extend(got.skipped)
        notes.extend(f"{n.label()}: {n.message}" for n in got.notes)
    done = prepare(articles, config)
    return dataclasses.replace(done, skipped=(*skipped, *done.skipped), notes=(*notes, *done.notes))


def _positions(before: Sequence[Article], after: Sequence[Article]) -> tuple[int, ...]:
    """Where each article of ``after`` (an in-order subset of ``before``) sits in ``before``.

    Matched on (id, origin): two articles of one file record have different ids and a file is
    read once, so the pair is unique.
    """
    out, i = [], 0
    for a in after:
        while (before[i].id, before[i].origin) != (a.id, a.origin):
            i += 1
        out.append(i)
        i += 1
    return tuple(out)


def as_prepared(article: Article) -> Article:
    """The article as :func:`prepare` left it: what ``group`` and ``link`` added taken off.

    ``group`` only ever fills a missing date (``date_source="estimated"``) and ``link`` only sets
    ``flags``, so a stored article can be put back through the steps and give the batch answer.
    """
    if article.date_source == "estimated":
        article = dataclasses.replace(
            article, date=None, date_source=None, date_evidence=None, date_confidence=None,
            date_anchor=None,
        )
    if article.flags:
        article = dataclasses.replace(article, flags=())
    return article


# -------------------------------------------------------------------------------------- group
@dataclass(frozen=True)
class Grouping:
    """Every prepared article (dated where a date could be estimated), its duplicate groups and
    its events (newest first). ``articles`` keeps the order it was given."""

    articles: tuple[Article, ...]
    duplicate_groups: tuple[DuplicateGroup, ...]
    events: tuple[Event, ...]


def estimate_dates(undated: Sequence[Article], anchors: Sequence[Article]) -> tuple[Article, ...]:
    """``extract.estimate_article_dates`` for ``undated`` against every dated article ``anchors``.

    Each undated article is estimated on its own against the anchors, so any partition of the
    undated articles gives the same dates.
    """
    from ..extract import estimate_article_dates

    if not undated:
        return ()
    return tuple(estimate_article_dates([*undated, *anchors])[: len(undated)])


def date_parts(articles: Sequence[Article], config: Config) -> tuple[list[int], list[Article]]:
    """Which articles date estimation looks at (their positions) and the anchors it compares
    them with; ``([], [])`` when estimation is off (``facts.enabled`` and ``facts.estimate_dates``)."""
    if not (config.facts.enabled and config.facts.estimate_dates):
        return [], []
    todo = [i for i, a in enumerate(articles) if not a.date]
    anchors = [a for a in articles if a.date and a.date_source != "estimated"]
    return todo, anchors


def date_articles(articles: Sequence[Article], config: Config) -> tuple[Article, ...]:
    """The first part of ``group``: every article with its date estimated where it has none
    (the composition maps :func:`estimate_dates` over partitions instead; same answer)."""
    arts = list(articles)
    todo, anchors = date_parts(arts, config)
    for i, a in zip(todo, estimate_dates([arts[i] for i in todo], anchors), strict=True):
        arts[i] = a
    return tuple(arts)


def group(
    dated: Sequence[Article], config: Config, executor: Any = None, texts: Any = None, *,
    progress: Callable[[str], None] | None = None, done: Callable[[str], None] | None = None,
) -> Grouping:
    """The rest of ``group``: duplicate groups and events of the dated articles
    (:func:`date_articles`). ``executor`` runs their partitioned parts (band shuffle,
    verification, time blocks, components); the answer does not depend on it. ``texts``
    (``spill.Texts``): where the bodies are read when ``dated`` are a spilled run's stubs.
    ``progress`` gets the parts' progress lines; ``done("duplicates")`` and ``done("events")``
    are called as each part ends (``benchmarks/scale.py`` times them)."""
    from ..cluster import cluster_events
    from ..dedup import find_duplicates

    from .memory import return_freed_memory

    large = texts is not None and texts.spilled  # a spilled run: give each part's freed memory back
    dedup = find_duplicates(dated, config=config.dedup, executor=executor, texts=texts, progress=progress)
    if large:
        return_freed_memory()
    if done:
        done("duplicates")
    events = cluster_events(
        dated, duplicate_groups=dedup.groups, config=config.cluster, executor=executor, texts=texts,
        progress=progress,
    ).events
    if large:
        return_freed_memory()
    if done:
        done("events")
    return Grouping(tuple(dated), tuple(dedup.groups), tuple(mark_estimated(events, dated)))


def mark_estimated(events: Sequence[Event], articles: Sequence[Article]) -> list[Event]:
    """Events whose date only estimated article dates give are marked so (``date_estimated``,
    with the best of those estimates' confidence): every output says "estimated"."""
    by_id = {a.id: a for a in articles}
    out = []
    for ev in events:
        givers = [by_id[a] for a in ev.articles if a in by_id and ev.date and by_id[a].date == ev.date]
        if givers and all(a.date_source == "estimated" for a in givers):
            conf = max((a.date_confidence or 0.0) for a in givers)
            ev = dataclasses.replace(ev, date_estimated=True, date_confidence=conf)
        out.append(ev)
    return out


# ------------------------------------------------------------------------------------ analyse
@dataclass(frozen=True)
class EventOutcome:
    """What :func:`analyse` gives for one event."""

    key: str  # outcome_key of the inputs it was computed from
    event: Event
    analysis: EventAnalysis | None  # None when the facts stage is off
    flags: Mapping[str, tuple[QualityFlag, ...]]  # member article id -> its flags
    brief: Brief


def outcome_key(event: Event, articles: Mapping[str, Article], groups: Sequence[DuplicateGroup], config: Config) -> str:
    """A digest of everything an event's outcome depends on: its members as prepared and dated,
    its duplicate groups, and the settings of the analysing stages."""
    h = hashlib.sha1()
    h.update(repr((event.id, event.sources, event.date, event.date_evidence)).encode())
    for aid in event.articles:
        h.update(repr(as_prepared(articles[aid])).encode())
        a = articles[aid]
        h.update(repr((a.date, a.date_source, a.date_evidence)).encode())
    members = set(event.articles)
    for g in sorted((g for g in groups if members & set(g.members)), key=lambda g: g.id):
        h.update(repr(g).encode())
    h.update(repr((config.facts, config.summarize)).encode())
    return h.hexdigest()


def analyse(
    events: Sequence[Event],
    articles: Mapping[str, Article],
    groups: Sequence[DuplicateGroup],
    config: Config,
) -> tuple[EventOutcome, ...]:
    """Cross-source facts, quality flags, the brief and its citations of each event.

    ``articles`` must hold every member of ``events``; they are handed to the stages sorted by
    id, so a partition's outcome does not depend on the order articles arrived in.
    ``consolidate.analyze_events`` also links follow-ups among the events it is given: that is
    :func:`link`'s job over all events, so its events are not used here.
    """
    from ..summarize import summarize_event

    members = sorted({a for ev in events for a in ev.articles})
    arts = [articles[a] for a in members]
    present = set(members)
    mine = tuple(g for g in groups if present.intersection(g.members))
    keys = [outcome_key(ev, articles, mine, config) for ev in events]
    analyses: list[EventAnalysis | None] = [None] * len(events)
    flagged: Mapping[str, Article] = {a.id: a for a in arts}
    if config.facts.enabled and events:
        from ..consolidate import analyze_events

        facts = analyze_events(arts, events=list(events), duplicate_groups=mine, config=config.facts)
        analyses = list(facts.analyses)
        flagged = {a.id: a for a in facts.articles}
    briefs = [summarize_event(ev, flagged, config=config.summarize) for ev in events]
    if config.facts.enabled and events:
        # A brief sentence that states an agreed fact cites all its sources (each brief with its
        # own event's analysis).
        from ..consolidate.cite import cite_facts

        briefs = list(cite_facts(briefs, [a for a in analyses if a is not None]))
        from ..consolidate.crosslang_accounts import in_language  # facts shown in the brief's language

        analyses = [in_language(an, br.language, flagged) for an, br in zip(analyses, briefs, strict=True)]
    return tuple(
        EventOutcome(key, ev, an, {a: flagged[a].flags for a in ev.articles}, br)
        for key, ev, an, br in zip(keys, events, analyses, briefs, strict=True)
    )


# --------------------------------------------------------------------------------------- link
@dataclass(frozen=True)
class Linked:
    """The grouping's articles with their flags, its events with follow-up links, and the
    outcomes' briefs and analyses in the events' order."""

    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    briefs: tuple[Brief, ...]
    analyses: tuple[EventAnalysis, ...]


def finish_order(events: Sequence[Event]) -> list[int]:
    """Positions of ``events`` in the order the composition finishes them: oldest date first
    (undated last), ties in the given order. A follow-up only ever points to an event of an
    earlier date, so each event's link is known when it is finished (:class:`FollowUps`)."""
    return sorted(range(len(events)), key=lambda i: (events[i].date is None, events[i].date or "", i))


class FollowUps:
    """``consolidate.followup.link_follow_ups`` one event at a time, for events given in
    :func:`finish_order`: each event is linked against the events added before it.

    The answer is ``link_follow_ups`` over all events (``tests/test_pipeline.py`` holds it): the
    earlier event sharing the most key entities (at least ``min_entities``), then the latest,
    then the first in the grouping's order (``position``). Candidates come from an index of
    key entities instead of every pair of events: a year of news has ~10^5 events.
    """

    def __init__(self, position: Mapping[str, int], min_entities: int) -> None:
        self.position = position
        self.min_entities = min_entities
        self._by_key: dict[str, list[str]] = {}
        self._seen: dict[str, tuple[Event, EventAnalysis]] = {}

    def link(self, event: Event, analysis: EventAnalysis | None) -> Event:
        """``event`` with ``follow_up_of`` set when it follows up an event added before; then added."""
        from ..consolidate.followup import key_entities, link_follow_ups

        if analysis is None:
            return event
        keys = key_entities(analysis)
        out = event
        if not event.follow_up_of and event.date:
            shared: dict[str, int] = {}
            for k in keys:
                for other in self._by_key.get(k, ()):
                    shared[other] = shared.get(other, 0) + 1
            best: tuple[tuple[int, str, int], str] | None = None
            for other, n in shared.items():
                when = self._seen[other][0].date or ""
                if n < self.min_entities or when >= event.date:
                    continue
                rank = (n, when, -self.position[other])
                if best is None or rank > best[0]:
                    best = (rank, other)
            if best is not None:
                earlier, earlier_analysis = self._seen[best[1]]
                # the evidence exactly as link_follow_ups writes it, from the one pair
                out = link_follow_ups([earlier, event], [earlier_analysis, analysis], min_entities=self.min_entities)[1]
        if event.date:
            self._seen[event.id] = (event, analysis)
            for k in keys:
                self._by_key.setdefault(k, []).append(event.id)
        return out


def link(grouping: Grouping, outcomes: Sequence[EventOutcome], config: Config) -> Linked:
    """Follow-up links between events (:class:`FollowUps` over :func:`finish_order`), and each
    article's quality flags from its event's outcome."""
    by_event = {o.event.id: o for o in outcomes}
    ordered = [by_event[e.id] for e in grouping.events]
    events = list(grouping.events)
    analyses: tuple[EventAnalysis, ...] = ()
    if config.facts.enabled:
        follow = FollowUps({e.id: i for i, e in enumerate(events)}, config.facts.follow_up_min_entities)
        for i in finish_order(events):
            events[i] = follow.link(events[i], ordered[i].analysis)
        analyses = tuple(o.analysis for o in ordered if o.analysis is not None)
    flags = {k: v for o in ordered for k, v in o.flags.items()}
    arts = tuple(with_flags(a, flags.get(a.id, ())) for a in grouping.articles)
    return Linked(arts, tuple(events), tuple(o.brief for o in ordered), analyses)


def with_flags(article: Article, flags: tuple[QualityFlag, ...]) -> Article:
    return article if article.flags == flags else dataclasses.replace(article, flags=flags)
