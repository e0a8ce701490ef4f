"""JSON Lines: one event per line, each line complete on its own (schema ``newsdesk.event/1``).

A line holds the event, its brief, its cross-source analysis and its articles (without the text
as read unless ``include_raw``), so a consumer can handle events one at a time without holding
the whole result::

    {"type": "event", "schema": "newsdesk.event/1", "event": {...}, "brief": {...},
     "analysis": {...}, "articles": [...], "duplicate_groups": [...]}

Articles in no event (if any) follow as ``{"type": "article", "article": {...}}``, and records that were skipped, one a line: ``{"type": "skipped", "path", "record", "reason",
"stage"}``. :func:`iter_jsonl` yields the lines of a finished result (events in its order, newest
first). :func:`iter_stream_jsonl` yields them from a ``pipeline.Stream`` as each event is finished:
``newsdesk brief --format jsonl`` writes and flushes each line then, so the first events reach a
pipe while later ones are still being analysed. A stream's events come oldest first (undated
last), so an event's ``follow_up_of`` always names an event of an earlier line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import Article, DuplicateGroup, Event, Result, to_dict

SCHEMA = "newsdesk.event/1"


def iter_jsonl(result: Result, *, include_raw: bool = False) -> Iterator[str]:
    """The lines (without their newline), events first (in the result's order), then skipped records."""
    by_id = {a.id: a for a in result.articles}
    briefs = {b.event_id: b for b in result.briefs}
    analyses = {a.event_id: a for a in result.analyses}
    groups = _groups_of(result.duplicate_groups)
    for ev in result.events:
        members = [by_id[a] for a in ev.articles if a in by_id]
        yield event_line(ev, briefs.get(ev.id), analyses.get(ev.id), members, groups, include_raw=include_raw)
    placed = {a for ev in result.events for a in ev.articles}
    # in no event (none today: every article is in one): still written
    yield from _tail([a for a in result.articles if a.id not in placed], result.skipped, include_raw)


def iter_stream_jsonl(stream: Any, *, include_raw: bool = False) -> Iterator[str]:
    """The lines of a ``pipeline.Stream``, each made as its event is finished (oldest first),
    then the articles in no event and the skipped records."""
    groups = _groups_of(stream.duplicate_groups)
    for done in stream:
        yield event_line(done.event, done.brief, done.analysis, done.articles, groups, include_raw=include_raw)
    yield from _tail(stream.unplaced(), stream.skipped, include_raw)


def event_line(
    event: Event,
    brief: Any,
    analysis: Any,
    articles: Sequence[Article],
    groups: Mapping[str, Sequence[tuple[int, DuplicateGroup]]],
    *,
    include_raw: bool = False,
) -> str:
    """One event's line: ``articles`` are its members (with their flags); ``groups`` maps an
    article id to the duplicate groups holding it (:func:`_groups_of`)."""
    mine = sorted({i: g for a in event.articles for i, g in groups.get(a, ())}.items())
    line = {
        "type": "event",
        "schema": SCHEMA,
        "event": to_dict(event),
        "brief": to_dict(brief),
        "analysis": to_dict(analysis),
        "articles": [_article(a, include_raw) for a in articles],
        "duplicate_groups": [to_dict(g) for _, g in mine],
    }
    return json.dumps(line, ensure_ascii=False)


def _groups_of(groups: Sequence[DuplicateGroup]) -> dict[str, list[tuple[int, DuplicateGroup]]]:
    """Article id -> the (position, group) of each duplicate group it is a member of."""
    out: dict[str, list[tuple[int, DuplicateGroup]]] = {}
    for i, g in enumerate(groups):
        for m in g.members:
            out.setdefault(m, []).append((i, g))
    return out


def _article(article: Article, include_raw: bool) -> dict[str, Any]:
    data = to_dict(article)
    if not include_raw:
        data.pop("raw", None)
    return data


def _tail(unplaced: Iterable[Article], skipped: Iterable[Any], include_raw: bool) -> Iterator[str]:
    for a in unplaced:
        yield json.dumps({"type": "article", "article": _article(a, include_raw)}, ensure_ascii=False)
    for s in skipped:
        yield json.dumps({"type": "skipped", **to_dict(s)}, ensure_ascii=False)


def to_jsonl(result: Result, *, include_raw: bool = False) -> str:
    return "".join(line + "\n" for line in iter_jsonl(result, include_raw=include_raw))


__all__ = ["SCHEMA", "event_line", "iter_jsonl", "iter_stream_jsonl", "to_jsonl"]
