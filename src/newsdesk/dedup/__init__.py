"""Duplicate detection: exact copies, syndicated/reposted copies and spun copies.

``find_duplicates(articles, config=DedupConfig()) -> DedupResult``

1. **Exact copies**: the sha1 of the normalised word sequence of the body.
2. **Candidates**: MinHash signatures over short word shingles (``candidate_shingle_size``,
   default 2), banded as datasketch's MinHashLSH bands them at ``lsh_threshold``; the bands are a
   keyed shuffle (``bands.py``): signatures are computed per partition of articles, each band key
   goes to one partition, and texts sharing a key are candidates. Short shingles survive word
   substitution, so spun copies become candidates; the LSH threshold is set well below what we
   verify because LSH finds pairs near its threshold only about half of the time.
3. **Verification** of every candidate pair with exact measures (``similarity.py``): word
   5-shingle Jaccard >= ``threshold`` (syndication, reposts), shingle containment >=
   ``containment_threshold`` (a copy inside different chrome, a trimmed copy) or in-order
   sentence alignment >= ``align_threshold`` (spun copies).
4. **Groups**: union-find over verified pairs; one representative per group (see
   :func:`_representative_key`).

Everything is computed over the articles sorted by id, so the result does not depend on input
order or on how the work is cut into partitions, and the MinHash permutations come from
``config.seed``. Nothing holds all articles' shingles at once: a partition's sketches are a
band key per band, and fingerprints are made per verified pair and per group member.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from typing import Any

import numpy as np

from ..config import DedupConfig
from ..model import Article, DuplicateGroup
from ..pipeline.executor import LocalExecutor, shuffle_via_map
from ..pipeline.partition import contiguous
from .bands import (
    CANDIDATE_MIN_CONTAINMENT,
    Pairs,
    Routed,
    bucket_pairs,
    candidate_hashes,
    exact_key,
    lsh_params,
    route,
    shared_share,
    shingle_hashes,
    sketch,
    word_hashes,
)
from .similarity import (
    Fingerprint,
    alignment,
    containment,
    jaccard,
    pair_fingerprints,
    text_parts,
    tokens,
)

__all__ = ["DedupResult", "find_duplicates", "article_body"]

Progress = Callable[[str], None]

# A spilled run (``pipeline.spill``) cuts its tasks to at most this many texts each (a task reads
# its texts from the spill: ~20 MB of text) and its band shuffle into partitions of at most this
# many band keys (~20 bytes each on the way: ~40 MB a partition). Memory bounds, not quality:
# the answer does not depend on how the work is cut.
SPILL_RUN_ARTICLES = 4096
SHUFFLE_PART_KEYS = 2_000_000


@dataclass(frozen=True)
class DedupResult:
    """Duplicate groups (2+ members each); every article is in at most one group."""

    groups: tuple[DuplicateGroup, ...]
    _rep: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rep = {m: g.representative for g in self.groups for m in g.members}
        object.__setattr__(self, "_rep", rep)

    def representative_of(self, article_id: str) -> str:
        """The representative of the article's group, or the article itself if it has no copy."""
        return self._rep.get(article_id, article_id)

    def group_of(self, article_id: str) -> DuplicateGroup | None:
        rep = self._rep.get(article_id)
        return next((g for g in self.groups if g.representative == rep), None) if rep else None


def article_body(article: Article) -> str:
    """The text the stage compares: the cleaned body, or the raw text if the article was not cleaned."""
    return article.text or article.raw


class _UnionFind:
    """Plain union-find; the smaller id becomes the root so roots do not depend on call order."""

    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _similarity(a: Fingerprint, b: Fingerprint, config: DedupConfig, *, verify: bool = False) -> tuple[bool, float]:
    """(is a copy, similarity): the first measure that verifies the pair, else the largest score.

    ``verify``: only the verdict is wanted, so a pair that cannot reach the alignment threshold
    may be answered with a bound instead of its exact score."""
    scores = []
    for measure, threshold in (
        (jaccard, config.threshold),
        (containment, config.containment_threshold),
        (alignment, config.align_threshold),
    ):
        s = alignment(a, b, at_least=threshold) if verify and measure is alignment else measure(a, b)
        if s >= threshold:
            return True, s
        scores.append(s)
    return False, max(scores)


def find_duplicates(
    articles: Sequence[Article],
    *,
    config: DedupConfig = DedupConfig(),
    progress: Progress | None = None,
    executor: Any = None,
    texts: Any = None,
) -> DedupResult:
    """Group exact, syndicated, reposted and spun copies of the same story.

    Pure and order-invariant: shuffling ``articles`` gives the same groups and representatives.
    Articles with an empty body are never duplicates of anything. ``executor``
    (``pipeline.executor``) runs the sketches, the band shuffle, the verification and the
    shingle counts as tasks; the answer does not depend on it or on its number of partitions.
    ``texts`` (``pipeline.spill.Texts``) is where the bodies are read: by default the articles
    themselves; for a spilled run, each task reads its partition's bodies from the spill file and
    the band shuffle goes through files (``executor.shuffle_via_files``), not this process.
    """
    from ..pipeline.spill import Texts
    arts = sorted(articles, key=lambda a: a.id)
    ids = [a.id for a in arts]
    if len(set(ids)) != len(ids):
        dup = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"find_duplicates: article ids must be unique; repeated: {', '.join(dup[:5])}")
    by_id = {a.id: a for a in arts}
    ex = executor or LocalExecutor()
    src = texts if texts is not None else Texts(by_id)
    size = {i: src.length(i) for i in ids}
    n_runs = max(ex.partitions, -(-len(ids) // SPILL_RUN_ARTICLES) if src.spilled else 1)
    runs = [src.run(r) for r in contiguous(ids, lambda i: float(size[i]), n_runs)]

    # 1-2. exact copies and LSH candidates: sketches per partition, bands shuffled by key.
    shuffle = getattr(ex, "shuffle", None) or partial(shuffle_via_map, ex)  # an executor that only maps
    parts = max(1, ex.partitions)
    if src.spilled:
        from ..pipeline.executor import shuffle_via_files

        bands = lsh_params(config.lsh_threshold, config.num_perm)[0]
        parts = max(parts, -(-len(ids) * bands // SHUFFLE_PART_KEYS))
        shuffle = partial(shuffle_via_files, ex, directory=src.spill.directory)
    found = shuffle(_sketch_and_route, runs, _receive, parts, config)
    uf = _UnionFind(ids)
    for i, j in sorted({p for f in found for p in f.exact}):
        uf.union(i, j)
    pairs = sorted({p for f in found for p in f.candidates})
    if progress:
        progress(f"verifying {len(pairs)} duplicate candidate pairs")

    # 3. verify every candidate with the exact measures, in partitions of pairs.
    if pairs:
        n_cuts = max(ex.partitions, -(-len(pairs) // SPILL_RUN_ARTICLES) if src.spilled else 1)
        cuts = contiguous(pairs, lambda p: float(size[p[0]] + size[p[1]]), n_cuts)
        payloads = [(run, src.run(sorted({x for p in run for x in p}))) for run in cuts]
        for run in ex.map(_verify_run, payloads, config):
            for i, j in run:
                uf.union(i, j)

    # 4. groups, representatives, similarities.
    members: dict[str, list[str]] = {}
    for i in ids:
        members.setdefault(uf.find(i), []).append(i)
    multi = [sorted(m) for m in members.values() if len(m) > 1]
    if not multi:
        return DedupResult(groups=())
    # Per member: its exact key, token count and distinct bigram hashes (a sorted uint64 array, not
    # a set of Python ints: ~8 bytes a bigram instead of ~90), computed per group and the text let go.
    n = config.candidate_shingle_size
    info = {m: _member_info(body, n) for chunk in _chunks(multi) for m, body in src.get(chunk).items()}
    exact = {m: e for m, (e, _, _) in info.items()}
    # How many distinct texts (exact copies once) hold each shingle of a group member.
    copies = {m for mem in multi for m in mem if exact[m] and any(exact[o] == exact[m] and o < m for o in mem)}
    heads = [i for i in ids if i not in copies]  # exact copies are in one group: count them once
    needed = np.unique(np.concatenate([h for _, _, h in info.values()]))
    df = _df_counts(ex, [src.run(r) for r in contiguous(heads, lambda i: float(size[i]), n_runs)], needed, n)

    chosen = []
    for mem in multi:
        rep = min(mem, key=lambda m: _representative_key(m, mem, by_id, info, needed, df))
        others = sorted(m for m in mem if m != rep)
        same = {m: exact[m] != 0 and exact[m] == exact[rep] for m in mem}
        chosen.append((mem, rep, others, same))
    # The representative's similarity to each near member, computed in tasks (a spilled run's
    # main process then reads no text for it and fills none of its caches with their words).
    todo = [(rep, tuple(m for m in others if not same[m])) for _, rep, others, same in chosen]
    scores = _near_scores(ex, src, [t for t in todo if t[1]], size, config)
    groups = []
    for mem, rep, others, same in chosen:
        sims = [1.0 if same[m] else scores[rep, m] for m in others]
        kind: Literal["exact", "near"] = "exact" if all(same.values()) else "near"
        gid = "dup-" + hashlib.sha1("\n".join(mem).encode("utf-8")).hexdigest()[:12]
        groups.append(
            DuplicateGroup(
                id=gid,
                representative=rep,
                members=(rep, *others),
                kind=kind,
                similarity=(1.0, *(round(float(s), 4) for s in sims)),
            )
        )
    groups.sort(key=lambda g: g.representative)
    return DedupResult(groups=tuple(groups))


def _near_scores(
    ex: Any, src: Any, todo: Sequence[tuple[str, tuple[str, ...]]], size: dict[str, int], config: DedupConfig
) -> dict[tuple[str, str], float]:
    """(representative, member) -> similarity, for each (representative, near members) of ``todo``:
    whole groups a task (:func:`_score_run`), cut by text length as the verification is."""
    if not todo:
        return {}
    n_texts = sum(1 + len(near) for _, near in todo)
    n_cuts = max(ex.partitions, -(-n_texts // SPILL_RUN_ARTICLES) if src.spilled else 1)
    cuts = contiguous(todo, lambda g: float(sum(size[g[0]] + size[m] for m in g[1])), n_cuts)
    payloads = [(run, src.run(sorted({x for rep, near in run for x in (rep, *near)}))) for run in cuts]
    out: dict[tuple[str, str], float] = {}
    for run, sims in zip(cuts, ex.map(_score_run, payloads, config), strict=True):
        for (rep, near), s in zip(run, sims, strict=True):
            out.update(zip(((rep, m) for m in near), s, strict=True))
    return out


MemberInfo = tuple[int, int, np.ndarray]  # exact key, number of words, distinct bigram hashes (sorted uint64)


def _member_info(text: str, n: int) -> MemberInfo:
    """What choosing a group's representative needs of a member. ``tokens`` uncached: in the main
    process of a spilled run every text is read once here, and its cache would keep 4,096 of them."""
    toks = tokens.__wrapped__(text)  # type: ignore[attr-defined]
    return exact_key(toks), len(toks), shingle_hashes(toks, n, wide=True)


def _chunks(groups: Sequence[list[str]], size: int = 512) -> list[list[str]]:
    """Whole groups' members, about ``size`` ids a batch (bodies are read a batch at a time)."""
    out: list[list[str]] = [[]]
    for mem in groups:
        if len(out[-1]) >= size:
            out.append([])
        out[-1].extend(mem)
    return [c for c in out if c]


def _df_counts(ex: Any, runs: Sequence[Any], needed: np.ndarray, n: int) -> np.ndarray:
    """How many texts of ``runs`` hold each of the ``needed`` hashes, summed as the counts of each
    task arrive (``imap``), or ``ex.partitions`` tasks at a time: never every task's array at once
    (one is 8 bytes a needed hash, and both grow with the input)."""
    total = np.zeros(len(needed), dtype=np.int64)
    imap = getattr(ex, "imap", None)
    if callable(imap):
        for counts in imap(_count_run, runs, needed, n):
            total += counts
        return total
    step = max(1, ex.partitions)
    for s in range(0, len(runs), step):
        for counts in ex.map(_count_run, runs[s : s + step], needed, n):
            total += counts
    return total


# ------------------------------------------------------------------------ the tasks
def _words_for(run: Any) -> Callable[[str], tuple[str, ...]]:
    """``tokens`` for the texts of ``run``: uncached when they were read from a spill for this task
    only (caching them would keep 4,096 texts' words in the worker after the task)."""
    return tokens if run.texts is not None else tokens.__wrapped__  # type: ignore[attr-defined, no-any-return]


def _sketch_and_route(run: Any, parts: int, config: DedupConfig) -> list[Routed]:
    words_of = _words_for(run)
    return route([sketch(i, words_of(t), config) for i, t in run.items()], parts)


def _receive(pieces: Sequence[Routed], config: DedupConfig) -> Pairs:
    return bucket_pairs(pieces)


def _verify_run(payload: tuple[Sequence[tuple[str, str]], Any], config: DedupConfig) -> list[tuple[str, str]]:
    """The candidate pairs of ``payload`` that a measure verifies.

    The texts of a spilled run are read for this task only, so their words and fingerprint parts
    are memoised here and let go with the task, not put in the process's caches (each worker kept
    4,096 texts' words, shingle sets and sentences after its last task: hundreds of MB)."""
    pairs, run = payload
    texts = run.as_dict()
    grams: dict[str, np.ndarray] = {}
    spilled = run.texts is None
    words_of: dict[str, tuple[str, ...]] = {}
    parts_of: dict[str, Any] = {}
    uncached = _words_for(run)

    def toks(t: str) -> tuple[str, ...]:
        if not spilled:
            return tokens(t)
        if t not in words_of:
            words_of[t] = uncached(t)
        return words_of[t]

    hashes_of: dict[str, np.ndarray] = {}  # each text's word hashes, for both of its uses below

    def hashes(t: str) -> np.ndarray:
        if t not in hashes_of:
            hashes_of[t] = word_hashes(toks(t))
        return hashes_of[t]

    def parts(t: str) -> Any:
        if t not in parts_of:
            parts_of[t] = text_parts(t, config.shingle_size, toks(t), hashes(t))
        return parts_of[t]

    def gram(i: str) -> np.ndarray:
        if i not in grams:
            t = texts[i]
            grams[i] = candidate_hashes(toks(t), config, hashes(t) if spilled else None)
        return grams[i]

    out = []
    for i, j in pairs:
        if shared_share(gram(i), gram(j)) < CANDIDATE_MIN_CONTAINMENT:
            continue  # shares a topic, not a text: no measure could verify it (bands.CANDIDATE_MIN_CONTAINMENT)
        fa, fb = pair_fingerprints(texts[i], texts[j], shingle_size=config.shingle_size, parts=parts if spilled else None)
        if _similarity(fa, fb, config, verify=True)[0]:
            out.append((i, j))
    return out


def _score_run(payload: tuple[Sequence[tuple[str, tuple[str, ...]]], Any], config: DedupConfig) -> list[list[float]]:
    """Per (representative, near members) of ``payload``: the representative's similarity to each
    (:func:`_similarity`'s score). The texts of a spilled run are read for this task only, so
    their words and fingerprint parts are not put in the process's caches: the representative's
    parts are kept for its group, a member's for its pair (a main process that ran this on
    1,842 texts of 47,176 articles kept ~340 MB of their words, shingles and sentences)."""
    groups, run = payload
    texts = run.as_dict()
    spilled = run.texts is None
    words_of = _words_for(run)
    out = []
    for rep, near in groups:
        memo: dict[str, Any] = {}

        def parts(t: str) -> Any:
            got = memo.get(t)
            return got if got is not None else text_parts(t, config.shingle_size, words_of(t))

        if spilled:
            memo[texts[rep]] = parts(texts[rep])
        out.append([
            _similarity(*pair_fingerprints(
                texts[rep], texts[m], shingle_size=config.shingle_size, parts=parts if spilled else None
            ), config)[1]
            for m in near
        ])
    return out


def _count_run(run: Any, needed: np.ndarray, n: int) -> np.ndarray:
    """How many texts of ``run`` (a ``spill.TextRun``) hold each of the ``needed`` shingle hashes (sorted)."""
    counts = np.zeros(len(needed), dtype=np.int64)
    words_of = _words_for(run)
    for _, t in run.items():
        h = shingle_hashes(words_of(t), n, wide=True)
        hit = np.searchsorted(needed, h)
        ok = hit < len(needed)
        hit = hit[ok][needed[hit[ok]] == h[ok]]
        counts[hit] += 1
    return counts


def _representative_key(
    m: str,
    group: list[str],
    by_id: dict[str, Article],
    info: dict[str, MemberInfo],
    needed: np.ndarray,
    df: np.ndarray,
) -> tuple[str, float, float, int, str]:
    """Sort key of a group member; the smallest is the representative.

    The representative should be the *original*, the copy a reader would trust and cite:
    1. the earliest date (a copy cannot appear before its original; undated members come last);
    2. the most corroborated wording: the share of its word bigrams that texts outside the group
       also use. A spinner's substitutions ("safe one other mortgage") create bigrams nobody else
       wrote, while the original's wording is shared with other reports of the same event;
    3. the most *shared* wording inside the group: the mean share of its bigrams that each other
       member also has. What copies add (a site's chrome, a spinner's synonyms) is theirs alone,
       so the original, whose words every copy carries, scores highest;
    4. the longest body (trimmed syndications are cut from the longest one);
    5. the smallest id, so the choice is total and order-invariant.

    Bigrams are compared by their 64-bit hashes (``bands.shingle_hashes``); ``df[k]`` is how many
    distinct texts hold ``needed[k]`` (both sorted by hash).
    """
    _, n_words, mine = info[m]
    if not len(mine):
        return (by_id[m].date or "9999-99-99", 0.0, 0.0, 0, m)
    classes: dict[object, str] = {}
    for o in group:
        classes.setdefault(info[o][0] or o, o)  # exact copies count once
    held, times = np.unique(np.concatenate([info[o][2] for o in classes.values()]), return_counts=True)
    at = np.searchsorted(held, mine)
    found = (at < len(held)) & (held[np.minimum(at, len(held) - 1)] == mine)
    in_group = np.where(found, times[np.minimum(at, len(held) - 1)], 0)
    outside = df[np.searchsorted(needed, mine)] - in_group
    corroborated = int(np.count_nonzero(outside > 0)) / len(mine)
    others = [o for o in group if o != m]
    shared = sum(len(np.intersect1d(mine, info[o][2], assume_unique=True)) / len(mine) for o in others) / len(others)
    return (by_id[m].date or "9999-99-99", -round(corroborated, 6), -round(shared, 6), -n_words, m)
