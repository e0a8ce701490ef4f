"""Uploads: files, a URL or pasted text, read the way ``newsdesk ingest`` reads, then stored.

The web process only receives the bytes (:func:`collect`); reading them (and fetching the URL)
and ingesting run in the app's writer (:func:`run_upload`, see :mod:`.pool`), away from the
requests being served.

Every uploaded file is written under a name of its own: the last part of the name the browser
sent, with control characters and leading dots removed and cut to ``MAX_NAME_BYTES`` (keeping its
extensions), in a folder of its own, so two files with one name never overwrite each other and
no name can leave the temporary folder. The name is kept (not replaced by a random one) because
the reader picks the format from its extension and the stable article id is made from it, as
with ``newsdesk ingest``. Skip reasons name files as ``upload/NAME``, never the server's folders.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..config import Config
from ..errors import NewsdeskError
from ..model import Skipped
from ..store import Store
from .security import safe_url

__all__ = ["MAX_FILES", "MAX_NAME_BYTES", "UploadError", "UploadJob", "collect", "read_job", "run_upload", "safe_name"]

MAX_FILES = 200  # files in one upload
MAX_NAME_BYTES = 120  # a longer file name is cut (its extensions kept)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]")


class UploadError(NewsdeskError, ValueError):
    """An upload that cannot be taken as sent (nothing in it, too many files, a bad URL)."""


def safe_name(raw: str | None, n: int) -> str:
    """A file name safe to write in a folder of its own: see the module docstring."""
    name = (raw or "").replace("\\", "/")
    name = PurePosixPath(name).name if name else ""
    name = unicodedata.normalize("NFC", name.encode("utf-8", "replace").decode("utf-8", "replace"))
    name = _CONTROL.sub("_", name).strip(" .")
    if not name:
        return f"upload-{n}"
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.partition(".")
    ext = dot + ext if dot and len(ext) <= 16 else ""
    room = MAX_NAME_BYTES - len(ext.encode())
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .") or f"upload-{n}"
    return stem + ext


@dataclass(frozen=True)
class UploadJob:
    """What one upload sent: files (name as sent, bytes), a URL, pasted text. Picklable."""

    files: tuple[tuple[str | None, bytes], ...] = ()
    url: str = ""
    text: str = ""
    title: str = ""


async def collect(files: list[Any], *, url: str, text: str, title: str) -> UploadJob:
    """Check an upload's form fields and read its files' bytes; :class:`UploadError` if unusable."""
    files = [f for f in files if (f.filename or "") or getattr(f, "size", 0)]
    url, text = url.strip(), text.strip()
    if "\x00" in url or "\x00" in title:
        raise UploadError("The URL or title contains a NUL byte (\\x00); remove it.")
    if not files and not url and not text:
        raise UploadError("Nothing to add: choose files, give a URL, or paste the text of an article.")
    if len(files) > MAX_FILES:
        raise UploadError(f"{len(files)} files in one upload; the limit is {MAX_FILES}. Upload them in parts "
                          "or add them with  newsdesk ingest PATH.")
    if url and safe_url(url) is None:
        raise UploadError(f"{url[:200]!r} is not an http:// or https:// address.")
    return UploadJob(tuple([(f.filename, await f.read()) for f in files]), url, text, title)


def read_job(job: UploadJob, config: Config) -> tuple[Any, list[str]]:
    """Write the files and the pasted text to a temporary folder and read them (and the URL) with
    ``read_any``: the articles and skips, named ``upload/NAME``; and what was sent."""
    from ..ingest import read_any

    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-upload-"))
    try:
        paths: list[Path] = []
        names: list[str] = []
        for i, (raw, data) in enumerate(job.files, 1):
            name = safe_name(raw, i)
            folder = tmp / str(i)
            folder.mkdir()
            (folder / name).write_bytes(data)
            paths.append(folder / name)
            names.append(name)
        if job.text:
            body = (job.title.strip() + "\n\n" + job.text) if job.title.strip() else job.text
            name = f"pasted-{hashlib.sha1(body.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}.txt"
            folder = tmp / "pasted"
            folder.mkdir()
            (folder / name).write_text(body, encoding="utf-8", errors="surrogatepass")
            paths.append(folder / name)
            names.append(name)
        inputs: list[str | Path] = list(paths)
        if job.url:
            inputs.append(job.url)
            names.append(job.url)
        return _relabel(read_any(inputs, config=config.ingest), tmp), names
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _shown(path: str, tmp: Path) -> str:
    """``upload/NAME`` for a path in the temporary folder (any other path, a URL, unchanged)."""
    prefix = str(tmp).rstrip("/") + "/"
    if not path.startswith(prefix):
        return path
    rest = path[len(prefix):]
    return "upload/" + (rest.split("/", 1)[1] if "/" in rest else rest)


def _scrub(text: str, tmp: Path) -> str:
    return re.sub(re.escape(str(tmp).rstrip("/")) + r"/[^/\s:'\"]+/", "upload/", text).replace(str(tmp), "upload")


def _relabel(read: Any, tmp: Path) -> Any:
    arts = [dataclasses.replace(a, origin=dataclasses.replace(a.origin, path=_shown(a.origin.path, tmp)))
            for a in read.articles]
    skipped = [dataclasses.replace(s, path=_shown(s.path, tmp), reason=_scrub(s.reason, tmp)) for s in read.skipped]
    return dataclasses.replace(read, articles=tuple(arts), skipped=tuple(skipped))


def run_upload(store: Store, job: UploadJob, config: Config) -> dict[str, Any]:
    """Read ``job`` and store its articles (on the writer's store); the report for the page and the API."""
    from ..store import ingest_articles
    from .pool import retry_locked

    read, names = read_job(job, config)
    arts = list(read.articles)
    report = retry_locked(lambda: ingest_articles(store, arts, skipped=list(read.skipped), config=config))
    ids = [a.id for a in arts]
    where = store.event_ids_of(ids)
    first = next((where[a] for a in ids if a in where), None)
    earlier = store.skipped([a for a in ids if a not in where]) if first is None else []
    return {
        "summary": report.summary(),
        "sent": names,
        "added": list(report.added),
        "known": report.known,
        "skipped": [dataclasses.asdict(s) for s in [*report.skipped, *earlier] if isinstance(s, Skipped)],
        "new_events": list(report.new_events),
        "joined_events": list(report.joined_events),
        "event_of": where,
        "event_id": first,
    }
