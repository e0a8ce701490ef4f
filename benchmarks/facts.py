"""Cross-source facts: the facts benchmark, then precision and recall on the team's sample corpus.

**Facts benchmark** (first, ``--split reporting`` by default): ``tests/fixtures/facts_bench`` holds 22
team-written events (70 articles, 265 facts, every sentence labelled with the fact ids it states, see its
``build.py``), split into a tuning part (e01-e04, and e13-e22 written later to study misses on fresh
text: every constant of the facts stage was chosen there) and a reporting part (e05-e12, never studied
sentence by sentence). Printed on the chosen part:

* agreed facts, pairwise over sources: a predicted pair is two claims of different independent sources
  in one agreed fact (or in one version of a differing account: those sources agree on that version),
  each mapped to the labelled sentence it overlaps most; it is right when the two sentences share a
  fact id. Gold pairs: sentences of different sources sharing a fact id. P and R over distinct
  sentence pairs. A sentence labelled with two facts pairs rightly with either (lenient for compound
  sentences);
* differing accounts: right when every version maps into one labelled ``@differ`` set and two versions
  map to different facts of it; also how many labelled points were found, pronoun speakers and
  sentences shown both as agreed and as differing (both should be 0);
* entity types: of the labelled names shown as an entity (canonical name or surface), the share with
  the labelled type (a name labelled ``none``, a ship or "the West", must not be shown).

Then, on the sample corpus:

Runs the pipeline's stages up to the facts stage (no summaries) on ``samples/corpus/`` and scores it against
``samples/labels/{articles,entities,quantities,facts,quotes}.json`` (written by the team).

Metrics (each printed with its counts):

* **Entity resolution**: pairwise precision/recall of surface forms clustered to one canonical.
  For each labelled event, every labelled surface form ("Poutine", "the Russian president") is
  located in that event's article texts; each occurrence is assigned to the predicted entity whose
  mentions overlap it most, and the surface to the entity most of its occurrences got (none = a
  singleton). Gold pairs: two surfaces of one labelled entity. Predicted pairs: two surfaces
  assigned to one predicted entity. P = |pred & gold| / |pred|, R = |pred & gold| / |gold|.
  Surfaces that occur in no article text (e.g. only in a title) are left out and counted.
  Also printed: the share of labelled entities whose canonical name we chose identically.
* **Quantities**: a labelled amount is found when a predicted quantity's span overlaps an
  occurrence of its text in the article (one-to-one) *and* its value (within 1%) and unit match
  ("person" = our "people"). P = correct / predicted quantities in the labelled articles (labels
  are meant to be exhaustive for money, percentages, durations and counts), R = correct / labelled.
  Linking: pairwise P/R of matched quantities that we link as one amount vs the labels' ``same_as``.
* **Fact grouping**: each labelled mention (file, text) is located in the article and mapped to
  the claim (sentence) of ours it overlaps most; its predicted group is the fact holding that
  claim (claims in no fact are singletons). Pairwise over labelled mentions of one event: gold
  pairs share a labelled fact, predicted pairs share a predicted fact. Also: for each labelled
  fact, our independent-source count of the fact covering most of its mentions vs the label
  (exact-match share), and how many labelled variant sets appear as a differing account.
* **Quotes**: a labelled quote is found when a predicted quote overlaps its text in that file;
  speaker accuracy = found quotes whose canonical speaker equals the label.
* **Flags**: per kind, precision/recall against the labels' ``kinds`` (spun -> spun,
  translated -> machine_translated, members of a duplicate group not labelled "original" -> copy,
  offtopic -> off_topic); and the share of Multi-News validation documents the
  spun and machine_translated detectors flag (false alarms on real edited news).

* **Speed**: the facts stage alone on 100 Multi-News validation articles (``--speed N``), first with
  nothing cached (NER runs on every source), then again on the same articles (per-article caches hit);
  and the whole default pipeline on the first N Multi-News documents with the caches emptied before
  each run and kept (benchmarks/speed.py's warm runs keep them).

The samples' fact labels are clause-level ("Karlov, who travelled to Solvara" and "Marek promised a
loan" in one sentence are two facts); agreed facts are sentence-level claims (a subordinate clause is no
claim of its own), so that figure counts such sentences as wrongly grouped.

Usage: ``.venv/bin/python benchmarks/facts.py [--split reporting|tuning] [--bench-only] [--corpus samples/corpus]
[--labels samples/labels] [--speed 100]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from newsdesk import Config  # noqa: E402
from newsdesk.model import Article, Result  # noqa: E402


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``needle`` in ``text`` (exact, else case-insensitive, else with any
    whitespace and quote forms): "Kestavia" does not match inside "Kestavian"."""
    lb, rb = (r"(?<!\w)" if needle[:1].isalnum() else ""), (r"(?!\w)" if needle[-1:].isalnum() else "")
    out = [(m.start(), m.end()) for m in re.finditer(lb + re.escape(needle) + rb, text)]
    if out:
        return out
    out = [(m.start(), m.end()) for m in re.finditer(lb + re.escape(needle) + rb, text, re.I)]
    if out:
        return out
    parts = [re.escape(p) for p in _norm(needle).split(" ")]
    pat = r"\s+".join(parts).replace("'", "['’]").replace('\\"', '["“”]')
    return [(m.start(), m.end()) for m in re.finditer(lb + pat + rb, text, re.I)]


def label_key(a: Article, corpus: Path) -> str:
    p = Path(a.origin.path)
    try:
        rel = p.resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        rel = p.as_posix()
    return f"{rel}:{a.origin.record}" if a.origin.format == "jsonl" and a.origin.record else rel


def pairwise(pred_groups: dict[str, object], gold_groups: dict[str, object], items: list[str]) -> tuple[int, int, int]:
    """(true pairs, predicted pairs, gold pairs) over ``items``; None groups are singletons."""
    tp = pp = gp = 0
    for a, b in itertools.combinations(items, 2):
        g = gold_groups.get(a) is not None and gold_groups.get(a) == gold_groups.get(b)
        p = pred_groups.get(a) is not None and pred_groups.get(a) == pred_groups.get(b)
        tp += g and p
        pp += p
        gp += g
    return tp, pp, gp


def prf(tp: int, pp: int, gp: int) -> str:
    p = tp / pp if pp else 0.0
    r = tp / gp if gp else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp}, predicted={pp}, gold={gp})"


def events_of(result: Result) -> dict[str, str]:
    return {a: ev.id for ev in result.events for a in ev.articles}


def entity_scores(result: Result, labels: list[dict], by_key: dict[str, Article], gold_event: dict[str, str]) -> None:
    analysis = {a.event_id: a for a in result.analyses}
    ev_of = events_of(result)
    tp = pp = gp = 0
    missing = same_canonical = total = 0
    for event in sorted({e["event"] for e in labels}):
        arts = [a for k, a in by_key.items() if gold_event.get(k) == event]
        gold: dict[str, object] = {}
        pred: dict[str, object] = {}
        for i, ent in enumerate(e for e in labels if e["event"] == event):
            votes_for_entity: Counter[str] = Counter()
            for surface in ent["surfaces"]:
                key = f"{i}|{surface}"
                votes: Counter[str] = Counter()
                for a in arts:
                    an = analysis.get(ev_of.get(a.id, ""))
                    for s, e in find_all(a.text, surface):
                        best, best_ov = None, 0
                        for pe in an.entities if an else ():
                            for m in pe.mentions:
                                if m.span.doc_id == a.id:
                                    ov = min(e, m.span.end) - max(s, m.span.start)
                                    if ov > best_ov:
                                        best, best_ov = pe, ov
                        votes[best.id if best else f"none:{a.id}:{s}"] += 1
                        if best:
                            votes_for_entity[best.canonical] += 1
                if not votes:
                    missing += 1
                    continue
                top = votes.most_common(1)[0][0]
                gold[key] = i
                pred[key] = None if top.startswith("none:") else top
            total += 1
            if votes_for_entity and votes_for_entity.most_common(1)[0][0] == ent["canonical"]:
                same_canonical += 1
        t, p, g = pairwise(pred, gold, sorted(gold))
        tp, pp, gp = tp + t, pp + p, gp + g
    print(f"entity resolution (pairwise over surface forms): {prf(tp, pp, gp)}")
    print(f"  canonical name chosen as labelled: {same_canonical}/{total}; surfaces not in any body text: {missing}")


def _unit(u: str) -> str:
    return {"person": "people", "persons": "people", "hours": "hour", "%": "percent"}.get(u, u)


def quantity_scores(result: Result, labels: list[dict], by_key: dict[str, Article]) -> None:
    analysis = {a.event_id: a for a in result.analyses}
    ev_of = events_of(result)
    files = sorted({q["file"] for q in labels if q["file"] in by_key})
    correct = predicted = 0
    # labels whose text is not in the cleaned body (titles, removed chrome) cannot be found there
    outside = sum(1 for q in labels if q["file"] in by_key and not find_all(by_key[q["file"]].text, q["text"]))
    gold_n = sum(1 for q in labels if q["file"] in by_key) - outside
    matched: dict[str, str] = {}  # gold index -> predicted quantity id
    wrong = []
    for f in files:
        a = by_key[f]
        an = analysis.get(ev_of.get(a.id, ""))
        preds = [q for q in (an.quantities if an else ()) if q.span.doc_id == a.id]
        predicted += len(preds)
        used: set[str] = set()
        for gi, g in enumerate(labels):
            if g["file"] != f:
                continue
            hit = None
            occ = find_all(a.text, g["text"])
            if not occ:
                continue
            for s, e in occ:
                for q in preds:
                    if q.id in used or not (q.span.start < e and s < q.span.end):
                        continue
                    hit = q
                    break
                if hit:
                    break
            if hit is None:
                wrong.append(f"  missed: {f}: {g['text']!r}")
                continue
            ok = _unit(g["unit"]) == hit.unit and abs(hit.value - float(g["value"])) <= 0.01 * max(1.0, abs(float(g["value"])))
            if ok:
                correct += 1
                used.add(hit.id)
                matched[str(gi)] = hit.id
            else:
                wrong.append(f"  wrong: {f}: {g['text']!r} -> {hit.text!r} {hit.value} {hit.unit}")
    print(f"quantities (span overlap + value + unit): P={correct / max(1, predicted):.3f} R={correct / max(1, gold_n):.3f}"
          f" (correct={correct}, predicted={predicted}, labelled in body text={gold_n}, outside it={outside})")
    # linking: matched quantities that share a same_as vs that we put in one link class
    cls: dict[str, str] = {}
    for an in result.analyses:
        for link in an.quantity_links:
            for qid in link.quantities:
                cls.setdefault(qid, link.quantities[0])
        for link in an.quantity_links:  # conversions and same_amount chains share ids: merge
            root = min(cls[q] for q in link.quantities)
            for qid in link.quantities:
                cls[qid] = root
    gold_g = {gi: labels[int(gi)].get("same_as") for gi in matched}
    pred_g = {gi: cls.get(qid) for gi, qid in matched.items()}
    print(f"  same amount (pairwise over matched quantities): {prf(*pairwise(pred_g, gold_g, sorted(matched)))}")
    # the labels' same_as also joins different figures for one thing (50,000 vs 70,000 marchers):
    # add the quantities we show as versions of one differing account
    point: dict[str, str] = {}
    for an in result.analyses:
        for d in an.differing:
            for v in d.variants:
                for qid in v.quantities:
                    point[qid] = d.id
    uf: dict[str, str] = {}

    def root(x: str) -> str:
        while uf.get(x, x) != x:
            x = uf[x]
        return x

    for gi, qid in matched.items():
        for key in (cls.get(qid), point.get(qid)):
            if key:
                a, b = root(f"q:{qid}"), root(f"k:{key}")
                if a != b:
                    uf[a] = b
    pred_s = {gi: root(f"q:{qid}") for gi, qid in matched.items()}
    pred_s = {gi: (r if sum(1 for x in pred_s.values() if x == r) > 1 else None) for gi, r in pred_s.items()}
    print(f"  same thing, same or differing figure: {prf(*pairwise(pred_s, gold_g, sorted(matched)))}")
    for w in wrong[:12]:
        print(w)


def fact_scores(result: Result, labels: list[dict], by_key: dict[str, Article]) -> None:
    analysis = {a.event_id: a for a in result.analyses}
    ev_of = events_of(result)
    gold: dict[str, object] = {}
    pred: dict[str, object] = {}
    by_event: dict[str, list[str]] = defaultdict(list)
    unlocated = 0
    fact_of_mention: dict[str, str] = {}
    for fact in labels:
        for j, m in enumerate(fact["mentions"]):
            a = by_key.get(m["file"])
            occ = find_all(a.text, m["text"]) if a else []
            if not occ:
                unlocated += 1
                continue
            s, e = occ[0]
            key = f"{fact['id']}|{j}"
            an = analysis.get(ev_of.get(a.id, ""))
            best, best_ov = None, 0
            for pf in an.facts if an else ():
                for c in pf.claims:
                    if c.article_id == a.id:
                        ov = min(e, c.span.end) - max(s, c.span.start)
                        if ov > best_ov:
                            best, best_ov = pf.id, ov
            gold[key] = fact["id"]
            pred[key] = best
            fact_of_mention[key] = best or ""
            by_event[fact["event"]].append(key)
    tp = pp = gp = 0
    for keys in by_event.values():
        t, p, g = pairwise(pred, gold, sorted(keys))
        tp, pp, gp = tp + t, pp + p, gp + g
    print(f"fact grouping (pairwise over labelled mentions): {prf(tp, pp, gp)}")
    print(f"  labelled facts: {len(labels)}, mentions: {sum(len(f['mentions']) for f in labels)}, not located: {unlocated}")
    facts_by_id = {f.id: f for an in result.analyses for f in an.facts}
    exact = 0
    for fact in labels:
        keys = [k for k in gold if gold[k] == fact["id"] and pred.get(k)]
        if not keys:
            continue
        top = Counter(pred[k] for k in keys).most_common(1)[0][0]
        if len(facts_by_id[str(top)].sources) == fact["independent_sources"]:
            exact += 1
    print(f"  independent-source count equal to the label: {exact}/{len(labels)}")
    found = total = 0
    for fact in labels:
        if not fact.get("variants"):
            continue
        total += 1
        files = {f for v in fact["variants"] for f in v["files"]}
        ids = {by_key[f].id for f in files if f in by_key}
        for an in result.analyses:
            for d in an.differing:
                arts = {a for v in d.variants for a in v.articles}
                if len(arts & ids) >= 2 and len(d.variants) >= 2:
                    found += 1
                    break
            else:
                continue
            break
    print(f"  labelled variant sets shown as a differing account (>= 2 of their articles): {found}/{total}")


def _prefix(quote: str, n: int = 60) -> str:
    """The first words of a quote, up to ``n`` characters, never cut inside a word."""
    return quote if len(quote) <= n else quote[:n].rsplit(" ", 1)[0]


def quote_scores(result: Result, labels: list[dict], by_key: dict[str, Article]) -> None:
    quotes = defaultdict(list)
    for an in result.analyses:
        for q in an.quotes:
            quotes[q.span.doc_id].append(q)
    found = right = n = 0
    for g in labels:
        a = by_key.get(g["file"])
        if a is None:
            continue
        n += 1
        occ = find_all(a.text, _prefix(g["quote"]))
        hit = None
        for s, e in occ:
            hit = next((q for q in quotes[a.id] if q.span.start < e and s < q.span.end), None)
            if hit:
                break
        if hit:
            found += 1
            right += (hit.canonical or hit.speaker or "") == g["speaker"]
    print(f"quotes: found {found}/{n} (recall {found / max(1, n):.3f}); speaker correct {right}/{found}"
          f" ({right / max(1, found):.3f})")


def flag_scores(result: Result, arts_labels: dict[str, dict], by_key: dict[str, Article]) -> None:
    want = {"spun": "spun", "translated": "machine_translated", "offtopic": "off_topic"}
    for kind in ("spun", "machine_translated", "copy", "off_topic"):
        gold = set()
        for k, v in arts_labels.items():
            if kind == "copy":  # a member of a duplicate group that is not labelled the original
                if v.get("dup_group") and "original" not in v.get("kinds", ()):
                    gold.add(k)
            elif any(want.get(x) == kind for x in v.get("kinds", ())):
                gold.add(k)
        pred = {k for k, a in by_key.items() if any(f.kind == kind for f in a.flags)}
        tp = len(gold & pred)
        print(f"flag {kind}: P={tp / max(1, len(pred)):.3f} R={tp / max(1, len(gold)):.3f}"
              f" (flagged={sorted(pred)}, labelled={sorted(gold)})")


def multinews_false_alarms(limit: int = 600) -> None:
    path = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
    if not path.exists():
        print("multinews false alarms: skipped (../shared/eval/multinews-val absent)")
        return
    from newsdesk.consolidate.flags import spun_flag, translated_flag
    from newsdesk.model import Origin

    n = spun = mt = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        for i, doc in enumerate(json.loads(line)["documents"]):
            a = Article(id=f"mn{n}", origin=Origin(str(path), "multinews", i), raw=doc, text=doc)
            spun += spun_flag(a) is not None
            mt += translated_flag(a, ()) is not None
            n += 1
            if n >= limit:
                break
        if n >= limit:
            break
    print(f"multinews false alarms on {n} edited articles: spun {spun} ({spun / n:.1%}),"
          f" machine_translated (without name evidence) {mt} ({mt / n:.1%})")


def run_to_facts(paths: list[Path], config: Config) -> Result:
    """The pipeline on ``paths``: ``newsdesk brief``'s own composition (facts are part of it)."""
    from newsdesk.pipeline import brief

    return brief(paths, config=config)


def speed(n_articles: int = 100) -> None:
    """Time the facts stage alone on ``n_articles`` Multi-News validation articles (raw text, one
    event per cluster, every article an independent source: the worst case for NER)."""
    path = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
    if not path.exists():
        print("speed: skipped (../shared/eval/multinews-val absent)")
        return
    from newsdesk.config import FactsConfig
    from newsdesk.consolidate import analyze_events, clear_caches
    from newsdesk.extract import estimate_article_dates
    from newsdesk.extract.ner import load_nlp, ner_ranges
    from newsdesk.model import Event, Origin

    arts: list[Article] = []
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        c = json.loads(line)
        ids = []
        for i, doc in enumerate(c["documents"]):
            arts.append(Article(id=f"{c['id']}-{i}", origin=Origin(str(path), "multinews", i, c["id"]), raw=doc, text=doc))
            ids.append(arts[-1].id)
        events.append(Event(c["id"], tuple(ids), tuple(ids)))
        if len(arts) >= n_articles:
            break
    words = sum(len(a.text.split()) for a in arts)
    config = FactsConfig()
    fed = sum(len(a.text[s:e].split()) for a in arts for s, e in ner_ranges(a.text, config.ner_words))
    load_nlp(config.spacy_model)  # loaded once per process (timed in main)
    clear_caches()
    t = time.perf_counter(), time.process_time()
    estimate_article_dates(arts)
    dates = time.perf_counter() - t[0], time.process_time() - t[1]
    t = time.perf_counter(), time.process_time()
    res = analyze_events(arts, events=events, config=config)
    facts = time.perf_counter() - t[0], time.process_time() - t[1]
    # again on the same articles: what re-analysing unchanged articles costs (a store refresh), with
    # the per-article caches (NER results, quantities, spinner scan, claim stems) filled
    t = time.perf_counter(), time.process_time()
    analyze_events(arts, events=events, config=config)
    again = time.perf_counter() - t[0], time.process_time() - t[1]
    flags = Counter(f.kind for a in res.articles for f in a.flags)
    print(f"speed: {len(arts)} Multi-News articles ({words} words, {len(events)} events; NER reads {fed} words): "
          f"date estimation {dates[0]:.2f} s; facts stage {facts[0]:.2f} s wall, {facts[1]:.2f} s CPU "
          f"({len(arts) / facts[0]:.0f} articles/s); again on the same articles {again[0]:.2f} s wall, "
          f"{again[1]:.2f} s CPU; flags raised: {dict(flags) or 'none'}; machine load {os.getloadavg()[0]:.1f}")


def quote_speed(kb: int = 190) -> None:
    """Quote finding on one page of about ``kb`` KB of quotes (200 speakers): issue 15 measured ~100 s
    before speakers were found by bisection; now it grows linearly (printed for two sizes)."""
    from newsdesk.extract.quotes import find_quotes
    from newsdesk.model import Entity, EntityMention, Origin, Span

    find_quotes(Article(id="w", origin=Origin("w", "text"), raw="x", text='He said "warm up the splitter" today.'))
    for size in (kb // 2, kb):
        names = [f"Anna Berg{chr(97 + k % 26)}{chr(97 + k // 26)}" for k in range(200)]
        parts, where, pos = [], defaultdict(list), 0
        i = 0
        while pos < size * 1000:
            nm = names[i % len(names)]
            piece = f'{nm} spoke at the hall on day {i}. "We will keep the line open and the costs low," {nm} said. '
            where[nm].extend([pos, pos + piece.index(f'" {nm} said') + 2])
            parts.append(piece)
            pos += len(piece)
            i += 1
        text = "".join(parts)
        ents = [Entity(f"e{j}", nm, "person", tuple(EntityMention(nm, Span("q", p, p + len(nm))) for p in where[nm]),
                       (nm,), ("q",)) for j, nm in enumerate(names) if nm in where]
        art = Article(id="q", origin=Origin("q", "text"), raw=text, text=text)
        t = time.perf_counter()
        quotes = find_quotes(art, ents)
        print(f"quote speed: {len(text) // 1000} KB, {len(quotes)} quotes: {time.perf_counter() - t:.2f} s "
              f"(machine load {os.getloadavg()[0]:.1f})")


def pipeline_speed(n_articles: int = 100, runs: int = 3) -> None:
    """The whole default pipeline (``newsdesk.pipeline.run``, as benchmarks/speed.py runs it) on the
    first ``n_articles`` Multi-News documents, median of ``runs`` after a first run that loads the
    models: with the facts stage's per-text caches emptied before each run (NER on every source,
    as for articles never seen), and kept (what speed.py's warm runs measure)."""
    import statistics

    from newsdesk.consolidate import clear_caches
    from newsdesk.ingest.jsonl import read_jsonl
    from newsdesk.pipeline import run

    path = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
    if not path.exists():
        print("pipeline speed: skipped (../shared/eval/multinews-val absent)")
        return
    arts = read_jsonl(path).articles[:n_articles]
    run(arts, config=Config())
    for label, empty in (("caches emptied before each run", True), ("caches kept", False)):
        wall, cpu = [], []
        for _ in range(runs):
            if empty:
                clear_caches()
            t = time.perf_counter(), time.process_time()
            run(arts, config=Config())
            wall.append(time.perf_counter() - t[0])
            cpu.append(time.process_time() - t[1])
        print(f"pipeline speed: default Config on {len(arts)} Multi-News documents, {label}: "
              f"{statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU (median of {runs}); "
              f"machine load {os.getloadavg()[0]:.1f}")


# --- the facts benchmark (tests/fixtures/facts_bench): agreed facts, differing accounts, entity types ---

BENCH = ROOT / "tests" / "fixtures" / "facts_bench"


def _sentence_index(labels: dict, by_key: dict[str, Article]) -> dict[str, list[tuple[int, int, str, frozenset[str]]]]:
    """Article id -> its labelled sentences as (start, end, sentence key, fact ids) in the cleaned text."""
    out: dict[str, list[tuple[int, int, str, frozenset[str]]]] = defaultdict(list)
    for ev, lab in labels.items():
        for i, s in enumerate(lab["sentences"]):
            a = by_key.get(s["file"])
            occ = find_all(a.text, s["text"]) if a else []
            if occ:
                out[a.id].append((occ[0][0], occ[0][1], f"{ev}:{i}", frozenset(f"{ev}:{f}" for f in s["facts"])))
    return out


def _sentence_of(index: dict, doc: str, start: int, end: int) -> tuple[str, frozenset[str]] | None:
    """The labelled sentence a claim span overlaps most (None: the claim is in no labelled sentence)."""
    best, best_ov = None, 0
    for s, e, key, facts in index.get(doc, ()):
        ov = min(e, end) - max(s, start)
        if ov > best_ov:
            best, best_ov = (key, facts), ov
    return best


def bench_scores(result: Result, labels: dict, by_key: dict[str, Article], split: str) -> dict[str, float]:
    """Agreed-fact P/R (pairwise over sources), differing-account precision and entity-type accuracy."""
    labels = {ev: lab for ev, lab in labels.items() if lab["split"] == split}
    files = {s["file"] for lab in labels.values() for s in lab["sentences"]}
    ids = {by_key[f].id for f in files if f in by_key}
    index = _sentence_index(labels, by_key)
    rep = {m: g.representative for g in result.duplicate_groups for m in g.members}
    # gold pairs: sentences of two different sources of one event that share a fact id
    sent_doc = {key: doc for doc, ss in index.items() for _, _, key, _ in ss}
    sent_facts = {key: facts for ss in index.values() for _, _, key, facts in ss}
    gold = set()
    keys = sorted(sent_facts)
    for a, b in itertools.combinations(keys, 2):
        if a.split(":")[0] == b.split(":")[0] and rep.get(sent_doc[a], sent_doc[a]) != rep.get(sent_doc[b], sent_doc[b]) \
                and sent_facts[a] & sent_facts[b]:
            gold.add((a, b))
    pred, wrong, outside = set(), [], 0
    agreed_claims, differing_claims = set(), set()
    # A claim is never both agreed and disputed: sources that give the same version of a differing
    # account ("nine hours" [1, 2, 4] against "eleven hours" [3]) agree on it, and are scored as such.
    groups = [(f.claims, True) for an in result.analyses for f in an.agreed] + [
        (v.claims, False) for an in result.analyses for d in an.differing for v in d.variants if len(v.sources) >= 2]
    for claims_of_group, is_fact in groups:
        if True:
            mapped = []
            for c in claims_of_group:
                if c.article_id not in ids:
                    continue
                hit = _sentence_of(index, c.article_id, c.span.start, c.span.end)
                if hit is None:
                    outside += 1
                    continue
                mapped.append((rep.get(c.article_id, c.article_id), hit[0], c.text))
                if is_fact:
                    agreed_claims.add(hit[0])
            for (ra, ka, ta), (rb, kb, tb) in itertools.combinations(mapped, 2):
                if ra != rb and ka != kb:
                    pair = tuple(sorted((ka, kb)))
                    if pair not in pred and pair not in gold:
                        wrong.append(f"    {ta!r}\n      ~ {tb!r}")
                    pred.add(pair)  # type: ignore[arg-type]
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    print(f"agreed facts [{split}] (pairwise over sources; with the versions of differing accounts): P={p:.3f} R={r:.3f} "
          f"(true pairs={tp}, predicted={len(pred)}, gold={len(gold)}; claims outside labelled sentences: {outside})")
    for w in wrong[:8]:
        print(w)
    # differing accounts: every variant maps into one labelled @differ set, and two variants differ in it
    d_ok = d_n = 0
    found_sets: set[str] = set()
    bad = []
    pronoun = 0
    for an in result.analyses:
        for d in an.differing:
            var_facts = []
            for v in d.variants:
                fs: set[str] = set()
                for c in v.claims:
                    hit = _sentence_of(index, c.article_id, c.span.start, c.span.end) if c.article_id in ids else None
                    if hit:
                        fs |= hit[1]
                        differing_claims.add(hit[0])
                var_facts.append(fs)
                pronoun += sum(1 for s in v.speakers if re.match(r"(?i)(he|she|it|they|who|the one|after|this)\b", s))
            if not any(var_facts):
                continue
            d_n += 1
            ok = False
            for ev, lab in labels.items():
                for j, ds in enumerate(lab["differ"]):
                    want = {f"{ev}:{f}" for f in ds["facts"]}
                    hits = [fs & want for fs in var_facts]
                    if all(hits) and len({frozenset(h) for h in hits}) >= 2:
                        ok = True
                        found_sets.add(f"{ev}:{j}")
            d_ok += ok
            if not ok:
                bad.append(f"    {d.point}: " + " | ".join(v.value for v in d.variants))
    n_sets = sum(len(lab["differ"]) for lab in labels.values())
    dp = d_ok / d_n if d_n else 0.0
    print(f"differing accounts [{split}]: P={dp:.3f} ({d_ok}/{d_n} right); labelled points found "
          f"{len(found_sets)}/{n_sets}; speakers that are pronoun phrases: {pronoun}; "
          f"labelled sentences both agreed and differing: {len(agreed_claims & differing_claims)}")
    for b in bad[:6]:
        print(b)
    if split == "tuning":  # the reporting part is never studied sentence by sentence: its misses stay unread
        for ev, lab in labels.items():
            for j, ds in enumerate(lab["differ"]):
                if f"{ev}:{j}" not in found_sets:
                    print(f"    missed {ev}: {ds['point']} ({', '.join(ds['facts'])})")
    # entity types: each labelled name shown as a chip (an entity whose canonical name or surface it is)
    # must have the labelled type; a name labelled "none" must not be shown
    ev_of = {a: ev.id for ev in result.events for a in ev.articles}
    by_event = {an.event_id: an for an in result.analyses}
    right = shown = typed = typed_shown = 0
    errors = []
    for ev, lab in labels.items():
        evs = Counter(ev_of.get(by_key[s["file"]].id) for s in lab["sentences"] if s["file"] in by_key)
        an = by_event.get(evs.most_common(1)[0][0]) if evs else None
        ents = an.entities if an else ()
        for name, typ in lab["entities"].items():
            hits = [e for e in ents if e.canonical.lower() == name.lower()
                    or any(s.lower() == name.lower() for s in e.surfaces)]
            typed += typ != "none"
            if not hits:
                continue
            shown += 1
            typed_shown += typ != "none"
            if hits[0].type == typ:
                right += 1
            else:
                errors.append(f"{ev}: {name!r} shown as {hits[0].type} ({hits[0].canonical}), labelled {typ}")
    acc = right / shown if shown else 0.0
    print(f"entity types [{split}]: accuracy {acc:.3f} ({right}/{shown} shown labelled names right; "
          f"typed names shown {typed_shown}/{typed})")
    for e in errors[:10]:
        print("    " + e)
    return {"agreed_p": p, "agreed_r": r, "differing_p": dp, "entity_acc": acc}


def run_bench(split: str, config: Config | None = None) -> dict[str, float]:
    """The facts benchmark on ``split`` ("tuning" or "reporting") of tests/fixtures/facts_bench."""
    labels = json.loads((BENCH / "labels.json").read_text(encoding="utf-8"))
    corpus = BENCH / "articles"
    result = run_to_facts([corpus], config or Config())
    by_key = {label_key(a, corpus): a for a in result.articles}
    n = sum(1 for lab in labels.values() if lab["split"] == split)
    facts = sum(len({f for s in lab["sentences"] for f in s["facts"]}) for lab in labels.values() if lab["split"] == split)
    print(f"facts benchmark: {len(result.articles)} articles, {len(result.events)} events found; "
          f"{split} part: {n} labelled events, {facts} facts")
    return bench_scores(result, labels, by_key, split)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "samples" / "corpus"))
    ap.add_argument("--labels", default=str(ROOT / "samples" / "labels"))
    ap.add_argument("--speed", type=int, default=100, metavar="N",
                    help="also time the facts stage on N Multi-News articles (0: skip)")
    ap.add_argument("--split", default="reporting", choices=("reporting", "tuning"),
                    help="part of tests/fixtures/facts_bench to score (constants are chosen on 'tuning')")
    ap.add_argument("--bench-only", action="store_true", help="only the facts benchmark (no samples, no speed)")
    args = ap.parse_args()
    run_bench(args.split)
    if args.bench_only:
        return
    corpus, labels_dir = Path(args.corpus), Path(args.labels)
    labels = {n: json.loads((labels_dir / f"{n}.json").read_text(encoding="utf-8"))
              for n in ("articles", "entities", "quantities", "facts", "quotes")}
    from newsdesk.extract.ner import load_nlp

    t0 = time.perf_counter()
    load_nlp(Config().facts.spacy_model)
    print(f"spaCy model loaded in {time.perf_counter() - t0:.1f} s (once per process)")
    t0 = time.perf_counter()
    result = run_to_facts([corpus], Config())
    took = time.perf_counter() - t0
    by_key = {label_key(a, corpus): a for a in result.articles}
    gold_event = {k: v.get("event") for k, v in labels["articles"].items()}
    print(f"corpus: {len(result.articles)} articles, {len(result.events)} events; stages up to facts {took:.1f} s")
    print(f"labelled: {len(labels['entities'])} entities, {len(labels['quantities'])} quantities, "
          f"{len(labels['facts'])} facts, {len(labels['quotes'])} quotes")
    entity_scores(result, labels["entities"], by_key, gold_event)
    quantity_scores(result, labels["quantities"], by_key)
    fact_scores(result, labels["facts"], by_key)
    quote_scores(result, labels["quotes"], by_key)
    flag_scores(result, labels["articles"], by_key)
    multinews_false_alarms()
    quote_speed()
    if args.speed:
        speed(args.speed)
        pipeline_speed(args.speed)


if __name__ == "__main__":
    main()
