"""Article-body extraction F1 on a Zyte-layout benchmark, newsdesk beside the baselines.

Data layout (the Article Extraction Benchmark of Zyte, scrapinghub/article-extraction-benchmark):
``html/ID.html.gz`` and ``ground-truth.json`` = ``{ID: {"url", "articleBody"}}``.

Two tasks, one table:

* ``html``: page HTML -> article body. newsdesk (``clean_html``), plain trafilatura (its
  defaults, and the call the benchmark's own runner makes: ``include_comments=False``) and the
  whole page text (every visible line).
* ``text``: the same pages as plain text with every visible line kept (``visible_text``), the
  shape of text that arrives without its HTML (the seeds) -> article body. newsdesk's text
  cleaner (``clean_text``, given no title) against keeping everything.

The metric is the benchmark's own, re-implemented from its ``evaluate.py``
(https://github.com/scrapinghub/article-extraction-benchmark/blob/master/evaluate.py):
tokens are ``\\w+`` matches (case kept); shingles are 4-token n-grams counted as a multiset (a
text of fewer than 4 tokens is one shorter shingle, an empty text none); per page tp/fp/fn are
multiset matches normalised to sum to 1; precision is the mean over pages with tp+fp > 0, recall
the mean over pages with tp+fn > 0, F1 the harmonic mean of those two means; accuracy is the
share of pages whose token list equals the truth exactly; the +- figures are standard deviations
over 1000 bootstrap resamples of pages (seeded here, unseeded there).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .report import Report, digest

SHINGLE_SIZE = 4
N_BOOTSTRAP = 1000
BOOTSTRAP_SEED = 1
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

TpFpFn = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def _shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_matching(true: str | None, pred: str | None, n: int = SHINGLE_SIZE) -> TpFpFn:
    """Normalised (tp, fp, fn) over shingle multisets, as ``string_shingle_matching`` there."""
    ts, ps = _shingles(true, n), _shingles(pred, n)
    tp = fp = fn = 0.0
    for key in ts.keys() | ps.keys():
        t, p = ts.get(key, 0), ps.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_from(tp_fp_fns: list[TpFpFn]) -> dict[str, float]:
    """Mean precision, mean recall and their harmonic mean, as ``metrics_from_tp_fp_fns`` there."""
    ps = [_precision(*x) for x in tp_fp_fns if x[0] + x[1] > 0]
    rs = [_recall(*x) for x in tp_fp_fns if x[0] + x[2] > 0]
    precision = statistics.mean(ps) if ps else 0.0
    recall = statistics.mean(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def score(truths: list[str], preds: list[str], *, n_bootstrap: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED) -> dict[str, float]:
    """F1, precision, recall, accuracy and their bootstrap standard deviations."""
    tp_fp_fns = [shingle_matching(t, p) for t, p in zip(truths, preds)]
    accuracies = [float(tokenize(t) == tokenize(p)) for t, p in zip(truths, preds)]
    out = metrics_from(tp_fp_fns)
    out["accuracy"] = statistics.mean(accuracies) if accuracies else 0.0
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    n = len(tp_fp_fns)
    for _ in range(n_bootstrap if n > 1 else 0):
        idx = [rng.randint(0, n - 1) for _ in range(n)]
        for k, v in metrics_from([tp_fp_fns[i] for i in idx]).items():
            samples.setdefault(k, []).append(v)
        samples.setdefault("accuracy", []).append(statistics.mean(accuracies[i] for i in idx))
    for k, vs in samples.items():
        out[f"{k}_std"] = statistics.stdev(vs)
    return out


def _systems() -> dict[str, tuple[str, Callable[[str, str], str]]]:
    """``name -> (task, extract(html, page_text))``; page_text is the visible text of the page."""
    import trafilatura

    from ..clean import clean_html, clean_text
    from ..clean.plain import body_text

    return {
        "newsdesk": ("html", lambda html, _t: body_text(clean_html(html))),
        "trafilatura (defaults)": ("html", lambda html, _t: trafilatura.extract(html) or ""),
        "trafilatura (benchmark call)": (
            "html",
            lambda html, _t: trafilatura.extract(html, include_comments=False) or "",
        ),
        "whole page text": ("html", lambda _h, text: text),
        "newsdesk text cleaner": ("text", lambda _h, text: body_text(clean_text(text))),
        "keep everything": ("text", lambda _h, text: text),
    }


def load_pages(root: Path, *, limit: int | None = None) -> list[tuple[str, str, str]]:
    """``(id, html, articleBody)`` for the pages in ``root``, sorted by id."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = []
    for pid in ids:
        path = root / "html" / f"{pid}.html.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
                html = f.read()
        else:
            html = (root / "html" / f"{pid}.html").read_text(encoding="utf-8", errors="replace")
        pages.append((pid, html, truth[pid].get("articleBody", "") or ""))
    return pages


def evaluate_extraction(
    root: Path, *, limit: int | None = None, progress: Callable[[str], None] | None = None
) -> Report:
    """Score newsdesk and the baselines on both tasks; one row per system."""
    from ..htmltext import visible_text

    pages = load_pages(root, limit=limit)
    systems = _systems()
    preds: dict[str, list[str]] = {name: [] for name in systems}
    seconds: dict[str, float] = {name: 0.0 for name in systems}
    text_seconds = 0.0
    for n, (_pid, html, _truth) in enumerate(pages, 1):
        t0 = time.perf_counter()
        text = visible_text(html)
        text_seconds += time.perf_counter() - t0
        for name, (_task, run) in systems.items():
            t0 = time.perf_counter()
            preds[name].append(run(html, text))
            seconds[name] += time.perf_counter() - t0
        if progress and (n % 20 == 0 or n == len(pages)):
            progress(f"{n}/{len(pages)} pages")
    # The text-task systems and "whole page text" start from the visible text: charge its cost.
    for name, (task, _run) in systems.items():
        if task == "text" or name == "whole page text":
            seconds[name] += text_seconds

    truths = [t for _, _, t in pages]
    rows = []
    for name, (task, _run) in systems.items():
        m = score(truths, preds[name])
        rows.append(
            (
                name,
                task,
                m["f1"],
                m["precision"],
                m["recall"],
                m["accuracy"],
                m.get("f1_std", 0.0),
                1000 * seconds[name] / max(1, len(pages)),
            )
        )
    return Report(
        title=f"Article body extraction on {root.name} ({len(pages)} pages)",
        columns=("system", "task", "F1", "precision", "recall", "accuracy", "F1 std", "ms/page"),
        rows=tuple(rows),
        settings={
            "metric": "Zyte article-extraction-benchmark evaluate.py: \\w+ tokens, 4-token shingle "
            "multisets, tp/fp/fn normalised per page, P and R averaged over pages, F1 of the means",
            "F1 std": f"bootstrap over pages, {N_BOOTSTRAP} resamples, seed {BOOTSTRAP_SEED}",
            "task html": "page HTML -> body",
            "task text": "visible_text(html) (every visible line, no HTML) -> body; no title given",
            "trafilatura (benchmark call)": "trafilatura.extract(html, include_comments=False), as run_trafilatura.py",
            "pages": len(pages),
        },
        data_digest=digest(root / "ground-truth.json"),
    )
