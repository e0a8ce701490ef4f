"""Amounts in text of other languages than English: money, percentages, counts and durations, with spans.

"1,5 milliard de dollars", "1,5 Milliarden Dollar", "1.500 millones de dólares", "1,5 млрд
долларов", "15亿美元", "RM1.5 bilion", "Rp 2,3 triliun" all become money of ``value=1.5e9``-style
figures with an ISO currency code, exactly as ``quantities.find_quantities`` reads English, so
that the facts stage can line amounts up across languages. "environ 3 000 ouvriers" and "rund
3000 Arbeiter" are counts of people with the qualifier "around"; "87 %" / "87 Prozent" / "百分之
八十七" percentages; "pendant 12 jours", "四个小时" durations. How each language writes numbers
comes from ``numbers_lang`` (CLDR via Babel, plus the team's word lists). Measures (km, tonnes)
are read in English only.
"""

from __future__ import annotations

import re

from ..caches import cached
from ..model import Quantity, Span
from ..text import CJK, stop_words
from .numbers_lang import (
    AGE_AFTER,
    AGE_BEFORE,
    CJK_NUMBER,
    CODES,
    SEVERAL,
    NumberStyle,
    digits_pattern,
    number_style,
    parse_cjk_number,
    parse_digits,
)

CONTEXT_WORDS = 5  # as quantities.CONTEXT_WORDS: content words each side kept as the amount's context
_NOT_LETTER = r"(?![^\W\d_])"  # a word ends here (letters of any script)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def quantity_at(text: str, doc_id: str, s: int, e: int, kind: str, value: float, unit: str,
                currency: str | None, qualifier: str | None, context: str) -> Quantity:
    """The :class:`Quantity` of ``text[s:e]`` (its id from the document and offset); shared by the
    English reader (``quantities``) and the readers of other languages."""
    return Quantity(
        id=f"q-{doc_id}-{s}",
        text=text[s:e],
        span=Span(doc_id, s, e),
        kind=kind,  # type: ignore[arg-type]
        value=value,
        unit=unit,
        currency=currency,
        qualifier=qualifier,
        context=context,
    )

def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


# "名次" (a rank), "名单" (a list), "人民" (the people's): not a count of people.
_CJK_PEOPLE = {"名": "名(?![次单單字称稱额額誉譽])", "人": "人(?![民])"}


@cached(maxsize=64, kind="resource")  # built once per language
def _patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    style = number_style(language)
    assert style is not None
    syms = rf"(?P<sym>(?-i:{_alt(style.symbols)}|{'|'.join(CODES)}))"
    curw = "|".join(sorted(style.currency_words, key=len, reverse=True)) or r"(?!x)x"
    pct = rf"%|％|{style.percent}" if style.percent else r"%|％"
    people = _alt(style.people) or r"(?!x)x"
    durations = "|".join(sorted(style.durations, key=len, reverse=True)) or r"(?!x)x"
    if style.cjk:
        # "数百名" (several hundred), not after "第" (an ordinal: "第五人" is the fifth person)
        num = rf"(?<!第)(?P<several>[数數几幾])?(?P<num>{CJK_NUMBER})"
        many = r"(?P<many>多|余|餘)?"  # "20多名": more than 20
        people = "|".join(_CJK_PEOPLE.get(w, re.escape(w)) for w in sorted(style.people, key=len, reverse=True))
        return (
            ("money", re.compile(rf"{syms}\s?{num}")),
            ("money", re.compile(rf"{num}\s?{many}(?P<cur>{curw})")),
            ("percent", re.compile(rf"百分之{num}")),
            ("percent", re.compile(rf"{num}\s?(?:{pct})")),
            ("count", re.compile(rf"{num}\s?{many}(?:名|位|个|個)?(?P<noun>{people})")),
            ("duration", re.compile(rf"{num}\s?{many}(?P<unit>{durations})")),
        )
    dig = digits_pattern(style)
    small = _alt(style.small_numbers)
    number = rf"(?P<num>{dig}|(?<![^\W\d_])(?:{small}){_NOT_LETTER})" if small else rf"(?P<num>{dig})"
    scale = rf"(?P<scale>{_alt(style.scales)}){_NOT_LETTER}" if style.scales else r"(?P<scale>(?!x)x)"
    half = rf"(?:\s+(?P<half>{style.half}))?" if style.half else ""
    conn = rf"(?:{style.connector})?" if style.connector else ""
    cur = rf"(?:(?P<cur>{curw})(?![-\w])|{syms.replace('<sym>', '<sym2>')})"
    return (
        ("money", re.compile(rf"{syms}\s?(?P<num>{dig})(?:\s*{scale}{half})?", re.IGNORECASE)),
        ("money", re.compile(rf"{number}(?:\s*{scale}{half})?\s*{conn}{cur}", re.IGNORECASE)),
        ("percent", re.compile(rf"{number}\s?(?:{pct}){_NOT_LETTER}", re.IGNORECASE)),
        ("count", re.compile(rf"{number}(?:\s*{scale}{half})?\s+{conn}(?P<noun>{people}){_NOT_LETTER}", re.IGNORECASE)),
        ("count", re.compile(rf"(?P<num>{dig})\s*{scale}{half}", re.IGNORECASE)),
        ("duration", re.compile(rf"{number}[\s-](?P<unit>{durations}){_NOT_LETTER}", re.IGNORECASE)),
        # any other noun after a figure, last ("1.200 Hafenarbeiter", "40 navi", "12 kilomètres"): a count
        # of that noun (unit "unit", as the English reader's "40 ships" names its noun); see _counted_noun
        ("count", re.compile(rf"(?P<num>{dig})(?:\s*{scale}{half})?\s+{conn}(?P<counted>[^\W\d_][\w'’-]{{2,}})",
                             re.IGNORECASE)),
    )


@cached(maxsize=64, kind="resource")  # built once per language
def _starts(language: str) -> re.Pattern[str]:
    """Where an amount can start: a digit, a currency symbol or code, a number word. The
    patterns are tried only there (``match``), not at every character (``finditer``): three to
    four times faster on French and German text."""
    style = number_style(language)
    assert style is not None
    small = _alt(style.small_numbers)
    words = rf"|(?<![^\W\d_])(?:{small})(?![^\W\d_])" if small and not style.cjk else ""
    # the start of a figure only: "021年" inside "2021年" (a year, rejected) is no second try
    cjk = "|(?<![零〇一二两兩三四五六七八九十百千万萬亿億0-9０-９])[零〇一二两兩三四五六七八九十百千数數几幾]" if style.cjk else ""
    digits = r"(?<![0-9０-９.,．])[0-9０-９]"
    return re.compile(rf"{digits}|(?-i:{_alt(style.symbols)}|{'|'.join(CODES)}){words}{cjk}", re.IGNORECASE)


@cached(maxsize=64, kind="resource")  # built once per language
def _qualifier_before(language: str) -> re.Pattern[str] | None:
    style = number_style(language)
    if style is None or not style.qualifiers:
        return None
    if style.cjk:
        return re.compile(rf"(?P<qual>{_alt(style.qualifiers)})\s?$")
    return re.compile(rf"(?<![^\W\d_])(?P<qual>{_alt(style.qualifiers)})\s+$", re.IGNORECASE)


def _value(m: re.Match[str], style: NumberStyle) -> float | None:
    raw = m.group("num")
    if style.cjk:
        value = parse_cjk_number(raw)
        return value * 3 if value is not None and m.groupdict().get("several") else value  # as English "several"
    low = raw.casefold()
    value = float(style.small_numbers[low]) if low in style.small_numbers else parse_digits(raw, style)
    if value is None:
        return None
    g = m.groupdict()
    if g.get("scale"):
        value *= style.scales[re.sub(r"\s+", " ", g["scale"]).casefold()]
        if g.get("half"):
            value += 0.5 * style.scales[re.sub(r"\s+", " ", g["scale"]).casefold()]
    return value


def _currency(m: re.Match[str], style: NumberStyle) -> str:
    g = m.groupdict()
    sym = g.get("sym") or g.get("sym2")
    if sym:
        return style.symbols.get(sym) or sym.upper()
    word = g.get("cur") or ""
    for pattern, code in style.currency_words.items():
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return code
    raise AssertionError(f"currency word {word!r} matched but not listed")  # the alternation is the list


def _context(text: str, s: int, e: int, style: NumberStyle) -> str:
    lo = max(text.rfind(c, 0, s) for c in ".!?。！？\n")
    his = [i for i in (text.find(c, e) for c in ".!?。！？\n") if i >= 0]
    hi = min(his) if his else len(text)
    if style.cjk:  # no spaces: the characters either side stand for the words
        before = "".join(CJK.findall(text[max(lo + 1, s - 4) : s]))
        after = "".join(CJK.findall(text[e : min(hi, e + 4)]))
        return " ".join(x for x in (after, before) if x)
    stop = stop_words(style.language, source="justext")

    def keep(ws: list[str]) -> list[str]:
        return [w.lower() for w in ws if w.lower() not in stop and len(w) > 2]

    b = keep(_TOKEN.findall(text[lo + 1 : s]))[::-1][:CONTEXT_WORDS]
    a = keep(_TOKEN.findall(text[e:hi]))[:CONTEXT_WORDS]
    out: list[str] = []
    for i in range(max(len(a), len(b))):
        for side in (a, b):
            if i < len(side) and side[i] not in out:
                out.append(side[i])
    return " ".join(out)


# German "über"/"unter" after a noun is "of": "ein Kredit über 1,5 Milliarden Dollar" is a loan of
# 1.5 billion, not of more than; "über 100 Menschen" (after a verb or at a start) is more than 100.
# German capitalises nouns, so the word before tells.
_PREPOSITION_AFTER_NOUN = {"de": frozenset({"über", "unter"})}
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[\s,]*$")


def _preposition(text: str, qm: re.Match[str], language: str) -> bool:
    if qm.group("qual").casefold() not in _PREPOSITION_AFTER_NOUN.get(language, ()):
        return False
    before = _WORD_BEFORE.search(text, max(0, qm.start() - 40), qm.start())
    return bool(before and before.group(1)[0].isupper())


def _several_before(text: str, start: int, num: str, language: str) -> int | None:
    """Where the language's "several" starts before a number word ("Mehrere hundert"), or None."""
    words = SEVERAL.get(language)
    if not words or num[:1].isdigit():
        return None
    m = re.compile(rf"(?<![^\W\d_])(?:{words})\s+$", re.IGNORECASE).search(text, max(0, start - 20), start)
    return m.start() if m else None


def _not_a_duration(text: str, m: re.Match[str], language: str, unit: str, value: float) -> bool:
    """An age ("âgé de 66 ans", "66 Jahre alt", "Lukashenko, 66 ans,"), a year ("2021年"), or a
    single unit in words ("un jour", "一天"): not a reported duration."""
    if unit == "year" and 1900 <= value <= 2100:
        return True  # "2021年" is a year
    if value < 2 and not m.group("num")[:1].isdigit():
        return True
    if unit != "year":
        return False
    before = AGE_BEFORE.get(language)
    after = AGE_AFTER.get(language)
    return bool((before and re.search(before, text[max(0, m.start() - 12) : m.start()], re.IGNORECASE))
                or (after and re.match(after, text[m.end() : m.end() + 10], re.IGNORECASE)))


# Words after a figure that make it no count of things: years and ages, times, o'clock, ordinals' and
# scores' words (the team's; months, weekdays and the language's stop words are excluded too).
NOT_COUNTED = {
    "fr": "ans an années année fois heures heure h minutes points voix contre sur",
    "de": "Jahre Jahren Jahr Mal Uhr Stunden Minuten Punkte Stimmen gegen von",
    "es": "años año veces horas hora minutos puntos votos contra",
    "it": "anni anno volte ore ora minuti punti voti contro",
    "pt": "anos ano vezes horas hora minutos pontos votos contra",
    "nl": "jaar jaren keer uur minuten punten stemmen tegen",
    "ru": "лет года год раз раза часов часа минут очков голосов против",
    "id": "tahun kali jam menit poin suara", "ms": "tahun kali jam minit mata undi",
}


# Currency nouns in any language: a figure before one is money (when the reader knows whose) or
# left out (a bare "dolar"), never a count of things.
_CURRENCY_NOUNS = ("dolar dollar dollars dólar dólares dollari dólares euro euros евро доллар доллара долларов "
                   "рубль рубля рублей ringgit rupiah yuan yen pound pounds livres pfund sterline libras franc francs "
                   "franken peso pesos real reais")


@cached(maxsize=64, kind="resource")
def _not_counted(language: str) -> frozenset[str]:
    from ..text import stop_words
    from .dates_lang import _names

    try:
        months, days = _names(language)
    except Exception:  # noqa: BLE001 - Babel has no data for the language: no names to exclude
        months, days = {}, {}
    words = {w.casefold() for w in (NOT_COUNTED.get(language, "") + " " + _CURRENCY_NOUNS).split()}
    return frozenset(words | set(months) | set(days) | {w.casefold() for w in stop_words(language)})


@cached(maxsize=64, kind="resource")
def _unit_word(language: str) -> re.Pattern[str]:
    """A currency or duration word of the language: a figure before it is money or a duration, or none
    when the reader leaves it out on purpose (a bare "dolar": whose dollar is not said)."""
    style = number_style(language)
    assert style is not None
    words = [*style.currency_words, *style.durations, *([style.percent] if style.percent else [])]
    return re.compile("|".join(f"(?:{w})" for w in words) or r"(?!x)x", re.IGNORECASE)


def _counted_noun(m: re.Match[str], language: str, value: float) -> bool:
    """Whether the generic count pattern's noun counts something ("1.200 Hafenarbeiter"), not a year
    ("en 2026 les"), a score ("87 voix contre 41"), a date ("3 mars") or a function word."""
    noun = m.group("counted").casefold()
    if noun in _not_counted(language) or value < 2 or _unit_word(language).fullmatch(noun):
        return False
    return not (1900 <= value <= 2100 and m.group("num").isdigit())


def find_quantities_in(text: str, doc_id: str, language: str) -> tuple[Quantity, ...]:
    """Every amount in ``text`` written in ``language`` (one ``numbers_lang.number_style`` knows)."""
    style = number_style(language)
    if style is None:
        return ()
    qual_re = _qualifier_before(language)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    starts = [m.start() for m in _starts(language).finditer(text)]
    for kind, pat in _patterns(language):
        for m in (m for pos in starts for m in [pat.match(text, pos)] if m):
            s, e = m.start(), m.end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            value = _value(m, style)
            if value is None:
                continue
            g = m.groupdict()
            qm = qual_re.search(text, max(0, s - 30), s) if qual_re else None
            if qm and _preposition(text, qm, language):
                qm = None
            before = _several_before(text, s, m.group("num"), language) if not qm else None
            several = g.get("several") or before is not None
            if before is not None:
                value *= 3  # "mehrere hundert": at least three hundred, as "several hundred"
                s = before
            qualifier = "several" if several else "more than" if g.get("many") else None
            if qm:
                key = next((k for k in style.qualifiers if k.casefold() == qm.group("qual").casefold()), None)
                qualifier = style.qualifiers.get(key or "")
                s = qm.start()
            currency = None
            if kind == "money":
                currency = unit = _currency(m, style)
            elif kind == "percent":
                unit = "percent"
            elif kind == "duration":
                unit = next(u for p, u in style.durations.items() if re.fullmatch(p, g["unit"], re.IGNORECASE))
                if _not_a_duration(text, m, language, unit, value):
                    continue
            else:
                if g.get("counted") and not _counted_noun(m, language, value):
                    continue
                if g.get("noun"):
                    unit = "people"
                    if value < 2 and not qualifier:
                        continue  # "un ouvrier", "其中一人": not a reported figure
                else:
                    unit = "unit"
            taken.append((s, e))
            found.append(quantity_at(text, doc_id, s, e, kind, value, unit, currency, qualifier,
                                     _context(text, s, e, style)))
    found.sort(key=lambda q: q.span.start)
    return tuple(found)


__all__ = ["find_quantities_in"]
