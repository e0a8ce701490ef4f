"""N distinct synthetic articles built from the Multi-News validation documents (for scale runs).

    from synthetic import synthetic_articles          # benchmarks/ on sys.path
    articles = synthetic_articles(DATA, 4000, per_day=500)

How they are made:

* **Worlds.** World 0 is the documents as they are. World ``k > 0`` rewrites every document with
  its own word permutation: each word is replaced by another word of the same length from the
  corpus vocabulary (a function word by another function word, so it stays a stop word), chosen
  by a hash of ``(k, word)``, keeping capitalisation and every other character. Within a world the mapping is consistent, so the documents of one Multi-News cluster
  still share their words (the cluster is still an event) and names stay capitalised (NER still
  has work). Across worlds almost every word differs, so no two articles of different events are
  near-copies: their word 5-shingles, bigrams and sentences share next to nothing. The hash is not
  a permutation (about a third of a bucket's words share an image) and all worlds draw from one
  vocabulary, so a word's document frequency mixes unrelated words of many worlds: events of a
  rewritten world are told apart less well than the originals (``benchmarks/scale_quality.py``).
  ``own_vocabulary=True`` gives each world a true permutation and a prefix of its own on every
  content word (an option for quality runs; the scale figures use the default).
* **Dates.** Each (world, cluster) event gets a day, drawn so that about ``per_day`` articles fall
  on each day (a stream of a fixed daily volume), and each article that day or the next: the
  ``metadata`` date a feed or a WARC would carry.
* **Copies.** ``copies`` of the articles (default 2%) are syndicated copies of an earlier article
  of the same world: the same body under a new id, with the last paragraph dropped. They are what
  duplicate detection must find, so its candidate and verification work is exercised too.

Deterministic in ``seed``. The articles are newsdesk ``Article`` objects as read (not cleaned).

:func:`write_synthetic` makes the same kind of articles as a stream, for sizes that do not fit in
memory (``benchmarks/scale.py`` writes 200,000): world after world, each article written to JSONL
files of ``per_file`` lines as it is made (``{"id", "url", "text", "date"}``, a crawl's records;
newsdesk makes its own article ids, so the generator's id is kept in the url's path), and a
syndicated copy (probability ``copies`` after each original) taken from the last 1,000 originals
of the stream rather than from any earlier one. Only the Multi-News documents and those 1,000
originals are held. Its articles are not in the order or the ids of :func:`synthetic_articles`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from newsdesk.model import Article, Origin

_WORD = re.compile(r"[^\W\d_]+")
_START = dt.date(2024, 1, 1)
_PREFIXES = [a + b for a in "bcdfgkmnprstvz" for b in "aeiou"]  # 70 worlds, then again


def _documents(data: Path) -> list[Article]:
    from newsdesk.config import IngestConfig
    from newsdesk.ingest import read_jsonl

    return list(read_jsonl(data, config=IngestConfig(min_words=0)).articles)


def _bucket(low: str, stop: frozenset[str] | set[str]) -> object:
    """Function words are swapped among function words (so they stay stop words to TF-IDF), other
    words among words of the same length."""
    return "stop" if low in stop else len(low)


def _rewriter(world: int, buckets: dict[object, list[str]], stop: frozenset[str] | set[str], *,
              own_vocabulary: bool = False):  # type: ignore[no-untyped-def]
    """World ``world``'s rewriting of a text. By default each word goes to a word of its bucket chosen by a
    hash (not a permutation: about a third of a bucket's words share their image with another word),
    and every world draws from the same vocabulary. ``own_vocabulary``: a seeded permutation of each
    bucket (one word for one word) and, for every word but a function word, a two-letter prefix of the
    world's own, so no content word of one world is a word of another (a word's document frequency is
    then its world's, as in real text, where a word means the same thing in every article)."""
    memo: dict[str, str] = {}
    prefix = ""
    if own_vocabulary:
        for key, pool in buckets.items():
            image = list(pool)
            random.Random(f"{world}:{key}").shuffle(image)
            memo.update(zip(pool, image))
        prefix = _PREFIXES[world % len(_PREFIXES)]

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        out = memo.get(low)
        if out is None:  # (own_vocabulary: a word of no bucket, not in the documents the buckets came from)
            pool = buckets[_bucket(low, stop)]
            h = int.from_bytes(hashlib.blake2b(f"{world}:{low}".encode(), digest_size=8).digest(), "big")
            out = memo[low] = pool[h % len(pool)]
        if prefix and low not in stop:
            out = prefix + out
        if w.isupper() and len(w) > 1:
            return out.upper()
        return out.capitalize() if w[0].isupper() else out

    return lambda text: _WORD.sub(word, text)


def _buckets(docs: list[Article]) -> tuple[dict[object, list[str]], frozenset[str] | set[str]]:
    """The documents' words by bucket (the permutations swap words within a bucket), and the stop words."""
    from newsdesk.text import stop_words

    stop = stop_words()
    buckets: dict[object, list[str]] = defaultdict(list)
    for w in sorted({w.lower() for d in docs for w in _WORD.findall(d.raw)}):
        buckets[_bucket(w, stop)].append(w)
    return buckets, stop


def synthetic_articles(data: Path, n: int, *, per_day: int = 500, copies: float = 0.02, seed: int = 1,
                       own_vocabulary: bool = False) -> list[Article]:
    docs = _documents(data)
    buckets, stop = _buckets(docs)
    rng = random.Random(seed)
    n_copies = int(n * copies)
    originals = n - n_copies
    worlds = -(-originals // len(docs))
    days = max(1, originals // max(1, per_day))
    out: list[Article] = []
    for k in range(worlds):
        rewrite = (lambda t: t) if k == 0 else _rewriter(k, buckets, stop, own_vocabulary=own_vocabulary)
        event_day: dict[str, int] = {}
        for d in docs:
            if len(out) >= originals:
                break
            c = d.origin.cluster or d.id
            day = event_day.setdefault(c, rng.randrange(days))
            when = _START + dt.timedelta(days=day + rng.randrange(2))
            out.append(
                Article(
                    id=f"w{k}-{d.id}",
                    origin=Origin(str(data), "multinews", d.origin.record, f"w{k}-{c}"),
                    raw=rewrite(d.raw),
                    date=when.isoformat(),
                    date_source="metadata",
                    date_evidence=f"synthetic feed date {when.isoformat()}",
                )
            )
    for j in range(n_copies):
        src = out[rng.randrange(originals)]
        body = src.raw.rstrip()
        cut = body.rfind("\n")
        body = body[:cut] if cut > len(body) // 2 else body
        out.append(
            Article(
                id=f"copy{j}-{src.id}", origin=src.origin, raw=body, date=src.date,
                date_source="metadata", date_evidence=src.date_evidence,
            )
        )
    rng.shuffle(out)
    return out


def iter_synthetic(data: Path, n: int, *, per_day: int = 500, copies: float = 0.02, seed: int = 1,
                   own_vocabulary: bool = False) -> Iterator[Article]:
    """``n`` synthetic articles made one at a time (see the module docstring)."""
    docs = _documents(data)
    buckets, stop = _buckets(docs)
    rng = random.Random(seed)
    days = max(1, int(n * (1 - copies)) // max(1, per_day))
    recent: list[Article] = []
    made = n_copy = 0
    k = 0
    while made < n:
        rewrite = (lambda t: t) if k == 0 else _rewriter(k, buckets, stop, own_vocabulary=own_vocabulary)
        event_day: dict[str, int] = {}
        for d in docs:
            if made >= n:
                break
            c = d.origin.cluster or d.id
            day = event_day.setdefault(c, rng.randrange(days))
            when = _START + dt.timedelta(days=day + rng.randrange(2))
            art = Article(
                id=f"w{k}-{d.id}", origin=Origin(str(data), "multinews", d.origin.record, f"w{k}-{c}"),
                raw=rewrite(d.raw), date=when.isoformat(), date_source="metadata",
                date_evidence=f"synthetic feed date {when.isoformat()}",
            )
            yield art
            made += 1
            recent.append(art)
            if len(recent) > 1000:
                recent.pop(0)
            if made < n and rng.random() < copies:
                src = recent[rng.randrange(len(recent))]
                body = src.raw.rstrip()
                cut = body.rfind("\n")
                body = body[:cut] if cut > len(body) // 2 else body
                yield Article(
                    id=f"copy{n_copy}-{src.id}", origin=src.origin, raw=body, date=src.date,
                    date_source="metadata", date_evidence=src.date_evidence,
                )
                made += 1
                n_copy += 1
        k += 1


def write_synthetic(data: Path, n: int, folder: Path, *, per_file: int = 500, **options: object) -> list[Path]:
    """:func:`iter_synthetic`'s articles written to ``folder/part00000.jsonl``, ... (``per_file``
    lines each) as they are made; returns the files."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    fh = None
    try:
        for i, a in enumerate(iter_synthetic(data, n, **options)):  # type: ignore[arg-type]
            if i % per_file == 0:
                if fh is not None:
                    fh.close()
                files.append(folder / f"part{len(files):05d}.jsonl")
                fh = open(files[-1], "w", encoding="utf-8")
            record = {"id": a.id, "url": f"https://synthetic.invalid/{a.id}", "text": a.raw, "date": a.date}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if fh is not None:
            fh.close()
    return files
