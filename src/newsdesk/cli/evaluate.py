"""``newsdesk evaluate summaries|extraction|clustering``: newsdesk and baselines in one table."""

from __future__ import annotations

import argparse
from pathlib import Path


def _out(args: argparse.Namespace, text: str) -> int:
    from . import _write

    _write(args, text)
    return 0


def _check(args: argparse.Namespace) -> None:
    from . import check_output, check_paths

    check_paths([args.data], stdin=False)
    check_output(args)


def _progress(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The commands' progress: a status bar on a terminal, lines with -v, nothing in a pipe or log."""
    from . import progress_for

    return progress_for(args)


def cmd_summaries(args: argparse.Namespace) -> int:
    _check(args)  # before the heavy import
    from ..evaluate.summaries import evaluate_summaries

    report = evaluate_summaries(
        Path(args.data), words=args.words, headline=args.headline, limit=args.limit,
        bootstrap=args.bootstrap, seed=args.seed, progress=_progress(args),
    )
    return _out(args, report.render(args.format))


def cmd_duc(args: argparse.Namespace) -> int:
    _check(args)  # before the heavy import
    from ..evaluate.duc import agreement, evaluate_duc, load_topics

    if args.task == "agreement":
        topics = load_topics(Path(args.data) / "update.jsonl")
        return _out(args, agreement(Path(args.data), topics).render(args.format))
    report = evaluate_duc(
        Path(args.data), task=args.task, limit=args.limit, bootstrap=args.bootstrap, seed=args.seed,
        progress=_progress(args),
    )
    return _out(args, report.render(args.format))


def cmd_extraction(args: argparse.Namespace) -> int:
    _check(args)  # before the heavy import
    from ..evaluate.extraction import evaluate_extraction

    report = evaluate_extraction(Path(args.data), limit=args.limit, progress=_progress(args))
    return _out(args, report.render(args.format))


def cmd_clustering(args: argparse.Namespace) -> int:
    _check(args)  # before the heavy import
    from ..evaluate.clustering import evaluate_clustering

    report = evaluate_clustering(Path(args.data), limit=args.limit, seed=args.seed, progress=_progress(args))
    return _out(args, report.render(args.format))


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("-o", "--output", help="write the table here instead of standard output")
    p.add_argument("--limit", type=int, help="use only the first N items (quick runs)")


def add(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser(
        "evaluate",
        help="measure newsdesk against baselines on a benchmark",
        description="Run newsdesk and the baselines people would otherwise use on the same data, "
        "with one scorer, and print one table.",
        epilog="example: newsdesk evaluate summaries ../shared/eval/multinews-val/clusters.jsonl --words 300",
    )
    evs = ev.add_subparsers(dest="what", metavar="WHAT", required=True)

    p = evs.add_parser(
        "summaries",
        help="ROUGE of newsdesk and baselines on Multi-News-shaped clusters",
        epilog="example: newsdesk evaluate summaries ../shared/eval/multinews-val/clusters.jsonl --words 300",
    )
    p.add_argument("data", help='JSONL with {"id", "documents": [...], "summary"} per line')
    p.add_argument("--words", type=int, default=300, help="word budget for every system (default 300)")
    p.add_argument("--headline", action="store_true", help="score one sentence of at most 40 words instead")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the 95%% interval")
    p.add_argument("--seed", type=int, default=1)
    _common(p)
    p.set_defaults(func=cmd_summaries)

    p = evs.add_parser(
        "duc",
        help="DUC 2007 query-focused (main) and update tasks: jackknifed ROUGE recall as NIST scored it",
        epilog="example: newsdesk evaluate duc ../shared/eval/duc2007 --task update",
    )
    p.add_argument("data", help="the duc2007 folder (main.jsonl, update.jsonl, the official results)")
    p.add_argument("--task", choices=("main", "update", "agreement"), default="main",
                   help="main (250 words), update (100 words, with NIST's figures) or agreement (our "
                   "scorer against NIST's ROUGE-1.5.5 on the official update summaries)")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the 95%% interval")
    p.add_argument("--seed", type=int, default=1)
    _common(p)
    p.set_defaults(func=cmd_duc)

    p = evs.add_parser(
        "extraction",
        help="article-body F1 on a Zyte-layout benchmark (html/, ground-truth.json)",
        epilog="example: newsdesk evaluate extraction ../shared/eval/zyte-extraction-dev",
    )
    p.add_argument("data", help="folder with html/ID.html(.gz) and ground-truth.json")
    _common(p)
    p.set_defaults(func=cmd_extraction)

    p = evs.add_parser(
        "clustering",
        help="event clustering B-cubed and ARI on pooled Multi-News-shaped clusters",
        epilog="example: newsdesk evaluate clustering ../shared/eval/multinews-val/clusters.jsonl",
    )
    p.add_argument("data", help='JSONL with {"id", "documents": [...]} per line')
    p.add_argument("--seed", type=int, default=1, help="shuffle seed for pooling the articles")
    _common(p)
    p.set_defaults(func=cmd_clustering)
