"""Outputs people need: JSON without the raw text, JSON Lines (one event a line), CSV tables, records
for pandas, ``brief_for`` by event or id, ``newsdesk.brief(texts=...)``; and the CLI around them
(formats, checks before the run, progress only on a terminal, ``ingest --watch``)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import time
from pathlib import Path

import pytest

import newsdesk
from newsdesk.cli import main
from newsdesk.cli._progress import Progress, ProgressExecutor
from newsdesk.render import OPTIONS, RENDERERS, TABLES

# Invented articles (written for these tests): two reports of one event, one of another. The two
# ferry reports state the offer with the same verb and figures: these tests are about the output
# tables; the facts stage's recall on paraphrases ("put ... to" for "offered", an offer sentence
# that also carries "ten days ago") is measured by benchmarks/facts.py (recall 0.52 there).
FERRY_A = (
    "Ferry talks resume in Vardo\n\n"
    "VARDO, 4 May 2026 - Negotiators for the Vardo ferry crews and the island council met again on Monday, "
    "the first talks since the crews walked out ten days ago. The council offered a four percent raise and "
    "two extra rest days a month, and the crews said they would answer by Friday. Islanders have had no "
    "ferry for ten days and the council has hired two fishing boats to carry medicine and post."
)
FERRY_B = (
    "Vardo ferry crews weigh council offer\n\n"
    "VARDO, 4 May 2026 - The island council of Vardo offered the striking ferry crews a four percent raise and "
    "two extra rest days a month on Monday. The talks were the first since the walkout began ten days ago. Crew "
    "representatives said they would give their answer by Friday. Two hired fishing boats carry medicine "
    "and post to the island while the ferry stays in port."
)
MINE = (
    "Copper mine to reopen in Halden\n\n"
    "HALDEN, 20 September 2026 - The Halden copper mine, closed for six years, will reopen next spring after "
    "a Lindmark investor bought it for 40 million euros, the regional government said on Sunday. About 300 "
    "jobs are planned in the first year. Residents welcomed the news but asked for a new study of the "
    "river, which the old mine polluted with tailings in the nineties."
)


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return newsdesk.brief(texts=[FERRY_A, FERRY_B, MINE])


# ----------------------------------------------------------------------------------- API
def test_texts_are_read_as_articles_and_text_given_as_a_path_is_an_error(result) -> None:  # type: ignore[no-untyped-def]
    assert [a.origin.path for a in result.articles] == ["<text 1>", "<text 2>", "<text 3>"]
    assert sorted(len(e.articles) for e in result.events) == [1, 2]
    with pytest.raises(newsdesk.InputError) as exc:
        newsdesk.brief(["some text about a ferry"])
    assert str(exc.value) == ("'some text about a ferry' is not a file or folder: to brief text itself, pass it as "
                              "newsdesk.brief(texts=[...])")
    with pytest.raises(newsdesk.InputError, match="no such file or directory: 'nope'"):
        newsdesk.brief(["nope"])
    with pytest.raises(newsdesk.InputError, match="nothing to read"):
        newsdesk.brief()


def test_one_path_as_a_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(MINE, encoding="utf-8")
    r = newsdesk.brief(str(tmp_path))
    assert [a.origin.path for a in r.articles] == [str(tmp_path / "a.txt")]


def test_brief_for_takes_an_event_or_an_id_and_never_quietly_returns_none(result) -> None:  # type: ignore[no-untyped-def]
    ev = result.events[0]
    assert result.brief_for(ev) is result.brief_for(ev.id)
    assert result.brief_for(ev).event_id == ev.id
    with pytest.raises(KeyError, match="no event 'ev-nope' in this result"):
        result.brief_for("ev-nope")
    with pytest.raises(TypeError, match="brief_for takes an Event or an event id, not int"):
        result.brief_for(3)


def test_json_leaves_the_raw_text_out_unless_asked(result) -> None:  # type: ignore[no-untyped-def]
    lean = json.loads(newsdesk.render(result, "json"))
    full = json.loads(newsdesk.render(result, "json", include_raw=True))
    assert all("raw" not in a and a["text"] for a in lean["articles"])
    assert [a["raw"] for a in full["articles"]] == [a.raw for a in result.articles]
    assert lean["schema"] == full["schema"] == "newsdesk.brief/1"


def test_jsonl_is_one_complete_event_a_line(result) -> None:  # type: ignore[no-untyped-def]
    lines = newsdesk.render(result, "jsonl").splitlines()
    assert len(lines) == len(result.events) + len(result.skipped)
    events = [json.loads(x) for x in lines]
    assert [e["event"]["id"] for e in events] == [e.id for e in result.events]
    for line, ev in zip(events, result.events, strict=True):
        assert line["type"] == "event" and line["schema"] == "newsdesk.event/1"
        assert [a["id"] for a in line["articles"]] == list(ev.articles)
        assert all("raw" not in a for a in line["articles"])
        assert line["brief"]["event_id"] == ev.id
    raw = [json.loads(x) for x in newsdesk.render(result, "jsonl", include_raw=True).splitlines()]
    assert all(a["raw"] for e in raw for a in e["articles"])


def test_jsonl_lists_skipped_records_after_the_events(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(MINE, encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01")
    r = newsdesk.brief([tmp_path])
    lines = [json.loads(x) for x in newsdesk.render(r, "jsonl").splitlines()]
    assert [x["type"] for x in lines] == ["event", "skipped"]
    assert lines[1]["path"] == str(tmp_path / "b.bin") and "unknown file type" in lines[1]["reason"]


@pytest.mark.parametrize("table", TABLES)
def test_csv_tables_are_the_records(result, table: str) -> None:  # type: ignore[no-untyped-def]
    text = newsdesk.render(result, "csv", table=table)
    rows = list(csv.DictReader(io.StringIO(text)))
    records = result.to_records(table)
    assert len(rows) == len(records) > 0
    assert list(rows[0]) == list(records[0])
    for row, rec in zip(rows, records, strict=True):
        assert row == {k: ("True" if v is True else "False" if v is False else str(v)) for k, v in rec.items()}
    assert all(isinstance(v, (str, int, float, bool)) for rec in records for v in rec.values())


def test_records_say_what_an_analyst_needs(result) -> None:  # type: ignore[no-untyped-def]
    events = result.to_records()
    ferry = next(e for e in events if e["n_articles"] == 2)
    assert ferry["headline"] and ferry["brief"] and ferry["date"] == "2026-05-04"
    assert set(ferry["articles"].split()) == set(next(e for e in result.events if len(e.articles) == 2).articles)
    articles = result.to_records("articles")
    assert {a["event_id"] for a in articles} == {e.id for e in result.events}
    assert all("raw" not in a for a in articles)
    assert all(a["raw"] for a in result.to_records("articles", include_raw=True))
    facts = result.to_records("facts")
    assert {f["kind"] for f in facts} <= {"agreed", "single source", "differing (quantity)", "differing (stance)"}
    assert any(f["kind"] == "agreed" for f in facts)


def test_an_empty_table_still_has_its_header() -> None:
    empty = newsdesk.Result(articles=(), duplicate_groups=(), events=(), briefs=())
    for table in TABLES:
        header = newsdesk.render(empty, "csv", table=table).splitlines()
        assert len(header) == 1 and header[0].split(",")[0] == ("article_id" if table == "articles" else "event_id")


def test_render_refuses_an_option_the_format_does_not_take(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(newsdesk.ConfigError, match="format 'markdown' takes no options, not table"):
        newsdesk.render(result, "markdown", table="facts")
    with pytest.raises(newsdesk.ConfigError, match="table 'nope' is not known"):
        result.to_records("nope")


def test_the_cli_choices_are_the_renderers() -> None:
    from newsdesk.cli.brief import FORMATS
    from newsdesk.cli.brief import TABLES as CLI_TABLES

    assert sorted(FORMATS) == sorted(RENDERERS) and CLI_TABLES == TABLES
    assert set(OPTIONS) <= set(RENDERERS)


def test_the_progress_executor_gives_the_same_result(tmp_path: Path) -> None:
    for name, text in (("a.txt", FERRY_A), ("b.txt", FERRY_B), ("c.txt", MINE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    plain = newsdesk.brief([tmp_path])
    stream = io.StringIO()
    progress = Progress(stream=stream)
    progress.mode = "bar"  # as on a terminal
    ticked = newsdesk.brief([tmp_path], progress=progress, executor=ProgressExecutor(progress))
    progress.close()
    assert newsdesk.render(ticked, "json") == newsdesk.render(plain, "json")
    assert "3/3" in stream.getvalue()  # the reading bar counted the three files


# ----------------------------------------------------------------------------------- CLI
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name, text in (("a.txt", FERRY_A), ("b.txt", FERRY_B), ("c.txt", MINE)):
        (d / name).write_text(text, encoding="utf-8")
    return d


def test_cli_jsonl_and_csv(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["brief", str(folder), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(x)["type"] for x in out.splitlines()] == ["event", "event"]
    assert err == ""  # not a terminal: no progress
    assert main(["brief", str(folder), "--format", "csv", "--table", "articles"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(r["origin"] for r in rows) == sorted(str(folder / n) for n in ("a.txt", "b.txt", "c.txt"))


def test_cli_jsonl_is_written_line_by_line(folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    class Recorder(io.StringIO):
        flushed: list[int] = []

        def flush(self) -> None:
            self.flushed.append(len(self.getvalue()))

    out = Recorder()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["brief", str(folder), "--format", "jsonl"]) == 0
    lines = out.getvalue().splitlines(keepends=True)
    ends = [sum(len(x) for x in lines[: i + 1]) for i in range(len(lines))]
    assert set(ends) <= set(out.flushed)  # each line reached the consumer on its own


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--table", "facts"], "--table applies to --format csv, not markdown; add --format csv"),
        (["--format", "html", "--include-raw"], "--include-raw applies to --format json, jsonl or csv, not html"),
    ],
    ids=["table-without-csv", "raw-with-html"],
)
def test_cli_output_options_the_format_does_not_take_are_usage_errors(folder, extra, message, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["brief", str(folder), *extra]) == 2
    assert capsys.readouterr().err == f"newsdesk: error: {message}\n"


def test_cli_output_into_a_folder_fails_before_the_run(folder: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("the run started")

    monkeypatch.setattr(newsdesk, "brief", boom)
    assert main(["brief", str(folder), "-o", str(tmp_path)]) == 3
    assert capsys.readouterr().err == (f"newsdesk: error: cannot write {str(tmp_path)!r}: it is a folder; give a file "
                                       f"name (-o {tmp_path}/brief.md)\n")


@pytest.mark.parametrize("argv", [["-q", "brief"], ["brief", "-q"]], ids=["before", "after"])
def test_quiet_before_or_after_the_command(folder: Path, argv: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    out = folder.parent / "out.md"
    assert main([*argv, str(folder), "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}\n"


def test_verbose_progress_is_lines_and_a_terminal_gets_bars(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["brief", str(folder), "-v", "-o", str(folder.parent / "o.md")]) == 0
    err = capsys.readouterr().err
    assert "reading and cleaning 3 files" in err and "done: 3 articles, 2 events, 0 skipped" in err
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    assert Progress(stream=tty).mode == "bar"
    assert Progress(stream=tty, quiet=True).mode == "quiet"
    assert Progress(stream=io.StringIO()).mode == "quiet"


def test_ingest_watch_adds_files_as_they_appear(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(FERRY_A, encoding="utf-8")
    db = tmp_path / "desk.db"
    cfg = tmp_path / "c.toml"
    cfg.write_text("[facts]\nenabled = false\n", encoding="utf-8")
    looks = []

    def sleep(seconds: float) -> None:  # each pause between looks: a file arrives
        looks.append(seconds)
        if len(looks) == 1:  # copied in long ago (an old modification time): taken at the next look
            p = inbox / "b.txt"
            p.write_text(FERRY_B, encoding="utf-8")
            os.utime(p, (time.time() - 3600, time.time() - 3600))
        elif len(looks) == 2:  # being written now: waited for one look, taken once unchanged
            (inbox / "sub").mkdir()
            (inbox / "sub" / "c.txt").write_text(MINE, encoding="utf-8")

    monkeypatch.setattr(time, "sleep", sleep)
    code = main(["ingest", "--watch", str(inbox), "--db", str(db), "--config", str(cfg), "--polls", "4",
                 "--watch-interval", "60"])
    assert code == 0
    out = capsys.readouterr().out
    summaries = [line for line in out.splitlines() if "articles added" in line]
    assert [s.split()[0] for s in summaries] == ["1", "1", "1"]  # a, then b, then c (one look later)
    assert looks == [60.0, 60.0, 60.0]
    from newsdesk.store import open_store

    with open_store(str(db)) as store:
        assert sorted(len(e.articles) for e in (store.event(r.id) for r in store.list_events())) == [1, 2]
        ferry = next(r.id for r in store.list_events() if store.event(r.id).articles.__len__() == 2)
    assert main(["show", ferry, "--db", str(db), "--format", "csv", "--table", "articles"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(r["origin"] for r in rows) == [str(inbox / "a.txt"), str(inbox / "b.txt")]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--watch", "FILE"], "--watch keeps folders and URLs watched: 'FILE' is not a folder; give folders or feed "
                              "URLs (ingest single files without --watch)"),
        (["DIR", "--polls", "2"], "--polls and --watch-interval apply with --watch; add --watch"),
        (["--watch", "DIR", "--polls", "0"], "--polls 0 is not allowed: use 1 or more (or leave it out: watch until "
                                             "Ctrl-C)"),
    ],
    ids=["file", "polls-without-watch", "zero-polls"],
)
def test_watch_usage_errors_create_no_database(tmp_path: Path, argv, message, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "f.txt").write_text(MINE, encoding="utf-8")
    db = tmp_path / "desk.db"
    argv = [str(tmp_path / "f.txt") if a == "FILE" else str(tmp_path) if a == "DIR" else a for a in argv]
    argv = [a.replace("'FILE'", "") for a in argv]
    assert main(["ingest", *argv, "--db", str(db)]) == 2
    assert capsys.readouterr().err == "newsdesk: error: " + message.replace("FILE", str(tmp_path / "f.txt")) + "\n"
    assert not db.exists()


def test_ingest_with_nothing_readable_leaves_no_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.bin").write_bytes(b"\x00\x01\x02")
    db = tmp_path / "desk.db"
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db)]) == 3
    assert "nothing readable" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_date_evidence_names_the_article_by_its_number_not_its_id(result) -> None:  # type: ignore[no-untyped-def]
    """The date line says where the date came from as "[1]: dateline ...", in markdown and in the
    HTML title; internal article ids mean nothing to a reader."""
    from newsdesk.render import render

    md, html = render(result, "markdown"), render(result, "html")
    assert all(e.date_evidence for e in result.events)
    date_lines = [line for line in md.splitlines() if line.startswith("_20")]
    assert len(date_lines) == len(result.events)
    for line in date_lines:
        assert "([1]: dateline" in line or "([2]: dateline" in line, line
    for a in result.articles:
        assert f"{a.id}:" not in "\n".join(date_lines) and f"{a.id}:" not in html


def test_quotes_are_listed_once_with_every_article_that_carries_them() -> None:
    """A copy repeats its original's quotes: one line citing both. A quote whose speaker is only "she"
    names nobody and is not listed; one-word terms ("certain") fill room left by statements."""
    from newsdesk.model import EventAnalysis, Quote, Span
    from newsdesk.render.facts import MAX_QUOTES, shown_quotes

    def q(doc: str, text: str, who: str | None, canonical: str | None = None) -> Quote:
        return Quote(text, Span(doc, 0, len(text)), who, None, None, canonical)

    long = [q("a", f"We will keep the harbour open for {n} more days", "Fenn", "Dario Fenn") for n in range(MAX_QUOTES)]
    an = EventAnalysis(event_id="e", entities=(), quantities=(), quantity_links=(), dates=(), facts=(), differing=(),
                       notes=(), quotes=(q("a", "certain", "Fenn", "Dario Fenn"), long[0],
                                         q("b", "We will keep the harbour open for 0 more days.", "Fenn", "Dario Fenn"),
                                         q("b", "An increase of 12 per cent is out of reach", "she"), *long[1:]))
    shown = shown_quotes(an)
    assert len(shown) == MAX_QUOTES and all(who == "Dario Fenn" for who, _, _ in shown)
    assert shown[0] == ("Dario Fenn", long[0].text, ["a", "b"])  # the copy's quote cites both articles
    assert not any(words == "certain" for _, words, _ in shown)  # no room left for a single term
    few = dataclasses.replace(an, quotes=an.quotes[:4])
    assert [w for _, w, _ in shown_quotes(few)] == ["certain", long[0].text]


def test_counts_agree_with_their_nouns_in_every_format(result) -> None:  # type: ignore[no-untyped-def]
    """The mine's event has one article: "1 article", "1 independent source", never "1 articles"."""
    from newsdesk.render import render

    for fmt in ("markdown", "html"):
        text = render(result, fmt)
        assert "1 articles" not in text and "1 independent sources" not in text, fmt
        assert "1 article" in text and "2 articles" in text, fmt


def test_partial_quotes_are_marked_and_only_fill_room() -> None:
    """A quote opening mid-sentence ("sure that considering your experience") is shown after an
    ellipsis and listed only in room that whole statements leave (the seeds' 2020 event listed three
    of Putin's partial quotes before his whole sentence)."""
    from newsdesk.model import EventAnalysis, Quote, Span
    from newsdesk.render.facts import MAX_QUOTES, shown_quotes

    def q(text: str) -> Quote:
        return Quote(text, Span("a", 0, len(text)), "Fenn", None, None, "Dario Fenn")

    partial = q("sure that the harbour would stay open")
    whole = [q(f"We will keep the harbour open for {n} more days") for n in range(MAX_QUOTES)]
    an = EventAnalysis(event_id="e", entities=(), quantities=(), quantity_links=(), dates=(), facts=(), differing=(),
                       notes=(), quotes=(partial, *whole))
    assert [w for _, w, _ in shown_quotes(an)] == [x.text for x in whole]  # no room left for it
    few = dataclasses.replace(an, quotes=(partial, whole[0]))
    assert [w for _, w, _ in shown_quotes(few)] == ["… sure that the harbour would stay open", whole[0].text]
    # a speaker described, not named (a translation's "the one who claims victory"), names nobody
    nobody = Quote("I regret that you chose to talk to him", Span("a", 0, 5), "the one who claims victory", None, None, None)
    assert shown_quotes(dataclasses.replace(an, quotes=(nobody, whole[0]))) == [("Dario Fenn", whole[0].text, ["a"])]
