"""Benchmark: the durable_rules matcher against a plain loop over per-rule Python closures, and whole
``prescribe()`` calls, on synthetic rule bases of 100 / 1,000 / 5,000 rules (one run, interleaved).

    python bench/bench_engine.py                       # sizes 100,1000,5000; 4,000 profiles; 3 rounds
    python bench/bench_engine.py --sizes 1000 --profiles 2000 --rounds 5

Prints a Markdown table. Ratios are taken within each round and the median is reported, because a
2-core machine is noisy.
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

from prescriber import Prescriber
from prescriber.engine.reference import PythonMatcher
from prescriber.semantics import Cond, Expr, Facts

Pred = Callable[[Any], bool]
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, v: a == v, "in": lambda a, v: a in v, "not_in": lambda a, v: a not in v,
    "gte": lambda a, v: a >= v, "gt": lambda a, v: a > v, "lte": lambda a, v: a <= v, "lt": lambda a, v: a < v,
    "between": lambda a, v: v[0] <= a <= v[1], "contains": lambda a, v: v in a,
    "contains_any": lambda a, v: any(x in a for x in v), "contains_all": lambda a, v: all(x in a for x in v)}


def closure(expr: Expr) -> Pred:
    """The plain baseline: one Python closure per condition, two-valued (missing = no match; it
    differs from the three-valued reference only under ``not`` on a missing field)."""
    if isinstance(expr, Cond):
        field, op, value = expr.field, expr.op, expr.value
        if expr.kind == "industry":
            codes = frozenset((value,) if op == "eq" else value)
            inside = op != "not_in"
            return lambda v: (c := v.get(field)) is not None and (c.section in codes or c.division in codes) == inside
        test = _CMP[op]
        return lambda v: (a := v.get(field)) is not None and test(a, value)
    parts = [closure(x) for x in expr.items]
    if expr.kind == "all":
        return lambda v: all(p(v) for p in parts)
    if expr.kind == "any":
        return lambda v: any(p(v) for p in parts)
    return lambda v: not any(p(v) for p in parts)


def _time(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_size(n: int, profiles: list[dict[str, Any]], rounds: int, workdir: Path) -> dict[str, Any]:
    rules_dir = synth.write_rules(workdir / f"rules{n}", n)
    t0 = time.perf_counter()
    rx = Prescriber.from_paths(rules=rules_dir)
    load = time.perf_counter() - t0
    facts: list[Facts] = [rx.facts(p)[1] for p in profiles]
    matcher = rx._state.matcher
    preds = [(r.id, closure(r.expr)) for r in rx.book.rules]

    def durable() -> list[frozenset[str]]:
        return [matcher.match(f) for f in facts]

    def loop() -> list[frozenset[str]]:
        return [frozenset(rid for rid, p in preds if p(f.values)) for f in facts]

    reference = PythonMatcher([(r.id, r.expr, r.file, r.line) for r in rx.book.rules])
    mismatches = sum(a != reference.match(f) for a, f in zip(durable(), facts, strict=True))
    fired = statistics.mean(len(x) for x in durable())
    ratios, d_rates, l_rates, p_rates = [], [], [], []
    sample = profiles[: max(200, len(profiles) // 4)]
    for _ in range(rounds):
        td, tl = _time(durable), _time(loop)
        tp = _time(lambda: [rx.prescribe(p, as_of="2026-06-01") for p in sample])
        ratios.append(tl / td)
        d_rates.append(len(facts) / td)
        l_rates.append(len(facts) / tl)
        p_rates.append(len(sample) / tp)
    out = {"rules": n, "rulesets": matcher.rulesets, "engine_rules": matcher.engine_rules,
           "stack": max(matcher.stack_bounds), "load_s": load, "durable": statistics.median(d_rates),
           "loop": statistics.median(l_rates), "ratio": statistics.median(ratios),
           "ratio_range": (min(ratios), max(ratios)), "prescribe": statistics.median(p_rates),
           "fired": fired, "mismatches": mismatches}
    rx.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--profiles", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    profiles = synth.profiles(args.profiles)
    print(f"{len(profiles)} profiles, {args.rounds} rounds, Python {sys.version.split()[0]}\n")
    print("| rules | rulesets | engine rules | stack bound | load+compile+register s | durable matches/s "
          "| closure loop matches/s | ratio (median, range) | whole prescribe()/s | fired/profile | mismatches vs reference |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            r = bench_size(n, profiles, args.rounds, Path(tmp))
            lo, hi = r["ratio_range"]
            print(f"| {r['rules']:,} | {r['rulesets']} | {r['engine_rules']:,} | {r['stack']} | {r['load_s']:.2f} "
                  f"| {r['durable']:,.0f} | {r['loop']:,.0f} | **{r['ratio']:.2f}×** ({lo:.2f}–{hi:.2f}) "
                  f"| {r['prescribe']:,.0f} | {r['fired']:.1f} | {r['mismatches']} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


