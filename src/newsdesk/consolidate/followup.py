"""Follow-ups: a later event that shares the key people and organisations of an earlier one.

Clustering keeps a later occasion apart (its articles' dates are outside the window); this links it
back: ``Event.follow_up_of`` names the earlier event and ``follow_up_evidence`` says why: the key
entities both share, amounts the later one recalls ("the mortgage of $ 1.5 billion" = the loan
the earlier event reported) and dates it recalls ("In September" = the earlier event's month).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from ..extract.entities import translit_key
from ..model import Event, EventAnalysis

KEY_ENTITIES = 6  # people and organisations per event considered "key" (by number of articles naming them)


def key_entities(analysis: EventAnalysis) -> dict[str, str]:
    """Matching key (surname key for people) -> canonical name, for the event's key entities."""
    ents = [e for e in analysis.entities if e.type in ("person", "organisation")]
    ents.sort(key=lambda e: (-len(e.articles), -len(e.mentions), e.canonical))
    out: dict[str, str] = {}
    for e in ents[:KEY_ENTITIES]:
        key = translit_key(e.canonical)
        if e.type == "person":
            key = key.split()[-1] if key else key
        if key:
            out.setdefault(key, e.canonical)
    return out


def _recalled_amounts(earlier: EventAnalysis, later: EventAnalysis) -> list[str]:
    reported = {q.id: q for q in earlier.quantities}
    shared_ids = {i for link in earlier.quantity_links for i in link.quantities}
    key_amounts = {(q.kind, q.unit, round(q.value, 6)) for i, q in reported.items() if i in shared_ids}
    out = []
    for q in later.quantities:
        if (q.kind, q.unit, round(q.value, 6)) in key_amounts and q.kind == "money":
            out.append(f'"{q.text}"')
    return list(dict.fromkeys(out))


def _recalled_dates(earlier: Event, later: EventAnalysis) -> list[str]:
    if not earlier.date:
        return []
    month = earlier.date[:7]
    return list(dict.fromkeys(f'"{d.text}" ({d.date})' for d in later.dates
                              if d.date and d.tense == "past" and (d.date == earlier.date or d.date == month)))


def link_follow_ups(
    events: Sequence[Event], analyses: Sequence[EventAnalysis], *, min_entities: int = 2
) -> tuple[Event, ...]:
    """The events with ``follow_up_of`` set where a later event follows up an earlier one."""
    by_event = {a.event_id: a for a in analyses}
    keys = {e.id: key_entities(by_event[e.id]) for e in events if e.id in by_event}
    out = []
    for ev in events:
        if ev.follow_up_of or not ev.date or ev.id not in keys:
            out.append(ev)
            continue
        best: tuple[int, str, Event, list[str]] | None = None
        for other in events:
            if other.id == ev.id or not other.date or other.date >= ev.date or other.id not in keys:
                continue
            shared = [keys[ev.id][k] for k in keys[ev.id] if k in keys[other.id]]
            if len(shared) < min_entities:
                continue
            cand = (len(shared), other.date, other, shared)
            if best is None or cand[:2] > best[:2]:
                best = cand
        if best is None:
            out.append(ev)
            continue
        _, _, earlier, shared = best
        bits = [f"shares {', '.join(shared)} with the earlier event of {earlier.date}"]
        amounts = _recalled_amounts(by_event[earlier.id], by_event[ev.id])
        if amounts:
            bits.append("recalls the amount " + ", ".join(amounts[:3]))
        dates = _recalled_dates(earlier, by_event[ev.id])
        if dates:
            bits.append("refers back to " + ", ".join(dates[:3]))
        out.append(dataclasses.replace(ev, follow_up_of=earlier.id, follow_up_evidence="; ".join(bits)))
    return tuple(out)


def key_entity_counts(analysis: EventAnalysis) -> Counter[str]:
    return Counter({e.canonical: len(e.articles) for e in analysis.entities})
