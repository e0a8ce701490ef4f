"""ROUGE with the conventions of ``rouge-score``, a shared word-budget truncation and the bootstrap.

Scores come from ``rouge_score_rs`` (the same API as Google's ``rouge-score`` and bit-identical
scores, ~90x faster) and fall back to ``rouge-score`` itself when the fast package is missing.
Both use ``use_stemmer=True`` and the default tokenizer (lower-case, anything outside ``[a-z0-9]``
splits, Porter stemming of tokens longer than three characters).

ROUGE-Lsum needs sentences separated by newlines. ``split_summaries=True`` would call
``nltk.sent_tokenize``, which needs ``punkt_tab`` data that is not installed here, so references
are split with :func:`newsdesk.text.split_sentences` (the same Punkt model, shipped as Python
data) and system outputs keep the sentences the system chose.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..caches import cached
from ..text import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
LABELS = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum"}

# Multi-News references start with an en dash and a space ("\u2013 Skal, Sweden! ..."), a newser.com
# layout mark, not content. It is stripped from every reference, so it is the same for all systems.
# With the default tokenizer this changes no score (the dash is not in [a-z0-9]); stripping keeps
# the references clean for any other tokenizer.
REFERENCE_PREFIX = "\u2013 "  # en dash, space


def backend() -> str:
    """Which package scores, with its version: ``"rouge-score-rs 0.2.1"`` or ``"rouge-score 0.1.2"``."""
    name = _scorer_module().__name__.split(".")[0].replace("_", "-")
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - installed without metadata
        return name


@cached(maxsize=1, kind="resource")
def _scorer_module() -> Any:
    import importlib

    try:
        return importlib.import_module("rouge_score_rs.rouge_scorer")
    except ImportError:  # pragma: no cover - depends on the environment
        return importlib.import_module("rouge_score.rouge_scorer")


@cached(maxsize=8, kind="resource")
def scorer(types: tuple[str, ...] = ROUGE_TYPES) -> Any:
    """A ``RougeScorer(types, use_stemmer=True)`` (shared; scorers are stateless)."""
    return _scorer_module().RougeScorer(list(types), use_stemmer=True)


def clean_reference(summary: str) -> str:
    """The reference as scored: leading en dash removed, sentences newline-joined for ROUGE-Lsum."""
    text = summary.strip()
    if text.startswith(REFERENCE_PREFIX):
        text = text[len(REFERENCE_PREFIX) :]
    return join_sentences(split_sentences(text))


def join_sentences(sentences: Sequence[str]) -> str:
    """One sentence a line (the ROUGE-Lsum convention); line breaks inside a sentence become spaces."""
    return "\n".join(" ".join(s.split()) for s in sentences if s.strip())


def truncate(sentences: Sequence[str], words: int) -> list[str]:
    """The first ``words`` whitespace-separated words of the sentences, in the order given.

    Every system's output goes through this one rule: sentences are kept whole while they fit,
    and the first one that does not fit is cut after the remaining number of words.
    """
    out: list[str] = []
    left = words
    for s in sentences:
        toks = s.split()
        if not toks:
            continue
        if left <= 0:
            break
        out.append(" ".join(toks[:left]))
        left -= min(left, len(toks))
    return out


def word_total(sentences: Sequence[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def score_many(
    references: Sequence[str], summaries: Sequence[str], types: tuple[str, ...] = ROUGE_TYPES
) -> dict[str, np.ndarray]:
    """F1 per pair for each ROUGE type. Texts are already prepared (see :func:`clean_reference`)."""
    if len(references) != len(summaries):
        raise ValueError(f"{len(references)} references but {len(summaries)} summaries")
    sc = scorer(types)
    batch = getattr(sc, "score_batch", None)
    results = batch(list(references), list(summaries)) if batch else [
        sc.score(r, s) for r, s in zip(references, summaries, strict=True)
    ]
    return {t: np.array([r[t].fmeasure for r in results], dtype=float) for t in types}


def score(reference: str, summary: str, types: tuple[str, ...] = ROUGE_TYPES) -> dict[str, float]:
    """F1 of one summary against one reference (both prepared), per ROUGE type."""
    res = scorer(types).score(reference, summary)
    return {t: res[t].fmeasure for t in types}


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float


def bootstrap_indices(n_items: int, *, resamples: int, seed: int) -> np.ndarray:
    """``resamples`` rows of ``n_items`` indices drawn with replacement (shared by all systems)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n_items, size=(resamples, n_items))


def interval(values: np.ndarray, indices: np.ndarray, *, level: float = 0.95) -> Interval:
    """Mean of ``values`` and the percentile bootstrap interval of the mean over ``indices``."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean()) if values.size else float("nan")
    if values.size == 0 or indices.size == 0:
        return Interval(mean, mean, mean)
    means = values[indices].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return Interval(mean, float(low), float(high))


# --------------------------------------------------------------- ROUGE-1.5.5 recall, jackknifed
# NIST scored DUC with ROUGE-1.5.5 (``-n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a``,
# ``-l 250`` or ``-l 100``): recall with several references pooled ("-f A": matched n-grams summed
# over the references, divided by the references' n-grams), jackknifed over the references, Porter
# stemming, no stop-word removal, ROUGE-SU4 = skip-bigrams at most 4 apart plus unigrams.
# rouge-score has neither several references nor SU4, so the counts are written here (a few lines
# of Counter arithmetic); the tokenizer is rouge-score's, which replicates ROUGE-1.5.5's
# (lower-case, anything outside [a-z0-9] splits, Porter stems of tokens longer than 3 characters).
# benchmarks/duc2007.py checks the figures against NIST's own output for the 34 update summarizers.
JK_TYPES = ("ROUGE-1", "ROUGE-2", "ROUGE-SU4")


@cached(maxsize=1, kind="resource")
def _porter() -> Any:
    from nltk.stem import porter

    return porter.PorterStemmer(porter.PorterStemmer.ORIGINAL_ALGORITHM)


@cached(maxsize=200_000)
def _stem_token(token: str) -> str:
    return str(_porter().stem(token)) if len(token) > 3 else token


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def rouge155_tokens(text: str, words: int | None = None) -> list[str]:
    """Tokens as ROUGE-1.5.5 counts them, after cutting ``text`` to its first ``words``
    whitespace-separated words (``-l``)."""
    if words is not None:
        text = " ".join(text.split()[:words])
    return [_stem_token(t) for t in _NON_ALNUM.sub(" ", text.lower()).split()]


def _grams(tokens: Sequence[str], kind: str) -> Counter[tuple[str, ...]]:
    if kind == "ROUGE-1":
        return Counter((t,) for t in tokens)
    if kind == "ROUGE-2":
        return Counter(zip(tokens, tokens[1:], strict=False))
    out: Counter[tuple[str, ...]] = Counter((t,) for t in tokens)  # SU4: unigrams (-u) ...
    for i, a in enumerate(tokens):  # ... and skip-bigrams with at most 4 words between
        for b in tokens[i + 1 : i + 6]:
            out[(a, b)] += 1
    return out


@dataclass(frozen=True)
class Grams:
    """The n-gram counts of one text for every type of :data:`JK_TYPES`."""

    counts: dict[str, Counter[tuple[str, ...]]]

    @classmethod
    def of(cls, text: str, words: int | None = None) -> Grams:
        toks = rouge155_tokens(text, words)
        return cls({k: _grams(toks, k) for k in JK_TYPES})


def pooled_recall(peer: Grams, refs: Sequence[Grams], kind: str) -> float:
    """ROUGE-1.5.5 ``-f A`` recall against several references: hits summed over the references,
    divided by the references' n-grams summed."""
    p = peer.counts[kind]
    hit = total = 0
    for r in refs:
        rc = r.counts[kind]
        total += sum(rc.values())
        hit += sum(min(c, p[g]) for g, c in rc.items() if g in p)
    return hit / total if total else 0.0


def jackknife_recall(
    peer: str, references: Sequence[str], *, words: int, exclude: int | None = None
) -> dict[str, float]:
    """Recall of ``peer`` (cut to ``words``) against ``references`` as NIST scored DUC: the mean
    over every leave-one-out subset of the references; a human reference (its position in
    ``exclude``) is scored against the others only."""
    p = Grams.of(peer, words)
    refs = [Grams.of(r, words) for r in references]
    if exclude is not None:
        folds = [[r for k, r in enumerate(refs) if k != exclude]]
    elif len(refs) > 1:
        folds = [[r for k, r in enumerate(refs) if k != j] for j in range(len(refs))]
    else:
        folds = [refs]
    return {t: float(np.mean([pooled_recall(p, f, t) for f in folds])) for t in JK_TYPES}
