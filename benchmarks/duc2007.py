"""DUC 2007: query-focused briefs (main task) and update briefs, beside the baselines and NIST's figures.

    .venv/bin/python benchmarks/duc2007.py                 # agreement, main and update tables (~6 min on 2 cores)
    .venv/bin/python benchmarks/duc2007.py --sweep         # also the sweeps that chose the query and novelty weights (~10 min)
    .venv/bin/python benchmarks/duc2007.py --format markdown

1. Our scorer (``evaluate.rouge.jackknife_recall``) against NIST's ROUGE-1.5.5 on the 34 official
   update-task summarizers (``newsdesk evaluate duc DATA --task agreement``).
2. The main task (23 topics with references, 250 words) and the update task (30 topic-parts, 100
   words, with NIST's official rows): ``newsdesk evaluate duc DATA --task main|update``.
3. ``--sweep``: jackknifed ROUGE-2 of ``newsdesk --method centroid --query`` over the query weights
   and the feedback expansion (``summarize.query``: QUERY_WEIGHT x FEEDBACK_WEIGHT on the main task
   and update parts A, UPDATE_QUERY_WEIGHT x UPDATE_FEEDBACK_WEIGHT on parts B and C) and over the
   novelty settings (``summarize.update.NOVELTY_WEIGHT``, ``REPEAT``), with leave-one-topic-out
   figures (the settings chosen on the other topics, scored on the one left out).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "duc2007"


def _loo(M: np.ndarray, groups: np.ndarray) -> float:
    """Leave-one-group-out: per group, the grid row best on the other groups, scored on this one."""
    out = []
    for g in sorted(set(groups)):
        m = groups == g
        out.extend(M[int(np.argmax(M[:, ~m].mean(axis=1))), m])
    return float(np.mean(out))


def _run(topics, by_id, words: int, *, since: bool) -> np.ndarray:
    from newsdesk.evaluate import duc

    run = duc._newsdesk("centroid", query=True, since=since)
    return duc.score_outputs(topics, [run(t, by_id, words) for t in topics], words)["ROUGE-2"]


def sweep(folder: Path, *, novelty_sweep: bool = False) -> None:
    """The grids that chose ``summarize.query``'s weights, with leave-one-topic-out figures.

    Briefs with nothing seen (the main task, 23 topics at 250 words, and the update task's parts A,
    10 topics at 100 words): QUERY_WEIGHT x FEEDBACK_WEIGHT, the objective the mean of the two
    tasks' means. Update briefs (parts B and C): UPDATE_QUERY_WEIGHT x UPDATE_FEEDBACK_WEIGHT. The
    held-out figures choose both settings on the other topics (a topic left out of both tasks: the
    update topics are main-task topics too) and score the one left out."""
    import newsdesk.summarize as S
    from newsdesk.evaluate import duc
    from newsdesk.summarize import query as Q
    from newsdesk.summarize import update as U

    saved = {k: getattr(Q, k) for k in ("QUERY_WEIGHT", "FEEDBACK_WEIGHT", "UPDATE_QUERY_WEIGHT",
                                        "UPDATE_FEEDBACK_WEIGHT")}
    novelty, mark = U.novelty, U.mark_seen
    try:
        main = duc.load_topics(folder / duc.FILES["main"])
        upd = duc.load_topics(folder / duc.FILES["update"])
        by_main, by_upd = {t.id: t for t in main}, {t.id: t for t in upd}
        first = [t for t in upd if not t.earlier]
        later = [t for t in upd if t.earlier]
        gm = np.array([t.id[:5] for t in main])
        ga = np.array([t.id[:5] for t in first])
        gl = np.array([t.id[:5] for t in later])
        grid = [(w, f) for w in (0.25, 0.5, 1.0) for f in (0.0, 1.0, 2.0)]
        rows_m, rows_a = [], []
        print("query sweep, briefs with nothing seen: jackknifed ROUGE-2 of newsdesk --query (centroid scoring)")
        print(f"  {'QUERY_WEIGHT':>12} {'FEEDBACK_WEIGHT':>15}  main ({len(main)} topics, 250 w)  "
              f"update A ({len(first)}, 100 w)")
        for w, f in grid:
            Q.QUERY_WEIGHT, Q.FEEDBACK_WEIGHT = w, f
            rows_m.append(_run(main, by_main, 250, since=False))
            rows_a.append(_run(first, by_upd, 100, since=False))
            print(f"  {w:12.2f} {f:15.2f}  {rows_m[-1].mean():24.4f}  {rows_a[-1].mean():18.4f}", flush=True)
        Q.QUERY_WEIGHT, Q.FEEDBACK_WEIGHT = saved["QUERY_WEIGHT"], saved["FEEDBACK_WEIGHT"]
        grid_u = [(w, f) for w in (0.5, 1.0, 1.5) for f in (0.0, 1.0)]
        rows_l = []
        print(f"query sweep, update briefs (parts B and C, {len(later)} docsets, 100 words)")
        print(f"  {'UPDATE_QUERY_WEIGHT':>19} {'UPDATE_FEEDBACK_WEIGHT':>22}  ROUGE-2")
        for w, f in grid_u:
            Q.UPDATE_QUERY_WEIGHT, Q.UPDATE_FEEDBACK_WEIGHT = w, f
            rows_l.append(_run(later, by_upd, 100, since=True))
            print(f"  {w:19.2f} {f:22.2f}  {rows_l[-1].mean():.4f}", flush=True)
        Q.UPDATE_QUERY_WEIGHT, Q.UPDATE_FEEDBACK_WEIGHT = saved["UPDATE_QUERY_WEIGHT"], saved["UPDATE_FEEDBACK_WEIGHT"]
        Mm, Ma, Ml = np.array(rows_m), np.array(rows_a), np.array(rows_l)
        obj = Mm.mean(axis=1) + Ma.mean(axis=1)
        print(f"  chosen on all topics: QUERY_WEIGHT, FEEDBACK_WEIGHT = {grid[int(np.argmax(obj))]}, "
              f"UPDATE_QUERY_WEIGHT, UPDATE_FEEDBACK_WEIGHT = {grid_u[int(np.argmax(Ml.mean(axis=1)))]}")
        held_m, held_u, picks = [], [], []
        for g in sorted(set(gm) | set(ga)):
            mm, ma, ml = gm == g, ga == g, gl == g
            j = int(np.argmax(Mm[:, ~mm].mean(axis=1) + Ma[:, ~ma].mean(axis=1)))
            k = int(np.argmax(Ml[:, ~ml].mean(axis=1)))
            held_m.extend(Mm[j, mm])
            held_u.extend([*Ma[j, ma], *Ml[k, ml]])
            picks.append((grid[j], grid_u[k]))
        print(f"  leave-one-topic-out (settings chosen on the other topics of both tasks): main {np.mean(held_m):.4f} "
              f"({len(held_m)} topics), update {np.mean(held_u):.4f} ({len(held_u)} topic-parts); "
              f"{len(set(picks))} distinct choice(s) over the {len(picks)} folds")
        if not novelty_sweep:
            return
        grid2 = [(w, r) for w in (0.0, 0.5, 1.0, 2.0) for r in (0.4, 0.6, 0.8, 1.01)]
        rows = []
        for w, r in grid2:
            S.novelty = functools.partial(novelty, weight=w, repeat=r)
            S.mark_seen = functools.partial(mark, repeat=r)
            rows.append(_run(later, by_upd, 100, since=True))
        M = np.array(rows)
        print(f"novelty sweep, update parts B and C ({len(later)} docsets, 100 words), jackknifed ROUGE-2 "
              "(REPEAT 1.01 = no sentence dropped as already seen)")
        for (w, r), v in zip(grid2, M, strict=True):
            print(f"  NOVELTY_WEIGHT {w:3.1f} REPEAT {r:4.2f}: {v.mean():.4f}")
        print(f"  leave-one-topic-out (setting chosen on the other topics): {_loo(M, gl):.4f}")
    finally:
        S.novelty, S.mark_seen = novelty, mark
        for k, v in saved.items():
            setattr(Q, k, v)


EMBED_CACHE = Path("~/.cache/newsdesk").expanduser()


def duc_texts(folder: Path) -> tuple[list[str], list[str]]:
    """(passages, queries) that the e5 rows of the DUC runs embed: every fit candidate sentence of
    the main and update docsets with references, every sentence the update parts' readers have
    seen (the earlier parts, as ``update.seen_sentences`` splits them), and the topics' questions."""
    from newsdesk.evaluate import duc
    from newsdesk.summarize.features import candidates
    from newsdesk.summarize.update import seen_sentences

    passages: dict[str, None] = {}
    queries: dict[str, None] = {}
    for task in ("main", "update"):
        topics = duc.load_topics(folder / duc.FILES[task])
        by_id = {t.id: t for t in topics}
        for t in topics:
            queries[t.query] = None
            passages.update((c.text, None) for c in candidates(t.articles) if c.problem is None)
            passages.update((s, None) for s in seen_sentences([a for e in t.earlier for a in by_id[e].articles]))
    return list(passages), list(queries)


def warm_embeddings(folder: Path, cache: Path) -> None:
    """Embed every DUC text the e5 rows read once, into ``cache`` (interruptible: each batch is kept)."""
    from newsdesk.summarize import embed_cache as E

    E.use_disk(cache)
    passages, queries = duc_texts(folder)
    E.embed(queries, "query")
    t0 = time.perf_counter()
    todo = len(passages) - E.cached_count(passages)
    print(f"e5 cache {cache}: {len(passages)} passages, {todo} to embed; {len(queries)} questions", flush=True)

    def progress(done: int, n: int) -> None:
        if done % 640 < E.BATCH or done == n:
            dt = time.perf_counter() - t0
            print(f"  {done}/{n} embedded, {done / dt:.1f} sentences/s", flush=True)

    E.embed(passages, "passage", progress=progress)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    ap.add_argument("--sweep", action="store_true", help="the query-weight sweeps (~25 min on 2 busy cores)")
    ap.add_argument("--novelty-sweep", action="store_true", help="with --sweep: also the novelty grid (16 more runs)")
    ap.add_argument("--newsdesk-only", action="store_true",
                    help="tables with the newsdesk rows only (and NIST's): the baselines do not change with newsdesk")
    ap.add_argument("--embed", action="store_true",
                    help="embed every DUC sentence and question with e5 into --embed-cache (once; resumable)")
    ap.add_argument("--embed-cache", default=str(EMBED_CACHE), help="folder of the e5 vector cache")
    ap.add_argument("--only", choices=("agreement", "main", "update", "sweep"), help="one table only (sweep: the sweeps only)")
    args = ap.parse_args()
    folder = Path(args.data)
    if not (folder / "main.jsonl").exists():
        print(f"{folder} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    from newsdesk.evaluate.duc import agreement, evaluate_duc, load_topics, systems

    if args.embed:
        warm_embeddings(folder, Path(args.embed_cache))
        return 0
    from newsdesk.summarize import embed_cache

    # the --embed-query rows read the vectors --embed left there (their s/docset leaves out the
    # embedding: about 40 sentences a brief at 5-7 sentences/s on this loaded machine, measured by --embed)
    embed_cache.use_disk(Path(args.embed_cache))
    t0 = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    if args.only in (None, "agreement"):
        print(agreement(folder, load_topics(folder / "update.jsonl")).render(args.format))
    for task in ("main", "update"):
        if args.only in (None, task):
            names = [n for n in systems(task) if n.startswith("newsdesk")] if args.newsdesk_only else None
            print(evaluate_duc(folder, task=task, progress=say, names=names).render(args.format))
            sys.stdout.flush()
    if args.sweep or args.only == "sweep":
        sweep(folder, novelty_sweep=args.novelty_sweep)
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
