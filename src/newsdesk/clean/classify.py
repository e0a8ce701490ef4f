"""Decide, for each unit of a text without HTML, whether it is article body or site chrome.

Structure first, keywords second:

1. *Line rules* (``rules.py``) name the chrome that announces itself ("Read more: ...",
   "Blog Widget by LinkWithin", "ab, cd / ef (dpa, Reuters)").
2. *Teaser pairs*: a headline-like line followed by a snippet cut off with "..." is a link to
   another story (sidebars, "Check Also" boxes), whatever its topic.
3. *The body region*, for page text only (every visible line of a page, told apart by its
   share of menu-like lines): every unit gets a score (running prose counts its words, menu
   lines and recognised chrome count against) and the body is the contiguous run of units
   with the highest total, the maximum-subarray segmentation of Pasternack & Roth
   ("Extracting article text from the web with maximum subsequence segmentation", WWW 2009),
   applied to text units instead of HTML tokens. Short lines inside the run (subheads, list
   items, one-line quotes) stay; the menus and sidebars around it go.
4. *The trailing zone*: after a comment counter or "Leave a Reply", everything is chrome
   (comments are long, on-topic prose: no content cue could tell them from the article). A
   "Related Articles" box covers the short lines after it, up to where running prose resumes.
5. *Position*: the headline repeated above the lede, an author's bio closing the body.
6. *Topical similarity*: an isolated short line or teaser inside the body that shares no
   content word with the title and the rest of the body is a stray sidebar headline.

Why hand-written: the libraries that do this (trafilatura, jusText, readability) all need the
HTML tree; for text that arrives without it there is no maintained library. jusText's cues
(length, stopword density) are reused here, with its stoplists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import stem
from . import rules
from .segment import Unit, content_words

# --- constants, calibrated on the plain-text task of ../shared/eval/zyte-extraction-dev
# --- (visible_text of 121 pages -> articleBody) and checked on the five seeds and the team's
# --- sample corpus. The region scores were chosen by a grid search with 2-fold validation
# --- (odd/even pages): NONPROSE_BASE in {0.5..24}, NONPROSE_PER_WORD in {-0.25..1},
# --- CHROME_BASE in {4, 8}, PROSE_MIN_WORDS in {6..15}, PROSE_MIN_STOP_DENSITY in
# --- {0.15..0.3}; the chosen values score 0.915 on both halves; the landscape is flat
# --- within +-0.005 around them.

# A unit is running prose when it ends like a sentence, has at least this many words ...
PROSE_MIN_WORDS = 10
# ... and at least this share of stopwords (jusText's cue: menus and lists of names have few).
PROSE_MIN_STOP_DENSITY = 0.25
# A long unit without final punctuation (ends on a link or an emoji) still counts as prose.
PROSE_UNTERMINATED_MIN_WORDS = 25
# Score of a line that is not prose: a fixed cost plus a cost per word.
NONPROSE_BASE = 8.0
NONPROSE_PER_WORD = 0.5
# Score of a unit recognised as chrome by a rule: this cost plus its length.
CHROME_BASE = 8.0
# Short sentences ("Reaction?", "He declined.") are neutral: kept when inside the body.
SHORT_SENTENCE_SCORE = 0.0
# A headline-like line has at most this many words and no final punctuation.
HEADLINE_MAX_WORDS = 20
# A teaser cut off with "..." has at least this many words.
TEASER_MIN_WORDS = 6
# In an extractor's output, a line of at most this many words before the first paragraph is a
# section label ("World", "Politics") rather than part of the article.
SECTION_LABEL_MAX_WORDS = 2
# An author's bio at the end of the body has at most this many words.
AUTHOR_BIO_MAX_WORDS = 80
# An author box runs at most this many lines after "About <Name>" (a bio, a "more by" line).
AUTHOR_BOX_MAX_LINES = 2
# Text with at least this share of menu-like units (at most MENU_MAX_WORDS words, no final
# punctuation) is page text, and the body region is searched for. Calibrated on the data: the
# visible text of the Zyte pages has 0.33 or more in 95% of pages (median 0.66); Multi-News
# documents (already extracted) have 0 at the median and 0.125 at the 90th percentile; the
# five seeds 0.07-0.14.
PAGE_TEXT_MIN_MENU_SHARE = 0.25
MENU_MAX_WORDS = 3
# Share of a line's content words found in the title and the rest of the body under which the
# line is off-topic (sidebar headlines of the seeds share none; subheads share most).
TOPIC_MIN_OVERLAP = 0.2
# A short line is a repeat of the title (or of the title without its "| Site" part) when the
# words they share are at least this share of the longer of the two.
TITLE_REPEAT_MIN = 0.6

_NORM = re.compile(r"\W+")
_TITLE_SEP = re.compile(r"\s+[|–—:-]\s+|\s*\|\s*")
_LIST_ITEM = re.compile(r"(?:[-*•|·–]|\d+[.)]|[a-z][.)])\s")


def _is_prose(u: Unit) -> bool:
    if u.ellipsis or u.stop_density < PROSE_MIN_STOP_DENSITY:
        return False
    if u.terminal:
        return u.size >= PROSE_MIN_WORDS
    return u.size >= PROSE_UNTERMINATED_MIN_WORDS


def _is_headline(u: Unit) -> bool:
    return not u.terminal and 1 < u.n_words <= HEADLINE_MAX_WORDS


def _is_teaser(u: Unit) -> bool:
    return u.ellipsis and u.n_words >= TEASER_MIN_WORDS


def _title_parts(title: str) -> list[set[str]]:
    """Word sets of the title and of its parts around site-name separators ("Headline | Site")."""
    parts = [title, *_TITLE_SEP.split(title)]
    return [ws for ws in ({w for w in _NORM.sub(" ", p.lower()).split()} for p in parts) if ws]


def _title_repeat(u: Unit, title_parts: list[set[str]]) -> bool:
    """A headline-like line that says what the title says (the page's own headline, repeated)."""
    if not title_parts or not u.words or u.n_words > HEADLINE_MAX_WORDS:
        return False
    if u.terminal and not u.text.rstrip("\"'”’»").endswith(("?", "!")):
        return False  # a sentence: the lede can say what the headline says and still be body
    own = set(u.words)
    return any(len(own & part) / max(len(own), len(part)) >= TITLE_REPEAT_MIN for part in title_parts)


def _title_fragment(u: Unit, title_words: set[str]) -> bool:
    """A short heading made only of title words ("Putin backs Lukashenko" under the full title)."""
    own = set(u.words)
    return not u.terminal and len(own) >= 2 and u.n_words <= HEADLINE_MAX_WORDS and own <= title_words


def _overlap(u: Unit, context: set[str]) -> float:
    cw = content_words(u)
    if not cw:
        return 1.0  # nothing to judge on: not evidence of another topic
    return len(cw & context) / len(cw)


def menu_share(units: list[Unit]) -> float:
    """Share of units that are menu-like: at most MENU_MAX_WORDS words, no final punctuation."""
    if not units:
        return 0.0
    return sum(1 for u in units if u.n_words <= MENU_MAX_WORDS and not u.terminal) / len(units)


def _context(units: list[Unit], idx: Iterable[int], title_words: set[str]) -> set[str]:
    lang = units[0].language if units else "en"  # segment() gives every unit the page's language
    ctx = {stem(w, lang) for w in title_words if len(w) > 2}  # stemmed as content_words() stems
    for k in idx:
        if _is_prose(units[k]):
            ctx |= content_words(units[k])
    return ctx


def _short_on_topic(u: Unit, reason: str | None, context: set[str]) -> bool:
    return (
        reason is None
        and u.terminal
        and not u.ellipsis
        and not _is_prose(u)
        and bool(content_words(u))
        and _overlap(u, context) >= TOPIC_MIN_OVERLAP
    )


def _best_run(scores: list[float]) -> tuple[int, int]:
    """``(start, end)`` (end exclusive) of the contiguous run with the largest sum (Kadane)."""
    best, best_span = float("-inf"), (0, 0)
    cur, cur_start = 0.0, 0
    for i, s in enumerate(scores):
        if cur <= 0:
            cur, cur_start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (cur_start, i + 1)
    return best_span if best > 0 else (0, 0)


def classify(units: list[Unit], *, title: str = "", assume_body: bool = False) -> list[str | None]:
    """One entry per unit: ``None`` to keep it, else the reason it is chrome.

    ``assume_body`` is for text an extractor already cut down to the article (trafilatura's
    output): no region search and no off-topic judgement, only the rules, teaser pairs, the
    trailing zone and the headline at the top.
    """
    n = len(units)
    title_words = set(_NORM.sub(" ", title.lower()).split())
    title_parts = _title_parts(title)
    reasons: list[str | None] = [rules.match_line(u.text, u.n_words) for u in units]
    _teaser_pairs(units, reasons)

    # Only page text (every visible line of a page: menus, link lists) needs the region search;
    # in article text (an extractor's output, a feed's body, the seeds) the rules and zones
    # are enough, and trimming would cut tables and lists at the edges.
    page_text = not assume_body and menu_share(units) >= PAGE_TEXT_MIN_MENU_SHARE
    start, end = _body_region(units, reasons, title_parts, title_words) if page_text else (0, n)
    end = _trailing_zone(units, reasons, first=start + 1, end=end)
    if not page_text:
        _leading_lines(units, reasons, title_parts, title_words)
    _author_boxes(units, reasons, start, end)
    _outside_region(units, reasons, start, end, title_parts)
    if not assume_body:
        _stray_sidebar_items(units, reasons, start, end, title_parts, title_words)
    return reasons


def _teaser_pairs(units: list[Unit], reasons: list[str | None]) -> None:
    """"Check Also" boxes, and headline + "..." teaser pairs (links to other stories)."""
    n, i = len(units), 0
    while i < n:
        u = units[i]
        if reasons[i] is None and rules.CHECK_ALSO.match(u.text):
            reasons[i] = "check also teaser"
            j = i + 1
            while j < n and j <= i + 2 and (_is_headline(units[j]) or _is_teaser(units[j])):
                reasons[j] = reasons[j] or "check also teaser"
                j += 1
            i = j
            continue
        if i + 1 < n and reasons[i] is None and _is_headline(u) and _is_teaser(units[i + 1]):
            reasons[i] = "sidebar headline"
            reasons[i + 1] = reasons[i + 1] or "sidebar teaser"
            i += 2
            continue
        i += 1


def _body_region(
    units: list[Unit], reasons: list[str | None], title_parts: list[set[str]], title_words: set[str]
) -> tuple[int, int]:
    """``(start, end)`` of the maximum-scoring run of units (see the module docstring)."""
    scores = []
    for u, r in zip(units, reasons):
        if r is not None or _title_repeat(u, title_parts) or rules.match_trailing(u.text, u.n_words):
            scores.append(-(CHROME_BASE + u.size))
        elif _is_prose(u):
            scores.append(u.size)
        elif u.terminal and not u.ellipsis:
            scores.append(SHORT_SENTENCE_SCORE)
        else:
            scores.append(-(NONPROSE_BASE + NONPROSE_PER_WORD * u.size))
    start, end = _best_run(scores)
    # The run stops at its last positive unit: take in the short sentences around it that are
    # on topic (a closing one-line quote, a one-sentence kicker).
    if end > start:
        context = _context(units, range(start, end), title_words)
        while end < len(units) and _short_on_topic(units[end], reasons[end], context):
            end += 1
        while start > 0 and _short_on_topic(units[start - 1], reasons[start - 1], context):
            start -= 1
    return start, end


def _trailing_zone(units: list[Unit], reasons: list[str | None], *, first: int, end: int) -> int:
    """Mark the zones after trailing triggers; return the (possibly earlier) end of the body.

    A comment counter or "Leave a Reply" ends the body for good (comments are on-topic prose:
    nothing after them can be trusted; later triggers rename the zone). A "Related" box is
    softer: it covers the short lines after it, and when running prose resumes inside the body
    region the article goes on (inline boxes in page text).
    """
    n, t = len(units), first
    triggers = [rules.match_trailing(u.text, u.n_words) for u in units]
    while t < n:
        trigger = triggers[t]
        if trigger in rules.HARD_TRIGGERS:
            zone = trigger
            for k in range(t, n):
                zone = triggers[k] or zone
                reasons[k] = reasons[k] or zone
            return min(end, t)
        if trigger:
            k = t
            while k < n and (k == t or not _is_prose(units[k]) or reasons[k] is not None):
                if triggers[k] in rules.HARD_TRIGGERS:
                    break
                reasons[k] = reasons[k] or trigger
                k += 1
            if t < end <= k:  # nothing of the article after the box
                end = t
            t = k
            continue
        t += 1
    return end


def _leading_lines(
    units: list[Unit], reasons: list[str | None], title_parts: list[set[str]], title_words: set[str]
) -> None:
    """Article text may open with a section label and the headline (repeated or cut short)."""
    for k, u in enumerate(units):
        if _is_prose(u) or reasons[k] is not None:
            return
        if _title_repeat(u, title_parts) or _title_fragment(u, title_words):
            reasons[k] = "title line"
            return  # the headline comes once; what follows it is the article
        if not u.terminal and u.n_words <= SECTION_LABEL_MAX_WORDS:
            reasons[k] = "navigation"


def _author_boxes(units: list[Unit], reasons: list[str | None], start: int, end: int) -> None:
    """The bio lines after "About <Name>", and an author's bio closing the body."""
    n = len(units)
    for k in range(n):
        m = rules.AUTHOR_BOX.match(units[k].text) if reasons[k] == "author box" else None
        if m:
            surname = m.group("name").split()[-1]
            for j in range(k + 1, min(n, k + 1 + AUTHOR_BOX_MAX_LINES)):
                if surname not in units[j].text:
                    break
                reasons[j] = "author box"
    for k in range(end - 1, start - 1, -1):  # walk back from the end over short lines and bios
        u = units[k]
        if reasons[k] is not None:
            continue
        if u.n_words <= AUTHOR_BIO_MAX_WORDS and rules.AUTHOR_BIO.match(u.text):
            reasons[k] = "author box"
        elif _is_prose(u):
            return


def _outside_region(
    units: list[Unit], reasons: list[str | None], start: int, end: int, title_parts: list[set[str]]
) -> None:
    """Name what lies outside the body region and no rule recognised."""
    for k, u in enumerate(units):
        if reasons[k] is not None or start <= k < end:
            continue
        if _title_repeat(u, title_parts):
            reasons[k] = "title line"
        elif _is_headline(u) and u.n_words >= 4:
            reasons[k] = "sidebar headline"
        elif not _is_prose(u):
            reasons[k] = "navigation"
        else:
            reasons[k] = "page header" if k < start else "page footer"


def _stray_sidebar_items(
    units: list[Unit],
    reasons: list[str | None],
    start: int,
    end: int,
    title_parts: list[set[str]],
    title_words: set[str],
) -> None:
    """An isolated headline-like line or teaser in the body that shares no content word with
    the title and the kept prose is a stray sidebar item. Runs of short lines are lists or
    tables and are kept."""
    n = len(units)
    kept = [k for k in range(start, end) if reasons[k] is None]
    context = _context(units, kept, title_words)
    for k in kept:
        u = units[k]
        if k == start and _title_repeat(u, title_parts):
            reasons[k] = "title line"
            continue
        isolated = all(not (0 <= j < n) or j < start or j >= end or _is_prose(units[j]) for j in (k - 1, k + 1))
        if (
            isolated
            and (_is_headline(u) or _is_teaser(u))
            and u.n_words >= 4
            and not _LIST_ITEM.match(u.text)
            and _overlap(u, context) < TOPIC_MIN_OVERLAP
        ):
            reasons[k] = "sidebar teaser" if _is_teaser(u) else "sidebar headline"
