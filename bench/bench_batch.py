"""Benchmark: batch prescribing.

1. The vectorised matcher against a plain loop over per-rule Python closures, on the same facts, at
   100 / 1,000 / 5,000 synthetic rules (rounds interleaved, ratios per round, median reported); the
   vectorised matcher is also checked against the three-valued reference matcher.
2. ``prescriber batch`` end to end on a synthetic province (default 1,000,000 enterprises, Parquet in
   and out) with 1,000 rules: wall time and peak memory of the whole process tree (sampled from
   /proc every 20 ms), for one process and for helpers, rounds interleaved.

    python bench/bench_batch.py                                   # both parts
    python bench/bench_batch.py --part matcher --sizes 100,1000
    python bench/bench_batch.py --part job --rows 1000000 --rounds 3 --workers 1,2
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from bench_engine import closure
from population import population

from prescriber import Prescriber, batch
from prescriber.engine.reference import PythonMatcher

DATA = Path(tempfile.gettempdir()) / "prescriber-bench"


def bench_matcher(sizes: list[int], rows: int, loop_rows: int, rounds: int) -> None:
    frame = population(rows, seed=3)
    print(f"## Matcher: vectorised vs closure loop ({rows:,} rows vectorised, {loop_rows:,} in the loop, "
          f"{rounds} rounds)\n")
    print("| rules | vectorised rows/s | closure loop rows/s | ratio (median, range) | fired/row "
          "| mismatches vs reference |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        rx = Prescriber.from_paths(rules=synth.write_rules(DATA / f"rules{n}", n), engine="python")
        engine = batch.Engine(rx.book)
        table, numbers, _ = batch.fact_table(rx.book, engine.layout, frame, 1)
        facts, loop_numbers, _ = batch.to_facts(rx.book, frame.iloc[:loop_rows], 1)
        preds = [(i, closure(r.expr)) for i, r in enumerate(rx.book.rules)]
        reference = PythonMatcher([(r.id, r.expr, r.file, r.line) for r in rx.book.rules])
        got_rows, got_rules = engine.matcher.match(table)
        mismatches = _mismatches(rx, facts, loop_numbers, numbers, got_rows, got_rules, reference)
        ratios, v_rates, l_rates = [], [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            engine.matcher.match(table)
            tv = time.perf_counter() - t0
            t0 = time.perf_counter()
            for f in facts:
                values = f.values
                [i for i, p in preds if p(values)]
            tl = time.perf_counter() - t0
            v_rates.append(table.n / tv)
            l_rates.append(len(facts) / tl)
            ratios.append(v_rates[-1] / l_rates[-1])
        print(f"| {n:,} | {statistics.median(v_rates):,.0f} | {statistics.median(l_rates):,.0f} "
              f"| **{statistics.median(ratios):.1f}×** ({min(ratios):.1f}–{max(ratios):.1f}) "
              f"| {len(got_rows) / table.n:.1f} | {mismatches} |", flush=True)
        rx.close()
    print()


def _mismatches(rx: Prescriber, facts: list[Any], loop_numbers: list[int], numbers: Any, rows: Any,
                rules: Any, reference: PythonMatcher) -> int:
    """Rows of the loop sample where the vectorised matcher and the reference disagree."""
    position = {int(n): i for i, n in enumerate(numbers)}
    fired: dict[int, set[str]] = {}
    for r, k in zip(rows.tolist(), rules.tolist(), strict=True):
        fired.setdefault(r, set()).add(rx.book.rules[k].id)
    bad = 0
    for number, f in zip(loop_numbers, facts, strict=True):
        i = position[number]
        bad += fired.get(i, set()) != set(reference.match(f))
    return bad


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def run_cli(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident bytes of the process tree, and the summary line of one run."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "prescriber", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):  # 1: some rows had problems (they are in the errors table)
        raise SystemExit(f"prescriber batch failed:\n{err}")
    return wall, peak, err.strip().splitlines()[-1]


def bench_job(rows: int, n_rules: int, rounds: int, workers: list[int], fmt: str) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    source = DATA / f"province-{rows}.{fmt}"
    if not source.exists():
        frame = population(rows)
        frame.to_parquet(source, index=False) if fmt == "parquet" else frame.to_csv(source, index=False)
    rules = synth.write_rules(DATA / f"rules{n_rules}", n_rules)
    print(f"## `prescriber batch`: {rows:,} enterprises ({fmt}, {source.stat().st_size / 1e6:.0f} MB) × "
          f"{n_rules:,} rules, {rounds} rounds, {os.cpu_count()} CPUs\n")
    results: dict[int, list[tuple[float, int]]] = {w: [] for w in workers}
    line = ""
    for _ in range(rounds):
        for w in workers:
            wall, peak, line = run_cli(["batch", str(source), "-o", str(DATA / "out.parquet"), "--top", "5",
                                        "--as-of", "2026-06-01", "--rules", str(rules), "--workers", str(w)])
            results[w].append((wall, peak))
    print("| processes | wall s (median, range) | rows/s | peak memory MB, all processes (median, max) |")
    print("|---:|---:|---:|---:|")
    for w, runs in results.items():
        walls, peaks = [r[0] for r in runs], [r[1] / 1e6 for r in runs]
        print(f"| {w} | **{statistics.median(walls):.2f}** ({min(walls):.2f}–{max(walls):.2f}) "
              f"| {rows / statistics.median(walls):,.0f} | {statistics.median(peaks):,.0f} ({max(peaks):,.0f}) |")
    print(f"\nLast run: {line}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("matcher", "job", "all"), default="all")
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--matcher-rows", type=int, default=100_000)
    ap.add_argument("--loop-rows", type=int, default=2_000)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rules", type=int, default=1_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    args = ap.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    if args.part in ("matcher", "all"):
        bench_matcher([int(x) for x in args.sizes.split(",")], args.matcher_rows, args.loop_rows, args.rounds)
    if args.part in ("job", "all"):
        bench_job(args.rows, args.rules, args.rounds, [int(x) for x in args.workers.split(",")], args.format)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
