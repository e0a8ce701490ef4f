"""Selection under a word budget with redundancy control, reading order, headline compression
and citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..model import Citation, Span
from .features import Candidate

# Two sentences whose TF-IDF cosine is at least this are "the same sentence" for selection: the
# lower-scored one is never added. Tuned with out-of-fold ROUGE (R1/R2 at 300 words) on the 250
# Multi-News dev clusters: 0.15 46.12/16.08, 0.2 46.51/16.91, 0.25 46.52/17.24, 0.3 46.36/17.45,
# 0.4 46.10/17.26, 0.5 45.97/17.22, 0.7 45.81/17.21 (MMR with a soft penalty was no better).
#
# Re-measured 2026-12-02 after issue 10's editor (speakers, leaning sentences taken after their
# predecessor), chosen on folds 0-2 of the 5-fold split (150 clusters), reported on folds 3-4 (100):
# 0.22 (the citation threshold) choose 45.52/16.67 report 47.64/17.93; 0.25 45.58/16.79, 47.72/18.23;
# 0.3 45.46/16.83, 47.60/18.11; 0.35 45.42/16.97, 47.57/18.15: a tie within noise. 0.25 is used: it
# does not cost ROUGE and a brief restates less (the seeds' event of 2020 said Putin's words to
# Lukashenko three times, from three sources, at cosines 0.23-0.26).
REDUNDANCY = 0.25

# A candidate sharing at least this many word trigrams with the sentences already chosen repeats
# them and is skipped (trigram blocking, as in BertSum, made lenient for multi-document input).
# Out-of-fold R1/R2 at 300 words with REDUNDANCY 0.3: no blocking 46.82/18.35, at 1 shared trigram
# 46.81/18.08, 2 47.03/18.38, 3 47.13/18.65, 4 46.95/18.44, 6 46.86/18.40.
TRIGRAM_BLOCK = 3
_TOKEN = re.compile(r"[a-z0-9]+")


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = _TOKEN.findall(text.lower())
    return {tuple(w[i : i + 3]) for i in range(len(w) - 2)}


# Two quotations are the same remark when their quoted words overlap this much (shared content
# words over the smaller quotation's): two sources translating one remark differently ("sure that
# considering your experience" / "I am sure that, given your political experience, ...") share few
# words outside the quotation marks, so their sentences' cosine stays under REDUNDANCY (the seeds'
# Putin remark: 0.23; 3 of its 10 and 11 quoted content words shared). The lower-scored one is not
# added. Out-of-fold R1/R2 at 300 words, 5-fold split of the 250 Multi-News dev clusters, folds 0-2
# (150 clusters, to choose) | folds 3-4 (100, to report), 2026-12-02: no quotation test
# 45.53/16.74 | 47.80/17.97; 2 shared words at 0.3 45.47/16.63 | 47.61/17.86; 3 at 0.3
# 45.50/16.68 | 47.76/17.96; 2 at 0.5 45.49/16.68 | 47.70/17.93; 3 at 0.5 45.54/16.74 | 47.83/18.03.
# ROUGE does not reward the test (a tie within noise at best); 3 at 0.3 is the least costly setting
# that still tells the seeds' remark once, so it was chosen for the editor on that one case, not on folds.
QUOTE_REDUNDANCY = 0.3
QUOTE_MIN_SHARED = 3  # and at least this many shared content words
_QUOTE = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")
_STOP = frozenset(
    """a an the and or but if of in on at to for with by from as is are was were be been being am has have had do
    does did will would shall should can could may might must not no nor so than that this these those there here
    it its it's i me my we us our you your he him his she her they them their what which who whom whose when where
    why how all any both each few more most other some such only own same too very just also into over under about
    after before again further then once up down out off""".split()
)


def quote_words(text: str) -> frozenset[str]:
    """Content words inside the quotation marks of ``text`` (lower case, a plural or possessive 's
    dropped), empty without a quotation."""
    words: set[str] = set()
    for m in _QUOTE.finditer(text):
        for w in _TOKEN.findall(m.group(1).lower()):
            if w not in _STOP and len(w) > 2:
                words.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return frozenset(words)


def same_remark(a: frozenset[str], b: frozenset[str], *, share: float | None = None) -> bool:
    """Two quotations' content words (:func:`quote_words`) overlap enough to be one remark."""
    if not a or not b:
        return False
    common = len(a & b)
    return common >= QUOTE_MIN_SHARED and common / min(len(a), len(b)) >= (QUOTE_REDUNDANCY if share is None else share)


# A budget with fewer words left than this is full: no fit sentence is that short
# (``quality.MIN_WORDS``), so looking further only costs time.
MIN_FILL = 6


def select(
    cands: Sequence[Candidate],
    scores: np.ndarray,
    S: np.ndarray,
    *,
    words: int,
    redundancy: float = REDUNDANCY,
    trigram_block: int = TRIGRAM_BLOCK,
    given: Sequence[int] = (),
    shown: Callable[[int], str | None] | None = None,
    after: Callable[[int], tuple[int, str] | None] | None = None,
) -> list[int]:
    """Greedy: best-scored fit sentences first, skipping any too similar to one already chosen
    (TF-IDF cosine, shared trigrams, the same quoted remark: :func:`same_remark`), within a hard budget of ``words`` words: a sentence that
    would run past it is passed over for a shorter one further down.

    ``shown(i)`` gives the text sentence ``i`` will have in the brief (after its edits), or None
    when it cannot stand on its own there; by default its text without a dateline. Words and
    trigrams are counted on that text (a spun copy's repaired sentence repeats the original's).
    ``after(i)`` gives, for a sentence that cannot stand alone, the sentence ``j`` it can follow
    (the one before it in its source) and its text there: it is taken once ``j`` is, and
    :func:`reading_order` puts it right after ``j``.
    ``given`` sentences (a headline) count as chosen for redundancy but are not returned."""
    order = np.argsort(-scores, kind="stable")
    chosen: list[int] = []
    known = [int(g) for g in given]
    seen: set[tuple[str, ...]] = set()
    for g in known:
        seen |= _trigrams(cands[g].text)
    total = 0
    pending: dict[int, list[tuple[int, str]]] = {}  # sentence -> the sentences waiting to follow it

    quotes: dict[int, frozenset[str]] = {}

    def remark(i: int) -> frozenset[str]:
        if i not in quotes:
            quotes[i] = quote_words(cands[i].text)
        return quotes[i]

    def fits(i: int) -> bool:
        c = cands[i]
        if c.problem is not None or i in known or (known and float(S[i, known].max()) >= redundancy):
            return False
        return not (remark(i) and any(same_remark(remark(i), remark(k)) for k in known))

    def take(i: int, text: str) -> bool:
        nonlocal total, seen
        tri = _trigrams(cands[i].text) | _trigrams(text)
        n = len(text.split())
        if len(tri & seen) >= trigram_block or total + n > words:
            return False
        chosen.append(i)
        known.append(i)
        seen |= tri
        total += n
        for k, k_text in pending.pop(i, []):  # in score order
            if words - total >= MIN_FILL and fits(k):
                take(k, k_text)
        return True

    for i in (int(x) for x in order):
        if not fits(i):
            continue
        text = shown(i) if shown is not None else strip_dateline(cands[i].text)
        if text is None:
            got = after(i) if after is not None else None
            if got is None:
                continue
            j, text = got
            if j not in chosen:
                pending.setdefault(j, []).append((i, text))
                continue
        take(i, text)
        if words - total < MIN_FILL:
            break
    return chosen


# Reading order (what happened, then reactions, then background), each part grouped by source
# so that two sources do not alternate sentence by sentence.
_BACKGROUND = re.compile(
    r"(?i)\b(?:has|have|had)\s+(?:long\s+|previously\s+|repeatedly\s+)?(?:been|served|ruled|led|held|faced)\b"
    r"|\b(?:previously|formerly|in the past|for years|for decades|since (?:19|20)\d\d|prior to|years? ago|"
    r"decades? ago|history|historically)\b"
)
_REACTION = re.compile(r"[\"“”]|(?i:\b(?:criticis|criticiz|condemn|welcom|prais|denounc|react|warn)\w*\b)")


def part_of(text: str) -> int:
    """0 for what happened, 1 for a reaction (a quotation, criticism, praise), 2 for background."""
    if _BACKGROUND.search(text):
        return 2
    if _REACTION.search(text):
        return 1
    return 0


def reading_order(
    cands: Sequence[Candidate], chosen: Sequence[int], attached: Mapping[int, int] | None = None
) -> list[int]:
    """The lead first (the chosen sentence earliest in its article), then what happened,
    reactions and background; within each part, sources in the order of their earliest chosen
    sentence, each source's sentences in its own order. A sentence ``attached`` to another
    (``{i: j}``: it stands only after ``j``, see :func:`select`) comes right after it."""
    if not chosen:
        return []
    attached = {i: j for i, j in (attached or {}).items() if i in chosen and j in chosen}
    heads = [i for i in chosen if i not in attached]
    followers: dict[int, list[int]] = {}
    for i, j in sorted(attached.items()):
        followers.setdefault(j, []).append(i)

    def pos(i: int) -> tuple[float, int, int]:
        return (cands[i].index / max(cands[i].n_in_doc, 1), cands[i].doc, cands[i].index)

    lead = min(heads, key=pos)
    rest = [i for i in heads if i != lead]
    first_of_doc: dict[int, tuple[float, int, int]] = {}
    for i in sorted(heads, key=pos):
        first_of_doc.setdefault(cands[i].doc, pos(i))
    first_of_doc[cands[lead].doc] = (-1.0, -1, -1)  # the lead's source comes first in each part
    out: list[int] = []

    def emit(i: int) -> None:
        out.append(i)
        for k in followers.get(i, []):
            emit(k)

    for i in [lead] + sorted(rest, key=lambda i: (part_of(cands[i].text), first_of_doc[cands[i].doc], cands[i].index)):
        emit(i)
    return out


# ------------------------------------------------------------------------------ compression
_DATELINE = re.compile(
    r"""^(?:
        \((?:[A-Z][\w.]*\s?){1,3}\)\s*(?:[-–—:]\s*)?              # (CNN)  (Moscow) –
      | [A-ZА-ЯЁ](?:[A-ZА-ЯЁ.'’\s-]|(?<=[\s-])(?:d|de|del|la|le|du|da|von|van|el|al)(?=['’\s-])){2,40}  # COEUR d'ALENE
        (?:\s*\([A-Z][\w.\s]{1,30}\))?       # ISTANBUL (Turkey), August 21 (Xinhua) --
        (?:,\s*[\w.\s]{1,30}){0,3}?         # MOSCOW | LONDON, Sept. 14 | VELDEN, mardi 3 mars 2026
        (?:\s*\((?:[A-Z][\w.]*\s?){1,3}\))?\s*[-–—:_]+\s*           # (AP) –  (AP) _ (AP's wire format)
    )""",
    re.VERBOSE,
)
_PAREN = re.compile(r"\s*\([^()]{1,80}\)")
_TRAIL_ATTR = re.compile(
    r",\s*(?:according\s+to\s+[^,;]{2,60}|(?:[\w.'’-]+\s+){0,5}(?:said|says|reported|announced)"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?)"
    r"(?P<end>[.!]?)$"
)


# What is left of a wire dateline cut off by the sentence splitter: "-- A fourth uranium mine ...".
_LEADING_DASH = re.compile(r"^\s*(?:-{2,}|[–—_])\s*(?=[A-Z“\"])")


def strip_dateline(text: str) -> str:
    m = _DATELINE.match(text)
    if m and m.end() < len(text) and text[m.end()].isupper():
        return text[m.end() :]
    d = _LEADING_DASH.match(text)
    if d and d.end() < len(text):
        return text[d.end() :]
    return text


def compress(text: str) -> str:
    """Shorten a headline by deletions only: dateline, parentheticals, trailing attribution."""
    t = strip_dateline(text)
    t = _PAREN.sub("", t)
    if not t.lstrip().startswith(('"', "“")):
        t = _TRAIL_ATTR.sub(lambda m: m.group("end") or ".", t)
    return re.sub(r"\s{2,}", " ", t).strip()


# ------------------------------------------------------------------------------ citations
def citations(
    i: int,
    cite_cands: Sequence[Candidate],
    S: np.ndarray,
    *,
    threshold: float,
) -> tuple[Citation, ...]:
    """The source sentence ``i`` plus, for every other article, its most similar sentence when the
    similarity reaches ``threshold``. ``S`` is the similarity matrix over ``cite_cands``."""
    src = cite_cands[i]
    out = [Citation(src.article_id, src.span, 1.0)]
    best: dict[str, tuple[float, Span]] = {}
    for j in np.nonzero(S[i] >= threshold)[0]:
        c = cite_cands[j]
        if c.article_id == src.article_id:
            continue
        score = float(S[i, j])
        if c.article_id not in best or score > best[c.article_id][0]:
            best[c.article_id] = (score, c.span)
    for aid, (score, span) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.append(Citation(aid, span, round(min(score, 1.0), 4)))
    return tuple(out)
