"""What the renderers share: event ordering, source numbering and optional facts sections."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Brief, Event, Result


@dataclass(frozen=True)
class EventView:
    """An event prepared for display: its brief and its articles numbered [1], [2], ..."""

    event: Event
    brief: Brief | None
    articles: tuple[Article, ...]  # display order: independent sources first, then copies
    number: dict[str, int]  # article id -> citation number

    def cite(self, article_ids: list[str]) -> list[int]:
        return sorted({self.number[a] for a in article_ids if a in self.number})


def event_views(result: Result) -> list[EventView]:
    by_id = {a.id: a for a in result.articles}
    views = []
    for ev in result.events:
        ordered = [a for a in ev.sources if a in by_id] + [a for a in ev.articles if a not in ev.sources and a in by_id]
        arts = tuple(by_id[a] for a in ordered)
        views.append(EventView(ev, result.brief_for(ev.id), arts, {a.id: i for i, a in enumerate(arts, 1)}))
    return views


def copy_of(result: Result) -> dict[str, str]:
    """article id -> representative id, for every non-representative member of a duplicate group."""
    out = {}
    for g in result.duplicate_groups:
        for m in g.members:
            if m != g.representative:
                out[m] = g.representative
    return out


def article_label(a: Article) -> str:
    return a.title or a.origin.label()


def facts_section(kind: str, result: Result, event: Event) -> str:
    """Cross-source facts for one event (``kind`` is ``markdown`` or ``html``), empty when not available."""
    try:
        from . import facts
    except ImportError:
        return ""
    fn = getattr(facts, f"{kind}_section", None)
    return fn(result, event) if fn else ""


def flags_of(a: Article) -> list[str]:
    """Short names of an article's quality flags (empty when the facts stage did not run)."""
    return [getattr(f, "kind", str(f)) for f in getattr(a, "flags", ())]
