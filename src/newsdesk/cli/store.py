"""``newsdesk ingest | events | show``: add articles to a store, list its events, print one brief."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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
    from ..store import ingest_paths, open_store
    from . import report_inputs, start

    config, progress = start(args)
    with open_store(args.db) as store:
        report = ingest_paths(store, args.paths, config=config, progress=progress)
        report_inputs(args.paths, report.skipped, report.notes, read=report.read)
        touched = set(report.new_events) | set(report.joined_events)
        rows = [e for e in store.list_events() if e.id in touched]  # newest first
    print(report.summary())
    for e in rows:
        what = "new" if e.id in report.new_events else "joined"
        print(f"{what:7} {e.date or 'undated':10}  {e.n_sources:2} sources  {e.id}  {e.headline or ''}")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..store import open_store

    with open_store(_existing(args.db)) as store:
        rows = store.list_events(limit=args.limit)
    if args.format == "json":
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no events yet: add articles with  newsdesk ingest PATH", file=sys.stderr)
        return 0
    print(f"{'date':10}  {'sources':>7}  {'id':15}  headline")
    for r in rows:
        print(f"{r.date or 'undated':10}  {r.n_sources:7}  {r.id:15}  {r.headline or '(brief pending)'}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..render import render
    from ..store import open_store

    with open_store(_existing(args.db)) as store:
        event = store.event(args.event)
        if event is None:
            matches = [e.id for e in store.list_events() if e.id.startswith(args.event)]
            if len(matches) != 1:
                hint = f"{len(matches)} events start with it" if matches else "no event has it"
                raise InputError(f"unknown event {args.event!r} ({hint}); list events with  newsdesk events")
            event = store.event(matches[0])
        assert event is not None
        result = store.load_result([event.id])
    text = render(result, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="add articles to the store (incremental: known articles are skipped)",
        description="Read articles (the formats `newsdesk brief` reads) and add the new ones to the store: "
        "copies of stored articles join their group, new articles join the nearest event within the time "
        "window or open a new one, and the briefs of changed events are refreshed. Running it again on the "
        "same input adds nothing; an interrupted run can simply be run again.",
        epilog="example: newsdesk ingest samples/corpus --db newsdesk.db",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="files or directories to read")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--config", help="TOML file with [ingest], [clean], ..., [store] tables")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
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
    p.add_argument("--format", choices=("markdown", "json", "html"), default="markdown")
    p.set_defaults(func=cmd_show)
