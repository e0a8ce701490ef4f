"""WARC archives (``.warc``, ``.warc.gz``) read with warcio.

Each HTTP ``response`` record whose Content-Type is HTML becomes an article: the URL comes from
``WARC-Target-URI``; the date comes from the page's metadata, and only when the page has none
from ``WARC-Date`` (the crawl time, so ``date_source="estimated"``). Other responses (images,
CSS, scripts) are not articles: they are counted in one ``Skipped`` line per file rather than
listed one by one. ``origin.record`` is the 1-based position of the record in the file.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import IO

from ..config import IngestConfig
from ._common import IngestResult, NotText, _Batch, decode, readable
from .html import article_from_html, html_charset

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def warc_from_stream(stream: IO[bytes], *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    from warcio.archiveiterator import ArchiveIterator

    batch = _Batch()
    other: Counter[str] = Counter()
    n = 0
    try:
        for n, rec in enumerate(ArchiveIterator(stream), 1):
            if rec.rec_type != "response":
                continue
            if rec.http_headers is None:
                other["non-HTTP response"] += 1
                continue
            ctype = (rec.http_headers.get_header("Content-Type") or "").strip()
            mime = ctype.split(";")[0].strip().lower()
            if mime not in _HTML_TYPES:
                other[mime or "no content type"] += 1
                continue
            status = rec.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                batch.skip(shown, f"record {n}: HTTP status {status}, not a page; nothing to read", n)
                continue
            body = rec.content_stream().read(config.max_bytes + 1)
            if len(body) > config.max_bytes:
                batch.skip(
                    shown,
                    f"record {n}: page over max_bytes={config.max_bytes:,}; raise [ingest] max_bytes",
                    n,
                )
                continue
            try:
                html, note = decode(body, declared=_charset(ctype) or html_charset(body))
            except NotText as exc:
                batch.skip(shown, f"record {n}: {exc}", n)
                continue
            when = rec.rec_headers.get_header("WARC-Date") or ""
            art = article_from_html(
                html,
                shown=shown,
                name=name,
                fmt="warc",
                record=n,
                config=config,
                batch=batch,
                url=rec.rec_headers.get_header("WARC-Target-URI"),
                fallback_date=when[:10] if len(when) >= 10 and when[4] == "-" else None,
                fallback_evidence=f"WARC-Date {when} (crawl time; the page gives no date)",
            )
            if art is not None and note:
                batch.note(shown, f"record {n}: {note}", n)
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged archives
        at = f"after record {n}" if n else "at the start"
        batch.skip(
            shown,
            f"damaged WARC {at}: {type(exc).__name__}: {exc}; "
            "records before it were kept, the rest is unreadable",
            n + 1,
        )
    if other:
        kinds = ", ".join(f"{k} x{v}" for k, v in sorted(other.items()))
        batch.skip(
            shown, f"{sum(other.values())} response record(s) are not HTML pages ({kinds}); only HTML is read"
        )
    return batch.result()


def warc_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    return warc_from_stream(io.BytesIO(data), shown=shown, name=name, config=config)


def read_warc(path: str | Path, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read the HTML pages of a WARC file (``.warc`` or ``.warc.gz``).

    The file is streamed, so ``config.max_bytes`` applies to each page, not to the archive.
    """
    shown = str(path)
    batch = _Batch()
    if not readable(Path(path), shown, batch):
        return batch.result()
    try:
        with open(path, "rb") as fh:
            return warc_from_stream(fh, shown=shown, name=Path(path).name, config=config)
    except OSError as exc:
        batch.skip(shown, f"cannot read: {exc.strerror or exc}; check the file's permissions")
        return batch.result()
