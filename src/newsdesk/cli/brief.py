"""``newsdesk brief PATHS``: read articles and write one cited brief per event."""

from __future__ import annotations

import argparse
import sys


def cmd_brief(args: argparse.Namespace) -> int:
    from .. import brief, render
    from . import EXIT_OK, _load_config, _Progress, _write, check_output, check_paths

    config = _load_config(args)  # bad settings fail before any work
    check_paths(args.paths)
    check_output(args)
    progress = _Progress(args.quiet)
    result = brief(args.paths, config=config, progress=progress)
    for s in result.skipped:
        print(f"skipped {s.label()}: {s.reason}", file=sys.stderr)
    for note in result.notes:
        print(f"note {note}", file=sys.stderr)
    _write(args, render(result, args.format))
    progress(f"done: {len(result.articles)} articles, {len(result.events)} events, {len(result.skipped)} skipped")
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "brief",
        help="read articles and print a cited brief for each event",
        description="Read news articles (text, HTML, JSONL, WARC, Multi-News clusters; directories are "
        "read recursively; '-' reads standard input), drop site chrome, group copies and events, "
        "and write one cited brief per event.",
        epilog="example: newsdesk brief samples/corpus --format markdown -o brief.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="files or directories to read; '-' for standard input")
    add_output_options(p)
    p.set_defaults(func=cmd_brief)


def add_output_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that writes briefs (``brief``, ``distributed brief``)."""
    p.add_argument("--format", choices=("markdown", "json", "html"), default="markdown")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument("--words", type=int, help="word budget of each brief (default 250)")
    p.add_argument("--config", help="TOML file with [ingest], [clean], [dedup], [cluster], [summarize], [facts] tables")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
