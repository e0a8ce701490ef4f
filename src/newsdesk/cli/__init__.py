"""Command-line interface: the only place that prints or exits.

One command = parse arguments, one library call, render. Data goes to stdout (or ``-o FILE``),
progress and messages to stderr. Each module of this package defines ``add(subparsers)`` for its
commands; they are found automatically and added in name order (``brief`` first). Building the
parser imports no heavy module (``newsdesk --help`` stays fast): command modules import the
library inside their handlers.

Exit codes (documented in docs/cli.md):

====  =======================================================================================
0     success
1     any other failure: the system refused (an OSError), or a bug (the traceback is printed)
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
import textwrap
import traceback
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, MissingExtraError, NewsdeskError
from ._progress import Progress, plural

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INPUT, EXIT_EXTRA, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

def progress_for(args: argparse.Namespace) -> Progress:
    return Progress(getattr(args, "quiet", False), getattr(args, "verbose", False))


def changed_settings(config: Any) -> str:
    """``stage.field=value`` for every setting that differs from its default ("all defaults")."""
    import dataclasses

    from ..config import Config

    default = Config()
    changed = [
        f"{stage.name}.{f.name}={getattr(getattr(config, stage.name), f.name)!r}"
        for stage in dataclasses.fields(Config)
        for f in dataclasses.fields(getattr(config, stage.name))
        if getattr(getattr(config, stage.name), f.name) != getattr(getattr(default, stage.name), f.name)
    ]
    return ", ".join(changed) or "all defaults"


def _load_config(args: argparse.Namespace) -> Any:
    from ..config import Config

    config = Config.from_toml(args.config) if getattr(args, "config", None) else Config()
    if getattr(args, "words", None) is not None:
        config = config.replace("summarize", words=args.words)
    for name in ("query", "since", "lang", "embed_query"):  # brief --query TEXT / --since DATE / --lang XX / --embed-query
        if getattr(args, name, None) is not None:
            config = config.replace("summarize", **{name: getattr(args, name)})
    return config


def start(args: argparse.Namespace) -> tuple[Any, Progress]:
    """The checks every command that reads articles makes before any work: the settings
    (``--config``, ``--words``), the input paths, the ``-o`` folder. Returns (config, progress)."""
    config = _load_config(args)
    check_paths(args.paths)
    check_output(args)
    check_format(args)
    if any(_is_url(p) for p in args.paths):  # fetching needs httpx: say so now, not after reading files
        from ..errors import require

        require("httpx", "fetch")
    progress = progress_for(args)
    progress.debug(f"newsdesk {_version()}, Python {sys.version.split()[0]}; settings: {changed_settings(config)}")
    progress.debug(f"inputs: {', '.join(args.paths)}")
    return config, progress


def _is_url(p: str) -> bool:
    return p.lower().startswith(("http://", "https://"))


def check_paths(paths: Sequence[str], *, stdin: bool = True) -> None:
    """An input error before any work when none of ``paths`` exists (some missing ones are only
    reported as skipped, so one typo in a long list does not stop the run). URLs are fetched
    later; they count as given."""
    missing = [p for p in paths if p != "-" and not _is_url(p) and not Path(p).exists()]
    if missing and len(missing) == len(paths):
        shown = ", ".join(repr(p) for p in missing[:5])
        hint = "give files or folders to read" + (", or '-' for standard input" if stdin else "")
        raise InputError(f"no such file or directory: {shown}; {hint}")


def check_output(args: argparse.Namespace) -> None:
    """An input error before any work when ``-o`` cannot be written: its folder does not exist,
    it is a folder, or the system says it may not be written."""
    import os

    out = getattr(args, "output", None)
    if not out or out == "-":
        return
    target, parent = Path(out), Path(out).parent
    if not parent.is_dir():
        raise InputError(f"cannot write {out!r}: the folder {str(parent)!r} does not exist; create it first")
    if target.is_dir():
        raise InputError(f"cannot write {out!r}: it is a folder; give a file name (-o {out.rstrip('/')}/brief.md)")
    if (target.exists() and not os.access(target, os.W_OK)) or (not target.exists() and not os.access(parent, os.W_OK)):
        raise InputError(f"cannot write {out!r}: permission denied; choose another place or fix the permissions")


def check_format(args: argparse.Namespace) -> None:
    """A usage error before any work for an output option that the chosen format does not take."""
    fmt = getattr(args, "format", None)
    if getattr(args, "table", None) is not None and fmt != "csv":
        raise ConfigError(f"--table applies to --format csv, not {fmt}; add --format csv")
    if getattr(args, "include_raw", False) and fmt not in ("json", "jsonl", "csv"):
        raise ConfigError(f"--include-raw applies to --format json, jsonl or csv, not {fmt}")


def render_options(args: argparse.Namespace) -> dict[str, Any]:
    """The renderer's options the flags ask for (none for formats that take none)."""
    options: dict[str, Any] = {}
    if getattr(args, "include_raw", False):
        options["include_raw"] = True
    if getattr(args, "table", None) is not None:
        options["table"] = args.table
    return options


def _write(args: argparse.Namespace, text: str) -> None:
    _write_lines(args, [text])


def _write_lines(args: argparse.Namespace, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to ``-o`` or standard output, flushing each (JSON Lines stream out)."""
    out = getattr(args, "output", None)
    last = ""
    if out and out != "-":
        try:
            with open(out, "w", encoding="utf-8", errors="surrogateescape") as fh:
                for chunk in chunks:
                    fh.write(chunk)
                    fh.flush()
        except OSError as exc:
            raise InputError(f"cannot write {out!r}: {exc.strerror or exc}") from exc
        shown = out.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")  # a non-UTF-8 name
        print(f"wrote {shown}", file=sys.stderr)
        return
    for chunk in chunks:
        sys.stdout.write(chunk)
        sys.stdout.flush()
        last = chunk or last
    if not last.endswith("\n"):
        sys.stdout.write("\n")


def write_result(args: argparse.Namespace, result: Any, progress: Progress) -> None:
    """What every command that builds briefs prints: skipped records and notes on stderr, then
    the rendered result. An input error, with nothing written, when no article could be read.
    JSON Lines go out line by line as they are made."""
    progress.close()
    report_inputs(args.paths, result.skipped, result.notes, read=len(result.articles))
    if args.format == "jsonl":
        from ..render import iter_jsonl

        _write_lines(args, (line + "\n" for line in iter_jsonl(result, **render_options(args))))
    else:
        from ..render import render

        _write(args, render(result, args.format, **render_options(args)))
    progress.done(f"done: {plural(len(result.articles), 'article')}, {plural(len(result.events), 'event')}, "
                  f"{len(result.skipped)} skipped")
    progress.debug(f"peak memory {_peak_mb():.0f} MB")


def report_inputs(paths: Sequence[str], skipped: Sequence[Any], notes: Sequence[str], *, read: int) -> None:
    """Skipped records and notes on stderr; an input error when no article could be read."""
    for s in skipped:
        print(f"skipped {s.label()}: {s.reason}", file=sys.stderr)
    for note in notes:
        print(f"note {note}", file=sys.stderr)
    if not read:
        raise InputError(nothing_readable(paths, len(skipped)))


def nothing_readable(paths: Sequence[str], n_skipped: int) -> str:
    shown = ", ".join(repr(p) for p in paths[:5]) + (", ..." if len(paths) > 5 else "")
    why = f"{plural(n_skipped, 'input')} skipped, reasons above" if n_skipped else "no files of a known type"
    return (f"nothing readable in {shown} ({why}): give .txt, .html, .jsonl, .json, .csv, .rss/.atom or .warc.gz "
            "files, folders of them, or URLs")


def _peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


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
        description="Noisy news articles in, cited event briefs out. " + EXIT_HELP,
        epilog="example: newsdesk brief samples/corpus",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    parser.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.add(sub)
    for _, command in walk(parser):
        if command is parser:
            continue
        if not any(isinstance(a, argparse._SubParsersAction) for a in command._actions):
            command.description = ((command.description or "").rstrip() + "\n\n" + textwrap.fill(EXIT_HELP, 78)).strip()
        # -v and -q also after the command: newsdesk brief x -v
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP)
        if "-q" not in command._option_string_actions:
            command.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help=QUIET_HELP)
    return parser


EXIT_HELP = ("Exit codes: 0 ok, 1 failure, 2 usage error, 3 input error (no given input exists, nothing "
             "readable, -o cannot be written, an unknown event or database), 4 missing extra, 130 interrupted "
             "(docs/cli.md).")
VERBOSE_HELP = "progress as lines and debug lines on stderr (settings, inputs, memory; the traceback of an error)"
QUIET_HELP = "no progress on stderr (skipped records and errors are still reported)"


def walk(parser: argparse.ArgumentParser, prefix: str = "newsdesk") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every (command line, parser) pair: ``newsdesk``, ``newsdesk brief``, ``newsdesk evaluate summaries``..."""
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, f"{prefix} {name}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse exits: 0 for --help and --version, 2 for usage errors
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.verbose:  # newsdesk's own debug log; other libraries stay at warnings
        logging.basicConfig(level=logging.WARNING, format="[%(name)s] %(message)s", stream=sys.stderr)
        logging.getLogger("newsdesk").setLevel(logging.DEBUG)
    try:
        return int(args.func(args))
    except NewsdeskError as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return _code(exc)
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the system refused (disk full, permissions): no bug, no traceback
        if args.verbose:
            traceback.print_exc()
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the boundary: any other error is a bug, shown with its traceback
        traceback.print_exc()
        print(f"newsdesk: error: unexpected {type(exc).__name__}: {exc} (a bug: please report it with the "
              "traceback above)", file=sys.stderr)
        return EXIT_FAILURE


def _code(exc: NewsdeskError) -> int:
    if isinstance(exc, ConfigError):
        return EXIT_USAGE
    if isinstance(exc, InputError):
        return EXIT_INPUT
    if isinstance(exc, MissingExtraError):
        return EXIT_EXTRA
    return EXIT_FAILURE
