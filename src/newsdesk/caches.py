"""One registry behind every process-wide cache, so a long-running process can empty them all.

Every cache in newsdesk is made with :func:`cached` (``functools.lru_cache`` underneath) or, when it
is not an ``lru_cache``, announced with :func:`register`::

    @cached(maxsize=TEXT_CACHE_SIZE)
    def _scan(text: str) -> tuple[...]: ...

``clear()`` (re-exported as ``newsdesk.reset_caches``) empties them all, and the caches of the
dependencies that offer a public hook (trafilatura's ``reset_caches``, which covers jusText,
htmldate, courlan and charset_normalizer); ``info()`` says what each holds.

Two kinds of cache:

- ``"data"``: keyed by input (article texts, sentences, words, names). Always bounded, so that
  ``newsdesk serve`` does not grow with every article it has seen. Outputs never depend on them.
- ``"resource"``: loaded once per process and keyed by a handful of values (a spaCy model, a
  stemmer per language, a stop-word list). May be unbounded; clearing them only costs a reload.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

__all__ = ["TEXT_CACHE_SIZE", "CacheInfo", "cached", "clear", "info", "register"]

Kind = Literal["data", "resource"]
F = TypeVar("F", bound=Callable[..., Any])

# Entries of a cache keyed by whole article texts: a few thousand articles is a day of a busy desk,
# and re-analysing a store's events after an incremental ingest hits them; at ~5 kB a text it is
# tens of MB at most (the texts are usually the same objects the articles hold).
TEXT_CACHE_SIZE = 4096


@dataclass(frozen=True)
class CacheInfo:
    name: str  # module.qualname of the cached function, or the name given to register()
    kind: Kind
    size: int  # entries held now
    maxsize: int | None  # None: unbounded (resources only)


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    clear: Callable[[], None]
    size: Callable[[], int]
    maxsize: int | None


_registry: dict[str, _Entry] = {}
_lock = threading.Lock()


def register(
    name: str, *, clear: Callable[[], None], size: Callable[[], int], maxsize: int | None, kind: Kind = "data"
) -> None:
    """Record a cache that is not made with :func:`cached` (e.g. an ``OrderedDict`` with its own lock)."""
    if kind == "data" and maxsize is None:
        raise ValueError(f"cache {name!r}: a data cache must be bounded; give it a maxsize")
    with _lock:
        _registry[name] = _Entry(kind, clear, size, maxsize)


def cached(maxsize: int | None = TEXT_CACHE_SIZE, *, kind: Kind = "data") -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` recorded in the registry (``kind`` as in the module docstring)."""

    def wrap(fn: F) -> F:
        memo = functools.lru_cache(maxsize=maxsize)(fn)
        register(
            f"{fn.__module__}.{fn.__qualname__}",
            clear=memo.cache_clear,
            size=lambda: memo.cache_info().currsize,
            maxsize=maxsize,
            kind=kind,
        )
        return memo  # type: ignore[return-value]

    return wrap


def clear(kind: Kind | None = None) -> None:
    """Empty every registered cache (only those of ``kind`` when given) and, when clearing data,
    the caches of the dependencies already imported that have a public hook."""
    with _lock:
        entries = [e for e in _registry.values() if kind is None or e.kind == kind]
    for e in entries:
        e.clear()
    if kind in (None, "data") and "trafilatura" in sys.modules:
        from trafilatura.meta import reset_caches as reset_trafilatura

        reset_trafilatura()


def info() -> dict[str, CacheInfo]:
    """Every registered cache by name, with its kind, current size and bound."""
    with _lock:
        items = sorted(_registry.items())
    return {name: CacheInfo(name, e.kind, e.size(), e.maxsize) for name, e in items}
