"""Summarizer: headline + cited brief, quality filter, redundancy, determinism, CLI, model export."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.config import SummarizeConfig
from newsdesk.errors import ConfigError
from newsdesk.model import Article, Event, Origin, Paragraph, to_dict
from newsdesk.summarize import (
    SUMMARIZERS,
    sentence_problem,
    summarize_articles,
    summarize_clusters,
    summarize_event,
)
from newsdesk.summarize.ranker import DEFAULT_WEIGHTS, Trees, default_model, load
from newsdesk.summarize.select import compress, strip_dateline
from newsdesk.summarize import edit

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "summarize" / "bridge.json"


def _article(d: dict) -> Article:
    paras, parts, pos = [], [], 0
    for p in d["paragraphs"]:
        if parts:
            pos += 2
        paras.append(Paragraph(p, True, None, pos, pos + len(p)))
        parts.append(p)
        pos += len(p)
    text = "\n\n".join(parts)
    return Article(
        id=d["id"],
        origin=Origin(f"{d['id']}.txt", "text"),
        raw=text,
        title=d["title"],
        text=text,
        paragraphs=tuple(paras),
    )


@pytest.fixture(scope="module")
def bridge() -> dict[str, Article]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {d["id"]: _article(d) for d in data["articles"]}


@pytest.fixture(scope="module")
def event() -> Event:
    return Event(
        id="ev1", articles=("herald", "valley", "wire", "wire-copy"), sources=("herald", "valley", "wire")
    )


def _check_spans(brief, articles: dict[str, Article]) -> None:
    for s in [*brief.sentences, *([brief.headline] if brief.headline else [])]:
        src = articles[s.source.doc_id]
        assert s.citations[0].article_id == s.source.doc_id
        for c in s.citations:
            assert c.span.doc_id == c.article_id
            cited = articles[c.article_id].text[c.span.start : c.span.end]
            assert cited.strip() and cited == cited.strip()
        full = src.text[s.source.start : s.source.end]
        for e in s.edits:  # every edit names the source text it replaced, and where its words come from
            assert articles[e.span.doc_id].text[e.span.start : e.span.end] == e.original
            if e.evidence is not None:
                assert articles[e.evidence.doc_id].text[e.evidence.start : e.evidence.end].strip()
        if s is not brief.headline:
            assert edit.apply(full, s.source.start, s.edits) == s.text
        else:  # compressed by deletions only: its words appear in order in the (edited) source sentence
            it = iter(edit.apply(full, s.source.start, s.edits).split())
            assert all(w in it for w in s.text.split()), (s.text, full)


# ------------------------------------------------------------------------------ event briefs
def test_event_brief_headline_and_budget(bridge, event):
    brief = summarize_event(event, bridge, config=SummarizeConfig(words=60))
    assert brief.event_id == "ev1"
    assert brief.headline is not None
    h = brief.headline.text
    assert len(h.split()) <= 40
    assert h.count(". ") == 0 and h.endswith(".")
    assert not h.startswith("RIVERTON")  # the dateline is deleted from a headline
    assert 60 - 25 <= brief.words <= 60  # a hard budget, filled up to less than one sentence


def test_every_span_resolves(bridge, event):
    brief = summarize_event(event, bridge, config=SummarizeConfig(words=250))
    assert brief.sentences
    _check_spans(brief, bridge)


def test_fact_stated_by_three_outlets_is_cited_three_times(bridge, event):
    brief = summarize_event(event, bridge, config=SummarizeConfig(words=250))
    loan = [s for s in [brief.headline, *brief.sentences] if "42" in s.text]
    assert len(loan) == 1, [s.text for s in brief.sentences]  # stated three times, said once
    cited = {c.article_id for c in loan[0].citations}
    assert {"herald", "valley", "wire"} <= cited
    # the duplicate of the wire story counts as one source for selection but is cited too
    assert "wire-copy" in cited
    assert all(s.source.doc_id != "wire-copy" for s in brief.sentences)


def test_event_brief_does_not_restate_its_headline(bridge, event):
    brief = summarize_event(event, bridge, config=SummarizeConfig(words=1000))
    assert brief.headline is not None
    assert all(
        s.source.start >= brief.headline.source.end
        or s.source.end <= brief.headline.source.start
        or s.source.doc_id != brief.headline.source.doc_id
        for s in brief.sentences
    )
    # summarize_articles (what the benchmark scores) keeps the best sentence in the brief as well
    flat = summarize_articles([bridge[a] for a in event.sources], config=SummarizeConfig(words=1000, method="newsdesk"))
    assert any(
        s.source.doc_id == flat.headline.source.doc_id and s.source.end == flat.headline.source.end
        for s in flat.sentences
    )


def test_brief_never_contains_chrome_or_questions(bridge, event):
    brief = summarize_event(event, bridge, config=SummarizeConfig(words=1000))
    texts = [s.text for s in brief.sentences]
    assert texts  # the whole event fits: every fit sentence may be chosen
    for bad in ("Photo:", "Read more", "What do you think", "Sign up", "Copyright"):
        assert not any(bad in t for t in texts), bad


def test_near_identical_sentences_never_both_selected(bridge):
    brief = summarize_articles([bridge["wire"], bridge["wire-copy"]], config=SummarizeConfig(words=1000))
    texts = [s.text for s in brief.sentences]
    assert len(texts) == len(set(texts)) == 4
    assert sum("1931" in t for t in texts) == 1


def test_deterministic(bridge, event):
    a = to_dict(summarize_event(event, bridge, config=SummarizeConfig(words=80)))
    b = to_dict(summarize_event(event, bridge, config=SummarizeConfig(words=80)))
    assert a == b


@pytest.mark.parametrize("method", sorted(SUMMARIZERS))
def test_every_method_gives_a_cited_brief(bridge, method):
    brief = summarize_articles(list(bridge.values())[:3], config=SummarizeConfig(words=50, method=method))
    assert brief.sentences and brief.headline
    _check_spans(brief, bridge)


def test_unknown_method_is_a_config_error(bridge):
    with pytest.raises(ConfigError, match="method"):
        summarize_articles(list(bridge.values()), config=SummarizeConfig(method="nope"))


def test_empty_input_gives_empty_brief():
    brief = summarize_articles([])
    assert brief.sentences == () and brief.headline is None


# ------------------------------------------------------------------------------ quality filter
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Photo: Jane Doe/Riverton Herald", "caption"),
        ("Vladimir Putin greets Alexander Lukashenko in Sochi (AP Photo/Sergei Ilyin)", "caption"),
        ("Image copyright Getty Images Image caption The president arrived on Monday.", "caption"),
        ("What do you think about the new bridge plan for the city?", "question"),
        ('Would you pay more in taxes for a safer bridge?"', "question"),
        ("Read more: our full coverage of the bridge debate is available online.", "chrome"),
        ("Sign up for our newsletter to get the latest local news every morning.", "chrome"),
        ("Tweet with a location. You can add location information to your Tweets.", "chrome"),
        ("Copyright 2024 Example Wire. All rights reserved.", "chrome"),
        ("Click the button below to see the full gallery of images.", "prompt"),
        ("Putin backs Lukashenko.", "fragment: too short"),
        ("BREAKING NEWS FROM THE CITY COUNCIL MEETING TONIGHT", "fragment: all caps"),
        ("Good Country Index Is Released, US Not In The Top 20", "fragment: title case"),
        (
            '"We will not ask the council whether we are going to build the bridge or not,',
            "fragment: unbalanced quotes",
        ),
        ("and the council then moved on to the next item on its agenda.", "fragment: starts mid-sentence"),
        ("The longest serving mayor in the history of the small river town of Riverton", "fragment: no verb"),
        (
            "Rings on show: the couple wore their wedding rings as they left a restaurant in New York",
            "caption",
        ),
        ("A post shared by River Band (@riverband) on Jun 20, 2017 at 11:32am PDT", "chrome"),
        (
            "The council approved the plan after a long debate that went on late into the night",
            "fragment: no closing punctuation",
        ),
    ],
)
def test_quality_filter_rejects(text, reason):
    assert sentence_problem(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The Riverton city council on Tuesday approved a $42 million plan to replace the bridge.",
        "Russian President Vladimir Putin welcomed Belarusian President Alexander Lukashenko for talks.",
        '"I am certain that, given your long experience, this work will go well," the mayor said.',
        "Sweden tops the list of good countries this year.",
        "Mr Putin also offered help, saying Russia would extend Minsk a loan of €1.26bn.",
    ],
)
def test_quality_filter_keeps_news_sentences(text):
    assert sentence_problem(text) is None


# ------------------------------------------------------------------------------ compression
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "MOSCOW (AP) – The Russian leader welcomed his Belarusian guest on Monday.",
            "The Russian leader welcomed his Belarusian guest on Monday.",
        ),
        (
            "(Moscow) Contested since August, Lukashenko met Putin on Monday.",
            "Contested since August, Lukashenko met Putin on Monday.",
        ),
        (
            "LONDON, Sept 14 (Reuters) - Britain said on Monday it would act.",
            "Britain said on Monday it would act.",
        ),
        ("The US is Putin's ally, no.", "The US is Putin's ally, no."),
    ],
)
def test_strip_dateline(text, expected):
    assert strip_dateline(text) == expected


def test_compress_deletes_parentheticals_and_trailing_attribution():
    text = "Putin said Moscow would lend $1.5 billion (1.26 billion euros) to Minsk, the Kremlin said."
    assert compress(text) == "Putin said Moscow would lend $1.5 billion to Minsk."


# ------------------------------------------------------------------------------ ranker weights
def test_exported_trees_predict_like_sklearn():
    from sklearn.ensemble import GradientBoostingRegressor

    from newsdesk.summarize.features import FEATURES

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, len(FEATURES)))
    y = X[:, 0] * 2 + np.sin(X[:, 3]) + rng.normal(scale=0.1, size=300)
    model = GradientBoostingRegressor(n_estimators=20, max_depth=3, random_state=0).fit(X, y)
    trees = Trees.from_json(json.loads(json.dumps(Trees.from_sklearn(model).to_json())))
    assert np.allclose(trees.predict(X), model.predict(X))


def test_shipped_weights_load_and_are_small():
    assert DEFAULT_WEIGHTS.exists(), "train with benchmarks/train_ranker.py"
    assert DEFAULT_WEIGHTS.stat().st_size < 2_000_000
    model = load(DEFAULT_WEIGHTS)
    assert model is default_model() or model.features == default_model().features
    assert len(model.trees) > 10


# ------------------------------------------------------------------------------ clusters and CLI
POISON = "POISONED REFERENCE TEXT THAT MUST NEVER APPEAR"


@pytest.fixture()
def cluster_file(tmp_path, bridge) -> Path:
    p = tmp_path / "clusters.jsonl"
    rows = [
        {"id": "c1", "documents": [bridge["herald"].text, bridge["valley"].text], "summary": POISON},
        {"id": "c2", "documents": [bridge["wire"].text], "summary": POISON},
        {"id": "c3", "documents": [], "summary": POISON},
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


def test_summarize_clusters_keeps_order_and_ignores_summary(cluster_file):
    recs = list(summarize_clusters(cluster_file, config=SummarizeConfig(words=40), headline=True))
    assert [r["id"] for r in recs] == ["c1", "c2", "c3"]
    assert recs[0]["summary"] and recs[0]["headline"]
    assert recs[2]["summary"] == "" and recs[2]["sentences"] == []
    assert POISON not in json.dumps(recs)
    for r in recs:
        assert r["summary"] == " ".join(s["text"] for s in r["sentences"])


def test_cli_writes_one_json_line_per_cluster(cluster_file, tmp_path, capsys):
    from newsdesk.cli import main

    out = tmp_path / "out.jsonl"
    assert main(["summarize", str(cluster_file), "--words", "50", "--headline", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    recs = [json.loads(line) for line in lines]
    assert [r["id"] for r in recs] == ["c1", "c2", "c3"]
    assert set(recs[0]) == {"id", "summary", "headline", "sentences"}
    assert POISON not in out.read_text(encoding="utf-8")

    assert main(["summarize", str(cluster_file), "-q"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_cli_help_ends_with_example(capsys):
    from newsdesk.cli import main

    with pytest.raises(SystemExit):
        main(["summarize", "--help"])
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("example: newsdesk summarize")


# ------------------------------------------------------------------------------ real data
def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_multinews_sanity(multinews):
    """Quick sanity check (not a floor): on 20 clusters newsdesk beats random sentences."""
    import itertools
    import random

    from newsdesk.evaluate.rouge import clean_reference, score_many
    from newsdesk.summarize.clusters import read_clusters
    from newsdesk.text import split_sentences

    print("data sha256", _sha(multinews))
    refs = [json.loads(line)["summary"] for line in itertools.islice(multinews.open(encoding="utf-8"), 20)]
    ours = [
        r["summary"]
        for r in itertools.islice(summarize_clusters(multinews, config=SummarizeConfig(words=300)), 20)
    ]
    rand = []
    for _, arts in itertools.islice(read_clusters(multinews), 20):
        pool = [s for a in arts for s in split_sentences(a.text)]
        random.Random(1).shuffle(pool)
        rand.append(" ".join(" ".join(pool).split()[:300]))
    refs = [clean_reference(r) for r in refs]
    ours = [" ".join(s.split()[:300]) for s in ours]
    r_ours = score_many(refs, ours, ("rouge1",))["rouge1"].mean()
    r_rand = score_many(refs, rand, ("rouge1",))["rouge1"].mean()
    print(f"R1 newsdesk {r_ours:.3f} random {r_rand:.3f}")
    assert r_ours > r_rand


@pytest.mark.slow
def test_seed_brief_cites_the_loan_from_several_sources(seeds):
    ingest = pytest.importorskip("newsdesk.ingest")
    clean = pytest.importorskip("newsdesk.clean")
    files = sorted(seeds.iterdir())
    print("seeds sha256", hashlib.sha256(b"".join(_sha(f).encode() for f in files)).hexdigest())
    read = ingest.read_any([str(f) for f in files])
    arts = clean.clean_articles(read.articles).articles
    assert len(arts) >= 4
    brief = summarize_articles(arts, config=SummarizeConfig(words=250))
    by_id = {a.id: a for a in arts}
    _check_spans(brief, by_id)
    loan = [s for s in brief.sentences if "loan" in s.text.lower() and ("1.5" in s.text or "1.26" in s.text)]
    assert loan, [s.text for s in brief.sentences]
    assert max(len({c.article_id for c in s.citations}) for s in loan) >= 2


# ------------------------------------------------------------------------------ out-of-fold
def _crossval_file(path: Path, bridge: dict[str, Article], first_summary: str) -> Path:
    texts = [a.text for a in bridge.values()]
    ref = "The Riverton council approved a $42 million plan to replace the Mill Street bridge, built in 1931."
    rows = [
        {
            "id": f"c{k}",
            "documents": [texts[k % 4], texts[(k + 1) % 4]],
            "summary": first_summary if k == 0 else ref,
        }
        for k in range(6)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_crossval_never_uses_a_clusters_own_summary(tmp_path, bridge):
    from newsdesk.summarize import crossval_summaries

    a = crossval_summaries(
        _crossval_file(tmp_path / "a.jsonl", bridge, "Opponents argued about road repairs."),
        folds=2,
        words=40,
        headline=True,
    )
    b = crossval_summaries(
        _crossval_file(tmp_path / "b.jsonl", bridge, "Engineers expect 30,000 vehicles a day."),
        folds=2,
        words=40,
        headline=True,
    )
    assert [r["id"] for r in a] == [f"c{k}" for k in range(6)]
    assert all(r["summary"] and r["headline"] for r in a)
    # c0's reference differs between the runs, yet c0 is summarized by a model that never saw it
    assert a[0] == b[0]


# ------------------------------------------------------------------------------ properties
def test_event_without_sources_uses_its_articles(bridge):
    ev = Event(id="ev2", articles=("herald", "valley"), sources=())
    brief = summarize_event(ev, bridge, config=SummarizeConfig(words=40))
    assert brief.sentences and {s.source.doc_id for s in brief.sentences} <= {"herald", "valley"}


def _paragraph_pool() -> list[str]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [p for d in data["articles"] for p in d["paragraphs"]]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_paragraph_pool()), min_size=1, max_size=6), min_size=1, max_size=4),
    st.integers(min_value=10, max_value=300),
)
def test_any_event_gives_resolving_spans_and_fit_sentences(docs, words):
    arts = {f"a{k}": _article({"id": f"a{k}", "title": "", "paragraphs": ps}) for k, ps in enumerate(docs)}
    brief = summarize_articles(list(arts.values()), config=SummarizeConfig(words=words))
    _check_spans(brief, arts)
    assert all(sentence_problem(s.text) is None for s in brief.sentences)
    if brief.headline:
        assert len(brief.headline.text.split()) <= 40


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("COEUR d'ALENE, Idaho _ Issuing a verdict, a jury ordered the group to pay.",
         "Issuing a verdict, a jury ordered the group to pay."),  # a lowercase particle in the place
        ("MOSCOW (AP) – Putin met Lukashenko.", "Putin met Lukashenko."),
        ("WASHINGTON _ The Senate voted.", "The Senate voted."),
        ("ISTANBUL (Turkey), August 21 (Xinhua) -- Blaze in a refinery is under control.",
         "Blaze in a refinery is under control."),
        ("The PRESIDENT said no.", "The PRESIDENT said no."),
    ],
)
def test_a_dateline_is_no_part_of_the_brief_sentence(text: str, shown: str) -> None:
    from newsdesk.summarize.select import strip_dateline

    assert strip_dateline(text) == shown
