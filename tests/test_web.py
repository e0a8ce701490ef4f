"""The web app in process (fastapi.testclient): pages, their JSON twins, escaping, uploads, OpenAPI.

Fixtures: tests/fixtures/store (team-written; see its README).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'newsdesk[web]'")

from fastapi.testclient import TestClient

from newsdesk.config import Config, StoreConfig
from newsdesk.serve import create_app
from newsdesk.store import ingest_paths, open_store

F = Path(__file__).resolve().parent / "fixtures" / "store"
CORPUS = [F / n for n in ("ferry-a.txt", "ferry-b.txt", "ferry-c.txt", "ferry-a-repost.txt", "library.txt", "script.txt")]


class _ById(HTMLParser):
    """The text inside the element with a given id (nested elements included), and every id seen."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target, self.depth, self.text, self.ids = target, 0, [], []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if self.depth:
            self.depth += 1
        elif a.get("id") == self.target:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def text_of(html: str, element_id: str) -> str:
    p = _ById(element_id)
    p.feed(html)
    assert element_id in p.ids, f"no element with id {element_id!r}"
    return "".join(p.text)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    with open_store(path) as store:
        ingest_paths(store, CORPUS)
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _ferry(client: TestClient) -> dict:  # type: ignore[type-arg]
    events = client.get("/api/events").json()["events"]
    return next(e for e in events if e["n_sources"] == 3)


# ------------------------------------------------------------------------------ events
def test_events_page_and_its_json_twin(client: TestClient) -> None:
    data = client.get("/api/events").json()
    events = data["events"]
    assert data["total"] == 3 and data["articles"] == 6
    assert [e["date"] for e in events] == ["2025-11-06", "2025-11-05", "2025-11-03"]  # newest first
    assert [e["n_sources"] for e in events] == [1, 1, 3]
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for e in events:
        assert f'href="/events/{e["id"]}"' in page.text
    # shown in the same order, with date and number of sources
    positions = [page.text.index(f'/events/{e["id"]}') for e in events]
    assert positions == sorted(positions)
    assert "3 sources · 4 articles" in page.text
    assert ">2025-11-03<" in page.text


def test_event_page_citations_open_the_cited_sentence(client: TestClient) -> None:
    ferry = _ferry(client)
    data = client.get(f"/api/events/{ferry['id']}").json()
    assert data["headline"] == ferry["headline"]
    assert data["brief"], "the brief has sentences"
    page = client.get(f"/events/{ferry['id']}").text
    checked = 0
    for sentence in data["brief"]:
        for c in sentence["citations"]:
            assert re.fullmatch(rf"/articles/{re.escape(c['article_id'])}#s-{c['start']}-{c['end']}", c["href"])
            assert f'href="{c["href"]}"' in page
            art = client.get(f"/api/articles/{c['article_id']}").json()
            cited = art["text"][c["start"] : c["end"]]
            article_page = client.get(c["href"].split("#")[0]).text
            assert text_of(article_page, c["href"].split("#")[1]) == cited
            checked += 1
    assert checked >= len(data["brief"])


def test_event_page_shows_sources_copies_and_timeline(client: TestClient) -> None:
    ferry = _ferry(client)
    data = client.get(f"/api/events/{ferry['id']}").json()
    sources = data["sources"]
    assert sum(s["independent"] for s in sources) == 3 and len(sources) == 4
    (copy,) = [s for s in sources if s["copy_of"]]
    assert copy["id"].startswith("ferry-a-repost") and copy["copy_of"].startswith("ferry-a-")
    assert [t["date"] for t in data["timeline"]] == ["2025-11-03", "2025-11-03", "2025-11-03", "2025-11-04"]
    page = client.get(f"/events/{ferry['id']}").text
    assert f"copy of [{copy['copy_of_n']}]" in page
    assert "<h2>Timeline</h2>" in page and "<h2>Sources</h2>" in page


def test_article_page_shows_kept_text_and_removed_chrome_with_reasons(client: TestClient) -> None:
    ferry = _ferry(client)
    repost = next(a for a in client.get(f"/api/events/{ferry['id']}").json()["sources"] if a["copy_of"])
    data = client.get(f"/api/articles/{repost['id']}").json()
    removed = [p for p in data["paragraphs"] if not p["kept"]]
    assert any("Share on Facebook" in p["text"] for p in removed) and all(p["reason"] for p in removed)
    assert data["event_id"] == ferry["id"] and data["duplicate_group"]["kind"] in ("exact", "near")
    page = client.get(f"/articles/{repost['id']}").text
    blocks = re.findall(r'<div class="removed"><span class="reason">(.*?)</span><p>(.*?)</p></div>', page, re.DOTALL)
    assert any("Share on Facebook" in text for _, text in blocks)
    assert all(reason.strip() for reason, _ in blocks)
    assert '<p class="kept">' in page and "Harbour master Elin Varga" in page


# ------------------------------------------------------------------------------ search
def test_search_page_and_json(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "grain hall"}).json()
    assert [h["article_id"].split("-")[0] for h in data["hits"]] == ["library"]
    assert data["hits"][0]["event_id"]
    page = client.get("/search", params={"q": "landing ramp"}).text
    assert "4 articles match" in page  # the three reports and the repost
    assert "<mark>landing ramp</mark>" in page or "<mark>landing</mark> <mark>ramp</mark>" in page
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert "0 articles match" in client.get("/search", params={"q": "zeppelin"}).text


# ---------------------------------------------------------------------------- escaping
def test_article_text_is_always_escaped(client: TestClient) -> None:
    events = client.get("/api/events").json()["events"]
    web = next(e for e in events if e["date"] == "2025-11-06")
    data = client.get(f"/api/events/{web['id']}").json()
    article_id = data["sources"][0]["id"]
    assert "<script>" in client.get(f"/api/articles/{article_id}").json()["title"]  # JSON keeps the text
    pages = [
        client.get(f"/events/{web['id']}").text,
        client.get(f"/articles/{article_id}").text,
        client.get("/search", params={"q": "pwned"}).text,
        client.get("/").text,
        client.get("/search", params={"q": '<script>alert("q")</script>'}).text,
    ]
    for page in pages:
        assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(" in pages[1]
    assert "&lt;script&gt;" in pages[4]  # the query itself is echoed escaped


# ----------------------------------------------------------------------------- uploads
def test_upload_form_ingests_and_redirects_to_the_event(tmp_path: Path) -> None:
    path = tmp_path / "up.db"
    with open_store(path) as store:
        ingest_paths(store, CORPUS[:2])
    with TestClient(create_app(str(path))) as c:
        assert 'enctype="multipart/form-data"' in c.get("/upload").text
        body = (F / "bridge-upload.txt").read_bytes()
        r = c.post("/upload", files={"files": ("bridge-upload.txt", body, "text/plain")}, follow_redirects=False)
        assert r.status_code == 303
        target = r.headers["location"]
        assert re.fullmatch(r"/events/ev-[0-9a-f]+\?added=1", target)
        assert "Castle Bridge" in c.get(target).text and "Your upload added 1 article" in c.get(target).text
        target = target.split("?")[0]
        assert target.removeprefix("/events/") in c.get("/").text

        # the JSON twin; the same file again adds nothing and points at the same event
        again = c.post("/api/upload", files={"files": ("bridge-upload.txt", body, "text/plain")}).json()
        assert again["added"] == [] and again["known"] == 1
        assert again["event_id"] == target.removeprefix("/events/")

        # a copy of a stored article joins its event
        repost = c.post("/api/upload", files={"files": ("ferry-a-repost.txt", (F / "ferry-a-repost.txt").read_bytes())})
        data = repost.json()
        assert repost.status_code == 200 and len(data["added"]) == 1 and data["joined_events"] == [data["event_id"]]


def test_upload_of_an_unreadable_file_says_why(client: TestClient) -> None:
    r = client.post("/api/upload", files={"files": ("notes.pdf", b"%PDF-1.4 not an article")})
    assert r.status_code == 422
    assert r.json()["event_id"] is None
    assert "unknown file type '.pdf'" in r.json()["skipped"][0]["reason"]
    page = client.post("/upload", files={"files": ("notes.pdf", b"%PDF-1.4 not an article")})
    assert page.status_code == 422 and "unknown file type" in page.text


def test_uploads_over_the_limit_get_a_clear_413(db: str) -> None:
    config = Config(store=StoreConfig(max_upload_bytes=10_000))
    big = b"word " * 30_000  # 150 kB, past the limit plus the multipart allowance
    with TestClient(create_app(db, config=config)) as c:
        r = c.post("/api/upload", files={"files": ("big.txt", big)})
        assert r.status_code == 413
        assert "Upload too large" in r.json()["detail"] and "10,000 bytes" in r.json()["detail"]
        page = c.post("/upload", files={"files": ("big.txt", big)})
        assert page.status_code == 413 and "over the limit of 10,000 bytes" in page.text

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
            yield b'--xx\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
            for _ in range(20):
                yield big[:10_000]
            yield b"\r\n--xx--\r\n"

        r = c.post("/api/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=xx"})
        assert r.status_code == 413 and "Upload too large" in r.json()["detail"]
        # under the limit is fine
        ok = c.post("/api/upload", files={"files": ("bridge-upload.txt", (F / "bridge-upload.txt").read_bytes())})
        assert ok.status_code == 200


# ------------------------------------------------------------------------------- misc
def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/search", "/api/upload",
    }
    assert "post" in spec["paths"]["/api/upload"] and "get" in spec["paths"]["/api/search"]


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/events/ev-nope").status_code == 404
    assert "There is no event" in client.get("/events/ev-nope").text
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/api/events/ev-nope").json() == {"detail": "no event 'ev-nope'"}
    assert client.get("/api/articles/nope").status_code == 404


def test_pages_load_no_external_assets(client: TestClient) -> None:
    ferry = _ferry(client)
    for url in ("/", f"/events/{ferry['id']}", "/search?q=ferry", "/upload"):
        html = client.get(url).text
        for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not attr.startswith(("http:", "https:", "//")), (url, attr)
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "url(" not in css.text and "@import" not in css.text


@pytest.mark.postgres
def test_pages_on_postgresql(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        ingest_paths(store, CORPUS[:3])
    with TestClient(create_app(postgres_url)) as c:
        (event,) = c.get("/api/events").json()["events"]
        assert event["n_sources"] == 3
        assert c.get(f"/events/{event['id']}").status_code == 200
        hits = c.get("/api/search", params={"q": "landing ramp"}).json()["hits"]
        assert len(hits) == 3 and all("\x02" in h["snippet"] for h in hits)
        assert "<mark>" in c.get("/search", params={"q": "landing ramp"}).text
