"""``newsdesk serve``: the web app over a store (FastAPI + uvicorn)."""

from __future__ import annotations

import argparse
import sys

from . import _load_config
from .store import DB_HELP, sqlite_file


def cmd_serve(args: argparse.Namespace) -> int:
    from ..errors import require

    config = _load_config(args)
    if args.max_upload_bytes is not None:
        config = config.replace("store", max_upload_bytes=args.max_upload_bytes)
    uvicorn = require("uvicorn", "web")
    from ..serve import create_app
    from ..store import default_db

    path = sqlite_file(args.db)
    if path is not None and not path.exists():  # serving may start a desk (uploads), but say so
        print(f"newsdesk: no database at {str(path)!r} yet: starting an empty one", file=sys.stderr)
    app = create_app(args.db, config=config)
    print(f"newsdesk: serving {args.db or default_db()} at http://{args.host}:{args.port}/ (Ctrl-C stops)",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if args.quiet else "info")  # type: ignore[attr-defined]
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    from ..config import StoreConfig

    p = sub.add_parser(
        "serve",
        help="browse the stored events in a web browser",
        description="Serve the store as web pages (events, briefs whose citations open the cited sentence, "
        "articles with the removed chrome, search, upload) and as JSON under /api (described at /openapi.json). "
        "Then open http://127.0.0.1:8000/ in a browser.",
        epilog="example: newsdesk serve --db newsdesk.db --port 8000",
    )
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-upload-bytes", dest="max_upload_bytes", type=int,
                   help=f"refuse uploads larger than this (default {StoreConfig().max_upload_bytes})")
    p.add_argument("--config", help="TOML file with [ingest], ..., [store] tables")
    p.add_argument("-q", "--quiet", action="store_true", help="log only warnings")
    p.set_defaults(func=cmd_serve)
