"""Per-article extraction with spans into ``Article.text``: entities, quantities, dates, quotes.

``estimate_article_dates(articles)`` runs after cleaning and before clustering (the clustering
window needs dates); the rest runs per event inside the facts stage (``newsdesk.consolidate``).
spaCy is imported only when entities are extracted.
"""

from __future__ import annotations

from .dates import article_dates, estimate_article_dates, find_dates
from .quantities import article_quantities, conversions, find_quantities

__all__ = [
    "article_dates", "article_quantities", "conversions", "estimate_article_dates", "find_dates",
    "find_quantities",
]
