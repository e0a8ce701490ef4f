"""The whole pipeline against the hand labels of the team-written sample corpus."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

import newsdesk


@pytest.fixture(scope="module")
def labelled(samples: Path):
    labels_path = samples.parent / "labels" / "articles.json"
    if not labels_path.exists():
        pytest.skip("samples/labels/articles.json is missing")
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    result = newsdesk.brief([samples])

    def key(a: newsdesk.Article) -> str:
        rel = Path(a.origin.path).resolve().relative_to(samples.resolve()).as_posix()
        return f"{rel}:{a.origin.record}" if a.origin.format == "jsonl" else rel

    keys = {a.id: key(a) for a in result.articles}
    return result, labels, keys


def test_every_labelled_article_is_read(labelled) -> None:
    result, labels, keys = labelled
    assert sorted(keys.values()) == sorted(labels)
    assert not result.skipped


def test_duplicate_groups_match_the_labels(labelled) -> None:
    result, labels, keys = labelled
    found = {frozenset(keys[m] for m in g.members) for g in result.duplicate_groups}
    truth = defaultdict(set)
    for k, lab in labels.items():
        if lab.get("dup_group"):
            truth[lab["dup_group"]].add(k)
    assert found == {frozenset(v) for v in truth.values()}


def test_representatives_are_originals(labelled) -> None:
    """A spun or reworded copy is never chosen to speak for its group. (Between exact copies the
    text cannot tell which came first, so any member may represent them.)"""
    result, labels, keys = labelled
    for g in result.duplicate_groups:
        if g.kind == "exact":
            continue
        assert "original" in labels[keys[g.representative]]["kinds"], keys[g.representative]


def _bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    p = r = 0.0
    for item in gold:
        same_pred = {x for x in pred if pred[x] == pred[item]}
        same_gold = {x for x in gold if gold[x] == gold[item]}
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    return p / len(gold), r / len(gold)


def test_events_match_the_labels(labelled) -> None:
    result, labels, keys = labelled
    pred = {keys[a]: e.id for e in result.events for a in e.articles}
    # the off-topic article is an event of its own
    gold = {k: (lab["event"] or f"alone:{k}") for k, lab in labels.items()}
    precision, recall = _bcubed(pred, gold)
    assert precision == 1.0, "no two labelled events may share a predicted event"
    assert recall >= 0.9, recall


def test_follow_up_meeting_is_its_own_event(labelled) -> None:
    result, labels, keys = labelled
    event_of = {keys[a]: e for e in result.events for a in e.articles}
    e1 = {event_of[k].id for k, lab in labels.items() if lab["event"] == "E1"}
    e2 = {event_of[k].id for k, lab in labels.items() if lab["event"] == "E2"}
    assert len(e1) == 1 and len(e2) == 1 and e1 != e2
