"""Inputs people have: CSV/TSV tables, news-please JSON/JSONL, fundus JSONL, RSS/Atom files, and URLs,
feeds and sitemaps fetched from a local HTTP server the tests start (no outside network).

Every record in is an article or a skip with a reason (the accounting is asserted per case)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsdesk.config import IngestConfig
from newsdesk.ingest import read_any

# Invented text, written for these tests.
BODY = (
    "The harbour board of Castrelle voted on Tuesday to extend the night shifts at the container terminal "
    "after three weeks of delays. Dock managers said the extra crews would clear the backlog of ships "
    "waiting in the outer roads by the end of the month, and the union welcomed the overtime rates."
)
BODY_B = (
    "Norvik Devices recalled forty thousand Pulse X e-bike batteries on Wednesday after reports of fires "
    "in three cities. Owners are asked to stop charging the packs and to bring them to any dealer, where "
    "a replacement will be fitted free of charge within two weeks, the company said in a statement."
)
BODY_C = (
    "Lindmark's parliament passed the new fisheries law late on Thursday by a margin of eleven votes. "
    "The law halves the cod quota for the northern banks for two years and pays the crews of laid-up "
    "boats a monthly allowance, which the opposition called too small to keep the harbours alive."
)


def _accounted(r, records: int) -> None:  # type: ignore[no-untyped-def]
    assert len(r.articles) + len(r.skipped) == records, (r.articles, r.skipped)
    assert all(s.reason for s in r.skipped)


# ------------------------------------------------------------------------------ CSV / TSV
def test_csv_rows_with_a_text_column_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "export.csv"
    p.write_text(
        "title,text,date,source,url\n"
        f'"Board votes","{BODY}",2026-06-15,Harbour Courier,https://hc.example/1\n'
        '"Too short","two words",2026-06-15,x,\n'
        f'"Recall","{BODY_B}\n\nA second paragraph, quoted across lines.",7 October 2026,Gear Pulse,\n',
        encoding="utf-8",
    )
    r = read_any([p])
    _accounted(r, 3)
    assert [a.title for a in r.articles] == ["Board votes", "Recall"]
    a, b = r.articles
    assert (a.date, a.site, a.url, a.origin.format, a.origin.label()) == (
        "2026-06-15", "Harbour Courier", "https://hc.example/1", "csv", f"{p}:2")
    assert b.date == "2026-10-07" and "A second paragraph" in b.raw and b.origin.record == 4
    assert r.skipped[0].label() == f"{p}:3" and "fewer than min_words" in r.skipped[0].reason


def test_a_csv_that_gains_rows_on_top_keeps_the_ids_of_its_rows(tmp_path: Path) -> None:
    p = tmp_path / "export.csv"
    p.write_text(f'title,text\n"Recall","{BODY_B}"\n"Board votes","{BODY}"\n', encoding="utf-8")
    before = {a.title: a.id for a in read_any([p]).articles}
    p.write_text(f'title,text\n"Quota","{BODY_C}"\n"Recall","{BODY_B}"\n"Board votes","{BODY}"\n', encoding="utf-8")
    after = {a.title: (a.id, a.origin.record) for a in read_any([p]).articles}
    assert {t: after[t][0] for t in before} == before
    assert after["Recall"][1] == 3  # the record is still where it is now


def test_tsv_and_a_semicolon_csv_and_an_html_column(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text(f"headline\tmaintext\nignored\t{BODY}\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f'title;html\nPage;"<html><body><article><p>{BODY_B}</p></article></body></html>"\n',
                                    encoding="utf-8")
    r = read_any([tmp_path])
    _accounted(r, 2)
    assert [a.origin.format for a in r.articles] == ["csv", "csv"]
    assert r.articles[0].raw == BODY
    assert r.articles[1].title == "Page" and r.articles[1].html is not None


def test_csv_without_a_text_column_or_with_a_ragged_row_is_explained(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("title,summary\nx,y\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"title,text\nok,\"{BODY}\"\nbad,\"{BODY}\",extra\n", encoding="utf-8")
    r = read_any([tmp_path])
    assert [(s.label(), s.reason) for s in r.skipped] == [
        (str(tmp_path / "a.csv"), "no text column among 'title', 'summary': name the column of the article text "
                                  "'text' (or 'html' for pages)"),
        (f"{tmp_path / 'b.csv'}:3", "line 3 has 3 fields, the header 2; quote fields that contain the delimiter"),
    ]
    assert len(r.articles) == 1


# ---------------------------------------------------------------------- news-please, fundus
def test_news_please_json_file_and_jsonl(tmp_path: Path) -> None:
    record = {"title": "Quota halved", "maintext": BODY_C, "text": None, "date_publish": "2026-05-21 22:40:00",
              "source_domain": "nordpress.example", "url": "https://nordpress.example/q", "authors": ["Ina Berg"],
              "language": "en", "description": "The law passed."}
    (tmp_path / "one.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([record, {"title": "no text"}, "oops"]), encoding="utf-8")
    (tmp_path / "crawl.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    r = read_any([tmp_path / "one.json", tmp_path / "many.json", tmp_path / "crawl.jsonl"])
    _accounted(r, 5)
    assert len(r.articles) == 3
    for a in r.articles:
        assert (a.title, a.raw, a.date, a.site, a.url, a.author) == (
            "Quota halved", BODY_C, "2026-05-21", "nordpress.example", "https://nordpress.example/q", "Ina Berg")
    assert [a.origin.format for a in r.articles] == ["json", "json", "jsonl"]
    assert [(s.label(), s.reason) for s in r.skipped] == [
        (f"{tmp_path / 'many.json'}#2", "item 2 has no article text: give a 'text' or 'html' field ('maintext' and "
                                        "'plaintext' are read too)"),
        (f"{tmp_path / 'many.json'}#3", "item 3 is a string, not an article object"),
    ]


def test_fundus_jsonl(tmp_path: Path) -> None:
    record = {"title": "Batteries recalled", "plaintext": BODY_B, "publishing_date": "2026-10-07T09:15:00+02:00",
              "authors": ["K. Osei", "L. Marr"], "topics": ["tech"], "body": {"summary": [], "sections": []},
              "html": {"requested_url": "https://gp.example/r?x=1", "responded_url": "https://gp.example/r"}}
    (tmp_path / "fundus.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    r = read_any([tmp_path])
    _accounted(r, 1)
    (a,) = r.articles
    assert (a.raw, a.date, a.author, a.url) == (BODY_B, "2026-10-07", "K. Osei, L. Marr", "https://gp.example/r")


def test_a_broken_json_file_names_the_place(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"maintext": "a"\n{"maintext": "b"}\n', encoding="utf-8")
    r = read_any([tmp_path])
    assert [s.reason for s in r.skipped] == [
        "not valid JSON (Expecting ',' delimiter at line 2 column 1); for one article a line, name the file .jsonl"]


# ------------------------------------------------------------------------------- feed files
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Courier</title><link>https://hc.example/</link>
<item><title>Board votes</title><link>https://hc.example/1</link><pubDate>Tue, 16 Jun 2026 08:00:00 GMT</pubDate>
  <author>desk@hc.example (News desk)</author>
  <content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>
<item><title>Recall</title><link>{link}</link><pubDate>Wed, 07 Oct 2026 08:00:00 GMT</pubDate>
  <description>Short teaser.</description></item>
<item><title>Teaser only</title><link>https://hc.example/3</link><description>Short teaser.</description></item>
<item><title>Long summary</title><link>https://hc.example/4</link><description>{body_c}</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nord Press</title><id>urn:np</id><updated>2026-05-22T00:00:00Z</updated>
<entry><title>Quota halved</title><id>urn:np:1</id><link href="https://np.example/1"/>
  <published>2026-05-21T22:40:00Z</published><updated>2026-05-22T06:00:00Z</updated>
  <content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_file_full_text_local_page_summary_and_skip(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "recall.html").write_text(
        f"<html><head><title>Page title</title></head><body><article><p>{BODY_B}</p></article></body></html>",
        encoding="utf-8")
    feed = tmp_path / "hc.rss"
    feed.write_text(RSS.format(body=BODY, body_c=BODY_C, link="pages/recall.html"), encoding="utf-8")
    r = read_any([feed])
    _accounted(r, 4)
    full, page, summary = r.articles
    assert (full.title, full.date, full.site, full.url, full.origin.label()) == (
        "Board votes", "2026-06-16", "Harbour Courier", "https://hc.example/1", f"{feed}#1")
    assert BODY in full.raw and full.date_evidence == "feed published: Tue, 16 Jun 2026 08:00:00 GMT"
    assert (page.title, page.date, page.origin.path) == ("Recall", "2026-10-07", str(tmp_path / "pages" / "recall.html"))
    assert BODY_B in page.raw and page.url is None
    assert summary.title == "Long summary" and BODY_C in summary.raw
    (note,) = r.notes
    assert note.message.startswith("item 4: read from its summary only (no full text (content:encoded), and its page "
                                   "https://hc.example/4 is not here")
    (skip,) = r.skipped
    assert skip.label() == f"{feed}#3"
    assert skip.reason == (
        "item 3: no full text (content:encoded), and its page https://hc.example/3 is not here (not in the fetch "
        "cache); give the feed's URL instead of the file to fetch the pages; its summary is too short to stand "
        "for the article")


def test_atom_file(tmp_path: Path) -> None:
    (tmp_path / "np.atom").write_text(ATOM.format(body=BODY_C), encoding="utf-8")
    r = read_any([tmp_path])
    _accounted(r, 1)
    (a,) = r.articles
    assert (a.title, a.date, a.site, a.url, a.origin.format) == (
        "Quota halved", "2026-05-21", "Nord Press", "https://np.example/1", "feed")


def test_xml_that_is_not_a_feed_and_a_broken_feed(tmp_path: Path) -> None:
    (tmp_path / "data.xml").write_text("<?xml version='1.0'?><catalog><book/></catalog>", encoding="utf-8")
    (tmp_path / "cut.rss").write_text("<rss version='2.0'><channel><item><title>x", encoding="utf-8")
    r = read_any([tmp_path])
    reasons = {Path(s.path).name: s.reason for s in r.skipped}
    assert reasons["data.xml"].startswith("not an RSS/Atom feed or sitemap")
    assert "cut.rss" in reasons
    assert not r.articles


def test_a_feed_on_standard_input_is_sniffed() -> None:
    from newsdesk.ingest import read_stream

    r = read_stream(ATOM.format(body=BODY_C).encode(), name="<stdin>")
    assert [a.title for a in r.articles] == ["Quota halved"]


# ------------------------------------------------------------------- a local HTTP server
PAGES = {
    "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n"),
    "/news/1.html": ("text/html; charset=utf-8",
                     f"<html><head><title>Board votes</title></head><body><article><p>{BODY}</p></article></body></html>"),
    "/news/2.html": ("text/html", f"<html><head><title>Recall</title></head><body><p>{BODY_B}</p></body></html>"),
    "/news/3.html": ("text/html", f"<html><head><title>Quota</title></head><body><p>{BODY_C}</p></body></html>"),
    "/private/secret.html": ("text/html", f"<html><body><p>{BODY}</p></body></html>"),
    "/exports/articles.jsonl": ("application/x-ndjson", json.dumps({"title": "From JSONL", "text": BODY_C}) + "\n"),
}


class _Site:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.version = "v1"  # the ETag of every answer; a new one means "changed"
        self.not_modified = 0
        self.times: list[tuple[str, float]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.hits[self.path] += 1
                site.times.append((self.path, time.monotonic()))
                body = site.pages.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                ctype, text = body
                data = text.encode("utf-8")
                if self.headers.get("If-None-Match") == f'"{site.version}"':
                    site.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("ETag", f'"{site.version}"')
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pages = dict(PAGES)
        b = self.base
        self.pages["/feed.xml"] = ("application/rss+xml", RSS.format(body=BODY, body_c=BODY_C, link=f"{b}/news/2.html")
                                   .replace("https://hc.example/3", f"{b}/news/missing.html")
                                   .replace("https://hc.example/4", f"{b}/private/secret.html"))
        self.pages["/sitemap.xml"] = ("application/xml", (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{b}/news/1.html</loc><news:news><news:publication_date>2026-06-16T08:00:00Z"
            "</news:publication_date></news:news></url>"
            f"<url><loc>{b}/news/3.html</loc></url><url><loc>{b}/private/secret.html</loc></url>"
            f"<url><loc>{b}/news/2.html</loc></url></urlset>"))
        self.pages["/sitemap-index.xml"] = ("application/xml", (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{b}/sitemap.xml</loc></sitemap><sitemap><loc>{b}/gone.xml</loc></sitemap></sitemapindex>"))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    s = _Site()
    yield s
    s.close()


@pytest.fixture
def fetch_config(tmp_path: Path) -> IngestConfig:
    import newsdesk

    newsdesk.reset_caches()  # a new fetcher (robots.txt answers, last request times) per test
    return IngestConfig(cache_dir=str(tmp_path / "cache"), fetch_delay=0.0)


def test_a_page_url(site: _Site, fetch_config: IngestConfig) -> None:
    r = read_any([f"{site.base}/news/1.html"], config=fetch_config)
    (a,) = r.articles
    assert (a.title, a.url, a.origin.path, a.origin.format) == (
        "Board votes", f"{site.base}/news/1.html", f"{site.base}/news/1.html", "web")
    assert BODY in a.raw and a.html


def test_a_feed_url_fetches_linked_pages_and_obeys_robots(site: _Site, fetch_config: IngestConfig) -> None:
    url = f"{site.base}/feed.xml"
    r = read_any([url], config=fetch_config)
    _accounted(r, 4)
    assert [a.title for a in r.articles] == ["Board votes", "Recall", "Long summary"]
    assert r.articles[1].origin.path == f"{site.base}/news/2.html" and r.articles[1].date == "2026-10-07"
    assert [(s.label(), s.reason) for s in r.skipped] == [
        (f"{url}#3", "item 3: no full text (content:encoded), and HTTP 404 Not Found; check the address; its "
                     "summary is too short to stand for the article"),
    ]
    assert site.hits["/robots.txt"] == 1


def test_a_feed_url_with_a_long_summary_behind_robots_reads_the_summary(site: _Site, fetch_config: IngestConfig) -> None:
    r = read_any([f"{site.base}/feed.xml"], config=fetch_config)
    assert any("item 4: read from its summary only" in n.message and "robots.txt" in n.message for n in r.notes)
    assert site.hits["/private/secret.html"] == 0


def test_a_sitemap_url_and_a_sitemap_index(site: _Site, fetch_config: IngestConfig) -> None:
    url = f"{site.base}/sitemap-index.xml"
    r = read_any([url], config=fetch_config)
    _accounted(r, 5)  # 4 entries of the sitemap + the missing one of the index
    assert [a.title for a in r.articles] == ["Board votes", "Quota", "Recall"]
    assert r.articles[0].date == "2026-06-16"
    assert r.articles[0].date_evidence == "sitemap news:publication_date 2026-06-16T08:00:00Z"
    reasons = [s.reason for s in r.skipped]
    assert any("robots.txt" in x and "secret" in x for x in reasons)
    assert any("gone.xml" in x and "HTTP 404" in x for x in reasons)


def test_max_pages_bounds_a_sitemap_and_says_so(site: _Site, tmp_path: Path) -> None:
    import newsdesk

    newsdesk.reset_caches()
    config = IngestConfig(cache_dir=str(tmp_path / "c"), fetch_delay=0.0, max_pages=2)
    r = read_any([f"{site.base}/sitemap.xml"], config=config)
    _accounted(r, 4)
    assert sum("max_pages=2" in s.reason for s in r.skipped) == 2


def test_a_jsonl_file_by_url(site: _Site, fetch_config: IngestConfig) -> None:
    r = read_any([f"{site.base}/exports/articles.jsonl"], config=fetch_config)
    assert [a.title for a in r.articles] == ["From JSONL"]


def test_responses_are_cached_on_disk(site: _Site, fetch_config: IngestConfig) -> None:
    import newsdesk

    feed = f"{site.base}/feed.xml"
    first = read_any([feed], config=fetch_config)
    newsdesk.reset_caches()  # a new process, as far as the fetcher knows
    again = read_any([feed], config=fetch_config)
    # the feed given is asked again (with its ETag: a 304); the page it links to comes from the cache
    assert site.hits["/feed.xml"] == 2 and site.not_modified == 1
    assert site.hits["/news/2.html"] == 1 and site.hits["/robots.txt"] == 1
    assert first.articles == again.articles
    # stale pages are revalidated too; a changed answer is read again
    newsdesk.reset_caches()
    site.version = "v2"
    stale = IngestConfig(cache_dir=fetch_config.cache_dir, fetch_delay=0.0, cache_hours=0.0)
    read_any([feed], config=stale)
    assert site.hits["/news/2.html"] == 2 and site.not_modified == 1


def test_a_feed_item_keeps_its_id_when_new_items_come_on_top(site: _Site, fetch_config: IngestConfig) -> None:
    import newsdesk

    feed = f"{site.base}/feed.xml"
    before = {a.title: a.id for a in read_any([feed], config=fetch_config).articles}
    ctype, text = site.pages["/feed.xml"]
    newer = (f"<item><title>Quota halved</title><link>{site.base}/news/3.html</link>"
             "<pubDate>Thu, 21 May 2026 08:00:00 GMT</pubDate></item>\n<item><title>Board votes")
    site.pages["/feed.xml"] = (ctype, text.replace("<item><title>Board votes", newer, 1))
    site.version = "v2"
    newsdesk.reset_caches()
    after = {a.title: a.id for a in read_any([feed], config=fetch_config).articles}
    assert after.pop("Quota halved")
    assert after == before  # the items that moved down are the same articles


def test_requests_to_one_host_are_spaced_by_fetch_delay(site: _Site, tmp_path: Path) -> None:
    import newsdesk

    newsdesk.reset_caches()
    config = IngestConfig(cache_dir=str(tmp_path / "c"), fetch_delay=0.2)
    read_any([f"{site.base}/sitemap.xml"], config=config)
    times = [t for _, t in site.times]
    assert len(times) == 5  # robots.txt, the sitemap, 3 pages (the 4th is disallowed)
    # measured where the requests arrive, so allow for a request held up on a loaded machine
    assert times[-1] - times[0] >= 4 * 0.2 - 0.05
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.1


def test_an_unreachable_host_and_a_local_feed_use_the_cache_only(site: _Site, fetch_config: IngestConfig,
                                                                   tmp_path: Path) -> None:
    r = read_any(["http://127.0.0.1:9/nothing.html"], config=fetch_config)
    (s,) = r.skipped
    assert s.path == "http://127.0.0.1:9/nothing.html"
    assert s.reason.startswith("cannot fetch: cannot connect to 127.0.0.1:9 (") and s.reason.endswith("); check the address")
    # a page fetched once is what a local feed file linking to it reads (no request)
    read_any([f"{site.base}/news/2.html"], config=fetch_config)
    feed = tmp_path / "saved.rss"
    feed.write_text(RSS.format(body=BODY, body_c=BODY_C, link=f"{site.base}/news/2.html"), encoding="utf-8")
    before = sum(site.hits.values())
    got = read_any([feed], config=fetch_config)
    assert "Recall" in [a.title for a in got.articles]
    assert sum(site.hits.values()) == before


def test_the_cli_briefs_a_feed_url(site: _Site, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import newsdesk
    from newsdesk.cli import main

    newsdesk.reset_caches()
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[ingest]\ncache_dir = "{tmp_path / "cache"}"\nfetch_delay = 0.0\n\n[facts]\nenabled = false\n',
                   encoding="utf-8")
    assert main(["brief", f"{site.base}/feed.xml", "--config", str(cfg), "--format", "csv", "--table", "articles"]) == 0
    out, err = capsys.readouterr()
    assert "Board votes" in out and "Recall" in out
    assert f"skipped {site.base}/feed.xml#3: item 3: no full text (content:encoded), and HTTP 404" in err


def test_csv_rows_in_several_languages_keep_their_language(tmp_path: Path) -> None:
    fr = ("Le conseil portuaire de Castrelle a voté mardi la prolongation des équipes de nuit au terminal à "
          "conteneurs, après trois semaines de retards. Les responsables des quais estiment que les navires en "
          "attente seront déchargés avant la fin du mois, et le syndicat a salué les heures supplémentaires.")
    de = ("Der Hafenrat von Castrelle hat am Dienstag beschlossen, die Nachtschichten am Containerterminal nach "
          "drei Wochen Verspätung zu verlängern. Die Leiter der Docks erwarten, dass die wartenden Schiffe bis "
          "Monatsende entladen sind, und die Gewerkschaft begrüßte die Zuschläge für die Überstunden.")
    p = tmp_path / "multi.csv"
    p.write_text(f'title,text\nFR,"{fr}"\nDE,"{de}"\nEN,"{BODY}"\n', encoding="utf-8")
    r = read_any([p])
    _accounted(r, 3)
    assert [(a.title, a.language) for a in r.articles] == [("FR", "fr"), ("DE", "de"), ("EN", "en")]


def test_ingest_watch_reads_a_feed_again_and_adds_its_new_items(site: _Site, tmp_path: Path, monkeypatch,
                                                                capsys) -> None:  # type: ignore[no-untyped-def]
    import newsdesk
    from newsdesk.cli import main

    newsdesk.reset_caches()
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[ingest]\ncache_dir = "{tmp_path / "cache"}"\nfetch_delay = 0.0\n\n[facts]\nenabled = false\n',
                   encoding="utf-8")
    feed = f"{site.base}/feed.xml"

    def sleep(seconds: float) -> None:  # between the two looks the feed gains an item on top
        ctype, text = site.pages["/feed.xml"]
        newer = (f"<item><title>Quota halved</title><link>{site.base}/news/3.html</link>"
                 "<pubDate>Thu, 21 May 2026 08:00:00 GMT</pubDate></item>\n<item><title>Board votes")
        site.pages["/feed.xml"] = (ctype, text.replace("<item><title>Board votes", newer, 1))
        site.version = "v2"

    monkeypatch.setattr(time, "sleep", sleep)
    db = tmp_path / "desk.db"
    assert main(["ingest", "--watch", feed, "--db", str(db), "--config", str(cfg), "--polls", "2", "-q"]) == 0
    summaries = [line for line in capsys.readouterr().out.splitlines() if "articles added" in line]
    assert [s.split(" (")[0] for s in summaries] == ["3 articles added", "1 articles added"]
    assert "(3 already known" in summaries[1]
