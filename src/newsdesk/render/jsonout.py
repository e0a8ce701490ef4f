"""JSON output following ``docs/schema.md`` (schema ``newsdesk.brief/1``)."""

from __future__ import annotations

import json

from ..model import Result, to_dict

SCHEMA = "newsdesk.brief/1"


def to_json(result: Result, *, include_raw: bool = False) -> str:
    """The whole result; each article's ``raw`` (the text as read, often most of the bytes) only
    with ``include_raw``."""
    data = to_dict(result)
    if not include_raw:
        for article in data["articles"]:
            article.pop("raw", None)
    return json.dumps({"schema": SCHEMA, **data}, ensure_ascii=False, indent=2)
