"""The web app's database access: a pool of read connections, and one queued writer.

Reads never share one connection: each request borrows a store of its own from
:class:`StorePool` (``read_connections`` of them, each with its own connection; SQLite in WAL mode
with a busy timeout, so readers never wait for a writer; PostgreSQL, one server connection each),
and gives it back when done. A pool of :class:`~newsdesk.store.Store` objects rather than of raw
connections (psycopg_pool) because the store's queries live on the Store; this works for both
backends unchanged.

Writes (uploads) go through :class:`Writer`: one thread, one store, one job at a time, in the order
they came. A job that meets a database lock held by another process (an ``ingest`` run holding
SQLite's write lock past its busy timeout) is retried until ``WRITE_WAIT_SECONDS``, then answered
with :class:`Busy` (a 503 with Retry-After), never a 500.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from ..store import Store, open_store

__all__ = ["Busy", "StorePool", "Writer"]

T = TypeVar("T")

WRITE_WAIT_SECONDS = 300.0  # how long an upload waits for another process's write lock in all
BORROW_WAIT_SECONDS = 30.0  # how long a request waits for a free read connection


class Busy(Exception):
    """The store stayed locked by another writer (or every connection stayed busy) too long."""


class StorePool:
    """Up to ``size`` open stores over one database, lent to one request at a time.

    Stores are opened when first needed. Given an already open ``store`` whose database cannot be
    opened again (SQLite ``:memory:``), that store is the only one and requests share it (its own
    lock serialises them).
    """

    def __init__(self, url: str, size: int, *, first: Store | None = None, own_first: bool = True) -> None:
        self.url = url
        self.size = size
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._own_first = own_first
        self.shared = url in (":memory:", "") or url.endswith("/:memory:")
        self._first = first
        if first is not None:
            self._opened.append(first)
            self._idle.put(first)

    def _open(self) -> Store | None:
        with self._lock:
            if self.shared or len(self._opened) >= self.size:
                return None
            st = open_store(self.url)
            self._opened.append(st)
            return st

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        if self.shared and self._first is not None:
            yield self._first
            return
        try:
            st = self._idle.get_nowait()
        except queue.Empty:
            st = self._open() or self._wait()
        try:
            yield st
        finally:
            self._idle.put(st)

    def _wait(self) -> Store:
        try:
            return self._idle.get(timeout=BORROW_WAIT_SECONDS)
        except queue.Empty:
            raise Busy(f"every one of the {self.size} read connections stayed busy for {BORROW_WAIT_SECONDS:g} s") from None

    def close(self) -> None:
        with self._lock:
            for st in self._opened:
                if st is self._first and not self._own_first:
                    continue
                try:
                    st.close()
                except Exception:  # noqa: BLE001 - closing at shutdown: nothing left to tell
                    pass
            self._opened.clear()


def _locked(exc: BaseException) -> bool:
    """An error that means another writer holds the database (worth waiting and trying again)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.OperationalError) and ("locked" in str(seen) or "busy" in str(seen)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Writer:
    """One thread that runs write jobs in arrival order on its own store."""

    def __init__(self, open_writer: Callable[[], Store], *, wait_seconds: float = WRITE_WAIT_SECONDS) -> None:
        self._open_writer = open_writer
        self._store: Store | None = None
        self._exec = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-writer")
        self.wait_seconds = wait_seconds
        self.pending = 0

    def _run(self, job: Callable[[Store], T]) -> T:
        if self._store is None:
            self._store = self._open_writer()
        deadline = time.monotonic() + self.wait_seconds
        pause = 0.5
        while True:
            try:
                return job(self._store)
            except Exception as exc:
                if not _locked(exc) or time.monotonic() + pause > deadline:
                    if _locked(exc):
                        raise Busy(f"the store stayed locked by another writer for {self.wait_seconds:g} s") from exc
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 5.0)

    async def submit(self, job: Callable[[Store], T]) -> T:
        """Queue ``job``; wait for its turn and its answer without blocking the event loop."""
        self.pending += 1
        try:
            return await asyncio.wrap_future(self._exec.submit(self._run, job))
        finally:
            self.pending -= 1

    def close(self, *, own: bool = True) -> None:
        self._exec.shutdown(wait=True)
        if self._store is not None and own:
            self._store.close()

