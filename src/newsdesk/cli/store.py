"""``newsdesk ingest | events | show``: add articles to a store, list its events, print one brief."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DB_HELP = "SQLite file or postgresql:// URL (default: $NEWSDESK_DB, else ./newsdesk.db)"


def sqlite_file(db: str | None) -> Path | None:
    """The SQLite file ``--db`` (or its default) names; None for a server URL."""
    from ..store import default_db

    target = db or default_db()
    if "://" in target and not target.startswith("sqlite:///"):
        return None
    return Path(target.removeprefix("sqlite:///"))


def _existing(db: str | None) -> str | None:
    """A read-only command on a database file that does not exist is an input error (opening it
    would create an empty one)."""
    from ..errors import InputError

    path = sqlite_file(db)
    if path is not None and not path.exists():
        raise InputError(f"no database at {str(path)!r}: give the one  newsdesk ingest  wrote with --db, "
                         "or set $NEWSDESK_DB")
    return db


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..store import open_store
    from . import start

    config, progress = start(args)
    if args.watch_interval is not None:
        config = config.replace("store", watch_interval=args.watch_interval)
    if args.watch:
        _check_watchable(args.paths)
    elif args.polls is not None or args.watch_interval is not None:
        from ..errors import ConfigError

        raise ConfigError("--polls and --watch-interval apply with --watch; add --watch")
    if args.polls is not None and args.polls < 1:
        from ..errors import ConfigError

        raise ConfigError(f"--polls {args.polls} is not allowed: use 1 or more (or leave it out: watch until Ctrl-C)")
    from . import InputError

    path = sqlite_file(args.db)
    new_file = path is not None and not path.exists()
    try:
        with open_store(args.db) as store:
            if args.watch:
                return _watch(store, args, config, progress)
            _ingest_once(store, args.paths, args, config, progress, strict=True)
    except InputError:
        if new_file and path is not None:  # nothing readable: leave no empty database behind
            _remove_empty(path)
        raise
    return 0


def _remove_empty(path: Path) -> None:
    """Delete a SQLite file this run created when it holds no article (and its -wal/-shm)."""
    from ..store import open_store

    try:
        with open_store(str(path)) as store:
            if store.counts().get("articles", 0):
                return
    except Exception:  # noqa: BLE001 - not ours to judge: leave it
        return
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _ingest_once(store, paths, args, config, progress, *, strict: bool, quiet_if_nothing: bool = False):  # type: ignore[no-untyped-def]
    """One ingest of ``paths`` and its report on stdout (skips and notes on stderr). ``strict``:
    nothing readable is an input error (a watched folder's unreadable file is only reported);
    ``quiet_if_nothing``: no report when nothing was added (a watched feed that did not change)."""
    from ..store import ingest_paths
    from . import InputError, report_inputs

    report = ingest_paths(store, paths, config=config, progress=progress)
    progress.close()
    if quiet_if_nothing and not report.added and not report.skipped:
        return report
    try:
        report_inputs(args.paths, report.skipped, report.notes, read=report.read)
    except InputError:
        if strict:
            raise
    touched = set(report.new_events) | set(report.joined_events)
    rows = [e for e in store.list_events() if e.id in touched]  # newest first
    est = _estimated(store, rows)
    print(report.summary(), flush=True)
    for e in rows:
        what = "new" if e.id in report.new_events else "joined"
        date = (e.date or "undated") + ("~" if e.id in est else "")
        print(f"{what:7} {date:11}  {e.n_sources:2} sources  {e.id}  {e.headline or ''}", flush=True)
    if est:
        print(ESTIMATED_NOTE, flush=True)
    return report


# an estimated date says so in every listing (issue 10): "2021-02-01~", and in JSON "date_estimated"
ESTIMATED_NOTE = "~ estimated from the articles' content (no source states the date)"


def _estimated(store: Any, rows: Sequence[Any]) -> dict[str, float | None]:
    """The listed events whose date is estimated, with the estimate's confidence."""
    return {r.id: ev.date_confidence for r in rows if (ev := store.event(r.id)) is not None and ev.date_estimated}


def _is_url(p: str) -> bool:
    return p.lower().startswith(("http://", "https://"))


def _check_watchable(paths: list[str]) -> None:
    from ..errors import ConfigError

    bad = [p for p in paths if not _is_url(p) and not Path(p).is_dir()]
    if bad:
        raise ConfigError(f"--watch keeps folders and URLs watched: {', '.join(repr(p) for p in bad[:3])} is not a "
                          "folder; give folders or feed URLs (ingest single files without --watch)")


def _scan(paths: list[str], config) -> tuple[dict[str, tuple[int, int]], dict[str, object]]:  # type: ignore[no-untyped-def]
    """Every readable file under ``paths`` (as the readers walk them) with its (size, mtime), and
    what the walk skipped (unknown types, hidden files), by path."""
    from ..ingest import FileUnit, plan_inputs

    files: dict[str, tuple[int, int]] = {}
    skips: dict[str, object] = {}
    for unit in plan_inputs(paths, config=config.ingest):
        if isinstance(unit, FileUnit):
            try:
                st = Path(unit.path).stat()
            except OSError:
                continue  # gone again
            files[unit.path] = (st.st_size, st.st_mtime_ns)
        else:
            for s in unit.skipped:
                skips[f"{s.path}#{s.record}"] = s
    return files, skips


def _watch(store, args, config, progress) -> int:  # type: ignore[no-untyped-def]
    """Poll the folders every ``watch_interval`` seconds and ingest files that are new or changed;
    read the URLs (feeds, sitemaps) again at every look (the feed is asked again, with its ETag;
    the pages it links to come from the cache when already fetched; known articles are skipped).

    A file is taken once it stopped changing: its size and modification time are the same as at
    the previous poll, or it was last modified more than an interval ago (a writer still copying
    it is waited for). Each ingest is one transaction (an interrupted one adds nothing). Stops
    after ``--polls`` polls, or on Ctrl-C (exit 0).
    """
    import time

    interval = config.store.watch_interval
    seen: dict[str, tuple[int, int]] = {}
    pending: dict[str, tuple[int, int]] = {}
    told: set[str] = set()
    polls = 0
    print(f"newsdesk: watching {', '.join(args.paths)} every {interval:g} s (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        while True:
            files, skips = _scan([p for p in args.paths if not _is_url(p)], config)
            for key, s in skips.items():
                if key not in told:
                    told.add(key)
                    print(f"skipped {s.label()}: {s.reason}", file=sys.stderr)  # type: ignore[attr-defined]
            now = time.time_ns()
            changed = {p: sig for p, sig in files.items() if seen.get(p) != sig}
            ready = sorted(p for p, sig in changed.items()
                           if polls == 0 or pending.get(p) == sig or now - sig[1] > interval * 1e9)
            pending = {p: sig for p, sig in changed.items() if p not in ready}
            urls = [p for p in args.paths if _is_url(p)]  # read again every look: known articles are skipped
            if ready or urls:
                _ingest_once(store, [*ready, *urls], args, config, progress, strict=False,
                             quiet_if_nothing=polls > 0 and not ready)
                seen.update((p, files[p]) for p in ready)
            polls += 1
            if args.polls is not None and polls >= args.polls:
                return 0
            time.sleep(interval)
    except KeyboardInterrupt:
        print("newsdesk: stopped watching", file=sys.stderr)
        return 0


def cmd_events(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..store import open_store

    with open_store(_existing(args.db)) as store:
        rows = store.list_events(limit=args.limit)
        est = _estimated(store, rows)
    if args.format == "json":
        print(json.dumps([{**asdict(r), "date_estimated": r.id in est, "date_confidence": est.get(r.id)}
                          for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no events yet: add articles with  newsdesk ingest PATH", file=sys.stderr)
        return 0
    print(f"{'date':11}  {'sources':>7}  {'id':15}  headline")
    for r in rows:
        date = (r.date or "undated") + ("~" if r.id in est else "")
        print(f"{date:11}  {r.n_sources:7}  {r.id:15}  {r.headline or '(brief pending)'}")
    if est:
        print(ESTIMATED_NOTE)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..render import render
    from ..store import open_store
    from . import check_format, render_options

    check_format(args)
    with open_store(_existing(args.db)) as store:
        event = store.event(args.event)
        if event is None and (moved := store.resolve_event(args.event)):
            print(f"newsdesk: event {args.event} has grown or merged since; showing it as {moved}", file=sys.stderr)
            event = store.event(moved)
        if event is None:
            matches = [e.id for e in store.list_events() if e.id.startswith(args.event)]
            if len(matches) != 1:
                hint = f"{len(matches)} events start with it" if matches else "no event has it"
                raise InputError(f"unknown event {args.event!r} ({hint}); list events with  newsdesk events")
            event = store.event(matches[0])
        assert event is not None
        result = store.load_result([event.id])
    text = render(result, args.format, **render_options(args))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    from ..config import StoreConfig
    from .brief import FORMATS, TABLES

    p = sub.add_parser(
        "ingest",
        help="add articles to the store (incremental: known articles are skipped)",
        description="Read articles (the formats `newsdesk brief` reads) and add the new ones to the store: "
        "copies of stored articles join their group, new articles join the nearest event within the time "
        "window or open a new one, and the briefs of changed events are refreshed. Running it again on the "
        "same input adds nothing; an interrupted run can simply be run again.",
        epilog="example: newsdesk ingest samples/corpus --db newsdesk.db  (a folder kept watched: "
        "newsdesk ingest --watch inbox/)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="files, directories or URLs to read (folders and URLs with --watch)")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--config", help="TOML file with [ingest], [clean], ..., [store] tables")
    p.add_argument("--watch", action="store_true",
                   help="keep the folders (and feed URLs) watched: ingest files as they appear or change, and "
                   "new feed items (Ctrl-C stops)")
    p.add_argument("--watch-interval", dest="watch_interval", type=float,
                   help=f"with --watch: seconds between two looks (default {StoreConfig().watch_interval:g})")
    p.add_argument("--polls", type=int, help="with --watch: stop after this many looks (default: never)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "events",
        help="list the stored events, newest first",
        description="List the events in the store, newest first: date, number of independent sources, "
        "id and headline.",
        epilog="example: newsdesk events --db newsdesk.db --limit 20",
    )
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--limit", type=int, help="show at most this many events")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser(
        "show",
        help="print one stored event's brief",
        description="Print the brief of one stored event (an id from `newsdesk events`; a unique prefix "
        "is enough) with its citations and sources.",
        epilog="example: newsdesk show ev-4e5f8dda456a --db newsdesk.db --format markdown",
    )
    p.add_argument("event", help="event id (or a unique prefix of one)")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--format", choices=FORMATS, default="markdown")
    p.add_argument("--table", choices=TABLES, help="with --format csv: the table to write (default events)")
    p.add_argument("--include-raw", dest="include_raw", action="store_true",
                   help="with json, jsonl or csv: add each article's text as read")
    p.set_defaults(func=cmd_show)
