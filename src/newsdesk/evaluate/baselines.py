"""Extractive baselines for multi-document summaries, and the greedy oracle as the upper bound.

Every baseline takes the same input, the (cleaned) texts of the articles of one cluster, splits
them with :func:`newsdesk.text.split_sentences`, and returns sentences of that input cut to the
word budget with :func:`newsdesk.evaluate.rouge.truncate` (the one rule applied to every system).
In headline mode every baseline returns its top-ranked sentence, cut to the headline budget.

LexRank and TextRank are sumy's, called as its README shows (``Stemmer``, ``get_stop_words``,
``PlaintextParser``), with one change: sumy's default ``Tokenizer`` needs NLTK's ``punkt_tab``
data, which is not installed here, so a tokenizer object with ``to_sentences``/``to_words``
built on newsdesk's Punkt splitter is passed instead.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from ..text import split_sentences, words
from .rouge import score_many, truncate

HEADLINE_WORDS = 40  # a headline is one sentence of at most this many words (the rule)


class Baseline(Protocol):
    def __call__(
        self, texts: Sequence[str], *, words: int, headline: bool = False, seed: int | str = 1
    ) -> list[str]: ...


def _sentences(texts: Sequence[str]) -> list[list[str]]:
    return [[s for s in split_sentences(t) if s.split()] for t in texts]


def _budget(words_: int, headline: bool) -> int:
    return min(words_, HEADLINE_WORDS) if headline else words_


def _take(ranked: Sequence[str], *, words: int, headline: bool) -> list[str]:
    return truncate(ranked[:1] if headline else ranked, _budget(words, headline))


def random_sentences(
    texts: Sequence[str], *, words: int, headline: bool = False, seed: int | str = 1
) -> list[str]:
    """Sentences of the pooled articles in a seeded random order."""
    pool = [s for doc in _sentences(texts) for s in doc]
    random.Random(seed).shuffle(pool)
    return _take(pool, words=words, headline=headline)


def lead(texts: Sequence[str], *, words: int, headline: bool = False, seed: int | str = 1) -> list[str]:
    """Round-robin lead: the first sentence of each article in turn, then the second, and so on."""
    docs = _sentences(texts)
    order = [doc[i] for i in range(max((len(d) for d in docs), default=0)) for doc in docs if i < len(doc)]
    return _take(order, words=words, headline=headline)


# Centroid: sentences whose TF-IDF cosine to an already chosen sentence is at least this are
# skipped as repeats. Multi-News clusters often hold syndicated copies of one wire story, so without
# this the baseline fills its budget with the same sentence twice. 0.95 catches only near-identical
# sentences; it was set by that reasoning, not tuned on the evaluation data.
CENTROID_REPEAT = 0.95


def centroid(texts: Sequence[str], *, words: int, headline: bool = False, seed: int | str = 1) -> list[str]:
    """Sentences ranked by TF-IDF cosine to the cluster centroid (Radev et al. 2004, simplified)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    pool = [s for doc in _sentences(texts) for s in doc]
    if not pool:
        return []
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(pool)
    except ValueError:  # only stop words: nothing to rank by, keep the input order
        return _take(pool, words=words, headline=headline)
    centre = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centre)
    scores = matrix @ (centre / norm) if norm else np.zeros(len(pool))
    order = np.argsort(-np.asarray(scores).ravel(), kind="stable")
    chosen: list[int] = []
    total = 0
    budget = _budget(words, headline)
    for i in order:
        if chosen and (matrix[chosen] @ matrix[i].T).max() >= CENTROID_REPEAT:
            continue
        chosen.append(int(i))
        total += len(pool[i].split())
        if total >= budget:
            break
    return _take([pool[i] for i in chosen], words=words, headline=headline)


class _SumyTokenizer:
    """What sumy needs of a tokenizer, on newsdesk's Punkt splitter (no ``punkt_tab`` needed)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)


def _enough_words(budget: int) -> Callable[[Sequence[Any]], list[Any]]:
    """A sumy ``sentences_count``: the best-rated sentences until they hold ``budget`` words."""

    def count(infos: Sequence[Any]) -> list[Any]:  # infos come sorted by rating, best first
        out, total = [], 0
        for info in infos:
            if total >= budget:
                break
            out.append(info)
            total += len(str(info.sentence).split())
        return out

    return count


def _sumy(name: str) -> Baseline:
    def summarize(
        texts: Sequence[str], *, words: int, headline: bool = False, seed: int | str = 1
    ) -> list[str]:
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[name]
        parser = PlaintextParser.from_string("\n\n".join(texts), _SumyTokenizer())
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        # sumy returns the chosen sentences in document order; ask for enough of them, then cut.
        count: Any = 1 if headline else _enough_words(words)
        chosen = [str(s) for s in summarizer(parser.document, count)]
        return _take(chosen, words=words, headline=headline)

    summarize.__name__ = name
    summarize.__doc__ = f"sumy's {name} summarizer, as a user would call it, cut to the budget."
    return summarize


lexrank = _sumy("lexrank")
textrank = _sumy("textrank")

# Name in the table -> baseline. The oracle is not here: it reads the reference.
BASELINES: dict[str, Baseline] = {
    "random": random_sentences,
    "lead (round-robin)": lead,
    "centroid (TF-IDF)": centroid,
    "LexRank (sumy)": lexrank,
    "TextRank (sumy)": textrank,
}


def oracle(texts: Sequence[str], reference: str, *, words: int, headline: bool = False) -> list[str]:
    """Greedy extractive oracle: the upper bound of sentence extraction under the same budget.

    Starting from nothing, add the input sentence (cut to the words left) that most increases
    ROUGE-1 F1 + ROUGE-2 F1 against ``reference`` (prepared with ``rouge.clean_reference``); stop
    when none increases it or the budget is used. In headline mode: the single best sentence.
    Scores come from the same scorer as the table.
    """
    pool = list(dict.fromkeys(s for doc in _sentences(texts) for s in doc))  # unique, first-seen order
    budget = _budget(words, headline)
    chosen: list[str] = []
    best = 0.0
    left = budget
    while pool and left > 0:
        candidates = [truncate([s], left)[0] for s in pool]
        summaries = ["\n".join([*chosen, c]) for c in candidates]
        f = score_many([reference] * len(summaries), summaries, ("rouge1", "rouge2"))
        gain = f["rouge1"] + f["rouge2"]
        i = int(np.argmax(gain))
        if gain[i] <= best:
            break
        best = float(gain[i])
        chosen.append(candidates[i])
        left -= len(candidates[i].split())
        pool.pop(i)
        if headline:
            break
    return chosen
