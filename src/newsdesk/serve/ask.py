"""Ask an event a question: the brief of a stored event that answers it, for the event page's form
(``/events/{id}/ask?q=...``) and its JSON twin (``/api/events/{id}/ask?q=...``).

The answer is :func:`newsdesk.summarize.query.ask_event`: the pipeline's own ``analyse`` step on the
event's stored articles with ``SummarizeConfig.query`` set, so it is the brief ``newsdesk brief
--query`` gives for that event. Its sentences are numbered and linked like the event page's brief
(the same numbers for the same sources); nothing is stored.
"""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..errors import InputError
from ..store import Store
from . import views


def ask_view(store: Store, event_id: str, question: str, *, config: Config, max_chars: int) -> dict[str, Any] | None:
    """``{"event_id", "question", "headline", "answer": [{"text", "citations"}], "sources"}`` of the
    brief of ``event_id`` that answers ``question``; None for an unknown event. A question longer
    than ``max_chars`` or empty is an :class:`InputError` (the app answers 400 with its message)."""
    from ..summarize.query import ask_event, relevance_terms

    text = question.strip()
    if not text:
        raise InputError("q: give a question to ask the event (q=...)")
    if len(text) > max_chars:
        raise InputError(f"q: the question has {len(text)} characters; at most {max_chars} are read (ask a shorter one)")
    ev = store.event(event_id)
    if ev is None:
        return None
    brief = ask_event(store, event_id, text, config=config)
    if brief is None:
        return None
    by_id = store.articles(ev.articles)
    ordered = [a for a in ev.sources if a in by_id] + [a for a in ev.articles if a not in ev.sources and a in by_id]
    number = {a: i for i, a in enumerate(ordered, 1)}
    answer = [views._sentence(s, number, by_id) for s in brief.sentences]
    return {
        "event_id": ev.id,
        "question": text,
        "terms": relevance_terms(text),
        "headline": brief.headline.text if brief.headline else None,
        "answer": answer,
        "sources": [{"n": number[a], "id": a, "title": views._label(by_id[a]), "site": by_id[a].site,
                     "date": by_id[a].date, "date_source": by_id[a].date_source,
                     "date_confidence": by_id[a].date_confidence} for a in ordered],
    }
