"""The :class:`Store` interface every backend implements, and what its queries return.

A store keeps articles (kept and removed paragraphs), duplicate groups, events, briefs and the
per-event extras of a :class:`~newsdesk.model.Result` (cross-source facts). Writes happen inside
``with store.transaction():`` blocks, so a batch is either stored whole or not at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Self

from ..model import Article, Brief, DuplicateGroup, Event, Result, Skipped

__all__ = ["EventSummary", "SearchHit", "Store"]


def replacement_aliases(gone: Mapping[str, Sequence[str]], events: Sequence[Event]) -> dict[str, str]:
    """Each replaced event id -> the new event holding most of its articles (ties: the event
    holding its earliest-listed article), so links to the old id keep working."""
    event_of = {a: e.id for e in events for a in e.articles}
    out: dict[str, str] = {}
    for old, members in gone.items():
        votes: dict[str, int] = {}
        for a in members:
            if a in event_of:
                votes[event_of[a]] = votes.get(event_of[a], 0) + 1
        if votes:
            out[old] = max(votes, key=lambda e: votes[e])  # dict order: first-seen wins a tie
    return out


@dataclass(frozen=True)
class EventSummary:
    """One row of the events list."""

    id: str
    date: str | None
    headline: str | None
    n_sources: int
    n_articles: int
    updated_at: str


@dataclass(frozen=True)
class SearchHit:
    """An article matching a full-text query. ``snippet`` marks matched words with \\x02...\\x03."""

    article_id: str
    title: str
    site: str | None
    date: str | None
    event_id: str | None
    headline: str | None
    snippet: str
    rank: float


MARK_START, MARK_END = "\x02", "\x03"


class Store(ABC):
    """Articles, duplicate groups, events, briefs and facts in one database.

    Open one with :func:`newsdesk.store.open_store`. Instances are safe to share between threads
    (operations are serialised); use as a context manager to close.
    """

    url: str

    # ------------------------------------------------------------------ lifecycle, transactions
    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Everything written inside the block commits together, or not at all."""

    # ------------------------------------------------------------------------------- writes
    @abstractmethod
    def put_articles(self, articles: Sequence[Article]) -> None:
        """Insert or update (by id) cleaned articles."""

    @abstractmethod
    def replace_groups(self, remove: Iterable[str], groups: Sequence[DuplicateGroup]) -> None:
        """Delete the groups with ids in ``remove``, then store ``groups``."""

    @abstractmethod
    def put_events(self, events: Sequence[Event], *, stale: bool = True) -> None:
        """Insert or update events and their membership; ``stale`` marks the brief out of date."""

    @abstractmethod
    def delete_events(self, event_ids: Iterable[str]) -> None: ...

    @abstractmethod
    def put_aliases(self, aliases: Mapping[str, str]) -> None:
        """Remember that each replaced event id (key) now lives on as another event (value);
        aliases that pointed at a replaced id are moved along, and an id that is an event again
        stops being an alias."""

    @abstractmethod
    def resolve_event(self, event_id: str) -> str | None:
        """The id of the stored event an old event id now lives on as, or None."""

    @abstractmethod
    def put_brief(self, brief: Brief) -> None:
        """Store an event's brief (and its headline for listings); the event is no longer stale."""

    @abstractmethod
    def put_event_extra(self, event_id: str, field: str, value: Any) -> None:
        """Store a per-event extra of the result (JSON-able data, e.g. ``to_dict(EventAnalysis)``)."""

    @abstractmethod
    def put_result_extra(self, field: str, value: Any) -> None: ...

    def lock_writers(self) -> None:
        """Inside a transaction: wait until no other writer of this store is in one (SQLite's
        ``BEGIN IMMEDIATE`` already does; PostgreSQL takes an advisory transaction lock)."""

    @abstractmethod
    def put_skipped(self, skipped: Sequence[Skipped], *, article_ids: Sequence[str | None] = ()) -> None:
        """Remember skipped records (``article_ids``: the id a skipped article had, if any)."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    # -------------------------------------------------------------------------------- reads
    @abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abstractmethod
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that are stored as articles or were skipped before."""

    @abstractmethod
    def articles(self, ids: Iterable[str]) -> dict[str, Article]: ...

    def article(self, article_id: str) -> Article | None:
        return self.articles([article_id]).get(article_id)

    @abstractmethod
    def article_ids(self) -> Iterator[str]: ...

    @abstractmethod
    def events(self, ids: Iterable[str]) -> dict[str, Event]: ...

    def event(self, event_id: str) -> Event | None:
        return self.events([event_id]).get(event_id)

    @abstractmethod
    def list_events(self, *, limit: int | None = None, offset: int = 0) -> list[EventSummary]:
        """Events newest first (undated last)."""

    @abstractmethod
    def events_between(self, first: str | None, last: str | None, *, undated: bool, limit: int) -> list[Event]:
        """Events dated within ``[first, last]`` (ISO dates; None: unbounded), plus undated ones if asked."""

    @abstractmethod
    def event_ids_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article id -> id of the event it belongs to."""

    @abstractmethod
    def groups_of(self, article_ids: Iterable[str]) -> dict[str, DuplicateGroup]:
        """article id -> its duplicate group (only for articles that have one)."""

    @abstractmethod
    def briefs(self, event_ids: Iterable[str]) -> dict[str, Brief]: ...

    def brief(self, event_id: str) -> Brief | None:
        return self.briefs([event_id]).get(event_id)

    @abstractmethod
    def event_extras(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """event id -> {field: JSON data}."""

    @abstractmethod
    def result_extras(self) -> dict[str, Any]: ...

    @abstractmethod
    def skipped(self, article_ids: Iterable[str] | None = None) -> list[Skipped]:
        """Skipped records (only those of ``article_ids`` when given)."""

    @abstractmethod
    def stale_events(self) -> list[str]: ...

    @abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over article titles and kept text, best first."""

    @abstractmethod
    def counts(self) -> dict[str, int]: ...

    # ---------------------------------------------------------------------- whole results
    @abstractmethod
    def save_result(self, result: Result) -> None:
        """Store a whole pipeline result (one transaction)."""

    @abstractmethod
    def load_result(self, event_ids: Sequence[str] | None = None) -> Result:
        """A :class:`Result` of the given events (all when None), their articles, groups and briefs."""
