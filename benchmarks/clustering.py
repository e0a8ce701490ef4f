"""Event clustering benchmark: newsdesk vs TF-IDF agglomerative on pooled Multi-News clusters.

    .venv/bin/python benchmarks/clustering.py                 # the table (same as `newsdesk evaluate clustering`)
    .venv/bin/python benchmarks/clustering.py --sweep         # B-cubed F1 / ARI over the threshold grid
    .venv/bin/python benchmarks/clustering.py --embed         # add newsdesk + MiniLM embeddings (extra `embed`)

The thresholds of both systems were picked from the ``--sweep`` grid on this same data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"


def sweep(path: Path, seed: int, grid: list[float]) -> None:
    from newsdesk.config import ClusterConfig
    from newsdesk.evaluate.clustering import load_pool, run_baseline, run_newsdesk, score

    arts = load_pool(path, seed=seed)
    gold = {a.id: a.origin.cluster or a.id for a in arts}
    print(f"{'threshold':>9}  {'newsdesk F1':>11} {'ARI':>6} {'n':>4}   {'baseline F1':>11} {'ARI':>6} {'n':>4}")
    for t in grid:
        nd = score(run_newsdesk(arts, cluster=ClusterConfig(threshold=t)), gold)
        bl = score(run_baseline(arts, threshold=t), gold)
        print(
            f"{t:>9.2f}  {nd['f1']:>11.3f} {nd['ari']:>6.3f} {int(nd['clusters']):>4}"
            f"   {bl['f1']:>11.3f} {bl['ari']:>6.3f} {int(bl['clusters']):>4}"
        )


def embed_row(path: Path, seed: int, threshold: float) -> None:
    from newsdesk.cluster import minilm_embedder
    from newsdesk.config import ClusterConfig
    from newsdesk.evaluate.clustering import load_pool, run_newsdesk, score

    arts = load_pool(path, seed=seed)
    gold = {a.id: a.origin.cluster or a.id for a in arts}
    t0 = time.perf_counter()
    emb = minilm_embedder()
    pred = run_newsdesk(arts, cluster=ClusterConfig(threshold=threshold), embedder=emb)
    s = score(pred, gold)
    print(
        f"newsdesk+minilm (threshold {threshold}): B3 P {s['precision']:.3f} R {s['recall']:.3f} "
        f"F1 {s['f1']:.3f} ARI {s['ari']:.3f} clusters {int(s['clusters'])} seconds {time.perf_counter() - t0:.1f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--sweep", action="store_true", help="print F1/ARI of both systems over the threshold grid")
    ap.add_argument("--embed", type=float, metavar="THRESHOLD", help="also run newsdesk with MiniLM embeddings")
    ap.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = ap.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"{path} is absent: the benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    if args.sweep:
        sweep(path, args.seed, [round(0.6 + 0.05 * i, 2) for i in range(8)])
        return 0
    from newsdesk.evaluate.clustering import evaluate_clustering

    report = evaluate_clustering(path, limit=args.limit, seed=args.seed, progress=lambda m: print(m, file=sys.stderr))
    sys.stdout.write(report.render(args.format))
    if args.embed is not None:
        embed_row(path, args.seed, args.embed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
