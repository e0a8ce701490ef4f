"""The store on both backends (SQLite file, PostgreSQL 15 server started by the tests), incremental
ingest, migrations, full-text search and the ingest/events/show commands.

Fixtures: tests/fixtures/store (team-written; see its README).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

import newsdesk
from newsdesk.cli import main
from newsdesk.config import Config, StoreConfig
from newsdesk.model import (
    Article,
    Claim,
    Entity,
    EntityMention,
    EventAnalysis,
    Fact,
    Origin,
    Paragraph,
    QualityFlag,
    Result,
    Skipped,
    Span,
)
from newsdesk.store import StoreError, ingest_paths, open_store
from newsdesk.store.schema import LATEST

F = Path(__file__).resolve().parent / "fixtures" / "store"
FERRY_A, FERRY_B, FERRY_C = F / "ferry-a.txt", F / "ferry-b.txt", F / "ferry-c.txt"
REPOST, LIBRARY = F / "ferry-a-repost.txt", F / "library.txt"


def _partition(store) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return sorted(tuple(sorted(store.event(e.id).articles)) for e in store.list_events())


def _id(store, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(a for a in store.article_ids() if a.startswith(name + "-") and not a.startswith(name + "-repost"))


# ------------------------------------------------------------------------------- round trip
def _result_with_facts() -> Result:
    """A pipeline result on the ferry fixtures, plus hand-made facts and flags (the facts stage's shapes)."""
    r = newsdesk.brief([FERRY_A, FERRY_B, REPOST, LIBRARY])
    ev = next(e for e in r.events if len(e.sources) >= 2)
    a, b = (r.article(s) for s in ev.sources[:2])
    flagged = dataclasses.replace(a, flags=(QualityFlag("chrome_share", "60% of the page was chrome", (), 0.6),))
    arts = tuple(flagged if x.id == a.id else dataclasses.replace(x, html=None) for x in r.articles)
    ca, cb = Claim(a.id, a.text[:40], Span(a.id, 0, 40)), Claim(b.id, b.text[:30], Span(b.id, 0, 30))
    analysis = EventAnalysis(
        event_id=ev.id,
        entities=(Entity("ent-1", "Elin Varga", "person", (EntityMention("Elin Varga", Span(a.id, 0, 10)),),
                         ("Elin Varga",), (a.id, b.id)),),
        facts=(Fact("fact-1", a.text[:40], (ca, cb), (a.id, b.id), (a.id, b.id), 1.5, ("Elin Varga",)),),
    )
    return dataclasses.replace(r, articles=arts, analyses=(analysis,),
                               skipped=(Skipped("x/notes.pdf", "unknown file type '.pdf'"),))


def test_round_trip_of_a_result(store_url: str) -> None:
    result = _result_with_facts()
    with open_store(store_url) as store:
        store.save_result(result)
        back = store.load_result()
    assert back.events == result.events
    assert sorted(back.articles, key=lambda a: a.id) == sorted(result.articles, key=lambda a: a.id)
    assert sorted(back.duplicate_groups, key=lambda g: g.id) == sorted(result.duplicate_groups, key=lambda g: g.id)
    assert back.briefs == result.briefs
    assert back.analyses == result.analyses
    assert back.skipped == result.skipped
    # kept and removed paragraphs survive: the repost's share buttons are stored as removed chrome
    repost = next(a for a in back.articles if a.id.startswith("ferry-a-repost"))
    assert any(not p.kept and "Share on" in p.text for p in repost.paragraphs)
    assert all(repost.text[p.start : p.end] == p.text for p in repost.paragraphs if p.kept)


def test_a_store_is_created_on_first_use_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "fresh.db"
    with open_store(path) as store:
        assert store.schema_version() == LATEST
        assert store.counts()["articles"] == 0
    assert path.exists()
    with open_store(f"sqlite:///{path}") as store:
        assert store.schema_version() == LATEST


def test_default_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        assert store.url == str(tmp_path / "env.db")


def test_unknown_url_scheme_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unknown database URL"):
        open_store("mysql://localhost/x")


# --------------------------------------------------------------------------- incremental
def test_reingesting_the_same_input_adds_nothing(store_url: str) -> None:
    with open_store(store_url) as store:
        first = ingest_paths(store, [F])
        counts = store.counts()
        partition = _partition(store)
        again = ingest_paths(store, [F])
        assert len(first.added) == counts["articles"] == 8
        assert again.added == () and again.new_events == () and again.refreshed == ()
        assert again.known == again.read == 8
        assert store.counts() == counts
        assert _partition(store) == partition


def test_new_article_joins_the_existing_event_and_its_brief_is_refreshed(store_url: str) -> None:
    with open_store(store_url) as store:
        ingest_paths(store, [FERRY_A, FERRY_B])
        (ferry,) = store.list_events()
        assert ferry.n_sources == 2

        report = ingest_paths(store, [FERRY_C])
        c = _id(store, "ferry-c")
        assert report.added == (c,)
        # an event's id is the digest of its members (as in `newsdesk brief`): it grew, so it is new
        (grown,) = store.list_events()
        assert report.new_events == () and report.joined_events == (grown.id,)
        assert report.event_of == {c: grown.id}
        event = store.event(grown.id)
        assert event is not None and c in event.articles and c in event.sources
        assert store.event(ferry.id) is None and store.brief(ferry.id) is None
        # the brief was recomputed on the new membership: the batch brief of the three files
        assert report.refreshed == (grown.id,)
        assert store.brief(grown.id) == newsdesk.brief([FERRY_A, FERRY_B, FERRY_C]).brief_for(grown.id)
        assert store.stale_events() == []


def test_a_grown_event_keeps_its_old_id_as_an_alias(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An event's id is a digest of its articles, so it changes when a third article joins: the
    old id (a bookmark, a feed entry) resolves to the grown event, in the store and in ``show``;
    the web redirect is in test_web."""
    with open_store(store_url) as store:
        ingest_paths(store, [FERRY_A, FERRY_B])
        (ferry,) = store.list_events()
        assert store.resolve_event(ferry.id) is None
        ingest_paths(store, [FERRY_C])
        (grown,) = store.list_events()
        assert grown.id != ferry.id and store.event(ferry.id) is None
        assert store.resolve_event(ferry.id) == grown.id
        ingest_paths(store, [REPOST])  # grows again: the first id follows along (one hop)
        (again,) = store.list_events()
        assert again.id != grown.id
        assert store.resolve_event(ferry.id) == store.resolve_event(grown.id) == again.id
        assert store.resolve_event("ev-nope") is None
    assert main(["show", ferry.id, "--db", store_url, "--format", "json"]) == 0
    out = capsys.readouterr()
    assert [e["id"] for e in json.loads(out.out)["events"]] == [again.id]
    assert f"event {ferry.id} has grown or merged since; showing it as {again.id}" in out.err


def test_copy_of_a_stored_article_joins_its_group_and_event(store_url: str) -> None:
    with open_store(store_url) as store:
        ingest_paths(store, [FERRY_A, FERRY_B])
        (before,) = store.list_events()
        members = set(store.event(before.id).articles)  # type: ignore[union-attr]
        ingest_paths(store, [REPOST])
        (after,) = store.list_events()
        a, repost = _id(store, "ferry-a"), next(x for x in store.article_ids() if x.startswith("ferry-a-repost"))
        group = store.groups_of([repost])[repost]
        assert set(group.members) == {a, repost}
        # a copy is not an independent source: same sources, one more article
        assert set(store.event(after.id).articles) == {*members, repost}  # type: ignore[union-attr]
        assert after.n_sources == before.n_sources == 2 and after.n_articles == 3


def test_unrelated_article_opens_a_new_event(store_url: str) -> None:
    with open_store(store_url) as store:
        ingest_paths(store, [FERRY_A, FERRY_B])
        report = ingest_paths(store, [LIBRARY])
        assert len(report.new_events) == 1 and report.joined_events == ()
        events = store.list_events()
        assert [e.date for e in events] == ["2025-11-05", "2025-11-03"]  # newest first
        assert events[0].id == report.new_events[0] and events[0].n_sources == 1
        assert events[0].headline and "library" in events[0].headline.lower()


def test_first_ingest_into_an_empty_store_equals_the_batch_pipeline(tmp_path: Path) -> None:
    batch = newsdesk.brief([F])
    with open_store(tmp_path / "s.db") as store:
        ingest_paths(store, [F])
        stored = store.load_result()
    assert sorted(stored.events, key=lambda e: e.id) == sorted(batch.events, key=lambda e: e.id)
    assert sorted(stored.briefs, key=lambda b: b.event_id) == sorted(batch.briefs, key=lambda b: b.event_id)
    assert sorted(stored.analyses, key=lambda a: a.event_id) == sorted(batch.analyses, key=lambda a: a.event_id)
    flags = {a.id: a.flags for a in batch.articles}
    assert {a.id: a.flags for a in stored.articles} == flags


@pytest.mark.parametrize(
    "order",
    [
        pytest.param([REPOST, LIBRARY, FERRY_A, FERRY_B, FERRY_C], id="copy-before-its-original"),
        pytest.param([FERRY_C, FERRY_B, FERRY_A, LIBRARY, REPOST], id="reversed"),
    ],
)
def test_one_file_at_a_time_ends_like_one_batch(order: list[Path], tmp_path: Path) -> None:
    batch = newsdesk.brief(order)
    with open_store(tmp_path / "s.db") as store:
        for path in order:
            ingest_paths(store, [path])
        assert _partition(store) == sorted(tuple(sorted(e.articles)) for e in batch.events)
        # every duplicate group lies in one event, where it counts as one source
        for g in batch.duplicate_groups:
            homes = set(store.event_ids_of(g.members).values())
            assert len(homes) == 1
            assert len(set(store.event(homes.pop()).sources) & set(g.members)) == 1


# -------------------------------------------------------------------------------- search
def test_full_text_search(store_url: str) -> None:
    with open_store(store_url) as store:
        ingest_paths(store, [F])
        hits = store.search("landing ramp")
        ids = {h.article_id.rsplit("-", 1)[0] for h in hits}
        assert {"ferry-a", "ferry-b", "ferry-c"} <= ids
        assert "library" not in ids
        assert all("\x02" in h.snippet for h in hits)  # matched words are marked
        assert all(h.event_id for h in hits)
        assert [h.article_id.rsplit("-", 1)[0] for h in store.search("grain hall")] == ["library"]
        assert store.search("ferries")  # stemming: "ferries" finds "ferry"
        assert store.search("zeppelin") == []
        assert store.search('"unbalanced AND (') == []  # hostile input is never a syntax error
        assert store.search("   ") == []


# ---------------------------------------------------------------------------- migrations
def test_opening_an_old_schema_migrates_it(store_url: str) -> None:
    text = "A storm tore the landing ramp from the pier of Lisk Island."
    article = Article(
        id="old-1", origin=Origin("old.txt", "text"), raw=text, title="Old article", text=text,
        paragraphs=(Paragraph(text, True, None, 0, len(text)),), date="2025-11-03",
    )
    with open_store(store_url, upto=1) as old:
        assert old.schema_version() == 1
        with old.transaction():
            old.put_articles([article])
    with open_store(store_url) as store:
        assert store.schema_version() == LATEST
        assert store.article("old-1") == article
        # migration 2 indexed the rows that were already there
        assert [h.article_id for h in store.search("landing ramp")] == ["old-1"]
        # and the migrated store takes new articles
        assert len(ingest_paths(store, [FERRY_A]).added) == 1


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        open_store(path)


# -------------------------------------------------------------------------- interruptions
def test_interrupted_ingest_can_be_run_again_with_nothing_lost(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(store=StoreConfig(batch_size=2))
    files = [FERRY_A, FERRY_B, FERRY_C, REPOST, LIBRARY]
    with open_store(store_url) as store:
        ingest_paths(store, files[:2], config=config)
        stored = store.counts()
        real = store.put_events

        def crash_while_writing(*args, **kwargs):  # type: ignore[no-untyped-def]
            real(*args, **kwargs)  # some of the writes happen ...
            raise RuntimeError("power cut")  # ... and are rolled back

        monkeypatch.setattr(store, "put_events", crash_while_writing)
        with pytest.raises(RuntimeError, match="power cut"):
            ingest_paths(store, files, config=config)
        assert store.counts() == stored  # the interrupted ingest left nothing behind
        monkeypatch.setattr(store, "put_events", real)

        report = ingest_paths(store, files, config=config)
        assert report.known == 2 and len(report.added) == 3
        counts = store.counts()
        assert counts["articles"] == 5 and counts["stale_events"] == 0
        assert counts["briefs"] == counts["events"]
        partition = _partition(store)
    with open_store(tmp_path / "clean.db") as clean:
        ingest_paths(clean, files, config=config)
        assert _partition(clean) == partition


# ---------------------------------------------------------------------------------- CLI
def test_ingest_events_show_commands(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(FERRY_A), str(FERRY_B), str(LIBRARY), "--db", store_url, "-q"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 articles added (0 already known, 0 skipped); 2 new events")
    assert main(["ingest", str(FERRY_A), "--db", store_url, "-q"]) == 0
    assert capsys.readouterr().out.startswith("0 articles added (1 already known")

    assert main(["events", "--db", store_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["date", "sources", "id", "headline"]
    assert lines[1].split()[:2] == ["2025-11-05", "1"] and lines[2].split()[:2] == ["2025-11-03", "2"]
    ferry_id = lines[2].split()[2]

    assert main(["events", "--db", store_url, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows][1] == ferry_id and rows[1]["n_sources"] == 2

    assert main(["show", ferry_id[:9], "--db", store_url]) == 0  # a unique prefix is enough
    md = capsys.readouterr().out
    assert "Lisk Island" in md and "[1]" in md
    assert main(["show", ferry_id, "--db", store_url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in data["events"]] == [ferry_id]

    assert main(["show", "ev-nope", "--db", store_url]) == 3  # an input error
    assert "unknown event 'ev-nope'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ingest", "events", "show", "serve"])
def test_every_store_command_has_help_ending_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.rstrip().splitlines()[-1].startswith("example: newsdesk " + command)


def test_ingest_reports_notes_on_kept_inputs(tmp_path) -> None:
    """A file kept after a repair (decoded as Windows-1252) is reported, not silently accepted."""
    from newsdesk.store import ingest_paths, open_store

    body = ("Caf\u00e9 owners in Velmora said on Tuesday that the harbour strike had cut their trade by "
            "half, and the union said the walkout would go on until the port authority raised its offer. ") * 3
    (tmp_path / "cafe.txt").write_bytes(("Harbour caf\u00e9s feel the strike\n\n" + body).encode("cp1252"))
    with open_store(tmp_path / "n.db") as store:
        report = ingest_paths(store, [tmp_path / "cafe.txt"])
    assert len(report.added) == 1
    assert any("cafe.txt" in n for n in report.notes), report.notes


# ------------------------------------------------------------ concurrent writers, kill -9
REOPENS = F / "ferry-reopens.txt"  # three months after the storm: a follow-up of the ferry event
_CHILD_INGEST = """
import os, signal, sys
from newsdesk.store import ingest_paths, open_store, sql
db, point, *files = sys.argv[1:]
if point != "none":
    name = {"links": "put_events", "briefs": "set_meta"}[point]
    real = getattr(sql.SQLStore, name)
    def kill(self, *args, **kwargs):
        real(self, *args, **kwargs)
        if self._depth:  # inside the ingest's write transaction: die there, as kill -9 would
            os.kill(os.getpid(), signal.SIGKILL)
    setattr(sql.SQLStore, name, kill)
with open_store(db) as store:
    ingest_paths(store, files)
"""


def _child(db: str, point: str, files: list[Path]):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-c", _CHILD_INGEST, db, point, *map(str, files)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _desk_view(store) -> list[tuple[tuple[str, ...], tuple[str, ...] | None, bool]]:  # type: ignore[no-untyped-def]
    """Events as member lists, each with the members of the event it follows up and whether it
    has its brief: what must survive any interruption unchanged, or come back whole."""
    r = store.load_result()
    members = {e.id: tuple(sorted(e.articles)) for e in r.events}
    briefed = {b.event_id for b in r.briefs}
    return sorted((members[e.id], members.get(e.follow_up_of) if e.follow_up_of else None, e.id in briefed)
                  for e in r.events)


def _batch_view(files: list[Path]) -> list[tuple[tuple[str, ...], tuple[str, ...] | None, bool]]:
    r = newsdesk.brief(files)
    members = {e.id: tuple(sorted(e.articles)) for e in r.events}
    return sorted((members[e.id], members.get(e.follow_up_of) if e.follow_up_of else None, True) for e in r.events)


def test_a_kill_between_briefs_and_links_loses_nothing(store_url: str) -> None:
    """kill -9 inside the ingest's one write transaction, after the events with their follow-up
    links and then after the last brief: the store stays as it was, and running the ingest again
    gives the batch answer, follow-up link included (both backends)."""
    first, files = [FERRY_A, FERRY_B, LIBRARY], [FERRY_A, FERRY_B, LIBRARY, REOPENS]
    with open_store(store_url) as store:
        ingest_paths(store, first)
        before, counts = _desk_view(store), store.counts()
    for point in ("links", "briefs"):
        proc = _child(store_url, point, files)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == -9, err[-2000:]
        with open_store(store_url) as store:
            assert store.counts() == counts, point
            assert _desk_view(store) == before, point
    with open_store(store_url) as store:
        report = ingest_paths(store, files)
        assert len(report.added) == 1
        got = _desk_view(store)
    want = _batch_view(files)
    assert any(follows for _, follows, _ in want), "the fixtures must give a follow-up link"
    assert got == want


def test_concurrent_ingest_processes_are_serialised(store_url: str) -> None:
    """Two ingest processes on one store at once (both backends): both succeed, every article is
    in exactly one event, and the store equals one batch run (the second to write groups again)."""
    files = [FERRY_A, FERRY_B, FERRY_C, REPOST, LIBRARY, REOPENS]
    procs = [_child(store_url, "none", part) for part in (files[::2], files[1::2])]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
    with open_store(store_url) as store:
        members = [a for e in store.load_result().events for a in e.articles]
        assert len(members) == len(set(members)) == store.counts()["articles"] == len(files)
        assert store.counts()["stale_events"] == 0
        got = _desk_view(store)
    assert got == _batch_view(files)


def test_a_writer_that_waits_too_long_gets_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.store import sqlite as backend

    db = tmp_path / "desk.db"
    open_store(db).close()
    monkeypatch.setattr(backend, "BUSY_SECONDS", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(StoreError) as err:  # opening checks the schema inside a transaction too
            with open_store(db) as store, store.transaction():
                store.set_meta("x", "y")
        assert str(err.value) == (
            f"{db}: another process has been writing to this database for over 0.2 s; "
            "wait until it is done (one ingest at a time) and run this again"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_two_skips_of_one_record_are_both_kept_and_a_rerun_adds_none(store_url: str) -> None:
    skips = [Skipped("a.warc", "damaged WARC after record 2", None), Skipped("a.warc", "3 records are not HTML", None),
             Skipped("b.txt", "empty article", None)]
    with open_store(store_url) as store:
        for _ in range(2):
            with store.transaction():
                store.put_skipped(skips)
        assert sorted((s.path, s.reason) for s in store.skipped()) == sorted((s.path, s.reason) for s in skips)
