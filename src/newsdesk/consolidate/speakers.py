"""Who says a claim: whether two speakers (names or roles as written) may be one source."""

from __future__ import annotations

from ..extract.lexicon import NOUN_CLASSES


def _speakers_differ(a: str, b: str) -> bool:
    """Two names with different surnames ("Paul Rask" / "Rask" are one), or two roles with no word
    in common ("residents" / "the company"). A name and a role may be one speaker ("the company" /
    "Norvik Lines"): not judged."""
    wa, wb = a.replace("’", "'").split(), b.replace("’", "'").split()
    name_a, name_b = all(w[:1].isupper() for w in wa), all(w[:1].isupper() for w in wb)
    if name_a and name_b:
        return wa[-1].lower() != wb[-1].lower()
    if not name_a and not name_b:
        ca = {w.lower() for w in wa if w.lower() not in _ROLE_FILLER}
        cb = {w.lower() for w in wb if w.lower() not in _ROLE_FILLER}
        same_kind = NOUN_CLASSES.get(wa[-1].lower(), "a") == NOUN_CLASSES.get(wb[-1].lower(), "b")
        # "officials" / "the agency" may be one source, not when one says it is another body's
        # ("union officials" / "the port authority")
        official = _stand_in(wa[-1]) and _stand_in(wb[-1]) and not _other_body(wa, wb) and not _other_body(wb, wa)
        return not (ca & cb) and not same_kind and not official  # "the operator" / "the company" may be one
    role, name = (wb, wa) if name_a else (wa, wb)
    # "the company" may be Norvik Lines; "the Russian press" is not Putin; "union officials" are not
    # Castrelle Port Authority
    return not _stand_in(role[-1]) or _other_body(role, name)


def _other_body(role: list[str], other: list[str]) -> bool:
    """``role`` says it is of a body (a stand-in noun before its head: "union officials", "police
    spokesman") and the other speaker names a body of another kind ("Castrelle Port Authority", "the
    port authority"). A name saying no kind ("Drummel") may be the body: "a company statement" may be its."""
    others = {w.lower() for w in other}
    kinds = {w for w in others if _stand_in(w)}
    return bool(kinds) and any(_stand_in(w) and w.lower() not in others for w in role[:-1])


def _stand_in(word: str) -> bool:
    w = word.lower()
    return w in STAND_IN or (w.endswith("s") and w[:-1] in STAND_IN)  # "officials"


# Head nouns of a role that can stand for a named speaker ("the company", "the minister").
STAND_IN = frozenset("""
company firm group operator maker manufacturer board commission agency office authority authorities government
ministry union bank police army court council party president leader minister spokesman spokeswoman spokesperson
chief executive director governor mayor premier chancellor head official lawyer prosecutor regulator kremlin
airline carrier insurer lender retailer utility broadcaster carmaker automaker supplier owner statement
""".split())


_ROLE_FILLER = frozenset({"the", "a", "an", "of", "from", "its", "his", "her", "their", "and", "in", "at", "for",
                          "senior", "top", "deputy", "former", "some", "several", "two", "three"})
