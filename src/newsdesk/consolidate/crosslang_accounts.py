"""Differing accounts across languages, and an event's facts shown in its brief's language.

``with_other_languages(accounts, ...)``: the differing accounts found by the English parse
(``accounts.quantity_accounts``, which reads English sentences only) joined by the amounts of
articles in other languages. An amount of another language states a version of a point when it
measures the same thing (``extract.measured_lang.measured_thing``: the table of what news counts,
read in the amount's language: "100 000 manifestants", "200,000 protesters" -> protesters), is of
the same kind and unit and of a comparable size (the tests ``quantity_accounts`` applies:
``accounts._units``, ``accounts._comparable``), and comes from another source. It joins the English
account of that thing when there is one (the version with its figure, or a version of its own), and
amounts no English account holds make new accounts among themselves when two sources give figures
that cannot both be true ("100 000" / "200,000": ``numbers.interval``).

``in_language(analysis, language, articles)``: the analysis as the brief in ``language`` shows it:
each agreed fact's statement is the claim of a source written in that language when one states it
(else it stays in its own language, and ``Fact.language`` says which); a differing account's point
is said in that language when its measured thing is in the table (else it stays English), and a
version's value is quoted from a source in that language when one gives it (``Variant.language``
says the language it is quoted in).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from ..cluster.crosslang import language_key
from ..extract.measured_lang import measured_thing, point_label
from ..extract.numbers import interval, overlaps
from ..extract.quantities import display
from ..extract.quotes import _PRONOUN, attribution, speaker_name
from ..model import (
    Article,
    Claim,
    DifferingAccount,
    Entity,
    EventAnalysis,
    Fact,
    Quantity,
    QuantityLink,
    Span,
    Variant,
)
from ..text import sentence_spans
from .accounts import _comparable, _units, bounded_quantities
from .amounts import SAME_VALUE_TOLERANCE, _equal
from .common import UnionFind

__all__ = ["english_only", "in_language", "linked_across_languages", "with_other_languages"]


def _lang(article: Article | None) -> str:
    """The article's language key; unknown counts as English (as the facts stage reads it)."""
    return (language_key(article.language) if article is not None else None) or "en"


def english_only(quantities: Sequence[Quantity], articles: Mapping[str, Article]) -> list[Quantity]:
    """The amounts of the articles the English parse can read (English or of unknown language)."""
    return [q for q in quantities if _lang(articles.get(q.span.doc_id)) == "en"]


def _sentences(articles: Mapping[str, Article], qs: Sequence[Quantity]) -> dict[str, tuple[int, int]]:
    """Quantity id -> (start, end) of its sentence, split in its article's language."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    out = {}
    for q in qs:
        art = articles[q.span.doc_id]
        if art.id not in spans:
            spans[art.id] = sentence_spans(art.text, art.language)
        out[q.id] = next(((s, e) for s, e in spans[art.id] if s <= q.span.start < e),
                         (max(0, q.span.start - 100), min(len(art.text), q.span.end + 100)))
    return out


def _thing(q: Quantity, art: Article, sentence: tuple[int, int]) -> str | None:
    s, e = sentence
    return measured_thing(art.text[s:e], q.span.start - s, q.span.end - s, q.kind, art.language)


def _same_figure(a: Quantity, b: Quantity) -> bool:
    """One version: the same figure in the same unit, the qualifiers only widening it."""
    return a.value == b.value and (a.unit == b.unit or _units(a, b)) and overlaps(interval(a), interval(b))


# "according to X" in other languages (``quotes.attribution`` reads English): who gives a version.
_W = r"[^\W\d_][\w'’-]*"
_NP = rf"((?:{_W})(?: (?:{_W})){{0,2}})"
_ACCORDING = {
    "fr": (rf"\bselon (?:l[ae] |les |l['’])?{_NP}", rf"\bd['’]après (?:l[ae] |les |l['’])?{_NP}"),
    "de": (rf"\bnach Angaben (?:der|des|von) {_NP}", rf"\blaut (?:der |dem |den )?{_NP}"),
    "es": (rf"\bsegún (?:la |el |los |las )?{_NP}",),
    "it": (rf"\bsecondo (?:la |il |lo |i |gli |le |l['’])?{_NP}",),
    "pt": (rf"\bsegundo (?:a |o |os |as )?{_NP}", rf"\bde acordo com (?:a |o |os |as )?{_NP}"),
    "ru": (rf"по данным {_NP}", rf"по словам {_NP}", rf"как сообщил[аи]? {_NP}"),
    "zh": (r"据([^，。、,\s]{1,6}?)(?:称|说|表示|介绍|统计|报道)",),
    "id": (rf"\bmenurut {_NP}",),
}
# words that end the speaker's name ("selon la police samedi": the police)
_SPEAKER_STOP = re.compile(r"(?i)\s(?:am|le|la|les|el|los|on|de|del|du|des|der|die|das|et|und|y|e|и|в|samedi|dimanche|"
                           r"lundi|mardi|mercredi|jeudi|vendredi|sábado|domingo|samstag|sonntag)\b.*$")


def _foreign_speaker(text: str, language: str | None) -> str:
    """Who a sentence in another language says gives its figure: "selon la police" -> "la police"."""
    lang = (language or "").split("-")[0].lower()
    lang = "id" if lang == "ms" else lang
    for pat in _ACCORDING.get(lang, ()):
        m = re.search(pat, text, re.IGNORECASE)
        if m and lang == "de":  # German nouns are capitalised: the name ends at the first word that is not
            words = m.group(1).split()
            n = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
            return " ".join(words[:n])
        if m:
            whole = m.group(0)
            start = m.start(1) - m.start(0)
            head = whole[:start].split()[-1] if whole[:start].split() else ""
            det = head if head.lower() in {"la", "le", "les", "el", "los", "las", "il", "lo", "gli", "i", "a", "o",
                                           "os", "as", "der", "des", "dem", "den"} else ""
            name = _SPEAKER_STOP.sub("", m.group(1)).strip(" ,.;:")
            return f"{det} {name}".strip() if name else ""
    return ""


def _claim_and_speaker(q: Quantity, art: Article, sentence: tuple[int, int],
                       entities: Sequence[Entity]) -> tuple[Claim, str]:
    s, e = sentence
    who = attribution(art, s, e, entities)
    speaker = ((speaker_name(who) or "") if who and not _PRONOUN.fullmatch(who[0]) else (who[1] or "") if who else "")
    if not speaker and _lang(art) != "en":
        speaker = _foreign_speaker(art.text[s:e], art.language)
    return Claim(art.id, art.text[s:e], Span(art.id, s, e)), speaker


def _variant(qs: Sequence[Quantity], articles: Mapping[str, Article], where: Mapping[str, tuple[int, int]],
             entities: Sequence[Entity], rep_of: Mapping[str, str]) -> Variant:
    claims, speakers = [], []
    for q in qs:
        c, who = _claim_and_speaker(q, articles[q.span.doc_id], where[q.id], entities)
        claims.append(c)
        speakers.append(who)
    arts = sorted({c.article_id for c in claims})
    return Variant(
        value=qs[0].text.strip().lower(), claims=tuple(claims), articles=tuple(arts),
        sources=tuple(sorted({rep_of.get(a, a) for a in arts})),
        speakers=tuple(dict.fromkeys(s for s in speakers if s)), quantities=tuple(q.id for q in qs),
    )


def _extended(v: Variant, qs: Sequence[Quantity], articles: Mapping[str, Article],
              where: Mapping[str, tuple[int, int]], entities: Sequence[Entity], rep_of: Mapping[str, str]) -> Variant:
    """The version ``v`` also stated by the amounts ``qs``."""
    add = _variant(qs, articles, where, entities, rep_of)
    claims = (*v.claims, *add.claims)
    arts = tuple(sorted({c.article_id for c in claims}))
    return dataclasses.replace(
        v, claims=claims, articles=arts, sources=tuple(sorted({rep_of.get(a, a) for a in arts})),
        speakers=tuple(dict.fromkeys((*v.speakers, *add.speakers))), quantities=(*v.quantities, *add.quantities),
    )


def _versions(qs: Sequence[Quantity]) -> list[list[Quantity]]:
    out: list[list[Quantity]] = []
    for q in qs:
        home = next((vs for vs in out if any(_same_figure(x, q) for x in vs)), None)
        if home is None:
            out.append([q])
        else:
            home.append(q)
    return out


def _differ(versions: Sequence[Sequence[Quantity]]) -> bool:
    firsts = [v[0] for v in versions]
    return any(not overlaps(interval(x), interval(y)) for i, x in enumerate(firsts) for y in firsts[i + 1 :])


def with_other_languages(
    accounts: Sequence[DifferingAccount],
    articles: Mapping[str, Article],
    quantities: Sequence[Quantity],
    entities: Sequence[Entity],
    rep_of: Mapping[str, str],
) -> list[DifferingAccount]:
    """``accounts`` (from English sentences) joined by the amounts of articles in other languages, plus
    the new accounts those amounts make (see the module docstring). Without such articles: unchanged."""
    qs = bounded_quantities([q for q in quantities if q.span.doc_id in articles])
    foreign = {q.id for q in qs if _lang(articles[q.span.doc_id]) != "en"}
    if not foreign:
        return list(accounts)
    where = _sentences(articles, qs)
    thing = {q.id: t for q in qs if (t := _thing(q, articles[q.span.doc_id], where[q.id]))}
    by_id = {q.id: q for q in qs}
    src = {q.id: rep_of.get(q.span.doc_id, q.span.doc_id) for q in qs}

    def pair(a: Quantity, b: Quantity) -> bool:
        return (a.kind == b.kind and thing.get(a.id) is not None and thing.get(a.id) == thing.get(b.id)
                and src[a.id] != src[b.id] and where[a.id] != where[b.id]
                and (a.unit == b.unit if a.kind == "duration" else _units(a, b)) and _comparable(a, b))

    out = list(accounts)
    held = {i for d in accounts for v in d.variants for i in v.quantities}
    joined: set[str] = set()
    for k, d in enumerate(out):  # an English account of the thing takes the other languages' amounts of it
        if d.kind != "quantity":
            continue
        members = [by_id[i] for v in d.variants for i in v.quantities if i in by_id]
        if not members:
            continue
        variants = list(d.variants)
        for fid in sorted(foreign - joined - held):
            f = by_id[fid]
            if not any(pair(m, f) for m in members):
                continue
            joined.add(fid)
            home = next((j for j, v in enumerate(variants)
                         if any(_same_figure(by_id[i], f) for i in v.quantities if i in by_id)), None)
            if home is None:
                variants.append(_variant([f], articles, where, entities, rep_of))
            else:
                variants[home] = _extended(variants[home], [f], articles, where, entities, rep_of)
        if variants != list(d.variants):
            variants.sort(key=lambda v: (-len(v.sources), v.value))
            out[k] = dataclasses.replace(d, variants=tuple(variants))
    # amounts no account holds: new accounts where at least one side is in another language
    free = [q for q in qs if q.id not in held and q.id not in joined and q.id in thing]
    uf = UnionFind()
    for i, a in enumerate(free):
        uf.find(a.id)
        for b in free[i + 1 :]:
            if (a.id in foreign or b.id in foreign) and pair(a, b):
                uf.union(a.id, b.id)
    for group in uf.groups(q.id for q in free):
        point = sorted((by_id[str(g)] for g in group), key=lambda q: (q.span.doc_id, q.span.start))
        if len(point) < 2 or not any(q.id in foreign for q in point) or len({src[q.id] for q in point}) < 2:
            continue
        versions = _versions(point)
        if not _differ(versions):
            continue
        variants = sorted((_variant(vs, articles, where, entities, rep_of) for vs in versions),
                          key=lambda v: (-len(v.sources), v.value))
        label = point_label(thing[point[0].id], "en")
        out.append(DifferingAccount(id="", point=label[0] if label else thing[point[0].id], kind="quantity",
                                    variants=tuple(variants)))
    return out


# Equal figures in two languages that the table reads as no known thing are still one amount when the
# figure says much: a count of at least this many (an event's "1,200 dockworkers" / "1.200 portuali"),
# any sum of money, share or measure in the same unit. A duration is not ("three days" of mourning and
# of rain): it needs the measured thing. 10 is the English rule's bound (``amounts.link_amounts``: a count
# under 10 needs a shared word), not tuned.
MIN_DISTINCTIVE_COUNT = 10


def _distinctive(q: Quantity) -> bool:
    return q.kind != "duration" and (q.kind != "count" or q.value >= MIN_DISTINCTIVE_COUNT)


def linked_across_languages(links: Sequence[QuantityLink], quantities: Sequence[Quantity],
                            articles: Mapping[str, Article]) -> tuple[QuantityLink, ...]:
    """``links`` (``amounts.link_amounts``) with equal figures of articles in different languages joined
    when they measure the same thing (the table): "38 people were arrested" / "38 personnes avaient été
    interpellées", or when neither names a known thing and the figure is distinctive (``_distinctive``).
    ``link_amounts`` joins equal figures by a shared word near them, which two languages do not
    share. Links that gain nothing are kept as they are."""
    qs = [q for q in quantities if q.span.doc_id in articles]
    langs = {q.id: _lang(articles[q.span.doc_id]) for q in qs}
    if len(set(langs.values())) < 2:
        return tuple(links)
    where = _sentences(articles, qs)
    thing = {q.id: t for q in qs if (t := _thing(q, articles[q.span.doc_id], where[q.id]))}
    pairs = []
    # only equal figures can pair (``amounts._equal``: within SAME_VALUE_TOLERANCE): sorted by value, each
    # amount meets the next ones up to that tolerance, not every other amount of the event
    ordered = sorted(qs, key=lambda q: (q.kind, q.value, q.id))
    near = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.kind != a.kind or b.value > a.value + SAME_VALUE_TOLERANCE * max(abs(a.value), abs(b.value), 1e-9):
                break
            near.append((a, b))
    for a, b in near:
        if langs[a.id] == langs[b.id] or a.span.doc_id == b.span.doc_id \
                or not (_equal(a, b) or (a.kind == "count" and "unit" in (a.unit, b.unit) and a.value == b.value)):
            continue  # a count of a noun another language's reader does not know ("1.200 Hafenarbeiter") has unit "unit"
        ta, tb = thing.get(a.id), thing.get(b.id)
        if (ta is not None and ta == tb) or ((ta is None or tb is None) and _distinctive(a)):
            pairs.append((a.id, b.id))
    if not pairs:
        return tuple(links)
    uf = UnionFind()
    same = [link for link in links if link.kind == "same_amount"]
    for link in same:
        for qid in link.quantities:
            uf.union(link.quantities[0], qid)
    for a_id, b_id in pairs:
        uf.union(a_id, b_id)
    by_id = {q.id: q for q in qs}
    groups = {str(uf.find(link.quantities[0])): link for link in same}
    out = [link for link in links if link.kind != "same_amount"]
    for group in uf.groups(list(uf.parent)):
        ids = tuple(sorted(str(g) for g in group))
        old = groups.get(str(uf.find(ids[0])))
        if old is not None and set(old.quantities) == set(ids):
            out.append(old)
            continue
        members = [by_id[i] for i in ids if i in by_id]
        docs = {q.span.doc_id for q in members}
        if len(docs) < 2:
            continue
        about = sorted({thing[i] for i in ids if i in thing})
        forms = list(dict.fromkeys(display(q).removeprefix(f"{q.qualifier} ") if q.qualifier else display(q)
                                   for q in members))
        out.append(QuantityLink(
            kind="same_amount", quantities=ids,
            evidence=f"{' = '.join(forms)} reported by {len(docs)} articles in "
                     f"{len({langs[q.id] for q in members})} languages"
                     + (f" (about: {', '.join(about)})" if about else " (the same distinctive figure)")))
    return tuple(out)


# ------------------------------------------------------------------------ shown in one language
def _written(article: Article | None) -> str | None:
    """The language an article is written in, as shown ("fr"; None: unknown)."""
    if article is None or not article.language:
        return None
    return article.language.split("-")[0].lower()


def _statement_in(f: Fact, language: str, articles: Mapping[str, Article]) -> Fact:
    own = next((c for c in f.claims if c.text == f.statement), f.claims[0] if f.claims else None)
    if own is None:
        return f
    if _lang(articles.get(own.article_id)) == language:
        return dataclasses.replace(f, language=_written(articles.get(own.article_id)))
    mine = [c for c in f.claims if _lang(articles.get(c.article_id)) == language]
    if not mine:
        return dataclasses.replace(f, language=_written(articles.get(own.article_id)))
    # a source's own claim before a copy's; news puts what matters first
    best = min(mine, key=lambda c: (c.article_id not in f.sources, c.article_id, c.span.start))
    return dataclasses.replace(f, statement=best.text, language=_written(articles.get(best.article_id)))


def _account_in(d: DifferingAccount, language: str, an: EventAnalysis, articles: Mapping[str, Article]) -> DifferingAccount:
    qby = {q.id: q for q in an.quantities}
    things: Counter[str] = Counter()
    variants = []
    for v in d.variants:
        value = v.value
        # the value stays when a source in the language gives it as it stands
        quoted = [articles.get(q.span.doc_id) for q in map(qby.get, v.quantities)
                  if q is not None and q.text.strip().lower() == v.value]
        quoted.sort(key=lambda a: _lang(a) != language)
        shown = bool(quoted) and _lang(quoted[0]) == language
        # the language the value is quoted in: that of a source giving it as it stands, else of the
        # version's first sentence (the English parse's values: "rigged", "almost four hours")
        value_lang = _written(quoted[0] if quoted else articles.get(v.claims[0].article_id) if v.claims else None)
        for qid in v.quantities:
            q = qby.get(qid)
            art = articles.get(q.span.doc_id) if q is not None else None
            if q is None or art is None:
                continue
            sent = next(((c.span.start, c.span.end) for c in v.claims
                         if c.article_id == art.id and c.span.start <= q.span.start < c.span.end), None)
            if sent is not None and (t := _thing(q, art, sent)):
                things[t] += 1
            if not shown and _lang(art) == language:
                value, shown, value_lang = q.text.strip().lower(), True, _written(art)
        variants.append(dataclasses.replace(v, value=value, language=value_lang))
    point, lang = d.point, "en"
    if d.kind == "quantity" and things and language != "en":
        label = point_label(max(sorted(things), key=lambda t: things[t]), language)
        if label is not None:
            point, lang = label
    return dataclasses.replace(d, point=point, language=lang, variants=tuple(variants))


def in_language(analysis: EventAnalysis | None, language: str | None,
                articles: Mapping[str, Article]) -> EventAnalysis | None:
    """The analysis with its facts and differing accounts shown in ``language`` where a source in it
    says them (see the module docstring); ``Fact.language`` and ``DifferingAccount.language`` say the
    language each is shown in. ``language`` None (a brief of unknown language): only those set."""
    if analysis is None:
        return None
    lang = language_key(language) or "en"
    facts = tuple(_statement_in(f, lang, articles) for f in analysis.facts)
    differing = tuple(_account_in(d, lang, analysis, articles) for d in analysis.differing)
    return dataclasses.replace(analysis, facts=facts, differing=differing)
