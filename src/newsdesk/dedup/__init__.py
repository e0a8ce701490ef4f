"""Duplicate detection: exact copies, syndicated/reposted copies and spun copies.

``find_duplicates(articles, config=DedupConfig()) -> DedupResult``

1. **Exact copies**: the sha1 of the normalised word sequence of the body.
2. **Candidates**: datasketch MinHash over short word shingles (``candidate_shingle_size``,
   default 2) indexed in a MinHashLSH at ``lsh_threshold`` (0.2). Short shingles survive word
   substitution, so spun copies become candidates; the LSH threshold is set well below what we
   verify because LSH finds pairs near its threshold only about half of the time.
3. **Verification** of every candidate pair with exact measures (``similarity.py``): word
   5-shingle Jaccard >= ``threshold`` (syndication, reposts), shingle containment >=
   ``containment_threshold`` (a copy inside different chrome, a trimmed copy) or in-order
   sentence alignment >= ``align_threshold`` (spun copies).
4. **Groups**: union-find over verified pairs; one representative per group (see
   :func:`_representative_key`).

Everything is computed over the articles sorted by id, so the result does not depend on input
order, and the MinHash permutations come from ``config.seed``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..caches import cached
from ..config import DedupConfig
from ..model import Article, DuplicateGroup
from ..text import shingles
from .similarity import Fingerprint, WordCodec, alignment, containment, fingerprint, jaccard

__all__ = ["DedupResult", "find_duplicates", "article_body"]

Progress = Callable[[str], None]


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


def _exact_key(fp: Fingerprint) -> str | None:
    if not fp.tokens:
        return None
    return hashlib.sha1(" ".join(fp.tokens).encode("utf-8")).hexdigest()


def _similarity(a: Fingerprint, b: Fingerprint, config: DedupConfig) -> tuple[bool, float]:
    """(is a copy, similarity): the first measure that verifies the pair, else the largest score."""
    scores = []
    for measure, threshold in (
        (jaccard, config.threshold),
        (containment, config.containment_threshold),
        (alignment, config.align_threshold),
    ):
        s = measure(a, b)
        if s >= threshold:
            return True, s
        scores.append(s)
    return False, max(scores)


def find_duplicates(
    articles: Sequence[Article],
    *,
    config: DedupConfig = DedupConfig(),
    progress: Progress | None = None,
) -> DedupResult:
    """Group exact, syndicated, reposted and spun copies of the same story.

    Pure and order-invariant: shuffling ``articles`` gives the same groups and representatives.
    Articles with an empty body are never duplicates of anything.
    """
    arts = sorted(articles, key=lambda a: a.id)
    ids = [a.id for a in arts]
    if len(set(ids)) != len(ids):
        dup = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"find_duplicates: article ids must be unique; repeated: {', '.join(dup[:5])}")
    by_id = {a.id: a for a in arts}

    codec = WordCodec()
    fps = {a.id: fingerprint(article_body(a), shingle_size=config.shingle_size, codec=codec) for a in arts}
    uf = _UnionFind(ids)

    # 1. exact copies: one class per normalised-text hash; only the first of a class goes to LSH.
    exact: dict[str, str] = {}
    first_of_class: dict[str, str] = {}
    for i in ids:
        key = _exact_key(fps[i])
        if key is None:
            continue
        exact[i] = key
        if key in first_of_class:
            uf.union(first_of_class[key], i)
        else:
            first_of_class[key] = i
    heads = sorted(first_of_class.values())

    # 2. candidates from MinHash LSH over short shingles.
    cand_sets = {i: shingles(list(fps[i].tokens), config.candidate_shingle_size) for i in heads}
    minhashes = [_signature(fps[i].tokens, config.candidate_shingle_size, config.num_perm, config.seed) for i in heads]
    lsh = MinHashLSH(num_perm=config.num_perm, params=_lsh_params(config.lsh_threshold, config.num_perm))
    for i, mh in zip(heads, minhashes):
        lsh.insert(i, mh)
    pairs = sorted(
        {(min(i, j), max(i, j)) for i, mh in zip(heads, minhashes) for j in lsh.query(mh) if j != i}
    )
    if progress:
        progress(f"verifying {len(pairs)} duplicate candidate pairs")

    # 3. verify every candidate with the exact measures.
    for i, j in pairs:
        ok, _ = _similarity(fps[i], fps[j], config)
        if ok:
            uf.union(i, j)

    # 4. groups, representatives, similarities.
    members: dict[str, list[str]] = {}
    for i in ids:
        members.setdefault(uf.find(i), []).append(i)
    multi = [sorted(m) for m in members.values() if len(m) > 1]
    df = _shingle_doc_freq(cand_sets) if multi else Counter()

    groups = []
    for mem in multi:
        rep = min(mem, key=lambda m: _representative_key(m, mem, by_id, fps, exact, df, config))
        others = sorted(m for m in mem if m != rep)
        same = {m: exact.get(m) is not None and exact.get(m) == exact.get(rep) for m in mem}
        sims = [1.0 if same[m] else _similarity(fps[rep], fps[m], config)[1] for m in others]
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


@cached()
def _signature(tokens: tuple[str, ...], shingle_size: int, num_perm: int, seed: int) -> LeanMinHash:
    """The MinHash of a text's candidate shingles, cached per text (the desk's ingest re-groups
    stored articles every time; a signature never changes)."""
    template = _template(num_perm, seed)
    mh = MinHash(num_perm=num_perm, seed=seed, permutations=template.permutations, scheme=template.scheme)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles(list(tokens), shingle_size))])
    return LeanMinHash(mh)


@cached(maxsize=8, kind="resource")
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) datasketch picks for ``threshold`` (a numeric optimisation: ~0.15 s a call)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


@cached(maxsize=8, kind="resource")
def _template(num_perm: int, seed: int) -> MinHash:
    """A MinHash whose permutations are reused for (num_perm, seed), as ``MinHash.bulk`` does."""
    return MinHash(num_perm=num_perm, seed=seed)


def _shingle_doc_freq(cand_sets: dict[str, set[str]]) -> Counter[str]:
    """How many distinct texts contain each candidate shingle (exact copies count once)."""
    df: Counter[str] = Counter()
    for s in cand_sets.values():
        df.update(s)
    return df


def _representative_key(
    m: str,
    group: list[str],
    by_id: dict[str, Article],
    fps: dict[str, Fingerprint],
    exact: dict[str, str],
    df: Counter[str],
    config: DedupConfig,
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
    """
    n = config.candidate_shingle_size
    own = shingles(list(fps[m].tokens), n)
    if not own:
        return (by_id[m].date or "9999-99-99", 0.0, 0.0, 0, m)
    in_group: Counter[str] = Counter()
    classes: dict[str, str] = {}
    for o in group:
        classes.setdefault(exact.get(o, o), o)  # exact copies count once
    for o in classes.values():
        in_group.update(shingles(list(fps[o].tokens), n))
    corroborated = sum(1 for s in own if df[s] - in_group[s] > 0) / len(own)
    others = [o for o in group if o != m]
    shared = sum(len(own & shingles(list(fps[o].tokens), n)) / len(own) for o in others) / len(others)
    return (by_id[m].date or "9999-99-99", -round(corroborated, 6), -round(shared, 6), -len(fps[m].tokens), m)
