"""``clean_text``: the body paragraphs of a text that arrives without its HTML."""

from __future__ import annotations

from collections.abc import Iterable

from ..config import CleanConfig
from ..model import Paragraph
from .classify import classify
from .segment import segment

PARAGRAPH_SEP = "\n\n"


def assemble(items: Iterable[tuple[str, str | None]]) -> tuple[Paragraph, ...]:
    """Paragraphs from ``(text, reason)`` pairs; kept ones (reason None) located in the joined body."""
    out: list[Paragraph] = []
    pos = 0
    for text, reason in items:
        if reason is None:
            start = pos + (len(PARAGRAPH_SEP) if pos else 0)
            out.append(Paragraph(text, True, None, start, start + len(text)))
            pos = start + len(text)
        else:
            out.append(Paragraph(text, False, reason))
    return tuple(out)


def body_text(paragraphs: Iterable[Paragraph]) -> str:
    """The kept paragraphs joined by a blank line (the spans of ``assemble`` point into it)."""
    return PARAGRAPH_SEP.join(p.text for p in paragraphs if p.kept)


def clean_text(
    raw: str, *, title: str = "", config: CleanConfig = CleanConfig(), language: str | None = None
) -> tuple[Paragraph, ...]:
    """Classify every paragraph (or line) of ``raw`` as body or chrome; nothing is dropped silently.

    ``title`` (when ingest separated it out) helps to recognise repeats of the headline and
    off-topic sidebar headlines; it is not part of the result. ``language`` (ISO 639-1) picks
    the stoplist; by default it is detected from the text.
    """
    del config  # the text rules have no per-run settings yet; the parameter keeps the API uniform
    units = segment(raw, language)
    reasons = classify(units, title=title)
    return assemble((u.text, r) for u, r in zip(units, reasons))
