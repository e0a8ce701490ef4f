"""Bounded work per record: time and peak memory of one hostile 5 MB upload through the whole
pipeline (read, clean, group, analyse, link), each shape in a fresh process.

    python benchmarks/hostile.py                  # every shape
    python benchmarks/hostile.py --kinds sentences,html --mb 5

Shapes (5 MB each, the web upload limit; generated, no third-party text):

* ``sentences``: one paragraph of short sentences (what a run-on scrape looks like);
* ``words``: one paragraph without a sentence end;
* ``quotes``: one paragraph thick with quotation marks (quote finding's worst case);
* ``lines``: 300,000 three-word lines (a table or a word list pasted as text);
* ``nospace``: one 5,000,000-character word;
* ``html``: the ``words`` paragraph inside one ``<p>`` of an HTML page;
* ``deep``: an HTML page nested 100,000 ``<div>`` levels deep around the words.

Target (issue 15): under 1 GB and a minute each. ``[clean] max_chars`` (100,000) bounds what is
read of one article, ``max_paragraph_chars`` (30,000) what one NLP call sees.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap

KINDS = ("sentences", "words", "quotes", "lines", "nospace", "html", "deep")

_CHILD = textwrap.dedent("""
    import json, random, resource, sys, time
    kind, size = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(0)
    words = ("ferry council harbour Portmere Varga said the vote on route approved rejected mayor port 12% "
             "1.5 billion euros Tuesday Brandt Coastline").split()
    def run(n, end=""):
        out, total = [], 0
        while total < n:
            w = rnd.choice(words) + (end if rnd.random() < 0.08 else "")
            out.append(w); total += len(w) + 1
        return " ".join(out)[:n]
    if kind == "sentences":
        text = run(size, ".")
    elif kind == "words":
        text = run(size)
    elif kind == "quotes":
        text = " ".join(f'{rnd.choice(words)} said "{rnd.choice(words)} {rnd.choice(words)}."' for _ in range(size // 30))[:size]
    elif kind == "lines":
        text = chr(10).join(" ".join(rnd.choice(words) for _ in range(3)) for _ in range(size // 16))[:size]
    elif kind == "nospace":
        text = "a" * size
    elif kind == "html":
        text = "<html><head><title>Hostile</title></head><body><p>" + run(size - 80) + "</p></body></html>"
    else:
        depth = 100_000
        text = "<html><body>" + "<div>" * depth + "<p>" + run(size - 11 * depth - 40) + "</p>" + "</div>" * depth + "</body></html>"
    name = "upload.html" if kind in ("html", "deep") else "upload.txt"
    data = (text if name.endswith(".html") else "Hostile upload" + chr(10) * 2 + text).encode()
    from newsdesk.ingest import read_stream
    from newsdesk.pipeline import steps
    from newsdesk.pipeline.compose import finish
    from newsdesk.config import Config
    times = {}
    t = time.perf_counter()
    got = read_stream(data, name=name)
    times["read"] = time.perf_counter() - t; t = time.perf_counter()
    prepared = steps.prepare(list(got.articles), Config())
    times["clean"] = time.perf_counter() - t; t = time.perf_counter()
    result = finish(list(prepared.articles), skipped=[*got.skipped, *prepared.skipped])
    times["group+analyse+link"] = time.perf_counter() - t
    print(json.dumps({"bytes": len(data), "articles": len(result.articles), "events": len(result.events),
                      "skipped": [s.reason[:80] for s in result.skipped], "notes": list(prepared.notes),
                      "seconds": times, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds before a shape counts as a hang")
    args = ap.parse_args()
    size = int(args.mb * 1_000_000)
    failed = 0
    print(f"{'shape':10} {'bytes':>10} {'read s':>7} {'clean s':>7} {'rest s':>7} {'total s':>7} {'peak MB':>8}  result")
    for kind in args.kinds.split(","):
        try:
            proc = subprocess.run([sys.executable, "-c", _CHILD, kind, str(size)], capture_output=True, text=True,
                                  timeout=args.timeout, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        except subprocess.TimeoutExpired:
            print(f"{kind:10} over {args.timeout:.0f} s: stopped")
            failed += 1
            continue
        if proc.returncode != 0:
            print(f"{kind:10} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
            failed += 1
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        s = r["seconds"]
        total = sum(s.values())
        ok = total < 60 and r["peak_mb"] < 1024
        failed += not ok
        what = f"{r['articles']} article(s), {r['events']} event(s)" + (f", skipped: {r['skipped'][0]}" if r["skipped"] else "")
        print(f"{kind:10} {r['bytes']:>10,} {s['read']:>7.1f} {s['clean']:>7.1f} {s['group+analyse+link']:>7.1f} "
              f"{total:>7.1f} {r['peak_mb']:>8.0f}  {'ok' if ok else 'OVER TARGET'}: {what}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
