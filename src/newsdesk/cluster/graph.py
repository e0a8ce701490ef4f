"""Average linkage without the dense ``n x n`` matrix: candidate neighbours, components, linkage.

The dense formulation (every pair's distance, one agglomerative tree) costs ``n^2`` memory and
time. Its answer can be had exactly from a sparse graph:

* **Why it is exact.** Average linkage merges two clusters at the mean distance of their cross
  pairs, and the mean of numbers that are all above the cut ``t`` is above ``t``. So two articles
  that no chain of pairs at distance ``<= t`` joins are never in one cluster cut at ``t``: the
  clusters of the whole set are the clusters of each connected component of the graph whose edges
  are the pairs at distance ``<= t`` (average linkage is monotone, so no merge below ``t`` can
  follow one above it). Within a component the merges only depend on its own members, so the
  component's own tree cut at ``t`` gives the same clusters.
* **Time blocks.** Two dated articles more than ``window_days`` apart are never joined, so the
  candidate pairs of an article are only the articles dated within the window and the undated
  ones. The sources are sorted by date and cut into blocks; each block is compared with itself
  plus the window on either side (the overlap), and the edges of all blocks are merged into one
  graph by its components. With dates spread over time this is linear in ``n``.
* **Oversized components.** At the default cut (cosine distance 0.9, i.e. similarity 0.1) an
  input of many thousands of articles within one window can chain into a component too large for
  a dense tree. Such a component (more than ``max_component`` sources) is split along its
  strongest edges: its edges are kept from ever higher similarity floors (steps of 0.05) until
  every piece fits, and each piece gets its own tree. This is the one approximation (pairs across
  pieces, which are joined only by weaker chains, are not merged); :func:`link_components`
  reports how many sources it touched, and on the Multi-News validation pool it touches none.

Every function here is pure over plain arrays, so the composition can run blocks and components
as separate tasks (``executor.map``) and get the answer of the sequential run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

# Distance given to two articles too far apart in time; any finite merge average stays far above
# every threshold (the largest possible cross-pair count is n^2, far below 1e12 / 2).
APART = 1e12

# Rows compared per block (a block's similarity rows are dense over its candidate columns only
# when an embedder is used; TF-IDF products stay sparse). Memory, not quality: any size gives
# the same edges.
BLOCK_ROWS = 1024

# Largest component given one dense tree: 4,000 sources is 64 MB of float32 distances... and the
# tree's O(m^2) time (about 2 s on this machine). See the module docstring for larger ones.
MAX_COMPONENT = 4000
_SPLIT_STEP = 0.05
_EPS = 1e-9  # similarities are float sums: a pair exactly at the cut must stay an edge


@dataclass(frozen=True)
class Features:
    """What the graph needs of the sources (in id order): L2-normalised TF-IDF rows, optional
    L2-normalised embedding rows, and day ordinals (0 = undated)."""

    x: csr_matrix
    ordinals: np.ndarray
    embedding: np.ndarray | None = None
    # With ``languages`` (one language key per source, ``crosslang.language_key``), pairs in one
    # language keep their TF-IDF similarity and the embedding is used across languages only
    # (``crosslang.blend``); without, the embedding is averaged with TF-IDF.
    languages: tuple[str | None, ...] | None = None

    def subset(self, idx: np.ndarray) -> Features:
        return Features(
            self.x[idx], self.ordinals[idx],
            None if self.embedding is None else self.embedding[idx],
            None if self.languages is None else tuple(self.languages[int(i)] for i in idx),
        )

    @property
    def n(self) -> int:
        return int(self.x.shape[0])


@dataclass(frozen=True)
class StoredFeatures:
    """:class:`Features` kept in ``.npy`` files of a folder of this machine and read memory-mapped.

    A spilled run (``pipeline.spill``) hands its events tasks this (a path: a few bytes pickled)
    instead of each task's TF-IDF rows, and each task reads the rows it needs from the files.
    Giving every task its rows made the main process hold up to four tasks' rows at once, each
    with its pickle (a task's rows are its blocks' and their +-14 days' window: at 500 articles a
    day about half of a 50,000-article matrix), +350 MB of the 1,425 MB peak measured at 50,000
    articles (docs/benchmarks.md, scale fifth round); and the main process itself can drop the
    matrix once it is written. The same rows in the same order, so the same edges and trees."""

    directory: str
    n: int

    @classmethod
    def write(cls, feats: Features, directory: str) -> StoredFeatures:
        import json
        import os
        import uuid

        folder = os.path.join(directory, f"features-{uuid.uuid4().hex[:12]}")
        os.makedirs(folder)
        x = feats.x
        for name, arr in (("data", x.data), ("indices", x.indices), ("indptr", x.indptr), ("ordinals", feats.ordinals)):
            np.save(os.path.join(folder, f"{name}.npy"), arr)
        if feats.embedding is not None:
            np.save(os.path.join(folder, "embedding.npy"), feats.embedding)
        with open(os.path.join(folder, "meta.json"), "w", encoding="utf-8") as f:
            json.dump({"shape": list(x.shape), "languages": feats.languages}, f)
        return cls(folder, feats.n)

    def load(self) -> Features:
        """The features over the memory-mapped files (rows are read when they are indexed)."""
        import json
        import os

        def arr(name: str) -> np.ndarray:
            return np.load(os.path.join(self.directory, f"{name}.npy"), mmap_mode="r")

        with open(os.path.join(self.directory, "meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
        x = csr_matrix((arr("data"), arr("indices"), arr("indptr")), shape=tuple(meta["shape"]), copy=False)
        emb = arr("embedding") if os.path.exists(os.path.join(self.directory, "embedding.npy")) else None
        langs = tuple(meta["languages"]) if meta["languages"] is not None else None
        return Features(x, np.asarray(arr("ordinals")), emb, langs)

    def subset(self, idx: np.ndarray) -> Features:
        """The rows ``idx`` read into memory (what ``Features.subset`` gives: indexing by an array
        copies the rows out of the mapped files)."""
        return self.load().subset(idx)


@dataclass(frozen=True)
class Block:
    """Rows ``rows`` compared with columns ``cols`` (both index arrays into the sources)."""

    rows: np.ndarray
    cols: np.ndarray


def time_blocks(ordinals: np.ndarray, window_days: int, block_rows: int = BLOCK_ROWS) -> list[Block]:
    """Row blocks in date order, each with its candidate columns: the sources dated within
    ``window_days`` of any of its rows, and the undated ones (an undated block's columns are all).

    Only pairs whose column is later in the order than the row are kept by :func:`block_edges`,
    so every pair is looked at once.
    """
    n = len(ordinals)
    dated = np.flatnonzero(ordinals > 0)
    undated = np.flatnonzero(ordinals <= 0)
    order = dated[np.argsort(ordinals[dated], kind="stable")]
    days = ordinals[order]
    blocks = []
    for s in range(0, len(order), block_rows):
        rows = order[s : s + block_rows]
        lo = np.searchsorted(days, days[s] - window_days, side="left")
        hi = np.searchsorted(days, days[min(s + block_rows, len(order)) - 1] + window_days, side="right")
        blocks.append(Block(rows, np.concatenate([order[lo:hi], undated])))
    everyone = np.arange(n)
    for s in range(0, len(undated), block_rows):
        blocks.append(Block(undated[s : s + block_rows], everyone))
    return blocks


def block_edges(block: Block, feats: Features, threshold: float, window_days: int) -> np.ndarray:
    """Pairs ``(i, j)`` (``i < j``, source indices) of one block at distance ``<= threshold``
    and not apart in time; an ``(m, 2)`` int array."""
    rows, cols = block.rows, block.cols
    if len(rows) == 0 or len(cols) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    sim = similarity(feats, rows, cols)
    floor = 1.0 - threshold - _EPS
    r, c = np.nonzero(sim >= floor) if isinstance(sim, np.ndarray) else _sparse_at_least(sim, floor)
    i, j = rows[r], cols[c]
    keep = _undated_first_or_later(i, j, feats.ordinals)
    i, j = i[keep], j[keep]
    oi, oj = feats.ordinals[i], feats.ordinals[j]
    near = (oi <= 0) | (oj <= 0) | (np.abs(oi - oj) <= window_days)
    return np.stack([np.minimum(i, j)[near], np.maximum(i, j)[near]], axis=1).astype(np.int64)


def _undated_first_or_later(i: np.ndarray, j: np.ndarray, ordinals: np.ndarray) -> np.ndarray:
    """Each unordered pair once: a pair of two dated sources (or two undated ones) from the row
    with the smaller index; a dated-undated pair from the undated row's block only."""
    di, dj = ordinals[i] > 0, ordinals[j] > 0
    return np.where(di == dj, i < j, ~di)


def _sparse_at_least(sim: csr_matrix, floor: float) -> tuple[np.ndarray, np.ndarray]:
    coo = sim.tocoo()
    ok = coo.data >= floor
    return coo.row[ok], coo.col[ok]


def similarity(feats: Features, rows: np.ndarray, cols: np.ndarray) -> Any:
    """Cosine similarity of ``rows`` with ``cols``: sparse (TF-IDF alone) or dense (with the
    embedding, the mean of both, as the dense formulation)."""
    xr, xc = feats.x[rows], feats.x[cols]
    sim = xr @ xc.T
    if feats.embedding is None:
        return sim.tocsr()
    e = feats.embedding
    if feats.languages is not None:
        from . import crosslang

        langs = feats.languages
        same = crosslang.same_language([langs[int(i)] for i in rows], [langs[int(i)] for i in cols])
        return crosslang.blend(sim.toarray(), e[rows] @ e[cols].T, same)
    return (sim.toarray() + e[rows] @ e[cols].T) / 2.0


def components(n: int, edges: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Connected components of the graph of ``edges`` on ``n`` sources: index arrays, each
    sorted, in order of their smallest index (singletons included)."""
    e = np.concatenate(list(edges)) if edges else np.zeros((0, 2), dtype=np.int64)
    graph = coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n)) if len(e) else coo_matrix((n, n))
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    comps = np.split(order, cuts)
    comps.sort(key=lambda c: int(c[0]))
    return comps


def link_components(
    comps: Sequence[np.ndarray], feats: Features, threshold: float, window_days: int,
    max_component: int = MAX_COMPONENT,
) -> tuple[list[np.ndarray], int]:
    """Average-linkage clusters (index arrays) of each component cut at ``threshold``, and how
    many sources sat in components too large for one tree (split, see the module docstring)."""
    out: list[np.ndarray] = []
    split = 0
    for comp in comps:
        if len(comp) > max_component:
            split += len(comp)
            for piece in _split(comp, feats, threshold, window_days, max_component, 1.0 - threshold):
                out.extend(_tree(piece, feats, threshold, window_days))
        else:
            out.extend(_tree(comp, feats, threshold, window_days))
    return out, split


def _tree(comp: np.ndarray, feats: Features, threshold: float, window_days: int) -> list[np.ndarray]:
    """The dense formulation on one component: distances, the time window, average linkage."""
    if len(comp) == 1:
        return [comp]
    # In place, one m x m float array at a time (a component of MAX_COMPONENT sources is 128 MB an
    # array, and a worker held five of them): the same numbers as 1 - sim, clip, where.
    sim = similarity(feats, comp, comp)
    dist = sim.toarray() if not isinstance(sim, np.ndarray) else sim
    del sim
    np.subtract(1.0, dist, out=dist)
    np.clip(dist, 0.0, 2.0, out=dist)
    o = feats.ordinals[comp]
    gap = np.abs(np.subtract.outer(o, o))
    far = gap > window_days
    del gap
    far &= o[:, None] > 0
    far &= o[None, :] > 0
    dist[far] = APART
    del far
    np.fill_diagonal(dist, 0.0)
    condensed = squareform(dist, checks=False)
    del dist
    labels = fcluster(linkage(condensed, method="average"), t=threshold, criterion="distance")
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return [comp[np.sort(part)] for part in np.split(order, cuts)]


def _split(
    comp: np.ndarray, feats: Features, threshold: float, window_days: int, max_component: int, floor: float
) -> list[np.ndarray]:
    """``comp`` cut into pieces of at most ``max_component`` along its strongest edges."""
    floor = floor + _SPLIT_STEP
    if floor >= 1.0:  # near-identical texts in one huge chain: cut it in id order
        return [comp[i : i + max_component] for i in range(0, len(comp), max_component)]
    sub = feats.subset(comp)
    local = [block_edges(b, sub, 1.0 - floor, window_days) for b in time_blocks(sub.ordinals, window_days)]
    out = []
    for piece in components(len(comp), local):
        if len(piece) > max_component:
            out.extend(comp[p] for p in _split(piece, sub, threshold, window_days, max_component, floor))
        else:
            out.append(comp[piece])
    return out
