"""What runs on the workers: the pipeline's own stage functions applied to one partition.

Plain functions over plain data (no dask in here), so a worker only needs ``newsdesk`` installed
and the same functions can be tested without an engine. Each one says what it leaves to the
driver and why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..clean import clean_articles
from ..config import Config
from ..ingest import IngestResult, Note
from ..ingest import read_unit
from ..model import Article, Brief, DuplicateGroup, Event, EventAnalysis, QualityFlag, Skipped
from .plan import FileUnit, Unit


@dataclass(frozen=True)
class ArticlePart:
    """One partition of articles after ingest, clean and date estimation."""

    articles: tuple[Article, ...]  # cleaned (dated where a date could be estimated), input order
    ingest_skipped: tuple[Skipped, ...] = ()
    clean_skipped: tuple[Skipped, ...] = ()
    notes: tuple[Note, ...] = ()
    ingested_ids: tuple[str, ...] = ()  # every article read, in order (to make ids unique over all parts)
    kept: tuple[int, ...] = ()  # index in ``ingested_ids`` of each of ``articles``


# ------------------------------------------------------------------------------------- articles
def ingest_clean(units: Sequence[Unit], config: Config) -> ArticlePart:
    """Read the files of one partition (``read_any``'s per-file reader) and clean their articles.

    Ids are not made unique here: that needs every partition's ids (``unique_ids``, then
    ``rename``). The clean stage does not read ids, so renaming after it changes nothing else.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    notes: list[Note] = []
    for unit in units:
        got = unit if isinstance(unit, IngestResult) else _read(unit, config)
        articles.extend(got.articles)
        skipped.extend(got.skipped)
        notes.extend(got.notes)
    cleaned = clean_articles(articles, config=config.clean)
    return ArticlePart(
        articles=cleaned.articles,
        ingest_skipped=tuple(skipped),
        clean_skipped=cleaned.skipped,
        notes=tuple(notes),
        ingested_ids=tuple(a.id for a in articles),
        kept=_positions(articles, cleaned.articles),
    )


def _read(unit: FileUnit, config: Config) -> IngestResult:
    return read_unit(unit, config=config.ingest)


def _positions(before: Sequence[Article], after: Sequence[Article]) -> tuple[int, ...]:
    """Where each article of ``after`` (an in-order subset of ``before``) sits in ``before``.

    Matched on (id, origin): two articles read from one file record have different ids (the
    reader puts the document index into the id) and a file is read once, so the pair is unique.
    """
    out, i = [], 0
    for a in after:
        while (before[i].id, before[i].origin) != (a.id, a.origin):
            i += 1
        out.append(i)
        i += 1
    return tuple(out)


def clean_only(articles: Sequence[Article], config: Config) -> ArticlePart:
    """Clean one partition of articles given in memory (``pipeline.run``: no ingest, no renaming)."""
    cleaned = clean_articles(articles, config=config.clean)
    return ArticlePart(articles=cleaned.articles, clean_skipped=cleaned.skipped)


def unique_ids(*ids: Sequence[str]) -> list[list[str]]:
    """Each partition's ingested ids made unique over all partitions, as ``read_any`` does.

    An id met again gets a ``-2``, ``-3``, ... suffix in reading order (``ingest.read._unique_ids``
    on the concatenation; written out here because that helper renames articles held in one list).
    """
    seen: set[str] = set()
    out: list[list[str]] = []
    for part in ids:
        new = []
        for old in part:
            candidate, k = old, 1
            while candidate in seen:
                k += 1
                candidate = f"{old}-{k}"
            seen.add(candidate)
            new.append(candidate)
        out.append(new)
    return out


def rename(part: ArticlePart, new_ids: Sequence[Sequence[str]], index: int) -> ArticlePart:
    """The partition with its articles' ids replaced by the unique ones (``new_ids[index]``)."""
    mine = new_ids[index]
    articles = tuple(
        a if a.id == mine[k] else dataclasses.replace(a, id=mine[k])
        for a, k in zip(part.articles, part.kept, strict=True)
    )
    return dataclasses.replace(part, articles=articles)


def dated(*parts: ArticlePart) -> tuple[Article, ...]:
    """Every article that has a date: the anchors date estimation compares undated articles with.

    Global on purpose: an undated article borrows the date of the most similar dated article
    anywhere in the input. ``estimate_article_dates`` picks its own anchors from what it is given
    (metadata and dateline dates); undated articles are left out here as they can never be
    anchors. The HTML page is dropped from these copies: estimation reads the text, not the page.
    """
    return tuple(dataclasses.replace(a, html=None) for p in parts for a in p.articles if a.date)


def estimate_dates(part: ArticlePart, anchors: Sequence[Article]) -> ArticlePart:
    """``extract.estimate_article_dates`` for the partition's undated articles against all anchors.

    Given the partition's undated articles followed by every dated article of the input, the
    stage sees exactly the anchors it sees in ``pipeline.run``; its first results are ours.
    """
    from ..extract import estimate_article_dates

    todo = [i for i, a in enumerate(part.articles) if not a.date]
    if not todo:
        return part
    got = estimate_article_dates([part.articles[i] for i in todo] + list(anchors))[: len(todo)]
    articles = list(part.articles)
    for i, a in zip(todo, got, strict=True):
        articles[i] = a
    return dataclasses.replace(part, articles=tuple(articles))


# --------------------------------------------------------------------------------------- events
@dataclass(frozen=True)
class EventOutcome:
    """What the per-event steps give for one event."""

    index: int  # position of the event in the clustering result
    analysis: EventAnalysis | None  # None when the facts stage is off
    flags: dict[str, tuple[QualityFlag, ...]]  # article id -> its flags after the facts stage
    brief: Brief


def facts_and_briefs(
    events: Sequence[tuple[int, Event]],
    articles: Mapping[str, Article],
    groups: Sequence[DuplicateGroup],
    config: Config,
) -> list[EventOutcome]:
    """Cross-source facts and the brief of each event of one partition.

    ``consolidate.analyze_events`` runs on the partition's events: NER over their sources (each
    document's entities do not depend on the batch it is in), then ``analyze_event`` per event.
    Its last step, linking follow-ups, compares every pair of events, so its result here is
    dropped and the driver links all events again (``link_follow_ups``). The brief needs the
    articles with their quality flags, and an article's flags come from its own event only
    (every article is in one event), so it is made here too, and given the citations of its
    event's agreed facts (``cite_facts``). ``summarize_event`` reads the event's id, sources and
    articles, never ``follow_up_of``, which the driver sets afterwards.
    """
    from ..summarize import summarize_event

    analyses: list[EventAnalysis | None] = [None] * len(events)
    flags: list[dict[str, tuple[QualityFlag, ...]]] = [{} for _ in events]
    flagged: Mapping[str, Article] = articles
    if config.facts.enabled:
        from ..consolidate import analyze_events

        facts = analyze_events(
            list(articles.values()),
            events=[ev for _, ev in events],
            duplicate_groups=groups,
            config=config.facts,
        )
        analyses = list(facts.analyses)
        flagged = {a.id: a for a in facts.articles}
        flags = [{a: flagged[a].flags for a in ev.articles if a in flagged} for _, ev in events]
    briefs = [summarize_event(event, flagged, config=config.summarize) for _, event in events]
    if config.facts.enabled and events:
        # As pipeline.run: a brief sentence that states an agreed fact cites all its sources
        # (one brief and its own event's analysis at a time).
        from ..consolidate.cite import cite_facts

        briefs = list(cite_facts(briefs, [a for a in analyses if a is not None]))
    return [
        EventOutcome(index, analysis, fl, brief)
        for (index, _), analysis, fl, brief in zip(events, analyses, flags, briefs, strict=True)
    ]


__all__ = [
    "ArticlePart", "EventOutcome", "clean_only", "dated", "estimate_dates", "facts_and_briefs",
    "ingest_clean", "rename", "unique_ids",
]
