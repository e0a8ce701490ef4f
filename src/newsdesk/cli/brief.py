"""``newsdesk brief PATHS``: read articles and write one cited brief per event."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_brief(args: argparse.Namespace) -> int:
    from .. import brief
    from . import EXIT_OK, start, write_result

    config, progress = start(args)  # bad settings, paths and -o fail here, before any work
    if not getattr(args, "include_raw", False):  # no output needs the text as read: free it after cleaning
        config = config.replace("clean", keep_raw=False)
    result = brief(as_paths(args.paths), config=config, progress=progress, executor=progress.executor())
    write_result(args, result, progress)
    return EXIT_OK


def as_paths(args: list[str]) -> list[Path | str]:
    """Command-line arguments as the library's paths: files and folders as ``Path`` (a missing
    one is a skipped record, never mistaken for text), ``-`` and URLs as they are."""
    return [a if a == "-" or a.lower().startswith(("http://", "https://")) else Path(a) for a in args]


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "brief",
        help="read articles and print a cited brief for each event",
        description="Read news articles (text, HTML, JSON/JSONL incl. news-please and fundus output, CSV/TSV, "
        "RSS/Atom, WARC, Multi-News clusters; directories are read recursively; http(s) URLs of pages, feeds "
        "and sitemaps are fetched; '-' reads standard input), drop site chrome, group copies and events, "
        "and write one cited brief per event.",
        epilog="example: newsdesk brief samples/corpus --format markdown -o brief.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="files, directories or URLs to read; '-' for standard input")
    add_output_options(p)
    p.set_defaults(func=cmd_brief)


# The renderers' names (render.RENDERERS has exactly these keys, a test holds it) and the CSV
# tables (render.csv.TABLES): written here so that --help imports no renderer.
FORMATS = ("markdown", "json", "jsonl", "csv", "html")
TABLES = ("events", "articles", "facts")


def add_output_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that writes briefs (``brief``, ``distributed brief``)."""
    p.add_argument("--format", choices=FORMATS, default="markdown",
                   help="markdown (default), json (one document), jsonl (one event a line, streamed), csv (a table), "
                   "html (one self-contained file)")
    p.add_argument("--table", choices=TABLES, help="with --format csv: the table to write (default events)")
    p.add_argument("--include-raw", dest="include_raw", action="store_true",
                   help="with json, jsonl or csv: add each article's text as read (large; left out by default)")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    from ..config import SummarizeConfig

    p.add_argument("--words", type=int, help=f"hard word budget of each brief: never exceeded, cut at a sentence "
                   f"boundary (default {SummarizeConfig().words})")
    p.add_argument("--query", help="a question every brief answers (query-focused briefs)")
    p.add_argument("--since", metavar="DATE", help="briefs of what is new: articles dated before DATE "
                   "(YYYY-MM-DD) count as already seen")
    p.add_argument("--lang", metavar="XX", help="language of the briefs (ISO 639-1, e.g. en, fr); default each "
                   "event's majority language; other-language sources are cited, their sentences marked")
    p.add_argument("--config", help="TOML file with [ingest], [clean], [dedup], [cluster], [summarize], [facts] tables")
