"""Summarize one event: a headline and a brief of about ``config.words`` words, every sentence cited.

How it works (``method="newsdesk"``, the learned ranker; the default is ``method="centroid"``, which
transfers across data sets: see ``SummarizeConfig.method``):

1. every sentence of every source article is a candidate; the quality filter
   (:mod:`.quality`) marks chrome, captions, questions and fragments, which are never selected;
2. each candidate gets features computed inside the event (:mod:`.features`: position, length,
   TF-IDF centroid similarity, support from the other articles, frequent-word overlap, LexRank,
   numbers, quotes, ...) and a learned ranker scores it (:mod:`.ranker`: gradient-boosted trees
   trained to predict the sentence's ROUGE gain against human summaries, shipped as plain JSON
   in ``weights/ranker.json``);
3. sentences are taken best first, skipping any too similar to one already taken, within a hard
   word budget (:mod:`.select`), then put in reading order (the lead, then what happened,
   reactions and background, each source's sentences together); a sentence is taken only if it
   can stand on its own (:mod:`.edit`): an opening pronoun is replaced by its referent's name or
   a discourse connective deleted, each change an ``Edit`` with provenance; a quotation needs its
   speaker named; a spun copy's substitutions are reversed (the sentence is marked ``repaired``)
   and another source's wording of the same statement is preferred;
4. each sentence cites its source plus every other article of the event that states the same
   thing (TF-IDF cosine over content words with numbers normalised, at least
   ``config.citation_threshold``), with the span where it says it;
5. the headline is the best early sentence (ranker score plus centroid similarity) that fits
   ``config.headline_words`` after deleting a leading dateline, parentheticals and a trailing
   attribution; never a quotation, a caption, a reporter-relative or leaning sentence, nor a spun
   copy's while another source offers one; a single-article event's headline is its lede. :func:`summarize_event` (the pipeline) keeps the headline's sentence out of the
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
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..config import SummarizeConfig
from ..model import Article, Brief, BriefSentence, Citation, Edit, Event, Span
from ..text import detect_language
from . import crosslang, edit, lang_rules
from .features import FEATURES, PRONOUN_START, Candidate, candidates, compute, tfidf
from .quality import is_good_sentence, sentence_problem
from .query import focus
from .ranker import Trees, centroid_scores, default_model, load
from .select import citations, compress, reading_order, select, strip_dateline
from .update import mark_seen, novelty, seen_sentences, split_at

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


# Headlines that speak from the reporter's seat ("just called to discuss his interview last
# night", "we", "you") do not say what happened to a reader of a portal.
_REPORTER_RELATIVE = re.compile(
    r"\b(?:I|I'm|I've|[Ww]e|[Ww]e're|[Ww]e've|[Oo]ur|us|[Yy]ou|[Yy]our|[Mm]y|me)\b|(?i:\bjust\s+\w+ed\b|\b(?:last\s+night|"
    r"this\s+morning|tonight|earlier\s+today|this\s+afternoon|this\s+evening)\b)"
)


# A connective set after the subject answers the sentence before as much as one that opens it.
_MID_CONNECTIVE = re.compile(
    r"^[^,;:.]{1,60},\s+(?:however|though|meanwhile|too|in turn|instead|also|nevertheless|nonetheless|"
    r"in fact|for (?:his|her|their|its) part|by contrast|in response),", re.IGNORECASE)


def headline_problem(text: str, language: str | None = None, persons: Mapping[str, edit.Person] | None = None) -> str | None:
    """Why ``text`` cannot be a headline (Wikipedia Current Events style: the event in one
    declarative third-person sentence), or None. ``language``: its article's (else detected);
    ``persons``: the event's people (:func:`edit.people`), antecedents of a he/his in the headline."""
    if sentence_problem(text, language) is not None:
        return sentence_problem(text, language)
    if text.lstrip()[:1] in "\"“'‘" or edit.has_quote(text) or lang_rules.has_quote(text):  # « », „ “ too
        return "quotation"
    if (PRONOUN_START.match(text) or edit.opener(text) is not None
            or lang_rules.opener(text, language or detect_language(text))):
        return "leans on the sentence before"
    if _MID_CONNECTIVE.match(text):  # "Obama, however, said the reason is ...": however what?
        return "leans on the sentence before"
    if _REPORTER_RELATIVE.search(edit.outside_quotes(text)):
        return "reporter-relative"
    # a he/his/she/her about nobody the headline names ("Hard to believe it now, but more than four
    # decades ago, a night just like this one changed his life."): nothing before names anyone
    inner = edit.inner_pronoun(text)
    if inner is not None and not edit.names_someone_before(text, inner, dict(persons or {})):
        return "leans on the sentence before"
    return None


def _headline(
    cands: Sequence[Candidate],
    scores: np.ndarray,
    F: np.ndarray,
    *,
    config: SummarizeConfig,
    spun: set[str],
    single: bool,
    persons: Mapping[str, edit.Person] | None = None,
) -> tuple[int, str] | None:
    """Index and (compressed) text of the headline sentence, or None when no sentence fits.

    Never a caption, a quotation, a reporter-relative or leaning sentence; a sentence of a spun
    copy only when no other source offers one (and then repaired, by the caller). For a
    single-article event, the article's lede: its first sentence that fits.
    """

    def fits(i: int) -> str | None:
        c = cands[i]
        if c.problem is not None:
            return None
        t = compress(c.text)
        if not t or len(t.split()) > config.headline_words or headline_problem(t, c.language, persons) is not None:
            return None
        return t

    if single:
        order = sorted(range(len(cands)), key=lambda i: (cands[i].doc, cands[i].index))
        pools = [order]
    else:
        order = [int(i) for i in np.argsort(-_headline_scores(scores, F), kind="stable")]
        pools = [[i for i in order if cands[i].index < HEADLINE_LEAD], order]
    clean = [[i for i in pool if cands[i].article_id not in spun] for pool in pools]
    for pool in [*clean, *pools]:
        for i in pool:
            t = fits(i)
            if t is not None:
                return i, t
    return None


def _is_spun(a: Article) -> bool:
    """A copy with spinner substitutions: its flag from the facts stage, or the same detector."""
    if any(f.kind == "spun" for f in a.flags):
        return True
    if a.flags:
        return False
    from ..consolidate.flags import spun_flag

    return spun_flag(a) is not None


class _Editor:
    """Edits of candidate sentences (see :mod:`.edit`): opener and quote resolution against the
    brief's previous sentence, spun-wording repair in spun copies, lost titles."""

    def __init__(self, cands: Sequence[Candidate], arts: Sequence[Article], spun: set[str]) -> None:
        self.cands = cands
        self.arts = {a.id: a for a in arts}
        self.all = list(arts)
        self.spun = spun
        self.persons = edit.people(arts)
        self._fixed: dict[int, tuple[str, Span, list[Edit]]] = {}
        # machine-translated copies: names respelled; a sentence showing signs is unfit when native sources exist
        self.mt = {a.id: f for a in arts for f in a.flags if f.kind == "machine_translated"}
        self.natives = [a for a in arts if a.id not in self.mt and a.id not in spun]

    def fixed(self, i: int) -> tuple[str, Span, list[Edit]]:
        """Text and span without dateline, and the order-free edits (spun wording, lost titles)."""
        if i not in self._fixed:
            c = self.cands[i]
            a = self.arts[c.article_id]
            text, span = _stripped(c, a.text)
            edits = edit.title_repairs(text, span.start, span.doc_id, self.all)
            edits += edit.relative_day_repairs(text, span.start, span.doc_id, a)  # "yesterday" -> "on Sunday"
            if c.article_id in self.spun:
                taken = [(e.span.start, e.span.end) for e in edits]
                edits += [e for e in edit.spun_repairs(text, span.start, span.doc_id)
                          if not any(e.span.start < t and s < e.span.end for s, t in taken)]
            if c.article_id in self.mt:
                edits += edit.translation_repairs(text, span.start, span.doc_id, self.mt[c.article_id], self.natives)
            taken = [(e.span.start, e.span.end) for e in edits]  # parentheticals an editor cuts for space
            edits += [e for e in edit.parenthetical_cuts(text, span.start, span.doc_id)
                      + edit.spacing_repairs(text, span.start, span.doc_id)  # "$ 1.5 billion" -> "$1.5 billion"
                      if not any(e.span.start < t and s < e.span.end for s, t in taken)]
            self._fixed[i] = (text, span, edits)
        return self._fixed[i]

    def edits(self, i: int, previous: tuple[Span, str] | None, before: str) -> list[Edit] | None:
        text, span, fixed = self.fixed(i)
        if self.natives and span.doc_id in self.mt and edit.translation_signs(text, span.start, self.mt[span.doc_id]):
            return None  # the translation shows in this sentence and a native source can speak instead
        shown = edit.apply(text, span.start, fixed)
        # openers and quotes are read on the repaired text; their edits are on words no fixed
        # edit touches (pronouns, connectives), so positions still hold in the source
        got = edit.resolve_opener(text, span, self.arts[span.doc_id], previous, self.persons, before)
        if got is None or (shown != text and edit.resolve_opener(shown, span, self.arts[span.doc_id], previous,
                                                                   self.persons, before) is None):
            return None
        taken = [(e.span.start, e.span.end) for e in fixed]
        out = fixed + [e for e in got if not any(e.span.start < t and s < e.span.end for s, t in taken)]
        # what the edits leave must still be a brief sentence ("But usually the roles are better."
        # without its "But" is a fragment)
        if sentence_problem(edit.apply(text, span.start, out)) is not None:
            return None
        return out

    def shown(self, i: int) -> str | None:
        """The text sentence ``i`` has in the brief when it follows no sentence of its own article
        (the most edits it can need), None when it cannot stand alone."""
        got = self.edits(i, None, "")
        if got is None:
            return None
        text, span, _ = self.fixed(i)
        return edit.apply(text, span.start, got)

    def after(self, i: int) -> tuple[int, str] | None:
        """For a sentence that cannot stand alone: the one before it in its source, when it
        stands right after that one (an opener it leans on, a quotation it continues), and its text there."""
        j = i - 1
        if j < 0 or self.cands[j].article_id != self.cands[i].article_id or self.cands[j].problem is not None:
            return None
        tj, sj, fj = self.fixed(j)
        got = self.edits(i, (sj, edit.apply(tj, sj.start, fj)), "")
        if got is None:
            return None
        text, span, _ = self.fixed(i)
        return j, edit.apply(text, span.start, got)


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
    cands = mark_seen(candidates(sources), seen)  # restatements of what the reader saw are unfit
    if not cands:
        return Brief(event_id=event_id, headline=None, sentences=())
    F, _, S = compute(sources, cands)
    scores = _weighted(scorer(F), cands, sources)
    # a question to answer (config.query, summarize/query.py); what the reader saw (summarize/update.py)
    scores = novelty(focus(scores, cands, config.query, seen=bool(seen), embed=config.embed_query), cands, seen)
    spun = {a.id for a in [*sources, *others] if _is_spun(a)}
    # Citations: similarities between every sentence of every article of the event (sources first,
    # so candidate i keeps its index).
    cite_cands = cands + candidates(others) if others else cands
    cite_S = S if not others else _similarities(cite_cands)
    everyone = [*sources, *others]
    if crosslang.mixed(everyone):  # sources in other languages are cited by shared numbers and names
        lang_of = {a.id: a.language for a in everyone}
        cross = crosslang.anchor_similarity([c.text for c in cite_cands], [lang_of[c.article_id] for c in cite_cands])
        cite_S = np.maximum(cite_S, cross)
    editor = _Editor(cite_cands, [*sources, *others], spun)
    scores = _prefer_originals(scores, cands, cite_S, spun, config.citation_threshold)
    # a machine-translated copy's sentence is unfit where a native source states the same thing (the
    # seeds' translated "has since made a 66 degree turn" beside DW's own sentence about the row)
    cands = _translations_restated(cands, cite_S, set(editor.mt), spun, config.citation_threshold)

    head = (_headline(cands, scores, F, config=config, spun=spun, single=len(sources) == 1, persons=editor.persons)
            if headline else None)
    given = [head[0]] if head is not None and not headline_in_brief else []
    picked = select(cands, scores, S, words=config.words, given=given, shown=editor.shown, after=editor.after)
    chosen = reading_order(cands, picked, {i: i - 1 for i in picked if editor.shown(i) is None})
    out: list[BriefSentence] = []
    before = ""
    previous: tuple[Span, str] | None = None
    head_sentence = None
    if head is not None:
        i, text = head
        cites = citations(i, cite_cands, cite_S, threshold=config.citation_threshold)
        src_text, src_span, fixed = editor.fixed(i)
        head_edits = tuple(e for e in fixed if src_text.find(e.original) >= 0 and e.original in text)
        shown = text
        for e in sorted(head_edits, key=lambda e: -e.span.start):
            k = shown.rfind(e.original) if e.original in shown else -1
            if k >= 0:
                shown = shown[:k] + e.replacement + shown[k + len(e.original):]
        head_sentence = BriefSentence(shown, cands[i].span, cites, head_edits)
        before = shown + " "
    for i in chosen:
        text, span, _ = editor.fixed(i)
        # the edits it needs after the brief's previous sentence, unless they make it longer than
        # when it was selected (the budget counted that: "However," kept after its own sentence)
        options = [e for e in (editor.edits(i, previous, before), editor.edits(i, None, before),
                               editor.edits(i, None, "")) if e is not None]
        got = min(options, key=lambda e: len(edit.apply(text, span.start, e).split())) if options else []
        shown = edit.apply(text, span.start, got)
        cites = citations(i, cite_cands, cite_S, threshold=config.citation_threshold)
        cites = (Citation(cites[0].article_id, span, 1.0), *cites[1:])  # the span without its dateline
        out.append(BriefSentence(shown, span, cites, tuple(got)))
        previous = (span, shown)
        before += shown + " "
    return Brief(event_id=event_id, headline=head_sentence, sentences=tuple(out))


# A spun or machine-translated copy's sentence falls this fraction below the same statement in a
# native source's words: the other wording wins the selection (the two are redundant, so only one
# is taken).
SPUN_YIELD = 0.9


def _prefer_originals(
    scores: np.ndarray,
    cands: Sequence[Candidate],
    S: np.ndarray,
    copies: set[str],
    threshold: float,
) -> np.ndarray:
    """Where a native source states what a spun or machine-translated copy's sentence says, that
    source's sentence takes the copy's score (if higher) and the copy's sentence falls behind it."""
    if not copies:
        return scores
    out = scores.copy()
    n = len(cands)
    for i, c in enumerate(cands):
        if c.article_id not in copies:
            continue
        best = None
        for j in np.nonzero(S[i, :n] >= threshold)[0]:
            cj = cands[j]
            if cj.article_id in copies or cj.problem is not None:
                continue
            if best is None or S[i, j] > S[i, best]:
                best = int(j)
        if best is not None:
            out[best] = max(out[best], scores[i])
            out[i] = out[best] - max(1e-6, (1 - SPUN_YIELD) * abs(out[best]))
    return out


def _translations_restated(
    cands: Sequence[Candidate], S: np.ndarray, mt: set[str], spun: set[str], threshold: float,
) -> list[Candidate]:
    """A machine-translated copy's sentence is unfit (``problem``) when a fit sentence of a native
    source (neither translated nor spun) states the same thing: the native wording is the one to show.
    What only the translation says stays (shown as it is, its source flagged)."""
    if not mt:
        return list(cands)
    n = len(cands)
    out = list(cands)
    for i, c in enumerate(cands):
        if c.article_id not in mt or c.problem is not None:
            continue
        if any(cands[j].article_id not in mt and cands[j].article_id not in spun and cands[j].problem is None
               for j in np.nonzero(S[i, :n] >= threshold)[0]):
            out[i] = dataclasses.replace(c, problem="machine translation of a native source's sentence")
    return out


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
    # one output language: sentences from the sources written in it, the others cited (crosslang.py)
    language = crosslang.output_language(sources, config.lang)
    sources, other_language = crosslang.split_by_language(sources, language)
    others = [*others, *other_language]
    seen: list[str] = []
    if config.since:  # what is new since that date: older members are what the reader has seen
        old, sources = split_at(sources, config.since)
        old_others, others = split_at(others, config.since)
        if not sources:
            return Brief(event_id=event.id, headline=None, sentences=())
        seen = seen_sentences([*old, *old_others])
    brief = _method(config)(
        sources, config=config, model=model, others=others, event_id=event.id, headline_in_brief=False,
        seen=seen,
    )
    if brief.headline is not None and not brief.sentences:
        # the sources hold one sentence fit for a brief (a one-paragraph report, the rest a note and
        # a link list): it is the brief as well, not an empty brief under its headline
        brief = dataclasses.replace(brief, sentences=(brief.headline,))
    return dataclasses.replace(brief, language=language)


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
                "edits": [
                    {"article": e.span.doc_id, "start": e.span.start, "end": e.span.end, "original": e.original,
                     "replacement": e.replacement, "reason": e.reason}
                    for e in s.edits
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
