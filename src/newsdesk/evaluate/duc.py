"""DUC 2007 query-focused (main) and update tasks: newsdesk, baselines and NIST's official figures.

Scored as NIST scored DUC 2007 (``rouge.jackknife_recall``): recall, Porter stemming, no stop-word
removal, every summary cut to 250 words (main) or 100 words (update), jackknifed over the four
human references, averaged over the topics that have references (main: 23 of 45) or over the 30
topic-parts (update). Every system reads the same articles: the documents as newsdesk's clean stage
(``pipeline.steps.prepare``) leaves them, with their DOCNO, date and headline.

newsdesk runs through :func:`newsdesk.summarize.summarize_articles`, the summarizer the pipeline's
``analyse`` step calls, with the topic's question as ``SummarizeConfig.query`` and, in the update
task, the earlier parts' articles as ``since`` (what the reader has already seen).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..config import SummarizeConfig
from ..errors import ConfigError, InputError
from ..model import Article, Origin
from . import baselines as B
from .report import Report, digest
from .rouge import JK_TYPES, bootstrap_indices, interval, jackknife_recall, truncate

Progress = Callable[[str], None]
WORDS = {"main": 250, "update": 100}
FILES = {"main": "main.jsonl", "update": "update.jsonl"}


@dataclass(frozen=True)
class Topic:
    """One DUC docset (a topic, or one part of an update topic) as every system reads it."""

    id: str
    query: str  # title and narrative, one per line
    articles: tuple[Article, ...]
    references: tuple[str, ...]
    reference_ids: tuple[str, ...]
    earlier: tuple[str, ...] = ()  # ids of the earlier parts (update task)


def _articles(obj: dict[str, Any], path: Path, line: int) -> tuple[Article, ...]:
    from ..config import Config
    from ..pipeline import steps
    from ..summarize.clusters import document_article

    raw = []
    for k, (doc, did, date, head) in enumerate(
        zip(obj["documents"], obj["doc_ids"], obj["dates"], obj["headlines"], strict=True)
    ):
        a = document_article(obj["id"], k, doc, path=str(path), line=line)
        raw.append(
            replace(a, id=did, origin=Origin(str(path), "jsonl", line, cluster=obj["id"]), title=head,
                    date=date, date_source="metadata", text="", paragraphs=())
        )
    return steps.prepare(raw, Config()).articles


def load_topics(path: Path, *, limit: int | None = None) -> list[Topic]:
    """The docsets of ``main.jsonl`` or ``update.jsonl`` that have references, in file order."""
    from ..summarize.query import query_text

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the DUC data: {exc}") from exc
    out: list[Topic] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
        need = ("id", "query", "documents", "doc_ids", "dates", "headlines", "references")
        if not isinstance(obj, dict) or any(k not in obj for k in need):
            raise InputError(f"{path}:{n}: need an object with {', '.join(need)} (see duc2007/README.md)")
        if not obj["references"]:
            continue  # main task: 22 of 45 topics have no model summaries
        out.append(
            Topic(
                id=obj["id"],
                query=query_text(obj["query"], where=f"{path}:{n}"),
                articles=_articles(obj, Path(path), n),
                references=tuple(obj["references"]),
                reference_ids=tuple(obj.get("reference_ids") or ()),
                earlier=tuple(obj.get("earlier_parts") or ()),
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out


# ------------------------------------------------------------------------------------ systems
System = Callable[[Topic, dict[str, Topic], int], list[str]]


def _newsdesk(method: str, *, query: bool, since: bool, embed: bool = False) -> System:
    def run(t: Topic, by_id: dict[str, Topic], words: int) -> list[str]:
        from ..summarize import summarize_articles

        config = SummarizeConfig(words=words, method=method, query=t.query if query else "", embed_query=embed)
        seen = [a for e in t.earlier for a in by_id[e].articles] if since else None
        brief = summarize_articles(t.articles, config=config, since=seen)
        return [s.text for s in brief.sentences]

    return run


def _baseline(name: str) -> System:
    fn = B.BASELINES[name]

    def run(t: Topic, by_id: dict[str, Topic], words: int) -> list[str]:
        return fn([a.text for a in t.articles], words=words, seed=f"1:{t.id}")

    return run


def _nist_lead(t: Topic, by_id: dict[str, Topic], words: int) -> list[str]:
    """NIST's baseline: the start of the most recent document (the documents are in date order)."""
    from ..text import split_sentences

    return truncate(split_sentences(t.articles[-1].text), words) if t.articles else []


def systems(task: str) -> dict[str, System]:
    """Row name -> system, for ``task`` ("main" or "update")."""
    out: dict[str, System] = {
        "newsdesk --query": _newsdesk("centroid", query=True, since=False),
        "newsdesk --query --embed-query (e5)": _newsdesk("centroid", query=True, since=False, embed=True),
        "newsdesk --method newsdesk --query (learned ranker)": _newsdesk("newsdesk", query=True, since=False),
        "newsdesk (no query)": _newsdesk("centroid", query=False, since=False),
        "newsdesk --method newsdesk (no query)": _newsdesk("newsdesk", query=False, since=False),
    }
    if task == "update":
        out = {
            "newsdesk --query --since (update brief)": _newsdesk("centroid", query=True, since=True),
            "newsdesk --query --since --embed-query (e5)": _newsdesk("centroid", query=True, since=True, embed=True),
            "newsdesk --method newsdesk --query --since": _newsdesk("newsdesk", query=True, since=True),
            "newsdesk --since (no query)": _newsdesk("centroid", query=False, since=True),
            **out,
        }
    out["lead of the newest document (NIST baseline)"] = _nist_lead
    for name in B.BASELINES:
        out[name] = _baseline(name)
    return out


# ------------------------------------------------------------------------------------- scoring
def score_outputs(topics: Sequence[Topic], outputs: Sequence[Sequence[str]], words: int) -> dict[str, np.ndarray]:
    """Jackknifed recall of each output (cut to ``words``) per topic, for every ROUGE type."""
    rows = [jackknife_recall(" ".join(truncate(o, words)), t.references, words=words)
            for t, o in zip(topics, outputs, strict=True)]
    return {k: np.array([r[k] for r in rows]) for k in JK_TYPES}


def official(path: Path) -> dict[str, Any]:
    """NIST's ROUGE-1.5.5 results of the update task, by summarizer id."""
    try:
        return dict(json.loads(Path(path).read_text(encoding="utf-8"))["summarizers"])
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: cannot read NIST's official results: {exc}") from exc


def rescore_peers(folder: Path, topics: Sequence[Topic]) -> dict[str, dict[str, dict[str, float]]]:
    """Our jackknifed recall of every official update-task summary: {summarizer: {part id: {type: R}}}."""
    by_id = {t.id: t for t in topics}
    out: dict[str, dict[str, dict[str, float]]] = {}
    with (Path(folder) / "update_peers.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            p = json.loads(line)
            t = by_id.get(p["id"])
            if t is None:
                continue
            ex = t.reference_ids.index(p["summarizer"]) if p["kind"] == "human" else None
            out.setdefault(p["summarizer"], {})[p["id"]] = jackknife_recall(
                p["text"], t.references, words=WORDS["update"], exclude=ex
            )
    return out


def agreement(folder: Path, topics: Sequence[Topic]) -> Report:
    """Our scorer against NIST's ROUGE-1.5.5 on the 34 official update-task summarizers."""
    off = official(Path(folder) / "update_official_rouge.json")
    mine = rescore_peers(folder, topics)
    rows = []
    for k in JK_TYPES:
        a, b, pa, pb = [], [], [], []
        for s, parts in mine.items():
            a.append(np.mean([v[k] for v in parts.values()]))
            b.append(off[s][k]["average_R"])
            for tp, v in parts.items():
                pa.append(v[k])
                pb.append(off[s][k]["per_topic_part_R"][tp])
        x, y, px, py = map(np.array, (a, b, pa, pb))
        rank = _spearman(x, y)
        rows.append((k, len(x), float(np.abs(x - y).mean()), float(np.abs(x - y).max()),
                     float(np.corrcoef(x, y)[0, 1]), rank, float((np.abs(px - py) < 5e-5).mean()),
                     float(np.abs(px - py).max())))
    return Report(
        title="newsdesk's jackknifed ROUGE recall vs NIST's ROUGE-1.5.5, DUC 2007 update task, 34 summarizers",
        columns=("metric", "summarizers", "mean |diff|", "max |diff|", "Pearson", "Spearman",
                 "topic-parts equal (5 decimals)", "max topic-part |diff|"),
        rows=tuple(rows),
        settings={"peers": "update_peers.jsonl (every summary NIST scored), references from update.jsonl",
                  "official": "update_official_rouge.json (parsed from NIST's rougejk.m.out)"},
        data_digest=digest(Path(folder) / "update_peers.jsonl", Path(folder) / "update_official_rouge.json"),
        precision=4,
    )


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx = np.argsort(np.argsort(x))
    ry = np.argsort(np.argsort(y))
    return float(np.corrcoef(rx, ry)[0, 1])


def _official_rows(folder: Path, idx: np.ndarray, parts: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows for NIST's figures: best and median participant, the two baselines, the humans."""
    off = official(Path(folder) / "update_official_rouge.json")

    def row(label: str, sid: str) -> tuple[Any, ...]:
        cells: list[Any] = [label]
        for k in JK_TYPES:
            per = off[sid][k]["per_topic_part_R"]
            if all(p in per for p in parts):
                iv = interval(np.array([per[p] for p in parts]), idx)
                cells += [iv.mean, f"{iv.low:.4f}-{iv.high:.4f}"]
            else:  # a human wrote summaries for some topic-parts only: NIST's average over those
                cells += [float(off[sid][k]["average_R"]), f"{len(per)} topic-parts"]
        return (*cells, 100.0, "")

    sys_ids = sorted((s for s, v in off.items() if v["kind"] == "system"),
                     key=lambda s: -off[s]["ROUGE-2"]["average_R"])
    humans = sorted((s for s, v in off.items() if v["kind"] == "human"), key=lambda s: -off[s]["ROUGE-2"]["average_R"])
    median = sys_ids[len(sys_ids) // 2]
    return [
        row(f"NIST: best human ({humans[0]})", humans[0]),
        row(f"NIST: lowest human ({humans[-1]})", humans[-1]),
        row(f"NIST: best participant (system {sys_ids[0]})", sys_ids[0]),
        row(f"NIST: median participant (system {median})", median),
        row("NIST: CLASSY04 baseline (58)", "58"),
        row("NIST: lead baseline (35)", "35"),
    ]


def evaluate_duc(
    folder: Path,
    *,
    task: str = "main",
    limit: int | None = None,
    bootstrap: int = 1000,
    seed: int = 1,
    names: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Jackknifed ROUGE-1/2/SU4 recall (95% bootstrap interval over docsets) of newsdesk and the
    baselines on DUC 2007 ``task``; the update table also has NIST's official figures."""
    say = progress or (lambda _: None)
    if task not in WORDS:
        raise ConfigError(f"task = {task!r} is not allowed: use main or update.")
    folder = Path(folder)
    words = WORDS[task]
    say(f"reading and cleaning {folder / FILES[task]}")
    topics = load_topics(folder / FILES[task], limit=limit)
    if not topics:
        raise InputError(f"{folder / FILES[task]}: no docsets with references")
    by_id = {t.id: t for t in topics}
    if task == "update":
        missing = sorted({e for t in topics for e in t.earlier} - set(by_id))
        if missing:  # --limit cut off an earlier part: read them all
            by_id = {t.id: t for t in load_topics(folder / FILES[task])}
    table = systems(task)
    chosen = list(names) if names is not None else list(table)
    unknown = [n for n in chosen if n not in table]
    if unknown:
        raise ConfigError(f"unknown system(s) {unknown}: use some of {list(table)}")
    idx = bootstrap_indices(len(topics), resamples=bootstrap, seed=seed)
    rows: list[tuple[Any, ...]] = []
    for name in chosen:
        say(f"{name}: {len(topics)} docsets")
        t0 = time.perf_counter()
        outs = [table[name](t, by_id, words) for t in topics]
        seconds = (time.perf_counter() - t0) / len(topics)
        scores = score_outputs(topics, outs, words)
        cells: list[Any] = [name]
        for k in JK_TYPES:
            iv = interval(scores[k], idx)
            cells += [iv.mean, f"{iv.low:.4f}-{iv.high:.4f}"]
        n_words = np.mean([len(" ".join(truncate(o, words)).split()) for o in outs])
        rows.append((*cells, float(n_words), f"{seconds:.3f}"))
    if task == "update" and limit is None:
        rows += _official_rows(folder, idx, [t.id for t in topics])
    columns = ["system"]
    for k in JK_TYPES:
        columns += [k, f"{k} 95% CI"]
    columns += ["words", "s/docset"]
    what = "main task (query-focused)" if task == "main" else "update task (parts A, B, C)"
    return Report(
        title=f"DUC 2007 {what}: jackknifed ROUGE recall at {words} words, {len(topics)} docsets of "
        f"{folder / FILES[task]}",
        columns=tuple(columns),
        rows=tuple(rows),
        settings=_settings(task, topics, words, bootstrap, seed),
        data_digest=digest(folder / FILES[task]),
        precision=4,
    )


def _settings(task: str, topics: Sequence[Topic], words: int, bootstrap: int, seed: int) -> dict[str, str]:
    s = {
        "scoring": f"as NIST: every summary cut to its first {words} words, ROUGE-N recall with the 4 references "
        "pooled (ROUGE-1.5.5 -f A), jackknifed (mean over the 4 leave-one-out sets of 3), Porter stemming "
        "(ROUGE-1.5.5 -m), no stop-word removal; SU4 = skip-bigrams up to 4 words apart plus unigrams",
        "scorer check": "the same code on NIST's own update-task summaries reproduces ROUGE-1.5.5's figures "
        "(see the agreement table in docs/benchmarks.md)",
        "95% CI": f"percentile bootstrap over the {len(topics)} docsets, {bootstrap} resamples, seed {seed}, "
        "the same resamples for every row",
        "input": f"{len(topics)} docsets, {sum(len(t.articles) for t in topics)} documents after newsdesk's clean stage",
        "query": "title and narrative of the topic, one per line, as SummarizeConfig.query (summarize/query.py: "
        "expanded by pseudo-relevance feedback, the sentence closest to it first; update briefs the plain question)",
        "newsdesk": "summarize_articles (the analyse step's summarizer) with the default method (centroid "
        "scoring); '--method newsdesk' = the shipped learned ranker (trained on Multi-News dev)",
        "baselines": "the ones of `newsdesk evaluate summaries` (random, round-robin lead, TF-IDF centroid, "
        "sumy LexRank/TextRank), none of which reads the query; NIST's lead baseline = the most recent document",
    }
    if task == "update":
        s["since"] = ("parts B and C: the articles of the earlier parts are `since` (what the reader has seen); "
                      "part A has none. ROUGE does not check novelty; the official rows are NIST's own "
                      "ROUGE-1.5.5 figures per topic-part with the same bootstrap")
    return s
