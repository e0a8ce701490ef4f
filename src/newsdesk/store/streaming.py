"""Streaming parts of incremental ingest: LSH bands for stored duplicate candidates, and the
assignment of newly clustered articles to stored events.

The batch stages do the real work (``dedup.find_duplicates`` verifies copies, ``cluster_events``
groups the new articles among themselves, ``cluster.features.cosine_distances`` measures
content); this module only decides, for a group of new sources, which stored event (if any) they
join. The rule is the batch clustering's own: average-linkage distance between the new group's
sources and the event's sources at most ``ClusterConfig.threshold``, and never a pair of dated
sources more than ``window_days`` apart. So a stream of batches makes the same kind of decision
that one batch run would, without recomputing stored events.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..cluster.features import cosine_distances
from ..config import ClusterConfig, DedupConfig
from ..dedup import article_body
from ..model import Article, DuplicateGroup, Event
from ..text import shingles, words

__all__ = [
    "best_event",
    "event_date",
    "lsh_bands",
    "lsh_params",
    "parse_date",
    "sources_of",
    "window",
]

# How much each kind of date evidence is trusted when member dates tie (same order as cluster/).
_DATE_SOURCE_RANK = {"metadata": 0, "dateline": 1, "content": 2, "estimated": 3}


# ------------------------------------------------------------------------------ LSH bands
def _lsh_shape(config: DedupConfig) -> tuple[int, int]:
    """(bands, rows) that datasketch picks for the dedup stage's candidate threshold."""
    lsh = MinHashLSH(threshold=config.lsh_threshold, num_perm=config.num_perm)
    return int(lsh.b), int(lsh.r)


def lsh_params(config: DedupConfig) -> str:
    """Everything the stored bands depend on; when it changes, the bands are rebuilt."""
    b, r = _lsh_shape(config)
    return f"minhash num_perm={config.num_perm} seed={config.seed} shingles={config.candidate_shingle_size} b={b} r={r}"


def lsh_bands(article: Article, config: DedupConfig) -> list[tuple[int, str]]:
    """``(band, bucket hash)`` of the article's MinHash over the dedup stage's candidate shingles.

    Two articles share a bucket with the probability the dedup stage's own LSH index has, so
    the stored articles sharing a bucket with a new one are its duplicate candidates.
    """
    sh = shingles(words(article_body(article)), config.candidate_shingle_size)
    if not sh:
        return []
    mh = MinHash(num_perm=config.num_perm, seed=config.seed)
    mh.update_batch([s.encode("utf-8") for s in sorted(sh)])
    b, r = _lsh_shape(config)
    hv = np.asarray(mh.hashvalues, dtype=np.uint64)
    out = []
    for i in range(b):
        digest = hashlib.sha1(i.to_bytes(2, "big") + hv[i * r : (i + 1) * r].tobytes()).hexdigest()[:20]
        out.append((i, digest))
    return out


# --------------------------------------------------------------------------- event shape
def parse_date(a: Article) -> date | None:
    return a.day


def sources_of(article_ids: Sequence[str], groups: Mapping[str, DuplicateGroup]) -> tuple[str, ...]:
    """One representative per duplicate group among ``article_ids`` (``groups``: member -> group)."""
    present = set(article_ids)
    reps = set()
    for a in article_ids:
        g = groups.get(a)
        if g is None:
            reps.add(a)
            continue
        rep = g.representative if g.representative in present else min(m for m in g.members if m in present)
        reps.add(rep)
    return tuple(sorted(reps))


def event_date(
    sources: Sequence[str], articles: Sequence[str], groups: Mapping[str, DuplicateGroup], by_id: Mapping[str, Article]
) -> tuple[str | None, str | None]:
    """The event date and its evidence, by the rule ``cluster_events`` uses.

    Each source's duplicate group votes once with its earliest member date; the most common date
    wins, the earliest on ties. (Re-stated here because the cluster package keeps it private.)
    """
    attached: dict[str, list[str]] = {s: [] for s in sources}
    for a in articles:
        g = groups.get(a)
        rep = a
        if g is not None:
            rep = next((s for s in sources if s in g.members), a)
        attached.setdefault(rep, []).append(a)
    votes: Counter[str] = Counter()
    for s in sources:
        dated = sorted(d.isoformat() for a in attached.get(s, []) if a in by_id and (d := parse_date(by_id[a])))
        if dated:
            votes[dated[0]] += 1
    if not votes:
        return None, None
    top = max(votes.values())
    best = min(d for d, v in votes.items() if v == top)
    witnesses = [by_id[a] for a in articles if a in by_id and (d := parse_date(by_id[a])) and d.isoformat() == best]
    w = min(witnesses, key=lambda a: (_DATE_SOURCE_RANK.get(a.date_source or "", 9), a.id))
    said = f" {w.date_evidence!r}" if w.date_evidence else ""
    n = f"{top} of {len(sources)} sources" if len(sources) > 1 else "the only source"
    return best, f"{w.id}: {w.date_source or 'unknown source'}{said} ({n} dated {best})"


def window(dates: Sequence[date | None], config: ClusterConfig) -> tuple[str | None, str | None]:
    """ISO bounds of the dates an event may have to be joinable by sources with ``dates``.

    (None, None) when no source is dated: then any event may match on content alone.
    """
    known = [d for d in dates if d is not None]
    if not known:
        return None, None
    span = timedelta(days=config.window_days)
    return (max(known) - span).isoformat(), (min(known) + span).isoformat()


# ----------------------------------------------------------------------------- assignment
def _text(a: Article) -> str:
    return f"{a.title}\n\n{article_body(a)}" if a.title else article_body(a)


def best_event(
    sources: Sequence[str],
    candidates: Sequence[Event],
    by_id: Mapping[str, Article],
    config: ClusterConfig,
) -> tuple[Event | None, float]:
    """The candidate event the new ``sources`` join, and its average-linkage distance.

    TF-IDF is fitted on the new sources plus every candidate's sources (as the batch stage fits
    it on what it clusters). A candidate is out if any dated pair is more than ``window_days``
    apart; the closest remaining one is joined if its distance is at most ``config.threshold``.
    Returns ``(None, distance to the closest)`` when none qualifies (``inf`` when none was eligible).
    """
    new = [s for s in sources if s in by_id]
    if not new or not candidates:
        return None, float("inf")
    pool: list[str] = list(dict.fromkeys([*new, *(s for e in candidates for s in e.sources if s in by_id)]))
    index = {a: i for i, a in enumerate(pool)}
    dist = cosine_distances([_text(by_id[a]) for a in pool])
    new_idx = [index[a] for a in new]
    new_dates = [parse_date(by_id[a]) for a in new]
    best: tuple[float, str, Event] | None = None
    for ev in candidates:
        srcs = [s for s in ev.sources if s in index and s not in new]
        if not srcs:
            continue
        if _too_far(new_dates, [parse_date(by_id[s]) for s in srcs], config.window_days):
            continue
        d = float(dist[np.ix_(new_idx, [index[s] for s in srcs])].mean())
        if best is None or (d, ev.id) < (best[0], best[1]):
            best = (d, ev.id, ev)
    if best is None:
        return None, float("inf")
    return (best[2] if best[0] <= config.threshold else None), best[0]


def _too_far(a: Sequence[date | None], b: Sequence[date | None], days: int) -> bool:
    return any(x is not None and y is not None and abs((x - y).days) > days for x in a for y in b)
