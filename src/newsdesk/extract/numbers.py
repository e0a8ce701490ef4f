"""Numbers written in digits or words: "1.26", "100,000", "one and a half", "twenty-one", "tens of".

Written by hand because the library that parses number words (word2number) breaks on decimals and
fractions ("two point five billion" -> 2, "one and a half" -> error, see ../shared/DEPENDENCIES.md)
and none finds numbers *inside* running text with their character spans. The grammar covered is the
one news prose uses for amounts: cardinals up to the billions, "a half"/"and a half", hyphenated
tens, "point five", and the vague magnitudes "tens/hundreds of thousands", "dozens", "several".
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Quantity

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
# Abbreviated scales written after a figure: "€1.26bn", "$2.4 bn", "5m", "300k".
SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
              "b": 1_000_000_000, "billion": 1_000_000_000, "million": 1_000_000, "thousand": 1_000,
              "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000}
# Vague magnitudes: the value is the lower bound the phrase guarantees ("tens of thousands" >= 10,000),
# and the phrase becomes the quantity's qualifier.
VAGUE = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
         "billions": 1_000_000_000, "several": 3, "a few": 3, "scores": 20}

_WORD_NUM = "|".join(sorted([w for w in [*UNITS, *TENS] if w not in ("a", "an")], key=len, reverse=True))
# "a"/"an" count as one only before a scale or a unit ("a billion dollars", "more than a year"):
# anywhere else they are articles, and trying them at every "a" made the scan five times slower.
_ONE = r"(?:an?)(?=[\s-]+(?:hundred|thousand|million|billion|trillion|dozen|half|minute|hour|day|week|month|year)s?\b)"
_SCALE = "|".join(SCALES)
# A digit figure: 1,500,000 / 1.26 / 100 000 (thin or normal space as thousands separator) / 80
# A decimal comma ("2,4 billions", translated copy) only before a scale word or a percent sign.
DIGITS = (
    r"\d+,\d{1,2}(?=\s*(?:billions?|millions?|bn|mn|%|percent|per\s+cent)\b)"
    r"|\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
)
# A number in words: "one and a half", "twenty-one", "four hundred and fifty", "two point five".
WORDS = (
    rf"(?:(?:{_WORD_NUM}|{_ONE})(?:[- ](?:{_WORD_NUM}))?"
    rf"(?:\s+(?:and\s+)?(?:{_SCALE})(?:\s+(?:and\s+)?(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)?)*"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half|\s+point\s+(?:{_WORD_NUM})(?:\s+(?:{_WORD_NUM}))*)?)"
)
_NUMBER_RE = re.compile(rf"^(?:{DIGITS}|{WORDS})$", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words, or None.

    >>> parse_number("one and a half"), parse_number("1,500"), parse_number("twenty-one")
    (1.5, 1500.0, 21.0)
    """
    t = text.strip().lower().replace("\u202f", " ").replace("\u00a0", " ")
    if not t:
        return None
    if t in ("a", "an"):
        return 1.0
    if re.fullmatch(r"\d+,\d{1,2}", t):  # decimal comma
        return float(t.replace(",", "."))
    if re.fullmatch(DIGITS, t):
        return float(re.sub(r"[ ,]", "", t))
    if not _NUMBER_RE.match(t):
        return None
    t = re.sub(r"[\s-]+and[\s-]+a[\s-]+half$", " and a half", t)
    t = re.sub(r"^an?\s+(?=\S)", "", t) if not t.endswith("a half") or t.count(" ") > 3 else t
    half = 0.0
    if t.endswith("and a half"):
        half, t = 0.5, t[: -len("and a half")].strip()
    frac = ""
    if " point " in f" {t} ":
        t, _, frac_words = t.partition(" point ")
        frac = "".join(str(UNITS[w]) for w in frac_words.split() if w in UNITS)
    total, current = 0, 0
    for w in re.split(r"[\s-]+", t):
        if not w or w == "and":
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in SCALES:
            total += max(current, 1) * SCALES[w]
            current = 0
        else:
            return None
    value = float(total + current)
    if frac:
        value += float("0." + frac)
    if half:
        # "one and a half billion" is parsed by the caller as (1.5) * billion; here "two and a half" = 2.5
        value += half
    return value


# --- how far a stated figure reaches: for deciding whether two figures can describe one amount ---

# Relative tolerance of a figure stated without qualifier: rounding ("$2.4bn" for 2.38 billion,
# "1.26bn" for 1.2634bn). Chosen on the tuning part of tests/fixtures/facts_bench (0.5%-3% give the
# same agreed facts there; 62% and 64% turnout must stay apart, 3.2% apart).
EXACT_TOLERANCE = 0.015
# "around", "about", "some": 10% either way (chosen on the tuning part; "around six hours" and
# "nearly nine hours" stay apart, "about 300" and "300" meet).
AROUND_TOLERANCE = 0.10
ALMOST_FLOOR = 0.85  # "almost/nearly X" covers [0.85 X, X)
HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.0, "year": 8766.0}


def interval(q: Quantity) -> tuple[float, float, bool, bool]:
    """``(low, high, low_open, high_open)``: the values a quantity's text allows, with its qualifier.

    Durations are in hours, so "two days" meets "48 hours"; a vague magnitude ("tens of thousands",
    value = its lower bound) reaches up to the next power of ten.
    """
    v = float(q.value)
    qual = q.qualifier or ""
    if q.kind == "duration":
        v *= HOURS.get(q.unit, 1.0)
    t = EXACT_TOLERANCE * abs(v)
    if any(w in qual for w in VAGUE):  # "several tens of thousands" (30,000) stays under 100,000
        return v, 10 ** (math.floor(math.log10(max(v, 1))) + 1), False, True
    if qual.startswith("almost"):
        return ALMOST_FLOOR * v, v, False, True
    if qual.startswith(("more than",)):
        return v, float("inf"), True, False
    if qual.startswith("at least"):
        return v, float("inf"), False, False
    if qual.startswith("less than"):
        return 0.0, v, False, True
    if qual.startswith("up to"):
        return 0.0, v + t, False, False
    if qual.startswith("around"):
        return v * (1 - AROUND_TOLERANCE), v * (1 + AROUND_TOLERANCE), False, False
    return v - t, v + t, False, False


def overlaps(a: tuple[float, float, bool, bool], b: tuple[float, float, bool, bool]) -> bool:
    """Whether two intervals from :func:`interval` share a value ("more than 4" and "almost 4" do not)."""
    lo, lo_open = (a[0], a[2]) if a[0] > b[0] else (b[0], b[2]) if b[0] > a[0] else (a[0], a[2] or b[2])
    hi, hi_open = (a[1], a[3]) if a[1] < b[1] else (b[1], b[3]) if b[1] < a[1] else (a[1], a[3] or b[3])
    return lo < hi or (lo == hi and not lo_open and not hi_open)
