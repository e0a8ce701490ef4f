"""Event-clustering benchmark: pool Multi-News-shaped clusters, shuffle, recover the clusters.

Systems, side by side on the same shuffled pool and scored by one scorer:

* ``newsdesk``: the pipeline's own steps up to events (``pipeline.steps.prepare`` and
  ``pipeline.steps.group``: clean, date estimation, duplicates, events), exactly what
  ``newsdesk brief`` computes. Articles the clean stage skips are scored as singletons, so
  nothing leaves the metric.
* ``tfidf-agglomerative``: the baseline people would write first: scikit-learn
  ``TfidfVectorizer`` (defaults) on the raw documents and ``AgglomerativeClustering`` (cosine
  distance, average linkage) cut at a distance threshold.

Metrics: B-cubed precision, recall and F1 (Bagga & Baldwin 1998: per article, the share of its
predicted cluster that is in its gold cluster and vice versa, averaged over articles) and the
adjusted Rand index (scikit-learn), plus the number of predicted clusters and seconds.
The data has no dates: the dates the pipeline estimates from content are all the time it sees.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..model import Article, Origin
from .report import Report, digest

Progress = Callable[[str], None]

# Distance threshold of the baseline, tuned like newsdesk's ``ClusterConfig.threshold``: the best
# B-cubed F1 on a 0.05-step grid over the whole Multi-News validation sample (seed 1 shuffle),
# the same data and grid used for newsdesk (print the grid with benchmarks/clustering.py --sweep).
BASELINE_THRESHOLD = 0.65


def bcubed(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of the clustering ``pred`` against ``gold`` (same keys)."""
    if set(pred) != set(gold):
        raise ValueError("bcubed: predicted and gold clusterings must cover the same items")
    if not pred:
        return 0.0, 0.0, 0.0
    pc: dict[Hashable, set[str]] = defaultdict(set)
    gc: dict[Hashable, set[str]] = defaultdict(set)
    for item, c in pred.items():
        pc[c].add(item)
    for item, c in gold.items():
        gc[c].add(item)
    p = r = 0.0
    for item in pred:
        mine, truth = pc[pred[item]], gc[gold[item]]
        inter = len(mine & truth)
        p += inter / len(mine)
        r += inter / len(truth)
    p /= len(pred)
    r /= len(pred)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def ari(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(gold)
    return float(adjusted_rand_score([str(gold[i]) for i in ids], [str(pred[i]) for i in ids]))


def load_pool(path: Path, *, limit: int | None = None, seed: int = 1) -> list[Article]:
    """Every document of the first ``limit`` clusters as an Article, shuffled with ``seed``.

    ``Origin.cluster`` holds the gold cluster id (never used to cluster).
    """
    articles = _read(path, limit)
    random.Random(seed).shuffle(articles)
    return articles


def _read(path: Path, limit: int | None) -> list[Article]:
    """Every document as an Article: through the ingest stage when it is installed.

    ``min_words=0`` keeps even near-empty documents, so every gold item is scored: the short ones
    are then skipped by the clean stage and scored as singletons.
    """
    try:
        from ..ingest import read_jsonl
    except ImportError:  # ingest not installed: build the articles the way it would
        read_jsonl = None  # type: ignore[assignment]
    if read_jsonl is not None:
        from ..config import IngestConfig

        arts = list(read_jsonl(path, config=IngestConfig(min_words=0)).articles)
        return [a for a in arts if limit is None or (a.origin.record or 0) <= limit]
    out: list[Article] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if limit is not None and n > limit:
                break
            rec = json.loads(line)
            for k, doc in enumerate(rec["documents"]):
                out.append(
                    Article(
                        id=f"{rec['id']}-{k}", origin=Origin(str(path), "multinews", n, rec["id"]), raw=doc
                    )
                )
    return out


@dataclass(frozen=True)
class Prepared:
    """The pool after the pipeline's ``prepare`` step and the date estimation of its ``group``
    step: cleaned, dated articles and the ids of articles the clean stage skipped."""

    articles: tuple[Article, ...]
    skipped: tuple[str, ...]


def prepare_newsdesk(articles: Sequence[Article], *, config: Config = Config(), clean: bool = True) -> Prepared:
    """``steps.prepare`` (when ``clean``) and ``steps.date_articles``, the start of the group step."""
    from ..pipeline import steps

    arts = list(articles)
    skipped: list[str] = []
    if clean:
        part = steps.prepare(arts, config)
        kept = {a.id for a in part.articles}
        skipped = [a.id for a in arts if a.id not in kept]
        arts = list(part.articles)
    return Prepared(steps.date_articles(arts, config), tuple(skipped))


def run_newsdesk(
    articles: Sequence[Article],
    *,
    config: Config = Config(),
    clean: bool = True,
    prepared: Prepared | None = None,
) -> dict[str, str]:
    """article id -> predicted event id, by the pipeline's own steps (what ``newsdesk brief`` does
    up to events: clean, estimate dates, duplicates, events).

    Articles the clean stage skips are their own singleton "events" (nothing leaves the metric).
    ``prepared`` (from :func:`prepare_newsdesk`) spares cleaning and dating again when only the
    cluster settings change (threshold sweeps).
    """
    from ..pipeline import steps

    prep = prepared or prepare_newsdesk(articles, config=config, clean=clean)
    pred = {i: f"skipped:{i}" for i in prep.skipped}
    events = steps.group(prep.articles, config).events
    pred.update({a: e.id for e in events for a in e.articles})
    return pred


def baseline_features(articles: Sequence[Article]):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer().fit_transform([a.raw for a in articles]).toarray()


def run_baseline(
    articles: Sequence[Article],
    *,
    threshold: float = BASELINE_THRESHOLD,
    features=None,  # type: ignore[no-untyped-def]
) -> dict[str, str]:
    """article id -> cluster label: TF-IDF (sklearn defaults) + agglomerative, cosine, average linkage."""
    from sklearn.cluster import AgglomerativeClustering

    if len(articles) < 2:
        return {a.id: "0" for a in articles}
    x = baseline_features(articles) if features is None else features
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    labels = model.fit_predict(x)
    return {a.id: str(lab) for a, lab in zip(articles, labels)}


def score(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    p, r, f = bcubed(pred, gold)
    return {"precision": p, "recall": r, "f1": f, "ari": ari(pred, gold), "clusters": len(set(pred.values()))}


def evaluate_clustering(
    path: Path, *, limit: int | None = None, seed: int = 1, progress: Progress | None = None
) -> Report:
    """Run newsdesk and the TF-IDF agglomerative baseline on the pooled clusters; one table.

    A third row, ``newsdesk (no clean)``, runs dedup + cluster on the raw documents, to show what
    the clean stage contributes (it is the same as ``newsdesk`` when the clean stage is absent).
    """
    say = progress or (lambda _m: None)
    articles = load_pool(path, limit=limit, seed=seed)
    gold = {a.id: a.origin.cluster or a.id for a in articles}
    n_gold = len(set(gold.values()))
    say(f"{len(articles)} documents from {n_gold} clusters, shuffled with seed {seed}")

    systems: list[tuple[str, Callable[[], dict[str, str]]]] = [
        ("newsdesk", lambda: run_newsdesk(articles)),
        ("tfidf-agglomerative", lambda: run_baseline(articles)),
    ]
    systems.append(("newsdesk (no clean)", lambda: run_newsdesk(articles, clean=False)))
    rows = []
    for name, fn in systems:
        say(f"running {name}")
        t0 = time.perf_counter()
        pred = fn()
        secs = time.perf_counter() - t0
        s = score(pred, gold)
        rows.append(
            (name, s["precision"], s["recall"], s["f1"], s["ari"], int(s["clusters"]), round(secs, 2))
        )

    clean_note = "the pipeline's prepare step (clean); articles it skips are scored as singletons"
    return Report(
        title=f"Event clustering: {len(articles)} documents of {n_gold} clusters of {Path(path).name} pooled and "
        "shuffled (undated: dates estimated from content)",
        columns=("system", "B3 precision", "B3 recall", "B3 F1", "ARI", "clusters", "seconds"),
        rows=tuple(rows),
        settings={
            "data": f"{path} ({len(articles)} documents, {n_gold} gold clusters)",
            "shuffle seed": seed,
            "clean stage": clean_note,
            "newsdesk": f"the pipeline's steps (prepare, group) with {Config().cluster}; {Config().dedup}; "
            "date estimation on",
            "baseline": "TfidfVectorizer() on the raw documents + AgglomerativeClustering(cosine, average, "
            f"distance_threshold={BASELINE_THRESHOLD})",
            "thresholds": "each system's best B-cubed F1 on one 0.05 grid over all 690 documents "
            "(benchmarks/clustering.py --sweep prints it, with a split-half check)",
        },
        data_digest=digest(path),
    )
