"""Load test of ``newsdesk serve`` on loopback: many concurrent readers while uploads are ingested.

Starts the real server (``python -m newsdesk.cli serve``) over a store, then runs ``--clients``
concurrent clients (default 200), each on its own keep-alive connection, until ``--requests``
requests (default 20,000) are answered or ``--max-seconds`` pass (the run is bounded in count and
in time). The mix: the events page and its JSON twin, event pages, article pages, search pages
(words, phrases, prefixes, with paging) and their JSON twins, filtered lists and the feed. During
the whole run one client uploads articles back to back (so an ingest is always running; each
upload is a new article, found through the CSRF flow a browser uses). Before the timed run, one
upload (the upload worker loads the pipeline) and one request for each URL (``--cold``: none),
not counted: the figures are of a server that has been up, not of its first seconds.

Prints throughput, errors (anything but a 2xx, or no answer within ``--timeout``), and p50 / p95 /
p99 latency overall and per kind (pages, JSON twins, searches). Target (issue 15): 0 errors and p99
under 300 ms for pages and JSON twins, search included, with an upload running.

The clients speak HTTP/1.1 on raw asyncio streams (on uvloop when installed; about 80 us of CPU
per request), because a full HTTP client library in the same Python process would spend more CPU
than the server under test on a 2-core machine. Timings depend on what else runs on the machine: say so when quoting.

    python benchmarks/load.py                      # a store built from samples/corpus
    python benchmarks/load.py --db newsdesk.db     # an existing store (not written to unless uploads run)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"

# kind, share of requests
MIX = [
    ("page:events", 12), ("page:event", 18), ("page:article", 8), ("page:search", 12), ("page:filtered", 4),
    ("json:events", 8), ("json:event", 12), ("json:article", 6), ("json:search", 12), ("json:timeline", 4),
    ("feed", 4),
]
_STORY = (
    "HARWICK, {day} November 2025 - The town council of Harwick voted on {weekday} to open a new reading room "
    "number {n} in the old grain hall by the river, councillor Mira Olsen said. The room will hold about "
    "{books} books and will be open every evening until nine. Olsen said the council had set aside money for "
    "two librarians and for new lamps, and that schools in the district would bring pupils there every week."
)


FINISHED: list[float] = []  # monotonic times uploads were answered (a new store generation each)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    k = min(len(v) - 1, max(0, round(p / 100 * (len(v) - 1))))
    return v[k]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    timeline: list[tuple[float, float]] = field(default_factory=list)  # (monotonic time answered, latency)

    def add(self, kind: str, seconds: float, status: int | None, what: str = "") -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.timeline.append((time.monotonic(), seconds))
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1
        if status is None or not 200 <= status < 300:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.examples) < 10:
                self.examples.append(f"{kind} {status} {what}")


class Conn:
    """One keep-alive HTTP/1.1 connection (reconnects when the server closes it)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                assert self.reader is not None
                self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
                await self.writer.drain()
                head = await self.reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                body = await self.reader.readexactly(int(m.group(1))) if m else b""
                if re.search(rb"(?i)\r\nconnection: *close", head):
                    self.close()
                return status, body
            except (asyncio.IncompleteReadError, ConnectionError):
                self.close()  # the server closed an idle keep-alive connection: open a new one, once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def build_store(folder: Path) -> Path:
    db = folder / "load.db"
    code = (
        "import sys; from newsdesk.store import open_store, ingest_paths\n"
        f"with open_store({str(db)!r}) as st: print(ingest_paths(st, [{str(SAMPLES)!r}]).summary())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    print(f"store: {out.stdout.strip()}", flush=True)
    return db


def start_server(db: Path, port: int, log: Path, workers: int = 1,
                 stale_seconds: float | None = None) -> subprocess.Popen[bytes]:
    extra: list[str] = []
    if stale_seconds is not None:  # [store] stale_seconds, through a config file as a user would
        toml = log.with_name("serve.toml")
        toml.write_text(f"[store]\nstale_seconds = {float(stale_seconds)!r}\n", encoding="utf-8")
        extra = ["--config", str(toml)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--port", str(port), "-q",
         "--workers", str(workers), *extra],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.3)


def targets(port: int) -> dict[str, list[str]]:
    def get(path: str) -> object:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return json.load(r)

    events = get("/api/events?limit=1000")["events"]  # type: ignore[index]
    ev_ids = [e["id"] for e in events]
    arts = [s["id"] for e in ev_ids for s in get(f"/api/events/{e}")["sources"]]  # type: ignore[index]
    words = sorted({w.lower() for e in events for w in re.findall(r"[A-Za-z]{5,}", e["headline"] or "")})
    queries = words + [f'"{a} {b}"' for a, b in itertools.pairwise(words)][:20] + [w[:4] + "*" for w in words][:20]
    queries += [f"{a} OR {b}" for a, b in zip(words[::2], words[1::2])][:10]
    facets = get("/api/filters")
    q = urllib.parse.quote
    filtered = ["/?date_from=2025-11-01", "/?flag=copy", "/?language=en", "/?entity=island"]
    filtered += [f"/?site={q(s)}" for s in facets["sites"][:5]]  # type: ignore[index]
    return {
        "page:events": ["/", "/?page=1"],
        "page:event": [f"/events/{e}" for e in ev_ids],
        "page:article": [f"/articles/{a}" for a in arts],
        "page:search": [f"/search?q={q(x)}" for x in queries] + [f"/search?q={q(x)}&page=2" for x in words[:5]],
        "page:filtered": filtered,
        "json:events": ["/api/events", "/api/events?limit=10&offset=1"],
        "json:event": [f"/api/events/{e}" for e in ev_ids],
        "json:article": [f"/api/articles/{a}" for a in arts],
        "json:search": [f"/api/search?q={q(x)}&limit=20" for x in queries],
        "json:timeline": ["/api/timeline", "/api/timeline?flag=copy"],
        "feed": ["/feed.xml"],
    }


def uploader(port: int, stop: threading.Event, done: list[float], failed: list[str], pause: float,
             *, once: bool = False) -> None:
    """Uploads one new article at a time (``pause`` seconds apart) until ``stop`` is set, as a browser would."""
    import httpx

    n = 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as c:
        while not stop.is_set():
            n += 1
            token = c.get("/api/csrf").json()["csrf_token"]
            n += 1000 * once  # the warm-up's article differs from the run's
            text = _STORY.format(day=10 + n % 15, weekday="Monday", n=n, books=1000 + 37 * n)
            t0 = time.monotonic()
            r = c.post("/api/upload", headers={"X-CSRF-Token": token},
                       files={"files": (f"load-upload-{os.getpid()}-{n}.txt", text.encode())})
            if r.status_code == 200:
                done.append(time.monotonic() - t0)
                FINISHED.append(time.monotonic())
            else:
                failed.append(f"{r.status_code}: {r.text[:200]}")
            if once:
                return
            stop.wait(pause)


async def run(port: int, urls: dict[str, list[str]], *, clients: int, requests: int, max_seconds: float,
              timeout: float, think: float, seed: int) -> tuple[Stats, float, int]:
    rng = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    plan = [(k, rng.choice(urls[k])) for k in rng.choices(kinds, weights, k=requests)]
    stats = Stats()
    nxt = 0
    t_start = time.monotonic()
    deadline = t_start + max_seconds

    async def client(i: int) -> None:
        nonlocal nxt
        conn = Conn(port)
        crng = random.Random(seed * 1000 + i)
        while nxt < len(plan) and time.monotonic() < deadline:
            kind, path = plan[nxt]
            nxt += 1
            t0 = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(conn.get(path), timeout)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                conn.close()
                stats.add(kind, time.perf_counter() - t0, None, f"{path} {type(exc).__name__}")
                continue
            stats.add(kind, time.perf_counter() - t0, status, path)
            if think:
                await asyncio.sleep(crng.expovariate(1 / think))
        conn.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return stats, time.monotonic() - t_start, nxt


def _event_loop_run() -> object:
    """uvloop's run (as the server uses, uvicorn[standard]) when installed: the clients then cost
    the shared machine about a third less CPU; else asyncio's."""
    try:
        import uvloop

        return uvloop.run
    except ImportError:
        return asyncio.run


def cpu_seconds(pid: int, *, workers: bool = False) -> float:
    """CPU time (user + system) of a process so far, from /proc (0 where there is no /proc); with
    ``workers``, of its web worker processes instead (``--workers``: the children running uvicorn)."""
    pids = [pid]
    if workers:
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            kids = []
        pids = [int(k) for k in kids if "spawn_main" in Path(f"/proc/{k}/cmdline").read_text(errors="replace")]
    total = 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def report(stats: Stats, seconds: float, sent: int, uploads: list[float], upload_errors: list[str]) -> None:
    every = [x for v in stats.latencies.values() for x in v]
    n = len(every)
    errors = sum(stats.errors.values())
    print(f"requests: {n:,} answered of {sent:,} sent in {seconds:.1f} s: {n / seconds:,.0f} requests/s")
    print(f"errors: {errors} ({', '.join(f'{k} {v}' for k, v in sorted(stats.errors.items())) or 'none'}); "
          f"statuses: {dict(sorted(stats.statuses.items()))}")
    for e in stats.examples:
        print(f"  e.g. {e}")

    def line(name: str, vals: list[float]) -> None:
        if vals:
            print(f"  {name:<14} n={len(vals):>6,}  p50 {percentile(vals, 50) * 1000:7.1f} ms  "
                  f"p95 {percentile(vals, 95) * 1000:7.1f} ms  p99 {percentile(vals, 99) * 1000:7.1f} ms  "
                  f"max {max(vals) * 1000:7.1f} ms")

    print("latency:")
    line("all", every)
    groups = {
        "pages": [x for k, v in stats.latencies.items() if k.startswith("page:") and k != "page:search" for x in v],
        "JSON twins": [x for k, v in stats.latencies.items() if k.startswith("json:") and k != "json:search" for x in v],
        "searches": [*stats.latencies.get("page:search", []), *stats.latencies.get("json:search", [])],
    }
    for name, vals in groups.items():
        line(name, vals)
    for kind in sorted(stats.latencies):
        line(kind, stats.latencies[kind])
    if uploads or upload_errors:
        mean = statistics.mean(uploads) if uploads else float("nan")
        print(f"uploads during the run: {len(uploads)} ingested (mean {mean:.1f} s each), "
              f"{len(upload_errors)} failed{': ' + upload_errors[0] if upload_errors else ''}")
    if FINISHED and stats.timeline:
        after = [lat for t, lat in stats.timeline if any(0 <= t - f <= 1.0 for f in FINISHED)]
        rest = [lat for t, lat in stats.timeline if not any(0 <= t - f <= 1.0 for f in FINISHED)]
        print("requests answered within 1 s after an upload finished (a new generation) and the rest:")
        line("after a write", after)
        line("the rest", rest)
    p99 = percentile(every, 99)
    worst = max([p99, *(percentile(v, 99) for v in groups.values() if v)])  # pages, JSON twins, searches: each
    verdict = "met" if errors == 0 and worst < 0.3 else "NOT met"
    print(f"target (0 errors, p99 < 300 ms overall and for pages, JSON twins and searches each): {verdict} "
          f"(errors {errors}, p99 {p99 * 1000:.1f} ms, worst group {worst * 1000:.1f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: a temporary one built from samples/corpus)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--max-seconds", type=float, default=300.0, help="stop sending after this long")
    ap.add_argument("--timeout", type=float, default=30.0, help="a request unanswered this long is an error")
    ap.add_argument("--think-ms", type=float, default=0.0,
                    help="mean pause of a client between its requests (0: each sends its next at once)")
    ap.add_argument("--no-upload", action="store_true", help="no uploads during the run")
    ap.add_argument("--upload-pause", type=float, default=0.0,
                    help="seconds between one upload's answer and the next upload (0: back to back, always one running)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (newsdesk serve --workers)")
    ap.add_argument("--stale-seconds", type=float, default=None,
                    help="the server's [store] stale_seconds (default: its own default)")
    ap.add_argument("--cold", action="store_true",
                    help="no warm-up pass: the run starts with every page unmade (by default each URL is asked "
                    "for once before the timed run, as on a server that has been up for a while)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as tmp:
        folder = Path(tmp)
        if args.db:
            db = folder / "load.db"
            import shutil

            shutil.copy(args.db, db)  # uploads write to a copy, never to the store given
        else:
            db = build_store(folder)
        port = free_port()
        proc = start_server(db, port, folder / "serve.log", args.workers, args.stale_seconds)
        try:
            urls = targets(port)
            print(f"serving {sum(len(v) for v in urls.values())} distinct URLs; {args.clients} clients, "
                  f"{args.requests:,} requests at most, {args.max_seconds:g} s at most, think {args.think_ms:g} ms, "
                  f"uploads {'none' if args.no_upload else f'{args.upload_pause:g} s apart'}; "
                  f"stale_seconds {'default' if args.stale_seconds is None else f'{args.stale_seconds:g}'}; "
                  f"{os.cpu_count()} CPUs (shared: timings depend on the machine's other work)", flush=True)
            uploads: list[float] = []
            upload_errors: list[str] = []
            stop = threading.Event()
            up = None
            if not args.no_upload:
                # one upload first, not counted: the upload worker loads the pipeline (spaCy, ...) once
                warm: list[float] = []
                t_warm = time.monotonic()
                uploader(port, threading.Event(), warm, upload_errors, 0.0, once=True)
                print(f"warm-up upload: {time.monotonic() - t_warm:.1f} s", flush=True)
            if not args.cold:  # after the warm-up upload, which made a new generation
                t_pass = time.monotonic()
                passes = 1 if args.workers == 1 else 3 * args.workers  # a new connection each: reaches most workers
                for _ in range(passes):
                    for path in sorted({p for v in urls.values() for p in v}):
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
                            r.read()
                print(f"warm-up pass: each URL asked for {passes} time(s) in {time.monotonic() - t_pass:.1f} s "
                      "(not counted)", flush=True)
            if not args.no_upload:
                up = threading.Thread(target=uploader, args=(port, stop, uploads, upload_errors, args.upload_pause),
                                      daemon=True)
                up.start()
                time.sleep(0.5)  # the first upload is under way before the readers start
            many = args.workers > 1
            cpu0 = cpu_seconds(proc.pid, workers=many)
            mine0 = time.process_time()
            stats, seconds, sent = _event_loop_run()(run(
                port, urls, clients=args.clients, requests=args.requests, max_seconds=args.max_seconds,
                timeout=args.timeout, think=args.think_ms / 1000, seed=args.seed))
            stop.set()  # the upload in flight finishes; no other starts
            if up is not None:
                up.join(timeout=600)
            cpu = cpu_seconds(proc.pid, workers=many) - cpu0
            mine = time.process_time() - mine0
            report(stats, seconds, sent, uploads, upload_errors)
            n = sum(len(v) for v in stats.latencies.values())
            print(f"server process (web, without its upload worker): {cpu:.1f} CPU s for {n:,} requests = "
                  f"{cpu / max(n, 1) * 1000:.2f} ms CPU per request, {cpu / seconds:.0%} of one core; "
                  f"the load client itself: {mine:.1f} CPU s; machine load average now "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
