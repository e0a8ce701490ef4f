"""Summary benchmark: newsdesk and the baselines on the 250 Multi-News dev clusters, one scorer.

    .venv/bin/python benchmarks/summaries.py                      # 300-word table, then the headline table
    .venv/bin/python benchmarks/summaries.py --format markdown    # the same as Markdown
    .venv/bin/python benchmarks/summaries.py --limit 20           # a quick look
    .venv/bin/python benchmarks/summaries.py --systems retrained,centroid --no-headline   # some rows only

The tables are those of ``newsdesk evaluate summaries DATA --words 300`` and ``... --headline``.
newsdesk's dev-set figures are out-of-fold (its ranker is trained on these clusters by 5-fold
cross-validation); the shipped model, trained on all of them, has its own in-sample row.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    ap.add_argument("--no-headline", action="store_true", help="only the summary table")
    ap.add_argument("--systems", help="comma-separated rows to run (all by default): 'retrained', 'shipped', "
                    "'centroid' (newsdesk's own rows) or a system name as the table prints it")
    args = ap.parse_args()

    data = Path(args.data)
    if not data.exists():
        print(f"{data} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2

    from newsdesk.evaluate.summaries import NEWSDESK_CENTROID, NEWSDESK_OOF, NEWSDESK_SHIPPED, SYSTEMS, evaluate_summaries

    alias = {"retrained": NEWSDESK_OOF, "shipped": NEWSDESK_SHIPPED, "centroid": NEWSDESK_CENTROID}
    systems = None
    if args.systems:
        systems = [alias.get(x.strip(), x.strip()) for x in args.systems.split(",") if x.strip()]
        unknown = [x for x in systems if x not in SYSTEMS]
        if unknown:
            print(f"unknown system(s) {unknown}: use retrained, shipped, centroid or one of {list(SYSTEMS)}", file=sys.stderr)
            return 2

    t0 = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    modes = [False] if args.no_headline else [False, True]
    for headline in modes:
        report = evaluate_summaries(
            data, words=args.words, headline=headline, limit=args.limit, bootstrap=args.bootstrap,
            seed=args.seed, progress=say, systems=systems,
        )
        print(report.render(args.format))
        sys.stdout.flush()
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
