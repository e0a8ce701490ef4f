"""MinHash signatures per partition and LSH banding as a keyed shuffle.

The classic MinHash LSH index (datasketch's ``MinHashLSH``) holds every signature in one process.
Here the same banding is three pure steps that an executor can run anywhere:

1. :func:`sketch_run` (per partition of articles): each text's exact-copy key and the keys of its
   ``bands`` bands: a band key is the band's number and a 56-bit digest of its ``rows`` MinHash
   values, so two texts share a key exactly when they agree on that whole band (as in
   ``MinHashLSH``; a digest collision is a 2^-64 event, and a candidate is verified anyway).
   Each key is sent to the shuffle partition ``key mod parts``.
2. :func:`bucket_pairs` (per shuffle partition): the texts that share a band key are candidate
   pairs. Because a key lives in exactly one shuffle partition, the union over partitions is the
   candidate set of one global index, whatever the number of partitions.
3. Verification (``find_duplicates``) of each distinct pair with the exact measures.

The MinHash is datasketch's scheme (its permutations ``a*h + b mod (2^61 - 1)`` for ``config.seed``,
taken from ``datasketch.MinHash``), computed with numpy over all shingles of a text at once. The
shingle hashes are our own: a 64-bit polynomial hash per word over its UTF-8 bytes, computed for
all words of a text at once (:func:`word_hashes`; stable across processes, unlike ``hash``),
combined per word n-gram and mixed with the 64-bit finaliser of MurmurHash3. Hashing word ids
instead of the n-gram strings (datasketch's SHA-1 per shingle) makes a signature about 20x faster
to compute, with the same statistics: MinHash needs only a well-mixed hash per distinct shingle.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..caches import cached
from ..config import DedupConfig

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S61 = np.uint64(61)


@dataclass(frozen=True)
class Sketch:
    """One text as the shuffle sees it: its exact-copy key (None for an empty text) and its band
    keys (empty for an empty text)."""

    id: str
    exact: int  # 64 bits of the SHA-1 of the normalised word sequence (0 for an empty text)
    bands: np.ndarray  # uint64, one key per band (none for an empty text)


@cached(maxsize=8, kind="resource")
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's ``MinHashLSH`` picks for ``threshold`` (its optimisation of
    false-positive and false-negative areas; ~0.15 s a call, hence cached)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


@cached(maxsize=8, kind="resource")
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's MinHash permutations ``(a, b)`` for ``(num_perm, seed)``."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    return np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64)


# The word hash: sum of (byte + 1) * P^(distance from the word's end), modulo 2^64, for all words
# of a text in a handful of numpy passes over its bytes. P is odd, so it has an inverse Q modulo
# 2^64 and a word's sum is a difference of one prefix sum of (byte + 1) * Q^i, times P^(end - 1).
# Written by hand because no library hashes many short strings into a numpy array: the CRC of each
# word through an LRU cache cost ~0.2 us a word (misses on a large vocabulary), ~19% of duplicate
# detection at 20,000 articles, and every stage hashes every word of every text.
_P = 0x100000001B3  # the 64-bit FNV prime
_Q = pow(_P, -1, 1 << 64)
_powers: list[np.ndarray] = [np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64)]  # P^i, Q^i


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P^i and Q^i modulo 2^64 for i < n (at least), grown by doubling and kept (8 bytes a byte
    of the longest text seen, twice)."""
    p, q = _powers
    if len(p) < n:
        size = max(n, 2 * len(p))
        with np.errstate(over="ignore"):
            p = np.cumprod(np.full(size, _P, dtype=np.uint64))
            q = np.cumprod(np.full(size, _Q, dtype=np.uint64))
        p = np.concatenate((np.ones(1, dtype=np.uint64), p[:-1]))
        q = np.concatenate((np.ones(1, dtype=np.uint64), q[:-1]))
        _powers[:] = [p, q]
    return p, q


def word_hashes(tokens: Sequence[str]) -> np.ndarray:
    """A well-mixed 64-bit hash of each word (uint64, in order), the same in every process."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    b = np.frombuffer("\x00".join(tokens).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    sep = np.flatnonzero(b == 0)
    starts = np.concatenate(([0], sep + 1))
    ends = np.concatenate((sep, [len(b)]))
    p, q = _power_tables(len(b) + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(b) + 1, dtype=np.uint64)
        np.cumsum((b.astype(np.uint64) + np.uint64(1)) * q[: len(b)], out=prefix[1:])
        h = (prefix[ends] - prefix[starts]) * p[np.maximum(ends - 1, 0)]
    return _mix(h ^ (ends - starts).astype(np.uint64))


def sorted_unique(h: np.ndarray) -> np.ndarray:
    """``numpy.unique`` of a 1-d integer array, by a sort (numpy 2's hash-based unique is ~4x
    slower on the few hundred values of one text)."""
    if len(h) < 2:
        return h.copy()
    s = np.sort(h)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (a bijection that spreads every input bit)."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(33))
        h = h * _M1
        h = h ^ (h >> np.uint64(33))
        h = h * _M2
        return h ^ (h >> np.uint64(33))


def shingle_hashes(
    tokens: Sequence[str], n: int, *, wide: bool = False, skip_stop: bool = False, hashes: np.ndarray | None = None
) -> np.ndarray:
    """Distinct 32-bit hashes (64-bit when ``wide``: for counting shingles, where a collision
    would matter) of the word ``n``-grams of ``tokens`` (one n-gram of all words when there are
    fewer than ``n``; none for no words).

    ``skip_stop`` leaves out the n-grams made of stop words only (see :data:`SKIP_STOP_NGRAMS`),
    unless nothing else is left. ``hashes``: ``word_hashes(tokens)``, when the caller has them."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    w = word_hashes(tokens) if hashes is None else hashes
    k = max(1, len(w) - n + 1)
    h = np.zeros(k, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(min(n, len(w))):
            h = _mix(h * _GOLDEN + w[j : j + k] + np.uint64(j + 1))
    if skip_stop:
        stop = _stop_hashes()
        at = np.minimum(np.searchsorted(stop, w), len(stop) - 1)
        is_stop = stop[at] == w  # a 64-bit collision with a stop word is a 2^-50 event a text
        all_stop = np.ones(k, dtype=bool)
        for j in range(min(n, len(w))):
            all_stop &= is_stop[j : j + k]
        if not all_stop.all():
            h = h[~all_stop]
    return sorted_unique(h if wide else h & _MAX_HASH)


# Candidate shingles leave out the word bigrams made of stop words only ("of the", "it was"): every
# English text has them, so they carried most of the MinHash resemblance of unrelated articles,
# and with it most of the candidate pairs, which grow with the square of the input. On 3,000
# random pairs of Multi-News validation documents the median bigram Jaccard drops from 0.0102 to
# 0.0019 without them, while the 65%-spun copies of benchmarks/dedup_calibration.py keep a median
# of 0.149 (0.189 with them): the words a spinner leaves are content words next to function words.
# Chosen from that measurement, before any recall figure; benchmarks/dedup_calibration.py reports
# the recall with it. Verification is unchanged (it still reads every word).
SKIP_STOP_NGRAMS = True


@cached(maxsize=1, kind="resource")
def _stop_hashes() -> np.ndarray:
    """The sorted word hashes of the stop words (never empty)."""
    from ..text import stop_words

    return sorted_unique(np.concatenate((word_hashes(sorted(stop_words())), np.zeros(1, dtype=np.uint64))))


def candidate_hashes(tokens: Sequence[str], config: DedupConfig, hashes: np.ndarray | None = None) -> np.ndarray:
    """The distinct 32-bit hashes of the text's candidate shingles: what its signature is made of."""
    return shingle_hashes(tokens, config.candidate_shingle_size, skip_stop=SKIP_STOP_NGRAMS, hashes=hashes)


# A candidate pair is verified only if the smaller text shares at least this share of its candidate
# shingles (``candidate_hashes``) with the other. LSH at ``lsh_threshold`` also finds pairs that
# merely share a topic, and the exact measures cost ~5 ms a pair (sentence split, alignment); this
# exact count costs ~0.7 ms a text. Chosen on benchmarks/dedup_calibration.py's texts (it prints
# the quantiles): every synthetic spin keeps at least 0.197 at 65% spun (0.092 even at 80%, beyond
# what the alignment verifies), trimmed and framed copies keep ~1, while 72% of the non-copy
# candidates among 2,827 synthetic articles (benchmarks/scale.py's generator) fall below 0.05 and
# none of the 59 verified pairs did (their minimum was 0.896). The verdicts are checked unchanged on
# the samples' labels, the seeds and the test fixtures (tests/test_dedup.py).
CANDIDATE_MIN_CONTAINMENT = 0.05


def shared_share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller of two sorted distinct-hash arrays that the other also holds (0 if empty)."""
    small = min(len(a), len(b))
    if not small:
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / small


def signature(tokens: Sequence[str], config: DedupConfig) -> np.ndarray:
    """The ``num_perm`` MinHash values of the text's candidate shingles (datasketch's scheme)."""
    a, b = permutations(config.num_perm, config.seed)
    h = candidate_hashes(tokens, config)
    if len(h) == 0:
        return np.full(config.num_perm, _MAX_HASH, dtype=np.uint64)
    out = np.empty(config.num_perm, dtype=np.uint64)
    step = max(1, (1 << 20) // len(h))  # bound the (perms x shingles) block to ~8 MB
    # ``x % (2^61 - 1)`` folded: x = hi * 2^61 + lo is hi + lo modulo the prime, and hi + lo < 2 * prime,
    # so one subtraction (almost never needed) finishes it: the same values as datasketch's ``%``
    # (tests/test_dedup.py), ~20% less CPU than numpy's uint64 remainder.
    with np.errstate(over="ignore"):
        for s in range(0, config.num_perm, step):
            x = np.multiply(a[s : s + step, None], h[None, :])
            x += b[s : s + step, None]
            hv = x & _MERSENNE
            x >>= _S61
            hv += x
            if hv.max() >= _MERSENNE:
                hv = np.where(hv >= _MERSENNE, hv - _MERSENNE, hv)
            hv &= _MAX_HASH
            out[s : s + step] = hv.min(axis=1)
    return out


def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One key per band: the band number in the top byte, a 56-bit digest of its values below.

    The digest packs two 32-bit values into one 64-bit word (injective) and mixes it with
    :func:`_mix` (a bijection), folding further values in the same way; the top 56 bits are kept.
    Two texts share a key when their band values are equal, and otherwise with probability ~2^-56
    (a candidate is verified anyway). Vectorised over the bands: a blake2b digest per band cost
    ~0.45 ms a text, this ~0.02 ms."""
    v = sig[: bands * rows].astype(np.uint64).reshape(bands, rows) & _MAX_HASH
    with np.errstate(over="ignore"):
        h = np.zeros(bands, dtype=np.uint64)
        for c in range(0, rows, 2):
            word = v[:, c] << np.uint64(32)
            if c + 1 < rows:
                word |= v[:, c + 1]
            h = _mix(h * _GOLDEN + word + np.uint64(c + 1))
    return (np.arange(bands, dtype=np.uint64) << np.uint64(56)) | (h >> np.uint64(8))


def exact_key(tokens: Sequence[str]) -> int:
    """64 bits of the SHA-1 of the normalised word sequence; 0 for no words (never a copy)."""
    if not tokens:
        return 0
    return int.from_bytes(hashlib.sha1(" ".join(tokens).encode("utf-8")).digest()[:8], "big") or 1


def sketch(article_id: str, tokens: Sequence[str], config: DedupConfig) -> Sketch:
    if not tokens:
        return Sketch(article_id, 0, np.zeros(0, dtype=np.uint64))
    bands, rows = lsh_params(config.lsh_threshold, config.num_perm)
    return Sketch(article_id, exact_key(tokens), band_keys(signature(tokens, config), bands, rows))


Routed = tuple[np.ndarray, np.ndarray, list[str]]  # band keys, exact keys, ids


def route(sketches: Sequence[Sketch], parts: int) -> list[Routed]:
    """The keyed shuffle's send side: for each destination ``key mod parts``, the band keys that
    go there with, for each, the text's exact key and id."""
    mine = [s for s in sketches if len(s.bands)]
    if not mine:
        return [(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64), []) for _ in range(parts)]
    keys = np.concatenate([s.bands for s in mine])
    owner = np.repeat(np.arange(len(mine)), [len(s.bands) for s in mine])
    exact = np.array([s.exact for s in mine], dtype=np.uint64)[owner]
    dest = keys % np.uint64(parts)
    out = []
    for p in range(parts):
        sel = np.flatnonzero(dest == p)
        out.append((keys[sel], exact[sel], [mine[o].id for o in owner[sel]]))
    return out


@dataclass(frozen=True)
class Pairs:
    """What one shuffle partition found: exact-copy links (each exact class as a chain of sorted
    ids) and candidate pairs between the first ids of different classes, both sorted."""

    exact: tuple[tuple[str, str], ...]
    candidates: tuple[tuple[str, str], ...]


def bucket_pairs(received: Sequence[Routed]) -> Pairs:
    """The receive side: the texts sharing a band key, as in one global LSH index.

    Exact copies share every band key, so each bucket holds whole exact classes: a class is
    linked as a chain and only its smallest id (its head) takes part in candidate pairs, which is
    what a global index of the heads alone would give.
    """
    keys = np.concatenate([r[0] for r in received]) if received else np.zeros(0, dtype=np.uint64)
    exact = np.concatenate([r[1] for r in received]) if received else np.zeros(0, dtype=np.uint64)
    ids = [i for r in received for i in r[2]]
    links: set[tuple[str, str]] = set()
    pairs: set[tuple[str, str]] = set()
    if len(keys) >= 2:
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
        ends = np.concatenate((starts[1:], [len(k)]))
        big = ends - starts > 1
        for s, e in zip(starts[big], ends[big]):
            classes: dict[int, set[str]] = defaultdict(set)
            for j in order[s:e]:
                classes[int(exact[j])].add(ids[j])
            heads = []
            for members in classes.values():
                m = sorted(members)
                links.update(zip(m, m[1:]))
                heads.append(m[0])
            heads.sort()
            pairs.update((heads[x], heads[y]) for x in range(len(heads)) for y in range(x + 1, len(heads)))
    return Pairs(tuple(sorted(links)), tuple(sorted(pairs)))
