"""The web app's database access: a pool of read connections, and one queued writer.

Reads never share one connection: each request borrows a store of its own from
:class:`StorePool` (``read_connections`` of them, each with its own connection; SQLite in WAL mode
with a busy timeout, so readers never wait for a writer; PostgreSQL, one server connection each),
and gives it back when done. A pool of :class:`~newsdesk.store.Store` objects rather than of raw
connections (psycopg_pool) because the store's queries live on the Store; this works for both
backends unchanged.

Writes (uploads) go through :class:`Writer`: one job at a time, in the order they came, in a
process of its own at lower CPU priority (so reading and analysing an upload, which is CPU-bound
Python, never holds the web process's GIL, and yields the CPU to pages being served; SQLite's WAL
lets pages read while it writes). A job
that meets a database lock held by another process (an ``ingest`` run holding SQLite's write lock
past its busy timeout) is retried until ``WRITE_WAIT_SECONDS``, then answered with :class:`Busy`
(a 503 with Retry-After), never a 500. A store that cannot be opened twice (SQLite ``:memory:``)
is written from a thread instead.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from ..config import Config
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
                except Exception:  # noqa: BLE001, S110 - closing at shutdown: nothing left to tell
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


def retry_locked(job: Callable[[], T], wait_seconds: float = WRITE_WAIT_SECONDS) -> T:
    """Run ``job``; while it fails on another writer's lock, wait and run it again (up to
    ``wait_seconds`` in all), then :class:`Busy`."""
    deadline = time.monotonic() + wait_seconds
    pause = 0.5
    while True:
        try:
            return job()
        except Exception as exc:
            if not _locked(exc):
                raise
            if time.monotonic() + pause > deadline:
                raise Busy(f"the store stayed locked by another writer for {wait_seconds:g} s") from exc
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


WRITER_NICE = 10  # the upload worker's CPU priority below the web process's (see _background)


def _background() -> None:
    """Lower the upload worker's CPU priority: an ingest is background work of seconds, a page is
    awaited by a reader. On a machine with fewer cores than busy processes the pages then get the
    CPU first and the upload takes what is left (it is slower only while pages are being served)."""
    import os

    try:
        os.nice(WRITER_NICE)
    except (AttributeError, OSError):  # pragma: no cover - no nice() (Windows) or not allowed
        pass


# One store per database URL in the writer process, kept open between jobs (its snapshot cache stays warm).
_WRITER_STORES: dict[str, Store] = {}


def _in_process(fn: Callable[..., T], url: str, *args: object) -> T:
    st = _WRITER_STORES.get(url)
    if st is None:
        st = _WRITER_STORES[url] = open_store(url)
    return fn(st, *args)


# A team-written story for the warm-up run (never stored: it goes to a throw-away in-memory store).
_WARM_TEXT = (
    "Harbour office reopens\n\nVELD, 4 November 2025 - The harbour office of the small town of Veld reopened on "
    "Tuesday after a month of repairs to its roof, the town council said. The office sells tickets for the island "
    "ferry and keeps the tide tables, and its staff had worked from the library while builders replaced the tiles. "
    "Council leader Anna Berg said the work had cost less than planned and had finished a week early.\n"
)


def _ready(_: Store, config: Config) -> None:
    """Warm the worker: one ingest of a small story into an in-memory store loads everything an
    upload needs (the pipeline's modules, the spaCy model), so the first real upload is not slow."""
    import tempfile
    from pathlib import Path

    from ..ingest import read_any
    from ..store import ingest_articles

    with tempfile.TemporaryDirectory(prefix="newsdesk-warm-") as tmp:
        path = Path(tmp) / "warm-up.txt"
        path.write_text(_WARM_TEXT, encoding="utf-8")
        read = read_any([path], config=config.ingest)
        with open_store(":memory:") as mem:
            ingest_articles(mem, list(read.articles), config=config)


class Writer:
    """Runs write jobs ``fn(store, *args)`` one at a time, in arrival order.

    ``process=True``: in one worker process that keeps its own store of ``url`` open; otherwise
    in one thread on ``store`` (or a store of ``url`` opened on first use).
    """

    def __init__(self, url: str, *, store: Store | None = None, process: bool = True) -> None:
        self.url = url
        self.process = process
        self._store = store
        self._own = store is None
        self._exec: Executor = self._new_executor()
        self.pending = 0

    def _new_executor(self) -> Executor:
        if self.process:
            import multiprocessing

            # spawn: a fresh interpreter (forking a threaded server process is unsafe)
            return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_background)
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-writer")

    def _in_thread(self, fn: Callable[..., T], *args: object) -> T:
        if self._store is None:
            self._store = open_store(self.url)
        return fn(self._store, *args)

    async def submit(self, fn: Callable[..., T], *args: object) -> T:
        """Queue ``fn(store, *args)``; wait for its turn and answer without blocking the event loop."""
        from concurrent.futures.process import BrokenProcessPool

        self.pending += 1
        try:
            if self.process:
                fut = self._exec.submit(_in_process, fn, self.url, *args)
            else:
                fut = self._exec.submit(self._in_thread, fn, *args)
            return await asyncio.wrap_future(fut)
        except BrokenProcessPool:
            self._exec = self._new_executor()  # the worker died (killed, out of memory): a new one next time
            raise Busy("the upload worker stopped while ingesting this upload (out of memory?)") from None
        finally:
            self.pending -= 1

    def warm(self, config: Config) -> None:
        """Start the worker process now and load the pipeline (seconds) rather than at the first upload."""
        if self.process:
            self._exec.submit(_in_process, _ready, self.url, config)

    def close(self) -> None:
        self._exec.shutdown(wait=True, cancel_futures=True)
        if self._store is not None and self._own:
            self._store.close()
