"""Event clustering benchmark: newsdesk vs TF-IDF agglomerative on pooled Multi-News clusters.

    .venv/bin/python benchmarks/clustering.py             # the table (= `newsdesk evaluate clustering`)
    .venv/bin/python benchmarks/clustering.py --sweep     # B-cubed F1 / ARI over the threshold grid

The thresholds of both systems were picked from the ``--sweep`` grid on this same data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"


def sweep(path: Path, seed: int, grid: list[float]) -> None:
    """F1/ARI of both systems over ``grid``; then a split-half check of the threshold choice.

    The split-half check pools the even-numbered and the odd-numbered clusters separately, picks
    each system's threshold on one half and scores it on the other, so the tuned thresholds are
    not only good on the data they were picked on.
    """
    from newsdesk.config import Config
    from newsdesk.evaluate.clustering import (
        baseline_features,
        load_pool,
        prepare_newsdesk,
        run_baseline,
        run_newsdesk,
        score,
    )

    def table(arts):  # type: ignore[no-untyped-def]
        gold = {a.id: a.origin.cluster or a.id for a in arts}
        prep = prepare_newsdesk(arts)
        feats = baseline_features(arts)
        out = {}
        for t in grid:
            nd = score(run_newsdesk(arts, config=Config().replace("cluster", threshold=t), prepared=prep), gold)
            bl = score(run_baseline(arts, threshold=t, features=feats), gold)
            out[t] = (nd, bl)
        return out

    pool = load_pool(path, seed=seed)
    full = table(pool)
    print(f"all {len(pool)} documents, seed {seed}")
    print(
        f"{'threshold':>9}  {'newsdesk F1':>11} {'ARI':>6} {'n':>4}   {'baseline F1':>11} {'ARI':>6} {'n':>4}"
    )
    for t, (nd, bl) in full.items():
        print(
            f"{t:>9.2f}  {nd['f1']:>11.3f} {nd['ari']:>6.3f} {int(nd['clusters']):>4}"
            f"   {bl['f1']:>11.3f} {bl['ari']:>6.3f} {int(bl['clusters']):>4}"
        )
    order = {
        c: i
        for i, c in enumerate(
            dict.fromkeys(a.origin.record for a in sorted(pool, key=lambda a: a.origin.record or 0))
        )
    }
    halves = [[a for a in pool if order[a.origin.record] % 2 == k] for k in (0, 1)]
    tables = [table(h) for h in halves]
    print("\nsplit-half check: threshold picked on one half (best B3 F1), B3 F1 on the other")
    for k in (0, 1):
        tune, test = tables[k], tables[1 - k]
        for i, name in enumerate(("newsdesk", "baseline")):
            best = max(grid, key=lambda t: tune[t][i]["f1"])
            print(
                f"  {name:<9} picked {best:.2f} on half {k}: B3 F1 {test[best][i]['f1']:.3f} on half {1 - k}"
                f" (best there {max(test[t][i]['f1'] for t in grid):.3f})"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int)
    ap.add_argument(
        "--sweep", action="store_true", help="print F1/ARI of both systems over the threshold grid"
    )
    ap.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = ap.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"{path} is absent: the benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    if args.sweep:
        sweep(path, args.seed, [round(0.4 + 0.05 * i, 2) for i in range(12)])
        return 0
    from newsdesk.evaluate.clustering import evaluate_clustering

    report = evaluate_clustering(
        path, limit=args.limit, seed=args.seed, progress=lambda m: print(m, file=sys.stderr)
    )
    sys.stdout.write(report.render(args.format))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
