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


SPEC_ENV = "NEWSDESK_SERVE_SPEC"  # with --workers: a file (mode 0600, removed at exit) of create_app's arguments
SECONDS_ENV = "NEWSDESK_CLIENT_SECONDS"


def run(app: Any, *, host: str, port: int, client_seconds: float, log_level: str, workers: int = 1,
        spec: dict[str, Any] | None = None) -> None:
    """Serve ``app``; with ``workers`` > 1, that many processes made by :func:`worker_app` from
    ``spec`` (create_app's arguments), each with its own read pool, cache and upload worker."""
    import uvicorn

    common: dict[str, Any] = {
        "host": host, "port": port, "log_level": log_level,
        "timeout_keep_alive": 5,  # an idle keep-alive connection is closed after 5 s (uvicorn's default)
        "backlog": 2048,  # many clients connecting at once queue instead of being refused
        "access_log": log_level == "info",
        "server_header": False,  # no "server: uvicorn" (names the software to a scanner; one header less to send)
    }
    if workers <= 1:
        uvicorn.run(app, http=protocol_class(client_seconds), **common)
        return
    import os
    import pickle
    import tempfile

    fd, path = tempfile.mkstemp(prefix="newsdesk-serve-", suffix=".pickle")
    try:
        import secrets

        with os.fdopen(fd, "wb") as fh:  # one CSRF key for all workers: a token from one is good at another
            pickle.dump({**(spec or {}), "secret": secrets.token_bytes(32)}, fh)
        os.environ[SPEC_ENV] = path
        os.environ[SECONDS_ENV] = str(client_seconds)
        uvicorn.run("newsdesk.serve.server:worker_app", factory=True, workers=workers,
                    http="newsdesk.serve.server:WorkerProtocol", **common)
    finally:
        os.unlink(path)


def worker_app() -> Any:
    """The app of one worker process (``--workers``): create_app over the spec the CLI wrote; the
    access token comes from $NEWSDESK_TOKEN, never from the file."""
    import os
    import pickle

    from .app import create_app

    with open(os.environ[SPEC_ENV], "rb") as fh:
        spec = pickle.load(fh)  # noqa: S301 - written by this server's own process, mode 0600
    return create_app(spec.get("db"), config=spec["config"], allow_hosts=spec.get("allow_hosts", ()),
                      token=os.environ.get("NEWSDESK_TOKEN") or None, secret=spec["secret"])


def __getattr__(name: str) -> Any:
    if name == "WorkerProtocol":  # imported by uvicorn in each worker process (--workers)
        import os

        return protocol_class(float(os.environ.get(SECONDS_ENV, "20")))
    raise AttributeError(name)
