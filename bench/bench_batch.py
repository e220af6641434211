"""Benchmark: batch prescribing, on both rule families of ``synth.FAMILIES`` (plain, match-heavy).

1. ``matcher``: the vectorised matcher against a plain loop over per-rule Python closures, on the same
   facts, at 100 / 1,000 / 5,000 synthetic rules (rounds interleaved, ratios per round, median
   reported); the vectorised matcher is also checked against the three-valued reference matcher.
2. ``frame``: the whole ``Prescriber.prescribe_frame()`` (facts, match, rank, long/wide tables) on a
   frame in memory, and ``iter_prescribe_frame()`` on the same rows read from a Parquet file (each
   chunk's tables let go), at each of ``--frame-rows``, against the closure loop (matching only); the
   peak memory of the process that ran it (a child process per round, sampled from /proc every
   20 ms), what it held before the call, and what the returned tables cost per row.
3. ``job``: ``prescriber batch`` end to end on a synthetic province (default 1,000,000 enterprises,
   Parquet in and out) with 1,000 rules: wall time and peak memory of the whole process tree, for one
   process and for helpers, rounds interleaved.

Every table says how many rules fire per row (mean).

    python bench/bench_batch.py                                   # every part, both families
    python bench/bench_batch.py --part matcher --sizes 100,1000 --families heavy
    python bench/bench_batch.py --part frame --families heavy --frame-rows 100000,300000,1000000 --rounds 3
    python bench/bench_batch.py --part job --rows 1000000 --rounds 3 --workers 1,2
"""

from __future__ import annotations

import argparse
import os
import resource
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


def frame_of(family: str, rows: int, seed: int = 3) -> Any:
    """A table of ``rows`` enterprises of ``family``."""
    return population(rows, seed=seed) if family == "plain" else synth.heavy_frame(rows, seed=seed)


def rules_of(family: str, n: int) -> Path:
    return synth.write_rules(DATA / f"{family}{n}", n, family=family)


def bench_matcher(sizes: list[int], rows: int, loop_rows: int, rounds: int, families: list[str]) -> None:
    print(
        f"## Matcher: vectorised vs closure loop ({rows:,} rows vectorised, {loop_rows:,} in the loop, "
        f"{rounds} rounds)\n"
    )
    print(
        "| family | rules | vectorised rows/s | closure loop rows/s | ratio (median, range) | fired/row "
        "| mismatches vs reference |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for n, family in ((n, f) for n in sizes for f in families):
        frame = frame_of(family, rows)
        rx = Prescriber.from_paths(rules=rules_of(family, n), engine="python")
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
        print(
            f"| {family} | {n:,} | {statistics.median(v_rates):,.0f} | {statistics.median(l_rates):,.0f} "
            f"| **{statistics.median(ratios):.1f}×** ({min(ratios):.1f}–{max(ratios):.1f}) "
            f"| {len(got_rows) / table.n:.1f} | {mismatches} |",
            flush=True,
        )
        rx.close()
    print()


def _mismatches(
    rx: Prescriber,
    facts: list[Any],
    loop_numbers: list[int],
    numbers: Any,
    rows: Any,
    rules: Any,
    reference: PythonMatcher,
) -> int:
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


def run_sampled(argv: list[str]) -> tuple[float, int, str, str]:
    """Wall seconds, peak resident bytes of the process tree, stdout and stderr of one command (its
    CPU seconds, children included, are added to ``CPU``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if proc.returncode not in (0, 1):  # 1: some rows had problems (they are in the errors table)
        raise SystemExit(f"{' '.join(argv[:4])} … failed:\n{err}")
    return wall, peak, out, err


CPU: list[float] = []
"""CPU seconds (user + system) of each command :func:`run_sampled` ran, its helpers included."""


def run_cli(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident bytes of the process tree, and the summary line of one run."""
    wall, peak, _, err = run_sampled([sys.executable, "-m", "prescriber", *args])
    return wall, peak, err.strip().splitlines()[-1]


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))


def frame_source(family: str, rows: int) -> Path:
    """A Parquet file of ``rows`` enterprises of ``family`` (the frame of :func:`frame_of`)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"frame-{family}-{rows}.parquet"
    if not path.exists():
        frame_of(family, rows).to_parquet(path, index=False)
    return path


def frame_child(family: str, n_rules: int, rows: int, mode: str) -> None:
    """In a child process: one timed run on ``rows`` rows; prints seconds, CPU seconds, fired/row,
    lines of the long table, resident MB before the call, and bytes per row of the returned tables.

    ``whole``: ``prescribe_frame()`` on a frame in memory (the result kept); ``iter``:
    ``iter_prescribe_frame()`` on the Parquet file of the same rows, each chunk's tables let go."""
    rx = Prescriber.from_paths(rules=rules_of(family, n_rules), engine="python")
    engine = rx._state.tables  # built once per rule base, like the durable matcher: not timed
    frame = frame_of(family, rows) if mode == "whole" else None
    before = _rss()
    t0, c0 = time.perf_counter(), time.process_time()
    if frame is not None:
        result = rx.prescribe_frame(frame, as_of="2026-06-01")
        lines, fired = len(result.long), sum(result.fired.values())
        kept = [result.long, result.wide, result.errors, result.enterprises]
        per_row = sum(int(t.memory_usage(deep=True).sum()) for t in kept) / rows
    else:
        lines = fired = 0
        for part in rx.iter_prescribe_frame(frame_source(family, rows), as_of="2026-06-01"):
            lines += len(part.long)
            fired += sum(part.fired.values())
        per_row = 0.0
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(seconds, cpu, fired / rows, lines, before / 1e6, per_row, len(engine.matcher.whole))


def bench_frame(
    n_rules: int, sizes: list[int], loop_rows: int, rounds: int, families: list[str], modes: list[str]
) -> None:
    print(
        f"## `prescribe_frame()` / `iter_prescribe_frame()` × {n_rules:,} rules against the closure loop "
        f"({loop_rows:,} rows), {rounds} rounds, a new process per run\n"
    )
    print(
        "| family | rows | call | rows/s | closure loop rows/s (matching only) | ratio (median, range) "
        "| ratio of CPU time (median, range) | peak MB of the process (median, max) | MB before the call "
        "| result bytes/row | fired/row | lines in the long table |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for family in families:
        rx = Prescriber.from_paths(rules=rules_of(family, n_rules), engine="python")
        facts, _, _ = batch.to_facts(rx.book, frame_of(family, loop_rows), 1)
        preds = [(i, closure(r.expr)) for i, r in enumerate(rx.book.rules)]
        for rows, mode in ((r, m) for r in sizes for m in modes):
            if mode == "iter":
                frame_source(family, rows)
            ratios, cpu_ratios, f_rates, l_rates, peaks, befores = [], [], [], [], [], []
            fired, lines, per_row = 0.0, 0, 0.0
            for _ in range(rounds):
                _, peak, out, _ = run_sampled(
                    [sys.executable, __file__, "--frame-child", family, str(n_rules), str(rows), mode]
                )
                words = out.split()
                seconds, cpu, fired, lines = float(words[0]), float(words[1]), float(words[2]), int(words[3])
                befores.append(float(words[4]))
                per_row = float(words[5])
                t0, c0 = time.perf_counter(), time.process_time()
                for f in facts:
                    values = f.values
                    [i for i, p in preds if p(values)]
                tl, cl = time.perf_counter() - t0, time.process_time() - c0
                f_rates.append(rows / seconds)
                l_rates.append(len(facts) / tl)
                ratios.append(f_rates[-1] / l_rates[-1])
                cpu_ratios.append(cl / len(facts) / (cpu / rows))
                peaks.append(peak / 1e6)
            call = "prescribe_frame(frame)" if mode == "whole" else "iter_prescribe_frame(parquet)"
            print(
                f"| {family} | {rows:,} | {call} | {statistics.median(f_rates):,.0f} "
                f"| {statistics.median(l_rates):,.0f} "
                f"| **{statistics.median(ratios):.1f}×** ({min(ratios):.1f}–{max(ratios):.1f}) "
                f"| {statistics.median(cpu_ratios):.1f}× ({min(cpu_ratios):.1f}–{max(cpu_ratios):.1f}) "
                f"| {statistics.median(peaks):,.0f} ({max(peaks):,.0f}) | {statistics.median(befores):,.0f} "
                f"| {per_row:,.0f} | {fired:.1f} | {lines:,} |",
                flush=True,
            )
        rx.close()
    print()


def bench_job(
    rows: int, n_rules: int, rounds: int, workers: list[int], fmt: str, families: list[str]
) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for family in families:
        source = DATA / f"province-{family}-{rows}.{fmt}"
        if not source.exists():
            frame = frame_of(family, rows, seed=7)
            frame.to_parquet(source, index=False) if fmt == "parquet" else frame.to_csv(source, index=False)
        rules = rules_of(family, n_rules)
        rx = Prescriber.from_paths(rules=rules, engine="python")
        sample = rx.prescribe_frame(next(batch.read_frames(source)), as_of="2026-06-01")
        fired = sum(sample.fired.values()) / max(sample.rows - sample.bad, 1)
        rx.close()
        print(
            f"## `prescriber batch`, {family} family: {rows:,} enterprises ({fmt}, "
            f"{source.stat().st_size / 1e6:.0f} MB) × {n_rules:,} rules, {rounds} rounds, "
            f"{os.cpu_count()} CPUs; "
            f"{fired:.1f} rules fire per row (mean over the first chunk)\n"
        )
        results: dict[int, list[tuple[float, int, float]]] = {w: [] for w in workers}
        line = ""
        for _ in range(rounds):
            for w in workers:
                wall, peak, line = run_cli(
                    [
                        "batch",
                        str(source),
                        "-o",
                        str(DATA / "out.parquet"),
                        "--top",
                        "5",
                        "--as-of",
                        "2026-06-01",
                        "--rules",
                        str(rules),
                        "--workers",
                        str(w),
                    ]
                )
                results[w].append((wall, peak, CPU[-1]))
        print(
            "| processes | wall s (median, range) | rows/s | CPU s, all processes (median, range) "
            "| peak memory MB, all processes (median, max) |"
        )
        print("|---:|---:|---:|---:|---:|")
        for w, runs in results.items():
            walls, peaks, cpus = [r[0] for r in runs], [r[1] / 1e6 for r in runs], [r[2] for r in runs]
            print(
                f"| {w} | **{statistics.median(walls):.2f}** ({min(walls):.2f}–{max(walls):.2f}) "
                f"| {rows / statistics.median(walls):,.0f} "
                f"| {statistics.median(cpus):.2f} ({min(cpus):.2f}–{max(cpus):.2f}) "
                f"| {statistics.median(peaks):,.0f} ({max(peaks):,.0f}) |"
            )
        print(f"\nLast run: {line}\n", flush=True)


def main() -> int:
    if sys.argv[1:2] == ["--frame-child"]:
        frame_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("matcher", "frame", "job", "all"), default="all")
    ap.add_argument("--families", default="plain,heavy")
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--matcher-rows", type=int, default=100_000)
    ap.add_argument("--frame-rows", default="100000", help="comma-separated sizes")
    ap.add_argument("--frame-calls", default="whole,iter", help="whole: prescribe_frame; iter: from a file")
    ap.add_argument("--loop-rows", type=int, default=2_000)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rules", type=int, default=1_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    args = ap.parse_args()
    families = args.families.split(",")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    if args.part in ("matcher", "all"):
        bench_matcher(
            [int(x) for x in args.sizes.split(",")], args.matcher_rows, args.loop_rows, args.rounds, families
        )
    if args.part in ("frame", "all"):
        bench_frame(
            args.rules,
            [int(x) for x in args.frame_rows.split(",")],
            args.loop_rows,
            args.rounds,
            families,
            args.frame_calls.split(","),
        )
    if args.part in ("job", "all"):
        bench_job(
            args.rows,
            args.rules,
            args.rounds,
            [int(x) for x in args.workers.split(",")],
            args.format,
            families,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
