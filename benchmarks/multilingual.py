"""Multilingual event clustering on MMDS dev (English, Chinese, Malay/Indonesian), by the
pipeline's own reader and steps, beside the TF-IDF baseline and newsdesk without the
cross-language embedding; plus the share of events whose brief is empty.

    .venv/bin/python benchmarks/multilingual.py            # the table
    .venv/bin/python benchmarks/multilingual.py --sweep    # EMBED_UNRELATED chosen on one half
                                                           # of the events, reported on the other

Needs ../shared/eval/mmds-dev/articles.jsonl (skips with a message when absent).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "mmds-dev" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--briefs", action="store_true", help="also run analyse and count empty briefs")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the MMDS dev set, see ../shared/eval/README.md)")
        return 0
    from newsdesk.cluster import crosslang
    from newsdesk.config import Config
    from newsdesk.evaluate import multilingual as ml

    t0 = time.perf_counter()
    data = ml.load_labelled(args.data)
    print(f"{args.data}: {len(data.gold)} records, {len(data.articles)} prepared, "
          f"{len(data.skipped)} skipped; languages {dict(sorted(data.languages.items()))} "
          f"({time.perf_counter() - t0:.1f} s)")
    from newsdesk.extract.quantities import find_quantities

    # amounts read in each article's language against the English reader on the same texts
    per: dict[str, list[int]] = {}
    for a in data.articles:
        own = [q for q in find_quantities(a.text, a.id, a.language) if q.kind in ("money", "percent", "count")]
        eng = [q for q in find_quantities(a.text, a.id) if q.kind in ("money", "percent", "count")]
        row = per.setdefault(a.language or "unknown", [0, 0, 0])
        row[0] += 1
        row[1] += len(own)
        row[2] += len(eng)
    print("amounts (money, percent, count) per language: " + "; ".join(
        f"{lang}: {n} articles, {own} read in their language ({eng} by the English reader)"
        for lang, (n, own, eng) in sorted(per.items())))
    cfg = Config()
    no_x = dataclasses.replace(cfg, cluster=dataclasses.replace(cfg.cluster, cross_language=False))
    rows = []
    for name, fn in [
        ("newsdesk", lambda: ml.predict(data, cfg)),
        ("newsdesk (no cross-language)", lambda: ml.predict(data, no_x)),
        ("tfidf-agglomerative", lambda: ml.baseline(data)),
    ]:
        t = time.perf_counter()
        pred = fn()
        secs = time.perf_counter() - t
        for variant, s in ml.variants(pred, data.gold).items():
            rows.append((name, variant, s, secs))
    print("\n| system | articles | B3 P | B3 R | B3 F1 | ARI | clusters | seconds |\n|---|---|---|---|---|---|---|---|")
    for name, variant, s, secs in rows:
        print(f"| {name} | {variant} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
              f"{s['ari']:.3f} | {int(s['clusters'])} | {secs:.1f} |")
    print(f"\ncross-language anchors: EMBED_UNRELATED={crosslang.EMBED_UNRELATED}, "
          f"EMBED_SAME={crosslang.EMBED_SAME} (EMBED_UNRELATED chosen on half the events, see --sweep); threshold {cfg.cluster.threshold}")

    if args.sweep:
        tune, report = ml.split_labels(data.gold)
        print(f"\nsweep of EMBED_UNRELATED: chosen on {len(tune)} events, reported on the other {len(report)}")
        print("| EMBED_UNRELATED | tuning-half B3 F1 | reporting-half B3 F1 | reporting-half ARI |\n|---|---|---|---|")
        keep = crosslang.EMBED_UNRELATED
        best = None
        for lo in (0.70, 0.72, 0.75, 0.78, 0.80, 0.82, 0.85):
            crosslang.EMBED_UNRELATED = lo
            pred = ml.predict(data, cfg)
            a, b = ml.on_events(pred, data.gold, tune), ml.on_events(pred, data.gold, report)
            print(f"| {lo:.2f} | {a['f1']:.3f} | {b['f1']:.3f} | {b['ari']:.3f} |")
            if best is None or a["f1"] > best[1]:
                best = (lo, a["f1"], b["f1"])
        crosslang.EMBED_UNRELATED = keep
        print(f"best on the tuning half: {best[0]:.2f} (tuning F1 {best[1]:.3f}); its reporting-half F1 {best[2]:.3f}")

    if args.briefs:
        from newsdesk.pipeline import brief

        t = time.perf_counter()
        result = brief([args.data], config=cfg)
        secs = time.perf_counter() - t
        empty = [e for e in result.events if not (b := result.brief_for(e.id)) or not b.sentences]
        no_head = [e for e in result.events if not (b := result.brief_for(e.id)) or b.headline is None]
        langs = {}
        for e in result.events:
            b = result.brief_for(e.id)
            if b is not None:
                langs[b.language] = langs.get(b.language, 0) + 1
        print(f"\nnewsdesk brief {args.data.name}: {len(result.events)} events, {len(result.skipped)} skipped; "
              f"{len(empty)} with no brief sentence ({len(empty) / max(1, len(result.events)):.1%}), "
              f"{len(no_head)} with no headline; brief languages {langs}; {secs:.0f} s")
        singles = sum(1 for e in empty if len(e.articles) == 1)
        print(f"  of the events with no brief sentence, {singles} are single-article events (headline = lede)")
        only_head = [e for e in result.events if (b := result.brief_for(e.id)) and b.headline is not None
                     and [s.text for s in b.sentences] == [b.headline.text]]
        print(f"  {len(only_head)} briefs are their headline's sentence alone (the sources hold no other fit sentence)")
        sizes = sorted(len(b.sentences) for e in result.events if (b := result.brief_for(e.id)))
        print(f"  brief sentences per event: median {sizes[len(sizes) // 2] if sizes else 0}, "
              f"min {sizes[0] if sizes else 0}, max {sizes[-1] if sizes else 0}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
