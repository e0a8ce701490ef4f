"""Read-only queries of the web app, on both backends: bounded search with paging, filtered event
lists, follow-ups, when articles were added, and the values the filters offer.

Added beside :mod:`.sql` (which owns writes and locking) so the web app's reads are in one place.
Every function takes an open :class:`~.sql.SQLStore` and only reads.

Search input is parsed here, never passed to the database's own query language: words,
``"quoted phrases"``, ``OR`` and ``prefix*`` are turned into an FTS5 expression (SQLite) or a
``to_tsquery`` expression (PostgreSQL) built from ``\\w+`` words only, so no input can be a syntax
error. Limits on length and terms are checked first (:class:`QueryError`, a 400 in the web app),
and each query runs under a time limit (:class:`QueryTimeout`).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import NewsdeskError
from .base import MARK_END, MARK_START, EventSummary, SearchHit
from .sql import SQLStore

__all__ = [
    "EventFilter",
    "Query",
    "QueryError",
    "QueryTimeout",
    "SearchPage",
    "added_at",
    "event_dates",
    "facets",
    "filter_events",
    "follow_ups",
    "generation",
    "parse_query",
    "recent_events",
    "search_page",
    "summaries",
]


class QueryError(NewsdeskError, ValueError):
    """A search or filter the store will not run (too long, too many terms, NUL bytes); the
    message says what to change."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""


# ------------------------------------------------------------------------------------- parsing
_PART = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    prefix: bool = False  # last word is a prefix (``luka*``)


@dataclass(frozen=True)
class Query:
    """A parsed search: groups of terms; terms in a group are AND-ed, groups OR-ed."""

    text: str
    groups: tuple[tuple[Term, ...], ...]

    @property
    def empty(self) -> bool:
        return not any(self.groups)

    def fts5(self) -> str:
        def term(t: Term) -> str:
            return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")

        return " OR ".join("(" + " ".join(term(t) for t in g) + ")" for g in self.groups if g)

    def tsquery(self) -> str:
        def term(t: Term) -> str:
            parts = [f"'{w.lower()}'" for w in t.words]
            if t.prefix:
                parts[-1] += ":*"
            return "(" + " <-> ".join(parts) + ")"

        return " | ".join("(" + " & ".join(term(t) for t in g) + ")" for g in self.groups if g)


def parse_query(text: str, *, max_chars: int, max_terms: int) -> Query:
    """Words, ``"phrases"``, ``OR`` and ``word*``; anything else is ignored (punctuation splits words).

    Raises :class:`QueryError` for a NUL byte, more than ``max_chars`` characters or more than
    ``max_terms`` words (each word of a phrase counts).
    """
    if "\x00" in text:
        raise QueryError("The search contains a NUL byte (\\x00); remove it.")
    if len(text) > max_chars:
        raise QueryError(f"The search is {len(text):,} characters long; the limit is {max_chars:,}. Use fewer words.")
    groups: list[list[Term]] = [[]]
    n = 0
    for m in _PART.finditer(text):
        phrase, bare = m.group(1), m.group(2)
        if bare == "OR":
            if groups[-1]:
                groups.append([])
            continue
        source = phrase if phrase is not None else bare
        words = tuple(_WORD.findall(source))
        if not words:
            continue
        prefix = phrase is None and source.rstrip().endswith("*") and len(words) == 1
        if phrase is None and len(words) > 1:  # "can't", "covid-19": words of one token, all required
            terms = [Term(words)]
        else:
            terms = [Term(words, prefix)]
        n += len(words)
        groups[-1].extend(terms)
    if n > max_terms:
        raise QueryError(f"The search has {n} words; the limit is {max_terms}. Use fewer words.")
    return Query(text, tuple(tuple(g) for g in groups if g))


# ---------------------------------------------------------------------------------- time limits
@contextmanager
def _time_limit(store: SQLStore, seconds: float) -> Iterator[None]:
    """Run the block's queries on ``store`` under a time limit; :class:`QueryTimeout` past it.

    SQLite: a progress handler aborts the statement (``interrupted``). PostgreSQL: the block runs
    in a transaction with ``statement_timeout`` set locally. Errors of the database in between
    become :class:`QueryError` (a query the database refused), never a crash.
    """
    deadline = time.monotonic() + seconds
    with store._lock, _past(deadline, seconds):
        if store.dialect == "sqlite":
            conn = store._conn
            conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 200)
            try:
                yield
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    raise QueryTimeout(_timeout_message(seconds)) from None
                raise QueryError(f"The store could not run this search ({exc}); simplify it.") from None
            finally:
                conn.set_progress_handler(None, 0)
            return
        import psycopg

        try:
            with store._conn.transaction():
                store._exec("SELECT set_config('statement_timeout', ?, true)", (str(max(1, int(seconds * 1000))),))
                yield
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(_timeout_message(seconds)) from None
        except (psycopg.DataError, psycopg.ProgrammingError) as exc:
            raise QueryError(f"The store could not run this search ({str(exc).splitlines()[0]}); simplify it.") from None


@contextmanager
def _past(deadline: float, seconds: float) -> Iterator[None]:
    """A block that ends past its deadline is a timeout too (the database's own check is coarse:
    every few hundred SQLite steps, whole milliseconds in PostgreSQL)."""
    yield
    if time.monotonic() > deadline:
        raise QueryTimeout(_timeout_message(seconds))


def _timeout_message(seconds: float) -> str:
    return f"The search took longer than its limit of {seconds:g} s and was stopped; use fewer or rarer words."


# ----------------------------------------------------------------------------------------- search
@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: tuple[SearchHit, ...]
    total: int  # every matching article, not only this page
    limit: int
    offset: int


_SNIPPET_PG = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def search_page(store: SQLStore, text: str, *, limit: int, offset: int, max_chars: int, max_terms: int,
                seconds: float) -> SearchPage:
    """One page of full-text hits (best first) and the number of all hits, under the limits."""
    q = parse_query(text, max_chars=max_chars, max_terms=max_terms)
    if q.empty:
        return SearchPage(text, (), 0, limit, offset)
    with _time_limit(store, seconds):
        if store.dialect == "sqlite":
            match = q.fts5()
            total = int(store._all("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,))[0][0])
            # The page's rows are chosen first and only they get a snippet: snippet() in the ranked
            # query itself would be computed for every matching row before ORDER BY ... LIMIT.
            rows = store._all(
                """WITH page AS (
                       SELECT articles_fts.rowid AS seq, bm25(articles_fts, 4.0, 1.0) AS r
                       FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                       WHERE articles_fts MATCH ? ORDER BY r, a.id LIMIT ? OFFSET ?)
                   SELECT a.id, a.title, a.site, a.date, ea.event_id, e.headline,
                          snippet(articles_fts, 1, ?, ?, '…', 24), page.r
                   FROM articles_fts
                   JOIN page ON page.seq = articles_fts.rowid
                   JOIN articles a ON a.seq = articles_fts.rowid
                   LEFT JOIN event_articles ea ON ea.article_id = a.id
                   LEFT JOIN events e ON e.id = ea.event_id
                   WHERE articles_fts MATCH ? AND articles_fts.rowid IN (SELECT seq FROM page)
                   ORDER BY page.r, a.id""",
                (match, limit, offset, MARK_START, MARK_END, match),
            )
            hits = tuple(SearchHit(*r[:7], rank=-float(r[7])) for r in rows)
        else:
            tsq = q.tsquery()
            total = int(store._all("SELECT COUNT(*) FROM articles WHERE tsv @@ to_tsquery('english', ?)", (tsq,))[0][0])
            # As above: ts_headline (which re-parses the article) only for the page's rows.
            rows = store._all(
                """SELECT p.id, p.title, p.site, p.date, ea.event_id, e.headline,
                          ts_headline('english', p.text, p.q, ?), p.r
                   FROM (SELECT a.seq, a.id, a.title, a.site, a.date, a.text, qq.q, ts_rank(a.tsv, qq.q) AS r
                         FROM (SELECT to_tsquery('english', ?) AS q) AS qq
                         JOIN articles a ON a.tsv @@ qq.q
                         ORDER BY r DESC, a.id LIMIT ? OFFSET ?) AS p
                   LEFT JOIN event_articles ea ON ea.article_id = p.id
                   LEFT JOIN events e ON e.id = ea.event_id
                   ORDER BY p.r DESC, p.id""",
                (_SNIPPET_PG, tsq, limit, offset),
            )
            hits = tuple(SearchHit(*r[:7], rank=float(r[7])) for r in rows)
    return SearchPage(text, hits, total, limit, offset)


# ------------------------------------------------------------------------------------ events
@dataclass(frozen=True)
class EventFilter:
    """What the events list may be narrowed to; empty fields do not filter."""

    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None
    site: str | None = None  # an article of the event is from this site
    entity: str | None = None  # an entity of the event has this canonical name (case-insensitive, substring)
    language: str | None = None  # an article of the event is in this language (ISO 639-1)
    flag: str | None = None  # an article of the event carries this quality flag

    def active(self) -> bool:
        return any(getattr(self, f) for f in ("date_from", "date_to", "site", "entity", "language", "flag"))


_ORDER = "ORDER BY (e.date IS NULL), e.date DESC, e.n_sources DESC, e.id"


def _where(store: SQLStore, f: EventFilter) -> tuple[str, list[Any]]:
    sqlite = store.dialect == "sqlite"
    clauses: list[str] = []
    params: list[Any] = []
    if f.date_from:
        clauses.append("e.date IS NOT NULL AND e.date >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append("e.date IS NOT NULL AND e.date <= ?")
        params.append(f.date_to)
    art: list[str] = []
    if f.site:
        art.append("a.site = ?")
        params.append(f.site)
    if f.language:
        art.append("json_extract(a.data, '$.language') = ?" if sqlite else "a.data->>'language' = ?")
        params.append(f.language)
    if f.flag:
        art.append(
            "EXISTS (SELECT 1 FROM json_each(a.data, '$.flags') fl WHERE json_extract(fl.value, '$.kind') = ?)"
            if sqlite else
            "EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(a.data->'flags', '[]'::jsonb)) fl WHERE fl->>'kind' = ?)"
        )
        params.append(f.flag)
    if art:
        clauses.append("EXISTS (SELECT 1 FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
                       "WHERE ea.event_id = e.id AND " + " AND ".join(art) + ")")
    if f.entity:
        if sqlite:
            clauses.append(
                "EXISTS (SELECT 1 FROM event_extras x, json_each(x.data) an, json_each(an.value, '$.entities') en "
                "WHERE x.event_id = e.id AND x.field = 'analyses' "
                "AND lower(json_extract(en.value, '$.canonical')) LIKE ? ESCAPE '\\')"
            )
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM event_extras x, jsonb_array_elements(x.data) an, "
                "jsonb_array_elements(COALESCE(an->'entities', '[]'::jsonb)) en "
                "WHERE x.event_id = e.id AND x.field = 'analyses' AND lower(en->>'canonical') LIKE ? ESCAPE '\\')"
            )
        params.append("%" + _like(f.entity.lower()) + "%")
    return (" WHERE " + " AND ".join(f"({c})" for c in clauses)) if clauses else "", params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _check_filter(f: EventFilter) -> None:
    for name in ("date_from", "date_to", "site", "entity", "language", "flag"):
        v = getattr(f, name)
        if v is not None and "\x00" in v:
            raise QueryError(f"The filter {name} contains a NUL byte (\\x00); remove it.")
        if v is not None and len(v) > 200:
            raise QueryError(f"The filter {name} is {len(v):,} characters long; the limit is 200.")


def filter_events(store: SQLStore, f: EventFilter, *, limit: int, offset: int,
                  seconds: float = 5.0) -> tuple[list[EventSummary], int]:
    """One page of the events that pass ``f`` (newest first, undated last) and how many pass."""
    _check_filter(f)
    where, params = _where(store, f)
    with _time_limit(store, seconds):
        total = int(store._all(f"SELECT COUNT(*) FROM events e{where}", params)[0][0])
        rows = store._all(
            f"SELECT e.id, e.date, e.headline, e.n_sources, e.n_articles, e.updated_at FROM events e{where} "
            f"{_ORDER} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    return [EventSummary(*r) for r in rows], total


def event_dates(store: SQLStore, f: EventFilter, *, seconds: float = 5.0) -> list[tuple[str, int, int]]:
    """(date, events, independent sources) per dated day of the events that pass ``f``, oldest first."""
    _check_filter(f)
    where, params = _where(store, f)
    cond = " AND e.date IS NOT NULL" if where else " WHERE e.date IS NOT NULL"
    with _time_limit(store, seconds):
        rows = store._all(
            f"SELECT e.date, COUNT(*), SUM(e.n_sources) FROM events e{where}{cond} GROUP BY e.date ORDER BY e.date",
            params,
        )
    return [(str(d), int(n), int(s or 0)) for d, n, s in rows]


def facets(store: SQLStore) -> dict[str, list[str]]:
    """The values the filters can take: sites, languages and flag kinds of stored articles."""
    sqlite = store.dialect == "sqlite"
    sites = [r[0] for r in store._all("SELECT DISTINCT site FROM articles WHERE site IS NOT NULL AND site <> '' ORDER BY site")]
    lang = "json_extract(data, '$.language')" if sqlite else "data->>'language'"
    langs = [r[0] for r in store._all(f"SELECT DISTINCT {lang} AS l FROM articles WHERE {lang} IS NOT NULL ORDER BY l")]
    if sqlite:
        flags_sql = ("SELECT DISTINCT json_extract(fl.value, '$.kind') AS k FROM articles a, json_each(a.data, '$.flags') fl "
                     "ORDER BY k")
    else:
        flags_sql = ("SELECT DISTINCT fl->>'kind' AS k FROM articles a, "
                     "jsonb_array_elements(COALESCE(a.data->'flags', '[]'::jsonb)) fl ORDER BY k")
    flags = [r[0] for r in store._all(flags_sql) if r[0]]
    return {"sites": sites, "languages": langs, "flags": flags}


def follow_ups(store: SQLStore, event_id: str) -> list[EventSummary]:
    """Events whose ``follow_up_of`` is ``event_id`` (oldest first)."""
    col = "json_extract(data, '$.follow_up_of')" if store.dialect == "sqlite" else "data->>'follow_up_of'"
    rows = store._all(
        f"SELECT id, date, headline, n_sources, n_articles, updated_at FROM events WHERE {col} = ? "
        "ORDER BY (date IS NULL), date, id",
        (event_id,),
    )
    return [EventSummary(*r) for r in rows]


def added_at(store: SQLStore, article_ids: Iterable[str]) -> dict[str, str]:
    """article id -> when it was first stored (ISO timestamp, UTC)."""
    return dict(store._in("SELECT id, added_at FROM articles WHERE id IN ({ids})", article_ids))


def summaries(store: SQLStore, event_ids: Sequence[str]) -> dict[str, EventSummary]:
    """event id -> its row of the events list."""
    rows = store._in("SELECT id, date, headline, n_sources, n_articles, updated_at FROM events WHERE id IN ({ids})",
                     event_ids)
    return {r[0]: EventSummary(*r) for r in rows}


def generation(store: SQLStore) -> str:
    """A value that changes whenever the store is written (the cache key of the web app's views):
    the ingest generation, the number of events and the latest event update."""
    meta = store._all("SELECT value FROM meta WHERE key = 'generation'")
    n = store._all("SELECT COUNT(*), MAX(updated_at) FROM events")[0]
    return f"{meta[0][0] if meta else ''}:{n[0]}:{n[1]}"


def recent_events(store: SQLStore, f: EventFilter, *, limit: int, seconds: float = 5.0) -> list[EventSummary]:
    """The events that pass ``f``, most recently updated first (for feeds)."""
    _check_filter(f)
    where, params = _where(store, f)
    with _time_limit(store, seconds):
        rows = store._all(
            f"SELECT e.id, e.date, e.headline, e.n_sources, e.n_articles, e.updated_at FROM events e{where} "
            "ORDER BY e.updated_at DESC, e.id LIMIT ?",
            [*params, limit],
        )
    return [EventSummary(*r) for r in rows]
