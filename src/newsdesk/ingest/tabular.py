"""CSV / TSV tables and JSON files of articles.

**CSV / TSV** (``.csv``, ``.tsv``; the delimiter of a ``.csv`` is sniffed among ``, ; | tab``):
the first row names the columns; each row needs a ``text`` or ``html`` column (or ``maintext``,
``plaintext``, ``content``, ``body``) and may have ``title``, ``url``, ``date``, ``author`` and
``source`` (see :mod:`.records` for every accepted name). A row's record number is the line
it starts on (the header is line 1), so ``file.csv:12`` is line 12 in an editor even when a
quoted text spans lines.

**JSON** (``.json``): one article object (news-please writes one file per article, with
``maintext``, ``date_publish``, ``source_domain``), an array of them, or an object whose
``articles``/``items``/``data`` field is that array. Records of an array are numbered from 1.
"""

from __future__ import annotations

import csv
import io
import json
from ..config import IngestConfig
from ._common import IngestResult, NotText, _Batch, decode
from .jsonl import parse_json
from .records import article_from_record, type_name

DELIMITERS = ",;|\t"
TEXT_COLUMNS = ("text", "html", "maintext", "plaintext", "content", "body")
_WRAPPERS = ("articles", "items", "data", "results")


def _delimiter(content: str, name: str) -> str:
    if name.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    header = content.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def csv_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    """Articles from a CSV or TSV table (a row that cannot become an article is skipped)."""
    batch = _Batch()
    try:
        content, note = decode(data)
    except NotText as exc:
        batch.skip(shown, str(exc))
        return batch.result()
    if note:
        batch.note(shown, note)
    csv.field_size_limit(max(config.max_bytes, 131072))  # one article may be a long quoted field
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=_delimiter(content, name))
    try:
        header = next(reader)
    except StopIteration:
        batch.skip(shown, "empty table: no header row; the first row must name the columns (text, title, ...)")
        return batch.result()
    except csv.Error as exc:
        batch.skip(shown, f"not a readable table ({exc}); check the quoting of line 1")
        return batch.result()
    columns = [c.strip().lstrip("\ufeff").lower() for c in header]
    if not any(c in TEXT_COLUMNS for c in columns):
        batch.skip(shown, f"no text column among {', '.join(repr(c) for c in columns[:12])}: name the column of the "
                          "article text 'text' (or 'html' for pages)")
        return batch.result()
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            batch.skip(shown, f"line {start} is not a readable row ({exc}); check its quotes", start)
            line = reader.line_num
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a record
        where = f"line {start}"
        if len(row) != len(columns):
            batch.skip(shown, f"{where} has {len(row)} fields, the header {len(columns)}; quote fields that "
                              "contain the delimiter", start)
            continue
        obj = {c: v for c, v in zip(columns, row, strict=True) if c and v != ""}
        article_from_record(obj, shown=shown, name=name, fmt="csv", record=start, where=where, config=config,
                            batch=batch, id_content="\x1f".join(row))
    return batch.result()


def json_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    """Articles from a JSON file: one object, an array, or ``{"articles": [...]}``."""
    batch = _Batch()
    try:
        content, note = decode(data)
    except NotText as exc:
        batch.skip(shown, str(exc))
        return batch.result()
    if note:
        batch.note(shown, note)
    try:
        doc = parse_json(content)  # huge integers read safely (jsonl.MAX_INT_DIGITS)
    except (ValueError, RecursionError) as exc:
        where = f" ({exc.msg} at line {exc.lineno} column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        hint = "; for one article a line, name the file .jsonl" if content.lstrip().startswith("{") else ""
        batch.skip(shown, f"not valid JSON{where}{hint}")
        return batch.result()
    if isinstance(doc, dict):
        wrapped = next((doc[k] for k in _WRAPPERS if isinstance(doc.get(k), list)), None)
        if wrapped is None:
            article_from_record(doc, shown=shown, name=name, fmt="json", record=None, where="the object",
                                config=config, batch=batch, id_content=content)
            return batch.result()
        doc = wrapped
    if not isinstance(doc, list):
        batch.skip(shown, f"JSON {type_name(doc)}, not an article object or an array of them")
        return batch.result()
    for i, obj in enumerate(doc, 1):
        where = f"item {i}"
        if not isinstance(obj, dict):
            batch.skip(shown, f"{where} is {type_name(obj)}, not an article object", i)
            continue
        article_from_record(obj, shown=shown, name=name, fmt="json", record=i, where=where, config=config,
                            batch=batch, id_content=json.dumps(obj, sort_keys=True, ensure_ascii=False))
    return batch.result()


__all__ = ["csv_from_bytes", "json_from_bytes"]
