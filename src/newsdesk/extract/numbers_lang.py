"""How each language writes numbers and amounts: separators, scale words, currencies, percent,
qualifiers and counted people; and the Chinese/Japanese number grammar ("3万4000", "二十亿").

Taken from CLDR through Babel where CLDR has it: the decimal and group symbols of a language
("1,5" in French and German, "1.5" in Malay and Chinese; "3 000", "3.000"), its scale words
(the long and short compact-number forms: "milliard(s)", "Milliarde(n)", "Mrd", "mil millones",
"млрд", "миллиардов", "bilion", "juta", "亿", "万") and its currency symbols ("RM" in Malay,
"Rp" in Indonesian). CLDR does not have the words news prose writes for currencies (it has
the formal names: "dollar des États-Unis", "US-Dollar", "доллар США"), the inflected Russian
forms ("долларов", "рублей"), qualifiers ("environ", "rund", "около") or the nouns that count
people: those are written here by the team, for the languages it reads (fr, de, es, it, pt, nl,
ru, zh, ja, ms, id). A language CLDR knows but the team wrote no list for still gets its
separators, scale words and symbols. English keeps ``numbers.py`` / ``quantities.py``.

No library parses amounts inside running text with their spans in these languages: Babel
parses one isolated number (``parse_decimal``), price-parser one price string, number-parser
is not installed and handles no Chinese; hence this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..caches import cached

# --- written by the team: currency words of news prose (regex -> ISO 4217), longest first -------------
# A currency word whose country the text leaves to context is left out on purpose (bare "元" is
# yuan in Beijing, Singapore dollars in Singapore, Taiwan dollars in Taipei; bare Malay "dolar"):
# a wrong currency would join figures that differ; such an amount is not read as money.
CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "fr": {r"dollars? américains?": "USD", r"dollars?": "USD", r"euros?": "EUR", r"livres? sterling": "GBP",
           r"livres?": "GBP", r"roubles?": "RUB", r"yuans?": "CNY", r"yens?": "JPY", r"francs? suisses?": "CHF",
           r"ringgits?": "MYR", r"roupies? indonésiennes?": "IDR", r"dollars? de Singapour": "SGD"},
    "de": {r"US-Dollar": "USD", r"Dollar": "USD", r"Euro": "EUR", r"Pfund(?: Sterling)?": "GBP",
           r"Rubel": "RUB", r"Yuan": "CNY", r"Yen": "JPY", r"Schweizer Franken": "CHF", r"Franken": "CHF",
           r"Ringgit": "MYR", r"Singapur-Dollar": "SGD"},
    "es": {r"dólares? estadounidenses": "USD", r"dólares?": "USD", r"euros?": "EUR", r"libras?(?: esterlinas?)?": "GBP",
           r"rublos?": "RUB", r"yuanes|yuan": "CNY", r"yenes|yen": "JPY", r"francos? suizos?": "CHF",
           r"ringgits?": "MYR"},
    "it": {r"dollari|dollaro": "USD", r"euro": "EUR", r"sterline|sterlina": "GBP", r"rubli|rublo": "RUB",
           r"yuan": "CNY", r"yen": "JPY", r"franchi svizzeri": "CHF"},
    "pt": {r"dólares|dólar": "USD", r"euros?": "EUR", r"libras?": "GBP", r"rublos?": "RUB", r"yuans?": "CNY",
           r"ienes|iene": "JPY", r"reais|real": "BRL"},
    "nl": {r"dollar": "USD", r"euro": "EUR", r"pond": "GBP", r"roebel": "RUB", r"yuan": "CNY", r"yen": "JPY"},
    "ru": {r"доллар\w*(?: США)?": "USD", r"евро": "EUR", r"фунт\w* стерлинг\w*|фунт\w*": "GBP",
           r"рубл\w*|руб\.": "RUB", r"юан\w*": "CNY", r"иен\w*": "JPY", r"франк\w*": "CHF", r"гривн\w*": "UAH"},
    "zh": {r"元人民币|元人民幣|人民币|人民幣": "CNY", r"美元|美金": "USD", r"欧元|歐元": "EUR", r"英镑|英鎊": "GBP",
           r"日元|日圆|日圓": "JPY", r"卢布|盧布": "RUB", r"新元|新币|新幣|新加坡元": "SGD", r"令吉|马币|馬幣": "MYR",
           r"港元|港币|港幣": "HKD", r"澳元|澳币|澳幣": "AUD", r"韩元|韓元": "KRW", r"印尼盾": "IDR",
           r"新台币|新台幣|台币|台幣": "TWD"},
    "ja": {r"ドル": "USD", r"ユーロ": "EUR", r"円": "JPY", r"ポンド": "GBP", r"ルーブル": "RUB", r"人民元|元": "CNY"},
    "ms": {r"ringgit": "MYR", r"dolar (?:AS|Amerika(?: Syarikat)?)": "USD", r"dolar Singapura": "SGD",
           r"euro": "EUR", r"rupiah": "IDR", r"yuan": "CNY", r"yen": "JPY", r"paun": "GBP"},
    "id": {r"rupiah": "IDR", r"dolar (?:AS|Amerika(?: Serikat)?)": "USD", r"dolar Singapura": "SGD",
           r"ringgit": "MYR", r"euro": "EUR", r"yuan": "CNY", r"yen": "JPY", r"poundsterling": "GBP"},
}
# Symbols any language may write (a language's own CLDR symbols are added to these). "AS$" is the
# Malay "Amerika Syarikat" dollar; "S$" Singapore's; "$" alone is read as the US dollar.
SYMBOLS = {"US$": "USD", "AS$": "USD", "S$": "SGD", "HK$": "HKD", "AUS$": "AUD", "AU$": "AUD", "A$": "AUD",
           "NZ$": "NZD", "C$": "CAD", "CA$": "CAD", "R$": "BRL", "RM": "MYR", "Rp": "IDR", "$": "USD", "€": "EUR",
           "£": "GBP", "¥": "JPY", "￥": "CNY", "₽": "RUB", "₹": "INR", "₩": "KRW", "₴": "UAH"}
CODES = ("USD", "EUR", "GBP", "RUB", "CHF", "JPY", "CNY", "SGD", "MYR", "IDR", "HKD", "AUD", "BYN", "UAH", "INR")
# Symbols whose meaning differs by language: the yen sign is the yuan in Chinese text.
SYMBOLS_BY_LANGUAGE = {"zh": {"¥": "CNY"}, "ru": {"р.": "RUB"}}  # CLDR: "р." is RUR, the pre-1998 code

PERCENT_WORDS = {
    "fr": r"pour\s?cent", "de": r"Prozent", "es": r"por\s?ciento", "it": r"per\s?cento", "pt": r"por\s?cento",
    "nl": r"procent", "ru": r"процент\w*", "ms": r"peratus", "id": r"persen",
}
# Qualifier before a figure -> the normalised qualifier of ``lexicon.QUALIFIERS``.
QUALIFIERS: dict[str, dict[str, str]] = {
    "fr": {"environ": "around", "près de": "almost", "presque": "almost", "plus de": "more than",
           "moins de": "less than", "au moins": "at least", "jusqu'à": "up to", "jusqu’à": "up to",
           "quelque": "around", "quelques": "around", "approximativement": "around", "exactement": "exactly"},
    "de": {"rund": "around", "etwa": "around", "ungefähr": "around", "circa": "around", "ca.": "around",
           "fast": "almost", "knapp": "almost", "beinahe": "almost", "mehr als": "more than", "über": "more than",
           "weniger als": "less than", "unter": "less than", "mindestens": "at least", "bis zu": "up to",
           "genau": "exactly"},
    "es": {"unos": "around", "unas": "around", "alrededor de": "around", "aproximadamente": "around",
           "cerca de": "almost", "casi": "almost", "más de": "more than", "menos de": "less than",
           "al menos": "at least", "por lo menos": "at least", "hasta": "up to", "exactamente": "exactly"},
    "it": {"circa": "around", "quasi": "almost", "più di": "more than", "oltre": "more than",
           "meno di": "less than", "almeno": "at least", "fino a": "up to"},
    "pt": {"cerca de": "around", "aproximadamente": "around", "quase": "almost", "mais de": "more than",
           "menos de": "less than", "pelo menos": "at least", "até": "up to"},
    "nl": {"ongeveer": "around", "circa": "around", "bijna": "almost", "meer dan": "more than",
           "minder dan": "less than", "minstens": "at least", "tot": "up to"},
    "ru": {"около": "around", "примерно": "around", "порядка": "around", "почти": "almost", "более": "more than",
           "больше": "more than", "свыше": "more than", "менее": "less than", "меньше": "less than",
           "не менее": "at least", "по меньшей мере": "at least", "до": "up to", "ровно": "exactly"},
    "zh": {"约": "around", "約": "around", "大约": "around", "大約": "around", "近": "almost", "将近": "almost",
           "超过": "more than", "超過": "more than", "逾": "more than", "至少": "at least", "至少有": "at least",
           "少于": "less than", "少於": "less than", "不到": "less than", "不足": "less than", "多达": "up to",
           "多達": "up to", "高达": "up to", "高達": "up to"},
    "ja": {"約": "around", "およそ": "around", "近く": "almost"},
    "ms": {"kira-kira": "around", "sekitar": "around", "hampir": "almost", "lebih daripada": "more than",
           "lebih": "more than", "kurang daripada": "less than", "sekurang-kurangnya": "at least",
           "sehingga": "up to"},
    "id": {"sekitar": "around", "kira-kira": "around", "hampir": "almost", "lebih dari": "more than",
           "lebih": "more than", "kurang dari": "less than", "setidaknya": "at least", "sedikitnya": "at least",
           "hingga": "up to"},
}
# Nouns that count people (plural forms news writes after a figure): their counts get the unit
# "people", as in English, so a French "3 000 ouvriers" meets an English "3,000 workers".
PEOPLE: dict[str, str] = {
    "fr": "personnes ouvriers travailleurs salariés employés manifestants habitants pêcheurs morts victimes "
          "blessés élèves enfants soldats policiers réfugiés migrants électeurs passagers touristes patients "
          "militants détenus civils",
    "de": "Menschen Personen Arbeiter Beschäftigte Beschäftigten Mitarbeiter Demonstranten Einwohner Fischer Tote "
          "Toten Opfer Verletzte Verletzten Schüler Kinder Soldaten Polizisten Flüchtlinge Migranten Wähler "
          "Passagiere Touristen Patienten Häftlinge Zivilisten",
    "es": "personas trabajadores obreros empleados manifestantes habitantes pescadores muertos víctimas heridos "
          "alumnos niños soldados policías refugiados migrantes votantes pasajeros turistas pacientes civiles",
    "it": "persone lavoratori operai dipendenti manifestanti abitanti pescatori morti vittime feriti studenti "
          "bambini soldati poliziotti rifugiati migranti elettori passeggeri turisti pazienti",
    "pt": "pessoas trabalhadores operários funcionários manifestantes habitantes pescadores mortos vítimas "
          "feridos alunos crianças soldados policiais refugiados migrantes eleitores passageiros turistas",
    "nl": "mensen personen arbeiders werknemers demonstranten inwoners vissers doden slachtoffers gewonden "
          "leerlingen kinderen soldaten agenten vluchtelingen migranten kiezers passagiers",
    "ru": "человек людей рабочих работников сотрудников жителей рыбаков погибших жертв раненых детей "
          "школьников учеников солдат военнослужащих полицейских беженцев мигрантов избирателей пассажиров "
          "демонстрантов протестующих туристов пациентов",
    "ms": "orang pekerja penduduk pelajar murid kanak-kanak mangsa penumpang pengundi pelancong pesakit "
          "penunjuk perasaan",
    "id": "orang pekerja karyawan penduduk warga siswa murid anak-anak korban penumpang pemilih wisatawan pasien "
          "pengunjuk rasa",
    "zh": "人 名 居民 民众 民眾 员工 員工 工人 学生 學生 儿童 兒童 乘客 旅客 患者 选民 選民 游客 遊客 士兵 警员",
    "ja": "人 名",
}
# Number words that go before a scale word ("un milliard", "eine Milliarde", "mil millones",
# "два миллиарда", "satu bilion"), with the halves ("anderthalb", "y medio").
SMALL_NUMBERS: dict[str, dict[str, float]] = {
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
           "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "cent": 100},
    "de": {"ein": 1, "eine": 1, "einer": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
           "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
           "fünfzehn": 15, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100,
           "anderthalb": 1.5, "eineinhalb": 1.5, "zweieinhalb": 2.5},
    "es": {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "veinte": 20,
           "treinta": 30, "cuarenta": 40, "cincuenta": 50, "cien": 100, "mil": 1000},
    "it": {"un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
           "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14,
           "quindici": 15, "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "cento": 100},
    "pt": {"um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
           "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quinze": 15,
           "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "cem": 100, "mil": 1000},
    "nl": {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
           "tien": 10, "anderhalf": 1.5},
    "ru": {"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
           "восемь": 8, "девять": 9, "десять": 10, "полтора": 1.5, "полторы": 1.5, "сто": 100,
           # genitive forms ("около трех часов", "более пяти тысяч")
           "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5, "шести": 6, "семи": 7,
           "восьми": 8, "девяти": 9, "десяти": 10, "двенадцать": 12, "двадцать": 20, "двадцати": 20},
    "ms": {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "lapan": 8,
           "sembilan": 9, "sepuluh": 10},
    "id": {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
           "sembilan": 9, "sepuluh": 10},
}
# Units of time after a figure (regex -> the unit of ``quantities.DURATION_UNITS``), and the
# contexts that make the figure an age rather than a duration.
DURATIONS: dict[str, dict[str, str]] = {
    "fr": {r"minutes?": "minute", r"heures?": "hour", r"jours?|journées?": "day", r"semaines?": "week",
           r"mois": "month", r"ans|années?|an": "year"},
    "de": {r"Minuten?": "minute", r"Stunden?": "hour", r"Tagen?|Tage|Tag": "day", r"Wochen?": "week",
           r"Monaten?|Monate|Monat": "month", r"Jahren?|Jahre|Jahr": "year"},
    "es": {r"minutos?": "minute", r"horas?": "hour", r"días?": "day", r"semanas?": "week", r"meses|mes": "month",
           r"años?": "year"},
    "it": {r"minuti|minuto": "minute", r"ore|ora": "hour", r"giorni|giorno": "day", r"settimane|settimana": "week",
           r"mesi|mese": "month", r"anni|anno": "year"},
    "pt": {r"minutos?": "minute", r"horas?": "hour", r"dias?": "day", r"semanas?": "week", r"meses|mês": "month",
           r"anos?": "year"},
    "nl": {r"minuten": "minute", r"uur": "hour", r"dagen|dag": "day", r"weken|week": "week",
           r"maanden|maand": "month", r"jaren|jaar": "year"},
    "ru": {r"минут\w*": "minute", r"час\w*": "hour", r"дней|дня|день|сут\w*": "day", r"недел\w*": "week",
           r"месяц\w*": "month", r"года|год|лет": "year"},
    "zh": {r"分钟|分鐘": "minute", r"个?小时|個?小時": "hour", r"天": "day", r"个?星期|個?星期|周": "week",
           r"个月|個月": "month", r"年": "year"},
    "ms": {r"minit": "minute", r"jam": "hour", r"hari(?!\s+ini)": "day", r"minggu": "week", r"bulan": "month", r"tahun": "year"},
    "id": {r"menit": "minute", r"jam": "hour", r"hari(?!\s+ini)": "day", r"minggu|pekan": "week", r"bulan": "month",
           r"tahun": "year"},
}
AGE_BEFORE = {"fr": r"âgée?s?\s+de\s+$|,\s*$", "es": r"de\s+$|,\s*$", "it": r"di\s+$|,\s*$",
              "pt": r"de\s+$|,\s*$", "ru": r",\s*$", "ms": r"(?:berusia|lelaki|wanita|perempuan|remaja|budak)\s+$|,\s*$",
              "id": r"(?:berusia|lelaki|pria|wanita|perempuan|remaja|bocah)\s+$|,\s*$",
              "nl": r",\s*$"}
AGE_AFTER = {"de": r"^[\s-]*(?:alt|alte|alten|jährig)", "es": r"^\s+de\s+edad", "zh": r"^(?:级|級|前|后|後|代)"}
# "Mehrere hundert Fischer", "plusieurs centaines": several of a number word (value x3 with the
# qualifier "several", as the English "several hundred").
SEVERAL = {"fr": r"plusieurs|quelques", "de": r"mehrere|einige|ein\s+paar", "es": r"varios|varias|unos\s+cuantos",
           "it": r"diversi|diverse|alcuni|alcune", "pt": r"vários|várias|alguns|algumas", "nl": r"enkele|enige",
           "ru": r"несколько", "ms": r"beberapa", "id": r"beberapa"}
HALF = {"fr": r"et\s+demie?", "es": r"y\s+medi[oa]", "it": r"e\s+mezzo", "pt": r"e\s+mei[oa]", "ru": r"с\s+половиной",
        "ms": r"setengah", "id": r"setengah"}
# A word between a scale and its currency: "1,5 milliard de dollars", "2,4 milliards d'euros".
CONNECTORS = {"fr": r"de\s+|d['’]\s*", "es": r"de\s+", "pt": r"de\s+", "it": r"di\s+", "nl": r"",
              "de": r"", "ru": r"", "ms": r"", "id": r""}
# Scale words CLDR lacks or spells differently in news ("Mrd." with its point, "mln").
EXTRA_SCALES = {"de": {"Mrd.": 1e9, "Mio.": 1e6, "Bio.": 1e12}, "ru": {"млрд.": 1e9, "млн.": 1e6, "тыс.": 1e3},
                "fr": {"Md": 1e9, "Mds": 1e9, "Mrd": 1e9, "mds": 1e9}, "es": {"millardos": 1e9, "millardo": 1e9},
                "ms": {"bilion": 1e9, "billion": 1e9, "juta": 1e6},
                # Malay text is often detected as Indonesian (one language to fastText's lid.176)
                "id": {"bilion": 1e9, "trilion": 1e12}, "zh": {"億": 1e8, "萬": 1e4, "千": 1e3},
                "ja": {"万": 1e4, "億": 1e8}}

CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


@dataclass(frozen=True)
class NumberStyle:
    """How one language writes amounts (see the module docstring for where each part comes from)."""

    language: str
    decimal: str  # "," or "."
    group: str  # the thousands separator CLDR gives ("." "," or a space)
    scales: dict[str, float]  # casefolded scale word -> multiplier ("milliards" -> 1e9, "亿" -> 1e8)
    currency_words: dict[str, str]  # regex -> ISO code
    symbols: dict[str, str]  # symbol -> ISO code
    percent: str  # regex of the percent words ("" when none are known)
    durations: dict[str, str]  # regex of a unit of time -> "day", "year", ...
    qualifiers: dict[str, str]
    people: frozenset[str]
    small_numbers: dict[str, float]
    half: str
    connector: str

    @property
    def cjk(self) -> bool:
        return self.language in CJK_LANGUAGES


def _cldr_scales(locale: object) -> dict[str, float]:
    out: dict[str, float] = {}
    formats = getattr(locale, "compact_decimal_formats", {}) or {}
    for style in formats:
        for by_magnitude in formats[style].values():
            for magnitude, pattern in by_magnitude.items():
                pat = pattern.pattern
                zeros = pat.count("0")
                word = re.sub(r"[0#.,\s\u00a0\u202f]+", " ", pat).replace("'", "").strip()
                if not word or not zeros:
                    continue
                if style == "short" and len(word) < 2:
                    continue  # "M", "K", "B": too ambiguous alone in prose
                out.setdefault(word.casefold(), float(int(magnitude) // 10 ** (zeros - 1)))
    return out


@cached(maxsize=64, kind="resource")  # built once per language
def number_style(language: str | None) -> NumberStyle | None:
    """The number style of an ISO 639-1 language; None for English (``quantities.py`` reads it),
    an unknown language, or one CLDR does not know."""
    if not language or language == "en":
        return None
    try:
        from babel import Locale, UnknownLocaleError
        from babel.numbers import get_decimal_symbol, get_group_symbol
    except ImportError:  # pragma: no cover - Babel comes with trafilatura (core dependency)
        return None
    try:
        loc = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None
    scales = _cldr_scales(loc)
    scales.update({k.casefold(): v for k, v in EXTRA_SCALES.get(language, {}).items()})
    symbols = dict(SYMBOLS)
    for code, sym in (loc.currency_symbols or {}).items():
        # A language's own symbols ("RM", "Rp", "RMB"), not the generic "$" and "¥" CLDR repeats.
        # An all-letter symbol only when it is a code the team lists or two capitals ("RM"): CLDR
        # gives every ISO code as its own symbol, and "ALL" or "TOP" before a figure is not money.
        if (not sym.isalpha() and len(sym) >= 2) or sym in CODES or (len(sym) == 2 and sym.isupper()):
            symbols.setdefault(sym, code)
    symbols.update(SYMBOLS_BY_LANGUAGE.get(language, {}))
    people = frozenset(w for w in PEOPLE.get(language, "").split())
    return NumberStyle(
        language=language,
        decimal=get_decimal_symbol(loc),
        group=get_group_symbol(loc),
        scales=scales,
        currency_words=CURRENCY_WORDS.get(language, {}),
        symbols=symbols,
        percent=PERCENT_WORDS.get(language, ""),
        durations=DURATIONS.get(language, {}),
        qualifiers=QUALIFIERS.get(language, {}),
        people=people,
        small_numbers=SMALL_NUMBERS.get(language, {}),
        half=HALF.get(language, ""),
        connector=CONNECTORS.get(language, r"de\s+|d['’]\s*|di\s+"),
    )


def digits_pattern(style: NumberStyle) -> str:
    """A figure in digits as the language writes it. With a decimal comma: "2,4", "3.000",
    "3 000", "1.500,5"; a point followed by one or two digits is still read as a decimal point
    ("1.5" in a French text quoting an English figure). With a decimal point: as in English."""
    d = r"[0-9０-９]"
    if style.decimal == ",":
        # "40,000" (a comma before exactly three digits) is read as forty thousand here too: three
        # decimals are all but absent from news prose, while figures written the English way are
        # common (translations; Malay text, which groups with commas, taken for Indonesian)
        return (rf"{d}{{1,3}}(?:,{d}{{3}})+(?:\.{d}+)?(?![\d,])|"
                rf"{d}{{1,3}}(?:[.\u00a0\u202f ']{d}{{3}})+(?:,{d}+)?(?!{d})|{d}+,{d}+|{d}+\.{d}{{1,2}}(?!{d})|{d}+")
    return rf"{d}{{1,3}}(?:[,\u00a0\u202f ]{d}{{3}})+(?:\.{d}+)?(?!{d})|{d}+\.{d}+|{d}+"


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_digits(raw: str, style: NumberStyle) -> float | None:
    """The value of a figure matched by :func:`digits_pattern`."""
    t = re.sub(r"[\u00a0\u202f ']", "", raw.translate(_FULLWIDTH))
    if style.decimal == ",":
        if re.fullmatch(r"\d+\.\d{1,2}", t):
            return float(t)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):  # grouped the English way (digits_pattern)
            return float(t.replace(",", ""))
        t = t.replace(".", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


# --- Chinese and Japanese numbers: 二十亿, 3万4000, 4億6000萬, 1.5万, 一百五十 ------------------------
CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
CJK_SMALL = {"十": 10, "百": 100, "千": 1000}
CJK_BIG = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_CJK_DIGIT_RUN = r"[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?"
_CJK_NUMERAL = r"[零〇一二两兩三四五六七八九十百千]"
# Digits and numerals mixed, big units inside ("3万4000"); "，" is punctuation, never a separator.
CJK_NUMBER = rf"(?:{_CJK_DIGIT_RUN}|{_CJK_NUMERAL})(?:{_CJK_DIGIT_RUN}|{_CJK_NUMERAL}|\s?[万萬亿億])*"


def parse_cjk_number(raw: str) -> float | None:
    """The value of a Chinese/Japanese number, digits and numerals mixed: "3万4000" = 34,000,
    "4億6000萬" = 460,000,000, "二十亿" = 2e9, "1.5万" = 15,000. None when it is not one."""
    s = re.sub(r"\s", "", raw.translate(_FULLWIDTH))
    total, section, number = 0.0, 0.0, 0.0
    i, seen = 0, False
    while i < len(s):
        c = s[i]
        if c.isascii() and c.isdigit():
            m = re.match(r"\d+(?:,\d{3})*(?:\.\d+)?", s[i:])
            assert m is not None
            number, i, seen = float(m.group().replace(",", "")), i + m.end(), True
            continue
        if c in CJK_DIGITS:
            number, seen = float(CJK_DIGITS[c]), True
        elif c in CJK_SMALL:
            section += (number or 1.0) * CJK_SMALL[c]
            number, seen = 0.0, True
        elif c in CJK_BIG:
            if not seen:
                return None
            if CJK_BIG[c] >= 1e8:
                total = (total + section + number) * CJK_BIG[c]
                section = 0.0
            else:
                section = (section + number) * CJK_BIG[c]
            number = 0.0
        else:
            return None
        i += 1
    return total + section + number if seen else None


__all__ = ["NumberStyle", "digits_pattern", "number_style", "parse_cjk_number", "parse_digits"]
