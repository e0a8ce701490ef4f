"""Amounts in article text: money, percentages, durations and counts, normalised, with spans.

"1.5 billion dollars", "$ 1.5 billion", "€1.26bn", "EUR 1.26bn", "one and a half billion US dollars"
all become ``value=1.5e9``-style figures with a currency code; "almost four hours" keeps its
qualifier ("almost"); "tens of thousands" is a count with the lower bound 10,000 and the qualifier
"tens of". A figure given in two currencies in one place ("2 billion dollars (1.7 billion
euros)") is returned as a ``conversion`` link.

Regular expressions over a hand-written number grammar (see ``numbers.py`` for why): spaCy's
MONEY/QUANTITY entities miss "$ 1.5 billion" split by a space and label the number words of a
seed's "one and a half billion" dollars as a DATE, and they carry no values.
"""

from __future__ import annotations

import re

from ..caches import cached
from ..model import Article, Quantity, QuantityLink
from ..text import stop_words
from .lexicon import PEOPLE, QUALIFIERS, UNSPIN
from .measured_lang import happenings
from .numbers import DIGITS, SCALE_ABBR, TENS, UNITS, VAGUE, WORDS, parse_number
from .numbers_lang import number_style
from .quantities_lang import find_quantities_in, quantity_at

# "S$" is Singapore's dollar and "RM" the ringgit (English news of Singapore and Malaysia): read as
# "$" they would become US dollars.
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "S$": "SGD",
                    "HK$": "HKD", "A$": "AUD", "AU$": "AUD", "AUS$": "AUD", "NZ$": "NZD", "C$": "CAD", "RM": "MYR"}
CURRENCY_CODES = ("USD", "EUR", "GBP", "RUB", "CHF", "JPY", "CNY", "BYN", "UAH", "SGD", "MYR", "HKD", "AUD")
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "pounds sterling": "GBP", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "yuan": "CNY", "yen": "JPY", "swiss francs": "CHF", "francs": "CHF",
}
# "second" is left out: "a second loan" is an ordinal far more often than a duration in news.
DURATION_UNITS = {"minute": "minute", "hour": "hour", "day": "day", "week": "week",
                  "month": "month", "year": "year"}

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
# The qualifier is looked for just before a match (not inside the patterns): patterns that start
# with the figure itself let the regex engine skip most positions, four times faster on news text.
_Q = ""
_QUAL_BEFORE = re.compile(rf"\b(?P<qual>{_QUAL})\s+$", re.I)
_NUM = rf"(?P<num>{DIGITS}|{WORDS})"
_SCALE = r"(?:\s*(?P<scale>billion|million|thousand|trillion|bn|mn|mln|tn|m|k|b)(?:s\s+of)?\b)?"
_SYM = r"(?P<sym>US\$|S\$|HK\$|AUS?\$|A\$|NZ\$|C\$|(?-i:RM)(?=\s?\d)|\$|€|£|¥|₽|" + "|".join(CURRENCY_CODES) + r")"
_CURW = "|".join(sorted((re.escape(w) for w in CURRENCY_WORDS), key=len, reverse=True))
_UNITS = "|".join(DURATION_UNITS)
MEASURE_UNITS = {"km": "km", "kilometres": "km", "kilometers": "km", "miles": "mile", "mile": "mile",
                 "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "wh": "Wh", "mw": "MW", "gw": "GW", "kg": "kg",
                 "tonnes": "t", "tonne": "t", "metres": "m", "meters": "m", "cubic metres": "m3", "barrels": "barrel"}
_MEASURE = "|".join(sorted((re.escape(u) for u in MEASURE_UNITS), key=len, reverse=True))
# Nouns after a figure that are not counted things (the figure is a date, an age or part of a unit).
_NOT_COUNTED = frozenset({"times", "years", "days", "weeks", "months", "hours", "minutes", "seconds", "percent",
                          "dollars", "euros", "pounds", "points", "degrees", "yards", "metres", "meters", "miles",
                          "kilometres", "kilometers", "others", "ones", "thousands", "millions", "billions", "this",
                          "was", "has", "his", "its", "is", "as", "was"})
_PEOPLE = "|".join(sorted(PEOPLE, key=len, reverse=True))
# People counted by what happened to them, in the words of the facts table (measured_lang):
# "140 injured", "12 dead", "38 were arrested"; and after the verb, "injuring 140", "killed 12"
# (``_HAPPENED_BEFORE``: the verb must end in -ing or -ed, so "dead 12" or "custody 3" count nothing).
_HAPPENED = happenings("en")
_HAPPENED_BEFORE = re.compile(rf"\b(?P<verb>{_HAPPENED})\s+$", re.I)
_VAGUE = r"(?P<vague>(?:several\s+|a\s+few\s+)?(?:tens|hundreds|dozens|scores)\s+of\s+(?:thousands|millions)|" \
         r"(?:several|a\s+few)\s+(?:thousand|million)|(?:tens|hundreds|thousands|millions|dozens)(?=\s+of\s))"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("money", re.compile(rf"{_Q}{_SYM}\s?(?P<num>{DIGITS}){_SCALE}", re.I)),
    ("money", re.compile(rf"{_Q}{_NUM}{_SCALE}\s*(?P<curw>{_CURW})\b", re.I)),
    ("percent", re.compile(rf"{_Q}{_NUM}\s?(?:%|percent\b|per\s+cent\b)", re.I)),
    ("duration", re.compile(rf"{_Q}{_NUM}[\s-](?P<unit>{_UNITS})s?\b", re.I)),
    ("count", re.compile(rf"{_Q}{_VAGUE}(?:(?:\s+of)?\s+(?P<noun>{_PEOPLE}))?\b", re.I)),
    ("count", re.compile(rf"{_Q}(?P<num>{DIGITS}|{WORDS}){_SCALE}\s+(?:(?:more|other|new)\s+)?(?P<noun>{_PEOPLE})\b",
                         re.I)),
    ("measure", re.compile(rf"{_Q}(?P<num>{DIGITS}|{WORDS})\s?(?P<munit>{_MEASURE})(?![\w/])", re.I)),
    # any other counted thing: "more than 60 ships", "31 Ostrian officials", "1.3 million units"
    ("count", re.compile(rf"(?P<num>{DIGITS}|(?i:{WORDS})){_SCALE}\s+(?:(?:[A-Z][a-z]+|more|other|new)\s+)?"
                         rf"(?P<noun>[a-z]{{3,}}(?:s|ren|people))\b")),
    # people by what happened to them (see _HAPPENED): "140 injured", "38 were arrested", "injuring 140"
    ("count", re.compile(rf"(?<![\w.])(?P<num>{DIGITS}|{WORDS}){_SCALE}(?:\s+(?P<happened>{_HAPPENED})\b|"
                         rf"(?=\s+(?:were|was|had\s+been|have\s+been)\s+(?P<passive>{_HAPPENED})\b))", re.I)),
    ("count", re.compile(rf"(?<![\w.])(?P<num>{DIGITS}|{WORDS}){_SCALE}(?:\s+(?:others|more))?(?P<after_verb>)(?![\w%-])"
                         r"(?!\s*(?:%|percent\b|per\s+cent\b)|\s+(?:[a-z]{3,}s|people|times)\b)", re.I)),
    # a bare million-scale figure: "recalls 1.3 million", "well over a million"
    ("count", re.compile(rf"(?P<num>{DIGITS}|(?i:{WORDS}))\s+(?P<scale>million|billion)\b(?!\s+(?:of\s+)?[a-z]{{3,}}s\b)")),
)
_RATE = re.compile(r"(?:\s+a|\s+per|\s*/)\s+(?:(?P<n>[\d,]+|thousand)\s+)?(?P<per>day|week|month|year|hour|"
                   r"cubic\s+met(?:re|er)s?|tonnes?|tons?|barrels?|litres?|kilograms?|kg|km|head|person|capita)\b", re.I)
_PER_UNIT = {"cubic metres": "m3", "cubic metre": "m3", "cubic meters": "m3", "cubic meter": "m3", "tonnes": "t",
             "tonne": "t", "tons": "t", "ton": "t", "barrels": "barrel", "litres": "l", "litre": "l",
             "kilograms": "kg", "kilogram": "kg", "person": "person", "capita": "person", "head": "person"}
# Joins a figure to the same figure in another currency: "2 billion dollars (1.7 billion euros)",
# "$2bn, or €1.7bn", "€1.26bn / $1.5bn".
# In other languages: "(soit ...", "oder", "или", "atau"; Chinese "50万美元（约70万新元）".
_CONVERSION_GAP = re.compile(r"^\s*(?:\(|（|,?\s*(?:or|soit|ou|oder|o|или|atau)\s+|/\s*|,\s*about\s+|,\s*around\s+)"
                             r"(?:about\s+|around\s+|some\s+|environ\s+|etwa\s+|rund\s+|около\s+)?$")
_ANCHOR = re.compile(
    r"(?<![\d.,])\d|US\$|(?<![^\W\d_])(?:S|HK|AUS?|A|NZ|C)\$|(?-i:RM)(?=\s?\d)|[$€£¥₽]|\b(?:" + "|".join(CURRENCY_CODES) + "|"
    + "|".join(sorted({*UNITS, *TENS, *VAGUE} - {"a", "an", "a few"}, key=len, reverse=True))
    + r"|an?(?=[\s-]+(?:few|hundred|thousand|million|billion|dozen|half|minute|hour|day|week|month|year)s?\b))\b",
    re.I,
)
# ``_ANCHOR.finditer`` tries its ~40 words at every character; these find the same starts from runs
# of digits and letters (a word is tried only when it is one of the anchor words; checked equal on
# 600 Multi-News articles and the sample corpus) at a fifth of the cost.
_ANCHOR_RUNS = re.compile(r"\d[\d.,]*|(?i:US\$)|[$€£¥₽]|[^\W\d_]+")
_ANCHOR_WORDS = frozenset(
    w.split()[0].casefold() for w in (*CURRENCY_CODES, *UNITS, *TENS, *VAGUE, "S", "HK", "AUS", "AU", "A", "NZ", "C", "RM")
)


def anchor_starts(text: str) -> list[int]:
    """Start offsets of ``_ANCHOR.finditer(text)``, found faster (see ``_ANCHOR_RUNS``)."""
    out = []
    end = 0  # finditer does not overlap: no start inside the last match ("$" of "S$")
    for m in _ANCHOR_RUNS.finditer(text):
        w = m.group()
        if m.start() < end or (
            w[0].isalpha() and len(w) > 1 and w[:2].casefold() != "us" and w.casefold() not in _ANCHOR_WORDS
        ):
            continue
        if found := _ANCHOR.match(text, m.start()):
            out.append(m.start())
            end = found.end()
    return out


_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
CONTEXT_WORDS = 5  # content words on each side of an amount (within its sentence) kept as its context


def _value(m: re.Match[str]) -> float | None:
    g = m.groupdict()
    vague = g.get("vague")
    if vague:
        # The lower bound the phrase guarantees: "tens of thousands" = 10 x 1,000; "several" = 3.
        value = 1.0
        for w in re.sub(r"\ba few\b", "several", vague.lower()).split():
            value *= {"thousand": 1_000, "million": 1_000_000, **VAGUE}.get(w, 1)
        return value
    num = g.get("num")
    if num is None:
        return None
    value = parse_number(num)
    if value is None:
        return None
    scale = (g.get("scale") or "").lower()
    if scale:
        if scale in ("m", "b", "k") and not g.get("sym"):
            return None  # "5 m" alone is metres; scale letters only after a currency symbol
        value *= SCALE_ABBR.get(scale, 1)
    return value


_AGE_BEFORE = re.compile(r"[A-Z][\w’'-]+,\s*$|\baged\s+$")
_AGE_AFTER = re.compile(r"^[\s-]*old\b")


def _is_age(text: str, start: int, end: int) -> bool:
    """"Lukashenko, 66 years," / "aged 61 years" / "61 years old" give an age, not a duration."""
    return bool(_AGE_BEFORE.search(text[max(0, start - 40) : start]) or _AGE_AFTER.match(text[end : end + 8]))


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    hi_c = [i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if i >= 0]
    return (lo + 1 if lo >= 0 else 0), (min(hi_c) if hi_c else len(text))


def context_words(text: str, start: int, end: int, n: int = CONTEXT_WORDS) -> list[str]:
    """Content words near ``text[start:end]`` in its sentence, nearest first, spinner synonyms undone."""
    lo, hi = _sentence_bounds(text, start, end)
    before = [w.lower() for w in _TOKEN.findall(text[lo:start])]
    after = [w.lower() for w in _TOKEN.findall(text[end:hi])]
    skip = stop_words() | set(CURRENCY_WORDS) | {"billion", "million", "thousand", "bn", "percent", "cent"}

    def keep(ws: list[str]) -> list[str]:
        return [UNSPIN.get(w, w) for w in ws if w not in skip and len(w) > 2]

    b, a = keep(before)[::-1][:n], keep(after)[:n]
    out: list[str] = []
    for i in range(max(len(a), len(b))):
        for side in (a, b):
            if i < len(side) and side[i] not in out:
                out.append(side[i])
    return out


@cached()  # per article text: re-analysing an event rescans no unchanged article
def find_quantities(text: str, doc_id: str, language: str | None = None) -> tuple[Quantity, ...]:
    """Every amount in ``text`` with its normalised value, unit, currency, qualifier and span.

    ``language`` (ISO 639-1, the article's): text in another language than English is read with
    that language's numbers, scale words and currencies (``quantities_lang``: "1,5 milliard de
    dollars", "15亿美元"); English, an unknown language or one CLDR does not know, as English.
    """
    if language and language != "en" and number_style(language) is not None:
        return find_quantities_in(text, doc_id, language)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    # Every amount starts at a figure, a currency sign or code, or a number word: the patterns are
    # tried only there (pattern.match at each start), not at every character of the text.
    starts = anchor_starts(text)
    for kind, pat in _PATTERNS:
        for m in (m for pos in starts for m in [pat.match(text, pos)] if m):
            s, e = m.start(), m.end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            value = _value(m)
            if value is None:
                continue
            g = m.groupdict()
            qm = _QUAL_BEFORE.search(text, max(0, s - 25), s)
            qual = qm.group("qual") if qm else None
            if qm:
                s = qm.start()
            qualifier = QUALIFIERS.get(re.sub(r"\s+", " ", qual.lower())) if qual else None
            if g.get("after_verb") is not None:
                vm = _HAPPENED_BEFORE.search(text, max(0, s - 30), s)
                if not vm or not vm.group("verb").lower().endswith(("ing", "ed")):
                    continue
            currency = None
            if kind == "money":
                sym = g.get("sym")
                currency = (CURRENCY_SYMBOLS.get(sym) or sym.upper()) if sym else \
                    CURRENCY_WORDS[re.sub(r"\s+", " ", (g.get("curw") or "").lower())]
                unit = currency
            elif kind == "percent":
                unit = "percent"
            elif kind == "duration":
                unit = DURATION_UNITS[(g.get("unit") or "").lower()]
            elif kind == "measure":
                unit = MEASURE_UNITS[re.sub(r"\s+", " ", (g.get("munit") or "").lower())]
            else:
                noun = (g.get("noun") or "").lower()
                if noun in _NOT_COUNTED or (g.get("num") and re.fullmatch(r"(?:19|20)\d\d", g["num"] or "")):
                    continue
                happened = g.get("happened") or g.get("passive") or g.get("after_verb") is not None
                unit = "people" if (not noun and g.get("vague")) or noun in PEOPLE or happened else _singular(noun) or "unit"
                if unit not in ("people", "unit") and value < 3 and not qual:
                    continue  # "the 2 leaders", "two instalments": not a reported figure
                if g.get("vague"):
                    vague = re.sub(r"\s+", " ", (g.get("vague") or "").lower())
                    qualifier = f"{qualifier} {vague}" if qualifier else vague
                elif not qual and value < 2:
                    continue
            if kind == "duration" and (g.get("unit") or "").lower() == "year" and _is_age(text, s, e):
                continue
            num = (g.get("num") or "").lower()
            if kind in ("count", "duration") and num in ("a", "an") and not qual:
                continue  # "a day", "a year ago": a unit, not a reported amount
            if re.match(r"an?\s+(?!(?:hundred|thousand|million|billion|trillion|dozen|half)\b)", num) and not qual:
                s += len(num) - len(num[2:].lstrip()) if num.startswith("a ") else 3  # "a ten-year" -> "ten-year"
            rate = _RATE.match(text, e) if kind in ("money", "count") else None
            if rate:  # "€35m a day", "$110 per 1,000 cubic metres"
                per = re.sub(r"\s+", " ", rate.group("per").lower())
                n = (rate.group("n") or "").replace(",", "").replace("thousand", "1000")
                unit = f"{unit}/{n}{_PER_UNIT.get(per, per)}"
                e = rate.end()
            taken.append((s, e))
            found.append(quantity_at(text, doc_id, s, e, kind, value, unit, currency, qualifier,
                                     " ".join(context_words(text, s, e))))
    found.sort(key=lambda q: q.span.start)
    return tuple(found)


def article_quantities(article: Article) -> tuple[Quantity, ...]:
    return find_quantities(article.text, article.id, article.language)


def conversions(text: str, quantities: tuple[Quantity, ...]) -> tuple[QuantityLink, ...]:
    """Links between adjacent amounts of different currencies that state one figure."""
    money = [q for q in quantities if q.kind == "money"]
    out = []
    for a, b in zip(money, money[1:]):
        gap = text[a.span.end : b.span.start]
        if a.currency != b.currency and len(gap) <= 12 and _CONVERSION_GAP.match(gap):
            out.append(
                QuantityLink(
                    kind="conversion",
                    quantities=(a.id, b.id),
                    evidence=f"{a.text}{gap}{b.text}" + {"(": ")", "（": "）"}.get(gap.strip()[:1], ""),
                )
            )
    return tuple(out)


def display(q: Quantity) -> str:
    """A short normalised form: "USD 1.5 billion", "almost 4 hour", "more than 80 percent"."""
    v = q.value
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if v >= scale and q.kind in ("money", "count"):
            num = f"{v / scale:g} {name}"
            break
    else:
        num = f"{v:,.0f}" if v == int(v) else f"{v:g}"
    unit = q.unit
    if q.kind == "money":
        body = f"{q.currency} {num}" + (q.unit[len(q.currency or "") :] if q.unit != q.currency else "")
    elif q.kind == "percent":
        body = f"{num}%"
    else:
        body = f"{num} {unit}{'s' if q.kind == 'duration' and v != 1 else ''}"
    return f"{q.qualifier} {body}" if q.qualifier else body
