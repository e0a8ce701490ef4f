"""Progress on standard error: a bar with an ETA on a terminal, lines with ``-v``, nothing otherwise.

=================================  ===========================================================
stderr / flags                     what is shown
=================================  ===========================================================
a terminal                         one tqdm bar per stage; stages that map over partitions
                                   (reading and cleaning, date estimation, facts and briefs)
                                   count their files / articles / events and show an ETA
not a terminal (a pipe, a log)     nothing: no progress lines in logs or in captured output
``-v`` / ``--verbose``             one timestamped line per stage, plus debug lines
``-q`` / ``--quiet``               nothing, whatever stderr is
=================================  ===========================================================

The bars need ticks from inside a stage: :class:`ProgressExecutor` is the in-process executor
with more partitions than one (``PARTITIONS``), ticking the bar as each finishes. The result
does not depend on the partitioning (the one-pipeline tests hold it, and
``tests/test_outputs.py`` compares a run with and without it).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import IO, Any

from ..pipeline.executor import LocalExecutor, ProcessExecutor

# Partitions of the in-process run when a bar is shown: enough for a smooth bar and an ETA that
# settles, few enough that per-partition set-up (one spaCy ``pipe`` call per event partition) stays
# negligible. Chosen by that reasoning, not tuned.
PARTITIONS = 24


class Progress:
    """The ``progress`` callable every command hands the library, and the stage bars."""

    def __init__(self, quiet: bool = False, verbose: bool = False, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.mode = "quiet" if quiet else "lines" if verbose else "bar" if tty else "quiet"
        self.quiet = self.mode == "quiet"
        self.verbose = verbose
        self.t0 = time.perf_counter()
        self._label = ""
        self._bar: Any = None

    # ---------------------------------------------------------------------------- messages
    def __call__(self, message: str) -> None:
        """A stage starts (``message`` says what)."""
        self._label = message
        if self.mode == "lines":
            self._line(message)
        elif self.mode == "bar":
            self._close()
            self._bar = self._tqdm(total=None, desc=message, bar_format="{desc} ({elapsed})", leave=False)

    def debug(self, message: str) -> None:
        if self.verbose:
            self._line(f"debug: {message}")

    def done(self, message: str) -> None:
        """The closing line (what was done), on a terminal or with ``-v``."""
        self._close()
        if self.mode != "quiet":
            self._line(message)

    def _line(self, message: str) -> None:
        print(f"[newsdesk {time.perf_counter() - self.t0:6.1f}s] {message}", file=self.stream, flush=True)

    # -------------------------------------------------------------------------------- bars
    def _tqdm(self, **kw: Any) -> Any:
        import shutil

        from tqdm import tqdm

        width = shutil.get_terminal_size((100, 24)).columns or 100  # 0 on a terminal that gives no size
        kw.setdefault("leave", True)
        return tqdm(file=self.stream, ncols=min(width, 120), **kw)

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def bar(self, total: int) -> Any:
        """A counting bar for the current stage (closed by the next stage or :meth:`done`)."""
        self._close()
        self._bar = self._tqdm(total=total, desc=self._label, unit="")
        return self._bar

    def executor(self, workers: int = 1) -> Any:
        """The executor to run with: one that ticks the bars on a terminal, else None (the default);
        with ``workers`` over 1 a ``ProcessExecutor`` (ticking on a terminal)."""
        if workers > 1:
            return ProgressProcessExecutor(self, workers) if self.mode == "bar" else ProcessExecutor(workers)
        return ProgressExecutor(self) if self.mode == "bar" else None

    def close(self) -> None:
        self._close()


def _size(item: Any) -> int:
    """What a partition holds: files, articles, or the events of an ``(events, articles)`` payload."""
    if isinstance(item, tuple) and item:
        item = item[0]
    try:
        return max(1, len(item))
    except TypeError:
        return 1


class ProgressExecutor(LocalExecutor):
    """In this process, as ``LocalExecutor`` (whose other verbs it inherits, all made of ``map``),
    in ``PARTITIONS`` pieces, ticking a bar per piece."""

    def __init__(self, progress: Progress, partitions: int = PARTITIONS) -> None:
        self.progress = progress
        self.partitions = partitions

    def map(self, fn: Callable[..., Any], items: Sequence[Any], *shared: Any) -> list[Any]:  # type: ignore[override]
        sizes = [_size(x) for x in items]
        bar = self.progress.bar(sum(sizes)) if items else None
        out = []
        for item, n in zip(items, sizes, strict=True):
            out.append(fn(item, *shared))
            if bar is not None:
                bar.update(n)
        return out

    def imap(self, fn: Callable[..., Any], items: Any, *shared: Any) -> Any:
        """``map`` one item at a time as the results are wanted (streamed events), one bar for all."""
        items = list(items)
        bar = self.progress.bar(sum(_size(x) for x in items)) if items else None
        for item in items:
            yield fn(item, *shared)
            if bar is not None:
                bar.update(_size(item))


class ProgressProcessExecutor(ProcessExecutor):
    """``ProcessExecutor`` ticking a bar per finished piece."""

    def __init__(self, progress: Progress, workers: int) -> None:
        super().__init__(workers)
        self.progress = progress
        self._bar: Any = None

    def map(self, fn: Callable[..., Any], items: Sequence[Any], *shared: Any) -> list[Any]:  # type: ignore[override]
        self._bar = self.progress.bar(sum(_size(x) for x in items)) if items else None
        return super().map(fn, items, *shared)

    def imap(self, fn: Callable[..., Any], items: Any, *shared: Any) -> Any:  # type: ignore[override]
        items = list(items)
        self._bar = self.progress.bar(sum(_size(x) for x in items)) if items else None
        yield from super().imap(fn, items, *shared)

    def done(self, index: int, item: Any) -> None:
        if self._bar is not None:
            self._bar.update(_size(item))


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 event``, ``2 events`` (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


__all__ = ["PARTITIONS", "Progress", "ProgressExecutor", "ProgressProcessExecutor", "plural"]
