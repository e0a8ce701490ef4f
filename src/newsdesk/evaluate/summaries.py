"""ROUGE of newsdesk and of the baselines on Multi-News-shaped clusters, side by side in one table.

Every system gets the same input (the cluster's documents read by newsdesk's cluster reader and
cleaned by newsdesk's clean stage), its output goes through the same truncation to the word
budget, and one scorer scores all of them against the same references. The learned ranker of newsdesk is
trained on some data set; the shipped weights record which clusters (``meta["trained_on"]``), so the
report says, column "trained on this data", whether the shipped row is in-sample, held out or partly
both on the file it scores. The "retrained here" row trains fresh rankers on the scored file itself
(5-fold: each cluster summarized by a model trained on the other folds): an in-domain figure, not
the shipped model's; it runs by default only when the file is the shipped model's training data
(there it is the honest figure). ``newsdesk --method centroid`` needs no training.
"""

from __future__ import annotations

import inspect
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import SummarizeConfig
from ..errors import ConfigError, InputError
from ..model import Article
from . import baselines as B
from .report import Report, digest
from .rouge import (
    LABELS,
    ROUGE_TYPES,
    backend,
    bootstrap_indices,
    clean_reference,
    interval,
    join_sentences,
    score_many,
    truncate,
    word_total,
)

Progress = Callable[[str], None]

NEWSDESK_OOF = "newsdesk ranker retrained here (5-fold CV on this file)"
NEWSDESK_SHIPPED = "newsdesk ranker (shipped weights)"
NEWSDESK_CENTROID = "newsdesk --method centroid"
ORACLE = "oracle (greedy R1+R2, upper bound)"
CV_FOLDS = 5
SYSTEMS: tuple[str, ...] = (NEWSDESK_OOF, NEWSDESK_SHIPPED, NEWSDESK_CENTROID, *B.BASELINES, ORACLE)


@dataclass(frozen=True)
class Cluster:
    """One evaluation item: the cleaned articles every system reads and the human reference."""

    id: str
    articles: tuple[Article, ...]
    reference: str  # as written in the data (with its leading en dash)

    @property
    def texts(self) -> list[str]:
        return [a.text for a in self.articles]


@dataclass(frozen=True)
class Inputs:
    clusters: tuple[Cluster, ...]
    documents: int
    dropped: int  # documents that cleaning removed whole
    cleaning: str
    prepare_seconds: float


def _quiet(_: str) -> None:
    return None


def _read_lines(path: Path, limit: int | None) -> list[tuple[int, dict[str, Any]]]:
    """``(line number, cluster)`` for the first ``limit`` clusters of the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the evaluation data: {exc}") from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            msg = f"{path}:{n}: not valid JSON ({exc.msg}); each line must be one cluster"
            raise InputError(msg) from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("summary"), str) or "documents" not in obj:
            raise InputError(f'{path}:{n}: need an object with "id", "documents" and "summary"')
        rows.append((n, obj))
        if limit is not None and len(rows) >= limit:
            break
    return rows


def load_clusters(path: Path, *, limit: int | None = None) -> Inputs:
    """Read and clean the clusters the way newsdesk's own cluster reader does, keep the references.

    The articles come from :func:`newsdesk.summarize.clusters.read_clusters`, the reader behind
    ``summarize_clusters`` and ``crossval_summaries``, so every system, newsdesk's out-of-fold run
    included, reads exactly the same cleaned text.
    """
    from ..summarize.clusters import read_clusters

    t0 = time.perf_counter()
    rows = _read_lines(path, limit)
    clusters, n_articles = [], 0
    for (_, row), (cid, arts) in zip(rows, read_clusters(path), strict=False):  # rows may be --limit'ed
        if cid != str(row.get("id", cid)):
            raise InputError(f"{path}: cluster {cid!r} read where {row.get('id')!r} was expected")
        n_articles += len(arts)
        clusters.append(Cluster(cid, tuple(arts), row["summary"]))
    documents = sum(len([d for d in r["documents"] if isinstance(d, str) and d.strip()]) for _, r in rows)
    return Inputs(
        clusters=tuple(clusters),
        documents=documents,
        dropped=documents - n_articles,
        cleaning=_cleaning(),
        prepare_seconds=time.perf_counter() - t0,
    )


def _cleaning() -> str:
    try:
        from ..clean import clean_articles  # noqa: F401 - only asked whether it exists
    except ImportError:
        return "none: newsdesk.clean is not available, every system reads the raw documents"
    return (
        "newsdesk.clean.clean_articles (defaults) on every document, through "
        "newsdesk.summarize.clusters.read_clusters (a cluster that cleaning would empty keeps its raw "
        "documents); every system reads the same cleaned articles"
    )


# ------------------------------------------------------------------------------------- systems
@dataclass(frozen=True)
class Run:
    outputs: tuple[tuple[str, ...], ...]  # per cluster, the sentences after truncation
    seconds: float


def _run_baseline(name: str, inputs: Inputs, *, budget: int, headline: bool, seed: int) -> Run:
    fn = B.BASELINES[name]
    t0 = time.perf_counter()
    outs = [
        tuple(fn(c.texts, words=budget, headline=headline, seed=f"{seed}:{c.id}")) for c in inputs.clusters
    ]
    return Run(tuple(outs), time.perf_counter() - t0)


def _run_oracle(inputs: Inputs, refs: Sequence[str], *, budget: int, headline: bool) -> Run:
    t0 = time.perf_counter()
    outs = [
        tuple(B.oracle(c.texts, ref, words=budget, headline=headline))
        for c, ref in zip(inputs.clusters, refs, strict=True)
    ]
    return Run(tuple(outs), time.perf_counter() - t0)


def _brief_sentences(brief: Any, headline: bool) -> list[str]:
    if headline:
        return [brief.headline.text] if brief.headline is not None else []
    return [s.text for s in brief.sentences]


def _run_shipped(inputs: Inputs, *, budget: int, headline: bool, seed: int, method: str = "newsdesk") -> Run:
    from ..summarize import summarize_articles

    config = SummarizeConfig(words=budget, seed=seed, method=method)
    if headline:
        config = replace(config, headline_words=budget)
    t0 = time.perf_counter()
    outs = []
    for c in inputs.clusters:
        brief = summarize_articles(c.articles, config=config)
        outs.append(tuple(_brief_sentences(brief, headline)))
    return Run(tuple(outs), time.perf_counter() - t0)


def _run_crossval(
    path: Path, inputs: Inputs, *, budget: int, headline: bool, seed: int, say: Progress
) -> Run | None:
    """Out-of-fold newsdesk; None when ``crossval_summaries`` cannot make headlines."""
    from ..summarize import crossval_summaries

    kw: dict[str, Any] = {}
    if headline:
        if "headline" not in inspect.signature(crossval_summaries).parameters:
            return None
        kw["headline"] = True
    ids = [c.id for c in inputs.clusters]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data = path
        if len(ids) < _count_lines(path):  # --limit: cross-validate on the clusters evaluated only
            data = Path(tmp) / path.name
            lines = [json.dumps(r) + "\n" for _, r in _read_lines(path, len(ids))]
            data.write_text("".join(lines), encoding="utf-8")
        rows = crossval_summaries(data, folds=CV_FOLDS, words=budget, seed=seed, progress=say, **kw)
    seconds = time.perf_counter() - t0
    by_id = {str(r["id"]): r for r in rows}
    outs = []
    for cid in ids:
        r = by_id.get(cid)
        if r is None:
            raise InputError(f"crossval_summaries returned no summary for cluster {cid!r}")
        outs.append(tuple(_crossval_sentences(r, headline)))
    return Run(tuple(outs), seconds)


def _crossval_sentences(row: dict[str, Any], headline: bool) -> list[str]:
    if headline:
        h = row.get("headline")
        return [h] if h else []
    return [s["text"] for s in row["sentences"]]


def training_overlap(ids: Sequence[str]) -> tuple[int | None, str]:
    """How many of ``ids`` the shipped ranker was trained on (None when its weights do not
    record it) and a note on where they came from."""
    from ..summarize.ranker import DEFAULT_WEIGHTS, default_model

    model = default_model()
    if model is None:
        return 0, f"no shipped weights at {DEFAULT_WEIGHTS.name}: the ranker rows fall back to centroid scoring"
    rec = model.meta.get("trained_on")
    if not isinstance(rec, dict) or not isinstance(rec.get("ids"), list):
        n = model.meta.get("clusters", "?")
        return None, (f"{DEFAULT_WEIGHTS.name} was trained on {n} clusters it does not name: whether they are "
                      "among these cannot be told")
    seen = set(map(str, rec["ids"]))
    k = sum(1 for i in ids if i in seen)
    return k, (f"{DEFAULT_WEIGHTS.name} was trained on {len(seen)} clusters of {rec.get('file', '?')} "
               f"(sha256 {str(rec.get('sha256', '?'))[:12]}...); {k} of the {len(ids)} scored here are among them")


def _trained(name: str, overlap: int | None, n: int) -> str:
    """The "trained on this data" cell of a row."""
    if name == NEWSDESK_OOF:
        return "other folds of it"
    if name == ORACLE:
        return "reads the references"
    if name != NEWSDESK_SHIPPED:
        return "no training"
    if overlap is None:
        return "unknown"
    if overlap == 0:
        return "no (held out)"
    return "yes (in-sample)" if overlap == n else f"{overlap} of {n} clusters"


def _count_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


# -------------------------------------------------------------------------------------- report
def evaluate_summaries(
    path: Path,
    *,
    words: int = 300,
    headline: bool = False,
    limit: int | None = None,
    bootstrap: int = 1000,
    seed: int = 1,
    progress: Progress | None = None,
    systems: Sequence[str] | None = None,
) -> Report:
    """ROUGE-1/2/L/Lsum F1 (x100, 95% bootstrap interval), mean length and speed of every system.

    ``headline=True`` scores one sentence of at most 40 words per system instead of ``words``.
    ``systems`` restricts the table to some of :data:`SYSTEMS` (all by default).
    """
    say = progress or _quiet
    path = Path(path)
    if words <= 0:
        raise ConfigError(f"words = {words} is not allowed: use a positive number of words.")
    if bootstrap < 1:
        raise ConfigError(f"bootstrap = {bootstrap} is not allowed: use 1 or more resamples.")
    unknown = [s for s in (systems or ()) if s not in SYSTEMS]
    if unknown:
        raise ConfigError(f"unknown system(s) {unknown}: use some of {list(SYSTEMS)}")
    budget = min(words, B.HEADLINE_WORDS) if headline else words

    say(f"reading and cleaning {path}")
    inputs = load_clusters(path, limit=limit)
    n = len(inputs.clusters)
    if n == 0:
        raise InputError(f"{path}: no clusters to evaluate")
    refs = [clean_reference(c.reference) for c in inputs.clusters]
    overlap, trained_note = training_overlap([c.id for c in inputs.clusters])

    runs: dict[str, Run] = {}
    missing: dict[str, str] = {}
    chosen = tuple(systems) if systems is not None else SYSTEMS
    if systems is None and not overlap:  # retraining on a file the shipped model never saw: not by default
        chosen = tuple(x for x in chosen if x != NEWSDESK_OOF)
        missing[NEWSDESK_OOF] = (
            "not run by default: the shipped ranker did not see this file (or cannot say), so its own row is "
            "the held-out figure; ask for it with systems=[...] to retrain on this file"
        )
    for name in chosen:
        say(f"{name}: summarizing {n} clusters")
        if name == NEWSDESK_OOF:
            run = _run_crossval(path, inputs, budget=budget, headline=headline, seed=seed, say=say)
            if run is None:
                missing[name] = "crossval_summaries has no headline option: no out-of-fold headlines"
                continue
            runs[name] = run
        elif name == NEWSDESK_SHIPPED:
            runs[name] = _run_shipped(inputs, budget=budget, headline=headline, seed=seed)
        elif name == NEWSDESK_CENTROID:
            runs[name] = _run_shipped(inputs, budget=budget, headline=headline, seed=seed, method="centroid")
        elif name == ORACLE:
            runs[name] = _run_oracle(inputs, refs, budget=budget, headline=headline)
        else:
            runs[name] = _run_baseline(name, inputs, budget=budget, headline=headline, seed=seed)

    say("scoring")
    idx = bootstrap_indices(n, resamples=bootstrap, seed=seed)
    rows = []
    for name, run in runs.items():
        cut = [truncate(o[:1] if headline else o, budget) for o in run.outputs]  # every system, one rule
        f = score_many(refs, [join_sentences(o) for o in cut])
        row: list[Any] = [name]
        for t in ROUGE_TYPES:
            iv = interval(f[t] * 100.0, idx)
            row += [iv.mean, f"{iv.low:.2f}-{iv.high:.2f}"]
        row += [sum(word_total(o) for o in cut) / n, _trained(name, overlap, n), f"{run.seconds / n:.4f}"]
        rows.append(tuple(row))

    columns = ["system"]
    for t in ROUGE_TYPES:
        columns += [LABELS[t], f"{LABELS[t]} 95% CI"]
    columns += ["words", "trained on this data", "s/cluster"]
    what = f"headline (one sentence, at most {budget} words)" if headline else f"{budget}-word summaries"
    return Report(
        title=f"Summaries: ROUGE F1 x 100, {what}, {n} clusters of {path.name}",
        columns=tuple(columns),
        rows=tuple(rows),
        settings=_settings(
            inputs, budget=budget, headline=headline, bootstrap=bootstrap, seed=seed, runs=runs,
            missing=missing, trained_note=trained_note,
        ),
        data_digest=digest(path),
        precision=2,
    )


def _settings(
    inputs: Inputs,
    *,
    budget: int,
    headline: bool,
    bootstrap: int,
    seed: int,
    runs: dict[str, Run],
    missing: dict[str, str],
    trained_note: str,
) -> dict[str, str]:
    n = len(inputs.clusters)
    empty = sum(1 for c in inputs.clusters if not c.articles)
    s = {
        "word budget": (
            f"one sentence of at most {budget} words per cluster, every system (its first or top-ranked "
            "sentence)"
            if headline
            else f"{budget} words per cluster, every system"
        ),
        "truncation": "every output is cut to the budget in whitespace-separated words, its sentences in the "
        "system's order, the last one cut mid-sentence",
        "scorer": f"{backend()}: RougeScorer(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'], use_stemmer=True), "
        "F1 x 100, mean over clusters",
        "tokenizer": "rouge-score default: lower-case, split on anything outside [a-z0-9], Porter stemmer on "
        "tokens longer than 3 characters",
        "ROUGE-Lsum": "split_summaries=False; one sentence a line: references split with "
        "newsdesk.text.split_sentences (Punkt), system outputs keep their own sentences",
        "references": "leading en dash '\u2013 ' of Multi-News summaries stripped from every reference "
        "(changes no score with this tokenizer)",
        "95% CI": f"percentile bootstrap over clusters, {bootstrap} resamples, seed {seed}, the same "
        "resamples for every system",
        "input": f"{n} clusters, {inputs.documents} documents, {inputs.dropped} of them removed whole by "
        f"cleaning; {empty} clusters without any article (scored 0 for every system)",
        "cleaning": inputs.cleaning,
        "s/cluster": "wall-clock seconds of each system's own calls divided by the clusters; reading and "
        f"cleaning the input ({inputs.prepare_seconds / n:.4f} s/cluster) are shared and not included",
        "baselines": "random: input sentences in a seeded order (seed, cluster id); lead: first sentence of "
        "each article in turn, then the second, ...; centroid: TF-IDF (scikit-learn) cosine to the cluster "
        f"centroid, near-repeats (cosine >= {B.CENTROID_REPEAT}) skipped; LexRank/TextRank: sumy with "
        "Stemmer('english'), get_stop_words('english'), PlaintextParser and a Punkt tokenizer object, "
        "best-rated sentences until the budget is reached (sumy returns them in document order)",
        "oracle": "greedy: add the input sentence (cut to the words left) that most raises ROUGE-1 F1 + "
        "ROUGE-2 F1 against the reference; stop when none does; an upper bound that reads the reference",
    }
    if NEWSDESK_OOF in runs:
        s["newsdesk ranker retrained here"] = (
            f"crossval_summaries(folds={CV_FOLDS}, seed={seed}) on this file: each cluster summarized by a ranker "
            "trained on the file's other folds (never on the cluster itself, always on its data set); not the "
            "shipped model; its s/cluster includes training the fold models"
        )
    if NEWSDESK_SHIPPED in runs:
        s["newsdesk ranker (shipped weights)"] = f"summarize_articles with the shipped weights: {trained_note}"
    if NEWSDESK_CENTROID in runs:
        s["newsdesk --method centroid"] = "summarize_articles with centroid scoring (no training, no weights)"
    for name, why in missing.items():
        s[f"{name}: no row"] = why
    return s
