"""Source quality flags, each with its evidence: spun, machine_translated, copy, chrome_share, off_topic.

Flags lower a source's weight (``common.FLAG_WEIGHTS``) in facts; they never hide it.

* ``spun``: known spinner substitutions and odd collocations (``lexicon.SPINNER``); ``score`` is
  the summed strength of the distinct substitutions found.
* ``machine_translated``: names written the way another language transliterates them, compared
  with the event's canonical names (Poutine, Loukachenko, Aleksándr); a translated agency credit
  ("France Media Agency"); calques and foreign typography (weaker). ``score``: summed strength.
* ``copy``: a member of a duplicate group that is not its representative.
* ``chrome_share``: the share of the ingested text removed as site chrome.
* ``off_topic``: little vocabulary shared with the rest of its event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..caches import cached
from ..config import FactsConfig
from ..extract.dates import content_words
from ..extract.entities import is_foreign_spelling
from ..extract.lexicon import (
    CALQUES, FOREIGN_CREDITS, FOREIGN_TYPOGRAPHY, SPINNER_LOWER, SPINNER_NEEDS, SPINNER_RE,
)
from ..model import Article, DuplicateGroup, Entity, QualityFlag, Span

# Calibrated on the seeds (the spun seed scores 20+, the four others at most 0.8) and checked on the
# Multi-News validation articles (benchmarks/facts.py prints the share flagged).
SPUN_MIN_SCORE = 3.0
SPUN_MIN_DISTINCT = 3  # distinct substitutions needed besides the score (one odd phrase is a typo)
MT_MIN_SCORE = 1.0  # one strong sign (a foreign name spelling, a translated credit) or two weak ones
MT_WEAK = 0.5
MAX_EVIDENCE = 8  # phrases quoted in a flag's evidence text


def spun_flag(article: Article) -> QualityFlag | None:
    """Known spinner substitutions: the lexicon (``lexicon.SPINNER``) is English."""
    if not _english(article):
        return None
    return _spun_flag(article.text, article.id)


def _english(article: Article) -> bool:
    """English or unknown (too short to tell): the lexicons of these flags are English."""
    return article.language in (None, "en")


@cached()  # per article text: re-analysing an event rescans no unchanged article
def _spun_flag(text: str, doc_id: str) -> QualityFlag | None:
    low = text.lower()
    # lower-cased patterns on lower-cased text: several times faster than IGNORECASE (same offsets
    # unless lower() changes the length, which a few non-Latin letters do)
    pats = SPINNER_LOWER if len(low) == len(text) else [p for p, _, _ in SPINNER_RE]
    target = low if len(low) == len(text) else text
    hits: list[tuple[str, str, Span, float]] = []
    seen: set[int] = set()
    lowered = target is low
    for i, pat in enumerate(pats):
        if lowered and SPINNER_NEEDS[i] and not any(lit in low for lit in SPINNER_NEEDS[i]):
            continue  # none of the words this pattern needs is in the text
        for m in pat.finditer(target):
            _, original, strength = SPINNER_RE[i]
            hits.append((text[m.start() : m.end()], original, Span(doc_id, m.start(), m.end()), strength))
            seen.add(i)
    score = sum(SPINNER_RE[i][2] for i in seen)
    if score < SPUN_MIN_SCORE or len(seen) < SPUN_MIN_DISTINCT:
        return None
    hits.sort(key=lambda h: h[2].start)
    shown = []
    for phrase, original, _, _ in hits:
        item = f'"{phrase}" (for {original})'
        if item not in shown:
            shown.append(item)
    evidence = f"{len(seen)} spinner substitutions: " + ", ".join(shown[:MAX_EVIDENCE]) + (
        ", ..." if len(shown) > MAX_EVIDENCE else ""
    )
    return QualityFlag("spun", evidence, tuple(h[2] for h in hits), round(score, 2))


def translated_flag(article: Article, entities: Sequence[Entity]) -> QualityFlag | None:
    """Signs that an English article was machine-translated from another language. An article
    written in another language is native text: "Poutine" and "M." are French spelling there."""
    if not _english(article):
        return None
    text = article.text
    items: list[tuple[str, Span, float]] = []
    for ent in entities:
        for m in ent.mentions:
            if m.span.doc_id == article.id and m.how != "role" and is_foreign_spelling(m.text, ent.canonical):
                items.append((f'"{m.text}" for {ent.canonical}', m.span, 1.0))
    items.extend(_translation_signs(text, article.id))
    # one strength per distinct sign: ten "Poutine"s are one piece of evidence
    distinct: dict[str, float] = {}
    for desc, _, w in items:
        distinct.setdefault(desc, w)
    score = sum(distinct.values())
    if score < MT_MIN_SCORE:
        return None
    evidence = "; ".join(list(distinct)[:MAX_EVIDENCE])
    return QualityFlag("machine_translated", evidence, tuple(s for _, s, _ in items), round(score, 2))


@cached()  # per article text: the signs that do not depend on the event's names
def _translation_signs(text: str, doc_id: str) -> tuple[tuple[str, Span, float], ...]:
    items: list[tuple[str, Span, float]] = []
    for m in FOREIGN_CREDITS.finditer(text):
        items.append((f'agency credit "{m.group()}"', Span(doc_id, m.start(), m.end()), 1.0))
    for m in CALQUES.finditer(text):
        items.append((f'calque "{m.group()}"', Span(doc_id, m.start(), m.end()), MT_WEAK))
    for pat in FOREIGN_TYPOGRAPHY:
        m = pat.search(text)
        if m:
            s, e = max(0, m.start() - 10), min(len(text), m.end() + 10)
            items.append((f'foreign typography "{text[s:e].strip()}"', Span(doc_id, s, e), MT_WEAK))
    return tuple(items)


def copy_flag(article: Article, groups: Sequence[DuplicateGroup]) -> QualityFlag | None:
    for g in groups:
        if article.id in g.members and article.id != g.representative:
            i = g.members.index(article.id)
            sim = f", similarity {g.similarity[i]:.2f}" if i < len(g.similarity) else ""
            return QualityFlag("copy", f"{g.kind} copy of {g.representative}{sim}", (),
                               g.similarity[i] if i < len(g.similarity) else 1.0)
    return None


def chrome_flag(article: Article, threshold: float) -> QualityFlag | None:
    total = sum(len(p.text) for p in article.paragraphs)
    removed = [p for p in article.paragraphs if not p.kept]
    if not total or not removed:
        return None
    share = sum(len(p.text) for p in removed) / total
    if share < threshold:
        return None
    reasons = sorted({p.reason or "chrome" for p in removed})
    return QualityFlag(
        "chrome_share",
        f"{share:.0%} of the ingested text was site chrome ({len(removed)} paragraphs: {', '.join(reasons[:4])})",
        (),
        round(share, 3),
    )


def off_topic_flags(
    articles: Sequence[Article], sources: Sequence[str], threshold: float
) -> dict[str, QualityFlag]:
    """Sources sharing under ``threshold`` of their content words (best Jaccard) with the other sources."""
    if len(sources) < 3:
        return {}  # with two sources, neither can be told to be the odd one out
    by_id = {a.id: a for a in articles}
    words = {s: content_words(by_id[s].text) for s in sources if s in by_id}
    best_of = {
        s: max((len(ws & w) / max(1, len(ws | w)) for o, w in words.items() if o != s), default=1.0)
        for s, ws in words.items()
    }
    out = {}
    for s, best in best_of.items():
        others = sorted(b for o, b in best_of.items() if o != s)
        # only an odd one out: the other sources must share words among themselves (twice the threshold)
        if best < threshold and others and others[len(others) // 2] >= 2 * threshold:
            out[s] = QualityFlag(
                "off_topic", f"shares at most {best:.0%} of its content words with another source of the event",
                (), round(best, 3)
            )
    return out


def flag_event_articles(
    articles: Sequence[Article],
    *,
    sources: Sequence[str],
    entities: Sequence[Entity],
    duplicate_groups: Sequence[DuplicateGroup],
    config: FactsConfig,
) -> dict[str, tuple[QualityFlag, ...]]:
    """Article id -> its quality flags (only articles with at least one flag)."""
    off = off_topic_flags(articles, sources, config.off_topic)
    out: dict[str, tuple[QualityFlag, ...]] = {}
    for a in articles:
        flags = [
            f
            for f in (
                spun_flag(a),
                translated_flag(a, entities),
                copy_flag(a, duplicate_groups),
                chrome_flag(a, config.chrome_share),
                off.get(a.id),
            )
            if f is not None
        ]
        if flags:
            out[a.id] = tuple(flags)
    return out


def flags_by_kind(flags: Mapping[str, Sequence[QualityFlag]], kind: str) -> list[str]:
    return sorted(a for a, fs in flags.items() if any(f.kind == kind for f in fs))
