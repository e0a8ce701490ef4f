"""Check an evaluation-data folder laid out as README.md ("Getting the evaluation data") says.

    python scripts/check_eval_data.py ../shared/eval

For each data set: absent (the tests and commands that need it skip or say so), or present with
its record count, or present with the first problems found (a missing file, a line that is not
JSON, a record without a field it needs). Exit 0 when every present data set is well-formed, 1
otherwise. Reads everything; writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

MAX_PROBLEMS = 5


def _lines(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except ValueError as exc:
                    yield n, exc


def _need(obj: Any, fields: dict[str, type | tuple[type, ...]], where: str) -> list[str]:
    if isinstance(obj, ValueError):
        return [f"{where}: not JSON ({obj})"]
    if not isinstance(obj, dict):
        return [f"{where}: not a JSON object"]
    out = []
    for name, kind in fields.items():
        if name not in obj:
            out.append(f"{where}: no {name!r}")
        elif not isinstance(obj[name], kind):
            out.append(f"{where}: {name!r} is {type(obj[name]).__name__}")
    return out


def _jsonl(path: Path, fields: dict[str, type | tuple[type, ...]],
           more: Callable[[dict[str, Any], str], list[str]] | None = None) -> tuple[int, list[str]]:
    if not path.is_file():
        return 0, [f"{path.name} is missing"]
    count, problems = 0, []
    for n, obj in _lines(path):
        count += 1
        where = f"{path.name}:{n}"
        got = _need(obj, fields, where)
        if not got and more:
            got = more(obj, where)
        problems += got
    return count, problems


def _documents(obj: dict[str, Any], where: str) -> list[str]:
    docs = obj["documents"]
    if not docs or not all(isinstance(d, str) for d in docs):
        return [f"{where}: 'documents' must be a non-empty list of strings"]
    return []


def check_multinews(folder: Path) -> tuple[int, list[str]]:
    return _jsonl(folder / "clusters.jsonl", {"id": (str, int), "documents": list, "summary": str}, _documents)


def check_zyte(folder: Path) -> tuple[int, list[str]]:
    truth = folder / "ground-truth.json"
    if not truth.is_file():
        return 0, ["ground-truth.json is missing"]
    try:
        data = json.loads(truth.read_text(encoding="utf-8"))
    except ValueError as exc:
        return 0, [f"ground-truth.json: not JSON ({exc})"]
    if not isinstance(data, dict):
        return 0, ["ground-truth.json: not an object {ID: {url, articleBody}}"]
    problems = []
    for key, rec in data.items():
        problems += _need(rec, {"url": str, "articleBody": str}, f"ground-truth.json[{key}]")
        if not (folder / "html" / f"{key}.html.gz").is_file():
            problems.append(f"html/{key}.html.gz is missing")
    return len(data), problems


def check_duc(folder: Path) -> tuple[int, list[str]]:
    topic = {"id": str, "query": dict, "documents": list, "dates": list, "references": list}
    n_main, problems = _jsonl(folder / "main.jsonl", topic, _documents)
    n_update, more = _jsonl(folder / "update.jsonl", {**topic, "part": str, "earlier_parts": list}, _documents)
    problems += more
    n_peers, more = _jsonl(folder / "update_peers.jsonl", {"id": str, "summarizer": str, "kind": str, "text": str})
    problems += more
    if not (folder / "update_official_rouge.json").is_file():
        problems.append("update_official_rouge.json is missing")
    return n_main + n_update, problems


def check_mmds(folder: Path) -> tuple[int, list[str]]:
    return _jsonl(folder / "articles.jsonl", {"id": str, "title": str, "text": str, "label": str})


def check_cleaneval(folder: Path) -> tuple[int, list[str]]:
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return 0, ["manifest.json is missing"]
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError as exc:
        return 0, [f"manifest.json: not JSON ({exc})"]
    pairs = data.get("pairs") if isinstance(data, dict) else None
    if not isinstance(pairs, list):
        return 0, ["manifest.json: no 'pairs' list"]
    problems = []
    for i, pair in enumerate(pairs):
        got = _need(pair, {"name": str, "html": str, "gold": str, "news_like": bool}, f"manifest.json pairs[{i}]")
        problems += got
        if not got:
            problems += [f"{pair[k]} is missing" for k in ("html", "gold") if not (folder / pair[k]).is_file()]
    return len(pairs), problems


# folder, what reads it, checker
DATASETS: list[tuple[str, str, Callable[[Path], tuple[int, list[str]]]]] = [
    ("multinews-val", "evaluate summaries/clustering, ranker training, quality gates", check_multinews),
    ("zyte-extraction-dev", "evaluate extraction, quality gates", check_zyte),
    ("duc2007", "evaluate duc", check_duc),
    ("mmds-dev", "multilingual clustering benchmark", check_mmds),
    ("cleaneval-dev", "boilerplate-removal benchmark", check_cleaneval),
]


def check(root: Path) -> list[tuple[str, str, int, list[str]]]:
    """(name, status, records, problems) per data set; status is absent, ok or problems."""
    out = []
    for name, _, fn in DATASETS:
        folder = root / name
        if not folder.is_dir():
            out.append((name, "absent", 0, []))
            continue
        count, problems = fn(folder)
        out.append((name, "problems" if problems else "ok", count, problems))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python scripts/check_eval_data.py ../shared/eval")
    parser.add_argument("folder", help="the eval folder (../shared/eval)")
    args = parser.parse_args(argv)
    root = Path(args.folder)
    if not root.is_dir():
        print(f"check_eval_data: no folder {str(root)!r}; build it as README.md says", file=sys.stderr)
        return 1
    bad = False
    uses = {name: used for name, used, _ in DATASETS}
    for name, status, count, problems in check(root):
        shown = f"{count} records" if status != "absent" else "absent: what needs it skips"
        print(f"{name:22} {status:9} {shown:32} ({uses[name]})")
        for p in problems[:MAX_PROBLEMS]:
            print(f"    {p}")
        if len(problems) > MAX_PROBLEMS:
            print(f"    ... and {len(problems) - MAX_PROBLEMS} more")
        bad |= status == "problems"
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
