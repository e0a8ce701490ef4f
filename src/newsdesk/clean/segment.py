"""Cut raw text into units (paragraphs or lines) and compute the cues the classifier uses.

A block separated by blank lines is one unit when its lines are hard-wrapped prose; otherwise each
of its lines is a unit (a heading line glued to the lede, a list, a comment thread). Inner
whitespace is collapsed: the unit text is what the cleaned body will contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import paragraph_spans, words

_WS = re.compile(r"\s+")
# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$|[\"”’»][.!?,]?$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")

# A line of a block this long or longer that ends without punctuation, followed by more text,
# is a hard wrap (e-mail, plain-text archives wrap at 60-80 characters) rather than a heading.
WRAP_MIN_CHARS = 50


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    words: tuple[str, ...]
    terminal: bool  # ends like a sentence
    ellipsis: bool  # ends with "..." or "…" (a truncated teaser, usually)
    stop_density: float  # share of words that are stopwords (jusText's main cue)

    @property
    def n_words(self) -> int:
        return len(self.words)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jusText's English stoplist (ships with trafilatura's dependencies)."""
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist("English"))


def make_unit(text: str) -> Unit:
    t = _WS.sub(" ", text).strip()
    ws = tuple(words(t))
    sw = stopwords()
    density = sum(1 for w in ws if w in sw) / len(ws) if ws else 0.0
    return Unit(t, ws, bool(_TERMINAL.search(t)), bool(_ELLIPSIS.search(t)), density)


def _is_wrapped(lines: list[str]) -> bool:
    """True when the block's line breaks are hard wraps inside running prose."""
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    wraps = sum(1 for ln in inner if len(ln) >= WRAP_MIN_CHARS and not _TERMINAL.search(ln))
    lower_next = sum(1 for nxt in lines[1:] if nxt[:1].islower())
    return wraps * 2 >= len(inner) + 1 or lower_next * 2 >= len(inner) + 1


def segment(raw: str) -> list[Unit]:
    """Units of ``raw`` in reading order; together they hold every word of ``raw``."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    units: list[Unit] = []
    for s, e in paragraph_spans(text):
        lines = [ln.strip() for ln in text[s:e].split("\n") if ln.strip()]
        if _is_wrapped(lines):
            units.append(make_unit(" ".join(lines)))
            continue
        # Join only the lines that are wrapped mid-sentence (next line starts in lower case).
        cur = lines[0]
        for ln in lines[1:]:
            if ln[:1].islower() and not _TERMINAL.search(cur):
                cur = f"{cur} {ln}"
            else:
                units.append(make_unit(cur))
                cur = ln
        units.append(make_unit(cur))
    return [u for u in units if u.text]


def content_words(u: Unit) -> set[str]:
    """Crude stems of the non-stopwords: enough to tell whether two passages share a topic."""
    sw = stopwords()
    return {_stem(w) for w in u.words if w not in sw and len(w) > 2 and not w.isdigit()}


def _stem(w: str) -> str:
    # A prefix of 6 letters merges most inflections (election/elections, protest/protesters)
    # without a stemmer dependency; good enough for an overlap cue.
    return w[:6]
