"""Command-line interface: the only place that prints or exits.

One command = parse arguments, one library call, render. Data goes to stdout (or ``-o FILE``),
progress and messages to stderr. Library errors become a clean message and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .config import Config
from .errors import NewsdeskError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 2, 64


class _Progress:
    """Progress lines to stderr with elapsed time; silent with ``--quiet``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[newsdesk {time.perf_counter() - self.t0:6.1f}s] {message}", file=sys.stderr, flush=True)


def _load_config(args: argparse.Namespace) -> Config:
    config = Config.from_toml(args.config) if getattr(args, "config", None) else Config()
    if getattr(args, "words", None) is not None:
        config = config.replace("summarize", words=args.words)
    return config


def _write(args: argparse.Namespace, text: str) -> None:
    out = getattr(args, "output", None)
    if out and out != "-":
        Path(out).write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")


# ---------------------------------------------------------------------------------------- brief
def cmd_brief(args: argparse.Namespace) -> int:
    from . import brief, render

    progress = _Progress(args.quiet)
    result = brief(args.paths, config=_load_config(args), progress=progress)
    for s in result.skipped:
        print(f"skipped {s.label()}: {s.reason}", file=sys.stderr)
    for note in result.notes:
        print(f"note {note}", file=sys.stderr)
    _write(args, render(result, args.format))
    progress(f"done: {len(result.articles)} articles, {len(result.events)} events, {len(result.skipped)} skipped")
    return EXIT_OK


def _add_brief(sub: argparse._SubParsersAction) -> None:
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
    p.add_argument("--format", choices=("markdown", "json", "html"), default="markdown")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument("--words", type=int, help="word budget of each brief (default 250)")
    p.add_argument("--config", help="TOML file with [ingest], [clean], [dedup], [cluster], [summarize] tables")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_brief)


# Each command module adds itself here: (name, adder). Kept as a list so `--help` order is stable.
ADDERS: list[Callable[[argparse._SubParsersAction], None]] = [_add_brief]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Noisy news articles in, cited event briefs out.",
        epilog="example: newsdesk brief samples/corpus",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in ADDERS:
        add(sub)
    _add_more_commands(sub)
    return parser


def _add_more_commands(sub: argparse._SubParsersAction) -> None:
    """Commands defined next to the library code they call (summarize, evaluate, store, serve)."""
    from .commands import COMMANDS

    for add in COMMANDS:
        add(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
