"""``newsdesk brief PATHS``: read articles and write one cited brief per event."""

from __future__ import annotations

import argparse
from pathlib import Path


# With --workers left out, worker processes are used only when the inputs hold at least this
# many bytes: a worker starts in about a second and loads its own spaCy models (another second or
# two); 2 MB is roughly 400 news articles, well over a minute of work in one process. Inputs of
# unknown size (standard input, URLs) run in one process unless --workers says otherwise.
AUTO_WORKERS_MIN_BYTES = 2_000_000


def cmd_brief(args: argparse.Namespace) -> int:
    from .. import brief
    from ..errors import ConfigError
    from . import EXIT_OK, start, write_result

    config, progress = start(args)  # bad settings, paths and -o fail here, before any work
    if not getattr(args, "include_raw", False):  # no output needs the text as read: free it after cleaning
        config = config.replace("clean", keep_raw=False)
    workers = getattr(args, "workers", None)
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: use 1 or more processes (leave it out to use the cores on large inputs)")
    if workers is None:
        workers = auto_workers(args.paths)
    progress.debug(f"worker processes: {workers}")
    executor = progress.executor(workers)
    try:
        if args.format == "jsonl":
            from ..pipeline import stream_paths

            stream = stream_paths(as_paths(args.paths), config=config, progress=progress, executor=executor)
            write_stream(args, stream, progress)
        else:
            result = brief(as_paths(args.paths), config=config, progress=progress, executor=executor)
            write_result(args, result, progress)
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()
    return EXIT_OK


def auto_workers(paths: list[str]) -> int:
    """The cores when the input files and folders hold ``AUTO_WORKERS_MIN_BYTES`` or more, else 1
    (folders are walked only until that much is found)."""
    import os

    from ..pipeline.executor import available_cores

    cores = available_cores()
    if cores == 1:
        return 1
    total = 0
    stack = [p for p in paths if p != "-" and not p.lower().startswith(("http://", "https://"))]
    while stack and total < AUTO_WORKERS_MIN_BYTES:
        p = stack.pop()
        try:
            if os.path.isdir(p):
                with os.scandir(p) as it:
                    for e in it:
                        if e.is_dir(follow_symlinks=False):
                            stack.append(e.path)
                        elif e.is_file():
                            total += e.stat().st_size
            elif os.path.isfile(p):
                total += os.path.getsize(p)
        except OSError:
            continue  # reported as skipped by the run itself
    return cores if total >= AUTO_WORKERS_MIN_BYTES else 1


def write_stream(args: argparse.Namespace, stream: object, progress: object) -> None:
    """``--format jsonl`` from a ``pipeline.Stream``: skipped records and notes on stderr first
    (known once the inputs are read), then each event's line as soon as it is finished."""
    from ..render.jsonl import iter_stream_jsonl
    from . import _peak_mb, _write_lines, plural, render_options, report_inputs

    report_inputs(args.paths, stream.skipped, stream.notes, read=stream.n_articles)  # type: ignore[attr-defined]
    n_events = stream.n_events  # type: ignore[attr-defined]
    _write_lines(args, (line + "\n" for line in iter_stream_jsonl(stream, **render_options(args))))
    progress.close()  # type: ignore[attr-defined]
    progress.done(f"done: {plural(stream.n_articles, 'article')}, {plural(n_events, 'event')}, "  # type: ignore[attr-defined]
                  f"{len(stream.skipped)} skipped")  # type: ignore[attr-defined]
    progress.debug(f"peak memory {_peak_mb():.0f} MB")  # type: ignore[attr-defined]


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
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes to run the pipeline in (default: the machine's cores when the input files hold "
                   f"{AUTO_WORKERS_MIN_BYTES // 1_000_000} MB or more, else 1); the output is the same")
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
    p.add_argument("--embed-query", dest="embed_query", action="store_true", default=None,
                   help="with --query: re-read the top of each brief with multilingual-e5-small (a few seconds a brief)")
    p.add_argument("--since", metavar="DATE", help="briefs of what is new: articles dated before DATE "
                   "(YYYY-MM-DD) count as already seen")
    p.add_argument("--lang", metavar="XX", help="language of the briefs (ISO 639-1, e.g. en, fr); default each "
                   "event's majority language; other-language sources are cited, their sentences marked")
    p.add_argument("--config", help="TOML file with [ingest], [clean], [dedup], [cluster], [summarize], [facts] tables")
