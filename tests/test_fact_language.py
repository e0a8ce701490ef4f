"""Issue 13 leftovers: each fact's and each version's language shown where it is not the brief's
(JSON, Markdown, HTML, the web event page); the words around an amount read with the article's
language (its stop words and stemmer); people counted by what happened to them ("140 injured").

Fixtures: tests/fixtures/multilingual_accounts (team-written: one march reported in English,
French, German and Spanish; see its README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.consolidate.amounts import link_amounts, window_stems
from newsdesk.extract.measured_lang import measured_thing
from newsdesk.extract.quantities import find_quantities
from newsdesk.render.common import LANGUAGE_NAMES
from newsdesk.text import stop_words

FIX = Path(__file__).parent / "fixtures" / "multilingual_accounts"
MARCH = sorted(FIX.glob("*.txt"))


@pytest.fixture(scope="module")
def march():  # type: ignore[no-untyped-def]
    from newsdesk.pipeline import brief

    return brief(MARCH)


def _lang_of(res):  # type: ignore[no-untyped-def]
    return {a.id: a.language for a in res.articles}


def _foreign(res):  # type: ignore[no-untyped-def]
    """The agreed facts and the versions of the event shown in another language than its brief."""
    an, b = res.analyses[0], res.briefs[0]
    facts = [f for f in an.agreed if f.language and f.language != b.language]
    versions = [v for d in an.differing for v in d.variants if v.language and v.language != b.language]
    return facts, versions


def test_each_version_knows_the_language_it_is_quoted_in(march):  # type: ignore[no-untyped-def]
    lang = _lang_of(march)
    assert march.briefs[0].language == "en"
    qtext = {q.id: (q.text.strip().lower(), lang[q.span.doc_id]) for q in march.analyses[0].quantities}
    versions = [v for d in march.analyses[0].differing for v in d.variants]
    assert versions and all(v.language for v in versions)
    for v in versions:  # the language of a source that gives the value as it stands
        assert (v.value, v.language) in {qtext[q] for q in v.quantities}
    # English gives 200,000, the other three languages 100 000: that version is quoted from one of them
    assert {v.language for v in versions} - {"en"} <= {"fr", "de", "es"}
    assert len({v.language for v in versions}) == 2


def test_json_markdown_and_html_show_other_languages(march):  # type: ignore[no-untyped-def]
    from newsdesk.render.html import to_html
    from newsdesk.render.jsonout import to_json
    from newsdesk.render.markdown import to_markdown

    facts, versions = _foreign(march)
    assert facts and versions  # the fixture has both (a Spanish/French-only fact, a German/French/Spanish figure)
    data = json.loads(to_json(march))
    an = data["analyses"][0]
    assert {f["language"] for f in an["facts"] if f["id"] in {x.id for x in facts}} == {f.language for f in facts}
    assert [v["language"] for d in an["differing"] for v in d["variants"]] == [
        v.language for d in march.analyses[0].differing for v in d.variants]

    md = " ".join(to_markdown(march).split())
    html = to_html(march)
    for v in versions:
        name = LANGUAGE_NAMES[v.language]
        assert f'"{v.value}" (in {name})' in md
        assert f'<span lang="{v.language}">“{v.value}”</span> (in {name})' in html
    for f in facts:
        assert f"{' '.join(f.statement.split())} (in {LANGUAGE_NAMES[f.language]})" in md
        assert f'<span lang="{f.language}">' in html
    # what is in the brief's language is not marked
    english = [v for d in march.analyses[0].differing for v in d.variants if v.language == "en"]
    assert english and all(f'"{v.value}" (in ' not in md for v in english)


def test_web_event_page_shows_other_languages(tmp_path: Path) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'newsdesk[web]'")
    from fastapi.testclient import TestClient

    from newsdesk.serve import create_app
    from newsdesk.store import ingest_paths, open_store

    path = str(tmp_path / "march.db")
    with open_store(path) as store:
        ingest_paths(store, MARCH)
    with TestClient(create_app(path, isolate_writes=False), base_url="http://127.0.0.1") as c:
        eid = c.get("/api/events").json()["events"][0]["id"]
        view = c.get(f"/api/events/{eid}").json()
        page = c.get(f"/events/{eid}").text
    assert view["language"] == "en"
    marked = [f for f in view["agreed"] if f["in_language"]]
    marked += [v for d in view["differing"] for v in d["variants"] if v["in_language"]]
    assert marked, "a fact or version in another language than the brief's"
    for x in marked:
        assert x["language"] != "en" and x["in_language"] == LANGUAGE_NAMES[x["language"]]
        assert f'lang="{x["language"]}"' in page
        assert f'<span class="badge lang">in {x["in_language"]}</span>' in page
    unmarked = [v for d in view["differing"] for v in d["variants"] if v["language"] == "en"]
    assert unmarked and all(v["in_language"] is None for v in unmarked)
    assert all(s["in_language"] is None for s in view["brief"] if s["language"] == "en")


# ------------------------------------------------------------------ the words around an amount
@pytest.mark.parametrize(
    "language,text",
    [
        ("fr", "La police a indiqué que 38 personnes avaient été interpellées après des heurts près du ministère."),
        ("de", "Nach Angaben der Polizei wurden 38 Menschen nach Zusammenstößen in der Nähe des Ministeriums festgenommen."),
        ("id", "Polisi mengatakan sedikitnya 12 orang terluka dan yang lain dibawa ke klinik."),
    ],
)
def test_amount_window_has_no_stop_words_of_its_language(language: str, text: str) -> None:
    q = find_quantities(text, "d", language)[0]
    words = window_stems(text, q, language)
    assert words and not words & stop_words(language)
    assert not words & {"de", "la", "der", "und", "dan", "yang", "que", "été", "nach"}
    if language == "de":  # German nouns are capitalised: they are its content words
        assert {"polizei", "festgenomm"} <= words


def test_equal_counts_share_no_stop_word_context() -> None:
    """Two French counts of 25 people that share only "de" and "la" are not one amount (they were
    when foreign stop words counted as content); an English and a French report of one arrest still are."""
    texts = {
        "a": "Au total, 25 personnes de la commune ont signé la pétition.",
        "b": "Selon le bilan, 25 personnes de la région ont été blessées.",
        "en": "Riot police arrested 38 people near the ministry.",
        "fr": "La police a interpellé 38 personnes près du ministère.",
    }
    languages = {"a": "fr", "b": "fr", "en": "en", "fr": "fr"}
    qs = [q for i, t in texts.items() for q in find_quantities(t, i, languages[i])]

    def joined(langs):  # type: ignore[no-untyped-def]
        return [{q.span.doc_id for q in qs if q.id in link.quantities}
                for link in link_amounts(qs, texts, (), langs) if link.kind == "same_amount"]

    assert joined(languages) == [{"en", "fr"}]  # "police": the same stem in both languages
    # read as English (the old window), the French pair shares "de" and "la" and is joined
    assert {"a", "b"} in joined(None)


# ------------------------------------------------------------------ people counted by what happened
@pytest.mark.parametrize(
    "language,text,value,thing",
    [
        ("en", "The blast left 140 injured in the old town.", 140, "injured"),
        ("en", "At least 140 people injured in the blast were taken to hospital.", 140, "injured"),
        ("en", "The explosion tore through the market, injuring 140.", 140, "injured"),
        ("en", "The quake struck at dawn, injuring at least 140 others.", 140, "injured"),
        ("en", "Officials said 12 were killed when the roof fell.", 12, "dead"),
        ("en", "By nightfall there were 12 dead.", 12, "dead"),
        ("en", "The clashes ended with 38 arrested.", 38, "arrested"),
        ("en", "Some 3,000 displaced by the floods sheltered in schools.", 3000, "evacuated"),
        ("en", "Twelve wounded were flown to the capital.", 12, "injured"),
        ("fr", "L'explosion a fait 140 blessés.", 140, "injured"),
        ("de", "Die Explosion forderte 140 Verletzte.", 140, "injured"),
        ("es", "La explosión dejó 140 heridos.", 140, "injured"),
    ],
)
def test_people_counted_by_what_happened_to_them(language: str, text: str, value: int, thing: str) -> None:
    qs = [q for q in find_quantities(text, "d", language) if q.kind == "count"]
    assert [(q.value, q.unit) for q in qs] == [(value, "people")]
    assert measured_thing(text, qs[0].span.start, qs[0].span.end, "count", language) == thing


@pytest.mark.parametrize(
    "text",
    [
        "He was injured 3 times last season.",  # how often, not how many
        "Sales reached 3 million in the quarter.",  # no happening: a bare figure, no people
        "Flight MH370 went missing.",  # part of a name
        "The death toll rose to 140 on Tuesday.",  # "toll" before the figure is no verb
        "Dunn killed 17-year-old Jordan Davis.",  # an age (Multi-News validation)
    ],
)
def test_figures_that_count_no_people(text: str) -> None:
    assert all(q.unit != "people" for q in find_quantities(text, "d", "en"))
