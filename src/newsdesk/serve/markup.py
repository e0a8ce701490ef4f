"""HTML fragments built in Python: an article body with targetable sentences, search snippets.

Everything that comes from an article is escaped here with ``markupsafe.escape`` before any tag
is added, so the templates can mark these fragments safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Article, Span
from ..store.base import MARK_END, MARK_START
from ..text import paragraph_spans, sentence_spans

__all__ = ["BodyPart", "anchor", "article_parts", "snippet"]


def anchor(start: int, end: int) -> str:
    """The element id of the text range ``[start, end)`` on an article page (``#s-12-80``)."""
    return f"s-{start}-{end}"


def snippet(text: str) -> Markup:
    """A search snippet with the matched words in ``<mark>`` (the store marks them with control chars)."""
    return Markup(str(escape(text)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@dataclass(frozen=True)
class BodyPart:
    """One paragraph of the page as ingested: kept (``html`` with sentence anchors) or removed."""

    kept: bool
    html: Markup
    reason: str | None = None


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def _intervals(text: str, cited: Iterable[tuple[int, int]]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Nested (never crossing) ranges to wrap: cited spans first, then the sentences that fit.

    Returns the ranges with their CSS class, and the cited spans that could not be wrapped
    because they cross another one (they get an empty anchor at their start instead).
    """
    n = len(text)
    cites: list[tuple[int, int]] = []
    loose: list[tuple[int, int]] = []
    for s, e in sorted(set(cited)):
        if not 0 <= s < e <= n:
            continue
        (loose if any(_crosses((s, e), c) for c in cites) else cites).append((s, e))
    cite_set = set(cites)
    out = [(s, e, "sent cited" if (s, e) in cite_set else "sent") for s, e in sentence_spans(text)
           if (s, e) in cite_set or not any(_crosses((s, e), c) for c in cites)]
    seen = {(s, e) for s, e, _ in out}
    out.extend((s, e, "cited") for s, e in cites if (s, e) not in seen)
    return sorted(out, key=lambda t: (t[0], -t[1])), loose


def _render(text: str, lo: int, hi: int, ivs: list[tuple[int, int, str]], loose: list[tuple[int, int]]) -> Markup:
    parts: list[str] = []
    pos = lo
    stack: list[int] = []
    points = sorted([(s, 1, e, cls) for s, e, cls in ivs if lo <= s and e <= hi]
                    + [(s, 0, e, "anchor") for s, e in loose if lo <= s < hi], key=lambda t: (t[0], t[1], -t[2]))
    for s, kind, e, cls in points:
        while stack and stack[-1] <= s:
            end = stack.pop()
            parts.append(str(escape(text[pos:end])) + "</span>")
            pos = end
        parts.append(str(escape(text[pos:s])))
        pos = s
        if kind == 0:
            parts.append(f'<span class="anchor" id="{anchor(s, e)}"></span>')
            continue
        parts.append(f'<span class="{cls}" id="{anchor(s, e)}">')
        stack.append(e)
    while stack:
        end = stack.pop()
        parts.append(str(escape(text[pos:end])) + "</span>")
        pos = end
    parts.append(str(escape(text[pos:hi])))
    return Markup("".join(parts))


def article_parts(article: Article, cited: Iterable[Span] = ()) -> list[BodyPart]:
    """The article as ingested, paragraph by paragraph: kept text with every sentence (and every
    cited span) in an element whose id is :func:`anchor`, and removed chrome with its reason."""
    text = article.text
    ivs, loose = _intervals(text, [(c.start, c.end) for c in cited if c.doc_id == article.id])
    if not article.paragraphs:
        return [BodyPart(True, _render(text, s, e, ivs, loose)) for s, e in paragraph_spans(text)]
    parts = []
    for p in article.paragraphs:
        if p.kept and 0 <= p.start <= p.end <= len(text):
            parts.append(BodyPart(True, _render(text, p.start, p.end, ivs, loose)))
        elif not p.kept:
            parts.append(BodyPart(False, Markup(escape(p.text)), p.reason or "removed"))
    return parts
