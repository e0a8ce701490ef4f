"""Cut raw text into units (paragraphs or lines) and compute the cues the classifier uses.

A block separated by blank lines is one unit when its lines are hard-wrapped prose; otherwise each
of its lines is a unit (a heading line glued to the lede, a list, a comment thread). A unit that
stops mid-sentence is joined to the next when that one goes on in lower case (``<br>``-broken
pages). Inner whitespace is collapsed: the unit text is what the cleaned body will contain.

Each unit carries jusText's cues (length, stopword density in the text's language, told by
``newsdesk.text.detect_language``), whether it ends like a sentence, and whether it is cut off
with "...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..text import (
    CJK,
    CJK_CHARS_PER_WORD,
    NO_SPACE_LANGUAGES,
    detect_language,
    paragraph_spans,
    stem,
    stop_words,
    words,
)

_WS = re.compile(r"\s+")
# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_TERMINAL = re.compile(r"[.!?:;…。！？][\"'”’»)\]」』）]*$|[\"”’»」』][.!?,。]?$")
# Only a line of at least this many words is taken for a sentence cut in two (shorter ones
# are menu items and labels: "Share this article" / "ab / cd (dpa, AFP)").
BROKEN_MIN_WORDS = 6
# A line that stops where a sentence cannot end: on a comma, a hyphen or a lower-case word.
_BROKEN_END = re.compile(r"(?:[,;–-]|\b[a-z][\w']*)$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")

# A line of a block this long or longer that ends without punctuation, followed by more text,
# is a hard wrap (e-mail, plain-text archives wrap at 60-80 characters) rather than a heading.
WRAP_MIN_CHARS = 50

# Passages shorter than this are not used to tell the language.
LANG_SAMPLE_MIN_CHARS = 40

# The default bound on a unit's length (``CleanConfig.max_paragraph_chars`` is the setting).
MAX_UNIT_CHARS = 30_000


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    words: tuple[str, ...]
    terminal: bool  # ends like a sentence
    ellipsis: bool  # ends with "..." or "…" (a truncated teaser, usually)
    stop_density: float  # share of words that are stopwords (jusText's main cue); 1.0 when unknown
    size: float  # length in words (CJK runs counted by characters)
    language: str = "en"  # ISO 639-1 code whose stoplist measured stop_density

    @property
    def n_words(self) -> int:
        return len(self.words)


def stopwords(language: str = "en") -> frozenset[str]:
    """jusText's stoplist for an ISO 639-1 code; English's when jusText has none (the cue weakens,
    not breaks). jusText's lists, not the kit's default English list, because stop-word density is
    jusText's cue and its thresholds here (classify.py) were calibrated with these lists."""
    return stop_words(language, source="justext") or stop_words("en", source="justext")


def units_language(texts: list[str]) -> str:
    """ISO 639-1 code of the running prose among unit texts (``newsdesk.text.detect_language``);
    English when unsure. Only sentence-like passages are sampled, longest first: menus and CSS
    class lists fool the model."""
    prose = [t for t in texts if _TERMINAL.search(t) and len(t) >= LANG_SAMPLE_MIN_CHARS]
    return detect_language("\n".join(sorted(prose or texts, key=len, reverse=True)[:20])) or "en"


def make_unit(text: str, language: str = "en") -> Unit:
    t = _WS.sub(" ", text).strip()
    ws = tuple(words(t))
    n_cjk = len(CJK.findall(t))
    if language in NO_SPACE_LANGUAGES or n_cjk > len(t) / 3:
        density = 1.0
        size = n_cjk / CJK_CHARS_PER_WORD + sum(1 for w in ws if not CJK.search(w))
    else:
        sw = stopwords(language)
        density = sum(1 for w in ws if w in sw) / len(ws) if ws else 0.0
        size = float(len(ws))
    return Unit(t, ws, bool(_TERMINAL.search(t)), bool(_ELLIPSIS.search(t)), density, size, language)


def _is_wrapped(lines: list[str]) -> bool:
    """True when the block's line breaks are hard wraps inside running prose."""
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    wraps = sum(1 for ln in inner if len(ln) >= WRAP_MIN_CHARS and not _TERMINAL.search(ln))
    lower_next = sum(1 for nxt in lines[1:] if nxt[:1].islower())
    return wraps * 2 >= len(inner) + 1 or lower_next * 2 >= len(inner) + 1


def segment(raw: str, language: str | None = None, *, max_chars: int = MAX_UNIT_CHARS) -> list[Unit]:
    """Units of ``raw`` in reading order; together they hold every word of ``raw``.

    ``language`` (ISO 639-1) picks the stoplist; by default it is detected from the text. A unit
    longer than ``max_chars`` is split at sentence ends (:func:`split_long`).
    """
    texts = split_units(raw, max_chars=max_chars)
    lang = language or units_language(texts)
    return [make_unit(t, lang) for t in texts]


_SENTENCE_BREAK = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*\s+")
_SPACE = re.compile(r"\s+")


def last_break(text: str, start: int) -> int:
    """The end of the last sentence end in ``text[start:]`` (else of the last whitespace), or 0."""
    cut = 0
    for m in _SENTENCE_BREAK.finditer(text, start):
        cut = m.end()
    if not cut:
        for m in _SPACE.finditer(text, start):
            cut = m.end()
    return cut


def split_long(text: str, max_chars: int) -> list[str]:
    """``text`` in pieces of at most ``max_chars`` characters, cut after the last sentence end in
    the second half of each window (else at the last whitespace, else hard): a run-on paragraph
    becomes several units, so no later step sees more than ``max_chars`` of it at once."""
    if len(text) <= max_chars:
        return [text]
    out: list[str] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = last_break(window, max_chars // 2) or max_chars
        piece = window[:cut].strip()
        if piece:
            out.append(piece)
        start += cut
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def split_units(raw: str, *, max_chars: int = MAX_UNIT_CHARS) -> list[str]:
    """The unit texts of ``raw`` (whitespace collapsed), in reading order; none longer than
    ``max_chars`` (longer ones are split, :func:`split_long`)."""
    return [piece for u in _split_units(raw) for piece in split_long(u, max_chars)]


def _split_units(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    units: list[str] = []
    for s, e in paragraph_spans(text):
        lines = [ln.strip() for ln in text[s:e].split("\n") if ln.strip()]
        if _is_wrapped(lines):
            units.append(_WS.sub(" ", " ".join(lines)).strip())
            continue
        # Join only the lines that are wrapped mid-sentence (next line starts in lower case).
        cur = lines[0]
        for ln in lines[1:]:
            if ln[:1].islower() and not _TERMINAL.search(cur):
                cur = f"{cur} {ln}"
            else:
                units.append(_WS.sub(" ", cur).strip())
                cur = ln
        units.append(_WS.sub(" ", cur).strip())
    return _join_broken(u for u in units if u)


def _join_broken(units: Iterable[str]) -> list[str]:
    """Join a unit that stops mid-sentence to the next one when that one starts in lower case.

    Pages that break lines with ``<br>`` (or text pasted from them) cut sentences into separate
    blocks: "... looking absolutely stunning in new" / "make-up photos.".
    """
    out: list[str] = []
    for u in units:
        if out and u[:1].islower() and _BROKEN_END.search(out[-1]) and len(out[-1].split()) >= BROKEN_MIN_WORDS:
            out[-1] = f"{out[-1]} {u}"
        else:
            out.append(u)
    return out


def content_words(u: Unit) -> set[str]:
    """Stems of the non-stopwords (the text kit's stemmer for the unit's language): enough to tell
    whether two passages share a topic."""
    sw = stopwords(u.language)
    return {stem(w, u.language) for w in u.words if w not in sw and len(w) > 2 and not w.isdigit()}
