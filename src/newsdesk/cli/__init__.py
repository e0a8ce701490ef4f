"""Command-line interface: the only place that prints or exits.

One command = parse arguments, one library call, render. Data goes to stdout (or ``-o FILE``),
progress and messages to stderr. Each module of this package defines ``add(subparsers)`` for its
commands; they are found automatically and added in name order (``brief`` first). Building the
parser imports no heavy module (``newsdesk --help`` stays fast): command modules import the
library inside their handlers.

Exit codes (documented in docs/cli.md):

====  =======================================================================================
0     success
1     any other failure (a bug: the traceback is printed)
2     usage error: unknown command or flag, a bad setting (``--config`` file, ``--words``, ...)
3     input error: a path that does not exist, nothing readable, an output folder that does
      not exist, an unknown event, a database that does not exist for a read-only command
4     an optional extra is not installed (the message gives the ``pip install`` line)
130   interrupted (Ctrl-C)
====  =======================================================================================
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, MissingExtraError, NewsdeskError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INPUT, EXIT_EXTRA, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

_VERBOSE = False


class _Progress:
    """Progress lines to stderr with elapsed time; silent with ``--quiet``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[newsdesk {time.perf_counter() - self.t0:6.1f}s] {message}", file=sys.stderr, flush=True)


def _load_config(args: argparse.Namespace) -> Any:
    from ..config import Config

    config = Config.from_toml(args.config) if getattr(args, "config", None) else Config()
    if getattr(args, "words", None) is not None:
        config = config.replace("summarize", words=args.words)
    return config


def check_paths(paths: Sequence[str]) -> None:
    """An input error before any work when none of ``paths`` exists (some missing ones are only
    reported as skipped, so one typo in a long list does not stop the run)."""
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing and len(missing) == len(paths):
        shown = ", ".join(repr(p) for p in missing[:5])
        raise InputError(f"no such file or directory: {shown}; give files or folders to read, or '-' for standard input")


def check_output(args: argparse.Namespace) -> None:
    """An input error before any work when ``-o`` points into a folder that does not exist."""
    out = getattr(args, "output", None)
    if out and out != "-":
        parent = Path(out).parent
        if not parent.is_dir():
            raise InputError(f"cannot write {out!r}: the folder {str(parent)!r} does not exist; create it first")


def _write(args: argparse.Namespace, text: str) -> None:
    out = getattr(args, "output", None)
    if out and out != "-":
        try:
            Path(out).write_text(text, encoding="utf-8", errors="surrogateescape")
        except OSError as exc:
            raise InputError(f"cannot write {out!r}: {exc.strerror or exc}") from exc
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdesk")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _command_modules() -> list[Any]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    names.sort(key=lambda n: n != "brief")  # brief first, the rest by name
    return [importlib.import_module(f"{__name__}.{n}") for n in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Noisy news articles in, cited event briefs out. Exit codes: 0 ok, 1 failure, "
        "2 usage, 3 input, 4 missing extra, 130 interrupted (docs/cli.md).",
        epilog="example: newsdesk brief samples/corpus",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="debug lines on stderr, and the traceback of an error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse exits: 0 for --help and --version, 2 for usage errors
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="[newsdesk %(name)s] %(message)s", stream=sys.stderr)
    try:
        return int(args.func(args))
    except NewsdeskError as exc:
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return _code(exc)
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def _code(exc: NewsdeskError) -> int:
    if isinstance(exc, ConfigError):
        return EXIT_USAGE
    if isinstance(exc, InputError):
        return EXIT_INPUT
    if isinstance(exc, MissingExtraError):
        return EXIT_EXTRA
    return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
