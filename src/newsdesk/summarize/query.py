"""Query-focused briefs: a brief that answers a question about the event.

A query is a string, or ``{"title", "narrative"}`` as DUC topics and ``newsdesk summarize`` input
give it (:func:`query_text` joins them). Each candidate sentence gets its relevance to the query:
the cosine, in the event's own TF-IDF space (:func:`.features.tfidf` over the candidates plus the
query), between the sentence and the query's content words, with the words every question uses
("describe", "discuss", "information", ...) left out. The brief's sentence scores become

    z(salience) + QUERY_WEIGHT * z(relevance)

(``z`` = standardised within the event), so a sentence both central to the event and on the
question is taken first, and one that never touches the question needs to be very central to get
in. Everything else (quality filter, redundancy, budget, citations) is the ordinary brief's.
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

# Weight of the query relevance against the salience score (both standardised per event). Set to 1
# before measuring; `benchmarks/duc2007.py --sweep` then showed (jackknifed ROUGE-2, centroid scoring)
# on the update task's parts B/C at 100 words 0 -> 0.084, 0.3 -> 0.088, 1.0 -> 0.102, 1.5 -> 0.104,
# 2 -> 0.101, and on the main task at 250 words 0 -> 0.1185, 0.35 -> 0.119, 0.5 -> 0.117, 1.0 -> 0.113:
# a question helps a short brief a lot and a 250-word brief (which covers the topic anyway) not at
# all. Kept at 1 (best on the update task, which it was looked at on; the main task pays 0.005).
QUERY_WEIGHT = 1.0


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


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9) if len(x) else x


def relevance(cands: Sequence[Candidate], query: str) -> np.ndarray:
    """Cosine of each candidate with the query (TF-IDF over the candidates and the query)."""
    if not cands or not query.strip():
        return np.zeros(len(cands))
    em = tfidf([*(c.text for c in cands), query])
    keep = np.ones(em.X.shape[1])
    for tok, j in em.vocab.items():
        if tok in QUESTION_WORDS:
            keep[j] = 0.0
    q = em.X[len(cands)].toarray().ravel() * keep
    n = float(np.linalg.norm(q))
    if n == 0.0:
        return np.zeros(len(cands))
    return np.asarray(em.X[: len(cands)] @ (q / n)).ravel()


def focus(scores: np.ndarray, cands: Sequence[Candidate], query: str, *, weight: float = QUERY_WEIGHT) -> np.ndarray:
    """Sentence scores for a brief about ``query``; ``scores`` unchanged when there is no query."""
    if not query.strip() or not len(scores):
        return scores
    return _z(scores) + weight * _z(relevance(cands, query))


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
