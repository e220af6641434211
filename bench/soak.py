"""Soak: many prescriptions and reloads in one process; memory must stay flat.

    python bench/soak.py          # 1,000,000 prescriptions, a reload every 1,000 (1,000 reloads)
    python bench/soak.py --prescriptions 50000 --every 500

Profiles cycle through examples/enterprises.csv with their numbers perturbed, so no two in a row are the
same; every 1,000th prescription is checked against the reference engine. Prints RSS at checkpoints
and the growth after warm-up (the bounded explanation caches fill during the first ~100k).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

import prescriber
from prescriber import batch

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prescriptions", type=int, default=1_000_000)
    ap.add_argument(
        "--every", type=int, default=1000, help="reload the rule base after this many prescriptions"
    )
    ap.add_argument("--report", type=int, default=100_000)
    args = ap.parse_args()
    rows = [r.profile for r in batch.read_table(ROOT / "examples/enterprises.csv") if r.profile]
    work = Path(tempfile.mkdtemp()) / "rules"
    shutil.copytree(ROOT / "rules", work)
    rx = prescriber.Prescriber.from_paths(rules=work)
    reference = prescriber.Prescriber.from_paths(rules=work, engine="python")
    reloads = mismatches = 0
    t0 = time.perf_counter()
    marks = []
    print(
        f"python {sys.version.split()[0]}; {args.prescriptions:,} prescriptions, "
        f"a reload every {args.every:,}"
    )
    print(
        "| prescriptions | reloads | elapsed s | prescriptions/s | RSS MB |\n|---:|---:|---:|---:|---:|",
        flush=True,
    )
    for k in range(1, args.prescriptions + 1):
        profile = dict(rows[k % len(rows)])
        if "employees" in profile:
            profile["employees"] = max(1, profile["employees"] + (k % 97) - 48)
        p = rx.prescribe(profile, as_of="2026-06-01")
        if k % 1000 == 0:
            q = reference.prescribe(profile, as_of="2026-06-01")
            mismatches += p.model_dump(exclude={"engine", "versions"}) != q.model_dump(
                exclude={"engine", "versions"}
            )
        if k % args.every == 0:
            rx.reload()
            reloads += 1
        if k % args.report == 0 or k == args.prescriptions:
            gc.collect()
            marks.append(rss_mb())
            dt = time.perf_counter() - t0
            print(f"| {k:,} | {reloads:,} | {dt:.0f} | {k / dt:,.0f} | {marks[-1]:.1f} |", flush=True)
    warm = marks[min(1, len(marks) - 1)]
    print(
        f"\nmismatches against the reference: {mismatches} of {args.prescriptions // 1000} checked; "
        f"RSS after warm-up {warm:.1f} MB, at the end {marks[-1]:.1f} MB (growth {marks[-1] - warm:+.1f} MB)"
    )
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
