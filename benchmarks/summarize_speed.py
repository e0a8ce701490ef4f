"""Speed of the summarizer on 100 real articles (Multi-News dev documents, cleaned).

    .venv/bin/python benchmarks/summarize_speed.py [--articles 100] [--repeat 3]

Times, after the model is loaded: (a) one brief per cluster (clusters taken as events), the
pipeline's usual case; (b) the worst case, all the articles as one event. Prints the best of
``--repeat`` runs of each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.config import SummarizeConfig  # noqa: E402
from newsdesk.model import Event  # noqa: E402
from newsdesk.summarize import summarize_event  # noqa: E402
from newsdesk.summarize.clusters import read_clusters  # noqa: E402
from newsdesk.summarize.ranker import default_model  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
    )
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.data.exists():
        print(f"{args.data} is absent")
        return 0
    events, by_id = [], {}
    for cid, arts in read_clusters(args.data):
        arts = arts[: args.articles - len(by_id)]
        if not arts:
            break
        by_id.update((a.id, a) for a in arts)
        ids = tuple(a.id for a in arts)
        events.append(Event(cid, ids, ids))
    words = sum(len(a.text.split()) for a in by_id.values())
    default_model()  # load once, outside the timing
    config = SummarizeConfig()
    print(
        f"{len(by_id)} articles ({words} words) in {len(events)} events; "
        f"2-core machine, best of {args.repeat}"
    )

    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        for ev in events:
            summarize_event(ev, by_id, config=config)
        best = min(best, time.perf_counter() - t)
    print(f"one brief per event:        {best:6.2f} s")

    ids = tuple(by_id)
    one = Event("all", ids, ids)
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        summarize_event(one, by_id, config=config)
        best = min(best, time.perf_counter() - t)
    print(f"all articles as one event:  {best:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
