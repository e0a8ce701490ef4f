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

import bisect
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

from ..caches import register
from ..model import Article, Entity, Quote, Span
from ..text import sentence_spans
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


class _Index:
    """One article's person and organisation mentions, sorted, for range queries by bisection: finding
    the speakers of Q quotes costs O(Q log M) instead of O(Q M) (a 190 KB page of quotes took ~100 s)."""

    def __init__(self, entities: Sequence[Entity], doc_id: str, *, kinds: tuple[str, ...] = ("person", "organisation")) -> None:
        rows = sorted(
            (m.span.start, m.span.end, i) for i, ent in enumerate(entities) if ent.type in kinds
            for m in ent.mentions if m.span.doc_id == doc_id
        )
        self.entities = entities
        self.doc_id = doc_id
        self.starts = [r[0] for r in rows]
        self.rows = rows
        self.longest = max((e - s for s, e, _ in rows), default=0)

    def inside(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """Mentions with ``lo <= start`` and ``end <= hi``, in text order."""
        a, b = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
        return [r for r in self.rows[a:b] if r[1] <= hi]

    def before(self, pos: int) -> list[tuple[int, int, int]]:
        """Mentions ending at or before ``pos``, in text order."""
        return [r for r in self.rows[: bisect.bisect_right(self.starts, pos)] if r[1] <= pos]

    def at(self, span: Span) -> Entity | None:
        """The entity with a mention overlapping ``span`` (the longest such mention wins)."""
        a = bisect.bisect_left(self.starts, span.start - self.longest)
        b = bisect.bisect_left(self.starts, span.end)
        best, best_len = None, 0
        for s, e, i in self.rows[a:b]:
            if s < span.end and span.start < e and e - s > best_len:
                best, best_len = self.entities[i], e - s
        return best


def _sentence_at(sents: Sequence[tuple[int, int]], starts: Sequence[int], pos: int) -> int:
    """Index of the sentence holding ``pos`` (-1 when none does)."""
    k = bisect.bisect_right(starts, pos) - 1
    return k if 0 <= k < len(sents) and sents[k][0] <= pos < sents[k][1] else -1


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside each pair of quote marks (marks excluded)."""
    out = []
    i = 0
    breaks = [m.start() for m in re.finditer(r"\n\n", text)]  # searched by bisection: no rescan per quote
    while True:
        m = _OPEN.search(text, i)
        if not m:
            break
        close = _PAIRS[m.group()]
        k = bisect.bisect_left(breaks, m.end())
        para_end = breaks[k] if k < len(breaks) else -1
        j = text.find(close, m.end(), para_end + 1 if para_end >= 0 else len(text))  # a quote ends in its paragraph
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


def _named(text: str, index: _Index, lo: int, hi: int, *, last: bool) -> tuple[str, Span] | None:
    """The last (or first) person or organisation mention inside ``text[lo:hi]``."""
    rows = index.inside(lo, hi)
    if not rows:
        return None
    if last:
        top = max(s for s, _, _ in rows)
        s, e = top, max(e for s0, e, _ in rows if s0 == top)
    else:
        top = min(s for s, _, _ in rows)
        s, e = top, max(e for s0, e, _ in rows if s0 == top)
    doc = index.doc_id
    return text[s:e], Span(doc, s, e)


_SUBJECT_LEAD = re.compile(r"(?:^|[,;]\s+(?:and\s+|but\s+)?|\band\s+)(?:[A-Z][\w.]*\s+){0,3}$")


def _subject(text: str, index: _Index, lo: int, hi: int) -> tuple[str, Span] | None:
    """The speaker of a verb at ``hi``: the last mention in ``text[lo:hi]`` in subject position
    (sentence start, or after a comma or "and": "Lukashenko thanked Putin and vowed" -> Lukashenko;
    "Marek said ..., and Karlov said" -> Karlov), else the last mention."""
    if re.search(r"\bwho\s+(?:\w+\s+)?$", text[lo:hi]):  # "..., his main supporter who said": the antecedent
        return _named(text, index, lo, hi, last=True)
    best: tuple[int, int] | None = None
    for s, e, _ in index.inside(lo, hi):
        if _SUBJECT_LEAD.search(text[lo:s]) and (best is None or s > best[0]):
            best = (s, e)
    if best is not None:
        return text[best[0] : best[1]], Span(index.doc_id, *best)
    return _named(text, index, lo, hi, last=True)


def _pronoun(text: str, doc_id: str, lo: int, hi: int, *, at_end: bool = False) -> tuple[str, Span] | None:
    """A he/she between ``lo`` and ``hi`` (nothing else but punctuation, or just before ``hi``)."""
    seg = text[lo:hi]
    m = re.search(r"\b(he|she|He|She)\s+(?:\w+\s+)?$", seg) if at_end else re.fullmatch(
        r"[\s,.;:!?”»\"“]*(he|she|He|She)\s*(?:also\s+|then\s+|later\s+|has\s+|had\s+)?", seg)
    if not m:
        return None
    return m.group(1), Span(doc_id, lo + m.start(1), lo + m.end(1))


def _speaker_near(text: str, index: _Index, lo: int, hi: int, prefer: str) -> tuple[str, Span] | None:
    """An entity mention in ``text[lo:hi]``: the last one (prefer="last") or the first one."""
    cands = [(s, e) for s, e, _ in index.inside(lo, hi)]
    if not cands:
        return None
    s, e = (max if prefer == "last" else min)(cands)
    return text[s:e], Span(index.doc_id, s, e)


_FEMALE_TITLE = re.compile(r"\b(?:Ms|Mrs|Miss|Madam|Mme)\.?\s+$")


def _is_female(text: str, doc_id: str, ent: Entity) -> bool:
    """A crude cue for "she": a female title before a mention, or a first name ending in -a
    (Svetlana, Irena, Helena: the common pattern in the Slavic and Romance names of our sources)."""
    if any(m.span.doc_id == doc_id and _FEMALE_TITLE.search(text[max(0, m.span.start - 6) : m.span.start])
           for m in ent.mentions):
        return True
    toks = ent.canonical.split()
    return len(toks) >= 2 and toks[0].lower().endswith("a")


class _Ctx:
    """What speaker finding needs about one article, built once: sentences with their starts, the
    mention indexes and who is female (for "she")."""

    def __init__(self, article: Article, entities: Sequence[Entity]) -> None:
        self.text, self.doc = article.text, article.id
        self.entities = entities
        self.sents = sentence_spans(article.text)
        self.starts = [a for a, _ in self.sents]
        self.index = _Index(entities, article.id)
        self.people = _Index(entities, article.id, kinds=("person",))
        self.any = _Index(entities, article.id, kinds=("person", "organisation", "place"))
        self.female = [ent.type == "person" and _is_female(article.text, article.id, ent) for ent in entities]

    def sentence(self, pos: int) -> int:
        return _sentence_at(self.sents, self.starts, pos)


_ctx_cache: OrderedDict[tuple[str, int], _Ctx] = OrderedDict()
_ctx_lock = threading.Lock()
CTX_CACHE_SIZE = 64  # articles whose speaker-finding context is kept (attribution() is called per claim)
register("newsdesk.extract.quotes.context", clear=_ctx_cache.clear, size=lambda: len(_ctx_cache), maxsize=CTX_CACHE_SIZE)


def _context(article: Article, entities: Sequence[Entity]) -> _Ctx:
    key = (article.id, hash(article.text))
    with _ctx_lock:
        hit = _ctx_cache.get(key)
        if hit is not None and hit.entities is entities and hit.text == article.text:
            _ctx_cache.move_to_end(key)
            return hit
    ctx = _Ctx(article, entities)
    with _ctx_lock:
        _ctx_cache[key] = ctx
        while len(_ctx_cache) > CTX_CACHE_SIZE:
            _ctx_cache.popitem(last=False)
    return ctx


def _last_person_before(ctx: _Ctx, pos: int) -> tuple[str, Span] | None:
    """The person a pronoun at ``pos`` refers to: the latest subject-position person in this or the
    previous sentence ("For his part, Lukashenko has ..."), else the person named last before it."""
    text, sents = ctx.text, ctx.sents
    female = text[pos : pos + 3].lower() == "she"
    idx = ctx.sentence(pos)
    idx = idx if idx >= 0 else len(sents) - 1
    lo = sents[max(0, idx - 1)][0] if sents else 0
    best: tuple[int, int] | None = None
    subject: tuple[int, int] | None = None
    for s, e, i in ctx.people.before(pos):
        if ctx.female[i] != female:
            continue
        if best is None or s > best[0]:
            best = (s, e)
        if s >= lo:
            k = bisect.bisect_right(ctx.starts, s) - 1
            s0 = ctx.starts[k] if k >= 0 else 0
            lead = text[s0:s]
            if (len(lead.split()) <= 1 or lead.rstrip().endswith(",")) and (subject is None or s > subject[0]):
                subject = (s, e)
    pick = subject or best
    return (text[pick[0] : pick[1]], Span(ctx.doc, *pick)) if pick else None


def find_quotes(article: Article, entities: Sequence[Entity] = ()) -> tuple[Quote, ...]:
    """Quotations in the article's text with their speakers (resolved to ``entities`` when possible)."""
    text, doc = article.text, article.id
    ctx = _context(article, entities)
    sents = ctx.sents
    quotes: list[Quote] = []
    prev_end, prev_speaker = -1, None
    for s, e in quote_spans(text):
        k = ctx.sentence(s - 1)
        ss = sents[k][0] if k >= 0 else max(0, s - 1)
        k = ctx.sentence(e - 1) if e > 0 else -1
        k = k if k >= 0 else ctx.sentence(e)
        se = sents[k][1] if k >= 0 else len(text)
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
            who = _named(text, ctx.index, e, v.start(), last=True) if v.start() - e <= 70 else None
            if who is None:
                who = _pronoun(text, doc, e, v.start())
            if who is None:
                who = _named(text, ctx.index, v.end(), min(tail_end, v.end() + SPEAKER_GAP + 30), last=False)
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
                who = _subject(text, ctx.index, ss, v.start()) or _pronoun(
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
                    who = _speaker_near(text, ctx.index, base + m.start("who"), base + m.end("who") + 5, "first") \
                        or (m.group("who"), Span(doc, base + m.start("who"), base + m.end("who")))
                    break
        # 4) a quote that opens its sentence right after a quoted sentence continues it
        #    ('"We are sorry...," Aaberg said in a video. "We will replace..."')
        if who is None and prev_speaker is not None and not before.strip():
            k = ctx.sentence(prev_end)
            prev_sent = sents[k][0] if k >= 0 else -1
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
            resolved = _last_person_before(ctx, who[1].start)
            if resolved:  # keep the pronoun as written; the entity is the person named last
                ent = ctx.any.at(resolved[1])
                quotes.append(_quote(text, doc, s, e, who, ent))
                prev_end, prev_speaker = e, who
                continue
        if who is None and len(text[s:e].split()) < MIN_WORDS_WITHOUT_SPEAKER:
            continue
        ent = (ctx.any.at(who[1]) or _by_surname(who[0], entities)) if who else None
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
    ctx = _context(article, entities)
    for pat in _ATTR_PATTERNS:
        m = pat.search(part)
        if not m:
            continue
        who = m.group("who")
        if who.lower().split()[0] in ("it", "this", "there") or who.lower() in ("the", "they"):
            continue
        ws, we = start + m.start("who"), start + m.end("who")
        if _PRONOUN.fullmatch(who):
            resolved = _last_person_before(ctx, ws)
            if resolved:
                ent = ctx.any.at(resolved[1])
                return who, ent.canonical if ent else resolved[0]
            return who, None
        ent = ctx.any.at(Span(article.id, ws, we))
        return re.sub(r"^[Tt]he\s+", "the ", who), ent.canonical if ent else None
    return None


_NOT_A_SPEAKER = re.compile(
    r"(?i)^(?:he|she|it|its|they|them|we|i|you|who|whom|which|that|this|these|those|one|the one|there|"
    r"after|before|when|while|as|if|some|many|others|sources?)\b"
)


_FUNCTION_END = re.compile(r"(?i)\b(?:and|or|but|the|a|an|of|to|for|with|that|who|which|it|its)$")


_CLAUSE_IN = re.compile(r"(?i)\b(?:was|were|is|are|has|have|had|would|will|did)\b")  # "the election was rigged"


def speaker_name(who: tuple[str, str | None]) -> str | None:
    """The name to show for an ``attribution`` result: the canonical entity, else the role as
    written ("the coast guard", "Residents"); None for a pronoun or a phrase that names no one
    ("he", "the one who", "after it")."""
    written, canonical = who
    if canonical:
        return canonical
    w = re.sub(r"\s+", " ", written).strip(" ,.;:")
    if not w or _NOT_A_SPEAKER.match(w) or len(w.split()) > 6 or _FUNCTION_END.search(w) or _CLAUSE_IN.search(w):
        return None
    return re.sub(r"^The\s", "the ", w)
