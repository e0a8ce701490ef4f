"""Ingest: every format from real team-written fixtures, stable ids, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import seed_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.config import IngestConfig
from newsdesk.htmltext import visible_text
from newsdesk.ingest import (
    IngestResult,
    _common,
    parse_dateline,
    read_any,
    read_html_file,
    read_jsonl,
    read_stream,
    read_text_file,
    read_warc,
)

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
SUPPORTED = "(use .txt, .html, .jsonl, .json, .csv, .tsv, .rss, .atom, .xml, .warc.gz)"
SHORT = "lower [ingest] min_words to keep short texts"
BODY = (
    "The harbour council voted on Monday to add three evening ferry crossings to the island route, "
    "ending a debate that had run for most of the summer, and said parking charges would pay for it."
)


def reasons(result: IngestResult) -> list[tuple[str, int | None]]:
    return [(s.reason, s.record) for s in result.skipped]


# ------------------------------------------------------------------------------------ plain text
def test_text_with_dateline_after_title() -> None:
    r = read_text_file(FIX / "harbour_dateline_after.txt")
    assert r.skipped == () and len(r.articles) == 1
    a = r.articles[0]
    assert a.title == "Harbour council approves new ferry timetable after long debate"
    assert a.raw.startswith("PORTVALE (Newsdesk) – The harbour council voted on Monday")
    assert "14 September 2020" not in a.raw  # the dateline is metadata, like the title
    assert a.raw.endswith("starting next month.")
    assert (a.date, a.date_source, a.date_evidence) == ("2020-09-14", "dateline", "14 September 2020")
    assert a.language == "en"
    assert (a.origin.path, a.origin.format, a.origin.record) == (
        str(FIX / "harbour_dateline_after.txt"),
        "text",
        None,
    )
    assert a.html is None and a.text == ""


def test_text_with_dateline_before_title_and_place_dateline_in_body() -> None:
    a = read_text_file(FIX / "harbour_dateline_before.txt").articles[0]
    assert a.title == "Ferry operator welcomes evening crossings on island route"
    assert (a.date, a.date_evidence) == ("2020-09-15", "Tuesday, September 15, 2020")
    assert a.raw.startswith("(Portvale) The company that runs the island ferry")


def test_text_without_date() -> None:
    a = read_text_file(FIX / "harbour_no_date.txt").articles[0]
    assert a.title == "Island residents split over later ferries"
    assert (a.date, a.date_source, a.date_evidence) == (None, None, None)
    assert a.raw.startswith("Some residents of the island")


def test_crlf_newlines_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"A title\r\n\r\n" + BODY.encode() + b"\r\nSecond line.\r\n")
    a = read_text_file(p).articles[0]
    assert a.title == "A title" and "\r" not in a.raw and a.raw == BODY + "\nSecond line."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monday, September 14, 2020", date(2020, 9, 14)),
        ("14 September 2020", date(2020, 9, 14)),
        ("Sept. 14, 2020", date(2020, 9, 14)),
        ("2020-09-14", date(2020, 9, 14)),
        ("14.09.2020", date(2020, 9, 14)),
        ("09/14/2020", date(2020, 9, 14)),
        ("Updated: September 14, 2020 10:32 GMT", date(2020, 9, 14)),
        ("lundi 14 septembre 2020", date(2020, 9, 14)),
        ("MOSCOW (AP) –", None),
        ("(Moscow)", None),
        ("September 2020", None),
        ("Sochi, 2020", None),
        ("Putin to meet Lukashenko again in 2021", None),
        ("Putin backs Lukashenko as Minsk leader pledges ties, September 14, 2020 report", None),
    ],
    ids=lambda v: str(v),
)
def test_parse_dateline(line: str, expected: date | None) -> None:
    assert parse_dateline(line) == expected


# ------------------------------------------------------------------------------------------ HTML
def test_html_page_metadata_and_visible_text() -> None:
    path = FIX / "harbour_page.html"
    r = read_html_file(path)
    assert r.skipped == () and len(r.articles) == 1
    a = r.articles[0]
    html = path.read_text(encoding="utf-8")
    assert a.title == "Harbour council approves evening ferries"
    assert (a.date, a.date_source) == ("2020-09-14", "metadata")
    assert a.date_evidence == "page metadata (trafilatura/htmldate): 2020-09-14"
    assert a.author == "Jane Marlow"
    assert a.site == "Portvale Gazette"
    assert a.url == "https://gazette.example.org/2020/09/14/harbour-ferries"
    assert a.html == html
    assert a.raw == visible_text(html)
    assert "Most read" in a.raw and "Home" in a.raw  # every visible line: chrome is the cleaner's job
    assert a.language == "en" and a.origin.format == "html"


def test_gzipped_html_reads_like_the_page(tmp_path: Path) -> None:
    page = FIX / "harbour_page.html"
    gz = tmp_path / "harbour_page.html.gz"
    gz.write_bytes(gzip.compress(page.read_bytes()))
    a, b = read_html_file(page).articles[0], read_any([gz]).articles[0]
    assert (b.title, b.date, b.url, b.raw) == (a.title, a.date, a.url, a.raw)


def test_html_without_body_text_is_skipped() -> None:
    r = read_html_file(FIX / "empty_body.html")
    assert r.articles == ()
    assert reasons(r) == [
        (
            "HTML page with no visible body text (a script-rendered page or an error page?); "
            "save the rendered page or give its text",
            None,
        )
    ]


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9 owners welcome ferries</title></head>'
        f"<body><p>{BODY} The caf\xe9 on the pier will stay open later.</p></body></html>"
    )
    p = tmp_path / "cafe.html"
    p.write_bytes(html.encode("cp1252"))
    r = read_html_file(p)
    assert r.notes == () and r.articles[0].title == "Café owners welcome ferries"
    assert "café on the pier" in r.articles[0].raw


# ----------------------------------------------------------------------------------------- JSONL
def test_jsonl_keeps_good_lines_and_names_bad_ones() -> None:
    r = read_jsonl(FIX / "articles.jsonl")
    assert [a.origin.record for a in r.articles] == [1, 8, 9]
    first, page, same = r.articles
    assert first.title == "Council adds evening ferries"
    assert first.raw.startswith("The island ferry will run three extra evening crossings")
    assert (first.url, first.site, first.author) == (
        "https://news.example.org/ferries",
        "Example News",
        "Sam Reed",
    )
    assert (first.date, first.date_source, first.date_evidence) == ("2020-09-14", "metadata", "2020-09-14")
    assert first.origin.format == "jsonl" and first.origin.label().endswith("articles.jsonl:1")
    assert first.id.startswith("articles.1-")
    # an "html" line goes through the HTML reader; its own fields win over the page's metadata
    assert page.html is not None and page.title == "Ferry page"
    assert (page.date, page.date_evidence) == ("2020-09-14", "Monday, September 14, 2020")
    assert "Tickets for the new sailings" in page.raw
    assert same.title == "Same words, another record" and same.raw == first.raw and same.id != first.id
    assert reasons(r) == [
        (
            "line 2 is not valid JSON (Unterminated string starting at column 34); each line must be one JSON object",
            2,
        ),
        (
            "line 3 has neither 'text' nor 'html'; each line needs one of them (or 'documents' for a Multi-News cluster)",
            3,
        ),
        ("line 4: 'title' must be a string, not an array; fix the record", 4),
        (f"line 6: empty article: 6 words, fewer than min_words=20; {SHORT}", 6),
        ("line 7 is an array, not a JSON object; each line must be one object", 7),
    ]


def test_jsonl_unreadable_date_is_noted_not_lost(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": BODY, "date": "sometime last autumn"}) + "\n", encoding="utf-8")
    r = read_jsonl(p)
    assert len(r.articles) == 1 and r.articles[0].date is None
    assert [(n.message, n.record) for n in r.notes] == [
        ("line 1: date 'sometime last autumn' not understood (use YYYY-MM-DD); ignored", 1)
    ]


def test_multinews_clusters() -> None:
    r = read_jsonl(FIX / "clusters.jsonl")
    ids = [a.id for a in r.articles]
    assert [i.split("-")[0:2] for i in ids] == [
        ["demo", "000.0"],
        ["demo", "000.1"],
        ["demo", "001.0"],
        ["demo", "001.1"],
    ]
    assert [(a.origin.format, a.origin.cluster, a.origin.record) for a in r.articles] == [
        ("multinews", "demo-000", 1),
        ("multinews", "demo-000", 1),
        ("multinews", "demo-001", 2),
        ("multinews", "demo-001", 2),
    ]
    # the same document in two clusters is two records: two ids
    assert r.articles[0].raw == r.articles[3].raw and r.articles[0].id != r.articles[3].id
    assert (
        r.articles[0].raw.startswith("Ferry crossings \n \n The harbour council")
        and r.articles[0].title == ""
    )
    assert not any("SUMMARY-MARKER" in a.raw for a in r.articles)  # the reference summary is never an article
    assert reasons(r) == [
        (
            f"line 2: cluster 'demo-001' document 2: empty article: 0 words, fewer than min_words=20; {SHORT}",
            2,
        ),
        ("line 2: cluster 'demo-001' document 3 must be a string, not a number; fix the record", 2),
    ]


def test_real_multinews_loses_no_document(multinews: Path) -> None:
    lines = [json.loads(x) for x in multinews.read_text(encoding="utf-8").splitlines() if x.strip()]
    r = read_jsonl(multinews)
    n_docs = sum(len(c["documents"]) for c in lines)
    assert len(r.articles) + len(r.skipped) == n_docs
    assert len({a.id for a in r.articles}) == len(r.articles)
    assert {a.origin.cluster for a in r.articles} <= {c["id"] for c in lines}
    summaries = {c["summary"][:80] for c in lines}
    assert not any(a.raw[:80] in summaries for a in r.articles)


# ------------------------------------------------------------------------------------------ WARC
def _warc(path: Path, records: list[tuple[str, str, bytes, str]]) -> None:
    """Write a WARC with one response (and one request) per ``(uri, content_type, body, warc_date)``."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for uri, ctype, body, when in records:
            req = writer.create_warc_record(
                uri,
                "request",
                payload=io.BytesIO(b"GET / HTTP/1.0\r\n\r\n"),
                warc_headers_dict={"WARC-Date": when},
            )
            writer.write_record(req)
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            rec = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": when},
            )
            writer.write_record(rec)


def test_warc_built_at_test_time(tmp_path: Path) -> None:
    page = (FIX / "harbour_page.html").read_bytes()
    undated = (
        f"<html><head><title>Ferry tickets on sale</title></head><body><p>{BODY}</p></body></html>".encode()
    )
    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            ("https://gazette.example.org/ferries", "text/html; charset=utf-8", page, "2020-09-16T08:00:00Z"),
            (
                "https://gazette.example.org/logo.png",
                "image/png",
                b"\x89PNG\r\n\x1a\n",
                "2020-09-16T08:00:01Z",
            ),
            ("https://gazette.example.org/tickets", "text/html", undated, "2020-09-16T08:00:02Z"),
        ],
    )
    r = read_warc(path)
    assert len(r.articles) == 2
    dated, fallback = r.articles
    assert dated.url == "https://gazette.example.org/ferries"  # WARC-Target-URI, not the canonical link
    assert (dated.date, dated.date_source) == ("2020-09-14", "metadata")  # page metadata wins over WARC-Date
    assert dated.title == "Harbour council approves evening ferries" and dated.author == "Jane Marlow"
    assert (dated.origin.format, dated.origin.record) == ("warc", 2)
    assert dated.origin.label() == f"{path}#2"
    assert (fallback.date, fallback.date_source) == ("2020-09-16", "estimated")
    assert fallback.date_evidence == "WARC-Date 2020-09-16T08:00:02Z (crawl time; the page gives no date)"
    assert fallback.title == "Ferry tickets on sale" and fallback.origin.record == 6
    assert reasons(r) == [("1 response record(s) are not HTML pages (image/png x1); only HTML is read", None)]
    assert [a.id for a in read_any([path]).articles] == [a.id for a in r.articles]


def test_damaged_warc_keeps_records_before_the_damage(tmp_path: Path) -> None:
    good = tmp_path / "good.warc"
    page = (FIX / "harbour_page.html").read_bytes()
    _warc(good, [("https://a.example/1", "text/html", page, "2020-09-16T08:00:00Z")])
    bad = tmp_path / "bad.warc"
    bad.write_bytes(
        good.read_bytes() + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"
    )
    r = read_warc(bad)
    assert len(r.articles) == 1
    assert len(r.skipped) == 1 and r.skipped[0].reason.startswith("damaged WARC after record 2: ")
    assert r.skipped[0].reason.endswith("records before it were kept, the rest is unreadable")


# ------------------------------------------------------------------------------ directories, stdin
def test_directory_recursive_sorted_hidden_and_unknown(tmp_path: Path) -> None:
    tree = FIX / "tree"
    r = read_any([tree])
    assert [a.origin.path for a in r.articles] == [
        str(tree / "ferry.txt"),
        str(tree / "regional" / "north" / "ferry_page.html"),
    ]
    assert [(s.path, s.reason) for s in r.skipped] == [
        (str(tree / "README"), f"unknown file type (no extension) {SUPPORTED}"),
        # a hidden file of a readable type is not read, but listed: nothing vanishes silently
        (str(tree / "regional" / ".draft.txt"),
         "hidden file (its name starts with '.'): not read; rename it or give it by name to read it"),
        (str(tree / "regional" / "minutes.pdf"), f"unknown file type '.pdf' {SUPPORTED}"),
    ]


def test_explicit_file_without_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "story").write_text("A ferry story\n\n" + BODY, encoding="utf-8")
    (tmp_path / "page").write_bytes((FIX / "harbour_page.html").read_bytes())
    (tmp_path / "feed").write_bytes((FIX / "articles.jsonl").read_bytes())
    (tmp_path / "story.docx").write_text(json.dumps([{"text": BODY}]), encoding="utf-8")
    r = read_any([tmp_path / "story", tmp_path / "page", tmp_path / "feed", tmp_path / "story.docx"])
    assert [a.origin.format for a in r.articles] == ["text", "html", "jsonl", "jsonl", "jsonl"]
    assert r.articles[0].title == "A ferry story"
    assert (str(tmp_path / "story.docx"), f"unknown file type '.docx' {SUPPORTED}") in [
        (s.path, s.reason) for s in r.skipped
    ]


def test_a_file_reached_twice_is_read_once() -> None:
    f = FIX / "tree" / "ferry.txt"
    r = read_any([f, FIX / "tree"])
    assert [a.origin.path for a in r.articles].count(str(f)) == 1
    assert (str(FIX / "tree" / "ferry.txt"), f"already read as {f}; each file is read once") in [
        (s.path, s.reason) for s in r.skipped
    ]


def test_read_any_accepts_a_single_path() -> None:
    assert len(read_any(FIX / "harbour_no_date.txt").articles) == 1


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [("harbour_dateline_after.txt", "text"), ("harbour_page.html", "html"), ("articles.jsonl", "jsonl")],
)
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, fixture: str, fmt: str) -> None:
    data = (FIX / fixture).read_bytes()
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    r = read_any(["-"])
    assert r.articles and {a.origin.format for a in r.articles} == {fmt}
    assert {a.origin.path for a in r.articles} == {"<stdin>"}
    assert r.articles[0].id.startswith("stdin")


def test_stdin_gzipped_warc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    _warc(
        path,
        [
            (
                "https://a.example/1",
                "text/html",
                (FIX / "harbour_page.html").read_bytes(),
                "2020-09-16T08:00:00Z",
            )
        ],
    )
    monkeypatch.setattr(sys, "stdin", _Stdin(path.read_bytes()))
    r = read_any(["-"])
    assert [(a.origin.format, a.url) for a in r.articles] == [("warc", "https://a.example/1")]


# ------------------------------------------------------------------------------------------- ids
def test_ids_are_stable_across_runs_and_working_directories(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = [a.id for a in read_any([FIX]).articles]
    assert first == [a.id for a in read_any([FIX]).articles]
    monkeypatch.chdir(FIX.parent)
    assert first == [a.id for a in read_any(["ingest"]).articles]
    # the same file copied elsewhere (another machine, another checkout) keeps its id
    shutil.copy(FIX / "harbour_page.html", tmp_path / "harbour_page.html")
    assert (
        read_any([tmp_path / "harbour_page.html"]).articles[0].id
        == read_html_file(FIX / "harbour_page.html").articles[0].id
    )
    assert len(set(first)) == len(first)


def test_identical_records_get_distinct_ids(tmp_path: Path) -> None:
    p = tmp_path / "twice.jsonl"
    line = json.dumps({"text": BODY})
    p.write_text(line + "\n" + line + "\n", encoding="utf-8")
    a, b = read_jsonl(p).articles
    assert a.raw == b.raw and a.id != b.id


def test_same_name_same_content_in_two_folders_gets_suffixed_ids(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(FIX / "harbour_no_date.txt", tmp_path / d / "story.txt")
    x, y = read_any([tmp_path]).articles
    assert y.id == x.id + "-2"


# ------------------------------------------------------------------------------------- bad input
def test_missing_path(tmp_path: Path) -> None:
    r = read_any([tmp_path / "nope.txt"])
    assert r.articles == ()
    assert [(s.path, s.reason, s.stage) for s in r.skipped] == [
        (
            str(tmp_path / "nope.txt"),
            "no such file or directory; check the path (quote names that contain spaces)",
            "ingest",
        )
    ]


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    assert reasons(read_any([tmp_path])) == [
        ("cannot read: broken symbolic link (its target does not exist); fix or remove the link", None)
    ]


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    d = tmp_path / "story.txt"
    d.mkdir()
    assert reasons(read_text_file(d)) == [
        ("cannot read: it is a directory, not a file; give it to read_any to read it recursively", None)
    ]


def test_unreadable_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    p.write_text("Title\n\n" + BODY, encoding="utf-8")

    real_open = open

    def denied(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(_common, "open", denied, raising=False)
    r = read_any([p, FIX / "harbour_no_date.txt"])  # the run goes on after the bad file
    assert len(r.articles) == 1
    assert reasons(r) == [("cannot read: Permission denied; check the file's permissions", None)]


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert reasons(read_text_file(p)) == [
        ("binary data, not text (it contains NUL bytes); give .txt, .html, .jsonl or .warc.gz files", None)
    ]


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(range(1, 32)) * 20 + b"Title\n\n" + BODY.encode())
    ((reason, _),) = reasons(read_text_file(p))
    assert reason.startswith("binary data, not text (") and reason.endswith(
        "control or undecodable characters); give .txt, .html, .jsonl or .warc.gz files"
    )


def test_windows_1252_is_decoded_with_a_note(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes(("Caf\xe9 owners welcome \u2018late\u2019 ferries\n\n" + BODY).encode("cp1252"))
    r = read_text_file(p)
    assert r.articles[0].title == "Café owners welcome ‘late’ ferries"
    assert [(n.path, n.message) for n in r.notes] == [
        (str(p), "not UTF-8: decoded as Windows-1252; re-save the file as UTF-8 if characters look wrong")
    ]


def test_mostly_utf8_keeps_utf8_and_notes_the_bad_bytes(tmp_path: Path) -> None:
    p = tmp_path / "mixed.txt"
    p.write_bytes("Café owners — and ferries\n\n".encode() + BODY.encode() + b" \xff end.")
    r = read_text_file(p)
    assert r.articles[0].title == "Café owners — and ferries" and r.articles[0].raw.endswith("\ufffd end.")
    assert [n.message for n in r.notes] == [
        "invalid UTF-8: 1 undecodable byte sequence(s) replaced with U+FFFD; re-save the file as UTF-8 to keep those characters"
    ]


def test_empty_article(tmp_path: Path) -> None:
    p = tmp_path / "stub.txt"
    p.write_text("Ferry timetable changes\n\nMore soon.\n", encoding="utf-8")
    assert reasons(read_text_file(p)) == [(f"empty article: 2 words, fewer than min_words=20; {SHORT}", None)]
    assert len(read_text_file(p, config=IngestConfig(min_words=2)).articles) == 1


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "blank.txt"
    p.write_bytes(b"")
    assert reasons(read_text_file(p)) == [(f"empty article: 0 words, fewer than min_words=20; {SHORT}", None)]


def test_file_over_max_bytes(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("Big\n\n" + BODY * 10, encoding="utf-8")
    size = p.stat().st_size
    r = read_any([p], config=IngestConfig(max_bytes=1000))
    assert reasons(r) == [
        (
            f"file too large: {size:,} bytes is over max_bytes=1,000; split it or raise [ingest] max_bytes",
            None,
        )
    ]


def test_corrupt_gzip(tmp_path: Path) -> None:
    p = tmp_path / "page.html.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage")
    ((reason, _),) = reasons(read_any([p]))
    assert reason.startswith("cannot decompress: ") and reason.endswith(
        "(a .gz file that is not valid gzip; re-download or un-gzip it)"
    )


# ----------------------------------------------------------------------------------- real seeds
def test_real_seeds(seeds: Path) -> None:
    r = read_any([seeds])
    assert r.skipped == () and len(r.articles) == 5
    titles = [a.title for a in r.articles]
    # the title is the whole first headline line of the seed (read from ../shared by seed_line)
    assert titles[0] == seed_line(seeds, "000", "Belarus leader vows closer ties")
    assert titles[2] == seed_line(seeds, "002", "welcomes Belarusian President for talks")
    assert all(t and len(t) < 200 for t in titles)
    s0 = r.articles[0]
    assert (s0.date, s0.date_source, s0.date_evidence) == (
        "2020-09-14",
        "dateline",
        "Monday, September 14, 2020",
    )
    assert [a.date for a in r.articles[1:]] == [None] * 4  # "MOSCOW (AP) –", "(Moscow)" are places, not dates
    assert r.articles[2].raw.startswith("MOSCOW (AP) –") and r.articles[3].raw.startswith("(Moscow)")
    assert {a.language for a in r.articles} == {"en"}


# ------------------------------------------------------------------------------------- property
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=1000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.builds(lambda a, b: b"\x1f\x8b" + a + b, st.binary(max_size=50), st.binary(max_size=50)),
        st.builds(lambda b: b"WARC/1.0\r\n" + b, st.binary(max_size=400)),
        st.builds(lambda t: ("<html><body><p>" + t + "</p></body></html>").encode(), st.text(max_size=400)),
        st.builds(
            lambda t: ('{"text": ' + json.dumps(t) + "}\n" + t).encode("utf-8", "surrogatepass"),
            st.text(max_size=300),
        ),
    )
)
def test_read_stream_never_raises(data: bytes) -> None:
    r = read_stream(data, config=IngestConfig(min_words=1))
    assert isinstance(r, IngestResult)
    assert all(s.stage == "ingest" and s.reason for s in r.skipped)
    assert len({a.id for a in r.articles}) == len(r.articles)


def test_jsonl_text_that_is_not_text(tmp_path: Path) -> None:
    p = tmp_path / "junk.jsonl"
    p.write_text(
        json.dumps({"text": "\u0001" * 50 + BODY})
        + "\n"
        + json.dumps({"text": BODY + " \ud800", "title": "x\udc00"})
        + "\n",
        encoding="utf-8",
    )
    r = read_jsonl(p)
    assert reasons(r) == [
        ("line 1: 'text' is not text (21% control or undecodable characters); fix the record", 1)
    ]
    (a,) = r.articles  # a lone surrogate is replaced, not kept (it could not be written as UTF-8)
    assert a.raw.endswith(" \ufffd") and a.title == "x\ufffd"
    a.raw.encode("utf-8")


def test_opening_dateline_with_a_full_date(tmp_path: Path) -> None:
    p = tmp_path / "wire.txt"
    p.write_text(
        "Ferries approved\n\nPORTVALE, England, Sept. 14, 2020 (Newsdesk) — " + BODY, encoding="utf-8"
    )
    a = read_text_file(p).articles[0]
    assert (a.date, a.date_source, a.date_evidence) == (
        "2020-09-14",
        "dateline",
        "PORTVALE, England, Sept. 14, 2020",
    )
    assert a.raw.startswith("PORTVALE, England, Sept. 14, 2020 (Newsdesk) — ")


def test_text_without_title_line(tmp_path: Path) -> None:
    p = tmp_path / "prose.txt"
    p.write_text(BODY + " " + BODY + "\n\nSecond paragraph.", encoding="utf-8")
    a = read_text_file(p).articles[0]
    assert a.title == "" and a.raw == BODY + " " + BODY + "\n\nSecond paragraph."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BODY, "en"),
        (
            "Le conseil du port a voté lundi l'ajout de trois traversées du soir vers l'île, "
            "mettant fin à un débat qui a duré presque tout l'été.",
            "fr",
        ),
        ("Home\n\nNews\n\nSport\n\n" + BODY, "en"),  # menu lines do not drown the prose
        ("Ferry timetable changes", None),  # too short to tell
    ],
    ids=["english", "french", "menus-then-prose", "too-short"],
)
def test_detect_language(text: str, expected: str | None) -> None:
    from newsdesk.ingest import detect_language

    assert detect_language(text) == expected
