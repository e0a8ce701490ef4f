"""Word lists the extractors and flags share, written by the team.

Kept as data in one place so that each list can be reviewed and extended without touching code.
Every list says where it comes from.
"""

from __future__ import annotations

import re

# Stop words are not here: ``newsdesk.text.stop_words()`` is the one list every stage uses.

# Spinner substitutions: (pattern, the original wording, strength). Article spinners replace words
# one by one with dictionary synonyms, which leaves collocations no editor writes ("historical past"
# for history, "mortgage" for a state loan, "the 2 leaders"). Strength 1.0 = a collocation that
# does not occur in edited English; 0.4 = a plausible word that spinners often produce. Compiled
# from the spun seed (002) and from the substitutions spinner tools are known for; checked for false
# hits on the Multi-News validation articles (benchmarks/facts.py prints the rate).
SPINNER: tuple[tuple[str, str, float], ...] = (
    (r"\bhistorical past\b", "history", 1.0),
    (r"\bone other\b(?! than)", "another", 1.0),
    (r"(?<!the )\bfinal (?:week|month|year)\b", "last week/month/year", 1.0),
    (r"\bnicely (?:spent|known|received|established)\b", "well spent/known", 1.0),
    (r"\bauthorities sources\b", "government sources", 1.0),
    (r"\bin opposition to\b", "against", 0.4),
    (r"\bprevious to\b", "prior to", 1.0),
    (r"\bregardless of previous\b|\bregardless of (?:the )?(?:frictions|tensions)\b", "despite", 1.0),
    (r"\bthe [2-9] (?:leaders|nations|countries|men|sides|presidents|governments|states)\b", "the two ...", 1.0),
    (r"\b(?:a|the|state|government|another|new) mortgage\b|\bmortgage of\b", "loan", 1.0),
    (r"\bshut (?:financial|economic|political|cultural|navy|military|ties|relations|ally|allies|"
     r"cooperation|contact|links)\b", "close (ties)", 1.0),
    (r"\b(?:trade|commerce|financial|economic|business) associate\b", "(trade) partner", 1.0),
    (r"\bprincipal commerce\b|\bcommerce and financial\b", "main trade", 1.0),
    (r"\bthe primary (?:batch|time|step|round|shipment|case|dose)\b", "the first ...", 1.0),
    (r"\bthe previous soviet\b", "the former Soviet", 1.0),
    (r"\bbriefly remarks\b", "in brief remarks", 1.0),
    (r"\bmedia (?:advised|suggested)\b", "media reported", 1.0),
    (r"\bincluding that\b", "adding that", 0.4),
    (r"\bat house\b", "at home", 1.0),
    (r"\bsafe (?:a|one other|another|the) (?:loan|mortgage|deal)\b", "secure a loan", 1.0),
    (r"\bnavy (?:ties|exercises|drills|cooperation|bases)\b|\bfinancial, navy\b|\bpolitical, financial and navy\b",
     "military", 1.0),
    (r"\bsynthetic intelligence\b", "artificial intelligence", 1.0),
    (r"\bwell being\b", "health", 0.4),
    (r"\bmedical doctors\b", "doctors", 0.4),
    (r"\bstated\b", "said", 0.4),
    (r"\bpressured that\b|\bpressured the (?:significance|importance|need)\b", "stressed", 1.0),
    (r"\b(?:belarusian|russian|ostrian|kestavian|[a-z]+ian) chief\b", "leader", 0.4),
    (r"\bfinancial help\b", "economic support", 0.4),
    (r"\bthe data\b(?= (?:final|last|on|and))", "the report", 0.4),
    (r"\bsurrender its independence\b", "give up its independence", 0.4),
    (r"\bnumerous instances\b", "many times", 0.4),
    (r"\bfirstly of the\b", "at the start of the", 1.0),
    (r"\bwith out\b", "without", 1.0),
    (r"\b(?:presidential|press|president's|foreign) workplace\b", "office", 1.0),
    (r"\bgot here to\b", "came to", 1.0),
    (r"\bin line with (?:the |local |native )?(?:presidential|workplace|office|police|officers|screens|sources)\b",
     "according to", 1.0),
    (r"\bnot less than\b", "at least", 0.4),
    (r"\bby means of the\b", "through the", 0.4),
)
SPINNER_RE = tuple((re.compile(p, re.IGNORECASE), orig, w) for p, orig, w in SPINNER)
SPINNER_LOWER = tuple(re.compile(p) for p, _, _ in SPINNER)  # for lower-cased text (patterns are lower case)


def required_literals(pattern: str) -> tuple[str, ...]:
    """Strings one of which every match of ``pattern`` contains, or () when none is known.

    Python's ``re`` scans fast for a pattern that starts with a literal but tries a pattern that
    starts with ``\\b`` at every position; testing ``literal in text`` first skips the spinner
    patterns that cannot match (most of them, in most articles) at a fraction of the cost.
    """
    from re import _constants as c, _parser  # type: ignore[attr-defined]

    def needs(seq: list) -> tuple[str, ...]:  # type: ignore[type-arg]
        options: list[tuple[str, ...]] = []
        run = ""
        for op, arg in seq:
            run = run + chr(arg) if op is c.LITERAL else ""
            if run:
                options.append((run,))
            if op is c.BRANCH:
                alts = [needs(list(b)) for b in arg[1]]
                if all(alts):
                    options.append(tuple(x for alt in alts for x in alt))
            elif op is c.SUBPATTERN:
                sub = needs(list(arg[3]))
                if sub:
                    options.append(sub)
        # the option whose shortest string is longest (rarest in text)
        return max(options, key=lambda o: min(map(len, o)), default=())

    return needs(list(_parser.parse(pattern)))


SPINNER_NEEDS = tuple(required_literals(p) for p, _, _ in SPINNER)

# Word-for-word synonyms a spinner introduced, mapped back before claims are compared, so a spun
# copy still supports the fact it restates.
UNSPIN = {
    "mortgage": "loan", "stated": "said", "shut": "close", "pressured": "stressed", "chief": "leader",
    "nation": "country", "nations": "countries", "commerce": "trade", "associate": "partner",
    "navy": "military", "financial": "economic", "help": "support", "data": "report", "final": "last",
    "primary": "first", "previous": "former", "house": "home", "surrender": "give", "advised": "reported",
    "mentioned": "discussed", "principal": "main",
}

QUALIFIERS = {
    "almost": "almost", "nearly": "almost", "just under": "almost", "close to": "almost", "virtually": "almost",
    "less than": "less than", "fewer than": "less than", "under": "less than", "below": "less than",
    "more than": "more than", "over": "more than", "above": "more than", "in excess of": "more than",
    "upwards of": "more than", "well over": "more than", "just over": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least", "not less than": "at least",
    "not fewer than": "at least",
    "around": "around", "about": "around", "roughly": "around", "approximately": "around", "some": "around",
    "an estimated": "around", "circa": "around", "nearly about": "around",
    "up to": "up to", "as many as": "up to", "as much as": "up to",
    "exactly": "exactly", "precisely": "exactly", "a full": "exactly",
}

# Nouns that count people: their counts share the unit "people".
PEOPLE = frozenset("""
people persons protesters protestors demonstrators supporters participants marchers residents citizens
individuals inmates detainees prisoners migrants refugees voters students children victims casualties opponents
workers employees members activists civilians police officers troops soldiers paratroopers journalists
dockworkers dockers riders officials staff passengers tourists visitors delegates lawmakers deputies
supporters demonstrants manifestants strikers miners nurses doctors teachers pupils residents households
""".split())

SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "noted", "notes", "stressed",
    "stresses", "emphasized", "emphasised", "emphasizes", "insisted", "insists", "declared", "announced",
    "praised", "warned", "warns", "explained", "affirmed", "argued", "argues", "claimed", "claims",
    "asserted", "remarked", "replied", "wrote", "writes", "tweeted", "commented", "underlined", "recalled",
    "confirmed", "urged", "asked", "thanked", "pressured", "continued", "concluded", "admitted", "acknowledged",
    "called", "calling", "described", "describing", "saying", "adding", "telling", "noting", "stressing",
    "praising", "insisting", "warning", "quoted", "quoting", "repeated", "vowed", "promised", "announcing",
)

# Role nouns that refer to a person by office ("the Russian president", "the Belarusian leader").
# Offices in one class are interchangeable in reference: a "leader" or "head of state" of a country
# is its president when the event names one.
ROLE_CLASSES = {
    "president": "head", "leader": "head", "head of state": "head", "strongman": "head", "chief": "head",
    "ruler": "head", "counterpart": "head", "prime minister": "head of government", "premier": "head of government",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "press secretary": "spokesperson",
    "foreign minister": "foreign minister", "defence minister": "defence minister",
    "defense minister": "defence minister", "opposition leader": "opposition leader",
}
ROLE_RE = "|".join(sorted((re.escape(r) for r in ROLE_CLASSES), key=len, reverse=True))

# Credits and phrasings that betray a word-for-word translation ("Agence France-Presse" rendered
# as "France Media Agency"). Strong evidence on its own.
FOREIGN_CREDITS = re.compile(
    r"\b(?:France (?:Media|Press|Presse) Agency|French Press Agency|Agency France[- ]Press(?:e)?|"
    r"EFE Agency|Europa Press Agency|German Press Agency dpa|Press Agency of France)\b"
)
# Typography of French and Spanish sources kept by a translator: a space inside quotation marks
# ("“ all Russians ”for"), a parenthesised place dateline "(Moscow)". Weak evidence.
FOREIGN_TYPOGRAPHY = (
    re.compile(r"[“«]\s+\w|\w\s+[”»](?=\w)|[”»](?=[A-Za-z])"),
    re.compile(r"\A\s*\([A-Z][a-z]+(?:\s[A-Z][a-z]+)?\)\s"),
)
# Calques and false friends of French and Spanish that a word-for-word translation leaves in
# English ("au pouvoir" -> "at the power", "manifestants", "convocatorias electorales" -> "the
# electoral calls"), a decimal comma before a scale word, "billions of dollars" after a figure, and
# the French honorific "M." before a surname. Weak evidence each.
CALQUES = re.compile(
    r"\b(?:at the power|manifestants?|juridically|in face of|the scrutiny of|the electoral calls|"
    r"the scene lived|made a turn of \d+ degrees|have met themselves|has said himself|has declared himself|"
    r"a resort of (?:lake|sea|mountain)|the first displacement)\b"
    r"|\b\d+,\d (?:billions?|millions?)\b|\b\d[\d.,]* (?:billions|millions) of (?:dollars|euros)\b"
    r"|(?<![\w.])M\. [A-Z][a-z]+"
)

# Contested claims: a statement and its denial about the same point ("won fairly" / "rigged").
# Each stance is a family of words; the point is named by the nouns around them.
STANCES = {
    "fair": re.compile(r"\b(?:won (?:it )?fairly|fairly|free and fair|legitimate(?:ly)?|won (?:with|by)\b)", re.I),
    "rigged": re.compile(r"\b(?:rigged|fraud(?:ulent)?|stole|stolen|illegitimate(?:ly)?|falsified|usurper)\b", re.I),
}
STANCE_TOPICS = re.compile(r"\b(?:vote|votes|election|elections|re-election|poll|polls|ballot|win|result)\b", re.I)

# Verbs that report what someone said: the claim is the clause they introduce ("X said (that) Y").
REPORTING_VERBS = frozenset("""
say tell add announce confirm report state note warn claim allege insist maintain argue stress explain
declare reply write tweet comment acknowledge admit estimate believe think suggest accuse deny reject dismiss
urge call describe blame predict expect hope fear
""".split())
# Reporting verbs that present a claim as contested: "X alleged Y" does not agree with "Y".
CONTESTED_VERBS = frozenset("claim allege insist maintain accuse suggest argue blame".split())
# News synonyms of a predicate: claims whose content verbs fall in one class may state one fact.
# General news vocabulary (not taken from the benchmark's articles).
_PREDICATE_SETS = (
    "raise lift increase hike rise boost gain climb jump",
    "cut eliminate shed scrap remove end lay axe slash abolish",
    "kill die",
    "injure hurt wound harm suffer",
    "fall drop slide slip decline plunge sink",
    "deny reject dismiss rebut refute",
    "arrest detain",
    "sign conclude",
    "close shut suspend halt cancel",
    "strike hit shake",
    "flood swamp submerge",
    "sentence jail imprison",
    "recall withdraw",
    "rescue save evacuate",
    "lose destroy",
    "launch start begin open",
    "demand seek want ask",
    "offer propose",
    "win",
    "meet",
    "treat",
    "replace",
    "apologise apologize",
    "promise pledge grant",
    "deploy send",
    "appeal",
    "measure record register",
    "accuse blame",
    "meddle interfere",
    "predict expect forecast",
    "escape leak release",
)
PREDICATE_CLASSES = {w: s.split()[0] for s in _PREDICATE_SETS for w in s.split()}
# News synonyms among nouns, for finding claims that may state one fact (the checks decide).
_NOUN_SETS = (
    "fire blaze flames",
    "ship ferry vessel boat",
    "company firm group operator maker",
    "job position post role",
    "worker employee staff",
    "rise increase hike",
    "injury burn",
    "death toll",
    "pact deal agreement accord treaty",
    "tariff duty",
    "lawyer attorney counsel",
    "prison jail",
    "strike walkout stoppage",
    "rain rainfall",
    "home house",
    "earthquake quake tremor",
    "rescue operation search",
)
NOUN_CLASSES = {w: s.split()[0] for s in _NOUN_SETS for w in s.split()}
