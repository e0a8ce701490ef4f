"""The web app used as a person would: a real server process, Debian's chromium driven by Playwright.

Loads the sample corpus (plus a few hostile articles written for these tests) into a temporary
store, starts ``newsdesk serve`` on a free loopback port, then reads events, follows a citation
to the cited sentence and a follow-up link, filters the events list, searches with a prefix and
pages, uploads a file and pasted text, comes back to see what changed, reads in dark mode, opens
the API guide, and checks that injected markup and ``javascript:`` links never run. Screenshots
go to ``$NEWSDESK_SHOTS`` (default /tmp/newsdesk-screenshots): look at them, they are the record
of what a reader sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_store import CHROMIUM, free_port, missing

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(os.environ.get("NEWSDESK_SHOTS", "/tmp/newsdesk-screenshots"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
UPLOAD = FIXTURES / "bridge-upload.txt"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_SECONDS = 90  # the server imports the pipeline; on 2 busy cores this can take a while

# Articles whose fields carry script: every way should stay text, and no link should be a script.
_STORY = (
    "CASTRELLE, 16 June 2026 - Harbour pilots in Castrelle said on Tuesday that the tide tables printed for the "
    "port's summer season, number {n}, had been checked twice and were correct. The pilots' office said ships "
    "would enter the harbour at high water only, that the northern basin would stay closed for dredging until "
    "July, and that captains should call the office on channel nine before they reach the outer buoys."
)
HOSTILE = [
    {"title": '<img src=x onerror="window.__pwned=1;alert(1)">Tide tables', "url": "javascript:alert(document.domain)"},
    {"title": "<script>window.__pwned=2;alert(2)</script>Pilots", "url": " JavaScript:window.__pwned=3"},
    {"title": 'Quote " onmouseover="alert(4)', "url": "\tjavascript:alert(5)"},
    {"title": "Safe link", "url": "https://news.example/tides"},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Iterator[str]:
    if not any(samples.rglob("*.txt")):
        pytest.skip(f"{samples} has no articles")
    from newsdesk.store import ingest_paths, open_store

    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text("\n".join(json.dumps({**h, "text": _STORY.format(n=i) + ' <svg onload="alert(6)">',
                                              "source": "pilots-gazette"})
                                  for i, h in enumerate(HOSTILE)) + "\n", encoding="utf-8")
    db = folder / "browser.db"
    with open_store(db) as store:
        ingest_paths(store, [samples, hostile])
    port = free_port()
    log = (tmp_path_factory.getbasetemp() / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port), "-q"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(base + "/api/events", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"newsdesk serve did not start: {Path(log.name).read_text()[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        missing(f"Debian's chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright for Python", "pip install playwright")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """What must never happen on a page: a dialog (alert), a script error, a request elsewhere."""

    def __init__(self, page, base: str) -> None:  # type: ignore[no-untyped-def]
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:")) else self.outside.append(r.url))

    def clean(self) -> None:
        assert not self.dialogs, f"a script ran: {self.dialogs}"
        assert not self.errors, self.errors
        assert not self.outside, f"requests left the server: {self.outside}"


def _context(browser, server: str, **kw):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **kw)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    return context, pg, Watch(pg, server)


@pytest.fixture
def reader(browser, server: str) -> Iterator[tuple[object, Watch]]:  # type: ignore[no-untyped-def]
    context, pg, watch = _context(browser, server)
    yield pg, watch
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def api(server: str, path: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(server + path, timeout=30) as r:
        return json.load(r)  # type: ignore[no-any-return]


def test_reader_reads_an_event_follows_a_citation_and_searches(reader, server: str) -> None:  # type: ignore[no-untyped-def]
    page, watch = reader
    events = api(server, "/api/events")["events"]
    assert events, "the sample corpus produced events"

    # the events page: newest first, each with date, headline and number of sources; a timeline chart
    page.goto(server + "/")
    rows = page.locator("li.event-row")
    assert rows.count() == len(events)
    first = rows.nth(0)
    assert first.locator(".date").inner_text() == (events[0]["date"] or "undated")
    assert first.locator(".sources").inner_text().startswith(f"{events[0]['n_sources']} source")
    assert page.locator("svg.chart rect.bar").count() == len({e["date"] for e in events if e["date"]})
    shot(page, "01-events")

    # open the event with the most independent sources
    busiest = max(events, key=lambda e: (e["n_sources"], e["id"]))
    page.locator(f'a.headline[href="/events/{busiest["id"]}"]').click()
    page.wait_for_url(f"**/events/{busiest['id']}")
    assert page.locator("h1").inner_text().startswith(busiest["headline"])
    assert page.locator("section.sources > ol > li").count() >= busiest["n_sources"]
    data = api(server, f"/api/events/{busiest['id']}")
    assert page.locator("section.timeline svg.chart circle").count() == len([t for t in data["timeline"] if t["date"]])
    assert page.locator("section.timeline li").count() == busiest["n_articles"]  # the undated ones listed too
    evidence = [f["evidence"] for s in data["sources"] for f in s["flags"]
                if f["evidence"] and not (s["copy_of"] and f["kind"] == "copy")]
    for text in evidence:  # flags show their evidence in the page, not only in a tooltip
        assert page.locator(".flag-evidence", has_text=text[:40]).first.is_visible()
    if data["date_line"] and data["date_line"]["n"]:
        line = page.locator("p.evidence").inner_text()
        assert line.startswith(f"Date: [{data['date_line']['n']}]") and data["date_line"]["article_id"] not in line
    shot(page, "02-event")

    # follow the first citation of the brief: the cited sentence is the page's target, highlighted
    link = page.locator("section.brief a.cite").first
    href = link.get_attribute("href")
    assert href and "#s-" in href
    link.click()
    page.wait_for_url(f"**{href}")
    anchor = href.split("#", 1)[1]
    start, end = (int(x) for x in anchor.split("-")[1:])
    article_id = href.split("/articles/", 1)[1].split("#")[0]
    text = api(server, f"/api/articles/{article_id}")["text"]
    target = page.locator(":target")
    assert target.get_attribute("id") == anchor
    assert target.inner_text() == text[start:end]
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 211, 61)", background  # the highlight colour of a targeted sentence
    assert target.is_visible()
    shot(page, "03-article-cited-sentence")

    # search from the header box, with a prefix: every hit highlighted, the count matches the API
    word = max(busiest["headline"].split(), key=len).strip(".,;:'\"()")
    prefix = word[:5].lower() + "*"
    page.fill('header input[name="q"]', prefix)
    page.press('header input[name="q"]', "Enter")
    page.wait_for_url("**/search?q=*")
    total = api(server, "/api/search?" + urllib.parse.urlencode({"q": prefix}))["total"]
    hits = page.locator("li.hit")
    assert hits.count() == min(total, 20) >= 1
    assert page.locator("p.meta").first.inner_text().startswith(f"{total} article")
    assert page.locator("li.hit mark").count() >= hits.count()
    shot(page, "04-search-prefix")
    watch.clean()


def test_search_pages_through_all_hits(reader, server: str) -> None:  # type: ignore[no-untyped-def]
    page, watch = reader
    word = "the"
    total = api(server, f"/api/search?q={word}&limit=200")["total"]
    page.goto(f"{server}/search?q={word}")
    seen = page.locator("li.hit").count()
    pages = 1
    while page.locator('a[rel="next"]').count():
        page.click('a[rel="next"]')
        page.wait_for_load_state()
        seen += page.locator("li.hit").count()
        pages += 1
    assert seen == total and pages == -(-total // 20)
    if pages > 1:
        shot(page, "05-search-last-page")
    watch.clean()


def test_follow_up_chain_and_filters(reader, server: str) -> None:  # type: ignore[no-untyped-def]
    page, watch = reader
    events = api(server, "/api/events")["events"]
    details = {e["id"]: api(server, f"/api/events/{e['id']}") for e in events}
    later = [eid for eid, d in details.items() if d["follow_up_chain"]]
    assert later, "the sample corpus has a follow-up (E2 of samples/README.md)"
    eid = later[0]
    earlier = details[eid]["follow_up_chain"][0]["id"]
    page.goto(f"{server}/events/{eid}")
    chain = page.locator("nav.follow-up")
    assert chain.is_visible() and "follows up" in chain.inner_text().lower()
    shot(page, "06-follow-up")
    chain.locator(f'a[href="/events/{earlier}"]').click()
    page.wait_for_url(f"**/events/{earlier}")
    assert page.locator("section.followed-by").locator(f'a[href="/events/{eid}"]').count() == 1

    # filter the list by a date range, then by a flag and an entity, from the form
    page.goto(server + "/")
    dated = sorted(e["date"] for e in events if e["date"])
    page.fill('input[name="date_from"]', dated[-1])
    page.fill('input[name="date_to"]', dated[-1])
    page.click('form.filters button[type="submit"]')
    page.wait_for_url("**date_from=*")
    want = [e for e in events if e["date"] == dated[-1]]
    assert page.locator("li.event-row").count() == len(want)
    assert f"{len(want)} of {len(events)} events match" in page.locator("p.meta").first.inner_text()
    shot(page, "07-filtered-by-date")
    page.click("a.clear")
    page.wait_for_url(server + "/")
    person = next(e["canonical"] for d in details.values() for e in d["entities"] if e["type"] == "person")
    page.fill('input[name="entity"]', person)
    page.click('form.filters button[type="submit"]')
    page.wait_for_url("**entity=*")
    with_person = api(server, "/api/events?" + urllib.parse.urlencode({"entity": person}))["matching"]
    assert 1 <= page.locator("li.event-row").count() == with_person < len(events) + 1
    # a bar of the chart filters to its day
    page.goto(server + "/")
    page.locator("svg.chart a").first.click()
    page.wait_for_url("**date_to=*")
    assert page.locator("li.event-row").count() >= 1
    watch.clean()


def test_injected_markup_and_script_links_never_run(reader, server: str) -> None:  # type: ignore[no-untyped-def]
    page, watch = reader
    page.add_init_script("window.__pwned = 0")
    hits = api(server, "/api/search?q=pilots&limit=50")["hits"]
    ids = {h["article_id"] for h in hits}
    assert len(ids) == len(HOSTILE), ids
    for aid in ids:
        page.goto(f"{server}/articles/{aid}")
        assert page.evaluate("window.__pwned") == 0
        links = page.locator("a.original")
        for i in range(links.count()):
            href = links.nth(i).get_attribute("href") or ""
            assert href.startswith("https://"), href
        page.locator("h1").hover()  # an injected onmouseover would fire here
        assert page.locator("h1").inner_text() == api(server, f"/api/articles/{aid}")["title"]  # shown as text
        assert page.locator("main img, main script, main svg[onload]").count() == 0
    shot(page, "08-hostile-article")
    for path in ("/search?q=pilots", "/"):
        page.goto(server + path)
        assert page.evaluate("window.__pwned") == 0
    # every event holding them, too, and the original links there
    for e in {h["event_id"] for h in hits if h["event_id"]}:
        page.goto(f"{server}/events/{e}")
        for href in page.locator("a.original").evaluate_all("els => els.map(a => a.getAttribute('href'))"):
            assert href.startswith("https://"), href
        assert page.evaluate("window.__pwned") == 0
    headers = urllib.request.urlopen(server + "/").headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    watch.clean()


def test_reader_uploads_a_file_and_sees_its_event(reader, server: str) -> None:  # type: ignore[no-untyped-def]
    page, watch = reader
    page.goto(server + "/upload")
    shot(page, "09-upload-form")
    page.set_input_files('input[type="file"]', str(UPLOAD))
    page.click('form.upload button[type="submit"]')
    page.wait_for_url("**/events/ev-*?added=1", timeout=120_000)
    event_id = page.url.rsplit("/", 1)[1].split("?")[0]
    assert "Castle Bridge" in page.locator("main").inner_text()
    assert page.locator(".notice").inner_text().startswith("Your upload added 1 article")
    shot(page, "10-uploaded-event")

    page.goto(server + "/")
    row = page.locator("li.event-row", has=page.locator(f'a.headline[href="/events/{event_id}"]'))
    assert row.count() == 1
    assert row.locator(".date").inner_text() == "2025-11-07"  # the dateline of the uploaded story
    assert row.locator(".sources").inner_text() == "1 source"
    watch.clean()


def test_pasted_text_joins_an_event_and_the_reader_sees_what_changed(reader, server: str, samples: Path) -> None:  # type: ignore[no-untyped-def]
    page, watch = reader
    events = api(server, "/api/events")["events"]
    target = max(events, key=lambda e: (e["n_sources"], e["id"]))
    page.goto(f"{server}/events/{target['id']}")  # the first visit: nothing to compare with
    assert page.locator("section.changes").count() == 0
    page.reload()
    assert "Nothing new since your last visit" in page.locator("section.changes").inner_text()
    time.sleep(1.1)  # stored times have whole seconds
    # another outlet's copy of one of its articles, pasted into the form
    source = api(server, f"/api/events/{target['id']}")["sources"][0]
    art = api(server, f"/api/articles/{source['id']}")
    page.goto(server + "/upload")
    page.fill('input[name="title"]', art["title"] + " (agency copy)")
    page.fill('textarea[name="text"]', art["text"])
    shot(page, "11-paste-form")
    page.click('form.upload button[type="submit"]')
    page.wait_for_url("**/events/ev-*?added=1", timeout=120_000)
    changes = page.locator("section.changes")
    assert "Since your last visit" in changes.inner_text() and "1 new article" in changes.inner_text()
    shot(page, "12-since-last-visit")
    watch.clean()


def test_dark_mode_and_the_api_guide(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, watch = _context(browser, server, color_scheme="dark")
    try:
        events = api(server, "/api/events")["events"]
        page.goto(f"{server}/events/{events[0]['id']}")
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        ink = page.evaluate("getComputedStyle(document.body).color")
        assert bg == "rgb(13, 17, 23)" and ink == "rgb(230, 237, 243)", (bg, ink)
        shot(page, "13-event-dark")
        page.goto(server + "/")
        shot(page, "14-events-dark")
        page.goto(server + "/docs")
        assert page.locator("h1").inner_text() == "API guide"
        assert page.locator("section.endpoint").count() >= 8
        shot(page, "15-docs")
        watch.clean()
    finally:
        context.close()


def test_reader_asks_an_event_a_question(reader, server: str) -> None:  # type: ignore[no-untyped-def]
    """The form under an event's brief, and a search hit's 'ask it' link: an answer of cited sentences."""
    page, watch = reader
    events = api(server, "/api/events")["events"]
    busiest = max(events, key=lambda e: (e["n_sources"], e["id"]))
    word = max(busiest["headline"].split(), key=len).strip(".,;:'\"()")
    question = f"What happened to {word}?"
    page.goto(server + f"/events/{busiest['id']}")
    page.fill('section.brief form.ask input[name="q"]', question)
    page.press('section.brief form.ask input[name="q"]', "Enter")
    page.wait_for_url(f"**/events/{busiest['id']}/ask?q=*")
    got = api(server, f"/api/events/{busiest['id']}/ask?" + urllib.parse.urlencode({"q": question}))
    assert got["answer"], "the event answers with sentences"
    items = page.locator("section.answer li")
    assert items.count() == len(got["answer"])
    for i, s in enumerate(got["answer"]):  # each sentence shown with a link per cited source
        assert items.nth(i).inner_text().startswith(s["text"])
        assert items.nth(i).locator("a.cite").count() == len({c["n"] for c in s["citations"]})
    assert page.locator("section.answer h2 q").inner_text() == question
    shot(page, "09-ask-an-event")
    link = items.first.locator("a.cite").first  # the citation opens the cited sentence
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")
    article_id = href.split("/articles/", 1)[1].split("#")[0]
    start, end = (int(x) for x in href.split("#", 1)[1].split("-")[1:])
    assert page.locator(":target").inner_text() == api(server, f"/api/articles/{article_id}")["text"][start:end]
    # from a search: each hit offers to ask its event the search words
    page.goto(server + "/search?" + urllib.parse.urlencode({"q": word}))
    ask = page.locator("li.hit a.ask").first
    ask.click()
    page.wait_for_url("**/ask?q=*")
    assert page.locator("section.answer li").count() >= 1
    watch.clean()
