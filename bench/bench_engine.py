"""Benchmark: the durable_rules matcher against a plain loop over per-rule Python closures, and whole
``prescribe()`` calls, on synthetic rule bases of 100 / 1,000 / 5,000 rules (one run, interleaved).

    python bench/bench_engine.py                       # sizes 100,1000,5000; 4,000 profiles; 3 rounds
    python bench/bench_engine.py --sizes 1000 --profiles 2000 --rounds 5
    python bench/bench_engine.py --families heavy       # only the match-heavy family (synth.FAMILIES)

Prints a Markdown table. Ratios are taken within each round and the median is reported, because a
2-core machine is noisy.
"""

from __future__ import annotations

import argparse
import operator
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


def closure(expr: Expr) -> Pred:
    """The plain baseline, written as a Python programmer would for speed: one closure per condition
    with the comparison inlined, a conjunction as a loop that stops at the first failure (the style of
    the anchors' reference loop). Two-valued: a missing field matches nothing, so it differs from the
    three-valued reference under ``not`` on a missing field (``size`` is unknown for some industries
    even in full profiles); the table counts the profiles where it does."""
    if isinstance(expr, Cond):
        return _leaf(expr)
    parts = tuple(closure(x) for x in expr.items)
    if expr.kind == "all":

        def every(v: Any) -> bool:
            for p in parts:  # noqa: SIM110 - all() with a generator per call is slower
                if not p(v):
                    return False
            return True

        return every

    def some(v: Any) -> bool:
        for p in parts:  # noqa: SIM110
            if p(v):
                return True
        return False

    return some if expr.kind == "any" else (lambda v: not some(v))


def _leaf(c: Cond) -> Pred:
    f, op, x = c.field, c.op, c.value
    if c.kind == "industry":
        codes = frozenset((x,) if op == "eq" else x)
        inside = op != "not_in"
        return lambda v: (a := v.get(f)) is not None and (a.section in codes or a.division in codes) == inside
    if op == "exists":
        return lambda v: (v.get(f) is not None) == x
    if op == "eq":
        return lambda v: (a := v.get(f)) is not None and a == x
    if op in ("in", "not_in"):
        s = frozenset(x)
        return (
            (lambda v: (a := v.get(f)) is not None and a in s)
            if op == "in"
            else (lambda v: (a := v.get(f)) is not None and a not in s)
        )
    if op == "contains":
        return lambda v: (a := v.get(f)) is not None and x in a
    if op in ("contains_any", "contains_all"):
        s = frozenset(x)
        return (
            (lambda v: (a := v.get(f)) is not None and not s.isdisjoint(a))
            if op == "contains_any"
            else (lambda v: (a := v.get(f)) is not None and s <= a)
        )
    if op == "between":
        lo, hi = x
        return lambda v: (a := v.get(f)) is not None and lo <= a <= hi
    compare = {"gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}[op]
    return lambda v: (a := v.get(f)) is not None and compare(a, x)


def _drop(results: Any) -> None:
    for _ in results:
        pass


def _time(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_size(
    n: int, profiles: list[dict[str, Any]], rounds: int, workdir: Path, family: str = "plain"
) -> dict[str, Any]:
    rules_dir = synth.write_rules(workdir / f"{family}{n}", n, family=family)
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
    expected = [reference.match(f) for f in facts]
    mismatches = sum(a != b for a, b in zip(durable(), expected, strict=True))
    loop_differs = sum(a != b for a, b in zip(loop(), expected, strict=True))
    fired = statistics.mean(len(x) for x in durable())
    ratios, d_rates, l_rates, p_rates, stages, of_match = [], [], [], [], [], []
    size = max(1, len(profiles) // rounds)
    for r in range(rounds):
        td, tl = _time(durable), _time(loop)
        # Whole prescribe() on profiles this process has not prescribed for yet (explanations share a
        # cache between prescriptions; repeating profiles would flatter it), each result dropped as a
        # service would after sending it. Then its parts on the same profiles: reading and deriving the
        # profile, matching; the rest is ranking and explaining (approximate: separate passes).
        sample = profiles[r * size : (r + 1) * size]
        tp = _time(lambda s=sample: _drop(rx.prescribe(p, as_of="2026-06-01") for p in s))
        tf = _time(lambda s=sample: _drop(rx.facts(p) for p in s))
        tm = _time(lambda s=sample: _drop(matcher.match(rx.facts(p)[1]) for p in s)) - tf
        ratios.append(tl / td)
        of_match.append(td / len(facts) * len(sample) / tp)
        d_rates.append(len(facts) / td)
        l_rates.append(len(facts) / tl)
        p_rates.append(len(sample) / tp)
        stages.append(tuple(x / len(sample) * 1e6 for x in (tf, tm, tp - tf - tm)))
    out = {
        "family": family,
        "rules": n,
        "rulesets": matcher.rulesets,
        "engine_rules": matcher.engine_rules,
        "stack": max(matcher.stack_bounds),
        "load_s": load,
        "durable": statistics.median(d_rates),
        "loop": statistics.median(l_rates),
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "prescribe": statistics.median(p_rates),
        "prescribe_range": (min(p_rates), max(p_rates)),
        "of_match": statistics.median(of_match),
        "stages": tuple(statistics.median(x[i] for x in stages) for i in range(3)),
        "fired": fired,
        "mismatches": mismatches,
        "loop_differs": loop_differs,
    }
    rx.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--profiles", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--families", default="plain,heavy")
    args = ap.parse_args()
    families = args.families.split(",")
    profiles = {"plain": synth.profiles(args.profiles), "heavy": synth.heavy_profiles(args.profiles)}
    print(f"{args.profiles} profiles per family, {args.rounds} rounds, Python {sys.version.split()[0]}\n")
    print(
        "| family | rules | rulesets | engine rules | stack bound | load+compile+register s "
        "| durable matches/s "
        "| closure loop matches/s | ratio (median, range) | whole prescribe()/s (median, range) "
        "| whole prescribe() ÷ match alone | of which µs: profile, match, rank+explain | fired/profile "
        "| durable mismatches vs reference "
        "| profiles where the two-valued loop differs |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n, family in ((int(x), f) for x in args.sizes.split(",") for f in families):
            r = bench_size(n, profiles[family], args.rounds, Path(tmp), family)
            lo, hi = r["ratio_range"]
            print(
                f"| {family} | {r['rules']:,} | {r['rulesets']} | {r['engine_rules']:,} | {r['stack']} "
                f"| {r['load_s']:.2f} | {r['durable']:,.0f} | {r['loop']:,.0f} "
                f"| **{r['ratio']:.2f}×** ({lo:.2f}–{hi:.2f}) "
                f"| {r['prescribe']:,.0f} ({r['prescribe_range'][0]:,.0f}–{r['prescribe_range'][1]:,.0f}) "
                f"| {r['of_match']:.2f} | {' / '.join(f'{x:,.0f}' for x in r['stages'])} "
                f"| {r['fired']:.1f} | {r['mismatches']} "
                f"| {r['loop_differs']} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
