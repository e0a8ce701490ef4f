"""One pipeline: every composition gives the answer of ``newsdesk brief``.

Parametrised over compositions (``brief``; the steps cut into 5 partitions in this process; two
worker processes (``ProcessExecutor``); dask
on the synchronous scheduler in 3 and 7 partitions, on a local cluster and on a scheduler given
by its address, where duplicate detection (sketches, band shuffle, verification) and clustering
(time blocks, components) run as tasks too; the desk's ingest all at once, one file at a time in
sorted and in reverse order, and in two batches) and inputs (``samples/corpus``, ``../shared/seeds``). Compared: event membership,
each event's brief (sentences, their sources and citations), its cross-source facts, and each
article's date and quality flags.

Hash seed: dask's nanny starts every worker with its own ``PYTHONHASHSEED``; the output does not
depend on it (tests/test_pipeline.py holds that), so the local-cluster run is compared with
``brief`` computed in this process (checked under several seeds of this process).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk import pipeline
from newsdesk.model import Result, to_dict
from newsdesk.store import ingest_articles, ingest_paths, open_store

ROOT = Path(__file__).resolve().parent.parent


def _inputs(name: str, shared: Path | None) -> list[Path]:
    if name == "samples":
        folder = ROOT / "samples" / "corpus"
    elif name == "multilingual":  # one event in five languages (cross-language grouping, briefs)
        folder = ROOT / "tests" / "fixtures" / "multilingual"
    else:
        if shared is None:
            pytest.skip("../shared/seeds is absent: the seeds case needs the shared data beside the project")
        folder = shared / "seeds"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
    files = [p for p in files if p.suffix.lower() in {".txt", ".html", ".htm", ".jsonl", ".warc", ".gz", ".md"}]
    assert files, f"no input files in {folder}"
    return files


def view(result: Result) -> dict[str, Any]:
    """What a reader sees, keyed so that order of computation does not matter."""
    events = {e.id: e for e in result.events}
    return {
        "events": sorted((tuple(e.articles), tuple(e.sources), e.date, e.follow_up_of) for e in result.events),
        "briefs": sorted(
            (tuple(events[b.event_id].articles), to_dict(b)) for b in result.briefs
        ),
        "facts": sorted((a.event_id, to_dict(a.facts), to_dict(a.differing)) for a in result.analyses),
        "articles": sorted((a.id, a.date, a.date_source, to_dict(a.flags)) for a in result.articles),
    }


def _store(tmp: Path, batches: list[list[Path]]) -> Result:
    with open_store(tmp / "desk.db") as store:
        for b in batches:
            ingest_paths(store, [str(p) for p in b])
        return store.load_result()


def _dask_sync(files: list[Path], partitions: int = 3) -> Result:
    dask = pytest.importorskip("dask", reason="needs the distributed extra: pip install 'newsdesk[distributed]'")
    from newsdesk.distributed import run_distributed

    with dask.config.set(scheduler="synchronous"):
        return run_distributed([str(p) for p in files], partitions=partitions)


def _processes(files: list[Path]) -> Result:
    """Two worker processes of this machine (``newsdesk brief --workers 2``): every partitioned
    step, the streamed analyse step included, in other processes."""
    from newsdesk.pipeline import ProcessExecutor

    with ProcessExecutor(2) as ex:
        return pipeline.compose_paths([str(p) for p in files], executor=ex)


def _spilled(files: list[Path], workers: int = 1) -> Result:
    """A run past ``[ingest] spill_articles`` (0 here: every article's texts are spilled): the
    group step on stubs, its tasks and the analyse partitions reading the texts from the spill
    file, the band shuffle through files. With workers, the streamed path (``brief --format
    jsonl``) in worker processes, its events collected back into a result."""
    from newsdesk.config import Config
    from newsdesk.pipeline import ProcessExecutor

    config = Config().replace("ingest", spill_articles=0)
    if workers == 1:
        return pipeline.compose_paths([str(p) for p in files], config=config)
    with ProcessExecutor(workers) as ex:
        stream = pipeline.stream_paths([str(p) for p in files], config=config, executor=ex)
        done = list(stream)
        arts = [a for f in done for a in f.articles] + stream.unplaced()
        assert all(a.text for a in arts), "a streamed event handed out an article without its text"
        return Result(
            articles=tuple(arts), duplicate_groups=stream.duplicate_groups, events=tuple(f.event for f in done),
            briefs=tuple(f.brief for f in done), skipped=stream.skipped, notes=stream.notes,
            analyses=tuple(f.analysis for f in done if f.analysis is not None),
        )


class _Partitioned:
    """The composition cut into ``partitions`` pieces, run in this process (no dask): every
    partitioned step, the band shuffle included, through the executor verbs' plain definitions."""

    name = "partitioned"

    def __init__(self, partitions: int) -> None:
        self.partitions = partitions

    def map(self, fn, items, *shared):  # type: ignore[no-untyped-def]
        return [fn(x, *shared) for x in items]

    def shuffle(self, send, items, receive, parts, *shared):  # type: ignore[no-untyped-def]
        from newsdesk.pipeline.executor import shuffle_via_map

        return shuffle_via_map(self, send, items, receive, parts, *shared)


COMPOSITIONS: dict[str, Callable[[list[Path], Path], Result]] = {
    "partitioned-5": lambda files, tmp: pipeline.compose_paths([str(p) for p in files], executor=_Partitioned(5)),
    "processes-2": lambda files, tmp: _processes(files),
    "spilled": lambda files, tmp: _spilled(files),
    "spilled-processes-2-streamed": lambda files, tmp: _spilled(files, 2),
    "dask-sync": lambda files, tmp: _dask_sync(files),
    "dask-sync-7": lambda files, tmp: _dask_sync(files, 7),
    "ingest-at-once": lambda files, tmp: _store(tmp, [files]),
    "ingest-file-by-file": lambda files, tmp: _store(tmp, [[f] for f in files]),
    "ingest-reverse": lambda files, tmp: _store(tmp, [[f] for f in reversed(files)]),
    "ingest-two-batches": lambda files, tmp: _store(tmp, [files[: len(files) // 2], files[len(files) // 2 :]]),
}


@pytest.fixture(scope="module")
def reference(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    return {}


def _brief(files: list[Path], cache: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    if name not in cache:
        cache[name] = view(pipeline.brief([str(p) for p in files]))
    return cache[name]


@pytest.mark.parametrize("data", ["samples", "seeds", "multilingual"])
@pytest.mark.parametrize("composition", sorted(COMPOSITIONS))
def test_composition_equals_brief(
    composition: str, data: str, tmp_path: Path, reference: dict[str, dict[str, Any]], request: pytest.FixtureRequest
) -> None:
    shared = _shared_or_none(request)
    files = _inputs(data, shared)
    want = _brief(files, reference, data)
    got = view(COMPOSITIONS[composition](files, tmp_path))
    for key in want:  # one part at a time, so a failure names what differs
        assert got[key] == want[key], f"{composition} on {data}: {key} differ from newsdesk brief"


def _shared_or_none(request: pytest.FixtureRequest) -> Path | None:
    path = ROOT.parent / "shared"
    return path if path.is_dir() else None


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    pytest.importorskip("distributed", reason="needs the distributed extra: pip install 'newsdesk[distributed]'")
    from newsdesk.distributed import connect

    with connect("local", workers=2, threads_per_worker=1) as client:
        yield client


@pytest.mark.parametrize("data", ["samples", "seeds"])
def test_local_cluster_equals_brief(data: str, cluster: Any, request: pytest.FixtureRequest) -> None:
    from newsdesk.distributed import run_distributed

    files = [str(p) for p in _inputs(data, _shared_or_none(request))]
    want = view(pipeline.brief(files))  # in this process: the output does not depend on the hash seed
    got = view(run_distributed(files, client=cluster))
    for key in want:
        assert got[key] == want[key], f"dask local cluster on {data}: {key} differ from newsdesk brief"


def test_scheduler_address_equals_brief(cluster: Any) -> None:
    """``newsdesk distributed --scheduler ADDR``'s path: a client made from the address alone."""
    from newsdesk.distributed import connect, run_distributed

    files = [str(p) for p in _inputs("samples", None)]
    with connect(cluster.scheduler.address) as client:
        got = view(run_distributed(files, client=client))
    assert got == view(pipeline.brief(files))


def test_seeds_later_meeting_stays_apart_file_by_file(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The February 2021 spun article is its own event however the seeds arrive (issue 8)."""
    files = _inputs("seeds", _shared_or_none(request))
    got = _store(tmp_path, [files[:2], files[2:]])
    want = pipeline.brief([str(p) for p in files])
    assert sorted(map(len, (e.articles for e in got.events))) == sorted(map(len, (e.articles for e in want.events)))
    assert len(want.events) >= 2


def test_ingest_reuses_unchanged_events(tmp_path: Path) -> None:
    """A second ingest analyses only the events it changed."""
    files = _inputs("samples", None)
    with open_store(tmp_path / "d.db") as store:
        ingest_paths(store, [str(p) for p in files[:-1]])
        report = ingest_paths(store, [str(files[-1])])
        assert len(report.refreshed) <= 2 < len(store.list_events())


@pytest.mark.slow
def test_multinews_article_by_article_ingest_matches_brief(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Pooled Multi-News articles ingested one at a time: B-cubed F1 within 0.005 of ``brief``.

    The first 40 clusters (about 110 articles) keep the test short; benchmarks/ingest.py runs
    all 690 documents (its figures are in docs/benchmarks.md).
    """
    shared = _shared_or_none(request)
    data = shared / "eval" / "multinews-val" / "clusters.jsonl" if shared else None
    if data is None or not data.is_file():
        pytest.skip("../shared/eval/multinews-val/clusters.jsonl is absent")
    from newsdesk.evaluate.clustering import bcubed, load_pool

    arts = load_pool(data, limit=40)
    gold = {a.id: a.origin.cluster or a.id for a in arts}
    batch = pipeline.run(arts)
    with open_store(tmp_path / "mn.db") as store:
        for a in arts:
            ingest_articles(store, [a])
        stored = store.load_result()

    def pred(r: Result) -> dict[str, str]:
        got = {a: e.id for e in r.events for a in e.articles}
        return {i: got.get(i, f"skipped:{i}") for i in gold}

    f_batch, f_ingest = bcubed(pred(batch), gold)[2], bcubed(pred(stored), gold)[2]
    assert abs(f_batch - f_ingest) <= 0.005, (f_batch, f_ingest)
    assert view(stored)["events"] == view(batch)["events"]


def test_refresh_events_recomputes_every_brief_with_new_settings(tmp_path: Path) -> None:
    from newsdesk.config import Config
    from newsdesk.store import refresh_events

    files = [str(p) for p in _inputs("samples", None)]
    config = Config().replace("summarize", words=60)
    with open_store(tmp_path / "d.db") as store:
        ingest_paths(store, files)
        refreshed = refresh_events(store, config=config)
        assert sorted(refreshed) == sorted(e.id for e in store.list_events())
        got = view(store.load_result())
    assert got == view(pipeline.brief(files, config=config))


def _ingest_in_child(db: str, files: list[str]) -> None:
    with open_store(db) as store:
        ingest_paths(store, files)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_concurrent_ingests_give_the_batch_answer(tmp_path: Path, backend: str) -> None:
    """Two ingest processes on one store at once: the second to write groups again over what the
    first stored (never a store where an article is in no event or in two)."""
    import multiprocessing

    files = [str(p) for p in _inputs("samples", None)]
    db = str(tmp_path / "desk.db")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_ingest_in_child, args=(db, part)) for part in (files[::2], files[1::2])]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
        assert p.exitcode == 0
    with open_store(db) as store:
        got = view(store.load_result())
        members = [a for e in store.load_result().events for a in e.articles]
        assert len(members) == len(set(members)) == store.counts()["articles"]
    assert got == view(pipeline.brief(files))


def test_an_ingest_overtaken_by_another_writer_groups_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.store import incremental

    files = [str(p) for p in _inputs("samples", None)]
    db = tmp_path / "desk.db"
    real = incremental.finish_outcomes
    calls = {"n": 0}

    def overtaken(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:  # another process stores the other half while this one groups
            incremental._LAST.clear()
            with open_store(db) as other:
                monkeypatch.setattr(incremental, "finish_outcomes", real)
                ingest_paths(other, files[1::2])
                monkeypatch.setattr(incremental, "finish_outcomes", overtaken)
            incremental._LAST.clear()
        return real(*args, **kwargs)

    monkeypatch.setattr(incremental, "finish_outcomes", overtaken)
    messages: list[str] = []
    with open_store(db) as store:
        ingest_paths(store, files[::2], progress=messages.append)
        got = view(store.load_result())
    assert any("grouping again" in m for m in messages)
    assert got == view(pipeline.brief(files))
