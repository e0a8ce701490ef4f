"""``newsdesk summarize DATA.jsonl``: one cited summary per Multi-News-shaped cluster, as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_summarize(args: argparse.Namespace) -> int:
    from ..config import SummarizeConfig
    from ..summarize import summarize_clusters
    from . import check_output, check_paths

    config = SummarizeConfig(words=args.words, method=args.method)
    check_paths([args.data], stdin=False)
    check_output(args)
    out = open(args.output, "w", encoding="utf-8") if args.output and args.output != "-" else sys.stdout  # noqa: SIM115
    try:
        n = 0
        for record in summarize_clusters(Path(args.data), config=config, headline=args.headline):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        print(
            f"summarized {n} clusters" + (f", wrote {args.output}" if out is not sys.stdout else ""),
            file=sys.stderr,
        )
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    from ..config import SUMMARIZE_METHODS as SUMMARIZERS
    from ..config import SummarizeConfig

    default = SummarizeConfig()
    p = sub.add_parser(
        "summarize",
        help="summarize each cluster of a Multi-News-shaped JSONL file (one JSON line per cluster)",
        description='Read clusters {"id", "documents": [...]} (a "summary" field is ignored; a "query" '
        'field, a string or {"title", "narrative"}, makes that brief answer it), take each '
        'cluster as one event, and write {"id", "summary", "headline", "sentences": [{"text", '
        '"citations"}]} per cluster, in input order.',
        epilog="example: newsdesk summarize ../shared/eval/multinews-val/clusters.jsonl --words 300 "
        "-o summaries.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("data", help='JSONL with {"id", "documents": [...]} per line')
    p.add_argument("--words", type=int, default=default.words,
                   help=f"hard word budget: never exceeded, cut at a sentence boundary (default {default.words})")
    p.add_argument("--headline", action="store_true", help="also write a one-sentence headline per cluster")
    p.add_argument("--method", choices=sorted(SUMMARIZERS), default=default.method, help="sentence scorer")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.set_defaults(func=cmd_summarize)
