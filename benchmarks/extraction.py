"""Print the article-body extraction table (newsdesk vs trafilatura vs whole page; text cleaner vs keep all).

    .venv/bin/python benchmarks/extraction.py [DIR] [--limit N] [--format text|markdown|json]

DIR defaults to ../shared/eval/zyte-extraction-dev beside the project root.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from newsdesk.evaluate.extraction import evaluate_extraction

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "zyte-extraction-dev"))
    p.add_argument("--limit", type=int)
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = p.parse_args(argv)
    data = Path(args.data)
    if not (data / "ground-truth.json").exists():
        print(f"{data}: no ground-truth.json here (needs ../shared/eval/zyte-extraction-dev)", file=sys.stderr)
        return 2
    report = evaluate_extraction(data, limit=args.limit, progress=lambda m: print(m, file=sys.stderr))
    sys.stdout.write(report.render(args.format))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
