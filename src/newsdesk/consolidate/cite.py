"""Citations from agreed facts: a brief sentence that states a fact is cited by every source of it.

The summarizer cites articles whose sentences resemble the brief sentence word for word; a fact
groups claims that state the same thing in other words or other currencies ("€1.26bn loan",
"one and a half billion US dollars"). ``cite_facts`` adds, to each brief sentence taken from a claim
of an agreed fact, a citation of every other article stating that fact when the two claims share
a linked amount or enough words. Existing citations are kept as they are.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence

from ..model import Brief, BriefSentence, Citation, Claim, EventAnalysis
from .amounts import amount_classes
from .common import content_stems

# Word overlap (cosine of content stems) at or above which a fact's claim also cites a brief
# sentence without a shared amount; above the facts threshold, because a citation says "this
# article states this sentence". Set by hand on the seeds and fixtures.
MIN_CITE_SIMILARITY = 0.3


def _cosine(a: str, b: str) -> float:
    ca, cb = Counter(content_stems(a)), Counter(content_stems(b))
    dot = sum(v * cb[k] for k, v in ca.items())
    na, nb = math.sqrt(sum(v * v for v in ca.values())), math.sqrt(sum(v * v for v in cb.values()))
    return dot / (na * nb) if na and nb else 0.0


def _overlaps(c: Claim, s: BriefSentence) -> bool:
    sp = s.source
    inter = min(c.span.end, sp.end) - max(c.span.start, sp.start)
    return c.article_id == sp.doc_id and inter > 0 and inter >= 0.5 * min(c.span.end - c.span.start, sp.end - sp.start)


def _cite(s: BriefSentence, an: EventAnalysis, classes: dict[str, str]) -> BriefSentence:
    cited = {c.article_id for c in s.citations}
    qdoc = {q.id: q for q in an.quantities}
    extra: list[Citation] = []
    for fact in an.agreed:
        own = [c for c in fact.claims if _overlaps(c, s)]
        if not own:
            continue
        own_amounts = {classes[q] for q in fact.quantities if q in classes for c in own
                       if qdoc[q].span.doc_id == c.article_id and c.span.start <= qdoc[q].span.start < c.span.end}
        for c in fact.claims:
            if c.article_id in cited:
                continue
            amounts = {classes[q] for q in fact.quantities if q in classes
                       and qdoc[q].span.doc_id == c.article_id and c.span.start <= qdoc[q].span.start < c.span.end}
            score = _cosine(s.text, c.text)
            if (own_amounts & amounts) or score >= MIN_CITE_SIMILARITY:
                extra.append(Citation(c.article_id, c.span, round(max(score, 0.5 if own_amounts & amounts else 0), 3)))
                cited.add(c.article_id)
    return dataclasses.replace(s, citations=s.citations + tuple(extra)) if extra else s


def cite_facts(briefs: Sequence[Brief], analyses: Sequence[EventAnalysis]) -> tuple[Brief, ...]:
    """The briefs with fact-based citations added (see the module docstring)."""
    by_event = {a.event_id: a for a in analyses}
    out = []
    for b in briefs:
        an = by_event.get(b.event_id)
        if an is None or not an.agreed:
            out.append(b)
            continue
        classes = amount_classes([lk for lk in an.quantity_links])
        out.append(
            dataclasses.replace(
                b,
                headline=_cite(b.headline, an, classes) if b.headline else None,
                sentences=tuple(_cite(s, an, classes) for s in b.sentences),
            )
        )
    return tuple(out)
