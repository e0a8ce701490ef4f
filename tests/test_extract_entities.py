"""Entities: transliteration keys, foreign spellings, one canonical name per event, role nouns."""

from __future__ import annotations

import pytest

from newsdesk.extract.entities import (
    _dateline_credit,
    is_foreign_spelling,
    ner_mentions,
    resolve_entities,
    translit_key,
)
from newsdesk.model import Entity

from test_extract_dates import load

EVENT = ["a1_wire.txt", "a2_courier.txt", "a3_translated.txt", "a4_spun.txt"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Putin", "Poutine"), ("Lukashenko", "Loukachenko"), ("Lukashenko", "Lukashenka"), ("Karlov", "Karloff"),
     ("Aleksándr", "Aleksandr"), ("Bukharin", "Boukharine"), ("Putin’s", "Putin")],
)
def test_translit_key_joins_spellings(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize(("a", "b"), [("Putin", "Peskov"), ("Minsk", "Moscow"), ("Marek", "Moss")])
def test_translit_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


@pytest.mark.parametrize(
    ("surface", "canonical", "foreign"),
    [
        ("Vladimir Poutine", "Vladimir Putin", True),  # French ou, final e
        ("Alexander Loukachenko", "Alexander Lukashenko", True),  # French ou, ch
        ("Aleksándr Lukashenko", "Alexander Lukashenko", True),  # Spanish accent
        ("Serguei Volkov", "Sergei Volkov", True),  # French gu
        ("Pavel Karloff", "Pavel Karlov", True),
        ("Kestavie", "Kestavia", True),
        ("Lukashenka", "Lukashenko", False),  # the Belarusian spelling English media use
        ("Aleksandr Lukashenko", "Alexander Lukashenko", False),  # an English transliteration
        ("Putin", "Vladimir Putin", False),
    ],
)
def test_foreign_spelling(surface: str, canonical: str, foreign: bool) -> None:
    assert is_foreign_spelling(surface, canonical) is foreign


@pytest.fixture(scope="module")
def entities() -> tuple[Entity, ...]:
    arts = [load(n) for n in EVENT]
    # NER on the three independent sources only; the spun copy gets its mentions from the names found
    mentions = ner_mentions([a for a in arts if a.id != "a4_spun"])
    return resolve_entities(arts, mentions, event_id="ev")


def _by_canonical(ents: tuple[Entity, ...], name: str) -> Entity:
    return next(e for e in ents if e.canonical == name)


def test_one_canonical_name_across_spellings_and_references(entities: tuple[Entity, ...]) -> None:
    bukharin = _by_canonical(entities, "Oleg Bukharin")
    surfaces = set(bukharin.surfaces)
    assert {"Oleg Bukharin", "Bukharin", "Oleg Boukharine", "Boukharine", "the Drevnian leader"} <= surfaces
    assert bukharin.type == "person"
    volkov = _by_canonical(entities, "Sergei Volkov")
    assert {"Sergei Volkov", "Volkov", "Serguei Volkov"} <= set(volkov.surfaces)
    # nobody else carries their names
    others = [e for e in entities if e.id not in (bukharin.id, volkov.id)]
    assert not any(s in ("Bukharin", "Boukharine", "Volkov") for e in others for s in e.surfaces)


def test_role_noun_backed_by_apposition_evidence(entities: tuple[Entity, ...]) -> None:
    bukharin = _by_canonical(entities, "Oleg Bukharin")
    roles = [m for m in bukharin.mentions if m.how == "role"]
    assert any(m.text == "the Drevnian leader" and m.span.doc_id == "a2_courier" for m in roles)
    assert any("Drevnian President Oleg Bukharin" in ev for ev in bukharin.evidence)


def test_mentions_point_into_article_text_and_copies_are_covered(entities: tuple[Entity, ...]) -> None:
    texts = {a.id: a.text for a in (load(n) for n in EVENT)}
    for e in entities:
        for m in e.mentions:
            assert texts[m.span.doc_id][m.span.start : m.span.end] == m.text
    volkov = _by_canonical(entities, "Sergei Volkov")
    assert "a4_spun" in volkov.articles  # found by the gazetteer pass (no NER on copies)


def test_places_and_organisations_are_kept_apart(entities: tuple[Entity, ...]) -> None:
    kalmar = next(e for e in entities if e.canonical == "Kalmar")
    assert kalmar.type in ("place", "organisation")
    assert "KALMAR" in kalmar.surfaces or "Kalmar" in kalmar.surfaces


def test_ner_reads_windows_around_name_candidates_only() -> None:
    from newsdesk.extract.ner import NER_CONTEXT_WORDS, ner_ranges

    filler = " ".join(["the talks went on for a long time and officials agreed on nothing much"] * 3)
    text = f"Officials said on Monday that {filler} before Vladimir Putin flew to Sochi. {filler}."
    ranges = ner_ranges(text)
    fed = " ".join(text[s:e] for s, e in ranges)
    assert "Vladimir Putin flew to Sochi" in fed
    # one window: "Vladimir Putin flew to Sochi." and its context; "Officials" opens a sentence and
    # is written in lower case elsewhere, "Monday" is a date: neither needs a window
    assert len(ranges) == 1 and len(fed.split()) == 5 + 2 * NER_CONTEXT_WORDS
    assert "Monday" not in fed and "Officials" not in fed
    for s, e in ranges:
        assert text[s:e] == text[s:e].strip()


def test_windows_find_the_entities_whole_texts_do() -> None:
    from newsdesk.extract.ner import KEEP_LABELS, clear_ner_cache, load_nlp

    arts = [load(n) for n in EVENT]
    clear_ner_cache()
    got = {(m.doc_id, m.start, m.end, m.label) for ms in ner_mentions(arts).values() for m in ms}
    nlp = load_nlp()
    whole = set()
    for a, doc in zip(arts, nlp.pipe([a.text for a in arts])):
        for e in doc.ents:
            if e.label_ in KEEP_LABELS or e.label_ == "NORP":
                whole.add((a.id, e.start_char, e.end_char))
    assert len(got) >= 20
    # every windowed mention is one whole-text NER also finds (after honorific/possessive trimming)
    assert all(any(d == doc and ws <= s and e <= we for doc, ws, we in whole) for d, s, e, _ in got)
    assert len(got) >= 0.97 * len(whole)


def test_ner_results_are_cached_per_article_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import newsdesk.extract.ner as ner_mod

    arts = [load(n) for n in EVENT[:2]]
    ner_mod.clear_ner_cache()
    first = ner_mentions(arts)

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model ran on a cached article")

    monkeypatch.setattr(ner_mod, "load_nlp", no_model)
    assert ner_mentions(arts) == first
    edited = dataclasses.replace(arts[0], text=arts[0].text.replace("Volkov", "Karlov"))
    with pytest.raises(AssertionError, match="cached article"):
        ner_mentions([edited])  # a changed text is not served from the cache


def _typed(text: str) -> dict[str, str]:
    from newsdesk.model import Article, Origin

    art = Article(id="t1", origin=Origin("t1.txt", "text"), raw=text, text=text)
    return {e.canonical: e.type for e in resolve_entities([art], ner_mentions([art]), event_id="ev")}


def test_a_lone_name_that_only_speaks_is_no_person() -> None:
    """Issue 12 item 4: a person chip needs a person's cue (a title, an age, a role in apposition);
    a lone word that says or does things is a body, and the words around it say which ("Quorvane
    customers", "Drell's transport minister", "the Pessa Bridge"). Invented text."""
    types = _typed(
        "Hackers took the records of 300,000 Quorvane customers on Monday. Quorvane said no card numbers "
        "were taken. Quorvane shares fell 4%. Quorvane's boss Ilsa Tammer apologised.\n\n"
        "Drell's transport minister Otto Wrenn said the Pessa Bridge would stay closed. Wrenn, 58, "
        "has held the post since 2021. Traffic through Drell was diverted."
    )
    assert types.get("Quorvane") in (None, "organisation"), types
    assert types.get("Drell") in (None, "place"), types
    assert types.get("Pessa Bridge") in (None, "place"), types
    assert types.get("Otto Wrenn") == "person", types
    assert not [n for n, t in types.items() if t == "person" and n in ("Quorvane", "Drell", "Pessa Bridge")]


def test_a_question_auxiliary_is_no_first_name() -> None:
    """Issue 12 item 4: "Will Kerran try again?" inverts the auxiliary before the subject; spaCy reads
    "Will Tarrow" as a person. Outside a question "Will" stays a first name. Invented text."""
    types = _typed(
        "The Jessa-3 probe was lost on Friday when its rocket failed over Maro. Ada Penn, who heads the "
        "agency, said the data were being studied.\n\nWill Kerran try again? The agency hopes to launch "
        "in the spring.\n\nThe flight director, Will Osmund, 51, said the cause was not known."
    )
    assert "Will Kerran" not in types, types
    assert types.get("Will Osmund") == "person", types


def test_a_wire_services_dateline_credit_is_no_entity() -> None:
    """The seeds' 2021 event listed "AP" under Who and where, from "MOSCOW (AP) –". The agency
    that sent the story is no organisation of the event; the same letters in the story are.
    Invented text."""
    types = _typed(
        "KALMAR, Norland (NWA) – Norland's prime minister Otto Wrenn met union leaders on Monday to end "
        "the dock strike. Talks lasted six hours.\n\nWrenn said the ports would reopen on Thursday."
    )
    assert "NWA" not in types, types
    assert types.get("Otto Wrenn") == "person", types
    assert not _dateline_credit("Officials told the NWA (NWA) – agency", 24, 27)
    assert _dateline_credit("MOSCOW (AP) – Russian President", 8, 10)
