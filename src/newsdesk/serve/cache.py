"""The web app's answers kept between requests, and served from before routing.

Every page and JSON twin that is the same for every reader (no CSRF token, no cookie in it) is
kept as bytes per address (path and query string), labelled with the store's *generation* (a
value that changes on every write, :func:`newsdesk.store.queries.generation`):

- **Fresh**: an answer of the current generation is served by :class:`FastPath` before any
  routing or validation (it was valid when it was made), with a strong ``ETag`` (a digest of the
  bytes: ``If-None-Match`` gets a 304, even across writes that left the page unchanged) and, for
  clients that accept it, gzip (compressed once per answer; safe from BREACH-style guessing,
  since no kept answer holds a secret).
- **Stale while revalidating**: after a write, an answer of the generation before is still
  served for at most ``StoreConfig.stale_seconds`` after the new generation was first seen,
  while one background thread makes the fresh one (each address once, at the newest generation).
  Without this every write made hundreds of waiting readers of the same pages queue behind their
  recomputation (the p99 of the load benchmark was that queue). Past the limit, a request
  computes the answer itself and waits for it.
- **Read your writes**: after an upload the generation is read again (by a read started after
  the write), and the browser (or API client) that uploaded gets a short-lived ``newsdesk_wrote``
  cookie with the time that generation was first seen; its requests are answered only with
  answers whose data is at least that new, so the uploader sees its articles at once.
- The generation is read again at most every ``GEN_SECONDS``, in the background (in a thread of
  its own); a request waits for that read only when the last one is over ``GEN_WAIT_SECONDS``
  old (an idle server).

So an answer lags a write by at most ``stale_seconds + GEN_WAIT_SECONDS`` (plus one generation
read); ``tests/test_web.py`` checks that bound, and that the uploader sees its write at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

__all__ = ["WROTE_COOKIE", "Answers", "Entry", "FastPath", "Generations", "feed_key", "wrote_after", "wrote_cookie"]

GEN_SECONDS = 0.25  # the store's generation is read at most this often, in the background
GEN_WAIT_SECONDS = 1.0  # a request waits for a read of the generation only when the last one is older
WROTE_COOKIE = "newsdesk_wrote"  # microseconds since the epoch: when the generation of this browser's last write was seen
GZIP_MIN = 1024  # smaller answers are sent as they are
MAX_BYTES = 128 * 1024 * 1024  # kept answers in all (their gzipped copies add about a quarter), oldest used go first
_KEEP_GENERATIONS = 256


def _wall_us() -> int:
    return int(time.time() * 1_000_000)


def wrote_cookie(at_us: int, stale_seconds: float) -> str:
    """The Set-Cookie value telling later requests of this browser to want data at least this new
    (kept only as long as a stale answer could be served)."""
    keep = int(stale_seconds + GEN_WAIT_SECONDS) + 3
    return f"{WROTE_COOKIE}={at_us}; Max-Age={keep}; Path=/; HttpOnly; SameSite=Strict"


def wrote_after(cookie_header: str) -> int:
    """The write time (us) in a request's ``newsdesk_wrote`` cookie, 0 when there is none (or junk)."""
    at = cookie_header.find(WROTE_COOKIE + "=")
    if at < 0:
        return 0
    value = cookie_header[at + len(WROTE_COOKIE) + 1:].split(";", 1)[0].strip().strip('"')
    return int(value) if value.isdigit() and len(value) <= 18 else 0


class Generations:
    """The store's generation as last read, with when each value was first seen.

    ``read`` (a blocking call, run in a thread) returns the current generation."""

    def __init__(self, read: Callable[[], str], every: float = GEN_SECONDS) -> None:
        self._read = read
        self.every = every
        self.value: str | None = None
        self._checked = -1e18  # monotonic time the last read started
        self._first_seen: OrderedDict[str, int] = OrderedDict()  # generation -> wall us when first seen
        self._ended: dict[str, float] = {}  # generation -> monotonic time its successor was first seen
        self._task: asyncio.Future[str] | None = None
        self._task_started = -1e18
        # a thread of its own: the read must not queue behind pages being made (a stall of all)
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-generation")

    def first_seen_us(self, gen: str) -> int:
        return self._first_seen.get(gen, 0)

    def stale_for(self, gen: str) -> float:
        """Seconds since a newer generation than ``gen`` was first seen (0 while ``gen`` is current)."""
        if gen == self.value:
            return 0.0
        ended = self._ended.get(gen)
        return float("inf") if ended is None else time.monotonic() - ended

    def _set(self, value: str, started: float) -> None:
        if started < self._checked:
            return  # an older read finishing late
        self._checked = started
        if value != self.value:
            now = time.monotonic()
            if self.value is not None:
                self._ended[self.value] = now
            self._ended.pop(value, None)
            self.value = value
            self._first_seen.setdefault(value, _wall_us())
            while len(self._first_seen) > _KEEP_GENERATIONS:
                old, _ = self._first_seen.popitem(last=False)
                self._ended.pop(old, None)

    def _start(self) -> asyncio.Future[str]:
        self._task_started = time.monotonic()
        self._task = asyncio.ensure_future(self._check())
        self._task.add_done_callback(_retrieved)  # a failed background read is reported by the next waiting one
        return self._task

    async def check(self, after: float | None = None) -> str:
        """Read the generation now (one read at a time: concurrent callers share it); with
        ``after`` (a monotonic time), by a read started after it (after a write: its generation)."""
        while True:
            task = self._task
            if task is not None and not task.done():
                if after is None or self._task_started >= after:
                    return await asyncio.shield(task)
                with contextlib.suppress(Exception):
                    await asyncio.shield(task)  # started too early: wait for it, then read again
                continue
            return await asyncio.shield(self._start())

    async def _check(self) -> str:
        started = time.monotonic()
        value = await asyncio.get_running_loop().run_in_executor(self._reader, self._read)
        self._set(value, started)
        return self.value or value

    async def current(self) -> str:
        """The generation to answer with: the last read, read again in the background when due,
        waited for when there is none yet or the last read is over ``GEN_WAIT_SECONDS`` old."""
        age = time.monotonic() - self._checked
        if self.value is None or age > max(GEN_WAIT_SECONDS, 2 * self.every):
            return await self.check()
        if age > self.every and (self._task is None or self._task.done()):
            self._start()
        return self.value

    def known(self) -> str | None:
        """The generation as last read, starting a background read when due (never waits)."""
        age = time.monotonic() - self._checked
        if self.value is not None and age > self.every and (self._task is None or self._task.done()):
            self._start()
        return self.value if age <= max(GEN_WAIT_SECONDS, 2 * self.every) else None

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._reader.shutdown(wait=False, cancel_futures=True)


@dataclass
class Entry:
    """One kept answer: its bytes and what serving them needs."""

    gen: str
    body: bytes
    ctype: bytes
    etag: bytes
    made_us: int  # wall us: the data is at least this new (when its generation was first seen)
    refresh: Callable[[], Awaitable[Any]] | None = None
    extra: Any = None  # the event page's view (who has seen what)
    born: float = 0.0  # when it was made (monotonic)
    gz: bytes | None = field(default=None, repr=False)

    def gzipped(self) -> bytes:
        if self.gz is None:
            self.gz = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self.gz


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


class Answers:
    """Kept answers by address, the oldest used going first, and the background refresher."""

    def __init__(self, generations: Generations, *, size: int, stale_seconds: float, max_bytes: int = MAX_BYTES) -> None:
        self.gens = generations
        self.size = size
        self.max_bytes = max_bytes
        self._bytes = 0
        self.stale_seconds = stale_seconds
        self._items: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[tuple[str, str], asyncio.Future[Entry | None]] = {}
        self._pending: set[str] = set()
        self._queue: asyncio.Queue[str] | None = None
        self._worker: asyncio.Task[None] | None = None
        self.refresher: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-refresh")
        self.refreshed = 0  # answers made again in the background (for tests and benchmarks)

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> Entry:
        with self._lock:
            old = self._items.get(key)
            if old is not None and old.made_us > entry.made_us:
                return old  # a newer answer came first
            if old is not None and old.etag == entry.etag:
                entry.body, entry.gz = old.body, old.gz  # unchanged: keep the compressed copy too
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = entry
            self._items.move_to_end(key)
            self._bytes += len(entry.body)
            while len(self._items) > 1 and (len(self._items) > self.size or self._bytes > self.max_bytes):
                _, gone = self._items.popitem(last=False)
                self._bytes -= len(gone.body)
            return entry

    def usable(self, entry: Entry, gen: str | None, wrote_us: int) -> tuple[bool, bool]:
        """(serve it, refresh it in the background now).

        A stale answer is remade at most once per half ``stale_seconds`` (writes coming faster
        than that are taken together): the remaking is queued within half the bound of the write,
        which leaves the other half for the queue."""
        if gen is None or entry.made_us < wrote_us:
            return False, False
        if entry.gen == gen:
            return True, False
        if self.gens.stale_for(entry.gen) <= self.stale_seconds:
            return True, time.monotonic() - entry.born >= self.stale_seconds / 2
        return False, False

    async def answer(self, key: str, make: Callable[[str], Any], *, ctype: bytes, wrote_us: int = 0,
                     executor: Executor | None = None) -> Entry | None:
        """The kept answer for ``key`` if it may be served (scheduling a refresh when stale), else
        ``make(generation)`` run in a thread, kept and returned. ``make`` gives the bytes, or
        ``(bytes, extra)`` (kept as ``Entry.extra``), or None (nothing to keep, e.g. a 404).
        Concurrent requests for one address and generation share one run."""
        gen = await self.gens.current()
        entry = self.get(key)
        if entry is not None:
            ok, again = self.usable(entry, gen, wrote_us)
            if ok:
                if again:
                    self.refresh_later(key, entry)
                return entry
        return await self._make(key, gen, make, ctype, executor)

    async def _make(self, key: str, gen: str, make: Callable[[str], Any], ctype: bytes,
                    executor: Executor | None) -> Entry | None:
        fut = self._inflight.get((key, gen))
        if fut is not None:
            return await asyncio.shield(fut)
        loop = asyncio.get_running_loop()
        fut = self._inflight[(key, gen)] = loop.create_future()
        try:
            def work() -> Entry | None:
                made = make(gen)
                if made is None:
                    return None
                body, extra = made if isinstance(made, tuple) else (made, None)
                return Entry(gen, body, ctype, etag_of(body), self.gens.first_seen_us(gen), extra=extra,
                             born=time.monotonic())

            entry = await loop.run_in_executor(executor, work)
            if entry is not None:
                async def again() -> Any:
                    return await self._make(key, self.gens.value or gen, make, ctype, self.refresher)

                entry.refresh = again
                entry = self.put(key, entry)
        except BaseException as exc:
            fut.set_exception(exc)
            fut.exception()  # retrieved: no "never retrieved" warning when no one else waited
            raise
        else:
            fut.set_result(entry)
            return entry
        finally:
            self._inflight.pop((key, gen), None)

    def refresh_later(self, key: str, entry: Entry) -> None:
        """Queue ``key`` for the background refresher (once, however many readers saw it stale)."""
        if key in self._pending or entry.refresh is None:
            return
        if self._queue is None:
            self._queue = asyncio.Queue()
        if self._worker is None or self._worker.done():
            self._worker = asyncio.ensure_future(self._refresh_loop())
        self._pending.add(key)
        self._queue.put_nowait(key)

    async def _refresh_loop(self) -> None:
        assert self._queue is not None
        while True:
            key = await self._queue.get()
            try:
                entry = self.get(key)
                if entry is not None and entry.refresh is not None and entry.gen != self.gens.value:
                    await entry.refresh()
                    self.refreshed += 1
            except Exception:  # noqa: BLE001, S110 - the next request of this address computes it and reports the error
                pass
            finally:
                self._pending.discard(key)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self.gens.close()
        self.refresher.shutdown(wait=False, cancel_futures=True)


class FastPath:
    """Answers a GET from :class:`Answers` before routing (see the module's text). Event pages
    carry each reader's "since your last visit" note and cookie: a kept event page is served only
    to a reader who has not seen the event, with the cookie that records the visit (``on_visit``);
    the others go to their route."""

    SKIP = ("/upload", "/static/", "/docs", "/api/csrf", "/openapi.json", "/api/upload", "/redoc")

    def __init__(self, app: Any, *, answers: Answers,
                 on_visit: Callable[[str, str], bytes | None] | None = None) -> None:
        self.app = app
        self.answers = answers
        self.on_visit = on_visit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(self.SKIP):
            await self.app(scope, receive, send)
            return
        if path == "/feed.xml":
            key = feed_key(scope)
        else:
            key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        entry = self.answers.get(key)
        if entry is None:
            await self.app(scope, receive, send)
            return
        cookie = _header(scope, b"cookie").decode("latin-1")
        gen = self.answers.gens.known()
        if gen is None:  # the last read of the generation is too old: wait for the one under way
            gen = await self.answers.gens.current()
        ok, again = self.answers.usable(entry, gen, wrote_after(cookie))
        if not ok:
            await self.app(scope, receive, send)
            return
        if again:
            self.answers.refresh_later(key, entry)
        zipped = len(entry.body) >= GZIP_MIN and b"gzip" in _header(scope, b"accept-encoding")
        etag = entry.etag[:-1] + b'-gz"' if zipped else entry.etag  # a strong ETag per representation
        headers = [(b"etag", etag), (b"cache-control", b"no-cache"), (b"vary", b"Accept-Encoding, Cookie")]
        if entry.extra is not None:  # an event page
            set_cookie = self.on_visit(entry.extra, cookie) if self.on_visit else None
            if set_cookie is None:
                await self.app(scope, receive, send)
                return
            headers.append((b"set-cookie", set_cookie))
        if etag in _header(scope, b"if-none-match"):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = entry.body
        if zipped:
            body = entry.gzipped()
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", entry.ctype), (b"content-length", str(len(body)).encode()),
                                *headers]})
        await send({"type": "http.response.body", "body": body})


def feed_key(scope: Any) -> str:
    """The kept feed's key: its links are absolute, so the address it was asked at is in it."""
    from starlette.requests import Request

    request = Request(scope)
    base = str(request.base_url)
    return f"feed:{base}:{str(request.url).removeprefix(base.rstrip('/'))}"


def _retrieved(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled():
        fut.exception()


def _header(scope: Any, name: bytes) -> bytes:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v  # type: ignore[no-any-return]
    return b""
