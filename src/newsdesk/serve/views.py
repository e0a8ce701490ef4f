"""What the pages and their JSON twins show, assembled from the store (no HTTP here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from ..model import Article, Citation, Result, Span, to_dict
from ..render.common import other_language
from ..store import Store, queries
from ..summarize.spun import spun_wording
from .markup import anchor
from .security import safe_url

__all__ = ["article_view", "cited_spans", "event_view", "events_view", "since_visit"]

FOLLOW_UP_DEPTH = 12  # earlier events shown at most in a follow-up chain


def events_view(store: Store, *, limit: int, offset: int, where: queries.EventFilter | None = None,
                seconds: float = 5.0) -> dict[str, Any]:
    """One page of the events list (filtered by ``where``): rows, the number that pass, all counts."""
    f = where or queries.EventFilter()
    rows, matching = queries.filter_events(store, f, limit=limit, offset=offset, seconds=seconds)  # type: ignore[arg-type]
    total = store.counts()
    return {
        "events": _with_marks(store, [asdict(r) for r in rows]),
        "limit": limit,
        "offset": offset,
        "matching": matching,
        "filters": {k: v for k, v in asdict(f).items() if v},
        "total": total["events"],
        "articles": total["articles"],
    }


def _with_marks(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row of the events list with what its reader must see before opening it: whether the
    date is an estimate (and how sure), and whether every independent source is a spun or
    machine-translated copy (the kinds, as the event page words them)."""
    from ..render.common import WEAK_FLAGS

    events = store.events([r["id"] for r in rows])
    sources = {s for e in events.values() for s in e.sources}
    flags = {a.id: {f.kind for f in a.flags} for a in store.articles(sources).values()} if sources else {}
    for r in rows:
        e = events.get(r["id"])
        r["date_estimated"] = bool(e and e.date_estimated)
        r["date_confidence"] = e.date_confidence if e else None
        kinds = [flags.get(s, set()) & WEAK_FLAGS for s in (e.sources if e else ())]
        r["weak_sources"] = sorted(set().union(*kinds)) if kinds and all(kinds) else []
    return rows


def _href(c: Citation) -> str:
    return f"/articles/{c.article_id}#{anchor(c.span.start, c.span.end)}"


def source_name(a: Article) -> str:
    """Where an article came from, without the folders of the machine it was read on."""
    from pathlib import PurePath

    name = PurePath(a.origin.path.replace("\\", "/")).name or a.origin.path
    return name if a.origin.record is None else f"{name}#{a.origin.record}"


def _label(a: Article) -> str:
    """A title for the reader: the article's, else "Untitled" with its site, date or file."""
    if a.title.strip():
        return a.title
    where = " · ".join(x for x in (a.site, a.date) if x) or source_name(a)
    return f"Untitled ({where})"


def _sentence(s: Any, number: dict[str, int], by_id: dict[str, Article], language: str | None = None) -> dict[str, Any]:
    """A brief sentence with its citations; ``in_language`` names the language of its source when it
    is not the brief's (``language``), as the CLI's outputs mark it."""
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
    src = by_id.get(s.source.doc_id)
    lang = src.language if src is not None else None
    return {"text": s.text, "citations": cites, "language": lang, "in_language": other_language(lang, language)}


def event_view(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event page: brief with citation links, sources and flags, facts, entities, timeline."""
    ev = store.event(event_id)
    if ev is None:
        return None
    # The parts of the event this page shows, read one by one (not load_result, which also decodes
    # every stored extra into dataclasses: 5x slower). The facts stay JSON, read through _Obj.
    by_id = store.articles(ev.articles)
    groups = {g.id: g for g in store.groups_of(ev.articles).values()}
    ordered = [a for a in ev.sources if a in by_id] + [a for a in ev.articles if a not in ev.sources and a in by_id]
    number = {a: i for i, a in enumerate(ordered, 1)}
    copy_of = {m: g.representative for g in groups.values() for m in g.members if m != g.representative}
    brief = store.brief(ev.id)
    stored = store.event_extras([ev.id]).get(ev.id, {}).get("analyses") or []
    analysis = next((_Obj(x) for x in stored if isinstance(x, dict) and x.get("event_id") == ev.id), None)

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
            "url": safe_url(a.url),  # only http(s) addresses become links
            "language": a.language,
            "independent": aid in ev.sources,
            "copy_of": copy_of.get(aid),
            "copy_of_n": number.get(copy_of.get(aid, ""), None),
            "flags": [{"kind": getattr(f, "kind", str(f)), "evidence": getattr(f, "evidence", "")}
                      for f in getattr(a, "flags", ())],
            "removed_paragraphs": len(a.removed),
        })
    timeline = sorted(sources, key=lambda s: (s["date"] is None, s["date"] or "", s["n"]))
    brief_language = brief.language if brief else None
    facts = _facts(analysis, number, by_id, brief_language)
    added = queries.added_at(store, ordered)  # type: ignore[arg-type]
    for src in sources:
        src["added_at"] = added.get(src["id"])
    # The event's id changes when it gains articles; its first stored article does not: the key of
    # "what changed since your last visit".
    anchor_id = _anchor(ordered, added) or ev.id
    return {
        "event": to_dict(ev),
        "visit_key": anchor_id,
        "date_line": _date_line(ev.date_evidence, number, by_id),
        "follow_up_chain": _chain(store, ev),
        "follow_up_evidence": ev.follow_up_evidence,
        "followed_by": _with_marks(store, [asdict(e) for e in queries.follow_ups(store, ev.id)]),  # type: ignore[arg-type]
        "headline": brief.headline.text if brief and brief.headline else (sources[0]["title"] if sources else ev.id),
        "headline_citations": _sentence(brief.headline, number, by_id)["citations"] if brief and brief.headline else [],
        "language": brief_language,
        "brief": [_sentence(s, number, by_id, brief_language) for s in brief.sentences] if brief else [],
        "brief_pending": brief is None,
        "sources": sources,
        "timeline": [{"date": s["date"], "n": s["n"], "id": s["id"], "title": s["title"], "site": s["site"],
                      "independent": s["independent"]} for s in timeline],
        **facts,
    }


class _Obj:
    """Attribute access to stored JSON (``x.facts[0].claims[0].span.start``), so the facts of an
    event are shown without decoding them into dataclasses first."""

    __slots__ = ("_d",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._d = data

    def __getattr__(self, name: str) -> Any:
        try:
            value = self._d[name]
        except KeyError:
            raise AttributeError(name) from None
        if isinstance(value, dict):
            return _Obj(value)
        if isinstance(value, list):
            return tuple(_Obj(v) if isinstance(v, dict) else v for v in value)
        return value


def _date_line(evidence: str | None, number: dict[str, int], by_id: dict[str, Article]) -> dict[str, Any] | None:
    """The event's date evidence with the article named by its number and title, not its id."""
    if not evidence:
        return None
    head, sep, rest = evidence.partition(": ")
    if sep and head in by_id:
        return {"n": number.get(head), "article_id": head, "title": _label(by_id[head]), "text": rest}
    return {"n": None, "article_id": None, "title": None, "text": evidence}


def _anchor(article_ids: Sequence[str], added: Mapping[str, str | None]) -> str | None:
    """An event's first stored article: unlike the event id (a digest of its articles), it stays
    when the event gains articles."""
    return min(article_ids, key=lambda a: (added.get(a) or "", a)) if article_ids else None


def anchors(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    """event id -> its first stored article (for ids that stay across growth: feed entries)."""
    events = store.events(list(event_ids))
    added = queries.added_at(store, [a for e in events.values() for a in e.articles])  # type: ignore[arg-type]
    return {eid: a for eid, e in events.items() if (a := _anchor(e.articles, added))}


def _chain(store: Store, ev: Any) -> list[dict[str, Any]]:
    """The events this one follows up, nearest first: each with its headline, date and why."""
    out: list[dict[str, Any]] = []
    seen = {ev.id}
    cur = ev
    while cur.follow_up_of and cur.follow_up_of not in seen and len(out) < FOLLOW_UP_DEPTH:
        earlier = store.event(cur.follow_up_of)
        if earlier is None:
            break
        row = queries.summaries(store, [earlier.id]).get(earlier.id)  # type: ignore[arg-type]
        out.append({"id": earlier.id, "date": earlier.date, "headline": row.headline if row else None,
                    "evidence": cur.follow_up_evidence})
        seen.add(earlier.id)
        cur = earlier
    return _with_marks(store, out)  # an estimated date is marked there too


def since_visit(view: dict[str, Any], last: float | None) -> dict[str, Any] | None:
    """What changed in an event since the reader last opened it (``last``: a UNIX time), or None
    on a first visit: the articles added since, the brief sentences only they state (``new_sentences``:
    news to this reader) and those they state too (``confirmed_sentences``: what the reader has read,
    now with one more source; marked apart, so "new" never sits on a sentence an older source gave)."""
    from datetime import UTC, datetime

    if last is None:
        return None
    when = datetime.fromtimestamp(last, UTC)

    def after(stamp: str | None) -> bool:
        try:
            return stamp is not None and datetime.fromisoformat(stamp) > when
        except ValueError:
            return False

    new = [s for s in view["sources"] if after(s.get("added_at"))]
    new_ids = {s["id"] for s in new}
    cited = [{c["article_id"] for c in s["citations"]} for s in view["brief"]]
    sentences = [i for i, ids in enumerate(cited) if ids and ids <= new_ids]
    confirmed = [i for i, ids in enumerate(cited) if ids & new_ids and not ids <= new_ids]
    return {
        "last_visit": when.strftime("%Y-%m-%d %H:%M UTC"),
        "new_sources": [{"n": s["n"], "id": s["id"], "title": s["title"], "site": s["site"]} for s in new],
        "new_sentences": sentences,
        "confirmed_sentences": confirmed,
        "updated": bool(new),
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


def _language(x: Any, brief_language: str | None) -> dict[str, Any]:
    """``language`` of a stored fact, point or version (None in stores written before it was kept) and
    ``in_language``: its name when it is not the brief's language, what the page marks (issue 13)."""
    lang = getattr(x, "language", None)
    return {"language": lang, "in_language": other_language(lang, brief_language)}


def _facts(analysis: Any, number: dict[str, int], by_id: dict[str, Article],
           brief_language: str | None = None) -> dict[str, Any]:
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
            **_language(f, brief_language),
        })
    differing = []
    for d in analysis.differing:
        differing.append({
            "id": d.id,
            "point": d.point,
            "kind": d.kind,
            **_language(d, brief_language),
            "variants": [{
                "value": v.value,
                "sources": len(v.sources),
                "speakers": list(v.speakers),
                "claims": _claim_links(v.claims, number, by_id),
                **_language(v, brief_language),
            } for v in d.variants],
        })
    entities = [{
        "canonical": e.canonical,
        "type": e.type,
        "articles": len(e.articles),
        "surfaces": [x for x in e.surfaces if not spun_wording(x)],  # the page shows them: no spun wording
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


def article_view(store: Store, article_id: str,
                 extras: Callable[[str], dict[str, Any]] | None = None) -> tuple[Article, dict[str, Any]] | None:
    """``extras(event_id)``: the event's stored extras, when the caller keeps them (the web app,
    for every article of an event: decoding them is most of this view)."""
    a = store.article(article_id)
    if a is None:
        return None
    event_id = store.event_ids_of([article_id]).get(article_id)
    spans: list[Span] = []
    headline = None
    if event_id:  # the brief and the stored facts only: loading the whole event would cost 10x more
        brief = store.brief(event_id)
        headline = brief.headline.text if brief and brief.headline else None
        for sent in ([brief.headline] if brief and brief.headline else []) + list(brief.sentences if brief else ()):
            spans.extend(c.span for c in sent.citations if c.article_id == article_id)
        stored = extras(event_id) if extras is not None else store.event_extras([event_id]).get(event_id, {})
        for an in stored.get("analyses") or []:
            claims = [c for f in an.get("facts", ()) for c in f.get("claims", ())]
            claims += [c for d in an.get("differing", ()) for v in d.get("variants", ()) for c in v.get("claims", ())]
            spans.extend(Span(article_id, int(c["span"]["start"]), int(c["span"]["end"]))
                         for c in claims if c.get("article_id") == article_id and c.get("span"))
    group = store.groups_of([article_id]).get(article_id)
    data = to_dict(a)
    data.update({
        "event_id": event_id,
        "event_headline": headline,
        "cited": sorted({(s.start, s.end) for s in spans}),
        "duplicate_group": to_dict(group) if group else None,
        "link": safe_url(a.url),  # only http(s) addresses become links
        "source_name": source_name(a),
        "label": _label(a),
    })
    return a, data
