"""The SQL both backends share; :mod:`.sqlite` and :mod:`.postgres` add connection, dialect and search.

Statements are written with ``?`` placeholders; the PostgreSQL backend turns them into ``%s``.
Every public operation takes the store's lock, so one store can serve several threads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

from ..errors import NewsdeskError
from ..model import Article, Brief, DuplicateGroup, Event, Result, Skipped, to_dict
from . import codec
from .base import EventSummary, SearchHit, Store, replacement_aliases
from .schema import LATEST, MIGRATIONS, SCHEMA_VERSION_TABLE

__all__ = ["SQLStore", "StoreError"]

# IN (...) lists are sent in chunks of this many values (SQLite allows 32,766 variables).
_CHUNK = 500

# Result fields stored in their own tables; any other field is an "extra" (e.g. ``analyses``).
_CORE_FIELDS = {"articles", "duplicate_groups", "events", "briefs", "skipped"}


class StoreError(NewsdeskError):
    """The database cannot be opened or used (wrong URL, newer schema, server down)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _marks(n: int) -> str:
    return ",".join("?" * n)


class SQLStore(Store):
    """Shared implementation over a DB-API connection; subclasses give the dialect."""

    dialect: str = ""

    def __init__(self, url: str, *, upto: int | None = None) -> None:
        self.url = url
        self._lock = threading.RLock()
        self._depth = 0
        self._conn = self._connect()
        try:
            self._migrate(LATEST if upto is None else upto)
        except Exception:
            self._conn.close()
            raise

    # ------------------------------------------------------------------------- dialect hooks
    def _connect(self) -> Any:
        raise NotImplementedError

    def _begin(self) -> AbstractContextManager[None]:
        """A database transaction (exclusive for writes)."""
        raise NotImplementedError

    def _lock_migrations(self) -> None:
        """Inside a transaction: keep other processes from migrating at the same time."""

    def _sql(self, sql: str) -> str:
        return sql

    def _json(self, data: Any) -> Any:
        """A JSON-able value as a query parameter for a JSON column."""
        raise NotImplementedError

    # ------------------------------------------------------------------------------- basics
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self._sql(sql), tuple(params))

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            self._conn.cursor().executemany(self._sql(sql), rows)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._exec(sql, params).fetchall())

    def _in(self, sql: str, ids: Iterable[str], extra: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run ``sql`` (containing ``{ids}``) for chunks of ``ids``; concatenate the rows."""
        ids = list(dict.fromkeys(ids))
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(ids):
            out.extend(self._all(sql.format(ids=_marks(len(chunk))), [*chunk, *extra]))
        return out

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:  # nested: part of the enclosing transaction
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._begin():
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0

    def _writing(self) -> None:
        if not self._depth:
            raise StoreError("store writes must happen inside  with store.transaction():")

    # ---------------------------------------------------------------------------- migrations
    def _current_version(self) -> int:
        row = self._exec("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def schema_version(self) -> int:
        with self._lock:
            return self._current_version()

    def _migrate(self, target: int) -> None:
        with self._lock:
            with self._begin():
                # Under the migration lock: CREATE TABLE IF NOT EXISTS is not safe against a second
                # process creating the same table at the same moment in PostgreSQL (it fails with
                # a unique violation on pg_type); the full CI run hit this with two ingests.
                self._lock_migrations()
                self._exec(SCHEMA_VERSION_TABLE)
            current = self._current_version()
            if current > LATEST:
                raise StoreError(
                    f"{self.url}: the database has schema version {current}, newer than this newsdesk "
                    f"knows ({LATEST}); upgrade newsdesk to use it"
                )
            for m in MIGRATIONS:
                if m.version <= current or m.version > target:
                    continue
                with self._begin():
                    self._lock_migrations()
                    if self._current_version() >= m.version:  # another process got there first
                        continue
                    for stmt in getattr(m, self.dialect):
                        self._exec(stmt)
                    self._exec("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (m.version, _now()))

    # -------------------------------------------------------------------------------- writes
    def put_articles(self, articles: Sequence[Article]) -> None:
        self._writing()
        now = _now()
        rows = []
        for a in articles:
            data = to_dict(a)
            data.pop("text", None)  # kept in its own column (indexed for search)
            rows.append((a.id, a.title or "", a.date, a.site, a.url, a.origin.path, a.text, self._json(data), now))
        self._many(
            """INSERT INTO articles (id, title, date, site, url, path, text, data, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET title = excluded.title, date = excluded.date,
                 site = excluded.site, url = excluded.url, path = excluded.path, text = excluded.text,
                 data = excluded.data""",
            rows,
        )

    def replace_groups(self, remove: Iterable[str], groups: Sequence[DuplicateGroup]) -> None:
        self._writing()
        gone = sorted(set(remove) | {g.id for g in groups})
        for chunk in _chunks(gone):
            self._exec(f"DELETE FROM duplicate_groups WHERE id IN ({_marks(len(chunk))})", chunk)
            self._exec(f"DELETE FROM group_members WHERE group_id IN ({_marks(len(chunk))})", chunk)
        self._many(
            "INSERT INTO duplicate_groups (id, representative, data) VALUES (?, ?, ?)",
            [(g.id, g.representative, self._json(to_dict(g))) for g in groups],
        )
        self._many(
            """INSERT INTO group_members (article_id, group_id) VALUES (?, ?)
               ON CONFLICT (article_id) DO UPDATE SET group_id = excluded.group_id""",
            [(m, g.id) for g in groups for m in g.members],
        )

    def put_events(self, events: Sequence[Event], *, stale: bool = True) -> None:
        self._writing()
        now = _now()
        for e in events:
            self._exec(
                """INSERT INTO events (id, date, headline, n_articles, n_sources, data, stale, updated_at)
                   VALUES (?, ?, NULL, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET date = excluded.date, n_articles = excluded.n_articles,
                     n_sources = excluded.n_sources, data = excluded.data, stale = excluded.stale,
                     updated_at = excluded.updated_at""",
                (e.id, e.date, len(e.articles), len(e.sources), self._json(to_dict(e)), int(stale), now),
            )
            self._exec("DELETE FROM event_articles WHERE event_id = ?", (e.id,))
        self._many(
            """INSERT INTO event_articles (article_id, event_id) VALUES (?, ?)
               ON CONFLICT (article_id) DO UPDATE SET event_id = excluded.event_id""",
            [(a, e.id) for e in events for a in e.articles],
        )

    def delete_events(self, event_ids: Iterable[str]) -> None:
        self._writing()
        ids = sorted(set(event_ids))
        for chunk in _chunks(ids):
            m = _marks(len(chunk))
            for table, col in (("events", "id"), ("event_articles", "event_id"), ("briefs", "event_id"),
                               ("event_extras", "event_id")):
                self._exec(f"DELETE FROM {table} WHERE {col} IN ({m})", chunk)

    def put_aliases(self, aliases: Mapping[str, str]) -> None:
        self._writing()
        now = _now()
        for old, new in sorted(aliases.items()):
            if old == new:
                continue
            self._exec("UPDATE event_aliases SET new_id = ? WHERE new_id = ?", (new, old))  # chains stay one hop
            self._exec(
                """INSERT INTO event_aliases (old_id, new_id, replaced_at) VALUES (?, ?, ?)
                   ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id, replaced_at = excluded.replaced_at""",
                (old, new, now),
            )
        live = sorted(set(aliases.values()))
        for chunk in _chunks(live):  # an id that is an event again is no alias
            self._exec(f"DELETE FROM event_aliases WHERE old_id IN ({_marks(len(chunk))})", chunk)

    def resolve_event(self, event_id: str) -> str | None:
        rows = self._all("SELECT new_id FROM event_aliases WHERE old_id = ?", (event_id,))
        return str(rows[0][0]) if rows else None

    def put_brief(self, brief: Brief) -> None:
        self._writing()
        self._exec(
            """INSERT INTO briefs (event_id, data) VALUES (?, ?)
               ON CONFLICT (event_id) DO UPDATE SET data = excluded.data""",
            (brief.event_id, self._json(to_dict(brief))),
        )
        headline = brief.headline.text if brief.headline else None
        self._exec("UPDATE events SET headline = ?, stale = 0 WHERE id = ?", (headline, brief.event_id))

    def put_event_extra(self, event_id: str, field: str, value: Any) -> None:
        self._writing()
        self._exec(
            """INSERT INTO event_extras (event_id, field, data) VALUES (?, ?, ?)
               ON CONFLICT (event_id, field) DO UPDATE SET data = excluded.data""",
            (event_id, field, self._json(value)),
        )

    def put_result_extra(self, field: str, value: Any) -> None:
        self._writing()
        self._exec(
            """INSERT INTO result_extras (field, data) VALUES (?, ?)
               ON CONFLICT (field) DO UPDATE SET data = excluded.data""",
            (field, self._json(value)),
        )

    def put_skipped(self, skipped: Sequence[Skipped], *, article_ids: Sequence[str | None] = ()) -> None:
        self._writing()
        ids = list(article_ids) + [None] * (len(skipped) - len(article_ids))
        rows = []
        seen: set[str] = set()
        for s, aid in zip(skipped, ids):
            # One row per skipped record, the same key when it is skipped again (a re-run replaces
            # it); a second skip of the same record in one batch (a WARC's damage and its count of
            # non-HTML responses, both of the file) adds its reason to the key, so neither is lost.
            parts = [s.path, str(s.record), s.stage, aid or ""]
            key = _digest(parts)
            if key in seen:
                key = _digest([*parts, s.reason])
            seen.add(key)
            rows.append((key, aid, s.path, s.record, s.stage, s.reason, _now()))
        self._many(
            """INSERT INTO skipped (key, article_id, path, record, stage, reason, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET reason = excluded.reason""",
            rows,
        )

    def set_meta(self, key: str, value: str) -> None:
        self._writing()
        self._exec(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # --------------------------------------------------------------------------------- reads
    def get_meta(self, key: str) -> str | None:
        rows = self._all("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found = {r[0] for r in self._in("SELECT id FROM articles WHERE id IN ({ids})", ids)}
        found |= {r[0] for r in self._in("SELECT article_id FROM skipped WHERE article_id IN ({ids})", ids)}
        return found

    def articles(self, ids: Iterable[str]) -> dict[str, Article]:
        out = {}
        for aid, text, data in self._in("SELECT id, text, data FROM articles WHERE id IN ({ids})", ids):
            d = dict(codec.loads(data))
            d["text"] = text
            out[aid] = codec.from_dict(Article, d)
        return out

    def article_ids(self) -> Iterator[str]:
        return iter([r[0] for r in self._all("SELECT id FROM articles ORDER BY seq")])

    def events(self, ids: Iterable[str]) -> dict[str, Event]:
        return {r[0]: codec.from_dict(Event, codec.loads(r[1])) for r in
                self._in("SELECT id, data FROM events WHERE id IN ({ids})", ids)}

    _EVENT_ORDER = "ORDER BY (date IS NULL), date DESC, n_sources DESC, id"

    def list_events(self, *, limit: int | None = None, offset: int = 0) -> list[EventSummary]:
        sql = f"SELECT id, date, headline, n_sources, n_articles, updated_at FROM events {self._EVENT_ORDER}"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        return [EventSummary(*r) for r in self._all(sql, params)]

    def events_between(self, first: str | None, last: str | None, *, undated: bool, limit: int) -> list[Event]:
        dated = "(date IS NOT NULL AND date >= ? AND date <= ?)"
        params: list[Any] = [first or "0000-00-00", last or "9999-99-99"]
        where = f"{dated} OR date IS NULL" if undated else dated
        rows = self._all(f"SELECT data FROM events WHERE {where} {self._EVENT_ORDER} LIMIT ?", [*params, limit])
        return [codec.from_dict(Event, codec.loads(r[0])) for r in rows]

    def event_ids_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        return dict(self._in("SELECT article_id, event_id FROM event_articles WHERE article_id IN ({ids})", article_ids))

    def groups_of(self, article_ids: Iterable[str]) -> dict[str, DuplicateGroup]:
        rows = self._in(
            """SELECT m.article_id, g.data FROM group_members m JOIN duplicate_groups g ON g.id = m.group_id
               WHERE m.article_id IN ({ids})""",
            article_ids,
        )
        return {aid: codec.from_dict(DuplicateGroup, codec.loads(data)) for aid, data in rows}

    def briefs(self, event_ids: Iterable[str]) -> dict[str, Brief]:
        rows = self._in("SELECT event_id, data FROM briefs WHERE event_id IN ({ids})", event_ids)
        return {eid: codec.from_dict(Brief, codec.loads(data)) for eid, data in rows}

    def event_extras(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for eid, field, data in self._in("SELECT event_id, field, data FROM event_extras WHERE event_id IN ({ids})", event_ids):
            out.setdefault(eid, {})[field] = codec.loads(data)
        return out

    def result_extras(self) -> dict[str, Any]:
        return {f: codec.loads(d) for f, d in self._all("SELECT field, data FROM result_extras")}

    def skipped(self, article_ids: Iterable[str] | None = None) -> list[Skipped]:
        cols = "SELECT path, reason, record, stage FROM skipped"
        if article_ids is None:
            rows = self._all(f"{cols} ORDER BY added_at, path, record")
        else:
            rows = self._in(cols + " WHERE article_id IN ({ids})", article_ids)
        return [Skipped(path=p, reason=r, record=rec, stage=st) for p, r, rec, st in rows]

    def stale_events(self) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM events WHERE stale <> 0 ORDER BY id")]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "duplicate_groups", "events", "briefs", "skipped"):
            out[table] = int(self._all(f"SELECT COUNT(*) FROM {table}")[0][0])
        out["stale_events"] = int(self._all("SELECT COUNT(*) FROM events WHERE stale <> 0")[0][0])
        return out

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        raise NotImplementedError

    # ------------------------------------------------------------------------ whole results
    def save_result(self, result: Result) -> None:
        ids = [a.id for a in result.articles]
        with self.transaction():
            old_events = set(self.event_ids_of(ids).values())
            old_groups = {g.id for g in self.groups_of(ids).values()}
            gone = {e: ev.articles for e, ev in self.events(old_events).items() if e not in {n.id for n in result.events}}
            self.delete_events(old_events)
            self.put_aliases(replacement_aliases(gone, result.events))
            self.put_articles(result.articles)
            self.replace_groups(old_groups, result.duplicate_groups)
            self.put_events(result.events, stale=False)
            for b in result.briefs:
                self.put_brief(b)
            per_event, whole = split_extras(result)
            for field, by_event in per_event.items():
                for eid, items in by_event.items():
                    self.put_event_extra(eid, field, items)
            for field, value in whole.items():
                self.put_result_extra(field, value)
            if result.skipped:
                self.put_skipped(result.skipped)

    def load_result(self, event_ids: Sequence[str] | None = None) -> Result:
        everything = event_ids is None
        if event_ids is None:
            event_ids = [e.id for e in self.list_events()]
        events_by_id = self.events(event_ids)
        events = [events_by_id[e] for e in event_ids if e in events_by_id]
        art_ids = [a for e in events for a in e.articles]
        arts = self.articles(art_ids)
        groups = {g.id: g for g in self.groups_of(art_ids).values()}
        briefs = self.briefs([e.id for e in events])
        extras = self.event_extras([e.id for e in events])
        kwargs: dict[str, Any] = {}
        whole = self.result_extras() if everything else {}
        hints = codec._hints(Result)
        for f in dataclasses.fields(Result):
            if f.name in _CORE_FIELDS:
                continue
            items = [x for e in events for x in extras.get(e.id, {}).get(f.name, [])]
            if items:
                kwargs[f.name] = codec._decode(hints[f.name], items)
            elif f.name in whole:
                kwargs[f.name] = codec._decode(hints[f.name], whole[f.name])
        return Result(
            articles=tuple(arts[a] for a in art_ids if a in arts),
            duplicate_groups=tuple(sorted(groups.values(), key=lambda g: g.representative)),
            events=tuple(events),
            briefs=tuple(briefs[e.id] for e in events if e.id in briefs),
            skipped=tuple(self.skipped()) if everything else (),
            **kwargs,
        )


def split_extras(result: Result) -> tuple[dict[str, dict[str, list[Any]]], dict[str, Any]]:
    """Result fields beyond the core ones: per-event items (those with an ``event_id``) and the rest."""
    per_event: dict[str, dict[str, list[Any]]] = {}
    whole: dict[str, Any] = {}
    for f in dataclasses.fields(result):
        if f.name in _CORE_FIELDS:
            continue
        value = getattr(result, f.name)
        if not value:
            continue
        if isinstance(value, (tuple, list)) and all(hasattr(x, "event_id") for x in value):
            for x in value:
                per_event.setdefault(f.name, {}).setdefault(x.event_id, []).append(to_dict(x))
        else:
            whole[f.name] = to_dict(value)
    return per_event, whole
