"""The desk's events as an Atom 1.0 feed (``/feed.xml``), for feed readers.

One entry per event, most recently updated first: the headline, the brief as the entry's
content (HTML, escaped inside the XML), the date of the event and its number of sources. The
entry id is a ``tag:`` URI of the event's first stored article (given as ``keys``), not of the
event id: the event id is a digest of its articles and changes when the event grows, and a feed
reader must see the grown event as the same entry, updated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from markupsafe import escape as html_escape

from ..model import Brief
from ..store import EventSummary

__all__ = ["atom_feed"]


def _stamp(value: str | None) -> str:
    """An RFC 3339 timestamp for Atom (``updated_at`` is ISO in UTC, seconds)."""
    if not value:
        return "1970-01-01T00:00:00Z"
    v = value.replace("+00:00", "Z")
    return v if v.endswith("Z") or "+" in v[10:] else v + "Z"


def _entry_id(event_id: str, keys: Mapping[str, str]) -> str:
    key = keys.get(event_id)
    return f"tag:newsdesk,2025:story:{escape(key)}" if key else f"tag:newsdesk,2025:event:{escape(event_id)}"


def atom_feed(base: str, events: Sequence[EventSummary], briefs: Mapping[str, Brief], *,
              title: str = "newsdesk events", self_href: str = "/feed.xml",
              keys: Mapping[str, str] | None = None) -> str:
    base = base.rstrip("/")
    updated = max((_stamp(e.updated_at) for e in events), default=_stamp(None))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title>",
        f'<link rel="self" type="application/atom+xml" href="{escape(base + self_href, {chr(34): "&quot;"})}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(base + "/")}"/>',
        f"<id>{escape(base)}/feed.xml</id>",
        f"<updated>{updated}</updated>",
        "<generator>newsdesk</generator>",
    ]
    for e in events:
        b = briefs.get(e.id)
        head = e.headline or (b.headline.text if b and b.headline else None) or "(brief pending)"
        items = "".join(f"<li>{html_escape(s.text)}</li>" for s in (b.sentences if b else ()))
        meta = (f"<p>{html_escape(e.date or 'undated')} · {e.n_sources} independent source"
                f"{'' if e.n_sources == 1 else 's'} · {e.n_articles} article{'' if e.n_articles == 1 else 's'}</p>")
        content = meta + (f"<ul>{items}</ul>" if items else "<p>The brief is being computed.</p>")
        out += [
            "<entry>",
            f"<title>{escape(head)}</title>",
            f'<link rel="alternate" type="text/html" href="{escape(base)}/events/{escape(e.id)}"/>',
            f"<id>{_entry_id(e.id, keys or {})}</id>",
            f"<updated>{_stamp(e.updated_at)}</updated>",
            *([f"<published>{e.date}T00:00:00Z</published>"] if e.date and len(e.date) == 10 else []),
            "<author><name>newsdesk</name></author>",
            f'<content type="html">{escape(content)}</content>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
