"""``newsdesk.brief``: paths (files, folders, URLs, ``"-"``) or texts in, a :class:`Result` out.

Paths and texts are told apart by the caller, never guessed: ``brief(["a.txt"])`` reads a file,
``brief(texts=["The harbour board voted ..."])`` reads the string itself (plain text, an HTML
page or JSON Lines, sniffed as standard input is). A string given as a path that is not one and
looks like text (it holds whitespace or is longer than a file name can be) is an
:class:`~newsdesk.errors.InputError` that names ``texts=``; so is a list of paths none of which
exists. A missing path among others that exist is listed in ``result.skipped``, as the CLI does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .errors import InputError
from .model import Result

if TYPE_CHECKING:
    from .pipeline.executor import Executor

Progress = Callable[[str], None]
MAX_NAME = 255  # longer than any file name: not a path


def _quiet(_: str) -> None:
    return None


def brief(
    paths: Iterable[str | Path] | str | Path = (),
    *,
    texts: Iterable[str] = (),
    config: Config = Config(),
    progress: Progress = _quiet,
    executor: Executor | None = None,
) -> Result:
    """Read ``paths`` (files, folders read recursively, ``http(s)://`` URLs of pages, feeds or
    sitemaps, ``"-"`` for standard input) and ``texts`` (strings holding articles) and run the
    pipeline: the cited brief of every event.

    Raises :class:`InputError` when nothing is given, when a path is text (pass it as ``texts``)
    or when no path exists; bad records never raise, they end in ``result.skipped``. ``executor``
    (default: this process, one partition) is where the pipeline's steps run; the result does not
    depend on it.
    """
    from .pipeline import compose, compose_paths

    path_list = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if isinstance(texts, str):
        texts = [texts]
    text_list = list(texts)
    for t in text_list:
        if not isinstance(t, str):
            raise InputError(f"texts must be strings, not {type(t).__name__}; give paths as paths=[...]")
    check_paths(path_list)
    if not path_list and not text_list:
        raise InputError("nothing to read: give paths (newsdesk.brief(['articles/'])) or texts "
                         "(newsdesk.brief(texts=['...']))")
    if not text_list:
        return compose_paths(path_list, config=config, executor=executor, progress=progress)
    from .ingest import read_any, read_stream, unique_ids

    read = read_any(path_list, config=config.ingest) if path_list else None
    articles = list(read.articles) if read else []
    skipped = list(read.skipped) if read else []
    notes = [f"{n.label()}: {n.message}" for n in read.notes] if read else []
    for i, text in enumerate(text_list, 1):
        got = read_stream(text, name=f"<text {i}>", config=config.ingest)
        articles.extend(got.articles)
        skipped.extend(got.skipped)
        notes.extend(f"{n.label()}: {n.message}" for n in got.notes)
    ids = unique_ids(a.id for a in articles)
    articles = [a if a.id == new else dataclasses.replace(a, id=new) for a, new in zip(articles, ids, strict=True)]
    return compose(articles, config=config, executor=executor, skipped=skipped, notes=notes, progress=progress)


def looks_like_text(s: str) -> bool:
    return len(s) > MAX_NAME or any(c.isspace() for c in s.strip()) or "\n" in s


def check_paths(paths: list[str | Path]) -> None:
    """The :class:`InputError` of ``brief`` for text given as a path, or for no existing path."""
    from .ingest.fetch import is_url

    missing = []
    for p in paths:
        if not isinstance(p, (str, Path)):
            raise InputError(f"paths must be strings or Paths, not {type(p).__name__}")
        s = str(p)
        if s == "-" or is_url(s):
            continue
        try:
            exists = Path(s).exists()
        except (OSError, ValueError):  # a name too long for the system, a NUL byte
            exists = False
        if exists:
            continue
        if isinstance(p, str) and looks_like_text(s):
            shown = s[:40].replace("\n", " ") + ("..." if len(s) > 40 else "")
            raise InputError(f"{shown!r} is not a file or folder: to brief text itself, pass it as "
                             "newsdesk.brief(texts=[...])")
        missing.append(s)
    if paths and len(missing) == len(paths):
        shown = ", ".join(repr(p) for p in missing[:5])
        raise InputError(f"no such file or directory: {shown}; give files, folders or URLs to read "
                         "(or texts=[...] for strings)")


__all__ = ["brief", "check_paths", "looks_like_text"]
