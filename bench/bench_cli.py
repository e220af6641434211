"""Benchmark: `prescriber prescribe` on an example, end to end (a new process each time: interpreter
start, imports, loading and compiling the shipped rule base, durable_rules registration, output).

    python bench/bench_cli.py [--runs 15]

Prints the median and the range of wall-clock seconds. Budget: under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--example", default="examples/fuzhou-vehicle-maker.yaml")
    args = ap.parse_args()
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "prescriber", "prescribe", args.example],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    print(
        f"prescriber prescribe {args.example}: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
