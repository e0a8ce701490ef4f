"""The web app in process (fastapi.testclient): pages, their JSON twins, escaping, uploads, OpenAPI.

Fixtures: tests/fixtures/store (team-written; see its README).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
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


def make_app(*args: Any, **kwargs: Any) -> Any:
    """The app, ingesting uploads in a thread (a worker process per test would cost seconds each;
    test_upload_form_ingests_and_redirects_to_the_event uses the worker process of the real server)."""
    kwargs.setdefault("isolate_writes", False)
    return create_app(*args, **kwargs)


LOCAL = "http://127.0.0.1"  # the app answers loopback host names only (unless told otherwise)


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(make_app(db), base_url=LOCAL) as c:
        yield c


def csrf(c: TestClient) -> dict[str, str]:
    """The header an API write needs (the token of the client's CSRF cookie)."""
    return {"X-CSRF-Token": c.get("/api/csrf").json()["csrf_token"]}


def form_token(c: TestClient, url: str = "/upload") -> str:
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', c.get(url).text)
    assert m, "the form carries a CSRF token"
    return m.group(1)


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
    assert client.get("/api/search", params={"q": ""}).status_code == 400
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
    with TestClient(make_app(str(path), isolate_writes=True), base_url=LOCAL) as c:
        assert 'enctype="multipart/form-data"' in c.get("/upload").text
        body = (F / "bridge-upload.txt").read_bytes()
        r = c.post("/upload", files={"files": ("bridge-upload.txt", body, "text/plain")},
                   data={"csrf_token": form_token(c)}, follow_redirects=False)
        assert r.status_code == 303
        target = r.headers["location"]
        assert re.fullmatch(r"/events/ev-[0-9a-f]+\?added=1", target)
        assert "Castle Bridge" in c.get(target).text and "Your upload added 1 article" in c.get(target).text
        target = target.split("?")[0]
        assert target.removeprefix("/events/") in c.get("/").text

        # the JSON twin; the same file again adds nothing and points at the same event
        again = c.post("/api/upload", files={"files": ("bridge-upload.txt", body, "text/plain")}, headers=csrf(c)).json()
        assert again["added"] == [] and again["known"] == 1
        assert again["event_id"] == target.removeprefix("/events/")

        # a copy of a stored article joins its event
        repost = c.post("/api/upload", files={"files": ("ferry-a-repost.txt", (F / "ferry-a-repost.txt").read_bytes())},
                        headers=csrf(c))
        data = repost.json()
        assert repost.status_code == 200 and len(data["added"]) == 1 and data["joined_events"] == [data["event_id"]]


def test_upload_of_an_unreadable_file_says_why(client: TestClient) -> None:
    r = client.post("/api/upload", files={"files": ("notes.pdf", b"%PDF-1.4 not an article")}, headers=csrf(client))
    assert r.status_code == 422
    assert r.json()["event_id"] is None
    assert "unknown file type '.pdf'" in r.json()["skipped"][0]["reason"]
    assert r.json()["skipped"][0]["path"] == "upload/notes.pdf"
    page = client.post("/upload", files={"files": ("notes.pdf", b"%PDF-1.4 not an article")},
                       data={"csrf_token": form_token(client)})
    assert page.status_code == 422 and "unknown file type" in page.text


def test_uploads_over_the_limit_get_a_clear_413(db: str) -> None:
    config = Config(store=StoreConfig(max_upload_bytes=10_000))
    big = b"word " * 30_000  # 150 kB, past the limit plus the multipart allowance
    with TestClient(make_app(db, config=config), base_url=LOCAL) as c:
        h = csrf(c)
        r = c.post("/api/upload", files={"files": ("big.txt", big)}, headers=h)
        assert r.status_code == 413
        assert "Upload too large" in r.json()["detail"] and "10,000 bytes" in r.json()["detail"]
        page = c.post("/upload", files={"files": ("big.txt", big)}, headers=h)
        assert page.status_code == 413 and "over the limit of 10,000 bytes" in page.text

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
            yield b'--xx\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
            for _ in range(20):
                yield big[:10_000]
            yield b"\r\n--xx--\r\n"

        r = c.post("/api/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=xx", **h})
        assert r.status_code == 413 and "Upload too large" in r.json()["detail"]
        # under the limit is fine
        ok = c.post("/api/upload", files={"files": ("bridge-upload.txt", (F / "bridge-upload.txt").read_bytes())}, headers=h)
        assert ok.status_code == 200


# ------------------------------------------------------------------------------- misc
def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/events", "/api/events/{event_id}", "/api/events/{event_id}/ask", "/api/articles/{article_id}", "/api/search", "/api/upload",
        "/api/timeline", "/api/filters", "/api/csrf", "/feed.xml",
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
    for url in ("/", f"/events/{ferry['id']}", "/search?q=ferry", "/upload", "/docs"):
        html = client.get(url).text
        for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not attr.startswith(("http:", "https:", "//")), (url, attr)
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "url(" not in css.text and "@import" not in css.text


@pytest.mark.postgres
def test_pages_on_postgresql(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        ingest_paths(store, CORPUS[:3])
    with TestClient(make_app(postgres_url), base_url=LOCAL) as c:
        (event,) = c.get("/api/events").json()["events"]
        assert event["n_sources"] == 3
        assert c.get(f"/events/{event['id']}").status_code == 200
        hits = c.get("/api/search", params={"q": "landing ramp"}).json()["hits"]
        assert len(hits) == 3 and all("\x02" in h["snippet"] for h in hits)
        assert "<mark>" in c.get("/search", params={"q": "landing ramp"}).text


# ------------------------------------------------------------------------------ security
JS_URLS = [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
    "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "\x01javascript:alert(1)", "//evil.example/x",
]
_STORY = (
    "OSLO, 4 November 2025 - The harbour office in the town of Veld said on Tuesday that story number {n} about "
    "the winter timetable of the coastal bus had been checked by two editors, who found the stops, the times and "
    "the names of the drivers all correct. The office said the buses would run every hour from the square to the "
    "pier and back until the end of March, and that tickets bought in the autumn would still be valid."
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Articles whose url fields are script links (and one real address)."""
    import json

    folder = tmp_path_factory.mktemp("hostile")
    lines = [{"title": f"Bus timetable {i}", "text": _STORY.format(n=i), "url": u, "source": "veld-post"}
             for i, u in enumerate([*JS_URLS, "https://news.example/ok"])]
    (folder / "links.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    path = str(folder / "hostile.db")
    with open_store(path) as store:
        ingest_paths(store, [folder / "links.jsonl"])
    return path


def test_only_http_urls_become_links(hostile_db: str) -> None:
    with TestClient(make_app(hostile_db), base_url=LOCAL) as c:
        events = c.get("/api/events", params={"limit": 100}).json()["events"]
        ids = [s["id"] for e in events for s in c.get(f"/api/events/{e['id']}").json()["sources"]]
        assert len(ids) == len(JS_URLS) + 1
        links = []
        for aid in ids:
            page = c.get(f"/articles/{aid}").text
            links += re.findall(r'<a class="original" href="([^"]*)"', page)
            for e in events:
                links += re.findall(r'<a class="original" href="([^"]*)"', c.get(f"/events/{e['id']}").text)
        assert links and set(links) == {"https://news.example/ok"}
        for e in events:
            assert "javascript:" not in c.get(f"/events/{e['id']}").text.lower().replace("address: javascript", "")


def test_every_answer_has_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/search?q=ferry", "/upload", "/api/events", "/docs", "/feed.xml", "/events/ev-nope",
                "/static/style.css"):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp
        assert "'unsafe-inline'" not in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "same-origin"
    for url in ("/", "/upload", "/docs"):
        html = client.get(url).text
        assert "<script" not in html and not re.search(r"<[^>]+\son\w+=", html)  # no script, no inline handlers


def test_only_allowed_host_names_are_answered(db: str) -> None:
    with TestClient(make_app(db), base_url="http://rebind.attacker.example") as c:
        r = c.get("/api/events")
        assert r.status_code == 400 and "--allow-host rebind.attacker.example" in r.json()["detail"]
    for base in ("http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"):
        with TestClient(make_app(db), base_url=base) as c:
            assert c.get("/api/events").status_code == 200, base
    with TestClient(make_app(db, allow_hosts=("desk.example.org",)), base_url="http://desk.example.org") as c:
        assert c.get("/").status_code == 200


def test_writes_need_the_csrf_token_of_their_cookie(tmp_path: Path) -> None:
    path = str(tmp_path / "csrf.db")
    open_store(path).close()
    body = {"files": ("bridge-upload.txt", (F / "bridge-upload.txt").read_bytes(), "text/plain")}
    with TestClient(make_app(path), base_url=LOCAL) as c:
        no_token = c.post("/upload", files=body, follow_redirects=False)
        assert no_token.status_code == 403 and "CSRF" in no_token.text
        assert c.post("/upload", files=body, data={"csrf_token": "0" * 64}).status_code == 403
        assert c.post("/api/upload", files=body).status_code == 403
        # a cross-site form post (the browser names its origin) is refused even with a token
        token = form_token(c)
        cross = c.post("/upload", files=body, data={"csrf_token": token}, headers={"Origin": "http://evil.example"})
        assert cross.status_code == 403
        assert open_store(path).counts()["articles"] == 0  # nothing was ingested
        # another browser (another cookie) cannot reuse this token
        with TestClient(make_app(path), base_url=LOCAL) as other:
            other.get("/upload")
            assert other.post("/upload", files=body, data={"csrf_token": token}).status_code == 403
        ok = c.post("/upload", files=body, data={"csrf_token": token}, headers={"Origin": LOCAL},
                    follow_redirects=False)
        assert ok.status_code == 303


def test_a_token_guards_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "token.db")
    open_store(path).close()
    body = {"files": ("bridge-upload.txt", (F / "bridge-upload.txt").read_bytes(), "text/plain")}
    secret = "s3cret-token-for-tests"
    with TestClient(make_app(path, token=secret), base_url=LOCAL) as c:
        assert 'name="token"' in c.get("/upload").text
        r = c.post("/api/upload", files=body, headers=csrf(c))  # a CSRF token alone is not enough
        assert r.status_code == 401 and "access token" in r.json()["detail"]
        bad = c.post("/api/upload", files=body, headers={"Authorization": "Bearer wrong"})
        assert bad.status_code == 401
        page = c.post("/upload", files=body, data={"csrf_token": form_token(c), "token": secret}, follow_redirects=False)
        assert page.status_code == 303
        r = c.post("/api/upload", files=body, headers={"Authorization": f"Bearer {secret}"})
        assert r.status_code == 200 and r.json()["known"] == 1
        assert c.get("/api/events").status_code == 200  # reads need no token


def test_serve_refuses_a_network_address_without_a_token(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from newsdesk.cli import main

    assert main(["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err


def test_upload_names_are_unique_and_safe(tmp_path: Path) -> None:
    path = str(tmp_path / "names.db")
    open_store(path).close()
    a = (F / "ferry-a.txt").read_bytes()
    b = (F / "library.txt").read_bytes()
    long_name = "x" * 300 + ".txt"
    with TestClient(make_app(path), base_url=LOCAL) as c:
        h = csrf(c)
        r = c.post("/api/upload", files=[("files", ("story.txt", a)), ("files", ("story.txt", b)),
                                         ("files", (long_name, (F / "ferry-b.txt").read_bytes())),
                                         ("files", ("../../etc/passwd.txt", (F / "ferry-c.txt").read_bytes()))],
                   headers=h)
        assert r.status_code == 200, r.text
        assert len(r.json()["added"]) == 4  # two files named alike are both read
        arts = [c.get(f"/api/articles/{x}").json() for x in r.json()["added"]]
        paths = sorted(x["origin"]["path"] for x in arts)
        assert paths[:2] == ["upload/passwd.txt", "upload/story.txt"] and paths.count("upload/story.txt") == 2
        assert all(len(p.encode()) <= 130 for p in paths)
        bad = c.post("/api/upload", files={"files": ("broken.txt.gz", b"\x1f\x8b\x08\x00garbage")}, headers=h)
        assert bad.status_code == 422
        text = bad.text
        assert "/tmp" not in text and "newsdesk-upload-" not in text


def test_errors_show_no_server_internals(client: TestClient) -> None:
    r = client.get("/api/events/ev-nope")
    assert r.status_code == 404
    page = client.get("/articles/" + "a" * 5000)
    assert page.status_code == 404 and "Traceback" not in page.text


# ------------------------------------------------------------------------ search limits
def test_search_counts_pages_and_prefixes(client: TestClient) -> None:
    all_hits = client.get("/api/search", params={"q": "ferry", "limit": 200}).json()
    total = all_hits["total"]
    assert total == len(all_hits["hits"]) >= 3
    one = client.get("/api/search", params={"q": "ferry", "limit": 1, "offset": 1}).json()
    assert one["total"] == total and [h["article_id"] for h in one["hits"]] == [all_hits["hits"][1]["article_id"]]
    assert client.get("/api/search", params={"q": "harbo"}).json()["total"] == 0
    prefix = client.get("/api/search", params={"q": "harbo*"}).json()
    assert prefix["total"] >= 3 and all("\x02" in h["snippet"] for h in prefix["hits"])
    page = client.get("/search", params={"q": "harbo*"}).text
    assert f"{prefix['total']} articles match" in page and "<mark>" in page
    either = client.get("/api/search", params={"q": "zeppelin OR library"}).json()
    assert either["total"] >= 1


def test_search_paging_on_the_page(tmp_path: Path) -> None:
    path = str(tmp_path / "many.db")
    with open_store(path) as store:
        ingest_paths(store, CORPUS)
    with TestClient(make_app(path), base_url=LOCAL) as c:
        from newsdesk.serve import app as app_module

        per = app_module.HITS_PER_PAGE
        total = c.get("/api/search", params={"q": "the", "limit": 200}).json()["total"]
        page1 = c.get("/search", params={"q": "the"}).text
        assert f"{total} articles match" in page1
        if total > per:  # pragma: no cover - the fixture corpus has fewer articles than a page
            assert 'rel="next"' in page1


@pytest.mark.parametrize("params,needle", [
    ({"q": "word " * 400}, "the limit is 500"),
    ({"q": " ".join(f"w{i}" for i in range(40))}, "the limit is 32"),
    ({"q": "ferry", "limit": 0}, "limit"),
    ({"q": "ferry", "limit": 10**6}, "limit"),
    ({"q": "ferry", "offset": 2**63}, "offset"),
    ({"q": "ferry", "offset": -1}, "offset"),
    ({"q": "ferry", "limit": "ten"}, "limit"),
])
def test_bad_searches_are_400_with_the_reason(client: TestClient, params: dict, needle: str) -> None:  # type: ignore[type-arg]
    r = client.get("/api/search", params=params)
    assert r.status_code == 400, r.text
    assert needle in r.json()["detail"]
    if "q" in params and "limit" not in params and "offset" not in params:
        page = client.get("/search", params=params)
        assert page.status_code == 400 and needle in page.text


@pytest.mark.parametrize("url", [
    "/?page=99999999999999999999", "/?page=0", "/api/events?offset=9223372036854775808", "/api/events?limit=0",
    "/?date_from=yesterday", "/api/events?date_to=2025-13", "/search?q=ferry&page=10000000000",
    "/api/search?q=a%00b", "/events/ev-1%00", "/search?q=%00", "/?site=a%00b",
])
def test_bad_paging_filters_and_nul_bytes_are_400(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400, (url, r.status_code, r.text[:300])


def test_a_search_over_its_time_limit_is_stopped(db: str) -> None:
    from newsdesk.store import queries

    with open_store(db) as store:
        with pytest.raises(queries.QueryTimeout, match="longer than its limit"):
            queries.search_page(store, "ferry OR storm OR island OR pier", limit=10, offset=0, max_chars=500,  # type: ignore[arg-type]
                                max_terms=32, seconds=1e-9)
        # and the connection still works afterwards
        assert queries.search_page(store, "ferry", limit=10, offset=0, max_chars=500, max_terms=32,  # type: ignore[arg-type]
                                   seconds=5).total >= 3
    config = Config(store=StoreConfig(search_seconds=1e-9))
    with TestClient(make_app(db, config=config), base_url=LOCAL) as c:
        r = c.get("/api/search", params={"q": "ferry OR storm OR island OR pier"})
        assert r.status_code == 400 and "longer than its limit" in r.json()["detail"]


def test_fts_syntax_in_a_search_is_just_words(client: TestClient) -> None:
    for q in ('"unclosed', "NEAR(a b)", "title:ferry", "ferry AND", "* OR", "^ferry", "a:b:c", "(((", "ferry -storm"):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)


# --------------------------------------------------------------------- events page, feed
def test_events_filters_and_their_timeline(client: TestClient) -> None:
    every = client.get("/api/events").json()
    assert every["matching"] == every["total"] == 3
    one_day = client.get("/api/events", params={"date_from": "2025-11-05", "date_to": "2025-11-05"}).json()
    assert [e["date"] for e in one_day["events"]] == ["2025-11-05"] and one_day["matching"] == 1
    later = client.get("/api/events", params={"date_from": "2025-11-04"}).json()
    assert [e["date"] for e in later["events"]] == ["2025-11-06", "2025-11-05"]
    facets = client.get("/api/filters").json()
    assert "en" in facets["languages"] and "copy" in facets["flags"]
    flagged = client.get("/api/events", params={"flag": "copy"}).json()["events"]
    assert [e["n_sources"] for e in flagged] == [3]  # only the ferry event has a copy
    assert client.get("/api/events", params={"language": "en"}).json()["matching"] == 3
    assert client.get("/api/events", params={"language": "xx"}).json()["matching"] == 0
    assert client.get("/api/events", params={"site": "nowhere.example"}).json()["matching"] == 0
    ferry = _ferry(client)
    names = [e["canonical"] for e in client.get(f"/api/events/{ferry['id']}").json()["entities"]]
    if names:  # the facts stage names people and places
        hit = client.get("/api/events", params={"entity": names[0].lower()}).json()["events"]
        assert ferry["id"] in [e["id"] for e in hit]
    assert client.get("/api/events", params={"entity": "Nobody Anywhere"}).json()["matching"] == 0
    # the page: a form with the filters, the matching count, a server-drawn SVG chart linking to days
    page = client.get("/", params={"date_from": "2025-11-04"}).text
    assert 'name="date_from" value="2025-11-04"' in page and "2 of 3 events match" in page
    full = client.get("/").text
    assert "<svg" in full and full.count('class="bar"') == 3
    assert 'href="/?date_from=2025-11-03&amp;date_to=2025-11-03"' in full
    days = client.get("/api/timeline").json()["days"]
    assert [d["date"] for d in days] == ["2025-11-03", "2025-11-05", "2025-11-06"]


def test_event_page_shows_flag_evidence_date_source_and_timeline_chart(client: TestClient) -> None:
    ferry = _ferry(client)
    data = client.get(f"/api/events/{ferry['id']}").json()
    page = client.get(f"/events/{ferry['id']}").text
    flagged = [(s, f) for s in data["sources"] for f in s["flags"] if f["evidence"]
               and not (s["copy_of"] and f["kind"] == "copy")]  # a copy says "copy of [n]" instead
    assert any(s["copy_of"] for s in data["sources"]) and "copy of [" in page
    for _, f in flagged:
        assert f'<span class="flag-evidence">{f["evidence"]}' in page.replace("&#39;", "'").replace("&#34;", '"')
    line = data["date_line"]
    assert line and line["article_id"] in {s["id"] for s in data["sources"]}
    assert f"Date: <a href=\"/articles/{line['article_id']}\">[{line['n']}]" in page
    assert line["article_id"] + ":" not in page.split("Date:")[1][:200]  # the id is not shown as text
    assert page.count('<circle class="dot') == len(data["sources"])


def test_follow_up_chain_both_ways(tmp_path: Path) -> None:
    import dataclasses

    path = str(tmp_path / "chain.db")
    with open_store(path) as store:
        ingest_paths(store, CORPUS)
        evs = sorted(store.events([e.id for e in store.list_events()]).values(), key=lambda e: e.date or "")
        first, second, third = evs
        with store.transaction():
            store.put_events([dataclasses.replace(second, follow_up_of=first.id, follow_up_evidence="shares Lisk Island"),
                              dataclasses.replace(third, follow_up_of=second.id, follow_up_evidence="shares Harwick")],
                             stale=False)
    with TestClient(make_app(path), base_url=LOCAL) as c:
        data = c.get(f"/api/events/{third.id}").json()
        assert [e["id"] for e in data["follow_up_chain"]] == [second.id, first.id]
        page = c.get(f"/events/{third.id}").text
        assert "Follows up" in page and f'href="/events/{second.id}"' in page and "shares Harwick" in page
        assert page.index(f"/events/{second.id}") < page.index(f"/events/{first.id}")
        back = c.get(f"/events/{first.id}").text
        assert "Followed up by" in back and f'href="/events/{second.id}"' in back
        assert [e["id"] for e in c.get(f"/api/events/{first.id}").json()["followed_by"]] == [second.id]


def test_event_page_says_what_changed_since_the_last_visit(tmp_path: Path) -> None:
    import time

    path = str(tmp_path / "visit.db")
    with open_store(path) as store:
        ingest_paths(store, CORPUS[:2])
    with TestClient(make_app(path), base_url=LOCAL) as c:
        (event,) = c.get("/api/events").json()["events"]
        first = c.get(f"/events/{event['id']}").text
        assert "Since your last visit" not in first and "Nothing new since" not in first
        assert "Nothing new since your last visit" in c.get(f"/events/{event['id']}").text
        key = c.get(f"/api/events/{event['id']}").json()["visit_key"]
        time.sleep(1.1)  # stored times have whole seconds: the visit is after the first articles...
        visit = int(time.time())
        time.sleep(1.1)  # ...and before the next one
        c.cookies.clear()
        c.cookies.set("newsdesk_seen", f"{key}:{visit}")
        r = c.post("/api/upload", files={"files": ("ferry-c.txt", (F / "ferry-c.txt").read_bytes())}, headers=csrf(c))
        assert r.json()["joined_events"] == [r.json()["event_id"]], r.json()
        (new_id,) = r.json()["added"]
        grown = r.json()["event_id"]  # the event has a new id now that it has another article
        assert c.get(f"/api/events/{grown}").json()["visit_key"] == key
        page = c.get(f"/events/{grown}").text
        assert "Since your last visit" in page and "1 new article" in page
        assert f'href="/articles/{new_id}"' in page.split("Since your last visit")[1].split("</section>")[0]
        # "new" marks what only the new article states; what the reader has read and it states too is
        # "+ new source", never "new"
        brief = c.get(f"/api/events/{grown}").json()["brief"]
        items = page.split('<section class="brief"')[1].split("</ul>")[0].split("<li")[1:]
        assert len(items) == len(brief)
        for li, s in zip(items, brief):
            ids = {x["article_id"] for x in s["citations"]}
            assert ('class="new-badge"' in li) == (ids == {new_id}), (li, ids)
            assert ('class="also-badge"' in li) == (new_id in ids and ids != {new_id}), (li, ids)
        assert any('class="also-badge"' in li or 'class="new-badge"' in li for li in items)
        assert "Nothing new since your last visit" in c.get(f"/events/{grown}").text


def test_atom_feed_of_events(client: TestClient) -> None:
    import xml.etree.ElementTree as ET

    r = client.get("/feed.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(r.content)
    entries = root.findall("a:entry", ns)
    events = client.get("/api/events").json()["events"]
    assert len(entries) == len(events)
    assert {e.find("a:title", ns).text for e in entries} == {e["headline"] for e in events}  # type: ignore[union-attr]
    links = {e.find("a:link", ns).get("href") for e in entries}  # type: ignore[union-attr]
    assert links == {f"{LOCAL}/events/{e['id']}" for e in events}
    for e in entries:
        assert e.find("a:updated", ns) is not None and e.find("a:id", ns).text.startswith("tag:")  # type: ignore[union-attr]
    script = [e for e in entries if "<script" in (e.find("a:content", ns).text or "")]  # type: ignore[union-attr]
    assert all("&lt;script" in (e.find("a:content", ns).text or "") for e in script)  # type: ignore[union-attr]
    one = ET.fromstring(client.get("/feed.xml", params={"date_from": "2025-11-06"}).content)
    assert len(one.findall("a:entry", ns)) == 1


def test_docs_work_offline(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    for path in ("/api/events", "/api/search", "/api/upload", "/feed.xml"):
        assert f"<code>{path}</code>" in r.text
    assert "maximum 200" in r.text  # limits are listed
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"


def test_dark_mode_stylesheet(client: TestClient) -> None:
    css = client.get("/static/style.css").text
    assert "@media (prefers-color-scheme: dark)" in css
    dark = css.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]
    for var in ("--ink", "--paper", "--accent", "--mark", "--flag"):
        assert var + ":" in dark


def test_upload_pasted_text(tmp_path: Path) -> None:
    path = str(tmp_path / "paste.db")
    open_store(path).close()
    text = (F / "bridge-upload.txt").read_text(encoding="utf-8")
    with TestClient(make_app(path), base_url=LOCAL) as c:
        r = c.post("/upload", data={"text": text, "csrf_token": form_token(c)}, follow_redirects=False)
        assert r.status_code == 303, r.text
        assert "Castle Bridge" in c.get(r.headers["location"]).text
        empty = c.post("/upload", data={"csrf_token": form_token(c)})
        assert empty.status_code == 400 and "Nothing to add" in empty.text
        bad = c.post("/api/upload", data={"url": "javascript:alert(1)"}, headers=csrf(c))
        assert bad.status_code == 400 and "not an http" in bad.json()["detail"]


def test_upload_by_url(tmp_path: Path) -> None:
    import http.server
    import threading

    pytest.importorskip("newsdesk.ingest.fetch", reason="URL reading (ingest/fetch.py) is not there yet")
    page = ("<html><head><title>Castle Bridge reopens</title></head><body><article><h1>Castle Bridge reopens</h1>"
            + "".join(f"<p>{p}</p>" for p in (F / "bridge-upload.txt").read_text(encoding="utf-8").split("\n\n")[1:])
            + "</article></body></html>").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/story.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)
            else:
                self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        path = str(tmp_path / "url.db")
        open_store(path).close()
        config = Config().replace("ingest", cache_dir=str(tmp_path / "cache"), fetch_delay=0.0)
        with TestClient(make_app(path, config=config), base_url=LOCAL) as c:
            url = f"http://127.0.0.1:{httpd.server_port}/story.html"
            r = c.post("/api/upload", data={"url": url}, headers=csrf(c))
            assert r.status_code == 200, r.text
            assert "Castle Bridge" in c.get(f"/events/{r.json()['event_id']}").text
    finally:
        httpd.shutdown()


# ------------------------------------------------------------------------ concurrency
def test_reads_do_not_wait_for_a_writer(db: str) -> None:
    """A write lock held by another process (an ingest) does not block pages; an upload waits for it."""
    import sqlite3
    import threading
    import time

    with TestClient(make_app(db), base_url=LOCAL) as c:
        h = csrf(c)
        other = sqlite3.connect(db, isolation_level=None, timeout=1)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            t0 = time.monotonic()
            assert c.get("/").status_code == 200 and c.get("/api/search", params={"q": "ferry"}).status_code == 200
            assert time.monotonic() - t0 < 5
            result: dict[str, int] = {}

            def upload() -> None:
                body = (F / "bridge-upload.txt").read_bytes()
                result["status"] = c.post("/api/upload", files={"files": ("bridge-upload.txt", body)}, headers=h).status_code

            th = threading.Thread(target=upload)
            th.start()
            time.sleep(1.5)
        finally:
            other.execute("ROLLBACK")
            other.close()
        th.join(120)
        assert result["status"] == 200


def test_pool_gives_each_reader_its_own_connection(db: str) -> None:
    from newsdesk.serve.pool import StorePool

    pool = StorePool(db, 3)
    with pool.borrow() as a, pool.borrow() as b:
        assert a is not b and a._conn is not b._conn  # type: ignore[attr-defined]
        assert a._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # type: ignore[attr-defined]
        assert a._conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0  # type: ignore[attr-defined]
    pool.close()


def test_slow_clients_are_cut_off(db: str) -> None:
    """A connection that never finishes its request headers is closed after client_seconds."""
    import socket
    import threading
    import time

    import uvicorn
    from conftest_store import free_port

    from newsdesk.serve.server import protocol_class

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(db), host="127.0.0.1", port=port, log_level="warning",
                                           http=protocol_class(1.0), lifespan="off"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        silent = socket.create_connection(("127.0.0.1", port))
        trickle = socket.create_connection(("127.0.0.1", port))
        trickle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
        for s in (silent, trickle):
            s.settimeout(5)
        t0 = time.monotonic()
        assert silent.recv(100) == b"" and trickle.recv(100) == b""  # closed by the server
        assert time.monotonic() - t0 < 4
        ok = socket.create_connection(("127.0.0.1", port))
        ok.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        ok.settimeout(10)
        assert ok.recv(20).startswith(b"HTTP/1.1 200")
        for s in (silent, trickle, ok):
            s.close()
    finally:
        server.should_exit = True
        th.join(10)


def test_kept_answers_are_served_stale_only_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule itself: an answer of the generation before a write may be served for stale_seconds
    after the write was seen (and is then remade in the background), never after; never to the
    browser that wrote; concurrent requests for one address share one computation."""
    import asyncio
    import time
    import types

    from newsdesk.serve import cache
    from newsdesk.serve.cache import Answers, Generations, wrote_after

    clock = [1000.0]  # the cache's monotonic clock, moved by hand (no sleeps to race a busy machine)
    monkeypatch.setattr(cache, "time", types.SimpleNamespace(monotonic=lambda: clock[0], time=time.time))
    store_gen = {"value": "g1"}
    made: list[str] = []

    def make(gen: str) -> bytes:
        made.append(gen)
        return f"data of {store_gen['value']}".encode()

    async def scenario() -> None:
        gens = Generations(lambda: store_gen["value"], every=60.0)
        answers = Answers(gens, size=8, stale_seconds=0.4)
        first = await asyncio.gather(*(answers.answer("/a?", make, ctype=b"text/plain") for _ in range(5)))
        assert made == ["g1"] and all(e is first[0] for e in first)  # one computation for five requests
        entry = first[0]
        assert answers.usable(entry, gens.value, 0) == (True, False) and entry.etag
        store_gen["value"] = "g2"  # a write
        await gens.check()
        assert answers.usable(entry, gens.value, 0) == (True, False)  # stale, served; made < 0.2 s ago: not yet remade
        assert answers.usable(entry, gens.value, int(time.time() * 1e6) + 1) == (False, False)  # never to its writer
        clock[0] += 0.22
        assert answers.usable(entry, gens.value, 0) == (True, True)  # stale, served, remade now
        clock[0] += 0.22
        assert answers.usable(entry, gens.value, 0) == (False, False)  # past the bound: never served
        again = await answers.answer("/a?", make, ctype=b"text/plain")
        assert again.body == b"data of g2" and again.gen == "g2" and again.etag != entry.etag
        answers.close()
        small = Answers(gens, size=8, stale_seconds=0.4, max_bytes=25)  # a budget in bytes, oldest used go first
        for key in ("/x?", "/y?", "/z?"):
            await small.answer(key, make, ctype=b"text/plain")  # 12 bytes each
        assert small.get("/x?") is None and small.get("/y?") is not None and small.get("/z?") is not None
        small.close()

    asyncio.run(scenario())
    assert wrote_after("a=1; newsdesk_wrote=1700000000000000; b=2") == 1700000000000000
    assert wrote_after("newsdesk_wrote=junk") == 0 and wrote_after("") == 0


def test_kept_pages_show_a_write_within_the_staleness_bound(tmp_path: Path) -> None:
    """After a write, pages made before it are served at most stale_seconds (+ GEN_WAIT_SECONDS)
    longer; the uploader sees its own write at once; a kept answer has an ETag (304) and
    gzip; a reader never gets another reader's "since your last visit" note."""
    import time

    from newsdesk.serve.cache import GEN_WAIT_SECONDS

    path = str(tmp_path / "stale.db")
    with open_store(path) as store:
        ingest_paths(store, CORPUS[:2])
    stale = 1.0
    bound = stale + GEN_WAIT_SECONDS + 1.0  # + one generation read and the refresh itself, on a busy machine
    config = Config().replace("store", stale_seconds=stale)
    with TestClient(make_app(path, config=config), base_url=LOCAL) as c:
        before = c.get("/api/events").json()["articles"]
        for _ in range(2):  # kept, then served before routing
            page = c.get("/api/events")
        assert page.headers["etag"] and c.get("/api/events", headers={"If-None-Match": page.headers["etag"]}).status_code == 304
        plain = c.get("/", headers={"Accept-Encoding": "identity"})  # made and kept
        zipped = c.get("/", headers={"Accept-Encoding": "gzip"})
        assert zipped.headers.get("content-encoding") == "gzip" and zipped.text == plain.text  # httpx decodes it
        plain = c.get("/", headers={"Accept-Encoding": "identity"})  # now from the fast path too
        assert plain.headers["etag"] != zipped.headers["etag"] and zipped.headers["etag"].endswith('-gz"')

        # the uploader: its next pages show the upload at once (its newsdesk_wrote cookie)
        r = c.post("/api/upload", files={"files": ("ferry-c.txt", (F / "ferry-c.txt").read_bytes())}, headers=csrf(c))
        assert r.status_code == 200 and "newsdesk_wrote" in r.headers["set-cookie"]
        assert c.get("/api/events").json()["articles"] == before + 1
        event = r.json()["event_id"]
        assert "Since your last visit" not in c.get(f"/events/{event}").text  # first visit: the shared page

        # a reader without that cookie, and a write by another process: both show within the bound
        c.cookies.clear()
        with open_store(path) as other:
            ingest_paths(other, [F / "library.txt"])
        t0 = time.monotonic()
        while c.get("/api/events").json()["articles"] != before + 2:
            assert time.monotonic() - t0 < bound, "a write stayed unseen past the staleness bound"
            time.sleep(0.05)
        for url in ("/", "/search?q=library", "/api/search?q=library"):
            t0 = time.monotonic()
            while "library" not in c.get(url).text.lower():
                assert time.monotonic() - t0 < bound, f"{url} stayed stale past the bound"
                time.sleep(0.05)
        # another reader (no cookies) gets the shared event page, never this reader's note
        c.get(f"/events/{event}")
        assert "Nothing new since your last visit" in c.get(f"/events/{event}").text
        c.cookies.clear()
        assert "since your last visit" not in c.get(f"/events/{event}").text.lower()


@pytest.mark.postgres
def test_search_limits_paging_and_filters_on_postgresql(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        ingest_paths(store, CORPUS)
    with TestClient(make_app(postgres_url), base_url=LOCAL) as c:
        every = c.get("/api/search", params={"q": "ferry", "limit": 200}).json()
        assert every["total"] == len(every["hits"]) >= 3
        page2 = c.get("/api/search", params={"q": "ferry", "limit": 1, "offset": 1}).json()
        assert page2["total"] == every["total"] and page2["hits"][0]["article_id"] == every["hits"][1]["article_id"]
        assert c.get("/api/search", params={"q": "harbo"}).json()["total"] == 0
        prefix = c.get("/api/search", params={"q": "harbo*"}).json()
        assert prefix["total"] >= 3 and all("\x02" in h["snippet"] for h in prefix["hits"])
        assert c.get("/api/search", params={"q": '"landing ramp"'}).json()["total"] >= 3
        for q in ('"unclosed', "a & b | !c", "ferry:*", "'", "\\", "(((", "<->"):
            assert c.get("/api/search", params={"q": q}).status_code == 200, q
        for url in ("/api/search?q=a%00b", "/events/ev-1%00", "/articles/x%00", "/?entity=a%00"):
            assert c.get(url).status_code == 400, url
        assert c.get("/api/search", params={"q": "word " * 400}).status_code == 400
        assert c.get("/api/search", params={"q": "ferry", "offset": 2**63}).status_code == 400
        assert c.get("/api/events", params={"flag": "copy"}).json()["matching"] == 1
        assert c.get("/api/events", params={"language": "en"}).json()["matching"] == 3
        assert c.get("/api/events", params={"date_from": "2025-11-04"}).json()["matching"] == 2
        assert [d["date"] for d in c.get("/api/timeline").json()["days"]] == ["2025-11-03", "2025-11-05", "2025-11-06"]
        assert "copy" in c.get("/api/filters").json()["flags"]
        assert c.get("/feed.xml").status_code == 200 and "<svg" in c.get("/").text
    config = Config(store=StoreConfig(search_seconds=1e-9))
    with TestClient(make_app(postgres_url, config=config), base_url=LOCAL) as c:
        r = c.get("/api/search", params={"q": "ferry OR storm"})
        assert r.status_code == 400 and "longer than its limit" in r.json()["detail"]


def test_a_locked_store_is_waited_for_then_a_503_never_a_500(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from newsdesk.serve import app as app_module
    from newsdesk.serve import pool

    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("ingest failed") from sqlite3.OperationalError("database is locked")
        return "done"

    monkeypatch.setattr(pool.time, "sleep", lambda s: None)
    assert pool.retry_locked(flaky) == "done" and len(calls) == 3
    with pytest.raises(pool.Busy, match="locked by another writer"):
        pool.retry_locked(lambda: (_ for _ in ()).throw(sqlite3.OperationalError("database is locked")),
                          wait_seconds=0)
    with pytest.raises(ValueError):  # anything else is not retried
        pool.retry_locked(lambda: (_ for _ in ()).throw(ValueError("bad")))

    def busy(*_: object) -> None:
        raise pool.Busy("the store stayed locked by another writer for 300 s")

    monkeypatch.setattr(app_module, "run_upload", busy)
    with TestClient(make_app(db), base_url=LOCAL) as c:
        r = c.post("/api/upload", files={"files": ("x.txt", b"text")}, headers=csrf(c))
        assert r.status_code == 503 and r.headers["retry-after"] == "30" and "busy" in r.json()["detail"]
        page = c.post("/upload", files={"files": ("x.txt", b"text")}, data={"csrf_token": form_token(c)})
        assert page.status_code == 503 and "try again" in page.text


def test_pages_need_nothing_the_csp_forbids(client: TestClient) -> None:
    """No inline script, handler or style attribute: the CSP would block them (styles belong in style.css)."""
    ferry = _ferry(client)
    article = client.get(f"/api/events/{ferry['id']}").json()["sources"][0]["id"]
    for url in ("/", f"/events/{ferry['id']}", f"/articles/{article}", "/search?q=ferry", "/upload", "/docs",
                "/?flag=copy", "/events/ev-nope"):
        html = client.get(url).text
        assert "<script" not in html, url
        assert not re.search(r"<[^>]+\s(style|on\w+)=", html), (url, re.search(r"<[^>]+\s(style|on\w+)=[^>]*", html))


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def test_events_list_marks_estimated_dates_and_spun_only_events(tmp_path: Path) -> None:
    """The seeds' 2021 article (a spun copy, undated: its date is estimated) is an event of its
    own: the list says both before the reader opens it; the 2020 meeting (dated, four sources)
    has neither mark."""
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")
    path = str(tmp_path / "seeds.db")
    with open_store(path) as store:
        ingest_paths(store, sorted(SEEDS.glob("*.txt")))
    with TestClient(make_app(path), base_url=LOCAL) as c:
        rows = c.get("/api/events").json()["events"]
        later = next(r for r in rows if r["date"] and r["date"].startswith("2021"))
        earlier = next(r for r in rows if r["date"] == "2020-09-14")
        assert later["date_estimated"] is True and 0 < later["date_confidence"] < 1
        assert later["weak_sources"] == ["spun"]
        assert earlier["date_estimated"] is False and earlier["weak_sources"] == []
        page = c.get("/").text
        assert page.count(">estimated</span>") == 1
        assert page.count("only spun sources") == 1
        # the event page cites each article once per statement, however many of its sentences
        # state it (the sentences themselves are all under "the sentences")
        event = c.get(f"/events/{earlier['id']}").text
        for run in re.findall(r'((?:<a class="cite"[^>]*>\[\d+\]</a>)+)', event):
            numbers = re.findall(r"\[(\d+)\]", run)
            assert len(numbers) == len(set(numbers)), run
        # the 2021 meeting follows up the 2020 one: its estimated date is marked on both pages
        followed = event[event.index('<section class="followed-by">'):]
        assert f'href="/events/{later["id"]}"' in followed and ">estimated</span>" in followed.split("</li>")[0]
        chain = c.get(f"/events/{later['id']}").text
        assert f'href="/events/{earlier["id"]}"' in chain.split('<p class="meta">')[0]
        assert ">estimated</span>" not in chain.split('<p class="meta">')[0]  # the 2020 date is stated
        # an answer's sources mark their estimated dates as the event page's do ([2] and [3] are
        # estimated, [1] has a dateline, [4] no date)
        got = c.get(f"/api/events/{earlier['id']}/ask", params={"q": "How much was the loan?"}).json()
        estimated = {s["id"] for s in got["sources"] if s["date_source"] == "estimated"}
        assert estimated and all(0 < s["date_confidence"] < 1 for s in got["sources"] if s["id"] in estimated)
        answer = c.get(f"/events/{earlier['id']}/ask", params={"q": "How much was the loan?"}).text
        listed = answer[answer.index('<section class="sources">'):]
        assert listed.count("(estimated)</span>") == len(estimated) == event.count("(estimated)</span>")


STORE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"


def test_the_old_link_of_a_grown_event_redirects_to_it(tmp_path: Path) -> None:
    """A third article joins an event, so its id changes: the old page and JSON links redirect
    (308) to the grown event instead of answering 404; an unknown id is still 404."""
    import xml.etree.ElementTree as ET

    def entry_ids(c: TestClient) -> list[str]:
        root = ET.fromstring(c.get("/feed.xml").content)
        return [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}id")][1:]  # [0]: the feed's

    path = str(tmp_path / "desk.db")
    with open_store(path) as store:
        ingest_paths(store, [STORE_FIXTURES / "ferry-a.txt", STORE_FIXTURES / "ferry-b.txt"])
        (ferry,) = store.list_events()
    with TestClient(make_app(path), base_url=LOCAL) as c:
        before = entry_ids(c)
    with open_store(path) as store:
        ingest_paths(store, [STORE_FIXTURES / "ferry-c.txt"])
        (grown,) = store.list_events()
    assert grown.id != ferry.id
    with TestClient(make_app(path), base_url=LOCAL) as c:
        # a feed reader sees the grown event as the same entry, updated
        assert entry_ids(c) == before and len(before) == 1 and before[0].startswith("tag:newsdesk,2025:story:")
        page = c.get(f"/events/{ferry.id}", follow_redirects=False)
        assert page.status_code == 308 and page.headers["location"] == f"/events/{grown.id}"
        api = c.get(f"/api/events/{ferry.id}", follow_redirects=False)
        assert api.status_code == 308 and api.headers["location"] == f"/api/events/{grown.id}"
        assert c.get(f"/api/events/{ferry.id}").json()["event"]["id"] == grown.id
        assert c.get("/events/ev-000000000000").status_code == 404
        assert c.get("/api/events/ev-000000000000").status_code == 404
