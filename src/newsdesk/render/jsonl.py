"""JSON Lines: one event per line, each line complete on its own (schema ``newsdesk.event/1``).

A line holds the event, its brief, its cross-source analysis and its articles (without the text
as read unless ``include_raw``), so a consumer can handle events one at a time without holding
the whole result::

    {"type": "event", "schema": "newsdesk.event/1", "event": {...}, "brief": {...},
     "analysis": {...}, "articles": [...], "duplicate_groups": [...]}

Articles in no event (if any) follow as ``{"type": "article", "article": {...}}``, and records that were skipped, one a line: ``{"type": "skipped", "path", "record", "reason",
"stage"}``. :func:`iter_jsonl` yields the lines one by one: the CLI writes and flushes each as it
is made, so the first events reach a pipe before the last ones are serialised.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..model import Result, to_dict

SCHEMA = "newsdesk.event/1"


def iter_jsonl(result: Result, *, include_raw: bool = False) -> Iterator[str]:
    """The lines (without their newline), events first (in the result's order), then skipped records."""
    by_id = {a.id: a for a in result.articles}
    briefs = {b.event_id: b for b in result.briefs}
    analyses = {a.event_id: a for a in result.analyses}
    for ev in result.events:
        members = set(ev.articles)
        articles = []
        for aid in ev.articles:
            if aid in by_id:
                data = to_dict(by_id[aid])
                if not include_raw:
                    data.pop("raw", None)
                articles.append(data)
        line = {
            "type": "event",
            "schema": SCHEMA,
            "event": to_dict(ev),
            "brief": to_dict(briefs.get(ev.id)),
            "analysis": to_dict(analyses.get(ev.id)),
            "articles": articles,
            "duplicate_groups": [to_dict(g) for g in result.duplicate_groups if members & set(g.members)],
        }
        yield json.dumps(line, ensure_ascii=False)
    placed = {a for ev in result.events for a in ev.articles}
    for a in result.articles:  # in no event (none today: every article is in one): still written
        if a.id not in placed:
            data = to_dict(a)
            if not include_raw:
                data.pop("raw", None)
            yield json.dumps({"type": "article", "article": data}, ensure_ascii=False)
    for s in result.skipped:
        yield json.dumps({"type": "skipped", **to_dict(s)}, ensure_ascii=False)


def to_jsonl(result: Result, *, include_raw: bool = False) -> str:
    return "".join(line + "\n" for line in iter_jsonl(result, include_raw=include_raw))


__all__ = ["SCHEMA", "iter_jsonl", "to_jsonl"]
