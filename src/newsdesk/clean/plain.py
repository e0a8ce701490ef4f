"""``clean_text``: the body paragraphs of a text that arrives without its HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..config import CleanConfig
from ..model import Paragraph
from .classify import classify
from .segment import last_break, segment

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


_PTB_OPEN = re.compile(r"``\s?|(?<![^\s(\[])''(?=\w)")  # ``x or, where a writer used '' for both, a '' before a word
_PTB_CLOSE = re.compile(r"(?<=\S)\s?''(?!')")


def ptb_quotes(raw: str) -> str:
    """Quotation marks written as two backquotes and two apostrophes (``like this'', the Penn
    Treebank style of LDC newswire such as DUC's) as typographic ones ("like this"), so that the
    brief's rules see the quotation and its speaker. Text without ````` is returned unchanged: a
    pair of apostrophes alone is no quotation mark."""
    if "``" not in raw:
        return raw
    return _PTB_CLOSE.sub("”", _PTB_OPEN.sub("“", raw))


# The AP wire's dash, a lone underscore between words ("The SLORC _ State Law and Order Restoration
# Council _ which took over ..."), as the dash a reader expects.
_WIRE_DASH = re.compile(r"(?<=\S) _ (?=\S)")


def wire_dashes(raw: str) -> str:
    """A lone ``_`` between words (the AP wire's dash in LDC newswire) as an em dash; other
    underscores (``snake_case``, ``___``) are left alone."""
    return _WIRE_DASH.sub(" — ", raw) if " _ " in raw else raw


# Two sentences glued where a line break was lost ("... to the dispensaries.The Nevada Tax
# Commission will vote ..."): a lower-case word of three letters or more, its full stop, and a
# capitalised word. A capitalised or dotted word before the stop ("Yahoo.Com", "U.S.Army", "e.g.")
# does not match.
_GLUED = re.compile(r"\b(?<![.@/])([a-z]{3,}[.!?])(?=[A-Z][a-z]+\b)")


def glued_sentences(raw: str) -> str:
    """A space put between two sentences whose boundary lost its space."""
    return _GLUED.sub(r"\1 ", raw)


# A video player's close button left before a paragraph ("CLOSE The Dow Jones industrial average
# plunged ...", USA Today's pages in Multi-News): the label goes, the paragraph stays.
_PLAYER_LABEL = re.compile(r"(?m)^([ \t]*)CLOSE[ \t]+(?=[A-Z][a-z])")


def player_labels(raw: str) -> str:
    return _PLAYER_LABEL.sub(r"\1", raw) if "CLOSE" in raw else raw


def clean_text(
    raw: str, *, title: str = "", config: CleanConfig = CleanConfig(), language: str | None = None
) -> tuple[Paragraph, ...]:
    """Classify every paragraph (or line) of ``raw`` as body or chrome; nothing is dropped silently.

    ``title`` (when ingest separated it out) helps to recognise repeats of the headline and
    off-topic sidebar headlines; it is not part of the result. ``language`` (ISO 639-1) picks
    the stoplist; by default it is detected from the text. A paragraph longer than
    ``config.max_paragraph_chars`` is split at sentence ends first.
    """
    raw = player_labels(glued_sentences(wire_dashes(ptb_quotes(raw))))
    units = segment(raw, language, max_chars=config.max_paragraph_chars)
    reasons = classify(units, title=title)
    return assemble((u.text, r) for u, r in zip(units, reasons))


def cut_text(text: str, max_chars: int) -> tuple[str, int]:
    """``(text, characters cut)``: ``text`` cut to at most ``max_chars`` characters, at the last
    paragraph break in the last quarter before the limit, else at a sentence end or a space."""
    if len(text) <= max_chars:
        return text, 0
    head = text[:max_chars]
    floor = max_chars * 3 // 4
    cut = head.rfind("\n\n", floor)
    if cut < 0:
        cut = last_break(head, floor) or max_chars
    return text[:cut], len(text) - cut


def cut_note(article_label: str, kept: int, cut: int, config: CleanConfig) -> str:
    return (
        f"{article_label}: only the first {kept:,} characters were read; {cut:,} more are over "
        f"max_chars={config.max_chars:,} (raise [clean] max_chars to read them)"
    )
