"""The distributed run gives the sequential result: ``run_distributed`` == ``pipeline.brief``/``run``.

One small local cluster (2 worker processes, 1 thread each) serves the whole module and is shut
down at the end. Inputs: the sample corpus, the dedup/cluster fixtures and ``fixtures/distributed``
(written for this test: same-named copies, hidden and unknown files, an undated article, a broken
JSONL line). Results are compared through ``model.to_dict``.

Hash seed: the facts stage breaks some ties in ``set`` iteration order (the words of a
"same amount" link, the point of a differing account), which follows the interpreter's string-hash
seed, so two sequential runs in two processes can differ. dask's nanny starts every worker with
one ``PYTHONHASHSEED`` (6640 unless configured), so the sequential result a cluster run is compared
with is computed on a worker; the synchronous-scheduler tests run everything in this process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="needs the distributed extra: pip install 'newsdesk[distributed]'")

import dask

from newsdesk import pipeline
from newsdesk.cli import main
from newsdesk.config import Config
from newsdesk.distributed import connect, run_distributed
from newsdesk.ingest import FileUnit, plan_inputs
from newsdesk.pipeline.partition import balanced, contiguous
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import read_any
from newsdesk.model import Result, to_dict
from newsdesk.render import render

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OWN = FIXTURES / "distributed"
EVENTS = FIXTURES / "events"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with connect("local", workers=2, threads_per_worker=1) as c:
        yield c


def _sequential(client: object, paths: list[str], config: Config = Config()) -> Result:
    """``pipeline.brief`` on one worker (the hash seed of the distributed run, see module doc)."""
    return client.submit(pipeline.brief, paths, config=config, pure=False).result()  # type: ignore[attr-defined]


def _same(got: Result, want: Result) -> None:
    g, w = to_dict(got), to_dict(want)
    for key in w:  # one field at a time, so a failure names what differs
        assert g[key] == w[key], f"{key} differ"
    assert g == w


def test_fixtures_exercise_what_they_are_for() -> None:
    """The own fixtures really contain the cases the equality tests rely on."""
    result = pipeline.brief([OWN, OWN / "wire" / "ferry-talks.txt", OWN / "missing.txt"])
    ids = [a.id for a in result.articles]
    assert any(i.endswith("-2") for i in ids), ids  # same name and content in wire/ and mirror/
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert "unknown file type '.pdf'" in reasons["notes.pdf"]
    assert "(no extension)" in reasons["LICENSE"]
    assert reasons["ferry-talks.txt"].startswith("already read as")
    assert reasons["missing.txt"].startswith("no such file")
    # hidden: not read, but listed with the reason (nothing given disappears without one, issue 15)
    assert reasons[".draft.txt"].startswith("hidden file")
    assert any(s.stage == "ingest" and s.record == 4 for s in result.skipped)  # the broken JSONL line
    assert [a.date_source for a in result.articles if a.title.startswith("Brask shop")] == ["estimated"]


CASES = {
    "samples": lambda samples: [str(samples)],
    "own-fixtures": lambda _: [str(OWN), str(OWN / "wire" / "ferry-talks.txt"), str(OWN / "missing.txt")],
    "events": lambda _: [str(EVENTS)],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cluster_equals_sequential(client: object, samples: Path, case: str) -> None:
    paths = CASES[case](samples)
    want = _sequential(client, paths)
    got = run_distributed(paths, client=client, partitions=3)
    assert len(got.articles) >= 5
    _same(got, want)


def test_cluster_equals_sequential_without_facts(client: object, samples: Path) -> None:
    config = Config().replace("facts", enabled=False)
    paths = [str(samples), str(OWN)]
    want = pipeline.brief(paths, config=config)  # in this process: without facts no tie follows the hash seed
    _same(run_distributed(paths, config=config, client=client, partitions=5), want)


def test_articles_in_memory_equal_run(client: object) -> None:
    ingested = read_any([EVENTS, OWN])
    want = client.submit(pipeline.run, ingested.articles, pure=False).result()  # type: ignore[attr-defined]
    _same(run_distributed(list(ingested.articles), client=client, partitions=4), want)


@pytest.mark.parametrize("partitions", [2, 7])
def test_synchronous_scheduler(samples: Path, partitions: int) -> None:
    paths = [str(samples), str(OWN), str(EVENTS)]
    want = pipeline.brief(paths)
    with dask.config.set(scheduler="synchronous"):
        got = run_distributed(paths, partitions=partitions)
    _same(got, want)


def test_plan_matches_read_any() -> None:
    """Reading the planned units in order gives read_any's records (before ids are made unique)."""
    from newsdesk.ingest import unique_ids
    from newsdesk.pipeline.steps import read_and_prepare

    paths = [OWN, EVENTS, OWN / "wire" / "ferry-strike.txt"]
    units = plan_inputs(paths)
    files = [u.shown for u in units if isinstance(u, FileUnit)]
    assert files[:2] == [str(OWN / "feeds" / "items.jsonl"), str(OWN / "mirror" / "ferry-strike.txt")]
    part = read_and_prepare(units, Config().replace("clean", min_body_words=0))
    want = read_any(paths)
    assert [s.label() for s in part.skipped if s.stage == "ingest"] == [s.label() for s in want.skipped]
    assert unique_ids(part.ingested_ids) == [a.id for a in want.articles]
    assert sum(i.endswith("-2") for i in unique_ids(part.ingested_ids)) == 1


def test_partitioning_helpers() -> None:
    items = list(range(10))
    runs = contiguous(items, lambda x: 1, 3)
    assert [x for r in runs for x in r] == items and len(runs) == 3
    assert contiguous(items, lambda x: 100 if x == 0 else 1, 3)[0] == [0]  # a heavy item gets its own run
    assert contiguous([], lambda x: 1, 3) == []
    bins = balanced([9, 1, 1, 1, 8, 1], 2)
    assert sorted(i for b in bins for i in b) == list(range(6))
    assert sorted(sum([9, 1, 1, 1, 8, 1][i] for i in b) for b in bins) == [10, 11]


def test_cli_on_a_running_scheduler(client: object, tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    address = client.scheduler.address  # type: ignore[attr-defined]
    args = ["--scheduler", address, "--format", "json", "-o", str(out), "-q"]
    code = main(["distributed", "brief", str(OWN), *args])
    assert code == 0
    want = render(_sequential(client, [str(OWN)]), "json")
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(want)


def test_unreachable_scheduler_is_a_clean_error() -> None:
    message = re.escape("cannot reach the dask scheduler at 'tcp://127.0.0.1:9'")
    with pytest.raises(NewsdeskError, match=message), connect("tcp://127.0.0.1:9", timeout="1s"):
        pass


def test_bad_partitions(samples: Path) -> None:
    with pytest.raises(NewsdeskError, match="partitions = 0 is not allowed"):
        run_distributed([str(samples)], partitions=0)


def test_cli_help_ends_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["distributed", "brief", "--help"])
    assert capsys.readouterr().out.rstrip().splitlines()[-1].lstrip().startswith("newsdesk distributed brief")
