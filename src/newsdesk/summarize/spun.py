"""Spun wording repaired: the substitutions a spinner tool makes, reversed, each an :class:`Edit`.

Used by :mod:`.edit` (point 3 of its docstring) on the sentences of a copy the spinner detector
flags (``consolidate.flags.spun_flag``); kept apart from it for size.
"""

from __future__ import annotations

import re

from ..model import Edit, Span

_DIGITS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine"}
_GROUPS = r"(leaders|nations|countries|men|sides|presidents|governments|states)"
# (pattern, replacement): the spinner substitutions of ``extract.lexicon.SPINNER`` reversed, and
# further synonyms spinner tools produce ("economic system" for economy), applied only inside a
# copy the detector flags as spun. Written by the team from the spun seed and the substitution
# tables spinners are known for.
REPAIRS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"\bsafe (?:one other|another) (?:loan|mortgage)\b", "secure another loan"),
        (r"\bsafe (a|the) (?:loan|mortgage)\b", "secure \\1 loan"),
        (r"\bhistorical past\b", "history"),
        (r"\bone other\b(?! than)", "another"),
        (r"(?<!the )\bfinal (week|month|year)\b", "last \\1"),
        (r"\bnicely (spent|known|received|established)\b", "well \\1"),
        (r"\bauthorities sources\b", "government sources"),
        (r"\bin opposition to\b", "against"),
        (r"\bprevious to\b", "prior to"),
        (r"\bregardless of\b", "despite"),
        (rf"\bthe ([2-9]) {_GROUPS}\b", "the {digit} \\2"),
        (r"\bmortgage\b", "loan"),
        # "shut" alone (a lookahead): "shut political, financial and navy ties" has two repairs
        (r"\bshut(?= (?:financial|economic|political|cultural|navy|military|ties|relations|ally|allies|cooperation|"
         r"contact|links)\b)", "close"),
        (r"\bprincipal commerce and financial associate\b", "main trade and economic partner"),
        (r"\b(trade|commerce|financial|economic|business) associate\b", "\\1 partner"),
        (r"\bprincipal commerce\b", "main trade"),
        (r"\bcommerce and financial\b", "trade and economic"),
        (r"\bthe primary (batch|time|step|round|shipment|case|dose)\b", "the first \\1"),
        (r"\bthe previous soviet\b", "the former Soviet"),
        (r"\bbriefly remarks\b", "in brief remarks"),
        (r"\bmedia (?:advised|suggested)\b", "media reported"),
        (r"\bincluding that\b", "adding that"),
        (r"\bat house\b", "at home"),
        (r"\bpolitical, financial and navy\b", "political, economic and military"),
        (r"\bnavy (ties|exercises|drills|cooperation|bases)\b", "military \\1"),
        (r"\bsynthetic intelligence\b", "artificial intelligence"),
        (r"\bmedical doctors\b", "doctors"),
        (r"\bstated\b", "said"),
        (r"\bpressured (that|the significance|the importance|the need)\b", "stressed \\1"),
        (r"\b([A-Z][a-z]+ian) chief\b", "\\1 leader"),
        (r"\bfinancial and political help\b", "economic and political support"),
        (r"\bfinancial help\b", "economic support"),
        (r"\bthe data\b(?= (?:final|last|on|and))", "the report"),
        (r"\bsurrender its independence\b", "give up its independence"),
        (r"\bnumerous instances\b", "many times"),
        (r"\bfirstly of the\b", "at the start of the"),
        (r"\bwith out\b", "without"),
        (r"\b(presidential|press|president's|foreign) workplace\b", "\\1 office"),
        (r"\bgot here to\b", "came to"),
        (r"\bnot less than\b", "at least"),
        (r"\bby means of the\b", "through the"),
        (r"\bearlier than the beginning of\b", "before the start of"),
        (r"\bearlier than\b", "before"),
        (r"\beconomic system\b", "economy"),
        (r"\bwithin the\b", "in the"),
        (r"\bstays\b", "remains"),
        (r"\badditionally\b", "also"),
        (r"\bcould be mentioned\b", "could be discussed"),
        (r"\bthroughout (\w+['’]s) go to\b", "during \\1 visit"),
        (r"\bpersonal vaccine\b", "own vaccine"),
        (r"\bmanufacturing of\b", "production of"),
        (r"\boffering for\b", "providing for"),
        (r"\bthey['’]ve usually\b", "they have often"),
        (r"\bhas needed to\b", "has had to"),
        (r"\brely squarely on\b", "rely solely on"),
        (r"\bturned the second\b", "became the second"),
        (r"\bto provide regulatory approval\b", "to give regulatory approval"),
    )
)


def _cased(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def spun_repairs(text: str, start: int, doc_id: str) -> list[Edit]:
    """The spinner substitutions in ``text`` (a sentence at ``start`` of article ``doc_id``), reversed."""
    taken: list[tuple[int, int]] = []
    out: list[Edit] = []
    for pat, rep in REPAIRS:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            new = m.expand(rep)
            if "{digit}" in new:
                new = new.replace("{digit}", _DIGITS[m.group(1)])
            new = _cased(m.group(0), new)
            taken.append((m.start(), m.end()))
            out.append(Edit(Span(doc_id, start + m.start(), start + m.end()), m.group(0), new, "spun"))
    return out


def spun_wording(text: str) -> bool:
    """Whether ``text`` holds a known spinner substitution ("the Belarusian chief" for leader): such
    a name or phrase is not shown to a reader as another way an entity is written."""
    return bool(spun_repairs(text, 0, ""))
