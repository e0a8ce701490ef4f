"""Candidate sentences of one event and the features the ranker scores them on.

Everything here is computed inside one event (a Multi-News cluster or a pipeline event): the
TF-IDF weights use the event's own sentences as the collection, so nothing depends on a corpus
that would have to ship with the package. Tokens for similarity are content words, Porter-stemmed,
with numbers normalised ("€1.26bn" -> "1.26 billion eur", "1,500" -> "1500") so that two outlets
stating the same figure in different notation match.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..caches import cached
from ..model import Article, Span
from ..text import paragraph_spans, sentence_spans, stem, stop_words, words
from .quality import has_verb, sentence_problem, transcript_start, unbalanced_quotes

_NUM = re.compile(r"^([$€£]?)(\d[\d,]*(?:\.\d+)?)(bn|b|m|mn|k|tn|billion|million|thousand|trillion|%)?$")
_MAGNITUDE = {
    "bn": "billion",
    "b": "billion",
    "m": "million",
    "mn": "million",
    "k": "thousand",
    "tn": "trillion",
}
_CURRENCY = {
    "$": "usd",
    "€": "eur",
    "£": "gbp",
    "dollars": "usd",
    "dollar": "usd",
    "euros": "eur",
    "euro": "eur",
    "pounds": "gbp",
}
_STOP = stop_words()


def content_tokens(text: str) -> list[str]:
    """Stemmed content words with numbers, magnitudes and currencies normalised."""
    out: list[str] = []
    raw = re.sub(r"([$€£])\s+(?=\d)", r"\1", text)
    for w in words(raw):
        m = _NUM.match(w) if w[0].isdigit() or w[0] in "$€£" else None
        if m:
            cur, num, mag = m.groups()
            num = num.replace(",", "")
            if "." in num:
                num = num.rstrip("0").rstrip(".")
            out.append(num)
            if mag:
                out.append(_MAGNITUDE.get(mag, mag))
            if cur:
                out.append(_CURRENCY[cur])
            continue
        if w in _CURRENCY:
            out.append(_CURRENCY[w])
            continue
        if w in _STOP or (len(w) < 2 and not w.isdigit()):
            continue
        out.append(stem(w))
    # "$" may stand before the number as a separate character that words() dropped
    for sym, name in (("$", "usd"), ("€", "eur"), ("£", "gbp")):
        if sym in text and name not in out:
            out.append(name)
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence of one article of the event, with where it sits."""

    article_id: str
    doc: int  # index of the article in the event
    index: int  # sentence index in the article
    n_in_doc: int
    paragraph: int  # paragraph index in the article
    first_in_paragraph: bool
    text: str
    span: Span
    problem: str | None  # reason from the quality filter, None when fit for a brief
    language: str | None = None  # the article's (ISO 639-1): the headline filter reads it too


MAX_QUOTE_SENTENCES = 4  # a quotation split by the sentence splitter is rejoined over at most this many


def units(text: str) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, paragraph)`` of the candidate sentences of ``text`` (see :func:`_units`);
    cached: the editor looks up a sentence's neighbours many times."""
    return _units_cached(text)


@cached(maxsize=64)
def _units_cached(text: str) -> tuple[tuple[int, int, int], ...]:
    return tuple(_units(text))


def _units(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of each sentence; a quotation that the splitter cut into several
    sentences ("We will not ask. We made them," he said.) is rejoined into one unit when its quote
    marks balance within ``MAX_QUOTE_SENTENCES`` sentences of the same paragraph."""
    paras = list(paragraph_spans(text))
    spans = sentence_spans(text)
    pidx: list[int] = []
    p = 0
    for s, _ in spans:
        while p + 1 < len(paras) and paras[p][1] <= s:
            p += 1
        pidx.append(p)
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(spans):
        s, e = spans[i]
        j = i
        if unbalanced_quotes(text[s:e]):
            for k in range(i + 1, min(i + MAX_QUOTE_SENTENCES, len(spans))):
                if pidx[k] != pidx[i]:
                    break
                if not unbalanced_quotes(text[s : spans[k][1]]):
                    j = k
                    break
        out.append((s, spans[j][1], pidx[i]))
        i = j + 1
    return out


def candidates(articles: Sequence[Article]) -> list[Candidate]:
    """Every sentence (or rejoined quotation) of every article's cleaned text, in article then text order."""
    out: list[Candidate] = []
    for d, art in enumerate(articles):
        units = _units_cached(art.text)
        # an interview's transcript ("GEORGE STEPHANOPOULOS: ...", "PRESIDENT OBAMA: Well, I ..."):
        # from its first speaker label on, every sentence is someone's spoken words without quotation
        # marks or a name, which a brief cannot show as they are
        firsts = [(p, s) for k, (s, _e, p) in enumerate(units) if k == 0 or units[k - 1][2] != p]
        at = transcript_start([art.text[s : s + 80] for _p, s in firsts])
        spoken_from = firsts[at][1] if at is not None else None
        prev_para = -1
        for i, (s, e, p) in enumerate(units):
            text = art.text[s:e]
            problem = sentence_problem(text, art.language)
            if problem is None and spoken_from is not None and s >= spoken_from:
                problem = "transcript"
            out.append(
                Candidate(
                    article_id=art.id,
                    doc=d,
                    index=i,
                    n_in_doc=len(units),
                    paragraph=p,
                    first_in_paragraph=p != prev_para,
                    text=text,
                    span=Span(art.id, s, e),
                    problem=problem,
                    language=art.language,
                )
            )
            prev_para = p
    return out


@dataclass(frozen=True)
class EventMatrix:
    """TF-IDF rows (L2-normalised, CSR) of the candidates plus the event vocabulary."""

    X: sparse.csr_matrix
    vocab: dict[str, int]
    idf: np.ndarray
    tokens: list[list[str]]


def tfidf(texts: Sequence[str]) -> EventMatrix:
    """TF-IDF of ``texts`` with the texts themselves as the collection (smoothed idf)."""
    tokens = [content_tokens(t) for t in texts]
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, toks in enumerate(tokens):
        counts: dict[int, int] = {}
        for t in toks:
            j = vocab.setdefault(t, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(r)
            cols.append(j)
            vals.append(1.0 + math.log(c))
    n = len(texts)
    X = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)), dtype=np.float64)
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    idf = np.log((1 + n) / (1 + df)) + 1.0
    X = X.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    X = sparse.diags(1.0 / norms) @ X
    return EventMatrix(X=X.tocsr(), vocab=vocab, idf=idf, tokens=tokens)


FEATURES = (
    "index",
    "relpos",
    "first",
    "first_in_paragraph",
    "paragraph",
    "doc",
    "n_docs",
    "log_doc_len",
    "words",
    "log_words",
    "centroid",
    "doc_centroid",
    "support_max",
    "support_docs",
    "support_mean",
    "freq_mean",
    "freq_sum",
    "numbers",
    "caps",
    "quote",
    "starts_quote",
    "said",
    "has_verb",
    "problem",
    "doc_on_topic",
    "doc_bad_share",
    "lexrank",
    "title_overlap",
    "ends_period",
    "pronoun_start",
    "rank_in_doc",
    "good_index",
    "good_relpos",
    "bigram_support",
    "bigram_shared",
    "lead_sim",
    "other_leads_sim",
    "doc_words",
    "stop_share",
)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _lexrank(X: sparse.csr_matrix, damping: float = 0.85, iters: int = 20) -> np.ndarray:
    """Continuous LexRank (PageRank on the cosine graph ``X X^T`` without self-loops), by power
    iteration with sparse products so that a large event never needs the dense graph."""
    n = X.shape[0]
    if n == 0:
        return np.zeros(0)
    diag = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    rs = X @ np.asarray(X.sum(axis=0)).ravel() - diag
    rs[rs <= 1e-12] = 1.0
    r = np.full(n, 1.0 / n)
    for _ in range(iters):
        q = r / rs
        r = (1 - damping) / n + damping * (X @ (X.T @ q) - diag * q)
    return r * n


PRONOUN_START = re.compile(
    r"^\W*(?:he|she|it|they|this|that|these|those|his|her|their|its|but|and|also)\b", re.IGNORECASE
)


_BIGRAM_STOP = frozenset({("of", "the"), ("in", "the"), ("to", "the"), ("on", "the"), ("and", "the")})


def _bigrams(text: str) -> set[tuple[str, str]]:
    w = [stem(x) for x in re.findall(r"[a-z0-9]+", text.lower())]
    return {b for b in itertools.pairwise(w) if b not in _BIGRAM_STOP}


def compute(
    articles: Sequence[Article], cands: Sequence[Candidate]
) -> tuple[np.ndarray, EventMatrix, np.ndarray]:
    """Feature matrix (one row per candidate, columns ``FEATURES``), the TF-IDF and the similarities."""
    n = len(cands)
    em = tfidf([c.text for c in cands])
    if n == 0:
        return np.zeros((0, len(FEATURES))), em, np.zeros((0, 0))
    X = em.X
    S = (X @ X.T).toarray()
    docs = np.array([c.doc for c in cands])
    n_docs = len(articles)
    good = np.array([c.problem is None for c in cands])

    centroid = _unit(
        np.asarray(X[good].sum(axis=0)).ravel() if good.any() else np.asarray(X.sum(axis=0)).ravel()
    )
    cen = X @ centroid
    doc_cen = np.zeros(n)
    doc_on_topic = np.zeros(n)
    doc_bad = np.zeros(n)
    for d in range(n_docs):
        m = docs == d
        if not m.any():
            continue
        v = _unit(np.asarray(X[m].sum(axis=0)).ravel())
        doc_cen[m] = X[m] @ v
        doc_on_topic[m] = float(v @ centroid)
        doc_bad[m] = 1.0 - good[m].mean()

    support_max = np.zeros(n)
    support_docs = np.zeros(n)
    support_mean = np.zeros(n)
    if n_docs > 1:
        for d in range(n_docs):
            m = docs == d
            if not m.any():
                continue
            sub = S[:, m]
            best = sub.max(axis=1)
            other = docs != d
            support_max[other] = np.maximum(support_max[other], best[other])
            support_docs[other] += best[other] >= 0.3
            support_mean[other] += best[other]
        support_docs /= n_docs - 1
        support_mean /= n_docs - 1

    # cluster word frequency: share of documents that use each token
    seen: set[tuple[int, int]] = {(c.doc, em.vocab[t]) for c, toks in zip(cands, em.tokens) for t in toks}
    df_docs = np.bincount([j for _, j in seen], minlength=len(em.vocab)).astype(np.float64)
    df_docs /= max(n_docs, 1)

    lex = np.zeros(n)
    g = np.nonzero(good)[0]
    if len(g):
        lex[g] = _lexrank(X[g])

    titles = [set(content_tokens(a.title)) if a.title else set() for a in articles]
    rank_in_doc = np.zeros(n)
    for d in range(n_docs):
        idx = np.where((docs == d) & good)[0]
        order = idx[np.argsort(-cen[idx], kind="stable")]
        rank_in_doc[order] = np.arange(len(order))

    # position among the fit sentences of the article (Multi-News documents often open with chrome)
    good_index = np.zeros(n)
    good_relpos = np.ones(n)
    lead_of: dict[int, int] = {}
    for d in range(n_docs):
        idx = np.where((docs == d) & good)[0]
        good_index[idx] = np.arange(len(idx))
        good_relpos[idx] = np.arange(len(idx)) / max(len(idx), 1)
        if len(idx):
            lead_of[d] = int(idx[0])
    lead_sim = np.array([S[i, lead_of[c.doc]] if c.doc in lead_of else 0.0 for i, c in enumerate(cands)])
    other_leads_sim = np.zeros(n)
    if len(lead_of) > 1:
        leads = np.array(list(lead_of.values()))
        lead_docs = np.array(list(lead_of))
        total = S[:, leads].sum(axis=1)
        own = np.array([S[i, lead_of[c.doc]] if c.doc in lead_of else 0.0 for i, c in enumerate(cands)])
        has_own = np.isin(docs, lead_docs)
        other_leads_sim = (total - own) / (len(leads) - has_own)

    # word bigrams (all words, as ROUGE-2 counts them) shared with the other articles
    bigrams = [_bigrams(c.text) for c in cands]
    doc_bigrams: list[set[tuple[str, str]]] = [set() for _ in range(n_docs)]
    for c, bg in zip(cands, bigrams):
        doc_bigrams[c.doc] |= bg
    bigram_df: dict[tuple[str, str], int] = {}
    for bg in doc_bigrams:
        for b in bg:
            bigram_df[b] = bigram_df.get(b, 0) + 1
    bigram_support = np.zeros(n)
    bigram_shared = np.zeros(n)
    if n_docs > 1:
        for i, bg in enumerate(bigrams):
            if bg:
                others = [bigram_df[b] - 1 for b in bg]  # every bigram is in its own article once
                bigram_support[i] = sum(others) / (len(bg) * (n_docs - 1))
                bigram_shared[i] = sum(1 for o in others if o > 0)
    doc_words = np.zeros(n_docs)
    for c in cands:
        doc_words[c.doc] += len(c.text.split())

    F = np.zeros((n, len(FEATURES)))
    for i, c in enumerate(cands):
        toks = em.tokens[i]
        wc = len(c.text.split())
        freqs = [df_docs[em.vocab[t]] for t in toks]
        caps = sum(1 for w in c.text.split()[1:] if w[:1].isupper())
        t = c.text.strip()
        F[i] = (
            c.index,
            c.index / max(c.n_in_doc, 1),
            c.index == 0,
            c.first_in_paragraph,
            c.paragraph,
            c.doc,
            n_docs,
            math.log1p(c.n_in_doc),
            wc,
            math.log1p(wc),
            cen[i],
            doc_cen[i],
            support_max[i],
            support_docs[i],
            support_mean[i],
            float(np.mean(freqs)) if freqs else 0.0,
            float(np.sum(freqs)),
            len(re.findall(r"\d", c.text)) > 0,
            caps / max(wc, 1),
            ('"' in t or "“" in t or "”" in t),
            t[:1] in "\"“'‘",
            bool(re.search(r"\b(?:said|says|told|according)\b", t)),
            has_verb(t),
            c.problem is not None,
            doc_on_topic[i],
            doc_bad[i],
            lex[i],
            len(titles[c.doc] & set(toks)) / max(len(titles[c.doc]), 1) if titles[c.doc] else 0.0,
            t.endswith((".", '."', ".”", ".'")),
            bool(PRONOUN_START.match(t)),
            rank_in_doc[i],
            good_index[i],
            good_relpos[i],
            bigram_support[i],
            bigram_shared[i],
            lead_sim[i],
            other_leads_sim[i],
            math.log1p(doc_words[c.doc]),
            1.0 - len(toks) / max(wc, 1),
        )
    return F, em, S
