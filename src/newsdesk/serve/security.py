"""What keeps the web app safe to open in a browser and to put on a network.

:class:`Guard` (an ASGI middleware, outermost) on every request:

- answers only the allowed host names (``Host`` header; loopback names by default, more with
  ``--allow-host``), so a DNS-rebinding page cannot read the desk through another name;
- refuses NUL bytes in the path or query string (400) before anything reaches the database;
- refuses a cross-site ``POST`` (an ``Origin`` header naming another host) with 403;
- reads the browser's CSRF cookie; an answer that hands out a token (:meth:`Guard.csrf_token`:
  a form, ``/api/csrf``) to a browser without one sets a random one (``SameSite=Strict``,
  ``HttpOnly``); the token is an HMAC of the cookie under a secret of this server;
- adds the security headers to every answer: a Content-Security-Policy that allows no script at
  all (``default-src 'none'``), styles and images only from this server, forms only to it and no
  framing (``frame-ancestors 'none'``); ``X-Content-Type-Options: nosniff``;
  ``X-Frame-Options: DENY``; ``Referrer-Policy: same-origin``.

Writes (every ``POST``) are checked by :meth:`Guard.check_write`: a form must carry the CSRF token
of its cookie; an API client sends it in ``X-CSRF-Token`` (``GET /api/csrf`` gives one) or the
server's access token as ``Authorization: Bearer TOKEN``. A server started with ``--token`` (which
a non-loopback address requires) also wants that token for every write: the bearer header, or
the form's ``token`` field.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CSRF_COOKIE", "LOOPBACK_HOSTS", "Guard", "WriteRefused", "is_loopback", "safe_url"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
CSRF_COOKIE = "newsdesk_csrf"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

_HEADER_NAMES = frozenset(k for k, _ in HEADERS)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL (after the stripping browsers do), else None.

    Anything else (``javascript:``, ``data:``, ``vbscript:``, relative paths, control characters)
    never becomes a link."""
    if not url:
        return None
    text = url.strip(" \t\r\n\f\v\x00")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


class WriteRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _host_of(value: str) -> str:
    """The host name of a ``Host`` header or ``Origin`` (no port, no brackets, lower case)."""
    value = value.strip().lower()
    if "://" in value:
        value = urlsplit(value).netloc
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    def __init__(self, app: Any, *, allow_hosts: Iterable[str] = (), token: str | None = None,
                 secret: bytes | None = None) -> None:
        self.app = app
        self.hosts = {h.lower().strip("[]") for h in (*LOOPBACK_HOSTS, *allow_hosts)}
        self.any_host = "*" in self.hosts
        self.token = token or None
        self.secret = secret or secrets.token_bytes(32)

    # ------------------------------------------------------------------------------- tokens
    def csrf_for(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def csrf_token(self, scope: Scope) -> str:
        """The CSRF token for this browser's cookie, for a form or ``/api/csrf``. A browser without
        the cookie gets a new one with this answer (only answers that hand out a token set it:
        pages kept for every reader carry none)."""
        state = scope.setdefault("state", {})
        if not state.get("csrf_cookie"):
            state["csrf_cookie"] = secrets.token_urlsafe(24)
            state["csrf_new"] = True
        return self.csrf_for(state["csrf_cookie"])

    def check_write(self, request: Any, form_csrf: str | None = None, form_token: str | None = None) -> None:
        """Raise :class:`WriteRefused` unless this POST carries what a write needs."""
        bearer = request.headers.get("authorization", "")
        bearer_ok = bool(self.token) and bearer.startswith("Bearer ") and hmac.compare_digest(
            bearer[7:].strip().encode(), self.token.encode())
        if self.token and not bearer_ok:
            given = form_token or ""
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                raise WriteRefused(401, "This server takes writes only with its access token: send "
                                        "Authorization: Bearer TOKEN, or fill in the token field of the form.")
        if bearer_ok:
            return  # not a browser's ambient credential: no CSRF possible
        cookie = request.cookies.get(CSRF_COOKIE, "")
        sent = form_csrf or request.headers.get("x-csrf-token", "")
        if not cookie or not sent or not hmac.compare_digest(sent.encode(), self.csrf_for(cookie).encode()):
            raise WriteRefused(403, "The form's security token is missing or out of date (CSRF check): reload the "
                                    "page and send the form again. API clients: GET /api/csrf and send its token "
                                    "as X-CSRF-Token with its cookie.")

    # ---------------------------------------------------------------------------- the middleware
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers") or []}
        host = _host_of(headers.get(b"host", b"").decode("latin-1"))
        if not self.any_host and host not in self.hosts:
            await _plain(send, 400, f"This server does not answer to the host name {host!r}: start it with "
                                    f"--allow-host {host or 'NAME'} to allow it.")
            return
        raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogatepass")
        query = scope.get("query_string", b"")
        # (a NUL in the decoded query string is a raw NUL or %00: no need to decode it all)
        if b"\x00" in raw_path or b"%00" in raw_path or b"\x00" in query or b"%00" in query \
                or "\x00" in scope.get("path", ""):
            await _plain(send, 400, "The address contains a NUL byte (%00); remove it.")
            return
        if scope.get("method") == "POST":
            origin = headers.get(b"origin")
            if origin and origin != b"null" and not self.any_host and _host_of(origin.decode("latin-1")) not in self.hosts:
                await _plain(send, 403, "Cross-site form posts are refused: send the form from this server's own page.")
                return
            if origin == b"null":
                await _plain(send, 403, "Form posts from an opaque origin are refused.")
                return
        state = scope.setdefault("state", {})
        state["csrf_cookie"] = _cookie(headers.get(b"cookie", b""))
        state["needs_token"] = bool(self.token)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                hs = [h for h in message.get("headers", []) if h[0].lower() not in _HEADER_NAMES]
                hs.extend(HEADERS)
                if state.get("csrf_new"):  # a token was handed out (a form, /api/csrf) for a new cookie
                    hs.append((b"set-cookie",
                               f"{CSRF_COOKIE}={state['csrf_cookie']}; Path=/; HttpOnly; SameSite=Strict".encode()))
                message["headers"] = hs
            await send(message)

        await self.app(scope, receive, with_headers)


def _cookie(header: bytes) -> str:
    if not header:
        return ""
    try:
        c = SimpleCookie()
        c.load(header.decode("latin-1"))
    except Exception:  # noqa: BLE001 - a malformed cookie header is the same as none
        return ""
    m = c.get(CSRF_COOKIE)
    value = m.value if m else ""
    return value if value and len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum() else ""


async def _plain(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": body})
