"""Quality at scale: do events stay right as N grows, and what does the oversized-component split cost?

    .venv/bin/python benchmarks/scale_quality.py 2000,5000,10000           # split as shipped vs exact
    .venv/bin/python benchmarks/scale_quality.py 2000,5000,10000 --own-vocabulary
    .venv/bin/python benchmarks/scale_quality.py 10000 --max-component 4000,8000,100000

The group step (``steps.prepare`` then ``pipeline.group``, what every path runs) on N synthetic
articles of ``benchmarks/synthetic.py`` (Multi-News validation documents, each world rewritten with
its own word permutation, 500 articles a day, 2% syndicated copies). The generator knows each
article's event, the (world, Multi-News cluster) it was made from (a syndicated copy belongs to its
original's), so the events are scored against that gold: B-cubed precision, recall and F1 and ARI
(``newsdesk.evaluate.clustering``), next to the same figures on world 0 alone (the Multi-News text
as it is: the control, whose wording means what it says), on each rewritten world alone, and the
number of events that mix two worlds. ``--own-vocabulary`` runs the generator's ``own_vocabulary``
option (each world a true permutation of the words and a vocabulary of its own), which separates
what growing N does to the grouping from what the default generator's shared vocabulary does.

``cluster/graph.py`` gives the dense average-linkage answer exactly except for one approximation: a
connected component of more than ``MAX_COMPONENT`` sources is split along its strongest edges before
its tree is built. At 500 articles a day and a 14-day window almost every source of a large run sits
in such a component, so this benchmark runs each N with the shipped ``MAX_COMPONENT`` and with one
larger than any component (the exact answer; its dense tree costs memory ~ m^2 and time ~ m^2), and
prints both. Printed, never asserted; one process, so the figures are quality, not speed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
# benchmarks/ must not shadow dask's ``distributed`` (see scale.py): load synthetic.py by its path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _synthetic():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("nd_synthetic", HERE / "synthetic.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(n: int, max_components: list[int], own_vocabulary: bool = False) -> None:
    from newsdesk.cluster import graph
    from newsdesk.config import Config
    from newsdesk.evaluate.clustering import ari, bcubed
    from newsdesk.pipeline import steps

    compose = importlib.import_module("newsdesk.pipeline.compose")  # the package exports a function of that name

    t0 = time.perf_counter()
    raw = _synthetic().synthetic_articles(DATA, n, own_vocabulary=own_vocabulary)
    gold_of = {a.id: a.origin.cluster for a in raw}
    config = Config().replace("clean", keep_raw=False)
    prepared = list(steps.prepare(raw, config).articles)
    kept = [a for a in prepared if a.id in gold_of]
    print(f"  N={n}: {len(kept)} articles kept of {len(raw)} ({time.perf_counter() - t0:.0f} s to make and clean)")
    split = [0]
    link = graph.link_components

    def counting(*a, **kw):  # type: ignore[no-untyped-def]
        out, touched = link(*a, **kw)
        split[0] += touched
        return out, touched

    graph.link_components = counting  # how many sources the oversized-component split touched
    for m in max_components:
        graph.MAX_COMPONENT = m
        split[0] = 0
        t = time.perf_counter()
        grouping = compose.group(kept, config=config)
        secs = time.perf_counter() - t
        pred = {a: e.id for e in grouping.events for a in e.articles}
        gold = {a: gold_of[a] for a in pred}
        p, r, f = bcubed(pred, gold)
        adj = ari(pred, gold)
        w0 = [a for a in pred if str(gold_of[a]).startswith("w0-")]
        p0, r0, f0 = bcubed({a: pred[a] for a in w0}, {a: gold[a] for a in w0})
        worlds = [str(gold_of[a]).split("-", 1)[0] for a in pred]
        per_world = {}
        for w in sorted(set(worlds) - {"w0"}, key=lambda x: int(x[1:])):
            items = [a for a, x in zip(pred, worlds) if x == w]
            if len(items) >= 100:
                per_world[w] = bcubed({a: pred[a] for a in items}, {a: gold[a] for a in items})[2]
        mixed = sum(1 for e in grouping.events if len({str(gold_of[a]).split("-", 1)[0] for a in e.articles}) > 1)
        print(f"    max_component {m:>7}: B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}, ARI {adj:.3f}, "
              f"{len(grouping.events)} events for {len(set(gold.values()))} gold; world 0 alone F1 {f0:.3f} "
              f"(P {p0:.3f} R {r0:.3f}); {secs:.0f} s; {split[0]} sources in split components")
        print("      rewritten worlds alone: F1 " + ", ".join(f"{w} {f:.3f}" for w, f in per_world.items())
              + f"; {mixed} events mix two worlds")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", help="comma-separated N")
    ap.add_argument("--max-component", default=None,
                    help="comma-separated MAX_COMPONENT values (default: the shipped one and 1,000,000)")
    ap.add_argument("--own-vocabulary", action="store_true",
                    help="synthetic.py's own_vocabulary: each world a permutation and a prefix of its own")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the Multi-News validation clusters under ../shared/eval)")
        return 0
    from newsdesk.cluster import graph

    shipped = graph.MAX_COMPONENT
    ms = [int(x) for x in args.max_component.split(",")] if args.max_component else [shipped, 1_000_000]
    print(f"Quality at scale: events of N synthetic articles against the generator's events "
          f"(shipped MAX_COMPONENT = {shipped}; vocabulary {'own per world' if args.own_vocabulary else 'shared'})")
    for n in (int(x) for x in args.sizes.split(",")):
        run(n, ms, args.own_vocabulary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
