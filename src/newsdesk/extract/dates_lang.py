"""Date expressions in text of other languages than English, for ``dates.py``'s resolver.

"le 14 septembre", "am 14. September", "14 de septiembre de 2026", "14 сентября", "2026年9月14
日", "mardi", "во вторник", "hier": found here and handed to ``dates._resolve`` as the English
expression they stand for (a record whose groups hold the English month or weekday name), so
that relative dates resolve against the article's date by the same rules as in English.

Month and weekday names (and their abbreviations, in the format and stand-alone forms: the
Russian genitive "сентября" and nominative "сентябрь") come from CLDR through Babel; the
prepositions, the words for yesterday/today/tomorrow, the future markers and the Russian
prepositional and accusative forms ("в сентябре", "в среду") are the team's. Why not dateparser:
``search_dates`` finds no spans reliably in running text and is slow (see ``dates.py``), so
dateparser's language data would only replace CLDR's names here.
"""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from ..caches import cached

if TYPE_CHECKING:
    from .dates import _Raw

_EN_MONTHS = list(calendar.month_name)  # "", "January", ...
_EN_DAYS = list(calendar.day_name)  # "Monday", ... (index 0 = Monday, as CLDR's day keys)
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"

# A preposition before a bare month or year that makes it a date reference ("en septembre").
MONTH_PREP = {"fr": r"en|au mois de|d[eé]but|fin|mi-", "de": r"im|Anfang|Ende|Mitte|seit|bis", "es": r"en|desde|hasta",
              "it": r"a|in|da|entro", "pt": r"em|desde|até", "nl": r"in|sinds|tot", "ru": r"в|с|до|к",
              "ms": r"pada|sejak|hingga|bulan", "id": r"pada|sejak|hingga|bulan"}
YEAR_PREP = {"fr": r"en", "de": r"im Jahr|seit|bis", "es": r"en|desde|hasta", "it": r"nel", "pt": r"em",
             "nl": r"in", "ru": r"в", "ms": r"pada|tahun", "id": r"pada|tahun"}
RELATIVE = {
    "fr": {"hier": "yesterday", "aujourd'hui": "today", "aujourd’hui": "today", "demain": "tomorrow",
           "la semaine dernière": "last week", "la semaine prochaine": "next week", "le mois dernier": "last month",
           "le mois prochain": "next month", "l'an dernier": "last year", "l'année dernière": "last year",
           "l’an dernier": "last year", "l'an prochain": "next year", "cette année": "this year"},
    "de": {"gestern": "yesterday", "heute": "today", "vorige Woche": "last week", "letzte Woche": "last week",
           "vergangene Woche": "last week", "nächste Woche": "next week", "letzten Monat": "last month",
           "vergangenes Jahr": "last year", "letztes Jahr": "last year", "nächstes Jahr": "next year",
           "dieses Jahr": "this year"},
    "es": {"ayer": "yesterday", "hoy": "today", "la semana pasada": "last week", "la próxima semana": "next week",
           "el mes pasado": "last month", "el año pasado": "last year", "el próximo año": "next year",
           "este año": "this year"},
    "it": {"ieri": "yesterday", "oggi": "today", "domani": "tomorrow", "la settimana scorsa": "last week",
           "l'anno scorso": "last year"},
    "pt": {"ontem": "yesterday", "hoje": "today", "amanhã": "tomorrow", "a semana passada": "last week",
           "o ano passado": "last year"},
    "nl": {"gisteren": "yesterday", "vandaag": "today", "morgen": "tomorrow", "vorige week": "last week",
           "vorig jaar": "last year"},
    "ru": {"вчера": "yesterday", "сегодня": "today", "завтра": "tomorrow", "на прошлой неделе": "last week",
           "на следующей неделе": "next week", "в прошлом месяце": "last month", "в прошлом году": "last year",
           "в следующем году": "next year", "в этом году": "this year"},
    "zh": {"昨天": "yesterday", "昨日": "yesterday", "今天": "today", "今日": "today", "明天": "tomorrow",
           "上周": "last week", "上星期": "last week", "下周": "next week", "上个月": "last month",
           "去年": "last year", "明年": "next year", "今年": "this year"},
    "ms": {"semalam": "yesterday", "hari ini": "today", "esok": "tomorrow", "minggu lalu": "last week",
           "tahun lalu": "last year", "tahun depan": "next year"},
    "id": {"kemarin": "yesterday", "hari ini": "today", "besok": "tomorrow", "minggu lalu": "last week",
           "pekan lalu": "last week", "tahun lalu": "last year", "tahun depan": "next year"},
}
# Words before a date (in its sentence) that make it a future reference, as dates._FUTURE in English.
FUTURE = {
    "fr": r"\b(?:sera|seront|va|vont|devrait|devraient|prévue?s?|\w{3,}(?:eront|iront|era|ira))\b",
    "de": r"\b(?:wird|werden|soll|sollen|geplant|voraussichtlich)\b",
    "es": r"\b(?:será|serán|va a|van a|previst[oa]s?|\w{3,}(?:ará|erá|irá|arán|erán|irán))\b",
    "it": r"\b(?:sarà|saranno|previst[oa]|\w{3,}(?:erà|irà|eranno|iranno))\b",
    "pt": r"\b(?:será|serão|vai|vão|previst[oa]|\w{3,}(?:ará|erá|irá|arão|erão|irão))\b",
    "ru": r"(?<!\w)(?:будет|будут|планируется|намерен\w*|начн\w+)(?!\w)",
    "zh": r"将|將|预计|預計|计划|計劃|即将",
    "ms": r"\b(?:akan|dijangka)\b", "id": r"\b(?:akan|direncanakan)\b", "nl": r"\b(?:zal|zullen|gepland)\b",
}
# Words of a sentence about another time (dates._BACKGROUND in English: "ago", "founded", "since",
# "anniversary"): a full date in such a sentence never places an undated article in time.
BACKGROUND = {
    "fr": r"\b(?:il y a|depuis|fondée?s?|créée?s?|construite?s?|né|née|mort|anniversaire|histoire|historique|"
          r"autrefois|auparavant|guerre|siècle|décennies?|ans? (?:plus tôt|auparavant|plus tard)|dans les années)\b",
    "de": r"\b(?:vor \w+ Jahren|seit|gegründet|gebaut|geboren|gestorben|Jahrestag|Geschichte|historisch|früher|"
          r"damals|Krieg|Jahrhundert|Jahrzehnte?n?|in den \w+er Jahren)\b",
    "es": r"\b(?:hace \w+ años|desde|fundad[oa]|construid[oa]|nació|murió|aniversario|historia|histórico|antes|"
          r"guerra|siglo|décadas?|años (?:antes|después|más tarde)|en los años)\b",
    "it": r"\b(?:anni fa|dal|fondat[oa]|costruit[oa]|nato|nata|morto|anniversario|storia|storico|guerra|secolo|"
          r"decenni|negli anni)\b",
    "pt": r"\b(?:há \w+ anos|desde|fundad[oa]|construíd[oa]|nasceu|morreu|aniversário|história|histórico|guerra|"
          r"século|décadas?|nos anos)\b",
    "ru": r"(?<!\w)(?:лет назад|назад|с тех пор|основан\w*|построен\w*|родил\w*|годовщин\w*|истори\w*|войн\w*|"
          r"век\w*|десятилети\w*|в \d+-х)(?!\w)",
    "zh": r"年前|以来|成立于|建于|出生|周年|历史|战争|世纪|年代",
    "id": r"\b(?:tahun lalu|sejak|didirikan|dibangun|lahir|meninggal|ulang tahun|sejarah|perang|abad|dekade)\b",
    "ms": r"\b(?:tahun lalu|sejak|ditubuhkan|dibina|lahir|meninggal|ulang tahun|sejarah|perang|abad|dekad)\b",
    "nl": r"\b(?:jaar geleden|sinds|opgericht|gebouwd|geboren|overleden|jubileum|geschiedenis|oorlog|eeuw)\b",
}


@cached(maxsize=32, kind="resource")
def background(language: str | None) -> re.Pattern[str] | None:
    """The background words of ``language`` (None for English, which dates.py reads, or an unknown one)."""
    lang = (language or "").split("-")[0].lower()
    words = BACKGROUND.get(lang)
    return re.compile(words, re.IGNORECASE) if words else None


# Russian months after "в" (prepositional) and weekdays after "в" (accusative) are not CLDR forms.
RU_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр",
                  "ноябр", "декабр")
RU_DAY_FORMS = ("понедельник", "вторник", "сред[уаы]", "четверг", "пятниц[уаы]", "суббот[уаы]", "воскресень[ея]")
CJK_WEEKDAYS = "一二三四五六日天"
LANGUAGES = frozenset(RELATIVE) | {"fr", "de", "es", "it", "pt", "nl", "ru", "zh", "ja", "ms", "id"}


def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


@cached(maxsize=32, kind="resource")  # built once per language
def _names(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """(month form -> month number, weekday form -> 0..6), casefolded, from CLDR."""
    from babel import Locale

    loc = Locale.parse(language)
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for n, name in (loc.months.get(ctx, {}).get(width, {}) or {}).items():
                if len(name.rstrip(".")) >= 3:
                    months.setdefault(name.casefold(), n)
                    months.setdefault(name.rstrip(".").casefold(), n)
            if width == "wide":
                for n, name in (loc.days.get(ctx, {}).get(width, {}) or {}).items():
                    days.setdefault(name.casefold(), n)
    return months, days


@cached(maxsize=32, kind="resource")  # built once per language
def _patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if language in ("zh", "ja"):
        wd = rf"(?:星期|礼拜|禮拜|周|週)(?P<wd>[{CJK_WEEKDAYS}])"
        rel = _alt(RELATIVE.get(language, {}))
        return (
            ("iso", re.compile(r"(?P<y>(?:19|20)\d\d)\s?年\s?(?P<m>1[0-2]|0?[1-9])\s?月\s?(?P<d>[12]\d|3[01]|0?[1-9])\s?[日号號]")),
            ("my", re.compile(r"(?P<y>(?:19|20)\d\d)\s?年\s?(?P<m>1[0-2]|0?[1-9])\s?月")),
            ("dm", re.compile(r"(?<!\d)(?P<m>1[0-2]|0?[1-9])\s?月\s?(?P<d>[12]\d|3[01]|0?[1-9])\s?[日号號]")),
            ("weekday", re.compile(wd)),
            *((("rel", re.compile(rf"(?P<rel>{rel})")),) if rel else ()),
        )
    months, days = _names(language)
    mon = _alt(months)
    day = _alt(days)
    if language == "ru":
        mon = "|".join((*(rf"{s}\w*" for s in RU_MONTH_STEMS), mon))
        day = "|".join((*RU_DAY_FORMS, day))
    w = r"(?<![^\W\d_])"  # a word starts here
    e = r"(?![^\W\d_])"  # a word ends here
    de = r"(?:de\s+|del\s+)?"  # Spanish and Portuguese "14 de septiembre de 2026"
    mprep = MONTH_PREP.get(language, "")
    yprep = YEAR_PREP.get(language, "")
    rel = _alt(RELATIVE.get(language, {}))
    wide = _alt(k for k in months if len(k) > 4 and not k.endswith("."))  # no "mar" (sea) after "en"
    if language == "ru":
        wide = mon
    rel_pattern = (("rel", re.compile(rf"{w}(?P<rel>{rel}){e}", re.IGNORECASE)),) if rel else ()
    out: list[tuple[str, re.Pattern[str]]] = [
        *rel_pattern,  # before the weekdays: Indonesian "minggu lalu" is last week, "Minggu" Sunday
        ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b")),
        ("dmy", re.compile(rf"{w}(?P<d>{_DAY})\.?\s+{de}(?P<mon>{mon})\.?{e},?\s+{de}(?P<y>{_YEAR})\b", re.IGNORECASE)),
        ("dm", re.compile(rf"{w}(?P<d>{_DAY})\.?\s+{de}(?P<mon>{mon}){e}", re.IGNORECASE)),
        ("my", re.compile(rf"{w}(?P<mon>{mon})\.?\s+{de}(?P<y>{_YEAR})\b", re.IGNORECASE)),
        ("weekday", re.compile(rf"{w}(?P<wd>{day}){e}", re.IGNORECASE)),
    ]
    if mprep:
        out.append(("month", re.compile(rf"{w}(?P<prep>(?:{mprep})\s+)(?P<mon>{wide}){e}", re.IGNORECASE)))
    if yprep:
        out.append(("year", re.compile(rf"{w}(?P<prep>(?:{yprep})\s+)(?P<y>{_YEAR})\b", re.IGNORECASE)))
    return tuple(out)


def _month_number(name: str, language: str) -> int | None:
    months, _ = _names(language)
    key = name.casefold()
    if key in months or key.rstrip(".") in months:
        return months.get(key) or months[key.rstrip(".")]
    if language == "ru":
        for n, stem in enumerate(RU_MONTH_STEMS, start=1):
            if re.match(stem, key):
                return n
    return None


def _weekday_number(name: str, language: str) -> int | None:
    if language in ("zh", "ja"):
        return {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}.get(name)
    _, days = _names(language)
    if name.casefold() in days:
        return days[name.casefold()]
    if language == "ru":
        for n, form in enumerate(RU_DAY_FORMS):
            if re.fullmatch(form, name.casefold()):
                return n
    return None


@cached(maxsize=2048)  # as dates._scan: estimation and the facts stage scan the same texts
def scan_language(text: str, language: str) -> tuple[_Raw, ...]:
    """Every date expression of ``text`` in ``language`` as the English record ``dates._resolve``
    reads (non-overlapping, by pattern priority). Empty for a language without names here."""
    from .dates import _LOOKBACK, _Raw

    if language not in LANGUAGES:
        return ()
    future = re.compile(FUTURE[language], re.IGNORECASE) if language in FUTURE else None
    rel_words = {k.casefold(): v for k, v in RELATIVE.get(language, {}).items()}
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _patterns(language):
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = dict(m.groupdict())
            out: dict[str, str | None] = {}
            if g.get("mon") is not None:
                n = _month_number(g["mon"] or "", language)
                if n is None:
                    continue
                out["mon"] = _EN_MONTHS[n]
            elif g.get("m") is not None and kind != "iso":
                out["mon"] = _EN_MONTHS[int(g["m"] or 0)]
            if g.get("wd") is not None:
                n = _weekday_number(g["wd"] or "", language)
                if n is None:
                    continue
                out["wd"] = _EN_DAYS[n]
            for key in ("d", "y", "m"):
                if g.get(key) is not None:
                    out[key] = g[key]
            if g.get("rel") is not None:
                out["rel"] = rel_words.get((g["rel"] or "").casefold())
                if out["rel"] is None:
                    continue
            if g.get("prep"):
                s += len(g["prep"] or "")  # the date words only; the preposition stays outside
                out["prep"] = None
            if kind == "dm" and "y" in out:
                kind = "dmy"
            lo = max(0, s - _LOOKBACK)
            stop = max(text.rfind(c, lo, s) for c in ".!?。！？\n")
            tense = "future" if future and future.search(text, max(lo, stop + 1), s) else "past"
            taken.append((m.start(), e))
            found.append(_Raw("my" if kind == "my" and "mon" in out else kind, s, e, out, tense))
    found.sort(key=lambda r: r.start)
    return tuple(found)


__all__ = ["LANGUAGES", "scan_language"]
