"""Benchmark: how far routing could take the durable match (issue 18 item 3), on one rule family.

    python bench/bench_route.py                        # match-heavy, 1,000 rules, 600 profiles, 5 rounds
    python bench/bench_route.py --family plain --rules 5000

A profile's fact visits the rulesets anchored on its values (``engine/route.py``); many visits fire
nothing. This measures, in interleaved rounds of CPU time (µs per profile, medians): the durable match;
the same asserts run directly (``run`` of every visit); an *oracle* that runs only the visits that fire
something (the bound of any routing that keeps the rulesets as they are, its own cost not counted); and
the closure loop of ``bench_engine`` — so the ratios say whether skipping visits could reach 2× the loop.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from bench_engine import closure

from prescriber import Prescriber


def _cpu(fn: Callable[[], Any], n: int) -> float:
    t0 = time.process_time()
    fn()
    return (time.process_time() - t0) / n * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", default="heavy", choices=("plain", "heavy"))
    ap.add_argument("--rules", type=int, default=1000)
    ap.add_argument("--profiles", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rx = Prescriber.from_paths(rules=synth.write_rules(Path(tmp), args.rules, family=args.family))
        make = synth.heavy_profiles if args.family == "heavy" else synth.profiles
        facts = [rx.facts(p)[1] for p in make(args.profiles)]
        m = rx._state.matcher
        preds = [(r.id, closure(r.expr)) for r in rx.book.rules]
        visits: list[tuple[Any, str]] = []  # (ruleset, the fact as it is sent to it)
        for f in facts:
            visits += [(m._rulesets[i], fact) for i, fact in m._writer.write(f)]
        firing = []
        for rs, fact in visits:
            out: list[str] = []
            rs.run(fact, out)
            if out:
                firing.append((rs, fact))

        def run(which: list[tuple[Any, str]]) -> Callable[[], None]:
            def go() -> None:
                out: list[str] = []
                for rs, fact in which:
                    rs.run(fact, out)

            return go

        n = len(facts)
        rows: dict[str, list[float]] = {"durable match": [], "every visit": [], "oracle": [], "loop": []}
        for _ in range(args.rounds):
            rows["durable match"].append(_cpu(lambda: [m.match(f) for f in facts], n))
            rows["every visit"].append(_cpu(run(visits), n))
            rows["oracle"].append(_cpu(run(firing), n))
            rows["loop"].append(_cpu(lambda: [[rid for rid, p in preds if p(f.values)] for f in facts], n))
        fired = statistics.mean(len(m.match(f)) for f in facts)
        rulesets = m.rulesets
        rx.close()
    med = {k: statistics.median(v) for k, v in rows.items()}
    ratio = statistics.median(lo / d for lo, d in zip(rows["loop"], rows["durable match"], strict=True))
    best = statistics.median(
        lo / (d - a + o)
        for lo, d, a, o in zip(
            rows["loop"], rows["durable match"], rows["every visit"], rows["oracle"], strict=True
        )
    )
    print(
        f"{args.family}, {args.rules:,} rules, {n} profiles, {fired:.1f} rules fired per profile, "
        f"{rulesets} rulesets; visits per profile {len(visits) / n:.1f}, of which fire "
        f"{len(firing) / n:.1f}\n"
    )
    print("| measure | CPU µs per profile (median of rounds) |\n|---|---:|")
    for k, v in med.items():
        print(f"| {k} | {v:,.0f} |")
    print(
        f"\ndurable ÷ loop {ratio:.2f}×; with an oracle that skipped every visit firing nothing "
        f"(its own cost not counted) {best:.2f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
