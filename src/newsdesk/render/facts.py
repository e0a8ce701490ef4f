"""Cross-source facts sections of an event, for the Markdown and HTML renderers.

``markdown_section(result, event)`` and ``html_section(result, event)`` return "" when the facts
stage did not run. Citation numbers are the event's source numbers ([1], [2], ...) from
``render.common.event_views``; every piece of article text in HTML goes through ``html.escape``.
"""

from __future__ import annotations

import re

from html import escape

from ..extract.quantities import display
from ..model import Claim, Entity, Event, EventAnalysis, Fact, Result, Variant
from ..summarize.edit import _PRONOUN_WORDS as PRONOUN_WORDS
from ..summarize.spun import spun_wording
from .common import counted, event_views, other_language

MAX_FACTS = 8  # agreed facts shown per event (all are in the JSON)
MAX_ENTITIES = 8
MAX_QUOTES = 6
MAX_SURFACES = 5


def shown_surfaces(entity: Entity) -> list[str]:
    """The other ways an entity is written, as shown to a reader: not its canonical name and not a
    spun copy's wording (``summarize.spun.spun_wording``); at most ``MAX_SURFACES``."""
    return [s for s in entity.surfaces if s != entity.canonical and not spun_wording(s)][:MAX_SURFACES]


QUOTE_SHOWN_WORDS = 3  # shorter quotations ("certain", "jurists": a term a translation kept) only fill room left


def shown_quotes(an: EventAnalysis) -> list[tuple[str, str, list[str]]]:
    """``(speaker, words, article ids)`` of the quotes shown with an event: those whose speaker is named
    (a "she" the quote finder could not resolve names nobody), the same words of the same speaker once,
    citing every article that carries them (an exact or syndicated copy repeats its original's quotes);
    at most ``MAX_QUOTES``, whole statements before single terms and partial quotes, in the order first met.

    A partial quote (its words open in lower case: "sure that considering your experience", the
    speaker's words woven into the reporter's sentence) is shown after an ellipsis, "… sure that
    ...", so that a reader sees it is not all the speaker said; like a term, it only fills room
    that whole statements leave (the seeds' 2020 event listed three partial quotes of Putin's
    before his one whole sentence)."""
    merged: dict[tuple[str, str], tuple[str, str, list[str]]] = {}
    for q in an.quotes:
        who = q.canonical or q.speaker
        if not who or who.lower() in PRONOUN_WORDS:  # the brief editor's list: a pronoun is no speaker
            continue
        if not any(w[:1].isupper() for w in who.split()[1:]) and _RELATIVE.search(who.lower()):
            continue  # "the one who claims victory" (a translation's circumlocution) names nobody
        key = (who, " ".join(q.text.lower().split()).rstrip(".,!?"))
        merged.setdefault(key, (who, q.text, []))
        if q.span.doc_id not in merged[key][2]:
            merged[key][2].append(q.span.doc_id)
    rows = [(who, f"… {words}" if _partial(words) and len(words.split()) >= QUOTE_SHOWN_WORDS else words, ids)
            for who, words, ids in merged.values()]  # a single term ("certain") is no sentence to cut
    whole = [i for i, r in enumerate(rows) if len(r[1].split()) >= QUOTE_SHOWN_WORDS and not _partial(r[1])]
    whole = whole[:MAX_QUOTES]
    fill = [i for i in range(len(rows)) if i not in whole][: MAX_QUOTES - len(whole)]
    return [rows[i] for i in sorted(whole + fill)]


_RELATIVE = re.compile(r"\b(?:who|whom|which|that)\b")


def _partial(words: str) -> bool:
    """Quoted words that open mid-sentence (lower case, or already shown after an ellipsis)."""
    w = words.lstrip("\"'“‘ ")
    return w.startswith("…") or w[:1].islower()


def _analysis(result: Result, event: Event) -> EventAnalysis | None:
    return next((a for a in result.analyses if a.event_id == event.id), None)


def _numbers(result: Result, event: Event) -> dict[str, int]:
    view = next((v for v in event_views(result) if v.event.id == event.id), None)
    return dict(view.number) if view else {a: i for i, a in enumerate(event.articles, 1)}


def _cites(ids: tuple[str, ...] | list[str], number: dict[str, int]) -> str:
    nums = sorted({number[a] for a in ids if a in number})
    return "[" + ", ".join(map(str, nums)) + "]" if nums else ""


def _sources_word(n: int) -> str:
    return counted(n, "independent source")


def _variant_md(v: Variant, number: dict[str, int], language: str = "") -> str:
    """A version: its value (and ``language``, " (in German)", when it is quoted in another), citations, who says so."""
    who = f" ({', '.join(v.speakers)})" if v.speakers else ""
    return f'"{v.value}"{language} {_cites(v.articles, number)}{who}'


def _other_language(language: str | None, result: Result, event: Event) -> str:
    """" (in French)" when a statement, point or version is in another language than the event's brief (issue 13)."""
    brief = result.brief_for(event)
    name = other_language(language, brief.language if brief is not None else None)
    return f" (in {name})" if name else ""


def _lang_attr(language: str | None, result: Result, event: Event) -> str:
    """The HTML ``lang`` attribute of a text in another language than the brief's ("" otherwise)."""
    return f' lang="{escape(language or "")}"' if _other_language(language, result, event) else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _one_claim_per_article(claims: tuple[Claim, ...]) -> list[Claim]:
    """The sentence of each article that states it (the first, when an article says it twice)."""
    seen: dict[str, Claim] = {}
    for c in claims:
        seen.setdefault(c.article_id, c)
    return list(seen.values())


def _sentences_html(claims: tuple[Claim, ...], number: dict[str, int], label: str = "the sentences") -> str:
    """Each source's sentence, side by side (a grid that wraps on narrow screens)."""
    cells = "".join(
        f'<blockquote style="margin:0;padding:.3rem .5rem;border-left:3px solid #ccc">'
        f'<a class="cite" href="#a-{escape(c.article_id)}">[{number.get(c.article_id, "?")}]</a> {escape(c.text)}</blockquote>'
        for c in _one_claim_per_article(claims)
    )
    return (f'<details class="evidence"><summary>{escape(label)}</summary>'
            f'<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.4rem">{cells}</div>'
            f"</details>")


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
            extra = (f"; according to {f.attribution}" if f.attribution else "") + (f"; amount: {amount}" if amount else "")
            out.append(f"- {f.statement}{_other_language(f.language, result, event)} — "
                       f"{_sources_word(len(f.sources))} {_cites(f.articles, number)}{extra}")
            out.extend(f"  > [{number.get(c.article_id, '?')}] {_one_line(c.text)}" for c in _one_claim_per_article(f.claims))
        if len(agreed) > MAX_FACTS:
            out.append(f"- ... {len(agreed) - MAX_FACTS} more in the JSON output")
        out.append("")
    if an.differing:
        out += ["**Differing accounts**", ""]
        for d in an.differing:
            out.append(f"- {d.point}{_other_language(d.language, result, event)}: "
                       + " · ".join(_variant_md(v, number, _other_language(v.language, result, event)) for v in d.variants))
            for v in d.variants:
                out.extend(f'  > "{v.value}" [{number.get(c.article_id, "?")}] {_one_line(c.text)}'
                           for c in _one_claim_per_article(v.claims))
        out.append("")
    if an.notes:
        out += ["**Limits of this analysis**: " + "; ".join(an.notes), ""]
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
            also = shown_surfaces(e)
            items.append(e.canonical + (f" (also {', '.join(also)})" if also else ""))
        out += ["**Who and where**: " + "; ".join(items), ""]
    quotes = shown_quotes(an)
    if quotes:
        out += ["**Quotes**", ""]
        for who, words, ids in quotes:
            out.append(f'- {who}: "{words}" {_cites(ids, number)}')
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
            who = f' <span class="meta">according to {escape(f.attribution)}</span>' if f.attribution else ""
            h.append(
                f"<li><span{_lang_attr(f.language, result, event)}>{escape(f.statement)}</span>"
                f"{escape(_other_language(f.language, result, event))}"
                f"{_cites_html(f.articles, number)} "
                f'<span class="meta">{_sources_word(len(f.sources))}</span>{who}{amount_html}'
                f"{_sentences_html(f.claims, number)}</li>"
            )
        h.append("</ol>")
    if an.differing:
        h.append('<h3>Differing accounts</h3><ul class="differing">')
        for d in an.differing:
            parts = []
            for v in d.variants:
                who = f' <span class="meta">({escape(", ".join(v.speakers))})</span>' if v.speakers else ""
                title = " / ".join(c.text for c in v.claims[:2])
                parts.append(f"<span{_lang_attr(v.language, result, event)}>“{escape(v.value)}”</span>"
                             f"{escape(_other_language(v.language, result, event))}{_cites_html(v.articles, number, title)}{who}")
            ev = "".join(_sentences_html(v.claims, number, f"“{v.value}”: the sentences") for v in d.variants)
            h.append(f"<li><strong{_lang_attr(d.language, result, event)}>{escape(d.point)}</strong>"
                     f"{escape(_other_language(d.language, result, event))}: "
                     f"{' · '.join(parts)}{ev}</li>")
        h.append("</ul>")
    if an.notes:
        h.append(f'<p class="meta">Limits of this analysis: {escape("; ".join(an.notes))}</p>')
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
            also = shown_surfaces(e)
            items.append(escape(e.canonical) + (f' <span class="meta">({escape(", ".join(also))})</span>' if also else ""))
        h.append(f'<p class="entities"><strong>Who and where</strong>: {"; ".join(items)}</p>')
    quotes = shown_quotes(an)
    if quotes:
        h.append('<h3>Quotes</h3><ul class="quotes">')
        for who, words, ids in quotes:
            h.append(f"<li>{escape(who)}: “{escape(words)}”{_cites_html(ids, number)}</li>")
        h.append("</ul>")
    h.append("</div>")
    return "\n".join(h) if len(h) > 2 else ""
