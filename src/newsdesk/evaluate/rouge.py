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
