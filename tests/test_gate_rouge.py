"""Quality gate: newsdesk's ROUGE on the 250 Multi-News dev clusters and on DUC 2007 stays above
pinned floors.

The Multi-News gate runs the shipped learned ranker (in-sample: it was trained on these clusters),
which takes about 15 s; the held-out figures, the honest ones, are in docs/benchmarks.md. It catches
regressions in cleaning, sentence selection and the shipped weights, not generalisation. The DUC
gates run the default method (centroid) with the topic's question and, for the update task, with
what the reader has seen: data no part of newsdesk was trained on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.evaluate.report import digest
from newsdesk.evaluate.summaries import NEWSDESK_CENTROID, NEWSDESK_SHIPPED, evaluate_summaries

# The data the floors were measured on (../shared/eval/multinews-val/clusters.jsonl).
DATA_SHA256 = "5e20ecf78526625b52560c93191f1a85c704c91a0de443360028e31abab768cb"

# Floors: the measured in-sample figures (250 clusters, shipped weights) less about one point at 300
# words and half a point for headlines, under the half-width of their 95% bootstrap intervals, so a
# small change elsewhere does not trip the gate while a real regression does.
# Measured 2026-11-23: 300 words R1 47.97, R2 20.01; headline R1 13.42, R2 5.16. Re-measured
# 2026-12-02 after the editor-ready briefs (hard word budget: 282 words on average instead of a last
# sentence running past 300; openers resolved or dropped): 300 words R1 46.55, R2 17.63; headline
# R1 14.24, R2 5.11 (docs/benchmarks.md). Re-measured 2026-12-02 after issue 10's second round
# (speakers found after quotations, leaning sentences taken after their predecessor, redundancy
# 0.25, retrained weights): 300 words R1 47.52, R2 19.01; headline R1 14.28, R2 5.09. Third round
# (advice to the reader and verbless main clauses refused, one remark once, parenthetical cuts; same
# weights): 300 words R1 47.36, R2 18.82; headline R1 14.14, R2 5.00; centroid R1 45.55, R2 16.02. After an
# intended change (new weights, new cleaning), re-measure with benchmarks/summaries.py and move the
# floors with it.
FLOORS = {"R1": 46.5, "R2": 18.0}
# The default method (centroid, no weights), measured 2026-12-02: R1 44.99, R2 15.56; after issue
# 10's second round R1 45.66, R2 16.12.
CENTROID_FLOORS = {"R1": 44.7, "R2": 15.2}
HEADLINE_FLOORS = {"R1": 12.9, "R2": 4.6}


@pytest.fixture(scope="module")
def data(multinews: Path) -> Path:
    got = digest(multinews)
    print(f"data sha256: {got}")
    if got != DATA_SHA256:
        pytest.fail(
            f"{multinews} has sha256 {got}, not the {DATA_SHA256} the floors were measured on: re-measure "
            "(benchmarks/summaries.py) and update FLOORS and DATA_SHA256 together"
        )
    return multinews


def test_shipped_weights_are_present():
    from newsdesk.summarize.ranker import DEFAULT_WEIGHTS, default_model

    assert default_model() is not None, f"{DEFAULT_WEIGHTS} is missing: the gate would measure the fallback"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("headline", "floors", "budget"),
    [(False, FLOORS, 300), (True, HEADLINE_FLOORS, 40)],
    ids=["300-words", "headline"],
)
def test_newsdesk_rouge_above_floors(data: Path, headline: bool, floors: dict[str, float], budget: int):
    report = evaluate_summaries(data, words=300, headline=headline, bootstrap=200, systems=[NEWSDESK_SHIPPED])
    print(report.to_text())
    assert report.data_digest == DATA_SHA256
    row = report.row(NEWSDESK_SHIPPED)
    for metric, floor in floors.items():
        assert row[metric] >= floor, f"{metric} {row[metric]:.2f} fell below its floor {floor}"
    assert 0 < row["words"] <= budget


@pytest.mark.slow
def test_default_method_rouge_above_floors(data: Path):
    report = evaluate_summaries(data, words=300, bootstrap=200, systems=[NEWSDESK_CENTROID])
    row = report.row(NEWSDESK_CENTROID)
    for metric, floor in CENTROID_FLOORS.items():
        assert row[metric] >= floor, f"{metric} {row[metric]:.2f} fell below its floor {floor}"


# DUC 2007 (../shared/eval/duc2007): jackknifed ROUGE-2 recall as NIST scores it, newsdesk's default
# method with the topic's question (main, 250 words) and with the earlier parts as `since` (update,
# 100 words). Measured 2026-12-02 (benchmarks/duc2007.py): main 0.1134 (95% CI 0.102-0.125),
# update 0.1035 (0.083-0.131); the floors are those less about 0.008.
DUC_FLOORS = {"main": ("newsdesk --query", 0.105), "update": ("newsdesk --query --since (update brief)", 0.095)}


@pytest.mark.slow
@pytest.mark.parametrize("task", sorted(DUC_FLOORS))
def test_duc2007_rouge2_above_floor(shared: Path, task: str):
    from newsdesk.evaluate.duc import evaluate_duc

    folder = shared / "eval" / "duc2007"
    if not (folder / "main.jsonl").exists():
        pytest.skip(f"{folder} is absent: this test needs ../shared/eval/duc2007")
    name, floor = DUC_FLOORS[task]
    report = evaluate_duc(folder, task=task, bootstrap=100, names=[name])
    print(report.to_text())
    r2 = report.row(name)["ROUGE-2"]
    assert r2 >= floor, f"{task}: jackknifed ROUGE-2 {r2:.4f} fell below its floor {floor}"
