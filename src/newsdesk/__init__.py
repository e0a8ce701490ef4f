"""newsdesk: noisy news articles in, cited event briefs out.

Public API (re-exports only; heavy libraries load at the point of use)::

    import newsdesk
    result = newsdesk.brief(["articles/"])          # read, clean, dedup, cluster, summarize
    result = newsdesk.brief(texts=["The harbour board voted ..."])   # strings, not paths
    print(newsdesk.render(result, "markdown"))      # also "json", "jsonl", "csv" (table=...), "html"
    rows = result.to_records("articles")            # flat dicts: pandas.DataFrame(rows)
    newsdesk.reset_caches()                          # empty every process-wide cache (newsdesk.caches)
"""

from __future__ import annotations

from typing import Any

from .caches import clear as reset_caches
from .config import CleanConfig, ClusterConfig, Config, DedupConfig, IngestConfig, SummarizeConfig
from .errors import ConfigError, InputError, MissingExtraError, NewsdeskError
from .model import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    DuplicateGroup,
    Event,
    Origin,
    Paragraph,
    Result,
    Sentence,
    Skipped,
    Span,
    to_dict,
)
from .api import brief
from .pipeline import run


# The ``render`` subpackage is light (stdlib only); import it now so that the function below,
# not the subpackage, is what ``newsdesk.render`` names (a later submodule import would otherwise
# rebind the package attribute to the module).
from . import render as _render_pkg  # noqa: E402


def render(result: Result, format: str = "markdown", **options: Any) -> str:  # noqa: A002 - mirrors the CLI flag
    """Render a result as ``markdown``, ``json``, ``jsonl`` (one event a line), ``csv`` (``table=``
    ``"events"``, ``"articles"`` or ``"facts"``) or ``html`` (one self-contained file). JSON, JSONL
    and CSV leave out each article's text as read unless ``include_raw=True``."""
    return _render_pkg.render(result, format, **options)


__all__ = [
    "Article", "Brief", "BriefSentence", "Citation", "CleanConfig", "ClusterConfig", "Config",
    "ConfigError", "DedupConfig", "DuplicateGroup", "Event", "IngestConfig", "InputError",
    "MissingExtraError", "NewsdeskError", "Origin", "Paragraph", "Result", "Sentence", "Skipped",
    "Span", "SummarizeConfig", "brief", "render", "reset_caches", "run", "to_dict",
]
__version__ = "0.1.0"
