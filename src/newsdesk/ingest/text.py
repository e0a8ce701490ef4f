"""Plain-text articles: the title on the first line, maybe a dateline before or after it.

``raw`` is the text after the title line (newlines normalised to ``\\n``), so the cleaner gets
the body and the title separately. A line that is only a date ("Monday, September 14, 2020")
directly before or after the title is metadata, like the title: it sets ``date`` (with
``date_source="dateline"`` and the line as ``date_evidence``) and is not part of ``raw``.
Datelines that open the first paragraph ("MOSCOW (AP) –", "(Moscow)") stay in ``raw``; their
place is never read as a date, but a full date in them ("SOCHI, Sept. 14, 2020 (AP) –") is used
when no dateline line was found. A first line of more than ``TITLE_MAX_WORDS`` words is prose,
not a title: the title stays empty and ``raw`` is the whole text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from ..caches import cached
from ..config import IngestConfig
from ..model import Article, InputFormat, Origin
from ..text import detect_language, text_size
from ._common import IngestResult, NotText, _Batch, decode, make_id, read_file_with, too_short

# A first line longer than this is prose, not a title (the seeds' titles have 7-17 words; news
# headlines rarely pass 30).
TITLE_MAX_WORDS = 40
# A dateline is a short line: longer lines are headlines or prose that happen to hold a date.
DATELINE_MAX_WORDS = 9
DATELINE_MAX_CHARS = 60
# Cheap gate before dateparser (which is slow on its first call per language and accepts loose
# input): the line must hold a 4-digit year, or be a numeric date such as 14.09.2020.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
# Labels that often precede a date on its own line; removed before parsing.
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:first\s+)?published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|date|last\s+modified)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(
    r"\s*(?:[|,•·–-]|\bat\b)?\s*\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?\s*$", re.I
)


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
    if not _DAY.search(s):  # a full date needs a day number besides the year
        return None
    return _dateparse(s)


_EN_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun of the on st nd rd th am pm "
    "a.m p.m gmt utc bst cet cest est edt pst pdt".split()
)
_ALPHA = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*")


@cached(maxsize=4096)
def _dateparse(s: str) -> date | None:
    """dateparser, English first. Other languages only when the line has non-English words:
    dateparser's language detection loads every language (~2 s) the first time it runs."""
    import dateparser

    strict = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        dt: datetime | None = dateparser.parse(s, languages=["en"], settings=strict)
        if dt is None and any(w.lower() not in _EN_DATE_WORDS for w in _ALPHA.findall(s)):
            dt = dateparser.parse(s, settings=strict)
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
    if text_size(lines[i]) > TITLE_MAX_WORDS:  # the text starts with prose: there is no title line
        return "", "\n".join(lines[i:]).strip("\n"), found, evidence
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
    if found is None:
        found, evidence = opening_dateline(raw)
    return title, raw, found, evidence


# "SOCHI, Russia, Sept. 14, 2020 (AP) — ..." : the place and date before the first dash.
_OPENING = re.compile(
    r"^(?P<head>[^\n]{3,80}?)\s*(?:\([^()\n]{1,30}\)\s*)?[–—]|^(?P<head2>[^\n]{3,80}?)\s+-\s"
)
_AGENCY = re.compile(r"\s*\([^()]{1,30}\)\s*$")


def opening_dateline(body: str) -> tuple[date | None, str | None]:
    """A full date in the dateline that opens the first paragraph ("SOCHI, Sept. 14, 2020 (AP) –").

    Only the part before the first dash is looked at, and only comma-separated tails of it are
    parsed ("Sept. 14, 2020"), so the place name is never read as a date.
    """
    m = _OPENING.match(body.lstrip())
    if not m:
        return None, None
    head = _AGENCY.sub("", m.group("head") or m.group("head2") or "").strip()
    parts = head.split(",")
    for k in range(
        len(parts) - 1, 0, -1
    ):  # shortest tail first: "Sept. 14, 2020" before "Russia, Sept. 14, 2020"
        d = parse_dateline(",".join(parts[k:]))
        if d is not None:
            return d, head
    return None, None


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
    try:
        if article_from_text(text, shown=shown, name=name, config=config, batch=batch) and note:
            batch.note(shown, note)
    except Exception as exc:  # noqa: BLE001 - one odd text is one skipped record, not a failed run
        batch.skip(shown, f"text could not be read ({type(exc).__name__}: {exc})")
    return batch.result()


def read_text_file(path: str | Path, *, config: IngestConfig = IngestConfig()) -> IngestResult:
    """Read one plain-text article (``.txt``; ``.txt.gz`` is decompressed)."""
    return read_file_with(text_from_bytes, path, config)
