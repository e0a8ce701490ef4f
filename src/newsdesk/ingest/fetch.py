"""Fetching URLs given as inputs: pages, RSS/Atom feeds and sitemaps, with httpx.

A polite crawler, in the order a request meets them:

1. **cache**: every response is kept on disk (``[ingest] cache_dir``, by default
   ``$XDG_CACHE_HOME/newsdesk/http``); one younger than ``cache_hours`` is used without asking
   the server (except for a ``fresh`` request: the URL the user gave); an older one is
   revalidated (``If-None-Match`` / ``If-Modified-Since``: a 304 keeps it);
2. **robots.txt** of the host (fetched once per run, cached like any response): a URL that
   ``user_agent`` may not fetch is skipped with the reason. As RFC 9309 says, a missing
   robots.txt (4xx) allows everything and an unreachable one (5xx, no answer) disallows
   everything for this run;
3. **rate limit**: at least ``fetch_delay`` seconds between two requests to one host, or the
   host's ``Crawl-delay`` when longer.

Nothing here raises for a bad URL or answer: :class:`FetchError` is caught by the readers of
:mod:`.feeds`, whose skip reasons name the URL, the problem and the fix.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..caches import cached as cached_resource
from ..config import IngestConfig
from ..errors import require

URL_SCHEMES = ("http://", "https://")
MAX_REDIRECTS = 5


def is_url(text: str) -> bool:
    return text.lower().startswith(URL_SCHEMES)


class FetchError(Exception):
    """A URL that could not be fetched; the message is the skip reason."""


class Unreachable(FetchError):
    """No answer at all from the host (refused, unknown name, timed out)."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str  # media type, lower case, without parameters ("text/html")
    charset: str | None
    from_cache: bool = False


def cache_dir(config: IngestConfig) -> Path:
    if config.cache_dir:
        return Path(config.cache_dir).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk" / "http"


class Fetcher:
    """Fetches with one ``httpx.Client``, the cache, robots.txt and the per-host rate limit.

    One fetcher serves one run (its robots.txt answers and the time of each host's last request
    live in memory); ``client`` may be given (tests pass one with a mock transport).
    """

    def __init__(self, config: IngestConfig = IngestConfig(), *, client: Any = None) -> None:
        self.config = config
        httpx = require("httpx", "fetch")
        self.client = client or httpx.Client(
            timeout=config.fetch_timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": config.user_agent},
        )
        self._httpx = httpx
        self.cache = cache_dir(config)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0  # requests sent to servers (not answered from the cache)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------ public
    def get(self, url: str, *, fresh: bool = False) -> Response:
        """The response for ``url`` (cached, allowed by robots.txt, rate-limited); raises
        :class:`FetchError` with the reason when there is none to read. ``fresh``: ask the server
        even when the cached copy is young (with its ETag: an unchanged answer costs a 304)."""
        url = _normal(url)
        self._check_robots(url)
        return self._get(url, fresh=fresh)

    # ------------------------------------------------------------------------------ robots
    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            self._robots[origin] = rules
        if isinstance(rules, str):
            raise FetchError(rules)
        if not rules.can_fetch(self.config.user_agent, url):
            raise FetchError(f"robots.txt of {parts.netloc} does not allow {self.config.user_agent!r} to fetch "
                             "this page; it is not fetched (save the page yourself if you may read it)")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        rp = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            resp = self._get(origin + "/robots.txt", robots=True)
        except Unreachable as exc:
            return str(exc)
        except FetchError as exc:
            return (f"cannot read {origin}/robots.txt ({exc}); without it no page of the host is fetched "
                    "(RFC 9309); try again later")
        if resp.status >= 500:
            return (f"{origin}/robots.txt answered HTTP {resp.status}; no page of the host is fetched until "
                    "it answers (RFC 9309); try again later")
        if resp.status >= 400:
            rp.allow_all = True  # no robots.txt: everything is allowed
        else:
            rp.parse(resp.content.decode("utf-8", "replace").splitlines())
        return rp

    def _delay(self, url: str) -> float:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        rules = self._robots.get(origin)
        crawl = None
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            try:
                crawl = rules.crawl_delay(self.config.user_agent)
            except (AttributeError, ValueError):
                crawl = None
        return max(self.config.fetch_delay, float(crawl or 0))

    def _cached(self, url: str) -> tuple[dict[str, Any], bytes] | None:
        return _read_cache(self.cache, url)

    def _store(self, url: str, meta: dict[str, Any], body: bytes) -> None:
        meta_path, body_path = _cache_paths(self.cache, url)
        try:
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = body_path.with_suffix(".tmp")
            tmp.write_bytes(body)
            os.replace(tmp, body_path)
            tmp = meta_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(tmp, meta_path)
        except OSError:
            pass  # a cache that cannot be written only costs a request next time

    # ------------------------------------------------------------------------------- fetch
    def _get(self, url: str, *, robots: bool = False, fresh: bool = False) -> Response:
        hit = self._cached(url)
        if hit and not fresh and time.time() - float(hit[0].get("fetched", 0)) < self.config.cache_hours * 3600:
            return _response(hit[0], hit[1], from_cache=True)
        headers = {}
        if hit:
            if hit[0].get("etag"):
                headers["If-None-Match"] = hit[0]["etag"]
            if hit[0].get("last_modified"):
                headers["If-Modified-Since"] = hit[0]["last_modified"]
        self._wait(url)
        try:
            resp = self.client.get(url, headers=headers)
        except self._httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects; give the final address") from None
        except self._httpx.TimeoutException:
            raise Unreachable(f"no answer from {urlsplit(url).netloc} within fetch_timeout="
                              f"{self.config.fetch_timeout:g} s; try again later or raise [ingest] fetch_timeout") from None
        except self._httpx.HTTPError as exc:
            raise Unreachable(f"cannot connect to {urlsplit(url).netloc} ({exc}); check the address") from None
        finally:
            self.requests += 1
        if resp.status_code == 304 and hit:
            meta = {**hit[0], "fetched": time.time()}
            self._store(url, meta, hit[1])
            return _response(meta, hit[1], from_cache=True)
        content = resp.content
        if len(content) > self.config.max_bytes:
            raise FetchError(f"answer too large: {len(content):,} bytes is over max_bytes={self.config.max_bytes:,}; "
                             "raise [ingest] max_bytes")
        meta = {
            "url": url,
            "final_url": str(resp.url),
            "status": resp.status_code,
            "content_type": resp.headers.get("content-type", ""),
            "etag": resp.headers.get("etag"),
            "last_modified": resp.headers.get("last-modified"),
            "fetched": time.time(),
        }
        if resp.status_code < 500 or robots:
            self._store(url, meta, content)
        out = _response(meta, content)
        if not robots and out.status >= 400:
            raise FetchError(f"HTTP {out.status} {resp.reason_phrase}".rstrip() + _status_hint(out.status))
        return out

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            delay = self._delay(url)
            last = self._last.get(host)
            now = time.monotonic()
            if last is not None and now - last < delay:
                time.sleep(delay - (now - last))
            self._last[host] = time.monotonic()


def _cache_paths(folder: Path, url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()
    return folder / key[:2] / f"{key}.json", folder / key[:2] / f"{key}.body"


def _read_cache(folder: Path, url: str) -> tuple[dict[str, Any], bytes] | None:
    meta_path, body_path = _cache_paths(folder, url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    return (meta, body) if isinstance(meta, dict) and meta.get("url") == url else None


def cached(url: str, config: IngestConfig) -> Response | None:
    """A successful response for ``url`` from the cache, whatever its age, without any request
    (what a local feed's linked page is read from); None when there is none."""
    try:
        hit = _read_cache(cache_dir(config), _normal(url))
    except ValueError:
        return None
    if hit is None:
        return None
    out = _response(hit[0], hit[1], from_cache=True)
    return out if out.status < 400 else None


@cached_resource(maxsize=4, kind="resource")
def fetcher_for(config: IngestConfig) -> Fetcher:
    """The process's fetcher for these settings: one per run shares robots.txt answers and the
    per-host rate limit across every URL of the run (``newsdesk.reset_caches`` drops it)."""
    return Fetcher(config)


def _status_hint(status: int) -> str:
    if status == 404:
        return "; check the address"
    if status in (401, 403):
        return "; the server refuses: save the page yourself if you may read it"
    if status == 429 or status >= 500:
        return "; try again later"
    return ""


def _response(meta: dict[str, Any], body: bytes, *, from_cache: bool = False) -> Response:
    ctype = str(meta.get("content_type") or "")
    media, _, params = ctype.partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.strip().partition("=")
        if k.lower() == "charset" and v:
            charset = v.strip("\"' ")
    return Response(str(meta.get("final_url") or meta["url"]), int(meta.get("status", 200)), body,
                    media.strip().lower(), charset, from_cache)


def _normal(url: str) -> str:
    """``url`` without its fragment (the page is the same)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


__all__ = ["FetchError", "Fetcher", "Response", "cache_dir", "cached", "fetcher_for", "is_url"]
