"""Where results live: SQLite by default (one file), PostgreSQL when given a URL.

``open_store(url_or_path)`` returns a :class:`Store`; ``ingest_paths`` / ``ingest_articles`` add
articles incrementally (see :mod:`.incremental`)::

    from newsdesk.store import open_store, ingest_paths
    with open_store("newsdesk.db") as store:
        report = ingest_paths(store, ["samples/corpus"])
        for e in store.list_events():
            print(e.date, e.headline)
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import EventSummary, SearchHit, Store
from .sql import StoreError

__all__ = [
    "DEFAULT_DB",
    "EventSummary",
    "IngestReport",
    "SearchHit",
    "Store",
    "StoreError",
    "default_db",
    "ingest_articles",
    "ingest_paths",
    "open_store",
    "refresh_events",
]

DEFAULT_DB = "newsdesk.db"
ENV_VAR = "NEWSDESK_DB"


def default_db() -> str:
    """``$NEWSDESK_DB`` if set, else ``./newsdesk.db``."""
    return os.environ.get(ENV_VAR) or DEFAULT_DB


def open_store(url_or_path: str | Path | None = None, *, upto: int | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url_or_path``.

    ``postgresql://...`` (or ``postgres://``) opens a PostgreSQL database; ``sqlite:///path`` or a
    plain path opens a SQLite file, created on first use. None means :func:`default_db`.
    ``upto`` stops migrations at that schema version (for tests of migrations only).
    """
    target = str(url_or_path) if url_or_path is not None else default_db()
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(target, upto=upto)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") :]
    elif "://" in target:
        raise StoreError(f"{target!r}: unknown database URL; use a file path, sqlite:///path or postgresql://...")
    from .sqlite import SQLiteStore

    return SQLiteStore(target, upto=upto)


def __getattr__(name: str) -> object:
    # The ingest side pulls in the pipeline stages; load it only when asked for.
    if name in {"IngestReport", "ingest_articles", "ingest_paths", "refresh_events"}:
        from . import incremental

        return getattr(incremental, name)
    raise AttributeError(name)
