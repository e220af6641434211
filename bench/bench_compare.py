"""Benchmark two trees side by side, in interleaved rounds: this checkout and an older one (``--base``,
e.g. ``git archive <commit> | tar -x -C /tmp/base``; its ``bench/synth.py`` should be this one's, so that
both run the same rule families). Each measurement runs in a fresh child process of the tree measured;
round *k* runs base then head for every case before round *k + 1* starts, and the medians of the rounds
are reported, so the load of a shared machine falls on both alike.

    python bench/bench_compare.py --base /tmp/base                     # 1,000 and 5,000 rules, both families
    python bench/bench_compare.py --base /tmp/base --parts engine --sizes 1000 --rounds 5

Parts: ``engine`` (durable match against the closure loop, whole ``prescribe()`` against match alone,
``bench_engine.bench_size`` with one round per child), ``explain`` (where the time of a whole
``prescribe()`` goes, ``bench_explain.parts``), ``frame`` (``prescribe_frame()`` on ``--frame-rows``
match-heavy rows against the closure loop, CPU time, and the peak memory of the child).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

_ENGINE = """
import json, sys, tempfile
from pathlib import Path
import time
import synth, bench_engine
if sys.argv[5] == "cpu":  # CPU time of this child: what the load of a shared machine disturbs least
    bench_engine.time.perf_counter = time.process_time
n, family, profiles, offset = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
make = synth.heavy_profiles if family == "heavy" else synth.profiles
sample = make(profiles + offset)[offset:]
with tempfile.TemporaryDirectory() as tmp:
    r = bench_engine.bench_size(n, sample, 1, Path(tmp), family)
print(json.dumps({k: v for k, v in r.items() if not isinstance(v, tuple)} | {"stages": r["stages"]}))
"""

_EXPLAIN = """
import json, sys, tempfile
from pathlib import Path
import bench_explain
n, family, profiles = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with tempfile.TemporaryDirectory() as tmp:
    print(json.dumps(bench_explain.parts(family, n, profiles, 3, Path(tmp))))
"""

_FRAME = """
import json, sys, time, tempfile, resource
from pathlib import Path
import synth, bench_engine
from prescriber import Prescriber, batch
n, rows, loop_rows = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
with tempfile.TemporaryDirectory() as tmp:
    rx = Prescriber.from_paths(rules=synth.write_rules(Path(tmp) / "r", n, family="heavy"), engine="python")
    frame = synth.heavy_frame(rows, seed=3)
    rx._state.tables  # built once per rule base: not timed
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0 = time.process_time()
    result = rx.prescribe_frame(frame, as_of="2026-06-01")
    cpu = time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lines = len(result.long)
    del result
    facts, _, _ = batch.to_facts(rx.book, synth.heavy_frame(loop_rows, seed=3), 1)
    preds = [(i, bench_engine.closure(r.expr)) for i, r in enumerate(rx.book.rules)]
    c0 = time.process_time()
    for f in facts:
        values = f.values
        [i for i, p in preds if p(values)]
    loop = time.process_time() - c0
print(json.dumps({"frame_cpu": cpu, "loop_cpu": loop, "rows": rows, "loop_rows": len(facts),
                  "ratio": (loop / len(facts)) / (cpu / rows), "peak_mb": peak / 1024,
                  "before_mb": base / 1024, "lines": lines}))
"""


def child(tree: Path, code: str, *args: Any) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{tree / 'bench'}")
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=tree / "bench",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"{tree}: {out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _key(text: str) -> tuple[str, Any, str]:
    part, case, tree = json.loads(text)
    return part, tuple(case) if isinstance(case, list) else case, tree


def med(xs: list[float]) -> str:
    return f"{statistics.median(xs):,.2f} ({min(xs):,.2f}–{max(xs):,.2f})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--parts", default="engine,explain,frame")
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--families", default="plain,heavy")
    ap.add_argument("--profiles", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--frame-rows", type=int, default=100_000)
    ap.add_argument("--loop-rows", type=int, default=2_000)
    ap.add_argument("--cases", help="rules:family pairs for the engine part, e.g. 1000:plain,5000:heavy")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu", help="the engine part's clock")
    ap.add_argument("--dump", type=Path, help="write the rounds so far here (JSON) after each round")
    ap.add_argument("--report", type=Path, help="only print the tables of a --dump file")
    args = ap.parse_args()
    trees = {"before": args.base.resolve(), "after": HERE.parent}
    parts = args.parts.split(",")
    cases = [(int(n), f) for n in args.sizes.split(",") for f in args.families.split(",")]
    if args.cases:
        cases = [(int(c.split(":")[0]), c.split(":")[1]) for c in args.cases.split(",")]
    got: dict[tuple[str, Any, str], list[dict[str, Any]]] = {}
    if args.report:
        got = {_key(k): v for k, v in json.loads(args.report.read_text()).items()}
        args.rounds = max(map(len, got.values()))
    for r in range(0 if args.report else args.rounds):
        for tree_name, tree in trees.items():
            if "engine" in parts:
                for n, family in cases:  # a new slice of profiles each round, the same for both trees
                    res = child(tree, _ENGINE, n, family, args.profiles, r * args.profiles, args.clock)
                    got.setdefault(("engine", (n, family), tree_name), []).append(res)
            if "explain" in parts:
                for family in args.families.split(","):
                    res = child(tree, _EXPLAIN, 1000, family, 300)
                    got.setdefault(("explain", family, tree_name), []).append(res)
            if "frame" in parts:
                res = child(tree, _FRAME, 1000, args.frame_rows, args.loop_rows)
                got.setdefault(("frame", 1000, tree_name), []).append(res)
        print(f"round {r + 1} done", file=sys.stderr, flush=True)
        if args.dump:
            args.dump.write_text(json.dumps({json.dumps(k): v for k, v in got.items()}))
    print(
        f"{args.rounds} interleaved rounds, medians (range); engine part on the {args.clock} clock; "
        f"Python {sys.version.split()[0]}\n"
    )
    if "engine" in parts:
        print(
            "| family | rules | tree | fired/profile | durable ÷ closure loop "
            "| whole prescribe() ÷ match alone "
            "| µs: profile / match / rank+explain | mismatches |"
        )
        print("|---|---:|---|---:|---:|---:|---:|---:|")
        for n, family in cases:
            for tree_name in trees:
                rs = got[("engine", (n, family), tree_name)]
                stages = " / ".join(f"{statistics.median(x['stages'][i] for x in rs):,.0f}" for i in range(3))
                print(
                    f"| {family} | {n:,} | {tree_name} | {statistics.median(x['fired'] for x in rs):.1f} "
                    f"| {med([x['ratio'] for x in rs])} | {med([x['of_match'] for x in rs])} | {stages} "
                    f"| {sum(x['mismatches'] for x in rs)} |"
                )
        print()
    if "explain" in parts:
        names = ["profile", "match", "rank", "evidence", "reasons", "needs-information", "explain (all)"]
        names.append("whole prescribe()")
        print("| family | tree | fired/profile | " + " | ".join(names) + " | whole ÷ match |")
        print("|---|---|---:|" + "---:|" * (len(names) + 1))
        for family in args.families.split(","):
            for tree_name in trees:
                rs = got[("explain", family, tree_name)]
                cells = " | ".join(f"{statistics.median(x[k] for x in rs):,.0f}" for k in names)
                ratio = med([x["match"] / x["whole prescribe()"] for x in rs])
                fired = statistics.median(x["fired"] for x in rs)
                print(f"| {family} | {tree_name} | {fired:.1f} | {cells} | {ratio} |")
        print()
    if "frame" in parts:
        print(
            "| tree | rows | prescribe_frame() CPU s | closure loop CPU µs/row | ratio of CPU time "
            "| peak MB (process) | MB before the call | lines in the long table |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for tree_name in trees:
            rs = got[("frame", 1000, tree_name)]
            print(
                f"| {tree_name} | {args.frame_rows:,} | {med([x['frame_cpu'] for x in rs])} "
                f"| {med([x['loop_cpu'] / x['loop_rows'] * 1e6 for x in rs])} "
                f"| **{med([x['ratio'] for x in rs])}×** "
                f"| {med([x['peak_mb'] for x in rs])} | {med([x['before_mb'] for x in rs])} "
                f"| {rs[0]['lines']:,} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
