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
from typing import IO, Any

from ..config import IngestConfig
from ._common import STREAM_ERRORS, IngestResult, NotText, _Batch, decode, display_name, readable
from .html import article_from_html, html_charset

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _page(rec: Any, n: int, *, shown: str, name: str, config: IngestConfig, batch: _Batch, other: Counter[str]) -> None:
    """One response record: an article, a skip, or a count in ``other`` (not an HTML page)."""
    if rec.http_headers is None:
        other["non-HTTP response"] += 1
        return
    ctype = (rec.http_headers.get_header("Content-Type") or "").strip()
    mime = ctype.split(";")[0].strip().lower()
    if mime not in _HTML_TYPES:
        missing = _unread(rec)
        if missing:  # cut inside its headers or body: say so, not "not HTML"
            raise _Truncated(n, f"{missing:,} bytes of it are missing")
        other[mime or "no content type"] += 1
        return
    status = rec.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        batch.skip(shown, f"record {n}: HTTP status {status}, not a page; nothing to read", n)
        return
    body = rec.content_stream().read(config.max_bytes + 1)
    if len(body) > config.max_bytes:
        batch.skip(
            shown,
            f"record {n}: page over max_bytes={config.max_bytes:,}; raise [ingest] max_bytes",
            n,
        )
        return
    missing = _unread(rec)
    if missing:  # the archive ends inside this record: a partial page is not an article
        raise _Truncated(n, f"{missing:,} bytes of it are missing")
    try:
        html, note = decode(body, declared=_charset(ctype) or html_charset(body))
    except NotText as exc:
        batch.skip(shown, f"record {n}: {exc}", n)
        return
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


class _Truncated(Exception):
    def __init__(self, record: int, detail: str) -> None:
        super().__init__(f"the archive ends inside record {record} ({detail})")
        self.record = record


def _unread(rec: Any) -> int:
    """Bytes of the record's declared Content-Length that the archive does not hold (0 when whole)."""
    raw = getattr(rec, "raw_stream", None)
    limit = getattr(raw, "limit", 0)
    if not limit:
        return 0
    raw.read()  # whatever is left of the record
    return int(getattr(raw, "limit", 0) or 0)


def warc_from_stream(stream: IO[bytes], *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    """Read a WARC archive (gzipped per record or not) as a stream: ``config.max_bytes`` bounds each
    page, never the archive. A damaged or cut archive keeps the pages before the damage and lists
    the damage in ``skipped`` (a record cut short is not kept as an article)."""
    from warcio.archiveiterator import ArchiveIterator

    batch = _Batch()
    other: Counter[str] = Counter()
    n = 0
    finished: list[bool] = []  # the gzip member the archive ended in was complete (gzipped WARCs)
    plain: list[bool] = []  # the archive is not gzipped
    source = _Counting(stream)
    try:
        it = ArchiveIterator(source)
        reader = it.reader
        close = reader.close_decompressor

        def closing() -> None:  # warcio stops silently at a gzip member cut short: tell it apart
            d = reader.decompressor
            plain.append(d is None)
            finished.append(d is None or bool(getattr(d, "eof", True)) or not source.count)
            close()

        reader.close_decompressor = closing
        for n, rec in enumerate(it, 1):
            if rec.rec_type != "response":
                continue
            try:
                _page(rec, n, shown=shown, name=name, config=config, batch=batch, other=other)
            except _Truncated:
                raise
            except STREAM_ERRORS:
                raise
            except Exception as exc:  # noqa: BLE001 - one odd page must not stop the archive
                batch.skip(shown, f"record {n} could not be read ({type(exc).__name__}: {exc})", n)
        if finished and not finished[-1]:
            raise _Truncated(n + 1, "a gzip member cut short")
        info = getattr(it, "member_info", None)  # (offset, length) of the last whole record
        if plain and plain[-1] and source.count - (sum(info) if info else 0) > _TRAILER_BYTES:
            raise _Truncated(n + 1, "a record cut short in its headers")
    except _Truncated as exc:
        batch.skip(
            shown,
            f"damaged WARC after record {exc.record - 1}: {exc}; records before it were kept, "
            "the rest is unreadable (re-download the archive)",
            exc.record,
        )
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
    if n == 0 and not batch.skipped:
        batch.skip(shown, "empty WARC: no complete record in it (an empty, cut or unrecognised file); give a WARC archive")
    elif not batch.articles and not batch.skipped:
        batch.skip(shown, f"WARC with no HTML response records ({n} record(s) of other types); nothing to read")
    return batch.result()


# Bytes after a record's declared length that are only its closing blank lines.
_TRAILER_BYTES = 8


class _Counting:
    """A stream that counts the bytes read from it (a cut gzip member matters only after data)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.count += len(data)
        return data


def warc_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    return warc_from_stream(io.BytesIO(data), shown=shown, name=name, config=config)


def read_warc(path: str | Path, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read the HTML pages of a WARC file (``.warc`` or ``.warc.gz``).

    The file is streamed, so ``config.max_bytes`` applies to each page, not to the archive.
    """
    shown = display_name(str(path))
    batch = _Batch()
    if not readable(Path(path), shown, batch):
        return batch.result()
    try:
        with open(path, "rb") as fh:
            return warc_from_stream(fh, shown=shown, name=Path(path).name, config=config)
    except OSError as exc:
        batch.skip(shown, f"cannot read: {exc.strerror or exc}; check the file's permissions")
        return batch.result()
