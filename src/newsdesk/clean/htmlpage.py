"""``clean_html``: trafilatura finds the article body, the text rules trim what it lets through.

The removed chrome is reported too: every visible paragraph of the page (``visible_text``) that
is not part of the body becomes a removed paragraph, with a precise reason when a text rule
recognises it and "html boilerplate (trafilatura)" otherwise.
"""

from __future__ import annotations


from ..config import CleanConfig
from ..htmltext import visible_text
from ..model import Paragraph
from ..text import words
from .classify import classify
from .plain import assemble, cut_text
from .rules import match_line
from .segment import Unit, make_unit, segment, split_long, units_language

TRAFILATURA_REASON = "html boilerplate (trafilatura)"
# Reasons of the text classifier that only say "outside the body region": on HTML pages the
# region is trafilatura's call, so these lines get TRAFILATURA_REASON instead.
_VAGUE = {None, "navigation", "sidebar headline", "sidebar teaser", "page header", "page footer"}
# A visible line of up to this many words found in the body counts as body only when it is met
# close to where the previous body line ended (short strings such as "Home" occur anywhere).
SHORT_LINE_WORDS = 3
SHORT_LINE_MAX_GAP = 40  # characters of body text between the previous match and this one


# With favor_precision, trafilatura sometimes settles on a fragment (a reprint notice, one
# caption) of a page whose article it finds in its default mode. When the precise extraction
# has fewer than this share of the default one's words, the default one is used. Calibrated on
# ../shared/eval/zyte-extraction-dev: at 0.3 one of 121 pages switches (a 2-line notice instead
# of a 400-word article) and F1 rises 0.964 -> 0.971; at 0.5 a second page switches, for the worse.
PRECISION_FALLBACK_RATIO = 0.3


def _trafilatura(html: str, config: CleanConfig, *, favor_precision: bool, metadata: bool) -> tuple[str, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,  # comments are never article body
        favor_precision=favor_precision,
        favor_recall=config.favor_recall,
        include_tables=config.include_tables,
        with_metadata=metadata,
    )
    if doc is None:
        return "", ""
    return (getattr(doc, "text", None) or ""), (getattr(doc, "title", None) or "")


def _extract(html: str, config: CleanConfig, page_words: int | None = None) -> tuple[str, str]:
    """``(body, title)`` from trafilatura; empty strings when it finds no article.

    ``page_words`` (the word count of the page's visible text) bounds the default extraction's
    length: when the precise one is long enough against it, the second run is skipped.
    """
    body, title = _trafilatura(html, config, favor_precision=config.favor_precision, metadata=True)
    n_body = len(body.split())
    if config.favor_precision and (page_words is None or n_body < PRECISION_FALLBACK_RATIO * page_words):
        default, _ = _trafilatura(html, config, favor_precision=False, metadata=False)
        if len(body.split()) < PRECISION_FALLBACK_RATIO * len(default.split()):
            body = default
    return body, title


def _key(text: str) -> str:
    return " ".join(words(text))


def clean_html(html: str, *, config: CleanConfig = CleanConfig(), title: str = "") -> tuple[Paragraph, ...]:
    """Body paragraphs of an HTML page, plus every other visible paragraph as removed chrome."""
    return clean_html_page(html, config=config, title=title)[0]


def clean_html_page(
    html: str, *, config: CleanConfig = CleanConfig(), title: str = ""
) -> tuple[tuple[Paragraph, ...], int]:
    """:func:`clean_html` and the number of characters not read (over ``config.max_chars``: the
    page's visible text and trafilatura's body are each cut there)."""
    page, cut = cut_text(visible_text(html), config.max_chars)
    body, found_title = _extract(html, config, len(page.split()))
    body, body_cut = cut_text(body, config.max_chars)
    title = title or found_title
    lang = units_language(body.split("\n")) if body.strip() else None
    visible = segment(page, lang, max_chars=config.max_paragraph_chars)
    return _paragraphs(body, visible, title, config), max(cut, body_cut)


def _paragraphs(body: str, visible: list[Unit], title: str, config: CleanConfig) -> tuple[Paragraph, ...]:
    if not body.strip():
        # trafilatura found no article: fall back to the text classifier on the visible text.
        reasons = classify(visible, title=title)
        return assemble((u.text, r) for u, r in zip(visible, reasons))

    body_lang = visible[0].language if visible else "en"
    body_units = [
        make_unit(piece, body_lang)
        for line in body.split("\n")
        if line.strip()
        for piece in split_long(line, config.max_paragraph_chars)
    ]
    body_reasons = classify(body_units, title=title, assume_body=True)

    # Align the visible lines with the body, in order, to find the ones trafilatura left out.
    body_key = " " + " ".join(_key(u.text) for u in body_units) + " "
    vis_keys = [_key(v.text) for v in visible]
    visible_reasons = classify(visible, title=title)
    pos = 0
    # (position in reading order, tie-break, text, reason)
    ordered: list[tuple[float, int, str, str | None]] = []
    for i, v in enumerate(visible):
        k = vis_keys[i]
        found = body_key.find(f" {k} ", pos) if k else -1
        if found >= 0 and (v.n_words > SHORT_LINE_WORDS or found - pos <= SHORT_LINE_MAX_GAP):
            pos = found + len(k) + 1
            continue
        reason = visible_reasons[i]
        if reason in _VAGUE:  # the region search's guesses say less than trafilatura's verdict
            reason = match_line(v.text, v.n_words)
        ordered.append((i, 0, v.text, reason or TRAFILATURA_REASON))

    # Place each body unit just after the visible line where its text starts.
    last = -1.0
    for j, (u, r) in enumerate(zip(body_units, body_reasons)):
        head = " ".join(_key(u.text).split()[:6])
        at = next((i for i in range(max(0, int(last)), len(visible)) if head and head in vis_keys[i]), None)
        last = float(at) if at is not None else last
        ordered.append((last + 0.5, j + 1, u.text, r))
    ordered.sort(key=lambda x: (x[0], x[1]))
    return assemble((t, r) for _, _, t, r in ordered)

