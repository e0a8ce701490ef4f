"""One self-contained HTML file: inline CSS, no scripts, no external assets; all article text escaped.

Citation links jump to the cited sentence inside the article's section of the same page.
"""

from __future__ import annotations

from html import escape

from ..model import Article, Result, Span
from .common import (
    article_date_label,
    article_label,
    copy_of,
    counted,
    date_evidence,
    event_date_label,
    event_views,
    facts_section,
    flags_of,
    repair_note,
    sentence_language,
    weak_sources_warning,
)

CSS = """
body{font:16px/1.5 Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25}
.meta{color:#666;font-size:.9rem}
.brief li{margin:.3rem 0}
a.cite{font-size:.75rem;text-decoration:none;vertical-align:super;margin-left:.1rem}
.sources li{font-size:.9rem}
.flag{background:#fde8c8;border-radius:3px;padding:0 .3rem;font-size:.8rem;margin-left:.3rem}
article.src{border-top:1px solid #ddd;margin-top:1.5rem}
article.src p{white-space:pre-wrap}
mark{background:#fff3a0}
mark:target{background:#ffd24d;outline:2px solid #e0a800}
details.removed{color:#777;font-size:.85rem}
details.removed p{text-decoration:line-through;white-space:pre-wrap}
.skipped{color:#8a1f11}
.warning{background:#fdecea;border-left:4px solid #c0392b;padding:.4rem .6rem}
.estimated{font-style:italic}
""".strip()


def _sid(span: Span) -> str:
    return f"s-{span.doc_id}-{span.start}-{span.end}"


def _article_body(a: Article, marks: list[Span]) -> str:
    """The kept text with every cited span wrapped in a targetable <mark>; overlaps are skipped."""
    out, pos = [], 0
    for sp in sorted({(m.start, m.end): m for m in marks}.values(), key=lambda m: (m.start, -m.end)):
        if sp.start < pos or sp.end > len(a.text):
            continue
        out.append(escape(a.text[pos : sp.start]))
        out.append(f'<mark id="{_sid(sp)}">{escape(a.text[sp.start : sp.end])}</mark>')
        pos = sp.end
    out.append(escape(a.text[pos:]))
    paras = "".join(out).split("\n\n")
    return "".join(f"<p>{p}</p>" for p in paras if p.strip())


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def to_html(result: Result) -> str:
    views = event_views(result)
    copies = copy_of(result)
    cited: dict[str, list[Span]] = {}
    for b in result.briefs:
        for s in ([b.headline] if b.headline else []) + list(b.sentences):
            for c in s.citations:
                cited.setdefault(c.article_id, []).append(c.span)

    h = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>newsdesk brief</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>newsdesk brief</h1>",
        f'<p class="meta">{_n(len(result.events), "event")} from {_n(len(result.articles), "article")}'
        + (f", {_n(len(result.skipped), 'input')} skipped" if result.skipped else "")
        + "</p>",
    ]
    for i, v in enumerate(views, 1):
        ev, brief = v.event, v.brief
        headline = brief.headline.text if brief and brief.headline else article_label(v.articles[0])
        hmark = ""
        if brief and brief.headline and brief.headline.repaired:
            hmark = f' <span class="flag" title="{escape(repair_note(brief.headline) or "")}">wording repaired: spun source</span>'
        h.append(f'<section class="event" id="e-{escape(ev.id)}"><h2>{i}. {escape(headline)}{hmark}</h2>')
        meta = f"{counted(len(ev.articles), 'article')}, {counted(len(ev.sources), 'independent source')}"
        if ev.date:
            shown = escape(event_date_label(ev))
            if ev.date_estimated:
                shown = f'<span class="estimated" title="{escape(date_evidence(v) or "")}">{shown}</span>'
            meta = f"{shown} · " + meta
        if ev.follow_up_of:
            meta += f' · follows up <a href="#e-{escape(ev.follow_up_of)}">an earlier event</a>'
        h.append(f'<p class="meta">{meta}</p>')
        warning = weak_sources_warning(v)
        if warning:
            h.append(f'<p class="warning"><strong>Warning:</strong> {escape(warning)}.</p>')
        if brief:
            h.append('<ul class="brief">')
            for s in brief.sentences:
                first: dict[str, object] = {}
                for c in s.citations:  # one link per article: the first (best) span it is cited at
                    if c.article_id in v.number:
                        first.setdefault(c.article_id, c)
                links = "".join(
                    f'<a class="cite" href="#{_sid(c.span)}" title="{escape(article_label(v.articles[v.number[a] - 1]))}">'
                    f"[{v.number[a]}]</a>"
                    for a, c in sorted(first.items(), key=lambda kv: v.number[kv[0]])  # type: ignore[attr-defined]
                )
                note = repair_note(s)
                mark = f' <span class="flag" title="{escape(note)}">wording repaired: spun source</span>' if note else ""
                lang = sentence_language(v, brief, s)
                if lang:
                    mark += f' <span class="flag">in {escape(lang)}</span>'
                src = v.articles[v.number[s.source.doc_id] - 1] if lang and s.source.doc_id in v.number else None
                attr = f' lang="{escape(src.language)}"' if src is not None and src.language else ""
                h.append(f"<li{attr}>{escape(s.text)}{links}{mark}</li>")
            h.append("</ul>")
        h.append(facts_section("html", result, ev))
        h.append('<h3>Sources</h3><ol class="sources">')
        for a in v.articles:
            extra = "".join(f'<span class="flag">{escape(f)}</span>' for f in flags_of(a))
            if a.id in copies:
                extra += f'<span class="flag">copy of [{v.number.get(copies[a.id], "?")}]</span>'
            site = f" — {escape(a.site)}" if a.site else ""
            h.append(f'<li><a href="#a-{escape(a.id)}">{escape(article_label(a))}</a>{site}{extra}</li>')
        h.append("</ol>")
        for a in v.articles:
            h.append(f'<article class="src" id="a-{escape(a.id)}"><h3>[{v.number[a.id]}] {escape(article_label(a))}</h3>')
            where = " · ".join(escape(x) for x in (a.site, article_date_label(a), a.url, a.origin.label()) if x)
            h.append(f'<p class="meta">{where}</p>')
            h.append(_article_body(a, cited.get(a.id, [])))
            if a.removed:
                h.append(f'<details class="removed"><summary>{len(a.removed)} paragraphs removed as site chrome</summary>')
                for p in a.removed:
                    h.append(f"<p title=\"{escape(p.reason or '')}\">[{escape(p.reason or 'removed')}] {escape(p.text)}</p>")
                h.append("</details>")
            h.append("</article>")
        h.append("</section>")
    if result.skipped:
        h.append('<section><h2>Skipped inputs</h2><ul class="skipped">')
        for s in result.skipped:
            h.append(f"<li>{escape(s.label())} ({escape(s.stage)}): {escape(s.reason)}</li>")
        h.append("</ul></section>")
    h.append("</body></html>")
    return "\n".join(h)
