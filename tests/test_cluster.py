"""Event clustering on team-written fixtures (tests/fixtures/events) and on the real seeds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.cluster import ClusterResult, cluster_events, event_id
from newsdesk.config import ClusterConfig
from newsdesk.dedup import find_duplicates
from newsdesk.errors import ConfigError
from newsdesk.model import Article, Origin

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def art(
    name: str, date: str | None = None, *, id: str | None = None, source: str | None = "metadata"
) -> Article:
    body = (EVENTS / f"{name}.txt").read_text(encoding="utf-8")
    return Article(
        id=id or name,
        origin=Origin(str(EVENTS / f"{name}.txt"), "text"),
        raw=body,
        text=body,
        date=date,
        date_source=source if date else None,  # type: ignore[arg-type]
        date_evidence=f"published {date}" if date else None,
    )


def event_sets(result: ClusterResult) -> set[frozenset[str]]:
    return {frozenset(e.articles) for e in result.events}


MEETINGS = {
    "summit-march-a": "2023-03-02",
    "summit-march-b": "2023-03-03",
    "summit-june-a": "2023-06-15",
    "summit-june-b": "2023-06-15",
}


def test_same_people_same_place_different_dates_are_two_events() -> None:
    result = cluster_events([art(n, d) for n, d in MEETINGS.items()])
    assert event_sets(result) == {
        frozenset({"summit-march-a", "summit-march-b"}),
        frozenset({"summit-june-a", "summit-june-b"}),
    }
    assert [e.date for e in result.events] == ["2023-06-15", "2023-03-02"]  # newest first


def test_without_dates_the_meetings_are_one_story() -> None:
    """Content alone cannot tell the two meetings apart: the dates are what separates them."""
    result = cluster_events([art(n) for n in MEETINGS])
    assert event_sets(result) == {frozenset(MEETINGS)}
    assert result.events[0].date is None and result.events[0].date_evidence is None


@pytest.mark.parametrize(("gap", "together"), [(14, True), (15, False)], ids=["14-days", "15-days"])
def test_window_days_is_the_limit(gap: int, together: bool) -> None:
    from datetime import date, timedelta

    later = (date(2023, 3, 2) + timedelta(days=gap)).isoformat()
    result = cluster_events([art("summit-march-a", "2023-03-02"), art("summit-march-b", later)])
    assert (len(result.events) == 1) is together


def test_an_undated_article_clusters_on_content() -> None:
    arts = [art(n, d) for n, d in MEETINGS.items() if "march" in n] + [art("summit-june-a")]
    result = cluster_events(arts, config=ClusterConfig(window_days=0))
    # window 0 would split the two dated March articles (one day apart); the undated one joins one of them
    assert len(result.events) == 2
    assert any("summit-june-a" in e.articles and len(e.articles) == 2 for e in result.events)


def test_off_topic_article_is_its_own_event() -> None:
    arts = [art(n, d) for n, d in MEETINGS.items()] + [art("bakery", "2023-03-02")]
    result = cluster_events(arts)
    bakery = result.event_of("bakery")
    assert bakery is not None and bakery.articles == ("bakery",) and bakery.sources == ("bakery",)
    assert len(result.events) == 3


def harbour_corpus() -> list[Article]:
    return [
        art("harbour-original", "2023-04-04"),
        art("harbour-syndicated", "2023-04-05"),
        art("harbour-spun"),
        art("harbour-independent", "2023-04-05", source="dateline"),
        art("bakery", "2023-04-04"),
        *(art(n, d) for n, d in MEETINGS.items()),
    ]


def test_duplicates_count_once_and_are_attached_to_their_event() -> None:
    arts = harbour_corpus()
    groups = find_duplicates(arts).groups
    result = cluster_events(arts, duplicate_groups=groups)
    harbour = result.event_of("harbour-independent")
    assert harbour is not None
    assert set(harbour.articles) == {
        "harbour-original",
        "harbour-syndicated",
        "harbour-spun",
        "harbour-independent",
    }
    assert set(harbour.sources) == {"harbour-original", "harbour-independent"}
    # 2023-04-04 (the copies vote once, with the group's earliest date) and 2023-04-05 tie: earliest wins
    assert harbour.date == "2023-04-04"
    assert harbour.date_evidence is not None and harbour.date_evidence.startswith(
        "harbour-original: metadata"
    )


def test_every_article_in_exactly_one_event_newest_first() -> None:
    arts = harbour_corpus()
    result = cluster_events(arts, duplicate_groups=find_duplicates(arts).groups)
    members = [a for e in result.events for a in e.articles]
    assert sorted(members) == sorted(a.id for a in arts)
    dates = [e.date for e in result.events]
    assert dates == sorted(dates, reverse=True)
    assert [e.date for e in result.events] == ["2023-06-15", "2023-04-04", "2023-04-04", "2023-03-02"]
    for e in result.events:
        assert e.id == event_id(e.articles)
        assert set(e.sources) <= set(e.articles)


@settings(max_examples=10, deadline=None)
@given(st.permutations(harbour_corpus()))
def test_order_invariant(shuffled: list[Article]) -> None:
    arts = harbour_corpus()
    expected = cluster_events(arts, duplicate_groups=find_duplicates(arts).groups)
    got = cluster_events(shuffled, duplicate_groups=find_duplicates(shuffled).groups)
    assert got == expected


def test_event_ids_depend_only_on_members() -> None:
    assert event_id(["b", "a"]) == event_id(["a", "b"]) != event_id(["a"])


def test_empty_and_single_inputs() -> None:
    assert cluster_events([]).events == ()
    (only,) = cluster_events([art("bakery", "2023-04-04")]).events
    assert only.articles == ("bakery",) and only.date == "2023-04-04"


def test_unreadable_date_is_treated_as_undated() -> None:
    a = dataclasses.replace(art("bakery"), date="sometime in spring")
    (only,) = cluster_events([a]).events
    assert only.date is None


@pytest.mark.parametrize(("field", "value"), [("threshold", 0.0), ("threshold", 2.5), ("window_days", -1)])
def test_config_rejects_bad_values(field: str, value: float) -> None:
    with pytest.raises(ConfigError, match=f"ClusterConfig.{field}"):
        ClusterConfig(**{field: value})


# --- the real seeds ---------------------------------------------------------------------------


def _seeds(seeds: Path) -> dict[str, Article]:
    """Seed articles by their 3-digit prefix, through ingest and clean when those stages exist."""
    try:
        from newsdesk.clean import clean_articles
        from newsdesk.ingest import read_any
    except ImportError:
        arts = [
            Article(id=p.stem, origin=Origin(str(p), "text"), raw=p.read_text(encoding="utf-8"))
            for p in sorted(seeds.glob("*.txt"))
        ]
    else:
        arts = list(clean_articles(read_any([seeds]).articles).articles)
    return {Path(a.origin.path).name[:3]: a for a in arts}


SEPTEMBER = ("000", "001", "003", "004")


def test_seeds_september_articles_form_one_event(seeds: Path) -> None:
    by = _seeds(seeds)
    arts = list(by.values())
    result = cluster_events(arts, duplicate_groups=find_duplicates(arts).groups)
    sept = result.event_of(by["000"].id)
    assert sept is not None
    assert {by[k].id for k in SEPTEMBER} <= set(sept.articles)


def test_seeds_later_meeting_is_split_off_once_dated(seeds: Path) -> None:
    """Seed 002 is about the February 2021 meeting; given that date, it cannot join September 2020."""
    by = _seeds(seeds)
    by["000"] = dataclasses.replace(by["000"], date="2020-09-14", date_source="dateline")
    by["002"] = dataclasses.replace(by["002"], date="2021-02-22", date_source="estimated", date_anchor=by["000"].id)
    arts = list(by.values())
    result = cluster_events(arts, duplicate_groups=find_duplicates(arts).groups)
    sept = result.event_of(by["000"].id)
    assert sept is not None
    assert {by[k].id for k in SEPTEMBER} <= set(sept.articles)
    assert by["002"].id not in sept.articles
    assert result.events[0].date == "2021-02-22"  # newest first


# ------------------------------------------------ the sparse graph equals the dense tree
def _dense_clusters(feats, threshold: float, window: int) -> set[frozenset[int]]:  # type: ignore[no-untyped-def]
    """The dense formulation: every pair's distance, the time window, one average-linkage tree."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - (feats.x @ feats.x.T).toarray(), 0.0, 2.0)
    o = feats.ordinals
    both = (o[:, None] > 0) & (o[None, :] > 0)
    dist = np.where(both & (np.abs(o[:, None] - o[None, :]) > window), 1e12, dist)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=threshold, criterion="distance")
    out: dict[int, set[int]] = {}
    for i, lab in enumerate(labels):
        out.setdefault(int(lab), set()).add(i)
    return {frozenset(v) for v in out.values()}


def _graph_clusters(feats, threshold: float, window: int, block_rows: int, max_component: int = 4000):  # type: ignore[no-untyped-def]
    from newsdesk.cluster import graph

    blocks = graph.time_blocks(feats.ordinals, window, block_rows)
    edges = [graph.block_edges(b, feats, threshold, window) for b in blocks]
    comps = graph.components(feats.n, edges)
    parts, split = graph.link_components(comps, feats, threshold, window, max_component)
    return {frozenset(p.tolist()) for p in parts}, split


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=2, max_value=40),
    st.integers(min_value=0, max_value=2**31 - 1),
    st.sampled_from([0.5, 0.8, 0.9]),
    st.sampled_from([0, 2, 14]),
    st.sampled_from([1, 3, 64]),
)
def test_candidate_graph_gives_the_dense_trees_clusters(n: int, seed: int, threshold: float, window: int, rows: int) -> None:
    """Exact, not approximate: any inputs, dates (some undated), cuts, windows and block sizes.

    Rows have three random weights each, so no two are identical: average linkage breaks exact
    ties by position, differently in a component than in the whole (identical texts are exact
    duplicates, which are one source before clustering)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    from newsdesk.cluster import graph

    rng = np.random.default_rng(seed)
    dense = np.zeros((n, 12))
    for i in range(n):
        dense[i, rng.choice(12, 3, replace=False)] = rng.uniform(0.1, 1.0, 3)
    x = normalize(csr_matrix(dense)).tocsr()
    ordinals = np.where(rng.random(n) < 0.3, 0, 738000 + rng.integers(0, 30, n)).astype(np.int64)
    feats = graph.Features(x, ordinals)
    got, split = _graph_clusters(feats, threshold, window, rows)
    assert split == 0
    assert got == _dense_clusters(feats, threshold, window)


def test_oversized_components_are_split_along_their_strongest_edges() -> None:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    from newsdesk.cluster import graph

    # Two tight trios bridged by weak links: one component of 6, too large for max_component 4.
    rows = [[1, 0.1, 0, 0], [1, 0.2, 0, 0], [1, 0.15, 0, 0], [0, 0, 1, 0.1], [0, 0, 1, 0.2], [0.3, 0, 1, 0.15]]
    feats = graph.Features(normalize(csr_matrix(np.array(rows))).tocsr(), np.zeros(6, dtype=np.int64))
    got, split = _graph_clusters(feats, 0.9, 14, 64, max_component=4)
    assert split == 6
    assert got == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    assert all(len(c) <= 4 for c in got)


def test_any_partitioning_gives_the_same_events() -> None:
    class Partitioned:
        name, partitions = "partitioned", 3

        def map(self, fn, items, *shared):  # type: ignore[no-untyped-def]
            return [fn(x, *shared) for x in items]

    arts = harbour_corpus()
    groups = find_duplicates(arts).groups
    assert cluster_events(arts, duplicate_groups=groups, executor=Partitioned()) == cluster_events(
        arts, duplicate_groups=groups
    )


def test_stored_features_give_the_rows_they_were_given(tmp_path: Path) -> None:
    """A spilled run's events tasks read their rows from files (graph.StoredFeatures): the same
    rows, ordinals, embedding and languages as the features in memory, for any subset."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    from newsdesk.cluster import graph

    rng = np.random.default_rng(3)
    dense = np.where(rng.random((30, 20)) < 0.2, rng.uniform(0.1, 1.0, (30, 20)), 0.0)
    emb = normalize(rng.normal(size=(30, 4)))
    langs = tuple(rng.choice(["en", "fr", None]) for _ in range(30))
    feats = graph.Features(normalize(csr_matrix(dense)).tocsr(), rng.integers(0, 5, 30).astype(np.int64), emb, langs)
    stored = graph.StoredFeatures.write(feats, str(tmp_path))
    assert stored.n == 30
    for idx in (np.arange(30), np.array([0, 7, 8, 29]), np.array([5])):
        want, got = feats.subset(idx), stored.subset(idx)
        assert (want.x != got.x).nnz == 0 and want.x.shape == got.x.shape
        assert np.array_equal(want.ordinals, got.ordinals)
        assert np.array_equal(want.embedding, got.embedding)
        assert want.languages == got.languages
    edges = [graph.block_edges(b, stored.load(), 0.9, 2) for b in graph.time_blocks(feats.ordinals, 2, 7)]
    assert all(np.array_equal(a, b) for a, b in zip(
        edges, [graph.block_edges(b, feats, 0.9, 2) for b in graph.time_blocks(feats.ordinals, 2, 7)], strict=True))


def test_tfidf_from_chunks_is_scikit_learns_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    """tfidf_matrix counts a chunk of texts at a time and joins the chunks (letting each go as it is
    copied): the same matrix as one TfidfVectorizer(sublinear_tf, norm=None) over all texts, then the
    background weights and L2, whatever the chunk size. Invented texts, one of them of stop words only."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from newsdesk.cluster import features

    texts = [f"Harbour workers in Kalmar struck on day {i} over pay; the port of Kalmar closed." for i in range(7)]
    texts += ["The and of it was.", "Zenith Cells opened a battery plant in Norvik, Zenith said.", "Norvik dock strike ends"]
    v = TfidfVectorizer(analyzer=features.analyze, sublinear_tf=True, norm=None)
    want = v.fit_transform(texts).tocsr()
    want.data *= features.background_weights(list(v.get_feature_names_out()))[want.indices]
    want = normalize(want)
    for chunk in (1, 3, 4, 100):
        monkeypatch.setattr(features, "TFIDF_CHUNK", chunk)
        got = features.tfidf_matrix(texts)
        assert got.shape == want.shape
        assert np.allclose(got.toarray(), want.toarray(), atol=1e-12), chunk
