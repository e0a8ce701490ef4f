"""Quotes and their speakers; attribution of statements."""

from __future__ import annotations

import pytest

from newsdesk.extract.entities import ner_mentions, resolve_entities
from newsdesk.extract.quotes import attribution, find_quotes, quote_spans
from newsdesk.model import Article, Entity, Origin

from test_extract_dates import load

EVENT = ["a1_wire.txt", "a2_courier.txt", "a3_translated.txt", "a4_spun.txt"]


def _art(text: str) -> Article:
    return Article(id="t", origin=Origin("t", "text"), raw=text, text=text)


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("Putin called it “logical, timely, appropriate”.", ["logical, timely, appropriate"]),
        ("« Drevnians must decide », has declared Volkov.", ["Drevnians must decide"]),
        ("“ all Belarusians ”for their help", ["all Belarusians"]),
        ('An unclosed "quote here.\n\nNext paragraph.', []),
    ],
)
def test_quote_spans(text: str, inside: list[str]) -> None:
    assert [text[s:e] for s, e in quote_spans(text)] == inside


@pytest.fixture(scope="module")
def event() -> tuple[list[Article], tuple[Entity, ...]]:
    arts = [load(n) for n in EVENT]
    return arts, resolve_entities(arts, ner_mentions(arts[:3]), event_id="ev")


def _quotes(event: tuple[list[Article], tuple[Entity, ...]], aid: str):  # type: ignore[no-untyped-def]
    arts, ents = event
    art = next(a for a in arts if a.id == aid)
    qs = find_quotes(art, ents)
    for q in qs:
        assert art.text[q.span.start : q.span.end] == q.text
        if q.speaker_span:
            assert art.text[q.speaker_span.start : q.speaker_span.end] == q.speaker
    return {q.text: q for q in qs}


@pytest.mark.parametrize(
    ("aid", "quote", "speaker", "canonical"),
    [
        # '"...," Volkov said'
        ("a1_wire", "Drevnians must settle their quarrels themselves, without pressure from abroad", "Volkov",
         "Sergei Volkov"),
        # 'X said the loan would "..."'
        ("a1_wire", "keep our schools and hospitals open this winter", "Bukharin", "Oleg Bukharin"),
        # 'spokeswoman Anna Lind later told reporters the talks had been "..."'
        ("a1_wire", "warm and practical", None, "Anna Lind"),
        # '"...," the Drevnian leader told reporters': a role noun resolved to the person
        ("a2_courier", "We will not forget who stood with us", "the Drevnian leader", "Oleg Bukharin"),
        # French quote marks and "has declared X" after the quote, a foreign spelling
        ("a3_translated", "Drevnians must regulate their quarrels between themselves", "Serguei Volkov",
         "Sergei Volkov"),
    ],
)
def test_speakers(event, aid: str, quote: str, speaker: str | None, canonical: str) -> None:  # type: ignore[no-untyped-def]
    q = _quotes(event, aid)[quote]
    if speaker is not None:
        assert q.speaker == speaker
    assert q.canonical == canonical


def test_pronoun_speaker_resolves_to_the_subject_before() -> None:
    text = ("For his part, Lukashenko met the premier Mikhail Mishustin, and he praised the country. "
            "“I want to thank you and the people of Russia,” he praised.")
    art = _art(text)
    ents = resolve_entities([art], ner_mentions([art]), event_id="e")
    (q,) = find_quotes(art, ents)
    assert q.speaker == "he"
    assert q.canonical == "Lukashenko"


def test_short_scare_quotes_without_speaker_are_dropped() -> None:
    assert find_quotes(_art('Moscow remains the "elder brother" of the union.'), ()) == ()


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("The meeting ran long, the Kremlin spokesman Dmitry Peskov told reporters, calling it useful.",
         "the Kremlin spokesman Dmitry Peskov"),
        ("About 300 people were detained, according to the AFP news agency.", "the AFP news agency"),
        ("The opposition movement claims that the mayor rigged the May vote", "the opposition movement"),
        ("a result the opposition says was rigged.", "the opposition"),
        ("The opposition says the March election was rigged.", "the opposition"),
        ("The talks lasted four hours.", None),
    ],
)
def test_attribution(text: str, who: str | None) -> None:
    got = attribution(_art(text), 0, len(text))
    assert (got[0] if got else None) == who


def _many_quotes(n: int) -> tuple[Article, list[Entity], list[str]]:
    """``n`` quoted sentences, each said by one of 200 people named just before: ~120 bytes a quote."""
    from newsdesk.model import EntityMention, Span

    names = [f"Anna Berg{chr(97 + k % 26)}{chr(97 + k // 26)}" for k in range(200)]
    parts, where, pos, who = [], {}, 0, []
    for i in range(n):
        nm = names[i % len(names)]
        s = f'{nm} spoke at the hall on day {i}. "We will keep the line open and the costs low," {nm} said. '
        where.setdefault(nm, []).extend([pos, pos + s.index(f'" {nm} said') + 2])
        parts.append(s)
        pos += len(s)
        who.append(nm)
    text = "".join(parts)
    ents = [Entity(f"e{j}", nm, "person", tuple(EntityMention(nm, Span("t", p, p + len(nm))) for p in where[nm]),
                   (nm,), ("t",)) for j, nm in enumerate(names) if nm in where]
    return _art(text), ents, who


def test_quotes_of_a_long_page_are_found_with_their_speakers() -> None:
    """Issue 15: 190 KB of quotes took ~100 s (every quote rescanned the sentences, the mentions and the
    text up to the next paragraph break). Now bisection over sorted sentences and mentions: this runs in
    about a second (benchmarks/facts.py prints the timing); here every speaker must be right."""
    art, ents, who = _many_quotes(1800)
    assert len(art.text) > 190_000
    quotes = find_quotes(art, ents)
    assert len(quotes) == 1800
    assert [q.canonical for q in quotes] == who


def test_attribution_reuses_the_article_context() -> None:
    art, ents, _ = _many_quotes(20)
    s = art.text.index("We will keep")
    e = art.text.index(". ", s) + 1
    first = attribution(art, s - 1, e + 40, ents)
    assert first is not None and first[1] == "Anna Bergaa"
