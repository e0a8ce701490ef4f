"""RSS 2.0 / Atom feeds and sitemaps, from files (``.rss``, ``.atom``, ``.xml``) or URLs.

Feeds are parsed with feedparser (RSS 0.9x/1.0/2.0 and Atom; its HTML sanitiser runs on item
content). Each **item** is one record, numbered from 1 (``feed.rss#3``), and becomes one article:

1. from its full text, ``content:encoded`` (RSS) or ``<content>`` (Atom), when that has at
   least ``min_words`` words;
2. else from the page it links to: for a feed given by **URL** the page is fetched
   (:mod:`.fetch`: robots.txt, rate limit, cache); for a feed **file** the page is read only
   when it is here already: a relative or ``file:`` link to a file beside the feed, or a page
   in the fetch cache. A local file never makes newsdesk go on the network;
3. else from its ``description`` / ``summary`` when that is long enough (noted: a summary is
   not the article);
4. else it is skipped with the reason.

The item's title, link, date (``pubDate``, ``published``, ``updated``), author and the feed's
title (as the source) win over what the page says.

A **sitemap** (``<urlset>``) lists pages: each ``<loc>`` is one record, fetched for a sitemap
given by URL (``<news:publication_date>`` is the page's date), read from here or the cache for
a sitemap file. A sitemap index (``<sitemapindex>``) is followed one level down. At most
``max_pages`` pages are fetched per feed or sitemap argument; each further one is skipped with
the reason.
"""

from __future__ import annotations

import calendar
import gzip
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from ..config import IngestConfig
from ._common import IngestResult, NotText, _Batch, decode, too_short
from .fetch import FetchError, Response, cached, fetcher_for, is_url

_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|RDF|urlset|sitemapindex)[\s>/]", re.IGNORECASE)
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml_kind(data: bytes) -> str | None:
    """"feed", "sitemap", "sitemapindex" or None, from the root element in the first 4 KB."""
    m = _ROOT.search(data[:4096])
    if not m:
        return None
    tag = m.group(1).lower()
    return {"urlset": "sitemap", "sitemapindex": "sitemapindex"}.get(tag.decode(), "feed")


def url_name(url: str) -> str:
    """A file-like name for ids and slugs: ``host_last-path-part``."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or "index"
    return f"{parts.netloc}_{last}" if parts.netloc else last


# --------------------------------------------------------------------------- local files
def feed_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    """Articles from a feed or sitemap *file*: linked pages only when they are here (see above)."""
    batch = _Batch()
    base = Path(shown).parent if shown and not shown.startswith("<") else Path(".")
    kind = xml_kind(data)
    if kind is None:
        batch.skip(shown, "not an RSS/Atom feed or sitemap (no <rss>, <feed> or <urlset> element); "
                          "name HTML pages .html")
        return batch.result()
    if kind == "feed":
        _feed(data, shown=shown, name=name, config=config, batch=batch,
              page=lambda link: _local_page(link, base, config), remote=False)
    else:
        _sitemap(data, kind, shown=shown, config=config, batch=batch,
                 page=lambda link: _local_page(link, base, config), remote=False, depth=0, budget=[config.max_pages])
    return batch.result()


def _local_page(link: str, base: Path, config: IngestConfig) -> Response:
    if is_url(link):
        hit = cached(link, config)
        if hit is None:
            raise FetchError(f"its page {link} is not here (not in the fetch cache); give the feed's URL "
                             "instead of the file to fetch the pages")
        return hit
    path = Path(unquote(urlsplit(link).path)) if link.startswith("file:") else base / link
    try:  # only pages in the feed's own folder: an uploaded feed must not read the server's files
        inside = path.resolve().is_relative_to(base.resolve())
    except (OSError, ValueError, RuntimeError):
        inside = False
    if not inside:
        raise FetchError(f"its page {link[:200]!r} is outside the feed's folder; only pages beside the feed are read")
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the link
        raise FetchError(f"its page {str(path)!r} cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    return Response(str(path), 200, data, "text/html", None)


# -------------------------------------------------------------------------------- URLs
def read_url(url: str, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Fetch ``url`` and read what it is: a page, a feed (and the pages its items link to), a
    sitemap (and its pages), or a file of a format newsdesk reads (``.jsonl``, ``.csv``...)."""
    batch = _Batch()
    fetcher = fetcher_for(config)
    try:
        resp = fetcher.get(url, fresh=True)  # what was asked for now: revalidated (pages it links to may be cached)
    except FetchError as exc:
        batch.skip(url, f"cannot fetch: {exc}")
        return batch.result()
    data = _gunzipped(resp.content)
    kind = xml_kind(data) if ("xml" in resp.content_type or "rss" in resp.content_type
                              or "atom" in resp.content_type or data.lstrip()[:1] == b"<") else None
    shown = url
    if kind == "feed":
        _feed(data, shown=shown, name=url_name(url), config=config, batch=batch,
              page=fetcher.get, remote=True)
    elif kind in ("sitemap", "sitemapindex"):
        _sitemap(data, kind, shown=shown, config=config, batch=batch, page=fetcher.get, remote=True, depth=0,
                 budget=[config.max_pages])
    else:
        _page(resp, shown=shown, config=config, batch=batch, overrides={})
    return batch.result()


def _gunzipped(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return data
    return data


def _page(resp: Response, *, shown: str, config: IngestConfig, batch: _Batch, overrides: dict[str, Any],
          record: int | None = None, where: str = "") -> None:
    """One fetched (or local) page into ``batch``: HTML, or a file format named by its URL."""
    from .html import article_from_html, html_charset
    from .read import _FROM_BYTES, format_of

    prefix = f"{where}: " if where else ""
    data = _gunzipped(resp.content)
    fmt = format_of(urlsplit(resp.url).path) if resp.content_type not in ("text/html", "application/xhtml+xml") else "html"
    if fmt is None:
        fmt = "html" if (resp.content_type in ("", "text/html") or data.lstrip()[:1] == b"<") else None
    if fmt is None:
        batch.skip(shown, f"{prefix}{resp.url} is {resp.content_type or 'of an unknown type'}, not a page or a "
                          "file newsdesk reads", record)
        return
    if fmt != "html":
        if record is None:
            batch.extend(_FROM_BYTES[fmt](data, shown=shown, name=url_name(resp.url), config=config))
        else:
            batch.skip(shown, f"{prefix}{resp.url} is a {fmt} file, not a page; give it as an input itself", record)
        return
    try:
        html, note = decode(data, declared=resp.charset or html_charset(data))
    except NotText as exc:
        batch.skip(shown, f"{prefix}{exc}", record)
        return
    before = len(batch.skipped)
    remote = is_url(resp.url)
    art = article_from_html(html, shown=shown if record is None else resp.url, name=url_name(resp.url),
                            fmt="web" if remote else "html", config=config, batch=batch,
                            url=resp.url if remote else None, overrides=overrides)
    if art is None and record is not None and len(batch.skipped) > before:  # report it as the item
        last = batch.skipped.pop()
        batch.skip(shown, f"{prefix}{resp.url}: {last.reason}", record)
    elif art is not None and note:
        batch.note(art.origin.path, note)


# -------------------------------------------------------------------------------- feeds
def _feed(data: bytes, *, shown: str, name: str, config: IngestConfig, batch: _Batch,
          page: Callable[[str], Response], remote: bool) -> None:
    from .html import article_from_html

    import feedparser

    parsed = feedparser.parse(data)  # bytes: feedparser never fetches anything for bytes
    if not parsed.entries:
        if parsed.get("bozo"):
            batch.skip(shown, f"not a readable feed ({parsed.get('bozo_exception')}); check that it is "
                              "well-formed XML")
        else:
            batch.note(shown, "the feed has no items")
        return
    source = (parsed.feed.get("title") or "").strip() or None
    fetched = 0
    for i, entry in enumerate(parsed.entries, 1):
        where = f"item {i}"
        link = (entry.get("link") or "").strip()
        if link and remote:
            link = urljoin(shown, link)
        over = _item_fields(entry, source)
        full = " ".join(c.get("value", "") for c in entry.get("content", []) if isinstance(c, dict))
        key = (entry.get("id") or link or "").strip()
        if full.strip() and not too_short(_words_of(full), config):
            if article_from_html(full, shown=shown, name=name, fmt="feed", record=i, config=config, batch=batch,
                                 overrides=over, id_part=link):
                _stable_id(batch, name, key, full)
            continue
        reason = "no full text (content:encoded)"
        if link:
            if remote and fetched >= config.max_pages:
                reason = f"{reason}, and max_pages={config.max_pages} pages were fetched already (raise [ingest] max_pages)"
            else:
                fetched += remote
                try:
                    resp = page(link)
                except FetchError as exc:
                    reason = f"{reason}, and {exc}"
                else:
                    _page(resp, shown=shown, config=config, batch=batch, overrides=over, record=i, where=where)
                    continue
        summary = entry.get("summary") or ""
        if summary.strip() and not too_short(_words_of(summary), config):
            if article_from_html(summary, shown=shown, name=name, fmt="feed", record=i, config=config, batch=batch,
                                 overrides=over, id_part=link):
                _stable_id(batch, name, key, summary)
                batch.note(shown, f"{where}: read from its summary only ({reason})", i)
            continue
        batch.skip(shown, f"{where}: {reason}; its summary is too short to stand for the article", i)


def _stable_id(batch: _Batch, name: str, key: str, content: str) -> None:
    """The id of the item just read: from the feed's name, the item's guid (or link) and its text,
    not from its position, so that the same item read again from a feed that gained new items on
    top has the same id (the desk then knows it already)."""
    import dataclasses

    from ._common import make_id

    art = batch.articles[-1]
    batch.articles[-1] = dataclasses.replace(art, id=make_id(name, None, content, part=key))


def _words_of(html: str) -> str:
    from ..htmltext import visible_text

    return visible_text(html) if "<" in html else html


def _item_fields(entry: Any, source: str | None) -> dict[str, Any]:
    link = (entry.get("link") or "").strip()
    over: dict[str, Any] = {
        "title": (entry.get("title") or "").strip() or None,
        "url": link if is_url(link) else None,
        "author": (entry.get("author") or "").strip() or None,
        "site": source,
    }
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            day = time.strftime("%Y-%m-%d", time.gmtime(calendar.timegm(parsed)))
            over["date"], over["date_evidence"] = day, f"feed {key}: {entry.get(key)}"
            break
    return over


# ----------------------------------------------------------------------------- sitemaps
def _sitemap(data: bytes, kind: str, *, shown: str, config: IngestConfig, batch: _Batch,
             page: Callable[[str], Response], remote: bool, depth: int, budget: list[int]) -> None:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        batch.skip(shown, f"not a readable sitemap ({exc}); check that it is well-formed XML")
        return
    entries = [el for el in root if el.tag.rsplit("}", 1)[-1] in ("url", "sitemap")]
    for i, el in enumerate(entries, 1):
        loc_el = el.find(f"{_SITEMAP_NS}loc")
        if loc_el is None:
            loc_el = el.find("loc")
        loc = (loc_el.text or "").strip() if loc_el is not None else ""
        where = f"entry {i}"
        if not loc:
            batch.skip(shown, f"{where} has no <loc>", i)
            continue
        if kind == "sitemapindex":
            if depth >= 1:
                batch.skip(shown, f"{where}: {loc} is a sitemap index inside a sitemap index; give it as an input", i)
                continue
            try:
                sub = page(loc)
            except FetchError as exc:
                batch.skip(shown, f"{where}: cannot fetch the sitemap {loc}: {exc}", i)
                continue
            sub_data = _gunzipped(sub.content)
            sub_kind = xml_kind(sub_data)
            if sub_kind not in ("sitemap", "sitemapindex"):
                batch.skip(shown, f"{where}: {loc} is not a sitemap", i)
                continue
            _sitemap(sub_data, sub_kind, shown=loc, config=config, batch=batch, page=page, remote=remote,
                     depth=depth + 1, budget=budget)
            continue
        over: dict[str, Any] = {}
        news_date = el.find(f"{_NEWS_NS}news/{_NEWS_NS}publication_date")
        if news_date is not None and (news_date.text or "").strip():
            from .jsonl import normalize_date

            iso = normalize_date(news_date.text.strip())
            if iso:
                over["date"], over["date_evidence"] = iso, f"sitemap news:publication_date {news_date.text.strip()}"
        if remote and budget[0] <= 0:
            batch.skip(shown, f"{where}: {loc} not fetched: max_pages={config.max_pages} pages were fetched "
                              "already (raise [ingest] max_pages)", i)
            continue
        budget[0] -= remote
        try:
            resp = page(loc)
        except FetchError as exc:
            batch.skip(shown, f"{where}: {loc}: {exc}", i)
            continue
        _page(resp, shown=shown, config=config, batch=batch, overrides=over, record=i, where=where)


__all__ = ["feed_from_bytes", "read_url", "url_name", "xml_kind"]
