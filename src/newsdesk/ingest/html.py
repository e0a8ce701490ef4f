"""HTML pages: metadata through trafilatura, ``raw`` = every visible line of the page.

trafilatura's ``extract_metadata`` reads title, date (htmldate), author, site name and the
canonical URL from ``<meta>``, JSON-LD and the page; the page itself stays in ``Article.html``
so the cleaner can run trafilatura's main-text extraction on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..config import IngestConfig
from ..htmltext import page_text
from ..model import Article, DateSource, InputFormat, Origin
from ..text import detect_language
from ._common import IngestResult, NotText, _Batch, decode, make_id, read_file_with, too_short

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KB (or None)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def page_metadata(html: str) -> dict[str, Any]:
    """title, date, author, sitename, url of a page (missing ones are None)."""
    import trafilatura

    try:
        doc = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - metadata is optional; a parser failure must not lose the page
        doc = None
    out: dict[str, Any] = dict.fromkeys(("title", "date", "author", "sitename", "url"))
    if doc is not None:
        for key in out:
            value = getattr(doc, key, None)
            out[key] = str(value).strip() if value else None
    if out["date"] and not _ISO_DATE.match(out["date"]):
        out["date"] = None
    return out


def article_from_html(
    html: str,
    *,
    shown: str,
    name: str,
    fmt: InputFormat = "html",
    record: int | None = None,
    config: IngestConfig,
    batch: _Batch,
    url: str | None = None,
    fallback_date: str | None = None,
    fallback_evidence: str | None = None,
    overrides: dict[str, Any] | None = None,
    text: str | None = None,
    id_part: str = "",
) -> Article | None:
    """One article from a page, or None after recording why it was skipped.

    ``url`` (e.g. WARC-Target-URI) wins over the page's canonical URL; ``fallback_date`` is used
    only when the page has no date (``date_source="estimated"``); ``overrides`` (fields given by a
    JSONL record) win over the page's metadata; ``text`` replaces the visible text as ``raw``.
    """
    raw, flat = page_text(html) if text is None else (text, None)
    if not raw.strip():
        batch.skip(
            shown,
            "HTML page with no visible body text (a script-rendered page or an error page?); "
            "save the rendered page or give its text",
            record,
        )
        return None
    reason = too_short(raw, config)
    if reason:
        batch.skip(shown, reason, record)
        return None
    meta = page_metadata(html)
    over = overrides or {}
    date = over.get("date") or meta["date"]
    source: DateSource | None = None
    evidence: str | None = None
    if over.get("date"):
        source, evidence = "metadata", over.get("date_evidence") or over["date"]
    elif meta["date"]:
        source, evidence = "metadata", f"page metadata (trafilatura/htmldate): {meta['date']}"
    elif fallback_date:
        date, source, evidence = fallback_date, "estimated", fallback_evidence
    art = Article(
        id=make_id(name, record, html + "\x00" + (text or ""), part=id_part),
        origin=Origin(shown, fmt, record),
        raw=raw,
        title=over.get("title") or meta["title"] or "",
        date=date,
        date_source=source if date else None,
        date_evidence=evidence if date else None,
        url=over.get("url") or url or meta["url"],
        author=over.get("author") or meta["author"],
        site=over.get("site") or meta["sitename"],
        language=detect_language(raw),
        html=html,
    )
    batch.articles.append(art)
    if flat:
        batch.note(shown, flat if record is None else f"record {record}: {flat}", record)
    return art


def html_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    batch = _Batch()
    try:
        html, note = decode(data, declared=html_charset(data))
    except NotText as exc:
        batch.skip(shown, str(exc))
        return batch.result()
    try:
        if article_from_html(html, shown=shown, name=name, config=config, batch=batch) and note:
            batch.note(shown, note)
    except Exception as exc:  # noqa: BLE001 - a page the parsers choke on is one skipped record
        batch.skip(shown, f"HTML page could not be read ({type(exc).__name__}: {exc})")
    return batch.result()


def read_html_file(path: str | Path, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read one HTML page (``.html``, ``.htm``; ``.html.gz`` is decompressed)."""
    return read_file_with(html_from_bytes, path, config)
