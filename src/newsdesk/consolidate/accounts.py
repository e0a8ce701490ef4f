"""Differing accounts: one point, several versions, and who gave each.

Two kinds:

* ``quantity``: amounts measuring the same thing (``amounts.quantity_points``) that differ in value
  or qualifier: the talks lasted "around four hours" / "almost four hours" / "more than four
  hours"; "tens of thousands" / "at least 100,000" marched.
* ``stance``: contested claims about one point, from the stance lexicon (``extract.lexicon.STANCES``):
  the vote was "won fairly with over 80%" (says Lukashenko) / "rigged" (says the opposition).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..extract.lexicon import STANCE_TOPICS, STANCES
from ..extract.quotes import attribution
from ..model import Article, Claim, DifferingAccount, Entity, Quantity, Span, Variant
from ..text import sentence_spans
from .amounts import quantity_points, shared_words
from .facts import clauses

_HOW = {"duration": "how long", "count": "how many", "percent": "what share", "money": "how much"}
_CLAUSE_SPLIT = re.compile(r",\s+(?=(?:which|while|but|whereas|a result|although|though)\b)|;\s+|\s+[–—]\s+")


def _sentence_of(text: str, sents: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    return next(((s, e) for s, e in sents if s <= pos < e), (max(0, pos - 100), min(len(text), pos + 100)))


def _variant(
    value: str,
    claims: list[Claim],
    rep_of: Mapping[str, str],
    speakers: list[str],
    quantities: Sequence[str] = (),
) -> Variant:
    arts = sorted({c.article_id for c in claims})
    return Variant(
        value=value,
        claims=tuple(claims),
        articles=tuple(arts),
        sources=tuple(sorted({rep_of.get(a, a) for a in arts})),
        speakers=tuple(dict.fromkeys(s for s in speakers if s)),
        quantities=tuple(quantities),
    )


def quantity_accounts(
    articles: Mapping[str, Article],
    quantities: Sequence[Quantity],
    entities: Sequence[Entity],
    rep_of: Mapping[str, str],
) -> list[DifferingAccount]:
    texts = {a: art.text for a, art in articles.items()}
    sents = {a: sentence_spans(t) for a, t in texts.items()}
    out = []
    for point in quantity_points(quantities, texts):
        versions: dict[tuple[str | None, float], list[Quantity]] = defaultdict(list)
        for q in point:
            versions[(q.qualifier, q.value)].append(q)
        if len(versions) < 2:
            continue
        variants = []
        for qs in versions.values():
            claims, speakers = [], []
            for q in qs:
                art = articles[q.span.doc_id]
                s, e = _sentence_of(art.text, sents[art.id], q.span.start)
                claims.append(Claim(art.id, art.text[s:e], Span(art.id, s, e)))
                # attribute the clause that holds the amount, not another clause of the sentence
                cs, ce = next(((a, b) for a, b in clauses(art.text, s, e) if a <= q.span.start < b), (s, e))
                who = attribution(art, cs, ce, entities)
                speakers.append(who[1] or who[0] if who else "")
            variants.append(_variant(qs[0].text.strip().lower(), claims, rep_of, speakers, [q.id for q in qs]))
        variants.sort(key=lambda v: (-len(v.sources), v.value))
        words = shared_words(texts, point)[:3]
        q0 = point[0]
        point_name = f"{_HOW.get(q0.kind, 'what amount')} ({', '.join(words)})" if words else _HOW.get(q0.kind, "")
        out.append(DifferingAccount(id="", point=point_name, kind="quantity", variants=tuple(variants)))
    return out


def stance_accounts(
    articles: Mapping[str, Article], entities: Sequence[Entity], rep_of: Mapping[str, str]
) -> list[DifferingAccount]:
    """Contested claims: clauses with opposite stance words about the same topic (the vote)."""
    found: dict[str, list[tuple[Claim, str, str]]] = defaultdict(list)  # stance -> (claim, topic, speaker)
    for art in articles.values():
        text = art.text
        for s, e in sentence_spans(text):
            sent = text[s:e]
            if not STANCE_TOPICS.search(sent):
                continue
            pos = 0
            parts = []
            for m in _CLAUSE_SPLIT.finditer(sent):
                parts.append((s + pos, s + m.start()))
                pos = m.end()
            parts.append((s + pos, e))
            for cs, ce in parts:
                clause = text[cs:ce]
                hits = [(name, m) for name, pat in STANCES.items() for m in [pat.search(clause)] if m]
                if len(hits) != 1:
                    continue  # no stance, or both in one clause (a denial quoted with its claim)
                name, m = hits[0]
                topic = STANCE_TOPICS.search(sent)
                who = attribution(art, cs, ce, entities)
                phrase = _phrase(clause, m.start(), m.end())
                found[name].append((Claim(art.id, phrase[0], Span(art.id, cs + phrase[1], cs + phrase[2])),
                                    topic.group().lower() if topic else "", (who[1] or who[0]) if who else ""))
    if len(found) < 2:
        return []
    variants = []
    for name, items in found.items():
        claims = [c for c, _, _ in items]
        speakers = [w for _, _, w in items]
        value = min((c.text for c in claims), key=len)
        variants.append(_variant(value, claims, rep_of, speakers))
    variants.sort(key=lambda v: (-len(v.sources), v.value))
    topics = [t for items in found.values() for _, t, _ in items if t]
    topic = max(sorted(set(topics)), key=topics.count) if topics else "claim"  # sorted: no hash-seed ties
    return [DifferingAccount(id="", point=f"the {topic}", kind="stance", variants=tuple(variants))]


def _phrase(clause: str, s: int, e: int) -> tuple[str, int, int]:
    """A short phrase around a stance word: from the verb before it to the end of its clause part."""
    lo = s
    verbs = list(re.finditer(r"\b(?:won|win|was|were|had|has|have|been|be|rigged|is)\b", clause[:s]))
    if verbs and s - verbs[-1].start() < 40:
        lo = verbs[-1].start()
    hi = e
    m = re.search(r"[,;.]|\s(?:and|but)\s", clause[e:])
    hi = e + (m.start() if m else len(clause) - e)
    hi = min(hi, e + 60)
    while lo < hi and clause[lo].isspace():
        lo += 1
    while hi > lo and clause[hi - 1].isspace():
        hi -= 1
    return clause[lo:hi], lo, hi


def differing_accounts(
    *,
    event_id: str,
    articles: Mapping[str, Article],
    quantities: Sequence[Quantity],
    entities: Sequence[Entity],
    rep_of: Mapping[str, str],
) -> tuple[DifferingAccount, ...]:
    """Every differing account of one event, the most sourced first."""
    accs = quantity_accounts(articles, quantities, entities, rep_of) + stance_accounts(articles, entities, rep_of)
    accs.sort(key=lambda d: (-len({s for v in d.variants for s in v.sources}), d.point))
    return tuple(
        DifferingAccount(f"{event_id}-d{i}", d.point, d.kind, d.variants) for i, d in enumerate(accs, 1)
    )
