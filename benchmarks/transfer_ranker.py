"""Cross-dataset validation of the sentence ranker (``benchmarks/train_ranker.py --transfer``).

Train on Multi-News dev, test on DUC 2007 main; train on DUC 2007 main, test on Multi-News dev;
in-domain out-of-fold rows beside them; the centroid method (no training) as the reference.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.config import SummarizeConfig  # noqa: E402
from newsdesk.evaluate import duc  # noqa: E402
from newsdesk.evaluate.rouge import bootstrap_indices, clean_reference, interval, score_many, truncate  # noqa: E402
from newsdesk.summarize import summarize_articles, train  # noqa: E402


def _cached(path: Path, make: Any) -> Any:
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(value))
    return value


def _mn_scores(data: list[train.ClusterData], refs: dict[str, str], models: list[Any], words: int) -> np.ndarray:
    """ROUGE-2 F1 x 100 per cluster; ``models[i]`` summarizes cluster i (None = centroid)."""
    outs = []
    for d, m in zip(data, models, strict=True):
        cfg = SummarizeConfig(words=words, method="centroid" if m is None else "newsdesk")
        b = summarize_articles(d.articles, config=cfg, model=m)
        outs.append("\n".join(truncate([s.text for s in b.sentences], words)))
    f = score_many([clean_reference(refs[d.id]) for d in data], outs, ("rouge1", "rouge2"))
    return 100.0 * f["rouge2"]


def _duc_scores(topics: list[duc.Topic], models: list[Any], *, query: bool) -> np.ndarray:
    outs = []
    for t, m in zip(topics, models, strict=True):
        cfg = SummarizeConfig(words=250, method="centroid" if m is None else "newsdesk",
                              query=t.query if query else "")
        outs.append([s.text for s in summarize_articles(list(t.articles), config=cfg, model=m).sentences])
    return duc.score_outputs(topics, outs, 250)["ROUGE-2"]


def _oof(data: list[train.ClusterData], folds: int, seed: int, features: Any) -> list[Any]:
    fold = train.folds_of(len(data), folds, seed)
    per: list[Any] = [None] * len(data)
    for k in range(folds):
        m = train.fit([d for d, f in zip(data, fold) if f != k], seed=seed, features=features)
        for i in np.nonzero(fold == k)[0]:
            per[i] = m
    return per


def transfer(args: Any) -> int:
    import json

    t0 = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    refs = {}
    for lineno, line in enumerate(args.data.open(encoding="utf-8"), 1):
        if line.strip():
            obj = json.loads(line)
            refs[str(obj.get("id", lineno))] = obj["summary"]
    mn = _cached(args.cache / "multinews.pkl", lambda: train.load(args.data, progress=say))
    say(f"Multi-News: {len(mn)} clusters")
    topics = _cached(args.cache / "duc-main-topics.pkl", lambda: duc.load_topics(args.transfer / "main.jsonl"))
    dd = _cached(args.cache / "duc-main.pkl",
                 lambda: train.load_items([(t.id, t.articles, t.references) for t in topics], progress=say))
    say(f"DUC 2007 main: {len(dd)} topics")

    sets = {"all features": None, "transfer features": train.TRANSFER_FEATURES}
    mn_rows: dict[str, np.ndarray] = {"centroid (no training)": _mn_scores(mn, refs, [None] * len(mn), args.words)}
    duc_rows: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "centroid (no training)": (_duc_scores(topics, [None] * len(topics), query=True),
                                   _duc_scores(topics, [None] * len(topics), query=False))
    }
    for label, feats in sets.items():
        say(f"{label}: train on Multi-News")
        m_mn = train.fit(mn, seed=args.seed, features=feats)
        duc_rows[f"trained on Multi-News, {label}"] = (
            _duc_scores(topics, [m_mn] * len(topics), query=True), _duc_scores(topics, [m_mn] * len(topics), query=False))
        say(f"{label}: train on DUC 2007 main")
        m_duc = train.fit(dd, seed=args.seed, features=feats)
        mn_rows[f"trained on DUC 2007 main, {label}"] = _mn_scores(mn, refs, [m_duc] * len(mn), args.words)
        say(f"{label}: out-of-fold on each")
        mn_rows[f"Multi-News {args.folds}-fold out-of-fold, {label}"] = _mn_scores(
            mn, refs, _oof(mn, args.folds, args.seed, feats), args.words)
        oof_duc = _oof(dd, args.folds, args.seed, feats)
        duc_rows[f"DUC {args.folds}-fold out-of-fold, {label}"] = (
            _duc_scores(topics, oof_duc, query=True), _duc_scores(topics, oof_duc, query=False))

    idx = bootstrap_indices(len(mn), resamples=1000, seed=args.seed)
    base = mn_rows["centroid (no training)"]
    print(f"Multi-News dev ({len(mn)} clusters): ROUGE-2 F1 x 100 at {args.words} words, rouge-score-rs, "
          "95% bootstrap CI; difference with centroid paired per cluster")
    for name, v in mn_rows.items():
        iv, dv = interval(v, idx), interval(v - base, idx)
        print(f"  {name:<58} R2 {iv.mean:6.2f} ({iv.low:.2f}-{iv.high:.2f})   vs centroid {dv.mean:+.2f} "
              f"({dv.low:+.2f} to {dv.high:+.2f})")
    idx = bootstrap_indices(len(topics), resamples=1000, seed=args.seed)
    bq, bn = duc_rows["centroid (no training)"]
    print(f"DUC 2007 main ({len(topics)} topics): jackknifed ROUGE-2 recall at 250 words, with the query "
          "and without; 95% bootstrap CI; difference with centroid paired per topic")
    for name, (q, n) in duc_rows.items():
        iq, inq, dq, dn = interval(q, idx), interval(n, idx), interval(q - bq, idx), interval(n - bn, idx)
        print(f"  {name:<58} query {iq.mean:.4f} ({iq.low:.4f}-{iq.high:.4f}) vs centroid {dq.mean:+.4f} "
              f"({dq.low:+.4f} to {dq.high:+.4f}) | no query {inq.mean:.4f} vs centroid {dn.mean:+.4f} "
              f"({dn.low:+.4f} to {dn.high:+.4f})")
    say("done")
    return 0
