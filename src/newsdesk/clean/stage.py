"""``clean_articles``: the clean stage over ingested articles."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..config import CleanConfig
from ..model import Article, Paragraph, Skipped
from ..text import detect_language, text_size
from .htmlpage import clean_html_page
from .plain import PARAGRAPH_SEP, assemble, body_text, clean_text, cut_note, cut_text


@dataclass(frozen=True)
class CleanResult:
    articles: tuple[Article, ...]  # cleaned: ``text`` and ``paragraphs`` filled
    skipped: tuple[Skipped, ...]  # articles whose body is too short after cleaning (stage "clean")
    notes: tuple[str, ...] = ()  # about kept articles: text over max_chars not read


def _with_title(paragraphs: tuple[Paragraph, ...], title: str) -> tuple[Paragraph, ...]:
    items = [(title, None)] + [(p.text, p.reason) for p in paragraphs]
    return assemble(items)


def clean_article(article: Article, *, config: CleanConfig = CleanConfig()) -> Article:
    """One article with ``text`` and ``paragraphs`` filled (HTML when present, else ``raw``)."""
    return _clean(article, config)[0]


def _clean(article: Article, config: CleanConfig) -> tuple[Article, str | None]:
    """:func:`clean_article` and a note when the article is longer than ``config.max_chars``."""
    if article.html:
        paragraphs, cut = clean_html_page(article.html, config=config, title=article.title)
        kept = config.max_chars
    else:
        raw, cut = cut_text(article.raw, config.max_chars)
        kept = len(raw)
        paragraphs = clean_text(raw, title=article.title, config=config, language=article.language)
    note = cut_note(article.origin.label(), kept, cut, config) if cut else None
    if config.keep_title_in_body and article.title.strip():
        paragraphs = _with_title(paragraphs, article.title.strip())
    text = body_text(paragraphs)
    # readers detect the language of what they read; an Article built in code may not have one
    language = article.language or detect_language(text)
    return dataclasses.replace(article, text=text, paragraphs=paragraphs, language=language), note


def clean_articles(
    articles: Sequence[Article],
    *,
    config: CleanConfig = CleanConfig(),
    progress: Callable[[str], None] | None = None,
) -> CleanResult:
    """Keep each article's body and drop the site chrome around it.

    Every paragraph of the input ends up in ``Article.paragraphs``, kept (located in
    ``Article.text``) or removed with a reason. An article whose body has fewer than
    ``config.min_body_words`` words after cleaning goes to ``skipped`` with the count.
    """
    out: list[Article] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    for n, article in enumerate(articles, 1):
        if progress and n % 100 == 0:
            progress(f"cleaned {n}/{len(articles)} articles")
        try:
            cleaned, note = _clean(article, config)
        except Exception as exc:  # noqa: BLE001 - a broken page is one skipped record, not a failed run
            skipped.append(_skip(article, f"cleaning failed: {type(exc).__name__}: {exc}"))
            continue
        n_words = round(text_size(cleaned.text))  # CJK counted by characters (text.CJK_CHARS_PER_WORD)
        if n_words < config.min_body_words:
            removed = len(cleaned.removed)
            skipped.append(
                _skip(
                    article,
                    f"body has {n_words} words after cleaning (fewer than min_body_words="
                    f"{config.min_body_words}); {removed} paragraph(s) removed as chrome",
                )
            )
            continue
        out.append(cleaned)
        if note:
            notes.append(note)
    return CleanResult(tuple(out), tuple(skipped), tuple(notes))


def _skip(article: Article, reason: str) -> Skipped:
    return Skipped(path=article.origin.path, reason=reason, record=article.origin.record, stage="clean")


__all__ = ["PARAGRAPH_SEP", "CleanResult", "clean_article", "clean_articles"]
