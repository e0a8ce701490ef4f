"""ROUGE conventions, the bootstrap, the shared truncation, the baselines and the summary report.

The cluster below is written for these tests (a made-up event); nothing here comes from Multi-News.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsdesk.evaluate import baselines as B
from newsdesk.evaluate import rouge as R
from newsdesk.evaluate.summaries import NEWSDESK_OOF, NEWSDESK_SHIPPED, ORACLE, SYSTEMS, evaluate_summaries
from newsdesk.text import split_sentences

ARTICLES = [
    "The Harwick river bridge reopened to traffic on Monday after eight months of repairs. "
    "Engineers replaced the steel cables that had rusted through during last winter's floods. "
    "The repairs cost 4.2 million pounds, the county council said.\n\n"
    "Local shop owners said the closure had cut their trade by a third. "
    "Buses will return to the old route from Wednesday.",
    "Drivers crossed the Harwick bridge again on Monday morning as the county council ended the "
    "closure that began in the spring. "
    "The council said the work came in under its budget of five million pounds. "
    "A cyclist said the detour had added twenty minutes to her commute.\n\n"
    "The mayor thanked residents for their patience and cut a ribbon at the north end.",
    "Repairs to the flood-damaged Harwick bridge are finished, officials announced. "
    "The bridge carries about 12,000 vehicles a day. "
    "Inspectors found rusted cables after the floods and closed the crossing in March. "
    "Weather permitting, painting of the railings will continue at night until June.",
]
REFERENCE = (
    f"{R.REFERENCE_PREFIX}The Harwick bridge is open again. The county council reopened the "
    "flood-damaged crossing on Monday after eight months of repairs to its rusted steel cables, "
    "which cost 4.2 million pounds. "
    "About 12,000 vehicles use the bridge each day, and shop owners say the closure cut their trade "
    "by a third."
)


def _oracle(texts, **kw):
    return B.oracle(texts, R.clean_reference(REFERENCE), **kw)


ALL_BASELINES = [*B.BASELINES.items(), ("oracle", _oracle)]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _input_sentences() -> list[str]:
    return [_norm(s) for t in ARTICLES for s in split_sentences(t)]


def _r12(sentences: list[str]) -> float:
    f = R.score(R.clean_reference(REFERENCE), R.join_sentences(sentences), ("rouge1", "rouge2"))
    return f["rouge1"] + f["rouge2"]


# ------------------------------------------------------------------------------------------ ROUGE
_word = st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)
_sentence = st.lists(_word, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence, min_size=1, max_size=6))
def test_rouge_of_a_text_against_itself_is_one(sentences):
    text = R.join_sentences(sentences)
    assume(len(text.split()) >= 2)  # ROUGE-2 of a one-word text has no bigram to match: 0, not 1
    assert R.score(text, text) == {t: pytest.approx(1.0) for t in R.ROUGE_TYPES}


def test_rouge_of_unrelated_texts_is_zero():
    assert R.score("alpha beta gamma", "delta epsilon zeta") == {t: 0.0 for t in R.ROUGE_TYPES}


def test_rouge_uses_the_stemmer():
    assert R.score("the bridges reopened", "bridge reopens")["rouge1"] == pytest.approx(0.8)


def test_reference_loses_its_leading_en_dash_and_gets_one_sentence_a_line():
    ref = R.clean_reference(REFERENCE)
    assert ref.startswith("The Harwick bridge is open again.\nThe county council")
    assert R.REFERENCE_PREFIX.strip() not in ref
    assert len(ref.splitlines()) == 3


def test_stripping_the_en_dash_changes_no_score():
    summary = R.join_sentences(_input_sentences()[:4])
    sents = split_sentences(REFERENCE[2:])
    with_dash = R.join_sentences([R.REFERENCE_PREFIX + sents[0], *sents[1:]])
    assert R.score(R.clean_reference(REFERENCE), summary) == R.score(with_dash, summary)


def test_score_many_equals_one_by_one():
    refs = [R.clean_reference(REFERENCE)] * 3
    outs = [R.join_sentences(_input_sentences()[i : i + 3]) for i in range(3)]
    many = R.score_many(refs, outs)
    for i in range(3):
        one = R.score(refs[i], outs[i])
        assert {t: many[t][i] for t in R.ROUGE_TYPES} == pytest.approx(one)


def test_scorer_is_the_fast_one_when_installed():
    assert R.backend().startswith("rouge-score-rs ")


# -------------------------------------------------------------------------------------- bootstrap
def test_bootstrap_interval_contains_the_mean_and_is_deterministic():
    values = np.random.default_rng(7).uniform(0, 100, size=200)
    idx = R.bootstrap_indices(200, resamples=500, seed=3)
    iv = R.interval(values, idx)
    assert iv.low < iv.mean < iv.high
    assert iv.mean == pytest.approx(values.mean())
    assert R.interval(values, R.bootstrap_indices(200, resamples=500, seed=3)) == iv
    assert R.interval(values, R.bootstrap_indices(200, resamples=500, seed=4)) != iv


def test_bootstrap_of_a_constant_is_a_point():
    iv = R.interval(np.full(10, 42.0), R.bootstrap_indices(10, resamples=50, seed=1))
    assert (iv.low, iv.mean, iv.high) == (42.0, 42.0, 42.0)


# ------------------------------------------------------------------------------------- truncation
@pytest.mark.parametrize(
    ("sentences", "words", "expected"),
    [
        pytest.param(["a b c", "d e f"], 4, ["a b c", "d"], id="cuts-the-sentence-that-does-not-fit"),
        pytest.param(["a b c", "d e f"], 6, ["a b c", "d e f"], id="exact-fit"),
        pytest.param(["a b c", "d e f"], 100, ["a b c", "d e f"], id="under-budget-unchanged"),
        pytest.param(["a b c", "d e f"], 3, ["a b c"], id="stops-at-a-boundary"),
        pytest.param(["a  b\nc", "", "d"], 2, ["a b"], id="whitespace-words-and-empty-sentences"),
        pytest.param(["a b c"], 0, [], id="zero-budget"),
    ],
)
def test_truncate(sentences, words, expected):
    assert R.truncate(sentences, words) == expected


# -------------------------------------------------------------------------------------- baselines
@pytest.mark.parametrize(("name", "fn"), ALL_BASELINES, ids=[n for n, _ in ALL_BASELINES])
@pytest.mark.parametrize("words", [15, 60, 1000])
def test_baseline_stays_in_budget_and_uses_only_input_sentences(name, fn, words):
    out = fn(ARTICLES, words=words)
    assert out, name
    assert R.word_total(out) <= words
    inputs = _input_sentences()
    for i, s in enumerate(out):
        if i < len(out) - 1 or words == 1000:  # every sentence whole, only the last may be cut
            assert _norm(s) in inputs, (name, s)
        else:
            assert any(full.startswith(_norm(s)) for full in inputs), (name, s)


@pytest.mark.parametrize(("name", "fn"), ALL_BASELINES, ids=[n for n, _ in ALL_BASELINES])
def test_headline_is_one_sentence_of_at_most_40_words(name, fn):
    long_text = " ".join(f"word{i}" for i in range(60)) + "."
    out = fn([*ARTICLES, long_text], words=300, headline=True)
    assert len(out) == 1
    assert 0 < len(out[0].split()) <= B.HEADLINE_WORDS


def test_long_top_sentence_is_cut_to_40_words_in_headline_mode():
    long_text = " ".join(f"word{i}" for i in range(60)) + ". Short one."
    assert B.lead([long_text], words=300, headline=True) == [" ".join(f"word{i}" for i in range(40))]


def test_lead_takes_the_articles_in_turn():
    first = [split_sentences(t)[0] for t in ARTICLES]
    out = B.lead(ARTICLES, words=1000)
    assert out[:3] == first
    assert out[3] == split_sentences(ARTICLES[0])[1]


def test_random_is_seeded():
    a = B.random_sentences(ARTICLES, words=40, seed="1:x")
    assert a == B.random_sentences(ARTICLES, words=40, seed="1:x")
    assert a != B.random_sentences(ARTICLES, words=40, seed="2:x")


def test_centroid_skips_a_repeated_sentence():
    doubled = [ARTICLES[0], ARTICLES[0], ARTICLES[1]]
    out = B.centroid(doubled, words=1000)
    assert len(out) == len(set(out))


@pytest.mark.parametrize("words", [30, 60, 120])
def test_oracle_scores_at_least_every_baseline(words):
    oracle = _r12(B.oracle(ARTICLES, R.clean_reference(REFERENCE), words=words))
    for name, fn in B.BASELINES.items():
        assert oracle >= _r12(fn(ARTICLES, words=words)), name


def test_baselines_handle_an_empty_cluster():
    for name, fn in ALL_BASELINES:
        assert fn([], words=50) == [], name


# ----------------------------------------------------------------------------------------- report
@pytest.fixture()
def clusters_file(tmp_path: Path) -> Path:
    rows = [
        {"id": "harwick", "documents": ARTICLES, "summary": REFERENCE},
        {"id": "harwick-short", "documents": ARTICLES[1:], "summary": REFERENCE},
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


BASELINE_ROWS = [*B.BASELINES, ORACLE]


def test_report_prints_every_setting(clusters_file):
    from newsdesk.evaluate.report import digest

    report = evaluate_summaries(clusters_file, words=50, bootstrap=200, seed=5, systems=BASELINE_ROWS)
    text = report.to_text()
    for needle in [
        "50-word summaries, 2 clusters",
        "word budget: 50 words per cluster, every system",
        "truncation: every output is cut to the budget in whitespace-separated words",
        "use_stemmer=True",
        "rouge-score-rs",
        "tokenizer: rouge-score default",
        "ROUGE-Lsum: split_summaries=False; one sentence a line",
        "leading en dash",
        "200 resamples, seed 5",
        "input: 2 clusters, 5 documents",
        "cleaning: ",
        f"data sha256: {digest(clusters_file)}",
        "machine: ",
    ]:
        assert needle in text, needle
    assert [r[0] for r in report.rows] == BASELINE_ROWS
    assert report.columns[:3] == ("system", "R1", "R1 95% CI")
    for name in BASELINE_ROWS:
        row = report.row(name)
        assert 0 < row["R1"] <= 100
        assert row["words"] <= 50
        lo, hi = map(float, row["R1 95% CI"].split("-"))
        assert lo <= row["R1"] <= hi


def test_report_headline_mode(clusters_file):
    report = evaluate_summaries(clusters_file, headline=True, bootstrap=50, systems=BASELINE_ROWS)
    assert "headline (one sentence, at most 40 words)" in report.title
    assert "one sentence of at most 40 words per cluster" in report.to_text()
    for name in BASELINE_ROWS:
        assert 0 < report.row(name)["words"] <= 40


def test_report_is_deterministic(clusters_file):
    a = evaluate_summaries(clusters_file, words=40, bootstrap=100, systems=BASELINE_ROWS)
    b = evaluate_summaries(clusters_file, words=40, bootstrap=100, systems=BASELINE_ROWS)
    assert [r[:-1] for r in a.rows] == [r[:-1] for r in b.rows]  # all but the timing


def test_unknown_system_is_refused(clusters_file):
    from newsdesk.errors import ConfigError

    with pytest.raises(ConfigError, match=re.escape("unknown system(s) ['gpt']")):
        evaluate_summaries(clusters_file, systems=["gpt"])


def test_every_system_is_listed_once():
    assert len(SYSTEMS) == len(set(SYSTEMS))
    assert SYSTEMS[0] == NEWSDESK_OOF and SYSTEMS[-1] == ORACLE


@pytest.mark.parametrize("headline", [False, True], ids=["summary", "headline"])
def test_newsdesk_row_reads_the_same_input_and_keeps_the_budget(clusters_file, headline):
    report = evaluate_summaries(
        clusters_file, words=50, headline=headline, bootstrap=50, systems=[NEWSDESK_SHIPPED]
    )
    row = report.row(NEWSDESK_SHIPPED)
    assert 0 < row["words"] <= (40 if headline else 50)
    assert row["R1"] > 0
    assert "newsdesk ranker (shipped weights): summarize_articles with the shipped weights" in report.to_text()


def _weights_trained_on(monkeypatch, ids):
    """The shipped model, as if its weights recorded training on ``ids``."""
    import dataclasses

    from newsdesk.evaluate import summaries as ES
    from newsdesk.summarize import ranker

    model = ranker.default_model()
    assert model is not None
    meta = {**model.meta, "trained_on": {"file": "x.jsonl", "sha256": "0" * 64, "ids": list(ids)}}
    fake = dataclasses.replace(model, meta=meta)
    monkeypatch.setattr(ranker, "default_model", lambda: fake)
    return ES


@pytest.mark.parametrize(
    ("ids", "label"),
    [(["harwick", "harwick-short"], "yes (in-sample)"), (["harwick"], "1 of 2 clusters"), (["other"], "no (held out)")],
    ids=["in-sample", "partly", "held-out"],
)
def test_shipped_row_says_whether_it_was_trained_on_this_data(monkeypatch, clusters_file, ids, label):
    ES = _weights_trained_on(monkeypatch, ids)
    report = ES.evaluate_summaries(clusters_file, words=40, bootstrap=20, systems=[NEWSDESK_SHIPPED])
    assert report.row(NEWSDESK_SHIPPED)["trained on this data"] == label
    assert f"{sum(i in ('harwick', 'harwick-short') for i in ids)} of the 2 scored here are among them" in report.to_text()


def test_weights_without_a_training_record_say_unknown(monkeypatch, clusters_file):
    import dataclasses

    from newsdesk.summarize import ranker

    model = ranker.default_model()
    bare = dataclasses.replace(model, meta={"clusters": 250})
    monkeypatch.setattr(ranker, "default_model", lambda: bare)
    report = evaluate_summaries(clusters_file, words=40, bootstrap=20, systems=[NEWSDESK_SHIPPED])
    assert report.row(NEWSDESK_SHIPPED)["trained on this data"] == "unknown"
    assert "cannot be told" in report.to_text()


def test_retraining_row_is_not_run_on_data_the_shipped_model_never_saw(monkeypatch, clusters_file):
    ES = _weights_trained_on(monkeypatch, ["other"])
    monkeypatch.setattr(ES, "SYSTEMS", (NEWSDESK_OOF, NEWSDESK_SHIPPED, ES.NEWSDESK_CENTROID))
    report = ES.evaluate_summaries(clusters_file, words=40, bootstrap=20)
    assert [r[0] for r in report.rows] == [NEWSDESK_SHIPPED, ES.NEWSDESK_CENTROID]
    assert "not run by default: the shipped ranker did not see this file" in report.to_text()
    assert report.row(ES.NEWSDESK_CENTROID)["trained on this data"] == "no training"
