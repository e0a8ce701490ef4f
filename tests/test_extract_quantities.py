"""Quantities and money: values, units, currencies, qualifiers, spans, conversions; number words."""

from __future__ import annotations

import pytest

from newsdesk.extract.numbers import parse_number
from newsdesk.extract.quantities import conversions, display, find_quantities


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("one and a half", 1.5),
        ("two point five", 2.5),
        ("twenty-one", 21.0),
        ("four hundred and fifty", 450.0),
        ("1,500", 1500.0),
        ("100,000", 100000.0),
        ("1.26", 1.26),
        ("2,4", 2.4),  # decimal comma of a translated copy
        ("two-and-a-half", 2.5),
        ("banana", None),
    ],
)
def test_parse_number(words: str, value: float | None) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("text", "span", "kind", "value", "unit", "qualifier"),
    [
        ("promised credit of 1.5 billion dollars to", "1.5 billion dollars", "money", 1.5e9, "USD", None),
        ("the mortgage of $ 1.5 billion for its", "$ 1.5 billion", "money", 1.5e9, "USD", None),
        ("promised €1.26bn loan as", "€1.26bn", "money", 1.26e9, "EUR", None),
        ("a credit of EUR 1.26bn was", "EUR 1.26bn", "money", 1.26e9, "EUR", None),
        ("approved a loan of two and a half billion dollars last year", "two and a half billion dollars", "money",
         2.5e9, "USD", None),
        ("a loan of 2,4 billions of dollars to", "2,4 billions of dollars", "money", 2.4e9, "USD", None),
        ("another loan, over $ 3 billion, might", "over $ 3 billion", "money", 3e9, "USD", "more than"),
        ("won with over 80% of the ballots", "over 80%", "percent", 80.0, "percent", "more than"),
        ("an increase of 12 per cent would", "12 per cent", "percent", 12.0, "percent", None),
        ("talks that lasted around four hours.", "around four hours", "duration", 4.0, "hour", "around"),
        ("The meeting lasted almost four hours, the", "almost four hours", "duration", 4.0, "hour", "almost"),
        ("a tête-à-tête of more than four hours, he", "more than four hours", "duration", 4.0, "hour",
         "more than"),
        ("this initial twenty-minute conversation", "twenty-minute", "duration", 20.0, "minute", None),
        ("each drawing tens of thousands in Ostrov", "tens of thousands", "count", 10000.0, "people",
         "tens of thousands"),
        ("At least 100,000 protesters marched", "At least 100,000 protesters", "count", 100000.0, "people",
         "at least"),
        ("Not less than 50,000 individuals marched", "Not less than 50,000 individuals", "count", 50000.0, "people",
         "at least"),
        ("several tens of thousands of protesters marched", "several tens of thousands of protesters", "count",
         30000.0, "people", "several tens of thousands"),
    ],
)
def test_quantity(text: str, span: str, kind: str, value: float, unit: str, qualifier: str | None) -> None:
    (q,) = find_quantities(text, "doc")
    assert text[q.span.start : q.span.end] == q.text == span
    assert (q.kind, q.value, q.unit, q.qualifier) == (kind, pytest.approx(value), unit, qualifier)
    assert q.currency == (unit if kind == "money" else None)


@pytest.mark.parametrize(
    "text",
    [
        "Boukharine, 58 Years, including 17 in power",  # an age, not a duration
        "a 61-year-old man",
        "a second loan was discussed",  # an ordinal
        "the 2 leaders met",  # a small count without a counted noun
        "it took a day",  # "a day" is a unit, not a reported amount
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert [q for q in find_quantities(text, "doc") if q.kind in ("duration", "count")] == []


def test_conversion_links_one_figure_in_two_currencies() -> None:
    text = "Minsk would get a loan of 2 billion dollars (1.7 billion euros) from its neighbour."
    qs = find_quantities(text, "d")
    (link,) = conversions(text, qs)
    assert link.kind == "conversion"
    assert [q.currency for q in qs] == ["USD", "EUR"]
    assert link.quantities == (qs[0].id, qs[1].id)
    assert "2 billion dollars (1.7 billion euros)" in link.evidence


def test_no_conversion_between_separate_amounts() -> None:
    text = "A loan of $2bn was agreed. Separately, €40 million was set aside for roads."
    assert conversions(text, find_quantities(text, "d")) == ()


def test_context_and_display() -> None:
    text = "The Kremlin said it will grant the mortgage of $ 1.5 billion for Minsk."
    (q,) = find_quantities(text, "d")
    assert "loan" in q.context.split()  # the spinner's "mortgage" is read as "loan"
    assert display(q) == "USD 1.5 billion"


def test_anchor_starts_equal_the_anchor_regex(samples) -> None:  # type: ignore[no-untyped-def]
    """The fast anchor scan finds exactly the starts ``_ANCHOR.finditer`` finds."""
    from newsdesk.extract.quantities import _ANCHOR, anchor_starts
    from newsdesk.ingest import read_any

    texts = [a.raw for a in read_any([samples]).articles]
    texts.append("US$5 and us$ 6, USD 7, a hundred, an hour, 1.5,3 and 5a, tens of thousands; A few, several, ſix")
    assert len(texts) >= 10
    for text in texts:
        assert anchor_starts(text) == [m.start() for m in _ANCHOR.finditer(text)]
