"""The team-written sample corpus agrees with its hand labels (samples/labels/*.json).

Labelled strings are exact substrings of the corpus. For a JSONL record, labelled as
``<path>:<line>`` (the ``Origin.label()`` form), strings are looked up in the decoded record: its
``title`` and its ``text`` or ``html`` field.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CORPUS = SAMPLES / "corpus"
LABELS = SAMPLES / "labels"

KINDS = {"original", "syndicated", "spun", "translated", "followup", "offtopic"}
JSONL_FIELDS = {"title", "url", "date", "source"}


def _labels(name: str) -> object:
    return json.loads((LABELS / name).read_text(encoding="utf-8"))


ARTICLES: dict[str, dict] = _labels("articles.json")  # type: ignore[assignment]
FACTS: list[dict] = _labels("facts.json")  # type: ignore[assignment]
QUANTITIES: list[dict] = _labels("quantities.json")  # type: ignore[assignment]
QUOTES: list[dict] = _labels("quotes.json")  # type: ignore[assignment]
ENTITIES: list[dict] = _labels("entities.json")  # type: ignore[assignment]


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def text_of(key: str) -> str:
    """The searchable text of one labelled article: the file, or the decoded JSONL record."""
    if ".jsonl:" in key:
        path, line = key.rsplit(":", 1)
        record = _records(CORPUS / path)[int(line) - 1]
        return record["title"] + "\n" + (record.get("text") or record["html"])
    return (CORPUS / key).read_text(encoding="utf-8")


def corpus_keys() -> set[str]:
    keys = set()
    for path in CORPUS.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(CORPUS).as_posix()
        if rel.endswith(".jsonl"):
            keys |= {f"{rel}:{i}" for i in range(1, len(_records(path)) + 1)}
        else:
            keys.add(rel)
    return keys


def _lines(key: str) -> list[str]:
    """Visible lines of an article (HTML tags stripped), used to find chrome lines."""
    text = re.sub(r"<[^>]+>", "\n", text_of(key))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is_chrome(key: str, line: str) -> bool:
    return any(c in line or line in c for c in ARTICLES[key]["chrome"])


# ---- every file is labelled, and the counts meet the issue's minimums


def test_every_corpus_file_has_a_label_and_no_label_is_stale():
    assert corpus_keys() == set(ARTICLES)


def test_minimum_counts():
    events = Counter(a["event"] for a in ARTICLES.values() if a["event"])
    assert len(ARTICLES) >= 18
    assert len(events) >= 4
    assert events["E1"] >= 6
    assert events["E2"] >= 2
    assert events["E3"] >= 3 and events["E4"] >= 3
    assert len(FACTS) >= 45
    assert [a for a in ARTICLES.values() if a["event"] is None and a["kinds"] == ["offtopic"]]


def test_article_labels_are_well_formed():
    for key, art in ARTICLES.items():
        assert set(art) == {"event", "dup_group", "kinds", "date", "title", "chrome", "body_keys"}, key
        assert art["kinds"] and set(art["kinds"]) <= KINDS, key
        assert re.fullmatch(r"2026-\d\d-\d\d", art["date"]), key
        assert art["body_keys"], key
    assert {k for a in ARTICLES.values() for k in a["kinds"]} == KINDS


def test_event_dates_follow_the_issue():
    months = {a["event"]: set() for a in ARTICLES.values()}
    for a in ARTICLES.values():
        months[a["event"]].add(a["date"][:7])
    assert months["E1"] == {"2026-03"}
    assert months["E2"] == {"2026-08"}
    assert not months["E3"] & {"2026-03", "2026-08"} and not months["E4"] & {"2026-03", "2026-08"}


def test_duplicate_groups_hold_one_original_and_its_copies():
    groups: dict[str, list[dict]] = {}
    for a in ARTICLES.values():
        if a["dup_group"]:
            groups.setdefault(a["dup_group"], []).append(a)
    assert "D1" in groups
    assert {k for a in groups["D1"] for k in a["kinds"]} == {"original", "syndicated", "spun"}
    for members in groups.values():
        assert sum("original" in a["kinds"] for a in members) == 1
        assert len({a["event"] for a in members}) == 1


def test_file_names_do_not_reveal_labels():
    for key in ARTICLES:
        assert not re.search(r"spun|syndic|transl|offtopic|follow|dup|\bE\d\b", key, re.I), key


# ---- every labelled exact string occurs where the label says


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_article_strings_occur_in_their_file(key):
    text = text_of(key)
    art = ARTICLES[key]
    assert art["title"] in text
    for chrome in art["chrome"]:
        assert chrome in text, chrome
    for body in art["body_keys"]:
        assert body in text, body
        assert not _is_chrome(key, body), body


def test_chrome_labels_are_long_enough_or_whole_lines():
    for key, art in ARTICLES.items():
        lines = _lines(key)
        for chrome in art["chrome"]:
            assert len(chrome) >= 40 or chrome in lines, (key, chrome)


def test_fact_mentions_occur_and_source_counts_collapse_copies():
    group = {k: a["dup_group"] or k for k, a in ARTICLES.items()}
    for fact in FACTS:
        files = {m["file"] for m in fact["mentions"]}
        for m in fact["mentions"]:
            assert m["text"] in text_of(m["file"]), (fact["id"], m)
            assert ARTICLES[m["file"]]["event"] == fact["event"], fact["id"]
        assert fact["independent_sources"] == len({group[f] for f in files}), fact["id"]
        if "variants" in fact:
            assert len(fact["variants"]) >= 2, fact["id"]
            assert {f for v in fact["variants"] for f in v["files"]} == files, fact["id"]


def test_facts_cover_one_to_many_sources_and_differing_accounts():
    counts = Counter(min(f["independent_sources"], 4) for f in FACTS)
    assert all(counts[n] > 0 for n in (1, 2, 3, 4)), counts
    assert sum("variants" in f for f in FACTS) >= 3
    assert len({f["id"] for f in FACTS}) == len(FACTS)


def test_quantities_occur_and_one_real_world_amount_has_several_surfaces():
    for q in QUANTITIES:
        assert q["text"] in text_of(q["file"]), q
        assert isinstance(q["value"], (int, float)) and q["unit"], q
    loan = {q["text"] for q in QUANTITIES if q["same_as"] == "Q-loan"}
    assert {"$2.4bn", "€2.2bn", "2.4 billion dollars", "2.2 billion euros", "two point four billion dollars"} <= loan
    talks = {q["text"] for q in QUANTITIES if q["same_as"] == "Q-e1-talks"}
    assert {"three hours", "almost three hours", "more than three hours"} <= talks


MONEY = r"[$€]\s?\d(?:[\d,.]*\d)?(?:\s?(?:bn|m|million|billion)\b)?|\d[\d,.]*\s(?:billions?|millions?)\s(?:of\s)?(?:dollars|euros)"
MONEY += r"|\d[\d,.]*\s(?:dollars|euros)|\bpoint four billion dollars"
PERCENT = r"\d(?:[\d.,]*\d)?\s?(?:%|per cent\b|percent\b)|\b[Tt]welve per cent"
NUMBER = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
DURATION = rf"\b(?:{NUMBER})(?:-| )(?:hours?|days?|weeks?|months?|years?)\b(?! ago)"
QUANTITY = re.compile(f"{MONEY}|{PERCENT}|{DURATION}", re.I)


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_every_money_percentage_and_duration_in_the_body_is_labelled(key):
    """A regex sweep: each amount outside chrome lies inside a labelled quantity of that file."""
    text = text_of(key)
    labelled = [q["text"] for q in QUANTITIES if q["file"] == key]
    covered = [(m.start(), m.end()) for t in labelled for m in re.finditer(re.escape(t), text)]
    for match in QUANTITY.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = re.sub(r"<[^>]+>", " ", text[line_start : line_end if line_end >= 0 else None]).strip()
        if _is_chrome(key, line):
            continue
        assert any(s <= match.start() and match.end() <= e for s, e in covered), (key, match.group(0), line)


def test_quotes_occur_and_speakers_are_labelled_entities():
    canonical = {e["canonical"] for e in ENTITIES}
    for q in QUOTES:
        assert q["quote"] in text_of(q["file"]), q
        assert q["speaker"] in canonical, q


def test_entity_surfaces_occur_in_their_event():
    by_event: dict[str, str] = {}
    for key, art in ARTICLES.items():
        if art["event"]:
            by_event[art["event"]] = by_event.get(art["event"], "") + "\n" + text_of(key)
    for ent in ENTITIES:
        assert ent["type"] in {"PERSON", "ORG", "GPE"}, ent
        for surface in ent["surfaces"]:
            assert surface in by_event[ent["event"]], (ent["canonical"], surface)
    karlov = next(e for e in ENTITIES if e["event"] == "E1" and e["canonical"] == "Pavel Karlov")
    assert {"Karlov", "Karloff", "Mr Karlov", "M. Karloff", "the Ostrian leader"} <= set(karlov["surfaces"])


# ---- the formats and every kind of noise the seeds show are present


def test_formats():
    suffixes = Counter(Path(k.split(".jsonl:")[0] + (".jsonl" if ".jsonl:" in k else "")).suffix for k in ARTICLES)
    assert suffixes[".html"] >= 3 and suffixes[".txt"] >= 10 and suffixes[".jsonl"] >= 2
    for path in CORPUS.rglob("*.jsonl"):
        records = _records(path)
        assert 2 <= len(records) <= 3
        for r in records:
            assert JSONL_FIELDS <= set(r) and ("text" in r or "html" in r), r.keys()
    for path in CORPUS.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        for needle in ("<title>", 'rel="canonical"', 'property="og:site_name"',
                       'property="article:published_time"', 'name="author"', "<nav", "<article", "<footer"):
            assert needle in page, (path.name, needle)
    txt = {k: text_of(k) for k in ARTICLES if k.endswith(".txt")}
    assert any(re.match(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \w+ \d{1,2}, 2026\n", t) for t in txt.values())
    assert any(re.search(r"^[A-Z]{3,}(, [A-Z][a-z]+)? \([A-Za-z]+\) –", t, re.M) for t in txt.values())
    assert any(not re.search(r"20\d\d", t) for t in txt.values())  # an article with no date at all


NOISE = {
    "comment counter": r"^\d+ comments :$|^\d+ Comments$",
    "related articles": r"^Related Articles$",
    "leave a reply": r"^Leave a Reply$",
    "email not published": r"^Your email address will not be published\.",
    "ad-blocker plea": r"(?i)ad ?blocker",
    "author box": r"^About [A-Z][a-z]+ [A-Z][a-z]+$",
    "check also": r"^Check Also$",
    "sidebar teaser": r"(\.\.\.|…)$",
    "read more": r"^Read more: ",
    "widget credit": r"^Blog Widget by ",
    "agency signature": r"^[a-z]{2}/[a-z]{2} \([A-Za-z, ]+\)$",
    "back to top": r"^Back to top button$",
    "featured post": r"^Featured Post$",
    "share or subscribe prompt": r"^(Share this|Subscribe)",
    "photo caption or credit": r"Photo: |Photo by |Image credit: ",
}


@pytest.mark.parametrize("kind", sorted(NOISE))
def test_each_noise_kind_occurs_and_is_labelled_as_chrome(kind):
    hits = [(key, line) for key in ARTICLES for line in _lines(key) if re.search(NOISE[kind], line)]
    assert [(k, line) for k, line in hits if _is_chrome(k, line)], f"no labelled {kind} in the corpus"


def test_required_surface_variation_is_present():
    every = "\n".join(text_of(k) for k in ARTICLES)
    for needle in ("2.4 billion dollars (2.2 billion euros)", "$2.4bn", "€2.2bn", "two point four billion dollars",
                   "almost three hours", "more than three hours", "won fairly with over 70%", "rigged",
                   "Karloff", "M. Karloff", "Mr Karlov", "mortgage", "shut", "historical past", "stated",
                   "In March, Marek said Kestavia would grant a loan", "Agence Continentale de Presse"):
        assert needle in every, needle
