"""Fuzzing every reader and the CLI with hostile and broken inputs (hypothesis, fixed seed, bounded
budget): no exception, no hang, nothing vanishes: records in == articles + skipped where the
records are known, and every file at least once otherwise. Generators: ``tests/fuzzing.py``;
the longer run (10,000 cases) is ``benchmarks/fuzz.py``.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzzing  # noqa: E402

from newsdesk.config import IngestConfig  # noqa: E402
from newsdesk.ingest import read_any, read_stream  # noqa: E402

# Fixed seed (derandomize), bounded budget, no example database, no shrinking (a failure prints its
# inputs' generator seed through hypothesis's random): the same inputs on every run, in seconds.
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CONFIG = IngestConfig(min_words=5)
SECONDS = 30  # far above what one case takes (under a second); only a hang gets near it


@pytest.mark.parametrize("ext", sorted(fuzzing.GENERATORS))
@FUZZ
@given(rnd=st.randoms(use_true_random=False))
def test_every_reader_keeps_every_record(ext: str, rnd: random.Random, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    case = [fuzzing.make_file(rnd, i, ext) for i in range(rnd.randint(1, 3))]
    paths = fuzzing.write_case(case, folder)
    with fuzzing.time_limit(SECONDS):
        result = read_any(paths, config=CONFIG)
    assert fuzzing.problems(case, paths, result) == []


@FUZZ
@given(rnd=st.randoms(use_true_random=False))
def test_a_directory_of_mixed_files_keeps_every_record(rnd: random.Random, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzzdir")
    case = fuzzing.make_case(rnd, rnd.randint(2, 8))
    paths = fuzzing.write_case(case, folder)
    with fuzzing.time_limit(SECONDS):
        result = read_any([folder], config=CONFIG)
    assert fuzzing.problems(case, paths, result) == []


@FUZZ
@given(rnd=st.randoms(use_true_random=False))
def test_standard_input_and_uploads_never_raise(rnd: random.Random) -> None:
    f = fuzzing.make_file(rnd, 0)
    with fuzzing.time_limit(SECONDS):
        got = read_stream(f.data, name="upload", config=CONFIG)
    assert [s for s in got.skipped if fuzzing.BUG_MARK in s.reason or not s.reason] == []
    assert got.articles or got.skipped  # the upload is never silently empty
    assert len({a.id for a in got.articles}) == len(got.articles)


def test_special_files_are_skipped_not_waited_on(tmp_path: Path) -> None:
    """A FIFO named *.txt (nobody writes to it: opening it would block forever) and a socket."""
    import socket

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.jsonl"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        with fuzzing.time_limit(SECONDS):
            r = read_any([tmp_path, fifo])
    finally:
        sock.close()
    fifo_reason = "not read: it is a named pipe (FIFO), not a regular file; save the data to a file or pipe it in with '-'"
    assert [(Path(s.path).name, s.reason) for s in r.skipped] == [
        ("pipe.txt", fifo_reason),  # found in the folder
        ("s.jsonl", "not read: it is a socket, not a regular file; save the data to a file or pipe it in with '-'"),
        ("pipe.txt", fifo_reason),  # named as an argument
    ]
    assert r.articles == ()


@settings(max_examples=6, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rnd=st.randoms(use_true_random=False))
def test_the_cli_keeps_every_record(rnd: random.Random, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``newsdesk brief DIR --format json -o FILE`` on broken inputs with odd file names: exit 0 (or 3
    when nothing is readable), never a traceback; records in == articles + skipped after cleaning;
    then ``newsdesk ingest DIR`` stores the same number of articles and skips."""
    from newsdesk.cli import main

    folder = tmp_path_factory.mktemp("fuzzcli")
    case = fuzzing.make_case(rnd, rnd.randint(1, 4))
    paths = fuzzing.write_case(case, folder / "in")
    out = folder / os.fsdecode(b"brief-\xff.json")  # the output name is not UTF-8 either
    with fuzzing.time_limit(300):
        code = main(["brief", str(folder / "in"), "--format", "json", "-o", str(out), "-q",
                     "--config", str(_config(folder))])
    assert code in (0, 3)
    if code == 3:
        return
    doc = json.loads(out.read_text(encoding="utf-8"))
    # the JSON output in the shape fuzzing.problems reads
    articles = [SimpleNamespace(id=a["id"], raw=a.get("raw", ""), title=a.get("title", ""), text=a.get("text", ""),
                                url=a.get("url"), origin=SimpleNamespace(path=a["origin"]["path"]))
                for a in doc["articles"]]
    skipped = [SimpleNamespace(path=s["path"], reason=s["reason"]) for s in doc["skipped"]]
    assert fuzzing.problems(case, paths, SimpleNamespace(articles=articles, skipped=skipped)) == []
    # the desk's ingest keeps the same records: every article stored or skipped, as in the brief
    from newsdesk.store import open_store

    db = folder / "desk.db"
    assert main(["ingest", str(folder / "in"), "--db", str(db), "-q", "--config", str(_config(folder))]) == 0
    with open_store(db) as store:
        counts = store.counts()
    assert counts["articles"] + counts["skipped"] == len(articles) + len(skipped)


def _config(folder: Path) -> Path:
    p = folder / "fuzz.toml"
    p.write_text("[ingest]\nmin_words = 5\n[clean]\nmin_body_words = 5\n", encoding="utf-8")
    return p
