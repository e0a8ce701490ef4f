"""``newsdesk brief PATHS``: read articles and write one cited brief per event."""

from __future__ import annotations

import argparse


def cmd_brief(args: argparse.Namespace) -> int:
    from .. import brief
    from . import EXIT_OK, start, write_result

    config, progress = start(args)  # bad settings, paths and -o fail here, before any work
    result = brief(args.paths, config=config, progress=progress)
    write_result(args, result, progress)
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
    from ..config import SummarizeConfig

    p.add_argument("--words", type=int, help=f"word budget of each brief (default {SummarizeConfig().words})")
    p.add_argument("--query", help="a question every brief answers (query-focused briefs)")
    p.add_argument("--since", metavar="DATE", help="briefs of what is new: articles dated before DATE "
                   "(YYYY-MM-DD) count as already seen")
    p.add_argument("--config", help="TOML file with [ingest], [clean], [dedup], [cluster], [summarize], [facts] tables")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
