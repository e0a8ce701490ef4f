"""``run(articles, config) -> Result``: composes the stages. No I/O here.

Every stage is a pure function over immutable articles, so the same functions can be mapped over
partitions on a distributed engine (see ``newsdesk.distributed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .config import Config
from .model import Article, Result, Skipped

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def run(
    articles: Sequence[Article],
    *,
    config: Config = Config(),
    skipped: Iterable[Skipped] = (),
    notes: Iterable[str] = (),
    progress: Progress = _quiet,
) -> Result:
    """Clean, deduplicate, cluster and summarize ``articles``; return everything with provenance."""
    from .clean import clean_articles
    from .cluster import cluster_events
    from .dedup import find_duplicates
    from .summarize import summarize_event

    all_skipped = list(skipped)
    progress(f"cleaning {len(articles)} articles")
    cleaned = clean_articles(articles, config=config.clean)
    all_skipped.extend(cleaned.skipped)
    arts = cleaned.articles
    # facts stage (extract/): estimate missing article dates from content so clustering can use them
    if config.facts.enabled and config.facts.estimate_dates:
        from .extract import estimate_article_dates

        arts = list(estimate_article_dates(arts))

    progress(f"finding duplicates among {len(arts)} articles")
    dedup = find_duplicates(arts, config=config.dedup)

    progress("grouping articles into events")
    clustered = cluster_events(arts, duplicate_groups=dedup.groups, config=config.cluster)
    events = tuple(clustered.events)

    # facts stage (consolidate/): entities, amounts, quotes, agreed/differing facts, source flags
    # (articles come back with ``flags``, events with ``follow_up_of``)
    analyses: tuple = ()
    if config.facts.enabled:
        from .consolidate import analyze_events

        facts = analyze_events(
            arts, events=events, duplicate_groups=dedup.groups, config=config.facts, progress=progress
        )
        arts, events, analyses = list(facts.articles), facts.events, facts.analyses

    by_id = {a.id: a for a in arts}
    briefs = []
    for i, event in enumerate(events, 1):
        progress(f"summarizing event {i}/{len(events)}")
        briefs.append(summarize_event(event, by_id, config=config.summarize))
    # facts stage (consolidate/): a brief sentence that states an agreed fact cites all its sources
    if analyses:
        from .consolidate.cite import cite_facts

        briefs = list(cite_facts(briefs, analyses))

    return Result(
        articles=tuple(arts),
        duplicate_groups=tuple(dedup.groups),
        events=events,
        briefs=tuple(briefs),
        skipped=tuple(all_skipped),
        notes=tuple(notes),
        analyses=analyses,  # facts stage
    )


def brief(
    paths: Iterable[str | Path],
    *,
    config: Config = Config(),
    progress: Progress = _quiet,
) -> Result:
    """Read ``paths`` (files, directories, or ``"-"`` for standard input) and run the pipeline."""
    from .ingest import read_any

    progress("reading inputs")
    ingested = read_any(paths, config=config.ingest)
    notes = [f"{n.label()}: {n.message}" for n in ingested.notes]
    return run(ingested.articles, config=config, skipped=ingested.skipped, notes=notes, progress=progress)
