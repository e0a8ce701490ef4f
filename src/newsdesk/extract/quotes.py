"""Quotations and who said them.

Quote marks of every kind (“ ” " « » „ “) delimit the quotation; the speaker comes from a speech
cue next to it ("X said", "said X", "X told", "according to X", "X: “...”"), from the sentence
before ("He said: ...") or from the previous quotation when a quote continues ("“We will not
ask...,” said the Drevnian leader. “We made them...”"). Pronouns are resolved to the person
named last before the quote; speakers are then mapped to the event's canonical entities.
Hand-written rules: spaCy's small model has no quote attribution component, and the cues above
cover the news quotes of the seeds and samples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, Entity, Quote, Span
from ..text import sentence_spans
from .entities import entity_at
from .lexicon import SPEECH_VERBS

_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}
_OPEN = re.compile(r"[“«„\"]")
_VERB = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_PRONOUN = re.compile(r"\b(?P<p>he|she|He|She)\b")
_NP = r"(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+|[Hh]e|[Ss]he|[Tt]hey|[Tt]he\s+(?:\w+\s+){0,3}\w+)"
_AFTER_VERB_FIRST = re.compile(rf"^[\s,.;:!?”»\"“]*(?:(?:has|had|have)\s+)?(?P<verb>{_VERB})\s+{_NP}")
_AFTER_WHO_FIRST = re.compile(rf"^[\s,.;:!?”»\"“]*{_NP}\s+(?:\w+\s+)?(?P<verb>{_VERB})\b")
_BEFORE = re.compile(rf"{_NP}\s+(?:(?:also|then|later|again|has|had|have|was|is)\s+)?(?P<verb>{_VERB})\b(?P<tail>[^“”«»\"]*)$")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;:“”\"()«»]{2,60}?)(?=\s*[,.;]|\s*$)")
_FRAME = re.compile(rf"\s*(?:{_NP})\s+(?:also\s+|later\s+)?(?P<verb>said|says|told|added)\b")
_SPEECH = re.compile(rf"\b(?:{_VERB}|accused|accuses|dismissed|criticised|criticized)\b")
AFTER_WINDOW = 110  # characters after a quote searched for its speech verb
MIN_WORDS_WITHOUT_SPEAKER = 4  # shorter quotes with no speaker are scare quotes ("elder brother")
SPEAKER_GAP = 30  # characters between a speech verb and an entity mention that still names the speaker


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside each pair of quote marks (marks excluded)."""
    out = []
    i = 0
    while True:
        m = _OPEN.search(text, i)
        if not m:
            break
        close = _PAIRS[m.group()]
        j = text.find(close, m.end())
        para_end = text.find("\n\n", m.end())
        if j < 0 or (para_end >= 0 and j > para_end):
            i = m.end()
            continue
        s, e = m.end(), j
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1] in " \t\n,":
            e -= 1
        if e > s:
            out.append((s, e))
        i = j + 1
    return out


def _named(
    text: str, doc_id: str, entities: Sequence[Entity], lo: int, hi: int, *, last: bool
) -> tuple[str, Span] | None:
    """The last (or first) person or organisation mention inside ``text[lo:hi]``."""
    best: Span | None = None
    for ent in entities:
        if ent.type not in ("person", "organisation"):
            continue
        for m in ent.mentions:
            sp = m.span
            if sp.doc_id == doc_id and lo <= sp.start and sp.end <= hi:
                if best is None or (sp.start > best.start if last else sp.start < best.start) or (
                    sp.start == best.start and sp.end > best.end
                ):
                    best = sp
    return (text[best.start : best.end], best) if best else None


_SUBJECT_LEAD = re.compile(r"(?:^|[,;]\s+(?:and\s+|but\s+)?|\band\s+)(?:[A-Z][\w.]*\s+){0,3}$")


def _subject(text: str, doc_id: str, entities: Sequence[Entity], lo: int, hi: int) -> tuple[str, Span] | None:
    """The speaker of a verb at ``hi``: the last mention in ``text[lo:hi]`` in subject position
    (sentence start, or after a comma or "and": "Lukashenko thanked Putin and vowed" -> Lukashenko;
    "Marek said ..., and Karlov said" -> Karlov), else the last mention."""
    if re.search(r"\bwho\s+(?:\w+\s+)?$", text[lo:hi]):  # "..., his main supporter who said": the antecedent
        return _named(text, doc_id, entities, lo, hi, last=True)
    best: Span | None = None
    for ent in entities:
        if ent.type not in ("person", "organisation"):
            continue
        for m in ent.mentions:
            sp = m.span
            if sp.doc_id == doc_id and lo <= sp.start and sp.end <= hi and _SUBJECT_LEAD.search(text[lo : sp.start]):
                if best is None or sp.start > best.start:
                    best = sp
    if best is not None:
        return text[best.start : best.end], best
    return _named(text, doc_id, entities, lo, hi, last=True)


def _pronoun(text: str, doc_id: str, lo: int, hi: int, *, at_end: bool = False) -> tuple[str, Span] | None:
    """A he/she between ``lo`` and ``hi`` (nothing else but punctuation, or just before ``hi``)."""
    seg = text[lo:hi]
    m = re.search(r"\b(he|she|He|She)\s+(?:\w+\s+)?$", seg) if at_end else re.fullmatch(
        r"[\s,.;:!?”»\"“]*(he|she|He|She)\s*(?:also\s+|then\s+|later\s+|has\s+|had\s+)?", seg)
    if not m:
        return None
    return m.group(1), Span(doc_id, lo + m.start(1), lo + m.end(1))


def _speaker_near(
    text: str, doc_id: str, entities: Sequence[Entity], lo: int, hi: int, prefer: str
) -> tuple[str, Span] | None:
    """An entity mention in ``text[lo:hi]``: the last one (prefer="last") or the first one."""
    cands = []
    for ent in entities:
        if ent.type != "person" and ent.type != "organisation":
            continue
        for m in ent.mentions:
            if m.span.doc_id == doc_id and lo <= m.span.start and m.span.end <= hi:
                cands.append((m.span.start, m.span.end))
    if not cands:
        return None
    s, e = (max if prefer == "last" else min)(cands)
    return text[s:e], Span(doc_id, s, e)


_FEMALE_TITLE = re.compile(r"\b(?:Ms|Mrs|Miss|Madam|Mme)\.?\s+$")


def _is_female(text: str, doc_id: str, ent: Entity) -> bool:
    """A crude cue for "she": a female title before a mention, or a first name ending in -a
    (Svetlana, Irena, Helena: the common pattern in the Slavic and Romance names of our sources)."""
    if any(m.span.doc_id == doc_id and _FEMALE_TITLE.search(text[max(0, m.span.start - 6) : m.span.start])
           for m in ent.mentions):
        return True
    toks = ent.canonical.split()
    return len(toks) >= 2 and toks[0].lower().endswith("a")


def _last_person_before(
    text: str, doc_id: str, entities: Sequence[Entity], pos: int, sents: Sequence[tuple[int, int]]
) -> tuple[str, Span] | None:
    """The person a pronoun at ``pos`` refers to: the latest subject-position person in this or the
    previous sentence ("For his part, Lukashenko has ..."), else the person named last before it."""
    female = text[pos : pos + 3].lower() == "she"
    idx = next((i for i, (a, b) in enumerate(sents) if a <= pos < b), len(sents) - 1)
    lo = sents[max(0, idx - 1)][0] if sents else 0
    starts = {a for a, _ in sents}
    best, subject = None, None
    for ent in entities:
        if ent.type != "person" or _is_female(text, doc_id, ent) != female:
            continue
        for m in ent.mentions:
            if m.span.doc_id != doc_id or m.span.end > pos:
                continue
            if best is None or m.span.start > best.start:
                best = m.span
            if m.span.start >= lo:
                s0 = max((a for a in starts if a <= m.span.start), default=0)
                lead = text[s0 : m.span.start]
                if len(lead.split()) <= 1 or lead.rstrip().endswith(","):
                    if subject is None or m.span.start > subject.start:
                        subject = m.span
    pick = subject or best
    return (text[pick.start : pick.end], pick) if pick else None


def find_quotes(article: Article, entities: Sequence[Entity] = ()) -> tuple[Quote, ...]:
    """Quotations in the article's text with their speakers (resolved to ``entities`` when possible)."""
    text, doc = article.text, article.id
    sents = sentence_spans(text)
    quotes: list[Quote] = []
    prev_end, prev_speaker = -1, None
    for s, e in quote_spans(text):
        ss = next((a for a, b in sents if a <= s - 1 < b), max(0, s - 1))
        se = next((b for a, b in sents if a <= e < b or a < e <= b), len(text))
        before, after = text[ss : s - 1], text[e:se]
        who: tuple[str, Span] | None = None
        # 1) a speech verb right after the quote: '..." Putin told', '..., said the Belarusian leader',
        #    '..." the office's director, Lotte Brann, told': the speaker is named between the quote and
        #    the verb, else just after the verb.
        t0 = e
        while t0 < se and text[t0] in " ,.;:!?”»\"“":
            t0 += 1  # past the closing mark
        nxt = _OPEN.search(text, t0, se)
        tail_end = nxt.start() if nxt else se
        v = _SPEECH.search(text, e, min(tail_end, e + AFTER_WINDOW))
        if v:
            who = _named(text, doc, entities, e, v.start(), last=True) if v.start() - e <= 70 else None
            if who is None:
                who = _pronoun(text, doc, e, v.start())
            if who is None:
                who = _named(text, doc, entities, v.end(), min(tail_end, v.end() + SPEAKER_GAP + 30), last=False)
            if who is None:
                m = _AFTER_VERB_FIRST.match(text[e:se]) or _AFTER_WHO_FIRST.match(text[e:se])
                if m:
                    who = (m.group("who"), Span(doc, e + m.start("who"), e + m.end("who")))
        # 2) "X said (that) ... “...”": the last speech verb before the quote in its sentence
        if who is None:
            verbs = list(_SPEECH.finditer(text, ss, max(ss, s - 1)))
            frame = _FRAME.match(text, ss, max(ss, s - 1))
            if frame and verbs and not re.search(r",\s+(?:and|but|while)\s|;", text[frame.end() : verbs[-1].start()]):
                # "He said Karlov had confirmed “...”": the sentence's own speaker reports it (but not in
                # "Marek said ..., and Karlov said “...”", where a second clause has its own speaker)
                verbs = [v for v in verbs if v.start() == frame.start("verb")] or verbs
            if verbs:
                v = verbs[-1]
                who = _subject(text, doc, entities, ss, v.start()) or _pronoun(
                    text, doc, max(ss, v.start() - 25), v.start(), at_end=True
                )
                if who is None:
                    m = _BEFORE.search(before)
                    if m:
                        who = (m.group("who"), Span(doc, ss + m.start("who"), ss + m.end("who")))
        # 3) "according to X" anywhere in the sentence
        if who is None:
            for part, base in ((before, ss), (after, e)):
                m = _ACCORDING.search(part)
                if m:
                    who = _speaker_near(text, doc, entities, base + m.start("who"), base + m.end("who") + 5, "first") \
                        or (m.group("who"), Span(doc, base + m.start("who"), base + m.end("who")))
                    break
        # 4) a quote that opens its sentence right after a quoted sentence continues it
        #    ('"We are sorry...," Aaberg said in a video. "We will replace..."')
        if who is None and prev_speaker is not None and not before.strip():
            prev_sent = next((a for a, b in sents if a <= prev_end < b), -1)
            if prev_sent >= 0 and (prev_sent == ss or text[prev_end:ss].count(". ") + text[prev_end:ss].count("\n") <= 1):
                who = prev_speaker
        # 5) the sentence before ends with a cue: "He said:"
        if who is None:
            prev = text[max(0, ss - 200) : ss].rstrip()
            if prev.endswith(":"):
                m = _BEFORE.search(prev[:-1])
                if m:
                    base = max(0, ss - 200)
                    who = (m.group("who"), Span(doc, base + m.start("who"), base + m.end("who")))
        if who is not None and _PRONOUN.fullmatch(who[0]):
            resolved = _last_person_before(text, doc, entities, who[1].start, sents)
            if resolved:  # keep the pronoun as written; the entity is the person named last
                ent = entity_at(entities, resolved[1])
                quotes.append(_quote(text, doc, s, e, who, ent))
                prev_end, prev_speaker = e, who
                continue
        if who is None and len(text[s:e].split()) < MIN_WORDS_WITHOUT_SPEAKER:
            continue
        ent = (entity_at(entities, who[1]) or _by_surname(who[0], entities)) if who else None
        quotes.append(_quote(text, doc, s, e, who, ent))
        prev_end, prev_speaker = e, who
    return tuple(quotes)


def _by_surname(name: str, entities: Sequence[Entity]) -> Entity | None:
    """"Ms Vesk" -> the person whose canonical name ends with Vesk (when exactly one does)."""
    last = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr|Mme|M)\.?\s+", "", name).split()[-1:] if name else []
    if not last or not last[0][:1].isupper():
        return None
    hits = [e for e in entities if e.type == "person" and e.canonical.split()[-1] == last[0]]
    return hits[0] if len(hits) == 1 else None


def _quote(text: str, doc: str, s: int, e: int, who: tuple[str, Span] | None, ent: Entity | None) -> Quote:
    return Quote(
        text=text[s:e],
        span=Span(doc, s, e),
        speaker=who[0] if who else None,
        speaker_span=who[1] if who else None,
        entity=ent.id if ent else None,
        canonical=ent.canonical if ent else None,
    )


_CLAIM_VERBS = r"(?:said|says|say|told|claims|claimed|claim|insists|insisted|alleges|alleged|accuses|accused|" \
               r"maintains|maintained|argues|argued|reported|reports|stated|states|announced|confirmed|estimated|" \
               r"estimates|put|puts)"
_WHO = r"(?P<who>[^,.;:“”\"()]{2,60}?)"
_ATTR_PATTERNS = (
    re.compile(rf"\baccording to\s+{_WHO}(?=\s*[,.;]|\s*$)"),
    re.compile(rf",\s*{_WHO}\s+(?:also\s+)?{_CLAIM_VERBS}\s*(?:[,.;]|$)"),
    re.compile(rf"[,”\"»]\s*{_CLAIM_VERBS}\s+{_NP}\s*[.,]"),
    re.compile(rf"\b(?:which|that)\s+{_NP}\s+(?:also\s+)?{_CLAIM_VERBS}\b"),
    re.compile(rf"\b{_NP}\s+(?:also\s+|has\s+|have\s+|had\s+)?{_CLAIM_VERBS}\b"),
    re.compile(rf"^\s*{_WHO}\s+(?:also\s+|has\s+|have\s+|had\s+)?{_CLAIM_VERBS}\b"),
)


def attribution(
    article: Article, start: int, end: int, entities: Sequence[Entity] = ()
) -> tuple[str, str | None] | None:
    """Who a statement in ``article.text[start:end]`` is attributed to: ``(as written, canonical)``.

    Looks for "according to X", "..., X said", "said X", "X claims (that)" and "which X claims"; a
    pronoun resolves to the person named last before it.
    """
    text = article.text
    part = text[start:end]
    sents = sentence_spans(text)
    for pat in _ATTR_PATTERNS:
        m = pat.search(part)
        if not m:
            continue
        who = m.group("who")
        if who.lower().split()[0] in ("it", "this", "there") or who.lower() in ("the", "they"):
            continue
        ws, we = start + m.start("who"), start + m.end("who")
        if _PRONOUN.fullmatch(who):
            resolved = _last_person_before(text, article.id, entities, ws, sents)
            if resolved:
                ent = entity_at(entities, resolved[1])
                return who, ent.canonical if ent else resolved[0]
            return who, None
        ent = entity_at(entities, Span(article.id, ws, we))
        return re.sub(r"^[Tt]he\s+", "the ", who), ent.canonical if ent else None
    return None


_NOT_A_SPEAKER = re.compile(
    r"(?i)^(?:he|she|it|its|they|them|we|i|you|who|whom|which|that|this|these|those|one|the one|there|"
    r"after|before|when|while|as|if|some|many|others|sources?)\b"
)


_FUNCTION_END = re.compile(r"(?i)\b(?:and|or|but|the|a|an|of|to|for|with|that|who|which|it|its)$")


def speaker_name(who: tuple[str, str | None]) -> str | None:
    """The name to show for an ``attribution`` result: the canonical entity, else the role as
    written ("the coast guard", "Residents"); None for a pronoun or a phrase that names no one
    ("he", "the one who", "after it")."""
    written, canonical = who
    if canonical:
        return canonical
    w = re.sub(r"\s+", " ", written).strip(" ,.;:")
    if not w or _NOT_A_SPEAKER.match(w) or len(w.split()) > 6 or _FUNCTION_END.search(w):
        return None
    return re.sub(r"^The\s", "the ", w)
