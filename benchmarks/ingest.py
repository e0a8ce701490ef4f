"""The desk's ingest against ``newsdesk brief`` on the same documents (issue 8).

    .venv/bin/python benchmarks/ingest.py                  # ingest-at-once vs brief, fresh processes
    .venv/bin/python benchmarks/ingest.py --file-by-file   # + one article per ingest, B-cubed vs brief
    .venv/bin/python benchmarks/ingest.py --limit 100      # the first 100 clusters only

Part 1: ``newsdesk.brief([data])`` and ``ingest_paths(store, [data])`` into a new SQLite file, each
in a new Python process (so neither profits from the other's per-text caches; both load the
models), alternated ``--repeat`` times. Prints wall seconds and the ratio ingest / brief (the
issue's target: at most 1.3).

Part 2 (``--file-by-file``): the pooled, shuffled Multi-News articles (``evaluate.clustering``'s
pool) ingested one article per call in one process, as a desk fed by a watcher would be; prints
the total and per-article time and the B-cubed F1 of the stored events against ``pipeline.run``
on the same articles (the issue's bound: within 0.005).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"

_CHILD = r"""
import json, sys, time, os
t0 = time.perf_counter()
mode, data, db = sys.argv[1], sys.argv[2], sys.argv[3]
import newsdesk
if mode == "brief":
    r = newsdesk.brief([data])
    out = {"events": len(r.events), "articles": len(r.articles)}
else:
    from newsdesk.store import ingest_paths, open_store
    with open_store(db) as store:
        rep = ingest_paths(store, [data])
        out = {"events": store.counts()["events"], "articles": len(rep.added)}
out["seconds"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def _child(mode: str, data: Path, limit_file: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        got = subprocess.run(
            [sys.executable, "-c", _CHILD, mode, str(limit_file), str(Path(tmp) / "desk.db")],
            capture_output=True, text=True, env=env, check=True,
        )
    return json.loads(got.stdout.strip().splitlines()[-1])


def at_once(data: Path, limit: int | None, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = data
        if limit:
            src = Path(tmp) / "clusters.jsonl"
            src.write_text("".join(data.read_text(encoding="utf-8").splitlines(True)[:limit]), encoding="utf-8")
        times: dict[str, list[float]] = {"brief": [], "ingest": []}
        for r in range(repeat):
            for mode in ("brief", "ingest"):
                out = _child(mode, data, src)
                times[mode].append(out["seconds"])
                print(f"run {r + 1} {mode:<6}: {out['seconds']:6.1f} s  ({int(out['articles'])} articles, "
                      f"{int(out['events'])} events)", flush=True)
        b, i = statistics.median(times["brief"]), statistics.median(times["ingest"])
        print(f"median brief {b:.1f} s, ingest {i:.1f} s: ingest / brief = {i / b:.2f} (target <= 1.3)")


def file_by_file(data: Path, limit: int | None) -> None:
    from newsdesk import pipeline
    from newsdesk.evaluate.clustering import bcubed, load_pool
    from newsdesk.store import ingest_articles, open_store

    arts = load_pool(data, limit=limit)
    gold = {a.id: a.origin.cluster or a.id for a in arts}
    t0 = time.perf_counter()
    batch = pipeline.run(arts)
    t_batch = time.perf_counter() - t0

    def pred(events) -> dict[str, str]:  # type: ignore[no-untyped-def]
        got = {a: e.id for e in events for a in e.articles}
        return {i: got.get(i, f"skipped:{i}") for i in gold}

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "desk.db") as store:
        t0 = time.perf_counter()
        for n, a in enumerate(arts, 1):
            ingest_articles(store, [a])
            if n % 100 == 0:
                print(f"  {n} articles ingested, {time.perf_counter() - t0:.0f} s", flush=True)
        t_ingest = time.perf_counter() - t0
        stored = store.load_result()
    f_b, f_i = bcubed(pred(batch.events), gold)[2], bcubed(pred(stored.events), gold)[2]
    same = sorted(e.articles for e in batch.events) == sorted(e.articles for e in stored.events)
    print(f"file by file: {len(arts)} articles, one per ingest: {t_ingest:.0f} s "
          f"({t_ingest / len(arts):.2f} s per ingest; pipeline.run on all at once {t_batch:.0f} s, warm caches)")
    print(f"B-cubed F1: pipeline.run {f_b:.4f}, file-by-file ingest {f_i:.4f} (difference {f_i - f_b:+.4f}); "
          f"same events: {same}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, help="first N clusters only")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--file-by-file", action="store_true")
    ap.add_argument("--skip-at-once", action="store_true")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (this benchmark needs ../shared beside the project root)")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"data: {args.data}{f' (first {args.limit} clusters)' if args.limit else ''}; "
          f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if not args.skip_at_once:
        at_once(args.data, args.limit, args.repeat)
    if args.file_by_file:
        file_by_file(args.data, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
