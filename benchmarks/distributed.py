"""Wall time of the sequential pipeline against ``run_distributed`` on 1 and 2 local dask workers.

Data: the ~690 Multi-News validation documents (``../shared/eval/multinews-val/clusters.jsonl``)
read once with ``newsdesk.ingest.read_jsonl``; every run then takes the same articles in memory
(``pipeline.run`` against ``run_distributed(articles)``). The local cluster's start-up is timed
apart from the run; a run on a fresh cluster includes each worker's first imports and model
loads (spaCy). ``--repeat 2`` times a second, warm run; it also reuses the workers' per-process
caches of the first run (sentence spans, stems), so it flatters the engine: compare cold runs.

Prints figures, asserts nothing. The machine this was written on has 2 cores shared with other
engineers' jobs, so the figures are rough; see docs/benchmarks.md for recorded ones.

    .venv/bin/python benchmarks/distributed.py                   # sequential, then 1 and 2 workers
    .venv/bin/python benchmarks/distributed.py --limit 200 --workers 2 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This file's folder comes first on sys.path when it runs as a script, and its name would then
# shadow the ``distributed`` package itself.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    del sys.path[0]
SHARED = Path(os.environ.get("NEWSDESK_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "eval" / "multinews-val" / "clusters.jsonl"
DASK_HASH_SEED = "6640"  # what distributed.nanny gives its workers unless configured otherwise


class Phases:
    """A progress callback that remembers when each message came, to print time per phase."""

    def __init__(self) -> None:
        self.marks: list[tuple[float, str]] = []

    def __call__(self, message: str) -> None:
        self.marks.append((time.perf_counter(), message))

    def report(self, end: float) -> str:
        rows = []
        for (t, msg), nxt in zip(self.marks, [m[0] for m in self.marks[1:]] + [end], strict=True):
            rows.append(f"      {nxt - t:7.1f} s  {msg}")
        return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, help="use only the first N articles")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--partitions", type=int, help="partitions (default: run_distributed's)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per cluster (the first one is cold)")
    ap.add_argument("--no-sequential", action="store_true", help="skip the sequential run")
    args = ap.parse_args(argv)

    if not args.data.exists():
        print(f"skipped: {args.data} is absent (this benchmark needs ../shared beside the project root)")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if os.environ.get("PYTHONHASHSEED") != DASK_HASH_SEED:
        # The facts stage breaks some ties in set order, which follows the string-hash seed, and
        # dask's nanny starts every worker with PYTHONHASHSEED=6640: run the sequential pipeline
        # under the same seed so the equality check below compares like with like.
        os.environ["PYTHONHASHSEED"] = DASK_HASH_SEED
        os.execv(sys.executable, [sys.executable, *sys.argv])

    from newsdesk import pipeline
    from newsdesk.distributed import connect, run_distributed
    from newsdesk.ingest import read_jsonl
    from newsdesk.model import to_dict

    t0 = time.perf_counter()
    ingested = read_jsonl(args.data)
    articles = list(ingested.articles[: args.limit] if args.limit else ingested.articles)
    print(f"data: {args.data} ({len(articles)} articles, read in {time.perf_counter() - t0:.1f} s)")
    print(f"machine: {os.cpu_count()} cores (shared; rough figures)")

    reference = None
    if not args.no_sequential:
        phases = Phases()
        t0 = time.perf_counter()
        reference = pipeline.run(articles, progress=phases)
        seq = time.perf_counter() - t0
        print(f"sequential pipeline.run: {seq:7.1f} s  ({len(reference.events)} events)", flush=True)

    for n in [int(x) for x in args.workers.split(",") if x.strip()]:
        t0 = time.perf_counter()
        with connect("local", workers=n, threads_per_worker=1) as client:
            start = time.perf_counter() - t0
            print(f"{n} worker(s): LocalCluster start-up {start:5.1f} s", flush=True)
            for r in range(args.repeat):
                phases = Phases()
                t0 = time.perf_counter()
                result = run_distributed(articles, client=client, partitions=args.partitions, progress=phases)
                end = time.perf_counter()
                label = "cold" if r == 0 else "warm"
                same = ""
                if reference is not None:
                    same = f", same result as sequential: {to_dict(result) == to_dict(reference)}"
                print(f"{n} worker(s): run_distributed ({label}) {end - t0:7.1f} s{same}")
                print(phases.report(end), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
