"""Scale: the pipeline on N distinct synthetic articles, its memory and its growth per doubling.

    .venv/bin/python benchmarks/scale.py --group 10000,50000,200000      # read + clean + group
    .venv/bin/python benchmarks/scale.py --end-to-end 1000,2000,4000     # everything, streamed
    .venv/bin/python benchmarks/scale.py --dask 10000 --dask-workers 1,2 # group on a dask LocalCluster
    (--workers W: worker processes of the local runs, default the cores; --spill-articles S: the
    [ingest] spill_articles setting, default the Config's)

Inputs: ``benchmarks/synthetic.py``'s ``write_synthetic`` (Multi-News validation documents, each
world rewritten with its own word permutation so articles of different events are not near-copies,
500 articles a day, 2% syndicated copies), written as JSONL files of 500 records before the
clock starts; each N runs in a new Python process, so peak RSS (``ru_maxrss`` of that process,
``VmHWM`` of each worker) belongs to that N alone.

``--group``: the ``prepare`` step (``compose.prepare_paths``: read, clean, spill past
``spill_articles``) and the ``group`` step (``steps.group`` itself: ``dedup.find_duplicates``, then
``cluster.cluster_events``, timed apart through its ``done`` hook) on a ``ProcessExecutor``. Per
step: wall seconds and CPU seconds of the main process and of the workers apart (the workers'
share is the per-partition work that more machines divide; the main process's is the driver's).

``--end-to-end``: ``pipeline.stream_paths`` and each event's JSON line written as it is finished
(what ``newsdesk brief --format jsonl`` does), default Config but the text as read dropped
(``keep_raw = false``, as the CLI without ``--include-raw``).

``--dask``: the same prepare + group composition on a ``distributed.LocalCluster`` of 1 and of 2
worker processes (``DaskExecutor``; a dask run never spills: its workers may be other machines).
Printed: seconds, bytes moved between workers (``transfer_outgoing_bytes_total``) per article,
the pickled size of the band shuffle's pieces per article, and each task kind's mean seconds per
partition from the task stream.

After ``--group`` with two sizes or more: the growth factor per doubling of every figure, and a
projection for 10 million articles on N workers from the largest run's per-article costs (the
workers' CPU divides by N, the main process's does not). Printed, never asserted; the machine is
shared, so every figure comes with the load average at its start.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"
# This folder comes first on sys.path when the file runs as a script, and benchmarks/distributed.py
# would then shadow dask's ``distributed`` package: take it off, load synthetic.py by its path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
TARGET_GROWTH = 2.1  # per doubling of N
TARGET_GROUP_SECONDS = 600.0  # grouping of 200,000 articles
TARGET_RSS_MB = 3000.0  # 200,000 articles


# ------------------------------------------------------------------------------ measuring
def _worker_pids(ex: Any) -> list[int]:
    pool = getattr(ex, "_pool", None)
    return [p.pid for p in (getattr(pool, "_processes", None) or {}).values()] if pool is not None else []


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _proc_peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Clock:
    """Wall, main-process CPU and worker CPU between marks."""

    def __init__(self, ex: Any) -> None:
        self.ex = ex
        self.seen: dict[int, float] = {}  # worker pid -> CPU at its last look (workers live the whole run)
        self.rows: list[tuple[str, float, float, float]] = []
        self.peaks: list[float] = []  # the main process's peak RSS so far, at each mark
        self._last = self._now()

    def _workers(self) -> float:
        for pid in _worker_pids(self.ex):
            self.seen[pid] = _proc_cpu(pid)
        return sum(self.seen.values())

    def _now(self) -> tuple[float, float, float]:
        return time.perf_counter(), time.process_time(), self._workers()

    def mark(self, name: str) -> None:
        now = self._now()
        self.rows.append((name, now[0] - self._last[0], now[1] - self._last[1], now[2] - self._last[2]))
        self.peaks.append(_hwm_mb())
        self._last = now


def _synthetic() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("synthetic", HERE / "synthetic.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write_inputs(data: Path, n: int) -> tuple[Path, float]:
    """The N articles' JSONL files in a new temporary folder (``in/``), written in this process
    (the parent), so a child's peak RSS is the pipeline's alone."""
    write_synthetic = _synthetic().write_synthetic

    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-scale-"))
    t = time.perf_counter()
    write_synthetic(data, n, tmp / "in")
    return tmp, time.perf_counter() - t


def _inputs_of(folder: str) -> tuple[Path, float]:
    return Path(folder), 0.0


# ------------------------------------------------------------------------------ children
def _group_child(folder: str, n: int, workers: int, spill_articles: int | None) -> dict[str, Any]:
    from newsdesk.config import Config
    from newsdesk.pipeline import ProcessExecutor, steps
    compose = __import__("importlib").import_module("newsdesk.pipeline.compose")  # the package exports a function of that name
    from newsdesk.pipeline.spill import Texts

    tmp, gen_s = _inputs_of(folder)
    rss_inputs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    config = Config().replace("clean", keep_raw=False)
    if spill_articles is not None:
        config = config.replace("ingest", spill_articles=spill_articles)
    said: list[str] = []
    ex = ProcessExecutor(workers)
    clock = Clock(ex)
    prepared, skipped, _, spill = compose.prepare_paths(sorted((tmp / "in").glob("*.jsonl")), config=config, executor=ex)
    clock.mark("prepare (read + clean + spill)")
    rss_prepared = _rss_now_mb()
    todo, _ = steps.date_parts(prepared, config)
    if todo:  # synthetic articles all carry a date; kept so a change there shows
        prepared = list(compose.group(prepared, config=config, executor=ex, spill=spill).articles)
        clock.mark("dates")
    texts = Texts({a.id: a for a in prepared}, spill) if spill is not None else None
    grouping = steps.group(prepared, config, ex, texts, progress=said.append, done=lambda part: clock.mark(f"group: {part}"))
    events = grouping.events
    placed = sum(len(e.articles) for e in events)
    workers_peak = [_proc_peak_mb(p) for p in _worker_pids(ex)]
    ex.close()
    if spill is not None:
        spill.close()
    return {
        "n": n, "workers": workers, "rows": clock.rows, "peaks": clock.peaks, "said": said, "generate_s": gen_s,
        "articles": len(prepared), "skipped": len(skipped), "placed": placed, "groups": len(grouping.duplicate_groups),
        "events": len(events), "spilled": spill is not None,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_inputs_mb": rss_inputs,
        "rss_prepared_mb": rss_prepared, "workers_peak_mb": workers_peak,
    }


def _e2e_child(folder: str, n: int, workers: int, spill_articles: int | None) -> dict[str, Any]:
    from newsdesk.config import Config
    from newsdesk.pipeline import ProcessExecutor, stream_paths
    from newsdesk.render.jsonl import iter_stream_jsonl

    tmp, gen_s = _inputs_of(folder)
    rss_inputs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    config = Config().replace("clean", keep_raw=False)
    if spill_articles is not None:
        config = config.replace("ingest", spill_articles=spill_articles)
    ex = ProcessExecutor(workers)
    clock = Clock(ex)
    steps_seen: list[str] = []

    def progress(msg: str) -> None:
        word = msg.split(" ")[0]
        name = {"reading": "prepare (read + clean + spill)", "keeping": "prepare (read + clean + spill)",
                "estimating": "group: dates", "finding": "group: duplicates + events",
                "facts": "analyse + link + write (streamed)"}.get(word, word)
        if steps_seen and steps_seen[-1] != name:
            clock.mark(steps_seen[-1])
        if not steps_seen or steps_seen[-1] != name:
            steps_seen.append(name)

    stream = stream_paths(sorted((tmp / "in").glob("*.jsonl")), config=config, executor=ex, progress=progress)
    lines = placed = 0
    first = None
    start = time.perf_counter()
    with open(tmp / "out.jsonl", "w", encoding="utf-8") as out:
        for line in iter_stream_jsonl(stream):
            if first is None:
                first = time.perf_counter() - start
            out.write(line + "\n")
            lines += 1
            if line.startswith('{"type": "event"'):
                placed += len(json.loads(line)["articles"])
    clock.mark(steps_seen[-1] if steps_seen else "run")
    workers_peak = [_proc_peak_mb(p) for p in _worker_pids(ex)]
    ex.close()
    return {
        "n": n, "workers": workers, "rows": clock.rows, "peaks": clock.peaks, "said": [], "generate_s": gen_s,
        "articles": stream.n_articles, "skipped": len(stream.skipped), "placed": placed,
        "groups": len(stream.duplicate_groups), "events": stream.n_events, "lines": lines,
        "spilled": stream.spilled, "first_line_s": first,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_inputs_mb": rss_inputs,
        "workers_peak_mb": workers_peak,
    }


def _dask_child(folder: str, n: int, workers: int) -> dict[str, Any]:
    import pickle

    from newsdesk.config import Config
    from newsdesk.dedup import _sketch_and_route
    from newsdesk.distributed import connect
    from newsdesk.pipeline import DaskExecutor
    compose = __import__("importlib").import_module("newsdesk.pipeline.compose")  # the package exports a function of that name
    from newsdesk.pipeline.spill import Texts

    tmp, gen_s = _inputs_of(folder)
    config = Config().replace("clean", keep_raw=False)
    out: dict[str, Any] = {"n": n, "workers": workers, "generate_s": gen_s}
    with connect("local", workers=workers, threads_per_worker=1) as client:
        ex = DaskExecutor(client)
        client.get_task_stream()  # start recording
        sent0 = sum(client.run(lambda dask_worker: dask_worker.transfer_outgoing_bytes_total).values())
        t, c = time.perf_counter(), time.process_time()
        prepared, skipped, _, spill = compose.prepare_paths(sorted((tmp / "in").glob("*.jsonl")), config=config, executor=ex)
        out["prepare"] = (time.perf_counter() - t, time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        grouping = compose.group(prepared, config=config, executor=ex, spill=spill)
        out["group"] = (time.perf_counter() - t, time.process_time() - c)
        sent = sum(client.run(lambda dask_worker: dask_worker.transfer_outgoing_bytes_total).values()) - sent0
        tasks = client.get_task_stream()
        out["partitions"] = ex.partitions
    per_kind: dict[str, list[float]] = {}
    for task in tasks:
        kind = task["key"][0] if isinstance(task["key"], tuple) else str(task["key"])
        kind = kind.split("-", 1)[0]  # "<function>-<token>": function names have no dashes
        span = sum(s["stop"] - s["start"] for s in task.get("startstops", ()) if s.get("action") == "compute")
        per_kind.setdefault(kind, []).append(span)
    # The band shuffle's pieces as pickled for the wire, measured on one partition's worth of articles.
    arts = sorted(prepared, key=lambda a: a.id)[: max(1, len(prepared) // max(1, ex.partitions))]
    run = Texts({a.id: a for a in arts}).run([a.id for a in arts])
    pieces = _sketch_and_route(run, max(1, ex.partitions), config.dedup)
    out["shuffle_bytes_per_article"] = sum(len(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL)) for p in pieces) / len(arts)
    out["transfer_bytes"] = sent
    out["articles"] = len(prepared)
    out["skipped"] = len(skipped)
    out["events"] = len(grouping.events)
    out["groups"] = len(grouping.duplicate_groups)
    out["tasks"] = {k: (len(v), sum(v) / len(v)) for k, v in sorted(per_kind.items())}
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ------------------------------------------------------------------------------ printing
def _child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child {' '.join(args)} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def local_runs(data: Path, sizes: list[int], workers: int, spill: int | None, kind: str) -> list[dict[str, Any]]:
    what = ("read + clean + group (duplicates, events)" if kind == "group"
            else "end to end, streamed to a JSONL file (analyse, brief, link included)")
    print(f"Scale, {what}: N synthetic articles (benchmarks/synthetic.py write_synthetic, JSONL files of 500), "
          f"{workers} worker process(es), [ingest] spill_articles = {spill if spill is not None else 'default'}; "
          "each N in a new process")
    rows = []
    for n in sizes:
        tmp, gen_s = _write_inputs(data, n)
        before = _load()
        extra = ["--spill-articles", str(spill)] if spill is not None else []
        try:
            r = _child([str(tmp), f"--{kind}-child", str(n), "--workers", str(workers), *extra])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        r["load"], r["generate_s"] = before, gen_s
        rows.append(r)
        wall = sum(x[1] for x in r["rows"])
        cpu = sum(x[2] + x[3] for x in r["rows"])
        print(f"  N={n}: {before} at start, {_load()} at the end (inputs generated in {r['generate_s']:.0f} s, not counted)")
        lost = r["articles"] - r["placed"]
        print(f"    {r['articles']} articles kept, {r['skipped']} skipped ({r['articles'] + r['skipped']} of {n} records "
              f"accounted for), {r['groups']} duplicate groups, {r['events']} events, "
              f"{'every article in one event' if lost == 0 else f'{lost} articles in no event'}; "
              f"texts spilled: {'yes' if r['spilled'] else 'no'}")
        print(f"    {'step':<36} {'wall s':>8} {'CPU main':>9} {'CPU workers':>12} {'main peak RSS so far':>21}")
        for (name, w, cm, cw), peak in zip(r["rows"], r.get("peaks") or [0.0] * len(r["rows"]), strict=True):
            print(f"    {name:<36} {w:8.1f} {cm:9.1f} {cw:12.1f} {peak:18.0f} MB")
        print(f"    {'total':<36} {wall:8.1f} {sum(x[2] for x in r['rows']):9.1f} {sum(x[3] for x in r['rows']):12.1f}"
              f"   {n / wall:.1f} articles/s wall, {n / cpu:.1f} per CPU-second")
        if r.get("first_line_s") is not None:
            print(f"    first event line after {r['first_line_s']:.1f} s")
        wk = r["workers_peak_mb"]
        total = r["rss_mb"] + sum(wk)
        held = f", {r['rss_prepared_mb']:.0f} MB after prepare" if "rss_prepared_mb" in r else ""
        print(f"    peak RSS: main process {r['rss_mb']:.0f} MB (after imports {r['rss_inputs_mb']:.0f} MB{held}), "
              f"workers {', '.join(f'{x:.0f}' for x in wk) or 'none'} MB; sum {total:.0f} MB = {total / n * 1000:.0f} kB per article")
        for line in r["said"]:
            print(f"    {line}")
        sys.stdout.flush()
    for a, b in zip(rows, rows[1:]):
        f = b["n"] / a["n"]
        doublings = math.log2(f)
        def per_doubling(x: float, y: float) -> float:
            return (y / x) ** (1 / doublings) if x > 0 else float("nan")
        wa, wb = sum(x[1] for x in a["rows"]), sum(x[1] for x in b["rows"])
        ca, cb = sum(x[2] + x[3] for x in a["rows"]), sum(x[2] + x[3] for x in b["rows"])
        ta, tb = a["rss_mb"] + sum(a["workers_peak_mb"]), b["rss_mb"] + sum(b["workers_peak_mb"])
        steps = ", ".join(
            f"{ra[0]} x{per_doubling(ra[2] + ra[3], rb[2] + rb[3]):.2f}" for ra, rb in zip(a["rows"], b["rows"]) if ra[0] == rb[0]
        )
        print(f"  N {a['n']} -> {b['n']} (x{f:g}), per doubling: wall x{per_doubling(wa, wb):.2f}, CPU x{per_doubling(ca, cb):.2f} "
              f"({steps}); peak RSS sum x{per_doubling(ta, tb):.2f}, main x{per_doubling(a['rss_mb'], b['rss_mb']):.2f}; "
              f"marginal {(tb - ta) / (b['n'] - a['n']) * 1000:.1f} kB per added article (target: growth <= {TARGET_GROWTH} x)")
    if kind == "group" and rows:
        last = rows[-1]
        group_wall = sum(x[1] for x in last["rows"] if x[0].startswith("group"))
        total = last["rss_mb"] + sum(last["workers_peak_mb"])
        print(f"  targets at N={last['n']}: grouping {group_wall:.0f} s wall (target {TARGET_GROUP_SECONDS:.0f} s at 200,000), "
              f"peak RSS sum {total:.0f} MB (target {TARGET_RSS_MB:.0f} MB at 200,000)")
        project(rows)
    return rows


def project(rows: list[dict[str, Any]], target: int = 10_000_000) -> None:
    """10M articles on W workers from the largest run's per-article costs (see the module docstring)."""
    r = rows[-1]
    n = r["n"]
    print(f"  projection for {target:,} articles from the N={n} run's per-article CPU (assumes cost linear in N at a "
          "fixed daily volume, as the time blocks make it; the main process's share does not divide):")
    main = sum(x[2] for x in r["rows"]) / n
    work = sum(x[3] for x in r["rows"]) / n
    for w in (1, 2, 8, 32, 128):
        secs = target * (main + work / w)
        print(f"    {w:>4} workers: {secs / 3600:8.1f} h  (main {target * main / 3600:.1f} h + workers {target * work / w / 3600:.1f} h)")
    if len(rows) >= 2:
        a = rows[-2]
        slope = (r["rss_mb"] - a["rss_mb"]) / (n - a["n"])
        print(f"    main-process memory: {slope * 1000:.2f} kB per added article (N={a['n']} -> {n}) -> about "
              f"{(r['rss_mb'] + slope * (target - n)) / 1000:.1f} GB at {target:,} in one driver")


def dask_runs(data: Path, n: int, worker_counts: list[int]) -> None:
    print(f"Scale on dask: read + clean + group of N={n} synthetic articles on a distributed.LocalCluster "
          "(threads_per_worker=1), DaskExecutor; each run in a new process")
    for w in worker_counts:
        tmp, _ = _write_inputs(data, n)
        before = _load()
        try:
            r = _child([str(tmp), "--dask-child", str(n), "--workers", str(w)])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"  {w} worker(s), {r['partitions']} partitions: {before} at start, {_load()} at the end")
        print(f"    {r['articles']} articles kept, {r['skipped']} skipped, {r['groups']} duplicate groups, {r['events']} events")
        print(f"    prepare {r['prepare'][0]:.1f} s wall ({r['prepare'][1]:.1f} s CPU in the driver), group "
              f"{r['group'][0]:.1f} s wall ({r['group'][1]:.1f} s CPU in the driver); driver peak RSS {r['rss_mb']:.0f} MB")
        print(f"    bytes moved between workers: {r['transfer_bytes'] / 1e6:.1f} MB = {r['transfer_bytes'] / n:.0f} bytes per article; "
              f"band shuffle pieces (pickled): {r['shuffle_bytes_per_article']:.0f} bytes per article")
        print("    per-partition seconds (task stream, compute only): " + ", ".join(
            f"{k} {cnt} x {mean:.2f}" for k, (cnt, mean) in r["tasks"].items()))
        sys.stdout.flush()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--group", help="comma-separated N: read + clean + group")
    ap.add_argument("--end-to-end", dest="e2e", help="comma-separated N: the whole pipeline, streamed")
    ap.add_argument("--dask", type=int, help="N for the dask runs")
    ap.add_argument("--dask-workers", default="1,2")
    ap.add_argument("--workers", type=int, help="worker processes of the local runs (default: the cores)")
    ap.add_argument("--spill-articles", type=int, help="[ingest] spill_articles (default: the Config's)")
    ap.add_argument("--group-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--e2e-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--dask-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    data = Path(args.data)
    if args.group_child or args.e2e_child or args.dask_child:  # data: the inputs' folder, written by the parent
        pass
    elif not data.exists():
        print(f"{data} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2
    from newsdesk.pipeline.executor import available_cores

    workers = args.workers or available_cores()
    if args.group_child:
        print(json.dumps(_group_child(args.data, args.group_child, workers, args.spill_articles)))
        return 0
    if args.e2e_child:
        print(json.dumps(_e2e_child(args.data, args.e2e_child, workers, args.spill_articles)))
        return 0
    if args.dask_child:
        print(json.dumps(_dask_child(args.data, args.dask_child, workers)))
        return 0
    from newsdesk.evaluate.report import machine

    print(f"machine: {machine()}; {_load()} at start (shared machine)")
    if args.group:
        local_runs(data, [int(x) for x in args.group.split(",")], workers, args.spill_articles, "group")
    if args.e2e:
        local_runs(data, [int(x) for x in args.e2e.split(",")], workers, args.spill_articles, "e2e")
    if args.dask:
        dask_runs(data, args.dask, [int(x) for x in args.dask_workers.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
