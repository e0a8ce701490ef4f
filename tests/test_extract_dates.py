"""Dates in text resolved against the article date; estimation of missing article dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.extract.dates import estimate_article_dates, find_dates
from newsdesk.model import Article, Origin

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"
_DATELINE = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\w+) (\d+), (\d{4})$")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def load(name: str) -> Article:
    """A fixture article: first line the title, an optional dateline, then the body."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    title, rest = lines[0], [x for x in lines[1:]]
    date = None
    for i, line in enumerate(rest):
        if line.strip():
            m = _DATELINE.match(line.strip())
            if m:
                date = f"{m.group(3)}-{_MONTHS.index(m.group(1)) + 1:02d}-{int(m.group(2)):02d}"
                rest = rest[i + 1 :]
            break
    body = "\n".join(rest).strip()
    return Article(id=name.split(".")[0], origin=Origin(str(FIXTURES / name), "text"), raw=body, title=title,
                   text=body, date=date, date_source="dateline" if date else None)


@pytest.mark.parametrize(
    ("text", "base", "mention", "resolved", "granularity", "tense"),
    [
        ("The leaders met in Sochi on Monday.", "2020-09-14", "Monday", "2020-09-14", "day", "past"),
        ("Protests were held on Sunday.", "2020-09-14", "Sunday", "2020-09-13", "day", "past"),
        ("The drills will start on Monday.", "2020-09-16", "Monday", "2020-09-21", "day", "future"),
        ("thousands marched in Ostrov yesterday", "2020-09-14", "yesterday", "2020-09-13", "day", "past"),
        ("his win in 9 August local polls", "2020-09-14", "9 August", "2020-08-09", "day", "past"),
        ("Prior to the August 9 elections", "2021-02-22", "August 9", "2020-08-09", "day", "past"),
        ("In September, the Kremlin agreed to grant a loan", "2021-02-22", "September", "2020-09", "month", "past"),
        ("the first batch arrived in December", "2021-02-22", "December", "2020-12", "month", "past"),
        ("production would begin in Drevnia in March", "2021-02-22", "March", "2021-03", "month", "future"),
        ("Earlier this month, the newspaper quoted sources", "2021-02-22", "Earlier this month", "2021-02", "month",
         "past"),
        ("denied the report last week", "2021-02-22", "last week", "2021-02-15", "week", "past"),
        ("the scene from two weeks ago", "2020-09-14", "two weeks ago", "2020-08-31", "week", "past"),
        ("a vaccine by the autumn", "2021-02-22", "the autumn", "2021-09", "season", "future"),
        ("The minister promised at the end of August a new law", "2020-09-14", "the end of August", "2020-08", "month",
         "past"),
        ("Monday, September 14, 2020", None, "September 14, 2020", "2020-09-14", "day", "past"),
        ("held on 14 September 2020 in Sochi", None, "14 September 2020", "2020-09-14", "day", "past"),
        ("in power until 2036", "2020-09-14", "2036", "2036", "year", "future"),
    ],
)
def test_find_dates(text: str, base: str | None, mention: str, resolved: str | None, granularity: str,
                    tense: str) -> None:
    ms = find_dates(text, "doc", base)
    m = next(m for m in ms if m.text == mention or mention in m.text)
    assert text[m.span.start : m.span.end] == m.text
    if resolved is not None:
        assert m.date == resolved
    assert (m.granularity, m.tense) == (granularity, tense)


@pytest.mark.parametrize("text", ["Protesters march in Minsk", "You may see this", "a second round"])
def test_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text, "doc", "2020-09-14") == ()


def test_relative_dates_without_a_base_are_kept_unresolved() -> None:
    (m,) = find_dates("They met on Monday.", "doc", None)
    assert m.text == "Monday" and m.date is None and m.relative


def test_estimate_article_dates_on_fixtures() -> None:
    names = ["a1_wire.txt", "a2_courier.txt", "a3_translated.txt", "a4_spun.txt", "a5_followup.txt"]
    arts = [load(n) for n in names]
    assert [a.date for a in arts] == ["2026-05-05", None, None, None, None]
    out = {a.id: a for a in estimate_article_dates(arts)}
    assert out["a1_wire"] is arts[0]  # a dated article is returned unchanged
    for aid in ("a2_courier", "a3_translated", "a4_spun"):
        # they say "in March" (past) and share a fifth of their words with the dated wire report
        assert out[aid].date == "2026-05-05"
        assert out[aid].date_source == "estimated"
        assert "a1_wire" in (out[aid].date_evidence or "")
    # the follow-up recalls May and July as past and November as future: it is dated between them,
    # far enough from the May meeting for the clustering window to keep it apart
    follow = out["a5_followup"]
    assert follow.date_source == "estimated"
    assert "2026-08-01" <= (follow.date or "") <= "2026-10-31"
    assert '"May"' in (follow.date_evidence or "") and '"November"' in (follow.date_evidence or "")


def test_an_article_without_references_or_close_neighbour_stays_undated() -> None:
    dated = load("a1_wire.txt")
    lone = Article(id="x", origin=Origin("x", "text"), raw="", text="The garden needs water when it is dry.")
    out = estimate_article_dates([dated, lone])
    assert out[1].date is None and out[1].date_source is None


def _plain(aid: str, text: str, date: str | None = None, source: str | None = None) -> Article:
    return Article(id=aid, origin=Origin(aid, "text"), raw=text, text=text, date=date, date_source=source)  # type: ignore[arg-type]


def test_background_full_dates_never_date_an_article() -> None:
    # the wreck sank in 1944: that is history, not when the article ran
    wreck = _plain("w", "Explorers found the wreck of the battleship Musashi in the Sibuyan Sea. "
                        "The ship sank on October 24, 1944, during the war. The team said the find was moving.")
    (out,) = estimate_article_dates([wreck])
    assert out.date is None
    # an older full date is background when the article names a later year
    later = _plain("l", "The company was created on March 3, 2001. In 2015 it was sold for $2 billion.")
    (out,) = estimate_article_dates([later])
    assert out.date is None or not out.date.startswith("2001")


def test_estimates_say_how_sure_they_are_and_fall_on_the_named_weekday() -> None:
    anchor = _plain("a", "Leaders met in Sochi in August and in September to talk about a loan for the "
                         "country, officials said after the talks.", "2020-09-14", "dateline")
    later = _plain("b", "The two leaders met on Monday in Sochi. After the August vote, a loan was granted in "
                        "September. The first vaccines arrived in December. Production will begin in March.")
    out = {a.id: a for a in estimate_article_dates([anchor, later])}
    b = out["b"]
    assert b.date_source == "estimated" and b.date_confidence is not None and 0 < b.date_confidence < 0.5
    assert "2021-01-01" <= (b.date or "") <= "2021-02-28" and b.day is not None and b.day.weekday() == 0  # Monday
    assert b.date_anchor == "a"  # placed against the published September date
    assert f"confidence {b.date_confidence:.2f}" in (b.date_evidence or "")


def test_only_anchored_estimates_constrain_the_clustering_window() -> None:
    import dataclasses

    from newsdesk.extract.dates import window_day

    alone = _plain("x", "It happened in May.", "2016-05-31", "estimated")
    assert window_day(alone) is None  # from the text alone: a hint, no constraint
    anchored = dataclasses.replace(alone, date_anchor="y", date_confidence=0.4)
    assert window_day(anchored) is not None and window_day(anchored).isoformat() == "2016-05-31"
    published = _plain("p", "Text.", "2016-05-31", "metadata")
    assert window_day(published) is not None
