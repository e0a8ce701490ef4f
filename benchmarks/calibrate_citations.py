"""Calibrate ``SummarizeConfig.citation_threshold`` on hand-labelled sentence pairs of the seeds.

    .venv/bin/python benchmarks/calibrate_citations.py

Every pair of fit sentences from two different seed articles whose similarity (TF-IDF cosine over
stemmed content words with numbers normalised, as the summarizer computes it) is at least 0.2 was
read by a team member and labelled 1 when the second sentence states what the first states (or
contains it), else 0. The labels below name sentences by the first 12 hex digits of the SHA-1 of
their normalised text, so no third-party text is stored here. Prints precision/recall/F1 of the
labelled pairs at each threshold. (Pairs below 0.2 were not labelled: recall is over pairs >= 0.2.)
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.config import Config  # noqa: E402
from newsdesk.ingest import read_any  # noqa: E402
from newsdesk.pipeline import steps  # noqa: E402
from newsdesk.summarize.features import candidates, tfidf  # noqa: E402
from newsdesk.text import normalize  # noqa: E402

# [sha1(normalize(a))[:12], sha1(normalize(b))[:12], same-thing label], labelled on the 5 seeds.
LABELS = [
    ["cdeab5e7cfda", "dda4f70a63bb", 1],
    ["b2a37c404f03", "03e7e4fbe64b", 1],
    ["74427a5741e2", "b85f8edd519a", 1],
    ["76bb1635f095", "cdeab5e7cfda", 1],
    ["c3493b8a1789", "cdeab5e7cfda", 1],
    ["de3ef266f26c", "eeefd2fad59e", 0],
    ["f7bab084817c", "e41246a58f8b", 1],
    ["f7bab084817c", "e27f9e3b1088", 1],
    ["cdeab5e7cfda", "693e1b18ac70", 1],
    ["9426ac98ead2", "e41246a58f8b", 0],
    ["5bd3af1e1f7e", "ad1525e45fd0", 0],
    ["be80dda9ad59", "e27f9e3b1088", 1],
    ["f7bab084817c", "be80dda9ad59", 1],
    ["3ecb1a7446ae", "434707195e86", 0],
    ["c2a79100bb06", "7230a8182399", 1],
    ["d941131ed7e8", "3eeb38f6e493", 0],
    ["76bb1635f095", "ecba26f09557", 0],
    ["c3493b8a1789", "693e1b18ac70", 1],
    ["546b3d00e5ba", "03e7e4fbe64b", 1],
    ["dda4f70a63bb", "693e1b18ac70", 1],
    ["cdeab5e7cfda", "cc13cd9ff567", 1],
    ["853db2a0aee9", "6e3fbb408f14", 1],
    ["c2a79100bb06", "788acee86735", 1],
    ["76bb1635f095", "f7bab084817c", 0],
    ["dda4f70a63bb", "cc13cd9ff567", 1],
    ["788acee86735", "7230a8182399", 1],
    ["94e9dbd6d3e3", "6b44ee6f7364", 0],
    ["6945cbccab87", "eca613965a8b", 1],
    ["c3493b8a1789", "3ecb1a7446ae", 0],
    ["66185cb1a819", "deb0d3f05092", 0],
    ["e41246a58f8b", "6e3fbb408f14", 1],
]


def _h(text: str) -> str:
    return hashlib.sha1(normalize(text).encode()).hexdigest()[:12]


def main() -> int:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        print(f"{seeds} is absent: nothing to calibrate on")
        return 0
    files = sorted(str(p) for p in seeds.iterdir())
    arts = steps.prepare(read_any(files).articles, Config()).articles
    cands = [c for c in candidates(arts) if c.problem is None]
    X = tfidf([c.text for c in cands]).X
    S = (X @ X.T).toarray()
    where = {_h(c.text): i for i, c in enumerate(cands)}
    pairs = [(S[where[a], where[b]], y) for a, b, y in LABELS if a in where and b in where]
    print(f"{len(pairs)} of {len(LABELS)} labelled pairs found in the cleaned seeds")
    print("threshold  precision  recall     F1")
    for t in (0.2, 0.22, 0.25, 0.3, 0.35, 0.4, 0.5):
        tp = sum(1 for s, y in pairs if s >= t and y)
        fp = sum(1 for s, y in pairs if s >= t and not y)
        fn = sum(1 for s, y in pairs if s < t and y)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:9.2f}  {p:9.2f}  {r:6.2f}  {f:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
