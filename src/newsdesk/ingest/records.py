"""One article record (a JSON object, a CSV row, a feed item) to an :class:`Article`.

Records come in the field names of the tools people crawl with; :func:`canonical` maps them to
ours (``text``, ``html``, ``title``, ``url``, ``date``, ``author``, ``source``):

==================  ======================================================================
ours                also read as
==================  ======================================================================
``text``            ``maintext`` (news-please), ``plaintext`` (fundus), ``body``, ``content``
``date``            ``date_publish`` (news-please), ``publishing_date`` (fundus), ``published``
``source``          ``source_domain`` (news-please), ``publisher``, ``site``
``author``          ``authors`` (a list is joined with ", ")
``url``             ``link``; fundus's ``html`` object gives ``responded_url``
==================  ======================================================================

A name of ours always wins over an alias; an alias whose value is not a string (fundus's
structured ``body``) is left alone. The JSONL reader calls :func:`canonical` too, so a
news-please or fundus JSONL export reads as it is.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..config import IngestConfig
from ..model import Article, InputFormat, Origin
from ..text import detect_language
from ._common import MAX_JUNK_SHARE, _Batch, junk_share, make_id, too_short

ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("maintext", "plaintext", "body", "content"),
    "date": ("date_publish", "publishing_date", "published"),
    "source": ("source_domain", "publisher", "site"),
    "author": ("authors",),
    "url": ("link",),
}
STRING_FIELDS = ("title", "url", "date", "author", "source")
_SURROGATE = re.compile("[\ud800-\udfff]")


def canonical(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` with news-please / fundus / common field names mapped to ours (a new dict)."""
    out = dict(obj)
    page = out.get("html")
    if isinstance(page, dict):  # fundus: {"requested_url", "responded_url", "content", ...}
        out.pop("html")
        if out.get("url") is None:
            url = page.get("responded_url") or page.get("requested_url")
            if isinstance(url, str):
                out["url"] = url
        if out.get("text") is None and out.get("plaintext") is None and isinstance(page.get("content"), str):
            out["html"] = page["content"]
    for ours, names in ALIASES.items():
        if out.get(ours) is not None:
            continue
        for name in names:
            value = out.get(name)
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                value = ", ".join(v.strip() for v in value if v.strip())
            if isinstance(value, str):
                out[ours] = value
                break
    return out


def type_name(v: Any) -> str:
    return {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number",
            str: "a string"}.get(
        type(v), "null" if v is None else type(v).__name__
    )


def article_from_record(
    obj: dict[str, Any],
    *,
    shown: str,
    name: str,
    fmt: InputFormat,
    record: int | None,
    where: str,
    config: IngestConfig,
    batch: _Batch,
    id_content: str = "",
) -> Article | None:
    """One article from a record, or None after recording why it was skipped.

    ``where`` names the record in messages ("line 12", "item 3"); the id is made from the file's
    name and ``id_content`` (the record as written; the text when not given), not from the
    record's position.
    """
    from .html import article_from_html
    from .jsonl import normalize_date

    obj = canonical(obj)
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        batch.skip(shown, f"{where} has no article text: give a 'text' or 'html' field "
                          "('maintext' and 'plaintext' are read too)", record)
        return None
    for key, value in (("text", text), ("html", html), *((k, obj.get(k)) for k in STRING_FIELDS)):
        if value is not None and not isinstance(value, str):
            batch.skip(shown, f"{where}: '{key}' must be a string, not {type_name(value)}; fix the record", record)
            return None
    for key in ("text", "html"):
        if isinstance(obj.get(key), str):
            value = _SURROGATE.sub("\ufffd", obj[key]).replace("\r\n", "\n").replace("\r", "\n")
            share = junk_share(value)
            if share > MAX_JUNK_SHARE:
                batch.skip(shown, f"{where}: '{key}' is not text ({share:.0%} control or undecodable "
                                  "characters); fix the record", record)
                return None
            obj[key] = value
    text, html = obj.get("text"), obj.get("html")
    if text is not None and not text.strip() and html:
        text = None  # an empty text column next to a page: read the page
    clean = {k: _SURROGATE.sub("\ufffd", obj[k]).strip() or None if isinstance(obj.get(k), str) else None
             for k in STRING_FIELDS}
    over: dict[str, Any] = {"title": clean["title"], "url": clean["url"], "author": clean["author"],
                            "site": clean["source"]}
    if clean["date"]:
        iso = normalize_date(clean["date"])
        if iso:
            over["date"], over["date_evidence"] = iso, clean["date"]
        else:
            batch.note(shown, f"{where}: date {clean['date']!r} not understood (use YYYY-MM-DD); ignored", record)
    if html:
        art = article_from_html(html, shown=shown, name=name, fmt=fmt, record=record, config=config,
                                batch=batch, overrides=over, text=text)
        if art is not None:  # the id from the content, not the position (see below)
            art = dataclasses.replace(art, id=make_id(name, None, id_content or html))
            batch.articles[-1] = art
        return art
    raw = text or ""
    reason = too_short(raw, config)
    if reason:
        batch.skip(shown, f"{where}: {reason}", record)
        return None
    art = Article(
        # The file's name and the record's content, not its position: a table or array that gains
        # rows on top (a daily export) gives the same ids to the rows it had, so a desk knows them.
        id=make_id(name, None, id_content or raw),
        origin=Origin(shown, fmt, record),
        raw=raw,
        title=over["title"] or "",
        date=over.get("date"),
        date_source="metadata" if over.get("date") else None,
        date_evidence=over.get("date_evidence"),
        url=over["url"],
        author=over["author"],
        site=over["site"],
        language=detect_language(raw),
    )
    batch.articles.append(art)
    return art


__all__ = ["ALIASES", "article_from_record", "canonical", "type_name"]
