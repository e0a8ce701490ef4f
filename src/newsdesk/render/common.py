"""What the renderers share: event ordering, source numbering and optional facts sections."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Brief, BriefSentence, Event, Result


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


def counted(n: int, word: str) -> str:
    """"1 article", "4 articles": a count with its noun in the right number (every format says it alike)."""
    return f"{n} {word}{'s' * (n != 1)}"


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


# Flags that make a source's wording untrustworthy: an event resting on such sources only is
# shown with a warning.
WEAK_FLAGS = frozenset({"spun", "machine_translated"})


def date_label(date: str | None, estimated: bool, confidence: float | None) -> str:
    """``2021-02-01 (estimated, confidence 0.12)``; a date that a source states is shown as is."""
    if not date:
        return ""
    if not estimated:
        return date
    return f"{date} (estimated" + (f", confidence {confidence:.2f}" if confidence is not None else "") + ")"


def date_evidence(v: EventView) -> str | None:
    """The event's date evidence for a reader: the article it came from named by its citation
    number ("[2]: dateline ..."), not by its internal id."""
    evidence = v.event.date_evidence
    if not evidence:
        return None
    head, sep, rest = evidence.partition(": ")
    if sep and head in v.number:
        return f"[{v.number[head]}]: {rest}"
    return evidence


def event_date_label(ev: Event) -> str:
    return date_label(ev.date, ev.date_estimated, ev.date_confidence)


def article_date_label(a: Article) -> str:
    return date_label(a.date, a.date_source == "estimated", a.date_confidence)


def weak_sources_warning(v: EventView) -> str | None:
    """A warning when every independent source of the event is spun or machine-translated."""
    srcs = [a for a in v.articles if a.id in v.event.sources] or list(v.articles)
    kinds = [set(flags_of(a)) & WEAK_FLAGS for a in srcs]
    if not srcs or not all(kinds):
        return None
    named = sorted(set().union(*kinds))
    what = " or ".join(k.replace("_", "-") for k in named)
    n = len(srcs)
    return (f"this event rests on {'its only source' if n == 1 else f'{n} sources'}, "
            f"{'a' if n == 1 else 'all'} {what} cop{'y' if n == 1 else 'ies'}: check the wording against an original")


# Names of the languages a brief may quote from (the rest are shown by their ISO code).
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "ar": "Arabic", "tr": "Turkish", "ms": "Malay", "id": "Indonesian", "el": "Greek",
}


def other_language(language: str | None, brief_language: str | None) -> str | None:
    """``language`` as a word ("French") when it is not the brief's; None when it is (or either is
    unknown). What every output marks a sentence, fact or version with (issue 13). Malay and
    Indonesian, one language to the clusterer, are told apart: the mark says what the text is in."""
    if not language or not brief_language:
        return None
    base = language.split("-")[0].lower()
    if base == brief_language.split("-")[0].lower():
        return None
    return LANGUAGE_NAMES.get(base, base)


def sentence_language(v: EventView, brief: Brief, s: BriefSentence) -> str | None:
    """The language of a sentence taken from a source in another language than the brief's, as a
    word ("French"); None when it is in the brief's language (or either is unknown)."""
    src = next((a for a in v.articles if a.id == s.source.doc_id), None)
    return other_language(src.language if src is not None else None, brief.language)


def repair_note(s: BriefSentence) -> str | None:
    """What was repaired in a sentence of a spun copy ("historical past" -> "history", ...)."""
    spun = [e for e in s.edits if e.reason == "spun"]
    if not spun:
        return None
    return "wording repaired (spun source): " + ", ".join(f'"{e.original}" -> "{e.replacement}"' for e in spun)
