"""Cross-source facts sections of an event, for the Markdown and HTML renderers.

``markdown_section(result, event)`` and ``html_section(result, event)`` return "" when the facts
stage did not run. Citation numbers are the event's source numbers ([1], [2], ...) from
``render.common.event_views``; every piece of article text in HTML goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from ..extract.quantities import display
from ..model import Event, EventAnalysis, Fact, Result, Variant
from .common import event_views

MAX_FACTS = 8  # agreed facts shown per event (all are in the JSON)
MAX_ENTITIES = 8
MAX_QUOTES = 6
MAX_SURFACES = 5


def _analysis(result: Result, event: Event) -> EventAnalysis | None:
    return next((a for a in result.analyses if a.event_id == event.id), None)


def _numbers(result: Result, event: Event) -> dict[str, int]:
    view = next((v for v in event_views(result) if v.event.id == event.id), None)
    return dict(view.number) if view else {a: i for i, a in enumerate(event.articles, 1)}


def _cites(ids: tuple[str, ...] | list[str], number: dict[str, int]) -> str:
    nums = sorted({number[a] for a in ids if a in number})
    return "[" + ", ".join(map(str, nums)) + "]" if nums else ""


def _sources_word(n: int) -> str:
    return f"{n} independent source{'s' * (n != 1)}"


def _variant_md(v: Variant, number: dict[str, int]) -> str:
    who = f" ({', '.join(v.speakers)})" if v.speakers else ""
    return f'"{v.value}" {_cites(v.articles, number)}{who}'


def _amounts(an: EventAnalysis, fact: Fact) -> str:
    """The normalised amounts a fact states, with the currencies linked ("USD 1.5 billion = EUR 1.26 billion")."""
    qids = set(fact.quantities)
    by_id = {q.id: q for q in an.quantities}
    for link in an.quantity_links:
        if link.kind == "same_amount" and qids & set(link.quantities):
            forms = []
            for qid in link.quantities:
                q = by_id.get(qid)
                if q:
                    f = display(q).removeprefix(f"{q.qualifier} ") if q.qualifier else display(q)
                    if f not in forms:
                        forms.append(f)
            return " = ".join(forms)
    return ""


def markdown_section(result: Result, event: Event) -> str:
    an = _analysis(result, event)
    if an is None:
        return ""
    number = _numbers(result, event)
    by_id = {a.id: a for a in result.articles}
    out: list[str] = []
    agreed = an.agreed
    if agreed:
        out += ["**Agreed facts** (most independent sources first)", ""]
        for f in agreed[:MAX_FACTS]:
            amount = _amounts(an, f)
            extra = f"; amount: {amount}" if amount else ""
            out.append(f"- {f.statement} — {_sources_word(len(f.sources))} {_cites(f.articles, number)}{extra}")
        if len(agreed) > MAX_FACTS:
            out.append(f"- ... {len(agreed) - MAX_FACTS} more in the JSON output")
        out.append("")
    if an.differing:
        out += ["**Differing accounts**", ""]
        for d in an.differing:
            out.append(f"- {d.point}: " + " · ".join(_variant_md(v, number) for v in d.variants))
        out.append("")
    flagged = [(a, by_id[a]) for a in event.articles if a in by_id and by_id[a].flags]
    if flagged:
        out += ["**Source quality**", ""]
        for aid, art in sorted(flagged, key=lambda x: number.get(x[0], 0)):
            for fl in art.flags:
                out.append(f"- [{number.get(aid, '?')}] {fl.kind}: {fl.evidence}")
        out.append("")
    if event.follow_up_of:
        out += [f"**Follow-up** of event {event.follow_up_of}: {event.follow_up_evidence or ''}".rstrip(": "), ""]
    ents = [e for e in an.entities if len(e.articles) >= min(2, len(event.articles))][:MAX_ENTITIES]
    if ents:
        items = []
        for e in ents:
            also = [s for s in e.surfaces if s != e.canonical][:MAX_SURFACES]
            items.append(e.canonical + (f" (also {', '.join(also)})" if also else ""))
        out += ["**Who and where**: " + "; ".join(items), ""]
    quotes = [q for q in an.quotes if q.canonical or q.speaker][:MAX_QUOTES]
    if quotes:
        out += ["**Quotes**", ""]
        for q in quotes:
            who = q.canonical or q.speaker
            out.append(f'- {who}: "{q.text}" {_cites([q.span.doc_id], number)}')
        out.append("")
    return "\n".join(out).rstrip() + ("\n" if out else "")


def _cites_html(ids: tuple[str, ...] | list[str], number: dict[str, int], title: str = "") -> str:
    t = f' title="{escape(title)}"' if title else ""
    return "".join(
        f'<a class="cite" href="#a-{escape(a)}"{t}>[{number[a]}]</a>'
        for a in sorted({a for a in ids if a in number}, key=lambda x: number[x])
    )


def html_section(result: Result, event: Event) -> str:
    an = _analysis(result, event)
    if an is None:
        return ""
    number = _numbers(result, event)
    by_id = {a.id: a for a in result.articles}
    h: list[str] = ['<div class="facts">']
    agreed = an.agreed
    if agreed:
        h.append("<h3>Agreed facts</h3><ol class=\"agreed\">")
        for f in agreed[:MAX_FACTS]:
            amount = _amounts(an, f)
            amount_html = f' <span class="meta">amount: {escape(amount)}</span>' if amount else ""
            h.append(
                f"<li>{escape(f.statement)}{_cites_html(f.articles, number)} "
                f'<span class="meta">{_sources_word(len(f.sources))}</span>{amount_html}</li>'
            )
        h.append("</ol>")
    if an.differing:
        h.append('<h3>Differing accounts</h3><ul class="differing">')
        for d in an.differing:
            parts = []
            for v in d.variants:
                who = f' <span class="meta">({escape(", ".join(v.speakers))})</span>' if v.speakers else ""
                title = " / ".join(c.text for c in v.claims[:2])
                parts.append(f"“{escape(v.value)}”{_cites_html(v.articles, number, title)}{who}")
            h.append(f"<li><strong>{escape(d.point)}</strong>: {' · '.join(parts)}</li>")
        h.append("</ul>")
    flagged = [(a, by_id[a]) for a in event.articles if a in by_id and by_id[a].flags]
    if flagged:
        h.append('<h3>Source quality</h3><ul class="quality">')
        for aid, art in sorted(flagged, key=lambda x: number.get(x[0], 0)):
            for fl in art.flags:
                h.append(
                    f'<li><a href="#a-{escape(aid)}">[{number.get(aid, "?")}]</a> '
                    f'<span class="flag">{escape(fl.kind)}</span> {escape(fl.evidence)}</li>'
                )
        h.append("</ul>")
    if event.follow_up_of:
        h.append(
            f'<p class="meta">Follow-up of <a href="#e-{escape(event.follow_up_of)}">an earlier event</a>: '
            f"{escape(event.follow_up_evidence or '')}</p>"
        )
    ents = [e for e in an.entities if len(e.articles) >= min(2, len(event.articles))][:MAX_ENTITIES]
    if ents:
        items = []
        for e in ents:
            also = [s for s in e.surfaces if s != e.canonical][:MAX_SURFACES]
            items.append(escape(e.canonical) + (f' <span class="meta">({escape(", ".join(also))})</span>' if also else ""))
        h.append(f'<p class="entities"><strong>Who and where</strong>: {"; ".join(items)}</p>')
    quotes = [q for q in an.quotes if q.canonical or q.speaker][:MAX_QUOTES]
    if quotes:
        h.append('<h3>Quotes</h3><ul class="quotes">')
        for q in quotes:
            who = escape(q.canonical or q.speaker or "")
            h.append(f"<li>{who}: “{escape(q.text)}”{_cites_html([q.span.doc_id], number)}</li>")
        h.append("</ul>")
    h.append("</div>")
    return "\n".join(h) if len(h) > 2 else ""
