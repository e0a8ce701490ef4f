"""Ingest: read text, HTML, JSONL (articles or Multi-News clusters) and WARC into ``Article``s.

Every reader returns an :class:`IngestResult`; bad input never raises: it becomes a
``Skipped(path, reason, record, stage="ingest")`` whose reason names the problem and the fix.
Articles kept despite a repaired problem (e.g. a file decoded as Windows-1252) get a
:class:`Note`.
"""

from ..text import detect_language
from ._common import IngestResult, Note, make_id
from .html import read_html_file
from .jsonl import read_jsonl
from .read import FileUnit, Unit, format_of, plan_inputs, read_any, read_stream, read_unit, sniff, unique_ids
from .text import parse_dateline, read_text_file
from .warc import read_warc

__all__ = [
    "FileUnit",
    "IngestResult",
    "Unit",
    "plan_inputs",
    "read_unit",
    "unique_ids",
    "Note",
    "detect_language",
    "format_of",
    "make_id",
    "parse_dateline",
    "read_any",
    "read_html_file",
    "read_jsonl",
    "read_stream",
    "read_text_file",
    "read_warc",
    "sniff",
]
