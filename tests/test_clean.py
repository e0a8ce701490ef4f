"""The clean stage: what is kept, what is removed (and why), and the invariants.

The seeds are read from ../shared at run time (skipped when absent); the fixtures in
tests/fixtures/clean/ were written for these tests and hold one of each kind of chrome.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from conftest import seed_line

from newsdesk.clean import CleanResult, clean_articles, clean_html, clean_text
from newsdesk.config import CleanConfig
from newsdesk.errors import ConfigError
from newsdesk.model import Article, Origin, Paragraph

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
_WORD = re.compile(r"\w+")


def _seed_articles(seeds: Path) -> dict[str, Article]:
    from newsdesk.ingest import read_any

    result = read_any([seeds])
    return {Path(a.origin.path).name[:3]: a for a in clean_articles(result.articles).articles}


@pytest.fixture(scope="module")
def seed_articles(seeds: Path) -> dict[str, Article]:
    return _seed_articles(seeds)


def _removed(paragraphs: tuple[Paragraph, ...], prefix: str) -> Paragraph:
    hits = [p for p in paragraphs if p.text.startswith(prefix)]
    assert hits, f"no paragraph starts with {prefix!r}"
    return hits[0]


def _assert_invariants(raw_words: list[str], paragraphs: tuple[Paragraph, ...], text: str) -> None:
    # every word of the input is in exactly one paragraph, in order: nothing vanished
    assert [w for p in paragraphs for w in _WORD.findall(p.text)] == raw_words
    for p in paragraphs:
        if p.kept:
            assert p.reason is None
            assert text[p.start : p.end] == p.text
        else:
            assert p.reason and p.start == p.end == -1
    assert text == "\n\n".join(p.text for p in paragraphs if p.kept)


# --- the seeds ------------------------------------------------------------------------------

SEED_CHROME = [
    ("000", "Putin backs Lukashenko", "title line"),  # a heading of title words above the lede
    ("000", "1 comment :", "comment section"),
    ("000", "1. The Kremlin considers Alexander", "comment section"),
    ("000", "“Mr. Lukashenko is the legitimate", "comment section"),
    ("000", "Only News", "navigation"),
    ("000", "Featured Post", "navigation"),
    ("000", "US Congresswoman, Tulsi Gabbard, recently", "sidebar teaser"),
    ("000", "Blog Widget by LinkWithin", "widget credit"),
    ("001", "Read more: Belarus: 400 demonstrators", "read more line"),
    ("001", "dj, jf / rc", "agency signature"),
    ("001", "About Hubert Lee", "author box"),
    ("001", "Check Also", "check also teaser"),
    ("001", "Springfield Public Schools to Pilot", "check also teaser"),
    ("001", "[ad_1] SPRINGFIELD", "check also teaser"),
    ("001", "Leave a Reply", "leave a reply"),
    ("001", "Your email address will not", "leave a reply"),
    ("002", "Related Articles", "related articles"),
    ("002", "Back to top button", "navigation"),
    ("002", "Help Journalism! Disable Adblocker!", "ad-blocker plea"),
    ("002", "Please Disable AdBlocker.", "ad-blocker plea"),
    ("003", "France Media Agency", "agency signature"),
    ("004", "Republicans Overcome Democratic Boycott", "sidebar headline"),
    ("004", "The Judicial Committee approves", "sidebar teaser"),
    ("004", "Election update: Trump deviates", "sidebar headline"),
    ("004", "Welcome to your daily update", "sidebar teaser"),
    ("004", "Dutch researcher claims", "sidebar headline"),
    ("004", "The civic movement that stands", "sidebar headline"),
    ("004", "Belarusian opposition defends democracy protests", "sidebar teaser"),
    ("004", "Elections in a troubled river,", "sidebar headline"),
    ("004", "A Donald Trump propelled him", "sidebar teaser"),
    ("004", "Related Articles", "related articles"),
]

# (seed, key): the whole paragraph of the seed holding the key (read at run time by seed_line)
# must be in the cleaned text
SEED_BODY = [
    ("000", "Putin has backed the embattled"),
    ("000", "Mr Putin also offered economic"),
    # the last paragraph ends in "...." (cut by the blog) but is reporting, not a teaser
    ("000", "Mr Lukashenko confirmed to Mr"),
    ("001", "The Kremlin reaffirmed its support"),
    ("001", "Putin called Lukashenko’s initiative"),  # one short sentence
    ("001", "“We will not ask anyone"),
    ("001", "“So we too…"),
    ("001", "Moscow has long pushed for"),
    ("002", "MOSCOW (AP) – Russian President"),
    ("002", "Regardless of previous frictions,"),
    ("003", "(Moscow) Contested in the street"),
    ("003", "“I regret that you have"),
    ("003", "The UN Human Rights Council"),
    ("004", "A total of $ 1.5"),
    ("004", "Lukashenko has repeated the scene"),
]


@pytest.mark.parametrize(("seed", "prefix", "reason"), SEED_CHROME, ids=[f"{s}-{p[:24]}" for s, p, _ in SEED_CHROME])
def test_seed_chrome_is_removed_with_its_reason(seed_articles: dict[str, Article], seed: str, prefix: str, reason: str) -> None:
    art = seed_articles[seed]
    p = _removed(art.paragraphs, prefix)
    assert not p.kept, f"{prefix!r} was kept"
    assert p.reason == reason
    assert prefix not in art.text


@pytest.mark.parametrize(("seed", "key"), SEED_BODY, ids=[f"{s}-{k[:24]}" for s, k in SEED_BODY])
def test_seed_body_is_kept(seed_articles: dict[str, Article], seeds: Path, seed: str, key: str) -> None:
    assert seed_line(seeds, seed, key) in seed_articles[seed].text


def test_seed_bodies_keep_nearly_all_reporting(seed_articles: dict[str, Article], seeds: Path) -> None:
    # Seed 003 has no chrome but the agency line; seed 004's body starts after five teaser pairs.
    assert len(seed_articles["003"].removed) == 1
    assert seed_articles["004"].text.startswith(seed_line(seeds, "004", "A total of $ 1.5"))
    assert seed_articles["002"].text.rstrip().endswith("criticism at house.")
    assert seed_articles["000"].text.rstrip().endswith("declining to give details....")


def test_seed_invariants(seeds: Path) -> None:
    from newsdesk.ingest import read_any

    arts = read_any([seeds]).articles
    cleaned = clean_articles(arts)
    assert len(cleaned.articles) == len(arts) == 5 and not cleaned.skipped
    for before, after in zip(arts, cleaned.articles):
        _assert_invariants(_WORD.findall(before.raw), after.paragraphs, after.text)
        assert after.raw == before.raw and after.id == before.id  # only text/paragraphs change


# --- team-written fixtures ------------------------------------------------------------------

TEXT_CHROME = [
    ("Ferry strike ends after talks in Port Alden", "sidebar headline"),
    ("The ministry signs a new fishing quota deal", "sidebar teaser"),
    ("Photo: Harbour council press office", "caption/credit"),
    ("Read more: Valmouth residents split", "read more line"),
    ("Share this article", "share prompt"),
    ("ab / cd (dpa, AFP)", "agency signature"),
    ("About Lena Varga", "author box"),
    ("Check Also", "check also teaser"),
    ("Harbour festival returns with tall ships", "check also teaser"),
    ("Related Articles", "related articles"),
    ("Back to top button", "navigation"),
    ("3 comments :", "comment section"),
    ("Finally! The old terminal has been a disgrace", "comment section"),
    ("Leave a Reply", "leave a reply"),
    ("Your email address will not", "leave a reply"),
    ("Please disable your ad blocker.", "ad-blocker plea"),
    ("Blog Widget by LinkWithin", "widget credit"),
]
BODY_SENTENCES = [
    "VALMOUTH – The Valmouth harbour council on Tuesday approved plans",
    "“This is the most important decision",
    "Opponents argued that the eastern quay site",
    "Construction is expected to start next spring, the council said.",
    "About half of the money will come from the regional development fund",
    "Councillor Tomas Brin, who voted against",
]


@pytest.fixture(scope="module")
def text_fixture() -> tuple[str, str, tuple[Paragraph, ...]]:
    raw = (FIXTURES / "harbour_text.txt").read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    return title, body, clean_text(body, title=title)


@pytest.mark.parametrize(("prefix", "reason"), TEXT_CHROME, ids=[p[:24] for p, _ in TEXT_CHROME])
def test_text_fixture_chrome(text_fixture, prefix: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    p = _removed(text_fixture[2], prefix.replace("“", '"'))
    assert (p.kept, p.reason) == (False, reason)


@pytest.mark.parametrize("sentence", BODY_SENTENCES, ids=[s[:24] for s in BODY_SENTENCES])
def test_text_fixture_body(text_fixture, sentence: str) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n".join(p.text for p in text_fixture[2] if p.kept)
    assert sentence.replace("“", '"') in text


def test_text_fixture_invariants(text_fixture) -> None:  # type: ignore[no-untyped-def]
    _, body, paragraphs = text_fixture
    _assert_invariants(_WORD.findall(body), paragraphs, "\n\n".join(p.text for p in paragraphs if p.kept))


HTML_CHROME = [
    ("Skip to content", "navigation"),
    ("Ferry strike ends after talks in Port Alden", "html boilerplate (trafilatura)"),
    ("Harbour council approves new ferry terminal after long debate", "title line"),
    ("By Lena Varga", "byline"),
    ("Published 12 March 2024", "date line"),
    ("Photo: Harbour council press office", "caption/credit"),
    ("Read more: Valmouth residents split", "read more line"),
    ("ab / cd (dpa, AFP)", "agency signature"),
    ("Related Articles", "related articles"),
    ("Harbour festival returns with tall ships", "related articles"),
    ("3 comments", "comment section"),
    ("Who is going to pay for all this", "comment section"),
    ("Leave a Reply", "leave a reply"),
    ("Please disable your ad blocker.", "ad-blocker plea"),
]


@pytest.fixture(scope="module")
def html_paragraphs() -> tuple[Paragraph, ...]:
    return clean_html((FIXTURES / "harbour_page.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("prefix", "reason"), HTML_CHROME, ids=[p[:24] for p, _ in HTML_CHROME])
def test_html_fixture_chrome(html_paragraphs: tuple[Paragraph, ...], prefix: str, reason: str) -> None:
    p = _removed(html_paragraphs, prefix)
    assert (p.kept, p.reason) == (False, reason)


@pytest.mark.parametrize("sentence", BODY_SENTENCES, ids=[s[:24] for s in BODY_SENTENCES])
def test_html_fixture_body(html_paragraphs: tuple[Paragraph, ...], sentence: str) -> None:
    text = "\n\n".join(p.text for p in html_paragraphs if p.kept)
    assert sentence.replace("“", '"') in text


def test_html_fixture_accounts_for_every_visible_line(html_paragraphs: tuple[Paragraph, ...]) -> None:
    from newsdesk.htmltext import visible_text

    text = "\n\n".join(p.text for p in html_paragraphs if p.kept)
    for p in html_paragraphs:
        if p.kept:
            assert text[p.start : p.end] == p.text
        else:
            assert p.reason
    every = " ".join(p.text for p in html_paragraphs)
    for line in visible_text((FIXTURES / "harbour_page.html").read_text(encoding="utf-8")).split("\n\n"):
        assert all(w in every for w in _WORD.findall(line)), f"{line!r} vanished"


# --- the team's sample corpus (samples/labels/articles.json) --------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sample_labels() -> dict[str, dict]:  # type: ignore[type-arg]
    import json

    path = SAMPLES / "labels" / "articles.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@pytest.fixture(scope="module")
def sample_articles() -> dict[str, Article]:
    from newsdesk.ingest import read_any

    if not (SAMPLES / "corpus").exists():
        pytest.skip("samples/corpus is absent")
    out = {}
    for a in clean_articles(read_any([SAMPLES / "corpus"]).articles).articles:
        key = str(Path(a.origin.path).resolve().relative_to((SAMPLES / "corpus").resolve()))
        out[f"{key}:{a.origin.record}" if a.origin.record else key] = a
    return out


@pytest.mark.parametrize("key", sorted(_sample_labels()) or ["<no labels>"])
def test_sample_corpus_labels(sample_articles: dict[str, Article], key: str) -> None:
    labels = _sample_labels()
    if key not in labels:
        pytest.skip("samples/labels/articles.json is absent")
    art = sample_articles[key]
    for chrome in labels[key].get("chrome", []):
        assert chrome not in art.text, f"chrome kept: {chrome!r}"
    for sentence in labels[key].get("body_keys", []):
        assert sentence in art.text, f"body lost: {sentence!r}"
    assert all(p.reason for p in art.removed)


# --- the stage ------------------------------------------------------------------------------


def _article(raw: str, *, html: str | None = None, title: str = "", aid: str = "a1") -> Article:
    return Article(id=aid, origin=Origin("mem.txt", "html" if html else "text"), raw=raw, title=title, html=html)


def test_clean_articles_skips_a_body_that_is_empty_after_cleaning() -> None:
    good = (FIXTURES / "harbour_text.txt").read_text(encoding="utf-8")
    # the fixture's comment-form notice ("Your email address will not ...")
    notice = next(ln for ln in good.splitlines() if ln.startswith("Your email address will not"))
    chrome = f"Back to top button\n\nRelated Articles\n\nLeave a Reply\n\n{notice}"
    result = clean_articles([_article(chrome, aid="bad"), _article(good, aid="good")])
    assert isinstance(result, CleanResult)
    assert [a.id for a in result.articles] == ["good"]
    (skip,) = result.skipped
    assert skip.stage == "clean" and skip.path == "mem.txt"
    assert "min_body_words=40" in skip.reason and "removed as chrome" in skip.reason


def test_clean_articles_uses_html_when_present() -> None:
    html = (FIXTURES / "harbour_page.html").read_text(encoding="utf-8")
    (art,) = clean_articles([_article("ignored raw text " * 30, html=html)]).articles
    assert art.text.startswith("VALMOUTH – The Valmouth harbour council")
    assert "ignored raw text" not in art.text
    assert any(p.reason == "comment section" for p in art.removed)


def test_keep_title_in_body() -> None:
    good = (FIXTURES / "harbour_text.txt").read_text(encoding="utf-8")
    title, _, body = good.partition("\n")
    (art,) = clean_articles([_article(body, title=title)], config=CleanConfig(keep_title_in_body=True)).articles
    assert art.text.startswith(title + "\n\n")
    first = art.paragraphs[0]
    assert first.kept and art.text[first.start : first.end] == title


def test_articles_are_replaced_not_mutated() -> None:
    art = _article((FIXTURES / "harbour_text.txt").read_text(encoding="utf-8"))
    (out,) = clean_articles([art]).articles
    assert art.text == "" and art.paragraphs == ()
    # the clean stage fills what cleaning gives: text, paragraphs, and the language when unknown
    assert dataclasses.replace(out, text="", paragraphs=(), language=art.language) == art
    assert out.language == "en"


def test_config_rejects_both_favor_modes() -> None:
    with pytest.raises(ConfigError, match="favor_recall"):
        CleanConfig(favor_precision=True, favor_recall=True)


@pytest.mark.parametrize(
    "line",
    [
        "Reaction?",  # one-word interview question
        "He declined to comment.",
        "“We will see,” she said.",
        "The share of the vote fell to 12 percent on Monday, the commission said.",
        "Related talks will continue in Minsk next week, the Kremlin said.",
        "2 of 3 voters said they would back the plan, the poll found.",
        "In a picture posted on Instagram, the minister is seen at the border crossing.",
        "Subscribers to the ferry pass will pay 12 euros more a month from May.",
        "Boris Janssen was the editor of the local paper before he entered politics.",
    ],
)
def test_short_reporting_inside_the_body_is_kept(line: str) -> None:
    lede = "The council approved the plan on Tuesday after a debate that lasted more than four hours in the town hall."
    tail = "Opponents said they would take the decision to court before the end of the year, their lawyer said."
    paragraphs = clean_text(f"{lede}\n\n{line}\n\n{tail}")
    assert [p.kept for p in paragraphs] == [True, True, True]


def test_a_closing_sentence_about_a_person_is_not_an_author_bio() -> None:
    lede = "The council approved the plan on Tuesday after a debate that lasted more than four hours in the town hall."
    last = "Mira Hollen was the editor of the Valmouth Daily before she was elected to the council in 2019."
    assert all(p.kept for p in clean_text(f"{lede}\n\n{last}"))


def test_section_heading_discussion_is_not_a_comment_thread() -> None:
    lede = "The study followed 2,000 cyclists for three years and recorded every fall that sent one to hospital."
    after = "The authors say helmets halved the risk of a serious head injury in falls at city speeds."
    paragraphs = clean_text(f"{lede}\n\nDiscussion\n\n{after}")
    assert all(p.kept for p in paragraphs)


def test_empty_text() -> None:
    assert clean_text("") == ()
    assert clean_html("") == ()


# --- properties -----------------------------------------------------------------------------

_LINES = [
    "The council approved the plan on Tuesday after a debate that lasted four hours.",
    "Related Articles",
    "3 comments :",
    "Read more: Ferry strike ends",
    "Home",
    "“We will see,” she said.",
    "A family bakery from the old quarter took home the top award on Sunday, beating...",
    "Local bakery wins regional bread prize",
    "ab / cd (dpa, AFP)",
    "Opponents said they would take the decision to court before the end of the year.",
    "- first item of a list",
    "Tweet with a location",
    "which goes on in lower case after a break",
    "   ",
]


def test_clean_text_invariants_hold_for_any_arrangement() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.sampled_from(_LINES), max_size=14),
        st.lists(st.sampled_from(["\n", "\n\n", "\n \n"]), min_size=14, max_size=14),
    )
    def check(lines: list[str], seps: list[str]) -> None:
        raw = "".join(line + sep for line, sep in zip(lines, seps))
        paragraphs = clean_text(raw)
        text = "\n\n".join(p.text for p in paragraphs if p.kept)
        _assert_invariants(_WORD.findall(raw), paragraphs, text)

    check()


def test_penn_treebank_quotation_marks_become_typographic_ones() -> None:
    """DUC's LDC newswire writes ``quotations'' (and sometimes ''both'' ways): the brief's rules
    need to see them as quotations, so a quotation without its speaker is caught."""
    from newsdesk.clean.plain import clean_text, ptb_quotes

    raw = "``Stand-up for me is not like work,'' Seinfeld said on Tuesday. The former ''Seinfeld'' star smiled."
    assert ptb_quotes(raw) == ("“Stand-up for me is not like work,” Seinfeld said on Tuesday. "
                               "The former “Seinfeld” star smiled.")
    assert ptb_quotes("Two apostrophes '' alone are left.") == "Two apostrophes '' alone are left."
    paragraphs = clean_text(raw + "\n\nA second paragraph about the comedian's final tour dates.")
    assert paragraphs[0].text.startswith("“Stand-up")


def test_the_wire_dash_becomes_an_em_dash() -> None:
    """The AP wire's lone underscore between words (LDC newswire) reads as a dash in a brief."""
    from newsdesk.clean.plain import clean_text, wire_dashes

    raw = "The council _ nine members elected in May _ approved the Velden bridge on Tuesday evening."
    assert wire_dashes(raw) == "The council — nine members elected in May — approved the Velden bridge on Tuesday evening."
    assert wire_dashes("Fill in the form: name ___ and file_name stay.") == "Fill in the form: name ___ and file_name stay."
    paragraphs = clean_text(raw + "\n\nA second paragraph about the bridge and the ferry that it replaces.")
    assert "—" in paragraphs[0].text and " _ " not in paragraphs[0].text


def test_two_sentences_glued_at_a_full_stop_are_parted() -> None:
    from newsdesk.clean.plain import glued_sentences

    assert glued_sentences("The ferry was sold to the council.The new owners will run it daily.") == (
        "The ferry was sold to the council. The new owners will run it daily.")
    for kept in ("Visit Velden.Com for the timetable.", "The U.S.Army ran it.", "See velden.org.These pages.",
                 "Read it, e.g.The guide."):
        assert glued_sentences(kept) == kept


def test_a_video_players_close_label_before_a_paragraph_goes() -> None:
    from newsdesk.clean.plain import player_labels

    assert player_labels("CLOSE The harbour froze overnight in Velden.\n\nCLOSE Four ferries stayed in port.") == (
        "The harbour froze overnight in Velden.\n\nFour ferries stayed in port.")
    assert player_labels("The CLOSE of trading came early.\nCLOSE-UP photos.") == "The CLOSE of trading came early.\nCLOSE-UP photos."


def test_a_sponsors_message_in_a_newsletter_is_chrome() -> None:
    raw = ("The ferry company said fares rose on Monday after the council's vote.\n\n"
           "** A message from the Velden Ferry Institute: Ferries work for the island and for everyone. "
           "Groups agree: Preserve the ferries. Visit www.example.org. **\n\n"
           "A message from the mayor was read at the meeting on Tuesday, officials said.")
    paras = clean_text(raw)
    assert [p.kept for p in paras] == [True, False, True]
    assert paras[1].reason == "advertisement"
