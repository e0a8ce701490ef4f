"""The web app used as a person would: a real server process, Debian's chromium driven by Playwright.

Loads the sample corpus into a temporary store, starts ``newsdesk serve`` on a free loopback
port, then opens the events page, an event, follows a citation to the cited sentence, searches
and uploads a file. Screenshots go to artifacts/screenshots/ (look at them: they are the test's
record of what a reader sees).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_store import CHROMIUM, free_port, missing

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
UPLOAD = Path(__file__).resolve().parent / "fixtures" / "store" / "bridge-upload.txt"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_SECONDS = 60  # the server imports the pipeline; on 2 busy cores this can take a while


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Iterator[str]:
    if not any(samples.rglob("*.txt")):
        pytest.skip(f"{samples} has no articles")
    from newsdesk.store import ingest_paths, open_store

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    with open_store(db) as store:
        ingest_paths(store, [samples])
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
            proc.wait(timeout=10)
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


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_reader_reads_an_event_follows_a_citation_and_searches(page, server: str) -> None:  # type: ignore[no-untyped-def]
    import json

    with urllib.request.urlopen(server + "/api/events") as r:
        events = json.load(r)["events"]
    assert events, "the sample corpus produced events"

    # the events page: newest first, each with date, headline and number of sources
    page.goto(server + "/")
    rows = page.locator("li.event-row")
    assert rows.count() == len(events)
    first = rows.nth(0)
    assert first.locator(".date").inner_text() == (events[0]["date"] or "undated")
    assert first.locator(".sources").inner_text().startswith(f"{events[0]['n_sources']} source")
    shot(page, "01-events")

    # open the event with the most independent sources
    busiest = max(events, key=lambda e: (e["n_sources"], e["id"]))
    page.locator(f'a.headline[href="/events/{busiest["id"]}"]').click()
    page.wait_for_url(f"**/events/{busiest['id']}")
    assert page.locator("h1").inner_text().startswith(busiest["headline"])
    assert page.locator("section.sources li").count() >= busiest["n_sources"]
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
    with urllib.request.urlopen(f"{server}/api/articles/{article_id}") as r:
        text = json.load(r)["text"]
    target = page.locator(":target")
    assert target.get_attribute("id") == anchor
    assert target.inner_text() == text[start:end]
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 211, 61)", background  # the highlight colour of a targeted sentence
    assert target.is_visible()
    shot(page, "03-article-cited-sentence")

    # search from the header box
    word = max(busiest["headline"].split(), key=len).strip(".,;:'\"()")
    page.fill('header input[name="q"]', word)
    page.press('header input[name="q"]', "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 1
    assert page.locator("li.hit mark").count() >= 1
    shot(page, "04-search")


def test_reader_uploads_a_file_and_sees_its_event(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/upload")
    shot(page, "05-upload-form")
    page.set_input_files('input[type="file"]', str(UPLOAD))
    page.click('form.upload button[type="submit"]')
    page.wait_for_url("**/events/ev-*?added=1", timeout=60_000)
    event_id = page.url.rsplit("/", 1)[1].split("?")[0]
    assert "Castle Bridge" in page.locator("main").inner_text()
    assert page.locator(".notice").inner_text().startswith("Your upload added 1 article")
    shot(page, "06-uploaded-event")

    page.goto(server + "/")
    row = page.locator("li.event-row", has=page.locator(f'a.headline[href="/events/{event_id}"]'))
    assert row.count() == 1
    assert row.locator(".date").inner_text() == "2025-11-07"  # the dateline of the uploaded story
    assert row.locator(".sources").inner_text() == "1 source"
