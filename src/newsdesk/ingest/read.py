"""``read_any``: files, directories (recursively) and standard input, format chosen per file.

A file's format comes from its name (``.txt``, ``.html``/``.htm``, ``.jsonl``, ``.warc``; any of
them may end in ``.gz``). Standard input and explicitly named files without an extension are
sniffed from their first bytes; other endings (``.pdf``, ``.json``, ...) are skipped with a
reason. Directories are walked in sorted order; hidden files and folders (names starting with
".") are not read, and files of unknown type are listed in ``skipped`` so nothing is lost
silently.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import IngestConfig
from ._common import IngestResult, _Batch, gunzip, read_bytes, readable
from .feeds import feed_from_bytes, read_url, xml_kind
from .fetch import is_url
from .html import html_from_bytes
from .tabular import csv_from_bytes, json_from_bytes
from .jsonl import jsonl_from_bytes
from .text import text_from_bytes
from .warc import read_warc, warc_from_bytes

STDIN = "<stdin>"
SUPPORTED = "(use .txt, .html, .jsonl, .json, .csv, .tsv, .rss, .atom, .xml, .warc.gz)"

_Reader = Callable[..., IngestResult]
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
        first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    return "text"


def read_stream(
    data: bytes | str, *, name: str = STDIN, config: IngestConfig = IngestConfig()
) -> IngestResult:
    """Read articles from bytes of unknown format (standard input, an upload): sniffs the format.

    gzip data is decompressed first. Never raises for bad data: it ends up in ``skipped``.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    batch = _Batch()
    if len(data) > config.max_bytes:
        batch.skip(
            name,
            f"input too large: {len(data):,} bytes is over max_bytes={config.max_bytes:,}; "
            "split it or raise [ingest] max_bytes",
        )
        return batch.result()
    if data[:2] == b"\x1f\x8b":
        unzipped = gunzip(data, name, config, batch)
        if unzipped is None:
            return batch.result()
        data = unzipped
    reader = _FROM_BYTES[sniff(data)]
    return reader(data, shown=name, name=name, config=config)


def _read_file(path: Path, shown: str, config: IngestConfig, *, explicit: bool) -> IngestResult:
    fmt = format_of(path.name)
    if fmt == "warc":
        return read_warc(path, config=config)
    batch = _Batch()
    if fmt is None and not (explicit and not path.suffix):
        batch.skip(shown, _unknown(path.name))
        return batch.result()
    data = read_bytes(path, shown, config, batch)
    if data is None:
        return batch.result()
    if fmt is None:  # named explicitly and without an extension: look at the content
        fmt = sniff(data)
    return _FROM_BYTES[fmt](data, shown=shown, name=path.name, config=config)


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
            skip(str(shown), f"cannot list the directory: {exc.strerror or exc}; check its permissions")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = shown / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(entry, child)
            elif format_of(entry.name) is None:
                skip(str(child), _unknown(entry.name))
            else:
                one_file(entry, str(child))

    for p in paths:
        shown = str(p)
        if is_url(shown):  # fetched now (ingest/fetch.py: robots.txt, rate limit, cache)
            units.append(read_url(shown, config=config))
            continue
        if shown == "-":
            data = sys.stdin.buffer.read(config.max_bytes + 1)
            units.append(read_stream(data, name=STDIN, config=config))
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
    return _read_file(Path(unit.path), unit.shown, config, explicit=unit.explicit)


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


def unique_ids(ids: Iterable[str]) -> list[str]:
    """``ids`` made unique in reading order: an id met again gets a ``-2``, ``-3``, ... suffix.

    The one rule for every reader of many inputs (``read_any`` and the pipeline's partitioned read).
    """
    seen: set[str] = set()
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
