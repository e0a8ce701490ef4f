"""pipeline.memory: giving freed memory back to the system during large runs (glibc only)."""

from __future__ import annotations

import platform
import sys

import pytest

from newsdesk.pipeline import memory


def test_freed_memory_is_returned_on_glibc_and_nothing_breaks_elsewhere() -> None:
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.limit_heap_growth() is glibc
    assert memory.return_freed_memory() is glibc


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_trimming_gives_back_the_holes_freed_texts_leave() -> None:
    """Texts freed between objects that stay (as a run's texts are freed between its stubs' strings)
    leave heap holes that ``free`` keeps; malloc_trim gives their pages back: resident memory drops."""
    def rss_kb() -> int:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))

    keep, texts = [], []
    for i in range(10_000):
        texts.append("x" * 16_000 + str(i))
        keep.append("y" * 600 + str(i))  # over pymalloc's 512 bytes: from the same heap as the texts
    texts.clear()
    before = rss_kb()
    memory.return_freed_memory()
    assert rss_kb() < before - 50_000  # about 160 MB of texts were freed, about 120 MB of it in whole pages
