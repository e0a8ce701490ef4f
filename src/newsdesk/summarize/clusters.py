"""Read Multi-News-shaped clusters (``{"id", "documents": [...], "summary"}`` per line) as cleaned
articles, one list per cluster, in input order. The ``summary`` is never put into an article.

Each document becomes an article whose text is its non-blank lines joined as paragraphs (Multi-News
separates paragraphs by newlines); the cleaning stage then removes chrome when it is available.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, Origin, Paragraph


def _paragraphs(doc: str) -> tuple[str, tuple[Paragraph, ...]]:
    parts: list[str] = []
    paras: list[Paragraph] = []
    pos = 0
    for line in doc.replace("\r", "\n").split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if parts:
            pos += 2
        paras.append(Paragraph(line, True, None, pos, pos + len(line)))
        parts.append(line)
        pos += len(line)
    return "\n\n".join(parts), tuple(paras)


def document_article(cid: str, k: int, doc: str, *, path: str, line: int) -> Article:
    """A Multi-News document as an article with paragraphs located in ``text`` (not yet cleaned)."""
    text, paras = _paragraphs(doc)
    return Article(
        id=f"{cid}.{k}",
        origin=Origin(path, "multinews", line, cluster=cid),
        raw=doc,
        text=text,
        paragraphs=paras,
    )


def _clean(arts: list[Article]) -> list[Article]:
    """The pipeline's prepare step (clean) on the raw documents; our split if it empties the cluster."""
    from ..config import Config
    from ..pipeline import steps

    raw = [dataclasses.replace(a, text="", paragraphs=()) for a in arts]
    cleaned = steps.prepare(raw, Config()).articles
    return [a for a in cleaned if a.text.strip()] or arts


def read_clusters(path: Path, *, clean: bool = True) -> Iterator[tuple[str, list[Article]]]:
    """``(cluster id, articles)`` per line of ``path``; a line without documents gives ``[]``."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj: dict[str, Any] = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}:{lineno}: not a JSON object: {exc}") from exc
            cid = str(obj.get("id", lineno))
            docs = [d for d in obj.get("documents") or [] if isinstance(d, str) and d.strip()]
            arts = [document_article(cid, k, d, path=str(path), line=lineno) for k, d in enumerate(docs)]
            yield cid, (_clean(arts) if clean and arts else arts)
