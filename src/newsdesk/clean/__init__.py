"""The clean stage: keep the article body, drop the site chrome (menus, comments, teasers...).

HTML pages go through trafilatura and then the text rules; text without HTML goes through a
paragraph classifier (``classify.py``). Every input paragraph ends up kept or removed with a reason.
"""

from .htmlpage import clean_html
from .plain import clean_text
from .stage import CleanResult, clean_article, clean_articles

__all__ = ["CleanResult", "clean_article", "clean_articles", "clean_html", "clean_text"]
