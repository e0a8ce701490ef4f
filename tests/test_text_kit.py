"""The text kit (``newsdesk.text``) and the cache registry (``newsdesk.caches``).

One tokenizer, stemmer, stop-word source, sentence splitter and language detector for every
stage, and one registry behind every process-wide cache: the last tests grep the package so that a
second copy of either cannot come back unnoticed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import newsdesk
from newsdesk import caches
from newsdesk.text import detect_language, sentence_spans, split_sentences, stem, stems, stop_words

SRC = Path(__file__).resolve().parents[1] / "src" / "newsdesk"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"


# --------------------------------------------------------------------------------- sentences
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith went to Washington. He arrived on Monday.",
         ["Mr. Smith went to Washington.", "He arrived on Monday."]),
        ("The U.S. economy grew 2.5 percent in 2024. Analysts were surprised.",
         ["The U.S. economy grew 2.5 percent in 2024.", "Analysts were surprised."]),
        ("A heading without a stop\n\nThe body starts here. It goes on.",
         ["A heading without a stop", "The body starts here.", "It goes on."]),
        ("A sentence that is\nwrapped here. Next one.", ["A sentence that is\nwrapped here.", "Next one."]),
        ('"We will not ask," she said. "Never."', ['"We will not ask," she said.', '"Never."']),
        ("", []),
        ("The original film is the No. 3 film of all time. It made $775 million.",
         ["The original film is the No. 3 film of all time.", "It made $775 million."]),
        ("Gov. Andrew Cuomo met Sen. Ted Cruz and Lt. Gov. Dan Patrick. They talked.",
         ["Gov. Andrew Cuomo met Sen. Ted Cruz and Lt. Gov. Dan Patrick.", "They talked."]),
        ("Troops left the U.S. base at dawn. The U.S. Army said so.",
         ["Troops left the U.S. base at dawn.", "The U.S. Army said so."]),
        ('He said "no."The next day he left.', ['He said "no."', "The next day he left."]),
        ("They said: “We are done.”Then they left.", ["They said: “We are done.”", "Then they left."]),
        ('Police said so."I saw it," a witness said.', ["Police said so.", '"I saw it," a witness said.']),
        ("I said no. Then I left.", ["I said no.", "Then I left."]),
        ("It came down to one A.J. Burnett start. But so it is.", ["It came down to one A.J. Burnett start.", "But so it is."]),
        ("President John F. Kennedy spoke. He left.", ["President John F. Kennedy spoke.", "He left."]),
        ("They live in the U.S. The firm said so.", ["They live in the U.S.", "The firm said so."]),
        ("The remarks lit up M.M.’s email box. Was he right?", ["The remarks lit up M.M.’s email box.", "Was he right?"]),
    ],
    ids=["honorific", "abbreviation-and-decimal", "paragraph-break", "hard-wrap", "quotes", "empty",
         "number-abbreviation", "titles-before-names", "u.s.", "glued-closing-quote", "glued-curly-quote",
         "opening-quote-stays", "no-is-a-word", "initials-before-a-name", "middle-initial",
         "u.s.-ends-a-sentence", "possessive-after-initials"],
)
def test_sentence_splitter(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
    for s, e in sentence_spans(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]


def test_sentence_spans_are_cached_per_text() -> None:
    text = "One sentence here. Another one there."
    assert sentence_spans(text) is sentence_spans(text)  # the same tuple: computed once
    assert caches.info()["newsdesk.text.sentence_spans"].maxsize == caches.TEXT_CACHE_SIZE


# ---------------------------------------------------------------------------------- stemmer
@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [
        ("en", ["elections", "running", "ponies"], ["elect", "run", "poni"]),
        ("fr", ["élections", "continuer", "nationales"], ["élect", "continu", "national"]),
        ("de", ["häuser", "laufen", "wahlen"], ["haus", "lauf", "wahl"]),
        ("es", ["elecciones", "corriendo"], ["eleccion", "corr"]),
        ("vi", ["những", "người"], ["những", "người"]),  # no Snowball stemmer: words unchanged
    ],
    ids=["en", "fr", "de", "es", "no-stemmer"],
)
def test_stemmer_per_language(lang: str, words: list[str], expected: list[str]) -> None:
    assert stems(words, lang) == expected
    assert [stem(w, lang) for w in words] == expected


def test_english_stemmer_is_porter() -> None:
    # the summarizer's ranker was trained on Porter stems; Porter2 ("english") stems "generously" as "generous"
    assert stem("generously") == "gener"


# ------------------------------------------------------------------------------- stop words
def test_english_stop_words_are_function_words() -> None:
    sw = stop_words()
    assert sw is stop_words("en")
    assert {"the", "and", "of", "said", "told", "according", "mr"} <= sw
    assert not {"fire", "bill", "interest", "system", "two"} & sw  # news content words stay


def test_stop_words_of_other_languages_and_sources() -> None:
    assert {"le", "et", "des"} <= stop_words("fr")
    assert {"der", "und", "nicht"} <= stop_words("de", source="justext")
    assert "the" in stop_words("en", source="justext") and stop_words("en", source="justext") != stop_words("en")
    assert stop_words("xx") == frozenset() == stop_words("xx", source="justext")
    with pytest.raises(ValueError, match="source='nltk'"):
        stop_words("en", source="nltk")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------- language
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (("The harbour board voted on Monday to add three evening crossings to the island, ending a "
          "debate that lasted most of the summer."), "en"),
        (("Le conseil du port a voté lundi l'ajout de trois traversées du soir vers l'île, mettant fin "
          "à un débat qui a duré presque tout l'été."), "fr"),
        (("Der Hafenrat hat am Montag beschlossen, drei zusätzliche Abendfahrten zur Insel einzuführen, "
          "und damit eine Debatte beendet, die fast den ganzen Sommer dauerte."), "de"),
        ("Ferry timetable changes", None),
    ],
    ids=["english", "french", "german", "too-short"],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_ingest_and_clean_use_the_kits_detector() -> None:
    from newsdesk import ingest
    from newsdesk.clean import segment

    assert ingest.detect_language is detect_language
    assert segment.detect_language is detect_language


# --------------------------------------------------------------------------- cache registry
def test_registry_records_and_clears() -> None:
    calls = []

    @caches.cached(maxsize=2)
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    name = f"{__name__}.{double.__qualname__}"
    assert double(1) == double(1) == 2 and calls == [1]
    assert caches.info()[name].size == 1
    caches.clear("data")
    assert caches.info()[name].size == 0
    with pytest.raises(ValueError, match="must be bounded"):
        caches.register("unbounded", clear=lambda: None, size=lambda: 0, maxsize=None)


def test_reset_caches_empties_every_registered_cache() -> None:
    result = newsdesk.brief([str(SAMPLES)])
    assert result.events
    before = caches.info()
    for name in ("newsdesk.text.sentence_spans", "newsdesk.text.stem", "newsdesk.extract.ner.ner_mentions",
                 "newsdesk.extract.ner.load_nlp", "newsdesk.extract.quantities.find_quantities"):
        assert before[name].size > 0, f"{name} was not used by the pipeline: is it still registered?"
    assert all(i.maxsize is not None for i in before.values() if i.kind == "data")

    newsdesk.reset_caches()

    assert {n: i.size for n, i in caches.info().items() if i.size} == {}
    if "trafilatura" in sys.modules:  # a dependency's cache, through its public reset_caches()
        from trafilatura.utils import line_processing

        assert line_processing.cache_info().currsize == 0


def test_consolidate_clear_caches_keeps_models_loaded() -> None:
    from newsdesk.consolidate import clear_caches
    from newsdesk.text import _punkt

    _punkt()
    sentence_spans("Filled. Cache.")
    clear_caches()
    info = caches.info()
    assert info["newsdesk.text.sentence_spans"].size == 0
    assert info["newsdesk.text._punkt"].size >= 1  # models stay loaded (one per language used)


# ------------------------------------------------------------------- one of each, in the tree
KIT = {SRC / "text.py", SRC / "caches.py"}
FORBIDDEN = [
    (re.compile(r"\blru_cache\b|functools\.cache\b|from functools import .*\bcache\b"),
     "a process-wide cache outside the registry: use newsdesk.caches.cached"),
    (re.compile(r"^\s*(?:import Stemmer\b|from Stemmer import)", re.MULTILINE), "a stemmer outside the kit: newsdesk.text.stem"),
    (re.compile(r"\bENGLISH_STOP_WORDS\b|get_stoplist\("), "a stop-word list outside the kit: newsdesk.text.stop_words"),
    (re.compile(r"^\s*def sentence_spans\b", re.MULTILINE), "a sentence splitter outside the kit: newsdesk.text.sentence_spans"),
    (re.compile(r"^\s*def detect_language\b|\bfast_langdetect\b", re.MULTILINE),
     "a language detector outside the kit: newsdesk.text.detect_language"),
]


def _kit_file(path: Path) -> bool:
    return path in KIT or (SRC / "text") in path.parents


def test_one_text_kit_and_one_cache_registry() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if _kit_file(path):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(SRC.parent)}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # Chinese: full-width terminators, a closing quote stays with its sentence
            "新加坡政府星期二宣布，将在明年为中小企业提供援助。财政部长说：“这笔资金将用于补贴电费。”商会欢迎这项措施！你同意吗？",
            ["新加坡政府星期二宣布，将在明年为中小企业提供援助。", "财政部长说：“这笔资金将用于补贴电费。”", "商会欢迎这项措施！", "你同意吗？"],
        ),
        (  # French: the opening guillemet goes with the quote it opens
            "Le Parlement a voté mardi par 87 voix contre 41 pour le contrat. « C'est l'investissement le plus "
            "important d'une génération », a-t-elle affirmé. M. Dupont a refusé de commenter.",
            ["Le Parlement a voté mardi par 87 voix contre 41 pour le contrat.",
             "« C'est l'investissement le plus important d'une génération », a-t-elle affirmé.",
             "M. Dupont a refusé de commenter."],
        ),
        (  # German: an ordinal date ("3. März") does not end a sentence (the German Punkt model)
            "VELDEN, Dienstag, 3. März 2026 - Das Parlament hat am 3. März mit großer Mehrheit gestimmt. "
            "Die Grüne Liga klagt vor dem Verfassungsgericht.",
            ["VELDEN, Dienstag, 3. März 2026 - Das Parlament hat am 3. März mit großer Mehrheit gestimmt.",
             "Die Grüne Liga klagt vor dem Verfassungsgericht."],
        ),
    ],
)
def test_sentences_split_in_the_texts_language(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


# The reference definitions of normalize() and words() that the faster ones must equal.
_REFERENCE_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def _reference_normalize(text: str) -> str:
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_REFERENCE_QUOTES)).strip()


def _reference_words(text: str) -> list[str]:
    from newsdesk.text import WORD

    return [w.lower() for w in WORD.findall(_reference_normalize(text))]


_AWKWARD = [chr(c) for c in range(0x3000) if chr(c).isspace()] + list("’‘“”«»–—_-'.") + [
    "İ", "ΟΔΟΣ", "ß", "ﬁ", "Ⅻ", "x\u0307", "\u00a0", "\u200b", "Straße", "naïve", "ǅ", "\x1c", "\x85"]


def test_normalize_and_words_equal_their_reference_definitions() -> None:
    """normalize() uses str.replace and split/join, words() lower-cases ASCII text whole: both are
    the same function as the regex/translate definitions, on awkward characters and real text."""
    import random

    from newsdesk.text import normalize, words

    rng = random.Random(7)
    alphabet = _AWKWARD + list("abcXYZ019 ,;")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in sorted((Path(__file__).parent / "fixtures").rglob("*.txt"))]
    for t in texts:
        assert normalize(t) == _reference_normalize(t), repr(t)
        assert words(t) == _reference_words(t), repr(t)


def test_a_number_with_thousands_separators_is_one_word() -> None:
    from newsdesk.text import word_count

    assert word_count("40,000 questions have come in.") == 5
    assert word_count("It cost 1,234,567.89 euros, 12,000, and 3,45.") == 8  # "3,45" is two numbers
