"""The data model: frozen dataclasses that every stage takes and returns.

Everything derived carries provenance: a :class:`Span` points into ``Article.text`` (the cleaned
body) so that ``article.text[span.start:span.end]`` is exactly the text it names. Every input
record ends up either as an :class:`Article` in the result or as a :class:`Skipped` with a reason.

All classes convert to plain JSON-able dicts with :func:`to_dict` (see ``docs/schema.md``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any, Literal

InputFormat = Literal["text", "html", "jsonl", "multinews", "warc", "csv", "json", "feed", "web"]
DateSource = Literal["metadata", "dateline", "content", "estimated"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` in ``Article.text`` of the article ``doc_id``."""

    doc_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Span({self.doc_id!r}, {self.start}, {self.end}): need 0 <= start <= end")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article came from: enough to find the record again by hand."""

    path: str  # file path as given, or "<stdin>"
    format: InputFormat
    record: int | None = None  # 1-based line (JSONL), record (WARC) or document index (cluster file)
    cluster: str | None = None  # cluster id given by the input (Multi-News shape), never used to cluster

    def label(self) -> str:
        """Human-readable locator such as ``data.jsonl:12`` or ``a.warc.gz#3``."""
        if self.record is None:
            return self.path
        sep = ":" if self.format in ("jsonl", "csv") else "#"
        return f"{self.path}{sep}{self.record}"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the ingested text, kept in the body or removed as chrome.

    ``start``/``end`` locate a kept paragraph in ``Article.text``; removed paragraphs have
    ``start == end == -1`` and a ``reason`` such as ``"comment section"``.
    """

    text: str
    kept: bool
    reason: str | None = None
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``raw`` is the text as ingested; ``text`` is the cleaned body.

    Before cleaning, ``text`` is empty and ``paragraphs`` is empty. ``html`` holds the page for
    HTML inputs (it is not written to JSON output).
    """

    id: str
    origin: Origin
    raw: str
    title: str = ""
    text: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    date: str | None = None  # ISO date, YYYY-MM-DD
    date_source: DateSource | None = None
    date_evidence: str | None = None  # the text the date was read from
    date_confidence: float | None = None  # 0-1 for an estimated date (see extract.dates); None otherwise
    date_anchor: str | None = None  # id of the dated article an estimate was placed against (None: text alone)
    url: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    html: str | None = field(default=None, repr=False)
    flags: tuple[QualityFlag, ...] = ()  # source quality flags (cross-source facts stage)

    @property
    def day(self) -> _date | None:
        """``date`` as a :class:`datetime.date` (None when absent or not a full ISO day)."""
        if not self.date:
            return None
        try:
            return _date.fromisoformat(self.date[:10])
        except ValueError:
            return None

    @property
    def removed(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if not p.kept)

    @property
    def kept(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kept)

    def span_text(self, span: Span) -> str:
        if span.doc_id != self.id:
            raise ValueError(f"span belongs to {span.doc_id!r}, not to article {self.id!r}")
        return self.text[span.start : span.end]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input record that did not become an article, with the reason and the fix."""

    path: str
    reason: str
    record: int | None = None
    stage: str = "ingest"

    def label(self) -> str:
        if self.record is None:
            return self.path
        return f"{self.path}{':' if self.path.endswith(('.jsonl', '.csv', '.tsv')) else '#'}{self.record}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article body, located by ``span``."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Copies of one story (exact, syndicated, reposted or spun); counts as one source.

    ``similarity`` gives each member's verified similarity to the representative (the representative's
    own 1.0 first): shingle Jaccard, or the sentence-alignment share for spun copies (see ``dedup``).
    """

    id: str
    representative: str
    members: tuple[str, ...]  # article ids, representative first
    kind: Literal["exact", "near"]
    similarity: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """An article that states a brief sentence; ``span`` is where it says it."""

    article_id: str
    span: Span
    score: float = 1.0  # similarity of the cited sentence to the brief sentence (1.0 = source)


EditReason = Literal["spun", "pronoun", "connective", "title", "speaker", "name", "parenthetical", "ellipsis", "day", "spacing"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change made to a source sentence so that it reads on its own in a brief.

    ``span`` is the replaced source text (``original``), ``replacement`` what the brief shows
    instead ("" for a deleted connective); ``evidence`` is where the replacement was read (the
    referent's name, the other source's title), None for a known spinner substitution reversed and
    for a relative day named from the article's stated date (its ``date_evidence``).
    """

    span: Span
    original: str
    replacement: str
    reason: EditReason
    evidence: Span | None = None


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """A sentence of a headline or brief: taken from ``source``, stated by every ``citations``.

    ``text`` is the source sentence with ``edits`` applied (resolved pronouns, repaired spun
    wording); with no edits it is the source text verbatim.
    """

    text: str
    source: Span
    citations: tuple[Citation, ...]
    edits: tuple[Edit, ...] = ()

    @property
    def repaired(self) -> bool:
        """True when spun wording of the source was repaired (the brief marks such sentences)."""
        return any(e.reason == "spun" for e in self.edits)


@dataclass(frozen=True, slots=True)
class Brief:
    event_id: str
    headline: BriefSentence | None
    sentences: tuple[BriefSentence, ...]
    # The language the brief is written in (ISO 639-1; None: unknown). A sentence whose source
    # article is in another language is shown in that language and marked by the renderers.
    language: str | None = None

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Event:
    """A group of articles about one happening at one time.

    ``articles`` lists every member (duplicates included); ``sources`` lists one representative
    per duplicate group, which is what counts as independent reporting.
    """

    id: str
    articles: tuple[str, ...]
    sources: tuple[str, ...]
    date: str | None = None
    date_evidence: str | None = None
    date_estimated: bool = False  # the date was estimated from content (no source states it)
    date_confidence: float | None = None  # the estimate's confidence, 0-1 (None when not estimated)
    follow_up_of: str | None = None  # id of an earlier event this one follows up
    follow_up_evidence: str | None = None  # why (shared key entities, recalled facts); set with follow_up_of


@dataclass(frozen=True, slots=True)
class Result:
    """Everything one pipeline run produced."""

    articles: tuple[Article, ...]
    duplicate_groups: tuple[DuplicateGroup, ...]
    events: tuple[Event, ...]
    briefs: tuple[Brief, ...]
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()  # things to know about inputs that were kept (e.g. a decoding fallback)
    analyses: tuple[EventAnalysis, ...] = ()  # cross-source facts, one per event (same order)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def brief_for(self, event: Event | str) -> Brief | None:
        """The brief of ``event`` (an :class:`Event` or its id). A ``KeyError`` names an event that
        is not in this result; None only for an event of the result that has no brief (yet)."""
        if isinstance(event, Event):
            event_id = event.id
        elif isinstance(event, str):
            event_id = event
        else:
            raise TypeError(f"brief_for takes an Event or an event id, not {type(event).__name__}")
        found = next((b for b in self.briefs if b.event_id == event_id), None)
        if found is None and not any(e.id == event_id for e in self.events):
            shown = ", ".join(e.id for e in self.events[:3]) + (", ..." if len(self.events) > 3 else "")
            raise KeyError(f"no event {event_id!r} in this result (its events: {shown or 'none'})")
        return found

    def to_records(self, table: str = "events", *, include_raw: bool = False) -> list[dict[str, Any]]:
        """One table as a list of flat dicts (``events``, ``articles`` or ``facts``: see
        ``newsdesk.render.csv``), e.g. ``pandas.DataFrame(result.to_records("articles"))``."""
        from .render.csv import records

        return records(self, table, include_raw=include_raw)


_HIDDEN_FIELDS = {"html"}


def to_dict(obj: Any) -> Any:
    """Convert model objects (and containers of them) to JSON-able data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            if f.name in _HIDDEN_FIELDS:
                continue
            out[f.name] = to_dict(getattr(obj, f.name))
        return out
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


# ------------------------------------------------------------------------------ Cross-source facts
# Written by the facts stage (``newsdesk.extract`` + ``newsdesk.consolidate``). Every item carries
# spans into ``Article.text``; ids are stable within one result.

FlagKind = Literal["spun", "machine_translated", "copy", "chrome_share", "off_topic"]


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """A reason to trust a source less. Flags lower its weight in facts; they never hide it."""

    kind: FlagKind
    evidence: str  # human-readable: what was found
    spans: tuple[Span, ...] = ()  # where (empty when the evidence is not in the kept text)
    score: float = 0.0  # strength of the evidence (meaning given per kind in consolidate/flags.py)


@dataclass(frozen=True, slots=True)
class EntityMention:
    text: str
    span: Span
    how: str = "name"  # name | surname | title | role | gazetteer


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place of an event, under one canonical name."""

    id: str
    canonical: str
    type: Literal["person", "organisation", "place"]
    mentions: tuple[EntityMention, ...]
    surfaces: tuple[str, ...]  # distinct surface forms, most frequent first
    articles: tuple[str, ...]
    evidence: tuple[str, ...] = ()  # why role nouns were attached ("Russian President Vladimir Putin")


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount: money (``currency`` set), percent, duration, count or measure (km, Wh, tonnes)."""

    id: str
    text: str
    span: Span
    kind: Literal["money", "percent", "duration", "count", "measure"]
    value: float  # in units of ``unit`` (1.5 billion dollars -> 1.5e9, unit "USD")
    unit: str  # currency code, "percent", "hour"/"day"/..., "km"/"Wh"..., the counted noun ("people",
    # "ship"); a rate adds "/day", "/year", "/1000m3"
    currency: str | None = None
    qualifier: str | None = None  # almost | more than | around | at least | ... (normalised)
    context: str = ""  # the words the amount is about, e.g. "loan"


@dataclass(frozen=True, slots=True)
class QuantityLink:
    """Quantities that state one amount: ``conversion`` (same figure in two currencies, in one
    article) or ``same_amount`` (different articles reporting the same thing)."""

    kind: Literal["conversion", "same_amount"]
    quantities: tuple[str, ...]  # Quantity ids
    evidence: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text, resolved against the article's own date when it is relative."""

    text: str
    span: Span
    date: str | None  # YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year); None when unresolvable
    granularity: Literal["day", "week", "month", "season", "year"]
    relative: bool
    tense: Literal["past", "future"] = "past"
    anchor: str | None = None  # the article date it was resolved against


@dataclass(frozen=True, slots=True)
class Quote:
    text: str  # inside the quote marks
    span: Span  # the quoted words (without the marks)
    speaker: str | None = None  # as written ("the Belarusian leader", "Peskov")
    speaker_span: Span | None = None
    entity: str | None = None  # Entity id of the speaker
    canonical: str | None = None  # the speaker's canonical name


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement (sentence or clause) of one article."""

    article_id: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Fact:
    """Statements from several articles that assert the same thing.

    ``sources`` are the independent ones (one per duplicate group); ``weight`` sums their trust
    (lower for flagged sources).
    """

    id: str
    statement: str  # the clearest claim, verbatim
    claims: tuple[Claim, ...]
    articles: tuple[str, ...]
    sources: tuple[str, ...]
    weight: float
    entities: tuple[str, ...] = ()  # canonical names
    quantities: tuple[str, ...] = ()  # Quantity ids
    attribution: str | None = None  # who the claim is attributed to ("the Kremlin"); None: the outlets' own
    polarity: int = 1  # 1 states the claim, -1 denies or negates it ("Norvik denied ...")
    mood: str = "asserted"  # "asserted" | "hypothetical" (a conditional, "could", "may")
    language: str | None = None  # the language ``statement`` is written in (set when the brief's language is known)


@dataclass(frozen=True, slots=True)
class Variant:
    value: str  # "almost four hours", "rigged"
    claims: tuple[Claim, ...]
    articles: tuple[str, ...]
    sources: tuple[str, ...]
    speakers: tuple[str, ...] = ()  # who says so, when attributed ("Dmitry Peskov", "the opposition")
    quantities: tuple[str, ...] = ()  # Quantity ids stating this version (quantity accounts)
    language: str | None = None  # the language ``value`` is quoted in (set when the brief's language is known)


@dataclass(frozen=True, slots=True)
class DifferingAccount:
    """One point on which statements differ, with each version and who gave it."""

    id: str
    point: str  # "how long the talks lasted", "the August election"
    kind: Literal["quantity", "stance"]
    variants: tuple[Variant, ...]
    language: str | None = None  # the language ``point`` is said in (set when the brief's language is known)


@dataclass(frozen=True, slots=True)
class EventAnalysis:
    """Everything the facts stage found for one event."""

    event_id: str
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quantity_links: tuple[QuantityLink, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()  # agreed facts first, most independent sources first
    differing: tuple[DifferingAccount, ...] = ()
    notes: tuple[str, ...] = ()  # what the analysis bounded or left out, and why

    @property
    def agreed(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if len(f.sources) >= 2)
