"""``newsdesk distributed brief PATH...``: ``newsdesk brief`` computed on a dask cluster."""

from __future__ import annotations

import argparse


def cmd_brief(args: argparse.Namespace) -> int:
    # The same settings, checks, progress and output as ``newsdesk brief``.
    from ..distributed import connect, run_distributed
    from . import EXIT_OK, start, write_result

    config, progress = start(args)
    where = "a local cluster" if args.scheduler == "local" else args.scheduler
    progress(f"connecting to {where}" + (f" ({args.workers} workers)" if args.scheduler == "local" else ""))
    with connect(args.scheduler, workers=args.workers) as client:
        result = run_distributed(
            args.paths, config=config, client=client, partitions=args.partitions, progress=progress
        )
    write_result(args, result, progress)
    return EXIT_OK


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: use 1 or more")
    return n


def add(sub: argparse._SubParsersAction) -> None:
    from ..distributed.engine import worker_count
    from ..pipeline.executor import PARTITIONS_PER_THREAD
    from .brief import add_output_options

    top = sub.add_parser(
        "distributed",
        help="run the pipeline on a dask cluster (the 'distributed' extra)",
        description="The same stages as the sequential commands, mapped over partitions of articles "
        "and events on dask workers; the output is the same. Needs: pip install 'newsdesk[distributed]'.",
        epilog="example: newsdesk distributed brief samples/corpus --workers 2 -o brief.md",
    )
    cmds = top.add_subparsers(dest="what", metavar="COMMAND", required=True)
    p = cmds.add_parser(
        "brief",
        help="read articles and write a cited brief per event, on dask workers",
        description="What 'newsdesk brief' does (same inputs, options and output), with reading, "
        "cleaning, date estimation, duplicate detection (a shuffle of MinHash band keys), event "
        "clustering (time blocks), cross-source facts and summaries spread over dask workers.",
        epilog="example: newsdesk distributed brief samples/corpus --workers 2 --format json -o brief.json\n"
        "         newsdesk distributed brief articles/ --scheduler tcp://127.0.0.1:8786",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="files or directories to read; '-' for standard input")
    p.add_argument(
        "--scheduler",
        default="local",
        metavar="ADDRESS",
        help="a running dask scheduler (tcp://HOST:PORT), or 'local' to start a local cluster (default)",
    )
    p.add_argument(
        "--workers",
        type=_positive,
        default=worker_count(),
        help="worker processes of the local cluster (default: the machine's cores)",
    )
    p.add_argument(
        "--partitions",
        type=_positive,
        help=f"pieces to cut articles and events into (default {PARTITIONS_PER_THREAD} per worker thread)",
    )
    add_output_options(p)
    p.set_defaults(func=cmd_brief)
