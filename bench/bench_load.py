"""Benchmark: loading, checking, compiling and registering a synthetic rule base of N rules
(`Prescriber.from_paths`), each time in a new process so that nothing is warm but the disk cache.

    python bench/bench_load.py [--rules 5000] [--runs 9]

Prints the median and the range of the seconds `from_paths` took (not the interpreter start).
Budget: 5,000 rules under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

CHILD = (
    "import sys, time\nfrom prescriber import Prescriber\nt0 = time.perf_counter()\n"
    "Prescriber.from_paths(rules=sys.argv[1])\nprint(time.perf_counter() - t0)\n"
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    rules = synth.write_rules(
        Path(tempfile.gettempdir()) / "prescriber-bench" / f"rules{args.rules}", args.rules
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", CHILD, str(rules)], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(args.runs)
    ]
    print(
        f"load + check + compile + register {args.rules:,} rules: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs, a new process each)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
