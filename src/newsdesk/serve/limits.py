"""An ASGI middleware that refuses request bodies over a size limit with a clear 413, and bodies
that trickle in too slowly with a 408.

Checked twice: the ``Content-Length`` header before anything is read, and the bytes as they
stream in (a chunked upload has no length), so an oversized upload is never spooled whole. Each
chunk of the body must arrive within ``seconds`` of the previous one.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from html import escape
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Multipart framing (boundaries, part headers) on top of the files themselves.
MULTIPART_SLACK = 64 * 1024


class _TooLarge(HTTPException):
    """Raised from ``receive``; FastAPI lets HTTP exceptions through its body parsing (a 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(None, limit))


class _TooSlow(HTTPException):
    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"The upload stalled: no data for {seconds:g} s. Send it again.")


def too_large_message(size: int | None, limit: int) -> str:
    got = f"{size:,} bytes" if size is not None else "more bytes"
    return (
        f"Upload too large: {got} is over the limit of {limit:,} bytes (StoreConfig.max_upload_bytes). "
        "Upload fewer or smaller files, or add them with  newsdesk ingest PATH."
    )


class UploadLimit:
    def __init__(self, app: Any, *, limit: int, paths: Sequence[str], seconds: float = 20.0) -> None:
        self.app = app
        self.limit = limit
        self.paths = tuple(paths)
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        allowed = self.limit + MULTIPART_SLACK
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > allowed:
            await self._refuse(scope, send, int(length))
            return
        seen = 0
        started = over = False

        async def counting_receive() -> Message:
            nonlocal seen, over
            try:
                message = await asyncio.wait_for(receive(), self.seconds)
            except TimeoutError:
                raise _TooSlow(self.seconds) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > allowed:
                    over = True
                    raise _TooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if over:  # the app answers the 413 its own way: answer with ours (HTML or JSON) instead
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._refuse(scope, send, None)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send, None)

    async def _refuse(self, scope: Scope, send: Send, size: int | None) -> None:
        message = too_large_message(size, self.limit)
        if str(scope.get("path", "")).startswith("/api/"):
            body = json.dumps({"detail": message}).encode()
            ctype = b"application/json"
        else:
            body = (
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Upload too large</title>'
                '<link rel="stylesheet" href="/static/style.css"></head><body><main>'
                f'<h1>Upload too large</h1><p class="error">{escape(message)}</p>'
                '<p><a href="/upload">Back to the upload form</a></p></main></body></html>'
            ).encode()
            ctype = b"text/html; charset=utf-8"
        await send({
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close")],
        })
        await send({"type": "http.response.body", "body": body})
