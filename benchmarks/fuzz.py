"""Fuzz benchmark: N seeded hostile/broken input cases through the readers (``read_any`` on files,
``read_stream`` on the same bytes as an upload) and print counts.

    python benchmarks/fuzz.py                 # 10,000 cases, seed 0
    python benchmarks/fuzz.py --cases 500 --seed 7 --show 5

Each case is 1-4 files of mixed formats from ``tests/fuzzing.py`` (valid inputs, then maybe cut,
flipped, gzipped or corrupt-gzipped, with non-UTF-8 file names). Counted: files and records in,
articles and skips out, cases whose invariants fail (a record lost, a reader bug caught by the last
line of defence, a field that cannot be written as UTF-8), exceptions, hangs (over --seconds), and
the slowest case. Exit status 1 when any case failed. CI runs the quick version
(``tests/test_fuzz.py``, hypothesis, fixed seed).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import fuzzing  # noqa: E402

from newsdesk.config import IngestConfig  # noqa: E402
from newsdesk.ingest import read_any, read_stream  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=30.0, help="a case taking longer is a hang")
    ap.add_argument("--show", type=int, default=10, help="failures to print in full")
    args = ap.parse_args()

    config = IngestConfig(min_words=5)
    counts: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    failures: list[str] = []
    slowest = (0.0, -1)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdesk-fuzz-") as tmp:
        for n in range(args.cases):
            rnd = random.Random(f"{args.seed}:{n}")
            case = fuzzing.make_case(rnd)
            folder = Path(tmp) / f"c{n}"
            paths = fuzzing.write_case(case, folder)
            counts["files"] += len(case)
            counts["records known"] += sum(f.records or 0 for f in case)
            for f in case:
                by_kind[f.kind] += 1
            t = time.perf_counter()
            try:
                with fuzzing.time_limit(args.seconds):
                    result = read_any([folder] if rnd.random() < 0.5 else paths, config=config)
                    uploads = [read_stream(f.data, name="upload", config=config) for f in case]
            except fuzzing.Hang as exc:
                counts["hangs"] += 1
                failures.append(f"case {n}: hang: {exc}")
                continue
            except Exception:  # noqa: BLE001 - counted and shown: that is the benchmark's job
                counts["exceptions"] += 1
                failures.append(f"case {n}: exception:\n{traceback.format_exc(limit=6)}")
                continue
            finally:
                took = time.perf_counter() - t
                slowest = max(slowest, (took, n))
                for p in paths:
                    p.unlink(missing_ok=True)
            counts["articles"] += len(result.articles)
            counts["skipped"] += len(result.skipped)
            counts["notes"] += len(result.notes)
            problems = fuzzing.problems(case, paths, result)
            for up in uploads:
                if not (up.articles or up.skipped) or any(fuzzing.BUG_MARK in s.reason for s in up.skipped):
                    problems.append("an upload gave nothing, or hit a reader bug: "
                                    + "; ".join(s.reason for s in up.skipped))
            if problems:
                counts["failed cases"] += 1
                failures.append(f"case {n}: " + " | ".join(problems))
    seconds = time.perf_counter() - start
    print(f"fuzz benchmark: {args.cases:,} cases (seed {args.seed}), {seconds:.0f} s, "
          f"{seconds / max(args.cases, 1) * 1000:.1f} ms per case; slowest case {slowest[1]} {slowest[0]:.2f} s")
    print("files by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_kind.items())))
    for key in ("files", "records known", "articles", "skipped", "notes", "failed cases", "exceptions", "hangs"):
        print(f"  {key:14} {counts[key]:,}")
    for line in failures[: args.show]:
        print(line[:2000])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
