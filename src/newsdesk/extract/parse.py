"""spaCy's dependency parse as plain rows, with the rule-based pipes memoised.

``parse_rows(nlp, texts)`` gives, per text, one row per token: ``(text, lemma (lower case), pos,
dep, head index, offset, index, tag)``: what ``consolidate.claims`` reads. It equals running
``nlp`` (tok2vec, tagger, parser, attribute_ruler, lemmatizer of the ``en_core_web_sm`` family)
and reading those attributes, exactly.

Why: on claim sentences the two rule-based pipes cost as much as the statistical ones (3,000
Multi-News sentences, 56k words: tok2vec 3.8 s, parser 2.1 s, attribute_ruler 1.9 s, lemmatizer
1.9 s of CPU), because both run Python (a ``Matcher`` over 179 patterns, a lemma lookup) per
token, while what they give a token is a function of few inputs. The attribute ruler's patterns
read ``LOWER``, ``TAG``, ``DEP`` and ``IS_SPACE`` (checked when the pipeline is loaded); a pattern
of one token sets attributes from the token alone, and the few patterns of two tokens ("gon na",
"There is") only concern tokens that can match one of their positions. The lemmatizer reads the
token's text, POS and morphology, all set by then. So a token's (lemma, pos, dep, tag) is a
function of its text, tag and dependency label, plus its neighbours' for a token that can take
part in a two-token pattern. Those values are remembered; a text with a token not seen before
goes through the real pipes, and all its tokens are remembered. Any pipeline whose rule-based
pipes are not of that shape is run as it is.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from ..caches import register

Row = tuple[str, str, str, str, int, int, int, str]  # text, lemma, pos, dep, head index, offset, index, tag

# Token keys remembered (a key and four short strings each): about 20 MB when full.
ROW_CACHE_SIZE = 200_000
_RULES = ("attribute_ruler", "lemmatizer")
_READ = {"LOWER", "TAG", "DEP", "IS_SPACE"}


class _Memo:
    """The memo of one loaded pipeline (see the module docstring)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        names = list(nlp.pipe_names)
        self.ok = names[-2:] == list(_RULES)
        self.values: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
        self.lock = threading.Lock()
        self.lowers: set[str] = set()
        self.regexes: list[re.Pattern[str]] = []
        self.deps: set[str] = set()
        self.every_token = False  # a two-token pattern position with no LOWER or DEP test
        if self.ok:
            self.ok = self._read_patterns(nlp.get_pipe("attribute_ruler").patterns)

    def _read_patterns(self, patterns: Sequence[dict[str, Any]]) -> bool:
        for p in patterns:
            for seq in p["patterns"]:
                if any(set(spec) - _READ for spec in seq):
                    return False  # reads an attribute the memo's key does not hold
                if len(seq) == 1:
                    continue
                for spec in seq:
                    if "LOWER" in spec:
                        if not self._add_lower(spec["LOWER"]):
                            return False
                    elif "DEP" in spec and isinstance(spec["DEP"], str):
                        self.deps.add(spec["DEP"])
                    elif "DEP" in spec and isinstance(spec["DEP"], dict) and set(spec["DEP"]) == {"IN"}:
                        self.deps.update(spec["DEP"]["IN"])
                    else:
                        self.every_token = True
        return True

    def _add_lower(self, test: Any) -> bool:
        if isinstance(test, str):
            self.lowers.add(test)
        elif isinstance(test, dict) and set(test) == {"IN"}:
            self.lowers.update(test["IN"])
        elif isinstance(test, dict) and set(test) == {"REGEX"}:
            self.regexes.append(re.compile(test["REGEX"]))
        else:
            return False
        return True

    def _in_pair(self, tok: Any) -> bool:
        """Whether ``tok`` could match a position of a two-token pattern."""
        if self.every_token or tok.dep_ in self.deps:
            return True
        low = tok.lower_
        return low in self.lowers or any(r.search(low) for r in self.regexes)

    def _key(self, doc: Any, i: int) -> tuple[Any, ...]:
        t = doc[i]
        if not self._in_pair(t):
            return (t.text, t.tag_, t.dep_)
        prev = (doc[i - 1].text, doc[i - 1].tag_, doc[i - 1].dep_) if i > 0 else None
        nxt = (doc[i + 1].text, doc[i + 1].tag_, doc[i + 1].dep_) if i + 1 < len(doc) else None
        return (t.text, t.tag_, t.dep_, prev, nxt)

    def rows(self, texts: Sequence[str], batch_size: int) -> list[tuple[Row, ...]]:
        if not self.ok:
            return [_rows(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]
        ruler, lemmatizer = (self.nlp.get_pipe(n) for n in _RULES)
        out = []
        for doc in self.nlp.pipe(texts, batch_size=batch_size, disable=list(_RULES)):
            keys = [self._key(doc, i) for i in range(len(doc))]
            got = [self.values.get(k) for k in keys]
            if any(v is None for v in got):
                doc = lemmatizer(ruler(doc))
                got = [(t.lemma_.lower(), t.pos_, t.dep_, t.tag_) for t in doc]
                with self.lock:
                    if len(self.values) > ROW_CACHE_SIZE:
                        self.values.clear()
                    self.values.update(zip(keys, got))
            out.append(tuple(
                (t.text, v[0], v[1], v[2], t.head.i, t.idx, t.i, v[3])  # type: ignore[index]
                for t, v in zip(doc, got)
            ))
        return out


def _rows(doc: Any) -> tuple[Row, ...]:
    return tuple((t.text, t.lemma_.lower(), t.pos_, t.dep_, t.head.i, t.idx, t.i, t.tag_) for t in doc)


_memos: dict[int, _Memo] = {}
_memos_lock = threading.Lock()


def _memo(nlp: Any) -> _Memo:
    with _memos_lock:
        m = _memos.get(id(nlp))
        if m is None or m.nlp is not nlp:
            m = _memos[id(nlp)] = _Memo(nlp)
        return m


def _clear() -> None:
    with _memos_lock:
        for m in _memos.values():
            m.values.clear()


register("newsdesk.extract.parse.rows", clear=_clear, size=lambda: sum(len(m.values) for m in _memos.values()),
         maxsize=ROW_CACHE_SIZE)


def parse_rows(nlp: Any, texts: Sequence[str], *, batch_size: int = 64) -> list[tuple[Row, ...]]:
    """The rows of each of ``texts`` under ``nlp`` (as running ``nlp`` itself, see the module docstring)."""
    return _memo(nlp).rows(texts, batch_size)


def plain_rows(nlp: Any, texts: Sequence[str], *, batch_size: int = 64) -> list[tuple[Row, ...]]:
    """The same rows from running every pipe of ``nlp`` (the reference ``parse_rows`` equals)."""
    return [_rows(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


__all__ = ["ROW_CACHE_SIZE", "Row", "parse_rows", "plain_rows"]
