"""The embedded default: one SQLite file (WAL mode), full-text search with FTS5."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import MARK_END, MARK_START, SearchHit
from .sql import SQLStore, StoreError

__all__ = ["SQLiteStore", "fts5_query"]

# Seconds a writer waits for another process's write transaction before giving up with a clear
# message (ingest writes are short: the grouping runs before the transaction).
BUSY_SECONDS = 30.0

# Words or "quoted phrases"; OR between them is kept, everything else is dropped, so no user input
# can be an FTS5 syntax error.
_QUERY_PART = re.compile(r'"([^"]*)"|(\w+)', re.UNICODE)


def fts5_query(query: str) -> str:
    """A safe FTS5 MATCH expression: words and "phrases" AND-ed, ``OR`` kept (like a web search box)."""
    parts: list[str] = []
    for m in _QUERY_PART.finditer(query):
        phrase, word = m.group(1), m.group(2)
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words = re.findall(r"\w+", phrase if phrase is not None else word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def _wal(conn: sqlite3.Connection) -> None:
    """Switch the database to WAL. Switching needs an exclusive lock and SQLite answers "database
    is locked" at once, without its busy handler, when another process opens the same new file at
    that moment (two ``ingest`` runs started together): retry for up to ``BUSY_SECONDS``."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SQLiteStore(SQLStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, upto: int | None = None) -> None:
        self.path = Path(path)
        super().__init__(str(self.path), upto=upto)

    def _connect(self) -> sqlite3.Connection:
        try:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
            _wal(conn)  # readers (the web app) never wait for an ingest
            conn.execute("PRAGMA synchronous=NORMAL")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the SQLite database: {exc}") from exc
        return conn

    @contextmanager
    def _begin(self) -> Iterator[None]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")  # the write lock: one writer at a time, others wait
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise StoreError(f"{self.path}: cannot write to the SQLite database: {exc}") from exc
            raise StoreError(
                f"{self.path}: another process has been writing to this database for over "
                f"{BUSY_SECONDS:g} s; wait until it is done (one ingest at a time) and run this again"
            ) from exc
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _json(self, data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        match = fts5_query(query)
        if not match:
            return []
        rows = self._all(
            """SELECT a.id, a.title, a.site, a.date, ea.event_id, e.headline,
                      snippet(articles_fts, 1, ?, ?, '…', 24), bm25(articles_fts, 4.0, 1.0) AS r
               FROM articles_fts
               JOIN articles a ON a.seq = articles_fts.rowid
               LEFT JOIN event_articles ea ON ea.article_id = a.id
               LEFT JOIN events e ON e.id = ea.event_id
               WHERE articles_fts MATCH ?
               ORDER BY r, a.id LIMIT ?""",
            (MARK_START, MARK_END, match, limit),
        )
        # bm25 is lower-is-better and negative; report a positive score, higher is better.
        return [SearchHit(*r[:7], rank=-float(r[7])) for r in rows]
