"""Running the app with uvicorn, with slow clients cut off.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but a connection that
never finishes sending its request headers (opened and left silent, or fed a byte at a time) is
kept forever: enough of them and the server runs out of sockets. :func:`protocol_class` adds a
deadline: the headers of each request must be complete within ``client_seconds`` of its first
byte (or of the connection's opening), else the connection is closed. The body of an upload has
the same limit per chunk (:mod:`.limits`).
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["protocol_class", "run"]


def protocol_class(client_seconds: float) -> type[asyncio.Protocol]:
    """uvicorn's fastest HTTP protocol (httptools, else h11) with a deadline on request headers."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # pragma: no cover - httptools is in uvicorn[standard]
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class DeadlineProtocol(Base):  # type: ignore[misc, valid-type]
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(client_seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def _idle(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._idle():
                self._arm()
            super().data_received(data)

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return DeadlineProtocol


def run(app: Any, *, host: str, port: int, client_seconds: float, log_level: str) -> None:
    import uvicorn

    uvicorn.run(
        app, host=host, port=port, log_level=log_level,
        http=protocol_class(client_seconds),
        timeout_keep_alive=5,  # an idle keep-alive connection is closed after 5 s (uvicorn's default)
        backlog=2048,  # many clients connecting at once queue instead of being refused
        access_log=log_level == "info",
    )
