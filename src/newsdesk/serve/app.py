"""The web app: pages (Jinja2, autoescaped) and their JSON twins under ``/api`` (FastAPI).

``create_app(db)`` builds the app over one store; ``newsdesk serve`` runs it with uvicorn.
Article text is untrusted: templates autoescape everything, the fragments built in Python
(:mod:`.markup`, :mod:`.charts`) escape before they add tags, only http(s) URLs become links,
and the Content-Security-Policy allows no script at all (:mod:`.security`). Each request reads
through a database connection of its own and uploads are queued for one writer (:mod:`.pool`).
Uploads are limited to ``StoreConfig.max_upload_bytes`` (413 past it, checked while the body
streams in); searches to ``max_query_chars`` / ``max_query_terms`` and ``search_seconds``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..config import Config
from ..errors import InputError
from ..model import Span
from ..store import Store, open_store
from ..store import queries as q
from . import charts, views
from .ask import ask_view
from .cache import Answers, FastPath, Generations, feed_key, wrote_after, wrote_cookie
from .feed import atom_feed
from .limits import UploadLimit
from .markup import article_parts, snippet
from .pool import Busy, StorePool, Writer
from .security import Guard, WriteRefused
from .uploads import UploadError, collect, run_upload

__all__ = ["create_app"]

log = logging.getLogger("newsdesk.serve")
HERE = Path(__file__).resolve().parent
PAGE_SIZE = 50  # events per page of the events list
HITS_PER_PAGE = 20  # search hits per page
MAX_OFFSET = 1_000_000  # paging further than this is refused (400)
MAX_PAGE = MAX_OFFSET // PAGE_SIZE
SEEN_COOKIE = "newsdesk_seen"  # event key (views: visit_key) -> UNIX time of the last visit ("what changed")
SEEN_KEEP = 40  # events remembered in that cookie
_SEEN_ITEM = re.compile(r"([A-Za-z0-9._-]{1,100}):(\d{1,12})")
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_CACHE_SIZE = 2048
_CTYPES = {"api": b"application/json", "feed": b"application/atom+xml; charset=utf-8"}


Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
DateArg = Annotated[str | None, Query(pattern=_DATE + "|^$", description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=200)]


class _Views:
    """Answers and views kept per (key, store generation): any write makes a new generation, so
    nothing stale is served; the oldest entries go first. Shared by the event loop and worker
    threads, hence the lock (never held while a value is computed)."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: tuple[str, str]) -> Any:
        with self._lock:
            return self._items.get(key)

    def put(self, key: tuple[str, str], value: Any) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)

    def get(self, key: tuple[str, str], make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        self.put(key, value)
        return value


class _Desk(FastAPI):
    """FastAPI with :class:`~.security.Guard` and :class:`~.cache.FastPath` in front (``front``)."""

    front: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.front is None:
            await super().__call__(scope, receive, send)
        else:
            await self.front(scope, receive, send)


def create_app(db: str | None = None, *, config: Config = Config(), store: Store | None = None,
               allow_hosts: tuple[str, ...] = (), token: str | None = None, isolate_writes: bool = True,
               secret: bytes | None = None) -> FastAPI:
    """A FastAPI app over the store at ``db`` (or an open ``store``, which the caller closes).

    ``allow_hosts``: host names answered besides the loopback ones ("*": any). ``token``: an
    access token every write must carry (required by ``newsdesk serve`` on a non-loopback address).
    ``isolate_writes``: ingest uploads in a worker process (False: in a thread of this one).
    ``secret``: the key of the CSRF tokens (random by default; server processes that share one
    address must share it).
    """
    sc = config.store
    own = store is None
    first: Store = store if store is not None else open_store(db)
    pool = StorePool(first.url, sc.read_connections, first=first, own_first=own)
    writer = Writer(first.url, store=first if pool.shared else None, process=isolate_writes and not pool.shared)
    cache = _Views()
    marked = _Views()  # article bodies marked up (markup.article_parts), by text and cited spans
    gens = Generations(lambda: read(q.generation))
    answers = Answers(gens, size=_CACHE_SIZE, stale_seconds=sc.stale_seconds)

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        writer.warm(config)
        yield
        answers.close()
        writer.close()
        pool.close()

    app = _Desk(
        title="newsdesk",
        version="1",
        description="Cited event briefs from noisy news articles. Every page has a JSON twin under /api; "
        "the guide is at /docs (and docs/web.md).",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: /docs is a server-rendered guide
        redoc_url=None,
    )
    app.state.pool = pool
    app.state.writer = writer
    app.state.answers = answers
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the package's own templates: no stat() of the file on every page
    )
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(UploadLimit, limit=sc.max_upload_bytes, paths=("/upload", "/api/upload"),
                       seconds=sc.client_seconds)
    guard = Guard(None, allow_hosts=allow_hosts, token=token, secret=secret)  # the write checks; the middleware shares its secret

    def on_visit(v: dict[str, Any], cookie: str) -> bytes | None:
        """The Set-Cookie recording a first visit of this event's page (None: the reader has seen it)."""
        seen = _seen(_cookie_value(cookie, SEEN_COOKIE))
        if v["visit_key"] in seen:
            return None
        seen[v["visit_key"]] = time.time()
        return _seen_cookie(seen).encode("latin-1")

    # outermost, in front of FastAPI's own middleware: a kept answer skips its error, body-limit and
    # routing layers (about half of the CPU of such a request); errors past the guard still get them
    app.front = Guard(FastPath(functools.partial(FastAPI.__call__, app), answers=answers, on_visit=on_visit),
                      allow_hosts=allow_hosts, token=token, secret=guard.secret)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        state = request.scope.get("state", {})
        context = {"csrf": guard.csrf_token(request.scope), "needs_token": state.get("needs_token", False), **context}
        return templates.TemplateResponse(request, name, context, status_code=status)

    def error(request: Request, status: int, title: str, message: str, headers: dict[str, str] | None = None) -> Response:
        if is_api(request) or request.url.path == "/feed.xml":
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        return page(request, "error.html", {"title": title, "message": message}, status=status)

    # ----------------------------------------------------------------------------- errors
    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ())[1:]) or "request"
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return error(request, 400, "Bad request", "; ".join(parts) or "invalid request")

    @app.exception_handler(q.QueryError)
    async def bad_query(request: Request, exc: q.QueryError) -> Response:
        return error(request, 400, "Search not run", str(exc))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        return error(request, 503, "Busy", f"The desk is busy ({exc}); try again in a minute.", {"Retry-After": "30"})

    @app.exception_handler(WriteRefused)
    async def refused(request: Request, exc: WriteRefused) -> Response:
        return error(request, exc.status, "Not allowed", exc.message)

    @app.exception_handler(UploadError)
    async def bad_upload(request: Request, exc: UploadError) -> Response:
        return error(request, 400, "Upload refused", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, "Error", str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # no paths or internals in the answer
        log.exception("error answering %s %s", request.method, request.url.path)
        return error(request, 500, "Internal error", "Something went wrong on the server; its log has the details.")

    # ----------------------------------------------------------------------------- helpers
    def read(fn: Callable[[Store], Any]) -> Any:
        with pool.borrow() as st:
            return fn(st)

    def make_at(compute: Callable[[Store, str], Any]) -> Callable[[str], Any]:
        return lambda gen: read(lambda st: compute(st, gen))

    async def answer(request: Request, key: str, compute: Callable[[Store, str], bytes | None]) -> bytes | None:
        """The bytes of an answer that depends only on ``key`` and the store (:mod:`.cache`): kept,
        or computed in a worker thread on a connection of its own (None: nothing, e.g. a 404)."""
        kind = "api" if key.startswith("/api/") else "feed" if key.startswith("feed:") else "page"
        entry = await answers.answer(key, make_at(compute), ctype=_CTYPES.get(kind, b"text/html; charset=utf-8"),
                                     wrote_us=wrote_after(request.headers.get("cookie", "")))
        return None if entry is None else entry.body

    def view(key: str, gen: str, make: Callable[[], Any]) -> Any:
        return cache.get((key, gen), make)

    def render(name: str, context: dict[str, Any]) -> bytes:
        """A page the same for every reader (no CSRF token, no cookie): cacheable."""
        return env.get_template(name).render(**context).encode()

    def as_json(data: Any) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    def json_answer(body: bytes | None, missing: str) -> Response:
        if body is None:
            raise HTTPException(404, missing)
        return Response(body, media_type="application/json")

    def search(st: Store, text: str, limit: int, offset: int) -> q.SearchPage:
        return q.search_page(st, text, limit=limit, offset=offset, max_chars=sc.max_query_chars,  # type: ignore[arg-type]
                             max_terms=sc.max_query_terms, seconds=sc.search_seconds)

    def filters(date_from: str | None, date_to: str | None, site: str | None, entity: str | None,
                language: str | None, flag: str | None) -> q.EventFilter:
        return q.EventFilter(date_from or None, date_to or None, site or None, (entity or "").strip() or None,
                             language or None, flag or None)

    def extras_at(st: Store, gen: str) -> Callable[[str], dict[str, Any]]:
        """An event's stored extras, decoded once per generation for all its articles' pages."""
        return lambda eid: view("extras:" + eid, gen, lambda: st.event_extras([eid]).get(eid, {}))  # type: ignore[no-any-return]

    def event_view(st: Store, gen: str, event_id: str) -> dict[str, Any] | None:
        return view("event:" + event_id, gen, lambda: views.event_view(st, event_id))  # type: ignore[no-any-return]

    def events_view(st: Store, gen: str, f: q.EventFilter, limit: int, offset: int) -> dict[str, Any]:
        return view(f"events:{f}:{limit}:{offset}", gen,  # type: ignore[no-any-return]
                    lambda: views.events_view(st, limit=limit, offset=offset, where=f))

    def key_of(request: Request) -> str:
        return request.url.path + "?" + request.url.query

    # -------------------------------------------------------------------------------- API
    @app.get("/api/events", tags=["api"], summary="Events, newest first, optionally filtered")
    async def api_events(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE, offset: Offset = 0,
                         date_from: DateArg = None, date_to: DateArg = None, site: Text = None, entity: Text = None,
                         language: Text = None, flag: Text = None) -> Response:
        f = filters(date_from, date_to, site, entity, language, flag)
        return json_answer(await answer(request, key_of(request), lambda st, g: as_json(events_view(st, g, f, limit, offset))), "")

    @app.get("/api/timeline", tags=["api"], summary="Events and sources per day (the chart of the events page)")
    async def api_timeline(request: Request, date_from: DateArg = None, date_to: DateArg = None, site: Text = None,
                           entity: Text = None, language: Text = None, flag: Text = None) -> Response:
        f = filters(date_from, date_to, site, entity, language, flag)

        def make(st: Store, gen: str) -> bytes:
            days = view(f"days:{f}", gen, lambda: q.event_dates(st, f))  # type: ignore[arg-type]
            return as_json({"days": [{"date": d, "events": n, "sources": s} for d, n, s in days]})

        return json_answer(await answer(request, key_of(request), make), "")

    @app.get("/api/filters", tags=["api"], summary="The values the event filters offer (sites, languages, flags)")
    async def api_filters(request: Request) -> Response:
        return json_answer(await answer(request, key_of(request), lambda st, g: as_json(
            view("facets", g, lambda: q.facets(st)))), "")  # type: ignore[arg-type]

    @app.get("/api/events/{event_id}", tags=["api"], summary="One event: brief, sources, flags, facts, follow-ups")
    async def api_event(request: Request, event_id: str) -> Response:
        def make(st: Store, gen: str) -> bytes | None:
            v = event_view(st, gen, event_id)
            return as_json(v) if v is not None else None

        body = await answer(request, key_of(request), make)
        if body is None and (moved := await run_in_threadpool(read, lambda st: st.resolve_event(event_id))):
            return RedirectResponse(f"/api/events/{moved}", status_code=308)
        return json_answer(body, f"no event {event_id!r}")

    def ask(event_id: str, question: str) -> Callable[[Store, str], bytes | None]:
        """The answer of an event to a question (:mod:`.ask`), as JSON bytes; None: no such event."""
        def make(st: Store, gen: str) -> bytes | None:
            v = ask_view(st, event_id, question, config=config, max_chars=sc.max_query_chars)
            return None if v is None else as_json(v)
        return make

    @app.get("/api/events/{event_id}/ask", tags=["api"], summary="The event's brief that answers a question, cited")
    async def api_ask(request: Request, event_id: str, q_: Annotated[str, Query(alias="q")] = "") -> Response:
        try:
            return json_answer(await answer(request, key_of(request), ask(event_id, q_)), f"no event {event_id!r}")
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One article: kept and removed paragraphs")
    async def api_article(request: Request, article_id: str) -> Response:
        def make(st: Store, gen: str) -> bytes | None:
            v = view("article:" + article_id, gen,
                     lambda: views.article_view(st, article_id, extras=extras_at(st, gen)))
            return as_json(v[1]) if v is not None else None

        return json_answer(await answer(request, key_of(request), make), f"no article {article_id!r}")

    @app.get("/api/search", tags=["api"], summary="Full-text search over article text, paged")
    async def api_search(request: Request, q_: Annotated[str, Query(alias="q", min_length=1)], limit: Limit = HITS_PER_PAGE,
                         offset: Offset = 0) -> Response:
        def make(st: Store, gen: str) -> bytes:
            res = search(st, q_, limit, offset)
            return as_json({"query": q_, "total": res.total, "limit": limit, "offset": offset,
                            "hits": [dataclasses.asdict(h) for h in res.hits]})

        return json_answer(await answer(request, key_of(request), make), "")

    @app.get("/api/csrf", tags=["api"], summary="A CSRF token for API writes (send it as X-CSRF-Token with the cookie)")
    async def api_csrf(request: Request) -> dict[str, str]:
        return {"csrf_token": guard.csrf_token(request.scope), "header": "X-CSRF-Token"}

    @app.post("/api/upload", tags=["api"], summary="Ingest uploaded files, a URL or pasted text")
    async def api_upload(request: Request, files: Annotated[list[UploadFile] | None, File()] = None,
                         url: Annotated[str, Form(max_length=2000)] = "", text: Annotated[str, Form()] = "",
                         title: Annotated[str, Form(max_length=500)] = "") -> JSONResponse:
        guard.check_write(request)
        report, wrote = await _upload(files, url, text, title)
        return JSONResponse(report, status_code=200 if report["event_id"] else 422, headers={"set-cookie": wrote})

    async def _upload(files: list[UploadFile] | None, url: str, text: str, title: str) -> tuple[dict[str, Any], str]:
        """The upload's report, and the cookie that shows its writer what it wrote at once (:mod:`.cache`)."""
        job = await collect(files or [], url=url, text=text, title=title)
        try:
            report = await writer.submit(run_upload, job, config)
        finally:
            written = time.monotonic()
            # what this upload wrote shows at once to every reader of this process: a generation
            # read started after the write
            gen = await gens.check(after=written)
        return report, wrote_cookie(gens.first_seen_us(gen), sc.stale_seconds)

    # ----------------------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def events_page(request: Request, page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
                          date_from: DateArg = None, date_to: DateArg = None, site: Text = None, entity: Text = None,
                          language: Text = None, flag: Text = None) -> Response:
        f = filters(date_from, date_to, site, entity, language, flag)
        args = {k: val for k, val in dataclasses.asdict(f).items() if val}

        def href(first: str, last: str) -> str:
            from urllib.parse import urlencode

            return "/?" + urlencode({**args, "date_from": first, "date_to": last})

        def make(st: Store, gen: str) -> bytes:
            v = events_view(st, gen, f, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
            days = view(f"days:{f}", gen, lambda: q.event_dates(st, f))  # type: ignore[arg-type]
            fac = view("facets", gen, lambda: q.facets(st))  # type: ignore[arg-type]
            return render("events.html", {"title": "Events", "v": v, "page": page_no, "page_size": PAGE_SIZE,
                                          "f": f, "args": args, "facets": fac,
                                          "chart": charts.events_timeline(days, href)})

        return HTMLResponse(await answer(request, key_of(request), make))

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    async def event_page(request: Request, event_id: str,
                         added: Annotated[int | None, Query(ge=0, le=10_000)] = None) -> Response:
        def context(v: dict[str, Any], ch: Any) -> dict[str, Any]:
            return {"title": v["headline"], "v": v, "added": added, "changes": ch,
                    "chart": charts.article_timeline(v["timeline"])}

        def make(st: Store, gen: str) -> tuple[bytes, dict[str, Any]] | None:
            """The page the same for every reader (and its view, which says what is new to whom)."""
            v = event_view(st, gen, event_id)
            return None if v is None else (render("event.html", context(v, None)), v)

        entry = await answers.answer(key_of(request), make_at(make), ctype=b"text/html; charset=utf-8",
                                     wrote_us=wrote_after(request.headers.get("cookie", "")))
        if entry is None:
            moved = await run_in_threadpool(read, lambda st: st.resolve_event(event_id))
            if moved:  # the event grew or merged: its old link (a bookmark, a feed entry) goes on
                return RedirectResponse(f"/events/{moved}", status_code=308)
            return error(request, 404, "Not found", f"There is no event {event_id!r}.")
        v = entry.extra
        seen = _seen(request.cookies.get(SEEN_COOKIE, ""))
        key = v["visit_key"]
        changes = views.since_visit(v, seen.get(key))
        if changes and (changes["new_sentences"] or changes["confirmed_sentences"]):  # the brief is marked: drawn for this reader
            body = await run_in_threadpool(render, "event.html", context(v, changes))
        else:  # the same page for every reader, with this reader's "since your last visit" note put in
            body = entry.body
            if changes:
                note = env.get_template("_changes.html").render(changes=changes)
                body = body.replace(b"<!--since-visit-->", note.encode(), 1)
        resp = HTMLResponse(body)
        seen.pop(key, None)
        seen[key] = time.time()
        resp.headers.append("set-cookie", _seen_cookie(seen))
        return resp

    @app.get("/events/{event_id}/ask", response_class=HTMLResponse, include_in_schema=False)
    async def ask_page(request: Request, event_id: str, q_: Annotated[str, Query(alias="q")] = "") -> Response:
        def make(st: Store, gen: str) -> bytes | None:
            body = ask(event_id, q_)(st, gen)
            return None if body is None else render("ask.html", {"title": f"Ask: {q_}", "a": json.loads(body)})

        try:
            body = await answer(request, key_of(request), make)
        except InputError as exc:
            return error(request, 400, "Bad question", str(exc))
        if body is None:
            return error(request, 404, "Not found", f"There is no event {event_id!r}.")
        return HTMLResponse(body)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(request: Request, article_id: str) -> Response:
        def make(st: Store, gen: str) -> bytes | None:
            got = view("article:" + article_id, gen,
                       lambda: views.article_view(st, article_id, extras=extras_at(st, gen)))
            if got is None:
                return None
            art, data = got
            cited = sorted((int(s), int(e)) for s, e in data["cited"])
            # sentence splitting (language detection, Punkt) is most of the page: done again only
            # when the article's text or its cited spans change, not on every write to the store
            digest = hashlib.blake2b(f"{cited}\x00{art.text}".encode("utf-8", "surrogatepass"), digest_size=16)
            parts = marked.get((art.id, digest.hexdigest()),
                               lambda: article_parts(art, [Span(art.id, s, e) for s, e in cited]))
            return render("article.html", {"title": data["label"], "a": art, "d": data, "parts": parts})

        body = await answer(request, key_of(request), make)
        if body is None:
            return error(request, 404, "Not found", f"There is no article {article_id!r}.")
        return HTMLResponse(body)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, q_: Annotated[str, Query(alias="q")] = "",
                          page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // HITS_PER_PAGE)] = 1) -> Response:
        def make(st: Store, gen: str) -> bytes:
            res = search(st, q_, HITS_PER_PAGE, (page_no - 1) * HITS_PER_PAGE) if q_.strip() else None
            shown = [{"hit": h, "snippet": snippet(h.snippet)} for h in (res.hits if res else ())]
            return render("search.html", {"title": f"Search: {q_}" if q_ else "Search", "q": q_, "res": res,
                                          "hits": shown, "page": page_no, "per_page": HITS_PER_PAGE})

        try:
            return HTMLResponse(await answer(request, key_of(request), make))
        except q.QueryError as exc:
            return page(request, "search.html", {"title": "Search", "q": q_, "res": None, "error": str(exc)},
                        status=400)

    @app.get("/feed.xml", include_in_schema=True, tags=["api"], summary="Atom feed of events, latest updates first")
    async def feed(request: Request, date_from: DateArg = None, date_to: DateArg = None, site: Text = None,
                   entity: Text = None, language: Text = None, flag: Text = None,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
        f = filters(date_from, date_to, site, entity, language, flag)
        base = str(request.base_url)
        self_href = str(request.url).removeprefix(base.rstrip("/"))

        def make(st: Store, gen: str) -> bytes:
            rows = q.recent_events(st, f, limit=limit)  # type: ignore[arg-type]
            ids = [r.id for r in rows]
            return atom_feed(base, rows, st.briefs(ids), self_href=self_href, keys=views.anchors(st, ids)).encode()

        body = await answer(request, feed_key(request.scope), make)  # the same as f"feed:{base}:{self_href}"
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request) -> HTMLResponse:
        return page(request, "upload.html", {"title": "Add articles", "limit": sc.max_upload_bytes})

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False, response_model=None)
    async def upload_page(request: Request, files: Annotated[list[UploadFile] | None, File()] = None,
                          url: Annotated[str, Form(max_length=2000)] = "", text: Annotated[str, Form()] = "",
                          title: Annotated[str, Form(max_length=500)] = "", csrf_token: Annotated[str, Form()] = "",
                          token: Annotated[str, Form()] = "") -> Any:
        guard.check_write(request, form_csrf=csrf_token, form_token=token)
        try:
            report, wrote = await _upload(files, url, text, title)
        except UploadError as exc:
            return page(request, "upload.html", {"title": "Add articles", "limit": sc.max_upload_bytes,
                                                 "problem": str(exc), "url": url, "text": text, "ptitle": title},
                        status=400)
        if report["event_id"]:
            resp: Response = RedirectResponse(f"/events/{report['event_id']}?added={len(report['added'])}",
                                              status_code=303)
        else:
            resp = page(request, "upload.html", {"title": "Add articles", "limit": sc.max_upload_bytes,
                                                 "report": report}, status=422)
        resp.headers.append("set-cookie", wrote)
        return resp

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        return page(request, "docs.html", {"title": "API guide", "spec": app.openapi()})

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> RedirectResponse:
        return RedirectResponse("/docs", status_code=308)

    return app


def _seen(cookie: str) -> dict[str, float]:
    """event id -> UNIX time, from the ``newsdesk_seen`` cookie (bad entries are ignored)."""
    out: dict[str, float] = {}
    for item in cookie.split("|")[: SEEN_KEEP * 2]:
        m = _SEEN_ITEM.fullmatch(item.strip())
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def _seen_cookie(seen: dict[str, float]) -> str:
    """The Set-Cookie value remembering the last SEEN_KEEP visits."""
    keep = list(seen.items())[-SEEN_KEEP:]
    value = "|".join(f"{k}:{int(t)}" for k, t in keep)
    return f"{SEEN_COOKIE}={value}; Max-Age={400 * 86400}; Path=/; HttpOnly; SameSite=Strict"


def _cookie_value(header: str, name: str) -> str:
    for part in header.split(";"):
        k, sep, v = part.strip().partition("=")
        if sep and k == name:
            return v.strip('"')
    return ""
