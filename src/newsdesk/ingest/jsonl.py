"""JSON Lines: one article per line, or Multi-News-shaped clusters; the shape is read per line.

An article line is an object with ``text`` or ``html`` (strings) and optional ``title``, ``url``,
``date``, ``author`` and ``source`` (the outlet, stored as ``site``). A cluster line is
``{"id": ..., "documents": [str, ...], "summary": ...}``: each document becomes one article with
``origin.format = "multinews"``, ``origin.cluster = id`` and ``origin.record`` = the line number;
the document's 0-based index is part of the article id (``<cluster>.<index>-<hash>``). The
``summary`` is the reference for evaluation and is never read into an article. Multi-News
documents are raw scraped text without a reliable title line, so they are kept whole in ``raw``
with an empty title.

Line numbers are 1-based and count blank lines, so ``file.jsonl:12`` is line 12 in an editor.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..config import IngestConfig
from ..model import Article, Origin
from ..text import detect_language
from ._common import (
    MAX_JUNK_SHARE,
    STREAM_ERRORS,
    IngestResult,
    NotText,
    Prefixed,
    _Batch,
    decode,
    display_name,
    gzip_problem,
    junk_share,
    lines,
    make_id,
    open_records,
    slug,
    too_short,
)
from .html import article_from_html
from .records import canonical
from .text import parse_dateline

_STRING_FIELDS = ("title", "url", "date", "author", "source")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_text(value: str) -> tuple[str, str | None]:
    """A JSON string made safe to keep: lone surrogates (``"\\ud800"``) become U+FFFD; the second
    item is a problem when the string is not text at all (mostly control characters)."""
    text = _SURROGATE.sub("\ufffd", value).replace("\r\n", "\n").replace("\r", "\n")
    share = junk_share(text)
    if share > MAX_JUNK_SHARE:
        return text, f"not text ({share:.0%} control or undecodable characters); fix the record"
    return text, None


def normalize_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for an ISO date/datetime or a written full date; None if not understood."""
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    d = parse_dateline(s)
    return d.isoformat() if d else None


def _type_name(v: Any) -> str:
    return {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(v), "null" if v is None else type(v).__name__
    )


def _article_line(
    obj: dict[str, Any], line: str, *, lineno: int, shown: str, name: str, config: IngestConfig, batch: _Batch
) -> None:
    obj = canonical(obj)  # news-please / fundus names (maintext, plaintext, date_publish, ...): ingest/records.py
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        batch.skip(
            shown,
            f"line {lineno} has neither 'text' nor 'html'; each line needs one of them "
            "(or 'documents' for a Multi-News cluster)",
            lineno,
        )
        return
    for key, value in (("text", text), ("html", html), *((k, obj.get(k)) for k in _STRING_FIELDS)):
        if value is not None and not isinstance(value, str):
            batch.skip(
                shown,
                f"line {lineno}: '{key}' must be a string, not {_type_name(value)}; fix the record",
                lineno,
            )
            return
    for key in _STRING_FIELDS:
        if obj.get(key) is not None:
            obj[key] = _SURROGATE.sub("\ufffd", obj[key])
    for key in ("text", "html"):
        if obj.get(key) is not None:
            obj[key], problem = _json_text(obj[key])
            if problem:
                batch.skip(shown, f"line {lineno}: '{key}' is {problem}", lineno)
                return
    text, html = obj.get("text"), obj.get("html")
    over: dict[str, Any] = {
        "title": (obj.get("title") or "").strip() or None,
        "url": obj.get("url") or None,
        "author": obj.get("author") or None,
        "site": obj.get("source") or None,
    }
    if obj.get("date"):
        iso = normalize_date(obj["date"])
        if iso:
            over["date"], over["date_evidence"] = iso, obj["date"]
        else:
            batch.note(
                shown, f"line {lineno}: date {obj['date']!r} not understood (use YYYY-MM-DD); ignored", lineno
            )
    if html is not None:
        article_from_html(
            html,
            shown=shown,
            name=name,
            fmt="jsonl",
            record=lineno,
            config=config,
            batch=batch,
            overrides=over,
            text=text,
        )
        return
    assert isinstance(text, str)
    raw = text
    reason = too_short(raw, config)
    if reason:
        batch.skip(shown, f"line {lineno}: {reason}", lineno)
        return
    batch.articles.append(
        Article(
            id=make_id(name, lineno, line),
            origin=Origin(shown, "jsonl", lineno),
            raw=raw,
            title=over["title"] or "",
            date=over.get("date"),
            date_source="metadata" if over.get("date") else None,
            date_evidence=over.get("date_evidence"),
            url=over["url"],
            author=over["author"],
            site=over["site"],
            language=detect_language(raw),
        )
    )


def _cluster_line(
    obj: dict[str, Any], *, lineno: int, shown: str, name: str, config: IngestConfig, batch: _Batch
) -> None:
    docs, cid = obj.get("documents"), obj.get("id", f"line{lineno}")
    if not isinstance(cid, (str, int)) or isinstance(cid, bool):
        batch.skip(
            shown,
            f"line {lineno}: cluster 'id' must be a string, not {_type_name(cid)}; fix the record",
            lineno,
        )
        return
    cid = _SURROGATE.sub("\ufffd", str(cid))
    if not isinstance(docs, list):
        batch.skip(
            shown,
            f"line {lineno}: 'documents' must be an array of strings, not {_type_name(docs)}; fix the record",
            lineno,
        )
        return
    if not docs:
        batch.skip(shown, f"line {lineno}: cluster {cid!r} has no documents", lineno)
        return
    for i, doc in enumerate(docs):
        where = f"line {lineno}: cluster {cid!r} document {i}"
        if not isinstance(doc, str):
            batch.skip(shown, f"{where} must be a string, not {_type_name(doc)}; fix the record", lineno)
            continue
        raw, problem = _json_text(doc)
        raw = raw.strip("\n")
        if problem:
            batch.skip(shown, f"{where} is {problem}", lineno)
            continue
        reason = too_short(raw, config)
        if reason:
            batch.skip(shown, f"{where}: {reason}", lineno)
            continue
        batch.articles.append(
            Article(
                id=make_id(name, lineno, doc, prefix=f"{slug(cid)}.{i}", part=f"{cid}/{i}"),
                origin=Origin(shown, "multinews", lineno, cluster=cid),
                raw=raw,
                language=detect_language(raw),
            )
        )


# Integers longer than this are read as floats (Python refuses int("9" * 4301) since 3.11, a
# guard against quadratic conversion): a number field is never a string we read, so the record is
# judged on its other fields, and a 5,000-digit "id" is reported as a number, not a crash.
MAX_INT_DIGITS = 4000


def _int(digits: str) -> int | float:
    return int(digits) if len(digits) <= MAX_INT_DIGITS else float(digits)


def parse_json(text: str) -> Any:
    """``json.loads`` with huge integers read safely (:data:`MAX_INT_DIGITS`)."""
    return json.loads(text, parse_int=_int)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"{type(exc).__name__}: {exc}"


def _one_line(
    raw: bytes, *, lineno: int, shown: str, name: str, config: IngestConfig, batch: _Batch, notes: dict[str, list[int]]
) -> None:
    try:
        line, note = decode(raw)
    except NotText as exc:
        batch.skip(shown, f"line {lineno}: {exc}", lineno)
        return
    if not line.strip():
        return
    if note:
        notes.setdefault(note, []).append(lineno)
    try:
        obj = parse_json(line)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        batch.skip(
            shown,
            f"line {lineno} is not valid JSON ({_json_problem(exc)}); each line must be one JSON object",
            lineno,
        )
        return
    if not isinstance(obj, dict):
        batch.skip(
            shown,
            f"line {lineno} is {_type_name(obj)}, not a JSON object; each line must be one object",
            lineno,
        )
        return
    if "documents" in obj:
        _cluster_line(obj, lineno=lineno, shown=shown, name=name, config=config, batch=batch)
    else:
        _article_line(obj, line, lineno=lineno, shown=shown, name=name, config=config, batch=batch)


def jsonl_from_stream(stream: IO[bytes], *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    """Read JSON Lines from a binary stream, one line at a time: ``config.max_bytes`` bounds each
    line (a longer line is skipped, the rest of the file is read), never the file. A stream that
    fails part way (a cut or corrupt ``.gz``) keeps the lines before the damage and reports it."""
    batch = _Batch()
    notes: dict[str, list[int]] = {}
    lineno, records = 0, 0
    try:
        head = stream.read(2)
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # UTF-16 cannot be split on b"\n"
            data = head + stream.read(config.max_bytes + 1)
            if len(data) > config.max_bytes:
                batch.skip(shown, f"UTF-16 file over max_bytes={config.max_bytes:,}; re-save it as UTF-8")
                return batch.result()
            try:
                text, _ = decode(data)
            except NotText as exc:
                batch.skip(shown, str(exc))
                return batch.result()
            source: Any = ((n, ln.encode("utf-8", "surrogatepass")) for n, ln in enumerate(text.split("\n"), 1))
        else:
            source = lines(Prefixed(head, stream), config.max_bytes)  # type: ignore[arg-type]
        for lineno, raw in source:
            if raw is None:
                records += 1
                batch.skip(
                    shown,
                    f"line {lineno} is over max_bytes={config.max_bytes:,}; split the record or raise "
                    "[ingest] max_bytes",
                    lineno,
                )
                continue
            if not raw.strip():
                continue
            records += 1
            try:
                _one_line(raw, lineno=lineno, shown=shown, name=name, config=config, batch=batch, notes=notes)
            except Exception as exc:  # noqa: BLE001 - one odd record must not stop the file
                batch.skip(shown, f"line {lineno} could not be read ({type(exc).__name__}: {exc})", lineno)
    except STREAM_ERRORS as exc:
        batch.skip(shown, gzip_problem(exc, f" after line {lineno}") + "; the lines before it were kept", lineno + 1)
        records += 1
    for note, at in notes.items():
        where = f"line {at[0]}" if len(at) == 1 else f"{len(at)} lines, first line {at[0]}"
        batch.note(shown, f"{note} ({where})")
    if records == 0:
        batch.skip(shown, "empty file: no JSON lines in it; each line must be one JSON object")
    return batch.result()


def jsonl_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    return jsonl_from_stream(io.BytesIO(data), shown=shown, name=name, config=config)


def read_jsonl(path: str | Path, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read a JSON Lines file of articles or of Multi-News-shaped clusters (``.jsonl``, ``.jsonl.gz``),
    streamed: the file may be any size, ``config.max_bytes`` bounds each line."""
    shown = display_name(str(path))
    batch = _Batch()
    stream = open_records(Path(path), shown, batch)
    if stream is None:
        return batch.result()
    with stream:
        return jsonl_from_stream(stream, shown=shown, name=Path(path).name, config=config)
