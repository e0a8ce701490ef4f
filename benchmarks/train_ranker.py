"""Train the summarizer's sentence ranker and report out-of-fold ROUGE on Multi-News dev clusters.

    .venv/bin/python benchmarks/train_ranker.py ../shared/eval/multinews-val/clusters.jsonl \
        --out src/newsdesk/summarize/weights/ranker.json

Prints ROUGE-1/2/L F1 (rouge-score-rs, Porter stemming, summaries truncated to --words) of the
centroid fallback and of the 5-fold out-of-fold learned ranker (each cluster summarized by a model
that never saw it), then trains the final model on all clusters and writes it to --out.
``--sweep`` also tries a few selection/model settings (out-of-fold) and prints them.

``--transfer DUC_FOLDER`` (``../shared/eval/duc2007``) is the cross-dataset check: rankers trained on
one data set and scored on the other, both directions, against the centroid method, for the full
feature set and ``train.TRANSFER_FEATURES``; in-domain out-of-fold rows for reference. Multi-News:
ROUGE F1 x 100 (rouge-score-rs) at ``--words``; DUC 2007 main: jackknifed ROUGE-2 recall at 250
words with the topic's question (and without). 95% bootstrap intervals over clusters/topics, and of
the paired difference with centroid. Features are cached in ``--cache``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.summarize import ranker, train  # noqa: E402


def rouge_table(records: list[dict], refs: dict[str, str], words: int) -> dict[str, float]:
    from rouge_score_rs import rouge_scorer

    sc = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    tot = {"rouge1": [], "rouge2": [], "rougeL": []}
    for r in records:
        pred = " ".join(r["summary"].split()[:words])
        s = sc.score(refs[r["id"]], pred)
        for k, values in tot.items():
            values.append(s[k].fmeasure)
    return {k: 100 * float(np.mean(v)) for k, v in tot.items()}


def fmt(name: str, t: dict[str, float]) -> str:
    return f"{name:<34} R1 {t['rouge1']:6.2f}  R2 {t['rouge2']:6.2f}  RL {t['rougeL']:6.2f}"


def main() -> int:
    import json

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, help="write the model trained on all clusters here")
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--features", choices=("all", "transfer"), default="transfer",
                    help="the features the model may use (transfer: train.TRANSFER_FEATURES)")
    ap.add_argument("--transfer", type=Path, help="DUC 2007 folder: the cross-dataset table instead")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsdesk-ranker-cache"))
    args = ap.parse_args()
    if args.transfer:
        from transfer_ranker import transfer

        return transfer(args)

    say = lambda m: print(f"[{time.perf_counter() - t0:6.1f}s] {m}", file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.perf_counter()
    print(f"data {args.data} sha256 {hashlib.sha256(args.data.read_bytes()).hexdigest()}")
    refs = {}
    for lineno, line in enumerate(args.data.open(encoding="utf-8"), 1):
        if line.strip():
            obj = json.loads(line)
            refs[str(obj.get("id", lineno))] = obj["summary"]
    data = train.load(args.data, progress=say)
    say(f"loaded {len(data)} clusters, {sum(len(d.cands) for d in data)} sentences")

    cen = [train.summarize_data(d, None, words=args.words) for d in data]
    print(fmt("centroid (no training)", rouge_table(cen, refs, args.words)))
    oof = train.crossval(
        args.data, folds=args.folds, words=args.words, seed=args.seed, data=data, progress=say,
        features=train.TRANSFER_FEATURES if args.features == "transfer" else None,
    )
    print(fmt(f"newsdesk ranker, {args.folds}-fold out-of-fold", rouge_table(oof, refs, args.words)))

    if args.sweep:
        for params in (
            {"n_estimators": 300, "max_depth": 3, "min_samples_leaf": 100},
            {"n_estimators": 150, "max_depth": 5, "min_samples_leaf": 100},
            {"n_estimators": 400, "learning_rate": 0.03, "subsample": 0.7, "min_samples_leaf": 80},
            {"min_samples_leaf": 150},
        ):
            r = train.crossval(
                args.data, folds=args.folds, words=args.words, seed=args.seed, data=data, params=params
            )
            print(fmt(f"  params {params}", rouge_table(r, refs, args.words)))

    if args.out:
        record = {"file": args.data.name, "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
                  "ids": [d.id for d in data]}  # lets `evaluate summaries` say in-sample or held out
        feats = train.TRANSFER_FEATURES if args.features == "transfer" else None
        model = train.fit(data, seed=args.seed, features=feats, meta={"trained_on": record})
        ranker.save(model, args.out)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, {len(model.trees)} trees)")
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
