"""Cross-source facts: what independent sources agree on, where they differ, how far to trust each.

``analyze_events(articles, events=..., duplicate_groups=..., config=FactsConfig()) -> FactsResult``

Per event: entities (spaCy on the independent sources, one ``nlp.pipe`` call for the whole run,
results cached per article: ``extract.ner``),
quantities and their cross-article links, dates, quotes with speakers, facts grouped across
articles, differing accounts, and the quality flags of each article. Then follow-ups between
events. Returns new articles (with ``flags``), new events (with ``follow_up_of``) and one
:class:`~newsdesk.model.EventAnalysis` per event, in the events' order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .. import caches
from ..config import FactsConfig
from ..extract.dates import article_dates
from ..extract.entities import resolve_entities
from ..extract.ner import RawMention, ner_mentions
from ..extract.quantities import conversions, find_quantities
from ..extract.quotes import find_quotes
from ..model import (
    Article, DateMention, DuplicateGroup, Entity, Event, EventAnalysis, QualityFlag, Quantity, QuantityLink, Quote,
)
from .accounts import AccountsPlan, differing_accounts, plan_differing
from .amounts import amount_classes, link_amounts
from .common import source_weight
from .crosslang_accounts import linked_across_languages
from .claims import parse_claims
from .facts import FactPlan, build_facts, plan_facts, versions_from_facts, without_differing
from .facts import parse_texts as facts_parse_texts
from .flags import flag_event_articles
from .followup import link_follow_ups

__all__ = ["FactsResult", "analyze_event", "analyze_events", "clear_caches"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class FactsResult:
    articles: tuple[Article, ...]  # same order as given; ``flags`` set
    events: tuple[Event, ...]  # same order as given; ``follow_up_of`` set where found
    analyses: tuple[EventAnalysis, ...]  # one per event, same order


def clear_caches() -> None:
    """Empty every per-text cache (``newsdesk.caches.clear("data")``; models stay loaded): benchmarks
    call it to time work on unseen articles. Outputs never depend on the caches; they only spare
    re-analysing unchanged articles. ``newsdesk.reset_caches()`` also unloads the models."""
    caches.clear("data")


def _rep_map(groups: Sequence[DuplicateGroup]) -> dict[str, str]:
    return {m: g.representative for g in groups for m in g.members}


def analyze_event(
    event: Event,
    articles: Sequence[Article],
    *,
    mentions: dict[str, list[RawMention]],
    duplicate_groups: Sequence[DuplicateGroup] = (),
    config: FactsConfig = FactsConfig(),
) -> tuple[EventAnalysis, dict[str, tuple[QualityFlag, ...]]]:
    """The analysis of one event and the quality flags of its articles (article id -> flags)."""
    return _finish_event(_prepare_event(event, articles, mentions=mentions, duplicate_groups=duplicate_groups,
                                        config=config), config)


@dataclass
class _Prepared:
    """An event's analysis up to the claim parse (``_prepare_event``), finished by ``_finish_event``."""

    event: Event
    arts: list[Article]
    rep_of: dict[str, str]
    entities: tuple[Entity, ...]
    quantities: list[Quantity]
    links: tuple[QuantityLink, ...]
    classes: dict[str, str]
    dates: list[DateMention]
    quotes: list[Quote]
    flags: dict[str, tuple[QualityFlag, ...]]
    weight_of: dict[str, float]
    facts_plan: FactPlan
    accounts_plan: AccountsPlan

    def parse_texts(self) -> list[str]:
        """The sentences the facts and the differing accounts of the event parse."""
        return [*facts_parse_texts(self.facts_plan, self.arts), *self.accounts_plan.texts]

    def size(self) -> int:
        """Its claims (the plan holds their square: the similarity matrix)."""
        return len(self.facts_plan.claims)


def _prepare_event(
    event: Event,
    articles: Sequence[Article],
    *,
    mentions: dict[str, list[RawMention]],
    duplicate_groups: Sequence[DuplicateGroup],
    config: FactsConfig,
) -> _Prepared:
    by_id = {a.id: a for a in articles}
    arts = [by_id[a] for a in event.articles if a in by_id]
    rep_of = {a.id: a.id for a in arts} | {k: v for k, v in _rep_map(duplicate_groups).items() if k in by_id}
    entities = resolve_entities(arts, mentions, event_id=event.id, similarity=config.name_similarity)

    quantities, conv = [], []
    for a in arts:
        qs = find_quantities(a.text, a.id, a.language)
        quantities.extend(qs)
        conv.extend(conversions(a.text, qs))
    links = link_amounts(quantities, {a.id: a.text for a in arts}, conv, {a.id: a.language for a in arts})
    links = linked_across_languages(links, quantities, {a.id: a for a in arts})  # issue 13: what the amounts measure
    classes = amount_classes(links)

    dates = [d for a in arts for d in article_dates(a)]
    quotes = [q for a in arts for q in find_quotes(a, entities)]

    flags = flag_event_articles(
        arts, sources=event.sources, entities=entities, duplicate_groups=duplicate_groups, config=config
    )
    weight_of = {a.id: source_weight(flags.get(a.id, ())) for a in arts}
    facts_plan = plan_facts(articles=arts, entities=entities, quantities=quantities, amount_class=classes,
                            rep_of=rep_of, threshold=config.fact_threshold)
    accounts_plan = plan_differing({a.id: a for a in arts}, quantities, rep_of)
    return _Prepared(event, arts, rep_of, entities, quantities, links, classes, dates, quotes, flags, weight_of,
                     facts_plan, accounts_plan)


def _finish_event(p: _Prepared, config: FactsConfig) -> tuple[EventAnalysis, dict[str, tuple[QualityFlag, ...]]]:
    event, arts, rep_of, entities, quantities = p.event, p.arts, p.rep_of, p.entities, p.quantities
    notes: list[str] = []
    facts = build_facts(
        event_id=event.id,
        articles=arts,
        entities=entities,
        quantities=quantities,
        amount_class=p.classes,
        rep_of=rep_of,
        weight_of=p.weight_of,
        threshold=config.fact_threshold,
        model=config.spacy_model,
        notes=notes,
        flags=p.flags,
        plan=p.facts_plan,
    )
    differing = differing_accounts(
        event_id=event.id, articles={a.id: a for a in arts}, quantities=quantities, entities=entities, rep_of=rep_of,
        model=config.spacy_model, notes=notes, plan=p.accounts_plan,
    )
    differing = versions_from_facts(facts, differing, quantities, rep_of)
    facts = without_differing(facts, differing, rep_of)
    analysis = EventAnalysis(
        event_id=event.id,
        entities=entities,
        quantities=tuple(quantities),
        quantity_links=p.links,
        dates=tuple(p.dates),
        quotes=tuple(p.quotes),
        facts=facts,
        differing=differing,
        notes=tuple(notes),
    )
    return analysis, p.flags


# Events prepared ahead of their claim parse, so the sentences of several events are parsed in one
# call (``claims.parse_claims``): an event parses ~20 sentences in two calls (facts, differing
# accounts), and a spaCy call on a few texts costs much more per text than one on hundreds (batches
# of ``extract.parse.PARSE_BATCH_SIZE``, and one run of the rule-based pipes over the token keys
# not seen yet). Same rows whatever the batching (tests/test_parse_speedups.py), so the same output.
# Replaying the parse of 300 synthetic articles (2,547 sentences in 121 calls, shared 2-core machine):
# 8.5-12.4 s of CPU as 121 calls, 7.8-8.9 s in runs of 24 calls (the memo of rule-based pipes cold or warm);
# the pipeline's digest run went from 38.6 to 36.7 s with the sentence_problem memo.
# Bounded by events and by claims held (a prepared event holds the square of its claims).
PARSE_AHEAD_EVENTS = 32
PARSE_AHEAD_CLAIMS = 3000


def _prepared_runs(
    events: Sequence[Event], prepare: Callable[[Event], _Prepared]
) -> Iterator[list[_Prepared]]:
    """The events prepared, in order, in runs bounded by ``PARSE_AHEAD_EVENTS`` and ``PARSE_AHEAD_CLAIMS``."""
    run: list[_Prepared] = []
    held = 0
    for ev in events:
        p = prepare(ev)
        run.append(p)
        held += p.size()
        if len(run) >= PARSE_AHEAD_EVENTS or held >= PARSE_AHEAD_CLAIMS:
            yield run
            run, held = [], 0
    if run:
        yield run


def analyze_events(
    articles: Sequence[Article],
    *,
    events: Sequence[Event],
    duplicate_groups: Sequence[DuplicateGroup] = (),
    config: FactsConfig = FactsConfig(),
    progress: Progress | None = None,
) -> FactsResult:
    """Cross-source facts for every event; see the module docstring."""
    by_id = {a.id: a for a in articles}
    # NER on one article per duplicate group (the event's sources), all events in one nlp.pipe call:
    # copies get their mentions from the names found (gazetteer pass in resolve_entities).
    sources = list(dict.fromkeys(s for ev in events for s in ev.sources if s in by_id))
    if progress:
        progress(f"extracting entities from {len(sources)} sources")
    mentions = (
        ner_mentions([by_id[s] for s in sources], model=config.spacy_model, max_words=config.ner_words)
        if sources else {}
    )

    analyses, all_flags = [], {}
    done = 0
    for run in _prepared_runs(events, lambda ev: _prepare_event(ev, articles, mentions=mentions,
                                                                duplicate_groups=duplicate_groups, config=config)):
        parse_claims([t for p in run for t in p.parse_texts()], config.spacy_model)  # one call for the run
        for p in run:
            done += 1
            if progress:
                progress(f"cross-source facts for event {done}/{len(events)}")
            analysis, flags = _finish_event(p, config)
            analyses.append(analysis)
            all_flags.update(flags)
    new_events = link_follow_ups(events, analyses, min_entities=config.follow_up_min_entities)
    new_articles = tuple(
        dataclasses.replace(a, flags=all_flags[a.id]) if a.id in all_flags else a for a in articles
    )
    return FactsResult(new_articles, new_events, tuple(analyses))
