"""Plain-text articles: the title on the first line, maybe a dateline before or after it.

``raw`` is the text after the title line (newlines normalised to ``\\n``), so the cleaner gets
the body and the title separately. A line that is only a date ("Monday, September 14, 2020")
directly before or after the title is metadata, like the title: it sets ``date`` (with
``date_source="dateline"`` and the line as ``date_evidence``) and is not part of ``raw``.
Place datelines that open the first paragraph ("MOSCOW (AP) –", "(Moscow)") stay in ``raw``:
they are not dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from ..config import IngestConfig
from ..model import Article, InputFormat, Origin
from ._common import IngestResult, NotText, _Batch, decode, detect_language, make_id, read_bytes, too_short

# A dateline is a short line: longer lines are headlines or prose that happen to hold a date.
DATELINE_MAX_WORDS = 9
DATELINE_MAX_CHARS = 60
# Cheap gate before dateparser (which is slow on its first call per language and accepts loose
# input): the line must hold a 4-digit year, or be a numeric date such as 14.09.2020.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Labels that often precede a date on its own line; removed before parsing.
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:first\s+)?published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|date|last\s+modified)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(r"\s*(?:[|,•·–-]|\bat\b)?\s*\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?\s*$", re.I)


def parse_dateline(line: str) -> date | None:
    """The full date (day, month and year) that ``line`` consists of, or None.

    Uses dateparser with strict parsing (all three parts required), so "(Moscow)", "MOSCOW (AP) –"
    or "September 2020" are not dates.
    """
    s = line.strip()
    if not s or len(s) > DATELINE_MAX_CHARS or len(s.split()) > DATELINE_MAX_WORDS or not _YEAR.search(s):
        return None
    s = _DATE_LABEL.sub("", s)
    s = _TIME_TAIL.sub("", s).strip(" ,|–-")
    numeric = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)", s)
    if numeric:  # 14.09.2020: day first unless that is impossible (09/14/2020)
        d, m, y = (int(x) for x in numeric.groups())
        for day, month in ((d, m), (m, d)):
            try:
                return date(y, month, day)
            except ValueError:
                continue
        return None
    parsed = _dateparse(s)
    return parsed


@lru_cache(maxsize=4096)
def _dateparse(s: str) -> date | None:
    import dateparser

    try:
        dt: datetime | None = dateparser.parse(
            s, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
        )
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; not a date
        return None
    return dt.date() if dt else None


def split_text(text: str) -> tuple[str, str, date | None, str | None]:
    """``(title, raw, date, dateline)`` of a plain-text article (see the module docstring)."""
    lines = text.split("\n")
    i = 0

    def next_nonblank(j: int) -> int:
        while j < len(lines) and not lines[j].strip():
            j += 1
        return j

    i = next_nonblank(0)
    found: date | None = None
    evidence: str | None = None
    if i < len(lines):
        d = parse_dateline(lines[i])
        if d is not None:
            found, evidence = d, lines[i].strip()
            i = next_nonblank(i + 1)
    if i >= len(lines):
        return "", "", found, evidence
    title = lines[i].strip()
    body_start = i + 1
    if found is None:
        j = next_nonblank(body_start)
        if j < len(lines):
            d = parse_dateline(lines[j])
            if d is not None:
                found, evidence = d, lines[j].strip()
                body_start = j + 1
    raw = "\n".join(lines[body_start:]).strip("\n")
    return title, raw, found, evidence


def article_from_text(
    text: str,
    *,
    shown: str,
    name: str,
    fmt: InputFormat = "text",
    record: int | None = None,
    config: IngestConfig,
    batch: _Batch,
) -> Article | None:
    """One article from decoded plain text, or None after recording why it was skipped."""
    title, raw, found, evidence = split_text(text)
    reason = too_short(raw, config)
    if reason:
        batch.skip(shown, reason, record)
        return None
    art = Article(
        id=make_id(name, record, text),
        origin=Origin(shown, fmt, record),
        raw=raw,
        title=title,
        date=found.isoformat() if found else None,
        date_source="dateline" if found else None,
        date_evidence=evidence,
        language=detect_language(raw),
    )
    batch.articles.append(art)
    return art


def text_from_bytes(data: bytes, *, shown: str, name: str, config: IngestConfig) -> IngestResult:
    batch = _Batch()
    try:
        text, note = decode(data)
    except NotText as exc:
        batch.skip(shown, str(exc))
        return batch.result()
    if note:
        batch.note(shown, note)
    article_from_text(text, shown=shown, name=name, config=config, batch=batch)
    if note and not batch.articles:
        batch.notes.clear()
    return batch.result()


def read_text_file(path: str | Path, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read one plain-text article (``.txt``; ``.txt.gz`` is decompressed)."""
    shown = str(path)
    batch = _Batch()
    data = read_bytes(Path(path), shown, config, batch)
    if data is None:
        return batch.result()
    return text_from_bytes(data, shown=shown, name=Path(path).name, config=config)
