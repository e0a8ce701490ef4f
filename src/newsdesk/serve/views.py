"""What the pages and their JSON twins show, assembled from the store (no HTTP here)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..model import Article, Citation, Result, Span, to_dict
from ..store import Store
from .markup import anchor

__all__ = ["article_view", "cited_spans", "event_view", "events_view"]


def events_view(store: Store, *, limit: int, offset: int) -> dict[str, Any]:
    rows = store.list_events(limit=limit, offset=offset)
    total = store.counts()
    return {
        "events": [asdict(r) for r in rows],
        "limit": limit,
        "offset": offset,
        "total": total["events"],
        "articles": total["articles"],
    }


def _href(c: Citation) -> str:
    return f"/articles/{c.article_id}#{anchor(c.span.start, c.span.end)}"


def _label(a: Article) -> str:
    return a.title or a.origin.label()


def _sentence(s: Any, number: dict[str, int], by_id: dict[str, Article]) -> dict[str, Any]:
    cites = []
    for c in s.citations:
        if c.article_id not in by_id:
            continue
        cites.append({
            "n": number.get(c.article_id),
            "article_id": c.article_id,
            "start": c.span.start,
            "end": c.span.end,
            "score": c.score,
            "href": _href(c),
            "title": _label(by_id[c.article_id]),
        })
    cites.sort(key=lambda c: (c["n"] is None, c["n"] or 0))
    return {"text": s.text, "citations": cites}


def event_view(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event page: brief with citation links, sources and flags, facts, entities, timeline."""
    if store.event(event_id) is None:
        return None
    result = store.load_result([event_id])
    ev = result.events[0]
    by_id = {a.id: a for a in result.articles}
    ordered = [a for a in ev.sources if a in by_id] + [a for a in ev.articles if a not in ev.sources and a in by_id]
    number = {a: i for i, a in enumerate(ordered, 1)}
    copy_of = {m: g.representative for g in result.duplicate_groups for m in g.members if m != g.representative}
    brief = result.brief_for(ev.id)
    analysis = next((x for x in getattr(result, "analyses", ()) if getattr(x, "event_id", None) == ev.id), None)

    sources = []
    for aid in ordered:
        a = by_id[aid]
        sources.append({
            "n": number[aid],
            "id": aid,
            "title": _label(a),
            "site": a.site,
            "date": a.date,
            "date_source": a.date_source,
            "url": a.url,
            "independent": aid in ev.sources,
            "copy_of": copy_of.get(aid),
            "copy_of_n": number.get(copy_of.get(aid, ""), None),
            "flags": [{"kind": getattr(f, "kind", str(f)), "evidence": getattr(f, "evidence", "")}
                      for f in getattr(a, "flags", ())],
            "removed_paragraphs": len(a.removed),
        })
    timeline = sorted(sources, key=lambda s: (s["date"] is None, s["date"] or "", s["n"]))
    facts = _facts(analysis, number, by_id)
    return {
        "event": to_dict(ev),
        "headline": brief.headline.text if brief and brief.headline else (sources[0]["title"] if sources else ev.id),
        "headline_citations": _sentence(brief.headline, number, by_id)["citations"] if brief and brief.headline else [],
        "brief": [_sentence(s, number, by_id) for s in brief.sentences] if brief else [],
        "brief_pending": brief is None,
        "sources": sources,
        "timeline": [{"date": s["date"], "n": s["n"], "id": s["id"], "title": s["title"], "site": s["site"]}
                     for s in timeline],
        **facts,
    }


def _claim_links(claims: Any, number: dict[str, int], by_id: dict[str, Article]) -> list[dict[str, Any]]:
    links = [_claim_link(c, number) for c in claims if c.article_id in by_id]
    return sorted(links, key=lambda c: (c["n"] is None, c["n"] or 0))


def _claim_link(claim: Any, number: dict[str, int]) -> dict[str, Any]:
    span: Span = claim.span
    return {
        "n": number.get(claim.article_id),
        "article_id": claim.article_id,
        "href": f"/articles/{claim.article_id}#{anchor(span.start, span.end)}",
        "text": claim.text,
    }


def _facts(analysis: Any, number: dict[str, int], by_id: dict[str, Article]) -> dict[str, Any]:
    """Agreed and differing facts and entities from the facts stage (empty when it did not run)."""
    if analysis is None:
        return {"facts_available": False, "agreed": [], "single_source": 0, "differing": [], "entities": []}
    agreed = []
    for f in analysis.facts:
        if len(f.sources) < 2:
            continue
        agreed.append({
            "id": f.id,
            "statement": f.statement,
            "sources": len(f.sources),
            "weight": f.weight,
            "claims": _claim_links(f.claims, number, by_id),
        })
    differing = []
    for d in analysis.differing:
        differing.append({
            "id": d.id,
            "point": d.point,
            "kind": d.kind,
            "variants": [{
                "value": v.value,
                "sources": len(v.sources),
                "speakers": list(v.speakers),
                "claims": _claim_links(v.claims, number, by_id),
            } for v in d.variants],
        })
    entities = [{
        "canonical": e.canonical,
        "type": e.type,
        "articles": len(e.articles),
        "surfaces": list(e.surfaces),
    } for e in analysis.entities]
    entities.sort(key=lambda e: (-e["articles"], e["canonical"]))
    return {
        "facts_available": True,
        "agreed": agreed,
        "single_source": sum(1 for f in analysis.facts if len(f.sources) < 2),
        "differing": differing,
        "entities": entities,
    }


def cited_spans(result: Result, article_id: str) -> list[Span]:
    """Every span of ``article_id`` that the event's brief or facts link to."""
    spans: list[Span] = []
    for b in result.briefs:
        for s in ([b.headline] if b.headline else []) + list(b.sentences):
            spans.extend(c.span for c in s.citations if c.article_id == article_id)
    for x in getattr(result, "analyses", ()):
        for f in getattr(x, "facts", ()):
            spans.extend(c.span for c in f.claims if c.article_id == article_id)
        for d in getattr(x, "differing", ()):
            for v in d.variants:
                spans.extend(c.span for c in v.claims if c.article_id == article_id)
    return spans


def article_view(store: Store, article_id: str) -> tuple[Article, dict[str, Any]] | None:
    a = store.article(article_id)
    if a is None:
        return None
    event_id = store.event_ids_of([article_id]).get(article_id)
    spans: list[Span] = []
    headline = None
    if event_id:
        result = store.load_result([event_id])
        spans = cited_spans(result, article_id)
        brief = result.brief_for(event_id)
        headline = brief.headline.text if brief and brief.headline else None
    group = store.groups_of([article_id]).get(article_id)
    data = to_dict(a)
    data.update({
        "event_id": event_id,
        "event_headline": headline,
        "cited": sorted({(s.start, s.end) for s in spans}),
        "duplicate_group": to_dict(group) if group else None,
    })
    return a, data
