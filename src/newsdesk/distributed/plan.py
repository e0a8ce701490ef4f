"""Driver-side planning: which files to read, and how to cut work into balanced partitions.

:func:`plan_inputs` is ``ingest.read_any`` split at its file loop. It walks the paths exactly as
``read_any`` does (arguments in order, directories sorted by name, hidden entries left out, a file
reached twice read once, unknown types skipped with a reason) but, instead of reading each file,
returns a :class:`FileUnit` for it, so files can be read on workers. What ``read_any`` decides
without reading a file (a skip, standard input) is done here and kept in place as a finished
``IngestResult``, so concatenating the units' results in order gives ``read_any``'s lists.
Ids are made unique afterwards over all partitions (see ``tasks.unique_ids``).

The walk mirrors ``read_any`` because ``read_any`` has no entry point that lists files without
reading them; ``tests/test_distributed.py`` compares the two on nested folders, hidden files,
unknown types, a file given twice and same-named copies, so a change there shows up as a failure.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..config import IngestConfig
from ..ingest import IngestResult, format_of, read_stream
from ..ingest._common import _Batch, readable
from ..ingest.read import STDIN, _unknown

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileUnit:
    """One file for a worker to read with ``read_any``'s per-file reader."""

    path: str  # the file as the driver reached it
    shown: str  # the name records and skips are reported under (as ``read_any`` shows it)
    explicit: bool  # named on the command line (then a file without an extension is sniffed)
    size: int  # bytes on disk, to balance partitions (0 when it cannot be read: the worker says why)


Unit = FileUnit | IngestResult


def plan_inputs(
    paths: Iterable[str | Path] | str | Path, *, config: IngestConfig = IngestConfig()
) -> list[Unit]:
    """The files ``read_any(paths)`` would read, in its order, with its skips in place."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    units: list[Unit] = []
    seen_files: dict[Path, str] = {}
    seen_dirs: set[Path] = set()

    def skip(shown: str, reason: str) -> None:
        batch = _Batch()
        batch.skip(shown, reason)
        units.append(batch.result())

    def one_file(path: Path, shown: str, explicit: bool = False) -> None:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key in seen_files:
            skip(shown, f"already read as {seen_files[key]}; each file is read once")
            return
        seen_files[key] = shown
        units.append(FileUnit(str(path), shown, explicit, _size(path)))

    def walk(folder: Path, shown: Path) -> None:
        try:
            real = folder.resolve()
            if real in seen_dirs:
                return
            seen_dirs.add(real)
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            skip(str(shown), f"cannot list the directory: {exc.strerror or exc}; check its permissions")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = shown / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(entry, child)
            elif format_of(entry.name) is None:
                skip(str(child), _unknown(entry.name))
            else:
                one_file(entry, str(child))

    for p in paths:
        shown = str(p)
        if shown == "-":  # standard input belongs to the driver: read it here
            data = sys.stdin.buffer.read(config.max_bytes + 1)
            units.append(read_stream(data, name=STDIN, config=config))
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            walk(path, path)
            continue
        batch = _Batch()
        if not readable(path, shown, batch):
            units.append(batch.result())
        else:
            one_file(path, shown, explicit=True)
    return units


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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


__all__ = ["FileUnit", "Unit", "balanced", "contiguous", "plan_inputs"]
