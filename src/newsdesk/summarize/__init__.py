"""Summarize one event: a headline and a brief of about ``config.words`` words, every sentence cited.

How it works (``method="newsdesk"``, the default):

1. every sentence of every source article is a candidate; the quality filter
   (:mod:`.quality`) marks chrome, captions, questions and fragments, which are never selected;
2. each candidate gets features computed inside the event (:mod:`.features`: position, length,
   TF-IDF centroid similarity, support from the other articles, frequent-word overlap, LexRank,
   numbers, quotes, ...) and a learned ranker scores it (:mod:`.ranker`: gradient-boosted trees
   trained to predict the sentence's ROUGE gain against human summaries, shipped as plain JSON
   in ``weights/ranker.json``);
3. sentences are taken best first, skipping any too similar to one already taken, until the word
   budget is reached (:mod:`.select`), then put in reading order (lead material first);
4. each sentence cites its source plus every other article of the event that states the same
   thing (TF-IDF cosine over content words with numbers normalised, at least
   ``config.citation_threshold``), with the span where it says it;
5. the headline is the best early sentence (ranker score plus centroid similarity) that fits
   ``config.headline_words`` after deleting a leading dateline, parentheticals and a trailing
   attribution. :func:`summarize_event` (the pipeline) keeps the headline's sentence out of the
   brief; :func:`summarize_articles` and :func:`summarize_clusters` (what benchmarks score) do not.

``method="centroid"`` replaces the learned ranker by centroid similarity plus cross-document
support (no weights needed).

Training the shipped model (5-fold out-of-fold scores on the 250 Multi-News dev clusters, then the
final model on all of them)::

    .venv/bin/python benchmarks/train_ranker.py ../shared/eval/multinews-val/clusters.jsonl \
        --out src/newsdesk/summarize/weights/ranker.json

It prints the out-of-fold ROUGE (measured 2026-11-23, 300 words, rouge-score-rs F1 with stemming:
centroid fallback 45.93/16.80/21.64, learned ranker 47.10/18.66/22.83 R1/R2/RL) and writes the
model trained on all 250 clusters. Out-of-fold evaluation for the harness:
:func:`crossval_summaries` (each cluster summarized by a model that never saw it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..config import SummarizeConfig
from ..model import Article, Brief, BriefSentence, Citation, Event, Span
from .features import FEATURES, PRONOUN_START, Candidate, candidates, compute, tfidf
from .quality import is_good_sentence, sentence_problem
from .query import focus
from .ranker import Trees, centroid_scores, default_model, load
from .select import citations, compress, reading_order, select, strip_dateline
from .update import novelty, seen_sentences, split_at

__all__ = [
    "FEATURES",
    "SUMMARIZERS",
    "crossval_summaries",
    "is_good_sentence",
    "sentence_problem",
    "summarize_articles",
    "summarize_clusters",
    "summarize_event",
]

Scorer = Callable[[np.ndarray], np.ndarray]

HEADLINE_LEAD = 3  # headline candidates are the first few sentences of each source article


def _stripped(c: Candidate, article_text: str) -> tuple[str, Span]:
    """Drop a leading dateline by moving the span start, so the span still resolves exactly."""
    t = strip_dateline(c.text)
    if t == c.text:
        return c.text, c.span
    start = c.span.end - len(t)
    assert article_text[start : c.span.end] == t
    return t, Span(c.span.doc_id, start, c.span.end)


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9) if len(x) else x


def _headline_scores(scores: np.ndarray, F: np.ndarray) -> np.ndarray:
    """Ranker score plus centroid similarity (standardised): the headline should be about the
    event's core. Headline ROUGE-1/2 on the 250 Multi-News dev clusters: ranker alone 13.82/5.28,
    with the centroid 14.66/5.53, centroid + support 14.47/5.29."""
    return _z(scores) + _z(F[:, FEATURES.index("centroid")])


def _headline(
    cands: Sequence[Candidate], scores: np.ndarray, F: np.ndarray, *, config: SummarizeConfig
) -> tuple[int, str] | None:
    """Index and (compressed) text of the headline sentence, or None when no sentence fits."""

    def fits(i: int) -> str | None:
        c = cands[i]
        if c.problem is not None or c.text.lstrip()[:1] in "\"“'‘" or PRONOUN_START.match(c.text):
            return None
        t = compress(c.text)
        if not t or len(t.split()) > config.headline_words or sentence_problem(t) is not None:
            return None
        return t

    order = [int(i) for i in np.argsort(-_headline_scores(scores, F), kind="stable")]
    for pool in ([i for i in order if cands[i].index < HEADLINE_LEAD], order):
        for i in pool:
            t = fits(i)
            if t is not None:
                return i, t
    return None


def _summarize(
    sources: Sequence[Article],
    *,
    config: SummarizeConfig,
    scorer: Scorer,
    others: Sequence[Article] = (),
    headline: bool = True,
    headline_in_brief: bool = True,
    event_id: str = "",
    seen: Sequence[str] = (),
) -> Brief:
    """Select from ``sources``; cite from ``sources`` and ``others`` (their duplicates).

    With ``headline_in_brief=False`` the brief never restates the headline's sentence (nor one
    redundant with it): the pipeline shows both, one under the other.
    """
    sources = [a for a in sources if a.text.strip()]
    others = [a for a in others if a.text.strip()]
    cands = candidates(sources)
    if not cands:
        return Brief(event_id=event_id, headline=None, sentences=())
    F, _, S = compute(sources, cands)
    scores = _weighted(scorer(F), cands, sources)
    # a question to answer (config.query, summarize/query.py); what the reader saw (summarize/update.py)
    scores = novelty(focus(scores, cands, config.query), cands, seen)
    head = _headline(cands, scores, F, config=config) if headline else None
    given = [head[0]] if head is not None and not headline_in_brief else []
    chosen = reading_order(cands, select(cands, scores, S, words=config.words, given=given))

    # Citations: similarities between every sentence of every article of the event (sources first,
    # so candidate i keeps its index).
    cite_cands = cands + candidates(others) if others else cands
    cite_S = S if not others else _similarities(cite_cands)
    texts = {a.id: a.text for a in [*sources, *others]}
    out = []
    for i in chosen:
        text, span = _stripped(cands[i], texts[cands[i].article_id])
        cites = citations(i, cite_cands, cite_S, threshold=config.citation_threshold)
        cites = (Citation(cites[0].article_id, span, 1.0), *cites[1:])  # the span without its dateline
        out.append(BriefSentence(text, span, cites))
    head_sentence = None
    if head is not None:
        i, text = head
        cites = citations(i, cite_cands, cite_S, threshold=config.citation_threshold)
        head_sentence = BriefSentence(text, cands[i].span, cites)
    return Brief(event_id=event_id, headline=head_sentence, sentences=tuple(out))


def _weighted(scores: np.ndarray, cands: Sequence[Candidate], sources: Sequence[Article]) -> np.ndarray:
    """Lower the scores of sentences from flagged sources (spun, machine-translated, off-topic...).

    Flags come from the facts stage (``Article.flags``); their weights are the ones facts use
    (``consolidate.common.FLAG_WEIGHTS``). A flagged source is never hidden: its sentences still
    compete, from a lower start, and it is still cited wherever it states the same thing.
    """
    if not any(a.flags for a in sources):
        return scores
    from ..consolidate.common import article_weight

    w = {a.id: article_weight(a) for a in sources}
    weights = np.array([w[c.article_id] for c in cands])
    low = float(scores.min()) if len(scores) else 0.0
    return low + (scores - low) * weights


def _similarities(cands: Sequence[Candidate]) -> np.ndarray:
    X = tfidf([c.text for c in cands]).X
    return (X @ X.T).toarray()


def _model_scorer(model: Trees | None) -> Scorer:
    return model.predict if model is not None else centroid_scores


def _newsdesk(
    articles: Sequence[Article], *, config: SummarizeConfig = SummarizeConfig(), **kw: Any
) -> Brief:
    model = kw.pop("model", None) or default_model()
    return _summarize(articles, config=config, scorer=_model_scorer(model), **kw)


def _centroid(
    articles: Sequence[Article], *, config: SummarizeConfig = SummarizeConfig(), **kw: Any
) -> Brief:
    kw.pop("model", None)
    return _summarize(articles, config=config, scorer=centroid_scores, **kw)


# Registry: the CLI's --method choices come from these keys.
SUMMARIZERS: dict[str, Callable[..., Brief]] = {"newsdesk": _newsdesk, "centroid": _centroid}


def _method(config: SummarizeConfig) -> Callable[..., Brief]:
    from ..errors import ConfigError

    try:
        return SUMMARIZERS[config.method]
    except KeyError:
        raise ConfigError(
            f"SummarizeConfig.method = {config.method!r} is not allowed: use one of {', '.join(SUMMARIZERS)}."
        ) from None


def summarize_articles(
    articles: Sequence[Article],
    *,
    config: SummarizeConfig = SummarizeConfig(),
    model: Trees | None = None,
    since: Any = None,
) -> Brief:
    """Brief of cleaned ``articles`` that are all about one event (every article a source).

    ``config.query`` makes it answer that question (:mod:`.query`); ``since`` (articles, a brief or
    texts the reader has already seen) makes it a brief of what is new (:mod:`.update`)."""
    return _method(config)(articles, config=config, model=model, seen=seen_sentences(since))


def summarize_event(
    event: Event,
    articles: Mapping[str, Article],
    *,
    config: SummarizeConfig = SummarizeConfig(),
    model: Trees | None = None,
) -> Brief:
    """Brief of ``event``: sentences are picked from ``event.sources`` (one representative per
    duplicate group) and cite every article of ``event.articles`` that states the same thing."""
    sources = [articles[a] for a in event.sources if a in articles]
    if not sources:  # an event without representatives: every member is its own source
        sources = [articles[a] for a in event.articles if a in articles]
    src_ids = {a.id for a in sources}
    others = [articles[a] for a in event.articles if a in articles and a not in src_ids]
    seen: list[str] = []
    if config.since:  # what is new since that date: older members are what the reader has seen
        old, sources = split_at(sources, config.since)
        old_others, others = split_at(others, config.since)
        if not sources:
            return Brief(event_id=event.id, headline=None, sentences=())
        seen = seen_sentences([*old, *old_others])
    return _method(config)(
        sources, config=config, model=model, others=others, event_id=event.id, headline_in_brief=False,
        seen=seen,
    )


def _load_model(model: Trees | str | Path | None) -> Trees | None:
    if model is None or isinstance(model, Trees):
        return model
    return load(model)


def summarize_clusters(
    path: Path,
    *,
    config: SummarizeConfig = SummarizeConfig(),
    headline: bool = False,
    model: Trees | str | Path | None = None,
) -> Iterator[dict[str, Any]]:
    """Summarize each cluster of a Multi-News-shaped JSONL file, in input order.

    Yields ``{"id", "summary", "headline", "sentences": [{"text", "citations"}]}`` per input line;
    a line's ``query`` (a string or ``{"title", "narrative"}``) makes its brief answer it (over
    ``config.query``); the ``summary`` field of the input (the reference) is never read, and clusters are taken as
    given (no re-clustering). ``headline`` is ``None`` unless ``headline=True``.
    """
    from .clusters import read_clusters

    from .query import queries_of

    m = _load_model(model)
    summarize = _method(config)
    queries = queries_of(Path(path))
    for cid, arts in read_clusters(Path(path)):
        cfg = dataclasses.replace(config, query=queries[cid]) if queries.get(cid) else config
        brief = summarize(arts, config=cfg, model=m, headline=headline) if arts else Brief("", None, ())
        yield brief_record(cid, brief)


def brief_record(cid: str, brief: Brief) -> dict[str, Any]:
    """The JSON-able record ``summarize_clusters`` yields for one cluster."""
    return {
        "id": cid,
        "summary": " ".join(s.text for s in brief.sentences),
        "headline": brief.headline.text if brief.headline else None,
        "sentences": [
            {
                "text": s.text,
                "citations": [
                    {"article": c.article_id, "start": c.span.start, "end": c.span.end, "score": c.score}
                    for c in s.citations
                ],
            }
            for s in brief.sentences
        ],
    }


def crossval_summaries(
    path: Path,
    *,
    folds: int = 5,
    words: int = 300,
    seed: int = 1,
    headline: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Out-of-fold summaries: each cluster summarized by a ranker trained on the other folds.

    Needs the ``summary`` field (the training target) of the *other* clusters, never of the
    cluster being summarized. Returns records like :func:`summarize_clusters`, in input order.
    """
    from .train import crossval

    return crossval(Path(path), folds=folds, words=words, seed=seed, headline=headline, progress=progress)
