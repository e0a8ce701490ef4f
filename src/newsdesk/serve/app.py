"""The web app: pages (Jinja2, autoescaped) and their JSON twins under ``/api`` (FastAPI).

``create_app(db)`` builds the app over one store; ``newsdesk serve`` runs it with uvicorn.
Article text is untrusted: templates autoescape everything, and the fragments built in Python
(:mod:`.markup`) escape before they add tags. Uploads are limited to
``StoreConfig.max_upload_bytes`` (413 past it, checked while the body streams in).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path, PurePath
from typing import Any

import jinja2
from fastapi import FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..config import Config
from ..model import Skipped, Span
from ..store import Store, open_store
from . import views
from .limits import UploadLimit
from .markup import article_parts, snippet

__all__ = ["create_app"]

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 50  # events per page of the events list


def create_app(db: str | None = None, *, config: Config = Config(), store: Store | None = None) -> FastAPI:
    """A FastAPI app over the store at ``db`` (or an open ``store``, which the caller closes)."""
    own = store is None
    st: Store = store if store is not None else open_store(db)

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        yield
        if own:
            st.close()

    app = FastAPI(
        title="newsdesk",
        version="1",
        description="Cited event briefs from noisy news articles. Every page has a JSON twin under /api.",
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json describes the API
        redoc_url=None,
    )
    app.state.store = st
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(UploadLimit, limit=config.store.max_upload_bytes, paths=("/upload", "/api/upload"))

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def not_found(request: Request, what: str) -> HTMLResponse:
        return page(request, "error.html", {"title": "Not found", "message": what}, status=404)

    # ------------------------------------------------------------------------------ API
    @app.get("/api/events", tags=["api"], summary="Events, newest first")
    def api_events(limit: int = Query(PAGE_SIZE, ge=1, le=1000), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        return views.events_view(st, limit=limit, offset=offset)

    @app.get("/api/events/{event_id}", tags=["api"], summary="One event: brief, sources, facts, timeline")
    def api_event(event_id: str) -> dict[str, Any]:
        v = views.event_view(st, event_id)
        if v is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return v

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One article: kept and removed paragraphs")
    def api_article(article_id: str) -> dict[str, Any]:
        v = views.article_view(st, article_id)
        if v is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return v[1]

    @app.get("/api/search", tags=["api"], summary="Full-text search over article text")
    def api_search(q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        hits = st.search(q, limit=limit)
        return {"query": q, "hits": [dataclasses.asdict(h) for h in hits]}

    @app.post("/api/upload", tags=["api"], summary="Ingest uploaded files (the formats of `newsdesk ingest`)")
    async def api_upload(files: list[UploadFile] = File(...)) -> JSONResponse:
        report = await _ingest_uploads(st, files, config)
        return JSONResponse(report, status_code=200 if report["event_id"] else 422)

    # ---------------------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, page_no: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
        v = views.events_view(st, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        return page(request, "events.html", {"title": "Events", "v": v, "page": page_no, "page_size": PAGE_SIZE})

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str, added: int | None = Query(None, ge=0)) -> HTMLResponse:
        v = views.event_view(st, event_id)
        if v is None:
            return not_found(request, f"There is no event {event_id!r}.")
        return page(request, "event.html", {"title": v["headline"], "v": v, "added": added})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        v = views.article_view(st, article_id)
        if v is None:
            return not_found(request, f"There is no article {article_id!r}.")
        art, data = v
        parts = article_parts(art, [Span(art.id, s, e) for s, e in data["cited"]])
        return page(request, "article.html", {"title": art.title or art.id, "a": art, "d": data, "parts": parts})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        hits = st.search(q, limit=50) if q.strip() else []
        shown = [{"hit": h, "snippet": snippet(h.snippet)} for h in hits]
        return page(request, "search.html", {"title": f"Search: {q}" if q else "Search", "q": q, "hits": shown})

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request) -> HTMLResponse:
        return page(request, "upload.html", {"title": "Add articles", "limit": config.store.max_upload_bytes})

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False, response_model=None)
    async def upload_page(request: Request, files: list[UploadFile] = File(...)) -> Any:
        report = await _ingest_uploads(st, files, config)
        if report["event_id"]:
            return RedirectResponse(f"/events/{report['event_id']}?added={len(report['added'])}", status_code=303)
        return page(request, "upload.html", {"title": "Add articles", "limit": config.store.max_upload_bytes,
                                             "report": report}, status=422)

    return app


async def _ingest_uploads(store: Store, files: list[Any], config: Config) -> dict[str, Any]:
    """Write the uploads to a temporary folder under their own names, ingest them, report.

    The file name is kept (only its last part, so no path can escape the folder) because the
    format and the stable article ids come from it, exactly as with ``newsdesk ingest``.
    """
    from starlette.concurrency import run_in_threadpool

    from ..ingest import read_any
    from ..store import ingest_articles

    with tempfile.TemporaryDirectory(prefix="newsdesk-upload-") as tmp:
        paths = []
        for i, f in enumerate(files):
            name = PurePath((f.filename or "").replace("\\", "/")).name or f"upload-{i + 1}"
            if name.startswith("."):
                name = "_" + name
            target = Path(tmp) / name
            if target.exists():
                target = Path(tmp) / f"{i + 1}-{name}"
            target.write_bytes(await f.read())
            paths.append(target)

        def work() -> dict[str, Any]:
            read = read_any(paths, config=config.ingest)
            prefix = tmp.rstrip("/") + "/"
            arts = [dataclasses.replace(a, origin=dataclasses.replace(a.origin, path="upload/" + a.origin.path.removeprefix(prefix)))
                    for a in read.articles]
            skipped = [dataclasses.replace(s, path="upload/" + s.path.removeprefix(prefix)) for s in read.skipped]
            report = ingest_articles(store, arts, skipped=skipped, config=config)
            ids = [a.id for a in arts]
            where = store.event_ids_of(ids)
            first = next((where[a] for a in ids if a in where), None)
            earlier = store.skipped([a for a in ids if a not in where]) if first is None else []
            return {
                "summary": report.summary(),
                "added": list(report.added),
                "known": report.known,
                "skipped": [dataclasses.asdict(s) for s in [*report.skipped, *earlier] if isinstance(s, Skipped)],
                "new_events": list(report.new_events),
                "joined_events": list(report.joined_events),
                "event_of": where,
                "event_id": first,
            }

        return await run_in_threadpool(work)
