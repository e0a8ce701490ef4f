"""Amounts that different articles report for the same thing, and amounts that differ on one point.

``link_amounts`` joins quantities of one event into classes of "the same amount": conversions
inside an article ("2 billion dollars (1.7 billion euros)") bridge currencies, and across
articles equal figures join when they are distinctive (money of a million or more, a share that is
no multiple of 5%) or when their
neighbourhoods share a content word (the "loan", "lasted").

``quantity_points`` groups quantities that answer the same question (how long the talks lasted,
how many marched) whatever their values; a point whose quantities disagree in value or qualifier
is a differing account.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..extract.quantities import display
from ..model import Quantity, QuantityLink
from ..text import WORD, stop_words
from ..text import stem as stem_in
from .common import UnionFind, content_stems, stem

DISTINCTIVE_MONEY = 1_000_000  # equal sums of money at least this large are one amount within an event
SAME_VALUE_TOLERANCE = 0.005  # relative difference under which two figures are equal (rounding)
WINDOW_CHARS = 70  # characters each side of an amount whose words describe it (about 10 words)
# Stems too common in news to tie two amounts together on their own.
GENERIC = frozenset(stem(w) for w in (
    "said", "year", "time", "day", "week", "month", "according", "report", "new", "first", "total", "least",
    "also", "one", "two", "three", "per", "cent", "percent",
))


# Languages that capitalise every noun: there a capitalised word is a content word, not a name.
NOUNS_CAPITALISED = frozenset({"de", "lb"})


def _stems_in(text: str, language: str) -> list[str]:
    """Content stems of ``text`` in a language other than English: that language's stop words
    (``text.stop_words``: jusText's lists, "de", "la", "der", "und", "dan", "yang") and stemmer
    (Snowball via PyStemmer); capitalised words (names) left out except where nouns are capitalised."""
    sw = stop_words(language)
    keep_capitals = language in NOUNS_CAPITALISED
    out = []
    for w in WORD.findall(text):
        if w[0].isdigit() or (w[0].isupper() and not keep_capitals):
            continue
        lw = w.lower().replace("’", "'")
        if lw in sw or len(lw) < 3:
            continue
        out.append(stem_in(lw, language))
    return out


def window_stems(text: str, q: Quantity, language: str | None = None) -> set[str]:
    """Content stems around an amount, within its sentence (capitalised names excluded), read with
    the stop words and stemmer of the article's ``language`` (None: English, as the facts stage reads
    an article of unknown language)."""
    lo = max(0, q.span.start - WINDOW_CHARS)
    hi = min(len(text), q.span.end + WINDOW_CHARS)
    left = text[lo : q.span.start]
    right = text[q.span.end : hi]
    for stop in (". ", "\n"):
        i = left.rfind(stop)
        if i >= 0:
            left = left[i + len(stop) :]
        j = right.find(stop)
        if j >= 0:
            right = right[:j]
    lang = (language or "en").split("-")[0].lower()
    words = content_stems(left + " " + right, lowercase_only=True) if lang == "en" else _stems_in(left + " " + right, lang)
    return {s for s in words if s not in GENERIC}


def _odd_share(value: float) -> bool:
    """A share that is no round figure (62%, 4.25%, not 50% or 10%): two articles of one event giving
    it report one amount, whatever words surround it ("Turnout was 62%" / "62% of voters cast a ballot")."""
    return abs(value) >= 1 and round(value * 100) % 500 != 0


def _equal(a: Quantity, b: Quantity) -> bool:
    return a.unit == b.unit and abs(a.value - b.value) <= SAME_VALUE_TOLERANCE * max(abs(a.value), abs(b.value), 1e-9)


def _contexts(quantities: Sequence[Quantity], texts: Mapping[str, str],
              languages: Mapping[str, str | None] | None) -> dict[str, set[str]]:
    lang = languages or {}
    return {q.id: window_stems(texts[q.span.doc_id], q, lang.get(q.span.doc_id)) for q in quantities}


def link_amounts(
    quantities: Sequence[Quantity], texts: Mapping[str, str], conversions: Sequence[QuantityLink],
    languages: Mapping[str, str | None] | None = None,
) -> tuple[QuantityLink, ...]:
    """The conversion links plus one ``same_amount`` link per amount reported by two or more articles.

    ``languages`` (article id -> ISO 639-1) says how each article's words are read; absent: English."""
    by_id = {q.id: q for q in quantities}
    ctx = _contexts(quantities, texts, languages)
    uf = UnionFind()
    for link in conversions:
        for qid in link.quantities[1:]:
            uf.union(link.quantities[0], qid)
    qs = sorted(quantities, key=lambda q: q.id)
    for i, a in enumerate(qs):
        for b in qs[i + 1 :]:
            if a.kind != b.kind or not _equal(a, b):
                continue
            distinctive = (a.kind == "money" and a.value >= DISTINCTIVE_MONEY) or (
                a.kind == "percent" and _odd_share(a.value))
            # a count of a named noun ("120 families", "220 flights") says what it counts: the noun is
            # the shared context ("people" and "unit" say nothing of what was counted)
            named = a.kind == "count" and a.value >= 10 and a.unit not in ("people", "unit")
            if distinctive or ((named or ctx[a.id] & ctx[b.id]) and (a.kind != "count" or a.value >= 10)):
                uf.union(a.id, b.id)
    out = list(conversions)
    for group in uf.groups(q.id for q in qs):
        ids = sorted(str(g) for g in group)
        docs = {by_id[i].span.doc_id for i in ids}
        if len(docs) < 2:
            continue
        forms = Counter(display(by_id[i]).removeprefix(f"{by_id[i].qualifier} ") if by_id[i].qualifier else
                        display(by_id[i]) for i in ids)
        words = Counter(w for i in ids for w in ctx[i])
        about = ", ".join(w for w, n in _most_common(words)[:3] if n >= 2)
        out.append(
            QuantityLink(
                kind="same_amount",
                quantities=tuple(ids),
                evidence=f"{' = '.join(forms)} reported by {len(docs)} articles"
                + (f" (about: {about})" if about else ""),
            )
        )
    return tuple(out)


def amount_classes(links: Sequence[QuantityLink]) -> dict[str, str]:
    """Quantity id -> id of its amount class (the first id of its link group)."""
    uf = UnionFind()
    for link in links:
        for qid in link.quantities[1:]:
            uf.union(link.quantities[0], qid)
        uf.find(link.quantities[0])
    return {str(k): str(uf.find(k)) for k in list(uf.parent)}


def quantity_points(quantities: Sequence[Quantity], texts: Mapping[str, str]) -> list[list[Quantity]]:
    """Groups of quantities (two or more) that measure the same thing, whatever their values.

    Same kind and unit ("people" counts match counts of unnamed units), different sentences or
    articles, and at least one shared descriptive word near them ("lasted", "marched").
    """
    ctx = {q.id: window_stems(texts[q.span.doc_id], q) for q in quantities}
    uf = UnionFind()
    qs = sorted(quantities, key=lambda q: q.id)
    for i, a in enumerate(qs):
        for b in qs[i + 1 :]:
            if a.kind != b.kind or a.kind == "money":
                continue
            if a.unit != b.unit and not (a.kind == "count" and "people" in (a.unit, b.unit)):
                continue
            same_doc = a.span.doc_id == b.span.doc_id
            if same_doc and abs(a.span.start - b.span.start) < 2 * WINDOW_CHARS:
                continue  # one sentence listing several figures
            if ctx[a.id] & ctx[b.id]:
                uf.union(a.id, b.id)
    by_id = {q.id: q for q in qs}
    return [[by_id[str(i)] for i in sorted(g, key=str)] for g in uf.groups(q.id for q in qs) if len(g) >= 2]


def shared_words(text_of: Mapping[str, str], qs: Sequence[Quantity]) -> list[str]:
    """Descriptive stems shared by at least two quantities of a point, most shared first."""
    counts = Counter(w for q in qs for w in window_stems(text_of[q.span.doc_id], q))
    return [w for w, n in _most_common(counts) if n >= 2]


def _most_common(counts: Counter[str]) -> list[tuple[str, int]]:
    """``Counter.most_common`` with ties broken alphabetically: the counted words come from sets,
    whose order follows the process's hash seed, and output must not change between runs."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
