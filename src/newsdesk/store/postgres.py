"""PostgreSQL (psycopg 3): full-text search with a generated ``tsvector`` column and a GIN index."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import require
from .base import MARK_END, MARK_START, SearchHit
from .sql import SQLStore, StoreError

__all__ = ["PostgresStore"]

# Any constant: the advisory lock that serialises migrations between processes.
_MIGRATION_LOCK = 7_301_245
_WRITER_LOCK = 7_301_246  # ingest writes (Store.lock_writers)

_HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


class PostgresStore(SQLStore):
    dialect = "postgres"

    def _connect(self) -> Any:
        psycopg = require("psycopg", "postgres")
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)  # type: ignore[attr-defined]
        except psycopg.Error as exc:  # type: ignore[attr-defined]
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(self.url)}: {exc}") from exc

    @contextmanager
    def _begin(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def lock_writers(self) -> None:
        self._writing()
        self._exec("SELECT pg_advisory_xact_lock(?)", (_WRITER_LOCK,))

    def _lock_migrations(self) -> None:
        self._exec("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def _sql(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _json(self, data: Any) -> Any:
        from psycopg.types.json import Jsonb

        return Jsonb(data)

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        if not query.strip():
            return []
        rows = self._all(
            """SELECT a.id, a.title, a.site, a.date, ea.event_id, e.headline,
                      ts_headline('english', a.text, q, ?), ts_rank(a.tsv, q) AS r
               FROM articles a
               CROSS JOIN websearch_to_tsquery('english', ?) AS q
               LEFT JOIN event_articles ea ON ea.article_id = a.id
               LEFT JOIN events e ON e.id = ea.event_id
               WHERE a.tsv @@ q
               ORDER BY r DESC, a.id LIMIT ?""",
            (_HEADLINE, query, limit),
        )
        return [SearchHit(*r[:7], rank=float(r[7])) for r in rows]


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
