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
    |\bfile\s+(?:photo|image|picture)\b|\b(?:ap|afp|reuters|getty)\s+photo\b)
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
    shutterstock istock pictured above below left right top bottom inset file frame""".split()
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
    toks = _WORD.findall(text)
    low = [t.lower().strip(".") for t in toks]
    for i, w in enumerate(low):
        w = w.replace("’", "'")
        if w in _VERBS or w.endswith(_VERB_CONTRACTIONS) or w in _PRONOUN_IS:
            return True
        if i > 0 and len(w) > 4 and w.endswith(("ed", "ied")) and toks[i][0].islower():
            return True
        if (
            i > 0
            and len(w) > 3
            and toks[i][0].islower()
            and w.endswith("s")
            and not w.endswith(("ss", "us", "is", "ous"))
            and low[i - 1] not in _DETERMINERS
            and (i + 1 < len(low) and (low[i + 1] in _DETERMINERS or low[i + 1][:1].isdigit()))
        ):
            return True
    return False


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
    if text.count("“") != text.count("”"):
        return True
    return text.count('"') % 2 == 1


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
    english = language == "en" if language else detect_language(t) in (None, "en")
    if english and _title_case(t):
        return "fragment: title case"
    if unbalanced_quotes(text):
        return "fragment: unbalanced quotes"
    if _LOWER_CONJ.match(t) or t[0].islower():
        return "fragment: starts mid-sentence"
    if english and not has_verb(t):
        return "fragment: no verb"
    if not _CLOSED.search(t):
        return "caption" if _LABEL.match(t) else "fragment: no closing punctuation"
    return None


def is_good_sentence(text: str) -> bool:
    return sentence_problem(text) is None
