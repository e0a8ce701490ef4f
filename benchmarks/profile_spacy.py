"""The two spaCy passes of the facts stage alone: NER (``extract.ner``) and the claim parse
(``extract.parse`` via ``consolidate.claims.parse_claims``), on the texts a pipeline run feeds them.

    .venv/bin/python benchmarks/profile_spacy.py                       # 400 articles, the shipped settings
    .venv/bin/python benchmarks/profile_spacy.py --batch 8,64,256 --repeat 3

The texts are collected from one ``pipeline.run`` on N synthetic articles (``benchmarks/synthetic.py``,
as ``speed.py --scale``): each NER input (the windows of an article joined) and each claim text
parsed. Then each pass is timed (CPU seconds of this process, models loaded, the parse memo
emptied before each parse run) for each ``--batch`` size, interleaved over ``--repeat`` rounds
(the machine is shared: the load average is printed), and its output is compared with the first
batch size's: entities (start, end, label) for NER, the rows for the parse. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"


def collect(data: Path, n: int, model: str) -> tuple[list[str], list[str]]:
    """(NER inputs, claim texts parsed) of one pipeline run on ``n`` synthetic articles."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import synthetic_articles

    import newsdesk.extract.parse as parse
    from newsdesk.extract import ner
    from newsdesk.pipeline import run

    ner_texts: list[str] = []
    parse_texts: list[str] = []
    nlp = ner.load_nlp(model)
    real_pipe = type(nlp).pipe
    real_rows = parse.parse_rows

    def pipe(self: Any, texts: Any, **kw: Any) -> Any:
        texts = list(texts)
        if "ner" in self.pipe_names and "ner" not in kw.get("disable", ()) and not kw.get("_ref"):
            ner_texts.extend(texts)
        return real_pipe(self, texts, **kw)

    def rows(nlp_: Any, texts: Any, **kw: Any) -> Any:
        parse_texts.extend(texts)
        return real_rows(nlp_, texts, **kw)

    type(nlp).pipe = pipe  # type: ignore[method-assign]
    parse.parse_rows = rows
    try:
        run(synthetic_articles(data, n))
    finally:
        type(nlp).pipe = real_pipe  # type: ignore[method-assign]
        parse.parse_rows = real_rows
    return ner_texts, parse_texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--batch", default="", help="comma-separated batch sizes (default: the shipped ones)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    data = Path(args.data)
    if not data.exists():
        print(f"{data} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    from newsdesk.config import FactsConfig
    from newsdesk.consolidate.claims import load_parser
    from newsdesk.extract import ner
    from newsdesk.extract import parse as parse_mod
    from newsdesk.extract.parse import PARSE_BATCH_SIZE, parse_rows

    model = FactsConfig().spacy_model
    ner_texts, parse_texts = collect(data, args.articles, model)
    nlp, parser = ner.load_nlp(model), load_parser(model)
    sizes = [int(x) for x in args.batch.split(",")] if args.batch else [ner.NER_BATCH_SIZE, PARSE_BATCH_SIZE]
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine)")
    print(f"{args.articles} synthetic articles: NER {len(ner_texts)} inputs, {sum(len(t.split()) for t in ner_texts)} words; "
          f"parse {len(parse_texts)} claim texts, {sum(len(t.split()) for t in parse_texts)} words")

    def run_ner(bs: int) -> list[Any]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in ner.ner_pipe(nlp, ner_texts, batch_size=bs)]

    def run_parse(bs: int) -> list[Any]:
        parse_mod._clear()  # the memo of the rule-based pipes starts empty, as in a new process
        return parse_rows(parser, parse_texts, batch_size=bs)

    times: dict[tuple[str, int], list[float]] = {}
    ref: dict[str, Any] = {}
    same: dict[tuple[str, int], bool] = {}
    for _ in range(args.repeat):
        for bs in sizes:
            for name, fn in (("ner", run_ner), ("parse", run_parse)):
                c = time.process_time()
                out = fn(bs)
                times.setdefault((name, bs), []).append(time.process_time() - c)
                ref.setdefault(name, out)
                same[(name, bs)] = same.get((name, bs), True) and out == ref[name]
    for name in ("ner", "parse"):
        for bs in sizes:
            ts = times[(name, bs)]
            print(f"  {name:<6} batch {bs:>5}: {statistics.median(ts):6.2f} s CPU (median of {len(ts)}: "
                  f"{', '.join(f'{t:.2f}' for t in ts)})  output {'same' if same[(name, bs)] else 'DIFFERENT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
