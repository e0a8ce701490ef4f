"""Giving freed memory back to the operating system during a large run (glibc only; elsewhere no-ops).

CPython frees an object's memory to the C allocator, and glibc's ``malloc`` keeps it: a large run's
main process receives every prepared article whole from the workers (texts, paragraphs), spills
its texts and keeps a small stub, so the freed texts leave holes in the heap between the stubs
that nothing gives back. Measured on ``benchmarks/scale.py``'s generator (50,000 articles, the
group step's harness in docs/benchmarks.md, scale sixth round): 415 MB resident after prepare,
of which ``malloc_trim`` returned about half. Two standard remedies, the ones dask's own worker
memory documentation describes for the same symptom ("memory not released back to the OS"):

- :func:`limit_heap_growth`: a fixed ``M_MMAP_THRESHOLD`` (and trim threshold) of 256 kB. glibc
  otherwise raises its mmap threshold each time a large block is freed (up to 32 MB), so numpy
  arrays of a few MB end up inside the heap and fragment it; with the fixed threshold they are
  mapped and unmapped on their own.
- :func:`return_freed_memory`: ``malloc_trim(0)`` at the end of a step, which returns the free
  pages inside the heap too.

Neither changes any result; both are process-wide settings, so the composition applies them only
to runs that spill (``[ingest] spill_articles``: large inputs), and to its own worker processes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Any

from ..caches import cached

__all__ = ["limit_heap_growth", "return_freed_memory"]

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
THRESHOLD_BYTES = 256 * 1024


@cached(maxsize=1, kind="resource")
def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - absent on musl: no trimming there
        libc.mallopt  # noqa: B018
        return libc
    except (OSError, AttributeError):
        return None


def limit_heap_growth() -> bool:
    """Fix glibc's mmap and trim thresholds (see the module docstring); False where there is no glibc."""
    libc = _glibc()
    if libc is None:
        return False
    libc.mallopt(_M_MMAP_THRESHOLD, THRESHOLD_BYTES)
    libc.mallopt(_M_TRIM_THRESHOLD, THRESHOLD_BYTES)
    return True


def return_freed_memory() -> bool:
    """``malloc_trim(0)``: give the heap's free pages back; False where there is no glibc."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
