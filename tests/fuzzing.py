"""Hostile and broken inputs for every format newsdesk reads, and the invariants a read must keep.

Shared by the fuzz tests (``tests/test_fuzz.py``, hypothesis drives the ``random.Random`` given to
:func:`make_case`) and the longer fuzz benchmark (``benchmarks/fuzz.py``, 10,000 seeded cases).
Every generator builds a *valid* input of its format first (so the readers get past their first
checks), then maybe breaks it: cuts it short, flips or inserts bytes, gzips it (sometimes a
corrupt or cut gzip), and names the file with bytes that are not UTF-8.

A case knows how many records each file holds when it can tell (a text or HTML file is always one
record; an unbroken JSON Lines file has one record per line, one per document of a cluster line):
then ``articles + skipped`` of that file must equal it exactly. Otherwise (a broken JSONL, any
WARC, CSV, JSON or feed) the file must still appear: at least one article or one skip.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Invented words and names in several languages (team-written, no third-party text).
WORDS = (
    "the ferry council harbour vote route mayor port storm pier island said approved rejected on in "
    "of and to a Portmere Lisk Varga Brandt Coastline Kestavia Solvara Marek Karlov billion euros "
    "million 12% $1.5 2.4 Tuesday November 2025 der Hafen Rat die Fähre stimmte le port conseil a voté "
    "el puerto consejo aprobó paromy rada přístav паром совет гавань 渡轮 港口 议会 フェリー 港 "
    "\u200b \u00a0 — … « » “ ” ‘ ’ ' \""
).split(" ")
PUNCT = [".", ".", ".", "?", "!", ",", ";", ":", " —", ""]


@dataclass
class InputFile:
    name: bytes  # file name bytes (may not be UTF-8)
    data: bytes
    records: int | None  # records the file holds when known, else None
    kind: str  # the generator that made it


def sentence(rnd: random.Random, n: int | None = None) -> str:
    n = rnd.randint(3, 18) if n is None else n
    ws = [rnd.choice(WORDS) for _ in range(n)]
    if ws and ws[0]:
        ws[0] = ws[0][:1].upper() + ws[0][1:]
    return " ".join(ws) + rnd.choice(PUNCT)


def body(rnd: random.Random, max_paragraphs: int = 6) -> str:
    paras = [" ".join(sentence(rnd) for _ in range(rnd.randint(1, 6))) for _ in range(rnd.randint(0, max_paragraphs))]
    sep = rnd.choice(["\n\n", "\n", "\r\n\r\n", "\n\n\n", " "])
    return sep.join(paras)


def odd_text(rnd: random.Random) -> str:
    """Text with the characters that break readers: controls, lone surrogates, NUL, BOMs, RTL marks."""
    pieces = [body(rnd, 3)]
    for _ in range(rnd.randint(0, 4)):
        pieces.insert(rnd.randrange(len(pieces) + 1), rnd.choice(
            ["\x00", "\x01\x02", "\ud800", "\udcff", "\ufeff", "\u202e", "\r", "\x1b[31m", "\ufffd", "<", "&amp;", "\\"]
        ))
    return "".join(pieces)


# ------------------------------------------------------------------------------- one format
def gen_text(rnd: random.Random) -> tuple[bytes, int | None]:
    title = sentence(rnd, rnd.randint(0, 12)).rstrip(".")
    date = rnd.choice(["", "3 November 2025\n\n", "2025-11-03\n\n", "Monday, 31 February 2025\n\n"])
    text = f"{title}\n\n{date}{body(rnd)}" if rnd.random() < 0.8 else odd_text(rnd)
    enc = rnd.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "cp1251"])
    return text.encode(enc, errors="replace") if enc != "utf-8" else text.encode("utf-8", "surrogatepass"), 1


def gen_html(rnd: random.Random) -> tuple[bytes, int | None]:
    depth = rnd.choice([0, 1, 5, 40, 254, 300, rnd.randint(0, 3000)])
    tag = rnd.choice(["div", "span", "section", "font", "b"])
    paras = "".join(f"<p>{sentence(rnd)} {sentence(rnd)}</p>" for _ in range(rnd.randint(0, 8)))
    chrome = rnd.choice(["", "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>",
                         "<script>var x = '</p>';</script>", "<!-- comment -->", "<style>p{}</style>"])
    head = rnd.choice(["", "<?xml version='1.0' encoding='utf-8'?>\n", "<!DOCTYPE html>",
                       '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                       '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'])
    meta = rnd.choice(["", '<meta charset="utf-8">', '<meta charset="nonsense-enc">',
                       '<meta property="article:published_time" content="2025-11-03">'])
    html = (f"{head}<html xmlns='http://www.w3.org/1999/xhtml'><head><title>{sentence(rnd, 6)}</title>{meta}</head>"
            f"<body>{chrome}{f'<{tag}>' * depth}<h1>{sentence(rnd, 7)}</h1>{paras}{f'</{tag}>' * rnd.choice([depth, 0])}"
            "</body></html>")
    if rnd.random() < 0.1:
        html = odd_text(rnd).replace("\n", "<br>")
    return html.encode("utf-8", "surrogatepass"), 1


def _json_value(rnd: random.Random, depth: int = 0) -> object:
    k = rnd.randrange(9 if depth < 3 else 6)
    if k == 0:  # a number too long for int() (Python refuses over 4,300 digits): placed by dumps()
        return f"@@BIG{rnd.choice([1, 20, 4300, 4301, 6000])}@@"
    if k == 1:
        return rnd.choice([1.5, -0.0, 1e308, True, False, None])
    if k in (2, 3, 4, 5):
        return rnd.choice([sentence(rnd), odd_text(rnd), "", "2025-11-03", "not a date"])
    if k in (6, 7):
        return [_json_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))]
    return {rnd.choice(["text", "title", "x", "date"]): _json_value(rnd, depth + 1)}


_BIG = re.compile(r'"@@BIG(\d+)@@"')


def dumps(value: object, **kwargs: object) -> str:
    """``json.dumps`` with the huge-number placeholders of ``_json_value`` written as digits."""
    return _BIG.sub(lambda m: "9" * int(m.group(1)), json.dumps(value, **kwargs))  # type: ignore[arg-type]


def _jsonl_line(rnd: random.Random) -> tuple[str, int]:
    """One line and the records it holds."""
    k = rnd.randrange(10)
    if k < 4:
        obj: dict[str, object] = {"text": body(rnd)}
        for key in rnd.sample(["title", "url", "date", "author", "source", "id", "maintext", "html"], rnd.randint(0, 4)):
            obj[key] = _json_value(rnd) if rnd.random() < 0.4 else sentence(rnd)
        return dumps(obj, ensure_ascii=rnd.random() < 0.5), 1
    if k == 4:
        html = gen_html(rnd)[0].decode("utf-8", "surrogatepass")
        return dumps({"html": html, "url": "http://example.invalid/a"}), 1
    if k == 5:
        docs = rnd.choice([[body(rnd) for _ in range(rnd.randint(0, 4))], "not a list", [1, None, body(rnd)]])
        cid = rnd.choice(["c1", 7, None, ["x"]])
        line = dumps({"id": cid, "documents": docs, "summary": "s"})
        return line, max(1, len(docs)) if isinstance(docs, list) and isinstance(cid, (str, int)) else 1
    if k == 6:
        return dumps(_json_value(rnd)), 1
    if k == 7:
        return rnd.choice(["{", "{'single': 'quotes'}", "[" * 5000 + "]" * 5000, "[" * 100_000, "{\"text\": \"a\\ud800\"}",
                           "NaN", '{"text": ' + "9" * 5000 + "}", "\x00{}", "}{"]), 1
    if k == 8:
        return '{"text": "' + "word " * rnd.randint(0, 40) + '", "n": ' + "1" * rnd.choice([10, 4301, 9000]) + "}", 1
    return rnd.choice(["", "   ", "\t"]), 0


def gen_jsonl(rnd: random.Random) -> tuple[bytes, int | None]:
    lines = [_jsonl_line(rnd) for _ in range(rnd.randint(0, 8))]
    text = "\n".join(line for line, _ in lines) + rnd.choice(["", "\n", "\r\n"])
    records = sum(n for _, n in lines) or 1  # an empty file is one skip ("empty file")
    crlf = rnd.random() < 0.1
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8", "surrogatepass"), records


def gen_warc(rnd: random.Random) -> tuple[bytes, int | None]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=rnd.random() < 0.6)
    for i in range(rnd.randint(0, 5)):
        kind = rnd.choice(["html", "html", "html", "image", "status", "metadata"])
        payload = gen_html(rnd)[0] if kind in ("html", "status") else rnd.randbytes(rnd.randint(0, 300))
        ctype = {"image": "image/png"}.get(kind, rnd.choice(["text/html; charset=utf-8", "application/xhtml+xml", "text/html"]))
        status = "404 Not Found" if kind == "status" else "200 OK"
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec_type = "metadata" if kind == "metadata" else "response"
        writer.write_record(writer.create_warc_record(
            f"http://example.invalid/{i}", rec_type, payload=io.BytesIO(payload),
            http_headers=headers if rec_type == "response" else None,
            warc_headers_dict={"WARC-Date": "2025-11-03T10:00:00Z",  # fixed id: the same bytes every run
                               "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>"},
        ))
    return buf.getvalue(), None


def gen_csv(rnd: random.Random) -> tuple[bytes, int | None]:
    sep = rnd.choice([",", ";", "\t", "|"])
    cols = rnd.sample(["text", "title", "date", "url", "body", "x"], rnd.randint(1, 4))
    rows = [sep.join(cols)]
    for _ in range(rnd.randint(0, 5)):
        rows.append(sep.join(dumps(sentence(rnd)) if rnd.random() < 0.5 else body(rnd, 2).replace("\n", " ")
                             for _ in cols))
    return "\n".join(rows).encode(), None


def gen_json(rnd: random.Random) -> tuple[bytes, int | None]:
    items = [{"maintext": body(rnd), "title": sentence(rnd), "date_publish": "2025-11-03 10:00:00"}
             for _ in range(rnd.randint(0, 3))]
    doc: object = rnd.choice([items, {"articles": items}, items[0] if items else {}, _json_value(rnd)])
    text = dumps(doc)
    if rnd.random() < 0.2:
        text = text[:-1] + "9" * 5000 + "]"
    return text.encode(), None


def gen_feed(rnd: random.Random) -> tuple[bytes, int | None]:
    items = "".join(
        f"<item><title>{sentence(rnd, 5)}</title><link>http://example.invalid/{i}</link>"
        f"<description><![CDATA[<p>{body(rnd, 2)}</p>]]></description><pubDate>Mon, 03 Nov 2025 10:00:00 GMT</pubDate></item>"
        for i in range(rnd.randint(0, 4))
    )
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    if rnd.random() < 0.2:
        xml = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + xml
    return xml.encode(), None


# Generators by the file extension they are saved under. Other teams' readers join this table
# when they land (a reader that is not here yet is simply not fuzzed).
GENERATORS: dict[str, Callable[[random.Random], tuple[bytes, int | None]]] = {
    ".txt": gen_text,
    ".html": gen_html,
    ".xhtml": gen_html,
    ".jsonl": gen_jsonl,
    ".warc": gen_warc,
    ".csv": gen_csv,
    ".json": gen_json,
    ".rss": gen_feed,
}


def mutate(rnd: random.Random, data: bytes) -> bytes:
    """``data`` cut short, with bytes flipped, or with bytes inserted."""
    if not data:
        return bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 40)))
    k = rnd.randrange(3)
    if k == 0:
        return data[: rnd.randrange(len(data))]
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(out))
        if k == 1:
            out[i] = rnd.randrange(256)
        else:
            out[i:i] = rnd.choice([b"\x00", b"\xff\xfe", b"\x1f\x8b", b"\r", b"\n", b"WARC/1.0\r\n", b"{", b"\xe9"])
    return bytes(out)


def file_name(rnd: random.Random, i: int, ext: str) -> bytes:
    stem = rnd.choice([b"a", b"caf\xe9", b"\xff\xfe", b"r\xc3\xa9sum\xc3\xa9", b"..", b"sp ace", b"-dash", b"x" * 120,
                       b"\xed\xa0\x80", b"a%2fb", b"\xe6\xbc\xa2\xe5\xad\x97"])
    return b"%02d-" % i + stem + ext.encode()


def make_file(rnd: random.Random, i: int, ext: str | None = None) -> InputFile:
    ext = ext or rnd.choice(sorted(GENERATORS))
    data, records = GENERATORS[ext](rnd)
    if rnd.random() < 0.3:
        data = mutate(rnd, data)
        if ext not in (".txt", ".html", ".xhtml"):  # a text or HTML file stays one record
            records = None
    if rnd.random() < 0.2:
        ext += ".gz"
        data = gzip.compress(data, mtime=0)
        if rnd.random() < 0.3:  # corrupt or cut gzip: the whole file is one skip (or a damaged tail)
            data = mutate(rnd, data)
            records = 1 if records is not None and ext.startswith((".txt", ".html", ".xhtml")) else None
    return InputFile(file_name(rnd, i, ext), data, records, ext)


def make_case(rnd: random.Random, n_files: int | None = None) -> list[InputFile]:
    return [make_file(rnd, i) for i in range(rnd.randint(1, 4) if n_files is None else n_files)]


def write_case(case: list[InputFile], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in case:
        raw = os.path.join(os.fsencode(folder), f.name)
        with open(raw, "wb") as fh:
            fh.write(f.data)
        paths.append(Path(os.fsdecode(raw)))
    return paths


# -------------------------------------------------------------------------------- invariants
BUG_MARK = "please report it"  # what the readers' last line of defence writes: a reader bug


def problems(case: list[InputFile], paths: list[Path], result: object) -> list[str]:
    """What is wrong with ``result`` (an ``IngestResult`` or a pipeline ``Result``) for ``case``."""
    from newsdesk.ingest._common import display_name

    out: list[str] = []
    arts, skipped = result.articles, result.skipped  # type: ignore[attr-defined]
    for s in skipped:
        if BUG_MARK in s.reason:
            out.append(f"reader bug: {s.path}: {s.reason}")
        if not s.reason:
            out.append(f"skip without a reason: {s.path}")
    if len({a.id for a in arts}) != len(arts):
        out.append("article ids are not unique")
    for a in arts:
        for field in (a.raw, a.title, a.text, a.origin.path, a.url or "", a.id):
            try:
                field.encode("utf-8")
            except UnicodeEncodeError:
                out.append(f"{a.id}: a field cannot be written as UTF-8: {field[:60]!r}")
    for f, p in zip(case, paths):
        shown = display_name(str(p))
        n = sum(1 for a in arts if a.origin.path == shown) + sum(1 for s in skipped if s.path == shown)
        if f.records is None and n == 0:
            out.append(f"{shown} ({f.kind}): vanished: no article and no skip")
        elif f.records is not None and n != f.records:
            out.append(f"{shown} ({f.kind}): {f.records} record(s) in, {n} articles + skipped out")
    return out


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` if the block runs longer than ``seconds`` (main thread, POSIX)."""
    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
