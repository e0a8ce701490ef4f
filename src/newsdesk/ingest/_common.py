"""Shared pieces of the readers: the result type, stable ids, decoding, size checks.

Every reader collects into a :class:`_Batch` and returns an :class:`IngestResult`. Nothing here
raises for a bad record: problems become :class:`~newsdesk.model.Skipped` (the record is not an
article) or :class:`Note` (the article was kept, but something about it was repaired or ignored).
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..config import IngestConfig
from ..model import Article, Skipped
from ..text import text_size

STAGE = "ingest"

# Decoded text in which more than this share of characters are control, private-use or
# replacement characters is not text (binary data read as text). Real news text has ~0; a few
# stray characters in scraped pages stay far below 2%.
MAX_JUNK_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user should know about an article that *was* kept (e.g. a decoding fallback)."""

    path: str
    message: str
    record: int | None = None

    def label(self) -> str:
        return self.path if self.record is None else f"{self.path}#{self.record}"


@dataclass(frozen=True)
class IngestResult:
    """Articles read, records that could not become articles, and notes on kept articles."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[Note, ...] = ()

    def __add__(self, other: IngestResult) -> IngestResult:
        return IngestResult(
            self.articles + other.articles, self.skipped + other.skipped, self.notes + other.notes
        )


@dataclass
class _Batch:
    """Mutable collector used inside one reader call; frozen into an IngestResult at the end."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def skip(self, path: str, reason: str, record: int | None = None) -> None:
        self.skipped.append(Skipped(path, reason, record, STAGE))

    def note(self, path: str, message: str, record: int | None = None) -> None:
        self.notes.append(Note(path, message, record))

    def extend(self, result: IngestResult) -> None:
        self.articles.extend(result.articles)
        self.skipped.extend(result.skipped)
        self.notes.extend(result.notes)

    def result(self) -> IngestResult:
        return IngestResult(tuple(self.articles), tuple(self.skipped), tuple(self.notes))


# ------------------------------------------------------------------------------------------ ids
_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")
SLUG_CHARS = 32


def slug(name: str) -> str:
    """A short, readable, URL-safe prefix for ids, from a file or cluster name."""
    base = name
    for ext in (".gz", ".warc", ".jsonl", ".ndjson", ".html", ".htm", ".xhtml", ".txt", ".text"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    s = _SLUG.sub("-", base).strip("-.")[:SLUG_CHARS].strip("-.")
    return s or "doc"


def make_id(name: str, record: int | None, content: str, *, prefix: str | None = None, part: str = "") -> str:
    """Stable article id: ``<prefix>-<12 hex of sha1(file name, record, part, content)>``.

    The readable prefix defaults to the file name without its extension, plus ``.<record>``.

    ``name`` is the file's *name* (not its absolute path), so the same file read from another
    working directory or machine gets the same id; ``record`` and ``part`` (e.g. a document
    index) keep identical texts in different records apart.
    """
    key = "\x00".join((Path(name).name, str(record), part, content))
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    if prefix is None:
        prefix = slug(Path(name).name) + ("" if record is None else f".{record}")
    head = prefix
    return f"{head}-{digest}"


# ------------------------------------------------------------------------------------- decoding
class NotText(ValueError):
    """Bytes that are not text in any encoding we accept; the message names the problem and fix."""


# Control characters (except tab, newlines, form feed), C1 controls, surrogates, private-use
# characters and U+FFFD: what binary data looks like once decoded. (A regex, not a per-character
# unicodedata loop: 7.7x faster on a 15,000-character Multi-News document.)
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")


def junk_share(text: str) -> float:
    """Share of characters in (the first 100,000 of) ``text`` that are not text."""
    if not text:
        return 0.0
    sample = text[:100_000]
    return len(_JUNK.findall(sample)) / len(sample)


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str | None]:
    """Decode ``data`` to text; return ``(text, note)`` where ``note`` describes any fallback.

    Order: a BOM; the ``declared`` charset (HTTP header); UTF-8; UTF-8 with a few bad bytes
    replaced (when the rest is clearly UTF-8); Windows-1252 (the usual legacy encoding of
    Western news text). Raises :class:`NotText` for binary data (NUL bytes, control characters).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16")), None
        except UnicodeDecodeError as exc:
            raise NotText("binary data, not text (a UTF-16 byte-order mark but invalid UTF-16)") from exc
    if b"\x00" in data:
        raise NotText(
            "binary data, not text (it contains NUL bytes); give .txt, .html, .jsonl or .warc.gz files"
        )
    if declared:
        try:
            return _checked(data.decode(declared)), None
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declared charset: fall through to our own order
    try:
        return _checked(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= bad:  # mostly valid UTF-8 with a few broken bytes: keep the UTF-8 reading
        return _checked(replaced, limit=MAX_JUNK_SHARE), (
            f"invalid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD; "
            "re-save the file as UTF-8 to keep those characters"
        )
    detected = _detect_encoding(data)
    if detected is not None:
        text, enc = detected
        how = "detected"
    else:
        how = "decoded as"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            enc = "latin-1"
        else:
            enc = "Windows-1252"
    return _checked(text), f"not UTF-8: {how} {enc}; re-save the file as UTF-8 if characters look wrong"


def _detect_encoding(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) by charset-normalizer for legacy-encoded bytes, or None when it
    cannot tell. Guessing Windows-1252 for everything garbles Cyrillic, Greek, Arabic, CJK..."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a core dependency
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or not best.encoding:
        return None
    try:
        text = data.decode(best.encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    # On short Latin-script text the detectors cannot tell Windows-1252 from 1250/1257 (a French
    # paragraph comes back as "cp1257, Czech"), so a Latin-script reading keeps Windows-1252, the
    # usual legacy encoding of Western news; only a non-Latin script (Cyrillic, Greek, Arabic,
    # Hebrew, CJK...) takes the detected encoding.
    letters = [ch for ch in text[:20_000] if ord(ch) > 0x7F and ch.isalpha()]
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    if not letters or latin * 2 >= len(letters):
        return None
    return text, _ENCODING_NAMES.get(best.encoding, best.encoding)


_ENCODING_NAMES = {"cp1252": "Windows-1252", "cp1251": "Windows-1251", "cp1250": "Windows-1250",
                   "cp1253": "Windows-1253", "cp1254": "Windows-1254", "cp1256": "Windows-1256"}


def _checked(text: str, *, limit: float = MAX_JUNK_SHARE) -> str:
    share = junk_share(text)
    if share > limit:
        raise NotText(
            f"binary data, not text ({share:.0%} control or undecodable characters); "
            "give .txt, .html, .jsonl or .warc.gz files"
        )
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------- file access
# What reading a damaged or hostile input can raise besides OSError: zlib on corrupt deflate data,
# EOFError on a gzip stream cut short, gzip.BadGzipFile (an OSError) on a wrong header.
STREAM_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)

_SURROGATES = re.compile("[\ud800-\udfff]")


def display_name(name: str) -> str:
    """``name`` safe to print and to write as UTF-8: a file-name byte that is not UTF-8 (which
    Python keeps as a lone surrogate, "surrogateescape") is shown as ``\\xNN``; the file is still
    opened by its real name."""
    if not _SURROGATES.search(name):
        return name

    def shown(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"

    return _SURROGATES.sub(shown, name)


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (a FIFO, a socket, a device), or None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def readable(path: Path, shown: str, batch: _Batch) -> bool:
    """True if ``path`` is an existing regular file; otherwise record why not and return False.

    FIFOs, sockets and devices are refused before they are opened: reading one could block
    forever (a pipe nobody writes to) or never end (``/dev/zero``). Pipe data in with ``-``.
    """
    try:
        if path.is_symlink() and not path.exists():
            batch.skip(
                shown, "cannot read: broken symbolic link (its target does not exist); fix or remove the link"
            )
            return False
        if not path.exists():
            batch.skip(shown, "no such file or directory; check the path (quote names that contain spaces)")
            return False
        if path.is_dir():
            batch.skip(
                shown,
                "cannot read: it is a directory, not a file; give it to read_any to read it recursively",
            )
            return False
        kind = _special_kind(os.stat(path).st_mode)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        batch.skip(shown, f"cannot read: {getattr(exc, 'strerror', None) or exc}; check the path and its permissions")
        return False
    if kind is not None:
        batch.skip(
            shown,
            f"not read: it is {kind}, not a regular file; save the data to a file or pipe it in with '-'",
        )
        return False
    return True


def read_file_with(
    from_bytes: Callable[..., IngestResult], path: str | Path, config: IngestConfig
) -> IngestResult:
    """Read ``path`` and hand its bytes to a format's ``*_from_bytes`` reader (a file that cannot
    be read becomes a ``Skipped`` with the reason)."""
    shown = display_name(str(path))
    batch = _Batch()
    data = read_bytes(Path(path), shown, config, batch)
    if data is None:
        return batch.result()
    return from_bytes(data, shown=shown, name=Path(path).name, config=config)


def is_gzip_name(name: str) -> bool:
    return name.lower().endswith(".gz")


def read_bytes(path: Path, shown: str, config: IngestConfig, batch: _Batch) -> bytes | None:
    """The file's bytes (gunzipped for ``.gz`` except WARC), or None after recording why not.

    For one-record files (text, HTML): ``config.max_bytes`` bounds the file and, for ``.gz``,
    what it decompresses to (a small "zip bomb" is refused after max_bytes, not read whole).
    """
    if not readable(path, shown, batch):
        return None
    gz = is_gzip_name(path.name) and not path.name.lower().endswith(".warc.gz")
    try:
        size = path.stat().st_size
        if size > config.max_bytes:
            batch.skip(shown, _too_big(size, config))
            return None
        with open(path, "rb") as fh:
            data = fh.read(config.max_bytes + 1)
    except OSError as exc:
        batch.skip(shown, f"cannot read: {exc.strerror or exc}; check the file's permissions")
        return None
    if len(data) > config.max_bytes:  # grew while reading
        batch.skip(shown, _too_big(len(data), config))
        return None
    if gz:
        return gunzip(data, shown, config, batch)
    return data


def gunzip(data: bytes, shown: str, config: IngestConfig, batch: _Batch) -> bytes | None:
    """``data`` decompressed (at most ``config.max_bytes``), or None after recording why not."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = gz.read(config.max_bytes + 1)
    except STREAM_ERRORS as exc:
        batch.skip(shown, gzip_problem(exc))
        return None
    if len(out) > config.max_bytes:
        batch.skip(shown, _too_big(len(out), config, what="decompressed file"))
        return None
    return out


def gzip_problem(exc: BaseException, where: str = "") -> str:
    """The skip reason for gzip data that cannot be decompressed."""
    detail = str(exc) or type(exc).__name__
    return f"cannot decompress{where}: {detail} (a .gz file that is not valid gzip; re-download or un-gzip it)"


def open_records(path: Path, shown: str, batch: _Batch) -> IO[bytes] | None:
    """``path`` opened for streaming (decompressed on the fly for ``.gz``), or None after
    recording why not. The caller closes it; errors while reading are the caller's to report."""
    if not readable(path, shown, batch):
        return None
    try:
        fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except OSError as exc:
        batch.skip(shown, f"cannot read: {exc.strerror or exc}; check the file's permissions")
        return None
    if is_gzip_name(path.name):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


class Prefixed(io.RawIOBase):
    """A read-only stream of ``head`` then the rest of ``stream``: lets standard input be sniffed
    from its first bytes and then read as a stream, without reading it whole."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buf))
        buf[: len(data)] = data
        return len(data)


def lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` of each line of ``stream`` (1-based), the newline stripped; a line
    longer than ``limit`` bytes is given as ``None`` and its bytes are read past, not kept."""
    n = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drop the rest of the overlong line
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line.rstrip(b"\n").rstrip(b"\r")


def _too_big(size: int, config: IngestConfig, what: str = "file") -> str:
    return (
        f"{what} too large: {size:,} bytes{'+' if size == config.max_bytes + 1 else ''} is over "
        f"max_bytes={config.max_bytes:,}; split it or raise [ingest] max_bytes"
    )


def too_short(text: str, config: IngestConfig) -> str | None:
    """The skip reason when ``text`` has fewer than ``config.min_words`` words, else None."""
    n = round(text_size(text))  # runs of CJK characters counted by characters (text.text_size)
    if n < config.min_words:
        return (
            f"empty article: {n} word{'s' if n != 1 else ''}, fewer than min_words={config.min_words}; "
            "lower [ingest] min_words to keep short texts"
        )
    return None
