"""Flat tables of a result: ``records(result, table)`` (lists of dicts, what ``pandas.DataFrame``
takes) and CSV (``newsdesk brief --format csv --table events|articles|facts``).

=============  ==========================================================================
table          one row per
=============  ==========================================================================
``events``     event: date, headline, brief text, article and source counts, ids, sites,
               follow-up link, agreed / differing counts
``articles``   article: its event, title, date (and where it came from), url, site, author,
               language, where it was read, the copy it duplicates, flags, word counts, text
``facts``      fact of an event: statement, agreed or single-source, sources, weight,
               entities, amounts; then each differing account, one row per version
=============  ==========================================================================

Lists (ids, sites, flags) are joined with ``" "`` (ids) or ``"; "`` (names) so that every cell
is a string, a number or empty: a CSV cell and a DataFrame column alike. No pandas import:
``pandas.DataFrame(result.to_records("articles"))`` is the user's one line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from ..model import Result
from .common import copy_of

TABLES = ("events", "articles", "facts")


def records(result: Result, table: str = "events", *, include_raw: bool = False) -> list[dict[str, Any]]:
    """The rows of one table as plain dicts (see the module docstring); ``include_raw`` adds the
    text as read to the articles table."""
    if table not in TABLES:
        raise ConfigError(f"table {table!r} is not known: use one of {', '.join(TABLES)}")
    if table == "events":
        return list(_events(result))
    if table == "articles":
        return list(_articles(result, include_raw))
    return list(_facts(result))


def _join(values: Any, sep: str = " ") -> str:
    return sep.join(str(v) for v in values if v)


def _events(result: Result) -> Iterator[dict[str, Any]]:
    by_id = {a.id: a for a in result.articles}
    briefs = {b.event_id: b for b in result.briefs}
    analyses = {a.event_id: a for a in result.analyses}
    for ev in result.events:
        brief = briefs.get(ev.id)
        an = analyses.get(ev.id)
        sites = sorted({by_id[a].site for a in ev.sources if a in by_id and by_id[a].site})
        yield {
            "event_id": ev.id,
            "date": ev.date or "",
            "headline": brief.headline.text if brief and brief.headline else "",
            "brief": " ".join(s.text for s in brief.sentences) if brief else "",
            "words": brief.words if brief else 0,
            "n_articles": len(ev.articles),
            "n_sources": len(ev.sources),
            "sites": _join(sites, "; "),
            "articles": _join(ev.articles),
            "sources": _join(ev.sources),
            "follow_up_of": ev.follow_up_of or "",
            "n_agreed_facts": len(an.agreed) if an else 0,
            "n_differing": len(an.differing) if an else 0,
            "date_evidence": ev.date_evidence or "",
        }


def _articles(result: Result, include_raw: bool) -> Iterator[dict[str, Any]]:
    event_of = {a: ev.id for ev in result.events for a in ev.articles}
    sources = {a for ev in result.events for a in ev.sources}
    copies = copy_of(result)
    for a in result.articles:
        row: dict[str, Any] = {
            "article_id": a.id,
            "event_id": event_of.get(a.id, ""),
            "title": a.title,
            "date": a.date or "",
            "date_source": a.date_source or "",
            "url": a.url or "",
            "site": a.site or "",
            "author": a.author or "",
            "language": a.language or "",
            "origin": a.origin.label(),
            "format": a.origin.format,
            "independent_source": a.id in sources,
            "copy_of": copies.get(a.id, ""),
            "flags": _join((f.kind for f in a.flags), "; "),
            "words": len(a.text.split()),
            "removed_paragraphs": len(a.removed),
            "text": a.text,
        }
        if include_raw:
            row["raw"] = a.raw
        yield row


def _facts(result: Result) -> Iterator[dict[str, Any]]:
    for an in result.analyses:
        for f in an.facts:
            yield {
                "event_id": an.event_id,
                "fact_id": f.id,
                "kind": "agreed" if len(f.sources) >= 2 else "single source",
                "statement": f.statement,
                "point": "",
                "n_sources": len(f.sources),
                "sources": _join(f.sources),
                "articles": _join(f.articles),
                "weight": round(f.weight, 4),
                "entities": _join(f.entities, "; "),
                "quantities": _join(f.quantities),
            }
        for d in an.differing:
            for v in d.variants:
                yield {
                    "event_id": an.event_id,
                    "fact_id": d.id,
                    "kind": f"differing ({d.kind})",
                    "statement": v.value,
                    "point": d.point,
                    "n_sources": len(v.sources),
                    "sources": _join(v.sources),
                    "articles": _join(v.articles),
                    "weight": "",
                    "entities": _join(v.speakers, "; "),
                    "quantities": _join(v.quantities),
                }


def to_csv(result: Result, *, table: str = "events", include_raw: bool = False) -> str:
    """One table as CSV (RFC 4180 quoting, a header row, ``\\r\\n`` line ends as the csv module writes)."""
    rows = records(result, table, include_raw=include_raw)
    out = io.StringIO()
    fields = list(rows[0]) if rows else _header(table, include_raw)
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _header(table: str, include_raw: bool) -> list[str]:
    """The columns of an empty table (a header row is still written)."""
    from ..model import Article, Origin

    if table == "articles":
        probe = Result(articles=(Article("x", Origin("x", "text"), ""),), duplicate_groups=(), events=(), briefs=())
        return list(records(probe, "articles", include_raw=include_raw)[0])
    if table == "events":
        from ..model import Event

        probe = Result(articles=(), duplicate_groups=(), events=(Event("x", (), ()),), briefs=())
        return list(records(probe, "events")[0])
    return ["event_id", "fact_id", "kind", "statement", "point", "n_sources", "sources", "articles", "weight",
            "entities", "quantities"]


__all__ = ["TABLES", "records", "to_csv"]
