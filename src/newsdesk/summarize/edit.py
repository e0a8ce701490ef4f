"""Editing source sentences so that each stands on its own in a brief, every change recorded.

A brief puts side by side sentences that were written to follow other sentences. An editor
fixes three things, and so does this module, each change an :class:`~newsdesk.model.Edit`
(the source span, the original, the replacement, where the replacement was read):

1. **Openers.** A sentence that opens with a pronoun ("He accuses the opposition...") or a
   connective ("However, ...") leans on the sentence before it in its article. When the brief's
   previous sentence is that sentence, nothing changes. Otherwise a personal pronoun whose
   referent is found (the first person named in the nearest preceding sentences of the source
   that name anyone) is replaced by the name; a pure discourse connective ("However,", "But",
   "Also,") is deleted; anything else (it, they, this, therefore...) makes the sentence unfit:
   :func:`resolve_opener` returns None and the summarizer picks another.
2. **Quotes.** A sentence carrying a quotation is fit only when its speaker is in the sentence,
   by name ("..., Lukashenko said") or by role ("a police spokesman said"); a pronoun speaker
   ("he said") is resolved like an opener; a sentence that is only a quotation continuing the
   attributed quotation before it in its article gets the attribution ('"We made them," the
   Belarusian leader said.'), with that sentence as evidence.
3. **Spun wording.** In a copy the spinner detector flags (``consolidate.flags.spun_flag``), the
   known substitutions are reversed (:data:`.spun.REPAIRS`: "historical past" -> "history", "a
   mortgage" -> "a loan"); a nationality glued to a name with its title lost ("Russian Vladimir
   Putin") gets the title another sentence of the event gives ("Russian President Vladimir Putin").

Why hand-written: the people are found by rules (titles, speech verbs, ages in apposition), not
by spaCy NER, because this runs on every candidate sentence of every cluster in the benchmarks
while the facts stage runs NER on leading windows only; coreference models need downloads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article, Edit, QualityFlag, Span
from ..text import sentence_spans
from . import lang_rules
from .spun import REPAIRS, spun_repairs  # noqa: F401  (spun wording: point 3 above, a module of its own)

# ---------------------------------------------------------------------------------- openers
PERSONAL = {"he": "", "she": "", "his": "'s", "her": "'s"}  # resolvable: pronoun -> suffix of the name
OTHER_PRONOUNS = frozenset(
    """it its they them their theirs this that these those there's he's she's he'd she'd he'll she'll it's
    it'd it'll they're they've they'd they'll that's""".split()
)  # contractions are not resolved: "He's" may be "he is" or "he has"
# Connectives whose deletion leaves the sentence's own meaning intact.
DELETABLE_CONNECTIVES = (
    "however", "but", "and", "also", "still", "moreover", "furthermore", "in addition", "additionally",
    "meanwhile", "indeed", "in fact", "nevertheless", "nonetheless", "yet", "even so", "at the same time",
)
# Connectives that carry the argument of the sentence before: a sentence opening with one is dropped.
BINDING_CONNECTIVES = (
    "therefore", "thus", "so", "as a result", "consequently", "instead", "otherwise", "likewise",
    "similarly", "by contrast", "in contrast", "on the other hand", "then", "besides", "hence",
    "in turn", "accordingly", "in response", "after that", "afterwards", "later",
)
_CONNECTIVE = re.compile(
    r"^(?P<q>[\"“‘']?)(?P<w>"
    + "|".join(re.escape(c) for c in sorted(DELETABLE_CONNECTIVES + BINDING_CONNECTIVES, key=len, reverse=True))
    + r")\b(?P<sep>\s*[-–—]{1,2}\s*|,?\s+)",
    re.IGNORECASE,
)
# The spoken register's openers, deletable only with their comma ("Well, Republicans have a convenient
# sound bite ..."; "Well before the vote" is no connective).
SPOKEN_CONNECTIVES = ("well", "of course", "look", "anyway", "okay")
_SPOKEN = re.compile(r"^(?P<q>[\"“‘']?)(?P<w>" + "|".join(SPOKEN_CONNECTIVES) + r"),\s+(?=\S)", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?P<q>[\"“‘']?)(?P<w>[A-Za-z]+(?:['’]s)?)\b")
# "This week", "That day": time expressions, not anaphora.
_DEMONSTRATIVE_TIME = re.compile(
    r"^[\"“‘']?(?:this|that|these|those)\s+(?:week|weekend|month|year|morning|afternoon|evening|night|"
    r"spring|summer|autumn|fall|winter|season|time|day|days|weeks|months|years)\b",
    re.IGNORECASE,
)
# "It is unclear whether ...", "It was not immediately clear ...": an expletive "it".
_EXPLETIVE_IT = re.compile(
    r"^[\"“‘']?it\s+(?:is|was|'s|’s|remains|remained|seems|seemed|appears|appeared|has\s+been|had\s+been)\s+"
    r"(?:not\s+)?(?:\w+\s+){0,3}?(?:unclear|clear|likely|unlikely|possible|impossible|unknown|known|expected|"
    r"thought|believed|estimated|reported|understood|hoped|feared|illegal|legal|true|rare|common)\b",
    re.IGNORECASE,
)


# An introductory phrase before the subject: "In brief remarks before their talks, they
# underscored ...", "On Monday, he said ...". The subject after it leans on the sentence before
# as much as an opening pronoun does.
_INTRO = re.compile(
    r"^[\"“‘']?(?i:in|on|at|during|after|before|since|following|earlier|later|last|speaking|asked|briefly|ahead|"
    r"despite|although|though|while|when|as|with|without|under|for|from|over|by|now|today|yesterday|tonight|"
    r"afterwards|once|if|until|because|amid|upon|within|throughout|outside|inside|addressing|writing)\b"
    r"[^,;:\"“”]{0,100},\s+(?=[a-z])"
)


# A group named by its size or kind, not by what they are: "The two had been dating for 18 months",
# "Both men denied it", "The couple married in 2010". Whom it counts is in an earlier sentence; no
# name can be put in its place, so the sentence stands only after its own predecessor. A count with
# its noun ("The two leaders met in Sochi", "the two heads of state") says who they are: not counted.
_GROUP_REFERENCE = re.compile(
    r"^[\"“‘']?(?P<w>(?:the|these|those)\s+(?:pair|couple|duo|trio)|both(?:\s+(?:men|women))?"
    r"|(?:the|these|those)\s+(?:two|three|four)(?=\s+(?:(?:had|have|has|were|are|was|will|would|could|did|"
    r"then|also|later|first|never|each|both|all|met|said|told|spent|became|went|began|left|made|got|took)\b|\w+ed\b)))\b(?!\s+(?:of|and)\b)(?=\s+(?-i:[a-z]))",
    re.IGNORECASE,
)


# A connective or a time word between the introduction and the subject: "This time, however, they've
# been silent", "On Monday, though, he said": the subject after it opens the sentence as much.
_AFTER_INTRO = re.compile(r"(?:however|though|meanwhile|too|again|instead|in turn|in fact|indeed),\s+")


def opener(text: str) -> tuple[str, str, int, int] | None:
    """``(kind, word, start, end)`` of the word a sentence opens with when it leans on the one
    before ("pronoun" or "connective"; start/end within ``text``), else None. A pronoun subject
    after an introductory phrase ("In brief remarks, they underscored ...", "This time, however,
    they ...") counts as opening; so does a group counted, not named ("The two", "Both men")."""
    m = _CONNECTIVE.match(text)
    if m:
        return "connective", m.group("w").lower(), m.start("w"), m.end("sep")
    m = _SPOKEN.match(text)
    if m:
        return "connective", m.group("w").lower(), m.start("w"), m.end()
    intro = _INTRO.match(text)
    starts = [0, intro.end()] if intro else [0]
    time = _DEMONSTRATIVE_TIME.match(text)
    if time is not None:  # "This time, they ...": a time phrase introducing the subject, not anaphora
        comma = re.match(r",\s+", text[time.end():])
        starts = [time.end() + comma.end()] if comma else []
    for k, at in enumerate(starts):  # the sentence's start, then after its intro
        if k or time is not None:
            more = _AFTER_INTRO.match(text, at)
            at = more.end() if more else at
        rest = text[at:]
        if (k == 0 and time is None and _DEMONSTRATIVE_TIME.match(rest)) or _EXPLETIVE_IT.match(rest):
            return None
        g = _GROUP_REFERENCE.match(rest)
        if g:
            return "pronoun", g.group("w").lower(), at + g.start("w"), at + g.end("w")
        m = _PRONOUN.match(rest)
        if m:
            w = m.group("w").lower().replace("’", "'")
            if w in PERSONAL or w in OTHER_PRONOUNS:
                return "pronoun", w, at + m.start("w"), at + m.end("w")
    return None


# ---------------------------------------------------------------------------------- people
# "Ortiz-Baum", "Solberg-Vance", "Putin's", and surnames with a capital inside: "McCain", "MacArthur",
# "O'Brien", "DeSantis", "LeBron" (without the prefix group "McCain" was read as "Cain")
_NAME_PART = r"(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van)?[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)*"
_NAME = rf"{_NAME_PART}(?:\s+(?:[A-Z]\.\s*)?{_NAME_PART}){{0,2}}"
_TITLES = (
    r"(?:President|Vice\s+President|Prime\s+Minister|Chancellor|Minister|Secretary|Senator|Sen\.|Governor|Gov\.|"
    r"Rep\.|Representative|Mayor|Judge|Justice|Pope|King|Queen|Prince|Princess|General|Gen\.|Col\.|Lt\.|Sgt\.|"
    r"Capt\.|Officer|Detective|Coach|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Dame|spokesman|spokeswoman|spokesperson|"
    r"leader|chief|director|actor|actress|singer|star|CEO|founder|lawyer|attorney|host|author|counterpart|"
    r"officer|detective|trooper|deputy|agent|professor|teacher|doctor|nurse|pilot|captain|manager|owner)"
)
_PERSON_PATTERNS = (
    re.compile(rf"\b{_TITLES}\s+(?P<n>{_NAME})"),
    re.compile(rf"(?P<n>{_NAME}),?\s+(?:\d{{1,3}},\s+)?(?:said|says|told|added|adds|stated|explained|explains|wrote|"
               r"tweeted|noted|argued|insisted|claimed|acknowledged|thanked|stressed|warned|announced|accused|praised|"
               r"suggested|suggests|recalled|recalls|remarked|remarks|offered|observed|testified)\b"),
    # ("told Al Jazeera": the one spoken to, often a newspaper or a channel, is no referent)
    re.compile(rf"\b(?:said|says|added|according\s+to)\s+(?P<n>{_NAME})\b(?!\s+(?:of|in|on)\b)"),
    re.compile(rf"(?P<n>{_NAME}),\s+\d{{1,3}},(?!\d)"),  # "Lukashenko, 66, has been in power" (not "Kosovo, 13,000")
    # "Marit Solberg-Vance, chief executive of the port authority, said": a name, its apposition, a speech verb
    re.compile(rf"(?P<n>{_NAME_PART}\s+(?:[A-Z]\.\s*)?{_NAME_PART}),\s+[^,.;:\"“”]{{3,80}},\s+"
               r"(?:said|says|told|added|stated|explained|wrote|noted|argued|insisted|warned|announced)\b"),
    # "Keith Rogers, who visits his wife every day": a first and last name before ", who"
    re.compile(r"(?P<n>[A-Z][a-zà-ÿ'’-]+\s+(?:[A-Z]\.\s*)?[A-Z][a-zà-ÿ'’-]+),\s+who\b"),
)
_NOT_PEOPLE = frozenset(
    """The A An In On At For But And This That These Those It He She They We I You His Her Their Its Our
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Kremlin Moscow Washington Police Officials Government
    Reuters AP AFP CNN BBC Minister President Mr Mrs Ms Dr However Meanwhile Also Earlier Later
    Sen Gov Rep Gen Col Lt Sgt Capt Rev Prof Spokesman Spokeswoman Spokesperson A Another Yes No We've I've
    Assistant General Governor Speaker Special""".split()
)
# Last words of organisations and groups, which speech verbs follow as often as names do
# ("the Castrelle Port Authority, said", "Forwarders said"): no person's surname.
_NOT_SURNAMES = frozenset(
    """Authority Authorities Union Council Office Ministry Department Agency Company Corporation Group Party
    Committee Commission Board Bank Court Association Institute Service Services Police Workers Officials
    Forwarders Analysts Investors Residents Critics Experts Researchers Scientists Doctors Lawyers
    Parliament Congress Senate Assembly Cabinet Administration Organization Organisation Federation
    Foundation Fund Times Post Journal Herald Tribune News Press Network Television Radio Building Order
    Directorate Hospital Prevention Motors Electric Valley Navy Army Pentagon Lawmakers Republicans
    Democrats Socialists Americans Israelis Palestinians Cypriots Arab Arabs Witnesses Investigators
    Xinhua Democracy Firearms""".split()
)


@dataclass(frozen=True)
class Person:
    name: str  # the fullest form found ("Alexander Lukashenko")
    key: str  # the surname ("Lukashenko")
    span: Span  # where the fullest form was read


# Patterns whose match is a person even when it is one word ("President Putin", "Lukashenko, 66,").
# A lone word beside a speech verb is as often a country, a company or an agency ("Turkey said her
# country would ...", "Microsoft said") as a person called by a first name ("Paula explained"): it
# is a person unless the articles also put it after a preposition of place ("in Turkey", "at
# Microsoft", "from Turkey"), which nobody writes of a person. No gazetteer ships with the
# summarizer (spaCy's NER runs in the facts stage, not here), and this one test is what a "She"
# resolved to "Turkey" needed.
_ONE_WORD_PERSON = frozenset({0, 3})  # pattern 0 with a capitalised title only ("chief Arab mediator", "host Thailand")
_PLACE_BEFORE = r"\b(?:in|into|across|throughout|from|at|to|of)\s+"


def people(articles: Sequence[Article]) -> dict[str, Person]:
    """Surname -> person, for everyone the articles name with a title, a speech verb or an age
    (a name of one word beside a speech verb only when no preposition of place precedes it
    anywhere: :data:`_ONE_WORD_PERSON`)."""
    found: dict[str, Person] = {}
    lone: dict[str, tuple[Article, re.Match[str]]] = {}  # one word beside a speech verb: first seen
    for a in articles:
        for k, pat in enumerate(_PERSON_PATTERNS):
            for m in pat.finditer(a.text):
                name = re.sub(r"\s+", " ", m.group("n"))
                toks = name.split()
                while toks and toks[0] in _NOT_PEOPLE:
                    toks = toks[1:]
                if toks:
                    toks[-1] = re.sub(r"['’]s$", "", toks[-1])  # "Saturday's marchers"
                short = len(toks[-1]) < 3 and not (len(toks) >= 2 and re.fullmatch(r"[A-Z][a-z]", toks[-1])) if toks else True
                if not toks or toks[-1] in _NOT_PEOPLE or toks[-1] in _NOT_SURNAMES or short:  # "Jing Xu" yes, "Mr. X" no
                    continue
                if len(toks) == 1 and (k not in _ONE_WORD_PERSON or (k == 0 and m.group(0)[:1].islower())):
                    lone.setdefault(toks[0], (a, m))
                    continue
                key = re.sub(r"['’]s$", "", toks[-1])
                full = " ".join([*toks[:-1], key])
                start = m.start("n") + m.group("n").find(toks[0])
                old = found.get(key)
                if old is None or len(full) > len(old.name):
                    found[key] = Person(full, key, Span(a.id, start, start + len(full)))
    # one scan of each article for all lone words after a preposition of place (not one per word)
    keys = {re.sub(r"['’]s$", "", w) for w in lone} - set(found)
    places: set[str] = set()
    if keys:
        pat = re.compile(_PLACE_BEFORE + r"(?P<k>" + "|".join(sorted(map(re.escape, keys), key=len, reverse=True))
                         + r")\b")
        for b in articles:
            places.update(x.group("k") for x in pat.finditer(b.text))
    for word, (a, m) in lone.items():
        key = re.sub(r"['’]s$", "", word)
        if key in found or key in places:
            continue
        start = m.start("n") + m.group("n").find(word)
        found[key] = Person(key, key, Span(a.id, start, start + len(key)))
    return found


def _mentions(text: str, persons: dict[str, Person]) -> list[tuple[int, Person]]:
    out = []
    for key, p in persons.items():
        for m in re.finditer(rf"\b{re.escape(key)}\b", text):
            out.append((m.start(), p))
    out.sort(key=lambda x: x[0])
    return out


def referent(article: Article, start: int, persons: dict[str, Person], *, back: int = 3) -> Person | None:
    """The person a sentence-initial "he"/"she" at ``start`` of ``article`` most likely means: the
    first person named outside quotation marks in the nearest of the ``back`` preceding sentences
    that names anyone (a name inside a quotation is what the speaker talks about)."""
    spans = [s for s in sentence_spans(article.text) if s[1] <= start]
    for s, e in reversed(spans[-back:]):
        got = _mentions(outside_quotes(article.text[s:e]), persons)
        if got:
            return got[0][1]
    return None


# ---------------------------------------------------------------------------------- quotes
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")
# Capitalised too: the inverted "Added Lesh: ..." and "Adds Weir: ..." name their speaker after the verb.
SPEECH = (
    r"(?:[Ss]aid|[Ss]ays|say|told|tells|[Aa]dded|[Aa]dds|stated|states|explained|explains|wrote|writes|tweeted|tweets|"
    r"noted|notes|argued|argues|insisted|insists|claimed|claims|declared|warned|warns|stressed|asked|asks|replied|"
    r"replies|responded|continued|continues|recalled|recalls|announced|admitted|admits|conceded|confirmed|"
    r"testified|concluded|reported|reports|posted|quipped|joked|offered|remarked|remarks|suggested|suggests|"
    r"observed|observes|acknowledged|acknowledges|emphasi[sz]ed|cautioned|exclaimed|shouted|predicted|boasted|"
    r"complained|complains|lamented|mused|countered|vowed|urged|pleaded|texted|whispered|concurred|"
    r"promised|promises|according\s+to)"
)
# Participles of saying attach to the sentence's subject ("Police said ..., adding that ..."): they
# name no speaker of their own ("London, adding" is not London speaking), so only the subject rule
# reads them.
SPEECH_OR_PARTICIPLE = rf"(?:{SPEECH}|telling|adding|saying)"
# Verbs that put words in their subject's mouth when the subject opens the sentence ('Vermont Gov.
# Peter Shumlin ... called Corbett's remark "an absurd comparison"', 'Eater describes the sandwich as
# a "deep-fried McRib"', "Clifford's lawsuit alleges that ..."): read by the subject rule only.
SUBJECT_SPEECH = (rf"(?:{SPEECH_OR_PARTICIPLE}|calls?|called|describes?|described|alleges?|alleged|charges|charged|"
                  r"accused|accuses|dubbed|labell?ed|branded|termed|quotes|quoted|praised|critici[sz]ed|condemned|"
                  r"slammed|blasted|defended|denied|denies|apologi[sz]ed|thanked|demanded|demands|pledged|"
                  r"wrote\s+that|quoting)")
# A speaker identified by role: "said a police spokesman", "the company said in a statement".
ROLE_NOUNS = (
    r"(?:official|officials|spokesman|spokeswoman|spokesperson|police|officer|officers|statement|report|"
    r"prosecutors?|lawyers?|attorneys?|investigators?|witness(?:es)?|residents?|researchers?|scientists?|"
    r"experts?|analysts?|authorities|company|government|ministry|department|agency|court|judge|doctors?|"
    r"source|sources|aide|aides|adviser|advisers|leader|president|minister|chief|director|manager|coach|"
    r"mayor|governor|senator|lawmaker|lawmakers|campaign|team|family|friend|neighbou?r|mother|father|wife|"
    r"husband|son|daughter|brother|sister|owner|teacher|student|worker|union|group|organi[sz]ation)"
)
_SPEAKER_AFTER = re.compile(
    rf"\b{SPEECH}\s+(?!(?:of|about|to|in|on|at|for|with|that|after|before|when|while|during|by)\s)"
    rf"(?P<who>(?:the\s+)?(?:[A-Za-z’'.-]+\s+){{0,4}}?[A-Z][\w’'.-]+(?:\s+(?i:{ROLE_NOUNS})\b)?)"
)
# A title read as the speaker ("said Sen. John McCain" gives "Sen."): the name after it completes it.
_TITLE_ONLY = re.compile(r"^(?:Sen|Gov|Rep|Gen|Col|Lt|Sgt|Capt|Rev|Prof|Dr|Mr|Mrs|Ms|St)\.?$")
_NAME_AFTER_TITLE = re.compile(r"^(?:\s+(?:[A-Z]\.\s*)?[A-Z][\w’'-]+){1,3}")
_SPEAKER_BEFORE = re.compile(rf"(?P<who>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){{0,3}}),?\s+(?:\w+\s+)?{SPEECH}\b")
_ROLE_SPEAKER = re.compile(
    rf"\b{SPEECH}\s+(?P<who>(?:the|a|an|his|her|their|its|one)\s+(?:[\w’'-]+\s+){{0,3}}{ROLE_NOUNS})\b"
    rf"|(?P<who2>\b(?:the|a|an|his|her|their|its|one)\s+(?:[\w’'-]+\s+){{0,3}}{ROLE_NOUNS}),?\s+(?:\w+\s+)?{SPEECH}\b"
    # a body speaking without an article ("Police said Tuesday ..., adding that he was not a "subject of interest"")
    rf"|(?P<who3>\b(?:police|officials|authorities|prosecutors|investigators|researchers|scientists|witnesses|"
    rf"doctors|experts|analysts))\s+(?:\w+\s+)?{SPEECH}\b",
    re.I,
)
# Right after a quotation closed with a comma ('"...," the stylist says.', '"...," said the
# 40-year-old mountaineer from Interlaken.'): whoever a speech verb names there is the speaker,
# by a noun phrase of any noun, not only the role nouns above.
_DET = r"(?:the|a|an|his|her|their|its|one\s+of\s+the)"
_AFTER_CLOSE = re.compile(
    rf"[,!?…][\"”]\s+(?:{SPEECH}\s+(?P<a>{_DET}\s+(?:[\w’'-]+\s+){{0,2}}[\w’'-]+)\b"
    rf"|(?P<b>{_DET}\s+(?:(?!{SUBJECT_SPEECH}\b)[\w’'-]+\s+){{0,3}}[\w’'-]+)\s+(?:\w+\s+)?{SUBJECT_SPEECH}\b"
    rf"|(?P<n>(?:[A-Z][\w’'.-]*\s+){{0,3}}[A-Z][\w’'-]+)\b[^\"“”]{{0,100}}?\b{SUBJECT_SPEECH}\b)"
)
# "according to the study", "according to court documents": the source, named by what it is.
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<who>(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\w’'-]+\s+){0,3}?"
                        r"(?:[A-Z][\w’'-]+|[a-z]{3,}))")
_PRONOUN_SPEAKER = re.compile(
    rf"(?:[,”\"]\s*{SPEECH}\s+(?P<a>he|she)\b|\b(?P<b>he|she)\s+(?:\w+\s+)?{SPEECH}\b)", re.I
)
# A subject before the quotation with a speech verb later outside it: "The Belarusian leader
# denied the report and said he "was not going there"".
_SUBJECT = re.compile(rf"^(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w’'.-]+\s+){{0,3}}(?:[A-Z][\w’'.-]+|(?!{SUBJECT_SPEECH}\b)[a-z]+))\b")
_PRONOUN_WORDS = frozenset("i we you he she it they him her them us me this that these those".split())
QUOTE_MIN_WORDS = 3  # a quotation of fewer words is a term ("elder brother"), not a statement


def quoted_share(text: str) -> float:
    n = len(text.split())
    q = sum(len(m.group(1).split()) for m in _QUOTED.finditer(text))
    if text.lstrip()[:1] in "\"“" and not _QUOTED.search(text):
        q = n  # an opening quote closed in another sentence
    return q / n if n else 0.0


# A quoted title, not somebody's words: '"The Oprah Winfrey" show', '"The Infamous" album'.
_TITLE_AFTER = re.compile(r"^[,.]?\s*(?:show|series|film|movie|book|novel|album|song|single|program|programme|musical|"
                          r"play|documentary|magazine|newspaper|column|sitcom|episode|campaign|slogan)\b", re.I)


# Words a title leaves in lower case ("Sex and the City", "How to Train Your Dragon 2").
_TITLE_SMALL = frozenset("a an the and or nor but of in on at to for by with from as vs via per de la le del du "
                         "von van".split())
# Quoted words that are talked about, not said: 'the words "in all thy sons command"', 'which
# means "the field of the assembly"', 'a sign reading "..."'.
_MENTION_BEFORE = re.compile(
    r"\b(?:(?<!other\s)words?|phrases?|terms?|lines?|lyrics?|headings?|titles?|slogans?|motto|hashtags?|headlines?|captions?|labels?|"
    r"nicknamed?|signs?|banners?|dubbed|titled|entitled|named|known\s+as|means|meaning|stands\s+for|reading|"
    r"reads|inscribed|inscription|spelled|spelling)\s*[,:]?\s*$", re.I)


def _title(quoted: str) -> bool:
    """A quotation that is a title ('"Sex and the City"', '"The Brainy Bunch: The Harding Family's
    Method to College Ready by Age Twelve"'): two or more words, each capitalised but the small ones
    a title leaves in lower case, and no sentence inside."""
    q = quoted.strip().rstrip(",.")
    words = re.findall(r"[\w’'-]+", q)
    if len(words) < 2 or re.search(r"[.!?;]", q) or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)


def _mention(text: str, m: re.Match[str], before: re.Match[str] | None) -> bool:
    """The quotation ``m`` of ``text`` names words rather than reports them: a title, words talked
    about ('the words "..."'), or the second of a pair ('from "A" to "B"', '"A" with "B"')."""
    if _title(m.group(1)) or _TITLE_AFTER.match(text[m.end():]) or _MENTION_BEFORE.search(text[: m.start()]):
        return True
    return (before is not None and _mention(text, before, None)
            and re.fullmatch(r"\s*(?:to|into|with|or|and|from|,)\s*", text[before.end(): m.start()]) is not None)


def has_quote(text: str) -> bool:
    """``text`` reports somebody's words: it opens with a quotation mark, or quotes three words or
    more that are not a title or words talked about (2026-12-03, session 12: a title or a quoted term
    had made a sentence need a speaker: 'The townhouse from "Sex and the City" is back on the market')."""
    found = list(_QUOTED.finditer(text))
    if re.match(r"\s*‘[A-Z]", text):  # a quotation in single marks, the British style ("‘Although our products ...")
        return True
    if text.lstrip()[:1] in "\"“":
        first = found[0] if found and not text[: found[0].start()].strip() else None
        if first is None or not _title(first.group(1)):  # '"The Star-Spangled Banner" was played ...'
            return True
    return any(len(m.group(1).split()) >= QUOTE_MIN_WORDS and not _mention(text, m, found[k - 1] if k else None)
               for k, m in enumerate(found))


def outside_quotes(text: str) -> str:
    return _QUOTED.sub(" … ", text)


def named_speaker(text: str) -> str | None:
    """The speaker named outside the quotation marks of ``text`` ("Lukashenko", "the Belarusian
    leader"), or None (no speech verb with a capitalised name)."""
    rest = outside_quotes(text)
    for pat in (_SPEAKER_AFTER, _SPEAKER_BEFORE):
        for m in pat.finditer(rest):
            who = m.group("who")
            more = _NAME_AFTER_TITLE.match(rest[m.end("who"):]) if pat is _SPEAKER_AFTER else None
            if _TITLE_ONLY.match(who.split()[-1]) and more is None:
                continue
            if more is not None:  # the whole name: "said John Smith" is John Smith, not "John"
                who += more.group(0)
            if who.split()[0].lower() in PERSONAL or who in _NOT_PEOPLE:
                continue
            if m.start("who") == 0 and who.split()[0] in _NOT_PEOPLE:
                continue
            return who
    m = _ROLE_SPEAKER.search(rest)
    if m:
        return m.group("who") or m.group("who2") or m.group("who3")
    for m in _AFTER_CLOSE.finditer(text):
        who = m.group("a") or m.group("b") or m.group("n")
        first = who.split()[0]
        if first.lower() in PERSONAL or first.lower() in _PRONOUN_WORDS or who in _NOT_PEOPLE:
            continue
        if m.group("n") and all(w in _NOT_PEOPLE for w in who.split()):
            continue
        return who
    m = _ACCORDING.search(rest)
    if m and m.group("who").split()[-1].lower() not in _PRONOUN_WORDS:
        return m.group("who")
    q = min((text.find(c) for c in "\"“" if c in text), default=-1)
    if q > 0:
        head = text[:q]
        m = _SUBJECT.match(head)
        if m and re.search(rf"\b{SUBJECT_SPEECH}\b", head):
            caps = [w for w in m.group("who").split() if w[:1].isupper() and w not in _NOT_PEOPLE]
            if caps:
                return m.group("who")
    return None


def bare_quote(text: str) -> bool:
    """A sentence carrying a quotation without its speaker named in it."""
    return has_quote(text) and named_speaker(text) is None


# ---------------------------------------------------------------------------------- titles, translations
_LOST_TITLE = re.compile(r"\b(?P<nat>[A-Z][a-z]+(?:ian|ese|ish|can|ch|an|i))\s+(?P<name>[A-Z][a-z]+\s+[A-Z][a-z]+)\b")


def title_repairs(text: str, start: int, doc_id: str, articles: Sequence[Article]) -> list[Edit]:
    """"Russian Vladimir Putin" -> "Russian President Vladimir Putin" when another sentence of the
    event writes the nationality, a title and the same name (that sentence is the evidence)."""
    out = []
    for m in _LOST_TITLE.finditer(text):
        pat = re.compile(rf"\b{re.escape(m.group('nat'))}\s+(?P<t>{_TITLES})\s+{re.escape(m.group('name'))}\b")
        for a in articles:
            hit = pat.search(a.text)
            if hit:
                rep = f"{m.group('nat')} {hit.group('t')} {m.group('name')}"
                out.append(Edit(Span(doc_id, start + m.start(), start + m.end()), m.group(0), rep, "title",
                                Span(a.id, hit.start(), hit.end())))
                break
    return out


_FOREIGN_NAME = re.compile(r'"(?P<v>[^"]+)" for (?P<c>[^;"]+?)(?=;|$)')


def translation_signs(text: str, start: int, flag: QualityFlag) -> list[Span]:
    """The machine-translation signs of ``flag`` (foreign spellings, calques, foreign typography)
    inside the sentence ``text`` at ``start``."""
    end = start + len(text)
    return [sp for sp in flag.spans if start <= sp.start and sp.end <= end]


def translation_repairs(
    text: str, start: int, doc_id: str, flag: QualityFlag, natives: Sequence[Article]
) -> list[Edit]:
    """In a machine-translated copy, a name written the way another language transliterates it
    ("Aleksándr Lukashenko", "Vladimir Poutine", from ``flag``'s evidence) gets the spelling of the
    native sources (the first place one writes it is the evidence)."""
    spelled = {m.group("v"): m.group("c").strip() for m in _FOREIGN_NAME.finditer(flag.evidence)}
    out = []
    for sp in translation_signs(text, start, flag):
        variant = text[sp.start - start : sp.end - start]
        canonical = spelled.get(variant)
        if not canonical or canonical == variant:
            continue
        seen = next(((a, a.text.find(canonical)) for a in natives if canonical in a.text), None)
        out.append(Edit(Span(doc_id, sp.start, sp.end), variant, canonical, "name",
                        Span(seen[0].id, seen[1], seen[1] + len(canonical)) if seen else None))
    return out


# ---------------------------------------------------------------------------------- relative days
# "yesterday", "last night", "tomorrow" are read from the day the source was published; a brief
# puts its sentences under the event's date, beside sources of other days, so the reader cannot
# tell which day they mean: the day is named ("in Minsk yesterday" -> "in Minsk on Sunday"), from
# the article's own stated date (metadata or dateline), never from an estimated one (a guessed
# weekday shown as exact). "today" is named only where it is a day ("said today", "earlier today"),
# not "nowadays" ("Today, only 300 remain"); nothing inside a quotation (the speaker's words) and
# no figurative use ("the leaders of tomorrow", "yesterday's men" is taken: rare in news).
RELATIVE_DAYS = True
_DAY_OFFSET = {"yesterday": -1, "last night": -1, "tonight": 0, "this morning": 0, "this afternoon": 0,
               "this evening": 0, "today": 0, "tomorrow": 1}
_RELATIVE_DAY = re.compile(
    r"(?P<pre>\b(?:of|since|until|till|by|from|before|after|as\s+of|for|than)\s+)?"
    r"\b(?P<word>[Yy]esterday|[Tt]omorrow|[Ll]ast night|[Tt]onight|[Tt]his (?:morning|afternoon|evening)|"
    r"(?<=\bearlier )today|(?<=\blater )today|(?<=\bsaid )today|(?<=\bsays )today|today(?= said\b))"
    r"(?P<part> (?:morning|afternoon|evening|night))?(?P<poss>['’]s\b)?"
)
_NO_DAY_AFTER = re.compile(r"^\s*(?:,\s*)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def relative_day_repairs(text: str, start: int, doc_id: str, article: Article) -> list[Edit]:
    """Edits naming the day of ``text``'s (the sentence at ``start`` of ``article``) relative day
    words; none when the article's date is missing or estimated."""
    if not RELATIVE_DAYS or article.date_source in (None, "estimated") or article.day is None:
        return []
    from datetime import timedelta

    out = []
    for m in _RELATIVE_DAY.finditer(text):
        pre, word, part, poss = m.group("pre"), m.group("word"), m.group("part") or "", m.group("poss")
        low = word.lower()
        if _inside_quote(text, m.start("word")) or (pre and pre.split()[0] == "of") or _NO_DAY_AFTER.match(text[m.end():]):
            continue  # a speaker's words; "the leaders of tomorrow"; "yesterday, Sunday," names it already
        if pre and pre.split()[0] in ("as", "than"):
            continue
        day = (article.day + timedelta(days=_DAY_OFFSET[low])).strftime("%A")
        when = low.split()[1] if " " in low else ("night" if low in ("tonight",) else "")
        when = when or part.strip()
        if poss:
            rep = f"{day}'s" if low in ("yesterday", "tomorrow") and not part else None
        else:
            rep = f"{day} {when}".strip() if pre else f"on {day} {when}".strip()
        if rep is None:
            continue
        s = m.start("word")
        if s == 0 or text[:s].strip() in ('"', "“", "‘"):
            rep = rep[0].upper() + rep[1:]
        out.append(Edit(Span(doc_id, start + s, start + m.end()), text[s:m.end()], rep, "day", None))
    return out


# ---------------------------------------------------------------------------------- cuts
# A parenthetical an editor cuts for space: a party label, a conversion, an acronym, "(pictured)"
# ("Rep. Mark Walker (R-N.C.) said ...", "15 miles (24km) south-east of Rome"), never inside a
# quotation (the speaker's words stay whole). Each cut is an edit (reason "parenthetical"), the
# deleted text kept with its span.
CUT_PARENTHETICALS = True
_PARENTHETICAL = re.compile(r"\s\((?P<body>[^()\"“”]{1,60})\)(?=[\s,.;:!?])")


def parenthetical_cuts(text: str, start: int, doc_id: str) -> list[Edit]:
    """Edits deleting the short parentheticals of ``text`` (the sentence at ``start`` of ``doc_id``)."""
    if not CUT_PARENTHETICALS:
        return []
    cuts = [Edit(Span(doc_id, start + m.start(), start + m.end()), m.group(0), "", "parenthetical")
            for m in _PARENTHETICAL.finditer(text) if not _inside_quote(text, m.start() + 1)]
    m = _TRAILING_ELLIPSIS.search(text)
    if m:  # "... while declining to give details....": a page's teaser dots, the sentence is complete
        cuts.append(Edit(Span(doc_id, start + m.start(), start + m.end()), m.group(0), ".", "ellipsis"))
    return cuts


# Dots after a sentence's last word where the page cut a teaser or a caption ran on: four or more, or
# an ellipsis character followed by a full stop. Three dots alone stay (a speaker trailing off).
_TRAILING_ELLIPSIS = re.compile(r"(?<=[\w”\"')])(?:\.{4,}|…\.|\.…)\s*$")

# A currency sign set apart from its amount ("a loan of $ 1.5 billion", as wire copy and translation
# tools write it): an editor closes it up ("$1.5 billion", "US$3 million"). Never after a number.
_SPACED_CURRENCY = re.compile(r"(?<![\d.,$€£¥₽])([$€£¥₽])\s+(?=\d)")


def spacing_repairs(text: str, start: int, doc_id: str) -> list[Edit]:
    """Edits closing up a currency sign and its amount in ``text`` (the sentence at ``start`` of ``doc_id``)."""
    return [Edit(Span(doc_id, start + m.end(1), start + m.end()), m.group(0)[1:], "", "spacing")
            for m in _SPACED_CURRENCY.finditer(text)]


# ---------------------------------------------------------------------------------- applying
def apply(text: str, start: int, edits: Sequence[Edit]) -> str:
    """``text`` (the source slice beginning at ``start``) with ``edits`` applied, right to left."""
    out = text
    for e in sorted(edits, key=lambda e: e.span.start, reverse=True):
        s, t = e.span.start - start, e.span.end - start
        if 0 <= s <= t <= len(text) and out[s:t] == e.original:
            out = out[:s] + e.replacement + out[t:]
    return out


def _capitalise_after(text: str, start: int, doc_id: str, pos: int) -> list[Edit]:
    """An edit upper-casing the letter at ``pos`` (after a deleted connective)."""
    if pos < len(text) and text[pos].islower():
        return [Edit(Span(doc_id, start + pos, start + pos + 1), text[pos], text[pos].upper(), "connective")]
    return []


def resolve_opener(
    text: str,
    span: Span,
    article: Article,
    previous: tuple[Span, str] | None,
    persons: dict[str, Person],
    named_before: str,
) -> list[Edit] | None:
    """Edits that make the sentence ``text`` stand after the brief's ``previous`` sentence: see
    :func:`_resolve_opener`. A name put into a quotation ("[Magwood] jumped ...") never belongs to
    the quotation's own speaker ('"[Craig Robinson] still has a lot of work to do," Craig Robinson
    said.' was "he ..., he said": two people): such a sentence cannot stand."""
    got = _resolve_opener(text, span, article, previous, persons, named_before)
    if got:
        inside = [e.replacement.strip("[]") for e in got if e.reason == "pronoun" and e.replacement.startswith("[")]
        if inside:
            outside = outside_quotes(apply(text, span.start, got))
            for name in inside:
                key = re.sub(r"['’]s$", "", name).split()[-1]
                if re.search(rf"\b{re.escape(key)}\b", outside):
                    return None
    return got


def _resolve_opener(
    text: str,
    span: Span,
    article: Article,
    previous: tuple[Span, str] | None,
    persons: dict[str, Person],
    named_before: str,
) -> list[Edit] | None:
    """Edits that make the sentence ``text`` (at ``span`` of ``article``) stand after the brief's
    ``previous`` sentence (its source span and shown text), ``[]`` when none is needed, or None
    when it cannot stand (an unresolvable pronoun, a binding connective, a bare quotation).

    ``named_before`` is the brief's text so far: a referent already named gets its surname only.
    """
    doc, start = span.doc_id, span.start
    spans = sentence_spans(article.text)
    adjacent = False
    if previous is not None and previous[0].doc_id == doc:
        before = [s for s in spans if s[1] <= start]
        # by its end: a rejoined quotation (features.units) starts sentences earlier
        adjacent = bool(before) and before[-1][0] < previous[0].end <= before[-1][1] + 1
    if article.language in lang_rules.LANGUAGES:  # fr/de/es/it/pt: the team's word lists, nothing rewritten
        return [] if lang_rules.stands_alone(text, article.language, after_its_own_previous=adjacent) else None
    if not adjacent and (_LEANS.search(outside_quotes(text)) or _POINTED_AT.search(outside_quotes(text))):
        return None  # "Within weeks, ETA and Herri Batasuna followed suit.": suit of what? "that war veteran": who?
    edits: list[Edit] = []
    work = text
    o = opener(work)
    if o is not None and not adjacent:
        kind, word, s, e = o
        if kind == "connective":
            if word not in DELETABLE_CONNECTIVES and word not in SPOKEN_CONNECTIVES:
                return None
            edits.append(Edit(Span(doc, start + s, start + e), text[s:e], "", "connective"))
            edits += _capitalise_after(text, start, doc, e)
            rest = text[e:]
            o2 = opener(rest[:1].upper() + rest[1:])
            if o2 is not None:
                kind2, word2, s2, e2 = o2
                if kind2 != "pronoun" or word2 not in PERSONAL:
                    return None
                ref = referent(article, start, persons)
                if ref is None:
                    return None
                edits = [edits[0]]  # the capitalised pronoun is replaced whole
                edits.append(_name_edit(text, start, doc, e + s2, e + e2, word2, ref, named_before, previous))
        elif word in PERSONAL and re.sub(r"[\"“‘'\s]", "", text[:s]) and _mentions(outside_quotes(text[:s]), persons):
            pass  # "When officer Mark Engravalle arrived, he noticed ...": its antecedent is in the sentence
        else:
            if word not in PERSONAL:
                return None
            ref = referent(article, start, persons)
            if ref is None:
                return None
            # named even when the brief's previous sentence is about the same person: a reader
            # should not have to work out who "he" is across sources
            edits.append(_name_edit(text, start, doc, s, e, word, ref, named_before, previous))
    # a personal pronoun inside the sentence about nobody it names ("Now in his legal firing line
    # sits the Aryan Nations.", "The official count gave him 71.4%."): named from the source, or the
    # sentence cannot stand. A capitalised word before the pronoun may be its antecedent; after it
    # only a known person may ("In his speech, Obama said ..."). Speaker pronouns are left to the
    # rule below.
    if not adjacent and not edits:
        inner = _inner_pronoun(work, o)
        if inner is not None:
            ps, pe, word = inner
            head = outside_quotes(work[:ps])
            named = (_names_someone(head, persons) or bool(_FIRST_WORD_NAME.match(head))
                     or bool(_SOMEONE.search(head)))  # "the doctor returned fire with his own gun"
            if not named and not _mentions(outside_quotes(work[pe:]), persons):
                ref = referent(article, start, persons)
                if ref is None:
                    return None
                edits.append(_name_edit(text, start, doc, ps, pe, word, ref, named_before, previous))
    # a pronoun speaker after the opening ("..., she said.", '"...," she told the Gazette.') with
    # nobody named before it in the sentence: named, or the sentence cannot stand (a quotation's
    # addressee, "the Gazette", is no speaker either)
    named_here = [e for e in edits if e.reason == "pronoun"]
    said = [x for x in _PRONOUN_SPEAKER.finditer(work) if not _inside_quote(work, x.start())]
    if said and named_here:
        # '"He still has a lot of work to do," he said.': the one in the quotation is not the speaker
        if any(e.replacement.startswith("[") for e in named_here):
            return None
        said = []  # "The card Kimmel had been given, he says": named once, the pronoun then has its antecedent
    if said:
        g = "a" if said[0].group("a") else "b"
        ps, pe = said[0].start(g), said[0].end(g)
        at_opening = o is not None and o[0] == "pronoun" and o[2] == ps
        if not at_opening and not _names_someone(outside_quotes(work[:ps]), persons):
            ref = referent(article, start, persons, back=4)
            if ref is None:
                return None
            return edits + [_name_edit(text, start, doc, ps, pe, said[0].group(g).lower(), ref, named_before,
                                       previous)]
    if has_quote(work) and named_speaker(work) is None:
        m = _PRONOUN_SPEAKER.search(outside_quotes(work))
        if m is not None and named_here:
            return None if any(e.replacement.startswith("[") for e in named_here) else edits
        if m is None:
            more = _continued_quote(text, span, article, persons, named_before)
            if more is None:
                return None
            return edits + [more]
        ref = referent(article, start, persons, back=4)
        if ref is None:
            return None
        # the pronoun's position in the original text (outside_quotes changes offsets)
        pm = [x for x in _PRONOUN_SPEAKER.finditer(work) if not _inside_quote(work, x.start())]
        if not pm:
            return None
        g = "a" if pm[0].group("a") else "b"
        ps, pe = pm[0].start(g), pm[0].end(g)
        edits.append(_name_edit(text, start, doc, ps, pe, pm[0].group(g).lower(), ref, named_before, previous))
    return edits


# Phrases that point at the sentence before as a pronoun does: "followed suit", "did the same",
# "on the same day" (as what?). Such a sentence stands only after its own predecessor.
# Nouns that name a person by what they are ("the doctor", "that war veteran").
_PERSON_NOUN = (
    r"(?:man|woman|boy|girl|suspect|victim|driver|"
    r"patient|child|baby|teen|teenager|player|fan|customer|passenger|pilot|soldier|gunman|shooter|person|singer|"
    r"actor|actress|author|writer|artist|doctor|nurse|guard|employee|officer|detective|spokesman|spokeswoman|"
    r"lawyer|attorney|judge|mayor|governor|senator|president|minister|wife|husband|mother|father|son|daughter|"
    r"brother|sister|friend|neighbou?r|owner|teacher|student|worker|witness|coach|prosecutor|aide|adviser|veteran|captain)"
)
_LEANS = re.compile(r"\b(?:followed\s+suit|follow\s+suit|did\s+(?:the\s+same|likewise|so\s+too)|"
                    r"(?:on\s+)?the\s+same\s+day(?!\s+as\b))\b", re.I)
# A person pointed at, not named: "When the cell door closed behind that war veteran, ...", "That man
# was arrested": the demonstrative at the start or after a preposition (after a verb, "said that
# police officers ...", it is a conjunction).
_POINTED_AT = re.compile(
    r"(?i)(?:^[\"“‘']?|\b(?:behind|with|to|for|of|by|from|about|against|on|at|in|after|before|like|beside|near)\s+)"
    r"(?:this|that|these|those)\s+(?!(?:week|weekend|month|year|morning|afternoon|evening|night|time|day|season)s?\b)"
    r"(?:(?!(?:the|a|an|his|her|their|its|he|she|they|it|we|i|you|there|and|or|is|was)\b)[\w’'-]+\s+){0,2}?"
    rf"{_PERSON_NOUN[:-1]}|men|women|children|people)s?\b"
)
_WHOLE_QUOTE = re.compile(r"^[\"“](?P<body>[^\"“”]+?)(?P<end>[.!]?)[\"”]$")
# How many quotation-only sentences a speaker's attribution carries over: '"A," Robinson said.
# "B." "C."' gives B and C to Robinson; further back the speaker may have changed.
QUOTE_CHAIN = 2


def _continued_quote(
    text: str, span: Span, article: Article, persons: dict[str, Person], named_before: str
) -> Edit | None:
    """A sentence that is a quotation and nothing else ('"We made them and we will do them."')
    continues the quotation of the source sentence before it when that one names its speaker
    ('"...," Lukashenko said.', '"...," he continued.' with "he" resolved, 'Lukashenko said:'),
    over at most :data:`QUOTE_CHAIN` quotation-only sentences: the attribution is added
    ('"...," Lukashenko said.'), an edit whose evidence is the sentence that names the speaker.
    None otherwise (the quotation cannot be attributed)."""
    from .features import units

    m = _WHOLE_QUOTE.match(text.strip())
    if m is None:
        return None
    before = [(s, e) for s, e, _ in units(article.text) if e <= span.start]
    who: str | None = None
    person: Person | None = None
    evidence: tuple[int, int] | None = None
    for ps, pe in reversed(before[-(QUOTE_CHAIN + 1):]):
        prev = article.text[ps:pe]
        quoted = has_quote(prev)
        intro = prev.rstrip().endswith(":") and re.search(rf"\b{SPEECH}\s*:$", prev.rstrip()) is not None
        # (a quotation after reported speech, 'Holm said the bridge was ready. "..."', was tried as a
        # continuation of that speaker: 18 more of the 1,718 speakerless quotations of the Multi-News
        # dev candidates, a third of them misattributed ('"...," Libya said.'): not used)
        if not quoted and not intro:
            return None  # the quotation follows a sentence that is no quotation: not a continuation
        who = named_speaker(prev)
        if who is None:
            pm = [x for x in _PRONOUN_SPEAKER.finditer(prev) if not _inside_quote(prev, x.start())]
            if pm:
                person = referent(article, ps, persons, back=4)
                if person is None:
                    return None
                who = person.name
        if who is not None:
            evidence = (ps, pe)
            break
        if not _WHOLE_QUOTE.match(prev.strip()):
            return None  # a quotation with no speaker that is not itself a continuation
    if who is None or evidence is None:
        return None
    key = re.sub(r"['’]s$", "", who.split()[-1])
    person = person or persons.get(key)
    name = who
    if person is not None:
        name = person.key if re.search(rf"\b{re.escape(person.key)}\b", named_before) else person.name
    elif who.split()[0] in ("The", "A", "An", "His", "Her", "Their", "Its"):
        name = who[0].lower() + who[1:]
    close = text.rstrip()[-1]
    tail_start = len(text.rstrip()) - 1 - len(m.group("end"))
    original = text[tail_start : len(text.rstrip())]
    rep = f",{close} {name} said."
    return Edit(Span(span.doc_id, span.start + tail_start, span.start + len(text.rstrip())), original, rep, "speaker",
                Span(article.id, *evidence))


_CAPITALISED = re.compile(r"(?<=\s)[A-Z][a-zà-ÿ'’-]+")


def _names_someone(text: str, persons: dict[str, Person]) -> bool:
    """``text`` (part of a sentence, quotations blanked) names a person, or a capitalised word past
    its first one that may be one."""
    if _mentions(text, persons):
        return True
    return any(m.group(0) not in _NOT_PEOPLE for m in _CAPITALISED.finditer(text))


# A person named by what they are, an antecedent for "his" ("the doctor returned fire with his own
# gun"): nouns of people that are seldom adjectives ("the official count gave him" is nobody).
_SOMEONE = re.compile(rf"(?i)\b(?:the|a|an|this|that|one)\s+(?:[\w’'-]+\s+){{0,2}}{_PERSON_NOUN}\b")
_INNER_PRONOUN = re.compile(r"(?<![\w'’])(?P<w>he|she|him|his|her)\b(?!['’]\w)", re.I)
# "her" as an object ("gave her a", "told her.", "with her and"), replaced by the bare name
_OBJECT_AFTER = re.compile(
    r"^\s*(?:[.,;:!?)]|$|(?:a|an|the|to|in|on|at|for|with|and|or|but|that|as|from|by|of|up|out|off|back|down|"
    r"away|about|into|over|again|too|so|when|if|because|before|after|while)\b)", re.I)
_FIRST_WORD_NAME = re.compile(r"^\W*(?!(?:The|A|An|In|On|At|Now|But|And|So|Yet|Then|For|With|After|Before|When|"
                              r"While|If|As|By|From|Of|To|Into|Under|Over|During|Since|Until|This|That|These|Those|"
                              r"It|Its|There|Here|One|Some|Many|Most|All|Every|Each|No|Not|Even|Only|Also|Still|"
                              r"Just|Later|Earlier|Today|Yesterday|Last|Next|Both|Neither|Either)\b)[A-Z][\w’'-]+")


def inner_pronoun(text: str) -> int | None:
    """Where the first he/him/his/she/her outside quotation marks past the opener of ``text`` is."""
    got = _inner_pronoun(text, opener(text))
    return None if got is None else got[0]


def names_someone_before(text: str, pos: int, persons: dict[str, Person]) -> bool:
    """Something before ``pos`` of ``text`` can be a pronoun's antecedent: a person of ``persons``
    or a capitalised word past the first, a first word that is one of ``persons``' names ("Obama
    said his ..."; "Hard to believe ..." is no name), or a person named by what they are ("the doctor")."""
    head = outside_quotes(text[:pos])
    if _names_someone(head, persons) or _SOMEONE.search(head):
        return True
    first = _FIRST_WORD_NAME.match(head)
    if first is None:
        return False
    word = re.sub(r"['’]s$", "", first.group(0).lstrip("\"“‘'([ "))
    return word in persons or any(word in p.name.split() for p in persons.values())


def _inner_pronoun(text: str, o: tuple[str, str, int, int] | None) -> tuple[int, int, str] | None:
    """The first he/she/him/his/her outside quotation marks past the sentence's opener, as
    ``(start, end, word)`` with ``word`` a key of :data:`PERSONAL` ("he"/"she" for an object form);
    None when there is none or it is a speaker ("..., he said": :data:`_PRONOUN_SPEAKER` names it)."""
    speakers = {x.start(g) for x in _PRONOUN_SPEAKER.finditer(text) for g in ("a", "b") if x.group(g)}
    for m in _INNER_PRONOUN.finditer(text):
        if (o is not None and m.start() <= o[2]) or m.start() == 0 or _inside_quote(text, m.start()):
            continue
        if m.start() in speakers:
            return None
        w = m.group("w").lower()
        if w == "him":
            w = "he"
        elif w == "her" and _OBJECT_AFTER.match(text[m.end():]):
            w = "she"
        return m.start(), m.end(), w
    return None


def _inside_quote(text: str, pos: int) -> bool:
    return any(m.start() < pos < m.end() for m in _QUOTED.finditer(text))


def _first_person(text: str, persons: dict[str, Person]) -> str | None:
    got = _mentions(text, persons)
    return got[0][1].key if got else None


def _name_edit(
    text: str, start: int, doc: str, s: int, e: int, word: str, ref: Person, named_before: str,
    previous: tuple[Span, str] | None,
) -> Edit:
    known = re.search(rf"\b{re.escape(ref.key)}\b", named_before) is not None
    name = ref.key if known else ref.name
    rep = name + PERSONAL.get(word, "")
    if _in_quotation(text, s):  # a quotation is the speaker's words: the editor's name goes in brackets
        rep = f"[{rep}]"
    return Edit(Span(doc, start + s, start + e), text[s:e], rep, "pronoun", ref.span)


def _in_quotation(text: str, pos: int) -> bool:
    """``pos`` is inside quotation marks: a closed quotation, or one opening the sentence and not
    closed before ``pos`` (it continues from the sentence before)."""
    if _inside_quote(text, pos):
        return True
    head = text[:pos].lstrip()
    return bool(head) and head[0] in "\"“" and not any(c in head[1:] for c in "\"”")
