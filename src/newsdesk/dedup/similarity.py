"""Exact similarity measures used to verify duplicate candidates.

Two measures, because copies come in two shapes:

* **shingle Jaccard** (word n-grams, ``DedupConfig.shingle_size``) catches exact and syndicated
  copies: the same words in the same order, perhaps under a different headline.
* **sentence alignment** catches *spun* copies, where a content-spinning tool replaced words by
  synonyms ("loan" -> "mortgage", "close" -> "shut"). Spinning leaves few 5-word shingles intact
  (Jaccard 0.1-0.3) but keeps every sentence in place with most of its words, so each sentence of
  the copy still has a counterpart whose word-level edit similarity is high. Two *different*
  articles about the same event share a quote or two, but not most of their sentences. The score
  is the share of words (of the better-covered side) that sit in such aligned sentences, so
  extra page chrome on one side does not lower it.

The word-level edit similarity is computed by rapidfuzz (bit-parallel Indel distance) on strings
where each distinct word is mapped to one private-use character: rapidfuzz's string kernels are
then exactly word-sequence kernels, and ``process.cdist`` compares all sentence pairs at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from ..text import shingles, split_sentences, words

# Sentences shorter than this many words (headings, bylines, "Advertisement") are ignored by the
# alignment: they match too easily to count as evidence.
MIN_SENTENCE_WORDS = 4

# Two sentences are "aligned" when their word-level Indel similarity is at least this.
# Calibrated with benchmarks/dedup_calibration.py on Multi-News validation (all 679 pairs of
# different articles in one cluster = hard negatives; synthetic spins of 95 articles replacing
# 20/35/50% of the words longer than 3 letters = positives): at 0.6, 35%-spun copies align >= 0.80
# and the hard negatives (excluding true copies) stay <= 0.58; at 0.7, 35% spins fall to 0.34.
SENTENCE_MATCH = 0.6

# A pair whose aligned share is below this many words is never a spun copy (a shared quote).
MIN_ALIGNED_WORDS = 40

_PRIVATE_USE = 0xF0000  # Supplementary Private Use Area-A: 65,534 code points, then plane 16


@dataclass(frozen=True)
class Fingerprint:
    """What the measures need from one article, computed once."""

    tokens: tuple[str, ...]
    shingles: frozenset[str]
    sentences: tuple[str, ...]  # each sentence as an encoded word string (see module docstring)
    sentence_words: tuple[int, ...]


class WordCodec:
    """Maps each distinct word to one character, so word sequences become short strings."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def encode(self, tokens: Sequence[str]) -> str:
        out = []
        for w in tokens:
            c = self._codes.get(w)
            if c is None:
                n = len(self._codes)
                # Planes 15 and 16 hold 131,068 private-use code points; beyond that wrap around
                # (a collision only makes two rare words compare equal, which is harmless here).
                c = chr(_PRIVATE_USE + n % 0x1FFFC)
                self._codes[w] = c
            out.append(c)
        return "".join(out)


def fingerprint(text: str, *, shingle_size: int, codec: WordCodec) -> Fingerprint:
    toks = words(text)
    sents = []
    lens = []
    for s in split_sentences(text):
        sw = words(s)
        if len(sw) >= MIN_SENTENCE_WORDS:
            sents.append(codec.encode(sw))
            lens.append(len(sw))
    return Fingerprint(tuple(toks), frozenset(shingles(toks, shingle_size)), tuple(sents), tuple(lens))


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    if not a.shingles or not b.shingles:
        return 0.0
    inter = len(a.shingles & b.shingles)
    return inter / (len(a.shingles) + len(b.shingles) - inter)


def alignment(a: Fingerprint, b: Fingerprint) -> float:
    """Share of words in sentences that have a close counterpart in the other text (0..1).

    Taken on the side where it is larger (containment), so a copy framed by extra chrome scores
    as high as a bare copy. Returns 0 when fewer than ``MIN_ALIGNED_WORDS`` words align.
    """
    if not a.sentences or not b.sentences:
        return 0.0
    sim = process.cdist(a.sentences, b.sentences, scorer=Indel.normalized_similarity, dtype=np.float32)
    la = np.asarray(a.sentence_words, dtype=np.float64)
    lb = np.asarray(b.sentence_words, dtype=np.float64)
    aligned_a = float(la[sim.max(axis=1) >= SENTENCE_MATCH].sum())
    aligned_b = float(lb[sim.max(axis=0) >= SENTENCE_MATCH].sum())
    best = max(aligned_a / la.sum(), aligned_b / lb.sum())
    if max(aligned_a, aligned_b) < MIN_ALIGNED_WORDS:
        return 0.0
    return best
