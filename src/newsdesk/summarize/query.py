"""Query-focused briefs: a brief that answers a question about the event.

A query is a string, or ``{"title", "narrative"}`` as DUC topics and ``newsdesk summarize`` input
give it (:func:`query_text` joins them). Each candidate sentence gets its relevance to the query:
the cosine, in the event's own TF-IDF space (:func:`.features.tfidf` over the candidates plus the
query), between the sentence and the query's content words, with the words every question uses
("describe", "discuss", "information", ...) left out.

A question is short and the articles answer it in their own words, so the query is expanded once
by pseudo-relevance feedback (Rocchio): the TF-IDF centroid of the ``FEEDBACK_SENTENCES`` fit
sentences that the first ranking puts on top is added to it with ``FEEDBACK_WEIGHT``, and the
relevance is measured again against the expanded query. The brief's sentence scores become

    z(salience) + QUERY_WEIGHT * z(relevance to the expanded query)

(``z`` = standardised within the event), so a sentence both central to the event and on the
question is taken first, and one that never touches the question needs to be very central to get
in. An update brief (something was seen: :mod:`.update`) uses ``UPDATE_QUERY_WEIGHT`` and no
feedback: the top sentences of the event are mostly what the reader has already seen, and
expanding the question with them pulls the brief back to it. Everything else (quality filter,
redundancy, budget, citations) is the ordinary brief's.

With ``SummarizeConfig.embed_query`` the top of that ranking is re-read with multilingual-e5-small
(:func:`embedded`): the sentence whose meaning is closest to the question leads even when it shares
no word with it. On DUC 2007 held out it lifts 100-word update briefs (0.1003 -> 0.1122 jackknifed
ROUGE-2) and not 250-word ones; it costs seconds of CPU per brief, so it is an option.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InputError
from .features import Candidate, content_tokens, tfidf

# Words of the question's form, not its subject (DUC narratives: "Describe ... Include details of
# ... What efforts ..."). Written by hand from how questions are asked, not tuned.
QUESTION_WORDS = frozenset(
    content_tokens(
        "describe description discuss discussion identify explain include including information "
        "detail details specify give provide list mention report reported what which who whom whose "
        "when where why how aspect aspects regard regarding concerning involved involving "
        "question questions topic example examples known"
    )
)

# Weights of the query relevance against the salience score (both standardised per event), with and
# without something seen, and the feedback expansion. Chosen by `benchmarks/duc2007.py --sweep` on DUC
# 2007 (jackknifed ROUGE-2 recall, centroid scoring, the answer sentence first), 2026-12-02: QUERY_WEIGHT
# x FEEDBACK_WEIGHT in {0.25, 0.5, 1} x {0, 1, 2} scored on the main task (23 topics, 250 words) and the
# update task's parts A (10 topics, 100 words, nothing seen), the objective the sum of the two means:
# best (0.25, 2) 0.1217 + 0.1129 (next: (1, 0) 0.1164 + 0.1138, (0.5, 1) 0.1253 + 0.1035); and
# UPDATE_QUERY_WEIGHT x UPDATE_FEEDBACK_WEIGHT in {0.5, 1, 1.5} x {0, 1} on parts B and C: best (1, 0)
# 0.1018 (feedback there 0.0878: the top of an update event is what the reader saw). Held out
# (leave-one-topic-out, each topic scored with the settings chosen on the others): main 0.1197, update
# 0.0945, which is what to expect on new topics (no query at all: main 0.1199).
# FEEDBACK_SENTENCES was set to 10 by hand (about the sentences of a 250-word brief), not swept;
# the feedback set is never more than FEEDBACK_SHARE of the fit sentences (a small event's top 10
# would be all of it: its centroid, and the question would be lost). DUC docsets have 200-900.
QUERY_WEIGHT = 0.25
FEEDBACK_WEIGHT = 2.0
FEEDBACK_SENTENCES = 10
FEEDBACK_SHARE = 0.25
UPDATE_QUERY_WEIGHT = 1.0
UPDATE_FEEDBACK_WEIGHT = 0.0
# The brief of a question always holds the sentence closest to it (a reader who asks what the
# damage cost must find the figure, even in a small event where the expanded question is mostly
# the event's centroid); ANSWER_WEIGHT None = by relevance alone, a number = z(salience) + it x
# z(relevance). Measured on DUC 2007 (jackknifed ROUGE-2, main 250 words / update 100 words, with
# QUERY_WEIGHT 0.5 and FEEDBACK_WEIGHT 1, before the sweep above): no
# answer sentence 0.1237 / 0.1076, by relevance 0.1253 / 0.1024, weight 1.0 0.1241 / 0.1044, 2.0
# 0.1246 / 0.1020: all within noise; kept for the readers' sake, by relevance (the simplest).
ANSWER_FIRST = True
ANSWER_WEIGHT: float | None = None
# SummarizeConfig.embed_query: the sentences the TF-IDF ranking puts on top (EMBED_TOP of the fit
# ones) are embedded with multilingual-e5-small (:mod:`.embed_cache`, "query: " / "passage: "), the
# answer sentence is the one closest to the question there, and their scores gain EMBED_WEIGHT x
# their standardised e5 cosine. Only the top is embedded because e5 runs at about 10 sentences a
# second on one core: EMBED_TOP sentences cost a few seconds a brief, all of a DUC topic's 500 a
# minute. EMBED_TOP was set for that cost (20/40/80 on DUC update A: 0.1258/0.1246/0.1246, main
# 0.1170/0.1180/0.1194, EMBED_WEIGHT 0: flat). EMBED_WEIGHT x update.NOVELTY_WEIGHT in {0, 0.5, 1}^2
# by `benchmarks/duc2007_e5.py --product` (2026-12-02, jackknifed ROUGE-2, main 250 words / update 100):
# (0, 0) main 0.1180 update 0.1165, (0.5, 0) 0.1193 / 0.1150, (0.5, 0.5) 0.1193 / 0.1137, (1, 0) 0.1182 /
# 0.1140, every novelty weight 1 row <= 0.1097; held out (each topic with the setting chosen on the
# others) main 0.1144, update 0.1122 (embedding off: 0.1193, 0.1003). 0.5 = the main task's best, the
# update task within noise of the best.
EMBED_TOP = 40
EMBED_WEIGHT = 0.5


def query_text(query: Any, *, where: str = "query") -> str:
    """The query as one string: a string as given, ``{"title", "narrative"}`` as title then
    narrative (either may be missing). Anything else is an input error naming ``where``."""
    if query is None:
        return ""
    if isinstance(query, str):
        return query.strip()
    if isinstance(query, Mapping):
        bad = [k for k in ("title", "narrative") if k in query and not isinstance(query[k], str)]
        extra = sorted(set(query) - {"title", "narrative"})
        if bad or extra:
            raise InputError(
                f'{where}: a query object has only string fields "title" and "narrative" '
                f"(bad: {bad + extra}); or give the question as a string"
            )
        return "\n".join(s.strip() for s in (query.get("title", ""), query.get("narrative", "")) if s.strip())
    raise InputError(f'{where}: the query must be a string or {{"title", "narrative"}}, not {type(query).__name__}')


def relevance_terms(query: Any) -> list[str]:
    """The words of ``query`` that relevance reads (lower-cased, in order, once each): its content
    words without the question words. Empty: the brief is the event's ordinary one."""
    from ..text import words

    out: list[str] = []
    for w in words(query_text(query)):
        toks = content_tokens(w)
        if toks and not all(t in QUESTION_WORDS for t in toks) and w not in out:
            out.append(w)
    return out


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9) if len(x) else x


def _query_space(cands: Sequence[Candidate], query: str) -> tuple[Any, np.ndarray]:
    """TF-IDF rows of the candidates and the unit query vector (question words left out; a zero
    vector when nothing of the query is left)."""
    em = tfidf([*(c.text for c in cands), query])
    keep = np.ones(em.X.shape[1])
    for tok, j in em.vocab.items():
        if tok in QUESTION_WORDS:
            keep[j] = 0.0
    q = em.X[len(cands)].toarray().ravel() * keep
    n = float(np.linalg.norm(q))
    return em.X[: len(cands)], (q / n if n else q)


def relevance(cands: Sequence[Candidate], query: str) -> np.ndarray:
    """Cosine of each candidate with the query (TF-IDF over the candidates and the query)."""
    if not cands or not query.strip():
        return np.zeros(len(cands))
    X, q = _query_space(cands, query)
    return np.asarray(X @ q).ravel()


def expanded_relevance(
    scores: np.ndarray,
    cands: Sequence[Candidate],
    query: str,
    *,
    weight: float = QUERY_WEIGHT,
    feedback: float = FEEDBACK_WEIGHT,
    top: int = FEEDBACK_SENTENCES,
) -> np.ndarray:
    """Cosine of each candidate with the query expanded by pseudo-relevance feedback: the unit
    centroid of the ``top`` fit candidates (at most ``FEEDBACK_SHARE`` of them) ranked first by ``z(scores) + weight * z(relevance)``
    added to the unit query vector with ``feedback`` (0: the plain :func:`relevance`)."""
    if not cands or not query.strip():
        return np.zeros(len(cands))
    X, q = _query_space(cands, query)
    rel = np.asarray(X @ q).ravel()
    if feedback <= 0 or not q.any():
        return rel
    fit = np.array([c.problem is None for c in cands])
    first = np.where(fit, _z(scores) + weight * _z(rel), -np.inf)
    top = min(top, int(FEEDBACK_SHARE * fit.sum()))
    picked = [int(i) for i in np.argsort(-first, kind="stable")[:top] if np.isfinite(first[i])]
    if not picked:
        return rel
    centre = np.asarray(X[picked].mean(axis=0)).ravel()
    n = float(np.linalg.norm(centre))
    if n == 0.0:
        return rel
    q2 = q + feedback * centre / n
    return np.asarray(X @ (q2 / np.linalg.norm(q2))).ravel()


def embedded(
    out: np.ndarray,
    cands: Sequence[Candidate],
    query: str,
    *,
    weight: float = EMBED_WEIGHT,
    top: int = EMBED_TOP,
) -> tuple[np.ndarray, int | None]:
    """``(scores, answer)``: the ``top`` fit candidates by ``out`` embedded with e5, their scores
    raised by ``weight`` x their standardised cosine with the question (the others unchanged), and
    the index of the one closest to the question (``None``: no fit candidate)."""
    from . import embed_cache

    fit = np.array([c.problem is None for c in cands])
    idx = [int(i) for i in np.argsort(-np.where(fit, out, -np.inf), kind="stable")[:top] if fit[i]]
    if not idx:
        return out, None
    cos = embed_cache.embed([cands[i].text for i in idx], "passage") @ embed_cache.embed([query], "query")[0]
    out = np.asarray(out, dtype=float).copy()
    if weight:
        out[idx] += weight * _z(cos.astype(float))
    return out, idx[int(np.argmax(cos))]


def focus(
    scores: np.ndarray,
    cands: Sequence[Candidate],
    query: str,
    *,
    seen: bool = False,
    weight: float | None = None,
    feedback: float | None = None,
    embed: bool = False,
) -> np.ndarray:
    """Sentence scores for a brief about ``query``; ``scores`` unchanged when there is no query.

    ``seen``: the brief is an update brief (the reader has seen something), which takes
    ``UPDATE_QUERY_WEIGHT`` and ``UPDATE_FEEDBACK_WEIGHT``; ``weight``/``feedback`` override.
    ``embed``: the top of the ranking is re-read with e5 (:func:`embedded`), which also picks the
    answer sentence."""
    if not query.strip() or not len(scores):
        return scores
    w = weight if weight is not None else (UPDATE_QUERY_WEIGHT if seen else QUERY_WEIGHT)
    fb = feedback if feedback is not None else (UPDATE_FEEDBACK_WEIGHT if seen else FEEDBACK_WEIGHT)
    out = _z(scores) + w * _z(expanded_relevance(scores, cands, query, weight=w, feedback=fb))
    if embed:
        out, best = embedded(out, cands, query)
        if ANSWER_FIRST and best is not None:
            out[best] = float(out.max()) + 1.0
        return out
    if ANSWER_FIRST:
        rel = relevance(cands, query)
        fit = np.array([c.problem is None for c in cands]) & (rel > 0)
        if fit.any():  # the best answer to the question itself leads: it is always in the brief
            pick = rel if ANSWER_WEIGHT is None else _z(scores) + ANSWER_WEIGHT * _z(rel)
            best = int(np.argmax(np.where(fit, pick, -np.inf)))
            out[best] = float(out.max()) + 1.0
    return out


def queries_of(path: Any) -> dict[str, str]:
    """``{cluster id: query text}`` of the lines of a cluster file that have a ``query`` field
    (ids as :func:`.clusters.read_clusters` gives them: the ``id`` field, else the line number)."""
    import json
    from pathlib import Path

    out: dict[str, str] = {}
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc}") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or '"query"' not in line:
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue  # read_clusters reports the bad line
            if isinstance(obj, dict) and obj.get("query") is not None:
                q = query_text(obj["query"], where=f"{p}:{lineno}")
                if q:
                    out[str(obj.get("id", lineno))] = q
    return out


def ask_event(store: Any, event_id: str, question: Any, *, config: Any = None, since: str = "") -> Any:
    """The brief of a stored event that answers ``question`` (a string or ``{"title", "narrative"}``),
    for the desk's web page and API; ``since`` (ISO date) makes it a brief of what is new since then.

    It runs the pipeline's own ``analyse`` step on the event's stored articles and duplicate groups
    with ``SummarizeConfig.query`` (and ``since``) set, so it is exactly the brief ``newsdesk brief
    --query`` would give for that event. Returns ``None`` for an unknown event; nothing is stored.
    """
    from ..config import Config
    from ..pipeline import steps

    cfg = config if config is not None else Config()
    event = store.event(event_id)
    if event is None:
        return None
    articles = store.articles(event.articles)
    groups = {g.id: g for g in store.groups_of(event.articles).values()}
    cfg = cfg.replace("summarize", query=query_text(question, where="question"), since=since)
    (outcome,) = steps.analyse([event], articles, sorted(groups.values(), key=lambda g: g.id), cfg)
    return outcome.brief
