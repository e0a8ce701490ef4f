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
