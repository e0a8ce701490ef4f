"""Output sizes and render times of every format on one real result (Multi-News dev, 690 articles).

    python benchmarks/outputs.py ../shared/eval/multinews-val/clusters.jsonl [--limit N]

Runs ``newsdesk.brief`` once on the file, then renders it as each format (JSON with and without
the raw text, JSON Lines, the three CSV tables, Markdown, HTML) and prints the bytes, the time
to render and, for JSON Lines, the time until the first line is ready (what a consumer of the
stream waits). Times are wall-clock on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import newsdesk
from newsdesk.render import iter_jsonl


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="Multi-News-shaped clusters.jsonl")
    ap.add_argument("--limit", type=int, help="the first N clusters only")
    args = ap.parse_args()
    data = Path(args.data)
    if args.limit:
        lines = data.read_text(encoding="utf-8").splitlines()[: args.limit]
        tmp = Path(tempfile.mkdtemp()) / "clusters.jsonl"
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        data = tmp
    t0 = time.perf_counter()
    result = newsdesk.brief([data])
    run = time.perf_counter() - t0
    print(f"input: {args.data}{f' (first {args.limit} clusters)' if args.limit else ''}: "
          f"{len(result.articles)} articles, {len(result.events)} events, {len(result.skipped)} skipped; "
          f"pipeline {run:.1f} s")
    raw_chars = sum(len(a.raw) for a in result.articles)
    text_chars = sum(len(a.text) for a in result.articles)
    print(f"article text as read (raw): {raw_chars:,} characters; cleaned text: {text_chars:,}")
    print(f"{'format':28} {'bytes':>12} {'render s':>9}")
    rows = [
        ("json --include-raw", lambda: newsdesk.render(result, "json", include_raw=True)),
        ("json (default)", lambda: newsdesk.render(result, "json")),
        ("jsonl (default)", lambda: newsdesk.render(result, "jsonl")),
        ("csv --table events", lambda: newsdesk.render(result, "csv", table="events")),
        ("csv --table articles", lambda: newsdesk.render(result, "csv", table="articles")),
        ("csv --table facts", lambda: newsdesk.render(result, "csv", table="facts")),
        ("markdown", lambda: newsdesk.render(result, "markdown")),
        ("html", lambda: newsdesk.render(result, "html")),
    ]
    for name, fn in rows:
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        print(f"{name:28} {len(out.encode('utf-8')):>12,} {dt:>9.2f}")
    t = time.perf_counter()
    lines = iter_jsonl(result)
    first = next(lines)
    first_s = time.perf_counter() - t
    biggest = max([first, *lines], key=len)
    print(f"jsonl: first line ready after {first_s * 1000:.1f} ms; longest line {len(biggest.encode()):,} bytes "
          f"({json.loads(biggest)['event']['id']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
