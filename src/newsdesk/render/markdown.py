"""Markdown that reads well in a terminal: one section per event, citations as [n] markers."""

from __future__ import annotations

import textwrap

from ..model import Result
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
    sentence_language,
    weak_sources_warning,
)


def _cites(numbers: list[int]) -> str:
    return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def to_markdown(result: Result) -> str:
    views = event_views(result)
    copies = copy_of(result)
    lines = [
        "# newsdesk brief",
        "",
        f"{_n(len(result.events), 'event')} from {_n(len(result.articles), 'article')}"
        + (f"; {_n(len(result.skipped), 'input')} skipped (listed at the end)" if result.skipped else "")
        + ".",
        "",
    ]
    for i, v in enumerate(views, 1):
        ev, brief = v.event, v.brief
        headline = brief.headline.text if brief and brief.headline else article_label(v.articles[0])
        lines.append(f"## {i}. {headline}")
        meta = [counted(len(ev.articles), "article"), counted(len(ev.sources), "independent source")]
        if ev.date:
            meta.insert(0, event_date_label(ev) + (f" ({evidence})" if (evidence := date_evidence(v)) else ""))
        if ev.follow_up_of:
            earlier = next((j for j, w in enumerate(views, 1) if w.event.id == ev.follow_up_of), None)
            meta.append(f"follows up event {earlier} ({ev.follow_up_of})" if earlier else f"follows up event {ev.follow_up_of}")
        lines += ["", "_" + " · ".join(meta) + "_", ""]
        warning = weak_sources_warning(v)
        if warning:
            lines += [f"**Warning**: {warning}.", ""]
        if brief and brief.headline:
            lines.append(f"**Headline** {_cites(v.cite([c.article_id for c in brief.headline.citations]))}"
                         + (" †" if brief.headline.repaired else "")
                         + (f" _(in {hl})_" if (hl := sentence_language(v, brief, brief.headline)) else ""))
            lines.append("")
        if brief:
            for s in brief.sentences:
                body = f"{s.text} {_cites(v.cite([c.article_id for c in s.citations]))}"
                if s.repaired:
                    body += " †"
                lang = sentence_language(v, brief, s)
                if lang:
                    body += f" _(in {lang})_"
                lines.append(textwrap.fill(body, width=100, subsequent_indent="  ", initial_indent="- ",
                                           break_long_words=False, break_on_hyphens=False))
            if any(sentence_language(v, brief, s) for s in [*brief.sentences, *([brief.headline] if brief.headline else [])]):
                lines += ["", (f"_(in ...)_: no source in the brief's language ({brief.language}) states this; "
                               "the sentence is shown as its source wrote it.")]
            if any(s.repaired for s in [*brief.sentences, *([brief.headline] if brief.headline else [])]):
                lines += ["", "† wording repaired: a spun copy's substitutions reversed (\"historical past\" -> "
                          "\"history\"); each original is kept with its span in the JSON output (\"edits\")."]
            lines.append("")
        extra = facts_section("markdown", result, ev)
        if extra:
            lines += [extra.rstrip(), ""]
        lines.append("Sources:")
        for a in v.articles:
            bits = [f"[{v.number[a.id]}] {article_label(a)}"]
            where = ", ".join(x for x in (a.site, article_date_label(a), a.origin.label()) if x)
            bits.append(f"({where})")
            if a.id in copies:
                bits.append(f"copy of [{v.number.get(copies[a.id], '?')}]")
            fl = flags_of(a)
            if fl:
                bits.append("flags: " + ", ".join(fl))
            if a.removed:
                bits.append(f"{_n(len(a.removed), 'chrome paragraph')} removed")
            lines.append("  " + " ".join(bits))
        lines.append("")
    if result.skipped:
        lines += ["## Skipped inputs", ""]
        for s in result.skipped:
            lines.append(f"- {s.label()} ({s.stage}): {s.reason}")
        lines.append("")
    if result.notes:
        lines += ["## Notes on inputs", ""] + [f"- {n}" for n in result.notes] + [""]
    return "\n".join(lines)
