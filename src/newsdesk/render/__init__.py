"""Render a :class:`~newsdesk.model.Result` as Markdown (terminal-friendly), JSON or one HTML file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ConfigError
from ..model import Result
from .csv import TABLES, records, to_csv
from .html import to_html
from .jsonl import iter_jsonl, to_jsonl
from .jsonout import to_json
from .markdown import to_markdown

RENDERERS: dict[str, Callable[..., str]] = {
    "markdown": to_markdown,
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "html": to_html,
}
# The options each format takes beyond the result (``render(result, "csv", table="facts")``).
OPTIONS: dict[str, tuple[str, ...]] = {"json": ("include_raw",), "jsonl": ("include_raw",), "csv": ("table", "include_raw")}


def render(result: Result, format: str = "markdown", **options: Any) -> str:  # noqa: A002 - mirrors the CLI flag
    """``result`` as ``format``; ``options`` are the format's own (:data:`OPTIONS`): ``include_raw``
    (json, jsonl, csv: add the text as read), ``table`` (csv: events, articles or facts)."""
    try:
        fn = RENDERERS[format]
    except KeyError:
        raise ConfigError(f"format {format!r} is not known: use one of {', '.join(RENDERERS)}") from None
    bad = sorted(set(options) - set(OPTIONS.get(format, ())))
    if bad:
        takes = ", ".join(OPTIONS.get(format, ())) or "no options"
        raise ConfigError(f"format {format!r} takes {takes}, not {', '.join(bad)}")
    return fn(result, **options)


__all__ = ["OPTIONS", "RENDERERS", "TABLES", "iter_jsonl", "records", "render", "to_csv", "to_html", "to_json",
           "to_jsonl", "to_markdown"]
