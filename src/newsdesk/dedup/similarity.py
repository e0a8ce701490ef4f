"""Exact similarity measures used to verify duplicate candidates.

Three measures, because copies come in three shapes:

* **shingle Jaccard** (word n-grams, ``DedupConfig.shingle_size``) catches exact and syndicated
  copies: the same words in the same order, perhaps under a different headline.
* **shingle containment** (the share of the shorter text's shingles found in the longer one)
  catches a copy framed by a lot of different chrome, or trimmed: Jaccard drops, containment not.
* **sentence alignment** catches *spun* copies, where a content-spinning tool replaced words by
  synonyms ("loan" -> "mortgage", "close" -> "shut"). Spinning leaves few 5-word shingles intact
  (Jaccard 0.03-0.3) but keeps every sentence in place with about half of its words, so the two
  texts align sentence by sentence, *in order*. Two different articles about the same event
  share a quote or two, in any order, but not most of their sentences. The score is the share of
  words that sit on the best in-order chain of similar sentences, taken on the less-covered side
  (a spun copy covers both sides; a short rewrite quoting a longer story does not).

The word-level edit similarity is computed by rapidfuzz (bit-parallel Indel distance) on strings
where each distinct word is mapped to one private-use character: rapidfuzz's string kernels are
then exactly word-sequence kernels, and ``process.cdist`` compares all sentence pairs at once.

Calibration (``benchmarks/dedup_calibration.py``): hard negatives are the 679 pairs of different
documents inside one Multi-News validation cluster (same story, different outlets; pairs that are
verbatim copies, Jaccard >= 0.5, excluded); positives are synthetic spins of 96 of those documents
replacing 35/50/65% of the words longer than three letters by random words (a synonym is, to
these measures, just a different token), plus the hand-spun fixture in ``tests/fixtures/events``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from ..caches import cached
from ..text import (
    NUMBER_ABBREVIATIONS,
    SENTENCE_OPENERS,
    TITLE_ABBREVIATIONS,
    WORD,
    normalize,
    paragraph_spans,
    words,
)

# Sentences shorter than this many words (headings, bylines, "Advertisement") are ignored by the
# alignment: they match too easily to count as evidence.
MIN_SENTENCE_WORDS = 4

# Two sentences are "similar" when their word-level Indel similarity is at least this. At 0.45
# the hard negatives' alignment stays <= 0.58 while 50%-spun copies score >= 0.89 (99% of them)
# and 65%-spun ones >= 0.77 (95%) (benchmarks/dedup_calibration.py). In the exploration before
# it, 0.6 dropped the 1st percentile of 50%-spun copies to about 0.5, and 0.4 let negatives reach 0.59.
SENTENCE_MATCH = 0.45

# A pair with fewer aligned (or shared) words than this is never a copy: a shared quote is not.
MIN_ALIGNED_WORDS = 40

_PRIVATE_USE = 0xF0000  # Supplementary Private Use Area-A: 65,534 code points, then plane 16


@dataclass(frozen=True)
class Fingerprint:
    """What the measures need from one article, computed once."""

    shingles: np.ndarray  # sorted distinct 64-bit hashes of the word shingles (bands.shingle_hashes)
    sentences: tuple[str, ...]  # each sentence as an encoded word string (see module docstring)
    sentence_words: tuple[int, ...]


@dataclass(frozen=True)
class TextParts:
    """The codec-independent part of a fingerprint, about 16 bytes a word: the shingle hashes, and
    the words of each long enough alignment unit as 64-bit ids (``bands.word_hashes``, viewed as
    int64: the codec only needs to tell words apart)."""

    shingles: np.ndarray
    word_ids: np.ndarray  # the units' words, concatenated
    sentence_words: tuple[int, ...]  # words per unit


class WordCodec:
    """Maps each distinct word id to one character, so word sequences become short strings."""

    def __init__(self) -> None:
        self._codes: dict[int, str] = {}

    def encode(self, ids: Sequence[int]) -> str:
        out = []
        for w in ids:
            c = self._codes.get(w)
            if c is None:
                # Planes 15 and 16 hold 131,068 private-use code points; beyond that wrap around
                # (a collision only makes two rare words compare equal, which is harmless here).
                c = chr(_PRIVATE_USE + len(self._codes) % _CODES)
                self._codes[w] = c
            out.append(c)
        return "".join(out)


_CODES = 0x1FFFC


def pair_fingerprints(
    a: str, b: str, *, shingle_size: int, parts: Callable[[str], TextParts] | None = None
) -> tuple[Fingerprint, Fingerprint]:
    """The fingerprints of two texts with a codec of their own: a pair's scores then do not
    depend on which other texts were fingerprinted before (any partition of the pairs gives the
    same answer), and two texts never hold enough distinct words for the codec to wrap.

    ``parts`` (text -> :func:`text_parts`) replaces the process-wide cache of them: a task that
    reads its texts from a spill keeps its own memo and lets it go when it ends.

    The pair's codec is ``numpy.unique`` over both texts' word ids: each word becomes its rank
    among the pair's distinct words, and a text becomes one UTF-32 string cut into its units
    (a dict lookup per word and pair cost ~8% of duplicate detection at 20,000 articles)."""
    get = parts or (lambda t: _text_parts(t, shingle_size))
    pa, pb = get(a), get(b)
    _, codes = np.unique(np.concatenate([pa.word_ids, pb.word_ids]), return_inverse=True)
    codes = (codes.reshape(-1) % _CODES + _PRIVATE_USE).astype("<u4")
    na = len(pa.word_ids)
    return _encoded(pa, codes[:na]), _encoded(pb, codes[na:])


def fingerprint(text: str, *, shingle_size: int, codec: WordCodec) -> Fingerprint:
    """One text's fingerprint with a codec shared by every text it is compared with."""
    p = _text_parts(text, shingle_size)
    return _encoded(p, None, codec.encode(p.word_ids.tolist()))


def _encoded(p: TextParts, codes: np.ndarray | None, joined: str | None = None) -> Fingerprint:
    if joined is None:
        assert codes is not None
        joined = codes.tobytes().decode("utf-32-le")
    cuts = np.concatenate(([0], np.cumsum(p.sentence_words, dtype=np.int64))).tolist()
    return Fingerprint(
        p.shingles, tuple(joined[cuts[k] : cuts[k + 1]] for k in range(len(p.sentence_words))), p.sentence_words
    )


@cached()
def tokens(text: str) -> tuple[str, ...]:
    """The normalised words of a text (``text.words``), cached per text: sketching, counting and
    verifying all start from them."""
    return tuple(words(text))


@cached()
def _text_parts(text: str, shingle_size: int) -> TextParts:
    """:func:`text_parts`, cached per text: the desk's ingest re-groups stored articles every time."""
    return text_parts(text, shingle_size, tokens(text))


def text_parts(
    text: str, shingle_size: int, words_of_text: Sequence[str], hashes: np.ndarray | None = None
) -> TextParts:
    """The codec-independent part of a fingerprint: the shingle hashes of the words
    (``tokens(text)``, given, with their ``bands.word_hashes`` if known) and the words of each long
    enough alignment unit, as word hashes."""
    from .bands import shingle_hashes, word_hashes

    w = word_hashes(words_of_text) if hashes is None else hashes
    lengths = unit_lengths(text)
    if sum(lengths) == len(w):  # the units cut the text's own words (always so far: see below)
        cuts = np.cumsum([0, *lengths]).tolist()
        keep = [k for k, n in enumerate(lengths) if n >= MIN_SENTENCE_WORDS]
        ids = np.concatenate([w[cuts[k] : cuts[k + 1]] for k in keep]) if keep else w[:0]
        kept = tuple(lengths[k] for k in keep)
    else:  # a paragraph's normalisation changed a word at its edge: hash the units' own words
        units = [u for u in alignment_units(text) if len(u) >= MIN_SENTENCE_WORDS]
        ids = word_hashes([x for u in units for x in u])
        kept = tuple(len(u) for u in units)
    return TextParts(shingle_hashes(words_of_text, shingle_size, wide=True, hashes=w), ids.view(np.int64), kept)


# The end of an alignment unit: terminal punctuation with any closing quotes or brackets, before
# a space, the end or (a quote glued to the next sentence: 'get out."Anne keeps') a letter
# (normalised text: quotes are straight); or a full-width terminator.
_UNIT_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s|$)|[.!?…]+\"(?=[^\W\d_])|[。！？]+[」』）)】\"']*")
_NO_END_BEFORE = TITLE_ABBREVIATIONS | NUMBER_ABBREVIATIONS
_LAST_WORD = re.compile(r"[^\W_]\S*$")
_NEXT_WORD = re.compile(r"\s*[\"']?([^\W\d_]+)")


def _next_word(t: str, pos: int) -> str:
    m = _NEXT_WORD.match(t, pos)
    return m.group(1) if m else ""


def _unit_segments(text: str) -> list[str]:
    """The normalised text of each sentence-like unit of ``text`` (see :func:`alignment_units`).

    A unit ends where a terminal mark starts; a word never holds a terminal mark followed by what
    ends a unit (a word's inner dot is followed by a letter), so no word is cut in two."""
    out: list[str] = []
    for ps, pe in paragraph_spans(text):
        t = normalize(text[ps:pe])
        at = 0
        for m in _UNIT_END.finditer(t):
            e, mark = m.end(), m.group(0)[0]
            if e < len(t) and mark not in "。！？":
                glued = not t[e].isspace()
                nxt = t[e : e + 1] if glued else t[e + 1 : e + 2]
                if nxt.islower() or (glued and not nxt.isupper()):
                    continue
                if mark == ".":
                    before = _LAST_WORD.search(t, max(0, m.start() - 12), m.start())
                    word = before.group(0).lower() if before else ""
                    if word in _NO_END_BEFORE:
                        continue
                    if (len(word) == 1 or "." in word) and _next_word(t, e) not in SENTENCE_OPENERS:
                        continue  # initials before a name ("John F. Kennedy", "the U.S. Senate")
            out.append(t[at : m.start()])
            at = m.start()
        out.append(t[at:])
    return out


def alignment_units(text: str) -> list[list[str]]:
    """The words (``text.words``) of each sentence-like unit of ``text``, for the alignment.

    Not ``text.sentence_spans``: Punkt, with the language detection before it, cost ~5 ms a text,
    two thirds of verifying a candidate pair, and the alignment does not need linguistic sentences,
    only the same cuts in a text and in its copy. A spinner keeps punctuation and paragraphs, so
    units end at paragraph breaks and at terminal punctuation followed by a space, except after a
    title or numbering abbreviation ("Gov.", "No."), after an initial or an initialism ("U.S.")
    unless a word that commonly opens a sentence follows ("7 p.m. The officers"), and before a
    lower-case letter. Words are those of ``text.words`` on each paragraph."""
    return [u for u in map(words, _unit_segments(text)) if u]


def unit_lengths(text: str) -> list[int]:
    """How many words each unit of :func:`alignment_units` holds, without making its words: the
    alignment takes the words themselves from the text's (``tokens``), which they cut."""
    return [n for n in (len(WORD.findall(seg)) for seg in _unit_segments(text)) if n]


def _shared(a: np.ndarray, b: np.ndarray) -> int:
    return len(np.intersect1d(a, b, assume_unique=True))


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    if not len(a.shingles) or not len(b.shingles):
        return 0.0
    inter = _shared(a.shingles, b.shingles)
    return inter / (len(a.shingles) + len(b.shingles) - inter)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Share of the shorter text's shingles that the longer text also has (0 for short texts)."""
    small = min(len(a.shingles), len(b.shingles))
    if small < MIN_ALIGNED_WORDS:
        return 0.0
    return _shared(a.shingles, b.shingles) / small


def alignment(a: Fingerprint, b: Fingerprint, *, at_least: float | None = None) -> float:
    """Share of words on the best in-order chain of similar sentences, on the less-covered side.

    1.0 for a spun copy that kept every sentence; 0 when fewer than ``MIN_ALIGNED_WORDS`` words
    align on either side. With ``at_least``, a pair that cannot reach it is answered by an upper
    bound below it (the words of the sentences that have any similar sentence at all), without
    the chain: verification only asks whether the threshold is reached.
    """
    if not a.sentences or not b.sentences:
        return 0.0
    sim = process.cdist(a.sentences, b.sentences, scorer=Indel.normalized_similarity, dtype=np.float32)
    ok = sim >= SENTENCE_MATCH
    la = np.asarray(a.sentence_words, dtype=np.float64)
    lb = np.asarray(b.sentence_words, dtype=np.float64)
    if at_least is not None:
        ua, ub = float(la[ok.any(axis=1)].sum()), float(lb[ok.any(axis=0)].sum())
        bound = 0.0 if max(ua, ub) < MIN_ALIGNED_WORDS else min(ua / la.sum(), ub / lb.sum())
        if bound < at_least:
            return bound
    aligned_a = _chain(np.where(ok, la[:, None], 0.0))
    aligned_b = _chain(np.where(ok.T, lb[:, None], 0.0))
    if max(aligned_a, aligned_b) < MIN_ALIGNED_WORDS:
        return 0.0
    return min(aligned_a / la.sum(), aligned_b / lb.sum())


def _chain(weight: np.ndarray) -> float:
    """Largest total weight of an in-order one-to-one matching of rows to columns.

    The weighted longest-common-subsequence recurrence, one row at a time:
    ``best[i][j] = max(best[i-1][j], best[i][j-1], best[i-1][j-1] + weight[i][j])``; the
    ``best[i][j-1]`` term is a running maximum along the row, so each row is two numpy calls.
    """
    prev = np.zeros(weight.shape[1] + 1)
    for row in weight:
        cand = np.maximum(prev[1:], prev[:-1] + row)
        prev = np.concatenate(([0.0], np.maximum.accumulate(cand)))
    return float(prev[-1])
