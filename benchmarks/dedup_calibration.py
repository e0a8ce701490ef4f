"""How the duplicate-detection constants were calibrated (dedup/similarity.py, DedupConfig).

    .venv/bin/python benchmarks/dedup_calibration.py

Hard negatives: every pair of different documents inside one Multi-News validation cluster (the
same story told by different outlets); pairs that are verbatim copies (Jaccard >= 0.5) are left
out. Positives: synthetic spins of the first document of 95 clusters, replacing 35/50/65% of the
words longer than three letters with random corpus words (to these measures a synonym is just a
different token), 15% of them by two words ("history" -> "historical past"), sentence by
sentence. Prints, per measure, quantiles of negatives and positives, then the full pipeline's
recall on the spins (LSH candidates + verification) and its false merges among the negatives.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from newsdesk.config import DedupConfig
from newsdesk.dedup import find_duplicates
from newsdesk.dedup.bands import CANDIDATE_MIN_CONTAINMENT, candidate_hashes, shared_share
from newsdesk.dedup.similarity import WordCodec, alignment, containment, fingerprint, jaccard, tokens
from newsdesk.model import Article, Origin
from newsdesk.text import split_sentences, words

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
RATES = (0.35, 0.5, 0.65)


def spin(text: str, rate: float, vocab: list[str], rng: random.Random) -> str:
    out = []
    for s in split_sentences(text):
        ws = []
        for w in words(s):
            if len(w) > 3 and rng.random() < rate:
                ws.append(rng.choice(vocab))
                if rng.random() < 0.15:
                    ws.append(rng.choice(vocab))
            else:
                ws.append(w)
        out.append(" ".join(ws) + ".")
    return "\n\n".join(out)


def q(values: list[float]) -> str:
    v = np.asarray(values)
    return "  ".join(f"{x:.3f}" for x in np.quantile(v, [0.0, 0.01, 0.05, 0.5, 0.95, 0.99, 1.0]))


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} is absent: needs ../shared beside the project root", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    rng = random.Random(0)
    vocab = sorted({w for r in rows[:50] for d in r["documents"] for w in words(d)})
    codec = WordCodec()

    def fp(t: str):  # type: ignore[no-untyped-def]
        return fingerprint(t, shingle_size=DedupConfig().shingle_size, codec=codec)

    measures = {"jaccard": jaccard, "containment": containment, "alignment": alignment}
    neg: dict[str, list[float]] = {k: [] for k in measures}
    neg_pairs = []
    for r in rows:
        docs = [d for d in r["documents"] if len(words(d)) >= 50]
        for a, b in itertools.combinations(docs, 2):
            fa, fb = fp(a), fp(b)
            if jaccard(fa, fb) >= 0.5:
                continue
            neg_pairs.append((a, b))
            for k, m in measures.items():
                neg[k].append(m(fa, fb))
    originals = [r["documents"][0] for r in rows[:100] if len(words(r["documents"][0])) >= 50]
    spins = {rate: [spin(d, rate, vocab, rng) for d in originals] for rate in RATES}
    pos = {
        rate: {k: [m(fp(d), fp(s)) for d, s in zip(originals, spins[rate])] for k, m in measures.items()}
        for rate in RATES
    }

    print(
        f"quantiles 0/1/5/50/95/99/100%; {len(neg_pairs)} hard negatives, {len(originals)} spins per rate\n"
    )
    for k in measures:
        print(f"{k:<12} negatives   {q(neg[k])}")
        for rate in RATES:
            print(f"{'':<12} spun {rate:.2f}   {q(pos[rate][k])}")
    # The candidate floor (bands.CANDIDATE_MIN_CONTAINMENT): the share of the smaller text's candidate
    # bigrams the other holds; a candidate pair below it is not verified.
    cfg = DedupConfig()

    def grams(t: str):  # type: ignore[no-untyped-def]
        return candidate_hashes(tokens(t), cfg)

    print(f"{'bigrams':<12} negatives   {q([shared_share(grams(a), grams(b)) for a, b in neg_pairs])}")
    for rate in RATES:
        shares = [shared_share(grams(d), grams(s)) for d, s in zip(originals, spins[rate])]
        print(f"{'':<12} spun {rate:.2f}   {q(shares)}")
    print(f"{'':<12} (candidate pairs below {CANDIDATE_MIN_CONTAINMENT} are not verified)")
    print(f"\nfull find_duplicates with {cfg}")
    t0 = time.perf_counter()
    for rate in RATES:
        arts = [
            Article(id=f"o{i}", origin=Origin("o", "text"), raw=d, text=d) for i, d in enumerate(originals)
        ]
        arts += [
            Article(id=f"s{i}", origin=Origin("s", "text"), raw=s, text=s) for i, s in enumerate(spins[rate])
        ]
        said: list[str] = []
        groups = find_duplicates(arts, config=cfg, progress=said.append).groups
        found = sum(
            1 for g in groups if len(g.members) == 2 and {m[1:] for m in g.members} == {g.members[0][1:]}
        )
        print(
            f"  spun {rate:.2f}: {found}/{len(originals)} spun copies grouped with their original; "
            f"{len(groups)} groups; {said[0].split()[1]} candidate pairs among {len(arts)} texts"
        )
    arts = []
    for i, (a, b) in enumerate(neg_pairs):
        arts += [Article(id=f"n{i}a", origin=Origin("n", "text"), raw=a, text=a)]
        arts += [Article(id=f"n{i}b", origin=Origin("n", "text"), raw=b, text=b)]
    said = []
    merged = {frozenset(g.members) for g in find_duplicates(arts, config=cfg, progress=said.append).groups}
    false = sum(1 for i in range(len(neg_pairs)) if any({f"n{i}a", f"n{i}b"} <= m for m in merged))
    print(f"  hard negatives merged: {false}/{len(neg_pairs)}; {said[0].split()[1]} candidate pairs among "
          f"{len(arts)} texts  ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
