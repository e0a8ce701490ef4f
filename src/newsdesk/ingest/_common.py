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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import IngestConfig
from ..model import Article, Skipped
from ..text import word_count

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
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    else:
        enc = "Windows-1252"
    return _checked(text), f"not UTF-8: decoded as {enc}; re-save the file as UTF-8 if characters look wrong"


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
def readable(path: Path, shown: str, batch: _Batch) -> bool:
    """True if ``path`` is an existing regular file; otherwise record why not and return False."""
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
    except OSError as exc:
        batch.skip(shown, f"cannot read: {exc.strerror or exc}; check the path and its permissions")
        return False
    return True


def read_file_with(
    from_bytes: Callable[..., IngestResult], path: str | Path, config: IngestConfig
) -> IngestResult:
    """Read ``path`` and hand its bytes to a format's ``*_from_bytes`` reader (a file that cannot
    be read becomes a ``Skipped`` with the reason)."""
    shown = str(path)
    batch = _Batch()
    data = read_bytes(Path(path), shown, config, batch)
    if data is None:
        return batch.result()
    return from_bytes(data, shown=shown, name=Path(path).name, config=config)


def read_bytes(path: Path, shown: str, config: IngestConfig, batch: _Batch) -> bytes | None:
    """The file's bytes (gunzipped for ``.gz`` except WARC), or None after recording why not."""
    if not readable(path, shown, batch):
        return None
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
    if len(data) > config.max_bytes:  # grew while reading, or a special file
        batch.skip(shown, _too_big(len(data), config))
        return None
    if path.name.lower().endswith(".gz") and not path.name.lower().endswith(".warc.gz"):
        return gunzip(data, shown, config, batch)
    return data


def gunzip(data: bytes, shown: str, config: IngestConfig, batch: _Batch) -> bytes | None:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = gz.read(config.max_bytes + 1)
    except (OSError, EOFError) as exc:
        batch.skip(
            shown, f"cannot decompress: {exc} (a .gz file that is not valid gzip; re-download or un-gzip it)"
        )
        return None
    if len(out) > config.max_bytes:
        batch.skip(shown, _too_big(len(out), config, what="decompressed file"))
        return None
    return out


def _too_big(size: int, config: IngestConfig, what: str = "file") -> str:
    return (
        f"{what} too large: {size:,} bytes{'+' if size == config.max_bytes + 1 else ''} is over "
        f"max_bytes={config.max_bytes:,}; split it or raise [ingest] max_bytes"
    )


def too_short(text: str, config: IngestConfig) -> str | None:
    """The skip reason when ``text`` has fewer than ``config.min_words`` words, else None."""
    n = word_count(text)
    if n < config.min_words:
        return (
            f"empty article: {n} word{'s' if n != 1 else ''}, fewer than min_words={config.min_words}; "
            "lower [ingest] min_words to keep short texts"
        )
    return None
