"""JSON output following ``docs/schema.md`` (schema ``newsdesk.brief/1``)."""

from __future__ import annotations

import json

from ..model import Result, to_dict

SCHEMA = "newsdesk.brief/1"


def to_json(result: Result) -> str:
    data = to_dict(result)
    return json.dumps({"schema": SCHEMA, **data}, ensure_ascii=False, indent=2)
