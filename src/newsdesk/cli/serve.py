"""``newsdesk serve``: the web app over a store (FastAPI + uvicorn)."""

from __future__ import annotations

import argparse
import os
import sys

from . import _load_config
from .store import DB_HELP, sqlite_file

TOKEN_ENV = "NEWSDESK_TOKEN"


def cmd_serve(args: argparse.Namespace) -> int:
    from ..errors import ConfigError, require

    config = _load_config(args)
    if args.max_upload_bytes is not None:
        config = config.replace("store", max_upload_bytes=args.max_upload_bytes)
    token = args.token or os.environ.get(TOKEN_ENV) or None
    from ..serve.security import is_loopback

    if not is_loopback(args.host) and not token:
        raise ConfigError(
            f"--host {args.host} listens beyond this machine: give an access token for writes with --token TOKEN "
            f"(or ${TOKEN_ENV}), so that no one else on the network can add articles"
        )
    if token is not None and len(token) < 12:
        raise ConfigError("--token is too short to guess-proof: use at least 12 characters (e.g. python -c "
                          "'import secrets; print(secrets.token_urlsafe(24))')")
    if not (0 < args.port < 65536):
        raise ConfigError(f"--port {args.port} is not a port: use 1 to 65535")
    require("uvicorn", "web")
    from ..serve import create_app
    from ..serve.server import run
    from ..store import default_db

    path = sqlite_file(args.db)
    if path is not None and not path.exists():
        # A typo in --db must not silently serve (and create) an empty desk; starting a new desk
        # to fill by upload is a choice the user states.
        if not args.create:
            from ..errors import InputError

            raise InputError(f"no database at {str(path)!r}: give the one  newsdesk ingest  wrote with --db "
                             "(or set $NEWSDESK_DB), or add --create to start an empty desk and upload from the page")
        print(f"newsdesk: no database at {str(path)!r} yet: starting an empty one (--create)", file=sys.stderr)
    hosts = tuple(args.allow_host or ())
    if not is_loopback(args.host) and args.host not in ("0.0.0.0", "::"):
        hosts += (args.host,)
    if not is_loopback(args.host) and not args.allow_host:
        print(f"newsdesk: only requests for {args.host if args.host not in ('0.0.0.0', '::') else 'loopback names'} "
              "and the loopback names are answered: add --allow-host NAME for the names clients use",
              file=sys.stderr)
    if args.workers < 1:
        raise ConfigError(f"--workers {args.workers}: use 1 or more processes")
    app = create_app(args.db, config=config, allow_hosts=hosts, token=token) if args.workers == 1 else None
    if token:
        os.environ[TOKEN_ENV] = token  # the worker processes read it from there, never from a file
    print(f"newsdesk: serving {args.db or default_db()} at http://{args.host}:{args.port}/ (Ctrl-C stops)"
          + (f" with {args.workers} worker processes" if args.workers > 1 else "")
          + (" · writes need the access token" if token else ""), file=sys.stderr, flush=True)
    run(app, host=args.host, port=args.port, client_seconds=config.store.client_seconds,
        log_level="warning" if args.quiet else "info", workers=args.workers,
        spec={"db": args.db, "config": config, "allow_hosts": hosts})
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    from ..config import StoreConfig

    p = sub.add_parser(
        "serve",
        help="browse the stored events in a web browser",
        description="Serve the store as web pages (events with filters and a timeline, briefs whose citations "
        "open the cited sentence, articles with the removed chrome, search, upload, an Atom feed at /feed.xml) "
        "and as JSON under /api (guide at /docs, described at /openapi.json). "
        "Then open http://127.0.0.1:8000/ in a browser. On a network, writes need a token: "
        "NEWSDESK_TOKEN=... newsdesk serve --host 0.0.0.0 --allow-host desk.example.org",
        epilog="example: newsdesk serve --db newsdesk.db --port 8000",
    )
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only; "
                   "any other needs --token)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-host", dest="allow_host", action="append", metavar="NAME",
                   help="answer requests for this host name too (repeatable; loopback names are always "
                   "allowed; '*' allows any, which DNS rebinding can abuse)")
    p.add_argument("--token", help=f"access token every write (upload) must carry; required with a non-loopback "
                   f"--host (default ${TOKEN_ENV})")
    p.add_argument("--workers", type=int, default=1,
                   help="server processes (default 1); each has its own connections, cache and upload worker")
    p.add_argument("--max-upload-bytes", dest="max_upload_bytes", type=int,
                   help=f"refuse uploads larger than this (default {StoreConfig().max_upload_bytes})")
    p.add_argument("--create", action="store_true",
                   help="start an empty desk when the --db file does not exist (without it, a missing file is an "
                   "input error, exit 3: a mistyped name never serves an empty desk)")
    p.add_argument("--config", help="TOML file with [ingest], ..., [store] tables")
    p.add_argument("-q", "--quiet", action="store_true", help="log only warnings")
    p.set_defaults(func=cmd_serve)
