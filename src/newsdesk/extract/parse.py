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
part in a two-token pattern. Those values are remembered; the keys not seen yet in a call are
computed in one run of the real pipes over a made-up text of just those tokens (and their
neighbours where the key holds them). Any pipeline whose rule-based pipes are not of that shape
is run as it is.

The pipeline may hold pipes the rows do not read (``ner``: the process loads one pipeline for NER
and the parse, ``extract.ner.load_nlp``): they are disabled for the parse (``PARSE_SKIP``).
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
# Pipes the rows never read, disabled for the parse (NER comes after the lemmatizer and sets only entities).
PARSE_SKIP = ("ner",)
# Claim texts per ``nlp.pipe`` batch. Measured on the 3,406 claim texts of 400 synthetic articles
# (benchmarks/profile_spacy.py --batch, 2-core machine at load 6-9): 4-8 cost more (12.6-13.5 s of
# CPU), 64-512 7.7-10.8 s with the order changing between runs; rows identical at every size. The
# facts stage parses one event's candidate claims per call (~20 texts), so larger batches would not
# be filled anyway. Kept at 64.
PARSE_BATCH_SIZE = 64
_READ = {"LOWER", "TAG", "DEP", "IS_SPACE"}


class _Memo:
    """The memo of one loaded pipeline (see the module docstring)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.skip = [n for n in nlp.pipe_names if n in PARSE_SKIP]
        names = [n for n in nlp.pipe_names if n not in PARSE_SKIP]
        self.ok = names[-2:] == list(_RULES)
        self.values: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
        self.lock = threading.Lock()
        self.lowers: set[str] = set()
        self.regexes: list[re.Pattern[str]] = []
        self.deps: set[str] = set()
        self.every_token = False  # a two-token pattern position with no LOWER or DEP test
        if self.ok:
            self.ok = self._read_patterns(nlp.get_pipe("attribute_ruler").patterns)
        if self.ok:
            low = _SEPARATOR[0].lower()
            self.ok = not (self.every_token or _SEPARATOR[2] in self.deps or low in self.lowers
                           or any(r.search(low) for r in self.regexes))

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
            return [_rows(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size, disable=self.skip)]
        docs = list(self.nlp.pipe(texts, batch_size=batch_size, disable=[*_RULES, *self.skip]))
        keys = [[self._key(doc, i) for i in range(len(doc))] for doc in docs]
        with self.lock:
            new = {k: None for ks in keys for k in ks if k not in self.values}
        if new:
            got = self._compute(list(new))
            with self.lock:
                if len(self.values) + len(got) > ROW_CACHE_SIZE:
                    self.values.clear()
                self.values.update(got)
        else:
            got = {}
        out = []
        for doc, ks in zip(docs, keys):
            vals = [got.get(k) or self.values[k] for k in ks]
            out.append(tuple(
                (t.text, v[0], v[1], v[2], t.head.i, t.idx, t.i, v[3]) for t, v in zip(doc, vals)
            ))
        return out

    def _compute(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], tuple[str, str, str, str]]:
        """The values of token keys not seen yet, from one run of the real rule-based pipes over a
        made-up text holding each key's token (and, for a key with neighbours, those neighbours
        around it, then a separator that matches no pattern position), so no pattern can see
        tokens other than the ones the key names."""
        from spacy.tokens import Doc

        words: list[str] = []
        tags: list[str] = []
        deps: list[str] = []
        where: list[int] = []

        def put(tok: tuple[str, str, str]) -> None:
            words.append(tok[0])
            tags.append(tok[1])
            deps.append(tok[2])

        for k in keys:
            if len(k) == 3:
                where.append(len(words))
                put(k)  # type: ignore[arg-type]
                continue
            put(k[3] or _SEPARATOR)
            where.append(len(words))
            put(k[:3])  # type: ignore[arg-type]
            put(k[4] or _SEPARATOR)
            put(_SEPARATOR)
        doc = Doc(self.nlp.vocab, words=words, spaces=[True] * len(words), tags=tags, deps=deps,
                  heads=list(range(len(words))))
        doc = self.nlp.get_pipe("lemmatizer")(self.nlp.get_pipe("attribute_ruler")(doc))
        return {k: (doc[i].lemma_.lower(), doc[i].pos_, doc[i].dep_, doc[i].tag_) for k, i in zip(keys, where)}


# Stands between made-up neighbourhoods: a word no pattern position matches (checked when loaded).
_SEPARATOR = ("\u2063", "NFP", "dep")


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


# A "resource" cache: what it holds is a table of the loaded pipeline's rule-based pipes (a token key's
# values never depend on the text it came from), bounded at ROW_CACHE_SIZE keys, so it is kept when
# a worker forgets its per-text caches after each task (pipeline.executor); reset_caches() empties
# it. Emptied per task, the 3,406 claim texts of 400 synthetic articles in 6 tasks needed 36,771
# key computations (1.9-3.3 s of CPU) instead of 22,404 (1.1 s).
register("newsdesk.extract.parse.rows", clear=_clear, size=lambda: sum(len(m.values) for m in _memos.values()),
         maxsize=ROW_CACHE_SIZE, kind="resource")


def parse_rows(nlp: Any, texts: Sequence[str], *, batch_size: int = PARSE_BATCH_SIZE) -> list[tuple[Row, ...]]:
    """The rows of each of ``texts`` under ``nlp`` (as running ``nlp`` itself, see the module docstring)."""
    return _memo(nlp).rows(texts, batch_size)


def plain_rows(nlp: Any, texts: Sequence[str], *, batch_size: int = 64) -> list[tuple[Row, ...]]:
    """The same rows from running every pipe of ``nlp`` (the reference ``parse_rows`` equals)."""
    return [_rows(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


__all__ = ["PARSE_BATCH_SIZE", "PARSE_SKIP", "ROW_CACHE_SIZE", "Row", "parse_rows", "plain_rows"]
