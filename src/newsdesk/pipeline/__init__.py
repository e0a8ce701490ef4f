"""The pipeline: named steps (:mod:`.steps`) composed once (:mod:`.compose`) over an executor
(:mod:`.executor`). No I/O beyond reading the given inputs.

``run(articles, config) -> Result`` and ``brief(paths, config) -> Result`` are the in-process
entry points; ``newsdesk.distributed.run_distributed`` passes a dask executor to the same
composition, and the desk's incremental ingest calls :func:`finish` with its stored articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..config import Config
from ..model import Article, Result, Skipped
from .compose import Finished, Stream, compose, compose_paths, finish, finish_stream, stream_paths
from .executor import DaskExecutor, Executor, LocalExecutor, ProcessExecutor

Progress = Callable[[str], None]

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "ProcessExecutor", "Finished", "Stream", "brief", "compose", "compose_paths", "finish", "finish_stream", "run", "stream_paths"]


def _quiet(_: str) -> None:
    return None


def run(
    articles: Sequence[Article],
    *,
    config: Config = Config(),
    skipped: Iterable[Skipped] = (),
    notes: Iterable[str] = (),
    progress: Progress = _quiet,
) -> Result:
    """Clean, deduplicate, cluster, analyse and summarize ``articles`` in this process."""
    return compose(articles, config=config, skipped=skipped, notes=notes, progress=progress)


def brief(
    paths: Iterable[str | Path],
    *,
    config: Config = Config(),
    progress: Progress = _quiet,
) -> Result:
    """Read ``paths`` (files, directories, or ``"-"`` for standard input) and run the pipeline."""
    return compose_paths(paths, config=config, progress=progress)
