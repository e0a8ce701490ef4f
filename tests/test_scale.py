"""The scale benchmark's small version (issue 9): 2,000 synthetic articles through the prepare and
group steps, spilled and in memory, in two worker processes. A test of correctness, not of speed
(``benchmarks/scale.py`` prints the figures): the spilled run (texts in a temporary sqlite file
once 500 articles are prepared, the group step's tasks reading them back, the band shuffle through
files) gives the duplicate groups, events and dates of the group step on the same articles held
whole in memory; every input record is an article or a skipped record with a reason; every article is in exactly one event; the syndicated
copies the generator made are found; next to no event mixes two synthetic worlds (articles of
different worlds share next to no wording, so such an event is a clustering error).

Marked ``slow``: about 80 CPU-seconds (one prepare, the group step twice), 7 minutes of wall time
at a load average of 6-8 on the 2-core machine; CI runs it (the suite has no marker filter).

Needs ../shared (the generator rewrites the Multi-News validation documents); skips without it.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import Config
from newsdesk.pipeline import ProcessExecutor

ROOT = Path(__file__).resolve().parents[1]
N = 2000
pytestmark = pytest.mark.slow


def _composition() -> Any:
    return importlib.import_module("newsdesk.pipeline.compose")  # the package exports a function of that name


def _synthetic() -> Any:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _runs(files: list[Path], ex: ProcessExecutor) -> dict[str, Any]:
    """One prepare (spilling once 500 articles are prepared), then the group step twice: on the
    stubs with the spill, and on the whole articles read back from it (the in-memory path)."""
    compose = _composition()
    config = Config().replace("clean", keep_raw=False).replace("ingest", spill_articles=500)
    stubs, skipped, _, spill = compose.prepare_paths(files, config=config, executor=ex)
    assert spill is not None, "2,000 articles past spill_articles = 500 did not spill"
    try:
        whole = spill.full(stubs)
        spilled = compose.group(stubs, config=config, executor=ex, spill=spill)
    finally:
        spill.close()
    memory = compose.group(whole, config=config, executor=ex)
    return {"memory": memory, "spilled": spilled, "stubs": stubs, "skipped": skipped}


@pytest.fixture(scope="module")
def runs(multinews: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("scale")
    files = _synthetic().write_synthetic(multinews, N, folder)
    with ProcessExecutor(2) as ex:
        return _runs(files, ex)


def _view(grouping: Any) -> dict[str, Any]:
    return {
        "events": sorted((e.articles, e.sources, e.date, e.date_evidence) for e in grouping.events),
        "groups": sorted((g.members, g.kind, g.similarity) for g in grouping.duplicate_groups),
        "dates": sorted((a.id, a.date, a.date_source) for a in grouping.articles),
    }


def test_spilled_run_equals_in_memory_run(runs: dict[str, Any]) -> None:
    want, got = _view(runs["memory"]), _view(runs["spilled"])
    for key in want:
        assert got[key] == want[key], f"spilled run: {key} differ from the in-memory run"
    assert all(not a.text and not a.paragraphs for a in runs["stubs"]), "a spilled run kept an article's text in memory"


def test_every_record_accounted_for(runs: dict[str, Any]) -> None:
    grouping, skipped = runs["spilled"], runs["skipped"]
    assert len(grouping.articles) + len(skipped) == N
    assert all(s.reason for s in skipped)
    ids = [a.id for a in grouping.articles]
    assert len(set(ids)) == len(ids)
    placed = [a for e in grouping.events for a in e.articles]
    assert sorted(placed) == sorted(ids), "every article is in exactly one event"


def test_copies_found_and_worlds_apart(runs: dict[str, Any]) -> None:
    grouping = runs["spilled"]
    name = {a.id: (a.url or "").rsplit("/", 1)[-1] for a in grouping.articles}  # the generator's ids
    by_name = {v: k for k, v in name.items()}
    group_of = {name[m]: g.id for g in grouping.duplicate_groups for m in g.members}
    kept = set(by_name)
    copies = [(c, c.split("-", 1)[1]) for c in kept if c.startswith("copy")]
    pairs = [(c, s) for c, s in copies if s in kept]
    assert len(pairs) >= 20, f"only {len(pairs)} syndicated copies with their original kept: the generator changed?"
    found = sum(1 for c, s in pairs if group_of.get(c) is not None and group_of.get(c) == group_of.get(s))
    assert found == len(pairs), f"{len(pairs) - found} of {len(pairs)} syndicated copies not grouped with their original"

    def world(article_id: str) -> str:
        return (article_id.split("-", 1)[1] if article_id.startswith("copy") else article_id).split("-", 1)[0]

    mixed = [e for e in grouping.events if len({world(name[a]) for a in e.articles}) > 1]
    # At the clustering's low cut (similarity 0.1) a few short texts of different worlds still
    # meet (5 of 674 events when this was written): a floor, not zero.
    assert len(mixed) <= 0.02 * len(grouping.events), (
        f"{len(mixed)} of {len(grouping.events)} events hold articles of two synthetic worlds, e.g. {mixed[0].articles}"
    )


# B-cubed F1 against the generator's events (the (world, Multi-News cluster) an article was made
# from): benchmarks/scale_quality.py measured 0.890 / 0.844 / 0.785 / 0.773 at N = 1,000 / 2,000 /
# 5,000 / 10,000 (the rewritten worlds are told apart less well as N grows, the original text is
# flat at 0.90: docs/benchmarks.md, "Quality at scale"); this test's stream of 2,000 gave 0.844.
# A floor under it: a regression of the grouping at scale (time blocks, the component split,
# the spill) shows here first.
BCUBED_FLOOR = 0.80


def test_events_match_the_generators_events(runs: dict[str, Any], multinews: Path) -> None:
    from newsdesk.evaluate.clustering import bcubed

    cluster_of = {d.id: d.origin.cluster for d in _synthetic()._documents(multinews)}
    grouping = runs["spilled"]

    def gold(article_id: str) -> str:  # "w3-<doc>" or "copy7-w3-<doc>": the original's (world, cluster)
        name = (article_id.split("-", 1)[1] if article_id.startswith("copy") else article_id)
        world, doc = name.split("-", 1)
        return f"{world}-{cluster_of[doc]}"

    name = {a.id: (a.url or "").rsplit("/", 1)[-1] for a in grouping.articles}
    pred = {a: e.id for e in grouping.events for a in e.articles}
    _, _, f1 = bcubed(pred, {a: gold(name[a]) for a in pred})
    print(f"B-cubed F1 {f1:.3f} against the generator's events")
    assert f1 >= BCUBED_FLOOR, f"B-cubed F1 {f1:.3f} against the generator's events (floor {BCUBED_FLOOR})"
