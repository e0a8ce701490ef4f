"""Content features for event clustering: TF-IDF vectors and pairwise cosine distances.

scikit-learn's ``TfidfVectorizer`` does the weighting; we give it our own analyzer (stop words
and bare numbers removed) and up-weight capitalised words, because named entities (people,
places, organisations) are what tells two stories apart in the same broad topic. Each word's
corpus idf is multiplied by its rarity in English at large (``wordfreq``), which does not depend
on what else happens to be in the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize as l2_normalize

from ..caches import cached
from ..text import CJK, WORD, normalize, stop_words

Embedder = Callable[[Sequence[str]], "np.ndarray"]

# A capitalised word that is not sentence-initial counts this many times (it is probably a name).
# Calibrated on Multi-News validation with benchmarks/clustering.py (grid 1, 2, 3; B-cubed F1).
ENTITY_BOOST = 2

# Background rarity (see background_weights). Zipf 7 is about "of"/"and" frequency, so every word
# rarer than the commonest function words gains weight; unknown words (zipf 0) weigh 7.5, 15x the
# floor. Chosen a priori, not tuned; on Multi-News validation (benchmarks/clustering.py) this
# weighting raised B-cubed F1 over corpus idf alone at every pool size tried (10, 40, 250 clusters)
# and made the best threshold less dependent on the pool size.
BACKGROUND_ZIPF = 7.0
BACKGROUND_FLOOR = 0.5

# Number-only tokens carry little topic signal across stories ("2", "10") and are dropped.
_NUMBER = re.compile(r"^[\d.,'-]+$")


@cached()
def analyze(text: str) -> tuple[str, ...]:
    """Lower-cased content words; capitalised mid-sentence words repeated ``ENTITY_BOOST`` times.

    Cached per text: the desk's ingest re-groups its stored articles on every ingest."""
    t = normalize(text)
    out: list[str] = []
    stop = stop_words()
    # The same tokens as testing every token for CJK and numbers, with less work (issue 9: ~40% of
    # the clustering's CPU was here): a text without CJK has no CJK token, and a token of letters
    # only (isalpha) cannot be a number (Unicode letters and decimal digits are disjoint classes).
    cjk = CJK.search(t) is not None
    for m in WORD.finditer(t):
        tok = m.group(0)
        low = tok.lower()
        if cjk and CJK.search(tok):  # no spaces between words: overlapping character pairs stand for them
            out.extend(_cjk_bigrams(tok))
            continue
        if len(low) < 2 or low in stop or (not low.isalpha() and _NUMBER.match(low)):
            continue
        out.append(low)
        if ENTITY_BOOST > 1 and tok[0].isupper() and not _sentence_initial(t, m.start()):
            out.extend([low] * (ENTITY_BOOST - 1))
    return tuple(out)


def _cjk_bigrams(tok: str) -> list[str]:
    """Character bigrams of the CJK runs of a token (the usual bag of words for Chinese and
    Japanese retrieval without a segmenter); other letters in it stay whole words."""
    out: list[str] = []
    for run in re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", tok):
        if CJK.match(run):
            out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        elif len(run) >= 2 and not _NUMBER.match(run):
            out.append(run.lower())
    return out


def _sentence_initial(t: str, start: int) -> bool:
    """True if only quotes/brackets/spaces separate ``start`` from a sentence end or the text start."""
    j = start - 1
    while j >= 0 and t[j] in " \"'(":
        j -= 1
    return j < 0 or t[j] in ".!?:"


def tfidf_matrix(texts: Iterable[str], *, cache: bool = True):  # type: ignore[no-untyped-def]
    """L2-normalised rows: sublinear tf x corpus idf x background rarity, over ``analyze`` tokens.

    ``cache=False`` tokenises without ``analyze``'s per-text cache: for texts read once from a
    spill (``pipeline.spill``), which would only fill it (~30 kB an entry, 4,096 entries).

    The rows are those of ``TfidfVectorizer(sublinear_tf=True, norm=None)`` (then the background
    weights, then L2), built with less memory: scikit-learn's ``CountVectorizer`` counts
    ``TFIDF_CHUNK`` texts at a time (:func:`term_counts`, which a task can run on its own run of
    texts), each chunk's columns are mapped to one vocabulary sorted as scikit-learn sorts it, and
    ``TfidfTransformer`` weighs the stacked counts in place (:func:`tfidf_from_counts`). One
    ``fit_transform`` over all texts keeps every (term, count) of the input as Python ints until
    it ends (~15 kB an article on the synthetic scale corpus, ``benchmarks/scale.py``); chunks keep
    12 bytes a stored count. Same numbers, same row layout (``tests/test_cluster.py`` holds it)."""
    return tfidf_from_counts(term_counts(texts, cache=cache))


TFIDF_CHUNK = 2048  # texts counted at once (memory only: any size gives the same matrix)

# One chunk's term counts as CSR parts: counts (float32: whole numbers, exact below 2^24, and 4 bytes
# a stored count less than float64 in the tasks' results, which the main process holds all of
# until the matrix is built), column ids into the chunk's own terms,
# each row's number of stored terms, and the chunk's terms (column id -> term).
Counts = tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]


def term_counts(texts: Iterable[str], *, cache: bool = True) -> list[Counts]:
    """``analyze`` term counts of ``texts``, ``TFIDF_CHUNK`` texts a chunk, in order."""
    analyzer = analyze if cache else analyze.__wrapped__  # type: ignore[attr-defined]
    chunks: list[Counts] = []
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == TFIDF_CHUNK:
            chunks.append(_counts(batch, analyzer))
            batch = []
    if batch:
        chunks.append(_counts(batch, analyzer))
    return chunks


def tfidf_from_counts(chunks: list[Counts]):  # type: ignore[no-untyped-def]
    """The matrix of :func:`tfidf_matrix` from the term counts of its texts' chunks, in row order.

    ``chunks`` is emptied as it is read: each chunk's columns are renumbered in place and its
    arrays are copied into the matrix's and let go one at a time, so the counts are never held
    twice (the main process of a 50,000-article run peaked +180 MB here when every chunk and the
    concatenated arrays were alive together; docs/benchmarks.md, scale fifth round)."""
    vocabulary: dict[str, int] = {}
    for k, (data, cols, lengths, terms) in enumerate(chunks):
        ids = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in terms], dtype=np.int32)
        if len(cols):
            np.take(ids, cols, out=cols)
        chunks[k] = (data, cols, lengths, [])  # the chunk's terms are in the vocabulary now
    if not vocabulary:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    terms = sorted(vocabulary)  # scikit-learn's column order
    to_sorted = np.empty(len(terms), dtype=np.int32)
    to_sorted[[vocabulary[t] for t in terms]] = np.arange(len(terms), dtype=np.int32)
    del vocabulary
    total = sum(len(c[0]) for c in chunks)
    data = np.empty(total, dtype=np.float64)
    indices = np.empty(total, dtype=np.int32)
    row_lengths = []
    at = 0
    chunks.reverse()  # taken from the end: each chunk is let go once copied
    while chunks:
        d, cols, lengths, _ = chunks.pop()
        data[at : at + len(d)] = d
        np.take(to_sorted, cols, out=indices[at : at + len(cols)])
        row_lengths.append(lengths)
        at += len(d)
        del d, cols
    indptr = np.concatenate(([0], np.cumsum(np.concatenate(row_lengths), dtype=np.int64)))
    x = csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(terms)), dtype=np.float64)
    del data, indices, indptr
    x.sort_indices()
    idf = TfidfTransformer(sublinear_tf=True, norm=None).fit(x).idf_
    # TfidfTransformer.transform's arithmetic (sublinear tf, then idf by column), done here in slices
    # of the stored values: its ``data *= idf_[indices]`` and the background weights' made one
    # temporary of 8 bytes a stored value each (the main process's peak of the events step at
    # 200,000 articles, ~0.4 GB); the same operations in the same order, so the same numbers.
    np.log(x.data, out=x.data)
    x.data += 1.0
    _scale_columns(x, idf)
    _scale_columns(x, background_weights(terms))
    return l2_normalize(x, copy=False)


_SCALE_SLICE = 1 << 20  # stored values per slice (8 MB of temporary)


def _scale_columns(x: csr_matrix, weights: np.ndarray) -> None:
    """``x.data *= weights[x.indices]`` in place, a slice of the stored values at a time."""
    for s in range(0, len(x.data), _SCALE_SLICE):
        x.data[s : s + _SCALE_SLICE] *= weights[x.indices[s : s + _SCALE_SLICE]]


def _counts(texts: list[str], analyzer: Callable[[str], Sequence[str]]) -> Counts:
    """Term counts of ``texts`` by scikit-learn's ``CountVectorizer``, as CSR parts (see ``Counts``)."""
    cv = CountVectorizer(analyzer=analyzer, dtype=np.float32)
    try:
        c = csr_matrix(cv.fit_transform(texts))
    except ValueError:  # no term in this chunk (stop words only, empty texts)
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int32), np.zeros(len(texts), dtype=np.int32), []
    terms = [str(t) for t in cv.get_feature_names_out()]
    return c.data, c.indices.astype(np.int32), np.diff(c.indptr).astype(np.int32), terms


def background_weights(vocabulary: Sequence[str]) -> np.ndarray:
    """How rare each word is in English at large (wordfreq), as a multiplier of its corpus idf.

    The corpus idf alone depends on what else is in the input: among five reports of one meeting,
    "Lukashenko" is in every text and weighs no more than "talks". Background rarity keeps names
    and rare words heavy in small inputs too: weight = max(0, BACKGROUND_ZIPF - zipf) + BACKGROUND_FLOOR.
    """
    from wordfreq import zipf_frequency

    z = np.array([zipf_frequency(w, "en") for w in vocabulary], dtype=np.float64)
    return np.maximum(0.0, BACKGROUND_ZIPF - z) + BACKGROUND_FLOOR


def cosine_distances(texts: Sequence[str], *, embedder: Embedder | None = None) -> np.ndarray:
    """Dense ``n x n`` cosine distances (0 = same content, 1 = nothing shared).

    With an ``embedder`` (texts -> row vectors), the distance is the mean of the TF-IDF and the
    embedding cosine distances.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    x = tfidf_matrix(texts)
    sim = (x @ x.T).toarray()
    if embedder is not None:
        e = np.asarray(embedder(list(texts)), dtype=np.float64)
        norms = np.linalg.norm(e, axis=1, keepdims=True)
        e = e / np.where(norms == 0, 1.0, norms)
        sim = (sim + e @ e.T) / 2.0
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    return dist
