"""Issue 10: briefs an editor signs off. Every point held with team-written fixtures (invented
events): sentences that stand alone (openers resolved with a recorded edit, or not used; quotes
only with a named speaker), spun copies repaired and marked, headlines, reading order, a hard word
budget, and estimated dates and repairs shown in every output format."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest

from newsdesk.config import SummarizeConfig
from newsdesk.model import Article, Brief, Event, Origin, QualityFlag, Result, Span
from newsdesk.render import render
from newsdesk.summarize import edit, summarize_articles, summarize_event
from newsdesk.summarize.quality import sentence_problem
from newsdesk.summarize.select import reading_order


def art(aid: str, text: str, **kw: object) -> Article:
    return Article(id=aid, origin=Origin(f"{aid}.txt", "text"), raw=text, text=text, **kw)  # type: ignore[arg-type]


def _shown(brief: Brief) -> list[str]:
    return [s.text for s in brief.sentences]


# ------------------------------------------------------------------------------- openers
def test_pronoun_opener_is_resolved_with_an_edit_that_names_its_source() -> None:
    a = art("a", "Mayor Ingrid Holm opened the new harbour bridge in Velden on Friday morning. "
                 "She said the bridge would cut the trip to the island from forty minutes to ten.")
    persons = edit.people([a])
    assert "Holm" in persons and persons["Holm"].name == "Ingrid Holm"
    start = a.text.index("She said")
    text = a.text[start:]
    edits = edit.resolve_opener(text, Span("a", start, len(a.text)), a, None, persons, "")
    assert edits is not None and len(edits) == 1
    e = edits[0]
    assert (e.original, e.replacement, e.reason) == ("She", "Ingrid Holm", "pronoun")
    assert a.text[e.span.start : e.span.end] == "She"
    assert e.evidence is not None and a.text[e.evidence.start : e.evidence.end] == "Ingrid Holm"
    assert edit.apply(text, start, edits).startswith("Ingrid Holm said the bridge")
    # after the sentence it follows in its article, nothing needs changing
    prev = Span("a", 0, start - 1)
    assert edit.resolve_opener(text, Span("a", start, len(a.text)), a, (prev, a.text[: start - 1]), persons, "") == []
    # a name already in the brief is given by surname
    again = edit.resolve_opener(text, Span("a", start, len(a.text)), a, None, persons, "Ingrid Holm spoke.")
    assert again is not None and again[0].replacement == "Holm"


@pytest.mark.parametrize(
    ("text", "resolvable"),
    [
        ("It was the first such closure in a decade, officials said.", False),
        ("They voted against the plan on a show of hands.", False),
        ("Therefore the council will meet again next week.", False),
        ("He's been in office for ten years.", False),  # a contraction: "he is" or "he has"
        ("However, the council approved the budget by nine votes to two.", True),
        ("This week the council approved the budget by nine votes to two.", True),
    ],
)
def test_openers_that_cannot_be_resolved_make_a_sentence_unfit(text: str, resolvable: bool) -> None:
    a = art("x", "The council of Velden met on Tuesday. " + text)
    start = a.text.index(text)
    got = edit.resolve_opener(text, Span("x", start, len(a.text)), a, None, edit.people([a]), "")
    assert (got is not None) is resolvable


def test_deleted_connective_is_an_edit_and_the_next_word_is_capitalised() -> None:
    a = art("c", "The council of Velden met on Tuesday. However, the council approved the budget by nine votes.")
    text = "However, the council approved the budget by nine votes."
    start = a.text.index(text)
    edits = edit.resolve_opener(text, Span("c", start, len(a.text)), a, None, {}, "")
    assert edits is not None
    assert edit.apply(text, start, edits) == "The council approved the budget by nine votes."
    assert {e.reason for e in edits} == {"connective"}


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ('"We made them and we will do them."', True),
        ('"They are thugs. I know what they are."', True),
        ('"We will not ask anyone whether we are going to do it," said the Ostrian leader.', False),
        ('"The bridge will change the island," Holm said.', False),
        ('Mayor Holm denied the report and said she "was not going there to ask for money".', False),
        ('The Ostrian leader denied the report and said he "was not going there to ask for money".', False),
        ('"The bridge will change the island," she said.', True),  # a pronoun is not a named speaker
        ('"Nobody was hurt in the fire," a police spokesman said.', False),  # a speaker by role
    ],
)
def test_a_quotation_needs_its_speaker_named(text: str, bare: bool) -> None:
    assert edit.bare_quote(text) is bare


# ------------------------------------------------------------------------------- spun copies
SPUN = art(
    "spun",
    "VELDEN (Wire) – The 2 leaders met in Velden on Monday, as media advised the Ostrian chief was coming to "
    "safe one other mortgage.\n\n"
    "The Ostrian chief stated the funds had been nicely spent and thanked Kestavia for its financial help. "
    "Kestavia stays the principal commerce and financial associate of Ostria, officials stated. "
    "The talks followed the biggest protests in Ostrian historical past, which began final month.",
    flags=(QualityFlag("spun", "spinner substitutions", (), 9.0),),
)


def test_a_spun_copy_alone_is_shown_repaired_with_the_original_kept() -> None:
    brief = summarize_articles([SPUN], config=SummarizeConfig(words=120))
    assert brief.headline is not None
    shown = [brief.headline.text, *_shown(brief)]
    joined = " ".join(shown)
    for spun in ("historical past", "one other", "mortgage", "nicely spent", "final month", "The 2 leaders",
                 "commerce", "associate", " stated"):
        assert spun not in joined, spun
    assert "secure another loan" in brief.headline.text and brief.headline.repaired
    repaired = [s for s in brief.sentences if s.repaired]
    assert repaired
    for s in repaired:
        for e in s.edits:  # the original wording is kept as evidence, at its span
            assert SPUN.text[e.span.start : e.span.end] == e.original
        assert edit.apply(SPUN.text[s.source.start : s.source.end], s.source.start, s.edits) == s.text


def test_other_sources_wording_is_preferred_to_a_spun_copys() -> None:
    orig = art("orig", "Kestavian and Ostrian leaders met in Velden on Monday to discuss a new loan for Ostria.\n\n"
                       "Kestavia remains the main trade and economic partner of Ostria, officials said. "
                       "The Ostrian leader said the funds had been well spent and thanked Kestavia for its support.")
    brief = summarize_articles([SPUN, orig], config=SummarizeConfig(words=80))
    assert brief.headline is not None and brief.headline.source.doc_id == "orig"  # a headline is never spun
    for s in brief.sentences:
        if "partner" in s.text or "well spent" in s.text:
            assert s.source.doc_id == "orig"


# ------------------------------------------------------------------------------- headline
def test_headline_is_never_reporter_relative_and_a_single_article_gives_its_lede() -> None:
    host = art("h", "The television host just called to discuss his interview last night with the senator. "
                    "Senator Ann Roe announced on Tuesday that she would run for governor of the state next year. "
                    "Roe said her campaign would focus on schools and roads across the state.")
    brief = summarize_articles([host], config=SummarizeConfig(words=60))
    assert brief.headline is not None
    assert brief.headline.text.startswith("Senator Ann Roe announced")
    lede = art("l", "Firefighters in Velden put out a blaze at the old grain store on Sunday after six hours. "
                    "Nobody was hurt, the fire service said in a statement on Sunday evening. "
                    "The grain store, built in 1911, was due to be turned into flats by a local developer.")
    b2 = summarize_articles([lede], config=SummarizeConfig(words=60))
    assert b2.headline is not None and b2.headline.text.startswith("Firefighters in Velden put out a blaze")


# ------------------------------------------------------------------------------- order, budget
def test_reading_order_groups_each_source_and_puts_background_last() -> None:
    from newsdesk.summarize.features import candidates

    a = art("a", "The council approved the bridge on Tuesday by nine votes to two. Work will start in May. "
                 "The town has long been divided over a crossing to the island.")
    b = art("b", "Velden's council voted for the harbour bridge after a long debate. The vote followed months "
                 "of protests. \"This is a great day,\" Mayor Ingrid Holm said after the vote.")
    cands = candidates([a, b])
    order = reading_order(cands, list(range(len(cands))))
    docs = [cands[i].article_id for i in order]
    # the lead first; then no alternation a, b, a, b: each source's sentences run together per part
    assert order[0] == 0
    switches = sum(1 for x, y in zip(docs, docs[1:]) if x != y)
    assert switches <= 3
    assert "has long been" in cands[order[-1]].text  # background last


@pytest.mark.parametrize("words", [25, 40, 60, 90])
def test_word_budget_is_hard(words: int) -> None:
    texts = [
        "The council of Velden approved a new harbour bridge on Tuesday by nine votes to two after a debate.",
        "Mayor Ingrid Holm said the bridge would cut the trip to the island from forty minutes to ten minutes.",
        "Construction is due to begin in May and the bridge should open to traffic in the autumn of next year.",
        "The project will cost about 40 million euros, most of it paid by the regional government in Brenn.",
        "Opponents of the plan said the money would be better spent on the ferry service and the town's roads.",
    ]
    a = art("a", " ".join(texts))
    b = art("b", " ".join(reversed(texts)).replace("Tuesday", "Tuesday evening"))
    brief = summarize_articles([a, b], config=SummarizeConfig(words=words))
    assert 0 < brief.words <= words


# ------------------------------------------------------------------------------- quality filter
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Huntsman to skip Nevada debate in protest By Justin Sink - Tweet this story to friends now.", "byline"),
        ("We have sent a confirmation email to {* data_emailAddress *}.", "chrome"),
        ("Thank you for the order {{ customer_name }}, it ships from our store tomorrow.", "template"),
        ("In this May 20, 2017 file photo, the mayor waves to the crowd in the harbour square.", "caption"),
    ],
)
def test_chrome_bylines_templates_and_captions_never_reach_a_brief(text: str, reason: str) -> None:
    assert sentence_problem(text) == reason


# ------------------------------------------------------------------------------- outputs
def _result() -> Result:
    dated = art("d", "The council approved the bridge on Tuesday by nine votes to two after a long debate in Velden.",
                date="2026-05-05", date_source="metadata")
    est = dataclasses.replace(SPUN, date="2026-05-11", date_source="estimated", date_confidence=0.12,
                              date_evidence="between 2026-05-01 and 2026-05-30; confidence 0.12")
    ev1 = Event("ev-spun", ("spun",), ("spun",), date="2026-05-11", date_evidence="spun: estimated",
                date_estimated=True, date_confidence=0.12)
    ev2 = Event("ev-d", ("d",), ("d",), date="2026-05-05", date_evidence="d: metadata")
    b1 = summarize_event(ev1, {"spun": est}, config=SummarizeConfig(words=80))
    b2 = summarize_event(ev2, {"d": dated}, config=SummarizeConfig(words=80))
    # a brief sentence cited twice by one article (two spans): shown once per article
    s = b2.headline
    assert s is not None
    twice = dataclasses.replace(s, citations=(*s.citations, dataclasses.replace(s.citations[0], span=Span("d", 0, 3))))
    b2 = dataclasses.replace(b2, sentences=(twice,))
    return Result(articles=(est, dated), duplicate_groups=(), events=(ev1, ev2), briefs=(b1, b2))


def test_every_output_says_estimated_and_marks_repairs() -> None:
    result = _result()
    md = render(result, "markdown")
    assert "2026-05-11 (estimated, confidence 0.12)" in md
    assert "†" in md and "wording repaired" in md
    assert "Warning" in md and "spun" in md  # the event rests on a spun copy only
    html = render(result, "html")
    assert "(estimated, confidence 0.12)" in html and "wording repaired: spun source" in html
    assert "Warning:" in html
    item = re.search(r'<section class="event" id="e-ev-d">.*?</section>', html, re.S)
    assert item is not None
    li = re.search(r'<ul class="brief">(.*?)</ul>', item.group(0), re.S)
    assert li is not None and li.group(1).count(">[1]</a>") == 1  # no "[1][1]"
    data = json.loads(render(result, "json"))
    ev = next(e for e in data["events"] if e["id"] == "ev-spun")
    assert ev["date_estimated"] is True and ev["date_confidence"] == 0.12
    brief = next(b for b in data["briefs"] if b["event_id"] == "ev-spun")
    edits = [e for s in brief["sentences"] for e in s["edits"]]
    assert edits and all(e["reason"] in ("spun", "pronoun", "connective", "title", "speaker", "name") for e in edits)
    assert any(e["reason"] == "spun" and e["original"] for e in edits)


def test_a_quotation_continuing_an_attributed_one_gets_its_speaker() -> None:
    text = ('"We will not ask anyone whether we may hold the exercises," said the Ostrian leader. '
            '"We made them and we will do them."')
    a = art("q", text)
    start = text.index('"We made')
    got = edit.resolve_opener(text[start:], Span("q", start, len(text)), a, None, edit.people([a]), "")
    assert got is not None and [e.reason for e in got] == ["speaker"]
    assert edit.apply(text[start:], start, got) == '"We made them and we will do them," the Ostrian leader said.'
    assert got[0].evidence == Span("q", 0, start - 1)
    # no attributed quotation before it: it cannot be used
    lone = art("r", 'The council met on Tuesday in Velden. "We made them and we will do them."')
    s2 = lone.text.index('"We made')
    assert edit.resolve_opener(lone.text[s2:], Span("r", s2, len(lone.text)), lone, None, {}, "") is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"The ferry will run all winter," Mr. Aalto, 61, said in an interview.', "Mr. Aalto"),
        ('"We were told nothing," Tove Brand, who lives by the harbour, told reporters.', "Tove Brand"),
        ('"The ice is thinner than last year," the ferry operator says.', "the ferry operator"),
        ('"The ice is thinner than last year," said the 40-year-old skipper from Lunde.', "the 40-year-old skipper"),
        ('"Crossings are suspended until Monday," the weather service reports.', "the weather service"),
        ('"Salt levels rose by a third," according to the study.', "the study"),
        ('"The ice is thinner than last year," she says.', None),  # a pronoun is no speaker
        ('The ferry was renamed "The Pride of Lunde" in May.', None),  # no speech verb at all
    ],
)
def test_a_speaker_after_the_quotation_is_found_by_name_or_by_what_they_are(text: str, speaker: str | None) -> None:
    got = edit.named_speaker(text)
    assert (got is None) is (speaker is None)
    if speaker is not None:
        assert got is not None and got.startswith(speaker)


def test_a_quotation_continues_over_two_quotation_sentences_and_a_resolved_pronoun_speaker() -> None:
    text = ('Lars Aalto, 61, has run the Lunde ferry for thirty years. '
            '"The ice came early this year," he said. "We lost two weeks of crossings." "Nobody remembers that."')
    a = art("k", text)
    persons = edit.people([a])
    for quote in ('"We lost two weeks of crossings."', '"Nobody remembers that."'):
        start = text.index(quote)
        got = edit.resolve_opener(quote, Span("k", start, start + len(quote)), a, None, persons, "")
        assert got is not None and [e.reason for e in got] == ["speaker"], quote
        assert edit.apply(quote, start, got).endswith('" Lars Aalto said.')
        ev = got[0].evidence
        assert ev is not None and "he said" in text[ev.start:ev.end]
    # a quotation after a sentence that is no quotation is not someone's continuation
    b = art("m", 'Lars Aalto, 61, spoke on Monday. The ferry stopped. "Nobody remembers that."')
    s = b.text.index('"Nobody')
    assert edit.resolve_opener(b.text[s:], Span("m", s, len(b.text)), b, None, edit.people([b]), "") is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("In brief remarks before the start of their talks, they underscored the close ties.", "they"),
        ("On Monday, she said the bridge would open in May.", "she"),
        ("In September, Holm said the bridge would open in May.", None),
        ("After the vote, it was unclear whether the bridge would open.", None),  # expletive "it"
        ("When she arrived, Holm said the bridge would open in May.", None),  # the subject is named
    ],
)
def test_a_pronoun_subject_after_an_introductory_phrase_is_an_opener(text: str, word: str | None) -> None:
    got = edit.opener(text)
    assert (got[1] if got else None) == word
    if got is not None:
        assert text[got[2]:got[3]] == word


def test_a_sentence_that_leans_on_its_predecessor_is_taken_right_after_it() -> None:
    # "They" cannot be resolved: the sentence is usable only right after the one it follows
    a = art("p", "The councils of Velden and Lunde signed the harbour treaty on Friday after ten years of talks. "
                 "They agreed to share the cost of a new ferry between the two ports from next spring. "
                 "Fishing quotas were left for a later meeting in the autumn.")
    b = art("q", "The harbour treaty between Velden and Lunde was signed on Friday. "
                 "A new ferry will link the two ports from next spring, with the cost shared equally.")
    brief = summarize_articles([a, b], config=SummarizeConfig(words=80))
    shown = _shown(brief)
    lean = [i for i, s in enumerate(brief.sentences) if s.text.startswith("They agreed")]
    for i in lean:
        assert i > 0 and brief.sentences[i - 1].text.startswith("The councils of Velden and Lunde signed"), shown
    # select() with after(): the follower waits for its predecessor and comes with it
    from newsdesk.summarize.features import candidates
    from newsdesk.summarize.select import select

    cands = candidates([a])
    scores = np.array([0.5, 0.9, 0.1])
    S = np.eye(3)
    picked = select(cands, scores, S, words=200, shown=lambda i: None if i == 1 else cands[i].text,
                    after=lambda i: (0, cands[1].text) if i == 1 else None)
    assert picked[:2] == [0, 1]
    assert reading_order(cands, picked, {1: 0})[:2] == [0, 1]
    # without its predecessor it is never taken
    picked = select(cands, scores, S, words=200, shown=lambda i: None if i in (0, 1) else cands[i].text,
                    after=lambda i: (0, cands[1].text) if i == 1 else None)
    assert 1 not in picked


def test_spun_lost_title_and_double_substitution_are_repaired() -> None:
    text = "Ostria and Kestavia have a treaty providing for shut political, financial and navy ties."
    got = edit.apply(text, 0, edit.spun_repairs(text, 0, "s"))
    assert got == "Ostria and Kestavia have a treaty providing for close political, economic and military ties."


def test_a_person_introduced_with_who_is_a_referent() -> None:
    a = art("w", "Tove Brand, who runs the harbour café in Lunde, watched the ferry leave on Monday. "
                 "She said the ice had never come so early.")
    persons = edit.people([a])
    assert persons["Brand"].name == "Tove Brand"
    start = a.text.index("She said")
    got = edit.resolve_opener(a.text[start:], Span("w", start, len(a.text)), a, None, persons, "")
    assert got is not None and edit.apply(a.text[start:], start, got).startswith("Tove Brand said")


def _mt_copy(aid: str, text: str, variant: str, canonical: str) -> Article:
    at = text.index(variant)
    flag = QualityFlag("machine_translated", f'"{variant}" for {canonical}; calque "the scene lived"',
                       (Span(aid, at, at + len(variant)),), 2.0)
    return art(aid, text, flags=(flag,))


def test_a_machine_translated_copy_shows_native_spelling_or_gives_way_to_native_sources() -> None:
    mt = _mt_copy("mt", "Mayor Ingrid Hólm opened the harbour bridge of Velden on Friday, where she has received "
                        "renewed promises to support, economic and even cultural. The bridge cost 40 million crowns "
                        "and took six years to build.", "Ingrid Hólm", "Ingrid Holm")
    native = art("n", "Mayor Ingrid Holm opened the new harbour bridge of Velden on Friday after six years of work. "
                      "The mayor said the bridge would cut the crossing to the island from forty minutes to ten.")
    # with a native source, the sentence that shows the translation is not used
    brief = summarize_articles([mt, native], config=SummarizeConfig(words=120))
    assert brief.sentences and not any("Hólm" in s.text for s in brief.sentences)
    # an MT copy alone: the name respelled, recorded as an edit with the original kept
    alone = summarize_articles([mt], config=SummarizeConfig(words=120))
    names = [e for s in alone.sentences for e in s.edits if e.reason == "name"]
    assert names and names[0].original == "Ingrid Hólm" and names[0].replacement == "Ingrid Holm"
    assert mt.text[names[0].span.start:names[0].span.end] == "Ingrid Hólm"
    assert not any("Hólm" in s.text for s in alone.sentences)



def test_a_connective_before_a_dash_is_an_opener() -> None:
    for text in ("And-- you know, the council met again on Tuesday.", "But — as ever — the council met again."):
        got = edit.opener(text)
        assert got is not None and got[0] == "connective"
        assert text[got[3]:][:1].isalpha()  # the dash goes with the deleted connective


def test_seeds_briefs_have_no_unresolved_subject_pronoun_broken_title_or_shown_translation(seeds) -> None:
    from pathlib import Path

    from newsdesk.api import brief as run_brief

    result = run_brief([Path(seeds)])
    mt = {a.id for a in result.articles if any(f.kind == "machine_translated" for f in a.flags)}
    spun = {a.id for a in result.articles if any(f.kind == "spun" for f in a.flags)}
    for b in result.briefs:
        previous = None
        for s in b.sentences:
            o = edit.opener(s.text)
            # a leaning sentence only right after the source sentence it leans on
            assert o is None or (previous is not None and previous.doc_id == s.source.doc_id
                                 and previous.end < s.source.start), s.text
            assert "Russian Vladimir Putin" not in s.text
            assert not (s.source.doc_id in mt and ("Aleksándr" in s.text or "Poutine" in s.text)), s.text
            # a translation's sentence only where no native source states it (its "66 degree turn")
            natives = {c.article_id for c in s.citations} - mt - spun
            assert not (s.source.doc_id in mt and natives), s.text
            previous = s.source
        texts = [s.text for s in b.sentences]
        assert not any(t.startswith("In brief remarks") and " they underscored" in t for t in texts)


# ------------------------------------------------------------------------------- fragments, advice (third round)
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the only verbs sit in a subordinate clause: no main clause
        ("Every Velden ferry ticket, whether it was bought at the harbour office or was booked online.",
         "fragment: no main verb"),
        ("All the older boats, which were built in the yard at Brenn before the war.", "fragment: no main verb"),
        ("After the council had debated it for hours, a vote on the harbour bridge.", "fragment: no main verb"),
        # a main verb outside the clauses: kept
        ("The ferry company, which employs about 2,600 people, fell 9.4% on Tuesday in Brenn.", None),
        ("When the police arrived at the harbour, the two men fled on foot.", None),
        ("Police who arrested the man near the harbour said he was armed with a knife.", None),
        ("Alcohol increases estrogen, which is linked to a higher risk of several cancers.", None),
        # a clause missing its closing comma: the second verb group is the main verb
        ("Holm and Berg, who married in Velden in August have spent the summer at sea.", None),
    ],
)
def test_a_sentence_needs_a_verb_outside_its_subordinate_clauses(text: str, reason: str | None) -> None:
    assert sentence_problem(text, "en") == reason


@pytest.mark.parametrize(
    ("text", "reader"),
    [
        ("The ferry company says refunds will start in November, but with a thousand claims in, expect to wait.", True),
        ("Check the tickets every week and throw away any that have expired.", True),
        ("So buy your ferry pass now, while the winter price still holds.", True),
        ("If you own one of the old passes, the harbour office will swap it for free.", True),
        ("In the harbour, you can still see the old ferry moored by the quay.", True),
        ("Use a padded bag: the new passes crack when they are folded.", True),
        # quoted speech may address anyone; third-person news does not
        ('"If you own one of these passes, do not use it," the harbour master said on Tuesday.', False),
        ("Harbour staff told owners to stop using the old passes until they are replaced.", False),
        ("Head coach Ingrid Holm said the team would return to Velden on Sunday.", False),
        ("Use of the old ferry passes has fallen sharply since the spring.", False),
        ("They want to raise fares, cut costs and keep the old ferry running.", False),
    ],
)
def test_advice_to_the_reader_is_not_news(text: str, reader: bool) -> None:
    assert (sentence_problem(text, "en") == "addresses the reader") is reader


def test_a_pronoun_speaker_is_named_from_the_source_and_names_in_quotes_are_no_referents() -> None:
    a = art("p", "Some 3,000 dockworkers stayed away from the quays at Velden on Monday. "
                 "Anna Berg-Holm, chief executive of the Velden Port Authority, said the demand was out of reach. "
                 '"A rise of 12 per cent would send cargo straight to Brenn and Kallmar," she told the Gazette. '
                 "The authority's offer of 4.5 per cent remains on the table, she said.")
    persons = edit.people([a])
    assert "Berg-Holm" in persons and "Authority" not in persons
    for text, shown in [
        ("The authority's offer of 4.5 per cent remains on the table, she said.",
         "The authority's offer of 4.5 per cent remains on the table, Anna Berg-Holm said."),
        ('"A rise of 12 per cent would send cargo straight to Brenn and Kallmar," she told the Gazette.',
         '"A rise of 12 per cent would send cargo straight to Brenn and Kallmar," Anna Berg-Holm told the Gazette.'),
    ]:
        start = a.text.index(text)
        got = edit.resolve_opener(text, Span("p", start, start + len(text)), a, None, persons, "")
        assert got is not None and edit.apply(text, start, got) == shown
        e = got[-1]
        assert e.reason == "pronoun" and a.text[e.span.start : e.span.end] == "she"
        assert e.evidence is not None and a.text[e.evidence.start : e.evidence.end] == "Anna Berg-Holm"
    # nobody to name: the sentence cannot stand
    b = art("q", "The harbour was closed on Monday. The offer remains on the table, she said.")
    text = "The offer remains on the table, she said."
    start = b.text.index(text)
    assert edit.resolve_opener(text, Span("q", start, start + len(text)), b, None, edit.people([b]), "") is None


def test_a_brief_of_an_advice_piece_keeps_its_news_and_drops_fragments_and_advice() -> None:
    a = art("faq", "The Velden ferry company is recalling every winter pass it has sold, about 40,000 cards, after "
                   "hundreds of reports of cards failing at the gates. "
                   "Which passes are affected? Every winter pass, whether it was bought at the harbour or was "
                   "booked online. "
                   "The company says replacement cards will start arriving in November, but with tens of thousands "
                   "of passes out there, expect to wait. "
                   "If you travel every day, the refund may be the quicker route. "
                   "Harbour staff will check the old cards by hand until the new ones arrive, the company said.")
    brief = summarize_articles([a], config=SummarizeConfig(words=120))
    shown = " ".join(_shown(brief))
    assert "recalling every winter pass" in shown and "check the old cards by hand" in shown
    assert "whether it was bought" not in shown and "expect to wait" not in shown and "you travel" not in shown


# ------------------------------------------------------------------------------- one remark, two translations
def test_one_remark_in_two_wordings_is_told_once() -> None:
    from newsdesk.summarize.features import candidates
    from newsdesk.summarize.select import quote_words, same_remark, select

    a = art("a", 'The Kestavian president said at a joint news conference he was "confident that with your wisdom" '
                 'the reform would "lift the country\'s political life to a new level". '
                 "The two leaders also signed a gas agreement for ten years.")
    b = art("b", "“I have no doubt that, thanks to your political wisdom, the reform will be carried out at the "
                 "proper level,” Marek told Karlov in front of reporters. "
                 "The harbour of Velden reopened on Monday after a week of repairs to its quay.")
    cands = candidates([a, b])
    remark_a = next(i for i, c in enumerate(cands) if "confident" in c.text)
    remark_b = next(i for i, c in enumerate(cands) if "no doubt" in c.text)
    assert same_remark(quote_words(cands[remark_a].text), quote_words(cands[remark_b].text))
    # different remarks by the same speaker are not one
    assert not same_remark(quote_words('"We will build the road crossing at Tessin together, stone by stone," he said.'),
                           quote_words('"Our friendship is not measured in dollars," Karlov said.'))
    n = len(cands)
    S = np.eye(n)  # no two sentences alike by cosine: only the quoted words can tell
    scores = np.zeros(n)
    scores[remark_a], scores[remark_b] = 2.0, 1.9
    got = select(cands, scores, S, words=200)
    assert remark_a in got and remark_b not in got
    assert len(got) == n - 1  # everything else still taken


@pytest.mark.parametrize(
    ("text", "unbalanced"),
    [
        ('"The ferry service is a lifeline for the island,” said harbour master Ingrid Holm.', False),  # mixed marks
        ("“The ferry service is a lifeline for the island,” said harbour master Ingrid Holm.", False),
        ('"The ferry service is a lifeline for the island, said harbour master Ingrid Holm.', True),
        ("“The ferry service is a lifeline. “It must stay,” said harbour master Ingrid Holm.", True),
    ],
)
def test_a_quotation_opened_and_closed_in_different_marks_is_balanced(text: str, unbalanced: bool) -> None:
    assert (sentence_problem(text, "en") == "fragment: unbalanced quotes") is unbalanced


def test_an_editor_cuts_short_parentheticals_outside_quotations_with_an_edit() -> None:
    text = 'Rep. Ingrid Holm (D-Velden) said the ferry, which sails 15 miles (24km) to the island, "stays (for now)".'
    cuts = edit.parenthetical_cuts(text, 100, "h")
    assert [c.original for c in cuts] == [" (D-Velden)", " (24km)"] and {c.reason for c in cuts} == {"parenthetical"}
    assert all(text[c.span.start - 100 : c.span.end - 100] == c.original for c in cuts)
    assert edit.apply(text, 100, cuts) == 'Rep. Ingrid Holm said the ferry, which sails 15 miles to the island, "stays (for now)".'


@pytest.mark.parametrize(("text", "shown"), [
    ("Velden will grant a loan of $ 1.5 billion, up from € 900 million.",
     "Velden will grant a loan of $1.5 billion, up from €900 million."),
    ("The port earned £12 million and US$ 3 million.", "The port earned £12 million and US$3 million."),
    ("Prices rose by 5 $ a barrel; the $ sign stays.", "Prices rose by 5 $ a barrel; the $ sign stays."),
])
def test_an_editor_closes_up_a_currency_sign_and_its_amount(text: str, shown: str) -> None:
    fixes = edit.spacing_repairs(text, 40, "h")
    assert all(text[e.span.start - 40 : e.span.end - 40] == e.original and e.reason == "spacing" for e in fixes)
    assert edit.apply(text, 40, fixes) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ('The spokesman said Holm confirmed "her plan," while declining to give details....',
     'The spokesman said Holm confirmed "her plan," while declining to give details.'),
    ("The ferry will sail again on Monday, the operator said….", "The ferry will sail again on Monday, the operator said."),
    ('"We will see..." Holm said.', '"We will see..." Holm said.'),  # a speaker trailing off stays
])
def test_teaser_dots_after_a_complete_sentence_become_a_full_stop_with_an_edit(text: str, shown: str) -> None:
    cuts = edit.parenthetical_cuts(text, 0, "h")
    assert edit.apply(text, 0, cuts) == shown
    assert all(c.reason == "ellipsis" and text[c.span.start : c.span.end] == c.original for c in cuts)


@pytest.mark.parametrize(("text", "shown"), [
    ("Thousands marched in Velden yesterday.", "Thousands marched in Velden on Sunday."),
    ("Yesterday, police detained 200 people.", "On Sunday, police detained 200 people."),
    ("Holm said today that the bridge would open.", "Holm said on Monday that the bridge would open."),
    ("The ferry sails again tomorrow morning.", "The ferry sails again on Tuesday morning."),
    ("Crowds gathered last night in the square.", "Crowds gathered on Sunday night in the square."),
    ("Yesterday's vote was rigged, the opposition says.", "Sunday's vote was rigged, the opposition says."),
    ("Protests have continued since yesterday.", "Protests have continued since Sunday."),
    ("Today, only 300 ferrymen remain.", "Today, only 300 ferrymen remain."),  # "nowadays", not a day
    ('"We met yesterday," Holm said.', '"We met yesterday," Holm said.'),  # the speaker's words
    ("The harbour pilots of tomorrow train here.", "The harbour pilots of tomorrow train here."),
    ("The talks ended late yesterday, Sunday, in Velden.", "The talks ended late yesterday, Sunday, in Velden."),
])
def test_a_relative_day_is_named_from_the_articles_stated_date(text: str, shown: str) -> None:
    dated = art("h", text, date="2026-06-15", date_source="dateline")  # a Monday
    got = edit.relative_day_repairs(text, 0, "h", dated)
    assert edit.apply(text, 0, got) == shown
    assert all(e.reason == "day" and text[e.span.start : e.span.end] == e.original for e in got)
    # an estimated date is a guess: no weekday is shown as if it were known
    guessed = dataclasses.replace(dated, date_source="estimated", date_confidence=0.4)
    assert edit.relative_day_repairs(text, 0, "h", guessed) == []


def test_a_brief_names_the_day_of_yesterday_only_when_the_date_is_stated() -> None:
    body = ("VELDEN - Thousands of ferry workers marched through Velden yesterday to demand a new contract. "
            "The union said the harbour authority had offered a pay rise of 3 percent over two years.")
    dated = art("d", body, date="2026-06-15", date_source="dateline", title="Ferry workers march in Velden")
    brief = summarize_articles([dated], config=SummarizeConfig(words=60))
    shown = " ".join(_shown(brief)) + " " + (brief.headline.text if brief.headline else "")
    assert "yesterday" not in shown and "through Velden on Sunday" in shown
    days = [e for s in brief.sentences for e in s.edits if e.reason == "day"]
    assert days and all(e.original == "yesterday" and e.replacement == "on Sunday" for e in days)
    undated = dataclasses.replace(dated, date="2026-06-15", date_source="estimated", date_confidence=0.3)
    brief = summarize_articles([undated], config=SummarizeConfig(words=60))
    assert "through Velden yesterday" in " ".join(_shown(brief))


@pytest.mark.parametrize(("text", "name"), [
    ("Sen. Carla McBride told reporters the ferry bill would fail in committee.", "Carla McBride"),
    ("Gov. Ron DeWitt said the state would appeal the harbour ruling.", "Ron DeWitt"),
    ("Harbour master Liam O'Rourke said the channel had been dredged twice.", "Liam O'Rourke"),
    ("Nora MacLeod, 52, has led the rowing club since 2019.", "Nora MacLeod"),
])
def test_a_surname_with_a_capital_inside_is_one_name(text: str, name: str) -> None:
    """"McBride" is no "Bride": a resolved pronoun names the whole surname, and a title read as the
    speaker is completed by the name after it ("said Sen. Carla McBride", never "Sen.")."""
    body = text + " They said the vote would come on Tuesday.".replace("They", "She")
    a = art("m", body)
    persons = edit.people([a])
    assert persons.get(name.split()[-1]) and persons[name.split()[-1]].name == name, persons
    assert not {"Bride", "Witt", "Rourke", "Leod", "Sen", "Gov"} & set(persons)
    start = body.index(" She said") + 1
    got = edit.resolve_opener(body[start:], Span("m", start, len(body)), a, None, persons, "")
    assert got and got[0].replacement == name


def test_a_title_is_no_speaker_without_its_name() -> None:
    assert edit.named_speaker('"The bill will fail," said Sen. Carla McBride.') == "Sen. Carla McBride"
    assert edit.named_speaker('"He needs a lawyer," Ms. Orla O’Dwyer said of Mr. Halden.') == "Ms. Orla O’Dwyer"


def test_ingest_and_events_listings_mark_an_estimated_date(seeds, tmp_path, capsys) -> None:
    from newsdesk.cli import main

    db = str(tmp_path / "nd.db")
    assert main(["ingest", "--db", db, "-q", str(seeds)]) == 0
    ingest_out = capsys.readouterr().out
    assert main(["events", "--db", db]) == 0
    events_out = capsys.readouterr().out
    for out in (ingest_out, events_out):
        # the seeds' 2021 spun copy states no date: its event's date is estimated, and says so
        row = next(line for line in out.splitlines() if "another loan" in line)
        assert re.search(r"\b2021-\d\d-\d\d~ ", row), row
        dated = next(line for line in out.splitlines() if "Sochi on Monday" in line)
        assert "2020-09-14 " in dated and "~" not in dated
        assert "~ estimated from the articles' content" in out


def test_spun_wording_is_not_shown_as_another_way_an_entity_is_written() -> None:
    """The seeds' spun copy calls Lukashenko "the Belarusian chief": the entity keeps the surface in
    its data, but the "Who and where" line and the web page do not show it to a reader."""
    from newsdesk.model import Entity
    from newsdesk.render.facts import shown_surfaces

    e = Entity(id="e1", canonical="Alexander Lukashenko", type="person", mentions=(), articles=("a", "b"),
               surfaces=("Alexander Lukashenko", "Lukashenko", "the Belarusian chief", "The Belarusian chief",
                         "his Belarusian counterpart"))
    assert shown_surfaces(e) == ["Lukashenko", "his Belarusian counterpart"]


def test_a_country_beside_a_speech_verb_is_no_referent() -> None:
    """DUC 2007 (D0705): "She said her country would ..." came out as "Turkey said her country
    would ...": "Turkey said" had made Turkey a person, the first one named before the pronoun."""
    a = art("t", "Turkey said on Monday that it would keep talking to Brussels about a seat in Turkey's name. "
                 "It is the first time the EU mentioned Turkey's membership, Turkey's Foreign Minister "
                 "Tansu Ciller said at a news conference. "
                 "She said her country would make new efforts toward full membership. "
                 "The European Parliament said the talks would resume, the New York Times said.")
    persons = edit.people([a])
    assert "Turkey" not in persons and "Parliament" not in persons and "Times" not in persons
    assert persons["Ciller"].name == "Tansu Ciller"
    start = a.text.index("She said")
    text = a.text[start:a.text.index("membership.", start) + len("membership.")]
    got = edit.resolve_opener(text, Span("t", start, start + len(text)), a, None, persons, "")
    assert got is not None and got[0].replacement == "Tansu Ciller"
    # a one-word name is a person with a title or an age
    b = art("u", "President Kestrel opened the session. Lindqvist, 66, has led the party since 2001. "
                 "Paula explained how the clinic works. Microsoft said nothing. She works at Microsoft.")
    assert {"Kestrel", "Lindqvist", "Paula"} <= set(edit.people([b]))
    assert "Microsoft" not in edit.people([b])


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Added Lesh: "It is with gratitude that we reconvene the band one last time."', "Lesh"),
        ('"I have a feeling this will come out just right," offered Mickey Hart.', "Mickey Hart"),
        ('Police said Tuesday he lived in east London, adding that he was not a "subject of interest" to police.',
         "Police"),
        ('Page promises "lots of surprises" on the three reissues of the albums.', "Page"),
    ],
)
def test_more_ways_of_naming_a_speaker(text: str, speaker: str) -> None:
    assert edit.named_speaker(text) == speaker


def test_a_first_name_speaker_is_a_referent_for_a_pronoun_speaker() -> None:
    a = art("p", 'Jing Xu suggests that hunger spills over into other purchases. '
                 '"We would like to make consumers aware of it," she says.')
    persons = edit.people([a])
    assert persons["Xu"].name == "Jing Xu"
    start = a.text.index('"We would')
    text = a.text[start:]
    got = edit.resolve_opener(text, Span("p", start, len(a.text)), a, None, persons, "")
    assert got is not None and edit.apply(text, start, got).endswith("Jing Xu says.")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # a pronoun inside the sentence, about nobody the sentence names: named from the source
        ("Now in his legal firing line sits the Aryan Nations, a white supremacist group.",
         "Now in Morris Dees's legal firing line sits the Aryan Nations, a white supremacist group."),
        ("The official count gave him 71.4% of the vote.", "The official count gave Morris Dees 71.4% of the vote."),
        ("The court told her to pay the fine by May.", "The court told Morris Dees to pay the fine by May."),
        # named before it, or a known person after it: nothing to do
        ("The jury said Butler and his followers must pay.", None),
        ("In his speech, Dees said the verdict was a warning.", None),
        ("Police say the doctor returned fire with his own gun.", None),
    ],
)
def test_a_pronoun_inside_a_sentence_about_nobody_it_names_is_named(text: str, shown: str | None) -> None:
    a = art("d", "Morris Dees, co-founder of the law center, says the answer is not to censor. " + text)
    start = a.text.index(text)
    got = edit.resolve_opener(text, Span("d", start, len(a.text)), a, None, edit.people([a]), "")
    assert got is not None
    assert edit.apply(text, start, got) == (shown or text)
    # after its own predecessor in the source it needs no edit
    prev = Span("d", 0, start - 1)
    assert edit.resolve_opener(text, Span("d", start, len(a.text)), a, (prev, a.text[: start - 1]),
                               edit.people([a]), "") == []


def test_a_pronoun_inside_a_sentence_without_a_referent_makes_it_unfit() -> None:
    a = art("e", "The ballots were counted overnight in the capital. The official count gave him 71.4% of the vote.")
    text = "The official count gave him 71.4% of the vote."
    start = a.text.index(text)
    assert edit.resolve_opener(text, Span("e", start, len(a.text)), a, None, edit.people([a]), "") is None


def test_a_name_put_into_a_quotation_is_bracketed_and_never_its_speakers() -> None:
    a = art("q", "Coach Dana Magwood fell during practice on Tuesday. "
                 '"He actually jumped into a foam pit and broke two vertebrae," Eberhart said. '
                 '"He still has a lot of work to do," he said.')
    persons = edit.people([a])
    t1 = '"He actually jumped into a foam pit and broke two vertebrae," Eberhart said.'
    s1 = a.text.index(t1)
    got = edit.resolve_opener(t1, Span("q", s1, s1 + len(t1)), a, None, persons, "")
    assert got is not None and edit.apply(t1, s1, got).startswith('"[Dana Magwood] actually jumped')
    # "he ..., he said": the one spoken of is not the speaker
    t2 = '"He still has a lot of work to do," he said.'
    s2 = a.text.index(t2)
    assert edit.resolve_opener(t2, Span("q", s2, s2 + len(t2)), a, None, persons, "") is None


def test_a_pronoun_after_an_introduction_naming_someone_is_theirs() -> None:
    a = art("r", "Sen. Jo Robinson said the children were cold. "
                 "When police officer Mark Engravalle arrived, he noticed that the children were barefoot.")
    persons = edit.people([a])
    assert "Engravalle" in persons
    t = "When police officer Mark Engravalle arrived, he noticed that the children were barefoot."
    s = a.text.index(t)
    assert edit.resolve_opener(t, Span("r", s, s + len(t)), a, None, persons, "") == []


def test_a_quoted_title_is_no_quotation() -> None:
    assert not edit.has_quote('The court ruled that "The Oprah Winfrey" show did not defame cattle producers.')
    assert edit.has_quote('The court ruled that "the show did not defame" anyone.')


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # titles: a sentence about a film, a song or a book needs no speaker
        ('The harbour house from the series "Nights on Velden Pier" is for sale at 2 million euros.', False),
        ('"The Ballad of Brenn Harbour" topped the Ostrian chart for six weeks last spring.', False),
        ('Holm wrote about the bridge in her new book, "Ten Minutes to the Island: How Velden Voted."', False),
        # words talked about, not said
        ('The bill would change the words "in all our sons" to "in all of us" in the anthem.', False),
        ('The name of the island probably comes from a word which means "the field of the assembly."', False),
        ('Protesters carried a banner reading "no bridge without a vote" outside the town hall.', False),
        # somebody's words still are
        ('"We made them and we will do them."', True),
        ('The council said the bridge "will change the island for ever."', True),
        ('In other words, "the bridge will not be built before the vote is held."', True),
        ('Notes were found with the headings "Things we can do" and "When we can do it."', False),
        ('"The bridge is ready," Holm said.', True),
    ],
)
def test_a_title_or_words_talked_about_are_no_quotation(text: str, quote: bool) -> None:
    assert edit.has_quote(text) is quote


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a subject that opens the sentence puts the quoted words in its mouth with these verbs too
        ('Mayor Ingrid Holm called the ferry plan "a waste of the island\'s money and time."', "Mayor Ingrid Holm"),
        ('The Velden Gazette describes the bridge as "the longest span ever built in Ostria."', "The Velden Gazette"),
        ('"The span is safe," the ministry quoted the engineers\' report as saying.', "the ministry"),
        # a pronoun subject is still nobody
        ('He called the ferry plan "a waste of the island\'s money and time."', None),
    ],
)
def test_a_subject_that_calls_or_describes_is_the_quotations_speaker(text: str, speaker: str | None) -> None:
    assert edit.named_speaker(text) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "A supporter holds a sign during a rally for Mayor Holm, Thursday, Oct. 3, 2024, in Velden.",
        "A protester, left, argues with a police officer outside the town hall in Velden on Saturday.",
        "Screenplay, Anna Brenn, Tomas Holm, based on the novel by Ida Velden.",
        "[Video Link] The harbour choir sings the anthem on the new bridge.",
    ],
)
def test_agency_captions_credits_and_media_labels_are_captions(text: str) -> None:
    assert sentence_problem(text) == "caption"


def test_a_date_and_a_direction_in_news_are_no_caption() -> None:
    assert sentence_problem("The vote on the bridge will be held on Sunday, Nov. 6, when the polls open at eight.") is None
    assert sentence_problem("The ferry turned left, then right, and reached the island an hour late.") is None


def test_a_sentence_that_follows_suit_stands_only_after_its_own_predecessor() -> None:
    first = "The council of Velden voted for the new harbour bridge on Tuesday by nine votes to two."
    second = "Within weeks, the council of Brenn followed suit."
    a = art("s", f"{first} {second}")
    start = a.text.index(second)
    span = Span("s", start, start + len(second))
    assert edit.resolve_opener(second, span, a, None, {}, "") is None
    assert edit.resolve_opener(second, span, a, (Span("s", 0, len(first)), first), {}, "") == []
    other = "The council of Brenn voted on the same day as Velden, by six votes to five."
    b = art("t", other)
    assert edit.resolve_opener(other, Span("t", 0, len(other)), b, None, {}, "") == []


@pytest.mark.parametrize(
    ("text", "unfit"),
    [
        ("To celebrate the anniversary of the bridge, we've collected the best photographs of Velden.", True),
        ("I think of that a lot when the ferry leaves the harbour of Velden in the morning.", True),
        ("The ten bridges on our list of the longest in Ostria were built for 900 million euros.", True),
        ('"We will not go back to the ferry," Mayor Holm said on Tuesday in Velden.', False),
        ('"We will not go back to the ferry. Never again, not in my time.', False),
        ("The US and Ostria signed the bridge treaty in Velden on Tuesday after two years of talks.", False),
        ("Holm's grandfather fought in World War I and later ran the ferry to the island.", False),
    ],
)
def test_a_sentence_in_the_first_person_outside_quotation_marks_is_unfit(text: str, unfit: bool) -> None:
    assert (sentence_problem(text) == "first person") is unfit


def test_the_dash_left_of_a_wire_dateline_and_british_quotations() -> None:
    from newsdesk.summarize.select import strip_dateline

    assert strip_dateline("-- A fourth bridge could be approved within a year.") == "A fourth bridge could be approved within a year."
    assert strip_dateline("— A fourth bridge could be approved.") == "A fourth bridge could be approved."
    assert strip_dateline("A fourth bridge -- the longest -- could be approved.") == "A fourth bridge -- the longest -- could be approved."
    assert edit.has_quote("‘Although the bridge is safe, we do not recommend crossing it in a storm.")
    assert edit.bare_quote("‘Although the bridge is safe, we do not recommend crossing it in a storm.")


def test_a_headline_with_a_pronoun_about_nobody_it_names_is_refused() -> None:
    from newsdesk.summarize import headline_problem
    from newsdesk.summarize.edit import Person

    holm = {"Holm": Person("Ingrid Holm", "Holm", Span("a", 0, 11))}
    lost = "Hard to believe it now, but forty years ago a night just like this one changed his life."
    assert headline_problem(lost, "en", holm) == "leans on the sentence before"
    assert headline_problem("Holm said her bridge would open to traffic in May next year.", "en", holm) is None
    assert headline_problem("A man who swam off Velden beach with his son has been rescued, police say.", "en", holm) is None


def test_a_bracketed_photo_credit_inside_a_sentence_is_a_caption() -> None:
    text = "Police have used water cannon on protesters [Reuters] The Ostrian leader appeared on television."
    assert sentence_problem(text) == "caption"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The two had been dating for 18 months, Holm said.", "the two"),
        ("Both men denied taking money from the ferry company.", "both men"),
        ("This time, however, they have been silent about the bridge.", "they"),
        ("That day, he signed the bridge treaty in Velden.", "he"),
        ("On Monday, though, she said the ferry would stay.", "she"),
        ("This week the council of Velden voted for the bridge.", None),
        ("The two-day summit in Velden ended on Tuesday.", None),
        ("The two leaders met in Velden on Tuesday.", None),
        ("The two mayors signed the bridge treaty.", None),
        ("The couple married in Velden in 2010.", "the couple"),
        ("Both Velden and Brenn voted for the bridge on Tuesday.", None),
    ],
)
def test_a_group_counted_or_a_subject_after_a_time_phrase_leans_on_the_sentence_before(text: str, word: str | None) -> None:
    o = edit.opener(text)
    assert (o[1] if o else None) == word


def test_a_spoken_well_is_deleted_and_a_headline_with_a_connective_after_its_subject_is_refused() -> None:
    from newsdesk.summarize import headline_problem

    text = "Well, the ferry operators have a convenient answer for the council of Velden."
    a = art("w", text)
    edits = edit.resolve_opener(text, Span("w", 0, len(text)), a, None, {}, "")
    assert edits is not None and edit.apply(text, 0, edits).startswith("The ferry operators have")
    assert edit.opener("Well before the vote, the ferry operators met the council.") is None
    assert headline_problem("Holm, however, said the ferry would stay in service until May.", "en") is not None
    assert headline_problem("Holm said the ferry would stay in service until May, however long it took.", "en") is None


def test_transcript_turns_and_newsletter_labels_are_not_brief_sentences() -> None:
    from newsdesk.summarize.features import candidates

    assert sentence_problem("INGRID HOLM: The bridge will open in May, and the ferry will stay.") == "label"
    assert sentence_problem("TECH BLINK: The ferry company's app was down for two hours.") == "label"
    assert sentence_problem("UPDATE: The ferry company's app was down for two hours on Monday.") is None
    lines = [
        "The mayor of Velden gave an interview to the island radio on Monday.",
        "PER LUND: Thanks for joining us in the studio this morning.",
        "INGRID HOLM: Well, I think the bridge will open in May. The council of Velden found the money last year.",
        "Nobody in the town believed it at first, but we have the money now.",
        "PER LUND: 4,000 questions have come in from listeners.",
        "INGRID HOLM: That is a lot of questions about one bridge.",
    ]
    a = art("t", "\n\n".join(lines))
    problems = [c.problem for c in candidates([a])]
    assert problems[0] is None
    assert all(p in ("label", "transcript", "first person") for p in problems[1:])
    assert "transcript" in problems
    # distinct section heads of a newsletter are no transcript: only the labelled lines go
    heads = ["COUNCIL DESK: The council of Velden votes on Tuesday on the bridge plan.",
             "The vote is expected to pass by a wide margin, officials in Velden said.",
             "FERRY NEWS: The ferry company will keep one boat in service until May.",
             "The company said its crews would be offered jobs on the new bridge.",
             "HARBOUR LIGHTS: The old lighthouse will be repaired by the council next year."]
    problems = [c.problem for c in candidates([art("n", "\n\n".join(heads))])]
    assert problems == ["label", None, "label", None, "label"]


def test_a_person_pointed_at_not_named_stands_only_after_its_own_predecessor() -> None:
    first = "Judge Ada Lind sentenced the ferry captain Per Holm to one night in the Velden jail."
    second = "When the cell door closed behind that ferry captain, the judge stayed in the cell with him."
    a = art("p", f"{first} {second}")
    start = a.text.index(second)
    span = Span("p", start, start + len(second))
    assert edit.resolve_opener(second, span, a, None, {}, "") is None
    assert edit.resolve_opener(second, span, a, (Span("p", 0, len(first)), first), {}, "") == []
    for fine in ("Police said that police officers were hurt in the crash near Velden.",
                 "At that time the ferry to the island of Velden was always full."):
        b = art("q", fine)
        assert edit.resolve_opener(fine, Span("q", 0, len(fine)), b, None, {}, "") == []
