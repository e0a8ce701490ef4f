"""DUC 2007 experiments: e5 sentence embeddings for query relevance and novelty, held out.

    .venv/bin/python benchmarks/duc2007.py --embed          # once: every DUC sentence into ~/.cache/newsdesk
    .venv/bin/python benchmarks/duc2007_e5.py               # the grids below, with leave-one-topic-out figures

Every brief is the product's own (``summarize.summarize_articles``, centroid scoring, the topic's
question, the earlier parts as ``since``): only the sentence scores handed to selection change,
through the two hooks ``summarize`` calls (``focus`` then ``novelty``). Per docset the features are
computed once (salience, the TF-IDF relevance of ``summarize.query``, the e5 cosine with the
question, the largest TF-IDF and e5 cosine with a sentence already seen, the share of the
sentence's names and numbers the seen text does not hold) and the grids recombine them:

    z(salience) + w * z(TF-IDF relevance) + b * z(e5 relevance)
                - c * z(TF-IDF seen) - e * z(e5 seen) + d * z(new names/numbers)      (update parts)

Leave-one-topic-out: for each of the 45 topic ids, the setting best on the other topics (main
task and update parts A pooled for the briefs with nothing seen, parts B and C for the update
briefs) is scored on the left-out topic's docsets (a topic is left out of both tasks at once: the
update topics are main-task topics too). The in-sample row is the best setting on all topics.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "duc2007"
CACHE = Path("~/.cache/newsdesk").expanduser()

_ANCHOR = re.compile(r"\b(?:[A-Z][a-zA-Z]+|\d[\d,.]*)\b")


def anchors(text: str) -> set[str]:
    """Names and numbers of a text (capitalised words after its first, and figures), lower-cased."""
    found = [m.group(0) for m in _ANCHOR.finditer(text)]
    if found and text.lstrip().startswith(found[0]) and not found[0][0].isdigit():
        found = found[1:]
    return {f.lower().rstrip(".,") for f in found}


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9) if len(x) else x


@dataclass
class Docset:
    """What one docset's briefs recombine: computed on the first run, kept for the others (the e5
    columns on first use)."""

    fit: np.ndarray
    sal: np.ndarray
    rel: np.ndarray  # summarize.query's expanded TF-IDF relevance (the product's weights)
    plain: np.ndarray  # plain TF-IDF relevance (the answer sentence)
    texts: list[str]
    query: str
    seen: list[str]
    words: np.ndarray
    nov: np.ndarray  # largest TF-IDF cosine with a seen sentence (zeros: nothing seen)
    new: np.ndarray  # share of the sentence's names and numbers not in the seen text
    recency: np.ndarray  # the article's place in date order (0 oldest, 1 newest)
    _e5: dict[str, np.ndarray] = field(default_factory=dict)

    def _passages(self) -> np.ndarray:
        from newsdesk.summarize import embed_cache as E

        if "P" not in self._e5:
            idx = np.flatnonzero(self.fit)
            self._e5["P"] = E.embed([self.texts[i] for i in idx], "passage")
        return self._e5["P"]

    @property
    def e5rel(self) -> np.ndarray:
        """e5 cosine of each sentence with the question (unfit sentences: the lowest)."""
        from newsdesk.summarize import embed_cache as E

        if "rel" not in self._e5:
            out = np.zeros(len(self.texts))
            if self.fit.any():
                out[self.fit] = self._passages() @ E.embed([self.query], "query")[0]
                out[~self.fit] = out[self.fit].min()
            self._e5["rel"] = out
        return self._e5["rel"]

    @property
    def e5nov(self) -> np.ndarray:
        """Largest e5 cosine of each sentence with a seen sentence (unfit: the highest)."""
        from newsdesk.summarize import embed_cache as E

        if "nov" not in self._e5:
            out = np.zeros(len(self.texts))
            if self.fit.any() and self.seen:
                out[self.fit] = (self._passages() @ E.embed(list(dict.fromkeys(self.seen)), "passage").T).max(axis=1)
                out[~self.fit] = out[self.fit].max()
            self._e5["nov"] = out
        return self._e5["nov"]

    def matrix(self, cols: tuple[str, ...]) -> np.ndarray:
        """The columns ``cols`` standardised within the docset (``words``: log length)."""
        out = []
        for c in cols:
            v = np.log1p(self.words) if c == "words" else getattr(self, c)
            out.append(_z(v) if len(v) else np.zeros(len(self.sal)))
        return np.stack(out, axis=1)


class Harness:
    """Runs the product's briefs with recombined scores (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        from newsdesk.evaluate import duc

        self.duc = duc
        self.main = duc.load_topics(folder / duc.FILES["main"])
        self.upd = duc.load_topics(folder / duc.FILES["update"])
        self.by_upd = {t.id: t for t in self.upd}
        self.first = [t for t in self.upd if not t.earlier]
        self.later = [t for t in self.upd if t.earlier]
        self.docsets: dict[str, Docset] = {}
        self.setting: dict[str, Any] = {}
        self.current = ""
        self.query = ""
        self.order: dict[str, float] = {}

    # -------------------------------------------------------------- the hooks summarize calls
    def _features(self, scores: np.ndarray, cands: list[Any], seen: list[str]) -> Docset:
        from newsdesk.summarize import query as Q
        from newsdesk.summarize import update as U

        got = self.docsets.get(self.current)
        if got is not None and len(got.sal) == len(cands):
            return got
        texts = [c.text for c in cands]
        seen_anchors = set().union(*(anchors(s) for s in seen)) if seen else set()
        d = Docset(
            fit=np.array([c.problem is None for c in cands]),
            sal=np.asarray(scores, dtype=float),
            rel=Q.expanded_relevance(scores, cands, self.query,
                                     weight=Q.UPDATE_QUERY_WEIGHT if seen else Q.QUERY_WEIGHT,
                                     feedback=Q.UPDATE_FEEDBACK_WEIGHT if seen else Q.FEEDBACK_WEIGHT),
            plain=Q.relevance(cands, self.query),
            texts=texts,
            query=self.query,
            seen=seen,
            words=np.array([len(t.split()) for t in texts], dtype=float),
            nov=U.seen_similarity(cands, seen) if seen else np.zeros(len(cands)),
            new=np.array([len(a - seen_anchors) / (len(a) + 1.0) for a in map(anchors, texts)]),
            recency=np.array([self.order.get(c.article_id, 0.5) for c in cands]),
        )
        self.docsets[self.current] = d
        return d

    def focus(self, scores: np.ndarray, cands: Any, query: str, *, seen: bool = False, **_: Any) -> np.ndarray:
        return scores  # everything is combined in novelty(), which is called right after

    def novelty(self, scores: np.ndarray, cands: Any, seen: Any, **_: Any) -> np.ndarray:
        if not len(scores):
            return scores
        d = self._features(scores, list(cands), list(seen))
        s = self.setting
        if "coef" in s:  # a linear model of the standardised features (supervised())
            out = d.matrix(s["cols"]) @ s["coef"]
            return np.where(d.nov >= 0.6, out.min() - 1.0 - d.nov, out) if len(seen) else out
        # as summarize does it: focus (salience, relevance, the answer first), then novelty
        out = _z(d.sal) + s.get("w", 0.0) * _z(d.rel)
        answer = s.get("answer", "tfidf")
        if s.get("top"):  # the product's SummarizeConfig.embed_query: only the top is embedded
            from newsdesk.summarize import query as Q

            out, best = Q.embedded(out, cands, self.query, weight=s.get("b", 0.0), top=s["top"])
            if best is not None:
                out[best] = float(out.max()) + 1.0
            answer = ""
        elif s.get("b"):
            out = out + s["b"] * _z(d.e5rel)
        if answer:
            pick = d.plain if answer == "tfidf" else d.e5rel
            ok = d.fit & (d.plain > 0) if answer == "tfidf" else d.fit
            if ok.any():
                best = int(np.argmax(np.where(ok, pick, -np.inf)))
                out[best] = float(out.max()) + 1.0
        if len(seen):
            out = _z(out) - s.get("c", 0.0) * _z(d.nov) + s.get("d", 0.0) * _z(d.new)
            if s.get("e"):
                out = out - s["e"] * _z(d.e5nov)
            out = out + s.get("r", 0.0) * _z(d.recency)
            low = float(out.min()) - 1.0
            out = np.where(d.nov >= s.get("repeat", 0.6), low - d.nov, out)
            if s.get("e5repeat", 2.0) <= 1.0:
                out = np.where(d.e5nov >= s["e5repeat"], low - d.e5nov, out)
        return out

    # -------------------------------------------------------------------------------- runs
    def run(self, topics: list[Any], words: int, setting: dict[str, Any], *, since: bool) -> np.ndarray:
        """Jackknifed ROUGE-2 of each docset's brief under ``setting``."""
        import newsdesk.summarize as S
        from newsdesk.config import SummarizeConfig

        saved = S.focus, S.novelty
        S.focus, S.novelty = self.focus, self.novelty
        self.setting = setting
        outs = []
        try:
            for t in topics:
                self.current, self.query = f"{t.id}:{words}:{since}", t.query
                n = max(len(t.articles) - 1, 1)
                self.order = {a.id: k / n for k, a in enumerate(t.articles)}  # the docsets are in date order
                seen = [a for e in t.earlier for a in self.by_upd[e].articles] if since else None
                brief = S.summarize_articles(t.articles, config=SummarizeConfig(words=words, query=t.query), since=seen)
                outs.append([x.text for x in brief.sentences])
        finally:
            S.focus, S.novelty = saved
        return self.duc.score_outputs(topics, outs, words)["ROUGE-2"]


def held_out(tasks: list[tuple[list[np.ndarray], np.ndarray]]) -> tuple[list[np.ndarray], list[np.ndarray], int]:
    """Per task (its grid rows, one per setting, and each docset's topic id): the in-sample scores
    (the setting best on all topics, the objective the sum of the tasks' means) and the
    leave-one-topic-out scores (each topic's docsets scored with the setting best on the other
    topics), with how many distinct settings the folds chose."""
    Ms = [np.array(rows) for rows, _ in tasks]
    gs = [g for _, g in tasks]

    def best(masks: list[np.ndarray]) -> int:
        return int(np.argmax(sum(M[:, m].mean(axis=1) for M, m in zip(Ms, masks, strict=True) if m.any())))

    j = best([np.ones(len(g), bool) for g in gs])
    ins = [M[j] for M in Ms]
    loo = [np.zeros(len(g)) for g in gs]
    picks = set()
    for g in sorted(set().union(*map(set, gs))):
        k = best([gg != g for gg in gs])
        picks.add(k)
        for M, gg, out in zip(Ms, gs, loo, strict=True):
            out[gg == g] = M[k, gg == g]
    return ins, loo, len(picks)


def grids(h: Harness, *, quick: bool = False) -> None:
    """The nothing-seen grid (main + update A) and the update grid (parts B, C), held out."""
    gm = np.array([t.id[:5] for t in h.main])
    ga = np.array([t.id[:5] for t in h.first])
    gl = np.array([t.id[:5] for t in h.later])
    t0 = time.perf_counter()
    first = [{"w": w, "b": b, "answer": a} for w in (0.0, 0.25) for b in (0.0, 0.25, 0.5, 1.0, 2.0)
             for a in ("tfidf", "e5")]
    if quick:
        first = first[:2] + first[10:12]
    rm, ra = [], []
    print("nothing seen: main (23 topics, 250 words) and update A (10, 100 words), jackknifed ROUGE-2")
    for s in first:
        rm.append(h.run(h.main, 250, s, since=False))
        ra.append(h.run(h.first, 100, s, since=False))
        print(f"  {s}: main {rm[-1].mean():.4f}  A {ra[-1].mean():.4f}  [{time.perf_counter() - t0:.0f}s]", flush=True)
    (im, ia), (lm, la), k = held_out([(rm, gm), (ra, ga)])
    print(f"  best on all (main + A): main {im.mean():.4f}, A {ia.mean():.4f}; leave-one-topic-out: main "
          f"{lm.mean():.4f}, A {la.mean():.4f} ({k} distinct choices)")
    (im1,), (lm1,), k1 = held_out([(rm, gm)])
    print(f"  main alone: in-sample {im1.mean():.4f}, leave-one-topic-out {lm1.mean():.4f} ({k1} distinct choices)")
    update = [{"w": 1.0, "b": b, "c": c, "e": e} for b in (0.0, 0.5, 1.0)
              for c in (0.0, 1.0) for e in (0.0, 0.5, 1.0, 2.0)]
    if quick:
        update = update[:2]
    rl = []
    print("update briefs: parts B and C (20 docsets, 100 words)")
    for s in update:
        rl.append(h.run(h.later, 100, s, since=True))
        print(f"  {s}: {rl[-1].mean():.4f}  [{time.perf_counter() - t0:.0f}s]", flush=True)
    (il,), (ll,), ku = held_out([(rl, gl)])
    print(f"  B+C best on all: {il.mean():.4f}; leave-one-topic-out {ll.mean():.4f} ({ku} distinct choices)")
    print(f"  update task (30 topic-parts): in-sample {np.concatenate([ia, il]).mean():.4f}, "
          f"leave-one-topic-out {np.concatenate([la, ll]).mean():.4f}")


def product_grid(h: Harness) -> dict[str, Any]:
    """The settings the product has, held out: ``SummarizeConfig.embed_query`` off or on (the top
    ``query.EMBED_TOP`` sentences embedded, the answer sentence by e5), ``query.EMBED_WEIGHT`` in
    {0, 0.5, 1} and ``update.NOVELTY_WEIGHT`` in {0, 0.5, 1}; the TF-IDF query weights are the
    shipped ones. One setting serves main, A, B and C (the objective the sum of the three means);
    each topic is scored with the setting chosen on the other topics. Returns the per-docset rows."""
    from newsdesk.summarize import query as Q

    gm = np.array([t.id[:5] for t in h.main])
    ga = np.array([t.id[:5] for t in h.first])
    gl = np.array([t.id[:5] for t in h.later])
    out: dict[str, Any] = {}
    for embed in (False, True):
        weights = (0.0, 0.5, 1.0) if embed else (None,)
        grid = [(b, c) for b in weights for c in (0.0, 0.5, 1.0)]
        first: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
        for b in weights:
            s = {"w": Q.QUERY_WEIGHT, **({"top": Q.EMBED_TOP, "b": b} if embed else {})}
            first[b] = (h.run(h.main, 250, s, since=False), h.run(h.first, 100, s, since=False))
        rm, ra, rl = [], [], []
        for b, c in grid:
            s = {"w": Q.UPDATE_QUERY_WEIGHT, "c": c, **({"top": Q.EMBED_TOP, "b": b} if embed else {})}
            rm.append(first[b][0])
            ra.append(first[b][1])
            rl.append(h.run(h.later, 100, s, since=True))
            print(f"  embed_query {embed}, EMBED_WEIGHT {b}, NOVELTY_WEIGHT {c}: main {rm[-1].mean():.4f}, "
                  f"A {ra[-1].mean():.4f}, B+C {rl[-1].mean():.4f}, update {np.concatenate([ra[-1], rl[-1]]).mean():.4f}",
                  flush=True)
        (im, ia, il), (lm, la, ll), k = held_out([(rm, gm), (ra, ga), (rl, gl)])
        print(f"  embed_query {embed}: in-sample best main {im.mean():.4f}, update {np.concatenate([ia, il]).mean():.4f}; "
              f"leave-one-topic-out main {lm.mean():.4f}, update {np.concatenate([la, ll]).mean():.4f} "
              f"(A {la.mean():.4f}, B+C {ll.mean():.4f}; {k} distinct choices over the folds)", flush=True)
        out[str(embed)] = {"grid": grid, "main": rm, "A": ra, "BC": rl, "held": (lm, la, ll)}
    from newsdesk.evaluate.rouge import bootstrap_indices, interval

    def ci(v: np.ndarray) -> str:
        iv = interval(v, bootstrap_indices(len(v), resamples=1000, seed=1))
        return f"{iv.mean:+.4f} ({iv.low:+.4f} to {iv.high:+.4f})" if iv.mean < 0.05 else \
            f"{iv.mean:.4f} ({iv.low:.4f}-{iv.high:.4f})"

    off, on = out["False"]["held"], out["True"]["held"]
    for name, k in (("main", 0), ("update", None)):
        a = off[0] if k == 0 else np.concatenate(off[1:])
        b = on[0] if k == 0 else np.concatenate(on[1:])
        print(f"  held out, 95% bootstrap CI over docsets: {name} embed_query off {ci(a)}, on {ci(b)}, "
              f"on - off paired {ci(b - a)}")
    return out


def cost(folder: Path, n: int = 40) -> None:
    """Seconds to load e5 and embed ``n`` sentences of a DUC docset with nothing cached: what
    ``embed_query`` adds to one brief."""
    from newsdesk.evaluate import duc
    from newsdesk.summarize import embed_cache as E
    from newsdesk.summarize.features import candidates

    E.use_disk(None)
    t = duc.load_topics(folder / duc.FILES["update"], limit=1)[0]
    texts = [c.text for c in candidates(t.articles) if c.problem is None][:n]
    t0 = time.perf_counter()
    E._model()
    t1 = time.perf_counter()
    E.embed(texts, "passage")
    E.embed([t.query], "query")
    t2 = time.perf_counter()
    print(f"e5 cost: model load {t1 - t0:.2f} s, {len(texts)} sentences + the question {t2 - t1:.2f} s "
          f"({len(texts) / (t2 - t1):.1f} sentences/s; OMP threads: the engine's default)")


def targets(d: Docset, refs: tuple[str, ...], *, density: bool) -> np.ndarray:
    """Each candidate's pooled ROUGE-2 recall against the references alone (per word: ``density``)."""
    from newsdesk.evaluate.rouge import Grams, pooled_recall

    R = [Grams.of(r) for r in refs]
    y = np.array([pooled_recall(Grams.of(t), R, "ROUGE-2") for t in d.texts])
    return y / np.maximum(d.words, 1.0) if density else y


def supervised(h: Harness, *, seen: bool, cols: tuple[str, ...], density: bool, alpha: float = 1.0) -> np.ndarray:
    """Ridge regression of each sentence's ROUGE-2 gain on the standardised features, trained on the
    fit sentences of the other topics (leave-one-topic-out), its prediction the brief's scores.
    Returns the held-out jackknifed ROUGE-2 of each docset (main + A, or B + C when ``seen``)."""
    sets = [(t, 100, True) for t in h.later] if seen else \
        [(t, 250, False) for t in h.main] + [(t, 100, False) for t in h.first]
    data = []
    for t, w, sn in sets:
        d = h.docsets[f"{t.id}:{w}:{sn}"]
        X = d.matrix(cols)[d.fit]
        y = targets(d, t.references, density=density)[d.fit]
        data.append((t.id[:5], X, _z(y)))
    out = np.zeros(len(sets))
    for g in sorted({k for k, _, _ in data}):
        X = np.concatenate([x for k, x, _ in data if k != g])
        y = np.concatenate([v for k, _, v in data if k != g])
        coef = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
        for i, (t, w, sn) in enumerate(sets):
            if t.id[:5] == g:
                out[i] = h.run([t], w, {"coef": coef, "cols": cols}, since=sn)[0]
    X = np.concatenate([x for _, x, _ in data])
    y = np.concatenate([v for _, _, v in data])
    coef = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
    print(f"  ridge on all topics ({'per word' if density else 'per sentence'}): "
          + ", ".join(f"{c} {v:+.3f}" for c, v in zip(cols, coef, strict=True)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--embed-cache", default=str(CACHE))
    ap.add_argument("--product", action="store_true",
                    help="only the product's settings (embed_query off/on, EMBED_WEIGHT, NOVELTY_WEIGHT), held out")
    ap.add_argument("--cost", action="store_true", help="only: seconds e5 adds to one brief, nothing cached")
    ap.add_argument("--quick", action="store_true", help="a few settings only (a check of the harness)")
    args = ap.parse_args()
    folder = Path(args.data)
    if not (folder / "main.jsonl").exists():
        print(f"{folder} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    from newsdesk.summarize import embed_cache as E

    E.use_disk(args.embed_cache)
    h = Harness(folder)
    if args.cost:
        cost(folder)
        return 0
    if args.product:
        print("the product's settings, held out (jackknifed ROUGE-2; main 250 words, update 100 words)")
        product_grid(h)
        return 0
    grids(h, quick=args.quick)
    print("supervised: ridge on the standardised features, leave-one-topic-out (target: each sentence's "
          "pooled ROUGE-2 recall against the references)")
    first_cols = ("sal", "rel", "plain", "e5rel", "words")
    for density in (False, True):
        got = supervised(h, seen=False, cols=first_cols, density=density)
        print(f"  nothing seen, {first_cols}: main {got[:len(h.main)].mean():.4f}, A {got[len(h.main):].mean():.4f}",
              flush=True)
        later = supervised(h, seen=True, cols=(*first_cols, "nov", "e5nov", "new"), density=density)
        print(f"  parts B and C, + nov, e5nov, new: {later.mean():.4f}; update task (30 topic-parts) "
              f"{np.concatenate([got[len(h.main):], later]).mean():.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
