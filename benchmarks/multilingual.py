"""Multilingual event clustering on MMDS dev (English, Chinese, Malay/Indonesian), by the
pipeline's own reader and steps, beside the TF-IDF baseline and newsdesk without the
cross-language embedding; plus the share of events whose brief is empty.

    .venv/bin/python benchmarks/multilingual.py            # the table
    .venv/bin/python benchmarks/multilingual.py --sweep    # EMBED_UNRELATED chosen on one half
                                                           # of the events, reported on the other

Needs ../shared/eval/mmds-dev/articles.jsonl (skips with a message when absent).

    .venv/bin/python benchmarks/multilingual.py --facts [--split tuning|reporting] [--sweep]

Facts across languages (no shared data needed): ``tests/fixtures/crosslang_facts`` holds six events
written by the team, each reported in three or four languages (en, fr, de, es, it, pt, ru), every
sentence labelled with the facts it states and ``@differ`` points (the facts benchmark's format,
tests/fixtures/facts_bench/build.py). c01-c03 are the tuning part (``measured_lang``'s window was
chosen there with ``--sweep``), c04-c06 the reporting part. Printed: the facts benchmark's own
scores (benchmarks/facts.py ``bench_scores``: agreed facts pairwise over sources, differing
accounts), the same pairs restricted to two sentences in different languages, and each differing
account's point in English and in the language of the event's first non-English source (``--lang``).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "mmds-dev" / "articles.jsonl"


CROSSLANG = ROOT / "tests" / "fixtures" / "crosslang_facts" / "events"
WINDOWS = (2, 3, 4, 6, 8)  # words read on each side of an amount (extract/measured_lang.py), swept on tuning


def crosslang_set():  # type: ignore[no-untyped-def]
    """``(facts_bench module, labels by event, article texts by file name)`` of the cross-language set."""
    fb, build = _facts_bench()
    labels, texts = {}, {}
    for path in sorted(CROSSLANG.glob("c*.txt")):
        event, label, arts = build.parse_event(path)
        labels[event] = label
        texts.update(arts)
    return fb, labels, texts


def write_corpus(texts: dict[str, str], folder: Path) -> Path:
    """The articles as files under ``folder`` (a corpus ``newsdesk brief`` reads)."""
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _facts_bench():  # type: ignore[no-untyped-def]
    """benchmarks/facts.py (its scoring) and the facts benchmark's event-file parser."""
    import importlib.util

    # Loaded from their files, not by putting benchmarks/ on sys.path: left there, it makes
    # "distributed" mean benchmarks/distributed.py for every later import (dask's workers fail).
    def load(name: str, path: Path):  # type: ignore[no-untyped-def]
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses in the module look themselves up here
        spec.loader.exec_module(module)
        return module

    fb = sys.modules.get("facts_benchmark") or load("facts_benchmark", ROOT / "benchmarks" / "facts.py")
    build = load("facts_bench_build", ROOT / "tests" / "fixtures" / "facts_bench" / "build.py")
    return fb, build


def _crosslang_pairs(fb, result, labels: dict, by_key: dict, split: str) -> tuple[float, float, int, int, int]:  # type: ignore[no-untyped-def]
    """Agreed-fact pairs (as ``bench_scores`` counts them, versions of accounts included) whose two
    sentences are in different languages: P, R, true, predicted, gold."""
    import itertools

    labels = {ev: lab for ev, lab in labels.items() if lab["split"] == split}
    index = fb._sentence_index(labels, by_key)
    lang = {a.id: a.language for a in result.articles}
    rep = {m: g.representative for g in result.duplicate_groups for m in g.members}
    doc = {key: d for d, ss in index.items() for _, _, key, _ in ss}
    facts = {key: f for ss in index.values() for _, _, key, f in ss}
    gold = {(a, b) for a, b in itertools.combinations(sorted(facts), 2)
            if a.split(":")[0] == b.split(":")[0] and lang[doc[a]] != lang[doc[b]] and facts[a] & facts[b]}
    pred = set()
    groups = [f.claims for an in result.analyses for f in an.agreed] + [
        v.claims for an in result.analyses for d in an.differing for v in d.variants if len(v.sources) >= 2]
    for claims in groups:
        hits = [(rep.get(c.article_id, c.article_id), h[0]) for c in claims if c.article_id in index
                and (h := fb._sentence_of(index, c.article_id, c.span.start, c.span.end))]
        for (ra, ka), (rb, kb) in itertools.combinations(hits, 2):
            if ra != rb and ka != kb and lang[doc[ka]] != lang[doc[kb]]:
                pred.add(tuple(sorted((ka, kb))))
    tp = len(pred & gold)
    return tp / len(pred) if pred else 0.0, tp / len(gold) if gold else 0.0, tp, len(pred), len(gold)


def facts_part(split: str, sweep: bool) -> None:
    """The cross-language facts benchmark (see the module docstring)."""
    import tempfile

    from newsdesk.config import Config
    from newsdesk.consolidate import clear_caches
    from newsdesk.extract import measured_lang
    from newsdesk.pipeline import brief

    fb, labels, texts = crosslang_set()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(texts, Path(tmp))

        def run(lang: str = ""):  # type: ignore[no-untyped-def]
            clear_caches()
            res = brief([corpus], config=Config().replace("summarize", lang=lang))
            return res, {fb.label_key(a, corpus): a for a in res.articles}

        n_facts = sum(len({f for s in lab["sentences"] for f in s["facts"]}) for lab in labels.values()
                      if lab["split"] == split)
        print(f"cross-language facts: {len(labels)} events, {len(texts)} articles; {split} part: "
              f"{sum(1 for lab in labels.values() if lab['split'] == split)} events, {n_facts} facts")
        if sweep:
            print("\nsweep of the window (words each side of an amount, extract/measured_lang.py), on both parts:")
            print("| window | tuning agreed P | tuning agreed R | tuning cross-language R | tuning accounts found | "
                  "reporting agreed P | reporting agreed R | reporting accounts found |\n|---|---|---|---|---|---|---|---|")
            keep = (measured_lang.WINDOW_BEFORE, measured_lang.WINDOW_AFTER)
            import contextlib
            import io

            for w in WINDOWS:
                measured_lang.WINDOW_BEFORE = measured_lang.WINDOW_AFTER = w
                res, by_key = run()
                row = []
                for part in ("tuning", "reporting"):
                    out = io.StringIO()
                    with contextlib.redirect_stdout(out):
                        sc = fb.bench_scores(res, labels, by_key, part)
                    found = next((ln.split("labelled points found ")[1].split(";")[0] for ln in out.getvalue().splitlines()
                                  if "labelled points found" in ln), "?")
                    x = _crosslang_pairs(fb, res, labels, by_key, part)
                    row.append((sc, x, found))
                (ta, tx, tf), (ra, _, rf) = row
                print(f"| {w} | {ta['agreed_p']:.3f} | {ta['agreed_r']:.3f} | {tx[1]:.3f} | {tf} | "
                      f"{ra['agreed_p']:.3f} | {ra['agreed_r']:.3f} | {rf} |")
            measured_lang.WINDOW_BEFORE, measured_lang.WINDOW_AFTER = keep
            print(f"(the default: {keep[0]} words before, {keep[1]} after)")
        t = time.perf_counter()
        res, by_key = run()
        from collections import Counter

        print(f"\nnewsdesk brief: {len(res.events)} events found ({time.perf_counter() - t:.0f} s); article languages "
              f"{dict(sorted(Counter(a.language or '?' for a in res.articles).items()))}")
        fb.bench_scores(res, labels, by_key, split)
        p, r, tp, pp, gp = _crosslang_pairs(fb, res, labels, by_key, split)
        print(f"agreed facts across languages [{split}] (pairs of sentences in two languages): P={p:.3f} R={r:.3f} "
              f"(true pairs={tp}, predicted={pp}, gold={gp})")
        # each account's point in English and in an output language of the event's
        mine = {ev for ev, lab in labels.items() if lab["split"] == split}
        ev_of = {a.id: f.split("/")[0] for f, a in by_key.items()}
        other = {}
        for f, a in by_key.items():
            if a.language and a.language != "en":
                other.setdefault(f.split("/")[0], a.language)
        for lang in sorted({other[e] for e in mine if e in other}):
            res_l, _ = run(lang)
            for an in res_l.analyses:
                evs = {ev_of.get(c.article_id) for d in an.differing for v in d.variants for c in v.claims}
                if not evs & mine or other.get(next(iter(evs & mine))) != lang:
                    continue
                en = next((x for x in res.analyses if x.event_id == an.event_id), None)
                for i, d in enumerate(an.differing):
                    en_point = en.differing[i].point if en is not None and i < len(en.differing) else "?"
                    print(f"  {min(evs & mine)} --lang {lang}: {d.point!r} ({d.language}; in English {en_point!r}): "
                          + " | ".join(f"{v.value} [{len(v.sources)} sources]" for v in d.variants))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--briefs", action="store_true", help="also run analyse and count empty briefs")
    ap.add_argument("--facts", action="store_true", help="only the cross-language facts benchmark (team-written events)")
    ap.add_argument("--split", default="reporting", choices=("reporting", "tuning"), help="part of the facts benchmark")
    args = ap.parse_args()
    if args.facts:
        facts_part(args.split, args.sweep)
        return 0
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
