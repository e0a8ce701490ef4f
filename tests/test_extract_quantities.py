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
    texts.append("S$500, HK$ 3, AUS$325m, A$1, NZ$2, C$4, RM1.5 billion, rm 5, Rm3, CS$9, a S$ note")
    assert len(texts) >= 10
    for text in texts:
        assert anchor_starts(text) == [m.start() for m in _ANCHOR.finditer(text)]


# --- other languages (issue 13): the article's language decides separators, scales, currencies ---


@pytest.mark.parametrize(
    ("language", "text", "span", "kind", "value", "unit", "qualifier"),
    [
        ("fr", "un prêt de 1,5 milliard de dollars au Bélarus", "1,5 milliard de dollars", "money", 1.5e9, "USD", None),
        ("fr", "un contrat de 2,4 milliards d'euros signé", "2,4 milliards d'euros", "money", 2.4e9, "EUR", None),
        ("fr", "un milliard et demi de dollars", "un milliard et demi de dollars", "money", 1.5e9, "USD", None),
        ("fr", "emploieraient environ 3 000 ouvriers.", "environ 3 000 ouvriers", "count", 3000, "people", "around"),
        ("fr", "par plus de 80 % des voix", "plus de 80 %", "percent", 80, "percent", "more than"),
        ("de", "einen Kredit über 1,5 Milliarden Dollar zu", "1,5 Milliarden Dollar", "money", 1.5e9, "USD", None),
        ("de", "Es kamen über 100 Menschen", "über 100 Menschen", "count", 100, "people", "more than"),
        ("de", "ein Vertrag über 2,4 Mrd. Euro", "2,4 Mrd. Euro", "money", 2.4e9, "EUR", None),
        ("de", "rund 3000 Arbeiter beschäftigen", "rund 3000 Arbeiter", "count", 3000, "people", "around"),
        ("de", "Mehrere hundert Fischer versammelten sich", "Mehrere hundert Fischer", "count", 300, "people",
         "several"),  # as the English "several hundred"
        ("de", "anderthalb Milliarden Euro", "anderthalb Milliarden Euro", "money", 1.5e9, "EUR", None),
        ("es", "un préstamo de 1.500 millones de dólares a Minsk", "1.500 millones de dólares", "money", 1.5e9,
         "USD", None),
        ("es", "unos 3.000 trabajadores", "unos 3.000 trabajadores", "count", 3000, "people", "around"),
        ("es", "mil millones de euros", "mil millones de euros", "money", 1e9, "EUR", None),
        ("es", "un alza del 12,5 por ciento", "12,5 por ciento", "percent", 12.5, "percent", None),
        ("ru", "кредит в 1,5 млрд долларов Белоруссии", "1,5 млрд долларов", "money", 1.5e9, "USD", None),
        ("ru", "около 3000 рабочих", "около 3000 рабочих", "count", 3000, "people", "around"),
        ("ru", "2,4 миллиарда евро", "2,4 миллиарда евро", "money", 2.4e9, "EUR", None),
        ("zh", "向白俄罗斯提供15亿美元贷款", "15亿美元", "money", 1.5e9, "USD", None),
        ("zh", "财产高达4億6000萬美元", "高达4億6000萬美元", "money", 4.6e8, "USD", "up to"),
        ("zh", "约3万4000名员工受惠", "约3万4000名员工", "count", 34000, "people", "around"),
        ("zh", "百分之八十七的选民", "百分之八十七", "percent", 87, "percent", None),
        ("zh", "赚取200新元的广告", "200新元", "money", 200, "SGD", None),
        ("zh", "有数百名乌克兰士兵丧生", "数百名", "count", 300, "people", "several"),  # as "several hundred"
        ("zh", "洪水造成1200多人死亡", "1200多人", "count", 1200, "people", "more than"),
        ("id", "aliran masuk AS$83.5 bilion", "AS$83.5 bilion", "money", 83.5e9, "USD", None),  # Malay read as id
        ("ms", "pinjaman RM1.5 bilion kepada", "RM1.5 bilion", "money", 1.5e9, "MYR", None),
        ("ms", "ganjaran AS$35 juta", "AS$35 juta", "money", 3.5e7, "USD", None),
        ("id", "dana Rp 2,3 triliun untuk", "Rp 2,3 triliun", "money", 2.3e12, "IDR", None),
        ("id", "sekitar 40 persen warga", "sekitar 40 persen", "percent", 40, "percent", "around"),
        ("id", "denda S$100,000 kepada", "S$100,000", "money", 1e5, "SGD", None),  # grouped the English way
        ("es", "un bono de 2,50 euros", "2,50 euros", "money", 2.5, "EUR", None),
        ("fr", "le terminal restera fermé pendant 12 jours", "12 jours", "duration", 12, "day", None),
        ("de", "nach fast vier Stunden Verhandlung", "fast vier Stunden", "duration", 4, "hour", "almost"),
        ("es", "tras dos semanas de huelga", "dos semanas", "duration", 2, "week", None),
        ("ru", "порт закрыт на 12 дней", "12 дней", "duration", 12, "day", None),
        ("zh", "会谈持续了四个小时", "四个小时", "duration", 4, "hour", None),
        ("id", "ditutup selama 3 bulan", "3 bulan", "duration", 3, "month", None),
        ("pt", "um empréstimo de 1,5 bilhão de dólares", "1,5 bilhão de dólares", "money", 1.5e9, "USD", None),
    ],
)
def test_quantity_in_other_languages(
    language: str, text: str, span: str, kind: str, value: float, unit: str, qualifier: str | None
) -> None:
    (q,) = find_quantities(text, "doc", language)
    assert text[q.span.start : q.span.end] == q.text == span
    assert (q.kind, q.value, q.unit, q.qualifier) == (kind, pytest.approx(value), unit, qualifier)
    assert q.currency == (unit if kind == "money" else None)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Le 3 mars 2026, un ouvrier a été blessé."),  # a date and one person
        ("zh", "其中一人被捕，统一百货公司说。"),  # numerals inside words
        ("zh", "本周早些时候，瓜德罗普岛有第五人丧生。"),  # an ordinal
        ("zh", "南洋理工大学下滑两个名次。"),  # a rank, not people
        ("zh", "他为了赚取200元，主动联系中介。"),  # bare 元: yuan or Singapore dollars, the text does not say
        ("ms", "Dia membayar 500 dolar kepada ejen itu."),  # bare dolar: whose dollar is not said
        ("de", "Im Jahr 2026 Euro-Zone-Mitglied werden"),  # a year before a compound word
        ("fr", "Âgé de 66 ans, Marren dirige le pays."),  # an age
        ("fr", "Ilse Marren, 58 ans, a parlé."),  # an age in apposition
        ("de", "Der 66 Jahre alte Präsident sprach."),
        ("zh", "他在2021年认罪。"),  # a year, not a duration
        ("id", "Lelaki berusia 51 tahun itu ditahan."),
        ("ms", "Lelaki 51 tahun itu dalam keadaan mabuk."),  # an age after "man"
        ("id", "Badai Kategori 4 hari ini melanda."),  # "hari ini" is today
    ],
)
def test_not_an_amount_in_other_languages(language: str, text: str) -> None:
    assert [q for q in find_quantities(text, "doc", language) if q.kind in ("money", "count", "duration")] == []


def test_the_language_decides_the_decimal_separator() -> None:
    # "1.500" is one and a half in English and fifteen hundred in Spanish and German
    (en,) = find_quantities("a loan of 1.500 billion dollars", "d", "en")
    (es,) = find_quantities("un préstamo de 1.500 millones de dólares", "d", "es")
    assert en.value == pytest.approx(1.5e9) and es.value == pytest.approx(1.5e9)
    (de,) = find_quantities("1.500 Euro", "d", "de")
    assert de.value == 1500
    # an English article from Singapore or Malaysia: not US dollars
    s, rm = find_quantities("a bond of S$5,000 and a RM1.5 billion loan", "d")
    assert (s.currency, s.value, rm.currency, rm.value) == ("SGD", 5000, "MYR", 1.5e9)


def test_the_same_amount_across_languages_reads_the_same() -> None:
    texts = {
        "en": "Russia promised Belarus a loan of 1.5 billion dollars.",
        "fr": "La Russie a promis au Bélarus un prêt de 1,5 milliard de dollars.",
        "de": "Russland sagte Belarus einen Kredit über 1,5 Milliarden Dollar zu.",
        "es": "Rusia prometió a Bielorrusia un préstamo de 1.500 millones de dólares.",
        "ru": "Россия пообещала Белоруссии кредит в размере 1,5 млрд долларов.",
        "zh": "俄罗斯承诺向白俄罗斯提供15亿美元贷款。",
        "ms": "Rusia menjanjikan pinjaman 1.5 bilion dolar AS kepada Belarus.",
    }
    for lang, text in texts.items():
        (q,) = [q for q in find_quantities(text, lang, lang) if q.kind == "money"]
        assert (q.value, q.currency) == (pytest.approx(1.5e9), "USD"), lang
        assert display(q) == "USD 1.5 billion", lang


def test_conversion_in_chinese_text() -> None:
    text = "他以50万美元（约70万新元）行贿。"
    qs = find_quantities(text, "d", "zh")
    (link,) = conversions(text, qs)
    assert [q.currency for q in qs] == ["USD", "SGD"] and link.evidence == "50万美元（约70万新元）"


def test_parse_cjk_number() -> None:
    from newsdesk.extract.numbers_lang import parse_cjk_number

    assert parse_cjk_number("3万4000") == 34000
    assert parse_cjk_number("二十亿") == 2e9
    assert parse_cjk_number("一百五十万") == 1.5e6
    assert parse_cjk_number("1.5万亿") == 1.5e12
    assert parse_cjk_number("万") is None


def test_an_unknown_language_is_read_as_english() -> None:
    assert find_quantities("a loan of $2bn", "d", "xx") == find_quantities("a loan of $2bn", "d")
