"""Source quality flags: spun, machine_translated, copy, chrome_share, off_topic (each with evidence)."""

from __future__ import annotations

import dataclasses

import pytest

from newsdesk.config import FactsConfig
from newsdesk.consolidate.common import source_weight
from newsdesk.consolidate.flags import (
    chrome_flag,
    copy_flag,
    flag_event_articles,
    off_topic_flags,
    spun_flag,
    translated_flag,
)
from newsdesk.extract.entities import ner_mentions, resolve_entities
from newsdesk.model import Article, DuplicateGroup, Origin, Paragraph

from test_extract_dates import load

NAMES = ["a1_wire.txt", "a2_courier.txt", "a3_translated.txt", "a4_spun.txt"]


@pytest.fixture(scope="module")
def arts() -> dict[str, Article]:
    return {a.id: a for a in (load(n) for n in NAMES)}


def _spans_ok(a: Article, flag) -> None:  # type: ignore[no-untyped-def]
    for sp in flag.spans:
        assert sp.doc_id == a.id and 0 <= sp.start < sp.end <= len(a.text)


def test_spun_copy_is_flagged_with_its_substitutions(arts: dict[str, Article]) -> None:
    a = arts["a4_spun"]
    f = spun_flag(a)
    assert f is not None and f.kind == "spun"
    for phrase in ('"state mortgage" (for loan)', '"The 2 presidents"', '"with out"', '"firstly of the"'):
        assert phrase in f.evidence
    _spans_ok(a, f)
    assert "historical past" in {a.text[s.start : s.end] for s in f.spans}


@pytest.mark.parametrize("aid", ["a1_wire", "a2_courier", "a3_translated"])
def test_edited_and_translated_articles_are_not_spun(arts: dict[str, Article], aid: str) -> None:
    assert spun_flag(arts[aid]) is None


def test_one_odd_phrase_is_not_enough() -> None:
    text = "The minister stated that the historical past of the region matters. " * 3
    assert spun_flag(Article(id="x", origin=Origin("x", "text"), raw=text, text=text)) is None


def test_machine_translation_from_names_credit_and_typography(arts: dict[str, Article]) -> None:
    event = list(arts.values())
    ents = resolve_entities(event, ner_mentions(event[:3]), event_id="ev")
    a = arts["a3_translated"]
    f = translated_flag(a, ents)
    assert f is not None and f.kind == "machine_translated"
    assert '"Oleg Boukharine" for Oleg Bukharin' in f.evidence
    assert '"Serguei Volkov" for Sergei Volkov' in f.evidence
    assert 'agency credit "France Media Agency"' in f.evidence
    _spans_ok(a, f)
    for aid in ("a1_wire", "a2_courier", "a4_spun"):
        assert translated_flag(arts[aid], ents) is None


def test_copy_flag_names_the_representative(arts: dict[str, Article]) -> None:
    g = DuplicateGroup("g1", "a1_wire", ("a1_wire", "a4_spun"), "near", (1.0, 0.91))
    f = copy_flag(arts["a4_spun"], [g])
    assert f is not None and f.evidence == "near copy of a1_wire, similarity 0.91"
    assert copy_flag(arts["a1_wire"], [g]) is None


def test_chrome_share() -> None:
    paras = (Paragraph("Body text " * 10, True, None, 0, 99), Paragraph("Share this " * 30, False, "share buttons"),
             Paragraph("Related: other news " * 10, False, "related links"))
    a = Article(id="c", origin=Origin("c", "text"), raw="", text="Body text " * 10, paragraphs=paras)
    f = chrome_flag(a, 0.5)
    assert f is not None and f.score > 0.5
    assert "related links" in f.evidence and "share buttons" in f.evidence
    assert chrome_flag(a, 0.95) is None


def test_off_topic_source_in_an_event(arts: dict[str, Article]) -> None:
    garden = "Tulip bulbs need a cold winter; plant them in autumn in well drained soil and water them sparingly."
    odd = Article(id="garden", origin=Origin("g", "text"), raw=garden, text=garden * 3)
    event = [arts["a1_wire"], arts["a2_courier"], arts["a3_translated"], odd]
    flags = off_topic_flags(event, [a.id for a in event], FactsConfig().off_topic)
    assert set(flags) == {"garden"}
    assert flags["garden"].kind == "off_topic"
    # two sources cannot tell which one is odd
    assert off_topic_flags(event[:1] + [odd], ["a1_wire", "garden"], 0.05) == {}


def test_flags_lower_weight_but_never_hide(arts: dict[str, Article]) -> None:
    g = DuplicateGroup("g1", "a1_wire", ("a1_wire", "a4_spun"), "near", (1.0, 0.91))
    event = list(arts.values())
    ents = resolve_entities(event, ner_mentions(event[:3]), event_id="ev")
    flags = flag_event_articles(event, sources=["a1_wire", "a2_courier", "a3_translated"], entities=ents,
                                duplicate_groups=[g], config=FactsConfig())
    assert {f.kind for f in flags["a4_spun"]} == {"spun", "copy"}
    assert {f.kind for f in flags["a3_translated"]} == {"machine_translated"}
    assert "a1_wire" not in flags and "a2_courier" not in flags
    assert source_weight(flags["a4_spun"]) < source_weight(flags["a3_translated"]) < 1.0
    flagged = dataclasses.replace(arts["a4_spun"], flags=flags["a4_spun"])
    assert flagged.text == arts["a4_spun"].text  # nothing is removed


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\bhistorical past\b", ("historical past",)),
        (r"\b(?:a|the|state) mortgage\b|\bmortgage of\b", (" mortgage", "mortgage of")),
        (r"\bmedia (?:advised|suggested)\b", ("advised", "suggested")),
        (r"(?<!the )\bfinal (?:week|month)\b", ("final ",)),  # the lookbehind's "the " is not required
        (r"\b[a-z]+ly\b", ("ly",)),
        (r"\b[a-z]+\b", ()),  # no literal at all: the pattern always runs
    ],
)
def test_required_literals(pattern: str, needs: tuple[str, ...]) -> None:
    from newsdesk.extract.lexicon import required_literals

    assert required_literals(pattern) == needs


def test_spinner_prefilter_changes_no_flag(arts: dict[str, Article], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every spinner pattern's required literal is in each of its matches; flags are unchanged without it."""
    import re

    import newsdesk.consolidate.flags as flags_mod
    from newsdesk.extract.lexicon import SPINNER, SPINNER_NEEDS

    for (pat, _, _), needs in zip(SPINNER, SPINNER_NEEDS, strict=True):
        for text in (a.text.lower() for a in arts.values()):
            for m in re.finditer(pat, text):
                assert not needs or any(lit in m.group() for lit in needs), (pat, m.group())
    with_filter = {k: spun_flag(a) for k, a in arts.items()}
    monkeypatch.setattr(flags_mod, "SPINNER_NEEDS", tuple(() for _ in SPINNER))
    flags_mod._spun_flag.cache_clear()  # results are memoised per text
    assert {k: spun_flag(a) for k, a in arts.items()} == with_filter
    flags_mod._spun_flag.cache_clear()
    assert with_filter["a4_spun"] is not None
