"""DUC 2007: query-focused briefs (main task) and update briefs, beside the baselines and NIST's figures.

    .venv/bin/python benchmarks/duc2007.py                 # agreement, main and update tables (~6 min on 2 cores)
    .venv/bin/python benchmarks/duc2007.py --sweep         # also the sweeps that chose the query and novelty weights
    .venv/bin/python benchmarks/duc2007.py --format markdown

1. Our scorer (``evaluate.rouge.jackknife_recall``) against NIST's ROUGE-1.5.5 on the 34 official
   update-task summarizers (``newsdesk evaluate duc DATA --task agreement``).
2. The main task (23 topics with references, 250 words) and the update task (30 topic-parts, 100
   words, with NIST's official rows): ``newsdesk evaluate duc DATA --task main|update``.
3. ``--sweep``: jackknifed ROUGE-2 of ``newsdesk --method centroid`` over the query weight
   (``summarize.query.QUERY_WEIGHT``) on both tasks and over the novelty settings
   (``summarize.update.NOVELTY_WEIGHT``, ``REPEAT``) on update parts B and C, each with a
   leave-one-topic-out figure (the setting chosen on the other topics, scored on the one left out).
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


def sweep(folder: Path) -> None:
    import newsdesk.summarize as S
    from newsdesk.evaluate import duc
    from newsdesk.summarize import query as Q
    from newsdesk.summarize import update as U

    focus, novelty, mark = Q.focus, U.novelty, U.mark_seen
    try:
        for task, words in (("main", 250), ("update", 100)):
            topics = duc.load_topics(folder / duc.FILES[task])
            by_id = {t.id: t for t in topics}
            grid = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0)
            rows = []
            for w in grid:
                S.focus = functools.partial(focus, weight=w)
                run = duc._newsdesk("centroid", query=True, since=task == "update")
                rows.append(duc.score_outputs(topics, [run(t, by_id, words) for t in topics], words)["ROUGE-2"])
            M = np.array(rows)
            groups = np.array([t.id.split("-")[0] for t in topics])
            print(f"query weight sweep, {task} ({len(topics)} docsets, {words} words), jackknifed ROUGE-2 of "
                  "newsdesk --method centroid --query" + (" --since" if task == "update" else ""))
            for w, r in zip(grid, M, strict=True):
                print(f"  QUERY_WEIGHT {w:4.2f}: {r.mean():.4f}")
            print(f"  leave-one-topic-out (weight chosen on the other topics): {_loo(M, groups):.4f}")
            S.focus = focus
        topics = duc.load_topics(folder / duc.FILES["update"])
        by_id = {t.id: t for t in topics}
        later = [t for t in topics if t.earlier]
        grid2 = [(w, r) for w in (0.0, 0.5, 1.0, 2.0) for r in (0.4, 0.6, 0.8, 1.01)]
        rows = []
        for w, r in grid2:
            S.novelty = functools.partial(novelty, weight=w, repeat=r)
            S.mark_seen = functools.partial(mark, repeat=r)
            run = duc._newsdesk("centroid", query=True, since=True)
            rows.append(duc.score_outputs(later, [run(t, by_id, 100) for t in later], 100)["ROUGE-2"])
        M = np.array(rows)
        print(f"novelty sweep, update parts B and C ({len(later)} docsets, 100 words), jackknifed ROUGE-2 "
              "(REPEAT 1.01 = no sentence dropped as already seen)")
        for (w, r), v in zip(grid2, M, strict=True):
            print(f"  NOVELTY_WEIGHT {w:3.1f} REPEAT {r:4.2f}: {v.mean():.4f}")
        groups = np.array([t.id.split("-")[0] for t in later])
        print(f"  leave-one-topic-out (setting chosen on the other topics): {_loo(M, groups):.4f}")
    finally:
        S.focus, S.novelty, S.mark_seen = focus, novelty, mark


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--only", choices=("agreement", "main", "update"), help="one table only")
    args = ap.parse_args()
    folder = Path(args.data)
    if not (folder / "main.jsonl").exists():
        print(f"{folder} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    from newsdesk.evaluate.duc import agreement, evaluate_duc, load_topics

    t0 = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    if args.only in (None, "agreement"):
        print(agreement(folder, load_topics(folder / "update.jsonl")).render(args.format))
    for task in ("main", "update"):
        if args.only in (None, task):
            print(evaluate_duc(folder, task=task, progress=say).render(args.format))
            sys.stdout.flush()
    if args.sweep:
        sweep(folder)
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
