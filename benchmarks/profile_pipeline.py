"""Where the CPU of the pipeline goes: cProfile over ``pipeline.run`` on N synthetic articles.

    .venv/bin/python benchmarks/profile_pipeline.py                  # 400 articles, top 30 by own time
    .venv/bin/python benchmarks/profile_pipeline.py --articles 1000 --sort cumulative --top 50
    .venv/bin/python benchmarks/profile_pipeline.py --digest         # only the outputs' digest, no profile

The articles are those of ``benchmarks/speed.py --scale`` (``benchmarks/synthetic.py``: Multi-News
validation documents, each world rewritten with its own word permutation), run in this process
(``LocalExecutor``) with the default Config. A warm-up run on other articles loads the models
first, and the per-text caches are emptied before the profiled run, so the profile is what new
articles cost, without loading. Printed: the load average, CPU and wall seconds of the profiled
run (profiling adds overhead: compare CPU of ``--digest`` runs, which are not profiled), the top
functions, and a sha256 of the run's JSON output (``render(result, "json")``), which must not
change when a speed-up is meant to leave the results alone. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--digest", action="store_true", help="no profile: time the run and print the output digest")
    ap.add_argument("--dump", help="write the run's JSON output to this file")
    ap.add_argument("--save", help="write the profile (pstats) to this file")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.exists():
        print(f"{data} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import synthetic_articles

    from newsdesk import render
    from newsdesk.consolidate import clear_caches
    from newsdesk.pipeline import run

    # The warm-up loads the models; its per-text results are then forgotten (clear_caches).
    warm = synthetic_articles(data, 60, seed=2)
    articles = synthetic_articles(data, args.articles)
    run(warm)
    clear_caches()
    load = os.getloadavg()
    prof = cProfile.Profile()
    w, c = time.perf_counter(), time.process_time()
    if args.digest:
        result = run(articles)
    else:
        result = prof.runcall(run, articles)
    w, c = time.perf_counter() - w, time.process_time() - c
    out = render(result, "json")
    print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine: wall is inflated by other jobs)")
    print(f"{len(articles)} synthetic articles: {len(result.events)} events, "
          f"{sum(len(a.facts) for a in result.analyses)} facts, "
          f"{sum(len(a.differing) for a in result.analyses)} differing accounts; "
          f"{c:.1f} s CPU, {w:.1f} s wall{' (profiled)' if not args.digest else ''}: "
          f"{c / len(articles) * 1000:.0f} ms CPU per article")
    print(f"output sha256 {hashlib.sha256(out.encode()).hexdigest()} ({len(out)} chars of JSON)")
    if args.dump:
        Path(args.dump).write_text(out, encoding="utf-8")
    if args.save and not args.digest:
        prof.dump_stats(args.save)
    if not args.digest:
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats(args.sort).print_stats(args.top)
        text = buf.getvalue()
        print(text[text.find("   ncalls"):] if "   ncalls" in text else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
