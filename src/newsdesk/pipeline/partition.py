"""How the composition cuts work into partitions: contiguous runs of inputs (order kept, so the
concatenated results are the sequential order) and balanced bins of events."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import TypeVar



T = TypeVar("T")


def contiguous(items: Sequence[T], weight: Callable[[T], float], n: int) -> list[list[T]]:
    """``items`` cut into at most ``n`` runs of about equal total weight, order kept.

    Runs stay contiguous so concatenating their results gives the sequential order back.
    """
    if not items:
        return []
    n = max(1, min(n, len(items)))
    total = sum(weight(x) for x in items)
    if total <= 0:
        size = -(-len(items) // n)
        return [list(items[i : i + size]) for i in range(0, len(items), size)]
    runs: list[list[T]] = [[]]
    acc = 0.0
    for x in items:
        # Start a new run when this one already holds its share (never more than n runs).
        if runs[-1] and acc >= total * len(runs) / n and len(runs) < n:
            runs.append([])
        runs[-1].append(x)
        acc += weight(x)
    return runs


def balanced(weights: Sequence[float], n: int) -> list[list[int]]:
    """Indices of ``weights`` dealt into at most ``n`` bins of about equal total (largest first).

    The classic longest-processing-time rule: events differ a lot in size (1 to 9+ articles, and
    the facts stage grows faster than linearly with them), so contiguous runs would leave workers idle.
    Each bin's indices are sorted, and bins are returned in order of their first index.
    """
    if not weights:
        return []
    n = max(1, min(n, len(weights)))
    heap = [(0.0, b) for b in range(n)]
    bins: list[list[int]] = [[] for _ in range(n)]
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        load, b = heapq.heappop(heap)
        bins[b].append(i)
        heapq.heappush(heap, (load + weights[i], b))
    return sorted((sorted(b) for b in bins if b), key=lambda b: b[0])


__all__ = ["balanced", "contiguous"]
