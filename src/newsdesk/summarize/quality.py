"""Sentence-quality filter: is this sentence fit to appear in a brief?

:func:`sentence_problem` returns ``None`` for a good sentence or a short reason such as
``"caption"``, ``"question"`` or ``"fragment: no verb"``. It is deliberately rule-based and
dependency-free: it runs on every candidate sentence of every article, and the cleaning stage has
already removed most page chrome; this catches what slips through inside body paragraphs
(Multi-News documents carry "Tweet with a location", newsletter prompts and photo credits).

Why hand-written: no maintained library classifies *sentences* as chrome/caption/fragment, and a
POS tagger (spaCy) on every sentence would cost most of the 2 s budget for 100 articles. The verb
test is therefore a heuristic (a closed list of common verbs and auxiliaries plus inflection
suffixes); it errs towards keeping real sentences, since the ranker also sees the other flags.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..caches import cached
from ..text import detect_language, normalize, text_size
from . import lang_rules

MIN_WORDS = 6  # shorter than this is a fragment ("Putin backs Lukashenko.", "Photo: AP.")
MAX_WORDS = 90  # longer than this is an unsplit run of text (lists, tables, glued paragraphs)

_CHROME = re.compile(
    r"""(?ix)
    \b(?:read\s+more|click\s+here|sign\s+up|subscribe|newsletter|mailing\s+list|follow\s+us
    |share\s+this|tweet\s+with\s+a\s+location|all\s+rights\s+reserved|copyright\s*©|©
    |cookies?\b|advertisement|javascript|your\s+browser|log\s*in\b|sign\s+in\b|privacy\s+policy
    |terms\s+of\s+(?:use|service)|comments?\s+(?:are|section|policy)|add\s+your\s+comment
    |skip\s+to\s+(?:main\s+)?content|download\s+(?:the|our)\s+app|story\s+continues\s+below
    |this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:updated|corrected)|email\s+(?:us|this)
    |you\s+can\s+(?:unsubscribe|opt\s+out)|get\s+(?:the|our)\s+(?:latest|best)|related\s*:
    |trending\s*(?:news)?\s*:|watch\s*:|listen\s*:|sponsored|we\s+are\s+sorry|page\s+not\s+found
    |enable\s+(?:javascript|cookies)|twitter\s+(?:account|feed)\s+into\s+your\s+website
    |embed\s+(?:this|the)\s+(?:tweet|video)|location\s+information|hide\s+caption|toggle\s+caption
    |view\s+(?:gallery|slideshow|photos?)|next\s+(?:story|article)|previous\s+(?:story|article)
    |a\s+post\s+shared\s+by|(?:^|[\s|•-])(?:tweet|share|email|pin|facebook|whatsapp|linkedin)\s*(?:[|•]|-\s|$)
    |https?://\S+|\bwww\.\S+|\bt\.co/\S+|\bpic\.twitter\.com/\S+
    |\bwe\s+have\s+sent\s+(?:a|an|you)\b|\bconfirmation\s+(?:email|link)\b|\bthank\s+you\s+for\s+(?:signing|subscribing|registering)\b)
    """
)
# A byline inside a sentence ("... in protest By Justin Sink - Tweet"): "By" and a capitalised name
# followed by a separator, a date line or the end.
_BYLINE = re.compile(
    r"(?:^|\s)By\s+[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][a-z'’-]+){1,2}\s*(?:[-–—|,•]|$|\b(?:and|Updated|Published|"
    r"Posted|Staff|Reporter|Correspondent|Associated|for)\b)"
)
# Form and page templates that reached the text unfilled: "{* data_emailAddress *}", "{{name}}", "%s".
_TEMPLATE = re.compile(r"\{\*|\*\}|\{\{|\}\}|\$\{\w+\}|%\(?\w*\)?s\b|\[\[\w+\]\]")
_CAPTION = re.compile(
    r"""(?ix)
    (?:\b(?:photo|image|picture|video|graphic|illustration|file\s+photo)\s*(?:credit)?\s*[:/|]
    |\((?:ap|afp|reuters|getty)\s*(?:photo|images?)\b|\b(?:ap|afp|getty|reuters|epa)\s*(?:photo|images?)\s*/
    |\bphoto(?:graph)?\s+(?:by|courtesy|credit)\b|\bimage\s+(?:copyright|caption)\b
    |\bcredit\s*:|\bcourtesy\s+of\b.*\)$|\bgetty\s+images\b|\bshutterstock\b|\bistock\b
    |^\s*(?:pictured|above|below|left|right|top|bottom|inset)\s*[:,(]
    |^\W*in\s+this\s+(?:[\w,.]+\s+){0,6}?(?:file\s+)?(?:photo|image|picture|photograph|video|frame\s+grab)\b
    |\bfile\s+(?:photo|image|picture)\b|\b(?:ap|afp|reuters|getty)\s+photo\b
    |\bpos(?:es|ed|ing)\s+for\s+(?:photographers|photos|pictures|a\s+(?:photo|picture|portrait))\b
    |\((?:associated\s+press|reuters|afp|ap)\)\W*$
    # 2026-12-03 (session 12), captions that reached briefs once titles in quotation marks no
    # longer made a sentence need a speaker: the news agencies' caption ending in a weekday and a
    # full date ('A supporter holds a sticker during a watch party, Thursday, Oct. 3, 2013, in San
    # Antonio.'), people placed in the picture ("A Ku Klux Klansman, left, uses ..."), film credits
    # ("Screenplay, Alvarez, ...") and bracketed media labels ("[Video Link] The Wilco track ...")
    |,\s+(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s+[a-z]{3,9}\.?\s+\d{1,2},\s+\d{4}
     (?:,\s+(?:in|at|near|outside|on)\s+[^.;]{2,60})?\.\W*$
    |,\s+(?:left|right|center|centre|front|rear|second\s+from\s+(?:left|right)|far\s+(?:left|right)|
     (?:top|bottom|front|back)\s+(?:left|right|row))\s*,
    |^\W*(?:screenplay|directed\s+by|written\s+by|produced\s+by|running\s+time|starring|cast)\s*[:,]
    |^\s*\[(?:video|photo|image|watch|gallery|audio|slideshow)[^\]]*\]
    |\[(?:reuters|ap|afp|epa|getty(?:\s+images)?)\])  # a photo credit in brackets: "... on protesters [Reuters] Libyan leader ..."
    """
)
# Words of which at least one occurs in every _CHROME / _CAPTION match: the regexes run only on
# sentences that contain one (they cost ~50 us each, most sentences have none of these words).
_CHROME_WORDS = frozenset(
    """read click sign subscribe newsletter mailing follow share tweet rights copyright cookie cookies
    advertisement javascript browser log login privacy terms comment comments skip download story article
    email unsubscribe opt latest best related trending watch listen sponsored sorry page enable twitter
    embed location hide toggle view next previous post share pin facebook whatsapp linkedin we confirmation
    thank http https www co""".split()
)
_CAPTION_WORDS = frozenset(
    """photo image picture video graphic illustration ap afp reuters getty epa photograph credit courtesy
    shutterstock istock pictured above below left right top bottom inset file frame photographers photos
    pictures associated press monday tuesday wednesday thursday friday saturday sunday center centre front rear
    screenplay directed written produced running starring cast watch gallery audio slideshow""".split()
)
_PROMPT_START = re.compile(
    r"(?i)^\s*(?:read|click|tap|sign\s+up|subscribe|follow|watch|listen|download|share|join|"
    r"see\s+(?:also|more|the\s+full)|more\s*:|also\s*:|like\s+us|check\s+out|don't\s+miss|visit)\b"
)
_LOWER_CONJ = re.compile(r"^\s*[\"'“‘(]?(?:and|but|or|so|because|yet|nor|which|who|while)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\d[\d,.]*")

# Verb evidence: auxiliaries and the commonest news verbs in their inflected forms, plus regular
# inflection suffixes. Written by hand for this filter (no word list ships offline).
_VERBS = set(
    """
    is are was were be been being am isn't aren't wasn't weren't 's 're
    has have had having hasn't haven't hadn't do does did doesn't don't didn't done
    will would shall should can could may might must won't wouldn't can't couldn't cannot
    say says said tell tells told ask asks asked announce announces announced report reports reported
    go goes went gone come comes came get gets got gotten make makes made take takes took taken
    give gives gave given see sees saw seen know knows knew known think thinks thought find finds found
    keep keeps kept leave leaves left meet meets met hold holds held run runs ran win wins won
    lose loses lost pay pays paid buy buys bought sell sells sold send sends sent bring brings brought
    begin begins began begun become becomes became grow grows grew grown show shows showed shown
    lead leads led feel feels felt put puts set sets hit hits cut cuts let lets spend spends spent
    build builds built stand stands stood fall falls fell fallen rise rises rose risen seek seeks sought
    face faces faced hope hopes need needs want wants seem seems appear appears remain remains
    include includes use uses call calls try tries work works plan plans expect expects
    continue continues help helps offer offers allow allows kill kills die dies claim claims
    warn warns urge urges vow vows deny denies agree agrees back backs top tops
    """.split()
)
# Irregular verb forms the list above lacks, read by the main-verb test only (``has_verb`` is a
# ranker feature and stays as the shipped weights were trained on): "When police arrived, the man fled."
_IRREGULAR = set(
    """
    fled flee flees struck strike strikes spoke speak speaks spoken broke break breaks broken wrote write writes
    written drove drive drives driven fought fight fights caught catch catches threw throw throws thrown chose
    choose chooses chosen ate eat eats eaten drew draw draws drawn flew fly flies flown swore swear swears sworn
    wore wear wears worn sank sink sinks sunk shot shoot shoots rang ring rings rung sang sing sings sung slid
    slide slides stole steal steals stolen swam swim swims tore tear tears torn woke wake wakes woken bore bears
    borne bit bite bites bitten hid hide hides hidden hung hang hangs dug dig digs forgot forget forgets forgotten
    froze freeze freezes frozen rode ride rides ridden shook shake shakes shaken sought struck swept sweep sweeps
    taught teach teaches understood understand understands withdrew withdraw withdraws withdrawn arose arise
    arises arisen awoke bound bind binds bred breed breeds burst bursts cast casts clung cling crept creep dealt
    deal deals drank drink drinks dwelt fed feed feeds fit fits flung forbade forbid forbids forgave forgive
    forgives forgiven ground grind lay lays laid lain lent lend lends lit lights meant mean means overcame overcome
    overtook overtake overtakes quit quits read reads rid shed sheds shone shine shines shut shuts slept sleep
    sleeps slung spun split splits spread spreads sprang spring springs stuck stick sticks stung sting stings
    strove strode struck swung swing swings thrust undertook undertake undertakes upheld uphold upholds wept weep
    weeps wound wind winds wrung beat beats sat sit sits
    """.split()
)
_VERB_CONTRACTIONS = ("n't", "'re", "'ve", "'ll", "'m", "'d")
_PRONOUN_IS = {"it's", "that's", "he's", "she's", "there's", "here's", "what's", "who's", "where's", "let's"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our"}


_CLOSED = re.compile(r"[.!?…。！？][\"'”’»」』)）\]]*$")  # ends with . ! ? (or 。！？), then closing quotes
_LABEL = re.compile(r"^[A-Z][^:.!?]{1,30}:\s")  # "Rings on show: ..." (a caption with a label)
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_LETTER = re.compile(r"[^\W\d_]")


@cached(maxsize=65_536)
def has_verb(text: str) -> bool:
    """Heuristic verb test: a known verb form, an ``-ed`` word, or ``-s``/``-es`` after a subject."""
    return bool(_verbs(text, strict=False, first=True))


def _verbs(text: str, *, strict: bool, first: bool = False) -> list[tuple[int, int]]:
    """Character spans of the words the verb test takes for verbs (only the first with ``first``).

    ``strict`` is the main-verb test's reading, which must miss fewer verbs since it reads part of a
    sentence: irregular forms (:data:`_IRREGULAR`), :func:`_strict_verb`, and an ``-s`` word counts
    only with its object right after it, no punctuation between ("the species tulips, the small
    kinds" has no verb)."""
    found = list(_WORD.finditer(text))
    toks = [m.group(0) for m in found]
    low = [t.lower().strip(".") for t in toks]
    glued = _Glued(text, found)
    out: list[tuple[int, int]] = []
    for i, w in enumerate(low):
        w = w.replace("’", "'")
        if (
            w in _VERBS
            or w.endswith(_VERB_CONTRACTIONS)
            or w in _PRONOUN_IS
            or (strict and (w in _IRREGULAR or _strict_verb(toks, low, glued, i)))
            or (i > 0 and len(w) > (3 if strict and not w.endswith("eed") else 4) and w.endswith(("ed", "ied"))
                and toks[i][0].islower())
            or (
                i > 0
                and len(w) > 3
                and toks[i][0].islower()
                and w.endswith("s")
                and not w.endswith(("ss", "us", "is", "ous"))
                and low[i - 1] not in _DETERMINERS
                and (i + 1 < len(low) and (low[i + 1] in _DETERMINERS or low[i + 1][:1].isdigit()))
                and (glued[i] or not strict)
            )
        ):
            out.append(found[i].span())
            if first:
                break
    return out


class _Glued:
    """``glued[i]``: word ``i`` has a next word with only spaces or quote marks between them.
    Read only for an ``-s`` word (the last test of its condition), so it is worked out when read
    instead of for every word first: the same answers; that list was a quarter of ``_verbs``'s
    time (0.5 of 2.1 s profiled over the 9,804 sentences of 300 synthetic articles)."""

    __slots__ = ("found", "text")

    def __init__(self, text: str, found: list[re.Match[str]]) -> None:
        self.text = text
        self.found = found

    def __getitem__(self, i: int) -> bool:
        found = self.found
        return i + 1 < len(found) and not self.text[found[i].end() : found[i + 1].start()].strip(" \"'“”‘’")


_SUBJECT_PRONOUNS = frozenset("i we you they he she it who".split())
_VERB_ADVERBS = frozenset("still often also now never always usually rarely sometimes generally typically only "
                          "already just really actually even then seldom".split())
_FUNCTION = _DETERMINERS | frozenset(
    """of in on at to for with by from as and or but not no before after during since until over under into onto
    across through about against among between without within near behind beyond below above like than""".split()
)


def _strict_verb(toks: list[str], low: list[str], glued: _Glued, i: int) -> bool:
    """Verb evidence the main-verb test also accepts: a lower-case ``-s`` word with a word right
    after it ("Alcohol increases estrogen"), a word after a subject pronoun or a frequency adverb
    ("they own", "still own"), a word between a capitalised name and a determiner ("Damon and
    Affleck exit the stage")."""
    w = low[i]
    if not toks[i][0].islower() or w in _FUNCTION:
        return False
    if (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")) and glued[i]
            and (i == 0 or low[i - 1] not in _DETERMINERS)):
        return True
    if i > 0 and (low[i - 1] in _SUBJECT_PRONOUNS or low[i - 1] in _VERB_ADVERBS):
        return True
    return 0 < i < len(low) - 1 and toks[i - 1][0].isupper() and low[i + 1] in _DETERMINERS


# Subordinate clauses: a verb inside one is no main verb ("Every Pulse X battery, whether it came
# fitted to a Norvik bike or was bought as a spare." has verbs only after "whether"). Only clauses
# marked off by commas are taken out (after a comma, up to the next one or the end; at the start, up
# to a comma): "Police who arrested him said ..." keeps its main verb, since where a clause without
# commas ends is for a parser to say. A clause missing its closing comma ("Kim and Kris, who
# married in August have spent ...") shows as a second verb group after a gap with no "and"/"or":
# that one is the main verb.
_SUBORDINATOR = (r"(?:whether|which|who|whom|whose|where|if|when|whenever|although|though|while|because|unless|"
                 r"until|once|as\s+if|even\s+if|even\s+though|so\s+that)")
_CLAUSE_BODY = r"(?:[^,;:—–]|,(?=\d))*"  # "2,600" is one number, not a clause boundary
_LEADING_CLAUSE = re.compile(rf"^[\"“‘']?(?i:{_SUBORDINATOR}|after|before|since|as)\b{_CLAUSE_BODY},\s+")
_INNER_CLAUSE = re.compile(rf",\s+(?i:{_SUBORDINATOR})\b{_CLAUSE_BODY}")
_COORDINATION = re.compile(r"(?i)\b(?:and|or|but|nor|then)\b|,")


@cached(maxsize=65_536)
def has_main_verb(text: str) -> bool:
    """A verb outside the subordinate clauses marked off by commas (:data:`_SUBORDINATOR`)."""
    verbs = _verbs(text, strict=True)
    if not verbs:
        return False
    clauses = [m.span() for m in _LEADING_CLAUSE.finditer(text)] + [m.span() for m in _INNER_CLAUSE.finditer(text)]
    for v in verbs:
        inside = [(s, e) for s, e in clauses if s <= v[0] < e]
        if not inside:
            return True
        s, _ = inside[0]
        # a verb group after a gap inside the clause, with no coordination in the gap: the main verb
        before = [u for u in verbs if s <= u[0] < v[0]]
        if before:
            gap = text[before[-1][1] : v[0]]
            if len(gap.split()) >= 3 and not _COORDINATION.search(gap):
                return True
    return False


# Advice to the reader is not news: the second person outside quotation marks ("If you own one, ...",
# "In pots, you can be bolder.") and imperatives ("Check them every fortnight.", "So buy your bulbs
# now", "..., but with a million packs out there, expect to wait."). Quoted speech may address
# anyone ('"Do not charge it," the fire chief said' has a speaker and stays).
_QUOTED_SPANS = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘]*?’(?![a-z])|(?<!\w)'(?=\w).*?'(?!\w)|«[^«»]*»")
_SECOND_PERSON = re.compile(r"(?i)\b(?:you|your|yours|yourself|yourselves)\b")
_IMPERATIVE_VERB = (
    r"(?:check|use|buy|keep|store|stop|expect|make|try|avoid|remember|consider|call|contact|visit|plant|put|"
    r"take|look|ask|layer|choose|pick|throw|get|go|note|let|bring|leave|wait|give|add|mix|turn|switch|unplug|"
    r"register|follow|beware|imagine|forget|book|head|find|order|save|plan|water|feed|prune|sow|dig|wash|"
    r"return|bring|sign|opt|skip|grab|enjoy|spend|drink|eat|wear|drive|ride|charge)"
)
# what follows an imperative verb: its object, a particle, a preposition, an infinitive or gerund
_IMPERATIVE_NEXT = (
    r"(?:the|a|an|your|yours|yourself|it|them|this|these|that|those|any|every|each|some|all|one|two|three|four|five|"
    r"up|out|away|off|on|in|to|for|with|at|into|back|down|over|around|here|there|what|how|if|whether|until|an?\b|"
    r"\d[\w,.]*|\w+ing)\b"
)
_IMPERATIVE = re.compile(
    rf"^[\"“‘']?(?:(?i:so|and|but|then|now|finally|just|please|simply|instead|first|next|also|otherwise)\b,?\s+)?"
    rf"(?:(?i:just|please|simply|always|never|also|don't|don’t|do\s+not)\s+)?(?i:{_IMPERATIVE_VERB})\s+{_IMPERATIVE_NEXT}"
    # after an introductory clause or phrase: "If it smells of burning, unplug it", "..., but with ..., expect to wait"
    rf"|(?:^(?i:if|when|once|until|before|after|while|whenever|in|for|with)\b|,\s+(?:but|so|and|or)\s+)[^,;:]{{1,80}},\s+"
    rf"(?:(?:just|please|simply|always|never|also|don't|don’t|do\s+not)\s+)?{_IMPERATIVE_VERB}\s+{_IMPERATIVE_NEXT}"
    rf"|[;:]\s+(?:(?:just|please|simply|always|never|don't|don’t|do\s+not)\s+)?{_IMPERATIVE_VERB}\s+{_IMPERATIVE_NEXT}"
)


def addresses_reader(text: str) -> bool:
    """The sentence speaks to the reader: ``you`` outside quotation marks, or an imperative."""
    rest = _QUOTED_SPANS.sub(" … ", text)
    return bool(_SECOND_PERSON.search(rest) or _IMPERATIVE.search(rest))


# The writer or a speaker talking outside quotation marks: "we've collected her funniest moments",
# "Toward these countries ... we must be patient" (a speech's transcript in a wire story). A brief
# tells the event in the third person; such a sentence is somebody's words without their name.
# "I" counts before a lower-case word only ("I think"; "World War I and" is a name: "War I" is kept).
_FIRST_PERSON = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|ours|us|[Mm]y|me|myself|ourselves|[Ww]e['’](?:re|ve|d|ll))\b"
    r"|(?<![\w.])(?<!War )(?<!Part )(?<!Phase )I(?:['’](?:m|ve|d|ll))?(?=\s+[a-z])"
)


def first_person(text: str) -> bool:
    """``text`` says I, we, my, our ... outside quotation marks (a sentence that is all quotation,
    opened and not closed, is the speaker's words: no)."""
    t = text.lstrip()
    if t[:1] in "\"“‘'«" and not _QUOTED_SPANS.match(t):
        return False
    return bool(_FIRST_PERSON.search(_QUOTED_SPANS.sub(" … ", text)))


# A transcript's speaker label: "GEORGE STEPHANOPOULOS: There has been ...", "PRESIDENT OBAMA: Well,
# I don't ...". Two or more words in capitals and a colon open the paragraph; what follows is somebody's
# spoken words without quotation marks (and a label of one word, "UPDATE:", "EXCLUSIVE:", is a heading).
SPEAKER_LABEL = re.compile(r"[\"“]?(?:[A-Z][A-Z.'’-]+\s+){1,3}[A-Z][A-Z.'’-]+\s*:\s")
TRANSCRIPT_MIN_LABELS = 3  # labelled paragraphs before an article counts as a transcript


def transcript_start(paragraph_starts: Sequence[str]) -> int | None:
    """Index of the first labelled paragraph when the paragraphs (their opening text) read as a
    transcript, else None: at least ``TRANSCRIPT_MIN_LABELS`` open with a speaker label, and a
    speaker comes back (an interview's turns, not a newsletter's distinct section heads)."""
    labels = [(i, m.group(0).strip(" :\"“")) for i, t in enumerate(paragraph_starts)
              if (m := SPEAKER_LABEL.match(t))]
    if len(labels) < TRANSCRIPT_MIN_LABELS or len({name for _, name in labels}) == len(labels):
        return None
    return labels[0][0]


_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "of",
    "to",
    "is",
    "are",
    "for",
    "and",
    "at",
    "with",
    "by",
    "from",
    "as",
    "not",
    "after",
    "over",
    "into",
    "up",
}


def _title_case(t: str) -> bool:
    """A headline in title case: capitalised function words mid-sentence ("... Is Released, US Not
    In The Top 20"), or nearly every word capitalised and no closing punctuation."""
    toks = t.split()
    fn_caps = sum(
        1
        for prev, w in itertools.pairwise(toks)
        if w.lower() in _FUNCTION_WORDS
        and w[:1].isupper()
        and not prev.endswith((".", "!", "?", ":", '"', "”"))
    )
    long = [w for w in toks if len(w) > 3 and w[0].isalpha()]
    share = sum(w[0].isupper() for w in long) / len(long) if long else 0.0
    if fn_caps >= 2 and share >= 0.75:
        return True
    ended = t.rstrip("\"')”’ ").endswith((".", "!"))
    return not ended and len(long) >= 3 and share >= 0.9


def unbalanced_quotes(text: str) -> bool:
    opening, closing, straight = text.count("“"), text.count("”"), text.count('"')
    if opening == closing:
        return straight % 2 == 1
    # a quotation opened in one style and closed in the other ('"... a systemic issue,” said
    # sophomore Zawadia LeFang.', 29 sentences of the Multi-News dev articles): the marks still pair up
    return straight == 0 or (opening + closing + straight) % 2 == 1


def sentence_problem(text: str, language: str | None = None) -> str | None:
    """``None`` if ``text`` may appear in a brief, else the reason it may not.

    Rejected: page chrome and prompts ("Read more", newsletters, share buttons, "We have sent a
    confirmation email"), unfilled templates, bylines, photo captions and credits ("In this May 20,
    2017 file photo"),
    questions, fragments (fewer than ``MIN_WORDS`` words, all capitals, title case, unbalanced
    quotes, a leading lower-case conjunction, no verb, no closing punctuation) and unsplit runs
    longer than ``MAX_WORDS`` words. ``language`` is the article's (ISO 639-1): the English rules
    (title case, the verb test) apply to English only; without it the sentence's own language is
    detected, which is unsure below ten words (a short Malay or Chinese sentence was read as English).
    """
    return _sentence_problem(text, language)


# Memoised per (sentence, language): the answer is a function of the two (the rules are fixed, the
# language guess is deterministic), and the brief asks it again for the same sentence (the editor's
# check of each edited sentence, read up to four times per chosen sentence; an article in two events).
# On 300 synthetic articles 14,602 calls are 9,804 distinct (issue 9: ~0.6 s of 35 s CPU).
FIRST_PERSON_UNFIT = True  # 2026-12-03 (session 12); False gives the earlier rules (for ablations)


@cached(maxsize=65_536)
def _sentence_problem(text: str, language: str | None) -> str | None:
    t = normalize(text)
    n = round(text_size(t))  # CJK runs counted by characters (text.CJK_CHARS_PER_WORD)
    if n == 0:
        return "empty"
    low = set(re.findall(r"[a-z]+", t.lower()))
    if ("©" in t or low & _CHROME_WORDS) and _CHROME.search(t):
        return "chrome"
    if lang_rules.chrome(t):  # "请点击这里", "Lesen Sie auch", "baca juga"
        return "chrome"
    if low & _CAPTION_WORDS and _CAPTION.search(t):
        return "caption"
    if _PROMPT_START.match(t):
        return "prompt"
    if _TEMPLATE.search(t):
        return "template"
    if " By " in f" {t}" and _BYLINE.search(t):
        return "byline"
    if SPEAKER_LABEL.match(t):  # a transcript's speaker or a newsletter's heading: "TECH BLINK: ..."
        return "label"
    if t.rstrip("\"')”’»」 ").endswith(("?", "？")):
        return "question"
    if n < MIN_WORDS:
        return "fragment: too short"
    if n > MAX_WORDS:
        return "fragment: too long"
    upper, lower = len(_UPPER.findall(t)), len(_LOWER.findall(t))
    # Latin capitals only where Latin letters are most of the text: a Chinese sentence naming
    # "NETS" or "SMRT" is not shouting
    if upper > 0.6 * (upper + lower) and upper and 2 * (upper + lower) >= len(_LETTER.findall(t)):
        return "fragment: all caps"
    # The rules below read English: capitalised nouns are German spelling, and the verb test
    # knows English verb forms. Another language gets the checks above and closing punctuation.
    # The sentence's own language is guessed (fastText) only when a rule below needs it: most
    # sentences pass those rules in any language (issue 9: the guess was ~5% of the pipeline's CPU).
    guessed: list[bool] = []
    maybe = not language or language == "en"  # False: the article's language rules the English rules out

    def english() -> bool:
        if not guessed:
            guessed.append(language == "en" if language else detect_language(t) in (None, "en"))
        return guessed[0]

    if maybe and _title_case(t) and english():
        return "fragment: title case"
    if unbalanced_quotes(text):
        return "fragment: unbalanced quotes"
    if _LOWER_CONJ.match(t) or t[0].islower():
        return "fragment: starts mid-sentence"
    if maybe and not has_verb(t) and english():
        return "fragment: no verb"
    if maybe and not has_main_verb(t) and english():
        return "fragment: no main verb"
    if maybe and addresses_reader(t) and english():
        return "addresses the reader"
    if maybe and FIRST_PERSON_UNFIT and first_person(t) and english():
        return "first person"
    if not _CLOSED.search(t):
        return "caption" if _LABEL.match(t) else "fragment: no closing punctuation"
    return None


def is_good_sentence(text: str) -> bool:
    return sentence_problem(text) is None
