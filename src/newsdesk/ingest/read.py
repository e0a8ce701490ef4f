"""``read_any``: files, directories (recursively) and standard input, format chosen per file.

A file's format comes from its name (``.txt``, ``.html``/``.htm``, ``.jsonl``, ``.warc``; any of
them may end in ``.gz``). Standard input and explicitly named files without an extension are
sniffed from their first bytes; other endings (``.pdf``, ``.json``, ...) are skipped with a
reason. Directories are walked in sorted order; hidden files and folders (names starting with
".") are not read (a hidden file of a readable type is listed in ``skipped``), and files of
unknown type are listed in ``skipped`` so nothing is lost silently. FIFOs, sockets and devices
are skipped with a reason before they are opened (never a hang).

JSONL and WARC files (and standard input holding them) are read as streams: ``max_bytes`` bounds
each record (a line, a page), never the file. A text or HTML file is one record.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..config import IngestConfig
from ._common import (
    STREAM_ERRORS,
    IngestResult,
    Prefixed,
    _Batch,
    display_name,
    gzip_problem,
    read_bytes,
    readable,
)
from .feeds import feed_from_bytes, read_url, xml_kind
from .fetch import is_url
from .html import html_from_bytes
from .tabular import csv_from_bytes, json_from_bytes
from .jsonl import jsonl_from_bytes, jsonl_from_stream, parse_json, read_jsonl
from .text import text_from_bytes
from .warc import read_warc, warc_from_bytes, warc_from_stream

STDIN = "<stdin>"
SUPPORTED = "(use .txt, .html, .jsonl, .json, .csv, .tsv, .rss, .atom, .xml, .warc.gz)"

_Reader = Callable[..., IngestResult]
# Formats read as a stream of records (a per-record size limit, never a whole-file one), from a
# path and from an open binary stream (standard input).
_FROM_PATH: dict[str, Callable[..., IngestResult]] = {"jsonl": read_jsonl, "warc": read_warc}
_FROM_STREAM: dict[str, _Reader] = {"jsonl": jsonl_from_stream, "warc": warc_from_stream}
# Bytes of a stream looked at to tell its format (and whether it is gzip).
SNIFF_BYTES = 65_536
_FROM_BYTES: dict[str, _Reader] = {
    "text": text_from_bytes,
    "html": html_from_bytes,
    "jsonl": jsonl_from_bytes,
    "warc": warc_from_bytes,
    "csv": csv_from_bytes,
    "json": json_from_bytes,
    "feed": feed_from_bytes,
}
# File name endings and the format they hold; ".gz" may follow any of them.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


def format_of(name: str) -> str | None:
    """The input format a file name announces, or None for an unknown type."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    return next((fmt for ext, fmt in EXTENSIONS.items() if low.endswith(ext)), None)


def sniff(data: bytes) -> str:
    """Guess the format of bytes with no file name: "warc", "html", "jsonl" or "text"."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    low = head[:1024].lower()
    if low.startswith(b"<") and xml_kind(head):
        return "feed"
    if low.startswith(b"<") and any(
        t in low for t in (b"<html", b"<!doctype", b"<head", b"<body", b"<p", b"<div")
    ):
        return "html"
    if head.startswith(b"{"):
        stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        first, newline, _ = stripped.partition(b"\n")
        if not newline and len(data) >= SNIFF_BYTES and head.startswith(b'{"'):
            return "jsonl"  # a first line longer than what was looked at: an object, read as JSONL
        try:
            if isinstance(parse_json(first.decode("utf-8", "replace")), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    return "text"


def read_stream(
    data: bytes | str | IO[bytes], *, name: str = STDIN, config: IngestConfig = IngestConfig()
) -> IngestResult:
    """Read articles from bytes or a binary stream of unknown format (standard input, an upload):
    sniffs the format from the first bytes.

    gzip data is decompressed first. A stream of JSONL or WARC is read record by record
    (``config.max_bytes`` bounds each record); other formats are one record, bounded by
    ``config.max_bytes``. Never raises for bad data: it ends up in ``skipped``.
    """
    name = display_name(name)
    try:
        return _read_data(data, name, config)
    except Exception as exc:  # noqa: BLE001 - as read_unit: bad input never raises
        return _failed(name, exc)


def _read_data(data: bytes | str | IO[bytes], name: str, config: IngestConfig) -> IngestResult:
    if not isinstance(data, (bytes, bytearray, str)):
        return _read_open_stream(data, name, config)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    batch = _Batch()
    if len(data) > config.max_bytes and not _streamable(data, config):
        batch.skip(
            name,
            f"input too large: {len(data):,} bytes is over max_bytes={config.max_bytes:,}; "
            "split it or raise [ingest] max_bytes",
        )
        return batch.result()
    return _read_open_stream(io.BytesIO(data), name, config)


def _streamable(data: bytes | bytearray, config: IngestConfig) -> bool:
    """Bytes over ``max_bytes`` that are JSONL or WARC (limited per record, not as a whole)."""
    return data[:2] != b"\x1f\x8b" and sniff(data[:SNIFF_BYTES]) in _FROM_STREAM


def _read_open_stream(stream: IO[bytes], name: str, config: IngestConfig) -> IngestResult:
    """An open binary stream (standard input) read without reading it whole when it is JSONL or WARC."""
    batch = _Batch()
    try:
        head = stream.read(SNIFF_BYTES)
        if head[:2] == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=io.BufferedReader(Prefixed(head, stream)), mode="rb")  # type: ignore[assignment]
            head = stream.read(SNIFF_BYTES)
    except STREAM_ERRORS as exc:
        batch.skip(name, gzip_problem(exc))
        return batch.result()
    fmt = sniff(head)
    rest: IO[bytes] = io.BufferedReader(Prefixed(head, stream))
    if fmt in _FROM_STREAM:
        return nonempty(_FROM_STREAM[fmt](rest, shown=name, name=name, config=config), name, fmt)
    try:
        data = rest.read(config.max_bytes + 1)
    except STREAM_ERRORS as exc:
        batch.skip(name, gzip_problem(exc))
        return batch.result()
    if len(data) > config.max_bytes:
        batch.skip(
            name,
            f"input too large: over max_bytes={config.max_bytes:,} bytes; split it or raise [ingest] max_bytes",
        )
        return batch.result()
    return nonempty(_FROM_BYTES[fmt](data, shown=name, name=name, config=config), name, fmt)


def _read_file(path: Path, shown: str, config: IngestConfig, *, explicit: bool) -> IngestResult:
    fmt = format_of(path.name)
    if fmt in _FROM_PATH:
        return nonempty(_with_shown(_FROM_PATH[fmt](path, config=config), str(path), shown), shown, fmt)
    batch = _Batch()
    if fmt is None and not (explicit and not path.suffix):
        batch.skip(shown, _unknown(path.name))
        return batch.result()
    data = read_bytes(path, shown, config, batch)
    if data is None:
        return batch.result()
    if fmt is None:  # named explicitly and without an extension: look at the content
        fmt = sniff(data)
    return nonempty(_FROM_BYTES[fmt](data, shown=shown, name=path.name, config=config), shown, fmt)


def nonempty(result: IngestResult, shown: str, fmt: str) -> IngestResult:
    """``result``, or one skip saying the input held no record: a file never vanishes silently
    (an empty table, feed or JSON array), whatever the reader did."""
    if result.articles or result.skipped:
        return result
    batch = _Batch()
    batch.extend(result)
    batch.skip(shown, f"no records in it (an empty {fmt} input); nothing to read")
    return batch.result()


def _with_shown(result: IngestResult, path: str, shown: str) -> IngestResult:
    """A path reader's result reported under ``shown`` (the name the file was reached by)."""
    if display_name(path) == shown:
        return result
    old = display_name(path)
    fix = lambda p: shown if p == old else p  # noqa: E731
    return IngestResult(
        tuple(dataclasses.replace(a, origin=dataclasses.replace(a.origin, path=fix(a.origin.path))) for a in result.articles),
        tuple(dataclasses.replace(s, path=fix(s.path)) for s in result.skipped),
        tuple(dataclasses.replace(n, path=fix(n.path)) for n in result.notes),
    )


def _unknown(name: str) -> str:
    low = name.lower()
    ext = "".join(Path(low).suffixes[-2:]) if low.endswith(".gz") else Path(low).suffix
    what = f"'{ext}'" if ext else "(no extension)"
    return f"unknown file type {what} {SUPPORTED}"


@dataclass(frozen=True, slots=True)
class FileUnit:
    """One file to read with :func:`read_unit` (possibly on another machine)."""

    path: str  # the file as it was reached
    shown: str  # the name records and skips are reported under
    explicit: bool  # named as an argument (then a file without an extension is sniffed)
    size: int  # bytes on disk, to balance partitions (0 when it cannot be read: reading says why)


Unit = FileUnit | IngestResult  # a file to read, or what was decided without reading (a skip, stdin)


def plan_inputs(
    paths: Iterable[str | Path] | str | Path, *, config: IngestConfig = IngestConfig()
) -> list[Unit]:
    """Walk ``paths`` as :func:`read_any` does, without reading files: the units to read, in order.

    Arguments in order, directory entries sorted by name, hidden entries left out, a file reached
    twice read once, unknown types skipped with a reason; standard input is read here. What is
    decided without reading a file stays in place as a finished ``IngestResult``, so reading the
    units in order (:func:`read_unit`) gives ``read_any``'s lists. The distributed engine reads
    the units on workers.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    units: list[Unit] = []
    seen_files: dict[Path, str] = {}
    seen_dirs: set[Path] = set()

    def skip(shown: str, reason: str) -> None:
        batch = _Batch()
        batch.skip(shown, reason)
        units.append(batch.result())

    def one_file(path: Path, shown: str, explicit: bool = False) -> None:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key in seen_files:
            skip(shown, f"already read as {seen_files[key]}; each file is read once")
            return
        seen_files[key] = shown
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        units.append(FileUnit(str(path), shown, explicit, size))

    def walk(folder: Path, shown: Path) -> None:
        try:
            real = folder.resolve()
            if real in seen_dirs:
                return  # a symbolic link back into a folder already walked
            seen_dirs.add(real)
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            skip(display_name(str(shown)), f"cannot list the directory: {exc.strerror or exc}; check its permissions")
            return
        for entry in entries:
            child = shown / entry.name
            if entry.name.startswith("."):
                if format_of(entry.name) is not None:  # .DS_Store, .git: left alone; ".notes.txt": said
                    skip(display_name(str(child)), "hidden file (its name starts with '.'): not read; "
                         "rename it or give it by name to read it")
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(entry, child)
            elif format_of(entry.name) is None:
                skip(display_name(str(child)), _unknown(entry.name))
            else:
                one_file(entry, display_name(str(child)))

    for p in paths:
        shown = display_name(str(p))
        if is_url(shown):  # fetched now (ingest/fetch.py: robots.txt, rate limit, cache)
            units.append(read_url(shown, config=config))
            continue
        if shown == "-":
            units.append(read_stream(sys.stdin.buffer, name=STDIN, config=config))
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            walk(path, path)
            continue
        batch = _Batch()
        if not readable(path, shown, batch):
            units.append(batch.result())
        else:
            one_file(path, shown, explicit=True)
    return units


def read_unit(unit: Unit, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read one unit of :func:`plan_inputs` (ids are made unique over a whole run by ``read_any``)."""
    if isinstance(unit, IngestResult):
        return unit
    try:
        return _read_file(Path(unit.path), unit.shown, config, explicit=unit.explicit)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one file never stops a run
        return _failed(unit.shown, exc)


def _failed(shown: str, exc: BaseException) -> IngestResult:
    """A file a reader failed on (a bug or a resource limit), as one skip with the error."""
    batch = _Batch()
    what = "too large or nested too deeply" if isinstance(exc, (MemoryError, RecursionError)) else "a reader error"
    batch.skip(shown, f"not read: {type(exc).__name__}: {str(exc)[:200]} ({what}; please report it with the file)")
    return batch.result()


def read_any(
    paths: Iterable[str | Path] | str | Path, *, config: IngestConfig = IngestConfig()
) -> IngestResult:
    """Read every article in ``paths``: files, directories (recursively) or ``"-"`` (standard input).

    Order is deterministic (arguments in order, directory entries sorted by name). Every input
    record becomes an article or a ``Skipped`` with a reason; a file reached twice is read once.
    Article ids are unique within the result: an id met again (two same-named files with the
    same content) gets a ``-2``, ``-3``, ... suffix.
    """
    batch = _Batch()
    for unit in plan_inputs(paths, config=config):
        batch.extend(read_unit(unit, config=config))
    _unique_ids(batch)
    return batch.result()


def unique_ids(ids: Iterable[str], seen: set[str] | None = None) -> list[str]:
    """``ids`` made unique in reading order: an id met again gets a ``-2``, ``-3``, ... suffix.

    The one rule for every reader of many inputs (``read_any`` and the pipeline's partitioned read).
    ``seen`` (updated): the ids given out before, for a reading order handed over in pieces.
    """
    seen = set() if seen is None else seen
    out: list[str] = []
    for old in ids:
        new_id, k = old, 1
        while new_id in seen:
            k += 1
            new_id = f"{old}-{k}"
        seen.add(new_id)
        out.append(new_id)
    return out


def _unique_ids(batch: _Batch) -> None:
    for i, (art, new_id) in enumerate(zip(batch.articles, unique_ids(a.id for a in batch.articles), strict=True)):
        if new_id != art.id:
            batch.articles[i] = dataclasses.replace(art, id=new_id)


__all__ = ["EXTENSIONS", "FileUnit", "Unit", "format_of", "plan_inputs", "read_any", "read_stream", "read_unit", "sniff", "unique_ids"]
