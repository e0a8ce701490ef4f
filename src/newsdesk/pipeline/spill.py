"""Prepared articles' texts on disk, so the main process of a large run holds only what grouping needs.

A prepared article is mostly text: its cleaned body, each kept and removed paragraph's text again,
and (with ``keep_raw``) the text as read, ~8 kB pickled per news article. The ``group`` step needs
far less of each article in the main process: its id, title, dates and language, and the compact
features made from its text (MinHash band keys, a TF-IDF row). So once a run has prepared more
than ``[ingest] spill_articles`` articles, the composition (:mod:`.compose`) moves every article's
texts into a :class:`Spill` (an sqlite3 file in a temporary folder) and keeps a *stub* in memory:
the article with ``text``, ``raw`` and ``paragraphs`` emptied (:func:`stub`). The texts are read
back where they are used: by each task of duplicate detection and clustering (:class:`TextRun`),
by each partition of events when it is analysed, and per event when it is handed out.

A row keeps the :func:`body` apart from the rest (the text as read, the paragraphs): grouping reads
only bodies, five passes over every article (sketches, verification, shingle counts, term counts,
representatives), and unpickling each article's paragraph objects to get its body was ~6% of
duplicate detection's CPU (py-spy, 10,000 synthetic articles). The body is stored once: it is the
cleaned ``text`` when there is one (``is_text`` 1), else the ``raw`` text (``is_text`` 0).

Why sqlite3: it is in the standard library, a keyed read of a few hundred rows takes about a
millisecond, and several worker processes can read one file at once. The texts are pickled and
zlib-compressed (level 1: ~3x smaller, ~30 MB/s). A spill is a file of this machine: executors
whose tasks run elsewhere (dask on a scheduler address) never spill (``local_files``).

A :class:`Spill` pickles as its path, so a task given one (in a worker process) opens the file
itself, read-only.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import sqlite3
import tempfile
import threading
import weakref
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Article

__all__ = ["Spill", "TextRun", "Texts", "body", "can_spill", "stub"]

_IN = 500  # ids per SELECT ... IN (...) (sqlite's default limit on parameters is 999 or more)


def body(article: Article) -> str:
    """The text duplicate detection and clustering compare (``dedup.article_body``'s rule)."""
    return article.text or article.raw


def stub(article: Article) -> Article:
    """The article without its texts (``text``, ``raw``, ``paragraphs``): what the main process
    keeps of a spilled article."""
    return dataclasses.replace(article, text="", raw="", paragraphs=(), html=None)


def can_spill(executor: Any) -> bool:
    """True when the executor's tasks run on this machine and can read a spill file."""
    return bool(getattr(executor, "local_files", False))


_readers: dict[tuple[int, str], sqlite3.Connection] = {}  # (pid, path) -> read-only connection
_readers_lock = threading.Lock()


class Spill:
    """Article texts by article id, in an sqlite3 file of a temporary folder (removed by
    :meth:`close`, or when the object is collected). ``lengths`` (main process only) holds the
    length of each article's :func:`body`, for cutting work into partitions of equal text."""

    def __init__(self, directory: str | None = None) -> None:
        self.directory = tempfile.mkdtemp(prefix="newsdesk-spill-", dir=directory or None)
        self.path = os.path.join(self.directory, "articles.sqlite")
        self._db: sqlite3.Connection | None = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE texts (id TEXT PRIMARY KEY, body BLOB NOT NULL, is_text INTEGER NOT NULL, rest BLOB NOT NULL)"
        )
        self.lengths: dict[str, int] = {}
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.directory, True)

    # A task receives the path only (see the module docstring).
    def __reduce__(self) -> tuple[Any, ...]:
        return (_Reader, (self.path,))

    def put(self, articles: Iterable[Article]) -> list[Article]:
        """Store each article's texts; return the stubs (same order)."""
        if self._db is None:
            raise RuntimeError("this spill is closed")
        rows, out = [], []
        for a in articles:
            b, is_text = (a.text, 1) if a.text else (a.raw, 0)
            rest = pickle.dumps((a.raw if is_text else None, a.paragraphs), pickle.HIGHEST_PROTOCOL)
            rows.append((a.id, zlib.compress(b.encode("utf-8", "surrogatepass"), 1), is_text, zlib.compress(rest, 1)))
            self.lengths[a.id] = len(b)
            out.append(stub(a))
        self._db.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)", rows)
        self._db.commit()
        return out

    def rename(self, old: str, new: str) -> None:
        """An article's id changed after it was stored (ids are made unique over all partitions)."""
        if self._db is None:
            raise RuntimeError("this spill is closed")
        self._db.execute("UPDATE texts SET id = ? WHERE id = ?", (new, old))
        self._db.commit()
        self.lengths[new] = self.lengths.pop(old)

    def full(self, stubs: Sequence[Article]) -> list[Article]:
        return _Reader(self.path).full(stubs)

    def bodies(self, ids: Sequence[str]) -> list[str]:
        return _Reader(self.path).bodies(ids)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        _forget(self.path)
        self._cleanup()


class _Reader:
    """A spill as a task sees it: its path, read through one read-only connection per process."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Reader, (self.path,))

    def _connection(self) -> sqlite3.Connection:
        key = (os.getpid(), self.path)
        with _readers_lock:
            db = _readers.get(key)
            if db is None:
                db = _readers[key] = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            return db

    def _rows(self, ids: Sequence[str], columns: str) -> dict[str, tuple[Any, ...]]:
        db = self._connection()
        out: dict[str, tuple[Any, ...]] = {}
        wanted = list(dict.fromkeys(ids))
        with _readers_lock:
            for s in range(0, len(wanted), _IN):
                chunk = wanted[s : s + _IN]
                q = f"SELECT id, {columns} FROM texts WHERE id IN ({','.join('?' * len(chunk))})"
                for row in db.execute(q, chunk):
                    out[row[0]] = row[1:]
        missing = [i for i in wanted if i not in out]
        if missing:
            raise KeyError(f"spill {self.path}: no texts stored for {', '.join(missing[:5])}")
        return out

    def texts(self, ids: Sequence[str]) -> dict[str, tuple[str, str, tuple[Any, ...]]]:
        """id -> (text, raw, paragraphs) of each of ``ids`` (every one must have been stored)."""
        out = {}
        for i, (b, is_text, rest) in self._rows(ids, "body, is_text, rest").items():
            text = _decode(b)
            raw, paragraphs = pickle.loads(zlib.decompress(rest))
            out[i] = (text, raw, paragraphs) if is_text else ("", text, paragraphs)
        return out

    def bodies(self, ids: Sequence[str]) -> list[str]:
        """The :func:`body` of each of ``ids``: only that column is read and nothing is unpickled."""
        got = self._rows(ids, "body")
        return [_decode(got[i][0]) for i in ids]

    def full(self, stubs: Sequence[Article]) -> list[Article]:
        """The stubs with their texts put back."""
        got = self.texts([a.id for a in stubs])
        return [dataclasses.replace(a, text=got[a.id][0], raw=got[a.id][1], paragraphs=got[a.id][2]) for a in stubs]


def _decode(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


def _forget(path: str) -> None:
    with _readers_lock:
        for key in [k for k in _readers if k[1] == path]:
            _readers.pop(key).close()


def reader(spill: Spill | _Reader | None) -> _Reader | None:
    return None if spill is None else _Reader(spill.path)


@dataclass(frozen=True)
class TextRun:
    """One partition of (id, body) pairs for a task: the bodies themselves, or (``texts`` None)
    the ids and the spill they are read from when the task runs."""

    ids: tuple[str, ...]
    texts: tuple[str, ...] | None = None
    spill: Any = None  # a Spill (pickled as its path) when texts is None

    def items(self) -> list[tuple[str, str]]:
        if self.texts is not None:
            return list(zip(self.ids, self.texts, strict=True))
        return list(zip(self.ids, _Reader(self.spill.path).bodies(self.ids), strict=True))

    def as_dict(self) -> dict[str, str]:
        return dict(self.items())

    def __len__(self) -> int:
        return len(self.ids)


class Texts:
    """Where the ``group`` step reads the articles' bodies: the articles themselves (in memory),
    or a :class:`Spill` holding the texts of the stubs it was given."""

    def __init__(self, articles: Mapping[str, Article], spill: Spill | None = None) -> None:
        self._by_id = articles
        self.spill = spill

    @property
    def spilled(self) -> bool:
        return self.spill is not None

    def length(self, article_id: str) -> int:
        if self.spill is not None:
            return self.spill.lengths[article_id]
        return len(body(self._by_id[article_id]))

    def run(self, ids: Sequence[str]) -> TextRun:
        """A task's partition of these ids' bodies (read in the task when spilled)."""
        if self.spill is not None:
            return TextRun(tuple(ids), None, self.spill)
        return TextRun(tuple(ids), tuple(body(self._by_id[i]) for i in ids))

    def get(self, ids: Sequence[str]) -> dict[str, str]:
        """The bodies of ``ids``, read now (in this process)."""
        if self.spill is not None:
            return dict(zip(ids, self.spill.bodies(ids), strict=True))
        return {i: body(self._by_id[i]) for i in ids}

    def iterate(self, ids: Sequence[str], chunk: int = 2048) -> Iterator[str]:
        """The bodies of ``ids`` in order, read ``chunk`` at a time (never all at once when spilled)."""
        if self.spill is None:
            for i in ids:
                yield body(self._by_id[i])
            return
        for s in range(0, len(ids), chunk):
            yield from self.spill.bodies(ids[s : s + chunk])
