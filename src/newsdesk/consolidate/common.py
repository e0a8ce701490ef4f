"""Helpers the consolidation modules share: content stems, union-find, weights."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

from ..caches import cached
from ..extract.lexicon import UNSPIN
from ..model import Article, QualityFlag
from ..text import stem as _stem
from ..text import stop_words

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# How much a flagged source counts in facts (1.0 = a clean independent source). Copies are not
# independent sources at all (their group's representative counts once). Chosen so that two clean
# sources outweigh three spun or off-topic ones; not tuned on data.
FLAG_WEIGHTS = {"spun": 0.5, "machine_translated": 0.8, "chrome_share": 0.9, "off_topic": 0.3, "copy": 1.0}


def stem(word: str) -> str:
    """The stem of a lower-cased word (the text kit's), spinner synonyms undone first; for matching only."""
    return _stem(UNSPIN.get(word, word))


def content_stems(text: str, *, lowercase_only: bool = False) -> list[str]:
    """Stems of the content words of ``text`` (spinner synonyms undone); optionally skip capitalised words."""
    return list(_content_stems(text, lowercase_only))


@cached(maxsize=65536)  # claims are re-stemmed whenever their event is analysed again
def _content_stems(text: str, lowercase_only: bool) -> tuple[str, ...]:
    out = []
    sw = stop_words()
    for w in _WORD.findall(text):
        if lowercase_only and w[0].isupper():
            continue
        lw = w.lower().replace("’", "'")
        if lw in sw or len(lw) < 3:
            continue
        out.append(stem(lw))
    return tuple(out)


def source_weight(flags: Iterable[QualityFlag]) -> float:
    w = 1.0
    for f in flags:
        w *= FLAG_WEIGHTS.get(f.kind, 1.0)
    return w


def article_weight(a: Article) -> float:
    return source_weight(a.flags)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=str)] = min(ra, rb, key=str)  # type: ignore[index]

    def groups(self, items: Iterable[Hashable]) -> list[list[Hashable]]:
        out: dict[Hashable, list[Hashable]] = {}
        for x in items:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
