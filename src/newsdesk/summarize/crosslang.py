"""Briefs across languages: one output language, citing the sources in other languages.

An event's articles may be in several languages (the cluster step joins them, see
``cluster/crosslang.py``). Its brief is written in one language (``SummarizeConfig.lang``, or
else the language most of its sources are written in, English on a tie): sentences are taken
from the sources in that language where there are any, and a source in another language is
cited for a sentence when it states the same thing. When no source is in the output language,
the brief is made from the others and each sentence carries its language
(``BriefSentence.language``), which the renderers show.

"States the same thing" across languages cannot be told by shared words (TF-IDF), so it is told
by the anchors that do not change with the language: numbers (read in the sentence's language:
"2,4" is two point four in French; an amount counts by its value, so "1.500 millones de
dólares" and "15亿美元" meet "1.5 billion dollars") and names written in the same script. Two sentences state the
same thing when they share at least ``MIN_SHARED_ANCHORS`` anchors and those cover at least
``MIN_ANCHOR_SHARE`` of the smaller sentence's anchors. Hand-checked on the team's multilingual
fixtures (tests/fixtures/multilingual): every cross-language citation there is right; names in
another script (Маррен) are not matched, so a Russian source is cited only by its numbers.
An embedding model would also match paraphrases without numbers or names; it costs about half
a second a sentence here, so it is used for articles (cluster step), not for every sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..caches import cached
from ..cluster.crosslang import language_key
from ..cluster.crosslang import mixed as cluster_mixed
from ..extract.numbers_lang import number_style
from ..extract.quantities import find_quantities
from ..model import Article
from ..text import stop_words

MIN_SHARED_ANCHORS = 2
MIN_ANCHOR_SHARE = 0.5

# Languages that write 2,4 for two point four (and 3.000 or 3 000 for three thousand).
DECIMAL_COMMA = frozenset({"fr", "de", "es", "it", "pt", "nl", "ru", "pl", "cs", "sk", "sv", "da", "no",
                           "nb", "fi", "tr", "ro", "hu", "id", "ms", "uk", "bg", "el", "hr", "sl", "sr"})
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_CAP = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]{2,}"
_NAME = re.compile(rf"(?<![\w-])({_CAP}(?: {_CAP})*)")  # "Ostrava Energy" is one name, one anchor


def output_language(sources: Sequence[Article], wanted: str = "") -> str | None:
    """``wanted`` when given, else the language most sources are written in (English on a tie,
    then alphabetical); None when no source has a known language."""
    if wanted:
        return wanted
    counts = Counter(a.language for a in sources if a.language)
    if not counts:
        return None
    top = max(counts.values())
    best = sorted(lang for lang, n in counts.items() if n == top)
    return "en" if "en" in best else best[0]


def split_by_language(
    sources: Sequence[Article], language: str | None
) -> tuple[list[Article], list[Article]]:
    """(sources in ``language`` or of unknown language, the others). When none is in
    ``language``, the sources in their own majority language are used (the brief's sentences
    are then in that language, marked by the renderers) and the rest are cited."""
    if language is None:
        return list(sources), []
    want = language_key(language)
    inside = [a for a in sources if language_key(a.language) in (None, want)]
    if not inside:
        fallback = output_language(sources)
        if fallback is None or language_key(fallback) == want:
            return list(sources), []
        return split_by_language(sources, fallback)
    return inside, [a for a in sources if language_key(a.language) not in (None, want)]


def mixed(articles: Sequence[Article]) -> bool:
    """True when the articles are written in two or more languages (as the cluster step counts
    them: Malay and Indonesian are one, ``cluster.crosslang.language_key``)."""
    return cluster_mixed([a.language for a in articles])


@cached(maxsize=65_536)
def anchors(text: str, language: str | None) -> frozenset[str]:
    """Numbers (normalised: "2,4" in French and "2.4" in English are "2.4"; "3 000", "3.000" and
    "3,000" are "3000") and capitalised words of three letters or more that are not stop words."""
    style = number_style(language)
    comma_decimal = style.decimal == "," if style is not None else language in DECIMAL_COMMA
    out: set[str] = set()
    # An amount counts by its value: "1.500 millones de dólares", "15亿美元" and "1.5 billion
    # dollars" share the anchor 1.5e+09 (extract.quantities reads each in its language).
    covered: list[tuple[int, int]] = []
    for q in find_quantities(text, "", language):
        if q.kind in ("money", "count", "percent"):
            out.add(f"{q.value:.6g}")
            covered.append((q.span.start, q.span.end))
    for m in _NUMBER.finditer(text):
        if not any(s <= m.start() < e for s, e in covered):
            out.add(_number(m.group(), comma_decimal))
    stop = stop_words(language or "en", source="justext")
    en = stop_words("en", source="justext")
    for m in _NAME.finditer(text):
        words = m.group(1).lower().split()
        while words and (words[0] in stop or words[0] in en):
            words = words[1:]  # "Le", "Die", "The" opening a sentence or a name
        if words:
            out.add(re.sub(r"['’]s?$", "", " ".join(words)))
    return frozenset(x for x in out if x)


def _number(raw: str, comma_decimal: bool) -> str:
    dec, thou = (",", ".") if comma_decimal else (".", ",")
    t = re.sub(r"[\u00a0\u202f ]", "", raw)  # spaces group thousands in French and Russian
    t = re.sub(rf"\{thou}(?=\d{{3}}(?!\d))", "", t)  # a group separator is followed by three digits
    t = t.replace(dec, ".")
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t


def anchor_similarity(texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
    """n x n: for two sentences in different languages, the share of the smaller anchor set they
    share (0 below ``MIN_SHARED_ANCHORS`` or ``MIN_ANCHOR_SHARE``); 0 within one language."""
    n = len(texts)
    out = np.zeros((n, n))
    sets = [anchors(t, lang) for t, lang in zip(texts, languages)]
    for i in range(n):
        if not sets[i]:
            continue
        for j in range(i + 1, n):
            if language_key(languages[i]) == language_key(languages[j]) or not sets[j]:
                continue
            shared = len(sets[i] & sets[j])
            share = shared / min(len(sets[i]), len(sets[j]))
            if shared >= MIN_SHARED_ANCHORS and share >= MIN_ANCHOR_SHARE:
                out[i, j] = out[j, i] = share
    return out


__all__ = ["anchor_similarity", "anchors", "mixed", "output_language", "split_by_language"]
