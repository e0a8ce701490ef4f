"""Render a :class:`~newsdesk.model.Result` as Markdown (terminal-friendly), JSON or one HTML file."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError
from ..model import Result
from .html import to_html
from .jsonout import to_json
from .markdown import to_markdown

RENDERERS: dict[str, Callable[[Result], str]] = {
    "markdown": to_markdown,
    "json": to_json,
    "html": to_html,
}


def render(result: Result, format: str = "markdown") -> str:  # noqa: A002 - mirrors the CLI flag
    try:
        fn = RENDERERS[format]
    except KeyError:
        raise ConfigError(f"format {format!r} is not known: use one of {', '.join(RENDERERS)}") from None
    return fn(result)


__all__ = ["RENDERERS", "render", "to_html", "to_json", "to_markdown"]
